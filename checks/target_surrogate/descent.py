"""T3 (descent beyond the bound), T4 (MM descent and stationarity) and T5 (the linear minimiser): trajectories
against losses computed directly, an L-BFGS minimiser, exact rational normal equations and BFGS on the surrogate."""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import softmax

from ...theorems.target_surrogate import claims as C
from ...theorems.target_surrogate import formulas as F
from ...theorems.target_surrogate.library import linear_mm_step, softmax_cross_entropy
from .bound import _instance
from .strategies import classification, fractions_of_bound, seeds

# A loss decrease is "monotone" up to the rounding of two log-sum-exp sums of size ≤ 2: 1e-14 absolute.
MONO_TOL = 1e-14
SYMMETRIC_X = np.ones((2, 1))
SYMMETRIC_LABELS = np.array([0, 1])


def _mm_losses(x, labels, theta, eta, steps):
    losses = [F.ce_loss(x @ theta, labels)]
    for _ in range(steps):
        _, grad = softmax_cross_entropy(x @ theta, labels, "mean")
        theta = linear_mm_step(theta, x, grad, eta)
        losses.append(F.ce_loss(x @ theta, labels))
    return np.array(losses)


@C.DESCENT_BEYOND.check(
    given={"a": st.floats(0.01, 0.2), "c": st.floats(0.05, 0.98), "seed": seeds},
    examples=8, precision="float64", tolerance=f"{MONO_TOL:g} absolute per step: rounding of the loss",
    regressions=[{"a": 0.05, "c": 0.95, "seed": 0}])
def monotone_below_limit(subject, ev, a, c, seed):
    r"""At $\eta = c \cdot 2/\beta$, 20 exact MM steps never increase the loss: on the symmetric instance (two
    examples, $x = 1$, opposite labels) and on a random linear softmax problem ($n = 20$, $d = 3$, $k = 3$)."""
    eta = c * subject("softmax_ce", 2, "mean")
    sym = _mm_losses(SYMMETRIC_X, SYMMETRIC_LABELS, np.array([[a, -a]]), eta, 20)
    _, x, labels, theta = classification(seed, 20, 3, 3, 2.0)
    rnd = _mm_losses(x, labels, theta, c * subject("softmax_ce", 20, "mean"), 20)
    ev.show("symmetric losses", sym)
    ev.show("random losses", rnd)
    ev.le(float(np.max(np.diff(sym))), MONO_TOL, what="symmetric: largest increase", labels=("increase", "tolerance"))
    ev.le(float(np.max(np.diff(rnd))), MONO_TOL, what="random: largest increase", labels=("increase", "tolerance"))


@C.DESCENT_BEYOND.check(
    given={"eps": st.floats(0.02, 0.5)}, examples=8, precision="float64",
    tolerance="none: the first step's increase is at least 1e-6, far above rounding")
def increase_just_above_limit(subject, ev, eps):
    r"""At $\eta = (1 + \epsilon) \cdot 2/\beta$ the first MM step from $\theta = (0.05, -0.05)$ on the symmetric
    instance increases the loss: $2/\beta$ is sharp."""
    eta = (1 + eps) * subject("softmax_ce", 2, "mean")
    losses = _mm_losses(SYMMETRIC_X, SYMMETRIC_LABELS, np.array([[0.05, -0.05]]), eta, 1)
    ev.show("losses", losses)
    ev.lt(losses[0], losses[1], what="loss increases", labels=("L(z_0)", "L(z_1)"))


# -- T4 -----------------------------------------------------------------------------------------------------------


CANDIDATES = 100


@C.MM_DESCENT.check(
    given={"seed": seeds, "n": st.integers(2, 24), "c": fractions_of_bound,
           "kind": st.sampled_from(["linear", "tanh"])},
    examples=6, precision="float64", tolerance="1e-12 relative to 1 + |L|: rounding of both sides",
    regressions=[{"seed": 3, "n": 12, "c": 1.0, "kind": "tanh"}])
def any_surrogate_decrease(subject, ev, seed, n, c, kind):
    r"""Every one of 100 candidates $\theta$ around $\theta_t$ (radii $10^{-3}$ to $10$) with $g_t(\theta) \le
    g_t(\theta_t)$ has $L(f(\theta)) \le L(f(\theta_t))$, $L$ computed directly."""
    f, _, theta_t, labels = _instance(seed, n, 3, kind, 2.0, 1.0)
    eta = c * 2 * n
    rng = np.random.default_rng(seed + 1)
    g_t = subject(f, theta_t, theta_t, labels, eta)
    loss_t = F.ce_loss(f(theta_t), labels)
    accepted, worst = 0, -np.inf
    for radius in np.geomspace(1e-3, 10, CANDIDATES):
        direction = rng.standard_normal(theta_t.size)
        theta = theta_t + radius * direction / np.linalg.norm(direction)
        if subject(f, theta, theta_t, labels, eta) <= g_t:
            accepted += 1
            worst = max(worst, F.ce_loss(f(theta), labels) - loss_t)
    ev.show("θ_t", theta_t)
    ev.metric("accepted", accepted)
    ev.assume(accepted > 0)
    ev.le(worst, 1e-12 * (1 + loss_t), what="L increase over accepted θ", labels=("max L(θ) − L(θ_t)", "tolerance"))


# Convergence: MM at η = 2n contracts the distance to the minimiser by about 1 − 2λ/β' per step (λ the smallest
# non-zero curvature there, β' = 1/2 the bound); with random labels the probabilities stay near 1/3 and 60 steps
# leave the gradient at rounding level, far below the 1e-8 asserted. The L-BFGS route stops at a gradient norm of
# 1e-12, so the loss values agree to 1e-12 relative (the loss is flat to second order at the minimiser).
STAT_STEPS = 60


