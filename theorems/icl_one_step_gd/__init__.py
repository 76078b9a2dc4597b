"""icl_one_step_gd: one step of gradient descent is the optimal one-layer linear-self-attention in-context
learner (A. Mahankali, T. B. Hashimoto, T. Ma, arXiv 2307.03576, ICLR 2024; no code release).

The paper body was not read: the data model, the LSA parametrisation and the step formula are as reconstructed
from the abstract, and the statements are decided in that setting. Statements covered: the minimiser is one
GD step (d ≥ 2 and d = 1), the optimal step and minimal risk, vanishing blocks and uniqueness up to scaling,
preconditioned GD for non-isotropic covariates (tasks N(0, Σ⁻¹) and N(0, I)), nonlinear odd responses and a
non-equivariant response, one step against the Bayes (ridge) predictor, and an L-BFGS reproduction.

- ``paper.py``: the paper;
- ``library.py``: the LSA predictor, one preconditioned GD step, the ridge predictor, the optimal step and
  preconditioner, the exact one-step risk and the Wishart moment, with validated inputs;
- ``formulas.py``: the closed forms and predictors under test and their mutants;
- ``claims.py``: the claims; ``derivations.py``: the sympy derivations.
"""
