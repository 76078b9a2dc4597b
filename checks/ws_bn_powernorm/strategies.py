"""Hypothesis strategies and instance builders for the ws_bn_powernorm checks: seeds, sizes, offsets and scales
of a channel or batch, and the vectors built from them."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
#: fan-in or batch size, the spec's range
sizes = st.integers(2, 64)
sizes_from_three = st.integers(3, 64)
#: a common offset relative to the spread (0: centred draws; up to 300 spreads)
offsets = st.one_of(st.just(0.0), st.floats(-300.0, 300.0))
#: the spread, log-uniform from 1e-3 to 1e3
scales = st.floats(-3.0, 3.0).map(lambda e: 10.0**e)
gammas = st.floats(0.1, 10.0)


def instance(seed: int, n: int, offset: float, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """(v, g): v = scale·(offset + z) with z standard normal (a channel's weights or a batch), g standard normal."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n)
    return scale * (offset + z), rng.standard_normal(n)


def vjp_sq(jt: np.ndarray, g: np.ndarray) -> float:
    """‖Jᵀg‖² from Jᵀ (rows: input directions)."""
    v = jt @ g
    return float(v @ v)
