"""Ground-truth numerics shared by the BNPO checks: the Monte Carlo threshold and sample size (V1,
V3, V7), V1's second moment by 30-digit quadrature (V1, V2), and the Beta log-density (V1, V3)."""

from __future__ import annotations

import functools
import math
from typing import Any

import mpmath
from scipy import special

# z-test threshold for every Monte Carlo comparison: two-sided tail 5.7e-7 per comparison.
Z = 5.0
MC_N = 1_000_000


def _mp_second_moment(a: float, b: float, al: float, be: float, dps: int = 30) -> mpmath.mpf:
    """E_p[p(1−p)/f_N(p)²] at ``dps`` digits: tanh-sinh quadrature of pdf(p)·p(1−p)/f_N(p)².

    The endpoint singularities p^{e₀} are removed by p = t^{k}/2 with k = 1/(e₀ + 1), e₀ the sum of the
    factors' exponents at 0 (likewise at 1 with 1 − p = t^{k}/2), so the quadrature sees smooth integrands.
    """
    with mpmath.workdps(dps + 10):
        a, b, al, be = (mpmath.mpf(x) for x in (a, b, al, be))
        b_ab, b_n = mpmath.beta(a, b), mpmath.beta(al, be)

        def f(p: Any, q: Any) -> Any:  # p and 1 − p passed separately (no cancellation)
            pdf = p ** (a - 1) * q ** (b - 1) / b_ab
            dens = p ** (al - 1) * q ** (be - 1) / b_n
            return pdf * p * q / dens**2

        e0, e1 = a + 2 - 2 * al, b + 2 - 2 * be
        if e0 <= -1 or e1 <= -1:
            return mpmath.inf
        k0 = 1 / (e0 + 1) if e0 < 0 else mpmath.mpf(1)
        k1 = 1 / (e1 + 1) if e1 < 0 else mpmath.mpf(1)
        half = mpmath.mpf(1) / 2
        left = mpmath.quad(lambda t: f(half * t**k0, 1 - half * t**k0) * half * k0 * t ** (k0 - 1), [0, 1])
        right = mpmath.quad(lambda t: f(1 - half * t**k1, half * t**k1) * half * k1 * t ** (k1 - 1), [0, 1])
        return +(left + right)


@functools.lru_cache(maxsize=64)
def cached_mp_second_moment(a: float, b: float, al: float, be: float) -> mpmath.mpf:
    """:func:`_mp_second_moment` at 30 digits, cached: a mutant run draws the claim's own cases."""
    return _mp_second_moment(a, b, al, be)


def _logpdf(a: float, b: float) -> Any:
    """The Beta(a, b) log-density as a fast scalar function of p ∈ (0, 1) (math.log, one betaln)."""
    const = float(special.betaln(a, b))
    return lambda p: (a - 1) * math.log(p) + (b - 1) * math.log1p(-p) - const
