"""Ground truth in exact rationals: residuals of log-ratios by projection, computed with ``Fraction``.

Nothing here calls the library or the formulas under test. A residual is ``y − X β`` with ``β`` solving
the normal equations ``XᵀX β = Xᵀy`` by Gaussian elimination over the rationals (least-squares with a
rank-deficient ``X`` is handled by dropping dependent columns first, which leaves the projection unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

Vector = list[Fraction]


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((p * q for p, q in zip(a, b)), Fraction(0))


def _independent(columns: list[Vector]) -> list[Vector]:
    """A maximal linearly independent subset of ``columns`` (exact Gram–Schmidt test)."""
    kept: list[Vector] = []
    basis: list[Vector] = []
    for col in columns:
        v = list(col)
        for b in basis:
            bb = _dot(b, b)
            c = _dot(v, b) / bb
            v = [p - c * q for p, q in zip(v, b)]
        if any(p != 0 for p in v):
            kept.append(col)
            basis.append(v)
    return kept


def residual(y: Vector, columns: list[Vector]) -> Vector:
    """The exact residual of ``y`` after projection on the span of ``columns``."""
    basis: list[Vector] = []
    for col in _independent(columns):
        v = list(col)
        for b in basis:
            c = _dot(v, b) / _dot(b, b)
            v = [p - c * q for p, q in zip(v, b)]
        basis.append(v)
    out = list(y)
    for b in basis:
        c = _dot(out, b) / _dot(b, b)
        out = [p - c * q for p, q in zip(out, b)]
    return out


def log_ratio_residual(logs, i: int, r: int, adjust: Sequence[int], intercept: bool = True) -> Vector:
    """Exact residual of ``l_i − l_r`` on an intercept and ``l_k − l_r`` for ``k`` in ``adjust``."""
    rows = [[Fraction(int(v)) for v in row] for row in logs]
    y = [row[i] - row[r] for row in rows]
    cols = ([[Fraction(1)] * len(rows)] if intercept else []) + [[row[k] - row[r] for row in rows] for k in adjust]
    return residual(y, cols)


def design_rank(logs, r: int, adjust: Sequence[int], intercept: bool = True) -> int:
    """Exact rank of the design: the intercept and the log-ratios ``l_k − l_r``, k in ``adjust``."""
    rows = [[Fraction(int(v)) for v in row] for row in logs]
    cols = ([[Fraction(1)] * len(rows)] if intercept else []) + [[row[k] - row[r] for row in rows] for k in adjust]
    return len(_independent(cols))


def correlation_squared_and_sign(a: Vector, b: Vector) -> tuple[Fraction, int]:
    """(cos², sign of the cosine) of two exact vectors; (0, 0) when either is zero. For residuals on an
    intercept (mean zero) the cosine is their correlation."""
    ab, aa, bb = _dot(a, b), _dot(a, a), _dot(b, b)
    if aa == 0 or bb == 0:
        return Fraction(0), 0
    return ab * ab / (aa * bb), (ab > 0) - (ab < 0)


def exact_partial_correlation(logs, i: int, j: int, r: int, adjust: Sequence[int]) -> tuple[Fraction, int]:
    """(ρ², sign ρ) of the residuals of ``l_i − l_r`` and ``l_j − l_r`` adjusted for ``adjust``."""
    return correlation_squared_and_sign(log_ratio_residual(logs, i, r, adjust),
                                        log_ratio_residual(logs, j, r, adjust))


def as_float(rho_sq: Fraction, sign: int) -> float:
    """The float of ``sign · √ρ²`` (correctly rounded to a few ulps)."""
    import math

    return sign * math.sqrt(rho_sq)


def pairwise_adjust(d: int, i: int, j: int, r: int, parts: Sequence[int] | None = None) -> list[int]:
    """The parts adjusted for in the pairwise version: every part of ``parts`` (default all) but i, j, r."""
    return [k for k in (range(d) if parts is None else parts) if k not in (i, j, r)]
