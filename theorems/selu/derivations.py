"""Sympy derivations of the SELU claims.

The moment map (Eq. 4–5) from antiderivatives of the Gaussian integrands, checked by differentiation, with the
limits at ±∞ taken by sympy on the standardised variable; the constants α01, λ01 solving the fixed-point
equations (erfc(1/√2) and erfc(√2) kept as symbols); the Jacobian's entries by the chain rule and the heat
equation, and its norm at (0, 1) evaluated exactly; alpha dropout's mean and variance for any input; the
negations: (0, 1) is not a fixed point at τ = 1.1, and the release's parameters for (−0.1, 2) do not make it one
at ω = 0.
"""

from __future__ import annotations

import functools
from typing import Any

import sympy as sp

from claimkit import Derivation

from . import formulas as F
from .claims_constants import CONSTANTS, JACOBIAN_AT_FIXED_POINT
from .claims_dynamics import ABSTRACT_CONVERGENCE
from .claims_library import LIBRARY_JACOBIAN
from .claims_map import MEAN_MAP, SECOND_MOMENT_MAP
from .claims_release import ALPHA_DROPOUT, RELEASE_SOLVER_NORMALIZED, RELEASE_SOLVER_WEIGHTS

_x = sp.Symbol("x", real=True)
_y = sp.Symbol("y", real=True)
_m = sp.Symbol("m", real=True)
_v = sp.Symbol("v", positive=True)
_ROOT = sp.sqrt(2 * _v)
_U = (_x - _m) / _ROOT  # the standardised variable: x = m + √(2v)·y
_DENSITY = sp.exp(-(_x - _m) ** 2 / (2 * _v)) / sp.sqrt(2 * sp.pi * _v)


def _reduce(e: Any) -> Any:
    """erfc written 1 − erf, expanded, powers of e combined: enough for sums of erf/exp terms to cancel."""
    return sp.expand(sp.powsimp(sp.expand(sp.sympify(e).rewrite(sp.erf)), combine="exp"))


@functools.lru_cache(maxsize=1)
def _antiderivatives() -> dict[str, tuple[Any, Any, Any]]:
    """name -> (integrand, antiderivative, (value at the upper end − value at the lower end)) for the five
    Gaussian integrals; the antiderivatives are c·erf(y − shift) + h(x)·density, and the ends use
    lim erf(±∞) = ±1 and lim (polynomial)·density = 0 (the limits themselves are closed in the derivation)."""
    out = {}
    for name, integrand, erf_coefficient, shift, rest, upper in (
            ("P(z <= 0)", _DENSITY, sp.Rational(1, 2), 0, 0, False),
            ("E[z; z > 0]", _x * _DENSITY, _m / 2, 0, -_v, True),
            ("E[z^2; z > 0]", _x**2 * _DENSITY, (_m**2 + _v) / 2, 0, -_v * (_x + _m), True),
            ("E[e^z; z <= 0]", sp.exp(_x) * _DENSITY, sp.exp(_m + _v / 2) / 2, _v, 0, False),
            ("E[e^(2z); z <= 0]", sp.exp(2 * _x) * _DENSITY, sp.exp(2 * _m + 2 * _v) / 2, 2 * _v, 0, False)):
        anti = erf_coefficient * sp.erf(_U - shift / _ROOT) + rest * _DENSITY
        at_zero = anti.subs(_x, 0)
        # at +∞ the erf is 1 and the density term vanishes; at −∞ the erf is −1
        value = (erf_coefficient - at_zero) if upper else (at_zero + erf_coefficient)
        out[name] = (integrand, anti, value)
    return out


def _record_antiderivatives(d: Derivation, names: tuple[str, ...]) -> dict[str, Any]:
    pieces = _antiderivatives()
    d.close_true(sp.Eq(sp.limit(sp.erf(_y), _y, sp.oo), 1), r"$\lim_{y \to \infty}\operatorname{erf}(y) = 1$ "
                 r"(and $-1$ at $-\infty$, erf being odd)")
    c0, c1, c2 = sp.symbols("c_0 c_1 c_2", real=True)
    d.close_true(sp.Eq(sp.limit((c0 + c1 * _y + c2 * _y**2) * sp.exp(-_y**2), _y, sp.oo), 0),
                 r"$\lim_{y \to \pm\infty}(c_0 + c_1y + c_2y^2)e^{-y^2} = 0$: the density terms vanish at the ends")
    values = {}
    for name in names:
        integrand, anti, value = pieces[name]
        d.step(f"antiderivative for {name}", anti, "a guess of the form c·erf + h·density")
        d.close(_reduce(sp.diff(anti, _x) - integrand), 0, f"its derivative is the integrand of {name}",
                method="expand")
        values[name] = d.step(name, value, "the antiderivative between the ends")
    return values


