"""Unit tests for the compositional partial-correlation library: clr, log_ratio_residuals,
residual_partial_correlation and partial_correlations.

The claims of the compositional_pcor family check the same functions against exact rationals; these tests
pin the input validation (one table), a few hand-computed values and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.compositional_pcor.library import (
    clr,
    log_ratio_residuals,
    partial_correlations,
    residual_partial_correlation,
)

GOOD = np.exp(np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 0.0], [2.0, 2.0, 0.0]]))  # ρ₁₂ = √3/2 by hand
WIDE = np.random.default_rng(0).lognormal(size=(20, 5))
ZERO = WIDE.copy()
ZERO[3, 2] = 0.0
NEGATIVE = WIDE.copy()
NEGATIVE[0, 0] = -1.0
NAN = WIDE.copy()
NAN[1, 1] = np.nan
INF = WIDE.copy()
INF[1, 1] = np.inf

# (function, positional arguments, keyword arguments, exception, text the message must contain)
BAD = [
    *[(fn, (x,) + extra, {}, exc, text)
      for fn, extra in ((clr, ()), (partial_correlations, ()), (log_ratio_residuals, (0,)),
                        (residual_partial_correlation, (0, 1)))
      for x, exc, text in (
          ("abc", TypeError, "x"), (None, TypeError, "x"), (True, TypeError, "x"),
          (np.ones((4, 3), dtype=bool), TypeError, "x"), (np.array([["a", "b", "c"]]), TypeError, "x"),
          (np.ones(5), ValueError, "x"), (np.ones((2, 2, 3)), ValueError, "x"), (np.ones((0, 3)), ValueError, "x"),
          (np.ones((5, 2)), ValueError, "x"), (ZERO, ValueError, "x"), (NEGATIVE, ValueError, "x"),
          (NAN, ValueError, "x"), (INF, ValueError, "x"))],
    (partial_correlations, (WIDE[:4],), {}, ValueError, "n ≥ D"),
    (residual_partial_correlation, (WIDE[:4], 0, 1), {}, ValueError, "n ≥ D"),
    (residual_partial_correlation, (WIDE, 0, 0), {}, ValueError, "different"),
    (residual_partial_correlation, (WIDE, 0, 5), {}, ValueError, "j"),
    (residual_partial_correlation, (WIDE, -1, 2), {}, ValueError, "i"),
    (residual_partial_correlation, (WIDE, 0.0, 1), {}, TypeError, "i"),
    (residual_partial_correlation, (WIDE, True, 1), {}, TypeError, "i"),
    (residual_partial_correlation, (WIDE, 0, 1), {"reference": 1}, ValueError, "reference"),
    (residual_partial_correlation, (WIDE, 0, 1), {"reference": 7}, ValueError, "reference"),
    (residual_partial_correlation, (WIDE, 0, 1), {"reference": False}, TypeError, "reference"),
    (log_ratio_residuals, (WIDE, 5), {}, ValueError, "i"),
    (log_ratio_residuals, (WIDE, "0"), {}, TypeError, "i"),
    (log_ratio_residuals, (WIDE, 0), {"reference": 0}, ValueError, "reference"),
    (log_ratio_residuals, (WIDE, 0), {"exclude": (0,)}, ValueError, "exclude"),
    (log_ratio_residuals, (WIDE, 0), {"exclude": (9,)}, ValueError, "exclude"),
    (log_ratio_residuals, (WIDE, 0), {"exclude": 3}, TypeError, "exclude"),
    (log_ratio_residuals, (WIDE, 0), {"exclude": "1"}, TypeError, "exclude"),
    (log_ratio_residuals, (WIDE, 0), {"exclude": (1,), "reference": 1}, ValueError, "reference"),
    (log_ratio_residuals, (WIDE, 0), {"intercept": 1}, TypeError, "intercept"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "text"), BAD,
                         ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, exc, text):
    with pytest.raises(exc, match=text):
        fn(*args, **kwargs)


def test_clr_of_a_geometric_row():
    """clr(1, e, e²) = (−1, 0, 1)."""
    np.testing.assert_allclose(clr(np.exp([[0.0, 1.0, 2.0]])), [[-1.0, 0.0, 1.0]], atol=1e-15)


def test_three_parts_by_hand():
    """Log-ratios to part 3 are (0, 1, 2) and (0, 2, 2): ρ₁₂ = 2/√(2 · 24/9) = √3/2 by both routes."""
    want = math.sqrt(3) / 2
    assert partial_correlations(GOOD)[0, 1] == pytest.approx(want, abs=1e-14)
    assert residual_partial_correlation(GOOD, 0, 1) == pytest.approx(want, abs=1e-14)


def test_uncorrelated_log_ratios_give_zero():
    """Log-ratios (0, 1, 2) and (0, 1, 0) are uncorrelated: ρ₁₂ = 0."""
    x = np.exp(np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 0.0], [2.0, 0.0, 0.0]]))
    assert partial_correlations(x)[0, 1] == pytest.approx(0.0, abs=1e-14)


def test_residual_of_a_three_part_composition_is_the_centred_log_ratio():
    """Full version with D = 3 and i = 0, r = 1: regressed on the intercept and l₃ − l₂."""
    e = log_ratio_residuals(GOOD, 0, reference=2, exclude=(1,))
    np.testing.assert_allclose(e, [-1.0, 0.0, 1.0], atol=1e-14)


def test_matrix_is_symmetric_with_unit_diagonal_and_agrees_with_the_residual_route():
    rho = partial_correlations(WIDE)
    np.testing.assert_array_equal(np.diag(rho), 1.0)
    np.testing.assert_array_equal(rho, rho.T)
    for i, j, r in ((0, 1, 2), (1, 4, 0), (2, 3, 4)):
        assert rho[i, j] == pytest.approx(residual_partial_correlation(WIDE, i, j, reference=r), abs=1e-12)


@pytest.mark.parametrize("exponent", [-300, -150, 150, 300])
def test_extreme_scales_leave_the_values_unchanged(exponent):
    """Each sample multiplied by 10^±300 (different per sample): every log-ratio is unchanged."""
    factors = 10.0 ** (exponent * np.linspace(0.5, 1.0, WIDE.shape[0]))[:, None]
    scaled = WIDE * factors
    np.testing.assert_allclose(partial_correlations(scaled), partial_correlations(WIDE), atol=1e-9)
    assert residual_partial_correlation(scaled, 0, 1) == pytest.approx(residual_partial_correlation(WIDE, 0, 1),
                                                                       abs=1e-9)
    np.testing.assert_allclose(clr(scaled), clr(WIDE), atol=1e-9)


def test_integer_and_list_inputs_are_accepted():
    rho = partial_correlations(np.round(WIDE * 100).astype(int) + 1)
    assert rho.shape == (5, 5)
    assert residual_partial_correlation(GOOD.tolist(), 0, 1) == pytest.approx(math.sqrt(3) / 2, abs=1e-14)
