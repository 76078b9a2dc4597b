"""Rendering the report from results.json alone: Markdown pages (and the full report).

The Markdown pages are Jinja2 templates (``templates/index.md.j2``, ``templates/claim.md.j2``) over
the view model of the HTML pages (:func:`claimkit.report_html.claim_view`); autoescaping is off for
them and the escaping is done by the ``md_*`` filters defined here.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .records import Verdict

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_all", "render_index_md", "verdict_table", "VERDICT_MARK"]

#: A word and a mark per verdict, so the verdict reads without colour.
VERDICT_MARK = {v.value: f"{v.mark} {v}" for v in Verdict}


def _strength(c: dict[str, Any]) -> str:
    checks = c["checks"]
    passed = sum(1 for k in checks if k["outcome"] == "passed")
    valid = sum(k["valid_examples"] for k in checks)
    killed = sum(1 for m in c["mutants"] if m["killed"])
    return f"{passed}/{len(checks)} checks, {valid} valid examples, {killed}/{len(c['mutants'])} mutants killed"


def verdict_table(claims: list[dict[str, Any]]) -> list[str]:
    """Plain-text table lines: claim, verdict, expected, evidence, seconds."""
    rows = [("claim", "verdict", "expected", "evidence", "s")]
    for c in claims:
        flag = "" if c["verdict"] == c["expected_verdict"] and not c.get("problems") else "  <-- "
        rows.append((
            c["id"],
            c["verdict"],
            str(c["expected_verdict"]) + flag,
            _strength(c),
            f"{c['seconds']:.2f}",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def _md_text(text: Any) -> str:
    """Text from a theorem module, safe in Markdown prose: HTML shows as text, no line breaks."""
    return " ".join(str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def _md_cell(text: Any) -> str:
    """:func:`_md_text` for a table cell: pipes escaped too."""
    return _md_text(text).replace("|", "\\|")


def _md_code(text: Any) -> str:
    """An inline code span that survives backticks in ``text`` (pipes escaped for tables)."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_block(text: Any) -> str:
    """A fenced ``text`` block (a traceback); a fence inside it is defused."""
    return "```text\n" + str(text).replace("```", "'''").rstrip() + "\n```"


def _md_math(step: dict[str, Any]) -> str:
    """``$…$`` from a step's LaTeX; a code span for plain-text steps (no sympy rendering)."""
    latex = " ".join(str(step.get("latex") or "").split())
    if not latex or not step.get("mathml") or "$" in latex:
        return _md_code(step.get("text") or latex)
    return f"$`{latex}`$" if "`" not in latex else f"${latex}$"


def _verdict_mark(verdict: Any) -> Any:
    return VERDICT_MARK.get(verdict, verdict)


@functools.lru_cache(maxsize=1)
def _md_environment() -> jinja2.Environment:
    """Jinja2 for the Markdown pages: no autoescaping (the ``md_*`` filters escape), undefined is an error."""
    import jinja2

    from .report_findings import finding_view, paper_headline
    from .report_html import fmt_value, fold_verdict_steps, page_name

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        md_text=_md_text,
        md_cell=_md_cell,
        md_code=_md_code,
        md_block=_md_block,
        md_math=_md_math,
        verdict_mark=_verdict_mark,
        strength=_strength,
        page_name=page_name,
        fmt_value=fmt_value,
        fold_verdict_steps=fold_verdict_steps,
        finding_view=finding_view,
        paper_headline=paper_headline,
    )
    return env


def render_index_md(data: dict[str, Any]) -> str:
    """The Markdown summary: run totals, then one table of claims per paper (grouped by title)."""
    by_paper: dict[str, list[dict[str, Any]]] = {}
    for c in data["claims"]:
        by_paper.setdefault(c["paper"]["title"], []).append(c)
    from .report_html import paper_view  # its links are checked: only http(s) addresses are kept

    papers = [(title, paper_view(claims[0]["paper"]), claims) for title, claims in by_paper.items()]
    from .report_findings import run_headline

    return _md_environment().get_template("index.md.j2").render(
        data=data, summary=data.get("summary", {}), papers=papers, findings=run_headline(data["claims"])
    )


def render_claim_md(c: dict[str, Any], data: dict[str, Any]) -> str:
    """One claim's page in Markdown (tables and ``$…$`` math, for a code host)."""
    from .report_html import claim_view

    # Steps come from the record itself: the view's MathML is sanitized, the ``$…$`` choice needs the raw.
    raw_steps = {d.get("name"): d.get("steps", []) for d in c.get("derivations") or []}
    return _md_environment().get_template("claim.md.j2").render(c=claim_view(c, data, None), raw_steps=raw_steps)


def _remove_stale_figures(figures_dir: Path, claim_ids: set[str]) -> None:
    """Delete ``figures/<id>/`` folders of claims that are gone (renamed or removed), with their SVG files."""
    if not figures_dir.is_dir():
        return
    for folder in sorted(figures_dir.iterdir()):
        if folder.is_dir() and folder.name not in claim_ids:
            for svg in folder.glob("*.svg"):
                svg.unlink()
            if not any(folder.iterdir()):
                folder.rmdir()


def render_all(data: dict[str, Any], out_dir: Path, *, processes: int = 1) -> list[Path]:
    """Write every page for ``data`` into ``out_dir``; return the paths written.

    ``index.md`` and ``claims/<id>.md`` here; ``index.html`` and ``claims/<id>.html`` by
    :mod:`claimkit.report_html`. Pages and figure folders of claims no longer in ``data`` are removed.
    With ``processes`` > 1 (``claimkit run -n N``), the claim pages are split among that many processes
    (forked: :func:`claimkit.processes.run_shares`); every page is the same as when one process writes it.
    """
    from . import report_html as html
    from .processes import run_shares
    from .results import write_text_atomic

    if processes < 1:
        raise ValueError(f"processes must be at least 1, not {processes!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    claims = data["claims"]
    claims_dir = out_dir / "claims"
    md_pages = [claims_dir / f"{html.page_name(c['id'])}.md" for c in claims]
    html_pages = [claims_dir / f"{html.page_name(c['id'])}.html" for c in claims]

    # Claim i goes to share slots[i % len(slots)]: this process, which also writes the other pages (about a
    # third of the time), takes one slot, every forked one two.
    slots = [0] + [k for k in range(1, processes) for _ in range(2)]

    def claim_pages(share: int) -> None:
        for i in range(len(claims)):
            if slots[i % len(slots)] != share:
                continue
            write_text_atomic(render_claim_md(claims[i], data), md_pages[i], durable=False)
            write_text_atomic(html.render_claim_html(claims[i], data, out_dir), html_pages[i], durable=False)

    others: list[Path] = []

    def other_pages_then_claim_pages() -> None:
        write_text_atomic(render_index_md(data), out_dir / "index.md", durable=False)
        others.extend(html.render(data, out_dir, claim_pages=False))
        claim_pages(0)

    run_shares([other_pages_then_claim_pages] + [functools.partial(claim_pages, k) for k in range(1, processes)])
    keep = {path.name for path in md_pages}
    for stale in sorted(claims_dir.glob("*.md")):
        if stale.name not in keep:
            stale.unlink()
    _remove_stale_figures(out_dir / "figures", {c["id"] for c in claims})
    return [out_dir / "index.md", *md_pages, *others, *html_pages]
