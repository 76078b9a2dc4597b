"""Checks of H1–H4: Hutchinson's mean and variance, the release's |Hv|, and the RMS average.

Ground truths: exact expectations over all 2ᵈ Rademacher vectors in integer arithmetic; exact laws of sums by
convolution; Gauss–Hermite and Gauss–Legendre tensor quadrature (exact for the polynomials involved); Monte Carlo with
stated false-alarm rates; the released EMA run as a recursive filter.
"""

from __future__ import annotations

import functools
from collections import Counter
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.adahessian_hutchinson import claims_estimator as E
from ...theorems.adahessian_hutchinson.formulas import rademacher_vectors, release_state, released_step
from .strategies import integer_symmetric, real_symmetric, seeds, t_tail


def _int_matrix(seed_d):
    seed, d = seed_d
    return integer_symmetric(np.random.default_rng(seed), d)


def _dominant_matrix(seed_d):
    """Integer symmetric, with a diagonal drawn wide enough that about half the rows are dominant."""
    seed, d = seed_d
    rng = np.random.default_rng(seed)
    H = integer_symmetric(rng, d, 3)
    np.fill_diagonal(H, rng.integers(-3 * d, 3 * d + 1, size=d))
    return H


int_matrices = st.tuples(seeds, st.integers(1, 8)).map(_int_matrix)
small_int_matrices = st.tuples(seeds, st.integers(1, 3)).map(_int_matrix)
dominant_matrices = st.tuples(seeds, st.integers(2, 7)).map(_dominant_matrix)

# -- H1 -----------------------------------------------------------------------------------------------------------


@E.UNBIASED.check(given={"H": int_matrices}, examples=5, precision="exact integers (all 2ᵈ Rademacher vectors)",
                  tolerance="none: exact")
def rademacher_exact_enumeration(subject, ev, H):
    r"""The sum of the samples over all $2^d$ sign vectors equals $2^d\operatorname{diag}(H)$ exactly (integer $H$,
    $d \le 8$)."""
    V = rademacher_vectors(len(H))
    total = subject(H, V).sum(axis=0)
    ev.show("H", H)
    ev.close(total, len(V) * np.diag(H), what="sum of the samples over all sign vectors",
             labels=("Σ samples", "2ᵈ diag(H)"))


def _hermite_grid(d: int) -> tuple[np.ndarray, np.ndarray]:
    """Tensor Gauss–Hermite (probabilists') nodes and weights, 3 per variable: 0, ±√3 with weights 2/3, 1/6."""
    nodes, weights = np.array([0.0, 3**0.5, -(3**0.5)]), np.array([2 / 3, 1 / 6, 1 / 6])
    idx = np.array(np.meshgrid(*[np.arange(3)] * d, indexing="ij")).reshape(d, -1).T
    return nodes[idx], np.prod(weights[idx], axis=1)


#: The quadrature is exact for these polynomials; the float sum of 3ᵈ ≤ 81 terms of size ≤ 3‖H‖ rounds within
#: ~100 ε‖H‖; 1e-12‖H‖ leaves ×40 headroom.
QUAD_RTOL = 1e-12


@E.UNBIASED.check(given={"seed": seeds, "d": st.integers(1, 4)}, examples=4,
                  precision="Gauss–Hermite tensor quadrature, 3 nodes per variable (exact for degree ≤ 5)",
                  tolerance=f"{QUAD_RTOL:g} × max|H_ij| (QUAD_RTOL)")
def gaussian_quadrature(subject, ev, seed, d):
    r"""For standard Gaussian $z$, $\mathbb{E}[z \odot Hz]$ by exact quadrature equals $\operatorname{diag}(H)$."""
    H = real_symmetric(np.random.default_rng(seed), d)
    Z, w = _hermite_grid(d)
    mean = w @ subject(H, Z)
    ev.show("H", H)
    ev.close(mean, np.diag(H), atol=QUAD_RTOL * float(np.max(np.abs(H))), what="Gaussian mean of the sample",
             labels=("quadrature E[z ⊙ Hz]", "diag(H)"))


MC_SAMPLES, MC_Z = 20000, 6.0


@E.UNBIASED.check(given={"seed": seeds, "d": st.integers(2, 4)}, examples=2, min_valid=1,
                  precision=f"Monte Carlo, {MC_SAMPLES} Gaussian probes; z-test per coordinate",
                  tolerance=f"{MC_Z:g} standard errors (sample standard deviation)",
                  false_alarm_rate=4 * normal_tail(MC_Z),
                  power=r"against without_probe_product: 1 − P(|Z| > 6) at least, as each example requires some "
                        r"$|H_{ii}|$ above 12 standard errors")