def _moments_from_pieces(values: dict[str, Any]) -> tuple[Any, Any]:
    lam, alpha = F.LAM, F.ALPHA
    low, pos, tail = values["P(z <= 0)"], values["E[z; z > 0]"], values["E[e^z; z <= 0]"]
    mean = lam * (pos + alpha * (tail - low))
    if "E[z^2; z > 0]" not in values:
        return mean, None
    second = lam**2 * (values["E[z^2; z > 0]"] + alpha**2 * (values["E[e^(2z); z <= 0]"] - 2 * tail + low))
    return mean, second


_TO_MAP = {_m: F.MU * F.OMEGA, _v: F.NU * F.TAU}


@MEAN_MAP.derivation("gaussian_integrals")
def _mean_map(d: Derivation) -> None:
    r"""$\tilde\mu = \lambda(\mathrm{E}[z; z > 0] + \alpha(\mathrm{E}[e^z; z \le 0] - P(z \le 0)))$ for
    $z \sim \mathcal N(m, v)$, each integral from an antiderivative checked by differentiation; then
    $m = \mu\omega$, $v = \nu\tau$."""
    values = _record_antiderivatives(d, ("P(z <= 0)", "E[z; z > 0]", "E[e^z; z <= 0]"))
    mean, _ = _moments_from_pieces(values)
    d.step(r"$\tilde\mu$ for $z \sim \mathcal N(m, v)$", mean, r"selu $= \lambda z$ on $z > 0$, "
           r"$\lambda\alpha(e^z - 1)$ on $z \le 0$")
    mean_map, _ = F.moment_expressions(_m, _v)
    d.close(_reduce(mean - mean_map), 0, r"equals the paper's $\tilde\mu$ (Eq. 4) at $m = \mu\omega$, $v = \nu\tau$",
            method="expand")


@SECOND_MOMENT_MAP.derivation("gaussian_integrals")
def _second_moment_map(d: Derivation) -> None:
    r"""$\tilde\xi = \lambda^2(\mathrm{E}[z^2; z > 0] + \alpha^2(\mathrm{E}[e^{2z}; z \le 0] - 2\mathrm{E}[e^z; z \le 0]
    + P(z \le 0)))$, each integral from an antiderivative checked by differentiation; then $m = \mu\omega$,
    $v = \nu\tau$. The variance map is $\tilde\nu = \tilde\xi - \tilde\mu^2$ by definition (Eq. 5)."""
    values = _record_antiderivatives(d, ("P(z <= 0)", "E[z^2; z > 0]", "E[e^z; z <= 0]", "E[e^(2z); z <= 0]"))
    lam, alpha = F.LAM, F.ALPHA
    second = lam**2 * (values["E[z^2; z > 0]"] + alpha**2 * (values["E[e^(2z); z <= 0]"] - 2 * values["E[e^z; z <= 0]"]
                                                            + values["P(z <= 0)"]))
    d.step(r"$\tilde\xi$ for $z \sim \mathcal N(m, v)$", second, r"$\mathrm{selu}^2 = \lambda^2z^2$ on $z > 0$, "
           r"$\lambda^2\alpha^2(e^{2z} - 2e^z + 1)$ on $z \le 0$")
    _, second_map = F.moment_expressions(_m, _v)
    d.close(_reduce(second - second_map), 0, r"equals the paper's $\tilde\xi$ (Eq. 5, the release's first part of var) "
            r"at $m = \mu\omega$, $v = \nu\tau$", method="expand")


# -- the constants ------------------------------------------------------------------------------------------