@functools.lru_cache(maxsize=1)
def _stationary_problem():
    _, x, labels, theta = classification(2023, 60, 5, 3, 1.0)
    onehot = np.eye(3)[labels]

    def loss_and_grad(flat):
        z = x @ flat.reshape(5, 3)
        p = softmax(z, axis=1)
        return F.ce_loss(z, labels), (x.T @ (p - onehot) / 60).ravel()

    best = minimize(loss_and_grad, theta.ravel(), jac=True, method="L-BFGS-B",
                    options={"gtol": 1e-12, "ftol": 1e-16, "maxiter": 2000})
    return x, labels, theta, loss_and_grad, float(best.fun)


@C.STATIONARY.check(precision="float64; L-BFGS-B to gradient norm 1e-12",
                    tolerance="1e-12 relative on the loss; 1e-8 on the gradient norm")
def reaches_lbfgs_minimiser(subject, ev):
    r"""60 MM steps at $\eta = 2n$ on a linear softmax model ($n = 60$, $d = 5$, $k = 3$, random labels) decrease
    the loss monotonically and reach the loss of the L-BFGS minimiser, with a gradient (written out in the check)
    of norm below $10^{-8}$."""
    x, labels, theta, loss_and_grad, best = _stationary_problem()
    losses = [F.ce_loss(x @ theta, labels)]
    for _ in range(STAT_STEPS):
        _, grad = softmax_cross_entropy(x @ theta, labels, "mean")
        theta = subject(theta, x, grad, 2 * 60.0)
        if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > 1e6:
            break
        losses.append(F.ce_loss(x @ theta, labels))
    ev.finite(theta, "θ after MM")
    ev.show("losses, first 10 steps", np.array(losses[:10]))
    ev.le(float(np.max(np.diff(losses))), MONO_TOL, what="largest loss increase along MM",
          labels=("increase", "tolerance"))
    loss, grad = loss_and_grad(theta.ravel())
    ev.metric("final_gradient_norm", f"{np.linalg.norm(grad):.2e}")
    ev.close(loss, best, rtol=1e-12, what="loss", labels=("L after MM", "L at the L-BFGS minimiser"))
    ev.le(float(np.linalg.norm(grad)), 1e-8, what="‖∇L‖", labels=("‖∇L‖", "1e-8"))


# -- T5 -----------------------------------------------------------------------------------------------------------

ints = st.integers(-4, 4)


@C.LINEAR_MINIMISER.check(
    given={"seed": seeds, "n": st.integers(2, 7), "d": st.integers(1, 3), "k": st.integers(1, 3),
           "eta": st.fractions(Fraction(1, 8), Fraction(8), max_denominator=8)},
    examples=12, precision="exact rationals (sympy) for the truth; float64 for the subject",
    tolerance="1e-9 relative: float64 least squares on integer X with condition number ≤ 1e3",
    confirm=None)
def solves_normal_equations_exactly(subject, ev, seed, n, d, k, eta):
    r"""The subject's step against the exact rational solution of the normal equations
    $X^\top X (\theta - \theta_t) = -\eta X^\top \nabla L$ (integer $X$, rational gradient)."""
    ev.assume(d <= n)
    rng = np.random.default_rng(seed)
    x = rng.integers(-4, 5, size=(n, d))
    ev.assume(np.linalg.matrix_rank(x) == d and np.linalg.cond(x) < 1e3)
    grad = rng.integers(-8, 9, size=(n, k)) / 8
    theta_t = rng.integers(-3, 4, size=(d, k)).astype(float)
    xs = sp.Matrix(x.tolist())
    gs = sp.Matrix([[sp.Rational(int(v * 8), 8) for v in row] for row in grad])
    delta = (xs.T * xs).LUsolve(-sp.Rational(eta.numerator, eta.denominator) * xs.T * gs)
    truth = np.array(theta_t + np.array(delta.tolist(), dtype=float))
    ev.show("X", x)
    ev.show("∇L", grad)
    got = subject(theta_t, x.astype(float), grad, float(eta))
    ev.close(got, truth, rtol=1e-9, atol=1e-9, what="next θ", labels=("closed form", "normal equations"))


@C.LINEAR_MINIMISER.check(
    given={"seed": seeds, "c": st.floats(0.1, 10.0)}, examples=8, precision="float64; BFGS to gradient 1e-11",
    tolerance="1e-10 relative on g: BFGS reaches the minimum value to second order in its gradient tolerance")
def minimises_surrogate_bfgs(subject, ev, seed, c):
    r"""$g_t$ at the closed form equals the minimum found by BFGS on $g_t(\theta)$ (from $\theta_t$), $n = 10$, $d = 3$,
    $k = 2$."""
    rng, x, labels, theta_t = classification(seed, 10, 3, 2, 1.0)
    loss_t, grad = softmax_cross_entropy(x @ theta_t, labels, "mean")
    eta = c

    def g(flat):
        diff = x @ (flat.reshape(3, 2) - theta_t)
        return loss_t + np.sum(grad * diff) + np.sum(diff * diff) / (2 * eta)

    best = minimize(g, theta_t.ravel(), method="BFGS", options={"gtol": 1e-11})
    got = subject(theta_t, x, grad, eta)
    ev.show("X", x)
    ev.close(g(got.ravel()), float(best.fun), rtol=1e-10, atol=1e-12, what="min g",
             labels=("g at closed form", "g at BFGS minimum"))
