"""Layer Normalization (arXiv 1607.06450): sympy derivations of the Table 1 "Invariant" cells, the §5.1
text restricted to BatchNorm and LayerNorm, S13 refined, and the ε and bias conditions.

Every invariant cell is the same argument: a′ from the transformed X, W is an affine image of a whose
scale and shift are constant along the axis the layer standardizes, which standardization removes
(WeightNorm: each transformed row is a positive multiple of the original row).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from claimkit import Derivation

from .claims import BIAS_BATCH, CELLS, DATA_RESCALING_BL, EPS_BOUND, EPS_FACTOR, WHOLE_MATRIX
from .table1 import NORM_NAMES, TABLE1

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
    _y, yc = _standardize_sym(v), _standardize_sym([c * x for x in v])
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
