"""Unit tests of the BNPO library functions (theorems/bnpo/library.py): hand-computable cases and validation."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from scipy import special

from claimkit_project.theorems.bnpo import formulas as F
from claimkit_project.theorems.bnpo.formulas import OPTIMAL_ALPHA, SECOND_MOMENT
from claimkit_project.theorems.bnpo.library import (
    beta_density,
    bnpo_advantages,
    bnpo_decomposed_advantages,
    bnpo_parameters,
    bnpo_weight,
    corrected_moments_fit,
    grpo_advantages,
    method_of_moments,
    minimum_second_moment,
    moments_limit,
    optimal_parameters,
    second_moment,
    transformed_objective,
)


def test_hand_computed_batch_with_a_fitted_beta():
    """Groups (1,0) and (1,1): m = 3/4, v = 1/8, a = 3/8, b = 1/8, α = 9/8, β = 25/24; the p̂ = 1 group gets 0."""
    res = bnpo_advantages(["x", "x", "y", "y"], [1, 0, 1, 1])
    assert res.m == pytest.approx(0.75) and res.v == pytest.approx(0.125)
    assert (res.a, res.b) == pytest.approx((3 / 8, 1 / 8))
    assert (res.alpha, res.beta) == pytest.approx((9 / 8, 25 / 24))
    f = 0.5 ** (1 / 8) * 0.5 ** (1 / 24) / special.beta(9 / 8, 25 / 24)
    np.testing.assert_allclose(res.advantages, [0.5 / f, -0.5 / f, 0.0, 0.0], rtol=1e-12)
    assert res.degenerate == ()


def test_moment_condition_failing_clamps_to_reinforce():
    """p̂ = (0, 1, 1/2): m = 1/2, v = 1/4 = m(1−m), so a = b = 0, α = β = 1 and A = R − p̂."""
    res = bnpo_advantages([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 1, 0])
    assert (res.alpha, res.beta) == (1.0, 1.0)
    np.testing.assert_allclose(res.advantages, [0, 0, 0, 0, 0.5, -0.5], atol=1e-15)


def test_alternating_extremes_give_negative_fit_and_clamp():
    """p̂ = (0, 1): v = 1/2 > m(1−m) = 1/4 gives a = b = −1/4, flagged, clamped to α = β = 1, A = 0."""
    res = bnpo_advantages([0, 0, 1, 1], [0, 0, 1, 1])
    assert (res.a, res.b) == pytest.approx((-0.25, -0.25))
    assert (res.alpha, res.beta) == (1.0, 1.0)
    assert "moment_condition" in res.degenerate
    assert np.all(res.advantages == 0.0)


def test_single_prompt_is_reinforce():
    """One prompt: m = 0, v = 1 by the release's convention, so α = β = 1 and A = R − p̂."""
    res = bnpo_advantages([7, 7, 7, 7], [1, 0, 0, 1])
    assert (res.m, res.v, res.alpha, res.beta) == (0.0, 1.0, 1.0, 1.0)
    assert "single_prompt" in res.degenerate
    np.testing.assert_allclose(res.advantages, [0.5, -0.5, -0.5, 0.5])


def test_zero_variance_falls_back_to_reinforce():
    """Every prompt at p̂ = 1/2 (v = 0): α = β = 1, A = ±1/2, flagged zero_variance (the release gives NaN)."""
    res = bnpo_advantages([0, 0, 1, 1], [1, 0, 0, 1])
    assert (res.alpha, res.beta) == (1.0, 1.0)
    assert "zero_variance" in res.degenerate
    np.testing.assert_allclose(res.advantages, [0.5, -0.5, -0.5, 0.5])


def test_zero_variance_raises_when_asked():
    """on_degenerate='raise' turns v = 0 into a ValueError that names the cause."""
    with pytest.raises(ValueError, match="same success rate"):
        bnpo_advantages([0, 0, 1, 1], [1, 0, 0, 1], on_degenerate="raise")


@pytest.mark.parametrize(("ids", "rewards", "reward_range"), [
    ([0] * 5 + [1] * 5 + [2] * 5, [0, 0, 0, 1, 1] * 3, (0.0, 1.0)),  # float64 mean 0.4000000000000001
    ([0, 0, 0, 1, 1, 1], [1, 3, 3, 3, 3, 1], (0.0, 3.0)),  # p̂ = 7/9 twice, summed in different orders
])
def test_zero_variance_is_decided_exactly_not_by_float_rounding(ids, rewards, reward_range):
    """Equal p̂ whose float64 variance rounds to ~1e-33 > 0 still take the v = 0 fallback."""
    values = np.array([np.mean(np.array(rewards)[np.array(ids) == q]) / reward_range[1] for q in set(ids)])
    res = bnpo_advantages(ids, rewards, reward_range=reward_range)
    assert res.v == 0.0 and "zero_variance" in res.degenerate
    assert (res.alpha, res.beta) == (1.0, 1.0)
    np.testing.assert_allclose(res.advantages, np.array(rewards) / reward_range[1] - values.mean(), atol=1e-15)
    with pytest.raises(ValueError, match="same success rate"):
        bnpo_advantages(ids, rewards, reward_range=reward_range, on_degenerate="raise")


