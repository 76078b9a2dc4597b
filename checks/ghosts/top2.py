"""Checks of Eq. 13: the top-2 ghost as printed and corrected, and the top-2 radius as a multiclass proxy.

Ground truth: 40-digit evaluation of F at the claimed ghost, and the nearest zero of F from 50-digit
polynomial roots.
"""

from __future__ import annotations

import math

import mpmath
from hypothesis import strategies as st

from ...theorems.ghosts import claims as C
from .ground_truth import ROOT_RTOL
from .numerics import nearest_polynomial_zero
from .strategies import deltas, spreads

# -- Eq. 13 -------------------------------------------------------------------------------------------


def _ghost_residual(ghost: complex, delta: float, spread: float) -> float:
    """|F(t0)| / Σ|terms| at 40 digits for F(t) = e^{δ + Δ t} + 1 (z_y = δ, z_c = 0, a_y − a_c = Δ)."""
    with mpmath.workdps(40):
        t = mpmath.mpc(ghost.real, ghost.imag)
        e = mpmath.exp(mpmath.mpf(delta) + mpmath.mpf(spread) * t)
        return float(abs(e + 1) / (abs(e) + 1))


def _ghost_check(subject, ev, delta, spread):
    t0 = subject(delta, spread)
    # the claimed ghost is rounded to float64 (relative 1e-16), so F(t0)/Σ|terms| can be ~|Δ t0|·1e-16
    tol = 1e-13 * (1 + abs(spread * t0))
    residual = _ghost_residual(t0, delta, spread)
    ev.show("t0 (re, im)", [t0.real, t0.imag])
    ev.show("|F(t0)|/Σ|terms| (40 digits)", residual)
    ev.le(residual, tol, what="|F(t0)|/Σ|terms|", context=f"δ={delta:.6g}, Δ={spread:.6g}",
          labels=("|F(t0)|/Σ|terms| at 40 digits", "float64 rounding allowance"))


def _confirm_ghost(subject, delta, spread):
    t0 = subject(delta, spread)
    r = _ghost_residual(t0, delta, spread)
    return r > 1e-6, f"at 40 digits |F(t0)|/Σ|terms| = {r:.3g} for t0 = {t0:.6g}"


@C.TOP2_GHOST.check(given={"delta": deltas, "spread": spreads}, examples=20, confirm=_confirm_ghost,
                    precision="mpmath 40 digits", tolerance="1e-13·(1 + |Δ t0|): float64 rounding of t0")
def ghost_is_a_zero_of_f(subject, ev, delta, spread):
    r"""$F$ vanishes at the printed ghost $(\delta + i\pi)/\Delta_{y,c}$."""
    _ghost_check(subject, ev, delta, spread)


@C.TOP2_GHOST_CORRECTED.check(given={"delta": deltas, "spread": spreads}, examples=20,
                              precision="mpmath 40 digits", tolerance="1e-13·(1 + |Δ t0|): float64 rounding of t0")
def corrected_ghost_is_a_zero_of_f(subject, ev, delta, spread):
    r"""$F$ vanishes at $(-\delta + i\pi)/\Delta_{y,c}$."""
    _ghost_check(subject, ev, delta, spread)


def _top2_truth(logits, slopes):
    weights = [mpmath.exp(mpmath.mpf(z)) for z in logits]
    rho, _ = nearest_polynomial_zero(weights, slopes, dps=50)
    return rho


def _confirm_top2(direction):
    def confirm(subject, inst):
        logits, slopes = inst
        rho = _top2_truth(logits, slopes)
        proxy = subject(logits, slopes, 0)
        bad = proxy > rho * (1 + 1e-20) if direction == "lower" else proxy < rho * (1 - 1e-20)
        return bool(bad), f"at 50 digits ρ* = {mpmath.nstr(rho, 15)}, top-2 radius = {proxy:.15g}"
    return confirm


@st.composite
def three_class(draw):
    logits = [draw(st.floats(-3, 3)) for _ in range(3)]
    slopes = [draw(st.integers(-3, 3)) for _ in range(3)]
    if len(set(slopes)) == 1:
        slopes[1] += 1
    return logits, slopes


def _show_top2(ev, logits, slopes, proxy, rho):
    competitor = max((k for k in range(len(logits)) if k != 0), key=lambda k: logits[k])
    ev.show("strongest competitor c of y = 0", competitor)
    ev.show("top-2 radius", proxy)
    ev.show("ρ* (nearest zero of F, 50 digits)", float(rho))
    ev.show("π/Δ_a", math.pi / (max(slopes) - min(slopes)))


# The cases of the claim's notes: the third class pulls ρ* below the top-2 radius, or pushes it above.
OVERSHOOT = ([0.0, 0.0, 1.0], [0, 0, 1])
UNDERSHOOT = ([0.0, 0.0, 0.0], [0, 1, 0])


@C.TOP2_PROXY.check(given={"inst": three_class()}, examples=40, confirm=_confirm_top2("lower"),
                    regressions=[{"inst": OVERSHOOT}],
                    precision="mpmath 40-digit polyroots", tolerance="relative 1e-25 (ROOT_RTOL)")
def top2_radius_is_a_lower_bound(subject, ev, inst):
    r"""A safe radius: the top-2 radius $\le \rho^*$ (nearest polynomial zero), $y$ = class 0."""
    logits, slopes = inst
    proxy = subject(logits, slopes, 0)
    rho = _top2_truth(logits, slopes)
    ev.assume(math.isfinite(proxy) and rho != mpmath.inf)
    _show_top2(ev, logits, slopes, proxy, rho)
    ev.le(proxy, float(rho) * (1 + ROOT_RTOL), what="top-2 radius ≤ ρ*", context=f"z={logits}, a={slopes}",
          labels=("top-2 radius", "ρ* (nearest zero of F)"))


@C.TOP2_PROXY.check(given={"inst": three_class()}, examples=40, confirm=_confirm_top2("upper"),
                    regressions=[{"inst": UNDERSHOOT}],
                    precision="mpmath 40-digit polyroots", tolerance="relative 1e-25 (ROOT_RTOL)")
def top2_radius_is_an_upper_bound(subject, ev, inst):
    r"""The other reading: the top-2 radius $\ge \rho^*$ (it never underestimates), $y$ = class 0."""
    logits, slopes = inst
    proxy = subject(logits, slopes, 0)
    rho = _top2_truth(logits, slopes)
    ev.assume(rho != mpmath.inf)
    _show_top2(ev, logits, slopes, proxy, rho)
    ev.that(bool(rho <= proxy * (1 + ROOT_RTOL)),
            f"ρ* ≤ top-2 radius: ρ* = {mpmath.nstr(rho, 12)} exceeds the top-2 radius {proxy:.12g} "
            f"[z={logits}, a={slopes}]", claimed=proxy, observed=float(rho),
            labels=("top-2 radius", "ρ* (nearest zero of F)"))
