"""Sympy derivations of the ADAHESSIAN claims.

Expectations over a probe are taken by the moment rule: a polynomial in z₁, …, z_d is expanded and each monomial
∏ z_j^{p_j} replaced by ∏ E[z^{p_j}] (independent entries); the moments are those of the law (Rademacher: 1 for even
powers, 0 for odd; Gaussian: (p − 1)!! for even p; a general law: 0, 1, μ₃, κ for p = 1…4). Square roots are closed
with positive symbols (1 − β = q > 0) so that sympy may split them.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims_estimator import (
    ABS_HV_DOMINANCE,
    ABS_HV_UNBIASED,
    GAUSSIAN_VARIANCE,
    RADEMACHER_VARIANCE,
    RMS_LIMIT_DIAGONAL,
    RMS_ROW_NORM,
    UNBIASED,
    VARIANCE_GENERAL,
)
from .claims_release import BLOCK_BIAS, BLOCK_MEAN_VARIANCE, BLOCK_VARIANCE, RELEASE_UPDATE
from .claims_update import (
    FIRST_STEP,
    FIRST_STEP_NEGATIVE,
    POWER_ONE,
    POWER_ONE_CONDITIONS,
    POWER_ZERO,
    POWER_ZERO_SCALED,
    SECOND_STEP,
)

_Z = sp.symbols("z1:4", real=True)
_mu3, _kappa = sp.symbols("mu_3 kappa", real=True)


def _matrix(name: str = "H", d: int = 3) -> sp.Matrix:
    """A symbolic symmetric d×d matrix."""
    return sp.Matrix(d, d, lambda i, j: sp.Symbol(f"{name}_{min(i, j) + 1}{max(i, j) + 1}", real=True))


def _moment_rademacher(p: int):
    return 1 if p % 2 == 0 else 0


def _moment_gaussian(p: int):
    return sp.factorial2(p - 1) if p % 2 == 0 else 0


def _moment_general(p: int):
    return {0: 1, 1: 0, 2: 1, 3: _mu3, 4: _kappa}[p]


def _expect(expr, moment, z=_Z):
    """E[expr] for a polynomial in independent z's with the given moments."""
    poly = sp.Poly(sp.expand(expr), *z)
    total = 0
    for powers, coeff in poly.terms():
        term = coeff
        for p in powers:
            term *= moment(p)
        total += term
    return sp.expand(total)


# -- H1, H2 -----------------------------------------------------------------------------------------------------------


@UNBIASED.derivation("moments")
def _unbiased(d: Derivation) -> None:
    r"""$\mathbb{E}[z_i(Hz)_i] = \sum_j H_{ij}\mathbb{E}[z_iz_j] = H_{ii}$ for a symbolic symmetric $3 \times 3$ $H$,
    under the Rademacher and the Gaussian moments (coordinate 1; the others are the same up to relabelling)."""
    H = _matrix()
    sample = d.step(r"$(z \odot Hz)_1$", _Z[0] * (H * sp.Matrix(_Z))[0], "definition")
    for law, moment in (("Rademacher", _moment_rademacher), ("Gaussian", _moment_gaussian)):
        d.close(_expect(sample, moment), H[0, 0], rf"{law}: $\mathbb{{E}}(z \odot Hz)_1 = H_{{11}}$", method="expand")


def _variance(moment, i: int = 0):
    H = _matrix()
    x = _Z[i] * (H * sp.Matrix(_Z))[i]
    return H, sp.expand(_expect(x**2, moment) - _expect(x, moment) ** 2)


_A, _B, _C = sp.symbols("a b c", real=True)


