"""`claimkit new NAME`: scaffolding a claim family that passes as generated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimkit import cli
from claimkit.scaffold import ScaffoldError, scaffold, validate_arxiv

CLAIMS_TOML = Path(__file__).resolve().parent / "claims.toml"


def make_project(root: Path) -> Path:
    """A minimal claimkit project: tests/claims.toml and empty theorems/ and checks/ packages."""
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "claims.toml").write_bytes(CLAIMS_TOML.read_bytes())
    for package in ("theorems", "checks"):
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("", encoding="utf-8")
    return root


def clean_env() -> dict[str, str]:
    """The environment for a child run: no claimkit or pytest settings inherited from this run."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMKIT_", "PYTEST_"))}


def run_in(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=project, env=clean_env(), capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def test_new_family_passes_as_generated_and_reaches_results_and_report(project: Path) -> None:
    """A scaffolded family runs green from claims.toml alone and shows in results.json and the report."""
    made = run_in(project, "-m", "claimkit.cli", "new", "demo", "--paper", "2006.08217")
    assert made.returncode == 0, made.stderr
    assert (project / "theorems" / "demo.py").is_file() and (project / "checks" / "demo.py").is_file()
    run = run_in(project, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((project / "reports" / "results.json").read_text(encoding="utf-8"))
    [claim] = results["claims"]
    assert claim["id"] == "demo.logsumexp_gradient"
    assert claim["verdict"] == claim["expected_verdict"] == "proved"
    assert claim["paper"]["arxiv"] == "2006.08217"
    assert all(m["killed"] for m in claim["mutants"]) and claim["problems"] == []
    assert claim["figures"] and (project / "reports" / claim["figures"][0]["path"]).is_file()
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "demo.logsumexp_gradient" in index and "✔ proved" in index
    page = (project / "reports" / "claims" / "demo.logsumexp_gradient.html").read_text(encoding="utf-8")
    assert "<math" in page and "<svg" in page
    assert (project / "reports" / "claims" / "demo.logsumexp_gradient.md").is_file()


@pytest.mark.parametrize("name", ["Demo", "1demo", "with-dash", "class", "match", "_private", "é", "a.b"])
def test_invalid_family_names_exit_with_status_2_and_create_nothing(project: Path, name: str, capsys: Any) -> None:
    """Names that are not lower-case identifiers, or are keywords, are refused with exit status 2."""
    assert cli.main(["--root", str(project), "new", name]) == 2
    err = capsys.readouterr().err
    assert "invalid family name" in err
    assert sorted(p.name for p in (project / "theorems").iterdir()) == ["__init__.py"]


def test_an_existing_family_is_never_overwritten(project: Path, capsys: Any) -> None:
    """If theorems/NAME.py exists, `new` exits 2 and leaves every file as it was."""
    existing = project / "theorems" / "demo.py"
    existing.write_text("# the author's work\n", encoding="utf-8")
    assert cli.main(["--root", str(project), "new", "demo"]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "# the author's work\n"
    assert not (project / "checks" / "demo.py").exists()


def test_a_name_whose_claim_ids_are_taken_by_another_family_is_refused(project: Path, capsys: Any) -> None:
    """A family name already used as another module's claim-id prefix is refused (ids would clash)."""
    (project / "theorems" / "scale_invariance.py").write_text('X = dict(id="scale.orthogonality")\n',
                                                              encoding="utf-8")
    assert cli.main(["--root", str(project), "new", "scale"]) == 2
    assert "theorems/scale_invariance.py" in capsys.readouterr().err


def test_paper_ids_are_validated_and_normalised(project: Path, capsys: Any) -> None:
    """--paper takes an arXiv id (prefix and version suffix are dropped); anything else exits 2."""
    assert validate_arxiv("arXiv:2006.08217v3") == "2006.08217"
    assert cli.main(["--root", str(project), "new", "demo", "--paper", "not-an-id"]) == 2
    assert "invalid arXiv id" in capsys.readouterr().err
    written = scaffold(project, "demo", "https://arxiv.org/abs/2006.08217v1")
    assert "arxiv='2006.08217'" in written[0].read_text(encoding="utf-8")


def test_scaffolding_outside_a_project_says_what_is_missing(tmp_path: Path) -> None:
    """A directory without theorems/ and checks/ packages is not a project."""
    with pytest.raises(ScaffoldError, match="__init__.py is missing"):
        scaffold(tmp_path, "demo")
