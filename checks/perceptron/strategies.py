"""Datasets for the perceptron checks (Tyurin, arXiv 2412.08424).

Strategies draw seeds and small integer datasets (hypothesis shrinks those to hand-readable
counterexamples); Gaussian data are separable through the origin, and Thm 5.1's dataset is built in
exact rationals, or directly as the library's float64 Problem of its two distinct points.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from ...theorems.perceptron.library import Problem, _separable, as_problem
from .reference import hull_contains_origin

__all__ = [
    "gaussian_separable",
    "gaussian_data",
    "small_integer_data",
    "separable",
    "thm51_problem",
    "thm51_float_problem",
    "TIE_DATASET",
]

#: Hand-built dataset with exact ties: z_1 = (1, 0), z_2 = (−1, 1) (both labels +1).
TIE_DATASET = ([[1, 0], [-1, 1]], [1, 1])


def gaussian_separable(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """a_i ~ N(0, I_d), y_i = sign(wᵀa_i) for w ~ N(0, I_d): separable through the origin, and
    non-degenerate (no exact ties, Assumption 3.1) with probability one."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = np.where(A @ w >= 0, 1.0, -1.0)
    return A, y


def gaussian_data(n: tuple[int, int] = (2, 8), d: tuple[int, int] = (2, 3)) -> st.SearchStrategy:
    """(A, y) from :func:`gaussian_separable` with drawn seed, n and d."""
    return st.builds(gaussian_separable, st.integers(0, 2**32 - 1), st.integers(*n), st.integers(*d))


def thm51_problem(n: int) -> tuple[list[list[Fraction]], list[int]]:
    """Thm 5.1's dataset in exact rationals (a_1 = (1/2, −1), y_1 = 1; n − 1 copies of (−1/2, −1), −1)."""
    h = Fraction(1, 2)
    return [[h, Fraction(-1)]] + [[-h, Fraction(-1)] for _ in range(n - 1)], [1] + [-1] * (n - 1)


@functools.cache
def thm51_float_problem(n: int) -> Problem:
    """Thm 5.1's dataset as ``as_problem`` represents it in float64, built from its two distinct points without
    converting n rows: z_1 = (1/2, −1) once and z_r = (1/2, 1) (from a = (−1/2, −1), y = −1) n − 1 times."""
    if n == 1:
        return Problem(np.array([[0.5, -1.0]]), (1,), 1, 2, False)
    return Problem(np.array([[0.5, -1.0], [0.5, 1.0]]), (1, n - 1), n, 2, False)


def separable(A: Any, y: Any) -> bool:
    """Assumption 1.1 for drawn data: separable through the origin. Exact for points in the line or the plane
    (0 ∉ conv{z_i}, ``reference.hull_contains_origin``), the library's LP beyond; cached, as shrinking and the
    mutant runs see the same data again."""
    rows = A.tolist() if isinstance(A, np.ndarray) else A
    return _separable_points(tuple(sorted({tuple(Fraction(v) * int(label) for v in r) for r, label in zip(rows, y)})))


@functools.lru_cache(maxsize=4096)
def _separable_points(points: tuple[tuple[Fraction, ...], ...]) -> bool:
    if len(points[0]) <= 2:
        return not hull_contains_origin(list(points))
    return _separable(as_problem([[float(v) for v in z] for z in points], [1] * len(points)))


@st.composite
def small_integer_data(draw: st.DrawFn, max_n: int = 4, max_d: int = 2,
                       bound: int = 3) -> tuple[list[list[int]], list[int]]:
    """A few points with small integer coordinates and ±1 labels (separability is checked by the caller)."""
    n = draw(st.integers(1, max_n))
    d = draw(st.integers(1, max_d))
    A = [[draw(st.integers(-bound, bound)) for _ in range(d)] for _ in range(n)]
    y = [draw(st.sampled_from([1, -1])) for _ in range(n)]
    return A, y
