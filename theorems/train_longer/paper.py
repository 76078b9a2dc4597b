"""The paper of the train_longer family: E. Hoffer, I. Hubara, D. Soudry, arXiv 1705.08741 (NeurIPS 2017)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Train longer, generalize better: closing the generalization gap in large batch training of neural "
          "networks",
    authors=("Elad Hoffer", "Itay Hubara", "Daniel Soudry"),
    year=2017,
    arxiv="1705.08741",
    code="https://github.com/eladhoffer/bigBatch",
)
