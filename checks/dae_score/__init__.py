"""Numerical checks of the dae_score claims (arXiv 1211.4246).

Ground truth never comes from the formula under test: posterior means as ratios of 30-digit
``mp.quad`` integrals, the conjugate posterior mean of Gaussian mixtures at 30 digits, scores and
Hessians of log p by ``mp.diff``, Gauss–Hermite double quadrature of the DAE criterion, complex-step
derivatives, and the contractive criterion's Euler–Lagrange problem solved twice (finite differences
with a banded solve, and scipy's ``solve_bvp``).

Modules:

- ``ground_truth``: the routes above, shared.
- ``minimiser``: E1 (posterior mean), E3 (smoothed score), E4 (Gaussian case, both criteria).
- ``expansion``: E2 (score limit and its remainder, both criteria), E5 (Jacobian and Hessian).
- ``nonsmooth``: E6 (not an energy), E7 (kink and jump).
- ``reproduction``: E8 (Nadaraya–Watson reproduction, with its figure).
- ``library_conformance``: the library at extreme scales against 30-digit values.
"""
