"""Hypothesis strategies and network builders for the hypernet_mip checks."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)
slopes = st.sampled_from([0.0, 0.01, 0.2, 1.0])


def random_net(rng: np.random.Generator, sizes: list[int], *, bias_scale: float = 0.0) -> list[tuple[Any, Any]]:
    """Layers with W ~ N(0, 1/n_in) and biases N(0, bias_scale²) (``None`` when bias_scale is 0)."""
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = rng.standard_normal((n_out, n_in)) / math.sqrt(n_in)
        b = bias_scale * rng.standard_normal(n_out) if bias_scale else None
        layers.append((w, b))
    return layers


def without_biases(layers: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [(w, None) for w, _ in layers]


def abs_net_scale(layers: list[tuple[Any, Any]], x: np.ndarray) -> float:
    """‖|W_L|⋯|W_1||x|‖ (+ |b| terms): a bound on the size of every intermediate value, the scale of roundoff."""
    v = np.abs(x)
    for w, b in layers:
        v = np.abs(w) @ v + (np.abs(b) if b is not None else 0.0)
    return float(np.linalg.norm(v)) + 1e-300


def pre_activations(layers: list[tuple[Any, Any]], x: np.ndarray, slope: float) -> np.ndarray:
    """Every hidden pre-activation of the network at x."""
    out = []
    for w, b in layers[:-1]:
        z = w @ x + (b if b is not None else 0.0)
        out.append(z)
        x = np.where(z > 0, z, slope * z)
    return np.concatenate(out) if out else np.array([np.inf])


def exact_vector(values: Any) -> list[Fraction]:
    return [Fraction(float(v)) for v in np.ravel(values)]
