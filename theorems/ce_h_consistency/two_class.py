"""Two-class ground truth for the transforms: the infimum of the conditional regret at n = 2, found by minimising
the risk over the score gap d (never through the transforms): C(0) − min_d C(d), since C is convex in d with its
minimum at d > 0 when p_0 > p_1, so that the best score vector with argmax at class 1 is the tie d = 0."""

from __future__ import annotations

import functools
import math

import mpmath
from scipy.optimize import minimize_scalar


def _gap_risk(d, p0, p1, tau):
    """C(d) for n = 2: s_0 = 1/(1 + e^{−d}) (mpmath)."""
    s0 = 1 / (1 + mpmath.exp(-d))
    s1 = 1 - s0
    if tau == 1:
        return -p0 * mpmath.log(s0) - p1 * mpmath.log(s1)
    return (p0 * (s0 ** (tau - 1) - 1) + p1 * (s1 ** (tau - 1) - 1)) / (1 - tau)


def _gap_slope(d, p0, p1, tau):
    """C'(d) = p_1 s_0 s_1^{τ−1} − p_0 s_1 s_0^{τ−1} (ds_0/dd = s_0 s_1), by hand from the definition of C."""
    s0 = 1 / (1 + mpmath.exp(-d))
    s1 = 1 / (1 + mpmath.exp(d))
    return p1 * s0 * s1 ** (tau - 1) - p0 * s1 * s0 ** (tau - 1)


def _gap_minimiser(p0, p1, tau):
    """The minimiser of C over d ≥ 0 (mpmath, at the caller's precision), as the root of C' found inside a bracket.

    C is convex, so C' increases; C'(0) = 2^{1−τ}(p_1 − p_0) ≤ 0. The upper end doubles from 1 until C' > 0 (C' → +∞
    for τ < 2 and p_1 > 0), so [lo, hi] holds the root with a sign change, and the bracketing Anderson–Björck solver
    converges on it whatever τ and t (a secant step from a single start point overshot for τ near 2 and t near 1,
    where the root lies near log(p_0/p_1)/(2 − τ) ≈ 26). C' is divided by its first term p_1 s_0 s_1^{τ−1} > 0 (same
    sign, same root), so the values findroot compares with its tolerance are of order 1 and not 1e-20."""
    zero = mpmath.mpf(0)

    def slope(x):
        s0 = 1 / (1 + mpmath.exp(-x))
        s1 = 1 / (1 + mpmath.exp(x))
        return _gap_slope(x, p0, p1, tau) / (p1 * s0 * s1 ** (tau - 1))

    if p1 == 0 or slope(zero) >= 0:  # t = 1 (no finite minimiser) is never drawn; t = 0: the minimiser is d = 0
        return zero
    lo, hi = zero, mpmath.mpf(1)
    while slope(hi) <= 0:
        lo, hi = hi, 2 * hi
    return mpmath.findroot(slope, (lo, hi), solver="anderson")


@functools.lru_cache(maxsize=4096)
def two_class_inf_mp(tau: float, t: float, digits: int = 30):
    """n = 2: inf over d ≤ 0 of C(d) − min_d C(d) = C(0) − min_d C(d) (C is convex in d, its minimum at d > 0)."""
    with mpmath.workdps(digits + 10):
        tau_m = mpmath.mpf(tau)
        p0, p1 = (1 + mpmath.mpf(t)) / 2, (1 - mpmath.mpf(t)) / 2
        at_zero = _gap_risk(mpmath.mpf(0), p0, p1, tau_m)
        if tau == 2:  # linear in s_0: the infimum is the limit d → ∞
            return +(at_zero - (1 - p0))
        d = _gap_minimiser(p0, p1, tau_m)
        return +(at_zero - _gap_risk(d, p0, p1, tau_m))


@functools.lru_cache(maxsize=4096)
def two_class_inf(tau: float, t: float) -> float:
    """The same in float64: bounded scalar minimisation of C(d) on [0, 60]."""
    p0, p1 = (1 + t) / 2, (1 - t) / 2

    def risk(d):
        s0 = 1 / (1 + math.exp(-d))
        s1 = 1 / (1 + math.exp(d))
        if tau == 1:
            return -p0 * math.log(s0) - p1 * math.log(s1)
        return (p0 * (s0 ** (tau - 1) - 1) + p1 * (s1 ** (tau - 1) - 1)) / (1 - tau)

    if tau == 2:
        return risk(0.0) - (1 - p0)
    best = minimize_scalar(risk, bounds=(0.0, 60.0), method="bounded", options={"xatol": 1e-12})
    return risk(0.0) - float(best.fun)


def _bounded_cost(d, t, log1p, exp):
    """C(d) for n = 2, p = ((1+t)/2, (1−t)/2): log(1 + e^{d}) written as d + log(1 + e^{−d})."""
    return (1 + t) / 2 * log1p(exp(-d)) + (1 - t) / 2 * (d + log1p(exp(-d)))


@functools.lru_cache(maxsize=4096)
def bounded_inf(t: float, lam: float) -> float:
    """n = 2, |h_y| ≤ Λ (score gap d ∈ [−2Λ, 2Λ]): min over d ∈ [−2Λ, 0] of C(d) (argmax on the less likely class)
    minus min over d ∈ [−2Λ, 2Λ], each by scipy's bounded minimiser with the interval's ends."""
    def cost(d):
        return _bounded_cost(d, t, math.log1p, math.exp)

    opts = {"xatol": 1e-13}
    wrong = minimize_scalar(cost, bounds=(-2 * lam, 0.0), method="bounded", options=opts)
    best = minimize_scalar(cost, bounds=(-2 * lam, 2 * lam), method="bounded", options=opts)
    ends = [cost(-2 * lam), cost(0.0), cost(2 * lam)]
    return min(float(wrong.fun), ends[0], ends[1]) - min(float(best.fun), *ends)


def bounded_inf_mp(t: float, lam: float, digits: int = 40):
    """The same at high precision: the stationary point by findroot on the derivative, kept if inside the
    interval, and the interval's ends (C is convex, so the minimum is one of these)."""
    with mpmath.workdps(digits + 10):
        tm, lm = mpmath.mpf(t), mpmath.mpf(lam)

        def cost(d):
            return _bounded_cost(d, tm, mpmath.log1p, mpmath.exp)

        def slope(d):  # C'(d) = −((1+t)/2) σ(−d) + ((1−t)/2) σ(d), by hand from C
            return -(1 + tm) / 2 / (1 + mpmath.exp(d)) + (1 - tm) / 2 / (1 + mpmath.exp(-d))

        root = mpmath.findroot(slope, mpmath.mpf(0))

        def least(a, b):
            inside = [cost(root)] if a <= root <= b else []
            return min([cost(a), cost(b), *inside])

        return +(least(-2 * lm, mpmath.mpf(0)) - least(-2 * lm, 2 * lm))
