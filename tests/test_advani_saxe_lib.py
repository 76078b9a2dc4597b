"""Unit tests for the advani_saxe library: hand-computed values, extreme scales and the input validation (one table).

The claims of the family check the same functions against independent ground truths (matrix exponentials,
simulated gradient flow, sampled inputs, quadrature); these tests pin small exact cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.advani_saxe.library import (
    converged_error_limit,
    expected_converged_error,
    generalization_error,
    gradient_descent,
    optimal_stopping_time,
    overtraining,
)


def test_one_gradient_step_by_hand():
    """X = [[1, 0]], y = [2], w0 = (0, 5), η = 1/2: w = w0 + η Xᵀ(y − X w0) = (1, 5)."""
    w = gradient_descent([[1.0, 0.0]], [2.0], [0.0, 5.0], 0.5, 1)
    assert w.tolist() == [1.0, 5.0]
    assert gradient_descent([[1.0, 0.0]], [2.0], [0.0, 5.0], 0.5, 0).tolist() == [0.0, 5.0]


def test_null_component_kept_after_many_steps():
    """The second coordinate is the null space of X = [[1, 0]]: it never moves."""
    w = gradient_descent([[1.0, 0.0]], [2.0], [0.0, 5.0], 1.0, 100)
    assert w[1] == 5.0 and w[0] == pytest.approx(2.0)


def test_generalization_error_by_hand():
    """One mode λ = 1 and one null mode (N = 2), σ_ε² = 1/4, σ_w̄² = 1, σ_0² = 1/2."""
    assert generalization_error([1.0], 0.0, 2, 0.25, 1.0, 0.5) == pytest.approx(1.75, abs=1e-15)
    assert generalization_error([1.0], math.inf, 2, 0.25, 1.0, 0.5) == pytest.approx(1.125, abs=1e-15)
    e = math.exp(-2.0)
    want = ((1 - e) ** 2 * 0.25 + e**2 * 1.5 + 1.5) / 2 + 0.25
    assert generalization_error([1.0], 2.0, 2, 0.25, 1.0, 0.5) == pytest.approx(want, rel=1e-14)


def test_zero_eigenvalue_is_a_null_mode():
    """A listed λ = 0 behaves like an unlisted mode."""
    assert generalization_error([0.0, 2.0], 1.0, 2, 0.3, 1.0) == generalization_error([2.0], 1.0, 2, 0.3, 1.0)


def test_overtraining_of_one_mode_by_hand():
    """λ = 1, N = 1, σ_ε² = σ_w̄² = 1: E(t) = (1 − e)² + e² + 1 is least at e = 1/2 (1.5), E(∞) = 2."""
    gap, t_best = overtraining([1.0], 1, 1.0, 1.0)
    assert gap == pytest.approx(0.5, abs=1e-10)
    assert t_best == pytest.approx(math.log(2), rel=1e-5)


def test_no_overtraining_without_noise():
    """σ_ε² = 0: the error decreases monotonically, O = 0 and the best time is ∞."""
    assert overtraining([0.5, 2.0], 3, 0.0, 1.0) == (0.0, math.inf)


def test_expected_converged_error_by_hand():
    """N = 4, P = 1: 1/(4 − 1 − 1) + 3/4 + 1; N = 1, P = 4: 1/(4 − 1 − 1) + 1; |P − N| ≤ 1 diverges."""
    assert expected_converged_error(4, 1, 1.0, 1.0) == pytest.approx(2.25, abs=1e-15)
    assert expected_converged_error(1, 4, 1.0, 1.0) == pytest.approx(1.5, abs=1e-15)
    assert expected_converged_error(4, 4, 1.0, 1.0) == math.inf
    assert expected_converged_error(5, 4, 0.0, 1.0) == pytest.approx(0.2)


def test_converged_error_limit_by_hand():
    assert converged_error_limit(0.5, 1.0, 1.0) == pytest.approx(2.5)
    assert converged_error_limit(2.0, 1.0, 1.0) == pytest.approx(2.0)
    assert converged_error_limit(1.0, 1.0, 1.0) == math.inf
    assert converged_error_limit(1.0, 0.0, 1.0) == 0.0


def test_optimal_stopping_time_by_hand_and_at_extremes():
    assert optimal_stopping_time(1.0, math.e - 1) == pytest.approx(1.0, rel=1e-15)
    assert optimal_stopping_time(1e-300, 1.0) == pytest.approx(1.0, rel=1e-15)  # t* → SNR as λ → 0
    assert optimal_stopping_time(1e300, 1e300) == pytest.approx(600 * math.log(10) / 1e300, rel=1e-14)
    assert optimal_stopping_time(2.0, math.inf) == math.inf


@pytest.mark.parametrize("scale", [1e-150, 1e150])
def test_errors_scale_with_the_variances(scale):
    """Every variance times c multiplies E_g(t) and the overtraining by c (no overflow or underflow)."""
    lam = [0.3, 1.7, 4.0]
    base = generalization_error(lam, 0.7, 5, 0.25, 1.0, 0.5)
    assert generalization_error(lam, 0.7, 5, 0.25 * scale, scale, 0.5 * scale) == pytest.approx(base * scale, rel=1e-13)
    assert overtraining(lam, 5, 0.25 * scale, scale)[0] == pytest.approx(overtraining(lam, 5, 0.25, 1.0)[0] * scale,
                                                                          rel=1e-9)


GOOD_X = [[1.0, 0.0], [0.0, 1.0]]
BAD_INPUTS = [
    # gradient_descent(X, y, w0, lr, steps)
    (gradient_descent, ([[1.0, np.nan]], [1.0], [0.0, 0.0], 0.1, 1), ValueError),
    (gradient_descent, ([[1.0, 0.0]], [1.0], [0.0, 0.0], 0.1, 1.5), TypeError),
    (gradient_descent, ([1.0, 0.0], [1.0], [0.0, 0.0], 0.1, 1), ValueError),
    (gradient_descent, (GOOD_X, [1.0], [0.0, 0.0], 0.1, 1), ValueError),
    (gradient_descent, (GOOD_X, [1.0, 1.0], [0.0], 0.1, 1), ValueError),
    (gradient_descent, (GOOD_X, [1.0, 1.0], [0.0, 0.0], 0.0, 1), ValueError),
    (gradient_descent, (GOOD_X, [1.0, 1.0], [0.0, 0.0], True, 1), TypeError),
    (gradient_descent, (GOOD_X, [True, False], [0.0, 0.0], 0.1, 1), TypeError),
    (gradient_descent, (GOOD_X, [1.0, 1.0], [0.0, 0.0], 0.1, -1), ValueError),
    (gradient_descent, ("X", [1.0], [0.0], 0.1, 1), TypeError),
    (gradient_descent, (np.zeros((0, 2)), [], [0.0, 0.0], 0.1, 1), ValueError),
    # generalization_error(eigenvalues, t, n_params, noise_var, teacher_var, init_var)
    (generalization_error, ([1.0, -0.1], 1.0, 2, 0.1, 1.0), ValueError),
    (generalization_error, ([1.0, 2.0, 3.0], 1.0, 2, 0.1, 1.0), ValueError),
    (generalization_error, ([], 1.0, 2, 0.1, 1.0), ValueError),
    (generalization_error, ([1.0], -1.0, 2, 0.1, 1.0), ValueError),
    (generalization_error, ([1.0], math.nan, 2, 0.1, 1.0), ValueError),
    (generalization_error, ([1.0], 1.0, 0, 0.1, 1.0), ValueError),
    (generalization_error, ([1.0], 1.0, 2.0, 0.1, 1.0), TypeError),
    (generalization_error, ([1.0], 1.0, True, 0.1, 1.0), TypeError),
    (generalization_error, ([1.0], 1.0, 2, math.inf, 1.0), ValueError),
    (generalization_error, ([1.0], 1.0, 2, 0.1, -1.0), ValueError),
    (generalization_error, ([1.0], 1.0, 2, 0.1, 1.0, "0"), TypeError),
    (generalization_error, ([[1.0]], 1.0, 2, 0.1, 1.0), ValueError),
    # overtraining(eigenvalues, n_params, noise_var, teacher_var, init_var)
    (overtraining, ([np.inf], 2, 0.1, 1.0), ValueError),
    (overtraining, ([1.0], 2, 0.1, False), TypeError),
    (overtraining, ([1.0], 2, -0.1, 1.0), ValueError),
    (overtraining, (None, 2, 0.1, 1.0), TypeError),
    # expected_converged_error(n_params, n_samples, noise_var, teacher_var, init_var)
    (expected_converged_error, (0, 3, 0.1, 1.0), ValueError),
    (expected_converged_error, (4, 0, 0.1, 1.0), ValueError),
    (expected_converged_error, (4.0, 1, 0.1, 1.0), TypeError),
    (expected_converged_error, (4, 1, math.nan, 1.0), ValueError),
    # converged_error_limit(alpha, noise_var, teacher_var, init_var)
    (converged_error_limit, (0.0, 0.1, 1.0), ValueError),
    (converged_error_limit, (math.inf, 0.1, 1.0), ValueError),
    (converged_error_limit, (True, 0.1, 1.0), TypeError),
    (converged_error_limit, (0.5, 0.1, 1.0, -1.0), ValueError),
    # optimal_stopping_time(eigenvalue, snr)
    (optimal_stopping_time, (0.0, 1.0), ValueError),
    (optimal_stopping_time, (1.0, -1.0), ValueError),
    (optimal_stopping_time, (1.0, math.nan), ValueError),
    (optimal_stopping_time, ("1", 1.0), TypeError),
    (optimal_stopping_time, (1.0, np.bool_(True)), TypeError),
]


@pytest.mark.parametrize(("fn", "args", "error"), BAD_INPUTS,
                         ids=[f"{fn.__name__}-{i}" for i, (fn, _, _) in enumerate(BAD_INPUTS)])
def test_bad_inputs_are_rejected(fn, args, error):
    with pytest.raises(error):
        fn(*args)
