"""Hypothesis strategies for the softening_operators checks: probability vectors with ties and zeros,
log-uniform temperatures, integer weight vectors for exact rationals."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

#: A probability vector from Dirichlet(α), α ∈ [0.05, 10] log-uniform, V ∈ [2, 50], with ties and zeros
#: forced on request (a copied entry, zeroed entries; at least one positive entry is kept).
dirichlet_cases = {"V": st.integers(2, 50), "seed": st.integers(0, 2**32 - 1),
                   "log_alpha": st.floats(np.log10(0.05), 1.0), "ties": st.booleans(), "zeros": st.booleans()}


def dirichlet_p(V, seed, log_alpha, ties, zeros) -> np.ndarray:
    """The vector of a ``dirichlet_cases`` draw (float64, summing to 1 up to rounding)."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(V, 10.0**log_alpha))
    p = np.maximum(p, 1e-300)  # Dirichlet(0.05) can round entries to 0; zeros come only from the flag
    if ties and V >= 3:
        i, j = rng.choice(V, 2, replace=False)
        p[j] = p[i]
    if zeros and V >= 3:
        k = int(rng.integers(1, V - 1))
        p[rng.choice(V, k, replace=False)] = 0.0
    return p / p.sum()


#: Log-uniform temperatures in [10⁻³, 10³].
temperatures = st.floats(-3.0, 3.0).map(lambda e: 10.0**e)

#: Integer weights 0..4 on 2..6 classes, not all zero: ties and zeros are frequent (exact rationals).
weights = st.lists(st.integers(0, 4), min_size=2, max_size=6).filter(lambda w: sum(w) > 0)


def as_simplex(w) -> list[Fraction]:
    """Integer weights as an exact probability vector."""
    s = sum(w)
    return [Fraction(x, s) for x in w]
