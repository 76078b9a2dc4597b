"""The Ghosts-of-Softmax library a user calls: the Taylor radius of cross-entropy along a step.

Along a unit direction v with logit slopes a_k = ∇_θ z_k · v, the linearized loss is
ℓ(τ) = −z_y − a_y τ + log F(τ), F(τ) = Σ_k e^{z_k} e^{a_k τ}. :func:`taylor_radius` gives the radius
bound π/Δ_a (Thm 4.6, Def 4.7 eq. 14), the exact binary radius (Thm 4.3) and the normalized step
r = τΔ_a/π (Def 5.1 eq. 17); :func:`controller_step` rescales an update to r ≤ 1 (Prop 5.2 eq. 19).

Every argument is validated (a ``ValueError`` or ``TypeError`` naming it), and the scale-free parts
are computed scale-free: the direction and the update are divided by their largest entry before
their norm is taken, so a norm beyond the float range (‖v‖ ≥ 1e154, where Σ v_i² overflows) or below
it gives the same answer as a moderate one.
"""

from __future__ import annotations

import dataclasses
import math
import numbers

import numpy as np

from .formulas import BINARY_RADIUS, PI, binary_radius

__all__ = [
    "RadiusReport",
    "taylor_radius",
    "controller_step",
]


@dataclasses.dataclass(frozen=True)
class RadiusReport:
    """What :func:`taylor_radius` returns.

    spread: Δ_a = max_k a_k − min_k a_k (the largest over the batch when several rows are given);
        +inf only when Δ_a itself exceeds the float range.
    bound: ρ_a = π/Δ_a, a lower bound on the Taylor radius of every sample's loss (Thm 4.6, eq. 14);
        +inf when Δ_a = 0 (the loss is then affine in τ).
    exact_binary: √(δ² + π²)/|a_1 − a_2|, the exact radius, when there are two classes (Thm 4.3);
        the smallest over the batch (eq. 15: the averaged loss is singular at every sample's ghost);
        None for three or more classes.
    r: the normalized step τ/ρ_a = τ Δ_a/π (Def 5.1, eq. 17), when a step length is given, else None.
    """

    spread: float
    bound: float
    exact_binary: float | None
    r: float | None


def _real_array(name: str, value: object) -> np.ndarray:
    """``value`` as a finite float array, or a ValueError/TypeError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of real numbers (rows of equal length)") from None
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


def _real_number(name: str, value: object, what: str) -> float:
    """``value`` as a finite non-negative float, or a ValueError/TypeError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number ({what}), got {type(value).__name__} {value!r}")
    x = float(value)
    if not (math.isfinite(x) and x >= 0):
        raise ValueError(f"{name} must be a finite non-negative number ({what}), got {value!r}")
    return x


def _scaled_norm(x: np.ndarray) -> tuple[float, float, np.ndarray]:
    """(m, n, x/m) with m = max|x_i| and n = ‖x/m‖ ∈ [1, √size]: ‖x‖ = n·m without overflow or underflow."""
    m = float(np.max(np.abs(x)))
    unit = x / m
    return m, float(np.sqrt(np.sum(unit * unit))), unit


def _batch_logits(logits: object) -> np.ndarray:
    z = _real_array("logits", logits)
    if z.ndim == 1:
        z = z[None, :]
    if z.ndim != 2 or z.shape[1] < 2 or z.shape[0] < 1:
        raise ValueError("logits must have shape (n_classes,) or (batch, n_classes) with n_classes >= 2 and "
                         f"batch >= 1, got shape {np.shape(logits)}")
    return z


def _slopes_from_jacobian(jacobian: object, direction: object, shape: tuple[int, int]) -> np.ndarray:
    """a = J v/‖v‖ for each sample, with v scaled by its largest entry first (any ‖v‖ > 0 works)."""
    J = _real_array("jacobian", jacobian)
    if J.ndim == 2:
        J = J[None]
    if J.ndim != 3 or J.shape[:2] != shape or J.shape[2] < 1:
        raise ValueError(f"jacobian must have shape ({shape[0]}, {shape[1]}, n_params) (or ({shape[1]}, n_params) "
                         f"for one sample) with n_params >= 1 to match logits, got {np.shape(jacobian)}")
    v = _real_array("direction", direction)
    if v.ndim != 1 or v.shape[0] != J.shape[2]:
        raise ValueError(f"direction must be a vector of length {J.shape[2]} (n_params), got shape {v.shape}")
    if not np.any(v):
        raise ValueError("direction must be non-zero (it is normalized to a unit vector)")
    _, norm, unit = _scaled_norm(v)
    with np.errstate(over="ignore", invalid="ignore"):
        a = J @ (unit / norm)
    if not np.all(np.isfinite(a)):
        raise ValueError("jacobian: the slopes J v/‖v‖ exceed the float range")
    return a


