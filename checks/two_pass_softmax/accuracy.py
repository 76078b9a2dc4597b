"""Checks of the accuracy claims (X3): a constant few-ulp bound against equal entries, and the bound that grows
with the length, on random vectors (float64 Three-Pass reference) and on short ones (mpmath 40 digits), with the
reproduction table by magnitude band for the polynomial and for a correctly rounded exp(t).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.two_pass_softmax import claims_float32 as C
from ...theorems.two_pass_softmax import exact as E
from ...theorems.two_pass_softmax import kernel as K
from .strategies import F32, kinds, magnitudes, offsets, seeds, vector

#: the lengths drawn here stop at 257; the reproduction runs 4096 equal entries (the witness of
#: two_pass_softmax.accuracy_few_ulps) and, in the thorough profile, random vectors up to 4096
short_lengths = st.sampled_from([1, 2, 3, 7, 8, 9, 31, 32, 33, 64, 100, 257])

ULP = C.ULP
LEVEL = C.UNDERFLOW_LEVEL

#: 4096 equal entries: the exact softmax is 1/4096 in every entry. The value 1.95 is the worst of a sweep of
#: equal values in [−3, 3]; every float64 sum in the port is exact here (p ≈ 1, lane sums ≤ 2^10), so the
#: emulated FMAs are the hardware's.
EQUAL_VALUE, EQUAL_LENGTH = 1.95, 4096


def _relative_errors(y, ref):
    keep = ref >= LEVEL
    return np.abs(y[keep].astype(np.float64) - ref[keep]) / ref[keep], keep


def _confirm_equal(subject):
    x = np.full(EQUAL_LENGTH, EQUAL_VALUE, dtype=F32)
    y = subject(x)
    exact = Fraction(1, EQUAL_LENGTH)
    worst = max(abs(Fraction(float(v)) - exact) / exact for v in y)
    return worst > C.FEW_ULPS * Fraction(ULP), f"exact: max |y − 1/4096|·4096 = {float(worst):.4g} > 8·2^-23"


@C.ACCURACY.check(precision="exact: the reference is 1/N", tolerance=r"$8 \cdot 2^{-23}$ relative, the statement's",
                  confirm=_confirm_equal)
def equal_entries_witness(subject, ev):
    r"""On 4096 entries equal to 1.95 (float32), every output is within $8 \cdot 2^{-23}$ of $1/4096$."""
    x = np.full(EQUAL_LENGTH, EQUAL_VALUE, dtype=F32)
    y = subject(x)
    err = float(np.max(np.abs(y.astype(np.float64) * EQUAL_LENGTH - 1.0)))
    ev.metric("error_ulps", err / ULP)
    ev.show("x", f"{EQUAL_LENGTH} × {float(x[0])!r}")
    ev.show("y (first 4)", y[:4])
    ev.show("1/N", 1.0 / EQUAL_LENGTH)
    ev.le(err, C.FEW_ULPS * ULP, what="relative error on equal entries", labels=("max |y·N − 1|", "8·2^-23"))


def _bound(n):
    return (-(-n // 8) + 10) * 2.0**-24


@C.ACCURACY_BOUND.check(given={"seed": seeds, "n": short_lengths, "kind": kinds, "magnitude": magnitudes,
                               "offset": offsets}, examples=6, precision="float64 Three-Pass on the same inputs",
                        tolerance=r"$(\lceil N/8\rceil + 10)\,2^{-24}$ relative; the reference's own error is "
                                  r"below $10^{-13}$")
def within_length_bound(subject, ev, seed, n, kind, magnitude, offset):
    r"""Every entry with $y^{\mathrm{ref}} \ge 2^{-125}$ is within the length bound of the float64 Three-Pass
    reference."""
    x = vector(seed, n, kind, magnitude, offset)
    y = subject(x)
    ref = E.three_pass_float64(x)
    ev.show("x (first 8)", x[:8])
    ev.show("y (first 8)", y[:8])
    ev.finite(y, "the output")
    rel, _ = _relative_errors(y, ref)
    ev.le(float(np.max(rel)), _bound(n), what="relative error", labels=("max relative error", "(⌈N/8⌉ + 10)·2^-24"))


@C.ACCURACY_BOUND.check(given={"xs": st.lists(st.floats(-200.0, 200.0, width=32), min_size=1, max_size=12)},
                        examples=6, precision="mpmath 40 digits",
                        tolerance=r"$(\lceil N/8\rceil + 10)\,2^{-24}$ relative")
def short_vectors_at_forty_digits(subject, ev, xs):
    r"""On short float32 vectors (entries within $\pm 200$), every entry above $2^{-125}$ is within the bound of the
    softmax computed at 40 digits."""
    x = np.array(xs, dtype=F32)
    y = subject(x)
    truth = np.array([float(t) for t in E.softmax_mp(x, 40)])
    ev.show("x", x)
    ev.show("y", y)
    ev.finite(y, "the output")
    rel, _ = _relative_errors(y, truth)
    ev.le(float(np.max(rel)), _bound(len(x)), what="relative error", labels=("max relative error", "bound"))


BANDS = (-3, -2, -1, 0, 1, 2, 3, 4)


@C.ACCURACY_BOUND.check(precision="float64 Three-Pass on the same inputs",
                        tolerance=r"$(\lceil N/8\rceil + 10)\,2^{-24}$ relative")
def reproduction(subject, ev):
    r"""The specification's reproduction: random vectors of lengths 1 to 4096 (fewer in ci), spreads $10^{-3}$ to
    $10^{4}$, offsets $0$ and $88.72 \pm 80$; the worst relative error per magnitude band, for the polynomial and
    for the emulation with $\mathrm{fl}(e^{t})$."""
    rng = np.random.default_rng(2001_04438)
    per_band = 3 if ev.profile != "thorough" else 40
    sizes = (1, 2, 33, 257) if ev.profile != "thorough" else (1, 2, 33, 257, 1000, 4096)
    rows, worst_poly, worst_exp = [], 0.0, 0.0
    for band in BANDS:
        wp = we = 0.0
        for _ in range(per_band):
            n = int(rng.choice(sizes))
            offset = rng.choice([0.0, 8.72, 88.72, 168.72])
            x = (rng.normal(size=n) * 10.0 ** (band + rng.random()) + offset).astype(F32)
            ref = E.three_pass_float64(x)
            y = subject(x)
            ev.finite(y, "the output")
            rel, _ = _relative_errors(y, ref)
            rel_exp, _ = _relative_errors(K.two_pass_exp(x), ref)
            ev.le(float(np.max(rel)), _bound(n), what=f"relative error, band 1e{band}",
                  labels=("max relative error", "bound"))
            wp, we = max(wp, float(np.max(rel)) / ULP), max(we, float(np.max(rel_exp)) / ULP)
        if band == 0:  # the equal-entries witness: the length term of the bound is what it needs
            x = np.full(EQUAL_LENGTH, EQUAL_VALUE, dtype=F32)
            rel, _ = _relative_errors(subject(x), E.three_pass_float64(x))
            ev.le(float(np.max(rel)), _bound(EQUAL_LENGTH), what="relative error, 4096 equal entries",
                  labels=("max relative error", "bound"))
            ev.metric("equal_entries_ulps", round(float(np.max(rel)) / ULP, 2))
        rows.append({"spread": f"1e{band}–1e{band + 1}", "worst ulps (polynomial)": round(wp, 2),
                     "worst ulps (fl(exp t))": round(we, 2)})
        worst_poly, worst_exp = max(worst_poly, wp), max(worst_exp, we)
    ev.table("worst relative error per band (ulps of 2^-23)", rows)
    ev.metric("worst_poly_ulps", round(worst_poly, 2))
    ev.metric("worst_exp_ulps", round(worst_exp, 2))


