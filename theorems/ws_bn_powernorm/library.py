"""What a practitioner calls: Weight Standardization, and the exact backward passes (vector-Jacobian products) of
Weight Standardization, BatchNorm and PowerNorm with batch statistics, with the operator norms of the latter two.

* :func:`standardize_weight`: Ŵ_c = (W_c − μ_c)/(σ_c + ε) per output channel (axis 0), σ_c with divisor
  I − ddof (ddof = 1 is the released PyTorch layer, ddof = 0 the paper and the released TensorFlow snippet);
* :func:`standardize_weight_vjp`: ∂L/∂W from ∂L/∂Ŵ, exact for every ε ≥ 0 and ddof:
  (g − mean(g) − κ⟨Ŵ_c, g⟩Ŵ_c)/(σ_c + ε), κ = (σ_c + ε)/(σ_c(I − ddof));
* :func:`batch_norm_vjp`: ∂L/∂x of y = γ(x − μ_B)/√(σ_B² + ε) + β (batch axis 0):
  γ(g − mean(g) − x̂ mean(g x̂))/√(σ_B² + ε);
* :func:`power_norm_vjp`: ∂L/∂x of y = γx/√(ψ² + ε) + β, ψ² = mean(x²): γ(g − x̂ mean(g x̂))/√(ψ² + ε);
* :func:`jacobian_norms`: (‖∂y_BN/∂x‖₂, ‖∂y_PN/∂x‖₂) per feature: (|γ|/σ_B for B ≥ 3 and 0 for B = 2, |γ|/ψ).

Every function validates its arguments: ``TypeError`` for what is not an array of real numbers (strings, None,
booleans, complex numbers) or a wrongly typed option, ``ValueError`` for NaN, ±inf, empty or mismatched shapes,
ε < 0, ddof outside {0, 1}, and the degenerate inputs (σ_c = 0 or σ_B = 0 with ε = 0, ψ = 0 with ε = 0, B < 2),
each naming the argument. Everything is computed scale-free: each channel or feature is multiplied by a power of
two (exact) so that its largest entry is in [1/2, 1), with ε rescaled to match (Ŵ(cW; ε) = Ŵ(W; ε/c),
x̂(cx; ε) = x̂(x; ε/c²)), so inputs of size 1e±300 give the answer of the rescaled input.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = ["standardize_weight", "standardize_weight_vjp", "batch_norm_vjp", "power_norm_vjp", "jacobian_norms"]


# -- validation -------------------------------------------------------------------------------------------


def _real_array(name: str, value: Any, *, min_ndim: int = 1, max_ndim: int | None = None) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "b":
        raise TypeError(f"{name} must hold real numbers, not booleans")
    if raw.dtype.kind == "O":
        if not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings, None or complex numbers)")
        raw = raw.astype(float)
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {raw.dtype}")
    arr = raw.astype(float)
    if arr.ndim < min_ndim or (max_ndim is not None and arr.ndim > max_ndim):
        allowed = f"{min_ndim}" if max_ndim == min_ndim else f"{min_ndim} to {max_ndim or 'any'}"
        raise ValueError(f"{name} must have {allowed} axes, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or ±inf)")
    return arr


def _number(name: str, value: Any, *, nonnegative: bool = False) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if nonnegative and out < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return out


def _ddof(value: Any, fan_in: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"ddof must be the int 0 or 1, got {type(value).__name__}")
    if value not in (0, 1):
        raise ValueError(f"ddof must be 0 (population σ) or 1 (unbiased σ), got {value!r}")
    if fan_in - int(value) < 1:
        raise ValueError(f"w: a fan-in of {fan_in} leaves no degree of freedom with ddof={value}")
    return int(value)


def _same_shape(name: str, arr: np.ndarray, ref: np.ndarray, ref_name: str) -> None:
    if arr.shape != ref.shape:
        raise ValueError(f"{name} must have the shape of {ref_name} {ref.shape}, got {arr.shape}")


def _power_of_two(values: np.ndarray, axis: int) -> np.ndarray:
    """The exponent e per slice with max|v| · 2^−e in [1/2, 1) (0 for an all-zero slice)."""
    top = np.max(np.abs(values), axis=axis, keepdims=True)
    return np.frexp(top)[1]


# -- Weight Standardization -------------------------------------------------------------------------------


def _channels(w: Any) -> tuple[np.ndarray, tuple[int, ...]]:
    arr = _real_array("w", w)
    rows = arr.reshape(1, -1) if arr.ndim == 1 else arr.reshape(arr.shape[0], -1)
    return rows, arr.shape


def _ws_parts(rows: np.ndarray, ddof: int, eps: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(Ŵ, e, σ of the rescaled rows, ε rescaled) per row, rows rescaled by 2^−e."""
    e = _power_of_two(rows, 1)
    scaled = np.ldexp(rows, -e)
    dev = scaled - scaled.mean(axis=1, keepdims=True)
    dev -= dev.mean(axis=1, keepdims=True)
    sigma = np.sqrt(np.sum(dev * dev, axis=1, keepdims=True) / (rows.shape[1] - ddof))
    eps_scaled = np.ldexp(np.full_like(sigma, eps), -e)
    if np.any(sigma + eps_scaled == 0):
        raise ValueError("w: a channel has all its weights equal (σ = 0) and eps = 0: Ŵ is undefined")
    return dev / (sigma + eps_scaled), e, sigma, eps_scaled


