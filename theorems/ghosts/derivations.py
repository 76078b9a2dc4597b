"""Sympy derivations of the Ghosts-of-Softmax claims.

Prop 4.2 (residue of the log-derivative), Thm 4.3 (zeros of the logistic), Lemma 4.5 (rotation into
the right half-plane), Thm 4.6 (zero-free strip) and its equality case, Def 5.1 eq. 17–18, §5.1
(geometric tail), Prop 5.2 (two cases), §6.4 (tempered binary), App. 4 eq. 26 (Bregman divergence of
the log-partition), Lemma App 4.1, Thm App 4.2 (third-order coefficient), App. 5, App. 2, Eq. 13
(corrected) and Def 4.7 (no cancellation in the batch average).
"""

from __future__ import annotations

import functools

import sympy as sp

from claimkit import Derivation

from .claims import (
    ACTIVATIONS,
    APP5,
    BATCH,
    BINARY_RADIUS,
    BOUND_ATTAINED,
    BRANCH_POINTS,
    CAUCHY,
    CONTROLLER,
    HALF_PLANE,
    KL_CUBIC,
    KL_IDENTITY,
    KL_IDENTITY_REVERSE,
    MULTICLASS_BOUND,
    NORMALIZED_STEP,
    TEMPERATURE,
    THIRD_MOMENT,
    TOP2_GHOST,
    TOP2_GHOST_CORRECTED,
)

_d = sp.symbols("delta", real=True)
_D, _T, _P, _rho, _eta, _g = sp.symbols("Delta T P rho eta g", positive=True)
_tau = sp.symbols("tau", real=True)
_k = sp.symbols("k", integer=True)
_x, _y = sp.symbols("x y", real=True)


@functools.cache
def _logistic_zeros() -> sp.Set:
    """sympy's solveset of $1 + e^{-w} = 0$ over the complex numbers (the same set for every claim that shows it)."""
    w = sp.Symbol("w")
    return sp.solveset(1 + sp.exp(-w), w, sp.S.Complexes)


def _abs_factored(expr: sp.Expr) -> sp.Expr:
    """``expr`` with the argument of every absolute value factored: a positive factor then leaves it (sympy takes
    ``Abs(c*x)`` to ``c*Abs(x)`` for ``c > 0``)."""
    return expr.replace(lambda e: isinstance(e, sp.Abs), lambda e: sp.Abs(sp.factor(e.args[0])))


@BRANCH_POINTS.derivation("log_derivative_residue")
def _branch_points(d: Derivation) -> None:
    r"""At a zero $t_0$ of order $m$, $(\log F)' = F'/F$ has a simple pole with residue $m$: a branch point."""
    t, t0 = sp.symbols("t t0")
    m = sp.symbols("m", positive=True, integer=True)
    G = sp.Function("G")
    F = d.step(r"$F$ with a zero of order $m$ at $t_0$", (t - t0) ** m * G(t), "G(t0) ≠ 0, G entire")
    logderiv = sp.diff(F, t) / F
    d.close(logderiv, m / (t - t0) + sp.diff(G(t), t) / G(t), r"$(\log F)' = m/(t - t_0) + G'/G$",
            method="expand")
    d.step(r"so $\log F = m\log(t - t_0) + \log G$ near $t_0$", m * sp.log(t - t0) + sp.log(G(t)),
           "a logarithmic branch point at every zero; analytic where F ≠ 0 (disk simply connected)")


