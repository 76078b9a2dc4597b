"""rDPO: an unbiased DPO loss under random preference flips.

S. R. Chowdhury, A. Kini, N. Natarajan, "Provably Robust DPO: Aligning Language Models with Noisy Feedback", arXiv
2403.00409 (ICML 2024). No author code was found; the loss is released in Hugging Face TRL's DPOTrainer
(``loss_type="robust"``, with ``label_smoothing`` as ε), next to cDPO (``loss_type="sigmoid"`` with label smoothing).
The paper body was not read: theorem numbers and constants are not confirmed, the abstract is quoted, and each claim
says where its wording comes from.

Statements covered (R1–R8 of the specification):

* R1: unbiasedness of the loss (``robust_dpo.unbiased_loss``) and of its gradient (``robust_dpo.unbiased_gradient``);
* R2: the bias of cDPO (``robust_dpo.cdpo_bias``) and its per-sample minimiser (``robust_dpo.cdpo_minimiser``);
* R3: the gradient weight ζ (``robust_dpo.gradient_weight``), its sign and infimum
  (``robust_dpo.gradient_weight_infimum``);
* R4: the curvature equals the clean loss's (``robust_dpo.same_curvature``);
* R5: no finite minimiser over ℝ^d in general (``robust_dpo.unconstrained_minimiser``) and the recession slope that
  decides it (``robust_dpo.recession_slope``);
* R6: the flip variance (``robust_dpo.flip_variance``) and ε > 1/2 (``robust_dpo.unbiased_beyond_half``);
* R7: the synthetic reproduction (``robust_dpo.rate_root_n``, ``robust_dpo.rate_eps_factor``,
  ``robust_dpo.dpo_plateau``);
* R8: the released code (``robust_dpo.trl_robust_is_rdpo``, ``robust_dpo.trl_sigmoid_is_cdpo``,
  ``robust_dpo.trl_robust_at_half``);
* the library (``robust_dpo.library_rdpo_loss``, ``robust_dpo.library_validates``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.rdpo_loss`, :func:`~.library.cdpo_loss`,
  :func:`~.library.dpo_loss`, :func:`~.library.rdpo_gradient_weight`, :func:`~.library.rdpo_flip_variance`);
* ``library_variants``: plausible bugs in the library, the mutants of its claims;
* ``formulas``: the losses as sympy expressions and float64/mpmath functions, the port of TRL's lines, the mutants;
* ``reproduction``: the synthetic BTL protocol and its Newton fits;
* ``claims_loss``, ``claims_minimiser``, ``claims_reproduction``, ``claims_release``: the claims by topic;
* ``derivations``: the sympy derivations.
"""
