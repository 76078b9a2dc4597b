"""The paper of the ADAHESSIAN family and its releases.

Z. Yao, A. Gholami, S. Shen, M. Mustafa, K. Keutzer, M. W. Mahoney, "ADAHESSIAN: An Adaptive Second Order
Optimizer for Machine Learning", arXiv 2006.00719 (AAAI 2021). Released code: github.com/amirgholami/adahessian,
read at commit 85ebc00: ``image_classification/optim_adahessian.py`` (PyTorch), ``instruction/adahessian.py``
(PyTorch, configurable spatial block sizes), ``adahessian_tf/adahessian.py`` with its training script
``adahessian_tf/cifar_training_tools.py`` (TensorFlow 2). Also packaged as ``torch_optimizer.Adahessian``
(github.com/jettify/pytorch-optimizer, read at commit 19c3e41; added in commit aa70e93 with the Rosenbrock figure
of its README and ``examples/viz_optimizers.py``).
"""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="ADAHESSIAN: An Adaptive Second Order Optimizer for Machine Learning",
    authors=("Zhewei Yao", "Amir Gholami", "Sheng Shen", "Mustafa Mustafa", "Kurt Keutzer", "Michael W. Mahoney"),
    year=2021,
    arxiv="2006.00719",
    code="https://github.com/amirgholami/adahessian",
)
