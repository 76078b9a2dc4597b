"""Sympy derivations of the softening_operators claims: O1 from the definition, the entropy derivative
(O3), the limits $T \\to 0$ and $T \\to \\infty$ at $p = (a, a, b, 0)$ (O4), A1, A4 and A5 of (M) for
$V = 3$ (O5), the stationarity of the KL projection (O7) and the top-k identity (O6)."""

from __future__ import annotations

import functools

import sympy as sp

from claimkit import Derivation

from . import claims as C

_beta, _T, _a, _b, _s, _c = sp.symbols("beta T a b s c", positive=True)
_z = sp.symbols("z1:4", real=True)
_p = sp.symbols("p1:4", positive=True)


@C.SOFTMAX_EQUIVALENCE.derivation("from_the_definition")
def _equivalence(d: Derivation) -> None:
    r"""$\log p_i = z_i + c - L$ with $L = \log \sum_j e^{z_j + c}$, so $p_i^{1/T} = e^{(z_i + c - L)/T}$; the common
    factor $e^{(c - L)/T}$ cancels in the normalisation."""
    L = sp.symbols("L", real=True)
    w = [sp.exp((x + _c - L) / _T) for x in _z]
    d.step(r"$p_1^{1/T}$ for $p = \operatorname{softmax}(z + c)$", w[0], "log p_i = z_i + c − L")
    lhs = w[0] * sum(sp.exp(x / _T) for x in _z)
    rhs = sp.exp(_z[0] / _T) * sum(w)
    d.step(r"cross-multiplied: $p_1^{1/T} \sum_j e^{z_j/T} - e^{z_1/T} \sum_j p_j^{1/T}$", lhs - rhs, "to vanish")
    d.close(sp.powsimp(sp.expand(lhs - rhs)), 0,
            r"$F_T(\operatorname{softmax}(z + c))_1 = \operatorname{softmax}(z/T)_1$", method="expand")


@C.POWER_RANKING.derivation("power_is_increasing")
def _ranking(d: Derivation) -> None:
    r"""$x \mapsto x^{\beta}$ is strictly increasing on $[0, \infty)$ for $\beta > 0$ and the normaliser is common."""
    x = sp.symbols("x", positive=True)
    d.step(r"$\frac{d}{dx} x^\beta$", sp.diff(x**_beta, x), "power rule")
    d.close_true(sp.diff(x**_beta, x) > 0, r"$\beta x^{\beta - 1} > 0$ for $x > 0$")
    d.close_true(sp.Gt(_s**_beta, 0), r"$0^\beta = 0 < s^\beta$ for $s > 0$: zeros stay below every positive entry")


@C.POWER_CONTINUITY.derivation("limit_at_zero")
def _continuity(d: Derivation) -> None:
    r"""Off the zeros $F_T$ is a composition of continuous maps; at a zero, $p_i^{1/T} \to 0 = 0^{1/T}$."""
    x = sp.symbols("x", positive=True)
    d.close(sp.limit(x ** (1 / _T), x, 0, "+"), 0, r"$\lim_{p_i \to 0^+} p_i^{1/T} = 0$ for every $T > 0$")


@C.POWER_IDENTITY.derivation("power_one")
def _identity(d: Derivation) -> None:
    r"""At $T = 1$: $p_i^1/\sum_j p_j = p_i$ on the simplex."""
    p3 = 1 - _p[0] - _p[1]
    w = [_p[0] ** sp.Integer(1), _p[1] ** sp.Integer(1), p3 ** sp.Integer(1)]
    d.close(w[0] / sum(w), _p[0], r"$F_1(p)_1 = p_1$ when $p_1 + p_2 + p_3 = 1$")


@C.ENTROPY_DERIVATIVE.derivation("differentiate_entropy")
def _entropy_derivative(d: Derivation) -> None:
    r"""$V = 3$ on the support, $\ell_i = \log p_i$: $q_i = e^{\beta\ell_i}/Z$, $H = \log Z - \beta\,E_q[\ell]$;
    differentiate and compare with $-\beta \operatorname{Var}_q(\ell)$."""
    ell = sp.symbols("l1:4", real=True)
    w = [sp.exp(_beta * x) for x in ell]
    Z = sum(w)
    q = [x / Z for x in w]
    mean = sum(qi * x for qi, x in zip(q, ell))
    H = d.step(r"$H(q_\beta) = \log Z - \beta \sum_i q_i \ell_i$", sp.log(Z) - _beta * mean, "log q_i = βℓ_i − log Z")
    var = sum(qi * (x - mean) ** 2 for qi, x in zip(q, ell))
    u = sp.symbols("u1:4", positive=True)
    total = (sp.diff(H, _beta) + _beta * var).subs({wi: ui for wi, ui in zip(w, u)})
    d.step(r"$\frac{dH}{d\beta} + \beta \operatorname{Var}$ with $u_i = e^{\beta \ell_i}$", total,
           "differentiate, then name the weights")
    d.close(sp.cancel(total), 0, r"$\frac{dH}{d\beta} + \beta \operatorname{Var}_{q_\beta}(\log p) = 0$",
            method="expand")


