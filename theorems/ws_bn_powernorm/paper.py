"""The two papers of the ws_bn_powernorm family.

* S. Qiao, H. Wang, C. Liu, W. Shen, A. Yuille, "Micro-Batch Training with Batch-Channel Normalization and Weight
  Standardization" (first titled "Weight Standardization"), arXiv 1903.10520; the layer code of
  github.com/joe-siyuan-qiao/WeightStandardization (commit d81e50d, ``README.md``: the PyTorch ``Conv2d.forward``
  and the TensorFlow snippet).
* S. Shen, Z. Yao, A. Gholami, M. W. Mahoney, K. Keutzer, "PowerNorm: Rethinking Batch Normalization in
  Transformers", arXiv 2003.07845 (ICML 2020); github.com/sIncerass/powernorm (commit 9ea6226,
  ``fairseq/modules/norms/mask_powernorm.py``).
"""

from __future__ import annotations

from claimkit import Paper

PAPER_WS = Paper(
    title="Micro-Batch Training with Batch-Channel Normalization and Weight Standardization",
    authors=("Siyuan Qiao", "Huiyu Wang", "Chenxi Liu", "Wei Shen", "Alan Yuille"),
    year=2019,
    arxiv="1903.10520",
    code="https://github.com/joe-siyuan-qiao/WeightStandardization",
)

PAPER_PN = Paper(
    title="PowerNorm: Rethinking Batch Normalization in Transformers",
    authors=("Sheng Shen", "Zhewei Yao", "Amir Gholami", "Michael W. Mahoney", "Kurt Keutzer"),
    year=2020,
    arxiv="2003.07845",
    code="https://github.com/sIncerass/powernorm",
)

#: Said in the notes of every claim whose wording comes from the specification's reconstruction.
RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement as reconstructed from "
                 "the abstract's claim.")
