"""I6: the ridge (posterior-mean) predictor against the best one-step predictor, on simulated prompts."""

from __future__ import annotations

import functools

import numpy as np

from claimkit.stats import normal_tail

from ...theorems.icl_one_step_gd.claims import RIDGE

N_CTX, D, S2 = 10, 3, 0.25
ETA = N_CTX / (N_CTX + D + 1 + S2)
PROMPTS = 1_000
SEED = 7
Z = 6.0


@functools.lru_cache(maxsize=4)
def _prompts(seed: int):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((PROMPTS, D))
    X = rng.standard_normal((PROMPTS, N_CTX, D))
    y = np.einsum("pik,pk->pi", X, w) + np.sqrt(S2) * rng.standard_normal((PROMPTS, N_CTX))
    xq = rng.standard_normal((PROMPTS, D))
    yq = np.einsum("pk,pk->p", xq, w) + np.sqrt(S2) * rng.standard_normal(PROMPTS)
    return X, y, xq, yq


@RIDGE.check(given=None,
             precision=f"float64 Monte Carlo, {PROMPTS} prompts, paired",
             tolerance=f"the mean paired loss difference exceeds {Z:g} standard errors (one-sided)",
             false_alarm_rate=normal_tail(Z, two_sided=False),
             power="ridge labelled as the LSA predictor: the difference is exactly 0")
def ridge_beats_one_step(subject, ev):
    r"""On the same simulated prompts at $(n, d, \sigma^2) = (10, 3, 1/4)$, the squared error of the one-step predictor
    at $\eta^*$ minus that of ridge has a mean larger than $6$ standard errors."""
    X, y, xq, yq = _prompts(SEED)
    one = np.array([subject["one_step"](X[p], y[p], xq[p], ETA, np.eye(D), S2) for p in range(PROMPTS)])
    ridge = np.array([subject["ridge"](X[p], y[p], xq[p], np.eye(D), S2) for p in range(PROMPTS)])
    diff = (one - yq) ** 2 - (ridge - yq) ** 2
    mean, se = float(diff.mean()), float(diff.std(ddof=1) / np.sqrt(PROMPTS))
    ev.metric("one_step_risk", float(np.mean((one - yq) ** 2)))
    ev.metric("ridge_risk", float(np.mean((ridge - yq) ** 2)))
    ev.metric("gap", mean)
    ev.metric("standard error of the gap", se)
    ev.lt(Z * se, mean, what="risk gap one step − ridge", labels=(f"{Z:g} standard errors", "mean gap"))
