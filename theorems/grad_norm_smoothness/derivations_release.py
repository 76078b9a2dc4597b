"""Sympy derivations of G5 (ℓ''' = −tanh(z/2)ℓ'', |tanh| < 1, Cauchy–Schwarz and its equality cases in the dual
norms), of G7 (the saddle run in exact rationals: λ₂ < 1, and Rosenbrock's first factorisation) and of the weighted
Gauss–Newton identity (symbolic m = n = 2)."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims_release import INDEFINITE, RANK_ONE
from .claims_smoothness import QSC, QSC_NORMS, RATIO

_z = sp.Symbol("z", real=True)
_s = sp.Symbol("s", positive=True)


def _at_infinity(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """The limit of a rational function as ``var`` → ∞: ``var`` replaced by 1/t, reduced by ``cancel``, at t = 0."""
    t = sp.Dummy("t", positive=True)
    return sp.cancel(sp.together(expr.subs(var, 1 / t))).subs(t, 0)


def _zero(d: Derivation, expr: sp.Expr, label: str) -> None:
    """Close ``expr = 0``: the expression is shown, then reduced to lowest terms by sympy's ``cancel``."""
    d.step(label, sp.Eq(expr, 0, evaluate=False), rule="the expression sympy reduces next")
    d.close(sp.cancel(sp.together(expr)), 0, "after cancel", method="expand")


def _logistic_ratio(d: Derivation) -> None:
    """ℓ'' and ℓ''' in s = e^z: ℓ''' / ℓ'' = (1 − s)/(1 + s) = −tanh(z/2)."""
    ell = d.step(r"$\ell(z) = \log(1 + e^{-z})$", sp.log(1 + sp.exp(-_z)), "the logistic loss")
    second = sp.diff(ell, _z, 2).subs(sp.exp(-_z), 1 / _s).subs(sp.exp(_z), _s)
    third = sp.diff(ell, _z, 3).subs(sp.exp(-_z), 1 / _s).subs(sp.exp(_z), _s)
    _zero(d, second - _s / (1 + _s) ** 2, r"$\ell'' = s/(1 + s)^2$, $s = e^z$")
    _zero(d, third / second - (1 - _s) / (1 + _s), r"$\ell'''/\ell'' = (1 - s)/(1 + s)$")
    _zero(d, (-sp.tanh(_z / 2)).rewrite(sp.exp).subs(sp.exp(_z / 2), sp.sqrt(_s)).subs(sp.exp(-_z / 2),
                                                                                         1 / sp.sqrt(_s))
          - (1 - _s) / (1 + _s), r"$(1 - s)/(1 + s) = -\tanh(z/2)$")


@RATIO.derivation("differentiate")
def _ratio(d: Derivation) -> None:
    r"""Differentiate $\log(1 + e^{-z})$ twice and thrice, in $s = e^z$: the ratio is $(1 - s)/(1 + s) =
    -\tanh(z/2)$, whose size is below 1 and tends to 1."""
    _logistic_ratio(d)
    d.close(_at_infinity((1 - _s) / (1 + _s), _s), -1, r"$z \to +\infty$ ($s \to \infty$): $-1$")
    d.close(((1 - _s) / (1 + _s)).subs(_s, 0), 1, r"$z \to -\infty$ ($s \to 0$): $1$")


