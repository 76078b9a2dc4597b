"""Hypothesis strategies and the transformed instance shared by the Layer Normalization checks
(arXiv 1607.06450, Table 1 and §5.1)."""

from __future__ import annotations

from hypothesis import strategies as st

from .instances import instance, transform

seeds = st.integers(0, 2**32 - 1)
factors = st.floats(0.1, 10.0)


def case(seed: int, tf: str, delta: float):
    """(X, W, X′, W′): the instance of ``seed`` before and after the transformation ``tf`` with factor δ."""
    X, W = instance(seed)
    X2, W2 = transform(tf, X, W, delta, seed)
    return X, W, X2, W2
