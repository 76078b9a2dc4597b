"""Checks of G6 and of the step's limits: the indefinite counterexample (re-verified at 40 digits), positive
definite quadratics (the port against Newton's step by LU and by the eigendecomposition, and against the
40-digit reference run), and the first trial step at γ₀ = 10⁻⁶ and 10⁷ with a general metric B."""

from __future__ import annotations

import functools

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.grad_norm_smoothness import claims_search as CS
from ...theorems.grad_norm_smoothness.problems import Logistic, Quadratic, logistic_data
from . import reference as R
from .ground_truth import run
from .strategies import seeds

# -- G6: the indefinite counterexample ---------------------------------------------------------------------------

INDEFINITE = Quadratic(np.diag([1.0, -1.0]), np.zeros(2))
INDEFINITE_X0 = np.array([1.0, 1.0])
STEPS = 20
#: The claim predicts a distance to Newton's step tending to 0; the check asks for 10⁻² at iteration 20.
NEWTON_TOL = 1e-2


def _newton_distance(a: np.ndarray, point: np.ndarray, b: np.ndarray, step: np.ndarray) -> float:
    newton = -np.linalg.solve(a, a @ point - b)
    return float(np.linalg.norm(step - newton) / np.linalg.norm(newton))


@functools.cache
def _indefinite_reference() -> tuple[float, float]:
    """At 40 digits: the relative distance of step 20 to Newton's step, and λ_20."""
    with mpmath.workdps(40):
        problem = R.MpQuadratic([[1, 0], [0, -1]], [0, 0])
        trace = R.run(problem, [1, 1], iterations=STEPS + 1)
        x, step = trace.points[STEPS], trace.steps[STEPS]
        newton = -(mpmath.matrix([[1, 0], [0, -1]]) ** -1 * problem.grad(x))
        dist = mpmath.norm(step - newton) / mpmath.norm(newton)
        g = problem.grad(x)
        lam = mpmath.norm(g) / (trace.gamma[STEPS] + mpmath.mpf("1e-8"))
        return float(dist), float(lam)


def _confirm_indefinite(subject) -> tuple[bool, str]:
    """At 40 digits the step at iteration 20 is as far from Newton's."""
    dist, lam = _indefinite_reference()
    return dist > NEWTON_TOL, f"at 40 digits: relative distance {dist:.6f}, λ_20 = {lam:.6f}"


@CS.NEWTON_LIMIT.check(given=None, precision="float64; re-verified with mpmath at 40 digits",
                       tolerance=f"relative distance to Newton's step ≤ {NEWTON_TOL:g} at iteration {STEPS}",
                       confirm=_confirm_indefinite)
def indefinite_quadratic(subject, ev):
    r"""$A = \operatorname{diag}(1, -1)$, $b = 0$, $x_0 = (1, 1)$: under the claim the step at iteration 20 is within
    $10^{-2}$ (relative) of Newton's step $-A^{-1}\nabla f(x_{20})$."""
    trace, why = run(subject, INDEFINITE, INDEFINITE_X0, n_iters=STEPS + 1)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    dist = _newton_distance(INDEFINITE.a, trace.points[STEPS], INDEFINITE.b, trace.steps[STEPS])
    ev.metric("distance_at_20", dist)
    ev.show("λ_k at k = 0, 5, 10, 20", [trace.lambdas[k] for k in (0, 5, 10, STEPS)])
    ev.show("x_20, step 20", [trace.points[STEPS].tolist(), trace.steps[STEPS].tolist()])
    ev.show("rejections, factorisation failures", [sum(trace.rejections), sum(trace.failed)])
    ev.le(dist, NEWTON_TOL, what="distance to Newton's step", labels=("‖Δ_20 − Δ_N‖/‖Δ_N‖", "0.01"))


# -- G6: positive definite quadratics -----------------------------------------------------------------------------


