"""The rDPO loss as a practitioner calls it: per-pair losses, gradient weights and the flip variance, for arrays of
implicit reward margins h = log(π(y_w|x)/π_ref(y_w|x)) − log(π(y_l|x)/π_ref(y_l|x)).

Every function validates its inputs (ValueError/TypeError naming the argument). The loss is computed in the form
ℓ̂_ε(h) = softplus(−βh) − βεh/(1 − 2ε), algebraically equal to the paper's [(1 − ε)ℓ(h) − εℓ(−h)]/(1 − 2ε) (see the
claims robust_dpo.library_rdpo_loss) and free of the cancellation between two large terms of the paper's form.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["cdpo_loss", "dpo_loss", "rdpo_flip_variance", "rdpo_gradient_weight", "rdpo_loss"]


def _margins(margins) -> np.ndarray:
    if isinstance(margins, (bool, np.bool_)) or isinstance(margins, str):
        raise TypeError(f"margins must be real numbers, got {type(margins).__name__}")
    arr = np.asarray(margins)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"margins must be real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError("margins is empty")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError("margins holds NaN or infinity")
    return arr


def _scalar(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _epsilon(epsilon) -> float:
    epsilon = _scalar(epsilon, "epsilon")
    if not 0.0 <= epsilon < 0.5:
        raise ValueError(f"epsilon (the flip rate) must be in [0, 1/2), got {epsilon}: at 1/2 the labels carry no "
                         "information and the rDPO loss is undefined")
    return epsilon


def _beta(beta) -> float:
    beta = _scalar(beta, "beta")
    if beta <= 0:
        raise ValueError(f"beta must be positive, got {beta}")
    return beta


def _out(arr: np.ndarray, like):
    return float(arr) if np.ndim(like) == 0 else arr


def dpo_loss(margins, beta=1.0):
    """−log σ(βh) per pair, stably (np.logaddexp)."""
    h, beta = _margins(margins), _beta(beta)
    return _out(np.logaddexp(0.0, -beta * h), margins)


def rdpo_loss(margins, epsilon, beta=1.0):
    """The rDPO loss [(1 − ε)ℓ(h) − εℓ(−h)]/(1 − 2ε) per pair, ε ∈ [0, 1/2), computed as
    softplus(−βh) − βεh/(1 − 2ε); unbiased for the clean DPO loss under label flips at rate ε."""
    h, eps, beta = _margins(margins), _epsilon(epsilon), _beta(beta)
    return _out(np.logaddexp(0.0, -beta * h) - beta * eps * h / (1 - 2 * eps), margins)


def cdpo_loss(margins, epsilon, beta=1.0):
    """Conservative DPO (label smoothing): (1 − ε)ℓ(h) + εℓ(−h), computed as softplus(−βh) + εβh."""
    h, eps, beta = _margins(margins), _epsilon(epsilon), _beta(beta)
    return _out(np.logaddexp(0.0, -beta * h) + eps * beta * h, margins)


def rdpo_gradient_weight(margins, epsilon, beta=1.0):
    """ζ with dℓ̂_ε/dh = −βζ: [(1 − ε)σ(−βh) + εσ(βh)]/(1 − 2ε) = σ(−βh) + ε/(1 − 2ε) (always > ε/(1 − 2ε))."""
    h, eps, beta = _margins(margins), _epsilon(epsilon), _beta(beta)
    sig = np.exp(-np.logaddexp(0.0, beta * h))  # σ(−βh) without overflow
    return _out(sig + eps / (1 - 2 * eps), margins)


def rdpo_flip_variance(margins, epsilon, beta=1.0):
    """Var_flip[ℓ̂_ε] = ε(1 − ε)β²h²/(1 − 2ε)²: the variance over the label flip of one pair."""
    h, eps, beta = _margins(margins), _epsilon(epsilon), _beta(beta)
    return _out(eps * (1 - eps) * (beta * h) ** 2 / (1 - 2 * eps) ** 2, margins)
