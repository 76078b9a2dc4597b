"""Runs derivations, checks and mutants, and computes each claim's verdict from the evidence.

One :class:`Session` per process caches every piece it ran, so a piece runs once even when the
verdict needs it before its own test item comes up (filtered runs, pytest-xdist workers).
"""

from __future__ import annotations

import math
import time
import traceback
import unittest
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.errors import UnsatisfiedAssumption, Unsatisfiable

from ._hypothesis import fixed_constant_pool, set_database_key
from .derive import Derivation
from .evidence import CheckFailure, Evidence, _plain
from .model import REGISTRY, CheckSpec, Claim, DerivationSpec, MutantSpec
from .profiles import Profile, stable_seed

__all__ = ["Session", "compute_verdict", "run_check", "run_derivation"]


def _tb(exc: BaseException, limit: int = 12) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=limit))


def run_derivation(spec: DerivationSpec) -> dict[str, Any]:
    """Run one derivation function and return its record."""
    d = Derivation()
    start = time.perf_counter()
    try:
        spec.fn(d)
        error = None
    except Exception as exc:  # the derivation itself is broken: an error, never a pass
        error = _tb(exc)
        d.status = "error"
    record = {"name": spec.name, "description": spec.doc, **d.as_dict(), "error": error}
    record["seconds"] = round(time.perf_counter() - start, 4)
    return record


def _case_for_report(case: dict[str, Any]) -> dict[str, Any]:
    return {k: {"value": _plain(v), "repr": repr(v)} for k, v in case.items()}


def run_check(claim: Claim, spec: CheckSpec, subject: Any, profile: Profile, **options: Any) -> dict[str, Any]:
    """Run one check against ``subject`` (the claim's own, or a mutant's) and return its evidence.

    The examples drawn depend on the check, the profile and its seed alone (not on what the process
    imported before): see :func:`claimkit._hypothesis.fixed_constant_pool`.
    """
    with fixed_constant_pool():
        return _run_check(claim, spec, subject, profile, **options)


