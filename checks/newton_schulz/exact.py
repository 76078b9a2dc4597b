"""Exact and high-precision ground truth shared by the checks: rational matrices (``fractions.Fraction`` in
numpy object arrays), exact inverses by Gauss–Jordan, rational orthogonal matrices by the Cayley
transform, pseudo-inverses from integer factors, and 40-digit mpmath counterparts."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np


def fractions(a: Any) -> np.ndarray:
    """An object array of Fractions holding the exact values of ``a`` (ints, floats: exact binary values)."""
    arr = np.asarray(a)
    out = np.empty(arr.shape, dtype=object)
    for idx, x in np.ndenumerate(arr):
        out[idx] = Fraction(int(x)) if isinstance(x, (int, np.integer)) else Fraction(float(x))
    return out


def eye(m: int) -> np.ndarray:
    out = np.empty((m, m), dtype=object)
    for i in range(m):
        for j in range(m):
            out[i, j] = Fraction(int(i == j))
    return out


def inverse(a: np.ndarray) -> np.ndarray:
    """The exact inverse of a square Fraction matrix (Gauss–Jordan); ZeroDivisionError if singular."""
    m = a.shape[0]
    work = np.concatenate([a.astype(object), eye(m)], axis=1)
    for col in range(m):
        pivot = next((r for r in range(col, m) if work[r, col] != 0), None)
        if pivot is None:
            raise ZeroDivisionError("singular matrix")
        work[[col, pivot]] = work[[pivot, col]]
        work[col] = work[col] / work[col, col]
        for r in range(m):
            if r != col and work[r, col] != 0:
                work[r] = work[r] - work[r, col] * work[col]
    return work[:, m:]


def frob2(a: np.ndarray) -> Fraction:
    """The exact squared Frobenius norm."""
    return sum((x * x for x in a.flat), Fraction(0))


def cayley(skew: np.ndarray) -> np.ndarray:
    """Q = (I − S)(I + S)⁻¹, exactly orthogonal for a skew-symmetric rational S."""
    m = skew.shape[0]
    return (eye(m) - skew) @ inverse(eye(m) + skew)


def factor_pinv(b: np.ndarray, c: np.ndarray | None = None) -> np.ndarray:
    """A⁺ of A = B Cᵀ (C = B when omitted) for B, C of full column rank, exactly:
    C (CᵀC)⁻¹ (BᵀB)⁻¹ Bᵀ."""
    c = b if c is None else c
    return c @ inverse(c.T @ c) @ inverse(b.T @ b) @ b.T


def mp_matrix(a: Any) -> np.ndarray:
    """An object array of mpmath numbers (at the current precision) from exact or float values."""
    arr = np.asarray(a)
    out = np.empty(arr.shape, dtype=object)
    for idx, x in np.ndenumerate(arr):
        out[idx] = mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)
    return out


def to_float(a: np.ndarray) -> np.ndarray:
    return np.array([[float(x) for x in row] for row in a], dtype=float)
