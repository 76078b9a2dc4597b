"""Unit tests for the Lion-𝒦 library: lion_step, lion_k_step, page_form_betas, lyapunov, admissible_coefficients.

The claims lion_k.library_lion_step, lion_k.library_lyapunov, lion_k.page_form_mapping and
lion_k.fenchel_young_coefficient_range check the same functions against exact and high-precision ground truth;
these tests pin hand-computed values, the input validation (one table) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.lion_k.library import (
    admissible_coefficients,
    lion_k_step,
    lion_step,
    lyapunov,
    page_form_betas,
)

# -- hand-computed values ----------------------------------------------------------------------------------


def test_first_lion_step_from_zero_momentum():
    """m₀ = 0: c = (1 − β1)g, so x₁ = x₀(1 − ηλ) − η sign(g) and m₁ = (1 − β2)g; a zero gradient only decays."""
    x, m = lion_step([1.0, -2.0, 0.5], [0.0, 0.0, 0.0], [3.0, -0.1, 0.0], lr=0.1, betas=(0.9, 0.99),
                     weight_decay=0.5)
    np.testing.assert_allclose(x, [1.0 * 0.95 - 0.1, -2.0 * 0.95 + 0.1, 0.5 * 0.95], rtol=1e-15)
    np.testing.assert_allclose(m, [0.03, -0.001, 0.0], rtol=1e-14)


def test_lion_step_uses_the_momentum_before_its_update():
    """β1 = 1/2, m = 1, g = −3: c = −1 < 0 (x rises by η), although the updated momentum 0.9·1 + 0.1·(−3) = 0.6 > 0."""
    x, m = lion_step([0.0], [1.0], [-3.0], lr=0.25, betas=(0.5, 0.9))
    assert x[0] == 0.25
    assert m[0] == pytest.approx(0.6, rel=1e-15)


def test_lion_step_with_zero_combination_only_decays():
    """β1 = 1/2, m = 1, g = −1: c = 0 exactly, sign(0) = 0: the parameter only decays."""
    x, _ = lion_step([2.0], [1.0], [-1.0], lr=0.1, betas=(0.5, 0.5), weight_decay=1.0)
    assert x[0] == 2.0 * 0.9


def test_lion_k_step_l1_with_the_page_mapping_is_lion():
    """β_p = β2, β_n = β1/β2, M = −m: one step of each form from the same state lands on the same x."""
    bp, bn = page_form_betas(0.9, 0.99)
    assert (bp, bn) == (0.99, 0.9 / 0.99)
    x1, m1 = lion_step([0.3, -0.2], [0.5, -1.0], [-2.0, 0.4], lr=0.01, betas=(0.9, 0.99), weight_decay=0.1)
    X1, M1 = lion_k_step([0.3, -0.2], [-0.5, 1.0], [-2.0, 0.4], lr=0.01, beta_polyak=bp, beta_nesterov=bn,
                         weight_decay=0.1)
    np.testing.assert_allclose(X1, x1, rtol=1e-15)
    np.testing.assert_allclose(M1, -m1, rtol=1e-15)


def test_lion_k_step_quadratic_kernel_is_the_linear_update():
    """∇𝒦 = identity: x + η(M̃ − λx) with M̃ = β_n(β_p M − (1 − β_p)g) − (1 − β_n)g."""
    X, M = lion_k_step([1.0], [2.0], [4.0], lr=0.5, beta_polyak=0.5, beta_nesterov=0.5, weight_decay=1.0,
                       kernel="quadratic")
    assert M[0] == 0.5 * 2.0 - 0.5 * 4.0                      # −1
    assert X[0] == 1.0 + 0.5 * ((0.5 * -1.0 - 0.5 * 4.0) - 1.0)  # 1 + 0.5(−2.5 − 1) = −0.75


def test_lion_k_step_log_cosh_kernel_uses_tanh():
    X, _ = lion_k_step([0.0], [0.0], [-1.0], lr=0.1, beta_polyak=0.0, beta_nesterov=0.0, kernel="log_cosh", delta=2.0)
    assert X[0] == pytest.approx(0.1 * math.tanh(0.5), rel=1e-15)


def test_page_form_betas_edges():
    """β1 = β2 gives β_n = 1; β1 = β2 = 0 gives (0, 0); β1 > β2 has no in-range mapping."""
    assert page_form_betas(0.5, 0.5) == (0.5, 1.0)
    assert page_form_betas(0.0, 0.0) == (0.0, 0.0)
    with pytest.raises(ValueError, match="beta1"):
        page_form_betas(0.99, 0.9)


def test_admissible_coefficients_hand_values():
    """ε = 1/2, γ = 1, λ = 1: c* = (1/2)/(3/2) = 1/3, hi = min(1, (1/2)/(1/2)) = 1; ε = 0: only 1; εγ = 1: only 0."""
    lo, hi = admissible_coefficients(0.5, 1.0, 1.0)
    assert lo == pytest.approx(1 / 3, rel=1e-15) and hi == 1.0
    lo, hi = admissible_coefficients(0.5, 0.2, 4.0)  # εγ = 0.1, ελ = 2: hi = 0.9/2
    assert lo == pytest.approx(0.9 / 3, rel=1e-15) and hi == pytest.approx(0.45, rel=1e-15)
    assert admissible_coefficients(0.0, 2.0, 3.0) == (1.0, 1.0)
    assert admissible_coefficients(0.5, 2.0, 3.0) == (0.0, 0.0)


def test_lyapunov_hand_values():
    """Quadratic kernel, α = γ = λ = 1, ε = 0 (c = 1), x = 0.5, m = 1, f = 2: H = 2 + 0.125 + (0.125 + 0.5 − 0.5)."""
    assert lyapunov(2.0, [0.5], [1.0], alpha=1.0, gamma=1.0, weight_decay=1.0, eps=0.0,
                    kernel="quadratic") == pytest.approx(2.25, rel=1e-15)
    # ℓ1: 0 inside the box, +inf outside; at λx = sign(m) the Fenchel–Young term vanishes.
    assert lyapunov(1.0, [0.5], [3.0], alpha=1.0, gamma=1.0, weight_decay=2.0, eps=0.0, kernel="l1") == 1.0
    assert lyapunov(1.0, [0.6], [3.0], alpha=1.0, gamma=1.0, weight_decay=2.0, eps=0.0, kernel="l1") == math.inf
    # log-cosh on the face λx = 1: 𝒦*(1) = δ log 2, finite.
    h = lyapunov(0.0, [1.0], [0.0], alpha=1.0, gamma=1.0, weight_decay=1.0, eps=0.0, kernel="log_cosh", delta=1.0)
    assert h == pytest.approx(2 * math.log(2.0), rel=1e-15)


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) -------

_X, _M, _G = [0.1, -0.2], [0.0, 0.0], [1.0, -1.0]
_PAGE = dict(lr=0.01, beta_polyak=0.9, beta_nesterov=0.9)
_H = dict(alpha=1.0, gamma=1.0, weight_decay=1.0, eps=0.5)
BAD_INPUTS = [
    # lion_step: arrays
    (lion_step, ([], [], []), {}, ValueError, "x"),
    (lion_step, ([float("nan")], [0.0], [1.0]), {}, ValueError, "x"),
    (lion_step, ([0.0], [float("inf")], [1.0]), {}, ValueError, "m"),
    (lion_step, ([0.0], [0.0], [-float("inf")]), {}, ValueError, "g"),
    (lion_step, ("ab", _M, _G), {}, TypeError, "x"),
    (lion_step, (None, _M, _G), {}, TypeError, "x"),
    (lion_step, ([True, False], _M, _G), {}, TypeError, "x"),
    (lion_step, (_X, [1j, 0.0], _G), {}, TypeError, "m"),
    (lion_step, (_X, _M, ["1", "2"]), {}, TypeError, "g"),
    (lion_step, (_X, [0.0], _G), {}, ValueError, "m"),
    (lion_step, (_X, _M, [[1.0, 2.0]]), {}, ValueError, "g"),
    (lion_step, ([[1.0, 2.0], [1.0]], _M, _G), {}, ValueError, "x"),
    # lion_step: hyperparameters
    (lion_step, (_X, _M, _G), {"lr": 0.0}, ValueError, "lr"),
    (lion_step, (_X, _M, _G), {"lr": -1e-3}, ValueError, "lr"),
    (lion_step, (_X, _M, _G), {"lr": float("nan")}, ValueError, "lr"),
    (lion_step, (_X, _M, _G), {"lr": True}, TypeError, "lr"),
    (lion_step, (_X, _M, _G), {"lr": "0.1"}, TypeError, "lr"),
    (lion_step, (_X, _M, _G), {"betas": (1.0, 0.9)}, ValueError, "beta1"),
    (lion_step, (_X, _M, _G), {"betas": (0.9, -0.1)}, ValueError, "beta2"),
    (lion_step, (_X, _M, _G), {"betas": (0.9,)}, ValueError, "betas"),
    (lion_step, (_X, _M, _G), {"betas": 0.9}, TypeError, "betas"),
    (lion_step, (_X, _M, _G), {"betas": "ab"}, TypeError, "betas"),
    (lion_step, (_X, _M, _G), {"betas": (np.bool_(True), 0.9)}, TypeError, "beta1"),
    (lion_step, (_X, _M, _G), {"weight_decay": -1.0}, ValueError, "weight_decay"),
    (lion_step, (_X, _M, _G), {"weight_decay": float("inf")}, ValueError, "weight_decay"),
    (lion_step, (_X, _M, _G), {"weight_decay": False}, TypeError, "weight_decay"),
    (lion_step, (_X, _M, _G), {"lr": 0.5, "weight_decay": 3.0}, ValueError, "weight_decay"),
    # lion_k_step
    (lion_k_step, ([], [], []), _PAGE, ValueError, "x"),
    (lion_k_step, (_X, [float("nan"), 0.0], _G), _PAGE, ValueError, "M"),
    (lion_k_step, (_X, _M, [True, True]), _PAGE, TypeError, "g"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "beta_polyak": 1.5}, ValueError, "beta_polyak"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "beta_nesterov": -0.5}, ValueError, "beta_nesterov"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "beta_nesterov": None}, TypeError, "beta_nesterov"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "kernel": "l2"}, ValueError, "kernel"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "kernel": 1}, TypeError, "kernel"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "delta": 0.0}, ValueError, "delta"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "lr": float("inf")}, ValueError, "lr"),
    (lion_k_step, (_X, _M, _G), {**_PAGE, "weight_decay": 200.0}, ValueError, "weight_decay"),
    # page_form_betas
    (page_form_betas, (0.9, 1.0), {}, ValueError, "beta2"),
    (page_form_betas, (-0.1, 0.5), {}, ValueError, "beta1"),
    (page_form_betas, (float("nan"), 0.5), {}, ValueError, "beta1"),
    (page_form_betas, (0.5, True), {}, TypeError, "beta2"),
    (page_form_betas, ("0.5", 0.9), {}, TypeError, "beta1"),
    (page_form_betas, (0.95, 0.9), {}, ValueError, "beta1"),
    # lyapunov
    (lyapunov, (float("nan"), _X, _M), _H, ValueError, "f_value"),
    (lyapunov, (True, _X, _M), _H, TypeError, "f_value"),
    (lyapunov, (0.0, [], []), _H, ValueError, "x"),
    (lyapunov, (0.0, _X, [0.0]), _H, ValueError, "m"),
    (lyapunov, (0.0, _X, ["a", "b"]), _H, TypeError, "m"),
    (lyapunov, (0.0, _X, _M), {**_H, "alpha": 0.0}, ValueError, "alpha"),
    (lyapunov, (0.0, _X, _M), {**_H, "gamma": -1.0}, ValueError, "gamma"),
    (lyapunov, (0.0, _X, _M), {**_H, "weight_decay": 0.0}, ValueError, "weight_decay"),
    (lyapunov, (0.0, _X, _M), {**_H, "eps": -0.1}, ValueError, "eps"),
    (lyapunov, (0.0, _X, _M), {**_H, "eps": float("inf")}, ValueError, "eps"),
    (lyapunov, (0.0, _X, _M), {**_H, "kernel": "sign"}, ValueError, "kernel"),
    (lyapunov, (0.0, _X, _M), {**_H, "kernel": None}, TypeError, "kernel"),
    (lyapunov, (0.0, _X, _M), {**_H, "delta": -1.0}, ValueError, "delta"),
    (lyapunov, (0.0, _X, _M), {**_H, "coefficient": float("nan")}, ValueError, "coefficient"),
    (lyapunov, (0.0, _X, _M), {**_H, "coefficient": "1"}, TypeError, "coefficient"),
    # admissible_coefficients
    (admissible_coefficients, (-0.1, 1.0, 1.0), {}, ValueError, "eps"),
    (admissible_coefficients, (2.0, 1.0, 1.0), {}, ValueError, "eps"),
    (admissible_coefficients, (0.5, 0.0, 1.0), {}, ValueError, "gamma"),
    (admissible_coefficients, (0.5, 1.0, 0.0), {}, ValueError, "weight_decay"),
    (admissible_coefficients, (0.5, float("nan"), 1.0), {}, ValueError, "gamma"),
    (admissible_coefficients, (0.5, 1.0, True), {}, TypeError, "weight_decay"),
    (admissible_coefficients, (None, 1.0, 1.0), {}, TypeError, "eps"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, shape, type, boolean, out of range) raises an error naming the argument."""
    with pytest.raises(error, match=argument):
        function(*args, **kwargs)


