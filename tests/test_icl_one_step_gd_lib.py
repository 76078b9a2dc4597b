"""Unit tests for the icl_one_step_gd library: input validation (one table), hand-computed values and extreme
scales. The family's claims check the same functions against exact moments, quadrature and simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.icl_one_step_gd import library as L

X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
Y = np.array([1.0, -2.0, 0.5])
XQ = np.array([1.0, -1.0])
W = np.eye(3)
S = np.eye(2)

BAD = [
    # (function, args, kwargs-override index, bad value, error type, argument name)
    (L.lsa_predict, (X, Y, XQ, W, W), 0, np.array([1.0, 2.0]), ValueError, "prompt_x"),
    (L.lsa_predict, (X, Y, XQ, W, W), 1, np.array([1.0, np.nan, 0.0]), ValueError, "prompt_y"),
    (L.lsa_predict, (X, Y, XQ, W, W), 2, np.array([1.0, 2.0, 3.0]), ValueError, "x_query"),
    (L.lsa_predict, (X, Y, XQ, W, W), 3, np.eye(2), ValueError, "w_pv"),
    (L.lsa_predict, (X, Y, XQ, W, W), 4, np.full((3, 3), np.inf), ValueError, "w_kq"),
    (L.lsa_predict, (X, Y, XQ, W, W), 0, np.zeros((0, 2)), ValueError, "prompt_x"),
    (L.lsa_predict, (X, Y, XQ, W, W), 0, np.ones((3, 2), dtype=bool), TypeError, "prompt_x"),
    (L.one_step_gd_predict, (X, Y, XQ, 0.5), 3, True, TypeError, "gamma"),
    (L.one_step_gd_predict, (X, Y, XQ, 0.5), 3, math.nan, ValueError, "gamma"),
    (L.one_step_gd_predict, (X, Y, XQ, 0.5), 3, np.eye(3), ValueError, "gamma"),
    (L.one_step_gd_predict, (X, Y, XQ, 0.5), 1, "abc", TypeError, "prompt_y"),
    (L.ridge_predict, (X, Y, XQ, S, 0.25), 3, np.array([[1.0, 2.0], [0.0, 1.0]]), ValueError, "sigma_w"),
    (L.ridge_predict, (X, Y, XQ, S, 0.25), 3, -np.eye(2), ValueError, "sigma_w"),
    (L.ridge_predict, (X, Y, XQ, S, 0.25), 4, 0.0, ValueError, "noise_var"),
    (L.ridge_predict, (X, Y, XQ, S, 0.25), 4, False, TypeError, "noise_var"),
    (L.optimal_step_size, (10, 3, 0.25), 0, 0, ValueError, "n"),
    (L.optimal_step_size, (10, 3, 0.25), 0, 10.0, TypeError, "n"),
    (L.optimal_step_size, (10, 3, 0.25), 1, True, TypeError, "d"),
    (L.optimal_step_size, (10, 3, 0.25), 2, -1.0, ValueError, "noise_var"),
    (L.optimal_step_size, (10, 3, 0.25), 2, math.inf, ValueError, "noise_var"),
    (L.optimal_preconditioner, (10, S, S, 0.25), 1, np.eye(3)[:2], ValueError, "sigma"),
    (L.optimal_preconditioner, (10, S, S, 0.25), 2, np.eye(3), ValueError, "sigma_w"),
    (L.optimal_preconditioner, (10, S, S, 0.25), 3, math.nan, ValueError, "noise_var"),
    (L.optimal_preconditioner, (10, S, S, 0.25), 0, None, TypeError, "n"),
    (L.one_step_risk, (0.5, 10, S, S, 0.25), 0, np.eye(3), ValueError, "gamma"),
    (L.one_step_risk, (0.5, 10, S, S, 0.25), 0, math.inf, ValueError, "gamma"),
    (L.one_step_risk, (0.5, 10, S, S, 0.25), 2, np.array([[1.0, np.nan], [np.nan, 1.0]]), ValueError, "sigma"),
    (L.wishart_fourth_moment, (S, S, 5), 0, np.array([[1.0, 2.0], [0.0, 1.0]]), ValueError, "a"),
    (L.wishart_fourth_moment, (S, S, 5), 0, np.eye(3), ValueError, "a"),
    (L.wishart_fourth_moment, (S, S, 5), 2, 0, ValueError, "n"),
    (L.wishart_fourth_moment, (S, S, 5), 2, True, TypeError, "n"),
]


@pytest.mark.parametrize(("fn", "args", "index", "bad", "error", "name"), BAD,
                         ids=[f"{b[0].__name__}-{b[5]}-{i}" for i, b in enumerate(BAD)])
def test_bad_inputs_name_the_argument(fn, args, index, bad, error, name):
    """Every public function rejects a bad argument with the right error, naming it."""
    call = list(args)
    call[index] = bad
    with pytest.raises(error, match=name):
        fn(*call)


def test_one_step_by_hand():
    """g = (1/3)Σ y_i x_i = (1/3)(1.5, −3.5); x_qᵀ g = 5/3; with η = 0.6 the prediction is 1."""
    assert L.one_step_gd_predict(X, Y, XQ, 0.6) == pytest.approx(1.0, rel=1e-15)
    assert L.one_step_gd_predict(X, Y, XQ, 0.6 * np.eye(2)) == pytest.approx(1.0, rel=1e-15)


def test_lsa_with_gd_weights_is_one_step():
    """c = 1, A = ηI, other blocks 0: the LSA prediction is the one-step prediction."""
    pv, kq = np.zeros((3, 3)), np.zeros((3, 3))
    pv[2, 2] = 1.0
    kq[:2, :2] = 0.6 * np.eye(2)
    assert L.lsa_predict(X, Y, XQ, pv, kq) == pytest.approx(1.0, rel=1e-14)


def test_optimal_step_and_risk_by_hand():
    """(n, d, σ²) = (10, 3, 1/4): η* = 40/57 and R(η*) = d + σ² − dη* = 3.25 − 120/57."""
    assert L.optimal_step_size(10, 3, 0.25) == pytest.approx(40 / 57, rel=1e-15)
    risk = L.one_step_risk(40 / 57, 10, np.eye(3), np.eye(3), 0.25)
    assert risk == pytest.approx(3.25 - 120 / 57, rel=1e-13)
    assert L.optimal_preconditioner(10, np.eye(3), np.eye(3), 0.25) == pytest.approx(40 / 57 * np.eye(3), rel=1e-14)


def test_wishart_moment_by_hand():
    """Σ = I, A = I, d = 2, n = 1: E[(xxᵀ)²] = E[‖x‖² xxᵀ] = (d + 2) I = 4I."""
    assert L.wishart_fourth_moment(np.eye(2), np.eye(2), 1) == pytest.approx(4 * np.eye(2), rel=1e-15)


def test_ridge_by_hand():
    """One sample x = (1, 0), y = 2, σ² = 1, Σ_w = I: ŵ = (1, 0), so the query (3, 5) predicts 3."""
    assert L.ridge_predict([[1.0, 0.0]], [2.0], [3.0, 5.0], np.eye(2), 1.0) == pytest.approx(3.0, rel=1e-15)


@pytest.mark.parametrize("scale", [1e-150, 1e150])
def test_extreme_scales(scale):
    """Predictions are homogeneous: scaling y scales one step, LSA and ridge; η* tends to 1 as n grows."""
    base = L.one_step_gd_predict(X, Y, XQ, 0.6)
    assert L.one_step_gd_predict(X, Y * scale, XQ, 0.6) == pytest.approx(base * scale, rel=1e-14)
    pv, kq = np.zeros((3, 3)), np.zeros((3, 3))
    pv[2, 2] = 1.0
    kq[:2, :2] = 0.6 * np.eye(2)
    assert L.lsa_predict(X, Y * scale, XQ, pv, kq) == pytest.approx(base * scale, rel=1e-14)
    r = L.ridge_predict(X, Y, XQ, np.eye(2), 0.5)
    assert L.ridge_predict(X, Y * scale, XQ, np.eye(2), 0.5) == pytest.approx(r * scale, rel=1e-13)
    assert L.optimal_step_size(10**12, 3, 0.25) == pytest.approx(1.0, abs=1e-11)
