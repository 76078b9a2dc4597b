"""Shared set-up and helpers of the repository's own tests.

The claims project is importable as ``claimkit_project`` (its families, fixtures and libraries).
Fixtures:

- ``registry_snapshot`` (on every test): claims a test declares are removed afterwards;
- ``fresh_engine``: an engine with no project loaded (the repository's is set aside and restored);
- ``write_tree``: writes a dict of files under a directory;
- ``toy_project``: ``toy_project(root, expected_half=…, broken=…)`` writes the toy claims project
  (family ``toy``: three claims, one refuted) and returns its root;
- ``new_project``: ``new_project(root)`` makes a project as ``claimkit init`` does;
- ``run_clean``: ``run_clean(args, cwd, env=…, timeout=…)`` runs a command with no CLAIMKIT_ or
  PYTEST_ variable inherited from this run (``clean_environ(extra)``: that environment).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from claimkit.model import REGISTRY, Registry
from claimkit.project import PROJECT_PACKAGE, mount, project_at

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

mount(project_at(ROOT))


RegistryState = tuple[dict[str, Any], dict[str, str], dict[str, str], Path | None, dict[str, str], dict[str, Any]]


def _registry_state() -> RegistryState:
    return (dict(REGISTRY.claims), dict(REGISTRY.load_errors), dict(REGISTRY.family_errors), REGISTRY.loaded_root,
            dict(REGISTRY.unavailable), dict(REGISTRY.requires))


def _restore_registry(state: RegistryState) -> None:
    claims, load_errors, family_errors, loaded_root, unavailable, requires = state
    REGISTRY.clear()
    REGISTRY.claims.update(claims)
    REGISTRY.load_errors.update(load_errors)
    REGISTRY.family_errors.update(family_errors)
    REGISTRY.unavailable.update(unavailable)
    REGISTRY.requires.update(requires)
    REGISTRY.loaded_root = loaded_root


@pytest.fixture(autouse=True)
def registry_snapshot() -> Iterator[None]:
    """Claims (and load errors) a test declares are removed afterwards."""
    state = _registry_state()
    yield
    _restore_registry(state)


def _project_modules() -> dict[str, Any]:
    return {name: module for name, module in sys.modules.items()
            if name == PROJECT_PACKAGE or name.startswith(f"{PROJECT_PACKAGE}.")}


@pytest.fixture
def fresh_engine() -> Iterator[Registry]:
    """The engine as in a new process: no claims project mounted or loaded. Restored afterwards."""
    state, modules = _registry_state(), _project_modules()
    for name in modules:
        del sys.modules[name]
    REGISTRY.clear()
    importlib.invalidate_caches()
    try:
        yield REGISTRY
    finally:
        for name in _project_modules():
            del sys.modules[name]
        sys.modules.update(modules)
        _restore_registry(state)


@pytest.fixture
def write_tree() -> Callable[[Path, dict[str, str]], Path]:
    """``write_tree(root, {"theorems/x/claims.py": source, …})``: files written (dedented), parents created."""

    def write(root: Path, files: dict[str, str]) -> Path:
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return write


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without CLAIMKIT_ and PYTEST_ variables, plus ``extra``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMKIT_", "PYTEST_"))}
    return {**clean, **(extra or {})}


def run_command(args: list[str], cwd: Path, *, env: dict[str, str] | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a command in a clean environment (no CLAIMKIT_ or PYTEST_ variables but those in ``env``)."""
    return subprocess.run(args, cwd=cwd, env=clean_env(env), capture_output=True, text=True, timeout=timeout,
                          check=False)


TOY_THEOREMS = '''
"""A toy family for the engine's tests."""
from claimkit import Claim, Derivation, Paper
import sympy as sp

PAPER = Paper(title="Toy paper", authors=("T. Oy",), year=2026, arxiv="2601.00002")

def double(x):
    return 2 * x

DOUBLE = Claim(id="toy.double", paper=PAPER, location="Eq. 1", statement="double(x) = x + x",
               kind="identity", expected="proved", subject=double)
DOUBLE.mutant("triple", "3x instead of 2x", lambda x: 3 * x)

@DOUBLE.derivation("algebra")
def _(d: Derivation):
    x = sp.Symbol("x")
    d.close(2 * x, x + x)

SQUARE = Claim(id="toy.square_dominates", paper=PAPER, location="Eq. 2",
               statement="x² ≥ x for every real x", kind="inequality", expected="refuted",
               subject=lambda x: x * x >= x)

HALF = Claim(id="toy.half", paper=PAPER, location="Eq. 3", statement="half(x) = x/2",
             kind="identity", expected="EXPECTED_HALF", subject=lambda x: x / 2)
HALF.mutant("third", "x/3", lambda x: x / 3)
'''

TOY_CHECKS = '''
from fractions import Fraction
from hypothesis import strategies as st
from ...theorems.toy import claims as T

@T.DOUBLE.check(given={"x": st.integers(-1000, 1000)}, examples=30)
def matches_sum(subject, ev, x):
    """double(x) equals x + x."""
    ev.close(subject(x), x + x)

@T.SQUARE.check(given={"x": st.fractions(-3, 3)}, examples=60, confirm="exact")
def square_at_least_x(subject, ev, x):
    """x² ≥ x in exact rationals."""
    ev.that(bool(subject(x)), f"x² < x at x = {x}")

@T.HALF.check(given={"x": st.fractions(-10, 10)}, examples=30, precision="exact")
def matches_division(subject, ev, x):
    """half(x) · 2 = x exactly."""
    ev.close(subject(x) * 2, x)
'''

BROKEN_FAMILY = '''
"""A module that fails to import."""
raise ImportError("this module is broken on purpose")
'''


def make_toy_project(root: Path, *, expected_half: str = "supported", broken: bool = False) -> Path:
    """A claims project with one family, toy: theorems/toy/claims.py and checks/toy/core.py."""
    for package in ("theorems", "checks", "theorems/toy", "checks/toy", "tests"):
        (root / package).mkdir(parents=True)
        if package != "tests":
            (root / package / "__init__.py").write_text("")
    (root / "pyproject.toml").write_text("[tool.claimkit]\n")
    (root / "theorems" / "toy" / "claims.py").write_text(TOY_THEOREMS.replace("EXPECTED_HALF", expected_half))
    (root / "checks" / "toy" / "core.py").write_text(TOY_CHECKS)
    if broken:
        (root / "theorems" / "broken").mkdir()
        (root / "theorems" / "broken" / "__init__.py").write_text(BROKEN_FAMILY)
    (root / "tests" / "claims.toml").write_text("[claimkit]\n")
    return root


def make_new_project(root: Path) -> Path:
    """A new claims project, as `claimkit init` makes it."""
    from claimkit.scaffold import init_project

    init_project(root)
    return root


@pytest.fixture(scope="session")
def toy_project() -> Callable[..., Path]:
    return make_toy_project


@pytest.fixture(scope="session")
def new_project() -> Callable[[Path], Path]:
    return make_new_project


@pytest.fixture(scope="session")
def run_clean() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_command


@pytest.fixture(scope="session")
def clean_environ() -> Callable[..., dict[str, str]]:
    """``clean_environ(extra)``: this process's environment without CLAIMKIT_ or PYTEST_ variables, plus ``extra``."""
    return clean_env
