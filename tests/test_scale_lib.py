"""Unit tests of the numpy SGDP/AdamP optimizers (input validation, extreme scales, released behaviour) and of
the S6 growth factors the family exports."""

from __future__ import annotations

import re
from collections.abc import Callable

import mpmath
import numpy as np
import pytest

from claimkit_project.fixtures.scale_problems import momentum_growth
from claimkit_project.theorems.scale_invariance.claims import GROWTH_RTOL
from claimkit_project.theorems.scale_invariance.formulas import (
    growth_factor_equal_updates,
    growth_factor_orthogonal_gradients,
)
from claimkit_project.theorems.scale_invariance.library import SGDP, AdamP, channel_view, cosine, layer_view

# -- validation --------------------------------------------------------------------------------------

W = np.array([[1.0, 2.0], [3.0, -1.0]])
NAN, INF = float("nan"), float("inf")


def _read_only() -> np.ndarray:
    w = W.copy()
    w.flags.writeable = False
    return w


def _sgdp_step(grads: object) -> None:
    SGDP([W.copy()], lr=0.1).step(grads)  # type: ignore[arg-type]


def _adamp_step(grads: object) -> None:
    AdamP([W.copy()]).step(grads)  # type: ignore[arg-type]


def _project(w: object, grad: object, update: object) -> object:
    return SGDP([W.copy()], lr=0.1).project(w, grad, update)  # type: ignore[arg-type]


