"""A numpy port of the released Two-Pass softmax micro-kernels, float32 operation by operation.

Written from reading XNNPACK (github.com/google/XNNPACK, the generated AVX2 kernels
``src/f32-raddextexp/gen/f32-raddextexp-avx2-p5-u32.c``, pass 1, and
``src/f32-vscaleextexp/gen/f32-vscaleextexp-avx2-p5-u8.c``, pass 2, as of 2024), and the benchmark
``bench/f32-softmax.cc``, which calls pass 2 with ``1.0f / scale[0]`` and ``-scale[1]``:

* ExtExp(x) = (p, n): n = round-to-nearest-even(fl(x · log2e)); t = fma(n, −ln2_hi, x) then
  t = fma(n, ln2_lo, t) (ln2 = ln2_hi − ln2_lo); p = a degree-5 polynomial in t by Horner's rule with FMAs;
* pass 1: eight lanes, each holding an accumulator (v, e) that starts at (0, −∞); a block of 32 inputs
  updates lane k with the elements k, k + 8, k + 16, k + 24 of the block: e′ = max(e, n₀, …, n₃),
  v ← v·s(e − e′) + Σ p_j·s(n_j − e′) (one multiply, then FMAs in order); then blocks of 8, then a masked
  tail (masked lanes get n = e, p = 0); then the lanes are merged: e_s = max over lanes,
  v_s = Σ v_k·s(e_k − e_s), summed as ((v₀ + v₄) + (v₂ + v₆)) + ((v₁ + v₅) + (v₃ + v₇));
* the scale factor s(δ) = 2^δ built from the bits of fl(max(δ, −127) + 0x1.8000FEp23) shifted left by 23:
  2^δ for δ in (−127, 0], exactly 0 at δ = −127;
* pass 2: y = fl(fl(p · fl(1/v_s)) · s(n − e_s)) with n − e_s rounded to float32 and clamped at −127 first.

``_mm256_max_ps(a, b)`` returns ``b`` when either operand is NaN; :func:`max_ps` does the same. An FMA is
emulated by the float64 product (exact for float32 operands) plus the addend, rounded to float32: the float64
sum may round once before the final rounding (a double rounding, possible only when the addend is far below
the product's last bit); the claims that depend on the last bit say so.

The functions take ``exp=`` to swap the polynomial for a correctly rounded ``exp(t)`` (the second emulation of
the specification, which separates the polynomial's error from the algorithm's) and ``reduction=`` to swap the
rounding of n for ``floor`` (statement X7).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

F32 = np.float32

LOG2E = F32(float.fromhex("0x1.715476p+0"))
MINUS_LN2_HI = F32(float.fromhex("-0x1.62E43p-1"))
MINUS_LN2_LO = F32(float.fromhex("0x1.05C61p-29"))  # the kernel's constant: ln2 = ln2_hi − ln2_lo
MIN_EXPONENT = F32(-127.0)
MAGIC_BIAS = F32(float.fromhex("0x1.8000FEp23"))
#: c0 … c5 of the kernel's polynomial for exp(t) on [−ln2/2, ln2/2]
COEFFICIENTS = tuple(F32(float.fromhex(c)) for c in
                     ("0x1.0p+0", "0x1.FFFFF6p-1", "0x1.FFFDC6p-2", "0x1.555A80p-3", "0x1.573A1Ap-5",
                      "0x1.0F9F9Cp-7"))
LANES = 8
BLOCK = 32


def fma(a, b, c):
    """fl32(a·b + c): the product of float32 operands is exact in float64, the sum rounded once there
    (callers silence the floating-point warnings of infinite and NaN operands)."""
    return (np.asarray(a, np.float64) * np.asarray(b, np.float64) + np.asarray(c, np.float64)).astype(F32)


def max_ps(a, b):
    """``_mm256_max_ps``: a if a > b, else b (so b when either is NaN)."""
    return np.where(np.asarray(a) > np.asarray(b), a, b).astype(F32)


def scale_factor(delta):
    """s(δ): the magic-bias construction of 2^δ from max(δ, −127) (NaN → −127, as ``_mm256_max_ps`` does); 0 at
    −127."""
    d = np.asarray(delta, dtype=F32)
    d = np.where(d > MIN_EXPONENT, d, MIN_EXPONENT).astype(F32)
    biased = np.asarray(d + MAGIC_BIAS, dtype=F32)
    return (biased.view(np.uint32) << np.uint32(23)).view(F32)


def polynomial(t):
    """The kernel's degree-5 polynomial, Horner's rule with float32 FMAs."""
    c = COEFFICIENTS
    p = fma(c[5], t, c[4])
    for k in (3, 2, 1, 0):
        p = fma(p, t, c[k])
    return p


def correctly_rounded_exp(t):
    """fl32(exp(t)) from float64: the second emulation, without the polynomial's error."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(np.asarray(t, dtype=np.float64)).astype(F32)


def round_nearest(z):
    return np.rint(z).astype(F32)


def round_floor(z):
    return np.floor(z).astype(F32)


@dataclass(frozen=True)
class ExtExp:
    p: np.ndarray  # "mantissa", float32
    n: np.ndarray  # "exponent", float32 holding an integer (or ±inf, NaN)
    t: np.ndarray  # the reduced argument