@RADEMACHER_VARIANCE.derivation("moments")
def _rademacher_variance(d: Derivation) -> None:
    r"""$\operatorname{Var}(z_1(Hz)_1) = \mathbb{E}[(Hz)_1^2] - H_{11}^2 = \sum_{j \ne 1} H_{1j}^2$, from
    $z_1^2 = 1$ and $\mathbb{E}z_jz_k = \delta_{jk}$; with the row $(a, b, c)$, $b^2 + c^2$."""
    H, var = _variance(_moment_rademacher)
    d.step(r"$\operatorname{Var}(z_1(Hz)_1)$, Rademacher moments", var, "moment rule")
    d.close(var, H[0, 1] ** 2 + H[0, 2] ** 2, r"$= H_{12}^2 + H_{13}^2$", method="expand")
    row = var.subs({H[0, 0]: _A, H[0, 1]: _B, H[0, 2]: _C})
    d.close(row, _B**2 + _C**2, r"row $(a, b, c)$: $b^2 + c^2$", method="expand")


@GAUSSIAN_VARIANCE.derivation("moments")
def _gaussian_variance(d: Derivation) -> None:
    r"""With $\mathbb{E}z^4 = 3$: $\operatorname{Var}(z_1(Hz)_1) = 3H_{11}^2 + \sum_{j \ne 1}H_{1j}^2 - H_{11}^2$."""
    H, var = _variance(_moment_gaussian)
    d.step(r"$\operatorname{Var}(z_1(Hz)_1)$, Gaussian moments", var, "moment rule")
    row = var.subs({H[0, 0]: _A, H[0, 1]: _B, H[0, 2]: _C})
    d.close(row, _B**2 + _C**2 + 2 * _A**2, r"row $(a, b, c)$: $b^2 + c^2 + 2a^2$", method="expand")


@VARIANCE_GENERAL.derivation("general_law")
def _variance_general(d: Derivation) -> None:
    r"""For a law with moments $0, 1, \mu_3, \kappa$ the third moment cancels (independence) and
    $\operatorname{Var}(z_i(Hz)_i) = \sum_{j \ne i}H_{ij}^2 + (\kappa - 1)H_{ii}^2$; $\kappa - 1 =
    \mathbb{E}(z^2 - 1)^2 \ge 0$, zero exactly when $z^2 = 1$ almost surely."""
    H, var = _variance(_moment_general, 0)
    d.close(var, H[0, 1] ** 2 + H[0, 2] ** 2 + (_kappa - 1) * H[0, 0] ** 2,
            r"coordinate 1 (the others by relabelling)", method="expand")
    w = sp.Symbol("z")
    d.close(_expect((w**2 - 1) ** 2, _moment_general, z=(w,)), _kappa - 1, r"$\mathbb{E}(z^2 - 1)^2 = \kappa - 1$",
            method="expand")
    v, a = sp.symbols("v a", nonnegative=True)
    d.close_true(sp.Ge(v * a**2, 0), r"$\kappa - 1 = v \ge 0$: the extra term $vH_{ii}^2 \ge 0$ vanishes only for "
                 r"$v = 0$ (Rademacher) or $H_{ii} = 0$")


# -- H3 --------------------------------------------------------------------------------------------------------------


@ABS_HV_UNBIASED.derivation("two_by_two_witness", shows="negation")
def _abs_hv_witness(d: Derivation) -> None:
    r"""$H = \begin{pmatrix} 1 & 2 \\ 2 & 1 \end{pmatrix}$: $(Hv)_1 = v_1 + 2v_2$ takes $\pm 3$ and $\pm 1$, each pair
    with probability $\frac{1}{2}$; $\mathbb{E}|(Hv)_1| = 2 \ne 1 = |H_{11}|$."""
    values = [abs(v1 + 2 * v2) for v1 in (-1, 1) for v2 in (-1, 1)]
    mean = d.step(r"$\mathbb{E}|(Hv)_1|$ over the 4 sign vectors", sp.Rational(sum(values), 4), "enumeration")
    d.close(mean, 2, r"$\mathbb{E}|(Hv)_1| = 2$")
    d.close_true(sp.Ne(mean, 1), r"$2 \ne |H_{11}| = 1$")


