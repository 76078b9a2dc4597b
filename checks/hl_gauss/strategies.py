"""Hypothesis strategies shared by the hl_gauss checks: supports, bin counts, width ratios σ/ς and targets.

A support is drawn as (v_min, log10 of its length); a target as a position in bins, so that the interesting
places (an edge, a quarter bin in, beyond the support) are drawn as often as the bulk.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
lows = st.floats(-1e3, 1e3)
spans = st.floats(-2.0, 3.0).map(lambda e: float(10.0**e))
ratios = st.floats(0.1, 3.0)
fractions_ = st.fractions(Fraction(-50), Fraction(50), max_denominator=64)


def atoms_from(gaps: list[Fraction], start: Fraction) -> list[Fraction]:
    """Increasing atoms start, start + g_1, …"""
    out = [start]
    for g in gaps:
        out.append(out[-1] + g)
    return out


positive_gaps = st.lists(st.fractions(Fraction(1, 16), Fraction(8), max_denominator=16), min_size=1, max_size=8)
