"""Unit tests for the ws_bn_powernorm library: standardize_weight, standardize_weight_vjp, batch_norm_vjp,
power_norm_vjp and jacobian_norms.

The claims ws_bn_powernorm.library_* check the same functions against complex-step Jacobians at every scale; these
tests pin hand-computed values, the extreme scales, and the input validation (one table covering every public
function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.ws_bn_powernorm.library import (
    batch_norm_vjp,
    jacobian_norms,
    power_norm_vjp,
    standardize_weight,
    standardize_weight_vjp,
)

# -- hand-computed values ------------------------------------------------------------------------------


def test_standardize_two_weights():
    """W = (0, 2): mean 1, σ = 1 (population) or √2 (unbiased): Ŵ = (−1, 1) or (−1, 1)/√2."""
    np.testing.assert_allclose(standardize_weight([0.0, 2.0]), [-1.0, 1.0], rtol=1e-15)
    np.testing.assert_allclose(standardize_weight([0.0, 2.0], ddof=1), [-1 / math.sqrt(2), 1 / math.sqrt(2)],
                               rtol=1e-15)


def test_vjp_projects_out_ones_and_w_hat():
    """W = (0, 1, 2): Ŵ = (−1, 0, 1)·√(3/2), σ = √(2/3). g = (0, 1, 0) is orthogonal to Ŵ; its centred part is
    (−1/3, 2/3, −1/3), so ∂L/∂W = (−1/3, 2/3, −1/3)/σ."""
    sigma = math.sqrt(2 / 3)
    np.testing.assert_allclose(standardize_weight_vjp([0.0, 1.0, 2.0], [0.0, 1.0, 0.0]),
                               np.array([-1 / 3, 2 / 3, -1 / 3]) / sigma, rtol=1e-15, atol=1e-16)
    # g along Ŵ or along 1 is removed entirely
    np.testing.assert_allclose(standardize_weight_vjp([0.0, 1.0, 2.0], [-1.0, 0.0, 1.0]), 0.0, atol=1e-15)
    np.testing.assert_allclose(standardize_weight_vjp([0.0, 1.0, 2.0], [1.0, 1.0, 1.0]), 0.0, atol=1e-15)


def test_vjp_with_unbiased_std_two_weights():
    """I = 2, ddof = 1: the Jacobian is (1/s)(I − 11ᵀ/2 − ŴŴᵀ) with ‖Ŵ‖² = 1, which is 0 for I = 2."""
    np.testing.assert_allclose(standardize_weight_vjp([0.0, 2.0], [3.0, -1.0], ddof=1), 0.0, atol=1e-15)


def test_batch_of_two_has_no_bn_gradient_but_a_pn_one():
    """x = (0, 1), g = (1, 0): BN's gradient is 0; PN's is γ(g − x̂ mean(g x̂))/ψ with ψ = 1/√2, x̂ = (0, √2):
    (√2γ, 0)."""
    np.testing.assert_allclose(batch_norm_vjp([0.0, 1.0], [1.0, 0.0], gamma=3.0), 0.0, atol=1e-15)
    np.testing.assert_allclose(power_norm_vjp([0.0, 1.0], [1.0, 0.0], gamma=3.0), [3 * math.sqrt(2), 0.0],
                               rtol=1e-15)


def test_jacobian_norms_hand_values():
    """x = (1, 2, 3): σ_B = √(2/3), ψ = √(14/3); B = 2 gives 0 for BN."""
    bn, pn = jacobian_norms([1.0, 2.0, 3.0], gamma=-2.0)
    assert bn == pytest.approx(2 / math.sqrt(2 / 3), rel=1e-15)
    assert pn == pytest.approx(2 / math.sqrt(14 / 3), rel=1e-15)
    assert jacobian_norms([0.0, 1.0]) == (0.0, pytest.approx(math.sqrt(2), rel=1e-15))


def test_eps_enters_inside_for_bn_and_outside_for_ws():
    """BN: x = (−1, 1), σ² = 1, ε = 3: x̂ = (−1, 1)/2. WS: W = (−1, 1), σ = 1, ε = 1: Ŵ = (−1, 1)/2."""
    g = np.array([1.0, 0.0])
    # M = I − 11ᵀ/2 − x̂x̂ᵀ/2 with x̂ = (−1/2, 1/2): Mg = (1/2 − 1/8, −1/2 + 1/8) = (3/8, −3/8); times γ/√(σ² + ε) = 1/2
    np.testing.assert_allclose(batch_norm_vjp([-1.0, 1.0], g, eps=3.0), [3 / 16, -3 / 16], rtol=1e-15)
    np.testing.assert_allclose(standardize_weight([-1.0, 1.0], eps=1.0), [-0.5, 0.5], rtol=1e-15)


def test_extreme_scales():
    """The results at 1e±300 are those at unit scale (Ŵ) or divided by the scale (the gradients), up to the
    rounding of c·w (c is not a power of two)."""
    rng = np.random.default_rng(3)
    w, g = rng.normal(size=(2, 6)), rng.normal(size=(2, 6))
    for c in (1e-300, 1e300):
        np.testing.assert_allclose(standardize_weight(c * w, ddof=1), standardize_weight(w, ddof=1), rtol=1e-14,
                                   atol=1e-15)
        np.testing.assert_allclose(standardize_weight_vjp(c * w, g) * c, standardize_weight_vjp(w, g), rtol=1e-13)
        x = w.T
        np.testing.assert_allclose(batch_norm_vjp(c * x, g.T) * c, batch_norm_vjp(x, g.T), rtol=1e-13)
        np.testing.assert_allclose(power_norm_vjp(c * x, g.T) * c, power_norm_vjp(x, g.T), rtol=1e-13)
        bn, pn = jacobian_norms(c * x[:, 0])
        ref = jacobian_norms(x[:, 0])
        assert bn * c == pytest.approx(ref[0], rel=1e-14) and pn * c == pytest.approx(ref[1], rel=1e-14)


# -- bad inputs ------------------------------------------------------------------------------------------

W = [[0.0, 1.0, 2.0], [1.0, 0.0, 3.0]]
X = [[0.0, 1.0], [2.0, 3.0], [1.0, -1.0]]

BAD = [
    # (function, args, kwargs, error, words in the message)
    (standardize_weight, ("abc",), {}, TypeError, "w"),
    (standardize_weight, (None,), {}, TypeError, "w"),
    (standardize_weight, ([True, False],), {}, TypeError, "w"),
    (standardize_weight, ([1 + 2j, 0.0],), {}, TypeError, "w"),
    (standardize_weight, ([],), {}, ValueError, "w"),
    (standardize_weight, ([1.0, float("nan")],), {}, ValueError, "w"),
    (standardize_weight, ([1.0, float("inf")],), {}, ValueError, "w"),
    (standardize_weight, ([1.0, 1.0, 1.0],), {}, ValueError, "w"),
    (standardize_weight, (W,), {"ddof": 2}, ValueError, "ddof"),
    (standardize_weight, (W,), {"ddof": True}, TypeError, "ddof"),
    (standardize_weight, ([1.0],), {"ddof": 1}, ValueError, "w"),
    (standardize_weight, (W,), {"eps": -1e-5}, ValueError, "eps"),
    (standardize_weight, (W,), {"eps": float("nan")}, ValueError, "eps"),
    (standardize_weight, (W,), {"eps": "0"}, TypeError, "eps"),
    (standardize_weight_vjp, (W, [[1.0, 2.0, 3.0]]), {}, ValueError, "grad"),
    (standardize_weight_vjp, (W, "g"), {}, TypeError, "grad"),
    (standardize_weight_vjp, (W, [[1.0, 2.0, float("nan")]] * 2), {}, ValueError, "grad"),
    (standardize_weight_vjp, ([[2.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]), {}, ValueError, "w"),
    (standardize_weight_vjp, (W, W), {"eps": False}, TypeError, "eps"),
    (batch_norm_vjp, ([1.0], [1.0]), {}, ValueError, "x"),
    (batch_norm_vjp, ([[[1.0]]], [[[1.0]]]), {}, ValueError, "x"),
    (batch_norm_vjp, (X, [[1.0, 2.0]]), {}, ValueError, "grad"),
    (batch_norm_vjp, ([2.0, 2.0], [1.0, 0.0]), {}, ValueError, "x"),
    (batch_norm_vjp, (X, X), {"gamma": True}, TypeError, "gamma"),
    (batch_norm_vjp, (X, X), {"gamma": float("inf")}, ValueError, "gamma"),
    (batch_norm_vjp, (X, X), {"eps": -1.0}, ValueError, "eps"),
    (batch_norm_vjp, ([1.0, None], [1.0, 0.0]), {}, TypeError, "x"),
    (power_norm_vjp, ([0.0, 0.0], [1.0, 0.0]), {}, ValueError, "x"),
    (power_norm_vjp, (X, "g"), {}, TypeError, "grad"),
    (power_norm_vjp, ([], []), {}, ValueError, "x"),
    (power_norm_vjp, (X, X), {"gamma": "1"}, TypeError, "gamma"),
    (jacobian_norms, ([1.0, 1.0, 1.0],), {}, ValueError, "x"),
    (jacobian_norms, ([1.0],), {}, ValueError, "x"),
    (jacobian_norms, ([1.0, float("nan")],), {}, ValueError, "x"),
    (jacobian_norms, (X,), {"gamma": None}, TypeError, "gamma"),
    (jacobian_norms, ([True, False],), {}, TypeError, "x"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "word"), BAD,
                         ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, error, word):
    with pytest.raises(error) as info:
        fn(*args, **kwargs)
    assert word in str(info.value)
