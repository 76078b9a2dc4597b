"""Unit tests for the target-surrogate library: softmax_cross_entropy, target_surrogate, max_target_step,
linear_mm_step and released_eta_to_step.

The claims of the target_surrogate family check the same functions against independent ground truth; these tests
pin hand-computed values, the extreme scales, and the input validation (one table covering every public
function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.target_surrogate.library import (
    linear_mm_step,
    max_target_step,
    released_eta_to_step,
    softmax_cross_entropy,
    target_surrogate,
)

# -- hand-computed values ------------------------------------------------------------------------------------


def test_cross_entropy_of_equal_logits_is_log_k():
    """Equal logits: the loss is log k per example, the gradient 1/k − 1 on the label and 1/k elsewhere."""
    loss, grad = softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3]), "sum")
    assert loss == pytest.approx(2 * math.log(4), rel=1e-15)
    np.testing.assert_allclose(grad, [[-0.75, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, -0.75]], rtol=1e-15)
    mean, grad_mean = softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3]), "mean")
    assert mean == pytest.approx(math.log(4), rel=1e-15)
    np.testing.assert_allclose(grad_mean, grad / 2, rtol=1e-15)


def test_cross_entropy_at_extreme_logits():
    """Logits of ±1e300: log-softmax keeps the loss finite (0 on the right class, 2e300 on the wrong one)."""
    loss, grad = softmax_cross_entropy(np.array([[1e300, -1e300]]), np.array([0]), "sum")
    assert loss == 0.0 and np.all(np.isfinite(grad))
    wrong, _ = softmax_cross_entropy(np.array([[1e300, -1e300]]), np.array([1]), "sum")
    assert wrong == pytest.approx(2e300, rel=1e-15)


def test_surrogate_by_hand():
    """L = 1, G = (1, −1), z − z_t = (0.5, 0.5), η = 2: 1 + 0 + 0.5/4 = 1.125."""
    value = target_surrogate(1.0, np.array([1.0, -1.0]), np.array([1.5, 0.5]), np.array([1.0, 0.0]), 2.0)
    assert value == 1.125


def test_surrogate_at_its_centre_is_the_loss():
    z = np.arange(6.0).reshape(2, 3)
    assert target_surrogate(0.7, np.ones((2, 3)), z, z, 1e-300) == 0.7


def test_constants():
    assert max_target_step("softmax_ce") == 2.0
    assert max_target_step("logistic") == 4.0
    assert max_target_step("squared") == 1.0
    assert max_target_step("softmax_ce", 64, "mean") == 128.0
    assert max_target_step("logistic", 10, "sum") == 4.0
    assert max_target_step("squared", 10**9, "mean") == 1e9


def test_linear_step_identity_features():
    """X = I: the step is the target-space gradient step itself."""
    theta = np.array([[1.0, 2.0], [3.0, 4.0]])
    grad = np.array([[0.5, -0.5], [1.0, 0.0]])
    np.testing.assert_allclose(linear_mm_step(theta, np.eye(2), grad, 2.0), theta - 2.0 * grad, rtol=1e-15)


def test_linear_step_is_scale_free_in_features():
    """Scaling X by c scales the step by 1/c: (cX)⁺ = X⁺/c, also at c = 1e±150."""
    rng = np.random.default_rng(0)
    x, grad, theta = rng.standard_normal((6, 3)), rng.standard_normal((6, 2)), np.zeros((3, 2))
    base = linear_mm_step(theta, x, grad, 0.7)
    for c in (1e-150, 1e150):
        np.testing.assert_allclose(linear_mm_step(theta, c * x, grad, 0.7), base / c, rtol=1e-12)


def test_released_eta():
    assert released_eta_to_step(1e3) == 5e-4
    assert released_eta_to_step(0.25) == 2.0


# -- validation: one table over every public function ---------------------------------------------------------

Z = np.zeros((2, 3))
LABELS = np.array([0, 2])
X = np.eye(3)
THETA = np.zeros((3, 2))
G = np.zeros((3, 2))

BAD = [
    # softmax_cross_entropy
    (softmax_cross_entropy, (np.array([[np.nan, 0.0]]), np.array([0])), {}, ValueError, "logits"),
    (softmax_cross_entropy, (np.array([[np.inf, 0.0]]), np.array([0])), {}, ValueError, "logits"),
    (softmax_cross_entropy, (np.zeros((0, 3)), np.array([], dtype=int)), {}, ValueError, "logits"),
    (softmax_cross_entropy, (np.zeros(3), np.array([0])), {}, ValueError, "logits"),
    (softmax_cross_entropy, (np.zeros((2, 1)), np.array([0, 0])), {}, ValueError, "logits"),
    (softmax_cross_entropy, (np.array([[True, False]]), np.array([0])), {}, TypeError, "logits"),
    (softmax_cross_entropy, ("abc", np.array([0])), {}, TypeError, "logits"),
    (softmax_cross_entropy, (Z, np.array([0.0, 1.0])), {}, TypeError, "labels"),
    (softmax_cross_entropy, (Z, np.array([0, 3])), {}, ValueError, "labels"),
    (softmax_cross_entropy, (Z, np.array([0])), {}, ValueError, "labels"),
    (softmax_cross_entropy, (Z, True), {}, TypeError, "labels"),
    (softmax_cross_entropy, (Z, LABELS), {"reduction": "max"}, ValueError, "reduction"),
    (softmax_cross_entropy, (Z, LABELS), {"reduction": 1}, TypeError, "reduction"),
    # target_surrogate
    (target_surrogate, (float("nan"), Z, Z, Z, 1.0), {}, ValueError, "loss_t"),
    (target_surrogate, (True, Z, Z, Z, 1.0), {}, TypeError, "loss_t"),
    (target_surrogate, (0.0, Z, np.zeros((3, 2)), Z, 1.0), {}, ValueError, "shape"),
    (target_surrogate, (0.0, Z, Z, Z, 0.0), {}, ValueError, "eta"),
    (target_surrogate, (0.0, Z, Z, Z, -1.0), {}, ValueError, "eta"),
    (target_surrogate, (0.0, Z, Z, Z, float("inf")), {}, ValueError, "eta"),
    (target_surrogate, (0.0, Z, Z, Z, True), {}, TypeError, "eta"),
    (target_surrogate, (0.0, np.full((2, 3), np.nan), Z, Z, 1.0), {}, ValueError, "grad_t"),
    (target_surrogate, (0.0, Z, None, Z, 1.0), {}, TypeError, "targets"),
    (target_surrogate, (0.0, Z, Z, np.zeros((0,)), 1.0), {}, ValueError, "targets_t"),
    (target_surrogate, (0.0, np.zeros((2, 3), dtype=complex), Z, Z, 1.0), {}, TypeError, "grad_t"),
    # max_target_step
    (max_target_step, ("hinge",), {}, ValueError, "loss"),
    (max_target_step, (None,), {}, TypeError, "loss"),
    (max_target_step, ("softmax_ce", 0), {}, ValueError, "n"),
    (max_target_step, ("softmax_ce", 2.0), {}, TypeError, "n"),
    (max_target_step, ("softmax_ce", True), {}, TypeError, "n"),
    (max_target_step, ("softmax_ce", 2, "avg"), {}, ValueError, "reduction"),
    # linear_mm_step
    (linear_mm_step, (THETA, X, np.zeros((3, 3)), 1.0), {}, ValueError, "shapes"),
    (linear_mm_step, (THETA, np.zeros((3, 2)), G, 1.0), {}, ValueError, "shapes"),
    (linear_mm_step, (THETA, np.zeros((3, 3)), G, 1.0), {}, ValueError, "features"),
    (linear_mm_step, (np.full((3, 2), np.inf), X, G, 1.0), {}, ValueError, "theta_t"),
    (linear_mm_step, (THETA, X, G, 0.0), {}, ValueError, "eta"),
    (linear_mm_step, (THETA, X, G, "1"), {}, TypeError, "eta"),
    (linear_mm_step, (THETA, np.ones(3), G, 1.0), {}, ValueError, "features"),
    (linear_mm_step, (THETA, X, [[True, False]] * 3, 1.0), {}, TypeError, "grad_t"),
    # released_eta_to_step
    (released_eta_to_step, (0.0,), {}, ValueError, "eta"),
    (released_eta_to_step, (float("nan"),), {}, ValueError, "eta"),
    (released_eta_to_step, (False,), {}, TypeError, "eta"),
    (released_eta_to_step, (np.array([1.0]),), {}, TypeError, "eta"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "name"), BAD,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD)])
def test_bad_inputs_name_the_argument(fn, args, kwargs, error, name):
    with pytest.raises(error, match=name):
        fn(*args, **kwargs)
