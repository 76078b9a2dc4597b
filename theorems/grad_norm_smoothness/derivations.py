"""Sympy derivations of the rate and search claims: G1 (the per-step contraction certificate), G2 (the separable
case: e^{−M²f_k/c} ≤ f_{k+1}/f_k, hence the ratio tends to 1), G3 (the quadratic model of the superlinear
phase), G4 (the counting identity between rejections and γ), G6 (the acceptance margin in the eigenbasis, the
distance to Newton's step, the indefinite fixed point λ = 2) and the one-step limits.

Rational functions are reduced with ``cancel`` (``close(..., method="expand")`` on the cancelled difference), which
sympy does quickly; the exponential ones are first written in s = e^{±z}.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims_rates import REGULARISED_RATE, SEPARABLE_RATE, SEPARABLE_SUBLINEAR, SUPERLINEAR
from .claims_search import ACCEPTANCE_RATIO, FIRST_TRY, FIRST_TRY_EXACT, NEWTON_LIMIT, NEWTON_LIMIT_CONVEX, STEP_LIMITS

_s, _c, _u, _f, _m = sp.symbols("s c u f M", positive=True)
_g, _h, _lam, _gam, _mu = sp.symbols("g h lambda gamma mu", positive=True)


def _at(expr: sp.Expr, var: sp.Symbol, point: sp.Expr) -> sp.Expr:
    """The value at ``point`` of a function continuous there: ``expr`` reduced by ``cancel`` (so the denominator does
    not vanish at the point), then evaluated. With ``point = oo``, ``var`` is replaced by 1/t and t → 0."""
    if point == sp.oo:
        t = sp.Dummy("t", positive=True)
        return sp.cancel(sp.together(expr.subs(var, 1 / t))).subs(t, 0)
    return sp.cancel(sp.together(expr)).subs(var, point)


def _zero(d: Derivation, expr: sp.Expr, label: str) -> None:
    """Close ``expr = 0``: the expression is shown, then reduced to lowest terms by sympy's ``cancel``."""
    d.step(label, sp.Eq(expr, 0, evaluate=False), rule="the expression sympy reduces next")
    d.close(sp.cancel(sp.together(expr)), 0, "after cancel", method="expand")


# -- G1 ---------------------------------------------------------------------------------------------------------


@REGULARISED_RATE.derivation("per_step_certificate")
def _certificate(d: Derivation) -> None:
    r"""From the test $f_k - f_{k+1} \ge \lVert g_{k+1}\rVert^2/(8\lambda_k)$ and strong convexity
    $f_{k+1} - f^\star \le \lVert g_{k+1}\rVert^2/(2\mu)$: $f_{k+1} - f^\star \le (f_k - f^\star)/(1 + \mu\gamma_k/
    (4\lVert g_k\rVert))$. A uniform rate needs $\gamma_k/\lVert g_k\rVert$ bounded below: left open."""
    e0, e1, gg = sp.symbols("E_0 E_1 G", positive=True)
    d.step(r"test: $E_0 - E_1 \ge G^2/(8\lambda)$, $E_k = f_k - f^\star$, $G = \lVert g_{k+1}\rVert$",
           sp.Ge(e0 - e1, gg**2 / (8 * _lam)), "Algorithm 1's acceptance test")
    d.step(r"strong convexity: $E_1 \le G^2/(2\mu)$", sp.Le(e1, gg**2 / (2 * _mu)), "Polyak–Łojasiewicz")
    _zero(d, (e0 - e1 - _mu * e1 / (4 * _lam)) - ((e0 - e1 - gg**2 / (8 * _lam)) + _mu / (4 * _lam) *
                                                 (gg**2 / (2 * _mu) - e1)),
          r"$E_0 - E_1 - \frac{\mu}{4\lambda}E_1$ is the sum of the two non-negative slacks")
    _zero(d, e0 / (1 + _mu / (4 * _lam)) - e1 - (e0 - e1 - _mu * e1 / (4 * _lam)) * 4 * _lam / (4 * _lam + _mu),
          r"so $E_1 \le E_0/(1 + \mu/(4\lambda))$, with $\lambda = \lVert g_k\rVert/\gamma_k$")
    d.open(r"a uniform $q < 1$ needs $\gamma_k/\lVert g_k\rVert_*$ bounded below along the run: the paper's bound on "
           r"the Gradient-Normalized Smoothness, not derived here")


