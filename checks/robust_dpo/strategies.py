"""Hypothesis strategies for the robust_dpo checks: the specification's ranges h ∈ [−20, 20], ε ∈ [0, 0.49],
β ∈ [0.01, 10]."""

from __future__ import annotations

from hypothesis import strategies as st

margins = st.floats(-20.0, 20.0)
flip_rates = st.floats(0.0, 0.49)
positive_flip_rates = st.floats(0.01, 0.49)
temperatures = st.floats(0.01, 10.0)
seeds = st.integers(0, 2**32 - 1)
