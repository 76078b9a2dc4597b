"""Checks of G1 and G2: contraction of f_k − f* on regularised and unregularised logistic regression with the
exact Hessian and the three approximations; the separable case, where the approximations lose the rate, with
its one-sample counterexample re-verified at 30 digits and the per-step bound f_{k+1} ≥ e^{−M²f_k/c} f_k.

Ground truth: f* by Newton's method and by L-BFGS-B, cross-checked (``ground_truth``); separability by a linear
program; the one-sample runs again in mpmath (``reference``)."""

from __future__ import annotations

import functools

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.grad_norm_smoothness import claims_rates as C
from ...theorems.grad_norm_smoothness.problems import Logistic
from . import reference as R
from .ground_truth import first_below, gaps, logistic_instance, ratios_above, run, separable
from .strategies import log_uniform, seeds

#: The specified data: seed 0, n = 400, d = 10, column scales spread by 10.
SPEC = (0, 400, 10)
#: f − f* below FLOOR is rounding: f* ≈ 0.4 is a mean of 400 terms, each rounded to ε|f|; n ε |f| ≈ 4e-14, and the
#: two routes to f* agree to CROSS_TOL = 1e-11 (typically 1e-16). Ratios are read only while f − f* > FLOOR.
FLOOR = 1e-12
#: The run must bring f − f* below TARGET; ratios are read up to that iteration.
TARGET = 1e-10
#: The suite's reading of "global linear rate" on a finite run: every ratio at most Q_LINEAR (a sublinear method
#: has ratios tending to 1 and crosses it; the specified runs stay below 0.96).
Q_LINEAR = 0.99
NAMES = ("exact", "constant", "diagonal", "subsample")


def approximation(problem: Logistic, name: str):
    """The Hessian approximation ``name`` of G1 for ``problem`` (None: the exact Hessian)."""
    return {"exact": None, "constant": problem.constant_bound(), "diagonal": problem.diagonal(),
            "subsample": problem.subsample(0.1, seed=1)}[name]


def _contract(subject, ev, problem: Logistic, f_star: float, *, cap: int, tag: str = "") -> dict[str, dict]:
    """Run the subject with each Hessian; assert every ratio ≤ Q_LINEAR until f − f* < TARGET, reached within
    ``cap`` iterations; return per-Hessian measurements."""
    out = {}
    d = problem.a.shape[1]
    for name in NAMES:
        trace, why = run(subject, problem, np.zeros(d), n_iters=cap, approx_hess=approximation(problem, name),
                         grad_tol=1e-9)
        ev.that(trace is not None, f"{name}{tag}: the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        gap = gaps(trace, f_star)
        hit = first_below(gap, TARGET)
        ev.that(hit is not None, f"{name}{tag}: f − f* stays above {TARGET:g} for {cap} iterations",
                claimed=float(gap[-1]), observed=TARGET, labels=("f − f* at the cap", "target"))
        ratios = ratios_above(gap[: hit + 1], FLOOR)
        k = np.arange(hit + 1)
        slope, intercept = np.polyfit(k, np.log(np.maximum(gap[: hit + 1], FLOOR)), 1)
        fitted = slope * k + intercept
        logs = np.log(np.maximum(gap[: hit + 1], FLOOR))
        r2 = 1 - float(np.sum((logs - fitted) ** 2) / max(np.sum((logs - logs.mean()) ** 2), 1e-300))
        out[name] = {"iterations": hit, "max_ratio": float(ratios.max()),
                     "mean_ratio": float(np.exp(np.mean(np.log(np.maximum(ratios, 1e-300))))), "r2": r2,
                     "fit_ratio": float(np.exp(slope)),
                     "rejections": int(sum(trace.rejections[:hit])), "gaps": gap[: hit + 1]}
        ev.le(float(ratios.max()), Q_LINEAR, what=f"largest ratio, {name}{tag}",
              labels=(f"max (f_(k+1) − f*)/(f_k − f*), {name}", "0.99"))
    return out


def _record(ev, rows: dict[str, dict], prefix: str = "") -> None:
    for name, row in rows.items():
        for key in ("max_ratio", "mean_ratio", "fit_ratio", "iterations", "r2"):
            ev.metric(f"{prefix}{key}_{name}", row[key])


def _rate_figure(rows: dict[str, dict], title: str):
    from claimkit.figures import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.4))
    for name, row in rows.items():
        ax.semilogy(np.arange(row["gaps"].size), np.maximum(row["gaps"], 1e-17), marker=".", label=name)
    ax.axhline(TARGET, color="k", ls=":", lw=1)
    ax.set_xlabel("iteration k")
    ax.set_ylabel("f_k − f*")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)
    return fig


