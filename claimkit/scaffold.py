"""``claimkit init`` (a claims project) and ``claimkit new NAME`` (a claim family in it).

``init`` creates what a project needs and is missing, and never changes a file that exists (an
existing pyproject.toml without a ``[tool.claimkit]`` table gets the table appended). ``new`` writes
a family as two packages, ``theorems/NAME/`` and ``checks/NAME/``, one role per module, holding a
worked example claim (a sympy derivation, a check against independent ground truth, a mutant and a
figure) that passes as generated. Nothing is overwritten; names that could not be a family are
refused with a message that says why.
"""

from __future__ import annotations

import datetime
import keyword
import re
from pathlib import Path
from string import Template

from .project import read_config

__all__ = ["ScaffoldError", "validate_name", "validate_arxiv", "init_project", "new_family"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
_ARXIV_RE = re.compile(r"\d{4}\.\d{4,5}")

#: What ``init`` creates (template, path in the project).
_PROJECT_FILES = (
    ("project/theorems/__init__.py.tmpl", "theorems/__init__.py"),
    ("project/checks/__init__.py.tmpl", "checks/__init__.py"),
    ("project/fixtures/__init__.py.tmpl", "fixtures/__init__.py"),
    ("project/tests/claims.toml.tmpl", "tests/claims.toml"),
    ("project/tests/conftest.py.tmpl", "tests/conftest.py"),
    ("project/gitignore.tmpl", ".gitignore"),
)


class ScaffoldError(ValueError):
    """The project or family cannot be created as asked; the message says why and what to do."""


def validate_name(name: str) -> str:
    """``name`` if it can name a family (a lower-case Python identifier, not a keyword), else raise."""
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise ScaffoldError(
            f"invalid family name {name!r}: use a lower-case Python identifier "
            "(letters a-z, digits and underscores, starting with a letter), e.g. 'adam_convergence'"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ScaffoldError(f"invalid family name {name!r}: it is a Python keyword; choose another name")
    return name


def validate_arxiv(arxiv: str | None) -> str | None:
    """A new-style arXiv id such as '2006.08217' (no version suffix), or None."""
    if arxiv is None:
        return None
    arxiv = arxiv.strip()
    for prefix in ("arXiv:", "arxiv:", "https://arxiv.org/abs/", "http://arxiv.org/abs/"):
        if arxiv.startswith(prefix):
            arxiv = arxiv[len(prefix):]
    arxiv = re.sub(r"v\d+$", "", arxiv)
    if not _ARXIV_RE.fullmatch(arxiv):
        raise ScaffoldError(f"invalid arXiv id {arxiv!r}: expected an id such as '2006.08217'")
    return arxiv


def _render(template: str, values: dict[str, str]) -> str:
    return Template((_TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


def _write_new(files: list[tuple[Path, str]]) -> list[Path]:
    """Create every file, never overwriting one; on a clash nothing written here is left behind."""
    written: list[Path] = []
    made_dirs: list[Path] = []
    try:
        for path, text in files:
            missing = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs += reversed(missing)
            with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
                fh.write(text)
            written.append(path)
    except FileExistsError as exc:
        for path in reversed(written):
            path.unlink()
        for directory in reversed(made_dirs):
            directory.rmdir()
        raise ScaffoldError(f"{exc.filename} appeared while scaffolding; refusing to overwrite it") from exc
    return written


def init_project(directory: Path) -> list[Path]:
    """Make ``directory`` (created if need be) a claims project; return the files created or changed."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} exists and is not a directory")
    directory.mkdir(parents=True, exist_ok=True)
    files = [(directory / rel, _render(template, {})) for template, rel in _PROJECT_FILES
             if not (directory / rel).exists()]
    written = _write_new(files)
    pyproject = directory / "pyproject.toml"
    if not pyproject.exists():
        written += _write_new([(pyproject, _render("project/pyproject.toml.tmpl", {}))])
    elif read_config(pyproject) is None:
        text = pyproject.read_text(encoding="utf-8")
        separator = "" if text.endswith("\n") or not text else "\n"
        with open(pyproject, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(separator + _render("project/claimkit_table.toml.tmpl", {}))
        written.append(pyproject)
    return written


def new_family(root: Path, name: str, arxiv: str | None = None, *, formula: bool = False) -> list[Path]:
    """Create ``theorems/NAME/`` and ``checks/NAME/`` under the project ``root``; return the files written.

    formula: the worked example is a formula claim (``claimkit.formula_claim``), whose checks, derivation
    and mutants are generated, instead of a claim with hand-written ones.
    """
    root = Path(root)
    name = validate_name(name)
    arxiv = validate_arxiv(arxiv)
    for package in ("theorems", "checks"):
        if not (root / package / "__init__.py").is_file():
            raise ScaffoldError(f"{root} is not a complete claimkit project: {package}/__init__.py is missing "
                                "(run `claimkit init` there to add what is missing)")
    existing = [p for package in ("theorems", "checks") for p in (root / package / name, root / package / f"{name}.py")
                if p.exists()]
    if existing:
        listed = ", ".join(p.relative_to(root).as_posix() for p in existing)
        raise ScaffoldError(f"the family {name!r} already exists ({listed}); refusing to overwrite it")
    values = {
        "name": name,
        "title": (f"arXiv:{arxiv}: replace with the paper's title" if arxiv
                  else "Replace with the paper's title"),
        "paper_ref": f"arXiv:{arxiv}" if arxiv else "the paper (replace with its title and arXiv id)",
        "arxiv": repr(arxiv),
        "year": str(datetime.date.today().year),
    }
    files = []
    kind = "formula_family" if formula else "family"
    for package in ("theorems", "checks"):
        for template in sorted((_TEMPLATES / kind / package).glob("*.py.tmpl")):
            target = root / package / name / template.name.removesuffix(".tmpl")
            files.append((target, _render(f"{kind}/{package}/{template.name}", values)))
    return _write_new(files)