def gaussian_monte_carlo(subject, ev, seed, d):
    r"""The mean of $20000$ Gaussian samples $z \odot Hz$ is within 6 standard errors of $\operatorname{diag}(H)$ in
    every coordinate."""
    rng = np.random.default_rng(seed)
    H = real_symmetric(rng, d)
    samples = subject(H, rng.normal(size=(MC_SAMPLES, d)))
    se = samples.std(axis=0, ddof=1) / MC_SAMPLES**0.5
    ev.assume(bool(np.max(np.abs(np.diag(H)) / np.maximum(se, 1e-300)) > 12))
    z = np.abs(samples.mean(axis=0) - np.diag(H)) / se
    ev.show("H", H)
    ev.show("sample mean, standard error", [samples.mean(axis=0), se])
    ev.le(float(np.max(z)), MC_Z, what="largest z-score", labels=("max_i |mean − H_ii|/se", "6"))


# -- H2 -----------------------------------------------------------------------------------------------------------

#: Exact discrete laws with mean 0, variance 1: values and probabilities; κ = E z⁴.
LAWS = {
    "rademacher": ((-1, 1), (Fraction(1, 2), Fraction(1, 2))),
    "three_point": ((-2, 0, 2), (Fraction(1, 8), Fraction(3, 4), Fraction(1, 8))),
    "skewed": ((2, Fraction(-1, 2)), (Fraction(1, 5), Fraction(4, 5))),
}


def _exact_variance(H: np.ndarray, law: str) -> list[Fraction]:
    """Var(z_i(Hz)_i) per coordinate by enumerating every outcome of the law on d coordinates, in Fractions."""
    values, probs = LAWS[law]
    d = len(H)
    m1 = [Fraction(0)] * d
    m2 = [Fraction(0)] * d
    rows = [[Fraction(int(x)) for x in row] for row in H]
    for idx in np.ndindex(*([len(values)] * d)):
        z = [Fraction(values[k]) for k in idx]
        p = Fraction(1)
        for k in idx:
            p *= probs[k]
        for i in range(d):
            x = z[i] * sum(rows[i][j] * z[j] for j in range(d))
            m1[i] += p * x
            m2[i] += p * x * x
    return [m2[i] - m1[i] ** 2 for i in range(d)]


def _kappa(law: str) -> Fraction:
    values, probs = LAWS[law]
    return sum(p * Fraction(v) ** 4 for v, p in zip(values, probs))


@E.VARIANCE_GENERAL.check(given={"H": small_int_matrices, "law": st.sampled_from(sorted(LAWS))}, examples=5,
                          precision="exact rationals (every outcome of the law)",
                          tolerance="relative 1e-13 on the float formula (a few roundings of a sum of ≤ 4 squares)")
def discrete_laws_exact(subject, ev, H, law):
    r"""For Rademacher, the three-point law on $\{-2, 0, 2\}$ ($\kappa = 4$) and the skewed law on $\{2,
    -\frac{1}{2}\}$ ($\kappa = \frac{13}{4}$, $\mathbb{E}z^3 = \frac{3}{2}$), the exact variance equals the formula, and
    is at least the Rademacher variance."""
    exact = _exact_variance(H, law)
    kappa = _kappa(law)
    claimed = subject(H, fourth_moment=float(kappa))
    ev.show("H", H)
    ev.show("law, κ, exact variances", [law, str(kappa), [str(v) for v in exact]])
    ev.close(claimed, np.array([float(v) for v in exact]), rtol=1e-13, atol=1e-300, what="variance per coordinate",
             labels=("formula", "exact enumeration"))
    rademacher = _exact_variance(H, "rademacher")
    ev.that(all(a >= b for a, b in zip(exact, rademacher)), "a law beats Rademacher", claimed=[str(v) for v in exact],
            observed=[str(v) for v in rademacher], labels=(f"{law} variance", "Rademacher variance"))


def _legendre_grid(d: int) -> tuple[np.ndarray, np.ndarray]:
    """Tensor Gauss–Legendre nodes for the uniform law on [−√3, √3] (unit variance), 3 per variable: 0, ±3/√5 with
    probabilities 4/9, 5/18."""
    nodes, weights = np.array([0.0, 3 / 5**0.5, -3 / 5**0.5]), np.array([4 / 9, 5 / 18, 5 / 18])
    idx = np.array(np.meshgrid(*[np.arange(3)] * d, indexing="ij")).reshape(d, -1).T
    return nodes[idx], np.prod(weights[idx], axis=1)


