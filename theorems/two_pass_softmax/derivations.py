"""Sympy derivations of the Two-Pass softmax claims: the induction step of pass 1 (X1) and of the base-e
recursion (X9), the floor variant's pair map (X7), the flush's dropped term (X1 as stated), the overflow of
Horner's rule at x = −10^30 (X2 as stated) and the traffic ratios (X8)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from claimkit import Derivation

from . import claims_exact as CE
from . import claims_float32 as CF
from . import claims_traffic as CT
from . import exact as E
from . import kernel as K

_v, _p = sp.symbols("v p", positive=True)
_e, _n = sp.symbols("e n", integer=True)
_k = sp.Symbol("k", integer=True, nonnegative=True)
_delta = sp.Symbol("delta", integer=True, nonpositive=True)
_S, _m, _x, _t = sp.symbols("S m x t", real=True)
_j = sp.Symbol("j", integer=True, nonnegative=True)


@CE.INVARIANT_EXACT.derivation("induction_on_the_prefix")
def _invariant(d: Derivation) -> None:
    r"""If $v\,2^{e} = \Sigma$ before a step, then after it $v'\,2^{e'} = \Sigma + p\,2^{n}$, in both cases of
    $e' = \max(e, n)$; the scale factors are $2^{\delta}$ with $\delta \le 0$, at most 1; and with
    $p = e^{x - n\ln 2}$, $p\,2^{n} = e^{x}$, so $y_i = p_i 2^{n_i}/(v_s 2^{e_s}) = e^{x_i}/\sum_j e^{x_j}$."""
    # case e ≥ n: e' = e, write n = e − k
    step = d.step(r"case $e \ge n$ ($n = e - k$): $v' 2^{e'} = (v\,2^{0} + p\,2^{-k})\,2^{e}$",
                  (_v * 2**0 + _p * 2 ** (-_k)) * 2**_e, "e' = e")
    d.close(step, _v * 2**_e + _p * 2 ** (_e - _k), r"$= v\,2^{e} + p\,2^{n}$", method="expand")
    # case n > e: e' = n, write e = n − k
    step = d.step(r"case $n > e$ ($e = n - k$): $v' 2^{e'} = (v\,2^{-k} + p\,2^{0})\,2^{n}$",
                  (_v * 2 ** (-_k) + _p) * 2**_n, "e' = n")
    d.close(step, _v * 2 ** (_n - _k) + _p * 2**_n, r"$= v\,2^{e} + p\,2^{n}$", method="expand")
    d.close_true(sp.Le(_delta * sp.log(2), 0), r"$2^{\delta} = e^{\delta\ln 2} \le 1$ for $\delta \le 0$")
    d.close(sp.exp(_x - _n * sp.log(2)) * sp.exp(_n * sp.log(2)), sp.exp(_x),
            r"$p\,2^{n} = e^{x - n\ln 2}\,e^{n\ln 2} = e^{x}$", method="expand")


@CE.INVARIANT.derivation("the_flush_drops_a_term", shows="negation")
def _flush(d: Derivation) -> None:
    r"""At $x = (0, -100)$: $n = (0, -144)$, $\delta = -144 \le -127$, so pass 1 ends with $v\,2^{e} = 1$ while
    $\sum_j e^{x_j} = 1 + e^{-100}$, and pass 2 returns $y_2 = 0 \ne e^{-100}/(1 + e^{-100})$."""
    n2 = d.step(r"$n_2 = \mathrm{round}(-100/\ln 2)$", sp.floor(sp.Integer(-100) / sp.log(2) + sp.Rational(1, 2)),
                r"$\lfloor z + 1/2\rfloor$")
    d.close(n2, -144, r"$n_2 = -144$: $\delta = n_2 - e = -144 \le -127$, so $s(\delta) = 0$", method="expand")
    d.close_true(sp.Gt((1 + sp.exp(-100)) - 1, 0), r"$\sum_j e^{x_j} - v\,2^{e} = e^{-100} > 0$")


@CE.FLOOR.derivation("doubling_the_mantissa")
def _floor(d: Derivation) -> None:
    r"""$(p, n) \mapsto (2p, n - 1)$ keeps $p\,2^{n}$; $\lfloor z\rfloor$ and $\mathrm{round}(z)$ differ by 0 or 1, so
    the floor pair is the rounded pair or its image; and $t \in [0, \ln 2)$ gives $p = e^{t} \in [1, 2)$."""
    d.close(2 * _p * 2 ** (_n - 1), _p * 2**_n, r"$(2p)\,2^{n - 1} = p\,2^{n}$", method="expand")
    d.close(sp.exp(sp.Integer(0)), 1, r"$e^{0} = 1$", method="expand")
    d.close(sp.exp(sp.log(2)), 2, r"$e^{\ln 2} = 2$, and $e^{t}$ increases", method="expand")


@CE.ONLINE.derivation("base_e_induction")
def _online(d: Derivation) -> None:
    r"""If $S\,e^{m} = \Sigma$ before a step, then after it $S'\,e^{m'} = \Sigma + e^{x}$ in both cases of
    $m' = \max(m, x)$; so $e^{x_i - m}/S = e^{x_i}/\sum_j e^{x_j}$, the value of $(p_i/v)\,2^{n_i - e}$."""
    a = sp.Symbol("a", nonnegative=True)
    step = d.step(r"case $m \ge x$ ($x = m - a$): $S' e^{m'} = (S e^{0} + e^{-a})\,e^{m}$",
                  (_S * sp.exp(0) + sp.exp(-a)) * sp.exp(_m), "m' = m")
    d.close(step, _S * sp.exp(_m) + sp.exp(_m - a), r"$= S e^{m} + e^{x}$", method="expand")
    step = d.step(r"case $x > m$ ($m = x - a$): $S' e^{m'} = (S e^{-a} + 1)\,e^{x}$",
                  (_S * sp.exp(-a) + 1) * sp.exp(_x), "m' = x")
    d.close(step, _S * sp.exp(_x - a) + sp.exp(_x), r"$= S e^{m} + e^{x}$", method="expand")


