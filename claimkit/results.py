"""``reports/results.json``: the contract every renderer and outside tool reads.

Written atomically (a temporary file in the same directory, then ``os.replace``). Claims that are
still defined but did not run this time are carried over from the previous file, marked
``carried_over``, so a filtered or interrupted run loses nothing; claims no longer defined are dropped.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._io import write_json_atomic, write_text_atomic
from .stats import FALSE_ALARM_BUDGET, run_false_alarm

__all__ = [
    "SCHEMA_VERSION",
    "CLAIM_FIELDS",
    "environment",
    "assemble",
    "write_json_atomic",
    "read_results",
    "ResultsError",
    "set_aside",
    "validate_results",
    "load_error_record",
    "write_text_atomic",
]

SCHEMA_VERSION = 2
# 2: each claim carries the paper's stance, the claim's origin and the finding (does the paper hold?);
#    derivations say what they show; counterexamples carry the values a check showed (``shown``).

#: Fields every claim entry carries (the contract).
CLAIM_FIELDS = (
    "id",
    "family",
    "paper",
    "location",
    "statement",
    "assumptions",
    "kind",
    "verdict",
    "expected_verdict",
    "verdict_reason",
    "stance",
    "origin",
    "finding",
    "derivation",
    "checks",
    "mutants",
    "seconds",
)
CHECK_FIELDS = ("name", "outcome", "examples", "valid_examples", "worst_case", "counterexample", "seconds")
MUTANT_FIELDS = ("name", "description", "killed")


def _git_commit(root: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def environment(root: Path) -> dict[str, Any]:
    """Versions and platform of this run."""
    versions = {}
    for name in ("numpy", "scipy", "sympy", "mpmath", "hypothesis", "pytest"):
        try:
            module = __import__(name)
            versions[name] = getattr(module, "__version__", "unknown")
        except ImportError:
            versions[name] = None
    from . import __version__

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "claimkit": __version__,
        "versions": versions,
        "git_commit": _git_commit(root),
        "cpu_count": os.cpu_count(),
    }


def load_error_record(module: str, traceback_text: str) -> dict[str, Any]:
    """A stand-in claim entry for a module that failed to load and declared no claim."""
    family = module.rsplit(".", 1)[-1]
    return {
        "id": module,
        "family": family,
        "paper": {"title": f"(module {module} failed to load)", "authors": [], "year": None, "arxiv": None,
                  "url": None, "code": None},
        "location": module,
        "statement": f"The module {module} could not be imported.",
        "assumptions": [],
        "kind": "identity",
        "verdict": "error",
        "expected_verdict": None,
        "verdict_reason": "its module failed to load",
        "stance": "asserts",
        "origin": "paper",
        "finding": "error",
        "load_error": traceback_text,
        "derivation": {"status": "none", "steps": []},
        "derivations": [],
        "checks": [],
        "mutants": [],
        "figures": [],
        "problems": [f"module {module} failed to load"],
        "seconds": 0.0,
        "refined_by": None,
        "notes": "",
    }


def assemble(
    records: Iterable[dict[str, Any]],
    *,
    profile: dict[str, Any],
    root: Path,
    previous: dict[str, Any] | None = None,
    registered: set[str] | None = None,
    wall_seconds: float | None = None,
    command: str = "",
    unavailable: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The results document: this run's claims, plus earlier ones that did not run this time and
    are still among the ``registered`` claim ids (all of them, when ``registered`` is None)."""
    claims = {r["id"]: dict(r, carried_over=False, command=command) for r in records}
    if previous and previous.get("schema_version") == SCHEMA_VERSION:
        for old in previous.get("claims", []):
            if old["id"] not in claims and (registered is None or old["id"] in registered):
                claims[old["id"]] = dict(old, carried_over=True)
    ordered = sorted(claims.values(), key=lambda r: (r["family"], r["id"]))
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "profile": profile,
        "command": command,
        "environment": environment(root),
        "wall_seconds": None if wall_seconds is None else round(wall_seconds, 3),
        "summary": summarize(ordered),
        "unavailable": dict(sorted((unavailable or {}).items())),
        "claims": ordered,
    }