@E.VARIANCE_GENERAL.check(given={"seed": seeds, "d": st.integers(1, 4), "law": st.sampled_from(["gaussian",
                                                                                               "uniform"])},
                          examples=4,
                          precision="Gauss–Hermite / Gauss–Legendre tensor quadrature, exact for degree ≤ 5",
                          tolerance=f"{QUAD_RTOL:g} × max|H_ij|² (QUAD_RTOL)")
def continuous_laws_quadrature(subject, ev, seed, d, law):
    r"""For Gaussian ($\kappa = 3$) and uniform ($\kappa = \frac{9}{5}$) $z$, the variance by exact quadrature equals
    the formula."""
    H = real_symmetric(np.random.default_rng(seed), d)
    Z, w = _hermite_grid(d) if law == "gaussian" else _legendre_grid(d)
    X = Z * (Z @ H.T)
    var = w @ (X * X) - (w @ X) ** 2
    ev.show("H", H)
    ev.close(subject(H, fourth_moment=3.0 if law == "gaussian" else 1.8), var,
             atol=QUAD_RTOL * float(np.max(np.abs(H))) ** 2, what=f"{law} variance",
             labels=("formula", "quadrature"))


BATCHES, PER_BATCH, T_MAX = 100, 400, 8.0


@E.VARIANCE_GENERAL.check(given={"seed": seeds, "d": st.integers(2, 4)}, examples=2, min_valid=1,
                          precision=f"Monte Carlo: {BATCHES} batches of {PER_BATCH} Gaussian probes; t-test on the "
                                    "batch variances",
                          tolerance=f"{T_MAX:g} standard errors of the mean batch variance",
                          false_alarm_rate=4 * t_tail(T_MAX, BATCHES - 1),
                          power=r"against same_variance: each example requires some $2H_{ii}^2$ above 16 standard "
                                r"errors, so the mutant's $t$ exceeds 8 with probability above $1 - 10^{-9}$")
def gaussian_monte_carlo_variance(subject, ev, seed, d):
    r"""The mean over 100 batches of the sample variance of $z_i(Hz)_i$ (Gaussian $z$) agrees with the formula at
    $\kappa = 3$ within 8 standard errors."""
    rng = np.random.default_rng(seed)
    H = real_symmetric(rng, d)
    Z = rng.normal(size=(BATCHES, PER_BATCH, d))
    X = Z * (Z @ H.T)
    batch_var = X.var(axis=1, ddof=1)
    mean, se = batch_var.mean(axis=0), batch_var.std(axis=0, ddof=1) / BATCHES**0.5
    ev.assume(bool(np.max(2 * np.diag(H) ** 2 / se) > 16))
    claimed = subject(H, fourth_moment=3.0)
    ev.show("H", H)
    ev.show("mean batch variance, standard error", [mean, se])
    ev.le(float(np.max(np.abs(claimed - mean) / se)), T_MAX, what="largest t", labels=("max_i |formula − mean|/se",
                                                                                        "8"))


# -- H3 -----------------------------------------------------------------------------------------------------------


@E.ABS_HV_UNBIASED.check(given={"H": st.tuples(seeds, st.integers(2, 8)).map(_int_matrix)}, examples=3,
                         regressions=[{"H": np.array([[1, 2], [2, 1]])}],
                         precision="exact integers (all 2ᵈ Rademacher vectors)", tolerance="none: exact",
                         confirm="exact")
def exact_expectation(subject, ev, H):
    r"""$\sum_v |Hv|$ over all $2^d$ sign vectors equals $2^d|\operatorname{diag}(H)|$."""
    V = rademacher_vectors(len(H))
    total = subject(H, V).sum(axis=0)
    ev.show("H", H)
    ev.show("E|(Hv)_i| (exact)", [str(Fraction(int(s), len(V))) for s in total])
    ev.close(total, len(V) * np.abs(np.diag(H)), what="sum of |Hv| over all sign vectors",
             labels=("Σ |Hv|", "2ᵈ |diag(H)|"))


EQUAL_ROWS = np.array([[2, 1, 1], [1, 2, 1], [1, 1, 2]])          # every row exactly dominant: E|(Hv)_i| = 2
WIDE_ROW = np.array([[2, 2, 2], [2, 9, 2], [2, 2, 9]])            # row 1 fails dominance, passes entrywise
CANCELLING_ROW = np.array([[1, 1, -1], [1, 5, 0], [-1, 0, 5]])    # row 1: the signed sum cancels


