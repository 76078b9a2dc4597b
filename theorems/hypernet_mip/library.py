"""Hypernetworks with Magnitude Invariant Parametrizations (MIP), as functions a practitioner calls.

- :func:`encode_input`: the release's input encodings (JJGO/hyperlight a3e2108, ``hyperlight/hypernet/encoding.py``,
  ``encode_input``): ``"cos|sin"`` maps z ∈ R^k to [cos(πz/2), sin(πz/2)] (all cosines, then all sines, as
  ``torch.cat([cos, sin], dim=-1)``), warning when a coordinate lies outside [0, 1]; ``"z|1-z"`` to [z, 1 − z];
  ``None`` is the identity. The cos|sin encoding has norm √k whatever z (claim ``hypernet_mip.cos_sin_constant_norm``).
- :func:`leaky_relu`: x for x > 0, slope·x otherwise (torch's ``LeakyReLU``, default slope 0.01; slope 0 is ReLU).
- :func:`init_mlp`: Kaiming normal fan-out initialisation, W_l ~ N(0, gain²/n_l) with n_l the layer's output
  width and gain √2 (torch's ``kaiming_normal_`` with ``a = 0``, the release's ``kaiming_normal_fanout``), all
  biases 0 (the release's ``init_bias=0.0``).
- :func:`mlp`: the hypernetwork MLP h(x) = W_L φ(… φ(W_1 x + b_1) …) + b_L, φ = :func:`leaky_relu`.
- :func:`mip_hypernet`: the MIP form θ = θ₀ + h(E(γ)): the cos|sin encoding and a residual θ₀ learned
  independently of γ (the release's HyperNet keeps θ₀ as the output layer's bias, its "independent weights").
- :func:`magnitude_bounds`: for a bias-free h and the cos|sin encoding of k hyperparameters, the bounds
  m ≤ ‖h(E(z))‖ ≤ M for every z: M = √k ∏‖W_l‖₂, m = slope^{L−1} √k ∏ σ_min(W_l) when every W_l has full
  column rank (m = 0 otherwise, and always for ReLU) (claim ``hypernet_mip.cos_sin_magnitude_bounds``).
- :func:`bias_asymptotic_bound`: K with ‖h(cγ)/c − h₀(γ)‖ ≤ K/c for every c > 0, h₀ the same network without
  biases: K = Σ_l ‖b_l‖ ∏_{j > l} ‖W_j‖₂ (claim ``hypernet_mip.bias_asymptotic``).

Every argument is validated: a ``TypeError`` (not a real number or array; booleans, strings, complex numbers)
or a ``ValueError`` (NaN, infinity, empty, wrong shape, out of range) names it. A network is a sequence of
layers ``(W, b)`` with ``W`` of shape (n_out, n_in) and ``b`` of shape (n_out,) or ``None`` (no bias).
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["ENCODINGS", "encode_input", "leaky_relu", "init_mlp", "mlp", "mip_hypernet", "magnitude_bounds",
           "bias_asymptotic_bound"]

#: The encodings :func:`encode_input` accepts (the release's ``InputMode``).
ENCODINGS = (None, "cos|sin", "z|1-z")

Layers = Sequence[tuple[np.ndarray, np.ndarray | None]]


# -- validation ----------------------------------------------------------------------------------------


def _number(name: str, value: Any, *, low: float = -math.inf, high: float = math.inf) -> float:
    """``value`` as a finite float in [low, high], or a TypeError/ValueError naming ``name``."""
    if type(value) is not float and (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if v < low or v > high:
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}], got {value!r}")
    return v


def _array(name: str, value: Any, *, ndim: int | None = None, min_ndim: int = 0) -> np.ndarray:
    """``value`` as a non-empty finite float64 array, or a TypeError/ValueError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    if raw.size == 0:
        raise ValueError(f"{name} is empty (shape {raw.shape})")
    if ndim is not None and raw.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {raw.shape}")
    if raw.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s), got shape {raw.shape}")
    arr = raw.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _layers(name: str, layers: Any) -> list[tuple[np.ndarray, np.ndarray | None]]:
    """A validated network: a non-empty sequence of (W, b) pairs with matching shapes."""
    if isinstance(layers, (str, bytes, np.ndarray)) or not isinstance(layers, Sequence):
        raise TypeError(f"{name} must be a sequence of (W, b) pairs, got {type(layers).__name__}")
    if len(layers) == 0:
        raise ValueError(f"{name} is empty: a network needs at least one layer")
    out: list[tuple[np.ndarray, np.ndarray | None]] = []
    for i, layer in enumerate(layers):
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise TypeError(f"{name}[{i}] must be a pair (W, b), got {type(layer).__name__}")
        w = _array(f"{name}[{i}] weight", layer[0], ndim=2)
        b = None if layer[1] is None else _array(f"{name}[{i}] bias", layer[1], ndim=1)
        if b is not None and b.shape[0] != w.shape[0]:
            raise ValueError(f"{name}[{i}] bias has length {b.shape[0]}, the weight has {w.shape[0]} rows")
        if out and out[-1][0].shape[0] != w.shape[1]:
            raise ValueError(f"{name}[{i}] weight takes {w.shape[1]} inputs, the previous layer gives "
                             f"{out[-1][0].shape[0]}")
        out.append((w, b))
    return out


