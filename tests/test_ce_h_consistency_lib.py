"""Unit tests for the comp-sum library: comp_sum_loss, conditional_regret, zero_one_regret, transform and
inverse_transform.

The claims ce_h_consistency.* check the same functions against independent ground truth; these tests pin
hand-computed values, the extreme scales, and the input validation (one table covering every public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.ce_h_consistency.library import (
    comp_sum_loss,
    conditional_regret,
    inverse_transform,
    transform,
    zero_one_regret,
)

# -- hand-computed values ------------------------------------------------------------------------------


def test_losses_at_equal_scores():
    """Equal scores, n = 3: s_y = 1/3, so ℓ₁ = log 3, ℓ₀ = 2, ℓ₂ = 2/3 and ℓ_{1/2} = 2(√3 − 1)."""
    h = [0.0, 0.0, 0.0]
    assert comp_sum_loss(h, 0, 1) == pytest.approx(math.log(3), rel=1e-15)
    assert comp_sum_loss(h, 1, 0) == pytest.approx(2.0, rel=1e-15)
    assert comp_sum_loss(h, 2, 2) == pytest.approx(2 / 3, rel=1e-15)
    assert comp_sum_loss(h, 2, 0.5) == pytest.approx(2 * (math.sqrt(3) - 1), rel=1e-14)


def test_transforms_by_hand():
    """T₀(3/5) = 1 − 4/5 = 1/5; T₂(3/5) at n = 3 is 1/5; T₁(1/2) = (3/4) log(3/2) + (1/4) log(1/2)."""
    assert transform(0.6, 0, 2) == pytest.approx(0.2, rel=1e-14)
    assert transform(0.6, 2, 3) == pytest.approx(0.2, rel=1e-15)
    assert transform(0.5, 1, 2) == pytest.approx(0.75 * math.log(1.5) + 0.25 * math.log(0.5), rel=1e-14)
    assert transform(1.0, 1, 2) == pytest.approx(math.log(2), rel=1e-15)


def test_regrets_at_the_tie():
    """p = (0.6, 0.4), h = (0, 0): the cross-entropy regret is log 2 − H(p) = T₁(0.2); the zero-one regret is 0 (the
    tie goes to class 0, the most probable)."""
    p = [0.6, 0.4]
    entropy = -(0.6 * math.log(0.6) + 0.4 * math.log(0.4))
    assert conditional_regret([0.0, 0.0], p, 1) == pytest.approx(math.log(2) - entropy, rel=1e-13)
    assert zero_one_regret([0.0, 0.0], p) == 0.0
    assert zero_one_regret([0.0, 1.0], p) == pytest.approx(0.2, rel=1e-15)


def test_inverse_of_transform():
    for tau in (0.0, 0.5, 1.0, 1.5, 2.0):
        for t in (1e-6, 0.3, 0.99):
            assert inverse_transform(transform(t, tau, 3), tau, 3) == pytest.approx(t, rel=1e-12)
    assert inverse_transform(10.0, 1) == 1.0


# -- extreme scales ------------------------------------------------------------------------------------


def test_extreme_scores_and_shift_invariance():
    """Scores of 1e300 do not overflow for cross-entropy; a confident right answer has a loss of e^{−1000}-order
    kept in relative precision; adding a constant to every score changes nothing."""
    assert comp_sum_loss([1e300, -1e300], 1, 1) == pytest.approx(2e300, rel=1e-15)
    assert comp_sum_loss([40.0, 0.0], 0, 1) == pytest.approx(math.exp(-40), rel=1e-14)
    assert comp_sum_loss([40.0, 0.0], 0, 0) == pytest.approx(math.exp(-40), rel=1e-14)
    h = np.array([0.3, -1.2, 2.0])
    p = [0.2, 0.5, 0.3]
    for tau in (0.0, 1.0, 1.7, 2.0):
        assert conditional_regret(h + 1e6, p, tau) == pytest.approx(conditional_regret(h, p, tau), rel=1e-9)


def test_small_t_no_cancellation():
    """T_τ(t) ≈ c t² at t = 1e-8 in full relative precision (no cancellation)."""
    assert transform(1e-8, 1, 2) == pytest.approx(5e-17, rel=1e-12)
    assert transform(1e-8, 0, 2) == pytest.approx(5e-17, rel=1e-12)
    assert inverse_transform(1e-14, 1) == pytest.approx(math.sqrt(2e-14), rel=1e-9)


def _t1_root_mp(eps: float):
    """The root of T₁(t) = ε at 60 digits plus those lost to the cancellation of T₁'s two terms near t = 0, by
    bisection-bracketed Anderson–Björck (mpmath), with T₁ as the paper writes it."""
    import mpmath

    with mpmath.workdps(60 + max(0, math.ceil(-math.log10(eps)))):
        e = mpmath.mpf(eps)

        def f(t):
            return ((1 + t) / 2 * mpmath.log1p(t) + (1 - t) / 2 * mpmath.log1p(-t)) / e - 1

        hi = 1 - mpmath.mpf(10) ** -40
        while f(hi / 2) > 0:
            hi /= 2
        return mpmath.findroot(f, (hi / 2, hi), solver="anderson")


@pytest.mark.parametrize("eps", [1e-20, 1e-11, 1e-6, 0.3, math.log(2) - 1e-4, math.log(2) - 1e-8,
                                 math.log(2) - 1e-12])
def test_inverse_transform_ce_accuracy(eps):
    """Γ₁(ε) to a few ulps relative against mpmath: near ε = 0 (T₁ ≈ t²/2) and near ε = log 2 (t → 1, where T₁
    written through log(1 − t²) lost 2e-11 relative at ε = log 2 − 1e-8)."""
    assert inverse_transform(eps, 1) == pytest.approx(float(_t1_root_mp(eps)), rel=1e-14, abs=0)


def test_ce_transform_near_one():
    """T₁(t) in full relative precision as t → 1 (1 − t exact, no rounding of 1 − t²)."""
    import mpmath

    with mpmath.workdps(50):
        for t in (0.5, 0.9, 1 - 1e-5, 1 - 1e-8, 1 - 1e-12):
            tm = mpmath.mpf(t)
            truth = (1 + tm) / 2 * mpmath.log1p(tm) + (1 - tm) / 2 * mpmath.log1p(-tm)
            assert transform(t, 1, 2) == pytest.approx(float(truth), rel=1e-14, abs=0)


# -- bad inputs ------------------------------------------------------------------------------------------

OK_H = [0.0, 1.0]
OK_P = [0.5, 0.5]

BAD = [
    (comp_sum_loss, (None, 0, 1), TypeError, "scores"),
    (comp_sum_loss, ([True, False], 0, 1), TypeError, "scores"),
    (comp_sum_loss, (["a", "b"], 0, 1), TypeError, "scores"),
    (comp_sum_loss, ([1 + 1j, 0], 0, 1), TypeError, "scores"),
    (comp_sum_loss, ([], 0, 1), ValueError, "scores"),
    (comp_sum_loss, ([1.0], 0, 1), ValueError, "scores"),
    (comp_sum_loss, ([[0.0, 1.0]], 0, 1), ValueError, "scores"),
    (comp_sum_loss, ([math.nan, 0.0], 0, 1), ValueError, "scores"),
    (comp_sum_loss, ([math.inf, 0.0], 0, 1), ValueError, "scores"),
    (comp_sum_loss, (OK_H, 2, 1), ValueError, "label"),
    (comp_sum_loss, (OK_H, -1, 1), ValueError, "label"),
    (comp_sum_loss, (OK_H, True, 1), TypeError, "label"),
    (comp_sum_loss, (OK_H, 0.0, 1), TypeError, "label"),
    (comp_sum_loss, (OK_H, 0, 2.5), ValueError, "tau"),
    (comp_sum_loss, (OK_H, 0, -0.1), ValueError, "tau"),
    (comp_sum_loss, (OK_H, 0, math.nan), ValueError, "tau"),
    (comp_sum_loss, (OK_H, 0, True), TypeError, "tau"),
    (comp_sum_loss, (OK_H, 0, "1"), TypeError, "tau"),
    (conditional_regret, (OK_H, [0.6, 0.6], 1), ValueError, "p"),
    (conditional_regret, (OK_H, [1.2, -0.2], 1), ValueError, "p"),
    (conditional_regret, (OK_H, [0.2, 0.3, 0.5], 1), ValueError, "p"),
    (conditional_regret, (OK_H, [math.nan, 0.5], 1), ValueError, "p"),
    (conditional_regret, (OK_H, None, 1), TypeError, "p"),
    (conditional_regret, ([math.inf, 0.0], OK_P, 1), ValueError, "scores"),
    (conditional_regret, (OK_H, OK_P, 3.0), ValueError, "tau"),
    (conditional_regret, (OK_H, OK_P, None), TypeError, "tau"),
    (zero_one_regret, (OK_H, [0.5, 0.6]), ValueError, "p"),
    (zero_one_regret, ("ab", OK_P), TypeError, "scores"),
    (zero_one_regret, ([0.0, 1.0, 2.0], OK_P), ValueError, "p"),
    (transform, (1.5, 1, 2), ValueError, "t"),
    (transform, (-0.1, 1, 2), ValueError, "t"),
    (transform, (math.inf, 1, 2), ValueError, "t"),
    (transform, (False, 1, 2), TypeError, "t"),
    (transform, (0.5, 2.1, 2), ValueError, "tau"),
    (transform, (0.5, 1, 1), ValueError, "n"),
    (transform, (0.5, 1, 2.0), TypeError, "n"),
    (transform, (0.5, 1, True), TypeError, "n"),
    (inverse_transform, (-1.0, 1, 2), ValueError, "eps"),
    (inverse_transform, (math.nan, 1, 2), ValueError, "eps"),
    (inverse_transform, ("0.1", 1, 2), TypeError, "eps"),
    (inverse_transform, (0.1, -1, 2), ValueError, "tau"),
    (inverse_transform, (0.1, 1, 0), ValueError, "n"),
]


@pytest.mark.parametrize(("fn", "args", "error", "name"), BAD,
                         ids=[f"{fn.__name__}-{i}" for i, (fn, *_rest) in enumerate(BAD)])
def test_bad_inputs(fn, args, error, name):
    with pytest.raises(error, match=name):
        fn(*args)
