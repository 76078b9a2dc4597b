"""Sympy derivations of the ws_bn_powernorm claims.

The layers are differentiated entry by entry with the chain rule written as sympy functions of one coordinate
(∂d_i/∂w_j = δ_ij − 1/n, and σ's derivative from σ² = Σ d_k²/(n − k)), and the norms are reduced to the scalars
q = ‖g‖², a = ⟨1, g⟩, b = ⟨u, g⟩ together with ⟨1, u⟩ = e and ‖u‖² = r: the statements then hold for a
symbolic fan-in or batch size n, and sympy only expands polynomials (no square root of a sum to simplify).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims_identities as CI
from . import claims_lipschitz as CL
from . import claims_release as CR

_n, _sigma, _gamma, _psi, _s = sp.symbols("n sigma gamma psi s", positive=True)
_eps, _phi, _m, _C = sp.symbols("varepsilon psi_run m C", positive=True)
_q, _a, _b, _e, _r, _mu, _c = sp.symbols("q a b e r mu c", real=True)
_k = sp.Symbol("k", nonnegative=True)
_t = sp.Symbol("t")
_delta = sp.Symbol("delta", positive=True)
_alpha = sp.Symbol("alpha", positive=True)


def _jacobian_entry(d: Derivation, divisor, eps=0, same: bool = True) -> sp.Expr:
    """∂Ŵ_i/∂w_j for Ŵ_i = d_i/(σ + ε), σ² = Σ d_k²/divisor, by sympy's diff along w_j (i = j when ``same``)."""
    t = _t
    di, dj = sp.Function("d_i")(t), sp.Function("d_j")(t)
    sig = sp.Function("sigma")(t)
    expr = di / (sig + eps)
    deriv = sp.diff(expr, t)
    kron = 1 if same else 0
    # ∂d_i/∂w_j = δ_ij − 1/n; 2σ ∂σ/∂w_j = (2/divisor) Σ_k d_k (δ_kj − 1/n) = 2 d_j/divisor (Σ_k d_k = 0)
    subs = {sp.Derivative(di, t): kron - 1 / _n, sp.Derivative(sig, t): dj / (divisor * sig)}
    deriv = deriv.subs(subs)
    ui, uj, sg = sp.symbols("d_i d_j sigma_c")
    return d.step(r"$\partial\hat W_i/\partial W_j$ by the chain rule", deriv.subs({di: ui, dj: uj, sig: sg}),
                  r"$\partial d_i/\partial W_j = \delta_{ij} - 1/n$, $\partial\sigma/\partial W_j = d_j/(\nu\sigma)$")


def _projector_norm(d: Derivation, kappa, r_value, label: str) -> sp.Expr:
    """‖Mg‖² for M = I − 11ᵀ/n − κuuᵀ (symmetric): gᵀM²g in terms of q, a, b, e = ⟨1, u⟩, r = ‖u‖²."""
    # gᵀM²g = q − 2a²/n − 2κb² + a²·n/n² + κ²b²r + 2κab e/n
    norm = _q - 2 * _a**2 / _n - 2 * kappa * _b**2 + _a**2 / _n + kappa**2 * _b**2 * _r + 2 * kappa * _a * _b * _e / _n
    d.step(r"$\|Mg\|^2 = g^\top M^2 g$ with $M = I - \frac{1}{n}\mathbf{1}\mathbf{1}^\top - \kappa uu^\top$", norm,
           r"expand; $q = \|g\|^2$, $a = \langle\mathbf{1}, g\rangle$, $b = \langle u, g\rangle$, "
           r"$e = \langle\mathbf{1}, u\rangle$, $r = \|u\|^2$")
    return d.step(label, sp.expand(norm.subs({_e: 0, _r: r_value})), r"$u \perp \mathbf{1}$ ($e = 0$)")


