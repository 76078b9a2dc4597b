"""The sympy derivations of the scale-invariance family (Heo et al., "AdamP", arXiv 2006.08217).

S1–S4 (§2): Euler's identity at degree 0, gradient and Hessian scaling, the GD norm recursion, the
effective step size and the ‖w_t‖⁴ bound, all for the general scale-invariant f(w) = g(w/‖w‖).
S5–S6 (§2): the momentum recursion and the two growth factors, and the symbolic witness that the
circulated factor is not the one for orthogonal gradients. S7–S8 (§3): the projected step keeps the
tangent part, and the norm identity with decoupled weight decay. S9 (§2): a two-coordinate witness
that Adam's first step can shrink the norm.

Identities between rational expressions close by a targeted rewrite of their difference (sympy's cancel
over one denominator, expand, factor_terms) rather than simplify; the derivatives of the general g (or h)
at the point are written as symbols (g_i, h', h''), and ‖w‖² as the shorthand N where that keeps the steps
readable, each written out before sympy closes the step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy as sp

from claimkit import Derivation, Formula

from .claims import (
    ADAM_MONOTONE,
    EFFECTIVE_STEP,
    GD_NORM_GROWTH,
    GRADIENT_SCALING,
    GROWTH_CIRCULATED,
    GROWTH_EQUAL,
    GROWTH_ORTHO,
    HESSIAN_RADIAL,
    HESSIAN_SCALING,
    MOMENTUM_INNER,
    MOMENTUM_NORM,
    NORM4_BOUND,
    ORTHOGONALITY,
    SGDP_DIRECTION,
    SGDP_NORM,
)
from .formulas import GROWTH_FACTOR_EQUAL_UPDATES, GROWTH_FACTOR_ORTHOGONAL

# -- S1–S4 -----------------------------------------------------------------------------------------

_x, _y, _z = sp.symbols("x y z", real=True)
_c = sp.symbols("c", positive=True)
_g = sp.Function("g")


def _generic(dim: int) -> tuple[list[sp.Symbol], sp.Expr]:
    """f(w) = g(w/‖w‖), the general scale-invariant function of ``dim`` variables."""
    xs = [_x, _y, _z][:dim]
    r = sp.sqrt(sum(v**2 for v in xs))
    return xs, _g(*[v / r for v in xs])


def _scaled(expr: sp.Expr, xs: list[sp.Symbol]) -> sp.Expr:
    """``expr`` at c w, with ‖c w‖² = c² ‖w‖² written out (c > 0), so that sympy pulls c out of every root."""
    scaled = expr.xreplace({v: _c * v for v in xs})
    return scaled.xreplace({sp.Add(*[(_c * v) ** 2 for v in xs]): _c**2 * sp.Add(*[v**2 for v in xs])})


def _close_rational(d: Derivation, lhs: sp.Expr, rhs: sp.Expr, label: str,
                    rewrite: Callable[[sp.Expr], sp.Expr] = sp.cancel, how: str = "sympy's cancel",
                    where: Mapping[sp.Symbol, sp.Expr] | None = None) -> bool:
    """Close lhs = rhs by a targeted rewrite of lhs − rhs (default: sympy's ``cancel``, for an identity between
    rational functions of the symbols, of roots of sums of squares and of g's derivatives, put over one
    denominator), after writing out the shorthands ``where`` (N = ‖w‖², say); what is left must expand to 0."""
    d.step(label, sp.Eq(lhs, rhs, evaluate=False), rule=f"identity, closed below by {how}")
    difference = (lhs - rhs).xreplace(where) if where else lhs - rhs
    written_out = f" with {', '.join(f'${sp.latex(k)} = {sp.latex(v)}$' for k, v in where.items())}" if where else ""
    return d.close(rewrite(difference), 0, f"the difference{written_out}, after {how}", method="expand")


def _factors_out_of_sums(expr: sp.Expr) -> sp.Expr:
    """sympy's expand (β^{t−k} = β^t β^{−k}), then factor_terms (factors free of k leave the sums)."""
    return sp.factor_terms(sp.expand(expr))


