"""The f-distill weighting and gradient as a practitioner calls them.

* :func:`f_weighting`: h(r) = f″(r) r² for a named divergence, r = p/q (teacher over student density);
* :func:`ratio_from_logits`: the released density-ratio estimate exp(clamp(mean logit, −10, 10)), clamped;
* :func:`normalise_weights`: weights divided by their batch mean (scale-free: invariant to a common factor);
* :func:`f_distill_gradient`: the batch estimate −mean_i h(r_i)(∇log p − ∇log q)(x_i)ᵀ ∂x_i/∂θ of ∇_θ D_f(p‖q_θ).

Every function validates its inputs: a TypeError or ValueError names the argument.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["DIVERGENCES", "f_distill_gradient", "f_weighting", "normalise_weights", "ratio_from_logits"]

#: h(r) = f″(r) r² for each divergence (derived in the claims f_distill.weight_*)
_WEIGHTS = {
    "reverse_kl": lambda x: np.ones_like(x),
    "forward_kl": lambda x: x,
    "js": lambda x: x / (1.0 + x),
    "squared_hellinger": lambda x: 0.5 * np.sqrt(x),
    "jeffreys": lambda x: 1.0 + x,
    "softened_rkl": lambda x: 1.0 / (1.0 + x),
    "neyman_chi2": lambda x: 2.0 / x,
    "pearson_chi2": lambda x: 2.0 * x * x,
}
DIVERGENCES = tuple(_WEIGHTS)


def _real_array(value, name: str, *, ndim: tuple[int, ...]) -> np.ndarray:
    if isinstance(value, (bool, np.bool_, str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged input
        raise ValueError(f"{name} could not be read as an array: {exc}") from None
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim not in ndim:
        raise ValueError(f"{name} must have {' or '.join(map(str, ndim))} dimensions, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} holds NaN or infinity")
    return arr


def _positive_scalar(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite positive number, got {value}")
    return value


def _divergence(name) -> str:
    if not isinstance(name, str):
        raise TypeError(f"divergence must be a string, got {type(name).__name__}")
    if name not in _WEIGHTS:
        raise ValueError(f"divergence must be one of {', '.join(DIVERGENCES)}, got {name!r}")
    return name


def _ratios(ratio) -> np.ndarray:
    arr = _real_array(ratio, "ratio", ndim=(0, 1))
    if np.any(arr <= 0):
        raise ValueError("ratio (a density ratio p/q) must be positive")
    return arr


def f_weighting(ratio, divergence):
    """h(r) = f″(r) r² of ``divergence`` (one of :data:`DIVERGENCES`) at the density ratios r = p/q > 0."""
    x, name = _ratios(ratio), _divergence(divergence)
    out = _WEIGHTS[name](x)
    return float(out) if np.ndim(ratio) == 0 else out


def ratio_from_logits(logits, ratio_lower=1e-4, ratio_upper=1e4):
    """exp(clamp(mean over the last axis of ``logits``, −10, 10)) clamped to [ratio_lower, ratio_upper]: the released
    estimate of p/q from a discriminator's logits, shape (batch, k) or (batch,) (k = 1)."""
    arr = _real_array(logits, "logits", ndim=(1, 2))
    lo, hi = _positive_scalar(ratio_lower, "ratio_lower"), _positive_scalar(ratio_upper, "ratio_upper")
    if lo > hi:
        raise ValueError(f"ratio_lower must not exceed ratio_upper, got {lo} > {hi}")
    mean = arr.mean(axis=-1) if arr.ndim == 2 else arr
    return np.clip(np.exp(np.clip(mean, -10.0, 10.0)), lo, hi)


def normalise_weights(weights):
    """The weights divided by their batch mean (exactly, no additive ε): the result has mean 1 and does not change
    when every weight is multiplied by the same positive number."""
    w = _real_array(weights, "weights", ndim=(1,))
    if np.any(w <= 0):
        raise ValueError("weights must be positive")
    scale = np.max(w)
    w = w / scale  # scale first: the mean of huge weights cannot overflow
    return w / np.mean(w)


def f_distill_gradient(ratio, score_teacher, score_student, jacobian, divergence):
    """−(1/B) Σᵢ h(rᵢ) (∇log p(xᵢ) − ∇log q(xᵢ))ᵀ ∂xᵢ/∂θ: the batch estimate of ∇_θ D_f(p‖q_θ).

    ratio: (B,) density ratios p/q at the samples; score_teacher, score_student: (B, d) scores (or (B,) for d = 1);
    jacobian: (B, d, k) derivatives ∂x/∂θ (or (B,) for d = k = 1). Returns the (k,) gradient (a float for d = k = 1).
    """
    x = _ratios(ratio)
    if x.ndim != 1:
        raise ValueError(f"ratio must be a 1-D batch, got shape {x.shape}")
    name = _divergence(divergence)
    sp_ = _real_array(score_teacher, "score_teacher", ndim=(1, 2))
    sq = _real_array(score_student, "score_student", ndim=(1, 2))
    jac = _real_array(jacobian, "jacobian", ndim=(1, 3))
    if sp_.shape != sq.shape:
        raise ValueError(f"score_teacher and score_student must have the same shape, got {sp_.shape} and {sq.shape}")
    if sp_.shape[0] != x.shape[0]:
        raise ValueError(f"score_teacher must have one row per ratio ({x.shape[0]}), got shape {sp_.shape}")
    h = _WEIGHTS[name](x)
    diff = sp_ - sq
    if sp_.ndim == 1:
        if jac.shape != x.shape:
            raise ValueError(f"jacobian must have shape {x.shape} for 1-D scores, got {jac.shape}")
        return float(-np.mean(h * diff * jac))
    if jac.ndim != 3 or jac.shape[:2] != sp_.shape:
        raise ValueError(f"jacobian must have shape (B, d, k) = {sp_.shape} + (k,), got {jac.shape}")
    return -np.einsum("b,bd,bdk->k", h, diff, jac) / x.shape[0]
