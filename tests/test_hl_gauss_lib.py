"""Unit tests for the HL-Gauss library: hl_gauss_target, hl_gauss_decode, hl_gauss_cross_entropy, two_hot_target
and two_hot_decode.

The claim hl_gauss.library_target checks the same functions against high-precision ground truth; these tests pin
hand-computed values, the extreme scales, and the input validation (one table covering every public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.hl_gauss.library import (
    hl_gauss_cross_entropy,
    hl_gauss_decode,
    hl_gauss_target,
    two_hot_decode,
    two_hot_target,
)

# -- hand-computed values ------------------------------------------------------------------------------


def test_two_bins_at_the_middle_split_evenly():
    """y at the middle edge of two bins: by symmetry (1/2, 1/2), decoded to the middle."""
    p = hl_gauss_target(0.0, -1.0, 1.0, 2, 0.3)
    np.testing.assert_allclose(p, [0.5, 0.5], rtol=1e-15)
    assert hl_gauss_decode(p, -1.0, 1.0) == pytest.approx(0.0, abs=1e-15)


def test_two_bins_off_centre():
    """y = 0.25 on [-1, 1], σ = 0.5: p_1 = [Φ(1.5) − Φ(−0.5)]/[Φ(1.5) − Φ(−2.5)]."""
    phi = lambda x: 0.5 * math.erfc(-x / math.sqrt(2))  # noqa: E731
    expected = (phi(1.5) - phi(-0.5)) / (phi(1.5) - phi(-2.5))
    p = hl_gauss_target(0.25, -1.0, 1.0, 2, 0.5)
    assert p[1] == pytest.approx(expected, rel=1e-14)
    assert p.sum() == pytest.approx(1.0, abs=1e-15)


def test_edge_bias_at_v_max_is_more_than_half_a_bin():
    """At y = v_max the decoded value is −(1/2 + 2ΣΦ(−j/r)) bins off: about −0.690 at r = 0.75."""
    m = 50
    p = hl_gauss_target(50.0, 0.0, 50.0, m, 0.75)
    expected = -(0.5 + sum(math.erfc(j / (0.75 * math.sqrt(2))) for j in range(1, 40)))
    assert hl_gauss_decode(p, 0.0, 50.0) - 50.0 == pytest.approx(expected, abs=1e-12)


def test_targets_outside_are_clipped():
    """Far outside the support the target is that of the nearest end (the listing returns NaN there)."""
    np.testing.assert_array_equal(hl_gauss_target(1e6, -2.0, 2.0, 51, 0.06), hl_gauss_target(2.0, -2.0, 2.0, 51, 0.06))
    np.testing.assert_array_equal(hl_gauss_target(-1e300, -2.0, 2.0, 51, 0.06),
                                  hl_gauss_target(-2.0, -2.0, 2.0, 51, 0.06))


def test_scale_and_offset_free():
    """An affine map of y, the support and σ leaves the histogram unchanged (computed in bin units); with an offset
    the rounding of the shifted inputs (1e-10 of a bin at 1e6) moves only the far tail's relative digits."""
    base = hl_gauss_target(0.3, -1.0, 1.0, 20, 0.075)
    for a in (1e-200, 1e200, 3.0):
        np.testing.assert_allclose(hl_gauss_target(a * 0.3, -a, a, 20, a * 0.075), base, rtol=1e-12, atol=1e-300)
    shifted = hl_gauss_target(0.3 + 1e6, -1.0 + 1e6, 1.0 + 1e6, 20, 0.075)
    np.testing.assert_allclose(shifted, base, rtol=0, atol=1e-9)


def test_far_tail_bins_keep_their_digits():
    """A bin 30σ from y has mass about φ(30)/30, not 0 and not the rounding of 1 − 1."""
    p = hl_gauss_target(0.0, 0.0, 40.0, 40, 1.0)
    assert 0 < p[30] < 1e-190
    assert p[30] == pytest.approx(2 * (0.5 * math.erfc(30 / math.sqrt(2)) - 0.5 * math.erfc(31 / math.sqrt(2))),
                                  rel=1e-12)


def test_cross_entropy_of_uniform_logits_is_log_m():
    """softmax of constant logits is uniform: the cross-entropy is log m for any target."""
    assert hl_gauss_cross_entropy(np.zeros(7), 0.4, -1.0, 1.0, 0.2) == pytest.approx(math.log(7), rel=1e-15)
    losses = hl_gauss_cross_entropy(np.zeros((3, 5)), [0.0, 1.0, 5.0], -1.0, 1.0, 0.3)
    np.testing.assert_allclose(losses, [math.log(5)] * 3, rtol=1e-15)