def _run_check(
    claim: Claim,
    spec: CheckSpec,
    subject: Any,
    profile: Profile,
    *,
    mutant: str | None = None,
    figure_sink: Any = None,
    database_dir: Path | None = None,
) -> dict[str, Any]:
    """Run one check against ``subject`` (the claim's own, or a mutant's) and return its evidence."""
    deterministic = spec.given is None
    n = profile.examples_for(spec.examples, spec.thorough_factor, deterministic)
    min_valid = spec.min_valid if not profile.scale_examples or deterministic else spec.min_valid * spec.thorough_factor
    counts = {"tried": 0, "valid": 0}
    at_first_failure: dict[str, int] | None = None
    worst: dict[str, dict[str, Any]] = {}
    failure: dict[str, Any] = {}
    extras = {"notes": [], "metrics": {}, "tables": {}, "figures": []}
    targeting = profile.targeting and not deterministic and mutant is None

    def body(case: dict[str, Any]) -> None:
        nonlocal at_first_failure
        ev = Evidence(targeting=targeting)
        ev.profile = profile.name  # type: ignore[attr-defined]  # deterministic checks may scale with it
        ev.wants_figures = mutant is None and figure_sink is not None  # type: ignore[attr-defined]
        counts["tried"] += 1
        try:
            spec.fn(subject, ev, **case)
            ev.flush_targets()
        except UnsatisfiedAssumption:
            raise
        except BaseException as exc:
            if at_first_failure is None:
                at_first_failure = dict(counts)
            failure.clear()
            failure.update(case=dict(case), exc=exc)
            if deterministic:  # a failing experiment keeps what it measured
                keep(ev)
            raise
        counts["valid"] += 1
        for label, margin in ev.margins.items():
            if label not in worst or margin < worst[label]["margin"]:
                worst[label] = {"margin": margin, "case": dict(case)}
        keep(ev)

    def keep(ev: Evidence) -> None:
        if deterministic or not extras["notes"]:
            extras["notes"] = list(ev.notes)
        extras["metrics"].update(ev.metrics)
        extras["tables"].update(ev.tables)
        if ev.figures and figure_sink is not None and mutant is None:
            for name, fig, caption in ev.figures:
                extras["figures"].append(figure_sink(claim, name, fig, caption))

    start = time.perf_counter()
    outcome = "passed"
    error = None
    seed = None
    try:
        if deterministic:
            try:
                body({})
            except UnsatisfiedAssumption:
                pass
        else:
            phases = [Phase.explicit, Phase.generate]
            if mutant is None:
                phases.append(Phase.shrink)
                if profile.targeting:
                    phases.insert(2, Phase.target)

            def make(run_phases: list[Phase], database: Any, key: bytes | None = None) -> Any:
                test = hypothesis.given(st.fixed_dictionaries(dict(spec.given)))(body)
                for case in reversed(spec.regressions):  # tried first, in the order declared
                    test = hypothesis.example(dict(case))(test)
                test = settings(
                    max_examples=n,
                    derandomize=profile.derandomize,
                    database=database,
                    deadline=None,
                    phases=run_phases,
                    suppress_health_check=list(HealthCheck),
                    report_multiple_bugs=False,
                    print_blob=False,
                    verbosity=hypothesis.Verbosity.quiet,
                )(test)
                if key is not None:
                    set_database_key(test, key)
                return test

            if mutant is None and database_dir is not None:
                # First replay what earlier (fuzzing or thorough) runs saved for this check. A seeded
                # hypothesis test ignores the database, so the replay is its own unseeded pass.
                from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

                database: Any = DirectoryBasedExampleDatabase(database_dir)
                if profile.name == "ci":
                    database = ReadOnlyDatabase(database)  # ci replays; it never writes
                from .fuzz import database_key  # the fuzzing targets' key: failures they saved replay here

                try:
                    make([Phase.reuse, Phase.shrink], database, database_key(claim, spec))()
                except unittest.SkipTest:
                    pass  # nothing saved for this check: nothing to replay
            test = make(phases, None)
            if not profile.derandomize and profile.seed is not None:
                seed = stable_seed(profile.seed, claim.id, spec.name, mutant or "")
                test = hypothesis.seed(seed)(test)
            try:
                test()
            except Unsatisfiable:
                pass
    except (CheckFailure, AssertionError):
        outcome = "failed"
    except hypothesis.errors.HypothesisException as exc:
        outcome, error = "error", _tb(exc)
    except Exception as exc:
        outcome, error = "error", _tb(exc)
    seconds = time.perf_counter() - start

    if outcome == "passed" and counts["valid"] < min_valid:
        outcome = "inconclusive"

    tried, valid = counts["tried"], counts["valid"]
    if at_first_failure is not None and outcome == "failed":
        tried, valid = at_first_failure["tried"], at_first_failure["valid"]

    counterexample = None
    confirmed = None
    if outcome == "failed" and failure:
        exc = failure["exc"]
        counterexample = {
            "inputs": _case_for_report(failure["case"]),
            "message": str(getattr(exc, "message", exc)),
            "claimed": _plain(getattr(exc, "claimed", None)),
            "observed": _plain(getattr(exc, "observed", None)),
            "labels": list(getattr(exc, "labels", CheckFailure.EQUALITY)),
        }
        if mutant is None:
            confirmed, detail = _confirm(spec, subject, failure["case"])
            counterexample["confirmed"] = confirmed
            counterexample["confirmation"] = detail

    worst_case = None
    if worst:
        label = min(worst, key=lambda k: worst[k]["margin"])
        worst_case = {
            "label": label,
            "margin": _plain(worst[label]["margin"]),
            "inputs": _case_for_report(worst[label]["case"]),
            "all": {k: _plain(v["margin"]) for k, v in sorted(worst.items())},
        }

    return {
        "name": spec.name,
        "description": spec.doc,
        "outcome": outcome,
        "examples": tried,
        "valid_examples": valid,
        "min_valid": min_valid,
        "max_examples": n,
        "regressions": [_case_for_report(case) for case in spec.regressions],
        "deterministic": deterministic,
        "worst_case": worst_case,
        "counterexample": counterexample,
        "confirmed": confirmed,
        "precision": spec.precision,
        "tolerance": spec.tolerance,
        "false_alarm_rate": spec.false_alarm_rate,
        "power": spec.power,
        "seed": seed,
        "seconds": round(seconds, 4),
        "error": error,
        "notes": extras["notes"],
        "metrics": extras["metrics"],
        "tables": extras["tables"],
        "figures": extras["figures"],
    }


def _confirm(spec: CheckSpec, subject: Any, case: dict[str, Any]) -> tuple[bool, str]:
    """Re-verify a counterexample in exact or high-precision arithmetic."""
    if spec.confirm is None:
        return False, "no re-verification declared for this check: the counterexample is not confirmed"
    if spec.confirm == "exact":
        try:
            spec.fn(subject, Evidence(targeting=False), **case)
        except (CheckFailure, AssertionError) as exc:
            return True, f"exact re-run fails again: {exc}"
        except Exception as exc:
            return False, f"exact re-run raised {type(exc).__name__}: {exc}"
        return False, "exact re-run passes: the float failure was not reproduced"
    try:
        result = spec.confirm(subject, **case)
    except Exception as exc:
        return False, f"re-verification raised {type(exc).__name__}: {exc}"
    if isinstance(result, tuple):
        ok, detail = bool(result[0]), str(result[1])
    else:
        ok, detail = bool(result), ""
    return ok, detail or ("re-verified" if ok else "re-verification did not reproduce the failure")