def _named_derivatives(*exprs: sp.Expr) -> dict[sp.Expr, sp.Symbol]:
    """Each derivative of g (or h) in ``exprs``, at its point, as a symbol: g_i for ∂g/∂u_i at u = w/‖w‖, h' and
    h'' for h's at the angle θ. The symbols stand for numbers that depend on the point only; an expression at
    c w maps to the same symbols only where its point has been rewritten to the point at w."""
    names: dict[sp.Expr, sp.Symbol] = {}
    for expr in exprs:
        for sub in sorted(expr.atoms(sp.Subs), key=sp.default_sort_key):
            (variable, order), = sub.expr.variable_count
            inner = sub.expr.expr
            if len(inner.args) > 1:
                names[sub] = sp.Symbol(f"{inner.func}_{inner.args.index(variable) + 1}")
            else:
                names[sub] = sp.Symbol(f"{inner.func}" + "'" * order)
    return names


@ORTHOGONALITY.derivation("euler_degree_zero")
def _orthogonality(d: Derivation) -> None:
    r"""Differentiate $f(w) = g(w/\|w\|)$ in three variables and contract with $w$."""
    xs, f = _generic(3)
    d.step("general scale-invariant function", sp.Eq(sp.Function("f")(*xs), f), "f(w) = g(w/‖w‖)")
    grad = [f.diff(v) for v in xs]
    names = _named_derivatives(*grad)
    grad = d.step(r"$\nabla f(w)$, with $g_i = \partial g/\partial u_i$ at $u = w/\|w\|$",
                  sp.Matrix([gv.xreplace(names) for gv in grad]), "chain rule")
    _close_rational(d, sum(v * gv for v, gv in zip(xs, grad)), 0, r"$w \cdot \nabla f(w) = 0$")


@GRADIENT_SCALING.derivation("chain_rule")
def _gradient_scaling(d: Derivation) -> None:
    r"""$\nabla f$ evaluated at $cw$ against $\nabla f(w)/c$, for the general $f$ and $c > 0$."""
    xs, f = _generic(3)
    d.step("$f(cw) - f(w) = 0$ for $c > 0$", _scaled(f, xs) - f, "‖c w‖ = c‖w‖ for c > 0")
    grad = [f.diff(v) for v in xs]
    names = _named_derivatives(*grad)
    d.step(r"$\nabla f(w)$, with $g_i = \partial g/\partial u_i$ at $u = w/\|w\|$",
           sp.Matrix([gv.xreplace(names) for gv in grad]), "chain rule")
    for v, gv in zip(xs, grad):
        d.close(_scaled(gv, xs).xreplace(names), gv.xreplace(names) / _c,
                f"$\\partial f/\\partial {v}$ at $cw$ equals $(\\partial f/\\partial {v})(w)/c$", method="expand")


@HESSIAN_SCALING.derivation("chain_rule_twice")
def _hessian_scaling(d: Derivation) -> None:
    r"""In two variables every scale-invariant $f$ is $h(\theta)$, $\theta = \operatorname{atan2}(y, x)$; its
    second derivatives at $cw$, times $c^2$, against those at $w$."""
    h = sp.Function("h")
    xs = [_x, _y]
    theta = sp.atan2(_y, _x)
    f = d.step("general scale-invariant function of two variables", h(theta), "f depends on the angle only")
    d.step(r"the angle of $cw$ is the angle of $w$ for $c > 0$", sp.Eq(sp.atan2(_c * _y, _c * _x), theta),
           "scale invariance, c > 0")
    hessian = [[gi.diff(v) for v in xs] for gi in (f.diff(v) for v in xs)]
    names = _named_derivatives(*[hij for row in hessian for hij in row])
    d.step(r"$\nabla^2 f(w)$, with $h'$, $h''$ at $\theta$", sp.Matrix(hessian).xreplace(names), "chain rule")
    for i, row in enumerate(hessian):
        for j, hij in enumerate(row):
            at_cw = _scaled(hij, xs).subs(sp.atan2(_c * _y, _c * _x), theta)
            _close_rational(d, _c**2 * at_cw.xreplace(names), hij.xreplace(names),
                            f"$c^2 H_{{{i}{j}}}(cw) = H_{{{i}{j}}}(w)$")


