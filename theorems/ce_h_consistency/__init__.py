"""ce_h_consistency: H-consistency bounds of comp-sum losses (Mao, Mohri & Zhong, "Cross-Entropy Loss Functions:
Theoretical Analysis and Applications", arXiv 2304.07288, ICML 2023; no code release).

Statements covered (the transforms are reconstructed from the abstract; wording and theorem numbers are not
confirmed from the paper body): the transforms T_τ for cross-entropy (H1), sum-exponential (H2), τ ∈ (0, 1) (H3),
generalized cross-entropy and mean absolute error with the factor in n (H4), tightness (H5), the square-root growth
of Γ₁ (H6) and the role of the complete hypothesis set (H7).

- ``paper.py``: the paper;
- ``library.py``: comp-sum losses, conditional and zero-one regrets, the transforms and their inverses;
- ``formulas.py``: the transforms as subjects and their mutants;
- ``two_class.py``: the two-class infimum by minimisation over the score gap (float64 and mpmath), the ground truth
  of the formula claims;
- ``claims.py``: one claim per statement, with refinements; ``claims_formulas.py``: the formula claims;
- ``derivations.py``: the sympy derivations.
"""
