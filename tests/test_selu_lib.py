"""Unit tests for the SELU library: selu, selu_moments, selu_map, selu_jacobian, selu_parameters, alpha_dropout and
alpha_dropout_affine.

The claims selu.library_* check the same functions against quadrature, 40-digit values and exact roots; these
tests pin hand-computed values, the input validation (one table) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.selu.library import (
    ALPHA01,
    LAMBDA01,
    SATURATION01,
    alpha_dropout,
    alpha_dropout_affine,
    selu,
    selu_jacobian,
    selu_map,
    selu_moments,
    selu_parameters,
)

# -- hand-computed values ----------------------------------------------------------------------------------


def test_selu_at_hand_points():
    """selu(1) = λ01, selu(0) = 0, selu(−1) = λ01α01(1/e − 1); a list keeps its shape; the saturation is −λ01α01."""
    assert selu(1.0) == LAMBDA01
    assert selu(0.0) == 0.0
    assert selu(-1.0) == pytest.approx(LAMBDA01 * ALPHA01 * (math.exp(-1.0) - 1.0), rel=1e-15)
    np.testing.assert_array_equal(selu([[2.0], [0.0]]), [[2.0 * LAMBDA01], [0.0]])
    assert selu(-800.0) == SATURATION01 == -1.7580993408473766


def test_selu_with_other_constants():
    """ELU is selu with α = λ = 1: selu(−2) = e⁻² − 1."""
    assert selu(-2.0, alpha=1.0, scale=1.0) == pytest.approx(math.expm1(-2.0), rel=1e-15)


def test_moments_at_the_fixed_point():
    """z ~ N(0, 1) with (α01, λ01): mean 0, second moment 1, variance 1."""
    mean, second, var = selu_moments(0.0, 1.0)
    assert abs(mean) < 1e-15
    assert second == pytest.approx(1.0, abs=2e-15)
    assert var == pytest.approx(1.0, abs=2e-15)


def test_moments_of_the_identity_part():
    """A mean far above 0 (z > 0 almost surely): E selu = λm, Var = λ²v."""
    mean, _, var = selu_moments(40.0, 1.0)
    assert mean == pytest.approx(40.0 * LAMBDA01, rel=1e-14)
    assert var == pytest.approx(LAMBDA01**2, rel=1e-12)


def test_map_passes_mu_omega_and_nu_tau():
    """g(μ, ν; ω, τ) equals the moments at (μω, ντ); (0, 1) is fixed at τ = 1 for any ω."""
    assert selu_map(0.5, 2.0, 0.2, 1.5) == pytest.approx(selu_moments(0.1, 3.0)[::2], rel=1e-15)
    for omega in (-3.0, 0.0, 0.7):
        mean, var = selu_map(0.0, 1.0, omega, 1.0)
        assert abs(mean) < 1e-15 and var == pytest.approx(1.0, abs=2e-15)


def test_jacobian_at_the_fixed_point():
    """At (0, 1), ω = 0, τ = 1: first column 0; ∂μ̃/∂ν = 0.0888347551068901, ∂ν̃/∂ν = 0.7826478831968128 (30-digit
    values); spectral norm 0.787673360465716."""
    jac = selu_jacobian(0.0, 1.0)
    assert jac[0, 0] == 0.0 and jac[1, 0] == 0.0
    assert jac[0, 1] == pytest.approx(0.08883475510689012, rel=1e-13)
    assert jac[1, 1] == pytest.approx(0.7826478831968128, rel=1e-13)
    assert np.linalg.norm(jac, 2) == pytest.approx(0.7876733604657156, rel=1e-13)


def test_parameters_defaults_release_and_normalized():
    """Defaults give (α01, λ01); ω = τ = 1 gives the release notebook's (−0.1, 2) output; the normalized weights
    give the root for z ~ N(0, 2)."""
    assert selu_parameters() == pytest.approx((ALPHA01, LAMBDA01), rel=2e-15)
    assert selu_parameters(-0.1, 2.0, omega=1.0, tau=1.0) == pytest.approx((1.9769021954242014, 1.073851239616046),
                                                                           rel=1e-14)
    alpha, lam = selu_parameters(-0.1, 2.0)
    assert (alpha, lam) == pytest.approx((2.32699077881934, 0.982180433795927), rel=1e-13)
    assert selu_map(-0.1, 2.0, 0.0, 1.0, alpha=alpha, scale=lam) == pytest.approx((-0.1, 2.0), rel=1e-12)


def test_parameters_without_solution():
    """A large mean with a small variance has no SELU fixed point: a ValueError naming mean, var."""
    with pytest.raises(ValueError, match="mean, var"):
        selu_parameters(2.0, 0.01, omega=1.0)


def test_dropout_affine_by_hand():
    """rate 0: (1, 0). rate ½, mean 0, var 1, dropped −1: a = 1/√(½·(1 + ½)), b = a/2."""
    assert alpha_dropout_affine(0.0) == (1.0, 0.0)
    a, b = alpha_dropout_affine(0.5, mean=0.0, var=1.0, dropped=-1.0)
    assert a == pytest.approx(1.0 / math.sqrt(0.75), rel=1e-15)
    assert b == pytest.approx(a / 2, rel=1e-15)


def test_dropout_keeps_rate_zero_and_drops_to_the_saturation():
    """rate 0 returns x unchanged; dropped units become a·(−λ01α01) + b; a seed and a Generator agree."""
    x = np.linspace(-1.0, 1.0, 50)
    np.testing.assert_array_equal(alpha_dropout(x, 0.0, rng=3), x)
    y = alpha_dropout(x, 0.4, rng=3)
    a, b = alpha_dropout_affine(0.4)
    dropped = y[np.abs(y - (a * x + b)) > 1e-12]
    assert dropped.size > 0 and np.all(dropped == a * SATURATION01 + b)
    np.testing.assert_array_equal(y, alpha_dropout(x, 0.4, rng=np.random.default_rng(3)))


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

NAN, INF = float("nan"), float("inf")
BAD_INPUTS = [
    # selu
    (selu, (NAN,), {}, ValueError, "x"),
    (selu, ([1.0, INF],), {}, ValueError, "x"),
    (selu, (np.zeros(0),), {}, ValueError, "x"),
    (selu, ([[1.0], [1.0, 2.0]],), {}, ValueError, "x"),
    (selu, (True,), {}, TypeError, "x"),
    (selu, ([True, False],), {}, TypeError, "x"),
    (selu, ("1.0",), {}, TypeError, "x"),
    (selu, (None,), {}, TypeError, "x"),
    (selu, (1j,), {}, TypeError, "x"),
    (selu, (1.75e308,), {}, ValueError, "x"),
    (selu, (1.0,), {"alpha": 0.0}, ValueError, "alpha"),
    (selu, (1.0,), {"alpha": NAN}, ValueError, "alpha"),
    (selu, (1.0,), {"alpha": True}, TypeError, "alpha"),
    (selu, (1.0,), {"scale": -1.0}, ValueError, "scale"),
    (selu, (1.0,), {"scale": "2"}, TypeError, "scale"),
    # selu_moments
    (selu_moments, (NAN, 1.0), {}, ValueError, "mean"),
    (selu_moments, (True, 1.0), {}, TypeError, "mean"),
    (selu_moments, ([0.0], 1.0), {}, TypeError, "mean"),
    (selu_moments, (0.0, 0.0), {}, ValueError, "var"),
    (selu_moments, (0.0, -1.0), {}, ValueError, "var"),
    (selu_moments, (0.0, INF), {}, ValueError, "var"),
    (selu_moments, (0.0, None), {}, TypeError, "var"),
    (selu_moments, (0.0, 1.0), {"alpha": -1.0}, ValueError, "alpha"),
    (selu_moments, (0.0, 1.0), {"scale": INF}, ValueError, "scale"),
    # selu_map
    (selu_map, (INF, 1.0), {}, ValueError, "mu"),
    (selu_map, ("0", 1.0), {}, TypeError, "mu"),
    (selu_map, (0.0, 0.0), {}, ValueError, "nu"),
    (selu_map, (0.0, np.bool_(True)), {}, TypeError, "nu"),
    (selu_map, (0.0, 1.0, NAN), {}, ValueError, "omega"),
    (selu_map, (0.0, 1.0, False), {}, TypeError, "omega"),
    (selu_map, (0.0, 1.0, 0.0, 0.0), {}, ValueError, "tau"),
    (selu_map, (0.0, 1.0, 0.0, -2.0), {}, ValueError, "tau"),
    (selu_map, (0.0, 1.0), {"alpha": 0.0}, ValueError, "alpha"),
    (selu_map, (0.0, 1.0), {"scale": False}, TypeError, "scale"),
    # selu_jacobian
    (selu_jacobian, (NAN, 1.0), {}, ValueError, "mu"),
    (selu_jacobian, (0.0, -1.0), {}, ValueError, "nu"),
    (selu_jacobian, (0.0, 1.0, INF), {}, ValueError, "omega"),
    (selu_jacobian, (0.0, 1.0, 0.0, 0.0), {}, ValueError, "tau"),
    (selu_jacobian, (0.0, 1.0, 0.0, True), {}, TypeError, "tau"),
    (selu_jacobian, (0.0, 1.0), {"alpha": "a"}, TypeError, "alpha"),
    (selu_jacobian, (0.0, 1.0), {"scale": 0.0}, ValueError, "scale"),
    # selu_parameters
    (selu_parameters, (NAN, 1.0), {}, ValueError, "mean"),
    (selu_parameters, (True, 1.0), {}, TypeError, "mean"),
    (selu_parameters, (0.0, 0.0), {}, ValueError, "var"),
    (selu_parameters, (0.0, INF), {}, ValueError, "var"),
    (selu_parameters, (0.0, 1.0), {"omega": NAN}, ValueError, "omega"),
    (selu_parameters, (0.0, 1.0), {"omega": "0"}, TypeError, "omega"),
    (selu_parameters, (0.0, 1.0), {"tau": 0.0}, ValueError, "tau"),
    (selu_parameters, (0.0, 1.0), {"tau": None}, TypeError, "tau"),
    # alpha_dropout_affine
    (alpha_dropout_affine, (-0.1,), {}, ValueError, "rate"),
    (alpha_dropout_affine, (1.0,), {}, ValueError, "rate"),
    (alpha_dropout_affine, (NAN,), {}, ValueError, "rate"),
    (alpha_dropout_affine, (True,), {}, TypeError, "rate"),
    (alpha_dropout_affine, (0.2,), {"mean": INF}, ValueError, "mean"),
    (alpha_dropout_affine, (0.2,), {"var": 0.0}, ValueError, "var"),
    (alpha_dropout_affine, (0.2,), {"var": "1"}, TypeError, "var"),
    (alpha_dropout_affine, (0.2,), {"dropped": NAN}, ValueError, "dropped"),
    (alpha_dropout_affine, (0.2,), {"dropped": None}, TypeError, "dropped"),
    # alpha_dropout
    (alpha_dropout, ([NAN, 1.0], 0.2), {"rng": 0}, ValueError, "x"),
    (alpha_dropout, (np.zeros((0, 3)), 0.2), {"rng": 0}, ValueError, "x"),
    (alpha_dropout, ([True], 0.2), {"rng": 0}, TypeError, "x"),
    (alpha_dropout, ("abc", 0.2), {"rng": 0}, TypeError, "x"),
    (alpha_dropout, ([1.0], 1.5), {"rng": 0}, ValueError, "rate"),
    (alpha_dropout, ([1.0], "0.2"), {"rng": 0}, TypeError, "rate"),
    (alpha_dropout, ([1.0], 0.2), {"rng": None}, TypeError, "rng"),
    (alpha_dropout, ([1.0], 0.2), {"rng": 1.5}, TypeError, "rng"),
    (alpha_dropout, ([1.0], 0.2), {"rng": True}, TypeError, "rng"),
    (alpha_dropout, ([1.0], 0.2), {"rng": -1}, ValueError, "rng"),
    (alpha_dropout, ([1.0], 0.2), {"rng": 0, "mean": NAN}, ValueError, "mean"),
    (alpha_dropout, ([1.0], 0.2), {"rng": 0, "var": -1.0}, ValueError, "var"),
    (alpha_dropout, ([1.0], 0.2), {"rng": 0, "dropped": INF}, ValueError, "dropped"),
    (alpha_dropout, ([1.5e308] * 50, 0.9), {"rng": 0}, ValueError, "x"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, ragged, type, boolean, out of range, overflow) raises an error naming it."""
    with pytest.raises(error, match=rf"\b{argument}\b"):
        function(*args, **kwargs)


