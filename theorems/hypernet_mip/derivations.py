"""Sympy derivations of the hypernet_mip claims: homogeneity of ReLU and LeakyReLU by cases and its induction over
layers (M1, M4), the one-neuron defects of GELU, tanh, SiLU, ELU, the large-c expansion with biases (M2), the
witnesses against exact proportionality at the release's initialisation and after one SGD step (M3), the He
recursion (M5), the encodings' norms, distances and periods (M6), and the witness and scalar steps of M7."""

from __future__ import annotations

import functools

import sympy as sp

from claimkit import Derivation

from .claims_encoding import (
    BOUNDED_MAGNITUDE,
    COS_SIN_INJECTIVE,
    COS_SIN_NORM,
    INIT_SECOND_MOMENT,
    INJECTIVITY_INTERVAL,
    MAGNITUDE_BOUNDS,
    Z_ONE_MINUS_Z,
)
from .claims_homogeneity import (
    BIAS_ASYMPTOTIC,
    INIT_BACKBONE,
    INIT_PROPORTIONAL,
    PRIMARY_SCALING,
    RELU_HOMOGENEOUS,
    SGD_STEP,
    SMOOTH_NOT_HOMOGENEOUS,
)

_c = sp.Symbol("c", positive=True)
_s = sp.Symbol("s", nonnegative=True)
_xp = sp.Symbol("x", positive=True)
_xn = sp.Symbol("x", negative=True)


def _leaky(t: sp.Expr, slope: sp.Expr = _s) -> sp.Expr:
    return sp.Piecewise((t, t > 0), (slope * t, True))


@RELU_HOMOGENEOUS.derivation("cases_and_induction")
def _homogeneous(d: Derivation) -> None:
    r"""$\varphi(cx) = c\varphi(x)$ for $c > 0$ on $x > 0$ and $x < 0$ ($c = 0$ and $x = 0$ give $0 = 0$); a linear
    map commutes with scaling; so each layer maps $c\,x_{l-1}$ to $c\,x_l$ (induction on $l$)."""
    for x, side in ((_xp, "x > 0"), (_xn, "x < 0")):
        d.close(sp.Max(0, _c * x), _c * sp.Max(0, x),
                rf"ReLU: $\mathrm{{relu}}(cx) = c\,\mathrm{{relu}}(x)$ on ${side}$")
        d.close(_leaky(_c * x), _c * _leaky(x), rf"LeakyReLU: $\varphi(cx) = c\varphi(x)$ on ${side}$")
    w = sp.Matrix(2, 2, sp.symbols("w_11 w_12 w_21 w_22", real=True))
    x = sp.Matrix(sp.symbols("x_1 x_2", real=True))
    diff = w * (_c * x) - _c * (w * x)
    d.close(sp.expand(diff.dot(diff)), 0, r"a linear layer: $W(cx) = c\,Wx$")
    d.step(r"induction: $x_l(c\gamma) = \varphi(W_l x_{l-1}(c\gamma)) = \varphi(c\,W_l x_{l-1}(\gamma)) = "
           r"c\,x_l(\gamma)$", sp.Integer(0), "the two steps above, coordinate by coordinate")


@SMOOTH_NOT_HOMOGENEOUS.derivation("one_neuron_defects")
def _smooth(d: Derivation) -> None:
    r"""$\varphi(-2) - 2\varphi(-1) \ne 0$ for each activation, in closed form (sympy decides it)."""
    t = sp.Symbol("t", real=True)
    acts = {
        "GELU": t * (1 + sp.erf(t / sp.sqrt(2))) / 2,
        "tanh": sp.tanh(t),
        "SiLU": t / (1 + sp.exp(-t)),
        "ELU": sp.Piecewise((t, t > 0), (sp.exp(t) - 1, True)),
    }
    for name, phi in acts.items():
        defect = d.step(rf"{name}: $\varphi(-2) - 2\varphi(-1)$", phi.subs(t, -2) - 2 * phi.subs(t, -1),
                        "closed form")
        d.close_true(sp.Ne(defect, 0), rf"{name}: the defect is not 0")
    d.close(acts["ELU"].subs(t, 2) - 2 * acts["ELU"].subs(t, 1), 0, r"ELU at positive inputs: $\varphi(2) = "
            r"2\varphi(1)$, hence the negative witness")