# -- G2 ---------------------------------------------------------------------------------------------------------


def _separable_pieces(d: Derivation) -> None:
    """The two scalar inequalities: σ(−z) ≤ log(1 + e^{−z}), and log(1 + cu) ≥ c log(1 + u) on [0, 1]."""
    psi = d.step(r"$\psi = \log(1 + s) - \frac{s}{1 + s}$, $s = e^{-z} > 0$ ($\log(1 + e^{-z}) - \sigma(-z)$)",
                 sp.log(1 + _s) - _s / (1 + _s), "definition")
    _zero(d, sp.diff(psi, _s) - _s / (1 + _s) ** 2, r"$\psi'(s) = s/(1 + s)^2 > 0$")
    d.close(psi.subs(_s, 0), 0, r"$\psi(0) = 0$, so $\psi \ge 0$: $\sigma(-z) \le \log(1 + e^{-z})$")
    phi = d.step(r"$\varphi(c) = \log(1 + cu) - c\log(1 + u)$, $u > 0$", sp.log(1 + _c * _u) - _c * sp.log(1 + _u),
                 "definition")
    d.close(phi.subs(_c, 0), 0, r"$\varphi(0) = 0$")
    d.close(sp.expand_log(phi.subs(_c, 1)), 0, r"$\varphi(1) = 0$")
    _zero(d, sp.diff(phi, _c, 2) + _u**2 / (1 + _c * _u) ** 2,
          r"$\varphi''(c) = -u^2/(1 + cu)^2 < 0$: concave, so $\varphi \ge 0$ on $[0, 1]$")
    d.step(r"$\lVert\Delta\rVert = \lVert(C + \lambda I)^{-1}g\rVert \le \lVert g\rVert/c$ and "
           r"$\lVert g\rVert \le \frac{M}{n}\sum_i\sigma(-z_i) \le Mf$", sp.Le(sp.Symbol("delta"), _m**2 * _f / _c),
           r"so each margin moves by at most $\delta = M\lVert\Delta\rVert \le M^2 f/c$")
    d.step(r"$\log(1 + e^{-z_i - \delta}) \ge e^{-\delta}\log(1 + e^{-z_i})$ ($\varphi \ge 0$ with $c = e^{-\delta}$)",
           sp.Ge(sp.Symbol("f_{k+1}"), sp.exp(-_m**2 * _f / _c) * _f), "averaged over the samples")


@SEPARABLE_SUBLINEAR.derivation("step_bound")
def _step_bound(d: Derivation) -> None:
    r"""$\sigma(-z) \le \log(1 + e^{-z})$; $\log(1 + cu) \ge c\log(1 + u)$ for $c \in [0, 1]$; with
    $\lVert\Delta\rVert \le \lVert g\rVert/c \le Mf/c$ every margin moves by at most $M^2 f/c$, so
    $f_{k+1} \ge e^{-M^2 f_k/c}f_k$, and the bound tends to $f_k$ as $f_k \to 0$."""
    _separable_pieces(d)
    d.close(sp.exp(-_m**2 * _f / _c).subs(_f, 0), 1,
            r"$e^{-M^2 f/c} \to 1$ as $f \to 0$: the ratio $f_{k+1}/f_k$ tends to 1")


@SEPARABLE_RATE.derivation("ratio_tends_to_one", shows="negation")
def _ratio_to_one(d: Derivation) -> None:
    r"""One sample ($M = 1$), $H = 1/4$ ($c = 1/4$): $f_{k+1}/f_k \ge e^{-4f_k}$. Either $f_k \not\to 0$ (no rate to
    $\inf f = 0$) or $f_k \to 0$ and the ratio tends to 1: no $q < 1$ bounds it."""
    _separable_pieces(d)
    d.close(sp.exp(-4 * _f).subs(_f, 0), 1, r"$e^{-4f_k} \to 1$ as $f_k \to 0$ ($M = 1$, $c = 1/4$)")


# -- G3 ---------------------------------------------------------------------------------------------------------


