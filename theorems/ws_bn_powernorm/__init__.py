"""Gradient identities of Weight Standardization, BatchNorm and PowerNorm, and PowerNorm's Lipschitz claim.

S. Qiao, H. Wang, C. Liu, W. Shen, A. Yuille, "Micro-Batch Training with Batch-Channel Normalization and Weight
Standardization" (arXiv 1903.10520), with the layer code of github.com/joe-siyuan-qiao/WeightStandardization
(d81e50d, README.md); S. Shen, Z. Yao, A. Gholami, M. W. Mahoney, K. Keutzer, "PowerNorm: Rethinking Batch
Normalization in Transformers" (arXiv 2003.07845), with github.com/sIncerass/powernorm (9ea6226,
fairseq/modules/norms/mask_powernorm.py). The papers' bodies were not read: the theorem wordings are reconstructed
from the abstracts, and each such claim says so in its notes.

Statements covered (W1–W10 of the specification):

* W1: the WS gradient identity and its bound (``ws_gradient_identity``, ``ws_gradient_bound``);
* W2: the released layers: PyTorch's unbiased std breaks the identity as written (``ws_identity_pytorch_release``)
  and its correction (``ws_identity_pytorch_corrected``); TensorFlow's matches the paper
  (``ws_identity_tensorflow_release``);
* W3: the BN and PN identities (``bn_gradient_identity``, ``pn_gradient_identity``);
* W4: PN's smaller Jacobian norm, false for batches of two (``pn_smaller_jacobian_norm``), true from three on with
  equality at zero batch mean (``pn_smaller_jacobian_norm_b3``), and the two norms in closed form
  (``bn_jacobian_norm``, ``pn_jacobian_norm``);
* W5: the per-instance reading, false (``pn_smaller_gradient_per_instance``), and how often it fails
  (``per_instance_violation_rate``);
* W6: the running statistic (``running_pn_smaller_jacobian_norm``, ``running_pn_condition``);
* W7: the released backward against the exact gradient (``release_backward_exact_warmup``,
  ``release_backward_exact_after_warmup``, both denied by the paper), the gap (``release_backward_gap``), the moving
  average (``ema_gz_tracks``, ``ema_gz_trajectory``) and the group scaling (``release_token_scale_invariance``);
* W8: bounded gradients (``approximate_backward_bounded``) and what bounds them (``approximate_backward_bound``);
* W9: ε > 0 (``bn_identity_with_eps``, ``bn_eps_exact_identity``, ``bn_eps_identity_error``,
  ``ws_release_eps_identity``);
* W10: the digits reproduction (``ws_lowers_gradient_norm``);
* the library (``library_weight_standardization``, ``library_norm_backward``, ``library_jacobian_norms``).

Modules:

* ``paper``: the two paper records;
* ``library``: what a practitioner calls (standardize_weight, standardize_weight_vjp, batch_norm_vjp,
  power_norm_vjp, jacobian_norms), validated and scale-free; ``library_variants``: its plausible bugs;
* ``formulas``: the layers, the identities as stated and their mutants, the closed forms, the ports of the
  released WS layers and of the released PowerNorm with its slips;
* ``ground_truth``: the other routes of the formula claims (singular values, eigenvalues, simulation);
* ``claims_identities`` (W1–W3, W9), ``claims_lipschitz`` (W4–W6), ``claims_release`` (W7, W8),
  ``claims_training`` (W10), ``claims_library``;
* ``derivations``: the sympy derivations.
"""