#: (function, positional arguments, keyword arguments, the argument the message must name, the error).
BAD_INPUTS: list[tuple[Callable[..., object], tuple[object, ...], dict[str, object], str, type[Exception]]] = [
    # SGDP(params, lr, momentum, dampening, weight_decay, nesterov, eps, delta, wd_ratio)
    (SGDP, ([W.copy()],), {"lr": NAN}, "lr", ValueError),
    (SGDP, ([W.copy()],), {"lr": INF}, "lr", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.0}, "lr", ValueError),
    (SGDP, ([W.copy()],), {"lr": True}, "lr", TypeError),
    (SGDP, ([W.copy()],), {"lr": "0.1"}, "lr", TypeError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "momentum": 1.0}, "momentum", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "momentum": NAN}, "momentum", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "momentum": False}, "momentum", TypeError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "dampening": 1.5}, "dampening", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "dampening": -INF}, "dampening", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "weight_decay": -1.0}, "weight_decay", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "weight_decay": INF}, "weight_decay", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "nesterov": 1}, "nesterov", TypeError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "nesterov": True}, "nesterov", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}, "nesterov", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "eps": 0.0}, "eps", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "eps": NAN}, "eps", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "delta": -0.1}, "delta", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "delta": INF}, "delta", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "wd_ratio": -1.0}, "wd_ratio", ValueError),
    (SGDP, ([W.copy()],), {"lr": 0.1, "wd_ratio": True}, "wd_ratio", TypeError),
    (SGDP, ([],), {"lr": 0.1}, "params", ValueError),
    (SGDP, (W.copy(),), {"lr": 0.1}, "params", TypeError),
    (SGDP, ([W.copy().tolist()],), {"lr": 0.1}, "params[0]", TypeError),
    (SGDP, ([np.ones((2, 2), dtype=int)],), {"lr": 0.1}, "params[0]", TypeError),
    (SGDP, ([np.full((2, 2), NAN)],), {"lr": 0.1}, "params[0]", ValueError),
    (SGDP, ([np.full((2, 2), -INF)],), {"lr": 0.1}, "params[0]", ValueError),
    (SGDP, ([np.zeros((0, 3))],), {"lr": 0.1}, "params[0]", ValueError),
    (SGDP, ([np.array(1.0)],), {"lr": 0.1}, "params[0]", ValueError),
    (SGDP, ([_read_only()],), {"lr": 0.1}, "params[0]", ValueError),
    (SGDP, ([W] * 2,), {"lr": 0.1}, "params", ValueError),
    # AdamP(params, lr, betas, eps, weight_decay, delta, wd_ratio, nesterov)
    (AdamP, ([W.copy()],), {"lr": NAN}, "lr", ValueError),
    (AdamP, ([W.copy()],), {"lr": -1e-3}, "lr", ValueError),
    (AdamP, ([W.copy()],), {"betas": 0.9}, "betas", TypeError),
    (AdamP, ([W.copy()],), {"betas": (0.9, 0.99, 0.999)}, "betas", TypeError),
    (AdamP, ([W.copy()],), {"betas": (True, 0.999)}, "betas[0]", TypeError),
    (AdamP, ([W.copy()],), {"betas": (NAN, 0.999)}, "betas[0]", ValueError),
    (AdamP, ([W.copy()],), {"betas": (0.9, 1.0)}, "betas[1]", ValueError),
    (AdamP, ([W.copy()],), {"eps": -1e-8}, "eps", ValueError),
    (AdamP, ([W.copy()],), {"weight_decay": NAN}, "weight_decay", ValueError),
    (AdamP, ([W.copy()],), {"delta": -INF}, "delta", ValueError),
    (AdamP, ([W.copy()],), {"wd_ratio": INF}, "wd_ratio", ValueError),
    (AdamP, ([W.copy()],), {"nesterov": "yes"}, "nesterov", TypeError),
    (AdamP, ([np.zeros((2, 0))],), {}, "params[0]", ValueError),
    # step(grads), both optimizers
    (_sgdp_step, (W.copy(),), {}, "grads", TypeError),
    (_sgdp_step, ([],), {}, "grads", ValueError),
    (_sgdp_step, ([W.copy(), W.copy()],), {}, "grads", ValueError),
    (_sgdp_step, ([np.full((2, 2), NAN)],), {}, "grads[0]", ValueError),
    (_sgdp_step, ([np.full((2, 2), INF)],), {}, "grads[0]", ValueError),
    (_sgdp_step, ([np.ones((2, 3))],), {}, "grads[0]", ValueError),
    (_sgdp_step, ([np.ones((2, 2), dtype=bool)],), {}, "grads[0]", TypeError),
    (_sgdp_step, ([[[1.0, 2.0], [3.0, 4.0]]],), {}, "grads[0]", TypeError),
    (_adamp_step, ([np.full((2, 2), -INF)],), {}, "grads[0]", ValueError),
    (_adamp_step, ([np.zeros((0,))],), {}, "grads[0]", ValueError),
    (_adamp_step, ([np.full((2, 2), 1e200)],), {}, "grads[0]", ValueError),
    (_adamp_step, ("grads",), {}, "grads", TypeError),
    # project(w, grad, update)
    (_project, (W.tolist(), W.copy(), W.copy()), {}, "w", TypeError),
    (_project, (np.full((2, 2), NAN), W.copy(), W.copy()), {}, "w", ValueError),
    (_project, (W.copy(), np.ones((2, 3)), W.copy()), {}, "grad", ValueError),
    (_project, (W.copy(), np.full((2, 2), INF), W.copy()), {}, "grad", ValueError),
    (_project, (W.copy(), W.copy(), np.ones((2, 2), dtype=int)), {}, "update", TypeError),
    (_project, (W.copy(), W.copy(), _read_only()), {}, "update", ValueError),
    (_project, (np.zeros((0, 2)), np.zeros((0, 2)), np.zeros((0, 2))), {}, "w", ValueError),
    # cosine(x, y, eps)
    (cosine, (np.ones(3), np.ones(3), 1e-8), {}, "x", ValueError),
    (cosine, (np.ones((2, 3)), np.ones((3, 2)), 1e-8), {}, "y", ValueError),
    (cosine, (np.full((1, 3), NAN), np.ones((1, 3)), 1e-8), {}, "x", ValueError),
    (cosine, (np.ones((1, 3)), np.full((1, 3), INF), 1e-8), {}, "y", ValueError),
    (cosine, (np.zeros((0, 3)), np.zeros((0, 3)), 1e-8), {}, "x", ValueError),
    (cosine, (np.ones((1, 3), dtype=bool), np.ones((1, 3)), 1e-8), {}, "x", TypeError),
    (cosine, ([[1.0, 2.0]], np.ones((1, 2)), 1e-8), {}, "x", TypeError),
    (cosine, (np.ones((1, 3)), np.ones((1, 3)), 0.0), {}, "eps", ValueError),
    (cosine, (np.ones((1, 3)), np.ones((1, 3)), NAN), {}, "eps", ValueError),
    (cosine, (np.ones((1, 3)), np.ones((1, 3)), True), {}, "eps", TypeError),
    # channel_view(x), layer_view(x)
    (channel_view, ([1.0, 2.0],), {}, "x", TypeError),
    (channel_view, (np.array(1.0),), {}, "x", ValueError),
    (channel_view, (np.zeros((0, 2)),), {}, "x", ValueError),
    (channel_view, (np.full((2, 2), NAN),), {}, "x", ValueError),
    (layer_view, (np.ones((2, 2), dtype=bool),), {}, "x", TypeError),
    (layer_view, (np.zeros((3, 0)),), {}, "x", ValueError),
    (layer_view, (np.full((2, 2), INF),), {}, "x", ValueError),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "argument", "error"), BAD_INPUTS,
                         ids=[f"{f.__name__}-{name}-{i}" for i, (f, _, _, name, _) in enumerate(BAD_INPUTS)])
