"""`claimkit run -n N` (--claimkit-processes N): one collection, claims computed by forked processes, every
test reported by the run's own process, and the same evidence as a serial run."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from test_plugin import evidence, pytest_cmd

from claimkit.processes import pick_unit, run_shares, work_units
from claimkit.pytest_plugin import claim_group, family_of_group

#: The toy family's checks, made to show which process ran them. With TOY_SHARED set, a check run in a
#: forked process leaves a file there, and the run's own process waits (up to a minute) for one before
#: its first check goes on: so the work is shared whatever the timing. With TOY_CHILD_EXITS set as well,
#: a forked process dies in its first check, as a process killed mid-claim would. With TOY_WARN set, each
#: check warns at every example.
SHARED_CHECKS = '''
import os
import time
import warnings
from pathlib import Path
from hypothesis import strategies as st
from ...theorems.toy import claims as T

COLLECTED_BY = os.getpid()


def _meet():
    shared = os.environ.get("TOY_SHARED")
    if shared and os.getpid() != COLLECTED_BY:
        Path(shared, f"forked-{os.getpid()}").touch()
        if os.environ.get("TOY_CHILD_EXITS"):
            os._exit(3)
    elif shared:
        deadline = time.monotonic() + 60
        while not any(Path(shared).glob("forked-*")) and time.monotonic() < deadline:
            time.sleep(0.01)
    if os.environ.get("TOY_WARN"):
        warnings.warn(f"checked in {os.environ['TOY_WARN']}", UserWarning)


@T.DOUBLE.check(given={"x": st.integers(-1000, 1000)}, examples=30)
def matches_sum(subject, ev, x):
    """double(x) equals x + x."""
    _meet()
    ev.close(subject(x), x + x)


@T.SQUARE.check(given={"x": st.fractions(-3, 3)}, examples=60, confirm="exact")
def square_at_least_x(subject, ev, x):
    """x² ≥ x in exact rationals."""
    _meet()
    ev.that(bool(subject(x)), f"x² < x at x = {x}")


@T.HALF.check(given={"x": st.fractions(-10, 10)}, examples=30, precision="exact")
def matches_division(subject, ev, x):
    """half(x) · 2 = x exactly."""
    _meet()
    ev.close(subject(x) * 2, x)
'''


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="--claimkit-processes forks")


def shared_toy(root: Path, toy_project: Any) -> Path:
    project = toy_project(root)
    (project / "checks" / "toy" / "core.py").write_text(SHARED_CHECKS)
    return project


def test_pick_unit_keeps_to_the_family_then_takes_the_first_left():
    taken = [1, 0, 0, 0]
    families = ["a", "b", "a", None]
    assert pick_unit(taken, families, "a") == 2
    assert pick_unit(taken, families, "c") == 1  # none of its family left: the first not taken
    assert pick_unit(taken, families, None) == 1
    assert pick_unit([1, 1, 1, 1], families, "a") is None


def test_work_units_are_claims_with_more_tests_first_and_other_tests_apart():
    ids = ["t/claims.toml::load::theorems.broken", "t/claims.toml::f.one::verdict",
           "t/claims.toml::f.two::check::k", "t/claims.toml::f.two::verdict", "t/claims.toml::g.three::verdict"]
    items = [SimpleNamespace(nodeid=i) for i in ids]
    claims, others = work_units(items, claim_group, family_of_group)  # type: ignore[arg-type]
    assert [[item.nodeid for item in unit] for unit in claims] == [ids[2:4], ids[1:2], ids[4:5]]
    assert [[item.nodeid for item in unit] for unit in others] == [ids[0:1]]


@needs_fork
def test_forked_processes_share_the_claims_and_the_evidence_equals_a_serial_run_s(
        tmp_path: Path, toy_project: Any, run_clean: Any):
    """With two processes a forked one computes claims (the toy checks note where they ran), every test is
    reported, and results.json equals a serial run's apart from timings."""
    serial = shared_toy(tmp_path / "serial", toy_project)
    assert run_clean(pytest_cmd(), serial).returncode == 0
    project = shared_toy(tmp_path / "forked", toy_project)
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    proc = run_clean(pytest_cmd("--claimkit-processes", "2"), project, env={"TOY_SHARED": str(meeting)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "9 passed" in proc.stdout, proc.stdout
    assert len(list(meeting.glob("forked-*"))) == 1  # one forked process, and it ran a check
    results = [json.loads((p / "reports" / "results.json").read_text()) for p in (serial, project)]
    assert evidence(results[0]) == evidence(results[1])
    pages = [sorted(f.relative_to(p).as_posix() for f in (p / "reports").rglob("*") if f.suffix in (".md", ".html"))
             for p in (serial, project)]  # the pages, written by two processes here
    assert pages[0] == pages[1]
    assert len([f for f in pages[1] if f.startswith("reports/claims/")]) == 2 * len(results[1]["claims"])


@needs_fork
def test_claims_a_forked_process_left_unfinished_are_computed_by_the_run_itself(
        tmp_path: Path, toy_project: Any, run_clean: Any):
    """A forked process that dies in a claim's check leaves no results: that claim and those it never
    reached are computed in the run's own process, and nothing is missing or different."""
    serial = shared_toy(tmp_path / "serial", toy_project)
    assert run_clean(pytest_cmd(), serial).returncode == 0
    project = shared_toy(tmp_path / "forked", toy_project)
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    proc = run_clean(pytest_cmd("--claimkit-processes", "2"), project,
                     env={"TOY_SHARED": str(meeting), "TOY_CHILD_EXITS": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "9 passed" in proc.stdout and len(list(meeting.glob("forked-*"))) == 1
    results = [json.loads((p / "reports" / "results.json").read_text()) for p in (serial, project)]
    assert evidence(results[0]) == evidence(results[1])


@pytest.mark.parametrize(("args", "message"), [
    (("--claimkit-processes", "0"), "the number of processes must be at least 1, got 0"),
    (("--claimkit-processes", "two"), "expected a whole number of processes, got 'two'"),
    (("--claimkit-processes", "2", "-n", "2"), "--claimkit-processes and -n (pytest-xdist) are two ways to run"),
])
def test_a_bad_process_count_or_two_parallel_modes_are_refused(args: tuple[str, ...], message: str,
                                                               tmp_path: Path, toy_project: Any, run_clean: Any):
    project = toy_project(tmp_path)
    proc = run_clean(pytest_cmd(*args), project)
    assert proc.returncode == 4, proc.stdout + proc.stderr  # pytest's usage error
    assert message in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="claimkit run -n forks on Linux only")
def test_claimkit_run_n_uses_forked_processes(tmp_path: Path, toy_project: Any, run_clean: Any):
    """On Linux `claimkit run -n 2` collects once and forks: the run says so, and verifies every claim."""
    project = shared_toy(tmp_path, toy_project)
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    proc = run_clean([sys.executable, "-m", "claimkit.cli", "run", "-n", "2"], project,
                     env={"TOY_SHARED": str(meeting)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "claimkit run: all claim selection(s), profile ci, 2 processes" in proc.stdout
    assert "9 passed" in proc.stdout and len(list(meeting.glob("forked-*"))) == 1


@needs_fork
def test_a_warning_a_forked_process_caught_is_raised_again_in_its_test(
        tmp_path: Path, toy_project: Any, run_clean: Any):
    """Every toy check warns at each example (the forked process computes at least one of them): the
    run's summary shows the same warnings, once per test as pytest shows them, as a serial run's."""
    lines = {}
    for name, args in (("serial", ()), ("forked", ("--claimkit-processes", "2"))):
        project = shared_toy(tmp_path / name, toy_project)
        meeting = tmp_path / f"meeting-{name}"
        meeting.mkdir()
        shared = {"TOY_SHARED": str(meeting)} if args else {}  # a serial run has no forked process to wait for
        proc = run_clean(pytest_cmd(*args), project, env={**shared, "TOY_WARN": "a check"})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "UserWarning: checked in a check" in proc.stdout, proc.stdout
        lines[name] = proc.stdout.strip().splitlines()[-1].split(" in ")[0]
    # one per check and per mutant's run of a check, and a second in the refuted claim's check, whose failing
    # example hypothesis runs again
    assert lines["serial"] == lines["forked"] == "9 passed, 6 warnings"


@needs_fork
def test_a_warning_the_configuration_makes_an_error_raises_in_a_forked_process_as_in_a_serial_run(
        tmp_path: Path, toy_project: Any, run_clean: Any):
    """Under -W error::UserWarning the toy checks' warnings are exceptions in every process: each claim
    computed by the forked process errs as it does serially, and results.json is the same."""
    results = {}
    for name, args in (("serial", ()), ("forked", ("--claimkit-processes", "2"))):
        project = shared_toy(tmp_path / name, toy_project)
        meeting = tmp_path / f"meeting-{name}"
        meeting.mkdir()
        shared = {"TOY_SHARED": str(meeting)} if args else {}
        proc = run_clean(pytest_cmd("-W", "error::UserWarning", *args), project,
                         env={**shared, "TOY_WARN": "a check"})
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert len(list(meeting.glob("forked-*"))) == (1 if args else 0)
        text = (project / "reports" / "results.json").read_text()
        results[name] = json.loads(text.replace(str(project), "<project>"))  # the tracebacks name the file
    assert {c["id"]: c["verdict"] for c in results["forked"]["claims"]} == {
        "toy.double": "error", "toy.half": "error", "toy.square_dominates": "error"}
    assert evidence(results["serial"]) == evidence(results["forked"])


def _share(directory: Path, name: str, parent: int, fails: str | None = None) -> Any:
    """A share that leaves a file naming where it ran; in a forked process it can die or raise."""
    def run() -> None:
        here = os.getpid() == parent
        (directory / f"{name}-{'here' if here else 'forked'}").touch()
        if not here and fails == "dies":
            os._exit(3)
        if not here and fails == "raises":
            raise ValueError(f"{name} failed in a forked process")
    return run


@needs_fork
def test_shares_run_in_forked_processes_and_one_that_died_or_raised_there_runs_again_here(tmp_path: Path):
    parent = os.getpid()
    run_shares([_share(tmp_path, "first", parent), _share(tmp_path, "second", parent),
                _share(tmp_path, "dies", parent, "dies"), _share(tmp_path, "raises", parent, "raises")])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dies-forked", "dies-here", "first-here", "raises-forked", "raises-here", "second-forked"]


@needs_fork
def test_what_a_share_raises_wherever_it_runs_is_raised_here(tmp_path: Path):
    def fails() -> None:
        raise ValueError("no page written")

    with pytest.raises(ValueError, match="no page written"):
        run_shares([lambda: None, fails])


@needs_fork
def test_forked_shares_are_stopped_and_reaped_when_this_process_s_share_raises(tmp_path: Path):
    pid_file = tmp_path / "pid"

    def waits() -> None:
        written = tmp_path / "pid.partial"
        written.write_text(str(os.getpid()))
        written.rename(pid_file)  # whole or absent
        time.sleep(60)

    def fails_once_the_other_runs() -> None:
        while not pid_file.exists():
            time.sleep(0.01)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_shares([fails_once_the_other_runs, waits])
    with pytest.raises(ChildProcessError):  # already reaped: no longer this process's child
        os.waitpid(int(pid_file.read_text()), os.WNOHANG)


def test_shares_without_a_fork_run_here_in_turn(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delattr(os, "fork", raising=False)
    parent = os.getpid()
    run_shares([_share(tmp_path, "first", parent), _share(tmp_path, "second", parent)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first-here", "second-here"]
