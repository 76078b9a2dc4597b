"""O7: the top-1 student of operators satisfying A1 (40 digits) and the KL projection onto the full simplex
(scipy L-BFGS minimisation of the divergence)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.optimize import minimize

from ...theorems.softening_operators import claims as C
from ...theorems.softening_operators import formulas as F
from .strategies import as_simplex, temperatures, weights

A1_OPERATORS = {"power": F.power_op, "mixture (M)": F.mix_op, "smoothing (S)": F.smoothing_op}


@C.TOP1_STUDENT.check(given={"w": weights, "T": temperatures}, examples=25, precision="mpmath 40 digits",
                      tolerance="exact comparison of 40-digit values (ties computed identically)",
                      regressions=[{"w": [2, 2, 1, 0], "T": 0.5}])
def argmax_preserved_by_a1_operators(subject, ev, w, T):
    r"""For the power family, (M) and (S), $\operatorname{argmax} F_T(p)$ equals the predicted set."""
    p = as_simplex(w)
    predicted = subject(p)
    ev.show("p", [str(x) for x in p])
    with mpmath.workdps(40):
        for name, op in A1_OPERATORS.items():
            f = op(p, T)
            top = max(f)
            observed = frozenset(i for i, x in enumerate(f) if x == top)
            ev.that(observed == predicted, f"{name}: argmax of the softened target is {sorted(observed)}",
                    claimed=sorted(predicted), observed=sorted(observed),
                    labels=("predicted top-1 set", f"argmax of {name}"))


#: L-BFGS on softmax parameters with gtol 1e-12: the minimiser is accurate to ~1e-9; 1e-7 leaves headroom.
TOL_PROJ = 1e-7


def numerical_projection(t: np.ndarray) -> np.ndarray:
    """argmin over q = softmax(θ) of KL(t ‖ q), by L-BFGS (gradient softmax(θ) − t)."""
    def f(theta):
        lse = np.logaddexp.reduce(theta)
        q = np.exp(theta - lse)
        return float(np.sum(t * (np.log(t) - theta + lse))), q - t
    res = minimize(f, np.zeros_like(t), jac=True, method="L-BFGS-B", options={"gtol": 1e-12, "ftol": 1e-15})
    return np.exp(res.x - np.logaddexp.reduce(res.x))


_CASES = {"V": st.integers(2, 8), "seed": st.integers(0, 2**32 - 1), "T": st.floats(1.05, 50.0)}


def _target(V, seed, T, op=F.power_op):
    p = np.random.default_rng(seed).dirichlet(np.ones(V))
    with mpmath.workdps(30):
        return p, np.array([float(x) for x in op(list(p), T)])


@C.FULL_STUDENT.check(given=_CASES, examples=6, precision="float64 L-BFGS",
                      tolerance=f"{TOL_PROJ:g} absolute: the minimiser's accuracy")
def projection_matches_numerical_minimiser(subject, ev, V, seed, T):
    r"""The claimed projection of $t = F_T(p)$ equals the minimiser of $\operatorname{KL}(t \| q)$ found by L-BFGS."""
    p, t = _target(V, seed, T)
    ev.show("t", t)
    found = numerical_projection(t)
    claimed = np.array([float(x) for x in subject(list(t))])
    ev.close(claimed, found, atol=TOL_PROJ, what="KL projection", labels=("claimed projection", "L-BFGS minimiser"))


@C.FULL_STUDENT.check(given=_CASES, examples=10, precision="mpmath 30 digits",
                      tolerance="students distinct when their L1 distance exceeds 1e-12")
def power_and_mixture_students_differ(subject, ev, V, seed, T):
    r"""At $T > 1$ the full-simplex students of the power family and of (M) differ."""
    p, t_power = _target(V, seed, T)
    _, t_mix = _target(V, seed, T, F.mix_op)
    a = np.array([float(x) for x in subject(list(t_power))])
    b = np.array([float(x) for x in subject(list(t_mix))])
    dist = float(np.abs(a - b).sum())
    ev.show("p", p)
    ev.show("student of the power family", a)
    ev.show("student of (M)", b)
    ev.that(dist > 1e-12, "the two students coincide", claimed=dist, observed=0.0,
            labels=("‖student(power) − student(M)‖₁", "0"))
