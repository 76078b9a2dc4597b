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
import inspect
import itertools
import math
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import sympy as sp

from .model import Claim, ClaimDefinitionError, Paper, declaration_site

__all__ = ["Domain", "interval", "integers", "simplex", "psd", "components", "Formula", "FormulaMutant", "MonteCarlo",
           "expression_mutants", "proves_equivalent", "formula_claim"]

#: Digits of the re-verification of a counterexample.
CONFIRM_DIGITS = 50
#: Digits at which a ground-truth expression is evaluated for the float64 check.
TRUTH_DIGITS = 30


@dataclasses.dataclass(frozen=True)
class Domain:
    """The values a parameter takes: a real interval (open or closed ends, optionally drawn on a log
    scale), an integer range, the probability simplex of dimension ``size`` (``simplex``), or the
    symmetric positive semidefinite ``size × size`` matrices (``psd``; positive definite when open)."""

    kind: str  # "real" | "integer" | "simplex" | "psd"
    lo: float
    hi: float
    open_lo: bool = False
    open_hi: bool = False
    log: bool = False
    size: int = 0  # components of a simplex, rows of a psd matrix

    def __post_init__(self) -> None:
        if self.kind not in ("real", "integer", "simplex", "psd"):
            raise ValueError(f"a domain's kind is real, integer, simplex or psd, got {self.kind!r}")
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)) or not self.lo < self.hi:
            raise ValueError(f"a domain needs finite ends with lo < hi, got [{self.lo}, {self.hi}]")
        if self.log and self.lo <= 0:
            raise ValueError(f"a log-scale domain needs lo > 0, got {self.lo}")

    @property
    def is_vector(self) -> bool:
        return self.kind in ("simplex", "psd")

    def component_names(self, name: str) -> list[str]:
        """The sympy symbol names of a parameter's components: ``p_0 … p_{n-1}`` for a simplex, the upper
        triangle ``A_0_0, A_0_1, …, A_{n-1}_{n-1}`` for a psd matrix, ``[name]`` for a scalar."""
        if self.kind == "simplex":
            return [f"{name}_{i}" for i in range(self.size)]
        if self.kind == "psd":
            return [f"{name}_{i}_{j}" for i in range(self.size) for j in range(i, self.size)]
        return [name]

    def contains(self, value: float) -> bool:
        above = value > self.lo if self.open_lo else value >= self.lo
        below = value < self.hi if self.open_hi else value <= self.hi
        return above and below

    def strategy(self) -> Any:
        from hypothesis import strategies as st

        if self.kind == "integer":
            return st.integers(int(self.lo), int(self.hi))
        if self.kind == "simplex":
            weight = st.floats(1e-3, 1.0) if self.open_lo else st.one_of(st.just(0.0), st.floats(1e-3, 1.0))
            return (st.lists(weight, min_size=self.size, max_size=self.size).filter(lambda w: sum(w) > 0)
                    .map(_normalized))
        if self.kind == "psd":
            n = self.size
            entry = st.floats(-1.0, 1.0)
            factor = st.integers(1, n).flatmap(lambda rank: st.lists(
                st.lists(entry, min_size=rank, max_size=rank), min_size=n, max_size=n))
            shift = st.floats(1e-2, 1.0) if self.open_lo else st.just(0.0)
            return st.tuples(factor, shift).map(lambda fs: _gram(fs[0], fs[1]))
        if self.log:
            return st.floats(math.log(self.lo), math.log(self.hi)).map(math.exp).filter(self.contains)
        return st.floats(self.lo, self.hi, exclude_min=self.open_lo, exclude_max=self.open_hi)

    def assumptions(self, component: str = "") -> dict[str, bool]:
        """Sympy assumptions implied by the domain for one component (used to prove a mutant equivalent):
        a simplex's components are non-negative (positive when open), a psd matrix's diagonal entries
        are non-negative (positive when definite) and its off-diagonal ones real."""
        if self.kind == "simplex":
            return {"real": True, ("positive" if self.open_lo else "nonnegative"): True}
        if self.kind == "psd":
            i, j = component.rsplit("_", 2)[-2:] if component else ("0", "1")
            if i != j:
                return {"real": True}
            return {"real": True, ("positive" if self.open_lo else "nonnegative"): True}
        out: dict[str, bool] = {"integer": True} if self.kind == "integer" else {"real": True}
        if self.lo > 0 or (self.lo == 0 and self.open_lo):
            out["positive"] = True
        elif self.lo >= 0:
            out["nonnegative"] = True
        return out

    def latex(self, name: str) -> str:
        if self.kind == "integer":
            return rf"${name} \in \{{{int(self.lo)}, \ldots, {int(self.hi)}\}}$"
        if self.kind == "simplex":
            inside = " with every component positive" if self.open_lo else ""
            return (rf"${name} \in \Delta^{{{self.size - 1}}}$: a probability vector of length {self.size}"
                    + inside)
        if self.kind == "psd":
            cone = r"\mathbb{S}_{++}" if self.open_lo else r"\mathbb{S}_{+}"
            what = "positive definite" if self.open_lo else "positive semidefinite"
            return rf"${name} \in {cone}^{{{self.size}}}$: a symmetric {what} ${self.size} \times {self.size}$ matrix"
        left, right = ("(" if self.open_lo else "["), (")" if self.open_hi else "]")
        return (rf"${name} \in {left}{_number_latex(self.lo)}, {_number_latex(self.hi)}{right}$"
                + (" (drawn on a log scale)" if self.log else ""))


