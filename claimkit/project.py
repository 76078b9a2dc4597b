"""A claims project: where it is, how it is configured, and how its families are imported.

A claims project is a directory holding ``theorems/`` and ``checks/`` (and usually ``fixtures/`` and
``tests/claims.toml``), marked by a ``[tool.claimkit]`` table in its ``pyproject.toml`` or found by
that convention alone. Its folders are *not* installed and *not* put on ``sys.path``: they are
imported as subpackages of one synthetic package, :data:`PROJECT_PACKAGE`, whose path is the
project's root. So ``theorems/ghosts/claims.py`` is the module ``claimkit_project.theorems.ghosts.claims``,
and a project's own ``fixtures/`` can never collide with an installed package of that name.

Inside the project, modules import each other relatively (``from ...fixtures import models``) or
through :data:`PROJECT_PACKAGE`; the project's tests import ``claimkit_project.theorems.<family>…``
after :func:`mount`.

A family is a package, ``theorems/<family>/`` with its checks in ``checks/<family>/``; every claim id
starts with ``<family>.``. Loading imports every module of every family (no list to edit), family by
family; a family whose modules fail to import, or whose declarations are inconsistent, gets the
``error`` verdict for all its claims, with the file and line of the mistake, and the others still run.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.machinery
import importlib.util
import os
import pkgutil
import re
import sys
import tomllib
import traceback
import types
from pathlib import Path
from typing import Any

from .conformance import unmet_requirements
from .model import REGISTRY, Claim, ClaimDefinitionError, Registry, relative_site

__all__ = [
    "PROJECT_PACKAGE",
    "Project",
    "ProjectError",
    "find_project",
    "project_at",
    "load_project",
    "mount",
]

#: The import name of the claims project (the synthetic package whose path is the project's root).
PROJECT_PACKAGE = "claimkit_project"

_FAMILY_RE = re.compile(r"[a-z][a-z0-9_]*")

#: The keys ``[tool.claimkit]`` accepts, with what they mean.
CONFIG_KEYS = {
    "reports": "directory for results.json and the report, relative to the project (default: reports)",
}


class ProjectError(Exception):
    """No usable claims project: the message says what is missing and how to fix it."""


@dataclasses.dataclass(frozen=True)
class Project:
    """A claims project on disk."""

    root: Path
    #: The pyproject.toml holding ``[tool.claimkit]``, or None when the project was found by convention.
    config_file: Path | None
    reports: Path

    @property
    def claims_file(self) -> Path:
        """The pytest glue: a ``claims.toml`` that pytest collects as one test per claim piece."""
        return self.root / "tests" / "claims.toml"


def read_config(pyproject: Path) -> dict[str, Any] | None:
    """The ``[tool.claimkit]`` table of ``pyproject`` (None if it has none), validated."""
    try:
        with open(pyproject, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"{pyproject} is not valid TOML: {exc}") from exc
    table = data.get("tool", {}).get("claimkit")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ProjectError(f"{pyproject}: [tool.claimkit] must be a table")
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        known = "; ".join(f"{k}: {v}" for k, v in CONFIG_KEYS.items())
        raise ProjectError(f"{pyproject}: unknown key(s) {', '.join(unknown)} in [tool.claimkit] (known: {known})")
    reports = table.get("reports", "reports")
    if not isinstance(reports, str) or not reports.strip():
        raise ProjectError(f"{pyproject}: [tool.claimkit] reports must be a non-empty path string")
    return dict(table)


def _project_at(directory: Path) -> Project | None:
    pyproject = directory / "pyproject.toml"
    config = read_config(pyproject) if pyproject.is_file() else None
    if config is not None:
        return Project(directory, pyproject, directory / config.get("reports", "reports"))
    if (directory / "theorems").is_dir() and (directory / "checks").is_dir():
        return Project(directory, None, directory / "reports")
    return None


def project_at(root: Path) -> Project:
    """The claims project whose root is ``root`` (no search upwards)."""
    root = Path(root).resolve()
    project = _project_at(root) if root.is_dir() else None
    if project is None:
        raise ProjectError(f"{root} is not a claimkit project: it needs a [tool.claimkit] table in its "
                           "pyproject.toml, or theorems/ and checks/ directories (run `claimkit init` there)")
    return project


def find_project(start: Path | None = None) -> Project:
    """The nearest claims project at or above ``start`` (default: the working directory).

    A project is a directory whose pyproject.toml has a ``[tool.claimkit]`` table, or (by convention)
    one holding both ``theorems/`` and ``checks/``. ``CLAIMKIT_ROOT`` names the project directly.
    """
    env = os.environ.get("CLAIMKIT_ROOT")
    if env:
        try:
            return project_at(Path(env))
        except ProjectError as exc:
            raise ProjectError(f"CLAIMKIT_ROOT={env}: {exc}") from None
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        project = _project_at(candidate)
        if project is not None:
            return project
    raise ProjectError(
        f"no claimkit project at or above {here}: run `claimkit init` to make one here, run from inside a "
        "project (a directory whose pyproject.toml has a [tool.claimkit] table), or set CLAIMKIT_ROOT"
    )


# -- importing the project ----------------------------------------------------------------------------


def mount(project: Project) -> types.ModuleType:
    """Make the project importable as :data:`PROJECT_PACKAGE` (idempotent; one project per process)."""
    root = project.root.resolve()
    existing = sys.modules.get(PROJECT_PACKAGE)
    if existing is not None:
        mounted = [Path(p).resolve() for p in getattr(existing, "__path__", [])]
        if mounted != [root]:
            where = mounted[0] if mounted else getattr(existing, "__file__", "?")
            raise ProjectError(f"the claims project {where} is already loaded in this process; "
                               f"cannot also load {root}: run one project at a time")
        return existing
    installed = importlib.util.find_spec(PROJECT_PACKAGE)
    if installed is not None:
        where = installed.origin or installed.submodule_search_locations
        raise ProjectError(f"an importable package named {PROJECT_PACKAGE!r} ({where}) collides with the name "
                           "claimkit gives the claims project: uninstall it or remove it from sys.path")
    spec = importlib.machinery.ModuleSpec(PROJECT_PACKAGE, None, is_package=True)
    spec.submodule_search_locations = [str(root)]
    module = importlib.util.module_from_spec(spec)
    module.__doc__ = f"The claims project at {root} (mounted by claimkit)."
    sys.modules[PROJECT_PACKAGE] = module
    return module


#: The folders of a project that hold one package per family.
FAMILY_FOLDERS = ("theorems", "checks")


def discover_families(project: Project) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The families of ``project`` ({family: its packages to import}) and what is laid out wrong
    ({``folder.name``: why}): a family is a package ``theorems/<family>/`` with its checks in ``checks/<family>/``."""
    families: dict[str, list[str]] = {}
    problems: dict[str, str] = {}
    for folder in FAMILY_FOLDERS:
        base = project.root / folder
        if not base.is_dir():
            continue
        for entry in sorted(base.iterdir()):
            rel, key = f"{folder}/{entry.name}", f"{folder}.{entry.name.removesuffix('.py')}"
            if entry.name.startswith(("_", ".")):
                continue
            if entry.is_file() and entry.suffix == ".py":
                problems[key] = (f"{rel}: a family is a package: move this module into {folder}/{entry.stem}/ "
                                 "(split by role, see `claimkit new`)")
            elif entry.is_dir() and not (entry / "__init__.py").is_file():
                if any(entry.glob("*.py")):
                    problems[key] = f"{rel}/ holds modules but no __init__.py: a family is a package; add one"
            elif entry.is_dir():
                if not _FAMILY_RE.fullmatch(entry.name):
                    problems[key] = (f"{rel}/: a family name is a lower-case identifier (its claim ids start with "
                                     "it); rename the package")
                    continue
                families.setdefault(entry.name, []).append(f"{PROJECT_PACKAGE}.{folder}.{entry.name}")
    for family in [f for f, packages in families.items() if not packages[0].startswith(f"{PROJECT_PACKAGE}.theorems.")]:
        problems[f"checks.{family}"] = (f"checks/{family}/ has no family theorems/{family}/ to check: "
                                        "declare its claims there, or rename the package")
        del families[family]
    return families, problems