@BINARY_RADIUS.derivation("zeros_of_logistic")
def _binary(d: Derivation) -> None:
    r"""Zeros of $1 + e^{-(\delta + \Delta\tau)}$ are $\tau_k = (-\delta + i\pi(2k+1))/\Delta$; the nearest pair has
    modulus $\sqrt{\delta^2 + \pi^2}/\Delta$."""
    tk = d.step("candidate zeros", (-_d + sp.I * sp.pi * (2 * _k + 1)) / _D, "exp(−w) = −1 ⇔ w = iπ(2k+1)")
    d.close(sp.exp(-(_d + _D * tk)).rewrite(sp.cos), -1, r"$e^{-(\delta + \Delta\tau_k)} = -1$")
    d.step(r"sympy: zeros of $1 + e^{-w}$", _logistic_zeros(), "solveset")
    mod2 = sp.expand(tk * sp.conjugate(tk))
    d.close(mod2, (_d**2 + sp.pi**2 * (2 * _k + 1) ** 2) / _D**2, r"$|\tau_k|^2$", method="expand")
    d.close_true(sp.Le(1, (2 * _k + 1) ** 2).subs(_k, 0), r"$(2k+1)^2 \ge 1$ with equality at $k = 0, -1$")
    rho = sp.sqrt(_d**2 + sp.pi**2) / _D
    d.close(sp.diff(rho, _d).subs(_d, 0), 0, r"$d\rho/d\delta = 0$ at $\delta = 0$")
    d.close_true(sp.Gt(sp.diff(rho, _d, 2).subs(_d, 0), 0),
                 r"$d^2\rho/d\delta^2 > 0$: the minimum $\pi/\Delta$ is at $\delta = 0$")


@functools.cache
def _cos_range_on_open_half_turn() -> sp.Set:
    """sympy's function_range of cos on (−π/2, π/2) (shown by two claims)."""
    from sympy.calculus.util import function_range

    return function_range(sp.cos(_x), _x, sp.Interval.open(-sp.pi / 2, sp.pi / 2))


def _cos_positive_on_open_half_turn(d: Derivation) -> None:
    rng = d.step(r"range of $\cos$ on $(-\pi/2, \pi/2)$", _cos_range_on_open_half_turn(), "function_range")
    d.close_true(rng.is_subset(sp.Interval.Lopen(0, sp.oo)), r"$\cos > 0$ there")


@HALF_PLANE.derivation("rotate_into_right_half_plane")
def _half_plane(d: Derivation) -> None:
    r"""Rotate by the arc's midpoint $\varphi$: every $u_k e^{-i\varphi}$ has argument in $(-\pi/2, \pi/2)$, so
    positive real part."""
    k, n = sp.symbols("k n", integer=True, positive=True)
    c, r, th = sp.IndexedBase("c"), sp.IndexedBase("r"), sp.IndexedBase("theta")
    phi = sp.symbols("phi", real=True)
    d.step(r"$\operatorname{Re}(e^{-i\varphi}\sum_k c_k u_k)$, $u_k = r_k e^{i\theta_k}$",
           sp.Sum(c[k] * r[k] * sp.cos(th[k] - phi), (k, 1, n)),
           "|θ_k − φ| < π/2 for an open arc of length < π centred at φ; c_k, r_k > 0")
    _cos_positive_on_open_half_turn(d)


@MULTICLASS_BOUND.derivation("strip_without_zeros")
def _multiclass(d: Derivation) -> None:
    r"""For $|\operatorname{Im} t|\,\Delta_a < \pi$ the terms $w_k e^{a_k t}$ have arguments $a_k \operatorname{Im} t$
    in an arc of length $\Delta_a|\operatorname{Im} t| < \pi$."""
    arc = d.step(r"arc length of the arguments $a_k y$, $y = \operatorname{Im} t$",
                 (sp.Symbol("a_max") - sp.Symbol("a_min")) * sp.Abs(_y),
                 "arg(w_k exp(a_k (x + iy))) = a_k y")
    d.close(arc.subs(sp.Symbol("a_max") - sp.Symbol("a_min"), _D), _D * sp.Abs(_y), r"$= \Delta_a |y|$")
    _cos_positive_on_open_half_turn(d)
    d.step(r"Lemma 4.5 $\Rightarrow F(t) \ne 0$ for $|\operatorname{Im} t| < \pi/\Delta_a$",
           sp.Lt(sp.Abs(_y), sp.pi / _D), "half-plane")
    d.close_true(sp.Ge(_x**2 + (sp.pi / _D) ** 2, (sp.pi / _D) ** 2),
                 r"$|t|^2 = x^2 + y^2 \ge (\pi/\Delta_a)^2$ at every zero")


