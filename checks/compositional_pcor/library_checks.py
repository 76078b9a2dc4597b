"""The library's residual_partial_correlation: exact values at any scale, and the P7 domain boundary."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.compositional_pcor import claims as C
from . import ground_truth as G
from .routes import EXACT_TOL, KAPPA_EXACT, call, condition
from .strategies import compositions_from_logs, integer_logs, small_exact


@C.LIBRARY_RESIDUAL.check(given={"shape": small_exact, "pick": st.integers(0, 10**6)}, examples=12,
                          precision="exact rationals (Fraction)",
                          tolerance=f"{EXACT_TOL:g} absolute (EXACT_TOL); samples scaled by 10^±200",
                          confirm="exact")
def matches_exact_rationals(subject, ev, shape, pick):
    r"""residual_partial_correlation$(x, i, j, r)$ against the exact residual correlation, samples scaled by
    $10^{u}$, $|u| \le 200$."""
    seed, n, d = shape
    logs = integer_logs(seed, n, d)
    ev.assume(condition(np.asarray(logs, dtype=float)) <= KAPPA_EXACT)  # a full-rank design
    i = pick % d
    j = (i + 1 + pick // d % (d - 1)) % d
    others = [k for k in range(d) if k not in (i, j)]
    r = others[pick % len(others)]
    ei, ej = (G.log_ratio_residual(logs, p, r, G.pairwise_adjust(d, i, j, r)) for p in (i, j))
    ev.assume(any(v != 0 for v in ei) and any(v != 0 for v in ej))
    truth = G.as_float(*G.correlation_squared_and_sign(ei, ej))
    x = compositions_from_logs(logs, seed, spread=200.0)
    ev.show("integer logs", logs)
    ev.show("parts i, j, reference", [i, j, r])
    ev.close(call(ev, subject, x, i, j, reference=r), truth, atol=EXACT_TOL, what="ρ",
             labels=("residual_partial_correlation", "exact residual correlation"))


@C.LIBRARY_RESIDUAL.check(given={"case": st.tuples(st.integers(0, 2**32 - 1), st.integers(3, 7),
                                                   st.sampled_from(["zero part", "n = D − 1", "n = D − 2"]))},
                          examples=8, precision="exact (an exception or not)", tolerance="none")
def refuses_the_domain_boundary(subject, ev, case):
    r"""A composition with an exact zero, or $n \le D - 1$ samples: a ValueError naming $x$, never a number."""
    seed, d, kind = case
    n = {"zero part": d + 3, "n = D − 1": d - 1, "n = D − 2": d - 2}[kind]
    x = compositions_from_logs(integer_logs(seed, n, d), seed)
    if kind == "zero part":
        rng = np.random.default_rng(seed)
        x[rng.integers(n), rng.integers(d)] = 0.0
    ev.show("x", x)
    try:
        out = subject(x, 0, 1, reference=2)
    except ValueError as exc:
        ev.that("x" in str(exc), f"the error does not name x: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 - any other failure is the library's fault
        ev.that(False, f"{kind}: raised {type(exc).__name__} instead of ValueError: {exc}")
        return
    ev.that(False, f"{kind}: returned {out!r} instead of raising ValueError", claimed="ValueError", observed=out,
            labels=("expected", "returned"))