@HESSIAN_RADIAL.derivation("differentiate_euler")
def _hessian_radial(d: Derivation) -> None:
    r"""In two variables every scale-invariant $f$ is $h(\theta)$, $\theta = \operatorname{atan2}(y, x)$;
    compute $\nabla^2 f(w)\,w + \nabla f(w)$."""
    h = sp.Function("h")
    xs = [_x, _y]
    f = d.step("general scale-invariant function of two variables", h(sp.atan2(_y, _x)),
               "f depends on the angle only")
    grad = [f.diff(v) for v in xs]
    hw = [sum(gi.diff(v) * v for v in xs) for gi in grad]
    names = _named_derivatives(*hw, *grad)
    for i, (hwi, gi) in enumerate(zip(hw, grad)):
        _close_rational(d, hwi.xreplace(names), -gi.xreplace(names),
                        f"$(\\nabla^2 f(w)\\,w)_{i} = -(\\nabla f(w))_{i}$, with $h'$, $h''$ at $\\theta$")


@GD_NORM_GROWTH.derivation("expand_the_square")
def _gd_norm(d: Derivation) -> None:
    r"""Expand $\|w - \eta g\|^2$ and use $w \cdot g = 0$ (S1) to remove the cross term."""
    w = sp.symbols("w1:4", real=True)
    g = list(sp.symbols("g1:4", real=True))
    eta = sp.symbols("eta", positive=True)
    g[2] = d.step(r"orthogonality $w \cdot g = 0$ solved for $g_3$", -(w[0] * g[0] + w[1] * g[1]) / w[2], "S1")
    nxt = sum((wi - eta * gi) ** 2 for wi, gi in zip(w, g))
    _close_rational(d, nxt, sum(wi**2 for wi in w) + eta**2 * sum(gi**2 for gi in g),
                    r"$\|w - \eta g\|^2 = \|w\|^2 + \eta^2 \|g\|^2$")


@EFFECTIVE_STEP.derivation("rescale_to_the_sphere")
def _effective(d: Derivation) -> None:
    r"""$w - \eta \nabla f(w) = \|w\|\left(u - \frac{\eta}{\|w\|^2} \nabla f(u)\right)$ with $u = w/\|w\|$, for
    the general $f$ in two variables."""
    xs, f = _generic(2)
    r = sp.sqrt(sum(v**2 for v in xs))
    eta = sp.symbols("eta", positive=True)
    grad = [f.diff(v) for v in xs]
    unit_sq = sp.Add(*[(v / r) ** 2 for v in xs])
    _close_rational(d, unit_sq, 1, r"$\|u\|^2 = 1$ for $u = w/\|w\|$, used to simplify $\nabla f(u)$")
    names = _named_derivatives(*grad)
    d.step(r"$\nabla f(w)$, with $g_i = \partial g/\partial u_i$ at $u = w/\|w\|$",
           sp.Matrix([gv.xreplace(names) for gv in grad]), "chain rule")
    grad_at_u = [gv.subs({v: v / r for v in xs}, simultaneous=True).xreplace({unit_sq: 1}).xreplace(names)
                 for gv in grad]
    for v, gv, gu in zip(xs, grad, grad_at_u):
        d.close(v - eta * gv.xreplace(names), r * (v / r - eta / r**2 * gu), f"component ${v}$ of the GD step",
                method="expand")


