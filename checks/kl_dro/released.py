"""Checks of K6 and K7: numpy ports of the released LDRLoss_V1 and ALDRLoss_V1."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.kl_dro import claims as C
from ...theorems.kl_dro import formulas as F
from . import numerics as N
from .strategies import losses_from, seeds

# The port in float64 against mpmath at 40 digits: softplus, a mean, a division and a max-shifted
# log-sum-exp on values ≤ K + threshold ≤ 10: 1e-12 relative leaves ≥ 100× headroom. The mutants (no
# normalisation, raw logits) and the raw-logit reading of the statement differ by O(0.1) or more.
PORT_RTOL = 1e-12


def _ldr_case(seed, k, scale):
    s = losses_from(seed, k, scale)
    return s, int(np.random.default_rng(seed + 1).integers(k))


def _confirm_raw(subject, seed, k, scale):
    """Re-verify at 40 digits: the released loss (mpmath port) against ψ_λ of the raw logits."""
    s, y = _ldr_case(seed, k, scale)
    with mpmath.workdps(40):
        rel = N.mp_ldr_v1(s, y, 2.0, 1.0)
        raw = N.mp_psi_of_logits(s, y, 2.0, 1.0)
        return bool(abs(rel - raw) > 1e-9 * abs(raw)), (f"at 40 digits the released loss is {mpmath.nstr(rel, 15)}, "
                                                        f"ψ of the raw logits {mpmath.nstr(raw, 15)}")


@C.RELEASED_LDR_RAW.check(given={"seed": seeds, "k": st.integers(2, 6), "scale": st.floats(0.1, 3.0)},
                          examples=10, precision="mpmath 40 digits", confirm=_confirm_raw,
                          tolerance=f"{PORT_RTOL:g} relative")
def psi_of_raw_logits(subject, ev, seed, k, scale):
    """The port's loss against $\\psi_\\lambda$ of the raw logits (mpmath)."""
    s, y = _ldr_case(seed, k, scale)
    ev.show("logits", s)
    ev.show("label", y)
    got = subject(s, y)
    ev.close(got, float(N.mp_psi_of_logits(s, y, 2.0, 1.0)), rtol=PORT_RTOL, what="released loss",
             labels=("LDRLoss_V1 port", "ψ of the raw logits (mpmath)"))


def _confirm_shift(subject, seed, k, scale, shift):
    """Re-verify at 40 digits (mpmath port of the released loss) that the shift changes the loss."""
    s, y = _ldr_case(seed, k, scale)
    with mpmath.workdps(40):
        rel = N.mp_ldr_v1(s, y, 2.0, 1.0)
        shifted = N.mp_ldr_v1(s + shift, y, 2.0, 1.0)
        return bool(abs(shifted - rel) > 1e-9 * abs(rel)), (f"at 40 digits the released loss is {mpmath.nstr(rel, 15)}"
                                                             f" and {mpmath.nstr(shifted, 15)} after the shift")


@C.RELEASED_LDR_RAW.check(given={"seed": seeds, "k": st.integers(2, 6), "scale": st.floats(0.1, 3.0),
                                 "shift": st.floats(0.5, 3.0)},
                          examples=10, precision="float64, re-verified with mpmath at 40 digits",
                          confirm=_confirm_shift,
                          tolerance=f"{PORT_RTOL:g} relative")
def shift_invariance(subject, ev, seed, k, scale, shift):
    """The port's loss after adding the constant shift to every logit against the port's loss."""
    s, y = _ldr_case(seed, k, scale)
    ev.show("logits", s)
    ev.show("shifted logits", s + shift)
    ev.show("label", y)
    ev.close(subject(s + shift, y), subject(s, y), rtol=PORT_RTOL, what="shift invariance",
             labels=("LDRLoss_V1 port, logits shifted", "LDRLoss_V1 port"))


@C.RELEASED_LDR_Z.check(given={"seed": seeds, "k": st.integers(2, 10), "scale": st.floats(0.1, 20.0),
                               "threshold": st.floats(0.0, 3.0), "lam": st.floats(0.1, 10.0)},
                        examples=15, precision="mpmath 40 digits", confirm="exact",
                        tolerance=f"{PORT_RTOL:g} relative, plus 1e-14 absolute for losses near 0")
def matches_normalised_softplus(subject, ev, seed, k, scale, threshold, lam):
    """The port equals $\\psi_\\lambda(z, y)$ with $z = \\mathrm{softplus}(s)/\\mathrm{mean}\\,\\mathrm{softplus}(s)$
    evaluated with mpmath."""
    s, y = _ldr_case(seed, k, scale)
    ev.show("logits", s)
    ev.show("label", y)
    ev.close(subject(s, y, threshold, lam), float(N.mp_ldr_v1(s, y, threshold, lam)), rtol=PORT_RTOL, atol=1e-14,
             what="released loss", labels=("LDRLoss_V1 port", "ψ of the normalised softplus (mpmath)"))


# -- K7 ---------------------------------------------------------------------------------------------------

# The maximiser of G by a 400-point grid and bounded Brent refinement is accurate to ~1e-8; the port's
# update misses it by O(1e-2) or more on the drawn cases. 1e-6 separates the two.
ARGMAX_TOL = 1e-6
# The tangent objective is a concave quadratic; Brent's bounded search finds its maximiser to ~1e-9.
TANGENT_TOL = 1e-7


def _aldr_case(seed, k):
    s = losses_from(seed, k, 2.0)
    return s, int(np.random.default_rng(seed + 1).integers(k))


