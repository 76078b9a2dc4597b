"""Layer Normalization (arXiv 1607.06450): the claims of Table 1, the §5.1 text (S12), S13 and the
conditions ε, bias and train/eval mode.

Each Table 1 cell is its own claim (``layernorm.table1.<method>_<transformation>``): "Invariant"
cells are invariance claims (expected proved); "No" cells are stated as invariance claims and
expected refuted, with a counterexample re-verified at 50 digits. ``layernorm.table1`` is the whole
table with the extension column.
"""

from __future__ import annotations

from claimkit import Claim

from .formulas import (
    BREAKERS,
    FEATURES,
    WRONG_NORMS,
    batchnorm_eval,
    batchnorm_features,
    batchnorm_with_bias,
    batchnorm_with_bias_center_only,
    batchnorm_with_bias_no_center,
    bound_exact,
    bound_no_delta_factor,
    bound_quarter,
    eps_error_bound,
    eps_rescaling_factor,
    kappa_delta_not_squared,
    kappa_delta_squared_wrong_side,
    kappa_exact_invariance,
    layernorm_features,
    layernorm_with_bias,
    orthogonal_blocks,
    orthogonal_blocks_columns,
    orthogonal_blocks_refined,
)
from .paper import PAPER
from .table1 import COLUMNS, NORM_NAMES, TABLE1, TABLE1_EXTENDED, TRANSFORMS, flipped

# -- the cells ------------------------------------------------------------------------------------------

CELLS: dict[tuple[str, str], Claim] = {}
for (_norm, _tf), _published in TABLE1.items():
    _claim = Claim(
        id=f"layernorm.table1.{_norm}_{_tf}",
        paper=PAPER,
        location=f"Table 1, row {NORM_NAMES[_norm]}, column '{COLUMNS[_tf]}' "
                 f"(published: {'Invariant' if _published else 'No'})",
        statement=f"The features of {NORM_NAMES[_norm]} are invariant to {TRANSFORMS[_tf]}.",
        assumptions=("ε = 0", "no bias before the normalization", "BatchNorm in train mode (batch statistics)",
                     "all scaling factors δ > 0"),
        kind="identity",
        expected="proved" if _published else "refuted",
        subject=FEATURES[_norm],
        notes="" if _published else "Table 1 says No; the suite confirms it with a counterexample "
                                    "re-verified at 50 digits.",
    )
    for _m in BREAKERS.get((_norm, _tf), ()):
        _claim.mutant(_m, WRONG_NORMS[_m][0], WRONG_NORMS[_m][1])
    CELLS[(_norm, _tf)] = _claim

TABLE_CLAIM = Claim(
    id="layernorm.table1",
    paper=PAPER,
    location="Table 1 (all 18 cells)",
    statement="Table 1 is right in every cell for the transformations as defined.",
    assumptions=("ε = 0", "no bias before the normalization", "BatchNorm in train mode"),
    kind="identity",
    expected="supported",
    subject=TABLE1_EXTENDED,
    notes="Every published cell agrees with the measured behaviour of the layers; the extension column "
          "(per-feature re-scaling of one case) is 'No' for every method.",
)

TABLE_CLAIM.mutant("layer_row_rescaling", "LayerNorm invariant to weight-vector (row) re-scaling",
                   flipped(("layer", "w_vector_rescaling")))
TABLE_CLAIM.mutant("layer_case_feature_rescaling", "LayerNorm invariant to per-feature re-scaling of one case",
                   flipped(("layer", "case_feature_rescaling")))
TABLE_CLAIM.mutant("layer_data_recentering", "LayerNorm invariant to dataset re-centering",
                   flipped(("layer", "data_recentering")))
TABLE_CLAIM.mutant("batch_case_rescaling", "BatchNorm invariant to single-case re-scaling",
                   flipped(("batch", "case_rescaling")))
