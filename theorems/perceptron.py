"""Logistic regression with large steps tends to the batch perceptron (Tyurin, arXiv 2412.08424).

The claim family: Thms 3.2, 3.3, 4.1, 5.1, 5.2, 5.3, 6.1, the
abstract's three statements (each pinned to precise readings), Table 1, and the roles of
Assumption 3.1 and θ_0 = 0.

The first part is a small library (``__all__``): the paper's five algorithms (LR+GD, Batch
Perceptron, Perceptron, Normalized Batch Perceptron, Normalized LR+GD, the last in log space), the
logistic loss, the margin μ of Assumption 1.1 by a QP, and an iteration counter for problem (1)
(find θ with y_i a_iᵀθ > 0 for every i) in float64 or, for the perceptron-type algorithms on integer
or rational data, in exact rational arithmetic. The second part holds the formulas under test, the
claims, their mutants and the sympy derivations; the checks are in checks/perceptron.py.

Notation (the paper's): z_i = y_i a_i, margins m_i(θ) = z_iᵀθ, θ_0 = 0 unless stated.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from scipy import optimize, special

from claimkit import Claim, Derivation, Paper

__all__ = [
    "METHODS",
    "Problem",
    "as_problem",
    "margins",
    "logistic_loss",
    "solves",
    "is_separable",
    "max_margin",
    "data_radius",
    "lr_gd",
    "normalized_lr_gd",
    "batch_perceptron",
    "normalized_batch_perceptron",
    "perceptron",
    "iterations_to_solve",
]

#: Names accepted by :func:`iterations_to_solve`.
METHODS = ("lr", "normalized_lr", "bp", "nbp", "perceptron")
_PERCEPTRON_TYPE = ("bp", "nbp", "perceptron")


# -- input validation and the internal data representation -----------------------------------------


@dataclasses.dataclass(frozen=True)
class Problem:
    """Validated data: the distinct rows of Z = diag(y) A with their multiplicities.

    Identical z_i have identical margins in every algorithm here, so keeping each distinct row once
    with its count gives the same iterates at a fraction of the cost (the Thm 5.1 dataset has two
    distinct rows whatever n is). ``exact``: rows are tuples of ``Fraction``; else a float array.
    """

    rows: Any  # np.ndarray (k, d) of float64, or tuple of tuples of Fraction
    counts: tuple[int, ...]
    n: int
    d: int
    exact: bool

    @property
    def Z(self) -> np.ndarray:
        """The distinct rows as a float64 array (exact rows converted)."""
        if self.exact:
            return np.array([[float(v) for v in r] for r in self.rows], dtype=float)
        return self.rows

    @property
    def weights(self) -> np.ndarray:
        return np.asarray(self.counts, dtype=float)


def _exact_value(v: Any, where: str) -> Fraction:
    if type(v) is Fraction:  # fast path: most exact data arrive as Fractions or ints
        return v
    if type(v) is int:
        return Fraction(v)
    if isinstance(v, (bool, np.bool_)):
        raise TypeError(f"{where}: booleans are not data values")
    if isinstance(v, (numbers.Rational, np.integer)):
        return Fraction(int(v)) if isinstance(v, np.integer) else Fraction(v)
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(float(v)):
            raise ValueError(f"{where}: data must be finite, got {v!r}")
        return Fraction(float(v))  # the float's exact binary value
    raise TypeError(f"{where}: expected an int, Fraction or float, got {type(v).__name__}")


def as_problem(A: Any, y: Any, *, exact: bool = False) -> Problem:
    """Validate data (A of shape (n, d), labels y of shape (n,) in {−1, +1}) into a :class:`Problem`.

    exact: keep the values as ``Fraction`` (ints, Fractions and floats are converted exactly) so
    that the perceptron-type algorithms decide every margin sign without rounding.
    """
    if isinstance(A, Problem):
        raise TypeError("as_problem(A, y): A is already a Problem")
    if exact:
        rows_in = [list(r) if isinstance(r, (list, tuple, np.ndarray)) else None for r in _rows(A)]
        if any(r is None for r in rows_in):
            raise ValueError("A must have shape (n, d): a sequence of rows (lists or tuples)")
    else:
        try:
            arr = np.asarray(A, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"A must be a numeric array of shape (n, d): {exc}") from exc
        if arr.ndim != 2:
            raise ValueError(f"A must have shape (n, d), got an array of shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError("A must be finite (found NaN or infinity)")
        rows_in = None
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must have shape (n,), got shape {labels.shape}")
    n = labels.shape[0]
    if n == 0:
        raise ValueError("the data must hold at least one point (n ≥ 1)")
    try:
        lab = labels.astype(float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"y must hold the numbers −1 and +1: {exc}") from exc
    if not np.all((lab == 1.0) | (lab == -1.0)):
        bad = sorted({repr(v) for v, ok in zip(labels.tolist(), (lab == 1.0) | (lab == -1.0)) if not ok})
        raise ValueError(f"labels must be −1 or +1 (not 0/1), found {', '.join(bad[:5])}")
    signs = [1 if v > 0 else -1 for v in lab]
    if exact:
        if len(rows_in) != n:
            raise ValueError(f"A has {len(rows_in)} rows but y has {n} labels")
        d = len(rows_in[0]) if rows_in else 0
        if d == 0 or any(r is None or len(r) != d for r in rows_in):
            raise ValueError("A must have shape (n, d) with d ≥ 1 (rows of equal length)")
        Z = [tuple(_exact_value(v, f"A[{i}][{j}]") if s > 0 else -_exact_value(v, f"A[{i}][{j}]")
                   for j, v in enumerate(r))
             for i, (r, s) in enumerate(zip(rows_in, signs))]
        uniq: dict[tuple[Fraction, ...], int] = {}
        for r in Z:
            uniq[r] = uniq.get(r, 0) + 1
        return Problem(tuple(uniq), tuple(uniq.values()), n, d, True)
    if arr.shape[0] != n:
        raise ValueError(f"A has {arr.shape[0]} rows but y has {n} labels")
    if arr.shape[1] == 0:
        raise ValueError("A must have at least one column (d ≥ 1)")
    Z = arr * np.asarray(signs, dtype=float)[:, None]
    uniq_rows, counts = np.unique(Z, axis=0, return_counts=True)
    return Problem(uniq_rows, tuple(int(c) for c in counts), n, arr.shape[1], False)


def _rows(A: Any) -> list[Any]:
    if isinstance(A, np.ndarray):
        if A.ndim != 2:
            raise ValueError(f"A must have shape (n, d), got an array of shape {A.shape}")
        return [list(r) for r in A.tolist()] if A.dtype != object else [list(r) for r in A]
    try:
        return [r for r in A]
    except TypeError as exc:
        raise TypeError("A must be a sequence of rows of shape (n, d)") from exc


def _gamma(gamma: Any) -> float:
    try:
        g = float(gamma)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"the step size γ must be a positive number, got {gamma!r}") from exc
    if not (math.isfinite(g) and g > 0):
        raise ValueError(f"the step size γ must be positive and finite, got {gamma!r}")
    return g


def _steps(steps: Any, name: str = "steps") -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {steps!r}")
    return int(steps)


def _theta0(theta0: Any, prob: Problem) -> np.ndarray:
    if theta0 is None:
        return np.zeros(prob.d)
    th = np.asarray(theta0, dtype=float)
    if th.shape != (prob.d,):
        raise ValueError(f"θ_0 must have shape ({prob.d},), got {th.shape}")
    if not np.all(np.isfinite(th)):
        raise ValueError("θ_0 must be finite")
    return th


# -- margins, loss, separability, μ and R ---------------------------------------------------------


def _margins(prob: Problem, theta: Any) -> Any:
    if prob.exact:
        return [sum((a * b for a, b in zip(r, theta)), Fraction(0)) for r in prob.rows]
    return prob.rows @ theta


def margins(A: Any, y: Any, theta: Any) -> np.ndarray:
    """m_i(θ) = y_i a_iᵀθ for every point i (in the order of the data)."""
    A_ = np.asarray(A, dtype=float)
    y_ = np.asarray(y, dtype=float)
    as_problem(A_, y_)
    th = np.asarray(theta, dtype=float)
    if th.shape != (A_.shape[1],):
        raise ValueError(f"θ must have shape ({A_.shape[1]},), got {th.shape}")
    return y_ * (A_ @ th)


def _loss(prob: Problem, theta: np.ndarray) -> float:
    m = prob.rows @ theta
    return float(np.dot(prob.weights, np.logaddexp(0.0, -m)) / prob.n)


def logistic_loss(A: Any, y: Any, theta: Any) -> float:
    """f(θ) = (1/n) Σ log(1 + exp(−m_i(θ))), evaluated stably (log-add-exp)."""
    prob = as_problem(A, y)
    return _loss(prob, _theta0(theta, prob))


def _solved(m: Any) -> bool:
    return all(v > 0 for v in m)


def solves(A: Any, y: Any, theta: Any, *, exact: bool = False) -> bool:
    """True when θ solves problem (1): every margin y_i a_iᵀθ is strictly positive."""
    prob = as_problem(A, y, exact=exact)
    if exact:
        th = [_exact_value(v, "θ") for v in theta]
        if len(th) != prob.d:
            raise ValueError(f"θ must have {prob.d} entries, got {len(th)}")
        return _solved(_margins(prob, th))
    return _solved(_margins(prob, _theta0(theta, prob)))


def _separable(prob: Problem) -> bool:
    """LP: maximise s subject to Zθ ≥ s·1, −1 ≤ θ ≤ 1, s ≤ 1; separable iff s* > 0."""
    Z = prob.Z
    k, d = Z.shape
    scale = max(float(np.max(np.abs(Z))), 1e-300)
    c = np.zeros(d + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-Z / scale, np.ones((k, 1))])
    res = optimize.linprog(c, A_ub=A_ub, b_ub=np.zeros(k), bounds=[(-1, 1)] * d + [(None, 1)],
                           method="highs")
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"separability LP failed: {res.message}")
    # HiGHS feasibility tolerance is ~1e-7 on this scaled problem: treat smaller optima as zero.
    return bool(-res.fun > 1e-9)


def is_separable(A: Any, y: Any) -> bool:
    """Assumption 1.1: some θ has y_i a_iᵀθ > 0 for all i (a linear program, homogeneous, no bias)."""
    return _separable(as_problem(A, y))


def _require_separable(prob: Problem, what: str) -> None:
    if not _separable(prob):
        raise ValueError(f"{what} needs linearly separable data through the origin (Assumption 1.1: "
                         "some θ with y_i a_iᵀθ > 0 for all i); these data are not separable")


def data_radius(A: Any) -> float:
    """R = max_i ‖a_i‖."""
    arr = np.asarray(A, dtype=float)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(f"A must have shape (n, d) with n ≥ 1, got {arr.shape}")
    return float(np.max(np.linalg.norm(arr, axis=1)))


def _max_margin(prob: Problem) -> tuple[float, np.ndarray, float]:
    """μ by the QP min ‖Zᵀλ‖² over the simplex (the distance from 0 to conv{z_i}); returns
    (μ, the unit direction, the duality gap of the returned pair)."""
    Z = prob.Z
    k = Z.shape[0]
    G = Z @ Z.T
    lam0 = np.full(k, 1.0 / k)
    res = optimize.minimize(
        lambda lam: float(lam @ G @ lam), lam0, jac=lambda lam: 2.0 * G @ lam, method="SLSQP",
        bounds=[(0.0, None)] * k,
        constraints=[{"type": "eq", "fun": lambda lam: float(np.sum(lam) - 1.0),
                      "jac": lambda lam: np.ones(k)}],
        options={"ftol": 1e-16, "maxiter": 1000},
    )
    lam = np.clip(res.x, 0.0, None)
    lam /= lam.sum()
    lower, w, upper = _hull_bounds(Z, lam)
    # Polish: the minimum-norm point of the affine hull of the support vectors (KKT linear system);
    # kept only if its weights are feasible and it tightens the bounds.
    R = float(np.max(np.linalg.norm(Z, axis=1)))
    margins0 = Z @ w - lower
    for rel in (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9):
        support = np.flatnonzero(margins0 <= rel * R)
        Gs = G[np.ix_(support, support)]
        K = np.block([[Gs, np.ones((support.size, 1))], [np.ones((1, support.size)), np.zeros((1, 1))]])
        rhs = np.zeros(support.size + 1)
        rhs[-1] = 1.0
        sol = np.linalg.lstsq(K, rhs, rcond=None)[0][:-1]
        if np.all(sol >= -1e-12):
            cand = np.zeros(k)
            cand[support] = np.clip(sol, 0.0, None)
            cand /= cand.sum()
            lo2, w2, up2 = _hull_bounds(Z, cand)
            if up2 - lo2 < upper - lower and lo2 > 0:
                lower, w, upper = lo2, w2, up2
    return lower, w, upper - lower


def _hull_bounds(Z: np.ndarray, lam: np.ndarray) -> tuple[float, np.ndarray, float]:
    """(lower bound on μ, unit direction, upper bound on μ) from convex weights ``lam``."""
    p = Z.T @ lam
    upper = float(np.linalg.norm(p))  # any point of the hull bounds μ above
    if upper <= 0:
        raise ValueError("the data are not separable (0 lies in the convex hull of the z_i)")
    w = p / upper
    return float(np.min(Z @ w)), w, upper  # any unit vector bounds μ below


def max_margin(A: Any, y: Any) -> tuple[float, np.ndarray]:
    """Assumption 1.1's μ = max_{‖θ‖=1} min_i y_i a_iᵀθ and its maximiser (hard-margin SVM, no bias).

    Solved as the distance from 0 to the convex hull of the z_i (the dual QP, by SLSQP). The value
    returned is min_i z_iᵀw for the unit vector w found, so it never exceeds the true μ; the
    duality gap (after polishing on the support vectors) is checked to be below 1e-9·R. Raises
    ``ValueError`` on non-separable data.
    """
    prob = as_problem(A, y)
    _require_separable(prob, "max_margin")
    mu, w, gap = _max_margin(prob)
    R = float(np.max(np.linalg.norm(prob.Z, axis=1)))
    if not (mu > 0 and gap <= 1e-9 * R):
        raise RuntimeError(f"the margin QP did not converge (μ ≥ {mu:.3g}, duality gap {gap:.3g})")
    return mu, w


# -- the algorithms --------------------------------------------------------------------------------


def _sigma_neg(m: np.ndarray) -> np.ndarray:
    """σ(−m) = 1/(1 + e^m), without overflow (scipy.special.expit)."""
    return special.expit(-m)


def _lr_step(prob: Problem, theta: np.ndarray, gamma: float) -> np.ndarray:
    """θ − γ∇f(θ) = θ + (γ/n) Σ σ(−m_i) z_i."""
    m = prob.rows @ theta
    return theta + (gamma / prob.n) * ((prob.weights * _sigma_neg(m)) @ prob.rows)


def _nlr_step(prob: Problem, theta: np.ndarray, gamma: float) -> np.ndarray:
    """θ − γβ∇f(θ) = θ + γ Σ p_i z_i, p ∝ count·σ(−m_i), normalised in log space (softmax)."""
    m = prob.rows @ theta
    logw = np.log(prob.weights) - np.logaddexp(0.0, m)  # log(count·σ(−m))
    p = special.softmax(logw)
    return theta + gamma * (p @ prob.rows)


def _mean_of(prob: Problem, mask: Sequence[bool], divisor: Any) -> Any:
    if prob.exact:
        out = [Fraction(0)] * prob.d
        for r, c, s in zip(prob.rows, prob.counts, mask):
            if s:
                out = [o + c * v for o, v in zip(out, r)]
        return [o / divisor for o in out]
    w = np.where(np.asarray(mask, dtype=bool), prob.weights, 0.0)
    return (w @ prob.rows) / divisor


def _add(prob: Problem, a: Any, b: Any) -> Any:
    return [x + y for x, y in zip(a, b)] if prob.exact else a + b


def _zero(prob: Problem) -> Any:
    return [Fraction(0)] * prob.d if prob.exact else np.zeros(prob.d)


def _bp_step(prob: Problem, theta: Any, t: int, first_weight: Any = Fraction(1, 2)) -> Any:
    """One BP step: at t = 0 add first_weight·(1/n)Σ z_i; later (1/n)Σ_{m_i ≤ 0} z_i."""
    if t == 0:
        w = first_weight if prob.exact else float(first_weight)
        return _add(prob, theta, _mean_of(prob, [True] * len(prob.counts), prob.n / w if not prob.exact
                                          else Fraction(prob.n) / w))
    S = [v <= 0 for v in _margins(prob, theta)]
    if not any(S):
        return theta
    return _add(prob, theta, _mean_of(prob, S, prob.n))


def _nbp_step(prob: Problem, theta: Any, t: int) -> Any:
    """One NBP step: add the mean of the z_i with m_i ≤ 0 (from t = 0)."""
    S = [v <= 0 for v in _margins(prob, theta)]
    if not any(S):
        return theta
    size = sum(c for c, s in zip(prob.counts, S) if s)
    return _add(prob, theta, _mean_of(prob, S, size))


PickRule = Callable[[Sequence[Any], Sequence[int]], int]


def _pick_rule(pick: str | PickRule) -> PickRule:
    if callable(pick):
        return pick
    rules: dict[str, PickRule] = {
        "first": lambda m, S: S[0],
        "last": lambda m, S: S[-1],
        "worst": lambda m, S: min(S, key=lambda i: (m[i], i)),
        "best": lambda m, S: max(S, key=lambda i: (m[i], -i)),
    }
    if pick not in rules:
        raise ValueError(f"pick must be one of {', '.join(rules)} or a callable(margins, S) -> index, "
                         f"got {pick!r}")
    return rules[pick]


def _perceptron_step(prob: Problem, theta: Any, t: int, rule: PickRule) -> Any:
    """One Perceptron step: add z_j for a j chosen by ``rule`` among the m_j ≤ 0 (distinct rows)."""
    m = _margins(prob, theta)
    S = [i for i, v in enumerate(m) if v <= 0]
    if not S:
        return theta
    j = rule(m, S)
    if j not in S:
        raise ValueError(f"the pick rule returned {j!r}, which is not a misclassified index {S}")
    return _add(prob, theta, list(prob.rows[j]) if prob.exact else prob.rows[j])


def _stack(prob: Problem, its: list[Any]) -> np.ndarray:
    if prob.exact:
        return np.array(its, dtype=object)
    return np.array(its, dtype=float)


def lr_gd(A: Any, y: Any, gamma: float, steps: int, *, theta0: Any = None) -> np.ndarray:
    """LR+GD: θ_{t+1} = θ_t − γ∇f(θ_t) from θ_0 (default 0); returns θ_0..θ_steps, shape (steps+1, d)."""
    prob = as_problem(A, y)
    g, k = _gamma(gamma), _steps(steps)
    th = _theta0(theta0, prob)
    its = [th]
    for _ in range(k):
        th = _lr_step(prob, th, g)
        its.append(th)
    return np.array(its)


def normalized_lr_gd(A: Any, y: Any, gamma: float, steps: int, *, theta0: Any = None) -> np.ndarray:
    """Normalized LR+GD: θ_{t+1} = θ_t − γβ_t∇f(θ_t), β_t = 1/((1/n)Σσ(−m_i)), in log space."""
    prob = as_problem(A, y)
    g, k = _gamma(gamma), _steps(steps)
    th = _theta0(theta0, prob)
    its = [th]
    for _ in range(k):
        th = _nlr_step(prob, th, g)
        its.append(th)
    return np.array(its)


def batch_perceptron(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """Batch Perceptron from θ̂_0 = 0: θ̂_1 = (1/(2n))Σz_i, then θ̂_{t+1} = θ̂_t + (1/n)Σ_{m_i≤0} z_i.

    Returns θ̂_0..θ̂_steps (constant once no margin is ≤ 0). exact: Fractions (object array).
    """
    prob = as_problem(A, y, exact=exact)
    k = _steps(steps)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        th = _bp_step(prob, th, t)
        its.append(th)
    return _stack(prob, its)


def normalized_batch_perceptron(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """NBP from θ̂_0 = 0: θ̂_{t+1} = θ̂_t + (1/|S_t|)Σ_{i∈S_t} z_i, S_t = {m_i ≤ 0}."""
    prob = as_problem(A, y, exact=exact)
    k = _steps(steps)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        th = _nbp_step(prob, th, t)
        its.append(th)
    return _stack(prob, its)


def perceptron(A: Any, y: Any, steps: int, *, pick: str | PickRule = "first",
               exact: bool = False) -> np.ndarray:
    """Perceptron from θ̂_0 = 0: θ̂_{t+1} = θ̂_t + z_j for one j with m_j ≤ 0.

    pick: which misclassified point: "first", "last", "worst" (smallest margin), "best", or a
    callable(margins, S) -> index into the distinct rows of Z (identical points are merged).
    """
    prob = as_problem(A, y, exact=exact)
    k = _steps(steps)
    rule = _pick_rule(pick)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        th = _perceptron_step(prob, th, t, rule)
        its.append(th)
    return _stack(prob, its)


def iterations_to_solve(method: str, A: Any, y: Any, *, gamma: float | None = None,
                        exact: bool = False, max_iter: int = 100_000, theta0: Any = None,
                        pick: str | PickRule = "first") -> int | None:
    """The first t ≥ 1 whose iterate solves (1) (all margins > 0), starting from θ_0 (default 0).

    method: one of METHODS ("lr", "normalized_lr" need ``gamma``; "bp", "nbp", "perceptron" may
    run ``exact``). Returns None if no iterate up to ``max_iter`` solves (1). Raises ValueError on
    non-separable data.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    k = _steps(max_iter, "max_iter")
    if method in _PERCEPTRON_TYPE:
        if gamma is not None:
            raise ValueError(f"method {method!r} takes no step size γ (it is scale free)")
        if theta0 is not None:
            raise ValueError(f"method {method!r} starts at θ̂_0 = 0 (theta0 applies to lr, normalized_lr)")
    else:
        if exact:
            raise ValueError(f"method {method!r} involves exp(): exact arithmetic is for bp, nbp, perceptron")
        if gamma is None:
            raise ValueError(f"method {method!r} needs a step size gamma > 0")
    prob = as_problem(A, y, exact=exact)
    _require_separable(prob, f"iterations_to_solve({method!r})")
    return _count(prob, method, None if gamma is None else _gamma(gamma), k, theta0, pick)


