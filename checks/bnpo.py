"""Numerical checks of the BNPO statements V1–V9 (theorems/bnpo.py).

Ground truth never comes from the formula under test: quadrature of the raw integrands (scipy and
mpmath at 30 digits), numerical minimisation, exact enumeration over the reward, finite differences,
exact rational arithmetic (Fractions) for the method of moments, and vectorized Monte Carlo with
10⁶ samples. Monte Carlo checks use a z-test at 5 standard errors: a false-alarm rate of 5.7·10⁻⁷
per comparison under the normal approximation (the draws are restricted to parameters where the
estimator's fourth moment is finite, so the central limit theorem applies).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import integrate, optimize, special, stats

from claimkit.figures import pyplot
from ..theorems import bnpo as T

# z-test threshold for every Monte Carlo comparison: two-sided tail 5.7e-7 per comparison.
Z = 5.0
MC_N = 1_000_000


def _log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(math.log(lo), math.log(hi)).map(math.exp)


shape = _log_uniform(0.05, 50.0)
fraction = st.floats(0.02, 0.995)
seeds = st.integers(0, 2**32 - 1)


# ------------------------------------------------------------------------------------------------
# V1: the second moment by quadrature of the raw integrand
# ------------------------------------------------------------------------------------------------


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


def _logpdf(a: float, b: float) -> Any:
    """The Beta(a, b) log-density as a fast scalar function of p ∈ (0, 1) (math.log, one betaln)."""
    const = float(special.betaln(a, b))
    return lambda p: (a - 1) * math.log(p) + (b - 1) * math.log1p(-p) - const


def _scipy_half(a: float, b: float, al: float, be: float) -> float:
    """∫₀^{1/2} pdf_{a,b}(p) p(1−p)/f_N(p; α, β)² dp in float64, with p = t^k/2 as above."""
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


def _scipy_second_moment(a: float, b: float, al: float, be: float) -> float:
    """The same integral in scipy (QAGS), the half near 1 by the symmetry p → 1 − p."""
    return _scipy_half(a, b, al, be) + _scipy_half(b, a, be, al)


def _inside(a: float, b: float, ua: float, ub: float) -> tuple[float, float]:
    return ua * (a + 3) / 2, ub * (b + 3) / 2


@T.SECOND_MOMENT.check(given={"a": shape, "b": shape, "ua": fraction, "ub": fraction}, examples=12,
                       precision="mpmath 30 digits (tanh-sinh after removing endpoint singularities)",
                       tolerance="1e-12 relative: the quadrature converges to ≥ 25 digits; float64 betaln "
                                 "roundoff of the closed form is ~1e-14 relative")
def closed_form_matches_mpmath_quadrature(subject, ev, a, b, ua, ub):
    """The closed form equals 30-digit quadrature of pdf·p(1−p)/f_N², up to the divergence boundary."""
    al, be = _inside(a, b, ua, ub)
    truth = _mp_second_moment(a, b, al, be)
    ev.close(subject(a, b, al, be), truth, rtol=1e-12, what="E_p[p(1−p)/f_N²]",
             context=f"a={a:.4g}, b={b:.4g}, α={al:.4g}, β={be:.4g}")


@T.SECOND_MOMENT.check(given={"a": shape, "b": shape, "ua": st.floats(0.02, 0.9), "ub": st.floats(0.02, 0.9)},
                       examples=12, precision="float64, scipy.integrate.quad (QAGS)",
                       tolerance="1e-8 relative: QAGS asked for 1e-11, float64 logpdf roundoff")
def closed_form_matches_scipy_quadrature(subject, ev, a, b, ua, ub):
    """The closed form equals scipy quadrature of the raw integrand pdf_{a,b}·p(1−p)/f_N² (QAGS)."""
    al, be = _inside(a, b, ua, ub)
    truth = _scipy_second_moment(a, b, al, be)
    ev.close(subject(a, b, al, be), truth, rtol=1e-8, what="E_p[p(1−p)/f_N²]",
             context=f"a={a:.4g}, b={b:.4g}, α={al:.4g}, β={be:.4g}")


def _decade(a: float, b: float, al: float, be: float, k: int) -> mpmath.mpf:
    """∫ over p ∈ [10^{−k−1}, 10^{−k}] of pdf·p(1−p)/f_N² at 20 digits (only its size matters)."""
    with mpmath.workdps(20):
        a, b, al, be = (mpmath.mpf(x) for x in (a, b, al, be))
        c = mpmath.beta(al, be) ** 2 / mpmath.beta(a, b)

        def f(p: Any) -> Any:
            return c * p ** (a - 1) * (1 - p) ** (b - 1) * p * (1 - p) / (p ** (al - 1) * (1 - p) ** (be - 1)) ** 2

        return mpmath.quad(f, [mpmath.mpf(10) ** (-k - 1), mpmath.mpf(10) ** (-k)])


@T.SECOND_MOMENT.check(given={"a": shape, "b": shape, "excess": st.floats(0.0, 3.0), "ub": fraction},
                       examples=6, precision="mpmath 20 digits",
                       tolerance="decade integrals: a convergent p^{c−1} tail shrinks by 10^{−c} per decade, a "
                                 "divergent one (c ≤ 0) does not shrink")
def diverges_past_the_boundary(subject, ev, a, b, excess, ub):
    """For α ≥ (a+3)/2 the closed form is infinite and the integral's decades near 0 do not shrink."""
    al, be = (a + 3) / 2 + excess, ub * (b + 3) / 2
    near, far = _decade(a, b, al, be, 10), _decade(a, b, al, be, 30)
    ev.that(bool(far >= near * mpmath.mpf("0.999")),
            f"the integral should diverge at α={al:.4g} ≥ (a+3)/2 but decade 30 is smaller than decade 10")
    claimed = subject(a, b, al, be)
    ev.that(claimed == math.inf, f"closed form claims {claimed!r} where the integral diverges "
            f"[a={a:.4g}, α={al:.4g}]", claimed=claimed, observed="inf")


@T.SECOND_MOMENT.check(
    given={"a": st.floats(0.5, 10.0), "b": st.floats(0.5, 10.0), "ua": st.floats(0.05, 0.95),
           "ub": st.floats(0.05, 0.95), "seed": seeds},
    examples=2, min_valid=1, precision="float64 Monte Carlo, 10⁶ samples",
    tolerance="5 standard errors (z-test); draws keep E A⁸ finite (α < (a+9)/8) so the standard error is reliable",
    false_alarm_rate=5.7e-7, power="exponent_off_by_one: a deviation of ≥ 30 standard errors on the drawn cases",
    thorough_factor=10)