@ABS_HV_DOMINANCE.derivation("sign_patterns")
def _abs_hv_dominance(d: Derivation) -> None:
    r"""Row $(a, b, c)$ with $b, c \ge 0$ (a sign of $\varepsilon_j$ absorbs that of $H_{ij}$) and $a \ge 0$ (the sign
    of $(Hv)_i$ does not matter). If $a = b + c + u$, $u \ge 0$, the four patterns $a \pm b \pm c$ are non-negative and
    average to $a$. If $a = b + c - w$, $w > 0$, with $a \ge |b - c|$, only $a - b - c = -w$ is negative and the
    mean is $a + \frac{w}{2}$. In general $|x| = x + 2x^-$ and $\mathbb{E}S = 0$ give $\mathbb{E}|a + S| = a +
    2\mathbb{E}(a + S)^-$, zero excess exactly when $a + S \ge 0$ always, i.e. $a \ge b + c$."""
    b, c, u, w = sp.symbols("b c u w", nonnegative=True)
    a = b + c + u
    patterns = [sp.Abs(a + s1 * b + s2 * c) for s1 in (1, -1) for s2 in (1, -1)]
    mean = d.step(r"dominant row: $\frac{1}{4}\sum|a \pm b \pm c|$", sum(patterns) / 4, "enumeration")
    d.close(mean, a, r"$\mathbb{E}|(Hv)_i| = a = |H_{ii}|$", method="simplify")
    p, q, r_ = sp.symbols("p q r", positive=True)  # b = q + p, c = r + p, a = q + r + p: |b − c| ≤ a < b + c
    a2, b2, c2 = q + r_ + p, q + p, r_ + p
    excess = sum(sp.Abs(a2 + s1 * b2 + s2 * c2) for s1 in (1, -1) for s2 in (1, -1)) / 4 - a2
    d.close(excess, p / 2, r"non-dominant row ($w = b + c - a = p > 0$): the excess is $\frac{w}{2} > 0$",
            method="simplify")


# -- H4 --------------------------------------------------------------------------------------------------------------


@RMS_LIMIT_DIAGONAL.derivation("two_by_two_witness", shows="negation")
def _rms_witness(d: Derivation) -> None:
    r"""$H = \begin{pmatrix} 1 & 1 \\ 1 & 1 \end{pmatrix}$: $D_1 = |v_1 + v_2| \in \{0, 2\}$ with probability
    $\frac{1}{2}$ each, $\mathbb{E}D_1^2 = 2$, so $\hat s_t \to 2$ and $v_t \to \sqrt 2 \ne 1 = |H_{11}|$."""
    second = d.step(r"$\mathbb{E}D_1^2$", sp.Rational(sum((v1 + v2) ** 2 for v1 in (-1, 1) for v2 in (-1, 1)), 4),
                    "enumeration")
    d.close(second, 2, r"$\mathbb{E}D_1^2 = 2$")
    d.close_true(sp.Ne(sp.sqrt(second), 1), r"$\sqrt 2 \ne 1$")


