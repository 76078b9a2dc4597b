"""The HTML report in a real browser (headless Chromium), offline.

A scaffolded family is run in a temporary project; Chromium loads its index and claim page from
disk with host resolution disabled (``MAP * ~NOTFOUND``), dumps the DOM, saves screenshots under the
report directory and writes a net log. The tests check what a reader sees (claims, verdicts,
MathML, the figure) and that the page asked for nothing but local files: no request from the page
to a remote address, and no connection or DNS query by the browser at all.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimkit.report_html import allowed_links, remote_resources

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Net-log events that mean bytes went to the network (or were about to): any of them fails the test.
WIRE_EVENTS = {
    "TCP_CONNECT", "TCP_CONNECT_ATTEMPT", "UDP_BYTES_SENT", "SOCKET_BYTES_SENT", "DNS_TRANSACTION_ATTEMPT",
    "HTTP_TRANSACTION_SEND_REQUEST", "HTTP_TRANSACTION_SEND_REQUEST_HEADERS", "SSL_HANDSHAKE_MESSAGE_SENT",
    "QUIC_SESSION_PACKET_SENT",
}
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome:", "chrome-extension:", "devtools:")


def _find_browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    reason = "no Chromium found (Debian: apt-get install -y chromium); the real-browser report test needs it"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> str:
    return _find_browser()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, new_project: Any, run_clean: Any) -> Path:
    """The reports directory of a small real run: one scaffolded family."""
    project = new_project(tmp_path_factory.mktemp("browser") / "project")
    made = run_clean([sys.executable, "-m", "claimkit.cli", "new", "demo", "--paper", "2006.08217"], project)
    assert made.returncode == 0, made.stderr
    run = run_clean([sys.executable, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider"], project)
    assert run.returncode == 0, run.stdout + run.stderr
    return project / "reports"


def load(browser: str, page: Path, shots: Path, tmp: Path, *, width: int = 1280,
         shot: str | None = None) -> tuple[str, dict[str, Any]]:
    """Load ``page`` headless at ``width`` px; return the DOM after load and the net log. Saves a
    screenshot in ``shots`` (named ``shot``, default the page's name)."""
    shots.mkdir(parents=True, exist_ok=True)
    name = shot or page.stem
    profile = tmp / f"profile-{name}"
    netlog = tmp / f"{name}.netlog.json"
    cmd = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--no-default-browser-check", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={netlog}", f"--screenshot={shots / (name + '.png')}", f"--window-size={width},2000",
        "--dump-dom", page.resolve().as_uri(),
    ]
    env = dict(os.environ, HOME=str(tmp))
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, json.loads(netlog.read_text(encoding="utf-8"))


_MEASURE = ("<script>document.body.dataset.overflow = String(document.documentElement.scrollWidth - "
            "document.documentElement.clientWidth);</script></body>")


def horizontal_overflow(browser: str, page: Path, width: int, tmp: Path) -> int:
    """How many px the page is wider than a ``width`` px window (a copy of the page with one measuring
    script added, loaded from a scratch folder)."""
    copy = tmp / f"measure-{width}-{page.name}"
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE, 1), encoding="utf-8")
    dom, _ = load(browser, copy, tmp / "measure-shots", tmp, width=width, shot=f"measure-{width}-{page.stem}")
    found = re.search(r'data-overflow="(-?\d+)"', dom)
    assert found, "the measuring script did not run"
    return int(found.group(1))


_TEX = re.compile(r"_\{|\^\{|\\frac|<code class=\"tex\">")


def raw_tex(dom: str) -> list[str]:
    """Raw TeX a reader would see: ``_{``, ``^{``, ``\\frac`` outside MathML (and figures' drawings), or a
    formula left as code."""
    text = re.sub(r"<(math|script|style|svg)\b.*?</\1>|<!--.*?-->", "", dom, flags=re.S)
    return sorted({text[max(m.start() - 40, 0):m.end() + 40] for m in _TEX.finditer(text)})


def page_requests(log: dict[str, Any]) -> list[str]:
    """URLs the page itself asked for (requests the browser makes for its own services excluded)."""
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for e in log["events"]:
        p = e.get("params") or {}
        if names.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in p:
            continue
        own = p.get("initiator") == "not an origin" and "file://" not in str(p.get("network_isolation_key"))
        if not own:
            urls.append(p["url"])
    return urls


def wire_events(log: dict[str, Any]) -> list[str]:
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    return sorted({names.get(e["type"], "?") for e in log["events"]} & WIRE_EVENTS)