@CONSTANTS.derivation("closed_forms_solve_the_equations")
def _constants(d: Derivation) -> None:
    r"""At $\omega = 0$, $\tau = 1$, $(\mu, \nu) = (0, 1)$: $z \sim \mathcal N(0, 1)$ and the equations
    $\tilde\mu = 0$, $\tilde\xi = 1$ involve only $E = \operatorname{erfc}(1/\sqrt2)$ and
    $F = \operatorname{erfc}(\sqrt2)$; the closed forms of $\alpha_{01}$, $\lambda_{01}$ solve them for every
    value of $E$, $F$."""
    e_, f_ = sp.symbols("E F", positive=True)
    mean, second = F.moment_expressions(sp.Integer(0), sp.Integer(1))
    names = {sp.erfc(sp.sqrt(2) / 2): e_, sp.erfc(sp.sqrt(2)): f_}
    mean, second = d.step(r"$\tilde\mu(0, 1)$", mean.xreplace(names), "Eq. 4 at m = 0, v = 1"), \
        d.step(r"$\tilde\xi(0, 1)$", second.xreplace(names), "Eq. 5 at m = 0, v = 1")
    alpha01 = -sp.sqrt(2 / sp.pi) / (e_ * sp.sqrt(sp.E) - 1)
    lam01 = (1 - sp.sqrt(sp.E) * e_) * sp.sqrt(2 * sp.pi / (2 + sp.pi - 2 * sp.sqrt(sp.E) * (2 + sp.pi) * e_
                                                            + sp.E * sp.pi * e_**2 + 2 * sp.E**2 * f_))
    d.step(r"$\alpha_{01}$", alpha01, "the closed form")
    d.step(r"$\lambda_{01}$", lam01, "the closed form")
    d.close(sp.cancel(sp.together(mean.subs(F.ALPHA, alpha01))), 0, r"$\tilde\mu(0, 1) = 0$ at $\alpha_{01}$",
            method="expand")
    squared = second.subs(F.ALPHA, alpha01).subs(F.LAM**2, lam01**2)
    d.close(sp.cancel(sp.together(squared - 1)), 0, r"$\tilde\xi(0, 1) = \tilde\nu(0, 1) = 1$ at "
            r"$(\alpha_{01}, \lambda_{01})$", method="expand")
    d.close_true(sp.And(alpha01.subs({e_: sp.erfc(1 / sp.sqrt(2))}) > 0,
                        (1 - sp.sqrt(sp.E) * sp.erfc(1 / sp.sqrt(2))) > 0),
                 r"$\alpha_{01} > 0$ and $\lambda_{01} > 0$ (the positive square root)")


# -- the Jacobian -------------------------------------------------------------------------------------------


def _jacobian_formulas() -> dict[str, Any]:
    """The library's entries (heat-equation forms) in sympy, for z ~ N(m, v)."""
    lam, alpha = F.LAM, F.ALPHA
    up = (1 + sp.erf(_m / _ROOT)) / 2
    tail = sp.exp(_m + _v / 2) * sp.erfc((_m + _v) / _ROOT) / 2
    tail2 = sp.exp(2 * _m + 2 * _v) * sp.erfc((_m + 2 * _v) / _ROOT) / 2
    density0 = sp.exp(-_m**2 / (2 * _v)) / sp.sqrt(2 * sp.pi * _v)
    pos = _m * up + sp.sqrt(_v) * density0 * sp.sqrt(_v)
    return {"d_mean_m": lam * (up + alpha * tail),
            "d_mean_v": (lam * alpha * tail + lam * (1 - alpha) * density0) / 2,
            "d_second_m": 2 * lam**2 * (pos + alpha**2 * (tail2 - tail)),
            "d_second_v": lam**2 * (up + alpha**2 * (2 * tail2 - tail))}


def _chain_rule(d: Derivation) -> None:
    """μ enters g only through m = μω and ν only through v = ντ (any function f of (m, v))."""
    f = sp.Function("f")
    nu, tau = sp.symbols("nu tau", positive=True)
    composed = f(F.MU * F.OMEGA, nu * tau)
    d_mu = d.step(r"$\partial_\mu f(\mu\omega, \nu\tau)$", sp.diff(composed, F.MU), "chain rule")
    d.close(d_mu.subs(F.OMEGA, 0), 0, r"at $\omega = 0$ the first column of the Jacobian vanishes")
    d.close(sp.diff(composed, nu) - tau * sp.diff(f(F.MU * F.OMEGA, _v), _v).subs(_v, nu * tau), 0,
            r"$\partial_\nu = \tau\,\partial_v$", method="expand")


@LIBRARY_JACOBIAN.derivation("chain_rule_and_heat_equation")
def _library_jacobian(d: Derivation) -> None:
    r"""$\mu$ enters $g$ only through $m = \mu\omega$ and $\nu$ only through $v = \nu\tau$, so
    $\partial_\mu = \omega\partial_m$, $\partial_\nu = \tau\partial_v$; the library's $\partial_m$, $\partial_v$ of
    $\tilde\mu$, $\tilde\xi$ ($\mathrm{E}f'$, $\frac12\mathrm{E}f''$ with the jump of $f'$ at 0) equal the
    derivatives of Eq. 4–5; $\partial\tilde\nu = \partial\tilde\xi - 2\tilde\mu\,\partial\tilde\mu$."""
    _chain_rule(d)
    mean, second = F.moment_expressions(_m, _v)
    lib = _jacobian_formulas()
    for key, (expr, var) in {"d_mean_m": (mean, _m), "d_mean_v": (mean, _v), "d_second_m": (second, _m),
                             "d_second_v": (second, _v)}.items():
        d.step(key, lib[key], "the library's formula")
        d.close(_reduce(sp.diff(expr, var) - lib[key]), 0, f"{key} is the derivative of Eq. 4–5", method="expand")


