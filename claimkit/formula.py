"""Formula claims: a closed form declared once, with its checks and mutants generated from it.

A :class:`Formula` is a sympy expression with a domain per parameter. It is the single source of the
function users call (``F(a=1.0, b=2.0)``, validated against the domains), of the rendered statement
(its LaTeX) and of a claim's subject. :func:`formula_claim` declares the claim: from the formula and
an independent ground truth (a second expression, or a function) the engine builds the hypothesis
strategies, a float64 check with a tolerance derived from the expression, the re-verification of a
counterexample at 50 digits, a sympy derivation when the ground truth is an expression, and mutants
generated from the expression tree (each killed by the check; one that survives is proved equivalent
by sympy and listed as such, or fails the run)::

    F = Formula(sp.sqrt(d**2 + sp.pi**2) / s, {"d": interval(-20, 20), "s": interval(0.01, 100)},
                name="binary_radius")
    formula_claim(id="ghosts.binary_radius_formula", paper=PAPER, location="Thm 4.3", formula=F,
                  truth=nearest_zero_modulus, expected="supported")
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sympy as sp

from .model import Claim, ClaimDefinitionError, Paper, declaration_site

__all__ = ["Domain", "interval", "integers", "Formula", "FormulaMutant", "expression_mutants", "proves_equivalent",
           "formula_claim"]

#: Digits of the re-verification of a counterexample.
CONFIRM_DIGITS = 50
#: Digits at which a ground-truth expression is evaluated for the float64 check.
TRUTH_DIGITS = 30


@dataclasses.dataclass(frozen=True)
class Domain:
    """The values a parameter takes: a real interval (open or closed ends, optionally drawn on a log
    scale) or an integer range."""

    kind: str  # "real" | "integer"
    lo: float
    hi: float
    open_lo: bool = False
    open_hi: bool = False
    log: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)) or not self.lo < self.hi:
            raise ValueError(f"a domain needs finite ends with lo < hi, got [{self.lo}, {self.hi}]")
        if self.log and self.lo <= 0:
            raise ValueError(f"a log-scale domain needs lo > 0, got {self.lo}")

    def contains(self, value: float) -> bool:
        above = value > self.lo if self.open_lo else value >= self.lo
        below = value < self.hi if self.open_hi else value <= self.hi
        return above and below

    def strategy(self) -> Any:
        from hypothesis import strategies as st

        if self.kind == "integer":
            return st.integers(int(self.lo), int(self.hi))
        if self.log:
            return st.floats(math.log(self.lo), math.log(self.hi)).map(math.exp).filter(self.contains)
        return st.floats(self.lo, self.hi, exclude_min=self.open_lo, exclude_max=self.open_hi)

    def assumptions(self) -> dict[str, bool]:
        """Sympy assumptions implied by the domain (used to prove a mutant equivalent)."""
        out: dict[str, bool] = {"integer": True} if self.kind == "integer" else {"real": True}
        if self.lo > 0 or (self.lo == 0 and self.open_lo):
            out["positive"] = True
        elif self.lo >= 0:
            out["nonnegative"] = True
        return out

    def latex(self, name: str) -> str:
        if self.kind == "integer":
            return rf"${name} \in \{{{int(self.lo)}, \ldots, {int(self.hi)}\}}$"
        left, right = ("(" if self.open_lo else "["), (")" if self.open_hi else "]")
        return (rf"${name} \in {left}{_number_latex(self.lo)}, {_number_latex(self.hi)}{right}$"
                + (" (drawn on a log scale)" if self.log else ""))


def _number_latex(x: float) -> str:
    """A domain end in LaTeX: ``0.5``, ``80``, ``10^{-100}`` or ``2.5 \times 10^{8}`` (never ``1e-100``)."""
    text = f"{x:g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa} \times {power}"


def interval(lo: float, hi: float, *, open_lo: bool = False, open_hi: bool = False, log: bool = False) -> Domain:
    """Real numbers from ``lo`` to ``hi`` (ends included unless open; ``log=True`` draws log-uniformly)."""
    return Domain("real", float(lo), float(hi), open_lo, open_hi, log)


def integers(lo: int, hi: int) -> Domain:
    """The integers ``lo, …, hi``."""
    if isinstance(lo, bool) or isinstance(hi, bool) or not (isinstance(lo, int) and isinstance(hi, int)):
        raise TypeError(f"integers(lo, hi) takes two ints, got {lo!r}, {hi!r}")
    return Domain("integer", float(lo), float(hi))


class Formula:
    """A closed form: a sympy expression in named parameters, each with its domain.

    Calling it evaluates the expression in float64 after validating every argument (a ValueError names
    the argument and its domain); :meth:`at_precision` evaluates it with mpmath. ``modules`` are the
    float64 implementations, as for ``sympy.lambdify`` (``("scipy", "numpy")`` for special functions
    such as the Beta function, which math's Gamma would overflow or raise on); mutants inherit them.
    """

    def __init__(self, expr: Any, params: Mapping[str, Domain], *, name: str,
                 modules: Sequence[str] = ("numpy",)) -> None:
        if not name.isidentifier():
            raise ValueError(f"Formula(name={name!r}): a Python identifier such as 'second_moment'")
        self.expr = sp.sympify(expr)
        self.name = name
        self.params = dict(params)
        if not self.params:
            raise ValueError(f"formula {name}: declare at least one parameter with its domain")
        for key, domain in self.params.items():
            if not isinstance(domain, Domain):
                raise TypeError(f"formula {name}: parameter {key} needs a Domain (interval(…) or integers(…))")
        by_name = {s.name: s for s in self.expr.free_symbols if isinstance(s, sp.Symbol)}
        unknown = sorted(set(by_name) - set(self.params))
        if unknown:
            raise ValueError(f"formula {name}: the expression uses {', '.join(unknown)}, which have no domain "
                             f"(declared: {', '.join(self.params)})")
        self.symbols = [by_name.get(key, sp.Symbol(key)) for key in self.params]
        self.modules = tuple(modules)
        self._numpy = sp.lambdify(self.symbols, self.expr, modules=list(self.modules))
        self._mpmath = sp.lambdify(self.symbols, self.expr, modules="mpmath")

    def __repr__(self) -> str:
        return f"<Formula {self.name} = {sp.sstr(self.expr)}>"

    def assumed_symbols(self) -> dict[Any, Any]:
        """Each parameter's symbol, mapped to a symbol of the same name that carries its domain's assumptions."""
        return {sym: sp.Symbol(sym.name, **self.params[key].assumptions())
                for key, sym in zip(self.params, self.symbols)}

    def latex(self) -> str:
        return str(sp.latex(self.expr))

    def with_expr(self, expr: Any, name: str | None = None) -> Formula:
        """The same parameters and domains with another expression (a mutant, a ground truth)."""
        return Formula(expr, self.params, name=name or self.name, modules=self.modules)

    def _bind(self, args: Sequence[Any], kwargs: Mapping[str, Any]) -> list[float]:
        names = list(self.params)
        if len(args) > len(names):
            raise TypeError(f"{self.name}() takes {len(names)} arguments ({', '.join(names)}), got {len(args)}")
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in self.params:
                raise TypeError(f"{self.name}() got an unexpected argument {key!r} (takes {', '.join(names)})")
            if key in values:
                raise TypeError(f"{self.name}() got two values for {key!r}")
            values[key] = value
        missing = [key for key in names if key not in values]
        if missing:
            raise TypeError(f"{self.name}() is missing {', '.join(missing)}")
        return [self._validate(key, values[key]) for key in names]

    def _validate(self, key: str, value: Any) -> float:
        domain = self.params[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            raise TypeError(f"{self.name}(): {key} must be a real number, got {type(value).__name__}")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{self.name}(): {key} must be finite, got {value!r}")
        if domain.kind == "integer" and number != int(number):
            raise ValueError(f"{self.name}(): {key} must be an integer, got {value!r}")
        if not domain.contains(number):
            raise ValueError(f"{self.name}(): {key} = {value!r} is outside its domain {domain.latex(key)}")
        return int(number) if domain.kind == "integer" else number

    def __call__(self, *args: Any, **kwargs: Any) -> float:
        import numpy as np

        values = self._bind(args, kwargs)
        with np.errstate(all="ignore"):
            out = self._numpy(*values)
        return float(np.real_if_close(out)) if np.iscomplexobj(out) and np.imag(out) == 0 else float(out)

    def at_precision(self, digits: int, *args: Any, **kwargs: Any) -> Any:
        """The value with mpmath at ``digits`` significant digits (the arguments taken as exact decimals)."""
        import mpmath

        values = self._bind(args, kwargs)
        with mpmath.workdps(digits):
            return self._mpmath(*[mpmath.mpf(v) if not isinstance(v, int) else v for v in values])


@dataclasses.dataclass(frozen=True)
class FormulaMutant:
    """A perturbation of a formula's expression tree."""

    name: str
    description: str  # text with LaTeX between $…$
    expr: Any


def _paths(expr: Any, path: tuple[int, ...] = ()) -> list[tuple[tuple[int, ...], Any]]:
    out = [(path, expr)]
    for i, arg in enumerate(expr.args):
        out += _paths(arg, (*path, i))
    return out


def _at(expr: Any, path: tuple[int, ...]) -> Any:
    for i in path:
        expr = expr.args[i]
    return expr


def _replace(expr: Any, path: tuple[int, ...], new: Any) -> Any:
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = _replace(args[path[0]], path[1:], new)
    return expr.func(*args)


_FUNCTION_SWAPS: dict[Any, tuple[str, Callable[[Any], Any]]] = {
    sp.sin: ("cos", sp.cos), sp.cos: ("sin", sp.sin), sp.sinh: ("cosh", sp.cosh), sp.cosh: ("sinh", sp.sinh),
    sp.tanh: ("tan", sp.tan), sp.log: ("log1p", lambda x: sp.log(1 + x)),
    sp.exp: ("exp of minus", lambda x: sp.exp(-x)),
    sp.floor: ("ceiling", sp.ceiling), sp.ceiling: ("floor", sp.floor),
}


def _candidates(expr: Any, params: Mapping[str, Domain], symbols: Sequence[Any]) -> list[tuple[str, str, Any]]:
    """Every perturbation of the expression tree: (kind, description, expression), in tree order."""
    out: list[tuple[str, str, Any]] = []
    for path, node in _paths(expr):
        here = f"${sp.latex(node)}$"
        parent = _at(expr, path[:-1]) if path else expr
        if isinstance(node, sp.Add):
            for i, term in enumerate(node.args):
                rest = [a for j, a in enumerate(node.args) if j != i]
                out.append(("term_dropped", f"the term ${sp.latex(term)}$ dropped from {here}",
                            _replace(expr, path, sp.Add(*rest))))
                out.append(("sign_flipped", f"the sign of ${sp.latex(term)}$ flipped in {here}",
                            _replace(expr, path, sp.Add(*rest, -term))))
        elif isinstance(node, sp.Mul):
            out.append(("sign_flipped", f"{here} negated", _replace(expr, path, -node)))
            for i, factor in enumerate(node.args):
                if factor.is_Number:
                    continue
                rest = [a for j, a in enumerate(node.args) if j != i]
                out.append(("factor_dropped", f"the factor ${sp.latex(factor)}$ dropped from {here}",
                            _replace(expr, path, sp.Mul(*rest))))
        elif isinstance(node, sp.Pow):
            base, exp = node.args
            out.append(("exponent_doubled", f"the exponent of {here} doubled", _replace(expr, path, base ** (2 * exp))))
            out.append(("exponent_halved", f"the exponent of {here} halved", _replace(expr, path, base ** (exp / 2))))
            if exp == -1:
                out.append(("division_becomes_product", f"{here} multiplies instead of dividing",
                            _replace(expr, path, base)))
        elif node.is_Integer and node not in (sp.Integer(-1),) or node.is_Rational and not node.is_Integer:
            for step in (1, -1):
                out.append(("constant_changed", f"the constant ${sp.latex(node)}$ in ${sp.latex(parent)}$ becomes "
                                                f"${sp.latex(node + step)}$", _replace(expr, path, node + step)))
        if isinstance(node, sp.Function) and node.func in _FUNCTION_SWAPS and len(node.args) == 1:
            word, swap = _FUNCTION_SWAPS[node.func]
            out.append(("function_swapped", f"{here} becomes its {word} counterpart",
                        _replace(expr, path, swap(node.args[0]))))
    names = list(params)
    for i, j in itertools.combinations(range(len(names)), 2):
        if params[names[i]] == params[names[j]]:
            a, b = symbols[i], symbols[j]
            out.append(("symbols_swapped", f"${sp.latex(a)}$ and ${sp.latex(b)}$ swapped",
                        expr.xreplace({a: b, b: a})))
    return out


def expression_mutants(formula: Formula, *, limit: int = 24) -> list[FormulaMutant]:
    """Mutants generated from the expression tree, in tree order: at most ``limit``, each a finite
    expression, duplicates kept once. Nothing here calls sympy's simplifier: whether a mutant equals the
    formula is asked only of one that survives its check (:func:`proves_equivalent`)."""
    kept: list[FormulaMutant] = []
    seen = {sp.srepr(formula.expr)}
    counts: dict[str, int] = {}
    for kind, description, expr in _candidates(formula.expr, formula.params, formula.symbols):
        key = sp.srepr(expr)
        if key in seen or expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            continue
        seen.add(key)
        counts[kind] = counts.get(kind, 0) + 1
        kept.append(FormulaMutant(f"{kind}_{counts[kind]}", description, expr))
        if len(kept) == limit:
            break
    return kept


def proves_equivalent(formula: Formula, expr: Any) -> bool:
    """Whether sympy reduces ``expr − formula`` to 0 with each parameter carrying its domain's
    assumptions (real, positive, integer): such a mutant is the formula written another way."""
    assumed = formula.assumed_symbols()
    try:
        return bool(sp.simplify(expr.xreplace(assumed) - formula.expr.xreplace(assumed)) == 0)
    except Exception:  # sympy could not decide: not proved
        return False


def _relative_tolerance(formula: Formula) -> float:
    """float64 evaluation of the expression against a ground truth good to about 1e-13: each operation
    adds at most a few ulps; 64 ε per operation leaves headroom for mild cancellation."""
    ops = int(sp.count_ops(formula.expr)) + 1
    return max(1e-12, 64 * 2.0**-52 * ops)


def _latex_name(name: str) -> str:
    return r"\operatorname{" + name.replace("_", r"\_") + "}"


def formula_claim(
    *,
    id: str,
    paper: Paper,
    location: str,
    formula: Formula,
    expected: str,
    equals: Any = None,
    truth: Callable[..., Any] | None = None,
    truth_at_precision: Callable[..., Any] | None = None,
    statement: str | None = None,
    kind: str = "identity",
    assumptions: Sequence[str] = (),
    condition: Callable[..., bool] | None = None,
    examples: int = 40,
    rtol: float | None = None,
    atol: float = 0.0,
    mutants: bool = True,
    mutant_limit: int = 24,
    stance: str = "asserts",
    origin: str = "paper",
    refined_by: str | None = None,
    notes: str = "",
) -> Claim:
    """Declare a claim that ``formula`` equals its ground truth on the parameters' domains.

    equals: a second sympy expression (the route the paper does not take); it gives the derivation and
        the ground truth. truth: a function of the parameters computing the value independently (root
        finding, quadrature, simulation) in float64; truth_at_precision(digits, **params) the same at
        high precision, used to re-verify a counterexample (default: ``equals`` with mpmath).
    condition: a predicate on the parameters for assumptions the domains cannot express (cases where
        it is False are not valid examples); state it in ``assumptions`` too.
    rtol: relative tolerance of the float64 check (default: 64 ε per operation of the expression);
        atol: an absolute one, for values that can be 0.
    mutants: generate mutants from the expression tree, each run against the generated check
        ``matches_ground_truth`` (hand-written mutants and checks may be added to the returned claim).
    """
    site = declaration_site()
    if not isinstance(formula, Formula):
        raise ClaimDefinitionError(site, f"claim {id}: formula= takes a claimkit.formula.Formula")
    if (equals is None) == (truth is None):
        raise ClaimDefinitionError(site, f"claim {id}: give exactly one ground truth, equals= (an expression) or "
                                         "truth= (a function of the parameters)")
    truth_formula = formula.with_expr(equals, name=f"{formula.name}_truth") if equals is not None else None
    tolerance = _relative_tolerance(formula) if rtol is None else rtol
    claim = Claim(
        id=id, paper=paper, location=location, kind=kind, expected=expected, subject=formula,
        statement=statement or f"${_latex_name(formula.name)} = {formula.latex()}$",
        assumptions=(*[formula.params[k].latex(sp.latex(s)) for k, s in zip(formula.params, formula.symbols)],
                     *assumptions),
        stance=stance, origin=origin, refined_by=refined_by, notes=notes)

    def ground_truth(case: Mapping[str, Any]) -> float:
        if truth_formula is not None:  # at 30 digits: the ground truth's own rounding stays out of the comparison
            return float(truth_formula.at_precision(TRUTH_DIGITS, **case))
        assert truth is not None
        return float(truth(**case))

    def truth_high(case: Mapping[str, Any]) -> Any:
        if truth_at_precision is not None:
            return truth_at_precision(CONFIRM_DIGITS, **case)
        if truth_formula is not None:
            return truth_formula.at_precision(CONFIRM_DIGITS, **case)
        return None

    def confirm(subject: Formula, **case: Any) -> tuple[bool, str]:
        import mpmath

        high = truth_high(case)
        if high is None:
            return False, "no high-precision ground truth declared (truth_at_precision=)"
        claimed = subject.at_precision(CONFIRM_DIGITS, **case)
        with mpmath.workdps(CONFIRM_DIGITS):
            gap = abs(claimed - high)
            scale = max(abs(high), mpmath.mpf(1) * 10**-30)
            wrong = gap > tolerance * scale + atol
        return bool(wrong), (f"at {CONFIRM_DIGITS} digits the formula gives {mpmath.nstr(claimed, 15)} and the "
                             f"ground truth {mpmath.nstr(high, 15)} (relative gap {mpmath.nstr(gap / scale, 3)})")

    def matches_ground_truth(subject: Formula, ev: Any, **case: Any) -> None:
        if condition is not None and not condition(**case):
            ev.reject()
        want = ground_truth(case)
        ev.close(subject(**case), want, rtol=tolerance, atol=atol, what=formula.name,
                 labels=("the formula gives", "the ground truth gives"),
                 context=", ".join(f"{k}={v!r}" for k, v in case.items()))

    route = f"the expression ${sp.latex(equals)}$" if equals is not None else "computed independently"
    matches_ground_truth.__doc__ = (f"The float64 value of ${formula.latex()}$ matches the ground truth ({route}) "
                                    "on the parameters' domains.")
    distinct = math.prod(int(d.hi - d.lo) + 1 if d.kind == "integer" else 2**64 for d in formula.params.values())
    examples = min(examples, distinct)  # a finite domain is run through once, not asked for more than it holds
    claim.check(given={k: d.strategy() for k, d in formula.params.items()}, examples=examples,
                min_valid=max(1, examples // 2),
                precision="float64, re-verified with mpmath at 50 digits",
                tolerance=f"relative {tolerance:.1e}: 64 ε per operation of the expression "
                          "(no cancellation beyond that on the domain)" if rtol is None else f"relative {rtol:.1e}",
                confirm=confirm, name="matches_ground_truth")(matches_ground_truth)

    if equals is not None:
        def closed_form(d: Any) -> None:
            on_domain = formula.assumed_symbols()
            lhs, rhs = formula.expr.xreplace(on_domain), sp.sympify(equals).xreplace(on_domain)
            d.step("the formula", lhs, "definition")
            d.close(lhs, rhs, label="formula = ground truth, on the parameters' domains")

        closed_form.__doc__ = ("sympy reduces the difference between the formula and the ground-truth expression "
                               "to 0, with each parameter known to be real (positive, integer) as its domain says.")
        claim.derivation("closed_form")(closed_form)

    if mutants:
        for m in expression_mutants(formula, limit=mutant_limit):
            claim.mutant(m.name, m.description, formula.with_expr(m.expr, name=formula.name), generated=True,
                         targets=("matches_ground_truth",),
                         equivalent=functools.partial(proves_equivalent, formula, m.expr))
    return claim
