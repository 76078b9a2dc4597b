"""Unit tests for the Ghosts-of-Softmax library functions: taylor_radius and controller_step.

The claims ghosts.library_taylor_radius and ghosts.library_controller_step check the same functions
against high-precision ground truth; these tests pin small exact cases, the input validation (one
table), the extreme scales, the closed forms the library calls (Thm 4.3, Def 5.1, §6.4) and the
ground-truth routines the checks share."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from claimkit_project.checks.ghosts.numerics import (
    exact_dot,
    nearest_polynomial_zero,
    polynomial_zeros,
    winding_number,
)
from claimkit_project.theorems.ghosts import formulas as F
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


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

_Z2, _A2 = [0.0, 1.0], [1.0, 0.0]
_J = np.ones((2, 3))
BAD_INPUTS = [
    # taylor_radius: logits
    (taylor_radius, ([1.0], [1.0]), {}, ValueError, "logits"),
    (taylor_radius, ([[[1.0, 2.0]]], [1.0, 2.0]), {}, ValueError, "logits"),
    (taylor_radius, ([], []), {}, ValueError, "logits"),
    (taylor_radius, (np.zeros((0, 2)), np.zeros((0, 2))), {}, ValueError, "logits"),
    (taylor_radius, ([[1.0, 2.0], [1.0]], _A2), {}, ValueError, "logits"),
    (taylor_radius, ([1.0, float("nan")], _A2), {}, ValueError, "logits"),
    (taylor_radius, ([1.0, -float("inf")], _A2), {}, ValueError, "logits"),
    (taylor_radius, ("ab", _A2), {}, TypeError, "logits"),
    (taylor_radius, (None, _A2), {}, TypeError, "logits"),
    (taylor_radius, ([True, False], _A2), {}, TypeError, "logits"),
    (taylor_radius, ([1j, 0.0], _A2), {}, TypeError, "logits"),
    (taylor_radius, (["1", "2"], _A2), {}, TypeError, "logits"),
    # slopes
    (taylor_radius, (_Z2, [1.0, float("inf")]), {}, ValueError, "slopes"),
    (taylor_radius, (_Z2, [float("nan"), 0.0]), {}, ValueError, "slopes"),
    (taylor_radius, (_Z2, [1.0, 2.0, 3.0]), {}, ValueError, "slopes"),
    (taylor_radius, (_Z2, [True, False]), {}, TypeError, "slopes"),
    (taylor_radius, (_Z2, "ab"), {}, TypeError, "slopes"),
    (taylor_radius, (_Z2,), {}, ValueError, "slopes"),
    (taylor_radius, (_Z2, _A2), {"jacobian": _J, "direction": np.ones(3)}, ValueError, "slopes"),
    # jacobian and direction
    (taylor_radius, (_Z2,), {"jacobian": _J}, ValueError, "direction"),
    (taylor_radius, (_Z2, _A2), {"direction": np.ones(3)}, ValueError, "direction"),
    (taylor_radius, (_Z2,), {"jacobian": np.ones((3, 3)), "direction": np.ones(3)}, ValueError, "jacobian"),
    (taylor_radius, (_Z2,), {"jacobian": np.ones((2, 0)), "direction": np.ones(0)}, ValueError, "jacobian"),
    (taylor_radius, (_Z2,), {"jacobian": np.full((2, 3), np.nan), "direction": np.ones(3)}, ValueError, "jacobian"),
    (taylor_radius, (_Z2,), {"jacobian": np.full((2, 3), True), "direction": np.ones(3)}, TypeError, "jacobian"),
    (taylor_radius, (_Z2,), {"jacobian": np.full((2, 4), 1e308), "direction": np.ones(4)}, ValueError, "jacobian"),
    (taylor_radius, (_Z2,), {"jacobian": _J, "direction": np.ones(4)}, ValueError, "direction"),
    (taylor_radius, (_Z2,), {"jacobian": _J, "direction": np.ones((3, 1))}, ValueError, "direction"),
    (taylor_radius, (_Z2,), {"jacobian": _J, "direction": np.zeros(3)}, ValueError, "direction"),
    (taylor_radius, (_Z2,), {"jacobian": _J, "direction": [1.0, float("inf"), 0.0]}, ValueError, "direction"),
    (taylor_radius, (_Z2,), {"jacobian": _J, "direction": "abc"}, TypeError, "direction"),
    # step
    (taylor_radius, (_Z2, _A2), {"step": -1.0}, ValueError, "step"),
    (taylor_radius, (_Z2, _A2), {"step": float("nan")}, ValueError, "step"),
    (taylor_radius, (_Z2, _A2), {"step": float("inf")}, ValueError, "step"),
    (taylor_radius, (_Z2, _A2), {"step": True}, TypeError, "step"),
    (taylor_radius, (_Z2, _A2), {"step": np.bool_(False)}, TypeError, "step"),
    (taylor_radius, (_Z2, _A2), {"step": "1"}, TypeError, "step"),
    (taylor_radius, (_Z2, _A2), {"step": [1.0]}, TypeError, "step"),
    # controller_step: update
    (controller_step, (np.array([]), 1.0), {}, ValueError, "update"),
    (controller_step, (3.0, 1.0), {}, ValueError, "update"),
    (controller_step, ([1.0, float("nan")], 1.0), {}, ValueError, "update"),
    (controller_step, ([1.0, float("inf")], 1.0), {}, ValueError, "update"),
    (controller_step, ([[1.0, 2.0], [1.0]], 1.0), {}, ValueError, "update"),
    (controller_step, ([True, False], 1.0), {}, TypeError, "update"),
    (controller_step, ("ab", 1.0), {}, TypeError, "update"),
    (controller_step, (None, 1.0), {}, TypeError, "update"),
    (controller_step, ([1j], 1.0), {}, TypeError, "update"),
    # spread
    (controller_step, ([1.0], -1.0), {}, ValueError, "spread"),
    (controller_step, ([1.0], float("inf")), {}, ValueError, "spread"),
    (controller_step, ([1.0], float("nan")), {}, ValueError, "spread"),
    (controller_step, ([1.0], True), {}, TypeError, "spread"),
    (controller_step, ([1.0], "1"), {}, TypeError, "spread"),
    (controller_step, ([1.0], None), {}, TypeError, "spread"),
]


@pytest.mark.parametrize("function, args, kwargs, error, argument", BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{row[4]}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, argument):
    """A bad input (NaN, ±inf, empty, shape, type, boolean, out of range) raises an error naming the argument."""
    with pytest.raises(error, match=argument):
        function(*args, **kwargs)


# -- extreme scales --------------------------------------------------------------------------------------


@pytest.mark.parametrize("exponent", [-300, -200, -160, 160, 200, 300])
def test_direction_of_any_scale_gives_the_same_radius(exponent):
    """The direction is normalized scale-free: ‖v‖ = 1e±300 gives the bound of the unit direction."""
    J = np.array([[2.0, -1.0, 0.5], [0.0, 1.0, 1.0], [1.0, 1.0, -3.0]])
    v = np.array([0.3, -1.2, 0.7])
    ref = taylor_radius([0.1, 0.2, 0.3], jacobian=J, direction=v)
    rep = taylor_radius([0.1, 0.2, 0.3], jacobian=J, direction=v * 10.0**exponent)
    assert math.isfinite(rep.bound)
    assert rep.bound == pytest.approx(ref.bound, rel=1e-14)
    assert rep.spread == pytest.approx(ref.spread, rel=1e-14)


@pytest.mark.parametrize("exponent", [-300, -200, 154, 160, 200, 300])
def test_controller_is_scale_covariant(exponent):
    """Update ×10^e with spread ×10^−e: the same s and r, and the update rescaled by 10^e (no zero update)."""
    p = np.array([3.0, -4.0])  # ‖p‖ = 5
    scale = 10.0**exponent
    pt, s, r = controller_step(p * scale, 2.0 / scale)
    assert s == pytest.approx((math.pi / 2.0) / 5.0, rel=1e-14)
    assert r == pytest.approx(10.0 / math.pi, rel=1e-14)
    np.testing.assert_allclose(pt / scale, p * (math.pi / 2.0) / 5.0, rtol=1e-14)


def test_binary_radius_with_logits_near_the_float_limit():
    """z = (1e308, −1e308) (the gap overflows float64): ρ* = √(δ² + π²)/Δ = 2e308/1e10 = 2e298."""
    rep = taylor_radius([1e308, -1e308], [1e10, 0.0])
    assert rep.exact_binary == pytest.approx(2e298, rel=1e-15)
    assert rep.bound == pytest.approx(math.pi / 1e10, rel=1e-15)


def test_bound_with_slopes_near_the_float_limit():
    """a = (1e308, −1e308): Δ_a = 2e308 overflows, yet the bound is π/2e308 and r = τ·2e308/π."""
    rep = taylor_radius([1.0, -1.0], [1e308, -1e308], step=1e-300)
    assert math.isinf(rep.spread)
    assert rep.bound == pytest.approx(math.pi / 2 * 1e-308, rel=1e-15)
    assert rep.exact_binary == pytest.approx(math.hypot(2.0, math.pi) / 2 * 1e-308, rel=1e-15)
    assert rep.r == pytest.approx(2e8 / math.pi, rel=1e-15)


def test_tiny_update_is_rescaled_not_ignored():
    """‖p‖ = 5e-200 with Δ_a = 1e200 (r = 5/π > 1): the step is shrunk to ρ_a = π·1e-200."""
    pt, s, r = controller_step(np.array([3e-200, 4e-200]), 1e200)
    assert r == pytest.approx(5.0 / math.pi, rel=1e-14)
    assert s == pytest.approx(math.pi / 5.0, rel=1e-14)
    assert np.linalg.norm(pt / 1e-200) == pytest.approx(math.pi, rel=1e-14)


def test_mean_of_binary_rows_is_not_the_batch_radius():
    """Rows with radii π and π/2 (tied logits, slopes (1, 0) and (2, 0)): the batch radius is π/2, not 3π/4."""
    rep = taylor_radius([[0.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [2.0, 0.0]])
    assert rep.exact_binary == pytest.approx(math.pi / 2, rel=1e-15)


# -- the closed forms (Formula objects) and the library ------------------------------------------------


def test_exact_binary_radius_is_the_thm_4_3_formula_on_its_domain():
    """Inside the formula's domain the library returns BINARY_RADIUS itself, bit for bit."""
    rep = taylor_radius([1.3, -0.4], [-2.5, 0.5])
    assert rep.exact_binary == F.BINARY_RADIUS(delta=1.7, Delta_a=3.0)
    assert F.binary_radius(1.7, -3.0) == F.binary_radius(1.7, 3.0) == F.BINARY_RADIUS(1.7, 3.0)
    assert math.isinf(F.binary_radius(1.7, 0.0))


