"""Numerical checks of S1–S10 (Heo et al., "AdamP", arXiv 2006.08217) on tiny LayerNorm/BatchNorm
nets, generic scale-invariant functions, synthetic gradient sequences and the numpy SGDP/AdamP.

Ground truth comes from complex-step derivatives (no analytic gradient is trusted), exact rational
arithmetic, direct simulation of gradient descent and momentum, Monte Carlo with stated error rates,
hand-built cases whose outcome under the released projection rule is known in advance, and an
independent re-implementation of the released SGDP/AdamP code for the library's step-for-step conformance.

Modules:

* ``derivatives``: S1–S2, orthogonality and the scaling of the gradient and Hessian (complex-step
  derivatives, central differences).
* ``negative_factors``: the definition extended to c < 0, refuted on LayerNorm nets (50-digit mpmath).
* ``gradient_descent``: S3–S4, GD norm growth, the effective step size and the ‖w_t‖⁴ bound
  (simulation, exact rationals).
* ``momentum``: S5, norm growth and ⟨w_t, p_t⟩ under heavy-ball momentum (exact rationals, tiny nets).
* ``growth_factors``: S6, the momentum growth factor under its two assumptions and as it circulates
  (simulation, exact rationals, Monte Carlo).
* ``projection_direction``: S7, the SGDP step keeps the tangent part of the update, and where the
  released view selection breaks it.
* ``projection_norm``: S8, the per-block norm identity of SGDP/AdamP and SGDP's growth against GD.
* ``adam_norm``: S9, Adam without projection can shrink the norm (exact rationals).
* ``cosine_test``: S10, the cosine test's selectivity and false-alarm rate (50-digit mpmath, Monte Carlo).
* ``released_rules``: the released SGDP projection rule on hand-built cases.
* ``library_conformance``: the library's SGDP, AdamP, cosine and views against the released code v0.3.0
  (step for step against ``release_reference``; the cosine against 40-digit mpmath at scales 1e±200).
* ``release_reference``: an independent re-implementation of the released update rules in plain Python,
  with the cosine test decided in exact rationals.
* ``figures``: the figures of S4 and S6.
* ``strategies``: the hypothesis strategy shared by the S5 and S6 checks.
* ``invariance_blocks``: the invariance blocks of the tiny nets' weights and the eps that makes the
  projection exactly radial (S7, S8 and the released rules).
* ``momentum_runs``: momentum runs on scale-invariant problems, the ground truth of S5–S6 and the 2-D toy.
"""
