"""The paper of the dae_score family: G. Alain and Y. Bengio, arXiv 1211.4246 (JMLR 15, 2014)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="What Regularized Auto-Encoders Learn from the Data Generating Distribution",
    authors=("Guillaume Alain", "Yoshua Bengio"),
    year=2014,
    arxiv="1211.4246",
)
