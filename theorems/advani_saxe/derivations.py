r"""The sympy derivations of the advani_saxe claims: the frozen subspace (V1), the per-mode solution and its
expected error (V2), the unbounded overtraining at $\alpha = 1$ (V3), the inverse-Wishart moment and the
divergence at $\alpha = 1$ (V4), the slopes in $\sigma_0^2$ (V5), the stationary point $t^*$ and its monotonicity
(V6)."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims as C
from . import formulas as F

lam, t = sp.symbols("lambda t", positive=True)
s_eps, s_sig, snr = sp.symbols("sigma_epsilon2 sigma_s2 SNR", positive=True)


@C.FROZEN.derivation("update_in_row_space")
def _frozen(d: Derivation) -> None:
    r"""For a $2 \times 3$ input matrix the cross product $v$ of its rows spans $\operatorname{null}(X)$; then
    $v^\top X^\top(y - Xw) = (Xv)^\top(y - Xw) = 0$ for every $y$, $w$ and step size."""
    x = sp.Matrix(2, 3, sp.symbols("x_0:6", real=True))
    y = sp.Matrix(sp.symbols("y_0:2", real=True))
    w = sp.Matrix(sp.symbols("w_0:3", real=True))
    eta = sp.Symbol("eta", positive=True)
    v = d.step("null vector v = row 1 × row 2", x.row(0).T.cross(x.row(1).T))
    xv = x * v
    d.close(xv[0], 0, "first entry of X v is 0", method="expand")
    d.close(xv[1], 0, "second entry of X v is 0", method="expand")
    update = eta * x.T * (y - x * w)
    d.close((v.T * update)[0], 0, "vᵀ(η Xᵀ(y − Xw)) = 0: the update has no null-space component", method="expand")


def _mode_solution(d: Derivation) -> None:
    d0, u = sp.symbols("delta_0 u", real=True)
    e = sp.exp(-lam * t)
    delta = d.step(r"$\delta(t) = e^{-\lambda t}\delta_0 + (1 - e^{-\lambda t})u/\lambda$", e * d0 + (1 - e) * u / lam)
    d.close(sp.diff(delta, t), -lam * delta + u, r"solves $\dot\delta = -\lambda\delta + u$ "
            r"($\delta = v^\top(w - \bar w)$, $u = v^\top X^\top\varepsilon$)", method="expand")
    d.close(delta.subs(t, 0), d0, r"$\delta(0) = \delta_0$", method="expand")
    square = sp.Poly(sp.expand(delta**2), d0, u)
    moments = {(2, 0): s_sig, (0, 2): s_eps * lam, (1, 1): 0, (0, 0): 1}
    expected = sum(coeff * moments[m] for m, coeff in zip(square.monoms(), square.coeffs()))
    d.step(r"$E\delta_0^2 = \sigma_0^2 + \sigma_{\bar w}^2$, $E u^2 = \lambda\sigma_\varepsilon^2$, "
           r"$E\delta_0 u = 0$", sp.Eq(sp.Symbol("E_delta2"), expected))
    target = (1 - e) ** 2 * s_eps / lam + e**2 * s_sig
    d.close(expected, target, "the expected squared error of the mode", method="expand")
    d.step(r"a null mode: $Xv = 0$ gives $u = 0$ and $\dot\delta = 0$, so $e = 1$ and no noise term",
           sp.Eq(sp.Symbol("delta_null"), d0))


@C.MODE_ERROR.derivation("mode_solution")
def _mode(d: Derivation) -> None:
    r"""Solve $\dot\delta = -\lambda\delta + u$ and take the second moment with independent $\delta_0$, $u$."""
    _mode_solution(d)


@C.GEN_ERROR.derivation("mode_solution")
def _gen(d: Derivation) -> None:
    r"""The error is $\tfrac1N\sum_k E\delta_k^2 + \sigma_\varepsilon^2$ in the eigenbasis of $X^\top X$ (a fresh
    input has covariance $I/N$); each mode as solved here."""
    _mode_solution(d)


@C.OVERTRAINING_PEAK.derivation("unbounded_at_one")
def _peak(d: Derivation) -> None:
    r"""$O(\alpha) \ge E_g(\infty) - E_g(0)$ and, in the limit, $E_g(\infty) \to \infty$ as $\alpha \to 1$ while
    $E_g(0) = \sigma_{\bar w}^2 + \sigma_\varepsilon^2$ stays finite; the monotone decrease away from 1 is not
    derived."""
    a = sp.Symbol("alpha", positive=True)
    gap_below = (s_eps / (1 - a) + (1 - a) * s_sig) - (s_sig + s_eps)
    gap_above = s_eps * a / (a - 1) - (s_sig + s_eps)
    d.close_true(sp.Eq(sp.limit(gap_below, a, 1, "-"), sp.oo), "lower bound on O tends to ∞ as α → 1 from below")
    d.close_true(sp.Eq(sp.limit(gap_above, a, 1, "+"), sp.oo), "lower bound on O tends to ∞ as α → 1 from above")
    d.open("that O decreases monotonically away from α = 1 is measured on the grid, not derived")


@C.FINITE_EXPECTATION.derivation("inverse_wishart_moment")
def _wishart(d: Derivation) -> None:
    r"""$W = N XX^\top \sim W_P(I, N)$; by the Schur complement $1/(W^{-1})_{ii} \sim \chi^2_{N-P+1}$ (Muirhead,
    Thm 3.2.10), and $E[1/\chi^2_k] = \Gamma(k/2 - 1)/(2\Gamma(k/2)) = 1/(k - 2)$ from
    $\int_0^\infty x^{a-1}e^{-x/2}dx = 2^a\Gamma(a)$. Then $E\operatorname{tr}(XX^\top)^{-1} = NP/(N - P - 1)$, and
    $E_g(\infty) = \tfrac1N[\sigma_\varepsilon^2\operatorname{tr}(XX^\top)^{-1} + (N - P)\sigma_s^2] +
    \sigma_\varepsilon^2$; symmetrically for $P > N$ with $X^\top X$."""
    k = sp.Symbol("k", positive=True)
    n, p = sp.symbols("N P", positive=True)
    inv_moment = d.step(r"$E[1/\chi^2_k] = 2^{k/2-1}\Gamma(k/2 - 1)/(2^{k/2}\Gamma(k/2))$",
                        2 ** (k / 2 - 1) * sp.gamma(k / 2 - 1) / (2 ** (k / 2) * sp.gamma(k / 2)))
    d.close(sp.gammasimp(inv_moment), 1 / (k - 2), r"$E[1/\chi^2_k] = 1/(k - 2)$", method="expand")
    below = s_eps / n * (n * p * (1 / ((n - p + 1) - 2))) + (n - p) / n * s_sig + s_eps
    d.close(below, s_eps * p / (n - p - 1) + (1 - p / n) * s_sig + s_eps,
            r"$P \le N - 2$: $k = N - P + 1$, $\operatorname{tr} E[W^{-1}] = P/(N - P - 1)$", method="equals")
    above = s_eps / n * (n * n * (1 / ((p - n + 1) - 2))) + s_eps
    d.close(above, s_eps * n / (p - n - 1) + s_eps,
            r"$P \ge N + 2$: $k = P - N + 1$, no null modes", method="equals")


@C.DIVERGENCE.derivation("limits_at_one")
def _diverges(d: Derivation) -> None:
    r"""The limits of V4 tend to $+\infty$ as $\alpha \to 1$ from either side when $\sigma_\varepsilon^2 > 0$."""
    a = sp.Symbol("alpha", positive=True)
    d.close_true(sp.Eq(sp.limit(s_eps / (1 - a) + (1 - a) * s_sig, a, 1, "-"), sp.oo), "α → 1 from below")
    d.close_true(sp.Eq(sp.limit(s_eps * a / (a - 1), a, 1, "+"), sp.oo), "α → 1 from above")


@C.INIT_BELOW.derivation("null_space_keeps_init")
def _init_below(d: Derivation) -> None:
    r"""$E_g(\infty) = \tfrac1N[\sum_{\lambda_k>0}\sigma_\varepsilon^2/\lambda_k + (N - P)(\sigma_{\bar w}^2 +
    \sigma_0^2)] + \sigma_\varepsilon^2$; its derivative in $\sigma_0^2$ is $(N - P)/N = 1 - \alpha$."""
    n, p, s0, sw, noise_sum = sp.symbols("N P sigma_0^2 sigma_w^2 S", positive=True)
    err = (noise_sum + (n - p) * (sw + s0)) / n + s_eps
    d.close(sp.diff(err, s0), 1 - p / n, r"$\partial E_g(\infty)/\partial\sigma_0^2 = 1 - P/N$", method="expand")


@C.INIT_ABOVE.derivation("no_null_space")
def _init_above(d: Derivation) -> None:
    r"""For $P > N$ every $\lambda_k > 0$, $e_k \to 0$: $E_g(\infty) = \tfrac1N\sum_k\sigma_\varepsilon^2/\lambda_k +
    \sigma_\varepsilon^2$ does not involve $\sigma_0^2$."""
    s0, noise_sum, n = sp.symbols("sigma_0^2 S N", positive=True)
    e = sp.Symbol("e", nonnegative=True)
    mode = (1 - e) ** 2 * s_eps / lam + e**2 * (s0 + sp.Symbol("sigma_w^2", positive=True))
    d.close(mode.subs(e, 0), s_eps / lam, r"each mode's error at $e_k = e^{-\lambda_k t} \to 0$ is "
            r"$\sigma_\varepsilon^2/\lambda_k$", method="expand")
    d.close(sp.diff(noise_sum / n + s_eps, s0), 0, r"$\partial E_g(\infty)/\partial\sigma_0^2 = 0$", method="expand")


@C.STOPPING.derivation("stationary_point")
def _stationary(d: Derivation) -> None:
    r"""With $\sigma_\varepsilon^2 = 1$, $\sigma_{\bar w}^2 = \mathrm{SNR}$ and $e = e^{-\lambda t}$, the mode error
    $(1 - e)^2/\lambda + e^2\mathrm{SNR}$ is convex in $e$ with minimum at $e = 1/(1 + \lambda\mathrm{SNR})$."""
    e = sp.Symbol("e", positive=True)
    err = (1 - e) ** 2 / lam + e**2 * snr
    crit = sp.solve(sp.diff(err, e), e)
    d.step("stationary points in e", sp.FiniteSet(*crit))
    d.close(crit[0], 1 / (1 + lam * snr), "e* = 1/(1 + λ SNR)", method="expand")
    d.close_true(sp.diff(err, e, 2) > 0, "convex in e")
    t_star = F.STOPPING_TIME.on_domain(F.STOPPING_TIME.expr)
    lam_d = [s for s in t_star.free_symbols if s.name == "lambda"][0]
    snr_d = [s for s in t_star.free_symbols if s.name == "SNR"][0]
    d.close(sp.exp(-lam_d * t_star), 1 / (1 + lam_d * snr_d), "exp(−λ t*) = e*")


@C.NO_SINGLE_TIME.derivation("stopping_time_decreasing")
def _decreasing(d: Derivation) -> None:
    r"""With $u = \lambda\mathrm{SNR}$, $t^* = \mathrm{SNR}\log(1 + u)/u$ and $\tfrac{d}{du}[\log(1 + u)/u] =
    f(u)/u^2$ with $f(u) = u/(1 + u) - \log(1 + u)$; $f(0) = 0$ and $f'(u) = -u/(1 + u)^2 < 0$, so $f < 0$ for
    $u > 0$."""
    u = sp.Symbol("u", positive=True)
    g = sp.log(1 + u) / u
    f = u / (1 + u) - sp.log(1 + u)
    d.close(sp.diff(g, u), f / u**2, "d/du [log(1 + u)/u] = f(u)/u²")
    d.close(f.subs(u, 0), 0, "f(0) = 0")
    d.close(sp.diff(f, u), -u / (1 + u) ** 2, "f′(u) = −u/(1 + u)²")
    d.close_true(-u / (1 + u) ** 2 < 0, "f′ < 0 for u > 0, hence f < 0 and t* strictly decreasing")