def test_bad_input_is_rejected_naming_the_argument(function: Callable[..., object], args: tuple[object, ...],
                                                   kwargs: dict[str, object], argument: str,
                                                   error: type[Exception]) -> None:
    """Bad input (NaN, ±inf, empty, wrong shape or type, out of range) raises an error naming the argument."""
    with pytest.raises(error, match=rf"(?<![\w\[]){re.escape(argument)}(?![\w\[])"):
        function(*args, **kwargs)


def test_eps_zero_is_rejected():
    """eps = 0 would make the cosine of a zero gradient 0/0: both optimizers require eps > 0."""
    with pytest.raises(ValueError, match="eps"):
        SGDP([np.ones((2, 2))], lr=0.1, eps=0.0)
    with pytest.raises(ValueError, match="eps"):
        AdamP([np.ones((2, 2))], eps=0.0)


def test_step_that_would_overflow_raises_and_changes_nothing():
    """A step whose result overflows float64 raises ValueError naming the parameter, before any change."""
    w = np.full((2, 2), 1e308)
    opt = SGDP([w], lr=1.0, momentum=0.5)
    with pytest.raises(ValueError, match=r"params\[0\]"):
        opt.step([np.full((2, 2), -1e308)])
    assert np.all(w == 1e308) and opt.state[0] == {} and opt.last_projection[0] is None


# -- extreme scales ---------------------------------------------------------------------------------


def test_cosine_is_scale_free_up_to_1e200():
    """cosine(1e200·x, 1e150·y) and cosine(1e-200·x, 1e-200·y) (eps below both norms) equal cosine(x, y)."""
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    plain = cosine(x, y, 1e-8)
    np.testing.assert_allclose(cosine(1e200 * x, 1e150 * y, 1e-8), plain, rtol=1e-14)
    np.testing.assert_allclose(cosine(1e-200 * x, 1e-200 * y, 1e-300), plain, rtol=1e-14)


def test_cosine_floor_applies_below_eps():
    """A row of norm 1e-200 < eps is divided by eps, not by its norm, as PyTorch's cosine similarity does."""
    x, y = np.array([[3.0, 4.0]]), np.array([[1.0, 0.0]])
    assert cosine(1e-200 * x, y, 1e-8)[0] == pytest.approx(3e-200 / 1e-8, rel=1e-14)


