"""F2–F5: h(r) against mpmath's numerical second derivative of f, the monotonicity and the sign of h."""

from __future__ import annotations

import functools
import math

import mpmath
import sympy as sp
from hypothesis import strategies as st

from ...theorems.f_distill import formulas as F
from ...theorems.f_distill.claims_weights import DECREASING, MONOTONE, NONNEGATIVE, WEIGHTS
from .strategies import log_ratios

DIGITS = 30
# mpmath.diff at 30 digits (its step and working precision chosen for that) leaves an error far below 1e-20 relative
# on these smooth f at r ∈ [e^−6, e^6]; float64 evaluation of h costs a few ulps. 1e-12 is 10⁴ ulps of headroom and
# every mutant (a factor r, a constant, a swapped sign) is off by far more.
RTOL = 1e-12


@functools.cache
def _mp_f(name):
    return sp.lambdify(F.r, F.F_EXPR[name], "mpmath")


@functools.lru_cache(maxsize=256)
def numeric_h(name, log_r, digits=DIGITS):
    """f″(r) r² by mpmath's numerical differentiation of f itself."""
    with mpmath.workdps(digits):
        rr = mpmath.exp(mpmath.mpf(log_r))
        return mpmath.diff(_mp_f(name), rr, 2) * rr**2


def _confirm_h(name):
    def confirm(subject, log_r):
        want = numeric_h(name, log_r, 50)
        got = subject.at_precision(50, r=mpmath.exp(mpmath.mpf(log_r)))
        return bool(abs(got - want) > RTOL * abs(want) + 1e-40), f"formula {mpmath.nstr(got, 17)}, f'' r² " \
                                                                  f"{mpmath.nstr(want, 17)}"
    return confirm


for _name, _claim in WEIGHTS.items():
    def _check(subject, ev, log_r, _name=_name):
        rr = math.exp(log_r)
        ev.close(float(subject(r=rr)), float(numeric_h(_name, log_r)), rtol=RTOL, atol=1e-300,
                 labels=("h(r) as claimed", "f″(r) r² by mpmath.diff"), context=f"r = {rr!r}")

    _check.__doc__ = (r"The claimed $h(r)$ equals $f''(r)\,r^2$ with $f''$ from mpmath's numerical differentiation of "
                      r"$f$ at 30 digits.")
    _claim.check(given={"log_r": log_ratios}, examples=6, precision="mpmath 30 digits (mpmath.diff)",
                 tolerance=f"{RTOL:g} relative: mpmath.diff is exact to far more digits", confirm=_confirm_h(_name),
                 name="matches_numerical_second_derivative")(_check)


@functools.cache
def _fn(expr):
    return sp.lambdify(F.r, expr, "math")


def _pair(log_r, gap):
    return math.exp(log_r), math.exp(log_r + gap)


@MONOTONE.check(given={"log_r": log_ratios, "gap": st.floats(0.05, 4.0)}, examples=10, precision="float64",
                tolerance="exact comparison: h values differ by at least 1e-3 relative over the drawn gaps",
                confirm="exact")
def non_decreasing(subject, ev, log_r, gap):
    """For $r_1 < r_2$, $h(r_1) \\le h(r_2)$ for every less mode-seeking divergence."""
    r1, r2 = _pair(log_r, gap)
    for name, expr in subject.items():
        ev.le(_fn(expr)(r1), _fn(expr)(r2), what=f"h({name}) at r₁ < r₂", labels=("h(r₁)", "h(r₂)"),
              context=f"{name}: r₁ = {r1!r}, r₂ = {r2!r}")


@DECREASING.check(given={"log_r": log_ratios, "gap": st.floats(0.05, 4.0)}, examples=10, precision="float64",
                  tolerance="strict comparison", confirm="exact")
def strictly_decreasing(subject, ev, log_r, gap):
    """For $r_1 < r_2$, $h(r_1) > h(r_2)$ for softened reverse KL and Neyman $\\chi^2$."""
    r1, r2 = _pair(log_r, gap)
    for name, expr in subject.items():
        ev.lt(_fn(expr)(r2), _fn(expr)(r1), what=f"h({name}) at r₁ < r₂", labels=("h(r₂)", "h(r₁)"),
              context=f"{name}: r₁ = {r1!r}, r₂ = {r2!r}")


@NONNEGATIVE.check(given={"log_r": log_ratios}, examples=10, precision="float64, and mpmath.diff at 30 digits",
                   tolerance="sign comparison; the numerical f″ r² agrees to 1e-12 relative", confirm="exact")
def nonnegative_where_convex(subject, ev, log_r):
    """For every divergence, $f''(r) r^2$ from mpmath.diff is $\\ge 0$ (convexity) and the claimed $h(r)$ equals it
    and is $\\ge 0$."""
    rr = math.exp(log_r)
    for name, expr in subject.items():
        numeric = float(numeric_h(name, log_r))
        ev.le(0.0, numeric, what=f"f″ r² for {name}", labels=("0", "f″(r) r²"), context=f"r = {rr!r}")
        ev.close(_fn(expr)(rr), numeric, rtol=RTOL, what=f"h for {name}", labels=("claimed h(r)", "f″(r) r²"))
        ev.le(0.0, _fn(expr)(rr), what=f"h for {name}", labels=("0", "h(r)"), context=f"r = {rr!r}")