def monte_carlo_independent_score(subject, ev, a, b, ua, ub, seed):
    """Mean of (s·A)² over 10⁶ draws (p ∼ Beta(a,b), R ∼ Bern(p), s ∼ N(0,1) independent) equals the closed form."""
    al = 0.3 + ua * ((a + 9) / 8 - 0.3 - 0.02)
    be = 0.3 + ub * ((b + 9) / 8 - 0.3 - 0.02)
    rng = np.random.default_rng(seed)
    p = rng.beta(a, b, MC_N)
    ev.assume(bool(np.all((p > 0) & (p < 1))))
    r = (rng.random(MC_N) < p).astype(float)
    s = rng.standard_normal(MC_N)
    g2 = (s * (r - p) / stats.beta.pdf(p, al, be)) ** 2
    est, se = float(g2.mean()), float(g2.std() / math.sqrt(MC_N))
    claimed = subject(a, b, al, be)
    ev.finite(claimed, "closed form")
    z = abs(claimed - est) / se
    ev.metric("z", z)
    ev.le(z, Z, what="|closed form − Monte Carlo| in standard errors",
          context=f"a={a:.3g}, b={b:.3g}, α={al:.3g}, β={be:.3g}, MC={est:.6g}±{se:.2g}, claimed={claimed:.6g}")


# ------------------------------------------------------------------------------------------------
# V2: the optimum
# ------------------------------------------------------------------------------------------------


def _log_m(x: np.ndarray, a: float, b: float) -> float:
    """log of V1's second moment (bnpo.second_moment, itself checked by quadrature above)."""
    al, be = x
    if al <= 0 or be <= 0 or al >= (a + 3) / 2 or be >= (b + 3) / 2:
        return math.inf
    return float(2 * special.betaln(al, be) + special.betaln(a + 3 - 2 * al, b + 3 - 2 * be) - special.betaln(a, b))


@functools.lru_cache(maxsize=256)
def _numerical_minimum(a: float, b: float) -> tuple[float, float, float]:
    """Minimise log M over the finite region with Nelder–Mead from several starts."""
    best = None
    for start in ((1.0, 1.0), (0.3 * (a + 3) / 2, 0.3 * (b + 3) / 2), (0.8 * (a + 3) / 2, 0.8 * (b + 3) / 2)):
        res = optimize.minimize(_log_m, np.array(start), args=(a, b), method="Nelder-Mead",
                                options={"xatol": 1e-11, "fatol": 1e-15, "maxiter": 20000, "maxfev": 40000})
        if best is None or res.fun < best.fun:
            best = res
    return float(best.x[0]), float(best.x[1]), float(best.fun)


@T.OPTIMUM.check(given={"a": shape, "b": shape}, examples=12, precision="float64, Nelder–Mead",
                 tolerance="1e-6 relative on (α*, β*): Nelder–Mead's xatol 1e-11 on a function whose curvature "
                           "at the minimum is ≥ 1e-3; 1e-10 relative on the minimum value")
def numerical_minimiser_agrees(subject, ev, a, b):
    """Nelder–Mead on log M (three starts) lands on the claimed (α*, β*) with the claimed minimum."""
    opt, m_star = subject
    al, be, log_min = _numerical_minimum(a, b)
    ctx = f"a={a:.4g}, b={b:.4g}"
    ev.close(np.array(opt(a, b), dtype=float), np.array([al, be]), rtol=1e-6, what="(α*, β*)", context=ctx)
    ev.close(m_star(a, b), math.exp(log_min), rtol=1e-10, what="minimum M*", context=ctx)


@T.OPTIMUM.check(given={"a": shape, "b": shape}, examples=8, precision="mpmath 30 digits",
                 tolerance="1e-12 relative: quadrature to ≥ 25 digits")
def minimum_value_matches_quadrature(subject, ev, a, b):
    """The claimed minimum equals 30-digit quadrature of the integrand at the claimed (α*, β*)."""
    opt, m_star = subject
    al, be = opt(a, b)
    ev.assume(0 < al < (a + 3) / 2 and 0 < be < (b + 3) / 2)
    ev.close(m_star(a, b), _mp_second_moment(a, b, al, be), rtol=1e-12, what="M(α*, β*)",
             context=f"a={a:.4g}, b={b:.4g}")


@T.OPTIMUM.check(given={"a": shape, "b": shape, "ua": st.floats(0.01, 0.999), "ub": st.floats(0.01, 0.999)},
                 examples=40, precision="float64", tolerance="1e-12 relative slack for betaln roundoff")
def no_point_does_better(subject, ev, a, b, ua, ub):
    """M at the claimed optimum is ≤ M at a random finite point, at REINFORCE (1, 1) and at GRPO (3/2, 3/2)."""
    opt, _ = subject
    star = math.exp(_log_m(np.array(opt(a, b)), a, b))
    ctx = f"a={a:.4g}, b={b:.4g}"
    for label, point in (("random point", _inside(a, b, ua, ub)), ("REINFORCE (1, 1)", (1.0, 1.0)),
                         ("GRPO (3/2, 3/2)", (1.5, 1.5))):
        other = math.exp(_log_m(np.array(point), a, b))
        ev.le(star, other * (1 + 1e-12), what=f"M* ≤ M at {label}", context=ctx)


@T.OPTIMUM.check(precision="float64 and mpmath 30 digits", tolerance="1e-14 relative at the equality case")
def equality_cases(subject, ev):
    """M* = M(3/2, 3/2) exactly when a = b = 3/2; M* < M(1, 1) on a grid, the gap closing as a, b → 0."""
    opt, m_star = subject
    al, be = opt(1.5, 1.5)
    ev.close(np.array([al, be]), np.array([1.5, 1.5]), rtol=1e-14, what="α*, β* at a = b = 3/2")
    ev.close(m_star(1.5, 1.5), _mp_second_moment(1.5, 1.5, 1.5, 1.5), rtol=1e-12, what="M* = M(3/2, 3/2)")
    rows = []
    for a in (0.05, 0.5, 1.5, 5.0, 50.0):
        star, m11 = m_star(a, a), math.exp(_log_m(np.array([1.0, 1.0]), a, a))
        ev.lt(star, m11, what="M* < M(1, 1)", context=f"a=b={a}")
        rows.append({"a = b": a, "M*": star, "M(1,1)": m11, "M(3/2,3/2)": math.exp(_log_m(np.array([1.5, 1.5]), a, a)),
                     "gap to REINFORCE": 1 - star / m11})
    ev.table("optimum_against_baselines", rows)


@T.OPTIMUM.figure("second_moment_profile",
                  caption="M(α, α) against α for symmetric difficulty a = b (log scale), from the V1 closed form; "
                          "dots: the claimed optimum 1 + a/3; crosses: REINFORCE (α = 1) and GRPO's member (α = 3/2). "
                          "M diverges at α = (a + 3)/2.")
def _profile_figure():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for colour, a in zip(("C0", "C1", "C2", "C3"), (0.5, 1.5, 4.0, 12.0)):
        alphas = np.linspace(0.05, (a + 3) / 2 - 1e-3, 400)
        ax.plot(alphas, [T.second_moment(a, a, x, x) for x in alphas], color=colour, label=f"a = b = {a}")
        star = T.optimal_parameters(a, a)[0]
        ax.plot([star], [T.second_moment(a, a, star, star)], "o", color=colour)
        for x in (1.0, 1.5):
            ax.plot([x], [T.second_moment(a, a, x, x)], "x", color=colour)
    ax.set_yscale("log")
    ax.set_xlabel("α = β")
    ax.set_ylabel("E_p[p(1−p)/f_N(p)²]")
    ax.legend(fontsize=7)
    return fig