def _spd(seed: int, d: int, log_cond: float, log_scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A = Q diag(h) Qᵀ with eigenvalues geometric over 10^log_cond, scaled by 10^log_scale; b and x₀ normal."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    h = np.geomspace(1.0, 10.0**log_cond, d) * 10.0**log_scale
    a = (q * h) @ q.T
    return 0.5 * (a + a.T), rng.normal(size=d), rng.normal(size=d)


#: Iterations read: while f − f* > 1e-9 (f − f*)_0 — well above rounding (κ ε |f| ≤ 1e-4 · 1e-16 relative).
READ_FROM = 1e-9


@CS.NEWTON_LIMIT_CONVEX.check(given={"seed": seeds, "d": st.integers(1, 6), "log_cond": st.floats(0, 4),
                                     "log_scale": st.floats(-3, 3)}, examples=4,
                              precision="float64; Newton's step by LU and by eigh, cross-checked to 1e-9",
                              tolerance="distance bound × (1 + 1e-6) + 1e-9 (rounding of the two solves)")
def every_trial_accepted(subject, ev, seed, d, log_cond, log_scale):
    r"""Drawn $A \succ 0$ ($d \le 6$, condition number up to $10^4$, scale $10^{\pm 3}$): while
    $f_k - f^\star > 10^{-9}(f_0 - f^\star)$ no trial is rejected, $\gamma_k = 2^k$, and
    $\lVert\Delta_k - \Delta_k^N\rVert \le \frac{\lambda_k}{h_{\min} + \lambda_k}\lVert\Delta_k^N\rVert$."""
    a, b, x0 = _spd(seed, d, log_cond, log_scale)
    problem = Quadratic(a, b)
    w, u = np.linalg.eigh(a)
    x_star = np.linalg.solve(a, b)
    f_star = problem.func(x_star)
    g0 = float(np.linalg.norm(a @ x0 - b))
    trace, why = run(subject, problem, x0, n_iters=40, grad_tol=1e-7 * g0)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    gap = np.array(trace.f) - f_star
    kept = [k for k in range(len(trace.steps)) if gap[k] > READ_FROM * gap[0]]
    ev.show("A", a)
    ev.show("rejections per iteration", trace.rejections)
    ev.that(sum(trace.rejections[k] for k in kept) == 0, "a trial was rejected",
            claimed=[trace.rejections[k] for k in kept], observed=0, labels=("rejections", "0"))
    ev.that(all(trace.gamma[k] == 2.0**k for k in kept), "γ_k ≠ 2^k", claimed=[trace.gamma[k] for k in kept],
            observed=[2.0**k for k in kept], labels=("γ_k", "2^k"))
    for k in kept:
        g = a @ trace.points[k] - b
        newton = -np.linalg.solve(a, g)
        by_eigen = -(u / w) @ (u.T @ g)
        ev.that(bool(np.linalg.norm(newton - by_eigen) <= 1e-9 * np.linalg.norm(newton)),
                "LU and eigh disagree on Newton's step", claimed=newton.tolist(), observed=by_eigen.tolist(),
                labels=("LU", "eigh"))
        lam = trace.lambdas[k]
        bound = lam / (w[0] + lam) * float(np.linalg.norm(newton))
        ev.le(float(np.linalg.norm(trace.steps[k] - newton)), bound * (1 + 1e-6) + 1e-9 * float(np.linalg.norm(newton)),
              what="distance to Newton's step", context=f"k={k}",
              labels=("‖Δ_k − Δ_N‖", "λ_k/(h_min + λ_k) ‖Δ_N‖"))


@functools.cache
def _convex_reference() -> list[float]:
    """At 40 digits: f_k of the reference run on A = [[2, 1], [1, 3]], b = (1, −1), x₀ = (3, 3), 10 iterations."""
    with mpmath.workdps(40):
        trace = R.run(R.MpQuadratic([[2, 1], [1, 3]], [1, -1]), [3, 3], iterations=10)
        assert all(trace.accepted) and all(t == 1 for t in trace.trials), "the reference rejected a trial"
        assert len(trace.f) >= 8, "the reference stopped early"
        return [float(v) for v in trace.f]


@CS.NEWTON_LIMIT_CONVEX.check(given=None, precision="mpmath, 40 digits",
                              tolerance="f_k within 1e-12 relative of the 40-digit run (|f| ≥ 0.4)")
def follows_the_40_digit_run(subject, ev):
    r"""$A = \begin{pmatrix}2 & 1\\ 1 & 3\end{pmatrix}$, $b = (1, -1)$, $x_0 = (3, 3)$: the 40-digit reference
    accepts every first trial, and the port's $f_k$ matches it while the reference runs (until its gradient is
    exactly 0, after at least 7 iterations), with no rejection while $f_k - f^\star > 10^{-10}\lvert f^\star\rvert$."""
    ref = _convex_reference()
    problem = Quadratic(np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([1.0, -1.0]))
    trace, why = run(subject, problem, np.array([3.0, 3.0]), n_iters=10)
    ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
            labels=("the run", "expected"))
    ev.show("f_k, 40 digits (it stops where its gradient is exactly 0)", ref)
    ev.close(np.array(trace.f[: len(ref)], dtype=float), np.array(ref), rtol=1e-12, what="f_k",
             labels=("port (float64)", "40 digits"))
    f_star = problem.func(np.linalg.solve(problem.a, problem.b))
    above = [k for k in range(len(trace.rejections)) if trace.f[k] - f_star > 1e-10 * abs(f_star)]
    ev.that(sum(trace.rejections[k] for k in above) == 0, "the port rejected a trial above the rounding floor",
            claimed=trace.rejections, observed=0, labels=("rejections", "0"))


