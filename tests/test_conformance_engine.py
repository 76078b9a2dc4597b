"""Conformance in the engine: families that need installed packages, claims that run another claim's
checks against an implementation, and the package pages of the report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import hypothesis
import pytest

from claimkit import Claim, Implementation, Paper
from claimkit.conformance import parse_requirement, unmet_requirements
from claimkit.model import Registry
from claimkit.profiles import resolve_profile
from claimkit.project import load_project, project_at
from claimkit.runner import Session

WriteTree = Callable[[Path, dict[str, str]], Path]
HYPOTHESIS = f"hypothesis=={hypothesis.__version__}"

BASE = '''
from claimkit import Claim, Paper
PAPER = Paper(title="Doubling", authors=("A. Author",), year=2026, arxiv="2601.00001")
DOUBLE = Claim(id="alpha.double", paper=PAPER, location="Eq. 1", statement="$2x = x + x$",
               kind="identity", expected="supported", subject=lambda x: 2 * x)
DOUBLE.mutant("triple", "$3x$", lambda x: 3 * x)
'''

BASE_CHECKS = '''
from hypothesis import strategies as st
from ...theorems.alpha.claims import DOUBLE

@DOUBLE.check(given={"x": st.integers(-9, 9)}, examples=5, confirm="exact")
def matches_sum(subject, ev, x):
    """2x = x + x."""
    ev.close(subject(x), x + x)
'''

PAIR = '''
from claimkit import Claim, Implementation
from ...checks.alpha import core  # attaches alpha.double's checks before they are reused
from ..alpha.claims import DOUBLE, PAPER

IMPL = Implementation(package="hypothesis", version="{version}", api="operator.mul",
                      mapping="$x$ is passed as is")
PAIR = Claim(id="beta.double_mul", paper=PAPER, location=DOUBLE.location, statement=DOUBLE.statement,
             kind="identity", expected="{expected}", subject={subject}, origin="suite", implementation=IMPL)
PAIR.reuse_check(DOUBLE, "matches_sum")
PAIR.mutant("off_by_one", "$2x + 1$", lambda x: 2 * x + 1)
'''


def project(root: Path, write_tree: WriteTree, requires: str, *, version: str = hypothesis.__version__,
            subject: str = "lambda x: 2 * x", expected: str = "supported") -> Path:
    return write_tree(root, {
        "pyproject.toml": "[tool.claimkit]\n",
        "theorems/__init__.py": "", "checks/__init__.py": "",
        "theorems/alpha/__init__.py": "", "theorems/alpha/claims.py": BASE,
        "checks/alpha/__init__.py": "", "checks/alpha/core.py": BASE_CHECKS,
        "theorems/beta/__init__.py": f"REQUIRES = {requires}\n",
        "theorems/beta/claims.py": PAIR.format(version=version, subject=subject, expected=expected),
    })


def load(root: Path) -> Registry:
    return load_project(project_at(root))


def test_a_family_whose_pinned_requirement_is_missing_is_left_out_with_the_reason(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    project(tmp_path, write_tree, '("claimkit-no-such-package==1.0",)')
    registry = load(tmp_path)
    assert registry.unavailable == {"beta": "needs claimkit-no-such-package==1.0 (not installed)"}
    assert (sorted(registry.claims), registry.family_errors) == (["alpha.double"], {})
    assert registry.unknown(["beta"]) == ["family beta was left out: it needs claimkit-no-such-package==1.0 "
                                          "(not installed) (install them to run its claims)"]


def test_a_family_is_left_out_when_its_package_is_installed_at_another_version(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    project(tmp_path, write_tree, '("hypothesis==0.0.1",)')
    assert load(tmp_path).unavailable == {"beta": f"needs hypothesis==0.0.1 (installed: {hypothesis.__version__})"}


def test_a_conformance_claim_runs_the_reused_check_against_its_adapter_with_its_own_verdict(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    """The pair runs alpha.double's check on its own subject; its mutant proves the check can fail there."""
    project(tmp_path, write_tree, f'("{HYPOTHESIS}",)', subject="__import__('functools').partial("
                                                                 "__import__('operator').mul, 2)")
    registry = load(tmp_path)
    assert (registry.unavailable, registry.family_errors) == ({}, {})
    rec = Session(resolve_profile("ci"), None).record(registry.get("beta.double_mul")).to_json()
    assert (rec["verdict"], rec["problems"]) == ("supported", [])
    assert [(k["name"], k["valid_examples"]) for k in rec["checks"]] == [("matches_sum", 5)]
    assert [(m["name"], m["killed"]) for m in rec["mutants"]] == [("off_by_one", True)]
    assert rec["implementation"] == {"package": "hypothesis", "version": hypothesis.__version__,
                                     "api": "operator.mul", "mapping": "$x$ is passed as is",
                                     "slug": f"hypothesis-{hypothesis.__version__}",
                                     "installed": hypothesis.__version__}


