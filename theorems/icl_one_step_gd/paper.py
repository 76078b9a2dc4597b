"""The paper of the icl_one_step_gd family: Mahankali, Hashimoto, Ma, arXiv 2307.03576 (ICLR 2024)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="One Step of Gradient Descent is Provably the Optimal In-Context Learner with One Layer of Linear "
          "Self-Attention",
    authors=("Arvind Mahankali", "Tatsunori B. Hashimoto", "Tengyu Ma"),
    year=2023,
    arxiv="2307.03576",
    code=None,
)
