"""The pytest plugin and the CLI on a small throw-away project, run in subprocesses."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy  # noqa: F401  (imported before any in-process run: see the toy fixture)
import pytest

import claimkit.runner  # noqa: F401  (with hypothesis and sympy, before any in-process run: see the toy fixture)


def pytest_cmd(*extra: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider", *extra]


def verdicts(path: Path) -> dict[str, str]:
    return {c["id"]: c["verdict"] for c in json.loads(path.read_text())["claims"]}


@pytest.fixture
def toy(pytester: pytest.Pytester, fresh_engine: Any, monkeypatch: pytest.MonkeyPatch,
        toy_project: Callable[..., Path]) -> Callable[..., Any]:
    """``toy(**toy_project options)(*pytest args)``: the toy project in a fresh directory, run by pytest
    in this process (no subprocess: the claims run exactly as under ``pytest tests/claims.toml``).

    pytester unloads the modules an in-process run imported; numpy cannot be imported twice in one
    process, and a strategy made by a second import of hypothesis is not one to the first import's
    runner, so this module imports numpy and the runner (hypothesis with it) before any run: the plugin
    imports the runner only when a run first needs it."""
    for name in list(os.environ):
        if name.startswith(("CLAIMKIT_", "PYTEST_")):
            monkeypatch.delenv(name)
    def make(**options: Any) -> Callable[..., pytest.RunResult]:
        toy_project(pytester.path, **options)

        def run_claims(*args: str) -> pytest.RunResult:
            return pytester.runpytest_inprocess("tests/claims.toml", "-p", "no:cacheprovider", *args)

        return run_claims

    return make


def test_test_ids_read_like_the_claims(toy: Callable[..., Any], pytester: pytest.Pytester):
    """Each claim piece is one test whose id names the claim, the kind and the piece."""
    out = "\n".join(toy()("--collect-only", "-q").outlines)
    for node in ("toy.double::derivation::algebra", "toy.double::check::matches_sum",
                 "toy.double::mutant::triple", "toy.double::verdict"):
        assert f"tests/claims.toml::{node}" in out, out


def test_verbose_output_shows_the_node_ids_as_they_are(toy: Callable[..., Any]):
    """pytest -v prints each claim piece under its node id, dots in the claim id kept."""
    result = toy()("-v", "--claim", "toy.double")
    assert "tests/claims.toml::toy.double::check::matches_sum PASSED" in result.stdout.str()
    assert "tests/claims.toml::toy.double::verdict PASSED" in result.stdout.str()


def test_green_run_writes_results_and_index(toy: Callable[..., Any], pytester: pytest.Pytester):
    """A run whose verdicts are as expected passes and writes results.json and index.md."""
    result = toy()()
    assert result.ret == 0, result.stdout.str()
    results = pytester.path / "reports" / "results.json"
    assert verdicts(results) == {"toy.double": "proved", "toy.half": "supported",
                                 "toy.square_dominates": "refuted"}
    data = json.loads(results.read_text())
    refuted = next(c for c in data["claims"] if c["id"] == "toy.square_dominates")
    cx = refuted["checks"][0]["counterexample"]
    assert cx["confirmed"] and 0 < Fraction(cx["inputs"]["x"]["value"]) < 1
    assert "claimkit verdicts" in result.stdout.str()
    assert (pytester.path / "reports" / "index.md").exists()


def test_a_run_freezes_the_collected_objects_and_leaves_the_collector_as_it_found_it(
        toy: Callable[..., Any], pytester: pytest.Pytester):
    """While claims run, the objects alive after collection are frozen, the first generation's
    threshold is raised and BLAS runs on one thread; after the run the process is as it was."""
    import gc

    from threadpoolctl import threadpool_info

    from claimkit.pytest_plugin import GC_FIRST_GENERATION

    seen: list[tuple[int, int, int]] = []

    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    class Probe:
        def pytest_runtest_call(self, item: pytest.Item) -> None:
            seen.append((gc.get_freeze_count(), gc.get_threshold()[0], max(blas_threads())))

    toy()
    before, threads_before = gc.get_threshold(), blas_threads()
    result = pytester.runpytest_inprocess("tests/claims.toml", "-p", "no:cacheprovider", "--claim", "toy.double",
                                          plugins=[Probe()])
    assert result.ret == 0, result.stdout.str()
    assert seen and all(frozen > 0 and first == max(before[0], GC_FIRST_GENERATION) and threads == 1
                        for frozen, first, threads in seen)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0 and blas_threads() == threads_before


def test_expected_verdict_mismatch_fails_the_run(toy: Callable[..., Any]):
    """A computed verdict that differs from the expected one fails pytest with both verdicts named."""
    result = toy(expected_half="proved")()
    assert result.ret == 1
    assert "toy.half: computed verdict supported (expected proved)" in result.stdout.str()


def test_broken_module_is_an_error_and_the_others_still_run(toy: Callable[..., Any], pytester: pytest.Pytester):
    """A family that fails to import is reported as an error; every other claim runs."""
    result = toy(broken=True)()
    assert result.ret == 1
    v = verdicts(pytester.path / "reports" / "results.json")
    assert v["theorems.broken"] == "error"
    assert v["toy.double"] == "proved" and v["toy.square_dominates"] == "refuted"
    assert "this module is broken on purpose" in result.stdout.str()


def test_surviving_mutant_fails_with_its_name(toy: Callable[..., Any], pytester: pytest.Pytester):
    """A mutant no check rejects fails its test, naming the mutant and its description."""
    run_claims = toy()
    checks = pytester.path / "checks" / "toy" / "core.py"
    checks.write_text(checks.read_text().replace("ev.close(subject(x), x + x)", "subject(x)"))
    result = run_claims()
    assert result.ret == 1
    assert "mutant triple of toy.double SURVIVED (3x instead of 2x)" in result.stdout.str()


def test_thorough_profile_prints_its_seed(toy: Callable[..., Any]):
    """The thorough profile prints the seed that replays it."""
    result = toy()("--claimkit-profile", "thorough", "--claimkit-seed", "42", "--claim", "toy.double")
    assert result.ret == 0, result.stdout.str()
    assert "claimkit: profile thorough, seed 42 (replay with CLAIMKIT_SEED=42)" in result.stdout.str()


def test_a_seed_given_to_the_ci_profile_is_applied_and_recorded(toy: Callable[..., Any], pytester: pytest.Pytester):
    """--claimkit-seed with the ci profile is never ignored: the header, the check seeds and results.json
    carry it, and the drawn examples differ from the default seed's."""
    run_claims = toy()
    default = run_claims("--claim", "toy.double")
    assert default.ret == 0
    first = json.loads((pytester.path / "reports" / "results.json").read_text())["claims"][0]
    seeded = run_claims("--claimkit-seed", "5", "--claim", "toy.double")
    assert seeded.ret == 0 and "claimkit: profile ci (fixed seed 5)" in seeded.stdout.str()
    second = json.loads((pytester.path / "reports" / "results.json").read_text())["claims"][0]
    assert (first["profile_seed"], second["profile_seed"]) == (0, 5)
    assert first["checks"][0]["seed"] != second["checks"][0]["seed"]