def standardize_weight(w: Any, *, ddof: int = 0, eps: float = 0.0) -> np.ndarray:
    """Ŵ = (W − mean)/(σ + ε) per output channel (axis 0; a 1-D ``w`` is one channel); same shape as ``w``."""
    rows, shape = _channels(w)
    eps_ = _number("eps", eps, nonnegative=True)
    what, _, _, _ = _ws_parts(rows, _ddof(ddof, rows.shape[1]), eps_)
    return what.reshape(shape)


def standardize_weight_vjp(w: Any, grad: Any, *, ddof: int = 0, eps: float = 0.0) -> np.ndarray:
    """∂L/∂W given ``grad`` = ∂L/∂Ŵ (same shape as ``w``): (g − mean g − κ⟨Ŵ, g⟩Ŵ)/(σ + ε) per channel,
    κ = (σ + ε)/(σ(I − ddof)). Its norm is at most ‖g‖/(σ + ε)·max(1, |1 − κ‖Ŵ‖²|) ≤ ‖g‖/(σ + ε)."""
    rows, shape = _channels(w)
    g = _real_array("grad", grad)
    if g.shape != shape:
        raise ValueError(f"grad must have the shape of w {shape}, got {g.shape}")
    g = g.reshape(rows.shape)
    eps_ = _number("eps", eps, nonnegative=True)
    d = _ddof(ddof, rows.shape[1])
    what, e, sigma, eps_scaled = _ws_parts(rows, d, eps_)
    with np.errstate(divide="ignore"):
        kappa = np.where(sigma > 0, (sigma + eps_scaled) / np.where(sigma > 0, sigma, 1.0) / (rows.shape[1] - d),
                         0.0)
    gc = g - g.mean(axis=1, keepdims=True)
    inner = np.sum(what * g, axis=1, keepdims=True)
    out = (gc - kappa * inner * what) / (sigma + eps_scaled)
    with np.errstate(over="ignore"):
        out = np.ldexp(out, -e)
    if not np.all(np.isfinite(out)):
        raise ValueError("w: the gradient, of size ‖grad‖/σ, exceeds the float range")
    return out.reshape(shape)


# -- BatchNorm and PowerNorm ------------------------------------------------------------------------------


def _batch(x: Any) -> tuple[np.ndarray, bool]:
    arr = _real_array("x", x, min_ndim=1, max_ndim=2)
    if arr.shape[0] < 2:
        raise ValueError(f"x must hold a batch of at least 2 examples along axis 0, got shape {arr.shape}")
    return (arr[:, None], True) if arr.ndim == 1 else (arr, False)


