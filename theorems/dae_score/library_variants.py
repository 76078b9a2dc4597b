"""Plausible bugs in the library, the mutants of dae_score.library_scale_free."""

from __future__ import annotations

import numpy as np


def score_sigma_squared(reconstruction, x, sigma):
    """(r − x)/σ² with σ² formed."""
    return (np.asarray(reconstruction, dtype=float) - np.asarray(x, dtype=float)) / (sigma * sigma)


def empirical_without_shift(x, samples, sigma):
    """Nadaraya–Watson weights exp(−u²/2) with no max shift."""
    xs, data = np.asarray(x, dtype=float), np.asarray(samples, dtype=float)
    with np.errstate(all="ignore"):
        w = np.exp(-0.5 * ((xs[..., None] - data) / sigma) ** 2)
        return np.sum(w * data, axis=-1) / np.sum(w, axis=-1)


def minimiser_variance_formed(x, sigma, means, sds, weights):
    """Component widths through s² + σ² (overflows for scales near 1e155)."""
    xs, mu, sd, w = (np.asarray(v, dtype=float) for v in (x, means, sds, weights))
    sigma = np.float64(sigma)
    with np.errstate(all="ignore"):
        t2 = sd**2 + sigma**2
        logit = np.log(w) - 0.5 * np.log(t2) - 0.5 * (xs[..., None] - mu) ** 2 / t2
        post = np.exp(logit - logit.max(axis=-1, keepdims=True))
        post /= post.sum(axis=-1, keepdims=True)
        return np.sum(post * (sd**2 * xs[..., None] + sigma**2 * mu) / t2, axis=-1)
