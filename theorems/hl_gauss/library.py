"""Categorical value targets for a scalar regression target: HL-Gauss and two-hot, encoding and decoding.

What a practitioner calls to train a value function by classification (Farebrother et al., arXiv 2403.03950;
HL-Gauss from Imani & White, arXiv 1806.04613):

* :func:`hl_gauss_target`: the HL-Gauss histogram of targets ``y`` on ``num_bins`` equal bins of
  ``[v_min, v_max]``, the normal law N(y, σ²) truncated to the support and binned;
* :func:`hl_gauss_decode`: Σ_i p_i c_i with the bin centres c_i;
* :func:`hl_gauss_cross_entropy`: the cross-entropy between softmax(logits) and the HL-Gauss target;
* :func:`two_hot_target`, :func:`two_hot_decode`: the two-hot histogram on increasing atoms and its mean.

Targets outside the support are clipped to it first (the policy this library takes: the released listing has
none and returns NaN far outside, see the claim ``hl_gauss.release_finite_everywhere``). Everything is computed
in units of the bin width, so the result does not depend on the scale or offset of the values: an affine map of
``y``, the support and ``sigma`` leaves the histogram unchanged. The bin probabilities are differences of the
normal law's upper tail on the side of the edge that lies away from ``y``, so a bin many σ away keeps its relative
accuracy instead of being the difference of two numbers near 1.

Every argument is validated: a boolean, string, None or complex value raises ``TypeError``; NaN, infinity,
an empty array, a wrong shape, a non-positive σ, ``v_min ≥ v_max``, fewer than two bins or atoms that do not
increase raise ``ValueError``; each message names the argument.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy.special import log_softmax, ndtr

__all__ = ["hl_gauss_target", "hl_gauss_decode", "hl_gauss_cross_entropy", "two_hot_target", "two_hot_decode"]


def _real_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a finite float array, or TypeError/ValueError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings, None or complex numbers)")
        try:
            raw = raw.astype(float)
        except OverflowError:
            raise ValueError(f"{name} must be finite (an entry exceeds the float range)") from None
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    arr = raw.astype(float)
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _number(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return v


def _support(v_min: Any, v_max: Any, num_bins: Any) -> tuple[float, float, int]:
    lo, hi = _number("v_min", v_min), _number("v_max", v_max)
    if not lo < hi:
        raise ValueError(f"v_min must be below v_max, got v_min={v_min!r}, v_max={v_max!r}")
    if not np.isfinite(hi - lo):
        raise ValueError(f"v_max - v_min must be finite, got {hi - lo!r}")
    if isinstance(num_bins, (bool, np.bool_)) or not isinstance(num_bins, numbers.Integral):
        raise TypeError(f"num_bins must be an int, got {type(num_bins).__name__} {num_bins!r}")
    if int(num_bins) < 2:
        raise ValueError(f"num_bins must be at least 2, got {num_bins!r}")
    return lo, hi, int(num_bins)


def _probabilities(t: np.ndarray, s: float, m: int) -> np.ndarray:
    """Bin k of the edges 0, 1, …, m (bin units) under N(t, s²) truncated to [0, m]: rows of m probabilities."""
    edges = np.arange(m + 1, dtype=float)
    u = (edges[None, :] - t[:, None]) / s  # standardised edges, increasing along each row
    lower_tail = ndtr(u)  # accurate for the edges left of t (u < 0)
    upper_tail = ndtr(-u)  # accurate for the edges right of t (u > 0)
    # a bin right of t: Q(u_k) − Q(u_{k+1}); left of t: Φ(u_{k+1}) − Φ(u_k); astride t: 1 − both tails
    right = upper_tail[:, :-1] - upper_tail[:, 1:]
    left = lower_tail[:, 1:] - lower_tail[:, :-1]
    astride = 1.0 - lower_tail[:, :-1] - upper_tail[:, 1:]
    mass = np.where(u[:, :-1] >= 0, right, np.where(u[:, 1:] <= 0, left, astride))
    mass = np.maximum(mass, 0.0)
    return mass / mass.sum(axis=1, keepdims=True)


def hl_gauss_target(y: Any, v_min: float, v_max: float, num_bins: int, sigma: float) -> np.ndarray:
    """The HL-Gauss histogram of ``y`` (a number or a 1-D array): shape ``(num_bins,)`` or ``(n, num_bins)``.

    p_i(y) = [Φ((e_{i+1} − y)/σ) − Φ((e_i − y)/σ)] / [Φ((e_m − y)/σ) − Φ((e_0 − y)/σ)] on the edges
    e_i = v_min + iς, ς = (v_max − v_min)/num_bins, after clipping y to [v_min, v_max]. ``sigma`` is in the
    units of y (the paper's recommendation, as recalled, is σ = 0.75ς). Each row is non-negative and sums to 1.
    """
    lo, hi, m = _support(v_min, v_max, num_bins)
    sig = _number("sigma", sigma)
    if not sig > 0:
        raise ValueError(f"sigma must be positive, got {sigma!r}")
    arr = _real_array("y", y)
    if arr.ndim > 1:
        raise ValueError(f"y must be a number or a 1-D array, got shape {arr.shape}")
    width = (hi - lo) / m
    s = sig / width
    if not np.isfinite(s) or s == 0:
        raise ValueError(f"sigma / bin width = {s!r} is outside the float range")
    t = (np.clip(np.atleast_1d(arr), lo, hi) - lo) / width
    probs = _probabilities(t, s, m)
    return probs[0] if arr.ndim == 0 else probs


def hl_gauss_decode(probs: Any, v_min: float, v_max: float) -> Any:
    """Σ_i p_i c_i with the centres c_i = v_min + (i + 1/2)ς of the ``probs.shape[-1]`` bins of [v_min, v_max].

    ``probs``: a probability vector (a float comes back) or an (n, m) array of them (n values). Rows must be
    non-negative and sum to 1 within 1e-6 (a histogram, not logits).
    """
    arr = _real_array("probs", probs)
    if arr.ndim not in (1, 2):
        raise ValueError(f"probs must be a vector or an (n, m) array, got shape {arr.shape}")
    lo, hi, m = _support(v_min, v_max, arr.shape[-1])
    if np.any(arr < 0) or np.any(np.abs(arr.sum(axis=-1) - 1.0) > 1e-6):
        raise ValueError("probs must be non-negative and each row must sum to 1")
    width = (hi - lo) / m
    centres_in_bins = np.arange(m) + 0.5
    values = lo + width * (arr @ centres_in_bins)
    return float(values) if arr.ndim == 1 else values


def hl_gauss_cross_entropy(logits: Any, y: Any, v_min: float, v_max: float, sigma: float) -> Any:
    """−Σ_i p_i(y) log softmax(logits)_i: a float for a vector of ``num_bins`` logits and a number y, an array
    of n losses for (n, num_bins) logits and n targets. The number of bins is the number of logits."""
    z = _real_array("logits", logits)
    if z.ndim not in (1, 2):
        raise ValueError(f"logits must be a vector or an (n, m) array, got shape {z.shape}")
    targets = hl_gauss_target(y, v_min, v_max, z.shape[-1], sigma)
    if targets.shape != z.shape:
        raise ValueError(f"y must give one target per row of logits: logits {z.shape}, targets {targets.shape}")
    loss = -np.sum(targets * log_softmax(z, axis=-1), axis=-1)
    return float(loss) if z.ndim == 1 else loss


def _atoms(atoms: Any) -> np.ndarray:
    a = _real_array("atoms", atoms)
    if a.ndim != 1 or a.size < 2:
        raise ValueError(f"atoms must be a vector of at least 2 values, got shape {a.shape}")
    if not np.all(np.diff(a) > 0):
        raise ValueError("atoms must be strictly increasing")
    return a


def two_hot_target(y: Any, atoms: Any) -> np.ndarray:
    """The two-hot histogram of ``y`` on the increasing ``atoms``: y ∈ [a_j, a_{j+1}] puts
    (a_{j+1} − y)/(a_{j+1} − a_j) on a_j and the rest on a_{j+1}; y outside [a_1, a_m] is clipped first
    (all the mass on the nearest end atom). Shape ``(m,)`` for a number y, ``(n, m)`` for n targets."""
    a = _atoms(atoms)
    arr = _real_array("y", y)
    if arr.ndim > 1:
        raise ValueError(f"y must be a number or a 1-D array, got shape {arr.shape}")
    t = np.clip(np.atleast_1d(arr), a[0], a[-1])
    j = np.clip(np.searchsorted(a, t, side="right") - 1, 0, a.size - 2)
    upper = (t - a[j]) / (a[j + 1] - a[j])
    upper = np.clip(upper, 0.0, 1.0)
    out = np.zeros((t.size, a.size))
    rows = np.arange(t.size)
    out[rows, j] = 1.0 - upper
    out[rows, j + 1] += upper
    return out[0] if arr.ndim == 0 else out


def two_hot_decode(probs: Any, atoms: Any) -> Any:
    """Σ_i p_i a_i: a float for a vector, an array for (n, m) rows; rows non-negative summing to 1 (1e-6)."""
    a = _atoms(atoms)
    arr = _real_array("probs", probs)
    if arr.ndim not in (1, 2) or arr.shape[-1] != a.size:
        raise ValueError(f"probs must have shape ({a.size},) or (n, {a.size}), got {arr.shape}")
    if np.any(arr < 0) or np.any(np.abs(arr.sum(axis=-1) - 1.0) > 1e-6):
        raise ValueError("probs must be non-negative and each row must sum to 1")
    values = arr @ a
    return float(values) if arr.ndim == 1 else values
