"""Unit tests for the NPO library: sequence_log_probs, npo_loss and npo_weights.

The claims npo.library_sequence_log_probs, npo.library_npo_loss and npo.library_npo_weights check the same
functions against high-precision ground truth; these tests pin small hand-computed values, the input
validation (one table covering every public function) and the extreme scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.npo.library import IGNORE_INDEX, npo_loss, npo_weights, sequence_log_probs

# -- hand-computed values ------------------------------------------------------------------------------


def test_loss_at_the_reference_is_two_log_two_over_beta():
    """π_θ = π_ref: every sample contributes (2/β) log 2."""
    assert npo_loss([0.0, -3.0], [0.0, -3.0], 0.5) == pytest.approx(4 * math.log(2), rel=1e-15)


def test_loss_of_a_quarter_against_a_half():
    """π_θ = 1/4, π_ref = 1/2, β = 1: 2 log(1 + 1/2) = 2 log 1.5; β = 2: log(1 + 1/4)."""
    assert npo_loss([math.log(0.25)], [math.log(0.5)], 1.0) == pytest.approx(2 * math.log(1.5), rel=1e-15)
    assert npo_loss([math.log(0.25)], [math.log(0.5)], 2.0) == pytest.approx(math.log(1.25), rel=1e-15)


def test_weights_of_a_quarter_against_a_half():
    """W = 2π_θ^β/(π_θ^β + π_ref^β): 2/3 at β = 1 and 2·(1/16)/(1/16 + 1/4) = 0.4 at β = 2."""
    lp, lr = [math.log(0.25)], [math.log(0.5)]
    assert npo_weights(lp, lr, 1.0)[0] == pytest.approx(2 / 3, rel=1e-15)
    assert npo_weights(lp, lr, 2.0)[0] == pytest.approx(0.4, rel=1e-15)


def test_weight_is_the_derivative_of_the_loss():
    """∂L/∂ log π_θ,i = W_i/n (central differences on a two-sample batch)."""
    lp, lr, beta, h = np.array([-2.0, -7.5]), np.array([-3.0, -1.0]), 0.7, 1e-6
    w = npo_weights(lp, lr, beta)
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        fd = (npo_loss(lp + e, lr, beta) - npo_loss(lp - e, lr, beta)) / (2 * h)
        assert fd == pytest.approx(w[i] / 2, rel=1e-6)  # roundoff ε·|L|/h ≈ 3e-10 on 0.01


def test_uniform_logits_give_log_one_over_vocabulary_per_scored_token():
    """Zero logits over 4 tokens, a question of 2 positions and an answer of 3 tokens: 3 log(1/4)."""
    logits = np.zeros((1, 6, 4))
    labels = np.array([[IGNORE_INDEX, IGNORE_INDEX, 1, 3, 0, IGNORE_INDEX]])
    assert sequence_log_probs(logits, labels)[0] == pytest.approx(3 * math.log(0.25), rel=1e-15)


def test_first_label_is_never_scored_and_logits_are_shifted():
    """Position t scores label t + 1: the label at position 0 is not scored, the logits at the last position
    score nothing."""
    logits = np.zeros((1, 3, 2))
    logits[0, 0] = [5.0, 0.0]  # scores label 1 (token 0): log σ(5)
    logits[0, 2] = [100.0, -100.0]  # last position: unused
    labels = np.array([[1, 0, IGNORE_INDEX]])
    assert sequence_log_probs(logits, labels)[0] == pytest.approx(-math.log1p(math.exp(-5.0)), rel=1e-14)


def test_a_sequence_with_nothing_scored_has_log_probability_zero():
    """All labels ignored: an empty product, as in the release (get_batch_loss sums nothing)."""
    assert sequence_log_probs(np.ones((1, 4, 3)), np.full((1, 4), IGNORE_INDEX))[0] == 0.0


# -- extreme scales --------------------------------------------------------------------------------------


def test_loss_at_extreme_log_probabilities():
    """u = −1e300: the loss underflows to 0; u = +1e300: it is 2u; β = 1e-300 at the reference: (2/β) log 2."""
    assert npo_loss([-1e300], [0.0], 1.0) == 0.0
    assert npo_loss([0.0], [-1e300], 1.0) == pytest.approx(2e300, rel=1e-15)
    assert npo_loss([-5.0], [-5.0], 1e-300) == pytest.approx(2 * math.log(2) * 1e300, rel=1e-15)
    assert npo_loss([-1e300, 0.0], [0.0, -1e300], 1.0) == pytest.approx(1e300, rel=1e-15)


def test_loss_keeps_the_tail_where_it_is_tiny():
    """β = 1e-300, u = −1e303: the loss is (2/β) e^{βu} = 2e300·e^{−1000}, representable though e^{−1000} is not."""
    expected = 2.0 * math.exp(-1000.0 + 300 * math.log(10))
    assert npo_loss([-1e303], [0.0], 1e-300) == pytest.approx(expected, rel=1e-12)


def test_loss_with_tiny_beta_tends_to_the_mean_log_ratio():
    """β = 1e-8: L − (2/β) log 2 = mean(u) + O(β): here within 1e-6 (float64 cancellation of 1.4e8)."""
    lp, lr = np.array([-1.0, -4.0]), np.array([-2.0, -0.5])
    gap = npo_loss(lp, lr, 1e-8) - 2 * math.log(2) / 1e-8
    assert gap == pytest.approx(float(np.mean(lp - lr)), abs=1e-6)


def test_weights_at_extreme_log_probabilities():
    """W = 1 at equal log-probabilities of any size; W rounds to 0 or 2 only when β|u| is beyond float range."""
    w = npo_weights([-1e300, 0.0, -1e300, -1e-300], [-1e300, -1e300, 0.0, -1e-300], 1.0)
    np.testing.assert_array_equal(w, [1.0, 2.0, 0.0, 1.0])
    assert 0.0 < npo_weights([-700.0], [0.0], 1.0)[0] < 1e-300


def test_log_probs_at_extreme_logits():
    """Logits of size 1e300: the log-softmax is −1e300 for the smaller logit and 0 for the larger."""
    logits = np.array([[[1e300, 0.0], [1e300, 0.0]]])
    assert sequence_log_probs(logits, np.array([[0, 1]]))[0] == pytest.approx(-1e300, rel=1e-15)
    assert sequence_log_probs(logits, np.array([[1, 0]]))[0] == 0.0


# -- input validation: one row per bad input, (function, positional args, keyword args, error, argument) ----

_Z = np.zeros((1, 3, 2))
_Y = np.array([[IGNORE_INDEX, 0, 1]])
_LP, _LR = [-1.0, -2.0], [-1.5, -0.5]
BAD_INPUTS = [
    # sequence_log_probs: logits
    (sequence_log_probs, (None, _Y), {}, TypeError, "logits"),
    (sequence_log_probs, ("abc", _Y), {}, TypeError, "logits"),
    (sequence_log_probs, (np.zeros((1, 3, 2), dtype=bool), _Y), {}, TypeError, "logits"),
    (sequence_log_probs, (np.zeros((1, 3, 2), dtype=complex), _Y), {}, TypeError, "logits"),
    (sequence_log_probs, (np.full((1, 3, 2), np.nan), _Y), {}, ValueError, "logits"),
    (sequence_log_probs, (np.full((1, 3, 2), np.inf), _Y), {}, ValueError, "logits"),
    (sequence_log_probs, (np.zeros((3, 2)), _Y), {}, ValueError, "logits"),
    (sequence_log_probs, (np.zeros((0, 3, 2)), np.zeros((0, 3), dtype=int)), {}, ValueError, "logits"),
    (sequence_log_probs, (np.zeros((1, 1, 2)), np.zeros((1, 1), dtype=int)), {}, ValueError, "logits"),
    (sequence_log_probs, (np.zeros((1, 3, 1)), np.zeros((1, 3), dtype=int)), {}, ValueError, "logits"),
    (sequence_log_probs, ([[[0.0, 1.0], [0.0]]], _Y), {}, ValueError, "logits"),
    (sequence_log_probs, (np.array([[[1.7e308, -1.7e308]] * 3]), np.array([[0, 1, 1]])), {}, ValueError, "logits"),
    # sequence_log_probs: labels and ignore_index
    (sequence_log_probs, (_Z, None), {}, TypeError, "labels"),
    (sequence_log_probs, (_Z, _Y.astype(float)), {}, TypeError, "labels"),
    (sequence_log_probs, (_Z, _Y > 0), {}, TypeError, "labels"),
    (sequence_log_probs, (_Z, np.array([[0, 1]])), {}, ValueError, "labels"),
    (sequence_log_probs, (_Z, np.array([[0, 2, 1]])), {}, ValueError, "labels"),
    (sequence_log_probs, (_Z, np.array([[0, -5, 1]])), {}, ValueError, "labels"),
    (sequence_log_probs, (_Z, _Y), {"ignore_index": True}, TypeError, "ignore_index"),
    (sequence_log_probs, (_Z, _Y), {"ignore_index": -1.5}, TypeError, "ignore_index"),
    (sequence_log_probs, (_Z, _Y), {"ignore_index": 0}, ValueError, "ignore_index"),
]
for _fn in (npo_loss, npo_weights):
    BAD_INPUTS += [
        (_fn, (None, _LR, 1.0), {}, TypeError, "logp_theta"),
        (_fn, ("ab", _LR, 1.0), {}, TypeError, "logp_theta"),
        (_fn, ([True, False], _LR, 1.0), {}, TypeError, "logp_theta"),
        (_fn, ([1j, -1.0], _LR, 1.0), {}, TypeError, "logp_theta"),
        (_fn, ([float("nan"), -1.0], _LR, 1.0), {}, ValueError, "logp_theta"),
        (_fn, ([-float("inf"), -1.0], _LR, 1.0), {}, ValueError, "logp_theta"),
        (_fn, ([], [], 1.0), {}, ValueError, "logp_theta"),
        (_fn, ([[-1.0, -2.0]], [[-1.0, -2.0]], 1.0), {}, ValueError, "logp_theta"),
        (_fn, ([0.5, -1.0], _LR, 1.0), {}, ValueError, "logp_theta"),
        (_fn, ([[-1.0], [-2.0, -3.0]], _LR, 1.0), {}, ValueError, "logp_theta"),
        (_fn, (_LP, None, 1.0), {}, TypeError, "logp_ref"),
        (_fn, (_LP, [False, True], 1.0), {}, TypeError, "logp_ref"),
        (_fn, (_LP, [-1.0, float("nan")], 1.0), {}, ValueError, "logp_ref"),
        (_fn, (_LP, [-1.0, 2.0], 1.0), {}, ValueError, "logp_ref"),
        (_fn, (_LP, [-1.0], 1.0), {}, ValueError, "logp_theta and logp_ref"),
        (_fn, (_LP, _LR, 0.0), {}, ValueError, "beta"),
        (_fn, (_LP, _LR, -1.0), {}, ValueError, "beta"),
        (_fn, (_LP, _LR, float("nan")), {}, ValueError, "beta"),
        (_fn, (_LP, _LR, float("inf")), {}, ValueError, "beta"),
        (_fn, (_LP, _LR, True), {}, TypeError, "beta"),
        (_fn, (_LP, _LR, "1"), {}, TypeError, "beta"),
        (_fn, (_LP, _LR, None), {}, TypeError, "beta"),
        (_fn, (_LP, _LR, 1 + 0j), {}, TypeError, "beta"),
    ]
BAD_INPUTS.append((npo_loss, (_LP, _LR, 1e-310), {}, ValueError, "beta"))


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "name"), BAD_INPUTS,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, error, name):
    with pytest.raises(error, match=name):
        fn(*args, **kwargs)
