"""Formula claims: a closed form declared once gives its checks, re-verification, derivation and mutants."""

from __future__ import annotations

import cmath
import math

import numpy as np
import pytest
import sympy as sp

from claimkit import Formula, MonteCarlo, Paper, components, formula_claim, integers, interval, psd, simplex
from claimkit.formula import expression_mutants, proves_equivalent
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
                          expected="proved", rtol=1e-6, tolerance_reason="a blunt check, on purpose")
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


@pytest.mark.parametrize(("options", "message"), [
    ({}, "give one ground truth"),
    ({"equals": d * 2, "truth": lambda delta: 2 * delta}, "give one ground truth"),
    ({"truth_at_precision": lambda digits, delta: 2 * delta, "equals": d * 2}, "truth_at_precision= goes with truth="),
    ({"equals": d * 2, "rtol": 0}, "rtol=0 must be a float in"),
    ({"equals": d * 2, "atol": -1.0}, "atol=-1.0 must be a finite number"),
    ({"equals": d * 2, "rtol": 1e-9, "tolerance_reason": " "}, "tolerance_reason= must say why"),
    ({"equals": d * 2, "rtol": 1e-9}, r"a tolerance set by hand \(rtol=/atol=\) needs tolerance_reason="),
    ({"equals": d * 2, "atol": 1e-12}, r"a tolerance set by hand \(rtol=/atol=\) needs tolerance_reason="),
    ({"equals": d * 2, "monte_carlo": "many draws"}, "monte_carlo= takes a claimkit.formula.MonteCarlo"),
])
def test_a_formula_claim_refuses_a_bad_declaration_at_its_line(registry_snapshot, options, message) -> None:
    """No ground truth, two of them, a stray option or a bad tolerance is a declaration error that says
    how to fix it."""
    from claimkit.model import ClaimDefinitionError

    f = Formula(d * 2, {"delta": interval(0, 1)}, name="double")
    with pytest.raises(ClaimDefinitionError, match=message):
        formula_claim(id="f.bad", paper=PAPER, location="Eq. 2", formula=f, expected="proved", **options)


def test_a_monte_carlo_seed_clashing_with_a_parameter_is_refused(registry_snapshot) -> None:
    from claimkit.model import ClaimDefinitionError

    seed = sp.Symbol("seed")
    f = Formula(seed * 2, {"seed": interval(0, 1)}, name="double")
    with pytest.raises(ClaimDefinitionError, match="a parameter named 'seed' clashes"):
        formula_claim(id="f.seed", paper=PAPER, location="Eq. 2", formula=f, expected="proved",
                      monte_carlo=MonteCarlo(lambda rng, size, seed: np.full(size, 2 * seed)))


def test_a_custom_tolerance_prints_its_reason_beside_it(registry_snapshot) -> None:
    """rtol/atol set by hand carry tolerance_reason= into the check's stated tolerance."""
    f = Formula(d * 2, {"delta": interval(0, 1)}, name="double")
    claim = formula_claim(id="f.reasoned", paper=PAPER, location="Eq. 2", formula=f, truth=lambda delta: 2 * delta,
                          expected="supported", rtol=1e-9, atol=1e-14, tolerance_reason="the truth is a bisection")
    assert claim.checks[0].tolerance == "relative 1.0e-09, absolute 1.0e-14: the truth is a bisection"


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


