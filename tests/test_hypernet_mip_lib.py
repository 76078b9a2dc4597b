"""Unit tests for the hypernet_mip library: encode_input, leaky_relu, init_mlp, mlp, mip_hypernet, magnitude_bounds and
bias_asymptotic_bound.

The claims hypernet_mip.* check the same functions against exact rationals, the release's port and the complex
exponential; these tests pin hand-computed values, the input validation (one table) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.hypernet_mip.library import (
    bias_asymptotic_bound,
    encode_input,
    init_mlp,
    leaky_relu,
    magnitude_bounds,
    mip_hypernet,
    mlp,
)

# -- hand-computed values ----------------------------------------------------------------------------------


def test_encode_input_by_hand():
    """cos|sin: E(0) = [1, 0], E(1) = [cos(π/2), 1], all cosines before all sines; z|1-z and None by hand."""
    np.testing.assert_array_equal(encode_input([0.0]), [1.0, 0.0])
    np.testing.assert_array_equal(encode_input([1.0]), [math.cos(math.pi / 2), 1.0])
    half = math.sqrt(0.5)
    np.testing.assert_allclose(encode_input([[0.5, 0.0]]), [[half, 1.0, half, 0.0]], rtol=1e-15, atol=1e-16)
    np.testing.assert_array_equal(encode_input([0.25], "z|1-z"), [0.25, 0.75])
    np.testing.assert_array_equal(encode_input([[3.0, -2.0]], None), [[3.0, -2.0]])


def test_encode_input_warns_outside_unit_interval():
    """The release warns for cos|sin outside [0, 1] (and only there)."""
    with pytest.warns(UserWarning, match="outside"):
        encode_input([1.5])
    with pytest.warns(UserWarning):
        encode_input([-0.1])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        encode_input([0.0, 1.0])
        encode_input([1.5], "z|1-z")


def test_cos_sin_norm_is_k_far_outside():
    """‖E(z)‖² = k whatever z, here k = 3 at z = (−1e6, 7, 0.3)."""
    with pytest.warns(UserWarning):
        enc = encode_input([-1e6, 7.0, 0.3])
    assert float(enc @ enc) == pytest.approx(3.0, rel=1e-15)


def test_leaky_relu_by_hand():
    """leaky_relu(−2) = −0.02, (3) = 3, (0) = 0; slope 0 is ReLU, slope 1 the identity; shapes kept."""
    assert leaky_relu(-2.0) == -0.02
    assert leaky_relu(3.0) == 3.0
    assert leaky_relu(0.0) == 0.0
    assert leaky_relu(-2.0, slope=0.0) == 0.0
    assert leaky_relu(-2.0, slope=1.0) == -2.0
    np.testing.assert_array_equal(leaky_relu([[1.0], [-1.0]], slope=0.5), [[1.0], [-0.5]])


def test_init_mlp_shapes_biases_and_scale():
    """Shapes (n_out, n_in), zero biases (None without), the same seed the same draw, std gain/√n_out."""
    layers = init_mlp([3, 5, 2], seed=7)
    assert [w.shape for w, _ in layers] == [(5, 3), (2, 5)]
    assert all(np.all(b == 0) for _, b in layers)
    assert all(b is None for _, b in init_mlp([3, 5, 2], seed=7, bias=False))
    np.testing.assert_array_equal(layers[0][0], init_mlp([3, 5, 2], seed=7)[0][0])
    w, _ = init_mlp([400, 100], seed=1)[0]
    assert float(np.std(w)) == pytest.approx(math.sqrt(2.0 / 100), rel=0.02)


def test_mlp_by_hand():
    """W₁ = [[1], [−1]], W₂ = [[1, 1]]: slope 0 gives |x|; slope ½ gives x + ½·(−x) on either side; biases add."""
    layers = [(np.array([[1.0], [-1.0]]), None), (np.array([[1.0, 1.0]]), None)]
    assert mlp(layers, [2.0], slope=0.0)[0] == 2.0
    assert mlp(layers, [-3.0], slope=0.0)[0] == 3.0
    assert mlp(layers, [2.0], slope=0.5)[0] == 1.0
    with_bias = [(np.array([[1.0], [-1.0]]), np.array([0.0, 0.0])), (np.array([[1.0, 1.0]]), np.array([5.0]))]
    assert mlp(with_bias, [2.0], slope=0.0)[0] == 7.0
    np.testing.assert_array_equal(mlp(layers, [[2.0], [-3.0]], slope=0.0), [[2.0], [3.0]])


def test_mip_hypernet_by_hand():
    """Zero weights give θ₀ for every γ; θ − θ₀ is the MLP at [cos(πγ/2), sin(πγ/2)]."""
    theta0 = np.array([1.0, -2.0, 3.0])
    zero = [(np.zeros((4, 2)), None), (np.zeros((3, 4)), None)]
    np.testing.assert_array_equal(mip_hypernet(zero, theta0, [0.3]), theta0)
    layers = init_mlp([2, 4, 3], seed=2)
    got = mip_hypernet(layers, theta0, [[0.0], [1.0]])
    np.testing.assert_allclose(got - theta0, mlp(layers, encode_input([[0.0], [1.0]])), rtol=1e-15, atol=1e-15)


def test_magnitude_bounds_by_hand():
    """The identity on 2k = 4 inputs: m = M = √2. −diag(2, 1) then I with slope ¼: m = ¼, M = 2."""
    assert magnitude_bounds([(np.eye(4), None)], 2) == pytest.approx((math.sqrt(2), math.sqrt(2)), rel=1e-15)
    layers = [(-np.diag([2.0, 1.0]), None), (np.eye(2), None)]
    assert magnitude_bounds(layers, 1, slope=0.25) == pytest.approx((0.25, 2.0), rel=1e-15)
    assert magnitude_bounds([(np.ones((1, 2)), None)], 1)[0] == 0.0  # a wide layer has a null direction
    assert magnitude_bounds(layers, 1, slope=0.0)[0] == 0.0  # ReLU: no positive lower bound


def test_bias_asymptotic_bound_by_hand():
    """W₁ = [[2]], b₁ = [1], W₂ = [[3]], b₂ = [4]: K = |b₁|·‖W₂‖ + |b₂| = 7; no biases: 0."""
    layers = [(np.array([[2.0]]), np.array([1.0])), (np.array([[3.0]]), np.array([4.0]))]
    assert bias_asymptotic_bound(layers) == 7.0
    assert bias_asymptotic_bound([(w, None) for w, _ in layers]) == 0.0


# -- extreme scales -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("power", [-900, -400, 400, 900])
def test_mlp_homogeneous_at_extreme_scales(power):
    """Scaling x by 2^p (exact in float64) scales a bias-free MLP's output by 2^p exactly, p = ±400, ±900."""
    layers = init_mlp([3, 8, 8, 2], seed=5, bias=False)
    x = np.array([0.3, -1.2, 0.7])
    c = math.ldexp(1.0, power)
    scaled = mlp(layers, c * x)
    assert np.all(np.isfinite(scaled))
    np.testing.assert_array_equal(scaled / c, mlp(layers, x))


