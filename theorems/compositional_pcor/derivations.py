"""Sympy derivations of the compositional partial-correlation claims.

Log-ratios are handled through their coefficient vectors: ``l_k − l_r`` is the row ``e_k − e_r`` of a
matrix acting on the logs, so a statement about spans of log-ratios is a statement about row spaces of
integer matrices, decided exactly.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims as C
from . import formulas as F


def _zero(m: sp.Matrix) -> sp.Expr:
    """The sum of the squared, expanded entries of ``m``: 0 exactly when every entry expands to 0 (a matrix
    identity closes as one scalar)."""
    return sp.Add(*[sp.expand(e) ** 2 for e in m])


def _unit(d: int, k: int) -> sp.Matrix:
    return sp.Matrix([[1 if m == k else 0 for m in range(d)]])


def _ratio(d: int, k: int, r: int) -> sp.Matrix:
    return _unit(d, k) - _unit(d, r)


def _rows(d: int, ks, r: int, intercept: bool) -> sp.Matrix:
    """Coefficient rows of the regressors: the constant (a separate coordinate) and l_k − l_r."""
    rows = [sp.Matrix([[0, *_ratio(d, k, r)]]) for k in ks]
    if intercept:
        rows.insert(0, sp.Matrix([[1] + [0] * d]))
    return sp.Matrix.vstack(*rows) if rows else sp.zeros(0, d + 1)


@C.REFERENCE_INDEPENDENT.derivation("same_span_for_every_reference")
def _reference_independence(d: Derivation) -> None:
    r"""For $D = 4, 5$, every pair of references $r, r'$, with and without the intercept, full and pairwise: the
    regressor rows of $r'$ lie in the row space of those of $r$ (and back), and the targets differ by a
    vector of that space; hence the projections, and the residuals, coincide."""
    for size in (4, 5):
        for pairwise in (False, True):
            i, j = 0, 1
            drop = {i, j} if pairwise else {i}
            refs = [r for r in range(size) if r not in drop]
            for intercept in (True, False):
                for r in refs:
                    for r2 in refs:
                        if r2 <= r:
                            continue
                        a = _rows(size, [k for k in range(size) if k not in drop | {r}], r, intercept)
                        b = _rows(size, [k for k in range(size) if k not in drop | {r2}], r2, intercept)
                        both = sp.Matrix.vstack(a, b)
                        diff = sp.Matrix([[0, *(_ratio(size, i, r) - _ratio(size, i, r2))]])
                        d.close(sp.Integer(both.rank()), sp.Integer(a.rank()),
                                f"D={size}, {'pairwise' if pairwise else 'full'}, "
                                f"{'with' if intercept else 'without'} intercept, r={r}, r'={r2}: same span")
                        d.close(sp.Integer(sp.Matrix.vstack(a, diff).rank()), sp.Integer(a.rank()),
                                f"target difference in the span (D={size}, r={r}, r'={r2})")


def _lr_map(size: int, r: int) -> sp.Matrix:
    return sp.Matrix.vstack(*[_ratio(size, k, r) for k in range(size) if k != r])


@C.PINV_EQUALS_RESIDUAL.derivation("pinv_is_the_log_ratio_precision")
def _pinv(d: Derivation) -> None:
    r"""With $A$ the log-ratio map of reference $r$, $E$ its right inverse (zero at $r$), $G = I - J/D$ and
    $S = A\Sigma A^\top$: $G\Sigma G = (GE) S (GE)^\top$, $A E = I$ and $G E A = G$, so
    $M = A^\top S^{-1} A$ satisfies $(G\Sigma G) M = G$, $M G = M$: the Penrose conditions,
    $M = \mathrm{pinv}(G\Sigma G)$.
    Its entries at $i, j \ne r$ are $(S^{-1})_{ij}$, and the residual covariance of two log-ratios is the inverse
    of the $2 \times 2$ block of $S^{-1}$ (Schur complement), whose correlation is $-P_{ij}/\sqrt{P_{ii}P_{jj}}$."""
    for size in (4, 5):
        r = size - 1
        g = sp.eye(size) - sp.ones(size, size) / size
        a = _lr_map(size, r)
        e = sp.Matrix.vstack(sp.eye(size - 1), sp.zeros(1, size - 1))
        f = g * e
        d.close(_zero(a * e - sp.eye(size - 1)), sp.Integer(0), f"A E = I (D={size})")
        d.close(_zero(f * a - g), sp.Integer(0), f"G E A = G (D={size})")
        d.close(_zero(g * a.T - a.T), sp.Integer(0), f"G Aᵀ = Aᵀ, so M G = M (D={size})")
        d.close(_zero(f.T * a.T - sp.eye(size - 1)), sp.Integer(0), f"(GE)ᵀ Aᵀ = I (D={size})")
    size = 4
    g = sp.eye(size) - sp.ones(size, size) / size
    a = _lr_map(size, size - 1)
    f = g * sp.Matrix.vstack(sp.eye(size - 1), sp.zeros(1, size - 1))
    sig = sp.Matrix(size, size, lambda p, q: sp.Symbol(f"s_{min(p, q)}{max(p, q)}", real=True))
    d.close(_zero(f * (a * sig * a.T) * f.T - g * sig * g), sp.Integer(0), "G Σ G = (GE) S (GE)ᵀ (D=4, symbolic Σ)")
    # with these, (GΣG) M = (GE) S (GE)ᵀ Aᵀ S⁻¹ A = (GE) A = G, and G Aᵀ = Aᵀ gives M G = M.
    x = sp.Matrix(3, 3, lambda p, q: sp.Symbol(f"p_{min(p, q)}{max(p, q)}", real=True))
    d.close(_zero((a.T * x * a)[:3, :3] - x), sp.Integer(0), "M restricted to the parts other than r is S⁻¹ (D=4)")
    # Regression of two log-ratios on the others: the residual covariance is the Schur complement Q of S, and
    # the first block column of S⁻¹ is (Q⁻¹, −S_bb⁻¹ S_ba Q⁻¹): S times it is (I, 0).
    s3 = sp.Matrix(3, 3, lambda p, q: sp.Symbol(f"c_{min(p, q)}{max(p, q)}", real=True))
    q = d.step("residual covariance Q of the first two log-ratios",
               s3[:2, :2] - s3[:2, 2:] * s3[2:, 2:].inv() * s3[2:, :2], "regression on the third")
    qi = q.adjugate() / q.det()
    col = sp.Matrix.vstack(qi, -s3[2:, 2:].inv() * s3[2:, :2] * qi)
    d.close(sp.Add(*[sp.cancel(v) ** 2 for v in s3 * col - sp.Matrix.vstack(sp.eye(2), sp.zeros(1, 2))]),
            sp.Integer(0), "the 2 × 2 block P of S⁻¹ is Q⁻¹")
    p11, p12, p22 = sp.symbols("P11 P12 P22", real=True)
    blk = sp.Matrix([[p11, p12], [p12, p22]])
    det = blk.det()
    inv = blk.adjugate()
    d.close(_zero(inv * blk - det * sp.eye(2)), sp.Integer(0), "Q = P⁻¹ = adj(P)/det P")
    d.close(inv[0, 1] + p12, sp.Integer(0), "Q₁₂ det P = −P₁₂, Q₁₁ det P = P₂₂, Q₂₂ det P = P₁₁: with det P > 0, "
            "corr(Q) = −P₁₂/√(P₁₁P₂₂)")


@C.THREE_PARTS.derivation("pinv_of_the_three_part_clr_covariance")
def _three_parts(d: Derivation) -> None:
    r"""For a symbolic symmetric $\Sigma$ ($3 \times 3$): $\Omega = (G\Sigma G + J/3)^{-1} - J/3$ has
    $-\Omega_{12} = c/\Delta$, $\Omega_{11} = v_2/\Delta$, $\Omega_{22} = v_1/\Delta$ with $c$ the covariance and
    $v_1, v_2$ the variances of the two log-ratios and $\Delta = v_1 v_2 - c^2$, so
    $-\Omega_{12}/\sqrt{\Omega_{11}\Omega_{22}} = c/\sqrt{v_1 v_2}$ (with $\Delta > 0$)."""
    s = F.S
    g = sp.eye(3) - sp.ones(3, 3) / 3
    a = _lr_map(3, 2)
    e = sp.Matrix.vstack(sp.eye(2), sp.zeros(1, 2))
    d.close(_zero(a * e - sp.eye(2)) + _zero(g * e * a - g) + _zero((g * e).T * a.T - sp.eye(2))
            + _zero(g * a.T - a.T), sp.Integer(0),
            "A E = I, G E A = G, (GE)ᵀ Aᵀ = I, G Aᵀ = Aᵀ at D = 3: pinv(GΣG) = Aᵀ S⁻¹ A as in P2")
    c = s[0, 1] - s[0, 2] - s[1, 2] + s[2, 2]
    v1 = s[0, 0] - 2 * s[0, 2] + s[2, 2]
    v2 = s[1, 1] - 2 * s[1, 2] + s[2, 2]
    d.close(_zero(a * s * a.T - sp.Matrix([[v1, c], [c, v2]])), sp.Integer(0),
            "S = A Σ Aᵀ has entries v₁, c, v₂")
    det = d.step("determinant of the log-ratio covariance", v1 * v2 - c**2, "Δ = v₁v₂ − c²")
    omega_det = a.T * sp.Matrix([[v2, -c], [-c, v1]]) * a  # Δ · Aᵀ S⁻¹ A, with S⁻¹ = adj(S)/Δ
    d.close(_zero(omega_det[:2, :2] - sp.Matrix([[v2, -c], [-c, v1]])), sp.Integer(0),
            "ΔΩ₁₁ = v₂, ΔΩ₂₂ = v₁, −ΔΩ₁₂ = c: with Δ > 0, ρ₁₂ = c/√(v₁v₂)")
    _ = det


@C.RANGE_AND_SIGN.derivation("cauchy_schwarz")
def _range(d: Derivation) -> None:
    r"""$\Omega = B^\top B$ is a Gram matrix; Lagrange's identity $(\sum a^2)(\sum b^2) - (\sum ab)^2 =
    \sum_{k<m}(a_k b_m - a_m b_k)^2 \ge 0$ gives $\Omega_{ij}^2 \le \Omega_{ii}\Omega_{jj}$, i.e.
    $1 - \rho_{ij}^2 = (\Omega_{ii}\Omega_{jj} - \Omega_{ij}^2)/(\Omega_{ii}\Omega_{jj}) \ge 0$."""
    a = sp.symbols("a0:4", real=True)
    b = sp.symbols("b0:4", real=True)
    oii, ojj, oij = (sum(u * v for u, v in zip(p, q)) for p, q in ((a, a), (b, b), (a, b)))
    lagrange = sum((a[k] * b[m] - a[m] * b[k]) ** 2 for k in range(4) for m in range(k + 1, 4))
    d.close(sp.expand(oii * ojj - oij**2), sp.expand(lagrange), "Lagrange's identity")
    rho = -oij / sp.sqrt(oii * ojj)
    d.close(sp.cancel(1 - rho**2 - (oii * ojj - oij**2) / (oii * ojj)), sp.Integer(0), "1 − ρ² as a ratio of minors")
    d.close_true(sp.Ge(lagrange, 0), "the minor is a sum of squares, so ρ² ≤ 1")


@C.INVARIANCE.derivation("log_ratios_unchanged")
def _invariance(d: Derivation) -> None:
    r"""$\log(c x_k) - \log(c x_r) = \log x_k - \log x_r$ for $c > 0$; a permutation $P$ maps $G$ to
    $P^\top G P = G$, so $\mathrm{pinv}(P^\top C P) = P^\top \mathrm{pinv}(C) P$."""
    c, xk, xr = sp.symbols("c x_k x_r", positive=True)
    d.close(sp.expand_log(sp.log(c * xk) - sp.log(c * xr)), sp.expand_log(sp.log(xk) - sp.log(xr)),
            "rescaling leaves a log-ratio unchanged")
    g = sp.eye(4) - sp.ones(4, 4) / 4
    perm = sp.Matrix(4, 4, lambda p, q: 1 if q == (p + 1) % 4 else 0)
    d.close(_zero(perm.T * g * perm - g), sp.Integer(0), "a permutation commutes with the centring G")


@C.SUBCOMPOSITION_INCOHERENT.derivation("exhibited_in_rationals")
def _incoherent(d: Derivation) -> None:
    r"""Logs $(l_1, l_2, l_3, l_4)$ of five samples, chosen by hand: the signed $\rho_{12}^2$ within $\{1, 2, 3\}$
    (no part to adjust for) and in the full composition (adjusting for $l_4 - l_3$) are different rationals."""
    logs = sp.Matrix([[0, 0, 0, 0], [1, 0, 0, 1], [0, 1, 0, 1], [1, 1, 0, 0], [2, 1, 0, 2]])
    y1, y2, y4 = (logs[:, k] - logs[:, 2] for k in (0, 1, 3))

    def centred(v):
        return v - sp.ones(v.rows, 1) * (sum(v) / v.rows)

    def resid(v, w):
        v, w = centred(v), centred(w)
        return v - w * ((w.T * v)[0] / (w.T * w)[0])

    sub = (centred(y1).T * centred(y2))[0]
    e1, e2 = resid(y1, y4), resid(y2, y4)
    full = d.step("covariance of the residuals in the full composition", (e1.T * e2)[0], "projection off l₄ − l₃")
    d.close_true(sp.Ne(sp.sign(sub) * sub**2 / ((centred(y1).T * centred(y1))[0] * (centred(y2).T * centred(y2))[0]),
                       sp.sign(full) * full**2 / ((e1.T * e1)[0] * (e2.T * e2)[0])),
                 "signed ρ² within the subcomposition differs from the full composition's")


@C.SUBCOMPOSITION_CONVENTIONAL.derivation("closure_within_the_subcomposition")
def _subcomposition(d: Derivation) -> None:
    r"""Re-closing a subcomposition divides its parts by $\sum_{m \in S} x_m$, which cancels in every log-ratio
    within $S$; P2 within $S$ then gives the conventional partial correlation adjusting for $S$'s parts only."""
    x1, x2, x3, x4 = sp.symbols("x1:5", positive=True)
    total = x1 + x2 + x3
    d.close(sp.expand_log(sp.log(x1 / total) - sp.log(x3 / total), force=True),
            sp.expand_log(sp.log(x1) - sp.log(x3)), "closure within S cancels in a log-ratio")
    _ = x4


