"""The perceptron family's library (Tyurin, arXiv 2412.08424): what a practitioner would call.

The paper's five algorithms (LR+GD, Batch Perceptron, Perceptron, Normalized Batch Perceptron,
Normalized LR+GD, the last in log space), the logistic loss, the margin μ of Assumption 1.1 by a QP,
and an iteration counter for problem (1) (find θ with y_i a_iᵀθ > 0 for every i) in float64 or, for
the perceptron-type algorithms on integer or rational data, in exact rational arithmetic.

Notation (the paper's): z_i = y_i a_i, margins m_i(θ) = z_iᵀθ, θ_0 = 0 unless stated.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from scipy import optimize, special

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


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _flag(value: Any, name: str) -> bool:
    """A True/False switch such as ``exact``."""
    if not _is_bool(value):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _positive_number(value: Any, name: str, what: str) -> float:
    """A positive finite real number (booleans refused: ``True`` is not a step size)."""
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} ({what}) must be a positive number, got {value!r}")
    v = float(value)
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"{name} ({what}) must be positive and finite, got {value!r}")
    return v


def _steps(steps: Any, name: str = "steps", *, minimum: int = 0) -> int:
    """An iteration count: an integer ≥ ``minimum`` (booleans refused)."""
    if _is_bool(steps) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"{name} must be an integer ≥ {minimum}, got {steps!r}")
    if steps < minimum:
        raise ValueError(f"{name} must be an integer ≥ {minimum}, got {steps!r}")
    return int(steps)


def _holds_bool(value: Any) -> bool:
    """Whether a (nested) list/tuple or object array holds a boolean (numpy would read it as 0/1)."""
    if isinstance(value, np.ndarray):
        return value.dtype == bool or (value.dtype == object and any(_holds_bool(v) for v in value.ravel()))
    if _is_bool(value):
        return True
    if isinstance(value, (list, tuple)):
        for v in value:  # the common cases (rows of ints, floats or Fractions) without a call per entry
            kind = type(v)
            if kind is float or kind is int or kind is Fraction:
                continue
            if kind is list or kind is tuple:
                if any(type(u) not in _PLAIN_NUMBERS and _holds_bool(u) for u in v):
                    return True
            elif _holds_bool(v):
                return True
    return False


_PLAIN_NUMBERS = (float, int, Fraction)


def _float_array(value: Any, name: str, what: str) -> np.ndarray:
    """``value`` as a float64 array; booleans, strings and non-numeric entries are refused by name."""
    if isinstance(value, (str, bytes)) or _holds_bool(value):
        raise TypeError(f"{name} must hold numbers ({what}), got {value!r}")
    try:
        return np.asarray(value, dtype=float)
    except ValueError as exc:
        if "inhomogeneous" in str(exc) or "sequence" in str(exc):
            raise ValueError(f"{name} must be {what} (rows of equal length): {exc}") from exc
        raise TypeError(f"{name} must hold numbers ({what}): {exc}") from exc
    except TypeError as exc:
        raise TypeError(f"{name} must hold numbers ({what}): {exc}") from exc


def _data_matrix(A: Any) -> np.ndarray:
    """A as a finite float64 array of shape (n, d), n ≥ 1, d ≥ 1."""
    if isinstance(A, Problem):
        raise TypeError("A must be the data array of shape (n, d), not a Problem")
    arr = _float_array(A, "A", "an array of shape (n, d)")
    if arr.ndim != 2:
        raise ValueError(f"A must have shape (n, d), got an array of shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError("A must hold at least one point (n ≥ 1), got 0 rows")
    if arr.shape[1] == 0:
        raise ValueError("A must have at least one column (d ≥ 1)")
    if not np.all(np.isfinite(arr)):
        raise ValueError("A must be finite (found NaN or infinity)")
    return arr


def _label_signs(y: Any) -> list[int]:
    """Labels y of shape (n,), n ≥ 1, each −1 or +1 (booleans and 0/1 refused)."""
    if isinstance(y, (str, bytes)) or _holds_bool(y):
        raise TypeError(f"y must hold the labels −1 and +1 (numbers, not booleans), got {y!r}")
    try:
        labels = np.asarray(y)
    except ValueError as exc:
        raise ValueError(f"y must have shape (n,): {exc}") from exc
    if labels.ndim != 1:
        raise ValueError(f"y must have shape (n,), got shape {labels.shape}")
    if labels.shape[0] == 0:
        raise ValueError("y must hold at least one label (n ≥ 1), got none")
    try:
        lab = labels.astype(float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"y must hold the numbers −1 and +1: {exc}") from exc
    ok = (lab == 1.0) | (lab == -1.0)
    if not np.all(ok):
        bad = sorted({repr(v) for v, good in zip(labels.tolist(), ok) if not good})
        raise ValueError(f"y must hold labels −1 or +1 (not 0/1), found {', '.join(bad[:5])}")
    return [1 if v > 0 else -1 for v in lab]


def _power_of_two_scale(largest: float) -> float:
    """2^k with ``largest``/2^k in [1/2, 1): dividing by it is exact, so it normalises without rounding."""
    if not (math.isfinite(largest) and largest > 0):
        return 1.0
    return math.ldexp(1.0, math.frexp(largest)[1])


@dataclasses.dataclass(frozen=True)
class Problem:
    """Validated data: the distinct rows of Z = diag(y) A with their multiplicities.

    Identical z_i have identical margins in every algorithm here, so keeping each distinct row once
    with its count gives the same iterates at a fraction of the cost (the Thm 5.1 dataset has two
    distinct rows whatever n is). The distinct rows are kept in the order of their first appearance
    in the data. ``exact``: rows are tuples of ``Fraction``; else a float array of shape (k, d).
    """

    rows: Any  # np.ndarray (k, d) of float64, or tuple of tuples of Fraction
    counts: tuple[int, ...]
    n: int
    d: int
    exact: bool

    def __post_init__(self) -> None:
        if not isinstance(self.exact, bool):
            raise TypeError(f"Problem(exact=...) must be True or False, got {self.exact!r}")
        if (_is_bool(self.n) or not isinstance(self.n, int) or _is_bool(self.d) or not isinstance(self.d, int)
                or self.n < 1 or self.d < 1):
            raise ValueError(f"Problem(n=..., d=...) must be integers ≥ 1, got n={self.n!r}, d={self.d!r}")
        counts = self.counts
        if (not isinstance(counts, tuple) or not counts
                or any(_is_bool(c) or not isinstance(c, int) or c < 1 for c in counts) or sum(counts) != self.n):
            raise ValueError(f"Problem(counts=...) must be a tuple of positive integers summing to n={self.n}, "
                             f"got {counts!r}")
        if self.exact:
            if (not isinstance(self.rows, tuple) or len(self.rows) != len(counts)
                    or any(len(r) != self.d or any(type(v) is not Fraction for v in r) for r in self.rows)):
                raise ValueError(f"Problem(rows=...) must be {len(counts)} tuples of {self.d} Fractions")
        elif (not isinstance(self.rows, np.ndarray) or self.rows.shape != (len(counts), self.d)
              or self.rows.dtype != float or not np.all(np.isfinite(self.rows))):
            raise ValueError(f"Problem(rows=...) must be a finite float64 array of shape ({len(counts)}, {self.d})")

    @property
    def Z(self) -> np.ndarray:
        """The distinct rows as a float64 array (exact rows converted)."""
        if self.exact:
            return np.array([[float(v) for v in r] for r in self.rows], dtype=float)
        return self.rows

    @property
    def weights(self) -> np.ndarray:
        return np.asarray(self.counts, dtype=float)


def _normalized(prob: Problem) -> tuple[Problem, float]:
    """(the problem with Z divided by a power of two c so that max |z_ij| ∈ [1/2, 1), c).

    Division by a power of two is exact, so every algorithm gives bit for bit the same decisions and
    c times the same iterates, while margins (products of two data-sized numbers) can no longer
    overflow or underflow at data scales such as 1e±200. Exact problems are returned as they are."""
    if prob.exact:
        return prob, 1.0
    c = _power_of_two_scale(float(np.max(np.abs(prob.rows))))
    if c == 1.0:
        return prob, 1.0
    return dataclasses.replace(prob, rows=prob.rows / c), c


def _exact_value(v: Any, where: str) -> Fraction:
    if type(v) is Fraction:  # fast path: most exact data arrive as Fractions or ints
        return v
    if type(v) is int:
        return Fraction(v)
    if _is_bool(v):
        raise TypeError(f"{where} must be a number, not a boolean")
    if isinstance(v, (numbers.Rational, np.integer)):
        return Fraction(int(v)) if isinstance(v, np.integer) else Fraction(v)
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(float(v)):
            raise ValueError(f"{where} must be finite, got {v!r}")
        return Fraction(float(v))  # the float's exact binary value
    raise TypeError(f"{where} must be an int, Fraction or float, got {type(v).__name__}")


def as_problem(A: Any, y: Any, *, exact: bool = False) -> Problem:
    """Validate data (A of shape (n, d), labels y of shape (n,) in {−1, +1}) into a :class:`Problem`.

    exact: keep the values as ``Fraction`` (ints, Fractions and floats are converted exactly) so
    that the perceptron-type algorithms decide every margin sign without rounding.
    """
    if isinstance(A, Problem):
        raise TypeError("as_problem(A, y): A is already a Problem")
    if _flag(exact, "exact"):
        rows_in = [list(r) if isinstance(r, (list, tuple, np.ndarray)) else None for r in _rows(A)]
        if any(r is None for r in rows_in):
            raise ValueError("A must have shape (n, d): a sequence of rows (lists or tuples)")
        if not rows_in:
            raise ValueError("A must hold at least one point (n ≥ 1), got 0 rows")
        signs = _label_signs(y)
        n = len(signs)
        if len(rows_in) != n:
            raise ValueError(f"A has {len(rows_in)} rows but y has {n} labels")
        d = len(rows_in[0])
        if d == 0 or any(len(r) != d for r in rows_in):
            raise ValueError("A must have shape (n, d) with d ≥ 1 (rows of equal length)")
        Z = [tuple(_exact_value(v, f"A[{i}][{j}]") if s > 0 else -_exact_value(v, f"A[{i}][{j}]")
                   for j, v in enumerate(r))
             for i, (r, s) in enumerate(zip(rows_in, signs))]
        uniq: dict[tuple[Fraction, ...], int] = {}
        for r in Z:
            uniq[r] = uniq.get(r, 0) + 1
        return Problem(tuple(uniq), tuple(uniq.values()), n, d, True)
    arr = _data_matrix(A)
    signs = _label_signs(y)
    n = len(signs)
    if arr.shape[0] != n:
        raise ValueError(f"A has {arr.shape[0]} rows but y has {n} labels")
    Z = arr * np.asarray(signs, dtype=float)[:, None]
    uniq_rows, first, counts = np.unique(Z, axis=0, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")  # distinct rows in the order they first appear
    return Problem(np.ascontiguousarray(uniq_rows[order]), tuple(int(c) for c in counts[order]), n, arr.shape[1],
                   False)


def _rows(A: Any) -> list[Any]:
    if isinstance(A, (str, bytes)):
        raise TypeError("A must be a sequence of rows of shape (n, d), not a string")
    if isinstance(A, np.ndarray):
        if A.ndim != 2:
            raise ValueError(f"A must have shape (n, d), got an array of shape {A.shape}")
        return [list(r) for r in A.tolist()] if A.dtype != object else [list(r) for r in A]
    try:
        return [r for r in A]
    except TypeError as exc:
        raise TypeError("A must be a sequence of rows of shape (n, d)") from exc


def _gamma(gamma: Any) -> float:
    return _positive_number(gamma, "gamma", "the step size γ")


def _vector(value: Any, d: int, name: str) -> np.ndarray:
    """A finite float vector of shape (d,), named ``name`` in every error."""
    arr = _float_array(value, name, f"a vector of shape ({d},)")
    if arr.shape != (d,):
        raise ValueError(f"{name} must have shape ({d},), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or infinity)")
    return arr


def _theta0(theta0: Any, prob: Problem) -> np.ndarray:
    if theta0 is None:
        return np.zeros(prob.d)
    return _vector(theta0, prob.d, "theta0")


# -- margins, loss, separability, μ and R ---------------------------------------------------------


def _margins(prob: Problem, theta: Any) -> Any:
    if prob.exact:
        return [sum((a * b for a, b in zip(r, theta)), Fraction(0)) for r in prob.rows]
    return prob.rows @ theta


def margins(A: Any, y: Any, theta: Any) -> np.ndarray:
    """m_i(θ) = y_i a_iᵀθ for every point i (in the order of the data)."""
    arr = _data_matrix(A)
    signs = _label_signs(y)
    if arr.shape[0] != len(signs):
        raise ValueError(f"A has {arr.shape[0]} rows but y has {len(signs)} labels")
    th = _vector(theta, arr.shape[1], "theta")
    return np.asarray(signs, dtype=float) * (arr @ th)


def _loss(prob: Problem, theta: np.ndarray) -> float:
    m = prob.rows @ theta
    return float(np.dot(prob.weights, np.logaddexp(0.0, -m)) / prob.n)


def logistic_loss(A: Any, y: Any, theta: Any) -> float:
    """f(θ) = (1/n) Σ log(1 + exp(−m_i(θ))), evaluated stably (log-add-exp)."""
    prob = as_problem(A, y)
    return _loss(prob, _vector(theta, prob.d, "theta"))


def _solved(m: Any) -> bool:
    if isinstance(m, np.ndarray):
        return bool((m > 0).all())
    return all(v > 0 for v in m)


def solves(A: Any, y: Any, theta: Any, *, exact: bool = False) -> bool:
    """True when θ solves problem (1): every margin y_i a_iᵀθ is strictly positive.

    The answer depends on signs only, so it is computed scale free: Z and θ are each divided by a
    power of two first (exactly), and data or θ of size 1e±200 are decided as at size 1."""
    prob = as_problem(A, y, exact=exact)
    if prob.exact:
        if isinstance(theta, (str, bytes)) or _holds_bool(theta):
            raise TypeError(f"theta must hold numbers, got {theta!r}")
        try:
            th = [_exact_value(v, "theta") for v in theta]
        except TypeError as exc:
            raise TypeError(f"theta must be a sequence of {prob.d} numbers: {exc}") from exc
        if len(th) != prob.d:
            raise ValueError(f"theta must have {prob.d} entries, got {len(th)}")
        return _solved(_margins(prob, th))
    th = _vector(theta, prob.d, "theta")
    unit, _ = _normalized(prob)
    return _solved(unit.rows @ (th / _power_of_two_scale(float(np.max(np.abs(th))))))


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
    """Assumption 1.1: some θ has y_i a_iᵀθ > 0 for all i (a linear program, homogeneous, no bias).

    The LP runs on Z divided by its largest entry, so the answer does not depend on the data's scale;
    a margin below 1e-9 of that entry (in the LP's box |θ_j| ≤ 1) counts as no margin."""
    return _separable(as_problem(A, y))


def _require_separable(prob: Problem, what: str) -> None:
    if not _separable(prob):
        raise ValueError(f"{what} needs linearly separable data A, y through the origin (Assumption 1.1: "
                         "some θ with y_i a_iᵀθ > 0 for all i); these data are not separable")


def data_radius(A: Any) -> float:
    """R = max_i ‖a_i‖, computed on A divided by a power of two (no overflow or underflow at 1e±200)."""
    arr = _data_matrix(A)
    c = _power_of_two_scale(float(np.max(np.abs(arr))))
    return c * float(np.max(np.linalg.norm(arr / c, axis=1)))


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

    Solved as the distance from 0 to the convex hull of the z_i (the dual QP, by SLSQP), on Z divided
    by a power of two c (exactly; μ scales with the data, so μ = c·μ(Z/c), and the maximiser does not
    change). The value returned is min_i z_iᵀw for the unit vector w found, so it never exceeds the true
    μ; the duality gap (after polishing on the support vectors) is checked to be below 1e-9·R. Raises
    ``ValueError`` on non-separable data.
    """
    prob = as_problem(A, y)
    _require_separable(prob, "max_margin")
    unit, c = _normalized(prob)
    mu, w, gap = _max_margin(unit)
    R = float(np.max(np.linalg.norm(unit.Z, axis=1)))
    if not (mu > 0 and gap <= 1e-9 * R):
        raise RuntimeError(f"the margin QP did not converge (μ ≥ {c * mu:.3g}, duality gap {c * gap:.3g})")
    return c * mu, w


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
    e = np.exp(logw - logw.max(keepdims=True))  # scipy.special.softmax's operations, without its dispatch
    p = e / e.sum(keepdims=True)
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
    """The Perceptron's choice among the misclassified distinct rows S (in order of first appearance)."""
    if callable(pick):
        return pick
    rules: dict[str, PickRule] = {
        "first": lambda m, S: S[0],
        "last": lambda m, S: S[-1],
        "worst": lambda m, S: min(S, key=lambda i: (m[i], i)),
        "best": lambda m, S: max(S, key=lambda i: (m[i], -i)),
    }
    if not isinstance(pick, str) or pick not in rules:
        raise ValueError(f"pick must be one of {', '.join(rules)} or a callable(margins, S) -> index, "
                         f"got {pick!r}")
    return rules[pick]


def _unscaled_rule(rule: PickRule, pick: str | PickRule, c: float) -> PickRule:
    """A callable pick rule sees the margins of the data as given (c² times the normalised margins)."""
    if not callable(pick) or c == 1.0:
        return rule
    return lambda m, S: rule([v * c * c for v in m], S)


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


def _stack(prob: Problem, its: list[Any], scale: float = 1.0) -> np.ndarray:
    if prob.exact:
        return np.array(its, dtype=object)
    out = np.array(its, dtype=float)
    return out * scale if scale != 1.0 else out


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

    Returns θ̂_0..θ̂_steps (constant once no margin is ≤ 0). exact: Fractions (object array). In
    float64 the run is on Z divided by a power of two c (exact), and the iterates are multiplied back
    by c: data of size 1e±200 give the same decisions as at size 1.
    """
    prob, c = _normalized(as_problem(A, y, exact=exact))
    k = _steps(steps)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        th = _bp_step(prob, th, t)
        its.append(th)
    return _stack(prob, its, c)


def normalized_batch_perceptron(A: Any, y: Any, steps: int, *, exact: bool = False) -> np.ndarray:
    """NBP from θ̂_0 = 0: θ̂_{t+1} = θ̂_t + (1/|S_t|)Σ_{i∈S_t} z_i, S_t = {m_i ≤ 0} (scale free as BP)."""
    prob, c = _normalized(as_problem(A, y, exact=exact))
    k = _steps(steps)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        th = _nbp_step(prob, th, t)
        its.append(th)
    return _stack(prob, its, c)


def perceptron(A: Any, y: Any, steps: int, *, pick: str | PickRule = "first",
               exact: bool = False) -> np.ndarray:
    """Perceptron from θ̂_0 = 0: θ̂_{t+1} = θ̂_t + z_j for one j with m_j ≤ 0 (scale free as BP).

    pick: which misclassified point, among the distinct z_i in the order they first appear in the
    data: "first", "last", "worst" (smallest margin, the earliest on ties), "best" (largest margin, the
    earliest on ties), or a callable(margins, S) -> index into those distinct rows.
    """
    prob, c = _normalized(as_problem(A, y, exact=exact))
    k = _steps(steps)
    rule = _unscaled_rule(_pick_rule(pick), pick, c)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        th = _perceptron_step(prob, th, t, rule)
        its.append(th)
    return _stack(prob, its, c)


def iterations_to_solve(method: str, A: Any, y: Any, *, gamma: float | None = None,
                        exact: bool = False, max_iter: int = 100_000, theta0: Any = None,
                        pick: str | PickRule = "first") -> int | None:
    """The first t ≥ 1 whose iterate solves (1) (all margins > 0), starting from θ_0 (default 0).

    method: one of METHODS ("lr", "normalized_lr" need ``gamma``; "bp", "nbp", "perceptron" may
    run ``exact``; ``pick`` is the Perceptron's). Returns None if no iterate up to ``max_iter`` solves
    (1). Raises ValueError on non-separable data.

    Scale free: the run is on Z divided by a power of two c (exactly). The perceptron-type counts do
    not depend on c; LR+GD on Z at step γ from θ_0 is LR+GD on Z/c at step γc² from cθ_0 (the same
    margins at every step), so the count is computed there, and a γc² outside float64's normal range
    is an error rather than a silent None.
    """
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    exact = _flag(exact, "exact")
    k = _steps(max_iter, "max_iter", minimum=1)
    rule = _pick_rule(pick)
    if method != "perceptron" and not (isinstance(pick, str) and pick == "first"):
        raise ValueError(f"pick chooses the Perceptron's point: it applies to method 'perceptron', not {method!r}")
    g: float | None = None
    if method in _PERCEPTRON_TYPE:
        if gamma is not None:
            raise ValueError(f"gamma: method {method!r} takes no step size γ (it is scale free)")
        if theta0 is not None:
            raise ValueError(f"theta0: method {method!r} starts at θ̂_0 = 0 (theta0 applies to lr, normalized_lr)")
    else:
        if exact:
            raise ValueError(f"exact: method {method!r} involves exp(); exact arithmetic is for bp, nbp, perceptron")
        if gamma is None:
            raise ValueError(f"gamma: method {method!r} needs a step size gamma > 0")
        g = _gamma(gamma)
    prob = as_problem(A, y, exact=exact)
    th0 = _theta0(theta0, prob) if method not in _PERCEPTRON_TYPE else None
    _require_separable(prob, f"iterations_to_solve({method!r})")
    unit, c = _normalized(prob)
    if g is not None:
        g_unit = g * c * c
        if not (math.isfinite(g_unit) and g_unit >= sys.float_info.min):
            raise ValueError(f"gamma × (data scale)² = {g!r} × {c!r}² is outside float64's normal range: the "
                             "LR+GD iterates at this step size and data scale cannot be represented")
        th0 = th0 * c
        if not np.all(np.isfinite(th0)):
            raise ValueError("theta0 × (data scale) overflows float64")
        g = g_unit
    return _count(unit, method, g, k, th0, _unscaled_rule(rule, pick, c))


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
