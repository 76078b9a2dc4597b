"""The report renderers: HTML and Markdown pages from results.json alone."""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from claimkit import cli
from claimkit.derive import render_expr
from claimkit.records import finding_of
from claimkit.render import _md_block, _md_code, _md_math, render_all, render_claim_md, render_index_md
from claimkit.report_html import (
    allowed_links,
    fold_verdict_steps,
    page_name,
    remote_resources,
    reproduce_command,
    sanitize_mathml,
)
from claimkit.results import validate_results, write_json_atomic

SCRIPT = "<script>alert('statement')</script>"
SVG = (
    '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
    'height="20"><defs><path id="m1" d="M0 0L4 4"/></defs><use xlink:href="#m1"/>'
    '<rect width="40" height="20" fill="#ddd"/></svg>\n'
)


def _step(label: str, expr: Any, rule: str = "") -> dict[str, Any]:
    return {"label": label, "rule": rule, **render_expr(expr)}


def _paper(title: str = "A Paper", arxiv: str | None = "2006.08217") -> dict[str, Any]:
    return {"title": title, "authors": ["A. Author", "B. Author"], "year": 2021, "arxiv": arxiv,
            "url": f"https://arxiv.org/abs/{arxiv}" if arxiv else None, "code": "https://github.com/example/code"}


def _check(name: str, outcome: str = "passed", **extra: Any) -> dict[str, Any]:
    record = {"name": name, "description": f"{name} compares the formula with ground truth.", "outcome": outcome,
              "examples": 30, "valid_examples": 30, "min_valid": 15, "max_examples": 30, "deterministic": False,
              "worst_case": {"label": "value slack", "margin": 1.5e-9,
                             "inputs": {"x": {"value": 0.5, "repr": "0.5"}}, "all": {"value slack": 1.5e-9}},
              "counterexample": None, "confirmed": None, "precision": "float64", "tolerance": "1e-9: roundoff",
              "false_alarm_rate": None, "power": None, "seed": 17, "seconds": 0.25, "error": None, "notes": [],
              "metrics": {}, "tables": {}, "figures": []}
    record.update(extra)
    return record


def _claim(cid: str, verdict: str = "proved", **extra: Any) -> dict[str, Any]:
    x = sp.Symbol("x")
    record = {
        "id": cid, "family": cid.split(".")[0], "paper": _paper(), "location": "Thm 1",
        "statement": f"Statement of {cid}.", "assumptions": ["x > 0"], "kind": "identity",
        "verdict": verdict, "expected_verdict": verdict, "verdict_reason": "derivation closes and 1 check(s) pass",
        "refined_by": None, "notes": "", "load_error": None, "stance": "asserts", "origin": "paper",
        "finding": str(finding_of(verdict)),
        "derivations": [{"name": "expand", "description": "Expand the square.", "status": "closed",
                         "steps": [_step("square", sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1, evaluate=False),
                                         "to show"),
                                   _step("sympy reduces the difference to 0", sp.Integer(0), "simplify")],
                         "residual": None, "reason": "", "error": None, "seconds": 0.01}],
        "checks": [_check("matches_ground_truth")],
        "mutants": [{"name": "off_by_one", "description": "(x + 1)² = x² + 1", "killed": True,
                     "killed_by": ["matches_ground_truth"], "outcomes": {"matches_ground_truth": "failed"},
                     "details": {"matches_ground_truth": "value: claimed 1 but truth is 2"}, "problem": None,
                     "seconds": 0.01}],
        "figures": [], "problems": [], "seconds": 0.3, "profile": "ci", "profile_seed": 0,
        "run_at": "2026-01-01T00:00:00Z", "carried_over": False,
    }
    record["derivation"] = {"status": "closed",
                            "steps": [dict(s, derivation="expand") for s in record["derivations"][0]["steps"]]}
    record.update(extra)
    return record


