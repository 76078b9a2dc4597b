"""The claim model: papers, claims, derivations, checks, mutants, figures, and the registry.

Theorem modules (``theorems/*.py``) create :class:`Claim` objects; check modules (``checks/*.py``)
attach checks to them with :meth:`Claim.check`. Creating a claim registers it: no central list.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .conformance import Implementation
from .records import Verdict

__all__ = [
    "KINDS",
    "STANCES",
    "ORIGINS",
    "VERDICTS",
    "Paper",
    "Claim",
    "CheckSpec",
    "MutantSpec",
    "DerivationSpec",
    "FigureSpec",
    "REGISTRY",
    "Registry",
    "ClaimDefinitionError",
]

#: What a claim asserts; shown in reports, used to pick wording.
KINDS = ("identity", "inequality", "limit", "algorithm", "empirical", "statistical", "definition")

#: What the paper says of the claim's statement: that it holds, or that it does not (a "No" in a table,
#: "X is not invariant to …"). A denied statement is tested as written; the paper holds when it is refuted.
STANCES = ("asserts", "denies")

#: Who makes the claim: the paper, or the suite itself (a refined or corrected statement, an extension).
ORIGINS = ("paper", "suite")

#: Every verdict a claim can receive, strongest first (the values of :class:`claimkit.records.Verdict`).
VERDICTS = tuple(v.value for v in Verdict)

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ENGINE_DIR = Path(__file__).resolve().parent


class ClaimDefinitionError(ValueError):
    """A declaration that cannot be right; the message starts with the file and line that made it."""

    def __init__(self, site: tuple[str, int] | None, detail: str) -> None:
        super().__init__(f"{relative_site(site)}: {detail}")
        self.site = site
        self.detail = detail

    def located(self, root: Path) -> str:
        """The message with the file named relative to the project ``root``."""
        return f"{relative_site(self.site, root)}: {self.detail}"


def declaration_site() -> tuple[str, int] | None:
    """The file and line of the innermost caller outside claimkit itself (where a claim, mutant… is declared)."""
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not _in_engine(filename):
            return filename, frame.f_lineno
        frame = frame.f_back
    return None


@functools.lru_cache(maxsize=1024)
def _in_engine(filename: str) -> bool:
    # cached: a project declares about a thousand claims, checks and mutants from a few dozen files
    return Path(filename).resolve().is_relative_to(_ENGINE_DIR)


def relative_site(site: tuple[str, int] | None, root: Path | None = None) -> str:
    """``path:line`` of a declaration site, relative to ``root`` (or the working directory) when inside it."""
    if site is None:
        return "<unknown>"
    path = Path(site[0])
    for base in (root, Path.cwd()):
        if base is not None:
            try:
                return f"{path.resolve().relative_to(base.resolve()).as_posix()}:{site[1]}"
            except ValueError:
                continue
    return f"{site[0]}:{site[1]}"


def _fn_site(fn: Callable[..., Any]) -> tuple[str, int] | None:
    code = getattr(fn, "__code__", None)
    return (code.co_filename, code.co_firstlineno) if code is not None else None


@dataclasses.dataclass(frozen=True)
class Paper:
    """The source of a family of claims."""

    title: str
    authors: tuple[str, ...]
    year: int
    arxiv: str | None = None
    code: str | None = None

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("Paper(title=...) must not be empty")
        authors: object = self.authors
        if isinstance(authors, str):
            raise TypeError("Paper(authors=...) takes a tuple of names, not one string")
        if self.arxiv is not None and not re.match(r"^\d{4}\.\d{4,5}$", self.arxiv):
            raise ValueError(f"Paper(arxiv={self.arxiv!r}): expected an id such as '2603.13552'")

    @property
    def url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "arxiv": self.arxiv,
            "url": self.url,
            "code": self.code,
        }


#: What a derivation establishes: the claim's statement, or its negation (a symbolic witness that the
#: statement fails, as for a denied statement or a refuted one).
SHOWS = ("statement", "negation")


@dataclasses.dataclass
class DerivationSpec:
    name: str
    fn: Callable[..., Any]
    doc: str
    shows: str = "statement"


@dataclasses.dataclass
class CheckSpec:
    """A numerical property of a claim, run by hypothesis over generated cases.

    ``fn(subject, ev, **case)``: ``subject`` is the implementation under test (or a mutant of it),
    ``ev`` an :class:`claimkit.evidence.Evidence`, ``case`` one drawn example.
    """

    name: str
    fn: Callable[..., Any]
    doc: str
    given: Mapping[str, Any] | None
    examples: int
    min_valid: int
    precision: str
    tolerance: str
    confirm: Callable[..., Any] | str | None
    false_alarm_rate: float | None
    power: str | None
    thorough_factor: int
    regressions: tuple[dict[str, Any], ...] = ()
    #: ``claim id::check`` when the check is another claim's, reused (a conformance claim runs the checks
    #: of the claim it mirrors against an installed implementation)
    reused_from: str | None = None


@dataclasses.dataclass
class MutantSpec:
    name: str
    #: text with LaTeX between $…$, or (for a generated mutant) a function that typesets it when first read
    describe: str | Callable[[], str]
    replacement: Any
    targets: tuple[str, ...] | None
    defined_at: tuple[str, int] | None = None
    generated: bool = False  # made from a formula's expression tree (claimkit.formula), not written by hand
    #: For a generated mutant: a proof attempt that it equals the subject, asked only if it survives.
    equivalent: Callable[[], bool] | None = None

    @functools.cached_property
    def description(self) -> str:
        text = self.describe if isinstance(self.describe, str) else self.describe()
        if not text.strip():
            raise ValueError(f"mutant {self.name}: its description is empty")
        return text


@dataclasses.dataclass
class FigureSpec:
    name: str
    fn: Callable[[], Any]
    caption: str


class Claim:
    """One checkable statement of a paper.

    Creating a ``Claim`` registers it. Its family is the first segment of its id (``ghosts`` for
    ``ghosts.binary_radius``), which is also the name of the package that declares it
    (``theorems/ghosts/``); the loader checks that they agree. ``subject`` is the implementation under
    test: what the checks receive and mutants replace.

    ``statement``, ``assumptions`` and ``notes`` are text with inline LaTeX between ``$…$``
    (``"$r = \\sqrt{\\delta^2 + \\pi^2}/\\Delta$ for every direction"``); the report typesets it.
    ``stance`` is what the paper says of the statement: ``"asserts"`` (it holds) or ``"denies"`` (the
    paper says it does not hold: a "No" cell, "X is not invariant to …"); the statement is always the
    proposition the checks test, and the report's headline says whether the paper is right about it.
    ``origin="suite"`` marks a statement the suite adds (a refinement with an extra assumption, a
    correction, an extension); a refinement named by ``refined_by`` must be one.
    """

    def __init__(
        self,
        *,
        id: str,
        paper: Paper,
        location: str,
        statement: str,
        kind: str,
        expected: str,
        assumptions: Sequence[str] = (),
        subject: Any = None,
        refined_by: str | None = None,
        notes: str = "",
        stance: str = "asserts",
        origin: str = "paper",
        implementation: Implementation | None = None,
    ) -> None:
        if not isinstance(id, str) or not _ID_RE.match(id):
            raise ValueError(
                f"claim id {id!r} must be dotted lower-case words such as 'ghosts.binary_radius'"
            )
        if not isinstance(paper, Paper):
            raise TypeError(f"claim {id}: paper must be a claimkit.Paper, got {type(paper).__name__}")
        if kind not in KINDS:
            raise ValueError(f"claim {id}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if expected not in Verdict.expectable():
            allowed = ", ".join(Verdict.expectable())
            raise ValueError(f"claim {id}: expected verdict {expected!r} is not one of {allowed}")
        if isinstance(assumptions, str):
            raise TypeError(f"claim {id}: assumptions takes a sequence of strings, not one string")
        if not statement.strip() or not location.strip():
            raise ValueError(f"claim {id}: statement and location must not be empty")
        if refined_by is not None and (not isinstance(refined_by, str) or not _ID_RE.match(refined_by)):
            raise ValueError(f"claim {id}: refined_by takes the id of another claim, got {refined_by!r}")
        if refined_by == id:
            raise ValueError(f"claim {id}: a claim cannot refine itself (refined_by={id!r})")
        if stance not in STANCES:
            raise ValueError(f"claim {id}: stance {stance!r} is not one of {', '.join(STANCES)} "
                             "(what the paper says of the statement)")
        if origin not in ORIGINS:
            raise ValueError(f"claim {id}: origin {origin!r} is not one of {', '.join(ORIGINS)} "
                             "('suite' for a statement the suite adds: a refinement, a correction, an extension)")
        if implementation is not None and not isinstance(implementation, Implementation):
            raise TypeError(f"claim {id}: implementation= takes a claimkit.Implementation, "
                            f"got {type(implementation).__name__}")
        if implementation is not None and origin != "suite":
            raise ValueError(f"claim {id}: a claim about an installed implementation is the suite's addition: "
                             "declare it with origin='suite'")
        self.id = id
        self.paper = paper
        self.location = location
        self.statement = statement
        self.kind = kind
        self.expected = expected
        self.assumptions = tuple(assumptions)
        self.subject = subject
        self.refined_by = refined_by
        self.notes = notes
        self.stance = stance
        self.origin = origin
        self.implementation = implementation
        self.family = id.split(".", 1)[0]
        self.defined_at = declaration_site()
        self.derivations: list[DerivationSpec] = []
        self.checks: list[CheckSpec] = []
        self.mutants: list[MutantSpec] = []
        self.figures: list[FigureSpec] = []
        REGISTRY.add(self)

    def __repr__(self) -> str:
        return f"<Claim {self.id} expected={self.expected}>"

    # -- declaring evidence -------------------------------------------------------------------

    def derivation(self, name: str, *, shows: str = "statement") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: ``fn(d: Derivation)`` records sympy steps and ends with ``d.close``.

        shows: ``"statement"`` (closing it proves the claim) or ``"negation"`` (closing it proves the
        statement false: it supports a refutation, and contradicts checks that pass).
        """
        site = declaration_site()
        self._check_name(name, self.derivations, "derivation", site)
        if shows not in SHOWS:
            raise ClaimDefinitionError(site, f"claim {self.id}: derivation {name}: shows={shows!r} is not one of "
                                       f"{', '.join(SHOWS)}")

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            self.derivations.append(DerivationSpec(name, fn, _doc(fn), shows))
            return fn

        return register

    def check(
        self,
        *,
        given: Mapping[str, Any] | None = None,
        examples: int = 50,
        min_valid: int | None = None,
        precision: str = "float64",
        tolerance: str = "",
        confirm: Callable[..., Any] | str | None = None,
        false_alarm_rate: float | None = None,
        power: str | None = None,
        thorough_factor: int = 20,
        name: str | None = None,
        regressions: Sequence[Mapping[str, Any]] = (),
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator for a numerical check ``fn(subject, ev, **case)``.

        given: strategies by keyword (``None``: a deterministic check run once).
        examples: valid examples in the ``ci`` profile; ``thorough`` runs ``thorough_factor`` times more.
        min_valid: fewer valid examples than this makes the check inconclusive (default: half).
        precision, tolerance: how the ground truth is computed and why the tolerance is what it is.
        confirm: ``fn(subject, **case) -> bool`` re-verifies a counterexample in exact or
            high-precision arithmetic (True: the claim really fails there); ``"exact"`` when the
            check already computes exactly, so re-running it at the counterexample confirms it.
        false_alarm_rate, power: for stochastic checks (stated in the report).
        regressions: cases (one value per ``given`` keyword) that every run tries first, before the
            drawn ones, mutant runs included: failures found by fuzzing, kept in the code.
        """
        if given is not None and not isinstance(given, Mapping):
            raise TypeError(f"claim {self.id}: given= takes a dict of strategies by keyword")
        if examples < 1:
            raise ValueError(f"claim {self.id}: examples must be >= 1, got {examples}")
        if given is None:
            examples = 1
        if min_valid is None:
            min_valid = max(1, examples // 2)
        if not 1 <= min_valid <= examples:
            raise ValueError(f"claim {self.id}: min_valid={min_valid} must be in [1, examples={examples}]")
        if isinstance(confirm, str) and confirm != "exact":
            raise ValueError(f"claim {self.id}: confirm= takes a callable or 'exact', got {confirm!r}")
        if thorough_factor < 10 and given is not None:
            raise ValueError(f"claim {self.id}: thorough_factor must be >= 10 (the thorough profile's promise)")
        if regressions and given is None:
            raise ValueError(f"claim {self.id}: regressions= needs given= (a deterministic check has no cases)")
        for case in regressions:
            if not isinstance(case, Mapping) or set(case) != set(given or {}):
                keys = sorted(case) if isinstance(case, Mapping) else type(case).__name__
                raise ValueError(f"claim {self.id}: each regression case needs exactly the keywords "
                                 f"{sorted(given or {})}, got {keys}")

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            check_name = name or fn.__name__
            self._check_name(check_name, self.checks, "check", _fn_site(fn))
            self._check_signature(check_name, fn, given)
            self.checks.append(
                CheckSpec(
                    name=check_name,
                    fn=fn,
                    doc=_doc(fn),
                    given=dict(given) if given is not None else None,
                    examples=examples,
                    min_valid=min_valid,
                    precision=precision,
                    tolerance=tolerance,
                    confirm=confirm,
                    false_alarm_rate=false_alarm_rate,
                    power=power,
                    thorough_factor=thorough_factor,
                    regressions=tuple(dict(case) for case in regressions),
                )
            )
            return fn

        return register

    def reuse_check(self, base: Claim, name: str) -> None:
        """Run ``base``'s check ``name`` (its function, cases, tolerance and confirmation) against this
        claim's subject: the same evidence, for another implementation of the same statement."""
        site = declaration_site()
        if not isinstance(base, Claim):
            raise ClaimDefinitionError(site, f"claim {self.id}: reuse_check takes the Claim whose check to reuse")
        spec = next((k for k in base.checks if k.name == name), None)
        if spec is None:
            known = ", ".join(k.name for k in base.checks) or "none"
            raise ClaimDefinitionError(site, f"claim {self.id}: {base.id} has no check {name!r} (its checks: "
                                             f"{known}); attach its checks before reusing them (import its "
                                             "check module first)")
        self._check_name(name, self.checks, "check", site)
        self.checks.append(dataclasses.replace(spec, reused_from=f"{base.id}::{name}"))

    def mutant(
        self, name: str, description: str | Callable[[], str], replacement: Any, *,
        targets: Sequence[str] | None = None,
        generated: bool = False, equivalent: Callable[[], bool] | None = None,
    ) -> Any:
        """Declare a plausible wrong variant of ``subject``; the claim's checks must reject it.

        targets: names of the checks to run against it (default: all of them).
        """
        site = declaration_site()
        self._check_name(name, self.mutants, "mutant", site)
        if not (isinstance(description, str) and description.strip() or callable(description)):
            raise ValueError(f"claim {self.id}: mutant {name} needs a description (text, or a function "
                             "returning it)")
        if isinstance(targets, str):
            raise TypeError(f"claim {self.id}: mutant {name}: targets takes a sequence of check names, not one string")
        self.mutants.append(
            MutantSpec(name, description, replacement, tuple(targets) if targets is not None else None, site,
                       generated, equivalent)
        )
        return replacement

    def figure(self, name: str, *, caption: str = "") -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        """Decorator: ``fn() -> matplotlib.figure.Figure`` drawn into the claim's report page."""
        self._check_name(name, self.figures, "figure", declaration_site())

        def register(fn: Callable[[], Any]) -> Callable[[], Any]:
            self.figures.append(FigureSpec(name, fn, caption or _doc(fn)))
            return fn

        return register

    def _check_name(self, name: str, existing: Sequence[Any], what: str, site: tuple[str, int] | None) -> None:
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise ClaimDefinitionError(site, f"claim {self.id}: {what} name {name!r} must be a "
                                       "lower-case identifier")
        if any(e.name == name for e in existing):
            raise ClaimDefinitionError(site, f"claim {self.id}: a {what} named {name!r} is "
                                       "already declared")

    def _check_signature(self, name: str, fn: Callable[..., Any], given: Mapping[str, Any] | None) -> None:
        """A check is ``fn(subject, ev, **case)``: its keyword parameters must be exactly ``given``'s keys."""
        try:
            params = list(inspect.signature(fn).parameters.values())
        except (TypeError, ValueError):
            return
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if len(positional) < 2 and not any(p.kind is p.VAR_POSITIONAL for p in params):
            raise ClaimDefinitionError(_fn_site(fn), f"check {name} of {self.id} must take "
                                       "(subject, ev, ...) as its first two parameters")
        if any(p.kind is p.VAR_KEYWORD for p in params):
            return
        takes = [p.name for p in params[2:] if p.kind is not p.VAR_POSITIONAL]
        wanted = sorted(given or {})
        required = [p.name for p in params[2:] if p.default is p.empty and p.kind is not p.VAR_POSITIONAL]
        missing = sorted(set(wanted) - set(takes))
        extra = sorted(set(required) - set(wanted))
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"given= draws {', '.join(missing)}, which the function does not take")
            if extra:
                parts.append(f"the function needs {', '.join(extra)}, which given= does not draw")
            raise ClaimDefinitionError(_fn_site(fn), f"check {name} of {self.id}: "
                                       + "; ".join(parts))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "family": self.family,
            "paper": self.paper.as_dict(),
            "location": self.location,
            "statement": self.statement,
            "assumptions": list(self.assumptions),
            "kind": self.kind,
            "expected_verdict": self.expected,
            "refined_by": self.refined_by,
            "notes": self.notes,
            "stance": self.stance,
            "origin": self.origin,
            "implementation": self.implementation.as_dict() if self.implementation is not None else None,
        }


