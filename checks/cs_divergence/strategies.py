"""Hypothesis strategies and instance generators for the cs_divergence checks."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
dimensions = st.integers(1, 4)
#: the spec's kernel widths
widths = st.sampled_from([0.05, 0.3, 1.0, 5.0])

#: seed 0 in one dimension is the written-out witness N(0, 1/4) against N(2, 1) (mirrored for "wider").
WITNESS = {"seed": 0, "d": 1}


def _spd(rng: np.random.Generator, d: int, lo: float, hi: float) -> np.ndarray:
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    eig = np.exp(rng.uniform(np.log(lo), np.log(hi), size=d))
    s = (q * eig) @ q.T
    return 0.5 * (s + s.T)


def gaussian_pair(seed: int, d: int, kind: str = "any") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(μ₁, Σ₁, μ₂, Σ₂): means in [−6, 6]^d, covariance eigenvalues log-uniform in [0.1, 10], random rotations.

    kind: "any"; "shared" (Σ₁ = Σ₂); "wider" (Σ₁ = Σ₂ + a positive semidefinite matrix of eigenvalues up to 20,
    some set to 0); "same_mean" (μ₁ = μ₂); "mixed" ("shared" for even seeds, "any" for odd ones).
    """
    if kind == "mixed":
        kind = "shared" if seed % 2 == 0 else "any"
    if seed == 0 and d == 1 and kind in ("any", "wider"):
        small, big = np.array([[0.25]]), np.array([[1.0]])
        if kind == "any":
            return np.array([0.0]), small, np.array([2.0]), big
        return np.array([0.0]), big, np.array([2.0]), small
    rng = np.random.default_rng(seed)
    mu1, mu2 = rng.uniform(-6, 6, size=d), rng.uniform(-6, 6, size=d)
    s1, s2 = _spd(rng, d, 0.1, 10.0), _spd(rng, d, 0.1, 10.0)
    if kind == "shared":
        s1 = s2.copy()
    elif kind == "wider":
        q, _ = np.linalg.qr(rng.normal(size=(d, d)))
        extra = rng.uniform(0, 20, size=d) * (rng.random(d) < 0.8)
        s1 = s2 + (q * extra) @ q.T
        s1 = 0.5 * (s1 + s1.T)
    elif kind == "same_mean":
        mu1 = mu2.copy()
    return mu1, s1, mu2, s2


def rational_densities(seed: int, n: int, proportional: bool) -> tuple[list[Fraction], list[Fraction]]:
    """Two non-negative rational vectors (not all zero) on n points; q = (a/b)·p when ``proportional``."""
    rng = np.random.default_rng(seed)

    def vector() -> list[Fraction]:
        v = [Fraction(int(rng.integers(0, 7)), int(rng.integers(1, 9))) for _ in range(n)]
        if all(x == 0 for x in v):
            v[0] = Fraction(1, int(rng.integers(1, 9)))
        return v

    p = vector()
    if proportional:
        factor = Fraction(int(rng.integers(1, 9)), int(rng.integers(1, 9)))
        return p, [factor * x for x in p]
    return p, vector()


def paired_samples(seed: int, n: int, dx: int, dy: int, dependence: float) -> tuple[np.ndarray, np.ndarray]:
    """x ~ N(0, I), y = N(0, I) noise + dependence · (first coordinates of x)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dx))
    y = rng.normal(size=(n, dy))
    k = min(dx, dy)
    y[:, :k] += dependence * x[:, :k] * 3
    return x, y
