"""Checks of Thm 5.1 and of Assumption 3.1 on its dataset (Tyurin, arXiv 2412.08424).

BP's iteration count on Thm 5.1's dataset, and whether an exact zero margin occurs along BP,
both from BP run in exact rationals.
"""

from __future__ import annotations

import functools
from fractions import Fraction

from hypothesis import strategies as st

from ...theorems.perceptron.claims import THM51, THM51_ASSUMPTION, THM51_TIES
from ...theorems.perceptron.formulas import bp_exact
from ...theorems.perceptron.library import _count, _margins, as_problem
from .strategies import thm51_problem

# -- Thm 5.1 ---------------------------------------------------------------------------------------


@THM51.check(given={"n": st.integers(1, 400)}, examples=30, min_valid=10, precision="exact rationals",
             tolerance="none: exact counts")
def exact_bp_count_matches(subject, ev, n):
    """BP run in exact rationals on Thm 5.1's dataset takes exactly the claimed number of iterations."""
    ev.close(subject(n), _thm51_bp_count(n), what="BP iterations", context=f"n={n}")


@THM51.check(examples=1, precision="exact rationals", tolerance="none: exact counts")
def count_grows_linearly(subject, ev):
    """Exact BP counts at n = 10, 100, 1000 are ≥ 3n/10 − 1 and match the claim (Ω(n))."""
    rows = []
    for n in (10, 100, 1000):
        c = _thm51_bp_count(n)
        rows.append({"n": n, "BP iterations": c, "count/n": c / n})
        ev.le(Fraction(3 * n, 10) - 1, c, what="Ω(n): count ≥ 3n/10 − 1", context=f"n={n}")
        ev.close(subject(n), c, what="BP iterations", context=f"n={n}")
    ev.table("exact BP counts", rows)


@functools.cache
def _thm51_bp_count(n: int) -> int:
    """BP's iteration count on Thm 5.1's dataset, run in exact rationals (cached: mutants reuse it)."""
    A, y = thm51_problem(n)
    return _count(as_problem(A, y, exact=True), "bp", None, 10**6)


@functools.cache
def _thm51_bp_tie(n: int) -> bool:
    """Whether an exact zero margin occurs along BP on Thm 5.1's dataset (exact rationals, run to its count)."""
    A, y = thm51_problem(n)
    prob = as_problem(A, y, exact=True)
    bp = bp_exact(A, y, _thm51_bp_count(n))
    return any(v == 0 for t in range(1, len(bp)) for v in _margins(prob, bp[t]))


def _thm51_tie_check(subject, ev, n):
    """Exact BP iterates on Thm 5.1's dataset have a zero margin exactly when the subject says so."""
    tie = _thm51_bp_tie(n)
    ev.that(bool(subject(n)) == tie, f"n={n}: an exact zero margin {'occurs' if tie else 'does not occur'} "
            f"along BP, the claim says {'it does' if subject(n) else 'it does not'}", claimed=bool(subject(n)),
            observed=tie)


TIE_SWEEP = range(1, 121)  # every n up to 120, in increasing order: the first failure is the smallest


def _thm51_tie_sweep(subject, ev):
    """For every n = 1..120 in turn, exact BP iterates have a zero margin exactly when the subject says so."""
    for n in TIE_SWEEP:
        _thm51_tie_check(subject, ev, n)
    ev.note(f"checked every n in {TIE_SWEEP.start}..{TIE_SWEEP.stop - 1} in exact rationals")


THM51_TIES.check(precision="exact rationals", tolerance="none: exact margins",
                 name="exact_margins_tie_iff_claimed")(_thm51_tie_sweep)
THM51_ASSUMPTION.check(precision="exact rationals", tolerance="none: exact margins", confirm="exact",
                       name="exact_margins_tie_iff_claimed")(_thm51_tie_sweep)
