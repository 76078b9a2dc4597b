"""P6: normalisation-based partial correlations, and Pearson correlations of log-ratios."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.compositional_pcor import claims as C
from . import ground_truth as G
from .routes import EXACT_TOL, KAPPA_EXACT, condition
from .strategies import compositions_from_logs, integer_logs


def exact_normalised(logs, i, j, reference_set):
    """(ρ², sign) of the conventional partial correlation of y_i, y_j given every other y_k, in rationals,
    with y_k = l_k − mean of l over the reference set."""
    rows = [[Fraction(int(v)) for v in row] for row in logs]
    g = [sum((row[m] for m in reference_set), Fraction(0)) / len(reference_set) for row in rows]
    y = [[v - gs for v in row] for row, gs in zip(rows, g)]
    d = len(rows[0])
    cols = [[Fraction(1)] * len(rows)] + [[row[k] for row in y] for k in range(d) if k not in (i, j)]
    ei = G.residual([row[i] for row in y], cols)
    ej = G.residual([row[j] for row in y], cols)
    return G.correlation_squared_and_sign(ei, ej)


@st.composite
def _normalisations(draw, disjoint):
    seed = draw(st.integers(0, 2**32 - 1))
    d = draw(st.integers(4, 6))
    n = draw(st.integers(d + 2, d + 6))
    i, j = draw(st.permutations(range(d)))[:2]
    pool = [k for k in range(d) if k not in (i, j)] if disjoint else list(range(d))
    size = draw(st.integers(1, len(pool)))
    reference_set = tuple(sorted(draw(st.permutations(pool))[:size]))
    return seed, n, d, i, j, reference_set


# Found by the thorough profile: integer logs (seed 0, n = 7, D = 5), pair (1, 2), R = {3, 4, 5}, samples scaled
# by 10^±50.
SINGULAR_DESIGN = {"case": (0, 7, 5, 0, 1, (2, 3, 4))}


def _compare(subject, ev, case):
    seed, n, d, i, j, reference_set = case
    logs = integer_logs(seed, n, d)
    r = next(k for k in range(d) if k not in (i, j))
    ev.assume(condition(np.asarray(logs, dtype=float)) <= KAPPA_EXACT)  # the claim's full-rank assumption
    ei, ej = (G.log_ratio_residual(logs, p, r, G.pairwise_adjust(d, i, j, r)) for p in (i, j))
    ev.assume(any(v != 0 for v in ei) and any(v != 0 for v in ej))
    truth = G.as_float(*G.correlation_squared_and_sign(ei, ej))
    ev.show("integer logs", logs)
    ev.show("pair and reference set", {"i": i, "j": j, "R": list(reference_set)})
    got = subject(compositions_from_logs(logs, seed, spread=50.0), i, j, reference_set)
    ev.close(got, truth, atol=EXACT_TOL, what="ρ", context=f"i={i}, j={j}, R={list(reference_set)}",
             labels=("normalised partial correlation", "compositional ρ (exact residuals)"))


@C.NORMALISATION_DISJOINT.check(given={"case": _normalisations(True)}, examples=15, regressions=[SINGULAR_DESIGN],
                                precision="exact rationals for the compositional ρ",
                                tolerance=f"{EXACT_TOL:g} absolute (EXACT_TOL)", confirm="exact")
def matches_compositional_when_disjoint(subject, ev, case):
    r"""With $R \cap \{i, j\} = \emptyset$, the normalised partial correlation equals the exact compositional
    $\rho_{ij}$."""
    _compare(subject, ev, case)


def _confirm_any(subject, case):
    """Re-verify exactly: the normalised partial correlation computed in rationals differs from the
    compositional ρ computed in rationals."""
    seed, n, d, i, j, reference_set = case
    logs = integer_logs(seed, n, d)
    r = next(k for k in range(d) if k not in (i, j))
    want = G.exact_partial_correlation(logs, i, j, r, G.pairwise_adjust(d, i, j, r))
    got = exact_normalised(logs, i, j, reference_set)
    return got != want, f"exact: normalised (ρ², sign) = {got}, compositional (ρ², sign) = {want}"


# Every part as the reference set (the clr): ρ = −1 for every data set.
CLR_CASE = {"case": (0, 8, 5, 0, 1, (0, 1, 2, 3, 4))}


@C.NORMALISATION_ANY.check(given={"case": _normalisations(False)}, examples=15, regressions=[CLR_CASE],
                           precision="exact rationals for the compositional ρ; exact re-verification",
                           tolerance=f"{EXACT_TOL:g} absolute (EXACT_TOL)", confirm=_confirm_any)
def matches_compositional_any_reference_set(subject, ev, case):
    r"""For any reference set $R$ (possibly containing $i$ or $j$), the normalised partial correlation against
    the exact compositional $\rho_{ij}$."""
    _compare(subject, ev, case)


def _exact_pearson(logs, i, j, r):
    rows = [[Fraction(int(v)) for v in row] for row in logs]
    a = [row[i] - row[r] for row in rows]
    b = [row[j] - row[r] for row in rows]
    ma, mb = sum(a, Fraction(0)) / len(a), sum(b, Fraction(0)) / len(b)
    return G.correlation_squared_and_sign([v - ma for v in a], [v - mb for v in b])


def _confirm_pearson(subject, case):
    """Re-verify exactly: the Pearson correlations (ρ², sign) for the two references differ in rationals."""
    seed, n, d, i, j, _ = case
    logs = integer_logs(seed, n, d)
    r1, r2 = [k for k in range(d) if k not in (i, j)][:2]
    a, b = _exact_pearson(logs, i, j, r1), _exact_pearson(logs, i, j, r2)
    return a != b, f"exact (ρ², sign): reference {r1} gives {a}, reference {r2} gives {b}"


def _confirm_float(subject, case):
    """Re-verify: the normalised partial correlation computed in exact rationals equals the exact ρ (so the
    statement's value is ρ), while the float procedure is off by more than the tolerance."""
    seed, n, d, i, j, reference_set = case
    logs = integer_logs(seed, n, d)
    r = next(k for k in range(d) if k not in (i, j))
    exact = G.exact_partial_correlation(logs, i, j, r, G.pairwise_adjust(d, i, j, r))
    same = exact_normalised(logs, i, j, reference_set) == exact
    got = subject(compositions_from_logs(logs, seed, spread=50.0), i, j, reference_set)
    off = abs(got - G.as_float(*exact)) > EXACT_TOL
    return bool(same and off), (f"exact normalised (ρ², sign) = exact ρ = {exact}; the float procedure gives {got!r}, "
                                f"ρ = {G.as_float(*exact)!r}")


@C.NORMALISATION_FLOAT.check(given={"case": _normalisations(True)}, examples=10, regressions=[SINGULAR_DESIGN],
                             precision="float64 subject; exact rationals for the ground truth and the confirmation",
                             tolerance=f"{EXACT_TOL:g} absolute (EXACT_TOL)", confirm=_confirm_float)
def default_cutoff_matches_compositional(subject, ev, case):
    r"""With $R \cap \{i, j\} = \emptyset$, the default-cut-off procedure against the exact compositional
    $\rho_{ij}$."""
    _compare(subject, ev, case)


@C.PEARSON_REFERENCE.check(given={"case": _normalisations(True)}, examples=10,
                           regressions=[{"case": (0, 8, 5, 0, 1, (2,))}],
                           precision="float64; exact rationals to confirm",
                           tolerance="1e-10 absolute (a few ulps of float correlations of integer logs)",
                           confirm=_confirm_pearson)
def same_for_two_references(subject, ev, case):
    r"""$\mathrm{corr}(l_i - l_r, l_j - l_r)$ for the first two admissible references $r$."""
    seed, n, d, i, j, _ = case
    logs = integer_logs(seed, n, d)
    x = compositions_from_logs(logs, seed, spread=50.0)
    r1, r2 = [k for k in range(d) if k not in (i, j)][:2]
    ev.show("integer logs", logs)
    ev.show("pair and references", [i, j, r1, r2])
    ev.close(subject(x, i, j, r2), subject(x, i, j, r1), atol=1e-10, what="Pearson correlation of log-ratios",
             labels=(f"reference {r2}", f"reference {r1}"))