# -- extreme scales ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("x", [1e-300, 1e-20, 1e300, -1e-300, -1e-20, -1e300])
def test_selu_at_extreme_scales(x):
    """Full relative accuracy for tiny negative x (expm1) and finite values up to 1e300."""
    want = LAMBDA01 * x if x > 0 else LAMBDA01 * ALPHA01 * math.expm1(x)
    assert selu(x) == pytest.approx(want, rel=4e-16)


@pytest.mark.parametrize("var", [2e3, 1e6, 1e10])
def test_moments_stay_finite_for_large_variances(var):
    """For large v the variance tends to λ²v(π − 1)/(2π) (the positive half dominates); no overflow, where the
    release's e^{m + v/2}·erfc(·) gives NaN from v ≈ 1400 on."""
    mean, second, variance = selu_moments(0.0, var)
    assert all(math.isfinite(t) for t in (mean, second, variance))
    assert variance / (LAMBDA01**2 * var) == pytest.approx((math.pi - 1) / (2 * math.pi), rel=3 / math.sqrt(var))


def test_moments_for_tiny_variances():
    """v = 1e-8 at m = 0: the mean is λ√v(1 − α)/√(2π) to leading order (relative 1e-4 from the next term)."""
    mean, _, var = selu_moments(0.0, 1e-8)
    assert mean == pytest.approx(LAMBDA01 * 1e-4 * (1 - ALPHA01) / math.sqrt(2 * math.pi), rel=1e-3)
    assert var > 0


