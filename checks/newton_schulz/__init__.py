"""Numerical checks of the Newton–Schulz family (SOFT, arXiv 2207.03341).

Ground truth never comes from the formula under test: exact rationals (Fraction matrices: integer
factorisations, Cayley-orthogonal eigenbases, Gauss–Jordan inverses), mpmath at 30–40 digits, the
eigenvector frame a matrix was built from, numpy's LU and eigh cross-checked, the complex step and
central differences of analytic pseudo-inverse formulas, and exact integer counts.

Modules:

- ``exact``: rational and 40-digit building blocks.
- ``strategies``: matrices and landmark configurations from drawn seeds.
- ``iteration``: N1, N2, N4 and N6's twenty-step criterion.
- ``float64``: N5 (no stopping rule, the smallest residual, the smallest relative step).
- ``release``: N7 and the Norm variant's safeguard.
- ``backward``: N8.
- ``kernel``: N9 and N10.
- ``library_conformance``: the library functions.
- ``figures``: (the deterministic checks attach their figures).
"""