# -- G1 ---------------------------------------------------------------------------------------------------------


@C.REGULARISED_RATE.check(given=None, precision="float64; f* by Newton and L-BFGS-B cross-checked to 1e-11",
                          tolerance="ratios read while f − f* > 1e-12 (FLOOR); threshold 0.99 (Q_LINEAR)")
def contraction_on_the_specified_data(subject, ev):
    r"""$n = 400$, $d = 10$, column scales spread by 10, $\mu = 10^{-2}$ (thorough: seeds 0–4 and
    $\mu \in \{10^{-3}, 10^{-2}, 10^{-1}\}$): with each Hessian, every ratio is at most $0.99$ and
    $f - f^\star < 10^{-10}$ within 200 iterations."""
    cases = [(0, 1e-2)]
    if ev.profile == "thorough":
        cases = [(s, mu) for s in range(5) for mu in (1e-3, 1e-2, 1e-1)]
    table = []
    for seed, mu in cases:
        problem, f_star, _ = logistic_instance(seed, SPEC[1], SPEC[2], mu)
        ev.show(f"seed {seed}, μ = {mu:g}: f*", f_star)
        rows = _contract(subject, ev, problem, f_star, cap=200, tag=f" (seed {seed}, μ = {mu:g})")
        if (seed, mu) == (0, 1e-2):
            _record(ev, rows)
            if ev.wants_figures:
                ev.figure("contraction", _rate_figure(rows, "n = 400, d = 10, μ = 1e-2"),
                          "f_k − f* of Algorithm 1 (as released) with the four Hessians on the specified data.")
        table += [{"seed": seed, "mu": mu, "hessian": n, **{k: v for k, v in r.items() if k != "gaps"}}
                  for n, r in rows.items()]
    ev.table("contraction", table)


@C.REGULARISED_RATE.check(given={"seed": seeds, "mu": log_uniform(1e-2, 1e-1), "spread": log_uniform(1.0, 30.0)},
                          examples=2, thorough_factor=10,
                          precision="float64; f* by Newton and L-BFGS-B cross-checked to 1e-11",
                          tolerance="ratios read while f − f* > 1e-12; threshold 0.99")
def contraction_on_drawn_data(subject, ev, seed, mu, spread):
    r"""Drawn data of the specified shape ($n = 400$, $d = 10$, a drawn seed, column scales spread by up to 30,
    $\mu \in [10^{-2}, 10^{-1}]$): every ratio at most $0.99$, $f - f^\star < 10^{-10}$ within 300 iterations."""
    problem, f_star, w_star = logistic_instance(seed, SPEC[1], SPEC[2], mu, spread)
    ev.show("f*, ‖w*‖", [f_star, float(np.linalg.norm(w_star))])
    rows = _contract(subject, ev, problem, f_star, cap=300)
    ev.show("largest ratio per Hessian", {n: r["max_ratio"] for n, r in rows.items()})


# -- G2: non-separable ------------------------------------------------------------------------------------------


@C.NONSEPARABLE_RATE.check(given=None, precision="float64; f* by Newton and L-BFGS-B; separability by linprog",
                           tolerance="ratios read while f − f* > 1e-12; threshold 0.99")