def test_sgdp_step_is_homogeneous_at_1e200_and_1e_minus_200():
    """SGDP on weights and gradients scaled by c = 1e±200 fires the same view and returns c × the unscaled step."""
    g = np.array([[2.0, -1.0], [1.0, 3.0]])  # ⊥ each row of W: the channel view fires
    ref = W.copy()
    opt = SGDP([ref], lr=0.1, momentum=0.9, weight_decay=0.01, eps=1e-300)
    opt.step([g])
    assert opt.last_projection[0] == ("channel", 0.1)
    for c in (1e200, 1e-200):
        w = c * W
        scaled = SGDP([w], lr=0.1, momentum=0.9, weight_decay=0.01, eps=1e-300)
        scaled.step([c * g])
        assert scaled.last_projection[0] == ("channel", 0.1)
        np.testing.assert_allclose(w, c * ref, rtol=1e-14)
        np.testing.assert_allclose(scaled.state[0]["momentum"], c * opt.state[0]["momentum"], rtol=1e-14)


def test_projection_of_weights_near_1e200_removes_the_radial_part():
    """AdamP's projection with weights 1e200·W removes the same radial part as with W (p_n = w/‖w‖)."""
    g = np.array([[2.0, -1.0], [1.0, 3.0]])
    update = np.array([[1.0, 1.0], [0.5, -2.0]])
    opt = AdamP([W.copy()], eps=1e-300)  # p_n = w/(‖w‖ + eps) is w/‖w‖ at both scales
    plain, ratio, view = opt.project(W.copy(), g, update.copy())
    big, big_ratio, big_view = opt.project(1e200 * W, g, update.copy())
    assert (view, ratio) == (big_view, big_ratio) == ("channel", 0.1)
    np.testing.assert_allclose(big, plain, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(np.sum(big * W, axis=1), 0.0, atol=1e-14)


def test_adamp_first_step_with_gradients_near_1e150():
    """Gradients of 1e150 (squares below float64's limit) give Adam's first update sign(g), exactly as at scale 1."""
    w = np.array([[1.0, 2.0, 3.0]])
    opt = AdamP([w], lr=0.01, delta=0.0, eps=1e-12)
    opt.step([np.array([[3e150, -2e150, 5e149]])])
    np.testing.assert_allclose(w, [[0.99, 2.01, 2.99]], rtol=1e-15)


# -- SGDP behaviour ---------------------------------------------------------------------------------------


def test_defaults_follow_the_release():
    """SGDP and AdamP defaults are those of the released v0.3.0."""
    s = SGDP([np.ones((2, 2))], lr=0.1)
    assert (s.momentum, s.dampening, s.weight_decay, s.nesterov, s.eps, s.delta, s.wd_ratio) == \
        (0.0, 0.0, 0.0, False, 1e-8, 0.1, 0.1)
    a = AdamP([np.ones((2, 2))])
    assert (a.lr, a.beta1, a.beta2, a.eps, a.weight_decay, a.delta, a.wd_ratio, a.nesterov) == \
        (1e-3, 0.9, 0.999, 1e-8, 0.0, 0.1, 0.1, False)


def test_delta_zero_gives_plain_momentum_sgd():
    """With delta = 0 nothing is projected: two steps equal heavy-ball SGD."""
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    g1, g2 = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.5, -1.0], [2.0, 0.0]])
    opt = SGDP([w], lr=0.1, momentum=0.9, delta=0.0)
    opt.step([g1])
    opt.step([g2])
    expected = np.array([[1.0, 2.0], [3.0, 4.0]]) - 0.1 * g1 - 0.1 * (0.9 * g1 + g2)
    np.testing.assert_allclose(w, expected, rtol=1e-15)