def test_index_page_shows_claims_and_findings_offline(browser: str, report: Path, tmp_path: Path) -> None:
    """The index lists the claim with its finding badge; nothing is fetched and nothing leaves the machine."""
    dom, log = load(browser, report / "index.html", report / "screenshots", tmp_path)
    rows = re.findall(r'<tr class="claim-row[^"]*" data-finding="([a-z ]+)" data-family="([a-z_0-9]+)"', dom)
    assert rows == [("holds", "demo")]
    assert 'href="claims/demo.logsumexp_gradient.html"' in dom
    assert re.search(r'<span class="badge f-holds">✔ holds</span>', dom)
    assert all(u.startswith(LOCAL_SCHEMES) for u in page_requests(log)), page_requests(log)
    assert wire_events(log) == []
    assert (report / "screenshots" / "index.png").stat().st_size > 10_000


def test_claim_page_renders_math_and_figure_offline(browser: str, report: Path, tmp_path: Path) -> None:
    """The claim page has its statement and MathML steps typeset, the inline SVG figure, and loads nothing remote."""
    page = report / "claims" / "demo.logsumexp_gradient.html"
    dom, log = load(browser, page, report / "screenshots", tmp_path)
    assert '<span class="badge big f-holds">✔ holds</span> <strong>the paper holds</strong>' in dom
    statement = re.search(r'<blockquote class="statement" id="statement">(.*?)</blockquote>', dom, re.S)
    assert statement and statement.group(1).count("<math") == 2 and "<mfrac>" in statement.group(1)
    assert "<mfrac>" in dom and dom.count("✓ sympy expand") == 3 and raw_tex(dom) == []
    figure = re.search(r'<figure id="figure-difference_step">(.*?)</figure>', dom, re.S)
    assert figure and "<svg" in figure.group(1) and figure.group(1).count("<path") > 10
    assert "unnormalised" in dom and "killed" in dom
    assert "claimkit run demo.logsumexp_gradient --profile ci" in dom
    assert all(u.startswith(LOCAL_SCHEMES) for u in page_requests(log)), page_requests(log)
    assert wire_events(log) == []
    assert (report / "screenshots" / "demo.logsumexp_gradient.png").stat().st_size > 10_000


def test_report_html_has_no_remote_resource_reference(report: Path) -> None:
    """A static scan of every page finds no http(s) resource, only arXiv and code hyperlinks."""
    data = json.loads((report / "results.json").read_text(encoding="utf-8"))
    pages = sorted(report.rglob("*.html"))
    assert [p.relative_to(report).as_posix() for p in pages] == [
        "claims/demo.logsumexp_gradient.html", "index.html", "papers/2006-08217.html"]
    for page in pages:
        assert remote_resources(page.read_text(encoding="utf-8"), allowed_links(data)) == [], page


def test_a_remote_resource_would_be_caught(browser: str, tmp_path: Path) -> None:
    """Control: a page with a remote image and script shows up in the page's requests and the scan."""
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="http://example.invalid/x.png">'
                   '<script src="https://cdn.example.invalid/m.js"></script></body></html>', encoding="utf-8")
    _, log = load(browser, bad, tmp_path / "shots", tmp_path)
    remote = [u for u in page_requests(log) if not u.startswith(LOCAL_SCHEMES)]
    assert sorted(remote) == ["http://example.invalid/x.png", "https://cdn.example.invalid/m.js"]
    assert len(remote_resources(bad.read_text(encoding="utf-8"))) == 2
    assert wire_events(log) == []  # host resolution is disabled: even this page reaches nothing


PROJECT_REPORTS = Path(__file__).resolve().parent.parent / "reports"

#: The pages of the project's report a reader opens first: one of each kind.
PROJECT_PAGES = {
    "index": "index.html",
    "paper": "papers/1607-06450.html",
    "proved": "claims/layernorm.table1.layer_w_matrix_rescaling.html",
    "refuted": "claims/layernorm.table1.batch_case_rescaling.html",
    "conditional": "claims/layernorm.data_rescaling_all_methods.html",
}


@pytest.fixture(scope="module")
def project_results() -> dict[str, Any]:
    results = PROJECT_REPORTS / "results.json"
    if not results.exists():
        reason = "reports/results.json is missing: run the README's main command (claimkit run) first"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    data: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    return data