@RMS_ROW_NORM.derivation("mean_and_variance")
def _rms_row_norm(d: Derivation) -> None:
    r"""$\mathbb{E}(Hv)_i^2 = \sum_j H_{ij}^2$ (moment rule); the bias-corrected weights $w_s = \frac{(1 - \beta)
    \beta^{t-s}}{1 - \beta^t}$ sum to 1 (so $\mathbb{E}\hat s_t = \mathbb{E}D^2$ at every $t$), and
    $\sum_s w_s^2 = \frac{(1 - \beta)(1 + \beta^t)}{(1 + \beta)(1 - \beta^t)}$ (so $\operatorname{Var}\hat s_t =
    \operatorname{Var}(D^2)\sum_s w_s^2$ for independent probes), which tends to $\frac{1 - \beta}{1 + \beta}$ as
    $t \to \infty$ and to 0 as $\beta \to 1$. Both sums are closed by induction on $t$."""
    H = _matrix()
    d.close(_expect(((H * sp.Matrix(_Z))[0]) ** 2, _moment_rademacher), sum(H[0, j] ** 2 for j in range(3)),
            r"$\mathbb{E}(Hv)_1^2 = \sum_j H_{1j}^2$ (the other rows by relabelling)", method="expand")
    beta, B = sp.symbols("beta B", positive=True)  # B = β^(t−1)
    s1 = (1 - B) / (1 - beta)            # Σ_{s ≤ t−1} β^{t−1−s}, the induction hypothesis
    d.close(sp.cancel(beta * s1 + 1 - (1 - beta * B) / (1 - beta)), 0,
            r"$\sum_{s \le t}\beta^{t-s} = \beta\sum_{s \le t-1}\beta^{t-1-s} + 1 = \frac{1 - \beta^t}{1 - \beta}$, so "
            r"$\sum_s w_s = 1$", method="simplify")
    s2 = (1 - B**2) / (1 - beta**2)
    d.close(sp.cancel(beta**2 * s2 + 1 - (1 - beta**2 * B**2) / (1 - beta**2)), 0,
            r"$\sum_{s \le t}\beta^{2(t-s)} = \frac{1 - \beta^{2t}}{1 - \beta^2}$", method="simplify")
    T = sp.Symbol("T", positive=True)  # T = β^t
    sumsq = (1 - beta) ** 2 * (1 - T**2) / ((1 - beta**2) * (1 - T) ** 2)
    d.close(sp.cancel(sumsq - (1 - beta) * (1 + T) / ((1 + beta) * (1 - T))), 0,
            r"$\sum_s w_s^2 = \frac{(1 - \beta)(1 + \beta^t)}{(1 + \beta)(1 - \beta^t)}$", method="simplify")
    limit_t = d.step(r"$t \to \infty$ ($\beta^t \to 0$)", ((1 - beta) * (1 + T) / ((1 + beta) * (1 - T))).subs(T, 0),
                     "continuous in T at 0")
    d.close(limit_t.subs(beta, 1), 0, r"then $\beta \to 1$: $\frac{1 - \beta}{1 + \beta} \to 0$ (continuous at 1)")


# -- H5 --------------------------------------------------------------------------------------------------------------

_x0, _c, _eta = sp.symbols("x_0 c eta", real=True)
_h = sp.Symbol("h", positive=True)
_q1, _q2 = sp.symbols("q_1 q_2", positive=True)  # q = 1 − β, in (0, 1]


def _first_step(h_abs, g):
    """x₁ = x₀ − η m̂₁/(√s₁/√(1 − β₂)) with m₁ = (1 − β₁)g, s₁ = (1 − β₂)h²; β = 1 − q."""
    m1, s1 = _q1 * g, _q2 * h_abs**2
    return _x0 - (m1 / _q1) / (sp.sqrt(s1) / sp.sqrt(_q2))


@FIRST_STEP.derivation("one_step")
def _first_step_exact(d: Derivation) -> None:
    r"""$m_1 = (1 - \beta_1)h(x_0 - c)$, $s_1 = (1 - \beta_2)h^2$; the bias corrections divide by $1 - \beta_1$ and
    $\sqrt{1 - \beta_2}$, so $x_1 = x_0 - h(x_0 - c)/h = c$ for $h > 0$ ($\eta = 1$, $\varepsilon = 0$, $k = 1$)."""
    x1 = d.step(r"$x_1$", _first_step(_h, _h * (_x0 - _c)), "the released step, β = 1 − q")
    d.close(x1, _c, r"$x_1 = c$", method="simplify")


@FIRST_STEP_NEGATIVE.derivation("one_step")
def _first_step_negative(d: Derivation) -> None:
    r"""With $h = -n$, $n > 0$: the denominator is $\sqrt{(1 - \beta_2)n^2}/\sqrt{1 - \beta_2} = n$ and $x_1 = x_0 +
    (x_0 - c) = 2x_0 - c$; a Newton step $x_0 - g/h$ gives $c$."""
    n = sp.Symbol("n", positive=True)
    x1 = d.step(r"$x_1$ with $h = -n$", _first_step(n, -n * (_x0 - _c)), "the released step")
    d.close(x1, 2 * _x0 - _c, r"$x_1 = 2x_0 - c$", method="simplify")
    d.close(x1 - _c, 2 * (_x0 - _c), r"$x_1 - c = 2(x_0 - c)$: the distance doubles", method="simplify")


