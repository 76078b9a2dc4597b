"""Checks of V2, the optimum α* = 1 + a/3, β* = 1 + b/3 of V1's second moment and its minimum
B(1+a/3, 1+b/3)³/B(a, b): against Nelder–Mead, 20-digit quadrature, random points and the baselines."""

from __future__ import annotations

import functools
import math

import numpy as np
from hypothesis import strategies as st
from scipy import optimize, special

from ...theorems.bnpo import claims as C
from .numerics import cached_mp_second_moment
from .strategies import _inside, shape


def _log_m(x: np.ndarray, a: float, b: float) -> float:
    """log of V1's second moment (bnpo.second_moment, itself checked by quadrature in second_moment.py)."""
    al, be = x
    if al <= 0 or be <= 0 or al >= (a + 3) / 2 or be >= (b + 3) / 2:
        return math.inf
    return float(2 * special.betaln(al, be) + special.betaln(a + 3 - 2 * al, b + 3 - 2 * be) - special.betaln(a, b))


@functools.lru_cache(maxsize=256)
def _numerical_minimum(a: float, b: float) -> tuple[float, float, float]:
    """Minimise log M over the finite region with Nelder–Mead from several starts."""
    best = None
    for start in ((1.0, 1.0), (0.3 * (a + 3) / 2, 0.3 * (b + 3) / 2), (0.8 * (a + 3) / 2, 0.8 * (b + 3) / 2)):
        res = optimize.minimize(_log_m, np.array(start), args=(a, b), method="Nelder-Mead",
                                options={"xatol": 1e-11, "fatol": 1e-15, "maxiter": 20000, "maxfev": 40000})
        if best is None or res.fun < best.fun:
            best = res
    return float(best.x[0]), float(best.x[1]), float(best.fun)


@C.OPTIMUM.check(given={"a": shape, "b": shape}, examples=12, precision="float64, Nelder–Mead",
                 tolerance="1e-6 relative on (α*, β*): Nelder–Mead's xatol 1e-11 on a function whose curvature "
                           "at the minimum is ≥ 1e-3; 1e-10 relative on the minimum value")
def numerical_minimiser_agrees(subject, ev, a, b):
    r"""Nelder–Mead on $\log M$ (three starts) lands on the claimed $(\alpha^*, \beta^*)$ with the claimed minimum."""
    opt, m_star = subject.parameters, subject.minimum
    al, be, log_min = _numerical_minimum(a, b)
    ctx = f"a={a:.4g}, b={b:.4g}"
    claimed = np.array(opt(a, b), dtype=float)
    ev.show("claimed (α*, β*)", claimed)
    ev.show("Nelder–Mead minimiser", [al, be])
    ev.show("claimed minimum and Nelder–Mead's", [m_star(a, b), math.exp(log_min)])
    ev.close(claimed, np.array([al, be]), rtol=1e-6, what="(α*, β*)", context=ctx,
             labels=("claimed (α*, β*)", "Nelder–Mead minimiser"))
    ev.close(m_star(a, b), math.exp(log_min), rtol=1e-10, what="minimum M*", context=ctx,
             labels=("claimed minimum", "Nelder–Mead minimum"))


@C.OPTIMUM.check(given={"a": shape, "b": shape}, examples=8,
                 precision="mpmath at 20 working digits, no guard digits (within 4e-21 of 50-digit quadrature)",
                 tolerance="1e-12 relative: quadrature to ≥ 20 digits")
def minimum_value_matches_quadrature(subject, ev, a, b):
    r"""The claimed minimum equals 20-digit quadrature of the integrand at the claimed $(\alpha^*, \beta^*)$."""
    al, be = subject.parameters(a, b)
    ev.assume(0 < al < (a + 3) / 2 and 0 < be < (b + 3) / 2)
    truth = cached_mp_second_moment(a, b, al, be)
    ev.show("claimed (α*, β*)", [al, be])
    ev.show("claimed minimum and 20-digit quadrature at (α*, β*)", [subject.minimum(a, b), float(truth)])
    ev.close(subject.minimum(a, b), truth, rtol=1e-12, what="M(α*, β*)", context=f"a={a:.4g}, b={b:.4g}",
             labels=("claimed minimum", "20-digit quadrature"))


@C.OPTIMUM.check(given={"a": shape, "b": shape, "ua": st.floats(0.01, 0.999), "ub": st.floats(0.01, 0.999)},
                 examples=40, precision="float64", tolerance="1e-12 relative slack for betaln roundoff")
def no_point_does_better(subject, ev, a, b, ua, ub):
    r"""$M$ at the claimed optimum is $\leq M$ at a random finite point, at REINFORCE $(1, 1)$ and at GRPO
    $(3/2, 3/2)$."""
    opt = subject.parameters
    star = math.exp(_log_m(np.array(opt(a, b)), a, b))
    ctx = f"a={a:.4g}, b={b:.4g}"
    random_point = _inside(a, b, ua, ub)
    ev.show("claimed (α*, β*)", list(opt(a, b)))
    ev.show("random point (α, β)", list(random_point))
    for label, point in (("random point", random_point), ("REINFORCE (1, 1)", (1.0, 1.0)),
                         ("GRPO (3/2, 3/2)", (1.5, 1.5))):
        other = math.exp(_log_m(np.array(point), a, b))
        ev.show(f"M at {label}", other)
        ev.le(star, other * (1 + 1e-12), what=f"M* ≤ M at {label}", context=ctx,
              labels=("M at the claimed optimum", f"M at {label}"))


@C.OPTIMUM.check(precision="float64 and mpmath 20 digits", tolerance="1e-14 relative at the equality case")
def equality_cases(subject, ev):
    r"""$M^* = M(3/2, 3/2)$ exactly when $a = b = 3/2$; $M^* < M(1, 1)$ on a grid, the gap closing as
    $a, b \to 0$."""
    opt, m_star = subject.parameters, subject.minimum
    al, be = opt(1.5, 1.5)
    ev.close(np.array([al, be]), np.array([1.5, 1.5]), rtol=1e-14, what="α*, β* at a = b = 3/2")
    ev.close(m_star(1.5, 1.5), cached_mp_second_moment(1.5, 1.5, 1.5, 1.5), rtol=1e-12, what="M* = M(3/2, 3/2)",
             labels=("claimed minimum", "20-digit quadrature of M(3/2, 3/2)"))
    rows = []
    for a in (0.05, 0.5, 1.5, 5.0, 50.0):
        star, m11 = m_star(a, a), math.exp(_log_m(np.array([1.0, 1.0]), a, a))
        ev.lt(star, m11, what="M* < M(1, 1)", context=f"a=b={a}", labels=("claimed minimum", "M(1, 1)"))
        rows.append({"a = b": a, "M*": star, "M(1,1)": m11, "M(3/2,3/2)": math.exp(_log_m(np.array([1.5, 1.5]), a, a)),
                     "gap to REINFORCE": 1 - star / m11})
    ev.table("optimum_against_baselines", rows)
