"""Unit tests of the BNPO library functions (theorems/bnpo/library.py): hand-computable cases and validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

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


@pytest.mark.parametrize(
    ("ids", "rewards", "kwargs", "message"),
    [
        ([0, 1], [1.0], {}, "same length"),
        ([], [], {}, "empty"),
        ([0, 0], [1.0, float("nan")], {}, "finite"),
        ([0, 0], [1.0, 2.0], {}, "reward_range"),
        ([0, 0], [1.0, 0.0], {"reward_range": (1.0, 1.0)}, "max > min"),
        ([0, 0], [1.0, 0.0], {"max_weight": 0.0}, "max_weight"),
        ([0, 0], [1.0, 0.0], {"on_degenerate": "ignore"}, "on_degenerate"),
        ([[0, 0]], [[1.0, 0.0]], {}, "1-D"),
    ],
)
def test_invalid_input_is_rejected_with_a_clear_error(ids, rewards, kwargs, message):
    """Malformed batches and options raise ValueError naming the problem."""
    with pytest.raises(ValueError, match=message):
        bnpo_advantages(ids, rewards, **kwargs)


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
    with pytest.raises(ValueError, match="G ≥ 2"):
        corrected_moments_fit([0.0, 1.0], 1)


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


def test_moments_limit_hand_case():
    """a = b = 1, G = 2: the released fit tends to (1/4, 1/4), not (1, 1)."""
    assert moments_limit(1.0, 1.0, 2) == pytest.approx((0.25, 0.25))
