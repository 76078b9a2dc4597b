"""Layer Normalization (arXiv 1607.06450), Table 1: which transformations each method is invariant to.

Each Table 1 cell is its own claim: "Invariant" cells are invariance claims the paper asserts
(expected proved); "No" cells are the same invariance statements, which the paper denies (expected
refuted, with a counterexample re-verified at 50 digits). The six transformations, with δ > 0:

| name | transformation |
|---|---|
| w_matrix_rescaling | W′ = δ W |
| w_matrix_recentering | W′ = δ W + 1 γᵀ (the same γ ∈ R^d added to every row) |
| w_vector_rescaling | w_i′ = δ_i w_i (one factor per row) |
| data_rescaling | x_n′ = δ x_n for all cases |
| data_recentering | x_n′ = x_n + c for all cases |
| case_rescaling | x_n′ = δ_n x_n (one factor per case) |

An extension not in the table, ``case_feature_rescaling`` (x_n′ = D_n x_n, D_n positive diagonal),
is the suite's own column (``EXTENSION_COLUMN``): no method is invariant to it.
"""

from __future__ import annotations

NORM_NAMES = {"batch": "BatchNorm", "weight": "WeightNorm", "layer": "LayerNorm"}

TRANSFORMS = {
    "w_matrix_rescaling": r"weight-matrix re-scaling $W' = \delta W$",
    "w_matrix_recentering": r"weight-matrix re-centering $W' = \delta W + \mathbf{1}\gamma^\top$ (the same $\gamma$ "
                            r"added to every row)",
    "w_vector_rescaling": r"weight-vector re-scaling $w_i' = \delta_i w_i$",
    "data_rescaling": r"dataset re-scaling $x_n' = \delta x_n$ for all cases",
    "data_recentering": r"dataset re-centering $x_n' = x_n + c$ for all cases",
    "case_rescaling": r"single training case re-scaling $x_n' = \delta_n x_n$",
}
#: Table 1's column headings.
COLUMNS = {
    "w_matrix_rescaling": "Weight matrix re-scaling", "w_matrix_recentering": "Weight matrix re-centering",
    "w_vector_rescaling": "Weight vector re-scaling", "data_rescaling": "Dataset re-scaling",
    "data_recentering": "Dataset re-centering", "case_rescaling": "Single training case re-scaling",
}
EXTENSION = {"case_feature_rescaling": r"per-feature re-scaling of single cases $x_n' = D_n x_n$ ($D_n$ positive "
                                      r"diagonal; not in Table 1)"}

#: Table 1 as published (True = "Invariant", False = "No").
TABLE1: dict[tuple[str, str], bool] = {
    ("batch", "w_matrix_rescaling"): True, ("batch", "w_matrix_recentering"): False,
    ("batch", "w_vector_rescaling"): True, ("batch", "data_rescaling"): True,
    ("batch", "data_recentering"): True, ("batch", "case_rescaling"): False,
    ("weight", "w_matrix_rescaling"): True, ("weight", "w_matrix_recentering"): False,
    ("weight", "w_vector_rescaling"): True, ("weight", "data_rescaling"): False,
    ("weight", "data_recentering"): False, ("weight", "case_rescaling"): False,
    ("layer", "w_matrix_rescaling"): True, ("layer", "w_matrix_recentering"): True,
    ("layer", "w_vector_rescaling"): False, ("layer", "data_rescaling"): True,
    ("layer", "data_recentering"): False, ("layer", "case_rescaling"): True,
}
#: The extension column, not in the paper (every method: not invariant).
EXTENSION_COLUMN: dict[tuple[str, str], bool] = {(n, "case_feature_rescaling"): False for n in NORM_NAMES}
#: Table 1 with the extension column.
TABLE1_EXTENDED: dict[tuple[str, str], bool] = {**TABLE1, **EXTENSION_COLUMN}


def flipped(cell: tuple[str, str], table: dict[tuple[str, str], bool] | None = None) -> dict[tuple[str, str], bool]:
    """``table`` (default: the extended table) with one cell's entry reversed (a wrong version of it)."""
    out = dict(TABLE1_EXTENDED if table is None else table)
    out[cell] = not out[cell]
    return out
