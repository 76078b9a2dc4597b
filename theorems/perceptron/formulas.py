"""The formulas under test of the perceptron family (Tyurin, arXiv 2412.08424), and their mutants.

The γ → ∞ limit of LR+GD's θ_t/γ (the weights lim σ(−γm) and the limit recursion, which gives an
exactly tied point weight 1/2), BP's iterates in exact rationals, Thm 3.2 as a checkable object
(``THM_3_2``), the iteration bounds of Thms 3.3, 5.2, 5.3 and 6.1 and the Jensen step of Thm 6.1's
proof, Thm 5.1's dataset with its claimed growth, BP's exact count (``THM51_BP_COUNT``, a closed form
with its ground truth, BP run in integers) and tie condition, the abstract's loss slope (i), the limit of
Normalized LR+GD's step (§6), and the claimed values of Thm 4.1 and Table 1's first row.
Each formula's mutants (plausible wrong variants, private names) follow it.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from claimkit import Formula, integers

from .library import (
    Problem,
    _add,
    _bp_step,
    _margins,
    _mean_of,
    _sigma_neg,
    _solved,
    _steps,
    _zero,
    as_problem,
    margins,
)

# -- the limit recursion and the limit statements -------------------------------------------------


def limit_weight(m: Any, tie_weight: Any = Fraction(1, 2)) -> Any:
    """lim_{γ→∞} σ(−γ m): 1 for m < 0, 0 for m > 0, and σ(0) = 1/2 at an exact tie m = 0."""
    if m < 0:
        return Fraction(1)
    if m > 0:
        return Fraction(0)
    return tie_weight


def lr_limit_iterates(A: Any, y: Any, steps: int, *, tie_weight: Any = Fraction(1, 2)) -> np.ndarray:
    """ψ_0 = 0, ψ_{t+1} = ψ_t + (1/n) Σ_i w(m_i(ψ_t)) z_i with w = ``limit_weight``, in exact rationals.

    This is the γ → ∞ limit of θ_t/γ for LR+GD from θ_0 = 0 (derived in derivations.py from
    lim σ(−γm)); at t = 0 every margin is an exact tie, which gives BP's first step (1/(2n))Σz_i.
    It differs from BP only where a later iterate has an exact tie (BP gives the tied point weight
    1, the limit 1/2).
    """
    prob = as_problem(A, y, exact=True)
    k = _steps(steps)
    th = _zero(prob)
    its = [th]
    for t in range(k):
        m = _margins(prob, th)
        if t > 0 and _solved(m):
            its.append(th)
            continue
        step = [Fraction(0)] * prob.d
        for r, c, mi in zip(prob.rows, prob.counts, m):
            w = Fraction(1, 2) if t == 0 else limit_weight(mi, tie_weight)
            if w:
                step = [s + w * c * v for s, v in zip(step, r)]
        th = [a + b / prob.n for a, b in zip(th, step)]
        its.append(th)
    return np.array(its, dtype=object)


def _bp_exact(A: Any, y: Any, steps: int, first_weight: Any = Fraction(1, 2)) -> np.ndarray:
    prob = as_problem(A, y, exact=True)
    th = _zero(prob)
    its = [th]
    for t in range(steps):
        th = _bp_step(prob, th, t, first_weight)
        its.append(th)
    return np.array(its, dtype=object)


def bp_exact(A: Any, y: Any, steps: int) -> np.ndarray:
    """BP iterates θ̂_0..θ̂_steps in exact rationals (the claimed limit of θ_t/γ in Thm 3.2)."""
    return _bp_exact(A, y, steps)


def bp_first_iterate(A: Any, y: Any) -> np.ndarray:
    """θ̂_1 = (1/(2n)) Σ z_i, exactly (the claimed value of θ_1/γ for every γ)."""
    return bp_exact(A, y, 1)[1]


@dataclasses.dataclass(frozen=True)
class LimitStatement:
    """Thm 3.2 as a checkable object: ``rescale(θ_t, γ) → limit(A, y, t)[t]`` for starts with
    ``start_ok(θ_0)``. Mutants change one part (the limit, the rescaling, the admissible starts)."""

    limit: Callable[[Any, Any, int], np.ndarray]
    rescale: Callable[[np.ndarray, float], np.ndarray]
    start_ok: Callable[[np.ndarray], bool]

    def __repr__(self) -> str:
        return f"LimitStatement(limit={getattr(self.limit, '__name__', self.limit)})"


def _divide_by_gamma(theta: np.ndarray, gamma: float) -> np.ndarray:
    return theta / gamma


def _zero_start_only(theta0: np.ndarray) -> bool:
    return bool(np.all(np.asarray(theta0) == 0))


THM_3_2 = LimitStatement(limit=bp_exact, rescale=_divide_by_gamma, start_ok=_zero_start_only)


def _bp_full_first_step(A: Any, y: Any, steps: int) -> np.ndarray:
    """Mutant: BP with first step (1/n)Σz_i (no ½)."""
    return _bp_exact(A, y, steps, Fraction(1))


def _bp_no_first_step(A: Any, y: Any, steps: int) -> np.ndarray:
    """Mutant: no special first step: the later rule, with the strict set {m_i < 0}, from θ̂_0 = 0.
    Every margin of θ̂_0 = 0 is 0, so S_0 = ∅ and the iterates never leave 0."""
    prob = as_problem(A, y, exact=True)
    th = _zero(prob)
    its = [th]
    for _ in range(steps):
        m = _margins(prob, th)
        S = [v < 0 for v in m]
        if any(S):
            th = _add(prob, th, _mean_of(prob, S, prob.n))
        its.append(th)
    return np.array(its, dtype=object)


def _any_start(theta0: np.ndarray) -> bool:
    return True


def _no_rescale(theta: np.ndarray, gamma: float) -> np.ndarray:
    return theta


def _limit_tie_weight(w: Fraction) -> LimitStatement:
    """Mutant helper: the limit recursion with weight ``w`` on tied points after the first step."""
    return dataclasses.replace(THM_3_2, limit=lambda A, y, k: lr_limit_iterates(A, y, k, tie_weight=w))


# -- bounds under test ---------------------------------------------------------------------------


def bp_iteration_bound(n: int, R: float, mu: float) -> float:
    """Thm 3.3: BP solves (1) within n R²/μ² iterations."""
    return n * R**2 / mu**2


def perceptron_iteration_bound(n: int, R: float, mu: float) -> float:
    """Thm 5.2 (Novikoff): the Perceptron solves (1) within R²/μ² iterations."""
    return R**2 / mu**2


def nbp_iteration_bound(n: int, R: float, mu: float) -> float:
    """Thm 5.3: NBP solves (1) within R²/μ² iterations."""
    return R**2 / mu**2


def normalized_lr_bound(n: int, R: float, mu: float, gamma: float) -> float:
    """Thm 6.1: Normalized LR+GD from θ_0 = 0 solves (1) within R²/μ² + 2 log(2n−1)/(γμ²) iterations."""
    return R**2 / mu**2 + 2 * math.log(2 * n - 1) / (gamma * mu**2)


def _nlr_step_beta_not_inverted(prob: Problem, theta: np.ndarray, gamma: float) -> np.ndarray:
    """Mutant: θ − γ((1/n)Σσ(−m_i))∇f(θ), β_t used without inverting the mean."""
    m = prob.rows @ theta
    s = prob.weights * _sigma_neg(m)
    mean = s.sum() / prob.n
    return theta + gamma * mean * (s @ prob.rows) / prob.n


def jensen_average_margin_bound(n: int) -> float:
    """Thm 6.1's proof: if some margin is ≤ 0, Σσ(−m_i)m_i / Σσ(−m_i) ≤ log(2n − 1)."""
    return math.log(2 * n - 1)