def _ws_identity(d: Derivation, k) -> None:
    entry = _jacobian_entry(d, _n - k)
    ui, uj, sg = sp.symbols("d_i d_j sigma_c")
    d.close(sp.expand(entry * sg), sp.expand(1 - 1 / _n - (ui / sg) * (uj / sg) / (_n - k)),
            r"$\sigma\,\partial\hat W_i/\partial W_i = 1 - \frac{1}{n} - \frac{\hat W_i\hat W_i}{n - k}$")
    off = _jacobian_entry(d, _n - k, same=False)
    d.close(sp.expand(off * sg), sp.expand(-1 / _n - (ui / sg) * (uj / sg) / (_n - k)),
            r"and $-\frac{1}{n} - \frac{\hat W_i\hat W_j}{n - k}$ for $i \ne j$: $J = M/\sigma$, $\kappa = 1/(n - k)$")
    norm = _projector_norm(d, 1 / (_n - k), _n - k, r"with $\|\hat W\|^2 = n - k$")
    d.close(norm, _q - _a**2 / _n - _b**2 / (_n - k),
            r"$\|Mg\|^2 = \|g\|^2 - \langle\mathbf{1}, g\rangle^2/n - \langle\hat W, g\rangle^2/(n - k)$: "
            r"$\|\partial L/\partial W\|^2 = \|Mg\|^2/\sigma^2$", method="expand")


@CI.WS_IDENTITY.derivation("scaled_projector")
def _ws(d: Derivation) -> None:
    r"""The Jacobian of WS is $P/\sigma_c$ with $P = I - \frac{1}{I}\mathbf{1}\mathbf{1}^\top - \frac{1}{I}\hat W\hat
    W^\top$ (symmetric), and $\|Pg\|^2$ expands to the identity for a symbolic fan-in $n$ (the spec's $I = 4$
    included)."""
    _ws_identity(d, 0)


@CI.WS_TENSORFLOW.derivation("population_divisor")
def _ws_tf(d: Derivation) -> None:
    r"""The TensorFlow snippet's ``K.std`` divides by $I$: with $\varepsilon = 0$ it is the paper's layer, and W1's
    derivation applies."""
    _ws_identity(d, 0)


@CI.WS_PYTORCH_CORRECTED.derivation("unbiased_divisor")
def _ws_pt(d: Derivation) -> None:
    r"""With the divisor $I - 1$: $J = \frac{1}{s}(I - \frac{1}{I}\mathbf{1}\mathbf{1}^\top - \frac{1}{I - 1}\hat W\hat
    W^\top)$, $\|\hat W\|^2 = I - 1$, still a projector."""
    _ws_identity(d, 1)


@CI.WS_PYTORCH.derivation("written_form_misses", shows="negation")
def _ws_pt_negation(d: Derivation) -> None:
    r"""The true squared norm minus the written one is $-\langle\hat W, g\rangle^2/(I(I - 1)s^2)$, nonzero whenever
    $\langle\hat W, g\rangle \ne 0$."""
    true = _q - _a**2 / _n - _b**2 / (_n - 1)
    written = _q - _a**2 / _n - _b**2 / _n
    d.close(sp.together(true - written), -_b**2 / (_n * (_n - 1)), r"true $-$ written (times $s^2$)")


@CI.WS_BOUND.derivation("projection_removes")
def _ws_bound(d: Derivation) -> None:
    r"""$\|g\|^2 - \sigma^2\|\partial L/\partial W\|^2 = \langle\mathbf{1}, g\rangle^2/I + \langle\hat W,
    g\rangle^2/I \ge 0$, zero exactly when both inner products vanish."""
    gap = d.step(r"$\|g\|^2 - \|Pg\|^2$", _q - (_q - _a**2 / _n - _b**2 / _n), "W1")
    d.close_true(sp.expand(gap) >= 0, r"$\langle\mathbf{1}, g\rangle^2/I + \langle\hat W, g\rangle^2/I \ge 0$")


