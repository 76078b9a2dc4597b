"""The Wishart moment, the optimal step and the minimal risk: quadrature and simulated risks."""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.icl_one_step_gd.claims import MIN_RISK, STEP, WISHART
from .ground_truth import _grid
from .strategies import covariance, seeds, symmetric

# Gauss–Hermite with 3 nodes per coordinate integrates polynomials of degree ≤ 5 in each coordinate exactly;
# E[x xᵀ A x xᵀ] has degree 4. Roundoff: ~3^d · 10 operations on entries ≤ (10·d)³ ≈ 3e4 → 1e-11 relative;
# 1e-10 relative (to the largest entry) leaves headroom; the dropped trace term is ≥ 1e-2 of it.
WISHART_TOL = 1e-10


def single_sample_moment(a: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """E[x xᵀ A x xᵀ] for x ~ N(0, Σ) by exact Gauss–Hermite quadrature."""
    v, wt = _grid(3, sigma.shape[0], None)
    x = v @ np.linalg.cholesky(sigma).T
    quad = np.einsum("ki,ij,kj->k", x, a, x)
    return (x * (wt * quad)[:, None]).T @ x


@WISHART.check(given={"seed": seeds, "d": st.integers(1, 4), "n": st.integers(1, 50)}, examples=15,
               precision="float64 Gauss–Hermite quadrature, exact for the degree",
               tolerance=f"{WISHART_TOL:g} relative to the largest entry: quadrature exact, roundoff ≈ 1e-11")
def matches_quadrature(subject, ev, seed, d, n):
    r"""$E[\hat S A\hat S] = \tfrac1n E[xx^\top Axx^\top] + \tfrac{n-1}n\Sigma A\Sigma$ (one sample and pairs of
    independent samples), the single-sample term by Gauss–Hermite quadrature."""
    sigma = covariance(seed, d)
    a = symmetric(seed + 1, d)
    ev.show("Σ", sigma)
    ev.show("A", a)
    truth = single_sample_moment(a, sigma) / n + (n - 1) / n * sigma @ a @ sigma
    scale = float(np.max(np.abs(truth)))
    ev.close(subject(a, sigma, n), truth, atol=WISHART_TOL * scale, what="E[Ŝ A Ŝ]",
             labels=("the formula gives", "quadrature gives"), context=f"d={d}, n={n}")


# -- simulated risks at (n, d, σ²) = (10, 3, 1/4) -------------------------------------------------------------------

N_SIM, D_SIM, S2_SIM = 10, 3, 0.25
PROMPTS, PROMPTS_THOROUGH = 20_000, 200_000
SIM_SEED = 20230707
Z = 6.0


@functools.lru_cache(maxsize=8)
def simulated_prompts(seed: int, prompts: int = PROMPTS) -> tuple[np.ndarray, np.ndarray]:
    """(x_qᵀ g, y_q) for ``prompts`` isotropic prompts (n = 10, d = 3, σ² = 1/4), drawn in chunks from the seed."""
    rng = np.random.default_rng(seed)
    out_s, out_y = [], []
    for start in range(0, prompts, 10_000):
        m = min(10_000, prompts - start)
        w = rng.standard_normal((m, D_SIM))
        X = rng.standard_normal((m, N_SIM, D_SIM))
        y = np.einsum("pik,pk->pi", X, w) + np.sqrt(S2_SIM) * rng.standard_normal((m, N_SIM))
        g = np.einsum("pi,pik->pk", y, X) / N_SIM
        xq = rng.standard_normal((m, D_SIM))
        out_s.append(np.einsum("pk,pk->p", xq, g))
        out_y.append(np.einsum("pk,pk->p", xq, w) + np.sqrt(S2_SIM) * rng.standard_normal(m))
    return np.concatenate(out_s), np.concatenate(out_y)


@STEP.check(given=None, precision=f"float64 Monte Carlo, {PROMPTS} prompts (thorough: {PROMPTS_THOROUGH})",
            tolerance=f"{Z:g} standard errors of the paired risk difference (one-sided)",
            false_alarm_rate=2 * normal_tail(Z, two_sided=False),
            power="the unit step and the noise-free step: their risk exceeds a 10 % smaller step by ≥ 20 "
                  "standard errors")
def no_nearby_step_beats_it(subject, ev):
    r"""On the same simulated prompts ($n = 10$, $d = 3$, $\sigma^2 = 1/4$), the steps $0.9\eta$ and $1.1\eta$ do not
    have a significantly smaller empirical risk than $\eta$ (paired differences)."""
    eta = float(subject(n=N_SIM, d=D_SIM, sigma2=S2_SIM))
    s, y = simulated_prompts(SIM_SEED, PROMPTS_THOROUGH if ev.profile == "thorough" else PROMPTS)
    base = (eta * s - y) ** 2
    for factor in (0.9, 1.1):
        diff = (factor * eta * s - y) ** 2 - base
        mean, se = float(diff.mean()), float(diff.std(ddof=1) / np.sqrt(diff.size))
        ev.metric(f"risk change at {factor}η", mean)
        ev.metric(f"its standard error at {factor}η", se)
        ev.le(-mean, Z * se, what=f"risk decrease from η to {factor}η",
              labels=(f"risk(η) − risk({factor}η)", f"{Z:g} standard errors"), context=f"η={eta:.6g}")


@MIN_RISK.check(given=None, precision=f"float64 Monte Carlo, {PROMPTS} prompts (thorough: {PROMPTS_THOROUGH})",
                tolerance=f"{Z:g} standard errors (two-sided)", false_alarm_rate=normal_tail(Z),
                power="the minimal risk with the noise-free step: off by ≥ 10 standard errors")
def matches_simulated_risk(subject, ev):
    r"""The simulated risk of $x_q^\top\eta^* g$ at $(10, 3, 1/4)$ with the exact $\eta^* = 40/57$ lies within
    6 standard errors of the formula."""
    s, y = simulated_prompts(SIM_SEED, PROMPTS_THOROUGH if ev.profile == "thorough" else PROMPTS)
    err = (40 / 57 * s - y) ** 2
    mean, se = float(err.mean()), float(err.std(ddof=1) / np.sqrt(err.size))
    claimed = float(subject(n=N_SIM, d=D_SIM, sigma2=S2_SIM))
    ev.metric("simulated risk", mean)
    ev.metric("standard error", se)
    ev.le(abs(claimed - mean), Z * se, what="|formula − simulated risk|",
          labels=("|formula − simulated risk|", f"{Z:g} standard errors"))

