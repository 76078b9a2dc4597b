"""Check of the floor variant in float32 (X7, measured): the kernels' polynomial on [0, ln 2)."""

from __future__ import annotations

import numpy as np

from ...theorems.two_pass_softmax import claims_float32 as C
from ...theorems.two_pass_softmax import exact as E
from ...theorems.two_pass_softmax import kernel as K
from .strategies import F32

#: Two-entry vectors (x, 0) with x on a grid of [−0.35, 1.05]: the reduced argument of x sweeps [0, ln 2) twice.
GRID = np.linspace(-0.35, 1.05, 71).astype(F32)


def _worst(fn):
    errs = []
    for x in GRID:
        v = np.array([x, 0.0], dtype=F32)
        y = fn(v)
        ref = E.three_pass_float64(v)
        errs.append(float(np.max(np.abs(y - ref) / ref)))
    k = int(np.argmax(errs))
    return errs[k], float(GRID[k])


def _confirm_floor(subject):
    _, x = _worst(subject)
    v = np.array([x, 0.0], dtype=F32)
    y = subject(v)
    truth = [float(t) for t in E.softmax_mp(v, 40)]
    rel = max(abs(float(a) - b) / b for a, b in zip(y, truth))
    return rel > (1 + 10) * 2.0**-24, f"x = ({x!r}, 0): 40-digit softmax {truth}, floor variant {y.tolist()}"


@C.FLOOR32.check(precision="float64 Three-Pass reference; mpmath 40 digits for the witness",
                 tolerance=r"$(\lceil N/8\rceil + 10)\,2^{-24} = 11 \cdot 2^{-24}$ for $N = 2$", confirm=_confirm_floor)
def floor_in_float32(subject, ev):
    r"""On $(x, 0)$ for 71 values of $x$ in $[-0.35, 1.05]$, the floor variant stays within $11 \cdot 2^{-24}$ of the
    reference (the rounding variant's bound for $N = 2$)."""
    worst, x = _worst(subject)
    worst_exp, _ = _worst(lambda v: K.two_pass(v, exp=K.correctly_rounded_exp, reduction=K.round_floor))
    ev.metric("worst_ulps", round(worst / C.ULP, 1))
    ev.metric("exp_worst_ulps", round(worst_exp / C.ULP, 2))
    v = np.array([x, 0.0], dtype=F32)
    ev.show("x", v)
    ev.show("floor variant", subject(v))
    ev.show("Three-Pass reference", E.three_pass_float64(v))
    ev.le(worst, 11 * 2.0**-24, what="relative error", labels=("worst relative error", "11·2^-24"))
