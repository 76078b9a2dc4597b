"""`claimkit bench`: the figures it prints and writes, and budgets enforced by its exit status.

Nothing here times anything against a limit: budgets are checked with limits chosen so that the
outcome does not depend on the machine's speed (0.001 s is always exceeded, 10⁶ never is).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from claimkit.bench import BUDGETS, exit_status, judge_budgets, parse_budget, summarize_results

GENEROUS = ["--budget", "peak_rss_mib=1000000", "--budget", "overhead_ratio=1000000",
            "--budget", "parallel_fraction=1000000", "--budget", "parallel_wall_seconds=1000000"]


def test_bench_prints_every_figure_writes_bench_json_and_fails_over_budget(tmp_path: Path, toy_project: Any,
                                                                           run_clean: Any):
    """On a small project: all figures printed and saved; a budget no run can meet fails the bench."""
    toy_project(tmp_path)
    out = tmp_path / "bench.json"
    proc = run_clean([sys.executable, "-m", "claimkit.cli", "bench", "--out", str(out),
                "--budget", "serial_wall_seconds=0.001", *GENEROUS], tmp_path, timeout=300)
    text = proc.stdout
    assert proc.returncode == 1, text + proc.stderr
    for heading in ("serial run:", "-n 2 run:", "speed-up:", "CPU time:", "speed gauge:", "report render:",
                    "time per family",
                    "slowest checks:", "slowest mutant runs", "engine overhead:", "budgets:"):
        assert heading in text, heading
    assert "OVER serial_wall_seconds" in text and "over budget: serial_wall_seconds" in text
    assert "ok   peak_rss_mib" in text and "ok   overhead_ratio" in text and "ok   family_seconds" in text

    figures = json.loads(out.read_text())
    assert figures["serial"]["exit_code"] == 0 and figures["parallel_2"]["exit_code"] == 0
    assert figures["serial"]["peak_rss_mib"] > 0 and figures["render_seconds"] > 0
    assert figures["serial"]["cpu_seconds"] > 0 and figures["parallel_2"]["cpu_seconds"] > 0
    assert "two_at_once" not in figures and figures["medians"]["ceiling"] is None  # only with --ceiling
    [run] = figures["runs"]  # one pair by default: the gauge before, between and after its two runs
    assert len(run["gauge_seconds"]) == 3 and all(g > 0 for g in run["gauge_seconds"])
    assert figures["medians"]["serial_wall_seconds"] == figures["serial"]["wall_seconds"]
    results = figures["results"]
    assert results["claims"] == 3 and set(results["family_seconds"]) == {"toy"}
    assert {row["check"] for row in results["checks"]} == {
        "toy.double::matches_sum", "toy.square_dominates::square_at_least_x", "toy.half::matches_division"}
    assert sorted(row["mutant"] for row in results["slowest_mutants"]) == ["toy.double::triple", "toy.half::third"]
    # the overhead is measured on the passing generated checks: not on the refuted claim's
    measured = {row["check"] for row in figures["overhead"]["per_check"]}
    assert measured == {"toy.double::matches_sum", "toy.half::matches_division"}
    assert figures["budgets"]["family_seconds"]["value"] == results["family_seconds"]["toy"]
    assert figures["family_offenders"] == []
    assert figures["budgets"]["serial_wall_seconds"] == {
        "value": figures["serial"]["wall_seconds"], "limit": 0.001, "unit": "s",
        "what": BUDGETS["serial_wall_seconds"][2], "ok": False}


def test_a_figure_that_could_not_be_measured_is_over_budget():
    """A missing figure (None) never passes; a figure equal to its limit does."""
    verdicts = judge_budgets({"overhead_ratio": None, "peak_rss_mib": 1024.0})
    assert verdicts["overhead_ratio"]["ok"] is False
    assert verdicts["peak_rss_mib"]["ok"] is True


def figures_with(exit_codes: dict[str, int], over: bool) -> dict:
    budgets = judge_budgets({"serial_wall_seconds": 91.0 if over else 30.0})
    return {**{k: {"exit_code": v} for k, v in exit_codes.items()}, "budgets": budgets}


@pytest.mark.parametrize(("codes", "over", "status"), [
    ({"serial": 0, "parallel_2": 0}, False, 0),
    ({"serial": 0, "parallel_2": 0}, True, 1),
    ({"serial": 0, "parallel_2": 1}, False, 1),  # a red suite is timed, but the bench fails
    ({"serial": 0, "parallel_2": 0, "thorough_parallel_2": 1}, False, 1),
    ({"serial": 0, "parallel_2": 0, "two_at_once": 1}, False, 1),  # the ceiling's runs are held to it too
])
def test_the_exit_status_fails_on_a_red_run_or_a_budget_exceeded(codes: dict, over: bool, status: int,
                                                               capsys: pytest.CaptureFixture[str]):
    assert exit_status(figures_with(codes, over)) == status
    said = capsys.readouterr().out
    assert ("run failed" in said) == any(codes.values())
    assert ("over budget: serial_wall_seconds" in said) == over


def test_summary_ranks_checks_and_mutants_by_time(tmp_path: Path):
    """The slowest lists are sorted by time, keep ten, and family times add up their claims."""
    claims = [{"id": f"f.c{i}", "family": "f" if i % 2 else "g", "seconds": float(i),
               "checks": [{"name": "k", "seconds": i / 10, "examples": 10}],
               "mutants": [{"name": "m", "seconds": float(20 - i), "killed_by": ["k"]}]} for i in range(12)]
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"claims": claims}))
    summary = summarize_results(path)
    assert [r["check"] for r in summary["slowest_checks"]] == [f"f.c{i}::k" for i in range(11, 1, -1)]
    assert [r["mutant"] for r in summary["slowest_mutants"]] == [f"f.c{i}::m" for i in range(10)]
    assert summary["family_seconds"] == {"f": 36.0, "g": 30.0}
    assert summary["slowest_checks"][0]["examples_per_second"] == pytest.approx(10 / 1.1, abs=0.1)


@pytest.mark.parametrize("bad", ["serial_wall_seconds", "nope=3", "peak_rss_mib=lots", "overhead_ratio=0"])
def test_a_malformed_budget_is_refused_with_its_reason(bad: str):
    """`--budget` takes NAME=LIMIT with a known name and a positive number."""
    with pytest.raises(argparse.ArgumentTypeError, match="NAME=LIMIT|the limit must be"):
        parse_budget(bad)


def test_the_cli_exits_2_on_a_malformed_budget(tmp_path: Path, toy_project: Any, run_clean: Any):
    """`claimkit bench --budget nope=3` stops before measuring anything, naming the known budgets."""
    toy_project(tmp_path)
    proc = run_clean([sys.executable, "-m", "claimkit.cli", "bench", "--budget", "nope=3"], tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "serial_wall_seconds" in proc.stderr and "bench:" not in proc.stdout


def test_families_over_the_per_family_budget_are_listed_slowest_first(capsys: pytest.CaptureFixture[str]):
    """Each family is held to the per-family budget; the offenders are named with their times."""
    from claimkit.bench import family_offenders

    assert family_offenders({"fast": 1.0, "slow": 9.5, "slower": 12.25, "edge": 4.0}, 4.0) == [
        "slower (12.25 s)", "slow (9.50 s)"]
    figures = {"serial": {"exit_code": 0}, "budgets": judge_budgets({"family_seconds": 12.25}),
               "family_offenders": ["slower (12.25 s)"]}
    assert exit_status(figures) == 1
    assert "bench: families over 4.0 s: slower (12.25 s)" in capsys.readouterr().out


def test_median_figures_take_each_figure_s_median_and_the_pairs_fractions():
    """Three alternating pairs: medians with their ranges, the largest peak, the median of the pairwise
    -n 2/serial fractions (not the ratio of the medians), each family's median, and the median serial run."""
    from claimkit.bench import median_figures

    def pair(serial: float, parallel: float, rss: float, toy: float) -> dict[str, Any]:
        return {"serial": {"wall_seconds": serial, "peak_rss_mib": rss},
                "parallel_2": {"wall_seconds": parallel, "peak_rss_mib": rss / 2}, "family_seconds": {"toy": toy}}

    m = median_figures([pair(100.0, 60.0, 500.0, 3.0), pair(80.0, 60.0, 400.0, 5.0), pair(90.0, 45.0, 450.0, 4.0)])
    assert m == {"serial_wall_seconds": 90.0, "serial_range": [80.0, 100.0],
                 "parallel_wall_seconds": 60.0, "parallel_range": [45.0, 60.0], "peak_rss_mib": 500.0,
                 "parallel_fraction": 0.6, "parallel_fraction_range": [0.5, 0.75],
                 "family_seconds": {"toy": 4.0}, "median_serial_run": 2,
                 "cpu_fraction": None, "ceiling": None, "ceiling_range": None, "drifting_pairs": []}
    even = median_figures([pair(100.0, 60.0, 500.0, 3.0), pair(80.0, 60.0, 400.0, 5.0)])
    assert even["serial_wall_seconds"] == 90.0 and even["median_serial_run"] == 1  # the lower middle run
    assert even["parallel_fraction"] == 0.675 and even["family_seconds"] == {"toy": 4.0}

    def timed(serial_cpu: float, parallel_cpu: float, ceiling: float | None) -> dict[str, Any]:
        p = pair(80.0, 50.0, 400.0, 3.0)
        p["serial"]["cpu_seconds"], p["parallel_2"]["cpu_seconds"] = serial_cpu, parallel_cpu
        return {**p, "ceiling": ceiling} if ceiling is not None else p

    cpu = median_figures([timed(80.0, 100.0, 1.6), timed(80.0, 120.0, 1.9), timed(100.0, 110.0, None)])
    assert cpu["cpu_fraction"] == 1.25  # the median of 1.25, 1.5 and 1.1: each pair's own ratio
    assert cpu["ceiling"] == 1.75 and cpu["ceiling_range"] == [1.6, 1.9]  # over the pairs that measured one
    assert cpu["drifting_pairs"] == []