def compute_verdict(record: dict[str, Any], refined: dict[str, Any] | None = None) -> tuple[str, str]:
    """The verdict and its reason, from a claim record's evidence alone."""
    if record.get("load_error"):
        return "error", "its module failed to load"
    derivs, checks = record["derivations"], record["checks"]
    broken = [d["name"] for d in derivs if d["status"] == "error"] + [
        c["name"] for c in checks if c["outcome"] == "error"
    ]
    if broken:
        return "error", f"raised an exception: {', '.join(broken)}"
    failed = [c for c in checks if c["outcome"] == "failed"]
    confirmed = [c for c in failed if c.get("confirmed")]
    if confirmed:
        names = ", ".join(c["name"] for c in confirmed)
        if refined is not None and refined.get("verdict") in ("proved", "supported"):
            return (
                "conditional",
                f"refuted as stated ({names}, counterexample re-verified); the refined claim "
                f"{refined['id']} is {refined['verdict']}",
            )
        return "refuted", f"counterexample found by {names} and re-verified"
    if failed:
        names = ", ".join(c["name"] for c in failed)
        return "inconclusive", f"{names} failed but the counterexample was not re-verified"
    thin = [c["name"] for c in checks if c["outcome"] == "inconclusive"]
    if thin:
        return "inconclusive", f"too few valid examples: {', '.join(thin)}"
    closed = bool(derivs) and all(d["status"] == "closed" for d in derivs)
    if closed and checks:
        return "proved", f"derivation closes and {len(checks)} check(s) pass"
    if closed:
        return "proved", "derivation closes (no numerical check declared)"
    if checks:
        why = "no derivation" if not derivs else "derivation open"
        return "supported", f"{len(checks)} check(s) pass; {why}"
    return "inconclusive", "no closed derivation and no check"


