"""The engine's own behaviour: evidence helpers, check runs, mutants, derivations and verdicts."""

from __future__ import annotations

import json
import math
import os
import time
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import strategies as st

from claimkit import CheckFailure, Claim, Derivation, Evidence, Paper
from claimkit.model import REGISTRY
from claimkit.profiles import resolve_profile
from claimkit.results import (
    SCHEMA_VERSION,
    assemble,
    read_results,
    validate_results,
    write_json_atomic,
)
from claimkit.runner import Session, compute_verdict

PAPER = Paper(title="A test paper", authors=("A. Tester",), year=2026, arxiv="2601.00001")


def make_claim(cid: str, expected: str = "supported", subject=None, **kw) -> Claim:
    return Claim(id=cid, paper=PAPER, location="Thm 1", statement="x + x = 2x", kind="identity",
                 expected=expected, subject=subject, **kw)


def run_record(claim: Claim, profile: str = "ci") -> dict:
    """The claim's record as results.json holds it."""
    return Session(resolve_profile(profile), None).record(claim).to_json()


# -- evidence helpers ------------------------------------------------------------------------------


def test_close_rejects_nan_even_with_huge_tolerance():
    """NaN never passes a comparison, whatever the tolerance."""
    ev = Evidence(targeting=False)
    with pytest.raises(CheckFailure, match="not finite"):
        ev.close(float("nan"), 1.0, atol=1e300)
    with pytest.raises(CheckFailure, match="not finite"):
        ev.close(1.0, float("inf"), rtol=1.0)


def test_close_of_an_array_against_a_scalar_names_the_worst_entry():
    """An array claimed against one scalar truth (or the reverse) fails with the worst entry's error,
    not an IndexError from the scalar tolerance."""
    import numpy as np

    ev = Evidence(targeting=False)
    with pytest.raises(CheckFailure, match=r"error 0.5 > tolerance 0.1"):
        ev.close(np.array([1.0, 1.0, 1.5]), 1.0, atol=0.1)
    with pytest.raises(CheckFailure, match=r"error 2 > tolerance 0.1"):
        ev.close(3.0, np.array([3.0, 1.0]), atol=0.1)


def test_inequality_rejects_nan_on_either_side():
    """le/lt fail on NaN instead of treating the comparison as satisfied."""
    ev = Evidence(targeting=False)
    for lhs, rhs in ((float("nan"), 1.0), (1.0, float("nan"))):
        with pytest.raises(CheckFailure, match="NaN"):
            ev.le(lhs, rhs)


def test_close_is_exact_for_fractions():
    """Rational values are compared exactly, with both values in the message."""
    ev = Evidence(targeting=False)
    ev.close(Fraction(1, 3), Fraction(2, 6))
    with pytest.raises(CheckFailure, match="claimed 1/3 but truth is 1/2"):
        ev.close(Fraction(1, 3), Fraction(1, 2))


def test_margin_records_the_smallest_slack():
    """An inequality's margin is the minimum of rhs − lhs over the calls."""
    ev = Evidence(targeting=False)
    ev.le(1.0, 3.0, what="bound")
    ev.le(2.5, 3.0, what="bound")
    assert ev.margins["bound"] == pytest.approx(0.5)


def test_that_refuses_non_boolean_conditions():
    """that() takes a bool, so a NaN or an array cannot slip through as truthy."""
    ev = Evidence(targeting=False)
    with pytest.raises(TypeError):
        ev.that(float("nan"), "nan is truthy")  # type: ignore[arg-type]


# -- claims and their declarations ------------------------------------------------------------------


def test_claim_rejects_malformed_ids_and_kinds(registry_snapshot):
    """Bad ids, kinds and expected verdicts are refused with a message saying what is allowed."""
    with pytest.raises(ValueError, match="dotted lower-case"):
        make_claim("NoDots")
    with pytest.raises(ValueError, match="kind"):
        Claim(id="t.kind", paper=PAPER, location="x", statement="y", kind="theorem", expected="proved")
    with pytest.raises(ValueError, match="expected verdict"):
        make_claim("t.expected", expected="true")


def test_duplicate_claim_ids_are_refused(registry_snapshot):
    """Two claims cannot share an id."""
    make_claim("t.dup")
    with pytest.raises(ValueError, match="declared twice"):
        make_claim("t.dup")


# -- checks, mutants, verdicts ------------------------------------------------------------------------


def _double(x: float) -> float:
    return 2 * x


