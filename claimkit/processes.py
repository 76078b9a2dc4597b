"""``claimkit run -n N``: the claims are collected once, in this process, and N − 1 forked copies of it
share the work.

Each process takes whole claims from one queue in shared memory: claims with more pieces first, and the
claims of the family it last worked on while that family has any left (as under pytest-xdist, see
:func:`claimkit.pytest_plugin.next_unit_for`). A forked process computes a claim's record, with every
piece of it in the order of the claim's tests, and leaves the results (and each piece's warnings) in a
file; this process adopts them (:meth:`Session.adopt`) and runs the claim's tests, which then read the
results instead of computing them, each raising again the warnings of its piece. So pytest reports every test
from one process, as in a serial run, and a claim's evidence is the same as a serial run's, since it
depends on the claim, the profile and the seed alone.

Nothing is lost when a forked process fails: a claim whose results it did not leave (it raised, or the
process died) is computed here, where whatever it raises is reported as in a serial run. Compared with
pytest-xdist, the project is imported and collected once instead of once per worker, and test reports do
not cross between processes. Needs ``os.fork``; ``claimkit run -n N`` uses it on Linux only (after a fork,
macOS's system libraries are not all safe to use) and pytest-xdist elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import pytest

    from .runner import Session

__all__ = ["pick_unit", "run_in_processes", "run_shares", "UnitQueue", "work_units"]


def work_units(items: Sequence[pytest.Item], group_of: Any, family_of: Any) -> tuple[list[list[pytest.Item]],
                                                                                     list[list[pytest.Item]]]:
    """The items grouped by claim, claims with more items first (ties in collection order), and the other
    units (a module that failed to load), each in collection order. ``group_of`` maps a node id to its
    unit, ``family_of`` a unit to its family (None for a unit that is not a claim)."""
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(group_of(item.nodeid), []).append(item)
    claims = sorted((unit for group, unit in units.items() if family_of(group) is not None), key=lambda u: -len(u))
    others = [unit for group, unit in units.items() if family_of(group) is None]
    return claims, others


def pick_unit(taken: Sequence[int], families: Sequence[str | None], family: str | None) -> int | None:
    """The unit a process takes next: the first not yet taken of ``family`` (the one it last worked on),
    else the first not taken; None when every unit is taken."""
    first = None
    for index, done in enumerate(taken):
        if done:
            continue
        if family is not None and families[index] == family:
            return index
        if first is None:
            first = index
    return first


class UnitQueue:
    """The claims' units and which are taken, in memory that forked processes share."""

    def __init__(self, families: list[str | None]) -> None:
        import multiprocessing

        self.families = families
        self._taken = multiprocessing.RawArray("b", len(families))
        self._lock = multiprocessing.Lock()

    def take(self, family: str | None) -> int | None:
        with self._lock:
            index = pick_unit(self._taken, self.families, family)
            if index is not None:
                self._taken[index] = 1
        return index

    def taken(self, index: int) -> bool:
        return bool(self._taken[index])


def _run_tests(unit: list[pytest.Item]) -> None:
    """pytest's own protocol for one unit's items (as its default run loop runs them)."""
    session = unit[0].session
    for i, item in enumerate(unit):
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=unit[i + 1] if i + 1 < len(unit) else None)
        if session.shouldfail:
            raise session.Failed(session.shouldfail)
        if session.shouldstop:
            raise session.Interrupted(session.shouldstop)


def _results_file(directory: Path, index: int) -> Path:
    return directory / f"{index}.pickle"


