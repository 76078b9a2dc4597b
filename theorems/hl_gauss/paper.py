"""The paper of the hl_gauss family: Farebrother et al., "Stop Regressing", arXiv 2403.03950 (ICML 2024)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Stop Regressing: Training Value Functions via Classification for Scalable Deep RL",
    authors=("Jesse Farebrother", "Jordi Orbay", "Quan Vuong", "Adrien Ali Taïga", "Yevgen Chebotar", "Ted Xiao",
             "Alex Irpan", "Sergey Levine", "Pablo Samuel Castro", "Aleksandra Faust", "Aviral Kumar",
             "Rishabh Agarwal"),
    year=2024,
    arxiv="2403.03950",
    code=None,
)
