"""Hypothesis strategies shared by the Lion-𝒦 checks: the paper's parameters, kernels, exact rationals."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

#: α, γ, λ in [0.05, 5] drawn on a log scale (the range the claims are checked over).
log_param = st.floats(math.log(0.05), math.log(5.0)).map(math.exp)


@st.composite
def paper_params(draw):
    """α, γ, λ ∈ [0.05, 5] and ε = t/γ with t = εγ ∈ [0, 1] (the paper's assumptions), t = 0 and 1 included."""
    alpha, gamma, lam = draw(log_param), draw(log_param), draw(log_param)
    t = draw(st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)))
    return {"alpha": alpha, "gamma": gamma, "lam": lam, "eps": t / gamma}


#: Kernels: log-cosh with width δ ∈ [0.01, 1] (log scale), or the quadratic kernel.
kernels = st.one_of(st.tuples(st.just("log_cosh"), st.floats(math.log(0.01), 0.0).map(math.exp)),
                    st.tuples(st.just("quadratic"), st.just(1.0)))

seeds = st.integers(0, 2**32 - 1)


def fractions(lo: Fraction | int, hi: Fraction | int, den: int = 16):
    """Rationals in [lo, hi] with denominators up to ``den``."""
    return st.fractions(Fraction(lo), Fraction(hi), max_denominator=den)


def rational(rng: np.random.Generator, lo: Fraction | int, hi: Fraction | int, den: int = 8) -> Fraction:
    """A rational in [lo, hi] with a denominator up to ``den``, from ``rng`` (cases are built from a drawn seed:
    one integer for hypothesis to draw and shrink, the case itself shown by the check)."""
    q = int(rng.integers(1, den + 1))
    lo_n, hi_n = math.ceil(Fraction(lo) * q), math.floor(Fraction(hi) * q)
    if lo_n > hi_n:  # no multiple of 1/q in [lo, hi]: use the finest denominator
        q = den
        lo_n, hi_n = math.ceil(Fraction(lo) * q), math.floor(Fraction(hi) * q)
    return Fraction(int(rng.integers(lo_n, hi_n + 1)), q)


def rational_vector(rng: np.random.Generator, lo, hi, *, n_max: int = 4, den: int = 8,
                    faces: tuple = ()) -> list[Fraction]:
    """1–``n_max`` rationals in [lo, hi]; with ``faces``, one entry is set to one of them half the time."""
    n = int(rng.integers(1, n_max + 1))
    v = [rational(rng, lo, hi, den) for _ in range(n)]
    if faces and rng.random() < 0.5:
        v[int(rng.integers(0, n))] = Fraction(faces[int(rng.integers(0, len(faces)))])
    return v
