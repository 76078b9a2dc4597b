"""Checks of the Two-Pass softmax claims.

Ground truth never comes from the algorithm under test: exact rationals (Fractions) for the invariants and the
traffic ratios, mpmath at 40–50 digits for the softmax and for e^x, the float64 Three-Pass reference on the same
float32 inputs, a second float32 emulation with a correctly rounded exp(t) in place of the polynomial,
numpy implementations of the three algorithms whose arrays count their own reads and writes, and exact Horner
evaluation of the polynomial where float32 overflows.
"""
