"""Checks of the invariance claims: Z1 (zloss.shift_scale_invariance), Z2 (zloss.nonzero_scale_invariance and
its correction zloss.negative_scale_reflection) and Z3 (the log-softmax's shift and scale).

Two routes each: the definition evaluated with mpmath at 50 digits on drawn logits (up to a thousand classes,
scales from 1e-3 to 1e3, offsets up to 1e3), and the definition evaluated exactly with sympy on rational logits
(the square root of a rational variance kept as a surd), where the two sides are compared as expressions.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.zloss import claims_invariance as C
from ...theorems.zloss import formulas as F
from .strategies import (
    REFLECTION_WITNESS,
    REFLECTION_WITNESS_EXACT,
    locations,
    log_uniform,
    logits,
    rational_cases,
    scales,
    seeds,
    sharpness,
    small_cases,
    target,
)

DIGITS = 50
EXACT_PRECISION = r"exact: Fractions; $z_c$ kept as its sign and the fraction $z_c^2$"
# At 50 digits, σ² = E[o²] − μ² loses the digits of (μ/σ)²: with |β| ≤ 1e3 and α·scale ≥ 1e-6 the ratio is at most
# ~1e10, so 30 digits remain; each side's L_Z is then good to ~1e-28 relative (the softplus and its argument are
# well conditioned for a ≤ 10, |z_c| ≤ 32). 1e-25 leaves 1000× headroom; every mutant moves L_Z by ≥ 1e-6.
INVARIANCE_RTOL = 1e-25


def _relative_gap(x, y):
    return abs(x - y) / max(abs(y), mpmath.mpf(10) ** -(DIGITS - 5))


def _transformed(o, alpha, beta):
    """(o, αo + β1) as mpmath lists: the map applied at the working precision (exactly, to 50 digits)."""
    base = F.to_mp(o)
    al, be = mpmath.mpf(alpha), mpmath.mpf(beta)
    return base, [al * x + be for x in base]


def _compare_at_fifty_digits(subject, ev, o, c, alpha, beta, a, b, what):
    with mpmath.workdps(DIGITS):
        base, moved = _transformed(o, alpha, beta)
        before = subject(base, c, mpmath.mpf(a), mpmath.mpf(b), F.MPMATH)
        after = subject(moved, c, mpmath.mpf(a), mpmath.mpf(b), F.MPMATH)
        ev.show("L_Z(o) at 50 digits", mpmath.nstr(before, 25))
        ev.show("L_Z(αo + β1) at 50 digits", mpmath.nstr(after, 25))
        gap = _relative_gap(after, before)
        ev.metric("relative gap", float(gap))
        ev.le(float(gap), INVARIANCE_RTOL, what=what, context=f"D={len(base)}, c={c}, α={alpha:.6g}, β={beta:.6g}",
              labels=("|L_Z(αo + β1) − L_Z(o)| / L_Z(o)", "tolerance"))


_wide = {"seed": seeds, "n_classes": st.integers(2, 1000), "scale": scales, "alpha": log_uniform(1e-3, 1e3),
         "beta": st.floats(-1e3, 1e3), "a": sharpness, "b": locations}


#: Small logits shrunk further: the mutants that are not scale-invariant fail here at once.
SMALL_SCALE = {"seed": 1, "n_classes": 4, "scale": 1e-3, "alpha": 1e-3, "beta": 5.0, "a": 1.0, "b": 0.5}


@C.INVARIANCE.check(given=_wide, examples=8, precision=f"mpmath {DIGITS} digits",
                    tolerance=f"relative {INVARIANCE_RTOL:g}: 30 digits survive the cancellation in σ²",
                    regressions=[SMALL_SCALE])
def invariant_at_fifty_digits(subject, ev, seed, n_classes, scale, alpha, beta, a, b):
    r"""$L_Z(\alpha o + \beta\mathbf{1}, c)$ equals $L_Z(o, c)$ at 50 digits, for $D$ up to 1000, logits at scales
    $10^{-3}$ to $10^{3}$, $\alpha \in [10^{-3}, 10^{3}]$ and $|\beta| \le 10^{3}$."""
    o = logits(seed, n_classes, scale)
    ev.show("first logits", o[:6])
    _compare_at_fifty_digits(subject, ev, o, target(seed, n_classes), alpha, beta, a, b, "invariance")


def _compare_exactly(subject, ev, case, reflect: bool = False):
    """z_c of αo + β1 against z_c of o (or of sgn(α)·o when ``reflect``), as exact (sign, square) pairs."""
    o, c, alpha, beta = list(case["o"]), case["c"], case["alpha"], case["beta"]
    ev.assume(len(set(o)) > 1)
    sign = (1 if alpha > 0 else -1) if reflect else 1
    before = F.exact_parts(subject.score([sign * x for x in o], c, F.EXACT))
    after = F.exact_parts(subject.score([alpha * x + beta for x in o], c, F.EXACT))
    ev.show("o", [str(x) for x in o])
    ev.show("α, β", [str(alpha), str(beta)])
    name = "z_c(sgn(α) o)" if reflect else "z_c(o)"
    ev.show(f"{name}: sign and square", [before[0], str(before[1])])
    ev.show("z_c(αo + β1): sign and square", [after[0], str(after[1])])
    ev.that(after == before, f"z_c(αo + β1) has sign {after[0]} and square {after[1]}, {name} sign {before[0]} and "
            f"square {before[1]}", claimed=f"{after[0]}·√({after[1]})", observed=f"{before[0]}·√({before[1]})",
            labels=("z_c(αo + β1), exact", f"{name}, exact"))


@C.INVARIANCE.check(given={"case": rational_cases(negative_alpha=False)}, examples=8,
                    precision=EXACT_PRECISION, tolerance="none: exact equality", confirm="exact")
def invariant_exactly(subject, ev, case):
    r"""On rational logits, $z_c(\alpha o + \beta\mathbf{1}) = z_c(o)$ exactly (sign and square as fractions) for
    rational $\alpha > 0$ and $\beta$: $L_Z$, a function of $z_c$, is then unchanged."""
    _compare_exactly(subject, ev, case)


# -- Z2 -------------------------------------------------------------------------------------------------


def _confirm_gap(subject, case) -> tuple[bool, str]:
    """Re-evaluate both sides at 80 digits: a gap above 1e-60 relative confirms the failure."""
    with mpmath.workdps(80):
        base = F.to_mp(case["o"])
        al, be = mpmath.mpf(case["alpha"]), mpmath.mpf(case["beta"])
        a, b = mpmath.mpf(case["a"]), mpmath.mpf(case["b"])
        before = subject(base, case["c"], a, b, F.MPMATH)
        after = subject([al * x + be for x in base], case["c"], a, b, F.MPMATH)
        gap = abs(after - before) / abs(before)
        return bool(gap > mpmath.mpf("1e-60")), (f"at 80 digits L_Z(o) = {mpmath.nstr(before, 20)} and "
                                                 f"L_Z(αo + β1) = {mpmath.nstr(after, 20)}")


@C.NONZERO.check(given={"case": small_cases(negative_alpha=None)}, examples=12, precision=f"mpmath {DIGITS} digits",
                 tolerance=f"relative {INVARIANCE_RTOL:g}", confirm=_confirm_gap,
                 regressions=[{"case": REFLECTION_WITNESS}])
def invariant_for_every_nonzero_scale(subject, ev, case):
    r"""$L_Z(\alpha o + \beta\mathbf{1}, c)$ equals $L_Z(o, c)$ at 50 digits for $\alpha$ of either sign."""
    ev.show("o", list(case["o"]))
    ev.assume(len(set(case["o"])) > 1)
    _compare_at_fifty_digits(subject, ev, case["o"], case["c"], case["alpha"], case["beta"], case["a"], case["b"],
                             "invariance for a nonzero α")


@C.NONZERO.check(given={"case": rational_cases(negative_alpha=True)}, examples=4,
                 precision=EXACT_PRECISION, tolerance="none: exact equality", confirm="exact",
                 regressions=[{"case": REFLECTION_WITNESS_EXACT}])
def invariant_exactly_for_negative_scales(subject, ev, case):
    r"""On rational logits and rational $\alpha < 0$, $z_c(\alpha o + \beta\mathbf{1}) = z_c(o)$ exactly."""
    _compare_exactly(subject, ev, case)


def _reflected(subject, o, c, alpha, beta, a, b, ops, convert):
    """(L_Z(αo + β1), L_Z(sgn(α) o))."""
    base = convert(o)
    al, be = convert([alpha, beta])
    moved = [al * x + be for x in base]
    sign = 1 if alpha > 0 else -1
    return subject(moved, c, a, b, ops), subject([sign * x for x in base], c, a, b, ops)


@C.REFLECTION.check(given={"case": small_cases(negative_alpha=None)}, examples=8, precision=f"mpmath {DIGITS} digits",
                    tolerance=f"relative {INVARIANCE_RTOL:g}", regressions=[{"case": REFLECTION_WITNESS}])
def reflection_at_fifty_digits(subject, ev, case):
    r"""$L_Z(\alpha o + \beta\mathbf{1}, c)$ equals $L_Z(\operatorname{sgn}(\alpha) o, c)$ at 50 digits, and for
    $\alpha < 0$ it equals $\frac{1}{a}\log(1 + e^{a(b + z_c)})$ with $z_c$ of $o$."""
    ev.assume(len(set(case["o"])) > 1)
    with mpmath.workdps(DIGITS):
        a, b = mpmath.mpf(case["a"]), mpmath.mpf(case["b"])
        after, reflected = _reflected(subject, case["o"], case["c"], case["alpha"], case["beta"], a, b, F.MPMATH,
                                      F.to_mp)
        ev.show("o", list(case["o"]))
        ev.show("L_Z(αo + β1)", mpmath.nstr(after, 25))
        ev.show("L_Z(sgn(α) o)", mpmath.nstr(reflected, 25))
        ev.le(float(_relative_gap(after, reflected)), INVARIANCE_RTOL, what="reflection",
              labels=("|L_Z(αo + β1) − L_Z(sgn(α)o)| / L_Z", "tolerance"))
        if case["alpha"] < 0:  # the value: the softplus at a(b + z_c), z_c of o by the definition's own moments
            base = F.to_mp(case["o"])
            mu = mpmath.fsum(base) / len(base)
            zc = (base[case["c"]] - mu) / mpmath.sqrt(mpmath.fsum((x - mu) ** 2 for x in base) / len(base))
            value = mpmath.log1p(mpmath.exp(a * (b + zc))) / a
            ev.le(float(_relative_gap(after, value)), INVARIANCE_RTOL, what="value for α < 0",
                  labels=("|L_Z(αo + β1) − softplus(a(b + z_c))/a| / L_Z", "tolerance"))


@C.REFLECTION.check(given={"case": rational_cases(negative_alpha=True)}, examples=6, precision=EXACT_PRECISION,
                    tolerance="none: exact equality", confirm="exact")
def reflection_exactly(subject, ev, case):
    r"""On rational logits and rational $\alpha < 0$, $z_c(\alpha o + \beta\mathbf{1}) = z_c(-o)$ exactly."""
    _compare_exactly(subject, ev, case, reflect=True)


# -- Z3 -------------------------------------------------------------------------------------------------

# float64 log Σ e^{o_k} for |o_k + β| ≤ 60: each exponential and the sum are good to a few ulps, the logarithm to
# ε·|log Σ| ≤ ε·63; the difference of two such values is off by ≤ 4ε·63 ≈ 6e-14. 1e-12 absolute leaves 15×; the
# mutants move ℓ by ≥ 1e-4 (the auxiliary term) or by log((1 + e^β S)/(1 + S)) − β.
CE_FLOAT_ATOL = 1e-12

_ce_cases = {"seed": seeds, "n_classes": st.integers(2, 200), "scale": st.sampled_from([0.1, 1.0, 10.0]),
             "beta": st.sampled_from([-1.0, 1.0]).flatmap(lambda s: st.floats(1.0, 30.0).map(lambda x: s * x))}


@C.CE_SHIFT.check(given=_ce_cases, examples=8, precision=f"mpmath {DIGITS} digits",
                  tolerance=f"relative {INVARIANCE_RTOL:g}")
def shift_invariant_at_fifty_digits(subject, ev, seed, n_classes, scale, beta):
    r"""$\ell(o + \beta\mathbf{1}, c) = \ell(o, c)$ at 50 digits."""
    o = logits(seed, n_classes, scale)
    c = target(seed, n_classes)
    with mpmath.workdps(DIGITS):
        base, moved = _transformed(o, 1.0, beta)
        before, after = subject(base, c, F.MPMATH), subject(moved, c, F.MPMATH)
        ev.show("ℓ(o)", mpmath.nstr(before, 25))
        ev.show("ℓ(o + β1)", mpmath.nstr(after, 25))
        ev.le(float(abs(after - before) / max(abs(before), mpmath.mpf("1e-30"))), INVARIANCE_RTOL, what="shift",
              labels=("|ℓ(o + β1) − ℓ(o)| / ℓ(o)", "tolerance"))


@C.CE_SHIFT.check(given=_ce_cases, examples=10, precision="float64",
                  tolerance=f"absolute {CE_FLOAT_ATOL:g}: log-sum-exp of arguments up to 60 is good to ~6e-14")
def shift_invariant_in_float64(subject, ev, seed, n_classes, scale, beta):
    r"""$\ell(o + \beta\mathbf{1}, c) = \ell(o, c)$ in float64, from the same definition evaluated with numpy."""
    o = logits(seed, n_classes, scale)
    c = target(seed, n_classes)
    ev.assume(bool(np.max(np.abs(o)) + abs(beta) <= 60))
    before, after = float(subject(o, c)), float(subject(o + beta, c))
    ev.show("ℓ(o)", before)
    ev.show("ℓ(o + β1)", after)
    ev.close(after, before, atol=CE_FLOAT_ATOL, what="ℓ after a shift", labels=("ℓ(o + β1)", "ℓ(o)"))


def _confirm_scale(subject, case) -> tuple[bool, str]:
    with mpmath.workdps(80):
        base = F.to_mp(case["o"])
        al = mpmath.mpf(case["alpha"])
        before, after = subject(base, case["c"], F.MPMATH), subject([al * x for x in base], case["c"], F.MPMATH)
        return bool(abs(after - before) > mpmath.mpf("1e-60")), (f"at 80 digits ℓ(o) = {mpmath.nstr(before, 20)}, "
                                                                 f"ℓ(αo) = {mpmath.nstr(after, 20)}")


@C.CE_SCALE.check(given={"case": small_cases(negative_alpha=False)}, examples=6, precision=f"mpmath {DIGITS} digits",
                  tolerance=f"relative {INVARIANCE_RTOL:g}", confirm=_confirm_scale,
                  regressions=[{"case": {**REFLECTION_WITNESS, "alpha": 2.0}}])
def scale_invariant_at_fifty_digits(subject, ev, case):
    r"""$\ell(\alpha o, c) = \ell(o, c)$ at 50 digits for $\alpha > 0$."""
    ev.assume(len(set(case["o"])) > 1 and not math.isclose(case["alpha"], 1.0))
    with mpmath.workdps(DIGITS):
        base, moved = _transformed(case["o"], case["alpha"], 0.0)
        before, after = subject(base, case["c"], F.MPMATH), subject(moved, case["c"], F.MPMATH)
        ev.show("o", list(case["o"]))
        ev.show("α", case["alpha"])
        ev.show("ℓ(o)", mpmath.nstr(before, 25))
        ev.show("ℓ(αo)", mpmath.nstr(after, 25))
        ev.le(float(abs(after - before) / abs(before)), INVARIANCE_RTOL, what="scale",
              labels=("|ℓ(αo) − ℓ(o)| / ℓ(o)", "tolerance"))
