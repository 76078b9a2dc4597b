"""The Cauchy–Schwarz divergence a practitioner calls: between two Gaussians, and its kernel plug-in estimator.

S. Yu, X. Yu, S. Løkse, R. Jenssen, J. C. Príncipe, "Cauchy-Schwarz Divergence Information Bottleneck for
Regression" (arXiv 2404.17951, ICLR 2024). D_CS(p, q) = −log((∫pq)² / (∫p² ∫q²)), in nats.

* :func:`gaussian_cs_divergence`: the closed form between N(μ₁, Σ₁) and N(μ₂, Σ₂) in any dimension, from
  ∫N(x; μ₁, Σ₁) N(x; μ₂, Σ₂) dx = N(μ₁; μ₂, Σ₁ + Σ₂):
  D_CS = Δᵀ(Σ₁ + Σ₂)⁻¹Δ + log det((Σ₁ + Σ₂)/2) − ½ log det Σ₁ − ½ log det Σ₂, Δ = μ₁ − μ₂;
* :func:`kde_cs_divergence`: the plug-in estimator with the Gaussian kernel κ_σ(u, v) = exp(−‖u − v‖²/(2σ²)),
  D̂_CS = log mean κ(x_i, x_i') + log mean κ(y_j, y_j') − 2 log mean κ(x_i, y_j), computed in log space
  (log-sum-exp over the Gram matrices), so that it stays finite for any σ > 0 and any separation of the samples.

Both are scale-free: the closed form is written through the Cholesky factor of Σ₁ + Σ₂ and log-determinants (no
determinant or inverse is formed), and the estimator through log-sum-exp. Every argument is validated: ``TypeError``
for a non-numeric input (None, a string, a boolean, a complex number) and ``ValueError`` for NaN, ±inf, an empty or
wrongly shaped array, a covariance that is not symmetric positive definite, σ ≤ 0, each naming the argument.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from scipy.special import logsumexp

__all__ = ["gaussian_cs_divergence", "kde_cs_divergence"]


def _real_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a finite float array, or TypeError/ValueError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings, None or complex numbers)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    arr = raw.astype(float)
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _positive(name: str, value: Any) -> float:
    if value is None or isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    x = float(value)
    if not math.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return x


def _mean_vector(name: str, value: Any) -> np.ndarray:
    arr = _real_array(name, value)
    if arr.ndim == 0:
        arr = arr[None]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a vector (or a scalar in one dimension), got shape {arr.shape}")
    return arr


def _covariance(name: str, value: Any, d: int) -> np.ndarray:
    arr = _real_array(name, value)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    if arr.shape != (d, d):
        raise ValueError(f"{name} must be a {d}×{d} matrix (the means have {d} entries), got shape {arr.shape}")
    if not np.allclose(arr, arr.T, rtol=1e-12, atol=0.0):
        raise ValueError(f"{name} must be symmetric")
    try:
        np.linalg.cholesky(arr)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be positive definite") from None
    return arr


def _logdet(a: np.ndarray) -> float:
    sign, value = np.linalg.slogdet(a)
    return float(value)


def gaussian_cs_divergence(mu1: Any, cov1: Any, mu2: Any, cov2: Any) -> float:
    """D_CS(N(μ₁, Σ₁), N(μ₂, Σ₂)) in nats (a scalar mean and variance are accepted in one dimension).

    Δᵀ(Σ₁ + Σ₂)⁻¹Δ + log det((Σ₁ + Σ₂)/2) − ½ log det Σ₁ − ½ log det Σ₂; symmetric in the two Gaussians.
    """
    m1, m2 = _mean_vector("mu1", mu1), _mean_vector("mu2", mu2)
    if m1.shape != m2.shape:
        raise ValueError(f"mu1 and mu2 must have the same length, got {m1.shape[0]} and {m2.shape[0]}")
    d = m1.shape[0]
    s1, s2 = _covariance("cov1", cov1, d), _covariance("cov2", cov2, d)
    total = s1 + s2
    chol = np.linalg.cholesky(total)
    w = np.linalg.solve(chol, m1 - m2)
    value = float(w @ w) + _logdet(total / 2) - 0.5 * _logdet(s1) - 0.5 * _logdet(s2)
    return value


def _samples(name: str, value: Any) -> np.ndarray:
    arr = _real_array(name, value)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must be (n,) or (n, d) samples, got shape {arr.shape}")
    return arr


def _log_mean_kernel(a: np.ndarray, b: np.ndarray, sigma: float) -> float:
    scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-300)
    a, b, s = a / scale, b / scale, sigma / scale  # exp(−‖u − v‖²/2σ²) is unchanged by a common scale
    sq = np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T, 0.0)
    return float(logsumexp(-sq / (2.0 * s * s))) - math.log(a.shape[0]) - math.log(b.shape[0])


def kde_cs_divergence(x: Any, y: Any, sigma: Any) -> float:
    """The plug-in estimate D̂_CS between samples x ~ p ((n,) or (n, d)) and y ~ q ((m,) or (m, d)), in nats,
    with the Gaussian kernel of width σ: log mean κ(x, x') + log mean κ(y, y') − 2 log mean κ(x, y) (means over
    all pairs, diagonal included). ≥ 0 up to rounding (the kernel is positive definite)."""
    xs, ys = _samples("x", x), _samples("y", y)
    if xs.shape[1] != ys.shape[1]:
        raise ValueError(f"x and y must have the same dimension, got {xs.shape[1]} and {ys.shape[1]}")
    s = _positive("sigma", sigma)
    value = (_log_mean_kernel(xs, xs, s) + _log_mean_kernel(ys, ys, s) - 2.0 * _log_mean_kernel(xs, ys, s))
    return value
