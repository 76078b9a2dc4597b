"""Checks of G4 (rejections of the adaptive search) and G3 (local superlinear convergence with the exact
Hessian): rejection counts per iteration, the exact counting identity between rejections and γ, ratios of
f_k − f* in float64 and at 40 digits (``reference``), where the float64 rounding floor is gone."""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import numpy as np

from ...theorems.grad_norm_smoothness import claims_rates as CR
from ...theorems.grad_norm_smoothness import claims_search as CS
from ...theorems.grad_norm_smoothness.problems import Logistic, LogSumExp, logistic_data
from . import reference as R
from .ground_truth import first_below, gaps, logistic_instance, run
from .rates import FLOOR, NAMES, SPEC, TARGET, approximation

# -- G4 ---------------------------------------------------------------------------------------------------------

#: The smallest counterexample: one feature, four samples, μ = 1/10, the constant bound.
ONE_D = Logistic(np.array([[1.0], [-2.0], [0.5], [3.0]]), np.array([1.0, 1.0, -1.0, -1.0]), 0.1)
#: The iterations read: after the first ten, before f − f* reaches the rounding floor (iteration 22 in float64).
WINDOW = range(10, 21)


@functools.cache
def _one_d_reference() -> tuple[list[int], list[float]]:
    """At 30 digits: rejections per iteration of the same run, and f_k − f* (f* by 40 Newton steps)."""
    with mpmath.workdps(30):
        problem = R.MpLogistic(ONE_D.a.tolist(), ONE_D.y.tolist(), mpmath.mpf(1) / 10)
        w = mpmath.matrix([0])
        for _ in range(40):
            w = w - mpmath.lu_solve(problem.hess(w), problem.grad(w))
        f_star = problem.func(w)
        trace = R.run(problem, [0], iterations=WINDOW.stop, approx=problem.constant_bound())
        return ([t - int(a) for t, a in zip(trace.trials, trace.accepted)], [float(v - f_star) for v in trace.f])


def _confirm_one_d(subject) -> tuple[bool, str]:
    """At 30 digits the run rejects trials in iterations 10–20 as well (f − f* stays far above 10⁻³⁰ there)."""
    rejected, gap = _one_d_reference()
    total = sum(rejected[k] for k in WINDOW)
    return total > 0, (f"at 30 digits iterations 10–20 reject {total} trials; f − f* at iteration 20 is "
                       f"{gap[20]:.3g}")


@CS.FIRST_TRY.check(given=None, precision="float64; re-verified with mpmath at 30 digits",
                    tolerance="counts of rejected trials (integers)", confirm=_confirm_one_d)
def rejections_persist_in_one_dimension(subject, ev):
    r"""One feature, $a = (1, -2, \frac12, 3)$, $y = (1, 1, -1, -1)$, $\mu = \frac{1}{10}$, the constant bound
    $H = \frac{1}{4n}\sum_i a_i^2 + \mu$, $w_0 = 0$: if the test were eventually passed at the first trial,
    iterations 10–20 (before the rounding floor) would reject no trial."""
    trace, why = run(subject, ONE_D, np.zeros(1), n_iters=WINDOW.stop, approx_hess=ONE_D.constant_bound())
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    rejected = trace.rejections
    total = sum(rejected[k] for k in WINDOW)
    ev.metric("rejected_trials", total)
    ev.show("rejected trials per iteration 0–20", rejected)
    ev.show("γ_k at k = 10, 15, 20", [trace.gamma[10], trace.gamma[15], trace.gamma[20]])
    ev.that(total == 0, "iterations 10–20 reject trials", claimed=0, observed=total,
            labels=("rejections if eventually first-try", "rejections in iterations 10–20"))


def _log2_exact(ratio: float) -> int | None:
    """log₂ of a ratio of two γ's that are exact powers of two (None if it is not one)."""
    frac = Fraction(ratio)
    for num, den, sign in ((frac.numerator, frac.denominator, 1), (frac.denominator, frac.numerator, -1)):
        if den == 1 and num > 0 and num & (num - 1) == 0:
            return sign * (num.bit_length() - 1)
    return None


@CS.FIRST_TRY_EXACT.check(given=None, precision="float64; γ_k are exact powers of two, so the identity is exact",
                          tolerance="exact integer counts")
