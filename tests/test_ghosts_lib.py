"""Unit tests for the Ghosts-of-Softmax library functions: taylor_radius and controller_step."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from claimkit_project.checks.ghosts.numerics import nearest_polynomial_zero
from claimkit_project.theorems.ghosts.library import RadiusReport, controller_step, taylor_radius


def test_binary_tie_gives_pi_over_spread_for_bound_and_exact_radius():
    """Two tied logits with slopes (1, 0): bound and exact binary radius are both π."""
    rep = taylor_radius([0.0, 0.0], [1.0, 0.0])
    assert isinstance(rep, RadiusReport)
    assert rep.spread == 1.0
    assert rep.bound == pytest.approx(math.pi)
    assert rep.exact_binary == pytest.approx(math.pi)
    assert rep.r is None


def test_exact_binary_radius_matches_nearest_polynomial_zero():
    """The exact binary radius equals the nearest zero of e^{z1 + 2t} + e^{z2} found by polyroots."""
    z = [1.3, -0.4]
    rep = taylor_radius(z, [2.0, 0.0])
    rho, _ = nearest_polynomial_zero([mpmath.exp(z[0]), mpmath.exp(z[1])], [2, 0])
    assert rep.exact_binary == pytest.approx(float(rho), rel=1e-12)
    assert rep.bound <= rep.exact_binary


def test_multiclass_has_no_exact_radius_and_bound_uses_spread():
    """Three classes: exact_binary is None and the bound is π/(max a − min a)."""
    rep = taylor_radius([0.1, 0.2, 0.3], [-1.0, 0.5, 3.0])
    assert rep.exact_binary is None
    assert rep.bound == pytest.approx(math.pi / 4.0)


def test_batch_bound_uses_the_steepest_sample():
    """For a batch of rows the spread is the largest per-row spread."""
    rep = taylor_radius([[0.0, 1.0, 2.0], [0.0, 0.0, 0.0]], [[0.0, 1.0, 0.5], [0.0, -3.0, 2.0]])
    assert rep.spread == 5.0
    assert rep.bound == pytest.approx(math.pi / 5.0)


def test_zero_spread_gives_infinite_radius_not_an_error():
    """Equal slopes: the loss is affine in τ, the radius is +inf and r is 0."""
    rep = taylor_radius([0.3, -1.0], [2.0, 2.0], step=5.0)
    assert rep.spread == 0.0
    assert math.isinf(rep.bound) and math.isinf(rep.exact_binary)
    assert rep.r == 0.0


def test_normalized_step_is_step_times_spread_over_pi():
    """r = τ Δ_a / π."""
    rep = taylor_radius([0.0, 0.0, 0.0], [0.0, 1.0, 2.0], step=math.pi)
    assert rep.r == pytest.approx(2.0)


def test_jacobian_and_direction_give_the_same_slopes():
    """jacobian @ (direction/‖direction‖) is used as the slopes; the direction is normalized."""
    rng = np.random.default_rng(0)
    J = rng.normal(size=(3, 5))
    v = rng.normal(size=5)
    a = J @ (v / np.linalg.norm(v))
    by_slopes = taylor_radius([0.0, 1.0, 2.0], a)
    by_jac = taylor_radius([0.0, 1.0, 2.0], jacobian=J, direction=7.0 * v)
    assert by_jac.bound == pytest.approx(by_slopes.bound, rel=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"logits": [1.0], "slopes": [1.0]}, "logits must have shape"),
        ({"logits": [[[1.0, 2.0]]], "slopes": [1.0, 2.0]}, "logits must have shape"),
        ({"logits": [1.0, float("nan")], "slopes": [1.0, 2.0]}, "logits must be finite"),
        ({"logits": [1.0, 2.0], "slopes": [1.0, float("inf")]}, "slopes must be finite"),
        ({"logits": [1.0, 2.0], "slopes": [1.0, 2.0, 3.0]}, "slopes must have the same shape"),
        ({"logits": [1.0, 2.0]}, "exactly one of slopes"),
        ({"logits": [1.0, 2.0], "slopes": [1.0, 2.0], "jacobian": np.zeros((2, 3))}, "exactly one of slopes"),
        ({"logits": [1.0, 2.0], "jacobian": np.zeros((2, 3))}, "needs direction"),
        ({"logits": [1.0, 2.0], "jacobian": np.zeros((3, 3)), "direction": np.ones(3)}, "jacobian must have shape"),
        ({"logits": [1.0, 2.0], "jacobian": np.zeros((2, 3)), "direction": np.ones(4)}, "direction must be a vector"),
        ({"logits": [1.0, 2.0], "jacobian": np.zeros((2, 3)), "direction": np.zeros(3)}, "direction must be non-zero"),
        ({"logits": [1.0, 2.0], "slopes": [1.0, 2.0], "step": -1.0}, "step must be a finite non-negative"),
        ({"logits": [1.0, 2.0], "slopes": [1.0, 2.0], "step": float("nan")}, "step must be a finite non-negative"),
        ({"logits": "abc", "slopes": [1.0, 2.0]}, "logits must be an array of real numbers"),
    ],
)
def test_taylor_radius_rejects_bad_input_with_a_named_argument(kwargs, match):
    """Bad shapes and non-finite values raise ValueError naming the argument and what was expected."""
    logits = kwargs.pop("logits")
    with pytest.raises(ValueError, match=match):
        taylor_radius(logits, **kwargs)


def test_controller_leaves_small_steps_unchanged():
    """‖p‖ < ρ_a: s = 1 and p̃ = p."""
    p = np.array([0.1, -0.2])
    pt, s, r = controller_step(p, spread=1.0)
    assert s == 1.0
    np.testing.assert_array_equal(pt, p)
    assert r == pytest.approx(np.linalg.norm(p) / math.pi)


def test_controller_shrinks_long_steps_to_the_radius():
    """‖p‖ > ρ_a: ‖p̃‖ = ρ_a = π/Δ_a, the direction is kept and the new r is 1."""
    p = np.array([30.0, 40.0])
    pt, s, r = controller_step(p, spread=2.0)
    assert np.linalg.norm(pt) == pytest.approx(math.pi / 2.0)
    assert s == pytest.approx((math.pi / 2.0) / 50.0)
    assert r == pytest.approx(50.0 * 2.0 / math.pi)
    np.testing.assert_allclose(pt / np.linalg.norm(pt), p / 50.0)


def test_controller_with_zero_spread_keeps_the_step():
    """Δ_a = 0 (infinite radius): the update is returned unchanged."""
    p = np.array([1e6, 0.0])
    pt, s, r = controller_step(p, spread=0.0)
    assert s == 1.0 and r == 0.0
    np.testing.assert_array_equal(pt, p)


@pytest.mark.parametrize(
    "update, spread, match",
    [
        (np.array([]), 1.0, "update must be a non-empty array"),
        (3.0, 1.0, "update must be a non-empty array"),
        (np.array([1.0, np.nan]), 1.0, "update must be finite"),
        (np.array([1.0]), -1.0, "spread must be a finite non-negative"),
        (np.array([1.0]), float("inf"), "spread must be a finite non-negative"),
    ],
)
def test_controller_rejects_bad_input_with_a_named_argument(update, spread, match):
    """Empty or non-finite updates and negative or infinite spreads raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=match):
        controller_step(update, spread)