@pytest.mark.parametrize("exponent", [-150, -50, 50, 150])
def test_dropout_is_scale_covariant(exponent):
    """alpha_dropout(cx; cμ, c²ν, cα′) = c·alpha_dropout(x; μ, ν, α′) with the same seed, c = 10^e."""
    c = 10.0**exponent
    x = np.linspace(-2.0, 2.0, 40)
    base = alpha_dropout(x, 0.3, rng=5, mean=0.2, var=1.5, dropped=-1.7)
    scaled = alpha_dropout(c * x, 0.3, rng=5, mean=0.2 * c, var=1.5 * c * c, dropped=-1.7 * c)
    np.testing.assert_allclose(scaled / c, base, rtol=1e-13, atol=1e-13)


def test_dropout_affine_far_from_the_mean():
    """var = 1e300 and a dropped value 1e300 away: a = (q(1 + (1 − q)d²))^{−1/2} stays finite (the release's
    (α′ − μ)² overflows)."""
    a, b = alpha_dropout_affine(0.5, mean=0.0, var=1e300, dropped=-1e300)
    assert math.isfinite(a) and math.isfinite(b) and a > 0
    assert a == pytest.approx(1.0 / math.sqrt(0.5 * (1 + 0.5 * 1e150**2)), rel=1e-14)
