"""The Ghosts-of-Softmax library a user calls: the Taylor radius of cross-entropy along a step.

Along a unit direction v with logit slopes a_k = ∇_θ z_k · v, the linearized loss is
ℓ(τ) = −z_y − a_y τ + log F(τ), F(τ) = Σ_k e^{z_k} e^{a_k τ}. :func:`taylor_radius` gives the radius
bound π/Δ_a (Thm 4.6), the exact binary radius (Thm 4.3) and the normalized step r = τΔ_a/π
(Def 5.1); :func:`controller_step` rescales an update to r ≤ 1 (Prop 5.2).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .formulas import PI, binary_radius

__all__ = [
    "RadiusReport",
    "taylor_radius",
    "controller_step",
]


@dataclasses.dataclass(frozen=True)
class RadiusReport:
    """What :func:`taylor_radius` returns.

    spread: Δ_a = max_k a_k − min_k a_k (the largest over the batch when several rows are given).
    bound: ρ_a = π/Δ_a, a lower bound on the Taylor radius of every sample's loss (Thm 4.6); +inf
        when Δ_a = 0 (the loss is then affine in τ).
    exact_binary: √(δ² + π²)/|a_1 − a_2|, the exact radius, when there are two classes (Thm 4.3);
        the smallest over the batch; None for three or more classes.
    r: the normalized step τ/ρ_a = τ Δ_a/π (Def 5.1), when a step length is given, else None.
    """

    spread: float
    bound: float
    exact_binary: float | None
    r: float | None


def _as_matrix(name: str, value: object) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers, got {type(value).__name__}") from exc
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise ValueError(f"{name} must have shape (n_classes,) or (batch, n_classes) with n_classes >= 2, "
                         f"got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def taylor_radius(logits: object, slopes: object | None = None, *, jacobian: object | None = None,
                  direction: object | None = None, step: float | None = None) -> RadiusReport:
    """Radius bound π/Δ_a, the exact binary radius where it applies, and the normalized step r.

    Give either ``slopes`` (a_k, shape like ``logits``) or ``jacobian`` (∂z_k/∂θ, shape
    (n_classes, n_params) or (batch, n_classes, n_params)) with ``direction`` (any non-zero vector,
    normalized here). ``logits`` is (n_classes,) or (batch, n_classes). ``step`` is the step length
    τ = ‖p‖ (optional). Δ_a = 0 gives an infinite radius and r = 0.
    """
    z = _as_matrix("logits", logits)
    if (slopes is None) == (jacobian is None):
        raise ValueError("give exactly one of slopes= or jacobian= (with direction=)")
    if jacobian is not None:
        if direction is None:
            raise ValueError("jacobian= needs direction= (the step direction in parameter space)")
        J = np.asarray(jacobian, dtype=float)
        v = np.asarray(direction, dtype=float)
        if J.ndim == 2:
            J = J[None]
        if J.ndim != 3 or J.shape[:2] != z.shape:
            raise ValueError(f"jacobian must have shape {z.shape + ('n_params',)} to match logits, got "
                             f"{np.asarray(jacobian).shape}")
        if v.ndim != 1 or v.shape[0] != J.shape[2]:
            raise ValueError(f"direction must be a vector of length {J.shape[2]}, got shape {v.shape}")
        if not (np.all(np.isfinite(J)) and np.all(np.isfinite(v))):
            raise ValueError("jacobian and direction must be finite (no NaN or infinity)")
        norm = float(np.linalg.norm(v))
        if norm == 0.0:
            raise ValueError("direction must be non-zero")
        a = J @ (v / norm)
    else:
        a = _as_matrix("slopes", slopes)
        if a.shape != z.shape:
            raise ValueError(f"slopes must have the same shape as logits {z.shape}, got {a.shape}")
    if step is not None:
        if not (isinstance(step, (int, float, np.floating)) and math.isfinite(step) and step >= 0):
            raise ValueError(f"step must be a finite non-negative number (the step length ‖p‖), got {step!r}")
    spreads = a.max(axis=1) - a.min(axis=1)
    spread = float(spreads.max())
    bound = math.inf if spread == 0.0 else PI / spread
    exact = None
    if z.shape[1] == 2:
        radii = [binary_radius(float(zz[0] - zz[1]), float(aa[0] - aa[1])) for zz, aa in zip(z, a)]
        exact = float(min(radii))
    r = None if step is None else float(step) * spread / PI
    return RadiusReport(spread=spread, bound=bound, exact_binary=exact, r=r)


def controller_step(update: object, spread: float) -> tuple[np.ndarray, float, float]:
    """Prop 5.2: rescale an update p by s = min(1, ρ_a/‖p‖), ρ_a = π/Δ_a.

    Returns (p̃, s, r) with r = ‖p‖Δ_a/π the normalized step before rescaling; ‖p̃‖Δ_a/π ≤ 1.
    ``spread`` is Δ_a along p (see :func:`taylor_radius`); Δ_a = 0 leaves p unchanged.
    """
    p = np.asarray(update, dtype=float)
    if p.ndim == 0 or p.size == 0:
        raise ValueError(f"update must be a non-empty array (the step p), got shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError("update must be finite (no NaN or infinity)")
    if not (isinstance(spread, (int, float, np.floating)) and math.isfinite(spread) and spread >= 0):
        raise ValueError(f"spread must be a finite non-negative number (Δ_a = max a − min a), got {spread!r}")
    norm = float(np.linalg.norm(p))
    r = norm * float(spread) / PI
    if spread == 0 or norm == 0:
        return p.copy(), 1.0, r
    s = min(1.0, (PI / float(spread)) / norm)
    return s * p, s, r
