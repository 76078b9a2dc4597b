"""The adapters of the conformance family, pinned on steps computed by hand and on their input validation.

They need torch and the packages of ``theorems/conformance/__init__.py``'s REQUIRES: without torch the whole module
is skipped, and each test that needs another package skips without it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

pytest.importorskip("torch")

from claimkit_project.theorems.adahessian_hutchinson.formulas import ReleaseState  # noqa: E402
from claimkit_project.theorems.adahessian_hutchinson.library import init_state  # noqa: E402
from claimkit_project.theorems.conformance import adapters_torch as T  # noqa: E402


def _needs(name: str) -> None:
    pytest.importorskip(name)


# -- the SGDP/AdamP interface -------------------------------------------------------------------------------------


@pytest.mark.parametrize("package", ["adamp", "pytorch_optimizer"])
def test_sgdp_decays_a_bias_and_projects_a_weight_by_hand(package: str) -> None:
    """A bias vector: b(1 − lr·wd/(1 − μ)) − lr·g, no projection. A 2 × 2 weight whose gradient is ⊥ each row: the
    channel view fires, the update (⊥ already) is unchanged, the decay is cut by wd_ratio = 0.1."""
    _needs(package)
    cls = _sgdp(package)
    b = np.array([0.5, -1.0])
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    g_w = np.array([[2.0, -1.0], [1.0, 3.0]])
    opt = cls([W, b], lr=0.1, momentum=0.5, weight_decay=0.1)
    opt.step([g_w, np.array([1.0, 2.0])])
    np.testing.assert_allclose(b, np.array([0.5, -1.0]) * (1 - 0.1 * 0.1 / 0.5) - 0.1 * np.array([1.0, 2.0]),
                               rtol=1e-15)
    np.testing.assert_allclose(W, np.array([[1.0, 2.0], [3.0, -1.0]]) * (1 - 0.1 * 0.1 * 0.1 / 0.5) - 0.1 * g_w,
                               rtol=1e-12, atol=1e-15)
    assert opt.last_projection == [("channel", 0.1), (None, 1.0)]
    assert (opt.delta, opt.wd_ratio, opt.eps) == (0.1, 0.1, 1e-8)
    np.testing.assert_array_equal(opt.state[1]["momentum"], np.array([1.0, 2.0]))


def _sgdp(package: str) -> type:
    if package == "adamp":
        from claimkit_project.theorems.conformance.adapters_adamp import AdampSGDP

        return AdampSGDP
    from claimkit_project.theorems.conformance.adapters_pytorch_optimizer import PyoptSGDP

    return PyoptSGDP


def test_the_stored_buffer_after_a_fired_view_tells_the_packages_apart() -> None:
    """Zero gradient, buffer 0.5 W, momentum 0.9: adamp projects the stored buffer in place (⊥ each row), and
    pytorch-optimizer keeps 0.45 W (its update is a copy)."""
    _needs("adamp")
    _needs("pytorch_optimizer")
    W = np.array([[1.0, 2.0], [3.0, -1.0]])
    stored = {}
    for package in ("adamp", "pytorch_optimizer"):
        opt = _sgdp(package)([W.copy()], lr=0.1, momentum=0.9, eps=1e-30)
        opt.state[0]["momentum"] = 0.5 * W
        opt.step([np.zeros_like(W)])
        stored[package] = opt.state[0]["momentum"]
    np.testing.assert_allclose(np.sum(stored["adamp"] * W, axis=1), 0.0, atol=1e-14)
    np.testing.assert_allclose(stored["pytorch_optimizer"], 0.45 * W, rtol=1e-15)


def test_pytorch_optimizer_adamp_reads_the_group_step_and_refuses_a_ratio_of_one() -> None:
    _needs("pytorch_optimizer")
    from claimkit_project.theorems.conformance.adapters_pytorch_optimizer import PyoptAdamP, PyoptSGDP

    opt = PyoptAdamP([np.ones(2), np.ones(3)], lr=0.1)
    opt.step([np.ones(2), None])
    opt.step([np.ones(2), np.ones(3)])
    assert (opt.state[0]["step"], opt.state[1]["step"]) == (2, 2)  # the release would have 2 and 1
    with pytest.raises(T.PackageRefused, match="wd_ratio"):
        PyoptSGDP([np.ones((2, 2))], lr=0.1, wd_ratio=1.0)


@pytest.mark.parametrize("package", ["adamp", "pytorch_optimizer"])
def test_project_fires_the_channel_view_on_an_orthogonal_gradient(package: str) -> None:
    _needs(package)
    opt = _sgdp(package)([np.ones((2, 2))], lr=0.1)
    w = np.eye(2)
    g = np.array([[0.0, 1.0], [1.0, 0.0]])
    update = np.array([[1.0, 1.0], [0.0, 2.0]])
    out, ratio, view = opt.project(w, g, update)
    assert (view, ratio) == ("channel", 0.1)
    np.testing.assert_allclose(out, np.array([[0.0, 1.0], [0.0, 0.0]]), atol=1e-7)  # the radial parts removed


@pytest.mark.parametrize("package", ["adamp", "pytorch_optimizer"])
def test_views_are_the_packages(package: str) -> None:
    _needs(package)
    if package == "adamp":
        from claimkit_project.theorems.conformance.adapters_adamp import VIEWS
    else:
        from claimkit_project.theorems.conformance.adapters_pytorch_optimizer import VIEWS
    x = np.arange(12.0).reshape(2, 3, 2)
    np.testing.assert_array_equal(VIEWS["channel"](x), x.reshape(2, 6))
    np.testing.assert_array_equal(VIEWS["layer"](x), x.reshape(1, 12))
    assert list(VIEWS) == ["channel", "layer"]


def test_torch_adam_first_step_by_hand_and_its_validation() -> None:
    """Adam's first step is lr·g/(|g| + eps): w = (1, 0), g = (0, 2) gives (1, −0.1)."""
    w = np.array([[1.0, 0.0]])
    opt = T.TorchAdam([w], lr=0.1, eps=1e-12, delta=0.0)
    opt.step([np.array([[0.0, 2.0]])])
    np.testing.assert_allclose(w, np.array([[1.0, -0.1]]), atol=1e-12)
    assert opt.last_projection == [(None, 1.0)] and opt.state[0]["step"] == 1
    with pytest.raises(ValueError, match="no projection"):
        T.TorchAdam([np.ones(2)], delta=0.1)
    with pytest.raises(TypeError, match="takes"):
        T.TorchAdamW([np.ones(2)], momentum=0.9)


