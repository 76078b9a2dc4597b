"""Unit tests of the numpy SGDP/AdamP optimizers."""

from __future__ import annotations

import numpy as np
import pytest

from claimkit_project.theorems.scale_invariance.library import SGDP, AdamP, cosine

# -- validation --------------------------------------------------------------------------------------


def test_sgdp_requires_a_positive_learning_rate():
    """SGDP rejects lr ≤ 0 with a message naming lr."""
    with pytest.raises(ValueError, match="lr"):
        SGDP([np.ones((2, 2))], lr=0.0)


def test_momentum_of_one_is_rejected():
    """momentum must lie in [0, 1): the decay factor divides by 1 − momentum."""
    with pytest.raises(ValueError, match="momentum"):
        SGDP([np.ones((2, 2))], lr=0.1, momentum=1.0)


def test_nesterov_needs_momentum_and_no_dampening():
    """Nesterov without momentum, or with dampening, is rejected."""
    with pytest.raises(ValueError, match="nesterov"):
        SGDP([np.ones((2, 2))], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="nesterov"):
        SGDP([np.ones((2, 2))], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)


def test_negative_hyperparameters_are_rejected():
    """Negative eps, delta, wd_ratio or weight_decay raise ValueError naming the argument."""
    for name in ("eps", "delta", "wd_ratio", "weight_decay"):
        with pytest.raises(ValueError, match=name):
            SGDP([np.ones((2, 2))], lr=0.1, **{name: -1.0})


def test_eps_zero_is_rejected():
    """eps = 0 would make the cosine of a zero gradient 0/0: both optimizers require eps > 0."""
    with pytest.raises(ValueError, match="eps"):
        SGDP([np.ones((2, 2))], lr=0.1, eps=0.0)
    with pytest.raises(ValueError, match="eps"):
        AdamP([np.ones((2, 2))], eps=0.0)


def test_non_numeric_hyperparameter_is_a_type_error():
    """A string learning rate raises TypeError."""
    with pytest.raises(TypeError, match="lr"):
        AdamP([np.ones((2, 2))], lr="0.1")


def test_adamp_betas_must_be_a_pair_in_unit_interval():
    """AdamP rejects betas that are not a pair or lie outside [0, 1)."""
    with pytest.raises(TypeError, match="betas"):
        AdamP([np.ones((2, 2))], betas=0.9)
    with pytest.raises(ValueError, match="betas"):
        AdamP([np.ones((2, 2))], betas=(0.9, 1.0))


def test_one_array_instead_of_a_list_is_a_type_error():
    """Passing one array as params says to wrap it in a list."""
    with pytest.raises(TypeError, match="list"):
        SGDP(np.ones((2, 2)), lr=0.1)


def test_integer_and_read_only_arrays_are_rejected():
    """Parameters must be writeable floating-point arrays."""
    with pytest.raises(TypeError, match="floating"):
        SGDP([np.ones((2, 2), dtype=int)], lr=0.1)
    w = np.ones((2, 2))
    w.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        SGDP([w], lr=0.1)


def test_step_checks_gradient_count_shape_and_finiteness():
    """step() rejects a wrong number of gradients, a wrong shape, and NaN."""
    opt = SGDP([np.ones((2, 2))], lr=0.1)
    with pytest.raises(ValueError, match="1 parameters"):
        opt.step([np.ones((2, 2)), np.ones((2, 2))])
    with pytest.raises(ValueError, match="shape"):
        opt.step([np.ones((2, 3))])
    with pytest.raises(ValueError, match="NaN"):
        opt.step([np.full((2, 2), np.nan)])


# -- SGDP behaviour ---------------------------------------------------------------------------------------


def test_defaults_follow_the_release():
    """SGDP and AdamP defaults are those of the released v0.3.0."""
    s = SGDP([np.ones((2, 2))], lr=0.1)
    assert (s.momentum, s.dampening, s.weight_decay, s.nesterov, s.eps, s.delta, s.wd_ratio) == \
        (0.0, 0.0, 0.0, False, 1e-8, 0.1, 0.1)
    a = AdamP([np.ones((2, 2))])
    assert (a.lr, a.beta1, a.beta2, a.eps, a.weight_decay, a.delta, a.wd_ratio, a.nesterov) == \
        (1e-3, 0.9, 0.999, 1e-8, 0.0, 0.1, 0.1, False)


def test_delta_zero_gives_plain_momentum_sgd():
    """With delta = 0 nothing is projected: two steps equal heavy-ball SGD."""
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    g1, g2 = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.5, -1.0], [2.0, 0.0]])
    opt = SGDP([w], lr=0.1, momentum=0.9, delta=0.0)
    opt.step([g1])
    opt.step([g2])
    expected = np.array([[1.0, 2.0], [3.0, 4.0]]) - 0.1 * g1 - 0.1 * (0.9 * g1 + g2)
    np.testing.assert_allclose(w, expected, rtol=1e-15)


