"""Magnitude proportionality in hypernetworks and Magnitude Invariant Parametrizations (MIP).

J. J. Gonzalez Ortiz, J. Guttag, A. V. Dalca, "Magnitude Invariant Parametrizations Improve Hypernetwork Learning",
arXiv 2304.07645 (ICLR 2024), with the release github.com/JJGO/hyperlight (commit a3e2108): ``encoding.py``
(``encode_input``), ``model.py`` (``FullyConnectedNet``, ``HyperNet``), ``initialization.py``. The paper body was not
read: the analytic statements and MIP's residual form are as the specification reconstructs them from the abstract,
and each such claim says so; the encodings and the initialisation are pinned by the release.

Statements covered (M1–M8 of the specification):

* M1: ``relu_homogeneous``; GELU, tanh, SiLU, ELU: ``smooth_not_homogeneous``;
* M2: ``bias_asymptotic`` (the limit, the bound K/c and the rate);
* M3: ``init_proportional`` (refuted by the release's residual θ₀) refined by ``init_backbone_proportional``;
  ``sgd_step_proportional`` (refuted) refined by ``sgd_step_asymptotic``;
* M4: ``primary_scaling``; M5: ``init_second_moment`` (a formula claim) and the release's constants,
  ``release_init_second_moment``;
* M6: ``cos_sin_constant_norm``, ``cos_sin_injective``, ``cos_sin_injectivity_interval``, ``z_one_minus_z_norm``;
* M7: ``cos_sin_bounded_magnitude`` (refuted for the lower bound) refined by ``cos_sin_magnitude_bounds``;
* M8: ``backprop_gradient``, ``mip_improves_training``;
* the library: ``library_leaky_relu``, ``library_encoding_matches_release``, ``library_mip_residual``.

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (encode_input, leaky_relu, init_mlp, mlp, mip_hypernet, magnitude_bounds,
  bias_asymptotic_bound), validated;
* ``formulas``: the activations, the numpy ports of the release (encoding, initialisation), the SGD step, the
  closed form of M5 and its ground truth, and the mutants;
* ``training``: the reproduction's numpy hypernetwork with analytic backprop and Adam;
* ``claims_homogeneity`` (M1–M4), ``claims_encoding`` (M5–M7), ``claims_training`` (M8), ``claims_library``;
* ``derivations``: the sympy derivations.
"""
