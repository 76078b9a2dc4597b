"""The NPO library a practitioner calls: sequence log-probabilities, the NPO loss and its gradient weights.

R. Zhang, L. Lin, Y. Bai, S. Mei, "Negative Preference Optimization" (arXiv 2404.05868), with the
authors' release (commit 1207bbe, ``TOFU/data_module.py::get_batch_loss`` and the loss type ``npo`` of
``TOFU/dataloader.py``).

* :func:`sequence_log_probs`: log π(y|x) of each sequence of a batch from a causal model's logits, as the
  release scores it (logits at position t predict the label at t + 1; labels equal to ``ignore_index``,
  the question and the padding after the first end token, count for nothing);
* :func:`npo_loss`: L = (2/β) mean_i log(1 + (π_θ,i/π_ref,i)^β), the release's
  ``-logsigmoid(β (nll_θ − nll_ref)).mean() · 2/β``;
* :func:`npo_weights`: W_i = 2π_θ,i^β/(π_θ,i^β + π_ref,i^β), so that ∇L = mean_i W_i ∇ log π_θ,i.

Every function validates its arguments and raises ``TypeError`` (wrong type: a string, ``None``, a
complex number, a boolean) or ``ValueError`` (NaN, ±inf, an empty or wrongly shaped array, a value out of
range) naming the argument. The loss and the weights depend on the log-probabilities only through
u = log π_θ − log π_ref and on β u, and are computed from them without overflow or cancellation:
(2/β) log(1 + e^{βu}) = 2 max(u, 0) + (2/β) log1p(e^{−β|u|}) and W = 2σ(βu). Log-probabilities of any
size (−1e300 included) and β from 1e-300 to 1e300 give the value to float64 accuracy, or a ValueError
when the value itself exceeds the float range.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from scipy.special import expit

__all__ = ["IGNORE_INDEX", "sequence_log_probs", "npo_loss", "npo_weights"]

#: The label value that counts for nothing (PyTorch's ``CrossEntropyLoss`` default, used by the release).
IGNORE_INDEX = -100


def _float_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a finite float array, or TypeError/ValueError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        try:
            raw = raw.astype(float)
        except OverflowError:
            raise ValueError(f"{name} must be finite (an entry exceeds the float range)") from None
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    arr = raw.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _beta(beta: Any) -> float:
    if isinstance(beta, (bool, np.bool_)) or not isinstance(beta, numbers.Real):
        raise TypeError(f"beta must be a real number, got {type(beta).__name__} {beta!r}")
    b = float(beta)
    if not (math.isfinite(b) and b > 0):
        raise ValueError(f"beta must be a finite positive number (the inverse temperature β), got {beta!r}")
    return b


def _log_prob_pair(logp_theta: Any, logp_ref: Any) -> tuple[np.ndarray, np.ndarray]:
    lp = _float_array("logp_theta", logp_theta)
    lr = _float_array("logp_ref", logp_ref)
    for name, arr in (("logp_theta", lp), ("logp_ref", lr)):
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D array (one log-probability per sequence), "
                             f"got shape {arr.shape}")
        if np.any(arr > 0):
            raise ValueError(f"{name} must hold log-probabilities (≤ 0), got a maximum of {arr.max()!r}")
    if lp.shape != lr.shape:
        raise ValueError(f"logp_theta and logp_ref must have the same shape, got {lp.shape} and {lr.shape}")
    return lp, lr


def sequence_log_probs(logits: Any, labels: Any, *, ignore_index: int = IGNORE_INDEX) -> np.ndarray:
    """log π(y|x) of each sequence: Σ_t log softmax(logits[b, t])[labels[b, t + 1]] over the positions
    whose label is not ``ignore_index`` (the negated ``get_batch_loss`` of the release).

    logits: real array of shape (batch, length, vocabulary), batch ≥ 1, length ≥ 2, vocabulary ≥ 2.
    labels: integer array of shape (batch, length), each entry in [0, vocabulary) or ``ignore_index``.
    A sequence whose labels are all ignored has log-probability 0 (an empty product), as in the release.
    Logits are shifted by their row maximum first, so any scale up to the float range works.
    """
    z = _float_array("logits", logits)
    if z.ndim != 3 or z.shape[0] < 1 or z.shape[1] < 2 or z.shape[2] < 2:
        raise ValueError("logits must have shape (batch, length, vocabulary) with batch ≥ 1, length ≥ 2 and "
                         f"vocabulary ≥ 2, got {z.shape}")
    if isinstance(ignore_index, (bool, np.bool_)) or not isinstance(ignore_index, numbers.Integral):
        raise TypeError(f"ignore_index must be an integer, got {type(ignore_index).__name__}")
    if ignore_index >= 0:
        raise ValueError(f"ignore_index must be negative (it may not collide with a token id), got {ignore_index}")
    if labels is None or isinstance(labels, (str, bytes, bool, np.bool_)):
        raise TypeError(f"labels must be an array of integer token ids, got {type(labels).__name__}")
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        raise TypeError(f"labels must hold integer token ids, got dtype {y.dtype}")
    if y.shape != z.shape[:2]:
        raise ValueError(f"labels must have shape {z.shape[:2]} (batch, length) to match logits, got {y.shape}")
    counted = y != ignore_index
    if np.any(counted & ((y < 0) | (y >= z.shape[2]))):
        raise ValueError(f"labels must be token ids in [0, {z.shape[2]}) or ignore_index={ignore_index}")
    z, y, counted = z[:, :-1, :], y[:, 1:], counted[:, 1:]
    m = z.max(axis=-1, keepdims=True)
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = z - m  # ≤ 0; −inf only where a logit is more than the float range below the row maximum
        lse = np.log(np.exp(shifted).sum(axis=-1))
        picked = np.take_along_axis(shifted, np.where(counted, y, 0)[..., None], axis=-1)[..., 0]
        out = np.where(counted, picked - lse, 0.0).sum(axis=-1)
    if not np.all(np.isfinite(out)):
        raise ValueError("logits: a log-probability falls below the float range (a logit more than 1.8e308 "
                         "below its row maximum)")
    return out


def npo_loss(logp_theta: Any, logp_ref: Any, beta: float) -> float:
    """L = (2/β) mean_i log(1 + (π_θ,i/π_ref,i)^β) from log π_θ,i and log π_ref,i (1-D arrays of equal
    length, entries ≤ 0) and β > 0. Minimising it is NPO; as β → 0, L − (2/β) log 2 → mean(log π_θ −
    log π_ref), gradient ascent's objective up to a constant."""
    lp, lr = _log_prob_pair(logp_theta, logp_ref)
    b = _beta(beta)
    u = lp - lr  # |u| ≤ max(|lp|, |lr|): no overflow
    with np.errstate(over="ignore", under="ignore"):
        x = b * np.abs(u)  # may be +inf: then the tail below is 0
        # (1/β) log1p(e^{−x}); past x = 30 it is e^{−x}/β to 1e-13 relative, taken as exp(−x − log β) so
        # that a tiny β does not lose a tail that e^{−x} alone would underflow
        tail = np.where(x > 30, np.exp(-x - math.log(b)), np.log1p(np.exp(-np.minimum(x, 30.0))) / b)
        half = np.maximum(u, 0.0) + tail  # half of each sample's loss
        top = float(np.max(half))  # half ≥ 0: the mean of half/top cannot overflow
        value = 0.0 if top == 0.0 else 2 * top * float(np.mean(half / top)) if math.isfinite(top) else math.inf
    if not math.isfinite(value):
        raise ValueError(f"beta = {beta!r}: the loss (2/β)·log 2 + … exceeds the float range")
    return value


def npo_weights(logp_theta: Any, logp_ref: Any, beta: float) -> np.ndarray:
    """W_i = 2π_θ,i^β/(π_θ,i^β + π_ref,i^β) = 2σ(β(log π_θ,i − log π_ref,i)) ∈ [0, 2] (open interval in
    exact arithmetic; float64 rounds W to 0 or 2 once |β u| > 745 or 37): ∇L = mean_i W_i ∇ log π_θ,i.
    W = 1 exactly where π_θ = π_ref, whatever the scale of the log-probabilities."""
    lp, lr = _log_prob_pair(logp_theta, logp_ref)
    b = _beta(beta)
    with np.errstate(over="ignore"):
        return 2 * expit(b * (lp - lr))
