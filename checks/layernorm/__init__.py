"""Numerical checks of Layer Normalization Table 1, §5.1, S13, the ε / bias / eval-mode conditions, and the
library's layers.

Ground truth: the layers evaluated before and after each transformation (float64, and 50-digit
mpmath for re-verifying counterexamples); complex-step and 50-digit derivatives for S13; exact
rationals and complex-step derivatives of an independent implementation for the library.

Modules:

* ``instances``: random instances, the Table 1 transformations (and what they draw), the conditioning test,
  mpmath lifting.
* ``strategies``: the hypothesis strategies and the transformed instance shared by the checks.
* ``precision``: the float64 invariance tolerance and the 50-digit re-verification of a cell.
* ``cells``: one check per Table 1 cell, and the whole table (and the extension column) against the layers.
* ``data_rescaling``: the §5.1 text (S12) on dataset re-scaling.
* ``orthogonality``: S13, blocks of W orthogonal to their gradient.
* ``eps``: LayerNorm with ε > 0, the factor κ and the error bound.
* ``conditions``: a bias before the normalization, BatchNorm in eval mode.
* ``library_conformance``: the library's layers, loss and gradients against exact and complex-step ground truth.
* ``figures``: the ε figure.
"""
