"""Numerical checks of the kl_dro claims.

Ground truths: scipy maximisation of the primal problems (L-BFGS on the softmax parametrisation), the
constrained primal's KKT point in mpmath, bounded scalar minimisation of the dual, mpmath at 30 to 80
digits (the primal objective at given weights, root finding for temperatures and multipliers, the LDR-KL
loss at extreme λ), exact bounds (Jensen, Hoeffding), and mpmath ports of the released losses.

* ``strategies.py``: seeds, loss vectors, temperatures.
* ``numerics.py``: the ground-truth routines (solvers, mpmath evaluations).
* ``dro.py``: K1 (value, weights), K2 (duality, active and inactive constraint), K4 (reverse KL).
* ``ldr.py``: K3 (the LDR-KL limits) and the library's ldr_kl_loss.
* ``temperature.py``: K5 (individual temperatures in the stylised model, with its figure).
* ``released.py``: K6 and K7 (LDRLoss_V1 and ALDRLoss_V1 ports).
"""