def test_a_second_run_takes_derivations_from_the_cache_unless_told_not_to(toy: Callable[..., Any],
                                                                          pytester: pytest.Pytester):
    """Run twice: the second run's derivation comes from .claimkit/cache/ (and says when it was computed);
    --claimkit-no-cache recomputes it."""
    run_claims = toy()

    def derivation(*args: str) -> dict[str, Any]:
        assert run_claims("--claim", "toy.double", *args).ret == 0
        claim = json.loads((pytester.path / "reports" / "results.json").read_text())["claims"][0]
        return dict(claim["derivations"][0])

    assert derivation()["cached_at"] is None
    assert any((pytester.path / ".claimkit" / "cache" / "derivations").iterdir())
    assert derivation()["cached_at"] is not None
    assert derivation("--claimkit-no-cache")["cached_at"] is None


def test_xdist_work_units_are_claims_and_a_chosen_dist_stands(monkeypatch: pytest.MonkeyPatch):
    """Under -n N a claims file's items group by claim, other tests are single units; a --dist the user
    gives (command line, PYTEST_ADDOPTS, ini) is left alone."""
    from types import SimpleNamespace

    from claimkit.pytest_plugin import _dist_chosen_by_user, claim_group

    unit = "tests/claims.toml::ghosts.binary_radius"
    assert claim_group("tests/claims.toml::ghosts.binary_radius::check::matches") == unit
    assert claim_group("tests/claims.toml::ghosts.binary_radius::verdict") == unit
    assert claim_group("tests/claims.toml::ghosts.batch_radius::verdict") == "tests/claims.toml::ghosts.batch_radius"
    assert claim_group("tests/claims.toml::load::theorems.broken") == "tests/claims.toml::load"
    assert claim_group("tests/test_engine.py::test_x[a.b]") == "tests/test_engine.py::test_x[a.b]"

    def config(args: tuple[str, ...], addopts: list[str] = ()) -> SimpleNamespace:
        return SimpleNamespace(invocation_params=SimpleNamespace(args=args), getini=lambda name: list(addopts))

    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    assert not _dist_chosen_by_user(config(("-n", "2")))
    assert _dist_chosen_by_user(config(("-n", "2", "--dist", "load")))
    assert _dist_chosen_by_user(config(("-n", "2", "--dist=worksteal")))
    assert _dist_chosen_by_user(config(("-n", "2"), ["--dist=load"]))
    monkeypatch.setenv("PYTEST_ADDOPTS", "--dist loadfile")
    assert _dist_chosen_by_user(config(("-n", "2")))


