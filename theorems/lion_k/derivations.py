"""Sympy derivations of the Lion-𝒦 claims.

Identities are closed by expanding polynomials (sympy's ``expand``) wherever the claim allows it: the
hyperbolic functions are written through E = eˢ > 0 (tanh s = (E² − 1)/(E² + 1), cosh s = (E + 1/E)/2) so that
each identity becomes rational in E. Where a step is a standard lemma sympy cannot state (monotonicity of the
gradient of a convex function), it is recorded as a step with its rule and the algebra around it is closed.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    COEFFICIENT_RANGE,
    EXACT_CONDITIONS,
    FY_EQUALITY,
    FY_NONNEGATIVE,
    L1_CONJUGATE,
    LOG_COSH_CONJUGATE,
    LYAPUNOV_DECREASE,
)
from .claims_discrete import (
    BOX,
    BOX_SMALL_STEP,
    COUPLED_COORDINATES,
    COUPLED_DECAY,
    PAGE_FORM,
    PAGE_NESTEROV,
    PHASE_ONE,
    PHASE_ONE_SMALL_STEP,
    RELEASE,
    SEPARABLE,
    TF2_SPARSE,
    TF2_SPARSE_POSITIVE,
)

_E = sp.symbols("E", positive=True)           # E = e^s
_TANH = (_E**2 - 1) / (_E**2 + 1)
_COSH = (_E**2 + 1) / (2 * _E)
_SINH = (_E**2 - 1) / (2 * _E)
_al, _ga, _la, _ep, _dl = sp.symbols("alpha gamma lambda epsilon delta", positive=True)
_u, _v, _n = sp.symbols("u v n", nonnegative=True)
_y, _m, _x, _g = sp.symbols("y m x g", real=True)


def _dot(p, q):
    return sum(a * b for a, b in zip(p, q))


def _vec(name: str, d: int = 2):
    return sp.symbols(f"{name}1:{d + 1}", real=True)


# -- L1 ------------------------------------------------------------------------------------------------------


@L1_CONJUGATE.derivation("supremum_per_coordinate")
def _l1_conjugate(d: Derivation) -> None:
    r"""$\sup_m (y^\top m - \lVert m\rVert_1)$ splits into coordinates; on $m_i \ge 0$ the objective is $(y_i - 1)m_i$,
    on $m_i \le 0$ it is $(y_i + 1)m_i$: bounded by its value 0 at $m_i = 0$ iff $|y_i| \le 1$, unbounded otherwise."""
    d.step(r"one coordinate, $m = n \ge 0$", (_y - 1) * _n, "y m − |m|")
    d.close_true(sp.Le((1 - _u - 1) * _n, 0), r"$y = 1 - u \le 1$: $(y - 1)n = -un \le 0$")
    d.close_true(sp.Le((-1 + _v + 1) * (-_n), 0), r"$y = -1 + v \ge -1$, $m = -n$: $(y + 1)m = -vn \le 0$")
    r = sp.symbols("r", positive=True)
    d.close_true(sp.Eq(sp.limit(r * _n, _n, sp.oo), sp.oo), r"$y = 1 + r > 1$: $(y - 1)n \to +\infty$ as "
                 r"$n \to \infty$")
    d.close(sp.Abs(_la * _x), _la * sp.Abs(_x), r"$|\lambda x_i| \le 1 \iff |x_i| \le 1/\lambda$ ($\lambda > 0$)")


@FY_NONNEGATIVE.derivation("coordinatewise_and_log_cosh_minimum")
def _fy_nonnegative(d: Derivation) -> None:
    r"""$\ell_1$: $|m| - ym = n(1 - y) \ge 0$ for $m = n \ge 0$ and $n(1 + y) \ge 0$ for $m = -n$, when $|y| \le 1$.
    Log-cosh: the gap $G(m) = \mathcal{K}^*(y) + \mathcal{K}(m) - ym$ vanishes at $m = \delta s$, $y = \tanh s$, and
    $G'' = \mathcal{K}'' > 0$: its minimum is 0."""
    d.close_true(sp.Ge(_n * (1 - (1 - _u)), 0), r"$m = n \ge 0$, $y = 1 - u$: $|m| - ym = nu \ge 0$")
    d.close_true(sp.Ge(_n * (1 + (-1 + _v)), 0), r"$m = -n$, $y = -1 + v$: $|m| - ym = nv \ge 0$")
    s = sp.log(_E)
    conj = _dl * (_TANH * s + sp.log(1 / _COSH**2) / 2)
    d.close(sp.cancel(1 - _TANH**2), sp.cancel(1 / _COSH**2), r"$1 - \tanh^2 s = 1/\cosh^2 s$", method="expand")
    gap = d.step(r"$G(\delta s)$ at $y = \tanh s$", conj + _dl * sp.log(_COSH) - _TANH * _dl * s,
                 r"$\mathcal{K}^*(\tanh s) = \delta(s\tanh s - \log\cosh s)$")
    d.close(sp.expand_log(gap, force=True), 0, r"$G(\delta s) = 0$", method="expand")
    second = sp.cancel((1 - _SINH**2 / _COSH**2) / _dl)
    d.close_true(sp.Gt(second, 0), r"$G''(m) = \frac{1}{\delta}(1 - \tanh^2(m/\delta)) > 0$")


@FY_EQUALITY.derivation("equality_cases")
def _fy_equality(d: Derivation) -> None:
    r"""A sum of non-negative coordinate gaps vanishes iff each does: $n(1 - y) = 0$ with $n > 0$ forces $y = 1$,
    $n(1 + y) = 0$ forces $y = -1$, and $m_i = 0$ leaves $y_i$ free. For log-cosh $G'(m) = \tanh(m/\delta) - y$ vanishes
    at $m = \delta\operatorname{artanh} y$, the only zero since $G'' > 0$."""
    p = sp.symbols("p", positive=True)
    for sign, root in ((1, 1), (-1, -1)):
        roots = sp.solve(p * (1 - sign * _y), _y)
        d.close(len(roots), 1, "one root")
        d.close(roots[0], root, rf"$m = {'' if sign > 0 else '-'}p$: $p(1 {'-' if sign > 0 else '+'} y) = 0 \iff "
                rf"y = {root}$")
    d.close((sp.Abs(_m) - _y * _m).subs(_m, 0), 0, r"$m_i = 0$: the gap is 0 for every $y_i$")
    d.close(sp.tanh(_dl * sp.atanh(_y) / _dl) - _y, 0, r"$G'(\delta\operatorname{artanh} y) = 0$")


@LOG_COSH_CONJUGATE.derivation("stationary_point")
def _log_cosh_conjugate(d: Derivation) -> None:
    r"""$\sup_m (ym - \delta\log\cosh(m/\delta))$ is attained where $\tanh(m/\delta) = y$; with $y = \tanh s$ the
    value is $\delta(s\tanh s - \log\cosh s)$, which is the formula at $y = \tanh s$; and $\frac{d}{dy}$ of the
    formula is $\delta\operatorname{artanh} y$."""
    s = sp.log(_E)
    value = _dl * (_TANH * s - sp.log(_COSH))
    formula_at = _dl * (_TANH * s + sp.log(sp.factor(1 - _TANH**2)) / 2)
    d.close(sp.expand_log(formula_at - value, force=True), 0, r"formula at $y = \tanh s$ = $y\,\delta s - "
            r"\delta\log\cosh s$", method="expand")
    formula = _dl * (_y * sp.atanh(_y) + sp.log(1 - _y**2) / 2)
    d.close(sp.cancel(sp.diff(formula, _y) - _dl * sp.atanh(_y)), 0,
            r"$(\mathcal{K}^*)'(y) = \delta\operatorname{artanh} y$", method="expand")


# -- L2 ------------------------------------------------------------------------------------------------------


def _rate_identity(d: Derivation, c, names: str) -> tuple:
    """ε·dH_c/dt for one coordinate with λx = ∇𝒦(z): returns (ε dH/dt, a, b, p̂, q̂) in terms of p = ∇𝒦(m),
    q = ∇𝒦(m̃), r = ∇𝒦(z). Both sides of each identity below are sums over coordinates of the same
    per-coordinate expression (H and the flow have no cross-coordinate terms), so one coordinate proves them."""
    x, m, g, z, p, q, r = sp.symbols("x m g z p q r", real=True)
    mt = m - _ep * (_al * g + _ga * m)
    rate = d.step(r"$\frac{dH}{dt} = \nabla_x H\cdot\dot x + \nabla_m H\cdot\dot m$" + names,
                  (_al * g + _ga * z + c * _la * (z - m)) * (q - _la * x) + c * (p - _la * x) * (-_al * g - _ga * m),
                  r"$\nabla_x H = \alpha\nabla f + \gamma z + c\lambda(z - m)$, $\nabla_m H = c(\nabla\mathcal{K}(m) - "
                  r"\lambda x)$, $z = \nabla\mathcal{K}^*(\lambda x)$, per coordinate")
    rate = rate.subs(x, r / _la)
    return _ep * rate, m - z, mt - z, p - r, q - r


def _three_term_identity(d: Derivation, names: str) -> tuple:
    """Closes ε·dH_c/dt = −(1 − c)bᵀq̂ − k(a − b)ᵀ(p̂ − q̂) − (c − k)C for a symbolic c; returns (c, k)."""
    c = sp.symbols("c", real=True)
    scaled, a, b, ph, qh = _rate_identity(d, c, names)
    k = 1 - _ep * _ga - _ep * c * _la
    target = -(1 - c) * b * qh - k * (a - b) * (ph - qh) - (c - k) * (ph * a - ph * b + qh * b)
    d.close(sp.expand(scaled - target), 0,
            r"$\varepsilon\frac{dH_c}{dt} = -(1 - c)b^\top\hat q - k(a - b)^\top(\hat p - \hat q) - (c - k)C$, "
            r"$k = 1 - \varepsilon\gamma - \varepsilon c\lambda$, "
            r"$C = \hat p^\top a - \hat p^\top b + \hat q^\top b$", method="expand")
    return c, k


@LYAPUNOV_DECREASE.derivation("monotonicity_identity")
def _lyapunov(d: Derivation) -> None:
    r"""With $z = \nabla\mathcal{K}^*(\lambda x)$ (so $\lambda x = \nabla\mathcal{K}(z)$), $a = m - z$, $b = \tilde m
    - z$, $\hat p = \nabla\mathcal{K}(m) - \nabla\mathcal{K}(z)$, $\hat q = \nabla\mathcal{K}(\tilde m) -
    \nabla\mathcal{K}(z)$: for any coefficient $c$ the rate splits in three terms; at $c = c^* = \frac{1 -
    \varepsilon\gamma}{1 + \varepsilon\lambda}$ the third vanishes and $\varepsilon\frac{dH}{dt} = -(1 -
    c)\,b^\top\hat q - c\,(a - b)^\top(\hat p - \hat q)$: both products are $\ge 0$ by monotonicity of
    $\nabla\mathcal{K}$, and $0 \le c \le 1$ under $0 \le \varepsilon\gamma \le 1$."""
    c, k = _three_term_identity(d, "")
    num, den = 1 - _ep * _ga, 1 + _ep * _la           # c* = num/den
    d.close(sp.expand(c - k), sp.expand(c * den - num),
            r"$c - k = (1 + \varepsilon\lambda)c - (1 - \varepsilon\gamma)$", method="expand")
    d.close(sp.expand((c * den - num).subs(c, num / den)), 0, r"at $c = c^*$: $k = c$, the third term vanishes",
            method="expand")
    d.close(sp.expand(den - num), sp.expand(_ep * (_ga + _la)), r"$(1 - c^*)(1 + \varepsilon\lambda) = "
            r"\varepsilon(\gamma + \lambda) \ge 0$", method="expand")
    d.step(r"$c^*(1 + \varepsilon\lambda) = 1 - \varepsilon\gamma \ge 0$", sp.Ge(num, 0),
           r"the assumption $\varepsilon\gamma \le 1$")
    d.step(r"$(u - v)^\top(\nabla\mathcal{K}(u) - \nabla\mathcal{K}(v)) \ge 0$", sp.true,
           "monotonicity of the gradient of a convex function (𝒦 convex and differentiable)")
    d.step(r"$\varepsilon = 0$: $\frac{dH}{dt} = -(\gamma + \lambda)(m - z)^\top"
           r"(\nabla\mathcal{K}(m) - \nabla\mathcal{K}(z)) \le 0$", sp.true,
           "the identity divided by ε, in the limit ε → 0 (m̃ → m, (1 − c)/ε → γ + λ)")


@EXACT_CONDITIONS.derivation("quadratic_kernel_form")
def _exact_conditions(d: Derivation) -> None:
    r"""Sufficiency for every convex $\mathcal{K}$: the identity of lion_k.lyapunov_decrease holds for all real
    parameters, with weights $1 - c = \varepsilon\kappa$, $\kappa = \frac{\gamma + \lambda}{1 + \varepsilon\lambda}$,
    and $c$. For $\mathcal{K} = \frac{1}{2}m^2$, $\frac{dH}{dt} = -\kappa a^2 + 2(1 - c)aw - \varepsilon w^2$ in $a =
    m - \lambda x$, $w = \alpha g + \gamma m$ (free through $g$, whatever $\alpha \ne 0$): negative semidefinite iff
    $\kappa \ge 0$, $\varepsilon \ge 0$ and $\varepsilon\kappa - (1 - c)^2 = \varepsilon\kappa c \ge 0$."""
    e, gm, lam = sp.symbols("epsilon gamma lambda", real=True)
    a, w = sp.symbols("a w", real=True)
    num, den = 1 - e * gm, 1 + e * lam                 # c = num/den, κ = (γ + λ)/den
    d.close(sp.expand(den - num), sp.expand(e * (gm + lam)), r"$(1 - c)(1 + \varepsilon\lambda) = "
            r"\varepsilon(\gamma + \lambda)$: $1 - c = \varepsilon\kappa$", method="expand")
    scaled = -(den - num) * (a - e * w) ** 2 - num * e**2 * w**2
    form = -(gm + lam) * a**2 + 2 * (den - num) * a * w - e * den * w**2
    d.close(sp.expand(scaled - e * form), 0, r"$(1 + \varepsilon\lambda)\,\varepsilon\frac{dH}{dt} = -(1 - c)(a - "
            r"\varepsilon w)^2 - c\varepsilon^2 w^2$ (times $1 + \varepsilon\lambda$) "
            r"$= \varepsilon(-\kappa a^2 + 2(1 - c)aw - \varepsilon w^2)$ (times $1 + \varepsilon\lambda$)",
            method="expand")
    d.close(sp.expand(e * (gm + lam) * den - (den - num) ** 2), sp.expand(e * (gm + lam) * num),
            r"determinant times $(1 + \varepsilon\lambda)^2$: $\varepsilon\kappa - (1 - c)^2 = \varepsilon\kappa c$",
            method="expand")
    d.step(r"$c \ge 0 \iff \varepsilon\gamma \le 1$", sp.Ge(num, 0), r"when $1 + \varepsilon\lambda > 0$")
    grad = sp.tanh(_m / _dl)
    d.close(grad.subs(_m, 0), 0, r"log-cosh: $\mathcal{K}'(0) = \tanh 0 = 0$")
    d.close(sp.diff(grad, _m).subs(_m, 0), 1 / _dl, r"$\mathcal{K}''(0) = 1/\delta$: near 0 log-cosh is the quadratic "
            r"kernel scaled by $1/\delta$, so the quadratic counterexamples, scaled down, are counterexamples for it")


@COEFFICIENT_RANGE.derivation("three_term_decomposition")
def _coefficient_range(d: Derivation) -> None:
    r"""$\varepsilon\frac{dH_c}{dt} = -(1 - c)\,b^\top\hat q - k\,(a - b)^\top(\hat p - \hat q) - (c - k)\,C$ with $C
    \ge 0$ by cyclic monotonicity over $z \to m \to \tilde m \to z$. The weights are $\ge 0$ iff $c^* \le c \le
    \min(1, \frac{1 - \varepsilon\gamma}{\varepsilon\lambda})$. For necessity, the log-cosh kernel with $\delta \to 0$
    (steps of $\tanh(\cdot/\delta)$) gives, in one coordinate, a positive rate below $c^*$, above 1 and where $k < 0$.
    """
    c, k = _three_term_identity(d, r" for $H_c$")
    Ka, Kb = sp.symbols("K_a K_b", real=True)
    a, b, ph, qh = _vec("a"), _vec("b"), _vec("p"), _vec("q")  # two coordinates: the Bregman gaps are not separable
    bregman = ((Kb - Ka - _dot(ph, [b[i] - a[i] for i in range(2)])) + (0 - Kb + _dot(qh, b)) + (Ka - 0))
    d.close(sp.expand(bregman), sp.expand(_dot(ph, a) - _dot(ph, b) + _dot(qh, b)),
            r"$C$ = the sum of the three Bregman gaps of $\hat K(v) = \mathcal{K}(z + v) - \mathcal{K}(z) - "
            r"\nabla\mathcal{K}(z)^\top v$ around $0 \to a \to b \to 0$, each $\ge 0$", method="expand")
    num, den = 1 - _ep * _ga, 1 + _ep * _la
    d.close(sp.expand(c - k), sp.expand(den * c - num), r"$c - k = (1 + \varepsilon\lambda)(c - c^*)$",
            method="expand")
    d.close(sp.expand(k), sp.expand(num - _ep * _la * c),
            r"$k = \varepsilon\lambda\left(\frac{1 - \varepsilon\gamma}{\varepsilon\lambda} - c\right)$",
            method="expand")
    A, B = sp.symbols("A B", positive=True)
    d.step(r"$\tanh(v/\delta) \to \operatorname{sign}(v)$ as $\delta \to 0$", sp.true,
           "the log-cosh gradient tends to the sign: for δ small enough each configuration below keeps its sign")
    kk, cc = sp.symbols("k c", real=True)

    def rate(av, bv, pv, qv):
        return kk * av * qv - bv * qv - cc * av * pv + cc * bv * pv

    d.close(rate(A, 0, 1, 1), (kk - cc) * A, r"$a = A > 0$, $b \to 0^+$, $\hat p = \hat q = 1$: rate $(k - c)A > 0$ "
            r"when $c < c^*$", method="expand")
    d.close(rate(0, B, 1, 1), (cc - 1) * B,
            r"$a \to 0^+$, $b = B > 0$, $\hat p = \hat q = 1$: rate $(c - 1)B > 0$ when $c > 1$", method="expand")
    d.close(rate(A, -B, 0, -2), -2 * (kk * A + B), r"$z$ saturated, $a = A > 0$ ($\hat p = 0$), $b = -B$ "
            r"($\hat q = -2$): rate $-2(kA + B) > 0$ when $k < 0$ and $A > B/|k|$", method="expand")


# -- L4, L5 ----------------------------------------------------------------------------------------------------


def _escape(d: Derivation) -> None:
    r = sp.symbols("r", positive=True)
    x1 = d.step(r"$x = 1/\lambda$, $\operatorname{sign}(c) = 1$, $\eta\lambda = 1 + r$",
                (1 - (1 + r)) / _la - (1 + r) / _la, r"$x_1 = (1 - \eta\lambda)x - \eta$")
    d.close_true(sp.Gt(sp.expand(-x1 * _la), 1), r"$|x_1| = (1 + 2r)/\lambda > 1/\lambda$")


@BOX.derivation("one_step_escape", shows="negation")
def _box_negation(d: Derivation) -> None:
    r"""For every $\eta\lambda > 1$ one step from the face $x = 1/\lambda$ with $c > 0$ lands at
    $(1 - 2\eta\lambda)/\lambda$, whose modulus exceeds $1/\lambda$."""
    _escape(d)


@BOX_SMALL_STEP.derivation("one_step_bound")
def _box(d: Derivation) -> None:
    r"""$|x_{t+1}| \le |1 - \eta\lambda|\,|x_t| + \eta$; for $0 < \eta\lambda \le 1$ and $|x_t| \le 1/\lambda$ this is
    $(1 - \eta\lambda)/\lambda + \eta = 1/\lambda$. For $\eta\lambda > 1$ the face $x = 1/\lambda$ escapes."""
    d.close(sp.expand((1 - _ep * _la) / _la + _ep), 1 / _la,
            r"$(1 - \eta\lambda)\frac{1}{\lambda} + \eta = \frac{1}{\lambda}$ ($\eta$ written $\varepsilon$ here)",
            method="expand")
    _escape(d)


@PHASE_ONE.derivation("overshoot_gap", shows="negation")
def _phase_one_negation(d: Derivation) -> None:
    r"""For $\eta\lambda > 1$ and $x > 1/\lambda$ with $\operatorname{sign}(c) = 1$: $|x_t| = (\eta\lambda - 1)x +
    \eta$, and $|x_t| - 1/\lambda - (1 - \eta\lambda)(x - 1/\lambda) = 2(\eta\lambda - 1)x > 0$."""
    r, X = sp.symbols("r X", positive=True)
    eta = (1 + r) / _la
    lhs = (eta * _la - 1) * X + eta - 1 / _la
    rhs = (1 - eta * _la) * (X - 1 / _la)
    d.close(sp.expand(lhs - rhs), 2 * r * X, r"gap $= 2(\eta\lambda - 1)x$ with $\eta\lambda = 1 + r$", method="expand")
    d.close_true(sp.Gt(2 * r * X, 0), "the bound fails")


@PHASE_ONE_SMALL_STEP.derivation("contraction_and_equality")
def _phase_one(d: Derivation) -> None:
    r"""$|x_t| - 1/\lambda \le (1 - \eta\lambda)|x_{t-1}| + \eta - 1/\lambda = (1 - \eta\lambda)(|x_{t-1}| -
    1/\lambda)$ for $\eta\lambda \le 1$; the first inequality is an equality when the sign step points outward."""
    X, eta = sp.symbols("X eta", positive=True)
    d.close(sp.expand((1 - eta * _la) * X + eta - 1 / _la), sp.expand((1 - eta * _la) * (X - 1 / _la)),
            r"$(1 - \eta\lambda)X + \eta - \frac{1}{\lambda} = (1 - \eta\lambda)(X - \frac{1}{\lambda})$",
            method="expand")
    d.close(sp.Abs(_v * X + eta), _v * X + eta,
            r"$x = X > 0$, $\operatorname{sign}(c) = -1$, $v = 1 - \eta\lambda \ge 0$: $|x_t| = (1 - \eta\lambda)X + "
            r"\eta$ (equality)", method="equals")


# -- L6 ------------------------------------------------------------------------------------------------------


@SEPARABLE.derivation("bound_coordinate_fixed_point")
def _separable(d: Derivation) -> None:
    r"""Once a coordinate with $b_i > 1/\lambda$ has $\operatorname{sign}(c_i) = -1$, $x \leftarrow (1 - \eta\lambda)x
    + \eta$: fixed point $1/\lambda$, contraction $1 - \eta\lambda$. That the sign settles is not derived."""
    eta, X = sp.symbols("eta X", positive=True)
    fixed = sp.solve(sp.Eq(X, (1 - eta * _la) * X + eta), X)
    d.close(len(fixed), 1, "one fixed point")
    d.close(fixed[0], 1 / _la, r"fixed point of $x \mapsto (1 - \eta\lambda)x + \eta$")
    d.open("that the sign of c settles at the bound and the free coordinates stay within O(η) of b_i are "
           "dynamical statements sympy cannot derive; the checks measure them")


@COUPLED_COORDINATES.derivation("constrained_minimiser_of_the_reproduction")
def _coupled(d: Derivation) -> None:
    r"""The reproduction's $A = \frac{1}{2}\begin{pmatrix}11 & 9\\ 9 & 11\end{pmatrix}$ (eigenvalues 1 and 10), $b =
    (3, -2.5)$, $\lambda = 1$: with $x_1 = 1$ active, $x_2 = -19/22$, and $\partial_1 f(x^*) = -40/11 < 0$ (the bound
    is pushed outward): the KKT point. Lion's convergence to it is not derived."""
    A = sp.Matrix([[sp.Rational(11, 2), sp.Rational(9, 2)], [sp.Rational(9, 2), sp.Rational(11, 2)]])
    b = sp.Matrix([3, sp.Rational(-5, 2)])
    d.close(A.det(), 10, r"$\det A = 10$")
    d.close(A.trace(), 11, r"$\operatorname{tr} A = 11$: eigenvalues 1 and 10")
    x2 = sp.symbols("x2", real=True)
    grad = A * (sp.Matrix([1, x2]) - b)
    sol = sp.solve(grad[1], x2)
    d.close(sol[0], sp.Rational(-19, 22), r"$\partial_2 f(1, x_2) = 0$")
    d.close(grad[0].subs(x2, sol[0]), sp.Rational(-40, 11), r"$\partial_1 f(x^*) < 0$: the face $x_1 = 1$ is active")
    d.open("that Lion's iterates end within O(η) of x* is a dynamical statement; the checks measure it")


