"""Claims projects: finding one, its configuration, its layout, and the mistakes caught when it loads."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from claimkit.model import Registry
from claimkit.project import PROJECT_PACKAGE, ProjectError, find_project, load_project, mount, project_at

WriteTree = Callable[[Path, dict[str, str]], Path]

PAPER = '''
from claimkit import Paper
PAPER = Paper(title="A paper", authors=("A. Author",), year=2026, arxiv="2601.00001")
'''

CLAIMS = '''
from claimkit import Claim
from .paper import PAPER
DOUBLE = Claim(id="alpha.double", paper=PAPER, location="Eq. 1", statement="2x = x + x",
               kind="identity", expected="supported", subject=lambda x: 2 * x)
DOUBLE.mutant("triple", "3x", lambda x: 3 * x)
'''

CHECKS = '''
from hypothesis import strategies as st
from ...theorems.alpha.claims import DOUBLE

@DOUBLE.check(given={"x": st.integers(-9, 9)}, examples=5)
def matches_sum(subject, ev, x):
    """2x = x + x."""
    ev.close(subject(x), x + x)
'''


def alpha_project(root: Path, write_tree: WriteTree, overrides: dict[str, str] | None = None) -> Path:
    """A project with one family, alpha; ``overrides`` replace or add files by relative path."""
    files = {
        "pyproject.toml": "[tool.claimkit]\n",
        "theorems/__init__.py": "",
        "checks/__init__.py": "",
        "theorems/alpha/__init__.py": "",
        "theorems/alpha/paper.py": PAPER,
        "theorems/alpha/claims.py": CLAIMS,
        "checks/alpha/__init__.py": "",
        "checks/alpha/core.py": CHECKS,
    }
    files.update(overrides or {})
    return write_tree(root, files)


def load(root: Path) -> Registry:
    return load_project(project_at(root))


# -- finding a project ---------------------------------------------------------------------------------


def test_a_project_is_found_from_any_directory_inside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The nearest directory upwards whose pyproject.toml has [tool.claimkit] is the project."""
    monkeypatch.delenv("CLAIMKIT_ROOT", raising=False)
    (tmp_path / "pyproject.toml").write_text('[tool.claimkit]\nreports = "out"\n')
    (tmp_path / "theorems" / "deep").mkdir(parents=True)
    project = find_project(tmp_path / "theorems" / "deep")
    assert project.root == tmp_path.resolve()
    assert project.config_file == tmp_path.resolve() / "pyproject.toml"
    assert project.reports == tmp_path.resolve() / "out"