def summarize(claims: list[dict[str, Any]]) -> dict[str, Any]:
    by_verdict: dict[str, int] = {}
    for c in claims:
        by_verdict[c["verdict"]] = by_verdict.get(c["verdict"], 0) + 1
    mutants = [m for c in claims for m in c["mutants"]]
    return {
        "claims": len(claims),
        "by_verdict": dict(sorted(by_verdict.items())),
        "as_expected": sum(1 for c in claims if c["verdict"] == c["expected_verdict"]),
        "mutants": len(mutants),
        "mutants_killed": sum(1 for m in mutants if m["killed"]),
        "problems": sum(len(c.get("problems", [])) for c in claims),
        "seconds": round(sum(c["seconds"] for c in claims), 3),
        "false_alarm": {"rate": run_false_alarm(claims), "budget": FALSE_ALARM_BUDGET},
    }


class ResultsError(ValueError):
    """A results file that cannot be used: unreadable, not JSON, or not the contract."""


def read_results(path: Path) -> dict[str, Any]:
    """Read and validate a results file: FileNotFoundError if there is none, ResultsError (with the
    reason, and never any other exception) if it cannot be used."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `claimkit run` (or pytest) first")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except IsADirectoryError:
        raise ResultsError(f"{path} is a directory, not a results file") from None
    except OSError as exc:
        raise ResultsError(f"{path} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ResultsError(f"{path} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}): "
                           "truncated or edited") from None
    problems = validate_results(data)
    if problems:
        raise ResultsError(f"{path} does not satisfy the results contract: " + "; ".join(problems[:5]))
    assert isinstance(data, dict)
    return data


def set_aside(path: Path) -> Path:
    """Move an unusable results file out of the way (never deleting it); return where it went."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
    os.replace(path, target)
    return target


def _missing(data: Any, keys: Iterable[str], where: str) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where} is {type(data).__name__}, not an object"]
    return [f"{where} lacks {key!r}" for key in keys if key not in data]


def validate_results(data: Any) -> list[str]:
    """Every way ``data`` breaks the contract (empty when it is valid); any JSON value is accepted."""
    if not isinstance(data, dict):
        return [f"the file holds {type(data).__name__}, not an object"]
    problems = []
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version < SCHEMA_VERSION:
        return [f"it was written by an older claimkit (schema_version {version}; this one reads "
                f"{SCHEMA_VERSION}): run `claimkit run` to regenerate it"]
    if version != SCHEMA_VERSION:
        problems.append(f"schema_version is {version!r}, expected {SCHEMA_VERSION}")
    problems += _missing(data, ("generated_at", "profile", "environment", "claims"), "the file")
    problems += _missing(data.get("environment", {}), ("python", "platform", "versions", "git_commit"),
                         "environment")
    claims = data.get("claims", [])
    if not isinstance(claims, list):
        return [*problems, f"claims is {type(claims).__name__}, not a list"]
    for i, c in enumerate(claims):
        if not isinstance(c, dict):
            problems.append(f"claims[{i}] is {type(c).__name__}, not an object")
            continue
        name = f"claim {c.get('id')}"
        problems += _missing(c, CLAIM_FIELDS, name)
        problems += _missing(c.get("paper", {}), ("arxiv",), f"{name} paper")
        problems += _missing(c.get("derivation", {}), ("status", "steps"), f"{name} derivation")
        for field, keys in (("checks", CHECK_FIELDS), ("mutants", MUTANT_FIELDS)):
            items = c.get(field, [])
            if not isinstance(items, list):
                problems.append(f"{name} {field} is {type(items).__name__}, not a list")
                continue
            for item in items:
                label = item.get("name") if isinstance(item, dict) else "?"
                problems += _missing(item, keys, f"{name} {field[:-1]} {label}")
    return problems


def command_line() -> str:
    return " ".join(Path(sys.argv[0]).name if i == 0 else a for i, a in enumerate(sys.argv))