def _results() -> dict[str, Any]:
    refuted_check = _check(
        "rescaled_loss_equals_original", "failed", examples=1, valid_examples=0, worst_case=None,
        counterexample={"inputs": {"seed": {"value": 0, "repr": "0"}, "c": {"value": -1.0, "repr": "-1.0"}},
                        "message": "f(cW): claimed 1.8219 but truth is 2.89513", "claimed": 1.8219041379995307,
                        "observed": 2.8951252383406243, "confirmed": True,
                        "confirmation": "at 50 digits |difference| = 1.0732"},
        confirmed=True,
    )
    claims = [
        _claim("alpha.first", statement=SCRIPT, notes="A note with <b>markup</b>.",
               figures=[{"name": "curve", "caption": "A <i>curve</i>.", "path": "figures/alpha.first/curve.svg"}]),
        _claim("alpha.second", verdict="refuted", derivations=[], derivation={"status": "none", "steps": []},
               checks=[refuted_check], mutants=[], verdict_reason="counterexample found and re-verified"),
        _claim("beta.third", verdict="supported", paper=_paper("Another <Paper>", None), profile="thorough",
               profile_seed=1234, verdict_reason="1 check(s) pass; derivation open"),
        _claim("beta.fourth", verdict="inconclusive", expected_verdict="proved",
               problems=["verdict is inconclusive but the team expects proved"], carried_over=True),
    ]
    return {
        "schema_version": 2, "generated_at": "2026-01-01T00:00:00Z",
        "profile": {"name": "ci", "derandomize": False, "scale_examples": False, "targeting": False, "seed": 0},
        "command": "pytest tests/claims.toml",
        "environment": {"python": "3.11.7", "platform": "Linux", "claimkit": "0.1.0",
                        "versions": {"numpy": "2.0", "sympy": "1.14"}, "git_commit": "abc123", "cpu_count": 2},
        "wall_seconds": 1.5,
        "summary": {"claims": 4, "by_verdict": {"proved": 1, "refuted": 1, "supported": 1, "inconclusive": 1},
                    "as_expected": 3, "mutants": 3, "mutants_killed": 3, "problems": 1, "seconds": 1.2},
        "claims": claims,
    }


