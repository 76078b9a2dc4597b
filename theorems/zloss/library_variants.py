"""Plausible bugs in the Z-loss library: the mutants of its conformance claims.

Each takes the arguments of the library function it replaces and computes a wrong value silently (never an
exception: a mutant must be wrong, not broken). They call the library's own validation where the bug is
elsewhere.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from scipy.special import expit

from . import library as L


class Library(NamedTuple):
    """The library's public names, as one subject."""

    z_scores: Any
    z_loss: Any
    z_loss_grad: Any
    SphericalZLoss: Any


LIBRARY = Library(L.z_scores, L.z_loss, L.z_loss_grad, L.SphericalZLoss)


def _rows(o):
    arr = np.asarray(o, dtype=float)
    return (arr[None, :], True) if arr.ndim == 1 else (arr, False)


def _out(values, single):
    return float(values[0]) if single else values


def _softplus(x, a):
    with np.errstate(over="ignore", under="ignore"):
        return np.maximum(x, 0.0) + np.log1p(np.exp(-a * np.abs(x))) / a


def _loss_from_scores(z, o, c, a, b, single):
    target = np.atleast_1d(np.asarray(c))
    zc = z[np.arange(z.shape[0]), target]
    return _out(_softplus(b - zc, a), single)


def loss_one_pass_variance(o, c, a=1.0, b=0.0):
    """σ² = mean(o²) − μ² as written, in float64, without rescaling: cancellation under an offset, overflow at 1e300."""
    rows, single = _rows(o)
    with np.errstate(all="ignore"):
        mu = rows.mean(axis=1, keepdims=True)
        z = (rows - mu) / np.sqrt(np.mean(rows * rows, axis=1, keepdims=True) - mu * mu)
    return _loss_from_scores(z, rows, c, a, b, single)


def loss_unbiased_std(o, c, a=1.0, b=0.0):
    """σ with the divisor D − 1."""
    rows, single = _rows(o)
    z = L.z_scores(rows) * np.sqrt((rows.shape[1] - 1) / rows.shape[1])
    return _loss_from_scores(z, rows, c, a, b, single)


def loss_naive_softplus(o, c, a=1.0, b=0.0):
    """(1/a) log(1 + exp(a(b − z_c))) as written: overflows once a(b − z_c) > 709."""
    rows, single = _rows(o)
    z = L.z_scores(rows)
    zc = z[np.arange(z.shape[0]), np.atleast_1d(np.asarray(c))]
    with np.errstate(over="ignore"):
        return _out(np.log(1 + np.exp(a * (b - zc))) / a, single)


def loss_without_correction(o, c, a=1.0, b=0.0):
    """Two-pass moments without the correcting second mean: the rounding of μ stays in every deviation."""
    rows, single = _rows(o)
    top = np.frexp(np.max(np.abs(rows), axis=1))[1]
    scaled = np.ldexp(rows, -top[:, None])
    dev = scaled - scaled.mean(axis=1, keepdims=True)
    z = dev / np.sqrt(np.mean(dev * dev, axis=1, keepdims=True))
    return _loss_from_scores(z, rows, c, a, b, single)


def grad_without_mean_term(o, c, a=1.0, b=0.0):
    """∂L/∂o without the −1/D term (μ's dependence forgotten)."""
    rows, single = _rows(o)
    g = np.atleast_2d(L.z_loss_grad(o, c, a, b))
    z = L.z_scores(rows)
    target = np.atleast_1d(np.asarray(c))
    zc = z[np.arange(z.shape[0]), target]
    sigma = np.std(rows, axis=1)
    s = expit(a * (b - zc))
    g = g - (s / sigma / rows.shape[1])[:, None]  # −(s/σ)(−1/D) removed
    return g[0] if single else g


def grad_unbiased_std(o, c, a=1.0, b=0.0):
    """The gradient with σ taken with the divisor D − 1 (scores and scale)."""
    rows, single = _rows(o)
    n = rows.shape[1]
    z = L.z_scores(rows) * np.sqrt((n - 1) / n)
    sigma = np.std(rows, axis=1, ddof=1)
    target = np.atleast_1d(np.asarray(c))
    idx = np.arange(rows.shape[0])
    zc = z[idx, target]
    s = expit(a * (b - zc))
    direction = -zc[:, None] * z / n - 1.0 / n
    direction[idx, target] += 1.0
    g = -(s / sigma)[:, None] * direction
    return g[0] if single else g