# -- extreme scales ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exponent", [-1074, -1060, -1000, -300, 300, 960, 1000])
def test_lion_step_is_invariant_to_the_scale_of_the_gradients(exponent):
    """(m, g) scaled by 2^e, subnormal to near the float maximum: the same parameters, the momentum scaled by 2^e."""
    x = np.array([0.25, -0.5, 1.0])
    m, g = np.array([1.0, -3.0, 0.0]), np.array([0.0, 2.0, -1.0])
    k = math.ldexp(1.0, exponent)
    x_ref, m_ref = lion_step(x, m, g, lr=0.01, betas=(0.5, 0.99), weight_decay=0.5)
    x_k, m_k = lion_step(x, m * k, g * k, lr=0.01, betas=(0.5, 0.99), weight_decay=0.5)
    np.testing.assert_array_equal(x_k, x_ref)
    np.testing.assert_allclose(m_k, m_ref * k, rtol=1e-15, atol=5e-324)


def test_subnormal_combination_still_steps():
    """m = 2⁻¹⁰⁷⁴, g = 0, β1 = 1/2: c = 2⁻¹⁰⁷⁵ (rounds to 0 when computed as is), yet the step is taken."""
    x, _ = lion_step([0.0], [5e-324], [0.0], lr=0.1, betas=(0.5, 0.9))
    assert x[0] == -0.1


