"""The algorithms of the family in exact and high-precision arithmetic, and the memory-traffic model.

Every function here is generic over its number type: Fractions (exact) or mpmath numbers (high precision);
the scale factor 2^δ is ``two ** δ`` with ``two`` of that type.

* :func:`pass1_clamped`: pass 1 as the specification states it, s(δ) = 2^δ for δ > −127 and 0 once δ ≤ −127
  (the kernels' flush);
* :func:`pass1_unclamped`: the same with s(δ) = 2^δ for every δ ≤ 0;
* :func:`pass2`: y_i = (p_i/v)·2^{n_i − e};
* :func:`online_base_e`: the running maximum m and sum S rescaled by exp(m_old − m_new) (statement X9);
* :func:`ext_exp_mp`: the ideal (p, n) pair, p = e^t with t = x − n ln 2 and n = round(x/ln 2) or ⌊x/ln 2⌋;
* :func:`softmax_mp`, :func:`three_pass_float64`: the references;
* :data:`TRAFFIC`: reads and writes of N-element arrays per algorithm, counted from the pass structure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import mpmath
import numpy as np

#: The kernels replace 2^δ by 0 once δ is clamped at this value.
FLUSH = -127
#: The base of the exponent, exact.
TWO = Fraction(2)


def _step(v, e, p, n, two, flush: bool):
    """One accumulation: e′ = max(e, n), v ← v·s(e − e′) + p·s(n − e′)."""
    if e is None:  # the accumulator (0, −∞)
        return p, n
    e_new = max(e, n)

    def s(delta):
        return 0 * two if flush and delta <= FLUSH else two ** delta

    return v * s(e - e_new) + p * s(n - e_new), e_new


def pass1_clamped(pairs: Sequence[tuple], two=TWO):
    """Pass 1 of the specification, with the flush of 2^δ to 0 at δ ≤ −127: (v_s, e_s)."""
    v, e = 0 * two, None
    for p, n in pairs:
        v, e = _step(v, e, p, int(n), two, flush=True)
    return v, e


def pass1_unclamped(pairs: Sequence[tuple], two=TWO):
    """Pass 1 with s(δ) = 2^δ exactly for every δ ≤ 0: (v_s, e_s)."""
    v, e = 0 * two, None
    for p, n in pairs:
        v, e = _step(v, e, p, int(n), two, flush=False)
    return v, e


def pass2(pairs: Sequence[tuple], v, e, two=TWO) -> list:
    """y_i = (p_i / v_s)·2^{n_i − e_s}."""
    return [p / v * two ** (int(n) - e) for p, n in pairs]


def ext_exp_mp(x, *, floor: bool = False) -> tuple:
    """(e^t, n) with n = round(x/ln 2) (or ⌊x/ln 2⌋) and t = x − n ln 2, at the working precision."""
    z = mpmath.mpf(x) / mpmath.ln2
    n = int(mpmath.floor(z)) if floor else int(mpmath.nint(z))
    return mpmath.exp(mpmath.mpf(x) - n * mpmath.ln2), n


def online_base_e(xs: Sequence, exp: Callable = mpmath.exp, maximum: Callable = max):
    """Pass 1 of the base-e online variant: m ← max(m, x), S ← S·exp(m_old − m) + exp(x − m)."""
    m, s = None, None
    for x in xs:
        if m is None:
            m, s = x, exp(x - x)
            continue
        m_new = maximum(m, x)
        s = s * exp(m - m_new) + exp(x - m_new)
        m = m_new
    return m, s


def online_output(xs: Sequence, m, s, exp: Callable = mpmath.exp) -> list:
    """Pass 2 of the base-e variant: y_i = exp(x_i − m)/S."""
    return [exp(x - m) / s for x in xs]


def softmax_mp(xs: Sequence, digits: int = 50) -> list:
    """softmax at ``digits`` digits: e^{x_i − max}/Σ_j e^{x_j − max} on the exact values of ``xs``."""
    with mpmath.workdps(digits):
        vals = [mpmath.mpf(float(x)) for x in xs]
        m = max(vals)
        ex = [mpmath.exp(x - m) for x in vals]
        total = mpmath.fsum(ex)
        return [x / total for x in ex]


def three_pass_float64(x) -> np.ndarray:
    """The Three-Pass reference in float64 on the same (float32) inputs: max, sum of exp(x − m), divide."""
    z = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        m = np.max(z)
        ex = np.exp(z - m)
        return ex / np.sum(ex)


#: Reads and writes of an N-element float array per element, from each algorithm's passes: Three-Pass
#: (recompute) reads x for the max, reads x for Σ exp, reads x and writes y; Three-Pass (reload) reads x, reads
#: x and writes exp(x − m), reads them back and writes y; Two-Pass reads x for (v, e), reads x and writes y.
TRAFFIC = {
    "three_pass_recompute": {"reads": 3, "writes": 1},
    "three_pass_reload": {"reads": 3, "writes": 2},
    "two_pass": {"reads": 2, "writes": 1},
}

#: The reported speed-ups of Two-Pass over Three-Pass on out-of-cache inputs (abstract): 28% AVX512, 18% AVX2,
#: read as throughput ratios 1.28 and 1.18.
REPORTED_SPEEDUPS = {"avx512": Fraction(128, 100), "avx2": Fraction(118, 100)}


def traffic_bound(traffic: dict, baseline: str, *, write_allocate: bool = False) -> Fraction:
    """The largest speed-up of Two-Pass over ``baseline`` a bandwidth-bound kernel allows: the ratio of bytes
    moved. With ``write_allocate`` a store first reads its cache line (a write costs two transfers)."""
    def moved(name):
        t = traffic[name]
        return t["reads"] + (2 if write_allocate else 1) * t["writes"]

    return Fraction(moved(baseline), moved("two_pass"))
