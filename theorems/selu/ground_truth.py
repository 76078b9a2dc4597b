"""Ground truths of the SELU family that take another route than the closed forms: quadrature and Monte Carlo.

For z ~ N(m, v) the moments of selu are λ(P + αQ) and λ²(R + α²S) with the four integrals
P = E[z; z > 0], R = E[z²; z > 0], Q = E[eᶻ − 1; z ≤ 0], S = E[(eᶻ − 1)²; z ≤ 0], which do not depend on
(α, λ). They are integrated here directly against the Gaussian density (no erf, no erfc): in float64 with
scipy's adaptive Gauss–Kronrod rule (relative accuracy requested 1e-13), and in mpmath with tanh–sinh
quadrature at any precision. The Monte Carlo draws are i.i.d. samples whose mean is a moment.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import mpmath
import numpy as np
from scipy import integrate

from . import library as L

#: Requested relative accuracy of the float64 quadrature; QUADPACK's estimate stays below it on the domains
#: used here, and the 30-digit values confirm it (the checks quote the comparison).
QUAD_RTOL = 1e-13
#: The Gaussian density is below e^{−800} ≈ 1e-348 beyond 40 standard deviations: the integrals are cut there.
_CUT = 40.0


@functools.lru_cache(maxsize=8192)
def gaussian_integrals(m: float, v: float) -> tuple[float, float, float, float]:
    """(P, R, Q, S) for z ~ N(m, v) by adaptive quadrature in float64."""
    s = math.sqrt(v)
    norm = 1.0 / (s * math.sqrt(2.0 * math.pi))

    def density(x: float) -> float:
        return math.exp(-0.5 * ((x - m) / s) ** 2) * norm

    hi, lo = max(m + _CUT * s, 1.0), min(m - _CUT * s, -1.0)
    kw = {"epsabs": 0.0, "epsrel": QUAD_RTOL, "limit": 400}
    # break points: the density's bulk, and on the left the scale of eᶻ (a feature of width ~10 near 0 that an
    # adaptive rule on [−40s, 0] can miss when s is large)
    right = sorted({0.0, *[p for p in (m - 3 * s, m, m + 3 * s) if 0.0 < p < hi], hi})
    left = sorted({lo, *[p for p in (m - 3 * s, m, m + 3 * s, -60.0, -20.0, -5.0) if lo < p < 0.0], 0.0})

    def piecewise(f: Any, points: list[float]) -> float:
        return math.fsum(integrate.quad(f, a, b, **kw)[0] for a, b in zip(points, points[1:]))

    p = piecewise(lambda x: x * density(x), right)
    r = piecewise(lambda x: x * x * density(x), right)
    q = piecewise(lambda x: math.expm1(x) * density(x), left)
    sq = piecewise(lambda x: math.expm1(x) ** 2 * density(x), left)
    return p, r, q, sq


def quadrature_moments(m: float, v: float, alpha: float = L.ALPHA01,
                       scale: float = L.LAMBDA01) -> tuple[float, float, float]:
    """(E selu(z), E selu(z)², Var selu(z)) for z ~ N(m, v) from :func:`gaussian_integrals`."""
    p, r, q, sq = gaussian_integrals(float(m), float(v))
    mean = scale * (p + alpha * q)
    second = scale * scale * (r + alpha * alpha * sq)
    return mean, second, second - mean * mean


def quadrature_map(mu: float, nu: float, omega: float, tau: float, alpha: float = L.ALPHA01,
                   scale: float = L.LAMBDA01) -> tuple[float, float]:
    """g(μ, ν) = (μ̃, ν̃) by quadrature."""
    mean, _, var = quadrature_moments(mu * omega, nu * tau, alpha, scale)
    return mean, var


def gaussian_integrals_mp(m: Any, v: Any, digits: int) -> tuple[Any, Any, Any, Any]:
    """(P, R, Q, S) by mpmath tanh–sinh quadrature at ``digits`` digits (m, v taken as exact decimals)."""
    with mpmath.workdps(digits + 5):
        m, v = mpmath.mpf(m), mpmath.mpf(v)
        s = mpmath.sqrt(v)
        norm = 1 / (s * mpmath.sqrt(2 * mpmath.pi))
        cut = mpmath.sqrt(2 * (digits + 10) * mpmath.log(10)) + 2  # the density is below 10^-(digits+10) beyond

        def density(x: Any) -> Any:
            return mpmath.exp(-((x - m) / s) ** 2 / 2) * norm

        hi, lo = max(m + cut * s, mpmath.mpf(1)), min(m - cut * s, mpmath.mpf(-1))
        right = sorted({mpmath.mpf(0), *[p for p in (m - s, m, m + s) if 0 < p < hi], hi})
        left = sorted({lo, *[p for p in (m - s, m, m + s, mpmath.mpf(-60), mpmath.mpf(-20), mpmath.mpf(-5))
                             if lo < p < 0], mpmath.mpf(0)})
        p = mpmath.quad(lambda x: x * density(x), right)
        r = mpmath.quad(lambda x: x * x * density(x), right)
        q = mpmath.quad(lambda x: mpmath.expm1(x) * density(x), left)
        sq = mpmath.quad(lambda x: mpmath.expm1(x) ** 2 * density(x), left)
        return p, r, q, sq


def quadrature_map_mp(digits: int, mu: Any, nu: Any, omega: Any, tau: Any, alpha: Any,
                      scale: Any) -> tuple[Any, Any]:
    """g(μ, ν) by mpmath quadrature at ``digits`` digits."""
    with mpmath.workdps(digits + 5):
        m = mpmath.mpf(mu) * mpmath.mpf(omega)
        v = mpmath.mpf(nu) * mpmath.mpf(tau)
        p, r, q, sq = gaussian_integrals_mp(m, v, digits)
        a, lam = mpmath.mpf(alpha), mpmath.mpf(scale)
        mean = lam * (p + a * q)
        return mean, lam * lam * (r + a * a * sq) - mean * mean


# -- the formula claims' ground truths (keyword arguments as the formulas name them) -----------------------


def mean_truth(**case: float) -> float:
    """μ̃ by float64 quadrature."""
    return quadrature_map(case["mu"], case["nu"], case["omega"], case["tau"], case["alpha"], case["lambda"])[0]


def second_moment_truth(**case: float) -> float:
    """ξ̃ by float64 quadrature."""
    return quadrature_moments(case["mu"] * case["omega"], case["nu"] * case["tau"], case["alpha"], case["lambda"])[1]


def mean_truth_mp(digits: int, **case: float) -> Any:
    """μ̃ by mpmath quadrature."""
    return quadrature_map_mp(digits, case["mu"], case["nu"], case["omega"], case["tau"], case["alpha"],
                             case["lambda"])[0]


def second_moment_truth_mp(digits: int, **case: float) -> Any:
    """ξ̃ by mpmath quadrature."""
    mean, var = quadrature_map_mp(digits, case["mu"], case["nu"], case["omega"], case["tau"], case["alpha"],
                                  case["lambda"])
    with mpmath.workdps(digits + 5):
        return var + mean * mean


def _selu_samples(rng: np.random.Generator, size: int, case: dict[str, float]) -> np.ndarray:
    z = case["mu"] * case["omega"] + math.sqrt(case["nu"] * case["tau"]) * rng.standard_normal(size)
    return case["lambda"] * np.where(z > 0, z, case["alpha"] * np.expm1(np.minimum(z, 0.0)))


def draw_selu(rng: np.random.Generator, size: int, **case: float) -> np.ndarray:
    """selu(z) for z ~ N(μω, ντ): mean μ̃."""
    return _selu_samples(rng, size, case)


def draw_selu_squared(rng: np.random.Generator, size: int, **case: float) -> np.ndarray:
    """selu(z)² for z ~ N(μω, ντ): mean ξ̃."""
    return _selu_samples(rng, size, case) ** 2
