"""Checks of V1, the second moment E_p[p(1−p)/f_N(p)²] = B(α,β)² B(a+3−2α, b+3−2β)/B(a, b): against
quadrature of the raw integrand (mpmath at 30 digits and scipy), its divergence past the boundary
α = (a+3)/2, and a 10⁶-sample Monte Carlo with an independent score."""

from __future__ import annotations

import functools
import math
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import integrate, stats

from ...theorems.bnpo import claims as C
from .numerics import MC_N, Z, _logpdf, cached_mp_second_moment
from .strategies import _inside, seeds, shape

fraction = st.floats(0.02, 0.995)


def _scipy_half(a: float, b: float, al: float, be: float) -> float:
    """∫₀^{1/2} pdf_{a,b}(p) p(1−p)/f_N(p; α, β)² dp in float64, with p = t^k/2 as in
    numerics._mp_second_moment."""
    e0 = a + 2 - 2 * al
    k = 1 / (e0 + 1) if e0 < 0 else 1.0

    log_pdf_ab, log_pdf_n = _logpdf(a, b), _logpdf(al, be)

    def g(t: float) -> float:
        if t == 0.0:
            return 0.0 if k * (e0 + 1) > 1 else float("nan")
        p = 0.5 * t**k
        if p <= 0.0:
            return 0.0
        log_pdf = log_pdf_ab(p)
        log_dens = log_pdf_n(p)
        return math.exp(log_pdf + math.log(p) + math.log1p(-p) - 2 * log_dens) * 0.5 * k * t ** (k - 1)

    val, _ = integrate.quad(g, 0.0, 1.0, limit=200, epsabs=0.0, epsrel=1e-11)
    return val


@functools.lru_cache(maxsize=64)
def _scipy_second_moment(a: float, b: float, al: float, be: float) -> float:
    """The same integral in scipy (QAGS), the half near 1 by the symmetry p → 1 − p (cached: mutant runs draw
    the claim's cases)."""
    return _scipy_half(a, b, al, be) + _scipy_half(b, a, be, al)


@C.SECOND_MOMENT.check(given={"a": shape, "b": shape, "ua": fraction, "ub": fraction}, examples=12,
                       precision="mpmath 30 digits (tanh-sinh after removing endpoint singularities)",
                       tolerance="1e-12 relative: the quadrature converges to ≥ 25 digits; float64 betaln "
                                 "roundoff of the closed form is ~1e-14 relative")
def closed_form_matches_mpmath_quadrature(subject, ev, a, b, ua, ub):
    r"""The closed form equals 30-digit quadrature of $\mathrm{pdf}\cdot p(1-p)/f_N^2$, up to the divergence
    boundary."""
    al, be = _inside(a, b, ua, ub)
    truth = cached_mp_second_moment(a, b, al, be)
    claimed = subject(a, b, al, be)
    ev.show("(α, β)", [al, be])
    ev.show("closed form", claimed)
    ev.show("30-digit quadrature", float(truth))
    ev.close(claimed, truth, rtol=1e-12, what="E_p[p(1−p)/f_N²]",
             context=f"a={a:.4g}, b={b:.4g}, α={al:.4g}, β={be:.4g}", labels=("closed form", "30-digit quadrature"))


@C.SECOND_MOMENT.check(given={"a": shape, "b": shape, "ua": st.floats(0.02, 0.9), "ub": st.floats(0.02, 0.9)},
                       examples=12, precision="float64, scipy.integrate.quad (QAGS)",
                       tolerance="1e-8 relative: QAGS asked for 1e-11, float64 logpdf roundoff")
def closed_form_matches_scipy_quadrature(subject, ev, a, b, ua, ub):
    r"""The closed form equals scipy quadrature of the raw integrand $\mathrm{pdf}_{a,b}\cdot p(1-p)/f_N^2$ (QAGS)."""
    al, be = _inside(a, b, ua, ub)
    truth = _scipy_second_moment(a, b, al, be)
    claimed = subject(a, b, al, be)
    ev.show("(α, β)", [al, be])
    ev.show("closed form", claimed)
    ev.show("scipy quadrature", truth)
    ev.close(claimed, truth, rtol=1e-8, what="E_p[p(1−p)/f_N²]",
             context=f"a={a:.4g}, b={b:.4g}, α={al:.4g}, β={be:.4g}", labels=("closed form", "scipy quadrature"))


