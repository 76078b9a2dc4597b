"""Ground truths that do not depend on the subject, cached: the minimum f* of logistic problems by two routes
(scipy's L-BFGS-B with gtol 1e-12, and Newton's method with backtracking written here, cross-checked), the
separability of a data set by a linear program, and the functions that run the subject and read its trace."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import linprog, minimize

from ...theorems.grad_norm_smoothness.formulas import Trace
from ...theorems.grad_norm_smoothness.problems import Logistic, logistic_data

#: |f*(L-BFGS-B) − f*(Newton)| allowed: L-BFGS-B stops at ‖g‖ ≤ 1e-12, so f − f* ≤ ‖g‖²/(2μ_min) ≤ 1e-22/2e-3 for
#: μ ≥ 1e-3 (and for μ = 0 on non-separable data the sublevel-set curvature is ≥ 1e-3 on these data); the sums
#: of n = 400 losses round to about n ε |f| ≈ 1e-13. CROSS_TOL = 1e-11 leaves 100× headroom.
CROSS_TOL = 1e-11


def newton_minimum(problem: Logistic, x0: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Newton's method with Armijo backtracking from 0 until ‖∇f‖ ≤ 1e-13 (at most 100 steps): (f*, w*)."""
    w = np.zeros(problem.a.shape[1]) if x0 is None else np.copy(x0)
    for _ in range(100):
        g = problem.grad(w)
        if float(np.linalg.norm(g)) <= 1e-13:
            break
        step = -np.linalg.solve(problem.hess(w), g)
        t, f0 = 1.0, problem.func(w)
        while problem.func(w + t * step) > f0 + 1e-4 * t * float(g @ step) and t > 1e-12:
            t *= 0.5
        w = w + t * step
    return problem.func(w), w


@functools.lru_cache(maxsize=64)
def logistic_instance(seed: int, n: int, d: int, mu: float, spread: float = 10.0,
                      separable: bool = False) -> tuple[Logistic, float, np.ndarray]:
    """(problem, f*, w*) for the specified data; f* by Newton and by L-BFGS-B, which must agree to CROSS_TOL
    (not asked of separable data, whose infimum 0 is not attained)."""
    a, y = logistic_data(seed, n, d, spread=spread, separable=separable)
    problem = Logistic(a, y, mu)
    if separable:
        return problem, 0.0, np.full(d, math.nan)
    f_newton, w = newton_minimum(problem)
    lbfgs = minimize(problem.func, np.zeros(d), jac=problem.grad, method="L-BFGS-B",
                     options={"gtol": 1e-12, "ftol": 1e-16, "maxiter": 20_000, "maxcor": 30})
    if not abs(float(lbfgs.fun) - f_newton) <= CROSS_TOL:
        raise AssertionError(f"f* routes disagree: L-BFGS-B {lbfgs.fun!r}, Newton {f_newton!r}")
    return problem, min(f_newton, float(lbfgs.fun)), w


@functools.lru_cache(maxsize=16)
def separable(seed: int, n: int, d: int, spread: float = 10.0, labels_separable: bool = False) -> bool:
    """Whether some w has y_i a_iᵀw ≥ 1 for every i (a linear program; feasible iff strictly separable)."""
    a, y = logistic_data(seed, n, d, spread=spread, separable=labels_separable)
    res = linprog(np.zeros(d), A_ub=-(y[:, None] * a), b_ub=-np.ones(n), bounds=[(None, None)] * d,
                  method="highs")
    return bool(res.status == 0)


def run(subject: Callable[..., Trace], problem: Any, x0: np.ndarray, **kwargs: Any) -> tuple[Trace | None, str]:
    """The subject on ``problem`` (its func, grad, hess); (trace, "") or (None, why) if it raised or went
    non-finite: a wrong variant fails the check instead of erroring."""
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            trace = subject(problem.func, problem.grad, problem.hess, np.array(x0, dtype=float), **kwargs)
    except (ArithmeticError, ValueError, np.linalg.LinAlgError, UnboundLocalError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    if not all(math.isfinite(v) for v in trace.f):
        return None, "a non-finite function value"
    return trace, ""


def gaps(trace: Trace, f_star: float) -> np.ndarray:
    return np.array(trace.f, dtype=float) - f_star


def ratios_above(gap: np.ndarray, floor: float) -> np.ndarray:
    """r_k = gap_{k+1}/gap_k for every k with gap_k > floor (the rounding floor of f − f*)."""
    keep = np.nonzero(gap[:-1] > floor)[0]
    return np.maximum(gap[keep + 1], 0.0) / gap[keep]


def first_below(gap: np.ndarray, level: float) -> int | None:
    hits = np.nonzero(gap < level)[0]
    return int(hits[0]) if hits.size else None