def test_momentum_near_the_float_maximum_does_not_overflow():
    big = np.finfo(float).max
    _, m = lion_step([0.0, 0.0], [big, -big], [big, big], lr=0.1, betas=(0.9, 0.5))
    assert np.all(np.isfinite(m))
    assert m[0] == pytest.approx(big, rel=1e-15) and m[1] == 0.0


def test_lyapunov_with_large_momentum_is_finite():
    """|m| = 10⁶δ: log cosh(m/δ) overflows if written as is; H stays finite and close to α f + c(|m| − δ log 2 …)."""
    h = lyapunov(0.0, [0.0], [1e6], alpha=1.0, gamma=1.0, weight_decay=1.0, eps=0.0, kernel="log_cosh", delta=1.0)
    assert h == pytest.approx(1e6 - math.log(2.0), rel=1e-15)


def test_lyapunov_with_tiny_momentum_keeps_its_precision():
    """|m| = 1e-8δ: δ log cosh(m/δ) = m²/(2δ) − …, which the form |u| + log1p(e^{−2|u|}) − log 2 would lose."""
    h = lyapunov(0.0, [0.0], [1e-8], alpha=1.0, gamma=1.0, weight_decay=1.0, eps=0.0, kernel="log_cosh", delta=1.0)
    assert h == pytest.approx(0.5e-16, rel=1e-12)
