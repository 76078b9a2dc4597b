"""The sources of the Lion-𝒦 family.

``PAPER``: L. Chen, B. Liu, K. Liang, Q. Liu, "Lion Secretly Solves Constrained Optimization: As Lyapunov
Predicts", arXiv 2310.05898 (ICLR 2024); no official code. ``LION_PAPER``: X. Chen et al., "Symbolic
Discovery of Optimization Algorithms", arXiv 2302.06675, whose update rule is released in
github.com/google/automl, ``lion/lion_pytorch.py`` (read at commit 87461ee9), ``lion/lion_optax.py`` and
``lion/lion_tf2.py`` (commit 91d02015).
"""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Lion Secretly Solves Constrained Optimization: As Lyapunov Predicts",
    authors=("Lizhang Chen", "Bo Liu", "Kaizhao Liang", "Qiang Liu"),
    year=2023,
    arxiv="2310.05898",
    code=None,
)

LION_PAPER = Paper(
    title="Symbolic Discovery of Optimization Algorithms",
    authors=("Xiangning Chen", "Chen Liang", "Da Huang", "Esteban Real", "Kaiyuan Wang", "Yao Liu", "Hieu Pham",
             "Xuanyi Dong", "Thang Luong", "Cho-Jui Hsieh", "Yifeng Lu", "Quoc V. Le"),
    year=2023,
    arxiv="2302.06675",
    code="https://github.com/google/automl/tree/master/lion",
)
