"""Plausible bugs in the library (``library``), the mutants of the library conformance claims."""

from __future__ import annotations

import numpy as np

from . import library as L


def distill_one_step_short(K, y, alpha, lam, steps):
    """steps − 1 steps (the ridge fit counted as step 1)."""
    return L.distill(K, y, alpha, lam, max(steps - 1, 0))


def distill_swapped_weights(K, y, alpha, lam, steps):
    """Weight 1 − α on the ground truth."""
    return L.distill(K, y, 1 - alpha, lam, steps)


def limit_lambda_times_alpha(K, y, alpha, lam):
    """f_∞ with ridge λα."""
    return L.distill_limit(K, y, 1.0, lam * alpha) if alpha > 0 else np.zeros(len(y))


def limit_alpha_zero_is_ridge(K, y, alpha, lam):
    """α = 0 returns the ridge fit instead of the zero function."""
    return L.distill(K, y, 1.0, lam, 0) if alpha == 0 else L.distill_limit(K, y, alpha, lam)


def optimal_always_clipped(K, y, previous, reference, lam, *, constrained=False):
    """The unconstrained answer clipped to [0, 1] as well."""
    return L.optimal_alpha(K, y, previous, reference, lam, constrained=True)


def optimal_never_clipped(K, y, previous, reference, lam, *, constrained=False):
    """constrained=True ignored."""
    return L.optimal_alpha(K, y, previous, reference, lam, constrained=False)


def optimal_unsmoothed(K, y, previous, reference, lam, *, constrained=False):
    """The direction y − f without A."""
    k = np.asarray(K, float)
    A = k @ np.linalg.inv(k + lam * np.eye(k.shape[0]))
    u = np.asarray(y, float) - np.asarray(previous, float)
    r = np.asarray(reference, float) - A @ np.asarray(previous, float)
    v = float(u @ r / (u @ u))
    return min(1.0, max(0.0, v)) if constrained else v


def optimal_unscaled(K, y, previous, reference, lam, *, constrained=False):
    """Inner products of the vectors as given: ‖A(y − f)‖² overflows beyond about 1e154."""
    k = np.asarray(K, float)
    A = k @ np.linalg.inv(k + lam * np.eye(k.shape[0]))
    with np.errstate(all="ignore"):
        u = A @ (np.asarray(y, float) - np.asarray(previous, float))
        r = np.asarray(reference, float) - A @ np.asarray(previous, float)
        v = float(u @ r / (u @ u))
    return min(1.0, max(0.0, v)) if constrained else v