@pytest.fixture
def results_dir(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    data = _results()
    assert validate_results(data) == []
    write_json_atomic(data, out / "results.json")
    (out / "figures" / "alpha.first").mkdir(parents=True)
    (out / "figures" / "alpha.first" / "curve.svg").write_text(SVG, encoding="utf-8")
    return out


def _render(out: Path) -> dict[str, bytes]:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    render_all(data, out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.suffix in (".html", ".md")}


def test_rendering_twice_gives_byte_identical_pages(results_dir: Path, tmp_path: Path) -> None:
    """The same results.json renders to byte-identical pages, in place and in a fresh directory."""
    first = _render(results_dir)
    again = _render(results_dir)
    other = tmp_path / "copy"
    other.mkdir()
    (other / "results.json").write_bytes((results_dir / "results.json").read_bytes())
    (other / "figures").mkdir()
    (other / "figures" / "alpha.first").mkdir()
    (other / "figures" / "alpha.first" / "curve.svg").write_text(SVG, encoding="utf-8")
    elsewhere = _render(other)
    assert first == again == elsewhere
    assert len(first) == 2 + 2 * 4 + 2  # index and claim pages in HTML and Markdown, and two paper pages
    assert sorted(name for name in first if name.startswith("papers/")) == [
        "papers/2006-08217.html", "papers/another-paper.html"]


def test_every_claim_gets_an_html_and_a_markdown_page_linked_from_the_index(results_dir: Path) -> None:
    """Each claim in results.json has claims/<id>.html and .md, and both indexes link to them."""
    pages = _render(results_dir)
    index_html = pages["index.html"].decode()
    index_md = pages["index.md"].decode()
    for c in _results()["claims"]:
        assert f"claims/{page_name(c['id'])}.html" in pages
        assert f"claims/{page_name(c['id'])}.md" in pages
        assert f'href="claims/{page_name(c["id"])}.html"' in index_html
        assert f"(claims/{page_name(c['id'])}.md)" in index_md


def test_pages_of_claims_gone_from_results_are_removed(results_dir: Path) -> None:
    """A page left from an earlier run for a claim no longer in results.json is deleted."""
    stale = results_dir / "claims" / "gone.claim.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    _render(results_dir)
    assert not stale.exists()


def test_figures_of_claims_gone_from_results_are_removed(results_dir: Path) -> None:
    """The figure folder of a claim no longer in results.json goes; a current claim's figures and any
    file that is not an SVG figure stay."""
    data = json.loads((results_dir / "results.json").read_text(encoding="utf-8"))
    current = results_dir / "figures" / data["claims"][0]["id"] / "kept.svg"
    gone = results_dir / "figures" / "renamed.claim" / "old.svg"
    foreign = results_dir / "figures" / "notes" / "readme.txt"
    for path in (current, gone, foreign):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<svg/>", encoding="utf-8")
    _render(results_dir)
    assert current.exists() and foreign.exists()
    assert not gone.parent.exists()


def test_script_in_a_statement_shows_as_text(results_dir: Path) -> None:
    """A statement holding <script> is escaped in the index, the claim page and the Markdown page."""
    pages = _render(results_dir)
    claim_html = pages["claims/alpha.first.html"].decode()
    assert "&lt;script&gt;alert(" in claim_html
    assert "<script>alert(" not in claim_html
    assert "<script" not in claim_html  # claim pages need no script at all
    assert "&lt;b&gt;markup&lt;/b&gt;" in claim_html
    index_html = pages["index.html"].decode()
    assert "<script>alert(" not in index_html and "&lt;script&gt;alert(" in index_html
    assert index_html.count("<script") == 1  # the inline verdict filter, nothing else
    assert "Another &lt;Paper&gt;" in index_html
    assert "<script>alert(" not in pages["claims/alpha.first.md"].decode()


def test_mathml_symbol_names_are_escaped_and_unknown_elements_dropped() -> None:
    """sympy does not escape symbol names; the sanitizer keeps MathML and escapes everything else."""
    raw = sp.mathml(sp.Symbol("<script>x</script>") + sp.Symbol("y"), printer="presentation")
    assert "<script>" in raw  # the hazard the sanitizer exists for
    clean = str(sanitize_mathml(raw))
    assert clean.startswith("<math") and "<script" not in clean
    assert "<mi>y</mi>" in clean
    assert str(sanitize_mathml('<mi onclick="evil()" mathvariant="bold">a</mi><img src="http://x"/>')) == (
        '<math display="inline" displaystyle="true"><mi mathvariant="bold">a</mi></math>'
    )


@pytest.mark.parametrize("fragment", [
    '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mi>K</mi><mo>&#x02265;</mo></math>',
    "<mrow><mi>&pi;</mi><mo>&InvisibleTimes;</mo><mi>&#945;</mi><mo>&lt;</mo></mrow>",
    "<mi>&nosuch;</mi><mi>&quot;&apos;&amp;</mi>",
    '<mi onclick="evil()" mathvariant="bold">a</mi><img src="http://x"/>',
    "<script>alert(1)</script><MI>x</MI><mi>a<b>c</b>d</mi>tail",
    '<x:mi xmlns:x="urn:other">q</x:mi><mstyle displaystyle="true"><mn>2</mn></mstyle>',
    "<mi>unclosed",  # not well-formed: read by the HTML parser alone
])
def test_well_formed_mathml_is_sanitized_as_the_html_parser_would(fragment: str) -> None:
    """The expat path gives, character for character, what the HTML-parser sanitizer gives."""
    from claimkit.report_html import _MathMLSanitizer, _sanitize_well_formed

    parser = _MathMLSanitizer()
    parser.feed(fragment)
    by_html_parser = parser.result()
    fast = _sanitize_well_formed(fragment)
    assert fast == (None if fragment == "<mi>unclosed" else by_html_parser)
    assert "onclick" not in str(sanitize_mathml(fragment)) and "<script" not in str(sanitize_mathml(fragment))


def test_sympy_answers_fold_into_the_step_they_answer() -> None:
    """A closed "to show" step carries a ✓ mark; an open one carries the residual sympy left."""
    x = sp.Symbol("x")
    steps = [_step("setup", x**2), _step("claim", sp.Eq(x, x, evaluate=False), "to show"),
             _step("sympy reduces the difference to 0", sp.Integer(0), "simplify"),
             _step("wrong", sp.Eq(x, x + 1, evaluate=False), "to show"),
             _step("residual left after sympy", sp.Integer(-1), "simplify")]
    folded = fold_verdict_steps(steps)
    assert [s["label"] for s in folded] == ["setup", "claim", "wrong"]
    assert folded[1]["verified"] == "simplify" and folded[2]["verified"] is None
    assert folded[2]["outcome_step"]["text"] == "-1"
    assert [s["unclosed"] for s in folded] == [False, False, True]


def test_claim_page_shows_derivation_math_checks_counterexample_mutants_and_figure(results_dir: Path) -> None:
    """The claim pages carry MathML steps, evidence, the readable counterexample, mutants and the figure."""
    pages = _render(results_dir)
    first = pages["claims/alpha.first.html"].decode()
    assert first.count("<math") == 1 and "<msup>" in first  # sympy's "0" is folded into a mark
    assert "✓ sympy simplify" in first
    assert "matches_ground_truth" in first and "1e-9: roundoff" in first and "1.5e-09" in first
    assert "off_by_one" in first and "killed" in first
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in first and "<?xml" not in first
    assert 'href="../figures/alpha.first/curve.svg"' in first
    assert "A &lt;i&gt;curve&lt;/i&gt;." in first
    assert "claimkit run alpha.first --profile ci</code>" in first
    second = pages["claims/alpha.second.html"].decode()
    assert "Counterexample" in second and "re-verified" in second
    assert "<code>c</code></td><td class=\"mono\">-1.0</td>" in second
    assert '<div class="mono">1.8219</div>' in second and '<div class="mono">2.89513</div>' in second
    assert "✘ refuted" in second and "✘ wrong as stated" in second


def test_index_groups_by_paper_with_totals_verdict_words_and_family_anchors(results_dir: Path) -> None:
    """The index shows totals, each paper's claims with verdict mark and word, and one anchor per family."""
    index_html = _render(results_dir)["index.html"].decode()
    assert index_html.index("A Paper") < index_html.index("Another &lt;Paper&gt;")
    for word in ("✔ proved", "✘ refuted", "✓ supported", "? inconclusive"):
        assert word in index_html
    assert 'id="family-alpha"' in index_html and 'id="family-beta"' in index_html
    assert 'href="#paper-2006-08217"' in index_html and 'href="papers/2006-08217.html"' in index_html
    assert "3/3 mutants killed" in index_html
    assert "expected proved" in index_html  # the mismatching claim says so


def test_markdown_pages_use_tables_and_dollar_math(results_dir: Path) -> None:
    """Markdown claim pages render on a code host: $…$ math from LaTeX, pipe tables, image links."""
    md = _render(results_dir)["claims/alpha.first.md"].decode()
    assert "$`\\left(x + 1\\right)^{2} = x^{2} + 2 x + 1`$" in md
    assert "| check | outcome | valid / tried |" in md
    assert "![A &lt;i&gt;curve&lt;/i&gt;.](../figures/alpha.first/curve.svg)" in md
    assert "claimkit run alpha.first --profile ci\n" in md


def test_no_page_loads_a_remote_resource(results_dir: Path) -> None:
    """No page references an http(s) resource; the only remote addresses are arXiv and code links."""
    pages = _render(results_dir)
    data = json.loads((results_dir / "results.json").read_text(encoding="utf-8"))
    for name, body in pages.items():
        if name.endswith(".html"):
            assert remote_resources(body.decode(), allowed_links(data)) == [], name
            assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//(?!arxiv\.org/|github\.com/example/)""",
                                 body.decode()), name
    assert 'href="https://arxiv.org/abs/2006.08217"' in pages["index.html"].decode()


