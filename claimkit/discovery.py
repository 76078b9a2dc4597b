"""Finding the project root and importing every theorem and check module under it.

A module that fails to import is recorded, not raised: its family's claims get the ``error``
verdict and every other family still runs.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback
from pathlib import Path

from .model import REGISTRY, Registry

__all__ = ["find_root", "load_claims", "PACKAGES"]

PACKAGES = ("theorems", "checks")
_loaded_root: Path | None = None


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above ``start`` (default: cwd) holding ``theorems/`` and ``checks/``.

    ``CLAIMKIT_ROOT`` overrides the search.
    """
    env = os.environ.get("CLAIMKIT_ROOT")
    if env:
        root = Path(env).resolve()
        if not (root / "theorems").is_dir():
            raise FileNotFoundError(f"CLAIMKIT_ROOT={env} has no theorems/ directory")
        return root
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "theorems").is_dir() and (candidate / "checks").is_dir():
            return candidate
    raise FileNotFoundError(
        f"no claimkit project at or above {here}: expected directories theorems/ and checks/ "
        "(run from the project, or set CLAIMKIT_ROOT)"
    )


def load_claims(root: Path) -> Registry:
    """Import ``theorems/*.py`` then ``checks/*.py`` under ``root`` once; return the registry."""
    global _loaded_root
    root = root.resolve()
    if _loaded_root is not None:
        if _loaded_root != root:
            raise RuntimeError(f"claims already loaded from {_loaded_root}; cannot also load {root}")
        return REGISTRY
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    for package in PACKAGES:
        existing = sys.modules.get(package)
        if existing is not None and getattr(existing, "__file__", None):
            where = Path(existing.__file__).resolve().parent.parent
            if where != root:
                raise RuntimeError(
                    f"the package {package!r} is already imported from {where}, not from {root}: "
                    "run from one project at a time"
                )
    _loaded_root = root
    for package in PACKAGES:
        pkg_dir = root / package
        if not (pkg_dir / "__init__.py").exists():
            REGISTRY.load_errors[package] = f"{pkg_dir}/__init__.py is missing"
            continue
        pkg = importlib.import_module(package)
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if info.name.startswith("_"):
                continue
            module = f"{package}.{info.name}"
            try:
                importlib.import_module(module)
            except Exception:
                tb = traceback.format_exc(limit=8)
                REGISTRY.load_errors[module] = tb
                REGISTRY.family_errors.setdefault(info.name, tb)
    return REGISTRY