@BIAS_ASYMPTOTIC.derivation("large_c_expansion")
def _asymptotic(d: Derivation) -> None:
    r"""One hidden unit $h(\gamma) = w_2\varphi(w_1\gamma + b_1) + b_2$: for $w_1\gamma > 0$ and $c > -b_1/(w_1\gamma)$
    the unit is active, $h(c\gamma)/c - h_0(\gamma) = (w_2b_1 + b_2)/c$ exactly; for $w_1\gamma < 0$ it is
    $(s\,w_2b_1 + b_2)/c$. In both cases $c\cdot$error is constant: the rate is exactly $1/c$."""
    g = sp.Symbol("gamma", positive=True)
    w1p = sp.Symbol("w_1", positive=True)
    w1n = sp.Symbol("w_1", negative=True)
    w2, b1, b2 = sp.symbols("w_2 b_1 b_2", real=True)
    for w1, slope, side in ((w1p, 1, r"active, $w_1\gamma > 0$"), (w1n, _s, r"inactive, $w_1\gamma < 0$")):
        # beyond the threshold the pre-activation w1·cγ + b1 has the sign of w1γ: the unit's branch is fixed
        h_scaled = (w2 * slope * (w1 * _c * g + b1) + b2) / _c
        h0 = w2 * slope * w1 * g
        err = d.step(rf"$h(c\gamma)/c - h_0(\gamma)$, {side}", sp.simplify(h_scaled - h0), "the branch is fixed")
        d.close(sp.limit(err, _c, sp.oo), 0, rf"{side}: the error tends to 0")
        d.close(sp.simplify(_c * err), slope * w2 * b1 + b2, rf"{side}: $c\cdot$error is constant")


@SGD_STEP.derivation("smallest_witness", shows="negation")
def _sgd_witness(d: Derivation) -> None:
    r"""$h(\gamma) = w_2\,\mathrm{relu}(w_1\gamma + b_1) + b_2$ from $w_1 = w_2 = 1$, $b = 0$; one SGD step on
    $\frac12(h(1) - 2)^2$ with $\eta = 1/2$; then $h(2) \ne 2h(1)$."""
    w1, w2, b1, b2 = sp.Integer(1), sp.Integer(1), sp.Integer(0), sp.Integer(0)
    gamma, y, eta = sp.Integer(1), sp.Integer(2), sp.Rational(1, 2)
    a = w1 * gamma + b1
    r = w2 * sp.Max(0, a) + b2 - y
    nw1, nb1 = w1 - eta * r * w2 * gamma, b1 - eta * r * w2
    nw2, nb2 = w2 - eta * r * sp.Max(0, a), b2 - eta * r
    d.step(r"after the step $(w_1, b_1, w_2, b_2)$", sp.Tuple(nw1, nb1, nw2, nb2), r"$\theta - \eta\nabla L$")

    def h(t: sp.Expr) -> sp.Expr:
        return nw2 * sp.Max(0, nw1 * t + nb1) + nb2

    d.close(h(2) - 2 * h(1), sp.Rational(-5, 4), r"$h(2) - 2h(1) = 23/4 - 7 = -5/4 \ne 0$")


@INIT_PROPORTIONAL.derivation("residual_breaks_it", shows="negation")
def _init_negation(d: Derivation) -> None:
    r"""With a homogeneous backbone $g$ and the output bias $\theta_0$: $h(2x) - 2h(x) = -\theta_0$, which is not 0
    once the release sets $\theta_0$ to a Kaiming draw (for a tensor named '.weight')."""
    gx, t0 = sp.symbols("g(x) theta_0", real=True)
    d.close((2 * gx + t0) - 2 * (gx + t0), -t0, r"$h(2x) - 2h(x) = -\theta_0$ (with $g(2x) = 2g(x)$)")
    d.close_true(sp.Ne(-sp.Rational(1, 3), 0), r"a non-zero entry of $\theta_0$ (any Kaiming draw $\ne 0$) breaks it")


@INIT_BACKBONE.derivation("residual_subtracted")
def _init_backbone(d: Derivation) -> None:
    r"""$h(x) = g(x) + \theta_0$ with $g$ bias-free and homogeneous: $h(cx) - \theta_0 = g(cx) = c\,g(x) = c(h(x) -
    \theta_0)$."""
    gx, t0 = sp.symbols("g(x) theta_0", real=True)
    d.close((_c * gx + t0) - t0, _c * ((gx + t0) - t0), r"$h(cx) - \theta_0 = c(h(x) - \theta_0)$")


