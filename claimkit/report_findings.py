"""The reader's question, "does the paper hold?", answered from results.json: per claim, per paper, per run.

A claim's *finding* (:class:`claimkit.records.Finding`) comes from its verdict and the paper's stance;
its *evidence* says how strong the answer is (a symbolic proof, numerical support, a re-verified
counterexample or witness). Statements the suite adds (``origin == "suite"``) are reported apart from
the paper's own.
"""

from __future__ import annotations

from typing import Any

from .records import Finding

__all__ = ["FINDINGS", "finding_view", "evidence_words", "tally", "paper_headline", "run_headline"]

#: Display of each finding: css class, mark (reads without colour), short word, headline for a claim.
FINDINGS: dict[str, dict[str, str]] = {
    Finding.HOLDS: {"css": "holds", "mark": "✔", "word": "holds", "headline": "the paper holds"},
    Finding.HOLDS_UNDER: {"css": "under", "mark": "◐", "word": "wrong as stated, holds under conditions",
                          "headline": "wrong as stated; holds only under added conditions"},
    Finding.WRONG: {"css": "wrong", "mark": "✘", "word": "wrong as stated", "headline": "the paper is wrong as stated"},
    Finding.UNDECIDED: {"css": "undecided", "mark": "?", "word": "undecided", "headline": "undecided"},
    Finding.ERROR: {"css": "error", "mark": "‼", "word": "error", "headline": "the suite could not run it"},
}
_SUITE_HEADLINES = {Finding.HOLDS: "holds (a statement the suite adds)",
                    Finding.HOLDS_UNDER: "wrong as written; holds under added conditions (a statement the suite adds)",
                    Finding.WRONG: "false (a statement the suite adds)",
                    Finding.UNDECIDED: "undecided (a statement the suite adds)",
                    Finding.ERROR: "the suite could not run it"}


def _finding(c: dict[str, Any]) -> Finding:
    try:
        return Finding(str(c.get("finding")))
    except ValueError:
        return Finding.ERROR


def finding_view(c: dict[str, Any]) -> dict[str, Any]:
    """How a claim's finding shows: css, mark, word, headline, whether the paper's statement is wrong."""
    finding = _finding(c)
    view: dict[str, Any] = dict(FINDINGS[finding])
    suite = c.get("origin") == "suite"
    if suite:
        view["headline"] = _SUITE_HEADLINES[finding]
    view.update(value=str(finding), suite=suite, wrong=finding.wrong_as_stated, denies=c.get("stance") == "denies")
    return view


def evidence_words(c: dict[str, Any]) -> str:
    """The strength of the evidence behind a claim's verdict, in words."""
    verdict = c.get("verdict")
    checks = c.get("checks") or []
    valid = sum(int(k.get("valid_examples") or 0) for k in checks)
    derivations = c.get("derivations") or []
    negation = any(d.get("shows") == "negation" and d.get("status") == "closed" for d in derivations)
    if verdict == "proved":
        if checks:
            return f"symbolic proof and {len(checks)} numerical check{'s' if len(checks) != 1 else ''} " \
                   f"({valid} valid examples)"
        return "symbolic proof"
    if verdict == "supported":
        return f"numerical support: {len(checks)} check{'s' if len(checks) != 1 else ''}, {valid} valid examples " \
               "(no closed derivation)"
    if verdict in ("refuted", "conditional"):
        what = "re-verified witness" if c.get("stance") == "denies" else "re-verified counterexample"
        if not any(k.get("confirmed") for k in checks) and negation:
            what = "symbolic proof of the negation"
        elif negation:
            what += " and a symbolic proof of the negation"
        if verdict == "conditional" and c.get("refined_by"):
            what += f"; the refined statement {c['refined_by']} holds"
        return what
    if verdict == "inconclusive":
        return f"not enough evidence ({c.get('verdict_reason') or 'no reason recorded'})"
    return "the suite raised an exception"


def tally(claims: list[dict[str, Any]]) -> dict[str, int]:
    """How many of ``claims`` have each finding (every finding present, zero included)."""
    counts = {str(f): 0 for f in Finding}
    for c in claims:
        counts[str(_finding(c))] += 1
    return counts


def paper_headline(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """A paper's answer from its own statements (the suite's additions aside)."""
    own = [c for c in claims if c.get("origin") != "suite"]
    counts = tally(own)
    wrong = counts[Finding.WRONG] + counts[Finding.HOLDS_UNDER]
    open_ = counts[Finding.UNDECIDED] + counts[Finding.ERROR]
    n = len(own)
    if not n:
        text, css = "no statement of the paper itself is checked", "undecided"
    elif wrong:
        text, css = f"wrong as stated in {wrong} of {n} statement{'s' if n != 1 else ''}", "wrong"
        if counts[Finding.HOLDS_UNDER]:
            text += f" ({counts[Finding.HOLDS_UNDER]} hold under added conditions)"
    elif open_:
        text, css = f"holds in {counts[Finding.HOLDS]} of {n} statements; {open_} undecided", "undecided"
    else:
        text, css = f"holds in all {n} statement{'s' if n != 1 else ''} checked", "holds"
    return {"text": text, "css": css, "counts": counts, "own": n, "suite": len(claims) - n}


def run_headline(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The run's cards: one per finding, over the papers' own statements."""
    counts = tally([c for c in claims if c.get("origin") != "suite"])
    return [{"value": str(f), "count": counts[str(f)], **FINDINGS[f]} for f in Finding if counts[str(f)]]
