"""Unit tests for the CS divergence library: gaussian_cs_divergence and kde_cs_divergence.

The claims cs_divergence.library_gaussian, cs_divergence.kde_nonnegative and cs_divergence.kde_consistent check the
same functions against high-precision ground truth; these tests pin hand-computed values, the extreme scales, and
the input validation (one table covering every public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.cs_divergence.library import gaussian_cs_divergence, kde_cs_divergence

# -- hand-computed values ---------------------------------------------------------------------------------------


def test_equal_gaussians_give_zero():
    assert gaussian_cs_divergence(0.3, 2.0, 0.3, 2.0) == pytest.approx(0.0, abs=1e-15)


def test_one_dimensional_witness():
    """N(0, 1/4) against N(2, 1): 4/(5/4) + log((5/4)/(2·1/2)) = 16/5 + log(5/4)."""
    assert gaussian_cs_divergence(0.0, 0.25, 2.0, 1.0) == pytest.approx(3.2 + math.log(1.25), rel=1e-15)


def test_equal_covariances_give_half_the_mahalanobis_distance():
    """Σ₁ = Σ₂ = diag(1, 4), Δ = (2, 2): Δᵀ(2Σ)⁻¹Δ = (4 + 1)/2 = 5/2."""
    cov = np.diag([1.0, 4.0])
    assert gaussian_cs_divergence([0.0, 0.0], cov, [2.0, 2.0], cov) == pytest.approx(2.5, rel=1e-15)


def test_symmetric():
    a = (np.array([0.5, -1.0]), np.array([[2.0, 0.3], [0.3, 1.0]]))
    b = (np.array([1.5, 2.0]), np.array([[0.5, -0.1], [-0.1, 3.0]]))
    assert gaussian_cs_divergence(*a, *b) == pytest.approx(gaussian_cs_divergence(*b, *a), rel=1e-14)


def test_gaussian_at_the_ends_of_the_float_range():
    """(cμ, c²Σ) for c = 1e±150: the same value (4×4 determinants of 1e300-scale entries overflow)."""
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 4))
    s1, s2 = a @ a.T + np.eye(4), np.diag([1.0, 2.0, 3.0, 4.0])
    m1, m2 = rng.normal(size=4), rng.normal(size=4)
    ref = gaussian_cs_divergence(m1, s1, m2, s2)
    for c in (1e-150, 1e150):
        assert gaussian_cs_divergence(c * m1, c * c * s1, c * m2, c * c * s2) == pytest.approx(ref, rel=1e-12)


def test_kde_single_points():
    """One point each at distance δ: the self means are 1, the cross mean e^{−δ²/(2σ²)}: D̂ = δ²/σ²."""
    assert kde_cs_divergence([0.0], [3.0], 1.5) == pytest.approx(4.0, rel=1e-15)


def test_kde_of_identical_samples_is_zero():
    x = np.array([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]])
    assert kde_cs_divergence(x, x, 0.7) == pytest.approx(0.0, abs=1e-14)


def test_kde_far_apart_samples_stay_finite():
    """Samples 1e3σ apart: every cross kernel underflows in float64, the log-space value is δ²/σ² = 1e6."""
    assert kde_cs_divergence([0.0], [1000.0], 1.0) == pytest.approx(1e6, rel=1e-15)


def test_kde_is_scale_free():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(5, 2)), rng.normal(size=(7, 2)) + 1.0
    ref = kde_cs_divergence(x, y, 0.8)
    for c in (1e-200, 1e200):
        assert kde_cs_divergence(c * x, c * y, c * 0.8) == pytest.approx(ref, rel=1e-12)


# -- input validation: one row per bad input, (function, positional args, error, argument) -----------------------

_S = np.eye(2)
_M = np.zeros(2)
BAD_INPUTS = [
    (gaussian_cs_divergence, (None, _S, _M, _S), TypeError, "mu1"),
    (gaussian_cs_divergence, ("ab", _S, _M, _S), TypeError, "mu1"),
    (gaussian_cs_divergence, (True, 1.0, 0.0, 1.0), TypeError, "mu1"),
    (gaussian_cs_divergence, ([1j, 0.0], _S, _M, _S), TypeError, "mu1"),
    (gaussian_cs_divergence, ([float("nan"), 0.0], _S, _M, _S), ValueError, "mu1"),
    (gaussian_cs_divergence, ([], _S, _M, _S), ValueError, "mu1"),
    (gaussian_cs_divergence, (np.zeros((2, 2)), _S, _M, _S), ValueError, "mu1"),
    (gaussian_cs_divergence, (_M, _S, [float("inf"), 0.0], _S), ValueError, "mu2"),
    (gaussian_cs_divergence, (_M, _S, np.zeros(3), _S), ValueError, "mu1 and mu2"),
    (gaussian_cs_divergence, (_M, None, _M, _S), TypeError, "cov1"),
    (gaussian_cs_divergence, (_M, np.eye(3), _M, _S), ValueError, "cov1"),
    (gaussian_cs_divergence, (_M, [[1.0, 0.5], [0.0, 1.0]], _M, _S), ValueError, "cov1"),
    (gaussian_cs_divergence, (_M, -_S, _M, _S), ValueError, "cov1"),
    (gaussian_cs_divergence, (_M, _S, _M, np.zeros((2, 2))), ValueError, "cov2"),
    (gaussian_cs_divergence, (_M, _S, _M, [[True, False], [False, True]]), TypeError, "cov2"),
    (gaussian_cs_divergence, (_M, _S, _M, [[float("nan"), 0.0], [0.0, 1.0]]), ValueError, "cov2"),
    (kde_cs_divergence, (None, [1.0], 1.0), TypeError, "x"),
    (kde_cs_divergence, ([True, False], [1.0], 1.0), TypeError, "x"),
    (kde_cs_divergence, ([], [1.0], 1.0), ValueError, "x"),
    (kde_cs_divergence, ([float("nan")], [1.0], 1.0), ValueError, "x"),
    (kde_cs_divergence, (np.zeros((2, 2, 2)), [1.0], 1.0), ValueError, "x"),
    (kde_cs_divergence, ([1.0], "abc", 1.0), TypeError, "y"),
    (kde_cs_divergence, ([1.0], [float("inf")], 1.0), ValueError, "y"),
    (kde_cs_divergence, (np.zeros((2, 2)), np.zeros((2, 3)), 1.0), ValueError, "dimension"),
    (kde_cs_divergence, ([1.0], [2.0], 0.0), ValueError, "sigma"),
    (kde_cs_divergence, ([1.0], [2.0], -1.0), ValueError, "sigma"),
    (kde_cs_divergence, ([1.0], [2.0], float("nan")), ValueError, "sigma"),
    (kde_cs_divergence, ([1.0], [2.0], float("inf")), ValueError, "sigma"),
    (kde_cs_divergence, ([1.0], [2.0], True), TypeError, "sigma"),
    (kde_cs_divergence, ([1.0], [2.0], None), TypeError, "sigma"),
    (kde_cs_divergence, ([1.0], [2.0], "1"), TypeError, "sigma"),
    (kde_cs_divergence, ([1.0], [2.0], 1j), TypeError, "sigma"),
]


@pytest.mark.parametrize(("fn", "args", "error", "name"), BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, error, name):
    with pytest.raises(error, match=name):
        fn(*args)