class Session:
    """Runs and caches the pieces of claims for one process."""

    def __init__(self, profile: Profile, reports_dir: Path | None, database_dir: Path | None = None) -> None:
        self.profile = profile
        self.reports_dir = reports_dir
        self.database_dir = database_dir
        self._cache: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._records: dict[str, dict[str, Any]] = {}
        self._in_progress: set[str] = set()

    # -- pieces ----------------------------------------------------------------------------------

    def derivation(self, claim: Claim, name: str) -> dict[str, Any]:
        key = (claim.id, "derivation", name)
        if key not in self._cache:
            spec = next(d for d in claim.derivations if d.name == name)
            self._cache[key] = run_derivation(spec)
        return self._cache[key]

    def check(self, claim: Claim, name: str) -> dict[str, Any]:
        key = (claim.id, "check", name)
        if key not in self._cache:
            spec = next(c for c in claim.checks if c.name == name)
            self._cache[key] = run_check(claim, spec, claim.subject, self.profile, figure_sink=self._save_figure,
                                         database_dir=self.database_dir)
        return self._cache[key]

    def mutant(self, claim: Claim, name: str) -> dict[str, Any]:
        key = (claim.id, "mutant", name)
        if key not in self._cache:
            spec = next(m for m in claim.mutants if m.name == name)
            self._cache[key] = self._run_mutant(claim, spec)
        return self._cache[key]

    def _run_mutant(self, claim: Claim, spec: MutantSpec) -> dict[str, Any]:
        start = time.perf_counter()
        unknown = [t for t in (spec.targets or ()) if t not in {c.name for c in claim.checks}]
        outcomes: dict[str, str] = {}
        details: dict[str, str] = {}
        problem = None
        if unknown:
            problem = f"targets unknown check(s): {', '.join(unknown)}"
        elif not claim.checks:
            problem = "the claim has no checks to run against it"
        for check in claim.checks:
            if problem or (spec.targets is not None and check.name not in spec.targets):
                continue
            r = run_check(claim, check, spec.replacement, self.profile, mutant=spec.name)
            outcomes[check.name] = r["outcome"]
            if r["outcome"] == "failed" and r["counterexample"]:
                details[check.name] = r["counterexample"]["message"]
            elif r["outcome"] == "error":
                details[check.name] = (r["error"] or "").strip().splitlines()[-1]
        killed_by = [k for k, v in outcomes.items() if v == "failed"]
        errored = [k for k, v in outcomes.items() if v == "error"]
        if errored and not problem:
            problem = (
                f"raised an exception under {', '.join(errored)} ({details[errored[0]]}): a mutant must "
                "be wrong, not broken; an exception does not count as a kill"
            )
        return {
            "name": spec.name,
            "description": spec.description,
            "killed": bool(killed_by) and not problem,
            "killed_by": killed_by,
            "outcomes": outcomes,
            "details": details,
            "problem": problem,
            "seconds": round(time.perf_counter() - start, 4),
        }

    def figures(self, claim: Claim) -> list[dict[str, Any]]:
        key = (claim.id, "figures", "")
        if key not in self._cache:
            out = []
            for spec in claim.figures:
                try:
                    fig = spec.fn()
                    out.append(self._save_figure(claim, spec.name, fig, spec.caption))
                except Exception as exc:
                    out.append({"name": spec.name, "caption": spec.caption, "path": None, "error": _tb(exc)})
            self._cache[key] = {"figures": out}
        return self._cache[key]["figures"]

    def _save_figure(self, claim: Claim, name: str, fig: Any, caption: str) -> dict[str, Any]:
        from .figures import save_figure

        if self.reports_dir is None:
            from .figures import close_figure

            close_figure(fig)
            return {"name": name, "caption": caption, "path": None}
        rel = Path("figures") / claim.id / f"{name}.svg"
        save_figure(fig, self.reports_dir / rel)
        return {"name": name, "caption": caption, "path": rel.as_posix()}

    # -- whole claims ----------------------------------------------------------------------------

    def record(self, claim: Claim) -> dict[str, Any]:
        """The full record of a claim (runs whatever has not run yet) with its verdict."""
        if claim.id in self._records:
            return self._records[claim.id]
        if claim.id in self._in_progress:
            raise RuntimeError(f"claim {claim.id}: refined_by forms a cycle")
        self._in_progress.add(claim.id)
        try:
            return self._build_record(claim)
        finally:
            self._in_progress.discard(claim.id)

    def _build_record(self, claim: Claim) -> dict[str, Any]:
        start = time.perf_counter()
        rec = claim.as_dict()
        family_error = REGISTRY.family_errors.get(claim.family)
        rec["load_error"] = family_error
        if family_error:
            rec.update(derivations=[], checks=[], mutants=[], figures=[])
        else:
            rec["derivations"] = [self.derivation(claim, d.name) for d in claim.derivations]
            rec["checks"] = [self.check(claim, c.name) for c in claim.checks]
            rec["mutants"] = [self.mutant(claim, m.name) for m in claim.mutants]
            rec["figures"] = [f for c in rec["checks"] for f in c["figures"]] + self.figures(claim)
        rec["derivation"] = _derivation_summary(rec["derivations"])
        refined = None
        if claim.refined_by:
            if claim.refined_by not in REGISTRY.claims:
                rec["load_error"] = f"refined_by names an unknown claim {claim.refined_by!r}"
            else:
                refined = self.record(REGISTRY.get(claim.refined_by))
        verdict, reason = compute_verdict(rec, refined)
        rec["verdict"], rec["verdict_reason"] = verdict, reason
        rec["problems"] = _problems(rec)
        rec["seconds"] = round(
            sum(d["seconds"] for d in rec["derivations"])
            + sum(c["seconds"] for c in rec["checks"])
            + sum(m["seconds"] for m in rec["mutants"])
            + (time.perf_counter() - start),
            4,
        )
        rec["profile"] = self.profile.name
        rec["profile_seed"] = self.profile.seed  # with the profile, reproduces a thorough run
        rec["run_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self._records[claim.id] = rec
        return rec


def _derivation_summary(derivs: list[dict[str, Any]]) -> dict[str, Any]:
    if not derivs:
        return {"status": "none", "steps": []}
    statuses = {d["status"] for d in derivs}
    status = "error" if "error" in statuses else "closed" if statuses == {"closed"} else "open"
    steps = [dict(step, derivation=d["name"]) for d in derivs for step in d["steps"]]
    return {"status": status, "steps": steps}


def _problems(rec: dict[str, Any]) -> list[str]:
    """What makes the suite itself untrustworthy for this claim (each fails the run)."""
    problems = []
    if rec["verdict"] != rec["expected_verdict"]:
        problems.append(
            f"verdict is {rec['verdict']} but the team expects {rec['expected_verdict']} ({rec['verdict_reason']})"
        )
    for m in rec["mutants"]:
        if m["problem"]:
            problems.append(f"mutant {m['name']}: {m['problem']}")
        elif not m["killed"]:
            problems.append(f"mutant {m['name']} survived every check ({m['description']})")
    for f in rec.get("figures", []):
        if f.get("error"):
            problems.append(f"figure {f['name']} raised: {f['error'].strip().splitlines()[-1]}")
    for c in rec["checks"]:
        if c["outcome"] != "passed":
            continue
        ran_against = [m for m in rec["mutants"] if c["name"] in m["outcomes"]]
        if not any(c["name"] in m["killed_by"] for m in ran_against):
            problems.append(
                f"check {c['name']} passed but killed none of the {len(ran_against)} mutant(s) run "
                "against it: nothing shows it can fail"
            )
        for label, margin in (c["worst_case"] or {}).get("all", {}).items():
            if isinstance(margin, float) and math.isnan(margin):
                problems.append(f"check {c['name']}: margin {label} is NaN")
    return problems
