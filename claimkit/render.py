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
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_index_md(data: dict[str, Any]) -> str:
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
        lines += [f"## {title}{link}", "", "| claim | location | verdict | expected | evidence | time |",
                  "|---|---|---|---|---|---|"]
        for c in claims:
            lines.append(
                f"| [`{c['id']}`](claims/{c['id']}.md) | {_md_escape(c['location'])} | "
                f"{VERDICT_MARK.get(c['verdict'], c['verdict'])} | {c['expected_verdict']} | "
                f"{_strength(c)} | {c['seconds']:.2f} s |"
            )
        lines.append("")
    return "\n".join(lines)


def render_all(data: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write every page for ``data`` into ``out_dir``; return the paths written."""
    from .results import write_text_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    path = out_dir / "index.md"
    write_text_atomic(render_index_md(data), path)
    written.append(path)
    try:
        from . import report_html
    except ImportError:
        return written
    written += report_html.render(data, out_dir)
    return written
