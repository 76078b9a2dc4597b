"""Unit tests for the Peri-LN library: rms_norm, layer_norm, norm_vjp, residual_block, residual_stack,
stack_input_gradient, output_weight_gradient and gradient_bound.

The claims peri_ln.library_norms and peri_ln.library_gradients check the same functions against 40-digit values and
complex-step derivatives; these tests pin hand-computed values, the extreme scales, and the input validation (one
table covering every public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.peri_ln.library import (
    gradient_bound,
    layer_norm,
    norm_vjp,
    output_weight_gradient,
    residual_block,
    residual_stack,
    rms_norm,
    stack_input_gradient,
)

# -- hand-computed values ------------------------------------------------------------------------------------


def test_rms_norm_of_three_four():
    """a = (3, 4): r = 5/√2, so RMSNorm(a) = √2 (3, 4)/5."""
    np.testing.assert_allclose(rms_norm([3.0, 4.0]), np.sqrt(2) * np.array([0.6, 0.8]), rtol=1e-15)


def test_layer_norm_of_a_symmetric_triple():
    """LayerNorm([t, 0, −t]) = (√1.5, 0, −√1.5) for every t > 0 (not (1.37, 0, −1.37))."""
    for t in (3.22, 1e-200, 1e200):
        np.testing.assert_allclose(layer_norm([t, 0.0, -t]), [math.sqrt(1.5), 0.0, -math.sqrt(1.5)], rtol=1e-15,
                                   atol=1e-300)


def test_gain_and_bias():
    np.testing.assert_allclose(layer_norm([1.0, 3.0], gain=[2.0, 3.0], bias=[0.5, -0.5]), [-1.5, 2.5], rtol=1e-15)
    np.testing.assert_allclose(rms_norm([[1.0, 1.0], [2.0, 0.0]], gain=2.0), [[2.0, 2.0], [2 * math.sqrt(2), 0.0]],
                               rtol=1e-15)


def test_vjp_is_orthogonal_to_a_and_scales_as_one_over_a():
    """∂⟨g, RMSNorm(a)⟩/∂a at a = (3, 4, 0), g = e_3: (√3/5) e_3; and ⟂ a in general."""
    np.testing.assert_allclose(norm_vjp([3.0, 4.0, 0.0], [0.0, 0.0, 1.0]), [0.0, 0.0, math.sqrt(3) / 5], atol=1e-16)
    a, g = np.array([0.3, -1.2, 2.0, 0.7]), np.array([1.0, 0.5, -0.2, 0.1])
    v = norm_vjp(a, g)
    assert abs(v @ a) < 1e-15
    np.testing.assert_allclose(norm_vjp(1e-300 * a, g), 1e300 * v, rtol=1e-14)
    w = norm_vjp(a, g, kind="layer")
    assert abs(w.sum()) < 1e-15 and abs(w @ (a - a.mean())) < 1e-15


def test_peri_block_on_the_aligned_witness():
    """D = 2, m = 1, W1 = (1, 1)ᵀ, W2 = (1, 1), x = (1, 1): Peri-LN gives (2, 2), Pre-LN (3, 3), Post-LN (1, 1)."""
    w1, w2 = np.ones((2, 1)), np.ones((1, 2))
    np.testing.assert_allclose(residual_block([1.0, 1.0], w1, w2), [2.0, 2.0], rtol=1e-15)
    np.testing.assert_allclose(residual_block([1.0, 1.0], w1, w2, placement="pre"), [3.0, 3.0], rtol=1e-15)
    np.testing.assert_allclose(residual_block([1.0, 1.0], w1, w2, placement="post"), [1.0, 1.0], rtol=1e-15)
    states = residual_stack([1.0, 1.0], [(w1, w2)] * 3)
    np.testing.assert_allclose(states, [[1, 1], [2, 2], [3, 3], [4, 4]], rtol=1e-15)


def test_stack_is_invariant_to_weight_scale_at_extreme_scales():
    rng = np.random.default_rng(0)
    layers = [(rng.standard_normal((4, 6)), rng.standard_normal((6, 4))) for _ in range(3)]
    x0 = rng.standard_normal((2, 4))
    base = residual_stack(x0, layers, norm="layer")
    for c in (1e-150, 1e150):
        np.testing.assert_allclose(residual_stack(x0, [(c * a, b) for a, b in layers], norm="layer"), base, rtol=1e-13)


def test_output_weight_gradient_pre_is_the_outer_product():
    """Pre-LN with x = (1, 1), W1 = (1, 1)ᵀ (h = 2), W2 = (1, 1), g = (1, −2): ∂L/∂W2 = h gᵀ = (2, −4)."""
    out = output_weight_gradient([1.0, 1.0], np.ones((2, 1)), np.ones((1, 2)), [1.0, -2.0], placement="pre")
    np.testing.assert_allclose(out, [[2.0, -4.0]], rtol=1e-15)


def test_output_weight_gradient_peri_attains_the_bound():
    """Peri-LN with a = (2, 2) (as above) and g = (1, −1) ⟂ a: ‖∂L/∂W2‖ = ‖h‖√D‖g‖/‖a‖ = 2·√2·√2/(2√2) = √2."""
    out = output_weight_gradient([1.0, 1.0], np.ones((2, 1)), np.ones((1, 2)), [1.0, -1.0])
    assert np.linalg.norm(out) == pytest.approx(math.sqrt(2), rel=1e-15)
    assert gradient_bound([2.0], [2.0, 2.0], [1.0, -1.0]) == pytest.approx(math.sqrt(2), rel=1e-15)


def test_gradient_bound_for_layernorm_uses_the_centred_norm():
    """a = (5, 4, 3): ‖a − ā1‖ = √2, h = (1), g = (1, −2, 1): the bound is √3·√6/√2 = 3."""
    assert gradient_bound([1.0], [5.0, 4.0, 3.0], [1.0, -2.0, 1.0], norm="layer") == pytest.approx(3.0, rel=1e-15)
    # each factor far outside the float range's middle, the result 3: 1e-200 · 1e-100 / 1e-300
    assert gradient_bound([1e-200], [5e-300, 4e-300, 3e-300], [1e-100, -2e-100, 1e-100], norm="layer") == pytest.approx(
        3.0, rel=1e-14)


def test_stack_input_gradient_identity_path():
    """A Pre-LN stack whose W2 are zero is the identity: the gradient is g."""
    layers = [(np.ones((3, 2)), np.zeros((2, 3)))] * 2
    np.testing.assert_array_equal(stack_input_gradient([1.0, 2.0, 3.0], layers, [0.5, -1.0, 2.0], placement="pre"),
                                  [0.5, -1.0, 2.0])


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

_W1, _W2 = np.ones((2, 3)), np.ones((3, 2))
_X = [1.0, 2.0]
_L = [(_W1, _W2)]
BAD_INPUTS = []
for _fn, _extra in ((rms_norm, ()), (layer_norm, ()), (norm_vjp, ([1.0, 0.0],))):
    BAD_INPUTS += [
        (_fn, (None, *_extra), {}, TypeError, "a"),
        (_fn, ("ab", *_extra), {}, TypeError, "a"),
        (_fn, ([True, False], *_extra), {}, TypeError, "a"),
        (_fn, ([1j, 1.0], *_extra), {}, TypeError, "a"),
        (_fn, ([float("nan"), 1.0], *_extra), {}, ValueError, "a"),
        (_fn, ([float("inf"), 1.0], *_extra), {}, ValueError, "a"),
        (_fn, ([], *_extra), {}, ValueError, "a"),
        (_fn, ([[[1.0, 2.0]]], *_extra), {}, ValueError, "a"),
        (_fn, ([[1.0, 2.0], [1.0]], *_extra), {}, ValueError, "a"),
        (_fn, ([0.0, 0.0], *_extra), {}, ValueError, "a"),
        (_fn, ([1.0, 2.0], *_extra), {"gain": [1.0, 2.0, 3.0]}, ValueError, "gain"),
        (_fn, ([1.0, 2.0], *_extra), {"gain": True}, TypeError, "gain"),
        (_fn, ([1.0, 2.0], *_extra), {"gain": float("nan")}, ValueError, "gain"),
    ]
BAD_INPUTS += [
    (layer_norm, ([3.0, 3.0, 3.0],), {}, ValueError, "a"),
    (layer_norm, ([1.0, 2.0],), {"bias": [1.0]}, ValueError, "bias"),
    (layer_norm, ([1.0, 2.0],), {"bias": "x"}, TypeError, "bias"),
    (norm_vjp, ([1.0, 2.0], [1.0, 2.0, 3.0]), {}, ValueError, "g"),
    (norm_vjp, ([1.0, 2.0], [True, False]), {}, TypeError, "g"),
    (norm_vjp, ([1.0, 2.0], [1.0, 2.0]), {"kind": "batch"}, ValueError, "kind"),
    (norm_vjp, ([1.0, 2.0], [1.0, 2.0]), {"kind": 1}, TypeError, "kind"),
    (norm_vjp, ([5e-324, 0.0], [1.0, 1.0]), {}, ValueError, "a"),
]
for _fn, _args in ((residual_block, (_X, _W1, _W2)), (residual_stack, (_X, _L)),
                   (stack_input_gradient, (_X, _L, [1.0, 0.0])), (output_weight_gradient, (_X, _W1, _W2, [1.0, 0.0]))):
    BAD_INPUTS += [
        (_fn, (None, *_args[1:]), {}, TypeError, "x"),
        (_fn, ([True, False], *_args[1:]), {}, TypeError, "x"),
        (_fn, ([float("nan"), 1.0], *_args[1:]), {}, ValueError, "x"),
        (_fn, ([], *_args[1:]), {}, ValueError, "x"),
        (_fn, _args, {"placement": "middle"}, ValueError, "placement"),
        (_fn, _args, {"placement": None}, TypeError, "placement"),
        (_fn, _args, {"norm": "batch"}, ValueError, "norm"),
        (_fn, _args, {"gain_in": [1.0]}, ValueError, "gain_in"),
        (_fn, _args, {"gain_out": False}, TypeError, "gain_out"),
        (_fn, _args, {"gain_out": float("inf")}, ValueError, "gain_out"),
    ]
for _fn, _args in ((residual_block, (_X,)), (output_weight_gradient, (_X,))):
    _g = ([1.0, 0.0],) if _fn is output_weight_gradient else ()
    BAD_INPUTS += [
        (_fn, (*_args, None, _W2, *_g), {}, TypeError, "W1"),
        (_fn, (*_args, np.ones((3, 3)), _W2, *_g), {}, ValueError, "W1"),
        (_fn, (*_args, np.ones(2), _W2, *_g), {}, ValueError, "W1"),
        (_fn, (*_args, np.ones((2, 3), dtype=bool), _W2, *_g), {}, TypeError, "W1"),
        (_fn, (*_args, _W1, np.ones((2, 2)), *_g), {}, ValueError, "W2"),
        (_fn, (*_args, _W1, np.full((3, 2), np.nan), *_g), {}, ValueError, "W2"),
        (_fn, (*_args, _W1, "W", *_g), {}, TypeError, "W2"),
        (_fn, (*_args, _W1, _W2, *_g), {"b1": [1.0, 2.0]}, ValueError, "b1"),
        (_fn, (*_args, _W1, _W2, *_g), {"b1": True}, TypeError, "b1"),
    ]
BAD_INPUTS += [
    (residual_stack, (_X, []), {}, ValueError, "layers"),
    (residual_stack, (_X, None), {}, TypeError, "layers"),
    (residual_stack, (_X, "ab"), {}, TypeError, "layers"),
    (residual_stack, (_X, [(_W1,)]), {}, TypeError, "layers"),
    (residual_stack, (_X, [(_W1, np.ones((2, 2)))]), {}, ValueError, "layers"),
    (residual_stack, (_X, [(_W1, _W2)]), {"placement": "peri", "gain_in": "a"}, TypeError, "gain_in"),
    (stack_input_gradient, (_X, _L, [1.0]), {}, ValueError, "g"),
    (stack_input_gradient, (_X, _L, None), {}, TypeError, "g"),
    (output_weight_gradient, (_X, _W1, _W2, [1.0, 0.0]), {"placement": "post"}, ValueError, "placement"),
    (output_weight_gradient, (_X, _W1, _W2, [1.0]), {}, ValueError, "g"),
    (residual_block, ([0.0, 0.0], _W1, _W2), {}, ValueError, "x"),
    (residual_block, ([1.0, 1.0], np.full((2, 1), 0.5), -np.ones((1, 2))), {"placement": "post"}, ValueError,
     "x + F(x)"),
    (residual_block, (_X, -_W1, _W2), {}, ValueError, "F(Norm(x))"),
    (residual_block, (_X, np.full((2, 3), 1e300), np.full((3, 2), 1e300)), {"placement": "pre"}, ValueError, "W1"),
    (gradient_bound, (None, [1.0, 2.0], [1.0, 0.0]), {}, TypeError, "h"),
    (gradient_bound, ([1.0], [0.0, 0.0], [1.0, 0.0]), {}, ValueError, "a"),
    (gradient_bound, ([1.0], [1.0, 1.0], [1.0, 0.0]), {"norm": "layer"}, ValueError, "a"),
    (gradient_bound, ([1.0], [1.0, 2.0], [1.0]), {}, ValueError, "g"),
    (gradient_bound, ([1.0], [1.0, 2.0], [1.0, float("nan")]), {}, ValueError, "g"),
    (gradient_bound, ([1.0], [1.0, 2.0], [1.0, 0.0]), {"gain": [True, False]}, TypeError, "gain"),
    (gradient_bound, ([1.0], [1.0, 2.0], [1.0, 0.0]), {"norm": "rmsnorm"}, ValueError, "norm"),
    (gradient_bound, ([1e300], [1e-300, 0.0], [1e300, 0.0]), {}, ValueError, "h, g"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "name"), BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, error, name):
    with pytest.raises(error, match=__import__("re").escape(name)):
        fn(*args, **kwargs)
