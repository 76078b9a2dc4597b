"""How a conformance claim is declared: the base claim's statement, location, paper, kind and stance (``mirror``),
an implementation and its adapter, and the base's checks reused by name (``reuse``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimkit import Claim


def mirror(base: Claim, *, assumptions: Sequence[str] | None = None) -> dict[str, Any]:
    """The keywords a conformance claim takes from ``base``: its statement as the paper (or the base) states it,
    its location, paper, kind, stance and assumptions (``assumptions`` replace the base's where those name the
    base's own subject, the family's numpy port), and ``origin="suite"``."""
    return {"paper": base.paper, "location": base.location, "statement": base.statement, "kind": base.kind,
            "stance": base.stance, "origin": "suite",
            "assumptions": tuple(base.assumptions if assumptions is None else assumptions)}


def reuse(claim: Claim, base: Claim, names: Sequence[str]) -> Claim:
    """``claim`` running ``base``'s checks ``names`` (the base's check modules must be imported first)."""
    for name in names:
        claim.reuse_check(base, name)
    return claim
