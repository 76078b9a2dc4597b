"""Regularised and denoising auto-encoders estimate the score (arXiv 1211.4246).

G. Alain and Y. Bengio, "What Regularized Auto-Encoders Learn from the Data Generating Distribution",
JMLR 15 (2014). The paper's body was not read here: the statements are the standard ones as
reconstructed from the abstract, and theorem numbers and exact regularity assumptions are not confirmed
(each claim's notes say so). No code release is used.

For x ~ p on ℝ and x̃ = x + ε, ε ~ N(0, σ²): the DAE criterion E(r(x̃) − x)² and the contractive
criterion E[(r(x) − x)² + σ² r′(x)²]; the score s = (log p)′; the smoothed density p_σ = p ∗ N(0, σ²).

Statements covered: E1 the DAE minimiser is the posterior mean; E2 r* = x + σ² s + o(σ²) for both
criteria, with the order and coefficient of the remainder added by the suite (σ⁴ for both, with
different coefficients); E3 the exact identity r*_σ − x = σ² (log p_σ)′; E4 the Gaussian case for
both criteria; E5 the Jacobian and the Hessian of log p; E6 reconstruction error is not an energy (the
paper denies it); E7 the kink of Laplace and the edge of U(0, 1); E8 a reproduction with the
Nadaraya–Watson smoother.

Modules:

- ``paper``: the paper (``PAPER``).
- ``library``: what a user calls: :func:`~.library.mixture_dae_minimiser`,
  :func:`~.library.empirical_dae_minimiser`, :func:`~.library.mixture_score`,
  :func:`~.library.score_from_reconstruction`.
- ``formulas``: the predictions under test (each a claim's ``subject``) and their mutants; the Gaussian
  minimiser is a ``Formula`` (a formula claim with generated mutants).
- ``claims``: the claims of the paper and the suite's refinements, with their mutants.
- ``claims_library`` and ``library_variants``: the library conformance claim and its mutants.
- ``derivations``: the sympy derivations.
"""
