"""The README's Quick start stays true: two commands, the second one run verbatim by CI."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block, "the Quick start has no code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands():
    """The first code block of the Quick start holds exactly two commands."""
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    assert "pip install" in commands[0] and "claimkit run" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_both_readme_commands_in_order():
    """.ci/run runs the README's main command, then its test command, verbatim."""
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    main, tests = quick_start_commands()
    assert main in ci and tests in ci
    assert ci.index(main) < ci.index(tests)


def test_ci_builds_the_fuzzing_venv_as_the_readme_says_and_requires_hypofuzz():
    """.ci/run installs HypoFuzz with the README's command and runs the HypoFuzz test, which may not skip."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Fuzzing beyond one machine", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block, "the fuzzing section has no code block"
    install = block.group(1).splitlines()[0]
    assert "'.[fuzz]'" in install
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert install in ci
    assert any(line.startswith("CLAIMKIT_REQUIRE_HYPOFUZZ=1 ") and "-k hypofuzz" in line
               for line in ci[ci.index(install):])
