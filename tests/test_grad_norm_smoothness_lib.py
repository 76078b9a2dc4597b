"""Unit tests for the Gradient-Normalized Smoothness library: gns_minimize and logistic_qsc_constant.

The claims grad_norm_smoothness.library_minimize, grad_norm_smoothness.logistic_qsc and
grad_norm_smoothness.qsc_norms_and_sharpness check the same functions against the port, known minimisers and
30-digit derivatives; these tests pin hand-computed values, the input validation (one table) and extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.grad_norm_smoothness.library import GNSResult, gns_minimize, logistic_qsc_constant


def _half_square(scale: float = 1.0):
    """f(x) = c‖x‖²/2 with its gradient and Hessian."""
    return (lambda x: scale * 0.5 * float(x @ x), lambda x: scale * np.asarray(x, dtype=float),
            lambda x: scale * np.eye(np.size(x)))


# -- hand-computed values ----------------------------------------------------------------------------------


def test_two_steps_on_a_half_square():
    """f = x²/2 from 2, γ₀ = 1: λ₀ = 2, Δ₀ = −2/3 (test 10/9 ≥ 1/9: accepted, γ = 2); λ₁ = 2/3, Δ₁ = −4/5:
    x₂ = 8/15, f = (2, 8/9, 32/225), γ = (1, 2, 4), no rejection."""
    res = gns_minimize(*_half_square(), [2.0], max_iterations=2)
    assert isinstance(res, GNSResult)
    assert res.x == pytest.approx([8 / 15], rel=1e-15)
    np.testing.assert_allclose(res.f, [2.0, 8 / 9, 32 / 225], rtol=1e-15)
    np.testing.assert_array_equal(res.gamma, [1.0, 2.0, 4.0])
    assert res.rejections == (0, 0) and res.iterations == 2 and res.status == "iteration limit"


def test_zero_gradient_stops_at_once():
    """At the minimiser the gradient is exactly 0: no step, no 0/0."""
    res = gns_minimize(*_half_square(), [0.0, 0.0])
    assert res.iterations == 0 and res.status == "gradient tolerance" and res.grad_norm == 0.0


def test_target_value_stops_the_run():
    """f_target = 1: x₁ = 4/3 has f = 8/9 ≤ 1, the run stops there."""
    res = gns_minimize(*_half_square(), [2.0], f_target=1.0)
    assert res.iterations == 1 and res.status == "target value" and res.x == pytest.approx([4 / 3], rel=1e-15)


def test_metric_changes_the_dual_norm():
    """f = x²/2 from 2 with B = [[4]]: ‖g‖_* = 2/2 = 1, λ₀ = 1, Δ₀ = −2/(1 + 4) = −2/5."""
    res = gns_minimize(*_half_square(), [2.0], metric=[[4.0]], max_iterations=1)
    assert res.x == pytest.approx([1.6], rel=1e-15)


def test_indefinite_start_is_handled():
    """Rosenbrock from (0, 1), where H₀ + λ₀I is indefinite (the release raises): failed factorisations count as
    rejections, and the run reaches (1, 1)."""
    def f(p):
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2

    def g(p):
        return np.array([2 * (p[0] - 1) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)])

    def h(p):
        return np.array([[2 - 400 * (p[1] - 3 * p[0] ** 2), -400 * p[0]], [-400 * p[0], 200.0]])

    res = gns_minimize(f, g, h, [0.0, 1.0], grad_rtol=1e-12)
    assert res.rejections[0] >= 1
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-8)


def test_qsc_constant_of_one_row():
    """a = (3, 4): ‖a‖₂ = 5 for ‖v‖₂, ‖a‖₁ = 7 for ‖v‖_∞, ‖a‖_∞ = 4 for ‖v‖₁; with B = diag(4, 1),
    (aᵀB⁻¹a)^{1/2} = (9/4 + 16)^{1/2}."""
    a = [[3.0, 4.0]]
    assert logistic_qsc_constant(a) == 5.0
    assert logistic_qsc_constant(a, norm=math.inf) == 7.0
    assert logistic_qsc_constant(a, norm=1) == 4.0
    assert logistic_qsc_constant(a, metric=np.diag([4.0, 1.0])) == pytest.approx(math.sqrt(18.25), rel=1e-15)


def test_qsc_constant_is_the_largest_row_and_zero_for_zero_rows():
    assert logistic_qsc_constant([[3.0, 4.0], [1.0, 0.0], [0.0, -2.0]]) == 5.0
    assert logistic_qsc_constant(np.zeros((2, 3))) == 0.0


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----------

_F, _G, _H = _half_square()
_X = [1.0, 2.0]
BAD_INPUTS = [
    # gns_minimize: the callables
    (gns_minimize, (None, _G, _H, _X), {}, TypeError, "fun"),
    (gns_minimize, (3.0, _G, _H, _X), {}, TypeError, "fun"),
    (gns_minimize, (_F, "grad", _H, _X), {}, TypeError, "grad"),
    (gns_minimize, (_F, _G, [[1.0]], _X), {}, TypeError, "hess"),
    # gns_minimize: x0
    (gns_minimize, (_F, _G, _H, None), {}, TypeError, "x0"),
    (gns_minimize, (_F, _G, _H, 3.0), {}, TypeError, "x0"),
    (gns_minimize, (_F, _G, _H, "ab"), {}, TypeError, "x0"),
    (gns_minimize, (_F, _G, _H, [[1.0, 2.0]]), {}, ValueError, "x0"),
    (gns_minimize, (_F, _G, _H, []), {}, ValueError, "x0"),
    (gns_minimize, (_F, _G, _H, [1.0, float("nan")]), {}, ValueError, "x0"),
    (gns_minimize, (_F, _G, _H, [float("inf"), 0.0]), {}, ValueError, "x0"),
    (gns_minimize, (_F, _G, _H, [True, False]), {}, TypeError, "x0"),
    (gns_minimize, (_F, _G, _H, [1j, 0.0]), {}, TypeError, "x0"),
    (gns_minimize, (_F, _G, _H, [[1.0], [2.0, 3.0]]), {}, ValueError, "x0"),
    # gns_minimize: gamma0, gamma_min
    (gns_minimize, (_F, _G, _H, _X), {"gamma0": 0.0}, ValueError, "gamma0"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma0": -1.0}, ValueError, "gamma0"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma0": float("nan")}, ValueError, "gamma0"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma0": float("inf")}, ValueError, "gamma0"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma0": True}, TypeError, "gamma0"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma0": "1"}, TypeError, "gamma0"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma0": None}, TypeError, "gamma0"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma_min": 0.0}, ValueError, "gamma_min"),
    (gns_minimize, (_F, _G, _H, _X), {"gamma_min": np.bool_(True)}, TypeError, "gamma_min"),
    # gns_minimize: metric
    (gns_minimize, (_F, _G, _H, _X), {"metric": np.eye(3)}, ValueError, "metric"),
    (gns_minimize, (_F, _G, _H, _X), {"metric": [[1.0, 0.5], [0.0, 1.0]]}, ValueError, "metric"),
    (gns_minimize, (_F, _G, _H, _X), {"metric": [[1.0, 2.0], [2.0, 1.0]]}, ValueError, "metric"),
    (gns_minimize, (_F, _G, _H, _X), {"metric": [[1.0, float("nan")], [0.0, 1.0]]}, ValueError, "metric"),
    (gns_minimize, (_F, _G, _H, _X), {"metric": [[True, False], [False, True]]}, TypeError, "metric"),
    (gns_minimize, (_F, _G, _H, _X), {"metric": "eye"}, TypeError, "metric"),
    (gns_minimize, (_F, _G, _H, _X), {"metric": [1.0, 1.0]}, ValueError, "metric"),
    # gns_minimize: counts and tolerances
    (gns_minimize, (_F, _G, _H, _X), {"max_iterations": -1}, ValueError, "max_iterations"),
    (gns_minimize, (_F, _G, _H, _X), {"max_iterations": 10**8}, ValueError, "max_iterations"),
    (gns_minimize, (_F, _G, _H, _X), {"max_iterations": 1.5}, TypeError, "max_iterations"),
    (gns_minimize, (_F, _G, _H, _X), {"max_iterations": True}, TypeError, "max_iterations"),
    (gns_minimize, (_F, _G, _H, _X), {"max_trials": 0}, ValueError, "max_trials"),
    (gns_minimize, (_F, _G, _H, _X), {"max_trials": 201}, ValueError, "max_trials"),
    (gns_minimize, (_F, _G, _H, _X), {"max_trials": 2.0}, TypeError, "max_trials"),
    (gns_minimize, (_F, _G, _H, _X), {"grad_rtol": -1e-3}, ValueError, "grad_rtol"),
    (gns_minimize, (_F, _G, _H, _X), {"grad_rtol": float("nan")}, ValueError, "grad_rtol"),
    (gns_minimize, (_F, _G, _H, _X), {"grad_rtol": False}, TypeError, "grad_rtol"),
    (gns_minimize, (_F, _G, _H, _X), {"f_target": float("nan")}, ValueError, "f_target"),
    (gns_minimize, (_F, _G, _H, _X), {"f_target": "0"}, TypeError, "f_target"),
    (gns_minimize, (_F, _G, _H, _X), {"f_target": True}, TypeError, "f_target"),
    # gns_minimize: what the callables return at x0
    (gns_minimize, (lambda x: float("nan"), _G, _H, _X), {}, ValueError, "fun"),
    (gns_minimize, (lambda x: np.ones(2), _G, _H, _X), {}, ValueError, "fun"),
    (gns_minimize, (_F, lambda x: np.ones(3), _H, _X), {}, ValueError, "grad"),
    (gns_minimize, (_F, lambda x: np.array([np.inf, 0.0]), _H, _X), {}, ValueError, "grad"),
    (gns_minimize, (_F, _G, lambda x: np.eye(3), _X), {}, ValueError, "hess"),
    (gns_minimize, (_F, _G, lambda x: np.full((2, 2), np.nan), _X), {}, ValueError, "hess"),
    # logistic_qsc_constant: features
    (logistic_qsc_constant, (None,), {}, TypeError, "features"),
    (logistic_qsc_constant, (3.0,), {}, TypeError, "features"),
    (logistic_qsc_constant, ([1.0, 2.0],), {}, ValueError, "features"),
    (logistic_qsc_constant, (np.zeros((0, 2)),), {}, ValueError, "features"),
    (logistic_qsc_constant, ([[1.0, float("nan")]],), {}, ValueError, "features"),
    (logistic_qsc_constant, ([[True, False]],), {}, TypeError, "features"),
    (logistic_qsc_constant, ([["a", "b"]],), {}, TypeError, "features"),
    (logistic_qsc_constant, ([[1j, 0.0]],), {}, TypeError, "features"),
    (logistic_qsc_constant, ([[1.5e308, 1.5e308]],), {}, ValueError, "features"),
    # logistic_qsc_constant: norm, metric
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"norm": 3}, ValueError, "norm"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"norm": 0}, ValueError, "norm"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"norm": float("nan")}, ValueError, "norm"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"norm": True}, TypeError, "norm"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"norm": "2"}, TypeError, "norm"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"norm": None}, TypeError, "norm"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"norm": 1, "metric": np.eye(2)}, ValueError, "norm"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"metric": np.eye(3)}, ValueError, "metric"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"metric": -np.eye(2)}, ValueError, "metric"),
    (logistic_qsc_constant, ([[3.0, 4.0]],), {"metric": [[1.0, 0.0], [1.0, 1.0]]}, ValueError, "metric"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, shape, type, boolean, out of range) raises an error naming the argument."""
    with pytest.raises(error, match=rf"\b{argument}\b"):
        function(*args, **kwargs)