def _modules_of(package: str) -> list[str]:
    """``package`` and every module under it (imported on the way, depth first, sorted by name); modules
    whose name starts with ``_`` are skipped, as in any package's public API."""
    module = importlib.import_module(package)
    names = [package]
    for info in sorted(pkgutil.iter_modules(getattr(module, "__path__", [])), key=lambda i: i.name):
        if not info.name.startswith("_"):
            names += _modules_of(f"{package}.{info.name}")
    return names


def user_traceback(exc: BaseException) -> str:
    """The traceback of an exception raised while importing a project module, without importlib's frames
    and claimkit's loader: it ends with the user's file and line."""
    te = traceback.TracebackException.from_exception(exc)
    here, machinery = Path(__file__).resolve(), Path(importlib.__file__).resolve().parent
    frames = [f for f in te.stack if not f.filename.startswith("<frozen importlib")
              and Path(f.filename).resolve() != here and not Path(f.filename).resolve().is_relative_to(machinery)]
    te.stack = traceback.StackSummary.from_list(frames)
    return "".join(te.format())


def _import_family(registry: Registry, root: Path, family: str, packages: list[str]) -> None:
    """Import the family's packages and every module in them; the first failure is the family's error.

    A family whose ``theorems/NAME/__init__.py`` sets ``REQUIRES`` (pinned distributions, as
    ``"adamp==0.3.0"``) is imported no further where one of them is missing: it is listed in
    ``registry.unavailable`` with the reason, and its claims are not declared."""
    try:
        head = importlib.import_module(packages[0])
        requires = getattr(head, "REQUIRES", ())
        if isinstance(requires, str) or not all(isinstance(r, str) for r in requires):
            raise TypeError(f"{packages[0]}.REQUIRES must be a tuple of pinned requirements such as "
                            f"('adamp==0.3.0',), got {requires!r}")
        unmet = unmet_requirements(requires)
    except (Exception, SystemExit) as exc:
        text = exc.located(root) if isinstance(exc, ClaimDefinitionError) else user_traceback(exc)
        registry.load_errors[packages[0].removeprefix(f"{PROJECT_PACKAGE}.")] = text
        registry.family_errors.setdefault(family, text)
        return
    if requires:
        registry.requires[family] = tuple(requires)
    if unmet:
        registry.unavailable[family] = "needs " + ", ".join(unmet)
        return
    for module in packages:
        try:
            _modules_of(module)
        except (Exception, SystemExit) as exc:
            # SystemExit too: a module calling sys.exit() at import fails alone, not the whole run.
            text = exc.located(root) if isinstance(exc, ClaimDefinitionError) else user_traceback(exc)
            registry.load_errors[module.removeprefix(f"{PROJECT_PACKAGE}.")] = text
            registry.family_errors.setdefault(family, text)
            return


