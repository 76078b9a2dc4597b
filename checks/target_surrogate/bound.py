"""T1–T3: the surrogate against the loss computed directly, against the integral form of the Taylor remainder,
and at the witness of each smoothness constant in mpmath."""

from __future__ import annotations

import functools

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.special import softmax

from ...theorems.target_surrogate import claims as C
from ...theorems.target_surrogate import formulas as F
from .strategies import classification, fractions_of_bound, seeds

# The gap g − L is a difference of numbers of size |L| ≤ 60 (logits up to 30, k ≤ 8), each computed to a few ulps
# (log-sum-exp, a dot product of n·k ≤ 512 terms): at most 1e-13·(1 + |L|). TOL_REL leaves 10× headroom; every
# mutant is off by a multiple of ‖f(θ) − z_t‖, which the radius keeps above 1e-3.
TOL_REL = 1e-12


def _model(kind: str, x: np.ndarray, k: int, hidden: int = 4):
    if kind == "linear":
        return (lambda th: F.linear_model(th.reshape(x.shape[1], k), x)), x.shape[1] * k
    return (lambda th: F.tanh_model(th, x, hidden)), x.shape[1] * hidden + hidden * k


def _instance(seed, n, k, kind, scale, radius):
    rng, x, labels, _ = classification(seed, n, 3, k)
    f, p = _model(kind, x, k)
    theta_t = rng.standard_normal(p) * scale / 2
    direction = rng.standard_normal(p)
    theta = theta_t + radius * direction / np.linalg.norm(direction)
    return f, theta, theta_t, labels


@C.UPPER_BOUND.check(
    given={"seed": seeds, "n": st.integers(1, 64), "k": st.integers(2, 8), "kind": st.sampled_from(["linear", "tanh"]),
           "scale": st.floats(0.1, 30.0), "radius": st.floats(1e-3, 10.0), "c": fractions_of_bound},
    examples=25, precision="float64", tolerance=f"{TOL_REL:g} relative to 1 + |L|: rounding of the two sides",
    regressions=[{"seed": 1, "n": 64, "k": 2, "kind": "linear", "scale": 1.0, "radius": 0.5, "c": 1.0}])
def bound_on_random_models(subject, ev, seed, n, k, kind, scale, radius, c):
    r"""$g_t(\theta) \ge L(f(\theta))$ at $\eta = c \cdot 2n$ (mean softmax cross-entropy) on linear and tanh models,
    $L$ computed directly by log-softmax."""
    f, theta, theta_t, labels = _instance(seed, n, k, kind, scale, radius)
    eta = c * 2 * n
    g = subject(f, theta, theta_t, labels, eta)
    loss = F.ce_loss(f(theta), labels)
    ev.show("θ_t", theta_t)
    ev.show("θ", theta)
    ev.show("labels", labels)
    ev.le(loss - TOL_REL * (1 + abs(loss)), g, what="L(f(θ)) ≤ g_t(θ)", labels=("L(f(θ))", "g_t(θ)"))


def _gauss_legendre(nodes: int):
    s, w = np.polynomial.legendre.leggauss(nodes)
    return (s + 1) / 2, w / 2


GL_NODES = 40
# The integrand s ↦ (1 − s)(‖d‖²/η − dᵀ∇²L(z_t + s d)d) is entire in s, with poles of the softmax at imaginary
# distance ≥ π/‖d_i‖ ≥ π/3 from [0, 1]; 40 Gauss–Legendre nodes then converge like (ρ)^{−80}, ρ ≥ 1.3, far below
# 1e-9. QUAD_TOL: 1e-9 relative to 1 + |gap| covers that and the rounding of both routes (1e-13); every mutant
# differs from the remainder by ⟨∇L, d⟩ or ‖d‖²/(2η), at least 1e-4 here.
QUAD_TOL = 1e-9


@C.UPPER_BOUND.check(
    given={"seed": seeds, "n": st.integers(1, 6), "k": st.integers(2, 4), "c": fractions_of_bound,
           "radius": st.floats(0.05, 3.0)},
    examples=12, precision="float64, 40-node Gauss–Legendre quadrature", tolerance=f"{QUAD_TOL:g} relative")
