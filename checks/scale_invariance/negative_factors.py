"""Check of the scale-invariance definition (§2) extended to negative factors c < 0 on a LayerNorm net,
with failures re-verified at 50 digits.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...fixtures.normalization import random_net
from ...theorems.scale_invariance import claims as C


def _layernorm_loss_mp(net, W: np.ndarray, dps: int = 50) -> mpmath.mpf:
    """The LayerNorm net's loss at ``dps`` digits (object arrays of mpmath numbers)."""
    with mpmath.workdps(dps):
        to_mp = np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])
        from ...fixtures.normalization import TinyNet

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


@C.NEGATIVE_SCALE.check(given={"seed": st.integers(0, 2**32 - 1),
                                "c": st.one_of(st.floats(-10.0, -0.1), st.floats(0.1, 10.0))},
                        examples=40, confirm=_confirm_negative_scale,
                        tolerance="relative 1e-10: LayerNorm forward roundoff")
def rescaled_loss_equals_original(subject, ev, seed, c):
    r"""$f(cW) = f(W)$ on a LayerNorm net for the drawn non-zero $c$: the claim predicts $f(W)$ for $f(cW)$."""
    net, W = random_net(seed, norm="layer")
    f_w, f_cw = float(net.loss(W)), float(net.loss(c * W))
    ev.show("W", W)
    ev.show("X (inputs)", net.X)
    ev.show("V (head)", net.V)
    ev.show("T (targets)", net.T)
    ev.show("cW", c * W)
    ev.show("f(W)", f_w)
    ev.show("f(cW)", f_cw)
    ev.close(f_w, f_cw, rtol=1e-10, what="f(cW)", context=f"c={c:.4g}", labels=("f(W)", "f(cW)"))
