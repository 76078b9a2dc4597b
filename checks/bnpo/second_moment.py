"""Checks of V1, the second moment E_p[p(1−p)/f_N(p)²] = B(α,β)² B(a+3−2α, b+3−2β)/B(a, b): against
quadrature of the raw integrand (mpmath at 20 digits and scipy), its divergence past the boundary
α = (a+3)/2, and a 10⁶-sample Monte Carlo with an independent score."""

from __future__ import annotations

import functools
import math

import numpy as np
from hypothesis import strategies as st
from scipy import integrate, special

from ...theorems.bnpo import claims as C
from ...theorems.bnpo.library import second_moment
from .numerics import MC_N, Z, _logpdf, beta_pdf_inside, cached_mp_second_moment
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
                       precision="mpmath at 20 working digits, no guard digits (tanh-sinh after removing endpoint "
                                 "singularities; within 4e-21 of 50-digit quadrature)",
                       tolerance="1e-12 relative: the quadrature converges to ≥ 20 digits; float64 "
                                 "roundoff of the closed form (scipy's Beta function) is ≤ 3e-14 relative")
def closed_form_matches_mpmath_quadrature(subject, ev, a, b, ua, ub):
    r"""The closed form equals 20-digit quadrature of $\mathrm{pdf}\cdot p(1-p)/f_N^2$, up to the divergence
    boundary."""
    al, be = _inside(a, b, ua, ub)
    truth = cached_mp_second_moment(a, b, al, be)
    claimed = subject(a, b, al, be)
    ev.show("(α, β)", [al, be])
    ev.show("closed form", claimed)
    ev.show("20-digit quadrature", float(truth))
    ev.close(claimed, truth, rtol=1e-12, what="E_p[p(1−p)/f_N²]",
             context=f"a={a:.4g}, b={b:.4g}, α={al:.4g}, β={be:.4g}", labels=("closed form", "20-digit quadrature"))


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


_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(24)
_LN10 = math.log(10.0)


@functools.lru_cache(maxsize=64)
def _log_decade(a: float, b: float, al: float, be: float, k: int) -> float:
    """log of ∫ over p ∈ [10^{−k−1}, 10^{−k}] of pdf_{a,b}·p(1−p)/f_N²: 24-point Gauss–Legendre in u = log p,
    summed in logs (cached). On a decade the integrand is a power of p times (1 − p)^{…} ≈ 1, e^{c u} with
    |c| ≤ 6 in u: the rule's error is below 1e−15 relative, and only the size matters."""
    lo, hi = -(k + 1) * _LN10, -k * _LN10
    u = (hi + lo) / 2 + (hi - lo) / 2 * _GL_NODES
    log_q = np.log1p(-np.exp(u))  # log(1 − p)
    log_pdf = (a - 1) * u + (b - 1) * log_q - special.betaln(a, b)
    log_dens = (al - 1) * u + (be - 1) * log_q - special.betaln(al, be)
    log_f = log_pdf + u + log_q - 2 * log_dens + u  # pdf · p(1 − p)/f_N² · dp/du
    return float(special.logsumexp(log_f, b=_GL_WEIGHTS * (hi - lo) / 2))


#: Gaps below the edge α = (a+3)/2 at which the closed form is compared: B(a+3−2α, e) ≈ 1/(a+3−2α) + 1/e there
#: (e = b+3−2β), so the value grows by about 10³ from the first to the second, and by at least 28× on a grid
#: of the drawn domain (a, b ∈ [0.05, 50], β up to 0.995 (b+3)/2, where 1/e is largest); the two mutants that
#: stay bounded at the edge change by at most 1.34× there. BLOW_UP sits between the two.
EDGE_GAPS = (1e-2, 1e-5)
BLOW_UP = 10.0


@C.SECOND_MOMENT.check(given={"a": shape, "b": shape, "excess": st.floats(0.0, 3.0), "ub": fraction},
                       examples=6, precision="float64, 24-point Gauss–Legendre in $\\log p$ per decade (in logs)",
                       tolerance="decade integrals: a convergent $p^{c-1}$ tail shrinks by $10^{-c}$ per decade, a "
                                 "divergent one ($c \\leq 0$) does not shrink ($10^{-3}$ slack); the closed form "
                                 "grows $\\geq 10\\times$ from $\\alpha = (1 - 10^{-2})(a+3)/2$ to "
                                 "$(1 - 10^{-5})(a+3)/2$ ($\\geq 28\\times$ on the drawn domain, about $10^3\\times$ "
                                 "away from $\\beta$'s own edge; a form bounded at the edge: $\\leq 1.34\\times$)")
def diverges_past_the_boundary(subject, ev, a, b, excess, ub):
    r"""For $\alpha \geq (a+3)/2$ the integral's decades near 0 do not shrink and second_moment is $+\infty$; the
    closed form grows without bound as $\alpha$ rises to $(a+3)/2$."""
    edge = (a + 3) / 2
    al, be = edge + excess, ub * (b + 3) / 2
    near, far = _log_decade(a, b, al, be, 10), _log_decade(a, b, al, be, 30)
    ev.show("(α, β)", [al, be])
    ev.show("log of the integral over p in [1e-11, 1e-10] and over p in [1e-31, 1e-30]", [near, far])
    ev.that(bool(far >= near + math.log(0.999)),
            f"the integral should diverge at α={al:.4g} ≥ (a+3)/2 but decade 30 is smaller than decade 10")
    library = second_moment(a, b, al, be)
    ev.that(library == math.inf, f"second_moment gives {library!r} where the integral diverges "
            f"[a={a:.4g}, α={al:.4g}]", claimed=library, observed="inf", labels=("second_moment", "the integral"))
    inside = [subject(a, b, edge * (1 - gap), be) for gap in EDGE_GAPS]
    ev.show("closed form at α = (1 − 1e-2)(a+3)/2 and (1 − 1e-5)(a+3)/2", inside)
    ev.that(bool(inside[1] >= BLOW_UP * inside[0]),
            f"the closed form stays bounded as α → (a+3)/2: {inside[0]:.6g} then {inside[1]:.6g} "
            f"[a={a:.4g}, b={b:.4g}, β={be:.4g}]", claimed=inside[1], observed="→ ∞",
            labels=("closed form near the edge", "the integral at the edge"))


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
    g2 = (s * (r - p) / beta_pdf_inside(p, al, be)) ** 2
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