def test_passing_claim_with_killed_mutant_is_supported(registry_snapshot):
    """A check that passes on the subject and fails on the mutant gives 'supported'."""
    c = make_claim("t.double", subject=_double)
    c.mutant("triple", "3x instead of 2x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(-100, 100)}, examples=30)
    def matches_sum(subject, ev, x):
        ev.close(subject(x), x + x)

    rec = run_record(c)
    assert rec["verdict"] == "supported"
    assert rec["checks"][0]["valid_examples"] >= 15
    assert rec["mutants"][0]["killed"] and rec["mutants"][0]["killed_by"] == ["matches_sum"]
    assert rec["problems"] == []


def _double_with_mutant_from(cid: str, threshold: int, calls: list[tuple[bool, int]]) -> Claim:
    """2x, its check (which logs each call: the subject's or not, and x) and the mutant 2x + 1 for
    x ≥ ``threshold``."""
    c = make_claim(cid, subject=_double)
    c.mutant(f"wrong_from_{threshold}", f"2x + 1 for x ≥ {threshold}", lambda x: 2 * x + (x >= threshold))

    @c.check(given={"x": st.integers(0, 100)}, examples=50)
    def matches_sum(subject, ev, x):
        calls.append((subject is _double, x))
        ev.close(subject(x), x + x)

    return c


def test_a_mutant_run_through_hypothesis_ends_at_the_first_rejecting_example_and_records_it(registry_snapshot):
    """A mutant drawing its examples through hypothesis is run until a check rejects it, and that example
    is not run again (hypothesis would replay it); the record's detail is the rejecting example's."""
    from claimkit.runner import run_mutant

    calls: list[tuple[bool, int]] = []
    c = _double_with_mutant_from("t.first_rejection", 10, calls)
    rec = run_mutant(c, c.mutants[0], resolve_profile("ci")).to_json()
    mutant_calls = [x for own, x in calls if not own]
    assert rec["killed"] and rec["killed_by"] == ["matches_sum"]
    assert mutant_calls[-1] >= 10 and all(x < 10 for x in mutant_calls[:-1])  # the last call rejected it
    x = mutant_calls[-1]
    assert rec["details"]["matches_sum"] == f"value: claimed {2 * x + 1} but truth is {2 * x}"


def test_a_mutant_runs_the_examples_its_claims_run_drew_without_hypothesis_and_records_the_same(
        registry_snapshot, monkeypatch):
    """Once the claim's own run of a check has drawn its examples, a mutant runs those examples in their
    order (no hypothesis test is built), and its record is the record of drawing them through hypothesis."""
    from claimkit import runner

    calls: list[tuple[bool, int]] = []
    c = _double_with_mutant_from("t.replayed", 90, calls)
    session = Session(resolve_profile("ci"), None)
    assert session.check(c, "matches_sum").outcome.value == "passed"
    own = [x for is_own, x in calls if is_own]
    drawn = session._drawn[(c.id, "matches_sum")]
    assert [case for case, _ in drawn] == [{"x": x} for x in own] and all(valid for _, valid in drawn)

    def no_hypothesis(self, *args, **kwargs):
        raise AssertionError("a mutant run built a hypothesis test")

    with monkeypatch.context() as m:
        m.setattr(runner.CheckRun, "_hypothesis_test", no_hypothesis)
        replayed = session.mutant(c, "wrong_from_90").to_json()
    mutant_calls = [x for is_own, x in calls if not is_own]
    assert mutant_calls == own[:len(mutant_calls)] and mutant_calls[-1] >= 90
    drawn_again = runner.run_mutant(c, c.mutants[0], resolve_profile("ci")).to_json()
    assert {k: v for k, v in replayed.items() if k != "seconds"} == {
        k: v for k, v in drawn_again.items() if k != "seconds"}
    assert replayed["killed_by"] == ["matches_sum"]


def test_a_replayed_example_the_mutant_rejects_but_the_claim_kept_sends_the_run_back_to_hypothesis(
        registry_snapshot):
    """hypothesis draws differently once an example's validity differs, so the replay stops there and the
    mutant's run draws its examples through hypothesis: the same record as without a replay."""
    from claimkit.runner import CheckRun, run_check

    c = make_claim("t.diverging", subject=_double)
    c.mutant("negative_from_fifty", "−1 for x ≥ 50", lambda x: -1 if x >= 50 else 2 * x)

    @c.check(given={"x": st.integers(0, 100)}, examples=40)
    def matches_sum(subject, ev, x):
        y = subject(x)
        ev.assume(y >= 0)  # the subject never rejects; the mutant rejects every x ≥ 50
        ev.close(y, x + x)

    profile = resolve_profile("ci")
    own = CheckRun(c, c.checks[0], c.subject, profile)
    own.run()
    assert own.drawn is not None and any(case["x"] >= 50 for case, _ in own.drawn)
    mutant = c.mutants[0].replacement
    replay = CheckRun(c, c.checks[0], mutant, profile, mutant="negative_from_fifty", replay=own.drawn)
    replay.run()
    assert replay.diverged
    with_replay = run_check(c, c.checks[0], mutant, profile, mutant="negative_from_fifty", replay=own.drawn)
    without = run_check(c, c.checks[0], mutant, profile, mutant="negative_from_fifty")
    assert {k: v for k, v in with_replay.to_json().items() if k != "seconds"} == {
        k: v for k, v in without.to_json().items() if k != "seconds"}


def test_the_claims_run_keeps_copies_of_its_examples_and_none_after_a_failure(registry_snapshot):
    """A check that changes its input in place changes neither what the mutants replay nor the next
    replay; a check that draws inside its body (st.data()) and a run that failed keep nothing (only
    hypothesis can draw those again; what it would draw after a failure is unknown)."""
    from claimkit.runner import CheckRun

    def total(subject, ev, xs):
        expected = sum(xs)
        xs.append(1000)  # the check changes its input
        ev.close(subject(xs[:-1]), expected)

    lists = {"xs": st.lists(st.integers(0, 9), min_size=1, max_size=4)}
    c = make_claim("t.in_place", subject=sum)
    c.check(given=lists, examples=20)(total)
    profile = resolve_profile("ci")
    own = CheckRun(c, c.checks[0], c.subject, profile)
    own.run()
    assert own.drawn and all(1000 not in case["xs"] for case, _ in own.drawn)
    for _ in range(2):
        CheckRun(c, c.checks[0], sum, profile, mutant="same", replay=own.drawn).run()
    assert all(1000 not in case["xs"] for case, _ in own.drawn)

    interactive = make_claim("t.interactive", subject=sum)
    interactive.mutant("plus_one", "one more", lambda xs: sum(xs) + 1)

    @interactive.check(given={"data": st.data()}, examples=10)
    def drawn_inside(subject, ev, data):
        xs = data.draw(st.lists(st.integers(0, 9), min_size=1, max_size=4))
        ev.close(subject(xs), sum(xs))

    session = Session(profile, None)
    session.check(interactive, "drawn_inside")
    assert session._drawn[(interactive.id, "drawn_inside")] is None  # only hypothesis can draw these again
    assert session.mutant(interactive, "plus_one").killed_by == ["drawn_inside"]

    failing = make_claim("t.failing", expected="refuted", subject=lambda xs: sum(xs) + (len(xs) > 2))
    failing.check(given=lists, examples=20)(total)
    failed = CheckRun(failing, failing.checks[0], failing.subject, profile)
    assert failed.run().outcome.value == "failed" and failed.drawn is None


def test_a_mutant_description_may_be_a_function_read_once_when_the_record_is_built(registry_snapshot):
    """A description given as a function (a generated mutant's typeset text) is not called at
    declaration, and once when read; an empty text, or neither text nor function, is refused."""
    calls = []

    def describe() -> str:
        calls.append(1)
        return "3x instead of 2x"

    c = make_claim("t.lazy_description", subject=_double)
    c.mutant("triple", describe, lambda x: 3 * x)
    assert calls == []

    @c.check(given={"x": st.integers(-100, 100)}, examples=10)
    def matches_sum(subject, ev, x):
        ev.close(subject(x), x + x)

    rec = run_record(c)
    assert rec["mutants"][0]["description"] == "3x instead of 2x" and c.mutants[0].description == "3x instead of 2x"
    assert calls == [1]
    c.mutant("blank", lambda: "  ", lambda x: x)
    with pytest.raises(ValueError, match="mutant blank: its description is empty"):
        _ = c.mutants[-1].description
    with pytest.raises(ValueError, match="needs a description"):
        c.mutant("none", 3, lambda x: x)  # type: ignore[arg-type]


def test_check_that_cannot_fail_is_caught_by_its_mutants(registry_snapshot):
    """A check asserting nothing lets the mutant survive and is itself flagged as toothless."""
    c = make_claim("t.toothless", subject=_double)
    c.mutant("triple", "3x instead of 2x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(-100, 100)}, examples=20)
    def asserts_nothing(subject, ev, x):
        subject(x)

    rec = run_record(c)
    assert rec["mutants"][0]["killed"] is False
    assert any("survived" in p for p in rec["problems"])
    assert any("killed none" in p for p in rec["problems"])


def test_check_that_filters_every_example_is_inconclusive(registry_snapshot):
    """Zero valid examples is inconclusive, never a pass."""
    c = make_claim("t.filtered", expected="inconclusive", subject=_double)

    @c.check(given={"x": st.integers(-100, 100)}, examples=20)
    def rejects_all(subject, ev, x):
        ev.assume(False)
        ev.close(subject(x), x + x)

    rec = run_record(c)
    assert rec["checks"][0]["outcome"] == "inconclusive"
    assert rec["checks"][0]["valid_examples"] == 0
    assert rec["verdict"] == "inconclusive"


def test_nan_from_the_subject_fails_the_check(registry_snapshot):
    """A subject returning NaN makes its check fail, not pass."""
    c = make_claim("t.nan", expected="inconclusive", subject=lambda x: float("nan"))

    @c.check(given={"x": st.floats(-1, 1)}, examples=10)
    def matches(subject, ev, x):
        ev.close(subject(x), 2 * x, atol=1.0)

    rec = run_record(c)
    assert rec["checks"][0]["outcome"] == "failed"
    # no re-verification declared: the failure is not a refutation
    assert rec["verdict"] == "inconclusive"


def test_refutation_needs_a_confirmed_counterexample(registry_snapshot):
    """A failure re-verified by confirm= refutes the claim and keeps the shrunk counterexample."""
    c = make_claim("t.refuted", expected="refuted", subject=lambda x: x * x >= x)

    def confirm(subject, x):
        return Fraction(x) ** 2 < Fraction(x), f"exactly {Fraction(x) ** 2} < {Fraction(x)}"

    @c.check(given={"x": st.fractions(0, 2)}, examples=50, confirm=confirm)
    def square_is_at_least_x(subject, ev, x):
        ev.that(bool(subject(x)), f"x² < x at x={x}")

    rec = run_record(c)
    check = rec["checks"][0]
    assert rec["verdict"] == "refuted"
    assert check["confirmed"] is True
    assert 0 < Fraction(check["counterexample"]["inputs"]["x"]["value"]) < 1


def test_refuted_claim_with_a_proved_refinement_is_conditional(registry_snapshot):
    """refined_by turns a refuted claim into 'conditional' when the refinement holds."""
    refined = make_claim("t.cond_refined", expected="supported", subject=lambda x: x * x >= x)
    refined.mutant("flipped", "x² ≤ x", lambda x: x * x <= x)

    @refined.check(given={"x": st.integers(-50, 50)}, examples=30)
    def holds_for_integers(subject, ev, x):
        ev.that(bool(subject(x)), "x² < x")

    original = make_claim("t.cond_original", expected="conditional", subject=lambda x: x * x >= x,
                          refined_by="t.cond_refined")

    @original.check(given={"x": st.fractions(0, 2)}, examples=50, confirm="exact")
    def holds_for_rationals(subject, ev, x):
        ev.that(bool(subject(x)), "x² < x")

    rec = run_record(original)
    assert rec["verdict"] == "conditional", rec["verdict_reason"]
    assert "t.cond_refined" in rec["verdict_reason"]


def test_an_assert_inside_the_code_under_test_is_an_error_not_a_refutation():
    """A bare assert failing in the subject (not a check's assertion) gives the error verdict, with its
    traceback; it is never taken for the claim failing."""
    def asserting(x):
        assert x < 3, "internal invariant"
        return 2 * x

    c = make_claim("t.asserts", subject=asserting, expected="refuted")
    c.mutant("triple", "3x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(0, 5)}, examples=10, confirm="exact")
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    rec = run_record(c)
    assert rec["checks"][0]["outcome"] == "error" and rec["checks"][0]["counterexample"] is None
    assert "AssertionError: internal invariant" in rec["checks"][0]["error"]
    assert (rec["verdict"], rec["verdict_reason"]) == ("error", "raised an exception: matches")


def test_a_mutant_whose_code_asserts_is_broken_not_killed():
    """A mutant failing a bare assert of its own proves nothing about the check: broken, not killed."""
    def asserting_mutant(x):
        assert x < 0, "mutant invariant"

    c = make_claim("t.mutant_asserts", subject=_double)
    c.mutant("asserts", "raises AssertionError", asserting_mutant)

    @c.check(given={"x": st.integers(0, 5)}, examples=5)
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    mutant = run_record(c)["mutants"][0]
    assert mutant["killed"] is False and mutant["outcomes"] == {"matches": "error"}
    assert mutant["problem"].startswith("raised an exception under matches (")
    assert mutant["problem"].endswith("an exception does not count as a kill")


@pytest.mark.parametrize("modulus", [2, 5, 13, 41, 97, 331])
def test_a_bug_planted_in_the_subject_is_caught_exactly_when_the_same_mutant_is_killed(modulus: int):
    """A mutant draws the examples its subject draws (one seed per check): planting the mutant's bug in
    the subject fails the check if and only if the check killed that mutant."""
    def wrong(x):
        return 2 * x + (1 if x % modulus == modulus - 1 else 0)

    def declare(subject):
        c = make_claim("t.planted", subject=subject)
        c.mutant("off_by_one_sometimes", "2x + 1 on one residue class", wrong)

        @c.check(given={"x": st.integers(0, 10**6)}, examples=8)
        def matches(subject, ev, x):
            ev.close(subject(x), x + x)

        return c

    killed = run_record(declare(_double))["mutants"][0]["killed"]
    REGISTRY.claims.pop("t.planted")
    planted = run_record(declare(wrong))["checks"][0]
    assert (planted["outcome"] == "failed") is killed


def test_mutant_that_raises_is_not_counted_as_killed(registry_snapshot):
    """An exception in a mutant is a broken mutant, reported as a problem."""
    c = make_claim("t.raises", subject=_double)

    def broken(x):
        raise ZeroDivisionError("oops")

    c.mutant("broken", "raises", broken)

    @c.check(given={"x": st.integers(0, 5)}, examples=5)
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    rec = run_record(c)
    assert rec["mutants"][0]["killed"] is False
    assert "an exception does not count as a kill" in rec["mutants"][0]["problem"]


def test_regression_cases_run_first_in_every_run_and_can_fail_the_check(registry_snapshot):
    """A regression case outside what the strategy draws is still tried, and first."""
    c = make_claim("t.regression", subject=_double)
    seen = []

    @c.check(given={"x": st.integers(0, 5)}, examples=5, regressions=[{"x": 1001}])
    def small_inputs_only(subject, ev, x):
        seen.append(x)
        ev.that(x <= 1000, f"x = {x}")

    rec = run_record(c)
    check = rec["checks"][0]
    assert seen[0] == 1001
    assert check["outcome"] == "failed" and check["counterexample"]["inputs"]["x"]["value"] == 1001
    assert check["regressions"] == [{"x": {"value": 1001, "repr": "1001"}}]


def test_a_regression_case_kills_a_mutant_the_drawn_examples_miss(registry_snapshot):
    """Mutant runs try the regression cases too."""
    c = make_claim("t.regression_kill", subject=_double)
    c.mutant("wrong_at_1001", "wrong only at x = 1001", lambda x: 2 * x + (x == 1001))

    @c.check(given={"x": st.integers(0, 5)}, examples=5, regressions=[{"x": 1001}])
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    rec = run_record(c)
    assert rec["checks"][0]["outcome"] == "passed"
    assert rec["mutants"][0]["killed"] is True


@pytest.mark.parametrize(("given", "regressions", "message"), [
    ({"x": st.integers()}, [{"y": 1}], "exactly the keywords"),
    ({"x": st.integers(), "y": st.integers()}, [{"x": 1}], "exactly the keywords"),
    ({"x": st.integers()}, [1], "exactly the keywords"),
    (None, [{"x": 1}], "needs given="),
])
def test_regression_cases_must_name_every_keyword_of_given(registry_snapshot, given, regressions, message):
    c = make_claim("t.regression_bad", subject=_double)
    with pytest.raises(ValueError, match=message):
        c.check(given=given, regressions=regressions)


def test_expected_verdict_mismatch_is_a_problem(registry_snapshot):
    """A claim expected 'proved' without a closed derivation reports the mismatch."""
    c = make_claim("t.mismatch", expected="proved", subject=_double)
    c.mutant("triple", "3x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(0, 5)}, examples=5)
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    rec = run_record(c)
    assert rec["verdict"] == "supported"
    assert any("expects proved" in p for p in rec["problems"])


def test_check_raising_an_exception_gives_error_verdict(registry_snapshot):
    """A bug in a check is an error verdict with the traceback, not a refutation."""
    c = make_claim("t.error", subject=_double)

    @c.check(given={"x": st.integers(0, 5)}, examples=5)
    def buggy(subject, ev, x):
        return {}["missing"]

    rec = run_record(c)
    assert rec["verdict"] == "error"
    assert "KeyError" in rec["checks"][0]["error"]


def test_thorough_profile_multiplies_examples_and_uses_a_seed(registry_snapshot):
    """thorough runs ≥10× the examples with a reproducible seed."""
    c = make_claim("t.thorough", subject=_double)
    c.mutant("triple", "3x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(-10**6, 10**6)}, examples=10)
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    ci = Session(resolve_profile("ci"), None).check(c, "matches")
    th1 = Session(resolve_profile("thorough", seed=7), None).check(c, "matches")
    th2 = Session(resolve_profile("thorough", seed=7), None).check(c, "matches")
    assert th1.valid_examples >= 10 * ci.valid_examples
    assert th1.seed == th2.seed is not None


def test_profile_is_chosen_by_environment(monkeypatch):
    """CLAIMKIT_PROFILE selects the profile; an unknown name is a clear error."""
    monkeypatch.setenv("CLAIMKIT_PROFILE", "thorough")
    monkeypatch.setenv("CLAIMKIT_SEED", "123")
    p = resolve_profile()
    assert (p.name, p.seed) == ("thorough", 123)
    with pytest.raises(ValueError, match="choose one of ci, thorough"):
        resolve_profile("fast")


# -- derivations ------------------------------------------------------------------------------------


def test_derivation_closes_only_when_sympy_reduces_to_zero():
    """close() is decided by sympy; a false identity stays open with its residual."""
    x = sp.symbols("x")
    d = Derivation()
    assert d.close(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1)
    assert d.status == "closed"
    d2 = Derivation()
    assert not d2.close((x + 1) ** 2, x**2 + 1)
    assert d2.status == "open" and d2.residual["text"] == "2*x"


def test_close_names_the_cheapest_rule_that_reduces_the_difference_to_zero():
    """expand first, then cancel, then simplify: the closing step records the rule that gave 0, and a
    difference that none reduces stays open with simplify's residual."""
    x = sp.symbols("x")
    rules = []
    for lhs, rhs in [((x + 1) ** 2, x**2 + 2 * x + 1),            # expand decides
                     ((x**2 - 1) / (x - 1), x + 1),               # cancel decides, expand does not
                     (sp.sin(x) ** 2 + sp.cos(x) ** 2, 1)]:       # only simplify does
        d = Derivation()
        assert d.close(lhs, rhs)
        rules.append(d.steps[-1]["rule"])
    assert rules == ["expand", "cancel", "simplify"]
    d = Derivation()
    assert not d.close(sp.sin(x) ** 2, 1)
    assert d.steps[-1]["rule"] == "simplify" and d.residual["text"] == "-cos(x)**2"


def test_a_printed_expression_is_printed_once_and_each_record_gets_its_own_copy():
    """render_expr keeps the printing of an expression it has seen (derivations print 0 and their steps'
    inputs again and again); the caller may change what it gets without changing the next answer, and
    expressions that compare equal but print differently (Floats, a Python bool) are printed each time."""
    from claimkit.derive import _print_all_cached, render_expr

    x = sp.Symbol("x")
    _print_all_cached.cache_clear()
    first = render_expr((x + 1) ** 2)
    first["text"] = "changed by its caller"
    again = render_expr((x + 1) ** 2)
    assert again == {"text": "(x + 1)**2", "latex": "\\left(x + 1\\right)^{2}",
                     "mathml": "<msup><mrow><mo>(</mo><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mo>)</mo></mrow>"
                               "<mn>2</mn></msup>"}
    assert _print_all_cached.cache_info().hits == 1
    for digits in (3, 30):
        with_float = sp.Float("0.1", digits) * x
        assert render_expr(with_float) == {"text": sp.sstr(with_float), "latex": sp.latex(with_float),
                                           "mathml": sp.mathml(with_float, printer="presentation")}
    assert _print_all_cached.cache_info().hits == 1 and _print_all_cached.cache_info().currsize == 1
    assert render_expr(True) == render_expr(sp.true) == {"text": "True", "latex": "\\text{True}",
                                                          "mathml": "<mi>True</mi>"}


def test_derivation_steps_carry_mathml_and_latex():
    """Every recorded step renders as text, LaTeX and MathML for the report."""
    d = Derivation()
    d.step("square", sp.sqrt(sp.Symbol("a")) ** 2)
    step = d.steps[0]
    assert step["latex"] and step["text"] == "a"
    assert step["mathml"].startswith("<mrow") or step["mathml"].startswith("<mi")


def test_verdict_of_empty_claim_is_inconclusive():
    """No derivation and no check decides nothing."""
    assert compute_verdict([], []) == ("inconclusive", "no closed derivation and no check")


# -- results.json ----------------------------------------------------------------------------------


def test_results_round_trip_and_validate(tmp_path: Path, registry_snapshot):
    """assemble → write → read returns the same document, which satisfies the contract."""
    c = make_claim("t.roundtrip", subject=_double)
    c.mutant("triple", "3x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(0, 5)}, examples=5)
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    data = assemble([run_record(c)], profile=resolve_profile("ci").as_dict(), root=tmp_path)
    path = tmp_path / "results.json"
    write_json_atomic(data, path)
    back = read_results(path)
    assert back == json.loads(json.dumps(data))
    assert back["schema_version"] == SCHEMA_VERSION
    assert validate_results(back) == []


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch):
    """A crash during the write leaves the previous results intact and no temporary file."""
    path = tmp_path / "results.json"
    write_json_atomic({"schema_version": 1, "old": True}, path)

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)  # the new content is written, then the disk fails
    with pytest.raises(OSError, match="disk full"):
        write_json_atomic({"schema_version": 1, "old": False}, path)
    monkeypatch.undo()
    assert json.loads(path.read_text())["old"] is True
    assert os.listdir(tmp_path) == ["results.json"]


def test_results_are_flushed_to_disk_and_report_pages_are_not(tmp_path: Path, monkeypatch):
    """results.json is fsynced; the report's pages, which `claimkit report` re-renders from it, are
    only renamed into place (a thousand fsyncs cost seconds on a slow disk)."""
    from claimkit.render import render_all

    c = make_claim("t.durable", subject=_double)

    @c.check(given={"x": st.integers(0, 5)}, examples=5)
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    data = assemble([run_record(c)], profile=resolve_profile("ci").as_dict(), root=tmp_path)
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    write_json_atomic(data, tmp_path / "results.json")
    assert len(synced) == 1
    written = render_all(data, tmp_path)
    assert len(synced) == 1 and len(written) >= 4
    assert all(p.read_text(encoding="utf-8") for p in written)
    assert not [p for p in tmp_path.rglob(".*.tmp")]


def test_non_finite_numbers_cannot_enter_results(tmp_path: Path):
    """results.json refuses NaN rather than writing invalid JSON."""
    with pytest.raises(ValueError):
        write_json_atomic({"x": math.nan}, tmp_path / "r.json")


def test_carried_over_claims_keep_their_entries(tmp_path: Path):
    """A filtered run keeps the other claims of the previous results, marked carried_over."""
    old = {"id": "a.old", "family": "a", "verdict": "proved", "expected_verdict": "proved",
           "mutants": [], "checks": [], "seconds": 1.0}
    new = dict(old, id="a.new")
    previous = {"schema_version": SCHEMA_VERSION, "claims": [old]}
    data = assemble([new], profile={"name": "ci"}, root=tmp_path, previous=previous, command="claimkit run a.new")
    flags = {c["id"]: c["carried_over"] for c in data["claims"]}
    assert flags == {"a.new": False, "a.old": True}


def test_each_claim_keeps_the_command_that_produced_its_evidence(tmp_path: Path):
    """This run's claims record its command; a carried-over claim keeps the command of its own run."""
    old = {"id": "a.old", "family": "a", "verdict": "proved", "expected_verdict": "proved",
           "mutants": [], "checks": [], "seconds": 1.0, "command": "claimkit run --profile thorough a.old"}
    previous = {"schema_version": SCHEMA_VERSION, "claims": [old]}
    new = dict(old, id="a.new")
    del new["command"]
    data = assemble([new], profile={"name": "ci"}, root=tmp_path, previous=previous, command="claimkit run a.new")
    assert {c["id"]: c["command"] for c in data["claims"]} == {
        "a.new": "claimkit run a.new", "a.old": "claimkit run --profile thorough a.old"}


def test_claims_no_longer_registered_are_not_carried_over(tmp_path: Path):
    """Only claims still defined carry over; a deleted claim leaves the results."""
    old = {"id": "a.old", "family": "a", "verdict": "proved", "expected_verdict": "proved",
           "mutants": [], "checks": [], "seconds": 1.0}
    gone = dict(old, id="a.gone")
    new = dict(old, id="a.new")
    previous = {"schema_version": SCHEMA_VERSION, "claims": [old, gone]}
    data = assemble([new], profile={"name": "ci"}, root=tmp_path, previous=previous,
                    registered={"a.old", "a.new"})
    assert {c["id"]: c["carried_over"] for c in data["claims"]} == {"a.new": False, "a.old": True}


def test_a_failed_close_keeps_the_derivation_open():
    """A later successful close never hides an earlier step that sympy could not close."""
    x = sp.symbols("x")
    d = Derivation()
    d.close((x + 1) ** 2, x**2 + 1, "wrong step")
    d.close(x + x, 2 * x, "right step")
    assert d.status == "open" and "wrong step" in d.reason
    d2 = Derivation()
    d2.open("sympy cannot do the integral")
    d2.close(x, x)
    assert d2.status == "open"


def test_thorough_targeting_allows_several_comparisons_per_example(registry_snapshot):
    """A check comparing many values per example runs under targeting (one target per label)."""
    c = make_claim("t.many_targets", subject=_double)
    c.mutant("triple", "3x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(0, 100)}, examples=5)
    def compares_twice(subject, ev, x):
        ev.le(subject(x), 2 * x + 1, what="bound")
        ev.le(subject(x) - 1, 2 * x, what="bound")

    rec = Session(resolve_profile("thorough", seed=3), None).record(c)
    assert rec.checks[0].outcome == "passed", rec.checks[0].error


def test_a_figure_that_raises_fails_the_claim(registry_snapshot):
    """A broken figure is a problem of the suite, not a silent gap in the report."""
    c = make_claim("t.figure_error", subject=_double)
    c.mutant("triple", "3x", lambda x: 3 * x)

    @c.check(given={"x": st.integers(0, 5)}, examples=5)
    def matches(subject, ev, x):
        ev.close(subject(x), x + x)

    @c.figure("broken")
    def _broken():
        raise RuntimeError("no data")

    rec = run_record(c)
    assert any("figure broken raised" in p for p in rec["problems"])


def test_failing_experiment_keeps_its_measurements(registry_snapshot):
    """A deterministic check that fails still reports the metrics and tables it recorded."""
    c = make_claim("t.experiment", expected="inconclusive", subject=None)

    @c.check()
    def experiment(subject, ev):
        ev.metric("median ratio", 1.3)
        ev.table("sweep", [{"r": 0.5, "ratio": 1.3}])
        ev.le(1.3, 1.1, what="loss ratio")

    rec = run_record(c)
    check = rec["checks"][0]
    assert check["outcome"] == "failed"
    assert check["metrics"] == {"median ratio": 1.3} and check["tables"]["sweep"][0]["r"] == 0.5


def test_inequality_counterexample_names_its_two_sides(registry_snapshot):
    """A failed inequality is reported as left side vs right side, not claim vs ground truth."""
    c = make_claim("t.sides", expected="refuted", subject=lambda x: x * x)

    @c.check(given={"x": st.integers(2, 9)}, examples=5, confirm="exact")
    def square_below_x(subject, ev, x):
        ev.le(subject(x), x, what="x² ≤ x")

    cx = run_record(c)["checks"][0]["counterexample"]
    assert cx["labels"] == ["left side", "right side"] and (cx["claimed"], cx["observed"]) == (4, 2)


def test_a_counterexample_shows_the_values_its_check_built_from_the_case(registry_snapshot):
    """What a check builds from a seed (ev.show) is kept with the shrunk counterexample, as values."""
    import numpy as np

    c = make_claim("t.shown", expected="refuted", subject=lambda W: float(np.sum(W)))

    @c.check(given={"seed": st.integers(0, 5)}, examples=5, confirm="exact")
    def sum_is_invariant_to_doubling(subject, ev, seed):
        W = np.arange(6, dtype=float).reshape(2, 3) + seed
        ev.show("W", W)
        ev.show("big", np.zeros(401))
        ev.close(subject(2 * W), subject(W), rtol=1e-12, labels=("f(2W)", "f(W)"))

    cx = run_record(c)["checks"][0]["counterexample"]
    assert cx["inputs"]["seed"]["value"] == 0
    assert cx["shown"]["W"] == {"value": [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], "shape": [2, 3]}
    assert cx["shown"]["big"] == {"value": None, "shape": [401],
                                  "summary": {"min": 0.0, "max": 0.0, "mean": 0.0, "non_finite": 0}}
    assert cx["labels"] == ["f(2W)", "f(W)"] and (cx["claimed"], cx["observed"]) == (30.0, 15.0)


@pytest.mark.parametrize("labels", [("one",), ("a", ""), "ab", ("a", 2)])
def test_labels_must_be_two_names(labels):
    """labels= takes exactly two non-empty names; anything else is refused, naming the argument."""
    with pytest.raises(ValueError, match="labels= takes two non-empty names"):
        Evidence(targeting=False).close(1.0, 2.0, labels=labels)


def test_notes_quote_the_measured_metric_and_an_unknown_quote_is_a_problem(registry_snapshot):
    """{{check.metric}} in notes becomes the value measured in this run; a quote of nothing is a problem."""
    c = make_claim("t.quoted", expected="supported", subject=None,
                   notes="clipping reaches {{measure.rate:.1%}} ({{measure.count}} runs); {{measure.nothing}}")

    @c.check()
    def measure(subject, ev):
        ev.metric("rate", 0.616)
        ev.metric("count", 12)

    c.mutant("constant", "a constant", None, targets=())
    rec = run_record(c)
    assert rec["notes"] == "clipping reaches 61.6% (12 runs); {{measure.nothing}}"
    assert [p for p in rec["problems"] if "quote" in p] == [
        "the notes quote {{measure.nothing}}, which no check of this claim measured "
        "(ev.metric('nothing', …) in check measure)"]


@pytest.mark.parametrize(("verdict", "stance", "finding"), [
    ("proved", "asserts", "holds"), ("supported", "asserts", "holds"),
    ("conditional", "asserts", "holds only under conditions"), ("refuted", "asserts", "wrong as stated"),
    ("proved", "denies", "wrong as stated"), ("supported", "denies", "wrong as stated"),
    ("refuted", "denies", "holds"), ("conditional", "denies", "holds"),
    ("inconclusive", "asserts", "undecided"), ("inconclusive", "denies", "undecided"),
    ("error", "asserts", "error"), ("error", "denies", "error"),
])
def test_the_finding_says_whether_the_paper_holds_from_verdict_and_stance(verdict, stance, finding):
    """A denied statement that is refuted means the paper is right; a proved one, that it is wrong."""
    from claimkit.records import finding_of

    assert finding_of(verdict, stance) == finding


def test_a_denied_statement_refuted_by_a_witness_is_a_finding_that_the_paper_holds(registry_snapshot):
    """stance='denies' goes into results.json with the finding computed from the refutation."""
    c = make_claim("t.denied", expected="refuted", subject=lambda x: x * x, stance="denies")

    @c.check(given={"x": st.integers(2, 9)}, examples=5, confirm="exact")
    def square_below_x(subject, ev, x):
        ev.le(subject(x), x)

    rec = run_record(c)
    assert (rec["stance"], rec["origin"], rec["verdict"], rec["finding"]) == ("denies", "paper", "refuted", "holds")


@pytest.mark.parametrize(("kw", "message"), [
    ({"stance": "no"}, "stance 'no' is not one of asserts, denies"),
    ({"origin": "me"}, "origin 'me' is not one of paper, suite"),
])
def test_stance_and_origin_are_validated(registry_snapshot, kw, message):
    """A stance or origin outside the allowed words is refused at declaration, saying which are allowed."""
    with pytest.raises(ValueError, match=message):
        make_claim("t.bad_words", **kw)


def _closing_derivation(d: Derivation) -> None:
    d.close(2 * sp.Symbol("x"), sp.Symbol("x") + sp.Symbol("x"))


def test_a_derivation_of_the_negation_supports_a_refutation_and_contradicts_passing_checks(registry_snapshot):
    """shows='negation': closing it joins a refutation's reason; with checks that pass, it is inconclusive."""
    refuted = make_claim("t.neg_refuted", expected="refuted", subject=lambda x: x * x)
    refuted.derivation("witness", shows="negation")(_closing_derivation)

    @refuted.check(given={"x": st.integers(2, 9)}, examples=5, confirm="exact")
    def square_below_x(subject, ev, x):
        ev.le(subject(x), x)

    rec = run_record(refuted)
    assert rec["verdict"] == "refuted"
    assert rec["verdict_reason"].endswith("; derivation witness proves the negation")
    assert rec["derivations"][0]["shows"] == "negation" and rec["derivation"]["shows"] == "negation"

    contradicted = make_claim("t.neg_passing", expected="inconclusive", subject=lambda x: x * x)
    contradicted.derivation("witness", shows="negation")(_closing_derivation)

    @contradicted.check(given={"x": st.integers(2, 9)}, examples=5)
    def square_above_x(subject, ev, x):
        ev.le(x, subject(x))

    contradicted.mutant("identity", "x² = x", lambda x: x - 1)
    rec = run_record(contradicted)
    assert rec["verdict"] == "inconclusive"
    assert "proves the statement false, yet every check passes" in rec["verdict_reason"]


def test_derivation_shows_only_statement_or_negation(registry_snapshot):
    """Any other value of shows= is refused at declaration."""
    from claimkit.model import ClaimDefinitionError

    with pytest.raises(ClaimDefinitionError, match="shows='both' is not one of statement, negation"):
        make_claim("t.shows").derivation("d", shows="both")


def test_a_derivation_is_taken_from_the_cache_until_its_family_changes(tmp_path: Path, registry_snapshot):
    """The second session reuses the first's result (marked cached, no time spent); editing a file of the
    family, or running without the cache, recomputes it; an error is never cached."""
    from claimkit.cache import DerivationCache

    (tmp_path / "theorems" / "t").mkdir(parents=True)
    source = tmp_path / "theorems" / "t" / "claims.py"
    source.write_text("# the family's source\n")
    c = make_claim("t.cached", expected="proved")
    c.derivation("algebra")(_closing_derivation)

    def derive(cache: DerivationCache | None) -> dict:
        session = Session(resolve_profile("ci"), None, derivation_cache=cache)
        return session.derivation(c, "algebra").to_json()

    first = derive(DerivationCache(tmp_path))
    again = derive(DerivationCache(tmp_path))
    assert first["cached_at"] is None and again["cached_at"] is not None and again["seconds"] == 0.0
    assert {k: v for k, v in again.items() if k not in ("cached_at", "seconds")} == {
        k: v for k, v in first.items() if k not in ("cached_at", "seconds")}
    assert derive(None)["cached_at"] is None
    source.write_text("# the family's source, edited\n")
    assert derive(DerivationCache(tmp_path))["cached_at"] is None

    broken = make_claim("t.broken_derivation", expected="proved")

    @broken.derivation("raises")
    def _(d: Derivation) -> None:
        raise ZeroDivisionError("a broken derivation")

    cache = DerivationCache(tmp_path)
    Session(resolve_profile("ci"), None, derivation_cache=cache).derivation(broken, "raises")
    assert cache.get(cache.key("t", "t.broken_derivation", "raises")) is None


def test_the_derivation_cache_key_changes_with_any_engine_module(tmp_path: Path, monkeypatch):
    """A change to how the engine runs or records a derivation (runner.py, records.py, not only derive.py)
    must not be answered from entries written by the old engine: the key covers every module of claimkit/."""
    import shutil

    import claimkit
    import claimkit.cache as cache_module

    package = Path(claimkit.__file__).resolve().parent
    assert cache_module.engine_digest(package) == cache_module.engine_digest(package)
    copy = tmp_path / "claimkit"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert cache_module.engine_digest(copy) == cache_module.engine_digest(package)
    keys = set()
    for module in ("runner.py", "records.py", "derive.py", "mathtext.py"):
        original = (copy / module).read_text()
        (copy / module).write_text(original + "# edited\n")
        monkeypatch.setattr(cache_module, "__file__", str(copy / "cache.py"))
        keys.add(cache_module.DerivationCache(tmp_path).key("t", "t.c", "d"))
        (copy / module).write_text(original)
    monkeypatch.setattr(cache_module, "__file__", str(copy / "cache.py"))
    keys.add(cache_module.DerivationCache(tmp_path).key("t", "t.c", "d"))
    assert len(keys) == 5


def test_a_claims_time_counts_each_piece_once_whether_or_not_it_ran_before_the_record(monkeypatch):
    """A refinement's pieces run inside its record (its verdict item records it before they run as tests):
    its time is the window, not the window plus the pieces again. Measured with a clock that ticks once per
    reading, so the figures are exact."""
    import itertools
    import types

    import claimkit.runner as runner

    ticks = itertools.count()
    monkeypatch.setattr(runner, "time", types.SimpleNamespace(perf_counter=lambda: float(next(ticks)),
                                                              strftime=time.strftime, gmtime=time.gmtime))
    claim = make_claim("t.counted_once", subject=lambda x: 2 * x)

    @claim.check(given={"x": st.integers(0, 9)}, examples=3)
    def doubles(subject, ev, x):
        ev.close(subject(x), x + x)

    claim.mutant("triple", "3x", lambda x: 3 * x)
    inside = Session(resolve_profile("ci"), None).record(claim)
    pieces = sum(r.seconds for r in (*inside.checks, *inside.mutants))
    before = Session(resolve_profile("ci"), None)
    before.check(claim, "doubles"), before.mutant(claim, "triple")
    ahead = before.record(claim)
    assert pieces == sum(r.seconds for r in (*ahead.checks, *ahead.mutants)) > 0
    assert ahead.seconds == pieces + 1  # the pieces run before, and one tick of the record's own work
    # Inside the record the window holds the pieces (and the ticks read between them); adding the pieces
    # again, as the record used to, would give at least twice their time.
    assert pieces <= inside.seconds < 2 * pieces


def test_claimkit_s_public_names_resolve_on_first_use_and_an_unknown_name_is_an_attribute_error():
    """``import claimkit`` defers the engine's modules to the first use of a name (that a run without
    claims then imports none is pinned in test_plugin.py); each name of ``__all__`` resolves to its
    defining module's object, and a misspelt name fails as usual."""
    import importlib

    import claimkit

    assert set(claimkit._DEFINED_IN) == set(claimkit.__all__) - {"__version__"}
    for name, module in claimkit._DEFINED_IN.items():
        assert getattr(claimkit, name) is getattr(importlib.import_module(f"claimkit.{module}"), name)
    assert set(claimkit.__all__) <= set(dir(claimkit))
    with pytest.raises(AttributeError, match="module 'claimkit' has no attribute 'Clam'"):
        claimkit.Clam  # noqa: B018
