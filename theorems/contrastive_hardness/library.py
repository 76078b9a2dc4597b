"""The per-anchor contrastive (InfoNCE) loss, its gradient, the hardness weights, and the uniformity and tolerance
metrics: what a practitioner calls.

For one anchor with positive similarity ``s_pos`` (s_ii) and negatives ``s_neg`` (s_ik, k ≠ i, K ≥ 1 of them) at
temperature τ > 0:

* :func:`contrastive_loss`: L = −log(e^{s_ii/τ} / (e^{s_ii/τ} + Σ_k e^{s_ik/τ})), written as log(1 + Σ_k e^{a_k}) with
  a_k = (s_ik − s_ii)/τ and a shifted log-sum-exp, so that τ = 1e-3 neither overflows nor loses the loss's small
  values to cancellation; ``include_positive=False`` drops e^{s_ii/τ} from the denominator;
* :func:`contrastive_grad`: (∂L/∂s_ii, ∂L/∂s_ik) = (−(1/τ) Σ_k P_ik, P_ik/τ), P_ik = e^{a_k − L};
* :func:`hardness_weights`: r_k = e^{s_ik/τ} / Σ_j e^{s_ij/τ}, the relative penalty of each negative;
* :func:`hardness_entropy`: the Shannon entropy of r (nats);
* :func:`uniformity`: L_unif = log mean_{i<j} e^{−2‖u_i − u_j‖²} over the L2-normalised rows u of the features
  (Wang and Isola, t = 2), and :func:`tolerance`: the mean u_iᵀu_j over pairs i < j with the same label. Both are
  scale-free (each row is normalised first).

Every input is validated: a ValueError or TypeError names the argument (NaN, infinities, empty or wrongly shaped
arrays, bools, non-positive τ, a zero feature row, labels without a same-label pair).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = ["contrastive_grad", "contrastive_loss", "hardness_entropy", "hardness_weights", "tolerance",
           "uniformity"]


def _real(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return out


def _tau(tau: Any) -> float:
    out = _real("tau", tau)
    if not out > 0:
        raise ValueError(f"tau must be positive, got {tau!r}")
    return out


def _array(name: str, value: Any, ndim: int) -> np.ndarray:
    if isinstance(value, (str, bytes)) or np.isscalar(value) and ndim > 0:
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def _logsumexp(x: np.ndarray) -> float:
    m = float(np.max(x))
    return m + float(np.log(np.sum(np.exp(x - m))))


def _softplus(y: float) -> float:
    """log(1 + e^y) without overflow or loss of small values."""
    return max(y, 0.0) + float(np.log1p(np.exp(-abs(y))))


def contrastive_loss(s_pos: Any, s_neg: Any, tau: Any, *, include_positive: bool = True) -> float:
    """L_i at temperature τ for one anchor; ``include_positive=False`` drops e^{s_ii/τ} from the denominator."""
    s0, neg, t = _real("s_pos", s_pos), _array("s_neg", s_neg, 1), _tau(tau)
    if not isinstance(include_positive, (bool, np.bool_)):
        raise TypeError(f"include_positive must be a bool, got {type(include_positive).__name__}")
    a = (neg - s0) / t
    lse = _logsumexp(a)
    return _softplus(lse) if include_positive else lse


def contrastive_grad(s_pos: Any, s_neg: Any, tau: Any, *, include_positive: bool = True) -> tuple[float, np.ndarray]:
    """(∂L_i/∂s_ii, ∂L_i/∂s_ik): (−(1/τ) Σ_k P_ik, P_ik/τ); without the positive in the denominator, (−1/τ, r_k/τ)."""
    loss = contrastive_loss(s_pos, s_neg, tau, include_positive=include_positive)
    s0, neg, t = float(s_pos), np.asarray(s_neg, dtype=float), float(tau)
    p = np.exp((neg - s0) / t - loss)
    if include_positive:
        return -float(np.sum(p)) / t, p / t
    return -1.0 / t, p / t


def hardness_weights(s_neg: Any, tau: Any) -> np.ndarray:
    """r_k = e^{s_ik/τ} / Σ_j e^{s_ij/τ}: the relative penalty |∂L/∂s_ik| / |∂L/∂s_ii| of each negative."""
    neg, t = _array("s_neg", s_neg, 1), _tau(tau)
    x = neg / t
    return np.exp(x - _logsumexp(x))


def hardness_entropy(s_neg: Any, tau: Any) -> float:
    """H(r) = −Σ_k r_k log r_k in nats, with log r_k taken from the shifted log-sum-exp (no log of 0)."""
    neg, t = _array("s_neg", s_neg, 1), _tau(tau)
    x = neg / t
    log_r = x - _logsumexp(x)
    return float(max(-np.sum(np.exp(log_r) * log_r), 0.0))


def _unit_rows(features: Any) -> np.ndarray:
    arr = _array("features", features, 2)
    if arr.shape[0] < 2:
        raise ValueError(f"features must have at least 2 rows, got shape {arr.shape}")
    top = np.max(np.abs(arr), axis=1, keepdims=True)
    if np.any(top == 0):
        raise ValueError("features: a zero row has no direction")
    scaled = arr / top
    return scaled / np.linalg.norm(scaled, axis=1, keepdims=True)


def uniformity(features: Any) -> float:
    """L_unif = log mean over pairs i < j of exp(−2‖u_i − u_j‖²), u the L2-normalised rows (scale-free)."""
    u = _unit_rows(features)
    i, j = np.triu_indices(u.shape[0], k=1)
    sq = np.maximum(2.0 - 2.0 * np.einsum("ij,ij->i", u[i], u[j]), 0.0)
    return _logsumexp(-2.0 * sq) - float(np.log(sq.size))


def tolerance(features: Any, labels: Any) -> float:
    """The mean of u_iᵀu_j over pairs i < j with the same label, u the L2-normalised rows (scale-free)."""
    u = _unit_rows(features)
    lab = np.asarray(labels)
    if lab.dtype == bool or not np.issubdtype(lab.dtype, np.integer):
        raise TypeError(f"labels must be integers, got dtype {lab.dtype}")
    if lab.shape != (u.shape[0],):
        raise ValueError(f"labels must have shape ({u.shape[0]},), got {lab.shape}")
    i, j = np.triu_indices(u.shape[0], k=1)
    same = lab[i] == lab[j]
    if not np.any(same):
        raise ValueError("labels: no two rows share a label, so the tolerance is undefined")
    return float(np.mean(np.einsum("ij,ij->i", u[i[same]], u[j[same]])))
