"""Plausible bugs in the train_longer library: the mutants of its conformance claims.

Each takes the arguments of the library function it replaces and returns a wrong value (never an exception: a
mutant must be wrong, not broken).
"""

from __future__ import annotations

import math

import numpy as np

from . import library as L


def covariance_naive_squares(per_example_grads, batch_size, *, replacement=False):
    """(1/M − 1/N)/(N − 1)·(Σ g gᵀ − N ḡḡᵀ) from raw second moments: cancels catastrophically for gradients
    with a large common mean, and overflows for entries beyond 1e154."""
    g = np.asarray(per_example_grads, dtype=float)
    n, m = g.shape[0], batch_size
    with np.errstate(over="ignore", invalid="ignore"):
        second = g.T @ g - n * np.outer(g.mean(axis=0), g.mean(axis=0))
        if replacement:
            return second / (m * n)
        return second * (1 / m - 1 / n) / max(n - 1, 1)


def covariance_with_replacement_always(per_example_grads, batch_size, *, replacement=False):
    """The with-replacement covariance whatever ``replacement`` says."""
    return L.minibatch_gradient_covariance(per_example_grads, batch_size, replacement=True)


def covariance_population_normalised(per_example_grads, batch_size, *, replacement=False):
    """1/N in place of 1/(N − 1) without replacement."""
    g = np.asarray(per_example_grads, dtype=float)
    n = g.shape[0]
    out = L.minibatch_gradient_covariance(per_example_grads, batch_size, replacement=replacement)
    return out if replacement or n == 1 else out * (n - 1) / n


def matching_lr_sqrt_rule(lr, batch_size, new_batch_size, dataset_size):
    """The square-root rule in place of the exact matching rate."""
    return L.sqrt_scaled_lr(lr, new_batch_size, batch_size)


def matching_lr_inverted(lr, batch_size, new_batch_size, dataset_size):
    """The ratio under the square root inverted."""
    return lr * math.sqrt((batch_size * (dataset_size - new_batch_size))
                          / (new_batch_size * (dataset_size - batch_size)))


def sqrt_lr_linear(lr, batch_size, base_batch_size):
    """The linear rule lr·M/M₀."""
    return lr * batch_size / base_batch_size


def updates_floor(dataset_size, batch_size, epochs, *, drop_last=False):
    """⌊N/b⌋ batches per epoch whatever drop_last says (the partial batch forgotten)."""
    return epochs * (dataset_size // batch_size)


def updates_float_ceil(dataset_size, batch_size, epochs, *, drop_last=False):
    """E·⌈N/b⌉ through float division: wrong once N/b is within rounding of an integer (N beyond 2⁵³)."""
    if drop_last:
        return epochs * int(dataset_size / batch_size)
    return epochs * math.ceil(dataset_size / batch_size)


def matched_epochs_release(epochs, dataset_size, small_batch_size, large_batch_size):
    """The release's E·⌈B/b⌉."""
    return epochs * math.ceil(large_batch_size / small_batch_size)


def matched_epochs_ratio(epochs, dataset_size, small_batch_size, large_batch_size):
    """⌈E·B/b⌉, the epochs scaled by the batch ratio without counting batches."""
    return -(-epochs * large_batch_size // small_batch_size)


def chunk_sizes_array_split(batch_size, chunks):
    """numpy's array_split sizes (differing by at most one) in place of torch.chunk's."""
    return [len(p) for p in np.array_split(np.arange(batch_size), min(chunks, batch_size))]


def chunk_sizes_always_requested(batch_size, chunks):
    """Always ``chunks`` chunks: ⌈n/C⌉ each and whatever remains in the last (which may be 0 or negative)."""
    size = -(-batch_size // chunks)
    return [size] * (chunks - 1) + [batch_size - size * (chunks - 1)]


def ghost_gradient_equal_weights(chunk_gradients, chunk_sizes):
    """The release's equal weights 1/C."""
    return np.asarray(chunk_gradients, dtype=float).mean(axis=0)


def ghost_gradient_unscaled_sum(chunk_gradients, chunk_sizes):
    """Σ_c n_c ḡ_c / Σ_c n_c computed as written: overflows for gradients beyond 1e308 / n."""
    g = np.asarray(chunk_gradients, dtype=float)
    s = np.asarray(chunk_sizes, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        return (s @ g) / s.sum()
