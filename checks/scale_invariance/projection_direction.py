"""Checks of S7 (the projection keeps the update direction): the SGDP step against the plain momentum
step on the tiny nets, and the released view selection on a LayerNorm net (exact rationals).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...fixtures.normalization import random_net
from ...theorems.scale_invariance import claims as C
from ...theorems.scale_invariance.library import SGDP
from .invariance_blocks import TINY_EPS, _blocks


def _tangent(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Π_w x = x − (w·x/‖w‖²) w."""
    return x - (np.sum(w * x) / np.sum(w * w)) * w


@C.SGDP_DIRECTION.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
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
    ev.show("W", W)
    ev.show("gradient", g)
    ev.show("momentum buffer before the step", buf0)
    ev.show("view that fired", view)
    ev.show("SGDP step", w - W)
    ev.show("plain momentum step", plain - W)
    for b in _blocks(norm, W.shape):
        ev.close(_tangent(W[b], w[b] - W[b]), _tangent(W[b], plain[b] - W[b]), atol=1e-10 * size,
                 what="tangent part of the step", context=f"{norm}norm, view {view}, lr={lr:.3g}",
                 labels=("tangent part of the SGDP step", "tangent part of the plain step"))


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


@C.SGDP_DIRECTION_RELEASED.check(confirm=_confirm_misfired_view,
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
    ev.metric("first_seed", seed)
    ev.metric("view_that_fired", opt.last_projection[0][0])
    ev.show("W", W)
    ev.show("gradient", g)
    ev.show("view that fired", opt.last_projection[0][0])
    ev.show("tangent part of the SGDP step", _tangent(W, w - W))
    ev.show("tangent part of the plain step", _tangent(W, -lr * g))
    size = lr * float(np.sqrt(np.sum(g * g)))
    ev.close(_tangent(W, w - W), _tangent(W, -lr * g), atol=1e-10 * size,
             what="tangent part of the step (whole matrix)", context=f"seed {seed}, channel view fired",
             labels=("tangent part of the SGDP step", "tangent part of the plain step"))
