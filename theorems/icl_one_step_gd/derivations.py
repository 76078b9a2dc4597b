r"""Sympy derivations of the icl_one_step_gd claims: the Wishart moment, the one-step risk and its minimiser, the
LSA's four terms and their parity in $(w, \varepsilon)$, the preconditioners of cases (a) and (b), the
non-equivariant response, the ridge bound, and the witnesses against vanishing blocks and uniqueness."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    BLOCKS_VANISH,
    CASE_A,
    CASE_A_PROPORTIONAL,
    CASE_B,
    MIN_RISK,
    MINIMISER_GD,
    MINIMISER_GD_D1,
    NONEQUIVARIANT,
    ODD_RESPONSE,
    RIDGE,
    STEP,
    UNIQUE_SCALING,
    WISHART,
)

n, s2, eta = sp.symbols("n sigma2 eta", positive=True)


def _expect(expr, variables):
    from ...checks.icl_one_step_gd.ground_truth import gauss_expect

    return gauss_expect(expr, variables)


def _moments(*args, **kwargs):
    from ...checks.icl_one_step_gd.ground_truth import moments_exact

    return moments_exact(*args, **kwargs)


def _close_entries(d: Derivation, resid: sp.Matrix, label: str) -> None:
    """Close every entry of a matrix identity ``resid = 0`` (sympy decides scalar differences)."""
    for i in range(resid.shape[0]):
        for j in range(resid.shape[1]):
            d.close(sp.cancel(resid[i, j]), 0, f"{label}, entry $({i + 1}, {j + 1})$", method="expand")


def _wishart(A, S, nn):
    return (nn + 1) / nn * S * A * S + (A * S).trace() / nn * S


@WISHART.derivation("isserlis_d2")
def _wishart_d2(d: Derivation) -> None:
    r"""$x = Lv$ with $v \sim N(0, I_2)$ and $B = L^\top AL$: $E[vv^\top Bvv^\top] = 2B + \operatorname{tr}(B)I$ by
    Gaussian monomial moments, so $E[xx^\top Axx^\top] = 2\Sigma A\Sigma + \operatorname{tr}(A\Sigma)\Sigma$; pairs of
    independent samples give $\Sigma A\Sigma$."""
    b11, b12, b22 = sp.symbols("b11 b12 b22", real=True)
    v = sp.symbols("v0:2")
    B = sp.Matrix([[b11, b12], [b12, b22]])
    V = sp.Matrix(v)
    q = (V.T * B * V)[0]
    white = sp.Matrix(2, 2, lambda i, j: _expect(q * v[i] * v[j], v))
    d.step(r"$E[vv^\top Bvv^\top]$ by monomial moments", white, "E v⁴ = 3, E v² = 1")
    _close_entries(d, white - (2 * B + B.trace() * sp.eye(2)), r"$E[vv^\top Bvv^\top] = 2B + \operatorname{tr}(B)I$")
    l11, l21, l22, a11, a12, a22 = sp.symbols("l11 l21 l22 a11 a12 a22", real=True)
    L = sp.Matrix([[l11, 0], [l21, l22]])
    A = sp.Matrix([[a11, a12], [a12, a22]])
    S = L * L.T
    Bs = L.T * A * L
    single = L * (2 * Bs + Bs.trace() * sp.eye(2)) * L.T
    _close_entries(d, (single - (2 * S * A * S + (A * S).trace() * S)).applyfunc(sp.expand),
                   r"$L(2B + \operatorname{tr}(B)I)L^\top = 2\Sigma A\Sigma + \operatorname{tr}(A\Sigma)\Sigma$")
    total = single / n + (n - 1) / n * S * A * S
    d.step(r"$E[\hat S A\hat S] = \tfrac1n E[xx^\top Axx^\top] + \tfrac{n-1}{n}\Sigma A\Sigma$", sp.Symbol("E_SAS"),
           "n diagonal pairs, n(n − 1) independent pairs")
    _close_entries(d, ((total - _wishart(A, S, n)) * n).applyfunc(sp.expand), r"the formula (times $n$)")


def _risk_isotropic(dd):
    """R(η) for Γ = ηI, Σ = Σ_w = I: η² tr(M) − 2η d + d + σ², M = E[ggᵀ] by the Wishart moment."""
    m = (n + 1) / n + dd / n + s2 / n
    return eta**2 * dd * m - 2 * eta * dd + dd + s2


@STEP.derivation("stationary_point")
def _step(d: Derivation) -> None:
    r"""$R(\eta) = d\eta^2\tfrac{n + d + 1 + \sigma^2}{n} - 2d\eta + d + \sigma^2$ (Wishart moment with $A = I$); its
    derivative vanishes at $\eta^*$ and its second derivative is positive."""
    dd = sp.Symbol("d", positive=True)
    R = d.step(r"$R(\eta)$", _risk_isotropic(dd), "E[ggᵀ] = ((n + 1 + d + σ²)/n) I")
    star = n / (n + dd + 1 + s2)
    d.close(sp.together(sp.diff(R, eta).subs(eta, star)), 0, r"$R'(\eta^*) = 0$", method="expand")
    d.close_true(sp.diff(R, eta, 2) > 0, r"$R'' > 0$: the stationary point is the minimum")


@MIN_RISK.derivation("value_at_minimiser")
def _min_risk(d: Derivation) -> None:
    r"""$R(\eta^*) = d + \sigma^2 - d\eta^*$."""
    dd = sp.Symbol("d", positive=True)
    star = n / (n + dd + 1 + s2)
    d.close(sp.together(_risk_isotropic(dd).subs(eta, star) - (dd + s2 - dd * star)), 0, r"$R(\eta^*) = R^*$",
            method="expand")


def _lsa_terms(dim: int):
    """Symbols of one prompt's statistics and the LSA blocks, and the prediction."""
    S = sp.Matrix(dim, dim, lambda i, j: sp.Symbol(f"S{min(i, j)}{max(i, j)}"))
    g = sp.Matrix(sp.symbols(f"g0:{dim}"))
    syy, yq = sp.symbols("s_yy y_q")
    xq = sp.Matrix(sp.symbols(f"q0:{dim}"))
    pv = sp.Matrix(dim + 1, dim + 1, lambda i, j: sp.Symbol(f"P{i}{j}"))
    kq = sp.Matrix(dim + 1, dim + 1, lambda i, j: sp.Symbol(f"K{i}{j}"))
    mom = sp.Matrix(sp.BlockMatrix([[S, g], [g.T, sp.Matrix([[syy]])]]))
    zq = sp.Matrix([*xq, 0])
    pred = (pv[dim, :] * mom * kq * zq)[0]
    return S, g, syy, yq, xq, pv, kq, pred


