"""Unit tests for the f-distill library: f_weighting, ratio_from_logits, normalise_weights, f_distill_gradient.

The claims f_distill.library_* check the same functions against mpmath and closed forms; these tests pin hand-computed
values, the input validation (one table) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.f_distill.library import (
    DIVERGENCES,
    f_distill_gradient,
    f_weighting,
    normalise_weights,
    ratio_from_logits,
)

GOOD = {"ratio": [0.5, 2.0], "divergence": "js", "logits": [[0.1, 0.2], [0.3, -1.0]], "ratio_lower": 1e-4,
        "ratio_upper": 1e4, "weights": [1.0, 2.0], "score_teacher": [0.1, 0.2], "score_student": [0.3, 0.1],
        "jacobian": [1.0, 1.0]}
CALLS = {f_weighting: ("ratio", "divergence"), ratio_from_logits: ("logits", "ratio_lower", "ratio_upper"),
         normalise_weights: ("weights",),
         f_distill_gradient: ("ratio", "score_teacher", "score_student", "jacobian", "divergence")}
BAD = [
    ("ratio", float("nan"), ValueError), ("ratio", [1.0, float("inf")], ValueError), ("ratio", [], ValueError),
    ("ratio", [0.0, 1.0], ValueError), ("ratio", True, TypeError), ("ratio", "1", TypeError),
    ("ratio", [[1.0]], ValueError),
    ("divergence", "kl", ValueError), ("divergence", 3, TypeError),
    ("logits", [[float("nan")]], ValueError), ("logits", [], ValueError), ("logits", np.ones((2, 2, 2)), ValueError),
    ("logits", [True, False], TypeError), ("logits", ["a"], TypeError),
    ("ratio_lower", 0.0, ValueError), ("ratio_lower", True, TypeError), ("ratio_upper", float("inf"), ValueError),
    ("ratio_upper", "1", TypeError),
    ("weights", [1.0, -1.0], ValueError), ("weights", [float("nan")], ValueError), ("weights", [], ValueError),
    ("weights", [[1.0]], ValueError), ("weights", [True], TypeError), ("weights", np.array([1, 2], dtype=bool),
                                                                     TypeError),
    ("score_teacher", [1.0], ValueError), ("score_teacher", [float("nan"), 1.0], ValueError),
    ("score_student", [[1.0, 2.0]], ValueError), ("jacobian", [1.0], ValueError),
    ("jacobian", [True, False], TypeError),
]


@pytest.mark.parametrize(("fn", "arg", "value", "error"),
                         [(fn, arg, value, error) for fn, names in CALLS.items() for arg, value, error in BAD
                          if arg in names], ids=lambda v: getattr(v, "__name__", repr(v))[:20])
def test_rejects_bad_input(fn, arg, value, error):
    """Every public function raises the error naming the argument."""
    kwargs = {name: GOOD[name] for name in CALLS[fn]}
    kwargs[arg] = value
    with pytest.raises(error, match=arg):
        fn(**kwargs)


def test_reversed_ratio_bounds():
    with pytest.raises(ValueError, match="ratio_lower"):
        ratio_from_logits([0.0], ratio_lower=10.0, ratio_upper=1.0)


def test_weighting_hand_values():
    """At r = 1: JS 1/2, squared Hellinger 1/2, Jeffreys 2, softened RKL 1/2, Neyman 2, Pearson 2; at r = 4: JS 4/5,
    squared Hellinger 1, Neyman 1/2, Pearson 32."""
    expected_at_one = {"reverse_kl": 1.0, "forward_kl": 1.0, "js": 0.5, "squared_hellinger": 0.5, "jeffreys": 2.0,
                       "softened_rkl": 0.5, "neyman_chi2": 2.0, "pearson_chi2": 2.0}
    assert {name: f_weighting(1.0, name) for name in DIVERGENCES} == expected_at_one
    assert f_weighting(4.0, "js") == 0.8
    assert f_weighting(4.0, "squared_hellinger") == 1.0
    assert f_weighting(4.0, "neyman_chi2") == 0.5
    assert f_weighting(4.0, "pearson_chi2") == 32.0
    assert isinstance(f_weighting(2.0, "js"), float)
    np.testing.assert_array_equal(f_weighting(np.array([1.0, 3.0]), "forward_kl"), [1.0, 3.0])


def test_ratio_from_logits_clamps():
    """exp of the mean logit, clamped to [−10, 10] first and to the ratio bounds after."""
    out = ratio_from_logits([[0.0, 2.0], [50.0, 50.0], [-50.0, -50.0]], ratio_lower=1e-30, ratio_upper=1e30)
    np.testing.assert_allclose(out, [math.e, math.exp(10.0), math.exp(-10.0)], rtol=1e-15)
    np.testing.assert_array_equal(ratio_from_logits([20.0, -20.0]), [1e4, 1e-4])


def test_normalise_hand_values_and_extreme_scales():
    np.testing.assert_array_equal(normalise_weights([1.0, 3.0]), [0.5, 1.5])
    for scale in (1e-300, 1e300, 1.7e308 / 4):
        np.testing.assert_allclose(normalise_weights(np.array([1.0, 2.0, 3.0, 4.0]) * scale / 4.0),
                                   [0.4, 0.8, 1.2, 1.6], rtol=1e-15)
    assert normalise_weights([5e-324])[0] == 1.0


def test_gradient_hand_values():
    """Batch of two, 1-D: −mean(h (s_p − s_q) J); and the (B, d, k) form."""
    got = f_distill_gradient([1.0, 4.0], [1.0, 0.0], [0.0, 1.0], [1.0, 2.0], "forward_kl")
    assert got == -(1.0 * 1.0 * 1.0 + 4.0 * (-1.0) * 2.0) / 2  # 3.5
    got = f_distill_gradient([1.0], [[1.0, 2.0]], [[0.0, 0.0]], [[[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]], "reverse_kl")
    np.testing.assert_array_equal(got, [-1.0, -2.0, -3.0])
    huge = f_distill_gradient([1e150], [1e-150], [0.0], [1.0], "forward_kl")
    assert huge == -1.0