def _count(prob: Problem, method: str, gamma: float | None, max_iter: int, theta0: Any = None,
           pick: str | PickRule = "first", bp_first_weight: Any = Fraction(1, 2)) -> int | None:
    if method in _PERCEPTRON_TYPE:
        th = _zero(prob)
    else:
        th = _theta0(theta0, prob)
    rule = _pick_rule(pick) if method == "perceptron" else None
    for t in range(max_iter):
        if method == "lr":
            th = _lr_step(prob, th, gamma)
        elif method == "normalized_lr":
            th = _nlr_step(prob, th, gamma)
        elif method == "bp":
            th = _bp_step(prob, th, t, bp_first_weight)
        elif method == "nbp":
            th = _nbp_step(prob, th, t)
        else:
            th = _perceptron_step(prob, th, t, rule)
        if _solved(_margins(prob, th)):
            return t + 1
    return None


# =================================================================================================
# The paper, the formulas under test, and the claims
# =================================================================================================

TYURIN = Paper(
    title="From Logistic Regression to the Perceptron Algorithm: Exploring Gradient Descent with "
          "Large Step Sizes",
    authors=("Alexander Tyurin",),
    year=2024,
    arxiv="2412.08424",
)

ASSUMPTION_1_1 = "Assumption 1.1: separable through the origin with margin μ > 0; R = max_i ‖a_i‖"
ASSUMPTION_3_1 = "Assumption 3.1: no BP iterate θ̂_t (t ≥ 1) has an exact zero margin"
THETA0_ZERO = "θ_0 = 0 (θ̂_0 = 0)"


