"""Lion-𝒦: Lion's Lyapunov function and the box ‖x‖∞ ≤ 1/λ.

L. Chen, B. Liu, K. Liang, Q. Liu, "Lion Secretly Solves Constrained Optimization: As Lyapunov Predicts",
arXiv 2310.05898 (ICLR 2024), with Lion itself: X. Chen et al., "Symbolic Discovery of Optimization
Algorithms", arXiv 2302.06675, released in github.com/google/automl (``lion/``). The body of 2310.05898 was
not read: its continuous-time system, Lyapunov function and assumptions are the reconstruction the claims
say they are.

Statements covered: L1 (𝒦* of ‖·‖₁ and the box; Fenchel–Young and its equality case; the log-cosh
conjugate), L2 (dH/dt ≤ 0 and the exact conditions it needs), L3 (the admissible Fenchel–Young
coefficients), L4 and L5 (the box and phase 1 of discrete Lion, and the condition ηλ ≤ 1), L6 (the
quadratic problem of the abstract, separable and not), L7 (the notes-page form and Lion's betas), L8
(coupled decay), L9 (lion_pytorch.py against the algorithm listing; lion_tf2.py's sparse update).

Modules:

- ``paper``: the two papers (``PAPER``, ``LION_PAPER``).
- ``library``: what a practitioner calls: ``lion_step``, ``lion_k_step``, ``page_form_betas``, ``lyapunov``,
  ``admissible_coefficients``.
- ``library_variants``: plausible bugs in the library, the mutants of the claims whose subject it is.
- ``formulas``: the kernels, H and the flow, the ports of the released code and their variants.
- ``claims``: L1–L3 (continuous time); ``claims_discrete``: L4–L9; ``claims_library``: the library's
  conformance.
- ``derivations``: the sympy derivations.
"""
