"""Instance generators for the target_surrogate checks: seeds drawn by hypothesis, arrays built from them."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
fractions_of_bound = st.floats(0.05, 1.0)


def classification(seed: int, n: int, d: int, k: int, scale: float = 1.0):
    """Features X (n, d), labels in [0, k), and a parameter θ (d, k) scaled so logits reach ``scale``."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    labels = rng.integers(0, k, size=n)
    theta = rng.standard_normal((d, k)) * scale / np.sqrt(d)
    return rng, x, labels, theta
