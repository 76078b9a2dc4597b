"""Datasets for the perceptron checks (Tyurin, arXiv 2412.08424).

Strategies draw seeds and small integer datasets (hypothesis shrinks those to hand-readable
counterexamples); Gaussian data are separable through the origin, and Thm 5.1's dataset is built in
exact rationals.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "gaussian_separable",
    "gaussian_data",
    "small_integer_data",
    "thm51_problem",
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


@st.composite
def small_integer_data(draw: st.DrawFn, max_n: int = 4, max_d: int = 2,
                       bound: int = 3) -> tuple[list[list[int]], list[int]]:
    """A few points with small integer coordinates and ±1 labels (separability is checked by the caller)."""
    n = draw(st.integers(1, max_n))
    d = draw(st.integers(1, max_d))
    A = [[draw(st.integers(-bound, bound)) for _ in range(d)] for _ in range(n)]
    y = [draw(st.sampled_from([1, -1])) for _ in range(n)]
    return A, y
