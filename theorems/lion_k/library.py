"""Lion and Lion-𝒦 as functions a practitioner calls, with the Lyapunov function of 2310.05898.

- :func:`lion_step`: one Lion step as released (``lion/lion_pytorch.py``, google/automl commit 87461ee9):
  x ← x(1 − ηλ); c = β1 m + (1 − β1) g; x ← x − η sign(c); m ← β2 m + (1 − β2) g; sign(0) = 0.
- :func:`lion_k_step`: one step of the Lion-𝒦 form of the authors' notes (M̃ from the updated M), with
  ∇𝒦 = sign (``"l1"``), tanh(·/δ) (``"log_cosh"``) or the identity (``"quadratic"``).
- :func:`page_form_betas`: the (β_p, β_n) that make :func:`lion_k_step` reproduce :func:`lion_step`
  (β_p = β2, β_n = β1/β2, M = −m; claim ``lion_k.page_form_mapping``).
- :func:`lyapunov`: H(x, m) of the continuous-time system (claim ``lion_k.lyapunov_decrease``).
- :func:`admissible_coefficients`: the interval of Fenchel–Young coefficients c for which H_c decreases
  for every f and every convex differentiable 𝒦 (claim ``lion_k.fenchel_young_coefficient_range``).

Every argument is validated: a ``TypeError`` (not a real number or array, booleans included) or a
``ValueError`` (NaN, infinity, empty, mismatched shapes, out of range) names it. The sign of
c = β1 m + (1 − β1) g does not depend on the scale of (m, g), and it is computed scale-free (m and g
divided by max(|m|, |g|) per coordinate first), so gradients near float64's extremes (subnormal ones
included) give the same step as moderate ones. ``lr·weight_decay`` must be at most 1: beyond it the box
‖x‖∞ ≤ 1/λ is not invariant (claim ``lion_k.box_invariance_small_step``).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = ["lion_step", "lion_k_step", "page_form_betas", "lyapunov", "admissible_coefficients", "KERNELS"]

#: The kernels 𝒦 that :func:`lion_k_step` and :func:`lyapunov` accept.
KERNELS = ("l1", "log_cosh", "quadratic")


# -- validation ----------------------------------------------------------------------------------------


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


def _array(name: str, value: Any) -> np.ndarray:
    """``value`` as a non-empty finite float64 array, or a TypeError/ValueError naming ``name``."""
    if type(value) is np.ndarray and value.dtype == np.float64 and value.size and np.isfinite(value).all():
        return value  # the common case, checked without copying
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


def _state(x: Any, m: Any, g: Any, names: tuple[str, str, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ms, gs = _array(names[0], x), _array(names[1], m), _array(names[2], g)
    for arr, nm in ((ms, names[1]), (gs, names[2])):
        if arr.shape != xs.shape:
            raise ValueError(f"{nm} must have the shape of {names[0]} {xs.shape}, got {arr.shape}")
    return xs, ms, gs


def _betas(value: Any) -> tuple[float, float]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"betas must be a pair of numbers (beta1, beta2), got {type(value).__name__}")
    if len(value) != 2:
        raise ValueError(f"betas must hold two numbers (beta1, beta2), got {len(value)}")
    return (_number("betas[0] (beta1)", value[0], low=0.0, high=1.0, high_open=True),
            _number("betas[1] (beta2)", value[1], low=0.0, high=1.0, high_open=True))


def _decay(lr: Any, weight_decay: Any) -> tuple[float, float]:
    eta = _number("lr", lr, low=0.0, low_open=True)
    lam = _number("weight_decay", weight_decay, low=0.0)
    if eta * lam > 1:
        raise ValueError(f"weight_decay: lr·weight_decay = {eta * lam:g} exceeds 1; the box ‖x‖∞ ≤ 1/weight_decay "
                         "is invariant only for lr·weight_decay ≤ 1")
    return eta, lam


#: Inside this range of max(|a|, |b|) the products wa·a, wb·b neither underflow nor overflow (and their sum does not
#: overflow): the combination is computed directly; outside it, after dividing a and b by max(|a|, |b|).
_SAFE = (2.0**-960, 2.0**960)


def _extreme(a: np.ndarray, b: np.ndarray) -> bool:
    scale = np.maximum(np.abs(a), np.abs(b))
    nonzero = scale[scale > 0]
    return bool(nonzero.size and (nonzero.min() < _SAFE[0] or nonzero.max() > _SAFE[1]))


def _kernel(kernel: Any) -> str:
    if not isinstance(kernel, str):
        raise TypeError(f"kernel must be a string, one of {', '.join(KERNELS)}, got {type(kernel).__name__}")
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {', '.join(KERNELS)}, got {kernel!r}")
    return kernel


def _scaled_sign(a: np.ndarray, wa: float, b: np.ndarray, wb: float, extreme: bool) -> np.ndarray:
    """sign(wa·a + wb·b) per coordinate; at extreme magnitudes computed after dividing a and b by max(|a|, |b|)."""
    if not extreme:
        return np.sign(wa * a + wb * b)
    scale = np.maximum(np.abs(a), np.abs(b))
    safe = np.where(scale > 0, scale, 1.0)
    return np.sign(wa * (a / safe) + wb * (b / safe))


def _scaled_mix(a: np.ndarray, wa: float, b: np.ndarray, wb: float, extreme: bool) -> np.ndarray:
    """wa·a + wb·b per coordinate (wa, wb ≥ 0 with wa + wb = 1); at extreme magnitudes computed from a, b divided by
    their largest magnitude: no overflow near the float maximum, no loss to underflow in the products."""
    if not extreme:
        return wa * a + wb * b
    scale = np.maximum(np.abs(a), np.abs(b))
    safe = np.where(scale > 0, scale, 1.0)
    return (wa * (a / safe) + wb * (b / safe)) * safe


# -- the optimizers -----------------------------------------------------------------------------------------


def lion_step(x: Any, m: Any, g: Any, *, lr: float = 1e-4, betas: Any = (0.9, 0.99),
              weight_decay: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """One Lion step as released: returns (x_new, m_new), the inputs unchanged.

    x_new = x(1 − lr·wd) − lr·sign(β1 m + (1 − β1) g) (sign(0) = 0); m_new = β2 m + (1 − β2) g. ``x``, ``m``
    (the momentum, zeros at the start) and ``g`` (the gradient at x) are finite real arrays of one shape;
    lr > 0, 0 ≤ β1, β2 < 1, weight_decay ≥ 0 with lr·weight_decay ≤ 1.
    """
    xs, ms, gs = _state(x, m, g, ("x", "m", "g"))
    b1, b2 = _betas(betas)
    eta, lam = _decay(lr, weight_decay)
    extreme = _extreme(ms, gs)
    step = _scaled_sign(ms, b1, gs, 1 - b1, extreme)
    return xs * (1 - eta * lam) - eta * step, _scaled_mix(ms, b2, gs, 1 - b2, extreme)


def lion_k_step(x: Any, M: Any, g: Any, *, lr: float, beta_polyak: float, beta_nesterov: float,
                weight_decay: float = 0.0, kernel: str = "l1", delta: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """One step of the notes-page Lion-𝒦: returns (x_new, M_new).

    M_new = β_p M − (1 − β_p) g; M̃ = β_n M_new − (1 − β_n) g; x_new = x + lr(∇𝒦(M̃) − λx), with ∇𝒦 = sign
    (``kernel="l1"``: Lion), tanh(·/δ) (``"log_cosh"``) or the identity (``"quadratic"``). M is the
    negative of Lion's momentum. 0 ≤ β_p, β_n ≤ 1; lr > 0; weight_decay ≥ 0 with lr·weight_decay ≤ 1; δ > 0.
    """
    xs, Ms, gs = _state(x, M, g, ("x", "M", "g"))
    bp = _number("beta_polyak", beta_polyak, low=0.0, high=1.0)
    bn = _number("beta_nesterov", beta_nesterov, low=0.0, high=1.0)
    eta, lam = _decay(lr, weight_decay)
    _kernel(kernel)
    d = _number("delta", delta, low=0.0, low_open=True)
    extreme = _extreme(Ms, gs)
    M_new = -_scaled_mix(-Ms, bp, gs, 1 - bp, extreme)
    if kernel == "l1":
        # sign(M̃) = −sign(β_n β_p (−M) + (1 − β_n β_p) g): the same combination Lion takes, scale-free.
        direction = -_scaled_sign(-Ms, bn * bp, gs, 1 - bn * bp, extreme)
    else:
        Mt = bn * M_new - (1 - bn) * gs
        direction = np.tanh(Mt / d) if kernel == "log_cosh" else Mt
    return xs + eta * (direction - lam * xs), M_new


def page_form_betas(beta1: float, beta2: float) -> tuple[float, float]:
    """(β_p, β_n) for which :func:`lion_k_step` (ℓ1) produces Lion's iterates with (β1, β2): β_p = β2,
    β_n = β1/β2, with M = −m. The mapping is unique; it lies in the page form's range [0, 1] exactly when
    β1 ≤ β2 (a ValueError naming beta1 otherwise). β1 = β2 = 0 gives (0, 0)."""
    b1 = _number("beta1", beta1, low=0.0, high=1.0, high_open=True)
    b2 = _number("beta2", beta2, low=0.0, high=1.0, high_open=True)
    if b1 > b2:
        raise ValueError(f"beta1 = {b1:g} > beta2 = {b2:g}: the only matching β_n = β1/β2 exceeds 1, outside the "
                         "page form's range [0, 1]")
    return b2, (b1 / b2 if b2 > 0 else 0.0)


# -- the Lyapunov function ------------------------------------------------------------------------------------


def _log_cosh_conjugate(y: np.ndarray) -> np.ndarray:
    """𝒦*(y)/δ = ½((1 + y) log(1 + y) + (1 − y) log(1 − y)) on |y| ≤ 1 (log 2 at |y| = 1): the form of
    y artanh y + ½ log(1 − y²) without its cancellation near |y| = 1; the series y²/2 + y⁴/12 + y⁶/30 + y⁸/56
    for |y| < 1e-3, where the two logarithms would cancel."""
    a = np.abs(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        big = 0.5 * ((1 + a) * np.log1p(a) + np.where(a < 1, (1 - a) * np.log1p(-a), 0.0))
    y2 = a * a
    small = y2 * (0.5 + y2 * (1 / 12 + y2 * (1 / 30 + y2 / 56)))
    return np.where(a < 1e-3, small, big)


def _log_cosh(u: np.ndarray) -> np.ndarray:
    """log cosh(u): log1p(2 sinh²(u/2)) for |u| ≤ 1 (no cancellation near 0), |u| + log1p(e^{−2|u|}) − log 2
    beyond (no overflow)."""
    a = np.abs(u)
    near = np.log1p(2 * np.sinh(np.minimum(a, 1.0) / 2) ** 2)
    far = a + np.log1p(np.exp(-2 * a)) - math.log(2.0)
    return np.where(a <= 1, near, far)


def _kernel_terms(kernel: str, delta: float, y: np.ndarray, m: np.ndarray) -> tuple[float, float]:
    """(Σ 𝒦*(y_i), Σ 𝒦(m_i)) for the named kernel; 𝒦* = +inf outside its domain."""
    if kernel == "quadratic":
        return float(0.5 * np.sum(y * y)), float(0.5 * np.sum(m * m))
    outside = float(np.max(np.abs(y))) > 1
    if kernel == "l1":
        return (math.inf if outside else 0.0), float(np.sum(np.abs(m)))
    conj = math.inf if outside else float(delta * np.sum(_log_cosh_conjugate(y)))
    return conj, float(delta * np.sum(_log_cosh(m / delta)))


def lyapunov(f_value: float, x: Any, m: Any, *, alpha: float, gamma: float, weight_decay: float, eps: float,
             kernel: str = "log_cosh", delta: float = 1.0, coefficient: float | None = None) -> float:
    """H(x, m) = αf(x) + (γ/λ)𝒦*(λx) + c(𝒦*(λx) + 𝒦(m) − λmᵀx), λ = weight_decay, c = (1 − εγ)/(1 + ελ)
    unless ``coefficient`` is given; +inf where 𝒦*(λx) is (outside the box ‖x‖∞ ≤ 1/λ for ``"l1"`` and
    ``"log_cosh"``). ``f_value`` = f(x); x, m finite real arrays of one shape; α, γ, λ > 0, ε ≥ 0, δ > 0.
    """
    f = _number("f_value", f_value)
    xs, ms = _array("x", x), _array("m", m)
    if ms.shape != xs.shape:
        raise ValueError(f"m must have the shape of x {xs.shape}, got {ms.shape}")
    a = _number("alpha", alpha, low=0.0, low_open=True)
    gm = _number("gamma", gamma, low=0.0, low_open=True)
    lam = _number("weight_decay", weight_decay, low=0.0, low_open=True)
    e = _number("eps", eps, low=0.0)
    _kernel(kernel)
    d = _number("delta", delta, low=0.0, low_open=True)
    c = (1 - e * gm) / (1 + e * lam) if coefficient is None else _number("coefficient", coefficient)
    y = lam * xs
    conj, kval = _kernel_terms(kernel, d, y, ms)
    if math.isinf(conj):
        return math.inf
    return a * f + (gm / lam) * conj + c * (conj + kval - float(np.sum(ms * y)))


def admissible_coefficients(eps: float, gamma: float, weight_decay: float) -> tuple[float, float]:
    """The interval [lo, hi] of constants c ≥ 0 for which H_c (H with c as its Fenchel–Young coefficient) is
    non-increasing along every trajectory, for every differentiable f and every convex differentiable 𝒦:
    lo = (1 − εγ)/(1 + ελ) (the paper's), hi = min(1, (1 − εγ)/(ελ)) (hi = 1 when ε = 0). Under the paper's
    assumptions γ, λ > 0, ε ≥ 0, εγ ≤ 1 (a ValueError naming eps when εγ > 1: no constant works)."""
    e = _number("eps", eps, low=0.0)
    gm = _number("gamma", gamma, low=0.0, low_open=True)
    lam = _number("weight_decay", weight_decay, low=0.0, low_open=True)
    if e * gm > 1:
        raise ValueError(f"eps: εγ = {e * gm:g} > 1, no Fenchel–Young coefficient makes H non-increasing")
    lo = (1 - e * gm) / (1 + e * lam)
    hi = 1.0 if e == 0 else min(1.0, (1 - e * gm) / (e * lam))
    return lo, max(lo, hi)
