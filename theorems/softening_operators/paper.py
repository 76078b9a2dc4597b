"""The source of the softening_operators claims: arXiv:2601.03195 (no code release found)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Sparse Knowledge Distillation: A Mathematical Framework for Probability-Domain Temperature Scaling "
          "and Multi-Stage Compression",
    authors=("A. R. Flouro", "S. P. Chadwick"),
    year=2026,
    arxiv="2601.03195",
    code=None,
)
