"""The paper of the NPO family: R. Zhang, L. Lin, Y. Bai, S. Mei, arXiv 2404.05868 (2024)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Negative Preference Optimization: From Catastrophic Collapse to Effective Unlearning",
    authors=("Ruiqi Zhang", "Licong Lin", "Yu Bai", "Song Mei"),
    year=2024,
    arxiv="2404.05868",
    code="https://github.com/licong-lin/negative-preference-optimization",
)
