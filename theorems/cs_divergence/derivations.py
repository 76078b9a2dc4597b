"""Sympy derivations of the cs_divergence claims.

Matrix statements are reduced to one dimension per eigenvalue: with Σ₂ = WWᵀ, the change of variable x ↦ W⁻¹x maps
N(μ, Σ) to N(W⁻¹μ, W⁻¹ΣW⁻ᵀ) and leaves D_CS and both KLs unchanged (each is invariant under an invertible affine map,
the CS divergence because the Jacobians cancel in its ratio); a rotation then diagonalises W⁻¹Σ₁W⁻ᵀ = diag(r),
Σ₂ becomes I, and every term is a sum over coordinates of the one-dimensional term with v₁ = r_i, v₂ = 1.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims_estimators as CE
from . import claims_kl as CK
from . import claims_properties as CP
from . import claims_release as CR
from . import formulas as F

_x, _m1, _m2, _delta, _lam = sp.symbols("x mu_1 mu_2 Delta lambda", real=True)
_v1, _v2, _r, _s, _a, _b, _c, _t, _sigma, _v = sp.symbols("v_1 v_2 r s a b c t sigma v", positive=True)
_xn = sp.Symbol("x", nonnegative=True)


def _dcs_1d(delta, v1, v2):
    return delta**2 / (v1 + v2) + sp.log((v1 + v2) / (2 * sp.sqrt(v1 * v2)))


def _kl_1d(delta, v1, v2):
    """KL(N(μ₁, v₁) ‖ N(μ₂, v₂)), Δ = μ₁ − μ₂."""
    return (v1 / v2 - 1 + sp.log(v2 / v1) + delta**2 / v2) / 2


# -- S1 -----------------------------------------------------------------------------------------------------------


@CP.PROPERTIES.derivation("lagrange_identity")
def _properties(d: Derivation) -> None:
    r"""Lagrange's identity $\sum p^2\sum q^2 - (\sum pq)^2 = \sum_{i<j}(p_iq_j - p_jq_i)^2 \ge 0$ (shown for three
    points, each pair alike), zero exactly when every $p_iq_j = p_jq_i$, i.e. $p \propto q$; symmetry and the
    invariance under $p \to ap$, $q \to bq$ from the expression."""
    p = sp.symbols("p1:4", positive=True)
    q = sp.symbols("q1:4", positive=True)
    pq, pp, qq = sum(a * b for a, b in zip(p, q)), sum(a * a for a in p), sum(b * b for b in q)
    gap = d.step(r"$\sum p^2\sum q^2 - (\sum pq)^2$", pp * qq - pq**2, "the Cauchy–Schwarz gap")
    d.close(gap, sum((p[i] * q[j] - p[j] * q[i]) ** 2 for i in range(3) for j in range(i + 1, 3)),
            r"$= \sum_{i<j}(p_iq_j - p_jq_i)^2$", method="expand")
    arg = F.cs_argument(list(p), list(q))
    d.close(arg, F.cs_argument(list(q), list(p)), r"the argument is symmetric in $p$ and $q$")
    d.close(F.cs_argument([_a * x for x in p], [_b * y for y in q]), arg,
            r"$(ap, bq)$ gives the same argument: $a^2b^2$ cancels")


# -- S2 -----------------------------------------------------------------------------------------------------------


@CP.GAUSSIAN_1D.derivation("product_formula")
def _gaussian_1d(d: Derivation) -> None:
    r"""Completing the square gives the product formula $\int\mathcal{N}(x; \mu_1, v_1)\mathcal{N}(x; \mu_2, v_2)dx =
    \mathcal{N}(\mu_1; \mu_2, v_1 + v_2)$; with $\int p^2 = \mathcal{N}(0; 0, 2v_1)$ the logarithms reduce to the
    closed form."""
    centre = (_m1 * _v2 + _m2 * _v1) / (_v1 + _v2)
    precision = (_v1 + _v2) / (_v1 * _v2)
    d.close((_x - _m1) ** 2 / _v1 + (_x - _m2) ** 2 / _v2,
            precision * (_x - centre) ** 2 + (_m1 - _m2) ** 2 / (_v1 + _v2),
            r"$\frac{(x - \mu_1)^2}{v_1} + \frac{(x - \mu_2)^2}{v_2} = \frac{v_1 + v_2}{v_1v_2}(x - c)^2 + "
            r"\frac{(\mu_1 - \mu_2)^2}{v_1 + v_2}$", method="simplify")
    gauss = sp.integrate(sp.exp(-_a * _x**2 / 2), (_x, -sp.oo, sp.oo))
    d.close(gauss, sp.sqrt(2 * sp.pi / _a), r"$\int e^{-ax^2/2}dx = \sqrt{2\pi/a}$")
    product = sp.sqrt(2 * sp.pi / precision) / (2 * sp.pi * sp.sqrt(_v1 * _v2)) * sp.exp(
        -(_m1 - _m2) ** 2 / (2 * (_v1 + _v2)))
    d.close(product, sp.exp(-(_m1 - _m2) ** 2 / (2 * (_v1 + _v2))) / sp.sqrt(2 * sp.pi * (_v1 + _v2)),
            r"$\int pq = \mathcal{N}(\mu_1; \mu_2, v_1 + v_2)$")
    d.close(sp.expand_log(F.GAUSSIAN_1D_PRODUCT, force=True), sp.expand_log(F.GAUSSIAN_1D.expr, force=True),
            r"$-2\log\int pq + \log\int p^2 + \log\int q^2$ is the closed form", method="simplify")


@CP.GAUSSIAN.derivation("product_formula_any_dimension")
def _gaussian(d: Derivation) -> None:
    r"""In $d$ dimensions $\int pq = \mathcal{N}(\mu_1; \mu_2, S)$, $S = \Sigma_1 + \Sigma_2$, and $\int p^2 =
    \mathcal{N}(0; 0, 2\Sigma_1)$; with $\det(2\Sigma) = 2^d\det\Sigma$ the logarithms give the closed form
    (determinants and the quadratic form as symbols)."""
    dim = sp.Symbol("d", positive=True, integer=True)
    det1, det2, dets, quad = sp.symbols("det_1 det_2 det_S Q", positive=True)
    log_norm = lambda det, q: -(dim * sp.log(2 * sp.pi) + sp.log(det) + q) / 2  # noqa: E731
    value = d.step(r"$-2\log\mathcal{N}(\mu_1; \mu_2, S) + \log\mathcal{N}(0; 0, 2\Sigma_1) + \log\mathcal{N}(0; 0, "
                   r"2\Sigma_2)$", -2 * log_norm(dets, quad) + log_norm(2**dim * det1, 0) + log_norm(2**dim * det2, 0),
                   r"the product formula, $Q = \Delta^\top S^{-1}\Delta$")
    d.close(sp.expand_log(value, force=True),
            sp.expand_log(quad + sp.log(dets / 2**dim) - sp.log(det1) / 2 - sp.log(det2) / 2, force=True),
            r"$= Q + \log\det(S/2) - \frac{1}{2}\log\det\Sigma_1 - \frac{1}{2}\log\det\Sigma_2$", method="simplify")


# -- S3 -----------------------------------------------------------------------------------------------------------

_WITNESS = (sp.Integer(2), sp.Rational(1, 4), sp.Integer(1))  # Δ = μ₂ − μ₁ = 2, v₁ = 1/4, v₂ = 1


@CK.KL_BOUND.derivation("witness_exactly", shows="negation")
def _kl_bound(d: Derivation) -> None:
    r"""At $p = \mathcal{N}(0, 1/4)$, $q = \mathcal{N}(2, 1)$: $D_{CS} = 16/5 + \log(5/4)$ and $\mathrm{KL}(p\|q) =
    13/8 + \log 2$, and $D_{CS} - \mathrm{KL}(p\|q) = 63/40 + \log(5/8) > 0$."""
    dcs = d.step(r"$D_{CS}$ at the witness", _dcs_1d(*_WITNESS), "the closed form")
    kl = d.step(r"$\mathrm{KL}(p\|q)$ at the witness", _kl_1d(*_WITNESS), "the Gaussian KL")
    d.close(sp.expand_log(dcs - kl, force=True),
            sp.expand_log(sp.Rational(63, 40) + sp.log(sp.Rational(5, 8)), force=True),
            r"$D_{CS} - \mathrm{KL} = 63/40 + \log(5/8)$")
    d.close_true(sp.Gt(dcs - kl, 0), r"$63/40 + \log(5/8) > 0$")


@CK.KL_MIN.derivation("witness_exactly", shows="negation")
def _kl_min(d: Derivation) -> None:
    r"""At the same witness $\mathrm{KL}(q\|p) = 8 + (3 - \log 4)/2$ exceeds $D_{CS}$, so the minimum is
    $\mathrm{KL}(p\|q) < D_{CS}$."""
    dcs = _dcs_1d(*_WITNESS)
    forward = _kl_1d(*_WITNESS)
    backward = d.step(r"$\mathrm{KL}(q\|p)$ at the witness", _kl_1d(_WITNESS[0], _WITNESS[2], _WITNESS[1]),
                      "the Gaussian KL, arguments exchanged")
    d.close_true(sp.Gt(backward, forward),
                 r"$\mathrm{KL}(q\|p) > \mathrm{KL}(p\|q)$: the minimum is $\mathrm{KL}(p\|q)$")
    d.close_true(sp.Gt(dcs - forward, 0), r"$D_{CS} > \min(\mathrm{KL}(p\|q), \mathrm{KL}(q\|p))$")


def _covariance_part(d: Derivation) -> None:
    d.close((1 + _r) ** 2 / (4 * _r), 1 + (_r - 1) ** 2 / (4 * _r),
            r"$\frac{(1 + r)^2}{4r} = 1 + \frac{(r - 1)^2}{4r}$: $D_{CS}$'s covariance part is "
            r"$\frac{1}{2}\log(1 + \frac{(r - 1)^2}{4r})$", method="simplify")


@CK.KL_SYMMETRIC.derivation("per_eigenvalue")
def _kl_symmetric(d: Derivation) -> None:
    r"""After whitening (module docstring) per coordinate with $v_2 = 1$, $v_1 = r$: the mean parts differ by
    $\Delta^2(r - 1)^2/(4r(1 + r)) \ge 0$; the covariance parts are $\frac{1}{2}\log(1 + x)$ against $x$,
    $x = (r - 1)^2/(4r) \ge 0$, and $\log(1 + x) \le x$."""
    half_j = (_kl_1d(_delta, _r, 1) + _kl_1d(_delta, 1, _r)) / 2
    mean_gap = d.step(r"mean parts: $\frac{\Delta^2}{4}(1 + \frac{1}{r}) - \frac{\Delta^2}{1 + r}$",
                      _delta**2 * (1 + 1 / _r) / 4 - _delta**2 / (1 + _r), "the terms in $\\Delta^2$")
    d.close(mean_gap, _delta**2 * (_r - 1) ** 2 / (4 * _r * (1 + _r)), r"$= \Delta^2(r - 1)^2/(4r(1 + r)) \ge 0$",
            method="simplify")
    d.close(sp.expand(half_j - _delta**2 * (1 + 1 / _r) / 4), sp.expand((_r - 1) ** 2 / (4 * _r)),
            r"covariance part of $\frac{1}{2}(\mathrm{KL}(p\|q) + \mathrm{KL}(q\|p))$: $\frac{(r - 1)^2}{4r}$",
            method="simplify")
    _covariance_part(d)
    d.close(sp.diff(_xn - sp.log(1 + _xn), _xn), _xn / (1 + _xn), r"$\frac{d}{dx}(x - \log(1 + x)) = x/(1 + x)$")
    d.close_true(sp.Ge(_xn / (1 + _xn), 0), r"$x/(1 + x) \ge 0$ and $x - \log(1 + x) = 0$ at $x = 0$: "
                                            r"$\frac{1}{2}\log(1 + x) \le \log(1 + x) \le x$")


@CK.KL_EQUAL_COV.derivation("equal_covariances")
def _kl_equal(d: Derivation) -> None:
    r"""Per coordinate after whitening ($v_1 = v_2 = 1$): both are $\Delta^2/2$."""
    d.close(_dcs_1d(_delta, 1, 1), _kl_1d(_delta, 1, 1), r"$D_{CS} = \mathrm{KL} = \Delta^2/2$ when $v_1 = v_2$")
    d.close(_dcs_1d(_delta, _v, _v), _delta**2 / (2 * _v), r"$D_{CS} = \Delta^2/(2v)$ for any common $v$")


def _wider_covariance(d: Derivation) -> None:
    f = d.step(r"$f(r) = \frac{1}{2}(r - 1 - \log r) - \log\frac{1 + r}{2\sqrt r}$",
               _kl_1d(0, _r, 1) - _dcs_1d(0, _r, 1), "KL minus $D_{CS}$, covariance parts")
    d.close(sp.diff(f, _r), (_r - 1) / (2 * (1 + _r)), r"$f'(r) = \frac{r - 1}{2(1 + r)}$")
    d.close(f.subs(_r, 1), 0, r"$f(1) = 0$")
    d.close_true(sp.Gt(((_r - 1) / (2 * (1 + _r))).subs(_r, 1 + _s), 0), r"$f' > 0$ for $r > 1$")
    d.close_true(sp.Lt(sp.simplify(((_r - 1) / (2 * (1 + _r))).subs(_r, 1 / (1 + _s))), 0),
                 r"$f' < 0$ for $r < 1$: $f \ge f(1) = 0$")


@CK.WIDER_P.derivation("mean_and_covariance_parts")
def _wider(d: Derivation) -> None:
    r"""Per coordinate after whitening: with $v_1 = v_2 + s$, $s \ge 0$, the mean parts differ by
    $\Delta^2 s/(2v_2(2v_2 + s)) \ge 0$; the covariance parts by $f(r) \ge 0$ for every $r$."""
    gap = _delta**2 / (2 * _v2) - _delta**2 / (2 * _v2 + _s)
    d.close(gap, _delta**2 * _s / (2 * _v2 * (2 * _v2 + _s)), r"$\frac{\Delta^2}{2v_2} - \frac{\Delta^2}{v_1 + v_2} = "
            r"\frac{\Delta^2 s}{2v_2(2v_2 + s)}$", method="simplify")
    d.close_true(sp.Ge(_delta**2 * _s / (2 * _v2 * (2 * _v2 + _s)), 0), r"$\ge 0$")
    _wider_covariance(d)


@CK.MIN_REFINED.derivation("same_mean_or_same_covariance")
def _min_refined(d: Derivation) -> None:
    r"""Same means: $D_{CS}$'s covariance part is unchanged by $r \to 1/r$ (exchanging $p$ and $q$), and $f(r) \ge 0$
    for every $r$ bounds it by both KLs. Same covariances: equality (cs_divergence.kl_equal_covariance)."""
    d.close(sp.expand_log(_dcs_1d(0, 1 / _r, 1), force=True), sp.expand_log(_dcs_1d(0, _r, 1), force=True),
            r"$\log\frac{1 + 1/r}{2\sqrt{1/r}} = \log\frac{1 + r}{2\sqrt r}$", method="simplify")
    _wider_covariance(d)
    d.close(_dcs_1d(_delta, 1, 1), _kl_1d(_delta, 1, 1), r"same covariances: $D_{CS} = \mathrm{KL}$ both ways")


# -- S4, S5 -------------------------------------------------------------------------------------------------------


def _positive_definite_kernel(d: Derivation) -> None:
    u, w = sp.symbols("u w", real=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    d.close(sp.exp(-(u - w) ** 2 / 2), sp.exp(-u**2 / 2) * sp.exp(-w**2 / 2) * sp.exp(u * w),
            r"$e^{-(u - w)^2/2} = e^{-u^2/2}e^{-w^2/2}e^{uw}$ (coordinates scaled by $\sigma$)", method="expand")
    d.close(sp.summation((u * w) ** k / sp.factorial(k), (k, 0, sp.oo)), sp.exp(u * w),
            r"$e^{uw} = \sum_k \frac{u^k}{\sqrt{k!}}\frac{w^k}{\sqrt{k!}}$: an inner product of feature vectors, so "
            r"$\sum_{jl}c_jc_l\kappa(z_j, z_l) = \sum_k(\sum_j c_je^{-z_j^2/2}z_j^k/\sqrt{k!})^2 \ge 0$; in "
            r"$d$ dimensions the kernel is a product of these (Schur)")
    quad = d.step(r"$g(\lambda) = a - 2\lambda c + \lambda^2 b \ge 0$", _a - 2 * _lam * _c + _lam**2 * _b,
                  r"the quadratic form at weights $1/n$ on $x$ and $-\lambda/m$ on $y$ ($a, b, c$ the three means)")
    d.close(quad.subs(_lam, _c / _b), (_a * _b - _c**2) / _b, r"$g(c/b) = (ab - c^2)/b \ge 0$: $c^2 \le ab$, so "
            r"$\log a + \log b - 2\log c \ge 0$")


@CE.KDE_NONNEGATIVE.derivation("kernel_cauchy_schwarz")
def _kde_nonnegative(d: Derivation) -> None:
    r"""The Gaussian kernel is positive definite (an explicit feature expansion), so the quadratic
    form in the weights $(1/n, \ldots, -\lambda/m, \ldots)$ is $\ge 0$ for every $\lambda$; its minimum gives
    $c^2 \le ab$."""
    _positive_definite_kernel(d)


@CE.QMI_NONNEGATIVE.derivation("product_kernel_cauchy_schwarz")
def _qmi_nonnegative(d: Derivation) -> None:
    r"""The product kernel $\kappa(x, x')\kappa(y, y')$ is positive definite (the entrywise product of positive
    semidefinite matrices is one, Schur); the weights $1/N$ on the pairs and $-\lambda/N^2$ on the pairs $(x_i, y_k)$
    give $a = $ self1, $b = $ self2, $c = $ cross."""
    _positive_definite_kernel(d)


@CE.KDE_CONSISTENT.derivation("smoothed_limit")
def _kde_consistent(d: Derivation) -> None:
    r"""For Gaussians the fixed-$\sigma$ limit is the closed form with $v_i + \sigma^2/2$ (a kernel mean of
    $\mathcal{N}(\mu, v)$ samples is a Gaussian integral with variance $2v + \sigma^2$); it tends to $D_{CS}$ as
    $\sigma \to 0$."""
    smoothed = d.step(r"$D_{CS}(\mathcal{N}(\mu_1, v_1 + \sigma^2/2), \mathcal{N}(\mu_2, v_2 + \sigma^2/2))$",
                      _dcs_1d(_delta, _v1 + _sigma**2 / 2, _v2 + _sigma**2 / 2), "the smoothed closed form")
    d.close(smoothed.subs(_sigma, 0), _dcs_1d(_delta, _v1, _v2),
            r"the smoothed form is continuous in $\sigma$ at 0 ($v_1, v_2 > 0$): $\sigma \to 0$ gives $D_{CS}(p, q)$")
    d.open("the convergence of the three V-statistics as $n, m \\to \\infty$ (a law of large numbers) is not "
           "derived in sympy")


@CE.QMI_KDE.derivation("convolution_width")
def _qmi_kde(d: Derivation) -> None:
    r"""$\int\mathcal{N}(u; a, \sigma^2/2)\mathcal{N}(u; b, \sigma^2/2)du = \mathcal{N}(a; b, \sigma^2) =
    \kappa_\sigma(a, b)/\sqrt{2\pi\sigma^2}$ (the product formula with $v_1 = v_2 = \sigma^2/2$): every integral of
    the estimates is a Gram-matrix sum times one constant per dimension, and the constants cancel in the ratio."""
    half = _sigma**2 / 2
    d.close((_x - _m1) ** 2 / half + (_x - _m2) ** 2 / half,
            (4 / _sigma**2) * (_x - (_m1 + _m2) / 2) ** 2 + (_m1 - _m2) ** 2 / _sigma**2,
            r"completing the square at $v_1 = v_2 = \sigma^2/2$", method="simplify")
    mass = sp.sqrt(2 * sp.pi * _sigma**2 / 4) / (2 * sp.pi * half)
    d.close(mass * sp.exp(-(_m1 - _m2) ** 2 / (2 * _sigma**2)),
            sp.exp(-(_m1 - _m2) ** 2 / (2 * _sigma**2)) / sp.sqrt(2 * sp.pi * _sigma**2),
            r"$= \kappa_\sigma(a, b)/\sqrt{2\pi\sigma^2}$")
    k = sp.Symbol("k", positive=True)
    d.close(sp.expand_log(-2 * sp.log(k * _c) + sp.log(k * _a) + sp.log(k * _b), force=True),
            sp.expand_log(-2 * sp.log(_c) + sp.log(_a) + sp.log(_b), force=True),
            r"a common constant $k$ cancels", method="simplify")
    d.close(sp.log(_t, 2), sp.log(_t) / sp.log(2), r"$\log_2 t = \ln t/\ln 2$")


# -- S6, S7 -------------------------------------------------------------------------------------------------------


@CE.QMI_SCALE.derivation("kernel_argument_changes", shows="negation")
def _qmi_scale(d: Derivation) -> None:
    r"""Scaling the data by $c$ scales the distances by $c$ and the released width (a median of squared distances)
    by $c^2$: the kernel's argument is multiplied by $c^{-2}$."""
    dist, med = sp.symbols("delta m", positive=True)
    arg = lambda cc: (cc * dist) ** 2 / (2 * (10 * cc**2 * med) ** 2)  # noqa: E731
    d.close(arg(_c) / arg(1), 1 / _c**2, r"the argument at scale $c$ over the argument at scale 1 is $c^{-2}$")
    d.close_true(sp.Ne(arg(2) / arg(1), 1), r"$\ne 1$ at $c = 2$: the kernel entries, and the value, change")


