"""What a practitioner calls: the SELU activation, its Gaussian moment map and Jacobian, the parameters of
a SELU for a chosen fixed point, and alpha dropout.

* :func:`selu` — λx for x > 0, λα(eˣ − 1) for x ≤ 0 (``expm1``: full relative accuracy for tiny negative x,
  where ``α(exp(x) − 1)`` returns 0).
* :func:`selu_moments` — E selu(z), E selu(z)² and Var selu(z) for z ~ N(mean, var), in closed form. The
  terms e^{m + v/2} erfc(·) and e^{2(m + v)} erfc(·) of the paper (and of the release notebook) overflow to
  inf·0 = NaN once v exceeds about 1400; here they are written e^{−m²/(2v)} erfcx(·), which stays finite.
* :func:`selu_map` — the paper's map g: (μ, ν) ↦ (μ̃, ν̃) for a layer whose weights have ω = Σwᵢ and
  τ = Σwᵢ²: the pre-activation is N(μω, ντ).
* :func:`selu_jacobian` — ∂(μ̃, ν̃)/∂(μ, ν), from ∂/∂m E f(z) = E f′(z) and ∂/∂v E f(z) = ½ E f″(z) (the
  heat equation), f″ including the jump λ(1 − α) of f′ at 0.
* :func:`selu_parameters` — (α, λ) for which (mean, var) is a fixed point of g at given (ω, τ); by default
  the normalised weights ω = 0, τ = 1 of the paper. The two moment equations reduce to a quadratic in α
  (closed form, no iteration). The release's ``getSeluParameters`` solves them for z ~ N(mean, var), which
  is the fixed point of g only at ω = 1, τ = 1: pass ``omega=1.0`` to get its values.
* :func:`alpha_dropout`, :func:`alpha_dropout_affine` — the release's ``dropout_selu``: a dropped unit is
  set to α′ (by default −λ01α01, the saturation value of SELU), then a·x + b restores the mean and variance
  (mean, var) of any input distribution having them. a depends only on (α′ − mean)/√var and the keep
  probability, so the result is covariant under x ↦ cx (mean ↦ c·mean, var ↦ c²var, α′ ↦ cα′).

Every argument is validated: a ``TypeError`` (not a real number or array; booleans, strings, complex
numbers) or ``ValueError`` (NaN, infinity, empty, out of range) names it.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from scipy import special

__all__ = ["ALPHA01", "LAMBDA01", "SATURATION01", "selu", "selu_moments", "selu_map", "selu_jacobian",
           "selu_parameters", "alpha_dropout", "alpha_dropout_affine"]

#: α01 = −√(2/π)/(erfc(1/√2)√e − 1) (the release's selu.py gives it to 31 digits).
ALPHA01 = 1.6732632423543772848170429916717
#: λ01 (likewise).
LAMBDA01 = 1.0507009873554804934193349852946
#: −λ01 α01 = lim_{x→−∞} selu(x): the release's default dropped value of ``dropout_selu``.
SATURATION01 = -LAMBDA01 * ALPHA01

_SQRT2 = math.sqrt(2.0)
_SQRT2PI = math.sqrt(2.0 * math.pi)


def _real(name: str, value: object) -> float:
    """``value`` as a finite float, or an error naming ``name``."""
    if type(value) is float and math.isfinite(value):  # the common case, first
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def _positive(name: str, value: object) -> float:
    number = _real(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return number


def _real_array(name: str, value: object) -> np.ndarray:
    """``value`` (a real number or a non-empty array of them) as a finite float array."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    if raw.size == 0:
        raise ValueError(f"{name} is empty (shape {raw.shape})")
    arr = raw.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def selu(x: Any, *, alpha: float = ALPHA01, scale: float = LAMBDA01) -> Any:
    """selu(x) = scale·x for x > 0 and scale·alpha·(eˣ − 1) for x ≤ 0, elementwise.

    A real number gives a float, an array an array of the same shape. ``alpha`` and ``scale`` are positive.
    A ``ValueError`` names ``x`` when scale·x exceeds the float range.
    """
    arr = _real_array("x", x)
    a = _positive("alpha", alpha)
    lam = _positive("scale", scale)
    with np.errstate(over="ignore"):
        out = np.where(arr > 0, lam * arr, (lam * a) * np.expm1(np.minimum(arr, 0.0)))
    if not np.all(np.isfinite(out)):
        raise ValueError("x: scale·x exceeds the float range")
    return float(out) if out.ndim == 0 else out


