"""The ``claimkit`` command: init, new, run, list, show, report, bench (argparse: the standard library suffices).

Exit statuses: 0 everything as expected; 1 a verdict differs from the expected one, a mutant
survived or a check is broken; 2 a usage error (a bad option, id, environment variable or file),
reported in one line; 3 the run was interrupted (Ctrl-C or SIGTERM: the claims verified so far are
written, the others keep their earlier results); 4 an internal error of pytest or claimkit.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import Registry
from .project import Project, ProjectError

__all__ = ["main", "EXIT_OK", "EXIT_FAILED", "EXIT_USAGE", "EXIT_INTERRUPTED", "EXIT_INTERNAL"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_INTERNAL = 0, 1, 2, 3, 4

#: pytest's exit codes (pytest.ExitCode) as claimkit's.
_FROM_PYTEST = {0: EXIT_OK, 1: EXIT_FAILED, 2: EXIT_INTERRUPTED, 3: EXIT_INTERNAL, 4: EXIT_USAGE, 5: EXIT_FAILED}


def _fail(message: str) -> int:
    print(f"claimkit: {message}", file=sys.stderr)
    return EXIT_USAGE


def _warn(message: str) -> None:
    print(f"claimkit: warning: {message}", file=sys.stderr)


def _registry(project: Project) -> Registry:
    from .project import load_project

    return load_project(project)


def _reports_dir(project: Project, option: str | None) -> Path:
    return Path(option).resolve() if option else project.reports


def positive_int(what: str) -> Callable[[str], int]:
    """An argparse type: a whole number of ``what`` (processes, runs), at least 1; also the type of the pytest
    plugin's --claimkit-processes."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number of {what}, got {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"the number of {what} must be at least 1, got {value}")
        return value

    return parse