def test_exact_binary_radius_beyond_the_formula_domain_stays_finite():
    """|δ| = 1e200 is past the formula's domain (δ² overflows): the library still gives hypot(δ, π)/Δ_a."""
    rep = taylor_radius([1e200, 0.0], [1.0, 0.0])
    assert rep.exact_binary == pytest.approx(1e200, rel=1e-15)
    with pytest.raises(ValueError, match="delta"):
        F.BINARY_RADIUS(1e200, 1.0)


@pytest.mark.parametrize("formula, args, argument", [
    (F.BINARY_RADIUS, (0.0, 0.0), "Delta_a"),
    (F.BINARY_RADIUS, (0.0, -1.0), "Delta_a"),
    (F.NORMALIZED_STEP, (-1.0, 1.0), "tau"),
    (F.TEMPERED_BOUND, (0.0, 1.0), "T"),
    (F.TEMPERED_BOUND, (1.0, float("nan")), "Delta_a"),
])
def test_closed_forms_reject_arguments_outside_the_papers_domain(formula, args, argument):
    """Δ_a > 0, τ ≥ 0, T > 0, finite: a value outside raises a ValueError naming the argument."""
    with pytest.raises(ValueError, match=argument):
        formula(*args)


def test_normalized_step_and_tempered_bound_values():
    """r = τΔ_a/π (Def 5.1) and ρ_a(T) = πT/Δ_a (§6.4), also from raw slopes."""
    assert F.NORMALIZED_STEP(tau=math.pi, Delta_a=2.0) == pytest.approx(2.0, rel=1e-15)
    assert F.normalized_step(math.pi, 2.0) == F.NORMALIZED_STEP(math.pi, 2.0)
    assert F.TEMPERED_BOUND(T=2.0, Delta_a=math.pi) == pytest.approx(2.0, rel=1e-15)
    assert F.tempered_bound([0.0, 1.0, 3.0], 2.0) == pytest.approx(2 * math.pi / 3, rel=1e-15)


