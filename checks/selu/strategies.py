"""Hypothesis strategies for the SELU checks, the theorems' domains, and a vectorised closed form of the moment
map for grid searches (the library's functions are scalar)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import special

from ...theorems.selu import library as L

seeds = st.integers(0, 2**32 - 1)

#: Theorem 1's domain: μ, ω ∈ [−0.1, 0.1], ν ∈ [0.8, 1.5], τ ∈ [0.95, 1.1].
THEOREM1 = {"mu": (-0.1, 0.1), "omega": (-0.1, 0.1), "nu": (0.8, 1.5), "tau": (0.95, 1.1)}


def box(bounds: dict[str, tuple[float, float]]) -> dict[str, st.SearchStrategy[float]]:
    """One float strategy per coordinate of a box."""
    return {k: st.floats(lo, hi) for k, (lo, hi) in bounds.items()}


def corners(bounds: dict[str, tuple[float, float]]) -> list[dict[str, float]]:
    """The box's corners, as regression cases."""
    keys = list(bounds)
    out = []
    for mask in range(2 ** len(keys)):
        out.append({k: bounds[k][(mask >> i) & 1] for i, k in enumerate(keys)})
    return out


def moments_grid(m: np.ndarray, v: np.ndarray, alpha: float = L.ALPHA01,
                 scale: float = L.LAMBDA01) -> tuple[np.ndarray, np.ndarray]:
    """(E selu(z), Var selu(z)) for z ~ N(m, v), elementwise, in the library's erfcx form (valid for m + v ≥ 0)."""
    s = np.sqrt(v)
    r = m / s
    gauss = np.exp(-0.5 * r * r)
    up, low = special.ndtr(r), special.ndtr(-r)
    pos = m * up + s * gauss / math.sqrt(2 * math.pi)
    pos2 = (m * m + v) * up + m * s * gauss / math.sqrt(2 * math.pi)
    e1 = 0.5 * gauss * special.erfcx((m + v) / (s * math.sqrt(2)))
    e2 = 0.5 * gauss * special.erfcx((m + 2 * v) / (s * math.sqrt(2)))
    mean = scale * (pos + alpha * (e1 - low))
    second = scale * scale * (pos2 + alpha * alpha * (e2 - 2 * e1 + low))
    return mean, second - mean * mean


def spectral_norm(jac: np.ndarray) -> float:
    """The largest singular value of a 2 × 2 matrix."""
    return float(np.linalg.norm(jac, 2))


def richardson_jacobian(gmap, mu: float, nu: float, omega: float, tau: float, h: float = 1e-3) -> np.ndarray:
    """∂(μ̃, ν̃)/∂(μ, ν) of ``gmap`` by central differences with steps h and h/2, Richardson-extrapolated
    (error O(h⁴) in the truncation; the ν step is h·ν)."""
    def column(which: int, step: float) -> np.ndarray:
        if which == 0:
            plus, minus = gmap(mu + step, nu, omega, tau), gmap(mu - step, nu, omega, tau)
        else:
            plus, minus = gmap(mu, nu + step, omega, tau), gmap(mu, nu - step, omega, tau)
        return (np.array(plus) - np.array(minus)) / (2 * step)

    cols = []
    for which, base in ((0, h), (1, h * nu)):
        coarse, fine = column(which, base), column(which, base / 2)
        cols.append((4 * fine - coarse) / 3)
    return np.stack(cols, axis=1)
