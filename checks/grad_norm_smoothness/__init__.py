"""Numerical checks of the Gradient-Normalized Smoothness family (arXiv 2506.13710).

Ground truth never comes from the port under test: f* by Newton's method and L-BFGS-B cross-checked, a second
implementation of the update in mpmath at 30–40 digits (``reference``), the released function's own recorded
outputs (``released_outputs``), linear programs for separability, eigenvalues for definiteness, complex-step and
central differences and mpmath's numerical differentiation for derivatives, exact rationals and exact integer
counts.

Modules:

- ``strategies``: seeds and log-uniform scalars.
- ``ground_truth``: cached f*, separability, running the subject safely.
- ``reference``: Algorithm 1 and the objectives in mpmath.
- ``released_outputs``: what the released function printed on the inputs the checks use.
- ``rates``: G1 and G2; ``search``: G3 and G4; ``quadratic``: G6 and the step's limits; ``smoothness``: G5;
  ``release``: G7–G9 and the weighted Gauss–Newton matrix; ``library_conformance``: gns_minimize.
"""
