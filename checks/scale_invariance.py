"""Numerical checks of S1–S10 on tiny LayerNorm/BatchNorm nets, generic scale-invariant functions,
synthetic gradient sequences and the numpy SGDP/AdamP.

Ground truth comes from complex-step derivatives (no analytic gradient is trusted), exact rational
arithmetic, direct simulation of gradient descent and momentum, Monte Carlo with stated error rates,
and hand-built cases whose outcome under the released projection rule is known in advance.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.figures import pyplot
from ..fixtures.optimizers import SGDP
from ..fixtures.normalization import TinyNet, random_net
from ..fixtures.scale_momentum import (
    equal_update_run,
    exact_momentum_run,
    exact_orthogonal_growth,
    float_orthogonal_growth,
    isotropic_growth_mc,
    model_momentum_run,
    toy_run,
)
from ..fixtures.scale_problems import complex_step_directional, complex_step_grad, scale_problems
from ..theorems import scale_invariance as T

# Complex-step derivatives are accurate to a few ulps of the terms they sum; 1e-9 relative to the
# size of those terms leaves 10⁶× headroom over float64 roundoff and is far below every mutant's error.
REL = 1e-9

positive_factors = st.floats(0.05, 20.0)


@T.ORTHOGONALITY.check(given={"p": scale_problems()}, examples=40,
                       tolerance="1e-9 × (1 + Σ|w_i ∂_i f|): complex-step roundoff")
def radial_derivative_matches(subject, ev, p):
    """d/dt f(w + t w_B) at t = 0 (complex step) equals the predicted w_B · ∇f(w) on each block B."""
    f_value = float(np.real(p.f(p.w)))
    grad = p.grad()
    for block in p.blocks:
        v = np.where(block, p.w, 0.0)
        measured = complex_step_directional(p.f, p.w, v)
        scale = 1.0 + float(np.sum(np.abs(v * grad)))
        ev.close(subject(f_value, v), measured, atol=REL * scale, what="w·∇f(w)", context=p.name)


@T.GRADIENT_SCALING.check(given={"p": scale_problems(), "c": positive_factors}, examples=40,
                          tolerance="relative 1e-9 of max|∇f|: complex-step roundoff")
def gradient_at_scaled_point_matches(subject, ev, p, c):
    """The complex-step gradient at c·w equals the formula applied to the gradient at w."""
    if len(p.blocks) > 1:  # BatchNorm: scale one row only (per-row invariance)
        scale = np.where(p.blocks[0], c, 1.0)
    else:
        scale = np.full(p.w.shape, c)
    g_w = p.grad()
    g_cw = complex_step_grad(p.f, p.w * scale)
    claimed = np.where(p.blocks[0], subject(g_w, c), g_w)  # rows left unscaled keep their gradient
    tol = REL * (1.0 + np.max(np.abs(g_w)) * max(1.0, 1.0 / c))
    ev.close(claimed, g_cw, atol=tol, what="∇f(c w)", context=f"{p.name}, c={c:.4g}")


def _hessian(f, w: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Hessian by central differences of complex-step gradients (O(h²) truncation)."""
    n = w.size
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        H[:, j] = (complex_step_grad(f, (w.ravel() + e).reshape(w.shape)).ravel()
                   - complex_step_grad(f, (w.ravel() - e).reshape(w.shape)).ravel()) / (2 * h)
    return (H + H.T) / 2


@T.HESSIAN_SCALING.check(given={"p": scale_problems(("layer", "generic")), "c": st.floats(0.2, 5.0)},
                         examples=15, tolerance="1e-5 relative: O(h²) central-difference truncation, h = 1e-5")
def hessian_scaling_matches(subject, ev, p, c):
    """Finite-difference Hessians at w and at c·w satisfy the claimed relation."""
    ev.assume(p.w.size <= 12)
    H_w = _hessian(p.f, p.w)
    H_cw = _hessian(p.f, c * p.w, h=1e-5 * c)
    tol = 1e-5 * (1.0 + np.max(np.abs(H_w)))
    ev.close(subject(H_cw, c), H_w, atol=tol, what="∇²f(w)", context=f"{p.name}, c={c:.4g}")


@T.HESSIAN_RADIAL.check(given={"p": scale_problems()}, examples=30,
                        tolerance="1e-6 relative: O(h²) truncation of the central difference, h = 1e-6")
def hessian_times_weights_matches(subject, ev, p):
    """(∇f(w + h w) − ∇f(w − h w)) / 2h, a Hessian-vector product, equals the formula."""
    g = p.grad()
    h = 1e-6
    hv = (complex_step_grad(p.f, p.w + h * p.w) - complex_step_grad(p.f, p.w - h * p.w)) / (2 * h)
    ev.close(subject(g), hv, atol=1e-6 * (1.0 + np.max(np.abs(g))), what="∇²f(w)w", context=p.name)


@T.GD_NORM_GROWTH.check(given={"p": scale_problems(), "eta": st.floats(1e-3, 2.0),
                                "steps": st.integers(1, 8)}, examples=40,
                        tolerance="relative 1e-10: float64 roundoff of a few norms")
def gd_simulation_matches(subject, ev, p, eta, steps):
    """Simulated GD (complex-step gradients) follows the predicted squared norm at every step."""
    w = p.w.copy()
    for t in range(steps):
        g = complex_step_grad(p.f, w)
        predicted = subject(float(np.sum(w * w)), eta, float(np.sum(g * g)))
        w = w - eta * g
        actual = float(np.sum(w * w))
        ev.close(predicted, actual, rtol=1e-10, what=f"‖w_{t + 1}‖²", context=f"{p.name}, η={eta:.3g}")


