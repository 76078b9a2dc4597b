"""Sympy derivations of the dae_score claims; each closes only when sympy reduces the claim to an identity."""

from __future__ import annotations

import functools

import sympy as sp

from claimkit import Derivation

from . import claims as C

xt, x, mu, m0, m1, m2, r = sp.symbols("xt x mu M0 M1 M2 r", real=True)
sigma, s, M0 = sp.symbols("sigma s M_0", positive=True)
z = sp.Symbol("z", real=True)
#: p and its derivatives at x̃: p_k = p^{(k)}(x̃), p_0 > 0
P = sp.symbols("p0:7", real=True)
P0 = sp.Symbol("p0", positive=True)
GAUSS_MOMENTS = {0: 1, 1: 0, 2: 1, 3: 0, 4: 3, 5: 0, 6: 15, 7: 0, 8: 105}


def _gauss(y, mean, var):
    return sp.exp(-(y - mean) ** 2 / (2 * var)) / sp.sqrt(2 * sp.pi * var)


def _conditional_moment(k: int, order: int):
    """E[z^k | x̃] up to σ^order, x = x̃ − σz: Taylor-expand p(x̃ − σz) and integrate against N(0, 1)."""
    p = [P0, *P[1:]]

    def moment(j):
        return sum((-sigma) ** i * p[i] / sp.factorial(i) * GAUSS_MOMENTS[i + j] for i in range(order + 1))

    return sp.series(moment(k) / moment(0), sigma, 0, order + 1).removeO()


def _score_derivatives():
    """s, s′, s″ in terms of p_k: s = p′/p."""
    pf = sp.Function("p")
    sx = sp.diff(pf(x), x) / pf(x)
    subs = {sp.Derivative(pf(x), (x, k)): ([P0, *P[1:]])[k] for k in range(5, 0, -1)}
    out = []
    for k in range(3):
        e = sp.diff(sx, x, k)
        for key in sorted(subs, key=lambda d: -d.derivative_count):
            e = e.subs(key, subs[key])
        out.append(e.subs(pf(x), P0))
    return out


@C.POSTERIOR_MEAN.derivation("pointwise_minimisation")
def _posterior_mean(d: Derivation) -> None:
    r"""Conditionally on $\tilde x$ the criterion is $M_0 r^2 - 2 M_1 r + M_2$ with $M_k = \int x^k p(x)
    N(\tilde x; x, \sigma^2)\,dx$; it is minimised at $r = M_1/M_0$, the posterior mean; for a Gaussian component
    $p(x) N(\tilde x; x, \sigma^2)$ is, in $x$, a Gaussian of mean $(s^2\tilde x + \sigma^2\mu)/(s^2 + \sigma^2)$."""
    J = d.step("conditional criterion", M0 * r**2 - 2 * m1 * r + m2, "expand (r − x)² under the posterior")
    crit = d.step("stationary point", sp.solve(sp.diff(J, r), r)[0], "∂/∂r = 0")
    d.close(crit, m1 / M0, "the minimiser is M1/M0")
    d.close_true(sp.diff(J, r, 2) > 0, "second derivative 2 M0 > 0")
    joint = sp.log(_gauss(x, mu, s**2) * _gauss(xt, x, sigma**2))
    post = sp.log(_gauss(x, (s**2 * xt + sigma**2 * mu) / (s**2 + sigma**2), s**2 * sigma**2 / (s**2 + sigma**2)))
    d.step("log of the joint density in x", joint, "Gaussian prior times Gaussian likelihood")
    d.close(sp.cancel(sp.expand(sp.diff(joint - post, x))), 0,
            "joint and posterior Gaussian differ by a constant in x", method="expand")


@C.TWEEDIE.derivation("differentiate_under_the_integral")
def _tweedie(d: Derivation) -> None:
    r"""$\sigma^2 \partial_{\tilde x} N(\tilde x; x, \sigma^2) = (x - \tilde x) N(\tilde x; x, \sigma^2)$, so
    $\sigma^2 \partial_{\tilde x} \log p_\sigma = \int (x - \tilde x) p N / \int p N
    = E[x \mid \tilde x] - \tilde x$."""
    k = _gauss(xt, x, sigma**2)
    d.step("kernel", k, "N(x̃; x, σ²)")
    d.close(sp.simplify(sigma**2 * sp.diff(k, xt) / k), x - xt, "σ² ∂ log N / ∂x̃ = x − x̃")
    d.close(sigma**2 * (m1 - xt * m0) / m0, sigma**2 * m1 / m0 - sigma**2 * xt,
            "σ² times the ratio of the integrals is σ²(E[x|x̃] − x̃)", method="expand")
    d.step("with the σ² of the kernel cancelled", sp.Eq(sp.Symbol("r") - xt, m1 / m0 - xt), "Tweedie")


def _dae_expansion(d: Derivation, order: int = 4):
    e1 = _conditional_moment(1, order + 1)
    rem = d.step("r* − x̃ = −σ E[z | x̃]", sp.expand(-sigma * e1), "moment expansion, Gaussian moments 1, 3, 15")
    return sp.expand(rem)


