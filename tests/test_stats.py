"""False alarms of statistical checks: the tails of a z-test under its null, and the run's budget."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from claimkit.profiles import resolve_profile
from claimkit.project import load_project, project_at
from claimkit.stats import FALSE_ALARM_BUDGET, declared_false_alarm, normal_tail, run_false_alarm, student_t_tail

ROOT = Path(__file__).resolve().parent.parent
PROJECT = load_project(project_at(ROOT))


def test_the_null_distribution_of_a_batched_z_test_has_the_stated_tails() -> None:
    """A mean checked against its true value in units of a standard error estimated from 50 batches
    (the shape of the suite's Monte Carlo checks): under the null its tails are Student's t₄₉, and a
    normal tail would understate them."""
    rng = np.random.default_rng(20261201)
    replicates, batches = 200_000, 50
    means = rng.standard_normal((replicates, batches)).mean(axis=1)
    se = rng.standard_normal((replicates, batches)).std(axis=1, ddof=1) / math.sqrt(batches)
    z = np.abs(means) / se  # the same draws would do; independent ones make the t law exact here
    for threshold in (2.0, 2.5, 3.0, 3.5):
        expected = student_t_tail(threshold, batches - 1)
        observed = float(np.mean(z > threshold))
        binomial_se = math.sqrt(expected * (1 - expected) / replicates)
        assert abs(observed - expected) <= 4.5 * binomial_se, (threshold, observed, expected)
    assert student_t_tail(3.5, 49) > 1.5 * normal_tail(3.5)


def test_tail_formulas_give_the_rates_the_checks_declare() -> None:
    """5 standard errors: 5.7e-7 for a z-test, 8e-6 when the standard error comes from 50 batches."""
    assert f"{normal_tail(5.0):.2g}" == "5.7e-07"
    assert f"{student_t_tail(5.0, 49):.1g}" == "8e-06"
    assert normal_tail(0.0) == 1.0 and normal_tail(1.0, two_sided=False) == pytest.approx(0.158655, abs=1e-6)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: normal_tail(-1.0), "z must be a finite non-negative threshold"),
    (lambda: normal_tail(float("nan")), "z must be a finite non-negative threshold"),
    (lambda: student_t_tail(2.0, 0), "dof must be a positive integer"),
    (lambda: student_t_tail(2.0, True), "dof must be a positive integer"),
])
def test_tail_functions_refuse_bad_arguments(call, message) -> None:
    """A negative, NaN threshold or a non-integer dof is a ValueError naming the argument."""
    with pytest.raises(ValueError, match=message):
        call()


def test_a_runs_false_alarm_sums_rate_times_examples_tried() -> None:
    """The union bound counts each example a statistical check tried; other checks add nothing."""
    claims = [{"checks": [{"false_alarm_rate": 1e-5, "examples": 3}, {"false_alarm_rate": None, "examples": 50}]},
              {"checks": [{"false_alarm_rate": 2e-6, "examples": 10}]}]
    assert run_false_alarm(claims) == pytest.approx(5e-5)


def test_the_projects_statistical_checks_fit_the_false_alarm_budget_of_a_full_ci_run() -> None:
    """Every statistical check of the project, at the most examples it may run in the ci profile: the
    sum of false-alarm rates stays within the budget."""
    parts = declared_false_alarm(PROJECT.select([]), resolve_profile("ci"))
    assert len(parts) >= 9
    total = sum(rate for _, _, rate in parts)
    assert total <= FALSE_ALARM_BUDGET, sorted(parts, key=lambda p: -p[2])[:3]


@pytest.mark.parametrize("dof", [1, 2, 5, 39, 1000])
def test_student_t_tail_is_scipy_stats_t_sf_to_the_last_bit(dof: int) -> None:
    """student_t_tail computes scipy.stats.t.sf through scipy.special alone: the same float, not a close one."""
    from scipy import stats

    for t in (0.0, 0.5, 3.0, 6.0, 40.0):
        assert student_t_tail(t, dof, two_sided=False) == float(stats.t.sf(t, dof))
        assert student_t_tail(t, dof) == 2 * float(stats.t.sf(t, dof))