def test_channel_view_fires_when_every_row_is_orthogonal():
    """A gradient ⊥ each row fires the channel view and leaves the step orthogonal row by row."""
    w = np.array([[1.0, 2.0], [3.0, -1.0]])
    g = np.array([[2.0, -1.0], [1.0, 3.0]])
    before = w.copy()
    opt = SGDP([w], lr=0.1, eps=1e-30)
    opt.step([g])
    assert opt.last_projection[0] == ("channel", 0.1)
    np.testing.assert_allclose(np.sum((w - before) * before, axis=1), 0.0, atol=1e-15)


def test_layer_view_fires_when_only_the_whole_is_orthogonal():
    """Rows not orthogonal but the whole matrix orthogonal to the gradient: the layer view fires."""
    w = np.array([[1.0, 0.0], [0.0, 1.0]])
    g = np.array([[1.0, 0.0], [0.0, -1.0]])  # rows: cos = ±1; whole: w·g = 0
    opt = SGDP([w], lr=0.1)
    opt.step([g])
    assert opt.last_projection[0] == ("layer", 0.1)


def test_one_dimensional_parameters_are_never_projected():
    """A vector with a zero gradient gets ratio 1 and no view."""
    b = np.array([1.0, -2.0])
    opt = SGDP([b], lr=0.1)
    opt.step([np.zeros(2)])
    assert opt.last_projection[0] == (None, 1.0)


def test_zero_gradient_fires_on_a_matrix():
    """A zero gradient has cos = 0, below any positive threshold: the channel view fires."""
    opt = SGDP([np.array([[1.0, 2.0], [3.0, 4.0]])], lr=0.1)
    opt.step([np.zeros((2, 2))])
    assert opt.last_projection[0][0] == "channel"


def test_buffer_is_projected_in_place_without_nesterov():
    """Without Nesterov the stored buffer is the projected update; with Nesterov it keeps its radial part."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    radial = 0.5 * W
    for nesterov, projected in ((False, True), (True, False)):
        opt = SGDP([W.copy()], lr=0.1, momentum=0.9, nesterov=nesterov, eps=1e-30)
        opt.state[0]["momentum"] = radial.copy()
        opt.step([np.zeros_like(W)])
        inner = np.abs(np.sum(opt.state[0]["momentum"] * W, axis=1))
        assert bool(np.all(inner < 1e-12)) == projected


def test_sgdp_decay_uses_the_momentum_factor():
    """SGDP decoupled decay multiplies w by 1 − lr·wd·ratio/(1 − momentum)."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    g = 0.3 * W  # parallel to the rows: nothing fires, ratio 1
    w = W.copy()
    SGDP([w], lr=0.1, momentum=0.5, weight_decay=0.2).step([g])
    np.testing.assert_allclose(w, W * (1 - 0.1 * 0.2 / 0.5) - 0.1 * g, rtol=1e-15)


def test_none_gradient_leaves_the_parameter_alone():
    """A None gradient skips its parameter (no state, no change)."""
    w = np.ones((2, 2))
    opt = SGDP([w], lr=0.1, weight_decay=0.5)
    opt.step([None])
    assert np.all(w == 1.0) and opt.state[0] == {}


# -- AdamP behaviour --------------------------------------------------------------------------------------


def test_adamp_first_step_is_lr_times_sign():
    """Bias corrections make Adam's first update lr·g/(|g| + eps): the sign of g when eps is tiny."""
    w = np.array([[1.0, 2.0, 3.0]])
    g = np.array([[0.3, -2.0, 0.0]])
    opt = AdamP([w], lr=0.01, delta=0.0, eps=1e-12)
    opt.step([g])
    np.testing.assert_allclose(w, [[0.99, 2.01, 3.0]], rtol=1e-12)


def test_adamp_nesterov_first_step():
    """Nesterov: numerator β1·m + (1 − β1)·g with m = (1 − β1)g, step lr/(1 − β1): first step lr·(1 + β1)·sign(g)."""
    w = np.array([[1.0, 2.0]])
    opt = AdamP([w], lr=0.01, betas=(0.5, 0.999), delta=0.0, eps=1e-12, nesterov=True)
    opt.step([np.array([[1.0, -1.0]])])
    # m = 0.5 g; numerator 0.5·0.5 g + 0.5 g = 0.75 g; denom |g|; step size lr/(1 − 0.5)
    np.testing.assert_allclose(w, [[1.0 - 0.015, 2.0 + 0.015]], rtol=1e-12)


