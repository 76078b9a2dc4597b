"""The paper of the cs_divergence family: S. Yu, X. Yu, S. Løkse, R. Jenssen, J. C. Príncipe, arXiv 2404.17951."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Cauchy-Schwarz Divergence Information Bottleneck for Regression",
    authors=("Shujian Yu", "Xi Yu", "Sigurd Løkse", "Robert Jenssen", "José C. Príncipe"),
    year=2024,
    arxiv="2404.17951",
    code="https://github.com/SJYuCNEL/Cauchy-Schwarz-Information-Bottleneck",
)
