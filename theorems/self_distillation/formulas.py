"""The formulas under test, as the paper states them (each a claim's subject), and their mutants.

Setup (arXiv 2102.13088, kernel ridge regression): training kernel matrix K (N × N, symmetric PSD),
targets y, ridge λ > 0, A = K(K + λI)⁻¹. Step t minimises α‖y − f(X)‖² + (1 − α)‖f_{t−1}(X) − f(X)‖²
+ λ‖f‖²_ℋ; on the training points f_t = A(αy + (1 − α)f_{t−1}) with f_0 = Ay, the plain ridge fit.
Per eigen-mode of K (eigenvalue d) A multiplies by a = d/(d + λ).

Everything here is written plainly, with dense solves and matrix powers, as the paper states it; the
checks compute their ground truth another way (least squares on the objective, exact rationals,
iteration, mpmath solves, grid search).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from claimkit import Formula, interval

# -- the ridge operator ------------------------------------------------------------------------------


def ridge_operator(K: np.ndarray, lam: float) -> np.ndarray:
    """A = K(K + λI)⁻¹."""
    n = K.shape[0]
    return np.linalg.solve(K + lam * np.eye(n), K).T  # (K + λI)⁻¹K = K(K + λI)⁻¹ (they commute), transposed


# -- one step on the training points --------------------------------------------------------------


def distill_step(K, y, previous, alpha, lam):
    """f_t(X) = A(αy + (1 − α)f_{t−1}(X))."""
    return ridge_operator(K, lam) @ (alpha * y + (1 - alpha) * previous)


def step_swapped_weights(K, y, previous, alpha, lam):
    """Mutant: weight 1 − α on the ground truth and α on the teacher."""
    return ridge_operator(K, lam) @ ((1 - alpha) * y + alpha * previous)


def step_teacher_only_smoothed(K, y, previous, alpha, lam):
    """Mutant: only the teacher's values are passed through A: αy + (1 − α)Af_{t−1}."""
    return alpha * y + (1 - alpha) * ridge_operator(K, lam) @ previous


def step_ridge_doubled(K, y, previous, alpha, lam):
    """Mutant: the two squared errors each carry their own ridge, A = K(K + 2λI)⁻¹."""
    return ridge_operator(K, 2 * lam) @ (alpha * y + (1 - alpha) * previous)


# -- closed form from the initial fit ----------------------------------------------------------------


def closed_form(K, y, alpha, lam, t):
    """f_t = Σ_{j<t} α((1 − α)A)^j A y + ((1 − α)A)^t f_0, f_0 = Ay."""
    A = ridge_operator(K, lam)
    M = (1 - alpha) * A
    f0 = A @ y
    total = np.zeros_like(f0)
    for j in range(t):
        total = total + alpha * np.linalg.matrix_power(M, j) @ (A @ y)
    return total + np.linalg.matrix_power(M, t) @ f0


def closed_form_off_by_one(K, y, alpha, lam, t):
    """Mutant: the sum runs to j ≤ t (one distillation step too many on the ground-truth part)."""
    return _closed_sum(K, y, alpha, lam, t + 1, t)


def closed_form_from_targets(K, y, alpha, lam, t):
    """Mutant: the recursion started at f_0 = y (no initial fit) but counted as the paper's steps."""
    return _closed_sum(K, y, alpha, lam, t, t, start=y)


def closed_form_swapped(K, y, alpha, lam, t):
    """Mutant: teacher weight α and ground-truth weight 1 − α swapped."""
    return closed_form(K, y, 1 - alpha, lam, t)


def _closed_sum(K, y, alpha, lam, terms, power, start=None):
    """Σ_{j<terms} α((1 − α)A)^j A y + ((1 − α)A)^power start (start = Ay by default)."""
    A = ridge_operator(K, lam)
    M = (1 - alpha) * A
    f0 = A @ y if start is None else start
    total = np.zeros_like(A @ y)
    for j in range(terms):
        total = total + alpha * np.linalg.matrix_power(M, j) @ (A @ y)
    return total + np.linalg.matrix_power(M, power) @ f0


# -- infinitely many steps -------------------------------------------------------------------------------


def limit(K, y, alpha, lam):
    """f_∞ = K(K + (λ/α)I)⁻¹ y, α ∈ (0, 1]."""
    return K @ np.linalg.solve(K + (lam / alpha) * np.eye(K.shape[0]), y)


def _limit_with(scale):
    def fn(K, y, alpha, lam):
        return K @ np.linalg.solve(K + lam * scale(alpha) * np.eye(K.shape[0]), y)
    return fn


limit_lambda_times_alpha = _limit_with(lambda a: a)
limit_lambda_times_alpha.__doc__ = "Mutant: λα instead of λ/α."
limit_lambda_over_one_minus_alpha = _limit_with(lambda a: 1.0 / max(1 - a, 1e-300))
limit_lambda_over_one_minus_alpha.__doc__ = "Mutant: λ/(1 − α) (the weights swapped)."
limit_lambda_over_alpha_squared = _limit_with(lambda a: 1.0 / a**2)
limit_lambda_over_alpha_squared.__doc__ = "Mutant: amplification 1/α²."

