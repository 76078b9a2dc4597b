"""Unit tests of the normalization layers users call (fixtures/normalization.py: input validation and
scale-free results) and of the Layer Normalization Table 1 transformations and instances."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from claimkit_project.checks.layernorm.instances import conditioned, instance, to_mp, transform
from claimkit_project.fixtures import normalization as N
from claimkit_project.fixtures.normalization import (
    NORMS,
    TinyNet,
    normalize,
    normalize_backward,
    random_net,
    weight_normalize,
)

# -- the library: public names, validation, scale-free results ------------------------------------------------


def test_public_names_are_exported():
    """The library exports exactly its six public names."""
    assert sorted(N.__all__) == ["NORMS", "TinyNet", "normalize", "normalize_backward", "random_net",
                                 "weight_normalize"]
    assert NORMS == ("layer", "batch", "weight", "none")


_A = np.arange(6.0).reshape(2, 3) ** 2
_NET = TinyNet(np.ones((3, 2)) + np.eye(3, 2), np.arange(4.0).reshape(2, 2), np.zeros((3, 2)))
_WEIGHT_NET = TinyNet(_NET.X, _NET.V, _NET.T, norm="weight")
_W = np.array([[1.0, 2.0], [3.0, -1.0]])


def _net(**changes: Any) -> TinyNet:
    fields = {"X": _NET.X, "V": _NET.V, "T": _NET.T, "norm": "layer", "eps": 0.0, "bias": None, **changes}
    return TinyNet(**fields)


#: (call, argument named in the message, exception): every public function's bad inputs.
BAD_INPUTS: list[tuple[str, Callable[[], Any], str, type[Exception]]] = [
    ("normalize NaN", lambda: normalize(np.array([1.0, np.nan, 2.0]), 0), "a", ValueError),
    ("normalize +inf", lambda: normalize(np.array([1.0, np.inf, 2.0]), 0), "a", ValueError),
    ("normalize -inf", lambda: normalize(np.array([[1.0, -np.inf]]), 1), "a", ValueError),
    ("normalize empty", lambda: normalize(np.zeros((2, 0)), 1), "a", ValueError),
    ("normalize scalar", lambda: normalize(np.float64(2.0), 0), "a", ValueError),
    ("normalize bool", lambda: normalize(True, 0), "a", TypeError),
    ("normalize bool array", lambda: normalize(np.array([True, False]), 0), "a", TypeError),
    ("normalize text", lambda: normalize("abc", 0), "a", TypeError),
    ("normalize constant slice", lambda: normalize(np.ones((2, 3)), 1), "a", ValueError),
    ("normalize axis bool", lambda: normalize(_A, True), "axis", TypeError),
    ("normalize axis float", lambda: normalize(_A, 1.0), "axis", TypeError),
    ("normalize axis out of range", lambda: normalize(_A, 2), "axis", ValueError),
    ("normalize eps negative", lambda: normalize(_A, 1, -0.5), "eps", ValueError),
    ("normalize eps NaN", lambda: normalize(_A, 1, math.nan), "eps", ValueError),
    ("normalize eps inf", lambda: normalize(_A, 1, math.inf), "eps", ValueError),
    ("normalize eps bool", lambda: normalize(_A, 1, True), "eps", TypeError),
    ("normalize eps text", lambda: normalize(_A, 1, "0"), "eps", TypeError),
    ("backward a NaN", lambda: normalize_backward(np.array([np.nan, 1.0]), np.ones(2), 0), "a", ValueError),
    ("backward dy inf", lambda: normalize_backward(_A, np.full(_A.shape, np.inf), 1), "dy", ValueError),
    ("backward dy shape", lambda: normalize_backward(_A, np.ones(3), 1), "dy", ValueError),
    ("backward dy bool", lambda: normalize_backward(_A, False, 1), "dy", TypeError),
    ("backward axis bool", lambda: normalize_backward(_A, _A, False), "axis", TypeError),
    ("backward axis out of range", lambda: normalize_backward(_A, _A, -3), "axis", ValueError),
    ("backward eps negative", lambda: normalize_backward(_A, _A, 1, -1e-3), "eps", ValueError),
    ("weight_normalize 1-D", lambda: weight_normalize(np.ones(3)), "W", ValueError),
    ("weight_normalize zero row", lambda: weight_normalize(np.array([[1.0, 2.0], [0.0, 0.0]])), "W", ValueError),
    ("weight_normalize NaN", lambda: weight_normalize(np.array([[1.0, np.nan]])), "W", ValueError),
    ("weight_normalize empty", lambda: weight_normalize(np.zeros((0, 3))), "W", ValueError),
    ("weight_normalize bool", lambda: weight_normalize(True), "W", TypeError),
    ("TinyNet norm unknown", lambda: _net(norm="group"), "norm", ValueError),
    ("TinyNet norm bool", lambda: _net(norm=True), "norm", ValueError),
    ("TinyNet X NaN", lambda: _net(X=np.full((3, 2), np.nan)), "X", ValueError),
    ("TinyNet X 1-D", lambda: _net(X=np.ones(3)), "X", ValueError),
    ("TinyNet V inf", lambda: _net(V=np.full((2, 2), np.inf)), "V", ValueError),
    ("TinyNet T shape", lambda: _net(T=np.zeros((2, 2))), "T", ValueError),
    ("TinyNet T bool", lambda: _net(T=True), "T", TypeError),
    ("TinyNet eps negative", lambda: _net(eps=-1.0), "eps", ValueError),
    ("TinyNet eps bool", lambda: _net(eps=True), "eps", TypeError),
    ("TinyNet bias shape", lambda: _net(bias=np.ones(3)), "bias", ValueError),
    ("TinyNet bias NaN", lambda: _net(bias=np.array([0.0, np.nan])), "bias", ValueError),
    ("TinyNet one unit under LayerNorm", lambda: _net(V=np.ones((1, 2))), "V", ValueError),
    ("TinyNet one case under BatchNorm", lambda: _net(X=np.ones((1, 2)), T=np.zeros((1, 2)), norm="batch"),
     "X", ValueError),
    ("TinyNet.loss W shape", lambda: _NET.loss(np.ones((3, 2))), "W", ValueError),
    ("TinyNet.grad W NaN", lambda: _NET.grad(np.full((2, 2), np.nan)), "W", ValueError),
    ("TinyNet.features W bool", lambda: _NET.features(True), "W", TypeError),
    ("TinyNet.pre_activations W 1-D", lambda: _NET.pre_activations(np.ones(2)), "W", ValueError),
    ("TinyNet WeightNorm zero row", lambda: _WEIGHT_NET.loss(np.array([[1.0, 2.0], [0.0, 0.0]])), "W", ValueError),
    ("random_net seed bool", lambda: random_net(True), "seed", TypeError),
    ("random_net seed float", lambda: random_net(1.5), "seed", TypeError),
    ("random_net seed negative", lambda: random_net(-1), "seed", ValueError),
    ("random_net batch zero", lambda: random_net(0, batch=0), "batch", ValueError),
    ("random_net batch bool", lambda: random_net(0, batch=True), "batch", TypeError),
    ("random_net one case under BatchNorm", lambda: random_net(0, batch=1, norm="batch"), "batch", ValueError),
    ("random_net d_in zero", lambda: random_net(0, d_in=0), "d_in", ValueError),
    ("random_net width one under LayerNorm", lambda: random_net(0, width=1), "width", ValueError),
    ("random_net width float", lambda: random_net(0, width=3.0), "width", TypeError),
    ("random_net k negative", lambda: random_net(0, k=-2), "k", ValueError),
    ("random_net norm unknown", lambda: random_net(0, norm="group"), "norm", ValueError),
    ("random_net eps NaN", lambda: random_net(0, eps=math.nan), "eps", ValueError),
    ("random_net eps bool", lambda: random_net(0, eps=False), "eps", TypeError),
]


@pytest.mark.parametrize(("call", "argument", "error"), [row[1:] for row in BAD_INPUTS],
                         ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_is_rejected_naming_the_argument(call, argument, error):
    """Every public function rejects a bad input with an error whose message starts with the argument's name."""
    with pytest.raises(error, match=rf"^{argument}\b"):
        call()


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e300, 1e-300])
def test_normalize_is_scale_free_at_extreme_scales(scale):
    """normalize of [1, …, 5]·scale is [−2, −1, 0, 1, 2]/√2 for any scale (the squares never overflow)."""
    expected = np.array([-2.0, -1.0, 0.0, 1.0, 2.0]) / math.sqrt(2.0)
    np.testing.assert_allclose(normalize(np.arange(1.0, 6.0) * scale, 0), expected, rtol=1e-15, atol=1e-15)


