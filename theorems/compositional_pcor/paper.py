"""The source of the compositional_pcor claims: I. Erb, arXiv 1904.09480 (2019; ACAGS 6, 2020, 100026)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Partial Correlations in Compositional Data Analysis",
    authors=("Ionas Erb",),
    year=2020,
    arxiv="1904.09480",
    code=None,
)
