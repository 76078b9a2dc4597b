"""Sympy derivations of the Z-loss claims.

The moments are written through the spherical statistics S₁ = Σ_k o_k, S₂ = Σ_k o_k² and o_c (μ = S₁/D,
σ² = S₂/D − μ²), or through (μ, σ) with σ a positive symbol, so that every derivation holds for a symbolic D
and stays rational in σ (no square root of a general expression for sympy to simplify).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims_gradient as CG
from . import claims_invariance as CI
from . import claims_range as CR
from . import claims_spherical as CS

_alpha, _gamma, _sigma, _a, _n = sp.symbols("alpha gamma sigma a n", positive=True)
_beta, _mu, _oc, _b, _t, _x = sp.symbols("beta mu o_c b t x", real=True)
_D = sp.Symbol("D", positive=True)


def _softplus_over_a(t):
    return sp.log(1 + sp.exp(_a * (_b - t))) / _a


# -- Z1, Z2 -----------------------------------------------------------------------------------------------


def _affine_moments(d: Derivation, scale) -> tuple:
    """The moments of αo + β1 from those of o (S₁ = Dμ, S₂ = D(σ² + μ²)), and the new z_c."""
    o = sp.symbols("o1:5", real=True)
    d.close(sp.expand(sum((scale * x + _beta) ** 2 for x in o)),
            sp.expand(scale**2 * sum(x**2 for x in o) + 2 * scale * _beta * sum(o) + 4 * _beta**2),
            r"$\sum_k(\alpha o_k + \beta)^2 = \alpha^2 S_2 + 2\alpha\beta S_1 + D\beta^2$ (shown for $D = 4$; "
            r"the sum is "
            r"linear in each term)", method="expand")
    s1, s2 = _D * _mu, _D * (_sigma**2 + _mu**2)
    s1_new, s2_new = scale * s1 + _D * _beta, scale**2 * s2 + 2 * scale * _beta * s1 + _D * _beta**2
    mu_new = d.step(r"$\mu' = (\alpha S_1 + D\beta)/D$", sp.expand(s1_new / _D), "the mean of the moved logits")
    var_new = d.step(r"$\sigma'^2 = S_2'/D - \mu'^2$", sp.expand(s2_new / _D - mu_new**2), "the population variance")
    d.close(var_new, scale**2 * _sigma**2, r"$\sigma'^2 = \alpha^2\sigma^2$", method="expand")
    z_new = d.step(r"$z_c' = (\alpha o_c + \beta - \mu')/\sigma'$", (scale * _oc + _beta - mu_new) / sp.sqrt(var_new),
                   "the moved target's score")
    return z_new


@CI.INVARIANCE.derivation("moments_of_an_affine_map")
def _invariance(d: Derivation) -> None:
    r"""Under $o \mapsto \alpha o + \beta\mathbf{1}$ the mean becomes $\alpha\mu + \beta$ and the variance
    $\alpha^2\sigma^2$, so $z_c$ is unchanged for $\alpha > 0$, and so is $L_Z$, a function of $z_c$ alone."""
    z_new = _affine_moments(d, _alpha)
    d.close(z_new, (_oc - _mu) / _sigma, r"$z_c' = z_c$ for $\alpha > 0$ ($\sqrt{\alpha^2\sigma^2} = \alpha\sigma$)",
            method="expand")


@CI.REFLECTION.derivation("negative_scale_negates_z")
def _reflection(d: Derivation) -> None:
    r"""With $\alpha = -\gamma$, $\gamma > 0$: $\sqrt{\alpha^2\sigma^2} = \gamma\sigma$, so $z_c' = -z_c$, which is
    also the score of $-o$; $L_Z$ at $-z_c$ is $\frac{1}{a}\log(1 + e^{a(b + z_c)})$, equal to $L_Z$ at $z_c$ only for
    $z_c = 0$ (the softplus is strictly increasing)."""
    z_new = _affine_moments(d, -_gamma)
    zc = (_oc - _mu) / _sigma
    d.close(z_new, -zc, r"$z_c' = -z_c$ for $\alpha = -\gamma < 0$", method="expand")
    d.close(_softplus_over_a(-zc), sp.log(1 + sp.exp(_a * (_b + zc))) / _a,
            r"$L_Z$ at $-z_c$ is $\frac{1}{a}\log(1 + e^{a(b + z_c)})$", method="expand")
    d.close_true(sp.Gt(sp.diff(sp.log(1 + sp.exp(_x)), _x), 0),
                 r"the softplus is strictly increasing: equal values need $b + z_c = b - z_c$, i.e. $z_c = 0$")


@CI.NONZERO.derivation("a_negative_scale_changes_the_loss", shows="negation")
def _nonzero(d: Derivation) -> None:
    r"""At $D = 2$, $o = (1, 0)$, $c = 0$, $a = 1$, $b = 0$: $z_c = 1$; with $\alpha = -1$, $z_c' = -1$ and the loss
    moves from $\log(1 + e^{-1})$ to $\log(1 + e)$, exactly 1 more."""
    o = [sp.Integer(1), sp.Integer(0)]
    mu = sum(o) / 2
    zc = d.step(r"$z_c$ of $o = (1, 0)$", (o[0] - mu) / sp.sqrt(sum(x**2 for x in o) / 2 - mu**2), "definition")
    moved = [-x for x in o]
    mu2 = sum(moved) / 2
    zc2 = d.step(r"$z_c$ of $-o$", (moved[0] - mu2) / sp.sqrt(sum(x**2 for x in moved) / 2 - mu2**2), "definition")
    gap = d.step(r"$L_Z(-o) - L_Z(o)$ at $a = 1$, $b = 0$", sp.log(1 + sp.exp(-zc2)) - sp.log(1 + sp.exp(-zc)),
                 "the two losses")
    d.close(sp.expand(sp.E * (1 + sp.exp(-1))), 1 + sp.E, r"$1 + e = e(1 + e^{-1})$, so the difference is "
            r"$\log e = 1$", method="expand")
    d.close_true(sp.Gt(gap, 0), r"$L_Z(-o) - L_Z(o) > 0$: a negative scale changes the loss")


# -- Z3 -----------------------------------------------------------------------------------------------------


@CI.CE_SHIFT.derivation("exponential_of_a_sum")
def _ce_shift(d: Derivation) -> None:
    r"""$\sum_k e^{o_k + \beta} = e^\beta\sum_k e^{o_k}$, so $\log\sum_k e^{o_k + \beta} = \beta + \log\sum_k e^{o_k}$
    and the shift cancels against $o_c + \beta$ (shown for $D = 3$, each term alike for any $D$)."""
    o = sp.symbols("o1:4", real=True)
    total = sum(sp.exp(x) for x in o)
    moved = d.step(r"$\sum_k e^{o_k + \beta}$", sum(sp.exp(x + _beta) for x in o), "the shifted normaliser")
    d.close(moved, sp.exp(_beta) * total, r"$= e^\beta\sum_k e^{o_k}$", method="expand")
    lhs = sp.expand_log(sp.log(sp.exp(_beta) * total), force=True) - (o[0] + _beta)
    d.close(lhs, sp.log(total) - o[0], r"$\ell(o + \beta\mathbf{1}, c) = \ell(o, c)$", method="expand")


@CI.CE_SCALE.derivation("strictly_decreasing_in_the_scale", shows="negation")
def _ce_scale(d: Derivation) -> None:
    r"""At $D = 2$, $o = (1, 0)$, $c = 0$: $\ell(\alpha o, c) = \log(1 + e^{-\alpha})$, whose derivative
    $-1/(1 + e^{\alpha})$ is negative: the loss changes with the scale (from $\log(1 + e^{-1})$ at $\alpha = 1$ to
    $\log(1 + e^{-2})$ at $\alpha = 2$)."""
    s = sp.Symbol("alpha", real=True)  # the scale, of either sign here
    ell = d.step(r"$\ell(\alpha o, 0)$ for $o = (1, 0)$", sp.log(sp.exp(s) + 1) - s, "log-sum-exp minus the target")
    d.close(sp.expand(sp.exp(s) * (1 + sp.exp(-s))), sp.exp(s) + 1,
            r"$e^{\alpha} + 1 = e^{\alpha}(1 + e^{-\alpha})$: $\ell(\alpha o, 0) = \log(1 + e^{-\alpha})$",
            method="expand")
    slope = sp.diff(ell, s)
    d.close(sp.together(slope + 1 / (1 + sp.exp(s))), 0, r"$\frac{d}{d\alpha}\ell = -1/(1 + e^{\alpha})$",
            method="expand")
    d.close_true(sp.Lt(-1 / (1 + sp.exp(s)), 0), r"$-1/(1 + e^{\alpha}) < 0$ for every $\alpha$")
    d.close_true(sp.Lt(sp.log(1 + sp.exp(-2)), sp.log(1 + sp.exp(-1))),
                 r"$\ell(2o, 0) = \log(1 + e^{-2}) < \log(1 + e^{-1}) = \ell(o, 0)$")


# -- Z4, Z9 -------------------------------------------------------------------------------------------------


@CS.SPHERICAL.derivation("statistics_and_chain_rule")
def _spherical(d: Derivation) -> None:
    r"""The two-pass variance equals $S_2/D - \mu^2$; with $o = Wh$ the statistics are $\bar w^\top h$, $h^\top Qh$ and
    $W_c^\top h$ (shown for a symbolic $3 \times 2$ layer); by the chain rule through $(S_1, S_2, o_c)$,
    $W^\top\partial L/\partial o = L_1\bar w + 2L_2 Qh + L_3 W_c$; and the partial derivatives of
    $z_c(S_1, S_2, o_c)$ are the ones the spherical route uses."""
    o = sp.symbols("o1:5", real=True)
    mean = sum(o) / 4
    d.close(sp.expand(sum((x - mean) ** 2 for x in o) / 4), sp.expand(sum(x**2 for x in o) / 4 - mean**2),
            r"$\frac{1}{D}\sum_k(o_k - \mu)^2 = S_2/D - \mu^2$ (shown for $D = 4$)", method="expand")
    W = sp.Matrix(3, 2, sp.symbols("w1:7", real=True))
    h = sp.Matrix(sp.symbols("h1:3", real=True))
    out = W * h
    ones = sp.ones(3, 1)
    d.close((ones.T * out)[0], ((W.T * ones).T * h)[0], r"$\mathbf{1}^\top Wh = \bar w^\top h$", method="expand")
    d.close((out.T * out)[0], (h.T * (W.T * W) * h)[0], r"$\|Wh\|^2 = h^\top Q h$", method="expand")
    L1, L2, L3 = sp.symbols("L1:4", real=True)
    grad_o = L1 * ones + 2 * L2 * out + L3 * sp.Matrix([1, 0, 0])
    lhs = W.T * grad_o
    rhs = L1 * (W.T * ones) + 2 * L2 * (W.T * W) * h + L3 * W[0, :].T
    for j in range(2):
        d.close(lhs[j], rhs[j], rf"entry {j + 1}: $W^\top(L_1\mathbf{{1}} + 2L_2 o + L_3 e_c) = L_1\bar w + 2L_2 Qh + "
                r"L_3 W_c$", method="expand")
    s1, s2 = sp.symbols("S1 S2", real=True)
    z = (_oc - s1 / _D) / sp.sqrt(s2 / _D - s1**2 / _D**2)
    moments = {s1: _D * _mu, s2: _D * (_sigma**2 + _mu**2)}
    zc = (_oc - _mu) / _sigma
    d.close(sp.diff(z, s1).subs(moments), (-1 + zc * _mu / _sigma) / (_D * _sigma),
            r"$\partial z_c/\partial S_1 = (-1 + z_c\mu/\sigma)/(D\sigma)$", method="expand")
    d.close(sp.diff(z, s2).subs(moments), -zc / (2 * _D * _sigma**2),
            r"$\partial z_c/\partial S_2 = -z_c/(2D\sigma^2)$", method="expand")
    d.close(sp.diff(z, _oc).subs(moments), 1 / _sigma, r"$\partial z_c/\partial o_c = 1/\sigma$", method="expand")


@CS.COST.derivation("counts_and_their_ratio")
def _cost(d: Derivation) -> None:
    r"""The spherical count $d^2 + 6d$ ($d$ for $\bar w^\top h$, $d^2$ for $Qh$, $d$ for $h^\top(Qh)$, $d$ for
    $W_c^\top h$, $3d$ for the gradient) does not involve $D$; the direct count $2Dd + 4D$ ($Dd$ for $Wh$, $4D$ for
    the moments and $\partial L/\partial o$, $Dd$ for $W^\top\partial L/\partial o$) is linear in $D$, so the ratio
    divided by $D/d$ is $2(d + 2)/(d + 6)$, free of $D$ and tending to 2."""
    dim = sp.Symbol("d", positive=True)
    spherical = d.step("spherical multiply-adds", dim + dim**2 + dim + dim + 3 * dim, "the route, term by term")
    direct = d.step("direct multiply-adds", _D * dim + 4 * _D + _D * dim, "the route, term by term")
    d.close(spherical, dim**2 + 6 * dim, r"$d^2 + 6d$", method="expand")
    d.close(sp.diff(spherical, _D), 0, r"independent of $D$", method="expand")
    per = d.step(r"ratio over $D/d$", sp.cancel(direct / spherical / (_D / dim)), "cancel")
    d.close(per, 2 * (dim + 2) / (dim + 6), r"$= 2(d + 2)/(d + 6)$", method="simplify")
    d.close(sp.limit(per, dim, sp.oo), 2, r"$\to 2$ as $d \to \infty$: the ratio approaches $2D/d$", method="expand")


# -- Z5, Z8 ---------------------------------------------------------------------------------------------------


def _one_hot_score(d: Derivation, sign: int):
    """z_c of t1 ± εe_c with D = n + 1 classes (ε > 0), taking t = 0 by the shift invariance."""
    eps = sp.Symbol("epsilon", positive=True)
    target = sign * eps
    mean = target / (_n + 1)
    deviation = sp.factor(target - mean)
    var = sp.factor(sp.expand(target**2 / (_n + 1) - mean**2))
    return d.step(rf"$z_c$ of $t\mathbf{{1}} {'+' if sign > 0 else '-'} \varepsilon e_c$ ($D = n + 1$; $t = 0$ by the "
                  "shift invariance)", deviation / sp.sqrt(var), "definition")


@CR.SCORE_BOUND.derivation("cauchy_schwarz")
def _score_bound(d: Derivation) -> None:
    r"""With $\sum_k z_k = 0$ and $\sum_k z_k^2 = D$, the other scores sum to $-z_c$ and their squares to $D - z_c^2$;
    Cauchy–Schwarz (Lagrange's identity, equality iff they are equal) gives $D - z_c^2 \ge z_c^2/(D - 1)$, i.e.
    $z_c^2 \le D - 1$; at $o = e_c$, $z_c = \sqrt{D - 1}$."""
    x = sp.symbols("x1:4", real=True)
    d.close(sp.expand(3 * sum(v**2 for v in x) - sum(x) ** 2),
            sp.expand(sum((x[i] - x[j]) ** 2 for i in range(3) for j in range(i + 1, 3))),
            r"Lagrange: $m\sum x_i^2 - (\sum x_i)^2 = \sum_{i<j}(x_i - x_j)^2 \ge 0$ (shown for $m = 3$)",
            method="expand")
    d.close(sp.expand(_n * (_n + 1 - _t**2) - _t**2), sp.expand((_n + 1) * (_n - _t**2)),
            r"$(D - 1)(D - z_c^2) - z_c^2 = D(D - 1 - z_c^2)$ with $D = n + 1$: the bound $z_c^2 \le D - 1$",
            method="expand")
    d.close(_one_hot_score(d, 1), sp.sqrt(_n), r"$z_c = \sqrt{D - 1}$ at $o = t\mathbf{1} + \varepsilon e_c$",
            method="simplify")


@CR.LEAST.derivation("decreasing_in_the_score")
def _least(d: Derivation) -> None:
    r"""$L_Z$ is a strictly decreasing function of $z_c$, so its least value is at the largest $z_c$, $\sqrt{D - 1}$
    (zloss.score_bound), where it is $\frac{1}{a}\log(1 + e^{a(b - \sqrt{D - 1})}) > 0$."""
    loss = _softplus_over_a(_t)
    d.close(sp.together(sp.diff(loss, _t) + 1 / (1 + sp.exp(-_a * (_b - _t)))), 0,
            r"$\partial L_Z/\partial z_c = -1/(1 + e^{-a(b - z_c)})$", method="expand")
    d.close_true(sp.Lt(-1 / (1 + sp.exp(-_a * (_b - _t))), 0), r"$< 0$: strictly decreasing")
    d.close(loss.subs(_t, sp.sqrt(_n)), sp.log(1 + sp.exp(_a * (_b - sp.sqrt(_n)))) / _a,
            r"at $z_c = \sqrt{D - 1}$ ($n = D - 1$): the formula", method="expand")
    d.close_true(sp.Gt(1 + sp.exp(_x), 1), r"$1 + e^{x} > 1$: the logarithm, and $L_Z$, are positive")


@CR.DEGENERATE.derivation("two_paths")
def _degenerate(d: Derivation) -> None:
    r"""Along $t\mathbf{1} + \varepsilon e_c$, $z_c = \sqrt{D - 1}$ for every $\varepsilon > 0$; along
    $t\mathbf{1} - \varepsilon e_c$, $z_c = -\sqrt{D - 1}$; the softplus is strictly increasing, so the two constant
    values of $L_Z$ differ for $D \ge 2$."""
    d.close(_one_hot_score(d, 1), sp.sqrt(_n), r"$+$ path: $z_c = \sqrt{n}$, whatever $\varepsilon > 0$",
            method="simplify")
    d.close(_one_hot_score(d, -1), -sp.sqrt(_n), r"$-$ path: $z_c = -\sqrt{n}$", method="simplify")
    gap = _a * (_b + sp.sqrt(_n)) - _a * (_b - sp.sqrt(_n))
    d.close(gap, 2 * _a * sp.sqrt(_n), r"the arguments $a(b \pm \sqrt{n})$ of the softplus differ by $2a\sqrt{n}$",
            method="expand")
    d.close_true(sp.Gt(2 * _a * sp.sqrt(_n), 0), r"$2a\sqrt{n} > 0$ for $n = D - 1 > 0$: the increasing softplus gives "
                 "two different values")


# -- Z6, Z7 -----------------------------------------------------------------------------------------------------


def _score_partials():
    """∂z_c/∂(S₁, S₂, o_c) in terms of (μ, σ, o_c): z_c = (o_c − S₁/D)/√(S₂/D − S₁²/D²)."""
    s1, s2 = sp.symbols("S1 S2", real=True)
    z = (_oc - s1 / _D) / sp.sqrt(s2 / _D - s1**2 / _D**2)
    moments = {s1: _D * _mu, s2: _D * (_sigma**2 + _mu**2)}
    return [sp.diff(z, v).subs(moments) for v in (s1, s2, _oc)], moments


@CG.ORTHOGONAL.derivation("euler_through_the_statistics")
def _orthogonal(d: Derivation) -> None:
    r"""$z_c$ depends on $o$ through $(S_1, S_2, o_c)$: $\partial z_c/\partial o_k = z_1 + 2o_k z_2 + \delta_{kc}z_3$.
    Summed over $k$: $Dz_1 + 2S_1z_2 + z_3 = 0$; weighted by $o_k$: $S_1z_1 + 2S_2z_2 + o_cz_3 = 0$ (Euler). This
    gives the closed form $\partial z_c/\partial o_k = (\delta_{kc} - 1/D - z_cz_k/D)/\sigma$, and $\nabla L_Z$ is
    $\partial L_Z/\partial z_c$ times it."""
    (z1, z2, z3), _ = _score_partials()
    d.close(_D * z1 + 2 * _D * _mu * z2 + z3, 0, r"$\langle\nabla z_c, \mathbf{1}\rangle = Dz_1 + 2S_1z_2 + z_3 = 0$",
            method="expand")
    d.close(_D * _mu * z1 + 2 * _D * (_sigma**2 + _mu**2) * z2 + _oc * z3, 0,
            r"$\langle\nabla z_c, o\rangle = S_1z_1 + 2S_2z_2 + o_cz_3 = 0$", method="expand")
    ok = sp.Symbol("o_k", real=True)
    zc, zk = (_oc - _mu) / _sigma, (ok - _mu) / _sigma
    d.close(z1 + 2 * ok * z2, (-1 / _D - zc * zk / _D) / _sigma,
            r"$k \ne c$: $\partial z_c/\partial o_k = (-1/D - z_cz_k/D)/\sigma$", method="expand")
    d.close(z1 + 2 * _oc * z2 + z3, (1 - 1 / _D - zc * zc / _D) / _sigma,
            r"$k = c$: $\partial z_c/\partial o_c = (1 - 1/D - z_c^2/D)/\sigma$", method="expand")


@CG.BOUNDED.derivation("homogeneous_of_degree_minus_one", shows="negation")
def _unbounded(d: Derivation) -> None:
    r"""Scaling $o$ by $t > 0$ scales $\sigma$ by $t$ and leaves $z$ unchanged, so every entry of
    $\nabla L_Z = -\frac{s}{\sigma}(e_c - \frac{1}{D} - \frac{z_c}{D}z)$ scales by $1/t$. At $D = 3$,
    $o_0 = (0, 1, -1)$, $c = 0$, $a = 1$, $b = 0$: $z_c = 0$, $s = 1/2$, $\sigma = \sqrt{2/3}$ and
    $\|\nabla L_Z(t o_0)\| = 1/(2t)$, which exceeds every bound as $t \to 0$."""
    o = [sp.Integer(0), sp.Integer(1), sp.Integer(-1)]
    scaled = [_alpha * v for v in o]  # α plays t > 0
    mean = sum(scaled) / 3
    sigma = sp.sqrt(sp.expand(sum((v - mean) ** 2 for v in scaled) / 3))
    z = [(v - mean) / sigma for v in scaled]
    s = 1 / (1 + sp.exp(-(0 - z[0])))
    grad = [-(s / sigma) * ((1 if k == 0 else 0) - sp.Rational(1, 3) - z[0] * z[k] / 3) for k in range(3)]
    norm = d.step(r"$\|\nabla L_Z(t o_0)\|$", sp.sqrt(sum(g**2 for g in grad)), "the closed form at the witness")
    d.close(norm, 1 / (2 * _alpha), r"$= 1/(2t)$", method="expand")
    d.close_true(sp.Eq(sp.limit(1 / (2 * _alpha), _alpha, 0, "+"), sp.oo), r"$\to \infty$ as $t \to 0^+$")


@CG.GRADIENT_NORM.derivation("norm_of_the_closed_form")
def _gradient_norm(d: Derivation) -> None:
    r"""$\|e_c - \frac{1}{D}\mathbf{1} - \frac{z_c}{D}z\|^2 = 1 - \frac{2}{D} - \frac{2z_c^2}{D} + \frac{1}{D} +
    \frac{2z_c}{D^2}\sum_k z_k + \frac{z_c^2}{D^2}\sum_k z_k^2$, with $\sum_k z_k = 0$ and $\sum_k z_k^2 = D$:
    $(D - 1 - z_c^2)/D$; with $z_c = u\sqrt{D - 1}$ and the weight $s$, the formula."""
    zc, sum1, sum2 = sp.symbols("z_c Z_1 Z_2", real=True)
    expanded = d.step(r"$\|v\|^2$ expanded", 1 - 2 / _D - 2 * zc**2 / _D + 1 / _D + 2 * zc * sum1 / _D**2
                      + zc**2 * sum2 / _D**2, r"$\sum_k\delta_{kc} = 1$, $\sum_k\delta_{kc}z_k = z_c$")
    reduced = expanded.subs({sum1: 0, sum2: _D})
    d.close(reduced, (_D - 1 - zc**2) / _D, r"$\|v\|^2 = (D - 1 - z_c^2)/D$", method="expand")
    from .formulas import GRADIENT_NORM as FORMULA

    a, b, D_, u_ = (FORMULA.components[k][0] for k in ("a", "b", "D", "u"))
    d.close(D_ - 1 - (u_ * sp.sqrt(D_ - 1)) ** 2, (D_ - 1) * (1 - u_**2),
            r"at $z_c = u\sqrt{D - 1}$: $D - 1 - z_c^2 = (D - 1)(1 - u^2)$", method="expand")
    weight = 1 / (1 + sp.exp(-a * (b - u_ * sp.sqrt(D_ - 1))))
    d.close(FORMULA.expr, weight * sp.sqrt((D_ - 1) * (1 - u_**2) / D_),
            r"$\sigma\|\nabla L_Z\| = s\sqrt{(D - 1)(1 - u^2)/D}$: the formula", method="expand")


@CG.BINARY.derivation("two_classes")
def _binary(d: Derivation) -> None:
    r"""For $D = 2$, $(o_c - \mu)^2 = \sigma^2 = (o_0 - o_1)^2/4$, so $z_c^2 = 1$ and the other score is $-z_c$; the
    closed form then gives $\partial z_c/\partial o_c = (1 - \frac{1}{2} - \frac{z_c^2}{2})/\sigma = 0$ and
    $\partial z_c/\partial o_{c'} = (-\frac{1}{2} + \frac{z_c^2}{2})/\sigma = 0$."""
    o0, o1 = sp.symbols("o_0 o_1", real=True)
    mean = (o0 + o1) / 2
    var = sp.expand((o0**2 + o1**2) / 2 - mean**2)
    d.close(sp.expand((o0 - mean) ** 2), var, r"$(o_c - \mu)^2 = \sigma^2$: $z_c^2 = 1$", method="expand")
    zc = sp.Symbol("z_c", real=True)
    d.close((1 - sp.Rational(1, 2) - zc**2 / 2).subs(zc**2, 1), 0, r"$\partial z_c/\partial o_c = 0$", method="expand")
    d.close((-sp.Rational(1, 2) - zc * (-zc) / 2).subs(zc**2, 1), 0, r"$\partial z_c/\partial o_{c'} = 0$",
            method="expand")
