"""Target-based surrogates for stochastic optimization (Lavington et al., arXiv 2302.02607, ICML 2023).

J. W. Lavington, S. Vaswani, R. Babanezhad, M. Schmidt, N. Le Roux, "Target-based Surrogates for Stochastic
Optimization". The paper body was not read: the surrogate g_t(θ) = L(z_t) + ⟨∇L(z_t), f(θ) − z_t⟩ +
‖f(θ) − z_t‖²/(2η) and the statements are the specification's reconstruction from the abstract; lemma and theorem
numbers are not confirmed. The released optimiser is ``SGD_FMDOpt`` (``optimizers/sgd_fmdopt.py``, commit 4cc4ea7e
of WilderLavington/Target-Based-Surrogates-For-Stochastic-Optimization), ported to numpy from reading it.

Statements covered (T1–T8 of the specification):

* T1: the global upper bound (``target_surrogate.global_upper_bound``);
* T2: the smoothness constants and the mean/sum convention (``target_surrogate.smoothness_constants``);
* T3: failure above the constant (``target_surrogate.bound_fails_above_constant``) and monotone MM up to twice
  the constant (``target_surrogate.mm_descent_beyond_bound``);
* T4: MM descent (``target_surrogate.mm_descent``) and stationarity (``target_surrogate.mm_reaches_stationary_point``);
* T5: the linear minimiser (``target_surrogate.linear_minimiser``);
* T6: the minibatch surrogate (``target_surrogate.minibatch_surrogate_upper_bound``,
  ``target_surrogate.minibatch_mm_monotone``, both denied);
* T7: the released surrogate (``target_surrogate.released_is_multiple``, refined by
  ``target_surrogate.released_affine_in_surrogate``; ``target_surrogate.released_step_formula``;
  ``target_surrogate.released_bound_range``);
* T8: the breast-cancer reproduction (``target_surrogate.sso_fewer_gradient_evaluations``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.softmax_cross_entropy`,
  :func:`~.library.target_surrogate`, :func:`~.library.max_target_step`, :func:`~.library.linear_mm_step`,
  :func:`~.library.released_eta_to_step`);
* ``formulas``: the models, the surrogate as a function of θ, the released surrogate's port, SSO and SGD for the
  reproduction, and the wrong variants (mutants);
* ``claims`` (T1–T5), ``claims_stochastic`` (T6–T8): the claims;
* ``derivations``: the sympy derivations.
"""