def _parity(d: Derivation, dim: int) -> None:
    S, g, syy, yq, xq, pv, kq, pred = _lsa_terms(dim)
    u, c = pv[dim, :dim].T, pv[dim, dim]
    A, b = kq[:dim, :dim], kq[dim, :dim].T
    odd = (xq.T * (c * A.T + b * u.T) * g)[0]
    even = (u.T * S * A * xq)[0] + c * syy * (b.T * xq)[0]
    d.close(pred, odd + even, r"$\hat y = x_q^\top(cA^\top + bu^\top)g + u^\top\hat SAx_q + c\,s_{yy}b^\top x_q$",
            method="expand")
    flip = {**{gi: -gi for gi in g}, yq: -yq}
    d.close(even.subs(flip, simultaneous=True), even,
            r"under $(w, \varepsilon) \to -(w, \varepsilon)$: $g \to -g$, $y_q \to -y_q$, $\hat S, s_{yy}$ fixed; "
            r"the even terms are unchanged", method="expand")
    d.close((odd - yq).subs(flip, simultaneous=True), -(odd - yq), r"and $x_q^\top\Gamma_{\mathrm{eff}}g - y_q$ flips",
            method="expand")
    d.step(r"so $E[\mathrm{even}\cdot(x_q^\top\Gamma_{\mathrm{eff}}g - y_q)] = 0$ and $R(W) = "
           r"R(\Gamma_{\mathrm{eff}}) + "
           r"E[\mathrm{even}^2] \ge R(\Gamma^*)$, with equality for $c = 1$, $A = \Gamma^{*\top}$, $u = b = 0$",
           sp.Symbol("R_W") - sp.Symbol("R_Gamma") - sp.Symbol("E_even2"),
           "the law of (w, ε) is symmetric; R is strictly convex in Γ (E[ggᵀ] ≻ 0)")
    dd = sp.Integer(dim)
    R = _risk_isotropic(dd)
    d.close(sp.together(sp.diff(R, eta).subs(eta, n / (n + dd + 1 + s2))), 0,
            r"$\Gamma^* = \eta^* I$: the minimiser of the one-step risk, so every global minimiser has "
            r"$\Gamma_{\mathrm{eff}} = \eta^* I$ and predicts $x_q^\top\eta^* g$", method="expand")


