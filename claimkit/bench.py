"""``claimkit bench``: measured speed and memory of the current tree, with budgets.

Prints, and writes to ``reports/bench.json``:
- wall time and peak resident memory of the full default-profile run, serial and with ``-n 2``
  (and, with ``--thorough``, of the thorough profile with ``-n 2``);
- time per claim family (each held to the per-family budget, offenders listed), the slowest ten
  checks with their hypothesis examples per second, and the slowest ten mutant runs;
- the speed-up of ``-n 2`` over the serial run;
- the engine's overhead: a check's time under claimkit against the same property run as a plain
  ``@given`` test with the same examples (target ≤ 1.10);
- report rendering time;
- a machine-speed gauge (a fixed pure-Python loop) timed around every run, so that a slow stretch of a
  shared machine shows as such rather than as a slower tree.

With ``--runs N`` the serial and ``-n 2`` runs alternate N times; the figures are medians with their
range, and the speed-up is the median of each adjacent pair's. Each run's CPU time (its workers' included)
is printed beside the serial run's. With ``--ceiling`` each pair also starts two serial runs at once: the
speed-up a perfect split over two processes reaches on this machine (:func:`machine_ceiling`), which tells
a machine whose cores slow each other from software that spends more than it splits.

Budgets are enforced by the exit status (1 when any is exceeded), never by timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .project import Project

__all__ = ["BUDGETS", "main", "run_suite", "engine_overhead", "judge_budgets", "summarize_results", "exit_status",
           "speed_gauge", "median_figures", "machine_ceiling", "run_suites_at_once", "add_arguments", "run_bench"]

#: name -> (limit, unit, what)
BUDGETS: dict[str, tuple[float, str, str]] = {
    # The goal for the suite of about thirty families: 90 s serial, 60 s with -n 2 (2 cores).
    "serial_wall_seconds": (90.0, "s", "full default run, serial, 2 cores"),
    "parallel_wall_seconds": (60.0, "s", "full default run, -n 2, 2 cores"),
    "peak_rss_mib": (1024.0, "MiB", "peak resident memory of the default run"),
    "overhead_ratio": (1.10, "×", "claimkit time / plain @given time for the same examples"),
    "thorough_parallel_wall_seconds": (900.0, "s", "thorough profile with -n 2"),
    "family_seconds": (4.0, "s", "the slowest family's claims, serial (the sum of their times)"),
    "parallel_fraction": (0.59, "×", "-n 2 wall time / serial wall time (a speed-up of at least 1.7×)"),
}


def family_offenders(family_seconds: dict[str, float], limit: float) -> list[str]:
    """The families over the per-family budget, slowest first, as ``name (seconds)``."""
    return [f"{name} ({seconds:.2f} s)" for name, seconds in sorted(family_seconds.items(), key=lambda kv: -kv[1])
            if seconds > limit]


def run_suite(root: Path, out: Path, *, workers: int = 0, profile: str = "ci") -> dict[str, Any]:
    """Run every claim in a subprocess, as ``claimkit run`` (the command the budgets are for), cold: no
    cached derivations. Wall time, CPU time and peak RSS (each over the process tree) and exit code."""
    [result] = run_suites_at_once(root, [out], workers=workers, profile=profile)
    return result


def run_suites_at_once(root: Path, outs: list[Path], *, workers: int = 0, profile: str = "ci") -> list[dict[str, Any]]:
    """:func:`run_suite` into each of ``outs``, all started at once: with two serial runs on two cores, what
    each costs when both cores work (see :func:`machine_ceiling`)."""
    cmd = [sys.executable, "-m", "claimkit", "--root", str(root), "run", "--profile", profile, "--no-cache"]
    if workers:
        cmd += ["-n", str(workers)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMKIT_")}
    # a log file, not a pipe, beside each report: no run waits for its output to be read
    return run_at_once([[*cmd, "--reports", str(out)] for out in outs],
                       [out.parent / f"{out.name}.log" for out in outs], cwd=root, env=env)


def run_at_once(commands: list[list[str]], logs: list[Path], *, cwd: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """Start every command at once, each writing to its log; for each, once it has ended: its own wall time
    (each waited for by a thread of its own, so that one ending first is not timed until the other ends),
    CPU time and peak RSS over its process tree, exit code and last line of output."""
    import threading

    started = []
    for command, log_path in zip(commands, logs):
        log = open(log_path, "wb")
        started.append((subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT), log,
                        time.perf_counter()))
    ended: dict[int, tuple[float, int, Any]] = {}

    def wait(index: int, proc: subprocess.Popen[bytes]) -> None:
        _, status, usage = os.wait4(proc.pid, 0)
        ended[index] = (time.perf_counter(), status, usage)

    waiters = [threading.Thread(target=wait, args=(i, proc), daemon=True) for i, (proc, _, _) in enumerate(started)]
    for waiter in waiters:
        waiter.start()
    for waiter in waiters:
        waiter.join()
    results = []
    for index, (proc, log, start) in enumerate(started):
        end, status, usage = ended[index]
        log.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        output = Path(log.name).read_text(encoding="utf-8", errors="replace")
        # For the waited child, ru_* cover its own waited-for descendants (the workers of -n N) too;
        # ru_maxrss is in KiB on Linux and is the largest of them.
        results.append({"wall_seconds": round(end - start, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
                        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "exit_code": proc.returncode,
                        "tail": output.strip().splitlines()[-1:] if output else []})
    return results


def machine_ceiling(serial_wall: float, at_once_walls: list[float]) -> float | None:
    """The speed-up that a perfect split of the serial run's work over two processes could reach on this
    machine now: ``2 × serial / mean(walls of two serial runs started at once)``. Two cores that slow each
    other (shared caches and memory bandwidth, a lower clock when both work, a shared host) make each of two
    runs at once slower than one alone, and an ideal ``-n 2`` run, each worker doing half the work under the
    same contention, takes half of that mean. None when nothing was measured."""
    if not at_once_walls or not serial_wall:
        return None
    return round(2 * serial_wall / statistics.mean(at_once_walls), 3)


#: Iterations of :func:`speed_gauge`'s loop (about a second on the development machine).
GAUGE_ITERATIONS = 5_000_000


def speed_gauge(iterations: int = GAUGE_ITERATIONS) -> float:
    """Seconds a fixed pure-Python loop takes now. Timed before and after each run: on a shared machine the
    same work can take up to twice as long from one stretch of minutes to the next, and the gauge tells a
    slow stretch from a slower tree."""
    start = time.perf_counter()
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return round(time.perf_counter() - start, 3)


def median_figures(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """From alternating runs (each pair: a serial and a ``-n 2`` run, ``wall_seconds`` and
    ``peak_rss_mib`` each, and the serial run's ``family_seconds``): the median wall times with their
    range, the largest peak memory, the median of each pair's ``-n 2``/serial fraction (adjacent runs
    share the machine's stretch), each family's median time, and which serial run is the median one
    (the lower middle one for an even count), whose results stand for the others. Where the pairs carry
    them: the median of each pair's ``-n 2``/serial CPU time (``cpu_seconds``), and of each pair's
    :func:`machine_ceiling` (``ceiling``), with its range; None otherwise. ``drifting_pairs``: the pairs (from
    1) whose ceiling is above 2, where one serial run took longer than each of two runs at once, which only a
    change of the machine's speed between those runs explains."""
    serial = [p["serial"]["wall_seconds"] for p in pairs]
    parallel = [p["parallel_2"]["wall_seconds"] for p in pairs]
    fractions = [p["parallel_2"]["wall_seconds"] / p["serial"]["wall_seconds"] for p in pairs
                 if p["serial"]["wall_seconds"]]
    by_wall = sorted(range(len(pairs)), key=lambda i: serial[i])
    families: dict[str, list[float]] = {}
    for p in pairs:
        for name, seconds in (p.get("family_seconds") or {}).items():
            families.setdefault(name, []).append(seconds)
    family_medians = {name: round(statistics.median(v), 2) for name, v in families.items() if len(v) == len(pairs)}
    cpu = [p["parallel_2"]["cpu_seconds"] / p["serial"]["cpu_seconds"] for p in pairs
           if p["serial"].get("cpu_seconds") and p["parallel_2"].get("cpu_seconds")]
    ceilings = [p["ceiling"] for p in pairs if p.get("ceiling")]
    return {
        "serial_wall_seconds": round(statistics.median(serial), 2),
        "serial_range": [min(serial), max(serial)],
        "parallel_wall_seconds": round(statistics.median(parallel), 2),
        "parallel_range": [min(parallel), max(parallel)],
        "peak_rss_mib": max(max(p["serial"]["peak_rss_mib"], p["parallel_2"]["peak_rss_mib"]) for p in pairs),
        "parallel_fraction": round(statistics.median(fractions), 3) if fractions else None,
        "parallel_fraction_range": [round(min(fractions), 3), round(max(fractions), 3)] if fractions else None,
        "family_seconds": dict(sorted(family_medians.items(), key=lambda kv: -kv[1])),
        "median_serial_run": by_wall[(len(pairs) - 1) // 2],
        "cpu_fraction": round(statistics.median(cpu), 3) if cpu else None,
        "ceiling": round(statistics.median(ceilings), 3) if ceilings else None,
        "ceiling_range": [min(ceilings), max(ceilings)] if ceilings else None,
        "drifting_pairs": [i + 1 for i, p in enumerate(pairs) if (p.get("ceiling") or 0) > 2],
    }


def summarize_results(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    families: dict[str, float] = {}
    checks, mutants = [], []
    for c in data["claims"]:
        families[c["family"]] = families.get(c["family"], 0.0) + c["seconds"]
        for k in c["checks"]:
            rate = k["examples"] / k["seconds"] if k["seconds"] > 0 else None
            checks.append({"check": f"{c['id']}::{k['name']}", "seconds": k["seconds"], "examples": k["examples"],
                           "examples_per_second": None if rate is None else round(rate, 1)})
        for m in c["mutants"]:
            mutants.append({"mutant": f"{c['id']}::{m['name']}", "seconds": m["seconds"],
                            "killed_by": m["killed_by"]})
    checks.sort(key=lambda r: -r["seconds"])
    mutants.sort(key=lambda r: -r["seconds"])
    return {
        "claims": len(data["claims"]),
        "family_seconds": {k: round(v, 2) for k, v in sorted(families.items(), key=lambda kv: -kv[1])},
        "slowest_checks": checks[:10],
        "slowest_mutants": mutants[:10],
        "checks": checks,
    }


def judge_budgets(measured: dict[str, float | None],
                  budgets: dict[str, tuple[float, str, str]] = BUDGETS) -> dict[str, dict[str, Any]]:
    """Each measured figure against its budget; a figure that could not be measured is over budget."""
    verdicts = {}
    for key, value in measured.items():
        limit, unit, what = budgets[key]
        verdicts[key] = {"value": value, "limit": limit, "unit": unit, "what": what,
                         "ok": value is not None and value <= limit}
    return verdicts


def parse_budget(text: str) -> tuple[str, float]:
    """``NAME=LIMIT`` (for ``--budget``), with NAME one of :data:`BUDGETS`."""
    name, sep, limit = text.partition("=")
    if not sep or name not in BUDGETS:
        raise argparse.ArgumentTypeError(f"expected NAME=LIMIT with NAME one of {', '.join(BUDGETS)}; got {text!r}")
    try:
        value = float(limit)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}: the limit must be a number; got {limit!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{name}: the limit must be positive; got {limit!r}")
    return name, value


#: The seed of the overhead comparison (fixed, so both sides draw the same examples on every run).
PROFILE_SEED = 20261122


def engine_overhead(root: Path, *, max_check_seconds: float = 1.0, repeats: int = 3) -> dict[str, Any]:
    """Per check: min time under claimkit vs min time as a plain @given test (same examples)."""
    import hypothesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from .evidence import Evidence
    from .model import CheckSpec
    from .profiles import Profile, stable_seed
    from .project import load_project, project_at
    from .runner import run_check

    registry = load_project(project_at(root))
    # A fixed seed on both sides, so claimkit and the plain test draw exactly the same examples.
    profile = Profile("ci", derandomize=False, scale_examples=False, targeting=False, seed=PROFILE_SEED)
    rows: list[dict[str, Any]] = []
    for claim in sorted(registry.claims.values(), key=lambda c: c.id):
        for spec in claim.checks:
            if spec.given is None:
                continue
            first = run_check(claim, spec, claim.subject, profile)
            if first.outcome != "passed" or first.seconds > max_check_seconds:
                continue
            n = first.max_examples
            seed = stable_seed(PROFILE_SEED, claim.id, spec.name, "")

            def plain_test(spec: CheckSpec = spec, subject: Any = claim.subject, n: int = n, seed: int = seed) -> None:
                @settings(max_examples=n, derandomize=True, database=None, deadline=None,
                          suppress_health_check=list(HealthCheck),
                          phases=[Phase.explicit, Phase.generate, Phase.shrink], verbosity=hypothesis.Verbosity.quiet)
                @given(st.fixed_dictionaries(dict(spec.given or {})))  # the same draws as claimkit's
                def test(case: dict[str, Any]) -> None:
                    spec.fn(subject, Evidence(targeting=False), **case)

                for case in reversed(spec.regressions):  # claimkit tries them too
                    test = hypothesis.example(dict(case))(test)
                hypothesis.seed(seed)(test)()

            ours: list[float] = []
            plain: list[float] = []
            for _ in range(repeats):
                t = time.perf_counter()
                run_check(claim, spec, claim.subject, profile)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                plain_test()
                plain.append(time.perf_counter() - t)
            rows.append({"check": f"{claim.id}::{spec.name}", "claimkit_seconds": round(min(ours), 4),
                         "plain_seconds": round(min(plain), 4), "ratio": round(min(ours) / min(plain), 3)})
    total_ours = sum(r["claimkit_seconds"] for r in rows)
    total_plain = sum(r["plain_seconds"] for r in rows)
    return {"checks_measured": len(rows), "ratio": round(total_ours / total_plain, 3) if total_plain else None,
            "per_check": rows}


def render_time(results: Path, repeats: int = 3) -> float:
    from .mathtext import to_mathml
    from .render import render_all
    from .report_html import _math_html, sanitize_mathml

    data = json.loads(results.read_text(encoding="utf-8"))
    best = float("inf")
    for _ in range(repeats):
        for cache in (_math_html, sanitize_mathml, to_mathml):  # each repeat as cold as a run's one render
            cache.cache_clear()
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            render_all(data, Path(tmp))
            best = min(best, time.perf_counter() - t)
    return round(best, 3)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``claimkit bench``, for its own parser and for the ``claimkit`` command's."""
    from .cli import positive_int

    parser.add_argument("--thorough", action="store_true", help="also time the thorough profile with -n 2 (minutes)")
    parser.add_argument("--runs", type=positive_int("runs"), default=1, metavar="N",
                        help="alternate the serial and -n 2 runs N times; medians are judged (default: 1)")
    parser.add_argument("--ceiling", action="store_true",
                        help="also start two serial runs at once in each pair, to measure the speed-up a perfect "
                             "split over two processes could reach on this machine (about two minutes a pair)")
    parser.add_argument("--out", help="where to write bench.json (default: <project>/reports/bench.json)")
    parser.add_argument("--budget", action="append", type=parse_budget, default=[], metavar="NAME=LIMIT",
                        help=f"replace one budget, e.g. on a slower machine (names: {', '.join(BUDGETS)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="claimkit bench", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="project directory (default: found from cwd)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    from .project import find_project, project_at

    return run_bench(args, project_at(Path(args.root)) if args.root else find_project())


def run_bench(args: argparse.Namespace, project: Project) -> int:
    """Measure, print, write bench.json and return the exit status (options: :func:`add_arguments`)."""
    budgets = dict(BUDGETS)
    for name, limit in args.budget:
        budgets[name] = (limit, *BUDGETS[name][1:])
    root = project.root
    out_path = Path(args.out) if args.out else project.reports / "bench.json"
    figures: dict[str, Any] = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                           "platform": platform.platform()},
                               "gauge_iterations": GAUGE_ITERATIONS}
    pairs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for i in range(args.runs):
            of = f" (run {i + 1} of {args.runs})" if args.runs > 1 else ""
            pair: dict[str, Any] = {"gauge_seconds": [speed_gauge()]}
            print(f"bench: full default run, serial{of} ...", flush=True)
            pair["serial"] = run_suite(root, tmpdir / f"serial{i}")
            pair["gauge_seconds"].append(speed_gauge())
            print(f"  {pair['serial']['wall_seconds']} s, peak {pair['serial']['peak_rss_mib']} MiB", flush=True)
            print(f"bench: full default run, -n 2{of} ...", flush=True)
            pair["parallel_2"] = run_suite(root, tmpdir / f"parallel{i}", workers=2)
            pair["gauge_seconds"].append(speed_gauge())
            print(f"  {pair['parallel_2']['wall_seconds']} s, peak {pair['parallel_2']['peak_rss_mib']} MiB; "
                  f"speed gauge {_gauges(pair)} s", flush=True)
            if args.ceiling:
                print(f"bench: two serial runs at once{of} ...", flush=True)
                pair["two_at_once"] = run_suites_at_once(root, [tmpdir / f"at_once{i}a", tmpdir / f"at_once{i}b"])
                pair["gauge_seconds"].append(speed_gauge())
                walls = [r["wall_seconds"] for r in pair["two_at_once"]]
                if not any(r["exit_code"] for r in pair["two_at_once"]) and not pair["serial"]["exit_code"]:
                    pair["ceiling"] = machine_ceiling(pair["serial"]["wall_seconds"], walls)
                print(f"  {' and '.join(f'{w} s' for w in walls)}; ceiling {pair.get('ceiling')}×", flush=True)
            results = tmpdir / f"serial{i}" / "results.json"
            if results.exists():
                pair["family_seconds"] = summarize_results(results)["family_seconds"]
            pairs.append(pair)
        medians = median_figures(pairs)
        middle = medians["median_serial_run"]
        figures["runs"] = pairs
        figures["medians"] = medians
        figures["serial"] = {**pairs[middle]["serial"], "wall_seconds": medians["serial_wall_seconds"]}
        figures["parallel_2"] = {**pairs[middle]["parallel_2"], "wall_seconds": medians["parallel_wall_seconds"]}
        for key in ("serial", "parallel_2"):
            figures[key]["exit_code"] = max((p[key]["exit_code"] for p in pairs), key=abs)
        if args.ceiling:
            figures["two_at_once"] = {"exit_code": max((r["exit_code"] for p in pairs for r in p["two_at_once"]),
                                                       key=abs)}
        results = tmpdir / f"serial{middle}" / "results.json"
        if results.exists():
            figures["results"] = {**summarize_results(results), "family_seconds": medians["family_seconds"]}
            figures["render_seconds"] = render_time(results)
        if args.thorough:
            print("bench: thorough profile, -n 2 (several minutes) ...", flush=True)
            figures["thorough_parallel_2"] = run_suite(root, tmpdir / "thorough", workers=2, profile="thorough")
    print("bench: engine overhead against plain @given tests ...", flush=True)
    figures["overhead"] = engine_overhead(root)

    family_seconds = figures.get("results", {}).get("family_seconds") or {}
    measured = {
        "serial_wall_seconds": medians["serial_wall_seconds"],
        "parallel_wall_seconds": medians["parallel_wall_seconds"],
        "peak_rss_mib": medians["peak_rss_mib"],
        "overhead_ratio": figures["overhead"]["ratio"],
        "family_seconds": max(family_seconds.values()) if family_seconds else None,
        "parallel_fraction": medians["parallel_fraction"],
    }
    figures["family_offenders"] = family_offenders(family_seconds, budgets["family_seconds"][0])
    if args.thorough:
        measured["thorough_parallel_wall_seconds"] = figures["thorough_parallel_2"]["wall_seconds"]
    verdicts = judge_budgets(measured, budgets)
    figures["budgets"] = verdicts
    figures["generated_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    _print(figures)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    from .results import write_json_atomic

    write_json_atomic(figures, out_path)
    print(f"\nwrote {out_path}")
    return exit_status(figures)


def exit_status(figures: dict[str, Any]) -> int:
    """0 when every timed run passed and every budget holds; else 1, saying why."""
    failed = [k for k in ("serial", "parallel_2", "two_at_once", "thorough_parallel_2")
              if k in figures and figures[k]["exit_code"]]
    over = [k for k, v in figures["budgets"].items() if not v["ok"]]
    if failed:
        print(f"bench: {', '.join(failed)} run failed (see its exit code): the figures time a red suite")
    if over:
        print(f"bench: over budget: {', '.join(over)}")
    if figures.get("family_offenders"):
        print(f"bench: families over {figures['budgets']['family_seconds']['limit']} s: "
              f"{', '.join(figures['family_offenders'])}")
    return 1 if failed or over else 0


def _gauges(pair: dict[str, Any]) -> str:
    """The speed gauge before, between and after one pair of runs, as ``0.71 → 0.74 → 0.70``."""
    return " → ".join(f"{g:.2f}" for g in pair["gauge_seconds"])


def _print_speed_up(f: dict[str, Any]) -> None:
    """The speed-up of ``-n 2``, the CPU time it spends against the serial run's, and (with --ceiling) the
    machine's ceiling, so that a low speed-up says whether the software or the machine holds it back."""
    m = f.get("medians") or {}
    if m.get("parallel_fraction"):
        print(f"speed-up:      {1 / m['parallel_fraction']:8.2f}×  (-n 2 over serial, median of the pairs)")
    if m.get("cpu_fraction"):
        print(f"CPU time:      {f['serial']['cpu_seconds']:8.2f} s serial, {f['parallel_2']['cpu_seconds']:.2f} s "
              f"with -n 2 (median ratio {m['cpu_fraction']:.2f}×, workers and controller together)")
    if m.get("ceiling"):
        print(f"ceiling:       {m['ceiling']:8.2f}×  (2 × serial / two serial runs at once; range "
              f"{m['ceiling_range'][0]:.2f}–{m['ceiling_range'][1]:.2f}): the most a perfect split over two "
              "processes reaches on this machine now")
        goal = 1 / f["budgets"]["parallel_fraction"]["limit"]
        if m["ceiling"] < goal:
            print(f"               the speed-up budget ({goal:.2f}×) is above this ceiling: no split of the work "
                  "over two processes meets it on this machine")
    if m.get("drifting_pairs"):
        print(f"drift:         run {', '.join(map(str, m['drifting_pairs']))}: a ceiling above 2×, where one serial "
              "run took longer than each of two serial runs at once; the machine's speed changed between those runs, "
              "and their figures moved with it")


def _print(f: dict[str, Any]) -> None:
    print("\n== claimkit bench ==")
    runs, m = f.get("runs") or [], f.get("medians") or {}
    for i, pair in enumerate(runs if len(runs) > 1 else []):
        at_once = ""
        if "two_at_once" in pair:
            walls = " and ".join(f"{r['wall_seconds']:.2f}" for r in pair["two_at_once"])
            at_once = f", two serial at once {walls} s"
        print(f"run {i + 1}: serial {pair['serial']['wall_seconds']:.2f} s, "
              f"-n 2 {pair['parallel_2']['wall_seconds']:.2f} s{at_once}; speed gauge {_gauges(pair)} s")
    over = f" (median of {len(runs)}, {{0[0]:.2f}}–{{0[1]:.2f}})" if len(runs) > 1 else ""
    print(f"serial run:    {f['serial']['wall_seconds']:8.2f} s   peak RSS {f['serial']['peak_rss_mib']} MiB"
          f"   exit {f['serial']['exit_code']}" + over.format(m.get("serial_range")))
    print(f"-n 2 run:      {f['parallel_2']['wall_seconds']:8.2f} s   peak RSS {f['parallel_2']['peak_rss_mib']} MiB"
          f"   exit {f['parallel_2']['exit_code']}" + over.format(m.get("parallel_range")))
    _print_speed_up(f)
    if len(runs) == 1:
        print(f"speed gauge:   {_gauges(runs[0])} s "
              f"({f['gauge_iterations']:,} iterations of a fixed loop, before and after each run)")
    if "thorough_parallel_2" in f:
        t = f["thorough_parallel_2"]
        print(f"thorough -n 2: {t['wall_seconds']:8.2f} s   peak RSS {t['peak_rss_mib']} MiB   exit {t['exit_code']}")
    if "render_seconds" in f:
        print(f"report render: {f['render_seconds']:8.3f} s")
    r = f.get("results")
    if r:
        print("\ntime per family (s):")
        for fam, s in r["family_seconds"].items():
            print(f"  {fam:28s} {s:8.2f}")
        print("\nslowest checks:")
        for row in r["slowest_checks"]:
            rate = row["examples_per_second"]
            print(f"  {row['seconds']:7.2f} s  {row['examples']:5d} ex  "
                  f"{(f'{rate:9.1f}' if rate is not None else '        -')} ex/s  {row['check']}")
        if r.get("slowest_mutants"):
            print("\nslowest mutant runs (every check of the claim, each until it rejects the mutant):")
            for row in r["slowest_mutants"]:
                killers = ", ".join(row["killed_by"]) or "nothing"
                print(f"  {row['seconds']:7.2f} s  {row['mutant']}  (killed by {killers})")
    o = f["overhead"]
    print(f"\nengine overhead: {o['ratio']}× over {o['checks_measured']} checks (claimkit vs plain @given)")
    print("\nbudgets:")
    for key, v in f["budgets"].items():
        state = "ok  " if v["ok"] else "OVER"
        print(f"  {state} {key:32s} {v['value']} {v['unit']} (limit {v['limit']}) — {v['what']}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