@CI.BN_IDENTITY.derivation("scaled_projector")
def _bn(d: Derivation) -> None:
    r"""BN is WS's map applied to the batch (times $\gamma$): $J = \frac{\gamma}{\sigma_B}(I - \frac{1}{B}\mathbf{1}
    \mathbf{1}^\top - \frac{1}{B}\hat x\hat x^\top)$, a projector since $\hat x \perp \mathbf{1}$, $\|\hat x\|^2 =
    B$."""
    norm = _projector_norm(d, 1 / _n, _n, r"with $\|\hat x\|^2 = B$ ($n = B$)")
    d.close(_gamma**2 / _sigma**2 * norm, _gamma**2 / _sigma**2 * (_q - _a**2 / _n - _b**2 / _n),
            r"$\|\partial L/\partial x\|^2 = \frac{\gamma^2}{\sigma_B^2}\|Mg\|^2$", method="expand")


@CI.PN_IDENTITY.derivation("scaled_projector")
def _pn(d: Derivation) -> None:
    r"""$\partial(x_i/\psi)/\partial x_j = (\delta_{ij} - \hat x_i\hat x_j/B)/\psi$ (from $\partial\psi/\partial x_j =
    x_j/(B\psi)$), and $I - \frac{1}{B}\hat x\hat x^\top$ is a projector because $\|\hat x\|^2 = B$."""
    t = _t
    xi, xj, ps = sp.Function("x_i")(t), sp.Function("x_j")(t), sp.Function("psi")(t)
    deriv = sp.diff(xi / ps, t).subs({sp.Derivative(xi, t): 1, sp.Derivative(ps, t): xj / (_n * ps)})
    d.close(sp.expand(deriv.subs({xj: xi}) * ps), sp.expand(1 - (xi / ps) ** 2 / _n),
            r"$\psi\,\partial\hat x_i/\partial x_i = 1 - \hat x_i^2/B$", method="expand")
    # gᵀ(I − x̂x̂ᵀ/B)²g = q − 2b²/B + b² r/B², r = ‖x̂‖² = B
    norm = d.step(r"$\|(I - \frac{1}{B}\hat x\hat x^\top)g\|^2$", _q - 2 * _b**2 / _n + _b**2 * _r / _n**2, "expand")
    d.close(_gamma**2 / _psi**2 * norm.subs(_r, _n), _gamma**2 / _psi**2 * (_q - _b**2 / _n),
            r"with $\|\hat x\|^2 = B$", method="expand")


@CI.BN_EPS_EXACT.derivation("not_a_projector")
def _bn_eps(d: Derivation) -> None:
    r"""With $\varepsilon > 0$ the Jacobian is $\frac{\gamma}{\sqrt{\sigma_B^2 + \varepsilon}}M$ with the same $M$
    (the chain rule is unchanged), but $\|\hat x\|^2 = rB$, so $\|Mg\|^2 = q - a^2/B - (2 - r)b^2/B$."""
    norm = _projector_norm(d, 1 / _n, _r * _n, r"with $\|\hat x\|^2 = rB$")
    d.close(norm, _q - _a**2 / _n - (2 - _r) * _b**2 / _n, r"$\|Mg\|^2$", method="expand")
    d.close(_r.subs(_r, _sigma**2 / (_sigma**2 + _eps)), 1 / (1 + _eps / _sigma**2),
            r"$r = \sigma_B^2/(\sigma_B^2 + \varepsilon) = 1/(1 + \delta)$")


@CI.BN_EPS_WRITTEN.derivation("misses_a_term", shows="negation")
def _bn_eps_negation(d: Derivation) -> None:
    r"""Exact minus written is $-(1 - r)\langle\hat x, g\rangle^2/B$ (times $\gamma^2/(\sigma_B^2 + \varepsilon)$),
    nonzero for $\varepsilon > 0$ and $\langle\hat x, g\rangle \ne 0$."""
    d.close(sp.expand((_q - _a**2 / _n - (2 - _r) * _b**2 / _n) - (_q - _a**2 / _n - _b**2 / _n)),
            sp.expand(-(1 - _r) * _b**2 / _n), "exact $-$ written")