@PRIMARY_SCALING.derivation("induction_over_layers")
def _primary(d: Derivation) -> None:
    r"""Every primary weight is scaled by $c$. If the input to layer $l$ is $c^{l-1}x_{l-1}$, its pre-activation is
    $c\,W_l c^{l-1}x_{l-1} = c^l W_lx_{l-1}$ and ReLU keeps the factor $c^l > 0$; the last layer is linear: $c^L$."""
    layer = sp.Symbol("l", positive=True, integer=True)
    for a, side in ((_xp, "positive"), (_xn, "negative")):
        d.close(sp.Max(0, _c * _c ** (layer - 1) * a), _c**layer * sp.Max(0, a),
                rf"$\mathrm{{relu}}(c\cdot c^{{l-1}}a) = c^l\,\mathrm{{relu}}(a)$, pre-activation $a$ {side}")
    big_l = sp.Symbol("L", positive=True, integer=True)
    d.close(_c * _c ** (big_l - 1), _c**big_l, r"the linear last layer: $c\cdot c^{L-1} = c^L$")


@INIT_SECOND_MOMENT.derivation("he_recursion")
def _he(d: Derivation) -> None:
    r"""Given $x_{l-1}$, each pre-activation is $\mathcal N(0, \sigma_l^2\lVert x_{l-1}\rVert^2)$ with $\sigma_l^2 =
    2/n_l$: $\mathrm{E}\lVert W_lx\rVert^2 = n_l\sigma_l^2\lVert x\rVert^2 = 2\lVert x\rVert^2$, and a hidden
    activation keeps $\mathrm{E}\varphi(Z)^2 = (1 + s^2)/2$ of it."""
    z = sp.Symbol("z", real=True)
    dens = sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)
    m2 = d.step(r"$\mathrm{E}\varphi_s(Z)^2$", sp.integrate(z**2 * dens, (z, 0, sp.oo))
                + _s**2 * sp.integrate(z**2 * dens, (z, -sp.oo, 0)), "integrate each half line")
    d.close(m2, (1 + _s**2) / 2, r"$\mathrm{E}\varphi_s(Z)^2 = (1 + s^2)/2$")
    n1, n2, n3 = 16, 16, 40
    q = sp.Symbol("q", positive=True)  # ‖γ‖²
    total = d.step(r"$\mathrm{E}\lVert h(\gamma)\rVert^2$ through 3-16-16-40",
                   q * (n1 * sp.Rational(2, n1)) * m2 * (n2 * sp.Rational(2, n2)) * m2 * (n3 * sp.Rational(2, n3)),
                   "the recursion, layer by layer")
    d.close(total, 2 * (1 + _s**2) ** 2 * q, r"$= 2(1 + s^2)^2\lVert\gamma\rVert^2$")


_z = sp.Symbol("z", real=True)
_t = sp.Symbol("t", real=True)


