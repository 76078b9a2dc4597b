"""Checks of the abstract's statement (i) on the loss (Tyurin, arXiv 2412.08424).

Reading A (f(θ_t)/γ tends to a positive slope at non-separating iterates), reading B (the loss at
every unsolved iterate grows with γ) and reading C (the loss at the first solving iterate grows
with γ); counterexamples are re-evaluated at 60 digits.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.perceptron.claims import LOSS_AT_SOLUTION, LOSS_MONOTONE, LOSS_SLOPE
from ...theorems.perceptron.formulas import bp_exact
from ...theorems.perceptron.library import (
    Problem,
    _count,
    _loss,
    _lr_step,
    _margins,
    _solved,
    as_problem,
    iterations_to_solve,
    logistic_loss,
    lr_gd,
)
from .limits import LIMIT_EXPONENT, _f
from .numerics import mp_count, mp_loss, mp_lr_iterates
from .strategies import gaussian_data, separable, small_integer_data, thm51_problem

# -- abstract (i): losses ------------------------------------------------------------------------


@LOSS_SLOPE.check(given={"data": st.one_of(gaussian_data((4, 10), (2, 2)), st.integers(3, 60).map(thm51_problem)),
                         "pick": st.integers(0, 100)}, examples=15,
                  tolerance=r"$\log 2/\gamma$ + 1e-9: $f(\theta_t)/\gamma - \text{slope} = "
                            r"\frac{1}{n\gamma}\sum_i \log(1 + e^{-\gamma|m_i|}) \le \log 2/\gamma$")
def loss_over_gamma_matches_slope(subject, ev, data, pick):
    r"""$f(\theta_t)/\gamma$ from float64 LR+GD at $\gamma = 60/\min_i |m_i|$ equals the claimed slope at a
    non-separating $t$."""
    A, y = data
    A_f, y_f = np.asarray([[float(v) for v in r] for r in A]), np.asarray(y, dtype=float)
    count = iterations_to_solve("bp", A, y, exact=True, max_iter=1000)
    ev.assume(count is not None and count >= 2)
    t = 1 + pick % (count - 1)
    bp = bp_exact(A, y, t)
    prob = as_problem(A, y, exact=True)
    mins = [abs(float(v)) for s in range(1, t + 1) for v in _margins(prob, bp[s])]
    ev.assume(min(mins) >= 1e-4)
    gamma = LIMIT_EXPONENT / min(mins)
    th = lr_gd(A_f, y_f, gamma, t)[t]
    f_over_gamma = logistic_loss(A_f, y_f, th) / gamma
    claimed = subject(A_f, y_f, _f(bp[t]))
    ev.show("A", A_f)
    ev.show("y", y_f)
    ev.show("t", t)
    ev.show("γ", gamma)
    ev.show("θ̂_t (exact BP)", _f(bp[t]))
    ev.show("θ_t (LR+GD)", th)
    ev.show("claimed slope", claimed)
    ev.show("f(θ_t)/γ", f_over_gamma)
    ev.close(claimed, f_over_gamma, atol=math.log(2) / gamma + 1e-9, what="f(θ_t)/γ",
             context=f"t={t}, γ={gamma:.4g}", labels=("claimed slope", "f(θ_t)/γ from LR+GD"))


def _lr_iterate(prob: Problem, gamma: float, t: int) -> np.ndarray:
    """θ_t of the library's LR+GD from θ_0 = 0 (``lr_gd``'s update, on data validated once)."""
    th = np.zeros(prob.d)
    for _ in range(t):
        th = _lr_step(prob, th, gamma)
    return th


def _float_loss_and_solved(A: Any, y: Any, gamma: float, t: int) -> tuple[float, bool, Any]:
    """f(θ_t) (the library's ``logistic_loss``), whether θ_t solves (1), and θ_t, for LR+GD at step γ."""
    prob = as_problem(A, y)
    th = _lr_iterate(prob, gamma, t)
    return _loss(prob, th), _solved(prob.rows @ th), th


def _confirm_loss_order(subject, data, g1, g2, t=None, **_: Any):
    """60 digits: recompute the two losses (and whether the iterates solve (1), margins > 1e-40)."""
    A, y = data
    out = []
    for g in (g1, g2):
        tt = t if t is not None else mp_count(A, y, g, 5000)
        if tt is None:
            return False, "no solving iterate within 5000 steps at 60 digits"
        its = mp_lr_iterates(A, y, g, tt)
        m = [sum(float(v) * int(lab) * float(c) for v, c in zip(row, its[tt])) for row, lab in zip(A, y)]
        out.append((mp_loss(A, y, its[tt]), all(v > 1e-30 for v in m), tt))
    (f1, s1, t1), (f2, s2, t2) = out
    solved_ok = (not s1 and not s2) if t is not None else True
    ok = solved_ok and f1 > f2
    return ok, (f"A={A}, y={y}: f = {mpmath.nstr(f1, 15)} at γ={g1} (t={t1}) > f = {mpmath.nstr(f2, 15)} "
                f"at γ={g2} (t={t2}), 60 digits")


def _gamma_pair() -> st.SearchStrategy:
    return st.tuples(st.sampled_from([0.1, 0.2, 0.5, 1.0, 2.0, 5.0]), st.sampled_from([1.0, 2.0, 10.0, 100.0]))


# The counterexamples the searches below shrink to (ci seed), written out: the checks try them first, so a run
# does not repeat the search and the shrinking that found them; the hand-built checks further down show them alone.
HAND_LOSS_MONOTONE = (([[0, 1], [1, 1]], [1, -1]), (0.1, 1.0), 1)
HAND_LOSS_AT_SOLUTION = (([[1]], [1]), (0.1, 1.0))


@LOSS_MONOTONE.check(given={"data": small_integer_data(3, 2, 2), "gammas": _gamma_pair(), "t": st.integers(1, 3)},
                     examples=15,
                     regressions=[dict(zip(("data", "gammas", "t"), HAND_LOSS_MONOTONE))],
                     confirm=lambda subject, data, gammas, t: _confirm_loss_order(subject, data, *sorted(gammas), t=t),
                     tolerance="relative 1e-12: float64 loss evaluation")
def loss_nondecreasing_in_gamma_at_unsolved_iterates(subject, ev, data, gammas, t):
    """At an iterate that solves (1) for neither γ, the loss at the larger γ is at least the loss at the smaller."""
    A, y = data
    g1, g2 = sorted(gammas)
    ev.assume(g1 < g2)
    f1, s1, th1 = _float_loss_and_solved(A, y, g1, t)
    f2, s2, th2 = _float_loss_and_solved(A, y, g2, t)
    ev.assume(not s1 and not s2)
    if f1 > f2 * (1 + 1e-12):  # only then is the (costlier) separability LP needed
        ev.assume(separable(A, y))
    ev.show(f"θ_t at γ = {g1}", th1)
    ev.show(f"θ_t at γ = {g2}", th2)
    ev.le(f1, f2 * (1 + 1e-12), what="f(θ_t) at smaller γ ≤ at larger γ", context=f"t={t}, γ={g1} < {g2}",
          labels=(f"f(θ_t) at γ = {g1}", f"f(θ_t) at γ = {g2}"))


@LOSS_AT_SOLUTION.check(given={"data": small_integer_data(3, 2, 2), "gammas": _gamma_pair()}, examples=40,
                        regressions=[dict(zip(("data", "gammas"), HAND_LOSS_AT_SOLUTION))],
                        confirm=lambda subject, data, gammas: _confirm_loss_order(subject, data, *sorted(gammas)),
                        tolerance="relative 1e-12: float64 loss evaluation")
def loss_at_first_solution_nondecreasing(subject, ev, data, gammas):
    """The loss at the first solving iterate is at least as large for the larger γ."""
    A, y = data
    g1, g2 = sorted(gammas)
    ev.assume(g1 < g2 and separable(A, y))
    prob_f = as_problem(A, y)
    c1, c2 = _count(prob_f, "lr", g1, 5000), _count(prob_f, "lr", g2, 5000)
    ev.assume(c1 is not None and c2 is not None)
    th1, th2 = _lr_iterate(prob_f, g1, c1), _lr_iterate(prob_f, g2, c2)
    f1, f2 = _loss(prob_f, th1), _loss(prob_f, th2)
    ev.show(f"first solving iterate at γ = {g1} (t = {c1})", th1)
    ev.show(f"first solving iterate at γ = {g2} (t = {c2})", th2)
    ev.le(f1, f2 * (1 + 1e-12), what="f at first solution, smaller γ ≤ larger γ", context=f"γ={g1} < {g2}",
          labels=(f"f at γ = {g1}", f"f at γ = {g2}"))


# -- hand-readable counterexamples (the shrunk ones above, written out) ------------------------------


@LOSS_MONOTONE.check(precision="float64, re-evaluated at 60 digits", tolerance="relative 1e-12",
                     confirm=lambda subject: _confirm_loss_order(subject, HAND_LOSS_MONOTONE[0],
                                                                 *HAND_LOSS_MONOTONE[1], t=1))
def hand_built_dataset_loss(subject, ev):
    r"""$a_1 = (0, 1)$, $y_1 = +1$; $a_2 = (1, 1)$, $y_2 = -1$; $t = 1$ ($\theta_1$ leaves $a_1$ on the
    hyperplane for every $\gamma$)."""
    (A, y), (g1, g2), t = HAND_LOSS_MONOTONE
    ev.metric("loss_at_smaller_gamma", _float_loss_and_solved(A, y, g1, t)[0])
    ev.metric("loss_at_larger_gamma", _float_loss_and_solved(A, y, g2, t)[0])
    loss_nondecreasing_in_gamma_at_unsolved_iterates(subject, ev, *HAND_LOSS_MONOTONE)


@LOSS_AT_SOLUTION.check(precision="float64, re-evaluated at 60 digits", tolerance="relative 1e-12",
                        confirm=lambda subject: _confirm_loss_order(subject, *HAND_LOSS_AT_SOLUTION[0:1],
                                                                    *HAND_LOSS_AT_SOLUTION[1]))
def hand_built_single_point(subject, ev):
    r"""One point $a = 1$, $y = +1$: $\theta_1 = \gamma/2$ solves (1) and $f(\theta_1) = \log(1 + e^{-\gamma/2})$
    falls with $\gamma$."""
    loss_at_first_solution_nondecreasing(subject, ev, *HAND_LOSS_AT_SOLUTION)
