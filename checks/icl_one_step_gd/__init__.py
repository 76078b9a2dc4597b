"""Numerical checks of the icl_one_step_gd claims.

Ground truths never use the closed forms under test: exact Gaussian monomial moments (sympy rationals) of one
sample and of pairs of samples sharing the task, Gauss–Hermite quadrature on randomly rotated grids (exact for
polynomial responses), simulated risks with paired differences, exact-rational LSA predictions for the
witnesses, and L-BFGS on the empirical loss of the full LSA for the reproduction.

- ``ground_truth.py``: the exact moments and the quadrature; ``strategies.py``: inputs;
- ``moments.py``: the Wishart moment, the optimal step, the minimal risk;
- ``preconditioner.py``: cases (a) and (b), the odd and the non-equivariant responses;
- ``lsa.py``: L-BFGS reproductions and the exact witnesses against vanishing blocks and uniqueness;
- ``ridge.py``: one step against ridge; ``figures.py``: the risk against the step.
"""