@CE.QMI_DISTANCE.derivation("kernel_argument_unchanged")
def _qmi_distance(d: Derivation) -> None:
    r"""With the median of distances the width scales by $c$, and the argument is unchanged."""
    dist, med = sp.symbols("delta m", positive=True)
    d.close((_c * dist) ** 2 / (2 * (10 * _c * med) ** 2), dist**2 / (2 * (10 * med) ** 2),
            r"$c^2\delta^2/(2(10cm)^2) = \delta^2/(2(10m)^2)$")


@CE.LOSS.derivation("normalisers_cancel")
def _loss(d: Derivation) -> None:
    r"""$-2\log\frac{S_{12}}{nm} + \log\frac{S_{11}}{n^2} + \log\frac{S_{22}}{m^2}$: the constants sum to
    $2\log(nm) - 2\log n - 2\log m = 0$."""
    n, m, s11, s22, s12 = sp.symbols("n m S_11 S_22 S_12", positive=True)
    normalised = -2 * sp.log(s12 / (n * m)) + sp.log(s11 / n**2) + sp.log(s22 / m**2)
    d.close(sp.expand_log(normalised, force=True),
            sp.expand_log(-2 * sp.log(s12) + sp.log(s11) + sp.log(s22), force=True),
            r"the normalised estimator equals the unnormalised loss")