def _pieces(m: float, v: float) -> tuple[float, float, float, float, float]:
    """For z ~ N(m, v): P = E[z; z > 0], R = E[z²; z > 0], N = P(z ≤ 0), E1 = E[eᶻ; z ≤ 0],
    E2 = E[e²ᶻ; z ≤ 0]; E1 and E2 through erfcx where the argument is positive (no overflow)."""
    s = math.sqrt(v)
    r = m / s
    phi = math.exp(-0.5 * r * r) / _SQRT2PI
    up = float(special.ndtr(r))
    low = float(special.ndtr(-r))
    pos = m * up + s * phi
    pos2 = (m * m + v) * up + m * s * phi

    def tail(shift: float) -> float:
        """E[e^{kz}; z ≤ 0] = e^{km + k²v/2} Φ(−(m + kv)/s) for k = shift/v."""
        k = shift / v
        arg = (m + shift) / (s * _SQRT2)
        if arg > 0:  # e^{km + k²v/2} · ½ erfc(arg) = ½ e^{−m²/(2v)} erfcx(arg)
            return 0.5 * math.exp(-0.5 * r * r) * float(special.erfcx(arg))
        return math.exp(k * m + 0.5 * k * k * v) * 0.5 * float(special.erfc(arg))

    return pos, pos2, low, tail(v), tail(2.0 * v)


def selu_moments(mean: float, var: float, *, alpha: float = ALPHA01,
                 scale: float = LAMBDA01) -> tuple[float, float, float]:
    """(E selu(z), E selu(z)², Var selu(z)) for z ~ N(mean, var), var > 0, in closed form.

    Accuracy: about 1e-15·(1 + |mean| + √var) absolute on the first, 1e-15·(1 + mean² + var) on the others
    (the variance is the second moment minus the squared mean).
    """
    m = _real("mean", mean)
    v = _positive("var", var)
    a = _positive("alpha", alpha)
    lam = _positive("scale", scale)
    pos, pos2, low, e1, e2 = _pieces(m, v)
    mu = lam * (pos + a * (e1 - low))
    xi = lam * lam * (pos2 + a * a * (e2 - 2.0 * e1 + low))
    out = (mu, xi, xi - mu * mu)
    if not all(math.isfinite(t) for t in out):
        raise ValueError(f"mean, var: the moments exceed the float range (mean={m!r}, var={v!r})")
    return out


def selu_map(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0, *, alpha: float = ALPHA01,
             scale: float = LAMBDA01) -> tuple[float, float]:
    """The paper's g: (μ, ν) ↦ (μ̃, ν̃) = (E selu(z), Var selu(z)) with z ~ N(μω, ντ); ν > 0, τ > 0."""
    m = _real("mu", mu)
    n = _positive("nu", nu)
    w = _real("omega", omega)
    t = _positive("tau", tau)
    mean, _, var = selu_moments(m * w, n * t, alpha=alpha, scale=scale)
    return mean, var


def selu_jacobian(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0, *, alpha: float = ALPHA01,
                  scale: float = LAMBDA01) -> np.ndarray:
    """The Jacobian [[∂μ̃/∂μ, ∂μ̃/∂ν], [∂ν̃/∂μ, ∂ν̃/∂ν]] of :func:`selu_map` at (μ, ν), a 2 × 2 array.

    μ enters only through m = μω and ν only through v = ντ, so the first column is ω·∂/∂m and the second
    τ·∂/∂v; ∂/∂m E f = E f′, ∂/∂v E f = ½ E f″ with f″ = λα eᶻ on z < 0 and the jump λ(1 − α) of f′ at 0.
    """
    m0 = _real("mu", mu)
    n = _positive("nu", nu)
    w = _real("omega", omega)
    t = _positive("tau", tau)
    a = _positive("alpha", alpha)
    lam = _positive("scale", scale)
    m, v = m0 * w, n * t
    s = math.sqrt(v)
    pos, pos2, low, e1, e2 = _pieces(m, v)
    up = float(special.ndtr(m / s))
    density0 = math.exp(-0.5 * (m / s) ** 2) / (s * _SQRT2PI)  # the density of z at 0
    mean = lam * (pos + a * (e1 - low))
    d_mean_m = lam * (up + a * e1)                                     # E f′
    d_mean_v = 0.5 * (lam * a * e1 + lam * (1.0 - a) * density0)       # ½ E f″
    d_second_m = 2.0 * lam * lam * (pos + a * a * (e2 - e1))           # E (f²)′ = 2 E f f′
    d_second_v = lam * lam * (up + a * a * (2.0 * e2 - e1))            # ½ E (f²)″ = E f′² + E f f″
    jac = np.array([[w * d_mean_m, t * d_mean_v],
                    [w * (d_second_m - 2.0 * mean * d_mean_m), t * (d_second_v - 2.0 * mean * d_mean_v)]])
    if not np.all(np.isfinite(jac)):
        raise ValueError(f"mu, nu: the Jacobian exceeds the float range (mu={m0!r}, nu={n!r})")
    return jac