@CI.EPS_ERROR.derivation("largest_on_x_hat")
def _eps_error(d: Derivation) -> None:
    r"""The error is $(1 - r)\langle\hat x, g\rangle^2/B$; over unit $g$ it is largest at $g = \hat x/\|\hat x\|$, where
    $\langle\hat x, g\rangle^2 = \|\hat x\|^2 = rB$: the error is $(1 - r)r$, and with $r = 1/(1 + \delta)$ that is
    $\delta/(1 + \delta)^2$."""
    worst = d.step(r"$(1 - r)\|\hat x\|^2/B$", (1 - _r) * _r * _n / _n,
                   "Cauchy–Schwarz, attained at $g \\parallel \\hat x$")
    d.close(worst.subs(_r, 1 / (1 + _delta)), _delta / (1 + _delta) ** 2, r"$\delta/(1 + \delta)^2$")


@CI.WS_EPS_EXACT.derivation("eps_outside")
def _ws_eps(d: Derivation) -> None:
    r"""With $\varepsilon$ outside the root the Jacobian is $\frac{1}{s + \varepsilon}(I - \frac{1}{I}\mathbf{1}
    \mathbf{1}^\top - \kappa\hat W\hat W^\top)$ with $\kappa = (s + \varepsilon)/(s(I - k))$ and $\|\hat W\|^2 =
    (I - k)s^2/(s + \varepsilon)^2$, so $\kappa\|\hat W\|^2 = \rho$."""
    entry = _jacobian_entry(d, _n - _k, eps=_eps)
    ui, uj, sg = sp.symbols("d_i d_j sigma_c")
    kappa = (sg + _eps) / (sg * (_n - _k))
    d.close(sp.together(entry * (sg + _eps)),
            sp.together(1 - 1 / _n - kappa * (ui / (sg + _eps)) * (uj / (sg + _eps))),
            r"$(s + \varepsilon)\,\partial\hat W_i/\partial W_i = 1 - \frac{1}{I} - \kappa\hat W_i^2$")
    kap, rho = sp.symbols("kappa rho", positive=True)
    norm = _projector_norm(d, kap, rho / kap, r"with $\kappa\|\hat W\|^2 = \rho$")
    d.close(norm, _q - _a**2 / _n - (2 - rho) * kap * _b**2, r"$\|Mg\|^2 = q - a^2/I - (2 - \rho)\kappa b^2$",
            method="expand")
    what2 = (_n - _k) * _s**2 / (_s + _eps) ** 2
    d.close(what2 * (_s + _eps) / (_s * (_n - _k)), _s / (_s + _eps),
            r"$\kappa\|\hat W\|^2 = s/(s + \varepsilon) = \rho$")


# -- W4, W5, W6 ----------------------------------------------------------------------------------------------


@CL.JACOBIAN_ORDER.derivation("batch_of_two", shows="negation")
def _two(d: Derivation) -> None:
    r"""For $B = 2$, $\hat x = \pm(1, -1)$ and
    $I - \frac{1}{2}\mathbf{1}\mathbf{1}^\top - \frac{1}{2}\hat x\hat x^\top = 0$: BN's Jacobian
    vanishes while PN's norm is $\gamma/\psi > 0$."""
    one = sp.Matrix([1, 1])
    xh = sp.Matrix([-1, 1])
    m = d.step(r"$M$ at $B = 2$", sp.eye(2) - one * one.T / 2 - xh * xh.T / 2, r"$\hat x = (-1, 1)$")
    d.close(sp.Matrix(m).norm(), 0, r"$\|J_{BN}\|_2 = 0 < \gamma/\psi = \|J_{PN}\|_2$")


@CL.JACOBIAN_ORDER_B3.derivation("second_moment")
def _order(d: Derivation) -> None:
    r"""$\psi^2 = \frac{1}{B}\sum(\mu + d_i)^2 = \sigma_B^2 + \mu_B^2$ since $\sum d_i = 0$; then
    $(\gamma/\sigma_B)^2 - (\gamma/\psi)^2 = \gamma^2\mu_B^2/(\sigma_B^2\psi^2) \ge 0$, zero iff $\mu_B = 0$ (the two
    norms from ws_bn_powernorm.bn_jacobian_norm and pn_jacobian_norm)."""
    sum_d = sp.Symbol("Sigma_d")
    psi2 = d.step(r"$\psi^2$", _mu**2 + 2 * _mu * sum_d / _n + _sigma**2, r"expand $(\mu + d_i)^2$")
    psi2 = psi2.subs(sum_d, 0)
    gap = d.step(r"$(\gamma/\sigma_B)^2 - (\gamma/\psi)^2$", sp.together(_gamma**2 / _sigma**2 - _gamma**2 / psi2),
                 r"$\sum d_i = 0$")
    d.close(gap, _gamma**2 * _mu**2 / (_sigma**2 * (_sigma**2 + _mu**2)), "the gap")
    d.close_true(_gamma**2 * _mu**2 / (_sigma**2 * (_sigma**2 + _mu**2)) >= 0, "non-negative, zero iff $\\mu_B = 0$")