def matches_taylor_remainder(subject, ev, seed, n, k, c, radius):
    r"""$g_t - L = \int_0^1 (1 - s)\,(\|d\|^2/\eta - d^\top \nabla^2 L(z_t + s d)\, d)\,ds$ by quadrature, with the
    Hessian blocks $\frac{1}{n}(\mathrm{diag}(p_i) - p_i p_i^\top)$, and the integrand non-negative at every node."""
    f, theta, theta_t, labels = _instance(seed, n, k, "linear", 2.0, radius)
    z_t, d = f(theta_t).reshape(n, k), (f(theta) - f(theta_t)).reshape(n, k)
    eta = c * 2 * n
    s_nodes, weights = _gauss_legendre(GL_NODES)
    curv = []
    for s in s_nodes:
        p = softmax(z_t + s * d, axis=1)
        curv.append(float(np.sum(p * d * d) - np.sum(np.sum(p * d, axis=1) ** 2)) / n)
    integrand = (1 - s_nodes) * (np.sum(d * d) / eta - np.array(curv))
    remainder = float(np.dot(weights, integrand))
    gap = subject(f, theta, theta_t, labels, eta) - F.ce_loss(f(theta), labels)
    ev.show("θ_t", theta_t)
    ev.show("d = f(θ) − z_t", d)
    ev.le(0.0, float(integrand.min()) + 1e-15, what="integrand ≥ 0", labels=("0", "min integrand"))
    ev.close(gap, remainder, rtol=QUAD_TOL, atol=QUAD_TOL, what="g − L", labels=("g_t − L", "Taylor remainder"))


# -- T2/T3: the constants at their witnesses ---------------------------------------------------------------------

LOSSES = st.sampled_from(["softmax_ce", "logistic", "squared"])
REDUCTIONS = st.sampled_from(["sum", "mean"])
WITNESS_DELTA = 0.1
U2 = (1 / np.sqrt(2), -1 / np.sqrt(2))


def witness_gap(loss, reduction, n, eta, delta, mp=None):
    """g_t − L at z_t = 0 for every one of n examples, moved by δ/√n along the top eigendirection of each; in mpmath
    when ``mp`` is given. Per example: softmax two classes along (1, −1)/√2, logistic and squared along +1."""
    lib = mp if mp is not None else np
    one = mp.mpf(1) if mp is not None else 1.0
    u = [one / lib.sqrt(2), -one / lib.sqrt(2)] if loss == "softmax_ce" else [one]
    zero = [0 * one for _ in u]
    step = delta * one / lib.sqrt(n)
    z = [step * ui for ui in u]
    weight = one / n if reduction == "mean" else one
    loss_t = F.per_example_loss(loss, zero, mp)
    grad_t = F.per_example_gradient(loss, zero, mp)
    lin = sum(gi * zi for gi, zi in zip(grad_t, z))
    quad = sum(zi * zi for zi in z)
    # n identical examples: L = weight·Σ ℓ, ∇L rows = weight·∇ℓ, ‖d‖² = n·‖z − 0‖²
    return n * weight * (loss_t + lin - F.per_example_loss(loss, z, mp)) + n * quad / (2 * eta)


@C.CONSTANTS.check(
    given={"loss": LOSSES, "reduction": REDUCTIONS, "n": st.integers(1, 16), "c": fractions_of_bound,
           "delta": st.sampled_from([0.01, 0.1, 1.0, 3.0]), "seed": seeds},
    examples=40, precision="float64", tolerance="1e-13 relative to 1 + |L|: rounding of a few log-sum-exps",
    regressions=[{"loss": "softmax_ce", "reduction": "sum", "n": 1, "c": 0.99, "delta": 0.1, "seed": 0},
                 {"loss": "softmax_ce", "reduction": "mean", "n": 8, "c": 0.5, "delta": 0.1, "seed": 0},
                 {"loss": "squared", "reduction": "sum", "n": 1, "c": 0.9, "delta": 0.1, "seed": 0}])