# the per-mode multiplier of the limit, a formula claim
d_, lam_, alpha_ = sp.symbols("d lambda alpha")
LIMIT_MULTIPLIER = Formula(d_ / (d_ + lam_ / alpha_),
                           {"d": interval(0, 100), "lambda": interval(1e-3, 10, log=True),
                            "alpha": interval(0.01, 1)},
                           name="limit_multiplier")


# -- the boundaries α = 0 and α = 1 -------------------------------------------------------------------


def _top_multiplier(K, lam):
    d = float(np.linalg.eigvalsh(K).max())
    return d / (d + lam)


BOUNDARIES = {
    "alpha_zero_limit": lambda K, y, lam: np.zeros_like(y),        # the zero function
    "alpha_one_step": lambda K, y, lam, t: ridge_operator(K, lam) @ y,  # f_t = f_0 for every t
    "collapse_rate": _top_multiplier,                                  # ‖f_t‖ shrinks like (d_max/(d_max + λ))^t
}
BOUNDARY_MUTANTS = {
    "alpha_zero_to_ridge": {**BOUNDARIES, "alpha_zero_limit": lambda K, y, lam: ridge_operator(K, lam) @ y},
    "alpha_one_keeps_smoothing": {**BOUNDARIES, "alpha_one_step":
                                  lambda K, y, lam, t: np.linalg.matrix_power(ridge_operator(K, lam), t + 1) @ y},
    "rate_of_smallest_mode": {**BOUNDARIES, "collapse_rate":
                              lambda K, lam: (lambda d: d / (d + lam))(max(float(np.linalg.eigvalsh(K).min()), 0.0))},
    "rate_lambda_share": {**BOUNDARIES, "collapse_rate":
                          lambda K, lam: lam / (float(np.linalg.eigvalsh(K).max()) + lam)},
}


# -- the per-mode multipliers -----------------------------------------------------------------------


def multipliers(a, alpha, t):
    """B_0 = a, B_s = a((1 − α)B_{s−1} + α) for s = 1 … t; returns [B_0, …, B_t] (works on Fractions)."""
    out = [a]
    for _ in range(t):
        out.append(a * ((1 - alpha) * out[-1] + alpha))
    return out


def multipliers_no_shrink(a, alpha, t):
    """Mutant: the teacher is not re-fitted, B_s = (1 − α)B_{s−1} + αa (stays at a)."""
    out = [a]
    for _ in range(t):
        out.append((1 - alpha) * out[-1] + alpha * a)
    return out


def multipliers_pure_distillation(a, alpha, t):
    """Mutant: the α = 0 law B_s = a^{s+1} whatever α."""
    return [a ** (s + 1) for s in range(t + 1)]


def multipliers_large_modes_first(a, alpha, t):
    """Mutant: B_s = a(α + (1 − α)(1 − a))^s (large modes shrink faster)."""
    return [a * (alpha + (1 - alpha) * (1 - a)) ** s for s in range(t + 1)]


# -- the optimal weight -------------------------------------------------------------------------------


def alpha_star(A, y, previous, reference):
    """α* = ⟨A(y − f), y* − Af⟩/‖A(y − f)‖², the minimiser of ‖Af + αA(y − f) − y*‖² over α ∈ ℝ."""
    u = A @ (y - previous)
    r = reference - A @ previous
    return float(u @ r / (u @ u))


def alpha_star_clipped(A, y, previous, reference):
    """Mutant: the closed form clipped to [0, 1] silently."""
    return min(1.0, max(0.0, alpha_star(A, y, previous, reference)))


def alpha_star_unsmoothed(A, y, previous, reference):
    """Mutant: the direction y − f without A."""
    u = y - previous
    r = reference - A @ previous
    return float(u @ r / (u @ u))


def alpha_star_wrong_anchor(A, y, previous, reference):
    """Mutant: the residual taken against f instead of Af."""
    u = A @ (y - previous)
    r = reference - previous
    return float(u @ r / (u @ u))


def constrained_alpha_star(A, y, previous, reference):
    """Suite refinement of the optimal weight: the minimiser over α ∈ [0, 1] is the closed form clipped to [0, 1]."""
    return min(1.0, max(0.0, alpha_star(A, y, previous, reference)))


def constrained_at_zero_or_one(A, y, previous, reference):
    """Mutant: the better of the two end points only."""
    u = A @ (y - previous)
    r = reference - A @ previous
    return 0.0 if float(r @ r) <= float((r - u) @ (r - u)) else 1.0


def in_unit_interval(value):
    """The stated range of the optimal weight: α* ∈ [0, 1]."""
    return 0 <= value <= 1
