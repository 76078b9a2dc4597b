"""Unit tests for the Two-Pass softmax library: softmax and logsumexp.

The claims two_pass_softmax.library_softmax and two_pass_softmax.library_special_values check the same functions
against 50-digit ground truth; these tests pin hand-computed values, the extreme scales, and the input validation
(one table covering every public function)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.two_pass_softmax.library import logsumexp, softmax

# -- hand-computed values ------------------------------------------------------------------------------


def test_two_logits_one_apart():
    """softmax(0, 1) = (1/(1 + e), e/(1 + e)); logsumexp = log(1 + e)."""
    e = math.e
    np.testing.assert_allclose(softmax([0.0, 1.0]), [1 / (1 + e), e / (1 + e)], rtol=1e-15)
    assert logsumexp([0.0, 1.0]) == pytest.approx(math.log1p(e), rel=1e-15)


def test_equal_logits_are_uniform_at_any_offset():
    for offset in (0.0, 88.72, -1e300, 1e300):
        np.testing.assert_array_equal(softmax(np.full(5, offset)), np.full(5, 0.2))


def test_shift_by_a_huge_offset_changes_nothing():
    """Equal logits of size 1e300 give 1/3 each and logsumexp 1e300 (no overflow); (709, 710, 711), whose e^x
    overflows float64 in the sum, give the softmax of (0, 1, 2)."""
    x = np.array([1e300, 1e300, 1e300])
    np.testing.assert_array_equal(softmax(x), np.full(3, 1 / 3))
    assert logsumexp(x) == pytest.approx(1e300, rel=1e-15)
    y = softmax([709.0, 710.0, 711.0])
    np.testing.assert_allclose(y, softmax([0.0, 1.0, 2.0]), rtol=1e-15)


def test_masked_logits_get_exactly_zero():
    x = np.array([-np.inf, 0.0, -np.inf, np.log(3.0)])
    y = softmax(x, chunk=1)
    assert y[0] == 0.0 and y[2] == 0.0
    np.testing.assert_allclose(y[[1, 3]], [0.25, 0.75], rtol=1e-15)
    assert logsumexp(x, chunk=2) == pytest.approx(math.log(4.0), rel=1e-15)


def test_all_masked_row_raises_in_softmax_and_is_minus_inf_in_logsumexp():
    with pytest.raises(ValueError, match="x"):
        softmax([-np.inf, -np.inf])
    assert logsumexp([-np.inf, -np.inf]) == -np.inf


def test_axis_and_chunk_do_not_change_the_result():
    x = np.random.default_rng(0).normal(size=(3, 17)) * 40
    ref = softmax(x)
    for chunk in (1, 2, 5, 17, 100):
        np.testing.assert_allclose(softmax(x, chunk=chunk), ref, rtol=1e-14)
    np.testing.assert_allclose(softmax(x.T, axis=0), ref.T, rtol=1e-15)
    np.testing.assert_allclose(logsumexp(x, axis=1), [logsumexp(r) for r in x], rtol=1e-15)


def test_extreme_scales():
    """Logits of size 1e-300 give the uniform distribution to rounding; of size 1e300 a one-hot vector."""
    np.testing.assert_allclose(softmax([1e-300, -1e-300]), [0.5, 0.5], rtol=1e-15)
    np.testing.assert_array_equal(softmax([1e300, -1e300, 0.0]), [1.0, 0.0, 0.0])


def test_integer_input_is_accepted():
    np.testing.assert_allclose(softmax([1, 1]), [0.5, 0.5], rtol=0)


# -- validation ------------------------------------------------------------------------------------------

GOOD = np.array([0.0, 1.0])
BAD_INPUTS = [
    (softmax, (None,), {}, TypeError, "x"),
    (softmax, ("abc",), {}, TypeError, "x"),
    (softmax, (True,), {}, TypeError, "x"),
    (softmax, ([True, False],), {}, TypeError, "x"),
    (softmax, ([1 + 2j],), {}, TypeError, "x"),
    (softmax, ([1.0, None],), {}, TypeError, "x"),
    (softmax, ([],), {}, ValueError, "x"),
    (softmax, (3.0,), {}, ValueError, "x"),
    (softmax, ([1.0, np.nan],), {}, ValueError, "x"),
    (softmax, ([1.0, np.inf],), {}, ValueError, "x"),
    (softmax, ([[1.0], [1.0, 2.0]],), {}, ValueError, "x"),
    (softmax, (GOOD,), {"axis": 1}, ValueError, "axis"),
    (softmax, (GOOD,), {"axis": 1.0}, TypeError, "axis"),
    (softmax, (GOOD,), {"axis": True}, TypeError, "axis"),
    (softmax, (GOOD,), {"chunk": 0}, ValueError, "chunk"),
    (softmax, (GOOD,), {"chunk": 2.5}, TypeError, "chunk"),
    (softmax, (GOOD,), {"chunk": False}, TypeError, "chunk"),
    (logsumexp, (None,), {}, TypeError, "x"),
    (logsumexp, ([False],), {}, TypeError, "x"),
    (logsumexp, (np.array([], dtype=float),), {}, ValueError, "x"),
    (logsumexp, ([np.nan],), {}, ValueError, "x"),
    (logsumexp, ([np.inf, 0.0],), {}, ValueError, "x"),
    (logsumexp, (GOOD,), {"axis": -2}, ValueError, "axis"),
    (logsumexp, (GOOD,), {"axis": "0"}, TypeError, "axis"),
    (logsumexp, (GOOD,), {"chunk": -1}, ValueError, "chunk"),
    (logsumexp, (GOOD,), {"chunk": None}, TypeError, "chunk"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "error", "names"), BAD_INPUTS,
                         ids=[f"{fn.__name__}-{i}" for i, (fn, *_rest) in enumerate(BAD_INPUTS)])
def test_bad_inputs_raise_naming_the_argument(fn, args, kwargs, error, names):
    with pytest.raises(error, match=names):
        fn(*args, **kwargs)