# -- the limit recursion and the limit statements -------------------------------------------------


def limit_weight(m: Any, tie_weight: Any = Fraction(1, 2)) -> Any:
    """lim_{γ→∞} σ(−γ m): 1 for m < 0, 0 for m > 0, and σ(0) = 1/2 at an exact tie m = 0."""
    if m < 0:
        return Fraction(1)
    if m > 0:
        return Fraction(0)
    return tie_weight


def lr_limit_iterates(A: Any, y: Any, steps: int, *, tie_weight: Any = Fraction(1, 2)) -> np.ndarray:
    """ψ_0 = 0, ψ_{t+1} = ψ_t + (1/n) Σ_i w(m_i(ψ_t)) z_i with w = ``limit_weight``, in exact rationals.

    This is the γ → ∞ limit of θ_t/γ for LR+GD from θ_0 = 0 (derived below from lim σ(−γm)); at
    t = 0 every margin is an exact tie, which gives BP's first step (1/(2n))Σz_i. It differs from BP
    only where a later iterate has an exact tie (BP gives the tied point weight 1, the limit 1/2).
    """
    prob = as_problem(A, y, exact=True)
    k = _steps(steps)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        m = _margins(prob, th)
        if t > 0 and _solved(m):
            its.append(th)
            continue
        step = [Fraction(0)] * prob.d
        for r, c, mi in zip(prob.rows, prob.counts, m):
            w = Fraction(1, 2) if t == 0 else limit_weight(mi, tie_weight)
            if w:
                step = [s + w * c * v for s, v in zip(step, r)]
        th = [a + b / prob.n for a, b in zip(th, step)]
        its.append(th)
    return np.array(its, dtype=object)


def _bp_exact(A: Any, y: Any, steps: int, first_weight: Any = Fraction(1, 2)) -> np.ndarray:
    prob = as_problem(A, y, exact=True)
    th = _zero(prob)
    its = [th]
    for t in range(steps):
        th = _bp_step(prob, th, t, first_weight)
        its.append(th)
    return np.array(its, dtype=object)


def bp_exact(A: Any, y: Any, steps: int) -> np.ndarray:
    """BP iterates θ̂_0..θ̂_steps in exact rationals (the claimed limit of θ_t/γ in Thm 3.2)."""
    return _bp_exact(A, y, steps)


@dataclasses.dataclass(frozen=True)
class LimitStatement:
    """Thm 3.2 as a checkable object: ``rescale(θ_t, γ) → limit(A, y, t)[t]`` for starts with
    ``start_ok(θ_0)``. Mutants change one part (the limit, the rescaling, the admissible starts)."""

    limit: Callable[[Any, Any, int], np.ndarray]
    rescale: Callable[[np.ndarray, float], np.ndarray]
    start_ok: Callable[[np.ndarray], bool]

    def __repr__(self) -> str:
        return f"LimitStatement(limit={getattr(self.limit, '__name__', self.limit)})"


def _divide_by_gamma(theta: np.ndarray, gamma: float) -> np.ndarray:
    return theta / gamma


def _zero_start_only(theta0: np.ndarray) -> bool:
    return bool(np.all(np.asarray(theta0) == 0))


THM_3_2 = LimitStatement(limit=bp_exact, rescale=_divide_by_gamma, start_ok=_zero_start_only)


def _bp_full_first_step(A: Any, y: Any, steps: int) -> np.ndarray:
    """Mutant: BP with first step (1/n)Σz_i (no ½)."""
    return _bp_exact(A, y, steps, Fraction(1))


