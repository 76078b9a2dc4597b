"""Layer Normalization, §5.1 and Table 1: invariance of BatchNorm, WeightNorm and LayerNorm.

Ba, Kiros, Hinton, "Layer Normalization", arXiv 1607.06450 (2016). Statements covered: every cell
of Table 1 (the "No" cells as statements the paper denies) and the whole table, the §5.1 text on
dataset re-scaling (S12), and S13, per-row orthogonality for LayerNorm, which §5.1 denies. The suite
adds: an extension column, the refinements of S12 and S13, the conditions the table relies on (ε
inside the square root, which the paper's definitions do not have; a bias before the normalization;
BatchNorm in eval mode), and the conformance of the library users call (``fixtures/normalization.py``)
to the paper's layers.

Modules:

* ``paper``: the paper.
* ``table1``: Table 1 as published (methods, transformations, column headings, cells), and the extension column.
* ``formulas``: the normalization layers of §5.1 (the library's) and the other formulas under test, with their
  mutants.
* ``library_mutants``: the library's public names as a claim subject, and bugs planted in its source.
* ``claims``: the claims (one per Table 1 cell, the table, §5.1 text, S13, ε, bias, eval mode, the library).
* ``derivations``: the sympy derivations.
"""
