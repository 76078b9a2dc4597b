"""Checks of the released SGDP projection rule (code v0.3.0, adamp/sgdp.py) on hand-built cases whose
outcome is known without running the rule: views, one-dimensional parameters, the strict threshold,
the absolute scaled cosine, the raw gradient and the in-place buffer projection, the decay factor.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ...fixtures.normalization import random_net
from ...theorems.scale_invariance import claims as C
from .invariance_blocks import TINY_EPS

# -- the released rule on hand-built cases (each case's outcome is known without running the rule) ----


@functools.lru_cache(maxsize=1)
def _invariance_cases() -> tuple[tuple[int, str, str | None, np.ndarray, np.ndarray], ...]:
    """(seed, norm, the view that must fire, W, gradient) for the nets of seeds 0–4, without those whose
    outcome is not decided by their invariance. Computed once per process: the cases do not depend on the
    subject (each run gets its own copies, so nothing a subject does can reach the next run)."""
    cases = []
    for seed in range(5):
        for norm, expected in (("batch", "channel"), ("layer", "layer"), ("none", None)):
            net, W = random_net(seed, norm=norm)
            g = net.grad(W)
            rows = np.abs(np.sum(W * g, axis=1)) / (np.linalg.norm(W, axis=1) * np.linalg.norm(g, axis=1))
            if norm == "layer" and np.max(rows) < 0.1 / np.sqrt(W.shape[1]):
                continue  # rows happen to look orthogonal: the channel view would rightly fire
            if norm == "none" and abs(np.sum(W * g)) / (np.linalg.norm(W) * np.linalg.norm(g)) < 0.1 / np.sqrt(W.size):
                continue  # a chance false alarm, the subject of scale_invariance.cosine_test_false_alarm
            cases.append((seed, norm, expected, W, g))
    return tuple(cases)


@C.SGDP_RULES.check(tolerance="none: which view fires is a yes/no outcome")
def views_follow_the_invariance(subject, ev):
    r"""BatchNorm rows are each $\perp$ their gradient: channel view; LayerNorm only as a whole: layer view;
    no normalization: no view (nets of seeds 0–4, one step from a zero buffer)."""
    for seed, norm, expected, W_case, g_case in _invariance_cases():
        W, g = W_case.copy(), g_case.copy()
        opt = subject([W.copy()], lr=0.1, momentum=0.9)
        opt.step([g])
        ev.show("W", W)
        ev.show("gradient", g)
        ev.that(opt.last_projection[0][0] == expected,
                f"{norm}norm net (seed {seed}): view {opt.last_projection[0][0]!r}, expected {expected!r}")


@C.SGDP_RULES.check(tolerance="1e-15 relative: the same three float operations")
def one_dimensional_parameters_untouched(subject, ev):
    r"""A bias vector with a zero gradient is never projected: ratio 1, $b \leftarrow b\,(1 - \mathrm{lr}\cdot
    \mathrm{wd}/(1 - \mu))$."""
    b0 = np.array([0.5, -1.0, 2.0])
    b = b0.copy()
    opt = subject([b], lr=0.1, momentum=0.5, weight_decay=0.1)
    opt.step([np.zeros(3)])
    ev.that(opt.last_projection[0] == (None, 1.0), f"1-D parameter: projection record {opt.last_projection[0]}")
    ev.close(b, b0 * (1 - 0.1 * 0.1 / 0.5), rtol=1e-15, what="decayed bias")


@C.SGDP_RULES.check(tolerance="none: exact float equality cos = threshold = 0.6")
def strict_threshold(subject, ev):
    r"""$|\cos|$ equal to $\delta/\sqrt{n}$ does not fire ($w = e_1$, $g = (3, 4, 0, 0)$, $\delta = 1.2$, $n = 4$:
    both 0.6); $\delta = 0$ never fires, not even on a zero gradient."""
    w = np.array([[1.0, 0.0, 0.0, 0.0]])
    opt = subject([w.copy()], lr=0.1, delta=1.2)
    opt.step([np.array([[3.0, 4.0, 0.0, 0.0]])])
    ev.that(opt.last_projection[0][0] is None, "fired at |cos| = threshold")
    opt = subject([w.copy()], lr=0.1, delta=0.0)
    opt.step([np.zeros((1, 4))])
    ev.that(opt.last_projection[0][0] is None, "fired with delta = 0 on a zero gradient")


@C.SGDP_RULES.check(tolerance="none: yes/no outcomes")
def absolute_and_scaled_cosine(subject, ev):
    r"""An anti-parallel gradient ($\cos = -1$) does not fire; $\cos = 0.05$ on a row of 16 (threshold
    $0.1/\sqrt{16}$) does not fire."""
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


@C.SGDP_RULES.check(tolerance="1e-12 absolute: one projection in float64 (eps = 1e-30, see TINY_EPS)")
def raw_gradient_decides_and_buffer_is_projected(subject, ev):
    r"""Zero gradient, radial momentum buffer: the test (on the raw gradient) fires, the radial update is removed
    ($w$ unchanged) and the stored buffer is left $\perp w$, as the release projects it in place."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    w = W.copy()
    opt = subject([w], lr=0.1, momentum=0.9, eps=TINY_EPS)
    opt.state[0]["momentum"] = 0.5 * W
    opt.step([np.zeros_like(W)])
    ev.that(opt.last_projection[0][0] == "channel", f"view {opt.last_projection[0][0]!r} on a zero gradient")
    ev.close(w, W, atol=1e-12, what="weights after a purely radial update")
    ev.close(np.sum(opt.state[0]["momentum"] * W, axis=1), np.zeros(2), atol=1e-12, what="stored buffer · w rows")


@C.SGDP_RULES.check(tolerance="1e-12 relative: a few float64 operations")
def decay_factor_and_ratio(subject, ev):
    r"""Decoupled decay: $w \leftarrow w\,(1 - \mathrm{lr}\cdot\mathrm{wd}\cdot\rho/(1 - \mu)) - \mathrm{lr}\, g$ on
    the first step, $\rho = 1$ when nothing fires (gradient along $w$) and $\rho = \text{wd_ratio}$ when the
    channel view fires (gradient $\perp$ every row)."""
    lr, wd, m = 0.1, 0.01, 0.9
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    for g, ratio in ((0.3 * W, 1.0), (np.array([[2.0, -1.0], [1.0, 3.0]]), 0.1)):
        w = W.copy()
        opt = subject([w], lr=lr, momentum=m, weight_decay=wd)
        opt.step([g])
        ev.close(w, W * (1 - lr * wd * ratio / (1 - m)) - lr * g, rtol=1e-12, atol=1e-14,
                 what=f"weights after one step (ratio {ratio})")
