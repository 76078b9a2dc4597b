"""What a practitioner calls: the optimal denoising auto-encoder and the score it estimates (1-D).

For data x ~ p and corruption x̃ = x + ε, ε ~ N(0, σ²), the minimiser of E‖r(x + ε) − x‖² is the
posterior mean r*(x̃) = E[x | x̃], and (r*(x) − x)/σ² estimates the score d log p/dx (arXiv 1211.4246).

- :func:`mixture_dae_minimiser`: r*_σ in closed form when p is a Gaussian mixture (conjugacy: each
  component's posterior mean (s²x̃ + σ²μ)/(s² + σ²), weighted by the component's evidence
  N(x̃; μ, s² + σ²)).
- :func:`empirical_dae_minimiser`: r*_σ for the empirical measure of samples (a Nadaraya–Watson
  smoother with a Gaussian kernel of width σ).
- :func:`mixture_score`: the score of a Gaussian mixture.
- :func:`score_from_reconstruction`: the estimate (r − x)/σ².

Every argument is validated (``TypeError`` for a wrong type, booleans included; ``ValueError`` for NaN,
infinity, an empty or wrongly shaped array or an out-of-range value), and the message names the
argument. The computations are scale-free: the kernel works in units of σ (and of √(s² + σ²)), weights
are normalised in the log domain, and σ² is never formed, so data and σ scaled together by 10^±150
give the same answer scaled.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["mixture_dae_minimiser", "empirical_dae_minimiser", "mixture_score", "score_from_reconstruction"]


def _array(name: str, value: object) -> np.ndarray:
    """``value`` as a finite float array (a scalar becomes shape ()), or an error naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    arr = raw.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _vector(name: str, value: object, *, positive: bool = False) -> np.ndarray:
    arr = _array(name, value)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    if positive and not np.all(arr > 0):
        raise ValueError(f"{name} must be positive")
    return arr


def _sigma(value: object) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"sigma must be a real number, got {type(value).__name__}")
    s = float(value)
    if not (math.isfinite(s) and s > 0):
        raise ValueError(f"sigma must be finite and positive, got {value!r}")
    return s


def _mixture(means: object, sds: object, weights: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu = _vector("means", means)
    sd = _vector("sds", sds, positive=True)
    w = _vector("weights", weights, positive=True)
    if not mu.shape == sd.shape == w.shape:
        raise ValueError(f"means, sds and weights must have one entry per component, got sizes "
                         f"{mu.size}, {sd.size}, {w.size}")
    return mu, sd, w / w.max()


def _softmax_rows(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax along the last axis, stable."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def mixture_score(x: object, means: object, sds: object, weights: object) -> np.ndarray:
    """d/dx log p(x) for p = Σ_k w_k N(μ_k, s_k²) (weights positive, normalised here), at each x."""
    xs = _array("x", x)
    mu, sd, w = _mixture(means, sds, weights)
    u = (xs[..., None] - mu) / sd                                   # standardised distance to each mean
    post = _softmax_rows(np.log(w) - np.log(sd) - 0.5 * u * u)        # responsibilities
    return np.asarray(np.sum(post * (-u / sd), axis=-1))


def mixture_dae_minimiser(x: object, sigma: object, means: object, sds: object, weights: object) -> np.ndarray:
    """r*_σ(x̃) = E[x | x̃] for x ~ Σ_k w_k N(μ_k, s_k²) and x̃ = x + N(0, σ²), at each x̃ = ``x``.

    Component k contributes its posterior mean x̃ + (σ/t_k)²(μ_k − x̃), t_k = √(s_k² + σ²), with weight
    ∝ w_k N(x̃; μ_k, t_k²).
    """
    xs = _array("x", x)
    s = _sigma(sigma)
    mu, sd, w = _mixture(means, sds, weights)
    t = np.hypot(sd, s)
    u = (xs[..., None] - mu) / t
    post = _softmax_rows(np.log(w) - np.log(t) - 0.5 * u * u)
    shrink = (s / t) ** 2
    return np.asarray(xs + np.sum(post * shrink * (mu - xs[..., None]), axis=-1))


def empirical_dae_minimiser(x: object, samples: object, sigma: object) -> np.ndarray:
    """r̂_σ(x̃) = Σ_i x_i N(x̃; x_i, σ²) / Σ_i N(x̃; x_i, σ²): the DAE minimiser for the empirical measure."""
    xs = _array("x", x)
    data = _vector("samples", samples)
    s = _sigma(sigma)
    u = (xs[..., None] - data) / s
    post = _softmax_rows(-0.5 * u * u)
    return np.asarray(xs + s * np.sum(post * (-u), axis=-1))


def score_from_reconstruction(reconstruction: object, x: object, sigma: object) -> np.ndarray:
    """The score estimate (r(x) − x)/σ² (computed as ((r − x)/σ)/σ, so σ² is never formed)."""
    r = _array("reconstruction", reconstruction)
    xs = _array("x", x)
    s = _sigma(sigma)
    if r.shape != xs.shape:
        raise ValueError(f"reconstruction must have the shape of x, got {r.shape} and {xs.shape}")
    return np.asarray(((r - xs) / s) / s)
