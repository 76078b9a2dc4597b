"""Ground truths for the formula claims, computed by another route than the formula: mpmath's numerical derivative
of the entropy of the hardness weights (for dH/dτ), and τ(L_i − log(K + 1)) evaluated at 60 or more digits at a
temperature so large that the remaining O(1/τ) term is below the precision asked for (for the first-order term)."""

from __future__ import annotations

import mpmath

from . import formulas as F


def _entropy_slope(digits: int, sims, tau):
    with mpmath.workdps(digits + 15):
        return mpmath.diff(lambda t: F.entropy_of_penalty(0, sims, t), mpmath.mpf(tau))


def entropy_slope(s_1: float, s_2: float, s_3: float, tau: float) -> float:
    """dH/dτ of the hardness weights of three negatives, by mpmath's numerical derivative at 45 digits."""
    return float(_entropy_slope(30, [s_1, s_2, s_3], tau))


def entropy_slope_at_precision(digits: int, s_1, s_2, s_3, tau):
    return _entropy_slope(digits, [s_1, s_2, s_3], tau)


def _spread(K: int) -> list:
    """A fixed zero-sum spread of K negatives around their mean (0.3·(k − (K − 1)/2)/K)."""
    return [mpmath.mpf(3) / 10 * (k - mpmath.mpf(K - 1) / 2) / K for k in range(K)]


def _first_order(digits: int, s_pos, s_mean, K):
    K = int(K)
    with mpmath.workdps(2 * digits + 20):
        tau = mpmath.mpf(10) ** (digits + 5)
        neg = [mpmath.mpf(s_mean) + d for d in _spread(K)]
        s0 = mpmath.mpf(s_pos)
        loss = -s0 / tau + mpmath.log(mpmath.exp(s0 / tau) + mpmath.fsum(mpmath.exp(s / tau) for s in neg))
        return tau * (loss - mpmath.log(K + 1))


def first_order(s_pos: float, s_mean: float, K: int) -> float:
    """τ(L_i − log(K + 1)) at τ = 10³⁵ (70 digits), negatives spread around s_mean: the O(1/τ) remainder is < 1e-34."""
    return float(_first_order(30, s_pos, s_mean, K))


def first_order_at_precision(digits: int, s_pos, s_mean, K):
    return _first_order(digits, s_pos, s_mean, K)
