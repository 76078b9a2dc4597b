"""The paper of the BNPO family: Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization"
(arXiv 2506.02864, 2025), with the authors' released code."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="BNPO: Beta Normalization Policy Optimization",
    authors=("Changyi Xiao", "Mengdi Zhang", "Yixin Cao"),
    year=2025,
    arxiv="2506.02864",
    code="https://github.com/changyi7231/BNPO",
)
