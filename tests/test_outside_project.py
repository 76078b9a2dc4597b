"""A new user's path, outside this repository: the wheel, a fresh venv, `claimkit init`, `new`, pytest, `run`.

The wheel is built from a copy of the checkout without its generated files (``*.egg-info``, ``build/``,
``.venv*``, ``reports/``, caches), as on a fresh clone: setuptools reads an existing
``claimkit.egg-info/SOURCES.txt`` (left by ``pip install -e .``) as part of the package data, which would
hide a file missing from ``[tool.setuptools.package-data]``, and building in the checkout would write
``build/`` and the egg-info there. The wheel goes into a new virtual environment (no system site
packages) with its dependencies from the package index; then, in an empty directory, the commands a user
types. Every command runs with a clean environment (no ``CLAIMKIT_*``, ``PYTEST_*``, ``PYTHONPATH``) and
a working directory outside the repository.

The wheel, the venv and the user's project are made once per test session and recorded: under
pytest-xdist the workers share them (the first one builds, under a file lock; the others read the
record), and every test asserts on the recorded commands and the files they left.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: each worker builds its own
    fcntl = None  # type: ignore[assignment]

REPO = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
WHEEL_NAME = f"claimkit-{VERSION}-py3-none-any.whl"
DIST_INFO = f"claimkit-{VERSION}.dist-info"
FAMILY, ARXIV = "demo", "2006.08217"
CLAIM = "demo.logsumexp_gradient"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""

#: Seconds each command may take before it is stopped and its test fails (a bare machine, a slow index).
TIMEOUTS = {"build": 900, "venv": 300, "install": 2400, "scaffold": 180, "pytest": 900, "run": 900, "probe": 180}

#: Generated or local files of a checkout, left out of the copy the wheel is built from.
NOT_IN_A_CHECKOUT = shutil.ignore_patterns(
    ".git", ".venv*", "*.egg-info", "build", "dist", "reports", ".hypothesis", "__pycache__", ".mypy_cache",
    ".ruff_cache", ".pytest_cache",
)


# -- running commands --------------------------------------------------------------------------------


def clean_env(venv: Path | None = None) -> dict[str, str]:
    """This process's environment without claimkit's, pytest's or Python's path settings; with ``venv``
    first on PATH, as after activating it."""
    dropped = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV", "__PYVENV_LAUNCHER__"}
    env = {k: v for k, v in os.environ.items()
           if k not in dropped and not k.startswith(("CLAIMKIT_", "PYTEST_"))}
    if venv is not None:
        env["PATH"] = str(venv / BIN) + os.pathsep + env.get("PATH", "")
        env["VIRTUAL_ENV"] = str(venv)
    return env


def _tail(text: str, limit: int = 6000) -> str:
    return text if len(text) <= limit else f"[... {len(text) - limit} characters cut ...]\n{text[-limit:]}"


@dataclasses.dataclass
class Step:
    """One command of the path and what it did."""

    name: str
    argv: list[str]
    cwd: str
    timeout: float
    returncode: int | None = None  # None: timed out, or could not be started
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def describe(self) -> str:
        """The command, how it ended, and its output: what a failure message shows."""
        if self.timed_out:
            ended = f"did not finish within {self.timeout:.0f} s: TIMED OUT and stopped"
        elif self.returncode is None:
            ended = "could not be started"
        else:
            ended = f"exited with status {self.returncode} after {self.seconds:.1f} s"
        return (f"{self.name}: `{shlex.join(self.argv)}` (in {self.cwd}) {ended}\n"
                f"--- stdout ---\n{_tail(self.stdout)}\n--- stderr ---\n{_tail(self.stderr)}")


def execute(name: str, argv: Sequence[str | Path], cwd: Path, env: dict[str, str], timeout: float) -> Step:
    """Run ``argv`` in its own process group; after ``timeout`` seconds stop the whole group."""
    step = Step(name, [str(a) for a in argv], str(cwd), timeout)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(step.argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, encoding="utf-8", errors="replace", start_new_session=True)
    except OSError as exc:
        step.stderr = f"{type(exc).__name__}: {exc}"
        return step
    try:
        step.stdout, step.stderr = proc.communicate(timeout=timeout)
        step.returncode = proc.returncode
    except subprocess.TimeoutExpired:
        step.timed_out = True
        _stop(proc)
        step.stdout, step.stderr = proc.communicate()
    finally:
        _stop(proc)
        step.seconds = round(time.monotonic() - start, 2)
    return step


def _stop(proc: subprocess.Popen[str]) -> None:
    if os.name == "nt":  # pragma: no cover
        proc.kill()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


@dataclasses.dataclass
class Journey:
    """The steps run so far (a failed step ends the journey) and facts recorded on the way."""

    steps: list[Step] = dataclasses.field(default_factory=list)
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)

    def run(self, name: str, argv: Sequence[str | Path], cwd: Path, env: dict[str, str], timeout: float) -> bool:
        step = execute(name, argv, cwd, env, timeout)
        self.steps.append(step)
        return step.ok

    @property
    def failed(self) -> Step | None:
        return next((s for s in self.steps if not s.ok), None)

    def reached(self, name: str) -> Step:
        """The step ``name``; the test fails, showing why, if an earlier step failed before it ran."""
        for step in self.steps:
            if step.name == name:
                return step
        failed = self.failed
        pytest.fail(f"`{name}` was not run because an earlier step failed:\n{failed.describe()}" if failed
                    else f"no step {name!r} was recorded", pytrace=False)

    def succeeded(self, name: str) -> Step:
        """The step ``name``, which must have exited with status 0."""
        step = self.reached(name)
        if not step.ok:
            pytest.fail(step.describe(), pytrace=False)
        return step

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(self)), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Journey:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls([Step(**s) for s in data["steps"]], data["facts"])


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    with open(lock, "a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def once(factory: pytest.TempPathFactory, key: str, make: Callable[[Path], Journey]) -> tuple[Path, Journey]:
    """``make(directory)`` run once per test session (shared by pytest-xdist's workers), then its record."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None:
        base = base.parent  # the session's directory, shared by its workers
    where = base / key
    if where.resolve().is_relative_to(REPO):
        pytest.fail(f"the temporary directory {where} lies inside the repository {REPO}: give pytest a "
                    "--basetemp outside it", pytrace=False)
    with _exclusive(base / f"{key}.lock"):
        record = where / "journey.json"
        if record.is_file():
            return where, Journey.load(record)
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        journey = make(where)
        journey.save(record)
    return where, journey


# -- the path: wheel and venv, then a user's project -------------------------------------------------


@dataclasses.dataclass
class Installed:
    root: Path
    journey: Journey = dataclasses.field(repr=False)

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def wheels(self) -> Path:
        return self.root / "wheels"

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def python(self) -> Path:
        return self.venv / BIN / f"python{EXE}"

    def env(self) -> dict[str, str]:
        return clean_env(self.venv)

    def probe(self, name: str, code: str, cwd: Path) -> Step:
        """Run ``code`` with the venv's python (a quick look inside the installation)."""
        self.journey.succeeded("pip install the wheel")
        return execute(name, [str(self.python), "-c", code], cwd, self.env(), TIMEOUTS["probe"])


def build_and_install(root: Path) -> Journey:
    journey = Journey()
    env = clean_env()
    shutil.copytree(REPO, root / "source", ignore=NOT_IN_A_CHECKOUT, symlinks=True)
    if not journey.run("build the wheel", [sys.executable, "-m", "pip", "wheel", root / "source", "--no-deps",
                                           "-w", root / "wheels"], root, env, TIMEOUTS["build"]):
        return journey
    if not journey.run("create the venv", [sys.executable, "-m", "venv", root / "venv"], root, env,
                       TIMEOUTS["venv"]):
        return journey
    venv_python = root / "venv" / BIN / f"python{EXE}"
    journey.run("pip install the wheel", [venv_python, "-m", "pip", "install", root / "wheels" / WHEEL_NAME],
                root, clean_env(root / "venv"), TIMEOUTS["install"])
    return journey


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from the checkout, installed in a new venv (once per session)."""
    root, journey = once(tmp_path_factory, "outside_project_install", build_and_install)
    return Installed(root, journey)


def files_under(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


@dataclasses.dataclass
class UserProject:
    root: Path
    journey: Journey = dataclasses.field(repr=False)

    @property
    def project(self) -> Path:
        return self.root / "project"

    @property
    def reports(self) -> Path:
        return self.project / "reports"

    def written_by_run(self, path: Path) -> bool:
        """Whether ``path`` was written after `claimkit run` started (not left by the pytest run before it)."""
        return path.stat().st_mtime >= (self.root / RUN_STARTED).stat().st_mtime


#: Touched just before `claimkit run` starts, beside the project.
RUN_STARTED = "claimkit-run.started"


@pytest.fixture(scope="module")
def user_project(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> UserProject:
    """An empty directory made a claims project with the demo family; pytest and `claimkit run` run there."""
    installed.journey.succeeded("pip install the wheel")

    def make(root: Path) -> Journey:
        journey = Journey()
        env = installed.env()
        claimkit = "claimkit"  # as a user types it: found on PATH, the venv's bin first
        project = root / "project"
        project.mkdir()
        if not journey.run("claimkit init", [claimkit, "init"], project, env, TIMEOUTS["scaffold"]):
            return journey
        if not journey.run("claimkit new", [claimkit, "new", FAMILY, "--paper", ARXIV], project, env,
                           TIMEOUTS["scaffold"]):
            return journey
        journey.facts["files_after_new"] = files_under(project)
        # -rA lists every passed test by its node id, so the output shows what was collected.
        if not journey.run("pytest", [installed.python, "-m", "pytest", "-rA"], project, env, TIMEOUTS["pytest"]):
            return journey
        (root / RUN_STARTED).touch()
        journey.run("claimkit run", [claimkit, "run"], project, env, TIMEOUTS["run"])
        return journey

    return UserProject(*once(tmp_path_factory, "outside_project_user", make))


# -- the wheel ---------------------------------------------------------------------------------------


def wheel_names(installed: Installed) -> list[str]:
    installed.journey.succeeded("build the wheel")
    built = sorted(p.name for p in installed.wheels.iterdir())
    assert built == [WHEEL_NAME], f"expected one wheel, {WHEEL_NAME}; the build left {built}"
    with zipfile.ZipFile(installed.wheels / WHEEL_NAME) as wheel:
        return sorted(wheel.namelist())


def test_wheel_holds_the_claimkit_package_alone(installed: Installed) -> None:
    """Every file of the wheel lies under claimkit/ or its dist-info: no theorems/, checks/ or fixtures/."""
    names = wheel_names(installed)
    stray = [n for n in names if n.split("/", 1)[0] not in ("claimkit", DIST_INFO)]
    assert stray == [], f"files outside claimkit/ and {DIST_INFO}/ in {WHEEL_NAME}:\n" + "\n".join(stray)
    assert sorted({n.split("/", 1)[0] for n in names}) == ["claimkit", DIST_INFO]


def test_wheel_ships_every_file_of_the_package(installed: Installed) -> None:
    """The wheel holds every file of claimkit/: its modules, py.typed, every template (templates/family/
    and templates/project/ too) and static/report.css."""
    names = set(wheel_names(installed))
    source = [f"claimkit/{f}" for f in files_under(installed.source / "claimkit")]
    for required in ("claimkit/py.typed", "claimkit/static/report.css", "claimkit/templates/family/",
                     "claimkit/templates/project/"):
        assert any(f.startswith(required) for f in source), f"the checkout has no {required} (copied from {REPO})"
    missing = [f for f in source if f not in names]
    assert missing == [], (f"{len(missing)} file(s) of the package are missing from {WHEEL_NAME} (see "
                           "[tool.setuptools.package-data] in pyproject.toml):\n" + "\n".join(missing))


# -- the venv ----------------------------------------------------------------------------------------

TOP_LEVEL = """
import importlib.metadata, json
from pathlib import Path
dist = importlib.metadata.distribution("claimkit")
site = Path(dist.locate_file("")).resolve()
inside, outside = set(), set()
for f in dist.files or []:
    path = Path(dist.locate_file(f)).resolve()
    if path.is_relative_to(site):
        inside.add(path.relative_to(site).parts[0])
    else:
        outside.add(str(path))
print(json.dumps({"site": str(site), "top_level": sorted(inside), "outside": sorted(outside)}))
"""


def test_installing_the_wheel_adds_claimkit_and_its_dist_info_alone(installed: Installed, tmp_path: Path) -> None:
    """The installation puts exactly claimkit/ and its dist-info in site-packages, and the claimkit script in bin/."""
    probe = installed.probe("list the installed files", TOP_LEVEL, tmp_path)
    assert probe.ok, probe.describe()
    found = json.loads(probe.stdout)
    assert Path(found["site"]).is_relative_to(installed.venv.resolve()), probe.describe()
    assert found["top_level"] == sorted(["claimkit", DIST_INFO]), probe.describe()
    assert found["outside"] == [str((installed.venv / BIN / f"claimkit{EXE}").resolve())], probe.describe()


def test_venv_is_isolated_from_the_system_and_the_repository(installed: Installed, tmp_path: Path) -> None:
    """The venv has no system site packages, imports claimkit from its site-packages and has nothing of
    the repository on sys.path."""
    cfg = (installed.venv / "pyvenv.cfg").read_text(encoding="utf-8")
    assert re.search(r"^include-system-site-packages\s*=\s*false$", cfg, re.M), cfg
    probe = installed.probe("where claimkit comes from", "import claimkit, json, sys; "
                            "print(json.dumps({'file': claimkit.__file__, 'path': sys.path}))", tmp_path)
    assert probe.ok, probe.describe()
    found = json.loads(probe.stdout)
    assert Path(found["file"]).resolve().is_relative_to(installed.venv.resolve()), probe.describe()
    leaks = [p for p in found["path"] if p and Path(p).resolve().is_relative_to(REPO)]
    assert leaks == [], f"sys.path entries inside {REPO}: {leaks}"


@pytest.mark.parametrize("name", ["theorems", "checks", "fixtures"])
def test_claims_folders_are_not_installed(installed: Installed, tmp_path: Path, name: str) -> None:
    """`import theorems` (checks, fixtures) fails in the venv: nothing is installed under that name."""
    probe = installed.probe(f"import {name}", f"import {name}", tmp_path)
    assert probe.returncode == 1, probe.describe()
    assert probe.stderr.rstrip().endswith(f"ModuleNotFoundError: No module named '{name}'"), probe.describe()


def test_claimkit_command_is_on_the_venv_path(installed: Installed, tmp_path: Path) -> None:
    """With the venv first on PATH, `claimkit` is the venv's script and `claimkit --help` works."""
    installed.journey.succeeded("pip install the wheel")
    env = installed.env()
    assert shutil.which("claimkit", path=env["PATH"]) == str(installed.venv / BIN / f"claimkit{EXE}")
    helped = execute("claimkit --help", ["claimkit", "--help"], tmp_path, env, TIMEOUTS["probe"])
    assert helped.ok, helped.describe()
    for command in ("init", "new", "run", "report"):
        assert command in helped.stdout, helped.describe()


# -- the user's project ------------------------------------------------------------------------------


def test_init_and_new_make_a_project_with_the_family(user_project: UserProject,
                                                     installed: Installed) -> None:
    """`claimkit init` then `claimkit new demo --paper 2006.08217` in an empty directory create the project
    files and the packages theorems/demo/ and checks/demo/, one module per family template."""
    project, journey = user_project.project, user_project.journey
    init, new = journey.succeeded("claimkit init"), journey.succeeded("claimkit new")
    templates = installed.source / "claimkit" / "templates" / "family"
    family = [f"{package}/{FAMILY}/{t.name.removesuffix('.tmpl')}" for package in ("theorems", "checks")
              for t in sorted((templates / package).glob("*.py.tmpl"))]
    base = [".gitignore", "checks/__init__.py", "fixtures/__init__.py", "pyproject.toml", "tests/claims.toml",
            "tests/conftest.py", "theorems/__init__.py"]
    assert journey.facts["files_after_new"] == sorted(base + family), init.describe() + "\n" + new.describe()
    assert f"theorems/{FAMILY}/__init__.py" in family and f"checks/{FAMILY}/__init__.py" in family, family
    created = [line.removeprefix("created ") for line in new.stdout.splitlines() if line.startswith("created ")]
    assert created == family, new.describe()
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["claimkit"] == {"reports": "reports"}


def test_pytest_in_the_project_passes_and_runs_the_verdict_test(user_project: UserProject) -> None:
    """The venv's `python -m pytest` in the project passes and has collected the claim's verdict test."""
    step = user_project.journey.reached("pytest")
    assert step.ok, step.describe()
    assert f"PASSED tests/claims.toml::{CLAIM}::verdict" in step.stdout.splitlines(), step.describe()
    summary = step.stdout.rstrip().splitlines()[-1]
    assert re.fullmatch(r"=+ \d+ passed(?:, \d+ warnings?)? in [\d.]+s(?: \([\d:]+\))? =+", summary), step.describe()


def test_claimkit_run_exits_0_with_the_claim_proved(user_project: UserProject) -> None:
    """`claimkit run` in the project exits 0 and its table shows the claim proved as expected."""
    step = user_project.journey.reached("claimkit run")
    assert step.ok, step.describe()
    assert re.search(rf"^{re.escape(CLAIM)}\s+proved\s+proved\s", step.stdout, re.M), step.describe()


def test_results_record_the_claim_proved_with_every_mutant_killed(user_project: UserProject) -> None:
    """reports/results.json holds the one claim: verdict == expected == proved, every mutant killed, no problem."""
    step = user_project.journey.reached("claimkit run")
    results = user_project.reports / "results.json"
    assert results.is_file(), f"{results} is missing\n{step.describe()}"
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["command"] == "claimkit run" and user_project.written_by_run(results), \
        f"{results} was not written by `claimkit run` (command: {data['command']!r})\n{step.describe()}"
    assert [c["id"] for c in data["claims"]] == [CLAIM], step.describe()
    [claim] = data["claims"]
    assert (claim["verdict"], claim["expected_verdict"]) == ("proved", "proved"), claim["verdict_reason"]
    assert claim["paper"]["arxiv"] == ARXIV
    assert claim["mutants"], "the worked example has no mutant"
    assert [m["name"] for m in claim["mutants"] if not m["killed"]] == [], claim["mutants"]
    assert claim["problems"] == []
    assert data["summary"]["problems"] == 0 and data["summary"]["mutants_killed"] == data["summary"]["mutants"]


def test_report_pages_name_the_claim_and_hold_its_figure(user_project: UserProject) -> None:
    """reports/index.html, claims/<id>.html and claims/<id>.md name the claim; its figure's SVG exists."""
    step = user_project.journey.reached("claimkit run")
    reports = user_project.reports
    for page in ("index.html", "index.md", f"claims/{CLAIM}.html", f"claims/{CLAIM}.md"):
        assert (reports / page).is_file(), f"reports/{page} is missing\n{step.describe()}"
        assert user_project.written_by_run(reports / page), f"reports/{page} was not written by `claimkit run`"
        assert CLAIM in (reports / page).read_text(encoding="utf-8"), f"reports/{page} does not name {CLAIM}"
    [claim] = json.loads((reports / "results.json").read_text(encoding="utf-8"))["claims"]
    assert claim["figures"], "the worked example has no figure"
    for figure in claim["figures"]:
        path = reports / figure["path"]
        assert path.suffix == ".svg" and path.is_file(), f"{path} is missing\n{step.describe()}"
        assert user_project.written_by_run(path), f"{path} was not written by `claimkit run`"
        assert "<svg" in path.read_text(encoding="utf-8"), f"{path} is not an SVG"
