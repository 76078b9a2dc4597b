"""ADAHESSIAN: Hutchinson's diagonal estimator and the released update.

Z. Yao, A. Gholami, S. Shen, M. Mustafa, K. Keutzer, M. W. Mahoney, "ADAHESSIAN: An Adaptive Second Order Optimizer
for Machine Learning", arXiv 2006.00719 (AAAI 2021), with its release (github.com/amirgholami/adahessian, 85ebc00)
and torch_optimizer.Adahessian (jettify/pytorch-optimizer, 19c3e41). The paper's body was not read: its formulas are
the reconstruction the claims say they are, cross-checked against the release.

Statements covered: H1 (Hutchinson is unbiased), H2 (the variance of a probe; Rademacher is the minimum-variance
law), H3 (the release's |Hv| against |H_ii|), H4 (what the RMS average converges to), H5 (the first released step on
a separable quadratic, negative curvature, the second step), H6 (spatial averaging: variance and bias), H7 (the
Hessian power k = 0 and k = 1 with the release's eps), H8 (one Hessian-vector product per step; the probes of the
three releases), H9 (the Rosenbrock figure of torch_optimizer's README); and the release's update against the paper
form, its averaging rules, its handling of 3-D parameters, and the library's conformance.

Modules:

- ``paper``: the paper and its releases (``PAPER``).
- ``library``: what a practitioner calls: ``rademacher``, ``hutchinson_diagonal``, ``hutchinson_variance``,
  ``rms_ema_limit``, ``spatial_average``, ``adahessian_step`` (with ``AdaHessianState``, ``init_state``).
- ``library_variants``: plausible bugs in the library, the mutants of its conformance claim.
- ``formulas``: the estimator, the ports of the released code, the closed forms, and their variants.
- ``claims_estimator``: H1–H4; ``claims_update``: H5, H7; ``claims_release``: the release, H6, H8, H9;
  ``claims_library``: the library's conformance.
- ``derivations``: the sympy derivations.
"""