# -- the step's limits ---------------------------------------------------------------------------------------------

EPS = 1e-8
SMALL, LARGE = 1e-6, 1e7


def _metric(rng: np.random.Generator, d: int, identity: bool) -> np.ndarray:
    if identity:
        return np.eye(d)
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    m = (q * np.geomspace(0.1, 10.0, d)) @ q.T
    return 0.5 * (m + m.T)


@CS.STEP_LIMITS.check(given={"seed": seeds, "d": st.integers(1, 5), "identity": st.booleans()}, examples=6,
                      precision="float64; limits by numpy.linalg.solve",
                      tolerance="first-order terms: 4(γ + eps)‖H‖_B/‖g‖_* (small γ), 4λ‖B‖/λ_min(H) (large γ)")
def first_step_at_extreme_gamma(subject, ev, seed, d, identity):
    r"""A positive definite quadratic and a metric $B$ ($I$ or drawn, condition number 100): the first trial at
    $\gamma_0 = 10^{-6}$ is $-(\gamma_0 + \mathrm{eps})B^{-1}g/\lVert g\rVert_*$ to first order (accepted, with test
    ratio 8), and at $\gamma_0 = 10^{7}$ it is Newton's step $-H^{-1}g$ to first order; on a logistic problem the
    first trial at $\gamma_0 = 10^{-6}$ is accepted as well, and the first at $\gamma_0 = 10^{7}$ is rejected."""
    rng = np.random.default_rng(seed)
    a, b, x0 = _spd(seed, d, 2.0, 0.0)
    metric = _metric(rng, d, identity)
    problem = Quadratic(a, b)
    g = a @ x0 - b
    dual = float(np.sqrt(g @ np.linalg.solve(metric, g)))
    inv_sqrt = np.linalg.inv(np.linalg.cholesky(metric))
    h_norm = float(np.linalg.norm(inv_sqrt @ a @ inv_sqrt.T, 2))
    ev.show("H, B", [a.tolist(), metric.tolist()])
    errors = {}
    for gamma0, limit, tol in ((SMALL, -(SMALL + EPS) * np.linalg.solve(metric, g) / dual,
                                4 * (SMALL + EPS) * h_norm / dual),
                               (LARGE, -np.linalg.solve(a, g),
                                4 * dual / LARGE * np.linalg.norm(metric, 2) / np.linalg.eigvalsh(a)[0])):
        trace, why = run(subject, problem, x0, n_iters=1, gamma_0=gamma0, B=metric)
        ev.that(trace is not None, f"the run failed ({why})", claimed=why, observed="a finite run",
                labels=("the run", "expected"))
        err = float(np.linalg.norm(trace.steps[0] - limit) / np.linalg.norm(limit))
        errors[gamma0] = err
        ev.show(f"γ₀ = {gamma0:g}: step, limit", [trace.steps[0].tolist(), limit.tolist()])
        ev.le(err, tol, what=f"relative distance to the limit at γ₀ = {gamma0:g}",
              labels=("‖Δ − limit‖/‖limit‖", "first-order bound"))
        if gamma0 == SMALL:
            lam = trace.lambdas[0]
            new_g = a @ trace.points[1] - b
            ratio = (trace.f[0] - trace.f[1]) / (float(new_g @ np.linalg.solve(metric, new_g)) / (8 * lam))
            ev.close(ratio, 8.0, rtol=1e-3, what="test ratio at γ₀ = 1e-6", labels=("test ratio", "8"))
    ev.metric("small_gamma_error", errors[SMALL])
    ev.metric("large_gamma_error", errors[LARGE])
    feats, labels = logistic_data(seed % 1000, 30, d)
    logistic = Logistic(feats, labels, 0.0)
    trace, why = run(subject, logistic, np.zeros(d), n_iters=1, gamma_0=SMALL, B=metric)
    ev.that(trace is not None and trace.accepted[0] and trace.trials[0] == 1,
            "the first trial at γ₀ = 1e-6 is rejected on the logistic problem", claimed=why or trace.rejections,
            observed=0, labels=("rejections", "0"))
    trace, why = run(subject, logistic, np.zeros(d), n_iters=1, gamma_0=LARGE, B=metric)
    ev.that(trace is not None and trace.rejections[0] >= 1,
            "the first trial at γ₀ = 1e7 is accepted on the logistic problem", claimed=why or trace.rejections,
            observed="at least 1", labels=("rejections", "expected"))