@NORM4_BOUND.derivation("square_the_recursion")
def _norm4(d: Derivation) -> None:
    r"""$x = \|w\|^2$: $x' = x + \eta^2 G^2/x$ (S2, S3), so
    $x'^2 = x^2 + 2\eta^2 G^2 + \eta^4 G^4/x^2 \ge x^2 + 2\eta^2 G^2$."""
    x, eta, G, t, k = sp.symbols("x eta G t k", positive=True)
    nxt = d.step(r"$x_{t+1} = x_t + \eta^2 \|\nabla f(w_t)\|^2$, $\|\nabla f(w_t)\| = G/\|w_t\|$",
                 x + eta**2 * G**2 / x, "S2 and S3")
    d.close(sp.expand(nxt**2), x**2 + 2 * eta**2 * G**2 + eta**4 * G**4 / x**2, "$x_{t+1}^2$ expanded")
    d.close_true(sp.StrictGreaterThan(eta**4 * G**4 / x**2, 0), r"the remainder $\eta^4 G^4/x^2$ is positive")
    total = sp.summation(2 * eta**2 * G**2, (k, 0, t - 1))
    d.close(total, 2 * eta**2 * G**2 * t, r"telescoping $t$ one-step inequalities adds $2\eta^2 G^2 t$")


# -- S5 --------------------------------------------------------------------------------------------


@MOMENTUM_INNER.derivation("recursion_and_unrolling")
def _momentum_inner(d: Derivation) -> None:
    r"""$a_t = \langle w_t, p_t \rangle$ obeys $a_{t+1} = \beta(a_t - \eta \|p_t\|^2)$, $a_0 = 0$; the closed form
    solves it."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    p = sp.Matrix(sp.symbols("p1:4", real=True))
    g = sp.Matrix(sp.symbols("g1:4", real=True))
    eta, beta = sp.symbols("eta beta", positive=True)
    w_next = w - eta * p
    # g_{t+1} ⊥ w_{t+1}: the orthogonality, linear in g_{t+1}, solved for its third component
    g3 = -(w_next[0] * g[0] + w_next[1] * g[1]) / w_next[2]
    g_next = sp.Matrix([g[0], g[1], g3])
    d.step(r"$g_{t+1} \perp w_{t+1} = w_t - \eta p_t$, solved for one component", sp.Eq(sp.Symbol("g3"), g3), "S1")
    _close_rational(d, w_next.dot(g_next), 0, r"$w_{t+1} \cdot g_{t+1} = 0$")
    a_next = w_next.dot(beta * p + g_next)
    _close_rational(d, a_next, beta * (w.dot(p) - eta * p.dot(p)),
                    r"$a_{t+1} = \beta(a_t - \eta \|p_t\|^2)$")
    t, k = sp.symbols("t k", integer=True, nonnegative=True)
    P = sp.Function("P")
    closed = lambda T: -eta * sp.Sum(beta ** (T - k) * P(k), (k, 0, T - 1))  # noqa: E731
    pulled = lambda T: -eta * beta**T * sp.Sum(beta ** (-k) * P(k), (k, 0, T - 1))  # noqa: E731
    _close_rational(d, closed(t), pulled(t), r"$\beta^t$ does not depend on $k$: taken out of the sum",
                    rewrite=_factors_out_of_sums, how="sympy's expand, then factor_terms")
    peeled = -eta * beta ** (t + 1) * (sp.Sum(beta ** (-k) * P(k), (k, 0, t - 1)) + beta ** (-t) * P(t))
    d.step("closed form at $t + 1$ with the $k = t$ term split off", sp.Eq(pulled(t + 1), peeled),
           "split the last term of the sum")
    d.close(peeled, beta * (pulled(t) - eta * P(t)), "the closed form satisfies the recursion", method="expand")
    Ps = sp.symbols("P0:7", nonnegative=True)
    a = sp.Integer(0)
    for T in range(6):
        d.close(a, -eta * sum(beta ** (T - j) * Ps[j] for j in range(T)), f"unrolled at $t = {T}$", method="expand")
        a = beta * (a - eta * Ps[T])
    d.close_true(sp.Le(-eta * sum(beta ** (5 - j) * Ps[j] for j in range(5)), 0),
                 r"every term is $\le 0$ ($\eta, \beta \ge 0$, $\|p_k\|^2 \ge 0$), so $\langle w_t, p_t \rangle \le 0$")


@MOMENTUM_NORM.derivation("expand_and_substitute")
def _momentum_norm(d: Derivation) -> None:
    r"""$\|w_t - \eta p_t\|^2 = \|w_t\|^2 - 2\eta a_t + \eta^2 \|p_t\|^2$, then $a_t$ from the recursion
    (scale_invariance.momentum_radial_inner)."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    p = sp.Matrix(sp.symbols("p1:4", real=True))
    eta, beta = sp.symbols("eta beta", positive=True)
    d.close((w - eta * p).dot(w - eta * p), w.dot(w) - 2 * eta * w.dot(p) + eta**2 * p.dot(p),
            "expand the square", method="expand")
    Ps = sp.symbols("P0:7", nonnegative=True)
    W0 = sp.Symbol("N0", positive=True)
    a, N = sp.Integer(0), W0
    for T in range(6):
        N = N - 2 * eta * a + eta**2 * Ps[T]  # ‖w_{T+1}‖² from ‖w_T‖², a_T, ‖p_T‖²
        N_claim = W0 + sum(eta**2 * Ps[j] + 2 * eta**2 * sum(beta ** (j - k) * Ps[k] for k in range(j))
                           for j in range(T + 1))
        d.close(N, N_claim, f"$\\|w_{T + 1}\\|^2$ summed from S5 at steps 0 to {T}", method="expand")
        a = beta * (a - eta * Ps[T])