@BOUND_ATTAINED.derivation("equality_case")
def _attained(d: Derivation) -> None:
    r"""At $t = i\pi/\Delta$ (slopes shifted to $[0, \Delta]$)
    $\operatorname{Im} F = \sum_k w_k \sin(\pi a_k/\Delta) \ge 0$, zero only if every $a_k \in \{0, \Delta\}$."""
    s = sp.symbols("s", real=True)  # s = a_k/Δ ∈ [0, 1]
    zeros = d.step(r"zeros of $\sin(\pi s)$ on $[0, 1]$", sp.solveset(sp.sin(sp.pi * s), s, sp.Interval(0, 1)),
                   "solveset")
    d.close_true(sp.Eq(zeros, sp.FiniteSet(0, 1)), "only the two extreme slopes")
    from sympy.calculus.util import function_range

    rng = function_range(sp.sin(sp.pi * s), s, sp.Interval(0, 1))
    d.close_true(rng.is_subset(sp.Interval(0, sp.oo)),
                 r"$\sin(\pi s) \ge 0$ on $[0, 1]$: $\operatorname{Im} F \ge 0$, no cancellation")
    wt, wb = sp.symbols("w_top w_bottom", positive=True)
    F_at = wb + wt * sp.exp(sp.I * sp.pi)
    d.close(F_at, wb - wt,
            r"two-level slopes: $F(i\pi/\Delta) = W_{\text{bottom}} - W_{\text{top}}$, zero iff the weights balance")


@NORMALIZED_STEP.derivation("learning_rate_threshold")
def _normalized(d: Derivation) -> None:
    r"""$r = \tau\Delta/\pi$ with $\tau = \eta\lVert\nabla f\rVert$ equals 1 exactly at
    $\eta = \pi/(\Delta\lVert\nabla f\rVert)$; $r$ is increasing in $\eta$."""
    r = d.step(r"$r(\eta)$", _eta * _g * _D / sp.pi, "τ = ‖p‖ = η‖∇f‖ for p = −η∇f")
    d.close(r.subs(_eta, sp.pi / (_D * _g)), 1, r"$r = 1$ at $\eta = \pi/(\Delta_a\lVert\nabla f\rVert)$")
    d.close_true(sp.Gt(sp.diff(r, _eta), 0),
                 r"$dr/d\eta > 0$, so $r < 1 \Leftrightarrow \eta < \pi/(\Delta_a\lVert\nabla f\rVert)$")
    d.close(r.subs(_eta, sp.pi / (_D * _g)) * sp.pi / _D, (sp.pi / (_D * _g)) * _g,
            r"$\tau$ at $r = 1$ is $\rho_a = \pi/\Delta_a$")


@CAUCHY.derivation("geometric_tail")
def _cauchy(d: Derivation) -> None:
    r"""$\sum_{k>n} (M/\rho^k)\tau^k$ with $\tau = r\rho$ sums to $M r^{n+1}/(1 - r)$."""
    M, r = sp.symbols("M r", positive=True)
    n = sp.symbols("n", integer=True, nonnegative=True)
    S = d.step(r"claimed tail sum $S_n$", M * r ** (n + 1) / (1 - r), "Σ_(k>n) |c_k| τ^k ≤ Σ_(k>n) M r^k")
    gap = d.step(r"$S_n - r S_n$", S - r * S, "difference")
    d.close(sp.together(gap), M * r ** (n + 1),
            r"$S_n - r S_n = M r^{n+1}$ (over a common denominator): $S_n$ is the geometric tail (converges for "
            r"$r < 1$)", method="expand")
    d.close_true(sp.Gt(S.subs({M: 1, r: sp.Rational(1, 2), n: 3}), 0), r"the tail is positive and $O(r^n)$")


