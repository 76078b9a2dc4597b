"""Unit tests for the ADAHESSIAN library: rademacher, hutchinson_diagonal, hutchinson_variance, rms_ema_limit,
spatial_average, init_state and adahessian_step.

The claims adahessian_hutchinson.library_conformance, probe_variance_general and rms_ema_row_norm check the same
functions against the port of the release and exact ground truths; these tests pin hand-computed values, the input
validation (one table) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.adahessian_hutchinson.library import (
    AdaHessianState,
    adahessian_step,
    hutchinson_diagonal,
    hutchinson_variance,
    init_state,
    rademacher,
    rms_ema_limit,
    spatial_average,
)

# -- hand-computed values ----------------------------------------------------------------------------------


def test_rademacher_entries_are_signs():
    z = rademacher((4, 3), rng=0)
    assert z.shape == (4, 3) and z.dtype == np.float64
    assert set(np.unique(z)) <= {-1.0, 1.0}
    np.testing.assert_array_equal(rademacher(5, rng=3), rademacher((5,), rng=np.random.default_rng(3)))


def test_hutchinson_is_exact_on_a_diagonal_matrix():
    """z ⊙ (Hz) = diag(H) for every probe when H is diagonal."""
    np.testing.assert_array_equal(hutchinson_diagonal(np.diag([2.0, -3.0, 0.5]), probes=3, rng=1), [2.0, -3.0, 0.5])


def test_hutchinson_sample_values_of_a_coupled_pair():
    """H = [[1, 2], [2, 1]]: one probe gives 1 + 2 z₁z₂ in both coordinates, that is 3 or −1."""
    est = hutchinson_diagonal([[1.0, 2.0], [2.0, 1.0]], rng=5)
    assert est[0] == est[1] and est[0] in (3.0, -1.0)


def test_hutchinson_with_a_callable_matches_the_matrix():
    H = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 1.0]])
    np.testing.assert_array_equal(hutchinson_diagonal(lambda v: H @ v, dim=3, probes=4, rng=9),
                                  hutchinson_diagonal(H, probes=4, rng=9))


def test_hutchinson_variance_hand_values():
    """[[1, 2], [2, 1]]: Rademacher variance 2² = 4 per coordinate; Gaussian adds 2·1² = 2; κ = 4 adds 3."""
    H = [[1.0, 2.0], [2.0, 1.0]]
    np.testing.assert_array_equal(hutchinson_variance(H), [4.0, 4.0])
    np.testing.assert_array_equal(hutchinson_variance(H, fourth_moment=3.0), [6.0, 6.0])
    np.testing.assert_array_equal(hutchinson_variance(H, fourth_moment=4.0), [7.0, 7.0])
    np.testing.assert_array_equal(hutchinson_variance(np.zeros((2, 2))), [0.0, 0.0])


def test_rms_ema_limit_hand_values():
    """Row norms: [[1, 1], [1, 1]] gives √2 (not |H_ii| = 1); [[3, 4], [4, 0]] gives 5 and 4."""
    np.testing.assert_allclose(rms_ema_limit([[1.0, 1.0], [1.0, 1.0]]), [math.sqrt(2)] * 2, rtol=1e-15)
    np.testing.assert_array_equal(rms_ema_limit([[3.0, 4.0], [4.0, 0.0]]), [5.0, 4.0])


def test_spatial_average_released_rule():
    w = np.array([[[[1.0, -2.0], [3.0, -4.0]]]])              # (1, 1, 2, 2): one kernel, mean |.| = 2.5
    np.testing.assert_array_equal(spatial_average(w), np.full((1, 1, 2, 2), 2.5))
    np.testing.assert_array_equal(spatial_average([[1.0, -3.0]]), [[1.0, 3.0]])   # ≤ 2 dims: |.| only
    np.testing.assert_array_equal(spatial_average([[1.0, -3.0]], axes=(1,)), [[2.0, 2.0]])
    np.testing.assert_array_equal(spatial_average([[1.0, -3.0]], axes=()), [[1.0, 3.0]])
    np.testing.assert_array_equal(spatial_average(np.ones((2, 2, 3)), axes=(-1,)), np.ones((2, 2, 3)))


def test_first_step_on_a_separable_quadratic_is_newton():
    """f = 2(x − 1)²/2 from x = 3, ε = 0, η = 1: x₁ = 1 (claim first_step_exact); a negative curvature reflects."""
    x1, state = adahessian_step([3.0], [4.0], [2.0], init_state(1), lr=1.0, eps=0.0)
    assert x1[0] == pytest.approx(1.0, abs=1e-15)
    assert state.t == 1 and isinstance(state, AdaHessianState)
    x1, _ = adahessian_step([3.0], [-4.0], [2.0], init_state(1), lr=1.0, eps=0.0)   # h = −2: to 2·3 − 1 = 5
    assert x1[0] == pytest.approx(5.0, abs=1e-14)


def test_power_zero_is_momentum_sgd_at_the_scaled_rate():
    """k = 0: the first step is −η g/(1 + ε) whatever D (claim power_zero_scaled_rate)."""
    x1, _ = adahessian_step([0.0], [1.0], [5.0], init_state(1), hessian_power=0.0)
    assert x1[0] == pytest.approx(-0.15 / (1 + 1e-4), rel=1e-15)
    x1, _ = adahessian_step([0.0], [1.0], [0.0], init_state(1), hessian_power=0.0, eps=0.0)
    assert x1[0] == pytest.approx(-0.15, rel=1e-15)


def test_weight_decay_is_decoupled():
    """A zero gradient with weight decay 0.5, lr 0.1: x ← x − 0.1·0.5·x."""
    x1, state = adahessian_step([2.0], [0.0], [1.0], init_state(1), lr=0.1, weight_decay=0.5)
    assert x1[0] == pytest.approx(1.9, rel=1e-15)
    assert state.m[0] == 0.0


def test_zero_curvature_with_zero_eps():
    """ε = 0, D = 0: no step when the momentum is 0; a ValueError naming eps otherwise (the release divides 0/0)."""
    x1, _ = adahessian_step([1.0, 2.0], [0.0, 1.0], [0.0, 1.0], init_state(2), eps=0.0)
    assert x1[0] == 1.0
    with pytest.raises(ValueError, match="eps"):
        adahessian_step([1.0], [1.0], [0.0], init_state(1), eps=0.0)


def test_inputs_are_not_modified():
    x, g, d = np.array([1.0, 2.0]), np.array([0.5, -0.5]), np.array([1.0, 2.0])
    state = init_state(2)
    adahessian_step(x, g, d, state)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_array_equal(state.m, [0.0, 0.0])


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) -------

_X, _G, _D = [0.1, -0.2], [1.0, -1.0], [1.0, 2.0]
_S = init_state(2)
_H = [[1.0, 0.5], [0.5, 2.0]]
BAD_INPUTS = [
    # rademacher
    (rademacher, ((0,),), {}, ValueError, "shape"),
    (rademacher, ((2, -1),), {}, ValueError, "shape"),
    (rademacher, ((),), {}, TypeError, "shape"),
    (rademacher, ((2.5,),), {}, TypeError, "shape"),
    (rademacher, (True,), {}, TypeError, "shape"),
    (rademacher, ((2,),), {"rng": -1}, ValueError, "rng"),
    (rademacher, ((2,),), {"rng": True}, TypeError, "rng"),
    (rademacher, ((2,),), {"rng": "seed"}, TypeError, "rng"),
    # hutchinson_diagonal
    (hutchinson_diagonal, ([[1.0, 2.0]],), {}, ValueError, "hvp"),
    (hutchinson_diagonal, ([[float("nan")]],), {}, ValueError, "hvp"),
    (hutchinson_diagonal, ([[float("inf")]],), {}, ValueError, "hvp"),
    (hutchinson_diagonal, ([],), {}, ValueError, "hvp"),
    (hutchinson_diagonal, ([[True, False], [False, True]],), {}, TypeError, "hvp"),
    (hutchinson_diagonal, ("ab",), {}, TypeError, "hvp"),
    (hutchinson_diagonal, (_H,), {"probes": 0}, ValueError, "probes"),
    (hutchinson_diagonal, (_H,), {"probes": 1.5}, TypeError, "probes"),
    (hutchinson_diagonal, (_H,), {"probes": True}, TypeError, "probes"),
    (hutchinson_diagonal, (_H,), {"dim": 3}, ValueError, "dim"),
    (hutchinson_diagonal, (lambda v: v,), {}, TypeError, "dim"),
    (hutchinson_diagonal, (lambda v: v,), {"dim": 0}, ValueError, "dim"),
    (hutchinson_diagonal, (lambda v: v[:1],), {"dim": 2}, ValueError, "hvp"),
    (hutchinson_diagonal, (lambda v: v * np.nan,), {"dim": 2}, ValueError, "hvp"),
    (hutchinson_diagonal, (lambda v: None,), {"dim": 2}, TypeError, "hvp"),
    (hutchinson_diagonal, (_H,), {"rng": 1.5}, TypeError, "rng"),
    # hutchinson_variance
    (hutchinson_variance, ([[1.0, 2.0, 3.0]],), {}, ValueError, "H"),
    (hutchinson_variance, ([[float("nan"), 0.0], [0.0, 1.0]],), {}, ValueError, "H"),
    (hutchinson_variance, ([[]],), {}, ValueError, "H"),
    (hutchinson_variance, (None,), {}, TypeError, "H"),
    (hutchinson_variance, ([[1j]],), {}, TypeError, "H"),
    (hutchinson_variance, (_H,), {"fourth_moment": 0.5}, ValueError, "fourth_moment"),
    (hutchinson_variance, (_H,), {"fourth_moment": float("inf")}, ValueError, "fourth_moment"),
    (hutchinson_variance, (_H,), {"fourth_moment": True}, TypeError, "fourth_moment"),
    (hutchinson_variance, (_H,), {"fourth_moment": "3"}, TypeError, "fourth_moment"),
    # rms_ema_limit
    (rms_ema_limit, ([1.0, 2.0],), {}, ValueError, "H"),
    (rms_ema_limit, ([[float("-inf")]],), {}, ValueError, "H"),
    (rms_ema_limit, ([["a"]],), {}, TypeError, "H"),
    (rms_ema_limit, (np.zeros((0, 0)),), {}, ValueError, "H"),
    # spatial_average
    (spatial_average, ([],), {}, ValueError, "estimate"),
    (spatial_average, ([float("nan")],), {}, ValueError, "estimate"),
    (spatial_average, ([True],), {}, TypeError, "estimate"),
    (spatial_average, (np.ones((2, 2, 3)),), {}, ValueError, "estimate"),
    (spatial_average, (np.ones((2, 2)),), {"axes": 1}, TypeError, "axes"),
    (spatial_average, (np.ones((2, 2)),), {"axes": (2,)}, ValueError, "axes"),
    (spatial_average, (np.ones((2, 2)),), {"axes": (0, -2)}, ValueError, "axes"),
    (spatial_average, (np.ones((2, 2)),), {"axes": (True,)}, TypeError, "axes"),
    # init_state
    (init_state, (0,), {}, ValueError, "shape"),
    (init_state, ("3",), {}, TypeError, "shape"),
    # adahessian_step: arrays and state
    (adahessian_step, ([], [], [], init_state(1)), {}, ValueError, "x"),
    (adahessian_step, ([float("nan"), 0.0], _G, _D, _S), {}, ValueError, "x"),
    (adahessian_step, (_X, [float("inf"), 0.0], _D, _S), {}, ValueError, "grad"),
    (adahessian_step, (_X, _G, [1.0, float("nan")], _S), {}, ValueError, "diag_estimate"),
    (adahessian_step, ([True, False], _G, _D, _S), {}, TypeError, "x"),
    (adahessian_step, (_X, ["a", "b"], _D, _S), {}, TypeError, "grad"),
    (adahessian_step, (_X, [1.0], _D, _S), {}, ValueError, "grad"),
    (adahessian_step, (_X, _G, [[1.0, 2.0]], _S), {}, ValueError, "diag_estimate"),
    (adahessian_step, (_X, _G, _D, (np.zeros(2), np.zeros(2), 0)), {}, TypeError, "state"),
    (adahessian_step, (_X, _G, _D, init_state(3)), {}, ValueError, "state.m"),
    (adahessian_step, (_X, _G, _D, AdaHessianState(np.zeros(2), -np.ones(2), 0)), {}, ValueError, "state.r"),
    (adahessian_step, (_X, _G, _D, AdaHessianState(np.zeros(2), np.zeros(2), -1)), {}, ValueError, "state.t"),
    (adahessian_step, (_X, _G, _D, AdaHessianState(np.zeros(2), np.zeros(2), 1.0)), {}, TypeError, "state.t"),
    # adahessian_step: hyperparameters
    (adahessian_step, (_X, _G, _D, _S), {"lr": -0.1}, ValueError, "lr"),
    (adahessian_step, (_X, _G, _D, _S), {"lr": float("nan")}, ValueError, "lr"),
    (adahessian_step, (_X, _G, _D, _S), {"lr": True}, TypeError, "lr"),
    (adahessian_step, (_X, _G, _D, _S), {"betas": (1.0, 0.999)}, ValueError, "beta1"),
    (adahessian_step, (_X, _G, _D, _S), {"betas": (0.9, 1.0)}, ValueError, "beta2"),
    (adahessian_step, (_X, _G, _D, _S), {"betas": (0.9,)}, ValueError, "betas"),
    (adahessian_step, (_X, _G, _D, _S), {"betas": 0.9}, TypeError, "betas"),
    (adahessian_step, (_X, _G, _D, _S), {"betas": (np.bool_(True), 0.9)}, TypeError, "beta1"),
    (adahessian_step, (_X, _G, _D, _S), {"eps": -1e-4}, ValueError, "eps"),
    (adahessian_step, (_X, _G, _D, _S), {"eps": float("inf")}, ValueError, "eps"),
    (adahessian_step, (_X, _G, _D, _S), {"weight_decay": -1.0}, ValueError, "weight_decay"),
    (adahessian_step, (_X, _G, _D, _S), {"weight_decay": "0"}, TypeError, "weight_decay"),
    (adahessian_step, (_X, _G, _D, _S), {"hessian_power": 1.5}, ValueError, "hessian_power"),
    (adahessian_step, (_X, _G, _D, _S), {"hessian_power": -0.5}, ValueError, "hessian_power"),
    (adahessian_step, (_X, _G, _D, _S), {"hessian_power": None}, TypeError, "hessian_power"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, shape, type, boolean, out of range) raises an error naming the argument."""
    with pytest.raises(error, match=argument):
        function(*args, **kwargs)