def _selects(pattern: str, claim: Claim) -> bool:
    return pattern in (claim.id, claim.family) or claim.id.startswith(pattern.rstrip(".") + ".")


def _doc(fn: Callable[..., Any]) -> str:
    return " ".join((fn.__doc__ or "").split())


class Registry:
    """Every claim created so far, by id; plus the modules that failed to load."""

    def __init__(self) -> None:
        self.claims: dict[str, Claim] = {}
        self.load_errors: dict[str, str] = {}  # module name -> traceback
        self.family_errors: dict[str, str] = {}  # family -> traceback (its claims become errors)
        #: family -> why it was not loaded (a pinned requirement of its REQUIRES is not installed)
        self.unavailable: dict[str, str] = {}
        #: family -> its REQUIRES, for the families that declare some
        self.requires: dict[str, tuple[str, ...]] = {}
        self.loaded_root: Path | None = None  # the project whose families were imported

    def add(self, claim: Claim) -> None:
        if claim.id in self.claims:
            other = self.claims[claim.id]
            hint = ""
            if other.defined_at and claim.defined_at and other.defined_at == claim.defined_at:
                hint = (": the same file was imported under two module names; import the project's modules "
                        "relatively or as claimkit_project.…, never as top-level theorems/checks/fixtures")
            raise ClaimDefinitionError(claim.defined_at, f"claim id {claim.id!r} is declared twice "
                                       f"(first at {relative_site(other.defined_at)}){hint}")
        self.claims[claim.id] = claim

    def get(self, claim_id: str) -> Claim:
        return self.claims[claim_id]

    def families(self) -> list[str]:
        return sorted({c.family for c in self.claims.values()} | set(self.family_errors))

    def select(self, patterns: Sequence[str]) -> list[Claim]:
        """The claims named by ``patterns`` (ids, id prefixes such as ``ghosts.table1``, or families),
        all of them when there is none; sorted by family and id."""
        return [c for c in sorted(self.claims.values(), key=lambda c: (c.family, c.id))
                if not patterns or any(_selects(p, c) for p in patterns)]

    def unknown(self, patterns: Sequence[str]) -> list[str]:
        """One message per pattern that selects no claim, naming the closest ids and families."""
        import difflib

        known = sorted(set(self.claims) | {c.family for c in self.claims.values()})
        messages = []
        for p in patterns:
            if any(_selects(p, c) for c in self.claims.values()):
                continue
            family = p.split(".", 1)[0]
            if family in self.unavailable:
                messages.append(f"family {family} was left out: it {self.unavailable[family]} (install them to run "
                                "its claims)")
                continue
            close = difflib.get_close_matches(p, known, n=5, cutoff=0.5)
            hint = f" (closest: {', '.join(close)})" if close else " (see `claimkit list`)"
            messages.append(f"unknown claim id {p!r}{hint}")
        return messages

    def clear(self) -> None:
        self.claims.clear()
        self.load_errors.clear()
        self.family_errors.clear()
        self.unavailable.clear()
        self.requires.clear()
        self.loaded_root = None


REGISTRY = Registry()
