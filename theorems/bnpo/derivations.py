"""BNPO derivations in sympy: V1 (Beta integral), V2 (stationarity and convexity), V3 (the baselines'
second moments), V4 and V5 (the REINFORCE and arcsine densities), V6 (enumeration and antiderivative),
V7 (binomial noise and the corrected variance); and the negations of V5, V6 and V7 as stated (the
constant π/8, the weight 1/f_N, the shrunken limit).

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    GRPO_EXACT,
    GRPO_SCALED,
    MOMENTS,
    MOMENTS_CORRECTED,
    MOMENTS_LIMIT,
    OPTIMUM,
    REINFORCE,
    SECOND_MOMENT,
    UNBIASED,
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
    r"""$\mathbb{E}[(R-p)^2 \mid p]$ by enumeration, the integrand reduced to a Beta kernel, exponents and
    convergence."""
    cond = sum(pr * (r - _p) ** 2 for r, pr in ((1, _p), (0, 1 - _p)))
    d.close(cond, _p * (1 - _p), r"$\mathbb{E}[(R - p)^2 \mid p] = p(1 - p)$ for $R \in \{0, 1\}$", method="expand")
    integrand = d.step("integrand", _p * (1 - _p) / _sym_density(_p, _al, _be) ** 2
                       * _p ** (_a - 1) * (1 - _p) ** (_b - 1) / sp.beta(_a, _b),
                       r"$\mathbb{E}_p[p(1-p)/f_N^2]$, $p \sim \operatorname{Beta}(a, b)$")
    kernel = sp.beta(_al, _be) ** 2 * _p ** (_a + 2 - 2 * _al) * (1 - _p) ** (_b + 2 - 2 * _be) / sp.beta(_a, _b)
    d.close(sp.powsimp(sp.expand_power_base(integrand / kernel, force=True), force=True), 1,
            r"integrand $= B(\alpha,\beta)^2\,p^{a+2-2\alpha}(1-p)^{b+2-2\beta}/B(a,b)$")
    c, e = _a + 3 - 2 * _al, _b + 3 - 2 * _be
    d.step("Euler's Beta integral", sp.Eq(sp.Integral(_p ** (c - 1) * (1 - _p) ** (e - 1), (_p, 0, 1)), sp.beta(c, e)),
           r"$\int_0^1 p^{c-1}(1-p)^{e-1}\,dp = B(c, e)$, finite iff $c > 0$ and $e > 0$")
    d.close(c - 1, _a + 2 - 2 * _al, r"the exponent of $p$ is $c - 1$ with $c = a + 3 - 2\alpha$")
    sol = sp.solve_univariate_inequality(c > 0, _al, relational=False)
    d.close_true(sp.Eq(sol.sup, (_a + 3) / 2), r"$c > 0 \iff \alpha < (a + 3)/2$ (likewise $\beta < (b + 3)/2$)")


@OPTIMUM.derivation("stationarity_and_convexity")
def _optimum(d: Derivation) -> None:
    r"""The digamma gradient of $\log M$ vanishes at $1 + a/3$; $\log M$ is convex ($\log B$ is jointly convex)."""
    log_m = 2 * _log_beta(_al, _be) + _log_beta(_a + 3 - 2 * _al, _b + 3 - 2 * _be) - _log_beta(_a, _b)
    d.step(r"$\log M(\alpha, \beta)$", log_m, "V1")
    opt = {_al: 1 + _a / 3, _be: 1 + _b / 3}
    grads = []
    for v, tex in ((_al, r"\alpha"), (_be, r"\beta")):
        grad = d.step(rf"$\partial \log M/\partial {tex}$", sp.diff(log_m, v), r"digamma: $d \log \Gamma = \psi$")
        grads.append(grad)
        d.close(grad.subs(opt), 0, rf"$\partial \log M/\partial {tex} = 0$ at $\alpha = 1 + a/3$, $\beta = 1 + b/3$")
    d.close(_a + 3 - 2 * opt[_al], opt[_al], r"$a + 3 - 2\alpha^* = \alpha^*$: both Beta factors coincide")
    m_star = (sp.beta(_al, _be) ** 2 * sp.beta(_a + 3 - 2 * _al, _b + 3 - 2 * _be) / sp.beta(_a, _b)).subs(opt)
    d.close(m_star, sp.beta(1 + _a / 3, 1 + _b / 3) ** 3 / sp.beta(_a, _b), r"$M^* = B(1 + a/3, 1 + b/3)^3/B(a, b)$")
    x, y = sp.symbols("x y", positive=True)
    hess_b = sp.hessian(_log_beta(x, y), (x, y))
    # the Hessian of log M from the gradient above (sp.hessian would differentiate log M once more per entry)
    hess_m = sp.Matrix(2, 2, lambda i, j: grads[min(i, j)].diff((_al, _be)[max(i, j)]))
    affine = {x: _a + 3 - 2 * _al, y: _b + 3 - 2 * _be}
    split = 2 * hess_b.subs({x: _al, y: _be}, simultaneous=True) + 4 * hess_b.subs(affine, simultaneous=True)
    for i, j in ((0, 0), (0, 1), (1, 1)):
        d.close(hess_m[i, j], split[i, j],
                rf"$(\operatorname{{Hess}} \log M)_{{{i}{j}}} = 2 H_{{{i}{j}}}(\alpha, \beta) + "
                rf"4 H_{{{i}{j}}}(a+3-2\alpha, b+3-2\beta)$, $H = \operatorname{{Hess}} \log B$: $\log M$ is "
                r"convex if $\log B$ is")
    n = 3
    w = sp.symbols(f"w0:{n}", positive=True)
    u = sp.symbols(f"u0:{n}", real=True)
    z0, z1, z2 = sum(w), sum(wi * ui for wi, ui in zip(w, u)), sum(wi * ui**2 for wi, ui in zip(w, u))
    d.step(r"$\log B(x, y) = \log \int e^{x \log t + y \log(1-t)}\,d\mu(t)$, $d\mu = dt/(t(1-t))$: a "
           "log-partition function",
           sp.Eq(sp.Symbol("vᵀ H v"), sp.Symbol("(Z Z'' − Z'²)/Z²")),
           r"second derivative of $\log Z$ along $v$, $Z(s) = \int w\,e^{s u}$, $u = v_1 \log t + v_2 \log(1-t)$")
    d.close(z0 * z2 - z1**2,
            sp.Rational(1, 2) * sum((u[i] - u[j]) ** 2 * w[i] * w[j] for i in range(n) for j in range(n)),
            r"$Z Z'' - Z'^2 = \tfrac12 \sum_i \sum_j (u_i - u_j)^2 w_i w_j$ (any discrete measure; the integral "
            "is its limit)",
            method="expand")
    U1, U2 = sp.symbols("U1 U2", real=True)
    W1, W2 = sp.symbols("W1 W2", positive=True)
    d.close_true(sp.GreaterThan((U1 - U2) ** 2 * W1 * W2, 0),
                 r"each term is $\geq 0$: $H \succeq 0$, $\log B$ and $\log M$ are convex, the stationary point is "
                 "the global minimum")


@VARIANCE_INDEPENDENT.derivation("baselines")
def _variance_independent(d: Derivation) -> None:
    r"""Second moments of the baselines: REINFORCE $= M(1, 1) = ab/((a+b)(a+b+1))$; GRPO $= 1 = (8/\pi)^2
    M(3/2, 3/2)$."""
    m11 = sp.beta(1, 1) ** 2 * sp.beta(_a + 1, _b + 1) / sp.beta(_a, _b)
    d.close(sp.gammasimp(sp.expand_func(m11)), _a * _b / ((_a + _b) * (_a + _b + 1)),
            r"$M(1, 1) = \mathbb{E}\,p(1-p) = ab/((a+b)(a+b+1))$")
    grpo = _p * (1 - _p) / (sp.sqrt(_p * (1 - _p))) ** 2
    d.close(grpo, 1, r"GRPO (population std): $\mathbb{E}[(R-p)^2/(p(1-p)) \mid p] = 1$")
    d.close(sp.beta(sp.Rational(3, 2), sp.Rational(3, 2)).rewrite(sp.gamma), sp.pi / 8, r"$B(3/2, 3/2) = \pi/8$")
    m32 = sp.beta(sp.Rational(3, 2), sp.Rational(3, 2)) ** 2 * sp.beta(_a, _b) / sp.beta(_a, _b)
    d.close(m32.rewrite(sp.gamma), sp.pi**2 / 64, r"$M(3/2, 3/2) = (\pi/8)^2$ for every $a, b$")
    d.close_true(sp.StrictLessThan(sp.pi**2 / 64, 1), r"$(\pi/8)^2 < 1$: $\mathrm{BNPO}(3/2, 3/2)$ already beats GRPO")
    d.step("global minimality (bnpo.optimal_parameters)", sp.Symbol("M* ≤ min(M(1,1), M(3/2,3/2))"),
           r"$M$ is convex with its minimum at $(1 + a/3, 1 + b/3)$")


@REINFORCE.derivation("uniform_density")
def _reinforce(d: Derivation) -> None:
    r"""$f_N(p; 1, 1) = 1$, so $A = R - p$."""
    d.close(_sym_density(_p, 1, 1), 1, r"$f_N(p; 1, 1) = 1$")
    d.close((_R - _p) / _sym_density(_p, 1, 1), _R - _p, r"$A_{1,1} = R - p$")


@GRPO_SCALED.derivation("arcsine_density")
def _grpo(d: Derivation) -> None:
    r"""$f_N(p; 3/2, 3/2) = (8/\pi)\sqrt{p(1-p)}$ and the std of binary rewards is $\sqrt{\hat p(1-\hat p)}$."""
    half = sp.Rational(3, 2)
    d.close(_sym_density(_p, half, half).rewrite(sp.gamma), 8 / sp.pi * sp.sqrt(_p) * sp.sqrt(1 - _p),
            r"$f_N(p; 3/2, 3/2) = (8/\pi)\sqrt{p(1 - p)}$")
    k, G = sp.symbols("k G", positive=True)
    ph = k / G
    d.close(k / G - ph**2, ph * (1 - ph),
            r"population variance of $k$ ones among $G$: $\overline{R^2} - \hat p^2 = \hat p(1 - \hat p)$",
            method="expand")
    bessel = G / (G - 1) * ph * (1 - ph)
    d.close(bessel / (ph * (1 - ph)), G / (G - 1), r"Bessel variance $= G/(G-1)\,\cdot$ population variance")
    a_bnpo = (_R - _p) / (8 / sp.pi * sp.sqrt(_p) * sp.sqrt(1 - _p))
    d.close(a_bnpo / ((_R - _p) / (sp.sqrt(_p) * sp.sqrt(1 - _p))), sp.pi / 8,
            r"$A_{3/2,3/2}/A_{\mathrm{GRPO}} = \pi/8$ with the population std (never 1: V5 holds only up to "
            "this constant)")


@UNBIASED_TRANSFORMED.derivation("enumeration_and_antiderivative")
def _unbiased(d: Derivation) -> None:
    r"""Exact enumeration of $\mathbb{E}[g \mid q]$ for a Bernoulli-logit policy, $G' = 1/f_N$, the arcsine
    closed form."""
    th = sp.symbols("theta", real=True)
    pq = 1 / (1 + sp.exp(-th))
    score = {1: sp.diff(sp.log(pq), th), 0: sp.diff(sp.log(1 - pq), th)}
    f = sp.Symbol("f", positive=True)
    eg = sum(prob * score[r] * (r - pq) / f for r, prob in ((1, pq), (0, 1 - pq)))
    d.close(eg, sp.diff(pq, th) / f, r"$\mathbb{E}[\nabla \log \pi \cdot (R - p)/f_N \mid q] = \nabla p/f_N$ "
            r"(enumeration over $R \in \{0, 1\}$)", method="expand")
    t = sp.symbols("t", positive=True)
    big_g = sp.beta(_al, _be) * sp.Integral(t ** (1 - _al) * (1 - t) ** (1 - _be), (t, 0, _p))
    d.close(sp.diff(big_g, _p) * _sym_density(_p, _al, _be), 1,
            r"$G'(p)\,f_N(p) = 1$ (fundamental theorem of calculus)")
    d.close(sp.diff(big_g.subs(_p, pq), th), sp.diff(pq, th) / _sym_density(pq, _al, _be),
            r"$\nabla_\theta G(p(\theta)) = \nabla p/f_N(p)$: the expected gradient is "
            r"$\nabla\,\mathbb{E}_q G(p(q))$")
    half = sp.Rational(3, 2)
    g_grpo = sp.pi / 4 * sp.asin(sp.sqrt(_p))
    d.close(sp.diff(g_grpo, _p) * _sym_density(_p, half, half).rewrite(sp.gamma), 1,
            r"GRPO member: $G(p) = (\pi/4)\arcsin\sqrt{p}$ has $G' = 1/f_N(p; 3/2, 3/2)$")
    d.close(g_grpo.subs(_p, 0), 0, r"$G(0) = 0$")
    d.close(sp.diff(2 * sp.asin(sp.sqrt(_p)), _p), 1 / sp.sqrt(_p * (1 - _p)),
            r"GRPO (population std) ascends $2\arcsin\sqrt{p}$")


def _beta_moments(a: sp.Expr, b: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    return a / (a + b), a * (a + 1) / ((a + b) * (a + b + 1))


@MOMENTS_LIMIT.derivation("binomial_noise")
def _moments_limit(d: Derivation) -> None:
    r"""$\operatorname{Var}\hat p = \operatorname{Var} p + \mathbb{E}[p(1-p)]/G$; plugging the population
    moments into the fit gives $a(G-1)/(G+a+b)$."""
    G = sp.symbols("G", positive=True)
    e1, e2 = _beta_moments(_a, _b)
    ep_hat2 = d.step(r"$\mathbb{E}\hat p^2 = \mathbb{E}[p^2] + \mathbb{E}[p(1-p)]/G$", e2 + (e1 - e2) / G,
                     r"$\mathbb{E}[\hat p^2 \mid p] = p^2 + p(1-p)/G$")
    var_hat = ep_hat2 - e1**2
    var_p = e2 - e1**2
    d.close(var_hat, var_p + (e1 - e2) / G, r"$\operatorname{Var}\hat p = \operatorname{Var} p + \mathbb{E}[p(1-p)]/G$")
    k = e1 * (1 - e1) / var_hat - 1
    d.close(sp.factor(k * e1), _a * (G - 1) / (G + _a + _b), r"$a_G = (m(1-m)/v - 1)\,m$, factored: "
            r"$a_G = a(G-1)/(G+a+b)$", method="expand")
    d.close(sp.factor(k * (1 - e1)), _b * (G - 1) / (G + _a + _b), r"$b_G$, factored: $b_G = b(G-1)/(G+a+b)$",
            method="expand")
    d.close(sp.limit(_a * (G - 1) / (G + _a + _b), G, sp.oo), _a, r"$a_G \to a$ as $G \to \infty$")
    gap = d.step(r"$a - a_G$", sp.factor(_a - _a * (G - 1) / (G + _a + _b)), "common denominator")
    d.close(gap, _a * (_a + _b + 1) / (G + _a + _b), r"$a - a_G = a(a+b+1)/(G+a+b)$")
    d.close_true(sp.StrictGreaterThan(gap, 0), r"$a_G < a$ for every finite $G$: the fit is biased towards 0")


@MOMENTS_CORRECTED.derivation("unbiased_variance")
def _moments_corrected(d: Derivation) -> None:
    r"""$\mathbb{E}[\hat p(1-\hat p)] = (1 - 1/G)\,\mathbb{E}[p(1-p)]$, so $v - \overline{\hat p(1-\hat p)}/(G-1)$
    estimates $\operatorname{Var} p$."""
    G = sp.symbols("G", positive=True)
    e1, e2 = _beta_moments(_a, _b)
    ep_hat2 = e2 + (e1 - e2) / G
    d.close(e1 - ep_hat2, (1 - 1 / G) * (e1 - e2),
            r"$\mathbb{E}[\hat p(1 - \hat p)] = (1 - 1/G)\,\mathbb{E}[p(1 - p)]$", method="expand")
    v_c = (ep_hat2 - e1**2) - (e1 - ep_hat2) / (G - 1)
    d.close(sp.factor(v_c), _a * _b / ((_a + _b) ** 2 * (_a + _b + 1)),
            r"population $v_c$, factored: $v_c = ab/((a+b)^2(a+b+1))$", method="expand")
    d.close(sp.factor(e2 - e1**2), _a * _b / ((_a + _b) ** 2 * (_a + _b + 1)),
            r"$\operatorname{Var} p = \mathbb{E} p^2 - (\mathbb{E} p)^2$, factored: the same, so "
            r"$v_c = \operatorname{Var} p$", method="expand")
    k = e1 * (1 - e1) / (e2 - e1**2) - 1
    d.close(sp.factor(k * e1), _a, r"the fit recovers $a$: $(m(1-m)/v_c - 1)\,m$ factors to $a$", method="expand")
    d.close(sp.factor(k * (1 - e1)), _b, r"the fit recovers $b$: $(m(1-m)/v_c - 1)(1-m)$ factors to $b$",
            method="expand")



# ------------------------------------------------------------------------------------------------
# Negations: the statements as the paper makes them are false (V5, V6, V7)
# ------------------------------------------------------------------------------------------------


@GRPO_EXACT.derivation("constant_pi_over_eight", shows="negation")
def _grpo_not_exact(d: Derivation) -> None:
    r"""$A_{3/2,3/2}$ is GRPO's advantage times $\pi/8 \neq 1$ on every group with $0 < \hat p < 1$."""
    half = sp.Rational(3, 2)
    a_bnpo = (_R - _p) / _sym_density(_p, half, half)
    a_grpo = (_R - _p) / (sp.sqrt(_p) * sp.sqrt(1 - _p))
    d.close((a_bnpo / a_grpo).rewrite(sp.gamma), sp.pi / 8,
            r"$A_{3/2,3/2}/A_{\mathrm{GRPO}} = B(3/2, 3/2) = \pi/8$ for every $R \neq \hat p$, $0 < \hat p < 1$")
    d.close_true(sp.Ne(sp.pi / 8, 1), r"$\pi/8 \neq 1$: the two advantages differ on every such group")


