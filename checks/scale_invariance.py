"""Numerical checks of S1–S4 on tiny LayerNorm/BatchNorm nets and generic scale-invariant functions.

Ground truth comes from complex-step derivatives (no analytic gradient is trusted), exact rational
arithmetic, and direct simulation of gradient descent.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.figures import pyplot
from fixtures.normalization import random_net
from fixtures.scale_problems import complex_step_directional, complex_step_grad, scale_problems
from theorems import scale_invariance as T

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
def bound_holds_and_is_tight_to_first_order(subject, ev, norm0, eta, G, steps, seed):
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
        from fixtures.normalization import TinyNet

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