def selu_parameters(mean: float = 0.0, var: float = 1.0, *, omega: float = 0.0,
                    tau: float = 1.0) -> tuple[float, float]:
    """(α, λ), both positive, for which (mean, var) is a fixed point of g at weights (ω, τ).

    With P = E[z; z > 0], Q = E[eᶻ − 1; z ≤ 0], R = E[z²; z > 0], S = E[(eᶻ − 1)²; z ≤ 0] for
    z ~ N(mean·ω, var·τ), the equations λ(P + αQ) = mean and λ²(R + α²S) = var + mean² give a quadratic in
    α whose discriminant is 4·mean²·D, D = (var + mean²)(SP² + RQ²) − SR·mean², solved without
    cancellation. A ``ValueError`` says when no α > 0, λ > 0 solves them.
    """
    mu = _real("mean", mean)
    nu = _positive("var", var)
    w = _real("omega", omega)
    t = _positive("tau", tau)
    p, r, low, e1, e2 = _pieces(mu * w, nu * t)
    q, s = e1 - low, e2 - 2.0 * e1 + low
    total = nu + mu * mu
    c2 = s * mu * mu - total * q * q
    disc = total * (s * p * p + r * q * q) - s * r * mu * mu
    candidates = []
    if mu == 0.0:  # the quadratic degenerates to (αQ + P)² = 0
        a = -p / q
        candidates.append((a, math.sqrt(nu / (r + a * a * s))))
    elif disc >= 0:
        root = math.sqrt(disc)
        for sign in (1.0, -1.0):
            den_l = p * s * abs(mu) + sign * q * root
            if c2 == 0 or den_l == 0:
                continue
            a = (total * p * q + sign * abs(mu) * root) / c2
            lam = math.copysign(1.0, mu) * c2 / den_l
            if a > 0 and lam > 0 and math.isfinite(a) and math.isfinite(lam):
                candidates.append((a, lam))
    if not candidates:
        raise ValueError(f"mean, var: no SELU with alpha > 0 and scale > 0 has the fixed point ({mu!r}, {nu!r}) "
                         f"at omega={w!r}, tau={t!r}")
    return min(candidates, key=lambda c: abs(c[0] - ALPHA01) + abs(c[1] - LAMBDA01))


def _keep(rate: object) -> float:
    r = _real("rate", rate)
    if not 0.0 <= r < 1.0:
        raise ValueError(f"rate must lie in [0, 1) (the probability of dropping a unit), got {rate!r}")
    return 1.0 - r


def alpha_dropout_affine(rate: float, *, mean: float = 0.0, var: float = 1.0,
                         dropped: float = SATURATION01) -> tuple[float, float]:
    """(a, b) of alpha dropout: a = (q(1 + (1 − q)d²))^{−1/2} with d = (dropped − mean)/√var and q = 1 − rate,
    b = mean − a(q·mean + (1 − q)·dropped) — the release's a = √(ν/(q((1 − q)(α′ − μ)² + ν))) written
    without overflow."""
    q = _keep(rate)
    mu = _real("mean", mean)
    sd = math.sqrt(_positive("var", var))
    drop = _real("dropped", dropped)
    d = (drop - mu) / sd
    a = 1.0 / math.sqrt(q * (1.0 + (1.0 - q) * d * d))
    b = mu * (1.0 - a * q) - a * (1.0 - q) * drop
    if not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError("mean, dropped: the affine correction exceeds the float range")
    return a, b


def alpha_dropout(x: Any, rate: float, *, rng: Any, mean: float = 0.0, var: float = 1.0,
                  dropped: float = SATURATION01) -> np.ndarray:
    """Alpha dropout of the array ``x``: each entry is kept with probability 1 − rate (independently of x)
    or set to ``dropped``, then mapped by a·x + b (:func:`alpha_dropout_affine`). If the entries have mean
    ``mean`` and variance ``var``, so does the output, whatever their distribution. ``rng`` is a
    ``numpy.random.Generator`` or an integer seed; rate = 0 returns a copy of x.
    """
    arr = _real_array("x", x)
    a, b = alpha_dropout_affine(rate, mean=mean, var=var, dropped=dropped)
    if isinstance(rng, (bool, np.bool_)) or not isinstance(rng, (np.random.Generator, numbers.Integral)):
        raise TypeError(f"rng must be a numpy.random.Generator or an integer seed, got {type(rng).__name__}")
    if isinstance(rng, numbers.Integral) and int(rng) < 0:
        raise ValueError(f"rng: a seed must be non-negative, got {rng!r}")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(int(rng))
    if float(rate) == 0.0:
        return arr.copy()
    keep = gen.random(arr.shape) < 1.0 - float(rate)
    with np.errstate(over="ignore"):
        out = a * np.where(keep, arr, float(dropped)) + b
    if not np.all(np.isfinite(out)):
        raise ValueError("x: a·x + b exceeds the float range")
    return out
