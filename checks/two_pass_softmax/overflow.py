"""Checks of the overflow claims (X2): the smallest finite input where the kernels produce an infinity, and the
bounds on v and p within the range of the argument reduction.

Routes: the float32 port run on the inputs, and exact rationals for Horner's rule at the witness (its value
exceeds the float32 range, so every rounding of it is infinite).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ...theorems.two_pass_softmax import claims_float32 as C
from ...theorems.two_pass_softmax import kernel as K
from .strategies import F32, kinds, lengths, offsets, seeds, vector

FLT_MAX = Fraction(float(np.finfo(np.float32).max))


def _horner_exact(x: float) -> list[Fraction]:
    """The Horner values of the kernel's polynomial at the exact reduced argument of x (n from the port)."""
    n = Fraction(float(K.ext_exp(np.array([x], dtype=F32)).n[0]))
    ln2 = Fraction(float(-K.MINUS_LN2_HI)) - Fraction(float(K.MINUS_LN2_LO))
    t = Fraction(float(F32(x))) - n * ln2
    c = [Fraction(float(ci)) for ci in K.COEFFICIENTS]
    values, q = [], c[5]
    for k in (4, 3, 2, 1, 0):
        q = q * t + c[k]
        values.append(q)
    return values


def _smallest_overflowing() -> float:
    """Bisection over the float32 magnitudes for the smallest |x| (negative x) where the port's p is infinite."""
    lo, hi = 1.0, 1e30
    for _ in range(200):
        mid = float(F32(np.sqrt(lo * hi)))
        if mid in (lo, hi):
            break
        p = K.ext_exp(np.array([-mid], dtype=F32)).p[0]
        lo, hi = (lo, mid) if not np.isfinite(p) else (mid, hi)
    return hi


def _confirm_overflow(subject):
    x = -_smallest_overflowing()
    biggest = max(abs(v) for v in _horner_exact(x))
    return biggest > FLT_MAX * 2, f"at x = {x!r}, exact Horner reaches {float(biggest):.3g} > FLT_MAX = 3.4e38"


@C.NO_OVERFLOW.check(precision="float32 port; exact rationals for the witness",
                     tolerance="none: every value must be finite", confirm=_confirm_overflow)
def overflow_threshold(subject, ev):
    r"""Find by bisection the smallest $|x|$ (negative $x$) where $p$ is infinite, and run the kernels on $(0, x)$:
    every output must be finite."""
    x = -_smallest_overflowing()
    ev.metric("smallest_overflowing_x", x)
    vec = np.array([0.0, x], dtype=F32)
    ee = K.ext_exp(vec)
    ev.show("x", vec)
    ev.show("t", ee.t)
    ev.show("p", ee.p)
    y = subject(vec)
    ev.show("y", y)
    ev.finite(ee.p, "p")
    ev.finite(y, "the output")


P_RANGE = (0.69, 1.44)  # e^{±T} with T ≤ 0.3637 (|x| ≤ 2^17, reduction_range_bound), with the polynomial's error


@C.NO_OVERFLOW_BOUNDED.check(given={"seed": seeds, "n": lengths, "kind": kinds, "offset": offsets}, examples=8,
                             precision="float32 port", tolerance=r"none: finite; $v_s \in [0.69, 1.44N]$")
def finite_and_bounded(subject, ev, seed, n, kind, offset):
    r"""On vectors with $|x_i| \le 2^{17}$ (outliers at $\pm 2^{17}$, offsets around 88.72), every $p$, $n$, lane
    accumulator and output is finite, and $v_s$ lies in $[0.69, 1.44N]$."""
    x = vector(seed, n, kind, 1.0, offset, cap=2.0**17 - 168.72)
    ev.show("x (first 8)", x[:8])
    acc = subject(x)
    ev.show("(v_s, e_s)", [float(acc.v), float(acc.e)])
    ev.finite(np.array([acc.v, acc.e], dtype=float), "(v_s, e_s)")
    ev.le(acc.max_abs_v, P_RANGE[1] * n, what="every lane's v ≤ 1.44 N", labels=("max |v|", "1.44 N"))
    ev.le(P_RANGE[0], float(acc.v), what="v_s ≥ 0.69", labels=("0.69", "v_s"))
    y = K.pass2(x, acc.v, acc.e)
    ev.finite(y, "the outputs")
    ee = K.ext_exp(x)
    ev.le(P_RANGE[0], float(np.min(ee.p)), what="p ≥ 0.69", labels=("0.69", "min p"))
    ev.le(float(np.max(ee.p)), P_RANGE[1], what="p ≤ 1.44", labels=("max p", "1.44"))


