"""pytest plugin: a ``claims.toml`` file becomes one test per claim derivation, check, mutant and verdict.

Test ids read like the claim: ``tests/claims.toml::ghosts.binary_radius::check::matches_nearest_zero``.
At session end the controller process (alone, under pytest-xdist) writes ``reports/results.json``
atomically and renders the report from it. With ``--claimkit-processes N`` (what ``claimkit run -n N``
passes on Linux) the run's own process reports every test while forked copies of it compute claims
(:mod:`claimkit.processes`).

The plugin is installed with claimkit and so loads in every pytest run of the environment, but it acts
only on runs that collect claims: a run whose paths hold a ``claims.toml``. Any other run (another
project's tests, or this project's engine tests alone) behaves as without claimkit: no header, no
scheduling of its own under ``-n N``, no environment variable read, nothing written.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import signal
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .cache import DerivationCache
from .cli import positive_int
from .model import REGISTRY, Claim
from .profiles import PROFILES, Profile, resolve_profile
from .project import ProjectError, find_project, load_project, project_at
from .records import CheckRecord, ClaimRecord, DerivationRecord, MutantRecord, Outcome

if TYPE_CHECKING:
    from .runner import Session

RECORD_KEY = "claimkit_record"
ROOT_KEY = "claimkit_root"
REGISTERED_KEY = "claimkit_registered"  # every claim id the process collected (sent once per process)
UNAVAILABLE_KEY = "claimkit_unavailable"  # families left out for a missing requirement (sent with the above)
CLAIMS_FILE = "claims.toml"
_STATE_KEY = pytest.StashKey["ClaimsRun"]()


class ClaimsRun:
    """What the plugin keeps for a run that collects claims."""

    def __init__(self, config: pytest.Config, profile: Profile) -> None:
        self.profile = profile
        self.reports_option = config.getoption("claimkit_reports") or os.environ.get("CLAIMKIT_REPORTS")
        self.filters: list[str] = list(config.getoption("claim") or [])
        self.use_cache = not config.getoption("claimkit_no_cache")
        self.reports_dir: Path | None = None
        self.root: Path | None = None
        self.session: Session | None = None
        self.records: dict[str, dict[str, Any]] = {}
        self.registered: set[str] = set()  # claim ids defined in the project, whether run or not
        self.unavailable: dict[str, str] = {}  # family -> why it was left out (REQUIRES not installed)
        self.registered_sent = False
        self.results_path: Path | None = None
        self.results_set_aside: str | None = None  # what happened to an unreadable results.json
        self.previous_sigterm: Any = None
        self.gc_threshold: tuple[int, int, int] | None = None  # the collector's, before the run raised it
        self.thread_limits: Any = None  # threadpoolctl's limits while claims run (BLAS on one thread)
        self.started = time.perf_counter()
        self.is_worker = hasattr(config, "workerinput")
        self.processes: int = config.getoption("claimkit_processes")

    def bind(self, root: Path, reports: Path | None = None) -> None:
        """Attach the run to the project at ``root`` (its report directory ``reports``, by default
        ``root/reports``); the controller of an xdist run learns the root from its workers."""
        if self.root is None:
            self.root = root
            if self.reports_option and self.reports_option.lower() == "none":
                self.reports_dir = None
            elif self.reports_option:
                self.reports_dir = Path(self.reports_option).resolve()
            else:
                self.reports_dir = reports or root / "reports"

    def claims_session(self) -> Session:
        """The session that runs the claims' pieces, made on first use: only a process that runs claims
        needs it (and the runner's imports, sympy and hypothesis); the controller of an xdist run does not."""
        if self.session is None:
            assert self.root is not None, "the run is bound to its project at collection"
            from .fuzz import database_dir
            from .runner import Session

            db = database_dir(self.root)
            cache = DerivationCache(self.root) if self.use_cache else None
            self.session = Session(self.profile, self.reports_dir, db if db.is_dir() else None, cache)
        return self.session


def claims_run(config: pytest.Config) -> ClaimsRun | None:
    """The run's claimkit state, or None when the run collects no claims."""
    return config.stash.get(_STATE_KEY, None)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("claimkit", "claimkit: verify machine-learning theory claims (runs that collect a "
                                        "claims.toml)")
    group.addoption("--claimkit-profile", choices=PROFILES, default=None,
                    help="hypothesis profile: ci (default; fixed seeds, fast) or thorough (>=10x examples)")
    group.addoption("--claimkit-seed", default=None, help="seed for the thorough profile (printed each run)")
    group.addoption("--claimkit-reports", default=None,
                    help="directory for results.json and the report (default: <project>/reports; 'none': do not write)")
    group.addoption("--claimkit-no-cache", action="store_true", default=False,
                    help="recompute every derivation (default: reuse results cached under .claimkit/cache/ "
                         "while the family's sources, claimkit and sympy are unchanged)")
    group.addoption("--claim", action="append", default=[], metavar="ID",
                    help="run only this claim id, id prefix or family (repeatable)")
    group.addoption("--claimkit-processes", type=positive_int("processes"), default=1, metavar="N",
                    help="share the claims' work with N - 1 processes forked after one collection (what "
                         "`claimkit run -n N` does on Linux; needs os.fork); pytest -n N is pytest-xdist's way")


def collects_claims(config: pytest.Config) -> bool:
    """Whether a ``claims.toml`` lies under the run's paths (its arguments, or testpaths), found as
    pytest would: hidden directories and ``norecursedirs`` are skipped, and so are ``--ignore`` paths."""
    norecurse = list(config.getini("norecursedirs")) + ["__pycache__"]
    ignored = {Path(p).resolve() for p in (config.getoption("ignore", None) or [])}
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::", 1)[0]).resolve()
        if path.is_file():
            if path.name == CLAIMS_FILE:
                return True
            continue
        for directory, subdirs, files in os.walk(path):
            if CLAIMS_FILE in files and Path(directory) not in ignored:
                return True
            subdirs[:] = [d for d in subdirs if (Path(directory) / d).resolve() not in ignored
                          and not any(fnmatch.fnmatch(d, pattern) for pattern in norecurse)]
    return False


def pytest_configure(config: pytest.Config) -> None:
    if not collects_claims(config):
        if config.getoption("claim"):
            raise pytest.UsageError("--claim: this run collects no claims (no claims.toml under its paths)")
        return
    worker_seed = getattr(config, "workerinput", {}).get("claimkit_seed")
    try:
        profile = resolve_profile(config.getoption("claimkit_profile"),
                                  worker_seed if worker_seed is not None else config.getoption("claimkit_seed"))
    except ValueError as exc:
        raise pytest.UsageError(f"claimkit: {exc}") from None
    state = ClaimsRun(config, profile)
    if state.processes > 1:
        if getattr(config.option, "numprocesses", None) or state.is_worker:
            raise pytest.UsageError("claimkit: --claimkit-processes and -n (pytest-xdist) are two ways to run in "
                                    "parallel: give one of them")
        if not hasattr(os, "fork"):
            raise pytest.UsageError("claimkit: --claimkit-processes needs os.fork, which this platform lacks: "
                                    "run pytest -n N (pytest-xdist) instead")
    if not state.is_worker:
        _check_reports_option(state.reports_option)
        _stop_on_sigterm_as_on_ctrl_c(state)
    config.stash[_STATE_KEY] = state
    config.pluginmanager.register(_RecordCollector(state), "claimkit-records")
    if not state.is_worker:  # added now, so that it runs after pytest's own cleanups (they run last-in first-out)
        config.add_cleanup(functools.partial(_restore_process, state))


def _restore_process(state: ClaimsRun) -> None:
    """The garbage collector and the BLAS threads as the process had them, for a run inside another
    process, once pytest's own last collections (at unconfigure and in its cleanups) have run and skipped
    the frozen objects. An xdist worker ends with the run: nothing to restore there."""
    if state.gc_threshold is not None:
        import gc

        gc.unfreeze()
        gc.set_threshold(*state.gc_threshold)
        state.gc_threshold = None
    if state.thread_limits is not None:
        state.thread_limits.restore_original_limits()
        state.thread_limits = None


def pytest_unconfigure(config: pytest.Config) -> None:
    state = claims_run(config)
    if state is not None and state.previous_sigterm is not None:
        signal.signal(signal.SIGTERM, state.previous_sigterm)


def _check_reports_option(option: str | None) -> None:
    """A report directory given by --claimkit-reports or CLAIMKIT_REPORTS must be writable before anything
    runs: a run that cannot write its results would lose them."""
    if not option or option.lower() == "none":
        return
    path = Path(option)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".claimkit-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise pytest.UsageError(f"claimkit: cannot write the report to {option}: {exc.strerror or exc}") from None


def _stop_on_sigterm_as_on_ctrl_c(state: ClaimsRun) -> None:
    """SIGTERM ends the run as Ctrl-C does: the claims verified so far are written, the others carried over."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt("SIGTERM")

    state.previous_sigterm = signal.signal(signal.SIGTERM, interrupt)


def claim_group(nodeid: str) -> str:
    """The work unit of a test under pytest-xdist: a claims file's items group by claim (its
    derivations, checks, mutants and verdict run on one worker, so each piece runs once there); any
    other test is its own unit. A claim's evidence depends on the claim, the profile and the seed
    alone, so the verdict a worker computes for a refinement it needs equals the one computed where
    that refinement is its own unit."""
    path, sep, rest = nodeid.partition("::")
    if sep and path.endswith(CLAIMS_FILE):
        return f"{path}::{rest.split('::', 1)[0]}"
    return nodeid


def family_of_group(group: str) -> str | None:
    """The claim family of a work unit (:func:`claim_group`), None for a unit that is not a claim."""
    path, sep, claim_id = group.partition("::")
    if not sep or not path.endswith(CLAIMS_FILE) or "." not in claim_id:
        return None
    return claim_id.split(".", 1)[0]


def next_unit_for(queue: Sequence[str], family: str | None) -> str:
    """The work unit a worker takes next from ``queue`` (largest first): the first of the family it last
    worked on while that family has units left, so that a family's claims share one process's caches
    (a refinement's pieces, a training run several claims read); otherwise the first unit. The same choice
    as a forked process makes (:func:`claimkit.processes.pick_unit`), over the units not yet taken."""
    from .processes import pick_unit

    index = pick_unit([0] * len(queue), [family_of_group(group) for group in queue], family)
    assert index is not None, "xdist asks for a unit only while its queue has some"
    return queue[index]


def pending_items(workload: dict[str, dict[str, bool]], finished: dict[int, dict[str, bool]]) -> int:
    """The items of ``workload`` (work unit → {node id: completed}) not yet completed: the count xdist's
    ``LoadScopeScheduling._pending_of`` makes after every test, without scanning again a unit already
    found complete. A completed item is never marked pending again (a crashed worker's unfinished units go
    back to the queue with their completed items still marked), so such a unit stays complete; ``finished``
    holds those units by id and keeps them alive, so that an id is never reused. xdist's own count scans
    every unit a worker was ever given, each time one of its tests completes: with claims as units, a
    quadratic cost in the number of tests."""
    pending = 0
    for unit in workload.values():
        if id(unit) in finished:
            continue
        left = sum(1 for done in unit.values() if not done)
        if left:
            pending += left
        else:
            finished[id(unit)] = unit
    return pending


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``-n N``, keep each claim's items on one worker, so that each piece of a claim runs
    once (xdist's default "load" splits a claim's pieces across workers, and its "loadgroup" marks
    do not reach node ids under pytest 9.2). Units with more items go first, and a worker keeps to one
    family while it has claims left (:func:`next_unit_for`); pending tests are counted without rescanning
    finished units (:func:`pending_items`). A --dist the user chose stands, and a run
    that collects no claims keeps xdist's own scheduling."""
    if claims_run(config) is None or config.getvalue("dist") != "load" or _dist_chosen_by_user(config):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ClaimGroupScheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist ships no type information
        def _split_scope(self, nodeid: str) -> str:
            return claim_group(nodeid)

        def _assign_work_unit(self, node: Any) -> None:
            families: dict[Any, str | None] = self.__dict__.setdefault("_claimkit_families", {})
            group = next_unit_for(list(self.workqueue), families.get(node))
            self.workqueue.move_to_end(group, last=False)  # the unit xdist pops next
            families[node] = family_of_group(group)
            super()._assign_work_unit(node)

        def _pending_of(self, workload: dict[str, dict[str, bool]]) -> int:
            return pending_items(workload, self.__dict__.setdefault("_claimkit_finished", {}))

    return ClaimGroupScheduling(config, log)


def _dist_chosen_by_user(config: pytest.Config) -> bool:
    """Whether --dist (or -d) was given on the command line, in PYTEST_ADDOPTS or in the ini addopts."""
    args = [*config.invocation_params.args, *os.environ.get("PYTEST_ADDOPTS", "").split(),
            *(config.getini("addopts") or [])]
    return any(a == "-d" or a == "--dist" or a.startswith("--dist=") for a in args)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    state = claims_run(node.config)
    if state is not None:
        node.workerinput["claimkit_seed"] = state.profile.seed


def pytest_report_header(config: pytest.Config) -> str | None:
    state = claims_run(config)
    if state is None:
        return None
    p = state.profile
    if p.name == "thorough":
        return f"claimkit: profile thorough, seed {p.seed} (replay with CLAIMKIT_SEED={p.seed})"
    return f"claimkit: profile ci (fixed seed {p.seed})"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name == CLAIMS_FILE and claims_run(parent.config) is not None:
        return ClaimsFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Once the claims are collected, the objects alive (modules, sympy's caches, the registry) live
    to the end of the run: ``gc.freeze`` spares every full collection from scanning them again, and a
    larger first-generation threshold collects less often while checks allocate. A check's evidence
    does not depend on when garbage is collected."""
    state = claims_run(session.config)
    if state is None or not session.items:
        return
    import gc

    gc.collect()
    gc.freeze()
    state.gc_threshold = gc.get_threshold()
    first, second, third = state.gc_threshold
    gc.set_threshold(max(first, GC_FIRST_GENERATION), second, third)
    _single_threaded_blas(state)


def _single_threaded_blas(state: ClaimsRun) -> None:
    """BLAS and OpenMP run on one thread while claims run. The checks' matrices are small, where a
    second thread costs more in hand-offs than it saves (and under ``-n 2`` each worker's threads would
    compete for the same two cores); and a product split across threads sums in an order that depends
    on the thread count, so a result would depend on the machine's cores. Restored when the run ends
    inside another process."""
    from threadpoolctl import threadpool_limits

    state.thread_limits = threadpool_limits(limits=1)


#: The first generation's collection threshold during a claims run (Python's default is 700).
GC_FIRST_GENERATION = 10_000


def _family_of_load_error(key: str) -> str | None:
    """``theorems.ghosts`` and ``checks.ghosts`` belong to the family ``ghosts``; ``theorems`` to none."""
    return key.split(".")[1] if "." in key else None


class ClaimsFile(pytest.File):
    def collect(self) -> Any:
        with open(self.path, "rb") as fh:
            cfg = tomllib.load(fh).get("claimkit", {})
        try:
            project = (project_at(self.path.parent / cfg["root"]) if "root" in cfg
                       else find_project(self.path.parent))
        except ProjectError as exc:
            raise pytest.UsageError(f"{self.path}: {exc}") from None
        state = claims_run(self.config)
        assert state is not None
        state.bind(project.root, project.reports)
        registry = load_project(project)
        state.registered.update(registry.claims)
        state.unavailable.update(registry.unavailable)
        unknown = registry.unknown(state.filters)
        if unknown:
            raise pytest.UsageError(f"--claim: {'; '.join(unknown)}")
        selected = registry.select(state.filters)
        if selected and state.reports_dir is not None:
            from .figures import warm_up

            warm_up()  # here, at collection: the one-time cost is not charged to the first claim that draws
        families = {c.family for c in selected}
        families_with_claims = {c.family for c in registry.claims.values()}
        for key, tb in sorted(registry.load_errors.items()):
            family = _family_of_load_error(key)
            if state.filters and family not in families:
                continue
            yield LoadErrorItem.from_parent(self, name=f"load::{key}", module=key, tb=tb,
                                            standalone=family not in families_with_claims)
        for claim in selected:
            yield ClaimCollector.from_parent(self, name=claim.id, claim=claim)


class ClaimCollector(pytest.Collector):
    def __init__(self, *, claim: Claim, **kw: Any) -> None:
        super().__init__(**kw)
        self.claim = claim
        # for an explicit --dist loadgroup (the default -n N run groups through pytest_xdist_make_scheduler)
        self.add_marker(pytest.mark.xdist_group(claim.family))

    def collect(self) -> Any:
        c = self.claim
        if REGISTRY.family_errors.get(c.family) is None:
            for kind, names in (
                ("derivation", [d.name for d in c.derivations]),
                ("check", [k.name for k in c.checks]),
                ("mutant", [m.name for m in c.mutants]),
            ):
                if names:
                    yield PieceGroup.from_parent(self, name=kind, claim=c, kind=kind, names=names)
        yield VerdictItem.from_parent(self, name="verdict", claim=c)


class PieceGroup(pytest.Collector):
    def __init__(self, *, claim: Claim, kind: str, names: list[str], **kw: Any) -> None:
        super().__init__(**kw)
        self.claim, self.kind, self.names = claim, kind, names

    def collect(self) -> Any:
        for name in self.names:
            yield PieceItem.from_parent(self, name=name, claim=self.claim, kind=self.kind)


class ClaimkitFailure(Exception):
    """A claim piece failed; the message is the whole story."""


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> bool | None:
    """With --claimkit-processes N, the collected tests run here while N - 1 forked processes compute
    claims for them (:mod:`claimkit.processes`); otherwise pytest's own loop runs them."""
    state = claims_run(session.config)
    if state is None or state.processes <= 1 or not session.items or session.config.option.collectonly:
        return None
    if session.testsfailed and not session.config.option.continue_on_collection_errors:
        return None  # pytest's own loop stops the run, saying why
    from .processes import run_in_processes

    run_in_processes(session.items, state.claims_session(), state.processes, group_of=claim_group,
                     family_of=family_of_group)
    return True


class _Item(pytest.Item):
    claim: Claim

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, ClaimkitFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def _state(self) -> ClaimsRun:
        state = claims_run(self.config)
        assert state is not None, "claim items exist only in runs that collect claims"
        return state

    def _session(self) -> Session:
        return self._state().claims_session()

    def _send_root_and_registered(self) -> None:
        """Tell the controller (under pytest-xdist) the project root and, once, the claims defined."""
        state = self._state()
        self.user_properties.append((ROOT_KEY, json.dumps([str(state.root), str(state.reports_dir or "")])))
        if not state.registered_sent:
            self.user_properties.append((REGISTERED_KEY, json.dumps(sorted(state.registered))))
            self.user_properties.append((UNAVAILABLE_KEY, json.dumps(state.unavailable)))
            state.registered_sent = True

    def _replay_hint(self) -> str:
        p = self._session().profile
        cmd = f"claimkit run {self.claim.id} --profile {p.name}"
        if p.name == "thorough":
            cmd += f" --seed {p.seed}"
        return f"\nreproduce: {cmd}"


class PieceItem(_Item):
    def __init__(self, *, claim: Claim, kind: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.claim, self.kind = claim, kind

    def reportinfo(self) -> tuple[Any, int, str]:
        # Not a suffix of the node id: pytest -v would print the id's dots as "::" (its rule for test functions).
        return self.path, 0, f"{self.claim.id} {self.kind} {self.name}"

    def compute(self) -> DerivationRecord | CheckRecord | MutantRecord:
        """The piece's record, which the test judges: run now, unless this process has it already."""
        s, c = self._session(), self.claim
        if self.kind == "derivation":
            return s.derivation(c, self.name)
        if self.kind == "check":
            return s.check(c, self.name)
        return s.mutant(c, self.name)

    def runtest(self) -> None:
        c = self.claim
        record = self.compute()
        if isinstance(record, DerivationRecord):
            if record.status == "error":
                raise ClaimkitFailure(f"derivation {self.name} of {c.id} raised:\n{record.error}")
        elif isinstance(record, CheckRecord):
            self._judge_check(record)
        else:
            m = record
            if m.problem:
                raise ClaimkitFailure(f"mutant {self.name} of {c.id}: {m.problem}")
            if not m.killed:
                ran = ", ".join(f"{k}: {v}" for k, v in m.outcomes.items())
                raise ClaimkitFailure(
                    f"mutant {self.name} of {c.id} SURVIVED ({m.description}).\n"
                    f"Every check accepted it ({ran}): the checks are too weak to tell it from the claim."
                )

    def _judge_check(self, r: CheckRecord) -> None:
        c = self.claim
        head = f"check {self.name} of {c.id}"
        if r.outcome is Outcome.ERROR:
            raise ClaimkitFailure(f"{head} raised:\n{r.error}{self._replay_hint()}")
        if r.outcome is Outcome.PASSED:
            return
        if r.outcome is Outcome.FAILED:
            cx = r.counterexample
            inputs = ", ".join(f"{k}={v['repr']}" for k, v in cx.inputs.items()) if cx else ""
            text = (f"{head} failed: {cx.message if cx else None}\n  counterexample: {inputs or '(deterministic)'}\n"
                    f"  re-verified: {cx.confirmed if cx else None} ({cx.confirmation if cx else None})")
            if c.expected in ("refuted", "conditional") and cx is not None and cx.confirmed:
                return  # the refutation the team expects; the verdict item checks the rest
            raise ClaimkitFailure(text + self._replay_hint())
        if c.expected != "inconclusive":
            raise ClaimkitFailure(
                f"{head} is inconclusive: {r.valid_examples} valid examples of {r.examples} tried, "
                f"fewer than its minimum {r.min_valid}{self._replay_hint()}"
            )


class VerdictItem(_Item):
    def __init__(self, *, claim: Claim, **kw: Any) -> None:
        super().__init__(**kw)
        self.claim = claim

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, 0, f"{self.claim.id} verdict"

    def compute(self) -> ClaimRecord:
        """The claim's record, which the test judges: made now, unless this process has it already."""
        return self._session().record(self.claim)

    def runtest(self) -> None:
        rec = self.compute()
        self.user_properties.append((RECORD_KEY, json.dumps(rec.to_json(), allow_nan=False, default=str)))
        self._send_root_and_registered()
        if rec.problems:
            lines = "\n".join(f"  - {p}" for p in rec.problems)
            raise ClaimkitFailure(
                f"{self.claim.id}: computed verdict {rec.verdict} (expected {self.claim.expected})\n"
                f"{lines}{self._replay_hint()}"
            )


class LoadErrorItem(_Item):
    def __init__(self, *, module: str, tb: str, standalone: bool, **kw: Any) -> None:
        super().__init__(**kw)
        self.module, self.tb, self.standalone = module, tb, standalone

    def runtest(self) -> None:
        if self.standalone:
            from .results import load_error_record

            rec = load_error_record(self.module, self.tb)
            self.user_properties.append((RECORD_KEY, json.dumps(rec)))
            self._send_root_and_registered()
        raise ClaimkitFailure(f"module {self.module} failed to load; its claims are reported as errors:\n{self.tb}")


class _RecordCollector:
    """Gathers claim records from test reports (the workers' too, under pytest-xdist)."""

    def __init__(self, state: ClaimsRun) -> None:
        self.state = state

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for key, value in getattr(report, "user_properties", []):
            if key == RECORD_KEY:
                rec = json.loads(value)
                self.state.records[rec["id"]] = rec
                from_worker = hasattr(report, "node")
                if (from_worker or self.state.processes > 1) and (self.state.reports_option or "").lower() != "none":
                    _warm_math(rec)
            elif key == ROOT_KEY and self.state.root is None:  # the controller never collects
                root, reports = json.loads(value)
                self.state.bind(Path(root), Path(reports) if reports else None)
            elif key == REGISTERED_KEY:
                self.state.registered.update(json.loads(value))
            elif key == UNAVAILABLE_KEY:
                self.state.unavailable.update(json.loads(value))


def _warm_math(record: dict[str, Any]) -> None:
    """In a parallel run, each claim's texts are converted for the report as its record comes in (see
    :func:`claimkit.report_html.warm_math`), not all of them at the end, when nothing else runs: under
    pytest-xdist by the controller, while the workers run; under --claimkit-processes by the run's own
    process between claims, which leaves more claims to the forked ones."""
    from .report_html import warm_math

    warm_math(record)


@pytest.hookimpl(tryfirst=True)  # under -n N: every record is in; the workers shut down while this renders
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = claims_run(session.config)
    if state is None or state.is_worker or not state.records or state.root is None:
        return
    records = state.records
    if state.reports_dir is None:  # --claimkit-reports none
        return
    from .render import render_all
    from .results import ResultsError, assemble, command_line, read_results, set_aside, write_json_atomic

    path = state.reports_dir / "results.json"
    previous = None
    if path.exists():  # claims still defined but not run this time (--claim, -k, an interrupt) carry over
        try:
            previous = read_results(path)
        except ResultsError as exc:  # kept, never overwritten: the earlier results may be worth recovering
            aside = set_aside(path)
            state.results_set_aside = (f"{exc}; it was moved to {aside.name}, and claims not run this time "
                                       "are not carried over")
    data = assemble(
        records.values(),
        profile=state.profile.as_dict(),
        root=state.root,
        previous=previous,
        registered=state.registered,
        wall_seconds=time.perf_counter() - state.started,
        command=command_line(),
        unavailable=state.unavailable,
    )
    if state.processes > 1:  # -n N: results.json is written by a forked process while this one and N - 1
        # others write the pages (claimkit.processes.run_shares: if it fails there, it is written again here,
        # where the error is raised)
        from .processes import run_shares

        run_shares([functools.partial(render_all, data, state.reports_dir, processes=state.processes),
                    functools.partial(write_json_atomic, data, path)])
    else:
        write_json_atomic(data, path)
        render_all(data, state.reports_dir)
    state.results_path = path


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = claims_run(config)
    if state is None or state.is_worker or not state.records:
        return
    from .render import verdict_table

    tr = terminalreporter
    tr.section("claimkit verdicts")
    p = state.profile
    if p.name == "thorough":
        tr.write_line(f"profile thorough, seed {p.seed}: replay with CLAIMKIT_SEED={p.seed} "
                      f"(or --claimkit-seed {p.seed})")
    for line in verdict_table(sorted(state.records.values(), key=lambda r: (r["family"], r["id"]))):
        tr.write_line(line)
    for family, reason in sorted(state.unavailable.items()):
        tr.write_line(f"claimkit: family {family} left out: it {reason}; install them to run its claims",
                      yellow=True)
    if state.results_set_aside:
        tr.write_line(f"claimkit: the previous results could not be used: {state.results_set_aside}", yellow=True)
    path = state.results_path
    if path:
        tr.write_line(f"results: {path}   report: {path.parent / 'index.html'}")
