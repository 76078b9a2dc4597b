"""Runs derivations, checks and mutants, and computes each claim's verdict from the evidence.

One :class:`Session` per process caches every piece it ran, so a piece runs once even when the
verdict needs it before its own test item comes up (filtered runs, pytest-xdist workers); a session
can adopt the results another process's session computed for a claim (:mod:`claimkit.processes`).
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
import time
import traceback
import unittest
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable, UnsatisfiedAssumption

from ._hypothesis import fixed_constant_pool, set_database_key
from .cache import DerivationCache
from .derive import Derivation
from .evidence import CheckFailure, Evidence, _plain
from .model import REGISTRY, CheckSpec, Claim, DerivationSpec, MutantSpec
from .profiles import Profile, stable_seed
from .records import (
    CheckRecord,
    ClaimRecord,
    Counterexample,
    DerivationRecord,
    Json,
    MutantRecord,
    Outcome,
    Verdict,
    WorstCase,
)

__all__ = ["Session", "ClaimResults", "CheckRun", "compute_verdict", "run_check", "run_derivation", "suite_problems"]

#: ``figure_sink(claim, name, figure, caption)`` saves a figure a check drew and returns its entry.
FigureSink = Callable[[Claim, str, Any, str], Json]


def _tb(exc: BaseException, limit: int = 12) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=limit))


def run_derivation(spec: DerivationSpec) -> DerivationRecord:
    """Run one derivation function and return its record."""
    d = Derivation()
    start = time.perf_counter()
    try:
        spec.fn(d)
        error = None
    except Exception as exc:  # the derivation itself is broken: an error, never a pass
        error = _tb(exc)
        d.status = "error"
    return DerivationRecord(name=spec.name, description=spec.doc, status=d.status, steps=d.steps,
                            residual=d.residual, reason=d.reason, error=error,
                            seconds=round(time.perf_counter() - start, 4), shows=spec.shows)


def _case_for_report(case: Json) -> Json:
    return {k: {"value": _plain(v), "repr": repr(v)} for k, v in case.items()}


#: Arrays up to this many entries are shown in full in a counterexample; larger ones are summarised.
SHOWN_IN_FULL = 400


def _shown_for_report(shown: Json) -> Json:
    """Each shown value as data: its value (in full up to :data:`SHOWN_IN_FULL` entries), and for an
    array its shape, or for a larger one a summary instead of the entries."""
    import numpy as np

    out: Json = {}
    for name, value in shown.items():
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            arr = None
        if arr is None or arr.ndim == 0:
            out[name] = {"value": _plain(value), "repr": repr(value)}
        elif arr.size <= SHOWN_IN_FULL:
            out[name] = {"value": [_plain(v) for v in arr.tolist()], "shape": list(arr.shape)}
        else:
            finite = arr[np.isfinite(arr)]
            out[name] = {"value": None, "shape": list(arr.shape), "summary": {
                "min": _plain(float(finite.min())) if finite.size else None,
                "max": _plain(float(finite.max())) if finite.size else None,
                "mean": _plain(float(finite.mean())) if finite.size else None,
                "non_finite": int(arr.size - finite.size)}}
    return out


class _MutantRejected(BaseException):
    """The check rejected a mutant: the run ends at that example. A mutant run keeps only its first
    rejection (no shrinking); hypothesis would still run the failing example once more and format its
    traceback, about 15% of all mutant time. Outside ``Exception``, this passes through hypothesis
    unchanged, as Ctrl-C does, and the record is the same as before."""


#: The examples a check's run drew, in order, each as ``[case, valid]`` (valid: the check did not reject it
#: by ``assume``).
DrawnExamples = list[list[Any]]


def run_check(claim: Claim, spec: CheckSpec, subject: Any, profile: Profile, *, mutant: str | None = None,
              figure_sink: FigureSink | None = None, database_dir: Path | None = None,
              replay: DrawnExamples | None = None) -> CheckRecord:
    """Run one check against ``subject`` (the claim's own, or a mutant's) and return its evidence.

    ``replay``: for a mutant, the examples the claim's own run of this check drew (:attr:`CheckRun.drawn`),
    run in their order instead of drawing them again; if one of them is valid for the mutant but was not
    for the claim, or the other way round, the mutant run draws its examples through hypothesis instead."""
    def check_run(replay: DrawnExamples | None) -> CheckRun:
        return CheckRun(claim, spec, subject, profile, mutant=mutant, figure_sink=figure_sink,
                        database_dir=database_dir, replay=replay)

    run = check_run(replay)
    record = run.run()
    return check_run(None).run() if run.diverged else record


class CheckRun:
    """One run of one check against one subject: the claim's own (``mutant=None``) or a mutant.

    The examples drawn depend on the check, the profile and its seed alone, not on what the process
    imported before (see :func:`claimkit._hypothesis.fixed_constant_pool`).

    A mutant draws, from the same seed, the examples the claim's own run drew, in the same order, until
    one rejects it: without targeting, what hypothesis generates next depends on the seed and on which
    earlier examples were valid, not on anything else the check did. So a mutant run may be given those
    examples with their validity (``replay``) and run them directly. The claim's own run keeps them
    (:attr:`drawn`) when it drew them without targeting and none failed, each copied before the check could
    change it. A replay stops (``diverged``) at the first example whose validity differs from the claim's
    run (an ``assume`` on the subject's output), after which hypothesis would draw differently; so does a
    claim run that failed, errored or targeted: the mutant run then draws through hypothesis.
    """

    def __init__(self, claim: Claim, spec: CheckSpec, subject: Any, profile: Profile, *,
                 mutant: str | None = None, figure_sink: FigureSink | None = None,
                 database_dir: Path | None = None, replay: DrawnExamples | None = None) -> None:
        self.claim, self.spec, self.subject, self.profile = claim, spec, subject, profile
        self.mutant, self.figure_sink, self.database_dir = mutant, figure_sink, database_dir
        self.deterministic = spec.given is None
        self.replay = replay if mutant is not None and not self.deterministic else None
        self.diverged = False  # a replayed example's validity differed: the run must be redone by hypothesis
        #: the examples this run drew, in order, each with whether it was valid (the claim's own run without
        #: targeting, if no example failed; None otherwise)
        self.drawn: DrawnExamples | None = None
        self._recording = False
        self.max_examples = profile.examples_for(spec.examples, spec.thorough_factor, self.deterministic)
        scaled = profile.scale_examples and not self.deterministic
        self.min_valid = spec.min_valid * spec.thorough_factor if scaled else spec.min_valid
        self.targeting = profile.targeting and not self.deterministic and mutant is None
        self.tried = self.valid = 0
        self.at_first_failure: tuple[int, int] | None = None  # (tried, valid) when the first failure came
        self.failure: tuple[Json, BaseException, Json] | None = None  # the last failing case (shrunk), why,
        # and what the check showed of it (ev.show)
        self.worst: dict[str, tuple[float, Json]] = {}  # label -> (smallest margin, its case)
        self.notes: list[str] = []
        self.metrics: Json = {}
        self.tables: dict[str, list[Json]] = {}
        self.figures: list[Json] = []
        self.seed: int | None = None

    # -- running ---------------------------------------------------------------------------------------

    def run(self) -> CheckRecord:
        start = time.perf_counter()
        outcome, error = Outcome.PASSED, None
        try:
            with fixed_constant_pool():
                self._execute()
        except (CheckFailure, _MutantRejected):  # the check's own assertion: the claim (or the mutant) fails here
            outcome = Outcome.FAILED
        except Exception as exc:  # anything else, a bare assert in the code under test included, is an error
            outcome, error = Outcome.ERROR, _tb(exc)
        seconds = time.perf_counter() - start
        if outcome is Outcome.PASSED and self.valid < self.min_valid:
            outcome = Outcome.INCONCLUSIVE
        if outcome not in (Outcome.PASSED, Outcome.INCONCLUSIVE) or self.failure is not None:
            self.drawn = None  # the run stopped at a failure: what a mutant would draw after it is unknown
        return self._record(outcome, error, seconds)

    def _execute(self) -> None:
        if self.deterministic:
            try:
                self._body({})
            except UnsatisfiedAssumption:
                pass
            return
        if self.replay is not None:
            for case, was_valid in self.replay:
                try:
                    self._body(copy.deepcopy(case))
                    valid = True
                except UnsatisfiedAssumption:
                    valid = False
                if valid != was_valid:
                    self.diverged = True
                    return
            return
        if self.mutant is None and self.database_dir is not None:
            self._replay_saved_failures()
        test = self._hypothesis_test(self._phases(), database=None)
        if not self.profile.derandomize and self.profile.seed is not None:
            # The same seed for the subject and every mutant: a mutant draws exactly the examples the
            # subject draws, so the same bug planted in the subject would be caught the same way.
            self.seed = stable_seed(self.profile.seed, self.claim.id, self.spec.name, "")
            test = hypothesis.seed(self.seed)(test)
        if self.mutant is None and not self.targeting:
            self.drawn, self._recording = [], True
        try:
            test()
        except Unsatisfiable:
            pass
        finally:
            self._recording = False

    def _phases(self) -> list[Phase]:
        if self.mutant is not None:
            return [Phase.explicit, Phase.generate]
        if self.profile.targeting:
            return [Phase.explicit, Phase.generate, Phase.target, Phase.shrink]
        return [Phase.explicit, Phase.generate, Phase.shrink]

    def _replay_saved_failures(self) -> None:
        """Replay what earlier (fuzzing or thorough) runs saved for this check. A seeded hypothesis test
        ignores the database, so the replay is its own unseeded pass; ci reads, it never writes."""
        from hypothesis.database import DirectoryBasedExampleDatabase, ExampleDatabase, ReadOnlyDatabase

        from .fuzz import database_key  # the fuzzing targets' key: failures they saved replay here

        assert self.database_dir is not None
        database: ExampleDatabase = DirectoryBasedExampleDatabase(self.database_dir)
        if self.profile.name == "ci":
            database = ReadOnlyDatabase(database)
        try:
            self._hypothesis_test([Phase.reuse, Phase.shrink], database, database_key(self.claim, self.spec))()
        except unittest.SkipTest:
            pass  # nothing saved for this check: nothing to replay

    def _hypothesis_test(self, phases: list[Phase], database: Any, key: bytes | None = None) -> Any:
        test = hypothesis.given(st.fixed_dictionaries(dict(self.spec.given or {})))(self._body)
        for case in reversed(self.spec.regressions):  # tried first, in the order declared
            test = hypothesis.example(dict(case))(test)
        test = settings(max_examples=self.max_examples, derandomize=self.profile.derandomize, database=database,
                        deadline=None, phases=phases, suppress_health_check=list(HealthCheck),
                        report_multiple_bugs=False, print_blob=False, verbosity=hypothesis.Verbosity.quiet)(test)
        if key is not None:
            set_database_key(test, key)
        elif database is None:
            # No database to key: spares hypothesis hashing the source of the test on every run (about 3 ms,
            # for each check and mutant run). The examples drawn do not depend on the key.
            set_database_key(test, b"claimkit: no database")
        return test

    def _body(self, case: Json) -> None:
        """One example: run the check, count it, keep its evidence, remember a failure."""
        ev = Evidence(targeting=self.targeting, profile=self.profile.name,
                      wants_figures=self.mutant is None and self.figure_sink is not None)
        drawn: list[Any] | None = None
        if self._recording and self.drawn is not None:
            try:
                if any(isinstance(value, st.DataObject) for value in case.values()):
                    raise TypeError("the check draws inside its body (st.data()): only hypothesis can replay it")
                drawn = [copy.deepcopy(case), False]  # made valid below, once the check has accepted it
                self.drawn.append(drawn)
            except Exception:  # an example that cannot be replayed: mutants draw theirs through hypothesis
                self.drawn, self._recording = None, False
        self.tried += 1
        try:
            self.spec.fn(self.subject, ev, **case)
            ev.flush_targets()
        except UnsatisfiedAssumption:
            raise
        except BaseException as exc:
            if self.at_first_failure is None:
                self.at_first_failure = (self.tried, self.valid)
            self.failure = (dict(case), exc, dict(ev.shown))
            if self.deterministic:  # a failing experiment keeps what it measured
                self._keep(ev)
            if self.mutant is not None and isinstance(exc, CheckFailure):
                raise _MutantRejected from exc
            raise
        self.valid += 1
        if drawn is not None:
            drawn[1] = True
        for label, margin in ev.margins.items():
            if label not in self.worst or margin < self.worst[label][0]:
                self.worst[label] = (margin, dict(case))
        self._keep(ev)

    def _keep(self, ev: Evidence) -> None:
        if self.deterministic or not self.notes:
            self.notes = list(ev.notes)
        self.metrics.update(ev.metrics)
        self.tables.update(ev.tables)
        if ev.figures and self.figure_sink is not None and self.mutant is None:
            for name, fig, caption in ev.figures:
                self.figures.append(self.figure_sink(self.claim, name, fig, caption))

    # -- the record ------------------------------------------------------------------------------------

    def _record(self, outcome: Outcome, error: str | None, seconds: float) -> CheckRecord:
        tried, valid = self.tried, self.valid
        if self.at_first_failure is not None and outcome is Outcome.FAILED:
            tried, valid = self.at_first_failure
        counterexample = self._counterexample() if outcome is Outcome.FAILED else None
        spec = self.spec
        return CheckRecord(
            name=spec.name, description=spec.doc, outcome=outcome, examples=tried, valid_examples=valid,
            min_valid=self.min_valid, max_examples=self.max_examples,
            regressions=[_case_for_report(case) for case in spec.regressions], deterministic=self.deterministic,
            worst_case=self._worst_case(), counterexample=counterexample,
            confirmed=counterexample.confirmed if counterexample else None, precision=spec.precision,
            tolerance=spec.tolerance, false_alarm_rate=spec.false_alarm_rate, power=spec.power, seed=self.seed,
            seconds=round(seconds, 4), error=error, notes=self.notes, metrics=self.metrics, tables=self.tables,
            figures=self.figures)

    def _counterexample(self) -> Counterexample | None:
        if self.failure is None:
            return None
        case, exc, shown = self.failure
        cx = Counterexample(inputs=_case_for_report(case), shown=_shown_for_report(shown),
                            message=str(getattr(exc, "message", exc)),
                            claimed=_plain(getattr(exc, "claimed", None)),
                            observed=_plain(getattr(exc, "observed", None)),
                            labels=list(getattr(exc, "labels", CheckFailure.EQUALITY)))
        if self.mutant is None:
            cx.confirmed, cx.confirmation = confirm_counterexample(self.spec, self.subject, case)
            cx.verified = True
        return cx

    def _worst_case(self) -> WorstCase | None:
        if not self.worst:
            return None
        label = min(self.worst, key=lambda k: self.worst[k][0])
        margin, case = self.worst[label]
        return WorstCase(label=label, margin=_plain(margin), inputs=_case_for_report(case),
                         all={k: _plain(v[0]) for k, v in sorted(self.worst.items())})


def confirm_counterexample(spec: CheckSpec, subject: Any, case: Json) -> tuple[bool, str]:
    """Re-verify a counterexample in exact or high-precision arithmetic."""
    if spec.confirm is None:
        return False, "no re-verification declared for this check: the counterexample is not confirmed"
    if spec.confirm == "exact":
        try:
            spec.fn(subject, Evidence(targeting=False), **case)
        except CheckFailure as exc:
            return True, f"exact re-run fails again: {exc}"
        except Exception as exc:
            return False, f"exact re-run raised {type(exc).__name__}: {exc}"
        return False, "exact re-run passes: the float failure was not reproduced"
    assert callable(spec.confirm)
    try:
        result = spec.confirm(subject, **case)
    except Exception as exc:
        return False, f"re-verification raised {type(exc).__name__}: {exc}"
    if isinstance(result, tuple):
        ok, detail = bool(result[0]), str(result[1])
    else:
        ok, detail = bool(result), ""
    return ok, detail or ("re-verified" if ok else "re-verification did not reproduce the failure")


# -- verdicts ---------------------------------------------------------------------------------------------


def compute_verdict(derivations: list[DerivationRecord], checks: list[CheckRecord], *,
                    load_error: str | None = None, refined: ClaimRecord | None = None) -> tuple[Verdict, str]:
    """The verdict and its reason, from a claim's evidence alone."""
    if load_error:
        return Verdict.ERROR, "its module failed to load"
    broken = [d.name for d in derivations if d.status == "error"] + [c.name for c in checks
                                                                     if c.outcome is Outcome.ERROR]
    if broken:
        return Verdict.ERROR, f"raised an exception: {', '.join(broken)}"
    failed = [c for c in checks if c.outcome is Outcome.FAILED]
    confirmed = [c for c in failed if c.confirmed]
    statement = [d for d in derivations if d.shows == "statement"]
    negation = [d.name for d in derivations if d.shows == "negation" and d.status == "closed"]
    symbolic = f"; derivation {', '.join(negation)} proves the negation" if negation else ""
    if confirmed:
        names = ", ".join(c.name for c in confirmed)
        if refined is not None and refined.verdict in (Verdict.PROVED, Verdict.SUPPORTED):
            return (Verdict.CONDITIONAL, f"refuted as stated ({names}, counterexample re-verified{symbolic}); the "
                                         f"refined claim {refined.id} is {refined.verdict}")
        return Verdict.REFUTED, f"counterexample found by {names} and re-verified{symbolic}"
    if failed:
        return Verdict.INCONCLUSIVE, f"{', '.join(c.name for c in failed)} failed but the counterexample was not " \
                                     "re-verified"
    if negation and checks:
        return Verdict.INCONCLUSIVE, (f"derivation {', '.join(negation)} proves the statement false, yet every check "
                                      "passes: the evidence contradicts itself")
    if negation:
        return Verdict.REFUTED, f"derivation {', '.join(negation)} proves the negation (no numerical check declared)"
    thin = [c.name for c in checks if c.outcome is Outcome.INCONCLUSIVE]
    if thin:
        return Verdict.INCONCLUSIVE, f"too few valid examples: {', '.join(thin)}"
    closed = bool(statement) and all(d.status == "closed" for d in statement)
    if closed and checks:
        return Verdict.PROVED, f"derivation closes and {len(checks)} check(s) pass"
    if closed:
        return Verdict.PROVED, "derivation closes (no numerical check declared)"
    if checks:
        why = "no derivation" if not statement else "derivation open"
        return Verdict.SUPPORTED, f"{len(checks)} check(s) pass; {why}"
    return Verdict.INCONCLUSIVE, "no closed derivation and no check"


_QUOTE = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\.([A-Za-z0-9_]+)\s*(?::([^}]*))?\}\}")