@C.ENTROPY_MONOTONE.derivation("chain_rule")
def _monotone(d: Derivation) -> None:
    r"""$dH/dT = (dH/d\beta)(d\beta/dT) = \beta^3 \operatorname{Var}_{q_\beta}(\log p) \ge 0$."""
    v = sp.symbols("v", nonnegative=True)
    dHdT = d.step(r"$\frac{dH}{dT} = -\beta v \cdot \frac{d\beta}{dT}$ with $\beta = 1/T$, $v = \operatorname{Var}$",
                  (-(1 / _T) * v) * sp.diff(1 / _T, _T), "chain rule")
    d.close(dHdT, v / _T**3, r"$\frac{dH}{dT} = v/T^3$", method="expand")
    d.close_true(sp.Ge(v / _T**3, 0), r"$v/T^3 \ge 0$")


@C.ENTROPY_STRICT.derivation("variance_zero")
def _strict(d: Derivation) -> None:
    r"""$v = \operatorname{Var}_{q_\beta}(\log p) = 0$ iff $\log p$ is constant on the support of $q_\beta$, which is
    the support of $p$; then $q_\beta$ is uniform on it for every $\beta$."""
    a, b = sp.symbols("a b", positive=True)
    q1 = sp.Rational(1, 2)  # any two-point law: equal weights after reweighting stay positive
    var = q1 * (1 - q1) * (sp.log(a) - sp.log(b)) ** 2
    d.step("two support points: Var = q(1 − q)(log a − log b)²", var, "variance of a two-point law")
    d.close(var.subs(b, a), 0, r"$\operatorname{Var} = 0$ when $p$ is uniform on its support ($a = b$)")
    d.close_true(sp.Gt(var.subs(a, 2 * b), 0), r"$\operatorname{Var} > 0$ when $a = 2b$ (not uniform)")


@functools.cache
def _limits_abb0(beta_to):
    ratio = 1 / (1 + _s)  # b/a = 1/(1 + s) < 1
    w = [1, 1, ratio**_beta, 0]
    return tuple(sp.limit(x / sum(w), _beta, beta_to) for x in w)


@C.LOW_LIMIT_TIES.derivation("limit_at_a_a_b_0")
def _low_ties(d: Derivation) -> None:
    r"""$p = (a, a, b, 0)$, $a > b > 0$, $b/a = 1/(1 + s)$: as $\beta = 1/T \to \infty$, $(b/a)^\beta \to 0$."""
    lim = _limits_abb0(sp.oo)
    d.step(r"$\lim_{T \to 0^+} F_T(a, a, b, 0)$", sp.Matrix(lim), "divide by a^β, limit β → ∞")
    d.close_true(sp.Eq(sp.Matrix(lim), sp.Matrix([sp.Rational(1, 2), sp.Rational(1, 2), 0, 0])),
                 r"the limit is $(1/2, 1/2, 0, 0)$, uniform on the maximisers")


@C.LOW_LIMIT.derivation("tie_splits_the_mass", shows="negation")
def _low_negation(d: Derivation) -> None:
    r"""At $p = (a, a, b, 0)$ the limit gives $1/2$ to each maximiser: no one-hot."""
    lim = _limits_abb0(sp.oo)
    d.step(r"$\lim_{T \to 0^+} F_T(p)_1$", lim[0], "limit β → ∞")
    d.close_true(sp.Ne(lim[0], 1), r"$\lim_{T \to 0^+} F_T(p)_1 \ne 1$: the limit is not one-hot")


@C.HIGH_LIMIT_SUPPORT.derivation("limit_at_a_a_b_0")
def _high_support(d: Derivation) -> None:
    r"""$p = (a, a, b, 0)$: as $\beta \to 0^+$, $(b/a)^\beta \to 1$ and $0^\beta = 0$."""
    lim = _limits_abb0(0)
    d.step(r"$\lim_{T \to \infty} F_T(a, a, b, 0)$", sp.Matrix(lim), "divide by a^β, limit β → 0⁺")
    d.close_true(sp.Eq(sp.Matrix(lim), sp.Matrix([sp.Rational(1, 3)] * 3 + [0])),
                 r"the limit is $(1/3, 1/3, 1/3, 0)$, uniform on the support")


