"""Train longer, generalize better: √M learning rates, regime adaptation, ultra-slow diffusion, Ghost BN.

E. Hoffer, I. Hubara, D. Soudry, "Train longer, generalize better: closing the generalization gap in large batch
training of neural networks", arXiv 1705.08741 (NeurIPS 2017), with the authors' release (github.com/eladhoffer/
bigBatch, commit 0c69f28: main_normal.py, main_gbn.py, utils.py, models/, run_experiments.sh). The paper body was
not read: the covariance formula and the learning-rate rule are worded as the specification reconstructs them
from the abstract and the release; each claim says which.

Statements covered (T1–T8 of the specification):

* T1: the covariance of the mini-batch gradient, as stated and exactly (``train_longer.minibatch_covariance_stated``,
  ``train_longer.minibatch_covariance_exact``);
* T2: the √M rule, as stated and its exact covariance ratio (``train_longer.sqrt_rule_keeps_covariance``,
  ``train_longer.sqrt_rule_covariance_ratio``);
* T3: the linear rule, which the paper's argument denies keeps the covariance, and its ratio
  (``train_longer.linear_rule_keeps_covariance``, ``train_longer.linear_rule_covariance_ratio``);
* T4: Sinai's (log t)² law with strong disorder, and weak disorder on the same window
  (``train_longer.sinai_log_squared``, ``train_longer.sinai_weak_disorder_preasymptotic``);
* T5: ‖w_t − w_0‖ grows logarithmically, on a small digits network: as stated, after the first hundred updates,
  and before them; the network's backpropagation (``train_longer.distance_logarithmic_from_start``,
  ``train_longer.distance_logarithmic_after_transient``, ``train_longer.distance_early_power_law``,
  ``train_longer.mlp_backprop``);
* T6: regime adaptation and the number of updates, and main_normal.py's reference batch
  (``train_longer.regime_adaptation_equal_updates``, ``train_longer.regime_adaptation_bounded_excess``,
  ``train_longer.release_normal_reference_batch``);
* T7: Ghost BN's accumulated gradient in the release, when it is the batch mean, and the port
  (``train_longer.ghost_bn_gradient_is_batch_mean``, ``train_longer.ghost_bn_equal_chunks``,
  ``train_longer.release_ghost_port``);
* T8: the √32 multiplier of --lr_bb_fix on every regime entry (``train_longer.release_lr_sqrt_multiplier``);
* the library's conformance (``train_longer.library_gradient_covariance``, ``train_longer.library_learning_rates``,
  ``train_longer.library_update_counts``, ``train_longer.library_ghost_batches``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (the covariance of a mini-batch gradient, learning rates that keep it,
  update counts, Ghost-batch chunks and gradient), validated;
* ``library_variants``: plausible bugs in the library, the mutants of its conformance claims;
* ``formulas``: the formulas under test (covariances in exact rationals, covariance ratios as Formula objects,
  growth laws, the network's backpropagation) and their mutants;
* ``release``: the numpy port of the release and its mutants;
* ``claims_noise``, ``claims_diffusion``, ``claims_release``, ``claims_library``: the claims by topic;
* ``derivations``: the sympy derivations.
"""
