"""Checks that the library computes what it says: the loss and its gradient, the hardness weights and their entropy
against the definitions at 30 digits (mpmath, whose exponents do not overflow), and the uniformity and tolerance
against a 30-digit double loop over pairs, with their scale invariance."""

from __future__ import annotations

import functools
import itertools

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.contrastive_hardness import formulas as F
from ...theorems.contrastive_hardness.claims_library import LIBRARY_HARDNESS, LIBRARY_LOSS, LIBRARY_METRICS
from .strategies import counts, mp_loss, seeds, similarities, taus

# float64 evaluation of a shifted log-sum-exp and log1p: a few ε relative on the loss and on each weight (the
# exponent a_k is rounded once, by ε·|a_k| ≤ ε·2/τ absolute, so a weight carries relative error ≤ 2ε/τ ≈ 4e-13 at
# τ = 1e-3 — the gradient tolerance scales with 1/τ for that reason).
REL = 1e-13
TINY = 1e-300
EPS = float(np.finfo(float).eps)
# hardness_weights, entry by entry. With x_k = s_k/τ, X = max_k |x_k| and y_k = log r_k = x_k − lse(x), float64 gives
# y_k with absolute error ≤ u·(|x_k| [rounding x_k] + X [x's rounding, carried into lse] + 2X [rounding x − max, carried
# into log Σ] + |lse| ≤ X + log K [the final add] + |y_k| [the subtraction] + K + 2 [exp and the sum]), u = ε/2, i.e.
# ≤ ε·(3X + |y_k| + K + 2) to first order; exp(y_k) turns that into the same relative error of r_k. |y_k| reaches
# 2/τ (r_k ≈ 1e-262 at τ = 0.00244 is off by 1.1e-13 relative, more than a flat 1e-13: thorough profile, seed 1).
# Below 2.2e-308 r_k is subnormal, spaced by 2⁻¹⁰⁷⁴: the library's exp and the truth's conversion to float64 (mpmath
# rounds twice there) each add up to one spacing. Tolerance: relative R_C·ε·(1 + K + X + |y_k|) plus absolute
# A_C·2⁻¹⁰⁷⁴ (R_C = 4 ≥ 3 with headroom, A_C = 4 ≥ 2). The mutant weights_over_all_terms is off by e^{−max x}/Σ,
# far above that whenever max x ≲ 25. hardness_entropy sums −r_k y_k with the same y_k: since d(r y)/dy = r(1 + y), its
# error is ≤ Σ_k r_k(1 + |y_k|)·ε(3X + |y_k| + K + 2) + K·u·H ≤ ε(3X + 2K + 3)(1 + H) (Σ r|y| = H, r y² ≤ 4/e²): a
# flat 1e-13·(1 + H) is below that at τ = 10⁻³ (X up to 1000), so the tolerance is R_C·ε·(1 + 2K + X)·(1 + H).
# entropy_in_bits is off by (1/log 2 − 1)·H ≈ 0.44·H, far above it unless H < 1e-11.
R_C, A_C = 4.0, 4.0
SUBNORMAL_SPACING = 2.0**-1074
#: a loss of e^{−50} at τ = 0.02, the positive ahead by 1: the subtraction log Σ − s_ii/τ returns 0
SMALL_LOSS = {"count": 1, "seed": 0, "tau": 0.02, "positive_ahead": True}


def _case(count, seed, positive_ahead):
    sims = similarities(seed, count + 1)
    if positive_ahead:  # the positive 1, every negative at most 0: a small loss
        sims = [1.0] + [min(s, 0.0) for s in sims[1:]]
    return sims[0], sims[1:]


@LIBRARY_LOSS.check(given={"count": counts, "seed": seeds, "tau": taus, "positive_ahead": st.booleans()},
                    examples=15, regressions=[SMALL_LOSS], precision="mpmath, 30 digits",
                    tolerance=f"relative {REL:g} (absolute {TINY:g}) on the loss; {REL:g}/τ + {REL:g}·|g| on the "
                              "gradient")
def matches_definition(subject, ev, count, seed, tau, positive_ahead):
    """Loss and gradient, with and without the positive in the denominator, against 30-digit values (the gradient's
    from mpmath derivatives of the definition along each axis)."""
    s0, neg = _case(count, seed, positive_ahead)
    ev.show("(s_ii, s_i·)", [s0, *neg])
    for include in (True, False):
        with mpmath.workdps(30):
            truth = float(mp_loss(s0, neg, tau, include))
            g0, g = F.gradient(s0, neg, tau) if include else F.gradient_without_positive(s0, neg, tau)
            want = np.array([float(g0), *[float(x) for x in g]])
        got_loss = subject.contrastive_loss(s0, neg, tau, include_positive=include)
        got0, got = subject.contrastive_grad(s0, neg, tau, include_positive=include)
        ev.close(got_loss, truth, rtol=REL, atol=TINY, what=f"loss (positive in the denominator: {include})",
                 labels=("contrastive_loss", "30 digits"))
        ev.close(np.array([got0, *got]), want, rtol=REL, atol=REL / tau, what=f"gradient ({include})",
                 labels=("contrastive_grad", "30 digits"))


