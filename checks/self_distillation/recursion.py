"""Checks of the recursion, its closed form and its limit.

Routes: least squares on the step objective and its exact normal equations; the recursion iterated
in float64 and in exact rationals; 3000 iterations and a 30-digit mpmath solve of the fixed-point
equation.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.self_distillation import claims as C
from .exact import iterate, matvec, mp_matrix, solve
from .strategies import (
    alphas,
    exact_instance,
    kernel_instance,
    kinds,
    lams,
    rational_alphas,
    rational_lams,
    seeds,
    sizes,
    to_float,
)

# Least squares on the stacked system [√α K; √(1−α) K; √λ Lᵀ] c ≈ [√α y; √(1−α) g; 0] (K = LLᵀ): the solver's
# error in f = Kc is ≤ κ ε ‖target‖ with κ ≤ √(cond(K + λI)) ≤ √(41/1e-3) ≈ 200, i.e. ≈ 5e-14 relative to the
# largest target; 1e-9 of the largest |target| leaves ×1e4 headroom. The mutants move f by O(λ/(d + λ)) ≥ 1e-5.
LSTSQ_TOL = 1e-9
# float64 against exact rationals: A(·) through one solve with cond ≤ 1e3 (K = ZZᵀ + I, |Z| ≤ 3, n ≤ 4):
# ≤ 1e3·ε ≈ 2e-13 per application, t ≤ 8 applications; 1e-10 relative to max|f| leaves ×50 headroom.
EXACT_RTOL = 1e-10
# 3000 iterations: the error left is ((1 − α)a_max)^3000 ≤ 1e-13 (examples slower than that are rejected);
# rounding accumulates ≤ 1/(1 − c) · cond ε ≤ 1e3 · 2e-13; 1e-9 of max|y| leaves ×1e3 headroom.
ITER_STEPS = 3000
ITER_TOL = 1e-9


def _float_instance(ev, seed, n, kind):
    K, y, g = kernel_instance(seed, n, kind)
    ev.show("K (first rows)", np.round(K[:3], 6))
    ev.show("y", y)
    return K, y, g


# -- the step ------------------------------------------------------------------------------------------


@C.STEP_SOLVES_OBJECTIVE.check(given={"seed": seeds, "n": sizes, "kind": kinds, "lam": lams, "alpha": alphas},
                               examples=8, precision="float64 least squares (numpy lstsq)",
                               tolerance=f"{LSTSQ_TOL:g} of max|target| (LSTSQ_TOL)")
def matches_least_squares_on_objective(subject, ev, seed, n, kind, lam, alpha):
    r"""$f_t(X)$ equals $Kc$ for the coefficients $c$ minimising the step objective, by least squares on the
    stacked system (the RKHS norm is $\lVert L^\top c\rVert^2$, $K = LL^\top$)."""
    K, y, g = _float_instance(ev, seed, n, kind)
    d, V = np.linalg.eigh(K)
    L = V * np.sqrt(np.clip(d, 0.0, None))
    M = np.vstack([np.sqrt(alpha) * K, np.sqrt(1 - alpha) * K, np.sqrt(lam) * L.T])
    rhs = np.concatenate([np.sqrt(alpha) * y, np.sqrt(1 - alpha) * g, np.zeros(n)])
    c = np.linalg.lstsq(M, rhs, rcond=None)[0]
    scale = max(np.abs(y).max(), np.abs(g).max())
    ev.close(subject(K, y, g, alpha, lam), K @ c, atol=LSTSQ_TOL * scale, what="f_t(X)",
             labels=("A(αy + (1 − α)f_{t−1})", "K c from least squares"), context=f"n={n}, {kind}")


@C.STEP_SOLVES_OBJECTIVE.check(given={"seed": seeds, "n": st.integers(1, 4), "lam": rational_lams,
                                      "alpha": st.one_of(st.just(Fraction(0)), st.just(Fraction(1)), rational_alphas)},
                               examples=8, precision="exact rationals (Fraction)",
                               tolerance=f"relative {EXACT_RTOL:g} (EXACT_RTOL): float64 against exact values")
def matches_exact_normal_equations(subject, ev, seed, n, lam, alpha):
    r"""The gradient of the objective in $c$, $\alpha K(Kc - y) + (1-\alpha)K(Kc - g) + \lambda Kc = 0$, solved
    exactly for $K = ZZ^\top + I$ and integer $y$, $g$; $f = Kc$."""
    K, y, g = exact_instance(seed, n)
    ev.show("K", to_float(K))
    ev.show("y, g", [to_float(y).tolist(), to_float(g).tolist()])
    K2 = [[sum((K[i][k] * K[k][j] for k in range(n)), Fraction(0)) for j in range(n)] for i in range(n)]
    lhs = [[alpha * K2[i][j] + (1 - alpha) * K2[i][j] + lam * K[i][j] for j in range(n)] for i in range(n)]
    rhs = [alpha * a + (1 - alpha) * b for a, b in zip(matvec(K, y), matvec(K, g))]
    truth = to_float(matvec(K, solve(lhs, rhs)))
    claimed = subject(to_float(K), to_float(y), to_float(g), float(alpha), float(lam))
    ev.close(claimed, truth, rtol=EXACT_RTOL, atol=EXACT_RTOL * float(np.abs(truth).max()), what="f_t(X)",
             labels=("A(αy + (1 − α)f_{t−1})", "exact normal equations"), context=f"α={alpha}, λ={lam}")


# -- the closed form -----------------------------------------------------------------------------------


@C.CLOSED_FORM.check(given={"seed": seeds, "n": sizes, "kind": kinds, "lam": lams, "alpha": alphas,
                            "t": st.integers(0, 25)}, examples=8, precision="float64 iteration of the recursion",
                     tolerance=f"{ITER_TOL:g} of max|y| (ITER_TOL)")
def matches_float_iteration(subject, ev, seed, n, kind, lam, alpha, t):
    r"""The closed form equals $t$ steps of $f_s = A(\alpha y + (1-\alpha)f_{s-1})$ from $f_0 = Ay$, each a
    linear solve with $K + \lambda I$."""
    K, y, _ = _float_instance(ev, seed, n, kind)
    shifted = K + lam * np.eye(n)
    f = K @ np.linalg.solve(shifted, y)
    for _ in range(t):
        f = K @ np.linalg.solve(shifted, alpha * y + (1 - alpha) * f)
    ev.close(subject(K, y, alpha, lam, t), f, atol=ITER_TOL * np.abs(y).max(), what="f_t",
             labels=("closed form", "iterated recursion"), context=f"n={n}, {kind}, t={t}")


@C.CLOSED_FORM.check(given={"seed": seeds, "n": st.integers(1, 4), "lam": rational_lams,
                            "alpha": rational_alphas, "t": st.integers(0, 8)},
                     examples=8, precision="exact rationals (Fraction)",
                     tolerance=f"relative {EXACT_RTOL:g} (EXACT_RTOL)")
def matches_exact_iteration(subject, ev, seed, n, lam, alpha, t):
    """The closed form equals the recursion iterated in exact rationals."""
    K, y, _ = exact_instance(seed, n)
    ev.show("K", to_float(K))
    ev.show("y", to_float(y))
    truth = to_float(iterate(K, y, alpha, lam, t))
    claimed = subject(to_float(K), to_float(y), float(alpha), float(lam), t)
    ev.close(claimed, truth, rtol=EXACT_RTOL, atol=EXACT_RTOL * float(np.abs(truth).max()), what="f_t",
             labels=("closed form", "exact iteration"), context=f"α={alpha}, λ={lam}, t={t}")


# -- the limit -----------------------------------------------------------------------------------------


@C.LIMIT.check(given={"seed": seeds, "n": sizes, "kind": kinds, "lam": lams, "alpha": st.floats(0.02, 1.0)},
               examples=6, precision=f"float64, {ITER_STEPS} iterations",
               tolerance=f"{ITER_TOL:g} of max|y| (ITER_TOL)")
def matches_many_iterations(subject, ev, seed, n, kind, lam, alpha):
    r"""The limit equals the recursion after 3000 steps (examples whose contraction $(1-\alpha)a_{\max}$ leaves
    more than $10^{-13}$ after 3000 steps are rejected)."""
    K, y, _ = _float_instance(ev, seed, n, kind)
    d_max = float(np.linalg.eigvalsh(K).max())
    ev.assume(((1 - alpha) * d_max / (d_max + lam)) ** ITER_STEPS < 1e-13)
    A = K @ np.linalg.inv(K + lam * np.eye(n))
    f = A @ y
    for _ in range(ITER_STEPS):
        f = A @ (alpha * y + (1 - alpha) * f)
    ev.close(subject(K, y, alpha, lam), f, atol=ITER_TOL * np.abs(y).max(), what="f_∞",
             labels=("K(K + (λ/α)I)⁻¹y", f"f after {ITER_STEPS} steps"), context=f"n={n}, {kind}, α={alpha:.4g}")


@C.LIMIT.check(given={"seed": seeds, "n": st.integers(2, 8), "lam": lams, "alpha": alphas}, examples=5,
               precision="mpmath 30 digits (LU solves)", tolerance="relative 1e-9 of max|y| (ITER_TOL)")
def matches_fixed_point_solve(subject, ev, seed, n, lam, alpha):
    r"""The limit equals the solution of the fixed-point equation $(I - (1-\alpha)A)f = \alpha A y$, solved at
    30 digits with $A = K(K + \lambda I)^{-1}$ (RBF kernel, any $\alpha \in (0, 1]$)."""
    K, y, _ = _float_instance(ev, seed, n, "rbf")
    with mpmath.workdps(30):
        Km = mp_matrix(K)
        eye = mpmath.eye(n)
        A = Km * mpmath.inverse(Km + mpmath.mpf(lam) * eye)
        a = mpmath.mpf(alpha)
        f = mpmath.lu_solve(eye - (1 - a) * A, a * A * mpmath.matrix([mpmath.mpf(v) for v in y]))
        truth = np.array([float(v) for v in f])
    ev.close(subject(K, y, alpha, lam), truth, atol=ITER_TOL * np.abs(y).max(), what="f_∞",
             labels=("K(K + (λ/α)I)⁻¹y", "fixed point at 30 digits"), context=f"n={n}, α={alpha:.4g}, λ={lam:.4g}")
