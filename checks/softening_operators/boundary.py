"""O4: the limits $T \\to 0^+$ and $T \\to \\infty$ of the power family, for $p$ with ties and zeros, evaluated
at 40–50 digits at temperatures where the limit is reached to 20 digits."""

from __future__ import annotations

from fractions import Fraction

import mpmath

from ...theorems.softening_operators import claims as C
from ...theorems.softening_operators import formulas as F
from .axioms import HIGH_T, TOL_LIMIT, low_temperature
from .strategies import as_simplex, weights

_TIE_AND_ZERO = [{"w": [2, 2, 1, 0]}]


def _distance_to_low_limit(p, digits):
    with mpmath.workdps(digits):
        T = low_temperature(p) / (digits / 40)
        f = F.power_op(p, T)
        return f, T


def _low(subject, ev, w):
    p = as_simplex(w)
    f, T = _distance_to_low_limit(p, 40)
    claimed = subject(p)
    with mpmath.workdps(40):
        err = max(abs(a - F.to_mpf(b)) for a, b in zip(f, claimed))
    ev.show("p", [str(x) for x in p])
    ev.show("T", float(T))
    ev.show("F_T(p) at that T", [float(x) for x in f])
    ev.show("claimed limit", [str(x) for x in claimed])
    ev.le(float(err), TOL_LIMIT, what="max |F_T(p) − claimed limit| at small T",
          labels=("max |F_T(p) − claimed limit|", "tolerance"))


def _confirm_low(subject, w):
    p = as_simplex(w)
    f, T = _distance_to_low_limit(p, 60)
    with mpmath.workdps(60):
        err = max(abs(a - F.to_mpf(b)) for a, b in zip(f, subject(p)))
    return err > mpmath.mpf("0.1"), (f"at 60 digits and T = {mpmath.nstr(T, 6)}, F_T(p) = "
                                     f"{[mpmath.nstr(x, 8) for x in f]}, claimed limit {[str(x) for x in subject(p)]}")




@C.LOW_LIMIT.check(given={"w": weights}, examples=15, precision="mpmath 40 digits", confirm=_confirm_low,
                   tolerance=f"{TOL_LIMIT:g}: at the chosen T the other entries are below e^(−60)",
                   regressions=_TIE_AND_ZERO)
def one_hot_at_low_temperature(subject, ev, w):
    r"""$F_T(p)$ at a small $T$ (non-maximal entries below $e^{-60}$) against the one-hot on the first maximiser."""
    _low(subject, ev, w)


@C.LOW_LIMIT_TIES.check(given={"w": weights}, examples=20, precision="mpmath 40 digits", confirm=_confirm_low,
                        tolerance=f"{TOL_LIMIT:g}: at the chosen T the other entries are below e^(−60)",
                        regressions=_TIE_AND_ZERO)
def uniform_on_maximisers_at_low_temperature(subject, ev, w):
    r"""$F_T(p)$ at a small $T$ against the uniform distribution on the maximisers."""
    _low(subject, ev, w)


#: Exact route: at T = 1/m, F_T(p)_i = w_i^m/Σ_j w_j^m in rationals; with weights ≤ 4 the non-maximal ratio is
#: at most 3/4, so at m = 240 every entry is within V·(3/4)^240 < 1e-28 of the limit (checked exactly below 1e-25).
M_EXACT = 240
TOL_EXACT = Fraction(1, 10**25)


@C.LOW_LIMIT_TIES.check(given={"w": weights}, examples=15, precision="exact rationals", confirm="exact",
                        tolerance="1e-25, exactly: (3/4)^240 · V is below 1e-28", regressions=_TIE_AND_ZERO)
def exact_power_at_small_temperature(subject, ev, w):
    r"""$F_{1/m}(p) = w^m/\sum_j w_j^m$ in exact rationals at $m = 240$, against the claimed limit."""
    total = sum(x**M_EXACT for x in w)
    exact = [Fraction(x**M_EXACT, total) for x in w]
    claimed = subject(as_simplex(w))
    err = max(abs(a - Fraction(b)) for a, b in zip(exact, claimed))
    ev.show("p", [str(x) for x in as_simplex(w)])
    ev.show("F_T(p) at T = 1/240", [float(x) for x in exact])
    ev.le(err, TOL_EXACT, what="max |F_T(p) − claimed limit| (exact)",
          labels=("max |F_T(p) − claimed limit|", "1e-25"))


def _high(subject, ev, w, digits=50):
    p = as_simplex(w)
    with mpmath.workdps(digits):
        f = F.power_op(p, HIGH_T)
        claimed = subject(p)
        err = max(abs(a - F.to_mpf(b)) for a, b in zip(f, claimed))
    ev.show("p", [str(x) for x in p])
    ev.show("F_T(p) at T = 1e40", [float(x) for x in f])
    ev.show("claimed limit", [str(x) for x in claimed])
    ev.le(float(err), TOL_LIMIT, what="max |F_T(p) − claimed limit| at T = 1e40",
          labels=("max |F_T(p) − claimed limit|", "tolerance"))


def _confirm_high(subject, w):
    p = as_simplex(w)
    with mpmath.workdps(80):
        f = F.power_op(p, mpmath.mpf(10) ** 60)
        err = max(abs(a - F.to_mpf(b)) for a, b in zip(f, subject(p)))
    return err > mpmath.mpf("0.01"), (f"at 80 digits and T = 1e60, F_T(p) = {[mpmath.nstr(x, 8) for x in f]}, "
                                      f"claimed limit {[str(x) for x in subject(p)]}")


@C.HIGH_LIMIT.check(given={"w": weights}, examples=15, precision="mpmath 50 digits", confirm=_confirm_high,
                    tolerance=f"{TOL_LIMIT:g}: at T = 1e40 F_T(p) is within 1e-37 of its limit",
                    regressions=_TIE_AND_ZERO)
def uniform_on_classes_at_high_temperature(subject, ev, w):
    r"""$F_T(p)$ at $T = 10^{40}$ against the uniform distribution on all $V$ classes."""
    _high(subject, ev, w)


@C.HIGH_LIMIT_SUPPORT.check(given={"w": weights}, examples=20, precision="mpmath 50 digits", confirm=_confirm_high,
                            tolerance=f"{TOL_LIMIT:g}: at T = 1e40 F_T(p) is within 1e-37 of its limit",
                            regressions=_TIE_AND_ZERO)
def uniform_on_support_at_high_temperature(subject, ev, w):
    r"""$F_T(p)$ at $T = 10^{40}$ against the uniform distribution on the support of $p$."""
    _high(subject, ev, w)
