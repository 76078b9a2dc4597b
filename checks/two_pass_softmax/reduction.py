"""Checks of the argument reduction (X4, X6): the range of t and p as stated, the bound T(x) that replaces it,
and the accuracy of p·2^n against e^x by binade of |x|.

Routes: the reduced argument and e^x computed exactly or at 40 digits from the same float32 x and the port's n
(mpmath), and in float64 from x − n ln 2 (|n| ln 2 < 2^25: the float64 product errs by less than 2^-27).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.two_pass_softmax import claims_float32 as C
from ...theorems.two_pass_softmax import kernel as K
from .strategies import F32, float32_values, log_uniform_float32, seeds

LN2 = math.log(2.0)
HALF_LN2 = LN2 / 2
SQRT2 = math.sqrt(2.0)
#: The polynomial's worst relative error on [−ln 2/2, ln 2/2], 1.3 ulps (measured on a 20001-point grid), and
#: the rounding of t itself (2^-24 relative to |t| ≤ 0.35 is below 2^-25; the statement allows 2^-24).
POLY_ERROR = 1.3 * C.ULP
T_ROUNDING = 2.0**-24
#: |fl(log2 e) − log2 e|
LOG2E_ERROR = abs(float(K.LOG2E) - 1 / LN2)


def _exact_t(x: float, n: float):
    """x − n ln 2 at 40 digits."""
    with mpmath.workdps(40):
        return mpmath.mpf(x) - mpmath.mpf(n) * mpmath.ln2


def _confirm_range(subject, x):
    ee = subject(np.array([x], dtype=F32))
    t = _exact_t(x, float(ee.n[0]))
    over = abs(t) - mpmath.ln2 / 2
    p_out = float(ee.p[0]) > SQRT2 * (1 + POLY_ERROR) or float(ee.p[0]) < (1 - POLY_ERROR) / SQRT2
    return bool(over > 2 * T_ROUNDING or p_out), (f"at 40 digits |x − n ln 2| − ln 2/2 = {mpmath.nstr(over, 6)} "
                                                  f"(n = {float(ee.n[0])!r}), p = {float(ee.p[0])!r}")


@C.REDUCTION.check(given={"x": float32_values(-3.0, math.log2(1e8))}, examples=30, precision="float32 port",
                   tolerance=r"$|t| \le \ln 2/2 + 2^{-24}$; $p \in [1/\sqrt 2, \sqrt 2]$ up to 1.3 ulps",
                   confirm=_confirm_range, regressions=[{"x": 50.253173828125}])
def reduced_argument_in_range(subject, ev, x):
    r"""$|t| \le \ln 2/2 + 2^{-24}$ and $p \in [(1 - 1.3\,\mathrm{ulp})/\sqrt 2, (1 + 1.3\,\mathrm{ulp})\sqrt 2]$."""
    ee = subject(np.array([x], dtype=F32))
    t, p = float(ee.t[0]), float(ee.p[0])
    ev.show("(n, t, p)", [float(ee.n[0]), t, p])
    ev.le(abs(t), HALF_LN2 + T_ROUNDING, what="|t| ≤ ln2/2", labels=("|t|", "ln 2/2 + 2^-24"))
    ev.le(p, SQRT2 * (1 + POLY_ERROR), what="p ≤ √2", labels=("p", "√2 (1 + 1.3 ulp)"))
    ev.le((1 - POLY_ERROR) / SQRT2, p, what="p ≥ 1/√2", labels=("(1 − 1.3 ulp)/√2", "p"))


def _ulp(v: np.ndarray) -> np.ndarray:
    a = np.abs(v.astype(F32))
    return (np.nextafter(a, F32(np.inf)) - a).astype(np.float64)


def bound_t(x: np.ndarray) -> np.ndarray:
    """T(x) = ln 2 (1/2 + ulp(fl(x log2 e))/2 + |x| |fl(log2 e) − log2 e|) + 2^-22."""
    prod = (x.astype(F32) * K.LOG2E).astype(F32)
    return LN2 * (0.5 + _ulp(prod) / 2 + np.abs(x.astype(np.float64)) * LOG2E_ERROR) + 2.0**-22


#: p against e^{±T}: the polynomial's error grows off its interval, to 11 ulps at |t| = 0.4 (grid): 2^-19 = 16 ulps.
P_SLACK = 2.0**-19


@C.REDUCTION_BOUND.check(given={"seed": seeds, "top": st.integers(-2, 23)}, examples=8,
                         precision="float32 port, float64 bound",
                         tolerance=r"$|t| \le T(x)$; $p$ within $2^{-19}$ of $[e^{-T}, e^{T}]$ while $T \le 0.4$")
def t_within_the_bound(subject, ev, seed, top):
    r"""On 256 float32 values of one binade $[2^{k}, 2^{k+1})$ (both signs), $|t| \le T(x)$ and $p$ lies in
    $[e^{-T}, e^{T}]$ up to $2^{-19}$ where $T \le 0.4$."""
    x = log_uniform_float32(seed, 256, top, top + 1)
    ee = subject(x)
    T = bound_t(x)
    ev.show("x (first 6)", x[:6])
    ev.show("t (first 6)", ee.t[:6])
    worst = int(np.argmax(np.abs(ee.t) - T))
    ev.le(float(abs(ee.t[worst])), float(T[worst]), what="|t| ≤ T(x)", labels=("|t|", "T(x)"),
          context=f"x = {float(x[worst])!r}")
    keep = T <= 0.4
    if np.any(keep):
        lo = np.exp(-T[keep]) * (1 - P_SLACK)
        hi = np.exp(T[keep]) * (1 + P_SLACK)
        p = ee.p[keep].astype(np.float64)
        ev.le(float(np.max(p / hi)), 1.0, what="p ≤ e^T (1 + 2^-19)", labels=("max p/(e^T(1 + 2^-19))", "1"))
        ev.le(1.0, float(np.min(p / lo)), what="p ≥ e^-T (1 − 2^-19)", labels=("1", "min p/(e^-T(1 − 2^-19))"))


#: |ln 2 − (ln2_hi − ln2_lo)|, the Cody–Waite constants' error
LN2_SPLIT_ERROR = abs(float(mpmath.log(2) - (mpmath.mpf(float(-K.MINUS_LN2_HI)) - mpmath.mpf(float(K.MINUS_LN2_LO)))))


@C.REDUCTION_BOUND.check(given={"seed": seeds, "top": st.integers(-2, 23)}, examples=4, precision="mpmath 40 digits",
                         tolerance=r"$2^{-23}(|t_1| + |t|) + |n|\,|\ln 2 - (\ln 2_{\mathrm{hi}} - "
                                   r"\ln 2_{\mathrm{lo}})|$: the two FMA roundings and the split constant")
def t_is_the_reduced_argument(subject, ev, seed, top):
    r"""The port's $t$ is $x - n\ln 2$ (at 40 digits) up to its two roundings and the error of the split $\ln 2$."""
    x = log_uniform_float32(seed, 16, top, top + 1)
    ee = subject(x)
    ev.show("x", x)
    ev.show("t", ee.t)
    for xi, ni, ti in zip(x, ee.n, ee.t):
        exact = _exact_t(float(xi), float(ni))
        t1 = abs(float(xi) - float(ni) * float(-K.MINUS_LN2_HI))
        tol = 2.0**-23 * (t1 + abs(float(ti))) + abs(float(ni)) * LN2_SPLIT_ERROR + 1e-30
        ev.le(abs(float(ti - exact)), tol, what="|t − (x − n ln 2)|", labels=("|t − (x − n ln2)|", "tolerance"),
              context=f"x = {float(xi)!r}")