def _confirm_argmax(subject, seed, k, lam_i, alpha):
    """Re-verify at 30 digits that G at the grid maximiser exceeds G at the released update."""
    s, y = _aldr_case(seed, k)
    z = N.aldr_normalised(s)
    new = subject(s, y, lam_i, 1.0, alpha)
    best = N.aldr_argmax(z, y, 1.0, 1.0, alpha)
    with mpmath.workdps(30):
        x = [mpmath.mpf(float(v)) for v in N.margin_differences(z, y, 1.0)]

        def g(lam):
            lam = mpmath.mpf(lam)
            return N.mp_psi(x, lam, 30) - alpha * mpmath.log(k) / 2 * (lam - 1) ** 2

        gn, gb = g(new), g(best)
        return bool(gb > gn + mpmath.mpf(10) ** -12), (f"at 30 digits G({new:.10g}) = {mpmath.nstr(gn, 15)} < "
                                                        f"G({best:.10g}) = {mpmath.nstr(gb, 15)}")


@C.ALDR_MAXIMISER.check(given={"seed": seeds, "k": st.integers(2, 6), "lam_i": st.floats(0.2, 2.0),
                               "alpha": st.floats(1.5, 5.0)},
                        examples=8, precision="float64 grid and bounded Brent search", confirm=_confirm_argmax,
                        tolerance=f"{ARGMAX_TOL:g} absolute on λ")
def update_is_argmax(subject, ev, seed, k, lam_i, alpha):
    """The released update against the maximiser of $G(\\lambda)$ (margin 1, $\\lambda_0 = 1$) found by a grid and
    bounded search."""
    s, y = _aldr_case(seed, k)
    ev.show("logits", s)
    ev.show("label", y)
    z = N.aldr_normalised(s)
    ev.close(subject(s, y, lam_i, 1.0, alpha), N.aldr_argmax(z, y, 1.0, 1.0, alpha), atol=ARGMAX_TOL,
             what="updated λ", labels=("ALDRLoss_V1 update", "argmax of G"))


@C.ALDR_LINEARISED.check(given={"seed": seeds, "k": st.integers(2, 6), "lam_i": st.floats(0.05, 2.0),
                                "lam0": st.floats(0.2, 3.0), "alpha": st.floats(0.5, 5.0)},
                         examples=12, precision="mpmath 30 digits for KL; bounded Brent search", confirm="exact",
                         tolerance=f"{TANGENT_TOL:g} absolute on λ")
def maximises_tangent_objective(subject, ev, seed, k, lam_i, lam0, alpha):
    """The released update equals the maximiser, by bounded search, of $-\\kappa(\\lambda - \\lambda_i) -
    \\frac{\\alpha\\log K}{2\\lambda_0}(\\lambda - \\lambda_0)^2$, with $\\kappa = \\mathrm{KL}(q\\|u)$ of the smoothed
    softmax computed with mpmath."""
    from scipy.optimize import minimize_scalar

    s, y = _aldr_case(seed, k)
    ev.show("logits", s)
    ev.show("label", y)
    z = N.aldr_normalised(s)
    with mpmath.workdps(30):
        e = [mpmath.exp(mpmath.mpf(float(v)) / mpmath.mpf(lam_i)) for v in z]
        tot = mpmath.fsum(e)
        q = [w / tot + mpmath.mpf(F.ALDR_SMOOTHING) for w in e]
        qs = mpmath.fsum(q)
        q = [w / qs for w in q]
        kappa = float(mpmath.fsum(w * mpmath.log(k * w) for w in q))
    c = alpha * math.log(k) / (2 * lam0)
    res = minimize_scalar(lambda t: kappa * (t - lam_i) + c * (t - lam0) ** 2, bounds=(-20 * lam0, 20 * lam0),
                          method="bounded", options={"xatol": 1e-12})
    ev.close(subject(s, y, lam_i, lam0, alpha), float(res.x), atol=TANGENT_TOL, what="updated λ",
             labels=("ALDRLoss_V1 update", "argmax of the tangent objective"))


@C.ALDR_POSITIVE.check(given={"seed": seeds, "k": st.integers(2, 6), "lam_i": st.floats(0.02, 2.0),
                              "alpha": st.floats(1.0, 4.0, exclude_min=True)},
                       examples=20, precision="float64", confirm="exact",
                       tolerance="exact comparison with λ0(1 − 1/α), λ0 = 1")
def bounded_below_for_alpha_above_one(subject, ev, seed, k, lam_i, alpha):
    """For $\\alpha > 1$ the released update is at least $\\lambda_0(1 - 1/\\alpha)$."""
    s = losses_from(seed, k, 5.0)
    ev.show("logits", s)
    ev.le(1.0 - 1.0 / alpha, subject(s, 0, lam_i, 1.0, alpha), what="λ0(1 − 1/α) ≤ updated λ",
          labels=("λ0(1 − 1/α)", "ALDRLoss_V1 update"))


@C.ALDR_POSITIVE.check(precision="float64", confirm="exact", tolerance="exact sign")
def negative_for_alpha_below_one(subject, ev):
    """At logits $(10, 0, 0)$, $\\lambda_i = 0.05$, $\\lambda_0 = 1$, $\\alpha = 0.5$ the released update is
    negative."""
    s = np.array([10.0, 0.0, 0.0])
    ev.show("logits", s)
    new = subject(s, 0, 0.05, 1.0, 0.5)
    ev.metric("updated_lambda", new)
    ev.lt(new, 0.0, what="updated λ < 0", labels=("ALDRLoss_V1 update", "0"))
