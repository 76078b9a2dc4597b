"""P8: sample partial correlations of logistic-normal data converge to the population values at rate n^(−1/2).

The population value comes from the Schur complement of the log-ratio covariance A Σ Aᵀ (no pinv, no clr).
The log-ratios are Gaussian, so a sample partial correlation with D − 3 variables adjusted for is distributed
as a sample correlation of n − D + 3 observations: Fisher's atanh has standard error 1/√(n − D).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.compositional_pcor import claims as C
from .routes import call

# Fisher z-test on every pair: |atanh ρ̂ − atanh ρ| √(n − D) ≤ Z_MAX. At most 15 pairs (D ≤ 6), so one example
# fails by chance with probability ≤ 15 · P(|Z| > 6.5) ≈ 1.2e-9 (union bound; Fisher's normal approximation at
# n = 4000 is accurate far into the tail).
Z_MAX = 6.5
MAX_PAIRS = 15
N_SAMPLES = 4000


@functools.lru_cache(maxsize=64)
def population(seed: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """(M, ρ): the mixing matrix of L = Z M / 2 and the population partial correlations, each pair from the
    Schur complement of the covariance B Σ Bᵀ of its log-ratios l_k − l_r (r the first other part)."""
    m = np.random.default_rng(seed).normal(size=(d, d))
    sigma = 0.25 * m.T @ m
    eye = np.eye(d)
    rho = np.eye(d)
    for i in range(d):
        for j in range(i + 1, d):
            r = next(k for k in range(d) if k not in (i, j))
            order = [i, j, *(k for k in range(d) if k not in (i, j, r))]
            b = eye[order] - eye[r]
            s = b @ sigma @ b.T
            block = s[:2, :2]
            if len(order) > 2:
                block = block - s[:2, 2:] @ np.linalg.solve(s[2:, 2:], s[2:, :2])
            rho[i, j] = rho[j, i] = block[0, 1] / math.sqrt(block[0, 0] * block[1, 1])
    return m, rho


def sample(seed: int, m: np.ndarray, n: int) -> np.ndarray:
    logs = np.random.default_rng(seed).normal(size=(n, m.shape[0])) @ m * 0.5
    x = np.exp(logs - logs.max(axis=1, keepdims=True))
    return x / x.sum(axis=1, keepdims=True)


@C.CONVERGENCE.check(given={"model": st.integers(0, 2**32 - 1), "d": st.integers(3, 6),
                            "seed": st.integers(0, 2**32 - 1)},
                     examples=3, min_valid=2, thorough_factor=10,
                     precision=f"float64 Monte Carlo, n = {N_SAMPLES} samples per example",
                     tolerance=f"{Z_MAX:g} Fisher standard errors on every pair (two-sided)",
                     false_alarm_rate=MAX_PAIRS * normal_tail(Z_MAX),
                     power="the mutants raw_proportions, missing_minus and pearson_of_log_ratios (biased by O(0.1))")
def fisher_z_within_bounds(subject, ev, model, d, seed):
    r"""Every $\sqrt{n - D}\,|\operatorname{atanh}\hat\rho_{ij} - \operatorname{atanh}\rho_{ij}|$ at $n = 4000$ is
    within the z-test threshold."""
    m, rho = population(model, d)
    off = ~np.eye(d, dtype=bool)
    ev.assume(float(np.max(np.abs(rho[off]))) <= 0.99)
    est = call(ev, subject, sample(seed, m, N_SAMPLES))
    z = np.abs(np.arctanh(np.clip(est[off], -1 + 1e-15, 1 - 1e-15)) - np.arctanh(rho[off])) * math.sqrt(N_SAMPLES - d)
    ev.show("population ρ", np.round(rho, 6))
    ev.show("sample ρ", np.round(est, 6))
    ev.metric("largest Fisher z", float(z.max()))
    ev.le(float(z.max()), Z_MAX, what="largest Fisher z", labels=("largest |z| over the pairs", "threshold"))


# The deterministic rate study (fixed seeds): the RMSE over 10 pairs and REPLICATES replicates at each n, the
# slope of log RMSE on log n, and √(n − D)·RMSE over the delta-method prediction √mean((1 − ρ²)²). Each RMSE
# rests on 240 errors (24 independent replicates at least), a relative standard error ≤ 1/√48 ≈ 15 %: the
# ratio band [RATIO_LOW, RATIO_HIGH] is about ±2.5 of those; the slope's error is about 0.05, and SLOPE_BAND
# = 0.1 leaves ×2. A biased estimator flattens the slope towards 0 and its ratio grows like √n.
RATE_SIZES = (50, 200, 800, 3200)
THOROUGH_SIZES = (50, 200, 800, 3200, 12800)
REPLICATES = 24
SLOPE_BAND = 0.1
RATIO_LOW, RATIO_HIGH = 0.6, 1.5
RATE_MODEL, RATE_D = 11, 5


def rate_study(subject, sizes, replicates=REPLICATES, each=None):
    """(sizes, RMSE per size, slope of log RMSE on log n, √(n − D)·RMSE / predicted); ``each(n, ratio)`` is
    called after each size (a check asserts there, so a wrong subject stops early)."""
    m, rho = population(RATE_MODEL, RATE_D)
    off = ~np.eye(RATE_D, dtype=bool)
    predicted = math.sqrt(float(np.mean((1 - rho[off] ** 2) ** 2)))  # delta method: sd ≈ (1 − ρ²)/√(n − D)
    rmse, ratio = [], []
    for n in sizes:
        errs = [subject(sample(1000 * n + rep, m, n))[off] - rho[off] for rep in range(replicates)]
        rmse.append(float(np.sqrt(np.mean(np.square(errs)))))
        ratio.append(rmse[-1] * math.sqrt(n - RATE_D) / predicted)
        if each is not None:
            each(n, ratio[-1])
    slope = float(np.polyfit(np.log(sizes), np.log(rmse), 1)[0])
    return list(sizes), rmse, slope, ratio


@C.CONVERGENCE.check(precision="float64, fixed seeds (deterministic)",
                     tolerance=f"slope within {SLOPE_BAND:g} of −1/2 (SLOPE_BAND); √(n − D)·RMSE within "
                               f"[{RATIO_LOW:g}, {RATIO_HIGH:g}] of the delta-method prediction")
def rmse_slope_is_minus_one_half(subject, ev):
    r"""The RMSE of $\hat\rho$ over pairs and 24 replicates, at $n = 50 \ldots 3200$, falls as $n^{-1/2}$ (the slope
    of $\log$ RMSE on $\log n$), and $\sqrt{n - D}\,$RMSE matches the delta-method prediction at every $n$."""
    sizes = THOROUGH_SIZES if ev.profile == "thorough" else RATE_SIZES

    def each(n, ratio):
        ev.le(RATIO_LOW, ratio, what="ratio to the prediction (low)", context=f"n={n}",
              labels=("lower end of the band", "√(n − D)·RMSE / prediction"))
        ev.le(ratio, RATIO_HIGH, what="ratio to the prediction (high)", context=f"n={n}",
              labels=("√(n − D)·RMSE / prediction", "upper end of the band"))

    sizes, rmse, slope, ratio = rate_study(lambda x: call(ev, subject, x), sizes, each=each)
    ev.table("RMSE by sample size", [{"n": n, "RMSE": r, "√(n − D) RMSE / prediction": q}
                                     for n, r, q in zip(sizes, rmse, ratio)])
    ev.metric("slope of log RMSE on log n", slope)
    ev.close(slope, -0.5, atol=SLOPE_BAND, what="slope", labels=("fitted slope", "−1/2"))
    if ev.wants_figures:
        from claimkit.figures import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.2, 3.2))
        ax.loglog(sizes, rmse, "o-", label="RMSE of the sample ρ")
        ax.loglog(sizes, [rmse[0] * (sizes[0] / n) ** 0.5 for n in sizes], "--", label="n^(−1/2) from the first point")
        ax.set_xlabel("samples n")
        ax.set_ylabel("RMSE over pairs and replicates")
        ax.legend(fontsize=7)
        ev.figure("rate", fig, "RMSE of the sample partial correlations against n, with the n^(−1/2) line.")
