"""What claimkit/_hypothesis.py relies on, pinned against the hypothesis that is installed.

One test per function of that module, and one that runs a check end to end. Run them with the oldest
and the newest hypothesis that pyproject.toml allows: a release that changes one of these private
behaviours fails here, by name, before it changes a verdict.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from claimkit import Claim, Paper
from claimkit._hypothesis import (
    LOCAL_CONSTANTS_SINCE,
    database_key_of,
    fixed_constant_pool,
    set_database_key,
    set_extra_digest,
)
from claimkit.profiles import resolve_profile
from claimkit.runner import run_check

#: Whether the installed release draws literals from the source of local modules ("local constants").
HAS_LOCAL_CONSTANTS = hypothesis.__version_info__ >= LOCAL_CONSTANTS_SINCE

#: Settings of every hypothesis test here: no deadline, no health check, nothing printed, and random
#: generation even under CI=true (whose hypothesis profile derandomizes).
QUIET: dict[str, Any] = dict(deadline=None, derandomize=False, print_blob=False, verbosity=Verbosity.quiet,
                             suppress_health_check=list(HealthCheck), report_multiple_bugs=False)


def failing_test(database: DirectoryBasedExampleDatabase, seen: list[int]) -> Any:
    """A ``@given`` test that fails for x ≥ 1000 (shrunk: exactly 1000) and records what it tried."""

    @settings(database=database, max_examples=100, phases=[Phase.reuse, Phase.generate, Phase.shrink], **QUIET)
    @given(st.integers(0, 10**6))
    def test(x: int) -> None:
        seen.append(x)
        assert x < 1000

    return test


def import_local_module(directory: Path, name: str, source: str) -> ModuleType:
    """Write ``source`` to ``directory/name.py`` and import it: a module of the project, not installed.

    It stays in sys.modules: hypothesis notices new modules by the length of sys.modules, so removing
    one before another test adds its own could hide the second one.
    """
    path = directory / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def draws(strategy: st.SearchStrategy[Any], n: int = 300) -> list[Any]:
    """``n`` values drawn by a plain ``@given`` test with a fixed seed (the same values every call)."""
    seen: list[Any] = []

    @hypothesis.seed(20260101)
    @settings(database=None, max_examples=n, phases=[Phase.generate], **QUIET)
    @given(strategy)
    def collect(value: Any) -> None:
        seen.append(value)

    collect()
    return seen


# -- set_database_key ---------------------------------------------------------------------------------


#: The failing test above, as a pytest module, with the database and the key from the environment.
FAILING_TEST_MODULE = """
import os
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from claimkit._hypothesis import set_database_key

@settings(database=DirectoryBasedExampleDatabase(os.environ["COMPAT_DATABASE"]), max_examples=100,
          phases=[Phase.reuse, Phase.generate, Phase.shrink], deadline=None, derandomize=False,
          suppress_health_check=list(HealthCheck))
@given(st.integers(0, 10**6))
def test_fails_from_1000(x):
    assert x < 1000

set_database_key(test_fails_from_1000, os.environ["COMPAT_KEY"].encode())
"""


@pytest.mark.parametrize("seeding", ["unseeded", "--hypothesis-seed", "@seed"])
def test_set_database_key_saves_the_failure_under_that_key_and_replays_it_first(tmp_path: Path, seeding: str):
    """A failure is saved under the key set (also under --hypothesis-seed) and replayed first; @seed saves none."""
    path = tmp_path / "db"
    database = DirectoryBasedExampleDatabase(str(path))
    key = b"claimkit-compat.set-database-key"

    def make(seen: list[int], seed: int | None = None) -> Any:
        test = failing_test(database, seen)
        set_database_key(test, key)
        return test if seed is None else hypothesis.seed(seed)(test)

    first: list[int] = []
    if seeding == "--hypothesis-seed":  # how pytest runs the fuzzing targets with a forced seed
        (tmp_path / "test_forced_seed.py").write_text(FAILING_TEST_MODULE)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CLAIMKIT_"))}
        env.update(COMPAT_DATABASE=str(path), COMPAT_KEY=key.decode())
        proc = subprocess.run([sys.executable, "-m", "pytest", "test_forced_seed.py", "-q", "-p", "no:cacheprovider",
                               "-p", "no:claimkit", "--hypothesis-seed=1234"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1 and "1 failed" in proc.stdout, proc.stdout + proc.stderr
    else:
        with pytest.raises(AssertionError):
            make(first, 1234 if seeding == "@seed" else None)()
        assert first[-1] == 1000  # shrunk

    if seeding == "@seed":
        # hypothesis.seed sets database=None: nothing is saved or replayed, whatever the key (which is
        # why claimkit replays saved failures in an unseeded pass of their own).
        assert [p for p in path.rglob("*") if p.is_file()] == []
        second: list[int] = []
        with pytest.raises(AssertionError):
            make(second, 1234)()
        assert second == first
        return
    assert len(list(database.fetch(key))) == 1
    assert list(database.fetch(database_key_of(make([])))) == []  # not under hypothesis's own key
    second = []
    with pytest.raises(AssertionError):
        make(second)()
    assert second[0] == 1000


# -- set_extra_digest / database_key_of ----------------------------------------------------------------


def test_database_key_of_changes_with_the_extra_digest_and_is_the_key_hypothesis_saves_under(tmp_path: Path):
    """database_key_of follows the extra digest and is the key hypothesis itself saves a test's failure under."""
    database = DirectoryBasedExampleDatabase(str(tmp_path / "db"))
    plain, a, a_again, b = (failing_test(database, []) for _ in range(4))
    set_extra_digest(a, b"fuzz/test_fuzz_claims.py::test_a")
    set_extra_digest(a_again, b"fuzz/test_fuzz_claims.py::test_a")
    set_extra_digest(b, b"fuzz/test_fuzz_claims.py::test_b")
    keys = [database_key_of(test) for test in (plain, a, b)]
    assert len(set(keys)) == 3
    assert database_key_of(a_again) == keys[1]

    for test in (plain, a, b):  # no key set: hypothesis computes its own
        with pytest.raises(AssertionError):
            test()
    assert [len(list(database.fetch(key))) for key in keys] == [1, 1, 1]


