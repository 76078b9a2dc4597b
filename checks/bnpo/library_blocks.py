"""Checks that the library's building blocks compute what the paper and the release define: the Beta
density f_N, the capped weight of step 5, the method of moments of step 3, the parameters of step 4,
GRPO's advantage, and the corrected fit of V7. Ground truth: mpmath at 30 digits for the density and
GRPO's square root, exact rationals (Fractions of the floats passed) for the fits and the parameters,
and the moment conditions of the Beta distribution for the method of moments."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.bnpo import claims as C
from .strategies import _log_uniform

# Beta density in float64: log f_N = (α−1) log p + (β−1) log(1−p) − log B(α, β), each term within two
# roundings of its value and exp adding one, so |Δf/f| ≤ 6·eps·L with L = 1 + the sum of the terms' sizes.
# DENSITY_ROUNDOFF = 1e-14 per unit of L is 7× that bound; every mutant is off by an O(1) factor.
DENSITY_ROUNDOFF = 1e-14
# Values below this are float64 underflow territory; compared absolutely.
UNDERFLOW = 1e-300

shape_parameters = st.one_of(st.just(1.0), _log_uniform(0.2, 20.0))
unit_points = st.one_of(st.sampled_from([0.0, 1.0, 0.5]), st.floats(1e-12, 1 - 1e-12))


def _power(x: Any, e: Any) -> Any:
    """x^e at the working precision, with 0⁰ = 1 and 0^e = inf for e < 0 (the density's limits)."""
    if x == 0:
        return mpmath.mpf(1) if e == 0 else (mpmath.mpf(0) if e > 0 else mpmath.inf)
    return x**e


def mp_density(p: float, alpha: float, beta: float) -> Any:
    """p^{α−1}(1−p)^{β−1}/B(α, β) at 30 digits (inf where it diverges)."""
    with mpmath.workdps(30):
        P, A, B = mpmath.mpf(p), mpmath.mpf(alpha), mpmath.mpf(beta)
        return +(_power(P, A - 1) * _power(1 - P, B - 1) / mpmath.beta(A, B))


def _density_rtol(p: float, alpha: float, beta: float) -> float:
    """DENSITY_ROUNDOFF times 1 + the sizes of the three log terms."""
    size = 1.0 + abs(math.lgamma(alpha) + math.lgamma(beta) - math.lgamma(alpha + beta))
    if 0 < p < 1:
        size += abs(alpha - 1) * abs(math.log(p)) + abs(beta - 1) * abs(math.log1p(-p))
    return DENSITY_ROUNDOFF * size


@C.LIB_DENSITY.check(given={"p": unit_points, "alpha": shape_parameters, "beta": shape_parameters}, examples=25,
                     precision="mpmath 30 digits", regressions=[{"p": 0.0, "alpha": 1.0, "beta": 2.5}],
                     tolerance="1e-14 relative per unit of the log-density's size (7× the float64 roundoff bound); "
                               "1e-300 absolute (underflow); +inf exactly where the density diverges")
def matches_the_density_formula(subject, ev, p, alpha, beta):
    r"""beta_density equals $p^{\alpha-1}(1-p)^{\beta-1}/B(\alpha,\beta)$ at 30 digits, endpoints included."""
    got = float(np.asarray(subject(p, alpha, beta)))
    truth = float(mp_density(p, alpha, beta))
    ev.show("f_N(p) from beta_density", got)
    ev.show("f_N(p) at 30 digits", truth)
    ctx = f"p={p!r}, α={alpha:.6g}, β={beta:.6g}"
    if math.isinf(truth):
        ev.that(got == math.inf, f"the density diverges at [{ctx}] but beta_density gives {got!r}",
                claimed=got, observed="inf", labels=("beta_density", "the density"))
        return
    ev.close(got, truth, rtol=_density_rtol(p, alpha, beta), atol=UNDERFLOW, what="f_N(p)", context=ctx,
             labels=("beta_density", "30-digit density"))


@C.LIB_WEIGHT.check(given={"p": unit_points, "alpha": shape_parameters, "beta": shape_parameters,
                           "max_weight": _log_uniform(10.0, 1e9)}, examples=25, precision="mpmath 30 digits",
                    regressions=[{"p": 0.0, "alpha": 2.0, "beta": 2.0, "max_weight": 1000.0}],
                    tolerance="as for the density (min is 1-Lipschitz): 1e-14 relative per unit of the log-density's "
                              "size")
def matches_the_capped_inverse_density(subject, ev, p, alpha, beta, max_weight):
    r"""bnpo_weight equals $\min(1/f_N(p;\alpha,\beta), w_{\max})$ at 30 digits: $w_{\max}$ where $f_N = 0$."""
    got = float(np.asarray(subject(p, alpha, beta, max_weight=max_weight)))
    f = mp_density(p, alpha, beta)
    truth = float(max_weight) if f == 0 else float(min(1 / f, mpmath.mpf(max_weight)))
    ev.show("f_N(p) at 30 digits", float(f))
    ev.show("weight from bnpo_weight", got)
    ev.show("min(1/f_N(p), max_weight) at 30 digits", truth)
    ev.close(got, truth, rtol=_density_rtol(p, alpha, beta), atol=UNDERFLOW, what="weight",
             context=f"p={p!r}, α={alpha:.6g}, β={beta:.6g}, max_weight={max_weight:.6g}",
             labels=("bnpo_weight", "min(1/f_N, max_weight)"))


# The method of moments: a/(a + b) and ab/((a+b)²(a+b+1)) of the float (a, b) are within ~6 eps of m and v
# whatever the size of k = m(1−m)/v − 1 (the errors in a and b are proportional to k); 1e-13 is 75× that.
MOMENT_RTOL = 1e-13


@st.composite
def mean_and_variance(draw: st.DrawFn) -> tuple[Fraction, Fraction]:
    """m = i/24 and v = m(1 − m)·u/100 (u = 1 … 150: both sides of the moment condition v < m(1 − m))."""
    m = Fraction(draw(st.integers(0, 24)), 24)
    u = draw(st.integers(1, 150))
    v = m * (1 - m) * Fraction(u, 100) if 0 < m < 1 else Fraction(u, 400)
    return m, v


@C.LIB_MOMENTS.check(given={"moments": mean_and_variance()}, examples=30,
                     precision="exact rationals (the Fractions of the floats passed)",
                     tolerance="1e-13 relative on the Beta's mean and variance (75× float64 roundoff); outside the "
                               "moment condition the formula in rationals, 1e-15·(1 + |k|) absolute")
def fitted_beta_has_the_moments(subject, ev, moments):
    r"""For $v < m(1-m)$ the $\operatorname{Beta}(a, b)$ returned has mean $m$ and variance $v$ (exact rationals);
    for $v \geq m(1-m)$ it is the release's formula."""
    m_f, v_f = (float(x) for x in moments)
    m, v = Fraction(m_f), Fraction(v_f)
    a, b = subject(m_f, v_f)
    ev.show("(m, v) passed", [m_f, v_f])
    ev.show("(a, b) from method_of_moments", [a, b])
    ctx = f"m={m_f!r}, v={v_f!r}"
    if v < m * (1 - m):
        ev.that(a > 0 and b > 0, f"a Beta distribution needs a, b > 0, got ({a!r}, {b!r}) [{ctx}]",
                claimed=[a, b], observed="a, b > 0", labels=("(a, b)", "required"))
        A, B = Fraction(a), Fraction(b)
        mean, var = A / (A + B), A * B / ((A + B) ** 2 * (A + B + 1))
        ev.show("mean, variance of Beta(a, b)", [float(mean), float(var)])
        ev.close(float(mean), m_f, rtol=MOMENT_RTOL, what="mean of Beta(a, b)", context=ctx,
                 labels=("mean of the fitted Beta", "m"))
        ev.close(float(var), v_f, rtol=MOMENT_RTOL, what="variance of Beta(a, b)", context=ctx,
                 labels=("variance of the fitted Beta", "v"))
    else:
        k = m * (1 - m) / v - 1
        truth = [float(k * m), float(k * (1 - m))]
        ev.show("(a, b) in exact rationals", truth)
        ev.close(np.array([a, b]), np.array(truth), atol=1e-15 * (1 + abs(float(k))), what="(a, b)", context=ctx,
                 labels=("method_of_moments", "the formula in rationals"))


@C.LIB_PARAMETERS.check(given={"a": st.floats(-30.0, 30.0), "b": st.floats(-30.0, 30.0)}, examples=30,
                        precision="exact rationals",
                        tolerance="two roundings (a/3, then 1 +): 4.5e-16·(1 + |a|/3) absolute")
def matches_the_clamped_optimum(subject, ev, a, b):
    r"""bnpo_parameters equals $(\max(1, 1 + a/3), \max(1, 1 + b/3))$ computed in exact rationals."""
    got = subject(a, b)
    truth = [float(max(Fraction(1), 1 + Fraction(x) / 3)) for x in (a, b)]
    ev.show("(α, β) from bnpo_parameters", list(got))
    ev.show("(α, β) in exact rationals", truth)
    ev.close(np.array(got, dtype=float), np.array(truth), atol=4.5e-16 * (1 + max(abs(a), abs(b)) / 3),
             what="(α, β)", context=f"a={a!r}, b={b!r}", labels=("bnpo_parameters", "max(1, 1 + a/3) exactly"))


# GRPO: about ten roundings per advantage (scaling, mean, deviation, squares, sqrt, division) on values of
# size ≤ √G; 1e-12 relative to the batch's largest advantage is 400× that.
GRPO_RTOL = 1e-12


@st.composite
def grpo_batches(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    """1–4 prompts with 2–6 responses each, integer rewards 0–4 (some groups identical), shuffled."""
    ids: list[int] = []
    rewards: list[int] = []
    for q in range(draw(st.integers(1, 4))):
        g = draw(st.integers(2, 6))
        ids += [q] * g
        rewards += draw(st.one_of(st.lists(st.integers(0, 4), min_size=g, max_size=g),
                                  st.integers(0, 4).map(lambda x, g=g: [x] * g)))
    order = draw(st.permutations(range(len(ids))))
    return [ids[i] for i in order], [rewards[i] for i in order]


def exact_grpo(ids: list[int], rewards: list[float], ddof: int, eps: float) -> tuple[list[float], bool]:
    """(r − mean)/(std + eps) per group: mean and variance in exact rationals, the square root at 30 digits;
    and whether some group's rewards are all equal."""
    groups: dict[int, list[Fraction]] = {}
    for q, r in zip(ids, rewards):
        groups.setdefault(q, []).append(Fraction(r))
    stats: dict[int, tuple[Fraction, Any]] = {}
    with mpmath.workdps(30):
        for q, xs in groups.items():
            mean = sum(xs) / len(xs)
            var = sum((x - mean) ** 2 for x in xs) / (len(xs) - ddof)
            stats[q] = (mean, mpmath.sqrt(mpmath.mpf(var.numerator) / var.denominator) + mpmath.mpf(eps))
        out = []
        for q, r in zip(ids, rewards):
            mean, denom = stats[q]
            dev = Fraction(r) - mean
            out.append(0.0 if dev == 0 else float((mpmath.mpf(dev.numerator) / dev.denominator) / denom))
    return out, any(len(set(xs)) == 1 for xs in groups.values())


@C.LIB_GRPO.check(given={"batch": grpo_batches(), "std": st.sampled_from(["population", "bessel"]),
                         "eps": st.sampled_from([0.0, 1e-6, 0.25]), "scale": st.sampled_from([1.0, 1e200, 1e-200])},
                  # every mutant fails on the first batch; the thorough profile keeps its 600 (15 × 40)
                  examples=15, thorough_factor=40,
                  precision="exact rationals (mean, variance), mpmath 30 digits (square root)",
                  regressions=[{"batch": ([0, 0, 0, 1, 1, 1], [0, 4, 1, 2, 2, 2]), "std": "bessel", "eps": 1e-6,
                                "scale": 1e200}],
                  tolerance="1e-12 relative to the batch's largest advantage (400× float64 roundoff)")
def matches_exact_group_statistics(subject, ev, batch, std, eps, scale):
    r"""grpo_advantages equals $(R - \bar R_q)/(\mathrm{std}_q + \varepsilon)$ from exact group statistics, for
    rewards of size 1 and $10^{\pm 200}$; with $\varepsilon = 0$ a group of identical rewards raises."""
    ids, levels = batch
    rewards = [x * scale for x in levels]
    truth, identical = exact_grpo(ids, rewards, 1 if std == "bessel" else 0, eps)
    ctx = f"ids={ids}, rewards={levels}×{scale:g}, std={std}, eps={eps:g}"
    ev.show("rewards", rewards)
    try:
        got = subject(ids, rewards, std=std, eps=eps)
    except ValueError as exc:
        ev.that(identical and eps == 0.0, f"raised ValueError on a batch where the advantage is defined: {exc} "
                f"[{ctx}]")
        return
    ev.show("advantages from grpo_advantages", got)
    ev.show("advantages from exact group statistics", truth)
    ev.that(not (identical and eps == 0.0), f"a group of identical rewards with eps = 0 (0/0) returned {got} instead "
            f"of raising ValueError [{ctx}]")
    largest = max(abs(x) for x in truth)
    ev.close(np.asarray(got), np.array(truth), rtol=GRPO_RTOL, atol=GRPO_RTOL * largest, what="GRPO advantages",
             context=ctx, labels=("grpo_advantages", "exact group statistics"))


# The corrected fit: with v_c ≥ (v + correction)/100 (assumed), v_c carries ≤ 100·10 eps relative error and
# k + 1 = m(1 − m)/v_c the same, so |Δa| ≤ 3e-13·m(k + 1); 1e-11·m(k + 1) leaves 30× headroom.
CORRECTED_FIT_TOL = 1e-11


@C.LIB_CORRECTED.check(given={"G": st.integers(2, 8), "successes": st.lists(st.integers(0, 64), min_size=2,
                                                                              max_size=8)},
                       examples=30, precision="exact rationals (the Fractions of the floats passed)",
                       regressions=[{"G": 4, "successes": [0, 1, 2, 2, 3, 4]}],
                       tolerance=r"$10^{-11}\,m(k + 1)$ absolute on $a$ (likewise $b$), on cases with "
                                 r"$v_c \geq (v + \text{correction})/100$; $v_c \leq 0$ must raise ValueError")
def matches_exact_small_samples(subject, ev, G, successes):
    r"""corrected_moments_fit on $n \leq 8$ prompts equals the method of moments with
    $v_c = v - \overline{\hat p(1-\hat p)}/(G-1)$ in exact rationals, $v$ the unbiased variance; $v_c \leq 0$
    raises ValueError."""
    p_hat = [(k % (G + 1)) / G for k in successes]
    exact = [Fraction(x) for x in p_hat]
    n = len(exact)
    m = sum(exact) / n
    v = sum((x - m) ** 2 for x in exact) / (n - 1)
    correction = sum(x * (1 - x) for x in exact) / n / (G - 1)
    v_c = v - correction
    ctx = f"p̂={[f'{k % (G + 1)}/{G}' for k in successes]}, G={G}"
    ev.show("p_hat", p_hat)
    ev.show("m, v, correction, v_c (exact)", [float(m), float(v), float(correction), float(v_c)])
    if v_c <= 0:
        try:
            got = subject(p_hat, G)
        except ValueError:
            return
        ev.that(False, f"v_c = {float(v_c):.4g} ≤ 0 (no Beta fits) but the fit returned {got} [{ctx}]",
                claimed=list(got), observed="ValueError", labels=("corrected_moments_fit", "required"))
    ev.assume(v_c >= (v + correction) / 100)
    k = m * (1 - m) / v_c - 1
    truth = [float(k * m), float(k * (1 - m))]
    try:
        got = subject(p_hat, G)
    except ValueError as exc:
        ev.that(False, f"raised ValueError where v_c = {float(v_c):.4g} > 0: {exc} [{ctx}]")
        return
    ev.show("(a, b) from corrected_moments_fit", list(got))
    ev.show("(a, b) in exact rationals", truth)
    scale = CORRECTED_FIT_TOL * float(k + 1)
    ev.close(got[0], truth[0], atol=scale * float(m) + 1e-15, what="a", context=ctx,
             labels=("corrected_moments_fit", "exact rationals"))
    ev.close(got[1], truth[1], atol=scale * float(1 - m) + 1e-15, what="b", context=ctx,
             labels=("corrected_moments_fit", "exact rationals"))
