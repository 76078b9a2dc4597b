"""The `claimkit` command on bad input: one clear line and exit status 2, never a traceback; and runs that
lose nothing (an unusable results.json is set aside, an interrupted run keeps what it verified)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimkit import cli
from claimkit.model import Registry

#: Files that are not a usable results.json, by what is wrong with them.
UNUSABLE_RESULTS: dict[str, bytes | None] = {
    "a list": b"[]",
    "null": b"null",
    "claims as an object": b'{"schema_version": 2, "generated_at": "x", "profile": {}, '
                           b'"environment": {"python": "3", "platform": "p", "versions": {}, "git_commit": null}, '
                           b'"claims": {}}',
    "a claim as a string": b'{"schema_version": 2, "generated_at": "x", "profile": {}, '
                           b'"environment": {"python": "3", "platform": "p", "versions": {}, "git_commit": null}, '
                           b'"claims": ["toy.double"]}',
    "binary bytes": bytes(range(256)),
    "truncated JSON": b'{"schema_version": 2, "claims": [{"id": "toy.do',
    "a missing key": b'{"schema_version": 2, "claims": []}',
    "another schema": b'{"schema_version": 99}',
    "an older schema": b'{"schema_version": 1, "generated_at": "x", "claims": []}',
    "a directory": None,
}


def write_unusable(reports: Path, kind: str) -> Path:
    path = reports / "results.json"
    reports.mkdir(parents=True, exist_ok=True)
    content = UNUSABLE_RESULTS[kind]
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    return path


@pytest.fixture
def toy(tmp_path: Path, toy_project: Callable[..., Path], fresh_engine: Registry) -> Path:
    """The toy claims project, with this process's engine free to load it."""
    return toy_project(tmp_path / "toy")


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimkit: ") and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("kind", list(UNUSABLE_RESULTS))
def test_report_on_an_unusable_results_file_is_one_line_and_exit_2(toy: Path, kind: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`claimkit report` on a results.json that cannot be used names the file and what is wrong."""
    path = write_unusable(toy / "reports", kind)
    assert cli.main(["--root", str(toy), "report"]) == cli.EXIT_USAGE
    assert str(path) in one_line(capsys.readouterr().err)


def test_an_older_results_file_says_it_needs_a_new_run(toy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """results.json from an older claimkit: one line naming its schema and how to regenerate it."""
    write_unusable(toy / "reports", "an older schema")
    assert cli.main(["--root", str(toy), "report"]) == cli.EXIT_USAGE
    assert "written by an older claimkit (schema_version 1; this one reads 2): run `claimkit run`" in one_line(
        capsys.readouterr().err)


@pytest.mark.parametrize("kind", list(UNUSABLE_RESULTS))
def test_list_and_show_warn_about_an_unusable_results_file_and_go_on(toy: Path, kind: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`list` and `show` still describe the claims, with one warning line naming the unusable file."""
    path = write_unusable(toy / "reports", kind)
    assert cli.main(["--root", str(toy), "list"]) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert "toy.double" in out and "Traceback" not in out + err
    assert err.startswith(f"claimkit: warning: {path}") and err.count("\n") == 1
    assert cli.main(["--root", str(toy), "show", "toy.half"]) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert "half(x) = x/2" in out and err.startswith(f"claimkit: warning: {path}")


@pytest.mark.parametrize(("args", "env", "message"), [
    (["run", "--seed", "x"], {}, "argument --seed: invalid int value: 'x'"),
    (["run"], {"CLAIMKIT_SEED": "abc"}, "claimkit: the seed must be an integer, got 'abc'"),
    (["run"], {"CLAIMKIT_PROFILE": "bogus"}, "claimkit: unknown profile 'bogus': choose one of ci, thorough"),
    (["run", "-n", "-1"], {}, "argument -n: the number of processes must be at least 1, got -1"),
    (["run", "-n", "two"], {}, "argument -n: expected a whole number of processes, got 'two'"),
    (["bench", "--runs", "0"], {}, "argument --runs: the number of runs must be at least 1, got 0"),
    (["bench", "--runs", "three"], {}, "argument --runs: expected a whole number of runs, got 'three'"),
    (["run", "--reports", "/dev/null/x"], {}, "claimkit: cannot write the report to /dev/null/x: Not a directory"),
    (["run", "toy.dubble"], {}, "claimkit: unknown claim id 'toy.dubble' (closest: toy.double, toy.half)"),
    (["list", "--family", "toi"], {}, "claimkit: no family 'toi' (closest: toy)"),
    (["show", "toy"], {}, "claimkit: 'toy' is a family; give one claim id"),
    (["new", "nl\n"], {}, "claimkit: invalid family name 'nl\\n'"),
])
def test_bad_input_fails_with_one_line_and_exit_2_before_anything_runs(
        toy: Path, args: list[str], env: dict[str, str], message: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every bad option, id or environment variable: exit status 2, one line saying what is wrong, and
    no run started (no reports/ written)."""
    for name in list(os.environ):
        if name.startswith("CLAIMKIT_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:  # argparse's errors exit; claimkit's return
        raise SystemExit(cli.main(["--root", str(toy), *args]))
    assert exited.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (toy / "reports").exists()


def test_an_unusable_results_file_is_set_aside_and_a_new_one_written(
        tmp_path: Path, toy_project: Callable[..., Path], run_clean: Callable[..., Any]) -> None:
    """A claims run over a truncated results.json keeps the old bytes in results.json.unreadable-…,
    says so, and writes the new results."""
    project = toy_project(tmp_path)
    old = write_unusable(project / "reports", "truncated JSON")
    proc = run_clean([sys.executable, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider"], project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [aside] = list((project / "reports").glob("results.json.unreadable-*"))
    assert aside.read_bytes() == UNUSABLE_RESULTS["truncated JSON"]
    assert f"the previous results could not be used: {old} is not valid JSON" in proc.stdout
    assert f"it was moved to {aside.name}" in proc.stdout
    assert len(json.loads(old.read_text())["claims"]) == 3


def test_an_unwritable_report_directory_stops_pytest_before_it_runs(
        tmp_path: Path, toy_project: Callable[..., Path], run_clean: Callable[..., Any]) -> None:
    """pytest --claimkit-reports into a path that cannot be a directory is a usage error (exit 4), not a
    crash after every claim ran."""
    project = toy_project(tmp_path)
    proc = run_clean([sys.executable, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider",
                      "--claimkit-reports", "/dev/null/x"], project)
    assert proc.returncode == 4
    assert "ERROR: claimkit: cannot write the report to /dev/null/x: Not a directory" in proc.stderr
    assert "passed" not in proc.stdout


SLOW_CHECK = '''
import time
from hypothesis import strategies as st
from ...theorems.toy import claims as T

@T.SQUARE.check(given=None, name="slow")
def slow(subject, ev):
    """Waits long enough to be stopped."""
    (__import__("pathlib").Path("started")).write_text("")
    time.sleep(60)
'''


def test_sigterm_stops_a_run_as_ctrl_c_does_and_has_its_own_exit_status(
        tmp_path: Path, toy_project: Callable[..., Path], run_clean: Callable[..., Any],
        clean_environ: Callable[..., dict[str, str]]) -> None:
    """SIGTERM during `claimkit run`: the claims verified before it are written, the others keep their
    earlier results, and the exit status is 3 (interrupted), not 1 (a verdict mismatch)."""
    project = toy_project(tmp_path)
    assert run_clean([sys.executable, "-m", "claimkit.cli", "run"], project).returncode == 0
    (project / "checks" / "toy" / "slow.py").write_text(SLOW_CHECK)
    proc = subprocess.Popen([sys.executable, "-m", "claimkit.cli", "run"], cwd=project, env=clean_environ(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while not (project / "started").exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == cli.EXIT_INTERRUPTED, output
    carried = {c["id"]: c["carried_over"] for c in
               json.loads((project / "reports" / "results.json").read_text())["claims"]}
    assert carried == {"toy.double": False, "toy.half": False, "toy.square_dominates": True}, output


def test_the_configured_report_directory_is_where_runs_write_and_commands_read(
        tmp_path: Path, toy_project: Callable[..., Path], run_clean: Callable[..., Any]) -> None:
    """[tool.claimkit] reports = "out": pytest and claimkit run write there, and report and show read there."""
    project = toy_project(tmp_path)
    (project / "pyproject.toml").write_text('[tool.claimkit]\nreports = "out"\n')
    proc = run_clean([sys.executable, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider", "-n", "2"],
                     project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (project / "out" / "results.json").is_file() and not (project / "reports").exists()
    show = run_clean([sys.executable, "-m", "claimkit.cli", "show", "toy.half"], project)
    assert "last verdict: supported" in show.stdout, show.stdout + show.stderr
    report = run_clean([sys.executable, "-m", "claimkit.cli", "report"], project)
    assert report.returncode == 0 and f"under {project / 'out'}" in report.stdout


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`claimkit --version` answers with the package version and exit 0."""
    from claimkit import __version__

    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"claimkit {__version__}\n"


def test_the_command_exits_with_mains_status_after_the_exit_handlers(tmp_path: Path, toy_project: Callable[..., Path],
                                                                      run_clean: Any) -> None:
    """The `claimkit` entry point skips Python's heap teardown, not the exit handlers: an atexit handler
    still runs, its output is flushed, and the status is the one main returned (2 for an unknown id).
    A profiler's output is still written."""
    project = toy_project(tmp_path / "project")
    script = ("import atexit, sys; atexit.register(lambda: print('exit handler ran')); "
              "sys.argv = ['claimkit', 'run', 'toy.nonexistent']; "
              "from claimkit.cli import console_main; console_main()")
    proc = run_clean([sys.executable, "-c", script], project)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == "exit handler ran\n" and "unknown claim id 'toy.nonexistent'" in proc.stderr
    listing = run_clean([sys.executable, "-m", "claimkit", "list"], project)
    assert listing.returncode == 0 and "toy.double" in listing.stdout, listing.stdout + listing.stderr
    # under a profiler, which writes its results after the command returns, the process ends the usual way
    profiled = run_clean([sys.executable, "-m", "cProfile", "-o", str(tmp_path / "list.prof"), "-m", "claimkit",
                          "list"], project)
    assert profiled.returncode == 0 and (tmp_path / "list.prof").stat().st_size > 0, profiled.stderr


def test_a_closed_pipe_ends_the_listing_quietly(tmp_path: Path, toy_project: Callable[..., Path],
                                                clean_environ: Callable[..., dict[str, str]]) -> None:
    """`claimkit list | head -0`: the reader is gone before claimkit writes; it stops without a traceback."""
    import os
    import subprocess

    project = toy_project(tmp_path / "project")
    read, write = os.pipe()
    os.close(read)  # the reader went away: every write raises BrokenPipeError (Python ignores SIGPIPE)
    proc = subprocess.Popen([sys.executable, "-m", "claimkit.cli", "list"], cwd=project, env=clean_environ(),
                            stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == b"", err


def test_a_run_names_the_html_report(tmp_path: Path, toy_project: Callable[..., Path],
                                     run_clean: Callable[..., Any]) -> None:
    """The last line of a run points at the page a reader opens: index.html."""
    project = toy_project(tmp_path / "project")
    proc = run_clean([sys.executable, "-m", "claimkit.cli", "run", "toy.double"], project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"report: {project.resolve() / 'reports' / 'index.html'}" in proc.stdout
