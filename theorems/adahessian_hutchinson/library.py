"""Hutchinson's diagonal estimator and the ADAHESSIAN update as functions a practitioner calls.

- :func:`rademacher`: a Rademacher probe (entries ±1 with probability ½ each).
- :func:`hutchinson_diagonal`: the mean of z ⊙ Hz over ``probes`` Rademacher probes, from a matrix or a
  Hessian-vector-product callable: an unbiased estimate of diag(H) (claim ``hutchinson_unbiased``).
- :func:`hutchinson_variance`: the variance of one probe's estimate per coordinate, Σ_{j≠i} H_ij² + (E z⁴ − 1)H_ii²
  (claims ``probe_variance_general``, ``rademacher_variance_formula``, ``gaussian_variance_formula``).
- :func:`rms_ema_limit`: what the released RMS average of the stored estimate |Hv| tends to for a fixed H, the row
  norms (Σ_j H_ij²)^{1/2} (claim ``rms_ema_row_norm``).
- :func:`spatial_average`: the released block averaging of |Hv| (4-D weights over their kernel dims, tensors of at
  most 2 dims unchanged, other axes on request).
- :func:`adahessian_step` with :class:`AdaHessianState` and :func:`init_state`: one released update
  (optim_adahessian.py, 85ebc00) with its defaults (lr 0.15, betas (0.9, 0.999), eps 1e-4, weight_decay 0,
  hessian_power 1).

Every argument is validated: a ``TypeError`` (not a real number or array, booleans included) or a ``ValueError``
(NaN, infinity, empty, mismatched shapes, out of range) names it. :func:`adahessian_step` keeps the root
r = (β2 r² + (1 − β2)D²)^{1/2} instead of the release's EMA of squares, computed with ``hypot``: the squares of
curvatures beyond 1e154 (or below 1e-162) would overflow (underflow), so the release's step is lost at scales where
the update, with eps = 0 and hessian_power = 1, does not depend on the scale of the loss at all.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

__all__ = ["rademacher", "hutchinson_diagonal", "hutchinson_variance", "rms_ema_limit", "spatial_average",
           "AdaHessianState", "init_state", "adahessian_step"]


# -- validation ------------------------------------------------------------------------------------------------------


def _number(name: str, value: Any, *, low: float = -math.inf, high: float = math.inf, low_open: bool = False,
            high_open: bool = False) -> float:
    """``value`` as a finite float in the interval, or a TypeError/ValueError naming ``name``."""
    if type(value) is not float and (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if (v <= low if low_open else v < low) or (v >= high if high_open else v > high):
        lo, hi = ("(" if low_open else "["), (")" if high_open else "]")
        raise ValueError(f"{name} must lie in {lo}{low:g}, {high:g}{hi}, got {value!r}")
    return v


def _integer(name: str, value: Any, *, low: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if int(value) < low:
        raise ValueError(f"{name} must be at least {low}, got {value!r}")
    return int(value)


def _array(name: str, value: Any) -> np.ndarray:
    """``value`` as a non-empty finite float64 array, or a TypeError/ValueError naming ``name``."""
    if type(value) is np.ndarray and value.dtype == np.float64 and value.size and np.isfinite(value).all():
        return value
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        try:
            raw = raw.astype(float)
        except (OverflowError, ValueError):
            raise ValueError(f"{name} must be finite (an entry exceeds the float range)") from None
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    arr = raw.astype(float)
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}): it needs at least one entry")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _square(name: str, value: Any) -> np.ndarray:
    arr = _array(name, value)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {arr.shape}")
    return arr


def _rng(value: Any) -> np.random.Generator:
    if value is None:
        return np.random.default_rng()
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"rng must be a numpy Generator, an integer seed or None, got {type(value).__name__}")
    if int(value) < 0:
        raise ValueError(f"rng: a seed must be non-negative, got {value!r}")
    return np.random.default_rng(int(value))


def _shape(value: Any) -> tuple[int, ...]:
    if isinstance(value, (numbers.Integral,)) and not isinstance(value, (bool, np.bool_)):
        value = (value,)
    if not isinstance(value, tuple) or not value:
        raise TypeError(f"shape must be a positive integer or a non-empty tuple of them, got {value!r}")
    return tuple(_integer("shape", v, low=1) for v in value)


# -- Hutchinson ----------------------------------------------------------------------------------------------------


def rademacher(shape: Any, rng: Any = None) -> np.ndarray:
    """A float64 array of ``shape`` with independent entries ±1, each with probability ½ (``rng``: a numpy
    Generator, an integer seed, or None for fresh entropy)."""
    return 2.0 * _rng(rng).integers(0, 2, size=_shape(shape)) - 1.0


def hutchinson_diagonal(hvp: Any, *, dim: Any = None, probes: Any = 1, rng: Any = None) -> np.ndarray:
    """The mean over ``probes`` Rademacher probes z of z ⊙ (Hz): an unbiased estimate of diag(H).

    ``hvp`` is a square matrix H (any square matrix: E[z ⊙ Hz] = diag(H) needs no symmetry) or a callable
    v ↦ Hv on vectors of length ``dim`` (then ``dim`` is required). One probe's variance per coordinate is
    Σ_{j≠i} H_ij² (:func:`hutchinson_variance`); the mean of n probes divides it by n.
    """
    n = _integer("probes", probes, low=1)
    gen = _rng(rng)
    if callable(hvp):
        if dim is None:
            raise TypeError("dim is required when hvp is a callable (the length of the vectors it takes)")
        d = _integer("dim", dim, low=1)
        apply: Callable[[np.ndarray], np.ndarray] = hvp
    else:
        H = _square("hvp", hvp)
        d = H.shape[0]
        if dim is not None and _integer("dim", dim, low=1) != d:
            raise ValueError(f"dim = {dim} does not match the matrix hvp of shape {H.shape}")

        def apply(v: np.ndarray) -> np.ndarray:
            return H @ v
    total = np.zeros(d)
    for _ in range(n):
        z = 2.0 * gen.integers(0, 2, size=d) - 1.0
        hz = apply(z)
        if isinstance(hz, (bool, np.bool_)) or not isinstance(hz, (np.ndarray, list, tuple)):
            raise TypeError(f"hvp must return an array of length {d}, got {type(hz).__name__}")
        hz = _array("hvp (its return value)", hz)
        if hz.shape != (d,):
            raise ValueError(f"hvp must return an array of shape ({d},), got {hz.shape}")
        total += z * hz
    return total / n


def hutchinson_variance(H: Any, *, fourth_moment: Any = 1.0) -> np.ndarray:
    """Per coordinate, the variance of one probe's (z ⊙ Hz)_i for z with i.i.d. entries of mean 0, variance 1 and
    E z⁴ = ``fourth_moment`` (1: Rademacher, the smallest possible; 3: Gaussian): Σ_{j≠i} H_ij² + (E z⁴ − 1)H_ii².
    For a square ``H`` (symmetry not needed); computed on H/max|H_ij| so no square overflows or underflows before
    the result does."""
    A = _square("H", H)
    kappa = _number("fourth_moment", fourth_moment, low=1.0)
    scale = float(np.max(np.abs(A)))
    if scale == 0:
        return np.zeros(A.shape[0])
    B = A / scale
    diag = np.diag(B)
    off = np.sum(B * B, axis=1) - diag * diag
    return (np.maximum(off, 0.0) + (kappa - 1.0) * diag * diag) * scale * scale


def rms_ema_limit(H: Any) -> np.ndarray:
    """(Σ_j H_ij²)^{1/2} per row: for a fixed H, the bias-corrected RMS average of the released estimate |Hv|
    (Rademacher v, no spatial averaging) has this limit in mean square as t → ∞ and β2 → 1; it equals |H_ii| only
    when row i has no off-diagonal entry. Computed on H/max|H_ij| (no overflow or underflow of the squares)."""
    A = _square("H", H)
    scale = float(np.max(np.abs(A)))
    if scale == 0:
        return np.zeros(A.shape[0])
    B = A / scale
    return np.sqrt(np.sum(B * B, axis=1)) * scale


def spatial_average(estimate: Any, axes: Any = None) -> np.ndarray:
    """|estimate| averaged over ``axes`` and broadcast back to its shape.

    ``axes=None`` applies the released rule (optim_adahessian.py, 85ebc00): a 4-D convolution weight (out, in, kh,
    kw) is averaged over its kernel dims (2, 3); a tensor of at most 2 dims is left as is; other ranks have no
    released rule (a ValueError asks for ``axes``). ``axes`` is otherwise a tuple of distinct dims (negative ones
    counted from the end); ``()`` averages nothing."""
    arr = _array("estimate", estimate)
    a = np.abs(arr)
    if axes is None:
        if arr.ndim <= 2:
            return a
        if arr.ndim == 4:
            axes = (2, 3)
        else:
            raise ValueError(f"estimate: a {arr.ndim}-D tensor has no released averaging rule; pass axes=")
    if not isinstance(axes, tuple):
        raise TypeError(f"axes must be a tuple of dims or None, got {type(axes).__name__}")
    dims = []
    for ax in axes:
        if isinstance(ax, (bool, np.bool_)) or not isinstance(ax, numbers.Integral):
            raise TypeError(f"axes must hold integers, got {ax!r}")
        if not -arr.ndim <= int(ax) < arr.ndim:
            raise ValueError(f"axes: dim {ax} is out of range for a {arr.ndim}-D estimate")
        dims.append(int(ax) % arr.ndim)
    if len(set(dims)) != len(dims):
        raise ValueError(f"axes must be distinct, got {axes}")
    if not dims:
        return a
    return np.broadcast_to(np.mean(a, axis=tuple(dims), keepdims=True), a.shape).copy()


# -- the update --------------------------------------------------------------------------------------------------


class AdaHessianState(NamedTuple):
    """The optimizer's state for one parameter tensor: m, the EMA of the gradients; r, the root of the EMA of the
    squared curvature estimates (the release keeps r²); t, the number of steps taken."""

    m: np.ndarray
    r: np.ndarray
    t: int


def init_state(shape: Any) -> AdaHessianState:
    """The state before the first step: zeros of ``shape``, t = 0."""
    s = _shape(shape)
    return AdaHessianState(np.zeros(s), np.zeros(s), 0)


def _state(value: Any, shape: tuple[int, ...]) -> AdaHessianState:
    if not isinstance(value, AdaHessianState):
        raise TypeError(f"state must be an AdaHessianState (see init_state), got {type(value).__name__}")
    m, r = _array("state.m", value.m), _array("state.r", value.r)
    for arr, nm in ((m, "state.m"), (r, "state.r")):
        if arr.shape != shape:
            raise ValueError(f"{nm} must have the shape of x {shape}, got {arr.shape}")
    if np.any(r < 0):
        raise ValueError("state.r must be non-negative (it is a root mean square)")
    return AdaHessianState(m, r, _integer("state.t", value.t, low=0))


def _bias_correction(beta: float, t: int) -> float:
    """1 − β^t, as −expm1(t log β): accurate when β is close to 1 (1 for β = 0)."""
    return 1.0 if beta == 0 else -math.expm1(t * math.log(beta))


def adahessian_step(x: Any, grad: Any, diag_estimate: Any, state: Any, *, lr: Any = 0.15, betas: Any = (0.9, 0.999),
                    eps: Any = 1e-4, weight_decay: Any = 0.0, hessian_power: Any = 1.0
                    ) -> tuple[np.ndarray, AdaHessianState]:
    """One ADAHESSIAN step as released: returns (x_new, state_new), the inputs unchanged.

    m ← β1 m + (1 − β1) g; r ← (β2 r² + (1 − β2) D²)^{1/2} (D = ``diag_estimate``, e.g. the released |Hv|, block
    averaged; only |D| matters); denom = (r/(1 − β2^t)^{1/2})^k + eps; x ← x − lr(m/(1 − β1^t)/denom +
    weight_decay·x). lr ≥ 0, 0 ≤ β1, β2 < 1, eps ≥ 0, weight_decay ≥ 0, 0 ≤ k = ``hessian_power`` ≤ 1 (the release's
    range). With eps = 0 a coordinate whose denominator is 0 takes no step if its momentum is 0 and raises a
    ValueError otherwise (the release divides by zero).
    """
    xs = _array("x", x)
    gs, ds = _array("grad", grad), _array("diag_estimate", diag_estimate)
    for arr, nm in ((gs, "grad"), (ds, "diag_estimate")):
        if arr.shape != xs.shape:
            raise ValueError(f"{nm} must have the shape of x {xs.shape}, got {arr.shape}")
    st = _state(state, xs.shape)
    eta = _number("lr", lr, low=0.0)
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__"):
        raise TypeError(f"betas must be a pair of numbers (beta1, beta2), got {type(betas).__name__}")
    if len(betas) != 2:
        raise ValueError(f"betas must hold two numbers (beta1, beta2), got {len(betas)}")
    b1 = _number("betas[0] (beta1)", betas[0], low=0.0, high=1.0, high_open=True)
    b2 = _number("betas[1] (beta2)", betas[1], low=0.0, high=1.0, high_open=True)
    e = _number("eps", eps, low=0.0)
    lam = _number("weight_decay", weight_decay, low=0.0)
    k = _number("hessian_power", hessian_power, low=0.0, high=1.0)
    t = st.t + 1
    m = b1 * st.m + (1 - b1) * gs
    r = np.hypot(math.sqrt(b2) * st.r, math.sqrt(1 - b2) * np.abs(ds))
    v_hat = r / math.sqrt(_bias_correction(b2, t))
    denom = v_hat**k + e
    m_hat = m / _bias_correction(b1, t)
    zero = denom == 0
    if np.any(zero & (m_hat != 0)):
        raise ValueError("eps = 0 and a zero curvature estimate with a nonzero momentum: the step is infinite; "
                         "use eps > 0")
    direction = np.where(zero, 0.0, m_hat / np.where(zero, 1.0, denom))
    return xs - eta * (direction + lam * xs), AdaHessianState(m, r, t)
