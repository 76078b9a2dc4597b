"""The sympy derivations of the self-distillation claims.

Every matrix in the recursion is a polynomial or rational function of K, so all of them are diagonal in
K's eigenbasis and each statement reduces to one eigen-mode (eigenvalue d ≥ 0, multiplier a = d/(d + λ)).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims as C

d = sp.Symbol("d", nonnegative=True)
dp = sp.Symbol("d", positive=True)
lam = sp.Symbol("lambda", positive=True)
alpha = sp.Symbol("alpha", nonnegative=True)
alpha_pos = sp.Symbol("alpha", positive=True)
beta = sp.Symbol("beta", positive=True)  # 1 − α for α < 1
y, g, c, f0 = sp.symbols("y g c f_0", real=True)
ct = sp.Symbol("c^t", real=True)  # c^t as one symbol: the induction step multiplies it by c
t = sp.Symbol("t", integer=True, nonnegative=True)


@C.STEP_SOLVES_OBJECTIVE.derivation("per_mode_stationary_point")
def _step(dv: Derivation) -> None:
    r"""In the eigenbasis $f = Kc$ has coordinates $d\,c$ and $\lVert f\rVert_{\mathcal{H}}^2 = d c^2$; the mode's
    objective
    is a convex quadratic in $c$ whose stationary point gives $f = a(\alpha y + (1-\alpha)g)$."""
    J = dv.step("mode objective", alpha * (y - d * c) ** 2 + (1 - alpha) * (g - d * c) ** 2 + lam * d * c ** 2,
                "$f_{t-1}$ has coordinate $g$")
    c_star = (alpha * y + (1 - alpha) * g) / (d + lam)
    dv.close(sp.diff(J, c).subs(c, c_star), 0,
             "the derivative vanishes at $c^* = (\\alpha y + (1-\\alpha)g)/(d+\\lambda)$")
    dv.close_true(sp.diff(J, c, 2) >= 0, "the second derivative $2d(d+\\lambda)$ is non-negative")
    dv.close(d * c_star, d / (d + lam) * (alpha * y + (1 - alpha) * g), "$f = d c^* = a(\\alpha y + (1-\\alpha) g)$")


@C.CLOSED_FORM.derivation("induction_per_mode")
def _closed(dv: Derivation) -> None:
    r"""Per mode, $S_t = \alpha a y\,(1 - c^t)/(1 - c) + c^t f_0$, $c = (1-\alpha)a$, the geometric sum; it starts at
    $f_0$ and satisfies the recursion (induction on $t$)."""
    a = d / (d + lam)
    cc = (1 - alpha) * a

    def S(power):  # power stands for c^t
        return alpha * a * y * (1 - power) / (1 - cc) + power * f0

    dv.step("closed form per mode", S(ct), r"$\sum_{j<t} c^j = (1 - c^t)/(1 - c)$, with $c < 1$ as $\lambda > 0$")
    dv.close(S(sp.Integer(1)), f0, "base case $t = 0$")
    dv.close(a * (alpha * y + (1 - alpha) * S(ct)), S(cc * ct),
             "induction step: $a(\\alpha y + (1-\\alpha)S_t) = S_{t+1}$")


@C.LIMIT.derivation("per_mode_fixed_point")
def _limit(dv: Derivation) -> None:
    r"""Per mode the recursion $u \mapsto a(\alpha y + (1-\alpha)u)$ contracts by $c = (1-\alpha)a < 1$ and its
    fixed point
    is $d y/(d + \lambda/\alpha)$."""
    a = d / (d + lam)
    cc = (1 - alpha) * a
    dv.close_true(sp.simplify(cc * (d + lam) - (d + lam)) < 0, "contraction: $(1-\\alpha)d < d + \\lambda$")
    u = sp.Symbol("u")
    fixed = sp.solve(sp.Eq(u, a * (alpha_pos * y + (1 - alpha_pos) * u)), u)[0]
    dv.step("fixed point", fixed, "solve $u = a(\\alpha y + (1-\\alpha)u)$")
    dv.close(fixed, d * y / (d + lam / alpha_pos), "$u^* = d y/(d + \\lambda/\\alpha)$")
    K = sp.Symbol("d", nonnegative=True)
    dv.close(alpha_pos * K / (alpha_pos * K + lam), K / (K + lam / alpha_pos),
             "the released form $\\alpha K(\\alpha K + \\lambda I)^{-1}$ is the same per mode")


@C.LIMIT_MULTIPLIER.derivation("fixed_point_of_the_mode")
def _limit_multiplier(dv: Derivation) -> None:
    r"""The mode's map $u \mapsto c\,u + \alpha a$, $c = (1-\alpha)a < 1$, has the fixed point $\alpha a/(1 - c)$, which
    is $d/(d + \lambda/\alpha)$."""
    a = d / (d + lam)
    dv.close_true(sp.simplify((1 - alpha) * d - (d + lam)) < 0, "contraction: $(1-\\alpha)d < d + \\lambda$")
    dv.close(alpha_pos * a / (1 - (1 - alpha_pos) * a), d / (d + lam / alpha_pos),
             "$\\alpha a/(1 - (1-\\alpha)a) = d/(d + \\lambda/\\alpha)$")


@C.BOUNDARIES.derivation("per_mode_boundaries")
def _bounds(dv: Derivation) -> None:
    r"""At $\alpha = 0$ the mode is $a^{t+1}y$ with $a = 1/(1 + \lambda/d) < 1$, which tends to 0 geometrically with
    ratio
    $a$, largest for $d_{\max}$; at $\alpha = 1$ the step returns $a y$ whatever $f_{t-1}$."""
    s = sp.Symbol("s", positive=True)  # λ/d
    a = 1 / (1 + s)
    dv.close(sp.limit(a ** (t + 1) * y, t, sp.oo), 0, "$a^{t+1}y \\to 0$ for $\\alpha = 0$")
    dv.close_true(sp.diff(dp / (dp + lam), dp) > 0, "$a$ increases with $d$: the top mode sets the rate")
    prev = sp.Symbol("u_prev", real=True)
    dv.close((d / (d + lam)) * (1 * y + 0 * prev), (d / (d + lam)) * y, "$\\alpha = 1$: $f_t = Ay = f_0$")


@C.MULTIPLIERS_DECREASE.derivation("first_difference_and_induction")
def _decrease(dv: Derivation) -> None:
    r"""$B_1 - B_0 = -(1-\alpha)a(1-a) < 0$, and $B_{t+1} - B_t = (1-\alpha)a(B_t - B_{t-1})$ keeps the sign."""
    a = dp / (dp + lam)
    B1 = a * ((beta) * a + (1 - beta))  # α = 1 − β, β ∈ (0, 1)
    dv.close_true(sp.factor(B1 - a) < 0, "$B_1 - B_0 < 0$ (with $1 - \\alpha = \\beta > 0$)")
    Bp, Bq = sp.symbols("B_t B_{t-1}", real=True)
    step = (a * (beta * Bp + 1 - beta)) - (a * (beta * Bq + 1 - beta))
    dv.close(step, beta * a * (Bp - Bq), "$B_{t+1} - B_t = (1-\\alpha)a\\,(B_t - B_{t-1})$")


@C.SMALL_MODES_FASTER.derivation("ratio_increasing_in_c")
def _faster(dv: Derivation) -> None:
    r"""$h_t = B_t/B_0$ obeys $h_0 = 1$, $h_{t+1} = \alpha + c\,h_t$ with $c = (1-\alpha)a$ increasing in $d$; by
    induction
    $h_t > 0$ and $h_t' \ge 0$ in $c$, with $h_{t+1}' = h_t + c h_t' > 0$."""
    a = dp / (dp + lam)
    h, hprime = sp.symbols("h_t h_t'", real=True)
    Bt = sp.Symbol("B_t", real=True)
    cc = (1 - alpha) * a
    dv.close(a * ((1 - alpha) * Bt + alpha) / a, alpha + cc * (Bt / a),
             "$B_{t+1}/B_0 = \\alpha + c\\,B_t/B_0$")
    dv.close(sp.diff(alpha + c * h, c), h, "$\\partial_c$ of $\\alpha + c h_t$ at fixed $h_t$ is $h_t$")
    dv.close_true(sp.diff(a, dp) > 0,
                  "$c = (1-\\alpha)a$ increases with $d$ for $\\alpha < 1$")
    dv.step("induction", sp.Eq(sp.Symbol("h_{t+1}'"), h + c * hprime), "$h_t > 0$, $h_t' \\ge 0$, $c \\ge 0$")


