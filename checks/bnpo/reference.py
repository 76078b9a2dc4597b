"""The exact reference of the released computation (steps 1–5 of the spec): per-prompt p̂ and the
moments in exact rationals, the density at 30 digits (mpmath), for the checks of steps 1–5, V8, V9.

Written from the spec, independently of the library: the weight cap is the release's own constant
(``torch.clamp(1/weight, min=0, max=1e6)``), not the library's ``MAX_WEIGHT``.
"""

from __future__ import annotations

import dataclasses
import functools
from fractions import Fraction
from typing import Any

import mpmath

#: The release's cap on the weight 1/f_N (``recipe/bnpo/src/bnpo_ray_trainer.py``: ``max=1e6``).
RELEASED_WEIGHT_CAP = 10**6


def exact_p_hat(ids: list[int], rewards: list[int], levels: int = 1) -> dict[int, Fraction]:
    """Each prompt's p̂ in exact rationals (rewards r/levels); a group of one response has p̂ = 0,
    the release's convention."""
    groups: dict[int, list[Fraction]] = {}
    for q, r in zip(ids, rewards):
        groups.setdefault(q, []).append(Fraction(r, levels))
    return {q: (sum(xs) / len(xs) if len(xs) > 1 else Fraction(0)) for q, xs in groups.items()}


@dataclasses.dataclass(frozen=True)
class Reference:
    """Steps 1–5 computed exactly: the advantages (30 digits), p̂ per response and the fit (rationals)."""

    advantages: list[Any]
    p_hat: list[Fraction]
    m: Fraction
    v: Fraction
    a: Fraction
    b: Fraction
    alpha: Fraction
    beta: Fraction

    @property
    def zero_variance(self) -> bool:
        return self.v == 0


def reference_advantages(ids: list[int], rewards: list[int], levels: int,
                         max_weight: float = RELEASED_WEIGHT_CAP) -> Reference:
    """Steps 1–5 in exact rationals (m, v, a, b, α, β) and 30-digit mpmath (density), cached by batch: it
    does not depend on the subject, and a mutant run draws the claim's own batches.

    v = 0 uses the documented fallback α = β = 1 (a = b = 0).
    """
    return _reference(tuple(ids), tuple(rewards), levels, max_weight)


@functools.lru_cache(maxsize=512)
def _reference(ids: tuple[int, ...], rewards: tuple[int, ...], levels: int, max_weight: float) -> Reference:
    s = [Fraction(r, levels) for r in rewards]
    p_hat = exact_p_hat(ids, rewards, levels)
    vals = list(p_hat.values())
    if len(vals) == 1:
        m, v = Fraction(0), Fraction(1)
    else:
        m = sum(vals) / len(vals)
        v = sum((x - m) ** 2 for x in vals) / (len(vals) - 1)
    if v == 0:
        a = b = Fraction(0)
        al = be = Fraction(1)
    else:
        k = m * (1 - m) / v - 1
        a, b = k * m, k * (1 - m)
        al, be = max(Fraction(1), 1 + a / 3), max(Fraction(1), 1 + b / 3)
    with mpmath.workdps(30):
        A, B = mpmath.mpf(al.numerator) / al.denominator, mpmath.mpf(be.numerator) / be.denominator
        norm = mpmath.beta(A, B)
        weights, p_mp = {}, {}
        for q, ph in p_hat.items():  # one density per prompt
            p = p_mp[q] = mpmath.mpf(ph.numerator) / ph.denominator
            f = (p ** (A - 1) if A != 1 else 1) * ((1 - p) ** (B - 1) if B != 1 else 1) / norm
            weights[q] = mpmath.mpf(max_weight) if f == 0 else min(1 / f, mpmath.mpf(max_weight))
        out = [weights[q] * (mpmath.mpf(x.numerator) / x.denominator - p_mp[q]) for q, x in zip(ids, s)]
    return Reference(out, [p_hat[q] for q in ids], m, v, a, b, al, be)