def load_project(project: Project) -> Registry:
    """Import every family of ``project`` once (theorems, then checks, family by family); return the registry.

    Declarations that cannot be right are reported at load time, with their file and line: a mutant
    target naming no check, a ``refined_by`` naming no claim, a claim id outside its family, a check
    declared for another family's claim.
    """
    if REGISTRY.loaded_root is not None:
        if REGISTRY.loaded_root != project.root.resolve():
            raise ProjectError(f"claims already loaded from {REGISTRY.loaded_root}; cannot also load {project.root}")
        return REGISTRY
    mount(project)
    REGISTRY.loaded_root = project.root.resolve()
    for folder in FAMILY_FOLDERS:
        if not (project.root / folder / "__init__.py").is_file():
            REGISTRY.load_errors[folder] = (f"{folder}/__init__.py is missing: {project.root / folder} must be a "
                                            "package (run `claimkit init` to add what is missing)")
    families, problems = discover_families(project)
    REGISTRY.load_errors.update(problems)
    if all(REGISTRY.load_errors.get(folder) is None for folder in FAMILY_FOLDERS):
        for family, packages in sorted(families.items()):
            _import_family(REGISTRY, project.root, family, packages)
    for family, message in validate_declarations(REGISTRY, project.root).items():
        REGISTRY.family_errors.setdefault(family, message)
        REGISTRY.load_errors.setdefault(f"theorems.{family}", message)
    return REGISTRY


