"""Target-space surrogates: what a practitioner calls to run majorization-minimization in target space.

For a model f(θ) with targets z = f(θ) (an ``(n, k)`` array, e.g. logits) and a loss L(z), the surrogate at
z_t is g_t(z) = L(z_t) + ⟨∇L(z_t), z − z_t⟩ + ‖z − z_t‖²_F/(2η) (Lavington et al., arXiv 2302.02607):

* :func:`softmax_cross_entropy`: the softmax cross-entropy of logits ``(n, k)`` against integer labels, summed
  or averaged over the n examples, and its gradient in the logits;
* :func:`target_surrogate`: the value g_t(z);
* :func:`max_target_step`: the largest η for which g_t upper-bounds L, 1/β with β the smoothness constant of
  the loss in the stacked (Frobenius) norm: 2, 4 and 1 per example for softmax cross-entropy, binary logistic
  and squared loss, times n for the mean over n examples;
* :func:`linear_mm_step`: the exact minimiser of g_t over θ for a linear model f(θ) = Xθ, the target-space
  gradient step z_t − η∇L(z_t) projected onto the range of X by least squares;
* :func:`released_eta_to_step`: the η of the paper that the released ``SGD_FMDOpt`` surrogate uses for its
  ``eta``: η = 1/(2·eta).

Every argument is validated: booleans, strings, None and complex values raise ``TypeError``; NaN, infinity,
empty arrays, wrong shapes, labels outside the classes and non-positive steps raise ``ValueError``; each
message names the argument.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy.special import log_softmax, softmax

__all__ = ["softmax_cross_entropy", "target_surrogate", "max_target_step", "linear_mm_step",
           "released_eta_to_step"]

LOSSES = ("softmax_ce", "logistic", "squared")
REDUCTIONS = ("sum", "mean")
#: β per example in the target space: λ_max(diag(p) − ppᵀ) ≤ 1/2, σ(1 − σ) ≤ 1/4, (½(z − y)²)'' = 1
_BETA = {"softmax_ce": 0.5, "logistic": 0.25, "squared": 1.0}


def _array(name: str, value: Any, ndim: int | None) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings, None or complex)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    arr = raw.astype(float)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _positive(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not np.isfinite(v) or not v > 0:
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return v


def _count(name: str, value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if int(value) < 1:
        raise ValueError(f"{name} must be at least 1, got {value!r}")
    return int(value)


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {allowed}, got {type(value).__name__}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def _labels(labels: Any, n: int, k: int) -> np.ndarray:
    if labels is None or isinstance(labels, (str, bytes, bool, np.bool_)):
        raise TypeError(f"labels must be an array of ints, got {type(labels).__name__}")
    arr = np.asarray(labels)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"labels must hold ints, got dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"labels must have shape ({n},) to match logits, got {arr.shape}")
    if np.any(arr < 0) or np.any(arr >= k):
        raise ValueError(f"labels must lie in [0, {k - 1}]")
    return arr.astype(int)


def softmax_cross_entropy(logits: Any, labels: Any, reduction: str = "mean") -> tuple[float, np.ndarray]:
    """(L, ∇L) for L = Σ_i or (1/n)Σ_i of −log softmax(z_i)[y_i]; ∇L has the shape of ``logits``."""
    z = _array("logits", logits, 2)
    n, k = z.shape
    if k < 2:
        raise ValueError(f"logits must have at least 2 columns (classes), got {k}")
    y = _labels(labels, n, k)
    red = _choice("reduction", reduction, REDUCTIONS)
    scale = 1.0 / n if red == "mean" else 1.0
    losses = -log_softmax(z, axis=1)[np.arange(n), y]
    grad = softmax(z, axis=1)
    grad[np.arange(n), y] -= 1.0
    return float(scale * losses.sum()), scale * grad


def target_surrogate(loss_t: Any, grad_t: Any, targets: Any, targets_t: Any, eta: Any) -> float:
    """g_t(z) = L(z_t) + ⟨∇L(z_t), z − z_t⟩ + ‖z − z_t‖²_F/(2η) at z = ``targets``."""
    if isinstance(loss_t, (bool, np.bool_)) or not isinstance(loss_t, numbers.Real):
        raise TypeError(f"loss_t must be a real number, got {type(loss_t).__name__}")
    if not np.isfinite(float(loss_t)):
        raise ValueError(f"loss_t must be finite, got {loss_t!r}")
    g = _array("grad_t", grad_t, None)
    z = _array("targets", targets, g.ndim)
    zt = _array("targets_t", targets_t, g.ndim)
    if not (g.shape == z.shape == zt.shape):
        raise ValueError(f"grad_t, targets and targets_t must have one shape, got {g.shape}, {z.shape}, {zt.shape}")
    step = _positive("eta", eta)
    d = z - zt
    return float(loss_t) + float(np.sum(g * d)) + float(np.sum(d * d)) / (2.0 * step)


def max_target_step(loss: str, n: int = 1, reduction: str = "sum") -> float:
    """The largest η for which g_t ≥ L everywhere: 1/β, with β = 1/2, 1/4, 1 per example (softmax_ce,
    logistic, squared) for the sum, and β/n for the mean over n examples."""
    name = _choice("loss", loss, LOSSES)
    count = _count("n", n)
    red = _choice("reduction", reduction, REDUCTIONS)
    return (count if red == "mean" else 1) / _BETA[name]


def linear_mm_step(theta_t: Any, features: Any, grad_t: Any, eta: Any) -> np.ndarray:
    """argmin_θ g_t(Xθ) = θ_t − η (XᵀX)⁻¹ Xᵀ ∇L(z_t), for θ of shape (d, k), X (n, d), ∇L (n, k); solved by
    least squares (the projection of z_t − η∇L onto the range of X), so XᵀX need not be formed."""
    th = _array("theta_t", theta_t, 2)
    x = _array("features", features, 2)
    g = _array("grad_t", grad_t, 2)
    if x.shape[1] != th.shape[0] or g.shape != (x.shape[0], th.shape[1]):
        raise ValueError(f"shapes do not chain: theta_t {th.shape}, features {x.shape}, grad_t {g.shape}")
    step = _positive("eta", eta)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise ValueError("features must have full column rank (XᵀX invertible)")
    delta, *_ = np.linalg.lstsq(x, -step * g, rcond=None)
    return th + delta


def released_eta_to_step(eta: Any) -> float:
    """The released surrogate mean(G ⊙ f/eta + (f − z_t)²) is (g_t − L(z_t) + ⟨G, z_t⟩)/(N·eta) with
    1/(2η) = eta: η = 1/(2·eta)."""
    return 1.0 / (2.0 * _positive("eta", eta))
