"""Checks of R8, a secondary summary's description of Peri-LN (peri_ln.secondary_architecture) and its toy
arithmetic (peri_ln.secondary_toy_arithmetic)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.peri_ln import claims_forward as C
from .strategies import kinds, seeds, stack_case, to_mp

DIGITS = 40
TOL40 = 1e-30

#: D = 2, m = 1, W1 = (1, 1)ᵀ, W2 = (1, 1), x = (1, 1): the summary's block gives (1, 1), Peri-LN (2, 2).
WITNESS = {"seed": 0, "dim": 2, "width": 1, "kind": "rms", "witness": True}


def _case(seed, dim, width, witness):
    if witness:
        return np.array([1.0, 1.0]), np.ones((2, 1)), np.ones((1, 2))
    x0, layers, _, _ = stack_case(seed, dim, width, 1, 1)
    return x0[0], layers[0][0], layers[0][1]


def _peri_explicit(x, w1, w2, kind):
    """x + Norm(F(Norm(x))) coordinate by coordinate (mpmath lists)."""
    d = len(x)

    def norm(v):
        if kind == "layer":
            mean = mpmath.fsum(v) / d
            v = [e - mean for e in v]
        root = mpmath.sqrt(mpmath.fsum(e * e for e in v) / d)
        return [e / root for e in v]

    xn = norm(x)
    h = [max(mpmath.fsum(xn[k] * w1[k][j] for k in range(d)), mpmath.mpf(0)) for j in range(len(w2))]
    a = norm([mpmath.fsum(h[j] * w2[j][k] for j in range(len(w2))) for k in range(d)])
    return [x[k] + a[k] for k in range(d)]


def _gap(subject, seed, dim, width, kind, witness, digits):
    x, w1, w2 = _case(seed, dim, width, witness)
    with mpmath.workdps(digits):
        got = subject(to_mp(x), to_mp(w1), to_mp(w2), kind=kind)
        want = _peri_explicit([mpmath.mpf(float(v)) for v in x], [[mpmath.mpf(float(v)) for v in r] for r in w1],
                              [[mpmath.mpf(float(v)) for v in r] for r in w2], kind)
        return got, want, max(abs(a - b) for a, b in zip(got, want))


def _confirm(subject, seed, dim, width, kind, witness) -> tuple[bool, str]:
    got, want, gap = _gap(subject, seed, dim, width, kind, witness, 60)
    return bool(gap > mpmath.mpf("1e-40")), (f"at 60 digits the block gives {[mpmath.nstr(v, 12) for v in got]}, "
                                             f"Peri-LN {[mpmath.nstr(v, 12) for v in want]}")


@C.JAEHUN_ARCH.check(given={"seed": seeds, "dim": st.integers(2, 5), "width": st.integers(1, 5), "kind": kinds,
                            "witness": st.just(False)}, examples=3, precision=f"mpmath {DIGITS} digits",
                     tolerance=f"absolute {TOL40:g}", confirm=_confirm, regressions=[WITNESS])
def same_as_peri_ln(subject, ev, seed, dim, width, kind, witness):
    r"""The summary's block $\mathrm{Norm}(x + F(\mathrm{Norm}(x)))$ equals $x + \mathrm{Norm}(F(\mathrm{Norm}(x)))$
    (evaluated coordinate by coordinate) at 40 digits."""
    try:
        got, want, gap = _gap(subject, seed, dim, width, kind, witness, DIGITS)
    except ZeroDivisionError:
        ev.reject()
    ev.show("x", _case(seed, dim, width, witness)[0])
    ev.show("Norm(x + F(Norm(x)))", [mpmath.nstr(v, 15) for v in got])
    ev.show("x + Norm(F(Norm(x)))", [mpmath.nstr(v, 15) for v in want])
    ev.le(float(gap), TOL40, what="same map", labels=("largest difference of an entry", "tolerance"))


TOY_INPUT = [3.22, 0.0, -3.22]
TOY_CLAIMED = [1.37, 0.0, -1.37]


def _confirm_toy(subject) -> tuple[bool, str]:
    with mpmath.workdps(50):
        value = subject(to_mp(TOY_INPUT))[0]
        return bool(abs(value - mpmath.mpf("1.37")) > mpmath.mpf("0.005")), (
            f"at 50 digits LayerNorm([3.22, 0, −3.22])₁ = {mpmath.nstr(value, 20)}")


@C.JAEHUN_TOY.check(precision="float64, re-verified at 50 digits", confirm=_confirm_toy,
                    tolerance="0.005: the table shows two decimals")
def toy_table_last_row(subject, ev):
    r"""LayerNorm of $[3.22, 0, -3.22]$ against the table's $[1.37, 0, -1.37]$, to the two decimals shown."""
    got = np.asarray(subject(np.array(TOY_INPUT)), dtype=float)
    ev.show("LayerNorm([3.22, 0, −3.22])", got)
    ev.show("the table", TOY_CLAIMED)
    ev.metric("first entry", float(got[0]))
    ev.close(np.array(TOY_CLAIMED), got, atol=0.005, what="LayerNorm of the residual sum",
             labels=("the table", "LayerNorm([3.22, 0, −3.22])"))
