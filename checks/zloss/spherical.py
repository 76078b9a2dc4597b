"""Checks of the spherical-family claims: Z4 (zloss.spherical_computation, zloss.spherical_float64_any_offset and
its refinement) and Z9 (zloss.cost_independent_of_classes).

Ground truth: the logits o = Wh formed explicitly, in exact rationals (Fractions) for the statistics, in
float64 with two-pass moments for the values (formulas.direct), in numpy's long double (a 64-bit significand)
or mpmath at 80 digits for the exact value of L_Z, and central differences of the direct loss for the gradient.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.zloss import claims_spherical as C
from ...theorems.zloss import formulas as F
from .strategies import seeds


def layer(seed: int, n_classes: int, dim: int, offset: float = 0.0) -> tuple[np.ndarray, np.ndarray, int]:
    """(W, h, c): standard normal W plus ``offset`` times a normal row added to every row (a common offset of the
    logits), a normal h and a target."""
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(n_classes, dim)) + offset * rng.normal(size=dim)
    return W, rng.normal(size=dim), int(seed % n_classes)


@functools.lru_cache(maxsize=256)
def _exact_long_double(case: tuple) -> tuple[float, float]:
    """(L_Z, |μ|/σ) of o = Wh in long double (ε ≈ 1.1e-19), two-pass moments: good to ~1e-18·(1 + |μ|/σ)."""
    W, h, c, a, b = _unpack(case)
    o = W.astype(np.longdouble) @ h.astype(np.longdouble)
    mu = o.mean()
    dev = o - mu
    dev -= dev.mean()
    sigma = np.sqrt(np.mean(dev * dev))
    z = dev[c] / sigma
    x = np.longdouble(a) * (np.longdouble(b) - z)
    loss = (np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))) / np.longdouble(a)
    return float(loss), float(abs(mu) / sigma)


def _exact_mp(case: tuple, digits: int = 80) -> mpmath.mpf:
    W, h, c, a, b = _unpack(case)
    with mpmath.workdps(digits):
        hh = F.to_mp(h)
        o = [mpmath.fsum(mpmath.mpf(float(w)) * x for w, x in zip(row, hh)) for row in W]
        mu = mpmath.fsum(o) / len(o)
        sigma = mpmath.sqrt(mpmath.fsum((x - mu) ** 2 for x in o) / len(o))
        z = (o[c] - mu) / sigma
        return mpmath.log1p(mpmath.exp(mpmath.mpf(a) * (mpmath.mpf(b) - z))) / mpmath.mpf(a)


def _pack(W, h, c, a, b) -> tuple:
    return (tuple(map(tuple, W.tolist())), tuple(h.tolist()), c, a, b)


def _unpack(case: tuple):
    W, h, c, a, b = case
    return np.array(W, dtype=float), np.array(h, dtype=float), c, a, b


# -- zloss.spherical_computation -----------------------------------------------------------------------


def _rational_layer(seed: int, n_classes: int, dim: int):
    rng = np.random.default_rng(seed)
    W = np.array([[Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 8))) for _ in range(dim)]
                  for _ in range(n_classes)], dtype=object)
    h = np.array([Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 8))) for _ in range(dim)], dtype=object)
    return W, h, int(seed % n_classes)


@C.SPHERICAL.check(given={"seed": seeds, "n_classes": st.integers(2, 12), "dim": st.integers(1, 4)}, examples=6,
                   precision="exact: Fractions", tolerance="none: exact equality", confirm="exact")
def statistics_exactly(subject, ev, seed, n_classes, dim):
    r"""On rational $W$ and $h$, $(\bar w^\top h, h^\top Q h, W_c^\top h)$ and the variance the spherical route takes
    from them equal $(\sum_k o_k, \sum_k o_k^2, o_c)$ and $\frac{1}{D}\sum_k(o_k - \mu)^2$ of $o = Wh$, exactly."""
    W, h, c = _rational_layer(seed, n_classes, dim)
    o = W @ h
    ev.assume(len(set(o.tolist())) > 1)
    s1, s2, oc, _ = subject.statistics(F.spherical_statistics(W), h, c, F.Count())
    mu = sum(o) / n_classes
    ev.show("W", [[str(x) for x in row] for row in W])
    ev.show("h", [str(x) for x in h])
    ev.show("o = Wh", [str(x) for x in o])
    ev.show("(S₁, S₂, o_c) of the spherical route", [str(s1), str(s2), str(oc)])
    for name, got, want in (("S₁", s1, sum(o)), ("S₂", s2, sum(o * o)), ("o_c", oc, o[c]),
                            ("σ²", subject.variance(s1, s2, n_classes), sum((o - mu) ** 2) / n_classes)):
        ev.that(bool(got == want), f"{name}: {got} from the statistics, {want} from o = Wh", claimed=str(got),
                observed=str(want), labels=(f"{name}, spherical route", f"{name} of o = Wh"))


# Both routes in float64 on logits without a dominant offset (|μ|/σ ≲ 3 for standard normal W, h): the spherical
# σ² loses ~(1 + (μ/σ)²)·d·ε ≈ 1e-14 and the direct two-pass route ~D·ε ≈ 2e-12 at D = 1e4 (pairwise sums do
# better); L_Z and the gradient inherit these with factors ≤ a·|z_c| ≈ 100. The spec's 1e-10 leaves 50×; the
# unbiased σ moves z_c by a relative 1/(2D) ≥ 5e-5 and the loss by ≥ 1e-6.
FLOAT_RTOL = 1e-10


@functools.lru_cache(maxsize=16)
def _float_layer(seed: int, n_classes: int, dim: int):
    W, h, c = layer(seed, n_classes, dim)
    return W, h, c, F.spherical_statistics(W), F.direct(W, h, c, 1.5, 0.5)


@C.SPHERICAL.check(given={"seed": seeds, "n_classes": st.sampled_from([10, 100, 1000, 10_000]),
                          "dim": st.sampled_from([4, 16, 64])}, examples=4,
                   precision="float64, against the direct two-pass computation",
                   tolerance=f"relative {FLOAT_RTOL:g} (the specification's): both routes are good to ~2e-12 here")
def matches_direct_in_float64(subject, ev, seed, n_classes, dim):
    r"""In float64, $L_Z$ and $\partial L_Z/\partial h$ from $(Q, \bar w, W_c)$ agree with the direct computation from
    $o = Wh$ to relative $10^{-10}$, for $D$ up to $10^4$ ($a = 1.5$, $b = 0.5$)."""
    W, h, c, stats, (want_loss, want_grad) = _float_layer(seed, n_classes, dim)
    loss, grad = subject(stats, h, c, 1.5, 0.5)
    ev.show("h", h)
    ev.show("L_Z spherical, direct", [loss, want_loss])
    ev.close(loss, want_loss, rtol=FLOAT_RTOL, what="L_Z", labels=("spherical route", "direct route"))
    scale = float(np.max(np.abs(want_grad)))
    ev.close(grad, want_grad, atol=FLOAT_RTOL * scale, what="∂L_Z/∂h", labels=("spherical route", "direct route"))


# Central differences of the direct loss with step H = 1e-5 (h of unit scale): truncation H²/6·|∂³L| ≲ 1e-10·K and
# roundoff ε·L/H ≈ 2e-11 per entry, K ≲ 10 for these logits; 1e-7 relative to the largest entry leaves ≥ 100×.
CD_STEP = 1e-5
CD_RTOL = 1e-7


@C.SPHERICAL.check(given={"seed": seeds, "n_classes": st.integers(3, 200), "dim": st.integers(1, 8)}, examples=4,
                   precision="float64 central differences of the direct loss",
                   tolerance=f"{CD_RTOL:g} relative to the largest entry (step {CD_STEP:g})")
def gradient_by_central_differences(subject, ev, seed, n_classes, dim):
    r"""$\partial L_Z/\partial h$ from $(Q, \bar w, W_c)$ equals the central differences of the direct $L_Z(Wh)$."""
    W, h, c = layer(seed, n_classes, dim)
    _, grad = subject(F.spherical_statistics(W), h, c, 1.0, 0.5)
    fd = np.empty(dim)
    for j in range(dim):
        e = np.zeros(dim)
        e[j] = CD_STEP
        fd[j] = (F.direct(W, h + e, c, 1.0, 0.5)[0] - F.direct(W, h - e, c, 1.0, 0.5)[0]) / (2 * CD_STEP)
    scale = max(float(np.max(np.abs(fd))), 1e-3)
    ev.show("spherical ∂L/∂h", grad)
    ev.show("central differences", fd)
    ev.close(grad, fd, atol=CD_RTOL * scale, what="∂L_Z/∂h", labels=("spherical route", "central differences"))


# -- zloss.spherical_float64_any_offset ----------------------------------------------------------------

# The claim's own 1e-10 against the exact value (long double: its error is ≤ 1e-18·(1 + |μ|/σ), below 1e-10 for
# every offset drawn); a failure is re-verified with mpmath at 80 digits.
EXACT_RTOL = 1e-10

#: Three classes, d = 1: W = (1e8, 1e8 + 1, 1e8 + 2)ᵀ, h = 1; o has μ = 1e8 + 1 and σ = √(2/3).
OFFSET_WITNESS = {"seed": 0, "n_classes": 3, "dim": 1, "offset": 1e8, "explicit": True}


def _offset_case(seed, n_classes, dim, offset, explicit):
    if explicit:
        return np.array([[1e8], [1e8 + 1.0], [1e8 + 2.0]]), np.array([1.0]), 0
    return layer(seed, n_classes, dim, offset)


def _relative_error(loss: float, exact: float) -> float:
    return abs(loss - exact) / abs(exact) if np.isfinite(loss) else float("nan")


def _confirm_offset(subject, seed, n_classes, dim, offset, explicit) -> tuple[bool, str]:
    W, h, c = _offset_case(seed, n_classes, dim, offset, explicit)
    loss, _ = subject(F.spherical_statistics(W), h, c, 1.0, 0.0)
    with mpmath.workdps(80):
        exact = _exact_mp(_pack(W, h, c, 1.0, 0.0))
        wrong = not np.isfinite(loss) or abs(mpmath.mpf(loss) - exact) / exact > EXACT_RTOL
        return bool(wrong), f"float64 spherical L_Z = {loss!r}, exact (80 digits) {mpmath.nstr(exact, 20)}"


@C.SPHERICAL_FLOAT.check(given={"seed": seeds, "n_classes": st.integers(3, 300), "dim": st.integers(1, 16),
                                "offset": st.sampled_from([0.0, 1e2, 1e4, 1e6, 1e8]), "explicit": st.just(False)},
                         examples=6, precision="float64 against long double; a failure re-verified at 80 digits",
                         tolerance=f"relative {EXACT_RTOL:g} (the statement's)", confirm=_confirm_offset,
                         regressions=[OFFSET_WITNESS])
def offsets_at_high_precision(subject, ev, seed, n_classes, dim, offset, explicit):
    r"""The float64 spherical $L_Z$ ($a = 1$, $b = 0$) against its exact value, for logits with a common offset
    ($W$ plus the same row added to every row)."""
    W, h, c = _offset_case(seed, n_classes, dim, offset, explicit)
    loss, _ = subject(F.spherical_statistics(W), h, c, 1.0, 0.0)
    exact, ratio = _exact_long_double(_pack(W, h, c, 1.0, 0.0))
    ev.show("W (first rows)", W[:4])
    ev.show("W minus its column means (first rows)", (W - W.mean(axis=0))[:4])
    ev.show("h", h)
    ev.show("|μ|/σ of o = Wh", ratio)
    ev.show("L_Z: float64 spherical, exact", [loss, exact])
    ev.le(_relative_error(loss, exact), EXACT_RTOL, what="relative error of the spherical L_Z",
          labels=("relative error, float64 spherical route", "the claimed 1e-10"))


_SWEEP = [(seed, n, d, off) for seed in (11, 12) for n, d in ((10, 4), (300, 16)) for off in (0.0, 3.0, 10.0, 30.0)]


@C.SPHERICAL_SMALL_OFFSET.check(precision="float64 against long double (ε ≈ 1.1e-19)",
                                tolerance=f"relative {EXACT_RTOL:g} (the statement's)")
def small_offsets_against_long_double(subject, ev):
    r"""The float64 spherical $L_Z$ against its exact value over a grid of layers ($D = 10$ and 300) with common
    offsets giving $|\mu|/\sigma$ up to 100."""
    rows, worst = [], 0.0
    for seed, n, d, off in _SWEEP:
        W, h, c = layer(seed, n, d, off)
        loss, _ = subject(F.spherical_statistics(W), h, c, 1.0, 0.0)
        exact, ratio = _exact_long_double(_pack(W, h, c, 1.0, 0.0))
        if ratio > 100:
            continue
        err = _relative_error(loss, exact)
        worst = max(worst, err) if np.isfinite(err) else float("inf")
        rows.append({"D": n, "d": d, "|μ|/σ": ratio, "relative error": err})
    ev.table("float64 spherical L_Z against its exact value", rows)
    ev.metric("largest_relative_error", worst)
    ev.metric("cases", len(rows))
    ev.that(len(rows) >= 8, f"only {len(rows)} cases with |μ|/σ ≤ 100")
    ev.le(worst, EXACT_RTOL, what="largest relative error", labels=("largest relative error", "1e-10"))


# -- zloss.cost_independent_of_classes ------------------------------------------------------------------------

COST_DIM = 128


@functools.lru_cache(maxsize=1)
def _cost_block():
    """A block of 1000 random rows (d = 128) and its statistics, computed once."""
    W, h, c = layer(7, 1000, COST_DIM)
    return W, h, c, F.spherical_statistics(W)


@functools.lru_cache(maxsize=4)
def _cost_layer(n_classes: int):
    """D = 1000·m classes: the block repeated m times (the logits repeat; σ > 0), with Q = m·Q_block and
    w̄ = m·w̄_block, so that Q costs nothing at D = 1e5."""
    block, h, c, stats = _cost_block()
    m = n_classes // block.shape[0]
    W = np.tile(block, (m, 1))
    return W, h, c, F.SphericalStatistics(W, m * stats.Q, m * stats.wbar)


@C.COST.check(precision="exact counts of an instrumented run; float64 values",
              tolerance=f"counts: exact; values: relative {FLOAT_RTOL:g}")
def counts_at_d_128(subject, ev):
    r"""At $d = 128$ and $D = 10^3, 10^4$ ($10^5$ in the thorough profile): the spherical computation's counted
    multiply-adds are $d^2 + 6d$ at every $D$, the direct one's $2Dd + 4D$, and both give the same $L_Z$."""
    sizes = (1000, 10_000, 100_000) if ev.profile == "thorough" else (1000, 10_000)
    rows = []
    for n in sizes:
        W, h, c, stats = _cost_layer(n)
        spherical, direct = F.Count(), F.Count()
        loss, _ = subject(stats, h, c, 1.0, 0.0, spherical)
        want, _ = F.direct(W, h, c, 1.0, 0.0, direct)
        rows.append({"D": n, "spherical multiply-adds": spherical.mads, "direct multiply-adds": direct.mads,
                     "ratio": direct.mads / spherical.mads, "D/d": n / COST_DIM})
        ev.metric(f"ratio_at_{n}_classes", direct.mads / spherical.mads)
        ev.close(loss, want, rtol=FLOAT_RTOL, what=f"L_Z at D = {n}", labels=("spherical route", "direct route"))
        ev.that(spherical.mads == COST_DIM**2 + 6 * COST_DIM, f"spherical count {spherical.mads} at D = {n}",
                claimed=COST_DIM**2 + 6 * COST_DIM, observed=spherical.mads,
                labels=("d² + 6d", "counted multiply-adds"))
        ev.that(direct.mads == 2 * n * COST_DIM + 4 * n, f"direct count {direct.mads} at D = {n}",
                claimed=2 * n * COST_DIM + 4 * n, observed=direct.mads, labels=("2Dd + 4D", "counted multiply-adds"))
    ev.table("multiply-adds per example at d = 128", rows)
