"""Every claimkit check as a plain hypothesis test, for long fuzzing runs (HypoFuzz) and pytest-xdist.

The tests share one example database with claimkit runs, under the same per-check keys: a failure
a fuzzing run finds is saved there, and the next ``claimkit run`` / ``pytest`` replays it first
(the ci profile reads the database without writing to it).

Checks of claims expected refuted or conditional fail by design (they hold the counterexamples): their
targets are marked xfail, which HypoFuzz skips and pytest reports as expected failures, so a failure
in what remains is news.

Usage (see the README, "Fuzzing"): ``pip install -e '.[fuzz]'`` then ``hypothesis fuzz -- fuzz/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from ._hypothesis import database_key_of, set_database_key, set_extra_digest
from .evidence import Evidence
from .model import CheckSpec, Claim
from .project import find_project, load_project, project_at

__all__ = ["database_dir", "database_key", "fuzz_targets", "make_target"]

#: The fuzzing module, relative to the project root (its pytest node ids enter the database keys).
FUZZ_MODULE = "fuzz/test_fuzz_claims.py"

#: Expected verdicts whose checks fail by design: their targets are marked xfail.
EXPECTED_TO_FAIL = ("refuted", "conditional")

#: Health checks that small numerical checks trip legitimately (HypoFuzz refuses tests that suppress
#: the others, such as nested_given).
SUPPRESSED = [HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.too_slow,
              HealthCheck.large_base_example]


def database_dir(root: Path) -> Path:
    """Where the shared example database lives: ``CLAIMKIT_DATABASE`` or ``<root>/.hypothesis/claimkit``."""
    env = os.environ.get("CLAIMKIT_DATABASE")
    return Path(env).resolve() if env else root / ".hypothesis" / "claimkit"


def make_target(claim: Claim, spec: CheckSpec) -> Callable[..., None]:
    """One check as a plain ``@given`` test of the claim's subject."""

    @settings(max_examples=spec.examples * spec.thorough_factor)
    @given(st.fixed_dictionaries(dict(spec.given or {})))
    def test(case: dict[str, Any]) -> None:
        spec.fn(claim.subject, Evidence(targeting=False), **case)

    # Part of the test's digest, hence of its database key. HypoFuzz sets it to the pytest node id,
    # so claimkit uses that same node id: the target's name in the project's fuzzing module.
    set_extra_digest(test, f"{FUZZ_MODULE}::{target_name(claim, spec)}".encode())
    return test


def target_name(claim: Claim, spec: CheckSpec) -> str:
    return f"test_{claim.id.replace('.', '__')}__{spec.name}"


def database_key(claim: Claim, spec: CheckSpec) -> bytes:
    """The key under which hypothesis and HypoFuzz save this check's failures (the target's digest)."""
    return database_key_of(make_target(claim, spec))


def fuzz_targets(root: Path | None = None) -> dict[str, Callable[[], None]]:
    """``test_<claim>__<check>`` functions, one per generated check, ready for pytest collection."""
    project = project_at(root) if root is not None else find_project()
    root = project.root
    registry = load_project(project)
    # The shared database becomes hypothesis's default (HypoFuzz fuzzes only tests that use the default).
    # derandomize=False explicitly: hypothesis's own profile under CI=true derandomizes, and
    # HypoFuzz refuses derandomized tests (fuzzing is random search).
    settings.register_profile("claimkit-fuzz", database=DirectoryBasedExampleDatabase(database_dir(root)),
                              deadline=None, suppress_health_check=SUPPRESSED, derandomize=False)
    settings.load_profile("claimkit-fuzz")
    targets: dict[str, Callable[[], None]] = {}
    for claim in sorted(registry.claims.values(), key=lambda c: c.id):
        for spec in claim.checks:
            if spec.given is None:
                continue
            test = make_target(claim, spec)
            # explicit, so that runs with a forced seed (--hypothesis-seed) still save their failures
            set_database_key(test, database_key_of(test))
            name = target_name(claim, spec)
            test.__name__ = test.__qualname__ = name
            if claim.expected in EXPECTED_TO_FAIL:
                test = pytest.mark.xfail(
                    reason=f"{claim.id} is expected {claim.expected}: this check holds its counterexample",
                    strict=False)(test)
            targets[name] = test
    return targets