@CONTROLLER.derivation("two_cases")
def _controller(d: Derivation) -> None:
    r"""$\lVert s p\rVert = \min(\lVert p\rVert, \rho_a)$ in both cases $\lVert p\rVert \le \rho_a$ and
    $\lVert p\rVert > \rho_a$; $r = \lVert\tilde p\rVert\Delta/\pi \le 1$."""
    def mn(u, v):
        return (u + v - sp.Abs(u - v)) / 2  # min(u, v) for real u, v

    d.close(_abs_factored(_P * mn(1, _rho / _P)), _abs_factored(mn(_P, _rho)),
            r"$\lVert s p\rVert = \lVert p\rVert\min(1, \rho_a/\lVert p\rVert) = \min(\lVert p\rVert, \rho_a)$ "
            r"(the arguments of $|\cdot|$ factored, positive factors taken out)", method="expand")
    q = sp.symbols("q", positive=True)  # |‖p‖ − ρ_a|
    d.close((mn(_P, _rho) - _rho).subs(_P, _rho + q), 0,
            r"$\lVert p\rVert = \rho_a + q$: $\lVert\tilde p\rVert = \rho_a$")
    d.close_true(sp.Lt((mn(_P, _rho) - _rho).subs(_P, _rho - q), 0),
                 r"$\lVert p\rVert = \rho_a - q$: $\lVert\tilde p\rVert = \lVert p\rVert < \rho_a$")
    d.close(_abs_factored(mn(_P, _rho).subs(_rho, sp.pi / _D) * _D / sp.pi - 1),
            _abs_factored((_P * _D / sp.pi - 1 - sp.Abs(_P * _D / sp.pi - 1)) / 2),
            r"$r(\tilde p) - 1 = (x - |x|)/2 \le 0$, $x = r(p) - 1$ (the arguments of $|\cdot|$ factored)",
            method="expand")


@TEMPERATURE.derivation("tempered_binary")
def _temperature(d: Derivation) -> None:
    r"""Logits $z/T$: zeros of $1 + e^{-(\delta + \Delta\tau)/T}$ have modulus
    $\sqrt{\delta^2 + \pi^2T^2(2k+1)^2}/\Delta$; minimum $\pi T/\Delta$ at $\delta = 0$."""
    tk = (-_d + sp.I * sp.pi * _T * (2 * _k + 1)) / _D
    tk = d.step(r"zeros for logits $z/T$", tk, "(δ + Δτ)/T = iπ(2k+1)")
    d.close(sp.exp(-(_d + _D * tk) / _T).subs(_k, 0), -1, r"$e^{-(\delta + \Delta\tau_0)/T} = -1$")
    d.close(sp.sqrt(sp.expand(tk * sp.conjugate(tk))).subs({_k: 0, _d: 0}), sp.pi * _T / _D,
            r"$|\tau_0|$ at $\delta = 0$: $\pi T/\Delta$")
    d.close((_tau / (sp.pi * _T / _D)), _tau * _D / (sp.pi * _T), r"$r_T = \tau\Delta/(\pi T)$")


def _softmax3(z, a, t):
    e = [sp.exp(zi + ai * t) for zi, ai in zip(z, a)]
    s = sum(e)
    return [x / s for x in e]


@KL_IDENTITY_REVERSE.derivation("bregman_of_log_partition")
def _kl_reverse(d: Derivation) -> None:
    r"""Three classes, symbolic: $K(\tau) - K(0) - \tau K'(0) - \operatorname{KL}(p(0) \,\|\, p(\tau))$ simplifies
    to 0."""
    z = sp.symbols("z1:4", real=True)
    a = sp.symbols("a1:4", real=True)
    K = sp.log(sum(sp.exp(zi + ai * _tau) for zi, ai in zip(z, a)))
    lhs = d.step(r"$K(\tau) - K(0) - \tau K'(0)$", K - K.subs(_tau, 0) - _tau * sp.diff(K, _tau).subs(_tau, 0),
                 "definition")
    p0 = _softmax3(z, a, 0)
    kl = sum(p * (sp.log(sp.exp(zi) / sum(sp.exp(zj) for zj in z)) - (zi + ai * _tau - K))
             for p, zi, ai in zip(p0, z, a))
    d.close(sp.together(sp.expand(lhs - kl)), 0,
            r"$= \sum_i p_i(0)\log(p_i(0)/p_i(\tau)) = \operatorname{KL}(p(0) \,\|\, p(\tau))$ (the difference "
            "over a common denominator)", method="expand")