@MINIMISER_GD.derivation("parity_decomposition")
def _min_gd(d: Derivation) -> None:
    r"""The four terms of the LSA prediction ($d = 2$), their parity in $(w, \varepsilon)$, and the minimiser."""
    _parity(d, 2)


@MINIMISER_GD_D1.derivation("parity_decomposition")
def _min_gd_d1(d: Derivation) -> None:
    r"""The same decomposition in $d = 1$: every minimiser has $cA + bu = \eta^*$, whichever block carries it."""
    _parity(d, 1)


@BLOCKS_VANISH.derivation("cross_term_witness", shows="negation")
def _blocks(d: Derivation) -> None:
    r"""In $d = 1$, $c = 0$, $A = 0$, $u = 1$, $b = \eta^*$ predicts $\eta^* x_q g$ identically."""
    S, g, syy, yq, xq, pv, kq, pred = _lsa_terms(1)
    star = n / (n + 2 + s2)
    subs = {sym: 0 for sym in (*pv, *kq)}
    subs.update({pv[1, 0]: 1, kq[1, 0]: star})
    d.close(pred.subs(subs), star * xq[0] * g[0], r"$\hat y = \eta^* x_q g$ with $u = 1 \ne 0$, $b = \eta^* \ne 0$",
            method="expand")


@UNIQUE_SCALING.derivation("unused_entries", shows="negation")
def _unused(d: Derivation) -> None:
    r"""The first $d$ rows of $W_{PV}$ and the last column of $W_{KQ}$ do not appear in $\hat y$ ($d = 2$)."""
    *_, pv, kq, pred = _lsa_terms(2)
    unused = [*pv[:2, :], *kq[:, 2]]
    _close_entries(d, sp.Matrix([sp.diff(pred, s) for s in unused]),
                   r"$\partial\hat y/\partial(W_{PV})_{ij} = 0$ for $i \le d$ and $\partial\hat "
                   r"y/\partial(W_{KQ})_{i,d+1} = 0$")


def _sym2():
    a, b, c = sp.symbols("s11 s12 s22", real=True)
    return sp.Matrix([[a, b], [b, c]])


@CASE_B.derivation("normal_equations_d2")
def _case_b(d: Derivation) -> None:
    r"""$\Sigma\Gamma M = \Sigma\Sigma_w\Sigma$ (the risk's normal equations) with $\Sigma_w = \Sigma^{-1}$: $M =
    \tfrac{n + d + 1 + \sigma^2}{n}\Sigma$, so $\Gamma = \eta^*\Sigma^{-1}$ solves them ($d = 2$, general $\Sigma$)."""
    S = _sym2()
    Sw = S.inv()
    M = _wishart(Sw, S, n) + s2 / n * S
    G = n / (n + 3 + s2) * S.inv()
    resid = S * G * M - S * Sw * S
    _close_entries(d, resid, r"$\Sigma\Gamma M - \Sigma\Sigma_w\Sigma = 0$")


@CASE_A.derivation("normal_equations_d2")
def _case_a(d: Derivation) -> None:
    r"""With $\Sigma_w = I$ and $K = (n+1)\Sigma + (\operatorname{tr}\Sigma + \sigma^2)I$: $\Gamma = nK^{-1}$ solves
    $\Sigma\Gamma M = \Sigma^2$ if and only if $nM = K\Sigma$ ($\Sigma$, $K$ invertible), a polynomial identity."""
    S = _sym2()
    M = _wishart(sp.eye(2), S, n) + s2 / n * S
    K = (n + 1) * S + (S.trace() + s2) * sp.eye(2)
    _close_entries(d, (n * M - K * S).applyfunc(sp.expand), r"$nM - K\Sigma = 0$")


