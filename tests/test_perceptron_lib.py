"""Unit tests of the perceptron family's library (theorems/perceptron/library.py and formulas.py)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from claimkit_project.theorems.perceptron import formulas as F
from claimkit_project.theorems.perceptron import library as P

THM51_5 = F.thm51_data(5)
GAUSS_A = np.array([[1.0, 0.2], [0.3, 1.1], [-0.8, -0.9], [-1.2, 0.1]])
GAUSS_Y = np.array([1.0, 1.0, -1.0, -1.0])


def test_public_names_are_exported():
    """Every algorithm of the paper and the helpers a user needs are in __all__."""
    for name in ("lr_gd", "batch_perceptron", "perceptron", "normalized_batch_perceptron", "normalized_lr_gd",
                 "max_margin", "iterations_to_solve", "logistic_loss", "is_separable"):
        assert name in P.__all__


def test_first_lr_step_over_gamma_is_bp_first_step():
    """θ_1/γ of LR+GD equals BP's θ̂_1 = (1/(2n))Σz_i for any γ."""
    for gamma in (1e-3, 1.0, 1e5):
        th1 = P.lr_gd(GAUSS_A, GAUSS_Y, gamma, 1)[1] / gamma
        expected = (GAUSS_A * GAUSS_Y[:, None]).sum(axis=0) / 8
        np.testing.assert_allclose(th1, expected, rtol=1e-13)


def test_lr_gd_matches_a_hand_computed_gradient_step():
    """One LR+GD step from a non-zero θ_0 equals θ_0 + (γ/n)Σσ(−m_i)z_i computed by hand."""
    th0 = np.array([0.3, -0.2])
    Z = GAUSS_A * GAUSS_Y[:, None]
    m = Z @ th0
    expected = th0 + 0.7 / 4 * ((1 / (1 + np.exp(m))) @ Z)
    np.testing.assert_allclose(P.lr_gd(GAUSS_A, GAUSS_Y, 0.7, 1, theta0=th0)[1], expected, rtol=1e-14)


def test_normalized_lr_gd_survives_huge_margins():
    """Normalized LR+GD stays finite where the literal β_t = 1/mean σ overflows (margins ~ 1e5)."""
    its = P.normalized_lr_gd(GAUSS_A, GAUSS_Y, 1e5, 5)
    assert np.all(np.isfinite(its))
    assert P.solves(GAUSS_A, GAUSS_Y, its[-1])


def test_normalized_lr_step_is_weighted_average_of_z():
    """A Normalized LR+GD step has length ≤ γR (a convex combination of the z_i, times γ)."""
    its = P.normalized_lr_gd(GAUSS_A, GAUSS_Y, 2.0, 3)
    R = P.data_radius(GAUSS_A)
    assert all(np.linalg.norm(b - a) <= 2.0 * R + 1e-12 for a, b in zip(its[:-1], its[1:]))


def test_batch_perceptron_exact_on_thm51_data():
    """Exact BP on Thm 5.1's data with n = 5 gives θ̂_1 = (1/4, 3/10) and stops moving once solved."""
    A, y = THM51_5
    its = P.batch_perceptron(A, y, 4, exact=True)
    assert list(its[1]) == [Fraction(1, 4), Fraction(3, 10)]
    assert P.solves(A, y, its[2], exact=True)
    assert list(its[3]) == list(its[2])


def test_bp_counts_agree_in_float_and_exact_arithmetic():
    """BP's iteration count on Thm 5.1's data is the same in float64 and in Fractions, and follows the formula."""
    for n in (3, 7, 20, 55):
        A, y = F.thm51_data(n)
        assert (P.iterations_to_solve("bp", A, y) == P.iterations_to_solve("bp", A, y, exact=True)
                == F.thm51_bp_iterations(n))


def test_perceptron_on_orthonormal_basis_takes_d_updates():
    """The Perceptron from 0 on z_i = e_i needs exactly d iterations, for every pick rule."""
    A, y = np.eye(4), np.ones(4)
    for pick in ("first", "last", "worst", "best"):
        assert P.iterations_to_solve("perceptron", A, y, pick=pick) == 4


def test_perceptron_accepts_a_callable_pick_rule():
    """A callable pick rule receives the margins and the misclassified indices."""
    seen = []

    def rule(m, S):
        seen.append(list(S))
        return S[-1]

    its = P.perceptron(np.eye(2), np.ones(2), 2, pick=rule)
    assert seen and its.shape == (3, 2)


def test_nbp_first_step_is_mean_of_z():
    """NBP's first step (all margins 0) is the plain mean of the z_i."""
    its = P.normalized_batch_perceptron(GAUSS_A, GAUSS_Y, 1)
    np.testing.assert_allclose(its[1], (GAUSS_A * GAUSS_Y[:, None]).mean(axis=0))


def test_max_margin_known_case():
    """μ of Thm 5.1's dataset is 1/2 with maximiser (1, 0)."""
    mu, w = P.max_margin(*THM51_5)
    assert abs(mu - 0.5) < 1e-8
    np.testing.assert_allclose(w, [1.0, 0.0], atol=1e-7)


