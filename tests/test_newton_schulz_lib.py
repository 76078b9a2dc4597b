"""Unit tests for the Newton–Schulz library: gaussian_kernel, newton_schulz_pinv and pinv_grad.

The claims newton_schulz.library_* check the same functions against exact and 40-digit ground truth; these
tests pin hand-computed values, the input validation (one table) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.newton_schulz.library import (
    PinvResult,
    gaussian_kernel,
    newton_schulz_pinv,
    pinv_grad,
)

# -- hand-computed values ----------------------------------------------------------------------------------


def test_kernel_of_two_points_at_distance_one():
    """Points 0 and 1 on a line: [[1, e^(−1/2)], [e^(−1/2), 1]], exactly symmetric, unit diagonal."""
    k = gaussian_kernel([[0.0], [1.0]])
    s = math.exp(-0.5)
    np.testing.assert_allclose(k, [[1.0, s], [s, 1.0]], rtol=1e-15)
    assert k[0, 1] == k[1, 0] and k[0, 0] == 1.0 and k[1, 1] == 1.0


def test_kernel_between_two_sets():
    """x = (0, 0), y = (3, 4): exp(−25/2); the shape is (len x, len y)."""
    k = gaussian_kernel([[0.0, 0.0]], [[3.0, 4.0], [0.0, 0.0]])
    assert k.shape == (1, 2)
    assert k[0, 0] == pytest.approx(math.exp(-12.5), rel=1e-15)
    assert k[0, 1] == 1.0


def test_pinv_of_a_scalar_and_of_the_all_ones_matrix():
    """[[2]]⁺ = [[1/2]]; the all-ones 2 × 2 matrix J (rank one) has J⁺ = J/4."""
    assert newton_schulz_pinv([[2.0]]).pinv == pytest.approx(np.array([[0.5]]), rel=1e-15)
    res = newton_schulz_pinv(np.ones((2, 2)))
    assert isinstance(res, PinvResult)
    np.testing.assert_allclose(res.pinv, np.full((2, 2), 0.25), rtol=1e-14)
    assert res.iterations >= 1 and res.relative_step < 1e-6


def test_pinv_of_a_row_vector_and_of_zero():
    """(1, 2)⁺ = (1, 2)ᵀ/5; the zero matrix's pseudo-inverse is the zero matrix of the transposed shape."""
    np.testing.assert_allclose(newton_schulz_pinv([[1.0, 2.0]]).pinv, [[0.2], [0.4]], rtol=1e-14)
    zero = newton_schulz_pinv(np.zeros((2, 3)))
    assert zero.pinv.shape == (3, 2) and not np.any(zero.pinv) and zero.iterations == 0


def test_pinv_of_equal_row_sums_keeps_the_top_component():
    """[[2, 1], [1, 2]] (equal row sums, where the paper's α = 2/‖A‖₁² loses the top component): A⁻¹ exactly."""
    np.testing.assert_allclose(newton_schulz_pinv([[2.0, 1.0], [1.0, 2.0]]).pinv,
                               np.array([[2.0, -1.0], [-1.0, 2.0]]) / 3, rtol=1e-14)


def test_pinv_of_the_rank_one_witness_is_accurate():
    """A = bbᵀ, b = (3, 2, 3): A⁺ = A/22² (the smallest residual misses it by 7e-8; the smallest step does not)."""
    b = np.array([3.0, 2.0, 3.0])
    a = np.outer(b, b)
    np.testing.assert_allclose(newton_schulz_pinv(a).pinv, a / 22.0**2, rtol=1e-13)


def test_grad_at_an_invertible_scalar():
    """L = g·(1/a): ∂L/∂a = −g/a² = −1/4 at a = 2, g = 1 (the released backward's value)."""
    assert pinv_grad([[2.0]], [[0.5]], [[1.0]]) == pytest.approx(np.array([[-0.25]]), rel=1e-15)