def test_two_hot_values():
    """y = 0.25 between atoms 0 and 1: (0.75, 0.25); decoding gives 0.25; outside: the end atom."""
    np.testing.assert_array_equal(two_hot_target(0.25, [0.0, 1.0, 3.0]), [0.75, 0.25, 0.0])
    assert two_hot_decode(two_hot_target(2.5, [0.0, 1.0, 3.0]), [0.0, 1.0, 3.0]) == 2.5
    np.testing.assert_array_equal(two_hot_target(10.0, [0.0, 1.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(two_hot_target(1.0, [0.0, 1.0, 3.0]), [0.0, 1.0, 0.0])


def test_two_hot_extreme_scales():
    atoms = np.array([-1e300, 0.0, 1e300])
    assert two_hot_decode(two_hot_target(5e299, atoms), atoms) == pytest.approx(5e299, rel=1e-15)
    tiny = np.array([0.0, 1e-300, 2e-300])
    assert two_hot_decode(two_hot_target(1.5e-300, tiny), tiny) == pytest.approx(1.5e-300, rel=1e-15)


# -- input validation ----------------------------------------------------------------------------------

GOOD = dict(y=0.1, v_min=-1.0, v_max=1.0, num_bins=10, sigma=0.15)

BAD = [
    (hl_gauss_target, dict(GOOD, y=float("nan")), ValueError, "y"),
    (hl_gauss_target, dict(GOOD, y=float("inf")), ValueError, "y"),
    (hl_gauss_target, dict(GOOD, y=[]), ValueError, "y"),
    (hl_gauss_target, dict(GOOD, y=[[0.1]]), ValueError, "y"),
    (hl_gauss_target, dict(GOOD, y=True), TypeError, "y"),
    (hl_gauss_target, dict(GOOD, y="0.1"), TypeError, "y"),
    (hl_gauss_target, dict(GOOD, y=1j), TypeError, "y"),
    (hl_gauss_target, dict(GOOD, v_min=2.0), ValueError, "v_min"),
    (hl_gauss_target, dict(GOOD, v_min=float("nan")), ValueError, "v_min"),
    (hl_gauss_target, dict(GOOD, v_max=None), TypeError, "v_max"),
    (hl_gauss_target, dict(GOOD, v_min=-1e308, v_max=1e308), ValueError, "v_max - v_min"),
    (hl_gauss_target, dict(GOOD, num_bins=1), ValueError, "num_bins"),
    (hl_gauss_target, dict(GOOD, num_bins=10.0), TypeError, "num_bins"),
    (hl_gauss_target, dict(GOOD, num_bins=True), TypeError, "num_bins"),
    (hl_gauss_target, dict(GOOD, sigma=0.0), ValueError, "sigma"),
    (hl_gauss_target, dict(GOOD, sigma=-1.0), ValueError, "sigma"),
    (hl_gauss_target, dict(GOOD, sigma=float("inf")), ValueError, "sigma"),
    (hl_gauss_target, dict(GOOD, sigma=False), TypeError, "sigma"),
    (hl_gauss_decode, dict(probs=[0.5, 0.6], v_min=0.0, v_max=1.0), ValueError, "probs"),
    (hl_gauss_decode, dict(probs=[1.5, -0.5], v_min=0.0, v_max=1.0), ValueError, "probs"),
    (hl_gauss_decode, dict(probs=[1.0], v_min=0.0, v_max=1.0), ValueError, "num_bins"),
    (hl_gauss_decode, dict(probs=np.ones((1, 1, 2)) / 2, v_min=0.0, v_max=1.0), ValueError, "probs"),
    (hl_gauss_decode, dict(probs=[0.5, float("nan")], v_min=0.0, v_max=1.0), ValueError, "probs"),
    (hl_gauss_decode, dict(probs=[True, False], v_min=0.0, v_max=1.0), TypeError, "probs"),
    (hl_gauss_decode, dict(probs=[0.5, 0.5], v_min=1.0, v_max=0.0), ValueError, "v_min"),
    (hl_gauss_cross_entropy, dict(logits=[0.0, 1.0], y=[0.1, 0.2], v_min=0.0, v_max=1.0, sigma=0.1), ValueError, "y"),
    (hl_gauss_cross_entropy, dict(logits=[[[0.0]]], y=0.1, v_min=0.0, v_max=1.0, sigma=0.1), ValueError, "logits"),
    (hl_gauss_cross_entropy, dict(logits=[0.0, float("inf")], y=0.1, v_min=0.0, v_max=1.0, sigma=0.1), ValueError,
     "logits"),
    (hl_gauss_cross_entropy, dict(logits="ab", y=0.1, v_min=0.0, v_max=1.0, sigma=0.1), TypeError, "logits"),
    (hl_gauss_cross_entropy, dict(logits=[0.0, 1.0], y=0.1, v_min=0.0, v_max=1.0, sigma=0), ValueError, "sigma"),
    (two_hot_target, dict(y=0.5, atoms=[0.0]), ValueError, "atoms"),
    (two_hot_target, dict(y=0.5, atoms=[1.0, 0.0]), ValueError, "atoms"),
    (two_hot_target, dict(y=0.5, atoms=[0.0, 0.0, 1.0]), ValueError, "atoms"),
    (two_hot_target, dict(y=0.5, atoms=[0.0, float("nan")]), ValueError, "atoms"),
    (two_hot_target, dict(y=None, atoms=[0.0, 1.0]), TypeError, "y"),
    (two_hot_target, dict(y=[[0.5]], atoms=[0.0, 1.0]), ValueError, "y"),
    (two_hot_target, dict(y=0.5, atoms=[False, True]), TypeError, "atoms"),
    (two_hot_decode, dict(probs=[0.5, 0.5], atoms=[0.0, 1.0, 2.0]), ValueError, "probs"),
    (two_hot_decode, dict(probs=[0.7, 0.7], atoms=[0.0, 1.0]), ValueError, "probs"),
    (two_hot_decode, dict(probs=[0.5, 0.5], atoms=[0.0, float("inf")]), ValueError, "atoms"),
    (two_hot_decode, dict(probs=[], atoms=[0.0, 1.0]), ValueError, "probs"),
]


@pytest.mark.parametrize(("fn", "kwargs", "error", "name"), BAD,
                         ids=[f"{fn.__name__}-{i}" for i, (fn, *_rest) in enumerate(BAD)])
def test_bad_inputs_name_the_argument(fn, kwargs, error, name):
    with pytest.raises(error, match=name):
        fn(**kwargs)