def _ext_error_ulps(ee, x: np.ndarray) -> np.ndarray:
    """|p·2^n/e^x − 1| in ulps of 2^-23, from t = x − n ln 2 in float64 (|n| < 2^25)."""
    t = x.astype(np.float64) - ee.n.astype(np.float64) * LN2
    return np.abs(ee.p.astype(np.float64) * np.exp(-t) - 1.0) / C.ULP


@C.EXP_ACCURACY.check(given={"seed": seeds, "top": st.integers(-3, 16)}, examples=8,
                      precision="float64 reduced argument (error below 2^-27)",
                      tolerance=r"2 ulps ($2 \cdot 2^{-23}$) relative")
def accurate_below_2_17(subject, ev, seed, top):
    r"""On 256 float32 values of one binade below $2^{17}$, $p\,2^{n}$ is within 2 ulps of $e^{x}$."""
    x = log_uniform_float32(seed, 256, top, top + 1)
    ee = subject(x)
    err = _ext_error_ulps(ee, x)
    worst = int(np.argmax(err))
    ev.show("worst x", float(x[worst]))
    ev.show("(n, t, p) there", [float(ee.n[worst]), float(ee.t[worst]), float(ee.p[worst])])
    ev.le(float(err[worst]), 2.0, what="relative error of p·2^n in ulps", labels=("error (ulps)", "2"))


