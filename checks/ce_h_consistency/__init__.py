"""Numerical checks of the ce_h_consistency claims.

Ground truth never comes from the transforms under test: the exact infimum of the conditional regret is computed
from the KKT solution of the inner convex problem over s and a grid over p (``ground_truth.py``); at n = 2 by
findroot on the risk's derivative at 30 digits; mean absolute error in exact rationals; the bounded-score regret by
bounded scalar minimisation and findroot at 40 digits; Γ₁ by findroot; the library by the loss's definition in
mpmath, BFGS over scores and exact rationals.
"""
