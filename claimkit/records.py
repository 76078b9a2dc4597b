"""The records the engine passes around: verdicts, outcomes, and the evidence of each claim piece.

Each record serialises with ``to_json()`` to the entry ``reports/results.json`` holds (the contract
every renderer and outside tool reads, see :mod:`claimkit.results`); the keys and their order are
part of that contract.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

__all__ = [
    "Verdict",
    "Outcome",
    "Finding",
    "finding_of",
    "Json",
    "DerivationRecord",
    "Counterexample",
    "WorstCase",
    "CheckRecord",
    "MutantRecord",
    "ClaimRecord",
]

Json = dict[str, Any]


class Verdict(enum.StrEnum):
    """What the evidence says of a claim, strongest first."""

    PROVED = "proved"  # every derivation closes in sympy and every check passes
    SUPPORTED = "supported"  # every check passes; no derivation, or an open one
    CONDITIONAL = "conditional"  # refuted as stated; the refined claim is proved or supported
    REFUTED = "refuted"  # a counterexample, re-verified in exact or high-precision arithmetic
    INCONCLUSIVE = "inconclusive"  # too few valid examples, or a failure that was not re-verified
    ERROR = "error"  # a derivation or check raised, or the family failed to load

    @classmethod
    def expectable(cls) -> tuple[Verdict, ...]:
        """The verdicts a claim may declare as expected (never ``error``)."""
        return tuple(v for v in cls if v is not cls.ERROR)

    @property
    def mark(self) -> str:
        """A sign that reads without colour."""
        return _MARKS[self]


_MARKS = {Verdict.PROVED: "✔", Verdict.SUPPORTED: "✓", Verdict.CONDITIONAL: "◐", Verdict.REFUTED: "✘",
          Verdict.INCONCLUSIVE: "?", Verdict.ERROR: "‼"}


class Finding(enum.StrEnum):
    """Whether the paper is right: the answer to the reader's question, from the verdict and the stance."""

    HOLDS = "holds"  # what the paper says is what the evidence shows
    HOLDS_UNDER = "holds only under conditions"  # wrong as stated; a statement with added conditions holds
    WRONG = "wrong as stated"  # the evidence contradicts the paper, re-verified
    UNDECIDED = "undecided"  # too little evidence either way
    ERROR = "error"  # the suite could not run the claim

    @property
    def wrong_as_stated(self) -> bool:
        """Whether the paper's statement, exactly as made, is false."""
        return self in (Finding.WRONG, Finding.HOLDS_UNDER)


def finding_of(verdict: Verdict | str, stance: str = "asserts") -> Finding:
    """What the verdict on a statement means for the paper, which ``asserts`` or ``denies`` it.

    A denied statement that is refuted (a re-verified witness) or only conditionally true means the
    paper is right; one that is proved or supported means it is wrong.
    """
    verdict = Verdict(verdict)
    if verdict is Verdict.ERROR:
        return Finding.ERROR
    if verdict is Verdict.INCONCLUSIVE:
        return Finding.UNDECIDED
    holds = verdict in (Verdict.PROVED, Verdict.SUPPORTED)
    if stance == "denies":
        return Finding.WRONG if holds else Finding.HOLDS
    if verdict is Verdict.CONDITIONAL:
        return Finding.HOLDS_UNDER
    return Finding.HOLDS if holds else Finding.WRONG


class Outcome(enum.StrEnum):
    """How one run of one check ended."""

    PASSED = "passed"
    FAILED = "failed"  # one of the check's own assertions failed
    INCONCLUSIVE = "inconclusive"  # fewer valid examples than the check's minimum
    ERROR = "error"  # something raised that is not a check failure


@dataclasses.dataclass
class DerivationRecord:
    name: str
    description: str
    status: str  # closed | open | error
    steps: list[Json]
    residual: Json | None
    reason: str
    error: str | None
    seconds: float
    shows: str = "statement"  # or "negation": closing it proves the statement false
    cached_at: str | None = None  # when the result was computed, if this run took it from the cache

    def to_json(self) -> Json:
        return {"name": self.name, "description": self.description, "shows": self.shows, "status": self.status,
                "steps": self.steps, "residual": self.residual, "reason": self.reason, "error": self.error,
                "seconds": self.seconds, "cached_at": self.cached_at}