@pytest.mark.parametrize(("params", "grads", "error", "message"), [
    (np.ones(2), None, TypeError, "wrap one array"),
    ([np.ones(2, dtype=int)], None, TypeError, "floats"),
    ([np.array([1.0, np.nan])], None, ValueError, "NaN"),
    ([np.ones(2)], [np.ones(2), np.ones(2)], ValueError, "2 gradients for 1"),
    ([np.ones(2)], [np.ones(3)], ValueError, "shape"),
    ([np.ones(2)], [np.array([1, 2], dtype=object)], TypeError, "floats"),
])
def test_the_optimizer_interface_validates_its_input(params, grads, error, message) -> None:
    with pytest.raises(error, match=message):
        opt = T.TorchAdam(params, lr=0.1)
        opt.step(grads)


def test_torch_sgd_heavy_ball_by_hand() -> None:
    """g = (1, 0) throughout, lr 0.5, momentum 0.9: w₁ = (0.5, 2), buffer 1.9, w₂ = (−0.45, 2)."""
    traj = T.torch_sgd_run(lambda w: np.array([1.0, 0.0]), np.array([1.0, 2.0]), 2, lr=0.5, momentum=0.9)
    np.testing.assert_allclose(traj, [[1.0, 2.0], [0.5, 2.0], [-0.45, 2.0]], rtol=1e-15)
    with pytest.raises(ValueError, match="shape"):
        T.torch_sgd_run(lambda w: np.zeros(3), np.ones(2), 1, lr=0.1)
    with pytest.raises(ValueError, match="steps"):
        T.torch_sgd_run(lambda w: np.zeros(2), np.ones(2), -1, lr=0.1)


