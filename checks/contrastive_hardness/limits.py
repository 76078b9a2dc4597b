"""Checks of C4 and C5: τL_i at tiny temperatures (mpmath at 40 digits, and the float64 library at τ = 10⁻⁴), the
bound τ log(K + 1) on a temperature grid and its equality at ties, and the first-order term at large temperatures by
exact polynomial extrapolation in 1/τ of the float64 library's loss at τ = 10, 100, 1000."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.contrastive_hardness.claims_limits import HIGH_LIMIT, LOW_BOUND, LOW_LIMIT
from ...theorems.contrastive_hardness.library import contrastive_loss
from .strategies import counts, mp_loss, seeds, similarities

TINY_TAU = 1e-12
# τL_i − max(0, ·) lies in [0, τ log(K + 1)] ≤ 1e-12 · log 65 ≈ 4.2e-12 at τ = 1e-12 (the bound is its own claim,
# checked below); 1e-10 absolute covers it, while the mutants differ by the gaps between similarities (≥ 1e-3 here).
TINY_TOL = 1e-10
LIB_TAU = 1e-4
# At τ = 1e-4 the gap is at most 1e-4 · log 65 ≈ 4.2e-4; the library's float64 loss adds ε·|L| ≈ 1e-12 relative.
LIB_TOL = 4.2e-4 + 1e-9
GIVEN = {"count": counts, "seed": seeds}


def _case(count, seed):
    sims = similarities(seed, count + 1)
    return sims[0], sims[1:]


@LOW_LIMIT.check(given=GIVEN, examples=12, precision="mpmath, 40 digits",
                 tolerance=f"absolute {TINY_TOL:g} at τ = {TINY_TAU:g}", confirm="exact")
def tau_loss_at_tiny_temperature(subject, ev, count, seed):
    r"""$\tau L_i$ at $\tau = 10^{-12}$, from the definition at 40 digits, equals the stated limit."""
    s0, neg = _case(count, seed)
    gaps = sorted(abs(a - b) for a in [s0, *neg] for b in [s0, *neg] if a != b)
    ev.assume(not gaps or gaps[0] > 1e-3, "similarities closer than 1e-3")
    with mpmath.workdps(40):
        truth = TINY_TAU * mp_loss(s0, neg, TINY_TAU)
        claimed = subject(s0, neg)
    ev.show("(s_ii, s_i·)", [s0, *neg])
    ev.close(float(claimed), float(truth), atol=TINY_TOL, what="lim τL_i", labels=("the stated limit", "τL_i at 1e-12"))


@LOW_LIMIT.check(given=GIVEN, examples=12, precision="float64 (the library's shifted log-sum-exp)",
                 tolerance=f"absolute {LIB_TOL:g} at τ = {LIB_TAU:g}", confirm="exact")
def library_loss_at_small_temperature(subject, ev, count, seed):
    r"""$\tau L_i$ at $\tau = 10^{-4}$ by the float64 library is within $10^{-4}\log 65$ of the stated limit."""
    s0, neg = _case(count, seed)
    gaps = sorted(abs(a - b) for a in [s0, *neg] for b in [s0, *neg] if a != b)
    ev.assume(not gaps or gaps[0] > 1e-3, "similarities closer than 1e-3")
    with mpmath.workdps(30):
        claimed = float(subject(s0, neg))
    ev.close(claimed, LIB_TAU * contrastive_loss(s0, neg, LIB_TAU), atol=LIB_TOL, what="lim τL_i",
             labels=("the stated limit", "τL_i by the library"))


@LOW_BOUND.check(given=GIVEN, examples=10, precision="mpmath, 40 digits",
                 tolerance="relative 1e-30 on the bound; 1e-36 below 0 (40-digit roundoff)",
                 confirm="exact")
def bound_holds_on_grid(subject, ev, count, seed):
    r"""$0 \le \tau L_i - \max(0, \max_k s_{ik} - s_{ii}) \le$ the stated bound, for $\tau = 10^{-4}, \dots, 1$."""
    s0, neg = _case(count, seed)
    ev.show("(s_ii, s_i·)", [s0, *neg])
    with mpmath.workdps(40):
        hinge = max(mpmath.mpf(0), max(mpmath.mpf(s) for s in neg) - mpmath.mpf(s0))
        for tau in (1e-4, 1e-3, 1e-2, 1e-1, 1.0):
            gap = tau * mp_loss(s0, neg, tau) - hinge
            bound = subject(tau, count)
            # the 40-digit difference of two numbers of size ≤ 2 is good to 1e-38
            ev.le(-1e-36, float(gap), what="τL_i − hinge ≥ 0", labels=("−1e-36", "τL_i − hinge"))
            ev.le(float(gap), float(bound * (1 + mpmath.mpf(10) ** -30)), what="τL_i − hinge ≤ bound",
                  labels=("τL_i − hinge", "the stated bound"), context=f"τ = {tau:g}")


@LOW_BOUND.check(given={"count": counts, "level": st.floats(-1.0, 1.0), "tau": st.floats(1e-4, 1.0)}, examples=10,
                 precision="mpmath, 40 digits", tolerance="relative 1e-30", confirm="exact")
def bound_attained_at_ties(subject, ev, count, level, tau):
    r"""When all $K + 1$ similarities equal the same level, $\tau L_i$ equals the stated bound."""
    with mpmath.workdps(40):
        truth = tau * mp_loss(level, [level] * count, tau)
        bound = subject(tau, count)
    ev.close(float(bound), float(truth), rtol=1e-14, what="τL_i at a tie", labels=("the stated bound", "τL_i"))


# Exact quadratic interpolation in x = 1/τ through x = 0.1, 0.01, 0.001 of f = τ(L − log(K + 1)): the remainder is
# f'''·x₁x₂x₃/6 ≤ 1e-6 · max|f'''|/6 with |f'''| ≲ 1 for similarities in [−1, 1]; the float64 loss adds
# τ·ε·L ≈ 1e-12 at τ = 1000. 1e-5 absolute covers both; λ = 1 is off by (K − 1)·|s̄|·K/(K + 1).
EXTRAPOLATION_TOL = 1e-5


@HIGH_LIMIT.check(given={"count": counts, "seed": seeds}, examples=10, precision="float64 library, extrapolated",
                  tolerance=f"absolute {EXTRAPOLATION_TOL:g}", confirm="exact")
def extrapolated_from_three_temperatures(subject, ev, count, seed):
    r"""The stated first-order term equals the value at $1/\tau = 0$ of the parabola in $1/\tau$ through
    $\tau(L_i - \log(K + 1))$ at $\tau = 10, 100, 1000$."""
    s0, neg = _case(count, seed)
    xs = np.array([0.1, 0.01, 0.001])
    fs = np.array([(contrastive_loss(s0, neg, 1 / x) - math.log(count + 1)) / x for x in xs])
    at_zero = float(np.polyval(np.polyfit(xs, fs, 2), 0.0))
    claimed = subject(s_pos=s0, s_mean=float(np.mean(neg)), K=count)
    ev.show("(s_ii, s_i·)", [s0, *neg])
    ev.close(claimed, at_zero, atol=EXTRAPOLATION_TOL, what="first-order term",
             labels=("the stated term", "extrapolation of the library's loss"))