def quote_evidence(text: str, checks: list[CheckRecord]) -> tuple[str, list[str]]:
    """``text`` with each ``{{check.metric}}`` (or ``{{check.metric:.1%}}``) replaced by the value that
    check measured in this run, so a note never carries a number typed by hand; and a problem for each
    quote that names no measured metric."""
    measured = {c.name: c.metrics for c in checks}
    problems: list[str] = []

    def value(match: re.Match[str]) -> str:
        check, metric, spec = match.group(1), match.group(2), match.group(3)
        if check not in measured or metric not in measured[check]:
            problems.append(f"the notes quote {{{{{check}.{metric}}}}}, which no check of this claim measured "
                            f"(ev.metric({metric!r}, …) in check {check})")
            return match.group(0)
        v = measured[check][metric]
        try:
            return format(v, spec) if spec else (f"{v:.4g}" if isinstance(v, float) else str(v))
        except (TypeError, ValueError):
            problems.append(f"the notes quote {match.group(0)}: format {spec!r} does not apply to {v!r}")
            return str(v)

    return _QUOTE.sub(value, text), problems


def suite_problems(expected: str, verdict: Verdict, reason: str, checks: list[CheckRecord],
                   mutants: list[MutantRecord], figures: list[Json]) -> list[str]:
    """What makes the suite itself untrustworthy for a claim (each fails the run)."""
    problems = []
    if verdict != expected:
        problems.append(f"verdict is {verdict} but the team expects {expected} ({reason})")
    for m in mutants:
        if m.problem:
            problems.append(f"mutant {m.name}: {m.problem}")
        elif not m.killed and not m.equivalent:
            problems.append(f"mutant {m.name} survived every check ({m.description})")
    for f in figures:
        if f.get("error"):
            problems.append(f"figure {f['name']} raised: {f['error'].strip().splitlines()[-1]}")
    for c in checks:
        if c.outcome is not Outcome.PASSED:
            continue
        ran_against = [m for m in mutants if c.name in m.outcomes]
        if not any(c.name in m.killed_by for m in ran_against):
            problems.append(f"check {c.name} passed but killed none of the {len(ran_against)} mutant(s) run "
                            "against it: nothing shows it can fail")
        for label, margin in (c.worst_case.all if c.worst_case else {}).items():
            if isinstance(margin, float) and math.isnan(margin):
                problems.append(f"check {c.name}: margin {label} is NaN")
    return problems