@CL.PN_NORM.derivation("projector_norm")
def _pn_norm(d: Derivation) -> None:
    r"""$J_{PN} = \frac{\gamma}{\psi}(I - \frac{1}{B}\hat x\hat x^\top)$; $(I - uu^\top/B)^2 - (I - uu^\top/B) =
    uu^\top(\|u\|^2 - B)/B^2 = 0$: a nonzero orthogonal projector (rank $B - 1 \ge 1$), of norm 1."""
    d.close(sp.expand((1 - _r / _n) ** 2 - (1 - _r / _n) + (_r / _n) * (1 - _r / _n) - 0).subs(_r, _n), 0,
            r"on $\hat x$: $M\hat x = (1 - \|\hat x\|^2/B)\hat x = 0$ and $M v = v$ for $v \perp \hat x$")


@CL.BN_NORM.derivation("projector_norm")
def _bn_norm(d: Derivation) -> None:
    r"""$J_{BN} = \frac{\gamma}{\sigma_B}M$ with $M$ the orthogonal projector on $\{\mathbf{1}, \hat x\}^\perp$,
    of rank $B - 2 \ge 1$ for $B \ge 3$: norm 1."""
    norm = _projector_norm(d, 1 / _n, _n, r"$\|\hat x\|^2 = B$")
    d.close(norm.subs({_a: 0, _b: 0}), _q, r"$\|Mg\| = \|g\|$ on $\{\mathbf{1}, \hat x\}^\perp$, and $\|Mg\| \le "
            r"\|g\|$ (W3): $\|M\|_2 = 1$")


@CL.PER_INSTANCE.derivation("smallest_witness", shows="negation")
def _witness(d: Derivation) -> None:
    r"""$B = 2$, $x = (0, 1)$, $g = (1, 0)$: BN's gradient is $0$ (its Jacobian vanishes), PN's squared norm is
    $\frac{\gamma^2}{\psi^2}(\|g\|^2 - \langle\hat x, g\rangle^2/2) = 2\gamma^2$."""
    psi2 = sp.Rational(1, 2)
    xh = sp.Matrix([0, 1]) / sp.sqrt(psi2)
    g = sp.Matrix([1, 0])
    pn = d.step(r"$\|\partial L/\partial x\|_{PN}^2$", _gamma**2 / psi2 * ((g.T * g)[0] - (xh.T * g)[0] ** 2 / 2), "W3")
    d.close(pn, 2 * _gamma**2, r"$2\gamma^2 > 0 = \|\partial L/\partial x\|_{BN}^2$")


@CL.RUNNING_ORDER.derivation("spread_batch", shows="negation")
def _running_neg(d: Derivation) -> None:
    r"""With $\psi_{run} = \sigma_B^2/4$: $\gamma/\sqrt{\psi_{run}} = 2\gamma/\sigma_B > \gamma/\sigma_B$."""
    d.close(_gamma / sp.sqrt(_sigma**2 / 4), 2 * _gamma / _sigma, r"$\gamma/\sqrt{\sigma_B^2/4}$")


