"""BNPO derivations in sympy: V1 (Beta integral), V2 (stationarity and convexity), V3 (the baselines'
second moments), V4 and V5 (the REINFORCE and arcsine densities), V6 (enumeration and antiderivative),
V7 (binomial noise and the corrected variance).

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    GRPO_SCALED,
    MOMENTS_CORRECTED,
    MOMENTS_LIMIT,
    OPTIMUM,
    REINFORCE,
    SECOND_MOMENT,
    UNBIASED_TRANSFORMED,
    VARIANCE_INDEPENDENT,
)

_p = sp.symbols("p", positive=True)
_a, _b, _al, _be = sp.symbols("a b alpha beta", positive=True)
_R = sp.symbols("R", real=True)


def _sym_density(p: sp.Expr, al: sp.Expr, be: sp.Expr) -> sp.Expr:
    return p ** (al - 1) * (1 - p) ** (be - 1) / sp.beta(al, be)


def _log_beta(x: sp.Expr, y: sp.Expr) -> sp.Expr:
    return sp.loggamma(x) + sp.loggamma(y) - sp.loggamma(x + y)


@SECOND_MOMENT.derivation("beta_integral")
def _second_moment(d: Derivation) -> None:
    """E[(R−p)²|p] by enumeration, the integrand reduced to a Beta kernel, exponents and convergence."""
    cond = sum(pr * (r - _p) ** 2 for r, pr in ((1, _p), (0, 1 - _p)))
    d.close(cond, _p * (1 - _p), "E[(R − p)² | p] = p(1 − p) (R ∈ {0, 1})")
    integrand = d.step("integrand", _p * (1 - _p) / _sym_density(_p, _al, _be) ** 2
                       * _p ** (_a - 1) * (1 - _p) ** (_b - 1) / sp.beta(_a, _b), "E_p[p(1−p)/f_N²], p ∼ Beta(a, b)")
    kernel = sp.beta(_al, _be) ** 2 * _p ** (_a + 2 - 2 * _al) * (1 - _p) ** (_b + 2 - 2 * _be) / sp.beta(_a, _b)
    d.close(sp.powsimp(sp.expand_power_base(integrand / kernel, force=True), force=True), 1,
            "integrand = B(α,β)² p^{a+2−2α}(1−p)^{b+2−2β} / B(a,b)")
    c, e = _a + 3 - 2 * _al, _b + 3 - 2 * _be
    d.step("Euler's Beta integral", sp.Eq(sp.Integral(_p ** (c - 1) * (1 - _p) ** (e - 1), (_p, 0, 1)), sp.beta(c, e)),
           "∫₀¹ p^{c−1}(1−p)^{e−1} dp = B(c, e), finite iff c > 0 and e > 0")
    d.close(c - 1, _a + 2 - 2 * _al, "exponent of p matches c − 1 with c = a + 3 − 2α")
    sol = sp.solve_univariate_inequality(c > 0, _al, relational=False)
    d.close_true(sp.Eq(sol.sup, (_a + 3) / 2), "c > 0 ⇔ α < (a + 3)/2 (likewise β < (b + 3)/2)")


@OPTIMUM.derivation("stationarity_and_convexity")
def _optimum(d: Derivation) -> None:
    """Digamma gradient of log M vanishes at 1 + a/3; log M is convex (log B is jointly convex)."""
    log_m = 2 * _log_beta(_al, _be) + _log_beta(_a + 3 - 2 * _al, _b + 3 - 2 * _be) - _log_beta(_a, _b)
    d.step("log M(α, β)", log_m, "V1")
    opt = {_al: 1 + _a / 3, _be: 1 + _b / 3}
    for v in (_al, _be):
        grad = d.step(f"∂ log M/∂{v}", sp.diff(log_m, v), "digamma: d log Γ = ψ")
        d.close(grad.subs(opt), 0, f"∂ log M/∂{v} = 0 at α = 1 + a/3, β = 1 + b/3")
    d.close(_a + 3 - 2 * opt[_al], opt[_al], "a + 3 − 2α* = α*: both Beta factors coincide")
    m_star = (sp.beta(_al, _be) ** 2 * sp.beta(_a + 3 - 2 * _al, _b + 3 - 2 * _be) / sp.beta(_a, _b)).subs(opt)
    d.close(m_star, sp.beta(1 + _a / 3, 1 + _b / 3) ** 3 / sp.beta(_a, _b), "M* = B(1 + a/3, 1 + b/3)³ / B(a, b)")
    x, y = sp.symbols("x y", positive=True)
    hess_b = sp.hessian(_log_beta(x, y), (x, y))
    hess_m = sp.hessian(log_m, (_al, _be))
    affine = {x: _a + 3 - 2 * _al, y: _b + 3 - 2 * _be}
    split = 2 * hess_b.subs({x: _al, y: _be}, simultaneous=True) + 4 * hess_b.subs(affine, simultaneous=True)
    for i, j in ((0, 0), (0, 1), (1, 1)):
        d.close(hess_m[i, j], split[i, j], f"(Hess log M)_{i}{j} = 2 H_{i}{j}(α, β) + 4 H_{i}{j}(a+3−2α, b+3−2β), "
                "H = Hess log B: log M is convex if log B is")
    n = 3
    w = sp.symbols(f"w0:{n}", positive=True)
    u = sp.symbols(f"u0:{n}", real=True)
    z0, z1, z2 = sum(w), sum(wi * ui for wi, ui in zip(w, u)), sum(wi * ui**2 for wi, ui in zip(w, u))
    d.step("log B(x, y) = log ∫ e^{x log t + y log(1−t)} dμ(t), dμ = dt/(t(1−t)): a log-partition function",
           sp.Eq(sp.Symbol("vᵀ H v"), sp.Symbol("(Z Z'' − Z'²)/Z²")),
           "second derivative of log Z along v, Z(s) = ∫ w e^{s u}, u = v₁ log t + v₂ log(1−t)")
    d.close(z0 * z2 - z1**2,
            sp.Rational(1, 2) * sum((u[i] - u[j]) ** 2 * w[i] * w[j] for i in range(n) for j in range(n)),
            "Z Z'' − Z'² = ½ ∑∑ (u_i − u_j)² w_i w_j (any discrete measure; the integral is its limit)",
            method="expand")
    U1, U2 = sp.symbols("U1 U2", real=True)
    W1, W2 = sp.symbols("W1 W2", positive=True)
    d.close_true(sp.GreaterThan((U1 - U2) ** 2 * W1 * W2, 0),
                 "each term is ≥ 0: H ⪰ 0, log B and log M are convex, the stationary point is the global minimum")


@VARIANCE_INDEPENDENT.derivation("baselines")
def _variance_independent(d: Derivation) -> None:
    """Second moments of the baselines: REINFORCE = M(1, 1) = ab/((a+b)(a+b+1)); GRPO = 1 = (8/π)² M(3/2, 3/2)."""
    m11 = sp.beta(1, 1) ** 2 * sp.beta(_a + 1, _b + 1) / sp.beta(_a, _b)
    d.close(sp.gammasimp(sp.expand_func(m11)), _a * _b / ((_a + _b) * (_a + _b + 1)),
            "M(1, 1) = E p(1−p) = ab/((a+b)(a+b+1))")
    grpo = _p * (1 - _p) / (sp.sqrt(_p * (1 - _p))) ** 2
    d.close(grpo, 1, "GRPO (population std): E[(R−p)²/(p(1−p)) | p] = 1")
    d.close(sp.beta(sp.Rational(3, 2), sp.Rational(3, 2)).rewrite(sp.gamma), sp.pi / 8, "B(3/2, 3/2) = π/8")
    m32 = sp.beta(sp.Rational(3, 2), sp.Rational(3, 2)) ** 2 * sp.beta(_a, _b) / sp.beta(_a, _b)
    d.close(sp.simplify(m32.rewrite(sp.gamma)), sp.pi**2 / 64, "M(3/2, 3/2) = (π/8)² for every a, b")
    d.close_true(sp.StrictLessThan(sp.pi**2 / 64, 1), "(π/8)² < 1: BNPO(3/2, 3/2) already beats GRPO")
    d.step("global minimality (bnpo.optimal_parameters)", sp.Symbol("M* ≤ min(M(1,1), M(3/2,3/2))"),
           "M is convex with its minimum at (1 + a/3, 1 + b/3)")


@REINFORCE.derivation("uniform_density")
def _reinforce(d: Derivation) -> None:
    """f_N(p; 1, 1) = 1, so A = R − p."""
    d.close(_sym_density(_p, 1, 1), 1, "f_N(p; 1, 1) = 1")
    d.close((_R - _p) / _sym_density(_p, 1, 1), _R - _p, "A_{1,1} = R − p")


@GRPO_SCALED.derivation("arcsine_density")
def _grpo(d: Derivation) -> None:
    """f_N(p; 3/2, 3/2) = (8/π)√(p(1−p)) and the std of binary rewards is √(p̂(1−p̂))."""
    half = sp.Rational(3, 2)
    d.close(sp.simplify(_sym_density(_p, half, half).rewrite(sp.gamma)), 8 / sp.pi * sp.sqrt(_p) * sp.sqrt(1 - _p),
            "f_N(p; 3/2, 3/2) = (8/π)√(p(1 − p))")
    k, G = sp.symbols("k G", positive=True)
    ph = k / G
    d.close(k / G - ph**2, ph * (1 - ph), "population variance of k ones among G: mean(R²) − p̂² = p̂(1 − p̂)")
    bessel = G / (G - 1) * ph * (1 - ph)
    d.close(bessel / (ph * (1 - ph)), G / (G - 1), "Bessel variance = G/(G−1) · population variance")
    a_bnpo = (_R - _p) / (8 / sp.pi * sp.sqrt(_p) * sp.sqrt(1 - _p))
    d.close(a_bnpo / ((_R - _p) / (sp.sqrt(_p) * sp.sqrt(1 - _p))), sp.pi / 8,
            "A_{3/2,3/2} / GRPO_population = π/8 (never 1: V5 holds only up to this constant)")


@UNBIASED_TRANSFORMED.derivation("enumeration_and_antiderivative")
def _unbiased(d: Derivation) -> None:
    """Exact enumeration of E[g | q] for a Bernoulli-logit policy, G′ = 1/f_N, arcsine closed form."""
    th = sp.symbols("theta", real=True)
    pq = 1 / (1 + sp.exp(-th))
    score = {1: sp.diff(sp.log(pq), th), 0: sp.diff(sp.log(1 - pq), th)}
    f = sp.Symbol("f", positive=True)
    eg = sum(prob * score[r] * (r - pq) / f for r, prob in ((1, pq), (0, 1 - pq)))
    d.close(eg, sp.diff(pq, th) / f, "E[∇ log π · (R − p)/f_N | q] = ∇p/f_N (enumeration over R ∈ {0, 1})")
    t = sp.symbols("t", positive=True)
    big_g = sp.beta(_al, _be) * sp.Integral(t ** (1 - _al) * (1 - t) ** (1 - _be), (t, 0, _p))
    d.close(sp.diff(big_g, _p) * _sym_density(_p, _al, _be), 1, "G′(p) · f_N(p) = 1 (fundamental theorem)")
    d.close(sp.diff(big_g.subs(_p, pq), th), sp.diff(pq, th) / _sym_density(pq, _al, _be),
            "∇_θ G(p(θ)) = ∇p/f_N(p): the expected gradient is ∇ E_q G(p(q))")
    half = sp.Rational(3, 2)
    g_grpo = sp.pi / 4 * sp.asin(sp.sqrt(_p))
    d.close(sp.diff(g_grpo, _p) * _sym_density(_p, half, half).rewrite(sp.gamma), 1,
            "GRPO member: G(p) = (π/4) arcsin √p has G′ = 1/f_N(p; 3/2, 3/2)")
    d.close(g_grpo.subs(_p, 0), 0, "G(0) = 0")
    d.close(sp.diff(2 * sp.asin(sp.sqrt(_p)), _p), 1 / sp.sqrt(_p * (1 - _p)),
            "GRPO (population std) ascends 2 arcsin √p")


def _beta_moments(a: sp.Expr, b: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    return a / (a + b), a * (a + 1) / ((a + b) * (a + b + 1))


@MOMENTS_LIMIT.derivation("binomial_noise")
def _moments_limit(d: Derivation) -> None:
    """Var p̂ = Var p + E[p(1−p)]/G; plugging the population moments into the fit gives a(G−1)/(G+a+b)."""
    G = sp.symbols("G", positive=True)
    e1, e2 = _beta_moments(_a, _b)
    ep_hat2 = d.step("E p̂² = E[p²] + E[p(1−p)]/G", e2 + (e1 - e2) / G, "E[p̂² | p] = p² + p(1−p)/G")
    var_hat = ep_hat2 - e1**2
    var_p = e2 - e1**2
    d.close(var_hat, var_p + (e1 - e2) / G, "Var p̂ = Var p + E[p(1−p)]/G")
    k = e1 * (1 - e1) / var_hat - 1
    d.close(k * e1, _a * (G - 1) / (G + _a + _b), "a_G = (m(1−m)/v − 1) m = a (G−1)/(G+a+b)")
    d.close(k * (1 - e1), _b * (G - 1) / (G + _a + _b), "b_G = b (G−1)/(G+a+b)")
    d.close(sp.limit(_a * (G - 1) / (G + _a + _b), G, sp.oo), _a, "a_G → a as G → ∞")
    gap = d.step("a − a_G", sp.factor(_a - _a * (G - 1) / (G + _a + _b)), "common denominator")
    d.close(gap, _a * (_a + _b + 1) / (G + _a + _b), "a − a_G = a(a+b+1)/(G+a+b)")
    d.close_true(sp.StrictGreaterThan(gap, 0), "a_G < a for every finite G: the fit is biased towards 0")


@MOMENTS_CORRECTED.derivation("unbiased_variance")
def _moments_corrected(d: Derivation) -> None:
    """E[p̂(1−p̂)] = (1 − 1/G) E[p(1−p)], so v − mean(p̂(1−p̂))/(G−1) estimates Var p."""
    G = sp.symbols("G", positive=True)
    e1, e2 = _beta_moments(_a, _b)
    ep_hat2 = e2 + (e1 - e2) / G
    d.close(e1 - ep_hat2, (1 - 1 / G) * (e1 - e2), "E[p̂(1 − p̂)] = (1 − 1/G) E[p(1 − p)]")
    v_c = (ep_hat2 - e1**2) - (e1 - ep_hat2) / (G - 1)
    d.close(v_c, e2 - e1**2, "population v_c = Var p")
    k = e1 * (1 - e1) / (e2 - e1**2) - 1
    d.close(k * e1, _a, "the fit recovers a")
    d.close(k * (1 - e1), _b, "the fit recovers b")

