"""Checks that the library computes the paper's objects (Tyurin, arXiv 2412.08424).

Each check calls the library function under test (the claim's subject, or a mutant of it) and compares
it with a reference written independently from the paper's definitions: the recursions of BP, NBP and
the Perceptron and the first solving iterate in exact rationals (``reference.py``), separability and μ
from the convex hull of the z_i in exact arithmetic, the loss and the LR+GD updates in mpmath
(``numerics.py``). Data are small integer sets (hypothesis shrinks failures to a few points), scaled
by exact powers of two, 2^{±660} ≈ 1e±199, where the library must answer as at scale 1.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.perceptron.claims_library import (
    DATA,
    GRADIENT_METHODS,
    ITERATION_COUNTS,
    PERCEPTRON_ALGORITHMS,
    SEPARABILITY,
)
from ...theorems.perceptron.library import METHODS
from .numerics import mp_count, mp_loss, mp_lr_iterates
from .reference import (
    exact_points,
    first_solving,
    hull_contains_origin,
    hull_distance_squared,
    reference_bp,
    reference_nbp,
    reference_perceptron,
)
from .strategies import TIE_DATASET, small_integer_data

#: How a check runs the library: exact rationals, or float64 on the data scaled by a power of two.
MODES = {"exact": None, "float": 1.0, "float, data × 2^-660": 2.0**-660, "float, data × 2^660": 2.0**660}
modes = st.sampled_from(list(MODES))
#: Iterates compared per run (BP on a few small points solves (1) or cycles well within this).
STEPS = 6
# Float64 iterates are sums of at most STEPS·n small rationals, each rounded once: |error| ≤ STEPS·n·ε·max|θ̂|
# ≈ 6·5·2.2e-16 ≈ 7e-15 relative; FLOAT_RTOL leaves 100× headroom, and every mutant is off by O(1/n).
FLOAT_RTOL = 1e-12

# Hand-readable cases tried first in every run (mutant runs too): exact ties along BP, an order where the
# sorted distinct points differ from the data's order (no ties: float64 decides it), the two extreme scales.
PERCEPTRON_REGRESSIONS = [
    {"data": TIE_DATASET, "mode": "exact"},
    {"data": ([[2, 1], [1, 2]], [1, 1]), "mode": "float"},
    {"data": ([[1, -2], [-1, -2], [-1, -2]], [1, -1, -1]), "mode": "float, data × 2^-660"},
    {"data": ([[1, -2], [-1, -2], [-1, -2]], [1, -1, -1]), "mode": "float, data × 2^660"},
]


def _scaled(A: Any, scale: float | None) -> Any:
    return A if scale is None else np.asarray(A, dtype=float) * scale


def _floats(iterates: Any) -> np.ndarray:
    return np.array([[float(v) for v in row] for row in iterates], dtype=float)


def _has_tie(Z: list, iterates: list) -> bool:
    """Whether some margin at an iterate t ≥ 1 that decides a later step is exactly 0."""
    return any(sum((a * b for a, b in zip(z, th)), Fraction(0)) == 0 for th in iterates[1:-1] for z in Z)


def _compare_iterates(ev, run: Any, A: Any, y: Any, mode: str, truth: list, Z: list, name: str) -> None:
    """``run(A_scaled, y, exact=…)`` against the exact reference iterates (times the scale in float64)."""
    scale = MODES[mode]
    ev.assume(scale is None or not _has_tie(Z, truth))  # rounding cannot decide an exact tie
    ev.show("A", A)
    ev.show("y", y)
    ev.show(f"{name} reference iterates (exact, at scale 1)", _floats(truth))
    if scale is None:
        got = run(A, y, exact=True)
        ev.show(f"{name} library iterates (exact)", _floats(got))
        for t, (g, r) in enumerate(zip(got, truth)):
            ev.that(tuple(g) == tuple(r), f"{name} iterate {t} differs in exact arithmetic",
                    claimed=[str(v) for v in g], observed=[str(v) for v in r],
                    labels=(f"library θ̂_{t}", f"reference θ̂_{t}"))
        return
    got = np.asarray(run(_scaled(A, scale), y, exact=False), dtype=float) / scale
    ev.show(f"{name} library iterates / scale", got)
    want = _floats(truth)
    ev.close(got, want, rtol=FLOAT_RTOL, atol=FLOAT_RTOL * (1.0 + float(np.max(np.abs(want)))),
             what=f"{name} iterates ({mode})", labels=("library iterates / scale", "reference iterates"))


@PERCEPTRON_ALGORITHMS.check(
    given={"data": small_integer_data(4, 3, 3), "mode": modes}, examples=8, regressions=PERCEPTRON_REGRESSIONS,
    precision="exact rationals; float64 against exact",
    tolerance=f"exact equality (exact=True); {FLOAT_RTOL:g} relative in float64: a rounding per addition")
def batch_perceptron_matches_recursion(subject, ev, data, mode):
    r"""`batch_perceptron`'s $\hat\theta_0, \dots, \hat\theta_6$ equal §3's recursion in exact rationals."""
    A, y = data
    Z = exact_points(A, y)
    _compare_iterates(ev, lambda a, b, exact: subject["batch_perceptron"](a, b, STEPS, exact=exact), A, y, mode,
                      reference_bp(Z, STEPS), Z, "BP")


@PERCEPTRON_ALGORITHMS.check(
    given={"data": small_integer_data(4, 3, 3), "mode": modes}, examples=8, regressions=PERCEPTRON_REGRESSIONS,
    precision="exact rationals; float64 against exact",
    tolerance=f"exact equality (exact=True); {FLOAT_RTOL:g} relative in float64: a rounding per addition")
def nbp_matches_recursion(subject, ev, data, mode):
    r"""`normalized_batch_perceptron`'s first six iterates equal §5's recursion in exact rationals."""
    A, y = data
    Z = exact_points(A, y)
    _compare_iterates(ev, lambda a, b, exact: subject["normalized_batch_perceptron"](a, b, STEPS, exact=exact),
                      A, y, mode, reference_nbp(Z, STEPS), Z, "NBP")


@PERCEPTRON_ALGORITHMS.check(
    given={"data": small_integer_data(4, 3, 3), "mode": modes, "pick": st.sampled_from(["first", "last", "worst",
                                                                                     "best"])},
    examples=8, regressions=[dict(case, pick="first") for case in PERCEPTRON_REGRESSIONS],
    precision="exact rationals; float64 against exact",
    tolerance=f"exact equality (exact=True); {FLOAT_RTOL:g} relative in float64")
def perceptron_matches_recursion(subject, ev, data, mode, pick):
    """`perceptron`'s first six iterates, for each pick rule, equal §5's update on the point that rule names."""
    A, y = data
    Z = exact_points(A, y)
    ev.show("pick", pick)
    _compare_iterates(ev, lambda a, b, exact: subject["perceptron"](a, b, STEPS, pick=pick, exact=exact),
                      A, y, mode, reference_perceptron(Z, STEPS, pick), Z, "Perceptron")


# -- separability, μ, R ------------------------------------------------------------------------------------

SCALES = {"1": 1.0, "2^-660": 2.0**-660, "2^660": 2.0**660}
scales = st.sampled_from(list(SCALES))
#: A separable set whose mean direction misclassifies z_1; a set whose nearest hull point is inside a segment,
#: with a duplicate (μ = 1/√2, nearest point at distance 1, mean direction margin 1/√5).
SEPARABLE_REGRESSIONS = [
    {"data": ([[1, -2], [-1, -2], [-1, -2], [-1, -2]], [1, -1, -1, -1]), "scale": "2^660"},
    {"data": ([[1, 0], [0, 1], [0, 1]], [1, 1, 1]), "scale": "2^-660"},
]
#: Opposite points (not separable), and one point twice with opposite labels (not separable, though the a_i
#: alone are), before the separable ones.
SEPARABILITY_REGRESSIONS = [
    {"data": ([[1, 0], [-1, 0]], [1, 1]), "scale": "1"},
    {"data": ([[1, 0], [1, 0]], [1, -1]), "scale": "2^-660"},
    *SEPARABLE_REGRESSIONS,
]


@SEPARABILITY.check(given={"data": small_integer_data(5, 2, 3), "scale": scales}, examples=8,
                    regressions=SEPARABILITY_REGRESSIONS, confirm="exact",
                    precision="exact integer hull test", tolerance="none: a yes/no answer")
def separability_matches_hull_test(subject, ev, data, scale):
    r"""`is_separable` on the data scaled by $2^{0, \pm 660}$ says yes exactly when
    $0 \notin \operatorname{conv}\{z_i\}$."""
    A, y = data
    truth = not hull_contains_origin(exact_points(A, y))
    got = subject["is_separable"](_scaled(A, SCALES[scale]), y)
    ev.show("A", A)
    ev.show("y", y)
    ev.show("separable (exact hull test)", truth)
    ev.that(got == truth, f"is_separable says {got}, the exact hull test {truth}", claimed=got, observed=truth,
            labels=("is_separable", "0 ∉ conv{z_i}"))


# μ: the library promises min_i z_iᵀw (a lower bound) within a duality gap MU_GAP·R of μ; UNIT_TOL·R covers the
# float64 rounding of min_i z_iᵀw (≈ 1e-15·R). On the regression case (μ = 1/√2) the mutants give 1 and 1/√5.
MU_GAP = 1e-9
UNIT_TOL = 1e-12


@SEPARABILITY.check(given={"data": small_integer_data(5, 2, 3), "scale": scales}, examples=4, min_valid=2,
                    regressions=SEPARABLE_REGRESSIONS, precision="exact squared hull distance",
                    tolerance=f"μ within the library's duality gap {MU_GAP:g}·R (below, as it is a lower bound); "
                              f"‖w‖ = 1 and min z_iᵀw = μ to {UNIT_TOL:g}·R")
def max_margin_matches_hull_distance(subject, ev, data, scale):
    r"""`max_margin` returns $\mu = \operatorname{dist}(0, \operatorname{conv}\{z_i\})$ and a unit $w$ with
    $\min_i z_i^\top w = \mu$, at every scale."""
    A, y = data
    Z = exact_points(A, y)
    ev.assume(not hull_contains_origin(Z))
    c = SCALES[scale]
    mu_true = math.sqrt(hull_distance_squared(Z))
    R = math.sqrt(max(sum(v * v for v in z) for z in Z))
    mu, w = subject["max_margin"](_scaled(A, c), y)
    mu /= c
    margins_w = np.asarray([[float(v) for v in z] for z in Z]) @ np.asarray(w, dtype=float)
    ev.show("A", A)
    ev.show("y", y)
    ev.show("μ (library, / scale)", mu)
    ev.show("μ (exact hull distance)", mu_true)
    ev.show("w", w)
    ev.le(mu, mu_true * (1 + 1e-15) + UNIT_TOL * R, what="μ does not exceed the hull distance",
          labels=("library μ", "hull distance"))
    ev.le(mu_true - MU_GAP * R, mu, what="μ within the duality gap", labels=("hull distance − 1e-9·R", "library μ"))
    ev.close(float(np.linalg.norm(w)), 1.0, atol=UNIT_TOL, what="‖w‖", labels=("‖w‖", "1"))
    ev.close(float(np.min(margins_w)), mu, atol=UNIT_TOL * R, what="min z_iᵀw", labels=("min z_iᵀw", "library μ"))


@SEPARABILITY.check(given={"data": small_integer_data(4, 3, 3), "scale": scales}, examples=6,
                    regressions=SEPARABILITY_REGRESSIONS, precision="exact integer squared norms",
                    tolerance="4e-16 relative: one rounded square root of an exact integer, times a power of two")
def radius_matches_largest_norm(subject, ev, data, scale):
    r"""`data_radius` returns $R = \max_i \|a_i\|$ (from exact integer squared norms) at every scale."""
    A, _ = data
    c = SCALES[scale]
    truth = math.sqrt(max(sum(int(v) ** 2 for v in row) for row in A)) * c
    got = subject["data_radius"](_scaled(A, c))
    ev.show("A", A)
    ev.show("R (library)", got)
    ev.show("R (exact squared norms)", truth)
    ev.close(got, truth, rtol=4e-16, what="R", labels=("data_radius", "max_i ‖a_i‖"))


# -- the data: points, margins, loss, solved test ------------------------------------------------------------


@st.composite
def _data_with_duplicates(draw: st.DrawFn) -> tuple[list[list[int]], list[int]]:
    """A few points from a small pool (so that some repeat) with ±1 labels."""
    d = draw(st.integers(1, 2))
    pool = draw(st.lists(st.lists(st.integers(-2, 2), min_size=d, max_size=d), min_size=1, max_size=3))
    idx = draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=5))
    return [list(pool[i]) for i in idx], [draw(st.sampled_from([1, -1])) for _ in idx]


@DATA.check(given={"data": _data_with_duplicates(), "exact": st.booleans()}, examples=8,
            regressions=[{"data": ([[1, 2], [1, 2], [-1, 0]], [1, 1, -1]), "exact": False}],
            precision="exact rationals", tolerance="none: exact rows and counts")
def problem_keeps_the_points(subject, ev, data, exact):
    r"""`as_problem` keeps each distinct $z_i = y_i a_i$ once, in order of first appearance, with its multiplicity."""
    A, y = data
    Z = exact_points(A, y)
    order: dict[tuple, int] = {}
    for z in Z:
        order[z] = order.get(z, 0) + 1
    prob = subject["as_problem"](A, y, exact=exact)
    rows = [tuple(Fraction(float(v)) if not exact else v for v in r) for r in prob.rows]
    ev.show("A", A)
    ev.show("y", y)
    ev.show("distinct z_i (reference)", [[float(v) for v in z] for z in order])
    ev.show("counts (reference)", list(order.values()))
    ev.show("rows (library)", prob.Z)
    ev.show("counts (library)", list(prob.counts))
    ev.that((prob.n, prob.d, prob.exact) == (len(y), len(A[0]), exact), "n, d or exact differ",
            claimed=(prob.n, prob.d, prob.exact), observed=(len(y), len(A[0]), exact))
    ev.that(rows == list(order) and list(prob.counts) == list(order.values()),
            "the distinct points or their counts differ", claimed=[[str(v) for v in r] for r in rows],
            observed=[[str(v) for v in z] for z in order], labels=("library rows", "reference z_i"))
    ev.close(prob.weights, np.asarray(list(order.values()), dtype=float), what="weights",
             labels=("Problem.weights", "counts"))


def _theta_strategy() -> st.SearchStrategy:
    return st.lists(st.integers(-3, 3), min_size=3, max_size=3)


# logistic loss against mpmath at 40 digits: log-add-exp in float64 is accurate to a few ulps per term.
LOSS_RTOL = 1e-13


@DATA.check(given={"data": small_integer_data(4, 3, 3), "theta": _theta_strategy(), "scale": scales},
            examples=8,
            regressions=[{"data": ([[1, 0], [0, 1]], [1, 1]), "theta": [1, 0, 0], "scale": "1"},
                         {"data": ([[1, 0], [0, -1]], [1, -1]), "theta": [1, 1, 0], "scale": "2^-660"}],
            precision="exact rationals (margins, problem (1)); mpmath 40 digits (loss)",
            tolerance=f"margins exact (small integers); loss {LOSS_RTOL:g} relative")
def margins_loss_and_solved_match(subject, ev, data, theta, scale):
    r"""`margins`, `logistic_loss` and `solves` (data and $\theta$ scaled by $2^{0, \pm 660}$, and
    `exact=True`) against exact margins and an mpmath loss."""
    A, y = data
    d = len(A[0])
    th = theta[:d]
    Z = exact_points(A, y)
    m = [sum((a * Fraction(b) for a, b in zip(z, th)), Fraction(0)) for z in Z]
    solved = all(v > 0 for v in m)
    c = SCALES[scale]
    ev.show("A", A)
    ev.show("y", y)
    ev.show("θ", th)
    ev.show("margins (exact)", [float(v) for v in m])
    got_m = subject["margins"](A, y, th)
    ev.show("margins (library)", got_m)
    ev.close(np.asarray(got_m, dtype=float), np.asarray([float(v) for v in m]), what="margins",
             labels=("margins", "y_i a_iᵀθ exact"))
    loss = subject["logistic_loss"](A, y, th)
    truth = float(mp_loss(A, y, th, dps=40))
    ev.show("f(θ) (library)", loss)
    ev.show("f(θ) (mpmath)", truth)
    ev.close(loss, truth, rtol=LOSS_RTOL, what="f(θ)", labels=("logistic_loss", "f(θ) at 40 digits"))
    for label, got in ((f"solves, data and θ × {scale}", subject["solves"](_scaled(A, c), y,
                                                                            np.asarray(th, dtype=float) * c)),
                       ("solves, exact", subject["solves"](A, y, th, exact=True))):
        ev.that(got == solved, f"{label} says {got}, the exact margins say {solved}", claimed=got, observed=solved,
                labels=(label, "every m_i > 0"))


# -- LR+GD and Normalized LR+GD ------------------------------------------------------------------------------

GD_STEPS = 3
# float64 steps against 40-digit iterates: a few ulps per step of a vector growing by ≤ γR per step;
# GD_RTOL = 1e-10 of max|θ_t| leaves ≥ 10⁴× headroom. The mutants change a step by a factor ≥ 4/3.
GD_RTOL = 1e-10


@GRADIENT_METHODS.check(given={"data": small_integer_data(3, 2, 2), "gamma": st.sampled_from([0.1, 1.0, 10.0]),
                               "theta0": st.lists(st.integers(-2, 2), min_size=2, max_size=2)},
                        examples=6, regressions=[{"data": ([[1, 2], [-1, 1]], [1, -1]), "gamma": 1.0,
                                                   "theta0": [1, -1]}],
                        precision="mpmath 40 digits, the literal update formulas",
                        tolerance=f"{GD_RTOL:g} relative to max|θ_t|")
def iterates_match_high_precision_updates(subject, ev, data, gamma, theta0):
    r"""Three steps of `lr_gd` and `normalized_lr_gd` from $\theta_0$ equal the literal updates at 40 digits."""
    A, y = data
    th0 = theta0[: len(A[0])]
    ev.show("A", A)
    ev.show("y", y)
    ev.show("θ_0", th0)
    for name, normalized in (("lr_gd", False), ("normalized_lr_gd", True)):
        got = np.asarray(subject[name](A, y, gamma, GD_STEPS, theta0=th0), dtype=float)
        with mpmath.workdps(40):
            truth = np.asarray([[float(v) for v in it] for it in mp_lr_iterates(A, y, gamma, GD_STEPS, theta0=th0,
                                                                                  normalized=normalized, dps=40)])
        ev.show(f"{name} (library)", got)
        ev.show(f"{name} (40 digits)", truth)
        ev.close(got, truth, atol=GD_RTOL * (1.0 + float(np.max(np.abs(truth)))), what=f"{name} iterates",
                 context=f"γ={gamma}", labels=(f"{name}", "literal update at 40 digits"))


# -- the iteration counter -----------------------------------------------------------------------------------

PAPER_METHODS = {"lr", "normalized_lr", "bp", "nbp", "perceptron"}
COUNT_LIMIT = 200  # the small separable sets drawn here are solved well within this by every method
LR_GAMMA = 2.0
# LR+GD's count on (cZ, γ/c²) equals its count on (Z, γ): here c = 2^-300, so γ/c² = 2^600·γ.
LR_SCALE = 2.0**-300


@ITERATION_COUNTS.check(
    given={"data": small_integer_data(4, 2, 3), "method": st.sampled_from(METHODS), "mode": modes}, examples=10,
    regressions=[{"data": TIE_DATASET, "method": "bp", "mode": "exact"},
                 {"data": ([[1, -2], [-1, -2], [-1, -2]], [1, -1, -1]), "method": "bp",
                  "mode": "float, data × 2^-660"}],
    precision="exact rationals (perceptron-type); mpmath 40 digits (LR+GD, Normalized LR+GD)",
    tolerance="none: integer counts")
def count_is_first_solving_iterate(subject, ev, data, method, mode):
    r"""`iterations_to_solve` equals the first $t \ge 1$ whose reference iterate solves (1)."""
    ev.that(set(METHODS) == PAPER_METHODS, f"METHODS is {METHODS}", claimed=sorted(METHODS),
            observed=sorted(PAPER_METHODS))
    A, y = data
    Z = exact_points(A, y)
    ev.assume(not hull_contains_origin(Z))
    scale = MODES[mode]
    ev.show("A", A)
    ev.show("y", y)
    if method in ("lr", "normalized_lr"):  # the mode does not apply: at scale 1 and at (2^-300 Z, 2^600 γ)
        truth = mp_count(A, y, LR_GAMMA, COUNT_LIMIT, normalized=method == "normalized_lr", dps=40)
        got = subject(method, A, y, gamma=LR_GAMMA, max_iter=COUNT_LIMIT)
        got_scaled = subject(method, np.asarray(A, dtype=float) * LR_SCALE, y, gamma=LR_GAMMA / LR_SCALE**2,
                             max_iter=COUNT_LIMIT)
        ev.show("count (40 digits)", truth)
        ev.show("count (library)", got)
        ev.show("count (library, data × 2^-300, γ × 2^600)", got_scaled)
        for label, value in (("count", got), ("count at (2^-300 Z, 2^600 γ)", got_scaled)):
            ev.that(value == truth, f"{method}: {label} {value}, 40-digit run {truth}", claimed=value,
                    observed=truth, labels=(label, "first solving iterate at 40 digits"))
        return
    reference = {"bp": reference_bp, "nbp": reference_nbp,
                 "perceptron": lambda z, k: reference_perceptron(z, k, "first")}[method](Z, COUNT_LIMIT)
    truth = first_solving(Z, reference)
    ev.assume(truth is not None and (scale is None or not _has_tie(Z, reference[: truth + 1])))
    got = subject(method, _scaled(A, scale), y, exact=scale is None, max_iter=COUNT_LIMIT)
    ev.show("count (exact reference)", truth)
    ev.show("count (library)", got)
    ev.that(got == truth, f"{method} ({mode}): count {got}, exact reference {truth}", claimed=got, observed=truth,
            labels=("iterations_to_solve", "first solving iterate"))
