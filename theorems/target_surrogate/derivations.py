"""Sympy derivations of the target_surrogate claims: each closes only if sympy reduces the claim to an identity."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import CONSTANTS, DESCENT_BEYOND, LINEAR_MINIMISER, MM_DESCENT, SHARP, UPPER_BOUND
from .claims_stochastic import RELEASED_AFFINE, RELEASED_MULTIPLE, RELEASED_RANGE, RELEASED_STEP_FORMULA


@UPPER_BOUND.derivation("taylor_remainder")
def _upper_bound(d: Derivation) -> None:
    r"""Along $z_t + s\,d$, $h(s) = L(z_t + s d)$ has $h(1) = h(0) + h'(0) + \int_0^1 (1 - s) h''(s)\,ds$, and
    $g_t - L = \int_0^1 (1 - s)(\|d\|^2/\eta - h''(s))\,ds$ with $h''(s) = d^\top \nabla^2 L\, d \le \|d\|^2/\eta$."""
    s, eta, r = sp.symbols("s eta r", positive=True)
    slack = sp.Symbol("q", nonnegative=True)  # ‖d‖²/η − h''(s) ≥ 0, taken constant for the bound's weight
    weight = d.step(r"$\int_0^1 (1 - s)\,ds$", sp.integrate(1 - s, (s, 0, 1)), "the weight of the remainder")
    d.close(weight, sp.Rational(1, 2), r"$= \frac{1}{2}$: the quadratic term $\frac{1}{2\eta}\|d\|^2$ is "
            r"$\int_0^1 (1 - s)\|d\|^2/\eta\,ds$")
    quad = d.step("quadratic term as an integral", sp.integrate((1 - s) * r / eta, (s, 0, 1)), r"$r = \|d\|^2$")
    d.close(quad, r / (2 * eta), r"$\int_0^1 (1 - s) r/\eta\,ds = r/(2\eta)$")
    d.close_true(sp.integrate((1 - s) * slack, (s, 0, 1)) >= 0,
                 "a non-negative integrand (1 − s)(‖d‖²/η − h″) ≥ 0 gives g − L ≥ 0")


@CONSTANTS.derivation("eigenvalues")
def _constants(d: Derivation) -> None:
    r"""Two classes: $\mathrm{diag}(p) - pp^\top$ has eigenvalues $0$ and $2p(1 - p) \le \frac{1}{2}$; Gershgorin for
    $k$ classes: row $i$ gives $p_i(1 - p_i) + p_i(1 - p_i) = 2p_i(1 - p_i) \le \frac{1}{2}$; $\sigma(1 - \sigma) \le
    \frac{1}{4}$; the mean divides the Hessian by $n$."""
    p = sp.Symbol("p", positive=True)
    h = sp.Matrix([[p - p**2, -p * (1 - p)], [-p * (1 - p), (1 - p) - (1 - p) ** 2]])
    eig = d.step("eigenvalues of the two-class Hessian", sp.Matrix(sorted(h.eigenvals().keys(), key=str)),
                 r"$\mathrm{diag}(p) - pp^\top$ with $p = (p, 1 - p)$")
    d.close(sp.factor(eig[0] * eig[1]), 0, "one eigenvalue is 0")
    d.close(sp.expand(eig[0] + eig[1]), sp.expand(2 * p * (1 - p)), r"the other is $2p(1 - p)$")
    d.close(sp.expand(sp.Rational(1, 2) - 2 * p * (1 - p)), sp.expand(2 * (p - sp.Rational(1, 2)) ** 2),
            r"$\frac{1}{2} - 2p(1 - p) = 2(p - \frac{1}{2})^2 \ge 0$: attained at $p = \frac{1}{2}$")
    q = sp.symbols("q1:4", positive=True)
    row = q[0] * (1 - q[0]) + q[0] * (q[1] + q[2])
    d.close(sp.expand(row.subs(q[2], 1 - q[0] - q[1])), sp.expand(2 * q[0] * (1 - q[0])),
            r"Gershgorin, three classes: the absolute row sum is $2p_1(1 - p_1)$")
    sig = sp.Symbol("sigma", positive=True)
    d.close(sp.expand(sp.Rational(1, 4) - sig * (1 - sig)), sp.expand((sig - sp.Rational(1, 2)) ** 2),
            r"$\frac{1}{4} - \sigma(1 - \sigma) = (\sigma - \frac{1}{2})^2$: the logistic constant, attained at 0")
    z, y, n = sp.symbols("z y n", positive=True)
    d.close(sp.diff((z - y) ** 2 / 2, z, 2), 1, r"the squared loss: $\ell'' = 1$ everywhere")
    d.close(sp.diff(sp.Function("ell")(z) / n, z, 2) * n, sp.diff(sp.Function("ell")(z), z, 2),
            r"the mean's block is $\frac{1}{n}\ell''$: the constant is divided by $n$")


@SHARP.derivation("second_order_coefficient")
def _sharp(d: Derivation) -> None:
    r"""At $z_t = (0, 0)$, label 0, $z = \delta(1, -1)/\sqrt 2$, $a = \delta/\sqrt 2$: $L = \log(e^a + e^{-a}) - a$ and
    $g_t = \log 2 - a + \delta^2/(2\eta)$, so $g_t - L = \delta^2/(2\eta) - \log\cosh a$, whose $\delta^2$
    coefficient $\frac{1}{2\eta} - \frac{1}{4}$ is negative for $\eta > 2$."""
    delta, eta, a = sp.symbols("delta eta a", positive=True)
    d.close(2 * sp.cosh(a).rewrite(sp.exp), sp.exp(a) + sp.exp(-a),
            r"$e^a + e^{-a} = 2\cosh a$: $L = \log 2 + \log\cosh a - a$")
    logcosh = d.step(r"$\log\cosh a$ to fourth order", sp.series(sp.log(sp.cosh(a)), a, 0, 6).removeO(),
                     "Taylor expansion")
    gap = d.step("g − L along u", delta**2 / (2 * eta) - logcosh.subs(a, delta / sp.sqrt(2)),
                 r"$\nabla L(0) = (-\frac{1}{2}, \frac{1}{2})$, so $\langle \nabla L, z\rangle = -a$")
    d.close(sp.expand(gap), sp.expand(delta**2 * (1 / (2 * eta) - sp.Rational(1, 4)) + delta**4 / 48),
            r"$\delta^2(\frac{1}{2\eta} - \frac{1}{4}) + \frac{\delta^4}{48} + O(\delta^6)$")
    eps = sp.Symbol("epsilon", positive=True)
    coeff = (1 / (2 * eta) - sp.Rational(1, 4)).subs(eta, 2 * (1 + eps))
    d.close(sp.together(coeff), -eps / (4 * (1 + eps)), r"at $\eta = 2(1 + \epsilon)$ the coefficient is "
            r"$-\epsilon/(4(1 + \epsilon)) < 0$")


@DESCENT_BEYOND.derivation("quadratic_upper_bound")
def _descent_beyond(d: Derivation) -> None:
    r"""With $z_{t+1} - z_t = -\eta P\nabla L$ and $\langle \nabla L, P\nabla L\rangle = \|P\nabla L\|^2$, the
    $\beta$-smooth upper bound gives $L(z_{t+1}) - L(z_t) \le -\eta\|P\nabla L\|^2 + \frac{\beta}{2}\eta^2\|P\nabla
    L\|^2$."""
    eta, beta, gnorm = sp.symbols("eta beta G", positive=True)
    change = d.step("bound on the change", -eta * gnorm + beta / 2 * eta**2 * gnorm,
                    r"$\langle \nabla L, \Delta z\rangle + \frac{\beta}{2}\|\Delta z\|^2$, $G = \|P\nabla L\|^2$")
    d.close(sp.factor(change), -eta * gnorm * (2 - beta * eta) / 2, r"$= -\eta G (1 - \beta\eta/2)$")
    c = sp.Symbol("c", positive=True)
    at_c = d.step(r"the bound at $\eta = 2c/\beta$", sp.factor(change.subs(eta, 2 * c / beta)), "substitution")
    d.close(at_c, 2 * c * (c - 1) * gnorm / beta, r"$= \frac{2c}{\beta}(c - 1)G$")
    d.close_true((2 * c * (c - 1) * gnorm / beta).subs(c, c / (1 + c)) < 0,
                 "negative for every c in (0, 1), written c/(1 + c) with c > 0")


@MM_DESCENT.derivation("sandwich")
def _mm_descent(d: Derivation) -> None:
    r"""$L(f(\theta_t)) - L(f(\theta_{t+1})) = [g_t(\theta_{t+1}) - L(f(\theta_{t+1}))] + [g_t(\theta_t) -
    g_t(\theta_{t+1})]$, because $g_t(\theta_t) = L(z_t)$; both brackets are non-negative."""
    a, b = sp.symbols("a b", nonnegative=True)
    lt, g1 = sp.symbols("L_t g_1", real=True)
    touch = d.step(r"$g_t(\theta_t)$", lt + 0 + 0 / (2 * sp.Symbol("eta", positive=True)), r"$f(\theta_t) = z_t$")
    d.close(touch, lt, r"the surrogate touches the loss at $\theta_t$")
    drop = d.step("decrease", lt - (g1 - a), r"$L(f(\theta_{t+1})) = g_t(\theta_{t+1}) - a$, $a \ge 0$")
    d.close(drop.subs(g1, lt - b), a + b, r"with $g_t(\theta_{t+1}) = g_t(\theta_t) - b$, $b \ge 0$")
    d.close_true(sp.Ge(a + b, 0), "non-negative")


@LINEAR_MINIMISER.derivation("normal_equations")
def _linear(d: Derivation) -> None:
    r"""For $X \in \mathbb{R}^{3 \times 2}$ symbolic, the gradient $X^\top G + \frac{1}{\eta}X^\top X(\theta -
    \theta_t)$ of $g_t$ vanishes at the closed form, and the Hessian $\frac{1}{\eta}X^\top X$ is positive
    semidefinite (definite at rank $d$)."""
    x = sp.Matrix(3, 2, sp.symbols("x1:7", real=True))
    g = sp.Matrix(3, 1, sp.symbols("g1:4", real=True))
    eta = sp.Symbol("eta", positive=True)
    gram = x.T * x
    step = d.step("closed-form step", -eta * gram.adjugate() * x.T * g / gram.det(),
                  r"$-\eta (X^\top X)^{-1} X^\top G$")
    grad = d.step("gradient at the step", x.T * g + gram * step / eta, r"$X^\top G + \frac{1}{\eta}X^\top X\,\Delta$")
    for i in range(2):
        d.close(sp.expand(sp.numer(sp.together(grad[i]))), 0,
                rf"component {i + 1} of the gradient vanishes: the normal equations hold")
    v = sp.Matrix(2, 1, sp.symbols("v1:3", real=True))
    d.close(sp.expand((v.T * gram * v)[0]), sp.expand(((x * v).T * (x * v))[0]),
            r"the Hessian's form $v^\top X^\top X v = \|Xv\|^2 \ge 0$: a minimum, unique when $X$ has rank $d$")


@RELEASED_MULTIPLE.derivation("additive_constant", shows="negation")
def _released_multiple(d: Derivation) -> None:
    r"""$nk\,\mathrm{eta}\,S = \langle G, f\rangle + \mathrm{eta}\|f - z_t\|^2 = g_t - L(z_t) + \langle G, z_t\rangle$
    with $\frac{1}{2\eta} = \mathrm{eta}$: the constant $\langle G, z_t\rangle - L(z_t)$ is not zero in general
    (one target: $G = 1$, $z_t = 0$, $L(z_t) = 1$ gives $-1$)."""
    g, f, zt, e, lt = sp.symbols("G f z_t eta_r L_t", real=True)
    released = d.step("nk·eta·S", g * f + e * (f - zt) ** 2, "the released surrogate, one entry")
    surrogate = lt + g * (f - zt) + (f - zt) ** 2 * e
    const = d.step("nk·eta·S − g_t", sp.expand(released - surrogate), r"with $\frac{1}{2\eta} = \mathrm{eta}$")
    d.close(const, g * zt - lt, r"$= \langle G, z_t\rangle - L(z_t)$, free of $f$")
    d.close_true(sp.Ne(const.subs({g: 1, zt: 0, lt: 1}), 0), "non-zero at G = 1, z_t = 0, L(z_t) = 1")


@RELEASED_AFFINE.derivation("differences")
def _released_affine(d: Derivation) -> None:
    r"""$S(f_1) - S(f_2) = \frac{1}{nk\,\mathrm{eta}}(g_t(f_1) - g_t(f_2))$ entrywise when $\frac{1}{2\eta} =
    \mathrm{eta}$."""
    g, f1, f2, zt, e = sp.symbols("G f_1 f_2 z_t eta_r", real=True)
    eta = 1 / (2 * e)
    s = lambda f: g * f / e + (f - zt) ** 2  # noqa: E731
    gt = lambda f: g * (f - zt) + (f - zt) ** 2 / (2 * eta)  # noqa: E731
    d.close(sp.expand(s(f1) - s(f2)), sp.expand((gt(f1) - gt(f2)) / e), r"$\eta = 1/(2\,\mathrm{eta})$")


@RELEASED_RANGE.derivation("threshold")
def _released_range(d: Derivation) -> None:
    r"""$\eta = \frac{1}{2\,\mathrm{eta}} \le 2n$ if and only if $\mathrm{eta} \ge \frac{1}{4n}$."""
    e, n = sp.symbols("eta_r n", positive=True)
    d.close(sp.solve(sp.Eq(1 / (2 * e), 2 * n), e)[0], 1 / (4 * n), r"the boundary $\mathrm{eta} = \frac{1}{4n}$")
    d.close_true(sp.diff(1 / (2 * e), e) < 0, "η decreases in eta: the bound holds above the boundary")


@RELEASED_STEP_FORMULA.derivation("coefficient_ratio")
def _released_step(d: Derivation) -> None:
    r"""One entry with $G = 1$, $z_t = 0$: $S(f) = f/\mathrm{eta} + f^2$; proportional to $g_t = L + f + f^2/(2\eta)$
    only if the ratio of the linear to the quadratic coefficient agrees: $1/\mathrm{eta} = 2\eta$."""
    f, e, eta = sp.symbols("f eta_r eta", positive=True)
    released = sp.Poly(f / e + f**2, f)
    surrogate = sp.Poly(f + f**2 / (2 * eta), f)
    ratio_s = d.step("linear over quadratic, released", released.coeff_monomial(f) / released.coeff_monomial(f**2),
                     r"$S(f) = f/\mathrm{eta} + f^2$")
    ratio_g = d.step("linear over quadratic, paper", surrogate.coeff_monomial(f) / surrogate.coeff_monomial(f**2),
                     r"$g_t(f) - L = f + f^2/(2\eta)$")
    d.close(sp.solve(sp.Eq(ratio_s, ratio_g), eta)[0], 1 / (2 * e), r"$\eta = \frac{1}{2\,\mathrm{eta}}$")