@dataclasses.dataclass
class Counterexample:
    """The shrunk failing case of a check, and (for the claim's own subject) its re-verification."""

    inputs: Json
    message: str
    claimed: Any
    observed: Any
    labels: list[str]
    confirmed: bool | None = None
    confirmation: str | None = None
    verified: bool = False  # whether re-verification was attempted (subject runs only)
    shown: Json = dataclasses.field(default_factory=dict)  # what the check computed from the case (ev.show)

    def to_json(self) -> Json:
        out: Json = {"inputs": self.inputs, "shown": self.shown, "message": self.message, "claimed": self.claimed,
                     "observed": self.observed, "labels": self.labels}
        if self.verified:
            out.update(confirmed=self.confirmed, confirmation=self.confirmation)
        return out


@dataclasses.dataclass
class WorstCase:
    """The smallest margin an inequality (or tolerance) had over the valid examples."""

    label: str
    margin: Any
    inputs: Json
    all: Json

    def to_json(self) -> Json:
        return {"label": self.label, "margin": self.margin, "inputs": self.inputs, "all": self.all}


@dataclasses.dataclass
class CheckRecord:
    name: str
    description: str
    outcome: Outcome
    examples: int
    valid_examples: int
    min_valid: int
    max_examples: int
    regressions: list[Json]
    deterministic: bool
    worst_case: WorstCase | None
    counterexample: Counterexample | None
    confirmed: bool | None
    precision: str
    tolerance: str
    false_alarm_rate: float | None
    power: str | None
    seed: int | None
    seconds: float
    error: str | None
    notes: list[str]
    metrics: Json
    tables: dict[str, list[Json]]
    figures: list[Json]

    def to_json(self) -> Json:
        out = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        out["worst_case"] = self.worst_case.to_json() if self.worst_case else None
        out["counterexample"] = self.counterexample.to_json() if self.counterexample else None
        return out


@dataclasses.dataclass
class MutantRecord:
    name: str
    description: str
    killed: bool
    killed_by: list[str]
    outcomes: dict[str, Outcome]
    details: dict[str, str]
    problem: str | None
    seconds: float
    generated: bool = False
    equivalent: bool = False  # survived, and sympy proved it equal to the subject: not a weakness of the checks

    def to_json(self) -> Json:
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


@dataclasses.dataclass
class ClaimRecord:
    """A claim with all its evidence and the verdict computed from it."""

    claim: Json  # the declaration: id, family, paper, location, statement, … (Claim.as_dict)
    load_error: str | None
    derivations: list[DerivationRecord]
    checks: list[CheckRecord]
    mutants: list[MutantRecord]
    figures: list[Json]
    verdict: Verdict
    verdict_reason: str
    problems: list[str]
    seconds: float
    profile: str
    profile_seed: int | None
    run_at: str

    @property
    def id(self) -> str:
        return str(self.claim["id"])

    def derivation_summary(self) -> Json:
        """All steps of all derivations, and one status: error if one raised, closed if all closed."""
        if not self.derivations:
            return {"status": "none", "shows": "statement", "steps": []}
        statuses = {d.status for d in self.derivations}
        status = "error" if "error" in statuses else "closed" if statuses == {"closed"} else "open"
        shows = {d.shows for d in self.derivations}
        steps = [dict(step, derivation=d.name) for d in self.derivations for step in d.steps]
        return {"status": status, "shows": shows.pop() if len(shows) == 1 else "both", "steps": steps}

    def to_json(self) -> Json:
        return {
            **self.claim,
            "load_error": self.load_error,
            "derivations": [d.to_json() for d in self.derivations],
            "checks": [c.to_json() for c in self.checks],
            "mutants": [m.to_json() for m in self.mutants],
            "equivalent_mutants": [{"name": m.name, "description": m.description} for m in self.mutants
                                   if m.equivalent],
            "figures": self.figures,
            "derivation": self.derivation_summary(),
            "verdict": self.verdict,
            "verdict_reason": self.verdict_reason,
            "finding": finding_of(self.verdict, str(self.claim.get("stance", "asserts"))),
            "problems": self.problems,
            "seconds": self.seconds,
            "profile": self.profile,
            "profile_seed": self.profile_seed,
            "run_at": self.run_at,
        }
