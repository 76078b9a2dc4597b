"""Checks of the exact-arithmetic claims: the invariant of pass 1 with and without the flush (X1), the floor
variant (X7) and the online base-e variant (X9).

Routes: exact rationals on drawn (p, n) pairs, and mpmath at 50 digits on the pairs of real inputs, against
the softmax computed directly at 50 digits.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.two_pass_softmax import claims_exact as C
from ...theorems.two_pass_softmax import exact as E
from .strategies import rational_pairs

#: The smallest case where the flush drops a term: the pairs of x = (0, −100) with p = 1 (n = 0 and n = −144).
FLUSH_WITNESS = {"pairs": [(Fraction(1), 0), (Fraction(1), -144)]}

#: 50-digit arithmetic; a pass of at most 12 steps loses a few digits: 1e-40 leaves 1e8 headroom. The mutants
#: are wrong by O(1).
DIGITS = 50
RTOL_50 = 1e-40

real_vectors = st.lists(st.floats(-300.0, 300.0).map(lambda v: round(v, 3)), min_size=1, max_size=8)


def _exact_sum(pairs):
    return sum(p * Fraction(2) ** n for p, n in pairs)


def _value(v, e):
    return v * Fraction(2) ** e


def _confirm_flush(subject, pairs):
    v, e = subject(pairs)
    return _value(v, e) != _exact_sum(pairs), f"v·2^e = {_value(v, e)}, Σ p·2^n = {_exact_sum(pairs)} (exact)"


@C.INVARIANT.check(given={"pairs": rational_pairs()}, examples=12, precision="exact: Fractions",
                   tolerance="none: exact equality", confirm="exact", regressions=[FLUSH_WITNESS])
def flush_keeps_the_sum(subject, ev, pairs):
    r"""After every prefix, $v\,2^{e} = \sum_j p_j 2^{n_j}$ exactly (pass 1 with the flush at $-127$)."""
    ev.show("pairs (p, n)", [(str(p), n) for p, n in pairs])
    for k in range(1, len(pairs) + 1):
        v, e = subject(pairs[:k])
        ev.show("v·2^e", str(_value(v, e)))
        ev.show("Σ p·2^n", str(_exact_sum(pairs[:k])))
        ev.that(_value(v, e) == _exact_sum(pairs[:k]), f"prefix of {k}: v·2^e ≠ Σ p_j 2^n_j",
                claimed=str(_value(v, e)), observed=str(_exact_sum(pairs[:k])), labels=("v·2^e", "Σ p_j·2^n_j"))


@C.INVARIANT_EXACT.check(given={"pairs": rational_pairs(spread=200)}, examples=8, precision="exact: Fractions",
                         tolerance="none: exact equality", confirm="exact", regressions=[FLUSH_WITNESS])
def invariant_exactly(subject, ev, pairs):
    r"""After every prefix, $v\,2^{e} = \sum_j p_j 2^{n_j}$ exactly and $e = \max_j n_j$ (no flush)."""
    ev.show("pairs (p, n)", [(str(p), n) for p, n in pairs])
    for k in range(1, len(pairs) + 1):
        v, e = subject(pairs[:k])
        ev.that(e == max(n for _, n in pairs[:k]), f"prefix of {k}: e = {e} is not the largest n")
        ev.that(_value(v, e) == _exact_sum(pairs[:k]), f"prefix of {k}: v·2^e ≠ Σ p_j 2^n_j",
                claimed=str(_value(v, e)), observed=str(_exact_sum(pairs[:k])), labels=("v·2^e", "Σ p_j·2^n_j"))


def _pairs_mp(xs, *, floor=False):
    return [E.ext_exp_mp(x, floor=floor) for x in xs]


@C.INVARIANT_EXACT.check(given={"xs": real_vectors}, examples=8, precision=f"mpmath {DIGITS} digits",
                         tolerance=f"relative {RTOL_50:g}: 50 digits less a few lost in at most 8 steps",
                         regressions=[{"xs": [0.0, -100.0]}])
def softmax_at_fifty_digits(subject, ev, xs):
    r"""With $p_j = e^{x_j - n_j\ln 2}$, pass 2 after the subject's pass 1 equals $\mathrm{softmax}(x)$ computed
    directly, at 50 digits."""
    with mpmath.workdps(DIGITS):
        pairs = _pairs_mp(xs)
        v, e = subject(pairs, mpmath.mpf(2))
        y = E.pass2(pairs, v, e, mpmath.mpf(2))
        truth = E.softmax_mp(xs, DIGITS)
        ev.show("x", xs)
        ev.show("y (pass 2)", [mpmath.nstr(t, 12) for t in y])
        rel = max(abs(a - b) / b for a, b in zip(y, truth))
        ev.le(float(rel), RTOL_50, what="relative gap to the 50-digit softmax", labels=("gap", "tolerance"))


@C.FLOOR.check(given={"xs": real_vectors}, examples=8, precision=f"mpmath {DIGITS} digits",
               tolerance=f"relative {RTOL_50:g}; p in [1, 2) exactly")
def floor_pairs_give_the_softmax(subject, ev, xs):
    r"""With the subject's pairs, pass 1 (no flush) and pass 2 return $\mathrm{softmax}(x)$ at 50 digits, and every
    $p$ lies in $[1, 2)$."""
    with mpmath.workdps(DIGITS):
        pairs = [subject(x) for x in xs]
        ev.show("x", xs)
        ev.show("p", [mpmath.nstr(p, 12) for p, _ in pairs])
        for p, _ in pairs:
            ev.that(bool(1 <= p < 2), f"p = {mpmath.nstr(p, 15)} is outside [1, 2)")
        v, e = E.pass1_unclamped(pairs, mpmath.mpf(2))
        y = E.pass2(pairs, v, e, mpmath.mpf(2))
        truth = E.softmax_mp(xs, DIGITS)
        rel = max(abs(a - b) / b for a, b in zip(y, truth))
        ev.le(float(rel), RTOL_50, what="relative gap to the 50-digit softmax", labels=("gap", "tolerance"))


@C.ONLINE.check(given={"xs": real_vectors}, examples=8, precision=f"mpmath {DIGITS} digits",
                tolerance=f"relative {RTOL_50:g} between the two forms and to the softmax")
def forms_agree_at_fifty_digits(subject, ev, xs):
    r"""The base-e output $e^{x_i - m}/S$ equals the (mantissa, exponent) output and the softmax at 50 digits."""
    with mpmath.workdps(DIGITS):
        vals = [mpmath.mpf(x) for x in xs]
        m, s = subject(vals)
        y = E.online_output(vals, m, s)
        pairs = _pairs_mp(xs)
        v, e = E.pass1_unclamped(pairs, mpmath.mpf(2))
        z = E.pass2(pairs, v, e, mpmath.mpf(2))
        truth = E.softmax_mp(xs, DIGITS)
        ev.show("x", xs)
        ev.show("base-e output", [mpmath.nstr(t, 12) for t in y])
        ev.show("(mantissa, exponent) output", [mpmath.nstr(t, 12) for t in z])
        ev.le(float(max(abs(a - b) / b for a, b in zip(y, z))), RTOL_50, what="gap between the two forms",
              labels=("gap", "tolerance"))
        ev.le(float(max(abs(a - b) / b for a, b in zip(y, truth))), RTOL_50, what="gap to the softmax",
              labels=("gap", "tolerance"))


def _mantissa_exponent_float64(x):
    """The (mantissa, exponent) form in float64: n = rint(x/ln 2), p = e^{x − n ln 2}, merged exactly with ldexp."""
    n = np.rint(x / np.log(2.0))
    p = np.exp(x - n * np.log(2.0))
    e = np.max(n)
    v = np.sum(np.ldexp(p, (n - e).astype(int)))
    return np.ldexp(p / v, (n - e).astype(int))


@C.ONLINE.check(given={"xs": real_vectors}, examples=8, precision="float64 against mpmath 50 digits",
                tolerance=r"relative $(N + 8 + 4\max|x|)\,2^{-53}$: the roundings of $x - m$ and $n\ln 2$ and the sum")
def forms_agree_in_float64(subject, ev, xs):
    r"""In float64, the base-e recursion and the (mantissa, exponent) form each agree with the 50-digit softmax (and
    so with each other) to float64 rounding."""
    x = np.array(xs, dtype=np.float64)
    m, s = subject(list(x), exp=np.exp, maximum=max)
    y = np.exp(x - m) / s
    z = _mantissa_exponent_float64(x)
    truth = np.array([float(t) for t in E.softmax_mp(xs, DIGITS)])
    keep = truth > 1e-300
    ev.show("x", x)
    ev.show("base-e, float64", y)
    ev.show("(mantissa, exponent), float64", z)
    rtol = (len(xs) + 8 + 4 * float(np.max(np.abs(x)))) * 2.0**-53
    ev.close(y[keep], truth[keep], rtol=rtol, what="base-e form", labels=("base-e float64", "softmax at 50 digits"))
    ev.close(z[keep], truth[keep], rtol=rtol, what="mantissa-exponent form",
             labels=("(mantissa, exponent) float64", "softmax at 50 digits"))
