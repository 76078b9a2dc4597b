"""Plausible bugs in the ADAHESSIAN library, each a drop-in replacement for a library function.

They are the mutants of the library's conformance claim: a mutant the checks kill is a bug they would catch.
"""

from __future__ import annotations

import math

import numpy as np

from .library import AdaHessianState, adahessian_step, spatial_average


def step_naive_squares(x, grad, diag_estimate, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4, weight_decay=0.0,
                       hessian_power=1.0):
    """The release's arithmetic: the EMA of D² kept as is and rooted (D² overflows beyond 1e154 and underflows below
    1e-162, so the step is lost or infinite at extreme scales)."""
    adahessian_step(x, grad, diag_estimate, state, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                    hessian_power=hessian_power)  # the same validation
    b1, b2 = betas
    xs, g, d = (np.asarray(v, dtype=float) for v in (x, grad, diag_estimate))
    t = state.t + 1
    m = b1 * state.m + (1 - b1) * g
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        s = b2 * state.r**2 + (1 - b2) * d * d
        denom = (np.sqrt(s) / math.sqrt(1 - b2**t)) ** hessian_power + eps
        x_new = xs - lr * (m / (1 - b1**t) / denom + weight_decay * xs)
    return x_new, AdaHessianState(m, np.sqrt(s), t)


def step_eps_inside(x, grad, diag_estimate, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4, weight_decay=0.0,
                    hessian_power=1.0):
    """eps added under the power: (r̂ + eps)^k."""
    b1, b2 = betas
    xs, g, d = (np.asarray(v, dtype=float) for v in (x, grad, diag_estimate))
    t = state.t + 1
    m = b1 * state.m + (1 - b1) * g
    r = np.hypot(math.sqrt(b2) * state.r, math.sqrt(1 - b2) * np.abs(d))
    denom = (r / math.sqrt(1 - b2**t) + eps) ** hessian_power
    return xs - lr * (m / (1 - b1**t) / denom + weight_decay * xs), AdaHessianState(m, r, t)


def step_without_bias_correction2(x, grad, diag_estimate, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4,
                                  weight_decay=0.0, hessian_power=1.0):
    """r not divided by (1 − β2^t)^{1/2}."""
    b1, b2 = betas
    xs, g, d = (np.asarray(v, dtype=float) for v in (x, grad, diag_estimate))
    t = state.t + 1
    m = b1 * state.m + (1 - b1) * g
    r = np.hypot(math.sqrt(b2) * state.r, math.sqrt(1 - b2) * np.abs(d))
    denom = r**hessian_power + eps
    return xs - lr * (m / (1 - b1**t) / denom + weight_decay * xs), AdaHessianState(m, r, t)


def average_input_channels(estimate, axes=None):
    """The released rule applied over the input channels (dim 1) of a 4-D weight."""
    arr = np.asarray(estimate, dtype=float)
    if axes is None and arr.ndim == 4:
        return spatial_average(arr, axes=(1,))
    return spatial_average(estimate, axes=axes)


def average_rows_too(estimate, axes=None):
    """The released rule plus averaging of each row of a 2-D tensor (instruction/'s default)."""
    arr = np.asarray(estimate, dtype=float)
    if axes is None and arr.ndim == 2:
        return spatial_average(arr, axes=(1,))
    return spatial_average(estimate, axes=axes)


def hutchinson_abs(hvp, *, dim=None, probes=1, rng=None):
    """|Hz| averaged over the probes (the release's stored estimate) instead of z ⊙ Hz."""
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    apply = hvp if callable(hvp) else (lambda z: np.asarray(hvp, dtype=float) @ z)
    d = dim if callable(hvp) else len(hvp)
    total = np.zeros(d)
    for _ in range(probes):
        total += np.abs(apply(2.0 * gen.integers(0, 2, size=d) - 1.0))
    return total / probes
