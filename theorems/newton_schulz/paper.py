"""The paper of the Newton–Schulz family: Lu, Zhang, Zhu, Feng, Xiang, Zhang, "Softmax-free Linear
Transformers" (arXiv 2207.03341, IJCV 2024), the journal extension of SOFT (NeurIPS 2021, arXiv
2110.11945), with the authors' release (github.com/fudan-zvg/SOFT, master d3febc3)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Softmax-free Linear Transformers",
    authors=("Jiachen Lu", "Junge Zhang", "Xiatian Zhu", "Jianfeng Feng", "Tao Xiang", "Li Zhang"),
    year=2024,
    arxiv="2207.03341",
    code="https://github.com/fudan-zvg/SOFT",
)