@E.ABS_HV_DOMINANCE.check(given={"H": dominant_matrices}, examples=5,
                          regressions=[{"H": EQUAL_ROWS}, {"H": WIDE_ROW}, {"H": CANCELLING_ROW}],
                          precision="exact integers (all 2ᵈ Rademacher vectors)", tolerance="none: exact")
def enumeration_matches_condition(subject, ev, H):
    r"""By exact enumeration, $\mathbb{E}|(Hv)_i| \ge |H_{ii}|$ in every row, with equality exactly in the rows the
    predicate marks."""
    V = rademacher_vectors(len(H))
    total = np.abs(V @ H.T).sum(axis=0)
    equal = total == len(V) * np.abs(np.diag(H))
    ev.show("H", H)
    ev.show("E|(Hv)_i| (exact)", [str(Fraction(int(s), len(V))) for s in total])
    ev.that(bool(np.all(total >= len(V) * np.abs(np.diag(H)))), "E|(Hv)_i| < |H_ii|", claimed=total.tolist(),
            observed=(len(V) * np.abs(np.diag(H))).tolist(), labels=("2ᵈ E|(Hv)_i|", "2ᵈ |H_ii|"))
    ev.that(bool(np.array_equal(np.asarray(subject(H), dtype=bool), equal)), "the predicate marks other rows",
            claimed=np.asarray(subject(H), dtype=bool).tolist(), observed=equal.tolist(),
            labels=("predicate", "E|(Hv)_i| = |H_ii| (exact)"))


def _law_of_sum(weights) -> Counter:
    """The exact law of Σ_j w_j ε_j (ε_j = ±1): counts over the 2^n sign vectors, by convolution."""
    law = Counter({0: 1})
    for w in weights:
        nxt = Counter()
        for s, c in law.items():
            nxt[s + w] += c
            nxt[s - w] += c
        law = nxt
    return law


@E.ABS_HV_DOMINANCE.check(given={"H": st.tuples(seeds, st.integers(2, 14)).map(_dominant_matrix)}, examples=5,
                          regressions=[{"H": EQUAL_ROWS}, {"H": CANCELLING_ROW}],
                          precision="exact integers: the law of the off-diagonal sum S by convolution",
                          tolerance="none: exact")
def convolution_law(subject, ev, H):
    r"""From the exact law of $S = \sum_{j \ne i} H_{ij}\varepsilon_j$ (convolution, $d \le 14$):
    $\mathbb{E}|H_{ii} + S| = |H_{ii}|$ exactly in the rows the predicate marks and only there."""
    equal = []
    for i in range(len(H)):
        law = _law_of_sum([int(H[i, j]) for j in range(len(H)) if j != i])
        n = sum(law.values())
        mean = Fraction(sum(c * abs(int(H[i, i]) + s) for s, c in law.items()), n)
        equal.append(mean == abs(int(H[i, i])))
    ev.show("H", H)
    ev.that(bool(np.array_equal(np.asarray(subject(H), dtype=bool), np.array(equal))),
            "the predicate marks other rows", claimed=np.asarray(subject(H), dtype=bool).tolist(), observed=equal,
            labels=("predicate", "E|H_ii + S| = |H_ii| (convolution)"))


# -- H4 -----------------------------------------------------------------------------------------------------------


@E.RMS_LIMIT_DIAGONAL.check(given={"H": st.tuples(seeds, st.integers(1, 8)).map(_int_matrix)}, examples=3,
                            regressions=[{"H": np.array([[1, 1], [1, 1]])}],
                            precision="exact integers (all 2ᵈ Rademacher vectors)", tolerance="none: exact",
                            confirm="exact")
def second_moment_exact(subject, ev, H):
    r"""$\mathbb{E}D_i^2$, the limit of $\hat s_t$, equals the square of the claimed limit of $v_t$ (integer $H$,
    exact)."""
    V = rademacher_vectors(len(H))
    total = ((V @ H.T) ** 2).sum(axis=0)
    claimed = np.round(np.asarray(subject(H), dtype=float) ** 2 * len(V)).astype(np.int64)
    ev.show("H", H)
    ev.show("E D_i² (exact)", [str(Fraction(int(s), len(V))) for s in total])
    ev.close(claimed, total, what="2ᵈ × the squared limit", labels=("2ᵈ limit²", "Σ_v (Hv)_i²"))


@E.RMS_ROW_NORM.check(given={"H": st.tuples(seeds, st.integers(1, 8)).map(_int_matrix)}, examples=4,
                      precision="exact integers (all 2ᵈ Rademacher vectors)",
                      tolerance="relative 1e-14 (one rounding of a square root and a square)")
