"""Unit tests for the softening-operator library: soften, log_soften, soften_logits, mix_soften, top_k, entropy.

The claim softening_operators.library_soften checks the same functions against 30-digit ground truth; these
tests pin the input validation (one table), hand-computed values and extreme temperatures and scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.theorems.softening_operators.library import (
    entropy,
    log_soften,
    mix_soften,
    soften,
    soften_logits,
    top_k,
)

P = [0.5, 0.3, 0.2]
BAD_VECTORS = [
    ("nan", [0.5, float("nan")], ValueError),
    ("inf", [0.5, float("inf")], ValueError),
    ("empty", [], ValueError),
    ("matrix", [[0.5, 0.5]], ValueError),
    ("scalar", 0.5, TypeError),
    ("string", "0.5", TypeError),
    ("none", None, TypeError),
    ("bools", [True, False], TypeError),
    ("complex", [0.5 + 0j, 0.5], TypeError),
    ("objects", [object(), 1.0], TypeError),
]
BAD_WEIGHTS = [("negative", [0.5, -0.1], ValueError), ("all_zero", [0.0, 0.0], ValueError)]
BAD_TEMPERATURES = [
    ("zero", 0.0, ValueError),
    ("negative", -1.0, ValueError),
    ("nan", float("nan"), ValueError),
    ("inf", float("inf"), ValueError),
    ("bool", True, TypeError),
    ("string", "1", TypeError),
    ("none", None, TypeError),
    ("array", np.array([1.0]), TypeError),
]
BAD_K = [("zero", 0, ValueError), ("too_big", 4, ValueError), ("float", 1.0, TypeError), ("bool", True, TypeError)]

CALLS = {
    "soften": lambda p=P, t=1.0, k=None: soften(p, t),
    "log_soften": lambda p=P, t=1.0, k=None: log_soften(p, t),
    "mix_soften": lambda p=P, t=1.0, k=None: mix_soften(p, t),
    "soften_logits": lambda p=P, t=1.0, k=None: soften_logits(p, t),
    "top_k": lambda p=P, t=None, k=1: top_k(p, k),
    "entropy": lambda p=P, t=None, k=None: entropy(p),
}
CASES = []
for fn in CALLS:
    for name, value, exc in BAD_VECTORS:
        CASES.append((fn, "p", name, {"p": value}, exc))
    if fn != "soften_logits":
        for name, value, exc in BAD_WEIGHTS:
            CASES.append((fn, "p", name, {"p": value}, exc))
    if fn in ("soften", "log_soften", "mix_soften", "soften_logits"):
        for name, value, exc in BAD_TEMPERATURES:
            CASES.append((fn, "temperature", name, {"t": value}, exc))
    if fn == "top_k":
        for name, value, exc in BAD_K:
            CASES.append((fn, "k", name, {"k": value}, exc))


@pytest.mark.parametrize(("fn", "argument", "case", "kwargs", "exc"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_bad_inputs_raise_naming_the_argument(fn, argument, case, kwargs, exc):
    """Every public function rejects bad input with the right exception type, naming the argument."""
    arg_name = "logits" if fn == "soften_logits" and argument == "p" else argument
    with pytest.raises(exc, match=arg_name):
        CALLS[fn](**kwargs)


def test_soften_hand_computed_square():
    """T = 1/2 squares and renormalises: (0.25, 0.09, 0.04)/0.38."""
    assert soften(P, 0.5) == pytest.approx(np.array([0.25, 0.09, 0.04]) / 0.38, rel=1e-14)


def test_soften_identity_and_zero_stays_zero():
    """F_1 = id; a zero entry stays exactly zero, and its log is -inf."""
    p = [0.6, 0.0, 0.4]
    assert soften(p, 1.0) == pytest.approx(p, rel=1e-15)
    assert soften(p, 7.0)[1] == 0.0
    assert log_soften(p, 7.0)[1] == -np.inf


def test_extreme_temperatures():
    """T = 1e-300 gives exactly (1/2, 1/2, 0) on a tie; T = 1e300 gives the uniform law on the support."""
    assert soften([0.4, 0.4, 0.2], 1e-300).tolist() == [0.5, 0.5, 0.0]
    assert soften([0.7, 0.0, 0.3], 1e300) == pytest.approx([0.5, 0.0, 0.5], rel=1e-15)
    assert soften([0.4, 0.4, 0.2], 5e-324).tolist() == [0.5, 0.5, 0.0]  # 1/T overflows: the tie still holds


def test_log_soften_at_small_temperature_does_not_underflow():
    """At T = 1e-3 the second entry is (0.3/0.5)^1000 ≈ e^-510.8: its log is exact where soften underflows."""
    lg = log_soften(P, 1e-3)
    assert lg[1] == pytest.approx(1000 * math.log(0.6), rel=1e-12)
    assert lg[0] == 0.0


def test_scale_free_in_p():
    """Weights are normalised first: soften(c·p) = soften(p) for c from 1e-300 to 1e300."""
    for c in (1e-300, 1e-5, 3.0, 1e300):
        assert soften(np.array(P) * c, 2.0) == pytest.approx(soften(P, 2.0), rel=1e-14)


def test_soften_logits_matches_power_of_softmax_and_is_shift_invariant():
    """softmax(z/T) equals soften(softmax(z), T) and ignores a shift of 1e3 in z."""
    z = np.array([1.0, -2.0, 0.5])
    p = np.exp(z) / np.exp(z).sum()
    assert soften_logits(z, 3.0) == pytest.approx(soften(p, 3.0), rel=1e-13)
    assert soften_logits(z + 1e3, 3.0) == pytest.approx(soften_logits(z, 3.0), rel=1e-12)
    assert soften_logits([1e308, -1e308], 1.0).tolist() == [1.0, 0.0]


def test_mix_soften_hand_computed():
    """T = 2: λ = 1/2, G = F_2(p)/2 + 1/6; T ≤ 1 gives the power family."""
    f = np.sqrt(P) / np.sqrt(P).sum()
    assert mix_soften(P, 2.0) == pytest.approx(f / 2 + 1 / 6, rel=1e-14)
    assert mix_soften(P, 0.5) == pytest.approx(soften(P, 0.5), rel=1e-15)
    assert mix_soften([1.0, 0.0], 1e300) == pytest.approx([0.5, 0.5], rel=1e-12)


def test_top_k_hand_computed_and_ties_to_lower_index():
    """top-2 of (0.5, 0.3, 0.2) is (5/8, 3/8, 0); a tie at the cut goes to the lower index."""
    assert top_k(P, 2) == pytest.approx([0.625, 0.375, 0.0], rel=1e-15)
    assert top_k([0.2, 0.4, 0.4], 1).tolist() == [0.0, 1.0, 0.0]
    assert top_k(P, 3) == pytest.approx(P, rel=1e-15)
    assert top_k([1.0, 0.0, 0.0], 2).tolist() == [1.0, 0.0, 0.0]


def test_entropy_hand_computed():
    """H(1/2, 1/2, 0) = log 2; H(one-hot) = 0; scale-free."""
    assert entropy([0.5, 0.5, 0.0]) == pytest.approx(math.log(2), rel=1e-15)
    assert entropy([0.0, 1.0]) == 0.0
    assert entropy([3e-300, 3e-300]) == pytest.approx(math.log(2), rel=1e-15)