def _row_spreads(a: np.ndarray) -> tuple[np.ndarray, float]:
    """(Δ_a per row, factor): the spreads of a/factor, factor 1 unless max − min overflows (then 2)."""
    with np.errstate(over="ignore", invalid="ignore"):
        spreads = a.max(axis=1) - a.min(axis=1)
    if np.all(np.isfinite(spreads)):
        return spreads, 1.0
    half = a / 2
    return half.max(axis=1) - half.min(axis=1), 2.0


def _binary_row_radius(z: np.ndarray, a: np.ndarray) -> float:
    """Thm 4.3 for one row: the formula ``BINARY_RADIUS`` on its domain (|δ| ≤ 1e150, 1e−150 ≤ Δ_a ≤ 1e150),
    +inf when a_1 = a_2; beyond it, where δ² or the quotient would leave float64, the same value as
    hypot(δ, π)/Δ_a, on halved inputs when z_1 − z_2 or a_1 − a_2 overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        delta, spread = float(z[0] - z[1]), abs(float(a[0] - a[1]))
    if spread == 0.0:
        return math.inf
    if all(BINARY_RADIUS.params[k].contains(v) for k, v in (("delta", delta), ("Delta_a", spread))):
        return binary_radius(delta, spread)
    if math.isfinite(delta) and math.isfinite(spread):
        return math.hypot(delta, PI) / spread
    half_spread = abs(float(a[0] / 2 - a[1] / 2))
    return math.hypot(float(z[0] / 2 - z[1] / 2), PI / 2) / half_spread


def taylor_radius(logits: object, slopes: object | None = None, *, jacobian: object | None = None,
                  direction: object | None = None, step: float | None = None) -> RadiusReport:
    """Radius bound π/Δ_a (Thm 4.6, eq. 14), the exact binary radius where it applies (Thm 4.3, eq. 15)
    and the normalized step r = τΔ_a/π (Def 5.1, eq. 17).

    Give either ``slopes`` (a_k, shape like ``logits``) or ``jacobian`` (∂z_k/∂θ, shape
    (n_classes, n_params) or (batch, n_classes, n_params)) with ``direction`` (any non-zero vector,
    normalized here, whatever its scale). ``logits`` is (n_classes,) or (batch, n_classes), finite, with
    n_classes ≥ 2. ``step`` is the step length τ = ‖p‖ ≥ 0 (optional). Δ_a = 0 gives an infinite radius
    and r = 0.
    """
    z = _batch_logits(logits)
    if (slopes is None) == (jacobian is None):
        raise ValueError("give exactly one of slopes= or jacobian= (with direction=)")
    if jacobian is not None:
        if direction is None:
            raise ValueError("jacobian= needs direction= (the step direction in parameter space)")
        a = _slopes_from_jacobian(jacobian, direction, z.shape)
    else:
        if direction is not None:
            raise ValueError("direction= goes with jacobian=; with slopes= the direction is already applied")
        a = _real_array("slopes", slopes)
        if a.ndim == 1:
            a = a[None, :]
        if a.shape != z.shape:
            raise ValueError(f"slopes must have the same shape as logits {z.shape}, got {np.shape(slopes)}")
    tau = None if step is None else _real_number("step", step, "the step length τ = ‖p‖")
    spreads, factor = _row_spreads(a)
    widest = float(spreads.max())  # Δ_a / factor
    spread = widest * factor
    bound = math.inf if widest == 0.0 else (PI / factor) / widest
    exact = None
    if z.shape[1] == 2:
        exact = float(min(_binary_row_radius(zz, aa) for zz, aa in zip(z, a)))
    r = None if tau is None else tau * widest / (PI / factor)
    return RadiusReport(spread=spread, bound=bound, exact_binary=exact, r=r)


def controller_step(update: object, spread: float) -> tuple[np.ndarray, float, float]:
    """Prop 5.2, eq. 19: rescale an update p by s = min(1, ρ_a/‖p‖), ρ_a = π/Δ_a.

    Returns (p̃, s, r) with r = ‖p‖Δ_a/π the normalized step before rescaling (Def 5.1, eq. 17);
    ‖p̃‖Δ_a/π ≤ 1. ``update`` is a non-empty finite real array (any shape); ``spread`` is Δ_a ≥ 0 along
    p (see :func:`taylor_radius`); Δ_a = 0 leaves p unchanged. ‖p‖ is taken after dividing p by its
    largest entry, so any scale of p works; p̃ = ρ_a p/‖p‖ when s < 1.
    """
    p = _real_array("update", update)
    if p.ndim == 0 or p.size == 0:
        raise ValueError(f"update must be a non-empty array (the step p), got shape {p.shape}")
    delta = _real_number("spread", spread, "Δ_a = max a − min a along the update")
    if not np.any(p):
        return p.copy(), 1.0, 0.0
    largest, norm_unit, unit = _scaled_norm(p)  # ‖p‖ = norm_unit · largest
    r = (norm_unit * delta / PI) * largest
    if delta == 0.0:
        return p.copy(), 1.0, r
    rho = PI / delta
    s = (rho / norm_unit) / largest
    if s >= 1.0:
        return p.copy(), 1.0, r
    return unit * (rho / norm_unit), s, r
