"""Numerical checks of the Lion-𝒦 claims (arXiv 2310.05898, 2302.06675).

Ground truth never comes from the formula under test: dH/dt by complex step and by Richardson-extrapolated
central differences of H along the flow, on a grid of states spanning every scale of the kernel and on
random states with convex and nonconvex objectives; the sign of a quadratic form from its eigenvalues;
discrete Lion in exact rationals (``fractions.Fraction``); conjugates by exact vertex enumeration and by
Newton's method; the box-constrained minimiser by exact active-set enumeration and by projected gradient.

Modules:

- ``strategies``: hypothesis strategies shared by the checks.
- ``lyapunov_states``: states of the continuous-time system and dH/dt at them.
- ``conjugates``: L1 (𝒦* of ‖·‖₁, Fenchel–Young, the log-cosh minimiser).
- ``lyapunov``: L2 and L3.
- ``box``: L4, L5, L8 in exact rationals and float64.
- ``quadratic``: L6 and its reproduction.
- ``release``: L7, L9 and lion_tf2.py.
- ``library_conformance``: the library's steps and H.

The reproduction's figure is drawn by its check (``quadratic.reproduction_within_order_eta``).
"""