@JACOBIAN_AT_FIXED_POINT.derivation("value_at_zero_one")
def _value_at_zero_one(d: Derivation) -> None:
    r"""At $\omega = 0$ the first column vanishes; the second is $\tau\,\partial_v(\tilde\mu, \tilde\nu)$ at $m = 0$,
    in closed form; at $v = \tau = 1$ with the exact $\alpha_{01}$, $\lambda_{01}$, sympy evaluates
    $\lVert\mathcal J\rVert_2 = \sqrt{(\partial_v\tilde\mu)^2 + (\partial_v\tilde\nu)^2}$ and rounds it to 0.7877."""
    _chain_rule(d)
    mean0, second0 = F.moment_expressions(sp.Integer(0), _v)
    s = sp.sqrt(_v)
    half_tail = sp.exp(_v / 2) * sp.erfc(s / sp.sqrt(2))
    d_mean = F.LAM / 2 * ((1 - F.ALPHA) / (s * sp.sqrt(2 * sp.pi)) + F.ALPHA / 2 * half_tail)
    d_second = F.LAM**2 * (sp.Rational(1, 2) + F.ALPHA**2 * (sp.exp(2 * _v) * sp.erfc(sp.sqrt(2) * s) - half_tail / 2))
    d.close(_reduce(sp.diff(mean0, _v) - d_mean), 0, r"$\partial_v\tilde\mu$ at $m = 0$", method="expand")
    d.close(_reduce(sp.diff(second0, _v) - d_second), 0, r"$\partial_v\tilde\xi$ at $m = 0$", method="expand")
    a, b = sp.symbols("a b", real=True)
    jac = sp.Matrix([[0, a], [0, b]])
    d.close_true(sp.Eq((jac.T * jac).eigenvals(), {0: 1, a**2 + b**2: 1}),
                 r"$\mathcal J^\top\mathcal J$ has eigenvalues $0$ and $a^2 + b^2$: $\lVert\mathcal J\rVert_2 = "
                 r"\sqrt{a^2 + b^2}$")
    alpha01, lam01 = (sp.Float(str(x), 40) for x in F.constants_closed_form(40))  # the closed forms at 40 digits
    at = {_v: sp.Integer(1), F.ALPHA: alpha01, F.LAM: lam01}
    entry_a = sp.N(d_mean.xreplace(at), 35)
    entry_b = sp.N((d_second - 2 * mean0 * d_mean).xreplace(at), 35)
    d.step(r"$\partial_v\tilde\mu$, $\partial_v\tilde\nu$ at $(0, 1)$", sp.Matrix([entry_a, entry_b]),
           "evalf, 35 digits")
    norm = d.step(r"$\lVert\mathcal J(0, 1)\rVert_2$ at $\omega = 0$, $\tau = 1$", sp.sqrt(entry_a**2 + entry_b**2),
                  "35 digits")
    d.close_true(sp.And(sp.Abs(norm - sp.Rational(7877, 10000)) < sp.Rational(1, 20000), norm < 1),
                 r"$|\lVert\mathcal J\rVert_2 - 0.7877| < 0.00005$ and $\lVert\mathcal J\rVert_2 < 1$")


# -- alpha dropout -------------------------------------------------------------------------------------------


@ALPHA_DROPOUT.derivation("mean_and_variance")
def _alpha_dropout(d: Derivation) -> None:
    r"""With $x' = dx + (1 - d)\alpha'$, $d \sim \mathrm{Bernoulli}(q)$ independent of $x$, $\mathrm{E}\,x = \mu$,
    $\mathrm{E}\,x^2 = \nu + \mu^2$: $\mathrm{E}(ax' + b) = \mu$ and $\mathrm{Var}(ax' + b) = \nu$; only the first
    two moments of $x$ enter, so the distribution is arbitrary."""
    mu, alpha_p = sp.symbols("mu alpha'", real=True)
    nu, q = sp.symbols("nu q", positive=True)
    mean_x = d.step(r"$\mathrm{E}\,x'$", q * mu + (1 - q) * alpha_p, r"$d^2 = d$, $d(1 - d) = 0$, independence")
    second_x = d.step(r"$\mathrm{E}\,x'^2$", q * (nu + mu**2) + (1 - q) * alpha_p**2, "likewise")
    a = sp.sqrt(nu / (q * ((1 - q) * (alpha_p - mu) ** 2 + nu)))
    b = mu - a * (q * mu + (1 - q) * alpha_p)
    d.close(a * mean_x + b, mu, r"$\mathrm{E}(ax' + b) = \mu$", method="expand")
    d.close(sp.cancel(a**2 * (second_x - mean_x**2)), nu, r"$\mathrm{Var}(ax' + b) = a^2\,\mathrm{Var}\,x' = \nu$")


