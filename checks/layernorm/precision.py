"""The float64 invariance tolerance and the 50-digit re-verification shared by the Layer Normalization
checks (arXiv 1607.06450, Table 1 and §5.1)."""

from __future__ import annotations

import mpmath

from .instances import to_mp
from .strategies import case

#: Standardized features are O(1); float64 roundoff of a standardization whose variance is at least
#: VAR_FLOOR (ill-conditioned draws are rejected) stays below 1e-12; 1e-9 leaves wide headroom while
#: every non-invariance measured here is ≥ 1e-3.
INV_TOL = 1e-9
#: 50-digit re-verification: a difference above 1e-30 is not roundoff (roundoff is ~1e-48).
MP_DIGITS = 50
MP_FLOOR = mpmath.mpf(10) ** -30


def confirm_cell(subject, seed, delta, tf):
    """Whether ``subject`` changes under transformation ``tf`` at 50 digits (a real counterexample), and how much."""
    X, W, X2, W2 = case(seed, tf, delta)
    with mpmath.workdps(MP_DIGITS):
        H = subject(to_mp(X), to_mp(W))
        H2 = subject(to_mp(X2), to_mp(W2))
        diff = max(abs(a - b) for a, b in zip(H.ravel(), H2.ravel()))
        return diff > MP_FLOOR, f"at {MP_DIGITS} digits max |h′ − h| = {mpmath.nstr(diff, 6)}"
