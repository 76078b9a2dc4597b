"""KL-regularised distributionally robust losses as a practitioner calls them (numpy, float64).

* :func:`kl_dro_value` and :func:`kl_dro_weights`: the value ``τ log((1/n) Σ_j e^{ℓ_j/τ})`` of
  ``max_{p ∈ Δ_n} Σ_j p_j ℓ_j − τ KL(p‖u)`` and its maximiser ``p_j ∝ e^{ℓ_j/τ}`` (max-shifted, so any
  finite losses and any ``τ > 0`` give a finite answer).
* :func:`kl_constrained_dro`: ``max_{p ∈ Δ_n, KL(p‖u) ≤ ρ} Σ_j p_j ℓ_j`` through its dual
  ``min_{τ > 0} τ log((1/n) Σ_j e^{ℓ_j/τ}) + τρ``; when ``ρ ≥ log(n/m)`` (``m`` the number of largest
  losses) the constraint is inactive, the value is ``max_j ℓ_j`` and the returned temperature is 0.
* :func:`reverse_kl_dro`: the same problem with the reverse regulariser ``KL(u‖p)``; its maximiser is
  ``p_j = τ/(n(μ − ℓ_j))`` with ``μ > max_j ℓ_j`` fixed by ``Σ_j p_j = 1`` (no log-sum-exp).
* :func:`ldr_kl_loss`: the LDR-KL loss ``ψ_λ(s, y) = λ log((1/K) Σ_k e^{(c[k≠y] + s_k − s_y)/λ})``.

Every function is scale-free where the quantity is (losses and temperature scaled together), and
validates its arguments: ``TypeError`` for a wrong type (booleans included), ``ValueError`` for NaN,
infinity, an empty or wrongly shaped array, or a value out of range, each naming the argument.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

__all__ = ["kl_dro_value", "kl_dro_weights", "kl_constrained_dro", "ConstrainedDRO", "reverse_kl_dro",
           "ReverseKLDRO", "ldr_kl_loss"]


def _number(name: str, value: Any, *, low: float = -math.inf, low_open: bool = False) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if v < low or (low_open and v == low):
        raise ValueError(f"{name} must be {'>' if low_open else '≥'} {low:g}, got {value!r}")
    return v


def _vector(name: str, value: Any, *, min_size: int = 1) -> np.ndarray:
    if isinstance(value, (str, bytes, bool, np.bool_)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a 1-d array of real numbers, got {type(value).__name__}")
    raw = np.asarray(value)
    if raw.dtype == bool or raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    arr = raw.astype(float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-d, got shape {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} entries, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {arr.tolist()}")
    return arr


def _gibbs(losses: np.ndarray, tau: float) -> np.ndarray:
    """softmax(ℓ/τ), with the largest loss shifted to 0 first (scale-free: (ℓ − max ℓ)/τ)."""
    z = (losses - losses.max()) / tau
    w = np.exp(z)
    return w / w.sum()


def _lse_mean(losses: np.ndarray, tau: float) -> float:
    """``τ log mean e^{ℓ/τ}`` as ``max ℓ + τ log mean e^{z}``, ``z = (ℓ − max ℓ)/τ ≤ 0``. When every ``|z| < 1``
    (a large τ) the log of the mean is ``log1p(mean(expm1(z)))``: ``log(mean(exp(z)))`` would round to 0 and
    return ``max ℓ`` instead of the mean as ``τ → ∞``."""
    top = float(losses.max())
    z = (losses - top) / tau
    if float(z.min()) > -1.0:
        return top + tau * math.log1p(float(np.mean(np.expm1(z))))
    return top + tau * math.log(float(np.mean(np.exp(z))))


def kl_dro_value(losses: Any, tau: Any) -> float:
    """``max_p Σ_j p_j ℓ_j − τ KL(p‖u) = τ log((1/n) Σ_j e^{ℓ_j/τ})`` for losses ``ℓ ∈ ℝⁿ``, ``τ > 0``."""
    ell = _vector("losses", losses)
    t = _number("tau", tau, low=0.0, low_open=True)
    return _lse_mean(ell, t)


def kl_dro_weights(losses: Any, tau: Any) -> np.ndarray:
    """The maximiser ``p_j = e^{ℓ_j/τ} / Σ_k e^{ℓ_k/τ}`` of the KL-regularised problem."""
    ell = _vector("losses", losses)
    t = _number("tau", tau, low=0.0, low_open=True)
    return _gibbs(ell, t)


def _kl_uniform(p: np.ndarray) -> float:
    n = p.size
    pos = p[p > 0]
    return float(np.sum(pos * np.log(n * pos)))


@dataclasses.dataclass(frozen=True)
class ConstrainedDRO:
    """The constrained problem's value, the dual temperature τ* (0 when the constraint is inactive) and
    the worst-case weights."""

    value: float
    tau: float
    weights: np.ndarray


def kl_constrained_dro(losses: Any, rho: Any) -> ConstrainedDRO:
    """``max_{p ∈ Δ_n, KL(p‖u) ≤ ρ} Σ_j p_j ℓ_j`` by its dual ``min_{τ>0} τ log mean e^{ℓ/τ} + τρ``.

    The dual's derivative in τ is ``ρ − KL(p_τ‖u)``, and ``KL(p_τ‖u)`` falls from ``log(n/m)`` (τ → 0,
    ``m`` largest losses tied) to 0 (τ → ∞). So τ* solves ``KL(p_τ*‖u) = ρ`` when ``ρ < log(n/m)``
    (found by bisection on log τ, in units of the loss spread); otherwise the constraint is inactive:
    value ``max ℓ``, τ* = 0, weights uniform on the largest losses.
    """
    ell = _vector("losses", losses)
    r = _number("rho", rho, low=0.0, low_open=True)
    n = ell.size
    top = float(ell.max())
    tied = ell == top
    m = int(np.count_nonzero(tied))
    if r >= math.log(n / m):
        w = tied / m
        return ConstrainedDRO(value=top, tau=0.0, weights=w)
    spread = top - float(ell.min())
    # KL(p_τ) depends on τ/spread only; bracket the root in s = log(τ/spread)
    scaled = (ell - top) / spread

    def excess(s: float) -> float:
        return _kl_uniform(_gibbs(scaled, math.exp(s))) - r

    lo, hi = -1.0, 1.0
    while excess(lo) <= 0:
        lo -= 2.0
    while excess(hi) >= 0:
        hi += 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if excess(mid) > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    tau = spread * math.exp(0.5 * (lo + hi))
    value = _lse_mean(ell, tau) + tau * r
    return ConstrainedDRO(value=value, tau=tau, weights=_gibbs(ell, tau))


@dataclasses.dataclass(frozen=True)
class ReverseKLDRO:
    """The value of ``max_p Σ_j p_j ℓ_j − τ KL(u‖p)``, its maximiser, and the multiplier μ."""

    value: float
    weights: np.ndarray
    mu: float


def reverse_kl_dro(losses: Any, tau: Any) -> ReverseKLDRO:
    """``max_{p ∈ Δ_n} Σ_j p_j ℓ_j − τ KL(u‖p)``: ``p_j = τ/(n(μ − ℓ_j))`` with ``Σ_j p_j = 1``.

    ``Σ_j τ/(n(μ − ℓ_j))`` falls from ∞ to 0 as μ runs over ``(max ℓ, ∞)``, so the root is unique; it
    lies in ``(max ℓ + τ/n, max ℓ + τ]``, found by bisection in units of τ.
    """
    ell = _vector("losses", losses)
    t = _number("tau", tau, low=0.0, low_open=True)
    n = ell.size
    gaps = (ell.max() - ell) / t  # ≥ 0, scale-free

    def mass(g: float) -> float:  # Σ p_j − 1 at μ = max ℓ + g τ
        return float(np.sum(1.0 / (n * (g + gaps)))) - 1.0

    lo, hi = 1.0 / n, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mass(mid) > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 4e-16 * hi:
            break
    g = 0.5 * (lo + hi)
    p = 1.0 / (n * (g + gaps))
    p = p / p.sum()
    value = float(np.dot(p, ell)) + t * (math.log(n) + float(np.mean(np.log(p))))
    return ReverseKLDRO(value=value, weights=p, mu=float(ell.max()) + g * t)


def ldr_kl_loss(scores: Any, label: Any, lam: Any, margin: Any = 0.0) -> float:
    """``ψ_λ(s, y) = λ log((1/K) Σ_k exp((c·[k≠y] + s_k − s_y)/λ))`` for scores ``s ∈ ℝ^K`` (K ≥ 2),
    label ``y ∈ {0, …, K−1}``, ``λ > 0`` and margin ``c ≥ 0``."""
    s = _vector("scores", scores, min_size=2)
    if isinstance(label, (bool, np.bool_)) or not isinstance(label, (int, np.integer)):
        raise TypeError(f"label must be an integer, got {type(label).__name__}")
    y = int(label)
    if not 0 <= y < s.size:
        raise ValueError(f"label must lie in [0, {s.size - 1}], got {label!r}")
    lmb = _number("lam", lam, low=0.0, low_open=True)
    c = _number("margin", margin, low=0.0)
    x = c * (np.arange(s.size) != y) + s - s[y]
    return _lse_mean(x, lmb)