def test_a_worker_keeps_to_one_family_while_it_has_claims_left():
    """The next unit for a worker is the first (largest) left of the family it last ran, else the first
    left of any; units that are not claims have no family."""
    from claimkit.pytest_plugin import family_of_group, next_unit_for

    queue = ["tests/claims.toml::bnpo.second_moment", "tests/claims.toml::ghosts.binary_radius",
             "tests/claims.toml::bnpo.decomposition", "tests/test_engine.py::test_x"]
    assert [family_of_group(u) for u in queue] == ["bnpo", "ghosts", "bnpo", None]
    assert family_of_group("tests/claims.toml::load") is None
    assert next_unit_for(queue, None) == queue[0]
    assert next_unit_for(queue, "ghosts") == queue[1]
    assert next_unit_for(queue[1:], "bnpo") == queue[2]
    assert next_unit_for(queue[1:2] + queue[3:], "bnpo") == queue[1]  # bnpo is done: the first unit left


def test_pending_items_counts_as_xdist_and_skips_units_found_complete():
    """The scheduler's pending count equals xdist's (every False over every unit) after each completion,
    including a unit handed out again with some items complete (as after a worker crash); a unit once
    seen complete is remembered and not scanned again."""
    from claimkit.pytest_plugin import pending_items

    def xdist_count(workload: dict[str, dict[str, bool]]) -> int:  # LoadScopeScheduling._pending_of
        return sum(list(unit.values()).count(False) for unit in workload.values())

    a = {"a::1": False, "a::2": False}
    b = {"b::1": True, "b::2": False, "b::3": False}  # requeued after a crash: one item already done
    workload = {"a": a, "b": b}
    finished: dict[int, dict[str, bool]] = {}
    assert pending_items(workload, finished) == xdist_count(workload) == 4
    assert finished == {}
    for unit, item in ((a, "a::1"), (a, "a::2"), (b, "b::2"), (b, "b::3")):
        unit[item] = True
        assert pending_items(workload, finished) == xdist_count(workload)
    assert pending_items(workload, finished) == 0
    assert finished == {id(a): a, id(b): b}

    class NotScanned(dict):  # a unit in ``finished`` must not be read again
        def values(self) -> Any:
            raise AssertionError("a finished unit was scanned again")

    done = NotScanned({"c::1": True})
    assert pending_items({"c": done, "a": a}, {id(done): done}) == 0


def test_serial_and_xdist_runs_agree(tmp_path: Path, toy_project: Any, run_clean: Any):
    """pytest -n 2 gives the same evidence as a serial run; the controller writes; a claim's items all
    run on one worker, so no piece runs twice, and the claims spread over both workers."""
    toy_project(tmp_path / "a")
    toy_project(tmp_path / "b")
    serial = run_clean(pytest_cmd(), tmp_path / "a")
    parallel = run_clean(pytest_cmd("-n", "2", "-vv"), tmp_path / "b")  # -q -vv: verbose
    assert serial.returncode == parallel.returncode == 0, parallel.stdout
    assert "scheduling tests via ClaimGroupScheduling" in parallel.stdout, parallel.stdout
    workers: dict[str, set[str]] = {}
    for line in parallel.stdout.splitlines():
        found = re.match(r"\[(gw\d)\].*claims\.toml::(toy\.[a-z_]+)::", line)
        if found:
            workers.setdefault(found.group(2), set()).add(found.group(1))
    assert sorted(workers) == ["toy.double", "toy.half", "toy.square_dominates"], parallel.stdout
    assert all(len(ran_on) == 1 for ran_on in workers.values()), workers
    assert len(set().union(*workers.values())) == 2, workers
    a = json.loads((tmp_path / "a" / "reports" / "results.json").read_text())
    b = json.loads((tmp_path / "b" / "reports" / "results.json").read_text())
    assert evidence(a) == evidence(b)


