"""Sympy derivations of the robust_dpo claims (the formula claims also carry the engine's own derivation that the
formula and its ground truth agree)."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import formulas as F
from .claims_loss import CDPO_MINIMISER, CURVATURE, GRADIENT_WEIGHT, UNBIASED, WEIGHT_INFIMUM
from .claims_minimiser import RECESSION, UNCONSTRAINED
from .claims_release import LIB_LOSS, TRL_HALF, TRL_ROBUST, TRL_SIGMOID

h, eps, beta = F.h, F.eps, F.beta
x = sp.Symbol("x", real=True)
t = sp.Symbol("t", positive=True)
bp = sp.Symbol("beta", positive=True)


def _softplus_sym(arg):
    return sp.log(1 + sp.exp(arg))


@UNBIASED.derivation("linear_form")
def _unbiased(d: Derivation) -> None:
    """rDPO is the DPO loss minus a linear term; its flip average is the clean loss."""
    ell = sp.Function("ell")
    d.close(sp.diff(_softplus_sym(beta * h) - _softplus_sym(-beta * h), h), beta,
            r"$\frac{d}{dh}[\ell(-h) - \ell(h)] = \beta$, and both sides vanish at $h = 0$: "
            r"$\ell(-h) = \ell(h) + \beta h$")
    d.close((_softplus_sym(beta * h) - _softplus_sym(-beta * h)).subs(h, 0), 0, r"$\ell(0) - \ell(0) = 0$")
    rdpo = lambda u: ((1 - eps) * ell(u) - eps * (ell(u) + beta * u)) / (1 - 2 * eps)  # noqa: E731
    linear = d.step(r"$\hat\ell_\epsilon(h) = \ell(h) - \frac{\beta\epsilon h}{1-2\epsilon}$", rdpo(h),
                    r"substitute $\ell(-h) = \ell(h) + \beta h$")
    d.close(linear, ell(h) - beta * eps * h / (1 - 2 * eps), "the linear form")
    lin = lambda u: ell(u) - beta * eps * u / (1 - 2 * eps)  # noqa: E731
    avg = (1 - eps) * lin(h) + eps * (ell(h) + beta * h + beta * eps * h / (1 - 2 * eps))
    d.step(r"$\mathbb{E}_{flip}[\hat\ell_\epsilon]$", avg, r"$\hat\ell_\epsilon(-h) = \ell(h) + \beta h + "
           r"\frac{\beta\epsilon h}{1-2\epsilon}$")
    d.close(avg, ell(h), r"$\mathbb{E}_{flip}[\hat\ell_\epsilon] = \ell(h)$ for every $\epsilon \ne 1/2$")


@WEIGHT_INFIMUM.derivation("limit_and_monotonicity")
def _infimum(d: Derivation) -> None:
    """ζ = σ(−βh) + ε/(1 − 2ε): decreasing, with limit ε/(1 − 2ε) as h → ∞."""
    zeta = F.sp_weight(h).subs(beta, bp)
    d.close(zeta, F.sp_sigmoid(-bp * h) + eps / (1 - 2 * eps), r"$\zeta = \sigma(-\beta h) + "
            r"\frac{\epsilon}{1-2\epsilon}$")
    d.close(sp.limit(zeta, h, sp.oo), eps / (1 - 2 * eps), r"$\lim_{h\to\infty}\zeta = \frac{\epsilon}{1-2\epsilon}$")
    slope = d.step(r"$d\zeta/dh$", sp.simplify(sp.diff(zeta, h)), "differentiate")
    d.close_true(sp.simplify(-slope * (1 + sp.exp(bp * h)) ** 2 / (bp * sp.exp(bp * h))) > 0,
                 r"$d\zeta/dh = -\beta\sigma(\beta h)\sigma(-\beta h) < 0$")


@CURVATURE.derivation("second_derivative")
def _curvature(d: Derivation) -> None:
    """Differentiate twice; the difference with the clean loss is linear in h."""
    rd = F.sp_rdpo(h)
    clean = F.sp_dpo(h)
    d.close(sp.diff(rd, h, 2) - sp.diff(clean, h, 2), 0, r"$\hat\ell_\epsilon'' = \ell''$")
    d.close(sp.diff(clean, h, 2), beta**2 * F.sp_sigmoid(beta * h) * F.sp_sigmoid(-beta * h),
            r"$\ell'' = \beta^2\sigma(\beta h)\sigma(-\beta h)$")


@RECESSION.derivation("per_sample_slopes")
def _slopes(d: Derivation) -> None:
    """The slopes of ℓ̂_ε as h → ±∞, from its derivative −βζ."""
    deriv = sp.diff(F.sp_rdpo(h).subs(beta, bp), h)
    d.close(sp.limit(deriv, h, sp.oo), -bp * eps / (1 - 2 * eps),
            r"$\lim_{h\to\infty}\hat\ell_\epsilon'(h) = -\frac{\beta\epsilon}{1-2\epsilon}$")
    d.close(sp.limit(deriv, h, -sp.oo), -bp * (1 - eps) / (1 - 2 * eps),
            r"$\lim_{h\to-\infty}\hat\ell_\epsilon'(h) = -\frac{\beta(1-\epsilon)}{1-2\epsilon}$")


@UNCONSTRAINED.derivation("unbounded_along_a_ray", shows="negation")
def _unbounded(d: Derivation) -> None:
    """With Zu = 𝟏 the objective along tu is ℓ̂_ε(t), which tends to −∞ for ε ∈ (0, 1/2)."""
    a = sp.Symbol("a", positive=True)
    along = F.sp_rdpo(t).subs({beta: bp})
    d.step(r"$\hat L(tu) = \hat\ell_\epsilon(t)$ when $Zu = \mathbf{1}$", along, "every term equals ℓ̂_ε(t)")
    param = d.step(r"$\epsilon = \frac{a}{1 + 2a}$, $a > 0$ (every $\epsilon \in (0, 1/2)$)",
                   sp.simplify(along.subs(eps, a / (1 + 2 * a))), "substitute")
    d.close_true(sp.Eq(sp.limit(param, t, sp.oo), -sp.oo),
            r"$\lim_{t\to\infty}\hat\ell_\epsilon(t) = -\infty$ for $\epsilon \in (0, 1/2)$")


def _trl_robust_sym(ls):
    logsig = lambda u: -sp.log(1 + sp.exp(-u))  # noqa: E731
    return (-logsig(beta * h) * (1 - ls) + logsig(-beta * h) * ls) / (1 - 2 * ls)


@TRL_ROBUST.derivation("released_form")
def _trl_robust(d: Derivation) -> None:
    r"""$\log\sigma(u) = -\log(1 + e^{-u})$: the released expression is the paper's term by term."""
    d.close(_trl_robust_sym(eps), F.sp_rdpo(h), r"TRL robust $= \hat\ell_\epsilon$ with $\epsilon = ls$")