@C.EXP_ACCURACY.check(given={"x": float32_values(-3.0, 17.0)}, examples=8, precision="mpmath 40 digits",
                      tolerance="2 ulps relative")
def accurate_at_forty_digits(subject, ev, x):
    r"""For single values below $2^{17}$, $p\,2^{n}$ agrees with $e^{x}$ computed at 40 digits to 2 ulps."""
    ee = subject(np.array([x], dtype=F32))
    with mpmath.workdps(40):
        rel = abs(mpmath.mpf(float(ee.p[0])) * mpmath.mpf(2) ** int(ee.n[0]) / mpmath.exp(mpmath.mpf(x)) - 1)
    ev.show("x", x)
    ev.show("(n, p)", [float(ee.n[0]), float(ee.p[0])])
    ev.le(float(rel) / C.ULP, 2.0, what="relative error in ulps", labels=("error (ulps)", "2"))


@C.EXP_ACCURACY.check(precision="float64 reduced argument", tolerance="the statement's thresholds")
def degradation(subject, ev):
    r"""Worst error of $p\,2^{n}$ per binade of $|x|$ from $2^{-3}$ to $2^{24}$ (2000 values each, 20000 in the
    thorough profile): at most 2 ulps below $2^{17}$, above 8 from $2^{19}$ to $2^{23}$, above $10^{5}$ at $2^{24}$."""
    size = 2000 if ev.profile != "thorough" else 20000
    rows, below = [], 0.0
    worst_by_binade = {}
    for k in range(-3, 25):
        x = log_uniform_float32(1000 + k, size, k, k + 1)
        ee = subject(x)
        err = _ext_error_ulps(ee, x)
        worst = float(np.max(err))
        worst_by_binade[k] = worst
        rows.append({"binade": f"2^{k}", "worst error (ulps)": float(f"{worst:.3g}"),
                     "max |t| − ln2/2": float(f"{float(np.max(np.abs(ee.t))) - HALF_LN2:.3g}")})
        if k < 15:
            below = max(below, worst)
    ev.table("worst error of p·2^n by binade of |x|", rows)
    ev.metric("worst_below_2_15", round(below, 2))
    for k in range(-3, 17):
        ev.le(worst_by_binade[k], 2.0, what=f"error at 2^{k} ≤ 2 ulps", labels=("worst error (ulps)", "2"))
    for k in range(19, 24):
        ev.lt(8.0, worst_by_binade[k], what=f"error at 2^{k} > 8 ulps", labels=("8", "worst error (ulps)"))
    ev.lt(1e5, worst_by_binade[24], what="error at 2^24 > 1e5 ulps", labels=("1e5", "worst error (ulps)"))
