"""Shared set-up and helpers of the repository's own tests.

The claims project is importable as ``claimkit_project`` (its families, fixtures and libraries).
Fixtures: ``registry_snapshot`` removes the claims a test declares; ``fresh_engine`` gives a test an
engine with no project loaded (the repository's is set aside and restored), for loader tests;
``write_tree`` writes a dict of files under a directory.
"""

from __future__ import annotations

import importlib
import os
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


RegistryState = tuple[dict[str, Any], dict[str, str], dict[str, str], Path | None]


def _registry_state() -> RegistryState:
    return dict(REGISTRY.claims), dict(REGISTRY.load_errors), dict(REGISTRY.family_errors), REGISTRY.loaded_root


def _restore_registry(state: RegistryState) -> None:
    claims, load_errors, family_errors, loaded_root = state
    REGISTRY.clear()
    REGISTRY.claims.update(claims)
    REGISTRY.load_errors.update(load_errors)
    REGISTRY.family_errors.update(family_errors)
    REGISTRY.loaded_root = loaded_root


@pytest.fixture
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
