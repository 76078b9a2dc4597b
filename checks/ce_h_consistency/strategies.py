"""Hypothesis strategies for the ce_h_consistency checks: random pairs (p, h), Dirichlet p and Gaussian scores."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
classes = st.integers(2, 10)
concentrations = st.sampled_from([0.1, 1.0, 10.0])
scales = st.sampled_from([0.01, 1.0, 10.0])

PAIR = {"n": classes, "concentration": concentrations, "scale": scales, "seed": seeds}


def pair(n: int, concentration: float, scale: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """p ~ Dirichlet(concentration · 1), h = scale · N(0, I), both of length n."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(n, concentration))
    p = np.maximum(p, 0.0)
    p = p / p.sum()
    return p, scale * rng.standard_normal(n)
