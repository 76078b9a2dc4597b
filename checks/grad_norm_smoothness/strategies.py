"""Hypothesis strategies of the Gradient-Normalized Smoothness checks: seeds (every instance is built from a drawn
seed, and the check shows what it built), log-uniform scalars."""

from __future__ import annotations

import math

from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in [lo, hi] drawn uniformly in log scale."""
    return st.floats(math.log(lo), math.log(hi)).map(math.exp).filter(lambda v: lo <= v <= hi)
