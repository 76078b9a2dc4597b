"""f-distill: the f-divergence distribution-matching gradient for one-step diffusion distillation.

Y. Xu, W. Nie, A. Vahdat, "One-step Diffusion Models with f-Divergence Distribution Matching", arXiv 2502.15681
(2025); project page research.nvidia.com/labs/genair/f-distill. The released method is NVIDIA FastGen's f-distill
(class ``FdistillModel``, dictionary ``all_f_div_weighting_function``), ported here from the specification's
description of it (file path and version not pinned). The paper body was not read: the gradient formula and the
weighting are reconstructed from the abstract and the released code, and equation numbers are not confirmed.

Statements covered (F1–F8 of the specification):

* F1: the gradient formula is the total derivative (``f_distill.gradient_formula``);
* F2: reverse KL gives h ≡ 1, variational score distillation (``f_distill.vsd_special_case``);
* F3: h(r) = f″(r) r² for each divergence (``f_distill.weight_*``) and the released table up to positive factors
  (``f_distill.released_table_matches``);
* F4: h non-decreasing for the less mode-seeking divergences (``f_distill.weight_increasing``), decreasing for
  softened reverse KL and Neyman χ² (``f_distill.weight_decreasing``);
* F5: h ≥ 0 (``f_distill.weight_nonnegative``);
* F6: the mode-coverage toy (``f_distill.mode_coverage``, ``f_distill.mode_coverage_from_start``);
* F7: the batch-mean normalisation, finite batch (``f_distill.normalised_unbiased``) and large batch
  (``f_distill.normalised_consistent``);
* F8: the weight spread under the logit clamp (``f_distill.weight_spread``) and mis-scaled ratios
  (``f_distill.mis_scaling_invariant``, ``f_distill.mis_scaling_homogeneous``);
* the library (``f_distill.library_*``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.f_weighting`, :func:`~.library.ratio_from_logits`,
  :func:`~.library.normalise_weights`, :func:`~.library.f_distill_gradient`);
* ``library_variants``: plausible bugs in the library, the mutants of its claims;
* ``formulas``: the divergences, their weightings, the gradient integrand and its mutants, the port of the released
  weighting;
* ``coverage``: the mode-coverage toy (grid quadrature, Nelder–Mead, gradient descent);
* ``claims_weights``, ``claims_gradient``, ``claims_release``, ``claims_coverage``, ``claims_library``: the claims;
* ``derivations``: the sympy derivations.
"""
