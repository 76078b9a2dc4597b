"""What a practitioner calls: Algorithm 1 of the paper (gradient-regularised Newton steps with the radius γ found
by the adaptive search), made safe where the release is not, and the quasi-self-concordance constant of the
logistic loss.

* :func:`gns_minimize` — from x₀, repeat: λ = ‖g‖_*/γ, Δ = −(H + λB)⁻¹g, accept if f(x) − f(x + Δ) ≥
  ‖∇f(x + Δ)‖_*²/(8λ) (then γ ← max(2γ, γ_min)), else γ ← γ/2 and try again. Unlike the release
  (src/methods.py::grad_norm_smooth, commit 9f4ca00): a failed Cholesky factorisation of H + λB, or a trial point
  where f or ∇f is not finite, counts as a rejected trial (γ halves, λ doubles, until H + λB is positive
  definite), so an indefinite Hessian never reuses a stale step nor raises; a search with no accepted trial ends
  the run with x unchanged; a zero gradient stops the run (no 0/0); λ has no ``eps`` added to γ. The iterates are
  invariant under f → cf, c > 0: λ, H, f and the test scale together (bitwise for c = 4^j), and the stopping
  rule on the gradient is relative to ‖g₀‖_*; norms are taken after dividing by the largest entry, so f of any
  scale from 1e-300 to 1e300 runs as f itself.
* :func:`logistic_qsc_constant` — M = max_i ‖a_i‖ in the dual of the norm of v, the smallest constant with
  |D³f(x)[u, u, v]| ≤ M ‖v‖ D²f(x)[u, u] for the logistic loss Σ log(1 + exp(−y_i a_iᵀx)) at every x, u, v and
  every labelling: ‖a_i‖₂ for ‖v‖₂, ‖a_i‖₁ for ‖v‖_∞, ‖a_i‖_∞ for ‖v‖₁, (a_iᵀB⁻¹a_i)^{1/2} for ‖v‖_B.

Every argument is validated: a ``TypeError`` (not callable, not a real array or number; booleans, strings and
complex numbers refused) or ``ValueError`` (NaN, infinity, empty, wrong shape, out of range, a metric that is not
symmetric positive definite; a function returning a non-finite or misshaped value at x₀) names it.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.linalg

__all__ = ["GNSResult", "gns_minimize", "logistic_qsc_constant"]

#: The most iterations and trials per iteration the caller may ask for.
MAX_ITERATIONS = 10_000_000
MAX_TRIALS = 200


@dataclasses.dataclass(frozen=True)
class GNSResult:
    """What :func:`gns_minimize` returns.

    x: the last iterate; fun: f(x); grad_norm: ‖∇f(x)‖_*; iterations: the number of accepted steps; status: why the
    run ended ("gradient tolerance", "target value", "iteration limit", "no trial accepted"); f, gamma: f_k and
    γ_k for k = 0..iterations; rejections: rejected trials (failed factorisations included) per iteration.
    """

    x: np.ndarray
    fun: float
    grad_norm: float
    iterations: int
    status: str
    f: np.ndarray
    gamma: np.ndarray
    rejections: tuple[int, ...]


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def _real_array(name: str, value: object, ndim: int) -> np.ndarray:
    """``value`` as a finite, non-empty float array with ``ndim`` dimensions, or an error naming ``name``."""
    if value is None or isinstance(value, (str, bytes)) or _is_bool(value) or isinstance(value, numbers.Number):
        raise TypeError(f"{name} must be a {ndim}-D array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not _is_bool(x) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        try:
            raw = raw.astype(float)
        except OverflowError:
            raise ValueError(f"{name} must be finite (an entry exceeds the float range)") from None
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} (booleans, strings and complex "
                        "numbers are not accepted)")
    if raw.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {raw.shape}")
    if raw.size == 0:
        raise ValueError(f"{name} is empty (shape {raw.shape})")
    arr = raw.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _real(name: str, value: object, *, low: float | None = None, positive: bool = False) -> float:
    if _is_bool(value) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and not number > 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    if low is not None and number < low:
        raise ValueError(f"{name} must be at least {low}, got {value!r}")
    return number


def _count(name: str, value: object, low: int, high: int) -> int:
    if _is_bool(value) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if not low <= int(value) <= high:
        raise ValueError(f"{name} must lie in [{low}, {high}], got {value!r}")
    return int(value)


def _callable(name: str, value: object) -> Callable[..., Any]:
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__}")
    return value


def _metric_factor(metric: object, d: int) -> Any:
    """The Cholesky factor of a symmetric positive definite d × d metric (None: the identity)."""
    if metric is None:
        return None
    b = _real_array("metric", metric, 2)
    if b.shape != (d, d):
        raise ValueError(f"metric must be {d} × {d} like x0, got shape {b.shape}")
    scale = float(np.max(np.abs(b)))
    if not np.allclose(b, b.T, rtol=0.0, atol=1e-12 * scale):
        raise ValueError("metric must be symmetric")
    try:
        return scipy.linalg.cho_factor(b, lower=False), b
    except np.linalg.LinAlgError:
        raise ValueError("metric must be positive definite") from None


def _scalar_value(name: str, value: object) -> float:
    try:
        number = float(np.asarray(value, dtype=float).reshape(()))
    except (TypeError, ValueError):
        raise ValueError(f"{name} must return a real scalar, got {value!r}") from None
    return number


def gns_minimize(fun: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], np.ndarray],
                 hess: Callable[[np.ndarray], np.ndarray], x0: Any, *, gamma0: float = 1.0, metric: Any = None,
                 max_iterations: int = 1000, grad_rtol: float = 0.0, f_target: float | None = None,
                 gamma_min: float = 1e-9, max_trials: int = 41) -> GNSResult:
    """Minimise ``fun`` by Algorithm 1 with the Hessian (or an approximation of it) ``hess``.

    x0: the start (a 1-D real array of length d); gamma0 > 0: the initial radius; metric: B (d × d, symmetric
    positive definite; the identity when omitted), giving ‖g‖_* = (gᵀB⁻¹g)^{1/2}; max_iterations ≥ 0 accepted
    steps at most; grad_rtol ≥ 0: stop once ‖∇f(x_k)‖_* ≤ grad_rtol · ‖∇f(x₀)‖_* (a zero gradient always stops);
    f_target: stop once f(x_k) ≤ f_target; gamma_min > 0: the floor of γ after an accepted step; max_trials ≥ 1
    trials per iteration (the release's 41 by default).
    """
    fun, grad, hess = _callable("fun", fun), _callable("grad", grad), _callable("hess", hess)
    x = _real_array("x0", x0, 1)
    d = x.size
    gamma = _real("gamma0", gamma0, positive=True)
    factor = _metric_factor(metric, d)
    limit = _count("max_iterations", max_iterations, 0, MAX_ITERATIONS)
    rtol = _real("grad_rtol", grad_rtol, low=0.0)
    target = None if f_target is None else _real("f_target", f_target)
    floor = _real("gamma_min", gamma_min, positive=True)
    trials_per_iteration = _count("max_trials", max_trials, 1, MAX_TRIALS)
    eye = np.eye(d)
    b = eye if factor is None else factor[1]

    def dual_norm(v: np.ndarray) -> float:
        """‖v‖_* = s (ûᵀB⁻¹û)^{1/2} with û = v/s, s = max|v_i|: no overflow or underflow of the square."""
        s = float(np.max(np.abs(v)))
        if s == 0.0:
            return 0.0
        unit = v / s
        return s * math.sqrt(float(unit @ unit) if factor is None else float(unit @ scipy.linalg.cho_solve(factor[0],
                                                                                                        unit)))

    def gradient_at(point: np.ndarray) -> np.ndarray | None:
        value = np.asarray(grad(point), dtype=float)
        if value.shape != (d,):
            raise ValueError(f"grad must return a vector of length {d}, got shape {value.shape}")
        return value if np.all(np.isfinite(value)) else None

    f = _scalar_value("fun", fun(x))
    if not math.isfinite(f):
        raise ValueError(f"fun must be finite at x0, got {f!r}")
    g = gradient_at(x)
    if g is None:
        raise ValueError("grad must be finite at x0")
    g_norm = dual_norm(g)
    stop_norm = rtol * g_norm
    fs, gammas, rejections = [f], [gamma], []
    status = "iteration limit"
    for _ in range(limit + 1):
        if g_norm <= stop_norm or g_norm == 0.0:
            status = "gradient tolerance"
            break
        if target is not None and f <= target:
            status = "target value"
            break
        if len(rejections) == limit:
            break
        h = np.asarray(hess(x), dtype=float)
        if h.shape != (d, d) or not np.all(np.isfinite(h)):
            raise ValueError(f"hess must return a finite {d} × {d} matrix, got shape {h.shape}")
        rejected, accepted = 0, None
        for _ in range(trials_per_iteration):
            lam = g_norm / gamma
            try:
                step = scipy.linalg.cho_solve(scipy.linalg.cho_factor(h + lam * b, lower=False), -g)
            except (np.linalg.LinAlgError, ValueError):
                step = None
            if step is not None:
                trial = x + step
                with np.errstate(all="ignore"):
                    f_new = _scalar_value("fun", fun(trial))
                    g_new = gradient_at(trial) if math.isfinite(f_new) else None
                if g_new is not None:
                    new_norm = dual_norm(g_new)
                    if f - f_new >= new_norm * (new_norm / (8.0 * lam)):  # ‖g‖²/(8λ) without squaring ‖g‖
                        accepted = (trial, f_new, g_new, new_norm)
                        gamma = max(2.0 * gamma, floor)
                        break
            rejected += 1
            gamma *= 0.5
        rejections.append(rejected)
        if accepted is None:
            status = "no trial accepted"
            break
        x, f, g, g_norm = accepted
        fs.append(f)
        gammas.append(gamma)
    return GNSResult(np.copy(x), f, g_norm, len(fs) - 1, status, np.array(fs), np.array(gammas),
                     tuple(rejections))


_NORMS = {1: "l1", 2: "l2", math.inf: "linf"}


def logistic_qsc_constant(features: Any, *, norm: Any = 2, metric: Any = None) -> float:
    """M = max_i ‖a_i‖_dual for the rows a_i of ``features`` (n × d): the quasi-self-concordance constant of the
    logistic loss in the norm ``norm`` of v (1, 2 or math.inf) or, with ``metric`` = B (d × d symmetric positive
    definite; then ``norm`` must be 2), in ‖v‖_B = (vᵀBv)^{1/2}. The rows are divided by their largest entry first,
    so any scale works (a ``ValueError`` says when M itself exceeds the float range)."""
    a = _real_array("features", features, 2)
    if _is_bool(norm) or not isinstance(norm, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"norm must be 1, 2 or math.inf, got {type(norm).__name__}")
    if float(norm) not in _NORMS:
        raise ValueError(f"norm must be 1, 2 or math.inf, got {norm!r}")
    p = float(norm)
    factor = _metric_factor(metric, a.shape[1])
    if factor is not None and p != 2:
        raise ValueError(f"norm must be 2 when a metric is given, got {norm!r}")
    scale = float(np.max(np.abs(a)))
    if scale == 0.0:
        return 0.0
    unit = a / scale
    if factor is not None:
        dual = np.sqrt(np.einsum("ij,ji->i", unit, scipy.linalg.cho_solve(factor[0], unit.T)))
    elif p == 2:
        dual = np.sqrt(np.einsum("ij,ij->i", unit, unit))
    elif p == math.inf:
        dual = np.sum(np.abs(unit), axis=1)
    else:
        dual = np.max(np.abs(unit), axis=1)
    with np.errstate(over="ignore"):
        value = float(np.max(dual)) * scale
    if not math.isfinite(value):
        raise ValueError("features: the constant exceeds the float range")
    return value