def test_nearly_equal_success_rates_are_not_zero_variance():
    """p̂ that differ (by 1e-12 here) keep their fitted Beta: only exact equality is v = 0."""
    res = bnpo_advantages([0, 0, 1, 1], [0.5, 0.5, 0.5 + 1e-12, 0.5])
    assert res.v > 0 and "zero_variance" not in res.degenerate


def test_all_failed_batch_is_zero_not_nan():
    """Every response wrong in every prompt (the release raises there): all advantages are exactly 0."""
    res = bnpo_advantages([0, 0, 1, 1, 2, 2], [0] * 6)
    assert np.all(res.advantages == 0.0)


def test_extreme_group_gets_zero_whatever_alpha():
    """A p̂ = 0 group next to a fitted Beta with α > 1 (f_N(0) = 0, weight capped) gets A = 0, not NaN."""
    res = bnpo_advantages([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], [0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0])
    assert res.alpha > 1.0 and res.beta > 1.0
    assert np.all(res.advantages[:4] == 0.0)
    assert np.all(np.isfinite(res.advantages))


def test_singleton_group_follows_the_release():
    """A group of one response has p̂ = 0 (release convention): with α = β = 1 its advantage is R."""
    res = bnpo_advantages([0, 1, 1, 2, 2], [1, 1, 0, 1, 1])
    assert "singleton_group" in res.degenerate
    assert (res.alpha, res.beta) == (1.0, 1.0)
    assert res.advantages[0] == pytest.approx(1.0)


def test_singleton_group_raises_when_asked():
    """on_degenerate='raise' rejects groups of one response."""
    with pytest.raises(ValueError, match="single response"):
        bnpo_advantages([0, 1, 1], [1, 1, 0], on_degenerate="raise")


def test_reward_range_is_an_affine_map():
    """Rewards in {−1, 1} with reward_range (−1, 1) give the advantages of {0, 1} rewards."""
    ids = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    r01 = np.array([1, 0, 0, 1, 1, 0, 1, 1, 1])
    a = bnpo_advantages(ids, r01).advantages
    b = bnpo_advantages(ids, 2 * r01 - 1, reward_range=(-1, 1)).advantages
    np.testing.assert_allclose(a, b, rtol=1e-12)


def test_properties_on_random_batches():
    """α, β ≥ 1 and finite advantages on 200 random binary batches; p̂ ∈ {0, 1} groups get exactly 0."""
    rng = np.random.default_rng(0)
    for _ in range(200):
        n, g = rng.integers(1, 6), rng.integers(1, 9)
        ids = np.repeat(np.arange(n), g)
        r = (rng.random(ids.size) < rng.beta(0.5, 0.5, n)[ids]).astype(float)
        res = bnpo_advantages(ids, r)
        assert res.alpha >= 1.0 and res.beta >= 1.0
        assert np.all(np.isfinite(res.advantages))
        for q in range(n):
            rows = ids == q
            if g >= 2 and np.ptp(r[rows]) == 0:
                assert np.all(res.advantages[rows] == 0.0)


def test_decomposition_with_one_component_is_plain_bnpo():
    """K = 1: the decomposed advantage equals bnpo_advantages."""
    ids, r = [0, 0, 1, 1, 2, 2], [1, 0, 1, 1, 0, 0]
    np.testing.assert_array_equal(bnpo_decomposed_advantages(ids, np.array(r)[:, None]).advantages,
                                  bnpo_advantages(ids, r).advantages)


def test_decomposition_averages_components():
    """K = 2: the decomposed advantage is the mean of the two components' BNPO advantages."""
    ids = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    acc = [1, 0, 0, 1, 1, 0, 1, 1, 1]
    fmt = [1, 1, 0, 1, 1, 1, 0, 0, 1]
    res = bnpo_decomposed_advantages(ids, np.array([acc, fmt]).T)
    expected = (bnpo_advantages(ids, acc).advantages + bnpo_advantages(ids, fmt).advantages) / 2
    np.testing.assert_allclose(res.advantages, expected)
    assert len(res.components) == 2