# -- extreme scales ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exponent", [-1000, -600, -300, 300, 600, 1000])
def test_step_is_invariant_to_the_scale_of_the_loss(exponent):
    """ε = 0, k = 1: gradients and curvature estimates scaled by 2^e give the same iterates, where the release's
    squares overflow (e > 512) or underflow (e < −537)."""
    rng = np.random.default_rng(1)
    k = math.ldexp(1.0, exponent)
    x, xs, s1, s2 = np.zeros(3), np.zeros(3), init_state(3), init_state(3)
    for _ in range(4):
        g, d = rng.normal(size=3), np.abs(rng.normal(size=3)) + 0.1
        x, s1 = adahessian_step(x, g, d, s1, eps=0.0)
        xs, s2 = adahessian_step(xs, g * k, d * k, s2, eps=0.0)
    np.testing.assert_allclose(xs, x, rtol=1e-14)


@pytest.mark.parametrize("exponent", [-500, 500])
def test_variance_and_limit_scale_as_squares_and_norms(exponent):
    """hutchinson_variance scales by 4^e, rms_ema_limit by 2^e, exactly, with entries near 2^±500."""
    H = np.array([[1.0, 2.0], [2.0, -3.0]])
    k = math.ldexp(1.0, exponent)
    np.testing.assert_allclose(hutchinson_variance(H * k), hutchinson_variance(H) * k * k, rtol=1e-15)
    np.testing.assert_allclose(rms_ema_limit(H * k), rms_ema_limit(H) * k, rtol=1e-15)
