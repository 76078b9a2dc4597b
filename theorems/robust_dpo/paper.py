"""The paper of the robust_dpo family: S. R. Chowdhury, A. Kini, N. Natarajan, arXiv 2403.00409 (ICML 2024)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Provably Robust DPO: Aligning Language Models with Noisy Feedback",
    authors=("Sayak Ray Chowdhury", "Anush Kini", "Nagarajan Natarajan"),
    year=2024,
    arxiv="2403.00409",
    code=None,
)