# -- the session --------------------------------------------------------------------------------------


def run_mutant(claim: Claim, spec: MutantSpec, profile: Profile, *,
               drawn: Callable[[str], DrawnExamples | None] | None = None) -> MutantRecord:
    """Run each of the claim's checks (or the mutant's targets) against the mutant, each until its first
    rejecting example. Every check runs, not only until the first rejects: a check that passes must
    show it can fail by killing at least one mutant (:func:`suite_problems`).

    ``drawn``: the examples the claim's own run of a check drew (by check name), which the mutant runs in
    their order instead of drawing them again (see :class:`CheckRun`); None where they are not known."""
    start = time.perf_counter()
    outcomes: dict[str, Outcome] = {}
    details: dict[str, str] = {}
    problem = "the claim has no checks to run against it" if not claim.checks else None
    for check in claim.checks:
        if problem or (spec.targets is not None and check.name not in spec.targets):
            continue
        r = run_check(claim, check, spec.replacement, profile, mutant=spec.name,
                      replay=drawn(check.name) if drawn is not None else None)
        outcomes[check.name] = r.outcome
        if r.outcome is Outcome.FAILED and r.counterexample:
            details[check.name] = r.counterexample.message
        elif r.outcome is Outcome.ERROR:
            details[check.name] = (r.error or "").strip().splitlines()[-1]
    killed_by = [k for k, v in outcomes.items() if v is Outcome.FAILED]
    errored = [k for k, v in outcomes.items() if v is Outcome.ERROR]
    if errored and not problem:
        problem = (f"raised an exception under {', '.join(errored)} ({details[errored[0]]}): a mutant must be "
                   "wrong, not broken; an exception does not count as a kill")
    killed = bool(killed_by) and not problem
    # Only a survivor is asked whether it is the subject written another way (a sympy proof).
    equivalent = not killed and not problem and spec.equivalent is not None and spec.equivalent()
    return MutantRecord(name=spec.name, description=spec.description, killed=killed,
                        killed_by=killed_by, outcomes=outcomes, details=details, problem=problem,
                        seconds=round(time.perf_counter() - start, 4), generated=spec.generated,
                        equivalent=equivalent)


