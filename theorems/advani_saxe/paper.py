"""The paper of the advani_saxe family: M. S. Advani, A. M. Saxe, arXiv 1710.03667."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="High-dimensional dynamics of generalization error in neural networks",
    authors=("Madhu S. Advani", "Andrew M. Saxe"),
    year=2017,
    arxiv="1710.03667",
    code=None,
)
