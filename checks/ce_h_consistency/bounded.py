"""H7: bounded scores, n = 2: the best-in-class regret by bounded scalar minimisation (scipy) and by findroot
at 40 digits
(mpmath)."""

from __future__ import annotations

import math

import mpmath
from hypothesis import strategies as st

from ...theorems.ce_h_consistency import claims as C
from . import ground_truth as G

#: scipy's bounded minimiser to x-tolerance 1e-13: the value error is quadratic (≤ 1e-20) plus float rounding of
#: log terms of size ≤ 1 (1e-15); 1e-12 absolute leaves 1000×; the mutants are off by more than 1e-4
BOUNDED_ATOL = 1e-12

CASES = {"t": st.floats(0.05, 0.95), "lam": st.floats(-3.0, 1.0).map(lambda e: float(10.0**e))}


def _confirm(subject, t, lam):
    truth = G.bounded_inf_mp(t, lam)
    value = subject(t, lam)
    return value > truth, f"T₁(t) = {value!r} against the best-in-class regret {mpmath.nstr(truth, 20)} (40 digits)"


@C.BOUNDED.check(given=CASES, examples=15, precision="float64 (scipy bounded); mpmath 40 digits on re-verification",
                 tolerance="none: T₁ must not exceed the regret", confirm=_confirm,
                 regressions=[{"t": 0.5, "lam": 0.1}])
def below_best_in_class_regret(subject, ev, t, lam):
    r"""$T_1(t)$ against the infimum of the best-in-class regret over $h$ with $\|h\|_\infty \le \Lambda$."""
    regret = G.bounded_inf(t, lam)
    ev.show("best-in-class regret", regret)
    ev.le(subject(t, lam), regret, what="T₁(t) ≤ regret", labels=("T₁(t)", "best-in-class regret"))


@C.BOUNDED_EXACT.check(given=CASES, examples=8, precision="float64 (scipy bounded)", tolerance="absolute 1e-12",
                       confirm=lambda subject, t, lam: (abs(subject(t, lam) - float(G.bounded_inf_mp(t, lam))) > 1e-12,
                                                        "against findroot at 40 digits"))
def equals_minimised_regret(subject, ev, t, lam):
    r"""The closed form against bounded scalar minimisation of the best-in-class regret."""
    ev.close(subject(t, lam), G.bounded_inf(t, lam), atol=BOUNDED_ATOL, what="infimum",
             labels=("closed form", "minimised regret"))


@C.BOUNDED_EXACT.check(precision="mpmath 40 digits (findroot)", tolerance="absolute 1e-14", confirm="exact")
def equals_golden_section(subject, ev):
    r"""The closed form against findroot at 40 digits, on both sides of $2\Lambda = d^*$."""
    for t, lam in ((0.5, 0.1), (0.5, 2.0), (0.2, 0.01), (0.9, 0.5)):
        ev.close(subject(t, lam), float(G.bounded_inf_mp(t, lam)), atol=1e-14, context=f"t={t}, Λ={lam}",
                 what="infimum", labels=("closed form", "findroot minimum"))
    ev.metric("regret_at_lambda_0_1", subject(0.5, 0.1))
    ev.metric("complete_set_transform", (1.5 * math.log(1.5) + 0.5 * math.log(0.5)) / 2)