@CF.NO_OVERFLOW.derivation("horner_overflows_at_minus_1e30", shows="negation")
def _overflow(d: Derivation) -> None:
    r"""At $x = -10^{30}$ (float32): $n$ is the kernel's rounded $\mathrm{fl}(x\log_2 e)$; the exact reduced
    argument $x - n(\ln 2_{\mathrm{hi}} - \ln 2_{\mathrm{lo}})$ is of the order of $-10^{22}$, and the second Horner
    value $(c_5 t + c_4)t + c_3$ exceeds the float32 range by more than $10^{4}$: any rounding of it is infinite."""
    x = np.float32(-1e30)
    n = K.ext_exp(np.array([x])).n[0]
    xs, ns = sp.Rational(Fraction(float(x))), sp.Rational(Fraction(float(n)))
    hi = -sp.Rational(Fraction(float(K.MINUS_LN2_HI)))
    lo = sp.Rational(Fraction(float(K.MINUS_LN2_LO)))
    c = [sp.Rational(Fraction(float(ci))) for ci in K.COEFFICIENTS]
    t = d.step(r"$t = x - n(\ln 2_{\mathrm{hi}} - \ln 2_{\mathrm{lo}})$ (exact)", xs - ns * (hi - lo),
               "exact rationals")
    q = d.step(r"$q = (c_5 t + c_4)\,t + c_3$", (c[5] * t + c[4]) * t + c[3], "Horner, exact")
    flt_max = sp.Rational(Fraction(float(np.finfo(np.float32).max)))
    d.close_true(sp.Gt(sp.Abs(q), 10**4 * flt_max), "|q| > 10⁴ · FLT_MAX")


@CT.BANDWIDTH.derivation("traffic_ratios")
def _bandwidth(d: Derivation) -> None:
    r"""Bytes moved per element: $3 + 1$, $3 + 2$ and $2 + 1$; the ratios $4/3$ and $5/3$ exceed 1.28 and 1.18."""
    r1 = d.step(r"$(3 + 1)/(2 + 1)$", sp.Rational(3 + 1, 2 + 1), "recompute over Two-Pass")
    r2 = d.step(r"$(3 + 2)/(2 + 1)$", sp.Rational(3 + 2, 2 + 1), "reload over Two-Pass")
    d.close(r1, sp.Rational(4, 3), r"$4/3$", method="expand")
    d.close(r2, sp.Rational(5, 3), r"$5/3$", method="expand")
    d.close_true(sp.Le(sp.Rational(E.REPORTED_SPEEDUPS["avx512"]), r1), r"$1.28 \le 4/3$")
    d.close_true(sp.Le(sp.Rational(E.REPORTED_SPEEDUPS["avx2"]), r1), r"$1.18 \le 4/3$")


@CT.WRITE_ALLOCATE.derivation("write_allocate_ratio", shows="negation")
def _write_allocate(d: Derivation) -> None:
    r"""With a write costing two transfers: recompute moves $3 + 2 = 5$, Two-Pass $2 + 2 = 4$; $5/4 < 1.28$."""
    r1 = d.step(r"$(3 + 2 \cdot 1)/(2 + 2 \cdot 1)$", sp.Rational(3 + 2, 2 + 2), "recompute over Two-Pass")
    d.close(r1, sp.Rational(5, 4), r"$5/4$", method="expand")
    d.close_true(sp.Gt(sp.Rational(E.REPORTED_SPEEDUPS["avx512"]), r1), r"$1.28 > 5/4$")