def rejections_by_hessian(subject, ev):
    r"""The specified data, $\mu = 10^{-2}$: with the exact Hessian no trial is rejected before
    $f - f^\star < 10^{-10}$; with each approximation the second half $[k_0, K)$ of the run rejects more than one
    trial per iteration, $\gamma_K < \gamma_{k_0}$, and the rejections equal $(K - k_0) - \log_2(\gamma_K/
    \gamma_{k_0})$."""
    problem, f_star, _ = logistic_instance(SPEC[0], SPEC[1], SPEC[2], 1e-2)
    rows = []
    for name in NAMES:
        trace, why = run(subject, problem, np.zeros(SPEC[2]), n_iters=200, approx_hess=approximation(problem, name),
                         grad_tol=1e-9)
        ev.that(trace is not None, f"{name}: the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        hit = first_below(gaps(trace, f_star), TARGET)
        ev.that(hit is not None, f"{name}: f − f* stays above 1e-10", claimed=float(trace.f[-1] - f_star),
                observed=TARGET, labels=("f − f* at the cap", "target"))
        k0 = hit // 2
        rejected = trace.rejections[:hit]
        mean_half = float(np.mean(rejected[k0:]))
        ev.metric(f"mean_rejections_{name}", mean_half)
        rows.append({"hessian": name, "iterations": hit, "rejections": rejected, "gamma_mid": trace.gamma[k0],
                     "gamma_end": trace.gamma[hit], "mean_second_half": mean_half})
        if name == "exact":
            ev.that(sum(rejected) == 0, "the exact Hessian rejects trials", claimed=sum(rejected), observed=0,
                    labels=("rejections, exact Hessian", "0"))
            continue
        ev.that(bool(all(trace.accepted[k0:hit])), f"{name}: an iteration accepted no trial",
                claimed=trace.accepted[k0:hit], observed=True, labels=("accepted", "every iteration"))
        levels = _log2_exact(trace.gamma[hit] / trace.gamma[k0])
        ev.that(levels is not None and sum(rejected[k0:]) == (hit - k0) - levels,
                f"{name}: rejections ≠ (K − k0) − log2(γ_K/γ_k0)", claimed=sum(rejected[k0:]),
                observed=None if levels is None else (hit - k0) - levels,
                labels=("rejections in [k0, K)", "(K − k0) − log2(γ_K/γ_k0)"))
        ev.lt(trace.gamma[hit], trace.gamma[k0], what=f"γ falls, {name}", labels=("γ_K", "γ_k0"))
        ev.lt(1.0, mean_half, what=f"mean rejections, {name}",
              labels=("1", f"mean rejections per iteration, {name}"))
    ev.table("rejections", rows)


# -- G3 ---------------------------------------------------------------------------------------------------------


def _logsumexp_case() -> LogSumExp:
    """m = 30 affine pieces in n = 10 (strongly convex near the minimiser 0), rows and offsets uniform in [−1, 1]."""
    rng = np.random.default_rng(5)
    return LogSumExp(rng.uniform(-1, 1, size=(30, 10)), rng.uniform(-1, 1, size=30), 1.0)


@CR.SUPERLINEAR.check(given=None, precision="float64; f* by Newton and L-BFGS-B (logistic), f(0) (log-sum-exp)",
                      tolerance="ratios read while f − f* > 1e-12 (FLOOR)")
def ratios_fall_in_float64(subject, ev):
    r"""The exact Hessian on the specified logistic data ($\mu = 10^{-2}$, $x_0 = 0$) and on log-sum-exp with
    $m = 30$, $n = 10$ ($x_0 = \mathbf 1$): the last three ratios above the rounding floor decrease, the last one below
    $10^{-2}$."""
    problem, f_star, _ = logistic_instance(SPEC[0], SPEC[1], SPEC[2], 1e-2)
    lse = _logsumexp_case()
    for label, prob, fs, x0 in (("logistic", problem, f_star, np.zeros(SPEC[2])),
                                ("logsumexp", lse, lse.func(np.zeros(10)), np.ones(10))):
        trace, why = run(subject, prob, x0, n_iters=40, grad_tol=1e-12)
        ev.that(trace is not None, f"{label}: the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        gap = gaps(trace, fs)
        above = np.nonzero(gap > FLOOR)[0]
        ratios = [float(max(gap[k + 1], 0.0) / gap[k]) for k in above if k + 1 < gap.size]
        ev.show(f"{label}: f_k − f*", gap)
        ev.metric(f"last_ratio_{label}", ratios[-1])
        ev.that(len(ratios) >= 3 and ratios[-3] > ratios[-2] > ratios[-1], f"{label}: the last ratios do not fall",
                claimed=ratios[-3:], observed="decreasing", labels=("last three ratios", "expected"))
        ev.le(ratios[-1], 1e-2, what=f"last ratio, {label}", labels=("last ratio above the floor", "0.01"))


@functools.cache
def _superlinear_references() -> dict[str, tuple[list[float], list[float]]]:
    """At 40 digits: f_k − f* of the exact-Hessian runs on a small logistic problem (12 samples, d = 3, μ = 1/20)
    and a small log-sum-exp (8 pieces in n = 3), f* by 30 Newton steps; and the float64 instances they mirror."""
    out = {}
    with mpmath.workdps(40):
        a, y = logistic_data(3, 12, 3)
        problems = {"logistic": (R.MpLogistic(a.tolist(), y.tolist(), mpmath.mpf(1) / 20), [0, 0, 0])}
        rng = np.random.default_rng(7)
        lse = LogSumExp(rng.uniform(-1, 1, size=(8, 3)), rng.uniform(-1, 1, size=8), 1.0)
        problems["logsumexp"] = (R.MpLogSumExp(lse.a.tolist(), lse.b.tolist(), 1), [1, 1, 1])
        for label, (problem, x0) in problems.items():
            w = mpmath.matrix([0, 0, 0])
            for _ in range(30):
                w = w - mpmath.lu_solve(problem.hess(w), problem.grad(w))
            f_star = problem.func(w)
            trace = R.run(problem, x0, iterations=12, f_floor=f_star)
            out[label] = ([float(v - f_star) for v in trace.f], [float(f_star)])
    return out


def _float_twins() -> dict[str, tuple[object, np.ndarray]]:
    a, y = logistic_data(3, 12, 3)
    rng = np.random.default_rng(7)
    lse = LogSumExp(rng.uniform(-1, 1, size=(8, 3)), rng.uniform(-1, 1, size=8), 1.0)
    return {"logistic": (Logistic(a, y, 0.05), np.zeros(3)), "logsumexp": (lse, np.ones(3))}


#: f − f* below FLOOR_40 is the 40-digit run's own rounding (f ≈ 1 carried to 40 digits); ratios are read above it.
FLOOR_40 = 1e-35
#: The port (float64) and the 40-digit run agree on f_k − f* to 1e-6 relative while f_k − f* > 1e-9: rounding
#: perturbs x_k by about κ ε ≈ 1e-14 and f − f* relative to itself by ~1e-14/(f − f*)^½ ≤ 1e-9 there.
AGREE_RTOL, AGREE_FROM = 1e-6, 1e-9


@CR.SUPERLINEAR.check(given=None, precision="mpmath, 40 digits; the port in float64 compared while f − f* > 1e-9",
                      tolerance="relative 1e-6 (AGREE_RTOL) between the port and the 40-digit run")
def ratios_fall_at_40_digits(subject, ev):
    r"""A logistic problem (12 samples, $d = 3$, $\mu = \frac{1}{20}$) and a log-sum-exp (8 pieces, $n = 3$) at 40
    digits: the ratios keep falling below $10^{-8}$ (no floor), and the port's float64 run follows the 40-digit
    run while $f - f^\star > 10^{-9}$."""
    refs = _superlinear_references()
    for label, (problem, x0) in _float_twins().items():
        gap_ref, (f_star,) = refs[label]
        ratios = [gap_ref[k + 1] / gap_ref[k] for k in range(len(gap_ref) - 1) if gap_ref[k + 1] > FLOOR_40]
        ev.metric(f"smallest_ratio_{label}", min(ratios))
        ev.show(f"{label}: f_k − f* at 40 digits", gap_ref)
        ev.le(min(ratios), 1e-8, what=f"smallest ratio at 40 digits, {label}",
              labels=("smallest ratio (40 digits)", "1e-8"))
        trace, why = run(subject, problem, x0, n_iters=len(gap_ref) - 1)
        ev.that(trace is not None, f"{label}: the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        port = np.array(trace.f, dtype=float) - f_star
        keep = [k for k in range(min(port.size, len(gap_ref))) if gap_ref[k] > AGREE_FROM]
        ev.show(f"{label}: port f_k − f*", port)
        ev.close(port[keep], np.array(gap_ref)[keep], rtol=AGREE_RTOL, what=f"f_k − f*, {label}",
                 labels=("port (float64)", "40 digits"))
