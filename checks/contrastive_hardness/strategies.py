"""Strategies and ground-truth routes shared by the contrastive_hardness checks.

Similarities are drawn from a seed (uniform on [−1, 1], or on the grid {−1, −0.9, …, 1} where ties matter), so a
case with 64 negatives stays three numbers. The ground truths: the loss as its definition, −log of the softmax
probability of the positive, in mpmath (whose exponents do not overflow), written log(1 + Σ_k e^{(s_ik − s_ii)/τ})
so that a loss of e^{−2000} keeps its digits; mpmath's numerical derivatives of it; and complex-step derivatives of
a float64 shifted log-sum-exp.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import mpmath
import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
counts = st.integers(1, 64)
counts_from_two = st.integers(2, 64)
#: τ log-uniform on [1e-3, 1e2]
taus = st.floats(-3.0, 2.0).map(lambda e: float(10.0**e))
fractions = st.floats(0.0, 1.0, exclude_max=True)


def similarities(seed: int, count: int, grid: bool = False) -> list[float]:
    """``count`` similarities uniform on [−1, 1] (on the 0.1 grid if ``grid``)."""
    values = np.random.default_rng(seed).uniform(-1.0, 1.0, size=count)
    return [round(float(v), 1) for v in values] if grid else [float(v) for v in values]


def mp_loss(s_pos, s_neg: Sequence, tau, include_positive: bool = True):
    """L_i by its definition at the working precision (mpmath numbers)."""
    t, s0 = mpmath.mpf(tau), mpmath.mpf(s_pos)
    total = mpmath.fsum(mpmath.exp((mpmath.mpf(s) - s0) / t) for s in s_neg)
    return mpmath.log1p(total) if include_positive else mpmath.log(total)


def mp_directional(s_pos, s_neg: Sequence, tau, direction: Sequence[float], digits: int = 30,
                   include_positive: bool = True):
    """d/dt L_i(s + t·direction) at t = 0 (direction[0] on s_ii), by mpmath.diff at ``digits`` + 15 digits (cached:
    it does not depend on the subject, so mutant runs reuse it)."""
    return _directional(float(s_pos), tuple(float(s) for s in s_neg), float(tau),
                        tuple(float(v) for v in direction), digits, include_positive)


@functools.lru_cache(maxsize=4096)
def _directional(s_pos, s_neg, tau, direction, digits, include_positive):
    with mpmath.workdps(digits + 15):
        s0, neg = mpmath.mpf(s_pos), [mpmath.mpf(s) for s in s_neg]

        def along(t):
            return mp_loss(s0 + t * direction[0], [s + t * d for s, d in zip(neg, direction[1:])], tau,
                           include_positive)

        return mpmath.diff(along, 0)


def complex_step(s_pos: float, s_neg: Sequence[float], tau: float, direction: Sequence[float],
                 include_positive: bool = True, h: float = 1e-30) -> float:
    """Im L_i(s + i h·direction)/h with L_i as a float64 log-sum-exp shifted by its real maximum."""
    s = np.array([s_pos, *s_neg], dtype=complex) + 1j * h * np.asarray(direction, dtype=float)
    x = s / tau if include_positive else s[1:] / tau
    m = np.max(x.real)
    lse = m + np.log(np.sum(np.exp(x - m)))
    return float((lse - s[0] / tau).imag / h)


def direction(seed: int, count: int, kind: int) -> np.ndarray:
    """A direction in R^{K+1}: 0 the positive's axis, 1 a drawn negative's axis, 2 a random unit-scale direction,
    3 the all-ones vector."""
    v = np.zeros(count + 1)
    if kind == 0:
        v[0] = 1.0
    elif kind == 1:
        v[1 + seed % count] = 1.0
    elif kind == 2:
        v = np.random.default_rng(seed + 1).uniform(-1.0, 1.0, size=count + 1)
    else:
        v[:] = 1.0
    return v


def dot(grad: tuple, v: Sequence[float]):
    """⟨(g_ii, g_i·), v⟩ in mpmath."""
    g0, g = grad
    return g0 * v[0] + mpmath.fsum(x * mpmath.mpf(float(w)) for x, w in zip(g, v[1:]))