def test_resource_scan_catches_remote_scripts_styles_and_images() -> None:
    """The scan reports remote src/href/srcset/CSS references and lets plain arXiv links through."""
    page = ('<link rel="stylesheet" href="https://cdn.example.org/a.css"><script src="//cdn.example.org/m.js">'
            '</script><img srcset="a.png 1x, http://x.org/b.png 2x"><div style="background:url(https://x.org/i)">'
            '</div><style>@import "https://x.org/s.css";</style><a href="https://arxiv.org/abs/1234.5678">ok</a>'
            '<a href="https://example.com/">not arXiv</a><img src="figures/local.svg">')
    found = remote_resources(page)
    assert len(found) == 6, found


def test_reproduce_command_names_the_profile_and_the_thorough_seed() -> None:
    """The command is `claimkit run ID --profile P`, with --seed for a thorough run."""
    data = _results()
    assert reproduce_command(data["claims"][0], data) == ("claimkit run alpha.first --profile ci", "")
    assert reproduce_command(data["claims"][2], data)[0] == "claimkit run beta.third --profile thorough --seed 1234"
    lost = dict(data["claims"][2], profile_seed=None, carried_over=True)
    command, note = reproduce_command(lost, data)
    assert command == "claimkit run beta.third --profile thorough" and "not recorded" in note


