"""Plausible bugs planted in the library: the mutants of the library conformance claims (and of the claims
whose subject is a library function)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special

from . import library as L


def selu_exp_minus_one(x: Any, *, alpha: float = L.ALPHA01, scale: float = L.LAMBDA01) -> Any:
    """Bug: α(exp(x) − 1) instead of α·expm1(x): tiny negative x give 0."""
    arr = np.asarray(x, dtype=float)
    out = np.where(arr > 0, scale * arr, scale * alpha * (np.exp(np.minimum(arr, 0.0)) - 1.0))
    return float(out) if out.ndim == 0 else out


def selu_unscaled(x: Any, *, alpha: float = L.ALPHA01, scale: float = L.LAMBDA01) -> Any:
    """Bug: the scale forgotten (ELU with α)."""
    return L.selu(x, alpha=alpha, scale=1.0)


def _naive_moments(mean: float, var: float, alpha: float, scale: float) -> tuple[float, float, float]:
    """The release notebook's closed form as written: e^{m + v/2} erfc(·) overflows to inf·0 for large v."""
    m, v = float(mean), float(var)
    root = math.sqrt(2 * v)
    with np.errstate(all="ignore"):
        e1 = np.exp(np.float64(m + v / 2)) * special.erfc((m + v) / root)
        e2 = np.exp(np.float64(2 * (m + v))) * special.erfc((m + 2 * v) / root)
        mu = 0.5 * scale * (m + math.exp(-m * m / (2 * v)) * math.sqrt(2 / math.pi) * math.sqrt(v)
                            + m * special.erf(m / root) - alpha * special.erfc(m / root) + alpha * e1)
        xi = 0.5 * scale**2 * (math.exp(-m * m / (2 * v)) * math.sqrt(2 * v / math.pi) * m
                               + (m * m + v) * (1 + special.erf(m / root)) + alpha**2 * special.erfc(m / root)
                               - 2 * alpha**2 * e1 + alpha**2 * e2)
    return float(mu), float(xi), float(xi - mu * mu)


def moments_naive(mean: float, var: float, *, alpha: float = L.ALPHA01,
                  scale: float = L.LAMBDA01) -> tuple[float, float, float]:
    """Bug: the release's expression (NaN once var exceeds about 1400)."""
    return _naive_moments(mean, var, alpha, scale)


def moments_unit_scale(mean: float, var: float, *, alpha: float = L.ALPHA01,
                       scale: float = L.LAMBDA01) -> tuple[float, float, float]:
    """Bug: the scale applied once to the second moment (λ instead of λ²)."""
    mu, xi, _ = L.selu_moments(mean, var, alpha=alpha, scale=scale)
    xi = xi / scale
    return mu, xi, xi - mu * mu


def _jacobian_parts(mu: float, nu: float, omega: float, tau: float, alpha: float, scale: float) -> dict[str, float]:
    m, v = mu * omega, nu * tau
    s = math.sqrt(v)
    pos, pos2, low, e1, e2 = L._pieces(m, v)
    up = float(special.ndtr(m / s))
    density0 = math.exp(-0.5 * (m / s) ** 2) / (s * math.sqrt(2 * math.pi))
    return {"mean": scale * (pos + alpha * (e1 - low)), "dm_m": scale * (up + alpha * e1),
            "tail": scale * alpha * e1, "jump": scale * (1.0 - alpha) * density0,
            "ds_m": 2 * scale**2 * (pos + alpha**2 * (e2 - e1)), "ds_v": scale**2 * (up + alpha**2 * (2 * e2 - e1))}


def _assemble(p: dict[str, float], d_mean_v: float, omega: float, tau: float, drop_mean: bool = False) -> np.ndarray:
    c = 0.0 if drop_mean else 2.0 * p["mean"]
    return np.array([[omega * p["dm_m"], tau * d_mean_v],
                     [omega * (p["ds_m"] - c * p["dm_m"]), tau * (p["ds_v"] - c * d_mean_v)]])


def jacobian_no_jump(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0, *, alpha: float = L.ALPHA01,
                     scale: float = L.LAMBDA01) -> np.ndarray:
    """Bug: ∂μ̃/∂v = ½ E f″ without the jump λ(1 − α) of f′ at 0."""
    p = _jacobian_parts(mu, nu, omega, tau, alpha, scale)
    return _assemble(p, 0.5 * p["tail"], omega, tau)


def jacobian_no_half(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0, *, alpha: float = L.ALPHA01,
                     scale: float = L.LAMBDA01) -> np.ndarray:
    """Bug: ∂μ̃/∂v = E f″ (the heat equation's ½ forgotten)."""
    p = _jacobian_parts(mu, nu, omega, tau, alpha, scale)
    return _assemble(p, p["tail"] + p["jump"], omega, tau)


