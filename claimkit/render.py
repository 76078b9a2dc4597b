"""Rendering the report from results.json alone: Markdown summary (and the full report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["render_all", "render_index_md", "verdict_table", "VERDICT_MARK"]

#: A word and a mark per verdict, so the verdict reads without colour.
VERDICT_MARK = {
    "proved": "✔ proved",
    "supported": "✓ supported",
    "conditional": "◐ conditional",
    "refuted": "✘ refuted",
    "inconclusive": "? inconclusive",
    "error": "‼ error",
}


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


def _md_escape(text: str) -> str:
    return _md_cell(text)


def render_index_md(data: dict[str, Any]) -> str:
    from .report_html import page_name

    s = data.get("summary", {})
    lines = [
        "# claimkit report",
        "",
        f"Generated {data['generated_at']} · profile `{data['profile']['name']}` · "
        f"{s.get('claims', 0)} claims · {s.get('as_expected', 0)} as expected · "
        f"mutants killed {s.get('mutants_killed', 0)}/{s.get('mutants', 0)}",
        "",
        "Verdicts: " + ", ".join(f"{VERDICT_MARK.get(k, k)}: {v}" for k, v in s.get("by_verdict", {}).items()),
        "",
    ]
    by_paper: dict[str, list[dict[str, Any]]] = {}
    for c in data["claims"]:
        by_paper.setdefault(c["paper"]["title"], []).append(c)
    for title, claims in by_paper.items():
        paper = claims[0]["paper"]
        link = f" ([arXiv:{paper['arxiv']}]({paper['url']}))" if paper.get("arxiv") else ""
        lines += [f"## {_md_text(title)}{link}", "", "| claim | location | verdict | expected | evidence | time |",
                  "|---|---|---|---|---|---|"]
        for c in claims:
            lines.append(
                f"| [`{c['id']}`](claims/{page_name(c['id'])}.md) | {_md_escape(c['location'])} | "
                f"{VERDICT_MARK.get(c['verdict'], c['verdict'])} | {c['expected_verdict']} | "
                f"{_strength(c)} | {c['seconds']:.2f} s |"
            )
        lines.append("")
    return "\n".join(lines)


def _md_text(text: Any) -> str:
    """Text from a theorem module, safe in Markdown prose: HTML shows as text, no line breaks."""
    return " ".join(str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def _md_cell(text: Any) -> str:
    return _md_text(text).replace("|", "\\|")


def _md_code(text: Any) -> str:
    """An inline code span that survives backticks in ``text`` (pipes escaped for tables)."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_block(text: Any) -> list[str]:
    return ["```text", str(text).replace("```", "'''").rstrip(), "```", ""]


def _md_math(step: dict[str, Any]) -> str:
    """``$…$`` from a step's LaTeX; a code span for plain-text steps (no sympy rendering)."""
    latex = " ".join(str(step.get("latex") or "").split())
    if not latex or not step.get("mathml") or "$" in latex:
        return _md_code(step.get("text") or latex)
    return f"$`{latex}`$" if "`" not in latex else f"${latex}$"