def test_report_command_renders_from_results_json_alone(results_dir: Path, tmp_path: Path) -> None:
    """`claimkit report --reports DIR` writes the pages from DIR/results.json."""
    assert cli.main(["--root", str(tmp_path), "report", "--reports", str(results_dir)]) == 0
    assert (results_dir / "index.html").is_file() and (results_dir / "claims" / "beta.fourth.md").is_file()


def test_report_command_without_results_json_fails_with_usage_status(tmp_path: Path, capsys: Any) -> None:
    """`claimkit report` on a directory without results.json exits 2 and says what to run."""
    assert cli.main(["--root", str(tmp_path), "report", "--reports", str(tmp_path / "none")]) == 2
    assert "claimkit run" in capsys.readouterr().err


def test_rendering_a_hundred_claims_writes_a_page_for_each(tmp_path: Path) -> None:
    """100 claims in seven families give 100 HTML and 100 Markdown pages (speed: `claimkit bench`)."""
    data = _results()
    base = data["claims"][0]
    data["claims"] = []
    for i in range(100):
        c = copy.deepcopy(base)
        c["id"] = f"family{i % 7}.claim_{i}"
        c["family"] = f"family{i % 7}"
        data["claims"].append(c)
    render_all(data, tmp_path / "out")
    assert len(list((tmp_path / "out" / "claims").glob("*.html"))) == 100
    assert len(list((tmp_path / "out" / "claims").glob("*.md"))) == 100


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the claim pages are split among forked processes")
@pytest.mark.parametrize("processes", [2, 3])
def test_rendering_in_several_processes_writes_the_same_pages_and_lists_them(processes: int,
                                                                              results_dir: Path) -> None:
    """`claimkit run -n N` splits the claim pages among N processes: every page is byte for byte the one
    a single process writes, a stale page is still removed, and the same paths are returned."""
    data = json.loads((results_dir / "results.json").read_text(encoding="utf-8"))
    data["claims"] = [dict(data["claims"][i % 4], id=f"family{i % 3}.claim_{i}") for i in range(11)]
    pages = {}
    for n in (1, processes):
        out = results_dir.parent / f"out{n}"
        (out / "claims").mkdir(parents=True)
        (out / "claims" / "gone.claim.md").write_text("stale", encoding="utf-8")
        written = render_all(data, out, processes=n)
        pages[n] = ({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()},
                    sorted(p.relative_to(out).as_posix() for p in written))
    assert pages[processes] == pages[1]
    files, written = pages[1]
    assert "claims/gone.claim.md" not in files
    assert len([f for f in files if f.startswith("claims/")]) == 22 and written == sorted(files)