@SUPERLINEAR.derivation("quadratic_model")
def _superlinear(d: Derivation) -> None:
    r"""On the quadratic model with curvature $h$ the new gradient is $\lambda g/(h + \lambda)$, so the ratio of
    $f - f^\star$ is $(\lambda/(h + \lambda))^2 \to 0$ as $\lambda_k = \lVert g_k\rVert/\gamma_k \to 0$. The
    remainder of a non-quadratic $f$ is not derived."""
    new = d.step(r"$g' = g + h\Delta$, $\Delta = -g/(h + \lambda)$", _g + _h * (-_g / (_h + _lam)), "one step")
    _zero(d, new - _lam * _g / (_h + _lam), r"$g' = \lambda g/(h + \lambda)$")
    d.close(_at((_lam / (_h + _lam)) ** 2, _lam, 0), 0,
            r"$(f_{k+1} - f^\star)/(f_k - f^\star) = (g'/g)^2 \to 0$ as $\lambda \to 0$")
    d.open(r"for non-quadratic $f$, the $O(\lVert g\rVert^2)$ remainder of Newton's step and the first-trial "
           r"acceptance near the minimiser are not derived")


# -- G4 ---------------------------------------------------------------------------------------------------------


def _counting(d: Derivation) -> None:
    rs = sp.symbols("r_1:5", nonnegative=True, integer=True)
    g0 = sp.Symbol("gamma_0", positive=True)
    final = d.step(r"$\gamma_{k_0 + 4} = \gamma_{k_0}\prod_k 2^{1 - r_k}$ (four iterations, $r_k$ rejections each)",
                   g0 * sp.Mul(*[2 ** (1 - r) for r in rs]), "each rejection halves, each acceptance doubles")
    d.close(sp.expand_log(sp.log(sp.powsimp(final / g0), 2), force=True), sp.Add(*[1 - r for r in rs]),
            r"$\log_2(\gamma_K/\gamma_{k_0}) = \sum_k (1 - r_k)$", method="expand")


@FIRST_TRY.derivation("gamma_must_shrink", shows="negation")
def _gamma_shrinks(d: Derivation) -> None:
    r"""Each accepted trial needs $\gamma_k \le 8(f_k - f_{k+1})\lVert g_k\rVert/\lVert g_{k+1}\rVert^2$; under a
    linear, not superlinear, rate this bound shrinks like $\lVert g_k\rVert$, and a shrinking $\gamma$ means more
    than one rejection per iteration on average (the counting identity). The rate's premise is measured, not
    derived."""
    dk, gk, gk1 = sp.symbols("D_k G_k G_{k+1}", positive=True)
    lam = gk / _gam
    _zero(d, 8 * dk * gk / gk1**2 - _gam - (dk - gk1**2 / (8 * lam)) * 8 * gk / gk1**2,
          r"$D_k \ge G_{k+1}^2/(8\lambda_k)$ with $\lambda_k = G_k/\gamma_k$ $\iff$ $\gamma_k \le 8D_kG_k/G_{k+1}^2$")
    _counting(d)
    d.open(r"that the approximations converge linearly but not superlinearly (G_(k+1) ≥ q·G_k, D_k ≤ C·G_k²) "
           "is measured, not derived")


@FIRST_TRY_EXACT.derivation("counting_identity")
def _counting_identity(d: Derivation) -> None:
    r"""$\log_2(\gamma_K/\gamma_{k_0}) = \sum_{k_0 \le k < K}(1 - r_k)$ when every iteration accepts a trial and
    $\gamma_{\min}$ does not bind; which Hessians keep $r_k = 0$ is measured."""
    _counting(d)
    d.open("which Hessians pass at the first trial is measured on the specified data, not derived")


# -- G6 and the one-step limits ------------------------------------------------------------------------------------


def _quadratic_step(d: Derivation) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """One step on the 1-D quadratic ½ h t² + g t from 0: (Δ, decrease, new gradient)."""
    step = d.step(r"$\Delta = -g/(h + \lambda)$", -_g / (_h + _lam), r"$(h + \lambda)\Delta = -g$")

    def quad(t: sp.Expr) -> sp.Expr:
        return _h * t**2 / 2 + _g * t

    decrease = d.step(r"$f(0) - f(\Delta)$", quad(0) - quad(step), "the quadratic")
    new = d.step(r"$f'(\Delta) = g + h\Delta$", _g + _h * step, "its gradient")
    return step, decrease, new


