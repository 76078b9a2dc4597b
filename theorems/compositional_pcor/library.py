"""Partial correlations of compositional data (Erb, arXiv 1904.09480), as a practitioner calls them.

A data set is an ``(n, D)`` array of compositions: ``n`` samples of ``D ≥ 3`` strictly positive parts
(any per-sample scale: closure does not change a log-ratio). Everything is computed from the logs
``l = log x``:

- :func:`clr`: the centred log-ratios ``l − mean(l)`` of each sample;
- :func:`log_ratio_residuals`: the residual of ``l_i − l_r`` regressed on an intercept and the log-ratios
  ``l_k − l_r`` of the remaining parts (all parts but ``i``, ``r`` and those in ``exclude``);
- :func:`residual_partial_correlation`: the correlation of the residuals of parts ``i`` and ``j``
  (each adjusted for every part but ``i``, ``j`` and the reference);
- :func:`partial_correlations`: the matrix ``ρ_ij = −Ω_ij/√(Ω_ii Ω_jj)`` with ``Ω = pinv(Cov(clr))``.

Every public function validates its arguments and raises ``TypeError`` (wrong type, booleans
included) or ``ValueError`` (empty, wrong shape, NaN, infinite, zero or negative parts, an index out
of range, too few samples) naming the argument. The correlations need ``n ≥ D`` samples: below that
the clr covariance is rank deficient and the residual definition degenerates (±1 at ``n = D − 1``,
0/0 below; see the claim ``compositional_pcor.small_sample_degenerate``), so they refuse rather than
return a number. Logs are taken of the parts as given, so parts between 1e-300 and 1e300 are fine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

__all__ = ["clr", "log_ratio_residuals", "residual_partial_correlation", "partial_correlations"]


# -- validation ----------------------------------------------------------------------------------------


def _compositions(x: Any, *, min_samples: int = 1) -> np.ndarray:
    """``x`` as a float ``(n, D)`` array of strictly positive finite parts, or TypeError/ValueError naming x."""
    if isinstance(x, (str, bytes, bool, np.bool_)) or not hasattr(x, "__len__") and not hasattr(x, "shape"):
        raise TypeError(f"x must be an (n, D) array of positive numbers, got {type(x).__name__}")
    try:
        raw = np.asarray(x)
    except (TypeError, ValueError):
        raise TypeError("x must be an (n, D) array of positive numbers") from None
    if raw.dtype.kind == "b":
        raise TypeError("x must hold numbers, not booleans")
    if raw.dtype.kind not in ("f", "i", "u"):
        raise TypeError(f"x must be a real (integer or floating-point) array, got dtype {raw.dtype}")
    arr = raw.astype(float)
    if arr.ndim != 2:
        raise ValueError(f"x must have 2 dimensions (samples × parts), got shape {arr.shape}")
    n, d = arr.shape
    if n == 0 or d == 0:
        raise ValueError(f"x is empty (shape {arr.shape})")
    if d < 3:
        raise ValueError(f"x needs at least 3 parts (a pair and a reference), got {d}")
    if not np.isfinite(arr).all():
        raise ValueError("x holds NaN or infinity")
    if not (arr > 0).all():
        raise ValueError("x holds a zero or negative part: log-ratios are undefined there (replace zeros first)")
    if n < min_samples:
        raise ValueError(f"x has n = {n} samples for D = {d} parts: partial correlations need n ≥ D "
                         "(the clr covariance is rank deficient below)")
    return arr


def _index(name: str, value: Any, d: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    k = int(value)
    if not 0 <= k < d:
        raise ValueError(f"{name} = {k} is not a part index in [0, {d - 1}]")
    return k


def _reference(value: Any, d: int, taken: Iterable[int]) -> int:
    taken = set(taken)
    if value is None:
        return min(k for k in range(d) if k not in taken)
    r = _index("reference", value, d)
    if r in taken:
        raise ValueError(f"reference = {r} must differ from the parts {sorted(taken)} it is a reference for")
    return r


# -- the operators ---------------------------------------------------------------------------------------


def clr(x: Any) -> np.ndarray:
    """Centred log-ratios ``log x − mean(log x)`` of each sample (row) of an ``(n, D)`` array."""
    logs = np.log(_compositions(x))
    return logs - logs.mean(axis=1, keepdims=True)


def _residual(logs: np.ndarray, i: int, r: int, others: list[int], intercept: bool) -> np.ndarray:
    y = logs[:, i] - logs[:, r]
    cols = ([np.ones(len(y))] if intercept else []) + [logs[:, k] - logs[:, r] for k in others]
    if not cols:
        return y
    design = np.column_stack(cols)
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return y - design @ coef


def log_ratio_residuals(x: Any, i: int, *, reference: int | None = None, exclude: Iterable[int] = (),
                        intercept: bool = True) -> np.ndarray:
    """Residual of ``l_i − l_r`` regressed on an intercept (unless ``intercept=False``) and on ``l_k − l_r``
    for every part ``k`` not ``i``, not ``r`` and not in ``exclude``; ``r = reference`` (default: the
    first part that is neither ``i`` nor excluded). The paper: the result does not depend on ``r``."""
    arr = _compositions(x)
    d = arr.shape[1]
    i = _index("i", i, d)
    if isinstance(exclude, (str, bytes)) or not isinstance(exclude, Iterable):
        raise TypeError(f"exclude must be an iterable of part indices, got {type(exclude).__name__}")
    skipped = {_index("exclude", k, d) for k in exclude}
    if i in skipped:
        raise ValueError(f"exclude holds i = {i}: the part itself cannot be left out of its own residual")
    if not isinstance(intercept, (bool, np.bool_)):
        raise TypeError(f"intercept must be True or False, got {type(intercept).__name__}")
    r = _reference(reference, d, skipped | {i})
    others = [k for k in range(d) if k not in skipped | {i, r}]
    return _residual(np.log(arr), i, r, others, bool(intercept))


def residual_partial_correlation(x: Any, i: int, j: int, *, reference: int | None = None) -> float:
    """``corr(e_i, e_j)`` with ``e_i`` the residual of ``l_i − l_r`` (and ``e_j`` of ``l_j − l_r``) regressed on
    an intercept and ``l_k − l_r`` for every ``k ∉ {i, j, r}``; needs ``n ≥ D`` samples."""
    arr = _compositions(x)
    d = arr.shape[1]
    arr = _compositions(arr, min_samples=d)
    i, j = _index("i", i, d), _index("j", j, d)
    if i == j:
        raise ValueError(f"i and j must be two different parts, got {i} twice")
    r = _reference(reference, d, {i, j})
    logs = np.log(arr)
    others = [k for k in range(d) if k not in (i, j, r)]
    ei, ej = (_residual(logs, a, r, others, True) for a in (i, j))
    si, sj = np.max(np.abs(ei)), np.max(np.abs(ej))
    if si == 0 or sj == 0:
        raise ValueError("x: a residual is identically zero (collinear log-ratios); the correlation is undefined")
    ei, ej = ei / si, ej / sj  # scale-free: the cosine of the (mean-zero) residuals
    return float(np.clip(ei @ ej / np.sqrt((ei @ ei) * (ej @ ej)), -1.0, 1.0))


def _clr_precision(cov: np.ndarray) -> np.ndarray:
    """``pinv(C)`` of a clr covariance ``C`` (``C 1 = 0``, rank ``D − 1``) as ``inv(C + J/D) − J/D`` with
    ``J = 1 1ᵀ``: the null direction is known exactly, so no rank is guessed from a cut-off (a cut-off at
    1e-15 of the largest eigenvalue, numpy's default, can keep the rounding noise of the zero eigenvalue)."""
    d = cov.shape[0]
    cov = (cov + cov.T) / 2
    cov = cov - cov.mean(axis=0, keepdims=True)  # re-centre rows and columns against rounding
    cov = cov - cov.mean(axis=1, keepdims=True)
    ones = np.full((d, d), 1.0 / d) * np.trace(cov) / d  # J/D scaled to C's size: better conditioned
    return np.linalg.inv(cov + ones) - ones / (np.trace(cov) / d) ** 2


def partial_correlations(x: Any) -> np.ndarray:
    """The ``D × D`` matrix ``ρ_ij = −Ω_ij/√(Ω_ii Ω_jj)``, ``Ω = pinv(Cov(clr(x)))`` (1 on the diagonal);
    needs ``n ≥ D`` samples (a full-rank clr covariance)."""
    arr = _compositions(x)
    arr = _compositions(arr, min_samples=arr.shape[1])
    omega = _clr_precision(np.cov(clr(arr), rowvar=False))
    scale = np.sqrt(np.diag(omega))
    rho = -omega / np.outer(scale, scale)
    np.fill_diagonal(rho, 1.0)
    return np.clip((rho + rho.T) / 2, -1.0, 1.0)
