"""The paper of the Ghosts-of-Softmax family: P. Sao, arXiv 2603.13552 (2026)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Ghosts of Softmax: Complex Singularities That Limit Safe Step Sizes in Cross-Entropy",
    authors=("Piyush Sao",),
    year=2026,
    arxiv="2603.13552",
    code="https://github.com/piyush314/ghosts-of-softmax",
)