@dataclasses.dataclass(frozen=True)
class ClaimResults:
    """What a session computed for one claim: enough for another session to report the claim's pieces and
    its record without running them (:meth:`Session.results_of`, :meth:`Session.adopt`)."""

    claim_id: str
    derivations: dict[tuple[str, str], DerivationRecord]
    checks: dict[tuple[str, str], CheckRecord]
    mutants: dict[tuple[str, str], MutantRecord]
    figures: list[Json] | None
    record: ClaimRecord


class Session:
    """Runs and caches the pieces of claims for one process."""

    def __init__(self, profile: Profile, reports_dir: Path | None, database_dir: Path | None = None,
                 derivation_cache: DerivationCache | None = None) -> None:
        self.profile = profile
        self.reports_dir = reports_dir
        self.database_dir = database_dir
        self.derivation_cache = derivation_cache
        self._derivations: dict[tuple[str, str], DerivationRecord] = {}
        self._checks: dict[tuple[str, str], CheckRecord] = {}
        self._drawn: dict[tuple[str, str], DrawnExamples | None] = {}  # the examples each check drew
        self._mutants: dict[tuple[str, str], MutantRecord] = {}
        self._figures: dict[str, list[Json]] = {}
        self._records: dict[str, ClaimRecord] = {}
        self._in_progress: set[str] = set()

    # -- pieces ----------------------------------------------------------------------------------

    def _seconds_already_run(self, claim: Claim) -> float:
        """The time of the claim's pieces that have already run (and are cached) in this session."""
        ran: list[DerivationRecord | CheckRecord | MutantRecord | None] = [
            self._derivations.get((claim.id, d.name)) for d in claim.derivations]
        ran += [self._checks.get((claim.id, c.name)) for c in claim.checks]
        ran += [self._mutants.get((claim.id, m.name)) for m in claim.mutants]
        return sum(r.seconds for r in ran if r is not None)

    def derivation(self, claim: Claim, name: str) -> DerivationRecord:
        key = (claim.id, name)
        if key not in self._derivations:
            spec = next(d for d in claim.derivations if d.name == name)
            cache, cache_key = self.derivation_cache, ""
            record = None
            if cache is not None:
                cache_key = cache.key(claim.family, claim.id, name)
                record = cache.get(cache_key)
            if record is None:
                record = run_derivation(spec)
                if cache is not None:
                    cache.put(cache_key, record)
            self._derivations[key] = record
        return self._derivations[key]

    def check(self, claim: Claim, name: str) -> CheckRecord:
        key = (claim.id, name)
        if key not in self._checks:
            spec = next(c for c in claim.checks if c.name == name)
            run = CheckRun(claim, spec, claim.subject, self.profile, figure_sink=self._save_figure,
                           database_dir=self.database_dir)
            self._checks[key] = run.run()
            self._drawn[key] = run.drawn
        return self._checks[key]

    def _drawn_by(self, claim: Claim) -> Callable[[str], DrawnExamples | None]:
        """The examples the claim's own run of a check drew, if it has run in this session (its checks run
        before its mutants; a mutant that runs first draws its examples through hypothesis)."""
        def drawn(name: str) -> DrawnExamples | None:
            return self._drawn.get((claim.id, name))
        return drawn

    def mutant(self, claim: Claim, name: str) -> MutantRecord:
        key = (claim.id, name)
        if key not in self._mutants:
            spec = next(m for m in claim.mutants if m.name == name)
            self._mutants[key] = run_mutant(claim, spec, self.profile, drawn=self._drawn_by(claim))
        return self._mutants[key]

    def figures(self, claim: Claim) -> list[Json]:
        if claim.id not in self._figures:
            out = []
            for spec in claim.figures:
                try:
                    out.append(self._save_figure(claim, spec.name, spec.fn(), spec.caption))
                except Exception as exc:
                    out.append({"name": spec.name, "caption": spec.caption, "path": None, "error": _tb(exc)})
            self._figures[claim.id] = out
        return self._figures[claim.id]

    def _save_figure(self, claim: Claim, name: str, fig: Any, caption: str) -> Json:
        from .figures import close_figure, save_figure

        if self.reports_dir is None:
            close_figure(fig)
            return {"name": name, "caption": caption, "path": None}
        rel = Path("figures") / claim.id / f"{name}.svg"
        save_figure(fig, self.reports_dir / rel)
        return {"name": name, "caption": caption, "path": rel.as_posix()}

    # -- claims computed in another process (claimkit.processes) ---------------------------------

    def results_of(self, claim_id: str) -> ClaimResults:
        """The pieces, figures and record this session computed for a claim whose record it has made."""
        def own(cache: dict[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
            return {key: value for key, value in cache.items() if key[0] == claim_id}

        return ClaimResults(claim_id, own(self._derivations), own(self._checks), own(self._mutants),
                            self._figures.get(claim_id), self._records[claim_id])

    def adopt(self, results: ClaimResults) -> None:
        """Take another session's results for a claim as this session's own: its pieces and its record are
        then read from here, never run again."""
        self._derivations.update(results.derivations)
        self._checks.update(results.checks)
        self._mutants.update(results.mutants)
        if results.figures is not None:
            self._figures[results.claim_id] = results.figures
        self._records[results.claim_id] = results.record

    # -- whole claims ----------------------------------------------------------------------------

    def record(self, claim: Claim) -> ClaimRecord:
        """The full record of a claim (runs whatever has not run yet) with its verdict."""
        if claim.id in self._records:
            return self._records[claim.id]
        if claim.id in self._in_progress:
            raise RuntimeError(f"claim {claim.id}: refined_by forms a cycle")
        self._in_progress.add(claim.id)
        try:
            record = self._build_record(claim)
        finally:
            self._in_progress.discard(claim.id)
        self._records[claim.id] = record
        return record

    def _build_record(self, claim: Claim) -> ClaimRecord:
        refined = None
        if claim.refined_by and claim.refined_by in REGISTRY.claims:  # first: its time is its own, not added here
            refined = self.record(REGISTRY.get(claim.refined_by))
        start = time.perf_counter()
        earlier = self._seconds_already_run(claim)  # pieces run as their own tests, before this record
        load_error = REGISTRY.family_errors.get(claim.family)
        derivations: list[DerivationRecord] = []
        checks: list[CheckRecord] = []
        mutants: list[MutantRecord] = []
        figures: list[Json] = []
        if not load_error:
            derivations = [self.derivation(claim, d.name) for d in claim.derivations]
            checks = [self.check(claim, c.name) for c in claim.checks]
            mutants = [self.mutant(claim, m.name) for m in claim.mutants]
            figures = [f for c in checks for f in c.figures] + self.figures(claim)
        verdict, reason = compute_verdict(derivations, checks, load_error=load_error, refined=refined)
        declared = claim.as_dict()
        declared["notes"], quote_problems = quote_evidence(claim.notes, checks) if not load_error else (claim.notes, [])
        seconds = earlier + (time.perf_counter() - start)  # pieces run here are inside the window: counted once
        return ClaimRecord(
            claim=declared, load_error=load_error, derivations=derivations, checks=checks, mutants=mutants,
            figures=figures, verdict=verdict, verdict_reason=reason,
            problems=suite_problems(claim.expected, verdict, reason, checks, mutants, figures) + quote_problems,
            seconds=round(seconds, 4), profile=self.profile.name,
            profile_seed=self.profile.seed,  # with the profile, reproduces a thorough run
            run_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
