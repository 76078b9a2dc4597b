"""Hypothesis strategies for the kl_dro checks: the inputs the claims quantify over."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

#: A seed, fed to numpy's generator: instances are drawn from it and shown with ev.show.
seeds = st.integers(0, 2**32 - 1)


def losses_from(seed: int, n: int, scale: float) -> np.ndarray:
    """n losses, normal with standard deviation ``scale``, rounded to 6 digits (exact decimals for mpmath)."""
    return np.round(np.random.default_rng(seed).normal(scale=scale, size=n), 6)


def tied_losses_from(seed: int, n: int, ties: int) -> np.ndarray:
    """n losses in [0, 1) with ``ties`` of them equal to the largest value 1."""
    rng = np.random.default_rng(seed)
    ell = np.round(rng.uniform(0.0, 0.9, size=n), 6)
    ell[rng.permutation(n)[:ties]] = 1.0
    return ell


#: log-uniform temperatures in [1e-3, 1e2]
taus = st.floats(-3.0, 2.0).map(lambda e: float(10.0**e))
