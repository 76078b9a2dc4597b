"""Numerical checks of Layer Normalization Table 1, §5.1, S13 and the ε / bias / eval-mode conditions.

Ground truth: the layers evaluated before and after each transformation (float64, and 50-digit
mpmath for re-verifying counterexamples); complex-step and 50-digit derivatives for S13.

Modules:

* ``instances``: random instances, the Table 1 transformations, the conditioning test, mpmath lifting.
* ``strategies``: the hypothesis strategies and the transformed instance shared by the checks.
* ``precision``: the float64 invariance tolerance and the 50-digit re-verification of a cell.
* ``cells``: one check per Table 1 cell, and the whole table against the measured layers.
* ``data_rescaling``: the §5.1 text (S12) on dataset re-scaling.
* ``orthogonality``: S13, blocks of W orthogonal to their gradient.
* ``eps``: LayerNorm with ε > 0, the factor κ and the error bound.
* ``conditions``: a bias before the normalization, BatchNorm in eval mode.
* ``figures``: the ε figure.
"""
