"""Plausible bugs planted in the library: the mutants of the claims whose subject is a library function."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.linalg

from . import library as L


def _minimize(fun: Any, grad: Any, hess: Any, x0: Any, *, gamma0: float = 1.0, metric: Any = None,
              max_iterations: int = 1000, grad_rtol: float = 0.0, f_target: float | None = None,
              gamma_min: float = 1e-9, max_trials: int = 41, on_failure: str = "halve", absolute_tol: bool = False,
              euclidean_norm: bool = False) -> L.GNSResult:
    """The library's loop with one behaviour changed (inputs assumed valid)."""
    x = np.asarray(x0, dtype=float).copy()
    d = x.size
    b = np.eye(d) if metric is None else np.asarray(metric, dtype=float)
    b_factor = scipy.linalg.cho_factor(b)

    def dual_sq(v: np.ndarray) -> float:
        return float(v @ v) if euclidean_norm or metric is None else float(v @ scipy.linalg.cho_solve(b_factor, v))

    f, g = float(fun(x)), np.asarray(grad(x), dtype=float)
    g_norm = math.sqrt(dual_sq(g))
    stop = grad_rtol if absolute_tol else grad_rtol * g_norm
    gamma, fs, gammas, rejections = float(gamma0), [f], [float(gamma0)], []
    status, previous = "iteration limit", np.zeros(d)
    for _ in range(max_iterations + 1):
        if g_norm <= stop or g_norm == 0.0:
            status = "gradient tolerance"
            break
        if f_target is not None and f <= f_target:
            status = "target value"
            break
        if len(rejections) == max_iterations:
            break
        h = np.asarray(hess(x), dtype=float)
        rejected, accepted = 0, None
        for _ in range(max_trials):
            lam = g_norm / gamma
            try:
                step = scipy.linalg.cho_solve(scipy.linalg.cho_factor(h + lam * b), -g)
            except (np.linalg.LinAlgError, ValueError):
                if on_failure == "stale":  # the release: leave the search, move by the previous step
                    accepted = (x + previous, f, g, g_norm, previous)
                    break
                if on_failure == "stop":
                    break
                rejected += 1
                gamma *= 0.5
                continue
            with np.errstate(all="ignore"):
                f_new = float(fun(x + step))
                g_new = np.asarray(grad(x + step), dtype=float)
            if math.isfinite(f_new) and np.all(np.isfinite(g_new)):
                new_sq = dual_sq(g_new)
                if f - f_new >= new_sq / (8.0 * lam):
                    accepted = (x + step, f_new, g_new, math.sqrt(new_sq), step)
                    gamma = max(2.0 * gamma, gamma_min)
                    break
            rejected += 1
            gamma *= 0.5
        rejections.append(rejected)
        if accepted is None:
            status = "no trial accepted"
            break
        x, f, g, g_norm, previous = accepted
        fs.append(f)
        gammas.append(gamma)
    return L.GNSResult(x, f, g_norm, len(fs) - 1, status, np.array(fs), np.array(gammas), tuple(rejections))


def minimize_stale_step(fun: Any, grad: Any, hess: Any, x0: Any, **kwargs: Any) -> L.GNSResult:
    """Bug (the release's): a failed factorisation leaves the search and moves by the previous step (0 at first)."""
    return _minimize(fun, grad, hess, x0, on_failure="stale", **kwargs)


def minimize_stop_on_failure(fun: Any, grad: Any, hess: Any, x0: Any, **kwargs: Any) -> L.GNSResult:
    """Bug: a failed factorisation ends the run."""
    return _minimize(fun, grad, hess, x0, on_failure="stop", **kwargs)


def minimize_absolute_tolerance(fun: Any, grad: Any, hess: Any, x0: Any, **kwargs: Any) -> L.GNSResult:
    """Bug: the gradient tolerance taken as absolute (‖g‖_* ≤ grad_rtol), so the run depends on the scale of f."""
    return _minimize(fun, grad, hess, x0, absolute_tol=True, **kwargs)


def minimize_euclidean_norm(fun: Any, grad: Any, hess: Any, x0: Any, **kwargs: Any) -> L.GNSResult:
    """Bug: ‖g‖₂ in λ and in the test while the metric B is used in the step."""
    return _minimize(fun, grad, hess, x0, euclidean_norm=True, **kwargs)


def qsc_half(features: Any, *, norm: Any = 2, metric: Any = None) -> float:
    """Bug: M/2 (the ratio |ℓ'''|/ℓ'' = |tanh(z/2)| read as at most 1/2)."""
    return 0.5 * L.logistic_qsc_constant(features, norm=norm, metric=metric)


def qsc_mean_norm(features: Any, *, norm: Any = 2, metric: Any = None) -> float:
    """Bug: the mean of the row norms instead of their maximum."""
    a = np.asarray(features, dtype=float)
    return float(np.mean([L.logistic_qsc_constant(row[None, :], norm=norm, metric=metric) for row in a]))


def qsc_squared(features: Any, *, norm: Any = 2, metric: Any = None) -> float:
    """Bug: max ‖a_i‖² (the constant of the Hessian's Lipschitz bound, not of the relative one)."""
    return L.logistic_qsc_constant(features, norm=norm, metric=metric) ** 2


def qsc_same_norm(features: Any, *, norm: Any = 2, metric: Any = None) -> float:
    """Bug: the rows measured in the norm of v instead of its dual (‖a_i‖_∞ for ‖v‖_∞, ‖a_i‖₁ for ‖v‖₁)."""
    if metric is None and float(norm) != 2:
        dual = {1.0: math.inf, math.inf: 1}[float(norm)]
        return L.logistic_qsc_constant(features, norm=dual)
    if metric is not None:
        a = np.asarray(features, dtype=float)
        b = np.asarray(metric, dtype=float)
        return float(np.max(np.sqrt(np.einsum("ij,jk,ik->i", a, b, a))))
    return L.logistic_qsc_constant(features, norm=norm, metric=metric)


def qsc_unscaled(features: Any, *, norm: Any = 2, metric: Any = None) -> float:
    """Bug: the row norms summed without scaling (overflow past 1e154, underflow below 1e-162)."""
    a = np.asarray(features, dtype=float)
    with np.errstate(over="ignore", under="ignore"):
        if metric is not None:
            return float(np.max(np.sqrt(np.einsum("ij,ji->i", a, np.linalg.solve(np.asarray(metric, float), a.T)))))
        if float(norm) == 2:
            return float(np.max(np.sqrt(np.sum(a * a, axis=1))))
    return L.logistic_qsc_constant(features, norm=norm, metric=metric)
