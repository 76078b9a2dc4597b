"""Checks of the target_surrogate claims.

Ground-truth routes: the loss computed directly by log-softmax (not the library's gradient) and, at the witnesses,
in mpmath at 40 digits; the integral form of the Taylor remainder by Gauss–Legendre quadrature of the Hessian; the
exact minimiser of the linear surrogate by exact rational normal equations and by BFGS; MM trajectories against an
L-BFGS minimiser of the loss; the released surrogate in exact rationals.

Modules: ``strategies`` (seeds and instances), ``bound`` (T1–T3), ``descent`` (T3, T4, T5), ``stochastic``
(T6, T7), ``reproduction`` (T8, with its figure).
"""
