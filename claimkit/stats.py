"""False alarms of the statistical checks: tail probabilities and the run's total against its budget.

A statistical check (a Monte Carlo z-test, a permutation test) can fail on a true claim by bad luck.
It declares ``false_alarm_rate``: the probability that one of its examples fails when the claim is
true. A run's false-alarm probability is at most the sum over the checks it ran of that rate times
the examples tried (a union bound); the report shows it beside :data:`FALSE_ALARM_BUDGET`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

__all__ = ["FALSE_ALARM_BUDGET", "normal_tail", "student_t_tail", "run_false_alarm", "declared_false_alarm"]

#: The most a full run in the ci profile may risk failing a true claim by chance (union bound).
FALSE_ALARM_BUDGET = 1e-4


def normal_tail(z: float, *, two_sided: bool = True) -> float:
    """P(|Z| > z) (or P(Z > z)) for a standard normal Z: the false-alarm rate of a z-test at ``z``."""
    if not (isinstance(z, (int, float)) and math.isfinite(z) and z >= 0):
        raise ValueError(f"z must be a finite non-negative threshold, got {z!r}")
    one = 0.5 * math.erfc(z / math.sqrt(2))
    return 2 * one if two_sided else one


def student_t_tail(t: float, dof: int, *, two_sided: bool = True) -> float:
    """P(|T| > t) for Student's t with ``dof`` degrees of freedom: a z-test whose standard error is
    estimated from ``dof + 1`` batches."""
    if not (isinstance(t, (int, float)) and math.isfinite(t) and t >= 0):
        raise ValueError(f"t must be a finite non-negative threshold, got {t!r}")
    if isinstance(dof, bool) or not isinstance(dof, int) or dof < 1:
        raise ValueError(f"dof must be a positive integer, got {dof!r}")
    from scipy import special  # stdtr(dof, −t) is what scipy.stats.t.sf(t, dof) computes, without importing
    # scipy.stats (0.7 s) where a check module declares its false-alarm rate

    one = float(special.stdtr(dof, -t))
    return 2 * one if two_sided else one


def run_false_alarm(claims: Iterable[dict[str, Any]]) -> float:
    """The union bound on a run's false alarms, from results.json entries: Σ rate × examples tried."""
    return sum(float(k["false_alarm_rate"]) * int(k.get("examples") or 0)
               for c in claims for k in c.get("checks") or [] if k.get("false_alarm_rate") is not None)


def declared_false_alarm(claims: Iterable[Any], profile: Any) -> list[tuple[str, str, float]]:
    """Per statistical check of ``claims`` (registry objects), its largest possible contribution under
    ``profile``: (claim id, check, rate × the most examples it may run)."""
    out = []
    for claim in claims:
        for spec in claim.checks:
            if spec.false_alarm_rate is not None:
                runs = profile.examples_for(spec.examples, spec.thorough_factor, spec.given is None)
                out.append((claim.id, spec.name, spec.false_alarm_rate * (runs + len(spec.regressions))))
    return out