@pytest.mark.parametrize("power", [-300, 300])
def test_bounds_scale_with_the_weights(power):
    """magnitude_bounds of (2^p W₁, W₂) is 2^p times that of (W₁, W₂)."""
    layers = init_mlp([4, 6, 3], seed=3, bias=False)
    c = math.ldexp(1.0, power)
    lo, hi = magnitude_bounds(layers, 2)
    lo_c, hi_c = magnitude_bounds([(c * layers[0][0], None), layers[1]], 2)
    assert lo_c == pytest.approx(c * lo, rel=1e-14) and hi_c == pytest.approx(c * hi, rel=1e-14)


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

NAN, INF = float("nan"), float("inf")
NET = [(np.ones((3, 2)), np.zeros(3)), (np.ones((1, 3)), None)]
FREE = [(np.ones((3, 2)), None), (np.ones((2, 3)), None)]
BAD_INPUTS = [
    # encode_input
    (encode_input, ([NAN],), {}, ValueError, "z"),
    (encode_input, ([INF],), {}, ValueError, "z"),
    (encode_input, (np.zeros(0),), {}, ValueError, "z"),
    (encode_input, (0.5,), {}, ValueError, "z"),
    (encode_input, ([[0.1], [0.1, 0.2]],), {}, ValueError, "z"),
    (encode_input, ([True],), {}, TypeError, "z"),
    (encode_input, ("0.5",), {}, TypeError, "z"),
    (encode_input, (None,), {}, TypeError, "z"),
    (encode_input, ([1j],), {}, TypeError, "z"),
    (encode_input, ([0.5],), {"mode": "sin|cos"}, ValueError, "mode"),
    (encode_input, ([0.5],), {"mode": 2}, TypeError, "mode"),
    # leaky_relu
    (leaky_relu, (NAN,), {}, ValueError, "x"),
    (leaky_relu, ([],), {}, ValueError, "x"),
    (leaky_relu, (True,), {}, TypeError, "x"),
    (leaky_relu, ("x",), {}, TypeError, "x"),
    (leaky_relu, (1.0,), {"slope": -0.1}, ValueError, "slope"),
    (leaky_relu, (1.0,), {"slope": 1.5}, ValueError, "slope"),
    (leaky_relu, (1.0,), {"slope": NAN}, ValueError, "slope"),
    (leaky_relu, (1.0,), {"slope": True}, TypeError, "slope"),
    (leaky_relu, (1.0,), {"slope": "0.1"}, TypeError, "slope"),
    # init_mlp
    (init_mlp, ([3],), {"seed": 0}, ValueError, "sizes"),
    (init_mlp, ([3, 0],), {"seed": 0}, ValueError, "sizes"),
    (init_mlp, ([3, 2.0],), {"seed": 0}, TypeError, "sizes"),
    (init_mlp, ([3, True],), {"seed": 0}, TypeError, "sizes"),
    (init_mlp, ("32",), {"seed": 0}, TypeError, "sizes"),
    (init_mlp, ([3, 2],), {"seed": -1}, ValueError, "seed"),
    (init_mlp, ([3, 2],), {"seed": 1.0}, TypeError, "seed"),
    (init_mlp, ([3, 2],), {"seed": True}, TypeError, "seed"),
    (init_mlp, ([3, 2],), {"seed": 0, "gain": 0.0}, ValueError, "gain"),
    (init_mlp, ([3, 2],), {"seed": 0, "gain": INF}, ValueError, "gain"),
    (init_mlp, ([3, 2],), {"seed": 0, "bias": 1}, TypeError, "bias"),
    # mlp
    (mlp, ([], [1.0, 2.0]), {}, ValueError, "layers"),
    (mlp, ("layers", [1.0, 2.0]), {}, TypeError, "layers"),
    (mlp, ([np.ones((3, 2))], [1.0, 2.0]), {}, TypeError, "layers"),
    (mlp, ([(np.ones((3, 2)), np.zeros(2))], [1.0, 2.0]), {}, ValueError, "layers"),
    (mlp, ([(np.ones((3, 2)), None), (np.ones((1, 2)), None)], [1.0, 2.0]), {}, ValueError, "layers"),
    (mlp, ([(np.full((3, 2), NAN), None)], [1.0, 2.0]), {}, ValueError, "layers"),
    (mlp, ([(np.ones(3), None)], [1.0, 2.0]), {}, ValueError, "layers"),
    (mlp, ([(np.ones((3, 2), dtype=bool), None)], [1.0, 2.0]), {}, TypeError, "layers"),
    (mlp, (NET, [1.0, 2.0, 3.0]), {}, ValueError, "x"),
    (mlp, (NET, [1.0, NAN]), {}, ValueError, "x"),
    (mlp, (NET, 1.0), {}, ValueError, "x"),
    (mlp, (NET, [True, False]), {}, TypeError, "x"),
    (mlp, (NET, [1.0, 2.0]), {"slope": 2.0}, ValueError, "slope"),
    # mip_hypernet
    (mip_hypernet, ([(np.ones((3, 2)), None), (np.ones((1, 2)), None)], np.zeros(1), [0.5]), {}, ValueError,
     "layers"),
    (mip_hypernet, (FREE, np.zeros(3), [0.5]), {}, ValueError, "theta0"),
    (mip_hypernet, (NET, [NAN], [0.5]), {}, ValueError, "theta0"),
    (mip_hypernet, (NET, np.zeros((1, 1)), [0.5]), {}, ValueError, "theta0"),
    (mip_hypernet, (NET, "0", [0.5]), {}, TypeError, "theta0"),
    (mip_hypernet, (NET, np.zeros(1), [0.5, 0.5]), {}, ValueError, "gamma"),
    (mip_hypernet, (NET, np.zeros(1), [INF]), {}, ValueError, "gamma"),
    (mip_hypernet, (NET, np.zeros(1), [False]), {}, TypeError, "gamma"),
    (mip_hypernet, (NET, np.zeros(1), [0.5]), {"slope": -1.0}, ValueError, "slope"),
    (mip_hypernet, (None, np.zeros(1), [0.5]), {}, TypeError, "layers"),
    # magnitude_bounds
    (magnitude_bounds, ([(np.ones((3, 2)), np.ones(3)), (np.ones((1, 3)), None)], 1), {}, ValueError, "layers"),
    (magnitude_bounds, (FREE, 2), {}, ValueError, "k"),
    (magnitude_bounds, (FREE, 0), {}, ValueError, "k"),
    (magnitude_bounds, (FREE, 1.0), {}, TypeError, "k"),
    (magnitude_bounds, (FREE, True), {}, TypeError, "k"),
    (magnitude_bounds, (FREE, 1), {"slope": 1.01}, ValueError, "slope"),
    (magnitude_bounds, ([], 1), {}, ValueError, "layers"),
    # bias_asymptotic_bound
    (bias_asymptotic_bound, ([],), {}, ValueError, "layers"),
    (bias_asymptotic_bound, ([(np.ones((2, 2)), [INF, 0.0])],), {}, ValueError, "layers"),
    (bias_asymptotic_bound, ([(np.ones((2, 2)), [0.0])],), {}, ValueError, "layers"),
    (bias_asymptotic_bound, ([(np.ones((2, 2)), "b")],), {}, TypeError, "layers"),
    (bias_asymptotic_bound, (np.ones((2, 2)),), {}, TypeError, "layers"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, ragged, wrong shape, type, boolean, out of range) raises an error naming it."""
    with pytest.raises(error, match=rf"\b{argument}\b"):
        function(*args, **kwargs)