@SECOND_STEP.derivation("two_steps")
def _second_step(d: Derivation) -> None:
    r"""At $x_1 = c$, $g_2 = 0$: $m_2 = \beta_1(1 - \beta_1)g_1$, $s_2 = (1 - \beta_2^2)h^2$; $\hat m_2 =
    \frac{\beta_1}{1 + \beta_1}g_1$, $\sqrt{\hat s_2} = h$, so $x_2 - c = -\frac{\beta_1}{1 + \beta_1}(x_0 - c)$."""
    b1, b2, p = sp.symbols("beta1 beta2 p", positive=True)  # p = 1 − β2² > 0
    g1 = _h * (_x0 - _c)
    s2 = b2 * (1 - b2) * _h**2 + (1 - b2) * _h**2
    d.close(s2, (1 - b2**2) * _h**2, r"$s_2 = (1 - \beta_2^2)h^2$", method="expand")
    d.close(sp.sqrt(p * _h**2) / sp.sqrt(p), _h, r"$\sqrt{s_2}/\sqrt{1 - \beta_2^2} = h$", method="expand")
    m_hat = d.step(r"$\hat m_2 = \beta_1(1 - \beta_1)g_1/(1 - \beta_1^2)$", b1 * (1 - b1) * g1 / (1 - b1**2),
                   "g₂ = 0 at x₁ = c")
    d.close(sp.cancel(m_hat - b1 * g1 / (1 + b1)), 0, r"$\hat m_2 = \frac{\beta_1}{1 + \beta_1}g_1$",
            method="expand")
    d.close(sp.cancel(-(b1 * g1 / (1 + b1)) / _h / (_x0 - _c)), -b1 / (1 + b1),
            r"$\frac{x_2 - c}{x_0 - c} = -\frac{\beta_1}{1 + \beta_1}$", method="expand")


# -- H7 --------------------------------------------------------------------------------------------------------------


@POWER_ZERO.derivation("one_step_witness", shows="negation")
def _power_zero_witness(d: Derivation) -> None:
    r"""One step from $x_0 = 0$ with $g_1 = 1$, $\eta = 1$, $\varepsilon = 10^{-4}$, $k = 0$: $\hat m_1 = 1$,
    $\operatorname{denom} = (\sqrt{s_1})^0/(\sqrt{1 - \beta_2})^0 + \varepsilon = 1 + \varepsilon$, $x_1 =
    -\frac{1}{1 + \varepsilon} \ne -1$."""
    s1, bc2 = sp.symbols("s_1 b", positive=True)
    eps = sp.Rational(1, 10000)
    denom = d.step(r"$\operatorname{denom}$ at $k = 0$", sp.sqrt(s1) ** 0 / sp.sqrt(bc2) ** 0 + eps, "release")
    x1 = -1 / denom
    d.close(x1, -sp.Rational(10000, 10001), r"$x_1 = -\frac{10000}{10001}$")
    d.close_true(sp.Ne(x1, -1), r"$x_1 \ne -1$")


@POWER_ZERO_SCALED.derivation("denominator")
def _power_zero_scaled(d: Derivation) -> None:
    r"""$(\sqrt{s})^0 = 1$ for every $s \ge 0$ (the release's $0^0 = 1$), so $\operatorname{denom} = 1 +
    \varepsilon$ and $x_t = x_{t-1} - \eta\hat m_t/(1 + \varepsilon)$."""
    s, bc2, eps, m_hat, x = sp.symbols("s b varepsilon mhat x", nonnegative=True)
    denom = sp.Pow(sp.sqrt(s), 0) / sp.Pow(sp.sqrt(bc2), 0) + eps
    d.close(denom, 1 + eps, r"$\operatorname{denom} = 1 + \varepsilon$")
    d.close(x - _eta * m_hat / denom, x - (_eta / (1 + eps)) * m_hat, r"the step at the rate $\eta/(1 + \varepsilon)$")


