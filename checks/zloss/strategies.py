"""Hypothesis strategies and instance builders shared by the Z-loss checks.

Logits are drawn from a seed (standard normal times a scale, plus an offset where a check wants one), so that a
case of a thousand classes stays a few numbers; small explicit cases (a handful of logits written out) are used
where a counterexample should read as data; exact cases are rationals with small denominators.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
scales = st.sampled_from([1e-3, 1.0, 1e3])


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats from ``lo`` to ``hi`` drawn uniformly in the logarithm."""
    return st.floats(float(np.log10(lo)), float(np.log10(hi))).map(lambda e: float(10.0**e))


sharpness = log_uniform(0.1, 10.0)
locations = st.floats(-3.0, 3.0)


def logits(seed: int, n_classes: int, scale: float = 1.0, offset: float = 0.0) -> np.ndarray:
    """``scale`` times standard normal logits, plus ``offset`` times ``scale`` added to every class."""
    return scale * (np.random.default_rng(seed).normal(size=n_classes) + offset)


def target(seed: int, n_classes: int) -> int:
    return int(seed % n_classes)


@st.composite
def small_cases(draw: st.DrawFn, *, negative_alpha: bool | None) -> dict:
    """A few logits written out, a target, α (negative, positive or either), β, a and b."""
    n = draw(st.integers(2, 5))
    o = tuple(draw(st.floats(-4.0, 4.0).map(lambda x: round(x, 3))) for _ in range(n))
    magnitude = draw(log_uniform(1e-2, 1e2))
    sign = -1.0 if negative_alpha else 1.0 if negative_alpha is False else draw(st.sampled_from([-1.0, 1.0]))
    return {"o": o, "c": draw(st.integers(0, n - 1)), "alpha": sign * magnitude,
            "beta": draw(st.floats(-10.0, 10.0).map(lambda x: round(x, 3))),
            "a": draw(sharpness), "b": draw(locations)}


_ratios = st.tuples(st.integers(-20, 20), st.integers(1, 9)).map(lambda pq: Fraction(*pq))
_positive_ratios = st.tuples(st.integers(1, 20), st.integers(1, 9)).map(lambda pq: Fraction(*pq))


@st.composite
def rational_cases(draw: st.DrawFn, *, negative_alpha: bool) -> dict:
    """Exact cases: 2–8 rational logits, α (of the requested sign), β, all small rationals."""
    n = draw(st.integers(2, 8))
    o = tuple(draw(_ratios) for _ in range(n))
    alpha = draw(_positive_ratios)
    return {"o": o, "c": draw(st.integers(0, n - 1)), "alpha": -alpha if negative_alpha else alpha,
            "beta": draw(_ratios)}


#: The smallest case where a negative scale changes the Z-loss: two classes, o = (1, 0).
REFLECTION_WITNESS = {"o": (1.0, 0.0), "c": 0, "alpha": -1.0, "beta": 0.0, "a": 1.0, "b": 0.0}
REFLECTION_WITNESS_EXACT = {"o": (Fraction(1), Fraction(0)), "c": 0, "alpha": Fraction(-1), "beta": Fraction(0)}
