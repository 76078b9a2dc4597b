"""Checks of the self-distillation claims (arXiv 2102.13088).

Ground truth never comes from the formulas under test: least squares on the step objective, the exact
normal equations in rationals, direct iteration of the recursion (float and exact), 30-digit mpmath
solves of the fixed-point equation, the eigenvalues of A from a general (non-symmetric) solver, power
iteration, exact parabola vertices, Brent's method and a grid, and 30-digit recomputations of the
released toy and of the released loss.
"""
