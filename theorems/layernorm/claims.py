"""Layer Normalization (arXiv 1607.06450): the claims of Table 1 and §5.1 (S11, S12), S13, the conditions
ε, bias and train/eval mode, and the library's conformance to the paper's layers.

Each Table 1 cell is its own claim (``layernorm.table1.<method>_<transformation>``), stated as the
invariance: "Invariant" cells are asserted by the paper (expected proved); "No" cells are denied by
it (``stance="denies"``, expected refuted, with a counterexample re-verified at 50 digits, so the
paper holds). ``layernorm.table1`` is the whole published table; the extension column, the
conditions ε, bias and eval mode, the refinements and the library's conformance are the suite's own
statements (``origin="suite"``).
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
from .library_mutants import LIBRARY, PLANTED
from .paper import PAPER
from .table1 import COLUMNS, EXTENSION, EXTENSION_COLUMN, NORM_NAMES, TABLE1, TRANSFORMS, flipped

#: The paper's own assumptions for Table 1 and §5.1: its definitions of the three layers.
NO_EPS = r"$\epsilon = 0$: $\sigma$ as the paper defines it (Eq. (2)–(3)), with no $\epsilon$"
BIAS_AFTER = (r"the gain $g$ and bias $b$ come after the normalization, as in §5.1: "
              r"$h_i = f(\frac{g_i}{\sigma_i}(a_i - \mu_i) + b_i)$; no bias before it")
BATCH_STATISTICS = (r"BatchNorm's $\mu$ and $\sigma$ are the statistics of the current batch (Eq. (2), "
                    "estimated over the mini-batch: train mode)")
POSITIVE_FACTORS = (r"every re-scaling factor $\delta > 0$ (§5.1: $\mu$ and $\sigma$ 'will also be scaled by "
                    r"$\delta$'; $\sigma' = \delta\sigma$ in its single-case derivation)")
PAPER_ASSUMPTIONS = (NO_EPS, BIAS_AFTER, BATCH_STATISTICS, POSITIVE_FACTORS)

# -- the cells ------------------------------------------------------------------------------------------

CELLS: dict[tuple[str, str], Claim] = {}
for (_norm, _tf), _published in TABLE1.items():
    _claim = Claim(
        id=f"layernorm.table1.{_norm}_{_tf}",
        paper=PAPER,
        location=f"Table 1, row {NORM_NAMES[_norm]}, column '{COLUMNS[_tf]}' "
                 f"(published: {'Invariant' if _published else 'No'})",
        statement=f"The features of {NORM_NAMES[_norm]} are invariant to {TRANSFORMS[_tf]}.",
        assumptions=PAPER_ASSUMPTIONS,
        kind="identity",
        expected="proved" if _published else "refuted",
        subject=FEATURES[_norm],
        notes="" if _published else (f"Table 1 says No: {NORM_NAMES[_norm]} is not invariant to this transformation. "
                                     "A random batch whose features change under it, re-verified at 50 digits, "
                                     "bears the paper out."),
        stance="asserts" if _published else "denies",
    )
    for _m in BREAKERS.get((_norm, _tf), ()):
        _claim.mutant(_m, WRONG_NORMS[_m][0], WRONG_NORMS[_m][1])
    CELLS[(_norm, _tf)] = _claim

TABLE_CLAIM = Claim(
    id="layernorm.table1",
    paper=PAPER,
    location="Table 1 (all 18 cells)",
    statement="Table 1 is right in every cell for the transformations as defined.",
    assumptions=PAPER_ASSUMPTIONS,
    kind="identity",
    expected="supported",
    subject=dict(TABLE1),
    notes="Every published cell agrees with the measured behaviour of the layers.",
)

TABLE_CLAIM.mutant("layer_row_rescaling", "LayerNorm invariant to weight-vector (row) re-scaling",
                   flipped(("layer", "w_vector_rescaling"), TABLE1))
TABLE_CLAIM.mutant("layer_data_recentering", "LayerNorm invariant to dataset re-centering",
                   flipped(("layer", "data_recentering"), TABLE1))
TABLE_CLAIM.mutant("batch_case_rescaling", "BatchNorm invariant to single-case re-scaling",
                   flipped(("batch", "case_rescaling"), TABLE1))
TABLE_CLAIM.mutant("batch_w_recentering", "BatchNorm invariant to weight-matrix re-centering",
                   flipped(("batch", "w_matrix_recentering"), TABLE1))
TABLE_CLAIM.mutant("weight_data_rescaling", "WeightNorm invariant to dataset re-scaling (the §5.1 text)",
                   flipped(("weight", "data_rescaling"), TABLE1))
TABLE_CLAIM.mutant("layer_w_recentering_no", "LayerNorm not invariant to weight-matrix re-centering",
                   flipped(("layer", "w_matrix_recentering"), TABLE1))

TABLE_EXTENSION = Claim(
    id="layernorm.table1_extension",
    paper=PAPER,
    location="Table 1, a column the suite adds: " + EXTENSION["case_feature_rescaling"].split(" $")[0],
    statement=f"A column beyond Table 1, {EXTENSION['case_feature_rescaling']}: its entry is 'No' for all three "
              "methods, and every entry agrees with the measured layers.",
    assumptions=PAPER_ASSUMPTIONS,
    kind="identity",
    expected="supported",
    subject=dict(EXTENSION_COLUMN),
    notes="LayerNorm's invariance to single-case re-scaling (Table 1) does not extend to re-scaling the features "
          "of a case by different factors.",
    origin="suite",
)
TABLE_EXTENSION.mutant("layer_case_feature_rescaling", "LayerNorm invariant to per-feature re-scaling of one case",
                       flipped(("layer", "case_feature_rescaling"), EXTENSION_COLUMN))


# -- §5.1 text, S13, and the conditions ε, bias, train/eval -------------------------------------------

DATA_RESCALING_ALL = Claim(
    id="layernorm.data_rescaling_all_methods",
    paper=PAPER,
    location="§5.1 text, data re-scaling and re-centering (S12)",
    statement=r"\"All the normalization methods are invariant to re-scaling the dataset\": the features of "
              r"BatchNorm, WeightNorm and LayerNorm are unchanged by $x_n' = \delta x_n$ for every case.",
    assumptions=PAPER_ASSUMPTIONS,
    kind="identity",
    expected="conditional",
    subject=dict(FEATURES),
    refined_by="layernorm.data_rescaling_batch_layer",
    notes=r"False for WeightNorm, whose summed inputs $a = X\hat W^\top$ scale with $x$ (Table 1 itself says No "
          "there); true for BatchNorm and LayerNorm.",
)

DATA_RESCALING_BL = Claim(
    id="layernorm.data_rescaling_batch_layer",
    paper=PAPER,
    location="§5.1 text (S12), restricted to the methods that standardize the summed inputs",
    statement=r"BatchNorm and LayerNorm features are invariant to re-scaling the dataset, $x' = \delta x$ with "
              r"$\delta > 0$.",
    assumptions=PAPER_ASSUMPTIONS,
    kind="identity",
    expected="proved",
    subject={"batch": batchnorm_features, "layer": layernorm_features},
    origin="suite",
)
DATA_RESCALING_BL.mutant("batch_center_only", WRONG_NORMS["batch_center_only"][0],
                         {"batch": WRONG_NORMS["batch_center_only"][1], "layer": layernorm_features})
DATA_RESCALING_BL.mutant("layer_center_only", WRONG_NORMS["layer_center_only"][0],
                         {"batch": batchnorm_features, "layer": WRONG_NORMS["layer_center_only"][1]})

PER_ROW = Claim(
    id="layernorm.per_row_orthogonality",
    paper=PAPER,
    location="§5.1, weight re-scaling: layer normalization 'is not invariant to the individual scaling of the "
             "single weight vectors' (S13, LayerNorm compared with BatchNorm)",
    statement=r"LayerNorm gives the per-row orthogonality $w_i \cdot \nabla_{w_i} f = 0$ (and hence the per-row "
              "norm growth under gradient descent) that BatchNorm gives.",
    assumptions=(NO_EPS, BIAS_AFTER),
    kind="identity",
    expected="conditional",
    subject=orthogonal_blocks,
    refined_by="layernorm.whole_matrix_orthogonality",
    notes=r"Orthogonality of every row at every $W$ is scale invariance of every row (Euler's theorem), which "
          r"§5.1 says LayerNorm lacks: scaling one row of $W$ changes every case's standardization. Only the "
          r"whole-matrix identity $\sum_i w_i \cdot \nabla_{w_i} f = 0$ holds (the refined claim). The witness "
          "is a squared loss on a linear head.",
    stance="denies",
)

WHOLE_MATRIX = Claim(
    id="layernorm.whole_matrix_orthogonality",
    paper=PAPER,
    location="S13 refined: §5.1's weight re-scaling invariances read through Euler's theorem",
    statement=r"BatchNorm gives $w_i \cdot \nabla_{w_i} f = 0$ for every row; LayerNorm gives only the "
              r"whole-matrix identity $\sum_i w_i \cdot \nabla_{w_i} f = 0$ (so gradient descent grows "
              r"$\lVert W \rVert_F$, not each row).",
    assumptions=(NO_EPS, BIAS_AFTER, "squared loss on a linear head"),
    kind="identity",
    expected="proved",
    subject=orthogonal_blocks_refined,
    origin="suite",
)
WHOLE_MATRIX.mutant("layer_rows", "LayerNorm orthogonal row by row (S13 as stated)", orthogonal_blocks)
WHOLE_MATRIX.mutant("batch_columns", "BatchNorm orthogonal column by column", orthogonal_blocks_columns)

EPS_LOCATION = ("Table 1's weight-matrix re-scaling with the ε that implementations add inside the square root "
                "(the paper's Eq. (2)–(3) have none)")

EPS_FACTOR = Claim(
    id="layernorm.eps_rescaling_factor",
    paper=PAPER,
    location=EPS_LOCATION,
    statement=r"With $\epsilon > 0$, LayerNorm is invariant to $W' = \delta W$ only approximately: each case's "
              r"features are multiplied by $\kappa = \sqrt{(\sigma^2 + \epsilon)/(\sigma^2 + \epsilon/\delta^2)}$, "
              r"$\sigma^2$ the case's variance of $a = Wx$.",
    assumptions=(r"$\epsilon > 0$ inside the square root", r"$\delta > 0$"),
    kind="identity",
    expected="proved",
    subject=eps_rescaling_factor,
    origin="suite",
)
EPS_FACTOR.mutant("exact_invariance", r"invariance claimed exact with $\epsilon > 0$ ($\kappa = 1$)",
                  kappa_exact_invariance)
EPS_FACTOR.mutant("delta_squared_wrong_side", r"$\kappa = \sqrt{(\sigma^2 + \epsilon)/(\sigma^2 + \epsilon\delta^2)}$",
                  kappa_delta_squared_wrong_side)
EPS_FACTOR.mutant("delta_not_squared", r"$\kappa = \sqrt{(\sigma^2 + \epsilon)/(\sigma^2 + \epsilon/\delta)}$",
                  kappa_delta_not_squared)

EPS_BOUND = Claim(
    id="layernorm.eps_tolerance",
    paper=PAPER,
    location=EPS_LOCATION,
    statement=r"With $\epsilon > 0$ the invariance error of LayerNorm under $W' = \delta W$ is at most "
              r"$\frac{\epsilon}{2\sigma^2}\lvert 1 - \delta^{-2} \rvert$ relative to the features, per case "
              r"($\sigma^2$ the case's variance of $a = Wx$ before re-scaling).",
    assumptions=(r"$\epsilon > 0$ inside the square root", r"$\delta > 0$"),
    kind="inequality",
    expected="proved",
    subject=eps_error_bound,
    origin="suite",
)
EPS_BOUND.mutant("exact", r"no error at all ($\epsilon$ ignored)", bound_exact)
EPS_BOUND.mutant("no_delta_factor", r"bound $\epsilon/2\sigma^2$, independent of $\delta$", bound_no_delta_factor)
EPS_BOUND.mutant("quarter", r"bound $\frac{\epsilon}{4\sigma^2}\lvert 1 - \delta^{-2} \rvert$", bound_quarter)

BIAS_LAYER = Claim(
    id="layernorm.bias_layer_w_rescaling",
    paper=PAPER,
    location="Table 1 condition: a bias before the normalization (LayerNorm); the paper puts it after",
    statement=r"With a fixed bias $b$ before the normalization ($h = \mathrm{LN}(XW^\top + b)$), LayerNorm stays "
              r"invariant to $W' = \delta W$.",
    assumptions=(r"$\epsilon = 0$", r"the bias $b$ is not re-scaled with $W$", r"$b$ not constant across units",
                 r"$\delta > 0$"),
    kind="identity",
    expected="refuted",
    subject=layernorm_with_bias,
    notes=r"$\delta$ scales $XW^\top$ but not $b$, and LayerNorm removes only a shift common to all units of a "
          "case. The paper's model adds its bias after the normalization (§5.1), where Table 1's invariance holds.",
    origin="suite",
)

BIAS_BATCH = Claim(
    id="layernorm.bias_batch_w_rescaling",
    paper=PAPER,
    location="Table 1 condition: a bias before the normalization (BatchNorm); the paper puts it after",
    statement=r"With a fixed bias $b$ before the normalization ($h = \mathrm{BN}(XW^\top + b)$), BatchNorm stays "
              r"invariant to $W' = \delta W$: a per-unit bias is a shift constant over the batch, which BatchNorm "
              "removes.",
    assumptions=(r"$\epsilon = 0$", BATCH_STATISTICS, r"$\delta > 0$"),
    kind="identity",
    expected="proved",
    subject=batchnorm_with_bias,
    origin="suite",
)
BIAS_BATCH.mutant("center_only", "BatchNorm that only subtracts the batch mean", batchnorm_with_bias_center_only)
BIAS_BATCH.mutant("no_center", "BatchNorm that only divides by the batch RMS", batchnorm_with_bias_no_center)

BN_EVAL = Claim(
    id="layernorm.batchnorm_eval_w_rescaling",
    paper=PAPER,
    location="Table 1 condition: BatchNorm in eval mode (fixed running statistics); the paper's Eq. (2) uses "
             "the statistics of the current weights",
    statement=r"BatchNorm in eval mode, with running statistics fixed from training, is invariant to "
              r"$W' = \delta W$.",
    assumptions=(r"$\epsilon = 0$", "running mean and variance fixed before the re-scaling", r"$\delta > 0$"),
    kind="identity",
    expected="refuted",
    subject=batchnorm_eval,
    notes=r"With fixed statistics the features are affine in $a = XW^\top$, so re-scaling $W$ re-scales them. "
          "Table 1's invariance needs the statistics of the current batch (train mode): the cell "
          "layernorm.table1.batch_w_matrix_rescaling.",
    origin="suite",
)


# -- the library users call: fixtures/normalization.py -------------------------------------------------------

LIBRARY_LAYERS = Claim(
    id="layernorm.library_layers",
    paper=PAPER,
    location="the library's layers (fixtures/normalization.py) against Eq. (2)–(3) and §5.1",
    statement=r"The library computes the paper's layers: `normalize` is $(a - \mu)/\sqrt{\sigma^2 + \epsilon}$ "
              r"with the population variance; with $\epsilon = 0$ TinyNet's LayerNorm features have mean 0 and "
              r"variance 1 over the units of each case (Eq. (3)), its BatchNorm features mean 0 and variance 1 "
              r"over the batch for each unit (Eq. (2)), and WeightNorm uses the unit-norm rows "
              r"$\hat w_i = w_i/\lVert w_i \rVert_2$; at any scale of the inputs, $10^{\pm 200}$ included. "
              "random_net builds the model it states, and NORMS names the layers.",
    assumptions=(r"float64 inputs with entries of any magnitude in $[10^{-200}, 10^{200}]$",),
    kind="identity",
    expected="supported",
    subject=LIBRARY,
    origin="suite",
)

LIBRARY_GRADIENTS = Claim(
    id="layernorm.library_gradients",
    paper=PAPER,
    location="the library's backward passes (fixtures/normalization.py)",
    statement=r"The library's `normalize_backward` is the gradient of $\sum dy \cdot \mathrm{normalize}(a)$ with "
              r"respect to $a$, and TinyNet's `loss` and `grad` are $\frac{1}{2B}\lVert \mathrm{Norm}(a)V - T "
              r"\rVert^2$ and its gradient in $W$, for every normalization and at any scale of $W$ "
              r"($10^{\pm 200}$ included).",
    assumptions=(r"float64 inputs with entries of any magnitude in $[10^{-200}, 10^{200}]$",),
    kind="identity",
    expected="supported",
    subject=LIBRARY,
    origin="suite",
)

#: Which planted bug each library claim must reject, and the checks that run against it.
_LAYER_MUTANTS = {
    "variance_n_minus_1": ("standardized_outputs", "normalize_matches_exact"),
    "no_centering": ("standardized_outputs", "normalize_matches_exact"),
    "eps_outside_root": ("normalize_matches_exact",),
    "unscaled": ("standardized_outputs", "normalize_matches_exact"),
    "layernorm_over_batch": ("standardized_outputs",),
    "weightnorm_frobenius": ("standardized_outputs",),
    "random_net_ignores_eps": ("random_net_builds_the_model",),
    "norms_without_weight": ("random_net_builds_the_model",),
}
_GRADIENT_MUTANTS = {
    "backward_drops_y_term": None,
    "unscaled": None,
    "weightnorm_grad_unprojected": ("loss_and_grad_match_reference",),
    "loss_without_batch_mean": ("loss_and_grad_match_reference",),
}
for _claim, _mutants in ((LIBRARY_LAYERS, _LAYER_MUTANTS), (LIBRARY_GRADIENTS, _GRADIENT_MUTANTS)):
    for _name, _targets in _mutants.items():
        _description, _planted = PLANTED[_name]
        _claim.mutant(_name, _description, _planted, targets=_targets)
