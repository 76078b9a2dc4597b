"""What a practitioner calls: the Gaussian kernel of SOFT, the Newton–Schulz pseudo-inverse with a
stopping rule that works in float64, and the gradient of the pseudo-inverse.

* :func:`gaussian_kernel` — ``exp(−‖x_i − y_j‖²/2)`` from the differences themselves (not from
  ``‖x‖² + ‖y‖² − 2x·y``, whose cancellation gives entries above 1 for near-coincident points of large
  norm): entries in [0, 1], unit diagonal and exact symmetry when ``y`` is omitted.
* :func:`newton_schulz_pinv` — the iteration V_{k+1} = 2V_k − V_k A V_k from V₀ = αAᵀ (Ben-Israel &
  Cohen 1966), for any real matrix. α = 1/(‖A‖₁‖A‖∞) ≤ 1/σ_max(A)², so α σ_max² ≤ 1 < 2 for every
  A ≠ 0 (the convergence condition); A is divided by its largest entry first, so any scale works. In
  float64 the iteration does not converge for a rank-deficient A: rounding seeds the null space and the
  update doubles what it finds there, until the iterates overflow. The function therefore returns the
  iterate with the smallest relative step ‖V_{k+1} − V_k‖_F/‖V_{k+1}‖_F (the second Penrose residual
  ‖VAV − V‖ relative to ‖V‖). The residual ‖AVA − A‖ is blind to the null-space growth (A annihilates
  it) and is not used.
* :func:`pinv_grad` — ∂L/∂A from G = ∂L/∂A⁺ (Golub & Pereyra 1973): −A⁺ᵀGA⁺ᵀ + (I − AA⁺)GᵀA⁺A⁺ᵀ +
  A⁺ᵀA⁺Gᵀ(I − A⁺A), the derivative along perturbations that keep the rank. The released backward keeps
  only the first term, the derivative of the inverse.

Every argument is validated: a ``TypeError`` (not a real array; booleans, strings, complex numbers)
or ``ValueError`` (NaN, infinity, empty, wrong shape, out of range) names it.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from typing import Any

import numpy as np

__all__ = ["PinvResult", "gaussian_kernel", "newton_schulz_pinv", "pinv_grad", "STEP_CONVERGED", "PATIENCE"]

#: The relative step below which the iteration counts as converged: after it, PATIENCE iterations
#: without a smaller step end the run (the null-space growth has begun).
STEP_CONVERGED = 1e-6
#: Iterations without a smaller relative step, once below STEP_CONVERGED, before stopping.
PATIENCE = 10
#: The most iterations the caller may ask for.
MAX_ITERATIONS = 10_000


@dataclasses.dataclass(frozen=True)
class PinvResult:
    """What :func:`newton_schulz_pinv` returns.

    pinv: the iterate with the smallest relative step, scaled back (shape n × m for an m × n input).
    iterations: the index k of that iterate V_k (0 for A = 0).
    relative_step: ‖V_k − V_{k−1}‖_F/‖V_k‖_F at that iterate (0 for A = 0).
    """

    pinv: np.ndarray
    iterations: int
    relative_step: float


def _real_matrix(name: str, value: object, *, ndim: int = 2) -> np.ndarray:
    """``value`` as a finite, non-empty float array with ``ndim`` dimensions, or an error naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_, numbers.Number)) and ndim > 0:
        raise TypeError(f"{name} must be a {ndim}-D array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of real numbers (rows of equal length)") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings or complex numbers)")
        try:
            raw = raw.astype(float)
        except OverflowError:
            raise ValueError(f"{name} must be finite (an entry exceeds the float range)") from None
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    if raw.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {raw.shape}")
    if raw.size == 0:
        raise ValueError(f"{name} is empty (shape {raw.shape})")
    arr = raw.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _count(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if not low <= int(value) <= high:
        raise ValueError(f"{name} must lie in [{low}, {high}], got {value!r}")
    return int(value)


def gaussian_kernel(x: Any, y: Any | None = None) -> np.ndarray:
    """K_ij = exp(−‖x_i − y_j‖²/2) for the rows x_i of ``x`` (n × d) and y_j of ``y`` (p × d; ``x`` itself
    when omitted: the n × n kernel matrix, exactly symmetric with unit diagonal).

    The squared distances are summed from the differences, scaled by their largest entry first, so
    near-coincident points of any norm give entries ≤ 1 and far points give 0 without overflow.
    """
    xs = _real_matrix("x", x)
    ys = xs if y is None else _real_matrix("y", y)
    if ys.shape[1] != xs.shape[1]:
        raise ValueError(f"y must have {xs.shape[1]} columns like x (the dimension d), got shape {ys.shape}")
    diff = xs[:, None, :] - ys[None, :, :]  # exact for the same point: 0
    with np.errstate(over="ignore", invalid="ignore"):
        big = np.max(np.abs(diff), axis=2)  # ‖Δ‖² = big² · ‖Δ/big‖², without overflow
        safe = np.where(big > 0, big, 1.0)
        unit = diff / safe[..., None]
        sq = np.einsum("ijk,ijk->ij", unit, unit)
        half = 0.5 * big * big * sq  # inf when it overflows: exp(−inf) = 0, as it should be
        half = np.where(np.isfinite(big), half, np.inf)
    out = np.exp(-half)
    if y is None:
        out = 0.5 * (out + out.T)  # exact symmetry (the sums above are already symmetric up to order)
        np.fill_diagonal(out, 1.0)
    return out


def newton_schulz_pinv(a: Any, *, max_iterations: int = 200) -> PinvResult:
    """The Moore–Penrose inverse of a real m × n matrix by the Newton–Schulz iteration.

    V₀ = αÂᵀ with Â = A/max|a_ij| and α = 1/(‖Â‖₁‖Â‖∞); V_{k+1} = 2V_k − V_k Â V_k for at most
    ``max_iterations`` steps (an integer in [1, 10000]). Returns the iterate with the smallest relative
    step ‖V_{k+1} − V_k‖_F/‖V_{k+1}‖_F, divided by max|a_ij|; the run stops early once that step has
    been below 1e-6 and has not improved for 10 iterations, or when an iterate is no longer finite.
    A = 0 gives the zero matrix (its pseudo-inverse). The relative error of the result is of the order
    of √min(m, n) · κ(A) · ε, κ the ratio of the extreme non-zero singular values.
    """
    arr = _real_matrix("a", a)
    limit = _count("max_iterations", max_iterations, 1, MAX_ITERATIONS)
    scale = float(np.max(np.abs(arr)))
    if scale == 0.0:
        return PinvResult(np.zeros(arr.T.shape), 0, 0.0)
    unit = arr / scale
    v, k, step = _iterate(unit, _safe_alpha(unit), limit, _relative_step)
    return PinvResult(v / scale, k, step)


def _safe_alpha(unit: np.ndarray) -> float:
    """1/(‖A‖₁‖A‖∞) ≤ 1/σ_max²: σ_max² = ‖AᵀA‖₂ ≤ ‖AᵀA‖₁ ≤ ‖Aᵀ‖₁‖A‖₁ = ‖A‖∞‖A‖₁."""
    return 1.0 / (float(np.max(np.abs(unit).sum(axis=0))) * float(np.max(np.abs(unit).sum(axis=1))))


def _relative_step(unit: np.ndarray, v: np.ndarray, nxt: np.ndarray) -> float:
    """‖V_{k+1} − V_k‖_F/‖V_{k+1}‖_F, the measure the best iterate minimises."""
    return float(np.linalg.norm(nxt - v)) / float(np.linalg.norm(nxt))


def _iterate(unit: np.ndarray, alpha: float, limit: int,
             measure: Any) -> tuple[np.ndarray, int, float]:
    """The iteration from V₀ = α Âᵀ: (the iterate minimising ``measure``, its index, the measure there)."""
    v = alpha * unit.T
    best_v, best_k, best_step, stale = v, 0, math.inf, 0
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, limit + 1):
            nxt = 2.0 * v - v @ unit @ v
            size = float(np.linalg.norm(nxt))
            if not (np.all(np.isfinite(nxt)) and math.isfinite(size)) or size == 0.0:
                break
            step = measure(unit, v, nxt)
            if step < best_step:
                best_v, best_k, best_step, stale = nxt, k, step, 0
            else:
                stale += 1
            v = nxt
            if step == 0.0 or (best_step <= STEP_CONVERGED and stale >= PATIENCE):
                break
    return best_v, best_k, best_step


