"""Exact rational linear algebra for the ground truths (Gauss–Jordan on Fractions) and 30-digit mpmath helpers."""

from __future__ import annotations

from fractions import Fraction

import mpmath


def solve(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    """x with Mx = b, M square and invertible, exactly (Gauss–Jordan with a non-zero pivot)."""
    n = len(M)
    rows = [list(M[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        p = rows[col][col]
        rows[col] = [v / p for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                f = rows[r][col]
                rows[r] = [v - f * w for v, w in zip(rows[r], rows[col])]
    return [rows[i][n] for i in range(n)]


def matvec(M, v):
    return [sum((a * b for a, b in zip(row, v)), Fraction(0)) for row in M]


def ridge_apply(K, lam, v):
    """A v = K (K + λI)⁻¹ v, exactly."""
    n = len(K)
    shifted = [[K[i][j] + (lam if i == j else 0) for j in range(n)] for i in range(n)]
    return matvec(K, solve(shifted, v))


def iterate(K, y, alpha, lam, t):
    """f_0 = Ay, f_s = A(αy + (1 − α)f_{s−1}) for s = 1 … t, exactly."""
    f = ridge_apply(K, lam, y)
    for _ in range(t):
        f = ridge_apply(K, lam, [alpha * a + (1 - alpha) * b for a, b in zip(y, f)])
    return f


def mp_matrix(M):
    return mpmath.matrix([[mpmath.mpf(v) for v in row] for row in M])