@C.HIGH_LIMIT.derivation("zero_stays_zero", shows="negation")
def _high_negation(d: Derivation) -> None:
    r"""At $p = (a, a, b, 0)$ the zero entry has limit 0, not $1/4$."""
    lim = _limits_abb0(0)
    d.step(r"$\lim_{T \to \infty} F_T(p)_4$", lim[3], "limit β → 0⁺")
    d.close_true(sp.Ne(lim[3], sp.Rational(1, 4)), r"$\lim_{T \to \infty} F_T(p)_4 \ne 1/4$: not uniform on $V$")


@C.MIXTURE_AXIOMS.derivation("axioms_for_three_classes")
def _mixture(d: Derivation) -> None:
    r"""(M) for $V = 3$, $T > 1$: $G_i - G_j = (F_i - F_j)/T$ (A1), $G_1 = F_1$ (A4), $G \to u$ as
    $T \to \infty$ (A5)."""
    Z = sum(x ** (1 / _T) for x in _p)
    Fv = [x ** (1 / _T) / Z for x in _p]
    lam = 1 - 1 / _T
    G = [(1 - lam) * f + lam / 3 for f in Fv]
    d.close(sp.expand(G[0] - G[1]), sp.expand((Fv[0] - Fv[1]) / _T), r"A1: $G_1 - G_2 = (F_1 - F_2)/T$ for $T > 1$",
            method="expand")
    d.close(sp.limit(G[0].subs(_T, 1 / _beta), _beta, 0, "+"), sp.Rational(1, 3),
            r"A5: $\lim_{T \to \infty} G_T(p)_1 = 1/3$", method="expand")
    p3 = 1 - _p[0] - _p[1]
    F1 = [x / (_p[0] + _p[1] + p3) for x in (_p[0], _p[1], p3)]
    d.close(F1[0], _p[0], r"A4: $\lambda(1) = 0$ and $F_1 = \mathrm{id}$, so $G_1(p) = p$", method="expand")
    d.open("A3 for T > 1 (entropy of the mixture non-decreasing) rests on Chebyshev's sum inequality for co-monotone "
           "functions, which sympy does not prove; A3 is checked numerically at 40 digits")


@C.FULL_STUDENT.derivation("stationary_point")
def _projection(d: Derivation) -> None:
    r"""Lagrangian $\sum_i t_i \log(t_i/q_i) + \mu(\sum_i q_i - 1)$: stationary at $q = t$ with $\mu = 1$; the
    Hessian $\operatorname{diag}(t_i/q_i^2)$ is positive definite, so it is the minimum."""
    t = sp.symbols("t1:4", positive=True)
    q = sp.symbols("q1:4", positive=True)
    mu = sp.symbols("mu", real=True)
    lag = sum(ti * sp.log(ti / qi) for ti, qi in zip(t, q)) + mu * (sum(q) - 1)
    grads = [sp.diff(lag, qi).subs({**dict(zip(q, t)), mu: 1}) for qi in q]
    d.close_true(sp.Eq(sp.Matrix(grads), sp.zeros(3, 1)),
                 r"$\partial/\partial q_i = -t_i/q_i + \mu = 0$ at $q = t$, $\mu = 1$")
    d.close_true(sp.And(*[sp.diff(lag, qi, 2) > 0 for qi in q]), r"$\partial^2/\partial q_i^2 = t_i/q_i^2 > 0$")


@C.TOPK.derivation("normaliser_cancels")
def _topk(d: Derivation) -> None:
    r"""$V = 3$, $k = 2$, $p_1 \ge p_2 \ge p_3$: truncating $F_T(p)$ and renormalising gives
    $p_1^{1/T}/(p_1^{1/T} + p_2^{1/T})$, which is $F_T$ of the truncated, renormalised $p$."""
    Z = sum(x ** (1 / _T) for x in _p)
    Fv = [x ** (1 / _T) / Z for x in _p]
    lhs = Fv[0] / (Fv[0] + Fv[1])
    r = _p[0] + _p[1]
    rhs = (_p[0] / r) ** (1 / _T) / ((_p[0] / r) ** (1 / _T) + (_p[1] / r) ** (1 / _T))
    d.close(sp.cancel(sp.powdenest(sp.expand_power_base(lhs, force=True), force=True)),
            sp.cancel(sp.powdenest(sp.expand_power_base(rhs, force=True), force=True)),
            r"$\operatorname{top}_2(F_T(p))_1 = F_T(\operatorname{top}_2(p))_1$", method="expand")
