"""Numerical checks of the ws_bn_powernorm family (arXiv 1903.10520 and 2003.07845).

Ground truth never comes from the formula under test: complex-step Jacobians of the layers (float64, and mpmath
at 50 digits for re-verification), central differences, numpy's singular values and eigenvalues, direct
simulation of the released PowerNorm's recursions (a numpy port of the release), and a small MLP trained on
scikit-learn's bundled digits.

Modules:

- ``strategies``: seeds, sizes, offsets, scales and the instances built from them;
- ``identities``: W1, W2, W3, W9;
- ``lipschitz``: W4, W5, W6;
- ``release``: W7, W8 on the port of the released PowerNorm;
- ``training``: W10;
- ``library_conformance``: the library functions.
"""
