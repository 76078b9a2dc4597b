"""Checks of S8: the per-block norm identity of SGDP and AdamP on the tiny nets, and SGDP's growth
against GD's on mutually orthogonal gradients (re-verified in exact rationals).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...fixtures.normalization import random_net
from ...theorems.scale_invariance import claims as C
from .invariance_blocks import TINY_EPS, _blocks


@C.SGDP_NORM.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                           "momentum": st.floats(0.0, 0.99), "lr": st.floats(1e-3, 0.5),
                           "wd": st.sampled_from((0.0, 1e-3, 0.05)), "nesterov": st.booleans(),
                           "steps": st.integers(1, 6)},
                   examples=12, tolerance="1e-11 × (‖w_t‖² + ‖w_t+1‖²) per block: float64 roundoff")
def sgdp_pythagoras_per_block(subject, ev, seed, norm, momentum, lr, wd, nesterov, steps):
    r"""SGDP on the tiny nets: each block's $\|w_{t+1}\|^2$ equals $(1 - \lambda)^2 \|w_t\|^2 + \mathrm{lr}^2
    \|\tilde d\|^2$, with $\tilde d$ recovered from the step and
    $\lambda = \mathrm{lr}\cdot\mathrm{wd}\cdot\rho/(1 - \mu)$ from the hyperparameters."""
    ev.assume(not nesterov or momentum > 0)
    net, W = random_net(seed, norm=norm)
    w = W.copy()
    opt = subject["SGDP"]([w], lr=lr, momentum=momentum, weight_decay=wd, nesterov=nesterov, eps=TINY_EPS)
    lam = lr * wd * opt.wd_ratio / (1 - momentum)
    _pythagoras(ev, net, w, opt, lam, lambda t: lr, steps, norm, f"SGDP m={momentum:.3g}, lr={lr:.3g}, wd={wd}")


@C.SGDP_NORM.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                           "beta1": st.floats(0.0, 0.99), "lr": st.floats(1e-3, 0.2),
                           "wd": st.sampled_from((0.0, 1e-3, 0.05)), "nesterov": st.booleans(),
                           "steps": st.integers(1, 6)},
                   examples=12, tolerance="1e-11 × (‖w_t‖² + ‖w_t+1‖²) per block: float64 roundoff")
def adamp_pythagoras_per_block(subject, ev, seed, norm, beta1, lr, wd, nesterov, steps):
    r"""AdamP on the tiny nets: the same law with $\lambda = \mathrm{lr}\cdot\mathrm{wd}\cdot\rho$ and step size
    $\mathrm{lr}/(1 - \beta_1^t)$."""
    net, W = random_net(seed, norm=norm)
    w = W.copy()
    opt = subject["AdamP"]([w], lr=lr, betas=(beta1, 0.999), weight_decay=wd, nesterov=nesterov, eps=TINY_EPS)
    lam = lr * wd * opt.wd_ratio
    _pythagoras(ev, net, w, opt, lam, lambda t: lr / (1 - beta1 ** (t + 1)), steps, norm,
                f"AdamP β1={beta1:.3g}, lr={lr:.3g}, wd={wd}")


def _pythagoras(ev, net, w, opt, lam, step_size, steps, norm, context):
    ev.show("W_0", w.copy())
    ev.show("λ", lam)
    for t in range(steps):
        before = w.copy()
        opt.step([net.grad(w)])
        lr_t = step_size(t)
        d = ((1 - lam) * before - w) / lr_t
        ev.show(f"W_{t + 1}", w.copy())
        ev.show(f"view that fired at step {t}", opt.last_projection[0][0])
        for b in _blocks(norm, w.shape):
            nb, na = np.sum(before[b] ** 2), np.sum(w[b] ** 2)
            ev.close((1 - lam) ** 2 * nb + lr_t**2 * np.sum(d[b] ** 2), na, atol=1e-11 * (nb + na),
                     what=f"block ‖w_{t + 1}‖²", context=f"{norm}norm, {context}",
                     labels=("(1 − λ)²‖w_t‖² + lr²‖d̃‖²", "measured ‖w_t+1‖²"))


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


@C.SGDP_AS_GD.check(given={"beta": st.floats(0.05, 0.99), "lr": st.floats(0.01, 0.5), "horizon": st.integers(2, 12)},
                    examples=20, confirm=_confirm_sgdp_as_gd,
                    tolerance="1e-9 relative: float64 roundoff over ≤ 12 steps")
def growth_equals_gd_growth(subject, ev, beta, lr, horizon):
    r"""SGDP and GD (computed here) on the same mutually orthogonal gradients $g_t = e_{t+1}$, $w_0 = e_0$:
    compare the total growths $\|w_T\|^2 - \|w_0\|^2$."""
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
    ev.show("w_T under SGDP", w[0])
    ev.show("w_T under GD", wg[0])
    # the claim predicts GD's growth; the truth is SGDP's measured growth
    ev.close(float(np.sum(wg * wg)) - 1, float(np.sum(w * w)) - 1, rtol=1e-9, what="GD growth vs SGDP growth",
             context=f"β={beta:.4g}, lr={lr:.3g}, T={horizon}",
             labels=("GD's growth ‖w_T‖² − ‖w_0‖²", "SGDP's growth ‖w_T‖² − ‖w_0‖²"))