def test_project_index_answers_does_the_paper_hold_for_every_claim_offline(
        browser: str, project_results: dict[str, Any], tmp_path: Path) -> None:
    """After the README's main command, the index shows every claim with its finding: all 18 cells of
    Layer Normalization's Table 1 hold, and every statement false as the paper makes it says so."""
    shots = PROJECT_REPORTS / "screenshots"
    dom, log = load(browser, PROJECT_REPORTS / "index.html", shots, tmp_path, width=1400, shot="index-1400")
    rows = re.findall(r'<tr class="claim-row[^"]*" data-finding="([a-z ,]+)"[^>]*>\s*<td class="cid">'
                      r'<a href="claims/([^"]+)\.html">.*?<span class="badge f-[a-z]+">([^<]+)</span>', dom, re.S)
    shown = {cid: finding for finding, cid, _ in rows}
    badges = {cid: badge for _, cid, badge in rows}
    assert shown == {c["id"]: c["finding"] for c in project_results["claims"]}
    cells = {cid: f for cid, f in shown.items() if re.fullmatch(r"layernorm\.table1\.[a-z]+_[a-z_]+", cid)}
    assert len(cells) == 18 and set(cells.values()) == {"holds"}
    wrong = {c["id"] for c in project_results["claims"] if c["origin"] == "paper"
             and (c["stance"], c["verdict"]) in {("asserts", "refuted"), ("asserts", "conditional"),
                                                 ("denies", "proved"), ("denies", "supported")}}
    assert wrong and {cid: badges[cid] for cid in wrong if not badges[cid][2:].startswith("wrong as stated")} == {}
    assert raw_tex(dom) == []
    assert all(u.startswith(LOCAL_SCHEMES) for u in page_requests(log)), page_requests(log)
    assert wire_events(log) == []


@pytest.mark.parametrize("width", [1400, 800])
@pytest.mark.parametrize("kind", list(PROJECT_PAGES))
def test_project_pages_read_at_desktop_and_narrow_widths(
        browser: str, project_results: dict[str, Any], tmp_path: Path, kind: str, width: int) -> None:
    """The index, a paper page and a proved, a refuted and a conditional claim, at 1400 and 800 px: no raw
    TeX, the statement typeset, nothing remote; screenshots go to reports/screenshots."""
    page = PROJECT_REPORTS / PROJECT_PAGES[kind]
    dom, log = load(browser, page, PROJECT_REPORTS / "screenshots", tmp_path, width=width, shot=f"{kind}-{width}")
    assert raw_tex(dom) == []
    assert wire_events(log) == [] and all(u.startswith(LOCAL_SCHEMES) for u in page_requests(log))
    if kind != "index" and kind != "paper":
        statement = re.search(r'<blockquote class="statement" id="statement">(.*?)</blockquote>', dom, re.S)
        assert statement and "<math" in statement.group(1)
    if kind == "index":
        assert horizontal_overflow(browser, page, width, tmp_path) <= 0
    assert (PROJECT_REPORTS / "screenshots" / f"{kind}-{width}.png").stat().st_size > 10_000


def test_project_refutation_shows_its_witness_as_values(browser: str, project_results: dict[str, Any],
                                                        tmp_path: Path) -> None:
    """The refuted page shows the witness first: the matrices the check drew, by name and as numbers."""
    claim = next(c for c in project_results["claims"] if c["id"] == "layernorm.table1.batch_case_rescaling")
    cx = next(k["counterexample"] for k in claim["checks"] if k["confirmed"])
    matrices = {name: v for name, v in cx["shown"].items() if len(v.get("shape") or []) == 2}
    assert matrices, "the check shows no matrix of its counterexample"
    dom, _ = load(browser, PROJECT_REPORTS / PROJECT_PAGES["refuted"], tmp_path / "shots", tmp_path)
    witness = re.search(r'<div class="cx witness" id="witness">(.*?)</div>\s*<div class="verdictbox', dom, re.S)
    assert witness, "no witness section before the verdict"
    for name, v in matrices.items():
        assert f"<code>{html.escape(name, quote=False)}</code>" in witness.group(1)
        first = v["value"][0][0]
        assert f"<td>{first:.6g}</td>" in witness.group(1)


def test_project_pages_show_no_raw_tex(project_results: dict[str, Any]) -> None:
    """Every page of the project's report (static scan): no raw ``_{``, ``^{`` or ``\\frac`` outside MathML."""
    pages = sorted(PROJECT_REPORTS.rglob("*.html"))
    assert len(pages) == 1 + len(project_results["claims"]) + len({c["paper"]["title"]
                                                                   for c in project_results["claims"]})
    bad = {p.relative_to(PROJECT_REPORTS).as_posix(): raw_tex(p.read_text(encoding="utf-8")) for p in pages}
    assert {name: found for name, found in bad.items() if found} == {}


def test_project_counterexamples_drawn_from_a_seed_show_what_was_built(project_results: dict[str, Any]) -> None:
    """Every counterexample whose drawn inputs include a seed also shows the values its check built
    from it (ev.show): a reader sees the witness, not "seed 0"."""
    seeded = [(c["id"], k["name"], k["counterexample"]) for c in project_results["claims"] for k in c["checks"]
              if k.get("counterexample") and any("seed" in name for name in k["counterexample"]["inputs"])]
    assert seeded
    assert [(cid, name) for cid, name, cx in seeded if not cx.get("shown")] == []
