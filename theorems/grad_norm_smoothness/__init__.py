"""Gradient-Normalized Smoothness: gradient-regularised Newton steps with approximate Hessians.

A. Semenov, M. Jaggi, N. Doikov, "Gradient-Normalized Smoothness for Optimization with Approximate Hessians",
arXiv 2506.13710 (ICLR 2026), with the release github.com/epfml/grad-norm-smooth (commit 9f4ca00). The paper body
was not read: the statements come from the abstract and the release; each claim whose wording is reconstructed
says so. Algorithm 1 is pinned by the release's ``grad_norm_smooth``.

Statements covered (G1–G9 of the claim family): global linear rates on regularised logistic regression with the
exact Hessian and three approximations (G1), the same without regularisation on non-separable and separable data
(G2), local superlinear convergence with the exact Hessian (G3), first-trial acceptance of the adaptive search (G4),
quasi-self-concordance of the logistic loss (G5), quadratics (G6), the release on indefinite Hessians (G7), the
notebook's Rosenbrock and log-sum-exp runs (G8, G9), the weighted Gauss–Newton matrix, the step's limits, and the
library.

Modules:

- ``paper``: the paper (``PAPER``).
- ``problems``: the objectives (logistic regression and its approximations, the release's log-sum-exp oracle,
  Rosenbrock, a saddle function, quadratics).
- ``formulas``: the numpy port of the released ``grad_norm_smooth`` and its mutants; the scalar closed forms.
- ``library``: what a practitioner calls: ``gns_minimize``, ``logistic_qsc_constant``.
- ``library_variants``: plausible bugs planted in the library (the mutants of its claims).
- ``claims_rates``: G1–G3; ``claims_search``: G4, G6, the acceptance ratio and the step's limits;
  ``claims_smoothness``: G5; ``claims_release``: G7–G9 and the weighted Gauss–Newton matrix;
  ``claims_library``: the library conformance claim.
- ``derivations``, ``derivations_release``: the sympy derivations.
"""
