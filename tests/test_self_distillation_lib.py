"""Unit tests for the self-distillation library: distill, distill_limit and optimal_alpha.

The claims self_distillation.library_distill and self_distillation.library_optimal_alpha check the same
functions against exact rationals; these tests pin hand-computed values, the input validation (one table)
and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.self_distillation.library import distill, distill_limit, optimal_alpha


def test_scalar_ridge_fit_and_steps_by_hand():
    """N = 1, K = 1, λ = 1: a = 1/2; f_0 = y/2, f_1 = (α y + (1 − α) y/2)/2; α = 1/2, y = 4: f_1 = 3/2."""
    assert distill([[1.0]], [4.0], 0.5, 1.0, 0)[0] == pytest.approx(2.0, abs=1e-15)
    assert distill([[1.0]], [4.0], 0.5, 1.0, 1)[0] == pytest.approx(1.5, abs=1e-15)


def test_scalar_limit_by_hand():
    """N = 1, K = 1, λ = 1, α = 1/2: f_∞ = 1/(1 + 2) y = 4/3 for y = 4."""
    assert distill_limit([[1.0]], [4.0], 0.5, 1.0)[0] == pytest.approx(4.0 / 3.0, rel=1e-15)


def test_alpha_zero_limit_is_zero_and_alpha_one_keeps_the_fit():
    K = np.array([[2.0, 1.0], [1.0, 2.0]])
    y = np.array([1.0, -3.0])
    np.testing.assert_array_equal(distill_limit(K, y, 0.0, 0.5), np.zeros(2))
    np.testing.assert_allclose(distill(K, y, 1.0, 0.5, 7), distill(K, y, 1.0, 0.5, 0), rtol=1e-14)


def test_two_modes_by_hand():
    """K = diag(3, 1), λ = 1: a = (3/4, 1/2); α = 0, t = 2 gives a³ y = (27/64, 1/8) for y = (1, 1)."""
    got = distill(np.diag([3.0, 1.0]), [1.0, 1.0], 0.0, 1.0, 2)
    np.testing.assert_allclose(got, [27 / 64, 1 / 8], rtol=1e-14)


def test_many_steps_approach_the_limit():
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(6, 4))
    K, y = Z @ Z.T, rng.normal(size=6)
    np.testing.assert_allclose(distill(K, y, 0.3, 0.7, 2000), distill_limit(K, y, 0.3, 0.7), atol=1e-12)


def test_optimal_alpha_scalar_counterexample_leaves_unit_interval():
    """A = 1/2, y = y* = 1, f = 0: q(α) = (α/2 − 1)², minimal at α = 2; over [0, 1] at α = 1."""
    assert optimal_alpha([[1.0]], [1.0], [0.0], [1.0], 1.0) == pytest.approx(2.0, rel=1e-15)
    assert optimal_alpha([[1.0]], [1.0], [0.0], [1.0], 1.0, constrained=True) == 1.0
    assert optimal_alpha([[1.0]], [1.0], [0.0], [-1.0], 1.0, constrained=True) == 0.0


@pytest.mark.parametrize("exponent", [-300, -200, 150, 200, 300])
def test_extreme_scales_give_the_moderate_answer(exponent):
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(5, 5))
    K, y, f, ref = Z @ Z.T, rng.normal(size=5), rng.normal(size=5), rng.normal(size=5)
    s = 10.0 ** exponent
    np.testing.assert_allclose(distill(K * s, y, 0.4, 0.3 * s, 5), distill(K, y, 0.4, 0.3, 5), rtol=1e-10)
    np.testing.assert_allclose(distill(K, y * s, 0.4, 0.3, 5) / s, distill(K, y, 0.4, 0.3, 5), rtol=1e-10)
    np.testing.assert_allclose(distill_limit(K * s, y * s, 0.4, 0.3 * s) / s, distill_limit(K, y, 0.4, 0.3),
                               rtol=1e-10)
    assert optimal_alpha(K * s, y * s, f * s, ref * s, 0.3 * s) == pytest.approx(
        optimal_alpha(K, y, f, ref, 0.3), rel=1e-10)
    assert math.isfinite(optimal_alpha(K, y * s, f * s, ref * s, 0.3))


_K = [[1.0, 0.0], [0.0, 1.0]]
_Y = [1.0, 2.0]
BAD_INPUTS = [
    # K
    (distill, ([], _Y, 0.5, 1.0, 1), {}, ValueError, "K"),
    (distill, ([[1.0, 2.0]], _Y, 0.5, 1.0, 1), {}, ValueError, "K"),
    (distill, ([[1.0, 2.0], [0.0, 1.0]], _Y, 0.5, 1.0, 1), {}, ValueError, "K"),
    (distill, ([[1.0, 2.0], [2.0, 1.0]], _Y, 0.5, 1.0, 1), {}, ValueError, "K"),
    (distill, ([[1.0, float("nan")], [float("nan"), 1.0]], _Y, 0.5, 1.0, 1), {}, ValueError, "K"),
    (distill, ([[float("inf"), 0.0], [0.0, 1.0]], _Y, 0.5, 1.0, 1), {}, ValueError, "K"),
    (distill, ([[True, False], [False, True]], _Y, 0.5, 1.0, 1), {}, TypeError, "K"),
    (distill, ("ab", _Y, 0.5, 1.0, 1), {}, TypeError, "K"),
    (distill, (None, _Y, 0.5, 1.0, 1), {}, TypeError, "K"),
    (distill, ([[1j, 0.0], [0.0, 1.0]], _Y, 0.5, 1.0, 1), {}, TypeError, "K"),
    (distill_limit, ([[1.0, 2.0], [2.0, 1.0]], _Y, 0.5, 1.0), {}, ValueError, "K"),
    (optimal_alpha, ([[1.0]], [1.0], [0.0], [1.0, 2.0], 1.0), {}, ValueError, "reference"),
    # y
    (distill, (_K, [1.0], 0.5, 1.0, 1), {}, ValueError, "y"),
    (distill, (_K, [[1.0, 2.0]], 0.5, 1.0, 1), {}, ValueError, "y"),
    (distill, (_K, [1.0, float("nan")], 0.5, 1.0, 1), {}, ValueError, "y"),
    (distill, (_K, [True, False], 0.5, 1.0, 1), {}, TypeError, "y"),
    (distill_limit, (_K, [1.0, float("inf")], 0.5, 1.0), {}, ValueError, "y"),
    (distill_limit, (_K, "ab", 0.5, 1.0), {}, TypeError, "y"),
    (optimal_alpha, (_K, [1.0], _Y, _Y, 1.0), {}, ValueError, "y"),
    # alpha
    (distill, (_K, _Y, -0.1, 1.0, 1), {}, ValueError, "alpha"),
    (distill, (_K, _Y, 1.5, 1.0, 1), {}, ValueError, "alpha"),
    (distill, (_K, _Y, float("nan"), 1.0, 1), {}, ValueError, "alpha"),
    (distill, (_K, _Y, True, 1.0, 1), {}, TypeError, "alpha"),
    (distill, (_K, _Y, "0.5", 1.0, 1), {}, TypeError, "alpha"),
    (distill_limit, (_K, _Y, np.bool_(True), 1.0), {}, TypeError, "alpha"),
    (distill_limit, (_K, _Y, float("inf"), 1.0), {}, ValueError, "alpha"),
    # lam
    (distill, (_K, _Y, 0.5, 0.0, 1), {}, ValueError, "lam"),
    (distill, (_K, _Y, 0.5, -1.0, 1), {}, ValueError, "lam"),
    (distill, (_K, _Y, 0.5, float("inf"), 1), {}, ValueError, "lam"),
    (distill, (_K, _Y, 0.5, float("nan"), 1), {}, ValueError, "lam"),
    (distill_limit, (_K, _Y, 0.5, False), {}, TypeError, "lam"),
    (optimal_alpha, (_K, _Y, [0.0, 0.0], _Y, None), {}, TypeError, "lam"),
    (optimal_alpha, (_K, _Y, [0.0, 0.0], _Y, 0.0), {}, ValueError, "lam"),
    # steps
    (distill, (_K, _Y, 0.5, 1.0, -1), {}, ValueError, "steps"),
    (distill, (_K, _Y, 0.5, 1.0, 1.0), {}, TypeError, "steps"),
    (distill, (_K, _Y, 0.5, 1.0, True), {}, TypeError, "steps"),
    (distill, (_K, _Y, 0.5, 1.0, "2"), {}, TypeError, "steps"),
    # previous, reference, constrained
    (optimal_alpha, (_K, _Y, _Y, _Y, 1.0), {}, ValueError, "previous"),
    (optimal_alpha, (_K, _Y, [float("nan"), 0.0], _Y, 1.0), {}, ValueError, "previous"),
    (optimal_alpha, (_K, _Y, [True, False], _Y, 1.0), {}, TypeError, "previous"),
    (optimal_alpha, (np.zeros((2, 2)), _Y, [0.0, 0.0], _Y, 1.0), {}, ValueError, "previous"),
    (optimal_alpha, (_K, _Y, [0.0, 0.0], [float("inf"), 0.0], 1.0), {}, ValueError, "reference"),
    (optimal_alpha, (_K, _Y, [0.0, 0.0], "ab", 1.0), {}, TypeError, "reference"),
    (optimal_alpha, (_K, _Y, [0.0, 0.0], _Y, 1.0), {"constrained": 1}, TypeError, "constrained"),
    (optimal_alpha, (_K, _Y, [0.0, 0.0], _Y, 1.0), {"constrained": "yes"}, TypeError, "constrained"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, shape, type, boolean, out of range) raises an error naming the argument."""
    with pytest.raises(error) as info:
        function(*args, **kwargs)
    assert argument in str(info.value)
