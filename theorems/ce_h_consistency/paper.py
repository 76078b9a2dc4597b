"""The source of the ce_h_consistency claims: Mao, Mohri & Zhong, arXiv 2304.07288 (ICML 2023); no code release."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Cross-Entropy Loss Functions: Theoretical Analysis and Applications",
    authors=("Anqi Mao", "Mehryar Mohri", "Yutao Zhong"),
    year=2023,
    arxiv="2304.07288",
    code=None,
)
