"""Random instances and the Table 1 transformations of Layer Normalization (arXiv 1607.06450, §5.1).

``instance(seed)`` gives a batch X (6 cases × 4 inputs) and weights W (4 units × 4 inputs);
``transform(name, X, W, delta, seed)`` applies one transformation, drawing its extra vectors
(γ, c, per-row or per-case factors) from ``seed`` so that a case is reproducible from (seed, δ);
``transform_parameters`` returns those draws, for a counterexample to show.
``to_mp`` lifts float arrays to 50-digit-capable object arrays for re-verification.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np

__all__ = ["VAR_FLOOR", "conditioned", "instance", "to_mp", "transform", "transform_parameters"]

#: A standardized axis whose variance is below VAR_FLOOR × (mean square of the summed inputs) is
#: ill-conditioned: its roundoff would be amplified by more than 1e3, so such draws are rejected.
VAR_FLOOR = 1e-3


def instance(seed: int, batch: int = 6, d_in: int = 4, width: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """A reproducible batch X and weight matrix W (standard normal entries)."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(batch, d_in)), rng.normal(size=(width, d_in))


def _factors(rng: np.random.Generator, n: int, delta: float) -> np.ndarray:
    f = np.exp(rng.uniform(-1.6, 1.6, size=n))
    f[0] = delta
    return f


def transform_parameters(name: str, X: np.ndarray, W: np.ndarray, delta: float, seed: int) -> dict[str, Any]:
    """What the named transformation draws from ``seed`` (γ, c, per-row or per-case factors, D), by name."""
    if not delta > 0:
        raise ValueError(f"delta must be positive, got {delta!r}")
    rng = np.random.default_rng(seed + 3)
    if name in ("w_matrix_rescaling", "data_rescaling"):
        return {"δ": delta}
    if name == "w_matrix_recentering":
        return {"δ": delta, "γ": rng.normal(size=W.shape[1])}
    if name == "w_vector_rescaling":
        return {"δ_i (one per row of W)": _factors(rng, W.shape[0], delta)}
    if name == "data_recentering":
        return {"c": 2.0 * rng.normal(size=X.shape[1])}
    if name == "case_rescaling":
        return {"δ_n (one per case)": _factors(rng, X.shape[0], delta)}
    if name == "case_feature_rescaling":
        return {"D (one factor per entry of X)": np.exp(rng.uniform(-1.6, 1.6, size=X.shape))}
    raise ValueError(f"unknown transformation {name!r}")


def transform(name: str, X: np.ndarray, W: np.ndarray, delta: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(X′, W′) after the named transformation with factor δ > 0 (see theorems/layernorm/table1.py)."""
    value = list(transform_parameters(name, X, W, delta, seed).values())[-1]  # γ, the factors, c or D
    if name == "w_matrix_rescaling":
        return X, delta * W
    if name == "w_matrix_recentering":
        return X, delta * W + np.outer(np.ones(W.shape[0]), value)
    if name == "w_vector_rescaling":
        return X, value[:, None] * W
    if name == "data_rescaling":
        return delta * X, W
    if name == "data_recentering":
        return X + value, W
    if name == "case_rescaling":
        return value[:, None] * X, W
    return value * X, W


def conditioned(norm: str, X: np.ndarray, W: np.ndarray) -> bool:
    """True unless an axis the layer standardizes (or a weight row it normalizes) is nearly degenerate."""
    a = X @ W.T
    ms = float(np.mean(a * a))
    if norm == "batch":
        return bool(np.min(a.var(axis=0)) > VAR_FLOOR * ms)
    if norm == "layer":
        return bool(np.min(a.var(axis=1)) > VAR_FLOOR * ms)
    return bool(np.min(np.sum(W * W, axis=1)) > VAR_FLOOR * float(np.mean(W * W)))


def to_mp(x: np.ndarray) -> np.ndarray:
    """An object array of mpmath numbers with the same values (exact conversion of each float)."""
    return np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])(np.asarray(x, dtype=float))