def test_a_ceiling_above_two_marks_its_pair_as_drifting(capsys: pytest.CaptureFixture[str]):
    """A serial run slower than each of two runs at once beside it (ceiling 2.4×; 2.0× exactly is not
    above) is named: the machine changed speed, and that pair's figures with it."""
    from claimkit import bench

    def pair(ceiling: float) -> dict[str, Any]:
        return {"serial": {"wall_seconds": 90.0, "cpu_seconds": 90.0, "peak_rss_mib": 1.0},
                "parallel_2": {"wall_seconds": 50.0, "cpu_seconds": 90.0, "peak_rss_mib": 1.0}, "ceiling": ceiling}

    medians = bench.median_figures([pair(1.8), pair(2.4), pair(2.0)])
    assert medians["drifting_pairs"] == [2]
    bench._print_speed_up({"medians": medians, "serial": {"cpu_seconds": 90.0}, "parallel_2": {"cpu_seconds": 90.0},
                           "budgets": {"parallel_fraction": {"limit": 0.59}}})
    assert ("drift:         run 2: a ceiling above 2×, where one serial run took longer than each of two serial "
            "runs at once") in capsys.readouterr().out


def test_the_machine_ceiling_is_twice_the_serial_time_over_the_mean_of_two_runs_at_once():
    """Two serial runs at once that each take as long as one alone: the ceiling is 2×; each 25% slower: 1.6×."""
    from claimkit.bench import machine_ceiling

    assert machine_ceiling(80.0, [80.0, 80.0]) == 2.0
    assert machine_ceiling(80.0, [96.0, 104.0]) == 1.6  # the mean, 100 s
    assert machine_ceiling(80.0, []) is None and machine_ceiling(0.0, [80.0, 80.0]) is None