# ------------------------------------------------------------------------------------------------
# V3: variance comparisons
# ------------------------------------------------------------------------------------------------


def _quad(fn: Any) -> float:
    """∫₀¹ fn, split at 1/2 (QAGS handles the integrable endpoint singularities)."""
    left, _ = integrate.quad(fn, 0.0, 0.5, limit=200)
    right, _ = integrate.quad(fn, 0.5, 1.0, limit=200)
    return left + right


def _weights(al: float, be: float) -> Any:
    log_dens = _logpdf(al, be)
    return lambda p: math.exp(-log_dens(p))


def _grpo_weight(p: float) -> float:
    return 1.0 / math.sqrt(p * (1 - p))


def _logit_moments(a: float, b: float, w: Any) -> tuple[float, float]:
    """E g and E g² for the Bernoulli-logit score, g = (R − p)·(R − p)·w(p).

    The policy is π(correct | q) = σ(θ₀ + u_q) with u_q giving p ∼ Beta(a, b); the score with respect to
    the shared logit θ₀ (a feature x_q = 1) is R − p, correlated with the reward.

    The expectation over R is an explicit enumeration R ∈ {0, 1}; over p ∼ Beta(a, b) by quadrature.
    """
    log_pdf = _logpdf(a, b)

    def moment(k: int) -> float:
        return _quad(lambda p: math.exp(log_pdf(p)) * (p * ((1 - p) ** 2 * w(p)) ** k
                                                        + (1 - p) * (p**2 * w(p)) ** k))
    return moment(1), moment(2)


def _mp_logit_moments(a: float, b: float, which: str, al: float = 1.0, be: float = 1.0) -> tuple[Any, Any]:
    with mpmath.workdps(30):
        a, b, al, be = (mpmath.mpf(x) for x in (a, b, al, be))
        if which == "bnpo":
            def w(p):
                return mpmath.beta(al, be) / (p ** (al - 1) * (1 - p) ** (be - 1))
        elif which == "grpo":
            def w(p):
                return 1 / mpmath.sqrt(p * (1 - p))
        else:
            def w(p):
                return mpmath.mpf(1)

        def moment(k: int) -> Any:
            return mpmath.quad(lambda p: p ** (a - 1) * (1 - p) ** (b - 1) / mpmath.beta(a, b)
                               * (p * ((1 - p) ** 2 * w(p)) ** k + (1 - p) * (p**2 * w(p)) ** k), [0, 0.5, 1])
        return moment(1), moment(2)


def _confirm_logit(subject, a, b, **_):
    al, be = subject(a, b)
    rel = {}
    raw = {}
    for which in ("bnpo", "reinforce", "grpo"):
        m1, m2 = _mp_logit_moments(a, b, which, al, be)
        raw[which] = m2 - m1**2
        rel[which] = raw[which] / m1**2
    worse = rel["bnpo"] > min(rel["reinforce"], rel["grpo"]) * (1 + mpmath.mpf(10) ** -10)
    return bool(worse), (f"at 30 digits, a={a:.4g}, b={b:.4g}, α*={al:.4g}: tr Cov/‖E g‖² = "
                         f"{mpmath.nstr(rel['bnpo'], 8)} (BNPO) vs {mpmath.nstr(rel['reinforce'], 8)} (REINFORCE), "
                         f"{mpmath.nstr(rel['grpo'], 8)} (GRPO); raw variance {mpmath.nstr(raw['bnpo'], 8)} vs "
                         f"{mpmath.nstr(raw['reinforce'], 8)}, {mpmath.nstr(raw['grpo'], 8)}")


@T.VARIANCE.check(given={"a": _log_uniform(0.3, 30.0), "b": _log_uniform(0.3, 30.0)}, examples=10,
                  precision="float64 quadrature (scipy QAGS), confirmed at 30 digits (mpmath)",
                  tolerance="1e-6 relative slack: quadrature error ≤ 1e-8 relative",
                  confirm=_confirm_logit)
def scale_free_variance_bernoulli_logit(subject, ev, a, b):
    """With the Bernoulli-logit score, tr Cov(g)/‖E g‖² of BNPO(α*, β*) is ≤ that of REINFORCE and GRPO."""
    al, be = subject(a, b)
    rel = {}
    for name, w in (("bnpo", _weights(al, be)), ("reinforce", lambda p: 1.0), ("grpo", _grpo_weight)):
        m1, m2 = _logit_moments(a, b, w)
        rel[name] = (m2 - m1**2) / m1**2
    ctx = f"a={a:.4g}, b={b:.4g}, α*={al:.4g}, β*={be:.4g}, ratios {rel}"
    ev.le(rel["bnpo"], rel["reinforce"] * (1 + 1e-6), what="relative variance BNPO ≤ REINFORCE", context=ctx)
    ev.le(rel["bnpo"], rel["grpo"] * (1 + 1e-6), what="relative variance BNPO ≤ GRPO", context=ctx)


