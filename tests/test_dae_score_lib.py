"""Unit tests for the dae_score library: the DAE minimisers, the mixture score and the score estimate.

The claim dae_score.library_scale_free checks the same functions against 30-digit values at scales
1e±160; these tests pin the input validation (one table), a few hand-computed values and the extreme
scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.dae_score.library import (
    empirical_dae_minimiser,
    mixture_dae_minimiser,
    mixture_score,
    score_from_reconstruction,
)

MIX = ([-2.0, 2.0], [1.0, 1.0], [0.5, 0.5])


def test_gaussian_minimiser_is_the_shrinkage_formula():
    """One component N(1, 3²), σ = 4: r*(x) = x + 16(1 − x)/25; at x = 6: 6 − 80/25 = 2.8."""
    assert mixture_dae_minimiser(6.0, 4.0, [1.0], [3.0], [1.0]) == pytest.approx(2.8, rel=1e-15)


def test_symmetric_mixture_fixes_the_antimode_and_has_tanh_score():
    """p ∝ e^{−x²/2} cosh 2x: r*(0) = 0 exactly and the score is −x + 2 tanh 2x."""
    assert mixture_dae_minimiser(0.0, 0.3, *MIX) == 0.0
    x = np.array([-1.5, 0.25, 3.0])
    np.testing.assert_allclose(mixture_score(x, *MIX), -x + 2 * np.tanh(2 * x), rtol=1e-14, atol=1e-15)


def test_smoothed_mixture_identity_by_hand():
    """σ² = 0.21: r* = x + σ²(−x/v + (2/v) tanh(2x/v)), v = 1.21, at x = 1."""
    s2, v = 0.21, 1.21
    want = 1 + s2 * (-1 / v + 2 / v * math.tanh(2 / v))
    assert mixture_dae_minimiser(1.0, math.sqrt(s2), *MIX) == pytest.approx(want, rel=1e-14)


def test_empirical_minimiser_two_samples():
    """Samples 0 and 1, σ = 1, at x = 0: weights 1 and e^{−1/2}, so r̂ = e^{−1/2}/(1 + e^{−1/2})."""
    w = math.exp(-0.5)
    assert empirical_dae_minimiser(0.0, [0.0, 1.0], 1.0) == pytest.approx(w / (1 + w), rel=1e-15)


def test_empirical_minimiser_far_from_the_data_is_the_nearest_sample():
    """At 1000σ from the data the weights underflow without the log domain; here r̂ is the nearest sample."""
    assert empirical_dae_minimiser(1000.0, [0.0, 1.0], 1.0) == pytest.approx(1.0, rel=1e-15)


def test_score_estimate_is_difference_over_sigma_squared():
    assert score_from_reconstruction(1.5, 1.0, 0.5) == 2.0


@pytest.mark.parametrize("c", [1e-160, 1e160])
def test_extreme_scales_are_equivariant(c):
    """Data, σ and x scaled by c: the minimisers scale by c and the scores by 1/c (σ² never formed)."""
    x = 0.7
    base_r = mixture_dae_minimiser(x, 0.4, *MIX)
    scaled = mixture_dae_minimiser(c * x, c * 0.4, [c * m for m in MIX[0]], [c * s for s in MIX[1]], MIX[2])
    assert scaled / c == pytest.approx(base_r, rel=1e-13)
    assert mixture_score(c * x, [c * m for m in MIX[0]], [c * s for s in MIX[1]], MIX[2]) * c == pytest.approx(
        mixture_score(x, *MIX), rel=1e-13)
    assert empirical_dae_minimiser(c * x, [0.0, c], c * 0.5) / c == pytest.approx(
        empirical_dae_minimiser(x, [0.0, 1.0], 0.5), rel=1e-13)
    assert score_from_reconstruction(c * 1.5, c * 1.0, c * 0.5) * c == pytest.approx(2.0, rel=1e-15)


# -- input validation: (function, args, error, argument named) --------------------------------------------
_M, _S, _W = MIX
BAD_INPUTS = [
    (mixture_dae_minimiser, (np.nan, 1.0, _M, _S, _W), ValueError, "x"),
    (mixture_dae_minimiser, ("a", 1.0, _M, _S, _W), TypeError, "x"),
    (mixture_dae_minimiser, (True, 1.0, _M, _S, _W), TypeError, "x"),
    (mixture_dae_minimiser, ([1 + 2j], 1.0, _M, _S, _W), TypeError, "x"),
    (mixture_dae_minimiser, (0.0, 0.0, _M, _S, _W), ValueError, "sigma"),
    (mixture_dae_minimiser, (0.0, -1.0, _M, _S, _W), ValueError, "sigma"),
    (mixture_dae_minimiser, (0.0, math.inf, _M, _S, _W), ValueError, "sigma"),
    (mixture_dae_minimiser, (0.0, True, _M, _S, _W), TypeError, "sigma"),
    (mixture_dae_minimiser, (0.0, "1", _M, _S, _W), TypeError, "sigma"),
    (mixture_dae_minimiser, (0.0, 1.0, [], [], []), ValueError, "means"),
    (mixture_dae_minimiser, (0.0, 1.0, [[0.0]], _S, _W), ValueError, "means"),
    (mixture_dae_minimiser, (0.0, 1.0, _M, [1.0, 0.0], _W), ValueError, "sds"),
    (mixture_dae_minimiser, (0.0, 1.0, _M, _S, [0.5, -0.5]), ValueError, "weights"),
    (mixture_dae_minimiser, (0.0, 1.0, _M, _S, [0.5, np.inf]), ValueError, "weights"),
    (mixture_dae_minimiser, (0.0, 1.0, _M, [1.0], _W), ValueError, "means, sds and weights"),
    (mixture_dae_minimiser, (0.0, 1.0, _M, _S, [True, False]), TypeError, "weights"),
    (mixture_score, (np.inf, _M, _S, _W), ValueError, "x"),
    (mixture_score, (None, _M, _S, _W), TypeError, "x"),
    (mixture_score, (0.0, _M, [-1.0, 1.0], _W), ValueError, "sds"),
    (mixture_score, (0.0, [0.0, np.nan], _S, _W), ValueError, "means"),
    (empirical_dae_minimiser, (0.0, [], 1.0), ValueError, "samples"),
    (empirical_dae_minimiser, (0.0, [[1.0, 2.0]], 1.0), ValueError, "samples"),
    (empirical_dae_minimiser, (0.0, [1.0, np.nan], 1.0), ValueError, "samples"),
    (empirical_dae_minimiser, (0.0, ["a"], 1.0), TypeError, "samples"),
    (empirical_dae_minimiser, ([0.0, [1.0]], [1.0], 1.0), ValueError, "x"),
    (empirical_dae_minimiser, (0.0, [1.0], np.nan), ValueError, "sigma"),
    (empirical_dae_minimiser, (0.0, [1.0], np.bool_(True)), TypeError, "sigma"),
    (score_from_reconstruction, ([1.0, 2.0], [1.0], 1.0), ValueError, "reconstruction"),
    (score_from_reconstruction, (np.nan, 1.0, 1.0), ValueError, "reconstruction"),
    (score_from_reconstruction, (1.0, "x", 1.0), TypeError, "x"),
    (score_from_reconstruction, (1.0, 1.0, 0.0), ValueError, "sigma"),
    (score_from_reconstruction, (1.0, 1.0, None), TypeError, "sigma"),
]


@pytest.mark.parametrize(("fn", "args", "error", "name"), BAD_INPUTS,
                         ids=[f"{f.__name__}-{i}" for i, (f, *_rest) in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, error, name):
    with pytest.raises(error, match=name):
        fn(*args)