@CASE_A_PROPORTIONAL.derivation("diagonal_example", shows="negation")
def _case_a_prop(d: Derivation) -> None:
    r"""At $\Sigma = \operatorname{diag}(1, 4)$, $n = 10$, $\sigma^2 = 1/4$: $\Gamma^*\Sigma$ has unequal
    diagonal entries."""
    S = sp.diag(1, 4)
    G = 10 * (11 * S + (5 + sp.Rational(1, 4)) * sp.eye(2)).inv()
    P = d.step(r"$\Gamma^*\Sigma$", G * S, "case (a) closed form")
    d.close_true(sp.Ne(P[0, 0], P[1, 1]), r"$(\Gamma^*\Sigma)_{11} \ne (\Gamma^*\Sigma)_{22}$")


@NONEQUIVARIANT.derivation("exact_moments_d2")
def _noneq(d: Derivation) -> None:
    r"""$y = w^\top x + x_1^2 + \varepsilon$, $d = 2$: $E[gg^\top]$ and $E[y_q x_q g^\top]$ by Gaussian
    monomial moments,
    symbolic in $n$ and $\sigma^2$."""
    M, C = _moments(n, sp.eye(2), sp.eye(2), s2, response=lambda t, x: t + x[0] ** 2)
    d.step(r"$E[gg^\top]$", M, "E x₁⁶ = 15, E x₁⁴ = 3")
    d.step(r"$E[y_q x_q g^\top]$", C, "E[x₁² x] = 0")
    G = C * M.inv()
    want = sp.diag(n / (n + 18 + s2), n / (n + 6 + s2))
    _close_entries(d, G - want, r"$\Gamma^* = \operatorname{diag}(n/(n + d + 16 + \sigma^2), n/(n + d + 4 + "
                                r"\sigma^2))$")


@ODD_RESPONSE.derivation("cubic_and_symmetry")
def _odd(d: Derivation) -> None:
    r"""For the cubic $f(t) = t + t^3/3$ ($d = 2$) the exact moments give $\Gamma^* \propto I$; for a general odd $f$
    the argument is rotation invariance."""
    M, C = _moments(n, sp.eye(2), sp.eye(2), s2, response=lambda t, x: t + t**3 / 3)
    G = (C * M.inv()).applyfunc(sp.cancel)
    d.step(r"$\Gamma^*$ for the cubic", G, "Gaussian monomial moments")
    _close_entries(d, sp.Matrix([[G[0, 1], G[1, 0], G[0, 0] - G[1, 1]]]), r"$\Gamma^* \propto I$ for the cubic")
    d.open("for a general odd f (tanh) the moments have no closed form; the statement rests on the invariance of the "
           "law under (x, w) → (Qx, Qw), which sympy does not carry")


@RIDGE.derivation("least_squares_bound")
def _ridge(d: Derivation) -> None:
    r"""Ridge is the posterior mean, so its risk is at most that of least squares, $\sigma^2(1 + E\operatorname{tr}
    (X^\top X)^{-1}) = \sigma^2(1 + d/(n - d - 1))$ (inverse-Wishart mean), which is below $R^*$ at $(10, 3, 1/4)$."""
    nn, dd, ss = sp.Integer(10), sp.Integer(3), sp.Rational(1, 4)
    ols = d.step(r"least-squares risk at $(10, 3, 1/4)$", ss * (1 + dd / (nn - dd - 1)), "E (XᵀX)⁻¹ = I/(n − d − 1)")
    rstar = d.step(r"$R^*$ at $(10, 3, 1/4)$", dd + ss - dd * nn / (nn + dd + 1 + ss), "the one-step minimum")
    d.close_true(sp.StrictLessThan(ols, rstar), r"ridge risk $\le 3/8 < 87/76 = R^*$")