def _compute_in_child(queue: UnitQueue, units: list[list[Any]], claims: Session, directory: Path) -> NoReturn:
    """A forked process: take claims and leave their results until none is left, then end as a share of
    :func:`run_shares` does (``os._exit``, never returning into the parent's pytest run)."""

    def compute() -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # pytest reports from the parent only
        os.dup2(devnull, 2)
        family = None
        while (index := queue.take(family)) is not None:
            family = queue.families[index]
            claim = units[index][0].claim
            try:
                warned = {}
                for item in units[index]:  # in the tests' order, each piece's warnings kept for its test
                    with _warnings_as_in_a_test(item) as caught:
                        item.compute()
                    if caught:
                        warned[item.nodeid] = [(w.message, w.category, w.filename, w.lineno) for w in caught]
                data = pickle.dumps((claims.results_of(claim.id), warned), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # the parent computes this claim and reports what it raises
                continue
            path = _results_file(directory, index)
            partial = path.with_suffix(".partial")
            partial.write_bytes(data)
            partial.rename(path)  # whole or absent

    _run_share_in_child(compute)


@contextlib.contextmanager
def _warnings_as_in_a_test(item: pytest.Item) -> Iterator[list[warnings.WarningMessage]]:
    """Record warnings under the filters pytest applies while a test runs (those of its own
    ``Config._catch_configured_warnings``, then the test's ``filterwarnings`` marks): so a warning the
    configuration makes an error raises in the piece as in a serial run, and one it ignores is not kept.
    pytest 9.2 has the configured filters in force around its whole run loop already; they are applied
    again here so as not to depend on that, and the marks exist only per test."""
    from _pytest.config import apply_warning_filters, parse_warning_filter  # pytest's, not public

    config = item.config
    with warnings.catch_warnings(record=True) as caught:
        if not sys.warnoptions:
            warnings.filterwarnings("always", category=DeprecationWarning)
            warnings.filterwarnings("always", category=PendingDeprecationWarning)
        apply_warning_filters(config.getini("filterwarnings"), config.known_args_namespace.pythonwarnings or [])
        for mark in item.iter_markers(name="filterwarnings"):
            for arg in mark.args:
                warnings.filterwarnings(*parse_warning_filter(arg, escape=False))
        yield caught


class _WarningReplay:
    """A pytest plugin for the run's own process: the warnings a forked process caught while computing a
    test's piece are raised again in that test, where pytest's filters and its summary treat them as in
    a serial run."""

    def __init__(self) -> None:
        self.pending: dict[str, list[tuple[Any, type[Warning], str, int]]] = {}

    def pytest_runtest_call(self, item: pytest.Item) -> None:
        for message, category, filename, lineno in self.pending.pop(item.nodeid, []):
            # each as often as the forked process recorded it under the same filters: a registry of its own
            # keeps "once per location" from merging them here
            warnings.warn_explicit(message, category, filename, lineno, module=_module_of(filename), registry={})


def _module_of(filename: str) -> str | None:
    """The name of the loaded module whose file is ``filename`` (what a warning filter's module pattern is
    matched against), or None."""
    for name, module in list(sys.modules.items()):
        if getattr(module, "__file__", None) == filename:
            return name
    return None


def run_in_processes(items: Sequence[pytest.Item], claims: Session, processes: int, *, group_of: Any,
                     family_of: Any) -> None:
    """Run ``items`` (a claims run's tests) with ``processes`` − 1 forked processes computing claims."""
    units, others = work_units(items, group_of, family_of)
    queue = UnitQueue([family_of(group_of(unit[0].nodeid)) for unit in units])
    directory = Path(tempfile.mkdtemp(prefix="claimkit-processes-"))
    children: list[int] = []
    reported: set[int] = set()

    def report(index: int, *, wait: bool) -> None:
        """Run the tests of a unit another process took, adopting its results if it left them; without
        ``wait``, only once they are there."""
        path = _results_file(directory, index)
        if path.exists():
            results, warned = pickle.loads(path.read_bytes())
            claims.adopt(results)
            replay.pending.update(warned)
        elif not wait:
            return
        reported.add(index)
        _run_tests(units[index])

    replay = _WarningReplay()
    plugins = units[0][0].config.pluginmanager if units else None
    if plugins is not None:
        plugins.register(replay, "claimkit-warning-replay")
    try:
        for _ in range(processes - 1):
            pid = os.fork()
            if pid == 0:
                _compute_in_child(queue, units, claims, directory)
            children.append(pid)
        for unit in others:
            _run_tests(unit)
        family = None
        while (index := queue.take(family)) is not None:
            family = queue.families[index]
            reported.add(index)
            _run_tests(units[index])
            for other in range(len(units)):  # what the others finished meanwhile, so that it is not all left
                if other not in reported and queue.taken(other):  # to the end
                    report(other, wait=False)
        while children:
            os.waitpid(children[-1], 0)
            children.pop()  # only once reaped: one interrupted while waiting is still stopped below
        for index in range(len(units)):
            if index not in reported:
                report(index, wait=True)
    finally:
        _stop(children)  # still running only when this process stops early (a failure under -x, Ctrl-C)
        shutil.rmtree(directory, ignore_errors=True)
        if plugins is not None:
            plugins.unregister(replay)


def run_shares(shares: Sequence[Callable[[], object]]) -> None:
    """Run ``shares[0]`` here while each other share runs in a forked process, then wait for them.

    A share whose process did not end cleanly (it raised, or died) is run again here, after the others: what
    it raises is then raised here, as if every share had run in this process. So the shares must be safe to
    run twice (as writing whole files is). Without ``os.fork``, or with one share, all run here in turn.
    """
    if len(shares) < 2 or not hasattr(os, "fork"):
        for share in shares:
            share()
        return
    children: dict[int, int] = {}
    try:
        for index in range(1, len(shares)):
            pid = os.fork()
            if pid == 0:
                _run_share_in_child(shares[index])
            children[pid] = index
        shares[0]()
        again = []
        while children:
            pid = next(iter(children))
            _, status = os.waitpid(pid, 0)
            if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
                again.append(children[pid])
            del children[pid]  # only once reaped: one interrupted while waiting is still stopped below
        for index in sorted(again):
            shares[index]()
    finally:
        _stop(children)  # still running only when this process stops early (it raised, Ctrl-C)


def _stop(children: Iterable[int]) -> None:
    """Kill the forked processes ``children`` and reap them."""
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _run_share_in_child(share: Callable[[], object]) -> NoReturn:
    """A forked process (of :func:`run_shares` or :func:`run_in_processes`): run ``share``, then end with
    status 0 if it returned (1 if not) without running the parent's exit handlers or flushing its buffers
    (``os._exit``), so that it never returns into the parent's pytest run."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent stops it; nothing here to clean up
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        share()
        code = 0
    except BaseException:  # the parent does the work again and reports what it raises
        pass
    finally:
        os._exit(code)