def pinv_grad(a: Any, pinv: Any, grad: Any) -> np.ndarray:
    """∂L/∂A for a loss L(A⁺), given A (m × n), its pseudo-inverse A⁺ (n × m) and G = ∂L/∂A⁺ (n × m):

        −A⁺ᵀ G A⁺ᵀ + (I − A A⁺) Gᵀ A⁺ A⁺ᵀ + A⁺ᵀ A⁺ Gᵀ (I − A⁺ A)        (Golub & Pereyra 1973)

    the gradient along perturbations of A that keep its rank (A⁺ is not continuous across a change of
    rank). At an invertible A the last two terms vanish and it is −A⁻ᵀ G A⁻ᵀ. ``pinv`` and ``grad`` are
    divided by their largest entries first, so their scales do not overflow the intermediate products;
    a ``ValueError`` says when the gradient itself exceeds the float range.
    """
    arr = _real_matrix("a", a)
    p = _real_matrix("pinv", pinv)
    if p.shape != arr.T.shape:
        raise ValueError(f"pinv must have shape {arr.T.shape} (the transpose of a's), got {p.shape}")
    g = _real_matrix("grad", grad)
    if g.shape != p.shape:
        raise ValueError(f"grad must have the shape of pinv {p.shape}, got {g.shape}")
    sp_, sg = float(np.max(np.abs(p))), float(np.max(np.abs(g)))
    if sp_ == 0.0 or sg == 0.0:
        return np.zeros(arr.shape)
    pu, gu = p / sp_, g / sg
    with np.errstate(over="ignore", invalid="ignore"):
        left = np.eye(arr.shape[0]) - arr @ p  # I − AA⁺ (scale-free: A and A⁺ scale inversely)
        right = np.eye(arr.shape[1]) - p @ arr  # I − A⁺A
        unit = -pu.T @ gu @ pu.T + left @ gu.T @ pu @ pu.T + pu.T @ pu @ gu.T @ right
        (m1, e1), (m2, e2) = math.frexp(sp_), math.frexp(sg)  # pinv² · grad = m1²m2 · 2^(2e1 + e2)
        out = np.ldexp(unit * (m1 * m1 * m2), 2 * e1 + e2)
    if not np.all(np.isfinite(out)):
        raise ValueError("grad: the gradient exceeds the float range (pinv² · grad overflows)")
    return out