def _mc_logit(a: float, b: float, al: float, be: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.beta(a, b, MC_N)
    r = (rng.random(MC_N) < p).astype(float)
    score = r - p  # ∂_z log σ(z)^R (1 − σ(z))^{1−R}: the Bernoulli-logit score
    return score * (r - p) / stats.beta.pdf(p, al, be), score * (r - p)


def _confirm_logit_raw(subject, ab, seed):
    a, b = ab
    al, be = subject(a, b)
    out = []
    for which in ("bnpo", "reinforce"):
        m1, m2 = _mp_logit_moments(a, b, which, al, be)
        out.append(m2 - m1**2)
    return bool(out[0] > out[1]), (f"at 30 digits, a={a}, b={b}: Var g = {mpmath.nstr(out[0], 10)} "
                                   f"(BNPO at α*={al:.4g}) "
                                   f"> {mpmath.nstr(out[1], 10)} (REINFORCE)")


@T.VARIANCE.check(given={"ab": st.sampled_from([(1.0, 1.0), (2.0, 2.0), (1.5, 2.5)]), "seed": seeds},
                  examples=2, min_valid=1, precision="float64 Monte Carlo, 10⁶ paired samples",
                  tolerance="5 standard errors of the paired difference (z-test); E A⁴ < ∞ on these (a, b)",
                  false_alarm_rate=5.7e-7, power="a = b = 1: the true difference 0.0046 is ≈ 37 standard errors",
                  confirm=_confirm_logit_raw, thorough_factor=10)
def raw_variance_bernoulli_logit_monte_carlo(subject, ev, ab, seed):
    """Paired Monte Carlo (Bernoulli-logit policy): Var g of BNPO(α*, β*) is not above REINFORCE's."""
    a, b = ab
    al, be = subject(a, b)
    g_b, g_r = _mc_logit(a, b, al, be, seed)
    # Var g_b − Var g_r = E[g_b² − g_r²] − (E g_b)² + (E g_r)²; the delta method gives its standard error
    d = g_b**2 - g_r**2 - 2 * g_b.mean() * g_b + 2 * g_r.mean() * g_r
    diff = float(g_b.var() - g_r.var())
    se = float(d.std() / math.sqrt(MC_N))
    ev.metric("difference / SE", diff / se)
    ev.le(diff / se, Z, what="(Var_BNPO − Var_REINFORCE)/SE", context=f"a={a}, b={b}, diff={diff:.4g}±{se:.2g}")


@T.VARIANCE_INDEPENDENT.check(given={"a": _log_uniform(0.1, 50.0), "b": _log_uniform(0.1, 50.0)}, examples=15,
                              precision="float64 quadrature (scipy QAGS) of the raw integrands",
                              tolerance="1e-6 relative slack: quadrature error ≤ 1e-8 relative")
def quadrature_second_moments(subject, ev, a, b):
    """E[(R−p)²w(p)²] by quadrature: BNPO(α*, β*) ≤ REINFORCE (w = 1) and < GRPO (w = 1/√(p(1−p)))."""
    al, be = subject(a, b)
    # local exponents of the integrand at 0 and 1 (sum of the factors' powers): ≤ −1 means divergence
    ev.that(a + 2 - 2 * al > -1 and b + 2 - 2 * be > -1,
            f"BNPO's second moment is infinite at α={al:.4g}, β={be:.4g} (a={a:.4g}, b={b:.4g})")
    w = _weights(al, be)
    log_pdf = _logpdf(a, b)
    m_b = _quad(lambda p: math.exp(log_pdf(p)) * p * (1 - p) * w(p) ** 2)
    m_r = _quad(lambda p: math.exp(log_pdf(p)) * p * (1 - p))
    m_g = _quad(lambda p: math.exp(log_pdf(p)) * p * (1 - p) * _grpo_weight(p) ** 2)
    ctx = f"a={a:.4g}, b={b:.4g}, α*={al:.4g}, β*={be:.4g}"
    ev.le(m_b, m_r * (1 + 1e-6), what="E g² BNPO ≤ REINFORCE", context=ctx)
    ev.lt(m_b, m_g, what="E g² BNPO < GRPO", context=ctx)


@T.VARIANCE_INDEPENDENT.check(
    given={"a": st.floats(0.6, 2.8), "b": st.floats(0.6, 2.8), "seed": seeds}, examples=2, min_valid=1,
    precision="float64 Monte Carlo, 10⁶ paired samples",
    tolerance="5 standard errors of the paired difference; E A⁴ < ∞ for a, b < 3 at α*",
    false_alarm_rate=5.7e-7, power="one_plus_a has an infinite second moment: its paired difference exceeds "
                                   "5 standard errors on the drawn cases", thorough_factor=10)
def monte_carlo_independent_score_paired(subject, ev, a, b, seed):
    """Paired Monte Carlo with an independent N(0, 1) score: E g² of BNPO(α*, β*) is not above REINFORCE's."""
    al, be = subject(a, b)
    rng = np.random.default_rng(seed)
    p = rng.beta(a, b, MC_N)
    ev.assume(bool(np.all((p > 0) & (p < 1))))
    r = (rng.random(MC_N) < p).astype(float)
    s = rng.standard_normal(MC_N)
    g_b = s * (r - p) / stats.beta.pdf(p, al, be)
    g_r = s * (r - p)
    d = g_b**2 - g_r**2
    z = float(d.mean() / (d.std() / math.sqrt(MC_N)))
    ev.metric("z", z)
    ev.le(z, Z, what="(E g²_BNPO − E g²_REINFORCE)/SE", context=f"a={a:.3g}, b={b:.3g}, α={al:.3g}, β={be:.3g}")


# ------------------------------------------------------------------------------------------------
# V4, V5: REINFORCE and GRPO as members
# ------------------------------------------------------------------------------------------------


@T.REINFORCE.check(given={"r": st.sampled_from([0.0, 1.0]), "p": st.floats(1e-3, 1 - 1e-3)}, examples=30,
                   tolerance="1e-12 relative: scipy.stats.beta.pdf roundoff")
def reduces_to_reinforce(subject, ev, r, p):
    """(R − p)/f_N(p; α, β) with scipy's Beta density at the claimed (α, β) equals R − p."""
    al, be = subject
    with np.errstate(all="ignore"):
        claimed = (r - p) / float(stats.beta.pdf(p, al, be))
    ev.close(claimed, r - p, rtol=1e-12, atol=1e-15, what="A", context=f"R={r}, p={p:.4g}")


@st.composite
def _groups(draw: st.DrawFn) -> list[int]:
    """A group of 2–64 binary rewards with at least one success and one failure, in a random order."""
    g = draw(st.integers(2, 64))
    k = draw(st.integers(1, g - 1))
    return draw(st.permutations([1] * k + [0] * (g - k)))


def _bnpo_group(outcomes: list[int], al: float, be: float) -> np.ndarray:
    r = np.array(outcomes, dtype=float)
    p = r.mean()
    with np.errstate(all="ignore"):
        return (r - p) / float(stats.beta.pdf(p, al, be))


def _confirm_grpo_exact(subject, outcomes):
    al, be = subject
    with mpmath.workdps(30):
        g = len(outcomes)
        p = mpmath.mpf(sum(outcomes)) / g
        f = p ** (mpmath.mpf(al) - 1) * (1 - p) ** (mpmath.mpf(be) - 1) / mpmath.beta(al, be)
        sd = mpmath.sqrt(p * (1 - p))
        ratio = ((1 - p) / f) / ((1 - p) / sd)
        return bool(abs(ratio - 1) > mpmath.mpf(10) ** -20), (
            f"at 30 digits, group {outcomes}: A_BNPO/A_GRPO = {mpmath.nstr(ratio, 20)} (π/8 = "
            f"{mpmath.nstr(mpmath.pi / 8, 20)})")


@T.GRPO_EXACT.check(given={"outcomes": _groups()}, examples=20, confirm=_confirm_grpo_exact,
                    tolerance="1e-9 relative: float64 roundoff of a density and a std")
def equals_grpo_exactly(subject, ev, outcomes):
    """A_{3/2,3/2} equals GRPO's (R − mean)/std (population std) on a group of binary rewards."""
    al, be = subject
    ids = np.zeros(len(outcomes), dtype=int)
    grpo = T.grpo_advantages(ids, outcomes, std="population")
    ev.close(_bnpo_group(outcomes, al, be), grpo, rtol=1e-9, what="A_BNPO vs A_GRPO", context=f"group {outcomes}")


@T.GRPO_SCALED.check(given={"outcomes": _groups()}, examples=30,
                     tolerance="1e-12 relative: float64 roundoff of a density and a std")
def proportional_population_std(subject, ev, outcomes):
    """A_{α,β} equals c · (R − mean)/std_population on random binary groups."""
    al, be, c = subject
    ids = np.zeros(len(outcomes), dtype=int)
    grpo = T.grpo_advantages(ids, outcomes, std="population")
    ev.close(_bnpo_group(outcomes, al, be), c * grpo, rtol=1e-12, what="A_BNPO vs c·A_GRPO",
             context=f"group {outcomes}")


@T.GRPO_SCALED.check(given={"outcomes": _groups()}, examples=30,
                     tolerance="1e-12 relative: float64 roundoff of a density and a std")
def proportional_bessel_std(subject, ev, outcomes):
    """A_{α,β} equals c · √(G/(G−1)) · (R − mean)/std_Bessel on random binary groups."""
    al, be, c = subject
    g = len(outcomes)
    ids = np.zeros(g, dtype=int)
    grpo = T.grpo_advantages(ids, outcomes, std="bessel")
    ev.close(_bnpo_group(outcomes, al, be), c * math.sqrt(g / (g - 1)) * grpo, rtol=1e-12,
             what="A_BNPO vs c·√(G/(G−1))·A_GRPO", context=f"group {outcomes}")


# ------------------------------------------------------------------------------------------------
# V6: the objective BNPO ascends
# ------------------------------------------------------------------------------------------------


def _expected_gradient(theta: np.ndarray, al: float, be: float) -> np.ndarray:
    """E g for a tabular Bernoulli-logit policy, q uniform: exact enumeration over R ∈ {0, 1}."""
    p = 1 / (1 + np.exp(-theta))
    f = stats.beta.pdf(p, al, be)
    out = np.zeros_like(theta)
    for r, prob in ((1.0, p), (0.0, 1 - p)):
        score = r - p  # ∂_θ log π(R | q)
        out += prob * score * (r - p) / f
    return out / theta.size


def _fd_gradient(objective: Any, theta: np.ndarray, al: float, be: float, h: float = 1e-5) -> np.ndarray:
    def j(t: np.ndarray) -> float:
        return float(np.mean(objective(1 / (1 + np.exp(-t)), al, be)))

    grad = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        grad[i] = (j(theta + e) - j(theta - e)) / (2 * h)
    return grad


def _confirm_unbiased(subject, theta, al, be):
    with mpmath.workdps(30):
        th = [mpmath.mpf(t) for t in theta]
        n = len(th)
        rows = []
        worst = mpmath.mpf(0)
        for t in th:
            p = 1 / (1 + mpmath.exp(-t))
            f = p ** (mpmath.mpf(al) - 1) * (1 - p) ** (mpmath.mpf(be) - 1) / mpmath.beta(al, be)
            eg = (p * (1 - p) ** 2 + (1 - p) * p**2) / f / n
            grad_j = mpmath.diff(lambda x: 1 / (1 + mpmath.exp(-x)), t) / n
            worst = max(worst, abs(eg - grad_j) / abs(grad_j))
            rows.append(f"E g = {mpmath.nstr(eg, 10)}, ∇J = {mpmath.nstr(grad_j, 10)}")
        return bool(worst > mpmath.mpf(10) ** -15), f"at 30 digits (α={al:.4g}, β={be:.4g}): " + "; ".join(rows)


@T.UNBIASED.check(given={"theta": st.lists(st.floats(-3, 3), min_size=2, max_size=5),
                         "al": st.floats(0.5, 1.9), "be": st.floats(0.5, 1.9)}, examples=20,
                  confirm=_confirm_unbiased, precision="float64 enumeration and central differences (h = 1e-5)",
                  tolerance="1e-7 relative to max|E g|: O(h²) truncation ≈ 1e-10, cancellation ≈ 1e-11")
@T.UNBIASED_TRANSFORMED.check(given={"theta": st.lists(st.floats(-3, 3), min_size=2, max_size=5),
                                     "al": st.floats(0.5, 1.9), "be": st.floats(0.5, 1.9)}, examples=20,
                              precision="float64 enumeration and central differences (h = 1e-5)",
                              tolerance="1e-7 relative to max|E g|: O(h²) truncation ≈ 1e-10, cancellation ≈ 1e-11")
def expected_gradient_by_enumeration(subject, ev, theta, al, be):
    """E g by exact enumeration over R equals the finite-difference gradient of E_q G(σ(θ_q))."""
    theta = np.array(theta)
    eg = _expected_gradient(theta, al, be)
    fd = _fd_gradient(subject, theta, al, be)
    ev.close(fd, eg, atol=1e-7 * float(np.max(np.abs(eg))), what="∇ E_q G(p(q)) vs E g",
             context=f"θ={np.round(theta, 4).tolist()}, α={al:.4g}, β={be:.4g}")


# ------------------------------------------------------------------------------------------------
# V7: method of moments fed p̂ from G rollouts
# ------------------------------------------------------------------------------------------------


def exact_population_fit(a: Fraction, b: Fraction, G: int) -> tuple[Fraction, Fraction]:
    """The released fit applied to the exact population moments of p̂ = k/G (Beta-binomial), in rationals."""
    e1 = a / (a + b)
    e2 = a * (a + 1) / ((a + b) * (a + b + 1))
    ek2 = G * (e1 - e2) + G * G * e2  # E[k²] = E[G p(1 − p) + G² p²]
    m, v = e1, ek2 / (G * G) - e1 * e1
    k = m * (1 - m) / v - 1
    return k * m, k * (1 - m)


rationals = st.builds(Fraction, st.integers(1, 200), st.integers(1, 20))


def _confirm_exact_fit(subject, a, b, G):
    truth = exact_population_fit(a, b, G)
    claimed = subject(a, b, G)
    return bool(tuple(claimed) != truth), f"exact rationals: population fit {truth[0]}, {truth[1]} vs claimed {claimed}"


@T.MOMENTS.check(given={"a": rationals, "b": rationals, "G": st.integers(2, 64)}, examples=30,
                 precision="exact rationals", tolerance="none: exact equality", confirm="exact")
@T.MOMENTS_LIMIT.check(given={"a": rationals, "b": rationals, "G": st.integers(2, 64)}, examples=30,
                       precision="exact rationals", tolerance="none: exact equality")
def exact_population_limit(subject, ev, a, b, G):
    """The fit applied to the exact Beta-binomial moments of p̂ equals the claimed limit (exact rationals)."""
    truth = exact_population_fit(a, b, G)
    claimed = tuple(Fraction(x) for x in subject(a, b, G))
    ev.close(claimed[0], truth[0], what="limit of â", context=f"a={a}, b={b}, G={G}")
    ev.close(claimed[1], truth[1], what="limit of b̂", context=f"a={a}, b={b}, G={G}")


def _batched_fit(p_hat: np.ndarray, fit: Any, G: int, batches: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """The fit on all prompts and its standard error from ``batches`` independent batch fits."""
    full = np.array(fit(p_hat, G), dtype=float)
    parts = np.array([fit(chunk, G) for chunk in np.array_split(p_hat, batches)], dtype=float)
    return full, parts.std(axis=0, ddof=1) / math.sqrt(batches)


def _released_fit(p_hat: np.ndarray, G: int) -> tuple[float, float]:
    return T.method_of_moments(float(p_hat.mean()), float(p_hat.var(ddof=1)))


def _simulate_p_hat(a: float, b: float, G: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.binomial(G, rng.beta(a, b, MC_N)) / G


def _confirm_mc_limit(subject, a, b, G, seed):
    truth = exact_population_fit(Fraction(a).limit_denominator(10**6), Fraction(b).limit_denominator(10**6), G)
    claimed = subject(a, b, G)
    off = max(abs(float(truth[0]) - claimed[0]), abs(float(truth[1]) - claimed[1]))
    return bool(off > 1e-9 * (1 + a + b)), (f"exact population limit ({float(truth[0]):.8g}, {float(truth[1]):.8g}) vs "
                                            f"claimed ({claimed[0]:.8g}, {claimed[1]:.8g})")


@T.MOMENTS.check(given={"a": st.floats(0.3, 5.0), "b": st.floats(0.3, 5.0), "G": st.sampled_from([2, 4, 8, 16]),
                        "seed": seeds}, examples=2, min_valid=1, confirm=_confirm_mc_limit,
                 precision="float64 Monte Carlo, 10⁶ prompts", false_alarm_rate=1e-5,
                 power="at G ≤ 16 the bias a(a+b+1)/(G+a+b) is ≥ 30 standard errors",
                 tolerance="5 standard errors, estimated from 50 batch fits (t₄₉ tail at 5: 8e-6)", thorough_factor=10)
@T.MOMENTS_LIMIT.check(given={"a": st.floats(0.3, 5.0), "b": st.floats(0.3, 5.0), "G": st.sampled_from([2, 4, 8, 16]),
                              "seed": seeds}, examples=2, min_valid=1, precision="float64 Monte Carlo, 10⁶ prompts",
                       false_alarm_rate=1e-5, power="recovers_truth is off by ≥ 30 standard errors at G ≤ 16",
                       tolerance="5 standard errors, estimated from 50 batch fits (t₄₉ tail at 5: 8e-6)",
                       thorough_factor=10)
def monte_carlo_many_prompts(subject, ev, a, b, G, seed):
    """The released fit on 10⁶ simulated prompts (p ∼ Beta(a, b), p̂ = Binomial(G, p)/G) matches the claimed limit."""
    p_hat = _simulate_p_hat(a, b, G, seed)
    est, se = _batched_fit(p_hat, _released_fit, G)
    claimed = np.array(subject(a, b, G), dtype=float)
    z = np.abs(est - claimed) / se
    ev.metric("z", z.tolist())
    ev.le(float(z.max()), Z, what="|fit − claimed limit| in standard errors",
          context=f"a={a:.3g}, b={b:.3g}, G={G}, fit=({est[0]:.4g}, {est[1]:.4g}), claimed=({claimed[0]:.4g}, "
                  f"{claimed[1]:.4g})")


@T.MOMENTS_CORRECTED.check(given={"a": st.floats(0.3, 5.0), "b": st.floats(0.3, 5.0),
                                  "G": st.sampled_from([2, 3, 4, 8]), "seed": seeds}, examples=2, min_valid=1,
                           precision="float64 Monte Carlo, 10⁶ prompts", false_alarm_rate=1e-5,
                           power="uncorrected and correction_over_g are ≥ 20 standard errors off at G ≤ 4",
                           tolerance="5 standard errors, estimated from 50 batch fits (t₄₉ tail at 5: 8e-6)",
                           thorough_factor=10)
def corrected_fit_recovers_truth(subject, ev, a, b, G, seed):
    """The corrected fit on 10⁶ simulated prompts recovers (a, b) within 5 standard errors."""
    p_hat = _simulate_p_hat(a, b, G, seed)
    est, se = _batched_fit(p_hat, subject, G)
    z = np.abs(est - np.array([a, b])) / se
    ev.metric("z", z.tolist())
    ev.le(float(z.max()), Z, what="|corrected fit − (a, b)| in standard errors",
          context=f"a={a:.3g}, b={b:.3g}, G={G}, fit=({est[0]:.4g}, {est[1]:.4g})")


# ------------------------------------------------------------------------------------------------
# The released algorithm (steps 1–6), V8, V9
# ------------------------------------------------------------------------------------------------


@st.composite
def batches(draw: st.DrawFn, *, max_prompts: int = 6, levels: int = 4) -> tuple[list[int], list[int]]:
    """(prompt ids, integer rewards in 0..levels) with 1–6 responses per prompt, shuffled."""
    n = draw(st.integers(2, max_prompts))
    ids, rewards = [], []
    for q in range(n):
        g = draw(st.integers(1, 6))
        ids += [q] * g
        rewards += draw(st.lists(st.integers(0, levels), min_size=g, max_size=g))
    order = draw(st.permutations(range(len(ids))))
    return [ids[i] for i in order], [rewards[i] for i in order]


def exact_p_hat(ids: list[int], rewards: list[int], levels: int = 1) -> dict[int, Fraction]:
    """Each prompt's p̂ in exact rationals (rewards r/levels); a group of one response has p̂ = 0,
    the release's convention."""
    groups: dict[int, list[Fraction]] = {}
    for q, r in zip(ids, rewards):
        groups.setdefault(q, []).append(Fraction(r, levels))
    return {q: (sum(xs) / len(xs) if len(xs) > 1 else Fraction(0)) for q, xs in groups.items()}


def reference_advantages(ids: list[int], rewards: list[int], levels: int,
                         max_weight: float = T.MAX_WEIGHT) -> tuple[list[Any], bool]:
    """Steps 1–5 in exact rationals (m, v, a, b, α, β) and 30-digit mpmath (density); (A, v == 0).

    Written from the spec, independently of the numpy implementation; v = 0 uses the documented
    fallback α = β = 1.
    """
    s = [Fraction(r, levels) for r in rewards]
    p_hat = exact_p_hat(ids, rewards, levels)
    vals = list(p_hat.values())
    if len(vals) == 1:
        m, v = Fraction(0), Fraction(1)
    else:
        m = sum(vals) / len(vals)
        v = sum((x - m) ** 2 for x in vals) / (len(vals) - 1)
    if v == 0:
        al = be = Fraction(1)
    else:
        k = m * (1 - m) / v - 1
        al, be = max(Fraction(1), 1 + k * m / 3), max(Fraction(1), 1 + k * (1 - m) / 3)
    out = []
    with mpmath.workdps(30):
        A, B = mpmath.mpf(al.numerator) / al.denominator, mpmath.mpf(be.numerator) / be.denominator
        for q, x in zip(ids, s):
            p = mpmath.mpf(p_hat[q].numerator) / p_hat[q].denominator
            f = (p ** (A - 1) if A != 1 else 1) * ((1 - p) ** (B - 1) if B != 1 else 1) / mpmath.beta(A, B)
            weight = mpmath.mpf(max_weight) if f == 0 else min(1 / f, mpmath.mpf(max_weight))
            out.append(weight * (mpmath.mpf(x.numerator) / x.denominator - p))
    return out, v == 0


@T.RELEASED.check(given={"batch": batches()}, examples=40,
                  precision="exact rationals (moments) and mpmath 30 digits (density)",
                  tolerance="1e-9 relative to max|A| (≥ 1e-12 absolute): float64 log-density roundoff amplified "
                            "by the exponent α − 1 ≤ 10⁴")
def matches_exact_reference(subject, ev, batch):
    """bnpo_advantages equals an exact-rational / 30-digit reference of steps 1–5 on random batches."""
    ids, rewards = batch
    ref, zero_var = reference_advantages(ids, rewards, 4)
    ev.assume(not zero_var)
    got = subject(ids, rewards, reward_range=(0.0, 4.0)).advantages
    truth = np.array([float(x) for x in ref])
    scale = max(1e-3, float(np.max(np.abs(truth))))
    ev.close(got, truth, atol=1e-9 * scale, what="advantages", context=f"ids={ids}, rewards={rewards}")


@st.composite
def component_batches(draw: st.DrawFn) -> tuple[list[int], list[list[int]]]:
    """(prompt ids, K = 1–3 binary reward components of the same responses)."""
    ids, first = draw(batches(levels=1))
    k = draw(st.integers(1, 3))
    more = [draw(st.lists(st.integers(0, 1), min_size=len(ids), max_size=len(ids))) for _ in range(k - 1)]
    return ids, [first, *more]


#: Found by HypoFuzz: three prompts at p̂ = 2/5, where float64 leaves v ≈ 4.6e-33 instead of 0.
EQUAL_P_HAT_ROUNDED = ([0] * 5 + [1] * 5 + [2] * 5, [0, 0, 0, 1, 1] * 3)


@T.DECOMPOSITION.check(given={"batch": component_batches()}, examples=20,
                       precision="exact rationals and mpmath 30 digits per component",
                       tolerance="1e-9 relative to max|A|: float64 log-density roundoff",
                       regressions=[{"batch": (EQUAL_P_HAT_ROUNDED[0], [EQUAL_P_HAT_ROUNDED[1]])}])
def mean_of_component_references(subject, ev, batch):
    """The decomposed advantage equals the mean over components of the exact per-component reference."""
    ids, comps = batch
    k = len(comps)
    refs = [np.array([float(x) for x in reference_advantages(ids, c, 1)[0]]) for c in comps]
    truth = np.mean(refs, axis=0)
    got = subject(ids, np.array(comps, dtype=float).T).advantages
    scale = max(1e-3, float(np.max(np.abs(truth))))
    ev.close(got, truth, atol=1e-9 * scale, what="decomposed advantages", context=f"K={k}, ids={ids}, rewards={comps}")


@st.composite
def degenerate_batches(draw: st.DrawFn) -> tuple[str, list[int], list[int]]:
    """Batches of each degenerate kind of V9 (binary rewards, groups of 2–6 unless stated)."""
    kind = draw(st.sampled_from(["same_p_hat", "all_zero_or_one", "moment_condition", "extreme_groups",
                                 "single_prompt", "singleton_groups"]))
    n = draw(st.integers(2, 5))
    g = draw(st.integers(2, 6))
    ids: list[int] = []
    rewards: list[int] = []
    if kind == "same_p_hat":
        k = draw(st.integers(0, g))
        for q in range(n):
            ids += [q] * g
            rewards += draw(st.permutations([1] * k + [0] * (g - k)))
    elif kind == "all_zero_or_one":
        x = draw(st.sampled_from([0, 1]))
        for q in range(n):
            ids += [q] * g
            rewards += [x] * g
    elif kind == "moment_condition":  # p̂ alternating 0 and 1: v = m(1−m)·n/(n−1) > m(1−m)
        for q in range(n):
            ids += [q] * g
            rewards += [q % 2] * g
    elif kind == "extreme_groups":
        for q in range(n):
            gq = draw(st.integers(2, 6))
            ids += [q] * gq
            rewards += draw(st.one_of(st.just([0] * gq), st.just([1] * gq),
                                      st.lists(st.integers(0, 1), min_size=gq, max_size=gq)))
    elif kind == "single_prompt":
        ids = [0] * g
        rewards = draw(st.lists(st.integers(0, 1), min_size=g, max_size=g))
    else:
        for q in range(n):
            gq = draw(st.integers(1, 3))
            ids += [q] * gq
            rewards += draw(st.lists(st.integers(0, 1), min_size=gq, max_size=gq))
    return kind, ids, rewards


def _confirm_release_degenerate(subject, batch):
    kind, ids, rewards = batch
    vals = list(exact_p_hat(ids, rewards).values())
    if len(vals) < 2:
        return False, "single prompt: the release's convention m = 0, v = 1 is defined"
    m = sum(vals) / len(vals)
    v = sum((x - m) ** 2 for x in vals) / (len(vals) - 1)
    if v != 0:
        return False, f"v = {v} ≠ 0 in exact arithmetic: the fit is defined"
    try:
        m * (1 - m) / v
    except ZeroDivisionError:
        return True, (f"exact rationals: every prompt has p̂ = {m}, so v = 0 and m(1−m)/v = {m * (1 - m)}/0 is "
                      "undefined: the released fit has no value (IEEE gives inf or NaN)")
    return False, "not reproduced"


def _degenerate_properties(subject, ev, batch):
    kind, ids, rewards = batch
    ctx = f"{kind}: ids={ids}, rewards={rewards}"
    try:
        res = subject(ids, rewards)
    except ValueError as exc:
        ev.that(False, f"raised ValueError on a valid batch: {exc} [{ctx}]")
        return
    ev.finite(res.advantages, f"advantages [{ctx}]")
    ev.finite([res.alpha, res.beta], f"α, β [{ctx}]")
    ev.le(1.0, res.alpha, what="α ≥ 1", context=ctx)
    ev.le(1.0, res.beta, what="β ≥ 1", context=ctx)
    r = np.asarray(rewards, dtype=float)
    idx = np.asarray(ids)
    for q in np.unique(idx):
        members = idx == q
        if members.sum() >= 2 and np.all(r[members] == r[members][0]):
            ev.that(bool(np.all(res.advantages[members] == 0.0)),
                    f"group {q} has p̂ ∈ {{0, 1}} but A = {res.advantages[members]} ≠ 0 [{ctx}]")
    if kind == "single_prompt":
        ev.close(res.advantages, r - r.mean(), atol=1e-15, what="single prompt gives A = R − p̂", context=ctx)


@T.RELEASE_DEGENERATE.check(given={"batch": degenerate_batches()}, examples=30, confirm=_confirm_release_degenerate,
                            precision="float64 (IEEE), confirmed in exact rationals",
                            tolerance="exact: finiteness and A = 0 are tested exactly")
def finite_on_degenerate_batches_release(subject, ev, batch):
    """On every degenerate kind of batch the advantages are finite, α, β ≥ 1, and p̂ ∈ {0, 1} groups get A = 0."""
    _degenerate_properties(subject, ev, batch)


@T.SUITE_DEGENERATE.check(given={"batch": degenerate_batches()}, examples=40,
                          precision="float64; equal p̂ decided in exact rationals",
                          tolerance="exact: finiteness, A = 0 and α = β = 1 are tested exactly; the fallback's "
                                    "A = R − p̂ to 1e-15 (one rounding of p̂)",
                          regressions=[{"batch": ("same_p_hat", *EQUAL_P_HAT_ROUNDED)}])
def finite_on_degenerate_batches(subject, ev, batch):
    """On every degenerate kind of batch the advantages are finite, α, β ≥ 1, p̂ ∈ {0, 1} groups get A = 0,
    and a batch whose prompts all have the same p̂ (v = 0 exactly) falls back to α = β = 1: A = R − p̂."""
    _degenerate_properties(subject, ev, batch)
    kind, ids, rewards = batch
    p_hat = exact_p_hat(ids, rewards)
    if len(p_hat) > 1 and len(set(p_hat.values())) == 1:
        res = subject(ids, rewards)
        ctx = f"{kind}: ids={ids}, rewards={rewards}"
        ev.that(res.alpha == 1.0 and res.beta == 1.0,
                f"every prompt has p̂ = {next(iter(p_hat.values()))} (v = 0) but α, β = {res.alpha:g}, {res.beta:g} "
                f"instead of the fallback 1, 1 [{ctx}]")
        truth = np.array([x - float(p_hat[q]) for q, x in zip(ids, rewards)])
        ev.close(res.advantages, truth, atol=1e-15, what="the v = 0 fallback gives A = R − p̂", context=ctx)


@T.SUITE_DEGENERATE.check(given={"batch": batches(levels=1)}, examples=30, precision="float64",
                          tolerance="exact: finiteness and A = 0 are tested exactly")
def finite_on_random_batches(subject, ev, batch):
    """On random binary batches (singleton groups included) the same properties hold."""
    _degenerate_properties(subject, ev, ("random",) + tuple(batch))


_REPRESENTATIVE = (
    ("every p̂ = 1/2 (v = 0)", [0, 0, 1, 1], [1, 0, 0, 1]),
    ("every p̂ = 0 (v = 0)", [0, 0, 1, 1], [0, 0, 0, 0]),
    ("p̂ = 0 and 1 (v > m(1−m))", [0, 0, 1, 1], [0, 0, 1, 1]),
    ("p̂ = 0 group, α > 1", [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], [0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0]),
    ("single prompt", [0, 0, 0, 0], [1, 0, 0, 1]),
    ("group of one, α > 1", [0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], [1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1]),
)


def _describe(fn: Any, ids: list[int], rewards: list[int]) -> tuple[str, Any]:
    try:
        res = fn(ids, rewards)
    except ValueError as exc:
        return f"ValueError ({str(exc)[:48]}…)", None
    adv = np.asarray(res.advantages)
    text = "NaN" if np.any(np.isnan(adv)) else np.array2string(adv, precision=3, max_line_width=200)
    return f"{text}; α={res.alpha:.3g}, β={res.beta:.3g}", res


@T.SUITE_DEGENERATE.check(precision="float64", tolerance="1e-12 relative where the release is finite")
def release_and_suite_side_by_side(subject, ev):
    """One batch of each degenerate kind: the release's (IEEE) output and the suite's, equal where the release is finite."""
    rows = []
    for kind, ids, rewards in _REPRESENTATIVE:
        release_text, rel = _describe(T._release_ieee_advantages, ids, rewards)
        suite_text, res = _describe(subject, ids, rewards)
        rows.append({"batch": kind, "release": release_text, "suite": suite_text})
        ev.that(res is not None, f"{kind}: the suite's implementation raised on a valid batch")
        ev.finite(res.advantages, f"suite advantages [{kind}]")
        if rel is not None and np.all(np.isfinite(rel.advantages)):
            ev.close(res.advantages, rel.advantages, rtol=1e-12, what="suite vs release",
                     context=kind)
    ev.table("degenerate_batches", rows)
    ev.note("The release returns NaN when every prompt has the same p̂ in (0, 1), raises when every p̂ is 0 (or "
            "1), and gives A = 10⁶·R to a correct response alone in its group when α > 1.")


# ------------------------------------------------------------------------------------------------
# Training comparison (figure)
# ------------------------------------------------------------------------------------------------


def _advantage(method: str, ids: np.ndarray, r: np.ndarray) -> np.ndarray:
    g = r.reshape(-1, np.sum(ids == ids[0]))
    mean = g.mean(axis=1, keepdims=True)
    if method == "REINFORCE":
        return (g - mean).ravel()
    if method == "GRPO":
        sd = g.std(axis=1, keepdims=True)
        return np.where(sd > 0, (g - mean) / np.where(sd > 0, sd, 1.0), 0.0).ravel()
    return T.bnpo_advantages(ids, r).advantages


@functools.lru_cache(maxsize=None)
def training_runs(seed: int, method: str, steps: int = 150, questions: int = 64, answers: int = 6,
                  prompts: int = 16, rollouts: int = 8, lr: float = 2.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A tabular softmax policy (answer 0 correct) with initial success p_q ∼ Beta(1, 3), trained with
    ``method``; per step: mean success over all questions, tr Cov of per-response gradients, and
    tr Cov/‖mean gradient‖²."""
    rng = np.random.default_rng(seed)
    p0 = np.clip(rng.beta(1.0, 3.0, questions), 1e-3, 1 - 1e-3)
    theta = np.zeros((questions, answers))
    theta[:, 0] = np.log(p0 * (answers - 1) / (1 - p0))
    success, var, rel = np.zeros(steps), np.zeros(steps), np.zeros(steps)
    for t in range(steps):
        pi = np.exp(theta - theta.max(axis=1, keepdims=True))
        pi /= pi.sum(axis=1, keepdims=True)
        success[t] = pi[:, 0].mean()
        qs = rng.choice(questions, prompts, replace=False)
        ids = np.repeat(np.arange(prompts), rollouts)
        probs = pi[qs[ids]]
        o = (probs.cumsum(axis=1) < rng.random((ids.size, 1))).sum(axis=1)
        r = (o == 0).astype(float)
        adv = _advantage(method, ids, r)
        score = -probs
        score[np.arange(ids.size), o] += 1.0
        per = adv[:, None] * score  # per-response gradient on its question's row
        mean_row = np.zeros((questions, answers))
        np.add.at(mean_row, qs[ids], per / ids.size)
        sq = float(np.sum(per**2) / ids.size)
        norm2 = float(np.sum(mean_row**2))
        var[t] = sq - norm2  # tr Cov of the per-response gradient, ḡ = mean_row
        rel[t] = var[t] / norm2 if norm2 > 0 else np.nan
        theta += lr * mean_row
    return success, var, rel


@T.VARIANCE.figure("training_comparison",
                   caption="Tabular softmax policy, 64 questions with initial success ∼ Beta(1, 3), 16 prompts × 8 "
                           "rollouts per step, learning rate 2, 3 seeds (lines: seeds). Left: mean success rate; "
                           "middle: tr Cov of the per-response gradient; right: tr Cov/‖mean gradient‖² "
                           "(scale-free, log scale).")
def _training_figure():
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.3))
    for colour, method in zip(("C0", "C1", "C2"), ("REINFORCE", "GRPO", "BNPO")):
        for seed in range(3):
            success, var, rel = training_runs(seed, method)
            label = method if seed == 0 else None
            axes[0].plot(success, color=colour, lw=1, label=label)
            axes[1].plot(var, color=colour, lw=0.8, label=label)
            axes[2].plot(np.convolve(rel, np.ones(10) / 10, mode="valid"), color=colour, lw=0.8, label=label)
    axes[0].set_ylabel("success rate")
    axes[1].set_ylabel("tr Cov(g)")
    axes[1].set_yscale("log")
    axes[2].set_ylabel("tr Cov(g)/‖E g‖² (10-step mean)")
    axes[2].set_yscale("log")
    for ax in axes:
        ax.set_xlabel("step")
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig
