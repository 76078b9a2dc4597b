"""Checks of the release ports: G7 (the Cholesky failure branch, against the released function's recorded
exception and trajectory, and the eigenvalues of H + λI), G8 (the notebook's Rosenbrock run against the recorded
run and a 40-digit run), G9 (the notebook's log-sum-exp runs against the recorded ones) and the weighted
Gauss–Newton matrix (against the complex step and central differences of the gradient)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.grad_norm_smoothness import claims_release as C
from ...theorems.grad_norm_smoothness.problems import Rosenbrock, Saddle, notebook_logsumexp
from . import reference as R
from . import released_outputs as OUT
from .ground_truth import run
from .strategies import log_uniform, seeds


def single_thread(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``fn`` with BLAS limited to one thread: the matrices are small, and on a busy machine the thread hand-offs
    of a multi-threaded BLAS cost far more than the arithmetic."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return fn(*args, **kwargs)
    return wrapper


def _status_iterations(status: str) -> int:
    """The k of the release's status string "success, k iters"."""
    return int(status.split(",")[1].split()[0])


# -- G7 ---------------------------------------------------------------------------------------------------------


@C.INDEFINITE.check(given=None, precision="float64; eigenvalues by numpy.linalg.eigvalsh",
                    tolerance="the exception's type and message, as recorded from the released function")
def rosenbrock_from_0_1_raises(subject, ev):
    r"""Rosenbrock from $(0, 1)$: $H_0 + \lambda_0 I$ has a negative eigenvalue (eigvalsh), and the port raises the
    exception the released function raised, with its message."""
    problem = Rosenbrock()
    x0 = np.array([0.0, 1.0])
    g = problem.grad(x0)
    lam = float(np.sqrt(g @ g)) / (1.0 + 1e-8)
    eig = np.linalg.eigvalsh(problem.hess(x0) + lam * np.eye(2))
    ev.show("H_0, λ_0, eigenvalues of H_0 + λ_0 I", [problem.hess(x0).tolist(), lam, eig.tolist()])
    ev.lt(float(eig[0]), 0.0, what="H_0 + λ_0 I is indefinite", labels=("smallest eigenvalue", "0"))
    try:
        subject(problem.func, problem.grad, problem.hess, x0, n_iters=60)
        raised = ("no exception", "")
    except UnboundLocalError as exc:
        raised = (type(exc).__name__, str(exc))
    ev.show("the port raised", list(raised))
    ev.that(raised == OUT.ROSENBROCK_FROM_0_1, "the port does not raise what the release raised",
            claimed=list(raised), observed=list(OUT.ROSENBROCK_FROM_0_1), labels=("port", "released function"))


@C.INDEFINITE.check(given=None, precision="float64, exact comparisons; eigenvalues by eigvalsh",
                    tolerance="none: the recorded floats are compared for equality")
def saddle_drift(subject, ev):
    r"""$\frac12 x^2 - \frac12 y^2 + \frac14 y^4$ from $(3, 0)$, 8 iterations: the port's $x_k$, $f_k$, $\gamma_k$ equal
    the released function's; from $k = 2$ every $H + \lambda_k I$ is indefinite, every step equals $\Delta_1$, the
    reported $f_k$ is $f(x_2)$ while $f(x_k)$ grows."""
    problem = Saddle()
    trace, why = run(subject, problem, np.array([3.0, 0.0]), n_iters=8)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    xs = [float(p[0]) for p in trace.points]
    ev.show("x_k (first coordinate), port", xs)
    ev.show("f_k reported, port", [float(v) for v in trace.f])
    ev.that(xs == list(OUT.SADDLE_X1) and all(float(p[1]) == OUT.SADDLE_X2 for p in trace.points),
            "x_k differs from the released run", claimed=xs, observed=list(OUT.SADDLE_X1),
            labels=("port", "released function"))
    ev.that([float(v) for v in trace.f] == list(OUT.SADDLE_F) and list(trace.gamma) == list(OUT.SADDLE_GAMMA),
            "f_k or γ_k differs from the released run", claimed=[trace.f, trace.gamma],
            observed=[list(OUT.SADDLE_F), list(OUT.SADDLE_GAMMA)], labels=("port", "released function"))
    steps = np.diff(np.array(OUT.SADDLE_X1))
    ev.that(bool(np.all(steps[2:] == steps[1])), "the released steps from k = 2 are not Δ_1",
            claimed=steps.tolist(), observed=float(steps[1]), labels=("x_(k+1) − x_k", "Δ_1"))
    for k in range(2, 8):
        x = np.array([OUT.SADDLE_X1[k], 0.0])
        lam = abs(OUT.SADDLE_X1[2]) / (OUT.SADDLE_GAMMA[k] + 1e-8)  # the frozen g is ∇f(x_2) = (x_2, 0)
        ev.lt(float(np.linalg.eigvalsh(problem.hess(x) + lam * np.eye(2))[0]), 0.0,
              what=f"H + λ_k I indefinite at k = {k}", labels=("smallest eigenvalue", "0"))
    true_f = problem.func(np.array([OUT.SADDLE_X1[-1], 0.0]))
    ev.metric("reported_f", float(OUT.SADDLE_F[-1]))
    ev.metric("true_f", float(true_f))
    ev.lt(float(OUT.SADDLE_F[-1]), float(true_f), what="reported f below the true f(x_8)",
          labels=("reported f_8", "f(x_8)"))