def test_decomposition_checks_its_ranges():
    """reward_ranges must have one entry per component."""
    with pytest.raises(ValueError, match="reward_ranges"):
        bnpo_decomposed_advantages([0, 0], [[1, 0], [0, 1]], reward_ranges=[(0, 1)])


def test_weight_is_capped_where_the_density_vanishes():
    """bnpo_weight(0; 2, 2) is the cap 10⁶ (f_N(0) = 0); bnpo_weight(p; 1, 1) = 1."""
    assert bnpo_weight(0.0, 2.0, 2.0) == pytest.approx(1e6)
    np.testing.assert_allclose(bnpo_weight([0.0, 0.3, 1.0], 1.0, 1.0), 1.0)


def test_beta_density_known_value_and_validation():
    """f_N(1/2; 2, 2) = 3/2; p outside [0, 1] or α ≤ 0 is rejected."""
    assert float(beta_density(0.5, 2.0, 2.0)) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="p must lie"):
        beta_density(1.5, 2.0, 2.0)
    with pytest.raises(ValueError, match="alpha"):
        beta_density(0.5, 0.0, 2.0)


def test_method_of_moments_hand_case_and_zero_variance():
    """m = 1/2, v = 1/12 (the uniform distribution) gives a = b = 1; v = 0 raises."""
    assert method_of_moments(0.5, 1 / 12) == pytest.approx((1.0, 1.0))
    with pytest.raises(ValueError, match="variance v must be positive"):
        method_of_moments(0.5, 0.0)


def _exact_fit(m: Fraction, v: Fraction) -> tuple[float, float]:
    """(k m, k (1 − m)), k = m(1 − m)/v − 1, in exact rationals, each rounded once."""
    k = m * (1 - m) / v - 1
    return float(k * m), float(k * (1 - m))


def test_method_of_moments_just_inside_the_moment_condition_is_a_beta():
    """m = 1/24, v = 23/576 as floats: v < m(1 − m) by 9.6e-19, so a, b > 0 (float64 rounded k to 0: a = b = 0)."""
    m, v = 1 / 24, 23 / 576
    assert Fraction(v) < Fraction(m) * (1 - Fraction(m))
    a, b = method_of_moments(m, v)
    assert a > 0 and b > 0
    assert (a, b) == _exact_fit(Fraction(m), Fraction(v))


@pytest.mark.parametrize("i", range(25))
def test_method_of_moments_is_the_exact_formula_rounded_once(i):
    """m = i/24, v = m(1 − m)·u/100 on both sides of the moment condition: (a, b) is the exact formula on the
    floats passed, rounded once, and its sign is that of m(1 − m) − v."""
    m = i / 24
    for u in (1, 50, 99, 100, 101, 150):
        v = m * (1 - m) * u / 100 if 0 < i < 24 else u / 400
        a, b = method_of_moments(m, v)
        assert (a, b) == _exact_fit(Fraction(m), Fraction(v)), (m, v)
        inside = Fraction(v) < Fraction(m) * (1 - Fraction(m))
        assert (a > 0 and b > 0) == inside or m in (0.0, 1.0), (m, v)


def test_bnpo_parameters_clamp_at_one():
    """α = max(1, 1 + a/3): (a, b) = (−3, 6) gives (1, 3)."""
    assert bnpo_parameters(-3.0, 6.0) == (1.0, 3.0)


def test_grpo_advantages_population_and_bessel():
    """Group (1, 0): population std 1/2 gives ±1, Bessel std 1/√2 gives ±1/√2; identical rewards raise."""
    np.testing.assert_allclose(grpo_advantages([0, 0], [1, 0]), [1, -1])
    np.testing.assert_allclose(grpo_advantages([0, 0], [1, 0], std="bessel"), [2**-0.5, -(2**-0.5)])
    with pytest.raises(ValueError, match="identical rewards"):
        grpo_advantages([0, 0], [1, 1])


def test_transformed_objective_grpo_member_is_arcsine():
    """G(p; 3/2, 3/2) = (π/4) arcsin √p; α ≥ 2 is rejected (∫₀ᵖ 1/f_N diverges)."""
    p = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(transformed_objective(p, 1.5, 1.5), math.pi / 4 * np.arcsin(np.sqrt(p)), rtol=1e-12)
    with pytest.raises(ValueError, match="α < 2"):
        transformed_objective(p, 2.0, 1.5)


def test_corrected_fit_needs_two_rollouts():
    """corrected_moments_fit rejects G < 2 (no binomial correction exists)."""
    with pytest.raises(ValueError, match="G must be an integer ≥ 2"):
        corrected_moments_fit([0.0, 1.0], 1)