def row_norm_second_moment(subject, ev, H):
    r"""The square of the claimed limit equals $\mathbb{E}D_i^2$, computed exactly over all sign vectors."""
    V = rademacher_vectors(len(H))
    exact = ((V @ H.T) ** 2).sum(axis=0) / len(V)
    ev.show("H", H)
    ev.close(np.asarray(subject(H), dtype=float) ** 2, exact, rtol=1e-14, what="squared limit",
             labels=("limit²", "E D_i² (exact)"))


#: Matrices of the run: d = 3 and 4 with off-diagonal mass 0.2, 1 and 5 times the diagonal's.
EMA_BETA2 = 0.999


@functools.lru_cache(maxsize=2)
def _ema_runs(steps: int) -> tuple:
    """For each test matrix: (H, ŝ_T after ``steps`` released steps, exact E D², exact Var D²). The EMA
    s_t = β2 s_{t−1} + (1 − β2)D_t² from s_0 = 0 is evaluated as s_T = (1 − β2)Σ_t β2^{T−t} D_t² (a weighted sum);
    the first 50 steps are run through the port's released_step and must agree with the sum."""
    rng = np.random.default_rng(20060719)
    out = []
    weights = (1 - EMA_BETA2) * EMA_BETA2 ** np.arange(steps - 1, -1, -1.0)
    for d, ratio in ((3, 0.2), (3, 1.0), (4, 5.0), (4, 1.0)):
        off = rng.integers(-3, 4, size=(d, d))
        off = np.triu(off, 1) + np.triu(off, 1).T
        diag = np.maximum(1, np.round(np.abs(off).sum(axis=1) / ratio)).astype(np.int64)
        H = off + np.diag(diag * rng.choice([-1, 1], size=d))
        V = 2.0 * rng.integers(0, 2, size=(steps, d)) - 1
        D2 = (V @ H.T) ** 2
        state = release_state((d,))
        for k in range(50):
            _, state = released_step(np.zeros(d), np.zeros(d), np.sqrt(D2[k]), state, betas=(0.9, EMA_BETA2))
        early = (1 - EMA_BETA2) * (EMA_BETA2 ** np.arange(49, -1, -1.0)) @ D2[:50]
        if not np.allclose(state.s, early, rtol=1e-12):
            raise AssertionError("the weighted sum is not the released recursion")
        s_hat = (weights @ D2) / (1 - EMA_BETA2**steps)
        Vall = rademacher_vectors(d)
        exact = ((Vall @ H.T) ** 2).astype(float)
        out.append((H, s_hat, exact.mean(axis=0), exact.var(axis=0)))
    return tuple(out)


EMA_Z = 6.0


@E.RMS_ROW_NORM.check(precision="the released EMA over 2·10⁴ steps (2·10⁵ thorough), β2 = 0.999; exact moments",
                      tolerance=f"{EMA_Z:g} standard deviations of ŝ_T, from the exact Var(D²) and Σ w_s²",
                      false_alarm_rate=14 * normal_tail(EMA_Z),
                      power="against diagonal: in the matrices with off-diagonal mass at least the diagonal's, "
                            "|H_ii|² lies tens of standard deviations from E D²")
def release_ema_run(subject, ev):
    r"""On four fixed $H$ ($d = 3, 4$; off-diagonal mass from $0.2$ to $5$ times the diagonal), $\hat s_T$ of the
    released EMA is within 6 standard deviations of the squared claimed limit in every coordinate."""
    steps = 200_000 if ev.profile == "thorough" else 20_000
    sum_w2 = (1 - EMA_BETA2) * (1 + EMA_BETA2**steps) / ((1 + EMA_BETA2) * (1 - EMA_BETA2**steps))
    worst = 0.0
    rows = []
    for H, s_T, _, var in _ema_runs(steps):
        sd = np.sqrt(var * sum_w2)
        limit = np.asarray(subject(H), dtype=float)
        z = np.abs(s_T - limit**2) / np.where(sd > 0, sd, 1.0)
        z = np.where(sd > 0, z, np.where(np.abs(s_T - limit**2) <= 1e-9 * np.maximum(1, s_T), 0.0, np.inf))
        worst = max(worst, float(np.max(z)))
        rows.append({"d": len(H), "max_z": float(np.max(z)), "v_T": np.sqrt(s_T).round(4).tolist(),
                     "claimed": limit.round(4).tolist(), "|H_ii|": np.abs(np.diag(H)).tolist()})
        ev.show("H", H)
        ev.le(float(np.max(z)), EMA_Z, what="largest z of ŝ_T", labels=("max_i |ŝ_T − limit²|/sd", "6"))
    ev.metric("worst_z", worst)
    ev.table("runs", rows)