TABLE_CLAIM.mutant("batch_w_recentering", "BatchNorm invariant to weight-matrix re-centering",
                   flipped(("batch", "w_matrix_recentering")))
TABLE_CLAIM.mutant("weight_data_rescaling", "WeightNorm invariant to dataset re-scaling (the §5.1 text)",
                   flipped(("weight", "data_rescaling")))
TABLE_CLAIM.mutant("layer_w_recentering_no", "LayerNorm not invariant to weight-matrix re-centering",
                   flipped(("layer", "w_matrix_recentering")))


# -- §5.1 text, S13, and the conditions ε, bias, train/eval -------------------------------------------

DATA_RESCALING_ALL = Claim(
    id="layernorm.data_rescaling_all_methods",
    paper=PAPER,
    location="§5.1 text (S12)",
    statement="\"All the normalization methods are invariant to re-scaling the dataset.\"",
    assumptions=("ε = 0", "BatchNorm in train mode"),
    kind="identity",
    expected="conditional",
    subject=dict(FEATURES),
    refined_by="layernorm.data_rescaling_batch_layer",
    notes="False for WeightNorm, whose features scale with x (Table 1 itself says No there); true for "
          "BatchNorm and LayerNorm.",
)

DATA_RESCALING_BL = Claim(
    id="layernorm.data_rescaling_batch_layer",
    paper=PAPER,
    location="§5.1 text (S12), restricted to the methods that standardize the summed inputs",
    statement="BatchNorm and LayerNorm features are invariant to re-scaling the dataset x′ = δx, δ > 0.",
    assumptions=("ε = 0", "BatchNorm in train mode"),
    kind="identity",
    expected="proved",
    subject={"batch": batchnorm_features, "layer": layernorm_features},
)
DATA_RESCALING_BL.mutant("batch_center_only", WRONG_NORMS["batch_center_only"][0],
                         {"batch": WRONG_NORMS["batch_center_only"][1], "layer": layernorm_features})
DATA_RESCALING_BL.mutant("layer_center_only", WRONG_NORMS["layer_center_only"][0],
                         {"batch": batchnorm_features, "layer": WRONG_NORMS["layer_center_only"][1]})

PER_ROW = Claim(
    id="layernorm.per_row_orthogonality",
    paper=PAPER,
    location="S13 (LayerNorm compared with BatchNorm)",
    statement="LayerNorm gives the per-row orthogonality w_i · ∇_{w_i} f = 0 (and hence the per-row norm growth "
              "under GD) that BatchNorm gives.",
    assumptions=("ε = 0", "squared loss on a linear head"),
    kind="identity",
    expected="conditional",
    subject=orthogonal_blocks,
    refined_by="layernorm.whole_matrix_orthogonality",
    notes="LayerNorm is invariant to re-scaling the whole matrix only (Table 1: No for weight-vector "
          "re-scaling), so only Σ_i w_i·∇_{w_i} f = 0 holds; single rows are not orthogonal to their gradient.",
)

WHOLE_MATRIX = Claim(
    id="layernorm.whole_matrix_orthogonality",
    paper=PAPER,
    location="S13 refined",
    statement="BatchNorm gives w_i · ∇_{w_i} f = 0 for every row; LayerNorm gives only the whole-matrix "
              "identity Σ_i w_i · ∇_{w_i} f = 0 (so GD grows ‖W‖_F, not each row).",
    assumptions=("ε = 0", "squared loss on a linear head"),
    kind="identity",
    expected="proved",
    subject=orthogonal_blocks_refined,
)
WHOLE_MATRIX.mutant("layer_rows", "LayerNorm orthogonal row by row (S13 as stated)", orthogonal_blocks)
WHOLE_MATRIX.mutant("batch_columns", "BatchNorm orthogonal column by column", orthogonal_blocks_columns)

