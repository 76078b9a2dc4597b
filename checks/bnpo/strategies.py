"""Hypothesis strategies and instance generators shared by the BNPO checks: Beta shape parameters
and interior points of V1's finite region (V1, V2, V3), seeds for Monte Carlo (V1, V3, V7), random
batches of the released computation (steps 1–5, V8, V9), and the regression batch found by fuzzing
(V8, V9)."""

from __future__ import annotations

import math

from hypothesis import strategies as st


def _log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(math.log(lo), math.log(hi)).map(math.exp)


shape = _log_uniform(0.05, 50.0)
seeds = st.integers(0, 2**32 - 1)


def _inside(a: float, b: float, ua: float, ub: float) -> tuple[float, float]:
    return ua * (a + 3) / 2, ub * (b + 3) / 2


@st.composite
def batches(draw: st.DrawFn, *, max_prompts: int = 6, levels: int = 4) -> tuple[list[int], list[int]]:
    """(prompt ids, integer rewards in 0..levels) with 1–6 responses per prompt, shuffled."""
    n = draw(st.integers(2, max_prompts))
    ids, rewards = [], []
    for q in range(n):
        g = draw(st.integers(1, 6))
        ids += [q] * g
        rewards += draw(st.lists(st.integers(0, levels), min_size=g, max_size=g))
    order = draw(st.permutations(range(len(ids))))
    return [ids[i] for i in order], [rewards[i] for i in order]


#: Found by HypoFuzz: three prompts at p̂ = 2/5, where float64 leaves v ≈ 4.6e-33 instead of 0.
EQUAL_P_HAT_ROUNDED = ([0] * 5 + [1] * 5 + [2] * 5, [0, 0, 0, 1, 1] * 3)
