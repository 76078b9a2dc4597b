"""Large-batch training functions a practitioner calls: the noise of a mini-batch gradient, learning rates that
keep it, update counts of a training regime, and Ghost Batch Normalization's chunks and gradient.

E. Hoffer, I. Hubara, D. Soudry, "Train longer, generalize better" (arXiv 1705.08741), with the authors' release
(github.com/eladhoffer/bigBatch, commit 0c69f28: ``main_normal.py``, ``main_gbn.py``).

* :func:`minibatch_gradient_covariance`: the exact covariance of the mean gradient ĝ of a uniformly drawn
  batch of M of the N per-example gradients g_n: (1/M − 1/N)·S without replacement, (1/M)·(N − 1)/N·S with
  replacement, S = (1/(N − 1)) Σ (g_n − ḡ)(g_n − ḡ)ᵀ (claims ``train_longer.minibatch_covariance_exact``,
  ``train_longer.library_gradient_covariance``);
* :func:`sqrt_scaled_lr`: the paper's rule η·(M/M₀)^½ (the release's ``--lr_bb_fix``);
* :func:`covariance_matching_lr`: the learning rate that keeps Cov(Δw) = η² Cov(ĝ) exactly when the batch
  grows from M to M′ out of N: η·(M′(N − M)/(M(N − M′)))^½, which the square-root rule only approximates
  (claim ``train_longer.sqrt_rule_covariance_ratio``);
* :func:`updates_per_run`: E·⌈N/b⌉ updates (E·⌊N/b⌋ when the last partial batch is dropped);
* :func:`matched_epochs`: the fewest epochs at batch B that make at least as many updates as E epochs at
  batch b (the release multiplies E by ⌈B/b⌉ instead, claim ``train_longer.regime_adaptation_bounded_excess``);
* :func:`ghost_batch_sizes`: the sizes ``torch.chunk(batch, chunks)`` returns (⌈n/chunks⌉ each, the last one
  smaller; fewer chunks than asked when ⌈n/chunks⌉ does not allow them);
* :func:`ghost_batch_gradient`: the batch's mean gradient from per-chunk mean gradients, each weighted by
  its chunk's size (the release weights the chunks equally, claim ``train_longer.ghost_bn_equal_chunks``).

Every function validates its arguments and raises ``TypeError`` (wrong type, booleans included) or
``ValueError`` (NaN, infinity, empty or wrongly shaped arrays, values out of range) naming the argument.
The covariance is homogeneous of degree 2 in the gradients and the Ghost-batch gradient of degree 1: both are
computed on the gradients divided by a power of two near their largest entry (an exact operation), so inputs
of any scale give the value to float64 accuracy, or a ValueError when the value itself exceeds the float range.
Integer results (update counts, chunk sizes) are computed in exact integer arithmetic.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "minibatch_gradient_covariance",
    "sqrt_scaled_lr",
    "covariance_matching_lr",
    "updates_per_run",
    "matched_epochs",
    "ghost_batch_sizes",
    "ghost_batch_gradient",
]


# -- validation ----------------------------------------------------------------------------------------


def _count(name: str, value: Any, *, low: int = 1) -> int:
    """``value`` as an int ≥ ``low`` (numpy integers accepted; booleans and floats refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    v = int(value)
    if v < low:
        raise ValueError(f"{name} must be an integer ≥ {low}, got {v}")
    return v


def _positive(name: str, value: Any) -> float:
    """``value`` as a finite float > 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return v


def _matrix(name: str, value: Any) -> np.ndarray:
    """``value`` as a finite 2-D float array with at least one row and one column."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a 2-D array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        try:
            raw = raw.astype(float)
        except (OverflowError, ValueError):
            raise ValueError(f"{name} must be finite (an entry exceeds the float range)") from None
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    arr = raw.astype(float)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (one row per example or chunk, one column per "
                         f"parameter), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _power_of_two_scale(arr: np.ndarray) -> tuple[np.ndarray, int]:
    """(arr / 2^e, e) with 2^e near max |arr| (exact: only the exponents change), e = 0 for a zero array."""
    top = float(np.max(np.abs(arr)))
    if top == 0.0:
        return arr, 0
    e = math.frexp(top)[1]
    return np.ldexp(arr, -e), e


def _finite_result(name: str, value: Any) -> Any:
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{name}: the result exceeds the float range")
    return value


# -- the noise of a mini-batch gradient ------------------------------------------------------------------


def minibatch_gradient_covariance(per_example_grads: Any, batch_size: int, *, replacement: bool = False) -> np.ndarray:
    """Cov(ĝ) for ĝ = (1/M) Σ_{n∈B} g_n, B a uniformly random batch of M = ``batch_size`` of the N rows of
    ``per_example_grads`` (shape (N, d)); a (d, d) array.

    Without replacement (every M-subset equally likely; M ≤ N): (1/M − 1/N)·S with
    S = (1/(N − 1)) Σ_n (g_n − ḡ)(g_n − ḡ)ᵀ (0 when N = 1). With replacement (M independent uniform draws):
    (1/M)·(1/N) Σ_n (g_n − ḡ)(g_n − ḡ)ᵀ. Cov(Δw) of an SGD step Δw = −η ĝ is η² times this.
    """
    g = _matrix("per_example_grads", per_example_grads)
    n = g.shape[0]
    m = _count("batch_size", batch_size)
    if not isinstance(replacement, (bool, np.bool_)):
        raise TypeError(f"replacement must be True or False, got {type(replacement).__name__}")
    if not replacement and m > n:
        raise ValueError(f"batch_size must be at most the number of examples ({n}) when drawing without "
                         f"replacement, got {m}")
    scaled, e = _power_of_two_scale(g)
    centred = scaled - scaled.mean(axis=0)
    second = centred.T @ centred  # Σ (g − ḡ)(g − ḡ)ᵀ / 4^e
    if replacement:
        factor = 1.0 / (m * n)
    elif n == 1:
        return np.zeros((g.shape[1], g.shape[1]))
    else:
        factor = float(Fraction(n - m, m * n * (n - 1)))  # (1/M − 1/N)/(N − 1), rounded once
    with np.errstate(over="ignore", under="ignore"):
        out = np.ldexp(second * factor, 2 * e)
    return _finite_result("minibatch_gradient_covariance", out)


# -- learning rates -----------------------------------------------------------------------------------


def sqrt_scaled_lr(lr: float, batch_size: int, base_batch_size: int) -> float:
    """η·(M/M₀)^½: the paper's square-root rule, as ``--lr_bb_fix`` applies it (M₀ = the release's
    ``mini_batch_size`` in main_gbn.py; 256 in main_normal.py)."""
    eta = _positive("lr", lr)
    m = _count("batch_size", batch_size)
    m0 = _count("base_batch_size", base_batch_size)
    with np.errstate(over="ignore"):
        out = eta * math.sqrt(Fraction(m, m0))
    return _finite_result("sqrt_scaled_lr", out)


def covariance_matching_lr(lr: float, batch_size: int, new_batch_size: int, dataset_size: int) -> float:
    """The learning rate η′ at batch M′ that keeps Cov(Δw) = η² (1/M − 1/N) S of batch M exactly, for batches
    drawn without replacement from N examples: η′ = η (M′(N − M)/(M(N − M′)))^½.

    Both batches must be smaller than N: a full batch has no noise to match.
    """
    eta = _positive("lr", lr)
    n = _count("dataset_size", dataset_size, low=2)
    m = _count("batch_size", batch_size)
    m2 = _count("new_batch_size", new_batch_size)
    for name, value in (("batch_size", m), ("new_batch_size", m2)):
        if value >= n:
            raise ValueError(f"{name} must be smaller than dataset_size ({n}): a full batch has no gradient "
                             f"noise to match, got {value}")
    ratio = Fraction(m2 * (n - m), m * (n - m2))
    out = eta * math.sqrt(ratio)
    return _finite_result("covariance_matching_lr", out)


# -- update counts ------------------------------------------------------------------------------------


def updates_per_run(dataset_size: int, batch_size: int, epochs: int, *, drop_last: bool = False) -> int:
    """E·⌈N/b⌉ weight updates: one per batch, the last partial batch of each epoch included (a PyTorch
    DataLoader's default); E·⌊N/b⌋ with ``drop_last=True``."""
    n = _count("dataset_size", dataset_size)
    b = _count("batch_size", batch_size)
    e = _count("epochs", epochs, low=0)
    if not isinstance(drop_last, (bool, np.bool_)):
        raise TypeError(f"drop_last must be True or False, got {type(drop_last).__name__}")
    if drop_last:
        if b > n:
            raise ValueError(f"batch_size ({b}) exceeds dataset_size ({n}): with drop_last=True no batch is formed")
        return e * (n // b)
    return e * (-(-n // b))


def matched_epochs(epochs: int, dataset_size: int, small_batch_size: int, large_batch_size: int) -> int:
    """The fewest epochs E′ at batch B = ``large_batch_size`` with E′·⌈N/B⌉ ≥ E·⌈N/b⌉, b = ``small_batch_size``
    (partial batches counted): the regime adaptation that keeps the number of updates."""
    e = _count("epochs", epochs, low=0)
    n = _count("dataset_size", dataset_size)
    b = _count("small_batch_size", small_batch_size)
    big = _count("large_batch_size", large_batch_size)
    target = e * (-(-n // b))
    per_epoch = -(-n // big)
    return -(-target // per_epoch)


# -- Ghost Batch Normalization ----------------------------------------------------------------------------


def ghost_batch_sizes(batch_size: int, chunks: int) -> list[int]:
    """The sizes of ``torch.chunk(x, chunks)`` for a batch of n = ``batch_size``: chunks of ⌈n/chunks⌉, the
    last one smaller, and fewer than ``chunks`` of them when ⌈n/chunks⌉ does not allow more (n = 13, chunks
    = 6 gives [3, 3, 3, 3, 1]), as the PyTorch documentation of ``torch.chunk`` states."""
    n = _count("batch_size", batch_size)
    c = _count("chunks", chunks)
    size = -(-n // c)
    full, rest = divmod(n, size)
    return [size] * full + ([rest] if rest else [])


def ghost_batch_gradient(chunk_gradients: Any, chunk_sizes: Any) -> np.ndarray:
    """The mean gradient of a batch from the mean gradients of its chunks (rows of ``chunk_gradients``, shape
    (C, d)) and their sizes n_c: Σ_c n_c ḡ_c / Σ_c n_c. Equal weights 1/C (the release) give the same only
    when the chunks have equal sizes."""
    g = _matrix("chunk_gradients", chunk_gradients)
    if chunk_sizes is None or isinstance(chunk_sizes, (str, bytes, bool, np.bool_)):
        raise TypeError(f"chunk_sizes must be a sequence of integers, got {type(chunk_sizes).__name__}")
    sizes = np.asarray(chunk_sizes)
    if sizes.dtype.kind == "O" or sizes.dtype.kind == "b" or sizes.dtype.kind not in "iu":
        raise TypeError(f"chunk_sizes must hold integers, got dtype {sizes.dtype}")
    if sizes.ndim != 1 or sizes.shape[0] != g.shape[0]:
        raise ValueError(f"chunk_sizes must be 1-D with one size per row of chunk_gradients ({g.shape[0]}), "
                         f"got shape {sizes.shape}")
    if np.any(sizes < 1):
        raise ValueError(f"chunk_sizes must be positive integers, got {sizes.tolist()}")
    weights = np.array([float(Fraction(int(s), int(sizes.sum()))) for s in sizes])
    scaled, e = _power_of_two_scale(g)
    return np.ldexp(weights @ scaled, e)
