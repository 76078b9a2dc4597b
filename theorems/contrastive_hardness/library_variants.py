"""Plausible bugs in the library: the mutants of its conformance claims. Each computes a wrong value silently (a
mutant must be wrong, not broken), reusing the library's validation where the bug is elsewhere."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from . import library as L


class Library(NamedTuple):
    """The library's public names, as one subject."""

    contrastive_loss: Any
    contrastive_grad: Any
    hardness_weights: Any
    hardness_entropy: Any
    uniformity: Any
    tolerance: Any


LIBRARY = Library(L.contrastive_loss, L.contrastive_grad, L.hardness_weights, L.hardness_entropy, L.uniformity,
                  L.tolerance)


def _loss_by_difference(s_pos, s_neg, tau, *, include_positive=True):
    """log Σ e^{s/τ} − s_ii/τ over all terms: the difference of two numbers of size 1/τ loses a small loss."""
    L.contrastive_loss(s_pos, s_neg, tau, include_positive=include_positive)
    x = np.array([s_pos, *s_neg], dtype=float) / tau
    if not include_positive:
        x = x[1:]
    m = np.max(x)
    return float(m + np.log(np.sum(np.exp(x - m))) - s_pos / tau)


def _grad_positive_over_all(s_pos, s_neg, tau, *, include_positive=True):
    """The positive's gradient −1/τ (P_ii included), whatever include_positive says."""
    _, g = L.contrastive_grad(s_pos, s_neg, tau, include_positive=include_positive)
    return -1.0 / float(tau), g


def _weights_over_all(s_neg, tau):
    """The weights normalised with an extra e^{0} term (as if a positive at similarity 0 were included)."""
    x = np.asarray(s_neg, dtype=float) / tau
    m = max(float(np.max(x)), 0.0)
    w = np.exp(x - m)
    return w / (np.sum(w) + np.exp(-m))


def _entropy_in_bits(s_neg, tau):
    """The entropy in bits instead of nats."""
    return L.hardness_entropy(s_neg, tau) / np.log(2.0)


def _uniformity_t1(features):
    """t = 1 instead of t = 2 in e^{−t‖u − v‖²}."""
    u = np.asarray(features, dtype=float)
    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    i, j = np.triu_indices(u.shape[0], k=1)
    sq = np.sum((u[i] - u[j]) ** 2, axis=1)
    return float(np.log(np.mean(np.exp(-sq))))


def _uniformity_with_self_pairs(features):
    """The mean over all n² ordered pairs, the n self-pairs (distance 0) included."""
    u = np.asarray(features, dtype=float)
    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    sq = np.sum((u[:, None, :] - u[None, :, :]) ** 2, axis=2)
    return float(np.log(np.mean(np.exp(-2.0 * sq))))


def _tolerance_with_self_pairs(features, labels):
    """Same-label pairs including each row with itself (similarity 1)."""
    u = np.asarray(features, dtype=float)
    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    lab = np.asarray(labels)
    same = lab[:, None] == lab[None, :]
    return float(np.mean((u @ u.T)[same]))


def _tolerance_unnormalised(features, labels):
    """Raw inner products f(x)ᵀf(y), without normalising the rows."""
    u = np.asarray(features, dtype=float)
    lab = np.asarray(labels)
    i, j = np.triu_indices(u.shape[0], k=1)
    same = lab[i] == lab[j]
    return float(np.mean(np.einsum("ij,ij->i", u[i[same]], u[j[same]])))


LOSS_BY_DIFFERENCE = LIBRARY._replace(contrastive_loss=_loss_by_difference)
GRAD_POSITIVE_OVER_ALL = LIBRARY._replace(contrastive_grad=_grad_positive_over_all)
WEIGHTS_OVER_ALL = LIBRARY._replace(hardness_weights=_weights_over_all)
ENTROPY_IN_BITS = LIBRARY._replace(hardness_entropy=_entropy_in_bits)
UNIFORMITY_T1 = LIBRARY._replace(uniformity=_uniformity_t1)
UNIFORMITY_SELF_PAIRS = LIBRARY._replace(uniformity=_uniformity_with_self_pairs)
TOLERANCE_SELF_PAIRS = LIBRARY._replace(tolerance=_tolerance_with_self_pairs)
TOLERANCE_UNNORMALISED = LIBRARY._replace(tolerance=_tolerance_unnormalised)