@C.DAE_FIRST_ORDER.derivation("moment_expansion")
def _dae_first(d: Derivation) -> None:
    r"""Write $x = \tilde x - \sigma z$, expand $p(\tilde x - \sigma z)$ in $\sigma$ and integrate against the standard
    normal: the $\sigma^2$ coefficient of $r^* - \tilde x$ is $p'/p$ and there is no $\sigma^3$ term."""
    rem = _dae_expansion(d, 3)
    s0, _, _ = _score_derivatives()
    d.close(rem.coeff(sigma, 1), 0, "no σ term", method="expand")
    d.close(sp.cancel(rem.coeff(sigma, 2) - s0), 0, "σ² coefficient = (log p)′", method="expand")
    d.close(sp.cancel(rem.coeff(sigma, 3)), 0, "no σ³ term", method="expand")


@C.DAE_REMAINDER.derivation("moment_expansion_to_fourth_order")
def _dae_remainder(d: Derivation) -> None:
    r"""The same expansion to $\sigma^5$: the $\sigma^4$ coefficient is $(s'' + 2 s s')/2$ and the $\sigma^5$
    one is 0."""
    rem = _dae_expansion(d, 5)
    s0, s1, s2 = _score_derivatives()
    d.close(sp.cancel(rem.coeff(sigma, 4) - (s2 + 2 * s0 * s1) / 2), 0, "σ⁴ coefficient = (s″ + 2ss′)/2",
            method="expand")
    d.close(sp.cancel(rem.coeff(sigma, 5)), 0, "no σ⁵ term", method="expand")


@functools.lru_cache(maxsize=1)
def _contractive_solution():
    """(p, the residual, a, b): the Euler–Lagrange residual with r = x + εa + ε²b (ε = σ²) solved order by order."""
    pf, a, b = sp.Function("p"), sp.Function("a"), sp.Function("b")
    eps = sp.Symbol("epsilon", positive=True)
    rr = x + eps * a(x) + eps**2 * b(x)
    residual = pf(x) * (rr - x) - eps * sp.diff(pf(x) * sp.diff(rr, x), x)
    el = sp.expand(residual)
    a_sol = sp.solve(el.coeff(eps, 1), a(x))[0]
    b_sol = sp.solve(el.coeff(eps, 2).subs(a(x), a_sol).doit(), b(x))[0]
    return pf, residual, a_sol, b_sol


def _contractive_expansion(d: Derivation):
    pf, residual, a_sol, b_sol = _contractive_solution()
    d.step("Euler–Lagrange residual", residual, "p(r − x) − σ²(p r′)′ with r = x + σ² a + σ⁴ b")
    d.step("order σ²", sp.Eq(sp.Function("a")(x), a_sol), "solve")
    d.step("order σ⁴", sp.Eq(sp.Function("b")(x), b_sol), "solve")
    return pf, a_sol, b_sol


@C.CONTRACTIVE_FIRST_ORDER.derivation("perturbation_of_euler_lagrange")
def _contractive_first(d: Derivation) -> None:
    r"""Order $\sigma^2$ of the Euler–Lagrange equation gives $a = p'/p$."""
    pf, a_sol, _ = _contractive_expansion(d)
    d.close(a_sol, sp.diff(sp.log(pf(x)), x), "a = (log p)′")


@C.CONTRACTIVE_REMAINDER.derivation("perturbation_of_euler_lagrange")
def _contractive_second(d: Derivation) -> None:
    r"""Order $\sigma^4$ gives $p\,b = (p a')'$, i.e. $b = s'' + s s'$ with $s = p'/p$."""
    pf, a_sol, b_sol = _contractive_expansion(d)
    sx = sp.diff(sp.log(pf(x)), x)
    d.close(sp.together(b_sol - (sp.diff(sx, x, 2) + sx * sp.diff(sx, x))), 0, "b = s″ + s s′", method="expand")


@C.GAUSSIAN_CONTRACTIVE.derivation("linear_solution")
def _gaussian_contractive(d: Derivation) -> None:
    r"""Plug $r = a + kx$ into $r - x = \sigma^2 (r'' + s r')$ with $s = -(x - \mu)/s^2$ and solve for $(a, k)$."""
    a, k = sp.symbols("a k", real=True)
    rr = a + k * x
    score = -(x - mu) / s**2
    res = d.step("residual", sp.expand(rr - x - sigma**2 * (sp.diff(rr, x, 2) + score * sp.diff(rr, x))),
                 "r − x − σ²(r″ + s r′)")
    sol = sp.solve([res.coeff(x, 1), res.coeff(x, 0)], [a, k], dict=True)[0]
    d.step("solution", sp.Eq(sp.Symbol("r"), sol[a] + sol[k] * x), "solve the two coefficient equations")
    d.close(sol[a] + sol[k] * x, x + sigma**2 * (mu - x) / (s**2 + sigma**2), "r = x + σ²(μ − x)/(s² + σ²)")


