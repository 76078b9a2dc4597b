"""Plausible bugs in the library, the mutants of its claims."""

from __future__ import annotations

import numpy as np

from . import library as L


def weighting_released_constants(ratio, divergence):
    """The released table's weights (squared Hellinger √r, Neyman 1/r): positive multiples of f″(r) r²."""
    out = L.f_weighting(ratio, divergence)
    factor = {"squared_hellinger": 2.0, "neyman_chi2": 0.5, "pearson_chi2": 0.5}.get(divergence, 1.0)
    return out * factor


def weighting_missing_r2(ratio, divergence):
    """h = f″(r): the factor r² forgotten."""
    return L.f_weighting(ratio, divergence) / np.asarray(ratio, dtype=float) ** 2


def gradient_sign_flipped(ratio, score_teacher, score_student, jacobian, divergence):
    return -L.f_distill_gradient(ratio, score_teacher, score_student, jacobian, divergence)


def gradient_unweighted(ratio, score_teacher, score_student, jacobian, divergence):
    """The VSD gradient whatever the divergence (h ≡ 1)."""
    return L.f_distill_gradient(ratio, score_teacher, score_student, jacobian, "reverse_kl")


def normalise_by_sum(weights):
    """The weights divided by their batch sum."""
    w = np.asarray(weights, dtype=float)
    return w / np.sum(w)


def normalise_no_validation(weights):
    """The normalisation without input checks."""
    w = np.asarray(weights, dtype=float)
    return w / np.mean(w)
