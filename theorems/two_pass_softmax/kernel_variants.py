"""Plausible wrong versions of the released kernels (the specification's mutants and this suite's), each a
function of a float32 vector returning the float32 softmax, as :func:`.kernel.two_pass` does."""

from __future__ import annotations

import numpy as np

from . import kernel as K

F32 = np.float32


def naive_one_pass(x):
    """exp(x)/Σ exp(x) in float32 without any shift: overflows once an entry passes 88.72."""
    z = np.asarray(x, dtype=F32)
    with np.errstate(over="ignore", invalid="ignore"):
        ex = np.exp(z).astype(F32)
        return (ex / np.sum(ex, dtype=F32)).astype(F32)


def _lanes(x, update):
    """Pass 1 over blocks of 8 lanes with a given update rule, then the kernels' merge of the lanes."""
    x = np.asarray(x, dtype=F32).ravel()
    ee = K.ext_exp(x)
    pad = (-x.size) % K.LANES
    p = np.concatenate([ee.p, np.zeros(pad, F32)]).reshape(-1, K.LANES)
    n = np.concatenate([ee.n, np.full(pad, -np.inf, F32)]).reshape(-1, K.LANES)
    v = np.zeros(K.LANES, F32)
    e = np.full(K.LANES, -np.inf, F32)
    with np.errstate(invalid="ignore", over="ignore"):
        for pk, nk in zip(p, n):
            v, e = update(v, e, pk, nk)
        m = F32(np.max(e))
        total = F32(np.sum((v * K.scale_factor((e - m).astype(F32))).astype(F32), dtype=F32))
    return x, total, m


def _no_rescale(v, e, p, n):
    e_new = K.max_ps(e, n)
    return K.fma(p, K.scale_factor((n - e_new).astype(F32)), v), e_new


def _inverted_rescale(v, e, p, n):
    e_new = K.max_ps(e, n)
    grow = np.where(np.isfinite(e), (e_new - e).astype(F32), F32(-127))
    return K.fma(p, K.scale_factor((n - e_new).astype(F32)), (v * K.scale_factor(grow)).astype(F32)), e_new


def no_rescale(x):
    """Pass 1 forgets to rescale v by 2^{e − e′} when the exponent grows."""
    x, v, e = _lanes(x, _no_rescale)
    return K.pass2(x, v, e)


def inverted_rescale(x):
    """Pass 1 rescales v by 2^{e′ − e} (the exponent difference with its sign inverted)."""
    x, v, e = _lanes(x, _inverted_rescale)
    return K.pass2(x, v, e)


def direct_accumulation(x):
    """Σ p·2^n accumulated directly in float32, without the exponent of the pair (overflows past 2^128)."""
    z = np.asarray(x, dtype=F32).ravel()
    ee = K.ext_exp(z)
    with np.errstate(over="ignore", invalid="ignore"):
        terms = (ee.p * np.exp2(ee.n).astype(F32)).astype(F32)
        total = np.sum(terms, dtype=F32)
        return (terms / total).astype(F32)


def inverted_pass2(x):
    """Pass 2 scales by 2^{e_s − n_i} (the exponent difference inverted)."""
    z = np.asarray(x, dtype=F32).ravel()
    acc = K.pass1(z)
    ee = K.ext_exp(z)
    with np.errstate(over="ignore", invalid="ignore"):
        s = K.scale_factor((acc.e - ee.n).astype(F32))
        return ((ee.p * F32(F32(1) / acc.v)).astype(F32) * s).astype(F32)


def _sum_pass1(terms) -> K.Pass1:
    with np.errstate(over="ignore", invalid="ignore"):
        v = np.sum(terms.astype(F32), dtype=F32)
    return K.Pass1(F32(v), F32(0), np.array([v], F32), np.array([0.0], F32), float(abs(v)))


def direct_accumulation_pass1(x) -> K.Pass1:
    """Pass 1 as Σ p·2^n in float32, the exponent of the pair dropped (reported with e = 0)."""
    ee = K.ext_exp(np.asarray(x, dtype=F32).ravel())
    with np.errstate(over="ignore", invalid="ignore"):
        return _sum_pass1(ee.p * np.exp2(ee.n).astype(F32))


def naive_pass1(x) -> K.Pass1:
    """Pass 1 as Σ e^x in float32, no shift (reported with e = 0)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _sum_pass1(np.exp(np.asarray(x, dtype=F32).ravel()))


def ext_exp_without_low_part(x) -> K.ExtExp:
    """ExtExp with t = fma(n, −ln2_hi, x) only: the Cody–Waite low part forgotten."""
    x = np.asarray(x, dtype=F32)
    with np.errstate(over="ignore", invalid="ignore"):
        n = K.round_nearest((x * K.LOG2E).astype(F32))
        t = K.fma(n, K.MINUS_LN2_HI, x)
        return K.ExtExp(K.polynomial(t), n, t)


def ext_exp_degree4(x) -> K.ExtExp:
    """ExtExp with the polynomial's t^5 term dropped (degree 4, same other coefficients)."""
    ee = K.ext_exp(x)
    c = K.COEFFICIENTS
    with np.errstate(over="ignore", invalid="ignore"):
        p = K.fma(c[4], ee.t, c[3])
        for k in (2, 1, 0):
            p = K.fma(p, ee.t, c[k])
    return K.ExtExp(p, ee.n, ee.t)


def sanitized(x):
    """The kernels after replacing NaN and ±∞ by 0 (a silent clean-up)."""
    z = np.asarray(x, dtype=F32).ravel()
    return K.two_pass(np.where(np.isfinite(z), z, F32(0)).astype(F32))