def test_a_pyproject_without_the_table_is_not_a_project_but_the_convention_is(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Without [tool.claimkit], a directory holding theorems/ and checks/ is a project by convention."""
    monkeypatch.delenv("CLAIMKIT_ROOT", raising=False)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(ProjectError, match="run `claimkit init`"):
        find_project(tmp_path)
    (tmp_path / "theorems").mkdir()
    (tmp_path / "checks").mkdir()
    project = find_project(tmp_path)
    assert (project.root, project.config_file, project.reports) == (tmp_path.resolve(), None,
                                                                    tmp_path.resolve() / "reports")


def test_claimkit_root_names_the_project_and_is_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CLAIMKIT_ROOT wins over the search; a directory that is no project is refused with its name."""
    (tmp_path / "p" / "theorems").mkdir(parents=True)
    (tmp_path / "p" / "checks").mkdir()
    monkeypatch.setenv("CLAIMKIT_ROOT", str(tmp_path / "p"))
    assert find_project(Path("/")).root == (tmp_path / "p").resolve()
    monkeypatch.setenv("CLAIMKIT_ROOT", str(tmp_path / "nowhere"))
    with pytest.raises(ProjectError, match=r"CLAIMKIT_ROOT=.*nowhere.* is not a claimkit project"):
        find_project(tmp_path)


@pytest.mark.parametrize(("table", "message"), [
    ('[tool.claimkit]\nreport = "x"\n', r"unknown key\(s\) report in \[tool.claimkit\]"),
    ("[tool.claimkit]\nreports = 3\n", "reports must be a non-empty path string"),
    ("[tool]\nclaimkit = 1\n", r"\[tool.claimkit\] must be a table"),
    ("[tool.claimkit\n", "is not valid TOML"),
])
def test_a_bad_configuration_is_refused_with_what_is_wrong(tmp_path: Path, table: str, message: str) -> None:
    """Unknown keys, wrong types and invalid TOML in [tool.claimkit] raise ProjectError saying which."""
    (tmp_path / "pyproject.toml").write_text(table)
    with pytest.raises(ProjectError, match=message):
        project_at(tmp_path)


# -- importing a project -------------------------------------------------------------------------------


def test_the_project_is_imported_under_claimkit_project_and_nothing_goes_on_sys_path(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    """Loading imports theorems/alpha/claims.py as claimkit_project.theorems.alpha.claims; the project's
    folders never become top-level packages."""
    alpha_project(tmp_path, write_tree, {"fixtures/__init__.py": ""})
    path_before = list(sys.path)
    registry = load(tmp_path)
    assert sorted(registry.claims) == ["alpha.double"]
    assert registry.load_errors == {} and registry.family_errors == {}
    assert f"{PROJECT_PACKAGE}.theorems.alpha.claims" in sys.modules
    assert f"{PROJECT_PACKAGE}.checks.alpha.core" in sys.modules
    assert "theorems" not in sys.modules and sys.path == path_before
    assert [c.name for c in registry.claims["alpha.double"].checks] == ["matches_sum"]


def test_a_second_project_in_the_same_process_is_refused(tmp_path: Path, write_tree: WriteTree,
                                                        fresh_engine: Registry) -> None:
    """One claims project per process: mounting another root raises, naming both."""
    alpha_project(tmp_path / "a", write_tree)
    alpha_project(tmp_path / "b", write_tree)
    load(tmp_path / "a")
    with pytest.raises(ProjectError, match="run one project at a time"):
        mount(project_at(tmp_path / "b"))


def test_an_installed_package_with_the_project_name_is_reported_not_shadowed(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """If some importable package is named claimkit_project, mounting fails and says where it is."""
    write_tree(tmp_path / "site", {f"{PROJECT_PACKAGE}/__init__.py": ""})
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    alpha_project(tmp_path / "p", write_tree)
    with pytest.raises(ProjectError, match=f"an importable package named '{PROJECT_PACKAGE}'.*collides"):
        mount(project_at(tmp_path / "p"))


# -- layout ---------------------------------------------------------------------------------------------


def test_a_single_module_family_is_a_load_error_saying_to_make_it_a_package(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    """theorems/beta.py is not imported: the load error says a family is a package; alpha still loads."""
    alpha_project(tmp_path, write_tree, {"theorems/beta.py": "raise SystemExit('never imported')\n"})
    registry = load(tmp_path)
    assert registry.load_errors == {
        "theorems.beta": "theorems/beta.py: a family is a package: move this module into theorems/beta/ "
                            "(split by role, see `claimkit new`)"}
    assert sorted(registry.claims) == ["alpha.double"]


def test_checks_without_a_theorems_package_and_packages_without_init_are_reported(
        tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    """checks/gamma/ with no theorems/gamma/, and a folder of modules without __init__.py, are load errors."""
    alpha_project(tmp_path, write_tree, {"checks/gamma/__init__.py": "", "theorems/delta/claims.py": "x = 1\n"})
    registry = load(tmp_path)
    assert registry.load_errors["checks.gamma"].startswith("checks/gamma/ has no family theorems/gamma/")
    assert registry.load_errors["theorems.delta"] == ("theorems/delta/ holds modules but no __init__.py: a family "
                                                      "is a package; add one")


# -- mistakes caught at load time, with the file and line -----------------------------------------------


def family_error(registry: Registry) -> str:
    assert list(registry.family_errors) == ["alpha"], registry.family_errors
    return registry.family_errors["alpha"]


def test_a_mutant_target_naming_no_check_is_reported_with_its_line(tmp_path: Path, write_tree: WriteTree,
                                                                  fresh_engine: Registry) -> None:
    """targets= naming an unknown check: the family's claims are errors, the message gives file:line."""
    claims = CLAIMS.replace('lambda x: 3 * x)', 'lambda x: 3 * x, targets=("matches_summ",))')
    alpha_project(tmp_path, write_tree, {"theorems/alpha/claims.py": claims})
    assert family_error(load(tmp_path)) == (
        "theorems/alpha/claims.py:5: mutant 'triple' of alpha.double targets 'matches_summ', which is not a "
        "check of the claim (its checks: matches_sum)")


def test_refined_by_naming_no_claim_is_reported_with_close_ids(tmp_path: Path, write_tree: WriteTree,
                                                               fresh_engine: Registry) -> None:
    """refined_by= naming an unknown claim is a load error at the claim's line, with the closest ids."""
    claims = CLAIMS.replace('subject=lambda x: 2 * x)', 'subject=lambda x: 2 * x, refined_by="alpha.doubel")')
    alpha_project(tmp_path, write_tree, {"theorems/alpha/claims.py": claims})
    assert family_error(load(tmp_path)) == (
        "theorems/alpha/claims.py:3: alpha.double has refined_by='alpha.doubel', which names no claim; "
        "did you mean alpha.double?")


def test_a_check_whose_parameters_do_not_match_given_is_reported(tmp_path: Path, write_tree: WriteTree,
                                                                 fresh_engine: Registry) -> None:
    """A check drawing x but taking y fails at its definition line, naming both sides."""
    checks = CHECKS.replace("def matches_sum(subject, ev, x):", "def matches_sum(subject, ev, y):")
    alpha_project(tmp_path, write_tree, {"checks/alpha/core.py": checks})
    assert family_error(load(tmp_path)) == (
        "checks/alpha/core.py:4: check matches_sum of alpha.double: given= draws x, which the function does not "
        "take; the function needs y, which given= does not draw")


def test_a_duplicate_name_is_reported_at_the_second_declaration(tmp_path: Path, write_tree: WriteTree,
                                                                fresh_engine: Registry) -> None:
    """Two mutants named alike on one claim: the second one's line is reported."""
    claims = CLAIMS + 'DOUBLE.mutant("triple", "3x again", lambda x: 3 * x)\n'
    alpha_project(tmp_path, write_tree, {"theorems/alpha/claims.py": claims})
    assert family_error(load(tmp_path)) == (
        "theorems/alpha/claims.py:6: claim alpha.double: a mutant named 'triple' is already declared")


def test_an_id_outside_its_family_is_reported(tmp_path: Path, write_tree: WriteTree, fresh_engine: Registry) -> None:
    """theorems/alpha/ declaring beta.double: the id must start with alpha."""
    claims = CLAIMS.replace('id="alpha.double"', 'id="beta.double"')
    alpha_project(tmp_path, write_tree, {"theorems/alpha/claims.py": claims})
    registry = load(tmp_path)
    assert registry.family_errors["beta"].splitlines()[0] == (
        "theorems/alpha/claims.py:3: claim id 'beta.double' is outside its family 'alpha': ids declared in "
        "theorems/alpha/ start with 'alpha.'")


def test_an_import_error_shows_the_users_file_and_line_not_importlib(tmp_path: Path, write_tree: WriteTree,
                                                                     fresh_engine: Registry) -> None:
    """The traceback of a failing import ends in the family's module and holds no importlib frame."""
    alpha_project(tmp_path, write_tree, {"checks/alpha/broken.py": "import math\nmath.nope\n"})
    text = family_error(load(tmp_path))
    assert 'checks/alpha/broken.py", line 2, in <module>' in text
    assert text.rstrip().endswith("AttributeError: module 'math' has no attribute 'nope'")
    assert "importlib" not in text


def test_sys_exit_at_import_fails_that_family_alone(tmp_path: Path, write_tree: WriteTree,
                                                    fresh_engine: Registry) -> None:
    """A module calling sys.exit() at import makes its family an error; the other families load."""
    alpha_project(tmp_path, write_tree, {"theorems/omega/__init__.py": "import sys\nsys.exit(3)\n"})
    registry = load(tmp_path)
    assert "SystemExit: 3" in registry.family_errors["omega"]
    assert sorted(registry.claims) == ["alpha.double"] and "alpha" not in registry.family_errors
