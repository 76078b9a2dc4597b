"""The paper of the SELU family: Klambauer, Unterthiner, Mayr, Hochreiter, "Self-Normalizing Neural Networks"
(arXiv 1706.02515, NeurIPS 2017), with the authors' release github.com/bioinf-jku/SNNs (commit bef6071):
``TF_1_x/selu.py`` (the activation and ``dropout_selu``), ``TF_1_x/getSELUparameters.ipynb`` (the solver
``getSeluParameters`` and the closed forms of α01, λ01)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Self-Normalizing Neural Networks",
    authors=("Günter Klambauer", "Thomas Unterthiner", "Andreas Mayr", "Sepp Hochreiter"),
    year=2017,
    arxiv="1706.02515",
    code="https://github.com/bioinf-jku/SNNs",
)
