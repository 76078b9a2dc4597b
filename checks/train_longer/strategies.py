"""Hypothesis strategies for the train_longer checks: sets of per-example gradients, batch sizes, seeds."""

from __future__ import annotations

from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)


@st.composite
def gradient_sets(draw, *, min_n: int = 2, max_n: int = 9, max_d: int = 3, centred: bool | None = None):
    """A tuple of N integer rows g_n ∈ ℤ^d (entries in [−6, 6]), N ∈ [min_n, max_n], d ∈ [1, max_d]. With
    ``centred`` the last row is minus the sum of the others, so that ḡ = 0 exactly; ``None`` draws either. Sets
    whose rows are all equal (no variance) are redrawn."""
    n = draw(st.integers(min_n, max_n))
    d = draw(st.integers(1, max_d))
    centre = draw(st.booleans()) if centred is None else centred
    rows = [tuple(draw(st.integers(-6, 6)) for _ in range(d)) for _ in range(n - 1 if centre else n)]
    if centre:
        rows.append(tuple(-sum(r[j] for r in rows) for j in range(d)))
    if len(set(rows)) == 1:
        rows[0] = tuple(v + 1 for v in rows[0])
        if centre:
            rows[-1] = tuple(-sum(r[j] for r in rows[:-1]) for j in range(d))
    return tuple(rows)


scalar_gradient_sets = gradient_sets(min_n=3, max_n=10, max_d=1)