def test_normalize_with_eps_at_tiny_scale_is_a_over_root_eps():
    """With ε > 0 and entries of 1e-200, normalize returns (a − μ)/√ε (σ² is negligible), not 0."""
    a = np.arange(1.0, 6.0) * 1e-200
    np.testing.assert_allclose(normalize(a, 0, 1e-6), (a - 3e-200) / 1e-3, rtol=1e-14)


def test_normalize_is_bit_for_bit_the_plain_formula_on_ordinary_inputs():
    """On ordinary inputs normalize gives exactly (a − μ)/√(σ² + ε) computed the plain way."""
    a = np.random.default_rng(7).normal(size=(4, 6)) * 3.7
    for axis, eps in ((0, 0.0), (1, 0.0), (1, 1e-5)):
        c = a - a.sum(axis=axis, keepdims=True) / a.shape[axis]
        plain = c / np.sqrt((c * c).sum(axis=axis, keepdims=True) / a.shape[axis] + eps)
        assert np.array_equal(normalize(a, axis, eps), plain)


@pytest.mark.parametrize("scale", [1e200, 1e-200])
def test_normalize_backward_scales_as_one_over_the_input(scale):
    """normalize_backward(a·s, dy) = normalize_backward(a, dy)/s at s = 1e±200."""
    rng = np.random.default_rng(3)
    a, dy = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    np.testing.assert_allclose(normalize_backward(a * scale, dy, 1) * scale, normalize_backward(a, dy, 1),
                               rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e300])