@C.NORMALISATION_DISJOINT.derivation("normalised_span")
def _normalisation(d: Derivation) -> None:
    r"""For $D = 5$, $i, j = 1, 2$ and every non-empty $R \subseteq \{3, 4, 5\}$: the rows $y_k = l_k - \bar l_R$,
    $k \notin \{i, j\}$, span the same space as the log-ratios $l_k - l_5$ of the remaining parts, and
    $y_i - (l_i - l_5)$ lies in it."""
    size, i, j, r = 5, 0, 1, 4
    from itertools import combinations

    contrasts = sp.Matrix.vstack(*[_ratio(size, k, r) for k in range(size) if k not in (i, j, r)])
    for m in (1, 2, 3):
        for ref in combinations((2, 3, 4), m):
            gbar = sum((_unit(size, q) for q in ref), sp.zeros(1, size)) / len(ref)
            ys = sp.Matrix.vstack(*[_unit(size, k) - gbar for k in range(size) if k not in (i, j)])
            d.close(sp.Integer(sp.Matrix.vstack(ys, contrasts).rank()), sp.Integer(ys.rank()),
                    f"R={list(ref)}: the log-ratios lie in the span of the normalised parts")
            d.close(sp.Integer(ys.rank()), sp.Integer(contrasts.rank()), f"R={list(ref)}: the spans are equal")
            shift = (_unit(size, i) - gbar) - _ratio(size, i, r)
            d.close(sp.Integer(sp.Matrix.vstack(contrasts, shift).rank()), sp.Integer(contrasts.rank()),
                    f"R={list(ref)}: y_i − (l_i − l_r) is a contrast of the remaining parts")


