"""Hypothesis strategies for the f_distill checks."""

from __future__ import annotations

from hypothesis import strategies as st

from ...theorems.f_distill import formulas as F

divergences = st.sampled_from(sorted(F.F_EXPR))
log_ratios = st.floats(-6.0, 6.0)
seeds = st.integers(0, 2**32 - 1)
released_keys = st.sampled_from(sorted(F.RELEASED_TABLE))