def ext_exp(x, *, exp: Callable = polynomial, reduction: Callable = round_nearest) -> ExtExp:
    """(p, n) with e^x ≈ p·2^n, as the kernel computes them."""
    x = np.asarray(x, dtype=F32)
    with np.errstate(over="ignore", invalid="ignore"):
        n = reduction((x * LOG2E).astype(F32))
        t = fma(n, MINUS_LN2_HI, x)
        t = fma(n, MINUS_LN2_LO, t)
        p = exp(t)
    return ExtExp(np.asarray(p, dtype=F32), np.asarray(n, dtype=F32), np.asarray(t, dtype=F32))


@dataclass(frozen=True)
class Pass1:
    v: F32  # v_s
    e: F32  # e_s
    lane_v: np.ndarray
    lane_e: np.ndarray
    max_abs_v: float  # the largest |v| held by any lane at any time


def _accumulate(v, e, ps, ns):
    """One update of the lanes: e′ = max(e, n₀, …), v ← v·s(e − e′) then v ← fma(p_j, s(n_j − e′), v)."""
    e_new = e
    for n in ns:
        e_new = max_ps(e_new, n)
    v = (v * scale_factor((e - e_new).astype(F32))).astype(F32)
    for p, n in zip(ps, ns):
        v = fma(p, scale_factor((n - e_new).astype(F32)), v)
    return v, e_new


def pass1(x, *, exp: Callable = polynomial, reduction: Callable = round_nearest) -> Pass1:
    """The reduction of ``f32-raddextexp-avx2-p5-u32``: (v_s, e_s) with Σ e^{x_i} ≈ v_s·2^{e_s}."""
    x = np.asarray(x, dtype=F32).ravel()
    ee = ext_exp(x, exp=exp, reduction=reduction)
    p, n = ee.p, ee.n
    with np.errstate(invalid="ignore", over="ignore"):
        return _pass1(x, p, n, exp, reduction)


def _pass1(x, p, n, exp, reduction) -> Pass1:
    v = np.zeros(LANES, dtype=F32)
    e = np.full(LANES, -np.inf, dtype=F32)
    size = x.size
    i, peak = 0, np.zeros(LANES, dtype=F32)
    while size - i >= BLOCK:
        ps = [p[i + k * LANES:i + (k + 1) * LANES] for k in range(4)]
        ns = [n[i + k * LANES:i + (k + 1) * LANES] for k in range(4)]
        v, e = _accumulate(v, e, ps, ns)
        peak = np.maximum(peak, np.abs(v))
        i += BLOCK
    while size - i >= LANES:
        v, e = _accumulate(v, e, [p[i:i + LANES]], [n[i:i + LANES]])
        peak = np.maximum(peak, np.abs(v))
        i += LANES
    if size - i:
        k = size - i
        mask = np.arange(LANES) < k
        # masked lanes load x = 0; their n is replaced by the lane's e and their p by 0
        tail = ext_exp(np.where(mask, np.pad(x[i:], (0, LANES - k)), F32(0)), exp=exp, reduction=reduction)
        nt = np.where(mask, tail.n, e).astype(F32)
        pt = np.where(mask, tail.p, F32(0)).astype(F32)
        v, e = _accumulate(v, e, [pt], [nt])
        peak = np.maximum(peak, np.abs(v))
    # merge the lanes: the max by swaps (halves, pairs, neighbours), then the scaled tree sum
    m = max_ps(e, e[[4, 5, 6, 7, 0, 1, 2, 3]])
    m = max_ps(m, m[[2, 3, 0, 1, 6, 7, 4, 5]])
    m = max_ps(m, m[[1, 0, 3, 2, 5, 4, 7, 6]])
    with np.errstate(invalid="ignore", over="ignore"):
        w = (v * scale_factor((e - m).astype(F32))).astype(F32)
        h = (w[:4] + w[4:]).astype(F32)
        h2 = (h[:2] + h[2:]).astype(F32)
        total = F32(h2[0] + h2[1])
    return Pass1(total, F32(m[0]), v, e, float(np.max(peak)))


def pass2(x, v_s, e_s, *, exp: Callable = polynomial, reduction: Callable = round_nearest) -> np.ndarray:
    """``f32-vscaleextexp``: y_i = fl(fl(p_i · scale_value) · s(fl(n_i + scale_exp))), called with
    scale_value = fl(1/v_s) and scale_exp = −e_s."""
    x = np.asarray(x, dtype=F32)
    ee = ext_exp(x, exp=exp, reduction=reduction)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        scale_value = F32(F32(1.0) / F32(v_s))
        scale_exp = F32(-F32(e_s))
        f = (ee.p * scale_value).astype(F32)
        s = scale_factor((ee.n + scale_exp).astype(F32))
        return (f * s).astype(F32)


def two_pass(x, *, exp: Callable = polynomial, reduction: Callable = round_nearest) -> np.ndarray:
    """The released Two-Pass softmax of a float32 vector: pass 1, then pass 2."""
    x = np.asarray(x, dtype=F32).ravel()
    acc = pass1(x, exp=exp, reduction=reduction)
    return pass2(x, acc.v, acc.e, exp=exp, reduction=reduction)


def two_pass_exp(x):
    """The second emulation: the same kernels with fl32(exp(t)) in place of the polynomial."""
    return two_pass(x, exp=correctly_rounded_exp)


def two_pass_floor(x):
    """X7's variant: n = floor(x·log2e), so t ∈ [0, ln2) and p ∈ [1, 2)."""
    return two_pass(x, reduction=round_floor)