@st.composite
def _rational_orthogonal(draw: st.DrawFn) -> tuple[list[Fraction], list[Fraction]]:
    n = draw(st.integers(2, 6))
    ints = st.integers(-20, 20)
    w = [Fraction(draw(ints), draw(st.integers(1, 9))) for _ in range(n)]
    g = [Fraction(draw(ints), draw(st.integers(1, 9))) for _ in range(n)]
    ww = sum(x * x for x in w)
    if ww == 0:
        w[0] = Fraction(1)
        ww = sum(x * x for x in w)
    proj = sum(a * b for a, b in zip(w, g)) / ww
    return w, [b - proj * a for a, b in zip(w, g)]


@T.GD_NORM_GROWTH.check(given={"wg": _rational_orthogonal(), "eta": st.fractions(Fraction(1, 100), 3)},
                        examples=60, precision="exact rationals", tolerance="none: exact equality")
def exact_step_with_orthogonal_gradient(subject, ev, wg, eta):
    """With w ⊥ g in exact rationals, ‖w − ηg‖² equals the formula exactly."""
    w, g = wg
    ev.assume(any(x != 0 for x in g))
    nxt = [a - eta * b for a, b in zip(w, g)]
    ev.close(subject(sum(x * x for x in w), eta, sum(x * x for x in g)), sum(x * x for x in nxt),
             what="‖w − ηg‖²")


@T.EFFECTIVE_STEP.check(given={"p": scale_problems(), "eta": st.floats(1e-3, 3.0)}, examples=40,
                        tolerance="1e-9 absolute on unit vectors: complex-step roundoff")
def sphere_step_matches_gd_direction(subject, ev, p, eta):
    """normalize(w − η∇f(w)) equals normalize(u − η_eff ∇f(u)) with u = w/‖w‖ (one invariance block)."""
    ev.assume(len(p.blocks) == 1)
    norm = float(np.sqrt(np.sum(p.w * p.w)))
    u = p.w / norm
    gd = p.w - eta * complex_step_grad(p.f, p.w)
    sphere = u - subject(eta, norm) * complex_step_grad(p.f, u)
    ev.close(sphere / np.sqrt(np.sum(sphere**2)), gd / np.sqrt(np.sum(gd**2)), atol=1e-9,
             what="direction after one step", context=f"{p.name}, ‖w‖={norm:.3g}, η={eta:.3g}")


def _constant_norm_run(norm0: float, eta: float, G: float, steps: int, dim: int, seed: int) -> list[float]:
    """‖w_t‖ under GD with a tangent gradient of norm G/‖w‖ (G on the unit sphere), random directions."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=dim)
    w *= norm0 / np.linalg.norm(w)
    norms = [norm0]
    for _ in range(steps):
        d = rng.normal(size=dim)
        d -= (d @ w) / (w @ w) * w
        g = d / np.linalg.norm(d) * G / np.linalg.norm(w)
        w = w - eta * g
        norms.append(float(np.linalg.norm(w)))
    return norms


@T.NORM4_BOUND.check(given={"norm0": st.floats(0.1, 10.0), "eta": st.floats(0.01, 2.0),
                             "G": st.floats(0.01, 5.0), "steps": st.integers(1, 60),
                             "seed": st.integers(0, 2**32 - 1)}, examples=60,
                     tolerance="relative 1e-9 on ‖w_t‖⁴: float64 roundoff accumulated over ≤ 60 steps")
def bound_holds_at_every_step(subject, ev, norm0, eta, G, steps, seed):
    """Simulated ‖w_t‖⁴ stays above the bound at every t (margin targeted)."""
    norms = _constant_norm_run(norm0, eta, G, steps, 4, seed)
    for t, n in enumerate(norms):
        bound = subject(norm0, eta, G, t)
        ev.le(bound, n**4 * (1 + 1e-9), what="bound ≤ ‖w_t‖⁴",
              context=f"t={t}, ‖w0‖={norm0:.3g}, η={eta:.3g}, G={G:.3g}")


@T.NORM4_BOUND.figure("norm_growth", caption="‖w_t‖⁴ under GD with constant tangent gradient norm, "
                      "against the bound ‖w_0‖⁴ + 2η²G²t.")
def _norm_growth_figure():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for eta, colour in ((0.1, "C0"), (0.3, "C1"), (1.0, "C2")):
        norms = np.array(_constant_norm_run(1.0, eta, 1.0, 200, 8, 0))
        t = np.arange(norms.size)
        ax.plot(t, norms**4, color=colour, label=f"simulated, η={eta}")
        ax.plot(t, T.norm4_lower_bound(1.0, eta, 1.0, t), color=colour, ls="--", label=f"bound, η={eta}")
    ax.set_xlabel("step t")
    ax.set_ylabel("‖w_t‖⁴")
    ax.legend(fontsize=7)
    return fig


def _layernorm_loss_mp(net, W: np.ndarray, dps: int = 50) -> mpmath.mpf:
    """The LayerNorm net's loss at ``dps`` digits (object arrays of mpmath numbers)."""
    with mpmath.workdps(dps):
        to_mp = np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])
        from ..fixtures.normalization import TinyNet

        mp_net = TinyNet(to_mp(net.X), to_mp(net.V), to_mp(net.T), norm="layer")
        return mp_net.loss(to_mp(W))


