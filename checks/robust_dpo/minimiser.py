"""R5: the empirical rDPO objective along a ray (claims robust_dpo.unconstrained_minimiser and
robust_dpo.recession_slope)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.robust_dpo import formulas as F
from ...theorems.robust_dpo.claims_minimiser import RECESSION, UNCONSTRAINED
from .strategies import positive_flip_rates, seeds, temperatures

#: how far below L̂(0) the objective must fall for the witness: a minimiser would bound L̂ below by L̂(θ*) ≤ L̂(0)
DROP = 1e3


def _instance(seed, n, d):
    """Observed differences Z (n × d, n < d) and u with Zu = 𝟏 (least squares: exact when n ≤ d, rank n)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, d))
    u = np.linalg.lstsq(z, np.ones(n), rcond=None)[0]
    return z, u


def _objective_mp(z, u, t, eps, beta, digits):
    """L̂(tu) at ``digits`` digits: the margins t·z_iᵀu formed in mpmath from the float64 entries."""
    with mpmath.workdps(digits):
        e, b, tt = mpmath.mpf(eps), mpmath.mpf(beta), mpmath.mpf(t)
        vals = [F.rdpo(tt * mpmath.fsum(mpmath.mpf(float(zi)) * mpmath.mpf(float(ui)) for zi, ui in zip(row, u)), e, b)
                for row in z]
        return mpmath.fsum(vals) / len(vals)


def _far(eps, beta):
    """t with β·ε·t/(1 − 2ε) = 10·DROP: the linear decrease alone would be ten times the drop."""
    return 10 * DROP * (1 - 2 * eps) / (beta * eps)


@UNCONSTRAINED.check(given={"seed": seeds, "n": st.integers(1, 4), "extra": st.integers(1, 3),
                            "epsilon": positive_flip_rates, "beta": temperatures},
                     examples=10, precision="float64, re-verified with mpmath at 50 digits",
                     tolerance=f"a drop of {DROP:g} below the objective at 0",
                     regressions=[{"seed": 0, "n": 1, "extra": 1, "epsilon": 0.25, "beta": 1.0}],
                     confirm=lambda subject, seed, n, extra, epsilon, beta: _confirm_drop(seed, n, extra, epsilon,
                                                                                          beta))
def bounded_below_along_the_ray(subject, ev, seed, n, extra, epsilon, beta):
    """A finite minimiser θ* would give L̂(θ) ≥ L̂(θ*) > −∞; along tu with Zu = 𝟏, L̂(tu) falls far below L̂(0)."""
    z, u = _instance(seed, n, n + extra)
    ev.show("Z", z)
    ev.show("u", u)
    t = _far(epsilon, beta)
    at0, far = subject(np.zeros(z.shape[1]), z, epsilon, beta), subject(t * u, z, epsilon, beta)
    ev.show("t", t)
    ev.show("L(tu)", far)
    ev.that(bool(far > at0 - DROP), f"L̂(tu) = {far:.6g} at t = {t:.3g}, more than {DROP:g} below L̂(0) = {at0:.6g}",
            claimed=far, observed=at0 - DROP, labels=("L̂(tu)", "L̂(0) − drop"))


def _confirm_drop(seed, n, extra, epsilon, beta):
    z, u = _instance(seed, n, n + extra)
    t = _far(epsilon, beta)
    at0 = _objective_mp(z, u, 0, epsilon, beta, 50)
    far = _objective_mp(z, u, t, epsilon, beta, 50)
    return bool(far < at0 - DROP), f"at 50 digits L̂(0) = {mpmath.nstr(at0, 12)}, L̂(tu) = {mpmath.nstr(far, 12)}"


# mpmath difference quotient over [T, T + 1] at 40 digits: the per-sample slopes approach their limits within
# β|z·u|·e^{−β T|z·u|}; with β T |z·u| ≥ 200 the error is below e^{−200}. SLOPE_RTOL = 1e-12 sits far above that and
# far below the mutants' errors (a factor 1 − 2ε ≤ 0.98, or the wrong branch's slope).
SLOPE_RTOL = 1e-12


@RECESSION.check(given={"seed": seeds, "n": st.integers(2, 5), "d": st.integers(1, 4),
                        "epsilon": positive_flip_rates, "beta": temperatures},
                 examples=6, precision="mpmath 40 digits", tolerance=f"{SLOPE_RTOL:g} relative")
def slope_far_along_the_ray(subject, ev, seed, n, d, epsilon, beta):
    """The closed-form recession slope equals the mpmath difference L̂((T + 1)u) − L̂(Tu) far along a random ray."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, d))
    u = rng.standard_normal(d)
    s = np.abs(z @ u)
    ev.assume(bool(s.min() > 1e-3), "a margin near 0 converges slowly")
    T = 200 / (beta * s.min())
    ev.show("Z", z)
    ev.show("u", u)
    with mpmath.workdps(40):
        diff = _objective_mp(z, u, T + 1, epsilon, beta, 40) - _objective_mp(z, u, T, epsilon, beta, 40)
    ev.close(subject(z, u, epsilon, beta), float(diff), rtol=SLOPE_RTOL, what="recession slope",
             labels=("closed form", "mpmath difference"), context=f"n={n}, d={d}, ε={epsilon}, β={beta}")