@CL.RUNNING_CONDITION.derivation("squares")
def _running(d: Derivation) -> None:
    r"""$J_{run} = \frac{\gamma}{\sqrt{\psi_{run}}}I$ (no gradient through $\psi_{run}$); $(\gamma/\sigma_B)^2 -
    (\gamma/\sqrt{\psi_{run}})^2 = \gamma^2(\psi_{run} - \sigma_B^2)/(\sigma_B^2\psi_{run})$, of the sign of
    $\psi_{run} - \sigma_B^2$."""
    d.close(sp.together(_gamma**2 / _sigma**2 - _gamma**2 / _phi),
            _gamma**2 * (_phi - _sigma**2) / (_sigma**2 * _phi), "the gap of the squared norms")


# -- W7, W8 --------------------------------------------------------------------------------------------------


@CR.GAP.derivation("exact_gradient")
def _gap(d: Derivation) -> None:
    r"""$z_i = \tilde x_i s^{-1/2}$, $s = \mathrm{mean}(\tilde x^2) + \varepsilon$, $\partial s/\partial\tilde x_j =
    2\tilde x_j/N$: $\partial(\sum_i G_i z_i)/\partial\tilde x_j = s^{-1/2}(G_j - z_j\,\mathrm{mean}(Gz))$; the
    release returns $s^{-1/2}(G_j - (1 - \alpha)\,\mathrm{ema}\,z_j)$."""
    t = _t
    xj = sp.Function("x_j")(t)
    sf = sp.Function("s")(t)
    Gj, P = sp.symbols("G_j P")  # P = Σ_{i≠j} G_i x_i
    total = (Gj * xj + P) / sp.sqrt(sf)
    deriv = sp.diff(total, t).subs({sp.Derivative(xj, t): 1, sp.Derivative(sf, t): 2 * xj / _n})
    xs, ss = sp.symbols("xt_j s", positive=True)
    deriv = d.step(r"$\partial\sum_i G_i z_i/\partial\tilde x_j$", deriv.subs({xj: xs, sf: ss}), "chain rule")
    mean_gz = (Gj * xs + P) / (_n * sp.sqrt(ss))  # mean(G z) = Σ G_i x_i/(N √s)
    d.close(deriv, (Gj - xs / sp.sqrt(ss) * mean_gz) / sp.sqrt(ss), r"$= s^{-1/2}(G_j - z_j\,\mathrm{mean}(Gz))$")
    ema = sp.Symbol("ema", real=True)
    zj = xs / sp.sqrt(ss)
    release = (Gj - (1 - _alpha) * ema * zj) / sp.sqrt(ss)
    d.close(release - (Gj - zj * mean_gz) / sp.sqrt(ss), (mean_gz - (1 - _alpha) * ema) * zj / sp.sqrt(ss),
            "released minus exact, during warm-up")
    after_exact = Gj / sp.sqrt(_phi + _eps)
    var = sp.Symbol("var", positive=True)
    after_release = (Gj - (1 - _alpha) * ema * zj) / sp.sqrt(var + _eps)
    d.close(after_release - after_exact,
            Gj * (1 / sp.sqrt(var + _eps) - 1 / sp.sqrt(_phi + _eps)) - (1 - _alpha) * ema * zj / sp.sqrt(var + _eps),
            r"after warm-up the forward's exact gradient is $G/\sqrt{\psi_{run} + \varepsilon}$", method="expand")


@CR.EXACT_WARMUP.derivation("first_pass", shows="negation")
def _first_pass(d: Derivation) -> None:
    r"""At the first pass ($\mathrm{ema} = 0$) the gap is $\mathrm{mean}(Gz)\,z/\sqrt{s}$; for $N = 2$, $z = (1, -1)$,
    $G = (1, 0)$, $s = 1$ it is $(1/2, -1/2) \ne 0$."""
    z = sp.Matrix([1, -1])
    G = sp.Matrix([1, 0])
    mean_gz = (G.T * z)[0] / 2
    d.close(mean_gz * z, sp.Matrix([sp.Rational(1, 2), -sp.Rational(1, 2)]), "the gap at the first pass")


