"""Hypothesis strategies and instance generators shared by the ADAHESSIAN checks.

Cases are built from a drawn seed (one integer for hypothesis to draw and shrink); each check shows what it built
with ``ev.show``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)


def integer_symmetric(rng: np.random.Generator, d: int, bound: int = 9) -> np.ndarray:
    """A symmetric d×d integer matrix with entries in [−bound, bound]."""
    a = rng.integers(-bound, bound + 1, size=(d, d))
    return np.triu(a) + np.triu(a, 1).T


def real_symmetric(rng: np.random.Generator, d: int) -> np.ndarray:
    """A symmetric d×d matrix with N(0, 1) entries scaled by a random 10^u, u ∈ [−1, 1]."""
    a = rng.normal(size=(d, d)) * 10 ** rng.uniform(-1, 1)
    return (a + a.T) / 2


def block_hessian(rng: np.random.Generator, bound: int = 4, density: float = 0.3) -> np.ndarray:
    """The 9×9 Hessian of one 3×3 kernel: an integer diagonal in [1, bound] and a few integer couplings (each pair
    coupled with probability ``density``, weight in [−bound, bound])."""
    H = np.diag(rng.integers(1, bound + 1, size=9))
    for i in range(9):
        for j in range(i + 1, 9):
            if rng.random() < density:
                H[i, j] = H[j, i] = int(rng.integers(-bound, bound + 1))
    return H


def t_tail(t: float, dof: int, *, two_sided: bool = True) -> float:
    """P(|T| > t) (or P(T > t)) for Student's t with ``dof`` degrees of freedom, as the regularised incomplete beta
    I_{dof/(dof + t²)}(dof/2, 1/2) by mpmath: the value claimkit.stats.student_t_tail gives, without importing
    scipy.stats when the checks are declared."""
    import mpmath

    both = float(mpmath.betainc(dof / 2, 0.5, 0, dof / (dof + t * t), regularized=True))
    return both if two_sided else both / 2
