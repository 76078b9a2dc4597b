"""Checks of the special values (X5): masked logits and very large negative finite values, where the reference
is well defined, and NaN and +∞, where it is not.

Route: the float64 Three-Pass reference on the same inputs (for (0, −∞) it is exactly (1, 0)).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.two_pass_softmax import claims_float32 as C
from ...theorems.two_pass_softmax import exact as E
from .strategies import F32, seeds

#: The masked-logit witness and the large negative finite one.
MASKED_CASES = ([0.0, -np.inf], [0.0, -1e30], [1.0, 2.0, -np.inf, 0.5], [-np.inf, 3.0, -1e30])


def _confirm_masked(subject):
    x = np.array(MASKED_CASES[0], dtype=F32)
    y = subject(x)
    return bool(np.any(np.isnan(y))), f"x = (0, −∞): exact softmax (1, 0), kernels {y.tolist()}"


@C.MASKED.check(precision="float64 Three-Pass reference (exact here: (1, 0))",
                tolerance=r"$8 \cdot 2^{-23}$ relative on the entries above $2^{-125}$, absolute $2^{-125}$ below",
                confirm=_confirm_masked)
def masked_and_large_negative(subject, ev):
    r"""On $(0, -\infty)$, $(0, -10^{30})$ and two longer masked vectors, the kernels' output is finite and matches
    the reference."""
    for case in MASKED_CASES:
        x = np.array(case, dtype=F32)
        y = subject(x)
        ref = E.three_pass_float64(x)
        ev.show("x", x)
        ev.show("kernels", y)
        ev.show("Three-Pass reference", ref)
        ev.finite(ref, "the reference")
        ev.finite(y, "the kernels' output")
        ev.close(y.astype(np.float64), ref, rtol=C.FEW_ULPS * C.ULP, atol=2.0**-125, what="softmax",
                 labels=("kernels", "Three-Pass reference"))


@C.NAN_PROPAGATES.check(given={"seed": seeds, "n": st.integers(1, 40), "value": st.sampled_from(["nan", "inf"])},
                        examples=8, precision="float64 Three-Pass reference", tolerance="none: NaN in every entry")
def nan_everywhere(subject, ev, seed, n, value):
    r"""A vector with one NaN or $+\infty$ entry: the reference and the kernels are NaN in every entry."""
    rng = np.random.default_rng(seed)
    x = (rng.normal(size=n) * 10).astype(F32)
    x[int(rng.integers(n))] = np.float32(value)
    ev.show("x", x)
    ref = E.three_pass_float64(x)
    y = subject(x)
    ev.show("kernels", y)
    ev.that(bool(np.all(np.isnan(ref))), "the reference is NaN in every entry")
    ev.that(bool(np.all(np.isnan(y))), "the kernels return NaN in every entry", claimed=y.tolist(),
            observed=ref.tolist(), labels=("kernels", "Three-Pass reference"))