@POWER_ONE.derivation("negative_curvature_witness", shows="negation")
def _power_one_witness(d: Derivation) -> None:
    r"""One coordinate with $h = -1$, $\varepsilon = 0$, one step: the release gives $x_1 = x_0 + \eta(x_0 - c)$, the
    diagonal Newton step $x_0 - \eta g/h = x_0 - \eta(x_0 - c)$; they differ by $2\eta(x_0 - c) \ne 0$."""
    q2 = sp.Symbol("q", positive=True)
    g = -(_x0 - _c)
    release = _x0 - _eta * g / (sp.sqrt(q2 * 1) / sp.sqrt(q2))
    newton = _x0 - _eta * g / (-1)
    d.close(release - newton, 2 * _eta * (_x0 - _c), r"release − Newton $= 2\eta(x_0 - c)$", method="simplify")


@POWER_ONE_CONDITIONS.derivation("constant_curvature")
def _power_one_conditions(d: Derivation) -> None:
    r"""For a fixed diagonal $H$ the estimate is $D_t = |H_{ii}|$ at every step (no probe dependence), and $s_t = (1
    - \beta_2^t)H_{ii}^2$ by induction ($s_t = \beta_2 s_{t-1} + (1 - \beta_2)H_{ii}^2$); so
    $\sqrt{s_t}/\sqrt{1 - \beta_2^t} = |H_{ii}|$ and the step is $\eta\hat m_t/|H_{ii}|$ ($\varepsilon = 0$, $k =
    1$)."""
    beta, B, hh = sp.symbols("beta B h", positive=True)   # B = β^(t−1), hh = |H_ii|
    s_prev = (1 - B) * hh**2
    d.close(sp.expand(beta * s_prev + (1 - beta) * hh**2), sp.expand((1 - beta * B) * hh**2),
            r"$\beta_2 s_{t-1} + (1 - \beta_2)H_{ii}^2 = (1 - \beta_2^t)H_{ii}^2$", method="expand")
    p = sp.Symbol("p", positive=True)   # p = 1 − β2^t
    d.close(sp.sqrt(p * hh**2) / sp.sqrt(p), hh, r"$\sqrt{s_t}/\sqrt{1 - \beta_2^t} = |H_{ii}|$", method="simplify")
    hv, v = sp.symbols("h v", real=True)
    d.close(sp.Abs(hv * v).subs(v, 1), sp.Abs(hv), r"$|(Hv)_i| = |H_{ii}v_i| = |H_{ii}|$ for $v_i = \pm 1$")
    d.close(sp.Abs(hv * v).subs(v, -1), sp.Abs(hv), r"($v_i = -1$)")


# -- the release against the paper form -----------------------------------------------------------------------------


@RELEASE_UPDATE.derivation("recursions_and_powers")
def _release_update(d: Derivation) -> None:
    r"""The recursions $m_t = \beta_1 m_{t-1} + (1 - \beta_1)g_t$ and $s_t = \beta_2 s_{t-1} + (1 - \beta_2)D_t^2$
    from zero unroll to the paper's sums (shown for $t = 3$ with symbolic inputs); and for $s, b > 0$,
    $(\sqrt s)^k/(\sqrt b)^k = (\sqrt{s/b})^k$, the PyTorch and the TensorFlow denominators."""
    b1, b2 = sp.symbols("beta1 beta2", positive=True)
    g = sp.symbols("g1:4", real=True)
    D = sp.symbols("D1:4", real=True)
    m = s = 0
    for t in range(3):
        m = b1 * m + (1 - b1) * g[t]
        s = b2 * s + (1 - b2) * D[t] ** 2
    d.close(m, (1 - b1) * sum(b1 ** (2 - i) * g[i] for i in range(3)), r"$m_3 = (1 - \beta_1)\sum_s "
            r"\beta_1^{3-s}g_s$", method="expand")
    d.close(s, (1 - b2) * sum(b2 ** (2 - i) * D[i] ** 2 for i in range(3)), r"$s_3 = (1 - \beta_2)\sum_s "
            r"\beta_2^{3-s}D_s^2$", method="expand")
    ss, bb, k = sp.symbols("s b k", positive=True)
    d.close(sp.powsimp(sp.sqrt(ss) ** k / sp.sqrt(bb) ** k, force=True), sp.powsimp(sp.sqrt(ss / bb) ** k, force=True),
            r"$(\sqrt s)^k/(\sqrt b)^k = (\sqrt{s/b})^k$", method="simplify")


