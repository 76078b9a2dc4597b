"""Plausible bugs in the NPO library: the mutants of the library conformance claims.

Each takes the same arguments as the library function it replaces and computes a wrong value (never an
exception: a mutant must be wrong, not broken).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from .library import IGNORE_INDEX, sequence_log_probs


def _plain_log_softmax(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def log_probs_without_shift(logits, labels, *, ignore_index=IGNORE_INDEX):
    """Logits at position t scored against the label at t (the causal shift forgotten)."""
    z, y = np.asarray(logits, float), np.asarray(labels)
    m = z.max(axis=-1, keepdims=True)
    logp = z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    counted = y != ignore_index
    picked = np.take_along_axis(logp, np.where(counted, y, 0)[..., None], axis=-1)[..., 0]
    return np.where(counted, picked, 0.0).sum(axis=-1)


def log_probs_mask_ignored(logits, labels, *, ignore_index=IGNORE_INDEX):
    """Ignored positions scored as token 0."""
    y = np.where(np.asarray(labels) == ignore_index, 0, labels)
    return sequence_log_probs(logits, y, ignore_index=ignore_index)


def log_probs_token_mean(logits, labels, *, ignore_index=IGNORE_INDEX):
    """The mean over the answer's tokens instead of the sum (a per-token normalisation)."""
    counted = (np.asarray(labels)[:, 1:] != ignore_index).sum(axis=-1)
    return sequence_log_probs(logits, labels, ignore_index=ignore_index) / np.maximum(counted, 1)


def log_probs_without_max_shift(logits, labels, *, ignore_index=IGNORE_INDEX):
    """log softmax as z − log Σ e^z, without subtracting the row maximum (overflows for logits above ~709)."""
    z, y = np.asarray(logits, float)[:, :-1], np.asarray(labels)[:, 1:]
    logp = _plain_log_softmax(z)
    counted = y != ignore_index
    picked = np.take_along_axis(logp, np.where(counted, y, 0)[..., None], axis=-1)[..., 0]
    return np.where(counted, picked, 0.0).sum(axis=-1)


def _u(lp, lr):
    return np.asarray(lp, float) - np.asarray(lr, float)


def loss_naive_softplus(logp_theta, logp_ref, beta):
    """(2/β) mean log1p(e^{βu}): overflows to inf once βu > 709."""
    with np.errstate(over="ignore"):
        return float(np.mean(2 / beta * np.log1p(np.exp(beta * _u(logp_theta, logp_ref)))))


def loss_log_not_log1p(logp_theta, logp_ref, beta):
    """log(1 + e^{−β|u|}) instead of log1p: the tail is lost once β|u| > 37."""
    u = _u(logp_theta, logp_ref)
    with np.errstate(over="ignore", under="ignore"):
        return float(np.mean(2 * np.maximum(u, 0) + 2 / beta * np.log(1 + np.exp(-beta * np.abs(u)))))


def loss_sum_not_mean(logp_theta, logp_ref, beta):
    """A sum over the sequences instead of the mean."""
    from .library import npo_loss

    return npo_loss(logp_theta, logp_ref, beta) * len(np.atleast_1d(logp_theta))


def loss_one_over_beta(logp_theta, logp_ref, beta):
    """The factor 1/β instead of 2/β."""
    from .library import npo_loss

    return npo_loss(logp_theta, logp_ref, beta) / 2


def weights_naive_ratio(logp_theta, logp_ref, beta):
    """2e^{βl}/(e^{βl} + e^{βr}) as written: 0/0 once both exponentials underflow."""
    with np.errstate(under="ignore", invalid="ignore", over="ignore"):
        a, b = np.exp(beta * np.asarray(logp_theta, float)), np.exp(beta * np.asarray(logp_ref, float))
        return 2 * a / (a + b)


def weights_ref_in_numerator(logp_theta, logp_ref, beta):
    """2π_ref^β/(π_θ^β + π_ref^β)."""
    return 2 * expit(beta * _u(logp_ref, logp_theta))


def weights_without_two(logp_theta, logp_ref, beta):
    """σ(βu), the factor 2 lost."""
    return expit(beta * _u(logp_theta, logp_ref))