# -- S6 --------------------------------------------------------------------------------------------


def _factor_at(formula: Formula, r: sp.Expr, beta: sp.Symbol) -> sp.Expr:
    """The declared S6 factor with β^t written as ``r`` and β as the positive symbol ``beta``."""
    b, t = formula.symbols
    return formula.expr.xreplace({b**t: r}).xreplace({b: beta})


@GROWTH_EQUAL.derivation("geometric_sum_by_induction")
def _growth_equal(d: Derivation) -> None:
    r"""$e_t = 1 + 2A_t$ with $A_{t+1} = \beta(A_t + 1)$ (S5 with $\|p_k\| = P$); the declared closed form
    by induction; limit."""
    beta = sp.symbols("beta", positive=True)
    r = sp.symbols("r", positive=True)  # r = β^t
    e = lambda rr: _factor_at(GROWTH_FACTOR_EQUAL_UPDATES, rr, beta)  # noqa: E731
    d.step(r"the declared factor, with $r = \beta^t$", e(r), "definition")
    d.close(e(1), 1, "$e_0 = 1$ (no past updates)")
    _close_rational(d, e(beta * r), 1 + beta * (e(r) + 1),
                    r"$e_{t+1} = 1 + \beta(e_t + 1)$, the S5 recursion with $P_k = P$")
    _close_rational(d, e(0), 1 + 2 * beta / (1 - beta),
                    r"$\beta^t \to 0$ for $0 \le \beta < 1$: the limit $1 + 2\beta/(1 - \beta)$")
    _close_rational(d, e(0), (1 + beta) / (1 - beta), r"$= (1 + \beta)/(1 - \beta)$")