def _family_of_path(path: str, root: Path, folder: str) -> str | None:
    """``F`` when ``path`` lies in the family package ``root/folder/F/``."""
    try:
        rel = Path(path).resolve().relative_to(root / folder)
    except ValueError:
        return None
    return rel.parts[0] if len(rel.parts) > 1 else None


def validate_declarations(registry: Registry, root: Path) -> dict[str, str]:
    """Cross-references and placement of every declaration in the project: {family: its problems, one a line,
    each led by the file and line of the declaration}."""
    root = root.resolve()
    problems: dict[str, list[str]] = {}

    def report(claim: Claim, site: tuple[str, int] | None, message: str) -> None:
        problems.setdefault(claim.family, []).append(f"{relative_site(site, root)}: {message}")

    for claim in registry.claims.values():
        declared_in = _family_of_path(claim.defined_at[0], root, "theorems") if claim.defined_at else None
        if claim.defined_at and Path(claim.defined_at[0]).resolve().is_relative_to(root):
            if declared_in is None:
                report(claim, claim.defined_at, f"claim {claim.id} is declared outside theorems/: declare claims "
                                                f"in theorems/{claim.family}/")
            elif declared_in != claim.family:
                report(claim, claim.defined_at, f"claim id {claim.id!r} is outside its family {declared_in!r}: "
                                                f"ids declared in theorems/{declared_in}/ start with '{declared_in}.'")
        if claim.implementation is not None and claim.implementation.requirement not in registry.requires.get(
                claim.family, ()):
            report(claim, claim.defined_at, f"claim {claim.id} runs against {claim.implementation.requirement}: "
                                            f"add it to REQUIRES in theorems/{claim.family}/__init__.py, so that "
                                            "runs without it leave the family out instead of failing")
        for check in claim.checks:
            code = getattr(check.fn, "__code__", None)
            if code is None or check.reused_from is not None:
                continue
            in_family = _family_of_path(code.co_filename, root, "checks")
            if in_family is not None and in_family != claim.family:
                report(claim, (code.co_filename, code.co_firstlineno),
                       f"check {check.name!r} in checks/{in_family}/ is attached to {claim.id}, a claim of "
                       f"family {claim.family!r}: put it in checks/{claim.family}/")
        check_names = [c.name for c in claim.checks]
        for mutant in claim.mutants:
            for target in mutant.targets or ():
                if target not in check_names:
                    known = ", ".join(check_names) or "none"
                    report(claim, mutant.defined_at,
                           f"mutant {mutant.name!r} of {claim.id} targets {target!r}, which is not a check of "
                           f"the claim (its checks: {known})")
        if claim.refined_by is not None and claim.refined_by not in registry.claims:
            import difflib

            close = difflib.get_close_matches(claim.refined_by, list(registry.claims), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            report(claim, claim.defined_at, f"{claim.id} has refined_by={claim.refined_by!r}, which names no "
                                            f"claim{hint}")
    for claim in registry.claims.values():  # refined_by chains must end
        seen = [claim.id]
        nxt = claim.refined_by
        while nxt is not None and nxt in registry.claims:
            if nxt in seen:
                report(claim, claim.defined_at, f"refined_by forms a cycle: {' -> '.join([*seen, nxt])}")
                break
            seen.append(nxt)
            nxt = registry.claims[nxt].refined_by
    return {family: "\n".join(lines) for family, lines in problems.items()}