def test_corrected_fit_hand_case_uses_the_unbiased_variance():
    """p̂ = (0, 1/4, 1/2, 1/2, 3/4, 1), G = 4: v = 1/8, v_c = 11/144, a = b = 25/22 (population variance: 7/4)."""
    p_hat = [0.0, 0.25, 0.5, 0.5, 0.75, 1.0]
    assert corrected_moments_fit(p_hat, 4) == pytest.approx((25 / 22, 25 / 22), rel=1e-14)


@pytest.mark.parametrize(("p_hat", "G"), [([0.0, 0.0, 0.5], 2), ([0.0, 0.0, 0.25], 4), ([0.75, 1.0, 1.0], 4),
                                          ([0.0, 0.0, 0.0, 0.0, 0.125], 8), ([0.125, 0.25, 0.25, 0.5, 0.5], 8)])
def test_corrected_fit_raises_when_v_c_is_exactly_zero(p_hat, G):
    """v_c = v − mean(p̂(1−p̂))/(G−1) = 0 exactly raises (float64 left v_c ≈ 1e-17 > 0 and fitted a ≈ 1e15)."""
    exact = [Fraction(x) for x in p_hat]
    m = sum(exact) / len(exact)
    v = sum((x - m) ** 2 for x in exact) / (len(exact) - 1)
    assert v - sum(x * (1 - x) for x in exact) / len(exact) / (G - 1) == 0
    with pytest.raises(ValueError, match="corrected variance .* = 0 is not positive"):
        corrected_moments_fit(p_hat, G)


def test_corrected_fit_is_the_exact_formula_rounded_once():
    """p̂ = (0, 1/4, 1/2, 1/2, 3/4, 1), G = 4: v_c = 11/144 and (a, b) = 25/22 rounded once, whatever the order."""
    p_hat = [0.75, 0.0, 0.5, 1.0, 0.25, 0.5]
    assert corrected_moments_fit(p_hat, 4) == (float(Fraction(25, 22)), float(Fraction(25, 22)))


def test_moments_limit_is_exact_on_fractions():
    """a = 3/2, b = 1/3, G = 5: the limit is (36/41, 8/41) exactly when a and b are Fractions."""
    assert moments_limit(Fraction(3, 2), Fraction(1, 3), 5) == (Fraction(36, 41), Fraction(8, 41))


def test_second_moment_uniform_case_and_boundary():
    """a = b = 1, α = β = 1: E p(1−p) = 1/6; α ≥ (a+3)/2 gives inf; a ≤ 0 is rejected."""
    assert second_moment(1.0, 1.0, 1.0, 1.0) == pytest.approx(1 / 6)
    assert second_moment(1.0, 1.0, 2.0, 1.0) == math.inf
    with pytest.raises(ValueError, match="a must be"):
        second_moment(0.0, 1.0, 1.0, 1.0)


def test_optimum_at_uniform_difficulty():
    """a = b = 3: α* = β* = 2 and M* = B(2, 2)³/B(3, 3) = (1/6)³·30 = 5/36."""
    assert optimal_parameters(3.0, 3.0) == (2.0, 2.0)
    assert minimum_second_moment(3.0, 3.0) == pytest.approx(5 / 36)


def test_closed_forms_are_the_formulas_of_the_claims():
    """second_moment, optimal_parameters and minimum_second_moment return what the claims' Formulas give, and
    refuse a prior shape outside the Formulas' float64 domain [1e-100, 80] with the domain in the message."""
    assert second_moment(2.5, 0.7, 1.3, 0.4) == SECOND_MOMENT(2.5, 0.7, 1.3, 0.4)
    assert optimal_parameters(2.5, 0.7) == (OPTIMAL_ALPHA(2.5, 0.7), OPTIMAL_ALPHA(0.7, 2.5))
    assert minimum_second_moment(2.5, 0.7) == OPTIMAL_ALPHA.minimum(2.5, 0.7)
    a, b, al, be = 2.5, 0.7, 1.3, 0.4
    closed = math.exp(2 * special.betaln(al, be) + special.betaln(a + 3 - 2 * al, b + 3 - 2 * be)
                      - special.betaln(a, b))
    assert SECOND_MOMENT(a, b, al, be) == pytest.approx(closed, rel=1e-13)
    with pytest.raises(ValueError, match=r"a = 100.0 is outside its domain"):
        second_moment(100.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match=r"b = 1e-120 is outside its domain"):
        optimal_parameters(1.0, 1e-120)