@TRL_SIGMOID.derivation("released_form")
def _trl_sigmoid(d: Derivation) -> None:
    """The sigmoid branch with label smoothing is cDPO term by term."""
    logsig = lambda u: -sp.log(1 + sp.exp(-u))  # noqa: E731
    released = -logsig(beta * h) * (1 - eps) - logsig(-beta * h) * eps
    d.close(released, F.sp_cdpo(h), r"TRL sigmoid $= (1-\epsilon)\ell(h) + \epsilon\ell(-h)$ with $\epsilon = ls$")


@TRL_HALF.derivation("numerator_at_half")
def _trl_half(d: Derivation) -> None:
    """At ls = 1/2 the numerator is −βh/2 and the denominator 0."""
    logsig = lambda u: -sp.log(1 + sp.exp(-u))  # noqa: E731
    half = sp.Rational(1, 2)
    num = -logsig(bp * h) * half + logsig(-bp * h) * half
    d.close(sp.diff(num, h), -bp / 2, r"$\frac{d}{dh}$ numerator $= -\beta/2$")
    d.close(num.subs(h, 0), 0, "the numerator vanishes at $h = 0$, so it is $-\\beta h/2$")
    d.close(1 - 2 * half, 0, "the denominator $1 - 2ls$ is 0")


@GRADIENT_WEIGHT.derivation("differentiate")
def _weight(d: Derivation) -> None:
    """Differentiate the paper's form of ℓ̂_ε."""
    d.close(sp.diff(F.sp_rdpo(h), h), -beta * F.sp_weight(h), r"$\hat\ell_\epsilon'(h) = -\beta\zeta(h)$")


@LIB_LOSS.derivation("library_forms")
def _library(d: Derivation) -> None:
    """The library's cancellation-free forms equal the paper's."""
    sp_ = lambda u: sp.log(1 + sp.exp(u))  # noqa: E731
    d.close(sp.diff(F.sp_rdpo(h) - (sp_(-beta * h) - beta * eps * h / (1 - 2 * eps)), h), 0,
            r"$\frac{d}{dh}[\hat\ell_\epsilon - (\mathrm{softplus}(-\beta h) - "
            r"\frac{\beta\epsilon h}{1-2\epsilon})] = 0$")
    d.close((F.sp_rdpo(h) - (sp_(-beta * h) - beta * eps * h / (1 - 2 * eps))).subs(h, 0), 0, "and equal at $h = 0$")
    d.close(sp.diff(F.sp_cdpo(h) - (sp_(-beta * h) + eps * beta * h), h), 0,
            r"$\ell_{cDPO} - (\mathrm{softplus}(-\beta h) + \epsilon\beta h)$ is constant")
    d.close((F.sp_cdpo(h) - (sp_(-beta * h) + eps * beta * h)).subs(h, 0), 0, "and 0 at $h = 0$")
    d.close(F.sp_weight(h), F.sp_sigmoid(-beta * h) + eps / (1 - 2 * eps),
            r"$\zeta = \sigma(-\beta h) + \frac{\epsilon}{1-2\epsilon}$")


@CDPO_MINIMISER.derivation("stationary_point")
def _cdpo_min(d: Derivation) -> None:
    """Solve dℓ_cDPO/dh = 0; the second derivative is positive, so the stationary point is the minimiser."""
    w = sp.Symbol("w", positive=True)  # w = e^{βh}
    slope = sp.diff(F.sp_cdpo(h), h).subs(beta, bp)
    d.step(r"$d\ell_{cDPO}/dh$", slope, "differentiate")
    in_w = sp.simplify(slope.subs(h, sp.log(w) / bp))
    d.step(r"in $w = e^{\beta h}$", in_w, "substitute")
    roots = sp.solve(sp.numer(sp.together(in_w)), w)
    d.close(roots[0] if len(roots) == 1 else sp.nan, (1 - eps) / eps, r"$e^{\beta h^*} = \frac{1-\epsilon}{\epsilon}$")
    d.close(sp.diff(F.sp_cdpo(h), h, 2), beta**2 * F.sp_sigmoid(beta * h) * F.sp_sigmoid(-beta * h),
            r"$\ell_{cDPO}'' = \beta^2\sigma(\beta h)\sigma(-\beta h) > 0$")
