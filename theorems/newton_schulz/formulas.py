"""The algorithms under test, as the paper and the release state them, and their mutants.

The paper (arXiv 2207.03341; the iteration and its initial scaling are reconstructed, not read from
the paper body): V_{k+1} = 2V_k − V_k A V_k from V₀ = αAᵀ with α = 2/‖A‖₁², after Ben-Israel & Cohen
(1966). The functions here work on numpy arrays of floats, of ``fractions.Fraction`` or of mpmath
numbers alike (``@`` on object arrays), so the same code runs in float64, in exact rationals and at 40
digits.

The release (github.com/fudan-zvg/SOFT, master d3febc3), ported to numpy from reading it:

* ``SOFT/kernel/inverse.py::newton_inv(mat, iter=20)``: α = 0.9 · 2/(max row sum of ``mat``)², P = mat
  + 0.01 I, V = αP, then ``iter`` times V ← 2V − VPV (α per matrix of the batch: the row sums are
  reduced over the last axis, the maximum over the rows) — :func:`release_newton_inv`;
* ``_NewtonInverseKernel.backward``: grad_mat = −Vᵀ G Vᵀ with V the forward's output and G the upstream
  gradient — :func:`release_backward`;
* ``models/softmax_free_transformer.py::SoftmaxFreeNormAttentionKernel.newton_inv``: α = 2/(max row
  sum)², halved (β = 0.5) while the largest column sum of |I − PV| exceeds 1.01, at most 10 times; no
  shift; ``max_iter`` iterations — :func:`release_norm_newton_inv` (the class itself calls
  ``super(SoftmaxFreeSymNormAttentionKernel, self)``, a name the release does not define, so it cannot be
  built as released; the method is ported as written);
* ``subtraction_gaussian_kernel_torch``: ‖q‖² + ‖k‖² − 2 q·k, then exp(−·/2) —
  :func:`release_expanded_kernel`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp

#: The symbols of N6's closed form: x = αλ² and the step count k.
SYMBOLS = sp.symbols("x k")

# ------------------------------------------------------------------------------------------------
# The paper's iteration (N1, N2, N4, N6)
# ------------------------------------------------------------------------------------------------


def ns_step(a: Any, v: Any) -> Any:
    """One Newton–Schulz (Newton–Raphson) step V ↦ 2V − V A V."""
    return 2 * v - v @ a @ v


def ns_iterates(a: Any, alpha: Any, steps: int, step: Callable[[Any, Any], Any] = ns_step,
                start: Callable[[Any, Any], Any] | None = None) -> list[Any]:
    """[V₀, …, V_steps] from V₀ = αAᵀ (or ``start(a, alpha)``), with the update ``step``."""
    v = alpha * a.T if start is None else start(a, alpha)
    out = [v]
    for _ in range(steps):
        v = step(a, v)
        out.append(v)
    return out


def ns_iterate(a: Any, alpha: Any, steps: int) -> Any:
    """V_steps of the paper's iteration (the subject of the exact-arithmetic claim N4)."""
    return ns_iterates(a, alpha, steps)[-1]


def converges_condition(alpha: float, sigma_max: float) -> bool:
    """N2 as stated: V_k → A⁺ iff 0 < α σ_max(A)² < 2."""
    return 0 < alpha * sigma_max**2 < 2


def paper_alpha(a: Any) -> Any:
    """The paper's initial scale α = 2/‖A‖₁² (‖·‖₁ the largest absolute column sum; reconstructed)."""
    n1 = max(sum(abs(x) for x in col) for col in np.asarray(a).T)
    return 2 / (n1 * n1)


def simulated_component_error_at(digits: int, **case: Any) -> Any:
    """N6's ground truth: 1 − u_k from the scalar recursion u ↦ 2u − u², u₀ = x = αλ² (u = λv, the normalised
    eigen-component of V), run at 200 digits at least (``digits`` if more) and returned at that precision."""
    import mpmath

    with mpmath.workdps(max(digits, 200)):  # 1 − u_k can be as small as 0.05^64 ≈ 5e-84: 200 digits resolve it
        u = mpmath.mpf(case["x"])
        for _ in range(int(case["k"])):
            u = 2 * u - u * u
        return 1 - u


def simulated_component_error(**case: Any) -> float:
    """:func:`simulated_component_error_at` at 30 digits, as a float."""
    return float(simulated_component_error_at(30, **case))