def test_grad_includes_the_golub_pereyra_term():
    """A = diag(1, 0), G = [[0, 1], [0, 0]]: ∂L/∂A = [[0, 0], [1, 0]] (the released −A⁺GA⁺ alone is 0); paired
    with Ȧ = [[0, 1], [1, 0]] (A(t) = (1, t)(1, t)ᵀ) it gives 1, the derivative of ⟨G, A(t)⁺⟩."""
    a = np.diag([1.0, 0.0])
    g = np.array([[0.0, 1.0], [0.0, 0.0]])
    grad = pinv_grad(a, a, g)
    np.testing.assert_array_equal(grad, [[0.0, 0.0], [1.0, 0.0]])
    assert float(np.sum(grad * np.array([[0.0, 1.0], [1.0, 0.0]]))) == 1.0


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

_A = np.eye(2)
BAD_INPUTS = [
    # gaussian_kernel: x
    (gaussian_kernel, ([1.0, 2.0],), {}, ValueError, "x"),
    (gaussian_kernel, (np.zeros((0, 2)),), {}, ValueError, "x"),
    (gaussian_kernel, (np.zeros((2, 2, 2)),), {}, ValueError, "x"),
    (gaussian_kernel, ([[1.0, 2.0], [1.0]],), {}, ValueError, "x"),
    (gaussian_kernel, ([[1.0, float("nan")]],), {}, ValueError, "x"),
    (gaussian_kernel, ([[1.0, float("inf")]],), {}, ValueError, "x"),
    (gaussian_kernel, ([[True, False]],), {}, TypeError, "x"),
    (gaussian_kernel, ([[1j, 0.0]],), {}, TypeError, "x"),
    (gaussian_kernel, ([["a", "b"]],), {}, TypeError, "x"),
    (gaussian_kernel, (None,), {}, TypeError, "x"),
    (gaussian_kernel, (3.0,), {}, TypeError, "x"),
    (gaussian_kernel, ("ab",), {}, TypeError, "x"),
    # gaussian_kernel: y
    (gaussian_kernel, ([[0.0, 0.0]], [[1.0, 2.0, 3.0]]), {}, ValueError, "y"),
    (gaussian_kernel, ([[0.0, 0.0]], [[float("nan"), 0.0]]), {}, ValueError, "y"),
    (gaussian_kernel, ([[0.0, 0.0]], np.zeros((0, 2))), {}, ValueError, "y"),
    (gaussian_kernel, ([[0.0, 0.0]], [[False, True]]), {}, TypeError, "y"),
    (gaussian_kernel, ([[0.0, 0.0]], [0.0, 0.0]), {}, ValueError, "y"),
    # newton_schulz_pinv: a
    (newton_schulz_pinv, ([1.0, 2.0],), {}, ValueError, "a"),
    (newton_schulz_pinv, (np.zeros((0, 3)),), {}, ValueError, "a"),
    (newton_schulz_pinv, ([[1.0, 2.0], [3.0]],), {}, ValueError, "a"),
    (newton_schulz_pinv, ([[1.0, float("nan")]],), {}, ValueError, "a"),
    (newton_schulz_pinv, ([[float("-inf")]],), {}, ValueError, "a"),
    (newton_schulz_pinv, ([[True]],), {}, TypeError, "a"),
    (newton_schulz_pinv, ([[1 + 2j]],), {}, TypeError, "a"),
    (newton_schulz_pinv, (None,), {}, TypeError, "a"),
    (newton_schulz_pinv, ("abc",), {}, TypeError, "a"),
    (newton_schulz_pinv, (2.0,), {}, TypeError, "a"),
    # newton_schulz_pinv: max_iterations
    (newton_schulz_pinv, (_A,), {"max_iterations": 0}, ValueError, "max_iterations"),
    (newton_schulz_pinv, (_A,), {"max_iterations": -5}, ValueError, "max_iterations"),
    (newton_schulz_pinv, (_A,), {"max_iterations": 10_001}, ValueError, "max_iterations"),
    (newton_schulz_pinv, (_A,), {"max_iterations": 20.0}, TypeError, "max_iterations"),
    (newton_schulz_pinv, (_A,), {"max_iterations": True}, TypeError, "max_iterations"),
    (newton_schulz_pinv, (_A,), {"max_iterations": np.bool_(True)}, TypeError, "max_iterations"),
    (newton_schulz_pinv, (_A,), {"max_iterations": "20"}, TypeError, "max_iterations"),
    (newton_schulz_pinv, (_A,), {"max_iterations": None}, TypeError, "max_iterations"),
    # pinv_grad: a, pinv, grad
    (pinv_grad, ([1.0], _A, _A), {}, ValueError, "a"),
    (pinv_grad, ([[float("nan"), 0.0], [0.0, 1.0]], _A, _A), {}, ValueError, "a"),
    (pinv_grad, ([[True, False], [False, True]], _A, _A), {}, TypeError, "a"),
    (pinv_grad, (None, _A, _A), {}, TypeError, "a"),
    (pinv_grad, (np.zeros((0, 0)), _A, _A), {}, ValueError, "a"),
    (pinv_grad, (_A, np.eye(3), _A), {}, ValueError, "pinv"),
    (pinv_grad, (np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3))), {}, ValueError, "pinv"),
    (pinv_grad, (_A, [[float("inf"), 0.0], [0.0, 1.0]], _A), {}, ValueError, "pinv"),
    (pinv_grad, (_A, [[1j, 0.0], [0.0, 1.0]], _A), {}, TypeError, "pinv"),
    (pinv_grad, (_A, "ab", _A), {}, TypeError, "pinv"),
    (pinv_grad, (_A, _A, np.eye(3)), {}, ValueError, "grad"),
    (pinv_grad, (_A, _A, [[float("nan"), 0.0], [0.0, 0.0]]), {}, ValueError, "grad"),
    (pinv_grad, (_A, _A, [[True, True], [True, True]]), {}, TypeError, "grad"),
    (pinv_grad, (_A, _A, None), {}, TypeError, "grad"),
    (pinv_grad, (_A, _A, np.ones(4)), {}, ValueError, "grad"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, shape, type, boolean, out of range) raises an error naming the argument."""
    with pytest.raises(error, match=rf"\b{argument}\b"):
        function(*args, **kwargs)


def test_gradient_beyond_the_float_range_is_an_error_naming_grad():
    """pinv entries 1e200 and grad 1e10: pinv² · grad = 1e410 overflows, reported as a ValueError."""
    with pytest.raises(ValueError, match="grad"):
        pinv_grad([[1e-200]], [[1e200]], [[1e10]])


# -- extreme scales --------------------------------------------------------------------------------------


@pytest.mark.parametrize("exponent", [-300, -200, -150, 0, 150, 200, 300])
def test_pinv_is_scale_covariant(exponent):
    """newton_schulz_pinv(cA) = A⁺/c for c = 10^e up to 1e±300 (‖A‖₁‖A‖∞ overflows or underflows unscaled)."""
    b = np.array([3.0, 2.0, 3.0])
    a = np.outer(b, b)
    c = 10.0**exponent
    res = newton_schulz_pinv(a * c)
    np.testing.assert_allclose(res.pinv * c, a / 22.0**2, rtol=1e-13)


@pytest.mark.parametrize("exponent", [-200, 200])
def test_kernel_of_points_at_extreme_distances(exponent):
    """Points 1e200 apart give entries 0 (no overflow, no NaN); points 1e-200 apart give 1."""
    k = gaussian_kernel([[0.0, 0.0], [10.0**exponent, -(10.0**exponent)]])
    expected = 1.0 if exponent < 0 else 0.0
    np.testing.assert_array_equal(k, [[1.0, expected], [expected, 1.0]])


def test_kernel_of_near_coincident_points_of_large_norm_stays_at_most_one():
    """Norm 1e8, distance 1e-3: entries exp(−5e-7) ≈ 1 − 5e-7, never above 1 (the expanded form exceeds it)."""
    x = np.array([[1e8, 1e8], [1e8 + 1e-3, 1e8]])
    k = gaussian_kernel(x)
    d2 = (x[1, 0] - x[0, 0]) ** 2
    assert np.all(k <= 1.0)
    assert k[0, 1] == pytest.approx(math.exp(-d2 / 2), rel=1e-12)


@pytest.mark.parametrize("exponent", [-150, 150])
def test_grad_is_scale_covariant(exponent):
    """pinv_grad(cA, A⁺/c, G) = pinv_grad(A, A⁺, G)/c² (A⁺ entries at 1e∓150: no overflow in the products)."""
    a = np.diag([1.0, 0.0])
    g = np.array([[0.0, 1.0], [2.0, 0.0]])
    c = 10.0**exponent
    np.testing.assert_allclose(pinv_grad(a * c, a / c, g) * c * c, pinv_grad(a, a, g), rtol=1e-15, atol=0)
