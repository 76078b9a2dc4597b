"""Checks of the range claims (Z5: zloss.score_bound, zloss.least_value) and of the degenerate inputs (Z8:
zloss.degenerate_no_limit).

Ground truth: exact rationals for z_c² (Fractions), scipy's L-BFGS maximising z_c from random starts (a solver
against the closed-form bound), and the definition at 90 digits along two paths into a constant vector.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.zloss import claims_range as C
from ...theorems.zloss import formulas as F
from .strategies import locations, seeds, sharpness


def _rational_logits(seed: int, n_classes: int, equal_others: bool) -> list[Fraction]:
    rng = np.random.default_rng(seed)
    if equal_others:
        top, rest = (Fraction(int(rng.integers(-20, 21)), int(rng.integers(1, 9))) for _ in range(2))
        return [top] + [rest] * (n_classes - 1)
    return [Fraction(int(rng.integers(-20, 21)), int(rng.integers(1, 9))) for _ in range(n_classes)]


@C.SCORE_BOUND.check(given={"seed": seeds, "n_classes": st.integers(2, 12), "equal_others": st.booleans()},
                     examples=10, precision="exact: Fractions", tolerance="none: exact comparison", confirm="exact")
def bound_exactly(subject, ev, seed, n_classes, equal_others):
    r"""On rational logits, $z_0^2 \le$ the bound, with equality exactly when the other $D - 1$ logits are equal
    (drawn both ways)."""
    o = _rational_logits(seed, n_classes, equal_others)
    ev.assume(len(set(o)) > 1)
    sign, square = F.exact_parts(F.Z_LOSS.score(o, 0, F.EXACT))
    bound = subject(n_classes)
    others_equal = len(set(o[1:])) == 1
    ev.show("o", [str(x) for x in o])
    ev.show("z_0² (exact)", str(square))
    ev.le(square, bound, what="z_0² ≤ bound", labels=("z_0²", "the bound"))
    ev.that((square == bound) == others_equal, f"z_0² = {square}, bound {bound}, other logits equal: {others_equal}",
            claimed=str(bound), observed=str(square), labels=("the bound (attained iff the others are equal)", "z_0²"))


def _maximise_score(n_classes: int, seed: int) -> tuple[float, np.ndarray]:
    """max z_0 over o by L-BFGS from a random start, with the analytic gradient of z_0."""
    from scipy.optimize import minimize

    def negative_score(o):
        mu = o.mean()
        dev = o - mu
        sigma = np.sqrt(np.mean(dev * dev))
        z = dev / sigma
        grad = (-z[0] * z / n_classes - 1.0 / n_classes) / sigma
        grad[0] += 1.0 / sigma
        return -z[0], -grad

    start = np.random.default_rng(seed).normal(size=n_classes)
    result = minimize(negative_score, start, jac=True, method="L-BFGS-B", options={"gtol": 1e-12, "ftol": 1e-15})
    return -float(result.fun), result.x


# L-BFGS stops at ‖∇z_0‖ ≲ 1e-8 on a function smooth near its maximum: the value is within ~1e-12 of the maximum
# (quadratic convergence of the value); z_0² = D − 1 ≤ 49 is then within 1e-9 relative. Mutants are off by 1/(D − 1).
SOLVER_RTOL = 1e-9


@C.SCORE_BOUND.check(given={"seed": seeds, "n_classes": st.integers(2, 20)}, examples=3,
                     precision="float64, scipy L-BFGS-B from a random start",
                     tolerance=f"relative {SOLVER_RTOL:g} on the maximum of $z_0^2$")
def maximiser_reaches_the_bound(subject, ev, seed, n_classes):
    r"""Maximising $z_0$ numerically reaches $\sqrt{\text{bound}}$, at logits whose other $D - 1$ entries are equal."""
    best, o = _maximise_score(n_classes, seed)
    bound = float(subject(n_classes))
    ev.show("the maximiser (first entries)", o[:6])
    ev.show("max z_0 found, √bound", [best, bound**0.5])
    ev.close(best * best, bound, rtol=SOLVER_RTOL, what="max z_0²", labels=("solver's max z_0²", "the bound"))
    spread = float(np.ptp(o[1:]) / np.ptp(o)) if n_classes > 2 else 0.0
    ev.metric("spread_of_other_logits", spread)
    ev.le(spread, 1e-4, what="the other logits are equal at the maximiser",
          labels=("spread of the other logits / spread of o", "1e-4"))


# -- Z8 -------------------------------------------------------------------------------------------------

# The definition's σ² = E[o²] − μ² loses 2·log10(|t|/ε) ≤ 46 digits (|t| ≤ 1e3, ε ≥ 1e-20) to cancellation: at 90
# digits 44 remain, and L_Z along a path is constant to ~1e-40. 1e-30 leaves 1e10 headroom; the ε-mutant moves
# L_Z by O(1) once ε² ≪ 1e-5.
PATH_DIGITS = 90
PATH_RTOL = 1e-30
EPSILONS = ("1", "1e-3", "1e-10", "1e-20")


@C.DEGENERATE.check(given={"n_classes": st.integers(2, 30), "t": st.floats(-1e3, 1e3), "a": sharpness,
                           "b": locations}, examples=5, precision=f"mpmath {PATH_DIGITS} digits",
                    tolerance=f"relative {PATH_RTOL:g} along each path; the two paths differ by ≥ 1e-3")
def two_paths_two_values(subject, ev, n_classes, t, a, b):
    r"""Along $t\mathbf{1} \pm \varepsilon e_0$ for $\varepsilon = 1, 10^{-3}, 10^{-10}, 10^{-20}$, $L_Z$ is constant on
    each path and the two constants differ: no limit at $t\mathbf{1}$."""
    with mpmath.workdps(PATH_DIGITS):
        aa, bb, tt = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(t)
        values = {}
        for sign in (1, -1):
            values[sign] = [subject([tt + sign * mpmath.mpf(e)] + [tt] * (n_classes - 1), 0, aa, bb, F.MPMATH)
                            for e in EPSILONS]
        ev.show("L_Z along t1 + εe_0", [mpmath.nstr(v, 20) for v in values[1]])
        ev.show("L_Z along t1 − εe_0", [mpmath.nstr(v, 20) for v in values[-1]])
        for sign, name in ((1, "+"), (-1, "−")):
            spread = max(abs(v - values[sign][0]) for v in values[sign]) / abs(values[sign][0])
            ev.le(float(spread), PATH_RTOL, what=f"L_Z constant along the {name} path",
                  labels=(f"relative spread along t1 {name} εe_0", "tolerance"))
        gap = abs(values[1][0] - values[-1][0]) / abs(values[-1][0])
        ev.lt(1e-3, float(gap), what="the two paths give different values", labels=("1e-3", "relative gap"))
