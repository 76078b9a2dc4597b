"""Hypothesis strategies shared by the advani_saxe checks: seeds, sizes and loads away from 1."""

from __future__ import annotations

from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
variances = st.floats(0.1, 2.0)


@st.composite
def sizes(draw, n_min: int, n_max: int, gap: float = 0.1, load_max: float = 2.0, sides: str = "both"):
    """(N, P) with N in [n_min, n_max] and the load P/N in [0.2, load_max], at least ``gap`` away from 1;
    ``sides`` is "below", "above" or "both" (of α = 1)."""
    n = draw(st.integers(n_min, n_max))
    below = draw(st.booleans()) if sides == "both" else sides == "below"
    load = draw(st.floats(0.2, 1 - gap)) if below else draw(st.floats(1 + gap, load_max))
    p = max(1, round(load * n))
    if abs(p / n - 1) < gap:
        p = int(n * (1 - gap)) if below else int(n * (1 + gap)) + 1
    return n, max(p, 1)


def inputs(seed: int, n: int, p: int):
    """The P × N input matrix with i.i.d. N(0, 1/N) entries drawn from ``seed``."""
    import numpy as np

    return np.random.default_rng(seed).standard_normal((p, n)) / np.sqrt(n)


def nonzero_spectrum(X):
    """The non-zero eigenvalues of XᵀX (of XXᵀ when P < N): the modes that learn; the others are null modes."""
    import numpy as np

    p, n = X.shape
    gram = X @ X.T if p < n else X.T @ X
    return np.clip(np.linalg.eigvalsh(gram), 0.0, None)
