"""Numerical checks of the Layer Normalization §5.1 text (arXiv 1607.06450, S12): "All the normalization
methods are invariant to re-scaling the dataset", and its restriction to BatchNorm and LayerNorm.

Ground truth: the layers evaluated before and after x′ = δx (float64, and 50-digit mpmath for
re-verifying counterexamples).
"""

from __future__ import annotations

import numpy as np

from ...theorems.layernorm import claims as C
from ...theorems.layernorm.table1 import NORM_NAMES
from .cells import SIDES
from .instances import conditioned
from .precision import INV_TOL, confirm_cell
from .strategies import case, factors, seeds


def _confirm_all_methods(subject, seed, delta):
    for norm, fn in subject.items():
        ok, detail = confirm_cell(fn, seed, delta, "data_rescaling")
        if ok:
            return True, f"{NORM_NAMES[norm]}: {detail}"
    return False, "no method differs at 50 digits"


def _dataset_rescaling(subject, ev, seed, delta):
    r"""Each method's features of a random batch are the same before and after re-scaling the dataset by
    $\delta$."""
    X, W, X2, W2 = case(seed, "data_rescaling", delta)
    for name, value in (("X", X), ("W", W), ("δX", X2)):
        ev.show(name, value)
    for norm, fn in subject.items():
        ev.assume(conditioned(norm, X, W))
        H, H2 = fn(X, W), fn(X2, W2)
        ev.show(f"{NORM_NAMES[norm]}: h = f(X, W)", H)
        ev.show(f"{NORM_NAMES[norm]}: h′ = f(δX, W)", H2)
        ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what=f"{NORM_NAMES[norm]} features",
                 context=f"δ={delta:.4g}", labels=SIDES)


C.DATA_RESCALING_ALL.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_all_methods,
                           tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff",
                           name="every_method_unchanged")(_dataset_rescaling)
C.DATA_RESCALING_BL.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_all_methods,
                          tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff",
                          name="batch_and_layer_unchanged")(_dataset_rescaling)
