"""Hypothesis strategies shared by the S5 (momentum) and S6 (growth factor) checks."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st


@st.composite
def _rational_beta(draw: st.DrawFn) -> Fraction:
    return Fraction(draw(st.integers(0, 999)), 1000)