def _bp_no_first_step(A: Any, y: Any, steps: int) -> np.ndarray:
    """Mutant: no special first step: the later rule, with the strict set {m_i < 0}, from θ̂_0 = 0.
    Every margin of θ̂_0 = 0 is 0, so S_0 = ∅ and the iterates never leave 0."""
    prob = as_problem(A, y, exact=True)
    th = _zero(prob)
    its = [th]
    for _ in range(steps):
        m = _margins(prob, th)
        S = [v < 0 for v in m]
        if any(S):
            th = _add(prob, th, _mean_of(prob, S, prob.n))
        its.append(th)
    return np.array(its, dtype=object)


def _any_start(theta0: np.ndarray) -> bool:
    return True


def _no_rescale(theta: np.ndarray, gamma: float) -> np.ndarray:
    return theta


# -- bounds under test ---------------------------------------------------------------------------


def bp_iteration_bound(n: int, R: float, mu: float) -> float:
    """Thm 3.3: BP solves (1) within n R²/μ² iterations."""
    return n * R**2 / mu**2


def perceptron_iteration_bound(n: int, R: float, mu: float) -> float:
    """Thm 5.2 (Novikoff): the Perceptron solves (1) within R²/μ² iterations."""
    return R**2 / mu**2


def nbp_iteration_bound(n: int, R: float, mu: float) -> float:
    """Thm 5.3: NBP solves (1) within R²/μ² iterations."""
    return R**2 / mu**2


def normalized_lr_bound(n: int, R: float, mu: float, gamma: float) -> float:
    """Thm 6.1: Normalized LR+GD from θ_0 = 0 solves (1) within R²/μ² + 2 log(2n−1)/(γμ²) iterations."""
    return R**2 / mu**2 + 2 * math.log(2 * n - 1) / (gamma * mu**2)


def jensen_average_margin_bound(n: int) -> float:
    """Thm 6.1's proof: if some margin is ≤ 0, Σσ(−m_i)m_i / Σσ(−m_i) ≤ log(2n − 1)."""
    return math.log(2 * n - 1)


def thm51_data(n: int, *, exact: bool = False) -> tuple[list[list[Any]], list[int]]:
    """Thm 5.1's dataset: a_1 = (1/2, −1), y_1 = +1, and n − 1 copies of a = (−1/2, −1), y = −1."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    h = Fraction(1, 2) if exact else 0.5
    one = Fraction(1) if exact else 1.0
    return [[h, -one]] + [[-h, -one] for _ in range(n - 1)], [1] + [-1] * (n - 1)


def thm51_bp_iterations(n: int) -> int:
    """BP's exact iteration count on Thm 5.1's dataset (derived below): 1 for n ≤ 2, else
    ⌊(3n − 8)/10⌋ + 2 (the first t with 10(t − 1) > 3n − 8)."""
    if n <= 2:
        return 1
    return (3 * n - 8) // 10 + 2


def thm51_has_tie(n: int) -> bool:
    """Whether some BP iterate on Thm 5.1's dataset has an exact zero margin: iff 3n − 8 ≡ 0 (mod 10)."""
    return n >= 3 and (3 * n - 8) % 10 == 0


def loss_slope(A: Any, y: Any, theta_hat: Any) -> float:
    """Abstract (i) made precise: lim_{γ→∞} f(θ_t)/γ = (1/n) Σ_i max(0, −m_i(θ̂_t)) (θ̂_t: BP)."""
    m = margins(A, y, np.asarray(theta_hat, dtype=float))
    return float(np.mean(np.maximum(0.0, -m)))


def nbp_direction(A: Any, y: Any, u: Any) -> np.ndarray:
    """lim_{γ→∞} of Normalized LR+GD's step −β_t∇f(θ_t) at θ_t = γu, when some m_i(u) < 0 and no
    m_i(u) = 0: the plain mean of the z_i with m_i(u) < 0, i.e. NBP's step."""
    A_ = np.asarray(A, dtype=float)
    Z = A_ * np.asarray(y, dtype=float)[:, None]
    S = (Z @ np.asarray(u, dtype=float)) < 0
    if not np.any(S):
        raise ValueError("nbp_direction needs some negative margin at u")
    return Z[S].mean(axis=0)


def _nbp_direction_beta_not_inverted(A: Any, y: Any, u: Any) -> np.ndarray:
    """Mutant: β_t not inverted, step −γ((1/n)Σσ(−m_i))∇f: its limit is (|S|/n)·(1/n)Σ_S z_i."""
    A_ = np.asarray(A, dtype=float)
    Z = A_ * np.asarray(y, dtype=float)[:, None]
    S = (Z @ np.asarray(u, dtype=float)) < 0
    n = Z.shape[0]
    return (S.sum() / n) * Z[S].sum(axis=0) / n


# -- claims ----------------------------------------------------------------------------------------

SIGMOID_LIMIT = Claim(
    id="perceptron.sigmoid_limit",
    paper=TYURIN,
    location="Thm 3.2 (proof): the limit of the logistic weights σ(−γ m)",
    statement="lim_{γ→∞} σ(−γm) = 1 for m < 0 and 0 for m > 0, while σ(−γ·0) = 1/2 for every γ: in "
              "the limit of LR+GD an exactly tied point (m = 0) gets weight 1/2, where BP gives it 1.",
    assumptions=("σ(x) = 1/(1 + e^{−x})",),
    kind="limit",
    expected="proved",
    subject=limit_weight,
    notes="The tie weight 1/2 is what makes Assumption 3.1 necessary for Thm 3.2 (see "
          "perceptron.lr_to_bp_without_assumption_3_1).",
)
SIGMOID_LIMIT.mutant("tie_weight_one", "limit weight 1 at an exact tie (BP's convention)",
                     lambda m: limit_weight(m, Fraction(1)))
SIGMOID_LIMIT.mutant("tie_weight_zero", "limit weight 0 at an exact tie", lambda m: limit_weight(m, Fraction(0)))


def bp_first_iterate(A: Any, y: Any) -> np.ndarray:
    """θ̂_1 = (1/(2n)) Σ z_i, exactly (the claimed value of θ_1/γ for every γ)."""
    return bp_exact(A, y, 1)[1]


FIRST_STEP = Claim(
    id="perceptron.first_step",
    paper=TYURIN,
    location="§3, BP's first step (θ̂_1 = θ̂_0 + (1/(2n))Σ z_i)",
    statement="From θ_0 = 0, θ_1/γ = (1/(2n)) Σ_i y_i a_i = θ̂_1 exactly, for every γ > 0.",
    assumptions=(THETA0_ZERO,),
    kind="identity",
    expected="proved",
    subject=bp_first_iterate,
)
FIRST_STEP.mutant("first_step_without_half", "θ_1/γ = (1/n)Σ z_i (BP's first step without the ½)",
                  lambda A, y: _bp_exact(A, y, 1, Fraction(1))[1])

LR_TO_BP = Claim(
    id="perceptron.lr_to_bp",
    paper=TYURIN,
    location="Thm 3.2",
    statement="Under Assumptions 1.1 and 3.1, with θ_0 = 0: θ_t/γ → θ̂_t (the Batch Perceptron's "
              "iterates) as γ → ∞, for every t.",
    assumptions=(ASSUMPTION_1_1, ASSUMPTION_3_1, THETA0_ZERO),
    kind="limit",
    expected="proved",
    subject=THM_3_2,
    notes="On random Gaussian data (non-degenerate almost surely) the gap ‖θ_t/γ − θ̂_t‖ falls like "
          "exp(−γ · min |margin|) (figure). Both assumptions matter: see the two claims below.",
)
LR_TO_BP.mutant("first_step_without_half", "limit taken as BP with first step (1/n)Σz_i",
                dataclasses.replace(THM_3_2, limit=_bp_full_first_step))
LR_TO_BP.mutant("no_special_first_step",
                "no special first step: the later rule with the strict set {m < 0} from θ̂_0 = 0",
                dataclasses.replace(THM_3_2, limit=_bp_no_first_step))
LR_TO_BP.mutant("not_divided_by_gamma", "θ_t → θ̂_t without dividing by γ",
                dataclasses.replace(THM_3_2, rescale=_no_rescale))
LR_TO_BP.mutant("any_start", "the limit holds from any θ_0", dataclasses.replace(THM_3_2, start_ok=_any_start))

LR_TO_BP_ANY_DATA = Claim(
    id="perceptron.lr_to_bp_without_assumption_3_1",
    paper=TYURIN,
    location="Thm 3.2 without Assumption 3.1",
    statement="θ_t/γ → θ̂_t as γ → ∞ for every t on every separable dataset (Assumption 3.1 dropped), "
              "θ_0 = 0.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="limit",
    expected="conditional",
    subject=THM_3_2,
    refined_by="perceptron.lr_to_bp",
    notes="False without Assumption 3.1. Smallest form: two points z_1 = (1, 0), z_2 = (−1, 1) "
          "(a_1 = (1, 0), a_2 = (−1, 1), y = +1, +1). θ̂_1 = (0, 1/4) ties z_1 (margin 0); BP adds "
          "(1/2)z_1, giving θ̂_2 = (1/2, 1/4), but σ(−γ·0) = 1/2 so θ_2/γ → (1/4, 1/4) for every γ.",
)