# -- Lion -----------------------------------------------------------------------------------------------------------


def _lion(package: str):
    _needs(package)
    if package == "lion_pytorch":
        from claimkit_project.theorems.conformance.adapters_lion_pytorch import lion_step
    else:
        from claimkit_project.theorems.conformance.adapters_pytorch_optimizer import lion_step
    return lion_step


@pytest.mark.parametrize("package", ["lion_pytorch", "pytorch_optimizer"])
def test_lion_step_by_hand(package: str) -> None:
    """x(1 − ηλ) = (0.95, −0.95, 0.475); c = 0.9m + 0.1g = (0.55, 0.1, −0.8); x − η sign c; m ← 0.99m + 0.01g."""
    step = _lion(package)
    x, m, g = np.array([1.0, -1.0, 0.5]), np.array([0.5, 0.0, -1.0]), np.array([1.0, 1.0, 1.0])
    x1, m1 = step(x, m, g, 0.1, (0.9, 0.99), 0.5)
    np.testing.assert_allclose(x1, [0.85, -1.05, 0.575], rtol=1e-15)
    np.testing.assert_allclose(m1, [0.505, 0.01, -0.98], rtol=1e-15)
    np.testing.assert_array_equal(x, [1.0, -1.0, 0.5])  # inputs unchanged
    rows, _ = step(np.vstack([x, x]), np.vstack([m, m]), np.vstack([g, g]), np.array([[0.1], [0.2]]), (0.9, 0.99),
                   np.array([[0.5], [0.0]]))
    np.testing.assert_allclose(rows, [[0.85, -1.05, 0.575], [0.8, -1.2, 0.7]], rtol=1e-15)


@pytest.mark.parametrize("package", ["lion_pytorch", "pytorch_optimizer"])
def test_lion_step_validates_its_input(package: str) -> None:
    step = _lion(package)
    with pytest.raises(TypeError, match="floats"):
        step(np.array([1], dtype=object), np.zeros(1), np.zeros(1), 0.1)
    with pytest.raises(ValueError, match="one shape"):
        step(np.zeros(2), np.zeros(3), np.zeros(2), 0.1)
    with pytest.raises(ValueError, match="one value per row"):
        step(np.zeros(2), np.zeros(2), np.zeros(2), np.array([[0.1], [0.2]]))
    with pytest.raises(TypeError, match="pair"):
        step(np.zeros(2), np.zeros(2), np.zeros(2), 0.1, betas=0.9)


def test_subnormal_momentum_takes_no_step_in_either_package() -> None:
    """m = 2⁻¹⁰⁷⁴, g = 0, β1 = 1/2: the exact c is 2⁻¹⁰⁷⁵ > 0, but both packages round it to 0 and only decay."""
    for package in ("lion_pytorch", "pytorch_optimizer"):
        x1, _ = _lion(package)(np.array([0.5]), np.array([5e-324]), np.array([0.0]), 0.01, (0.5, 0.99), 0.5)
        assert x1[0] == 0.5 * (1 - 0.01 * 0.5)


# -- AdaHessian ---------------------------------------------------------------------------------------------------


def _adahessian():
    _needs("pytorch_optimizer")
    from claimkit_project.theorems.conformance import adapters_pytorch_optimizer as P

    return P


def test_adahessian_first_step_lands_on_the_minimiser_by_hand() -> None:
    """f = h(x − c)²/2 with h = 2, c = 1, x₀ = 3, lr 1, eps 0: m̂ = g = 4, √ŝ = 2, x₁ = 3 − 4/2 = 1."""
    P = _adahessian()
    (x1,) = P.adahessian_run(lambda x: 2.0 * (x - 1.0), lambda x, v: 2.0 * v, np.array([3.0]), 1,
                             np.random.default_rng(0), lr=1.0, eps=0.0)
    np.testing.assert_allclose(x1, [1.0], rtol=1e-15)