def test_an_implementation_that_breaks_the_statement_is_refuted_for_that_package_alone(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    project(tmp_path, write_tree, f'("{HYPOTHESIS}",)', subject="lambda x: x * x", expected="refuted")
    registry = load(tmp_path)
    session = Session(resolve_profile("ci"), None)
    pair, base = (session.record(registry.get(i)).to_json() for i in ("beta.double_mul", "alpha.double"))
    assert (pair["verdict"], base["verdict"]) == ("refuted", "supported")


def test_a_claim_about_a_package_its_family_does_not_require_is_a_load_error(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    project(tmp_path, write_tree, "()")
    message = load(tmp_path).family_errors["beta"]
    assert message.startswith("theorems/beta/claims.py:7: claim beta.double_mul runs against "
                              f"{HYPOTHESIS}: add it to REQUIRES in theorems/beta/__init__.py")


@pytest.mark.parametrize(("requires", "message"), [
    ('("hypothesis>=6",)', "pin an exact version"),
    ('"hypothesis==6.0.0"', "REQUIRES must be a tuple of pinned requirements"),
])
def test_requires_is_validated(tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry, requires: str,
                               message: str) -> None:
    project(tmp_path, write_tree, requires)
    assert message in load(tmp_path).family_errors["beta"]


def test_reusing_a_check_the_base_claim_does_not_have_says_which_it_has(registry_snapshot) -> None:
    from claimkit.model import ClaimDefinitionError

    paper = Paper(title="P", authors=("A",), year=2026)
    base = Claim(id="gamma.base", paper=paper, location="Eq. 1", statement="s", kind="identity", expected="supported")
    other = Claim(id="gamma.other", paper=paper, location="Eq. 1", statement="s", kind="identity",
                  expected="supported")
    with pytest.raises(ClaimDefinitionError, match=r"gamma.base has no check 'nope' \(its checks: none\)"):
        other.reuse_check(base, "nope")


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: Implementation("adamp", "0.3", "adamp.SGDP", ""), ValueError, "mapping= says how"),
    (lambda: Implementation("adamp", "0.3", " ", "m"), ValueError, "api= names what the adapter calls"),
    (lambda: Implementation("adamp", ">=0.3", "adamp.SGDP", "m"), ValueError, "pin an exact version"),
    (lambda: Claim(id="gamma.paper_pair", paper=Paper(title="P", authors=("A",), year=2026), location="Eq. 1",
                   statement="s", kind="identity", expected="supported",
                   implementation=Implementation("adamp", "0.3.0", "adamp.SGDP", "m")),
     ValueError, "declare it with origin='suite'"),
])
def test_an_implementation_is_validated(registry_snapshot, make, error, message) -> None:
    with pytest.raises(error, match=message):
        make()


def test_requirements_compare_releases_not_local_build_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    """torch's CPU wheel reports 2.13.0+cpu: it is the release 2.13.0."""
    import claimkit.conformance as conformance

    monkeypatch.setattr(conformance, "installed_version", lambda package: "2.13.0+cpu")
    assert unmet_requirements(["torch==2.13.0"]) == []
    assert unmet_requirements(["torch==2.14.1"]) == ["torch==2.14.1 (installed: 2.13.0+cpu)"]
    assert parse_requirement(" lion-pytorch==0.2.5 ") == ("lion-pytorch", "0.2.5")


def test_the_report_gives_each_package_a_page_linked_from_its_papers(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    from claimkit.report_html import render
    from claimkit.results import assemble

    project(tmp_path / "p", write_tree, f'("{HYPOTHESIS}",)', subject="lambda x: x * x", expected="refuted")
    registry = load(tmp_path / "p")
    session = Session(resolve_profile("ci"), None)
    records = [session.record(c).to_json() for c in registry.select([])]
    data = assemble(records, profile={"name": "ci", "seed": 0}, root=tmp_path, unavailable={"zeta": "needs x==1"})
    render(data, tmp_path / "out")
    page = (tmp_path / "out" / "implementations" / f"hypothesis-{hypothesis.__version__}.html").read_text()
    assert "0 of 1 claim hold for it." in page and 'id="deviation-beta.double_mul"' in page
    assert "Inputs where it departs" in page and "operator.mul" in page
    paper = (tmp_path / "out" / "papers" / "2601-00001.html").read_text()
    assert f'href="../implementations/hypothesis-{hypothesis.__version__}.html"' in paper
    index = (tmp_path / "out" / "index.html").read_text()
    assert 'id="unavailable-zeta"' in index and "needs x==1" in index


def test_list_names_the_families_left_out_and_why(tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """`claimkit list` ends with one line per family left out; `list --family` of one says why it is empty."""
    from claimkit import cli

    project(tmp_path, write_tree, '("claimkit-no-such-package==1.0",)')
    assert cli.main(["--root", str(tmp_path), "list"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "alpha.double" in out and out.rstrip().endswith(
        "family beta left out: it needs claimkit-no-such-package==1.0 (not installed) (install them to list its "
        "claims)")
    assert cli.main(["--root", str(tmp_path), "list", "--family", "beta"]) == cli.EXIT_USAGE
    assert "family beta was left out: it needs claimkit-no-such-package==1.0" in capsys.readouterr().err