def _confirm_negative_scale(subject, seed, c):
    net, W = random_net(seed, norm="layer")
    with mpmath.workdps(50):
        a = _layernorm_loss_mp(net, W)
        b = _layernorm_loss_mp(net, W * c)
        diff = abs(a - b)
        return diff > mpmath.mpf(10) ** -30, f"at 50 digits f(W) = {mpmath.nstr(a, 15)}, " \
                                             f"f(cW) = {mpmath.nstr(b, 15)}, |difference| = {mpmath.nstr(diff, 5)}"


@T.NEGATIVE_SCALE.check(given={"seed": st.integers(0, 2**32 - 1),
                                "c": st.one_of(st.floats(-10.0, -0.1), st.floats(0.1, 10.0))},
                        examples=40, confirm=_confirm_negative_scale,
                        tolerance="relative 1e-10: LayerNorm forward roundoff")
def rescaled_loss_equals_original(subject, ev, seed, c):
    """f(cW) = f(W) on a LayerNorm net for the drawn non-zero c."""
    net, W = random_net(seed, norm="layer")
    ev.close(float(net.loss(c * W)), float(net.loss(W)), rtol=1e-10, what="f(cW)", context=f"c={c:.4g}")


# =================================================================================================
# S5–S10: momentum, growth factors, SGDP/AdamP as released
# =================================================================================================

betas = st.floats(0.0, 0.999)


@st.composite
def _rational_beta(draw: st.DrawFn) -> Fraction:
    return Fraction(draw(st.integers(0, 999)), 1000)


#: Heavy-ball runs in exact rationals: random gradients projected ⊥ w_t (fixtures.scale_momentum).
EXACT_MOMENTUM_CASES = {"seed": st.integers(0, 2**32 - 1), "dim": st.integers(2, 4), "beta": _rational_beta(),
                        "eta": st.fractions(Fraction(1, 100), 3), "horizon": st.integers(1, 7)}


@T.MOMENTUM_NORM.check(given=EXACT_MOMENTUM_CASES,
                       examples=25, precision="exact rationals", tolerance="none: exact equality")
def exact_synthetic_orthogonal_gradients(subject, ev, seed, dim, beta, eta, horizon):
    """Heavy ball on random rational gradients projected ⊥ w_t: ‖w_{t+1}‖² equals the formula exactly."""
    run = exact_momentum_run(seed, dim, beta, eta, horizon)
    for t in range(horizon):
        ev.close(subject(run.norms_sq[t], eta, beta, run.update_norms_sq[: t + 1]), run.norms_sq[t + 1],
                 what=f"‖w_{t + 1}‖²", context=f"β={beta}, η={eta}, dim={dim}")


@T.MOMENTUM_NORM.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                               "beta": betas, "eta": st.floats(1e-3, 1.0), "horizon": st.integers(1, 15)},
                       examples=20, tolerance="1e-10 × (sum of the terms' sizes): float64 roundoff over ≤ 15 steps")
def tiny_normalized_models(subject, ev, seed, norm, beta, eta, horizon):
    """Heavy ball on the tiny LayerNorm/BatchNorm nets (their own gradients): the formula tracks ‖W_t‖²."""
    run = model_momentum_run(seed, norm, beta, eta, horizon)
    for t in range(horizon):
        P = run.update_norms_sq[: t + 1]
        scale = run.norms_sq[t] + eta**2 * sum(P) / (1 - beta)
        ev.close(subject(run.norms_sq[t], eta, beta, P), run.norms_sq[t + 1], atol=1e-10 * scale,
                 what=f"‖W_{t + 1}‖²", context=f"{norm}norm, β={beta:.4g}, η={eta:.3g}")


@T.MOMENTUM_INNER.check(given=EXACT_MOMENTUM_CASES,
                        examples=25, precision="exact rationals", tolerance="none: exact equality")
def exact_inner_product(subject, ev, seed, dim, beta, eta, horizon):
    """⟨w_t, p_t⟩ measured in exact rationals equals the closed form, which is ≤ 0."""
    run = exact_momentum_run(seed, dim, beta, eta, horizon)
    for t in range(horizon):
        claimed = subject(eta, beta, run.update_norms_sq[: t + 1])
        ev.close(claimed, run.inner[t], what=f"⟨w_{t}, p_{t}⟩", context=f"β={beta}, η={eta}")
        ev.le(claimed, 0, what="⟨w_t, p_t⟩ ≤ 0")


@T.GROWTH_EQUAL.check(given={"seed": st.integers(0, 2**32 - 1), "dim": st.integers(3, 6),
                              "beta": st.floats(0.0, 0.99), "eta": st.floats(1e-2, 0.5),
                              "P": st.floats(0.1, 2.0), "horizon": st.integers(1, 40)},
                      examples=25, tolerance="1e-9 relative to ‖w_{t+1}‖²/(η²P²): roundoff of a norm difference")
def equal_norm_updates_simulated(subject, ev, seed, dim, beta, eta, P, horizon):
    """Updates of norm P built so that every gradient stays ⊥ w_t: measured growth / η²P² equals the formula."""
    deltas, norms_sq = equal_update_run(seed, dim, beta, eta, P, horizon)
    for t, (dlt, nsq) in enumerate(zip(deltas, norms_sq)):
        ev.close(subject(beta, t), dlt / (eta * P) ** 2, atol=1e-9 * (1 + nsq / (eta * P) ** 2),
                 what=f"growth factor at t={t}", context=f"β={beta:.4g}")


@T.GROWTH_ORTHO.check(given={"beta": _rational_beta(), "eta": st.fractions(Fraction(1, 100), 2),
                              "G": st.fractions(Fraction(1, 10), 3), "horizon": st.integers(1, 12)},
                      examples=25, precision="exact rationals", tolerance="none: exact equality")