def thm51_data(n: int, *, exact: bool = False) -> tuple[list[list[Any]], list[int]]:
    """Thm 5.1's dataset: a_1 = (1/2, −1), y_1 = +1, and n − 1 copies of a = (−1/2, −1), y = −1."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    h = Fraction(1, 2) if exact else 0.5
    one = Fraction(1) if exact else 1.0
    return [[h, -one]] + [[-h, -one] for _ in range(n - 1)], [1] + [-1] * (n - 1)


def linear_growth(n: int) -> float:
    """Thm 5.1's claimed growth: BP's count on its dataset is Ω(g(n)) with g(n) = n."""
    return float(n)


#: The largest n of the exact-count claim's domain: its ground truth runs BP, about 3n/10 steps per case.
THM51_N_MAX = 10_000

_n = sp.Symbol("n")
#: BP's exact iteration count on Thm 5.1's dataset (derived in derivations.py): ⌊(3n − 8)/10⌋ + 2, the first
#: t with 10(t − 1) > 3n − 8; it is 1 for n = 1, 2 as well. Kept as written (unevaluated): sympy would
#: distribute the 1/10 into 3n/10 − 4/5, whose float64 (and 50-digit) value falls just below the integer at
#: n ≡ 6 (mod 10), where the floor then loses 1. (3n − 8)/10 is one correctly rounded division of an exact
#: integer, exact whenever 10 divides 3n − 8.
THM51_BP_COUNT = Formula(
    sp.Add(sp.floor(sp.Mul(3 * _n - 8, sp.Pow(10, -1, evaluate=False), evaluate=False), evaluate=False), 2,
           evaluate=False),
    {"n": integers(1, THM51_N_MAX)}, name="thm51_bp_iterations")


def thm51_bp_iterations(n: int) -> int:
    """Thm 5.1's dataset: BP's exact iteration count ⌊(3n − 8)/10⌋ + 2 (``THM51_BP_COUNT``, as an int)."""
    return int(THM51_BP_COUNT(n))


def thm51_bp_in_integers(n: int) -> Iterator[tuple[int, list[int], list[int]]]:
    """BP on Thm 5.1's dataset run step by step in exact integers: yields (t, Θ_t, margins) for t = 1, 2, …
    up to the first iterate that solves (1).

    With the points doubled, w_1 = 2z_1 = (1, −2) once and w_r = 2z_r = (1, 2) n − 1 times (from
    a = (−1/2, −1), y = −1), and Θ_t = 4n·θ̂_t: BP's Θ_1 = Σ_i w_i and Θ_{t+1} = Θ_t + 2Σ_{m_i ≤ 0} w_i,
    integer vectors whose margins w_iᵀΘ_t = 8n·m_i(θ̂_t) (one per distinct point, w_1 first) have its signs.
    """
    rows = [((1, -2), 1)] + ([((1, 2), n - 1)] if n > 1 else [])
    theta = [sum(c * w[k] for w, c in rows) for k in range(2)]
    t = 1
    while True:
        m = [w[0] * theta[0] + w[1] * theta[1] for w, _ in rows]
        yield t, theta, m
        if all(v > 0 for v in m):
            return
        for (w, c), v in zip(rows, m):
            if v <= 0:
                theta = [theta[0] + 2 * c * w[0], theta[1] + 2 * c * w[1]]
        t += 1


@functools.cache
def thm51_bp_count_by_running_bp(n: int) -> int:
    """The ground truth of ``THM51_BP_COUNT``: the number of iterations BP, run step by step in exact integers
    (``thm51_bp_in_integers``), takes on Thm 5.1's dataset. Cached: mutant runs draw the same n."""
    return sum(1 for _ in thm51_bp_in_integers(n))  # one iterate per iteration, the last one solves (1)