def _slope(slope: Any) -> float:
    return _number("slope", slope, low=0.0, high=1.0)


# -- the functions ---------------------------------------------------------------------------------------


def encode_input(z: Any, mode: str | None = "cos|sin") -> np.ndarray:
    """The release's encoding of hyperparameters z (shape (..., k)): [cos(πz/2), sin(πz/2)] (``"cos|sin"``),
    [z, 1 − z] (``"z|1-z"``), or z (``None``), concatenated along the last axis; a ``UserWarning`` when
    ``"cos|sin"`` gets a coordinate outside [0, 1] (where it stops being injective beyond an interval of
    length 4)."""
    if mode is not None and not isinstance(mode, str):
        raise TypeError(f"mode must be one of {ENCODINGS}, got {type(mode).__name__}")
    if mode not in ENCODINGS:
        raise ValueError(f"mode must be one of {ENCODINGS}, got {mode!r}")
    arr = _array("z", z, min_ndim=1)
    if mode is None:
        return arr
    if mode == "cos|sin":
        if np.any(arr < 0) or np.any(arr > 1):
            warnings.warn("z has coordinates outside of [0, 1]", UserWarning, stacklevel=2)
        angle = (np.pi / 2) * arr
        return np.concatenate([np.cos(angle), np.sin(angle)], axis=-1)
    return np.concatenate([arr, 1.0 - arr], axis=-1)


def leaky_relu(x: Any, slope: float = 0.01) -> Any:
    """x for x > 0 and slope·x for x ≤ 0, elementwise (slope in [0, 1]; 0 gives ReLU). A real number gives a
    float, an array an array of the same shape."""
    s = _slope(slope)
    arr = _array("x", x)
    out = np.where(arr > 0, arr, s * arr)
    return float(out) if out.ndim == 0 else out