def test_a_generated_mutant_at_a_gamma_pole_is_wrong_not_broken():
    """SECOND_MOMENT's variants evaluate B(a - 2α, ·) at a Γ pole (a = α = 1) as a number or ±inf, never an
    exception, so a generated mutant landing there fails its check instead of erroring."""
    variant = SECOND_MOMENT.with_expr(F.beta(F.a - 2 * F.al, F.b) / F.beta(F.a, F.b))
    value = variant(1.0, 1.0, 1.0, 1.0)
    assert isinstance(value, float) and value != SECOND_MOMENT(1.0, 1.0, 1.0, 1.0)


def test_moments_limit_hand_case():
    """a = b = 1, G = 2: the released fit tends to (1/4, 1/4), not (1, 1)."""
    assert moments_limit(1.0, 1.0, 2) == pytest.approx((0.25, 0.25))


# ------------------------------------------------------------------------------------------------
# Input validation: one table of bad inputs for every public function
# ------------------------------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")
IDS, REWARDS = [0, 0, 1, 1], [1.0, 0.0, 1.0, 1.0]

#: (function, positional arguments, keyword arguments, exception, pattern naming the argument)
BAD_INPUTS: list[tuple[Any, tuple[Any, ...], dict[str, Any], type[Exception], str]] = [
    # beta_density(p, alpha, beta)
    (beta_density, (NAN, 2.0, 2.0), {}, ValueError, r"^p must be finite"),
    (beta_density, (INF, 2.0, 2.0), {}, ValueError, r"^p must be finite"),
    (beta_density, ([], 2.0, 2.0), {}, ValueError, r"^p is empty"),
    (beta_density, (1.5, 2.0, 2.0), {}, ValueError, r"^p must lie in \[0, 1\]"),
    (beta_density, (-0.1, 2.0, 2.0), {}, ValueError, r"^p must lie in \[0, 1\]"),
    (beta_density, (True, 2.0, 2.0), {}, TypeError, r"^p must hold numbers, not booleans"),
    (beta_density, ("0.5", 2.0, 2.0), {}, TypeError, r"^p must hold real numbers"),
    (beta_density, (0.5, 0.0, 2.0), {}, ValueError, r"^alpha must be a finite positive number"),
    (beta_density, (0.5, NAN, 2.0), {}, ValueError, r"^alpha must be finite"),
    (beta_density, (0.5, True, 2.0), {}, TypeError, r"^alpha must be a real number"),
    (beta_density, (0.5, 2.0, INF), {}, ValueError, r"^beta must be finite"),
    (beta_density, (0.5, 2.0, None), {}, TypeError, r"^beta must be a real number"),
    # bnpo_weight(p, alpha, beta, *, max_weight)
    (bnpo_weight, (NAN, 2.0, 2.0), {}, ValueError, r"^p must be finite"),
    (bnpo_weight, ([[0.2], [0.3, 0.4]], 2.0, 2.0), {}, ValueError, r"^p must be a rectangular array"),
    (bnpo_weight, (0.5, -1.0, 2.0), {}, ValueError, r"^alpha must be a finite positive number"),
    (bnpo_weight, (0.5, 2.0, False), {}, TypeError, r"^beta must be a real number"),
    (bnpo_weight, (0.5, 2.0, 2.0), {"max_weight": 0.0}, ValueError, r"^max_weight must be a finite positive"),
    (bnpo_weight, (0.5, 2.0, 2.0), {"max_weight": INF}, ValueError, r"^max_weight must be finite"),
    (bnpo_weight, (0.5, 2.0, 2.0), {"max_weight": True}, TypeError, r"^max_weight must be a real number"),
    # method_of_moments(m, v)
    (method_of_moments, (NAN, 0.1), {}, ValueError, r"^m must be finite"),
    (method_of_moments, (1.5, 0.1), {}, ValueError, r"the mean m must lie in \[0, 1\]"),
    (method_of_moments, (True, 0.1), {}, TypeError, r"^m must be a real number"),
    (method_of_moments, (0.5, 0.0), {}, ValueError, r"the variance v must be positive"),
    (method_of_moments, (0.5, -0.1), {}, ValueError, r"the variance v must be positive"),
    (method_of_moments, (0.5, INF), {}, ValueError, r"^v must be finite"),
    (method_of_moments, (0.5, "0.1"), {}, TypeError, r"^v must be a real number"),
    (method_of_moments, (0.5, 1e-320), {}, ValueError, r"the variance v = .* is too small"),
    # bnpo_parameters(a, b)
    (bnpo_parameters, (NAN, 1.0), {}, ValueError, r"^a must be finite"),
    (bnpo_parameters, (1.0, -INF), {}, ValueError, r"^b must be finite"),
    (bnpo_parameters, (True, 1.0), {}, TypeError, r"^a must be a real number"),
    (bnpo_parameters, (1.0, None), {}, TypeError, r"^b must be a real number"),
    # bnpo_advantages(prompt_ids, rewards, *, reward_range, max_weight, on_degenerate)
    (bnpo_advantages, ([0, 1], [1.0]), {}, ValueError, r"^prompt_ids and rewards must have the same length"),
    (bnpo_advantages, ([], []), {}, ValueError, r"^prompt_ids is empty"),
    (bnpo_advantages, ([[0, 0]], [1.0, 0.0]), {}, ValueError, r"^prompt_ids must be 1-D"),
    (bnpo_advantages, ([0.0, NAN], [1.0, 0.0]), {}, ValueError, r"^prompt_ids must not contain NaN"),
    (bnpo_advantages, ([0, 0], [1.0, NAN]), {}, ValueError, r"^rewards must be finite"),
    (bnpo_advantages, ([0, 0], [1.0, INF]), {}, ValueError, r"^rewards must be finite"),
    (bnpo_advantages, ([0, 0], [[1.0, 0.0]]), {}, ValueError, r"^rewards must be 1-D"),
    (bnpo_advantages, ([0, 0], [True, False]), {}, TypeError, r"^rewards must hold numbers, not booleans"),
    (bnpo_advantages, ([0, 0], ["1", "0"]), {}, TypeError, r"^rewards must hold real numbers"),
    (bnpo_advantages, ([0, 0], [1.0, 2.0]), {}, ValueError, r"^rewards must lie in reward_range"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"reward_range": (1.0, 1.0)}, ValueError,
     r"^reward_range must have max > min"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"reward_range": (0.0, NAN)}, ValueError,
     r"^reward_range \(max\) must be finite"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"reward_range": (False, 1.0)}, TypeError,
     r"^reward_range \(min\) must be a real number"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"reward_range": 1.0}, ValueError, r"^reward_range must be a pair"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"reward_range": "01"}, TypeError, r"^reward_range must be a pair"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"max_weight": 0.0}, ValueError, r"^max_weight must be a finite positive"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"max_weight": True}, TypeError, r"^max_weight must be a real number"),
    (bnpo_advantages, ([0, 0], [1.0, 0.0]), {"on_degenerate": "ignore"}, ValueError, r"^on_degenerate must be one of"),
    # bnpo_decomposed_advantages(prompt_ids, component_rewards, *, reward_ranges, max_weight, on_degenerate)
    (bnpo_decomposed_advantages, ([0, 0], []), {}, ValueError, r"^component_rewards is empty"),
    (bnpo_decomposed_advantages, ([0, 0], [[1.0, NAN], [0.0, 1.0]]), {}, ValueError,
     r"^component_rewards must be finite"),
    (bnpo_decomposed_advantages, ([0, 0], [[[1.0]], [[0.0]]]), {}, ValueError, r"^component_rewards must have shape"),
    (bnpo_decomposed_advantages, ([0, 0], [[True], [False]]), {}, TypeError, r"^component_rewards must hold numbers"),
    (bnpo_decomposed_advantages, ([0, 0, 1], [[1.0], [0.0]]), {}, ValueError, r"^prompt_ids and component_rewards"),
    (bnpo_decomposed_advantages, ([0, 0], [[1, 0], [0, 1]]), {"reward_ranges": [(0, 1)]}, ValueError,
     r"^reward_ranges has 1 entries for K = 2"),
    (bnpo_decomposed_advantages, ([0, 0], [[1.0], [0.0]]), {"reward_ranges": [(1.0, 0.0)]}, ValueError,
     r"^reward_ranges\[0\] must have max > min"),
    (bnpo_decomposed_advantages, ([0, 0], [[1.0], [0.0]]), {"reward_ranges": 5}, TypeError,
     r"^reward_ranges must be a sequence"),
    (bnpo_decomposed_advantages, ([0, 0], [[1.0, 3.0], [0.0, 0.0]]), {}, ValueError,
     r"^rewards must lie in reward_ranges\[1\]"),
    (bnpo_decomposed_advantages, ([0, 0], [[1.0], [0.0]]), {"max_weight": NAN}, ValueError,
     r"^max_weight must be finite"),
    # grpo_advantages(prompt_ids, rewards, *, std, eps)
    (grpo_advantages, ([0, 0], [1.0, 0.0]), {"eps": -0.5}, ValueError, r"^eps must be ≥ 0"),
    (grpo_advantages, ([0, 0], [1.0, 0.0]), {"eps": NAN}, ValueError, r"^eps must be finite"),
    (grpo_advantages, ([0, 0], [1.0, 0.0]), {"eps": True}, TypeError, r"^eps must be a real number"),
    (grpo_advantages, ([0, 0], [1.0, 0.0]), {"std": "sample"}, ValueError, r"^std must be one of"),
    (grpo_advantages, ([0, 0], [1.0, NAN]), {}, ValueError, r"^rewards must be finite"),
    (grpo_advantages, ([0, 1], [1.0, 0.0]), {}, ValueError, r"^prompt_ids: grpo_advantages needs at least 2"),
    (grpo_advantages, ([0, 0], [1.0, 1.0]), {}, ValueError, r"^rewards: a group has identical rewards and eps = 0"),
    (grpo_advantages, ([], []), {}, ValueError, r"^prompt_ids is empty"),
    # second_moment(a, b, alpha, beta)
    (second_moment, (0.0, 1.0, 1.0, 1.0), {}, ValueError, r"^a must be a finite positive number"),
    (second_moment, (1.0, NAN, 1.0, 1.0), {}, ValueError, r"^b must be finite"),
    (second_moment, (1.0, 1.0, True, 1.0), {}, TypeError, r"^alpha must be a real number"),
    (second_moment, (1.0, 1.0, 1.0, -1.0), {}, ValueError, r"^beta must be a finite positive number"),
    (second_moment, ("1", 1.0, 1.0, 1.0), {}, TypeError, r"^a must be a real number"),
    # optimal_parameters(a, b) and minimum_second_moment(a, b)
    (optimal_parameters, (0.0, 1.0), {}, ValueError, r"^a must be a finite positive number"),
    (optimal_parameters, (1.0, INF), {}, ValueError, r"^b must be finite"),
    (optimal_parameters, (True, 1.0), {}, TypeError, r"^a must be a real number"),
    (minimum_second_moment, (-1.0, 1.0), {}, ValueError, r"^a must be a finite positive number"),
    (minimum_second_moment, (1.0, NAN), {}, ValueError, r"^b must be finite"),
    (minimum_second_moment, (1.0, None), {}, TypeError, r"^b must be a real number"),
    # transformed_objective(p, alpha, beta)
    (transformed_objective, (NAN, 1.5, 1.5), {}, ValueError, r"^p must be finite"),
    (transformed_objective, (2.0, 1.5, 1.5), {}, ValueError, r"^p must lie in \[0, 1\]"),
    (transformed_objective, ([], 1.5, 1.5), {}, ValueError, r"^p is empty"),
    (transformed_objective, (0.5, 2.0, 1.5), {}, ValueError, r"^alpha must be < 2"),
    (transformed_objective, (0.5, 1.5, 2.5), {}, ValueError, r"^beta must be < 2"),
    (transformed_objective, (0.5, 0.0, 1.5), {}, ValueError, r"^alpha must be a finite positive number"),
    (transformed_objective, (0.5, True, 1.5), {}, TypeError, r"^alpha must be a real number"),
    # moments_limit(a, b, G)
    (moments_limit, (1.0, 1.0, 0.5), {}, TypeError, r"^G must be an integer ≥ 1"),
    (moments_limit, (1.0, 1.0, 2.0), {}, TypeError, r"^G must be an integer ≥ 1"),
    (moments_limit, (1.0, 1.0, 0), {}, ValueError, r"^G must be an integer ≥ 1"),
    (moments_limit, (1.0, 1.0, True), {}, TypeError, r"^G must be an integer ≥ 1"),
    (moments_limit, (0.0, 1.0, 2), {}, ValueError, r"^a must be a finite positive number"),
    (moments_limit, (1.0, NAN, 2), {}, ValueError, r"^b must be finite"),
    (moments_limit, (Fraction(10**400), 1.0, 2), {}, ValueError, r"^a = .* is beyond the float64 range"),
    (moments_limit, (1.0, 1.0, 10**400), {}, ValueError, r"^G = .* is beyond the float64 range"),
    # corrected_moments_fit(p_hat, G)
    (corrected_moments_fit, ([NAN, 0.5], 4), {}, ValueError, r"^p_hat must be finite"),
    (corrected_moments_fit, ([0.5], 4), {}, ValueError, r"^p_hat must be a 1-D array of at least 2"),
    (corrected_moments_fit, ([[0.25, 0.5]], 4), {}, ValueError, r"^p_hat must be a 1-D array of at least 2"),
    (corrected_moments_fit, ([1.5, 0.5], 4), {}, ValueError, r"^p_hat must lie in \[0, 1\]"),
    (corrected_moments_fit, ([True, False], 4), {}, TypeError, r"^p_hat must hold numbers, not booleans"),
    (corrected_moments_fit, ([], 4), {}, ValueError, r"^p_hat is empty"),
    (corrected_moments_fit, ([0.0, 1.0], 2.5), {}, TypeError, r"^G must be an integer ≥ 2"),
    (corrected_moments_fit, ([0.0, 1.0], True), {}, TypeError, r"^G must be an integer ≥ 2"),
    (corrected_moments_fit, ([0.5, 0.5], 4), {}, ValueError, r"^p_hat: the corrected variance .* is not positive"),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "error", "pattern"), BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_input_raises_naming_the_argument(function, args, kwargs, error, pattern):
    """Bad input (NaN, ±inf, empty, misshapen, mistyped, out of range) raises naming the argument and the rule."""
    with pytest.raises(error, match=pattern):
        function(*args, **kwargs)