# -- negations --------------------------------------------------------------------------------------------


def _at(expr: Any, values: dict[Any, Any]) -> Any:
    return expr.xreplace(values)


@ABSTRACT_CONVERGENCE.derivation("zero_one_not_fixed_at_tau_1_1", shows="negation")
def _not_fixed(d: Derivation) -> None:
    r"""At $\omega = 0$, $\tau = 11/10$: $\tilde\nu(0, 1) > 1$, so $(0, 1)$ is not a fixed point of $g$; the limit of
    the iterates of the continuous map $g$ is a fixed point, hence not $(0, 1)$."""
    alpha01, lam01 = (sp.Float(str(x), 30) for x in F.constants_closed_form(30))  # 30 digits: ν̃ moves < 1e-28
    values = {F.MU: sp.Integer(0), F.OMEGA: sp.Integer(0), F.NU: sp.Integer(1), F.TAU: sp.Rational(11, 10),
              F.ALPHA: alpha01, F.LAM: lam01}
    mean, second = F.moment_expressions(sp.Integer(0), sp.Rational(11, 10), values[F.LAM], values[F.ALPHA])
    var = d.step(r"$\tilde\nu(0, 1)$ at $\omega = 0$, $\tau = 11/10$", second - mean**2, "Eq. 5 at m = 0, v = 11/10")
    d.close_true(var > sp.Rational(21, 20), r"$\tilde\nu(0, 1) > 1.05$: $(0, 1)$ is not a fixed point")


@RELEASE_SOLVER_NORMALIZED.derivation("notebook_example_at_normalized_weights", shows="negation")
def _notebook_example(d: Derivation) -> None:
    r"""With the notebook's $(\alpha, \lambda) = (1.9769021954242014, 1.073851239616046)$ and $\omega = 0$, $\tau = 1$:
    $\tilde\mu(-0.1, 2) = \mathrm{E}\,\mathrm{selu}(z)$, $z \sim \mathcal N(0, 2)$, is not $-0.1$."""
    alpha, lam = (sp.Rational(repr(x)) for x in F.RELEASE_OUTPUTS[(-0.1, 2.0)])
    values = {F.MU: sp.Rational(-1, 10), F.OMEGA: sp.Integer(0), F.NU: sp.Integer(2), F.TAU: sp.Integer(1),
              F.ALPHA: alpha, F.LAM: lam}
    mean = d.step(r"$\tilde\mu(-0.1, 2)$ at $\omega = 0$, $\tau = 1$", _at(F.MEAN_EXPR, values), "Eq. 4")
    d.close_true(mean + sp.Rational(1, 10) > sp.Rational(1, 20), r"$\tilde\mu(-0.1, 2) > -0.05$: not $-0.1$")


@RELEASE_SOLVER_WEIGHTS.derivation("unit_weights_are_the_notebook_equations")
def _unit_weights(d: Derivation) -> None:
    r"""At $\omega = \tau = 1$ the pre-activation is $\mathcal N(\mu, \nu)$ and Eq. 4–5 are the notebook's
    ``mean`` and ``var`` with its ``nu`` $= \mu$, ``tau`` $= \nu$: the solver's root is a fixed point there. That
    no other $(\omega, \tau)$ works is a statement about the moment map's injectivity, checked numerically."""
    mean, second = F.moment_expressions(F.MU, F.NU)
    d.close(F.MEAN_EXPR.subs({F.OMEGA: 1, F.TAU: 1}), mean, r"$\tilde\mu$ at $\omega = \tau = 1$ is the notebook's "
            "mean", method="expand")
    d.close(F.SECOND_EXPR.subs({F.OMEGA: 1, F.TAU: 1}), second, r"$\tilde\xi$ at $\omega = \tau = 1$ is the "
            "notebook's var plus mean² (and so is the variance)", method="expand")
    d.open("the 'only if' (no other (ω, τ) gives the fixed point) is not a symbolic identity: it rests on the grid "
           "search of the checks")
