"""The HTML report in a real browser (headless Chromium), offline.

A scaffolded family is run in a temporary project; Chromium loads its index and claim page from
disk with host resolution disabled (``MAP * ~NOTFOUND``), dumps the DOM, saves screenshots under the
report directory and writes a net log. The tests check what a reader sees (claims, verdicts,
MathML, the figure) and that the page asked for nothing but local files: no request from the page
to a remote address, and no connection or DNS query by the browser at all.
"""

from __future__ import annotations

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


def load(browser: str, page: Path, shots: Path, tmp: Path) -> tuple[str, dict[str, Any]]:
    """Load ``page`` headless; return the DOM after load and the net log. Saves a screenshot in ``shots``."""
    shots.mkdir(parents=True, exist_ok=True)
    profile = tmp / f"profile-{page.stem}"
    netlog = tmp / f"{page.stem}.netlog.json"
    cmd = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--no-default-browser-check", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={netlog}", f"--screenshot={shots / (page.stem + '.png')}", "--window-size=1280,2000",
        "--dump-dom", page.resolve().as_uri(),
    ]
    env = dict(os.environ, HOME=str(tmp))
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, json.loads(netlog.read_text(encoding="utf-8"))


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


def test_index_page_shows_claims_and_verdicts_offline(browser: str, report: Path, tmp_path: Path) -> None:
    """The index lists the claim with its verdict badge; nothing is fetched and nothing leaves the machine."""
    dom, log = load(browser, report / "index.html", report / "screenshots", tmp_path)
    rows = re.findall(r'<tr class="claim-row[^"]*" data-verdict="([a-z]+)" data-family="([a-z_0-9]+)"', dom)
    assert rows == [("proved", "demo")]
    assert 'href="claims/demo.logsumexp_gradient.html"' in dom
    assert re.search(r'<span class="badge v-proved">✔ proved</span>', dom)
    assert all(u.startswith(LOCAL_SCHEMES) for u in page_requests(log)), page_requests(log)
    assert wire_events(log) == []
    assert (report / "screenshots" / "index.png").stat().st_size > 10_000


def test_claim_page_renders_math_and_figure_offline(browser: str, report: Path, tmp_path: Path) -> None:
    """The claim page has MathML steps and the inline SVG figure, and loads nothing remote."""
    page = report / "claims" / "demo.logsumexp_gradient.html"
    dom, log = load(browser, page, report / "screenshots", tmp_path)
    assert '<span class="badge big v-proved" id="verdict">✔ proved</span>' in dom
    assert len(re.findall(r"<math\b", dom)) == 4 and "<mfrac>" in dom and dom.count("✓ sympy simplify") == 3
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
    assert len(pages) == 2
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


def test_project_report_shows_every_claim_offline(browser: str, tmp_path: Path) -> None:
    """After the README's main command, the project's index shows every claim with its verdict, a claim
    page shows its mathematics and figure, nothing leaves the machine; screenshots go to reports/screenshots."""
    results = PROJECT_REPORTS / "results.json"
    if not results.exists():
        reason = "reports/results.json is missing: run the README's main command (claimkit run) first"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    data = json.loads(results.read_text(encoding="utf-8"))
    shots = PROJECT_REPORTS / "screenshots"
    dom, log = load(browser, PROJECT_REPORTS / "index.html", shots, tmp_path)
    rows = re.findall(r'<tr class="claim-row[^"]*" data-verdict="([a-z]+)"[^>]*>\s*<td class="cid">'
                      r'<a href="claims/[^"]+\.html"><code>([^<]+)</code>', dom)
    assert sorted((cid, v) for v, cid in rows) == sorted((c["id"], c["verdict"]) for c in data["claims"])
    assert all(u.startswith(LOCAL_SCHEMES) for u in page_requests(log)), page_requests(log)
    assert wire_events(log) == []
    shown = next(c for c in data["claims"]
                 if c["derivation"]["status"] == "closed" and any(f.get("path") for f in c["figures"]))
    page_dom, page_log = load(browser, PROJECT_REPORTS / "claims" / f"{shown['id']}.html", shots, tmp_path)
    assert "<math" in page_dom and "<svg" in page_dom and shown["verdict"] in page_dom
    assert wire_events(page_log) == []
    assert (shots / "index.png").stat().st_size > 10_000
