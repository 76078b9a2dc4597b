"""P5: subcompositional incoherence, and the subcomposition's value as a conventional partial correlation."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.compositional_pcor import claims as C
from . import ground_truth as G
from .routes import EXACT_TOL, KAPPA_EXACT, call, condition
from .strategies import compositions_from_logs, integer_logs

# Integer logs (seed 1, n = 9, D = 5) and the subcomposition of the first three parts: the exact ρ₁₂ within
# it and in the full composition differ (the drawn case; the check re-derives both exactly).
INCOHERENT_CASE = (1, 9, 5)
SUB = (0, 1, 2)
# The two exact values must differ by more than this for the example to count (far above EXACT_TOL).
MIN_GAP = 1e-3


@C.SUBCOMPOSITION_INCOHERENT.check(precision="exact rationals for both values",
                                   tolerance=f"{EXACT_TOL:g} absolute for the subject's value", confirm="exact")
def differs_in_subcomposition(subject, ev):
    r"""On one integer-log data set, $\rho_{12}$ within the subcomposition $\{1, 2, 3\}$ (exact) differs from
    $\rho_{12}$ in the full composition (exact), and the subject computes the former."""
    seed, n, d = INCOHERENT_CASE
    logs = integer_logs(seed, n, d)
    sub_sq, sub_sign = G.exact_partial_correlation(logs, 0, 1, 2, [])
    full_sq, full_sign = G.exact_partial_correlation(logs, 0, 1, 2, [3, 4])
    sub, full = G.as_float(sub_sq, sub_sign), G.as_float(full_sq, full_sign)
    ev.show("integer logs", logs)
    ev.metric("exact ρ₁₂ within the subcomposition", sub)
    ev.metric("exact ρ₁₂ in the full composition", full)
    ev.that(sub_sq != full_sq or sub_sign != full_sign, "the exact values coincide",
            claimed=sub, observed=full, labels=("within the subcomposition", "full composition"))
    got = float(call(ev, subject, compositions_from_logs(logs), SUB)[0, 1])
    ev.close(got, sub, atol=EXACT_TOL, what="ρ₁₂ within S",
             labels=("subject within the subcomposition", "exact value within the subcomposition"))
    ev.le(MIN_GAP, abs(got - full), what="gap to the full composition",
          labels=("required gap", "|ρ within S − ρ in the full composition|"))


@st.composite
def _subcompositions(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    d = draw(st.integers(4, 6))
    n = draw(st.integers(d + 1, d + 5))
    size = draw(st.integers(3, d - 1))
    parts = tuple(sorted(draw(st.permutations(range(d)))[:size]))
    return seed, n, d, parts


@C.SUBCOMPOSITION_CONVENTIONAL.check(given={"case": _subcompositions(), "pick": st.integers(0, 10**6)},
                                     examples=12, precision="exact rationals (Fraction)",
                                     tolerance=f"{EXACT_TOL:g} absolute (EXACT_TOL)", confirm="exact")
def matches_conventional_with_fewer_adjusted(subject, ev, case, pick):
    r"""Within a drawn subcomposition $S$, every $\rho_{ij}$ against the exact residual correlation of
    $l_i - l_r$, $l_j - l_r$ adjusted only for $l_k - l_r$, $k \in S \setminus \{i, j, r\}$."""
    seed, n, d, parts = case
    logs = integer_logs(seed, n, d)
    ev.assume(condition(np.asarray(logs, dtype=float)[:, list(parts)]) <= KAPPA_EXACT)  # full rank within S
    m = len(parts)
    truth = np.eye(m)
    for a in range(m):
        for b in range(a + 1, m):
            i, j = parts[a], parts[b]
            rest = [k for k in parts if k not in (i, j)]
            r = rest[pick % len(rest)]
            adjust = [k for k in rest if k != r]
            ei, ej = (G.log_ratio_residual(logs, p, r, adjust) for p in (i, j))
            ev.assume(any(v != 0 for v in ei) and any(v != 0 for v in ej))
            truth[a, b] = truth[b, a] = G.as_float(*G.correlation_squared_and_sign(ei, ej))
    ev.show("integer logs", logs)
    ev.show("subcomposition", list(parts))
    got = call(ev, subject, compositions_from_logs(logs, seed, spread=50.0), parts)
    ev.close(got, truth, atol=EXACT_TOL, what="ρ within S",
             labels=("ρ within the subcomposition", "conventional partial correlation, fewer adjusted"))