def jacobian_second_moment(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0, *, alpha: float = L.ALPHA01,
                           scale: float = L.LAMBDA01) -> np.ndarray:
    """Bug: the Jacobian of (μ̃, ξ̃): the −2μ̃ ∂μ̃ terms of ∂ν̃ dropped."""
    p = _jacobian_parts(mu, nu, omega, tau, alpha, scale)
    return _assemble(p, 0.5 * (p["tail"] + p["jump"]), omega, tau, drop_mean=True)


def jacobian_unweighted(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0, *, alpha: float = L.ALPHA01,
                        scale: float = L.LAMBDA01) -> np.ndarray:
    """Bug: the chain-rule factors ω and τ forgotten (derivatives in m = μω and v = ντ returned)."""
    p = _jacobian_parts(mu, nu, omega, tau, alpha, scale)
    return _assemble(p, 0.5 * (p["tail"] + p["jump"]), 1.0, 1.0)


def jacobian_swapped(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0, *, alpha: float = L.ALPHA01,
                     scale: float = L.LAMBDA01) -> np.ndarray:
    """Bug: α and λ swapped."""
    return L.selu_jacobian(mu, nu, omega, tau, alpha=scale, scale=alpha)


def parameters_release_setting(mean: float = 0.0, var: float = 1.0, *, omega: float = 0.0,
                               tau: float = 1.0) -> tuple[float, float]:
    """Bug: the release's setting whatever the weights: z ~ N(mean, var), i.e. ω = τ = 1."""
    return L.selu_parameters(mean, var, omega=1.0, tau=1.0)


def parameters_other_root(mean: float = 0.0, var: float = 1.0, *, omega: float = 0.0,
                          tau: float = 1.0) -> tuple[float, float]:
    """Bug: the other root of the quadratic in α, with λ from the second-moment equation alone."""
    mu, nu = float(mean), float(var)
    p, r, low, e1, e2 = L._pieces(mu * omega, nu * tau)
    q, s = e1 - low, e2 - 2.0 * e1 + low
    total = nu + mu * mu
    if mu == 0.0:
        a = -p / q
        return a, math.sqrt(nu / (r + a * a * s))
    c2 = s * mu * mu - total * q * q
    disc = max(total * (s * p * p + r * q * q) - s * r * mu * mu, 0.0)
    chosen = L.selu_parameters(mean, var, omega=omega, tau=tau)[0]
    roots = [(total * p * q + sign * abs(mu) * math.sqrt(disc)) / c2 for sign in (1.0, -1.0)]
    a = max(roots, key=lambda x: abs(x - chosen))
    return a, math.sqrt(total / (r + a * a * s))


def dropout_default_minus_alpha(x: Any, rate: float, *, rng: Any, mean: float = 0.0, var: float = 1.0,
                                dropped: float = -L.ALPHA01) -> np.ndarray:
    """Bug: the default dropped value −α01 (λ forgotten), used consistently."""
    return L.alpha_dropout(x, rate, rng=rng, mean=mean, var=var, dropped=dropped)


def dropout_unit_variance_assumed(x: Any, rate: float, *, rng: Any, mean: float = 0.0, var: float = 1.0,
                                  dropped: float = L.SATURATION01) -> np.ndarray:
    """Bug: a = (q(1 + (1 − q)(α′ − μ)²))^{−1/2}, the division by √var forgotten (right only for var = 1)."""
    arr = np.asarray(x, dtype=float)
    q = 1.0 - float(rate)
    if q == 1.0:
        return arr.copy()
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(int(rng))
    keep = gen.random(arr.shape) < q
    a = 1.0 / math.sqrt(q * (1.0 + (1.0 - q) * (dropped - mean) ** 2))
    b = mean * (1.0 - a * q) - a * (1.0 - q) * dropped
    return a * np.where(keep, arr, dropped) + b


def dropout_b_from_dropped_only(x: Any, rate: float, *, rng: Any, mean: float = 0.0, var: float = 1.0,
                                dropped: float = L.SATURATION01) -> np.ndarray:
    """Bug: b = mean − a(1 − q)α′, from the dropped units' mean only."""
    arr = np.asarray(x, dtype=float)
    a, _ = L.alpha_dropout_affine(rate, mean=mean, var=var, dropped=dropped)
    q = 1.0 - float(rate)
    if q == 1.0:
        return arr.copy()
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(int(rng))
    keep = gen.random(arr.shape) < q
    return a * np.where(keep, arr, dropped) + mean - a * (1.0 - q) * dropped


def dropout_rate_as_keep(x: Any, rate: float, *, rng: Any, mean: float = 0.0, var: float = 1.0,
                         dropped: float = L.SATURATION01) -> np.ndarray:
    """Bug: units kept with probability ``rate`` (the drop rate read as the keep probability) while a and b use
    the keep probability 1 − rate."""
    arr = np.asarray(x, dtype=float)
    a, b = L.alpha_dropout_affine(rate, mean=mean, var=var, dropped=dropped)
    if float(rate) == 0.0:
        return arr.copy()
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(int(rng))
    keep = gen.random(arr.shape) < float(rate)
    return a * np.where(keep, arr, dropped) + b