@C.NORMALISATION_ANY.derivation("clr_forces_minus_one", shows="negation")
def _clr(d: Derivation) -> None:
    r"""With $R$ all parts (the clr), $y_i + y_j = -\sum_{k \notin \{i, j\}} y_k$ lies in the span of the regressors,
    so the residuals satisfy $e_i = -e_j$ and the normalised partial correlation is $-1$ for every data set,
    while $\rho_{ij}$ of P2 takes other values (e.g. positive ones in compositional_pcor.range_and_negative_values'
    data)."""
    ls = sp.symbols("l1:6", real=True)
    g = sum(ls) / 5
    y = [v - g for v in ls]
    d.close(y[0] + y[1] + sum(y[2:]), sp.Integer(0), "the clr components sum to zero")


@C.PEARSON_REFERENCE.derivation("covariance_depends_on_the_reference", shows="negation")
def _pearson(d: Derivation) -> None:
    r"""$\mathrm{Cov}(l_1 - l_r, l_2 - l_r) = \Sigma_{12} - \Sigma_{1r} - \Sigma_{2r} + \Sigma_{rr}$: at
    $\Sigma = I_4$ the correlation is $1/2$ for every $r$; at $\Sigma = \mathrm{diag}(1, 1, 1, 3)$ it is $1/2$ for
    $r = 3$ and $3/4$ for $r = 4$."""
    sig = sp.diag(1, 1, 1, 3)

    def corr(r):
        a, b = _ratio(4, 0, r), _ratio(4, 1, r)
        return (a * sig * b.T)[0] / sp.sqrt((a * sig * a.T)[0] * (b * sig * b.T)[0])

    c3 = d.step("correlation with reference 3", corr(2), "Σ = diag(1, 1, 1, 3)")
    c4 = d.step("correlation with reference 4", corr(3), "Σ = diag(1, 1, 1, 3)")
    d.close_true(sp.Ne(c3, c4), "the two references give different correlations")


