"""Formula claims: a closed form declared once gives its checks, re-verification, derivation and mutants."""

from __future__ import annotations

import cmath
import math

import pytest
import sympy as sp

from claimkit import Formula, Paper, formula_claim, integers, interval
from claimkit.formula import expression_mutants
from claimkit.mathtext import problems
from claimkit.profiles import resolve_profile
from claimkit.runner import Session

PAPER = Paper(title="A formula paper", authors=("F. Ormula",), year=2026, arxiv="2601.00003")
d, s, n = sp.symbols("delta Delta n")


def run_record(claim) -> dict:
    return Session(resolve_profile("ci"), None).record(claim).to_json()


def nearest_zero_modulus(delta: float, Delta: float) -> float:
    """|τ| of the zero of 1 + e^{δ + Δτ} nearest the origin, from the complex logarithm."""
    return abs((cmath.log(-1) - delta) / Delta)


def test_a_ten_line_formula_claim_gives_derivation_checks_reverification_and_killed_mutants(registry_snapshot):
    """The Thm 4.3-style radius in ten lines: a closed derivation, a passing float64 check, at least eight
    generated mutants each killed by that check or proved equivalent, and a page's worth of record."""
    radius = Formula(sp.sqrt(d**2 + sp.pi**2) / s, {"delta": interval(-20, 20), "Delta": interval(0.01, 100)},
                     name="binary_radius")
    claim = formula_claim(id="f.binary_radius", paper=PAPER, location="Thm 4.3", formula=radius,
                          equals=sp.Abs(d + sp.I * sp.pi) / s, expected="proved")
    rec = run_record(claim)
    assert rec["verdict"] == "proved", rec["verdict_reason"]
    assert rec["problems"] == []
    assert rec["derivations"][0]["status"] == "closed"
    generated = [m for m in rec["mutants"] if m["generated"]]
    assert len(generated) + len(rec["equivalent_mutants"]) >= 8
    assert all(m["killed"] and m["killed_by"] == ["matches_ground_truth"] for m in generated)
    assert rec["checks"][0]["valid_examples"] == rec["checks"][0]["examples"] == 40
    for text in [rec["statement"], *rec["assumptions"], *(m["description"] for m in rec["mutants"])]:
        assert problems(text) == [], text


def test_a_function_ground_truth_checks_the_formula_without_a_derivation(registry_snapshot):
    """truth= computes the value another way (here the complex logarithm): supported, mutants killed."""
    radius = Formula(sp.sqrt(d**2 + sp.pi**2) / s, {"delta": interval(-20, 20), "Delta": interval(0.01, 100)},
                     name="binary_radius")
    claim = formula_claim(id="f.radius_by_log", paper=PAPER, location="Thm 4.3", formula=radius,
                          truth=nearest_zero_modulus, expected="supported")
    rec = run_record(claim)
    assert (rec["verdict"], rec["problems"], rec["derivations"]) == ("supported", [], [])


def test_a_wrong_formula_is_refuted_and_re_verified_at_fifty_digits(registry_snapshot):
    """A closed form off by a constant: the shrunk counterexample is re-verified with mpmath at 50 digits."""
    wrong = Formula(sp.sqrt(d**2 + sp.pi**2) / s + 1, {"delta": interval(-20, 20), "Delta": interval(0.01, 100)},
                    name="radius_plus_one")
    claim = formula_claim(id="f.wrong_radius", paper=PAPER, location="Eq. 1", formula=wrong,
                          equals=sp.sqrt(d**2 + sp.pi**2) / s, expected="refuted", mutants=False)
    rec = run_record(claim)
    check = rec["checks"][0]
    assert rec["verdict"] == "refuted" and check["confirmed"] is True
    assert check["counterexample"]["confirmation"].startswith("at 50 digits the formula gives")
    assert check["counterexample"]["labels"] == ["the formula gives", "the ground truth gives"]


def test_a_surviving_mutant_sympy_proves_equal_is_listed_as_equivalent_not_a_problem(registry_snapshot) -> None:
    """On integers, floor and ceiling agree: that swap survives its check, sympy proves it equal under
    the domain, and it is listed as equivalent; the killed ones are never asked."""
    f = Formula(n * sp.floor(n) + 3, {"n": integers(1, 9)}, name="square_plus_three")
    names = [m.name for m in expression_mutants(f)]
    assert "function_swapped_1" in names and {"constant_changed_1", "constant_changed_2"} <= set(names)
    claim = formula_claim(id="f.floor_square", paper=PAPER, location="Eq. 4", formula=f, equals=n**2 + 3,
                          expected="proved")
    rec = run_record(claim)
    assert rec["problems"] == [] and rec["equivalent_mutants"] == [
        {"name": "function_swapped_1", "description": r"$\left\lfloor{n}\right\rfloor$ becomes its ceiling "
                                                      "counterpart"}]
    swapped = next(m for m in rec["mutants"] if m["name"] == "function_swapped_1")
    assert (swapped["killed"], swapped["equivalent"]) == (False, True)
    assert all(m["killed"] and not m["equivalent"] for m in rec["mutants"] if m["name"] != "function_swapped_1")


def test_a_survivor_sympy_cannot_prove_equal_fails_the_run(registry_snapshot) -> None:
    """A generated mutant the check cannot tell apart, and that is not the formula written another way,
    is a surviving mutant: a problem of the suite."""
    x = sp.Symbol("x")
    f = Formula(x + sp.Rational(1, 10**9), {"x": interval(1, 2)}, name="almost_x")
    claim = formula_claim(id="f.blunt", paper=PAPER, location="Eq. 5", formula=f, equals=x + sp.Rational(1, 10**9),
                          expected="proved", rtol=1e-6)
    rec = run_record(claim)
    assert any(p.startswith("mutant ") and "survived every check" in p for p in rec["problems"]), rec["problems"]


