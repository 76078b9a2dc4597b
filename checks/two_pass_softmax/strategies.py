"""Hypothesis strategies and instance builders shared by the Two-Pass softmax checks.

Float32 vectors are drawn as a few numbers (a seed, a length, a kind, a magnitude, an offset) and built inside
the check, which shows the first entries: a case of 4096 logits stays readable. Exact cases are lists of
(p, n) pairs with rational p and integer n.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

F32 = np.float32

seeds = st.integers(0, 2**32 - 1)
#: lengths, weighted towards the edges of the kernels' blocks (8 lanes, blocks of 32)
lengths = st.sampled_from([1, 2, 3, 7, 8, 9, 31, 32, 33, 64, 100, 257, 1000, 4096])
small_lengths = st.integers(1, 12)
#: kinds of vector: random normal, all equal, one huge outlier, values near the float32 overflow of e^x
kinds = st.sampled_from(["normal", "equal", "outlier", "near_overflow"])
#: the offsets of the specification: 0 and within 80 of the float32 overflow threshold 88.72, both signs
offsets = st.sampled_from([0.0, 8.72, 88.72, 168.72, -8.72, -88.72, -168.72])
#: log10 of the magnitude of the spread of the entries: 10^-3 to 10^4
magnitudes = st.floats(-3.0, 4.0)


def vector(seed: int, n: int, kind: str, magnitude: float, offset: float, *, cap: float = 1e4) -> np.ndarray:
    """A float32 vector of length ``n`` of the given kind; entries within ``cap`` + 168.72 in magnitude."""
    rng = np.random.default_rng(seed)
    scale = 10.0**magnitude
    if kind == "equal":
        x = np.full(n, rng.normal() * scale + offset)
    elif kind == "outlier":
        x = rng.normal(size=n) + offset
        x[int(rng.integers(n))] = offset + (cap if rng.random() < 0.5 else -cap)
    elif kind == "near_overflow":
        x = 88.72 + rng.uniform(-1.0, 1.0, size=n) * min(scale, 80.0) * np.sign(offset or 1.0)
    else:
        x = rng.normal(size=n) * scale + offset
    return np.clip(x, -cap - 168.72, cap + 168.72).astype(F32)


def rational_pairs(max_len: int = 10, spread: int = 200) -> st.SearchStrategy[list[tuple[Fraction, int]]]:
    """(p, n) pairs: p a positive rational in [1/2, 2], n an integer in [−spread, spread]."""
    p = st.tuples(st.integers(8, 32), st.integers(8, 16)).map(lambda ab: Fraction(ab[0], 16) * Fraction(16, ab[1]))
    return st.lists(st.tuples(p, st.integers(-spread, spread)), min_size=1, max_size=max_len)


def float32_values(lo_exp: float, hi_exp: float) -> st.SearchStrategy[float]:
    """Float32 values of either sign with |x| log-uniform in [2^lo_exp, 2^hi_exp)."""
    return st.tuples(st.floats(lo_exp, hi_exp, exclude_max=True), st.sampled_from([-1.0, 1.0])).map(
        lambda es: float(F32(es[1] * 2.0 ** es[0])))


def log_uniform_float32(seed: int, size: int, lo_exp: float, hi_exp: float) -> np.ndarray:
    """``size`` float32 values with random signs and |x| log-uniform in [2^lo_exp, 2^hi_exp)."""
    rng = np.random.default_rng(seed)
    x = np.exp2(rng.uniform(lo_exp, hi_exp, size)) * rng.choice([-1.0, 1.0], size)
    x = x.astype(F32)
    return np.where(np.abs(x) >= np.float32(2.0**hi_exp), np.nextafter(x, F32(0)), x).astype(F32)
