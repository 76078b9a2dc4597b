"""The sympy derivations of the scale-invariance family (Heo et al., "AdamP", arXiv 2006.08217).

S1–S4 (§2): Euler's identity at degree 0, gradient and Hessian scaling, the GD norm recursion, the
effective step size and the ‖w_t‖⁴ bound, all for the general scale-invariant f(w) = g(w/‖w‖).
S5–S6 (§2): the momentum recursion and the two growth factors. S7–S8 (§3): the projected step keeps
the tangent part, and the norm identity with decoupled weight decay.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    EFFECTIVE_STEP,
    GD_NORM_GROWTH,
    GRADIENT_SCALING,
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
    return expr.subs({v: _c * v for v in xs}, simultaneous=True)


@ORTHOGONALITY.derivation("euler_degree_zero")
def _orthogonality(d: Derivation) -> None:
    """Differentiate f(w) = g(w/‖w‖) in three variables and contract with w."""
    xs, f = _generic(3)
    d.step("general scale-invariant function", sp.Eq(sp.Function("f")(*xs), f), "f(w) = g(w/‖w‖)")
    grad = [f.diff(v) for v in xs]
    radial = d.step("w · ∇f(w)", sum(v * gv for v, gv in zip(xs, grad)), "chain rule")
    d.close(radial, 0, "w · ∇f(w) = 0")


@GRADIENT_SCALING.derivation("chain_rule")
def _gradient_scaling(d: Derivation) -> None:
    """∇f evaluated at c w against ∇f(w)/c, for the general f and c > 0."""
    xs, f = _generic(3)
    d.step("f(c w) = f(w) for c > 0", sp.simplify(_scaled(f, xs) - f), "‖c w‖ = c‖w‖ for c > 0")
    grad = [f.diff(v) for v in xs]
    for v, gv in zip(xs, grad):
        d.close(_scaled(gv, xs), gv / _c, f"∂f/∂{v} at c w equals (∂f/∂{v})(w)/c")


@HESSIAN_SCALING.derivation("chain_rule_twice")
def _hessian_scaling(d: Derivation) -> None:
    """Second derivatives of the general f in two variables, at c w, times c²."""
    xs, f = _generic(2)
    grad = [f.diff(v) for v in xs]
    for i, gi in enumerate(grad):
        for j, v in enumerate(xs):
            hij = gi.diff(v)
            d.close(_c**2 * _scaled(hij, xs), hij, f"c² H_{i}{j}(c w) = H_{i}{j}(w)")


@HESSIAN_RADIAL.derivation("differentiate_euler")
def _hessian_radial(d: Derivation) -> None:
    """In two variables every scale-invariant f is h(θ), θ = atan2(y, x); compute H w + ∇f."""
    h = sp.Function("h")
    xs = [_x, _y]
    f = d.step("general scale-invariant function of two variables", h(sp.atan2(_y, _x)),
               "f depends on the angle only")
    grad = [f.diff(v) for v in xs]
    for i, gi in enumerate(grad):
        hw = sum(gi.diff(v) * v for v in xs)
        d.close(hw, -gi, f"(∇²f(w) w)_{i} = −(∇f(w))_{i}")


@GD_NORM_GROWTH.derivation("expand_the_square")
def _gd_norm(d: Derivation) -> None:
    """Expand ‖w − η g‖² and use w · g = 0 (S1) to remove the cross term."""
    w = sp.symbols("w1:4", real=True)
    g = list(sp.symbols("g1:4", real=True))
    eta = sp.symbols("eta", positive=True)
    g[2] = d.step("orthogonality w·g = 0 solved for g3", -(w[0] * g[0] + w[1] * g[1]) / w[2], "S1")
    nxt = sum((wi - eta * gi) ** 2 for wi, gi in zip(w, g))
    d.close(nxt, sum(wi**2 for wi in w) + eta**2 * sum(gi**2 for gi in g), "‖w − ηg‖² = ‖w‖² + η²‖g‖²")


@EFFECTIVE_STEP.derivation("rescale_to_the_sphere")
def _effective(d: Derivation) -> None:
    """w − η∇f(w) = ‖w‖ (u − (η/‖w‖²) ∇f(u)) with u = w/‖w‖, for the general f in two variables."""
    xs, f = _generic(2)
    r = sp.sqrt(sum(v**2 for v in xs))
    eta = sp.symbols("eta", positive=True)
    grad = [f.diff(v) for v in xs]
    grad_at_u = [gv.subs({v: v / r for v in xs}, simultaneous=True) for gv in grad]
    for v, gv, gu in zip(xs, grad, grad_at_u):
        d.close(v - eta * gv, r * (v / r - eta / r**2 * gu), f"component {v} of the GD step")


@NORM4_BOUND.derivation("square_the_recursion")
def _norm4(d: Derivation) -> None:
    """x = ‖w‖²: x' = x + η²G²/x (S2, S3), so x'² = x² + 2η²G² + η⁴G⁴/x² ≥ x² + 2η²G²."""
    x, eta, G, t, k = sp.symbols("x eta G t k", positive=True)
    nxt = d.step("x_{t+1} = x_t + η² ‖∇f(w_t)‖², ‖∇f(w_t)‖ = G/‖w_t‖", x + eta**2 * G**2 / x, "S2 and S3")
    d.close(sp.expand(nxt**2), x**2 + 2 * eta**2 * G**2 + eta**4 * G**4 / x**2, "x_{t+1}² expanded")
    d.close_true(sp.StrictGreaterThan(eta**4 * G**4 / x**2, 0), "the remainder η⁴G⁴/x² is positive")
    total = sp.summation(2 * eta**2 * G**2, (k, 0, t - 1))
    d.close(total, 2 * eta**2 * G**2 * t, "telescoping t one-step inequalities adds 2η²G²t")


# -- S5 --------------------------------------------------------------------------------------------


@MOMENTUM_INNER.derivation("recursion_and_unrolling")
def _momentum_inner(d: Derivation) -> None:
    """a_t = ⟨w_t, p_t⟩ obeys a_{t+1} = β(a_t − η‖p_t‖²), a_0 = 0; the closed form solves it."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    p = sp.Matrix(sp.symbols("p1:4", real=True))
    g = sp.Matrix(sp.symbols("g1:4", real=True))
    eta, beta = sp.symbols("eta beta", positive=True)
    w_next = w - eta * p
    # g_{t+1} ⊥ w_{t+1}: solve the orthogonality for its third component
    g3 = sp.solve(sp.Eq(w_next.dot(g), 0), g[2])[0]
    g_next = sp.Matrix([g[0], g[1], g3])
    d.step("g_{t+1} ⊥ w_{t+1} = w_t − η p_t, solved for one component", sp.Eq(sp.Symbol("g3"), g3), "S1")
    a_next = w_next.dot(beta * p + g_next)
    d.close(a_next, beta * (w.dot(p) - eta * p.dot(p)), "a_{t+1} = β(a_t − η‖p_t‖²)")
    t, k = sp.symbols("t k", integer=True, nonnegative=True)
    P = sp.Function("P")
    closed = lambda T: -eta * sp.Sum(beta ** (T - k) * P(k), (k, 0, T - 1))  # noqa: E731
    peeled = -eta * sp.Sum(beta ** (t + 1 - k) * P(k), (k, 0, t - 1)) - eta * beta * P(t)
    d.step("closed form at t+1 with the k = t term split off", sp.Eq(closed(t + 1), peeled),
           "split the last term of the sum")
    d.close(peeled, beta * (closed(t) - eta * P(t)), "the closed form satisfies the recursion")
    Ps = sp.symbols("P0:7", nonnegative=True)
    a = sp.Integer(0)
    for T in range(6):
        d.close(a, -eta * sum(beta ** (T - j) * Ps[j] for j in range(T)), f"unrolled at t = {T}")
        a = beta * (a - eta * Ps[T])
    d.close_true(sp.Le(-eta * sum(beta ** (5 - j) * Ps[j] for j in range(5)), 0),
                 "every term is ≤ 0 (η, β ≥ 0, ‖p_k‖² ≥ 0), so ⟨w_t, p_t⟩ ≤ 0")