def test_bench_runs_alternate_serial_and_parallel_and_judge_the_medians(
        tmp_path: Path, toy_project: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """--runs 3 times serial, -n 2, serial, -n 2, …; the speed gauge runs before, between and after each
    pair; the budgets are judged on the medians; a failed run in any pair fails the bench."""
    from claimkit import bench

    toy_project(tmp_path)
    walls = iter([100.0, 60.0, 80.0, 60.0, 90.0, 45.0])
    calls: list[int] = []

    def fake_suite(root: Path, out: Path, *, workers: int = 0, profile: str = "ci") -> dict[str, Any]:
        calls.append(workers)
        wall = next(walls)
        if not workers:
            out.mkdir(parents=True)
            claim = {"id": "toy.double", "family": "toy", "seconds": wall / 20, "checks": [], "mutants": []}
            (out / "results.json").write_text(json.dumps({"claims": [claim]}))
        return {"wall_seconds": wall, "peak_rss_mib": 100.0 + len(calls), "exit_code": 0, "tail": []}

    gauges = iter(x / 100 for x in range(100, 200))
    monkeypatch.setattr(bench, "run_suite", fake_suite)
    monkeypatch.setattr(bench, "speed_gauge", lambda: next(gauges))
    monkeypatch.setattr(bench, "render_time", lambda results: 0.5)
    monkeypatch.setattr(bench, "engine_overhead", lambda root: {"checks_measured": 0, "ratio": 1.0, "per_check": []})
    out = tmp_path / "bench.json"
    status = bench.main(["--root", str(tmp_path), "--runs", "3", "--out", str(out),
                         "--budget", "serial_wall_seconds=85", "--budget", "parallel_fraction=0.61"])
    assert calls == [0, 2, 0, 2, 0, 2]
    figures = json.loads(out.read_text())
    assert [p["gauge_seconds"] for p in figures["runs"]] == [[1.0, 1.01, 1.02], [1.03, 1.04, 1.05],
                                                             [1.06, 1.07, 1.08]]
    assert figures["serial"]["wall_seconds"] == 90.0 and figures["parallel_2"]["wall_seconds"] == 60.0
    assert figures["results"]["family_seconds"] == {"toy": 4.5}  # the median of 5.0, 4.0 and 4.5
    assert figures["budgets"]["serial_wall_seconds"]["ok"] is False  # the median, 90 s, not the best, 80 s
    assert figures["budgets"]["parallel_fraction"]["value"] == 0.6 and figures["budgets"]["parallel_fraction"]["ok"]
    assert figures["budgets"]["peak_rss_mib"]["value"] == 106.0
    assert figures["family_offenders"] == ["toy (4.50 s)"]
    assert status == 1
    text = capsys.readouterr().out
    assert "run 2: serial 80.00 s, -n 2 60.00 s; speed gauge 1.03 → 1.04 → 1.05 s" in text
    assert "serial run:       90.00 s" in text and "(median of 3, 80.00–100.00)" in text

    walls = iter([100.0, 60.0, 80.0, 60.0])
    codes = iter([0, 0, 0, 1])
    real_suite = fake_suite

    def failing_last(root: Path, out: Path, *, workers: int = 0, profile: str = "ci") -> dict[str, Any]:
        return {**real_suite(root, out, workers=workers, profile=profile), "exit_code": next(codes)}

    monkeypatch.setattr(bench, "run_suite", failing_last)
    assert bench.main(["--root", str(tmp_path), "--runs", "2", "--out", str(out), *GENEROUS,
                       "--budget", "serial_wall_seconds=1000", "--budget", "family_seconds=1000"]) == 1
    assert json.loads(out.read_text())["parallel_2"]["exit_code"] == 1
    assert "parallel_2 run failed" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_a_run_count_below_one_or_not_a_number_is_refused(bad: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    from claimkit.bench import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(tmp_path), "--runs", bad])
    assert exit_info.value.code == 2
    assert "argument --runs: " in capsys.readouterr().err


