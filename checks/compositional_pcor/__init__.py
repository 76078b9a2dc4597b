"""Numerical checks of the compositional partial-correlation claims (arXiv 1904.09480).

Ground truth never comes from the formula under test: residuals and residual correlations are computed in
exact rationals from integer logs (``ground_truth``), the pinv formula is compared with the Schur complement
of the log-ratio covariance (``routes``), and population values for the convergence study come from that
Schur complement too.

Modules:

- ``strategies``: logistic-normal data (the specification's generator), integer logs, hypothesis strategies.
- ``ground_truth``: exact projections and correlations with ``Fraction``.
- ``routes``: float routes without the pinv formula, the shared tolerances, and the guarded subject call.
- ``residuals``: P1 and P7 (n = D − 1).
- ``pinv``: P2, P3, P4.
- ``subcomposition``: P5.
- ``normalisation``: P6.
- ``convergence``: P8 (a Fisher z-test and a deterministic rate study with its figure).
- ``library_checks``: the library's residual_partial_correlation, exact values and the domain boundary.
"""
