"""The project's own claims typeset: every statement, location, assumption, note, derivation step label and rule,
check description, precision, tolerance and power, mutant description and figure caption is text with
LaTeX between $…$, so the report shows no raw ``_{``, ``^{`` or ``\\frac``."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimkit.mathtext import problems
from claimkit.model import REGISTRY
from claimkit.project import load_project, project_at
from claimkit.runner import run_derivation

ROOT = Path(__file__).resolve().parent.parent
# Loaded once, at import: the per-test registry snapshot then holds every family.
PROJECT = load_project(project_at(ROOT))
FAMILIES = tuple(PROJECT.families())


def _texts(family: str) -> list[tuple[str, str]]:
    out = []
    for claim in PROJECT.select([family]):
        out.append((f"{claim.id} statement", claim.statement))
        out.append((f"{claim.id} location", claim.location))
        out += [(f"{claim.id} assumption {i + 1}", a) for i, a in enumerate(claim.assumptions)]
        if claim.notes:
            out.append((f"{claim.id} notes", claim.notes))
        for spec in claim.derivations:
            record = run_derivation(spec)
            out.append((f"{claim.id} derivation {spec.name}", spec.doc))
            for i, step in enumerate(record.steps):
                out += [(f"{claim.id} derivation {spec.name} step {i + 1} {key}", str(step[key]))
                        for key in ("label", "rule")]
        for check in claim.checks:
            out += [(f"{claim.id} check {check.name} {key}", str(getattr(check, key) or ""))
                    for key in ("doc", "precision", "tolerance", "power")]
        out += [(f"{claim.id} mutant {m.name}", m.description) for m in claim.mutants]
        out += [(f"{claim.id} figure {f.name}", f.caption) for f in claim.figures]
    return out


@pytest.mark.parametrize("family", FAMILIES)
def test_every_text_of_the_family_typesets(family: str) -> None:
    """Every text a claim's page typesets is text with LaTeX between $…$."""
    bad = [f"{where}: {p}" for where, text in _texts(family) for p in problems(text)]
    assert not REGISTRY.family_errors.get(family)
    assert PROJECT.select([family]) and bad == []