def exact_mutually_orthogonal_gradients(subject, ev, beta, eta, G, horizon):
    """g_t = G e_{t+1}, w_0 ∝ e_0 (every g_t ⊥ w_t and ⊥ each other): growth / η²G² equals the formula exactly."""
    for t, ratio in enumerate(exact_orthogonal_growth(beta, eta, G, horizon)):
        ev.close(subject(beta, t), ratio, what=f"growth factor at t={t}", context=f"β={beta}")


@T.GROWTH_ORTHO.check(given={"seed": st.integers(0, 2**32 - 1), "dim": st.integers(3, 6),
                              "beta": st.floats(0.0, 0.95), "horizon": st.integers(1, 15)},
                      examples=8, min_valid=4,
                      tolerance="5 standard errors of the Monte Carlo mean over 3000 paths",
                      false_alarm_rate=6e-7,
                      power="at t ≥ 1 buffer_norm_only is low by 2Σβ^{t−k}s_k ≥ 2β and equal_updates_factor by "
                            "≥ β²; the standard error is a few 0.01, so both are rejected for β ≳ 0.3")
def monte_carlo_isotropic_tangent_gradients(subject, ev, seed, dim, beta, horizon):
    """i.i.d. isotropic tangent gradients of norm G: the Monte Carlo mean of growth / η²G² matches the formula."""
    mean, se = isotropic_growth_mc(seed, dim, beta, horizon, paths=3000)
    ev.metric("standard_error", se)
    ev.close(subject(beta, horizon), mean, atol=5 * se + 1e-12, what=f"E growth factor at t={horizon}",
             context=f"β={beta:.4g}, dim={dim}")


def _confirm_circulated(subject, beta):
    ratios = exact_orthogonal_growth(Fraction(beta), Fraction(1, 10), Fraction(1), 30)
    claimed = Fraction(subject(beta))
    return ratios[-1] > claimed, (f"exact rationals, mutually orthogonal gradients: growth ratio at t=30 is "
                                  f"{float(ratios[-1]):.10g} > claimed {float(claimed):.10g}; the ratio increases "
                                  f"with t, so its limit exceeds the claim")


@T.GROWTH_CIRCULATED.check(given={"beta": st.floats(0.0, 0.95)}, examples=20, confirm=_confirm_circulated,
                           tolerance="1e-8 relative: transient β^{T+1} ≤ 1e-13 and float64 roundoff")
def asymptotic_ratio_against_gd(subject, ev, beta):
    """Momentum vs GD on the same mutually orthogonal gradients, run until the transient is below 1e-13."""
    horizon = 600 if beta == 0 else min(600, int(math.ceil(math.log(1e-13) / math.log(beta))) + 2)
    ratio = float_orthogonal_growth(beta, 0.1, 1.0, horizon)
    ev.close(subject(beta), ratio, rtol=1e-8, what="asymptotic growth ratio", context=f"β={beta:.6g}")


@T.GROWTH_ORTHO.figure("toy_norms", caption="The AdamP 2-D toy, minimise −(w/‖w‖)·(w*/‖w*‖) from w_0 = (1, 0), "
                       "w* = (0, 1), η = 0.03: ‖w_t‖ for SGD, momentum SGD (0.9, 0.99) and SGDP (0.9).")