@MOMENTUM_NORM.derivation("expand_and_substitute")
def _momentum_norm(d: Derivation) -> None:
    """‖w_t − η p_t‖² = ‖w_t‖² − 2η a_t + η²‖p_t‖², then a_t from the recursion
    (scale_invariance.momentum_radial_inner)."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    p = sp.Matrix(sp.symbols("p1:4", real=True))
    eta, beta = sp.symbols("eta beta", positive=True)
    d.close((w - eta * p).dot(w - eta * p), w.dot(w) - 2 * eta * w.dot(p) + eta**2 * p.dot(p),
            "expand the square")
    Ps = sp.symbols("P0:7", nonnegative=True)
    W0 = sp.Symbol("N0", positive=True)
    a, N = sp.Integer(0), W0
    for T in range(6):
        N = N - 2 * eta * a + eta**2 * Ps[T]  # ‖w_{T+1}‖² from ‖w_T‖², a_T, ‖p_T‖²
        N_claim = W0 + sum(eta**2 * Ps[j] + 2 * eta**2 * sum(beta ** (j - k) * Ps[k] for k in range(j))
                           for j in range(T + 1))
        d.close(N, N_claim, f"‖w_{T + 1}‖² summed from S5 at steps 0..{T}")
        a = beta * (a - eta * Ps[T])


# -- S6 --------------------------------------------------------------------------------------------


@GROWTH_EQUAL.derivation("geometric_sum_by_induction")
def _growth_equal(d: Derivation) -> None:
    """e_t = 1 + 2A_t with A_{t+1} = β(A_t + 1) (S5 with ‖p_k‖ = P); closed form by induction; limit."""
    beta = sp.symbols("beta", positive=True)
    r = sp.symbols("r", positive=True)  # r = β^t
    e = lambda rr: 1 + 2 * beta * (1 - rr) / (1 - beta)  # noqa: E731
    d.close(e(1), 1, "e_0 = 1 (no past updates)")
    d.close(e(beta * r), 1 + beta * (e(r) + 1), "e_{t+1} = 1 + β(e_t + 1), the S5 recursion with P_k = P")
    d.close(e(0), 1 + 2 * beta / (1 - beta), "β^t → 0 for 0 ≤ β < 1: the limit 1 + 2β/(1 − β)")
    d.close(e(0), (1 + beta) / (1 - beta), "= (1 + β)/(1 − β)")


@GROWTH_ORTHO.derivation("buffer_energy_by_induction")
def _growth_ortho(d: Derivation) -> None:
    """s_t = E‖p_t‖²/G² = β² s_{t−1} + 1; e_t = s_t + 2A_t, A_{t+1} = β(A_t + s_t); closed forms; limit."""
    beta = sp.symbols("beta", positive=True)
    r = sp.symbols("r", positive=True)  # r = β^t
    s = lambda rr: (1 - beta**2 * rr**2) / (1 - beta**2)  # noqa: E731  s_t with r = β^t
    e = lambda rr: ((1 - beta * rr) / (1 - beta)) ** 2  # noqa: E731
    d.close(s(beta * r), beta**2 * s(r) + 1, "s_{t+1} = β² s_t + 1 (cross terms vanish: ⟨g_{t+1}, p_t⟩ = 0)")
    d.close(s(1), 1, "s_0 = 1")
    d.close(e(1), s(1), "e_0 = s_0")
    d.close(e(beta * r), s(beta * r) + beta * (e(r) - s(r)) + 2 * beta * s(r),
            "e_{t+1} = s_{t+1} + 2β(A_t + s_t) with 2A_t = e_t − s_t")
    d.close(e(0), 1 / (1 - beta) ** 2, "β^t → 0: the limit 1/(1 − β)²")


# -- S7–S8 -----------------------------------------------------------------------------------------


@SGDP_DIRECTION.derivation("tangent_parts_agree")
def _direction(d: Derivation) -> None:
    """Π_w(w − η d) = Π_w(w − η Π_w d) = −η Π_w d; the radial parts are 1 − η(ŵ·d)/‖w‖ and 1."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    u = sp.Matrix(sp.symbols("d1:4", real=True))
    eta = sp.symbols("eta", positive=True)
    ww = w.dot(w)
    proj = lambda x: x - (w.dot(x) / ww) * w  # noqa: E731
    plain, projected = w - eta * u, w - eta * proj(u)
    for i in range(3):
        d.close(proj(plain)[i], proj(projected)[i], f"tangent component {i + 1} of the two steps")
        d.close(proj(projected)[i], -eta * proj(u)[i], f"= −η (Π_w d)_{i + 1}")
    d.close(w.dot(projected) / ww, 1, "radial coordinate of the projected step: 1 (norm from Pythagoras)")
    d.close(w.dot(plain) / ww, 1 - eta * w.dot(u) / ww, "radial coordinate of the plain step: 1 − η w·d/‖w‖²")


@SGDP_NORM.derivation("pythagoras_with_decay")
def _sgdp_norm(d: Derivation) -> None:
    """‖(1 − λ)w − lr Π_w d‖² with the projection Π_w d = d − (w·d/‖w‖²) w."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    u = sp.Matrix(sp.symbols("d1:4", real=True))
    lr, lam = sp.symbols("lr lambda", positive=True)
    pd = u - (w.dot(u) / w.dot(w)) * w
    d.close(w.dot(pd), 0, "the projected update is orthogonal to w")
    nxt = (1 - lam) * w - lr * pd
    d.close(nxt.dot(nxt), (1 - lam) ** 2 * w.dot(w) + lr**2 * pd.dot(pd), "‖w_{t+1}‖² = (1−λ)²‖w_t‖² + lr²‖d̃‖²")