#: τ = 1 − 10^(−3/2^20): the smallest α λ² whose component reaches relative error 1e-3 in 20 steps.
TWENTY_STEP_TAU = -math.expm1(-3 * math.log(10) / 2**20)


def within_after_twenty(alpha: float, eigenvalues: Any) -> bool:
    """N6 (the suite's answer): after 20 steps ‖I − AV₂₀‖₂ ≤ 1e-3 iff τ ≤ αλ² ≤ 2 − τ for every λ."""
    x = alpha * np.asarray(eigenvalues, dtype=float) ** 2
    return bool(np.all((x >= TWENTY_STEP_TAU) & (x <= 2 - TWENTY_STEP_TAU)))


def within_after_nineteen(alpha: float, eigenvalues: Any) -> bool:
    """Mutant of N6: the criterion for 19 steps (2^19)."""
    tau = -math.expm1(-3 * math.log(10) / 2**19)
    x = alpha * np.asarray(eigenvalues, dtype=float) ** 2
    return bool(np.all((x >= tau) & (x <= 2 - tau)))


def within_lower_end_only(alpha: float, eigenvalues: Any) -> bool:
    """Mutant of N6: only the lower end αλ_min² ≥ τ."""
    x = alpha * np.asarray(eigenvalues, dtype=float) ** 2
    return bool(np.all(x >= TWENTY_STEP_TAU))


def kappa_bounds_twenty(c: float, m: int) -> tuple[float, float]:
    """N6 for α = 2c/‖A‖₁² (m × m, c ≤ 1 − τ/2): 20 steps suffice when κ ≤ √(2c/(mτ)) and never when
    κ > √(2c/τ)."""
    return math.sqrt(2 * c / (m * TWENTY_STEP_TAU)), math.sqrt(2 * c / TWENTY_STEP_TAU)


# ------------------------------------------------------------------------------------------------
# Stopping rules in float64 (N5): each picks one iterate of [V₀, …, V_K]
# ------------------------------------------------------------------------------------------------


def _finite(iterates: list[np.ndarray]) -> list[np.ndarray]:
    out = []
    for v in iterates:
        if not np.all(np.isfinite(v)):
            break
        out.append(v)
    return out


def stop_last(a: np.ndarray, iterates: list[np.ndarray]) -> np.ndarray:
    """No stopping rule: the last iterate (NaN or infinite once the iterates have overflowed)."""
    return iterates[-1]


def stop_min_residual(a: np.ndarray, iterates: list[np.ndarray]) -> np.ndarray:
    """The finite iterate with the smallest residual ‖AVA − A‖_F."""
    good = _finite(iterates)
    with np.errstate(all="ignore"):
        res = [float(np.linalg.norm(a @ v @ a - a)) for v in good]
    return good[int(np.nanargmin(res))]


def _steps(iterates: list[np.ndarray]) -> tuple[list[np.ndarray], list[float], list[float]]:
    good = _finite(iterates)
    with np.errstate(all="ignore"):
        absolute = [float(np.linalg.norm(good[k + 1] - good[k])) for k in range(len(good) - 1)]
        relative = [d / float(np.linalg.norm(good[k + 1])) for k, d in enumerate(absolute)]
    return good, absolute, relative


def stop_min_step(a: np.ndarray, iterates: list[np.ndarray]) -> np.ndarray:
    """V_{k+1} with the smallest relative step ‖V_{k+1} − V_k‖_F/‖V_{k+1}‖_F (finite iterates only)."""
    good, _, relative = _steps(iterates)
    return good[1 + int(np.nanargmin(relative))]


def stop_min_absolute_step(a: np.ndarray, iterates: list[np.ndarray]) -> np.ndarray:
    """Mutant of the stopping rule: the smallest absolute step ‖V_{k+1} − V_k‖_F."""
    good, absolute, _ = _steps(iterates)
    return good[1 + int(np.nanargmin(absolute))]


# ------------------------------------------------------------------------------------------------
# The release (N7, N8, N3's safeguard, N9's kernel)
# ------------------------------------------------------------------------------------------------


def release_alpha(mat: np.ndarray) -> float:
    """``0.9 * 2 / torch.max(torch.sum(mat, dim=-1), -1)[0] ** 2`` for one matrix."""
    return 0.9 * 2 / float(np.max(np.sum(mat, axis=-1))) ** 2


