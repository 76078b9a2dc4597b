"""Numerical checks of the ADAHESSIAN claims (arXiv 2006.00719 and its releases).

Ground truth never comes from the formula under test: exact expectations over all 2ᵈ Rademacher vectors (integer
arithmetic), exact laws of sums by convolution, exact discrete laws in rationals, Gauss–Hermite and Gauss–Legendre
quadrature (exact for the polynomials involved), Monte Carlo with stated false-alarm rates, the released recursions
against 40- and 60-digit explicit sums and exact rationals, Hessian-vector products by central differences of an
analytic gradient, and explicit loops for the releases' averaging.

Modules:

- ``strategies``: hypothesis strategies and instance generators.
- ``estimator``: H1–H4.
- ``update``: H5 and H7.
- ``release``: the update against the paper form, H6, the averaging rules, 3-D parameters, H8.
- ``rosenbrock``: H9, the reproduction (its figure is drawn by the check).
- ``library_conformance``: the library.
- ``figures``: no separate figures (the checks draw theirs).
"""
