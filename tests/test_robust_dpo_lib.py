"""Unit tests for the rDPO library: dpo_loss, rdpo_loss, cdpo_loss, rdpo_gradient_weight, rdpo_flip_variance.

The claims robust_dpo.library_* check the same functions against the paper's forms at 40 digits; these tests pin
hand-computed values, the input validation (one table) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.robust_dpo.library import (
    cdpo_loss,
    dpo_loss,
    rdpo_flip_variance,
    rdpo_gradient_weight,
    rdpo_loss,
)

FUNCTIONS = [rdpo_loss, cdpo_loss, rdpo_gradient_weight, rdpo_flip_variance]


def test_hand_values_at_zero_margin():
    """At h = 0 every loss is log 2, the weight is 1/2 + ε/(1 − 2ε) and the variance 0."""
    assert dpo_loss(0.0) == math.log(2)
    assert rdpo_loss(0.0, 0.25) == math.log(2)
    assert cdpo_loss(0.0, 0.25) == math.log(2)
    assert rdpo_gradient_weight(0.0, 0.25) == 0.5 + 0.5
    assert rdpo_flip_variance(0.0, 0.25) == 0.0


def test_hand_values_at_unit_margin():
    """h = 1, ε = 1/4, β = 1: ℓ̂ = log(1 + e⁻¹) − 1/2, ℓ_cDPO = log(1 + e⁻¹) + 1/4, Var = (3/16)/(1/4) = 3/4."""
    base = math.log1p(math.exp(-1.0))
    assert rdpo_loss(1.0, 0.25) == pytest.approx(base - 0.5, rel=1e-15)
    assert cdpo_loss(1.0, 0.25) == pytest.approx(base + 0.25, rel=1e-15)
    assert rdpo_flip_variance(1.0, 0.25) == pytest.approx(0.75, rel=1e-15)
    assert rdpo_gradient_weight(1.0, 0.25) == pytest.approx(1 / (1 + math.e) + 0.5, rel=1e-15)


def test_epsilon_zero_is_dpo():
    """ε = 0: rDPO and cDPO are DPO; arrays keep their shape."""
    h = np.array([[-3.0, 0.5], [2.0, 7.0]])
    np.testing.assert_array_equal(rdpo_loss(h, 0.0, 0.3), dpo_loss(h, 0.3))
    np.testing.assert_array_equal(cdpo_loss(h, 0.0, 0.3), dpo_loss(h, 0.3))
    assert rdpo_loss(h, 0.1).shape == (2, 2)


def test_extreme_scales():
    """Huge margins neither overflow nor lose the linear term; tiny ones give log 2 to the last bit."""
    assert rdpo_loss(1e300, 0.25) == -0.5e300
    assert rdpo_loss(-1e6, 0.25) == pytest.approx(1e6 + 0.25 * 1e6 / 0.5, rel=1e-15)
    assert rdpo_gradient_weight(1e300, 0.25) == 0.5
    assert rdpo_gradient_weight(-1e300, 0.25) == 1.5
    assert dpo_loss(1e-300) == math.log(2)
    assert rdpo_flip_variance(1e-200, 0.25, 1e-100) == 0.0  # (βh)² underflows to 0


BAD = [
    ({"margins": [np.nan]}, ValueError, "margins"),
    ({"margins": [np.inf]}, ValueError, "margins"),
    ({"margins": []}, ValueError, "margins"),
    ({"margins": True}, TypeError, "margins"),
    ({"margins": np.array([True, False])}, TypeError, "margins"),
    ({"margins": "1.0"}, TypeError, "margins"),
    ({"margins": [1 + 2j]}, TypeError, "margins"),
    ({"epsilon": 0.5}, ValueError, "epsilon"),
    ({"epsilon": 0.7}, ValueError, "epsilon"),
    ({"epsilon": -1e-9}, ValueError, "epsilon"),
    ({"epsilon": math.nan}, ValueError, "epsilon"),
    ({"epsilon": True}, TypeError, "epsilon"),
    ({"epsilon": "0.1"}, TypeError, "epsilon"),
    ({"beta": 0.0}, ValueError, "beta"),
    ({"beta": -2.0}, ValueError, "beta"),
    ({"beta": math.inf}, ValueError, "beta"),
    ({"beta": False}, TypeError, "beta"),
    ({"beta": None}, TypeError, "beta"),
]


@pytest.mark.parametrize("fn", [dpo_loss, *FUNCTIONS], ids=lambda f: f.__name__)
@pytest.mark.parametrize(("change", "error", "name"), BAD, ids=[repr(b[0]) for b in BAD])
def test_bad_inputs(fn, change, error, name):
    """Every public function rejects each bad input with an error naming the argument."""
    kwargs = {"margins": [0.5, -1.0], "epsilon": 0.1, "beta": 1.0, **change}
    if fn is dpo_loss:
        if "epsilon" in change:
            pytest.skip("dpo_loss takes no epsilon")
        kwargs.pop("epsilon")
    with pytest.raises(error, match=name):
        fn(**kwargs)
