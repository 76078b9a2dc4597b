"""Layer Normalization, §5.1 and Table 1: invariance of BatchNorm, WeightNorm and LayerNorm.

Ba, Kiros, Hinton, "Layer Normalization", arXiv 1607.06450 (2016). The model of §5.1: inputs
X (B cases × d), weights W (m units × d), summed inputs a = X Wᵀ, normalized features
h = Norm(a) with a fixed gain and bias after the normalization (they play no role in the
invariances and are left out). Norm is

* BatchNorm (train mode): each unit standardized over the B cases of the batch;
* WeightNorm: a = X (W/‖w_i‖)ᵀ, each weight row normalized (no standardization of a);
* LayerNorm: each case standardized over its m units.

ε = 0 unless a claim states otherwise (ε > 0 makes the invariances approximate: see
``layernorm.eps_rescaling_factor`` and ``layernorm.eps_tolerance``). Each Table 1 cell is its own
claim: "Invariant" cells are invariance claims (expected proved); "No" cells are stated as
invariance claims and expected refuted, with a counterexample re-verified at 50 digits. The six
transformations, with δ > 0:

| name | transformation |
|---|---|
| w_matrix_rescaling | W′ = δ W |
| w_matrix_recentering | W′ = δ W + 1 γᵀ (the same γ ∈ R^d added to every row) |
| w_vector_rescaling | w_i′ = δ_i w_i (one factor per row) |
| data_rescaling | x_n′ = δ x_n for all cases |
| data_recentering | x_n′ = x_n + c for all cases |
| case_rescaling | x_n′ = δ_n x_n (one factor per case) |

An extension not in the table, ``case_feature_rescaling`` (x_n′ = D_n x_n, D_n positive diagonal),
is used to reject the variant that claims LayerNorm invariant to per-feature re-scaling of one case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp

from claimkit import Claim, Derivation, Paper

LAYERNORM = Paper(
    title="Layer Normalization",
    authors=("Jimmy Lei Ba", "Jamie Ryan Kiros", "Geoffrey E. Hinton"),
    year=2016,
    arxiv="1607.06450",
)

NORM_NAMES = {"batch": "BatchNorm", "weight": "WeightNorm", "layer": "LayerNorm"}

TRANSFORMS = {
    "w_matrix_rescaling": "weight-matrix re-scaling W′ = δW",
    "w_matrix_recentering": "weight-matrix re-centering W′ = δW + 1γᵀ (same γ added to every row)",
    "w_vector_rescaling": "weight-vector re-scaling w_i′ = δ_i w_i",
    "data_rescaling": "dataset re-scaling x_n′ = δ x_n for all cases",
    "data_recentering": "dataset re-centering x_n′ = x_n + c for all cases",
    "case_rescaling": "single training case re-scaling x_n′ = δ_n x_n",
}
#: Table 1's column headings.
COLUMNS = {
    "w_matrix_rescaling": "Weight matrix re-scaling", "w_matrix_recentering": "Weight matrix re-centering",
    "w_vector_rescaling": "Weight vector re-scaling", "data_rescaling": "Dataset re-scaling",
    "data_recentering": "Dataset re-centering", "case_rescaling": "Single training case re-scaling",
}
EXTENSION = {"case_feature_rescaling": "per-feature re-scaling of single cases x_n′ = D_n x_n (not in Table 1)"}

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
#: Table 1 with the extension column (every method: not invariant).
TABLE1_EXTENDED: dict[tuple[str, str], bool] = {
    **TABLE1, **{(n, "case_feature_rescaling"): False for n in NORM_NAMES}}


# -- the normalization layers (work on float arrays and on object arrays of mpmath numbers) -----------


def _sqrt(x: Any) -> Any:
    if isinstance(x, np.ndarray) and x.dtype == object:
        import mpmath

        return np.vectorize(mpmath.sqrt, otypes=[object])(x)
    return np.sqrt(x)


def _standardize(a: np.ndarray, axis: int, eps: float = 0.0, *, center: bool = True,
                 scale: bool = True) -> np.ndarray:
    n = a.shape[axis]
    c = a - a.sum(axis=axis, keepdims=True) / n if center else a
    if not scale:
        return c
    return c / _sqrt((c * c).sum(axis=axis, keepdims=True) / n + eps)


def batchnorm_features(X: np.ndarray, W: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """BatchNorm in train mode: a = X Wᵀ, each unit (column) standardized over the batch."""
    return _standardize(X @ W.T, axis=0, eps=eps)


def weightnorm_features(X: np.ndarray, W: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """WeightNorm: a = X (W/‖w_i‖)ᵀ."""
    return X @ (W / _sqrt((W * W).sum(axis=1, keepdims=True))).T


def layernorm_features(X: np.ndarray, W: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """LayerNorm: a = X Wᵀ, each case (row) standardized over the m units."""
    return _standardize(X @ W.T, axis=1, eps=eps)


FEATURES: dict[str, Callable[..., np.ndarray]] = {
    "batch": batchnorm_features, "weight": weightnorm_features, "layer": layernorm_features}


# -- plausible wrong implementations (mutants) -----------------------------------------------------------

WRONG_NORMS: dict[str, tuple[str, Callable[..., np.ndarray]]] = {
    "batch_center_only": ("BatchNorm that only subtracts the batch mean",
                          lambda X, W, eps=0.0: _standardize(X @ W.T, 0, eps, scale=False)),
    "batch_no_center": ("BatchNorm that only divides by the batch RMS",
                        lambda X, W, eps=0.0: _standardize(X @ W.T, 0, eps, center=False)),
    "batch_over_features": ("BatchNorm standardizing over the units instead of the batch",
                            lambda X, W, eps=0.0: _standardize(X @ W.T, 1, eps)),
    "weight_frobenius": ("WeightNorm dividing by the Frobenius norm of the whole matrix",
                         lambda X, W, eps=0.0: X @ (W / _sqrt((W * W).sum())).T),
    "weight_none": ("WeightNorm that forgets to normalize the rows", lambda X, W, eps=0.0: X @ W.T),
    "layer_no_center": ("LayerNorm without mean subtraction (RMSNorm)",
                        lambda X, W, eps=0.0: _standardize(X @ W.T, 1, eps, center=False)),
    "layer_center_only": ("LayerNorm that only subtracts the mean",
                          lambda X, W, eps=0.0: _standardize(X @ W.T, 1, eps, scale=False)),
    "layer_over_batch": ("LayerNorm standardizing over the batch instead of the units",
                         lambda X, W, eps=0.0: _standardize(X @ W.T, 0, eps)),
}

#: For each "Invariant" cell: the wrong implementations that break that invariance.
BREAKERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("batch", "w_matrix_rescaling"): ("batch_center_only",),
    ("batch", "w_vector_rescaling"): ("batch_center_only", "batch_over_features"),
    ("batch", "data_rescaling"): ("batch_center_only",),
    ("batch", "data_recentering"): ("batch_no_center", "batch_over_features"),
    ("weight", "w_matrix_rescaling"): ("weight_none",),
    ("weight", "w_vector_rescaling"): ("weight_none", "weight_frobenius"),
    ("layer", "w_matrix_rescaling"): ("layer_center_only",),
    ("layer", "w_matrix_recentering"): ("layer_no_center", "layer_over_batch"),
    ("layer", "data_rescaling"): ("layer_center_only",),
    ("layer", "case_rescaling"): ("layer_center_only", "layer_over_batch"),
}


# -- the cells ------------------------------------------------------------------------------------------

CELLS: dict[tuple[str, str], Claim] = {}
for (_norm, _tf), _published in TABLE1.items():
    _claim = Claim(
        id=f"layernorm.table1.{_norm}_{_tf}",
        paper=LAYERNORM,
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
    paper=LAYERNORM,
    location="Table 1 (all 18 cells)",
    statement="Table 1 is right in every cell for the transformations as defined.",
    assumptions=("ε = 0", "no bias before the normalization", "BatchNorm in train mode"),
    kind="identity",
    expected="supported",
    subject=TABLE1_EXTENDED,
    notes="Every published cell agrees with the measured behaviour of the layers; the extension column "
          "(per-feature re-scaling of one case) is 'No' for every method.",
)


def _flip(cell: tuple[str, str]) -> dict[tuple[str, str], bool]:
    table = dict(TABLE1_EXTENDED)
    table[cell] = not table[cell]
    return table


TABLE_CLAIM.mutant("layer_row_rescaling", "LayerNorm invariant to weight-vector (row) re-scaling",
                   _flip(("layer", "w_vector_rescaling")))
TABLE_CLAIM.mutant("layer_case_feature_rescaling", "LayerNorm invariant to per-feature re-scaling of one case",
                   _flip(("layer", "case_feature_rescaling")))
TABLE_CLAIM.mutant("layer_data_recentering", "LayerNorm invariant to dataset re-centering",
                   _flip(("layer", "data_recentering")))
TABLE_CLAIM.mutant("batch_case_rescaling", "BatchNorm invariant to single-case re-scaling",
                   _flip(("batch", "case_rescaling")))
TABLE_CLAIM.mutant("batch_w_recentering", "BatchNorm invariant to weight-matrix re-centering",
                   _flip(("batch", "w_matrix_recentering")))
TABLE_CLAIM.mutant("weight_data_rescaling", "WeightNorm invariant to dataset re-scaling (the §5.1 text)",
                   _flip(("weight", "data_rescaling")))
TABLE_CLAIM.mutant("layer_w_recentering_no", "LayerNorm not invariant to weight-matrix re-centering",
                   _flip(("layer", "w_matrix_recentering")))


# -- §5.1 text, S13, and the conditions ε, bias, train/eval -------------------------------------------

DATA_RESCALING_ALL = Claim(
    id="layernorm.data_rescaling_all_methods",
    paper=LAYERNORM,
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
    paper=LAYERNORM,
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


def _row(shape: tuple[int, int], j: int) -> np.ndarray:
    m = np.zeros(shape, dtype=bool)
    m[j] = True
    return m


def orthogonal_blocks(norm: str, shape: tuple[int, int]) -> list[np.ndarray]:
    """S13 as stated: the blocks of W over which w_B · ∇_B f = 0 — rows, for BatchNorm and LayerNorm alike."""
    return [_row(shape, j) for j in range(shape[0])]


def orthogonal_blocks_refined(norm: str, shape: tuple[int, int]) -> list[np.ndarray]:
    """Refined: rows for BatchNorm (per-unit invariance), the whole matrix for LayerNorm."""
    if norm == "batch":
        return [_row(shape, j) for j in range(shape[0])]
    return [np.ones(shape, dtype=bool)]


def _columns(norm: str, shape: tuple[int, int]) -> list[np.ndarray]:
    if norm == "layer":
        return [np.ones(shape, dtype=bool)]
    out = []
    for k in range(shape[1]):
        m = np.zeros(shape, dtype=bool)
        m[:, k] = True
        out.append(m)
    return out


PER_ROW = Claim(
    id="layernorm.per_row_orthogonality",
    paper=LAYERNORM,
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
    paper=LAYERNORM,
    location="S13 refined",
    statement="BatchNorm gives w_i · ∇_{w_i} f = 0 for every row; LayerNorm gives only the whole-matrix "
              "identity Σ_i w_i · ∇_{w_i} f = 0 (so GD grows ‖W‖_F, not each row).",
    assumptions=("ε = 0", "squared loss on a linear head"),
    kind="identity",
    expected="proved",
    subject=orthogonal_blocks_refined,
)
WHOLE_MATRIX.mutant("layer_rows", "LayerNorm orthogonal row by row (S13 as stated)", orthogonal_blocks)
WHOLE_MATRIX.mutant("batch_columns", "BatchNorm orthogonal column by column", _columns)


def eps_rescaling_factor(var: Any, eps: float, delta: float) -> Any:
    """LayerNorm with ε: LN_ε(δa) = κ · LN_ε(a) per case, κ = √((σ² + ε)/(σ² + ε/δ²)), σ² the case's variance."""
    return np.sqrt((var + eps) / (var + eps / delta**2))