def cmd_run(args: argparse.Namespace, project: Project) -> int:
    import pytest

    from .profiles import resolve_profile

    try:  # the profile, the seed and their environment variables, before anything is imported or run
        resolve_profile(args.profile, args.seed)
    except ValueError as exc:
        return _fail(str(exc))
    if args.reports:
        problem = _unwritable(Path(args.reports))
        if problem:
            return _fail(f"cannot write the report to {args.reports}: {problem}")
    if args.ids:  # named claims are checked before anything runs; the whole project needs no check here:
        # pytest loads it
        problems = _registry(project).unknown(args.ids)
        if problems:
            return _fail("; ".join(problems))
    claims_file = project.claims_file
    if not claims_file.exists():
        return _fail(f"{claims_file} is missing: it tells pytest to collect the claims (run `claimkit init` "
                     "to add it)")
    argv = [str(claims_file), "-p", "no:cacheprovider", "-q", "--no-header", "-rfE",
            "-o", "console_output_style=count", f"--rootdir={project.root}",
            # named claims are imported above to check their ids, before pytest could rewrite asserts
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    if args.profile:
        argv += ["--claimkit-profile", args.profile]
    if args.seed is not None:
        argv += ["--claimkit-seed", str(args.seed)]
    if args.reports:
        argv += ["--claimkit-reports", args.reports]
    if args.no_cache:
        argv += ["--claimkit-no-cache"]
    for i in args.ids:
        argv += ["--claim", i]
    if args.n and sys.platform.startswith("linux"):  # one collection, shared by forked processes
        argv += ["--claimkit-processes", str(args.n)]  # (claimkit.processes; macOS's system libraries
    elif args.n:  # are not all safe to use after a fork)
        argv += ["-n", str(args.n)]  # pytest-xdist's workers, each collecting the project
    print(f"claimkit run: {len(args.ids) or 'all'} claim selection(s), profile {args.profile or 'ci'}"
          + (f", {args.n} processes" if args.n else ""), flush=True)
    code = int(pytest.main(argv))
    return _FROM_PYTEST.get(code, EXIT_INTERNAL)


def _unwritable(directory: Path) -> str | None:
    """Why ``directory`` cannot hold the report (None if it can): created if missing, probed with a file."""
    import os

    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".claimkit-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def _last_results(project: Project, reports: str | None) -> dict[str, dict[str, Any]]:
    """The claims of the last results.json by id; a file that cannot be used is named in a warning."""
    from .results import ResultsError, read_results

    path = _reports_dir(project, reports) / "results.json"
    try:
        data = read_results(path)
    except FileNotFoundError:
        return {}
    except ResultsError as exc:
        _warn(f"{exc}: last verdicts are not shown (run `claimkit run` to write a new one)")
        return {}
    return {c["id"]: c for c in data["claims"]}


def cmd_list(args: argparse.Namespace, project: Project) -> int:
    registry = _registry(project)
    families = sorted({c.family for c in registry.claims.values()})
    if args.family and args.family in registry.unavailable:
        return _fail(f"family {args.family} was left out: it {registry.unavailable[args.family]} (install them to "
                     "list its claims)")
    if args.family and args.family not in families:
        import difflib

        close = difflib.get_close_matches(args.family, families, n=3)
        return _fail(f"no family {args.family!r} ({'closest' if close else 'families'}: "
                     f"{', '.join(close or families) or 'none'})")
    last = _last_results(project, args.reports)
    rows = [("claim", "family", "kind", "location", "expected", "last verdict")]
    for c in sorted(registry.claims.values(), key=lambda c: (c.family, c.id)):
        if args.family and c.family != args.family:
            continue
        rows.append((c.id, c.family, c.kind, c.location[:40], c.expected, last.get(c.id, {}).get("verdict", "-")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    for module, tb in sorted(registry.load_errors.items()):
        print(f"\nmodule {module} failed to load:\n{textwrap.indent(tb.strip(), '  ')}")
    if not args.family:
        for family, reason in sorted(registry.unavailable.items()):
            print(f"\nfamily {family} left out: it {reason} (install them to list its claims)")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, project: Project) -> int:
    registry = _registry(project)
    problems = registry.unknown([args.id])
    if problems or args.id not in registry.claims:
        return _fail(problems[0] if problems else f"{args.id!r} is a family; give one claim id")
    c = registry.get(args.id)
    last = _last_results(project, args.reports).get(c.id)
    w = textwrap.TextWrapper(width=100, initial_indent="  ", subsequent_indent="  ")
    print(f"{c.id}  [{c.family}, {c.kind}]")
    print(f"paper:     {c.paper.title} ({', '.join(c.paper.authors)}, {c.paper.year})"
          + (f" {c.paper.url}" if c.paper.url else ""))
    print(f"location:  {c.location}")
    print("statement:")
    print(w.fill(c.statement))
    if c.assumptions:
        print("assumptions:")
        for a in c.assumptions:
            print(w.fill("- " + a))
    print("the paper: " + ("asserts the statement" if c.stance == "asserts" else "says the statement does not hold")
          + ("   (a statement the suite adds)" if c.origin == "suite" else ""))
    print(f"expected:  {c.expected}" + (f"   refined by: {c.refined_by}" if c.refined_by else ""))
    print("derivations: " + (", ".join(d.name for d in c.derivations) or "none"))
    print("checks:      " + (", ".join(k.name for k in c.checks) or "none"))
    print("mutants:     " + (", ".join(m.name for m in c.mutants) or "none"))
    if last:
        print(f"does the paper hold? {last.get('finding', '?')}")
        print(f"last verdict: {last['verdict']} ({last['verdict_reason']}), run {last.get('run_at', '?')}")
        for k in last["checks"]:
            print(f"  check {k['name']}: {k['outcome']}, {k['valid_examples']}/{k['examples']} valid")
            if k.get("counterexample"):
                print(f"    counterexample: {k['counterexample']['message']}")
        for m in last["mutants"]:
            print(f"  mutant {m['name']}: {'killed by ' + ', '.join(m['killed_by']) if m['killed'] else 'SURVIVED'}")
    else:
        print("last verdict: not run yet (claimkit run " + c.id + ")")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, project: Project | None) -> int:
    from .render import render_all
    from .results import ResultsError, read_results

    out = Path(args.reports).resolve() if args.reports else project.reports if project else Path("reports")
    try:
        data = read_results(out / "results.json")
    except (FileNotFoundError, ResultsError) as exc:
        return _fail(str(exc))
    written = render_all(data, out)
    print(f"claimkit report: wrote {len(written)} file(s) under {out}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace, project: Project) -> int:
    from .scaffold import ScaffoldError, new_family

    root = project.root
    try:
        written = new_family(root, args.name, args.paper, formula=args.formula)
    except ScaffoldError as exc:
        return _fail(str(exc))
    for path in written:
        print(f"created {path.relative_to(root).as_posix()}")
    print(f"run it: claimkit run {args.name}   (or: pytest tests/claims.toml --claim {args.name})")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, init_project

    directory = Path(args.directory)
    had_pyproject = (directory / "pyproject.toml").is_file()
    try:
        written = init_project(directory)
    except (ScaffoldError, ProjectError, OSError) as exc:
        return _fail(str(exc))
    where = directory.resolve()
    for path in written:
        verb = "added [tool.claimkit] to" if path.name == "pyproject.toml" and had_pyproject else "created"
        print(f"{verb} {path.resolve().relative_to(where).as_posix()}")
    if not written:
        print(f"{where} is already a claimkit project: nothing to add")
    print("next: claimkit new FAMILY --paper ARXIV_ID, then claimkit run (or pytest)")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="claimkit", description="Verify machine-learning theory claims.")
    parser.add_argument("--version", action="version", version=f"claimkit {__version__}")
    parser.add_argument("--root", help="project directory holding theorems/ and checks/ (default: found from cwd)")
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="make a directory a claims project (creates only what is missing)")
    init.add_argument("directory", nargs="?", default=".", help="the project directory (default: here)")

    run = sub.add_parser("run", help="verify claims (all by default), write reports/")
    run.add_argument("ids", nargs="*", help="claim ids, id prefixes or family names")
    run.add_argument("--profile", choices=("ci", "thorough"), help="ci (default) or thorough")
    run.add_argument("--seed", type=int, help="the run's seed (ci: 0 unless given; thorough: random unless given)")
    run.add_argument("-n", type=positive_int("processes"), default=0,
                     help="parallel processes: on Linux the project is collected once and N - 1 forked copies "
                          "share its claims; elsewhere N pytest-xdist workers")
    run.add_argument("--reports", help="output directory (default: <project>/reports)")
    run.add_argument("--no-cache", action="store_true",
                     help="recompute every derivation instead of reusing cached results (.claimkit/cache/)")

    ls = sub.add_parser("list", help="list the registered claims")
    ls.add_argument("--family", help="only this family")
    ls.add_argument("--reports", help="where to read the last results")

    show = sub.add_parser("show", help="show one claim and its last result")
    show.add_argument("id")
    show.add_argument("--reports", help="where to read the last results")

    bench = sub.add_parser("bench", help="measure speed and memory against the budgets; writes reports/bench.json")
    from .bench import add_arguments as add_bench_arguments

    add_bench_arguments(bench)

    rep = sub.add_parser("report", help="re-render the report from results.json")
    rep.add_argument("--reports", help="directory holding results.json (default: <project>/reports)")

    new = sub.add_parser("new", help="scaffold a claim family: the packages theorems/NAME/ and checks/NAME/")
    new.add_argument("name", help="family name: a lower-case Python identifier, e.g. adam_convergence")
    new.add_argument("--paper", metavar="ARXIV_ID", help="the paper's arXiv id, e.g. 2006.08217")
    new.add_argument("--formula", action="store_true",
                     help="start from a formula claim (checks, derivation and mutants generated from a closed form)")
    return parser


