"""Ground-truth routes shared by the Ghosts-of-Softmax checks, with the tolerances they share.

The term-growth test of a radius (exact Taylor coefficients of log F, Prop 4.2), the argument
principle on circles, and the zeros of F from 40-digit polynomial roots (integer slopes); wrappers
that reject ill-conditioned examples instead of guessing.
"""

from __future__ import annotations

import math

import mpmath

from . import numerics as _num
from .numerics import log_taylor_coefficients, max_scaled_term, polynomial_zeros

PI = math.pi

# Term-growth test of a radius R: with N = 100 coefficients, max_{50 ≤ n ≤ 100} |l_n| σ^n is
# ≈ (σ/ρ*)^n · 2/n. At σ = 0.9R (R = ρ*) that is ≤ 0.9^50 ≈ 5e-3 and at σ = 1.1R ≥ 1.1^100/50 ≈ 280
# (for some n in the window where |cos nθ| is near 1). Thresholds 0.05 / 10 leave ×10 and ×28 of room;
# a radius off by more than 10% fails one of the two.
TAYLOR_N = 100
INSIDE, OUTSIDE = 0.9, 1.1
DECAYED, GROWN = 0.05, 10.0

# Winding numbers on circles (1 ∓ WIND_GAP)·R: relative resolution of the argument-principle test.
WIND_GAP = 1e-3

# 40-digit polynomial roots: agreement to 1e-25 relative leaves 15 digits for polyroots' own error.
ROOT_RTOL = 1e-25


def _wind(ev, logits, slopes, radius: float) -> int:
    """winding_number, rejecting the example when F nearly vanishes on the circle (ill-conditioned)."""
    try:
        return _num.winding_number(logits, slopes, radius)
    except ArithmeticError:
        ev.reject("F nearly vanishes on the circle")
        raise AssertionError("unreachable") from None  # reject() raises


def _nearest(ev, weights, slopes, dps: int = 40):
    """nearest_polynomial_zero, rejecting the example when polyroots does not converge."""
    try:
        return _num.nearest_polynomial_zero(weights, slopes, dps)
    except ArithmeticError:
        ev.reject("polyroots did not converge")
        raise AssertionError("unreachable") from None


def _centred(slopes) -> list[float]:
    """Slopes shifted to a symmetric range: F gains a factor e^{−mt}, so only l_1 changes, and the
    recursion avoids the cancellation that large |a_k| ρ would cause at 30 digits."""
    m = (max(slopes) + min(slopes)) / 2
    return [float(a) - m for a in slopes]


def _term_growth(logits, slopes, radius: float) -> tuple[float, float]:
    """(max term at 0.9·radius, max term at 1.1·radius) for the exact series of log F(radius · s)."""
    coeffs = log_taylor_coefficients(logits, _centred(slopes), TAYLOR_N, scale=radius)
    window = (TAYLOR_N // 2, TAYLOR_N + 1)
    return max_scaled_term(coeffs, INSIDE, window), max_scaled_term(coeffs, OUTSIDE, window)


def _lifted_zeros(weights, slopes) -> list[complex]:
    """Zeros t = log u + 2πik (k = −1, 0, 1) of F for integer slopes, from 40-digit polynomial roots."""
    out = []
    for u in polynomial_zeros(weights, slopes):
        t = complex(mpmath.log(u))
        out.extend(t + 2j * PI * k for k in (-1, 0, 1))
    return out
