"""Shared set-up of the repository's own tests.

The claims project is importable as ``claimkit_project`` (its families, fixtures and libraries), and
claims a test declares are removed from the registry after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimkit.model import REGISTRY
from claimkit.project import mount, project_at

ROOT = Path(__file__).resolve().parent.parent

mount(project_at(ROOT))


@pytest.fixture
def registry_snapshot() -> Iterator[None]:
    """Claims (and load errors) a test declares are removed afterwards."""
    claims, load_errors, family_errors = dict(REGISTRY.claims), dict(REGISTRY.load_errors), dict(REGISTRY.family_errors)
    yield
    REGISTRY.claims.clear()
    REGISTRY.claims.update(claims)
    REGISTRY.load_errors.clear()
    REGISTRY.load_errors.update(load_errors)
    REGISTRY.family_errors.clear()
    REGISTRY.family_errors.update(family_errors)