@C.SMALL_SAMPLE_DEGENERATE.derivation("residual_dimension")
def _degenerate(d: Derivation) -> None:
    r"""The pairwise regression has $1 + (D - 3) = D - 2$ coefficients; with $n$ samples in general position the
    residuals live in a space of dimension $n - (D - 2)$: 1 at $n = D - 1$ (two vectors in a line: $\rho = \pm 1$),
    0 below (the residuals vanish)."""
    n, big_d = sp.symbols("n D", integer=True, positive=True)
    dim = d.step("dimension of the residual space", n - (big_d - 2), "n samples, D − 2 coefficients")
    d.close(dim.subs(n, big_d - 1), sp.Integer(1), "one dimension at n = D − 1")
    d.close(dim.subs(n, big_d - 2), sp.Integer(0), "none at n = D − 2")
    u = sp.Matrix(sp.symbols("u0:3", real=True))
    alpha, beta = sp.symbols("alpha beta", nonzero=True, real=True)
    e1, e2 = alpha * u, beta * u
    rho_sq = (e1.T * e2)[0] ** 2 / ((e1.T * e1)[0] * (e2.T * e2)[0])
    d.close(sp.cancel(rho_sq), sp.Integer(1), "two non-zero multiples of one vector have ρ² = 1")


@C.CONVERGENCE.derivation("rate")
def _rate(d: Derivation) -> None:
    """The rate is a statement about sampling distributions."""
    d.open("the n^(−1/2) rate follows from the delta method for the sample covariance, which sympy does not "
           "carry out here; the checks measure it")
