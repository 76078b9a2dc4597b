"""Sympy derivations of the ce_h_consistency claims: each closes only if sympy reduces it to an identity."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    BOUNDED,
    BOUNDED_EXACT,
    CE_BOUND,
    GCE_MAE_BOUND,
    LIBRARY,
    N_DEPENDENCE,
    POWER_BOUND,
    SQRT_GROWTH,
    SUM_EXP_BOUND,
    TIGHT,
    TIGHT_WHERE,
)

t, u = sp.symbols("t u", positive=True)
k = sp.Symbol("k", positive=True)


def _t1(x):
    return (1 + x) / 2 * sp.log(1 + x) + (1 - x) / 2 * sp.log(1 - x)


@CE_BOUND.derivation("two_class_reduction")
def _ce_bound(d: Derivation) -> None:
    r"""The full regret is at least the regret of re-splitting the mass $m = s_{\max} + s_h$ between the two classes
    only; with $s_h \ge s_{\max}$ it is least at the equal split, where it is $P\,T_1(t/P)$, $P = p_{\max} + p_h$.
    $P\,T_1(t/P)$ decreases in $P$, so the worst case is $P = 1$: $T_1(t)$."""
    P = sp.Symbol("P", positive=True)
    a, b = (1 + u) / 2, (1 - u) / 2
    split = d.step(r"two-class regret at the equal split, $P = 1$",
                   a * sp.log(a / sp.Rational(1, 2)) + b * sp.log(b / sp.Rational(1, 2)),
                   r"$\mathrm{KL}((\frac{1+u}{2}, \frac{1-u}{2}) \,\|\, (\frac12, \frac12))$")
    d.close(sp.expand_log(split - _t1(u), force=True), 0, r"it is $T_1(u)$", method="expand")
    slope = d.step(r"$\frac{d}{dP}\,[P\,T_1(t/P)]$ at $u = t/P$",
                   sp.diff(P * _t1(t / P), P).subs(t, u * P), "the perspective's derivative")
    d.close(sp.expand(sp.expand_log(sp.cancel(slope), force=True)), (sp.log(1 - u) + sp.log(1 + u)) / 2,
            r"it is $\frac12\log(1-u) + \frac12\log(1+u) = \frac12\log(1-u^2)$", method="expand")
    d.close_true(sp.log(1 / (1 + k)) < 0, r"$\log(1 - u^2) < 0$ on $(0, 1)$ (write $1 - u^2 = 1/(1+k)$, $k > 0$)")


@SUM_EXP_BOUND.derivation("power_mean_at_zero")
def _sum_exp(d: Derivation) -> None:
    r"""At $\tau = 0$, $M(t) = ((\sqrt{1+t} + \sqrt{1-t})/2)^2$ and $2(1 - M(t)) = 1 - \sqrt{1-t^2}$; the general
    $\tau < 1$ reduction (as for cross-entropy) gives the transform $2^{1-\tau}(1 - M)/(1 - \tau)$."""
    a, b = sp.symbols("a b", positive=True)  # a = √(1+t), b = √(1−t): a² + b² = 2, ab = √(1−t²)
    M = d.step(r"$M(t)$ with $a = \sqrt{1+t}$, $b = \sqrt{1-t}$", ((a + b) / 2) ** 2, r"$r = 1/2$, outer power $2$")
    transform = d.step(r"$2^{1-\tau}(1 - M)/(1 - \tau)$ at $\tau = 0$", sp.expand(2 * (1 - M)), "")
    d.close(transform + (a**2 + b**2 - 2) / 2, 1 - a * b,
            r"adding $(a^2 + b^2 - 2)/2 = 0$: $1 - ab = 1 - \sqrt{1-t^2}$")


@POWER_BOUND.derivation("two_class_reduction")
def _power(d: Derivation) -> None:
    r"""The reduction of the cross-entropy case applies; its last step needs $1 - M(u)$ convex in $u$ for each
    $\tau \in (0, 1)$."""
    d.open("the convexity of 1 − M(u) for a symbolic τ in (0, 1) is not decided by sympy")


@GCE_MAE_BOUND.derivation("two_class_reduction")
def _gce(d: Derivation) -> None:
    r"""The restricted regret is homogeneous of degree $\tau - 1$ in $(s_{\max}, s_h)$ and $s_h \ge 1/n$, whence
    the factor $n^{1-\tau}$; the last step needs $M(u) - 1$ convex in $u$."""
    d.open("the convexity of M(u) − 1 for a symbolic τ in (1, 2) is not decided by sympy")


@N_DEPENDENCE.derivation("mae_witness")
def _n_dep(d: Derivation) -> None:
    r"""MAE, $n = 3$, $t = 1/5$: $p = (2/5, 1/5, 2/5)$ and $s$ uniform give regret $1/15 < T^{(2)}_2(1/5) = 1/10$."""
    p = [sp.Rational(2, 5), sp.Rational(1, 5), sp.Rational(2, 5)]
    regret = d.step("regret at s uniform", max(p) - sum(p) / 3,
                    r"$\max p - \sum_y p_y s_y$, $\mathcal{C}^* = 1 - \max p$")
    d.close_true(regret < sp.Rational(1, 5) / 2, r"below the $n = 2$ transform $t/2$")


@TIGHT.derivation("mae_vertices", shows="negation")
def _tight(d: Derivation) -> None:
    r"""MAE, $n = 3$, $t = 3/5$: the regret is concave in $p$; at the two vertices $p = (4/5, 1/5, 0)$ and
    $(3/5, 0, 2/5)$ it is $3/10$ and $4/15$, both above $T_2(3/5) = 1/5$."""
    def regret(p):
        others = sorted((p[0], p[2]), reverse=True)
        return max(p) - max((p[1] + sum(others[:j])) / (j + 1) for j in range(3))

    first = d.step("regret at (4/5, 1/5, 0)", regret((sp.Rational(4, 5), sp.Rational(1, 5), 0)), "")
    second = d.step("regret at (3/5, 0, 2/5)", regret((sp.Rational(3, 5), 0, sp.Rational(2, 5))), "")
    d.close_true(sp.Min(first, second) > sp.Rational(1, 5), r"the infimum $4/15$ exceeds $T_2(3/5) = 1/5$")


@TIGHT_WHERE.derivation("equal_split")
def _tight_where(d: Derivation) -> None:
    r"""At $n = 2$, $s = (1/2, 1/2)$, $p = ((1+t)/2, (1-t)/2)$: the regret is $T_1(t)$ for cross-entropy."""
    regret = d.step("cross-entropy regret at the tie", sp.log(2) + (1 + t) / 2 * sp.log((1 + t) / 2)
                    + (1 - t) / 2 * sp.log((1 - t) / 2), r"$\log 2 - H(p)$")
    d.close(sp.expand_log(regret - _t1(t), force=True), 0, r"$= T_1(t)$", method="expand")
    d.open("the same identity for a symbolic τ involves the power mean, which sympy does not reduce")


@SQRT_GROWTH.derivation("second_derivative")
def _growth(d: Derivation) -> None:
    r"""$T_1(0) = T_1'(0) = 0$ and $T_1'' = 1/(1 - t^2) \ge 1$, so $T_1(t) \ge t^2/2$ and $\Gamma_1(\varepsilon) \le
    \sqrt{2\varepsilon}$; $T_1(t)/(t^2/2) \to 1$ gives the limit."""
    second = d.step(r"$T_1''(t)$", sp.diff(_t1(t), t, 2), "")
    d.close(sp.together(second), 1 / (1 - t**2), r"$T_1'' = 1/(1 - t^2)$")
    d.close(sp.together(1 / (1 - t**2) - 1), t**2 / (1 - t**2), r"$T_1'' - 1 = t^2/(1 - t^2) \ge 0$ on $[0, 1)$")
    d.close(_t1(sp.Integer(0)) + sp.diff(_t1(t), t).subs(t, 0), 0, r"$T_1(0) = T_1'(0) = 0$")
    s = sp.Symbol("s", positive=True)
    inner = sp.series(1 / (1 - s**2), s, 0, 4).removeO()
    series = d.step(r"$\int_0^t\int_0^r T_1''(s)\,ds\,dr$ up to $t^4$",
                    sp.integrate(sp.integrate(inner, (s, 0, u)), (u, 0, t)), r"$T_1'' = 1 + s^2 + O(s^4)$")
    d.close(series, t**2 / 2 + t**4 / 12, r"$T_1(t) = t^2/2 + t^4/12 + O(t^6)$", method="expand")
    d.close(sp.limit(sp.expand(series / (t**2 / 2)), t, 0), 1,
            r"$T_1(t)/(t^2/2) = 1 + t^2/6 + O(t^4) \to 1$, so $\Gamma_1(\varepsilon)/\sqrt{2\varepsilon} \to 1$")


def _bounded_cost(x, tt):
    return (1 + tt) / 2 * sp.log(1 + sp.exp(-x)) + (1 - tt) / 2 * sp.log(1 + sp.exp(x))


@BOUNDED.derivation("small_lambda", shows="negation")
def _bounded(d: Derivation) -> None:
    r"""$t = 1/2$, $\Lambda = 1/10$: the best-in-class regret at $h = 0$ is $\log 2 - C(1/5) < T_1(1/2)$."""
    half = sp.Rational(1, 2)
    regret = d.step("best-in-class regret", sp.log(2) - _bounded_cost(sp.Rational(1, 5), half),
                    r"$C(0) - C(2\Lambda)$, $2\Lambda < d^* = \log 3$")
    d.close_true(regret < _t1(half), r"below $T_1(1/2)$")


@BOUNDED_EXACT.derivation("convex_in_the_gap")
def _bounded_exact(d: Derivation) -> None:
    r"""$C$ is convex in the score gap $d$ with its zero of $C'$ at $d^* = \log\frac{1+t}{1-t} > 0$: the best in
    class is $\min(d^*, 2\Lambda)$ and the best with $\operatorname{argmax}$ on the less likely class is
    the tie $d = 0$."""
    x = sp.Symbol("d", real=True)
    tt = sp.Symbol("t", positive=True)
    cost = _bounded_cost(x, tt)
    first = d.step(r"$C'(d)$", sp.diff(cost, x), "")
    at_root = sp.cancel(sp.together(first.subs(x, sp.log((1 + tt) / (1 - tt)))))
    d.close(at_root, 0, r"$C'(d^*) = 0$", method="expand")
    second = d.step(r"$C''(d)$", sp.diff(cost, x, 2), "")
    e = sp.Symbol("E", positive=True)  # E = e^d
    d.close(sp.cancel(sp.together(second.subs(sp.exp(-x), 1 / e).subs(sp.exp(x), e))), sp.cancel(e / (1 + e) ** 2),
            r"$C'' = e^d/(1+e^d)^2 > 0$", method="expand")


@LIBRARY.derivation("lagrange_minimiser")
def _library(d: Derivation) -> None:
    r"""$\Phi_\tau(1/s - 1) = (s^{\tau-1} - 1)/(1 - \tau)$, and the stationarity of $\sum_y p_y \Phi_\tau(1/s_y - 1)
    + \lambda \sum_y s_y$ gives $p_y s_y^{\tau-2} = \lambda$, i.e. $s_y \propto p_y^{1/(2-\tau)}$."""
    s, tau, lmb, p = sp.symbols("s tau lambda p", positive=True)
    phi = ((1 + (1 / s - 1)) ** (1 - tau) - 1) / (1 - tau)
    d.close(sp.powsimp(phi, force=True), (s ** (tau - 1) - 1) / (1 - tau), r"$\Phi_\tau(1/s - 1)$")
    grad = d.step(r"$\partial_s\,[p\,(s^{\tau-1} - 1)/(1 - \tau)]$",
                  sp.diff(p * (s ** (tau - 1) - 1) / (1 - tau), s), "")
    d.close(sp.simplify(grad + p * s ** (tau - 2)), 0, r"$= -p\,s^{\tau-2}$")
    root = (p / lmb) ** (1 / (2 - tau))
    combined = sp.powdenest(p * root ** (tau - 2), force=True)
    combined = combined.replace(lambda x: x.is_Pow, lambda x: sp.Pow(x.base, sp.cancel(x.exp)))
    d.close(combined, lmb,
            r"$s = (p/\lambda)^{1/(2-\tau)}$ solves $p\,s^{\tau-2} = \lambda$")
