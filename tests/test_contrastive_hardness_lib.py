"""Unit tests for the contrastive-loss library: contrastive_loss, contrastive_grad, hardness_weights,
hardness_entropy, uniformity and tolerance.

The claims contrastive_hardness.library_* check the same functions against 30-digit ground truth; these tests pin
hand-computed values, the extreme temperatures and scales, and the input validation (one table covering every
public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.contrastive_hardness.library import (
    contrastive_grad,
    contrastive_loss,
    hardness_entropy,
    hardness_weights,
    tolerance,
    uniformity,
)

# -- hand-computed values ------------------------------------------------------------------------------------------


def test_loss_at_a_tie_is_log_of_the_count():
    """All K + 1 similarities equal: L = log(K + 1); without the positive in the denominator, log K."""
    assert contrastive_loss(0.3, [0.3, 0.3, 0.3], 0.7) == pytest.approx(math.log(4), rel=1e-15)
    assert contrastive_loss(0.3, [0.3, 0.3, 0.3], 0.7, include_positive=False) == pytest.approx(math.log(3),
                                                                                                  rel=1e-15)


def test_loss_and_gradient_with_one_negative():
    """K = 1, s_ii = 1, s_i1 = 0, τ = 1: L = log(1 + e^{-1}), P = 1/(1 + e), gradients (−P, P)."""
    p = 1 / (1 + math.e)
    assert contrastive_loss(1.0, [0.0], 1.0) == pytest.approx(math.log1p(math.exp(-1)), rel=1e-15)
    g0, g = contrastive_grad(1.0, [0.0], 1.0)
    assert g0 == pytest.approx(-p, rel=1e-15)
    np.testing.assert_allclose(g, [p], rtol=1e-15)


def test_gradient_without_positive():
    """Without the positive: (−1/τ, r/τ) with r uniform at a tie."""
    g0, g = contrastive_grad(0.0, [0.5, 0.5], 0.25, include_positive=False)
    assert g0 == -4.0
    np.testing.assert_allclose(g, [2.0, 2.0], rtol=1e-15)


def test_weights_and_entropy():
    """r for (1, 0) at τ = 1 is (e, 1)/(e + 1); the entropy of a tie of 4 is log 4; K = 1 gives r = 1 and H = 0."""
    np.testing.assert_allclose(hardness_weights([1.0, 0.0], 1.0), [math.e / (math.e + 1), 1 / (math.e + 1)],
                               rtol=1e-15)
    assert hardness_entropy([0.2] * 4, 3.0) == pytest.approx(math.log(4), rel=1e-15)
    assert hardness_weights([0.9], 1e-3).tolist() == [1.0]
    assert hardness_entropy([0.9], 1e-3) == 0.0


def test_uniformity_and_tolerance_by_hand():
    """Two orthogonal unit rows: ‖u − v‖² = 2, L_unif = −4; two equal rows of label 0: tolerance 1; opposite rows
    of one label: −1."""
    assert uniformity([[1.0, 0.0], [0.0, 3.0]]) == pytest.approx(-4.0, rel=1e-15)
    assert tolerance([[1.0, 1.0], [2.0, 2.0], [0.0, 1.0]], [0, 0, 1]) == pytest.approx(1.0, rel=1e-15)
    assert tolerance([[1.0, 0.0], [-5.0, 0.0]], [7, 7]) == pytest.approx(-1.0, rel=1e-15)


# -- extreme temperatures and scales -------------------------------------------------------------------------------


def test_tiny_temperature_neither_overflows_nor_loses_small_losses():
    """τ = 1e-3, the positive ahead by 0.5: L = log1p(e^{−500}) = e^{−500}, positive gradient −e^{−500}/τ; a hard
    negative ahead by 0.5 gives L ≈ 500."""
    assert contrastive_loss(0.5, [0.0], 1e-3) == pytest.approx(math.exp(-500), rel=1e-12)
    g0, _ = contrastive_grad(0.5, [0.0], 1e-3)
    assert g0 == pytest.approx(-math.exp(-500) / 1e-3, rel=1e-12)
    assert contrastive_loss(0.0, [0.5], 1e-3) == pytest.approx(500 + math.log1p(math.exp(-500)), rel=1e-15)
    assert contrastive_loss(-1.0, [1.0] * 64, 1e-4) == pytest.approx(2e4 + math.log(64), rel=1e-15)


def test_huge_temperature_approaches_log_count():
    """τ = 1e8, s_ii = 1, negatives (−1, 0): τ(L − log 3) ≈ (2/3)(−1/2 − 1) = −1 (the first-order term)."""
    assert (contrastive_loss(1.0, [-1.0, 0.0], 1e8) - math.log(3)) * 1e8 == pytest.approx(-1.0, rel=1e-6)


def test_metrics_are_scale_free():
    """Multiplying the features by 1e-200 or 1e200 changes neither metric."""
    x = np.random.default_rng(0).normal(size=(8, 3))
    labels = np.arange(8) % 2
    for c in (1e-200, 1e200):
        assert uniformity(c * x) == pytest.approx(uniformity(x), rel=1e-13)
        assert tolerance(c * x, labels) == pytest.approx(tolerance(x, labels), rel=1e-13, abs=1e-15)


# -- input validation (every public function) -----------------------------------------------------------------------

BAD_INPUTS = [
    (contrastive_loss, (float("nan"), [0.0], 1.0), {}, ValueError, "s_pos"),
    (contrastive_loss, (True, [0.0], 1.0), {}, TypeError, "s_pos"),
    (contrastive_loss, ("0.5", [0.0], 1.0), {}, TypeError, "s_pos"),
    (contrastive_loss, (0.5, [], 1.0), {}, ValueError, "s_neg"),
    (contrastive_loss, (0.5, [[0.0]], 1.0), {}, ValueError, "s_neg"),
    (contrastive_loss, (0.5, [np.inf], 1.0), {}, ValueError, "s_neg"),
    (contrastive_loss, (0.5, [True, False], 1.0), {}, TypeError, "s_neg"),
    (contrastive_loss, (0.5, 0.0, 1.0), {}, TypeError, "s_neg"),
    (contrastive_loss, (0.5, [0.0], 0.0), {}, ValueError, "tau"),
    (contrastive_loss, (0.5, [0.0], -1.0), {}, ValueError, "tau"),
    (contrastive_loss, (0.5, [0.0], float("inf")), {}, ValueError, "tau"),
    (contrastive_loss, (0.5, [0.0], False), {}, TypeError, "tau"),
    (contrastive_loss, (0.5, [0.0], 1.0), {"include_positive": 1}, TypeError, "include_positive"),
    (contrastive_grad, (0.5, [0.0], float("nan")), {}, ValueError, "tau"),
    (contrastive_grad, (0.5, ["a"], 1.0), {}, TypeError, "s_neg"),
    (contrastive_grad, (None, [0.0], 1.0), {}, TypeError, "s_pos"),
    (hardness_weights, ([], 1.0), {}, ValueError, "s_neg"),
    (hardness_weights, ([0.0, np.nan], 1.0), {}, ValueError, "s_neg"),
    (hardness_weights, ([0.0], 0.0), {}, ValueError, "tau"),
    (hardness_entropy, ([0.0], -2.0), {}, ValueError, "tau"),
    (hardness_entropy, ([[0.0, 1.0]], 1.0), {}, ValueError, "s_neg"),
    (uniformity, ([[1.0, 0.0]],), {}, ValueError, "features"),
    (uniformity, ([[1.0, 0.0], [0.0, 0.0]],), {}, ValueError, "features"),
    (uniformity, ([1.0, 0.0],), {}, ValueError, "features"),
    (uniformity, ([[1.0, np.nan], [0.0, 1.0]],), {}, ValueError, "features"),
    (uniformity, ([[True, False], [False, True]],), {}, TypeError, "features"),
    (uniformity, (np.zeros((0, 2)),), {}, ValueError, "features"),
    (tolerance, ([[1.0], [2.0]], [0, 1]), {}, ValueError, "labels"),
    (tolerance, ([[1.0], [2.0]], [0]), {}, ValueError, "labels"),
    (tolerance, ([[1.0], [2.0]], [0.0, 0.0]), {}, TypeError, "labels"),
    (tolerance, ([[1.0], [2.0]], [True, True]), {}, TypeError, "labels"),
    (tolerance, ([[1.0], [np.inf]], [0, 0]), {}, ValueError, "features"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "name"), BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, error, name):
    with pytest.raises(error, match=name):
        fn(*args, **kwargs)