def _toy_norms():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for label, kw in (("SGD", dict(beta=0.0)), ("momentum 0.9", dict(beta=0.9)),
                      ("momentum 0.99", dict(beta=0.99)), ("SGDP 0.9", dict(beta=0.9, sgdp=True))):
        norms, _ = toy_run(lr=0.03, steps=400, **kw)
        ax.plot(norms, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.set_ylabel("‖w_t‖")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


@T.GROWTH_ORTHO.figure("toy_growth_ratio", caption="2-D toy (η = 1e-3, small so that the runs stay comparable): "
                       "per-step growth of momentum over GD's, against 1 + 2β/(1 − β), 1/(1 − β)² and "
                       "(1 + β)/(1 − β)³ (aligned gradients). The toy's gradients keep one direction, so "
                       "neither circulated factor describes it.")
def _toy_growth_ratio():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    _, gd = toy_run(lr=1e-3, steps=150, beta=0.0)
    for beta, colour in ((0.5, "C0"), (0.9, "C1")):
        _, mom = toy_run(lr=1e-3, steps=150, beta=beta)
        ax.plot(np.array(mom) / np.array(gd), color=colour, label=f"measured, β={beta}")
        for value, ls in ((1 + 2 * beta / (1 - beta), "--"), (1 / (1 - beta) ** 2, ":"),
                          ((1 + beta) / (1 - beta) ** 3, "-.")):
            ax.axhline(value, color=colour, ls=ls, lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.set_ylabel("Δ‖w‖² momentum / Δ‖w‖² GD")
    ax.legend(fontsize=7, title="-- 1+2β/(1−β)   : 1/(1−β)²   -. (1+β)/(1−β)³", title_fontsize=6)
    fig.tight_layout()
    return fig


# -- S7–S10: the numpy SGDP/AdamP against hand-built cases and the models ---------------------------

#: eps used where the projection must be exactly radial: p_n = w/(‖w‖ + eps) deviates from w/‖w‖ by
#: eps/‖w‖ relative, 1e-30 is far below float64 resolution for ‖w‖ ≥ 1e-10 (and avoids 0/0 on zero rows).
TINY_EPS = 1e-30


def _blocks(norm: str, shape: tuple[int, ...]) -> list[np.ndarray]:
    """The invariance blocks of a tiny net's weight matrix: rows (BatchNorm) or the whole (LayerNorm)."""
    if norm == "batch":
        out = []
        for j in range(shape[0]):
            m = np.zeros(shape, dtype=bool)
            m[j] = True
            out.append(m)
        return out
    return [np.ones(shape, dtype=bool)]


def _tangent(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Π_w x = x − (w·x/‖w‖²) w."""
    return x - (np.sum(w * x) / np.sum(w * w)) * w


@T.SGDP_DIRECTION.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                                "momentum": st.floats(0.0, 0.99), "lr": st.floats(1e-3, 1.0),
                                "buffer_scale": st.floats(0.0, 3.0)},
                        examples=25, tolerance="1e-10 relative to lr‖d‖: float64 roundoff of one step")
def same_tangent_as_unprojected_step(subject, ev, seed, norm, momentum, lr, buffer_scale):
    """From the same state (weights, arbitrary buffer, the net's gradient), SGDP's step and the plain
    momentum step (computed here) have the same tangent part in every invariance block."""
    net, W = random_net(seed, norm=norm)
    g = net.grad(W)
    buf0 = np.random.default_rng(seed + 7).normal(size=W.shape) * buffer_scale * np.sqrt(np.sum(g * g))
    w = W.copy()
    opt = subject([w], lr=lr, momentum=momentum, eps=TINY_EPS)
    opt.state[0]["momentum"] = buf0.copy()
    opt.step([g])
    view, _ = opt.last_projection[0]
    ev.assume(view == {"layer": "layer", "batch": "channel"}[norm])  # the claim's assumption
    plain = W - lr * (momentum * buf0 + g)
    size = lr * np.sqrt(np.sum((momentum * buf0 + g) ** 2))
    for b in _blocks(norm, W.shape):
        ev.close(_tangent(W[b], w[b] - W[b]), _tangent(W[b], plain[b] - W[b]), atol=1e-10 * size,
                 what="tangent part of the step", context=f"{norm}norm, view {view}, lr={lr:.3g}")


@functools.lru_cache(maxsize=1)
def _first_layernorm_channel_firing(limit: int = 20000) -> int:
    """The first seed whose LayerNorm net makes the released cosine test fire the channel view."""
    for seed in range(limit):
        net, W = random_net(seed, norm="layer")
        w = W.copy()
        opt = SGDP([w], lr=0.1, momentum=0.0, eps=TINY_EPS)
        opt.step([net.grad(W)])
        if opt.last_projection[0][0] == "channel":
            return seed
    raise LookupError(f"the channel view never fired on LayerNorm nets with seeds < {limit}")


def _tangent_exact(w: list[Fraction], x: list[Fraction]) -> list[Fraction]:
    c = sum(a * b for a, b in zip(w, x)) / sum(a * a for a in w)
    return [b - c * a for a, b in zip(w, x)]


def _confirm_misfired_view(subject):
    """Exact rationals (W and g as their float values, eps = 0): the per-row projection's tangent part
    differs from the gradient's, for the whole-matrix invariance."""
    seed = _first_layernorm_channel_firing()
    net, W = random_net(seed, norm="layer")
    g = net.grad(W)
    Wq = [[Fraction(float(v)) for v in row] for row in W]
    gq = [[Fraction(float(v)) for v in row] for row in g]
    projected = []
    for w_row, g_row in zip(Wq, gq):  # released channel view: remove each row's radial part
        c = sum(a * b for a, b in zip(w_row, g_row)) / sum(a * a for a in w_row)
        projected += [b - c * a for a, b in zip(w_row, g_row)]
    flat_w = [v for row in Wq for v in row]
    flat_g = [v for row in gq for v in row]
    diff = [a - b for a, b in zip(_tangent_exact(flat_w, projected), _tangent_exact(flat_w, flat_g))]
    size = max(abs(v) for v in diff)
    return size > 0, f"exact rationals at seed {seed}: the tangent parts differ by up to {float(size):.4g}"


@T.SGDP_DIRECTION_RELEASED.check(confirm=_confirm_misfired_view,
                                 tolerance="1e-10 relative to lr‖g‖: float64 roundoff of one step")
def released_views_keep_the_layernorm_direction(subject, ev):
    """On the first LayerNorm net where the released test fires per channel, compare the tangent parts
    (whole-matrix invariance) of the SGDP step and of the plain step."""
    seed = _first_layernorm_channel_firing()
    net, W = random_net(seed, norm="layer")
    g = net.grad(W)
    w = W.copy()
    lr = 0.1
    opt = subject([w], lr=lr, momentum=0.0, eps=TINY_EPS)
    opt.step([g])
    ev.metric("first LayerNorm seed firing the channel view", seed)
    ev.metric("view that fired", opt.last_projection[0][0])
    size = lr * float(np.sqrt(np.sum(g * g)))
    ev.close(_tangent(W, w - W), _tangent(W, -lr * g), atol=1e-10 * size,
             what="tangent part of the step (whole matrix)", context=f"seed {seed}, channel view fired")


@T.SGDP_NORM.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                           "momentum": st.floats(0.0, 0.99), "lr": st.floats(1e-3, 0.5),
                           "wd": st.sampled_from((0.0, 1e-3, 0.05)), "nesterov": st.booleans(),
                           "steps": st.integers(1, 6)},
                   examples=20, tolerance="1e-11 × (‖w_t‖² + ‖w_{t+1}‖²) per block: float64 roundoff")
def sgdp_pythagoras_per_block(subject, ev, seed, norm, momentum, lr, wd, nesterov, steps):
    """SGDP on the tiny nets: each block's ‖w_{t+1}‖² equals (1−λ)²‖w_t‖² + lr²‖d̃‖², with d̃ recovered from
    the step and λ = lr·wd·wd_ratio/(1 − momentum) from the hyperparameters."""
    ev.assume(not nesterov or momentum > 0)
    net, W = random_net(seed, norm=norm)
    w = W.copy()
    opt = subject["SGDP"]([w], lr=lr, momentum=momentum, weight_decay=wd, nesterov=nesterov, eps=TINY_EPS)
    lam = lr * wd * opt.wd_ratio / (1 - momentum)
    _pythagoras(ev, net, w, opt, lam, lambda t: lr, steps, norm, f"SGDP m={momentum:.3g}, lr={lr:.3g}, wd={wd}")


@T.SGDP_NORM.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                           "beta1": st.floats(0.0, 0.99), "lr": st.floats(1e-3, 0.2),
                           "wd": st.sampled_from((0.0, 1e-3, 0.05)), "nesterov": st.booleans(),
                           "steps": st.integers(1, 6)},
                   examples=20, tolerance="1e-11 × (‖w_t‖² + ‖w_{t+1}‖²) per block: float64 roundoff")
