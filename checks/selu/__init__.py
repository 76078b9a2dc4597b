"""Numerical checks of the SELU family (arXiv 1706.02515).

Ground truth never comes from the formula under test: the Gaussian integrals by adaptive quadrature in float64
and by tanh–sinh quadrature in mpmath (no erf, no erfc), Monte Carlo simulation, central differences with
Richardson extrapolation and mpmath differentiation, root finding (mpmath findroot, brentq) against iteration,
enumeration of the dropout mask, and exact 40-digit values.

Modules:

- ``strategies``: the theorems' domains, seeds and a vectorised closed form for grid searches.
- ``constants``: S1 and S2 (α01, λ01, the fixed point (0, 1), the Jacobian's norm there).
- ``contraction``: S3 and S5 (Theorem 1; where the contraction ends).
- ``variance_bounds``: S4 (Theorems 2 and 3).
- ``release``: S6 and S7 (the solver getSeluParameters, dropout_selu).
- ``dynamics``: S8 (iterating g; the deep random network).
- ``library_conformance``: the library functions.
- ``figures``: the figures.
"""
