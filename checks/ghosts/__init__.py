"""Numerical checks of the Ghosts-of-Softmax claims (arXiv 2603.13552).

Ground truth is never the radius formula under test: zeros of F come from ``mpmath.polyroots`` at 40
digits (integer slopes make F a polynomial in u = e^t), from the argument principle (winding number of
F on a circle), or from the growth of the exact Taylor coefficients of log F; KL divergences are
computed at 50 digits; the empirical claims train a numpy MLP on scikit-learn's digits.

Modules:

- ``numerics``: the high-precision routes (polynomial roots, winding numbers, Taylor recursions).
- ``ground_truth``: those routes as the checks use them, with the tolerances they share.
- ``strategies``: the hypothesis strategies shared by several check modules.
- ``radius``: Prop 4.2, Thm 4.3, Thm 4.6 and its equality case, Lemma 4.5.
- ``top2``: Eq. 13 (the top-2 ghost, as printed and corrected, and the top-2 multiclass proxy).
- ``step_size``: Def 4.7, Def 5.1, §5.1, Prop 5.2, §6.4.
- ``kl``: App. 4 eq. 26, Lemma App 4.1, Thm App 4.2.
- ``logistic``: App. 5.
- ``activations``: App. 2 (activation singularities and the per-neuron cap).
- ``mlp``: the numpy MLP on scikit-learn's digits used by the empirical claims.
- ``training``: the empirical claims (r sweep and learning-rate spike).
- ``library_conformance``: the library's ``taylor_radius`` and ``controller_step`` against 40-digit ground
  truth, over inputs scaled by 10^±250.
- ``figures``: the figures of Thm 4.3 and Thm 4.6.
"""