def test_bench_with_ceiling_times_two_serial_runs_at_once_in_each_pair(
        tmp_path: Path, toy_project: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """--ceiling adds two serial runs started together after each pair, a fourth gauge reading, each pair's
    ceiling and their median; a ceiling below the speed-up goal is said to rule the goal out on this machine;
    a failed run among them fails the bench."""
    from claimkit import bench

    toy_project(tmp_path)
    walls = iter([80.0, 50.0, 90.0, 60.0])
    at_once = iter([[100.0, 100.0], [100.0, 125.0]])
    calls: list[Any] = []

    def fake_suite(root: Path, out: Path, *, workers: int = 0, profile: str = "ci") -> dict[str, Any]:
        calls.append(workers)
        if not workers:
            out.mkdir(parents=True)
            claim = {"id": "toy.double", "family": "toy", "seconds": 1.0, "checks": [], "mutants": []}
            (out / "results.json").write_text(json.dumps({"claims": [claim]}))
        return {"wall_seconds": next(walls), "cpu_seconds": 60.0 + 40 * bool(workers), "peak_rss_mib": 100.0,
                "exit_code": 0, "tail": []}

    def fake_at_once(root: Path, outs: list[Path], *, workers: int = 0, profile: str = "ci") -> list[dict[str, Any]]:
        calls.append([out.name for out in outs])
        return [{"wall_seconds": w, "cpu_seconds": w, "peak_rss_mib": 100.0, "exit_code": 0, "tail": []}
                for w in next(at_once)]

    gauges = iter(x / 100 for x in range(100, 200))
    monkeypatch.setattr(bench, "run_suite", fake_suite)
    monkeypatch.setattr(bench, "run_suites_at_once", fake_at_once)
    monkeypatch.setattr(bench, "speed_gauge", lambda: next(gauges))
    monkeypatch.setattr(bench, "render_time", lambda results: 0.5)
    monkeypatch.setattr(bench, "engine_overhead", lambda root: {"checks_measured": 0, "ratio": 1.0, "per_check": []})
    out = tmp_path / "bench.json"
    status = bench.main(["--root", str(tmp_path), "--runs", "2", "--ceiling", "--out", str(out), *GENEROUS,
                         "--budget", "serial_wall_seconds=1000", "--budget", "family_seconds=1000"])
    assert status == 0
    assert calls == [0, 2, ["at_once0a", "at_once0b"], 0, 2, ["at_once1a", "at_once1b"]]
    figures = json.loads(out.read_text())
    assert [p["gauge_seconds"] for p in figures["runs"]] == [[1.0, 1.01, 1.02, 1.03], [1.04, 1.05, 1.06, 1.07]]
    assert [p["ceiling"] for p in figures["runs"]] == [1.6, 1.6]  # 2 × 80 / 100 and 2 × 90 / 112.5
    assert figures["medians"]["ceiling"] == 1.6 and figures["medians"]["cpu_fraction"] == 1.667
    assert figures["two_at_once"] == {"exit_code": 0}
    text = capsys.readouterr().out
    assert "run 2: serial 90.00 s, -n 2 60.00 s, two serial at once 100.00 and 125.00 s;" in text
    assert "CPU time:         60.00 s serial, 100.00 s with -n 2 (median ratio 1.67×" in text
    assert "ceiling:           1.60×" in text
    # the budget given here (a fraction of 10⁶) asks no speed-up: the ceiling rules nothing out
    assert "no split of the work" not in text

    walls, at_once = iter([80.0, 50.0]), iter([[100.0, 100.0]])
    status = bench.main(["--root", str(tmp_path), "--ceiling", "--out", str(out)])
    assert status == 1
    text = capsys.readouterr().out
    assert ("the speed-up budget (1.69×) is above this ceiling: no split of the work over two processes meets it "
            "on this machine") in text

    def failing(root: Path, outs: list[Path], *, workers: int = 0, profile: str = "ci") -> list[dict[str, Any]]:
        return [{"wall_seconds": 90.0, "cpu_seconds": 90.0, "peak_rss_mib": 100.0, "exit_code": code, "tail": []}
                for code in (0, 1)]

    walls = iter([80.0, 50.0])
    monkeypatch.setattr(bench, "run_suites_at_once", failing)
    assert bench.main(["--root", str(tmp_path), "--ceiling", "--out", str(out), *GENEROUS,
                       "--budget", "serial_wall_seconds=1000", "--budget", "family_seconds=1000"]) == 1
    figures = json.loads(out.read_text())
    assert figures["two_at_once"] == {"exit_code": 1} and "ceiling" not in figures["runs"][0]
    assert "two_at_once run failed" in capsys.readouterr().out


def test_runs_started_at_once_each_write_their_results_and_report_cpu_time(tmp_path: Path, toy_project: Any):
    """The two serial runs of --ceiling, for real on a small project: both finish green, each with its own
    reports, its wall and CPU time and its log beside its reports."""
    from claimkit.bench import run_suites_at_once

    toy_project(tmp_path)
    outs = [tmp_path / "a", tmp_path / "b"]
    results = run_suites_at_once(tmp_path, outs)
    assert [r["exit_code"] for r in results] == [0, 0], results
    assert all(r["wall_seconds"] > 0 and r["cpu_seconds"] > 0 and r["peak_rss_mib"] > 0 for r in results)
    for out in outs:
        assert (out / "results.json").exists() and (tmp_path / f"{out.name}.log").exists()


def test_a_run_started_at_once_is_timed_to_its_own_end_even_when_it_ends_first(tmp_path: Path):
    """Of two commands started at once, the second ends first (the first waits for it, then a second
    more): each is timed to its own end, not to the end of the one waited for before it."""
    import os
    import sys

    from claimkit.bench import run_at_once

    signal = tmp_path / "second-ended"
    waits = f"import pathlib, time\nwhile not pathlib.Path({str(signal)!r}).exists(): time.sleep(0.01)\ntime.sleep(1.0)"
    ends = f"import pathlib\npathlib.Path({str(signal)!r}).touch()\nprint('ended')"
    first, second = run_at_once([[sys.executable, "-c", waits], [sys.executable, "-c", ends]],
                                [tmp_path / "first.log", tmp_path / "second.log"], cwd=tmp_path, env=dict(os.environ))
    assert (first["exit_code"], second["exit_code"], second["tail"]) == (0, 0, ["ended"])
    assert second["wall_seconds"] + 0.5 <= first["wall_seconds"]


def test_the_claimkit_command_passes_every_bench_option_through(tmp_path: Path, toy_project: Any,
                                                                monkeypatch: pytest.MonkeyPatch):
    """`claimkit bench` takes the same options as the bench's own parser, parsed the same way."""
    from claimkit import bench, cli

    toy_project(tmp_path)
    seen: list[Any] = []
    monkeypatch.setattr(bench, "run_bench", lambda args, project: seen.append((args, project.root)) or 0)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["bench", "--ceiling", "--runs", "2", "--thorough", "--out", "b.json",
                     "--budget", "family_seconds=5"]) == 0
    [(args, root)] = seen
    assert (args.ceiling, args.runs, args.thorough, args.out, args.budget) == (
        True, 2, True, "b.json", [("family_seconds", 5.0)])
    assert root == tmp_path.resolve()
