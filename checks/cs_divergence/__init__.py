"""Numerical checks of the cs_divergence claims (arXiv 2404.17951).

Ground truth never comes from the formula under test: exact rationals (S1), mpmath quadrature at 20–50 digits and a
two-dimensional trapezoidal rule (S2), the factorisation of a Gaussian pair into one-dimensional problems (S2, S3),
mpmath matrices at 50 digits for counterexamples (S3), Gram-matrix sums at 30 digits and a trapezoidal rule for
kernel density estimates (S4, S5), the library's log-space estimator (S7), the released expression at 30 digits and
a grid quadrature of its mass (S8), and the particle descent itself (S9).

Modules:

* ``strategies``: Gaussian pairs from seeds (the witness at seed 0 in one dimension), rational densities, samples;
* ``properties``: S1, S2;
* ``kl``: S3;
* ``estimators``: S4–S7;
* ``release``: S8, S9 (with the reproduction's figure in the thorough profile);
* ``library_conformance``: gaussian_cs_divergence against 30 digits at every scale.
"""