def linear_without_regularisation(subject, ev):
    r"""The specified data with $\mu = 0$: a linear program finds no separating hyperplane, the two routes to
    $f^\star$ agree, and with each Hessian every ratio is at most $0.99$ until $f - f^\star < 10^{-10}$ (within
    600 iterations)."""
    ev.that(not separable(*SPEC), "the specified data are separable", claimed="separable", observed="not separable",
            labels=("linprog", "expected"))
    problem, f_star, w_star = logistic_instance(SPEC[0], SPEC[1], SPEC[2], 0.0)
    ev.show("f*, ‖w*‖", [f_star, float(np.linalg.norm(w_star))])
    ev.metric("minimiser_norm", float(np.linalg.norm(w_star)))
    rows = _contract(subject, ev, problem, f_star, cap=600, tag=" (μ = 0)")
    _record(ev, rows)
    ev.table("contraction", [{"hessian": n, **{k: v for k, v in r.items() if k != "gaps"}} for n, r in rows.items()])


# -- G2: separable ----------------------------------------------------------------------------------------------

ONE_SAMPLE = Logistic(np.array([[1.0]]), np.array([1.0]), 0.0)
#: The one-sample run's length, and that of the runs on the specified separable data.
SEPARABLE_ITERATIONS = 150
SPEC_SEPARABLE_ITERATIONS = 100


def _confirm_one_sample(subject) -> tuple[bool, str]:
    """At 30 digits: the same run (w₀ = 0, H = 1/4) reaches a ratio f_{k+1}/f_k above 0.99 within 150 iterations."""
    with mpmath.workdps(30):
        problem = R.MpLogistic([[1]], [1], 0)
        trace = R.run(problem, [0], iterations=SEPARABLE_ITERATIONS, approx=lambda w: mpmath.matrix([[0.25]]))
        ratios = [trace.f[k + 1] / trace.f[k] for k in range(len(trace.f) - 1)]
        above = [k for k, r in enumerate(ratios) if r > mpmath.mpf("0.99")]
        return bool(above), (f"at 30 digits the first ratio above 0.99 is at iteration {above[0] if above else None}"
                             f" ({mpmath.nstr(ratios[above[0]], 8) if above else '-'}); f_150 = "
                             f"{mpmath.nstr(trace.f[-1], 6)}")


@C.SEPARABLE_RATE.check(given=None, precision="float64; re-verified with mpmath at 30 digits",
                        tolerance="threshold 0.99 on f_(k+1)/f_k", confirm=_confirm_one_sample)
def one_sample_constant_bound(subject, ev):
    r"""One sample $a = 1$, $y = 1$ ($f(w) = \log(1 + e^{-w})$, $\inf f = 0$), $H_k = a^2/4 = 1/4$, $w_0 = 0$, 150
    iterations: every ratio $f_{k+1}/f_k$ would be at most $0.99$ under a linear rate."""
    trace, why = run(subject, ONE_SAMPLE, np.zeros(1), n_iters=SEPARABLE_ITERATIONS,
                     approx_hess=ONE_SAMPLE.constant_bound())
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    f = np.array(trace.f)
    ratios = f[1:] / f[:-1]
    above = np.nonzero(ratios > Q_LINEAR)[0]
    ev.metric("first_iteration_above", int(above[0]) if above.size else -1)
    ev.metric("last_ratio", float(ratios[-1]))
    ev.metric("last_value", float(f[-1]))
    ev.show("f_k at k = 0, 10, 100, 150", [float(f[0]), float(f[10]), float(f[100]), float(f[-1])])
    ev.show("f_(k+1)/f_k at k = 0, 10, 100, 149", [float(ratios[0]), float(ratios[10]), float(ratios[100]),
                                                   float(ratios[-1])])
    ev.le(float(ratios.max()), Q_LINEAR, what="largest ratio f_(k+1)/f_k",
          labels=("max f_(k+1)/f_k over 150 iterations", "0.99"))


@C.SEPARABLE_EXACT.check(given=None, precision="float64; separability by linprog",
                         tolerance="threshold 0.99 on f_(k+1)/f_k while f_k > 1e-30")
