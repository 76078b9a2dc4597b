"""`claimkit init` and `claimkit new NAME`: a claims project, and a claim family that passes as generated."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimkit import cli
from claimkit.scaffold import ScaffoldError, init_project, new_family, validate_arxiv


@pytest.fixture
def project(tmp_path: Path, new_project: Callable[[Path], Path]) -> Path:
    return new_project(tmp_path / "project")


def test_new_family_passes_as_generated_and_reaches_results_and_report(project: Path, run_clean: Any) -> None:
    """A scaffolded family runs green from claims.toml alone and shows in results.json and the report."""
    made = run_clean([sys.executable, "-m", "claimkit.cli", "new", "demo", "--paper", "2006.08217"], project)
    assert made.returncode == 0, made.stderr
    assert (project / "theorems" / "demo" / "claims.py").is_file()
    assert (project / "checks" / "demo" / "gradient.py").is_file()
    run = run_clean([sys.executable, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider"], project)
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


def test_new_formula_family_generates_checks_derivation_and_mutants_from_one_closed_form(
        project: Path, run_clean: Any) -> None:
    """`claimkit new NAME --formula`: a family whose one formula claim is proved as generated, with at least
    eight generated mutants, each killed or proved equivalent."""
    made = run_clean([sys.executable, "-m", "claimkit.cli", "new", "logit", "--formula"], project)
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in (project / "theorems" / "logit").iterdir()) == [
        "__init__.py", "claims.py", "paper.py"]
    assert len((project / "theorems" / "logit" / "claims.py").read_text(encoding="utf-8").splitlines()) <= 40
    run = run_clean([sys.executable, "-m", "pytest", "tests/claims.toml", "-q", "-p", "no:cacheprovider"], project)
    assert run.returncode == 0, run.stdout + run.stderr
    [claim] = json.loads((project / "reports" / "results.json").read_text(encoding="utf-8"))["claims"]
    assert (claim["id"], claim["verdict"], claim["problems"]) == ("logit.sigmoid_derivative", "proved", [])
    generated = [m for m in claim["mutants"] if m["generated"]]
    assert len(generated) + len(claim["equivalent_mutants"]) >= 8 and all(m["killed"] for m in generated)
    assert claim["derivations"][0]["status"] == "closed" and claim["checks"][0]["confirmed"] is None


@pytest.mark.parametrize("name", ["Demo", "1demo", "with-dash", "class", "match", "_private", "é", "a.b"])
def test_invalid_family_names_exit_with_status_2_and_create_nothing(project: Path, name: str, capsys: Any) -> None:
    """Names that are not lower-case identifiers, or are keywords, are refused with exit status 2."""
    assert cli.main(["--root", str(project), "new", name]) == 2
    err = capsys.readouterr().err
    assert "invalid family name" in err
    assert sorted(p.name for p in (project / "theorems").iterdir()) == ["__init__.py"]


@pytest.mark.parametrize("existing", ["theorems/demo/__init__.py", "checks/demo/notes.py", "theorems/demo.py"])
def test_an_existing_family_is_never_overwritten(project: Path, capsys: Any, existing: str) -> None:
    """If either package of the family (or an old single-module family) exists, `new` exits 2 and
    leaves every file as it was."""
    path = project / existing
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# the author's work\n", encoding="utf-8")
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    assert cli.main(["--root", str(project), "new", "demo"]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# the author's work\n"
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_paper_ids_are_validated_and_normalised(project: Path, capsys: Any) -> None:
    """--paper takes an arXiv id (prefix and version suffix are dropped); anything else exits 2."""
    assert validate_arxiv("arXiv:2006.08217v3") == "2006.08217"
    assert cli.main(["--root", str(project), "new", "demo", "--paper", "not-an-id"]) == 2
    assert "invalid arXiv id" in capsys.readouterr().err
    new_family(project, "demo", "https://arxiv.org/abs/2006.08217v1")
    assert "arxiv='2006.08217'" in (project / "theorems" / "demo" / "paper.py").read_text(encoding="utf-8")


def test_scaffolding_outside_a_project_says_what_is_missing(tmp_path: Path) -> None:
    """A directory without theorems/ and checks/ packages is not a project, and the message says how to fix it."""
    with pytest.raises(ScaffoldError, match=r"__init__.py is missing \(run `claimkit init`"):
        new_family(tmp_path, "demo")


def test_new_family_is_two_packages_one_role_per_module(project: Path) -> None:
    """`new` writes the family as theorems/NAME/ and checks/NAME/, each module named by its role."""
    written = new_family(project, "demo")
    assert sorted(p.relative_to(project).as_posix() for p in written) == [
        "checks/demo/__init__.py", "checks/demo/figures.py", "checks/demo/gradient.py", "checks/demo/strategies.py",
        "theorems/demo/__init__.py", "theorems/demo/claims.py", "theorems/demo/derivations.py",
        "theorems/demo/formulas.py", "theorems/demo/paper.py"]


def test_names_with_a_trailing_newline_are_refused(project: Path) -> None:
    """A family name is matched whole: 'nl\\n' is not 'nl'."""
    with pytest.raises(ScaffoldError, match="invalid family name"):
        new_family(project, "nl\n")
    assert not any((project / "theorems").glob("nl*"))


def test_init_creates_a_project_and_adds_only_what_is_missing(tmp_path: Path, capsys: Any) -> None:
    """`init` makes the config, the three packages and the pytest glue; a second `init` changes nothing."""
    target = tmp_path / "mine"
    assert cli.main(["init", str(target)]) == 0
    made = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert made == [".gitignore", "checks/__init__.py", "fixtures/__init__.py", "pyproject.toml",
                    "tests/claims.toml", "tests/conftest.py", "theorems/__init__.py"]
    assert "[tool.claimkit]" in (target / "pyproject.toml").read_text(encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert cli.main(["init", str(target)]) == 0
    assert "nothing to add" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == snapshot


def test_init_appends_the_table_to_an_existing_pyproject_and_keeps_the_rest(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.claimkit] keeps every byte it had and gains the table at its end."""
    original = '[project]\nname = "mine"\nversion = "1"\n'
    (tmp_path / "pyproject.toml").write_text(original, encoding="utf-8")
    init_project(tmp_path)
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(original) and text.rstrip().endswith('[tool.claimkit]\nreports = "reports"')


def test_init_refuses_a_file_in_place_of_the_directory(tmp_path: Path, capsys: Any) -> None:
    """`init PATH` where PATH is a file exits 2 with one line naming it."""
    (tmp_path / "f").write_text("", encoding="utf-8")
    assert cli.main(["init", str(tmp_path / "f")]) == 2
    assert "is not a directory" in capsys.readouterr().err


def test_scaffolded_families_pass_the_linter(project: Path, run_clean: Any) -> None:
    """What `claimkit new` writes (both kinds) passes ruff under this repository's settings."""
    pytest.importorskip("ruff")
    new_family(project, "demo", "2006.08217")
    new_family(project, "demo_formula", formula=True)
    config = Path(__file__).resolve().parent.parent / "pyproject.toml"
    lint = run_clean([sys.executable, "-m", "ruff", "check", "--config", str(config), "theorems", "checks"],
                     project)
    assert lint.returncode == 0, lint.stdout + lint.stderr
