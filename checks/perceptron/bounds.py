"""Checks of the iteration bounds (Tyurin, arXiv 2412.08424).

Thm 3.3 (BP within n R²/μ²), Thm 5.2 (Perceptron, Novikoff), Thm 5.3 (NBP), Thm 6.1 (Normalized
LR+GD) and the Jensen step of Thm 6.1's proof. Counts come from running the algorithms (exact
rationals where the data are rational), μ from the QP.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import optimize

from ...theorems.perceptron.claims import BP_BOUND, JENSEN, NBP_BOUND, NLR_BOUND, PERCEPTRON_BOUND
from ...theorems.perceptron.library import _count, as_problem, data_radius, max_margin
from .numerics import mp_lr_iterates
from .strategies import gaussian_data, thm51_problem

# -- iteration bounds ----------------------------------------------------------------------------

#: Valid examples per bound check in ci: every mutant is caught within the first 6, so 15 leave 2.5× headroom.
#: The thorough profile runs 40× that, 600, as it did with 30 × 20 (the update check: 10 × 40 = 400, the
#: Jensen check 20 × 40 = 800, as before).
CI_EXAMPLES = 15
THOROUGH_FACTOR = 40


def _basis(d: int) -> tuple[list[list[int]], list[int]]:
    """z_i = e_i, i = 1..d: μ = 1/√d, R = 1; the Perceptron needs exactly d = R²/μ² updates."""
    return [[int(i == j) for j in range(d)] for i in range(d)], [1] * d


def _opposite_pair(a: int, k: int) -> tuple[list[list[int]], list[int]]:
    """z_1 = (a, −k), z_2 = (0, k): nearly opposite, small μ; NBP and BP zig-zag between them."""
    return [[a, -k], [0, k]], [1, 1]


def _bound_data() -> st.SearchStrategy:
    return st.one_of(gaussian_data((2, 8), (2, 3)),
                     st.integers(3, 120).map(lambda n: thm51_problem(n)),
                     st.integers(2, 6).map(_basis),
                     st.builds(_opposite_pair, st.integers(1, 3), st.integers(3, 8)))


def _mu_R(A: Any, y: Any) -> tuple[float, float]:
    """μ (the QP) and R of the data: functions of the set of points z_i = y_i a_i alone."""
    return _mu_R_of_points(tuple(sorted({tuple(float(v) * int(label) for v in r) for r, label in zip(A, y)})))


@functools.cache
def _mu_R_of_points(points: tuple[tuple[float, ...], ...]) -> tuple[float, float]:
    """μ and R of the points z_i (labels +1). Cached: Thm 5.1's data have the same two points for every n,
    and the bound checks' mutant runs draw the data of the subject's run again."""
    Z = np.asarray(points)
    mu, _ = max_margin(Z, np.ones(len(points)))
    return mu, data_radius(Z)


@functools.cache
def _count_of(data: tuple[tuple[Any, ...], tuple[int, ...]], method: str, pick: str = "first") -> int | None:
    """The iteration count of a perceptron-type method (exact rationals for rational data), on data whose
    separability ``_mu_R`` has established. Cached for the mutant runs, which draw the same data."""
    A, y = data
    prob = as_problem([list(r) for r in A], list(y), exact=_exact_if_rational(A))
    return _count(prob, method, None, 100_000, pick=pick)


def _data_key(A: Any, y: Any) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    """The data as a hashable key: rows of floats or Fractions (rational data stay exact), and labels."""
    rows = A.tolist() if isinstance(A, np.ndarray) else A
    return tuple(tuple(r) for r in rows), tuple(int(v) for v in y)


def _exact_if_rational(A: Any) -> bool:
    """Rational data (Thm 5.1's, integer sets; lists of rows, or their keys) run in exact rationals."""
    return isinstance(A, (list, tuple)) and any(isinstance(v, (int, Fraction)) for r in A for v in r)


def _show_bound_case(ev, A: Any, y: Any, mu: float, R: float, count: Any) -> None:
    """Keep what a bound check computed from its drawn data (shown with a counterexample)."""
    ev.show("A", np.asarray([[float(v) for v in r] for r in A]))
    ev.show("y", np.asarray(y, dtype=float))
    ev.show("μ (QP)", mu)
    ev.show("R", R)
    ev.show("iterations", count)


@BP_BOUND.check(given={"data": _bound_data()}, examples=CI_EXAMPLES, thorough_factor=THOROUGH_FACTOR,
                precision="exact rationals for Thm 5.1's data, float64 for Gaussian data (no ties a.s.)",
                tolerance="none beyond μ's QP: μ returned is a certified lower bound, so the bound is not understated")
def bp_count_within_bound(subject, ev, data):
    """BP's iteration count is at most the claimed bound (μ from the QP)."""
    A, y = data
    mu, R = _mu_R(A, y)
    count = _count_of(_data_key(A, y), "bp")
    _show_bound_case(ev, A, y, mu, R, count)
    ev.le(count, subject(len(y), R, mu), what="BP count ≤ bound", context=f"n={len(y)}, R²/μ²={R * R / mu / mu:.4g}",
          labels=("BP iterations", "claimed bound"))


@PERCEPTRON_BOUND.check(given={"data": _bound_data(), "pick": st.sampled_from(["first", "last", "worst", "best"])},
                        examples=CI_EXAMPLES, thorough_factor=THOROUGH_FACTOR,
                        tolerance="none: integer count against the bound (μ a certified lower bound)")
def perceptron_count_within_bound(subject, ev, data, pick):
    """The Perceptron's count (several choices of j) is at most the claimed bound."""
    A, y = data
    mu, R = _mu_R(A, y)
    count = _count_of(_data_key(A, y), "perceptron", pick)
    _show_bound_case(ev, A, y, mu, R, count)
    ev.le(count, subject(len(y), R, mu), what="Perceptron count ≤ bound",
          context=f"pick={pick}, R²/μ²={R * R / mu / mu:.4g}", labels=("Perceptron iterations", "claimed bound"))


@NBP_BOUND.check(given={"data": _bound_data()}, examples=CI_EXAMPLES, thorough_factor=THOROUGH_FACTOR,
                 tolerance="none: integer count against the bound (μ a certified lower bound)")
def nbp_count_within_bound(subject, ev, data):
    """NBP's iteration count is at most the claimed bound."""
    A, y = data
    mu, R = _mu_R(A, y)
    count = _count_of(_data_key(A, y), "nbp")
    _show_bound_case(ev, A, y, mu, R, count)
    ev.le(count, subject(len(y), R, mu), what="NBP count ≤ bound", context=f"R²/μ²={R * R / mu / mu:.4g}",
          labels=("NBP iterations", "claimed bound"))


#: (step, data, γ) -> (the first solving t, or None, and how many steps were run): see _first_solving_step.
_STEP_COUNTS: dict[tuple[Any, ...], tuple[int | None, int]] = {}


def _first_solving_step(step: Any, data: tuple[tuple[Any, ...], tuple[int, ...]], gamma: float,
                        cap: int) -> int | None:
    """The first t ≤ cap whose iterate of ``step`` from θ_0 = 0 solves (1), or None. Kept per step function,
    data and γ: a mutant run that changes the bound and not the step (the same draws) repeats no run."""
    key = (step, data, gamma)
    found, ran = _STEP_COUNTS.get(key, (None, 0))
    if found is not None:
        return found if found <= cap else None
    if ran >= cap:
        return None
    prob = as_problem(np.asarray(data[0], dtype=float), np.asarray(data[1], dtype=float))
    th = np.zeros(prob.d)
    count = None
    for t in range(cap):
        th = step(prob, th, gamma)
        if np.all(prob.rows @ th > 0):
            count = t + 1
            break
    _STEP_COUNTS[key] = (count, cap)
    return count


@NLR_BOUND.check(given={"data": _bound_data(), "gamma": st.sampled_from([0.01, 0.1, 1.0, 10.0, 100.0]),
                         "scale": st.sampled_from([1.0, 0.1])},
                 examples=CI_EXAMPLES, thorough_factor=THOROUGH_FACTOR,
                 tolerance="none: integer count against the bound; runs stop at ⌈bound⌉ + 1 steps")
def normalized_lr_count_within_bound(subject, ev, data, gamma, scale):
    """Normalized LR+GD (the subject's step, float64 log-space) on data scaled by ``scale`` solves (1) within
    the bound."""
    A, y = data
    A = [[float(v) * scale for v in r] for r in A]
    mu, R = _mu_R(A, y)
    n = len(y)
    bound = subject["bound"](n, R, mu, gamma)
    ev.assume(bound <= 3000)
    count = _first_solving_step(subject["step"], _data_key(A, y), gamma, int(math.ceil(bound)) + 1)
    _show_bound_case(ev, A, y, mu, R, count)
    ev.that(count is not None, f"not solved within ⌈bound⌉ + 1 = {int(math.ceil(bound)) + 1} iterations "
            f"(bound {bound:.4g}, n={n}, γ={gamma})", claimed=bound, observed=None,
            labels=("claimed bound", "iterations"))
    ev.le(count, bound, what="Normalized LR+GD count ≤ bound", context=f"n={n}, γ={gamma}",
          labels=("Normalized LR+GD iterations", "claimed bound"))


#: Steps of Normalized LR+GD compared with the update rule, from θ_0 = 0.
UPDATE_STEPS = 5
#: float64 log-space steps against 60-digit iterates: a few ulps per step on a vector that grows by at
#: most γR per step, so ~1e-14 relative after five steps; 1e-9 (relative to ‖θ_t‖∞) leaves 10⁵×
#: headroom. β_t not inverted changes the first step by the factor (mean σ)² = 1/4.
UPDATE_RTOL = 1e-9


def _confirm_update_mismatch(subject, data, gamma):
    """Re-verify at 100 digits: some θ_t of the subject is off by more than 1e-6 relative (not roundoff)."""
    A, y = data
    prob = as_problem(np.asarray([[float(v) for v in r] for r in A]), np.asarray(y, dtype=float))
    exact = mp_lr_iterates(A, y, gamma, UPDATE_STEPS, normalized=True, dps=100)
    theta = np.zeros(prob.d)
    for t in range(1, UPDATE_STEPS + 1):
        theta = subject["step"](prob, theta, gamma)
        with mpmath.workdps(100):
            gap = max(abs(mpmath.mpf(float(a)) - b) for a, b in zip(theta, exact[t]))
            size = max(abs(b) for b in exact[t])
            if gap > mpmath.mpf("1e-6") * size:
                return True, f"θ_{t} off by {mpmath.nstr(gap, 6)} against 100-digit iterates (‖θ_{t}‖∞ = " \
                             f"{mpmath.nstr(size, 6)})"
    return False, "every θ_t agrees with the 100-digit iterates to 1e-6"


@NLR_BOUND.check(given={"data": _bound_data(), "gamma": st.sampled_from([0.01, 0.1, 1.0, 10.0, 100.0])},
                 examples=10, thorough_factor=THOROUGH_FACTOR,
                 precision="float64 steps against 60-digit mpmath iterates",
                 confirm=_confirm_update_mismatch,
                 tolerance=f"{UPDATE_RTOL:g} relative to ‖θ_t‖∞: float64 roundoff over {UPDATE_STEPS} steps")
def steps_follow_the_normalized_update(subject, ev, data, gamma):
    r"""Five steps of the subject's algorithm from $\theta_0 = 0$ are §6's Normalized LR+GD,
    $\theta_{t+1} = \theta_t + \gamma \sum_i \sigma(-m_i) z_i / \sum_j \sigma(-m_j)$, computed independently at
    60 digits."""
    A, y = data
    prob = as_problem(np.asarray([[float(v) for v in r] for r in A]), np.asarray(y, dtype=float))
    exact = mp_lr_iterates(A, y, gamma, UPDATE_STEPS, normalized=True)
    ev.show("A", prob.Z)
    ev.show("60-digit iterates θ_0..", np.array([[float(v) for v in it] for it in exact]))
    theta = np.zeros(prob.d)
    for t in range(1, UPDATE_STEPS + 1):
        theta = subject["step"](prob, theta, gamma)
        truth = np.array([float(v) for v in exact[t]])
        ev.show(f"θ_{t} (the subject's step)", theta)
        ev.close(theta, truth, atol=UPDATE_RTOL * float(np.max(np.abs(truth))), what=f"θ_{t}",
                 context=f"n={len(y)}, γ={gamma}", labels=(f"θ_{t} from the subject's step", f"θ_{t} at 60 digits"))


def _weighted_average_margin(m: list[float]) -> mpmath.mpf:
    with mpmath.workdps(40):
        w = [1 / (1 + mpmath.exp(mpmath.mpf(v))) for v in m]
        return mpmath.fsum(wi * v for wi, v in zip(w, m)) / mpmath.fsum(w)


def _equal_margins_average(n: int, M: float) -> mpmath.mpf:
    """The weighted average margin of the margins 0, M, …, M (M n − 1 times) at 40 digits: the sums of
    ``_weighted_average_margin`` with the n − 1 equal terms added up, (n − 1)σ(−M)M / (σ(0) + (n − 1)σ(−M))."""
    with mpmath.workdps(40):
        w = (n - 1) / (1 + mpmath.exp(mpmath.mpf(M)))
        return w * M / (mpmath.mpf(1) / 2 + w)


@functools.cache
def _worst_average_margin(n: int) -> float:
    """sup over margins with one at 0 and n − 1 equal to M (bounded 1-D maximisation over M ∈ [0, 60])."""
    if n == 1:
        return 0.0
    res = optimize.minimize_scalar(lambda M: -float(_equal_margins_average(n, M)),
                                   bounds=(0.0, 60.0), method="bounded", options={"xatol": 1e-10})
    return -float(res.fun)


@JENSEN.check(given={"n": st.integers(1, 60), "margins": st.lists(st.floats(-20.0, 30.0), min_size=60, max_size=60),
                     "k": st.integers(0, 59)},
              examples=20, thorough_factor=THOROUGH_FACTOR, precision="mpmath 40 digits",
              tolerance="none: the weighted average is computed at 40 digits, the bound compared as is")
def average_margin_within_bound(subject, ev, n, margins, k):
    r"""The $\sigma(-m)$-weighted average margin (one margin forced $\le 0$), and its 1-D worst case, stay below
    the bound."""
    m = list(margins[:n])
    j = k % n
    m[j] = min(m[j], 0.0)
    average = float(_weighted_average_margin(m))
    ev.show("margins", m)
    ev.show("weighted average margin", average)
    ev.le(average, subject(n), what="weighted average margin ≤ bound", context=f"n={n}",
          labels=("weighted average margin", "claimed bound"))
    ev.le(_worst_average_margin(n), subject(n), what="worst case (one margin 0, others equal) ≤ bound",
          context=f"n={n}", labels=("worst-case weighted average", "claimed bound"))
