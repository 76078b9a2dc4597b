"""The paper of the contrastive_hardness family: F. Wang, H. Liu, arXiv 2012.09740 (CVPR 2021)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Understanding the Behaviour of Contrastive Loss",
    authors=("Feng Wang", "Huaping Liu"),
    year=2021,
    arxiv="2012.09740",
    code=None,
)