@functools.lru_cache(maxsize=64)
def _decade(a: float, b: float, al: float, be: float, k: int) -> mpmath.mpf:
    """∫ over p ∈ [10^{−k−1}, 10^{−k}] of pdf·p(1−p)/f_N² at 20 digits (only its size matters; cached)."""
    with mpmath.workdps(20):
        a, b, al, be = (mpmath.mpf(x) for x in (a, b, al, be))
        c = mpmath.beta(al, be) ** 2 / mpmath.beta(a, b)

        def f(p: Any) -> Any:
            return c * p ** (a - 1) * (1 - p) ** (b - 1) * p * (1 - p) / (p ** (al - 1) * (1 - p) ** (be - 1)) ** 2

        return mpmath.quad(f, [mpmath.mpf(10) ** (-k - 1), mpmath.mpf(10) ** (-k)])


@C.SECOND_MOMENT.check(given={"a": shape, "b": shape, "excess": st.floats(0.0, 3.0), "ub": fraction},
                       examples=6, precision="mpmath 20 digits",
                       tolerance="decade integrals: a convergent $p^{c-1}$ tail shrinks by $10^{-c}$ per decade, a "
                                 "divergent one ($c \\leq 0$) does not shrink")
def diverges_past_the_boundary(subject, ev, a, b, excess, ub):
    r"""For $\alpha \geq (a+3)/2$ the closed form is infinite and the integral's decades near 0 do not shrink."""
    al, be = (a + 3) / 2 + excess, ub * (b + 3) / 2
    near, far = _decade(a, b, al, be, 10), _decade(a, b, al, be, 30)
    ev.show("(α, β)", [al, be])
    ev.show("integral over p in [1e-11, 1e-10] and over p in [1e-31, 1e-30]", [float(near), float(far)])
    ev.that(bool(far >= near * mpmath.mpf("0.999")),
            f"the integral should diverge at α={al:.4g} ≥ (a+3)/2 but decade 30 is smaller than decade 10")
    claimed = subject(a, b, al, be)
    ev.show("closed form", claimed)
    ev.that(claimed == math.inf, f"closed form claims {claimed!r} where the integral diverges "
            f"[a={a:.4g}, α={al:.4g}]", claimed=claimed, observed="inf", labels=("closed form", "the integral"))


@functools.lru_cache(maxsize=8)
def _monte_carlo_second_moment(a: float, b: float, al: float, be: float, seed: int) -> tuple[float, float] | None:
    """Mean of (s·A)² over 10⁶ draws and its standard error; None if a draw hits p ∈ {0, 1} (cached: mutant
    runs draw the claim's cases)."""
    rng = np.random.default_rng(seed)
    p = rng.beta(a, b, MC_N)
    if not np.all((p > 0) & (p < 1)):
        return None
    r = (rng.random(MC_N) < p).astype(float)
    s = rng.standard_normal(MC_N)
    g2 = (s * (r - p) / stats.beta.pdf(p, al, be)) ** 2
    return float(g2.mean()), float(g2.std() / math.sqrt(MC_N))


@C.SECOND_MOMENT.check(
    given={"a": st.floats(0.5, 10.0), "b": st.floats(0.5, 10.0), "ua": st.floats(0.05, 0.95),
           "ub": st.floats(0.05, 0.95), "seed": seeds},
    examples=2, min_valid=1, precision="float64 Monte Carlo, 10⁶ samples",
    tolerance="5 standard errors (z-test); draws keep $\\mathbb{E} A^8$ finite ($\\alpha < (a+9)/8$) so the "
              "standard error is reliable",
    false_alarm_rate=5.7e-7, power="exponent_off_by_one: a deviation of ≥ 30 standard errors on the drawn cases",
    thorough_factor=10)
def monte_carlo_independent_score(subject, ev, a, b, ua, ub, seed):
    r"""Mean of $(s A)^2$ over $10^6$ draws ($p \sim \operatorname{Beta}(a,b)$, $R \sim \operatorname{Bernoulli}(p)$,
    $s \sim \mathcal{N}(0,1)$ independent) equals the closed form."""
    al = 0.3 + ua * ((a + 9) / 8 - 0.3 - 0.02)
    be = 0.3 + ub * ((b + 9) / 8 - 0.3 - 0.02)
    mc = _monte_carlo_second_moment(a, b, al, be, seed)
    ev.assume(mc is not None)
    est, se = mc
    claimed = subject(a, b, al, be)
    ev.show("(α, β)", [al, be])
    ev.show("Monte Carlo mean of (sA)² and its standard error", [est, se])
    ev.show("closed form", claimed)
    ev.finite(claimed, "closed form")
    z = abs(claimed - est) / se
    ev.metric("z", z)
    ev.le(z, Z, what="|closed form − Monte Carlo| in standard errors",
          context=f"a={a:.3g}, b={b:.3g}, α={al:.3g}, β={be:.3g}, MC={est:.6g}±{se:.2g}, claimed={claimed:.6g}",
          labels=("|closed form − Monte Carlo|/SE", "threshold"))
