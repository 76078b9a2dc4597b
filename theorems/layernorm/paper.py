"""The paper: Ba, Kiros, Hinton, "Layer Normalization", arXiv 1607.06450 (2016)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Layer Normalization",
    authors=("Jimmy Lei Ba", "Jamie Ryan Kiros", "Geoffrey E. Hinton"),
    year=2016,
    arxiv="1607.06450",
)