def test_channel_view_fires_when_every_row_is_orthogonal():
    """A gradient ⊥ each row fires the channel view and leaves the step orthogonal row by row."""
    w = np.array([[1.0, 2.0], [3.0, -1.0]])
    g = np.array([[2.0, -1.0], [1.0, 3.0]])
    before = w.copy()
    opt = SGDP([w], lr=0.1, eps=1e-30)
    opt.step([g])
    assert opt.last_projection[0] == ("channel", 0.1)
    np.testing.assert_allclose(np.sum((w - before) * before, axis=1), 0.0, atol=1e-15)


def test_layer_view_fires_when_only_the_whole_is_orthogonal():
    """Rows not orthogonal but the whole matrix orthogonal to the gradient: the layer view fires."""
    w = np.array([[1.0, 0.0], [0.0, 1.0]])
    g = np.array([[1.0, 0.0], [0.0, -1.0]])  # rows: cos = ±1; whole: w·g = 0
    opt = SGDP([w], lr=0.1)
    opt.step([g])
    assert opt.last_projection[0] == ("layer", 0.1)


def test_one_dimensional_parameters_are_never_projected():
    """A vector with a zero gradient gets ratio 1 and no view."""
    b = np.array([1.0, -2.0])
    opt = SGDP([b], lr=0.1)
    opt.step([np.zeros(2)])
    assert opt.last_projection[0] == (None, 1.0)


def test_zero_gradient_fires_on_a_matrix():
    """A zero gradient has cos = 0, below any positive threshold: the channel view fires."""
    opt = SGDP([np.array([[1.0, 2.0], [3.0, 4.0]])], lr=0.1)
    opt.step([np.zeros((2, 2))])
    assert opt.last_projection[0][0] == "channel"


def test_buffer_is_projected_in_place_without_nesterov():
    """Without Nesterov the stored buffer is the projected update; with Nesterov it keeps its radial part."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    radial = 0.5 * W
    for nesterov, projected in ((False, True), (True, False)):
        opt = SGDP([W.copy()], lr=0.1, momentum=0.9, nesterov=nesterov, eps=1e-30)
        opt.state[0]["momentum"] = radial.copy()
        opt.step([np.zeros_like(W)])
        inner = np.abs(np.sum(opt.state[0]["momentum"] * W, axis=1))
        assert bool(np.all(inner < 1e-12)) == projected


def test_sgdp_decay_uses_the_momentum_factor():
    """SGDP decoupled decay multiplies w by 1 − lr·wd·ratio/(1 − momentum)."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    g = 0.3 * W  # parallel to the rows: nothing fires, ratio 1
    w = W.copy()
    SGDP([w], lr=0.1, momentum=0.5, weight_decay=0.2).step([g])
    np.testing.assert_allclose(w, W * (1 - 0.1 * 0.2 / 0.5) - 0.1 * g, rtol=1e-15)


def test_none_gradient_leaves_the_parameter_alone():
    """A None gradient skips its parameter (no state, no change)."""
    w = np.ones((2, 2))
    opt = SGDP([w], lr=0.1, weight_decay=0.5)
    opt.step([None])
    assert np.all(w == 1.0) and opt.state[0] == {}


# -- AdamP behaviour --------------------------------------------------------------------------------------


def test_adamp_first_step_is_lr_times_sign():
    """Bias corrections make Adam's first update lr·g/(|g| + eps): the sign of g when eps is tiny."""
    w = np.array([[1.0, 2.0, 3.0]])
    g = np.array([[0.3, -2.0, 0.0]])
    opt = AdamP([w], lr=0.01, delta=0.0, eps=1e-12)
    opt.step([g])
    np.testing.assert_allclose(w, [[0.99, 2.01, 3.0]], rtol=1e-12)


def test_adamp_nesterov_first_step():
    """Nesterov: numerator β1·m + (1 − β1)·g with m = (1 − β1)g, step lr/(1 − β1): first step lr·(1 + β1)·sign(g)."""
    w = np.array([[1.0, 2.0]])
    opt = AdamP([w], lr=0.01, betas=(0.5, 0.999), delta=0.0, eps=1e-12, nesterov=True)
    opt.step([np.array([[1.0, -1.0]])])
    # m = 0.5 g; numerator 0.5·0.5 g + 0.5 g = 0.75 g; denom |g|; step size lr/(1 − 0.5)
    np.testing.assert_allclose(w, [[1.0 - 0.015, 2.0 + 0.015]], rtol=1e-12)


def test_adamp_decay_has_no_momentum_factor():
    """AdamP decoupled decay multiplies w by 1 − lr·wd·ratio."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    w = W.copy()
    opt = AdamP([w], lr=0.01, weight_decay=0.5, delta=0.0, eps=1e-12)
    opt.step([np.zeros_like(W)])
    np.testing.assert_allclose(w, W * (1 - 0.01 * 0.5), rtol=1e-15)


def test_cosine_of_a_zero_row_is_zero():
    """cosine() clamps norms with eps, so a zero row gives 0, not NaN."""
    out = cosine(np.zeros((1, 3)), np.ones((1, 3)), 1e-8)
    assert out.tolist() == [0.0]
