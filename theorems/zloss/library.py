"""The Z-loss library a practitioner calls: z-scores, the loss, its gradient, and the spherical computation.

A. de Brébisson, P. Vincent, "The Z-loss" (arXiv 1604.08859); the spherical computation follows Vincent,
de Brébisson, Bouthillier (NeurIPS 2015). No code was released with the paper; this is written from the
definition (reconstructed: the paper body was not read, see the family's claims).

* :func:`z_scores`: z_k = (o_k − μ)/σ with the population σ, row by row;
* :func:`z_loss`: L_Z(o, c) = (1/a) log(1 + exp(a(b − z_c)));
* :func:`z_loss_grad`: ∂L_Z/∂o = −(s/σ)(e_c − 1/D − z_c z/D), s = 1/(1 + exp(−a(b − z_c)));
* :class:`SphericalZLoss`: L_Z and ∂L_Z/∂h for o = Wh in d² + 4d multiply-adds per example, whatever the
  number of classes D, from the Gram matrix of the column-centred W (not from WᵀW and Wᵀ1, whose
  σ² = hᵀQh/D − μ² loses every digit once the logits share a large common offset).

Logits are passed as a 1-D array of D ≥ 2 classes with an int target (a float is returned), or as a 2-D
array (n, D) with an int array of n targets (an array is returned). Every function validates its arguments
and raises ``TypeError`` (a string, ``None``, a boolean, a complex number) or ``ValueError`` (NaN, ±inf, an
empty or wrongly shaped array, a target out of range, a ≤ 0) naming the argument. Logits whose entries are
all equal (and a single class) are rejected with a ValueError: σ = 0 there, and L_Z has no limit at such a
point (every value between its least and its largest is approached), so no value would be right.

Everything is computed scale-free: each row of logits is multiplied by a power of two (exact) so that its
largest entry is in [1/2, 1), and its moments are taken by the corrected two-pass algorithm (the mean of the
deviations is subtracted once more), so that a common offset of any size costs nothing; the softplus is
max(x, 0) + log1p(e^{−|x|}). Logits anywhere in float64's range (1e±300 included) give the loss to float64
accuracy; a value that itself exceeds the float range (log 2/a for a below 1e-308, a gradient of size 1/σ
for σ below 1e-308) raises a ValueError.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from scipy.special import expit

__all__ = ["z_scores", "z_loss", "z_loss_grad", "SphericalZLoss"]

_EPS = float(np.finfo(float).eps)


# -- validation ---------------------------------------------------------------------------------------


def _real_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a finite float array, or TypeError/ValueError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
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


def _logits(o: Any) -> tuple[np.ndarray, bool]:
    """The logits as a 2-D float array (n, D), and whether they came as one vector."""
    arr = _real_array("o", o)
    if arr.ndim not in (1, 2):
        raise ValueError(f"o must be a vector of D logits or an (n, D) array, got shape {arr.shape}")
    single = arr.ndim == 1
    rows = arr[None, :] if single else arr
    if rows.shape[1] < 2:
        raise ValueError(f"o must have at least 2 classes (D ≥ 2), got D = {rows.shape[1]}: with one class σ = 0 "
                         "and the Z-loss is undefined")
    constant = np.all(rows == rows[:, :1], axis=1)
    if np.any(constant):
        i = int(np.argmax(constant))
        raise ValueError(f"o: all logits of {'the vector' if single else f'row {i}'} are equal ({rows[i, 0]!r}), "
                         "so σ = 0 and z = 0/0: the Z-loss is undefined there and has no limit (it approaches every "
                         "value between its least and its largest)")
    return rows, single


def _targets(c: Any, n: int, n_classes: int, single: bool) -> np.ndarray:
    if single:
        if isinstance(c, (bool, np.bool_)) or not isinstance(c, numbers.Integral):
            raise TypeError(f"c must be an int class index, got {type(c).__name__} {c!r}")
        if not 0 <= int(c) < n_classes:
            raise ValueError(f"c must be a class index in [0, {n_classes}), got {c!r}")
        return np.array([int(c)])
    if c is None or isinstance(c, (str, bytes, bool, np.bool_)):
        raise TypeError(f"c must be an array of int class indices, got {type(c).__name__}")
    arr = np.asarray(c)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"c must hold int class indices, got dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"c must have shape ({n},), one target per row of o, got {arr.shape}")
    if np.any((arr < 0) | (arr >= n_classes)):
        raise ValueError(f"c must hold class indices in [0, {n_classes})")
    return arr.astype(np.intp)


def _number(name: str, value: Any, *, positive: bool) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and not v > 0:
        raise ValueError(f"{name} must be positive (the sharpness a > 0), got {value!r}")
    return v


# -- the computation ----------------------------------------------------------------------------------


def _power_of_two_scale(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows · 2^{−e}, e) per row, e the exponent of the row's largest |entry| (exact scaling)."""
    top = np.max(np.abs(rows), axis=1)
    exponent = np.frexp(top)[1]
    return np.ldexp(rows, -exponent[:, None]), exponent


