"""The contrastive loss is hardness-aware; the temperature's role, uniformity and tolerance.

F. Wang, H. Liu, "Understanding the Behaviour of Contrastive Loss", arXiv 2012.09740 (CVPR 2021). No code was
released. The abstract's claims are quoted; the gradient formulas and the limits are the specification's
reconstruction of Sec. 3.1 (one sentence pinned from the paper's text, equation numbers not confirmed), and each
claim says where its wording comes from.

Statements covered (C1–C7 of the specification):

* C1: the gradients ∂L_i/∂s_ii = −(1/τ) Σ_k P_ik and ∂L_i/∂s_ij = P_ij/τ (``contrastive_hardness.gradient_formulas``);
* C2: the positive gradient's magnitude equals the sum of the negative gradients (``gradient_balance``), and still
  does with the positive dropped from the denominator (``gradient_balance_without_positive``);
* C3: the relative penalty r_i is a Boltzmann distribution increasing in s_ij, as stated for every K
  (``penalty_increasing``, refuted at K = 1) and for K ≥ 2 (``penalty_increasing_two_negatives``); its entropy is
  strictly increasing in τ as stated (``entropy_increasing``, refuted at ties and K = 1), non-decreasing in general
  (``entropy_nondecreasing``), with dH/dτ = Var_r(s)/τ³ (``entropy_slope``);
* C4: τL_i → max(0, max_k s_ik − s_ii) as τ → 0⁺ (``low_temperature_limit``) within τ log(K + 1)
  (``low_temperature_bound``);
* C5: τ(L_i − log(K + 1)) → (K/(K + 1))(s̄ − s_ii) as τ → ∞ (``high_temperature_first_order``);
* C6: the simple loss gives every negative the weight λ (``simple_loss_equal_weights``); no finite τ does
  (``softmax_weights_unequal``);
* C7: the uniformity-tolerance dilemma on a synthetic analogue, as stated along the whole temperature grid
  (``uniformity_tolerance_monotone``) and at its ends (``uniformity_tolerance_endpoints``);
* the library's conformance (``library_loss_and_gradient``, ``library_hardness``, ``library_uniformity_tolerance``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.contrastive_loss`, :func:`~.library.contrastive_grad`,
  :func:`~.library.hardness_weights`, :func:`~.library.hardness_entropy`, :func:`~.library.uniformity`,
  :func:`~.library.tolerance`), validated;
* ``library_variants``: plausible bugs in the library, the mutants of its conformance claims;
* ``formulas``: the formulas under test in mpmath, and their mutants;
* ``ground_truth``: the independent routes used by the formula claims;
* ``claims_gradient``, ``claims_hardness``, ``claims_limits``, ``claims_reproduction``, ``claims_library``: the
  claims by topic;
* ``derivations``: the sympy derivations.
"""
