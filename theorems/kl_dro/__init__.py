"""KL-regularised DRO and log-sum-exp losses: LDR (arXiv 2112.14869), iSogCLR (arXiv 2305.11965), TempNet
(arXiv 2404.04575).

Statements: the KL-regularised problem is a log-sum-exp attained at Gibbs weights (K1); the constrained
problem equals its dual, with the constraint active or not (K2); the LDR-KL loss's limits and its
cross-entropy form (K3); the reverse regulariser (K4); individualised temperatures in a stylised
contrastive model (K5); the released LDRLoss_V1 and ALDRLoss_V1 (K6, K7).

* ``paper.py``: the three papers.
* ``library.py``: kl_dro_value, kl_dro_weights, kl_constrained_dro, reverse_kl_dro, ldr_kl_loss.
* ``formulas.py``: numpy ports of the released LDR losses, and the mutants.
* ``claims.py``: the claims.
* ``derivations.py``: the sympy derivations.
"""