def init_mlp(sizes: Sequence[int], seed: int, *, gain: float = math.sqrt(2.0), bias: bool = True) -> list[
        tuple[np.ndarray, np.ndarray | None]]:
    """Layers of an MLP of widths ``sizes`` (input first), W_l ~ N(0, gain²/n_l) with n_l = sizes[l] the fan-out,
    biases 0 (or ``None`` when ``bias`` is False). ``seed`` is a non-negative int."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of ints, got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs an input and an output width, got {list(sizes)!r}")
    for n in sizes:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"sizes must hold ints, got {type(n).__name__} {n!r}")
        if n < 1:
            raise ValueError(f"sizes must be positive, got {n!r}")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed!r}")
    g = _number("gain", gain, low=0.0)
    if g == 0:
        raise ValueError("gain must be positive, got 0")
    if not isinstance(bias, (bool, np.bool_)):
        raise TypeError(f"bias must be a bool, got {type(bias).__name__}")
    rng = np.random.default_rng(int(seed))
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = rng.standard_normal((int(n_out), int(n_in))) * (g / math.sqrt(n_out))
        layers.append((w, np.zeros(int(n_out)) if bias else None))
    return layers


def _forward(layers: list[tuple[np.ndarray, np.ndarray | None]], x: np.ndarray, s: float) -> np.ndarray:
    for i, (w, b) in enumerate(layers):
        x = x @ w.T
        if b is not None:
            x = x + b
        if i < len(layers) - 1:
            x = np.where(x > 0, x, s * x)
    return x


def mlp(layers: Layers, x: Any, *, slope: float = 0.01) -> np.ndarray:
    """h(x) = W_L φ(… φ(W_1 x + b_1) …) + b_L with φ the leaky ReLU of ``slope``; x has shape (..., n_in)."""
    net = _layers("layers", layers)
    s = _slope(slope)
    arr = _array("x", x, min_ndim=1)
    if arr.shape[-1] != net[0][0].shape[1]:
        raise ValueError(f"x has {arr.shape[-1]} features, the first layer takes {net[0][0].shape[1]}")
    return _forward(net, arr, s)


def mip_hypernet(layers: Layers, theta0: Any, gamma: Any, *, slope: float = 0.01) -> np.ndarray:
    """The MIP hypernetwork θ = θ₀ + h(E(γ)), E the cos|sin encoding; γ has shape (..., k), θ₀ shape (n_out,)."""
    net = _layers("layers", layers)
    s = _slope(slope)
    t0 = _array("theta0", theta0, ndim=1)
    if t0.shape[0] != net[-1][0].shape[0]:
        raise ValueError(f"theta0 has length {t0.shape[0]}, the network gives {net[-1][0].shape[0]} outputs")
    g = _array("gamma", gamma, min_ndim=1)
    if 2 * g.shape[-1] != net[0][0].shape[1]:
        raise ValueError(f"gamma has {g.shape[-1]} hyperparameters: the cos|sin encoding gives {2 * g.shape[-1]} "
                         f"features, the first layer takes {net[0][0].shape[1]}")
    return t0 + _forward(net, encode_input(g, "cos|sin"), s)


def magnitude_bounds(layers: Layers, k: int, *, slope: float = 0.01) -> tuple[float, float]:
    """(m, M) with m ≤ ‖h(E(z))‖ ≤ M for every z ∈ R^k, for the bias-free ``layers`` (a ValueError names them if
    a bias is non-zero) and E the cos|sin encoding: M = √k ∏‖W_l‖₂; m = slope^{L−1} √k ∏ σ_min(W_l) if every W_l
    has at least as many rows as columns (else 0)."""
    net = _layers("layers", layers)
    s = _slope(slope)
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an int, got {type(k).__name__}")
    if k < 1:
        raise ValueError(f"k must be positive, got {k!r}")
    if net[0][0].shape[1] != 2 * k:
        raise ValueError(f"k = {k} hyperparameters encode to {2 * k} features, layers take {net[0][0].shape[1]}")
    if any(b is not None and np.any(b != 0) for _, b in net):
        raise ValueError("layers: magnitude bounds need a bias-free network (a non-zero bias was given)")
    upper, lower = math.sqrt(k), math.sqrt(k) * s ** (len(net) - 1)
    for w, _ in net:
        sv = np.linalg.svd(w, compute_uv=False)
        upper *= float(sv[0])
        lower *= float(sv[-1]) if w.shape[0] >= w.shape[1] else 0.0
    return lower, upper


def bias_asymptotic_bound(layers: Layers) -> float:
    """K = Σ_l ‖b_l‖ ∏_{j > l} ‖W_j‖₂, so that ‖h(cγ)/c − h₀(γ)‖ ≤ K/c for every c > 0 and every γ, h₀ the
    network without its biases (for any slope in [0, 1]: φ is 1-Lipschitz and positively homogeneous)."""
    net = _layers("layers", layers)
    total = 0.0
    for i, (_, b) in enumerate(net):
        if b is None:
            continue
        term = float(np.linalg.norm(b))
        for w, _ in net[i + 1:]:
            term *= float(np.linalg.norm(w, 2))
        total += term
    return total