def test_every_public_function_has_bad_inputs_in_the_table():
    """The validation table covers every public function of the library."""
    from claimkit_project.theorems.bnpo import library

    functions = {name for name in library.__all__ if callable(getattr(library, name)) and name[0].islower()}
    assert functions == {row[0].__name__ for row in BAD_INPUTS}


# ------------------------------------------------------------------------------------------------
# Extreme scales: scale-free quantities are computed on normalized values
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1e-200, 1e200, 1e300, 5e-324])
def test_grpo_two_point_group_is_plus_minus_one_at_any_scale(scale):
    """GRPO's advantage of the group (c, 0) is exactly (+1, −1) for c from 5e-324 to 1e300."""
    assert grpo_advantages([0, 0], [scale, 0.0]).tolist() == [1.0, -1.0]


@pytest.mark.parametrize("scale", [1e-200, 1e200])
def test_grpo_advantages_do_not_depend_on_the_reward_scale(scale):
    """Rewards scaled by 1e±200 give GRPO advantages equal to the unscaled ones (to rounding), both stds."""
    ids = [0, 0, 0, 1, 1, 1, 1]
    r = np.array([3.0, 1.0, 0.0, 2.0, 2.0, 5.0, 4.0])
    for std in ("population", "bessel"):
        np.testing.assert_allclose(grpo_advantages(ids, r * scale, std=std), grpo_advantages(ids, r, std=std),
                                   rtol=1e-14, atol=1e-15)


