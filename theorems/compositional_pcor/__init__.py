"""Partial correlations in compositional data (I. Erb, arXiv 1904.09480; Applied Computing and Geosciences 6,
2020, 100026).

For compositions x ∈ R^D_{>0} with logs l, the residual of the log-ratio l_i − l_r after adjusting for the
log-ratios of all remaining parts does not depend on the reference r, so partial correlations are defined
between parts directly; they equal −Ω_ij/√(Ω_ii Ω_jj) with Ω the pseudo-inverse of the clr covariance.

Statements covered (all from the abstract; the paper's body was not available, so every formalisation is
reconstructed and no proposition number is confirmed): P1 reference-independent residuals, P2 the pinv
formula (and its D = 3 closed form), P3 range and negative values, P4 closure and permutation invariance,
P5 subcompositional incoherence and its conventional counterpart, P6 equivalence with normalisation (as
stated, and the corrected statement with a reference set disjoint from the pair) and the reference
dependence of Pearson correlations of log-ratios, P7 the domain boundary (n ≤ D − 1, zeros), P8 the
n^(−1/2) convergence of sample partial correlations (an analogue of the paper's data analysis).

Modules:

- ``paper``: the paper (``PAPER``).
- ``library``: what a user calls: ``clr``, ``log_ratio_residuals``, ``residual_partial_correlation``,
  ``partial_correlations``, each validating its inputs.
- ``formulas``: the statements' procedures the library does not expose (normalisation-based partial
  correlations, Pearson correlations of log-ratios, the definitions without the sample-size guard, the D = 3
  closed form as a ``Formula``) and the mutants.
- ``claims``: the claims and their mutants.
- ``derivations``: the sympy derivations.
"""
