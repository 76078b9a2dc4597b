"""Layer Normalization (arXiv 1607.06450): sympy derivations of the Table 1 "Invariant" cells, the §5.1
text restricted to BatchNorm and LayerNorm, S13 refined, and the ε and bias conditions.

Every invariant cell is the same argument: a′ from the transformed X, W is an affine image of a whose
scale and shift are constant along the axis the layer standardizes, which standardization removes
(WeightNorm: each transformed row is a positive multiple of the original row).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

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
    """Eq. (2)–(3) with ε = 0 on the entries v of one axis: (v − mean)/√(mean square of v − mean), factored."""
    return list(_standardize_cached(tuple(v)))


@cache
def _standardize_cached(v: tuple[sp.Expr, ...]) -> tuple[sp.Expr, ...]:
    # Sympy expressions are immutable and hashable: the cells that standardize the same symbols share the work.
    mean = sum(v) / len(v)
    c = [sp.factor(x - mean) for x in v]
    var = sp.factor(sp.expand(sum(x**2 for x in c) / len(v)))
    return tuple(x / sp.sqrt(var) for x in c)


def _cell_derivation(norm: str, tf: str) -> Callable[[Derivation], None]:
    def derive(d: Derivation) -> None:
        X2, W2 = _transformed(tf)
        if norm == "weight":
            for i in range(_M):
                r, r2 = _Ws[i, :], W2[i, :]
                n, n2 = sp.sqrt(sum(x**2 for x in r)), sp.factor(sum(x**2 for x in r2))
                for k in range(_D):
                    d.close(r2[k] / sp.sqrt(n2), r[k] / n,
                            f"normalized row {i}, entry {k}: $\\hat w'_{{{i}{k}}} = \\hat w_{{{i}{k}}}$")
            for n in range(_B):
                for k in range(_D):
                    d.close(X2[n, k], _Xs[n, k], f"input $x_{{{n}{k}}}$ unchanged")
            return
        a, a2 = _Xs * _Ws.T, X2 * W2.T
        for n in range(_B):
            for i in range(_M):
                s, t = _AFFINE[tf](n, i)
                # A polynomial identity in the entries of X, W and the factors: expanding both sides decides it.
                d.close(a2[n, i], s * a[n, i] + t, f"$a'_{{{n}{i}}} = s\\, a_{{{n}{i}}} + t$ (scale $s$, shift $t$)",
                        method="expand")
        axis_len = _B if norm == "batch" else _M
        v = list(sp.symbols(f"v0:{axis_len}", real=True))
        s_, t_ = sp.Symbol("s", positive=True), sp.Symbol("t", real=True)
        d.step(f"scale $s > 0$ and shift $t$ are constant along the {'cases' if norm == 'batch' else 'units'}",
               s_ * sp.Symbol("v") + t_, "read off the steps above")
        y, y2 = _standardize_sym(v), _standardize_sym([s_ * x + t_ for x in v])
        for j in range(axis_len):
            d.close(y2[j], y[j],
                    f"$\\operatorname{{standardize}}(s v + t)_{j} = \\operatorname{{standardize}}(v)_{j}$ for $s > 0$")

    if norm == "weight":
        derive.__doc__ = (r"Each transformed row is a positive multiple of the original row, so "
                          r"$w_i/\lVert w_i \rVert$ is unchanged.")
    else:
        derive.__doc__ = (f"$a'$ from the transformed $X$, $W$ is an affine image of $a$ whose scale and shift are "
                          f"constant along the axis {NORM_NAMES[norm]} standardizes, which standardization removes.")
    return derive


for (_norm, _tf), _claim in CELLS.items():
    if TABLE1[(_norm, _tf)]:
        _claim.derivation("affine_image_removed")(_cell_derivation(_norm, _tf))


@DATA_RESCALING_BL.derivation("affine_image_removed")
def _data_rescaling(d: Derivation) -> None:
    r"""$a' = \delta a$; standardizing over either axis removes a positive common factor."""
    _cell_derivation("batch", "data_rescaling")(d)
    _cell_derivation("layer", "data_rescaling")(d)


@WHOLE_MATRIX.derivation("euler_on_blocks")
def _whole(d: Derivation) -> None:
    r"""$f(W) = L(\operatorname{Norm}(XW^\top))$; $\frac{d}{dc} f$ (block $B$ of $W$ scaled by $c$) at $c = 1$ is
    $w_B \cdot \nabla_B f$. It vanishes when scaling $B$ scales a whole standardized axis (BatchNorm: one unit over
    the batch; LayerNorm: every unit)."""
    c = sp.Symbol("c", positive=True)
    v = list(sp.symbols("v0:3", real=True))
    _y, yc = _standardize_sym(v), _standardize_sym([c * x for x in v])
    for j in range(3):
        d.close(sp.diff(yc[j], c), 0,
                f"$\\partial_c \\operatorname{{standardize}}(c v)_{j} = 0$: every entry of the axis scaled")
    mixed = _standardize_sym([c * v[0], v[1], v[2]])
    d.step("scaling one unit only (one row of $W$ under LayerNorm) moves the standardized case",
           sp.factor(sp.diff(mixed[0], c).subs(c, 1)), "factor (not identically zero)")


