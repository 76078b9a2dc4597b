"""Hypothesis strategies and instance generators for the icl_one_step_gd checks."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(1, 40)
dims = st.integers(1, 3)
noise_vars = st.floats(0.0, 4.0)


def covariance(seed: int, d: int) -> np.ndarray:
    """A positive definite d × d matrix with condition number at most 50, drawn from the seed."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    eig = np.exp(rng.uniform(np.log(0.2), np.log(10.0), d))
    s = (q * eig) @ q.T
    return (s + s.T) / 2


def symmetric(seed: int, d: int) -> np.ndarray:
    """A symmetric d × d matrix with entries of order 1."""
    a = np.random.default_rng(seed).standard_normal((d, d))
    return (a + a.T) / 2


def rational_prompt(seed: int, n: int, d: int) -> tuple[list[list[Fraction]], list[Fraction], list[Fraction]]:
    """A prompt of small rationals (numerators in [-9, 9], denominators in [1, 7])."""
    rng = np.random.default_rng(seed)

    def r() -> Fraction:
        return Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 8)))

    X = [[r() for _ in range(d)] for _ in range(n)]
    y = [r() for _ in range(n)]
    xq = [r() for _ in range(d)]
    return X, y, xq
