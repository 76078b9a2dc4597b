"""Hypothesis strategies and instance builders shared by the Peri-LN checks.

Weights and states are drawn from a seed (standard normal, times a scale), so that a case stays a few numbers;
the aligned constructions (every increment along one direction) are built in closed form.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
kinds = st.sampled_from(["rms", "layer"])


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats from ``lo`` to ``hi`` drawn uniformly in the logarithm."""
    return st.floats(float(np.log10(lo)), float(np.log10(hi))).map(lambda e: float(10.0**e))


def stack_case(seed: int, dim: int, width: int, depth: int, rows: int, scale: float = 1.0, x_scale: float = 1.0):
    """(x_0 of shape (rows, dim), [(W1, W2)] * depth, γ_in, γ_out): Gaussian weights times ``scale``/√fan-in,
    gains in [0.5, 1.5]."""
    rng = np.random.default_rng(seed)
    x0 = x_scale * rng.standard_normal((rows, dim))
    layers = [(scale * rng.standard_normal((dim, width)) / np.sqrt(dim),
               scale * rng.standard_normal((width, dim)) / np.sqrt(width)) for _ in range(depth)]
    return x0, layers, rng.uniform(0.5, 1.5, dim), rng.uniform(0.5, 1.5, dim)


def to_mp(arr):
    """An object array of mpmath numbers holding the same floats."""
    return np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])(np.asarray(arr, dtype=float))


def aligned(seed: int, dim: int, width: int, depth: int, centred: bool, rho: float = 1.0):
    """x_0 = u (a unit vector, centred for LayerNorm), W1_l = ρ^l u pᵀ, W2 = p uᵀ with p ≥ 0: every increment of every
    placement points along u."""
    rng = np.random.default_rng(seed)
    u = rng.uniform(0.2, 1.0, dim)
    if centred:
        u = u - u.mean()
    u /= np.linalg.norm(u)
    p = rng.uniform(0.2, 1.0, width)
    w1 = np.outer(u, p) / np.linalg.norm(p)
    w2 = np.outer(p, u) / np.linalg.norm(p)
    return u, [(rho ** (k + 1) * w1, w2) for k in range(depth)], p


def states(block, x0, layers, **kw):
    """x_0, …, x_L of ``block``."""
    out = [np.asarray(x0)]
    for w1, w2 in layers:
        out.append(block(out[-1], w1, w2, **kw))
    return out
