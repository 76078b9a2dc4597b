"""Checks of the released computation: steps 1–5 (bnpo_advantages) and V8, the advantage
decomposition (step 6), against the exact-rational / 30-digit reference on random batches."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.bnpo import claims as C
from .reference import reference_advantages
from .strategies import EQUAL_P_HAT_ROUNDED, batches


@C.RELEASED.check(given={"batch": batches()}, examples=40,
                  precision="exact rationals (moments) and mpmath 30 digits (density)",
                  tolerance="1e-9 relative to max|A| (≥ 1e-12 absolute): float64 log-density roundoff amplified "
                            "by the exponent α − 1 ≤ 10⁴")
def matches_exact_reference(subject, ev, batch):
    """bnpo_advantages equals an exact-rational / 30-digit reference of steps 1–5 on random batches."""
    ids, rewards = batch
    ref, zero_var = reference_advantages(ids, rewards, 4)
    ev.assume(not zero_var)
    got = subject(ids, rewards, reward_range=(0.0, 4.0)).advantages
    truth = np.array([float(x) for x in ref])
    scale = max(1e-3, float(np.max(np.abs(truth))))
    ev.close(got, truth, atol=1e-9 * scale, what="advantages", context=f"ids={ids}, rewards={rewards}")


@st.composite
def component_batches(draw: st.DrawFn) -> tuple[list[int], list[list[int]]]:
    """(prompt ids, K = 1–3 binary reward components of the same responses)."""
    ids, first = draw(batches(levels=1))
    k = draw(st.integers(1, 3))
    more = [draw(st.lists(st.integers(0, 1), min_size=len(ids), max_size=len(ids))) for _ in range(k - 1)]
    return ids, [first, *more]


@C.DECOMPOSITION.check(given={"batch": component_batches()}, examples=20,
                       precision="exact rationals and mpmath 30 digits per component",
                       tolerance="1e-9 relative to max|A|: float64 log-density roundoff",
                       regressions=[{"batch": (EQUAL_P_HAT_ROUNDED[0], [EQUAL_P_HAT_ROUNDED[1]])}])
def mean_of_component_references(subject, ev, batch):
    """The decomposed advantage equals the mean over components of the exact per-component reference."""
    ids, comps = batch
    k = len(comps)
    refs = [np.array([float(x) for x in reference_advantages(ids, c, 1)[0]]) for c in comps]
    truth = np.mean(refs, axis=0)
    got = subject(ids, np.array(comps, dtype=float).T).advantages
    scale = max(1e-3, float(np.max(np.abs(truth))))
    ev.close(got, truth, atol=1e-9 * scale, what="decomposed advantages", context=f"K={k}, ids={ids}, rewards={comps}")
