"""SELU: self-normalizing networks — the constants α01, λ01, the fixed point (0, 1), the contraction of the
moment map, the variance bounds, alpha dropout, and the release's solver.

G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter, "Self-Normalizing Neural Networks", arXiv 1706.02515
(NeurIPS 2017), with the release github.com/bioinf-jku/SNNs (commit bef6071): TF_1_x/selu.py (selu,
dropout_selu), TF_1_x/getSELUparameters.ipynb (getSeluParameters, the closed forms of α01, λ01). The paper body
was not read: the moment formulas and constants are pinned by the release notebook; the theorem domains are as
the specification reconstructs them, and each such claim says so.

Statements covered (S1–S8 of the specification):

* S1: α01, λ01 and the fixed point (0, 1) to 25 digits (``selu.constants``);
* S2: the Jacobian's spectral norm at (0, 1) (``selu.jacobian_at_fixed_point``);
* the moment map itself, Eq. 4–5 (``selu.mean_map``, ``selu.second_moment_map``);
* S3: Theorem 1, contraction and fixed point (``selu.theorem1_contraction``, ``selu.theorem1_fixed_point``);
* S4: Theorems 2 and 3 (``selu.theorem2_variance_decreases``, ``selu.theorem3_variance_increases``);
* S5: where the contraction ends (``selu.contraction_boundary``);
* S6: the release's solver, its outputs and which weights make them a fixed point
  (``selu.release_solver_outputs``, ``selu.release_solver_normalized_weights``,
  ``selu.release_solver_fixed_point_weights``);
* S7: alpha dropout keeps mean and variance (``selu.alpha_dropout_moments``);
* S8: the abstract's convergence to (0, 1), its refinement, and a deep random network
  (``selu.converges_to_zero_mean_unit_variance``, ``selu.converges_to_weight_fixed_point``,
  ``selu.deep_network_normalizes``);
* the library's conformance (``selu.library_*``).

Stance and origin: the paper (and its release) asserts S1–S8 as read here; the refinements, the boundaries of S5
and the conformance claims are the suite's (``origin="suite"``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (selu, selu_moments, selu_map, selu_jacobian, selu_parameters,
  alpha_dropout, alpha_dropout_affine), validated and overflow-free;
* ``library_variants``: plausible bugs in the library, the mutants of its claims;
* ``formulas``: the paper's moment map (sympy and Formula objects), the constants, the numpy ports of the
  release's solver and dropout, the deep network, and the mutants;
* ``ground_truth``: quadrature and Monte Carlo routes to the moments;
* ``claims_constants`` (S1, S2), ``claims_map`` (the map, S3–S5), ``claims_release`` (S6, S7),
  ``claims_dynamics`` (S8), ``claims_library``;
* ``derivations``: the sympy derivations.
"""
