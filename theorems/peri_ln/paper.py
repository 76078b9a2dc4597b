"""The paper of the Peri-LN family: J. Kim et al., arXiv 2502.02732 (ICML 2025)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Peri-LN: Revisiting Normalization Layer in the Transformer Architecture",
    authors=("Jeonghoon Kim", "Byeongchan Lee", "Cheonbok Park", "Yeontaek Oh", "Beomjun Kim", "Taehwan Yoo",
             "Seongjin Shin", "Dongyoon Han", "Jinwoo Shin", "Kang Min Yoo"),
    year=2025,
    arxiv="2502.02732",
    code=None,
)
