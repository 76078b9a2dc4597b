"""Checks that the library computes the paper's quantities (``claims_library``), at every scale.

Ground truth: the recursion and the fixed-point equation in exact rationals, the parabola's exact vertex;
K and λ are scaled together by 10^e and the vectors by 10^e′ (|e|, |e′| ≤ 250), so a computation that
overflows or underflows in float64 is caught.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from ...theorems.self_distillation import claims_library as L
from .exact import ridge_apply, solve
from .optimal import _instance, exact_vertex
from .strategies import exact_instance, rational_alphas, rational_lams, seeds, to_float

# float64 eigen-decomposition route against exact rationals: cond(K + λI) ≤ 1e3 for n ≤ 4 and |Z| ≤ 3, t ≤ 10
# applications: ≤ 1e-12 relative to max|f|; 1e-9 leaves headroom. The mutants are off by O(1) or overflow.
LIB_RTOL = 1e-9
exponents = st.integers(-250, 250)


def _call(ev: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """The library's answer; rejecting a valid input is a failure of the library, not an error of the check."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        ev.that(False, f"the library rejected a valid input: {exc}")


@L.LIBRARY_DISTILL.check(given={"seed": seeds, "n": st.integers(1, 4), "lam": rational_lams,
                                "alpha": st.one_of(st.just(Fraction(0)), rational_alphas, st.just(Fraction(1))),
                                "t": st.integers(0, 10), "e": exponents, "e_y": exponents}, examples=10,
                         regressions=[{"seed": 1, "n": 3, "lam": Fraction(1, 2), "alpha": Fraction(3, 10), "t": 2,
                                       "e": 300, "e_y": -250}],
                         precision="exact rationals (Fraction), scaled by powers of ten",
                         tolerance=f"relative {LIB_RTOL:g} of max|f| (LIB_RTOL)")
def matches_exact_recursion_at_any_scale(subject, ev, seed, n, lam, alpha, t, e, e_y):
    r"""distill equals the recursion iterated exactly and distill_limit the exact solution of
    $(I - (1-\alpha)A)f = \alpha Ay$ (0 at $\alpha = 0$), with $K, \lambda$ scaled by $10^e$ and $y$ by $10^{e'}$."""
    distill, limit = subject
    K, y, _ = exact_instance(seed, n)
    ev.show("K", to_float(K))
    ev.show("y", to_float(y))
    f = ridge_apply(K, lam, y)
    for _ in range(t):
        f = ridge_apply(K, lam, [alpha * a + (1 - alpha) * b for a, b in zip(y, f)])
    shift = [[(1 if i == j else 0) - (1 - alpha) * v for j, v in enumerate(row)]
             for i, row in enumerate(_ridge_matrix(K, lam))]
    lim = solve(shift, [alpha * v for v in ridge_apply(K, lam, y)]) if alpha > 0 else [Fraction(0)] * n
    sK, sy = 10.0 ** e, 10.0 ** e_y
    Kf, yf = to_float(K) * sK, to_float(y) * sy
    got = _call(ev, distill, Kf, yf, float(alpha), float(lam) * sK, t) / sy
    got_lim = _call(ev, limit, Kf, yf, float(alpha), float(lam) * sK) / sy
    truth, truth_lim = to_float(f), to_float(lim)
    ev.close(got, truth, atol=LIB_RTOL * max(float(np.abs(truth).max()), 1e-300), what="f_t",
             labels=("distill", "exact recursion"), context=f"α={alpha}, λ={lam}, t={t}, e={e}, e′={e_y}")
    ev.close(got_lim, truth_lim, atol=LIB_RTOL * max(float(np.abs(truth).max()), 1e-300), what="f_∞",
             labels=("distill_limit", "exact fixed point"), context=f"α={alpha}, λ={lam}, e={e}, e′={e_y}")


def _ridge_matrix(K, lam):
    n = len(K)
    cols = [ridge_apply(K, lam, [Fraction(1 if i == j else 0) for i in range(n)]) for j in range(n)]
    return [[cols[j][i] for j in range(n)] for i in range(n)]


@L.LIBRARY_OPTIMAL_ALPHA.check(given={"seed": seeds, "n": st.integers(1, 4), "lam": rational_lams,
                                      "e": exponents, "e_y": exponents, "constrained": st.booleans()}, examples=12,
                               regressions=[{"seed": 0, "n": 0, "lam": Fraction(1), "e": 0, "e_y": 0,
                                             "constrained": False},
                                            {"seed": 0, "n": 0, "lam": Fraction(1), "e": 0, "e_y": 0,
                                             "constrained": True},
                                            {"seed": 5, "n": 3, "lam": Fraction(1, 3), "e": -200, "e_y": 200,
                                             "constrained": False}],
                               precision="exact rationals: the parabola's vertex",
                               tolerance=f"{LIB_RTOL:g} relative to max(1, |α|) (LIB_RTOL)")
def matches_exact_vertex_at_any_scale(subject, ev, seed, n, lam, e, e_y, constrained):
    r"""optimal_alpha equals the exact vertex of the parabola (clipped to $[0, 1]$ when constrained), with
    $K, \lambda$ scaled by $10^e$ and the vectors by $10^{e'}$."""
    K, y, f, ref = _instance(seed, n)
    vertex, _ = exact_vertex(K, lam, y, f, ref)
    ev.assume(vertex is not None)
    want = min(Fraction(1), max(Fraction(0), vertex)) if constrained else vertex
    sK, sy = 10.0 ** e, 10.0 ** e_y
    ev.show("K", to_float(K))
    ev.show("y, f, y*", [to_float(v).tolist() for v in (y, f, ref)])
    got = _call(ev, subject, to_float(K) * sK, to_float(y) * sy, to_float(f) * sy, to_float(ref) * sy,
                float(lam) * sK, constrained=constrained)
    ev.close(got, float(want), atol=LIB_RTOL * max(1.0, abs(float(want))), what="α",
             labels=("optimal_alpha", "exact vertex"), context=f"λ={lam}, e={e}, e′={e_y}, constrained={constrained}")


