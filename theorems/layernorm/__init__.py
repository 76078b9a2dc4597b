"""Layer Normalization, §5.1 and Table 1: invariance of BatchNorm, WeightNorm and LayerNorm.

Ba, Kiros, Hinton, "Layer Normalization", arXiv 1607.06450 (2016). Statements covered: every cell
of Table 1 (and the whole table, with an extension column), the §5.1 text on dataset re-scaling
(S12), the S13 comparison of LayerNorm with BatchNorm (per-row against whole-matrix orthogonality),
and the conditions the table relies on: ε inside the square root (§3), a bias before the
normalization, and BatchNorm in eval mode.

Modules:

* ``paper``: the paper.
* ``table1``: Table 1 as published (methods, transformations, column headings, cells).
* ``formulas``: the normalization layers of §5.1 and the other formulas under test, with their mutants.
* ``claims``: the claims (one per Table 1 cell, the table, §5.1 text, S13, ε, bias, eval mode).
* ``derivations``: the sympy derivations.
"""