def test_grpo_eps_is_compared_with_the_unscaled_std():
    """At rewards (1e-200, 0) eps = 1e-6 dominates the std: A = ±0.5e-200/(0.5e-200 + 1e-6) ≈ ±5e-195."""
    got = grpo_advantages([0, 0], [1e-200, 0.0], eps=1e-6)
    expected = 0.5e-200 / (0.5e-200 + 1e-6)
    np.testing.assert_allclose(got, [expected, -expected], rtol=1e-15)


@pytest.mark.parametrize("scale", [1e-200, 1e200])
def test_bnpo_advantages_do_not_depend_on_the_reward_scale(scale):
    """Rewards and reward_range scaled together by 1e±200 give the same BNPO advantages and fit."""
    ids = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    r = np.array([4.0, 0.0, 0.0, 4.0, 4.0, 0.0, 4.0, 2.0, 4.0])
    plain = bnpo_advantages(ids, r, reward_range=(0.0, 4.0))
    scaled = bnpo_advantages(ids, r * scale, reward_range=(0.0, 4.0 * scale))
    np.testing.assert_allclose(scaled.advantages, plain.advantages, rtol=1e-13)
    assert (scaled.alpha, scaled.beta) == pytest.approx((plain.alpha, plain.beta), rel=1e-13)


def test_bnpo_advantages_with_a_reward_range_wider_than_float64():
    """reward_range (−1e308, 1e308), whose width overflows, still maps the rewards to [0, 1] exactly."""
    ids = [0, 0, 1, 1]
    res = bnpo_advantages(ids, [1e308, -1e308, 1e308, 1e308], reward_range=(-1e308, 1e308))
    ref = bnpo_advantages(ids, [1.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(res.p_hat, ref.p_hat)
    np.testing.assert_allclose(res.advantages, ref.advantages, rtol=1e-15)


def test_moments_limit_does_not_overflow_near_the_float_maximum():
    """a = b = 1e308, G = 10¹⁰: the limit (G − 1)/(2 + G/a) = 4999999999.5, not inf or 0."""
    assert moments_limit(1e308, 1e308, 10**10) == pytest.approx((4999999999.5, 4999999999.5), rel=1e-15)