def _normalized(weights: list[float]) -> tuple[float, ...]:
    total = math.fsum(weights)
    return tuple(w / total for w in weights)


def _gram(factor: list[list[float]], shift: float) -> tuple[tuple[float, ...], ...]:
    """``L Lᵀ + shift·I`` as a tuple of rows (hashable, so ground truths can be cached by case)."""
    n = len(factor)
    return tuple(tuple(math.fsum(a * b for a, b in zip(factor[i], factor[j])) + (shift if i == j else 0.0)
                       for j in range(n)) for i in range(n))


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


def simplex(size: int, *, open: bool = False) -> Domain:
    """Probability vectors of length ``size`` (every component positive when ``open``). In the
    expression the components are the symbols ``p_0 … p_{size-1}`` (see :func:`components`)."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise ValueError(f"simplex(size) takes an int >= 2, got {size!r}")
    return Domain("simplex", 0.0, 1.0, open_lo=open, size=size)


def psd(size: int, *, definite: bool = False) -> Domain:
    """Symmetric positive semidefinite ``size × size`` matrices (positive definite when ``definite``).
    In the expression the entries are the symbols ``A_i_j`` for i ≤ j (see :func:`components`)."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"psd(size) takes an int >= 1, got {size!r}")
    return Domain("psd", 0.0, 1.0, open_lo=definite, size=size)


def components(name: str, domain: Domain) -> Any:
    """The sympy symbols that stand for parameter ``name`` in an expression: a tuple for a simplex,
    a symmetric ``sp.Matrix`` for a psd matrix, the symbol itself for a scalar::

        p = components("p", simplex(3))            # (p_0, p_1, p_2)
        A = components("A", psd(2))                # Matrix([[A_0_0, A_0_1], [A_0_1, A_1_1]])
        Formula(-sum(x * sp.log(x) for x in p), {"p": simplex(3)}, name="entropy")
    """
    if not isinstance(domain, Domain):
        raise TypeError(f"components({name!r}, …) needs a Domain, got {type(domain).__name__}")
    if domain.kind == "simplex":
        return tuple(sp.Symbol(c) for c in domain.component_names(name))
    if domain.kind == "psd":
        n = domain.size
        return sp.Matrix(n, n, lambda i, j: sp.Symbol(f"{name}_{min(i, j)}_{max(i, j)}"))
    return sp.Symbol(name)


#: sympy ≥ 1.13 can leave the expression out of the compiled function's docstring, which nobody reads
#: here: printing it was about a quarter of each compilation.
_NO_DOCSTRING = {"docstring_limit": 0} if "docstring_limit" in inspect.signature(sp.lambdify).parameters else {}


