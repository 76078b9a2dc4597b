"""Sympy derivations of the hl_gauss claims: each closes only if sympy reduces the claim to an identity."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims_decoding import BIAS_SERIES, EDGE_SIZE, INTERIOR_EXACT, NEGLIGIBLE, TWO_HOT_MEAN, TWO_HOT_OUTSIDE
from .claims_release import MINIMISER


@TWO_HOT_MEAN.derivation("barycentric")
def _two_hot_mean(d: Derivation) -> None:
    r"""The two weights on $[a_j, a_{j+1}]$ are the barycentric coordinates of $y$."""
    a0, a1, y = sp.symbols("a_j a_j1 y", real=True)
    w = d.step(r"weight on $a_j$", (a1 - y) / (a1 - a0), "definition")
    decoded = d.step("decoded value", w * a0 + (1 - w) * a1, r"$\sum_i p_i a_i$ over the two atoms")
    d.close(decoded, y, r"$w a_j + (1 - w) a_{j+1} = y$")
    d.close(w.subs(y, a0) + (1 - w).subs(y, a1), 2, r"the weights are 1 at the atoms: continuous across atoms")


@TWO_HOT_OUTSIDE.derivation("clipped_and_extrapolated")
def _two_hot_outside(d: Derivation) -> None:
    r"""Clipped: all mass on $a_m$ decodes to $a_m$. Unclipped on the last segment, $y > a_m$ gives
    $w = (a_m - y)/(a_m - a_{m-1}) < 0$."""
    a0, gap, excess = sp.symbols("a_m1 Delta e", positive=True)
    a1 = a0 + gap
    y = a1 + excess
    w = d.step(r"unclipped weight on $a_{m-1}$", (a1 - y) / (a1 - a0), "the end segment's formula")
    d.close_true(w < 0, r"the weight is negative for $y > a_m$")
    d.close(w * a0 + (1 - w) * a1, y, "yet it decodes to $y$")


@INTERIOR_EXACT.derivation("nonzero_first_harmonic", shows="negation")
def _interior_not_exact(d: Derivation) -> None:
    r"""The first harmonic of the bias at $u = 1/4$, $r = 1/4$ is positive, and the rest is smaller."""
    r, u = sp.Rational(1, 4), sp.Rational(1, 4)
    first = d.step("first harmonic", sp.exp(-2 * sp.pi**2 * r**2) * sp.sin(2 * sp.pi * u) / sp.pi,
                   r"$e^{-2\pi^2 r^2}\sin(2\pi u)/\pi$")
    q = sp.exp(-2 * sp.pi**2 * r**2)
    rest = d.step("bound on the other harmonics", q**4 / (2 * sp.pi * (1 - q**2)),
                  r"$\sum_{k \ge 2} q^{k^2}/(\pi k) \le \sum_{k \ge 2} q^{2k}/(2\pi) = q^4/(2\pi(1 - q^2))$, "
                  r"as $k^2 \ge 2k$")
    d.close_true(first - rest > 0, r"the bias at $u = 1/4$ is positive: $\hat y \ne y$")


@BIAS_SERIES.derivation("fourier_of_sawtooth")
def _bias_series(d: Derivation) -> None:
    r"""The rounding error $s(t) = 1/2 - t$ on $[0, 1)$ has sine coefficients $1/(\pi k)$; averaging
    $\sin(2\pi k Y)$ over $Y \sim \mathcal{N}(u, r^2)$ damps it by $e^{-2\pi^2 k^2 r^2}$."""
    t, x = sp.symbols("t x", real=True)
    k = sp.Symbol("k", integer=True, positive=True)
    u = sp.Symbol("u", real=True)
    r = sp.Symbol("r", positive=True)
    coeff = d.step(r"$b_k = 2\int_0^1 (1/2 - t)\sin(2\pi k t)\,dt$",
                   2 * sp.integrate((sp.Rational(1, 2) - t) * sp.sin(2 * sp.pi * k * t), (t, 0, 1)),
                   "the sawtooth's sine coefficients")
    d.close(coeff, 1 / (sp.pi * k), r"$b_k = 1/(\pi k)$")
    cos_coeff = 2 * sp.integrate((sp.Rational(1, 2) - t) * sp.cos(2 * sp.pi * k * t), (t, 0, 1))
    d.close(cos_coeff, 0, "no cosine terms")
    exponent = d.step(r"exponent of $e^{2\pi i k x}$ times the normal density",
                      2 * sp.pi * sp.I * k * x - (x - u) ** 2 / (2 * r**2),
                      "the integrand of the characteristic function")
    shifted = -(x - u - 2 * sp.pi * sp.I * k * r**2) ** 2 / (2 * r**2)
    d.close(exponent, shifted + 2 * sp.pi * sp.I * k * u - 2 * sp.pi**2 * k**2 * r**2,
            r"completing the square: a normal density shifted by $2\pi i k r^2$ (integral 1) times "
            r"$e^{2\pi i k u - 2\pi^2 k^2 r^2}$, whose imaginary part gives "
            r"$\mathbb{E}[\sin 2\pi k Y] = e^{-2\pi^2 k^2 r^2}\sin 2\pi k u$")
    total = sp.integrate(sp.exp(-x**2 / (2 * r**2)), (x, -sp.oo, sp.oo)) / (r * sp.sqrt(2 * sp.pi))
    d.close(total, 1, "the normal density integrates to 1")


@EDGE_SIZE.derivation("summation_by_parts")
def _edge_size(d: Derivation) -> None:
    r"""At $y = e_m$ the mass of the $j$-th bin from the end is $2(F_{j-1} - F_j)$, $F_j = \Phi(-j/r)$, $F_0 = 1/2$,
    and its centre is $(j - 1/2)\varsigma$ below $y$; summed by parts (six bins, $F_6 = 0$)."""
    J = 6
    F = [sp.Rational(1, 2)] + list(sp.symbols(f"F1:{J}", positive=True)) + [0]
    bias = d.step("decoded minus $y$, in bins",
                  -sum(2 * (F[j - 1] - F[j]) * (j - sp.Rational(1, 2)) for j in range(1, J + 1)),
                  r"$-\sum_j 2(F_{j-1} - F_j)(j - 1/2)$")
    closed = -sp.Rational(1, 2) - 2 * sum(F[1:J])
    d.close(bias, closed, r"$= -1/2 - 2\sum_{j \ge 1} F_j$")
    d.close_true(closed < -sp.Rational(1, 2), r"$< -1/2$: towards the interior by more than half a bin")


@NEGLIGIBLE.derivation("geometric_bound")
def _negligible(d: Derivation) -> None:
    r"""$|\sum_k q^{k^2}\sin(2\pi k u)/(\pi k)| \le \sum_k q^k/\pi = q/(\pi(1 - q))$ with $q = e^{-2\pi^2 r^2}$;
    at $r = 3/4$ this is below $10^{-4}$."""
    r = sp.Rational(3, 4)
    q = d.step("$q$ at $r = 3/4$", sp.exp(-2 * sp.pi**2 * r**2), r"$e^{-2\pi^2 r^2}$")
    bound = d.step("geometric bound", q / (sp.pi * (1 - q)), r"$k^2 \ge k$ and $|\sin| \le 1$")
    d.close_true(bound < sp.Rational(1, 10**4), r"$\max_y |\hat y - y| < 10^{-4}\varsigma$")
    lead = q / sp.pi
    d.close_true(bound / lead - 1 < sp.Rational(1, 10**3), r"the leading term is the bound within $10^{-3}$")


@MINIMISER.derivation("gibbs")
def _gibbs(d: Derivation) -> None:
    r"""Stationarity of $-\sum_i \bar p_i \log q_i + \lambda(\sum_i q_i - 1)$ gives $q_i = \bar p_i/\lambda$, and
    $\sum q_i = 1$ fixes $\lambda = 1$; the objective is convex, so this is the minimum."""
    p = sp.symbols("pbar1:4", positive=True)
    q = sp.symbols("q1:4", positive=True)
    lam = sp.Symbol("lambda", positive=True)
    lagrangian = d.step("Lagrangian", -sum(pi * sp.log(qi) for pi, qi in zip(p, q)) + lam * (sum(q) - 1),
                        "the expected cross-entropy is linear in the targets")
    sol = sp.solve([lagrangian.diff(qi) for qi in q], q, dict=True)[0]
    for pi, qi in zip(p, q):
        d.close(sol[qi], pi / lam, rf"${qi} = {sp.latex(pi)}/\lambda$")
    hess = sp.diff(-sum(pi * sp.log(qi) for pi, qi in zip(p, q)), q[0], 2)
    d.close_true(hess > 0, "convex in each $q_i$ (diagonal Hessian, positive)")