def test_max_margin_two_points():
    """For z_1 = (1, 0), z_2 = (0, 1) the margin is 1/√2 along (1, 1)/√2."""
    mu, w = P.max_margin(np.eye(2), np.ones(2))
    assert abs(mu - 1 / math.sqrt(2)) < 1e-8
    np.testing.assert_allclose(w, [1 / math.sqrt(2)] * 2, atol=1e-7)


def test_logistic_loss_is_stable_for_large_margins():
    """f(θ) is finite and ≈ γ·slope for huge negative margins (log-add-exp, no overflow)."""
    th = np.array([0.0, -1e6])
    f = P.logistic_loss([[0.0, 1.0]], [1], th)
    assert math.isfinite(f) and abs(f - 1e6) < 1e-6


def test_lr_and_normalized_counts_reproduce_table1_row_at_n_1000():
    """At n = 1000 the float64 counts are Table 1's first row."""
    A, y = F.thm51_data(1000)
    assert [P.iterations_to_solve("normalized_lr", A, y, gamma=g) for g in (100, 10, 1)] == [2, 2, 16]
    assert P.iterations_to_solve("lr", A, y, gamma=100) == 308


def test_labels_must_be_plus_minus_one():
    """0/1 labels are rejected with a message naming the bad values."""
    with pytest.raises(ValueError, match="−1 or \\+1"):
        P.lr_gd(GAUSS_A, [0, 1, 1, 0], 1.0, 1)


def test_shape_mismatch_is_reported():
    """A label count different from the number of rows is an error."""
    with pytest.raises(ValueError, match="rows but y has"):
        P.batch_perceptron(GAUSS_A, [1, -1], 2)


def test_one_dimensional_A_is_rejected():
    """A must be two-dimensional."""
    with pytest.raises(ValueError, match=r"shape \(n, d\)"):
        P.lr_gd([1.0, 2.0], [1, 1], 1.0, 1)


def test_non_finite_data_is_rejected():
    """NaN in A is an error."""
    with pytest.raises(ValueError, match="finite"):
        P.lr_gd([[np.nan, 1.0]], [1], 1.0, 1)


@pytest.mark.parametrize("gamma", [0.0, -1.0, math.inf, math.nan])
def test_step_size_must_be_positive_and_finite(gamma):
    """γ ≤ 0, infinite or NaN is rejected."""
    with pytest.raises(ValueError, match="step size"):
        P.lr_gd(GAUSS_A, GAUSS_Y, gamma, 1)


def test_non_separable_data_is_rejected_where_separability_is_required():
    """Counting iterations and computing μ need separable data: XOR-like labels raise."""
    A, y = [[1.0, 0.0], [-1.0, 0.0]], [1, 1]
    assert not P.is_separable(A, y)
    with pytest.raises(ValueError, match="not separable"):
        P.iterations_to_solve("bp", A, y)
    with pytest.raises(ValueError, match="not separable"):
        P.max_margin(A, y)


def test_exact_arithmetic_is_refused_for_lr():
    """LR+GD involves exp(): exact=True is refused with a clear message."""
    with pytest.raises(ValueError, match="exact arithmetic"):
        P.iterations_to_solve("lr", GAUSS_A, GAUSS_Y, gamma=1.0, exact=True)


def test_unknown_method_and_missing_gamma():
    """An unknown method name, or LR without γ, is an error."""
    with pytest.raises(ValueError, match="method must be one of"):
        P.iterations_to_solve("svm", GAUSS_A, GAUSS_Y)
    with pytest.raises(ValueError, match="needs a step size"):
        P.iterations_to_solve("lr", GAUSS_A, GAUSS_Y)


def test_theta0_shape_is_checked():
    """θ_0 of the wrong length is rejected."""
    with pytest.raises(ValueError, match="θ_0 must have shape"):
        P.lr_gd(GAUSS_A, GAUSS_Y, 1.0, 1, theta0=[1.0, 2.0, 3.0])


def test_unknown_pick_rule_is_rejected():
    """The Perceptron's pick rule must be a known name or a callable."""
    with pytest.raises(ValueError, match="pick must be one of"):
        P.perceptron(GAUSS_A, GAUSS_Y, 2, pick="random")


def test_limit_recursion_gives_ties_half_weight():
    """On z_1 = (1, 0), z_2 = (−1, 1) the γ → ∞ limit differs from BP at t = 2 (tie weight 1/2 vs 1)."""
    A, y = [[1, 0], [-1, 1]], [1, 1]
    assert list(F.lr_limit_iterates(A, y, 2)[2]) == [Fraction(1, 4), Fraction(1, 4)]
    assert list(F.bp_exact(A, y, 2)[2]) == [Fraction(1, 2), Fraction(1, 4)]


def test_thm51_tie_condition():
    """Ties on Thm 5.1's data occur exactly for n ≡ 6 (mod 10)."""
    assert [n for n in range(3, 40) if F.thm51_has_tie(n)] == [6, 16, 26, 36]
