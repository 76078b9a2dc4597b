"""Numerical checks of Layer Normalization Table 1 (arXiv 1607.06450): every cell, and the whole table.

Ground truth: the layers evaluated before and after each transformation (float64, and 50-digit
mpmath for re-verifying counterexamples).
"""

from __future__ import annotations

import numpy as np

from ...theorems.layernorm import claims as C
from ...theorems.layernorm.formulas import FEATURES
from ...theorems.layernorm.table1 import NORM_NAMES, TRANSFORMS
from .instances import conditioned, transform_parameters
from .precision import INV_TOL, confirm_cell
from .strategies import case, factors, seeds

#: How the report names the two sides of an invariance.
SIDES = ("h′ = features after", "h = features before")


def show_case(ev, seed: int, tf: str, delta: float, X, W, X2, W2) -> None:
    """Show a case as data: the batch and weights before and after, and what the transformation drew."""
    ev.show("X", X)
    ev.show("W", W)
    for name, value in transform_parameters(tf, X, W, delta, seed).items():
        ev.show(name, value)
    ev.show("X′", X2)
    ev.show("W′", W2)


def _cell_check(claim, norm: str, tf: str) -> None:
    def confirm(subject, seed, delta):
        return confirm_cell(subject, seed, delta, tf)

    def features_unchanged(subject, ev, seed, delta):
        X, W, X2, W2 = case(seed, tf, delta)
        show_case(ev, seed, tf, delta, X, W, X2, W2)
        ev.assume(conditioned(norm, X, W) and conditioned(norm, X2, W2))
        H, H2 = subject(X, W), subject(X2, W2)
        ev.show("h = f(X, W)", H)
        ev.show("h′ = f(X′, W′)", H2)
        ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what="features after the transformation",
                 context=f"{NORM_NAMES[norm]}, {tf}, δ={delta:.4g}", labels=SIDES)

    # The description is read when the check is declared: set it first.
    features_unchanged.__doc__ = (f"{NORM_NAMES[norm]} features of a random batch before and after "
                                  f"{TRANSFORMS[tf]} agree.")
    claim.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=confirm,
                name="features_unchanged", tolerance=f"{INV_TOL:g} absolute on standardized features "
                "(roundoff; ill-conditioned draws rejected)",
                precision="float64; 50-digit mpmath to confirm")(features_unchanged)


for (_norm, _tf), _claim in C.CELLS.items():
    _cell_check(_claim, _norm, _tf)


def _measured_invariance(norm: str, tf: str, seed: int) -> bool | None:
    """True / False from the real layer on one instance; None if the instance is ill-conditioned or ambiguous."""
    X, W, X2, W2 = case(seed, tf, 2.5)
    if not (conditioned(norm, X, W) and conditioned(norm, X2, W2)):
        return None
    H, H2 = FEATURES[norm](X, W), FEATURES[norm](X2, W2)
    diff = float(np.max(np.abs(H2 - H))) / (1 + float(np.max(np.abs(H))))
    if diff <= INV_TOL:
        return True
    if diff >= 1e-4:
        return False
    return None


def every_cell_matches_the_layers(subject, ev):
    """For every (method, transformation) cell and seeds 0–2, the measured invariance equals the table entry."""
    rows = []
    for (norm, tf), entry in subject.items():
        measured = [m for m in (_measured_invariance(norm, tf, s) for s in range(3)) if m is not None]
        ev.that(bool(measured), f"no well-conditioned instance for {norm}/{tf}")
        verdict = all(measured)
        rows.append({"method": NORM_NAMES[norm], "transformation": tf, "table": entry, "measured": verdict})
        ev.that(verdict == entry, f"{NORM_NAMES[norm]} / {tf}: table says {'Invariant' if entry else 'No'}, "
                f"measured {'invariant' if verdict else 'not invariant'}", claimed=entry, observed=verdict,
                labels=("the table's entry (invariant?)", "measured on the layers (invariant?)"))
    ev.table("cells", rows)


_TABLE_TOLERANCE = (f"invariant if max|h′ − h| ≤ {INV_TOL:g}·(1 + max|h|), not if ≥ 1e-4; in between the instance "
                    "is skipped")
for _claim in (C.TABLE_CLAIM, C.TABLE_EXTENSION):
    _claim.check(tolerance=_TABLE_TOLERANCE)(every_cell_matches_the_layers)