def release_newton_inv(mat: np.ndarray, iterations: int = 20) -> np.ndarray:
    """``inverse.py::newton_inv``: α from ``mat``, P = mat + 0.01 I, V₀ = αP, ``iterations`` × V ← 2V − VPV."""
    p = mat + 0.01 * np.eye(mat.shape[-1])
    v = release_alpha(mat) * p
    for _ in range(iterations):
        v = 2 * v - v @ p @ v
    return v


def release_backward(v: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``_NewtonInverseKernel.backward``: −Vᵀ G Vᵀ."""
    return -(v.T @ g @ v.T)


def release_norm_alpha(mat: np.ndarray) -> float:
    """The α that ``SoftmaxFreeNormAttentionKernel.newton_inv`` starts its iterations with."""
    eye = np.eye(mat.shape[-1])
    alpha = 2 / float(np.max(np.sum(mat, axis=-1))) ** 2
    pnorm = float(np.max(np.sum(np.abs(eye - mat @ (alpha * mat)), axis=-2)))
    count = 0
    while pnorm > 1.01 and count < 10:
        alpha *= 0.5
        pnorm = float(np.max(np.sum(np.abs(eye - mat @ (alpha * mat)), axis=-2)))
        count += 1
    return alpha


def release_norm_newton_inv(mat: np.ndarray, max_iter: int = 20) -> np.ndarray:
    """``SoftmaxFreeNormAttentionKernel.newton_inv``: the safeguarded α, no shift, ``max_iter`` steps."""
    v = release_norm_alpha(mat) * mat
    for _ in range(max_iter):
        v = 2 * v - v @ mat @ v
    return v


def release_expanded_kernel(x: np.ndarray) -> np.ndarray:
    """``subtraction_gaussian_kernel_torch(q, q)`` then ``exp(−·/2)``: ‖q_i‖² + ‖q_j‖² − 2 q_i·q_j."""
    sq = np.sum(x * x, axis=1)
    return np.exp(-(sq[:, None] + sq[None, :] - 2 * x @ x.T) / 2)


# ------------------------------------------------------------------------------------------------
# Mutants
# ------------------------------------------------------------------------------------------------


def step_sign_lost(a: Any, v: Any) -> Any:
    """Mutant of the update: V ↦ V A V (the 2V term and the sign lost)."""
    return v @ a @ v


def step_left_multiplied(a: Any, v: Any) -> Any:
    """Mutant of the update: V ↦ 2V − A V V (A multiplied on the wrong side)."""
    return 2 * v - a @ v @ v


def step_plus(a: Any, v: Any) -> Any:
    """Mutant of the update: V ↦ 2V + V A V."""
    return 2 * v + v @ a @ v


def _one(a: Any) -> Any:
    """1 in the arithmetic of ``a``'s entries (int → Fraction-friendly, float, mpmath)."""
    return a.flat[0] * 0 + 1


def iterates_shifted(a: Any, alpha: Any, steps: int) -> list[Any]:
    """Mutant of N4: the release's shift, iterating on A + I/100 (converges to (A + I/100)⁻¹)."""
    shifted = a + np.eye(a.shape[0], dtype=a.dtype) * _one(a) / 100
    return ns_iterates(shifted, alpha, steps)


def iterates_from_identity(a: Any, alpha: Any, steps: int) -> list[Any]:
    """Mutant of N4: V₀ = αI (not in the range of A: the null-space part doubles every step)."""
    return ns_iterates(a, alpha, steps, start=lambda m, al: np.eye(m.shape[0], dtype=m.dtype) * _one(m) * al)


def iterate_sign_lost(a: Any, alpha: Any, steps: int) -> Any:
    """Mutant of N4: the update V A V."""
    return ns_iterates(a, alpha, steps, step=step_sign_lost)[-1]


def alpha_unsquared_one_norm(a: Any) -> Any:
    """Mutant of α: 2/‖A‖₁ (not squared)."""
    n1 = max(sum(abs(x) for x in col) for col in np.asarray(a).T)
    return 2 / n1


def alpha_unsquared_frobenius(a: Any) -> Any:
    """Mutant of α: 2/‖A‖_F (not squared)."""
    return 2 / math.sqrt(float(np.sum(np.asarray(a, dtype=float) ** 2)))


def alpha_frobenius_squared(a: Any) -> Any:
    """Mutant of α: 2/‖A‖_F² (exact only for rank one)."""
    return 2 / float(np.sum(np.asarray(a, dtype=float) ** 2))


def alpha_release_factor(a: Any) -> Any:
    """Mutant of the paper's α: the release's 0.9 · 2/‖A‖₁²."""
    return 0.9 * paper_alpha(a)


def release_without_shift(mat: np.ndarray, iterations: int = 20) -> np.ndarray:
    """Mutant of the release port: no 0.01 I shift (iterates on ``mat``)."""
    v = release_alpha(mat) * mat
    for _ in range(iterations):
        v = 2 * v - v @ mat @ v
    return v


def release_mixed(mat: np.ndarray, iterations: int = 20) -> np.ndarray:
    """Mutant of the release port: initialised with P = mat + 0.01 I but iterating with ``mat``."""
    p = mat + 0.01 * np.eye(mat.shape[-1])
    v = release_alpha(mat) * p
    for _ in range(iterations):
        v = 2 * v - v @ mat @ v
    return v


def release_no_factor(mat: np.ndarray, iterations: int = 20) -> np.ndarray:
    """Mutant of the release port: α = 2/(max row sum)², without the 0.9."""
    p = mat + 0.01 * np.eye(mat.shape[-1])
    v = 2 / float(np.max(np.sum(mat, axis=-1))) ** 2 * p
    for _ in range(iterations):
        v = 2 * v - v @ p @ v
    return v


def release_unsquared(mat: np.ndarray, iterations: int = 20) -> np.ndarray:
    """Mutant of the release port: α = 1.8/(max row sum), not squared."""
    p = mat + 0.01 * np.eye(mat.shape[-1])
    v = 1.8 / float(np.max(np.sum(mat, axis=-1))) * p
    for _ in range(iterations):
        v = 2 * v - v @ p @ v
    return v


def backward_grad_transposed(v: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Mutant of the backward: −Vᵀ Gᵀ Vᵀ (the upstream gradient transposed)."""
    return -(v.T @ g.T @ v.T)


def backward_no_transpose(v: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Mutant of the backward: −V G V (no transposes)."""
    return -(v @ g @ v)


def backward_plus(v: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Mutant of the backward: +Vᵀ G Vᵀ."""
    return v.T @ g @ v.T


def norm_alpha_spectral_test(mat: np.ndarray) -> float:
    """Mutant of the Norm variant's safeguard: halve α while ‖I − αA²‖₂ ≥ 1 (what convergence needs)."""
    eye = np.eye(mat.shape[-1])
    alpha = 2 / float(np.max(np.sum(mat, axis=-1))) ** 2
    count = 0
    while np.linalg.norm(eye - alpha * mat @ mat, 2) > 1 - 1e-9 and count < 10:
        alpha *= 0.5
        count += 1
    return alpha


# ------------------------------------------------------------------------------------------------
# N9: the equality case of ‖A‖₂ ≤ ‖A‖₁
# ------------------------------------------------------------------------------------------------

#: Row sums agreeing to this relative tolerance count as equal (float64 sums of ≤ 64 entries in (0, 1]
#: are exact to ≈ 64ε ≈ 1.4e-14 relative; a generic configuration's row sums differ by far more).
ROW_SUM_RTOL = 1e-12


def equal_row_sums(a: np.ndarray) -> bool:
    """The suite's answer to N9: ‖A‖₂ = ‖A‖₁ iff all row sums of A are equal."""
    sums = np.sum(a, axis=1)
    return bool(np.ptp(sums) <= ROW_SUM_RTOL * np.max(np.abs(sums)))


def coincident_only(a: np.ndarray) -> bool:
    """Mutant of N9's answer: equality only for coincident landmarks (A = 11ᵀ)."""
    return bool(np.all(np.abs(a - 1) <= ROW_SUM_RTOL))


def two_landmarks_only(a: np.ndarray) -> bool:
    """Mutant of N9's answer: equality only for m = 2."""
    return a.shape[0] == 2


def norms_always_equal(a: np.ndarray) -> bool:
    """Mutant of N9's answer: ‖A‖₂ = ‖A‖₁ for every kernel matrix."""
    return True


# ------------------------------------------------------------------------------------------------
# N10: multiply-adds of the attention, counted on shapes
# ------------------------------------------------------------------------------------------------


class Shape:
    """An array that has only a shape; :class:`Counter` counts what multiplying such arrays costs."""

    def __init__(self, *shape: int) -> None:
        self.shape = tuple(shape)

    @property
    def T(self) -> Shape:  # noqa: N802 - numpy's name
        return Shape(*reversed(self.shape))


class Counter:
    """Multiply-adds of the matrix products (and convolutions) of a traced forward pass."""

    def __init__(self) -> None:
        self.macs = 0

    def matmul(self, a: Shape, b: Shape) -> Shape:
        (n, k), (k2, p) = a.shape, b.shape
        if k != k2:
            raise ValueError(f"shapes {a.shape} and {b.shape} do not multiply")
        self.macs += n * k * p
        return Shape(n, p)

    def conv(self, positions: int, d_in: int, d_out: int, window: int) -> Shape:
        """A convolution producing ``positions`` outputs of ``d_out`` channels from ``window`` inputs each."""
        self.macs += positions * d_out * d_in * window
        return Shape(positions, d_out)

    def gaussian(self, q: Shape, k: Shape) -> Shape:
        """``subtraction_gaussian_kernel_torch(q, kᵀ)``: q²·1 + 1·k² − 2 q kᵀ, three products, then exp."""
        ones_right, ones_left = Shape(q.shape[1], k.shape[0]), Shape(q.shape[0], k.shape[1])
        self.matmul(q, ones_right)  # ‖q_i‖² for every column
        self.matmul(ones_left, k.T)  # ‖k_j‖² for every row
        return self.matmul(q, k.T)


def soft_attention_trace(c: Counter, n: int, m: int, d: int, iterations: int) -> Shape:
    """SoftmaxFreeAttentionKernel.forward (ratio > 1) on shapes, one head: landmarks by a stride-r
    convolution (r² = n/m inputs per landmark), kernels K₁ (n × m) and K₂ (m × m), ``iterations`` Newton
    steps on K₂, then (K₁ · newton_inv(K₂)) · (K₁ᵀ V), the order of the release."""
    q, v = Shape(n, d), Shape(n, d)
    landmarks = c.conv(m, d, d, n // m)
    k1 = c.gaussian(q, landmarks)
    k2 = c.gaussian(landmarks, landmarks)
    inv = Shape(m, m)
    for _ in range(iterations):
        c.matmul(c.matmul(inv, k2), inv)
    return c.matmul(c.matmul(k1, inv), c.matmul(k1.T, v))


def soft_attention_macs(n: int, m: int, d: int, iterations: int = 20) -> int:
    """N10's subject: the multiply-adds of one head of SOFT attention, counted on the traced forward."""
    c = Counter()
    soft_attention_trace(c, n, m, d, iterations)
    return c.macs


def exact_attention_macs(n: int, d: int) -> int:
    """Exact attention on shapes: (Q Kᵀ) V, n²d + n²d multiply-adds."""
    c = Counter()
    q = Shape(n, d)
    c.matmul(c.matmul(q, q.T), Shape(n, d))
    return c.macs


def soft_attention_macs_n_by_n(n: int, m: int, d: int, iterations: int = 20) -> int:
    """Mutant of N10: the approximate attention matrix K₁ A⁺ K₁ᵀ (n × n) formed before multiplying V."""
    c = Counter()
    q, v = Shape(n, d), Shape(n, d)
    landmarks = c.conv(m, d, d, n // m)
    k1 = c.gaussian(q, landmarks)
    k2 = c.gaussian(landmarks, landmarks)
    inv = Shape(m, m)
    for _ in range(iterations):
        c.matmul(c.matmul(inv, k2), inv)
    c.matmul(c.matmul(c.matmul(k1, inv), k1.T), v)
    return c.macs


def release_landmarks(height: int, width: int, ratio: int) -> int:
    """Landmarks of the release: Conv2d(kernel_size=ratio, stride=ratio) on an H × W token grid gives
    ⌊(H − r)/r + 1⌋ · ⌊(W − r)/r + 1⌋ positions."""
    return ((height - ratio) // ratio + 1) * ((width - ratio) // ratio + 1)
