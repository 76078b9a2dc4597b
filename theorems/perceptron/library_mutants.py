"""Plausible bugs of the perceptron family's library (Tyurin, arXiv 2412.08424), as named functions.

Each has the signature of the library function it replaces, so a mutant run of a library claim is
exactly that bug planted in ``library.py``: Batch Perceptron's first step and update set, the
Normalized Batch Perceptron's divisor, the Perceptron's update set and point order, the separability
test (accepting a non-separable set, rejecting a separable one), μ and R, the data's points, margins,
loss and solved test, the LR+GD updates, the iteration counter, and the scale-free computations as
the library had them before they normalised (overflow and underflow at data scales of 1e±200).
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from typing import Any

import numpy as np
from scipy import optimize

from .library import (
    Problem,
    _add,
    _bp_step,
    _count,
    _data_matrix,
    _flag,
    _gamma,
    _label_signs,
    _lr_step,
    _margins,
    _mean_of,
    _nbp_step,
    _normalized,
    _perceptron_step,
    _pick_rule,
    _sigma_neg,
    _solved,
    _stack,
    _steps,
    _theta0,
    _vector,
    _zero,
    as_problem,
    iterations_to_solve,
)

# -- the perceptron-type algorithms ------------------------------------------------------------------


def _run(A: Any, y: Any, steps: int, exact: bool, step: Any, *, normalise: bool = True) -> np.ndarray:
    prob = as_problem(A, y, exact=exact)
    prob, c = _normalized(prob) if normalise else (prob, 1.0)
    th = _zero(prob)
    its = [th]
    for t in range(_steps(steps)):
        th = step(prob, th, t)
        its.append(th)
    return _stack(prob, its, c)


def bp_first_step_without_half(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """BP with first step (1/n)Σz_i: the ½ of θ̂_1 = (1/(2n))Σz_i forgotten."""
    return _run(A, y, steps, exact, lambda p, th, t: _bp_step(p, th, t, Fraction(1)))


def _strict_step(prob: Problem, theta: Any, divisor: str) -> Any:
    S = [v < 0 for v in _margins(prob, theta)]
    if not any(S):
        return theta
    size = prob.n if divisor == "n" else sum(c for c, s in zip(prob.counts, S) if s)
    return _add(prob, theta, _mean_of(prob, S, size))


def bp_without_first_step(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """BP with no special first step: the later rule with the strict set {m_i < 0} from θ̂_0 = 0, where
    every margin is 0, so the iterates never leave 0."""
    return _run(A, y, steps, exact, lambda p, th, t: _strict_step(p, th, "n"))


def bp_strict_set(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """BP whose later steps add only the points with m_i < 0 (a tied point, m_i = 0, is left out)."""
    return _run(A, y, steps, exact, lambda p, th, t: _bp_step(p, th, 0) if t == 0 else _strict_step(p, th, "n"))


def bp_mean_over_misclassified(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """BP whose later steps divide by |S_t| instead of n (NBP's step after BP's first)."""
    return _run(A, y, steps, exact, lambda p, th, t: _bp_step(p, th, 0) if t == 0 else _nbp_step(p, th, t))


def bp_raw_margins(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """BP on the data as given (not normalised): at scale 2^{±660} margins under- or overflow, so every
    point (or none) lands in S_t."""
    return _run(A, y, steps, exact, _bp_step, normalise=False)


def nbp_divides_by_n(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """NBP dividing the sum over S_t by n (BP's later step) instead of |S_t|."""
    return _run(A, y, steps, exact, lambda p, th, t: _bp_step(p, th, max(t, 1)))


def nbp_strict_set(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """NBP with S_t = {m_i < 0}: from θ̂_0 = 0 no margin is negative, so it never moves."""
    return _run(A, y, steps, exact, lambda p, th, t: _strict_step(p, th, "size"))


def perceptron_strict_set(A: Any, y: Any, steps: int, *, pick: Any = "first", exact: bool = False) -> np.ndarray:
    """The Perceptron updating only on m_j < 0: from θ̂_0 = 0 it never moves."""
    rule = _pick_rule(pick)

    def step(prob: Problem, theta: Any, t: int) -> Any:
        m = _margins(prob, theta)
        S = [i for i, v in enumerate(m) if v < 0]
        if not S:
            return theta
        j = rule(m, S)
        return _add(prob, theta, list(prob.rows[j]) if prob.exact else prob.rows[j])

    return _run(A, y, steps, exact, step)


def perceptron_sorted_points(A: Any, y: Any, steps: int, *, pick: Any = "first", exact: bool = False) -> np.ndarray:
    """The Perceptron choosing among the distinct points sorted lexicographically (np.unique's order)
    rather than in the order they appear: "first" and "last" then pick other points."""
    prob, c = _normalized(as_problem(A, y, exact=exact))
    order = sorted(range(len(prob.counts)), key=lambda i: tuple(prob.rows[i]))
    rows = tuple(prob.rows[i] for i in order) if prob.exact else prob.rows[order]
    prob = dataclasses.replace(prob, rows=rows, counts=tuple(prob.counts[i] for i in order))
    rule = _pick_rule(pick)
    th = _zero(prob)
    its = [th]
    for t in range(_steps(steps)):
        th = _perceptron_step(prob, th, t, rule)
        its.append(th)
    return _stack(prob, its, c)


# -- separability, μ and R ---------------------------------------------------------------------------


def _lp_margin(Z: np.ndarray) -> float:
    """max s subject to Zθ ≥ s, |θ_j| ≤ 1, s ≤ 1, on Z divided by its largest entry."""
    k, d = Z.shape
    scaled = Z / max(float(np.max(np.abs(Z))), 1e-300)
    cost = np.zeros(d + 1)
    cost[-1] = -1.0
    res = optimize.linprog(cost, A_ub=np.hstack([-scaled, np.ones((k, 1))]), b_ub=np.zeros(k),
                           bounds=[(-1, 1)] * d + [(None, 1)], method="highs")
    return float(-res.fun)


def separable_nonstrict(A: Any, y: Any) -> bool:
    """The LP test with s* ≥ 0 in place of s* > 0: θ = 0 always qualifies, so every set is accepted."""
    return _lp_margin(as_problem(A, y).Z) >= 0


def separable_ignoring_labels(A: Any, y: Any) -> bool:
    """The LP test run on the a_i instead of z_i = y_i a_i (the labels forgotten)."""
    as_problem(A, y)
    return _lp_margin(_data_matrix(A)) > 1e-9


def separable_by_mean_direction(A: Any, y: Any) -> bool:
    """Separable iff the mean direction θ = Σz_i separates: rejects separable sets it does not solve."""
    prob = as_problem(A, y)
    with np.errstate(over="ignore", invalid="ignore"):
        theta = prob.weights @ prob.Z
        return bool(np.all(prob.Z @ theta > 0))


def max_margin_nearest_point(A: Any, y: Any) -> tuple[float, np.ndarray]:
    """μ as the distance to the nearest z_i (its direction as w), not to their convex hull."""
    Z = as_problem(A, y).Z
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        norms = np.linalg.norm(Z, axis=1)
        i = int(np.argmin(norms))
        return float(norms[i]), Z[i] / norms[i]


def max_margin_mean_direction(A: Any, y: Any) -> tuple[float, np.ndarray]:
    """μ as the margin of the mean direction w = Σz_i/‖Σz_i‖ (a lower bound, not the maximum)."""
    prob = as_problem(A, y)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        p = prob.weights @ prob.Z
        w = p / np.linalg.norm(p)
        return float(np.min(prob.Z @ w)), w


def radius_frobenius(A: Any) -> float:
    """R as ‖A‖_F (every row at once) instead of max_i ‖a_i‖."""
    arr = _data_matrix(A)
    c = 2.0 ** math.frexp(float(np.max(np.abs(arr))))[1]
    return c * float(np.linalg.norm(arr / c))


def radius_unnormalised(A: Any) -> float:
    """R = max_i sqrt(Σ_j a_ij²) on the data as given: inf at scale 2^660, 0 at 2^{−660}."""
    arr = _data_matrix(A)
    with np.errstate(over="ignore", under="ignore"):
        return float(np.sqrt(np.max(np.sum(arr * arr, axis=1))))


# -- the data: points, margins, loss, solved test --------------------------------------------------------


def as_problem_ignoring_labels(A: Any, y: Any, *, exact: bool = False) -> Problem:
    """The Problem of the points a_i, the labels checked but not applied (z_i = a_i)."""
    return as_problem(A, [1] * len(_label_signs(y)), exact=exact)


def as_problem_without_counts(A: Any, y: Any, *, exact: bool = False) -> Problem:
    """Identical points collapsed into one, their multiplicity lost (n = number of distinct points)."""
    prob = as_problem(A, y, exact=exact)
    return dataclasses.replace(prob, counts=(1,) * len(prob.counts), n=len(prob.counts))


def margins_ignoring_labels(A: Any, y: Any, theta: Any) -> np.ndarray:
    """m_i = a_iᵀθ, the labels forgotten."""
    arr = _data_matrix(A)
    _label_signs(y)
    return arr @ _vector(theta, arr.shape[1], "theta")


def loss_summed(A: Any, y: Any, theta: Any) -> float:
    """f = Σ_i log(1 + e^{−m_i}): the 1/n forgotten."""
    prob = as_problem(A, y)
    m = prob.rows @ _vector(theta, prob.d, "theta")
    return float(np.dot(prob.weights, np.logaddexp(0.0, -m)))


def loss_wrong_sign(A: Any, y: Any, theta: Any) -> float:
    """f = (1/n)Σ_i log(1 + e^{+m_i}): the sign of the margin flipped."""
    prob = as_problem(A, y)
    m = prob.rows @ _vector(theta, prob.d, "theta")
    return float(np.dot(prob.weights, np.logaddexp(0.0, m)) / prob.n)


def solves_nonstrict(A: Any, y: Any, theta: Any, *, exact: bool = False) -> bool:
    """Problem (1) with m_i ≥ 0 instead of m_i > 0 (a point on the hyperplane counts as solved)."""
    prob = as_problem(A, y, exact=exact)
    th = [Fraction(v) for v in theta] if prob.exact else _vector(theta, prob.d, "theta")
    return all(v >= 0 for v in _margins(prob, th))


def solves_raw(A: Any, y: Any, theta: Any, *, exact: bool = False) -> bool:
    """Problem (1) decided on the data and θ as given: margins underflow to 0 at scale 2^{−660}."""
    prob = as_problem(A, y, exact=exact)
    th = [Fraction(v) for v in theta] if prob.exact else _vector(theta, prob.d, "theta")
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return _solved(_margins(prob, th))


# -- LR+GD and Normalized LR+GD ----------------------------------------------------------------------------


def _gd(A: Any, y: Any, gamma: float, steps: int, theta0: Any, step: Any) -> np.ndarray:
    prob = as_problem(A, y)
    g, k = _gamma(gamma), _steps(steps)
    th = _theta0(theta0, prob)
    its = [th]
    for _ in range(k):
        th = step(prob, th, g)
        its.append(th)
    return np.array(its)


def lr_gd_summed_gradient(A: Any, y: Any, gamma: float, steps: int, *, theta0: Any = None) -> np.ndarray:
    """LR+GD with the gradient of Σ_i log(1 + e^{−m_i}) (the 1/n of f forgotten): steps n times too long."""
    return _gd(A, y, gamma, steps, theta0, lambda p, th, g: _lr_step(p, th, g * p.n))


def lr_gd_sigma_sign(A: Any, y: Any, gamma: float, steps: int, *, theta0: Any = None) -> np.ndarray:
    """LR+GD weighting z_i by σ(m_i) instead of σ(−m_i)."""
    def step(prob: Problem, theta: np.ndarray, g: float) -> np.ndarray:
        return theta + (g / prob.n) * ((prob.weights * _sigma_neg(-(prob.rows @ theta))) @ prob.rows)
    return _gd(A, y, gamma, steps, theta0, step)


def normalized_lr_gd_beta_not_inverted(A: Any, y: Any, gamma: float, steps: int, *,
                                       theta0: Any = None) -> np.ndarray:
    """Normalized LR+GD with β_t = (1/n)Σσ(−m_i) instead of its inverse."""
    def step(prob: Problem, theta: np.ndarray, g: float) -> np.ndarray:
        s = prob.weights * _sigma_neg(prob.rows @ theta)
        return theta + g * (s.sum() / prob.n) * (s @ prob.rows) / prob.n
    return _gd(A, y, gamma, steps, theta0, step)


def normalized_lr_gd_unweighted(A: Any, y: Any, gamma: float, steps: int, *, theta0: Any = None) -> np.ndarray:
    """Normalized LR+GD stepping along the plain mean of the z_i (the σ(−m_i) weights dropped)."""
    return _gd(A, y, gamma, steps, theta0, lambda p, th, g: th + g * (p.weights @ p.rows) / p.n)


# -- the iteration counter -----------------------------------------------------------------------------


def count_from_zero(method: str, A: Any, y: Any, **kwargs: Any) -> int | None:
    """The counter reporting t where the t-th update solves (1) at θ_{t+1}: one less than the paper's count."""
    t = iterations_to_solve(method, A, y, **kwargs)
    return None if t is None else t - 1


def count_nonstrict(method: str, A: Any, y: Any, *, gamma: float | None = None, exact: bool = False,
                    max_iter: int = 100_000, theta0: Any = None, pick: Any = "first") -> int | None:
    """The counter stopping at the first iterate with every margin ≥ 0 (a tied point counted as
    classified); for the perceptron-type methods, whose iterates meet exact ties."""
    count = iterations_to_solve(method, A, y, gamma=gamma, exact=exact, max_iter=max_iter, theta0=theta0,
                                pick=pick)
    if method not in ("bp", "nbp", "perceptron"):
        return count
    prob, _ = _normalized(as_problem(A, y, exact=exact))
    rule = _pick_rule(pick)
    th = _zero(prob)
    for t in range(max_iter):
        if method == "bp":
            th = _bp_step(prob, th, t)
        elif method == "nbp":
            th = _nbp_step(prob, th, t)
        else:
            th = _perceptron_step(prob, th, t, rule)
        if all(v >= 0 for v in _margins(prob, th)):
            return t + 1
    return None


def count_raw(method: str, A: Any, y: Any, *, gamma: float | None = None, exact: bool = False,
              max_iter: int = 100_000, theta0: Any = None, pick: Any = "first") -> int | None:
    """The counter on the data as given (not normalised): at scale 2^{−660} margins underflow to 0 and
    no iterate ever counts as solving (1)."""
    iterations_to_solve(method, A, y, gamma=gamma, exact=exact, max_iter=max_iter, theta0=theta0, pick=pick)
    prob = as_problem(A, y, exact=_flag(exact, "exact"))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return _count(prob, method, None if gamma is None else _gamma(gamma), max_iter, theta0, pick)
