"""Exact ground truth by enumeration: the covariance of the batch mean over every batch, in rationals.

Without replacement every M-subset of the N examples is one equally likely batch; with replacement every
ordered M-tuple of draws is. The covariance is E[ĝĝᵀ] − E[ĝ]E[ĝ]ᵀ over those batches, computed with
``fractions.Fraction`` (no rounding anywhere). Results are cached: mutants draw the subject's cases.
"""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction

Rows = tuple[tuple[int, ...], ...]


@functools.lru_cache(maxsize=2048)
def enumerated_covariance(grads: Rows, batch_size: int, replacement: bool = False) -> tuple[tuple[Fraction, ...], ...]:
    """Cov(ĝ) over every batch of ``batch_size`` rows of ``grads`` (a tuple of integer rows)."""
    n, d = len(grads), len(grads[0])
    batches = (itertools.product(range(n), repeat=batch_size) if replacement
               else itertools.combinations(range(n), batch_size))
    count = 0
    first = [Fraction(0)] * d
    second = [[Fraction(0)] * d for _ in range(d)]
    for batch in batches:
        mean = [Fraction(sum(grads[i][j] for i in batch), batch_size) for j in range(d)]
        count += 1
        for i in range(d):
            first[i] += mean[i]
            for j in range(d):
                second[i][j] += mean[i] * mean[j]
    return tuple(tuple(second[i][j] / count - first[i] * first[j] / (count * count) for j in range(d))
                 for i in range(d))


def exact_ratio_by_enumeration(grads: Rows, batch_size: int, k: int, lr_power: int) -> Fraction:
    """k^lr_power · Var(ĝ at kM) / Var(ĝ at M) for scalar gradients: the covariance ratio of the rule that
    multiplies η by k^{lr_power/2} (the √k rule: lr_power 1; the linear rule: 2)."""
    before = enumerated_covariance(grads, batch_size)[0][0]
    after = enumerated_covariance(grads, k * batch_size)[0][0]
    return k**lr_power * after / before
