"""R7's protocol: synthetic Bradley–Terry–Luce pairs for a log-linear policy, label flips, and the rDPO and DPO fits
(a damped Newton solver with a ridge of 1e-4: the objective is convex with the curvature of logistic regression).

d = 5, θ* = 2·𝟏/√5, x ~ N(0, I), P(first ≻ second) = σ(θ*ᵀx), each label flipped with probability ε; the observed
feature difference is z = ±x, and h_θ = θᵀz (β = 1).
"""

from __future__ import annotations

import functools

import numpy as np

DIM = 5
THETA_STAR = np.full(DIM, 2 / np.sqrt(DIM))
RIDGE = 1e-4


def pairs(seed: int, n: int, eps: float) -> np.ndarray:
    """The observed differences z_i (rows) of n pairs with labels flipped at rate eps."""
    rng = np.random.default_rng([seed, n, int(round(eps * 1000))])
    x = rng.standard_normal((n, DIM))
    y = np.where(rng.random(n) < 1 / (1 + np.exp(-x @ THETA_STAR)), 1.0, -1.0)
    y = np.where(rng.random(n) < eps, -y, y)
    return x * y[:, None]


def fit(z: np.ndarray, correction: float) -> np.ndarray:
    """argmin (1/n)Σ[softplus(−θᵀz_i)] − correction·z̄ᵀθ + RIDGE‖θ‖² by damped Newton steps.

    correction = ε/(1 − 2ε) gives rDPO (its loss is softplus(−h) − εh/(1 − 2ε)), 0 gives DPO."""
    n, d = z.shape
    zbar = z.mean(axis=0)
    theta = np.zeros(d)

    def value(t):
        return np.mean(np.logaddexp(0.0, -(z @ t))) - correction * zbar @ t + RIDGE * t @ t

    current = value(theta)
    for _ in range(60):
        s = z @ theta
        w = np.exp(-np.logaddexp(0.0, s))  # σ(−s)
        grad = -(z.T @ w) / n - correction * zbar + 2 * RIDGE * theta
        hess = (z.T * (w * (1 - w))) @ z / n + 2 * RIDGE * np.eye(d)
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while t > 1e-8:
            cand = theta - t * step
            cv = value(cand)
            if cv <= current:
                break
            t /= 2
        theta, previous, current = cand, current, cv
        if np.max(np.abs(grad)) < 1e-10 or previous - current < 1e-15:
            break
    return theta


#: the linear correction of each method's loss, softplus(−h) − correction·h: rDPO ε/(1 − 2ε), DPO 0, cDPO −ε
CORRECTIONS = {"rdpo": lambda eps: eps / (1 - 2 * eps), "dpo": lambda eps: 0.0, "cdpo": lambda eps: -eps}


@functools.lru_cache(maxsize=16)
def errors(method: str, eps: float, sizes: tuple[int, ...], seeds: tuple[int, ...]) -> tuple[float, ...]:
    """Median ‖θ̂ − θ*‖ over the seeds at each n, for one method fitted to labels flipped at rate eps."""
    corr = CORRECTIONS[method](eps)
    return tuple(float(np.median([np.linalg.norm(fit(pairs(seed, n, eps), corr) - THETA_STAR) for seed in seeds]))
                 for n in sizes)


def slope(sizes, values) -> float:
    """Least-squares slope of log(value) against log(n)."""
    return float(np.polyfit(np.log(sizes), np.log(values), 1)[0])