#: What may differ between two runs of the same claims: the clock (and whether a derivation's result was
#: computed now or taken from the cache), and the command that ran them.
TIMING_FIELDS = {"seconds", "run_at", "cached_at"}
PROVENANCE_FIELDS = {"carried_over", "command"}


def evidence(results: dict[str, Any]) -> dict[str, Any]:
    """Each claim's entry of results.json without its timings (nested ones included)."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in TIMING_FIELDS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return {c["id"]: strip({k: v for k, v in c.items() if k not in PROVENANCE_FIELDS}) for c in results["claims"]}


def test_a_claims_evidence_is_the_same_alone_in_its_family_in_a_full_run_and_under_xdist(
        tmp_path: Path, toy_project: Any, run_clean: Any):
    """A claim's entry in results.json (examples drawn, worst cases, counterexamples, mutant outcomes)
    depends on the claim, the profile and the seed alone: a run of that claim, of its family, of every
    claim, serial or with -n 2, writes the same entry apart from timings."""
    runs = {"full": (), "family": ("--claim", "toy"), "one": ("--claim", "toy.square_dominates"),
            "xdist": ("-n", "2")}
    entries = {}
    for name, args in runs.items():
        project = toy_project(tmp_path / name)
        proc = run_clean(pytest_cmd(*args), project)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        entries[name] = evidence(json.loads((project / "reports" / "results.json").read_text()))
    for name in ("family", "one", "xdist"):
        for claim_id, entry in entries[name].items():
            assert entry == entries["full"][claim_id], (name, claim_id)
    assert set(entries["one"]) == {"toy.square_dominates"} and set(entries["family"]) == set(entries["full"])


def test_cli_unknown_claim_suggests_close_ids(tmp_path: Path, toy_project: Any, run_clean: Any):
    """`claimkit run` with an unknown id exits 2 and names the closest ids."""
    toy_project(tmp_path)
    proc = run_clean([sys.executable, "-m", "claimkit.cli", "run", "toy.dubble"], tmp_path)
    assert proc.returncode == 2
    assert "unknown claim id 'toy.dubble'" in proc.stderr and "toy.double" in proc.stderr


def test_cli_run_filters_and_reports(tmp_path: Path, toy_project: Any, run_clean: Any):
    """`claimkit run ID` verifies one claim, exits 0, and keeps other claims' earlier results."""
    toy_project(tmp_path)
    assert run_clean(pytest_cmd(), tmp_path).returncode == 0
    proc = run_clean([sys.executable, "-m", "claimkit.cli", "run", "toy.double"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads((tmp_path / "reports" / "results.json").read_text())
    carried = {c["id"]: c["carried_over"] for c in data["claims"]}
    assert carried == {"toy.double": False, "toy.half": True, "toy.square_dominates": True}


def carried_over_flags(root: Path) -> dict[str, bool]:
    data = json.loads((root / "reports" / "results.json").read_text())
    return {c["id"]: c["carried_over"] for c in data["claims"]}


@pytest.fixture(scope="module")
def toy_after_a_full_run(tmp_path_factory: pytest.TempPathFactory, toy_project: Any, run_clean: Any) -> Path:
    """The toy project with the results of a full run (copy it before changing it)."""
    root = toy_project(tmp_path_factory.mktemp("toy-full-run"))
    assert run_clean(pytest_cmd(), root).returncode == 0
    return root


def copy_of(project: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(project, tmp_path / "project"))


def test_deselected_claims_carry_over_and_removed_ones_leave_the_results(toy_after_a_full_run: Path,
                                                                         tmp_path: Path, run_clean: Any):
    """pytest's own -k loses nothing, under pytest-xdist too: the claims it deselected keep their
    earlier results; a claim no longer defined is dropped, not carried over."""
    project = copy_of(toy_after_a_full_run, tmp_path)
    proc = run_clean(pytest_cmd("-k", "toy.double", "-n", "2"), project)
    assert proc.returncode == 0, proc.stdout
    assert carried_over_flags(project) == {"toy.double": False, "toy.half": True, "toy.square_dominates": True}

    theorems = project / "theorems" / "toy" / "claims.py"
    text = theorems.read_text()
    theorems.write_text(text[:text.index("SQUARE = Claim(")] + text[text.index("HALF = Claim("):])
    checks = project / "checks" / "toy" / "core.py"
    text = checks.read_text()
    checks.write_text(text[:text.index("@T.SQUARE.check")] + text[text.index("@T.HALF.check"):])
    proc = run_clean(pytest_cmd("-k", "toy.double"), project)
    assert proc.returncode == 0, proc.stdout
    assert carried_over_flags(project) == {"toy.double": False, "toy.half": True}


def test_an_interrupted_run_keeps_the_claims_it_did_not_reach(toy_after_a_full_run: Path, tmp_path: Path,
                                                              run_clean: Any):
    """Ctrl-C midway: the claims verified so far are written, the others keep their earlier results."""
    project = copy_of(toy_after_a_full_run, tmp_path)
    checks = project / "checks" / "toy" / "core.py"
    checks.write_text(checks.read_text().replace(
        'ev.that(bool(subject(x)), f"x² < x at x = {x}")', "raise KeyboardInterrupt"))
    proc = run_clean(pytest_cmd(), project)  # toy.double and toy.half run before toy.square_dominates
    assert "KeyboardInterrupt" in proc.stdout, proc.stdout
    assert carried_over_flags(project) == {"toy.double": False, "toy.half": False, "toy.square_dominates": True}


def test_cli_list_and_show(tmp_path: Path, toy_project: Any, run_clean: Any):
    """`claimkit list` tabulates the claims; `show` prints one with its statement."""
    toy_project(tmp_path)
    listing = run_clean([sys.executable, "-m", "claimkit.cli", "list"], tmp_path)
    assert listing.returncode == 0 and "toy.square_dominates" in listing.stdout
    show = run_clean([sys.executable, "-m", "claimkit.cli", "show", "toy.half"], tmp_path)
    assert show.returncode == 0 and "half(x) = x/2" in show.stdout
    missing = run_clean([sys.executable, "-m", "claimkit.cli", "show", "toy.nope"], tmp_path)
    assert missing.returncode == 2


RARE = '''
from hypothesis import strategies as st
from ...theorems.toy import claims as T

@T.HALF.check(given={"x": st.integers(0, 10**6)}, examples=5, thorough_factor=THOROUGH, name="rare_failure")
def rare_failure(subject, ev, x):
    """Fails only on multiples of MODULUS above 1000: rare enough for a few examples to miss."""
    ev.that(not (x > 1000 and x % MODULUS == 0), f"x = {x}")
'''


def rare_check(modulus: int = 11, thorough: int = 20) -> str:
    """A check of toy.half that fails on one value in ``modulus``; fuzzing runs ``5 * thorough`` examples."""
    return RARE.replace("MODULUS", str(modulus)).replace("THOROUGH", str(thorough))


#: Candidate rarities: the first whose failure the ci run's examples (the check's five, and five against
#: the mutant) miss on the installed hypothesis is used; which values a release draws differs.
RARE_MODULI = (101, 103, 107, 109, 113, 127, 131, 137)


def test_fuzzing_fails_only_on_news_and_its_failures_replay_in_the_default_run(tmp_path: Path, toy_project: Any,
                                                                               run_clean: Any):
    """A failure found by the fuzzing targets is saved and replayed first by the next ci run. Checks
    of claims expected refuted or conditional hold their counterexamples: their targets are xfail
    (which HypoFuzz skips), so only news fails a fuzzing run."""
    toy_project(tmp_path)
    rare = tmp_path / "checks" / "toy" / "rare.py"
    for modulus in RARE_MODULI:  # the premise: ci's own examples do not find the failure
        rare.write_text(rare_check(modulus, thorough=400))  # fuzzing: 2,000 examples, 1 in ~100 fails
        clean = run_clean(pytest_cmd("--claim", "toy.half"), tmp_path)
        if clean.returncode == 1 and "rare_failure passed but killed none" in clean.stdout \
                and "x = " not in clean.stdout:
            break
    else:
        pytest.fail(f"every candidate failure {RARE_MODULI} was found by the ci examples themselves")
    (tmp_path / "fuzz").mkdir()
    (tmp_path / "fuzz" / "test_fuzz_claims.py").write_text(
        "from claimkit.fuzz import fuzz_targets\nglobals().update(fuzz_targets())\n")
    fuzz = run_clean([sys.executable, "-m", "pytest", "fuzz", "-q", "-rfx", "-p", "no:cacheprovider",
                "--hypothesis-seed=1"], tmp_path)
    # fuzzing finds the rare failure and saves it; the refuted claim's check is xfail
    assert fuzz.returncode == 1, fuzz.stdout
    assert "1 failed, 2 passed, 1 xfailed" in fuzz.stdout, fuzz.stdout
    assert "FAILED fuzz/test_fuzz_claims.py::test_toy__half__rare_failure" in fuzz.stdout, fuzz.stdout
    assert "toy.square_dominates is expected refuted" in fuzz.stdout, fuzz.stdout
    assert (tmp_path / ".hypothesis" / "claimkit").is_dir()
    replay = run_clean(pytest_cmd(), tmp_path)
    assert "check rare_failure of toy.half failed: x = " in replay.stdout, replay.stdout
    # checks with nothing saved in the database run as before
    assert verdicts(tmp_path / "reports" / "results.json")["toy.double"] == "proved", replay.stdout
    assert "matches_division" not in replay.stdout.split("short test summary")[-1]


def run_process_group(args: list[str], cwd: Path, *, env: dict[str, str], timeout: float) -> str:
    """Run a command that starts processes of its own; return its output, or fail the test with it
    after ``timeout`` seconds. The whole process group is stopped either way."""
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=timeout)
        return output
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        pytest.fail(f"{args[0]} {args[1]} did not finish within {timeout:.0f} s; its output:\n{output[-3000:]}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


#: Prints the examples saved under one check's own database key (where HypoFuzz puts shrunk failures).
SHRUNK_EXAMPLES = """
import json, sys
from pathlib import Path
from hypothesis.database import DirectoryBasedExampleDatabase, choices_from_bytes
from claimkit.project import load_project, project_at
from claimkit.fuzz import database_dir, database_key
claim = load_project(project_at(Path("."))).claims[sys.argv[1]]
key = database_key(claim, next(spec for spec in claim.checks if spec.name == sys.argv[2]))
saved = DirectoryBasedExampleDatabase(database_dir(Path("."))).fetch(key)
print(json.dumps([list(choices_from_bytes(value)) for value in saved]))
"""


def hypofuzz_available() -> bool:
    """Whether HypoFuzz is importable; with CLAIMKIT_REQUIRE_HYPOFUZZ=1 (the CI fuzzing job) it must be."""
    try:
        import hypofuzz  # noqa: F401
    except ImportError:
        if os.environ.get("CLAIMKIT_REQUIRE_HYPOFUZZ") == "1":
            pytest.fail("CLAIMKIT_REQUIRE_HYPOFUZZ=1 but HypoFuzz is not installed (pip install -e '.[fuzz]')")
        pytest.skip("HypoFuzz is not installed (pip install -e '.[fuzz]')")
    return True


def test_hypofuzz_failures_replay_in_the_default_run_of_another_checkout(tmp_path: Path, clean_environ: Any,
                                                                         toy_project: Any,
                                                                         run_clean: Any):
    """HypoFuzz (two processes) finds a failure in one checkout, shrinks it and saves it to a shared
    database; the next ci run of a second checkout that points at the same database replays it."""
    hypofuzz_available()
    fuzzing, checking, shared = tmp_path / "fuzzing", tmp_path / "checking", tmp_path / "shared-db"
    for project in (fuzzing, checking):
        toy_project(project)
        (project / "checks" / "toy" / "rare.py").write_text(rare_check())
    (fuzzing / "fuzz").mkdir()
    (fuzzing / "fuzz" / "test_fuzz_claims.py").write_text(
        "from claimkit.fuzz import fuzz_targets\nglobals().update(fuzz_targets())\n")
    env = {"CLAIMKIT_DATABASE": str(shared)}
    cli = str(Path(sys.executable).with_name("hypothesis"))
    # HypoFuzz runs until every target has failed (then it exits 1); its worker processes are
    # stopped with it, also when it hangs.
    fuzz = run_process_group([cli, "fuzz", "--no-dashboard", "-n", "2", "--", "fuzz/", "-k", "rare_failure"],
                             fuzzing, env=clean_environ(env), timeout=240)
    assert "Found a failing input for every test!" in fuzz, fuzz

    # HypoFuzz stores a failure it has finished shrinking under the check's own key (an unshrunk one
    # under <key>.secondary). An entry there shows that HypoFuzz and hypothesis work together.
    saved = run_clean([sys.executable, "-c", SHRUNK_EXAMPLES, "toy.half", "rare_failure"], checking, env=env)
    assert saved.returncode == 0, saved.stderr
    shrunk = json.loads(saved.stdout)
    assert shrunk, ("HypoFuzz found the failure but saved no shrunk example (an incompatible "
                    "HypoFuzz/hypothesis pair crashes while shrinking; see the fuzz extra in pyproject.toml)\n"
                    + fuzz[-2000:])
    (x,) = shrunk[0]
    assert x > 1000 and x % 11 == 0

    replay = run_clean(pytest_cmd("--claim", "toy.half"), checking, env=env)
    assert f"check rare_failure of toy.half failed: x = {x}" in replay.stdout, replay.stdout


UNRELATED_TESTS = """
import pytest

@pytest.mark.parametrize("n", range(6))
def test_square_is_not_negative(n):
    assert n * n >= 0
"""


def test_an_unrelated_project_runs_under_xdist_as_without_claimkit(tmp_path: Path, run_clean: Any):
    """pytest -n 2 in a project with no claims.toml: xdist's own scheduler, no claimkit header, nothing
    written, and claimkit's environment variables are not even read (bogus values are harmless)."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_plain.py").write_text(UNRELATED_TESTS)
    env = {"CLAIMKIT_PROFILE": "bogus", "CLAIMKIT_SEED": "abc"}
    command = [sys.executable, "-m", "pytest", "-n", "2", "-v", "-p", "no:cacheprovider"]
    with_claimkit = run_clean(command, tmp_path, env=env)
    without = run_clean([*command, "-p", "no:claimkit"],
                  tmp_path, env=env)
    for proc in (with_claimkit, without):
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "scheduling tests via LoadScheduling" in proc.stdout, proc.stdout
        assert "6 passed" in proc.stdout.splitlines()[-1]
    output = [line for line in (with_claimkit.stdout + with_claimkit.stderr).splitlines()
              if not line.startswith("plugins:")]  # pytest's own list of the installed plugins
    assert not [line for line in output if "claimkit" in line.lower()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tests"]


def test_a_run_without_claims_does_not_import_the_engine(tmp_path: Path, run_clean: Any):
    """The plugin loads in every pytest run of the environment; a run that collects no claims does not
    import what running claims needs (sympy, hypothesis, numpy), so it starts as fast as without claimkit."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_modules.py").write_text(
        "import sys\n\n\ndef test_only_the_plugin_is_imported():\n"
        "    assert 'claimkit.pytest_plugin' in sys.modules\n"
        "    assert [m for m in ('sympy', 'hypothesis', 'numpy', 'claimkit.runner') if m in sys.modules] == []\n")
    proc = run_clean([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout.splitlines()[-1]


def test_a_bad_profile_in_a_claims_run_is_one_usage_line(tmp_path: Path, toy_project: Any, run_clean: Any):
    """In a run that collects claims, CLAIMKIT_PROFILE=bogus stops pytest with a usage error (exit 4)
    that names the variable's value and the choices, not an internal error."""
    toy_project(tmp_path)
    proc = run_clean(pytest_cmd(), tmp_path, env={"CLAIMKIT_PROFILE": "bogus"})
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "ERROR: claimkit: unknown profile 'bogus': choose one of ci, thorough" in proc.stderr
    assert "INTERNALERROR" not in proc.stdout + proc.stderr


def test_claim_filter_in_a_run_without_claims_is_a_usage_error(tmp_path: Path, run_clean: Any):
    """--claim given to a run that collects no claims says so instead of silently running everything."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_plain.py").write_text(UNRELATED_TESTS)
    proc = run_clean([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--claim", "toy"], tmp_path)
    assert proc.returncode == 4
    assert "--claim: this run collects no claims (no claims.toml under its paths)" in proc.stderr
