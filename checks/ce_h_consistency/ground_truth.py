"""Ground truths that never use the transforms under test.

* :func:`exact_inf`: the infimum of the conditional regret over $(p, s)$ at zero-one regret $t$, with the class
  of $\\operatorname{argmax} s$ fixed (index 1) and the most probable class at index 0. The inner minimum over $s$
  (a convex problem with the linear constraints $s_1 \\ge s_j$) is solved exactly through its KKT conditions: at
  the optimum, class 1 is pooled with the $k$ most probable other classes at a common value and every other class
  sits at its unconstrained optimum; the optimum is the best feasible candidate over $k$. The outer minimum over
  $p$ is a grid (every vertex of the $p$ polytope on it). $\\mathcal{C}^*$ comes from the minimiser
  $s \\propto p^{1/(2-\\tau)}$, the subject of ``ce_h_consistency.library_regret`` (checked there against a solver).
* :func:`two_class_inf_mp`: $n = 2$ at high precision: $\\mathcal{C}(0) - \\min_d \\mathcal{C}(d)$, the minimum by
  ``mpmath.findroot`` (Anderson–Björck, inside a bracket) on the derivative of the score gap $d$.
* :func:`mae_inf_exact`: mean absolute error at $n = 3$ in exact rationals; the regret is concave in $p$ (a linear
  term minus a maximum of linear terms), so its minimum is at a vertex of the $p$ polytope.
* ``bounded_inf``, ``bounded_inf_mp``: $n = 2$ with scores in $[-\\Lambda, \\Lambda]$ (in ``two_class.py``).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np

from ...theorems.ce_h_consistency.two_class import bounded_inf, bounded_inf_mp, two_class_inf, two_class_inf_mp  # noqa: F401

#: points of the 1-d grid over the third class's probability (n = 3); the ends are vertices of the polytope
GRID_3 = 801
#: points per axis of the 2-d grid (n = 4); G − 1 divisible by 4 puts p = (a, a − t, a, a) on it
GRID_4 = 81


def _risk(p: np.ndarray, s: np.ndarray, tau: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if tau == 1:
            terms = np.where(p > 0, -p * np.log(np.where(s > 0, s, 1.0)), 0.0)
            terms = np.where((p > 0) & (s <= 0), np.inf, terms)
        else:
            sp = np.where(s > 0, s, 0.0) ** (tau - 1) if tau > 1 else np.where(s > 0, s, np.inf) ** (tau - 1)
            terms = np.where(p > 0, p * (sp - 1) / (1 - tau), 0.0)
    return terms.sum(axis=-1)


def inner_inf(P: np.ndarray, tau: float) -> np.ndarray:
    """min over the closed simplex with s_1 ≥ s_j of Σ p_j φ_τ(s_j), for each row of P (shape m × n)."""
    m, n = P.shape
    others = np.delete(P, 1, axis=1)
    srt = -np.sort(-others, axis=1)
    best = np.full(m, np.inf)
    for k in range(n):
        g = k + 1
        mean = (P[:, 1] + srt[:, :k].sum(axis=1)) / g
        rest = srt[:, k:]
        if tau == 2:  # linear: s uniform on the pooled group
            best = np.minimum(best, 1 - mean)
            continue
        r = 1 / (2 - tau)
        pooled = mean**r
        wr = rest**r
        c = 1 / (g * pooled + wr.sum(axis=1))
        feasible = np.all(wr <= pooled[:, None] * (1 + 1e-12), axis=1)
        s = np.concatenate([np.repeat((c * pooled)[:, None], g, axis=1), c[:, None] * wr], axis=1)
        pv = np.concatenate([np.repeat(mean[:, None], g, axis=1), rest], axis=1)
        best = np.where(feasible, np.minimum(best, _risk(pv, s, tau)), best)
    return best


def unconstrained_inf(P: np.ndarray, tau: float) -> np.ndarray:
    if tau == 2:
        return 1 - P.max(axis=1)
    w = P ** (1 / (2 - tau))
    return _risk(P, w / w.sum(axis=1, keepdims=True), tau)


def p_grid(n: int, t: float) -> np.ndarray:
    """Distributions with p_0 − p_1 = t and p_0 maximal (rows)."""
    if n == 2:
        return np.array([[(1 + t) / 2, (1 - t) / 2]])
    if n == 3:
        q = np.linspace(0, min((1 + t) / 3, 1 - t), GRID_3)
        p0 = (1 + t - q) / 2
        return np.maximum(np.stack([p0, p0 - t, q], axis=1), 0.0)  # p_1 = 0 at q = 1 − t, up to rounding
    a, b = np.meshgrid(np.linspace(0, 1, GRID_4), np.linspace(0, 1, GRID_4))
    q1 = a.ravel() * (1 + t) / 3
    q2 = b.ravel() * q1
    p0 = (1 + t - q1 - q2) / 2
    P = np.stack([p0, p0 - t, q1, q2], axis=1)
    keep = (P[:, 1] >= -1e-12) & (P[:, 0] >= P[:, 2] - 1e-12)  # the grid's vertices sit on these faces up to rounding
    return np.maximum(P[keep], 0.0)


@functools.cache
def exact_inf(tau: float, n: int, t: float) -> tuple[float, tuple[float, ...]]:
    """(infimum of the conditional regret over the grid of p, the minimising p)."""
    P = p_grid(n, t)
    regret = inner_inf(P, tau) - unconstrained_inf(P, tau)
    i = int(np.argmin(regret))
    return float(regret[i]), tuple(float(x) for x in P[i])


def mae_inf_exact(t: Fraction) -> tuple[Fraction, tuple[Fraction, ...]]:
    """MAE, n = 3: min over the vertices of {p : p_0 − p_1 = t, p_0 ≥ p_2 ≥ 0, p_1 ≥ 0} of
    max p − max over groups G ∋ 1 (pooled with the most probable others) of the mean of p on G."""
    best = None
    for q in (Fraction(0), min((1 + t) / 3, 1 - t)):
        p0 = (1 + t - q) / 2
        p = (p0, p0 - t, q)
        others = sorted((p[0], p[2]), reverse=True)
        means = [(p[1] + sum(others[:k])) / (k + 1) for k in range(3)]
        regret = max(p) - max(means)
        if best is None or regret < best[0]:
            best = (regret, p)
    assert best is not None
    return best