@CE.LOG2.derivation("change_of_base")
def _log2(d: Derivation) -> None:
    r"""$-2\log_2 c + \log_2 a + \log_2 b = (-2\ln c + \ln a + \ln b)/\ln 2$."""
    d.close(-2 * sp.log(_c, 2) + sp.log(_a, 2) + sp.log(_b, 2), (-2 * sp.log(_c) + sp.log(_a) + sp.log(_b)) / sp.log(2),
            r"change of base, term by term")


# -- S8 -----------------------------------------------------------------------------------------------------------


def _normal2(z1, z2, m, v):
    return sp.exp(-((z1 - m) ** 2 + (z2 - m) ** 2) / (2 * v)) / (2 * sp.pi * v)


@CR.KL_TARGET.derivation("value_at_a_mode", shows="negation")
def _kl_target(d: Derivation) -> None:
    r"""At $z = \mu_1 = (-4, -4)$ the released expression is $\log((1 + e^{-32})/\sqrt{2\pi})$ and the mixture's
    $\log((1 + e^{-64})/(4\pi))$: they differ."""
    p1, p2 = _normal2(-4, -4, -4, 1), _normal2(-4, -4, 4, 1)
    released = d.step(r"$\log(\sqrt{p_1} + \sqrt{p_2})$ at $\mu_1$", sp.log(sp.sqrt(p1) + sp.sqrt(p2)),
                      r"logaddexp of the halved log densities")
    mixture = d.step(r"$\log(\frac{1}{2}p_1 + \frac{1}{2}p_2)$ at $\mu_1$", sp.log((p1 + p2) / 2), "the mixture")
    d.close_true(sp.Gt(released - mixture, 1), r"the released value exceeds the mixture's by more than 1")


