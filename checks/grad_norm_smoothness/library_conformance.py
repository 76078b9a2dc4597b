"""Checks that gns_minimize does what it says: against the port (``formulas.grad_norm_smooth`` with eps = 0) on
logistic and log-sum-exp problems, against the known minimisers of Rosenbrock's and the saddle function where the
release raises or drifts (second-order conditions by eigvalsh), and under rescaling of f."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.grad_norm_smoothness import claims_library as C
from ...theorems.grad_norm_smoothness.formulas import grad_norm_smooth
from ...theorems.grad_norm_smoothness.problems import Logistic, Rosenbrock, Saddle, logistic_data, notebook_logsumexp
from .ground_truth import logistic_instance
from .rates import SPEC
from .strategies import seeds

#: The port with eps = 0 and the library compute λ, the step and the test with the same operations except the dual
#: norm (Binv · g against a Cholesky solve): rounding ~κ(B) ε ≈ 1e-12 on these; f_k then agree to 1e-10.
FOLLOW_RTOL = 1e-10


def _follow(subject, ev, label: str, problem, x0: np.ndarray, iterations: int, *, approx=None, metric=None) -> None:
    hess = approx if approx is not None else problem.hess
    port = grad_norm_smooth(problem.func, problem.grad, hess, x0, n_iters=iterations, B=metric, eps=0.0)
    ok = all(port.accepted)
    ev.that(ok, f"{label}: the port's run has an iteration without an accepted trial", claimed=port.accepted,
            observed=True, labels=("accepted", "every iteration"))
    res = subject(problem.func, problem.grad, hess, x0, metric=metric, max_iterations=iterations)
    ev.show(f"{label}: f_k (library)", res.f.tolist())
    ev.that(res.f.size == len(port.f), f"{label}: the library took {res.iterations} steps, the port {iterations}",
            claimed=res.iterations, observed=iterations, labels=("library", "port"))
    ev.close(res.f, np.array(port.f, dtype=float), rtol=FOLLOW_RTOL, what=f"f_k, {label}",
             labels=("gns_minimize", "port, eps = 0"))


@C.LIBRARY_MINIMIZE.check(given=None, precision="float64", tolerance=f"f_k relative {FOLLOW_RTOL:g} (FOLLOW_RTOL)")
def follows_the_port(subject, ev):
    r"""The specified logistic data ($\mu = 10^{-2}$) with the exact Hessian (6 steps) and the constant bound (30
    steps), and the notebook's log-sum-exp at $n = m = 40$ with $B = AA^\top$ (10 steps): the library's $f_k$ are
    the port's with $\mathrm{eps} = 0$."""
    problem, _, _ = logistic_instance(SPEC[0], SPEC[1], SPEC[2], 1e-2)
    _follow(subject, ev, "logistic, exact", problem, np.zeros(SPEC[2]), 6)
    _follow(subject, ev, "logistic, constant bound", problem, np.zeros(SPEC[2]), 30, approx=problem.constant_bound())
    oracle, x0, metric = notebook_logsumexp(40)
    _follow(subject, ev, "log-sum-exp, B = AAᵀ", oracle, x0, 10, metric=metric)


@C.LIBRARY_MINIMIZE.check(given=None, precision="float64; the minimisers are known; eigenvalues by eigvalsh",
                          tolerance="‖∇f‖ ≤ 1e-8 and ‖x − x*‖ ≤ 1e-6 at the end")
def converges_where_the_release_fails(subject, ev):
    r"""Rosenbrock from $(0, 1)$ (the release raises) reaches $(1, 1)$, the saddle function from $(3, 10^{-3})$
    reaches $(0, 1)$: gradient at most $10^{-8}$, the Hessian positive definite there; from $(3, 0)$ it stops at
    the stationary point $(0, 0)$."""
    cases = (("rosenbrock", Rosenbrock(), np.array([0.0, 1.0]), np.array([1.0, 1.0])),
             ("saddle", Saddle(), np.array([3.0, 1e-3]), np.array([0.0, 1.0])),
             ("saddle line", Saddle(), np.array([3.0, 0.0]), np.array([0.0, 0.0])))
    for label, problem, x0, target in cases:
        res = subject(problem.func, problem.grad, problem.hess, x0, grad_rtol=1e-12, max_iterations=200)
        grad_norm = float(np.linalg.norm(problem.grad(res.x)))
        ev.show(f"{label}: x, ‖∇f‖, status", [res.x.tolist(), grad_norm, res.status])
        if label == "rosenbrock":
            ev.metric("rosenbrock_iterations", res.iterations)
            ev.metric("rosenbrock_rejections", int(sum(res.rejections)))
        ev.le(grad_norm, 1e-8, what=f"‖∇f‖ at the end, {label}", labels=("‖∇f(x)‖", "1e-8"))
        ev.le(float(np.linalg.norm(res.x - target)), 1e-6, what=f"distance to {target.tolist()}, {label}",
              labels=("‖x − x*‖", "1e-6"))
        if label != "saddle line":
            ev.lt(0.0, float(np.linalg.eigvalsh(problem.hess(res.x))[0]), what=f"∇²f ≻ 0, {label}",
                  labels=("0", "smallest eigenvalue of ∇²f"))


def _small_logistic(seed: int) -> Logistic:
    a, y = logistic_data(seed, 50, 3)
    return Logistic(a, y, 0.01)


#: Scales far from 1 in both directions, tried first in every run.
FAR_SCALES = {"seed": 0, "j": 40, "e": -60.0}


@C.LIBRARY_MINIMIZE.check(given={"seed": seeds, "j": st.integers(-100, 100), "e": st.floats(-100, 100)}, examples=2,
                          regressions=[FAR_SCALES], precision="float64",
                          tolerance="bitwise for c = 4^j; relative 1e-12 on x_k for c = 10^e")
def scale_invariance(subject, ev, seed, j, e):
    r"""A small logistic problem ($n = 50$, $d = 3$, $\mu = 0.01$), grad_rtol $= 10^{-8}$: the runs on $cf$ and on $f$
    take the same number of steps, with identical iterates for $c = 4^j$ and iterates within $10^{-12}$ for
    $c = 10^e$."""
    problem = _small_logistic(seed)
    x0 = np.zeros(3)
    base = subject(problem.func, problem.grad, problem.hess, x0, grad_rtol=1e-8)
    ev.show("base run: iterations, x", [base.iterations, base.x.tolist()])
    for c, exact in ((4.0**j, True), (10.0**e, False)):
        scaled = subject(lambda w, c=c: c * problem.func(w), lambda w, c=c: c * problem.grad(w),
                         lambda w, c=c: c * problem.hess(w), x0, grad_rtol=1e-8)
        ev.that(scaled.iterations == base.iterations, f"c = {c:g}: a different number of steps",
                claimed=scaled.iterations, observed=base.iterations, labels=("steps on cf", "steps on f"))
        if exact:
            ev.that(bool(np.array_equal(scaled.x, base.x) and np.array_equal(scaled.gamma, base.gamma)),
                    f"c = 4^{j}: the iterates differ", claimed=scaled.x.tolist(), observed=base.x.tolist(),
                    labels=("x on cf", "x on f"))
        else:
            ev.close(scaled.x, base.x, rtol=1e-12, atol=1e-12 * float(np.max(np.abs(base.x))),
                     what=f"x at c = {c:g}", labels=("x on cf", "x on f"))
