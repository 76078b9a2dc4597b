"""Numerical checks of the contrastive_hardness claims (the claims are in theorems/contrastive_hardness/).

Ground truth never comes from the formula under test: the loss's definition in mpmath at 30–60 digits (its
exponents do not overflow at τ = 10⁻³ or 10⁻¹²) and mpmath's numerical derivatives of it, complex-step derivatives of
a float64 shifted log-sum-exp, exact polynomial extrapolation in 1/τ, a 30-digit double loop over pairs for the
metrics, central differences for the reproduction's backward pass, and the trained encoders of the reproduction.

Modules: ``strategies`` (draws and ground-truth routes), ``gradient`` (C1, C2, C6), ``hardness`` (C3), ``limits``
(C4, C5), ``training`` and ``reproduction`` (C7), ``library_conformance`` (the library).
"""
