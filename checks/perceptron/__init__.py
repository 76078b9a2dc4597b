"""Numerical checks of the perceptron family (Tyurin, arXiv 2412.08424; claims in theorems/perceptron/).

Ground truth comes from running the algorithms themselves (LR+GD in float64 at a step size chosen
so the limit error exp(−γ·min|margin|) is far below the tolerance, or in mpmath at 60 digits), exact
rational Batch Perceptron runs, and a QP for μ; never from the formula under test. The library's own
checks compare it with references written independently from the paper's definitions.

Modules:

- ``limits.py``: the γ → ∞ limits (σ(−γm), the first step, Thm 3.2 with and without its
  assumptions, Normalized LR+GD's step in §6, Thm 4.1).
- ``bounds.py``: the iteration bounds of Thms 3.3, 5.2, 5.3, 6.1 and the Jensen step.
- ``thm51.py``: Thm 5.1's growth and exact counts, and the exact ties on its dataset (Assumption 3.1).
- ``losses.py``: the abstract's statement (i) on the loss, in its three readings.
- ``speed.py``: the abstract's statements (ii) (larger steps are faster; the loss does not measure
  progress) and (iii) (suboptimality).
- ``library.py``: the library against the references (every public function, at data scales 2^{±660}).
- ``table1.py``: Table 1's first row.
- ``figures.py``: the figures.
- ``strategies.py``: datasets and the hypothesis strategies drawing them, and the separability test of
  drawn data (exact in the plane, cached).
- ``numerics.py``: LR+GD and Normalized LR+GD at 40+ digits in mpmath, to re-verify counterexamples and
  as the library's reference.
- ``reference.py``: BP, NBP, the Perceptron, the first solving iterate, separability and μ in exact
  arithmetic, from the paper's definitions.
"""
