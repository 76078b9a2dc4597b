"""The paper of the f_distill family: Y. Xu, W. Nie, A. Vahdat, arXiv 2502.15681 (2025)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="One-step Diffusion Models with f-Divergence Distribution Matching",
    authors=("Yilun Xu", "Weili Nie", "Arash Vahdat"),
    year=2025,
    arxiv="2502.15681",
    code="https://research.nvidia.com/labs/genair/f-distill",
)
