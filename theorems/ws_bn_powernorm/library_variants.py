"""Plausible bugs in the library: the mutants of its conformance claims. Each computes a wrong value silently
(never an exception: a mutant must be wrong, not broken)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from . import library as L


class Library(NamedTuple):
    """The library's public names, as one subject."""

    standardize_weight: Any
    standardize_weight_vjp: Any
    batch_norm_vjp: Any
    power_norm_vjp: Any
    jacobian_norms: Any


LIBRARY = Library(L.standardize_weight, L.standardize_weight_vjp, L.batch_norm_vjp, L.power_norm_vjp,
                  L.jacobian_norms)


def _ws_plain(w, grad, ddof=0, eps=0.0, *, kappa_from_population=False, with_mean=True):
    """The WS backward written directly, without rescaling (overflows for weights near 1e200)."""
    w = np.asarray(w, dtype=float)
    rows = w.reshape(w.shape[0], -1) if w.ndim > 1 else w.reshape(1, -1)
    g = np.asarray(grad, dtype=float).reshape(rows.shape)
    n = rows.shape[1]
    with np.errstate(all="ignore"):
        dev = rows - rows.mean(axis=1, keepdims=True)
        sigma = np.sqrt(np.sum(dev * dev, axis=1, keepdims=True) / (n - ddof))
        what = dev / (sigma + eps)
        kappa = (sigma + eps) / (sigma * (n if kappa_from_population else n - ddof))
        gc = g - g.mean(axis=1, keepdims=True) if with_mean else g
        out = (gc - kappa * np.sum(what * g, axis=1, keepdims=True) * what) / (sigma + eps)
    return out.reshape(w.shape)


def vjp_without_rescaling(w, grad, *, ddof=0, eps=0.0):
    """The formula as written in float64: σ² overflows for weights of size 1e200."""
    return _ws_plain(w, grad, ddof, eps)


def vjp_population_kappa(w, grad, *, ddof=0, eps=0.0):
    """κ with the divisor I whatever ddof (W1's form applied to the PyTorch layer)."""
    return _ws_plain(w, grad, ddof, eps, kappa_from_population=True)


def vjp_without_mean(w, grad, *, ddof=0, eps=0.0):
    """The mean of the gradient not removed (weight normalisation's backward)."""
    return _ws_plain(w, grad, ddof, eps, with_mean=False)


def bn_vjp_unbiased(x, grad, *, gamma=1.0, eps=0.0):
    """BatchNorm's backward with the unbiased variance."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    return L.batch_norm_vjp(x, grad, gamma=gamma, eps=eps) * np.sqrt(n / (n - 1)) if eps == 0 else \
        L.batch_norm_vjp(x, grad, gamma=gamma, eps=eps * n / (n - 1)) * np.sqrt(n / (n - 1))


def pn_vjp_no_projection(x, grad, *, gamma=1.0, eps=0.0):
    """PowerNorm's backward without the projection: γg/√(ψ² + ε)."""
    x = np.asarray(x, dtype=float)
    psi2 = np.mean(x * x, axis=0)
    return gamma * np.asarray(grad, dtype=float) / np.sqrt(psi2 + eps)


def norms_bn_at_two(x, *, gamma=1.0):
    """|γ|/σ_B for BN at every batch size (B = 2 included)."""
    arr = np.asarray(x, dtype=float)
    d = arr - arr.mean(axis=0)
    sigma = np.sqrt(np.mean(d * d, axis=0))
    pn = abs(gamma) / np.sqrt(np.mean(arr * arr, axis=0))
    bn = abs(gamma) / sigma
    return (float(bn), float(pn)) if arr.ndim == 1 else (bn, pn)


def norms_pn_sigma(x, *, gamma=1.0):
    """PN's norm as |γ|/σ_B."""
    bn, _ = L.jacobian_norms(x, gamma=gamma)
    arr = np.asarray(x, dtype=float)
    d = arr - arr.mean(axis=0)
    pn = abs(gamma) / np.sqrt(np.mean(d * d, axis=0))
    return (bn, float(pn)) if arr.ndim == 1 else (bn, pn)


WITHOUT_RESCALING = LIBRARY._replace(standardize_weight_vjp=vjp_without_rescaling)
POPULATION_KAPPA = LIBRARY._replace(standardize_weight_vjp=vjp_population_kappa)
WITHOUT_MEAN = LIBRARY._replace(standardize_weight_vjp=vjp_without_mean)
BN_UNBIASED = LIBRARY._replace(batch_norm_vjp=bn_vjp_unbiased)
PN_NO_PROJECTION = LIBRARY._replace(power_norm_vjp=pn_vjp_no_projection)
NORMS_BN_AT_TWO = LIBRARY._replace(jacobian_norms=norms_bn_at_two)
NORMS_PN_SIGMA = LIBRARY._replace(jacobian_norms=norms_pn_sigma)