def thm51_has_tie(n: int) -> bool:
    """Whether some BP iterate on Thm 5.1's dataset has an exact zero margin: iff 3n − 8 ≡ 0 (mod 10)."""
    return n >= 3 and (3 * n - 8) % 10 == 0


def loss_slope(A: Any, y: Any, theta_hat: Any) -> float:
    """Abstract (i) made precise: lim_{γ→∞} f(θ_t)/γ = (1/n) Σ_i max(0, −m_i(θ̂_t)) (θ̂_t: BP)."""
    m = margins(A, y, np.asarray(theta_hat, dtype=float))
    return float(np.mean(np.maximum(0.0, -m)))


def nbp_direction(A: Any, y: Any, u: Any) -> np.ndarray:
    """lim_{γ→∞} of Normalized LR+GD's step −β_t∇f(θ_t) at θ_t = γu, when some m_i(u) < 0 and no
    m_i(u) = 0: the plain mean of the z_i with m_i(u) < 0, i.e. NBP's step."""
    A_ = np.asarray(A, dtype=float)
    Z = A_ * np.asarray(y, dtype=float)[:, None]
    S = (Z @ np.asarray(u, dtype=float)) < 0
    if not np.any(S):
        raise ValueError("nbp_direction needs some negative margin at u")
    return Z[S].mean(axis=0)


def _nbp_direction_beta_not_inverted(A: Any, y: Any, u: Any) -> np.ndarray:
    """Mutant: β_t not inverted, step −γ((1/n)Σσ(−m_i))∇f: its limit is (|S|/n)·(1/n)Σ_S z_i."""
    A_ = np.asarray(A, dtype=float)
    Z = A_ * np.asarray(y, dtype=float)[:, None]
    S = (Z @ np.asarray(u, dtype=float)) < 0
    n = Z.shape[0]
    return (S.sum() / n) * Z[S].sum(axis=0) / n


# -- claimed values ------------------------------------------------------------------------------

THM41_LIMITS = {
    "f1_over_gamma": Fraction(1, 8),
    "theta2_over_gamma": (Fraction(1), Fraction(1, 4)),
    "grad1_norm": math.sqrt(2) / 2,
    "grad2_norm": 0.0,
    "f2": 0.0,
}

TABLE1_ROW = {"normalized_lr": {100.0: 2, 10.0: 2, 1.0: 16, 0.1: 157}, "lr": {100.0: 308}}