def adamp_pythagoras_per_block(subject, ev, seed, norm, beta1, lr, wd, nesterov, steps):
    """AdamP on the tiny nets: the same law with λ = lr·wd·wd_ratio and step size lr/(1 − β1^t)."""
    net, W = random_net(seed, norm=norm)
    w = W.copy()
    opt = subject["AdamP"]([w], lr=lr, betas=(beta1, 0.999), weight_decay=wd, nesterov=nesterov, eps=TINY_EPS)
    lam = lr * wd * opt.wd_ratio
    _pythagoras(ev, net, w, opt, lam, lambda t: lr / (1 - beta1 ** (t + 1)), steps, norm,
                f"AdamP β1={beta1:.3g}, lr={lr:.3g}, wd={wd}")


def _pythagoras(ev, net, w, opt, lam, step_size, steps, norm, context):
    for t in range(steps):
        before = w.copy()
        opt.step([net.grad(w)])
        lr_t = step_size(t)
        d = ((1 - lam) * before - w) / lr_t
        for b in _blocks(norm, w.shape):
            nb, na = np.sum(before[b] ** 2), np.sum(w[b] ** 2)
            ev.close((1 - lam) ** 2 * nb + lr_t**2 * np.sum(d[b] ** 2), na, atol=1e-11 * (nb + na),
                     what=f"block ‖w_{t + 1}‖²", context=f"{norm}norm, {context}")


def _exact_sgdp_growth(beta: Fraction, lr: Fraction, G: Fraction, horizon: int) -> tuple[Fraction, Fraction]:
    """Exact rationals: the released SGDP rule (eps = 0, buffer projected in place) and GD on g_t = G e_{t+1}."""
    dim = horizon + 1
    w = [Fraction(0)] * dim
    w[0] = Fraction(1)
    wg = list(w)
    buf = [Fraction(0)] * dim
    for t in range(horizon):
        g = [Fraction(0)] * dim
        g[t + 1] = G
        buf = [beta * a + b for a, b in zip(buf, g)]
        c = sum(a * b for a, b in zip(w, buf)) / sum(a * a for a in w)  # g ⊥ w exactly: the test fires
        buf = [a - c * x for a, x in zip(buf, w)]
        w = [x - lr * a for x, a in zip(w, buf)]
        wg = [x - lr * b for x, b in zip(wg, g)]
    return sum(a * a for a in w) - 1, sum(a * a for a in wg) - 1


def _confirm_sgdp_as_gd(subject, beta, lr, horizon):
    s, g = _exact_sgdp_growth(Fraction(beta), Fraction(lr), Fraction(1), horizon)
    return s != g, (f"exact rationals (eps = 0): SGDP growth ‖w_T‖² − ‖w_0‖² = {float(s):.12g}, GD growth "
                    f"{float(g):.12g}, ratio {float(s / g):.6g}")


@T.SGDP_AS_GD.check(given={"beta": st.floats(0.05, 0.99), "lr": st.floats(0.01, 0.5), "horizon": st.integers(2, 12)},
                    examples=20, confirm=_confirm_sgdp_as_gd,
                    tolerance="1e-9 relative: float64 roundoff over ≤ 12 steps")
def growth_equals_gd_growth(subject, ev, beta, lr, horizon):
    """SGDP and GD (computed here) on the same mutually orthogonal gradients g_t = e_{t+1}, w_0 = e_0:
    compare the total growths ‖w_T‖² − ‖w_0‖²."""
    dim = horizon + 1
    w = np.zeros((1, dim))
    w[0, 0] = 1.0
    wg = w.copy()
    opt = subject([w], lr=lr, momentum=beta)
    for t in range(horizon):
        g = np.zeros((1, dim))
        g[0, t + 1] = 1.0
        opt.step([g])
        wg -= lr * g
    # the claim predicts GD's growth; the truth is SGDP's measured growth
    ev.close(float(np.sum(wg * wg)) - 1, float(np.sum(w * w)) - 1, rtol=1e-9, what="GD growth vs SGDP growth",
             context=f"β={beta:.4g}, lr={lr:.3g}, T={horizon}")


def _confirm_adam(subject, seed, n, lr):
    w, g = _adam_case(seed, n)
    wq = [Fraction(float(x)) for x in w]
    gq = [Fraction(float(x)) for x in g]
    c = sum(a * b for a, b in zip(wq, gq)) / sum(a * a for a in wq)
    gq = [b - c * a for a, b in zip(wq, gq)]  # exactly orthogonal
    eps = Fraction(1, 10**12)
    # step 1 of Adam: m̂ = g, v̂ = g², so the update is g/(|g| + eps) exactly
    nxt = [a - Fraction(lr) * b / (abs(b) + eps) for a, b in zip(wq, gq)]
    before, after = sum(a * a for a in wq), sum(a * a for a in nxt)
    return after < before, (f"exact rationals with g projected exactly ⊥ w: ‖w_1‖² − ‖w_0‖² = "
                            f"{float(after - before):.6g} < 0")