def _enc(z: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    return sp.cos(sp.pi * z / 2), sp.sin(sp.pi * z / 2)


@COS_SIN_NORM.derivation("pythagoras")
def _norm(d: Derivation) -> None:
    r"""$\cos^2(\pi z_i/2) + \sin^2(\pi z_i/2) = 1$ for each coordinate, so $\lVert E(z)\rVert^2 = k$."""
    cz, sz = _enc(_z)
    d.close(cz**2 + sz**2, 1, r"$\cos^2 + \sin^2 = 1$ per coordinate, for every real $z$")


@functools.lru_cache(maxsize=1)
def _distance_residual() -> tuple[sp.Expr, sp.Expr]:
    """(‖E(z) − E(z′)‖² per coordinate, its difference from 2 − 2cos(π(z − z′)/2) reduced by sympy)."""
    z2 = sp.Symbol("z'", real=True)
    c1, s1 = _enc(_z)
    c2, s2 = _enc(z2)
    dist = (c1 - c2) ** 2 + (s1 - s2) ** 2
    return dist, sp.simplify(sp.expand(sp.expand_trig(2 - 2 * sp.cos(sp.pi * (_z - z2) / 2))) - sp.expand(dist))


def _distance(d: Derivation) -> None:
    dist, residual = _distance_residual()
    d.step(r"$\lVert E(z) - E(z')\rVert^2$ per coordinate", dist, "definition")
    d.close(residual, 0, r"$\lVert E(z) - E(z')\rVert^2 = 2 - 2\cos(\pi(z - z')/2) = 4\sin^2(\pi(z - z')/4)$ "
            r"(the angle-difference formula, reduced by sympy)")


@COS_SIN_INJECTIVE.derivation("distance_formula")
def _injective(d: Derivation) -> None:
    r"""Distinct $z, z' \in [0, 1]$ have $0 < |z - z'| \le 1$, where $\cos(\pi t/2) \ne 1$."""
    _distance(d)
    zeros = sp.solveset(1 - sp.cos(sp.pi * _t / 2), _t, sp.Interval(-1, 1) - sp.FiniteSet(0))
    d.close_true(sp.Eq(zeros, sp.S.EmptySet), r"$1 - \cos(\pi t/2)$ has no zero for $0 < |t| \le 1$")


@INJECTIVITY_INTERVAL.derivation("period_four")
def _period(d: Derivation) -> None:
    r"""The zeros of $1 - \cos(\pi t/2)$ in $(-4, 4)$ are $\{0\}$ (injective on $[a, a + 4)$), and $E(z + 4) =
    E(z)$."""
    _distance(d)
    zeros = sp.solveset(1 - sp.cos(sp.pi * _t / 2), _t, sp.Interval.open(-4, 4))
    d.close_true(sp.Eq(zeros, sp.FiniteSet(0)), r"$1 - \cos(\pi t/2) = 0$ on $(-4, 4)$ only at $t = 0$")
    cz, sz = _enc(_z)
    c4, s4 = _enc(_z + 4)
    d.close((c4 - cz) ** 2 + (s4 - sz) ** 2, 0, r"$E(z + 4) = E(z)$")


@Z_ONE_MINUS_Z.derivation("range")
def _range(d: Derivation) -> None:
    r"""$z^2 + (1 - z)^2 = 1 - 2z(1 - z)$; on $[0, 1]$ its minimum is $1/2$ (at $z = 1/2$), its maximum 1."""
    expr = _z**2 + (1 - _z) ** 2
    d.close(expr, 1 - 2 * _z * (1 - _z), r"$\lVert[z, 1 - z]\rVert^2 = 1 - 2z(1 - z)$")
    d.close(sp.minimum(expr, _z, sp.Interval(0, 1)), sp.Rational(1, 2), "minimum on $[0, 1]$")
    d.close(sp.maximum(expr, _z, sp.Interval(0, 1)), 1, "maximum on $[0, 1]$: not constant")


@BOUNDED_MAGNITUDE.derivation("relu_zero", shows="negation")
def _zero(d: Derivation) -> None:
    r"""$h(x) = \mathrm{relu}(-x_1)$ (one hidden unit, $W_1 = [-1, 0]$, $W_2 = [1]$) at $k = 1$: $h(E(0)) = 0$."""
    cz, sz = _enc(sp.Integer(0))
    d.close(sp.Max(0, -cz + 0 * sz), 0, r"$h(E(0)) = \mathrm{relu}(-\cos 0) = 0$: no positive lower bound")


@MAGNITUDE_BOUNDS.derivation("scalar_steps")
def _bounds(d: Derivation) -> None:
    r"""Per unit, $s|a| \le |\varphi(a)| \le |a|$ for $s \in [0, 1]$; with $\lVert E(z)\rVert = \sqrt k$ (COS_SIN_NORM)
    and $\sigma_{\min}(W)\lVert x\rVert \le \lVert Wx\rVert \le \lVert W\rVert_2\lVert x\rVert$ layer by layer."""
    d.close(abs(_leaky(_xp)), abs(_xp), r"$|\varphi(a)| = |a|$ on $a > 0$")
    d.close(abs(_leaky(_xn)), _s * abs(_xn), r"$|\varphi(a)| = s|a|$ on $a < 0$: with $s \in [0, 1]$, "
            r"$s|a| \le |\varphi(a)| \le |a|$ on both sides")
    d.open("the chain over layers uses the operator-norm inequalities for matrices, which sympy does not prove for "
           "symbolic matrices of arbitrary size")