@C.JACOBIAN.derivation("posterior_variance_expansion")
def _jacobian(d: Derivation) -> None:
    r"""$\partial r^*/\partial \tilde x = \operatorname{Var}[x \mid \tilde x]/\sigma^2 = E[z^2 \mid \tilde x] -
    E[z \mid \tilde x]^2$; its expansion is $1 + \sigma^2 (\log p)'' + O(\sigma^4)$."""
    k = _gauss(xt, x, sigma**2)
    d.close(sp.simplify(sp.diff(x * k, xt) - x * (x - xt) / sigma**2 * k), 0,
            "∂/∂x̃ of x N(x̃; x, σ²) = x(x − x̃)/σ² N: so ∂E[x|x̃]/∂x̃ = Var[x|x̃]/σ²")
    var = d.step("Var/σ²", sp.expand(_conditional_moment(2, 3) - _conditional_moment(1, 3) ** 2),
                 "moment expansion")
    _, s1, _ = _score_derivatives()
    d.close(var.coeff(sigma, 0), 1, "σ⁰ coefficient 1", method="expand")
    d.close(sp.cancel(var.coeff(sigma, 1)), 0, "no σ term", method="expand")
    d.close(sp.cancel(var.coeff(sigma, 2) - s1), 0, "σ² coefficient = (log p)″", method="expand")


@C.NOT_ENERGY.derivation("symmetric_antimode", shows="negation")
def _not_energy(d: Derivation) -> None:
    r"""For $p = \tfrac12 N(\pm 2, 1)$ and $\sigma^2 = 1/10$, $r^*(x) = x + \sigma^2 s_\sigma(x)$ with
    $s_\sigma = -x/v + (2/v)\tanh(2x/v)$, $v = 1 + \sigma^2$ (the mixture smoothed in closed form): the error
    vanishes at $0$, is positive at $1$ although $p(0) < p(1)$, and is larger at $4$ than at $1$ although
    $p(4) < p(1)$."""
    v = 1 + sp.Rational(1, 10)
    err = sp.Lambda(x, (sp.Rational(1, 10) * (-x / v + 2 / v * sp.tanh(2 * x / v))) ** 2)
    dens = sp.Lambda(x, (_gauss(x, -2, 1) + _gauss(x, 2, 1)) / 2)
    d.step("error at 0, 1, 4", sp.Tuple(err(0), err(1), err(4)), "closed form")
    d.close(err(0), 0, "the error vanishes at the antimode")
    d.close_true(sp.And(dens(0) < dens(1), err(0) < err(1)), "p(0) < p(1) and error(0) < error(1)")
    d.close_true(sp.And(dens(4) < dens(1), err(4) > err(1)), "p(4) < p(1) and error(4) > error(1)")


@C.EDGE_ORDER.derivation("half_normal_mean")
def _edge(d: Derivation) -> None:
    r"""At the edge the posterior is $\propto e^{-x^2/(2\sigma^2)}$ on $[0, 1]$; on $[0, \infty)$ its mean is exactly
    $\sigma\sqrt{2/\pi}$, and truncation at 1 changes it by a term of order $e^{-1/(2\sigma^2)}$."""
    xp = sp.Symbol("x", positive=True)
    kern = sp.exp(-xp**2 / (2 * sigma**2))
    anti = -sigma**2 * kern  # an antiderivative of x e^{-x²/2σ²}
    d.close(sp.diff(anti, xp), xp * kern, "antiderivative of the numerator's integrand")
    num = d.step("numerator", sp.limit(anti, xp, sp.oo) - anti.subs(xp, 0), "∫ x exp(−x²/2σ²) over [0, ∞)")
    anti2 = sigma * sp.sqrt(sp.pi / 2) * sp.erf(xp / (sigma * sp.sqrt(2)))  # an antiderivative of e^{-x²/2σ²}
    d.close(sp.diff(anti2, xp), kern, "antiderivative of the denominator's integrand")
    den = d.step("denominator", sp.limit(anti2, xp, sp.oo) - anti2.subs(xp, 0), "∫ exp(−x²/2σ²) over [0, ∞)")
    d.close(num / den, sigma * sp.sqrt(2 / sp.pi), "half-normal mean σ√(2/π)")


@C.KINK.derivation("odd_integrand")
def _kink(d: Derivation) -> None:
    r"""At $\tilde x = 0$ the numerator $\int x\, e^{-|x|} e^{-x^2/(2\sigma^2)}\,dx$ has an odd integrand, so
    $r^*_\sigma(0) = 0$ for every $\sigma$ and the ratio $(r^*_\sigma(0) - 0)/\sigma^2$ is 0 along the whole limit."""
    f = sp.Lambda(x, x * sp.exp(-sp.Abs(x)) * sp.exp(-x**2 / (2 * sigma**2)))
    d.step("numerator's integrand", f(x), "x p(x) N(0; x, σ²) up to constants")
    d.close(f(-x) + f(x), 0, "the integrand is odd")
    d.step("so", sp.Eq(sp.Symbol("r*(0)"), 0), "the integral of an odd integrable function over ℝ vanishes")
