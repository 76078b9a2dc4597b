"""Instances: kernel matrices built from a seed (RBF or random features), exact rational instances."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(5, 40)
kinds = st.sampled_from(("rbf", "features"))
lams = st.floats(np.log(1e-3), np.log(10.0)).map(np.exp)
alphas = st.floats(1e-6, 1.0)  # α ∈ (0, 1]; below 1e-6 λ/α leaves the scale of K
# rationals for the exact routes: small numerators and denominators keep the Fractions short
rational_alphas = st.builds(Fraction, st.integers(1, 9), st.just(10))
rational_lams = st.builds(Fraction, st.integers(1, 20), st.integers(1, 10))


def kernel_instance(seed: int, n: int, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(K, y, g): an RBF kernel on n points of [0, 1] (γ from 1 to 100) or a random-feature Gram matrix
    ZZᵀ/p of rank p ≤ n; targets y and a second vector g (a teacher, a reference), all from one seed."""
    rng = np.random.default_rng(seed)
    if kind == "rbf":
        x = np.sort(rng.random(n))
        gamma = float(np.exp(rng.uniform(0.0, np.log(100.0))))
        K = np.exp(-gamma * (x[:, None] - x[None, :]) ** 2)
    else:
        p = int(rng.integers(1, n + 1))
        Z = rng.normal(size=(n, p))
        K = Z @ Z.T / p
    return K, rng.normal(size=n), rng.normal(size=n)


def exact_instance(seed: int, n: int) -> tuple[list[list[Fraction]], list[Fraction], list[Fraction]]:
    """(K, y, g) in exact rationals: K = ZZᵀ + I with integer Z (positive definite), integer y and g."""
    rng = np.random.default_rng(seed)
    Z = rng.integers(-3, 4, size=(n, n))
    K = [[Fraction(int(sum(Z[i, k] * Z[j, k] for k in range(n))) + (1 if i == j else 0)) for j in range(n)]
         for i in range(n)]
    y = [Fraction(int(v)) for v in rng.integers(-5, 6, size=n)]
    g = [Fraction(int(v)) for v in rng.integers(-5, 6, size=n)]
    return K, y, g


def to_float(M):
    """A list (or list of rows) of Fractions as a float64 array."""
    if isinstance(M[0], list):
        return np.array([[float(v) for v in row] for row in M])
    return np.array([float(v) for v in M])