def test_generated_mutants_cover_the_kinds_of_perturbation() -> None:
    """Sign flips, constants ±1, exponents ×2 and ÷2, dropped terms and factors, swapped symbols, swapped
    functions: each kind appears for an expression that has the matching node."""
    a, b = sp.symbols("a b")
    f = Formula(2 * a**2 * sp.sin(b) + sp.exp(a) / b, {"a": interval(0.5, 2), "b": interval(0.5, 2)}, name="g")
    kinds = {m.name.rsplit("_", 1)[0] for m in expression_mutants(f, limit=100)}
    assert kinds >= {"sign_flipped", "constant_changed", "exponent_doubled", "exponent_halved", "term_dropped",
                     "factor_dropped", "symbols_swapped", "function_swapped", "division_becomes_product"}


@pytest.mark.parametrize(("args", "kwargs", "error", "message"), [
    ((), {"delta": 1.0}, TypeError, "is missing Delta"),
    ((1.0, 2.0), {"Delta": 2.0}, TypeError, "two values for 'Delta'"),
    ((True, 2.0), {}, TypeError, "delta must be a real number"),
    ((float("nan"), 2.0), {}, ValueError, "delta must be finite"),
    ((1.0, 200.0), {}, ValueError, r"Delta = 200.0 is outside its domain"),
    ((1.0, 0.0), {}, ValueError, "Delta = 0.0 is outside its domain"),
    ((1.0, "2"), {}, TypeError, "Delta must be a real number"),
])
def test_calling_a_formula_validates_every_argument_against_its_domain(args, kwargs, error, message) -> None:
    """The function users call is the formula itself: bad input is refused with the argument's name."""
    radius = Formula(sp.sqrt(d**2 + sp.pi**2) / s, {"delta": interval(-20, 20),
                                                    "Delta": interval(0.0, 100, open_lo=True)}, name="radius")
    with pytest.raises(error, match=message):
        radius(*args, **kwargs)
    assert radius(3.0, Delta=2.0) == pytest.approx(math.hypot(3.0, math.pi) / 2.0, rel=1e-15)


def test_a_formula_refuses_an_expression_symbol_without_a_domain() -> None:
    """Every free symbol needs a domain; the message names the missing one."""
    with pytest.raises(ValueError, match="the expression uses delta, which have no domain"):
        Formula(d / s, {"Delta": interval(1, 2)}, name="ratio")


def test_a_formula_claim_needs_exactly_one_ground_truth(registry_snapshot) -> None:
    """Neither or both of equals= and truth= is a declaration error at its line."""
    from claimkit.model import ClaimDefinitionError

    f = Formula(d * 2, {"delta": interval(0, 1)}, name="double")
    with pytest.raises(ClaimDefinitionError, match="give exactly one ground truth"):
        formula_claim(id="f.no_truth", paper=PAPER, location="Eq. 2", formula=f, expected="proved")


def test_the_page_of_a_formula_claim_lists_generated_and_equivalent_mutants(registry_snapshot) -> None:
    """The claim page marks each generated mutant and lists the ones sympy proved equivalent."""
    from claimkit.report_html import render_claim_html
    from claimkit.results import SCHEMA_VERSION

    f = Formula(n * sp.floor(n) + 3, {"n": integers(1, 9)}, name="square_plus_three")
    claim = formula_claim(id="f.square_plus_three", paper=PAPER, location="Eq. 3", formula=f,
                          equals=n**2 + 3, expected="proved")
    rec = dict(run_record(claim), carried_over=False)
    assert rec["verdict"] == "proved" and rec["problems"] == []
    page = render_claim_html(rec, {"schema_version": SCHEMA_VERSION, "claims": [rec], "profile": {"name": "ci"}})
    assert page.count('<span class="small muted">generated</span>') == len(rec["mutants"]) >= 4
    assert '<p class="small" id="equivalent-mutants">' in page and "<code>function_swapped_1</code>" in page


def test_a_formula_evaluates_with_the_modules_it_is_given_and_its_mutants_inherit_them() -> None:
    """modules=("scipy", "numpy") evaluates the Beta function with scipy (math's Gamma overflows past 171);
    a mutant made with with_expr keeps the same modules."""
    a, b = sp.symbols("a b")
    f = Formula(sp.beta(a, b), {"a": interval(0.5, 400), "b": interval(0.5, 400)}, name="beta_fn",
                modules=("scipy", "numpy"))
    assert f(200.0, 300.0) == pytest.approx(math.exp(math.lgamma(200) + math.lgamma(300) - math.lgamma(500)),
                                            rel=1e-10)
    assert f.with_expr(sp.beta(a, b) ** 2).modules == ("scipy", "numpy")


def test_domains_read_as_mathematics() -> None:
    """A domain's ends print as powers of ten, never as float notation such as 1e-100."""
    assert interval(1e-100, 80, log=True).latex("a") == r"$a \in [10^{-100}, 80]$ (drawn on a log scale)"
    assert interval(-2.5e8, 0.5, open_hi=True).latex("x") == r"$x \in [-2.5 \times 10^{8}, 0.5)$"
    assert integers(1, 9).latex("n") == r"$n \in \{1, \ldots, 9\}$"