@CR.EXACT_AFTER.derivation("scale_differs", shows="negation")
def _after(d: Derivation) -> None:
    r"""With $\mathrm{ema} = 0$, $\mathrm{var} = 4\psi_{run}$ and $\varepsilon = 0$ the release returns $G/(2\sqrt{
    \psi_{run}})$, half the exact $G/\sqrt{\psi_{run}}$."""
    G = sp.Symbol("G", positive=True)
    d.close(G / sp.sqrt(4 * _phi) - G / sp.sqrt(_phi), -G / (2 * sp.sqrt(_phi)), "released minus exact")


@CR.TRACKS.derivation("moving_average")
def _tracks(d: Derivation) -> None:
    r"""With $\mathrm{mean}(z^2) = 1$ the update is $\mathrm{ema}_{t+1} = \alpha\,\mathrm{ema}_t + c$; $\mathrm{ema}_t =
    c(1 - \alpha^t)/(1 - \alpha)$ solves it from $0$, so $(1 - \alpha)\,\mathrm{ema}_t = c(1 - \alpha^t) \to c$
    for $0 < \alpha < 1$."""
    tt = sp.Symbol("t", integer=True, nonnegative=True)
    ema = sp.Symbol("ema", real=True)
    update = d.step(r"$\mathrm{ema} + \mathrm{mean}((G - (1 - \alpha)\mathrm{ema}\,z)z)$",
                    ema + _c - (1 - _alpha) * ema * 1, r"$\mathrm{mean}(Gz) = c$, $\mathrm{mean}(z^2) = 1$")
    sol = _c * (1 - _alpha**tt) / (1 - _alpha)
    d.close(update.subs(ema, sol), sol.subs(tt, tt + 1), r"$\mathrm{ema}_t = c(1 - \alpha^t)/(1 - \alpha)$ "
            "satisfies the recursion")
    d.close(sol.subs(tt, 0), 0, r"and $\mathrm{ema}_0 = 0$")
    d.close(sp.limit(((1 - _alpha) * sol).subs(_alpha, sp.Rational(9, 10)), tt, sp.oo), _c,
            r"$(1 - \alpha)\,\mathrm{ema}_t \to c$ (shown at the release's $\alpha = 0.9$)")


@CR.TRAJECTORY.derivation("solves_the_recursion")
def _trajectory(d: Derivation) -> None:
    r"""$\mathrm{ema}_{t+1} = (1 - (1 - \alpha)m)\,\mathrm{ema}_t + c$; $(1 - \alpha)\,\mathrm{ema}_t = c(1 - q^t)/m$,
    $q = 1 - (1 - \alpha)m$, solves it from $0$."""
    tt = sp.Symbol("t", integer=True, nonnegative=True)
    q = 1 - (1 - _alpha) * _m
    sol = _c * (1 - q**tt) / (_m * (1 - _alpha))
    d.close(q * sol + _c, sol.subs(tt, tt + 1), "the recursion")
    d.close(sol.subs(tt, 0), 0, r"$\mathrm{ema}_0 = 0$")


@CR.TOKEN_SCALE.derivation("group_scaling")
def _token(d: Derivation) -> None:
    r"""For $a > 0$ and $\varepsilon = 0$: $a x_t/\sqrt{\mathrm{mean}((a x_t)^2)} = x_t/\sqrt{\mathrm{mean}(x_t^2)}$; PN
    then sees the same $\tilde x$."""
    a, x, r = sp.symbols("a x_c R", positive=True)
    d.close(a * x / sp.sqrt(a**2 * r), x / sp.sqrt(r), r"$R = \mathrm{mean}_c(x_{t,c}^2)$")


@CR.BOUND.derivation("contraction")
def _bound(d: Derivation) -> None:
    r"""$|\mathrm{ema}_{t+1}| \le (1 - (1 - \alpha)m_{min})|\mathrm{ema}_t| + C$ while $(1 - \alpha)m_t \le 1$;
    the level $E = C/((1 - \alpha)m_{min})$ is mapped to itself, so $|\mathrm{ema}_t| \le E$ by induction from $0$; then
    the
    triangle inequality on $\hat g = G - (1 - \alpha)\mathrm{ema}\,z$."""
    E = _C / ((1 - _alpha) * _m)
    d.close((1 - (1 - _alpha) * _m) * E + _C, E, r"$E$ is a fixed level of the bound")