@KL_IDENTITY.derivation("bregman_is_not_the_forward_kl", shows="negation")
def _kl_forward_differs(d: Derivation) -> None:
    r"""A witness: two classes with $z = (0, 0)$, $a = (1, 0)$ at $\tau = 1$, where
    $K(\tau) - K(0) - \tau K'(0) \ne \operatorname{KL}(p(\tau) \,\|\, p(0))$ exactly."""
    K = sp.log(sp.exp(_tau) + 1)
    bregman = d.step(r"$K(1) - K(0) - K'(0)$ for $K(\tau) = \log(e^\tau + 1)$",
                     (K - K.subs(_tau, 0) - _tau * sp.diff(K, _tau).subs(_tau, 0)).subs(_tau, 1), "definition")
    e = sp.E
    p1 = [e / (e + 1), 1 / (e + 1)]
    forward = d.step(r"$\operatorname{KL}(p(1) \,\|\, p(0))$, $p(0) = (1/2, 1/2)$", sum(q * sp.log(2 * q) for q in p1),
                     "definition")
    d.close_true(sp.Lt(forward - bregman, 0),
                 r"$\operatorname{KL}(p(1) \,\|\, p(0)) < K(1) - K(0) - K'(0)$: eq. 26 fails here")


@THIRD_MOMENT.derivation("two_point_maximum")
def _third_moment(d: Derivation) -> None:
    r"""Two-point law on $\{0, 1\}$: $\mu_3 = p(1-p)(1-2p)$, maximal at $p = (3 - \sqrt{3})/6$ with value
    $1/(6\sqrt{3})$."""
    p = sp.symbols("p", positive=True)
    mu3 = d.step(r"$\mu_3$ of Bernoulli($p$)", sp.expand(p * (1 - p) ** 3 + (1 - p) * (-p) ** 3), "E(X − p)³")
    d.close(mu3, p * (1 - p) * (1 - 2 * p), r"$\mu_3 = p(1 - p)(1 - 2p)$", method="expand")
    crit = sp.solve(sp.diff(mu3, p), p, simplify=False)
    d.step("critical points", sp.FiniteSet(*crit), "dμ₃/dp = 0")
    pstar = (3 - sp.sqrt(3)) / 6
    d.close(mu3.subs(p, pstar), 1 / (6 * sp.sqrt(3)), r"$\mu_3((3 - \sqrt{3})/6) = 1/(6\sqrt{3})$", method="expand")
    d.close(mu3.subs(p, (3 + sp.sqrt(3)) / 6), -1 / (6 * sp.sqrt(3)), r"$\mu_3((3 + \sqrt{3})/6) = -1/(6\sqrt{3})$",
            method="expand")


@THIRD_MOMENT.derivation("general_laws")
def _third_moment_general(d: Derivation) -> None:
    """That two-point laws are extremal among all laws on the interval is not derived here."""
    d.open("reduction of an arbitrary law on [0, Δ] to a two-point law is not derived symbolically; "
           "the check does it on random discrete laws in exact rationals")


@KL_CUBIC.derivation("third_order_coefficient")
def _kl_cubic(d: Derivation) -> None:
    r"""$\operatorname{KL}(p(\tau) \,\|\, p(0)) = \tau^2\operatorname{Var}/2 + \tau^3\mu_3/3 + O(\tau^4)$ for a
    two-point law; with $|\mu_3| \le \Delta^3/(6\sqrt{3})$ the constant is $\Delta^3/(18\sqrt{3})$."""
    p = sp.symbols("p", positive=True)
    pt = p / (p + (1 - p) * sp.exp(-_tau))  # σ(θ + τ) with θ = log(p/(1 − p)): the tilted two-point law
    kl = pt * sp.log(pt / p) + (1 - pt) * sp.log((1 - pt) / (1 - p))
    k2 = sp.diff(kl, _tau, 2)
    d2 = sp.cancel(k2.subs(_tau, 0) / 2)  # a rational function of p once τ = 0: its canonical form
    d3 = sp.cancel(sp.diff(k2, _tau).subs(_tau, 0) / 6)
    d.close(d2, p * (1 - p) / 2, r"$\tau^2$ coefficient: $\operatorname{Var}/2$", method="expand")
    d.close(d3, p * (1 - p) * (1 - 2 * p) / 3, r"$\tau^3$ coefficient: $\mu_3/3$", method="expand")
    d.close((1 / (6 * sp.sqrt(3))) / 3, 1 / (18 * sp.sqrt(3)),
            r"$\max|\mu_3|/3 = 1/(18\sqrt{3})$: the constant is sharp as $\tau \to 0$")
    d.open("the bound for every τ (not only to third order) is not derived symbolically")