def grad_flipped_weight(o, c, a=1.0, b=0.0):
    """The weight 1/(1 + e^{a(b − z_c)}) instead of 1/(1 + e^{−a(b − z_c)})."""
    rows, single = _rows(o)
    z = L.z_scores(rows)
    target = np.atleast_1d(np.asarray(c))
    zc = z[np.arange(z.shape[0]), target]
    g = np.atleast_2d(L.z_loss_grad(o, c, a, b))
    ratio = expit(-a * (b - zc)) / expit(a * (b - zc))
    g = g * ratio[:, None]
    return g[0] if single else g


class SphericalUncentred(L.SphericalZLoss):
    """The spherical family's own statistics, Q = WᵀW and w̄ = Wᵀ1 of the uncentred W: σ² = hᵀQh/D − (w̄ᵀh/D)²."""

    def loss_and_grad(self, h, c):
        W = self._raw
        Q, wbar = W.T @ W, W.sum(axis=0)
        arr = np.atleast_2d(np.asarray(h, dtype=float))
        target = np.atleast_1d(np.asarray(c))
        n = self.num_classes
        s1 = arr @ wbar
        qh = arr @ Q
        s2 = np.einsum("ij,ij->i", arr, qh)
        oc = np.einsum("ij,ij->i", W[target], arr)
        mu = s1 / n
        with np.errstate(invalid="ignore"):
            sigma = np.sqrt(s2 / n - mu * mu)
        zc = (oc - mu) / sigma
        loss = L._softplus_over_a(self.b - zc, self.a)
        s = expit(self.a * (self.b - zc))
        dz1 = (-1 + zc * mu / sigma) / (n * sigma)
        dz2 = -zc / (2 * n * sigma * sigma)
        grad = -s[:, None] * (dz1[:, None] * wbar + 2 * dz2[:, None] * qh + (1 / sigma)[:, None] * W[target])
        single = np.ndim(h) == 1
        return (float(loss[0]), grad[0]) if single else (loss, grad)

    def __init__(self, W, a=1.0, b=0.0):
        super().__init__(W, a, b)
        self._raw = np.asarray(W, dtype=float)


class SphericalWithoutQuadraticTerm(L.SphericalZLoss):
    """∂L/∂h without the term through σ: σ ∂z_c/∂h taken as W̃_c (the −z_c Q̃h/(Dσ) part dropped)."""

    def _direction(self, target, zc, sigma, qh):
        return self._rows[target]


def _naive_z_loss(o, c, a=1.0, b=0.0):
    """The definition as written, with no check: NaN (0/0) at constant logits."""
    rows, single = _rows(o)
    with np.errstate(all="ignore"):
        mu = rows.mean(axis=1, keepdims=True)
        z = (rows - mu) / rows.std(axis=1, keepdims=True)
    return _loss_from_scores(z, rows, c, a, b, single)


def _rounded_sigma_z_loss(o, c, a=1.0, b=0.0):
    """A σ = 0 test on the computed σ instead of on the logits: constant logits such as (0.1, 0.1, 0.1) have a
    rounded mean, a σ of 1e-17 and scores ±1, and a number comes out."""
    rows, single = _rows(o)
    mu = rows.mean(axis=1, keepdims=True)
    sigma = rows.std(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        z = np.where(sigma > 0, (rows - mu) / np.where(sigma > 0, sigma, 1.0), 0.0)
    return _loss_from_scores(z, rows, c, a, b, single)


def _epsilon_z_loss(o, c, a=1.0, b=0.0):
    """σ = √(σ² + 10⁻⁵), as a LayerNorm: constant logits give z = 0 and the value (1/a) log(1 + e^{ab})."""
    rows, single = _rows(o)
    mu = rows.mean(axis=1, keepdims=True)
    z = (rows - mu) / np.sqrt(rows.var(axis=1, keepdims=True) + 1e-5)
    return _loss_from_scores(z, rows, c, a, b, single)


NAIVE = LIBRARY._replace(z_loss=_naive_z_loss)
ROUNDED_SIGMA = LIBRARY._replace(z_loss=_rounded_sigma_z_loss)
EPSILON = LIBRARY._replace(z_loss=_epsilon_z_loss)
