"""Hypothesis strategies and instance builders for the Newton–Schulz checks.

Matrices are built from a drawn seed (``numpy.random.default_rng``) and a few drawn shape parameters,
so hypothesis shrinks the parameters, not arrays: symmetric positive semidefinite matrices with a drawn
spectrum (condition number, rank, scale), integer factors (exactly representable, exactly rank-deficient
A = BBᵀ), landmark configurations (random, or with equal row sums by symmetry).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ...theorems.newton_schulz.library import gaussian_kernel

seeds = st.integers(0, 2**32 - 1)


def spectral_psd(seed: int, m: int, rank: int, log_kappa: float, scale: float = 1.0) -> tuple[np.ndarray, ...]:
    """(A, A⁺, U, λ): A = U diag(λ) Uᵀ rounded to float64, U a random orthonormal m × r frame, λ from
    ``scale`` down to ``scale``/κ (geometric, both ends included), A⁺ = U diag(1/λ) Uᵀ."""
    rng = np.random.default_rng(seed)
    u, _ = np.linalg.qr(rng.normal(size=(m, rank)))
    lam = scale * np.geomspace(1.0, 10.0**-log_kappa, rank) if rank > 1 else np.array([scale])
    a = (u * lam) @ u.T
    a = 0.5 * (a + a.T)
    return a, (u / lam) @ u.T, u, lam


def integer_factor(seed: int, m: int, rank: int, size: int = 3) -> np.ndarray:
    """An integer m × r matrix of rank r with entries in [−size, size] (redrawn from the seed until full rank)."""
    rng = np.random.default_rng(seed)
    for _ in range(100):
        b = rng.integers(-size, size + 1, size=(m, rank))
        if np.linalg.matrix_rank(b) == rank:
            return b
    b = np.zeros((m, rank), dtype=int)
    b[:rank, :rank] = np.eye(rank, dtype=int)
    return b


def landmarks(seed: int, m: int, d: int, spread: float) -> np.ndarray:
    """m points of ℝ^d drawn i.i.d. N(0, spread² I)."""
    return np.random.default_rng(seed).normal(size=(m, d)) * spread


def symmetric_configuration(kind: str, seed: int, m: int, d: int, size: float) -> np.ndarray:
    """Landmarks whose kernel matrix has equal row sums by symmetry: ``two`` (m = 2 at distance ``size``),
    ``polygon`` (a regular m-gon of radius ``size`` in a random plane of ℝ^d, d ≥ 2), ``simplex`` (m ≤ d + 1
    vertices of a regular simplex scaled by ``size``), ``coincident`` (m copies of one point)."""
    rng = np.random.default_rng(seed)
    centre = rng.normal(size=d)
    if kind == "two":
        u = rng.normal(size=d)
        u /= np.linalg.norm(u)
        return np.stack([centre, centre + size * u])
    if kind == "polygon":
        frame, _ = np.linalg.qr(rng.normal(size=(d, 2)))
        angles = 2 * math.pi * np.arange(m) / m + rng.uniform(0, 2 * math.pi)
        return centre + size * (np.cos(angles)[:, None] * frame[:, 0] + np.sin(angles)[:, None] * frame[:, 1])
    if kind == "simplex":
        frame, _ = np.linalg.qr(rng.normal(size=(d, m)))
        return centre + size * frame[:, :m].T  # orthonormal vertices: all pairwise distances √2·size
    return np.repeat(centre[None, :], m, axis=0)


@st.composite
def symmetric_configurations(draw: st.DrawFn) -> tuple[str, int, int, int, float]:
    """(kind, seed, m, d, size) for :func:`symmetric_configuration`."""
    kind = draw(st.sampled_from(["two", "polygon", "simplex", "coincident"]))
    seed = draw(seeds)
    if kind == "two":
        return kind, seed, 2, draw(st.integers(1, 6)), draw(st.floats(0.05, 3.0))
    if kind == "polygon":
        return kind, seed, draw(st.integers(3, 8)), draw(st.integers(2, 6)), draw(st.floats(0.3, 2.0))
    if kind == "simplex":
        d = draw(st.integers(3, 6))
        return kind, seed, draw(st.integers(3, d)), d, draw(st.floats(0.3, 2.0))
    return kind, seed, draw(st.integers(2, 6)), draw(st.integers(1, 6)), 0.0


def kernel_of(points: np.ndarray) -> np.ndarray:
    return gaussian_kernel(points)
