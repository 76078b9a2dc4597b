"""Numerical checks of the Z-loss claims (arXiv 1604.08859).

Ground truth is never the formula under test: invariances at 50 digits and exactly (z_c as its sign and square in
Fractions); the spherical statistics in exact rationals, the float64 routes against long double and mpmath at 80
digits, gradients by central differences and the complex step, counted multiply-adds of instrumented runs; the
bound on z_c by a numerical maximiser; the degenerate limit along two paths at 90 digits; the library at 30–50
digits at every scale; and the top-k comparison by training linear models on scikit-learn's digits.

Modules:

* ``strategies``: logits from seeds, small written-out cases, exact rational cases, the witnesses;
* ``invariance``: Z1, Z2, Z3;
* ``spherical``: Z4, Z9;
* ``range``: Z5, Z8;
* ``gradient``: Z6, Z7 and the two-class case;
* ``digits``: Z10 (the reproduction);
* ``library_conformance``: the library against high precision, and its degenerate inputs;
* ``figures``: the float64 error of the three computations of L_Z(Wh) against the offset of the logits.
"""
