"""The paper of the Z-loss family: A. de Brébisson, P. Vincent, arXiv 1604.08859 (2016)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="The Z-loss: a shift and scale invariant classification loss belonging to the Spherical Family",
    authors=("Alexandre de Brébisson", "Pascal Vincent"),
    year=2016,
    arxiv="1604.08859",
    code=None,
)