# -- L7, L8, L9 ------------------------------------------------------------------------------------------------


@PAGE_FORM.derivation("coefficient_matching")
def _page_form(d: Derivation) -> None:
    r"""With $M = -m$: $M_{t+1} = -(\beta_p m + (1 - \beta_p)g)$ is Lion's $-m_t$ iff $\beta_p = \beta_2$; $\tilde M =
    -(\beta_n\beta_p m + (1 - \beta_n\beta_p)g)$ has the sign of $-c_t$ for every $(m, g)$ iff $\beta_n\beta_p =
    \beta_1$ (two linear forms with the same sign everywhere are positively proportional, and both weights sum to 1)."""
    bp, bn, b1, b2 = sp.symbols("beta_p beta_n beta_1 beta_2", positive=True)
    mom, grd = sp.symbols("m g", real=True)
    M1 = bp * (-mom) - (1 - bp) * grd
    Mt = d.step(r"$\tilde M$ in terms of Lion's $m$", sp.expand(bn * M1 - (1 - bn) * grd), "M = −m")
    d.close(sp.expand(-Mt), sp.expand(bn * bp * mom + (1 - bn * bp) * grd), r"$-\tilde M = \beta_n\beta_p m + (1 - "
            r"\beta_n\beta_p)g$", method="expand")
    sol = sp.solve([bp - b2, bn * bp - b1], [bp, bn], dict=True)
    d.close(len(sol), 1, "a unique solution")
    d.close(sol[0][bp], b2, r"$\beta_p = \beta_2$")
    d.close(sol[0][bn], b1 / b2, r"$\beta_n = \beta_1/\beta_2$")
    g0, g1 = sp.symbols("g_0 g_1", real=True)
    m1 = (1 - b2) * g0
    c1 = b1 * m1 + (1 - b1) * g1
    M1p = -(1 - b2) * g0
    Mt1 = (b1 / b2) * (b2 * M1p - (1 - b2) * g1) - (1 - b1 / b2) * g1
    d.close(sp.expand(Mt1 + c1), 0, r"two steps from $m_0 = M_0 = 0$: $\tilde M_1 = -c_1$", method="expand")


