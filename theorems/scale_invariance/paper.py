"""The paper of the scale-invariance family: Heo et al., "AdamP" (ICLR 2021, arXiv 2006.08217)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights",
    authors=("Byeongho Heo", "Sanghyuk Chun", "Seong Joon Oh", "Dongyoon Han", "Sangdoo Yun",
             "Gyuwan Kim", "Youngjung Uh", "Jung-Woo Ha"),
    year=2021,
    arxiv="2006.08217",
    code="https://github.com/clovaai/AdamP",
)
