"""The Cauchy–Schwarz divergence of the CS-IB paper: its properties, its relation to KL, and the released estimators.

S. Yu, X. Yu, S. Løkse, R. Jenssen, J. C. Príncipe, "Cauchy-Schwarz Divergence Information Bottleneck for
Regression", arXiv 2404.17951 (ICLR 2024); code github.com/SJYuCNEL/Cauchy-Schwarz-Information-Bottleneck
(``loss_cs.py`` at commit 1789cd50, ``Two_Gaussian_example/`` at commit ee3142fb). The paper body could not be read:
statements S1–S4 are the specification's reconstruction and their claims say so; S3's exact proposition
(direction, conditions) is unconfirmed, so every reading is a claim.

Statements covered (S1–S9 of the specification):

* S1: symmetry, non-negativity, zero iff p = q, scale invariance (``cs_divergence.properties``);
* S2: the Gaussian closed form in one dimension (``cs_divergence.gaussian_closed_form_1d``) and in any dimension
  (``cs_divergence.gaussian_closed_form``);
* S3: D_CS ≤ KL(p‖q) (``cs_divergence.kl_upper_bound``, false; refined by ``cs_divergence.kl_bound_wider_p``),
  D_CS ≤ min of the KLs (``cs_divergence.kl_min_bound``, false; refined by
  ``cs_divergence.kl_min_bound_same_mean_or_covariance``), D_CS ≤ half the symmetrised KL
  (``cs_divergence.kl_symmetric_bound``), D_CS = KL at equal covariances (``cs_divergence.kl_equal_covariance``);
* S4: the plug-in estimator is non-negative (``cs_divergence.kde_nonnegative``) and consistent
  (``cs_divergence.kde_consistent``);
* S5: the released CS_QMI is non-negative (``cs_divergence.cs_qmi_nonnegative``) and is the CS divergence of kernel
  density estimates of bandwidth σ/√2, in bits (``cs_divergence.cs_qmi_is_kde_divergence``);
* S6: the default width is not scale invariant (``cs_divergence.cs_qmi_default_scale_invariant``; refined by
  ``cs_divergence.cs_qmi_distance_median_scale_invariant``) and makes the value vanish on unit-scale data
  (``cs_divergence.cs_qmi_default_vanishes``);
* S7: the unnormalised loss equals the estimator (``cs_divergence.unnormalised_loss_equals_estimator``) and log₂ only
  rescales (``cs_divergence.cs_qmi_log2_rescales``);
* S8: the KL baseline's target is not the stated mixture (``cs_divergence.kl_baseline_target_is_mixture``) but a
  mixture of modes with doubled variance (``cs_divergence.kl_baseline_target_wider_mixture``);
* S9: the two-Gaussian reproduction (``cs_divergence.two_gaussian_covers_both_modes``);
* the library's conformance at every scale (``cs_divergence.library_gaussian``).

Stance and origin: S1–S4 are the paper's (reconstructed; S3's readings are unconfirmed), asserted; S5–S9 concern the
released code and, like the refinements and the library claim, are the suite's (``origin="suite"``).

Modules: ``paper``; ``library`` (what a practitioner calls: :func:`~.library.gaussian_cs_divergence`,
:func:`~.library.kde_cs_divergence`); ``library_variants`` (plausible bugs, the mutants of the estimator claims);
``release`` (a numpy port of the released code); ``formulas`` (the divergences in float64 and mpmath, and their
mutants); ``claims_properties``, ``claims_kl``, ``claims_estimators``, ``claims_release``, ``claims_library``;
``derivations``.
"""