@APP5.derivation("logistic_loss")
def _app5(d: Derivation) -> None:
    r"""$f'' = \sigma(1 - \sigma)$; the asymptotic ratios; the crossover solving $2e^\delta/(\pi|\Delta|) = 1$."""
    sig = 1 / (1 + sp.exp(-_d))
    f = sp.log(1 + sp.exp(-_d))
    fpp = d.step(r"$f''(\delta)$", sp.diff(f, _d, 2), "differentiate twice")
    d.close(sp.cancel(fpp), sp.cancel(sig * (1 - sig)), r"$f'' = \sigma(1 - \sigma)$ (both sides as rational functions "
            r"of $e^\delta$)", method="expand")
    d.step(r"zeros of $1 + e^{-w}$", _logistic_zeros(), "singularities of f: (2k+1)iπ")
    R = sp.sqrt(_d**2 + sp.pi**2)
    # Both ratios are products of factors with finite limits; (1 + e^{−δ})² is common to them.
    tail = (1 + sp.exp(-_d)) ** 2
    d.close(sp.cancel((1 / fpp) / R / (sp.exp(_d) / _d)), _d / R * tail,
            r"$\frac{1/f''}{R_x} \Big/ \frac{e^\delta}{\delta} = \frac{\delta}{R_x}(1 + e^{-\delta})^2$",
            method="expand")
    tail_limit = sp.limit(tail, _d, sp.oo)
    d.close(sp.limit(_d / R, _d, sp.oo) * tail_limit, 1,
            r"$(1/f'')/R_x \sim e^\delta/\delta$ (each factor tends to 1)")
    ratio = (2 / (_D**2 * fpp)) / (sp.pi / _D)
    d.close(sp.cancel(ratio / (2 * sp.exp(_d) / (sp.pi * _D))), tail,
            r"$\frac{\tau_H}{\rho_a} \Big/ \frac{2e^\delta}{\pi|\Delta|} = (1 + e^{-\delta})^2$", method="expand")
    d.close(tail_limit, 1, r"$\tau_H/\rho_a \sim 2e^\delta/(\pi|\Delta|)$")
    sol = sp.solveset(sp.Eq(2 * sp.exp(_d) / (sp.pi * _D), 1), _d, sp.S.Reals)
    d.close(next(iter(sol)), sp.log(sp.pi * _D / 2), r"crossover $\delta^* = \ln(\pi|\Delta|/2)$",
            method="expand")


@ACTIVATIONS.derivation("denominators")
def _activations(d: Derivation) -> None:
    r"""Singularities are zeros of the denominators: $1 + e^{-x}$ (sigmoid, SiLU), $1 + e^x$ (softplus), $\cosh x$
    (tanh)."""
    w = sp.Symbol("w")
    s1 = d.step(r"$1 + e^{-w} = 0$", _logistic_zeros(), "sigmoid, SiLU")
    d.close_true(sp.Contains(sp.I * sp.pi, s1), r"$i\pi$ is a singularity")
    s2 = d.step(r"$\cosh w = 0$", sp.solveset(sp.exp(w) + sp.exp(-w), w, sp.S.Complexes), "tanh = sinh/cosh")
    d.close_true(sp.Contains(sp.I * sp.pi / 2, s2), r"$i\pi/2$ is a pole of tanh")
    d.step(r"$\operatorname{GELU}(x) = x\Phi(x) = x(1 + \operatorname{erf}(x/\sqrt{2}))/2$",
           w * (1 + sp.erf(w / sp.sqrt(2))) / 2,
           "erf is an entire function (its power series has infinite radius): GELU has no finite singularity")


