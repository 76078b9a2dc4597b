"""Probability-domain softening operators for knowledge distillation.

A. R. Flouro, S. P. Chadwick, "Sparse Knowledge Distillation: A Mathematical Framework for Probability-Domain
Temperature Scaling and Multi-Stage Compression", arXiv 2601.03195 (2026). No code release. Only the abstract
could be read; each statement is a formalisation of it, and the claims say so.

Statements covered (the specification's O1–O8): the equivalence $p^{1/T} \\propto \\operatorname{softmax}(z/T)$
(O1, also as a formula claim for two classes); axioms A1, A2, A4 of the power family on the whole simplex (O2);
the entropy derivative and monotonicity, and when it is strict (O3); the limits $T \\to 0$ and $T \\to \\infty$
with ties and zeros (O4, refuted as stated, corrected); which of the candidate families (power, (M), (S), (E))
satisfy A1–A5 (O5); top-$k$ truncation (O6); the students of equivalent operators (O7); the $O(1/n)$ rate,
not checkable from the abstract (O8); and the library.

Modules:

- ``paper``: the paper (``PAPER``).
- ``library``: what a practitioner calls: ``soften``, ``log_soften``, ``soften_logits``, ``mix_soften``,
  ``top_k``, ``entropy`` (validated inputs, log space).
- ``formulas``: the operators and formulas as formalised, at arbitrary precision (mpmath), and their mutants.
- ``claims``: one claim per statement, with mutants; ``origin="suite"`` for the corrections, the candidate
  families (S) and (E), the full-simplex student and the library.
- ``derivations``: the sympy derivations.
"""
