"""Sympy derivations of the Peri-LN claims.

Vectors are written out in D = 2 or 3 symbolic coordinates (each coordinate alike for any D); ReLU's positive
homogeneity is shown on a positive and on a negative pre-activation separately (sympy does not simplify
Max(cz, 0) − c Max(z, 0) for a real z).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims_forward as CF
from . import claims_gradient as CG

_c, _c1, _c2, _gamma, _t, _rho, _s = sp.symbols("c c_1 c_2 gamma t rho s", positive=True)
_a = sp.symbols("a1:4", real=True)
_g = sp.symbols("g1:4", real=True)
_gam = sp.symbols("gamma1:4", real=True)


def _rms(vec, gain=1):
    d = len(vec)
    gains = gain if isinstance(gain, (list, tuple)) else [gain] * d
    root = sp.sqrt(sum(x**2 for x in vec))
    return [gi * x * sp.sqrt(d) / root for gi, x in zip(gains, vec)]


def _layer(vec, gain=1):
    mean = sum(vec) / len(vec)
    return _rms([x - mean for x in vec], gain)


def _relu_homogeneous(d: Derivation) -> None:
    zp = sp.Symbol("z", positive=True)
    zn = sp.Symbol("z", negative=True)
    d.close(sp.Max(_c * zp, 0), _c * sp.Max(zp, 0), r"$\mathrm{ReLU}(cz) = c\,\mathrm{ReLU}(z)$ for $z > 0$")
    d.close(sp.Max(_c * zn, 0), _c * sp.Max(zn, 0), r"$\mathrm{ReLU}(cz) = c\,\mathrm{ReLU}(z)$ for $z < 0$")


def _norms_homogeneous(d: Derivation) -> None:
    """Norm(ca) = Norm(a): the root of Σ(c a_k)² is c times the root of Σ a_k² (c > 0), for RMSNorm and for LayerNorm
    (whose centred vector also scales by c)."""
    total = sum(x**2 for x in _a)
    d.close(sp.sqrt(sp.factor(sum((_c * x) ** 2 for x in _a))), _c * sp.sqrt(total),
            r"$\sqrt{\sum_k (ca_k)^2} = c\sqrt{\sum_k a_k^2}$ for $c > 0$ ($D = 3$)")
    d.close(_gam[0] * (_c * _a[0]) * sp.sqrt(3) / (_c * sp.sqrt(total)), _rms(list(_a), list(_gam))[0],
            r"RMSNorm$(ca)_k = $ RMSNorm$(a)_k$")
    mean = sum(_a) / 3
    d.close(sp.expand(sum(_c * x for x in _a) / 3 - _c * mean), 0, r"the mean of $ca$ is $c\bar a$: LayerNorm's "
            r"centred vector scales by $c$ too", method="expand")


@CF.RESCALING.derivation("homogeneity")
def _rescaling(d: Derivation) -> None:
    r"""$\mathrm{ReLU}(c_1 z) = c_1\mathrm{ReLU}(z)$, so $F$ with $c_1W^{(1)}, c_2W^{(2)}$ is $c_1c_2F$; both
    normalisations are homogeneous of degree 0 for a positive factor, so every increment, and by induction every
    state, is unchanged."""
    _relu_homogeneous(d)
    _norms_homogeneous(d)


@CF.PRE_INCREMENT.derivation("homogeneity")
def _pre_increment(d: Derivation) -> None:
    r"""$F(\tilde x)$ with $c_1W^{(1)}, c_2W^{(2)}$: $\mathrm{ReLU}(c_1\tilde xW^{(1)})c_2W^{(2)} = c_1c_2F(\tilde x)$,
    and $\tilde x = \mathrm{Norm}(x)$ does not depend on the weights."""
    _relu_homogeneous(d)
    h, w = sp.symbols("h w", real=True)
    d.close((_c1 * h) * (_c2 * w), _c1 * _c2 * (h * w), r"each product $h_k W^{(2)}_{kj}$ scales by $c_1c_2$")


@CF.ATTENTION_ALL.derivation("query_key_scaling_changes_the_softmax", shows="negation")
def _attention_all(d: Derivation) -> None:
    r"""Witness $T = D = 2$, identity weights, $X = I$, $c = 2$: $\mathrm{Norm}(X) = \sqrt{2}I$, the attention logits
    are $\sqrt{2}I$ and become $4\sqrt{2}I$; the first output row points along $(e^{\sqrt{2}}, 1)$ before and
    $(e^{4\sqrt{2}}, 1)$ after, which RMSNorm (direction-preserving) cannot reconcile."""
    before = d.step(r"first row's direction ratio before", sp.exp(sp.sqrt(2)), "softmax of the logits $\\sqrt{2}I$")
    after = d.step(r"after scaling all weights by 2", sp.exp(4 * sp.sqrt(2)), "logits $c^2\\sqrt{2}I$")
    d.close_true(sp.Gt(after, before), r"$e^{4\sqrt{2}} > e^{\sqrt{2}}$: the output changes")


@CF.ATTENTION_VALUE.derivation("value_path_is_linear")
def _attention_value(d: Derivation) -> None:
    r"""$\mathrm{softmax}(\cdot)XW_VW_O$ is linear in $W_V$ and in $W_O$: it scales by $c_1c_2$, and the output
    normalisation removes the factor; the softmax does not see $W_V, W_O$."""
    p, x, v, o = sp.symbols("p x v o", real=True)
    d.close(p * x * (_c1 * v) * (_c2 * o), _c1 * _c2 * (p * x * v * o), r"each term of $AXW_VW_O$ scales by $c_1c_2$")
    _norms_homogeneous(d)


def _norm_of_gain_times_unit(d: Derivation) -> None:
    """‖γ ⊙ a‖² ≤ max γ² ‖a‖², with max γ² − γ_k² = s_k ≥ 0."""
    sk = sp.symbols("s1:4", nonnegative=True)
    gap = d.step(r"$M^2\|a\|^2 - \|\gamma\odot a\|^2$ with $M^2 = \gamma_k^2 + s_k$",
                 sp.expand(sum(s * x**2 for s, x in zip(sk, _a))), r"$s_k = M^2 - \gamma_k^2 \ge 0$")
    d.close_true(sp.Ge(gap, 0), r"$\|\gamma\odot a\| \le \max|\gamma|\,\|a\|$, so each increment "
                 r"$\|\gamma\odot a\|\sqrt{D}/\|a\| \le \sqrt{D}\max|\gamma|$")


def _lagrange(d: Derivation) -> None:
    u = sp.symbols("u1:4", real=True)
    v = sp.symbols("v1:4", real=True)
    lhs = sum(x**2 for x in u) * sum(y**2 for y in v) - sum(x * y for x, y in zip(u, v)) ** 2
    rhs = sum((u[i] * v[j] - u[j] * v[i]) ** 2 for i in range(3) for j in range(i + 1, 3))
    d.close(lhs, rhs, r"Lagrange's identity: $\|u\|^2\|v\|^2 - \langle u, v\rangle^2 = \sum_{i<j}"
            r"(u_iv_j - u_jv_i)^2 \ge 0$, hence $\|u + v\| \le \|u\| + \|v\|$", method="expand")


@CF.GROWTH.derivation("triangle_inequality")
def _growth(d: Derivation) -> None:
    r"""Each Peri-LN increment is $\gamma\odot\sqrt{D}\,a/\|a\|$, of norm at most $\sqrt{D}\max|\gamma|$; the triangle
    inequality (Cauchy–Schwarz by Lagrange's identity) sums $L$ of them. Aligned increments of a constant gain
    attain it: $\|L\gamma\sqrt{D}u\| = L\gamma\sqrt{D}$ for a unit $u$."""
    _norm_of_gain_times_unit(d)
    _lagrange(d)
    unit = [sp.Rational(1, 3), sp.Rational(2, 3), sp.Rational(2, 3)]
    L = sp.Symbol("L", positive=True)
    d.close(sp.sqrt(sum((L * _gamma * sp.sqrt(3) * x) ** 2 for x in unit)), L * _gamma * sp.sqrt(3),
            r"aligned increments: $\|L\gamma\sqrt{D}u\| = L\gamma\sqrt{D}$ ($D = 3$)")


@CF.LINEAR_ANY.derivation("aligned_weights_grow_quadratically", shows="negation")
def _linear_any(d: Derivation) -> None:
    r"""$D = 2$, $m = 1$, $W^{(1)} = (1, 1)^\top$, $W^{(2)} = (1, 1)$, $\gamma = 1$, $x_l = k(1, 1)$ with $k > 0$:
    $\mathrm{Norm}(x_l) = (1, 1)$, $h = 2$, $a = (2, 2)$, $\tilde a = (1, 1)$, so $x_{l+1} = (k + 1)(1, 1)$;
    from $x_0 = (1, 1)$, $\mathrm{Var}(x_l) = (l + 1)^2$ and the step is $2l + 3$, not the constant $\gamma^2 = 1$."""
    k = sp.Symbol("k", positive=True)
    xn = d.step(r"$\mathrm{Norm}(k(1, 1))$", sp.Matrix(_rms([k, k])).T, "RMSNorm")
    d.close(xn[0], 1, r"$\mathrm{Norm}(x_l) = (1, 1)$")
    h = xn[0] + xn[1]
    d.close(h, 2, r"$h = \mathrm{ReLU}(\tilde x W^{(1)}) = 2$")
    an = _rms([h, h])
    d.close(an[0], 1, r"$\tilde a = \mathrm{Norm}((2, 2)) = (1, 1)$")
    lv = sp.Symbol("l", nonnegative=True, integer=True)
    step = d.step(r"$\mathrm{Var}(x_{l+1}) - \mathrm{Var}(x_l)$", sp.expand((lv + 2) ** 2 - (lv + 1) ** 2),
                  r"$\mathrm{Var}(x_l) = (l + 1)^2$")
    d.close(step, 2 * lv + 3, r"the step is $2l + 3$")
    d.close_true(sp.Gt(step, 1), r"$2l + 3 > 1 = \gamma^2$ for every $l \ge 0$: Eq. 4 fails for these weights")


@CF.PERI_MEAN_SQUARE.derivation("expectation_by_induction")
def _peri_mean_square(d: Derivation) -> None:
    r"""$\|x_{l+1}\|^2 = \|x_l\|^2 + 2\langle x_l, \tilde a_l\rangle + \|\tilde a_l\|^2$ with
    $\|\tilde a_l\|^2 = D\gamma^2$ exactly; $\tilde a_l$ is odd in $W^{(2)}_l$, which is independent of $x_l$ and
    symmetric, so $\mathbb{E}\langle x_l, \tilde a_l\rangle = 0$; summing, $\mathbb{E}\|x_L\|^2/D = m_0 + L\gamma^2$."""
    an = _rms(list(_a), _gamma)
    d.close(sp.together(sum(x**2 for x in an)), 3 * _gamma**2, r"$\|\tilde a\|^2 = D\gamma^2$ ($D = 3$)",
            method="expand")
    flipped = _rms([-x for x in _a], _gamma)
    d.close(flipped[0], -an[0], r"$\mathrm{Norm}(-a) = -\mathrm{Norm}(a)$: $W^{(2)} \to -W^{(2)}$ negates "
            r"$\tilde a$ and the cross term", method="expand")
    L, m0 = sp.Symbol("L", positive=True, integer=True), sp.Symbol("m_0")
    mean = lambda n: m0 + n * _gamma**2  # noqa: E731
    d.close(mean(L + 1) - mean(L), _gamma**2, r"$m_0 + L\gamma^2$ grows by $\gamma^2$ per layer, as each layer adds "
            r"$\mathbb{E}\|\tilde a\|^2/D = \gamma^2$ and a cross term of mean 0: by induction "
            r"$\mathbb{E}\|x_L\|^2/D = m_0 + L\gamma^2$", method="expand")


@CF.PRE_MEAN_SQUARE.derivation("gaussian_moments")
def _pre_mean_square(d: Derivation) -> None:
    r"""Given $x_l$, $\mathrm{Norm}(x_l)W^{(1)}$ has i.i.d. $N(0, s^2)$ entries ($\|\mathrm{Norm}(x_l)\|^2 = D$);
    $\mathbb{E}\,\mathrm{ReLU}(z)^2 = s^2/2$; with $W^{(2)} \sim N(0, s^2/m)$, $\mathbb{E}a_j^2 = (s^2/m)\,m s^2/2$;
    the cross term is odd in $W^{(2)}$."""
    m = sp.Symbol("m", positive=True)
    zp, zn = sp.Symbol("z", positive=True), sp.Symbol("z", negative=True)
    for z in (zp, zn):
        d.close(sp.Max(z, 0) ** 2 + sp.Max(-z, 0) ** 2, z**2, r"$\mathrm{ReLU}(z)^2 + \mathrm{ReLU}(-z)^2 = z^2$ ($z$ "
                + ("positive" if z is zp else "negative") + ")")
    second = d.step(r"$\mathbb{E}\,\mathrm{ReLU}(z)^2 = \frac{1}{2}\mathbb{E}z^2$, $z \sim N(0, s^2)$ symmetric",
                    _s**2 / 2, r"$z$ and $-z$ have the same law")
    d.close((_s**2 / m) * m * second, _s**4 / 2, r"$\mathbb{E}a_j^2 = s^4/2$")
    L, m0 = sp.Symbol("L", positive=True, integer=True), sp.Symbol("m_0")
    mean = lambda n: m0 + n * _s**4 / 2  # noqa: E731
    d.close(mean(L + 1) - mean(L), _s**4 / 2, r"each layer adds $s^4/2$: by induction "
            r"$\mathbb{E}\|x_L\|^2/D = m_0 + Ls^4/2$", method="expand")


@CF.PRE_BOUND.derivation("norms_of_the_pieces")
def _pre_bound(d: Derivation) -> None:
    r"""$\|x_{l+1}\| \le \|x_l\| + \|F(\tilde x)\|$; $\|F(\tilde x)\| \le \|\mathrm{ReLU}(\tilde xW^{(1)})\|
    \|W^{(2)}\|_2 \le \|\tilde x\|\|W^{(1)}\|_2\|W^{(2)}\|_2$ (operator norms, $|\mathrm{ReLU}(z)| \le |z|$) and
    $\|\tilde x\| \le \sqrt{D}\max|\gamma|$."""
    zp, zn = sp.Symbol("z", positive=True), sp.Symbol("z", negative=True)
    d.close_true(sp.Le(sp.Abs(sp.Max(zp, 0)), sp.Abs(zp)), r"$|\mathrm{ReLU}(z)| \le |z|$ for $z > 0$")
    d.close_true(sp.Le(sp.Abs(sp.Max(zn, 0)), sp.Abs(zn)), r"$|\mathrm{ReLU}(z)| \le |z|$ for $z < 0$")
    _norm_of_gain_times_unit(d)
    _lagrange(d)


@CF.PRE_EXPONENTIAL.derivation("geometric_sum")
def _pre_exponential(d: Derivation) -> None:
    r"""Aligned weights keep $x_l$ along one positive direction $u$; the increment of layer $l$ is $\kappa\rho^{l}u$
    (ReLU is homogeneous and $W^{(1)}_l = \rho^{l}W^{(1)}$), so $\|x_L\| = \|x_0\| + \kappa\sum_{l \le L}\rho^l =
    \|x_0\| + \kappa\rho(\rho^L - 1)/(\rho - 1)$: exponential in $L$."""
    L = sp.Symbol("L", positive=True, integer=True)
    closed = lambda n: _rho * (_rho**n - 1) / (_rho - 1)  # noqa: E731
    d.close(closed(1), _rho, r"$L = 1$: $\rho(\rho - 1)/(\rho - 1) = \rho$")
    d.close(closed(L + 1) - closed(L), _rho ** (L + 1), r"the step $L \to L + 1$ adds $\rho^{L+1}$: by induction "
            r"$\sum_{l=1}^{L}\rho^l = \rho(\rho^L - 1)/(\rho - 1)$")


@CF.JAEHUN_ARCH.derivation("a_witness", shows="negation")
def _jaehun_arch(d: Derivation) -> None:
    r"""$D = 2$, $m = 1$, $W^{(1)} = (1, 1)^\top$, $W^{(2)} = (1, 1)$, $x = (1, 1)$: $F(\mathrm{Norm}(x)) = (2, 2)$;
    $\mathrm{Norm}(x + (2, 2)) = (1, 1)$ while $x + \mathrm{Norm}((2, 2)) = (2, 2)$."""
    after_add = _rms([1 + 2, 1 + 2])
    peri = [1 + v for v in _rms([2, 2])]
    d.close(after_add[0], 1, r"$\mathrm{Norm}((3, 3))_1 = 1$")
    d.close(peri[0], 2, r"$(x + \mathrm{Norm}((2, 2)))_1 = 2$")
    d.close_true(sp.Ne(after_add[0], peri[0]), "the two maps differ at this point")


@CF.JAEHUN_TOY.derivation("symmetric_triple", shows="negation")
def _jaehun_toy(d: Derivation) -> None:
    r"""$\mathrm{LayerNorm}([t, 0, -t])_1 = \sqrt{6}/2 \approx 1.2247$ for every $t > 0$, which is not $1.37$ to two
    decimals."""
    first = d.step(r"$\mathrm{LayerNorm}([t, 0, -t])_1$", _layer([_t, 0, -_t])[0], "definition")
    d.close(first, sp.sqrt(6) / 2, r"$= \sqrt{6}/2$ for every $t > 0$")
    d.close_true(sp.Gt(sp.Abs(sp.sqrt(6) / 2 - sp.Rational(137, 100)), sp.Rational(1, 200)),
                 r"$|\sqrt{6}/2 - 1.37| > 0.005$")


@CF.SYMMETRIC_TRIPLE.derivation("population_variance")
def _symmetric_triple(d: Derivation) -> None:
    r"""The mean of $[t, 0, -t]$ is 0 and its population variance $2t^2/3$, so the first entry is
    $t/\sqrt{2t^2/3} = \sqrt{3/2}$."""
    d.close(_layer([_t, 0, -_t])[0], sp.sqrt(6) / 2, r"$\mathrm{LayerNorm}([t, 0, -t])_1 = \sqrt{6}/2$")


# -- gradients --------------------------------------------------------------------------------------------


def _jacobian_formula(vec, gains, centred, r=None):
    """(diag(γ) − γ⊙c cᵀ/(D r²)) P / r, c = P·vec; ``r`` the RMS of c (computed unless given as a symbol)."""
    d = len(vec)
    proj = sp.eye(d) - sp.ones(d, d) / d if centred else sp.eye(d)
    c = proj * sp.Matrix(vec)
    if r is None:
        r = sp.sqrt((c.T * c)[0] / d)
    return (sp.diag(*gains) - sp.Matrix([gains[i] * c[i] for i in range(d)]) * c.T / (d * r**2)) * proj / r


@CG.JACOBIAN.derivation("differentiate")
def _jacobian(d: Derivation) -> None:
    r"""Differentiate RMSNorm ($D = 3$) and LayerNorm ($D = 3$) symbolically and compare with the formula (a diagonal
    and an off-diagonal entry of each: the others follow by permuting coordinates); with $r$ the RMS,
    $r(ca) = cr(a)$, so $J(ca) = J(a)/c$; for a constant gain $J^\top J = (D\gamma^2/\|a\|^2)(I - uu^\top)$, an
    orthogonal projection scaled: the operator norm is $\sqrt{D}\gamma/\|a\|$."""
    total = sum(x**2 for x in _a)
    big_r = sp.Symbol("R", positive=True)  # R = ‖a‖

    def in_r(expr):
        return expr.replace(lambda e: e.is_Pow and e.base == total, lambda e: big_r ** (2 * e.exp))

    out = _rms(list(_a), list(_gam))
    formula = _jacobian_formula(list(_a), list(_gam), False, big_r / sp.sqrt(3))
    for i, j in ((0, 0), (0, 1)):
        d.close(in_r(sp.diff(out[i], _a[j])), formula[i, j], rf"RMSNorm: $J_{{{i + 1}{j + 1}}}$ (with $R = \|a\|$, "
                r"$r = R/\sqrt{D}$)", method="expand")
    proj = sp.eye(3) - sp.ones(3, 3) / 3
    centred = list(proj * sp.Matrix(_a))
    d.close(_layer(list(_a), list(_gam))[0], _rms(centred, list(_gam))[0],
            r"LayerNorm$(a) = $ RMSNorm$(Pa)$, so by the chain rule $J_{LN}(a) = J_{RMS}(Pa)\,P$")
    r = sp.Symbol("r", positive=True)
    scaled = _jacobian_formula([_c * x for x in _a], list(_gam), False, _c * r)
    plain = _jacobian_formula(list(_a), list(_gam), False, r)
    for i, j in ((0, 0), (0, 1)):
        d.close(scaled[i, j] * _c, plain[i, j], rf"$J(ca)_{{{i + 1}{j + 1}}} = "
                rf"J(a)_{{{i + 1}{j + 1}}}/c$ (with $r(ca) = cr$)", method="expand")
    sq = sum(x**2 for x in _a)
    gram = _jacobian_formula(list(_a), [_gamma] * 3, False, r).T * _jacobian_formula(list(_a), [_gamma] * 3, False, r)
    proj = sp.eye(3) - sp.Matrix(_a) * sp.Matrix(_a).T / sq
    for i, j in ((0, 0), (0, 1)):  # only even powers of r appear: r² = ‖a‖²/D makes each entry rational
        d.close(sp.cancel(sp.expand(gram[i, j]).subs(r, sp.sqrt(sq / 3))), sp.cancel(3 * _gamma**2 / sq * proj[i, j]),
                rf"$(J^\top J)_{{{i + 1}{j + 1}}} = (D\gamma^2/\|a\|^2)(I - uu^\top)_{{{i + 1}{j + 1}}}$",
                method="expand")


@CG.PRE_GRADIENT.derivation("differentiate_the_residual")
def _pre_gradient(d: Derivation) -> None:
    r"""$L = \langle g, o\rangle$ with $o = x + hW^{(2)}$ ($m = D = 2$): $\partial L/\partial W^{(2)}_{ij} = h_ig_j$;
    for a general loss, the chain rule replaces $g$ by $\partial L/\partial o$."""
    h = sp.symbols("h1:3", real=True)
    x = sp.symbols("x1:3", real=True)
    W = sp.Matrix(2, 2, sp.symbols("w11 w12 w21 w22", real=True))
    o = sp.Matrix(x).T + sp.Matrix(h).T * W
    loss = sum(_g[j] * o[j] for j in range(2))
    for i in range(2):
        for j in range(2):
            d.close(sp.diff(loss, W[i, j]), h[i] * _g[j], rf"$\partial L/\partial W_{{{i + 1}{j + 1}}} = "
                    rf"h_{i + 1}g_{j + 1}$")


@CG.SCALING.derivation("degrees_of_homogeneity")
def _scaling(d: Derivation) -> None:
    r"""Pre-LN: $(ch)_ig_j = c\,h_ig_j$. Peri-LN: $a \to ca$, its RMS $r \to cr$ (RMSNorm; likewise the centred
    vector's for LayerNorm) and $J(ca)^\top g = J(a)^\top g/c$, so $(ch)^\top J(ca)^\top g = h^\top J(a)^\top g$."""
    h = sp.Symbol("h", positive=True)
    r = sp.Symbol("r", positive=True)
    d.close((_c * h) * _g[0], _c * (h * _g[0]), r"Pre-LN: degree 1")
    jt = _jacobian_formula([_c * x for x in _a], list(_gam), False, _c * r).T * sp.Matrix(_g)
    base = _jacobian_formula(list(_a), list(_gam), False, r).T * sp.Matrix(_g)
    d.close(_c * h * jt[0], h * base[0], r"Peri-LN: degree 0 (RMSNorm; LayerNorm is RMSNorm after the linear "
            r"centring $P$, so $J_{LN}(ca) = J_{RMS}(cPa)P$ scales the same way)", method="expand")


@CG.PAPER_BOUND.derivation("gradient_linear_in_g", shows="negation")
def _paper_bound(d: Derivation) -> None:
    r"""$D = 2$, $h = (1)$, $W^{(2)} = (1, 0)$, $g = (0, 5)$, $\gamma = 1$: $J(a) = \sqrt{2}(I - e_1e_1^\top)$, so
    $\partial L/\partial W^{(2)}_{12} = 5\sqrt{2}$, above $4\gamma\sqrt{D}\|h\|/\|a\| = 4\sqrt{2}$."""
    jac = _jacobian_formula([sp.Integer(1), sp.Integer(0)], [1, 1], False)
    grad = (jac.T * sp.Matrix([0, 5]))[1]
    d.close(grad, 5 * sp.sqrt(2), r"$\partial L/\partial W^{(2)}_{12} = 5\sqrt{2}$")
    d.close_true(sp.Gt(grad, 4 * sp.sqrt(2)), r"$5\sqrt{2} > 4\sqrt{2}$")


def _projection_contracts(d: Derivation, centred: bool) -> None:
    """M = P − ccᵀ/(cᵀc), c = Pa: I − M is symmetric and idempotent, so ‖w‖² − ‖Mw‖² = ‖(I − M)w‖² ≥ 0."""
    proj = sp.eye(3) - sp.ones(3, 3) / 3 if centred else sp.eye(3)
    c = sp.Matrix([_a[0], _a[1], -_a[0] - _a[1]] if centred else list(_a))  # a centred vector: 1ᵀc = 0
    q = sp.eye(3) - (proj - c * c.T / (c.T * c)[0])
    d.step(r"$I - M$ with $M = P - cc^\top/\|c\|^2$", q, "the complement of the projection")
    for i, j in ((0, 0), (0, 1)):
        d.close(sp.cancel((q * q - q)[i, j]), 0, rf"$(I - M)^2 = I - M$, entry ${i + 1}{j + 1}$", method="expand")
    d.close(sp.cancel(q[0, 1] - q[1, 0]), 0, r"$I - M$ is symmetric: $\|w\|^2 - \|Mw\|^2 = \|(I - M)w\|^2 \ge 0$",
            method="expand")


@CG.RMS_BOUND.derivation("projection_and_gain")
def _rms_bound(d: Derivation) -> None:
    r"""$J^\top g = (\sqrt{D}/\|a\|)(I - uu^\top)(\gamma\odot g)$; $I - uu^\top$ is an orthogonal projection, so
    $\|J^\top g\| \le \sqrt{D}\|\gamma\odot g\|/\|a\| \le \sqrt{D}\max|\gamma|\|g\|/\|a\|$, and
    $\|\partial L/\partial W^{(2)}\|_F = \|h\|\|J^\top g\|$; equality for $\gamma\odot g \perp a$ with a constant
    gain."""
    _projection_contracts(d, centred=False)
    _norm_of_gain_times_unit(d)
    jac = _jacobian_formula([sp.Integer(3), sp.Integer(4), sp.Integer(0)], [_gamma] * 3, False)
    g = sp.Matrix([-4, 3, 5])
    value = sp.sqrt(((jac.T * g).T * (jac.T * g))[0])
    d.close(value, _gamma * sp.sqrt(3) * sp.sqrt(50) / 5, r"equality at $a = (3, 4, 0)$, $g = (-4, 3, 5) \perp a$")


@CG.LN_BOUND.derivation("centred_projection")
def _ln_bound(d: Derivation) -> None:
    r"""For LayerNorm $J^\top g = (\sqrt{D}/\|c\|)(P - vv^\top)(\gamma\odot g)$ with $v \perp \mathbf{1}$: $P - vv^\top$
    is an orthogonal projection, so the RMSNorm argument goes through with $\|c\| = \|a - \bar a\mathbf{1}\|$."""
    _projection_contracts(d, centred=True)
    _norm_of_gain_times_unit(d)


@CG.LN_UNCENTRED.derivation("common_offset", shows="negation")
def _ln_uncentred(d: Derivation) -> None:
    r"""$a = (5, 4, 3)$, $c = (1, 0, -1)$, $g = (1, -2, 1) \perp \mathbf{1}, c$, $h = (1)$, $\gamma = 1$:
    $\|J^\top g\| = (\sqrt{3}/\sqrt{2})\sqrt{6} = 3$, and $4\sqrt{3}\|g\|/\|a\| = 4\sqrt{18}/\sqrt{50} = 12/5$."""
    jac = _jacobian_formula([sp.Integer(5), sp.Integer(4), sp.Integer(3)], [1, 1, 1], True)
    g = sp.Matrix([1, -2, 1])
    value = sp.sqrt(((jac.T * g).T * (jac.T * g))[0])
    d.close(value, 3, r"$\|\partial L/\partial W^{(2)}\|_F = 3$")
    bound = 4 * sp.sqrt(3) * sp.sqrt(6) / sp.sqrt(50)
    d.close(bound, sp.Rational(12, 5), r"the bound with $\|a\|$ is $12/5$")
    d.close_true(sp.Gt(value, bound), r"$3 > 12/5$")