# -- fixed_constant_pool ---------------------------------------------------------------------------------

#: Literals of a local module, and strategies whose narrow bounds permit them and none of hypothesis's
#: own constants: hypothesis draws a constant only from those the bounds permit, so with the module
#: imported (outside fixed_constant_pool) about one integer draw in 20 and one float draw in 7 is the
#: literal; without it, a draw hits the integer with odds of one in a million and the float never.
POOL_INT, POOL_FLOAT = 987654321, 0.123456789
POOL_DRAWS = st.tuples(st.integers(987_000_000, 988_000_000), st.floats(0.1234, 0.1235))


def test_fixed_constant_pool_keeps_literals_of_local_modules_out_of_the_draws(tmp_path: Path):
    """Inside the context no draw is a local module's literal; outside, releases with local constants draw it."""
    import_local_module(tmp_path, "compat_literals_pool", f"N = {POOL_INT}\nX = {POOL_FLOAT!r}\n")
    outside = draws(POOL_DRAWS)
    with fixed_constant_pool():
        inside = draws(POOL_DRAWS)
    after = draws(POOL_DRAWS)

    assert POOL_INT not in {n for n, _ in inside} and POOL_FLOAT not in {x for _, x in inside}
    if HAS_LOCAL_CONSTANTS:
        assert POOL_INT in {n for n, _ in outside} and POOL_FLOAT in {x for _, x in outside}, (
            f"hypothesis {hypothesis.__version__} did not draw the literals of {tmp_path} (is it a local "
            "directory to hypothesis: not under a 'test' or 'tests' directory, nor in site-packages?)")
        assert after == outside  # the pool is restored on leaving the context
    else:
        # No local constants on this release: the context changes nothing, and the draws show it.
        assert inside == outside == after
        assert POOL_INT not in {n for n, _ in outside}


# -- end to end ------------------------------------------------------------------------------------------

RUN_INT, RUN_FLOAT = 876543210, 0.876543219
RUN_GIVEN = {"n": st.integers(876_000_000, 877_000_000), "x": st.floats(0.8765, 0.8766)}


def test_run_check_draws_the_same_examples_whatever_was_imported_before(tmp_path: Path, registry_snapshot):
    """run_check draws the same examples and finds the same worst case before and after a local module is imported."""
    seen: list[tuple[int, float]] = []
    claim = Claim(id="compat.same_examples", paper=Paper(title="Compat", authors=("C. Ompat",), year=2026),
                  location="Eq. 1", statement="n and x stay below their bounds", kind="inequality",
                  expected="supported", subject=None)

    @claim.check(given=RUN_GIVEN, examples=300)
    def below_bounds(subject: Any, ev: Any, n: int, x: float) -> None:
        seen.append((n, x))
        ev.le(n, 877_000_000, what="n ≤ its bound")
        ev.le(x, 0.8766, what="x ≤ its bound")

    (spec,) = claim.checks
    profile = resolve_profile("ci", seed=0)
    plain_before = draws(st.fixed_dictionaries(RUN_GIVEN))
    before = run_check(claim, spec, claim.subject, profile)
    examples_before = list(seen)
    seen.clear()

    import_local_module(tmp_path, "compat_literals_run_check", f"N = {RUN_INT}\nX = {RUN_FLOAT!r}\n")
    plain_after = draws(st.fixed_dictionaries(RUN_GIVEN))
    after = run_check(claim, spec, claim.subject, profile)

    # The module matters to a plain hypothesis test (on releases with local constants) ...
    assert RUN_INT not in {case["n"] for case in plain_before}
    assert (RUN_INT in {case["n"] for case in plain_after}) is HAS_LOCAL_CONSTANTS
    assert (RUN_FLOAT in {case["x"] for case in plain_after}) is HAS_LOCAL_CONSTANTS
    # ... and not to run_check.
    assert before.outcome == after.outcome == "passed"
    assert seen == examples_before and len(seen) == before.examples == 300
    assert (after.examples, after.valid_examples, after.worst_case) == (
        before.examples, before.valid_examples, before.worst_case)
    assert RUN_INT not in {n for n, _ in seen} and RUN_FLOAT not in {x for _, x in seen}