@UNBIASED.derivation("inverse_density_weight", shows="negation")
def _unbiased_fails(d: Derivation) -> None:
    r"""$\mathbb{E}[g \mid q] = \nabla p/f_N(p)$, and $1/f_N(1/2; 3/2, 3/2) = \pi/4 \neq 1$."""
    th = sp.symbols("theta", real=True)
    pq = 1 / (1 + sp.exp(-th))
    score = {1: sp.diff(sp.log(pq), th), 0: sp.diff(sp.log(1 - pq), th)}
    f = sp.Symbol("f", positive=True)
    eg = sum(prob * score[r] * (r - pq) / f for r, prob in ((1, pq), (0, 1 - pq)))
    d.close(eg, sp.diff(pq, th) / f, r"$\mathbb{E}[\nabla \log \pi \cdot (R - p)/f_N \mid q] = \nabla p/f_N$ "
            r"(enumeration over $R \in \{0, 1\}$)", method="expand")
    half = sp.Rational(3, 2)
    weight = 1 / _sym_density(sp.Rational(1, 2), half, half)
    d.close(weight.rewrite(sp.gamma), sp.pi / 4,
            r"at $\alpha = \beta = 3/2$ and $p(q) = 1/2$: $1/f_N = \pi/4$")
    d.close_true(sp.Ne(sp.pi / 4, 1), r"$\mathbb{E}[g \mid q] = (\pi/4)\,\nabla p \neq \nabla p$ there: "
                 r"biased for $\nabla_\theta\,\mathbb{E}_q\,p(q)$")


@MOMENTS.derivation("population_fit_is_shrunk", shows="negation")
def _moments_do_not_recover(d: Derivation) -> None:
    r"""With the population moments of $\hat p$ the fit is $a(G-1)/(G+a+b) < a$ at every finite $G$."""
    G = sp.symbols("G", positive=True)
    e1, e2 = _beta_moments(_a, _b)
    var_hat = e2 + (e1 - e2) / G - e1**2
    k = e1 * (1 - e1) / var_hat - 1
    d.close(sp.factor(k * e1), _a * (G - 1) / (G + _a + _b),
            r"the fit's limit at fixed $G$: $a_G = (m(1-m)/v - 1)\,m$, factored: $a_G = a(G-1)/(G+a+b)$",
            method="expand")
    gap = d.step(r"$a - a_G$", sp.factor(_a - _a * (G - 1) / (G + _a + _b)), "common denominator")
    d.close(gap, _a * (_a + _b + 1) / (G + _a + _b), r"$a - a_G = a(a+b+1)/(G+a+b)$")
    d.close_true(sp.StrictGreaterThan(gap, 0), r"$a_G < a$ for every finite $G$: the fit does not recover $a$")