@ACCEPTANCE_RATIO.derivation("one_step")
def _acceptance_ratio(d: Derivation) -> None:
    r"""One step on $\frac12 ht^2 + gt$: decrease $g^2(h + 2\lambda)/(2(h + \lambda)^2)$, new gradient
    $\lambda g/(h + \lambda)$, so the test's ratio is $8 + 4h/\lambda$, with limits 8 and $\infty$."""
    _, decrease, new = _quadratic_step(d)
    _zero(d, decrease / (new**2 / (8 * _lam)) - (8 + 4 * _h / _lam), r"ratio $= 8 + 4h/\lambda$")
    d.close(_at(8 + 4 * _h / _lam, _lam, sp.oo), 8, r"$\lambda \to \infty$ ($\gamma \to 0$): 8")
    d.close(_at(_lam / (8 * _lam + 4 * _h), _lam, 0), 0,
            r"$\lambda \to 0$ ($\gamma \to \infty$), $h > 0$: the inverse ratio tends to 0, the ratio to $\infty$")


@NEWTON_LIMIT_CONVEX.derivation("eigenbasis_margin")
def _convex_margin(d: Derivation) -> None:
    r"""In the eigenbasis of $A \succ 0$ each component is a 1-D quadratic: the margin is
    $\sum_j g_j^2(h_j/2 + 7\lambda/8)/(h_j + \lambda)^2 > 0$; $\lvert\Delta_j - \Delta_j^N\rvert =
    \frac{\lambda}{h_j + \lambda}\lvert\Delta_j^N\rvert \le \frac{\lambda}{h_{\min} + \lambda}\lvert\Delta_j^N\rvert$;
    and $\nabla f(y) - \nabla f(x) - A(y - x) = 0$."""
    step, decrease, new = _quadratic_step(d)
    margin = _g**2 * (_h / 2 + 7 * _lam / 8) / (_h + _lam) ** 2
    _zero(d, decrease - new**2 / (8 * _lam) - margin,
          r"one component: $f$-decrease $- g'^2/(8\lambda) = g^2(h/2 + 7\lambda/8)/(h + \lambda)^2$")
    d.close_true(sp.Gt(margin, 0), r"positive for $h > 0$, $\lambda > 0$: every trial is accepted")
    newton = -_g / _h
    _zero(d, (step - newton) / newton + _lam / (_h + _lam),
          r"$(\Delta - \Delta^N)/\Delta^N = -\lambda/(h + \lambda)$, whose size decreases in $h$")
    d.close(_at(_lam / (_h + _lam), _lam, 0), 0, r"$\to 0$ as $\lambda_k = \lVert g_k\rVert/(2^k\gamma_0)"
                                                             r" \to 0$")
    a = sp.Matrix(2, 2, sp.symbols("a_11 a_12 a_12 a_22", real=True))
    b, x, y = (sp.Matrix(sp.symbols(f"{n}_1 {n}_2", real=True)) for n in ("b", "x", "y"))
    residual = ((a * y - b) - (a * x - b) - a * (y - x)).applyfunc(sp.expand)
    d.close_true(sp.Eq(residual, sp.zeros(2, 1)),
                 r"$\nabla f(y) - \nabla f(x) - A(y - x) = 0$ ($d = 2$ shown): $\gamma(x) = +\infty$")


