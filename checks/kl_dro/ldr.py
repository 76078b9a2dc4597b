"""Checks of K3: the LDR-KL loss's limits, and the library's ldr_kl_loss, against mpmath."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.kl_dro import claims as C
from . import numerics as N
from .strategies import losses_from, seeds

EPS = float(np.finfo(float).eps)

# ψ_λ at λ = 1e-30 (mpmath, 50 digits) is within λ log K ≤ 1e-29 of the λ → 0 limit; the limit in
# float64 is one max of sums of three numbers ≤ 60 in size: 8 ε · 60 ≈ 1e-13. TOL = 1e-11 leaves
# headroom; the mutants are off by the margin-free term (≥ 1e-3 on the drawn cases) or by max − mean.
TINY_LAMBDA = "1e-30"
HUGE_LAMBDA = "1e30"
LIMIT_TOL = 1e-11
# the library's ψ_λ: the max-shifted log-sum-exp, rounding ≤ a few ε of max|x| + λ log K
LIB_ULPS = 64


def _case(seed, k, scale, margin):
    s = losses_from(seed, k, scale)
    y = int(np.random.default_rng(seed + 1).integers(k))
    return s, y


_CASES = {"seed": seeds, "k": st.integers(2, 8), "scale": st.floats(0.1, 5.0), "margin": st.floats(0.0, 3.0)}
# the true class far ahead: every c + s_k − s_y < 0, where the k = y term decides the max
_AHEAD = {"seed": 3, "k": 3, "scale": 4.0, "margin": 0.0}


@C.LDR_SMALL_LAMBDA.check(given=_CASES, examples=20, precision="mpmath 50 digits at λ = 1e-30", confirm="exact",
                          tolerance=f"{LIMIT_TOL:g} absolute: λ log K ≈ 1e-29 plus float64 rounding",
                          regressions=[_AHEAD])
def matches_psi_at_tiny_lambda(subject, ev, seed, k, scale, margin):
    """The claimed limit equals $\\psi_\\lambda(s, y)$ at $\\lambda = 10^{-30}$ evaluated with mpmath, and
    $\\psi_\\lambda$ at $\\lambda = 10^{-2}$ lies in $[\\mathrm{limit} - \\lambda\\log K, \\mathrm{limit}]$."""
    s, y = _case(seed, k, scale, margin)
    ev.show("scores", s)
    ev.show("label", y)
    x = N.margin_differences(s, y, margin)
    claimed = subject(s, y, margin)
    ev.close(claimed, float(N.mp_psi(x, mpmath.mpf(TINY_LAMBDA), 50)), atol=LIMIT_TOL, what="λ → 0 limit",
             labels=("claimed limit", "ψ at λ = 1e-30 (mpmath)"))
    psi = float(N.mp_psi(x, 0.01, 30))
    ev.le(psi, claimed + LIMIT_TOL, what="ψ at λ = 0.01 ≤ limit", labels=("ψ at λ = 0.01", "claimed limit"))
    ev.le(claimed - 0.01 * math.log(k), psi + LIMIT_TOL, what="limit − λ log K ≤ ψ",
          labels=("claimed limit − λ log K", "ψ at λ = 0.01"))


@C.LDR_LARGE_LAMBDA.check(given=_CASES, examples=20, precision="mpmath 80 digits at λ = 1e30", confirm="exact",
                          tolerance=f"{LIMIT_TOL:g} absolute: range²/(8λ) ≈ 1e-28 plus float64 rounding")
def matches_psi_at_huge_lambda(subject, ev, seed, k, scale, margin):
    """The claimed limit equals $\\psi_\\lambda$ at $\\lambda = 10^{30}$ (mpmath, 80 digits), and at $\\lambda = 10$
    $\\psi_\\lambda$ lies in $[\\mathrm{limit}, \\mathrm{limit} + r^2/(8\\lambda)]$ (Jensen and Hoeffding, $r$ the
    range of the differences)."""
    s, y = _case(seed, k, scale, margin)
    ev.show("scores", s)
    ev.show("label", y)
    x = N.margin_differences(s, y, margin)
    claimed = subject(s, y, margin)
    ev.close(claimed, float(N.mp_psi(x, mpmath.mpf(HUGE_LAMBDA), 80)), atol=LIMIT_TOL, what="λ → ∞ limit",
             labels=("claimed limit", "ψ at λ = 1e30 (mpmath)"))
    psi = float(N.mp_psi(x, 10.0, 30))
    r = float(np.ptp(x))
    ev.le(claimed, psi + LIMIT_TOL, what="limit ≤ ψ at λ = 10", labels=("claimed limit", "ψ at λ = 10"))
    ev.le(psi, claimed + r * r / 80.0 + LIMIT_TOL, what="ψ ≤ limit + r²/(8λ)",
          labels=("ψ at λ = 10", "claimed limit + r²/80"))


@C.LDR_LIBRARY.check(given={"seed": seeds, "k": st.integers(2, 20), "scale": st.floats(0.01, 50.0),
                            "lam": st.floats(-3.0, 2.0).map(lambda e: float(10.0**e)),
                            "margin": st.floats(0.0, 3.0)},
                     examples=30, precision="mpmath 40 digits", confirm="exact",
                     tolerance=f"{LIB_ULPS} ε · (max|x| + λ log K): the max-shifted log-sum-exp's rounding")
def library_matches_mpmath(subject, ev, seed, k, scale, lam, margin):
    """ldr_kl_loss equals $\\psi_\\lambda(s, y)$ evaluated with mpmath at 40 digits, scores up to 50 in size and
    $\\lambda \\in [10^{-3}, 10^2]$."""
    s, y = _case(seed, k, scale, margin)
    ev.show("scores", s)
    ev.show("label", y)
    x = N.margin_differences(s, y, margin)
    truth = float(N.mp_psi(x, lam, 40))
    ev.close(subject(s, y, lam, margin), truth, atol=LIB_ULPS * EPS * (float(np.max(np.abs(x))) + lam * math.log(k)),
             what="ψ_λ", labels=("ldr_kl_loss", "ψ_λ in mpmath"))
