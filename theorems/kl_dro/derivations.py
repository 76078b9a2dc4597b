"""Sympy derivations of the kl_dro claims (three losses or three classes where a size is needed)."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims as C

tau = sp.Symbol("tau", positive=True)
ells = sp.symbols("ell_0 ell_1 ell_2", real=True)
ps = sp.symbols("p_0 p_1 p_2", positive=True)
nu = sp.Symbol("nu", real=True)


def _gibbs3(losses, t):
    e = [sp.exp(v / t) for v in losses]
    return [x / sp.Add(*e) for x in e]


@C.GIBBS_WEIGHTS.derivation("lagrange")
def _gibbs_lagrange(d: Derivation) -> None:
    """The weights $p_j = e^{(\\ell_j + \\nu - \\tau)/\\tau}/3$ make every derivative of the Lagrangian vanish
    (the multiplier $\\nu$ fixes $\\sum_j p_j = 1$), so $p_j \\propto e^{\\ell_j/\\tau}$; the objective is strictly
    concave ($-\\tau/p_j$ on the diagonal of its Hessian), so the stationary point is the maximum."""
    lag = d.step("Lagrangian", sum(p * v for p, v in zip(ps, ells)) - tau * sum(p * sp.log(3 * p) for p in ps)
                 + nu * (sp.Add(*ps) - 1), "n = 3")
    cand = [sp.exp((v + nu - tau) / tau) / 3 for v in ells]
    d.step("candidate weights", sp.Matrix(cand))
    for j, p in enumerate(ps):
        d.close(sp.expand(sp.expand_log(sp.diff(lag, p).subs(p, cand[j]), force=True)), 0,
                f"derivative in the weight {j + 1} vanishes", method="expand")
    d.close(sp.powsimp(cand[0] / cand[1]), sp.exp((ells[0] - ells[1]) / tau), "ratio of two weights", method="expand")
    d.close_true(sp.diff(lag, ps[0], 2) < 0, "strict concavity in each coordinate")


@C.LSE_VALUE.derivation("value_at_gibbs")
def _lse_value(d: Derivation) -> None:
    """The objective at the Gibbs weights equals $\\tau\\log(\\frac13\\sum_j e^{\\ell_j/\\tau})$."""
    p = _gibbs3(ells, tau)
    obj = d.step("objective at the Gibbs weights",
                 sum(a * b for a, b in zip(p, ells)) - tau * sum(a * sp.log(3 * a) for a in p), "n = 3")
    lse = tau * sp.log(sum(sp.exp(v / tau) for v in ells) / 3)
    residual = sp.cancel(sp.together(sp.expand(sp.expand_log(obj, force=True))
                                     - sp.expand(sp.expand_log(lse, force=True))))
    d.step("log-sum-exp", lse)
    d.close(residual, 0, "objective − log-sum-exp, logs expanded and the fraction cancelled", method="expand")


@C.ACTIVE_CONSTRAINT.derivation("dual_derivative")
def _dual_derivative(d: Derivation) -> None:
    """$\\partial_\\tau[\\tau\\log\\frac13\\sum_j e^{\\ell_j/\\tau}] = -\\mathrm{KL}(p_\\tau\\|u)$, so the dual's
    derivative is $\\rho - \\mathrm{KL}(p_\\tau\\|u)$, zero at an interior minimiser."""
    total = sum(sp.exp(v / tau) for v in ells)
    f = d.step("dual without the radius term", tau * sp.log(total / 3))
    p = _gibbs3(ells, tau)
    d.close(sp.together(sp.Add(*p)), 1, "the Gibbs weights sum to 1", method="expand")
    kl = d.step("KL of the Gibbs weights to uniform, with log(3pⱼ) = ℓⱼ/τ − log((1/3) Σ exp(ℓ/τ)) and Σ pⱼ = 1",
                sum(a * v / tau for a, v in zip(p, ells)) - sp.log(total / 3))
    d.close(sp.diff(f, tau), -kl, "∂τ of the log-sum-exp = −KL", method="expand")


@C.INACTIVE_CONSTRAINT.derivation("limit_at_zero")
def _inactive(d: Derivation) -> None:
    """With a unique largest loss $\\ell_0$ and gaps $g_1, g_2 > 0$, the KL of the Gibbs weights tends to
    $\\log 3 = \\log(n/m)$ as $\\tau \\to 0^+$ and stays below it, so the dual's slope $\\rho - \\mathrm{KL}$ is
    positive for every $\\tau$ when $\\rho \\ge \\log(n/m)$; the log-sum-exp is $\\ell_0$ plus $\\tau$ times a
    bounded log, so the dual tends to $\\ell_0$."""
    top = sp.Symbol("ell_0", real=True)
    g1, g2 = sp.symbols("g_1 g_2", positive=True)
    inner = 1 + sp.exp(-g1 / tau) + sp.exp(-g2 / tau)
    d.step("log-sum-exp, largest loss factored out: the log's argument stays in [1/3, 1]",
           top + tau * sp.log(inner / 3))
    kl = d.step("KL of the Gibbs weights", -sp.log(inner / 3)
                + (-g1 / tau * sp.exp(-g1 / tau) - g2 / tau * sp.exp(-g2 / tau)) / inner)
    d.close(sp.limit(kl, tau, 0, "+"), sp.log(3), "KL → log(n/m) with m = 1")


lam = sp.Symbol("lambda", positive=True)
xs = sp.symbols("x_0 x_1 x_2", real=True)


@C.LDR_SMALL_LAMBDA.derivation("limit_small")
def _ldr_small(d: Derivation) -> None:
    """With $x_k = c[k\\ne y] + s_k - s_y$, $x_0$ the largest and gaps $g_1, g_2 \\ge 0$:
    $\\lambda\\log\\frac13\\sum_k e^{x_k/\\lambda} \\to x_0$."""
    top = sp.Symbol("x_0", real=True)
    g1, g2 = sp.symbols("g_1 g_2", positive=True)
    psi = d.step("ψ_λ with the largest term factored out",
                 top + lam * sp.log((1 + sp.exp(-g1 / lam) + sp.exp(-g2 / lam)) / 3))
    d.close(sp.limit(psi, lam, 0, "+"), top, "limit as λ → 0⁺ is the largest xₖ")


@C.LDR_LARGE_LAMBDA.derivation("limit_large")
def _ldr_large(d: Derivation) -> None:
    """$\\lambda\\log\\frac13\\sum_k e^{x_k/\\lambda} \\to \\frac13\\sum_k x_k$ as $\\lambda \\to \\infty$
    (with $t = 1/\\lambda$)."""
    t = sp.Symbol("t", positive=True)
    psi = d.step("ψ at λ = 1/t", sp.log(sum(sp.exp(v * t) for v in xs) / 3) / t)
    d.close(sp.limit(psi, t, 0, "+"), sum(xs) / 3, "limit as t → 0⁺")


mu = sp.Symbol("mu", real=True)


@C.REVERSE_KL_FORM.derivation("stationarity")
def _reverse_stationarity(d: Derivation) -> None:
    """Stationarity of $\\sum_j p_j\\ell_j + \\tau\\log n + \\frac\\tau n\\sum_j\\log p_j - \\mu(\\sum_j p_j - 1)$ gives
    $p_j = \\tau/(n(\\mu - \\ell_j))$; the objective is strictly concave."""
    n = 3
    lag = d.step("Lagrangian", sum(p * v for p, v in zip(ps, ells)) + tau * sp.log(n)
                 + tau / n * sum(sp.log(p) for p in ps) - mu * (sp.Add(*ps) - 1), "n = 3")
    sol = sp.solve(sp.diff(lag, ps[0]), ps[0])[0]
    d.close(sol, tau / (n * (mu - ells[0])), "stationary weight")
    d.close_true(sp.diff(lag, ps[0], 2) < 0, "strict concavity")


@C.REVERSE_KL_LSE.derivation("two_losses", shows="negation")
def _reverse_negation(d: Derivation) -> None:
    """At $\\ell = (0, 1)$, $\\tau = 1$: $\\mu = 1 + 1/\\sqrt2$ solves $\\sum_j p_j = 1$, and the optimum is below
    the log-sum-exp."""
    m = sp.Symbol("mu", positive=True)
    roots = sp.solve(sp.Eq(1 / (2 * m) + 1 / (2 * (m - 1)), 1), m)
    mu0 = d.step("multiplier", [r for r in roots if r > 1][0], "the root above max ℓ = 1")
    p0, p1 = 1 / (2 * mu0), 1 / (2 * (mu0 - 1))
    d.close(p0 + p1, 1, "the weights sum to 1")
    value = d.step("reverse-KL optimum", p1 + sp.log(2) + (sp.log(p0) + sp.log(p1)) / 2)
    d.close_true(value < sp.log((1 + sp.E) / 2), "optimum < τ log mean exp(ℓ/τ)")


@C.ALDR_LINEARISED.derivation("tangent_step")
def _aldr_tangent(d: Derivation) -> None:
    """The tangent of $\\lambda \\mapsto \\lambda\\log\\frac1K\\sum_k e^{z_k/\\lambda}$ at $\\lambda_i$ has slope
    $-\\mathrm{KL}(q\\|u)$; maximising the tangent minus the penalty gives the released update."""
    lam_i, lam0, alpha, kl, c0 = sp.symbols("lambda_i lambda_0 alpha kappa c_0", positive=True)
    big_k = sp.Symbol("K", positive=True)
    obj = d.step("tangent objective", c0 - kl * (lam - lam_i) - alpha * sp.log(big_k) / (2 * lam0)
                 * (lam - lam0) ** 2, "κ = KL(q‖u) at λ_i")
    sol = sp.solve(sp.diff(obj, lam), lam)[0]
    d.close(sol, lam0 - lam0 * kl / (alpha * sp.log(big_k)), "argmax = the released update")
    d.close(sp.diff(obj, lam, 2), -alpha * sp.log(big_k) / lam0, "second derivative, negative for K ≥ 2")


@C.ALDR_POSITIVE.derivation("kl_at_most_log_k")
def _aldr_positive(d: Derivation) -> None:
    """$\\mathrm{KL}(q\\|u) = \\log K - H(q) \\le \\log K$, so the update is at least $\\lambda_0(1 - 1/\\alpha)$."""
    lam0, log_k, alpha = sp.symbols("lambda_0 L alpha", positive=True)
    h = sp.Symbol("H", nonnegative=True)
    new = d.step("update with KL = log K − H(q), L = log K", lam0 - lam0 * (log_k - h) / (alpha * log_k))
    d.close_true(sp.simplify(new - lam0 * (1 - 1 / alpha)) >= 0, "update ≥ λ0 (1 − 1/α)")