def _vjp(x: Any, grad: Any, gamma: Any, eps: Any, centred: bool) -> np.ndarray:
    cols, single = _batch(x)
    g = _real_array("grad", grad, min_ndim=1, max_ndim=2)
    _same_shape("grad", g, cols[:, 0] if single else cols, "x")
    g = g[:, None] if single else g
    gam = _number("gamma", gamma)
    eps_ = _number("eps", eps, nonnegative=True)
    e = _power_of_two(cols, 0)
    scaled = np.ldexp(cols, -e)
    if centred:
        dev = scaled - scaled.mean(axis=0, keepdims=True)
        dev -= dev.mean(axis=0, keepdims=True)
    else:
        dev = scaled
    second = np.mean(dev * dev, axis=0, keepdims=True)
    eps_scaled = np.ldexp(np.full_like(second, eps_), -2 * e)
    if np.any(second + eps_scaled == 0):
        what = "σ_B = 0 (all examples equal)" if centred else "ψ = 0 (all examples zero)"
        raise ValueError(f"x: a feature has {what} and eps = 0: the layer is undefined there")
    root = np.sqrt(second + eps_scaled)
    xh = dev / root
    proj = g - xh * np.mean(g * xh, axis=0, keepdims=True)
    if centred:
        proj -= g.mean(axis=0, keepdims=True)
    with np.errstate(over="ignore"):
        out = np.ldexp(gam * proj / root, -e)
    if not np.all(np.isfinite(out)):
        raise ValueError("x: the gradient, of size |γ|‖grad‖/σ, exceeds the float range")
    return out[:, 0] if single else out


def batch_norm_vjp(x: Any, grad: Any, *, gamma: float = 1.0, eps: float = 0.0) -> np.ndarray:
    """∂L/∂x of BatchNorm with batch statistics (batch axis 0; a 1-D ``x`` is one feature), given ``grad`` =
    ∂L/∂y: γ(g − mean g − x̂ mean(g x̂))/√(σ_B² + ε), exact for every ε ≥ 0."""
    return _vjp(x, grad, gamma, eps, centred=True)


def power_norm_vjp(x: Any, grad: Any, *, gamma: float = 1.0, eps: float = 0.0) -> np.ndarray:
    """∂L/∂x of PowerNorm with the batch statistic ψ² = mean(x²) (batch axis 0), given ``grad`` = ∂L/∂y:
    γ(g − x̂ mean(g x̂))/√(ψ² + ε), exact for every ε ≥ 0."""
    return _vjp(x, grad, gamma, eps, centred=False)


def jacobian_norms(x: Any, *, gamma: float = 1.0) -> tuple[Any, Any]:
    """(‖∂y_BN/∂x‖₂, ‖∂y_PN/∂x‖₂) with batch statistics and ε = 0: (|γ|/σ_B, |γ|/ψ), except that the BN norm is 0
    for a batch of two (its Jacobian vanishes). Floats for a 1-D ``x``, arrays (one per feature) for (B, F)."""
    cols, single = _batch(x)
    gam = abs(_number("gamma", gamma))
    e = _power_of_two(cols, 0)[0]
    scaled = np.ldexp(cols, -e)
    dev = scaled - scaled.mean(axis=0)
    dev -= dev.mean(axis=0)
    sigma = np.sqrt(np.mean(dev * dev, axis=0))
    psi = np.sqrt(np.mean(scaled * scaled, axis=0))
    if np.any(sigma == 0):
        raise ValueError("x: a feature has σ_B = 0 (all examples equal): BatchNorm is undefined there")
    with np.errstate(over="ignore"):
        bn = np.ldexp(gam / sigma, -e) if cols.shape[0] > 2 else np.zeros_like(sigma)
        pn = np.ldexp(gam / psi, -e)
    if not (np.all(np.isfinite(bn)) and np.all(np.isfinite(pn))):
        raise ValueError("x: the norm, of size |γ|/σ_B, exceeds the float range")
    return (float(bn[0]), float(pn[0])) if single else (bn, pn)
