"""The exact reference of the released computation (steps 1–5 of the spec): per-prompt p̂ and the
moments in exact rationals, the density at 30 digits (mpmath), for the checks of steps 1–5, V8, V9."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

from ...theorems.bnpo.library import MAX_WEIGHT


def exact_p_hat(ids: list[int], rewards: list[int], levels: int = 1) -> dict[int, Fraction]:
    """Each prompt's p̂ in exact rationals (rewards r/levels); a group of one response has p̂ = 0,
    the release's convention."""
    groups: dict[int, list[Fraction]] = {}
    for q, r in zip(ids, rewards):
        groups.setdefault(q, []).append(Fraction(r, levels))
    return {q: (sum(xs) / len(xs) if len(xs) > 1 else Fraction(0)) for q, xs in groups.items()}


def reference_advantages(ids: list[int], rewards: list[int], levels: int,
                         max_weight: float = MAX_WEIGHT) -> tuple[list[Any], bool]:
    """Steps 1–5 in exact rationals (m, v, a, b, α, β) and 30-digit mpmath (density); (A, v == 0).

    Written from the spec, independently of the numpy implementation; v = 0 uses the documented
    fallback α = β = 1.
    """
    s = [Fraction(r, levels) for r in rewards]
    p_hat = exact_p_hat(ids, rewards, levels)
    vals = list(p_hat.values())
    if len(vals) == 1:
        m, v = Fraction(0), Fraction(1)
    else:
        m = sum(vals) / len(vals)
        v = sum((x - m) ** 2 for x in vals) / (len(vals) - 1)
    if v == 0:
        al = be = Fraction(1)
    else:
        k = m * (1 - m) / v - 1
        al, be = max(Fraction(1), 1 + k * m / 3), max(Fraction(1), 1 + k * (1 - m) / 3)
    out = []
    with mpmath.workdps(30):
        A, B = mpmath.mpf(al.numerator) / al.denominator, mpmath.mpf(be.numerator) / be.denominator
        for q, x in zip(ids, s):
            p = mpmath.mpf(p_hat[q].numerator) / p_hat[q].denominator
            f = (p ** (A - 1) if A != 1 else 1) * ((1 - p) ** (B - 1) if B != 1 else 1) / mpmath.beta(A, B)
            weight = mpmath.mpf(max_weight) if f == 0 else min(1 / f, mpmath.mpf(max_weight))
            out.append(weight * (mpmath.mpf(x.numerator) / x.denominator - p))
    return out, v == 0