@C.OPTIMAL_ALPHA_CLOSED_FORM.derivation("vertex_of_parabola")
def _alpha(dv: Derivation) -> None:
    r"""With $u = A(y - f)$, $r = y^* - Af$: $q(\alpha) = \lVert \alpha u - r\rVert^2 = U\alpha^2 - 2P\alpha + R$ with
    $U = \lVert u\rVert^2 > 0$, $P = \langle u, r\rangle$; its only stationary point is $P/U$, a minimum."""
    U = sp.Symbol("U", positive=True)
    P, Rr, a = sp.symbols("P R alpha", real=True)
    q = dv.step("q", U * a ** 2 - 2 * P * a + Rr)
    dv.close(sp.diff(q, a).subs(a, P / U), 0, "$q'(P/U) = 0$")
    dv.close_true(sp.diff(q, a, 2) > 0, "$q'' = 2U > 0$")


@C.OPTIMAL_ALPHA_CONSTRAINED.derivation("convex_parabola_on_interval")
def _constrained(dv: Derivation) -> None:
    r"""$q(\alpha) = U(\alpha - P/U)^2 + R - P^2/U$: on $[0, 1]$ it decreases up to $\min(1, \max(0, P/U))$ and
    increases after."""
    U = sp.Symbol("U", positive=True)
    P, Rr, a = sp.symbols("P R alpha", real=True)
    dv.close(U * a ** 2 - 2 * P * a + Rr, U * (a - P / U) ** 2 + Rr - P ** 2 / U, "completing the square")


@C.OPTIMAL_ALPHA_IN_UNIT_INTERVAL.derivation("scalar_counterexample", shows="negation")
def _outside(dv: Derivation) -> None:
    r"""$N = 1$, $K = 1$, $\lambda = 1$: $A = 1/2$; $y = y^* = 1$, $f_{t-1} = 0$ give $q(\alpha) = (\alpha/2 - 1)^2$,
    minimal at
    $\alpha = 2 > 1$."""
    a = sp.Symbol("alpha", real=True)
    A = sp.Rational(1, 1) / (1 + 1)
    q = dv.step("q", (A * 0 + a * A * (1 - 0) - 1) ** 2)
    star = sp.solve(sp.diff(q, a), a)[0]
    dv.step("α*", star, "the only stationary point of a convex parabola")
    dv.close_true(sp.Gt(star, 1), "$\\alpha^* = 2 > 1$")
