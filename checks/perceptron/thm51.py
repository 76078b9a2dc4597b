"""Checks of Thm 5.1 and of Assumption 3.1 on its dataset (Tyurin, arXiv 2412.08424).

BP's iteration count on Thm 5.1's dataset (its growth, Ω(n), and its exact value: the library's BP in
exact rationals, besides the formula claim's generated check against BP run in integers), and whether an
exact zero margin occurs along BP (BP run in exact integers).
"""

from __future__ import annotations

import functools
from fractions import Fraction

from hypothesis import strategies as st

from ...theorems.perceptron.claims import THM51, THM51_ASSUMPTION, THM51_COUNT, THM51_TIES
from ...theorems.perceptron.formulas import thm51_bp_in_integers
from ...theorems.perceptron.library import Problem, _count

# -- Thm 5.1 ---------------------------------------------------------------------------------------

#: Three decades of n. Ω(g): T(n)/g(n) stays bounded away from 0; over these decades a count growing like
#: g(n) keeps the ratio within a factor 2 of its value at n = 10, while the ratio for g = n·log n falls by
#: 3× and for g = n² by 100×.
GROWTH_NS = (10, 100, 1000)
GROWTH_FACTOR = Fraction(1, 2)


@THM51.check(examples=1, precision="exact rationals", tolerance="none: exact counts; the ratio may fall by 2× at most")
def count_over_growth_stays_bounded_below(subject, ev):
    r"""Exact BP counts $T(n)$ at $n = 10, 10^2, 10^3$: $T(n)/g(n)$ at $n = 10^3$ is at least half its value
    at $n = 10$ ($T = \Omega(g)$)."""
    rows = []
    for n in GROWTH_NS:
        c = _thm51_bp_count(n)
        rows.append({"n": n, "BP iterations": c, "T(n)/g(n)": c / subject(n)})
    ev.table("exact BP counts", rows)
    first, last = rows[0]["T(n)/g(n)"], rows[-1]["T(n)/g(n)"]
    ev.metric("ratio_at_largest_n", last)
    ev.le(float(GROWTH_FACTOR) * first, last, what="T(n)/g(n) does not fall towards 0",
          context=f"n = {GROWTH_NS[0]} → {GROWTH_NS[-1]}",
          labels=(f"½·T/g at n = {GROWTH_NS[0]}", f"T/g at n = {GROWTH_NS[-1]}"))


# 15 examples in ci (each mutant is caught within the first 12); thorough: 15 × 40 = 600, as with 30 × 20.
@THM51_COUNT.check(given={"n": st.integers(1, 400)}, examples=15, thorough_factor=40, min_valid=10,
                   precision="exact rationals",
                   tolerance="none: exact counts")
def exact_bp_count_matches(subject, ev, n):
    """The library's BP, run in exact rationals on Thm 5.1's dataset, takes exactly the claimed number of
    iterations."""
    truth = _thm51_bp_count(n)
    ev.show("BP iterations (exact run)", truth)
    ev.show("claimed count", subject(n))
    ev.close(subject(n), truth, what="BP iterations", context=f"n={n}")


@functools.cache
def _thm51_exact_problem(n: int) -> Problem:
    """Thm 5.1's dataset as the library represents it, built from its two distinct points without
    converting n rows: z_1 = (1/2, −1) once and z_r = (1/2, 1) (from a = (−1/2, −1), y = −1) n − 1 times."""
    if n == 1:
        return Problem(((Fraction(1, 2), Fraction(-1)),), (1,), 1, 2, True)
    return Problem(((Fraction(1, 2), Fraction(-1)), (Fraction(1, 2), Fraction(1))), (1, n - 1), n, 2, True)


@functools.cache
def _thm51_bp_count(n: int) -> int:
    """BP's iteration count on Thm 5.1's dataset, run in exact rationals (cached: mutants reuse it)."""
    return _count(_thm51_exact_problem(n), "bp", None, 10**6)


@functools.cache
def _thm51_bp_tie(n: int) -> tuple[int, tuple[str, ...]] | None:
    """The first BP iterate on Thm 5.1's dataset with an exact zero margin (BP run in exact integers up to its
    count, θ̂_t = Θ_t/(4n)): (t, θ̂_t as text), or None."""
    for t, theta, m in thm51_bp_in_integers(n):
        if any(v == 0 for v in m):
            return t, tuple(str(Fraction(v, 4 * n)) for v in theta)
    return None


def _thm51_tie_check(subject, ev, n):
    """Exact BP iterates on Thm 5.1's dataset have a zero margin exactly when the subject says so."""
    tie = _thm51_bp_tie(n)
    if tie is not None and "smallest_n_with_tie" not in ev.metrics:
        ev.metric("smallest_n_with_tie", n)
        ev.show("n", n)
        ev.show(f"θ̂_{tie[0]} with a zero margin", list(tie[1]))
    ev.that(bool(subject(n)) == (tie is not None),
            f"n={n}: an exact zero margin {'occurs' if tie else 'does not occur'} along BP, the claim says "
            f"{'it does' if subject(n) else 'it does not'}", claimed=bool(subject(n)), observed=tie is not None,
            labels=("the claim says a tie occurs", "an exact tie occurs"))


TIE_SWEEP = range(1, 121)  # every n up to 120, in increasing order: the first failure is the smallest


def _thm51_tie_sweep(subject, ev):
    """For every n = 1..120 in turn, exact BP iterates have a zero margin exactly when the subject says so."""
    for n in TIE_SWEEP:
        _thm51_tie_check(subject, ev, n)
    ev.note(f"checked every n in {TIE_SWEEP.start}..{TIE_SWEEP.stop - 1} in exact integer arithmetic")


TIE_PRECISION = "exact integers (BP's iterates times 4n)"
THM51_TIES.check(precision=TIE_PRECISION, tolerance="none: exact margins",
                 name="exact_margins_tie_iff_claimed")(_thm51_tie_sweep)
THM51_ASSUMPTION.check(precision=TIE_PRECISION, tolerance="none: exact margins", confirm="exact",
                       name="exact_margins_tie_iff_claimed")(_thm51_tie_sweep)
