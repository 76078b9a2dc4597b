"""The paper of the hypernet_mip family: Gonzalez Ortiz, Guttag, Dalca, "Magnitude Invariant Parametrizations Improve
Hypernetwork Learning" (arXiv 2304.07645, ICLR 2024), with the release github.com/JJGO/hyperlight (commit a3e2108):
``hyperlight/hypernet/encoding.py``, ``hyperlight/hypernet/model.py``, ``hyperlight/hypernet/initialization.py``."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Magnitude Invariant Parametrizations Improve Hypernetwork Learning",
    authors=("Jose Javier Gonzalez Ortiz", "John Guttag", "Adrian V. Dalca"),
    year=2024,
    arxiv="2304.07645",
    code="https://github.com/JJGO/hyperlight",
)