@LIBRARY_HARDNESS.check(given={"count": counts, "seed": seeds, "tau": taus}, examples=15,
                        precision="mpmath, 30 digits",
                        tolerance=f"r_k: relative {R_C:g}·ε·(1 + K + max|s|/τ + |log r_k|), absolute "
                                  f"{A_C:g}·2⁻¹⁰⁷⁴ (subnormals); entropy {R_C:g}·ε·(1 + 2K + max|s|/τ)·(1 + H)")
def matches_thirty_digits(subject, ev, count, seed, tau):
    """The weights and their entropy against the formulas evaluated at 30 digits."""
    neg = similarities(seed, count)
    with mpmath.workdps(30):
        exact = F.relative_penalty(0, neg, tau)
        r = [float(x) for x in exact]
        log_r = [float(mpmath.log(x)) for x in exact]
        h = float(F.entropy_of_penalty(0, neg, tau))
    ev.show("s_i·", neg)
    got = np.asarray(subject.hardness_weights(neg, tau), dtype=float)
    ev.that(got.shape == (count,), f"hardness_weights returned shape {got.shape} for K = {count}",
            claimed=(count,), observed=got.shape, labels=("K", "shape of hardness_weights"))
    spread = max(abs(s) for s in neg) / tau
    for k in range(count):
        ev.close(float(got[k]), r[k], rtol=R_C * EPS * (1 + count + spread + abs(log_r[k])),
                 atol=A_C * SUBNORMAL_SPACING, what="r_k", labels=("hardness_weights", "30 digits"),
                 context=f"k={k}, K={count}, τ={tau:g}, log r_k={log_r[k]:.6g}")
    ev.close(subject.hardness_entropy(neg, tau), h, atol=R_C * EPS * (1 + 2 * count + spread) * (1 + h), what="H(r)",
             labels=("hardness_entropy", "30 digits"), context=f"K={count}, τ={tau:g}")


def _features(seed, rows, dim):
    return np.random.default_rng(seed).normal(size=(rows, dim)), np.arange(rows) % 3


@functools.lru_cache(maxsize=256)
def _metrics_at_30_digits(seed, rows, dim):
    """(L_unif, tolerance) of the unscaled features of the case, by a double loop at 30 digits (cached)."""
    x, labels = _features(seed, rows, dim)
    with mpmath.workdps(30):
        rows = [[mpmath.mpf(float(v)) for v in row] for row in x]
        units = [[v / mpmath.sqrt(mpmath.fsum(w * w for w in row)) for v in row] for row in rows]
        pairs = list(itertools.combinations(range(len(units)), 2))
        kernel = [mpmath.exp(-2 * mpmath.fsum((a - b) ** 2 for a, b in zip(units[i], units[j]))) for i, j in pairs]
        unif = mpmath.log(mpmath.fsum(kernel) / len(pairs))
        same = [mpmath.fsum(a * b for a, b in zip(units[i], units[j])) for i, j in pairs if labels[i] == labels[j]]
        return float(unif), float(mpmath.fsum(same) / len(same))


@LIBRARY_METRICS.check(given={"seed": seeds, "rows": st.integers(4, 12), "dim": st.integers(1, 6),
                              "log_scale": st.floats(-150, 150)}, examples=10, precision="mpmath, 30 digits",
                       tolerance="absolute 1e-12 (sums of at most 66 terms of size ≤ 1, each to a few ε)")
def matches_double_loop(subject, ev, seed, rows, dim, log_scale):
    """uniformity and tolerance of features scaled by $10^{\\mathrm{log\\_scale}}$ equal a 30-digit double loop
    over pairs of the unscaled features."""
    x, labels = _features(seed, rows, dim)
    ev.show("features (before scaling)", x)
    unif, tol = _metrics_at_30_digits(seed, rows, dim)
    scaled = x * 10.0**log_scale
    ev.close(subject.uniformity(scaled), unif, atol=1e-12, what="L_unif", labels=("uniformity(c·x)", "30 digits"))
    ev.close(subject.tolerance(scaled, labels), tol, atol=1e-12, what="tolerance",
             labels=("tolerance(c·x)", "30 digits"))
