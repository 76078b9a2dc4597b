"""The self-distillation library a practitioner calls: kernel ridge self-distillation with ground truth.

On the training points, step t of self-distillation with weight α on the ground truth is
f_t = A(αy + (1 − α)f_{t−1}), f_0 = Ay, A = K(K + λI)⁻¹ (arXiv 2102.13088). With K = V diag(d) Vᵀ every
f_t is V diag(B_t) Vᵀ y, B_t = a(α(1 − c^t)/(1 − c) + c^t), a = d/(d + λ), c = (1 − α)a, and the limit
is V diag(d/(d + λ/α)) Vᵀ y (the zero function at α = 0).

- :func:`distill`: f_t on the training points after ``steps`` distillation steps (``steps=0``: the ridge fit).
- :func:`distill_limit`: f_∞ on the training points.
- :func:`optimal_alpha`: the weight minimising ‖f_t − y*‖² for a reference y* (the unconstrained closed
  form, which can leave [0, 1]; ``constrained=True`` gives the minimiser over [0, 1]).

Every argument is validated (a ``ValueError`` or ``TypeError`` naming it). The results are scale-free:
A is unchanged when K and λ are scaled together and f_t is linear in y, so K and λ are divided by the
largest entry of K and the vectors by their largest entry before the eigen-decomposition; any scale
from 1e−300 to 1e300 gives the answer of a moderate one.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["distill", "distill_limit", "optimal_alpha"]

#: Relative asymmetry and negative eigenvalue of K tolerated as rounding (of the largest entry / eigenvalue).
SYMMETRY_RTOL = 1e-10
PSD_RTOL = 1e-10


def _array(name: str, value: object) -> np.ndarray:
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
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    arr = raw.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _kernel(K: object) -> tuple[np.ndarray, float]:
    """(K/s, s) with s the largest |entry| (1 for the zero matrix), after checking K is square, symmetric, PSD."""
    k = _array("K", K)
    if k.ndim != 2 or k.shape[0] != k.shape[1] or k.shape[0] < 1:
        raise ValueError(f"K must be a non-empty square matrix, got shape {k.shape}")
    s = float(np.max(np.abs(k)))
    if s == 0.0:
        return k, 1.0
    k = k / s
    if float(np.max(np.abs(k - k.T))) > SYMMETRY_RTOL:
        raise ValueError("K must be symmetric")
    return (k + k.T) / 2, s


def _vector(name: str, value: object, n: int) -> np.ndarray:
    v = _array(name, value)
    if v.ndim != 1 or v.shape[0] != n:
        raise ValueError(f"{name} must be a vector of length {n} (one value per training point), got shape {v.shape}")
    return v


def _real(name: str, value: object, lo: float, hi: float, *, open_lo: bool, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number ({what}), got {type(value).__name__} {value!r}")
    x = float(value)
    above = x > lo if open_lo else x >= lo
    if not (math.isfinite(x) and above and x <= hi):
        left = "(" if open_lo else "["
        raise ValueError(f"{name} must be in {left}{lo:g}, {hi:g}] ({what}), got {value!r}")
    return x


def _steps(value: object) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"steps must be an int (distillation steps), got {type(value).__name__} {value!r}")
    t = int(value)
    if t < 0:
        raise ValueError(f"steps must be >= 0 (0 gives the ridge fit), got {value!r}")
    return t


def _modes(k: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """(V, a) with k = V diag(d) Vᵀ and a = d/(d + λ); rejects K with a clearly negative eigenvalue."""
    d, V = np.linalg.eigh(k)
    top = float(np.max(np.abs(d))) if d.size else 0.0
    if d.size and float(d.min()) < -PSD_RTOL * max(top, 1.0):
        raise ValueError(f"K must be positive semidefinite (smallest eigenvalue {float(d.min()):.3g} of K/max|K|)")
    d = np.clip(d, 0.0, None)
    return V, d / (d + lam)


def _scaled(v: np.ndarray) -> tuple[np.ndarray, float]:
    m = float(np.max(np.abs(v)))
    return (v / m, m) if m > 0 else (v, 1.0)


def _apply(V: np.ndarray, mult: np.ndarray, y: np.ndarray) -> np.ndarray:
    unit, m = _scaled(y)
    return (V @ (mult * (V.T @ unit))) * m


def distill(K: object, y: object, alpha: float, lam: float, steps: int) -> np.ndarray:
    """f_steps on the training points: f_0 = Ay, f_t = A(αy + (1 − α)f_{t−1}), A = K(K + λI)⁻¹.

    K: symmetric PSD kernel matrix (N × N); y: targets (N,); alpha ∈ [0, 1] the weight of the ground
    truth; lam > 0 the ridge; steps ≥ 0.
    """
    k, s = _kernel(K)
    t_y = _vector("y", y, k.shape[0])
    alpha = _real("alpha", alpha, 0.0, 1.0, open_lo=False, what="weight of the ground-truth targets")
    lam = _real("lam", lam, 0.0, math.inf, open_lo=True, what="ridge λ > 0")
    t = _steps(steps)
    V, a = _modes(k, lam / s)
    c = (1 - alpha) * a
    ct = c ** t
    geometric = np.where(c < 1, (1 - ct) / np.where(c < 1, 1 - c, 1.0), float(t))  # Σ_{j<t} c^j
    return _apply(V, a * (alpha * geometric + ct), t_y)


def distill_limit(K: object, y: object, alpha: float, lam: float) -> np.ndarray:
    """f_∞ = K(K + (λ/α)I)⁻¹ y on the training points (the zero function at α = 0)."""
    k, s = _kernel(K)
    t_y = _vector("y", y, k.shape[0])
    alpha = _real("alpha", alpha, 0.0, 1.0, open_lo=False, what="weight of the ground-truth targets")
    lam = _real("lam", lam, 0.0, math.inf, open_lo=True, what="ridge λ > 0")
    V, a = _modes(k, lam / s)
    if alpha == 0.0:
        return np.zeros_like(t_y)
    # d/(d + λ/α) = αa/(1 − (1 − α)a): written through a, so λ/α never overflows
    return _apply(V, alpha * a / (1 - (1 - alpha) * a), t_y)


def optimal_alpha(K: object, y: object, previous: object, reference: object, lam: float, *,
                  constrained: bool = False) -> float:
    """The weight α minimising ‖A(αy + (1 − α)f) − y*‖², f = ``previous`` (the teacher's values f_{t−1}),
    y* = ``reference``: α* = ⟨A(y − f), y* − Af⟩/‖A(y − f)‖², which may lie outside [0, 1];
    ``constrained=True`` returns the minimiser over [0, 1] (α* clipped, the objective being convex).
    """
    k, s = _kernel(K)
    n = k.shape[0]
    t_y, f, ref = _vector("y", y, n), _vector("previous", previous, n), _vector("reference", reference, n)
    lam = _real("lam", lam, 0.0, math.inf, open_lo=True, what="ridge λ > 0")
    if not isinstance(constrained, (bool, np.bool_)):
        raise TypeError(f"constrained must be a bool, got {type(constrained).__name__}")
    m = max(float(np.max(np.abs(v))) for v in (t_y, f, ref)) or 1.0
    t_y, f, ref = t_y / m, f / m, ref / m
    V, a = _modes(k, lam / s)
    u = V @ (a * (V.T @ (t_y - f)))
    r = ref - V @ (a * (V.T @ f))
    uu = float(u @ u)
    if uu == 0.0 or uu <= (1e-13 * max(float(np.max(np.abs(t_y - f))), 1e-300)) ** 2:
        raise ValueError("previous: A(y − previous) is zero, so every α gives the same fit (α* is undefined)")
    value = float(u @ r) / uu
    return min(1.0, max(0.0, value)) if constrained else value