def test_weight_normalize_is_scale_free(scale):
    """weight_normalize of the row (3, 4)·scale is (0.6, 0.8) at any scale."""
    np.testing.assert_allclose(weight_normalize(np.array([[3.0, 4.0]]) * scale), [[0.6, 0.8]], rtol=1e-15)


@pytest.mark.parametrize("norm", ["layer", "batch", "weight"])
@pytest.mark.parametrize("scale", [1e200, 1e-200])
def test_tiny_net_loss_and_grad_at_extreme_weight_scales(norm, scale):
    """For the three layers, loss(W·s) = loss(W) and grad(W·s) = grad(W)/s at s = 1e±200."""
    net, W = random_net(5, width=4, norm=norm)
    assert math.isclose(net.loss(W * scale), net.loss(W), rel_tol=1e-13)
    np.testing.assert_allclose(net.grad(W * scale) * scale, net.grad(W), rtol=1e-12, atol=1e-14)


def test_tiny_net_accepts_mpmath_and_complex_weights():
    """The forward pass runs on mpmath object arrays and on complex arrays (complex-step derivatives)."""
    net, W = random_net(2, norm="weight")
    mp_net = TinyNet(to_mp(net.X), to_mp(net.V), to_mp(net.T), norm="weight")
    assert math.isclose(float(mp_net.loss(to_mp(W))), net.loss(W), rel_tol=1e-14)
    step = net.loss(W.astype(complex) + 1e-30j * np.ones_like(W)).imag / 1e-30
    assert math.isclose(step, float(np.sum(net.grad(W))), rel_tol=1e-9)


# -- Table 1 transformations ------------------------------------------------------------------------------


def test_transform_rejects_non_positive_delta():
    """Every transformation takes δ > 0."""
    X, W = instance(0)
    with pytest.raises(ValueError, match="delta"):
        transform("data_rescaling", X, W, 0.0, 0)


def test_transform_rejects_unknown_names():
    """An unknown transformation name raises ValueError naming it."""
    X, W = instance(0)
    with pytest.raises(ValueError, match="nope"):
        transform("nope", X, W, 1.0, 0)


def test_weight_recentering_adds_the_same_vector_to_every_row():
    """W′ − δW has identical rows."""
    X, W = instance(3)
    _, W2 = transform("w_matrix_recentering", X, W, 2.0, 3)
    diff = W2 - 2.0 * W
    np.testing.assert_allclose(diff, np.repeat(diff[:1], W.shape[0], axis=0))


def test_conditioned_rejects_a_degenerate_unit():
    """A unit with constant summed input over the batch is ill-conditioned for BatchNorm."""
    X, W = instance(1)
    W[0] = 0.0
    assert not conditioned("batch", X, W)
    assert conditioned("batch", *instance(1))


def test_to_mp_is_exact():
    """to_mp converts each float exactly."""
    x = np.array([0.1, -2.5])
    assert [float(v) for v in to_mp(x)] == x.tolist()
    assert math.isclose(float(to_mp(x)[0]), 0.1)