def test_adamp_decay_has_no_momentum_factor():
    """AdamP decoupled decay multiplies w by 1 − lr·wd·ratio."""
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    w = W.copy()
    opt = AdamP([w], lr=0.01, weight_decay=0.5, delta=0.0, eps=1e-12)
    opt.step([np.zeros_like(W)])
    np.testing.assert_allclose(w, W * (1 - 0.01 * 0.5), rtol=1e-15)


def test_cosine_of_a_zero_row_is_zero():
    """cosine() clamps norms with eps, so a zero row gives 0, not NaN."""
    out = cosine(np.zeros((1, 3)), np.ones((1, 3)), 1e-8)
    assert out.tolist() == [0.0]


# -- the S6 growth factors (formulas.py): closed forms declared once, callable, validated --------------


def test_growth_factors_are_the_closed_forms_and_validate_their_arguments():
    """growth_factor_equal_updates(β, t) = 1 + 2β(1 − β^t)/(1 − β), growth_factor_orthogonal_gradients(β, t)
    = ((1 − β^{t+1})/(1 − β))²; β outside [0, 1) or a non-integer t is refused, naming the argument."""
    assert growth_factor_equal_updates(0.5, 3) == pytest.approx(1 + 2 * 0.5 * (1 - 0.5**3) / 0.5, rel=1e-15)
    assert growth_factor_orthogonal_gradients(0.5, 3) == pytest.approx(((1 - 0.5**4) / 0.5) ** 2, rel=1e-15)
    assert growth_factor_equal_updates(0.0, 0) == growth_factor_orthogonal_gradients(0.0, 0) == 1.0
    with pytest.raises(ValueError, match="beta = 1.0 is outside its domain"):
        growth_factor_equal_updates(1.0, 3)
    with pytest.raises(ValueError, match="t must be an integer"):
        growth_factor_orthogonal_gradients(0.5, 2.5)
    with pytest.raises(TypeError, match="beta must be a real number"):
        growth_factor_equal_updates("0.5", 3)


@pytest.mark.parametrize(("beta", "t"), [(0.9999999999998691, 80502), (1 - 1e-10, 100), (0.9999999999999998, 46752),
                                         (0.5, 10**6), (5e-324, 1210), (0.0, 0)])
def test_growth_factors_near_beta_one_stay_within_their_float64_tolerance(beta: float, t: int):
    """Where 1 − β^t cancels, float64 stays within GROWTH_RTOL of the run's recursion at 40 digits; and the
    recursion in float64 (the check's ground truth) is far closer still."""
    for formula, gradients in ((growth_factor_equal_updates, "equal_updates"),
                               (growth_factor_orthogonal_gradients, "orthogonal")):
        exact = momentum_growth(beta, t, gradients, 40)
        assert abs(formula(beta, t) - exact) <= GROWTH_RTOL * exact
        assert abs(momentum_growth(beta, t, gradients) - exact) <= 1e-9 * exact


def test_the_declared_orthogonal_factor_is_the_statement_form_at_fifty_digits():
    """(1 + β(1 − β^t)/(1 − β))², as declared, equals ((1 − β^{t+1})/(1 − β))² at 50 digits."""
    with mpmath.workdps(50):
        for beta, t in ((0.3, 0), (0.9, 7), (0.999, 1000)):
            b = mpmath.mpf(beta)
            stated = ((1 - b ** (t + 1)) / (1 - b)) ** 2
            declared = growth_factor_orthogonal_gradients.at_precision(50, beta, t)
            assert abs(declared - stated) <= mpmath.mpf(10) ** -45 * stated