def _standardized(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(z, sd, e): z-scores of each row, and σ = sd · 2^e (sd of the scaled row, in (0, 1])."""
    scaled, exponent = _power_of_two_scale(rows)
    dev = scaled - scaled.mean(axis=1, keepdims=True)
    dev -= dev.mean(axis=1, keepdims=True)  # the corrected two-pass: removes the rounding of the first mean
    sd = np.sqrt(np.mean(dev * dev, axis=1))
    return dev / sd[:, None], sd, exponent


def _softplus_over_a(x: np.ndarray, a: float) -> np.ndarray:
    """(1/a) log(1 + e^{a x}) = max(x, 0) + (1/a) log1p(e^{−a|x|}), without overflow."""
    with np.errstate(over="ignore", under="ignore"):
        t = a * np.abs(x)  # may be +inf: the tail is then 0
        # past t = 30, (1/a) log1p(e^{−t}) is e^{−t}/a to 1e-13 relative; exp(−t − log a) keeps it when e^{−t}
        # alone would underflow but the quotient would not
        tail = np.where(t > 30, np.exp(-t - math.log(a)), np.log1p(np.exp(-np.minimum(t, 30.0))) / a)
        return np.maximum(x, 0.0) + tail


def z_scores(o: Any) -> np.ndarray:
    """z_k = (o_k − μ)/σ, μ the mean and σ² the population variance of the logits (per row for an (n, D)
    array): Σ_k z_k = 0 and Σ_k z_k² = D. The same shape as ``o``."""
    rows, single = _logits(o)
    z = _standardized(rows)[0]
    return z[0] if single else z


def z_loss(o: Any, c: Any, a: float = 1.0, b: float = 0.0) -> Any:
    """L_Z(o, c) = (1/a) log(1 + exp(a(b − z_c))): a float for a vector ``o`` and an int ``c``, an array of n
    losses for an (n, D) array and n targets. a > 0 sets the sharpness, b the location; L_Z is invariant
    under o → αo + β1 for α > 0, and lies in [(1/a) log(1 + e^{a(b − √(D−1))}), (1/a) log(1 + e^{a(b + √(D−1))})]."""
    rows, single = _logits(o)
    target = _targets(c, rows.shape[0], rows.shape[1], single)
    a_, b_ = _number("a", a, positive=True), _number("b", b, positive=False)
    z = _standardized(rows)[0]
    zc = z[np.arange(rows.shape[0]), target]
    loss = _softplus_over_a(b_ - zc, a_)
    if not np.all(np.isfinite(loss)):
        raise ValueError(f"a = {a!r}: the loss, at least log(2)/a, exceeds the float range")
    return float(loss[0]) if single else loss


def z_loss_grad(o: Any, c: Any, a: float = 1.0, b: float = 0.0) -> np.ndarray:
    """∂L_Z/∂o = −(s/σ)(e_c − 1/D − z_c z/D) with s = 1/(1 + e^{−a(b − z_c)}): the same shape as ``o``. It is
    orthogonal to the all-ones vector and to o, and its norm is s·√((D − 1 − z_c²)/D)/σ ≤ 1/σ (it vanishes
    for D = 2, where z_c = ±1 everywhere)."""
    rows, single = _logits(o)
    n, n_classes = rows.shape
    target = _targets(c, n, n_classes, single)
    a_, b_ = _number("a", a, positive=True), _number("b", b, positive=False)
    z, sd, exponent = _standardized(rows)
    idx = np.arange(n)
    zc = z[idx, target]
    with np.errstate(over="ignore"):
        s = expit(a_ * (b_ - zc))
    direction = -zc[:, None] * z / n_classes - 1.0 / n_classes
    direction[idx, target] += 1.0
    with np.errstate(over="ignore"):
        grad = np.ldexp(-(s / sd)[:, None] * direction, -exponent[:, None])
    if not np.all(np.isfinite(grad)):
        raise ValueError("o: the gradient, of size up to 1/σ, exceeds the float range (σ below about 1e-308)")
    return grad[0] if single else grad


class SphericalZLoss:
    """L_Z and ∂L_Z/∂h for logits o = Wh, per example in d² + 4d multiply-adds, independent of D.

    ``W`` is the (D, d) output layer (D ≥ 2 classes, d ≥ 1). The constructor computes, once, the column-centred
    W̃ = W − 1w̄ᵀ/D (w̄ the column means) and its Gram matrix Q̃ = W̃ᵀW̃ (O(Dd²)); then for each example
    o_c − μ = W̃_cᵀh and Dσ² = hᵀQ̃h, so z_c = W̃_cᵀh/σ and ∂L_Z/∂h = −(s/σ)(W̃_c − z_c Q̃h/(Dσ)), without
    forming o. Centring W first keeps σ² from being the difference of two large numbers when the logits share
    an offset (the uncentred S₂/D − μ² of the spherical family loses (μ/σ)² ε of relative accuracy).

    W and h are rescaled by powers of two (exact: L_Z(o) does not depend on the scale of o, so neither does
    the loss as a function of h, and its gradient scales as 1/h). A vector h (d,) with an int ``c`` gives
    (float, (d,) array); an (n, d) array with n targets gives ((n,), (n, d)). When σ is at the level of the
    rounding of W̃h (σ ≤ 4dε‖W̃‖ ‖h‖, the logits are numerically equal, e.g. h = 0 or every row of W equal),
    a ValueError is raised.
    """

    def __init__(self, W: Any, a: float = 1.0, b: float = 0.0) -> None:
        arr = _real_array("W", W)
        if arr.ndim != 2 or arr.shape[0] < 2:
            raise ValueError(f"W must be a (D, d) matrix with D ≥ 2 classes, got shape {arr.shape}")
        if np.all(arr == arr[:1]):
            raise ValueError("W: every row is the same, so every logit vector o = Wh is constant (σ = 0) and the "
                             "Z-loss is undefined")
        self.a = _number("a", a, positive=True)
        self.b = _number("b", b, positive=False)
        self.num_classes, self.dim = arr.shape
        scaled = np.ldexp(arr, -int(np.frexp(np.max(np.abs(arr)))[1]))
        centred = scaled - scaled.mean(axis=0)
        centred -= centred.mean(axis=0)
        self._rows = centred
        self._gram = centred.T @ centred
        # the rounding of W̃h: each entry is off by ≤ dε|W̃_k||h| plus the centring's ε|W_k||h|
        self._row_norm = float(np.max(np.sqrt(np.sum(scaled * scaled, axis=1))))

    def loss_and_grad(self, h: Any, c: Any) -> tuple[Any, np.ndarray]:
        """(L_Z, ∂L_Z/∂h) for the example(s) h with target(s) c."""
        arr = _real_array("h", h)
        if arr.ndim not in (1, 2) or arr.shape[-1] != self.dim:
            raise ValueError(f"h must have shape ({self.dim},) or (n, {self.dim}), got {arr.shape}")
        single = arr.ndim == 1
        rows = arr[None, :] if single else arr
        target = _targets(c, rows.shape[0], self.num_classes, single)
        if np.any(np.all(rows == 0, axis=1)):
            raise ValueError("h: a zero vector gives constant logits (σ = 0): the Z-loss is undefined")
        scaled, exponent = _power_of_two_scale(rows)
        qh = scaled @ self._gram  # Q̃ is symmetric
        var = np.einsum("ij,ij->i", scaled, qh) / self.num_classes
        norm_h = np.sqrt(np.einsum("ij,ij->i", scaled, scaled))
        floor = 4 * self.dim * _EPS * self._row_norm * norm_h
        if np.any(~(var > floor * floor)):
            raise ValueError("h: σ is at the level of the rounding of the logits (they are numerically equal, e.g. "
                             "h in the null space of the centred W): the Z-loss is undefined there")
        sigma = np.sqrt(var)
        u = np.einsum("ij,ij->i", self._rows[target], scaled)
        zc = u / sigma
        loss = _softplus_over_a(self.b - zc, self.a)
        if not np.all(np.isfinite(loss)):
            raise ValueError(f"a = {self.a!r}: the loss, at least log(2)/a, exceeds the float range")
        with np.errstate(over="ignore"):
            s = expit(self.a * (self.b - zc))
        inner = self._direction(target, zc, sigma, qh)
        with np.errstate(over="ignore"):
            grad = np.ldexp(-(s / sigma)[:, None] * inner, -exponent[:, None])
        if not np.all(np.isfinite(grad)):
            raise ValueError("h: the gradient exceeds the float range (h below about 1e-308)")
        return (float(loss[0]), grad[0]) if single else (loss, grad)

    def _direction(self, target: np.ndarray, zc: np.ndarray, sigma: np.ndarray, qh: np.ndarray) -> np.ndarray:
        """σ ∂z_c/∂h = W̃_c − z_c Q̃h/(Dσ) (for the rescaled h)."""
        return self._rows[target] - (zc / (self.num_classes * sigma))[:, None] * qh