EPS_FACTOR = Claim(
    id="layernorm.eps_rescaling_factor",
    paper=PAPER,
    location="§3 (ε inside the square root) applied to Table 1's weight-matrix re-scaling",
    statement="With ε > 0, LayerNorm is invariant to W′ = δW only approximately: each case's features are "
              "multiplied by κ = √((σ² + ε)/(σ² + ε/δ²)), σ² the case's variance of a = Wx.",
    assumptions=("ε > 0", "δ > 0"),
    kind="identity",
    expected="proved",
    subject=eps_rescaling_factor,
)
EPS_FACTOR.mutant("exact_invariance", "invariance claimed exact with ε > 0 (κ = 1)", kappa_exact_invariance)
EPS_FACTOR.mutant("delta_squared_wrong_side", "κ = √((σ² + ε)/(σ² + εδ²))", kappa_delta_squared_wrong_side)
EPS_FACTOR.mutant("delta_not_squared", "κ = √((σ² + ε)/(σ² + ε/δ))", kappa_delta_not_squared)

EPS_BOUND = Claim(
    id="layernorm.eps_tolerance",
    paper=PAPER,
    location="§3 (ε inside the square root) applied to Table 1's weight-matrix re-scaling",
    statement="With ε > 0 the invariance error of LayerNorm under W′ = δW is at most (ε/2σ²)·|1 − δ⁻²| "
              "relative to the features, per case (σ² the case's variance of a = Wx before re-scaling).",
    assumptions=("ε > 0", "δ > 0"),
    kind="inequality",
    expected="proved",
    subject=eps_error_bound,
)
EPS_BOUND.mutant("exact", "no error at all (ε ignored)", bound_exact)
EPS_BOUND.mutant("no_delta_factor", "bound ε/2σ², independent of δ", bound_no_delta_factor)
EPS_BOUND.mutant("quarter", "bound (ε/4σ²)|1 − δ⁻²|", bound_quarter)

BIAS_LAYER = Claim(
    id="layernorm.bias_layer_w_rescaling",
    paper=PAPER,
    location="Table 1 condition: a bias before the normalization (LayerNorm)",
    statement="With a fixed bias b before the normalization (h = LN(XWᵀ + b)), LayerNorm stays invariant to W′ = δW.",
    assumptions=("ε = 0", "the bias b is not re-scaled with W", "b not constant across units"),
    kind="identity",
    expected="refuted",
    subject=layernorm_with_bias,
    notes="δ scales XWᵀ but not b, and LayerNorm removes only a shift common to all units of a case.",
)

BIAS_BATCH = Claim(
    id="layernorm.bias_batch_w_rescaling",
    paper=PAPER,
    location="Table 1 condition: a bias before the normalization (BatchNorm)",
    statement="With a fixed bias b before the normalization (h = BN(XWᵀ + b)), BatchNorm stays invariant to "
              "W′ = δW: a per-unit bias is a shift constant over the batch, which BatchNorm removes.",
    assumptions=("ε = 0", "BatchNorm in train mode"),
    kind="identity",
    expected="proved",
    subject=batchnorm_with_bias,
)
BIAS_BATCH.mutant("center_only", "BatchNorm that only subtracts the batch mean", batchnorm_with_bias_center_only)
BIAS_BATCH.mutant("no_center", "BatchNorm that only divides by the batch RMS", batchnorm_with_bias_no_center)

BN_EVAL = Claim(
    id="layernorm.batchnorm_eval_w_rescaling",
    paper=PAPER,
    location="Table 1 condition: BatchNorm in eval mode (fixed running statistics)",
    statement="BatchNorm in eval mode, with running statistics fixed from training, is invariant to W′ = δW.",
    assumptions=("ε = 0", "running mean and variance fixed before the re-scaling"),
    kind="identity",
    expected="conditional",
    subject=batchnorm_eval,
    refined_by="layernorm.table1.batch_w_matrix_rescaling",
    notes="With fixed statistics the features are affine in a = XWᵀ: re-scaling W re-scales them. The "
          "invariance holds in train mode (batch statistics), the Table 1 cell.",
)