@PAGE_NESTEROV.derivation("root_of_the_page_direction")
def _page_nesterov(d: Derivation) -> None:
    r"""At Lion's tie point $m = 1 - \beta_1$, $g = -\beta_1$ ($c = 0$), the page direction $\tilde M(\beta_n) =
    \beta_n(\beta_2(-m) - (1 - \beta_2)g) - (1 - \beta_n)g$ is affine in $\beta_n$ with slope $-\beta_2$; its root is
    $\beta_1/\beta_2$."""
    bn, b1, b2 = sp.symbols("beta_n beta1 beta2", positive=True)
    m, g = 1 - b1, -b1
    direction = d.step(r"$\tilde M(\beta_n)$ at the tie point", bn * (b2 * (-m) - (1 - b2) * g) - (1 - bn) * g,
                       "M = −m, β_p = β2")
    d.close(sp.diff(direction, bn), -b2, r"slope $-\beta_2 \ne 0$: one root")
    roots = sp.solve(direction, bn)
    d.close(len(roots), 1, "a single root")
    d.close(roots[0], b1 / b2, r"$\beta_n = \beta_1/\beta_2$")


@COUPLED_DECAY.derivation("one_step_escape", shows="negation")
def _coupled_decay(d: Derivation) -> None:
    r"""$\lambda = 1$, $x_0 = 1$, $m_0 = 0$, $g_0 = -2$: $c_0 = (1 - \beta_1)(g_0 + x_0) = -(1 - \beta_1) < 0$, so
    $x_1 = 1 + \eta > 1$."""
    eta, b1 = sp.symbols("eta beta_1", positive=True)
    c0 = (1 - b1) * (-2 + 1)
    d.close(c0, -(1 - b1), r"$c_0 = -(1 - \beta_1)$", method="expand")
    d.close_true(sp.Gt(1 + eta, 1), r"$x_1 = x_0 - \eta\operatorname{sign}(c_0) = 1 + \eta > 1/\lambda$")