@QSC.derivation("scalar_bound_and_cauchy_schwarz")
def _qsc(d: Derivation) -> None:
    r"""$D^3f[u, u, v] = \frac1n\sum_i \ell'''(z_i)(a_i^\top u)^2 y_i a_i^\top v$ with $\lvert\ell'''\rvert \le \ell''$
    ($1 - \tanh^2 = 4s/(1 + s)^2 > 0$) and $\lvert a_i^\top v\rvert \le \lVert a_i\rVert_2\lVert v\rVert_2$ (Lagrange's
    identity), so $\lvert D^3f\rvert \le \max_i\lVert a_i\rVert_2\lVert v\rVert_2 D^2f$."""
    _logistic_ratio(d)
    _zero(d, 1 - ((1 - _s) / (1 + _s)) ** 2 - 4 * _s / (1 + _s) ** 2,
          r"$1 - \tanh^2(z/2) = 4s/(1 + s)^2$")
    d.close_true(sp.Gt(4 * _s / (1 + _s) ** 2, 0), r"$> 0$: $\lvert\ell'''\rvert < \ell''$")
    a1, a2, a3, v1, v2, v3 = sp.symbols("a_1 a_2 a_3 v_1 v_2 v_3", real=True)
    lagrange = (a1 * v2 - a2 * v1) ** 2 + (a1 * v3 - a3 * v1) ** 2 + (a2 * v3 - a3 * v2) ** 2
    d.close(sp.expand((a1**2 + a2**2 + a3**2) * (v1**2 + v2**2 + v3**2) - (a1 * v1 + a2 * v2 + a3 * v3) ** 2),
            sp.expand(lagrange), r"$\lVert a\rVert^2\lVert v\rVert^2 - (a^\top v)^2$ is a sum of squares (Lagrange; "
                                 r"$d = 3$ shown, the same in any $d$)", method="expand")
    d.step(r"sum over the samples: $\lvert D^3 f\rvert \le \frac1n\sum_i \ell''(z_i)(a_i^\top u)^2\lVert a_i\rVert_2"
           r"\lVert v\rVert_2 \le M\lVert v\rVert_2 D^2 f$", sp.Symbol("M") * sp.Symbol("D2"),
           r"the regulariser adds $\mu\lVert u\rVert^2 \ge 0$ to $D^2 f$ only")


@QSC_NORMS.derivation("duality_and_tightness")
def _norms(d: Derivation) -> None:
    r"""Hölder: $\lvert a^\top v\rvert \le \lVert a\rVert_*\lVert v\rVert$, with equality for
    $v = \operatorname{sign}(a)$ ($\ell_\infty$, dual $\ell_1$), $v = \pm e_j$ at the largest $\lvert a_j\rvert$
    ($\ell_1$, dual $\ell_\infty$), $v = B^{-1}a/\lVert a\rVert_{B^{-1}}$ ($\lVert\cdot\rVert_B$); with one sample
    the ratio is $\tanh(z/2)\lVert a\rVert_*$, tending to $\lVert a\rVert_*$."""
    p1, p2, p3 = sp.symbols("p_1 p_2 p_3", positive=True)
    d.close(sp.Matrix([p1, -p2, p3]).dot(sp.Matrix([1, -1, 1])), p1 + p2 + p3,
            r"$a = (p_1, -p_2, p_3)$, $v = \operatorname{sign}(a)$, $\lVert v\rVert_\infty = 1$: "
            r"$a^\top v = \lVert a\rVert_1$", method="expand")
    b11, b22 = sp.symbols("b_11 b_22", positive=True)
    b12 = sp.Symbol("b_12", real=True)
    bm = sp.Matrix([[b11, b12], [b12, b22]])
    a = sp.Matrix(sp.symbols("a_1 a_2", real=True))
    w = d.step(r"$w = B^{-1}a$", bm.inv() * a, "the dual direction, before normalising")
    q = (a.T * w)[0]
    d.close(sp.cancel(sp.together((w.T * bm * w)[0] - q)), 0,
            r"$w^\top Bw = a^\top B^{-1}a = q$: $v = w/\sqrt q$ has $v^\top Bv = 1$ and $a^\top v = \sqrt q = "
            r"\lVert a\rVert_{B^{-1}}$: equality", method="expand")
    d.close(_at_infinity((_s - 1) / (_s + 1), _s), 1, r"one sample: ratio $\tanh(z/2)\lVert a\rVert_* = "
            r"\frac{s - 1}{s + 1}\lVert a\rVert_* \to \lVert a\rVert_*$")


