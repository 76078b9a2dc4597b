"""Unit tests for the train_longer library: the covariance of a mini-batch gradient, learning rates, update counts
and Ghost-batch chunks and gradient.

The claims train_longer.library_* check the same functions against ground truth computed another way (every batch
enumerated in rationals, batches counted, torch.chunk's documented examples); these tests pin hand-computed values,
the extreme scales, and the input validation (one table covering every public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.train_longer.library import (
    covariance_matching_lr,
    ghost_batch_gradient,
    ghost_batch_sizes,
    matched_epochs,
    minibatch_gradient_covariance,
    sqrt_scaled_lr,
    updates_per_run,
)

# -- hand-computed values ------------------------------------------------------------------------------


def test_two_examples_one_drawn():
    """g = (1, −1), M = 1: ĝ = ±1, variance 1, with or without replacement (one draw is one draw)."""
    assert minibatch_gradient_covariance([[1.0], [-1.0]], 1)[0, 0] == 1.0
    assert minibatch_gradient_covariance([[1.0], [-1.0]], 1, replacement=True)[0, 0] == 1.0


def test_three_examples_two_drawn():
    """g = (0, 3, 6), M = 2: the batch means 1.5, 3, 4.5 have variance 1.5; with replacement 6/2 = 3."""
    g = [[0.0], [3.0], [6.0]]
    assert minibatch_gradient_covariance(g, 2)[0, 0] == pytest.approx(1.5, rel=1e-15)
    assert minibatch_gradient_covariance(g, 2, replacement=True)[0, 0] == pytest.approx(3.0, rel=1e-15)


def test_full_batch_and_single_example_have_no_noise():
    assert np.all(minibatch_gradient_covariance([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]], 3) == 0.0)
    assert np.all(minibatch_gradient_covariance([[7.0, -2.0]], 1) == 0.0)


def test_vector_gradients_one_drawn():
    """Rows (±1, 0), (0, ±2), M = 1: Cov = diag(E ĝ₁², E ĝ₂²) = diag(1/2, 2)."""
    g = [[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]]
    np.testing.assert_allclose(minibatch_gradient_covariance(g, 1), [[0.5, 0.0], [0.0, 2.0]], rtol=1e-15, atol=0)


def test_learning_rates():
    """√32 for batch 4096 over 128; N = 5, M = 1 → M′ = 4: (1/M − 1/N)/(1/M′ − 1/N) = (4/5)/(1/20) = 16, so 4η."""
    assert sqrt_scaled_lr(0.1, 4096, 128) == pytest.approx(0.1 * 4 * math.sqrt(2), rel=1e-15)
    assert covariance_matching_lr(0.1, 1, 4, 5) == pytest.approx(0.4, rel=1e-15)
    assert covariance_matching_lr(0.3, 7, 7, 10) == pytest.approx(0.3, rel=1e-15)


def test_cifar_update_counts():
    """N = 50000: 391 batches of 128; 16 epochs of 25 batches of 2048 = 400; 24 full batches of 2048. The fewest
    epochs at 2048 that reach 391 updates are 16, at 4096 they are 31 (the release uses 32)."""
    assert updates_per_run(50_000, 128, 1) == 391
    assert updates_per_run(50_000, 2048, 16) == 400
    assert updates_per_run(50_000, 2048, 1, drop_last=True) == 24
    assert matched_epochs(1, 50_000, 128, 2048) == 16
    assert matched_epochs(1, 50_000, 128, 4096) == 31
    assert matched_epochs(0, 50_000, 128, 4096) == 0


def test_ghost_batch_sizes_as_torch_chunk():
    assert ghost_batch_sizes(13, 6) == [3, 3, 3, 3, 1]
    assert ghost_batch_sizes(11, 6) == [2, 2, 2, 2, 2, 1]
    assert ghost_batch_sizes(9, 4) == [3, 3, 3]
    assert ghost_batch_sizes(848, 32) == [27] * 31 + [11]
    assert ghost_batch_sizes(4096, 32) == [128] * 32
    assert ghost_batch_sizes(3, 10) == [1, 1, 1]


def test_ghost_batch_gradient_weighs_by_size():
    """Chunks of 2 and 1 with mean gradients 1 and 4: (2·1 + 1·4)/3 = 2 (equal weights would give 2.5)."""
    assert ghost_batch_gradient([[1.0], [4.0]], [2, 1])[0] == pytest.approx(2.0, rel=1e-15)


# -- extreme scales --------------------------------------------------------------------------------------


def test_covariance_is_scale_free():
    """Gradients scaled by 1e±150 give the covariance scaled by 1e±300; a common offset of 1e8 changes nothing."""
    g = np.array([[0.0, 1.0], [3.0, -2.0], [6.0, 4.0], [1.0, 1.0]])
    base = minibatch_gradient_covariance(g, 2)
    np.testing.assert_allclose(minibatch_gradient_covariance(g * 1e150, 2), base * 1e300, rtol=1e-13)
    np.testing.assert_allclose(minibatch_gradient_covariance(g * 1e-150, 2), base * 1e-300, rtol=1e-13)
    np.testing.assert_allclose(minibatch_gradient_covariance(g + 1e8, 2), base, rtol=1e-6)


def test_covariance_beyond_the_float_range_raises():
    with pytest.raises(ValueError, match="float range"):
        minibatch_gradient_covariance([[1e200], [-1e200]], 1)


def test_ghost_gradient_near_the_largest_float():
    value = math.ldexp(1.5, 1022)
    assert ghost_batch_gradient([[value], [value]], [3, 1])[0] == pytest.approx(value, rel=1e-15)


def test_update_counts_beyond_float_precision():
    assert updates_per_run(2**53 + 1, 2, 1) == 2**52 + 1
    assert matched_epochs(1, 2**53 + 1, 1, 2) == 2


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

_G = [[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]]
BAD_INPUTS = [
    # minibatch_gradient_covariance
    (minibatch_gradient_covariance, (None, 1), {}, TypeError, "per_example_grads"),
    (minibatch_gradient_covariance, ("abc", 1), {}, TypeError, "per_example_grads"),
    (minibatch_gradient_covariance, ([[True, False]], 1), {}, TypeError, "per_example_grads"),
    (minibatch_gradient_covariance, ([[1j, 0.0]], 1), {}, TypeError, "per_example_grads"),
    (minibatch_gradient_covariance, ([[float("nan"), 0.0]], 1), {}, ValueError, "per_example_grads"),
    (minibatch_gradient_covariance, ([[float("inf"), 0.0]], 1), {}, ValueError, "per_example_grads"),
    (minibatch_gradient_covariance, (np.zeros((0, 2)), 1), {}, ValueError, "per_example_grads"),
    (minibatch_gradient_covariance, ([1.0, 2.0], 1), {}, ValueError, "per_example_grads"),
    (minibatch_gradient_covariance, ([[1.0], [2.0, 3.0]], 1), {}, ValueError, "per_example_grads"),
    (minibatch_gradient_covariance, (_G, 1.0), {}, TypeError, "batch_size"),
    (minibatch_gradient_covariance, (_G, True), {}, TypeError, "batch_size"),
    (minibatch_gradient_covariance, (_G, 0), {}, ValueError, "batch_size"),
    (minibatch_gradient_covariance, (_G, 4), {}, ValueError, "batch_size"),
    (minibatch_gradient_covariance, (_G, 1), {"replacement": 1}, TypeError, "replacement"),
    # sqrt_scaled_lr
    (sqrt_scaled_lr, (None, 4, 2), {}, TypeError, "lr"),
    (sqrt_scaled_lr, (True, 4, 2), {}, TypeError, "lr"),
    (sqrt_scaled_lr, ("0.1", 4, 2), {}, TypeError, "lr"),
    (sqrt_scaled_lr, (float("nan"), 4, 2), {}, ValueError, "lr"),
    (sqrt_scaled_lr, (float("inf"), 4, 2), {}, ValueError, "lr"),
    (sqrt_scaled_lr, (0.0, 4, 2), {}, ValueError, "lr"),
    (sqrt_scaled_lr, (-0.1, 4, 2), {}, ValueError, "lr"),
    (sqrt_scaled_lr, (1e308, 2**40, 1), {}, ValueError, "float range"),
    (sqrt_scaled_lr, (0.1, 4.0, 2), {}, TypeError, "batch_size"),
    (sqrt_scaled_lr, (0.1, 0, 2), {}, ValueError, "batch_size"),
    (sqrt_scaled_lr, (0.1, 4, False), {}, TypeError, "base_batch_size"),
    (sqrt_scaled_lr, (0.1, 4, -2), {}, ValueError, "base_batch_size"),
    # covariance_matching_lr
    (covariance_matching_lr, (None, 2, 4, 10), {}, TypeError, "lr"),
    (covariance_matching_lr, (float("nan"), 2, 4, 10), {}, ValueError, "lr"),
    (covariance_matching_lr, (-1.0, 2, 4, 10), {}, ValueError, "lr"),
    (covariance_matching_lr, (0.1, 2.5, 4, 10), {}, TypeError, "batch_size"),
    (covariance_matching_lr, (0.1, 0, 4, 10), {}, ValueError, "batch_size"),
    (covariance_matching_lr, (0.1, 10, 4, 10), {}, ValueError, "batch_size"),
    (covariance_matching_lr, (0.1, 2, True, 10), {}, TypeError, "new_batch_size"),
    (covariance_matching_lr, (0.1, 2, 10, 10), {}, ValueError, "new_batch_size"),
    (covariance_matching_lr, (0.1, 2, 0, 10), {}, ValueError, "new_batch_size"),
    (covariance_matching_lr, (0.1, 2, 4, "10"), {}, TypeError, "dataset_size"),
    (covariance_matching_lr, (0.1, 1, 1, 1), {}, ValueError, "dataset_size"),
    # updates_per_run
    (updates_per_run, (None, 2, 1), {}, TypeError, "dataset_size"),
    (updates_per_run, (10.0, 2, 1), {}, TypeError, "dataset_size"),
    (updates_per_run, (0, 2, 1), {}, ValueError, "dataset_size"),
    (updates_per_run, (10, True, 1), {}, TypeError, "batch_size"),
    (updates_per_run, (10, 0, 1), {}, ValueError, "batch_size"),
    (updates_per_run, (10, 2, -1), {}, ValueError, "epochs"),
    (updates_per_run, (10, 2, 1.5), {}, TypeError, "epochs"),
    (updates_per_run, (10, 2, 1), {"drop_last": "yes"}, TypeError, "drop_last"),
    (updates_per_run, (10, 20, 1), {"drop_last": True}, ValueError, "batch_size"),
    # matched_epochs
    (matched_epochs, (None, 10, 2, 4), {}, TypeError, "epochs"),
    (matched_epochs, (-1, 10, 2, 4), {}, ValueError, "epochs"),
    (matched_epochs, (1, 0, 2, 4), {}, ValueError, "dataset_size"),
    (matched_epochs, (1, 10, 0, 4), {}, ValueError, "small_batch_size"),
    (matched_epochs, (1, 10, 2, 4.0), {}, TypeError, "large_batch_size"),
    (matched_epochs, (1, 10, 2, False), {}, TypeError, "large_batch_size"),
    # ghost_batch_sizes
    (ghost_batch_sizes, (None, 2), {}, TypeError, "batch_size"),
    (ghost_batch_sizes, (0, 2), {}, ValueError, "batch_size"),
    (ghost_batch_sizes, (10, 2.0), {}, TypeError, "chunks"),
    (ghost_batch_sizes, (10, True), {}, TypeError, "chunks"),
    (ghost_batch_sizes, (10, 0), {}, ValueError, "chunks"),
    # ghost_batch_gradient
    (ghost_batch_gradient, (None, [1]), {}, TypeError, "chunk_gradients"),
    (ghost_batch_gradient, ([[False]], [1]), {}, TypeError, "chunk_gradients"),
    (ghost_batch_gradient, ([[float("nan")]], [1]), {}, ValueError, "chunk_gradients"),
    (ghost_batch_gradient, ([[-float("inf")]], [1]), {}, ValueError, "chunk_gradients"),
    (ghost_batch_gradient, (np.zeros((0, 1)), []), {}, ValueError, "chunk_gradients"),
    (ghost_batch_gradient, ([1.0, 2.0], [1, 1]), {}, ValueError, "chunk_gradients"),
    (ghost_batch_gradient, ([[1.0], [2.0]], None), {}, TypeError, "chunk_sizes"),
    (ghost_batch_gradient, ([[1.0], [2.0]], [1.0, 2.0]), {}, TypeError, "chunk_sizes"),
    (ghost_batch_gradient, ([[1.0], [2.0]], [True, False]), {}, TypeError, "chunk_sizes"),
    (ghost_batch_gradient, ([[1.0], [2.0]], [1, 2, 3]), {}, ValueError, "chunk_sizes"),
    (ghost_batch_gradient, ([[1.0], [2.0]], [1, 0]), {}, ValueError, "chunk_sizes"),
    (ghost_batch_gradient, ([[1.0], [2.0]], [[1, 2]]), {}, ValueError, "chunk_sizes"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "name"), BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, error, name):
    with pytest.raises(error, match=name):
        fn(*args, **kwargs)