def exact_hessian_on_separable_data(subject, ev):
    r"""The specified features with labels $\operatorname{sign}(a_i^\top w_0)$ (separable: a linear program finds
    $w$ with every margin $\ge 1$), $\mu = 0$, the exact Hessian, 150 iterations: $f_k$ falls below $10^{-30}$,
    every ratio while $f_k > 10^{-30}$ is at most $0.99$, and $\lVert x_k\rVert$ grows."""
    ev.that(separable(*SPEC, labels_separable=True), "the labels are not separable", claimed="not separable",
            observed="separable", labels=("linprog", "expected"))
    problem, _, _ = logistic_instance(SPEC[0], SPEC[1], SPEC[2], 0.0, separable=True)
    trace, why = run(subject, problem, np.zeros(SPEC[2]), n_iters=150, grad_tol=1e-34)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    f = np.array(trace.f)
    hit = first_below(f, 1e-30)
    ev.that(hit is not None, "f stays above 1e-30 for 150 iterations", claimed=float(f[-1]), observed=1e-30,
            labels=("f after 150 iterations", "1e-30"))
    ratios = f[1: hit + 1] / f[:hit]
    norms = [float(np.linalg.norm(p)) for p in trace.points[: hit + 1]]
    ev.metric("max_ratio", float(ratios.max()))
    ev.metric("final_norm", norms[-1])
    ev.show("f_k, ‖x_k‖ at k = 0, 25, 50, hit", [[float(f[k]), norms[k]] for k in (0, 25, 50, hit)])
    ev.le(float(ratios.max()), Q_LINEAR, what="largest ratio", labels=("max f_(k+1)/f_k", "0.99"))
    ev.that(bool(norms[hit] > 10 * norms[hit // 4] > 0), "‖x_k‖ does not grow", claimed=norms[hit],
            observed=norms[hit // 4], labels=("‖x_k‖ at the end", "‖x_k‖ at a quarter"))


@functools.cache
def _one_sample_exact_reference() -> tuple[list[float], list[float]]:
    """f_k and f_(k+1)/f_k of the 40-digit run, exact Hessian, one sample, 120 iterations (subject-free, cached)."""
    with mpmath.workdps(40):
        ref = R.run(R.MpLogistic([[1]], [1], 0), [0], iterations=120)
        return [float(v) for v in ref.f], [float(ref.f[k + 1] / ref.f[k]) for k in range(len(ref.f) - 1)]


@C.SEPARABLE_EXACT.check(given=None, precision="mpmath, 40 digits (the port in float64 for the first 100 steps)",
                         tolerance="ratios ≤ 0.99; the port's f_k within 1e-9 relative of the 40-digit run")
def one_sample_at_40_digits(subject, ev):
    r"""One sample, $f(w) = \log(1 + e^{-w})$, the exact Hessian, $w_0 = 0$: the 40-digit run keeps every ratio
    below $0.99$ over 120 iterations ($f$ down to about $10^{-50}$), and the port's float64 run follows it."""
    ref_f, ratios = _one_sample_exact_reference()
    trace, why = run(subject, ONE_SAMPLE, np.zeros(1), n_iters=100)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    ev.metric("last_ratio", ratios[-1])
    ev.show("40 digits: f_k at k = 0, 50, 100, 120", [ref_f[0], ref_f[50], ref_f[100], ref_f[-1]])
    ev.show("float64 port: f_k at k = 0, 50, 100", [trace.f[0], trace.f[50], trace.f[100]])
    ev.le(max(ratios), Q_LINEAR, what="largest ratio at 40 digits", labels=("max f_(k+1)/f_k", "0.99"))
    ev.close(np.array(trace.f[:101], dtype=float), np.array(ref_f[:101]), rtol=1e-9, what="f_k, port vs 40 digits",
             labels=("port (float64)", "reference (40 digits)"))


def _lambda_min(problem: Logistic) -> float:
    return float(np.linalg.eigvalsh(problem.constant_bound()(None))[0])


@C.SEPARABLE_SUBLINEAR.check(given={"seed": seeds, "n": st.integers(6, 60), "d": st.integers(1, 4)}, examples=4,
                             precision="float64; margins of the bound ≥ 1e-9 relative",
                             tolerance="f_(k+1) ≥ e^(−M² f_k/c) f_k (1 − 1e-12): the rounding of f, 1e-15 relative")
def bound_on_every_step(subject, ev, seed, n, d):
    r"""Separable data (labels $\operatorname{sign}(a_i^\top w_0)$, $n \le 60$, $d \le 4$), $\mu = 0$,
    $H_k = A^\top A/(4n)$ with $c = \lambda_{\min}(A^\top A/(4n)) > 0$, 100 iterations: every step satisfies
    $f_{k+1} \ge e^{-M^2 f_k/c} f_k$, $M = \max_i\lVert a_i\rVert_2$."""
    from ...theorems.grad_norm_smoothness.problems import logistic_data

    a, y = logistic_data(seed, n, d, separable=True)
    problem = Logistic(a, y, 0.0)
    c = _lambda_min(problem)
    ev.assume(c > 1e-6)
    big_m = float(np.max(np.linalg.norm(a, axis=1)))
    trace, why = run(subject, problem, np.zeros(d), n_iters=100, approx_hess=problem.constant_bound())
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    f = np.array(trace.f)
    bound = np.exp(-big_m**2 * f[:-1] / c) * f[:-1]
    slack = (f[1:] - bound * (1 - 1e-12)) / f[:-1]
    worst = int(np.argmin(slack))
    ev.show("a (features)", a)
    ev.show("M, c", [big_m, c])
    ev.show("worst step: k, f_k, f_(k+1), bound", [worst, float(f[worst]), float(f[worst + 1]), float(bound[worst])])
    ev.le(float(bound[worst]) * (1 - 1e-12), float(f[worst + 1]), what="f_(k+1) ≥ e^(−M² f_k/c) f_k",
          labels=("e^(−M² f_k/c) f_k", "f_(k+1)"))
    ev.metric("smallest_slack", float(slack[worst]))


@C.SEPARABLE_SUBLINEAR.check(given=None, precision="float64", tolerance="threshold 0.99 on f_(k+1)/f_k")
def approximations_lose_the_rate(subject, ev):
    r"""The specified separable data, $\mu = 0$, 100 iterations with the constant bound, the diagonal and the
    subsample approximation: with each, some ratio $f_{k+1}/f_k$ exceeds $0.99$, and the constant bound's run
    satisfies the per-step bound."""
    problem, _, _ = logistic_instance(SPEC[0], SPEC[1], SPEC[2], 0.0, separable=True)
    c = _lambda_min(problem)
    big_m = float(np.max(np.linalg.norm(problem.a, axis=1)))
    rows = []
    for name in ("constant", "diagonal", "subsample"):
        trace, why = run(subject, problem, np.zeros(SPEC[2]), n_iters=SPEC_SEPARABLE_ITERATIONS,
                         approx_hess=approximation(problem, name))
        ev.that(trace is not None, f"{name}: the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        f = np.array(trace.f)
        ratios = f[1:] / f[:-1]
        rows.append({"hessian": name, "max_ratio": float(ratios.max()), "f_final": float(f[-1]),
                     "first_above_0.99": int(np.argmax(ratios > Q_LINEAR))})
        ev.metric(f"max_ratio_{name}", float(ratios.max()))
        ev.metric(f"final_{name}", float(f[-1]))
        ev.lt(Q_LINEAR, float(ratios.max()), what=f"largest ratio, {name}", labels=("0.99", f"max f_(k+1)/f_k, {name}"))
        if name == "constant":
            bound = np.exp(-big_m**2 * f[:-1] / c) * f[:-1]
            ev.le(float(np.max(bound * (1 - 1e-12) - f[1:])), 0.0, what="per-step bound, constant",
                  labels=("max of e^(−M² f_k/c) f_k − f_(k+1)", "0"))
    ev.table("separable", rows)
    ev.show("largest ratio per approximation", {r["hessian"]: r["max_ratio"] for r in rows})