# -- G8 ---------------------------------------------------------------------------------------------------------

ROSENBROCK_X0 = np.array([-2.0, 2.0])


@C.ROSENBROCK.check(given=None, precision="float64, exact comparisons with the recorded release",
                    tolerance="none: bitwise equality of the 61 recorded f_k and γ_k")
def matches_the_released_run(subject, ev):
    r"""The notebook's cell: the port's 61 values of $f_k$ and $\gamma_k$ are the released function's, and
    $f_k < 10^{-8}$ within the 60 iterations."""
    problem = Rosenbrock()
    trace, why = run(subject, problem, ROSENBROCK_X0, n_iters=60)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    f = [float(v) for v in trace.f]
    ev.show("f_k, port", f)
    ev.show("γ_k, port", list(trace.gamma))
    hits = [k for k, v in enumerate(f) if v < 1e-8]
    ev.metric("iterations", hits[0] if hits else -1)
    ev.metric("f1", f[1])
    ev.metric("f2", f[2])
    ev.that(f == list(OUT.ROSENBROCK_F), "f_k differs from the released run", claimed=f,
            observed=list(OUT.ROSENBROCK_F), labels=("port", "released function"))
    ev.that(list(trace.gamma) == list(OUT.ROSENBROCK_GAMMA), "γ_k differs from the released run",
            claimed=list(trace.gamma), observed=list(OUT.ROSENBROCK_GAMMA), labels=("port", "released function"))
    ev.that(bool(hits) and trace.status == OUT.ROSENBROCK_STATUS, "f − f* < 1e-8 not reached in 60 iterations",
            claimed=f[-1], observed=1e-8, labels=("f_60", "1e-8"))


@functools.cache
def _rosenbrock_reference() -> tuple[list[float], list[int]]:
    with mpmath.workdps(40):
        trace = R.run(R.MpRosenbrock(), [-2, 2], iterations=54)
        return [float(v) for v in trace.f], [t - int(a) for t, a in zip(trace.trials, trace.accepted)]


@C.ROSENBROCK.check(given=None, precision="mpmath, 40 digits",
                    tolerance="the same rejections per iteration; f_k within 1e-6 relative while f_k > 1e-10")
def agrees_with_40_digits(subject, ev):
    r"""The update run at 40 digits (``reference``) from $(-2, 2)$: the port rejects the same number of trials at
    every iteration while $f_k > 10^{-10}$, and its $f_k$ agrees to $10^{-6}$ (relative) there."""
    ref_f, ref_rejected = _rosenbrock_reference()
    problem = Rosenbrock()
    trace, why = run(subject, problem, ROSENBROCK_X0, n_iters=54)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    keep = [k for k in range(min(len(ref_f), len(trace.f)) - 1) if ref_f[k] > 1e-10]
    ev.show("rejections, 40 digits", ref_rejected)
    ev.show("rejections, port", trace.rejections)
    ev.metric("same_decisions", len(keep))
    ev.that([trace.rejections[k] for k in keep] == [ref_rejected[k] for k in keep],
            "the port and the 40-digit run reject differently", claimed=trace.rejections[: len(keep)],
            observed=ref_rejected[: len(keep)], labels=("port", "40 digits"))
    ev.close(np.array([trace.f[k] for k in keep], dtype=float), np.array([ref_f[k] for k in keep]), rtol=1e-6,
             what="f_k", labels=("port", "40 digits"))