@EPS_FACTOR.derivation("standardize_with_eps")
def _eps_factor(d: Derivation) -> None:
    r"""$\mathrm{LN}_\epsilon(\delta a) = \delta c/\sqrt{\delta^2\sigma^2 + \epsilon}$ and
    $\mathrm{LN}_\epsilon(a) = c/\sqrt{\sigma^2 + \epsilon}$; with $\delta^2\sigma^2 + \epsilon =
    \delta^2(\sigma^2 + \epsilon/\delta^2)$ their ratio is $\kappa$."""
    cc, var, eps = sp.symbols("c sigma2 epsilon", positive=True)
    kappa = sp.sqrt((var + eps) / (var + eps / _delta**2))
    ratio = d.step(r"$\mathrm{LN}_\epsilon(\delta a)/\mathrm{LN}_\epsilon(a)$",
                   (_delta * cc / sp.sqrt(_delta**2 * var + eps)) / (cc / sp.sqrt(var + eps)), rule="divide")
    # Pull δ² out of the radicand (an identity that expanding decides); the radicals then match κ's term by term.
    pulled = _delta**2 * (var + eps / _delta**2)
    d.close(_delta**2 * var + eps, pulled, r"$\delta^2\sigma^2 + \epsilon = \delta^2(\sigma^2 + \epsilon/\delta^2)$",
            method="expand")
    d.close(ratio.subs(_delta**2 * var + eps, pulled), kappa,
            r"$\mathrm{LN}_\epsilon(\delta a)/\mathrm{LN}_\epsilon(a) = \kappa$, the radicand above substituted",
            method="expand")


@EPS_BOUND.derivation("bound_both_sides")
def _eps_bound(d: Derivation) -> None:
    r"""$\kappa^2 - 1 = (\epsilon - e)/(\sigma^2 + e)$ with $e = \epsilon/\delta^2$;
    $\lvert \kappa - 1 \rvert = \lvert \kappa^2 - 1 \rvert/(1 + \kappa)$, and
    $(1 + \kappa)(\sigma^2 + e) > 2\sigma^2$ because
    $\kappa(\sigma^2 + e) = \sqrt{(\sigma^2 + \epsilon)(\sigma^2 + e)} > \sigma^2$ and $\sigma^2 + e > \sigma^2$; so
    $\lvert \kappa - 1 \rvert < \lvert \epsilon - e \rvert/(2\sigma^2)
    = \frac{\epsilon}{2\sigma^2}\lvert 1 - \delta^{-2} \rvert$."""
    var, eps, e = sp.symbols("sigma2 epsilon e", positive=True)
    kappa = sp.sqrt((var + eps) / (var + e))
    # Rational identities: sympy's together and cancel put each side in lowest terms, then expanding decides.
    k2m1 = d.step(r"$\kappa^2 - 1$ over one denominator", sp.together(kappa**2 - 1), rule="together")
    d.close(k2m1, (eps - e) / (var + e), r"$\kappa^2 - 1$ with $e = \epsilon/\delta^2$", method="expand")
    d.close((eps - e).subs(e, eps / _delta**2), eps * (1 - _delta**-2), r"$\epsilon - e = \epsilon(1 - \delta^{-2})$",
            method="expand")
    k = sp.Symbol("kappa", positive=True)
    ratio = d.step(r"$(\kappa^2 - 1)/(\kappa + 1)$, the common factor cancelled", sp.cancel((k**2 - 1) / (k + 1)),
                   rule="cancel")
    d.close(ratio, k - 1, r"$\kappa - 1 = (\kappa^2 - 1)/(\kappa + 1)$", method="expand")
    d.close(kappa * (var + e), sp.sqrt((var + eps) * (var + e)),
            r"$\kappa(\sigma^2 + e) = \sqrt{(\sigma^2 + \epsilon)(\sigma^2 + e)}$")
    d.close_true(sp.StrictGreaterThan(sp.expand((var + eps) * (var + e) - var**2), 0),
                 r"$(\sigma^2 + \epsilon)(\sigma^2 + e) > \sigma^4$, so $\kappa(\sigma^2 + e) > \sigma^2$")
    d.close_true(sp.StrictGreaterThan(e, 0),
                 r"$e > 0$, so $\sigma^2 + e > \sigma^2$ and $(1 + \kappa)(\sigma^2 + e) > 2\sigma^2$")


@BIAS_BATCH.derivation("per_unit_shift_removed")
def _bias_batch(d: Derivation) -> None:
    r"""$a' = \delta XW^\top + b$: for unit $i$ the shift $b_i$ is the same for every case, so standardization over
    the batch removes it: $\mathrm{BN}(\delta a + b) = \mathrm{BN}(a) = \mathrm{BN}(a + b)$."""
    t_ = sp.Symbol("b_i", real=True)
    v = list(sp.symbols("v0:3", real=True))
    y = _standardize_sym(v)
    y2 = _standardize_sym([_delta * x + t_ for x in v])
    b_only = _standardize_sym([x + t_ for x in v])
    for j in range(3):
        d.close(y2[j], y[j], f"$\\mathrm{{BN}}(\\delta a + b)_{j} = \\mathrm{{BN}}(a)_{j}$")
        d.close(b_only[j], y[j], f"$\\mathrm{{BN}}(a + b)_{j} = \\mathrm{{BN}}(a)_{j}$")