@RELEASE.derivation("same_update")
def _release(d: Derivation) -> None:
    r"""Release: $x(1 - \eta\lambda)$, then $+(-\eta)\operatorname{sign}(c)$; listing: $x -
    \eta(\operatorname{sign}(c) + \lambda x)$, with the same $c$ (old momentum) and the same momentum update after."""
    s, eta, lam, b1, b2 = sp.symbols("s eta lambda beta_1 beta_2", real=True)
    mom = sp.symbols("m", real=True)
    d.close(sp.expand(_x * (1 - eta * lam) + (-eta) * s), sp.expand(_x - eta * (s + lam * _x)),
            "parameters: release = listing", method="expand")
    d.close(sp.expand(mom * b2 + _g * (1 - b2)), sp.expand(b2 * mom + (1 - b2) * _g), "momentum: release = listing",
            method="expand")
    d.close(sp.expand(mom * b1 + _g * (1 - b1)), sp.expand(b1 * mom + (1 - b1) * _g),
            r"$c_t$ from $m_{t-1}$ in both (computed before the momentum update)", method="expand")


@TF2_SPARSE.derivation("division_by_beta1", shows="negation")
def _tf2_negation(d: Derivation) -> None:
    r"""At $\beta_1 = 0$ the sparse momentum $((m\beta_1 + (1 - \beta_1)g) - (1 - \beta_1)g)\beta_2/\beta_1 + (1 -
    \beta_2)g$ is $0 \cdot \beta_2/0$: undefined (NaN in float) while the dense momentum is $\beta_2 m + (1 -
    \beta_2)g$."""
    b2, mom = sp.symbols("beta_2 m", real=True)
    undone = d.step(r"$(m\beta_1 + (1 - \beta_1)g) - (1 - \beta_1)g$ at $\beta_1 = 0$", (mom * 0 + _g) - _g,
                    "the release's subtraction, evaluated")
    ratio = d.step(r"$\beta_2/\beta_1$ at $\beta_1 = 0$", b2 / sp.Integer(0), "the release's rescaling factor")
    product = d.step("their product", sp.Mul(undone, ratio), "0 times a complex infinity")
    d.close_true(bool(product is sp.nan), "undefined (NaN): the sparse momentum is lost at β₁ = 0")


@TF2_SPARSE_POSITIVE.derivation("undo_and_rescale")
def _tf2(d: Derivation) -> None:
    r"""For $\beta_1 \ne 0$: $((m\beta_1 + (1 - \beta_1)g) - (1 - \beta_1)g)\frac{\beta_2}{\beta_1} + (1 - \beta_2)g =
    \beta_2 m + (1 - \beta_2)g$, and the sign step uses $m\beta_1 + (1 - \beta_1)g$ in both paths."""
    b1, b2 = sp.symbols("beta_1 beta_2", positive=True)
    mom = sp.symbols("m", real=True)
    sparse = ((mom * b1 + (1 - b1) * _g) - (1 - b1) * _g) * b2 / b1 + (1 - b2) * _g
    d.close(sp.expand(sparse), sp.expand(b2 * mom + (1 - b2) * _g), "momentum: sparse = dense", method="expand")
