"""The sources of the kl_dro claims: the LDR losses paper (arXiv 2112.14869), iSogCLR (arXiv 2305.11965)
and TempNet (arXiv 2404.04575)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Label Distributionally Robust Losses for Multi-class Classification: Consistency, Robustness "
          "and Adaptivity",
    authors=("Dixian Zhu", "Yiming Ying", "Tianbao Yang"),
    year=2023,
    arxiv="2112.14869",
    code="https://github.com/Optimization-AI/ICML2023_LDR",
)

ISOGCLR = Paper(
    title="Not All Semantics are Created Equal: Contrastive Self-supervised Learning with Automatic "
          "Temperature Individualization",
    authors=("Zi-Hao Qiu", "Quanqi Hu", "Zhuoning Yuan", "Denny Zhou", "Lijun Zhang", "Tianbao Yang"),
    year=2023,
    arxiv="2305.11965",
    code="https://github.com/Optimization-AI/LibAUC",
)

TEMPNET = Paper(
    title="To Cool or not to Cool? Temperature Network Meets Large Foundation Models via DRO",
    authors=("Zi-Hao Qiu", "Siqi Guo", "Mao Xu", "Tuo Zhao", "Lijun Zhang", "Tianbao Yang"),
    year=2024,
    arxiv="2404.04575",
    code="https://github.com/zhqiu/TempNet",
)