# -- the ground-truth routines the checks share --------------------------------------------------------


@pytest.mark.parametrize("delta, spread", [(0.0, 1.0), (3.0, -0.5), (-12.0, 40.0), (19.5, 0.01)])
def test_winding_number_counts_the_two_binary_ghosts_at_the_radius(delta, spread):
    """F = e^{δ + Δτ} + 1: no zero inside 0.999ρ*, the conjugate pair inside 1.001ρ* (ρ* = √(δ² + π²)/|Δ|)."""
    rho = math.hypot(delta, math.pi) / abs(spread)
    assert winding_number([delta, 0.0], [spread, 0.0], 0.999 * rho) == 0
    assert winding_number([delta, 0.0], [spread, 0.0], 1.001 * rho) == 2


def test_winding_number_refuses_a_circle_through_a_zero():
    """A circle through a ghost (F = 0 on it) has no winding number: it raises instead of guessing."""
    with pytest.raises(ArithmeticError):
        winding_number([0.0, 0.0], [1.0, 0.0], math.pi)


def test_polynomial_zeros_match_numpy_and_are_returned_fresh():
    """The 40-digit zeros agree with numpy's to float precision; callers get their own list."""
    weights, slopes = [mpmath.mpf(2), mpmath.mpf(1), mpmath.mpf(3)], [2, 0, 1]
    zeros = polynomial_zeros(weights, slopes)
    expected = np.roots([2.0, 3.0, 1.0])
    assert sorted(complex(u).real for u in zeros) == pytest.approx(sorted(expected.real), rel=1e-14)
    zeros.clear()
    assert len(polynomial_zeros(weights, slopes)) == 2