def render_claim_md(c: dict[str, Any], data: dict[str, Any]) -> str:
    """One claim's page in Markdown (tables and ``$…$`` math, for a code host)."""
    from .report_html import claim_view, fmt_value, fold_verdict_steps

    v = claim_view(c, data, None)
    s = v["strength"]
    mark = VERDICT_MARK.get(v["verdict"], v["verdict"])
    p = v["paper"]
    source = [_md_text(p["title"])]
    if p["authors"]:
        source.append(_md_text(p["authors"]))
    if p["year"]:
        source.append(str(p["year"]))
    source.append(_md_text(v["location"]))
    if p["arxiv"] and p["url"]:
        source.append(f"[arXiv:{p['arxiv']}]({p['url']})")
    if p["code"]:
        source.append(f"[code]({p['code']})")
    lines = [
        f"# `{v['id']}` — {mark}",
        "",
        "[← all claims](../index.md) · " + " · ".join(source),
        "",
        "> " + _md_text(v["statement"]),
        "",
        f"Family `{v['family']}` · kind {v['kind']} · expected verdict **{v['expected']}**"
        + ("" if v["as_expected"] else " (**does not match**)")
        + (f" · refined by [`{v['refined_by']}`]({v['refined_by_page']}.md)" if v["refined_by"] else "")
        + (" · carried over from an earlier run" if v["carried_over"] else ""),
        "",
    ]
    if v["assumptions"]:
        lines += ["## Assumptions", ""] + [f"- {_md_text(a)}" for a in v["assumptions"]] + [""]
    lines += [
        "## Verdict",
        "",
        f"**{mark}** because {_md_text(v['verdict_reason'])}.",
        "",
        f"Evidence: {s['checks_passed']}/{s['checks']} checks passed · {s['valid']} valid examples · "
        f"{s['killed']}/{s['mutants']} mutants killed · derivation {s['derivation']} · {v['seconds']}",
        "",
    ]
    if v["notes"]:
        lines += [_md_text(v["notes"]), ""]
    if v["problems"]:
        lines += ["Problems with the suite for this claim:", ""] + [f"- {_md_text(x)}" for x in v["problems"]] + [""]
    if v["load_error"]:
        lines += _md_block(v["load_error"])
    lines += ["## Derivation", ""]
    if not v["derivations"]:
        lines += ["No symbolic derivation is declared for this claim.", ""]
    raw_steps = {d.get("name"): d.get("steps", []) for d in c.get("derivations") or []}
    for d in v["derivations"]:
        lines += [f"### `{d['name']}` ({d['status']})", ""]
        if d["description"]:
            lines += [_md_text(d["description"]), ""]
        for i, step in enumerate(fold_verdict_steps(raw_steps.get(d["name"], [])), 1):
            if step["verified"]:
                mark = f" (✓ sympy {_md_text(step['verified'])})"
            elif step["unclosed"]:
                mark = " (✗ not closed)"
            else:
                mark = f" *[{_md_text(step['rule'])}]*" if step["rule"] else ""
            lines.append(f"{i}. {_md_text(step['label'])}{mark}: {_md_math(step)}")
            if step["outcome_step"]:
                lines.append(f"   residual sympy left: {_md_math(step['outcome_step'])}")
        lines.append("")
        if d["residual"] and not d["residual_shown"]:
            lines += [f"Residual left after sympy: {_md_code(d['residual']['text'])}", ""]
        if d["reason"]:
            lines += [f"Open: {_md_text(d['reason'])}", ""]
        if d["status"] == "closed" and d["unclosed"]:
            lines += [f"⚠ Recorded as closed, but sympy did not close step(s) {', '.join(map(str, d['unclosed']))}.", ""]
        if d["error"]:
            lines += _md_block(d["error"])
    lines += ["## Checks", ""]
    if not v["checks"]:
        lines += ["No numerical check is declared for this claim.", ""]
    else:
        lines += ["| check | outcome | valid / tried | worst margin | precision | tolerance | time |",
                  "|---|---|---|---|---|---|---|"]
        for k in v["checks"]:
            worst = f"{k['worst']['margin']} ({_md_cell(k['worst']['label'])})" if k["worst"] else "—"
            lines.append(
                f"| `{k['name']}` | {k['outcome']} | {k['valid_examples']} / {k['examples']} | {worst} | "
                f"{_md_cell(k['precision'])} | {_md_cell(k['tolerance'] or '—')} | {k['seconds']} |"
            )
        lines.append("")
        for k in v["checks"]:
            if not (k["cx"] or k["notes"] or k["metrics"] or k["tables"] or k["error"] or k["description"]
                    or k["regressions"]):
                continue
            lines += [f"### `{k['name']}`", ""]
            if k["description"]:
                lines += [_md_text(k["description"]), ""]
            if k["regressions"]:
                lines += [f"Regression cases, tried first in every run: "
                          f"{'; '.join(_md_code(r) for r in k['regressions'])}", ""]
            if k["cx"]:
                cx = k["cx"]
                state = "re-verified" if cx["confirmed"] else "not re-verified" if cx["confirmed"] is False else ""
                lines += [f"**Counterexample**{f' ({state})' if state else ''}:", ""]
                if cx["inputs"]:
                    lines += ["| input | value |", "|---|---|"]
                    lines += [f"| `{i['name']}` | {_md_code(i['short'])} |" for i in cx["inputs"]]
                    lines.append("")
                lines += [
                    f"- {cx['labels'][0]}: {_md_code(cx['claimed'])}",
                    f"- {cx['labels'][1]}: {_md_code(cx['observed'])}",
                    f"- message: {_md_text(cx['message'])}",
                ]
                if cx["confirmation"]:
                    lines.append(f"- re-verification: {_md_text(cx['confirmation'])}")
                lines.append("")
            if k["notes"]:
                lines += [f"- {_md_text(n)}" for n in k["notes"]] + [""]
            if k["metrics"]:
                lines += ["| metric | value |", "|---|---|"]
                lines += [f"| {_md_cell(name)} | {_md_cell(val)} |" for name, val in k["metrics"]] + [""]
            for table in k["tables"]:
                if not table["header"]:
                    continue
                lines += [f"**{_md_text(table['name'])}**", "",
                          "| " + " | ".join(_md_cell(h) for h in table["header"]) + " |",
                          "|" + "---|" * len(table["header"])]
                lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table["rows"]] + [""]
            if k["error"]:
                lines += _md_block(k["error"])
    lines += ["## Mutants", ""]
    if not v["mutants"]:
        lines += ["No mutant is declared.", ""]
    else:
        lines += ["| mutant | what it gets wrong | result | caught by |", "|---|---|---|---|"]
        for m in v["mutants"]:
            result = "killed" if m["killed"] else ("broken" if m["problem"] else "**survived**")
            how = "; ".join(f"`{o['check']}` {o['outcome']}" for o in m["outcomes"])
            if m["problem"]:
                how = _md_cell(m["problem"]) + ("; " + how if how else "")
            lines.append(f"| `{m['name']}` | {_md_cell(m['description'])} | {result} | {how or '—'} |")
        lines.append("")
    figures = [f for f in v["figures"] if f["src"]]
    if figures:
        lines += ["## Figures", ""]
        for f in figures:
            caption = _md_text(f["caption"] or f["name"])
            lines += [f"![{caption.replace('[', '(').replace(']', ')')}]({f['src']})", "", f"*{caption}*", ""]
    lines += ["## Reproduce", "", "```sh", v["command"], "```", ""]
    if v["command_note"]:
        lines += [v["command_note"], ""]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {_md_cell(a)} | {_md_cell(fmt_value(b))} |" for a, b in v["environment"]]
    lines.append("")
    return "\n".join(lines)


def render_all(data: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write every page for ``data`` into ``out_dir``; return the paths written.

    ``index.md`` and ``claims/<id>.md`` here; ``index.html`` and ``claims/<id>.html`` by
    :mod:`claimkit.report_html`. Pages of claims no longer in ``data`` are removed.
    """
    from .report_html import page_name
    from .results import write_text_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    path = out_dir / "index.md"
    write_text_atomic(render_index_md(data), path)
    written.append(path)
    claims_dir = out_dir / "claims"
    keep = set()
    for c in data["claims"]:
        path = claims_dir / f"{page_name(c['id'])}.md"
        write_text_atomic(render_claim_md(c, data), path)
        written.append(path)
        keep.add(path.name)
    for stale in sorted(claims_dir.glob("*.md")):
        if stale.name not in keep:
            stale.unlink()
    try:
        from . import report_html
    except ImportError:
        return written
    written += report_html.render(data, out_dir)
    return written