def holds_up_to_constant(subject, ev, loss, reduction, n, c, delta, seed):
    r"""At $\eta = c\,\eta_{\max}$: $g_t - L \ge 0$ at the witness (the top eigendirection at $z_t = 0$) and at a
    random $z_t$, $z$ for $n$ examples of the loss."""
    eta = c * subject(loss, n, reduction)
    gap = witness_gap(loss, reduction, n, eta, delta)
    ev.show("η", eta)
    ev.le(-1e-13, gap, what="witness: g − L ≥ 0", labels=("0", "g_t − L at the witness"))
    rng = np.random.default_rng(seed)
    width = 2 if loss == "softmax_ce" else 1
    z_t, d = rng.standard_normal((n, width)) * 3, rng.standard_normal((n, width)) * delta
    weight = 1 / n if reduction == "mean" else 1
    lt = np.array([F.per_example_loss(loss, row) for row in z_t])
    lz = np.array([F.per_example_loss(loss, row) for row in z_t + d])
    gt = np.array([F.per_example_gradient(loss, row) for row in z_t], dtype=float)
    gap_random = weight * (lt.sum() + np.sum(gt * d) - lz.sum()) + np.sum(d * d) / (2 * eta)
    ev.show("z_t", z_t)
    ev.show("d", d)
    ev.le(-1e-13 * (1 + weight * abs(lz.sum())), gap_random, what="random: g − L ≥ 0",
          labels=("0", "g_t − L at random z"))


MP_DIGITS = 40


@C.SHARP.check(
    given={"loss": LOSSES, "reduction": REDUCTIONS, "n": st.integers(1, 16), "eps": st.floats(0.01, 1.0)},
    examples=12, precision="mpmath 40 digits",
    tolerance="none: the sign of g − L at 40 digits; δ = 0.1 keeps the quartic term below the quadratic one")
def fails_just_above(subject, ev, loss, reduction, n, eps):
    r"""At $\eta = (1 + \epsilon)\eta_{\max}$, $g_t - L < 0$ at the witness $\delta = 0.1$ (mpmath, 40 digits)."""
    eta = (1 + eps) * subject(loss, n, reduction)
    with mpmath.workdps(MP_DIGITS):
        gap = witness_gap(loss, reduction, n, mpmath.mpf(eta), mpmath.mpf(WITNESS_DELTA), mpmath.mp)
    ev.show("η", eta)
    ev.show("g − L", mpmath.nstr(gap, 12))
    ev.lt(float(gap), 0.0, what="g − L < 0 above the constant", labels=("g_t − L", "0"))


@functools.lru_cache(maxsize=1)
def _spec_points():
    with mpmath.workdps(MP_DIGITS):
        return {(delta, eta): witness_gap("softmax_ce", "sum", 1, mpmath.mpf(eta), mpmath.mpf(delta), mpmath.mp)
                for delta in (0.1, 1.0) for eta in (2.0, 2.2)}


@C.SHARP.check(precision="mpmath 40 digits", tolerance="none: signs at 40 digits")
def spec_points(subject, ev):
    r"""The specification's points: $z_t = (0, 0)$, label 0, $u = (1, -1)/\sqrt 2$, $\delta \in \{0.1, 1\}$: the
    bound holds at $\eta = \eta_{\max}$ and fails at $1.1\,\eta_{\max}$; and the logistic loss at $1.1\,\eta_{\max}$."""
    eta_max = subject("softmax_ce", 1, "sum")
    rows = []
    for (delta, eta), gap in _spec_points().items():
        rows.append({"δ": delta, "η": eta, "g − L": mpmath.nstr(gap, 12)})
    ev.table("softmax_two_classes", rows)
    ev.metric("gap_at_2_2", mpmath.nstr(_spec_points()[(0.1, 2.2)], 6))
    for delta in (0.1, 1.0):
        with mpmath.workdps(MP_DIGITS):
            at = witness_gap("softmax_ce", "sum", 1, mpmath.mpf(eta_max), mpmath.mpf(delta), mpmath.mp)
            above = witness_gap("softmax_ce", "sum", 1, mpmath.mpf(1.1 * eta_max), mpmath.mpf(delta), mpmath.mp)
        ev.le(0.0, float(at), what=f"holds at η_max, δ={delta}", labels=("0", "g_t − L"))
        ev.lt(float(above), 0.0, what=f"fails at 1.1 η_max, δ={delta}", labels=("g_t − L", "0"))
    with mpmath.workdps(MP_DIGITS):
        logistic = witness_gap("logistic", "sum", 1, mpmath.mpf(1.1 * subject("logistic", 1, "sum")),
                               mpmath.mpf(WITNESS_DELTA), mpmath.mp)
    ev.lt(float(logistic), 0.0, what="logistic fails at 1.1 η_max", labels=("g_t − L", "0"))