LIMIT_WITH_TIES = Claim(
    id="perceptron.lr_limit_with_ties",
    paper=TYURIN,
    location="Thm 3.2 without Assumption 3.1: what the limit is (derived here)",
    statement="On every separable dataset, with θ_0 = 0, θ_t/γ → ψ_t as γ → ∞, where ψ_0 = 0 and "
              "ψ_{t+1} = ψ_t + (1/n)Σ_i w_i z_i with w_i = 1 (m_i(ψ_t) < 0), 1/2 (m_i(ψ_t) = 0), "
              "0 (m_i(ψ_t) > 0): BP with weight 1/2, not 1, on exactly tied points.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="limit",
    expected="proved",
    subject=dataclasses.replace(THM_3_2, limit=lr_limit_iterates),
    notes="This is the statement that survives without Assumption 3.1; under it ψ_t = θ̂_t.",
)
def _limit_tie_weight(w: Fraction) -> LimitStatement:
    """Mutant helper: the limit recursion with weight ``w`` on tied points after the first step."""
    return dataclasses.replace(THM_3_2, limit=lambda A, y, k: lr_limit_iterates(A, y, k, tie_weight=w))


LIMIT_WITH_TIES.mutant("tie_weight_one", "weight 1 on tied points after the first step (BP)",
                       _limit_tie_weight(Fraction(1)))
LIMIT_WITH_TIES.mutant("tie_weight_zero", "weight 0 on tied points after the first step",
                       _limit_tie_weight(Fraction(0)))

LR_TO_BP_ANY_START = Claim(
    id="perceptron.lr_to_bp_any_start",
    paper=TYURIN,
    location="Thm 3.2 with θ_0 ≠ 0",
    statement="θ_t/γ → θ̂_t as γ → ∞ also when LR+GD starts from a fixed θ_0 ≠ 0.",
    assumptions=(ASSUMPTION_1_1, ASSUMPTION_3_1),
    kind="limit",
    expected="conditional",
    subject=dataclasses.replace(THM_3_2, start_ok=_any_start),
    refined_by="perceptron.lr_to_bp",
    notes="False: θ_1/γ → (1/n)Σσ(−m_i(θ_0)) z_i, which is (1/(2n))Σz_i only if all m_i(θ_0) = 0. "
          "Smallest form: one point a = 1, y = +1, θ_0 = 1: θ_1/γ → σ(−1) ≈ 0.269, not θ̂_1 = 1/2.",
)

BP_BOUND = Claim(
    id="perceptron.bp_bound",
    paper=TYURIN,
    location="Thm 3.3",
    statement="The Batch Perceptron solves (1) in at most n R²/μ² iterations.",
    assumptions=(ASSUMPTION_1_1,),
    kind="inequality",
    expected="proved",
    subject=bp_iteration_bound,
)
BP_BOUND.mutant("no_factor_n", "BP solves (1) within R²/μ² iterations (no factor n)",
                lambda n, R, mu: R**2 / mu**2)

PERCEPTRON_BOUND = Claim(
    id="perceptron.perceptron_bound",
    paper=TYURIN,
    location="Thm 5.2 (Novikoff)",
    statement="The Perceptron (any choice of j ∈ S_t) solves (1) in at most R²/μ² iterations.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="proved",
    subject=perceptron_iteration_bound,
)
PERCEPTRON_BOUND.mutant("r_over_mu", "bound R/μ (not squared)", lambda n, R, mu: R / mu)
PERCEPTRON_BOUND.mutant("half", "bound R²/(2μ²)", lambda n, R, mu: R**2 / (2 * mu**2))

NBP_BOUND = Claim(
    id="perceptron.nbp_bound",
    paper=TYURIN,
    location="Thm 5.3",
    statement="The Normalized Batch Perceptron solves (1) in at most R²/μ² iterations.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="proved",
    subject=nbp_iteration_bound,
)
NBP_BOUND.mutant("r_over_mu", "bound R/μ (not squared)", lambda n, R, mu: R / mu)


def _nlr_step_beta_not_inverted(prob: Problem, theta: np.ndarray, gamma: float) -> np.ndarray:
    """Mutant: θ − γ((1/n)Σσ(−m_i))∇f(θ), β_t used without inverting the mean."""
    m = prob.rows @ theta
    s = prob.weights * _sigma_neg(m)
    mean = s.sum() / prob.n
    return theta + gamma * mean * (s @ prob.rows) / prob.n


NLR_BOUND = Claim(
    id="perceptron.normalized_lr_bound",
    paper=TYURIN,
    location="Thm 6.1",
    statement="Normalized LR+GD from θ_0 = 0 solves (1) in at most R²/μ² + 2 log(2n − 1)/(γμ²) "
              "iterations, for every γ > 0.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="proved",
    subject={"step": _nlr_step, "bound": normalized_lr_bound},
)
NLR_BOUND.mutant("gamma_mu", "bound with γμ in place of γμ²",
                 {"step": _nlr_step, "bound": lambda n, R, mu, g: R**2 / mu**2 + 2 * math.log(2 * n - 1) / (g * mu)})
NLR_BOUND.mutant("beta_not_inverted", "the algorithm with β_t not inverted (step scaled by the mean σ)",
                 {"step": _nlr_step_beta_not_inverted, "bound": normalized_lr_bound})

JENSEN = Claim(
    id="perceptron.jensen_step",
    paper=TYURIN,
    location="Thm 6.1 (proof): the Jensen step",
    statement="If some margin m_j ≤ 0, the σ(−m)-weighted average margin satisfies "
              "Σσ(−m_i)m_i / Σσ(−m_i) ≤ log(2n − 1).",
    assumptions=("n ≥ 1 real margins m_1..m_n, at least one ≤ 0",),
    kind="inequality",
    expected="proved",
    subject=jensen_average_margin_bound,
    notes="Tight up to lower-order terms: the worst case (one margin 0, the others equal) is computed "
          "by a 1-D maximisation in the check.",
)
JENSEN.mutant("nonpositive", "the weighted average margin is ≤ 0 (as if every margin were ≤ 0)", lambda n: 0.0)
JENSEN.mutant("log_two", "the bound log 2, independent of n", lambda n: math.log(2))

NORMALIZED_LIMIT = Claim(
    id="perceptron.normalized_lr_to_nbp",
    paper=TYURIN,
    location="§6 (Normalized LR+GD as γ → ∞ is the Normalized Batch Perceptron)",
    statement="At θ_t = γu with some m_i(u) < 0 and none = 0: β_t → n/|S| and −β_t∇f(θ_t) → "
              "(1/|S|)Σ_{i∈S} z_i, S = {i : m_i(u) < 0}, as γ → ∞ (NBP's step).",
    assumptions=("β_t = ((1/n)Σσ(−m_i(θ_t)))^{−1}",),
    kind="limit",
    expected="proved",
    subject=nbp_direction,
)
NORMALIZED_LIMIT.mutant("beta_not_inverted", "β_t not inverted: the step tends to (|S|/n)(1/n)Σ_S z_i",
                        _nbp_direction_beta_not_inverted)

THM41_LIMITS = {
    "f1_over_gamma": Fraction(1, 8),
    "theta2_over_gamma": (Fraction(1), Fraction(1, 4)),
    "grad1_norm": math.sqrt(2) / 2,
    "grad2_norm": 0.0,
    "f2": 0.0,
}

THM41 = Claim(
    id="perceptron.thm41_example",
    paper=TYURIN,
    location="Thm 4.1",
    statement="For a_1 = (1, −1), y_1 = +1 and a_2 = (−1, −4), y_2 = −1, as γ → ∞: f(θ_1) → ∞ "
              "(f(θ_1)/γ → 1/8) while f(θ_2) → 0; θ_2/γ → (1, 1/4) solves (1); ‖∇f(θ_1)‖ → √2/2 and "
              "‖∇f(θ_2)‖ → 0.",
    assumptions=(THETA0_ZERO,),
    kind="limit",
    expected="proved",
    subject=THM41_LIMITS,
)
THM41.mutant("f1_slope_quarter", "f(θ_1)/γ → 1/4", dict(THM41_LIMITS, f1_over_gamma=Fraction(1, 4)))
THM41.mutant("theta2_is_theta1", "θ_2/γ → (1/2, 3/4) (the second step vanishes)",
             dict(THM41_LIMITS, theta2_over_gamma=(Fraction(1, 2), Fraction(3, 4))))
THM41.mutant("grad1_norm_one", "‖∇f(θ_1)‖ → 1", dict(THM41_LIMITS, grad1_norm=1.0))