def collision_draws(rng, size, p):
    """Two independent categorical draws with probabilities p: whether they coincide."""
    cumulative = np.cumsum(p)
    first, second = (np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right") for _ in range(2))
    return (first == second).astype(float)


def test_a_simplex_parameter_is_drawn_validated_and_proved_with_its_components_summing_to_one(registry_snapshot):
    """The collision probability Σ p_i² on the simplex: the derivation uses Σ p_i = 1 (1 − Σ_{i≠j} p_i p_j
    equals it only there), and the Monte Carlo route counts coinciding draws. A swap of two probabilities
    leaves this symmetric sum unchanged, so it is not generated; in an asymmetric one it is."""
    p = components("p", simplex(3))
    collision = Formula(sum(x**2 for x in p), {"p": simplex(3)}, name="collision")
    off_diagonal = sum(p[i] * p[j] for i in range(3) for j in range(3) if i != j)
    claim = formula_claim(id="f.collision", paper=PAPER, location="Eq. 6", formula=collision,
                          equals=1 - off_diagonal, expected="proved",
                          monte_carlo=MonteCarlo(collision_draws, samples=20_000, examples=2,
                                                 description="two categorical draws coincide"))
    assert collision([0.5, 0.25, 0.25]) == 0.375
    rec = run_record(claim)
    assert (rec["verdict"], rec["problems"]) == ("proved", []), (rec["verdict_reason"], rec["problems"])
    assert [c["name"] for c in rec["checks"]] == ["matches_ground_truth", "matches_monte_carlo"]
    assert rec["checks"][1]["false_alarm_rate"] == pytest.approx(5.733e-7, rel=1e-3)
    assert all(m["killed"] for m in rec["mutants"] if not m["equivalent"]) and len(rec["mutants"]) >= 8
    assert proves_equivalent(collision, 1 - off_diagonal) and not proves_equivalent(collision, off_diagonal)
    skewed = Formula(p[0] + 2 * p[1], {"p": simplex(3)}, name="skewed")
    assert [(m.description, m.expr) for m in expression_mutants(skewed) if m.name == "components_swapped_1"] == [
        ("$p_{0}$ and $p_{1}$ swapped", p[1] + 2 * p[0])]
    assert r"$p \in \Delta^{2}$: a probability vector of length 3" in rec["assumptions"]


def test_generated_mutants_are_typeset_only_when_their_description_is_read():
    """Generating mutants builds and deduplicates expressions; sympy's LaTeX printer (their largest
    cost) runs for a mutant's description when it is first read, and once."""
    x, y = sp.symbols("x y", positive=True)
    mutants = expression_mutants(Formula(x / (1 + y), {"x": interval(0, 1), "y": interval(0, 1)}, name="ratio"))
    assert all("description" not in vars(m) for m in mutants)
    first = mutants[0]
    assert (first.name, first.description) == ("sign_flipped_1", r"$\frac{x}{y + 1}$ negated")
    assert vars(first)["description"] == first.description
    assert len({m.expr for m in mutants}) == len(mutants)  # no two alike


def test_a_psd_parameter_is_a_symmetric_matrix_of_symbols_and_two_routes_check_it(registry_snapshot):
    """log det of a 2 × 2 positive definite matrix against numpy's slogdet, and E xᵀAx = tr A by simulation."""
    A = components("A", psd(2, definite=True))
    assert A == sp.Matrix([[sp.Symbol("A_0_0"), sp.Symbol("A_0_1")], [sp.Symbol("A_0_1"), sp.Symbol("A_1_1")]])
    logdet = Formula(sp.log(A.det()), {"A": psd(2, definite=True)}, name="logdet")
    claim = formula_claim(id="f.logdet", paper=PAPER, location="Eq. 7", formula=logdet,
                          truth=lambda A: float(np.linalg.slogdet(np.asarray(A))[1]), expected="supported")
    rec = run_record(claim)
    assert (rec["verdict"], rec["problems"]) == ("supported", []), (rec["verdict_reason"], rec["problems"])
    assert len(rec["mutants"]) >= 8 and all(m["killed"] for m in rec["mutants"] if not m["equivalent"])

    trace = Formula(A.trace(), {"A": psd(2)}, name="trace")

    def quadratic_form(rng, size, A):
        x = rng.standard_normal((size, 2))
        return np.einsum("ni,ij,nj->n", x, np.asarray(A), x)

    claim = formula_claim(id="f.trace", paper=PAPER, location="Eq. 8", formula=trace, expected="supported",
                          monte_carlo=MonteCarlo(quadratic_form, samples=20_000, examples=3))
    rec = run_record(claim)
    assert (rec["verdict"], rec["problems"]) == ("supported", []), (rec["verdict_reason"], rec["problems"])
    assert rec["mutants"] and all(m["killed_by"] == ["matches_monte_carlo"] for m in rec["mutants"]
                                  if not m["equivalent"])


def test_a_wrong_formula_checked_only_by_simulation_is_refuted_and_re_verified_by_fresh_draws(registry_snapshot):
    """Without an exact ground truth the counterexample is re-verified with ten times the draws and
    another seed."""
    p = components("p", simplex(2))
    wrong = Formula(p[0] ** 2 + p[1] ** 2 + sp.Rational(1, 10), {"p": simplex(2)}, name="collision_plus")
    claim = formula_claim(id="f.collision_plus", paper=PAPER, location="Eq. 9", formula=wrong, expected="refuted",
                          monte_carlo=MonteCarlo(collision_draws, samples=20_000), mutants=False)
    rec = run_record(claim)
    check = rec["checks"][0]
    assert (rec["verdict"], check["confirmed"]) == ("refuted", True)
    assert check["counterexample"]["confirmation"].startswith("200000 fresh draws (seed ")


@pytest.mark.parametrize(("value", "error", "message"), [
    ([0.5, 0.5], ValueError, r"p must have shape \(3,\)"),
    ([0.5, 0.5, 0.5], ValueError, "p must be a probability vector"),
    ([1.5, -0.25, -0.25], ValueError, "p must be a probability vector"),
    ([0.5, float("nan"), 0.5], ValueError, "p must be finite"),
    ("abc", TypeError, "p must be an array of numbers"),
    ([True, False, False], TypeError, "p must hold numbers, not booleans"),
    (0.5, TypeError, "p must be an array of numbers"),
])
def test_a_simplex_argument_is_validated(value, error, message) -> None:
    p = components("p", simplex(3))
    f = Formula(p[0], {"p": simplex(3)}, name="first")
    with pytest.raises(error, match=message):
        f(value)


@pytest.mark.parametrize(("value", "message"), [
    ([[1.0, 2.0], [0.0, 1.0]], "A must be symmetric"),
    ([[1.0, 2.0], [2.0, 1.0]], "A must be positive semidefinite, got smallest eigenvalue -1.0"),
    ([[1.0]], r"A must have shape \(2, 2\)"),
])
def test_a_psd_argument_is_validated(value, message) -> None:
    A = components("A", psd(2))
    f = Formula(A[0, 0], {"A": psd(2)}, name="corner")
    with pytest.raises(ValueError, match=message):
        f(value)
    definite = Formula(A[0, 0], {"A": psd(2, definite=True)}, name="corner")
    with pytest.raises(ValueError, match="A must be positive definite"):
        definite([[1.0, 1.0], [1.0, 1.0]])


@pytest.mark.parametrize(("options", "message"), [
    ({"draw": 3}, "takes a function draw"),
    ({"samples": 10}, "at least 1000 draws"),
    ({"z": 2.0}, "at least 3 standard errors"),
    ({"examples": 0}, "a positive int"),
])
def test_a_monte_carlo_estimator_validates_its_options(options, message) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        MonteCarlo(**{"draw": lambda rng, size: rng.random(size), **options})


def test_a_division_by_zero_in_a_formula_gives_infinity_not_an_exception() -> None:
    """Formulas evaluate with numpy float64 scalars: a mutant that divides by a parameter at 0 yields inf
    (a wrong value its check rejects) instead of raising (which would make it broken, not killed)."""
    x = sp.Symbol("x")
    assert Formula(1 / x, {"x": interval(0, 1)}, name="inverse")(0.0) == math.inf
    assert Formula(1 / x, {"x": integers(0, 3)}, name="inverse")(0) == math.inf


def test_vector_domains_read_as_mathematics_and_are_refused_when_malformed() -> None:
    assert psd(3).latex("A") == r"$A \in \mathbb{S}_{+}^{3}$: a symmetric positive semidefinite $3 \times 3$ matrix"
    assert simplex(4, open=True).latex("q").endswith("of length 4 with every component positive")
    for bad, message in [(lambda: simplex(1), "simplex"), (lambda: psd(0), "psd"), (lambda: simplex(True), "simplex")]:
        with pytest.raises(ValueError, match=message):
            bad()