def _compile(symbols: list[Any], expr: Any, modules: Any) -> Callable[..., Any]:
    """``expr`` as a Python function of ``symbols`` (sympy's lambdify)."""
    return sp.lambdify(symbols, expr, modules=modules, **_NO_DOCSTRING)  # type: ignore[no-any-return]


class Formula:
    """A closed form: a sympy expression in named parameters, each with its domain.

    Calling it evaluates the expression in float64 (numpy scalars, so a division by zero gives ±inf
    rather than an exception) after validating every argument (a ValueError names the argument and
    its domain); :meth:`at_precision` evaluates it with mpmath. A simplex parameter is passed as a
    sequence of probabilities, a psd one as a square symmetric array. ``modules`` are the float64
    implementations, as for ``sympy.lambdify`` (``("scipy", "numpy")`` for special functions such as
    the Beta function, which math's Gamma would overflow or raise on); mutants inherit them.
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
                raise TypeError(f"formula {name}: parameter {key} needs a Domain (interval(…), integers(…), "
                                "simplex(…) or psd(…))")
        by_name = {s.name: s for s in self.expr.free_symbols if isinstance(s, sp.Symbol)}
        declared = {c: key for key, d in self.params.items() for c in d.component_names(key)}
        unknown = sorted(set(by_name) - set(declared))
        if unknown:
            raise ValueError(f"formula {name}: the expression uses {', '.join(unknown)}, which have no domain "
                             f"(declared: {', '.join(declared)}; a simplex or psd parameter's components are "
                             "the symbols claimkit.formula.components(name, domain) returns)")
        #: per parameter, the symbols of its components (one for a scalar)
        self.components = {key: [by_name.get(c, sp.Symbol(c)) for c in d.component_names(key)]
                            for key, d in self.params.items()}
        self.symbols = [sym for syms in self.components.values() for sym in syms]
        self.modules = tuple(modules)

    @functools.cached_property
    def _numpy(self) -> Callable[..., Any]:
        # compiled on first use: a project declares hundreds of mutants, and each run evaluates few of them
        return _compile(self.symbols, self.expr, list(self.modules))

    @functools.cached_property
    def _mpmath(self) -> Callable[..., Any]:
        return _compile(self.symbols, self.expr, "mpmath")

    def __repr__(self) -> str:
        return f"<Formula {self.name} = {sp.sstr(self.expr)}>"

    def assumed_symbols(self) -> dict[Any, Any]:
        """Each component's symbol, mapped to a symbol of the same name that carries its domain's
        assumptions (real, positive, integer)."""
        return {sym: sp.Symbol(sym.name, **self.params[key].assumptions(sym.name))
                for key, syms in self.components.items() for sym in syms}

    def on_domain(self, expr: Any) -> Any:
        """``expr`` with every component carrying its domain's assumptions, and a simplex's last
        component written as one minus the others (so that sympy knows they sum to 1)."""
        assumed = self.assumed_symbols()
        out = sp.sympify(expr).xreplace(assumed)
        for key, domain in self.params.items():
            if domain.kind == "simplex":
                parts = [assumed[sym] for sym in self.components[key]]
                out = out.xreplace({parts[-1]: 1 - sp.Add(*parts[:-1])})
        return out

    def latex(self) -> str:
        return self._latex

    @functools.cached_property
    def _latex(self) -> str:  # typeset once: a formula claim quotes it in its statement and check texts
        return str(sp.latex(self.expr))

    def with_expr(self, expr: Any, name: str | None = None) -> Formula:
        """The same parameters and domains with another expression (a mutant, a ground truth)."""
        return Formula(expr, self.params, name=name or self.name, modules=self.modules)

    def _bind(self, args: Sequence[Any], kwargs: Mapping[str, Any]) -> list[Any]:
        """The validated arguments, flattened to one value per component symbol."""
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
        return [part for key in names for part in self._validate(key, values[key])]

    def _validate(self, key: str, value: Any) -> list[Any]:
        domain = self.params[key]
        if domain.is_vector:
            return self._validate_array(key, value, domain)
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            raise TypeError(f"{self.name}(): {key} must be a real number, got {type(value).__name__}")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{self.name}(): {key} must be finite, got {value!r}")
        if domain.kind == "integer" and number != int(number):
            raise ValueError(f"{self.name}(): {key} must be an integer, got {value!r}")
        if not domain.contains(number):
            raise ValueError(f"{self.name}(): {key} = {value!r} is outside its domain {domain.latex(key)}")
        return [int(number) if domain.kind == "integer" else number]

    def _validate_array(self, key: str, value: Any, domain: Domain) -> list[float]:
        import numpy as np

        if isinstance(value, (str, bytes, bool)) or not hasattr(value, "__len__") and not hasattr(value, "shape"):
            raise TypeError(f"{self.name}(): {key} must be an array of numbers, got {type(value).__name__}")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{self.name}(): {key} must be an array of real numbers, got {value!r}") from None
        if np.asarray(value).dtype == bool:
            raise TypeError(f"{self.name}(): {key} must hold numbers, not booleans")
        n = domain.size
        shape = (n,) if domain.kind == "simplex" else (n, n)
        if array.shape != shape:
            raise ValueError(f"{self.name}(): {key} must have shape {shape}, got {array.shape}")
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{self.name}(): {key} must be finite, got {value!r}")
        if domain.kind == "simplex":
            low = array <= 0 if domain.open_lo else array < 0
            if np.any(low) or abs(math.fsum(array) - 1.0) > 1e-9:
                raise ValueError(f"{self.name}(): {key} must be a probability vector "
                                 f"({'positive' if domain.open_lo else 'non-negative'} components summing to 1), "
                                 f"got {array.tolist()} with sum {math.fsum(array)!r}; normalise it")
            return [float(x) for x in array]
        scale = max(1.0, float(np.max(np.abs(array))))
        if float(np.max(np.abs(array - array.T))) > 1e-12 * scale:
            raise ValueError(f"{self.name}(): {key} must be symmetric, got {array.tolist()}")
        smallest = float(np.linalg.eigvalsh((array + array.T) / 2)[0])
        if smallest < -1e-12 * scale or domain.open_lo and smallest <= 0:
            raise ValueError(f"{self.name}(): {key} must be positive {'definite' if domain.open_lo else 'semidefinite'}"
                             f", got smallest eigenvalue {smallest!r}")
        return [float(array[i, j]) for i in range(n) for j in range(i, n)]

    def __call__(self, *args: Any, **kwargs: Any) -> float:
        import numpy as np

        values = [np.float64(v) for v in self._bind(args, kwargs)]
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
    """A perturbation of a formula's expression tree. Its description (text with LaTeX between $…$) is
    typeset when first read: sympy's LaTeX printer is the largest cost of generating mutants, and a run
    needs the text only for the claims whose records it builds."""

    name: str
    describe: Callable[[], str]
    expr: Any

    @functools.cached_property
    def description(self) -> str:
        return self.describe()


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


Candidate = tuple[str, Callable[[], str], Callable[[], Any]]


def _fill(template: str, exprs: tuple[Any, ...]) -> str:
    return template.format(*(sp.latex(e) for e in exprs))


def _describe(template: str, *exprs: Any) -> Callable[[], str]:
    """A description whose ``{0}``, ``{1}``… are the LaTeX of ``exprs``, rendered when asked."""
    return functools.partial(_fill, template, exprs)


def _swap_at(expr: Any, path: tuple[int, ...], make: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return _replace(expr, path, make(*args))


def _build(expr: Any, path: tuple[int, ...], make: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """``expr`` with the node at ``path`` replaced by ``make(*args)``, built when asked."""
    return functools.partial(_swap_at, expr, path, make, args)


def _candidates(expr: Any, params: Mapping[str, Domain],
                components: Mapping[str, Sequence[Any]]) -> Iterator[Candidate]:
    """Every perturbation of the expression tree, in tree order: (kind, description, expression), the
    last two built only when asked (a large expression has hundreds of candidates; a claim keeps few)."""
    for path, node in _paths(expr):
        if isinstance(node, sp.Add):
            for i, term in enumerate(node.args):
                rest = tuple(a for j, a in enumerate(node.args) if j != i)
                yield ("term_dropped", _describe("the term ${0}$ dropped from ${1}$", term, node),
                       _build(expr, path, sp.Add, *rest))
                yield ("sign_flipped", _describe("the sign of ${0}$ flipped in ${1}$", term, node),
                       _build(expr, path, sp.Add, *rest, -term))
        elif isinstance(node, sp.Mul):
            yield "sign_flipped", _describe("${0}$ negated", node), _build(expr, path, operator.neg, node)
            for i, factor in enumerate(node.args):
                if factor.is_Number:
                    continue
                rest = tuple(a for j, a in enumerate(node.args) if j != i)
                yield ("factor_dropped", _describe("the factor ${0}$ dropped from ${1}$", factor, node),
                       _build(expr, path, sp.Mul, *rest))
        elif isinstance(node, sp.Pow):
            base, exp = node.args
            yield ("exponent_doubled", _describe("the exponent of ${0}$ doubled", node),
                   _build(expr, path, sp.Pow, base, 2 * exp))
            yield ("exponent_halved", _describe("the exponent of ${0}$ halved", node),
                   _build(expr, path, sp.Pow, base, exp / 2))
            if exp == -1:
                yield ("division_becomes_product", _describe("${0}$ multiplies instead of dividing", node),
                       _build(expr, path, sp.sympify, base))
        elif node.is_Integer and node not in (sp.Integer(-1),) or node.is_Rational and not node.is_Integer:
            parent = _at(expr, path[:-1]) if path else expr
            for step in (1, -1):
                yield ("constant_changed", _describe("the constant ${0}$ in ${1}$ becomes ${2}$", node, parent,
                                                     node + step),
                       _build(expr, path, sp.sympify, node + step))
        if isinstance(node, sp.Function) and node.func in _FUNCTION_SWAPS and len(node.args) == 1:
            word, swap = _FUNCTION_SWAPS[node.func]
            yield ("function_swapped", _describe("${0}$ becomes its " + word + " counterpart", node),
                   _build(expr, path, swap, node.args[0]))
    names = list(params)
    for i, j in itertools.combinations(range(len(names)), 2):
        if params[names[i]] == params[names[j]]:
            a, b = components[names[i]], components[names[j]]
            exchange = {**dict(zip(a, b)), **dict(zip(b, a))}
            yield ("symbols_swapped", _describe("${0}$ and ${1}$ swapped", sp.Symbol(names[i]), sp.Symbol(names[j])),
                   functools.partial(expr.xreplace, exchange))
    for key in names:  # within a simplex: two probabilities; within a psd matrix: two diagonal entries
        domain, syms = params[key], components[key]
        pair = ((syms[0], syms[1]) if domain.kind == "simplex" else
                (syms[0], syms[domain.size]) if domain.kind == "psd" and domain.size > 1 else None)
        if pair is not None:
            a, b = pair
            yield ("components_swapped", _describe("${0}$ and ${1}$ swapped", a, b),
                   functools.partial(expr.xreplace, {a: b, b: a}))


def expression_mutants(formula: Formula, *, limit: int = 24) -> list[FormulaMutant]:
    """Mutants generated from the expression tree, in tree order: at most ``limit``, each a finite
    expression, duplicates kept once. Nothing here calls sympy's simplifier: whether a mutant equals the
    formula is asked only of one that survives its check (:func:`proves_equivalent`)."""
    kept: list[FormulaMutant] = []
    seen = {formula.expr}  # sympy's structural equality: the same tree, symbols with the same assumptions
    counts: dict[str, int] = {}
    for kind, describe, build in _candidates(formula.expr, formula.params, formula.components):
        expr = build()
        if expr in seen or expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            continue
        seen.add(expr)
        counts[kind] = counts.get(kind, 0) + 1
        kept.append(FormulaMutant(f"{kind}_{counts[kind]}", describe, expr))
        if len(kept) == limit:
            break
    return kept


def proves_equivalent(formula: Formula, expr: Any) -> bool:
    """Whether sympy reduces ``expr − formula`` to 0 with each parameter carrying its domain's
    assumptions (real, positive, integer; a simplex's components summing to 1): such a mutant is the
    formula written another way."""
    try:
        return bool(sp.simplify(formula.on_domain(expr) - formula.on_domain(formula.expr)) == 0)
    except Exception:  # sympy could not decide: not proved
        return False


def _relative_tolerance(formula: Formula) -> float:
    """float64 evaluation of the expression against a ground truth good to about 1e-13: each operation
    adds at most a few ulps; 64 ε per operation leaves headroom for mild cancellation."""
    ops = int(sp.count_ops(formula.expr)) + 1
    return max(1e-12, 64 * 2.0**-52 * ops)


def _latex_name(name: str) -> str:
    return r"\operatorname{" + name.replace("_", r"\_") + "}"


@dataclasses.dataclass(frozen=True)
class MonteCarlo:
    """A ground truth by simulation: ``draw(rng, size, **params)`` returns ``size`` i.i.d. samples
    whose mean is the formula's value (with finite variance: the check's z-test relies on it).

    The generated check ``matches_monte_carlo`` compares the formula with the sample mean in units of
    its standard error: a false alarm (a true formula failing) has probability P(|Z| > z) per example,
    declared to the run's false-alarm budget. ``samples`` draws per example, ``examples`` cases in the
    ci profile (the thorough profile runs ten times more).
    """

    draw: Callable[..., Any]
    samples: int = 200_000
    z: float = 5.0
    examples: int = 3
    description: str = ""  # what is simulated, LaTeX between $…$

    def __post_init__(self) -> None:
        if not callable(self.draw):
            raise TypeError("MonteCarlo(draw=…) takes a function draw(rng, size, **params) -> samples")
        if isinstance(self.samples, bool) or not isinstance(self.samples, int) or self.samples < 1000:
            raise ValueError(f"MonteCarlo(samples={self.samples!r}): at least 1000 draws, or the standard error "
                             "is itself too uncertain for a z-test")
        if not (isinstance(self.z, (int, float)) and math.isfinite(self.z) and self.z >= 3):
            raise ValueError(f"MonteCarlo(z={self.z!r}): a threshold of at least 3 standard errors")
        if isinstance(self.examples, bool) or not isinstance(self.examples, int) or self.examples < 1:
            raise ValueError(f"MonteCarlo(examples={self.examples!r}): a positive int")

    def estimate(self, seed: int, samples: int | None = None, **case: Any) -> tuple[float, float]:
        """Sample mean and its standard error over ``samples`` draws (default: ``self.samples``)."""
        import numpy as np

        size = samples or self.samples
        draws = np.asarray(self.draw(np.random.default_rng(seed), size, **case), dtype=float)
        if draws.shape != (size,):
            raise ValueError(f"MonteCarlo draw returned shape {draws.shape}, expected ({size},): one sample per draw")
        if not np.all(np.isfinite(draws)):
            raise ValueError("MonteCarlo draw returned a non-finite sample: the estimator needs finite values")
        return float(draws.mean()), float(draws.std(ddof=1) / math.sqrt(size))


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
    monte_carlo: MonteCarlo | None = None,
    statement: str | None = None,
    kind: str = "identity",
    assumptions: Sequence[str] = (),
    condition: Callable[..., bool] | None = None,
    examples: int = 40,
    rtol: float | None = None,
    atol: float = 0.0,
    tolerance_reason: str | None = None,
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
        finding, quadrature, an exact recursion) in float64; truth_at_precision(digits, **params) the
        same at high precision, used to re-verify a counterexample (default: ``equals`` with mpmath).
    monte_carlo: a :class:`MonteCarlo` estimator, as the only ground truth or as a second, independent
        route beside ``equals`` or ``truth`` (its own check, ``matches_monte_carlo``).
    condition: a predicate on the parameters for assumptions the domains cannot express (cases where
        it is False are not valid examples); state it in ``assumptions`` too.
    rtol: relative tolerance of the float64 check (default: 64 ε per operation of the expression);
        atol: an absolute one, for values that can be 0; ``tolerance_reason`` says why either is what it
        is (required when you set one: the report prints it beside the tolerance).
    mutants: generate mutants from the expression tree, each run against the generated checks
        (hand-written mutants and checks may be added to the returned claim).
    """
    site = declaration_site()
    if not isinstance(formula, Formula):
        raise ClaimDefinitionError(site, f"claim {id}: formula= takes a claimkit.formula.Formula")
    if equals is not None and truth is not None or equals is None and truth is None and monte_carlo is None:
        raise ClaimDefinitionError(site, f"claim {id}: give one ground truth, equals= (an expression) or truth= (a "
                                         "function of the parameters), or monte_carlo= (with or without one of them)")
    if monte_carlo is not None and not isinstance(monte_carlo, MonteCarlo):
        raise ClaimDefinitionError(site, f"claim {id}: monte_carlo= takes a claimkit.formula.MonteCarlo")
    if monte_carlo is not None and "seed" in formula.params:
        raise ClaimDefinitionError(site, f"claim {id}: a parameter named 'seed' clashes with the Monte Carlo check's "
                                         "seed; rename it")
    if truth_at_precision is not None and truth is None:
        raise ClaimDefinitionError(site, f"claim {id}: truth_at_precision= goes with truth= (equals= already gives "
                                         "its own high-precision value)")
    if rtol is not None and not (isinstance(rtol, float) and 0 < rtol < 1):
        raise ClaimDefinitionError(site, f"claim {id}: rtol={rtol!r} must be a float in (0, 1)")
    if not (isinstance(atol, (int, float)) and math.isfinite(atol) and atol >= 0):
        raise ClaimDefinitionError(site, f"claim {id}: atol={atol!r} must be a finite number >= 0")
    if tolerance_reason is not None and not tolerance_reason.strip():
        raise ClaimDefinitionError(site, f"claim {id}: tolerance_reason= must say why the tolerance is what it is")
    if (rtol is not None or atol) and tolerance_reason is None:
        raise ClaimDefinitionError(site, f"claim {id}: a tolerance set by hand (rtol=/atol=) needs tolerance_reason=, "
                                         "the reason the report prints beside it (the default rtol derives its own)")
    truth_formula = formula.with_expr(equals, name=f"{formula.name}_truth") if equals is not None else None
    tolerance = _relative_tolerance(formula) if rtol is None else rtol
    claim = Claim(
        id=id, paper=paper, location=location, kind=kind, expected=expected, subject=formula,
        statement=statement or f"${_latex_name(formula.name)} = {formula.latex()}$",
        assumptions=(*[domain.latex(sp.latex(sp.Symbol(key))) for key, domain in formula.params.items()],
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

    def context(case: Mapping[str, Any]) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in case.items())

    targets = []
    if equals is not None or truth is not None:
        def matches_ground_truth(subject: Formula, ev: Any, **case: Any) -> None:
            if condition is not None and not condition(**case):
                ev.reject()
            want = ground_truth(case)
            ev.close(subject(**case), want, rtol=tolerance, atol=atol, what=formula.name,
                     labels=("the formula gives", "the ground truth gives"), context=context(case))

        route = f"the expression ${sp.latex(equals)}$" if equals is not None else "computed independently"
        matches_ground_truth.__doc__ = (f"The float64 value of ${formula.latex()}$ matches the ground truth ({route}) "
                                        "on the parameters' domains.")
        distinct = math.prod(int(d.hi - d.lo) + 1 if d.kind == "integer" else 2**64 for d in formula.params.values())
        examples = min(examples, distinct)  # a finite domain is run through once, not asked for more than it holds
        if rtol is None and atol == 0:
            stated = f"relative {tolerance:.1e}: 64 ε per operation of the expression (no cancellation beyond that " \
                     "on the domain)"
        else:
            stated = ", ".join([f"relative {tolerance:.1e}" + (" (64 ε per operation)" if rtol is None else ""),
                                *([f"absolute {atol:.1e}"] if atol else [])])
            stated += f": {tolerance_reason}" if tolerance_reason else ""
        claim.check(given={k: d.strategy() for k, d in formula.params.items()}, examples=examples,
                    min_valid=max(1, examples // 2),
                    precision="float64, re-verified with mpmath at 50 digits",
                    tolerance=stated, confirm=confirm, name="matches_ground_truth")(matches_ground_truth)
        targets.append("matches_ground_truth")

    if monte_carlo is not None:
        mc = monte_carlo
        from hypothesis import strategies as st

        from .stats import normal_tail

        @functools.lru_cache(maxsize=64)
        def simulated(items: tuple[tuple[str, Any], ...], seed: int, samples: int) -> tuple[float, float]:
            return mc.estimate(seed, samples, **dict(items))  # cached: mutant runs draw the claim's own cases

        def confirm_by_resampling(subject: Formula, seed: int, **case: Any) -> tuple[bool, str]:
            if truth_high(case) is not None:
                return confirm(subject, **case)
            mean, se = simulated(tuple(case.items()), seed + 1, 10 * mc.samples)
            claimed = subject(**case)
            z = abs(claimed - mean) / se if se > 0 else (0.0 if claimed == mean else math.inf)
            return bool(z > mc.z), (f"{10 * mc.samples} fresh draws (seed {seed + 1}) give {mean:.10g} ± {se:.2g}; "
                                    f"the formula gives {claimed:.10g}, {z:.3g} standard errors away")

        def matches_monte_carlo(subject: Formula, ev: Any, seed: int, **case: Any) -> None:
            if condition is not None and not condition(**case):
                ev.reject()
            mean, se = simulated(tuple(case.items()), seed, mc.samples)
            claimed = subject(**case)
            ev.show("Monte Carlo mean and its standard error", [mean, se])
            ev.finite(claimed, formula.name)
            z = abs(claimed - mean) / se if se > 0 else (0.0 if claimed == mean else math.inf)
            ev.metric("z", z)
            ev.le(z, mc.z, what=f"|{formula.name} − Monte Carlo mean| in standard errors",
                  labels=("standard errors between the formula and the simulation", "the threshold"),
                  context=f"{context(case)}, seed={seed}, mean={mean:.10g}±{se:.2g}, formula={claimed:.10g}")

        matches_monte_carlo.__doc__ = (f"The float64 value of ${formula.latex()}$ is within {mc.z:g} standard errors "
                                       f"of the mean of {mc.samples} simulated draws"
                                       + (f" ({mc.description})" if mc.description else "") + ".")
        rate = normal_tail(float(mc.z))
        claim.check(given={**{k: d.strategy() for k, d in formula.params.items()},
                           "seed": st.integers(0, 2**32 - 1)},
                    examples=mc.examples, min_valid=1, precision=f"float64 Monte Carlo, {mc.samples} draws",
                    tolerance=f"{mc.z:g} standard errors (two-sided z-test)", false_alarm_rate=rate,
                    power="every generated mutant that this check kills", thorough_factor=10,
                    confirm=confirm_by_resampling, name="matches_monte_carlo")(matches_monte_carlo)
        targets.append("matches_monte_carlo")

    if equals is not None:
        def closed_form(d: Any) -> None:
            lhs, rhs = formula.on_domain(formula.expr), formula.on_domain(equals)
            d.step("the formula", lhs, "definition")
            d.close(lhs, rhs, label="formula = ground truth, on the parameters' domains")

        closed_form.__doc__ = ("sympy reduces the difference between the formula and the ground-truth expression "
                               "to 0, with each parameter known to be real (positive, integer) as its domain says.")
        claim.derivation("closed_form")(closed_form)

    if mutants:
        for m in expression_mutants(formula, limit=mutant_limit):
            claim.mutant(m.name, m.describe, formula.with_expr(m.expr, name=formula.name), generated=True,
                         targets=tuple(targets),
                         equivalent=functools.partial(proves_equivalent, formula, m.expr))
    return claim