@CR.KL_TARGET_WIDER.derivation("square_root_of_a_gaussian")
def _kl_target_wider(d: Derivation) -> None:
    r"""$\sqrt{\mathcal{N}(z; \mu, I)} = (4\pi)^{d/2}(2\pi)^{-d/4}\mathcal{N}(z; \mu, 2I)$ (shown for $d = 2$), so
    $\sqrt{p_1} + \sqrt{p_2} = 2(4\pi)^{d/2}(2\pi)^{-d/4}(\frac{1}{2}\mathcal{N}(z; \mu_1, 2I) +
    \frac{1}{2}\mathcal{N}(z; \mu_2, 2I))$."""
    z1, z2, m = sp.symbols("z_1 z_2 m", real=True)
    d.close(sp.sqrt(_normal2(z1, z2, m, 1)), 4 * sp.pi / sp.sqrt(2 * sp.pi) * _normal2(z1, z2, m, 2),
            r"$\sqrt{\mathcal{N}(z; \mu, I)} = \frac{4\pi}{\sqrt{2\pi}}\mathcal{N}(z; \mu, 2I)$ in $d = 2$",
            method="simplify")
    d.close(2 * 4 * sp.pi / sp.sqrt(2 * sp.pi),
            4 * sp.sqrt(2 * sp.pi), r"the total mass $2 \cdot 4\pi/\sqrt{2\pi} = 4\sqrt{2\pi}$")
