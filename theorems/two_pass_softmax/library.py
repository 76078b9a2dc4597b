"""The Two-Pass softmax a practitioner calls: two passes over the data, masked logits allowed.

M. Dukhan, A. Ablavatski, "The Two-Pass Softmax Algorithm" (arXiv 2001.04438). The first pass reads the input
once, in chunks along ``axis``, and keeps a running pair (m, S) with Σ_j e^{x_j} = S·e^m: a chunk's pair is
merged by m′ = max(m, m_c), S ← S·e^{m − m′} + S_c·e^{m_c − m′}. The second pass reads the input again and
writes y_i = e^{x_i − m}/S. This is the base-e form of the paper's (mantissa, exponent) pair, which
``two_pass_softmax.online_base_e_equivalence`` shows computes the same quantity; in float64 it needs no argument
reduction, so it keeps its accuracy for inputs of any magnitude (the float32 kernels' reduction does not,
``two_pass_softmax.reduction_range``).

* :func:`softmax`: the softmax along ``axis``;
* :func:`logsumexp`: log Σ_j e^{x_j} along ``axis``, from the first pass alone.

Inputs are real arrays (ints and floats; computed in float64, returned as float64). Entries equal to −∞ are
masked logits: their probability is exactly 0, and a chunk or a slice of masked entries is skipped in the merge
(the released kernels return NaN there, ``two_pass_softmax.special_values_masked``). A slice whose entries are
all −∞ has no softmax (0/0): :func:`softmax` raises a ValueError, :func:`logsumexp` returns −∞. NaN and +∞ are
rejected with a ValueError naming ``x``; booleans, strings, None and complex numbers with a TypeError; an empty
array, an axis out of range or a chunk size below 1 with a ValueError.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = ["softmax", "logsumexp"]


def _array(x: Any) -> np.ndarray:
    if x is None or isinstance(x, (str, bytes, bool, np.bool_)):
        raise TypeError(f"x must be an array of real numbers, got {type(x).__name__}")
    try:
        raw = np.asarray(x)
    except (TypeError, ValueError):
        raise ValueError("x must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in raw.flat):
            raise TypeError("x must hold real numbers only (no booleans, strings, None or complex numbers)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"x must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    arr = raw.astype(np.float64)
    if arr.ndim == 0:
        raise ValueError("x must have at least one dimension (a vector of logits), got a scalar")
    if arr.size == 0:
        raise ValueError(f"x is empty (shape {arr.shape})")
    if np.any(np.isnan(arr)):
        raise ValueError("x must not contain NaN")
    if np.any(arr == np.inf):
        raise ValueError("x must not contain +inf (the softmax has no value there); −inf marks a masked logit")
    return arr


def _axis(axis: Any, ndim: int) -> int:
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an int, got {type(axis).__name__} {axis!r}")
    if not -ndim <= int(axis) < ndim:
        raise ValueError(f"axis {axis} is out of range for x with {ndim} dimension(s)")
    return int(axis) % ndim


def _chunk(chunk: Any) -> int:
    if isinstance(chunk, (bool, np.bool_)) or not isinstance(chunk, numbers.Integral):
        raise TypeError(f"chunk must be an int, got {type(chunk).__name__} {chunk!r}")
    if int(chunk) < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    return int(chunk)


def _merge(m, s, m_c, s_c):
    """(m, S) ⊕ (m_c, S_c); a side with m = −∞ (nothing seen, or only masked entries) contributes 0."""
    m_new = np.maximum(m, m_c)
    finite = np.isfinite(m_new)
    safe = np.where(finite, m_new, 0.0)
    with np.errstate(under="ignore"):
        a = s * np.exp(m - safe)  # m = −∞ gives e^{−∞} = 0 (safe is finite): no −∞ − (−∞)
        b = s_c * np.exp(m_c - safe)
    return m_new, np.where(finite, a + b, 0.0)


def _first_pass(arr: np.ndarray, chunk: int) -> tuple[np.ndarray, np.ndarray]:
    """(m, S) over the last axis, chunk by chunk."""
    shape = arr.shape[:-1]
    m = np.full(shape, -np.inf)
    s = np.zeros(shape)
    for start in range(0, arr.shape[-1], chunk):
        block = arr[..., start:start + chunk]
        m_c = np.max(block, axis=-1)
        safe = np.where(np.isfinite(m_c), m_c, 0.0)
        with np.errstate(under="ignore"):
            s_c = np.sum(np.exp(block - safe[..., None]), axis=-1)
        m, s = _merge(m, s, m_c, np.where(np.isfinite(m_c), s_c, 0.0))
    return m, s


def logsumexp(x: Any, axis: int = -1, *, chunk: int = 4096) -> Any:
    """log Σ_j e^{x_j} along ``axis`` (−∞ for a slice of masked entries); a float for a vector."""
    arr = _array(x)
    ax = _axis(axis, arr.ndim)
    m, s = _first_pass(np.moveaxis(arr, ax, -1), _chunk(chunk))
    with np.errstate(divide="ignore"):
        out = np.where(np.isfinite(m), m + np.log(np.where(s > 0, s, 1.0)), -np.inf)
    return float(out) if out.ndim == 0 else out


def softmax(x: Any, axis: int = -1, *, chunk: int = 4096) -> np.ndarray:
    """e^{x_i}/Σ_j e^{x_j} along ``axis``, in two passes over ``x``; masked (−∞) entries get exactly 0."""
    arr = _array(x)
    ax = _axis(axis, arr.ndim)
    moved = np.moveaxis(arr, ax, -1)
    m, s = _first_pass(moved, _chunk(chunk))
    if np.any(~np.isfinite(m)):
        raise ValueError("x: a slice along axis has every entry −inf (all masked): its softmax is 0/0")
    with np.errstate(under="ignore"):
        y = np.exp(moved - m[..., None]) / s[..., None]
    return np.moveaxis(y, -1, ax)