def eps_error_bound(var: Any, eps: float, delta: float) -> Any:
    """Tolerance of the approximate invariance: |LN_ε(δa) − LN_ε(a)| ≤ (ε/2σ²)·|1 − δ⁻²|·|LN_ε(a)|."""
    return eps / (2 * var) * abs(1 - delta**-2)


EPS_FACTOR = Claim(
    id="layernorm.eps_rescaling_factor",
    paper=LAYERNORM,
    location="§3 (ε inside the square root) applied to Table 1's weight-matrix re-scaling",
    statement="With ε > 0, LayerNorm is invariant to W′ = δW only approximately: each case's features are "
              "multiplied by κ = √((σ² + ε)/(σ² + ε/δ²)), σ² the case's variance of a = Wx.",
    assumptions=("ε > 0", "δ > 0"),
    kind="identity",
    expected="proved",
    subject=eps_rescaling_factor,
)
EPS_FACTOR.mutant("exact_invariance", "invariance claimed exact with ε > 0 (κ = 1)",
                  lambda var, eps, delta: np.ones_like(np.asarray(var, dtype=float)))
EPS_FACTOR.mutant("delta_squared_wrong_side", "κ = √((σ² + ε)/(σ² + εδ²))",
                  lambda var, eps, delta: np.sqrt((var + eps) / (var + eps * delta**2)))
