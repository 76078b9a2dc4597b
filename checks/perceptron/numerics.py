"""High-precision references for the perceptron checks (Tyurin, arXiv 2412.08424).

The mpmath routines rerun LR+GD and Normalized LR+GD at 50+ digits, with the literal formulas (no
log-space tricks: mpmath does not overflow), to re-verify counterexamples and recount Table 1.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

__all__ = [
    "mp_lr_iterates",
    "mp_loss",
    "mp_count",
]


def _mp_rows(A: Any, y: Any) -> list[list[mpmath.mpf]]:
    out = []
    for row, label in zip(A, y):
        out.append([mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator * int(label)
                    if isinstance(v, (int, Fraction)) else mpmath.mpf(v) * int(label) for v in row])
    return out


def mp_lr_iterates(A: Any, y: Any, gamma: Any, steps: int, *, theta0: Any = None, normalized: bool = False,
                   dps: int = 60) -> list[list[mpmath.mpf]]:
    """LR+GD (or Normalized LR+GD, with the literal β_t = 1/mean σ) at ``dps`` digits: θ_0..θ_steps."""
    with mpmath.workdps(dps):
        Z = _mp_rows(A, y)
        n, d = len(Z), len(Z[0])
        g = mpmath.mpf(gamma)
        th = [mpmath.mpf(0)] * d if theta0 is None else [mpmath.mpf(v) for v in theta0]
        its = [th]
        for _ in range(steps):
            m = [mpmath.fsum(a * b for a, b in zip(z, th)) for z in Z]
            s = [1 / (1 + mpmath.exp(mi)) for mi in m]
            scale = g / n
            if normalized:
                scale = g / mpmath.fsum(s)  # γβ_t/n with β_t = n/Σσ
            th = [th[k] + scale * mpmath.fsum(si * z[k] for si, z in zip(s, Z)) for k in range(d)]
            its.append(th)
        return its


def mp_loss(A: Any, y: Any, theta: Any, dps: int = 60) -> mpmath.mpf:
    """f(θ) = (1/n)Σ log(1 + exp(−m_i)) at ``dps`` digits."""
    with mpmath.workdps(dps):
        Z = _mp_rows(A, y)
        th = [mpmath.mpf(v) for v in theta]
        return mpmath.fsum(mpmath.log1p(mpmath.exp(-mpmath.fsum(a * b for a, b in zip(z, th)))) for z in Z) / len(Z)


def mp_count(A: Any, y: Any, gamma: Any, max_iter: int, *, normalized: bool = False, dps: int = 60,
             zero: float = 1e-40) -> int | None:
    """First t ≥ 1 with every margin > ``zero`` at ``dps`` digits (|m| ≤ zero counts as a tie, not solved).

    Identical z_i are merged with their multiplicity (same iterates, n times cheaper for Thm 5.1's data)."""
    with mpmath.workdps(dps):
        merged: dict[tuple, int] = {}
        for row, label in zip(A, y):
            key = tuple(Fraction(v) * int(label) if isinstance(v, (int, Fraction)) else float(v) * int(label)
                        for v in row)
            merged[key] = merged.get(key, 0) + 1
        Z = _mp_rows([list(k) for k in merged], [1] * len(merged))
        mult = [mpmath.mpf(c) for c in merged.values()]
        n, d = len(A), len(Z[0])
        g = mpmath.mpf(gamma)
        th = [mpmath.mpf(0)] * d
        for t in range(max_iter):
            m = [mpmath.fsum(a * b for a, b in zip(z, th)) for z in Z]
            s = [c / (1 + mpmath.exp(mi)) for c, mi in zip(mult, m)]
            scale = g / mpmath.fsum(s) if normalized else g / n
            th = [th[k] + scale * mpmath.fsum(si * z[k] for si, z in zip(s, Z)) for k in range(d)]
            if all(mpmath.fsum(a * b for a, b in zip(z, th)) > zero for z in Z):
                return t + 1
        return None