@GROWTH_ORTHO.derivation("buffer_energy_by_induction")
def _growth_ortho(d: Derivation) -> None:
    r"""$s_t = \mathbb{E}\|p_t\|^2/G^2 = \beta^2 s_{t-1} + 1$; $e_t = s_t + 2A_t$, $A_{t+1} = \beta(A_t + s_t)$;
    the declared closed form, equal to the statement's $((1 - \beta^{t+1})/(1 - \beta))^2$, by induction; limit."""
    beta = sp.symbols("beta", positive=True)
    r = sp.symbols("r", positive=True)  # r = β^t
    s = lambda rr: (1 - beta**2 * rr**2) / (1 - beta**2)  # noqa: E731  s_t with r = β^t
    e = lambda rr: _factor_at(GROWTH_FACTOR_ORTHOGONAL, rr, beta)  # noqa: E731
    _close_rational(d, e(r), ((1 - beta * r) / (1 - beta)) ** 2,
                    r"the declared factor is the statement's $((1 - \beta^{t+1})/(1 - \beta))^2$, $r = \beta^t$")
    _close_rational(d, s(beta * r), beta**2 * s(r) + 1,
                    r"$s_{t+1} = \beta^2 s_t + 1$ (cross terms vanish: $\langle g_{t+1}, p_t \rangle = 0$)")
    d.close(s(1), 1, "$s_0 = 1$")
    d.close(e(1), s(1), "$e_0 = s_0$")
    _close_rational(d, e(beta * r), s(beta * r) + beta * (e(r) - s(r)) + 2 * beta * s(r),
                    r"$e_{t+1} = s_{t+1} + 2\beta(A_t + s_t)$ with $2A_t = e_t - s_t$")
    _close_rational(d, e(0), 1 / (1 - beta) ** 2, r"$\beta^t \to 0$: the limit $1/(1 - \beta)^2$")


# -- S7–S8 -----------------------------------------------------------------------------------------


@SGDP_DIRECTION.derivation("tangent_parts_agree")
def _direction(d: Derivation) -> None:
    r"""$\Pi_w(w - \eta d) = \Pi_w(w - \eta \Pi_w d) = -\eta \Pi_w d$; the radial parts are
    $1 - \eta (\hat w \cdot d)/\|w\|$ and 1."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    u = sp.Matrix(sp.symbols("d1:4", real=True))
    eta, N = sp.symbols("eta N", positive=True)
    norm_sq = {N: w.dot(w)}
    d.step(r"shorthand $N = \|w\|^2$", sp.Eq(N, w.dot(w)), "notation")
    proj = lambda x: x - (w.dot(x) / N) * w  # noqa: E731
    plain, projected = w - eta * u, w - eta * proj(u)
    for i in range(3):
        _close_rational(d, proj(plain)[i], proj(projected)[i],
                        f"tangent component {i + 1} of the two steps", where=norm_sq)
        _close_rational(d, proj(projected)[i], -eta * proj(u)[i],
                        f"$= -\\eta (\\Pi_w d)_{i + 1}$", where=norm_sq)
    _close_rational(d, w.dot(projected) / N, 1, "radial coordinate of the projected step: 1 (norm from Pythagoras)",
                    where=norm_sq)
    _close_rational(d, w.dot(plain) / N, 1 - eta * w.dot(u) / N,
                    r"radial coordinate of the plain step: $1 - \eta\, w \cdot d/\|w\|^2$", where=norm_sq)


@SGDP_NORM.derivation("pythagoras_with_decay")
def _sgdp_norm(d: Derivation) -> None:
    r"""$\|(1 - \lambda) w - \mathrm{lr}\, \Pi_w d\|^2$ with the projection $\Pi_w d = d - (w \cdot d/\|w\|^2)\, w$."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    u = sp.Matrix(sp.symbols("d1:4", real=True))
    lr, lam, N = sp.symbols("lr lambda N", positive=True)
    norm_sq = {N: w.dot(w)}
    d.step(r"shorthand $N = \|w\|^2$", sp.Eq(N, w.dot(w)), "notation")
    pd = u - (w.dot(u) / N) * w
    _close_rational(d, w.dot(pd), 0, "the projected update is orthogonal to w", where=norm_sq)
    nxt = (1 - lam) * w - lr * pd
    _close_rational(d, nxt.dot(nxt), (1 - lam) ** 2 * N + lr**2 * pd.dot(pd),
                    r"$\|w_{t+1}\|^2 = (1 - \lambda)^2 \|w_t\|^2 + \mathrm{lr}^2 \|\tilde d\|^2$", where=norm_sq)