EPS_FACTOR.mutant("delta_not_squared", "κ = √((σ² + ε)/(σ² + ε/δ))",
                  lambda var, eps, delta: np.sqrt((var + eps) / (var + eps / delta)))

EPS_BOUND = Claim(
    id="layernorm.eps_tolerance",
    paper=LAYERNORM,
    location="§3 (ε inside the square root) applied to Table 1's weight-matrix re-scaling",
    statement="With ε > 0 the invariance error of LayerNorm under W′ = δW is at most (ε/2σ²)·|1 − δ⁻²| "
              "relative to the features, per case (σ² the case's variance of a = Wx before re-scaling).",
    assumptions=("ε > 0", "δ > 0"),
    kind="inequality",
    expected="proved",
    subject=eps_error_bound,
)
EPS_BOUND.mutant("exact", "no error at all (ε ignored)", lambda var, eps, delta: 0.0 * var)
EPS_BOUND.mutant("no_delta_factor", "bound ε/2σ², independent of δ", lambda var, eps, delta: eps / (2 * var))
EPS_BOUND.mutant("quarter", "bound (ε/4σ²)|1 − δ⁻²|",
                 lambda var, eps, delta: eps / (4 * var) * abs(1 - delta**-2))


def layernorm_with_bias(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """LayerNorm after a bias: standardize X Wᵀ + b over the units of each case."""
    return _standardize(X @ W.T + b, axis=1)


def batchnorm_with_bias(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """BatchNorm after a bias: standardize X Wᵀ + b over the batch for each unit."""
    return _standardize(X @ W.T + b, axis=0)


BIAS_LAYER = Claim(
    id="layernorm.bias_layer_w_rescaling",
    paper=LAYERNORM,
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
    paper=LAYERNORM,
    location="Table 1 condition: a bias before the normalization (BatchNorm)",
    statement="With a fixed bias b before the normalization (h = BN(XWᵀ + b)), BatchNorm stays invariant to "
              "W′ = δW: a per-unit bias is a shift constant over the batch, which BatchNorm removes.",
    assumptions=("ε = 0", "BatchNorm in train mode"),
    kind="identity",
    expected="proved",
    subject=batchnorm_with_bias,
)
BIAS_BATCH.mutant("center_only", "BatchNorm that only subtracts the batch mean",
                  lambda X, W, b: _standardize(X @ W.T + b, 0, scale=False))
BIAS_BATCH.mutant("no_center", "BatchNorm that only divides by the batch RMS",
                  lambda X, W, b: _standardize(X @ W.T + b, 0, center=False))


def batchnorm_eval(X: np.ndarray, W: np.ndarray, mean: np.ndarray, var: np.ndarray) -> np.ndarray:
    """BatchNorm in eval mode: standardize X Wᵀ with fixed running statistics (mean, var per unit)."""
    return (X @ W.T - mean) / _sqrt(var)


BN_EVAL = Claim(
    id="layernorm.batchnorm_eval_w_rescaling",
    paper=LAYERNORM,
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


# -- derivations ----------------------------------------------------------------------------------------

_B, _D, _M = 3, 2, 3  # symbolic sizes: cases, inputs, units
_Xs = sp.Matrix(_B, _D, lambda n, k: sp.Symbol(f"x{n}{k}", real=True))
_Ws = sp.Matrix(_M, _D, lambda i, k: sp.Symbol(f"w{i}{k}", real=True))
_delta = sp.Symbol("delta", positive=True)
_ds = sp.symbols(f"delta0:{max(_B, _M)}", positive=True)
_gamma = sp.Matrix(1, _D, sp.symbols(f"gamma0:{_D}", real=True))
_cvec = sp.Matrix(1, _D, sp.symbols(f"c0:{_D}", real=True))


def _transformed(tf: str) -> tuple[sp.Matrix, sp.Matrix]:
    X, W = _Xs, _Ws
    if tf == "w_matrix_rescaling":
        return X, _delta * W
    if tf == "w_matrix_recentering":
        return X, _delta * W + sp.ones(_M, 1) * _gamma
    if tf == "w_vector_rescaling":
        return X, sp.diag(*_ds[:_M]) * W
    if tf == "data_rescaling":
        return _delta * X, W
    if tf == "data_recentering":
        return X + sp.ones(_B, 1) * _cvec, W
    if tf == "case_rescaling":
        return sp.diag(*_ds[:_B]) * X, W
    raise ValueError(tf)


#: For each standardizing cell: (scale, shift) of a′[n, i] = scale·a[n, i] + shift; the lambda's arguments
#: show what they depend on (constant along the normalized axis: units for LayerNorm, cases for BatchNorm).
_AFFINE = {
    "w_matrix_rescaling": lambda n, i: (_delta, 0),
    "w_matrix_recentering": lambda n, i: (_delta, (_gamma * _Xs[n, :].T)[0, 0]),
    "w_vector_rescaling": lambda n, i: (_ds[i], 0),
    "data_rescaling": lambda n, i: (_delta, 0),
    "data_recentering": lambda n, i: (1, (_cvec * _Ws[i, :].T)[0, 0]),
    "case_rescaling": lambda n, i: (_ds[n], 0),
}


def _standardize_sym(v: list[sp.Expr]) -> list[sp.Expr]:
    mean = sum(v) / len(v)
    c = [sp.factor(x - mean) for x in v]
    var = sp.factor(sp.expand(sum(x**2 for x in c) / len(v)))
    return [x / sp.sqrt(var) for x in c]


def _cell_derivation(norm: str, tf: str) -> Callable[[Derivation], None]:
    def derive(d: Derivation) -> None:
        X2, W2 = _transformed(tf)
        if norm == "weight":
            for i in range(_M):
                r, r2 = _Ws[i, :], W2[i, :]
                n, n2 = sp.sqrt(sum(x**2 for x in r)), sp.factor(sum(x**2 for x in r2))
                for k in range(_D):
                    d.close(r2[k] / sp.sqrt(n2), r[k] / n, f"normalized row {i}, entry {k}")
            for n in range(_B):
                for k in range(_D):
                    d.close(X2[n, k], _Xs[n, k], f"input x[{n},{k}] unchanged")
            return
        a, a2 = _Xs * _Ws.T, X2 * W2.T
        for n in range(_B):
            for i in range(_M):
                s, t = _AFFINE[tf](n, i)
                d.close(a2[n, i], s * a[n, i] + t, f"a′[{n},{i}] = scale·a + shift")
        axis_len = _B if norm == "batch" else _M
        v = list(sp.symbols(f"v0:{axis_len}", real=True))
        s_, t_ = sp.Symbol("s", positive=True), sp.Symbol("t", real=True)
        d.step(f"scale s > 0 and shift t are constant along the {'cases' if norm == 'batch' else 'units'}",
               s_ * sp.Symbol("v") + t_, "read off the steps above")
        y, y2 = _standardize_sym(v), _standardize_sym([s_ * x + t_ for x in v])
        for j in range(axis_len):
            d.close(y2[j], y[j], f"standardize(s v + t)_{j} = standardize(v)_{j}, s > 0")

    if norm == "weight":
        derive.__doc__ = "Each transformed row is a positive multiple of the original row, so W/‖w_i‖ is unchanged."
    else:
        derive.__doc__ = (f"a′ from the transformed X, W is an affine image of a whose scale and shift are constant "
                          f"along the axis {NORM_NAMES[norm]} standardizes, which standardization removes.")
    return derive


for (_norm, _tf), _claim in CELLS.items():
    if TABLE1[(_norm, _tf)]:
        _claim.derivation("affine_image_removed")(_cell_derivation(_norm, _tf))


@DATA_RESCALING_BL.derivation("affine_image_removed")
def _data_rescaling(d: Derivation) -> None:
    """a′ = δa; standardizing over either axis removes a positive common factor."""
    _cell_derivation("batch", "data_rescaling")(d)
    _cell_derivation("layer", "data_rescaling")(d)


@WHOLE_MATRIX.derivation("euler_on_blocks")
def _whole(d: Derivation) -> None:
    """f(W) = L(Norm(XWᵀ)); d/dc f(W with block B scaled by c) at c = 1 is w_B · ∇_B f. It vanishes when
    scaling B scales a whole standardized axis (BatchNorm: one unit over the batch; LayerNorm: every unit)."""
    c = sp.Symbol("c", positive=True)
    v = list(sp.symbols("v0:3", real=True))
    y, yc = _standardize_sym(v), _standardize_sym([c * x for x in v])
    for j in range(3):
        d.close(sp.diff(yc[j], c), 0, f"∂/∂c standardize(c v)_{j} = 0: every entry of the axis scaled")
    mixed = _standardize_sym([c * v[0], v[1], v[2]])
    d.step("scaling one unit only (one row of W under LayerNorm) moves the standardized case",
           sp.simplify(sp.diff(mixed[0], c).subs(c, 1)), "not identically zero")


@EPS_FACTOR.derivation("standardize_with_eps")
def _eps_factor(d: Derivation) -> None:
    """LN_ε(δa) = δc/√(δ²σ² + ε) and LN_ε(a) = c/√(σ² + ε): their ratio is κ."""
    cc, var, eps = sp.symbols("c sigma2 epsilon", positive=True)
    kappa = sp.sqrt((var + eps) / (var + eps / _delta**2))
    d.close((_delta * cc / sp.sqrt(_delta**2 * var + eps)) / (cc / sp.sqrt(var + eps)), kappa,
            "LN_ε(δa)/LN_ε(a) = κ")


@EPS_BOUND.derivation("bound_both_sides")
def _eps_bound(d: Derivation) -> None:
    """κ² − 1 = (ε − e)/(σ² + e), e = ε/δ²; |κ − 1| = |κ² − 1|/(1 + κ), and (1 + κ)(σ² + e) > 2σ² because
    κ(σ² + e) = √((σ² + ε)(σ² + e)) > σ² and σ² + e > σ²; so |κ − 1| < |ε − e|/(2σ²) = (ε/2σ²)|1 − δ⁻²|."""
    var, eps, e = sp.symbols("sigma2 epsilon e", positive=True)
    kappa = sp.sqrt((var + eps) / (var + e))
    d.close(kappa**2 - 1, (eps - e) / (var + e), "κ² − 1 with e = ε/δ²")
    d.close((eps - e).subs(e, eps / _delta**2), eps * (1 - _delta**-2), "ε − e = ε(1 − δ⁻²)")
    k = sp.Symbol("kappa", positive=True)
    d.close((k**2 - 1) / (k + 1), k - 1, "κ − 1 = (κ² − 1)/(κ + 1)")
    d.close(kappa * (var + e), sp.sqrt((var + eps) * (var + e)), "κ(σ² + e) = √((σ² + ε)(σ² + e))")
    d.close_true(sp.StrictGreaterThan(sp.expand((var + eps) * (var + e) - var**2), 0),
                 "(σ² + ε)(σ² + e) > σ⁴, so κ(σ² + e) > σ²")
    d.close_true(sp.StrictGreaterThan(e, 0), "e > 0, so σ² + e > σ² and (1 + κ)(σ² + e) > 2σ²")


@BIAS_BATCH.derivation("per_unit_shift_removed")
def _bias_batch(d: Derivation) -> None:
    """a′ = δ XWᵀ + b: for unit i the shift b_i is the same for every case, so standardization over the
    batch removes it: BN(δa + b) = BN(a) = BN(a + b)."""
    t_ = sp.Symbol("b_i", real=True)
    v = list(sp.symbols("v0:3", real=True))
    y = _standardize_sym(v)
    y2 = _standardize_sym([_delta * x + t_ for x in v])
    b_only = _standardize_sym([x + t_ for x in v])
    for j in range(3):
        d.close(y2[j], y[j], f"BN(δ a + b)_{j} = BN(a)_{j}")
        d.close(b_only[j], y[j], f"BN(a + b)_{j} = BN(a)_{j}")
