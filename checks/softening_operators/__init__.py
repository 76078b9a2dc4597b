"""Numerical checks of the softening_operators claims (the claims are in theorems/softening_operators/).

Ground truth never comes from the formula under test: softmax of tempered logits at 40 digits, exact
rationals at $T = 1/m$ (integer powers), mpmath numerical differentiation and float64 complex-step
differentiation of the entropy, direct 30-digit powering $p_i^{1/T}$ (no log space) for the library,
high-precision evaluation at temperatures chosen so the limit is reached to 20 digits, scipy minimisation
of the KL divergence, and softmax of the top-$k$ logits computed from the logits themselves.
"""
