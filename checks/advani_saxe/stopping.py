r"""Checks of V6: the per-mode optimal stopping time, and that no single time is optimal for every mode.

Ground truths: the root of the derivative of the mode error (mpmath, in the formula claim), and here a bounded
search of the mode error itself (scipy's bounded Brent method), evaluated directly.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from ...theorems.advani_saxe import claims as C


def mode_error(lam: float, t: float, snr: float) -> float:
    """One mode's error from w_0 = 0 with σ_ε² = 1, σ_w̄² = SNR: (1 − e^{−λt})²/λ + e^{−2λt} SNR."""
    e = math.exp(-lam * t)
    return (-math.expm1(-lam * t)) ** 2 / lam + e * e * snr


def searched_minimiser(lam: float, snr: float) -> float:
    """The minimiser of the mode error by bounded Brent search on [0, 50/λ] (xatol 1e-12 relative to 1/λ)."""
    res = minimize_scalar(lambda t: mode_error(lam, t, snr), bounds=(0.0, 50.0 / lam), method="bounded",
                          options={"xatol": 1e-12 / lam})
    return float(res.x)


# Near its minimum the error is flat: δE ≈ ½E''δt², so Brent resolves t* only to ~√(ε·E/E'') ≈ 1e-8/λ relative.
# 1e-6 relative leaves headroom; the dropped-1 variant is off by ≥ 0.5 % on λ·SNR ≤ 1e4 draws.
SEARCH_RTOL = 1e-6


@C.STOPPING.check(given={"lam": st.floats(1e-2, 1e2), "snr": st.floats(1e-2, 1e2)}, examples=12,
                  precision="float64 bounded Brent search of the mode error", tolerance=f"{SEARCH_RTOL:g} relative")
def matches_searched_minimum(subject, ev, lam, snr):
    r"""$t^*$ equals the minimiser of the mode error found by a bounded search of the error itself."""
    truth = searched_minimiser(lam, snr)
    ev.show("minimiser by search", truth)
    ev.close(subject(**{"lambda": lam, "SNR": snr}), truth, rtol=SEARCH_RTOL, what="t*",
             labels=("formula", "bounded search"), context=f"λ={lam:.6g}, SNR={snr:.6g}")


# Strict inequalities between values computed in float64: margins ≥ 1e-6 relative on these draws (λ₂ ≥ 1.1 λ₁).
@C.NO_SINGLE_TIME.check(given={"lam1": st.floats(1e-2, 50.0), "ratio": st.floats(1.1, 100.0),
                               "snr": st.floats(1e-2, 1e2)}, examples=12,
                        precision="float64 direct evaluation of the mode errors", tolerance="strict inequalities")
def optima_differ_between_modes(subject, ev, lam1, ratio, snr):
    r"""For $\lambda_2 > \lambda_1$, $t^*(\lambda_2) < t^*(\lambda_1)$, and each mode's error at the other mode's
    $t^*$ exceeds its error at its own (evaluated directly): no common time is optimal for both."""
    lam2 = lam1 * ratio
    t1, t2 = subject(lam1, snr), subject(lam2, snr)
    ev.show("t* of the two modes", [t1, t2])
    ev.lt(t2, t1, what="t*(λ₂) < t*(λ₁)", labels=("t*(λ₂)", "t*(λ₁)"))
    own1, other1 = mode_error(lam1, t1, snr), mode_error(lam1, t2, snr)
    own2, other2 = mode_error(lam2, t2, snr), mode_error(lam2, t1, snr)
    ev.show("mode errors (own time, other time)", np.array([[own1, other1], [own2, other2]]))
    ev.lt(own1, other1, what="mode 1 is worse at t*(λ₂)", labels=("error at own t*", "error at the other t*"))
    ev.lt(own2, other2, what="mode 2 is worse at t*(λ₁)", labels=("error at own t*", "error at the other t*"))