# -- extreme scales --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exponent", [-150, -40, 40, 150])
def test_iterates_are_bitwise_invariant_under_powers_of_four(exponent):
    """f → 4^j f: λ, H, f and the test scale together, and Cholesky's square roots of 4^j are exact."""
    base = gns_minimize(*_half_square(), [2.0, -1.0], grad_rtol=1e-12)
    scaled = gns_minimize(*_half_square(4.0**exponent), [2.0, -1.0], grad_rtol=1e-12)
    np.testing.assert_array_equal(scaled.x, base.x)
    np.testing.assert_array_equal(scaled.gamma, base.gamma)
    assert scaled.rejections == base.rejections


@pytest.mark.parametrize("exponent", [-300, 300])
def test_extreme_scales_of_f(exponent):
    """f = 10^e ‖x‖²/2 at e = ±300 runs as f = ‖x‖²/2 (to rounding) for 5 steps: ‖g‖² would overflow at 1e300 and
    underflow to 0 at 1e-300 if it were formed."""
    base = gns_minimize(*_half_square(), [2.0, -1.0], max_iterations=5)
    scaled = gns_minimize(*_half_square(10.0**exponent), [2.0, -1.0], max_iterations=5)
    assert scaled.iterations == base.iterations == 5 and scaled.rejections == base.rejections
    np.testing.assert_allclose(scaled.x, base.x, rtol=1e-12)


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1e150, 1e300])
def test_qsc_constant_at_extreme_scales(scale):
    """M(cA) = cM(A) for rows up to 1e300 and down to 1e-300 (the squared norms would overflow or underflow)."""
    a = np.array([[3.0, 4.0], [1.0, -2.0]])
    assert logistic_qsc_constant(a * scale) == pytest.approx(5.0 * scale, rel=1e-15)
    assert logistic_qsc_constant(a * scale, norm=math.inf) == pytest.approx(7.0 * scale, rel=1e-15)
    assert logistic_qsc_constant(a * scale, metric=np.diag([4.0, 1.0])) == pytest.approx(
        math.sqrt(18.25) * scale, rel=1e-15)
