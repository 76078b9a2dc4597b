"""Numerical checks of Layer Normalization S13 (arXiv 1607.06450): the blocks of W orthogonal to their
gradient, per row as stated and whole-matrix as refined.

Ground truth: complex-step directional derivatives of the loss of a tiny network, re-verified with
50-digit mpmath derivatives.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...fixtures.normalization import TinyNet, random_net
from ...fixtures.scale_problems import complex_step_directional
from ...theorems.layernorm import claims as C
from .instances import conditioned, to_mp
from .precision import MP_DIGITS, MP_FLOOR
from .strategies import seeds


def _confirm_blocks(subject, seed, norm):
    net, W = random_net(seed, norm=norm)
    with mpmath.workdps(MP_DIGITS):
        mp_net = TinyNet(to_mp(net.X), to_mp(net.V), to_mp(net.T), norm=norm)
        Wm = to_mp(W)
        for j, block in enumerate(subject(norm, W.shape)):
            V = to_mp(np.where(block, W, 0.0))
            # mpmath.diff calls the lambda within this iteration, so the late binding of V is harmless.
            slope = mpmath.diff(lambda t: mp_net.loss(Wm + t * V), 0)  # noqa: B023
            if abs(slope) > MP_FLOOR:
                return True, f"block {j}: w_B·∇_B f = {mpmath.nstr(slope, 10)} at {MP_DIGITS} digits"
    return False, "every block is orthogonal at 50 digits"


def _blocks_orthogonal(subject, ev, seed, norm):
    r"""On each block $B$ the subject names, $w_B \cdot \nabla_B f = 0$: the directional derivative of the loss
    (a squared loss on a linear head) along the block's own weights, by complex step, vanishes."""
    net, W = random_net(seed, norm=norm)
    for name, value in (("X", net.X), ("V (linear head)", net.V), ("T (targets)", net.T), ("W", W)):
        ev.show(name, value)
    ev.assume(conditioned(norm if norm != "none" else "layer", net.X, W))
    g = net.grad(W)
    blocks = subject(norm, W.shape)
    slopes = [complex_step_directional(net.loss, W, np.where(block, W, 0.0)) for block in blocks]
    ev.show("blocks (1 = in the block)", np.array(blocks, dtype=int))
    ev.show("w_B·∇_B f per block (complex step)", np.array(slopes))
    for j, (block, measured) in enumerate(zip(blocks, slopes)):
        scale = 1.0 + float(np.sum(np.abs(np.where(block, W, 0.0) * g)))
        ev.close(0.0, measured, atol=1e-9 * scale, what=f"w_B·∇_B f on block {j}", context=f"{norm}norm, seed {seed}",
                 labels=("w_B·∇_B f the claim predicts", "complex-step derivative"))


_S13_GIVEN = {"seed": seeds, "norm": st.sampled_from(("batch", "layer"))}
C.PER_ROW.check(given=_S13_GIVEN, examples=15, confirm=_confirm_blocks, name="blocks_orthogonal",
                tolerance="1e-9 × (1 + Σ|w∘∇f|): complex-step roundoff",
                precision="complex step; 50-digit mpmath.diff to confirm")(_blocks_orthogonal)
C.WHOLE_MATRIX.check(given=_S13_GIVEN, examples=15, confirm=_confirm_blocks, name="blocks_orthogonal",
                     tolerance="1e-9 × (1 + Σ|w∘∇f|): complex-step roundoff",
                     precision="complex step; 50-digit mpmath.diff to confirm")(_blocks_orthogonal)
