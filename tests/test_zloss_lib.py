"""Unit tests for the Z-loss library: z_scores, z_loss, z_loss_grad and SphericalZLoss.

The claims zloss.library_z_loss, zloss.library_z_loss_grad, zloss.library_spherical and
zloss.library_degenerate_inputs check the same functions against high-precision ground truth; these tests pin
hand-computed values, the extreme scales, and the input validation (one table covering every public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.zloss.library import SphericalZLoss, z_loss, z_loss_grad, z_scores

# -- hand-computed values ------------------------------------------------------------------------------


def test_scores_of_a_one_hot_vector():
    """o = (1, 0, 0): μ = 1/3, σ = √2/3, so z = (√2, −1/√2, −1/√2)."""
    np.testing.assert_allclose(z_scores([1.0, 0.0, 0.0]), [math.sqrt(2), -1 / math.sqrt(2), -1 / math.sqrt(2)],
                               rtol=1e-15)


def test_loss_at_the_one_hot_vector_is_the_least_value():
    """z_c = √(D − 1) = √2 at o = e_c: L_Z = log(1 + e^{−√2}) for a = 1, b = 0."""
    assert z_loss([1.0, 0.0, 0.0], 0) == pytest.approx(math.log1p(math.exp(-math.sqrt(2))), rel=1e-15)


def test_two_classes_give_two_values_and_no_gradient():
    """D = 2: z_c = ±1, L_Z = (1/a) log(1 + e^{a(b ∓ 1)}), and the gradient is exactly zero."""
    assert z_loss([0.0, 1.0], 0, 2.0, 0.5) == pytest.approx(0.5 * math.log1p(math.exp(3.0)), rel=1e-15)
    assert z_loss([7.0, -3.0], 0, 2.0, 0.5) == pytest.approx(0.5 * math.log1p(math.exp(-1.0)), rel=1e-15)
    np.testing.assert_array_equal(z_loss_grad([0.3, -1.7], 1, 1.5, 0.2), [0.0, 0.0])


def test_gradient_at_the_unbounded_witness():
    """o = (0, 1, −1), c = 0, a = 1, b = 0: z_c = 0, s = 1/2, σ = √(2/3): the gradient is
    −(1/2)/σ · (2/3, −1/3, −1/3), of norm 1/2, and 1/(2t) at t·o."""
    sigma = math.sqrt(2 / 3)
    expected = -0.5 / sigma * np.array([2 / 3, -1 / 3, -1 / 3])
    np.testing.assert_allclose(z_loss_grad([0.0, 1.0, -1.0], 0), expected, rtol=1e-15)
    assert np.linalg.norm(z_loss_grad([0.0, 1e-6, -1e-6], 0)) == pytest.approx(0.5e6, rel=1e-14)


def test_gradient_is_orthogonal_to_ones_and_to_the_logits():
    o = np.array([0.3, -2.0, 1.1, 0.7, -0.4])
    g = z_loss_grad(o, 2, 1.3, 0.4)
    assert abs(g.sum()) < 1e-15 and abs(g @ o) < 1e-15


def test_negative_scale_reflects_the_score():
    """L_Z(−o) = (1/a) log(1 + e^{a(b + z_c)}): at o = (1, 0), c = 0, a = 1, b = 0, log(1 + e) = log(1 + e^{−1}) + 1."""
    assert z_loss([-1.0, 0.0], 0) - z_loss([1.0, 0.0], 0) == pytest.approx(1.0, rel=1e-15)


def test_batch_matches_rows():
    o = np.array([[0.3, -2.0, 1.1], [5.0, 1.0, 2.0]])
    c = np.array([2, 0])
    np.testing.assert_allclose(z_loss(o, c, 0.7, 1.2), [z_loss(o[0], 2, 0.7, 1.2), z_loss(o[1], 0, 0.7, 1.2)],
                               rtol=1e-15)
    np.testing.assert_allclose(z_loss_grad(o, c), np.vstack([z_loss_grad(o[0], 2), z_loss_grad(o[1], 0)]), rtol=1e-15)


def test_spherical_matches_the_direct_loss_under_a_large_offset():
    """Rows sharing an offset of 1e12 (exactly representable logits): the centred spherical route is exact to
    rounding; the gradient agrees with W̃ᵀ∇_o L_Z = Wᵀ∇_o L_Z (∇_o L_Z ⟂ 1), W̃ = W minus its column means
    (1e12 + 1 and 1, exact here), which avoids the cancellation Wᵀ∇_o L_Z itself suffers in float64."""
    W = np.array([[1e12 + 1.0, 0.0], [1e12, 1.0], [1e12, 2.0], [1e12 + 3.0, 1.0]])
    h = np.array([1.0, 1.0])
    loss, grad = SphericalZLoss(W, 1.5, 0.5).loss_and_grad(h, 2)
    assert loss == pytest.approx(z_loss(W @ h, 2, 1.5, 0.5), rel=1e-15)
    centred = W - np.array([1e12 + 1.0, 1.0])
    np.testing.assert_allclose(grad, centred.T @ z_loss_grad(W @ h, 2, 1.5, 0.5), rtol=1e-14)


def test_spherical_batch_matches_single_examples():
    W = np.random.default_rng(0).normal(size=(30, 4))
    H = np.random.default_rng(1).normal(size=(3, 4))
    model = SphericalZLoss(W, 2.0, 1.0)
    losses, grads = model.loss_and_grad(H, np.array([0, 5, 29]))
    for i, c in enumerate((0, 5, 29)):
        one, g = model.loss_and_grad(H[i], c)
        assert losses[i] == pytest.approx(one, rel=1e-15)
        np.testing.assert_allclose(grads[i], g, rtol=1e-14)


# -- extreme scales ------------------------------------------------------------------------------------------


def test_loss_is_scale_free_at_the_ends_of_the_float_range():
    o = np.array([0.3, -2.0, 1.1, 0.7])
    base = z_loss(o, 1, 2.0, 0.5)
    for scale in (1e-300, 1e300):
        assert z_loss(o * scale, 1, 2.0, 0.5) == pytest.approx(base, rel=1e-14)
    assert z_loss([1e308, -1e308, 0.0], 0) == pytest.approx(z_loss([1.0, -1.0, 0.0], 0), rel=1e-15)
    assert z_loss([5e-324, 0.0, 0.0], 0) == pytest.approx(z_loss([1.0, 0.0, 0.0], 0), rel=1e-15)


def test_loss_under_a_dominant_offset():
    """Logits 1e16 + (0, 2, 4): exact in float64, σ far below the offset; z = (−√1.5, 0, √1.5)."""
    o = 1e16 + np.array([0.0, 2.0, 4.0])
    assert z_loss(o, 2) == pytest.approx(math.log1p(math.exp(-math.sqrt(1.5))), rel=1e-15)


def test_loss_for_extreme_sharpness():
    """a = 1e3: (1/a) log(1 + e^{a(b − z_c)}) without overflow; a = 1e-300: log(2)/a near the float maximum."""
    assert z_loss([0.0, 1.0], 0, 1e3, 10.0) == pytest.approx(11.0, rel=1e-15)
    assert z_loss([1.0, 0.0], 0, 1e3, -10.0) == 0.0  # e^{−11000}/1000 underflows: the nearest float is 0
    assert z_loss([1.0, 0.0], 0, 1.0, -700.0) == pytest.approx(math.exp(-701.0), rel=1e-13)
    assert z_loss([1.0, 0.0], 0, 1e-300, 0.0) == pytest.approx(math.log(2) * 1e300, rel=1e-12)


def test_gradient_at_tiny_and_huge_logits():
    o = np.array([0.3, -2.0, 1.1, 0.7])
    g = z_loss_grad(o, 1)
    np.testing.assert_allclose(z_loss_grad(o * 1e-300, 1), g * 1e300, rtol=1e-14)
    np.testing.assert_allclose(z_loss_grad(o * 1e300, 1), g * 1e-300, rtol=1e-14)


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

_O = [0.3, -2.0, 1.1]
_W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
_MODEL = SphericalZLoss(_W)
BAD_INPUTS = []
for _fn, _extra in ((z_scores, ()), (z_loss, (0,)), (z_loss_grad, (0,))):
    BAD_INPUTS += [
        (_fn, (None, *_extra), {}, TypeError, "o"),
        (_fn, ("abc", *_extra), {}, TypeError, "o"),
        (_fn, ([True, False, True], *_extra), {}, TypeError, "o"),
        (_fn, ([1j, 0.0, 1.0], *_extra), {}, TypeError, "o"),
        (_fn, ([1.0, "a", 2.0], *_extra), {}, TypeError, "o"),
        (_fn, ([float("nan"), 0.0, 1.0], *_extra), {}, ValueError, "o"),
        (_fn, ([float("inf"), 0.0, 1.0], *_extra), {}, ValueError, "o"),
        (_fn, ([], *_extra), {}, ValueError, "o"),
        (_fn, ([[[1.0, 2.0]]], *_extra), {}, ValueError, "o"),
        (_fn, ([[1.0, 0.0], [1.0]], *_extra), {}, ValueError, "o"),
        (_fn, ([1.0], *_extra), {}, ValueError, "o"),
        (_fn, ([0.1, 0.1, 0.1], *_extra), {}, ValueError, "o"),
        (_fn, ([1e300, 1e300, 1e300], *_extra), {}, ValueError, "o"),
    ]
BAD_INPUTS.append((z_scores, ([[1.0, 0.0], [3.0, 3.0]],), {}, ValueError, "o"))
for _fn in (z_loss, z_loss_grad):
    BAD_INPUTS += [
        (_fn, (_O, True), {}, TypeError, "c"),
        (_fn, (_O, 1.0), {}, TypeError, "c"),
        (_fn, (_O, "0"), {}, TypeError, "c"),
        (_fn, (_O, None), {}, TypeError, "c"),
        (_fn, (_O, 3), {}, ValueError, "c"),
        (_fn, (_O, -1), {}, ValueError, "c"),
        (_fn, ([_O, _O], np.array([0, 1, 2])), {}, ValueError, "c"),
        (_fn, ([_O, _O], np.array([0.0, 1.0])), {}, TypeError, "c"),
        (_fn, ([_O, _O], np.array([True, False])), {}, TypeError, "c"),
        (_fn, ([_O, _O], np.array([0, 3])), {}, ValueError, "c"),
        (_fn, ([_O, _O], 0), {}, ValueError, "c"),
        (_fn, (_O, 0, 0.0), {}, ValueError, "a"),
        (_fn, (_O, 0, -1.0), {}, ValueError, "a"),
        (_fn, (_O, 0, float("nan")), {}, ValueError, "a"),
        (_fn, (_O, 0, float("inf")), {}, ValueError, "a"),
        (_fn, (_O, 0, True), {}, TypeError, "a"),
        (_fn, (_O, 0, "1"), {}, TypeError, "a"),
        (_fn, (_O, 0, None), {}, TypeError, "a"),
        (_fn, (_O, 0, 1j), {}, TypeError, "a"),
        (_fn, (_O, 0, 1.0, float("nan")), {}, ValueError, "b"),
        (_fn, (_O, 0, 1.0, float("-inf")), {}, ValueError, "b"),
        (_fn, (_O, 0, 1.0, False), {}, TypeError, "b"),
        (_fn, (_O, 0, 1.0, "0"), {}, TypeError, "b"),
    ]
BAD_INPUTS += [
    (z_loss, (_O, 0, 1e-320), {}, ValueError, "a"),
    (z_loss_grad, ([5e-324, 0.0, -5e-324], 0), {}, ValueError, "o"),
    (SphericalZLoss, (None,), {}, TypeError, "W"),
    (SphericalZLoss, (np.zeros((3, 2), dtype=bool),), {}, TypeError, "W"),
    (SphericalZLoss, (np.array([1.0, 2.0, 3.0]),), {}, ValueError, "W"),
    (SphericalZLoss, (np.array([[1.0, 2.0]]),), {}, ValueError, "W"),
    (SphericalZLoss, (np.array([[1.0, float("nan")], [0.0, 1.0]]),), {}, ValueError, "W"),
    (SphericalZLoss, (np.zeros((0, 2)),), {}, ValueError, "W"),
    (SphericalZLoss, (np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]]),), {}, ValueError, "W"),
    (SphericalZLoss, (_W, 0.0), {}, ValueError, "a"),
    (SphericalZLoss, (_W, 1.0, float("nan")), {}, ValueError, "b"),
    (SphericalZLoss, (_W, "1"), {}, TypeError, "a"),
    (_MODEL.loss_and_grad, (None, 0), {}, TypeError, "h"),
    (_MODEL.loss_and_grad, (np.array([True, False]), 0), {}, TypeError, "h"),
    (_MODEL.loss_and_grad, (np.array([1.0, 2.0, 3.0]), 0), {}, ValueError, "h"),
    (_MODEL.loss_and_grad, (np.ones((1, 1, 2)), 0), {}, ValueError, "h"),
    (_MODEL.loss_and_grad, (np.array([1.0, float("nan")]), 0), {}, ValueError, "h"),
    (_MODEL.loss_and_grad, (np.zeros(2), 0), {}, ValueError, "h"),
    (_MODEL.loss_and_grad, (np.array([1.0, 1.0]), 3), {}, ValueError, "c"),
    (_MODEL.loss_and_grad, (np.array([1.0, 1.0]), True), {}, TypeError, "c"),
    (_MODEL.loss_and_grad, (np.ones((2, 2)), np.array([0])), {}, ValueError, "c"),
    (SphericalZLoss(np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])).loss_and_grad, (np.array([0.0, 1.0]), 0), {},
     ValueError, "h"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "name"), BAD_INPUTS,
                         ids=[f"{getattr(row[0], '__name__', 'call')}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, error, name):
    with pytest.raises(error, match=name):
        fn(*args, **kwargs)