# -- witnesses of the negation: S6 as it circulates, S9 ---------------------------------------------


@GROWTH_CIRCULATED.derivation("orthogonal_gradients_witness", shows="negation")
def _circulated_negation(d: Derivation) -> None:
    r"""With mutually orthogonal gradients of norm $G$, momentum's asymptotic growth over GD's (same gradients)
    is $1/(1 - \beta)^2$ (scale_invariance.momentum_factor_iid_gradients), which exceeds $1 + 2\beta/(1 - \beta)$
    by $\beta^2/(1 - \beta)^2 > 0$ for $0 < \beta < 1$."""
    beta, q = sp.symbols("beta q", positive=True)  # q = 1 − β > 0
    gap = d.step(r"$\frac{1}{(1 - \beta)^2} - \left(1 + \frac{2\beta}{1 - \beta}\right)$ with $q = 1 - \beta$",
                 1 / q**2 - (1 + 2 * beta / q), "the two factors")
    _close_rational(d, gap.subs(q, 1 - beta), beta**2 / (1 - beta) ** 2, r"the gap is $\beta^2/(1 - \beta)^2$")
    d.close_true(sp.StrictGreaterThan(beta**2 / q**2, 0),
                 r"positive for $0 < \beta < 1$: the circulated factor is not the asymptotic factor")


@ADAM_MONOTONE.derivation("two_coordinate_witness", shows="negation")
def _adam_negation(d: Derivation) -> None:
    r"""$w = (2, 1)$, $g = (1, -2)$, so $w \perp g$: Adam's first bias-corrected step ($\epsilon \to 0$) is
    $\operatorname{sign}(g) = (1, -1)$, and $\|w - \mathrm{lr}\,(1, -1)\|^2 = 5 - 2\,\mathrm{lr}(1 - \mathrm{lr})$,
    below $\|w\|^2 = 5$ for $0 < \mathrm{lr} < 1$."""
    lr, q, b1, b2 = sp.symbols("lr q beta1 beta2", positive=True)  # q = 1 − lr > 0
    w, g = sp.Matrix([2, 1]), sp.Matrix([1, -2])
    d.close(w.dot(g), 0, r"$w \cdot g = 0$")
    m_hat = ((1 - b1) * g / (1 - b1)).applyfunc(sp.cancel)  # bias-corrected moments after one step: g, g²
    v_hat = ((1 - b2) * g.applyfunc(lambda x: x**2) / (1 - b2)).applyfunc(sp.cancel)
    update = [m_hat[i] / sp.sqrt(v_hat[i]) for i in range(2)]
    signs = (1, -1)
    for i, s in enumerate(signs):
        d.close(update[i], s, rf"first step, coordinate {i + 1}: $\hat m_1/\sqrt{{\hat v_1}} = {s}$")
    w1 = w - lr * sp.Matrix(signs)  # the update, as just shown
    change = d.step(r"$\|w_1\|^2 - \|w_0\|^2$", sp.expand(w1.dot(w1) - w.dot(w)), "expand the square")
    d.close(change, -2 * lr * (1 - lr), r"$= -2\,\mathrm{lr}\,(1 - \mathrm{lr})$", method="expand")
    d.close_true(sp.StrictLessThan(-2 * lr * q, 0),
                 r"negative for $0 < \mathrm{lr} < 1$ ($q = 1 - \mathrm{lr}$): the norm shrinks at the first step")