@NEWTON_LIMIT.derivation("indefinite_fixed_point", shows="negation")
def _indefinite(d: Derivation) -> None:
    r"""$A = \operatorname{diag}(1, -1)$: the negative-curvature component of the gradient grows by
    $\lambda/(\lambda - 1)$ per step while $\gamma$ doubles, so $\lambda_{k+1} \approx \lambda_k^2/(2(\lambda_k - 1))$,
    whose fixed point 2 is super-attracting; there the step's component is $-g/(\lambda - 1) = -g$, Newton's $+g$."""
    lam = sp.Symbol("lambda", positive=True)
    new = d.step(r"$g'_2 = g_2 + h\Delta_2$ with $h = -1$", _g + (-1) * (-_g / (-1 + lam)), "one step")
    _zero(d, new - lam * _g / (lam - 1), r"$g'_2 = \lambda g_2/(\lambda - 1)$")
    phi = d.step(r"$\varphi(\lambda) = \lambda\cdot\frac{\lambda}{\lambda - 1}\cdot\frac12$", lam**2 / (2 * (lam - 1)),
                 r"$\lambda_{k+1} = \lVert g_{k+1}\rVert/\gamma_{k+1}$, $\gamma_{k+1} = 2\gamma_k$")
    d.close(phi.subs(lam, 2), 2, r"$\varphi(2) = 2$")
    d.close(sp.diff(phi, lam).subs(lam, 2), 0, r"$\varphi'(2) = 0$: super-attracting")
    d.close((-_g / (-1 + lam)).subs(lam, 2) / (-_g / -1), -1,
            r"at $\lambda = 2$ the step's component is $-1$ times Newton's: the relative distance tends to 2, not 0")


@STEP_LIMITS.derivation("one_dimensional_limits")
def _limits(d: Derivation) -> None:
    r"""With $B = \beta$: $\Delta(\gamma) = -g/(h + \beta\lVert g\rVert_*/\gamma)$, $\lVert g\rVert_* =
    g/\sqrt\beta$: $\Delta/\gamma \to -1/\sqrt\beta$ (B-length $\gamma$) as $\gamma \to 0$, $\Delta \to -g/h$ as
    $\gamma \to \infty$; for any smooth $f$ the test's ratio tends to 8 as $\lambda \to \infty$; on the 1-D logistic
    loss Newton's step $1 + e^{-w}$ leaves a non-zero gradient, so the test fails as $\lambda \to 0$."""
    beta = sp.Symbol("beta", positive=True)
    step = d.step(r"$\Delta(\gamma)$, $g > 0$", -_g / (_h + beta * (_g / sp.sqrt(beta)) / _gam), "the step")
    d.close(_at(step / _gam, _gam, 0), -1 / sp.sqrt(beta),
            r"$\Delta/\gamma \to -1/\sqrt\beta$: $\sqrt\beta\lvert\Delta\rvert = \gamma$ to first order")
    d.close(_at(step, _gam, sp.oo), -_g / _h, r"$\Delta \to -g/h$, Newton's step")
    f1, f2, f3 = sp.symbols("f_1 f_2 f_3", real=True)
    eps = sp.Symbol("epsilon", positive=True)
    dl = -f1 * eps / (f2 * eps + 1)
    decrease = d.step(r"$f(x) - f(x + \Delta)$ to third order, $\lambda = 1/\epsilon$",
                      -(f1 * dl + f2 * dl**2 / 2 + f3 * dl**3 / 6), "Taylor")
    new = d.step(r"$f'(x + \Delta)$ to second order", f1 + f2 * dl + f3 * dl**2 / 2, "Taylor")
    d.close(_at(decrease / (new**2 * eps / 8), eps, 0), 8, r"the test's ratio $\to 8$ as $\lambda \to \infty$")
    s = sp.Symbol("s", positive=True)  # s = e^{-w}
    first, second = -s / (1 + s), s / (1 + s) ** 2
    _zero(d, -first / second - (1 + s), r"logistic $\log(1 + e^{-w})$: $\ell' = -s/(1 + s)$, $\ell'' = s/(1 + s)^2$ "
                                         r"($s = e^{-w}$), Newton's step $-\ell'/\ell'' = 1 + s$")
    new_grad = d.step(r"$\ell'(w + 1 + s) = -1/(1 + e^{w + 1 + s})$, $e^w = 1/s$", -1 / (1 + sp.exp(1 + s) / s),
                      "the gradient after Newton's step")
    d.close_true(sp.Lt(new_grad, 0), r"it is not 0: as $\lambda \to 0$ the test's right side "
                                     r"$\ell'(w + \Delta)^2/(8\lambda) \to \infty$ while "
                                     r"$f(w) - f(w + \Delta) \le f(w)$: "
                                     r"rejected for $\gamma$ large enough")
