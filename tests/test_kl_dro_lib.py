"""Unit tests for the kl_dro library: kl_dro_value, kl_dro_weights, kl_constrained_dro, reverse_kl_dro and
ldr_kl_loss.

The kl_dro claims check the same functions against solvers and mpmath; these tests pin the input
validation (one table), a few values computed by hand, and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.kl_dro.library import (
    ConstrainedDRO,
    kl_constrained_dro,
    kl_dro_value,
    kl_dro_weights,
    ldr_kl_loss,
    reverse_kl_dro,
)

NAN, INF = float("nan"), float("inf")
GOOD = [0.5, -1.0, 2.0]

BAD_INPUTS = [
    # (function, args, error, argument named in the message)
    *[(f, args, err, name) for f in (kl_dro_value, kl_dro_weights, reverse_kl_dro) for args, err, name in [
        (([0.0, NAN], 1.0), ValueError, "losses"),
        (([0.0, INF], 1.0), ValueError, "losses"),
        (([], 1.0), ValueError, "losses"),
        (([[0.0, 1.0]], 1.0), ValueError, "losses"),
        (("abc", 1.0), TypeError, "losses"),
        (([True, False], 1.0), TypeError, "losses"),
        ((3.0, 1.0), TypeError, "losses"),
        ((GOOD, 0.0), ValueError, "tau"),
        ((GOOD, -1.0), ValueError, "tau"),
        ((GOOD, NAN), ValueError, "tau"),
        ((GOOD, INF), ValueError, "tau"),
        ((GOOD, True), TypeError, "tau"),
        ((GOOD, "1"), TypeError, "tau"),
    ]],
    (kl_constrained_dro, ([0.0, NAN], 0.5), ValueError, "losses"),
    (kl_constrained_dro, ([], 0.5), ValueError, "losses"),
    (kl_constrained_dro, ([True, False], 0.5), TypeError, "losses"),
    (kl_constrained_dro, (GOOD, 0.0), ValueError, "rho"),
    (kl_constrained_dro, (GOOD, -0.1), ValueError, "rho"),
    (kl_constrained_dro, (GOOD, NAN), ValueError, "rho"),
    (kl_constrained_dro, (GOOD, INF), ValueError, "rho"),
    (kl_constrained_dro, (GOOD, False), TypeError, "rho"),
    (kl_constrained_dro, (GOOD, None), TypeError, "rho"),
    (ldr_kl_loss, ([0.0], 0, 1.0), ValueError, "scores"),
    (ldr_kl_loss, ([0.0, NAN], 0, 1.0), ValueError, "scores"),
    (ldr_kl_loss, ([0.0, INF], 0, 1.0), ValueError, "scores"),
    (ldr_kl_loss, ([[0.0, 1.0]], 0, 1.0), ValueError, "scores"),
    (ldr_kl_loss, ([True, False], 0, 1.0), TypeError, "scores"),
    (ldr_kl_loss, (GOOD, 3, 1.0), ValueError, "label"),
    (ldr_kl_loss, (GOOD, -1, 1.0), ValueError, "label"),
    (ldr_kl_loss, (GOOD, 1.0, 1.0), TypeError, "label"),
    (ldr_kl_loss, (GOOD, True, 1.0), TypeError, "label"),
    (ldr_kl_loss, (GOOD, 0, 0.0), ValueError, "lam"),
    (ldr_kl_loss, (GOOD, 0, NAN), ValueError, "lam"),
    (ldr_kl_loss, (GOOD, 0, True), TypeError, "lam"),
    (ldr_kl_loss, (GOOD, 0, 1.0, -0.5), ValueError, "margin"),
    (ldr_kl_loss, (GOOD, 0, 1.0, INF), ValueError, "margin"),
    (ldr_kl_loss, (GOOD, 0, 1.0, "1"), TypeError, "margin"),
]


@pytest.mark.parametrize("function, args, error, argument", BAD_INPUTS,
                         ids=[f"{f.__name__}-{i}" for i, (f, *_rest) in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(function, args, error, argument):
    with pytest.raises(error, match=argument):
        function(*args)


def test_value_and_weights_by_hand():
    """ℓ = (0, log 3), τ = 1: the value is log((1 + 3)/2) = log 2, the weights (1/4, 3/4)."""
    ell = [0.0, math.log(3.0)]
    assert kl_dro_value(ell, 1.0) == pytest.approx(math.log(2.0), rel=1e-15)
    np.testing.assert_allclose(kl_dro_weights(ell, 1.0), [0.25, 0.75], rtol=1e-15)


def test_constrained_active_by_hand():
    """Two losses (1, 0) and ρ = KL((3/4, 1/4)‖u): τ* = 1/log 3, value 3/4, weights (3/4, 1/4)."""
    rho = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    res = kl_constrained_dro([1.0, 0.0], rho)
    assert isinstance(res, ConstrainedDRO)
    assert res.tau == pytest.approx(1.0 / math.log(3.0), rel=1e-12)
    assert res.value == pytest.approx(0.75, rel=1e-12)
    np.testing.assert_allclose(res.weights, [0.75, 0.25], rtol=1e-12)


def test_constrained_inactive_counts_ties():
    """(1, 1, 0) with ρ = log(3/2): inactive (two tied largest losses); value 1, τ* = 0, weights (½, ½, 0)."""
    res = kl_constrained_dro([1.0, 1.0, 0.0], math.log(1.5))
    assert (res.value, res.tau) == (1.0, 0.0)
    np.testing.assert_array_equal(res.weights, [0.5, 0.5, 0.0])
    assert kl_constrained_dro([1.0, 1.0, 0.0], 0.9 * math.log(1.5)).tau > 0


def test_reverse_kl_by_hand():
    """ℓ = (0, 1), τ = 1: μ = 1 + 1/√2, weights (1 − √2/2, √2/2)."""
    res = reverse_kl_dro([0.0, 1.0], 1.0)
    r = math.sqrt(2.0) / 2
    assert res.mu == pytest.approx(1.0 + r, rel=1e-14)
    np.testing.assert_allclose(res.weights, [1.0 - r, r], rtol=1e-13)
    assert res.value == pytest.approx(r + math.log(2.0) + 0.5 * math.log((1.0 - r) * r), rel=1e-13)


def test_ldr_by_hand():
    """Equal scores, margin 1, λ = 1: ψ = log((1 + 2e)/3); margin 0 gives 0."""
    assert ldr_kl_loss([0.0, 0.0, 0.0], 0, 1.0, 1.0) == pytest.approx(math.log((1 + 2 * math.e) / 3), rel=1e-15)
    assert ldr_kl_loss([2.0, 2.0], 1, 0.5) == 0.0


@pytest.mark.parametrize("exponent", [-300, -150, 150, 300])
def test_extreme_scales_are_scale_free(exponent):
    """Losses and temperature scaled together by 10^e: the value scales, the weights do not change; the
    constrained temperature scales with the losses."""
    c = 10.0**exponent
    ell = np.array([0.3, -0.2, 0.9, 0.1])
    assert kl_dro_value(c * ell, c * 0.7) == pytest.approx(c * kl_dro_value(ell, 0.7), rel=1e-13)
    np.testing.assert_allclose(kl_dro_weights(c * ell, c * 0.7), kl_dro_weights(ell, 0.7), rtol=1e-13)
    base = kl_constrained_dro(ell, 0.2)
    res = kl_constrained_dro(c * ell, 0.2)
    assert res.tau == pytest.approx(c * base.tau, rel=1e-12)
    assert res.value == pytest.approx(c * base.value, rel=1e-12)
    assert reverse_kl_dro(c * ell, c * 0.7).value == pytest.approx(c * reverse_kl_dro(ell, 0.7).value, rel=1e-12)
    assert ldr_kl_loss(c * ell, 1, c * 0.7, c * 0.5) == pytest.approx(c * ldr_kl_loss(ell, 1, 0.7, 0.5), rel=1e-13)


def test_tiny_and_huge_temperatures_stay_finite():
    """τ = 1e-300 gives the largest loss; τ = 1e300 the mean."""
    ell = [1.0, -2.0, 4.0]
    assert kl_dro_value(ell, 1e-300) == 4.0
    assert kl_dro_value(ell, 1e300) == pytest.approx(1.0, rel=1e-12)