THM51 = Claim(
    id="perceptron.thm51_lower_bound",
    paper=TYURIN,
    location="Thm 5.1",
    statement="On one point (0.5, −1) with y = +1 and n − 1 points (−0.5, −1) with y = −1 (μ = 0.5, "
              "R²/μ² = 5), BP needs Ω(n) iterations; exactly ⌊(3n − 8)/10⌋ + 2 for n ≥ 3.",
    assumptions=(),
    kind="algorithm",
    expected="proved",
    subject=thm51_bp_iterations,
    notes="The exact count (3n/10 + O(1)) is derived here; the paper states Ω(n).",
)
THM51.mutant("constant", "BP needs at most R²/μ² = 5 iterations, whatever n", lambda n: min(5, thm51_bp_iterations(n)))
THM51.mutant("floor_3n_over_10", "count ⌊3n/10⌋ + 1 (the −8 offset dropped)", lambda n: 3 * n // 10 + 1)

THM51_TIES = Claim(
    id="perceptron.thm51_ties",
    paper=TYURIN,
    location="Thm 5.1's dataset and Assumption 3.1",
    statement="Some BP iterate on Thm 5.1's dataset has an exact zero margin iff 3n − 8 ≡ 0 (mod 10), "
              "i.e. n ≡ 6 (mod 10) (n ≥ 3).",
    kind="identity",
    expected="proved",
    subject=thm51_has_tie,
)
THM51_TIES.mutant("n_multiple_of_ten", "ties iff n ≡ 0 (mod 10)", lambda n: n % 10 == 0)
THM51_TIES.mutant("never", "never a tie", lambda n: False)

THM51_ASSUMPTION = Claim(
    id="perceptron.thm51_satisfies_assumption_3_1",
    paper=TYURIN,
    location="Thm 5.1's dataset under Thm 3.2 (LR+GD inherits BP's Ω(n))",
    statement="Thm 5.1's dataset satisfies Assumption 3.1 for every n, so Thm 3.2 applies to it.",
    kind="identity",
    expected="conditional",
    subject=lambda n: False,
    refined_by="perceptron.thm51_ties",
    notes="False for n ≡ 6 (mod 10): smallest n = 6, where θ̂_2 = (1/3, 1/6) has margin exactly 0 on "
          "the first point. The count is unaffected there (the limit's half step also separates), "
          "but Thm 3.2's hypothesis fails.",
)

LOSS_SLOPE = Claim(
    id="perceptron.abstract_loss_unbounded",
    paper=TYURIN,
    location="Abstract (i), reading A: non-separating iterates",
    statement="At every t whose BP iterate θ̂_t has a negative margin, the LR+GD loss grows without "
              "bound in γ: f(θ_t)/γ → (1/n)Σ_i max(0, −m_i(θ̂_t)) > 0.",
    assumptions=(ASSUMPTION_1_1, ASSUMPTION_3_1, THETA0_ZERO),
    kind="limit",
    expected="proved",
    subject=loss_slope,
)
LOSS_SLOPE.mutant("bounded", "the loss stays bounded (slope 0)", lambda A, y, th: 0.0)
LOSS_SLOPE.mutant("all_margins", "slope (1/n)Σ|m_i| over all points",
                  lambda A, y, th: float(np.mean(np.abs(margins(A, y, np.asarray(th, dtype=float))))))

LOSS_MONOTONE = Claim(
    id="perceptron.abstract_loss_monotone",
    paper=TYURIN,
    location="Abstract (i), reading B: per dataset, per iterate",
    statement="On every dataset, at every iterate t ≥ 1 that does not solve (1), a larger step size "
              "gives a larger (or equal) logistic loss f(θ_t).",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="refuted",
    notes="False for small γ: f(θ_1) = f(γθ̂_1) is convex in γ with slope −‖Σz_i‖²/(4n²) < 0 at γ = 0. "
          "Hand-readable: a_1 = (0, 1), y_1 = +1, a_2 = (1, 1), y_2 = −1, t = 1 (θ_1 misclassifies a_2 "
          "for every γ): f(θ_1) ≈ 0.687 at γ = 0.1 but ≈ 0.635 at γ = 1. Only reading A (γ → ∞) holds.",
)

LOSS_AT_SOLUTION = Claim(
    id="perceptron.abstract_loss_at_solution",
    paper=TYURIN,
    location="Abstract (i), reading C: at the first iterate that solves (1)",
    statement="The loss at the first iterate that solves (1) is larger (or equal) for a larger step size.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="refuted",
    notes="False: at a solving iterate every margin is positive so f < log 2, and with the same "
          "iterate count f falls with γ (one point a = 1, y = 1: f(θ_1) = log(1 + e^{−γ/2})).",
)

FASTER_PER_DATASET = Claim(
    id="perceptron.abstract_faster_per_dataset",
    paper=TYURIN,
    location="Abstract (ii), reading A: per dataset",
    statement="On every separable dataset, LR+GD with a larger step size solves (1) in at most as many "
              "iterations as with a smaller one.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="algorithm",
    expected="refuted",
    notes="False, also on data satisfying Assumption 3.1 (the check only draws data without exact ties "
          "along BP; counterexamples are re-counted in 60-digit arithmetic). Hand-readable: a_1 = (0, 1), "
          "a_2 = (−1, −2), y = (+1, +1): 2 iterations at γ = 4 but 4 at γ = 8.",
)

FASTER_ON_AVERAGE = Claim(
    id="perceptron.abstract_faster_on_average",
    paper=TYURIN,
    location="Abstract (ii), reading B: on average over random datasets",
    statement="Averaged over random separable Gaussian datasets, a larger step size makes LR+GD solve "
              "(1) in fewer iterations: the mean count falls along γ = 1, 3, 10.",
    assumptions=("a_i ~ N(0, I), y_i = sign(wᵀa_i) with w ~ N(0, I); n = 20, d = 3", THETA0_ZERO),
    notes="Holds for γ up to about 10. Beyond, the counts settle at the Batch Perceptron's and many "
          "datasets get slower (the check's second table, γ = 10, 100, 1000, is reported, not tested); "
          "per dataset the statement is false (perceptron.abstract_faster_per_dataset).",
    kind="statistical",
    expected="supported",
    subject=-1,
)
FASTER_ON_AVERAGE.mutant("slower", "larger steps make LR+GD slower on average", +1)

SUBOPTIMAL = Claim(
    id="perceptron.abstract_suboptimal",
    paper=TYURIN,
    location="Abstract (iii)",
    statement="With large steps LR+GD needs Ω(n) iterations on Thm 5.1's dataset (its BP limit), while "
              "Normalized LR+GD needs at most R²/μ² + 2 log(2n − 1)/(γμ²) = 5 + 8 log(2n − 1)/γ there.",
    assumptions=("Thm 5.1's dataset", THETA0_ZERO),
    kind="algorithm",
    expected="supported",
    subject={"lr_at_least": lambda n: (3 * n - 8) // 10 + 2 if n >= 3 else 1,
             "nlr_at_most": lambda n, g: 5 + 8 * math.log(2 * n - 1) / g},
    notes="Checked on Thm 5.1's dataset: LR+GD at γ = 10³·n needs at least BP's ⌊(3n − 8)/10⌋ + 2 "
          "iterations, while Normalized LR+GD at γ = 1, 10, 100 stays within 5 + 8 log(2n − 1)/γ.",
)
SUBOPTIMAL.mutant("lr_needs_n", "LR+GD with large steps needs at least n iterations",
                  {"lr_at_least": lambda n: n, "nlr_at_most": lambda n, g: 5 + 8 * math.log(2 * n - 1) / g})
SUBOPTIMAL.mutant("nlr_one_step", "Normalized LR+GD solves (1) in one step",
                  {"lr_at_least": lambda n: (3 * n - 8) // 10 + 2 if n >= 3 else 1, "nlr_at_most": lambda n, g: 1})

TABLE1_ROW = {"normalized_lr": {100.0: 2, 10.0: 2, 1.0: 16, 0.1: 157}, "lr": {100.0: 308}}

TABLE1 = Claim(
    id="perceptron.table1_thm51_row",
    paper=TYURIN,
    location="Table 1, first row (Thm 5.1's dataset)",
    statement="Iterations to solve (1) on Thm 5.1's dataset: Normalized LR+GD γ = 100: 2, γ = 10: 2, "
              "γ = 1: 16, γ = 0.1: 157; LR+GD γ = 100: 308 (n not stated).",
    assumptions=(THETA0_ZERO, "float64 arithmetic"),
    kind="empirical",
    expected="supported",
    subject=TABLE1_ROW,
    notes="Reproduced exactly for n ∈ {998, 999, 1000} (n = 1000 presumably); the ci run searches "
          "n ∈ [985, 1015], and the same search (table1_search in the checks) over n = 2..2000 finds no "
          "other n. A 60-digit recount gives the same counts (the solving margins are ≥ 0.009, far from "
          "rounding). LR+GD at γ = 100 is not yet at its BP limit there (BP needs 301 at n = 1000).",
)
TABLE1.mutant("lr_at_bp_limit_and_nlr_15", "the row with LR+GD γ = 100 at its BP count 301 and γ = 1: 15",
              {"normalized_lr": {100.0: 2, 10.0: 2, 1.0: 15, 0.1: 157}, "lr": {100.0: 301}})
TABLE1.mutant("nlr_0_1_is_158", "the row with Normalized LR+GD γ = 0.1: 158",
              {"normalized_lr": {100.0: 2, 10.0: 2, 1.0: 16, 0.1: 158}, "lr": {100.0: 308}})

TABLE1_FASHION = Claim(
    id="perceptron.table1_fashion_mnist",
    paper=TYURIN,
    location="Table 1, FashionMNIST rows",
    statement="Balanced FashionMNIST (5,000 samples): LR+GD γ = 10: 2778, γ = 100: 2928 iterations; "
              "Normalized LR+GD γ = 1: 3351, γ = 10: 3359, γ = 100: 3160.",
    kind="empirical",
    expected="inconclusive",
    notes="Not reproducible offline: the data set is not available here, and the paper's sampling and "
          "preprocessing (which 5,000 images, which classes, scaling) could not be read. No evidence "
          "either way.",
)


# -- derivations -----------------------------------------------------------------------------------

_g = sp.Symbol("gamma", positive=True)
_mpos = sp.Symbol("m", positive=True)
_mneg = sp.Symbol("m", negative=True)


def _sig(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


@SIGMOID_LIMIT.derivation("limits_of_the_weight")
def _sigmoid_limits(d: Derivation) -> None:
    """lim σ(−γm) for m > 0, m < 0, and the value at m = 0 for every γ."""
    d.close(sp.limit(_sig(-_g * _mpos), _g, sp.oo), 0, "m > 0: σ(−γm) → 0")
    d.close(sp.limit(_sig(-_g * _mneg), _g, sp.oo), 1, "m < 0: σ(−γm) → 1")
    d.close(_sig(-_g * 0), sp.Rational(1, 2), "m = 0: σ(−γ·0) = 1/2 for every γ (a tie keeps weight 1/2)")
    # A perturbed tie: margin γ·(c e^{−aγ}) of a near-tied point still gives weight 1/2 in the limit.
    a, c = sp.symbols("a c", positive=True)
    d.close(sp.limit(_sig(-_g * c * sp.exp(-a * _g)), _g, sp.oo), sp.Rational(1, 2),
            "an exponentially small perturbation of a tie still tends to 1/2")


def _symbolic_data(n: int) -> list[sp.Matrix]:
    return [sp.Matrix(sp.symbols(f"z{i}_1:3", real=True)) for i in range(1, n + 1)]


@FIRST_STEP.derivation("one_gd_step_from_zero")
def _first_step(d: Derivation) -> None:
    """θ_1 = 0 − γ∇f(0) = (γ/n)Σσ(0)z_i, for three symbolic points in the plane."""
    zs = _symbolic_data(3)
    theta1 = d.step("θ_1 = (γ/n) Σ σ(−z_iᵀ0) z_i", (_g / 3) * sum((_sig(0) * z for z in zs), sp.zeros(2, 1)),
                    "gradient step from θ_0 = 0")
    target = sum(zs, sp.zeros(2, 1)) / 6
    for k in range(2):
        d.close(theta1[k] / _g, target[k], f"component {k + 1}: θ_1/γ = (1/(2n)) Σ z_i")


@LR_TO_BP.derivation("induction_step")
def _lr_to_bp_step(d: Derivation) -> None:
    """If θ_t/γ = θ̂_t + δ(γ) with δ = O(e^{−aγ}) and no margin of θ̂_t is 0, each weight σ(−γ m_i)
    tends to the indicator of m_i < 0, so θ_{t+1}/γ → θ̂_t + (1/n)Σ_{m_i<0} z_i = θ̂_{t+1}."""
    a, c = sp.symbols("a c", real=True)
    a_pos = sp.Symbol("a", positive=True)
    pert = c * sp.exp(-a_pos * _g)
    n, w_i, z_i = sp.symbols("n w_i z_i")
    d.step("θ_{t+1}/γ = θ_t/γ + (1/n) Σ w_i z_i with w_i = σ(−γ m_i(θ_t/γ))",
           sp.Eq(sp.Symbol("theta_next") / _g, sp.Symbol("theta_t") / _g + sp.Sum(w_i * z_i, (sp.Symbol("i"), 1, n)) / n),
           "divide the GD step by γ")
    d.close(sp.limit(_sig(-_g * (_mpos + pert)), _g, sp.oo), 0, "m_i(θ̂_t) > 0: weight → 0")
    d.close(sp.limit(_sig(-_g * (_mneg + pert)), _g, sp.oo), 1, "m_i(θ̂_t) < 0: weight → 1")
    # the deviation produced by one step is again exponentially small in γ
    dev = sp.Abs(_sig(-_g * (_mpos + pert)))
    d.close(sp.limit(dev * sp.exp(_mpos * _g / 2), _g, sp.oo), 0,
            "the new deviation is o(e^{−mγ/2}): the induction hypothesis holds at t + 1")


@LIMIT_WITH_TIES.derivation("induction_step_with_ties")
def _limit_with_ties(d: Derivation) -> None:
    """As for Thm 3.2, plus tied points: a margin γ·O(e^{−aγ}) (or exactly 0) keeps weight → 1/2, and
    the deviation it creates, O(γe^{−aγ}), is again exponentially small."""
    a_pos, c = sp.Symbol("a", positive=True), sp.Symbol("c", real=True)
    pert = c * sp.exp(-a_pos * _g)
    d.close(sp.limit(_sig(-_g * (_mpos + pert)), _g, sp.oo), 0, "m_i(ψ_t) > 0: weight → 0")
    d.close(sp.limit(_sig(-_g * (_mneg + pert)), _g, sp.oo), 1, "m_i(ψ_t) < 0: weight → 1")
    d.close(sp.limit(_sig(-_g * pert), _g, sp.oo), sp.Rational(1, 2), "m_i(ψ_t) = 0: weight → 1/2")
    d.close(sp.limit((_sig(-_g * pert) - sp.Rational(1, 2)) * sp.exp(a_pos * _g / 2), _g, sp.oo), 0,
            "the tied weight's error is o(e^{−aγ/2}): the induction hypothesis holds at t + 1")


@BP_BOUND.derivation("weighted_novikoff")
def _bp_bound(d: Derivation) -> None:
    """With s_k = |S_k|/n ∈ [1/n, 1] and S = Σ s_k: (μ/2 + μS)² ≤ R²/4 + R²S gives S ≤ R²/μ² − 3/4,
    hence T − 1 ≤ nS ≤ n R²/μ² − 3n/4 and T ≤ n R²/μ² for n ≥ 2 (n = 1 solves at t = 1)."""
    S, mu, R = sp.symbols("S mu R", positive=True)
    kappa = sp.Symbol("kappa", nonnegative=True)  # R²/μ² − 1
    ineq = d.step("(μ/2 + μS)² ≤ R²/4 + R²S, divided by μ², R² = (κ+1)μ²",
                  sp.expand((sp.Rational(1, 2) + S) ** 2 - (kappa + 1) * (sp.Rational(1, 4) + S)),
                  "Cauchy–Schwarz on w·θ̂_T ≤ ‖θ̂_T‖, with ‖Σ_S z‖/n ≤ s_k R and s_k² ≤ s_k")
    d.close(ineq, S**2 - kappa * S - kappa / 4, "the quadratic S² − κS − κ/4 ≤ 0")
    root = (kappa + sp.sqrt(kappa**2 + kappa)) / 2
    d.close(root**2 - kappa * root - kappa / 4, 0, "its larger root (κ + √(κ² + κ))/2")
    d.close((kappa + sp.Rational(1, 2)) ** 2 - (kappa**2 + kappa), sp.Rational(1, 4),
            "(κ + 1/2)² − (κ² + κ) = 1/4 > 0: √(κ² + κ) ≤ κ + 1/2, so S ≤ κ + 1/4 = R²/μ² − 3/4")
    n = sp.Symbol("n", integer=True, positive=True)
    k = sp.Symbol("k", nonnegative=True)  # n = k + 2
    d.close(sp.expand((n * (kappa + 1) - 1 - n * (kappa + sp.Rational(1, 4))).subs(n, k + 2)),
                    (3 * k + 2) / 4, "n R²/μ² − (1 + n(R²/μ² − 3/4)) = (3n − 4)/4 with n = k + 2")
    d.close_true(sp.Ge((3 * k + 2) / 4, 0), "which is ≥ 0: T ≤ n R²/μ² for n ≥ 2")


def _novikoff(d: Derivation, step: str) -> None:
    T, mu, R = sp.symbols("T mu R", positive=True)
    d.step("w·θ̂_T ≥ Tμ and ‖θ̂_T‖² ≤ T R²", sp.Le((T * mu) ** 2, T * R**2), step)
    sol = sp.solve(sp.Eq((T * mu) ** 2, T * R**2), T)
    d.close(max(sol, key=lambda e: sp.count_ops(e)), R**2 / mu**2, "(Tμ)² ≤ T R² ⇔ T ≤ R²/μ²")


@PERCEPTRON_BOUND.derivation("novikoff")
def _perceptron_bound(d: Derivation) -> None:
    """Each update adds ≥ μ to w·θ̂ and ≤ R² to ‖θ̂‖² (its margin was ≤ 0): T²μ² ≤ TR²."""
    _novikoff(d, "z_j·θ̂ ≤ 0 for the picked point, ‖z_j‖ ≤ R, w·z_j ≥ μ")


@NBP_BOUND.derivation("novikoff_for_averages")
def _nbp_bound(d: Derivation) -> None:
    """The mean of the misclassified z_i has w·(mean) ≥ μ, ‖mean‖ ≤ R and θ̂·mean ≤ 0: T²μ² ≤ TR²."""
    _novikoff(d, "averaging keeps w·z ≥ μ, ‖z‖ ≤ R and m ≤ 0")


@NLR_BOUND.derivation("norm_growth_with_jensen")
def _nlr_bound(d: Derivation) -> None:
    """w·θ_T ≥ Tγμ; ‖θ_{t+1}‖² ≤ ‖θ_t‖² + 2γ log(2n−1) + γ²R² (Jensen step);
    so T ≤ R²/μ² + 2L/(γμ²)."""
    T, mu, R, L = sp.symbols("T mu R L", positive=True)
    d.step("(Tγμ)² ≤ T(γ²R² + 2γL), L = log(2n − 1)", sp.Le((T * _g * mu) ** 2, T * (_g**2 * R**2 + 2 * _g * L)),
           "Cauchy–Schwarz with ‖w‖ = 1")
    sol = [s for s in sp.solve(sp.Eq((T * _g * mu) ** 2, T * (_g**2 * R**2 + 2 * _g * L)), T) if s != 0]
    d.close(sol[0], R**2 / mu**2 + 2 * L / (_g * mu**2), "T ≤ R²/μ² + 2 log(2n−1)/(γμ²)")


@JENSEN.derivation("jensen_then_ratio")
def _jensen(d: Derivation) -> None:
    """Σp_i m_i ≤ log Σp_i e^{m_i} (log concave), p_i e^{m_i} ∝ σ(m_i), and the ratio bound 2n − 1."""
    x = sp.Symbol("x", positive=True)
    d.close_true(sp.Lt(sp.diff(sp.log(x), x, 2), 0), "log is concave (Jensen: Σp m ≤ log Σp e^m)")
    m = sp.Symbol("m", real=True)
    d.close(_sig(-m) * sp.exp(m), _sig(m), "σ(−m)e^m = σ(m): Σp_i e^{m_i} = Σσ(m_i)/Σσ(−m_i)")
    s, n = sp.symbols("s n", positive=True)
    ratio = d.step("with σ(m_j) = s ≤ 1/2: Σσ(m_i)/Σσ(−m_i) ≤ (n − 1 + s)/(1 − s)", (n - 1 + s) / (1 - s),
                   "σ(m_i) < 1 for i ≠ j, Σσ(−m_i) ≥ σ(−m_j) = 1 − s")
    k, r = sp.symbols("k r", nonnegative=True)  # n = 1 + k, s = 1/2 − r
    slope = d.step("∂/∂s of the ratio", sp.simplify(sp.diff(ratio, s)), "differentiate")
    d.close_true(sp.Gt(sp.factor(slope.subs({n: 1 + k, s: sp.Rational(1, 2) - r})), 0),
                 "positive for n ≥ 1, s ≤ 1/2: the ratio is largest at s = 1/2")
    d.close(ratio.subs(s, sp.Rational(1, 2)), 2 * n - 1, "at s = 1/2 the ratio is 2n − 1")


@NORMALIZED_LIMIT.derivation("beta_and_step_limits")
def _normalized_limits(d: Derivation) -> None:
    """Three points, margins γm_1 < 0 < γm_2, γm_3 negative: β → n/|S| = 3/2, step → mean of z_1, z_3."""
    m1, m3 = sp.symbols("m1 m3", negative=True)
    m2 = sp.Symbol("m2", positive=True)
    lims = [sp.limit(_sig(-_g * m), _g, sp.oo) for m in (m1, m2, m3)]
    for i, (lim, target) in enumerate(zip(lims, (1, 0, 1))):
        d.close(lim, target, f"σ(−γ m_{i + 1}) → {target}")
    total = d.step("Σσ(−γm_i) → 2 ≠ 0, so the quotients below converge to the quotients of the limits",
                   sum(lims), "limit of a sum")
    d.close(3 / total, sp.Rational(3, 2), "β_t = n/Σσ → n/|S| = 3/2")
    # −β∇f = β(1/n)Σσ_i z_i = Σ p_i z_i with p_i = σ_i/Σσ_j: the step is linear in the z_i with these weights
    for i, target in enumerate((sp.Rational(1, 2), 0, sp.Rational(1, 2))):
        d.close(lims[i] / total, target, f"weight of z_{i + 1} in −β∇f → {target} (uniform over S = {{1, 3}})")


@THM41.derivation("closed_forms")
def _thm41(d: Derivation) -> None:
    """θ_1 = γ(1/2, 3/4), margins −γ/4 and 7γ/2; then θ_2/γ, the losses and the gradient norms.

    The weights σ(γ/4) and σ(−7γ/2) are rational in x = e^{γ/4}, so the limits γ → ∞ are limits
    x → ∞ of rational functions."""
    z1, z2 = sp.Matrix([1, -1]), sp.Matrix([1, 4])
    x = sp.Symbol("x", positive=True)  # x = e^{γ/4}
    th1 = d.step("θ_1 = (γ/(2n))(z_1 + z_2)", (_g / 4) * (z1 + z2), "first step, n = 2")
    m1, m2 = (z1.T * th1)[0], (z2.T * th1)[0]
    d.close(m1, -_g / 4, "m_1(θ_1) = −γ/4")
    d.close(m2, 7 * _g / 2, "m_2(θ_1) = 7γ/2")
    f1 = (sp.log(1 + sp.exp(-m1)) + sp.log(1 + sp.exp(-m2))) / 2
    d.close(sp.limit(f1 / _g, _g, sp.oo), sp.Rational(1, 8), "f(θ_1)/γ → 1/8, so f(θ_1) → ∞")
    w1 = d.step("σ(−m_1) = σ(γ/4)", x / (1 + x), "x = e^{γ/4}")
    w2 = d.step("σ(−m_2) = σ(−7γ/2)", 1 / (1 + x**14), "e^{7γ/2} = x¹⁴")
    d.close(w1.subs(x, sp.exp(_g / 4)), _sig(-m1), "the substitution is exact for σ(−m_1)")
    d.close(w2.subs(x, sp.exp(_g / 4)), _sig(-m2), "the substitution is exact for σ(−m_2)")
    neg_grad1 = (w1 * z1 + w2 * z2) / 2  # −∇f(θ_1) = (1/n) Σ σ(−m_i) z_i
    d.close(sp.limit(neg_grad1.dot(neg_grad1), x, sp.oo), sp.Rational(1, 2),
            "‖∇f(θ_1)‖² → 1/2: ‖∇f(θ_1)‖ → √2/2")
    th2_over_g = th1 / _g + neg_grad1
    d.close(sp.limit(th2_over_g[0], x, sp.oo), 1, "θ_2/γ → (1, ·)")
    d.close(sp.limit(th2_over_g[1], x, sp.oo), sp.Rational(1, 4), "θ_2/γ → (·, 1/4)")
    q1, q2 = sp.limit((z1.T * th2_over_g)[0], x, sp.oo), sp.limit((z2.T * th2_over_g)[0], x, sp.oo)
    d.close_true(sp.And(sp.Gt(q1, 0), sp.Gt(q2, 0)), "margins of θ_2/γ → (3/4, 2): the limit solves (1)")
    c = sp.Symbol("c", positive=True)
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * c)), _g, sp.oo), 0,
            "each loss term log(1 + e^{−γ c}) → 0 for c > 0: f(θ_2) → 0")
    d.close(sp.limit(_sig(-_g * c), _g, sp.oo), 0, "each gradient weight σ(−γc) → 0: ‖∇f(θ_2)‖ → 0")