def test_rendering_in_no_process_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="processes must be at least 1, not 0"):
        render_all(_results(), tmp_path, processes=0)


def test_regression_cases_are_listed_with_their_check(tmp_path: Path) -> None:
    """A check's regression cases appear on its claim page, in HTML and in Markdown."""
    data = _results()
    data["claims"][0]["checks"][0]["regressions"] = [{"x": {"value": 1001, "repr": "1001"}}]
    render_all(data, tmp_path / "out")
    html = (tmp_path / "out" / "claims" / "alpha.first.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "claims" / "alpha.first.md").read_text(encoding="utf-8")
    assert "regression cases" in html and "<code>x=1001</code>" in html
    assert "at most 30 drawn + 1 regression case;" in html
    assert "Regression cases, tried first in every run: `x=1001`" in md
    assert "regression cases" not in (tmp_path / "out" / "claims" / "alpha.second.html").read_text(encoding="utf-8")


def test_markdown_claim_page_handles_a_load_error_record() -> None:
    """A module that failed to load still gets a readable page with its traceback."""
    from claimkit.results import load_error_record

    rec = dict(load_error_record("theorems.broken", "Traceback: ImportError ```boom```"), carried_over=False)
    md = render_claim_md(rec, _results())
    assert "‼ error" in md and "ImportError" in md and "```boom```" not in md


def test_markdown_code_span_survives_backticks_pipes_and_line_breaks() -> None:
    """A code span is fenced with two backticks (padded when it starts or ends with one), pipes escaped."""
    assert _md_code("a|b") == "`a\\|b`"
    assert _md_code("x`y") == "``x`y``"
    assert _md_code("`x`") == "`` `x` ``"
    assert _md_code("a\n   b ") == "`a b`"


def test_markdown_math_is_latex_only_for_steps_sympy_rendered() -> None:
    """A step is ``$`…`$`` from its LaTeX when it has MathML; plain text, or LaTeX with a dollar, is a code span."""
    assert _md_math({"text": "x**2", "latex": "x^{2}", "mathml": "<mi>x</mi>"}) == "$`x^{2}`$"
    assert _md_math({"text": "x**2", "latex": "x^{2}", "mathml": ""}) == "`x**2`"
    assert _md_math({"text": "cost", "latex": "\\$5", "mathml": "<mi>x</mi>"}) == "`cost`"
    assert _md_math({"text": "a", "latex": "a `b`", "mathml": "<mi>a</mi>"}) == "$a `b`$"


def test_markdown_block_defuses_fences_and_is_followed_by_a_blank_line() -> None:
    """A traceback is a ```text block with inner fences turned to quotes, then one blank line."""
    assert _md_block("Trace\n```x```\n\n") == "```text\nTrace\n'''x'''\n```"
    from claimkit.results import load_error_record

    rec = dict(load_error_record("theorems.broken", "ImportError ```boom```\n"), carried_over=False)
    md = render_claim_md(rec, _results())
    assert "```text\nImportError '''boom'''\n```\n\n## Derivation\n\n" in md


def test_markdown_index_without_claims_ends_after_the_verdict_line() -> None:
    """The index of an empty run is its header and verdict line, ending in a single newline."""
    data = dict(_results(), claims=[], summary={"claims": 0, "by_verdict": {}})
    assert render_index_md(data) == (
        "# claimkit report\n\nGenerated 2026-01-01T00:00:00Z · profile `ci` · 0 claims · 0 as expected · "
        "mutants killed 0/0\n\nDoes the paper hold?  (over the papers' own statements)\n\n"
        "Verdicts on the statements as tested: \n"
    )


def test_markdown_mutant_row_lists_the_problem_then_the_outcomes() -> None:
    """A broken mutant's last cell is its problem, then its checks' outcomes; with neither it is a dash."""
    data = _results()
    rec = _claim("alpha.mutants", mutants=[
        {"name": "raises", "description": "d", "killed": False, "problem": "TypeError | x",
         "outcomes": {"matches_ground_truth": "error"}},
        {"name": "blank", "description": "d", "killed": False, "problem": "  ", "outcomes": {}},
    ])
    md = render_claim_md(rec, data)
    assert "| `raises` | d | broken | TypeError \\| x; `matches_ground_truth` error |\n" in md
    assert "| `blank` | d | broken | — |\n" in md
    assert md.endswith("| run at | 2026-01-01T00:00:00Z |\n")


def test_the_markdown_index_links_a_paper_only_to_a_web_address(results_dir: Path) -> None:
    """A paper whose url is not http(s) (javascript:, file:) gets no link in index.md, as in the HTML."""
    data = json.loads((results_dir / "results.json").read_text(encoding="utf-8"))
    for c in data["claims"]:
        c["paper"]["url"] = "javascript:alert(1)"
    index = render_index_md(data)
    assert "javascript:" not in index
    assert "## " in index


@pytest.mark.parametrize(("a", "b", "shown"), [
    (1.4000000000000001, 1.8, ("1.4", "1.8")),
    (1.8219041379995307, 2.8951252383406243, ("1.8219", "2.89513")),
    (1.0000001, 1.0000002, ("1.0000001", "1.0000002")),
    (2, 3, ("2", "3")),
])
def test_two_numbers_show_at_the_precision_that_tells_them_apart(a: float, b: float, shown: tuple[str, str]) -> None:
    """Six significant digits, more only when the two agree to six; never float noise."""
    from claimkit.report_html import fmt_pair

    assert fmt_pair(a, b) == shown


def test_text_with_inline_latex_becomes_escaped_text_and_mathml() -> None:
    """Prose is escaped, each $…$ formula becomes sanitized MathML, and nothing of the TeX source shows."""
    from claimkit.report_html import math_html

    html = str(math_html(r"for <b> and $\Delta_{y,c} = a_y - a_c$"))
    assert html.startswith("for &lt;b&gt; and <math")
    assert "<msub><mi>Δ</mi><mrow><mi>y</mi><mo>,</mo><mi>c</mi></mrow></msub>" in html
    assert "_{" not in html and "\\Delta" not in html


def test_index_statements_are_cut_between_formulas_never_inside_one() -> None:
    """A long statement is shortened at a word or before a formula, so its $…$ pairs stay balanced."""
    from claimkit.mathtext import problems
    from claimkit.report_html import short_math

    text = "word " * 30 + r"$\frac{1}{2}$ and " + "more " * 20
    short = short_math(text, 160)
    assert short.endswith(" …") and problems(short) == [] and len(short) <= 170
    assert short_math(r"short $x_i$", 160) == r"short $x_i$"


def test_claim_ids_break_after_dots_and_underscores() -> None:
    """Long ids wrap at their dots (and underscores) rather than mid-word."""
    from claimkit.report_html import wrap_id

    assert str(wrap_id("layernorm.table1.batch_case")) == "layernorm.<wbr>table1.<wbr>batch_<wbr>case"


def test_a_partial_run_says_so_and_adds_only_its_own_claim_times(results_dir: Path) -> None:
    """Carried-over claims are named in the header; the run's claim time leaves their seconds out."""
    index_html = _render(results_dir)["index.html"].decode()
    assert "<strong>Partial run:</strong> this run ran 3 claims; 1 is carried over from earlier runs" in index_html
    assert '<code>beta.<wbr>fourth</code></a> <span class="muted">(ci, 2026-01-01T00:00:00Z)</span>' in index_html
    assert "claim time of this run 0.90 s" in index_html


def test_a_claim_page_says_when_and_how_its_evidence_was_produced(results_dir: Path) -> None:
    """Provenance per claim: time, profile and seed, command; a carried-over claim says it is one."""
    pages = _render(results_dir)
    third = pages["claims/beta.third.html"].decode()
    assert "<tr><th>profile</th><td><code>thorough</code>, seed <code>1234</code></td></tr>" in third
    fourth = pages["claims/beta.fourth.html"].decode()
    assert "2026-01-01T00:00:00Z (carried over from an earlier run)" in fourth


def test_a_refuted_claim_shows_its_witness_before_the_verdict_with_the_example_that_found_it(
        results_dir: Path) -> None:
    """The witness comes first: inputs, the two sides, the re-verification; "fails at the first example
    tried" instead of "0 valid examples"."""
    second = _render(results_dir)["claims/alpha.second.html"].decode()
    assert second.index('id="witness"') < second.index('class="verdictbox')
    assert "the first example tried fails" in second and "0 valid of 1" not in second
    assert "at 50 digits |difference| = 1.0732" in second


def test_a_long_derivation_step_is_folded_and_a_short_one_is_not(results_dir: Path) -> None:
    """A step whose expression runs longer than LONG_EXPRESSION characters is folded under a summary."""
    from claimkit.report_html import LONG_EXPRESSION

    data = json.loads((results_dir / "results.json").read_text(encoding="utf-8"))
    x = sp.Symbol("x")
    long_expr = sum(x**k / sp.factorial(k) for k in range(60))
    assert len(str(long_expr)) > LONG_EXPRESSION
    data["claims"][0]["derivations"][0]["steps"].insert(0, _step("series", long_expr, "definition"))
    write_json_atomic(data, results_dir / "results.json")
    page = _render(results_dir)["claims/alpha.first.html"].decode()
    assert page.count('<details class="long">') == 1
    assert f"a long expression ({len(str(long_expr))} characters): show it" in page


def test_warming_converts_each_text_with_inline_latex_in_a_record_and_leaves_the_page_unchanged(
        tmp_path: Path) -> None:
    """warm_math (run by the controller of an -n N run as records arrive) converts every string with a
    ``$`` anywhere in the record and sanitizes every step's MathML, and the claim page rendered after it is
    the page rendered without it."""
    from claimkit.report_html import _math_html, render_claim_html, warm_math

    record = {"statement": "For $x > 0$, …", "notes": "no formula here",
              "checks": [{"description": "$a^2$ and $b$", "tolerance": 1e-9}], "seconds": 0.1,
              "derivations": [{"steps": [{"text": "x**2", "mathml": "<msup><mi>x</mi><mn>2</mn></msup>"}]}]}
    for cache in (_math_html, sanitize_mathml):
        cache.cache_clear()
    assert warm_math(record) == 2
    assert _math_html.cache_info().currsize == 2
    assert sanitize_mathml.cache_info().currsize == 4  # the three formulas of the texts and the step's MathML
    assert sanitize_mathml.cache_info().hits == 0
    assert str(sanitize_mathml("<msup><mi>x</mi><mn>2</mn></msup>")) == (
        '<math display="inline" displaystyle="true"><msup><mi>x</mi><mn>2</mn></msup></math>')

    data = _results()
    claim = data["claims"][0]
    claim["notes"] = r"With $\beta \in (0, 1)$ and $\eta > 0$."
    for cache in (_math_html, sanitize_mathml):
        cache.cache_clear()
    cold = render_claim_html(claim, data, tmp_path)
    for cache in (_math_html, sanitize_mathml):
        cache.cache_clear()
    assert warm_math(claim) >= 1
    assert render_claim_html(claim, data, tmp_path) == cold
    assert "<math" in cold