def _adam_case(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    w = rng.normal(size=n)
    g = rng.normal(size=n)
    return w, g - (g @ w) / (w @ w) * w


@T.ADAM_MONOTONE.check(given={"seed": st.integers(0, 2**32 - 1), "n": st.integers(2, 8), "lr": st.floats(1e-3, 1.0)},
                       examples=20, confirm=_confirm_adam,
                       tolerance="relative 1e-12 on ‖w‖²: float64 roundoff of one step")
def first_step_does_not_shrink(subject, ev, seed, n, lr):
    """One step of AdamP with delta = 0 (no projection) from a gradient ⊥ w: ‖w_1‖ ≥ ‖w_0‖?"""
    w0, g = _adam_case(seed, n)
    w = w0[None, :].copy()
    opt = subject([w], lr=lr, delta=0.0, eps=1e-12)
    opt.step([g[None, :]])
    ev.that(opt.last_projection[0][0] is None, "delta = 0 must disable the projection")
    ev.le(float(w0 @ w0), float(np.sum(w * w)) * (1 + 1e-12), what="‖w_0‖² ≤ ‖w_1‖²",
          context=f"n={n}, lr={lr:.3g}")


def _fitted_net(seed: int, fit: bool) -> tuple[TinyNet, np.ndarray]:
    """A net without normalization; with ``fit`` its targets are its own outputs (zero gradient)."""
    net, W = random_net(seed, norm="none")
    if fit:
        net = TinyNet(net.X, net.V, net.features(W) @ net.V, norm="none")
    return net, W


def _confirm_selective(subject, seed, fit):
    net, W = _fitted_net(seed, fit)
    with mpmath.workdps(50):
        to_mp = np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])
        X, V, Wm = to_mp(net.X), to_mp(net.V), to_mp(W)
        Tm = (X @ Wm.T) @ V if fit else to_mp(net.T)
        G = (((X @ Wm.T) @ V - Tm) @ V.T).T @ X / X.shape[0]
        rows = []
        for name, shape in (("channel", W.shape), ("layer", (1, W.size))):
            g, w = G.reshape(shape), Wm.reshape(shape)
            worst = max(abs(sum(g[i] * w[i])) / (mpmath.sqrt(sum(w[i] ** 2)) * max(mpmath.sqrt(sum(g[i] ** 2)),
                        mpmath.mpf("1e-8"))) for i in range(shape[0]))
            rows.append((name, worst, mpmath.mpf("0.1") / mpmath.sqrt(shape[1])))
        fired = [r for r in rows if r[1] < r[2]]
        return bool(fired), ("at 50 digits: " + "; ".join(f"{n} view max|cos| = {mpmath.nstr(c, 6)} vs threshold "
                                                          f"{mpmath.nstr(t, 6)}" for n, c, t in rows))


@T.COSINE_SELECTIVE.check(given={"seed": st.integers(0, 2**32 - 1), "fit": st.booleans()}, examples=30,
                          confirm=_confirm_selective, tolerance="none: which view fires is a yes/no outcome")
def never_fires_without_normalization(subject, ev, seed, fit):
    """One SGDP step on a linear layer without normalization (targets random or fitted): no view may fire."""
    net, W = _fitted_net(seed, fit)
    w = W.copy()
    opt = subject([w], lr=0.1)
    opt.step([net.grad(W)])
    ev.that(opt.last_projection[0][0] is None, f"the {opt.last_projection[0][0]} view fired on a layer "
            f"without normalization (fitted targets: {fit})")


@T.COSINE_FALSE_ALARM.check(given={"seed": st.integers(0, 2**32 - 1), "m": st.integers(1, 4), "n": st.integers(2, 16)},
                            examples=10, min_valid=5,
                            tolerance="5 binomial standard errors around [max(p_C, p_L), p_C + p_L], 400 draws",
                            false_alarm_rate=6e-7, power="no_absolute_value fires ≈ 50%, threshold_delta ≥ 30%: "
                            "both ≫ 8% + 5 SE ≈ 15%")