# -- G9 ---------------------------------------------------------------------------------------------------------

#: The recorded and the port's f_k agree to LSE_RTOL: the same operations in the same order (bitwise on the machine
#: that recorded them); another BLAS may sum the 200-term products in another order, ~200 ε relative per product.
LSE_RTOL = 1e-9
#: Iterations compared first on short runs (the mutants differ from the recorded run within them).
HEAD = 2


@functools.cache
def _notebook(n: int):
    oracle, x0, b = notebook_logsumexp(n)
    return oracle, x0, b, np.linalg.inv(b), oracle.func(np.zeros(n))


@C.LOGSUMEXP.check(given=None, precision="float64 (BLAS on one thread), against the recorded release runs",
                   tolerance=f"f_k relative {LSE_RTOL:g} (LSE_RTOL); the iteration counts exactly")
@single_thread
def both_reach_the_tolerance(subject, ev):
    r"""$n = m = 200$ (thorough: also 1000): the port's first values of $f_k$ and then its whole runs match the
    released function's recorded runs; both reach $f - f^\star < 10^{-8}$, the exact Hessian in fewer iterations."""
    oracle, x0, b, b_inv, f_star = _notebook(200)
    ev.close(f_star, OUT.LOGSUMEXP_200_F_STAR, rtol=LSE_RTOL, what="f* = f(0)", labels=("port", "released function"))
    recorded = {"exact": (None, OUT.LOGSUMEXP_200_EXACT_F, OUT.LOGSUMEXP_200_EXACT_STATUS),
                "gauss_newton": (oracle.gauss_newton, OUT.LOGSUMEXP_200_GAUSS_NEWTON_F,
                                 OUT.LOGSUMEXP_200_GAUSS_NEWTON_STATUS)}
    for name, (approx, f_rec, _) in recorded.items():
        trace, why = run(subject, oracle, x0, n_iters=HEAD, approx_hess=approx, B=b, Binv=b_inv, f_star=f_star)
        ev.that(trace is not None, f"{name}: the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        ev.close(np.array(trace.f, dtype=float), np.array(f_rec[: HEAD + 1]), rtol=LSE_RTOL,
                 what=f"first f_k, {name}", labels=("port", "released function"))
    counts = {}
    for name, (approx, f_rec, status) in recorded.items():
        trace, why = run(subject, oracle, x0, n_iters=100, approx_hess=approx, B=b, Binv=b_inv, f_star=f_star)
        ev.that(trace is not None, f"{name}: the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        ev.show(f"{name}: status, f_k", [trace.status, [float(v) for v in trace.f]])
        ev.that(trace.status == status, f"{name}: status differs from the released run", claimed=trace.status,
                observed=status, labels=("port", "released function"))
        ev.close(np.array(trace.f, dtype=float), np.array(f_rec), rtol=LSE_RTOL, what=f"f_k, {name}",
                 labels=("port", "released function"))
        counts[name] = _status_iterations(trace.status)
        ev.metric(f"iterations_{name}", counts[name])
    ev.metric("released_1000_exact", _status_iterations(OUT.LOGSUMEXP_1000_EXACT_STATUS))
    ev.metric("released_1000_gauss_newton", _status_iterations(OUT.LOGSUMEXP_1000_GAUSS_NEWTON_STATUS))
    ev.lt(counts["exact"], counts["gauss_newton"], what="exact Hessian needs fewer iterations",
          labels=("iterations, exact", "iterations, weighted Gauss–Newton"))
    if ev.profile == "thorough":
        oracle, x0, b, b_inv, f_star = _notebook(1000)
        for approx, head, status in ((None, OUT.LOGSUMEXP_1000_EXACT_F_HEAD, OUT.LOGSUMEXP_1000_EXACT_STATUS),
                                     (oracle.gauss_newton, OUT.LOGSUMEXP_1000_GAUSS_NEWTON_F_HEAD,
                                      OUT.LOGSUMEXP_1000_GAUSS_NEWTON_STATUS)):
            trace, why = run(subject, oracle, x0, n_iters=200, approx_hess=approx, B=b, Binv=b_inv, f_star=f_star)
            ev.that(trace is not None and trace.status == status, "n = 1000: status differs from the released run",
                    claimed=why or trace.status, observed=status, labels=("port", "released function"))
            ev.close(np.array(trace.f[:3], dtype=float), np.array(head), rtol=LSE_RTOL, what="n = 1000: first f_k",
                     labels=("port", "released function"))


# -- the weighted Gauss–Newton matrix ------------------------------------------------------------------------------


def _complex_gradient(a: np.ndarray, b: np.ndarray, mu: float, x: np.ndarray) -> np.ndarray:
    """Ãᵀ softmax((Ãx − b)/μ), complex-safe (the shift by the largest real part is constant along the step)."""
    s = (a @ x - b) / mu
    e = np.exp(s - np.max(s.real))
    return a.T @ (e / np.sum(e))


@C.RANK_ONE.check(given={"seed": seeds, "m": st.integers(2, 8), "n": st.integers(1, 5), "mu": log_uniform(0.1, 10.0),
                         "spread": st.floats(0.0, 3.0)}, examples=8,
                  precision="complex step (h = 1e-20) and central differences (h = 1e-5) of the gradient",
                  tolerance="Hessian: 1e-9 of its largest entry + 1e-13 a²/μ (complex step; the oracle's "
                            "Aᵀ diag(π) A − ggᵀ cancels to that), central differences 1e-5 + 1e-9 (a + a³/μ²) "
                            "(roundoff ε a/h, "
                            "truncation h² a³/μ²), a = max|ã_ij|; identity: 1e-12 of the largest entry")
def matches_the_gradient_outer_product(subject, ev, seed, m, n, mu, spread):
    r"""Drawn $A$ ($m \le 8$, $n \le 5$), $b$, $\mu \in [0.1, 10]$ and a point $x$: the oracle's Hessian equals the
    complex-step Jacobian of the gradient (and central differences), and the weighted Gauss–Newton matrix minus the
    Hessian equals $\frac1\mu\nabla f\nabla f^\top$."""
    rng = np.random.default_rng(seed)
    oracle = subject(rng.uniform(-1, 1, size=(m, n)), rng.uniform(-1, 1, size=m), mu)
    x = rng.normal(size=n) * spread
    a, b = oracle.a, oracle.b
    hess, gn, g = oracle.hess(x), oracle.gauss_newton(x), oracle.grad(x)
    eye = np.eye(n)
    by_cs = np.array([_complex_gradient(a, b, mu, x + 1e-20j * eye[j]).imag / 1e-20 for j in range(n)]).T
    by_cd = np.array([(_complex_gradient(a, b, mu, x + 1e-5 * eye[j]) - _complex_gradient(a, b, mu, x - 1e-5 * eye[j]))
                      .real / 2e-5 for j in range(n)]).T
    scale = float(np.max(np.abs(by_cs))) + 1e-300
    amax = float(np.max(np.abs(a)))
    ev.show("Ã (shifted rows), x", [a.tolist(), x.tolist()])
    ev.close(by_cd, by_cs, atol=1e-5 * scale + 1e-9 * (amax + amax**3 / mu**2),
             what="central differences vs complex step", labels=("central differences", "complex step"))
    ev.close(hess, by_cs, atol=1e-9 * scale + 1e-13 * amax**2 / mu, what="Hessian",
             labels=("oracle's Hessian", "complex step of ∇f"))
    ev.close(gn - hess, np.outer(g, g) / mu, atol=1e-12 * (float(np.max(np.abs(gn))) + 1e-300),
             what="Gauss–Newton − Hessian", labels=("H_WGN − ∇²f", "∇f ∇fᵀ/μ"))