@THM51.derivation("margins_along_bp")
def _thm51(d: Derivation) -> None:
    """θ̂_t = θ̂_1 + ((t−1)/n) z_1 while only point 1 is misclassified; its margins in closed form."""
    n, t = sp.symbols("n t", positive=True)
    z1, zr = sp.Matrix([sp.Rational(1, 2), -1]), sp.Matrix([sp.Rational(1, 2), 1])
    th1 = d.step("θ̂_1 = (1/(2n))(z_1 + (n − 1) z_r)", (z1 + (n - 1) * zr) / (2 * n), "first BP step")
    th = th1 + (t - 1) / n * z1
    d.close(8 * n * (z1.T * th)[0], 10 * (t - 1) - 3 * n + 8, "8n·m_1(θ̂_t) = 10(t − 1) − 3n + 8")
    d.close(8 * n * (zr.T * th)[0], 5 * n - 8 - 6 * (t - 1), "8n·m_r(θ̂_t) = 5n − 8 − 6(t − 1)")
    d.close_true(sp.Gt((5 * n - 8 - sp.Rational(6, 10) * (3 * n - 8)).subs(n, 3 + sp.Symbol("k", nonnegative=True)), 0),
                 "the other points stay correct until m_1 > 0 (n ≥ 3)")
    d.step("so T = 1 + min{k ≥ 1 : 10k > 3n − 8} = ⌊(3n − 8)/10⌋ + 2 = 3n/10 + O(1) = Ω(n)",
           sp.floor((3 * n - 8) / 10) + 2, "first k with a positive margin")


@THM51_TIES.derivation("tie_condition")
def _thm51_ties(d: Derivation) -> None:
    """m_1(θ̂_t) = 0 ⇔ 10(t − 1) = 3n − 8: solvable in integers t ≥ 2 iff 3n ≡ 8 (mod 10) iff n ≡ 6."""
    n = sp.Symbol("n", integer=True)
    sols = [r for r in range(10) if (3 * r - 8) % 10 == 0]
    d.close(sp.Integer(len(sols)), 1, "exactly one residue class of n mod 10 solves 3n ≡ 8")
    d.close(sp.Integer(sols[0]), 6, "n ≡ 6 (mod 10)")
    d.close(sp.Mod(3 * (10 * n + 6) - 8, 10), 0, "3(10k + 6) − 8 = 30k + 10 ≡ 0")


@LOSS_SLOPE.derivation("loss_term_slopes")
def _loss_slope(d: Derivation) -> None:
    """log(1 + e^{−γm})/γ → −m for m < 0 and → 0 for m > 0."""
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * _mneg)) / _g, _g, sp.oo), -_mneg, "m < 0: slope −m = |m|")
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * _mpos)) / _g, _g, sp.oo), 0, "m > 0: slope 0")
