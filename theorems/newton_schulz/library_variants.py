"""Plausible bugs planted in the library: the mutants of the library conformance claims."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import library as L
from .formulas import release_expanded_kernel


def _pinv_with(a: Any, alpha: Any = None, measure: Any = None, scaled: bool = True,
               max_iterations: int = 200) -> L.PinvResult:
    arr = np.asarray(a, dtype=float)
    scale = float(np.max(np.abs(arr))) if scaled else 1.0
    if scale == 0.0:
        return L.PinvResult(np.zeros(arr.T.shape), 0, 0.0)
    unit = arr / scale
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        a0 = (alpha or L._safe_alpha)(unit)
    v, k, step = L._iterate(unit, a0, max_iterations, measure or L._relative_step)
    return L.PinvResult(v / scale, k, step)


def pinv_smallest_residual(a: Any, *, max_iterations: int = 200) -> L.PinvResult:
    """Bug: the iterate with the smallest residual ‖AVA − A‖_F relative to ‖A‖_F."""
    def residual(unit: np.ndarray, v: np.ndarray, nxt: np.ndarray) -> float:
        return float(np.linalg.norm(unit @ nxt @ unit - unit))

    return _pinv_with(a, measure=residual, max_iterations=max_iterations)


def pinv_last_iterate(a: Any, *, max_iterations: int = 200) -> L.PinvResult:
    """Bug: no stopping rule, the last finite iterate of 200."""
    calls = [0]

    def countdown(unit: np.ndarray, v: np.ndarray, nxt: np.ndarray) -> float:
        calls[0] += 1
        return -float(calls[0])  # always smaller: every new iterate becomes the "best"

    return _pinv_with(a, measure=countdown, max_iterations=max_iterations)


def pinv_paper_alpha(a: Any, *, max_iterations: int = 200) -> L.PinvResult:
    """Bug: the paper's α = 2/‖A‖₁² (the endpoint αλ² = 2 for equal row sums; unsafe for non-square A)."""
    return _pinv_with(a, alpha=lambda u: 2.0 / float(np.max(np.abs(u).sum(axis=0))) ** 2,
                      max_iterations=max_iterations)


def pinv_unscaled(a: Any, *, max_iterations: int = 200) -> L.PinvResult:
    """Bug: α computed on A as given (‖A‖₁‖A‖∞ overflows to inf beyond 1e154: α = 0, V = 0)."""
    def alpha(u: np.ndarray) -> float:  # numpy division: inf (not an exception) when the norms underflow
        return float(np.divide(1.0, np.float64(np.max(np.abs(u).sum(axis=0))) * np.max(np.abs(u).sum(axis=1))))

    return _pinv_with(a, alpha=alpha, scaled=False, max_iterations=max_iterations)


def grad_first_term_only(a: Any, pinv: Any, grad: Any) -> np.ndarray:
    """Bug: the release's backward, −A⁺ᵀ G A⁺ᵀ only."""
    p, g = np.asarray(pinv, dtype=float), np.asarray(grad, dtype=float)
    return -(p.T @ g @ p.T)


def grad_terms_subtracted(a: Any, pinv: Any, grad: Any) -> np.ndarray:
    """Bug: the two Golub–Pereyra terms subtracted instead of added."""
    arr, p, g = (np.asarray(x, dtype=float) for x in (a, pinv, grad))
    left = np.eye(arr.shape[0]) - arr @ p
    right = np.eye(arr.shape[1]) - p @ arr
    return -(p.T @ g @ p.T) - left @ g.T @ p @ p.T - p.T @ p @ g.T @ right


def grad_left_term_missing(a: Any, pinv: Any, grad: Any) -> np.ndarray:
    """Bug: the term (I − AA⁺) Gᵀ A⁺ A⁺ᵀ left out."""
    arr, p, g = (np.asarray(x, dtype=float) for x in (a, pinv, grad))
    right = np.eye(arr.shape[1]) - p @ arr
    return -(p.T @ g @ p.T) + p.T @ p @ g.T @ right


def grad_right_term_missing(a: Any, pinv: Any, grad: Any) -> np.ndarray:
    """Bug: the term A⁺ᵀ A⁺ Gᵀ (I − A⁺A) left out."""
    arr, p, g = (np.asarray(x, dtype=float) for x in (a, pinv, grad))
    left = np.eye(arr.shape[0]) - arr @ p
    return -(p.T @ g @ p.T) + left @ g.T @ p @ p.T


def kernel_expanded(x: Any, y: Any | None = None) -> np.ndarray:
    """Bug: the release's expanded distance ‖x‖² + ‖y‖² − 2x·y (y omitted)."""
    return release_expanded_kernel(np.asarray(x, dtype=float))


def kernel_no_half(x: Any, y: Any | None = None) -> np.ndarray:
    """Bug: exp(−‖x_i − y_j‖²), the 1/2 dropped."""
    return L.gaussian_kernel(x, y) ** 2