# -- H6 --------------------------------------------------------------------------------------------------------------


@BLOCK_VARIANCE.derivation("witness", shows="negation")
def _block_witness(d: Derivation) -> None:
    r"""One kernel, $H = I$ except $H_{23} = H_{32} = 1$: $|Hv|_2 = |Hv|_3 = |v_2 + v_3| \in \{0, 2\}$, the other seven
    entries are 1. $D^{(s)} = \frac{7 + 2|v_2 + v_3|}{9} \in \{\frac{7}{9}, \frac{11}{9}\}$ with probability
    $\frac{1}{2}$ each: variance $\frac{4}{81} > 0 = \operatorname{Var}|Hv|_1$."""
    values = [sp.Rational(7 + 2 * abs(v2 + v3), 9) for v2 in (-1, 1) for v3 in (-1, 1)]
    mean = sum(values) / 4
    var = d.step(r"$\operatorname{Var}D^{(s)}$", sum((v - mean) ** 2 for v in values) / 4, "enumeration")
    d.close(var, sp.Rational(4, 81), r"$\operatorname{Var}D^{(s)} = \frac{4}{81}$")
    d.close_true(sp.Gt(var, 0), r"$\frac{4}{81} > 0 = \operatorname{Var}|Hv|_1$")


@BLOCK_MEAN_VARIANCE.derivation("cauchy_schwarz")
def _block_mean_variance(d: Derivation) -> None:
    r"""$\operatorname{Var}\frac{1}{b}\sum_j X_j = \frac{1}{b^2}\sum_{j,k}\operatorname{Cov}(X_j, X_k) \le
    \frac{1}{b^2}\sum_{j,k}\sigma_j\sigma_k$ (Cauchy–Schwarz on each covariance) $= \bar\sigma^2$, and
    $\overline{\sigma^2} - \bar\sigma^2 = \frac{1}{b^2}\sum_{j<k}(\sigma_j - \sigma_k)^2 \ge 0$ (Lagrange's
    identity, closed here for $b = 3$; the released block has $b = 9$ and the same algebra)."""
    sig = sp.symbols("sigma1:4", nonnegative=True)
    b = len(sig)
    d.step(r"$\operatorname{Cov}(X_j, X_k) \le \sigma_j\sigma_k$", sp.true, "Cauchy–Schwarz")
    mean_sq = sum(s_**2 for s_ in sig) / b
    sq_mean = (sum(sig) / b) ** 2
    pairs = sum((sig[j] - sig[k]) ** 2 for j in range(b) for k in range(j + 1, b)) / b**2
    d.close(mean_sq - sq_mean, pairs, r"$\overline{\sigma^2} - \bar\sigma^2 = \frac{1}{9}\sum_{j<k}(\sigma_j - "
            r"\sigma_k)^2$", method="expand")


@BLOCK_BIAS.derivation("constant_block_mean")
def _block_bias(d: Derivation) -> None:
    r"""With $H$ diagonal, $|Hv|_k = |H_{kk}|$ for every probe, so the block mean $\bar h_b = \frac{1}{9}\sum_{k \in
    b}|H_{kk}|$ is the estimate at every step; $s_t = (1 - \beta_2^t)\bar h_b^2$ (as in power_one_newton_conditions)
    and $\sqrt{\hat s_t} = \bar h_b$."""
    h_, v_ = sp.symbols("h v", real=True)
    d.close(sp.Abs(h_ * v_).subs(v_, 1), sp.Abs(h_), r"$|H_{kk}v_k| = |H_{kk}|$ for $v_k = 1$")
    d.close(sp.Abs(h_ * v_).subs(v_, -1), sp.Abs(h_), r"and for $v_k = -1$: every term of the block mean is fixed")
    p, hb = sp.symbols("p hbar", positive=True)
    d.close(sp.sqrt(p * hb**2) / sp.sqrt(p), hb, r"$\sqrt{s_t/(1 - \beta_2^t)} = \bar h_b$", method="simplify")