@TOP2_GHOST_CORRECTED.derivation("solve_two_term_f")
def _top2_corrected(d: Derivation) -> None:
    r"""$e^{z_y + a_y\tau} + e^{z_c + a_c\tau} = e^{z_c + a_c\tau}(1 + e^{\delta + \Delta\tau})$ vanishes iff
    $\delta + \Delta\tau = i\pi(2k+1)$."""
    t0 = d.step(r"$\tau_0$", (-_d + sp.I * sp.pi) / _D, "δ + Δτ = iπ")
    d.close(sp.exp(_d + _D * t0).rewrite(sp.cos), -1, r"$e^{\delta + \Delta\tau_0} = -1$, so $F(\tau_0) = 0$")


@TOP2_GHOST.derivation("printed_ghost_is_not_a_zero", shows="negation")
def _top2_printed(d: Derivation) -> None:
    r"""At the printed $(\delta + i\pi)/\Delta$: $e^{\delta + \Delta\tau} = -e^{2\delta}$, so
    $F = e^{z_c + a_c\tau}(1 - e^{2\delta}) \ne 0$ whenever $\delta \ne 0$."""
    printed = d.step(r"the printed ghost $(\delta + i\pi)/\Delta$", (_d + sp.I * sp.pi) / _D, "eq. 13")
    there = d.step(r"$e^{\delta + \Delta\tau}$ there", sp.expand(sp.exp(_d + _D * printed).rewrite(sp.cos)),
                   "rewrite in cos, expand")
    d.close(there.rewrite(sp.exp), -sp.exp(2 * _d), r"$e^{\delta + \Delta\tau} = -e^{2\delta}$ there",
            method="expand")
    factor = d.step(r"$F/e^{z_c + a_c\tau} = 1 + e^{\delta + \Delta\tau}$ there", 1 - sp.exp(2 * _d), "substitute")
    d.close_true(sp.Ne(factor.subs(_d, 1), 0),
                 r"at $\delta = 1$: $1 - e^2 \ne 0$, so the printed ghost is no zero of $F$")


@BATCH.derivation("no_cancellation")
def _batch(d: Derivation) -> None:
    r"""$(\operatorname{mean}_x \log F_x)'$ has residue $\frac{1}{|B|}\sum_{x: F_x(t_0)=0} m_x > 0$ at a ghost $t_0$:
    it never cancels."""
    t, t0 = sp.symbols("t t0")
    m1, m2, B = sp.symbols("m1 m2 B", positive=True, integer=True)
    G1, G2 = sp.Function("G1"), sp.Function("G2")
    mean = d.step(r"mean of two samples' $\log F$ near a shared ghost $t_0$",
                  (m1 * sp.log(t - t0) + sp.log(G1(t)) + m2 * sp.log(t - t0) + sp.log(G2(t))) / B,
                  "F_x = (t − t0)^m_x · G_x(t), G_x(t0) ≠ 0")
    regular = (t - t0) * (sp.diff(G1(t), t) / G1(t) + sp.diff(G2(t), t) / G2(t)) / B
    d.close(sp.cancel(sp.expand((t - t0) * sp.diff(mean, t))), sp.cancel((m1 + m2) / B + regular),
            r"$(t - t_0)\cdot(\operatorname{mean})' = (m_1 + m_2)/B + O(t - t_0)$: residue $(m_1 + m_2)/B$ "
            "(both sides over a common denominator)", method="expand")
    d.close_true(sp.Gt((m1 + m2) / B, 0), r"positive: the averaged loss is singular at every ghost of every $x \in B$")
    d.step(r"hence $\rho_B = \min_{x\in B}\rho(x; v) \ge \min_{x\in B}\pi/\Delta_a(x) "
           r"\ge \pi/\max_{x\in S}\Delta_a(x) = \rho_a$",
           sp.Symbol("rho_B"), "Thm 4.6 per sample, B ⊆ S")