def monte_carlo_firing_rate(subject, ev, seed, m, n):
    """The fraction of isotropic random gradients on which the test fires lies within the stated bounds."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(m, n))
    opt = subject([w.copy()], lr=0.1)
    draws = 400
    fired = sum(opt.project(w, g, g.copy())[2] is not None for g in rng.normal(size=(draws, m, n)))
    rate = fired / draws
    lo, hi = T.false_alarm_bounds(m, n, opt.delta)
    sd_lo = math.sqrt(max(lo * (1 - lo), 1 / draws) / draws)
    sd_hi = math.sqrt(max(hi * (1 - hi), 1 / draws) / draws)
    ev.metric("bounds", [lo, hi])
    ev.le(lo - 5 * sd_lo, rate, what="rate ≥ lower bound − 5 SE", context=f"m={m}, n={n}")
    ev.le(rate, hi + 5 * sd_hi, what="rate ≤ upper bound + 5 SE", context=f"m={m}, n={n}")


# -- the released rule on hand-built cases (each case's outcome is known without running the rule) ----


@T.SGDP_RULES.check(tolerance="none: which view fires is a yes/no outcome")
def views_follow_the_invariance(subject, ev):
    """BatchNorm rows are each ⊥ their gradient → channel view; LayerNorm only as a whole → layer view;
    no normalization → no view (nets of seeds 0–4, one step from a zero buffer)."""
    for seed in range(5):
        for norm, expected in (("batch", "channel"), ("layer", "layer"), ("none", None)):
            net, W = random_net(seed, norm=norm)
            g = net.grad(W)
            rows = np.abs(np.sum(W * g, axis=1)) / (np.linalg.norm(W, axis=1) * np.linalg.norm(g, axis=1))
            if norm == "layer" and np.max(rows) < 0.1 / np.sqrt(W.shape[1]):
                continue  # rows happen to look orthogonal: the channel view would rightly fire
            if norm == "none" and abs(np.sum(W * g)) / (np.linalg.norm(W) * np.linalg.norm(g)) < 0.1 / np.sqrt(W.size):
                continue  # a chance false alarm, the subject of scale_invariance.cosine_test_false_alarm
            opt = subject([W.copy()], lr=0.1, momentum=0.9)
            opt.step([g])
            ev.that(opt.last_projection[0][0] == expected,
                    f"{norm}norm net (seed {seed}): view {opt.last_projection[0][0]!r}, expected {expected!r}")


@T.SGDP_RULES.check(tolerance="1e-15 relative: the same three float operations")
def one_dimensional_parameters_untouched(subject, ev):
    """A bias vector with a zero gradient is never projected: ratio 1, b ← b(1 − lr·wd/(1 − m))."""
    b0 = np.array([0.5, -1.0, 2.0])
    b = b0.copy()
    opt = subject([b], lr=0.1, momentum=0.5, weight_decay=0.1)
    opt.step([np.zeros(3)])
    ev.that(opt.last_projection[0] == (None, 1.0), f"1-D parameter: projection record {opt.last_projection[0]}")
    ev.close(b, b0 * (1 - 0.1 * 0.1 / 0.5), rtol=1e-15, what="decayed bias")


@T.SGDP_RULES.check(tolerance="none: exact float equality cos = threshold = 0.6")
def strict_threshold(subject, ev):
    """|cos| equal to delta/√n does not fire (w = e_1, g = (3, 4, 0, 0), delta = 1.2, n = 4: both 0.6);
    delta = 0 never fires, not even on a zero gradient."""
    w = np.array([[1.0, 0.0, 0.0, 0.0]])
    opt = subject([w.copy()], lr=0.1, delta=1.2)
    opt.step([np.array([[3.0, 4.0, 0.0, 0.0]])])
    ev.that(opt.last_projection[0][0] is None, "fired at |cos| = threshold")
    opt = subject([w.copy()], lr=0.1, delta=0.0)
    opt.step([np.zeros((1, 4))])
    ev.that(opt.last_projection[0][0] is None, "fired with delta = 0 on a zero gradient")


@T.SGDP_RULES.check(tolerance="none: yes/no outcomes")
def absolute_and_scaled_cosine(subject, ev):
    """An anti-parallel gradient (cos = −1) does not fire; cos = 0.05 on a row of 16 (threshold 0.1/4) does not fire."""
    opt = subject([np.ones((1, 2))], lr=0.1)
    opt.step([-np.ones((1, 2))])
    ev.that(opt.last_projection[0][0] is None, "fired on cos = −1")
    w = np.zeros((1, 16))
    w[0, 0] = 1.0
    g = np.zeros((1, 16))
    g[0, 0], g[0, 1] = 0.05, math.sqrt(1 - 0.05**2)
    opt = subject([w.copy()], lr=0.1)
    opt.step([g])
    ev.that(opt.last_projection[0][0] is None, "fired on |cos| = 0.05 > 0.1/√16")


@T.SGDP_RULES.check(tolerance="1e-12 absolute: one projection in float64 (eps = 1e-30, see TINY_EPS)")
def raw_gradient_decides_and_buffer_is_projected(subject, ev):
    """Zero gradient, radial momentum buffer: the test (on the raw gradient) fires, the radial update is removed
    (w unchanged) and the stored buffer is left ⊥ w, as the release projects it in place."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    w = W.copy()
    opt = subject([w], lr=0.1, momentum=0.9, eps=TINY_EPS)
    opt.state[0]["momentum"] = 0.5 * W
    opt.step([np.zeros_like(W)])
    ev.that(opt.last_projection[0][0] == "channel", f"view {opt.last_projection[0][0]!r} on a zero gradient")
    ev.close(w, W, atol=1e-12, what="weights after a purely radial update")
    ev.close(np.sum(opt.state[0]["momentum"] * W, axis=1), np.zeros(2), atol=1e-12, what="stored buffer · w rows")


@T.SGDP_RULES.check(tolerance="1e-12 relative: a few float64 operations")
def decay_factor_and_ratio(subject, ev):
    """Decoupled decay: w ← w(1 − lr·wd·ratio/(1 − m)) − lr·g on the first step, ratio 1 when nothing fires
    (gradient along w) and wd_ratio when the channel view fires (gradient ⊥ every row)."""
    lr, wd, m = 0.1, 0.01, 0.9
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    for g, ratio in ((0.3 * W, 1.0), (np.array([[2.0, -1.0], [1.0, 3.0]]), 0.1)):
        w = W.copy()
        opt = subject([w], lr=lr, momentum=m, weight_decay=wd)
        opt.step([g])
        ev.close(w, W * (1 - lr * wd * ratio / (1 - m)) - lr * g, rtol=1e-12, atol=1e-14,
                 what=f"weights after one step (ratio {ratio})")