@INDEFINITE.derivation("saddle_in_exact_rationals")
def _saddle(d: Derivation) -> None:
    r"""$\frac12x^2 - \frac12y^2 + \frac14y^4$ from $(3, 0)$ with $\mathrm{eps} = 10^{-8}$, in exact rationals: the
    first two trials are accepted, $\lambda_2 = x_2/(4 + \mathrm{eps}) < 1$, so $H + \lambda_2 I =
    \operatorname{diag}(1 + \lambda_2, -1 + \lambda_2)$ is indefinite; Rosenbrock's $H_0 + \lambda_0 I$ from $(0, 1)$
    has the entry $-398 + \lambda_0 < 0$."""
    eps = sp.Rational(1, 10**8)
    x, gamma = sp.Integer(3), sp.Integer(1)

    def f(t):
        return t**2 / 2

    for k in range(2):
        lam = x / (gamma + eps)  # g = (x, 0), ‖g‖ = |x| = x > 0
        new = x - x / (1 + lam)
        d.close_true(sp.Ge(f(x) - f(new), new**2 / (8 * lam)), rf"trial {k} accepted ($x_{k} \to x_{k + 1}$)")
        x, gamma = new, 2 * gamma
    lam2 = d.step(r"$\lambda_2 = x_2/(\gamma_2 + \mathrm{eps})$", x / (gamma + eps), "exact rationals")
    d.close_true(sp.Lt(lam2, 1), r"$\lambda_2 < 1$: $-1 + \lambda_2 < 0$, the factorisation fails")
    lam0 = sp.sqrt(4 + 200**2) / (1 + eps)
    d.close_true(sp.Lt(-398 + lam0, 0), r"Rosenbrock at $(0, 1)$: $\nabla f = (-2, 200)$, $-398 + \lambda_0 < 0$")


@RANK_ONE.derivation("symbolic_identity")
def _rank_one(d: Derivation) -> None:
    r"""$m = n = 2$, symbolic $A$ and $\mu$, written in $e_i = e^{(a_i^\top x - b_i)/\mu}$
    (so $\partial e_i/\partial x = e_i a_i/\mu$): the chain rule gives $\nabla f$ and $\nabla^2 f$ of
    $f = \mu\log(e_1 + e_2)$, compared with $A^\top\pi$ and
    $\frac1\mu A^\top\operatorname{Diag}(\pi)A - \frac1\mu\nabla f\nabla f^\top$."""
    mu = sp.Symbol("mu", positive=True)
    a = sp.Matrix(2, 2, sp.symbols("a_11 a_12 a_21 a_22", real=True))
    e = sp.Matrix(sp.symbols("e_1 e_2", positive=True))
    f = d.step(r"$f = \mu\log(e_1 + e_2)$", mu * sp.log(e[0] + e[1]), "log-sum-exp in the exponentials")
    f_e = sp.Matrix([sp.diff(f, ei) for ei in e])
    jac = d.step(r"$\partial e/\partial x = \operatorname{Diag}(e)A/\mu$", sp.diag(*e) * a / mu, "chain rule")
    grad = jac.T * f_e
    hess = jac.T * sp.hessian(f, list(e)) * jac + sum(
        ((f_e[i] * e[i] / mu**2) * a[i, :].T * a[i, :] for i in range(2)), sp.zeros(2, 2))
    d.step(r"$\nabla^2 f = J^\top\nabla_e^2 f\,J + \sum_i \partial_{e_i} f\,e_i a_ia_i^\top/\mu^2$", hess,
           "chain rule, second order")
    pi = d.step(r"$\pi = (e_1, e_2)/(e_1 + e_2)$", e / (e[0] + e[1]), "softmax")

    def reduced(m: sp.Matrix) -> sp.Matrix:
        return m.applyfunc(lambda v: sp.cancel(sp.together(v)))

    d.close_true(sp.Eq(reduced(grad - a.T * pi), sp.zeros(2, 1)), r"$\nabla f = A^\top\pi$")
    gauss_newton = a.T * sp.diag(*pi) * a / mu
    d.close_true(sp.Eq(reduced(gauss_newton - hess - grad * grad.T / mu), sp.zeros(2, 2)),
                 r"$\frac1\mu A^\top\operatorname{Diag}(\pi)A - \nabla^2 f = \frac1\mu\nabla f\nabla f^\top$, "
                 "entry by entry")
