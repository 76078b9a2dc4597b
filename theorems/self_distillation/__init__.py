"""Self-distillation with ground-truth targets in kernel ridge regression.

K. Borup, L. N. Andersen, "Even your Teacher Needs Guidance: Ground-Truth Targets Dampen Regularization
Imposed by Self-Distillation", arXiv 2102.13088 (NeurIPS 2021); code github.com/Kennethborup/self_distillation
(commit cb20d6c: ``toy_example.ipynb``, ``self_distiller.py``). The paper body could not be read: the
recursion is reconstructed from the abstract and matches the released notebook; theorem numbers and the
criterion of the optimal weight are not confirmed (each claim's location and notes say so).

Statements covered: the step on the training points, the closed form from the initial fit, the
limit with regularisation amplified by 1/α (matrix and per-mode), the boundaries α = 0 and α = 1,
the monotone multipliers and the faster shrinking of small modes, the optimal weight's closed form and
its range, the released toy's README table and its column label, the released ResNet loss's
regulariser and weighting.

Modules:

- ``paper``: the paper (``PAPER``).
- ``library``: what a practitioner calls: :func:`~.library.distill`, :func:`~.library.distill_limit`,
  :func:`~.library.optimal_alpha`.
- ``formulas``: the formulas as the paper states them (each a claim's subject) and their mutants; the
  per-mode limit is a ``Formula`` declared as a formula claim.
- ``released``: numpy ports of the released notebook and training step, and their mutants.
- ``claims``: the claims of the paper and of the released code.
- ``claims_library`` and ``library_variants``: the library conformance claims and the planted bugs.
- ``derivations``: the sympy derivations.
"""
