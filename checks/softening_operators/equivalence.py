"""O1: $F_T(\\operatorname{softmax}(z)) = \\operatorname{softmax}(z/T)$, at 40 digits and in exact rationals."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.softening_operators import claims as C
from ...theorems.softening_operators import formulas as F
from .strategies import as_simplex, temperatures, weights

#: 40-digit arithmetic; softmax and F_T each lose a few digits: 1e-30 leaves 10 digits of headroom.
TOL_40 = 1e-30


@C.SOFTMAX_EQUIVALENCE.check(
    given={"V": st.integers(2, 20), "seed": st.integers(0, 2**32 - 1), "T": temperatures,
           "shift": st.floats(-50.0, 50.0)},
    examples=20, precision="mpmath 40 digits", tolerance=f"{TOL_40:g} absolute and relative: 40-digit arithmetic")
def matches_softmax_of_tempered_logits(subject, ev, V, seed, T, shift):
    r"""$F_T$ of $\operatorname{softmax}(z + c)$ equals $\operatorname{softmax}(z/T)$ computed from the logits."""
    z = np.random.default_rng(seed).normal(0.0, 3.0, V)
    ev.show("z", z)
    with mpmath.workdps(40):
        p = F.softmax([mpmath.mpf(x) + shift for x in z])
        claimed = subject(p, T)
        truth = F.softmax([mpmath.mpf(x) / T for x in z])
        err = max(abs(a - b) for a, b in zip(claimed, truth))
    ev.show("softmax(z/T)", [float(x) for x in truth])
    ev.le(float(err), TOL_40, what="max |F_T(softmax(z + c)) − softmax(z/T)|",
          labels=("max |F_T(softmax(z + c)) − softmax(z/T)|", "tolerance"))


@C.SOFTMAX_EQUIVALENCE.check(
    given={"w": weights, "m": st.integers(1, 6)}, examples=20,
    precision="exact rationals against mpmath 40 digits",
    tolerance=f"{TOL_40:g}: the exact value rounded once to 40 digits")
def exact_at_integer_inverse_temperature(subject, ev, w, m):
    r"""With $z_i = \log w_i$ and $T = 1/m$, $\operatorname{softmax}(z/T)_i = w_i^m/\sum_j w_j^m$ exactly."""
    p = as_simplex(w)
    total = sum(x**m for x in w)
    truth = [Fraction(x**m, total) for x in w]
    ev.show("p", [str(x) for x in p])
    ev.show("w^m / Σ w^m", [str(x) for x in truth])
    with mpmath.workdps(40):
        claimed = subject(p, Fraction(1, m))
        err = max(abs(a - F.to_mpf(b)) for a, b in zip(claimed, truth))
    ev.le(float(err), TOL_40, what="max |F_T(p) − w^m/Σw^m|", labels=("max |F_T(p) − w^m/Σw^m|", "tolerance"))