@pytest.mark.parametrize("seed", range(4))
def test_exact_dot_is_mpmath_fdot(seed):
    """exact_dot rounds the exact dot product once, as mpmath.fdot does: the same value on terms spanning 80
    decades, on a sum that cancels to the last digits, with a zero term, and on empty lists."""
    rng = np.random.default_rng(seed)
    with mpmath.workdps(30):
        xs = [mpmath.mpf(float(v)) * mpmath.mpf(10) ** int(e) for v, e in zip(rng.normal(size=40),
                                                                              rng.integers(-40, 40, size=40))]
        ys = [mpmath.mpf(float(v)) * mpmath.mpf(10) ** int(e) for v, e in zip(rng.normal(size=40),
                                                                              rng.integers(-40, 40, size=40))]
        assert exact_dot(xs, ys) == mpmath.fdot(xs, ys)
        cancelling = [xs[0], -xs[0] * (1 + mpmath.mpf(10) ** -28)]
        assert exact_dot(cancelling, [ys[0], ys[0]]) == mpmath.fdot(cancelling, [ys[0], ys[0]])
        with_zero = [*xs[:3], mpmath.mpf(0)]
        assert exact_dot(with_zero, ys[:4]) == mpmath.fdot(with_zero, ys[:4])
        assert exact_dot([], []) == 0
