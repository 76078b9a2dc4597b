"""F3 (released table), F7, F8: the numpy port of the released weighting against f″(r) r² (mpmath.diff), the
self-normalised estimator by exact enumeration of small batches, the weight spread under the clamp, and mis-scaling."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.f_distill import formulas as F
from ...theorems.f_distill.claims_release import (
    CONSISTENT,
    SCALE_ALL,
    SCALE_HOMOGENEOUS,
    SPREAD,
    TABLE_MATCHES,
    UNBIASED,
)
from .strategies import released_keys, seeds
from .weights import numeric_h

NAME_OF_KEY = {key: name for name, key in F.RELEASED_KEY.items()}
# the ratio released(r)/(f″(r) r²) at two points agrees to float64 rounding, except that the released js form
# 1 − 1/(1 + r) cancels for small r: relative error about ε(1 + r)/r ≤ 2.2e-16 · e^10 ≈ 5e-12 on r ≥ e^−10 (a fuzzed
# case reached 1.6e-12). The mpmath.diff value is exact to 1e-25. 1e-10 leaves 20× headroom; a wrong entry changes
# the ratio by O(1).
TABLE_RTOL = 1e-10


@TABLE_MATCHES.check(given={"log_r": st.floats(-10.0, 10.0), "gap": st.floats(0.5, 8.0)}, examples=4,
                     precision="float64 port against mpmath.diff at 30 digits",
                     tolerance=f"{TABLE_RTOL:g} relative between the factors at two ratios", confirm="exact")
def constant_positive_factor(subject, ev, log_r, gap):
    """For each released entry, $w(r)/(f''(r) r^2)$ is the same positive number at $r_1 = e^{a}$ and
    $r_2 = e^{a + \\delta}$."""
    rows = []
    for key, fn in subject.items():
        name = NAME_OF_KEY[key]
        factors = [float(fn(np.array([math.exp(t)]))[0]) / float(numeric_h(name, t)) for t in (log_r, log_r + gap)]
        ev.close(factors[0], factors[1], rtol=TABLE_RTOL, labels=(f"{key} factor at r₁", f"{key} factor at r₂"),
                 context=f"log r₁ = {log_r}, log r₂ = {log_r + gap}")
        ev.lt(0.0, factors[0], what=f"{key} factor", labels=("0", "factor"))
        rows.append({"entry": key, "divergence": name, "factor": factors[0]})
    ev.table("released weight over f″(r) r²", rows)


# -- F7 -------------------------------------------------------------------------------------------------------------


def _distribution(seed):
    """Three support points: probabilities k/12, weights h ∈ {1/4, …, 4}, score terms g ∈ {−3, …, 3}²; exact."""
    rng = np.random.default_rng(seed)
    cuts = sorted(rng.choice(np.arange(1, 12), size=2, replace=False))
    probs = [Fraction(int(cuts[0]), 12), Fraction(int(cuts[1] - cuts[0]), 12), Fraction(int(12 - cuts[1]), 12)]
    h = [Fraction(int(k), 4) for k in rng.choice(np.arange(1, 17), size=3, replace=False)]
    g = [tuple(int(v) for v in rng.integers(-3, 4, size=2)) for _ in range(3)]
    return probs, h, g


def _target(probs, h, g):
    return [sum(p * hi * gi[d] for p, hi, gi in zip(probs, h, g)) for d in range(2)]


def _expected_estimate(normalise, probs, h, g, batch):
    """E[ĝ_B] by enumerating every batch of B independent draws (float64 weights from ``normalise``)."""
    out = np.zeros(2)
    for idx in itertools.product(range(3), repeat=batch):
        p = float(math.prod(probs[i] for i in idx))
        w = normalise(np.array([float(h[i]) for i in idx]))
        out += p * np.mean(w[:, None] * np.array([g[i] for i in idx], dtype=float), axis=0)
    return out


def _sin_angle(a, b):
    na, nb = math.hypot(*a), math.hypot(*b)
    return abs(a[0] * b[1] - a[1] * b[0]) / (na * nb), a[0] * b[0] + a[1] * b[1]


SIN_TOL = 1e-9  # the 1e-6 guard moves the direction by at most 1e-6 · max h / min h² ≲ 1e-4; see the confirmation


def _confirm_direction(subject, seed, batch):
    """Exact rationals, normalisation h_i/(mean h + 10⁻⁶) with the guard as its exact binary value: the angle's sine
    exceeds 10⁻³ (far above anything the guard could cause)."""
    probs, h, g = _distribution(seed)
    eps = Fraction(F.NORMALISE_EPS)
    est = [Fraction(0), Fraction(0)]
    for idx in itertools.product(range(3), repeat=batch):
        p = math.prod(probs[i] for i in idx)
        mean = sum(h[i] for i in idx) / batch
        for d in range(2):
            est[d] += p * sum(h[i] / (mean + eps) * g[i][d] for i in idx) / batch
    t = _target(probs, h, g)
    cross = est[0] * t[1] - est[1] * t[0]
    norm2 = (est[0] ** 2 + est[1] ** 2) * (t[0] ** 2 + t[1] ** 2)
    wrong = cross**2 > Fraction(1, 10**6) * norm2
    return wrong, f"exact E[ĝ] = ({float(est[0]):.6g}, {float(est[1]):.6g}), E[hg] = ({float(t[0]):.6g}, " \
                  f"{float(t[1]):.6g}), sine² of the angle {float(cross**2 / norm2):.3g}"


@UNBIASED.check(given={"seed": seeds, "batch": st.integers(1, 3)}, examples=4, min_valid=2,
                precision="float64 enumeration of every batch, re-verified in exact rationals",
                tolerance=f"sine of the angle ≤ {SIN_TOL:g}", confirm=_confirm_direction,
                regressions=[{"seed": 1, "batch": 1}])
def self_normalised_direction(subject, ev, seed, batch):
    """$\\mathbb{E}[\\hat g_B]$, enumerated exactly over all batches of a three-point distribution, is parallel to
    $\\mathbb{E}[h g]$ (the direction of $\\nabla D_f$) and points the same way."""
    probs, h, g = _distribution(seed)
    target = [float(v) for v in _target(probs, h, g)]
    ev.assume(math.hypot(*target) > 0, "E[hg] = 0: no direction")
    ev.show("probabilities, h and g", [[float(p) for p in probs], [float(v) for v in h], g])
    est = _expected_estimate(subject, probs, h, g, batch)
    sine, dot = _sin_angle(est, target)
    ev.metric("angle_degrees", math.degrees(math.asin(min(1.0, sine))) if dot >= 0 else 180.0)
    ev.le(sine, SIN_TOL, what="sine of the angle between E[ĝ] and E[hg]", labels=("sine of the angle", "tolerance"),
          context=f"B = {batch}, E[ĝ] = {est.tolist()}, E[hg] = {target}")
    ev.lt(0.0, dot, what="E[ĝ] · E[hg]", labels=("0", "the dot product"))


def _compositions(total, parts=3):
    for a in range(total + 1):
        for b in range(total - a + 1):
            yield a, b, total - a - b


def _expected_by_counts(normalise, probs, h, g, batch):
    """E[ĝ_B] by summing over the multinomial counts of the three points (float64)."""
    p = [float(v) for v in probs]
    hv = [float(v) for v in h]
    gv = np.array(g, dtype=float)
    out = np.zeros(2)
    log_fact = math.lgamma(batch + 1)
    for counts in _compositions(batch):
        logp = log_fact + sum(c * math.log(pi) - math.lgamma(c + 1) for c, pi in zip(counts, p))
        weights = normalise(np.repeat(hv, counts))
        per_point = [weights[sum(counts[:k])] if counts[k] else 0.0 for k in range(3)]
        out += math.exp(logp) * sum(counts[k] * per_point[k] * gv[k] for k in range(3)) / batch
    return out


@CONSISTENT.check(given={"seed": seeds}, examples=3, precision="float64 sums over multinomial counts (exact up to "
                  "rounding, 1e-14)", tolerance="B·bias within 15% of the delta method's leading term at B = 48",
                  confirm="exact")
def bias_of_order_one_over_b(subject, ev, seed):
    """$B(\\mathbb{E}[\\hat g_B] - \\mathbb{E}[hg]/\\mathbb{E}[h])$ at $B = 48$ is within 15% of the delta method's
    $\\mu_{hg}\\mathrm{Var}(h)/\\mu_h^3 - \\mathrm{Cov}(hg, h)/\\mu_h^2$: the bias vanishes like $1/B$ with the
    predicted constant."""
    probs, h, g = _distribution(seed)
    p = np.array([float(v) for v in probs])
    hv = np.array([float(v) for v in h])
    gv = np.array(g, dtype=float)
    mu_h = p @ hv
    mu_hg = (p * hv) @ gv
    ev.assume(np.linalg.norm(mu_hg) > 0.5, "a limit of norm above 1/2")
    ev.show("probabilities, h and g", [p.tolist(), hv.tolist(), g])
    limit = mu_hg / mu_h
    var_h = p @ (hv - mu_h) ** 2
    cov = ((p * (hv - mu_h) * hv) @ gv)
    leading = mu_hg * var_h / mu_h**3 - cov / mu_h**2
    ev.assume(np.linalg.norm(leading) > 0.05, "a visible bias")
    batch = 48
    bias = _expected_by_counts(subject, probs, h, g, batch) - limit
    ev.close(batch * bias, leading, rtol=0.15, atol=0.15 * float(np.linalg.norm(leading)),
             labels=("B × bias at B = 48", "delta-method leading term"))


# -- F8 -------------------------------------------------------------------------------------------------------------

SPREAD_RTOL = 1e-9  # the port's exp of ±10 and one division: a few ulps of e^20; mutants are off by a factor e^10


@SPREAD.check(precision="float64 port over a grid of logits; bounds evaluated with mpmath",
              tolerance=f"{SPREAD_RTOL:g} relative")
def brute_force_spread(subject, ev):
    """Over every batch drawn from a grid of logits in $[-15, 15]$ (step $0.1$, ratio bounds wide open), the largest
    $\\max h / \\min h$ of the port equals the claimed bound for each entry."""
    logits = np.round(np.arange(-150, 151) / 10.0, 12)[:, None] * np.ones((1, 3))
    ratios = F.released_ratio(logits, 1e-30, 1e30)
    rows = []
    for key, fn in F.RELEASED_TABLE.items():
        w = fn(ratios)
        spread = float(np.max(w) / np.min(w))
        claimed = float(mpmath.mpf(str(subject[key].evalf(30))))
        ev.close(spread, claimed, rtol=SPREAD_RTOL, labels=(f"{key}: largest spread of the port",
                                                            f"{key}: claimed bound"))
        rows.append({"entry": key, "spread": spread, "claimed": claimed})
    ev.table("largest max h / min h in a batch", rows)


def _scaled_weights(fn, ratios, c):
    w = fn(np.asarray(ratios))
    w2 = fn(c * np.asarray(ratios))
    return w / np.mean(w), w2 / np.mean(w2)


def _exact_entry(key, x):
    return {"rkl": lambda v: Fraction(1), "kl": lambda v: v, "js": lambda v: 1 - 1 / (1 + v),
            "sf": lambda v: 1 / (1 + v), "neyman": lambda v: 1 / v, "jf": lambda v: 1 + v}[key](x)


def _batch(seed):
    return np.exp(np.random.default_rng(seed).uniform(-4.0, 4.0, size=4))


SCALE_RTOL = 1e-12  # a handful of float64 operations per weight; a non-homogeneous entry moves weights by O(1e-2+)


def _confirm_scaling(subject, key, seed, c):
    ratios = [Fraction(float(v)) for v in _batch(seed)]
    cf = Fraction(c)
    if key == "sh":  # √ is not rational: 50 digits
        with mpmath.workdps(50):
            a = [mpmath.sqrt(mpmath.mpf(v)) for v in _batch(seed)]
            b = [mpmath.sqrt(mpmath.mpf(c) * mpmath.mpf(v)) for v in _batch(seed)]
            gap = max(abs(x / mpmath.fsum(a) - y / mpmath.fsum(b)) for x, y in zip(a, b))
            return bool(gap > mpmath.mpf(10) ** -30), f"largest change at 50 digits {mpmath.nstr(gap, 5)}"
    a = [_exact_entry(key, v) for v in ratios]
    b = [_exact_entry(key, cf * v) for v in ratios]
    sa, sb = sum(a), sum(b)
    changed = [x / sa - y / sb for x, y in zip(a, b)]
    return any(v != 0 for v in changed), f"exact changes of the normalised weights × B: " \
                                         f"{[float(4 * v) for v in changed]}"


SCALE_CASE = {"seed": seeds, "c": st.floats(0.25, 4.0).filter(lambda v: abs(v - 1) > 0.05)}


@SCALE_ALL.check(given={"key": released_keys, **SCALE_CASE}, examples=8, precision="float64, re-verified in exact "
                 "rationals", tolerance=f"{SCALE_RTOL:g} relative", confirm=_confirm_scaling,
                 regressions=[{"key": "js", "seed": 0, "c": 2.0}])
def normalised_weights_unchanged(subject, ev, key, seed, c):
    """For a batch of four ratios in $[e^{-4}, e^{4}]$ and $c \\in [1/4, 4]$, $h(c r_i)/\\overline{h(cr)}$ equals
    $h(r_i)/\\overline{h(r)}$."""
    ratios = _batch(seed)
    ev.show("ratios", ratios)
    w, w2 = _scaled_weights(subject[key], ratios, c)
    ev.close(w2, w, rtol=SCALE_RTOL, labels=(f"{key}: weights at c·r", f"{key}: weights at r"), context=f"c = {c}")


@SCALE_HOMOGENEOUS.check(given=SCALE_CASE, examples=6, precision="float64, re-verified in exact rationals",
                         tolerance=f"{SCALE_RTOL:g} relative", confirm="exact")
def power_law_weights_unchanged(subject, ev, seed, c):
    """For each power-law entry, a batch of four ratios in $[e^{-4}, e^{4}]$ and $c \\in [1/4, 4]$:
    $h(c r_i)/\\overline{h(cr)} = h(r_i)/\\overline{h(r)}$."""
    ratios = _batch(seed)
    ev.show("ratios", ratios)
    for key, fn in subject.items():
        w, w2 = _scaled_weights(fn, ratios, c)
        ev.close(w2, w, rtol=SCALE_RTOL, labels=(f"{key}: weights at c·r", f"{key}: weights at r"),
                 context=f"c = {c}")
