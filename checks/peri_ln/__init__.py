"""Numerical checks of the Peri-LN claims (arXiv 2502.02732).

Ground truth never comes from the formula under test: invariances in float64 and at 40 digits (mpmath object
arrays), the blocks against an explicit coordinate-by-coordinate evaluation at 40 digits, bounds against the
simulated stacks and their aligned constructions (where the bounds are attained), expectations against Monte
Carlo, gradients against complex-step derivatives and mpmath central differences, the depth behaviour of the
input gradient by complex-step forward derivatives cross-checked with the library's reverse mode, and every
refutation re-verified at 50–60 digits, exactly, or in extended precision (np.longdouble).

Modules:

* ``strategies``: seeds, random stacks, the aligned constructions;
* ``invariance``: R1 (MLP and attention);
* ``growth``: R2, R3's exact form, R4;
* ``secondary``: R8;
* ``gradient``: the Jacobian, R5, R6;
* ``depth``: R7 and R9 (with the figure);
* ``library_conformance``: the library against complex-step derivatives and 40-digit values.
"""
