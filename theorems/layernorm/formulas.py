"""Layer Normalization (arXiv 1607.06450): the normalization layers of §5.1 and the other formulas under test.

The model of §5.1: inputs X (B cases × d), weights W (m units × d), summed inputs a = X Wᵀ,
normalized features h = Norm(a) with a fixed gain and bias after the normalization (they play no
role in the invariances and are left out). The layers are the library's (``fixtures/normalization.py``:
``normalize`` and ``weight_normalize``), so every Table 1 claim verifies the code users call. Norm is

* BatchNorm (train mode): each unit standardized over the B cases of the batch;
* WeightNorm: a = X (W/‖w_i‖)ᵀ, each weight row normalized (no standardization of a);
* LayerNorm: each case standardized over its m units.

ε = 0 unless stated otherwise (ε > 0 makes the invariances approximate: see ``eps_rescaling_factor``
and ``eps_error_bound``). Also here: the blocks of W orthogonal to their gradient (S13), the layers
with a bias before the normalization and BatchNorm in eval mode (Table 1's conditions), and the
plausible wrong variants (mutants) of each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...fixtures.normalization import normalize, weight_normalize

# -- the normalization layers (the library's; float arrays and object arrays of mpmath numbers) --------


def _sqrt(x: Any) -> Any:
    if isinstance(x, np.ndarray) and x.dtype == object:
        import mpmath

        return np.vectorize(mpmath.sqrt, otypes=[object])(x)
    return np.sqrt(x)


def _standardize(a: np.ndarray, axis: int, eps: float = 0.0, *, center: bool = True,
                 scale: bool = True) -> np.ndarray:
    """The mutants' standardization, with parts that can be left out (the layers under test are the library's)."""
    n = a.shape[axis]
    c = a - a.sum(axis=axis, keepdims=True) / n if center else a
    if not scale:
        return c
    return c / _sqrt((c * c).sum(axis=axis, keepdims=True) / n + eps)


def batchnorm_features(X: np.ndarray, W: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """BatchNorm in train mode (Eq. 2): a = X Wᵀ, each unit (column) standardized over the batch."""
    return normalize(X @ W.T, 0, eps)


def weightnorm_features(X: np.ndarray, W: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """WeightNorm (§5.1: μ = 0, σ = ‖w_i‖₂): a = X (W/‖w_i‖)ᵀ."""
    return X @ weight_normalize(W).T


def layernorm_features(X: np.ndarray, W: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """LayerNorm (Eq. 3): a = X Wᵀ, each case (row) standardized over the m units."""
    return normalize(X @ W.T, 1, eps)


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


# -- S13: the blocks of W orthogonal to their gradient ---------------------------------------------------


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


def orthogonal_blocks_columns(norm: str, shape: tuple[int, int]) -> list[np.ndarray]:
    """Wrong: BatchNorm orthogonal column by column (the whole matrix for LayerNorm)."""
    if norm == "layer":
        return [np.ones(shape, dtype=bool)]
    out = []
    for k in range(shape[1]):
        m = np.zeros(shape, dtype=bool)
        m[:, k] = True
        out.append(m)
    return out


# -- ε inside the square root ----------------------------------------------------------------------------


def eps_rescaling_factor(var: Any, eps: float, delta: float) -> Any:
    """LayerNorm with ε: LN_ε(δa) = κ · LN_ε(a) per case, κ = √((σ² + ε)/(σ² + ε/δ²)), σ² the case's variance."""
    return np.sqrt((var + eps) / (var + eps / delta**2))


def eps_error_bound(var: Any, eps: float, delta: float) -> Any:
    """Tolerance of the approximate invariance: |LN_ε(δa) − LN_ε(a)| ≤ (ε/2σ²)·|1 − δ⁻²|·|LN_ε(a)|."""
    return eps / (2 * var) * abs(1 - delta**-2)


def kappa_exact_invariance(var: Any, eps: float, delta: float) -> Any:
    """Wrong: invariance claimed exact with ε > 0 (κ = 1)."""
    return np.ones_like(np.asarray(var, dtype=float))


def kappa_delta_squared_wrong_side(var: Any, eps: float, delta: float) -> Any:
    """Wrong: κ = √((σ² + ε)/(σ² + εδ²))."""
    return np.sqrt((var + eps) / (var + eps * delta**2))


def kappa_delta_not_squared(var: Any, eps: float, delta: float) -> Any:
    """Wrong: κ = √((σ² + ε)/(σ² + ε/δ))."""
    return np.sqrt((var + eps) / (var + eps / delta))


def bound_exact(var: Any, eps: float, delta: float) -> Any:
    """Wrong: no error at all (ε ignored)."""
    return 0.0 * var


def bound_no_delta_factor(var: Any, eps: float, delta: float) -> Any:
    """Wrong: bound ε/2σ², independent of δ."""
    return eps / (2 * var)


def bound_quarter(var: Any, eps: float, delta: float) -> Any:
    """Wrong: bound (ε/4σ²)|1 − δ⁻²|."""
    return eps / (4 * var) * abs(1 - delta**-2)


# -- the conditions: a bias before the normalization, BatchNorm in eval mode ---------------------------------


def layernorm_with_bias(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """LayerNorm after a bias: standardize X Wᵀ + b over the units of each case."""
    return normalize(X @ W.T + b, 1)


def batchnorm_with_bias(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """BatchNorm after a bias: standardize X Wᵀ + b over the batch for each unit."""
    return normalize(X @ W.T + b, 0)



def batchnorm_with_bias_center_only(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Wrong: BatchNorm after a bias that only subtracts the batch mean."""
    return _standardize(X @ W.T + b, 0, scale=False)


def batchnorm_with_bias_no_center(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Wrong: BatchNorm after a bias that only divides by the batch RMS."""
    return _standardize(X @ W.T + b, 0, center=False)


def batchnorm_eval(X: np.ndarray, W: np.ndarray, mean: np.ndarray, var: np.ndarray) -> np.ndarray:
    """BatchNorm in eval mode: standardize X Wᵀ with fixed running statistics (mean, var per unit)."""
    return (X @ W.T - mean) / _sqrt(var)