def test_adahessian_step_with_an_external_estimate_by_hand() -> None:
    """x = 1, g = 2, D = 4, lr 0.1, eps 0, k = 1: x₁ = 1 − 0.1·2/4 = 0.95; m = 0.2, r = √(0.001·16)."""
    P = _adahessian()
    x1, state = P.adahessian_step(np.array([1.0]), np.array([2.0]), np.array([4.0]), init_state(1), lr=0.1, eps=0.0)
    np.testing.assert_allclose(x1, [0.95], rtol=1e-14)
    np.testing.assert_allclose([state.m[0], state.r[0], state.t], [0.2, math.sqrt(0.016), 1], rtol=1e-14)
    with pytest.raises(T.PackageRefused, match="Hessian Power"):
        P.adahessian_step(np.array([1.0]), np.array([2.0]), np.array([4.0]), init_state(1), hessian_power=0.0)
    with pytest.raises(TypeError, match="takes"):
        P.adahessian_step(np.array([1.0]), np.array([2.0]), np.array([4.0]), init_state(1), momentum=0.9)


def test_adahessian_estimator_and_optimizer_step_call_the_oracles_once() -> None:
    P = _adahessian()
    seen = []
    est = P.hutchinson_diagonal(lambda z: seen.append(z.copy()) or 3.0 * z, dim=2, probes=2, rng=0)
    np.testing.assert_allclose(est, [3.0, 3.0], rtol=1e-15)
    assert len(seen) == 2 and all(np.all(np.abs(z) == 1) for z in seen)
    calls = {"grad": 0, "hvp": 0}

    def grad_fn(ps):
        calls["grad"] += 1
        return [2.0 * p for p in ps]

    def hvp_fn(ps, vs):
        calls["hvp"] += 1
        return [2.0 * v for v in vs]

    params = [np.ones(3), np.ones((2, 2))]
    states = [ReleaseState(np.zeros(p.shape), np.zeros(p.shape), 0) for p in params]
    out, new = P.adahessian_optimizer_step(params, grad_fn, hvp_fn, np.random.default_rng(0), states, lr=0.1)
    assert calls == {"grad": 1, "hvp": 1} and [s.t for s in new] == [1, 1]
    np.testing.assert_allclose(out[0], np.full(3, 1 - 0.1 * 2 / (2 + 1e-4)), rtol=1e-14)
    with pytest.raises(ValueError, match="share t"):
        P.adahessian_optimizer_step(params, grad_fn, hvp_fn, np.random.default_rng(0),
                                    [states[0], ReleaseState(np.zeros((2, 2)), np.zeros((2, 2)), 3)])


# -- trl ----------------------------------------------------------------------------------------------------------


def test_trl_group_advantage_and_its_float32_bessel_factor() -> None:
    """Groups (1, 0, 0, 0) and (1, 1, 0, 0): means 1/4 and 1/2, Bessel stds 1/2 and √(1/3), so with eps = 0 the
    advantages are (1.5, −0.5, −0.5, −0.5) and ±0.5/√(1/3); trl's nanstd takes count/(count − 1) in float32, so the
    first is not exactly 1.5 in float64."""
    _needs("trl")
    from claimkit_project.theorems.conformance.adapters_trl import group_advantages

    adv = group_advantages(np.array([1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0]), 4, eps=0.0)
    np.testing.assert_allclose(adv[:4], [1.5, -0.5, -0.5, -0.5], rtol=1e-7)
    np.testing.assert_allclose(adv[4:], [0.5 / math.sqrt(1 / 3)] * 2 + [-0.5 / math.sqrt(1 / 3)] * 2, rtol=1e-7)
    assert adv[0] != 1.5
    trainer = group_advantages(np.array([1.0, 0.0, 0.0, 0.0]), 4)  # the trainer's eps = 1e-4
    np.testing.assert_allclose(trainer[0], 0.75 / (0.5 + 1e-4), rtol=1e-7)
    for rewards, size, message in ((np.ones(4), 1, "group_size"), (np.ones(5), 2, "groups of 2"),
                                   (np.ones((2, 2)), 2, "one-dimensional")):
        with pytest.raises(ValueError, match=message):
            group_advantages(rewards, size)
