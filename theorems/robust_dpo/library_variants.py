"""Plausible bugs in the library, the mutants of its conformance claims (tuples shaped like the claims' subject)."""

from __future__ import annotations

import numpy as np

from . import library as L


def _rdpo_one_minus(margins, epsilon, beta=1.0):
    h = np.asarray(margins, dtype=float)
    return ((1 - epsilon) * np.logaddexp(0, -beta * h) - epsilon * np.logaddexp(0, beta * h)) / (1 - epsilon)


def _weight_no_factor(margins, epsilon, beta=1.0):
    return L.rdpo_gradient_weight(margins, epsilon, beta) * (1 - 2 * epsilon)


def _cdpo_sign(margins, epsilon, beta=1.0):
    return L.dpo_loss(margins, beta) - epsilon * beta * np.asarray(margins, dtype=float)


def _variance_unsquared(margins, epsilon, beta=1.0):
    return L.rdpo_flip_variance(margins, epsilon, beta) * (1 - 2 * epsilon)


def _rdpo_any_eps(margins, epsilon, beta=1.0):
    h = np.asarray(margins, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.logaddexp(0.0, -beta * h) - beta * epsilon * h / (1 - 2 * epsilon)


_REST = (L.cdpo_loss, L.rdpo_gradient_weight, L.rdpo_flip_variance)
DIVIDED_BY_ONE_MINUS_EPS = (_rdpo_one_minus, *_REST)
WEIGHT_WITHOUT_FACTOR = (L.rdpo_loss, L.cdpo_loss, _weight_no_factor, L.rdpo_flip_variance)
CDPO_SIGN = (L.rdpo_loss, _cdpo_sign, L.rdpo_gradient_weight, L.rdpo_flip_variance)
VARIANCE_UNSQUARED = (L.rdpo_loss, L.cdpo_loss, L.rdpo_gradient_weight, _variance_unsquared)
ACCEPTS_HALF = (_rdpo_any_eps, *_REST)