def cmd_bench(args: argparse.Namespace, project: Project) -> int:
    from .bench import run_bench

    return run_bench(args, project)


COMMANDS: dict[str, Callable[[argparse.Namespace, Project], int]] = {
    "run": cmd_run, "list": cmd_list, "show": cmd_show, "report": cmd_report, "bench": cmd_bench, "new": cmd_new}


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # the reader went away (`claimkit list | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more reaches the closed pipe, not even at exit
        return EXIT_OK


def console_main() -> None:
    """The ``claimkit`` command: :func:`main`, then the exit handlers, then the end of the process.

    A run leaves a large heap behind (sympy's caches, every claim's record); Python's own shutdown frees
    it object by object, which took over a second after a full run. Once :func:`main` has returned and
    the output is flushed, the exit handlers run (``atexit``, which includes weakref finalizers and
    logging's flush) and the process ends there: every file the run wrote was closed before. Under a
    profiler or a tracer (``python -m cProfile -m claimkit``), which writes its results after this
    returns, the process ends the usual way."""
    import atexit

    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that went away, or a closed stream: nothing to flush to
            pass
    atexit._run_exitfuncs()
    os._exit(code)


def _main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "init":
        return cmd_init(args)
    if args.command == "report" and args.reports:  # re-rendering needs results.json, not the project
        return cmd_report(args, None)
    from .project import find_project, project_at

    try:
        project: Project = project_at(Path(args.root)) if args.root else find_project()
    except ProjectError as exc:
        return _fail(str(exc))
    return COMMANDS[args.command](args, project)


if __name__ == "__main__":  # pragma: no cover
    console_main()
