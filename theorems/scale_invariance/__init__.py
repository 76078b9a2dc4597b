"""Scale invariance: orthogonality, gradient and Hessian scaling, GD norm growth, effective step size,
momentum, and the SGDP/AdamP projection.

Paper: Byeongho Heo, Sanghyuk Chun, Seong Joon Oh, Dongyoon Han, Sangdoo Yun, Gyuwan Kim, Youngjung Uh,
Jung-Woo Ha, "AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights"
(ICLR 2021, arXiv 2006.08217; released code github.com/clovaai/AdamP v0.3.0). f is scale invariant when
f(c w) = f(w) for every c > 0.

Statements covered (S1–S10 of the scale-invariance claim family):

* §2, S1: w · ∇f(w) = 0 (Euler's theorem at degree 0); the definition extended by the suite to c < 0
  (refuted).
* §2, S2: ∇f(c w) = ∇f(w)/c, c² ∇²f(c w) = ∇²f(w), ∇²f(w) w = −∇f(w).
* §2, S3: ‖w_{t+1}‖² = ‖w_t‖² + η²‖∇f(w_t)‖² under gradient descent.
* §2, S4: the effective step size η/‖w‖², and ‖w_t‖⁴ ≥ ‖w_0‖⁴ + 2η²G²t.
* §2, S5–S6: norm growth with heavy-ball momentum and its growth factor, under two assumptions.
* §3, S7–S8: SGDP/AdamP keep the update direction and grow the norm without momentum cross terms.
* §2, S9: Adam without projection does not always grow the norm.
* §3 and released code v0.3.0, S10: the cosine test that decides the projection (its rules,
  selectivity and false-alarm rate).
* Released code v0.3.0: the library's SGDP/AdamP follow the released update rule step for step.

Modules:

* ``paper``: the paper (``PAPER``).
* ``library``: the numpy SGDP and AdamP optimizers, as released (what a practitioner would call), with
  their cosine and views; every public name validates its input and is pinned by
  ``scale_invariance.library_follows_release``.
* ``formulas``: the formulas of S1–S6 and S10 as stated, and their mutants (wrong formulas, SGDP/AdamP
  variants that each change one piece of the projection rule, plausible bugs of the library).
* ``claims``: the claims and their mutants.
* ``derivations``: the sympy derivations of S1–S8, and witnesses of the negation for S6 as it circulates
  and S9.
"""
