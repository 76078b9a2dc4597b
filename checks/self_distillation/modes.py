"""Checks of the boundaries α = 0, α = 1 and of the per-mode multipliers.

Routes: direct iteration (float64), the eigenvalues of A from a general non-symmetric solver and power
iteration (the collapse rate), exact rationals (monotonicity and the ordering of modes), and the
multipliers read off the matrix recursion iterated on the identity.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.self_distillation import claims as C
from .strategies import kernel_instance, kinds, lams, rational_alphas, seeds, sizes

# α = 0: f_T = A^T f_0 with T = 2^40 steps, by squaring A forty times (each squaring adds ≤ n ε relative error to a
# matrix of norm ≤ 1, and a_max^(2^40) underflows to 0 for a_max ≤ 40/40.001). The limit must be within 1e-12 max|y|;
# the ridge-fit mutant is off by ‖Ay‖.
SQUARINGS = 40
BOUNDARY_TOL = 1e-12
# α = 1: t solves with cond(K + λI) ≤ 4e4: ≤ 20 · 4e4 · ε ≈ 2e-10 relative; 1e-8 leaves ×50 headroom.
FIXED_TOL = 1e-8
# The rate against numpy's general eigen-solver on A (non-symmetric route): backward stable, ≤ n ε ‖A‖ ≈ 1e-14 for an A
# diagonalisable by an orthogonal V; and against Gelfand's formula ρ = lim ‖A^(2^k)‖^(1/2^k) with k = 40 normalised
# squarings (bias ≤ log(n)/2^40 ≈ 3e-12). 1e-9 leaves headroom; the mutants are off by O(λ/(d + λ)).
RATE_TOL = 1e-9
# The multipliers against the matrix recursion on the identity (float64, t ≤ 12 products with A): ≤ 1e-12.
MULT_TOL = 1e-10


def _show(ev, K, y):
    ev.show("K (first rows)", np.round(K[:3], 6))
    ev.show("y", y)


@C.BOUNDARIES.check(given={"seed": seeds, "n": sizes, "kind": kinds, "lam": lams}, examples=4,
                    precision=f"float64, 2^{SQUARINGS} steps by repeated squaring of A",
                    tolerance=f"{BOUNDARY_TOL:g} of max|y| (BOUNDARY_TOL)")
def alpha_zero_iterates_to_zero(subject, ev, seed, n, kind, lam):
    r"""At $\alpha = 0$, $2^{40}$ steps of $f_t = Af_{t-1}$ from $f_0 = Ay$ (by squaring $A$) reach the claimed
    limit."""
    K, y, _ = kernel_instance(seed, n, kind)
    _show(ev, K, y)
    M = K @ np.linalg.inv(K + lam * np.eye(n))
    f0 = M @ y
    for _ in range(SQUARINGS):
        M = M @ M
    f = M @ f0
    ev.close(subject["alpha_zero_limit"](K, y, lam), f, atol=BOUNDARY_TOL * np.abs(y).max(),
             what="f_∞ at α = 0", labels=("claimed limit", "2^40 steps"), context=f"n={n}, {kind}, λ={lam:.4g}")


@C.BOUNDARIES.check(given={"seed": seeds, "n": sizes, "kind": kinds, "lam": lams, "t": st.integers(1, 20)},
                    examples=5, precision="float64 iteration", tolerance=f"{FIXED_TOL:g} of max|y| (FIXED_TOL)")
def alpha_one_iteration_is_fixed(subject, ev, seed, n, kind, lam, t):
    r"""At $\alpha = 1$, $t$ steps of $f_s = A(y + 0\cdot f_{s-1})$ give the claimed $f_t$."""
    K, y, _ = kernel_instance(seed, n, kind)
    _show(ev, K, y)
    shifted = K + lam * np.eye(n)
    f = K @ np.linalg.solve(shifted, y)
    for _ in range(t):
        f = K @ np.linalg.solve(shifted, 1.0 * y + 0.0 * f)
    ev.close(subject["alpha_one_step"](K, y, lam, t), f, atol=FIXED_TOL * np.abs(y).max(), what="f_t at α = 1",
             labels=("claimed f_t", "iterated"), context=f"n={n}, {kind}, t={t}")


@C.BOUNDARIES.check(given={"seed": seeds, "n": sizes, "kind": kinds, "lam": lams}, examples=5,
                    precision="float64: numpy.linalg.eigvals of A, and Gelfand's formula",
                    tolerance=f"{RATE_TOL:g} absolute (RATE_TOL)")
def collapse_rate_is_spectral_radius(subject, ev, seed, n, kind, lam):
    r"""The claimed rate equals the spectral radius of $A$ from a general eigen-solver and from Gelfand's formula
    $\rho(A) = \lim_k \lVert A^{2^k}\rVert^{2^{-k}}$ (the worst-case per-step factor of $f_t = A^{t+1}y$)."""
    K, y, _ = kernel_instance(seed, n, kind)
    _show(ev, K, y)
    A = K @ np.linalg.inv(K + lam * np.eye(n))
    radius = float(np.max(np.abs(np.linalg.eigvals(A))))
    rate = subject["collapse_rate"](K, lam)
    ev.close(rate, radius, atol=RATE_TOL, what="collapse rate", labels=("claimed rate", "spectral radius of A"))
    log_norm, N = float(np.log(np.linalg.norm(A, 2))), A / np.linalg.norm(A, 2)
    for _ in range(SQUARINGS):  # log‖A^(2^(k+1))‖ = 2 log‖A^(2^k)‖ + log‖N_k²‖
        N = N @ N
        size = float(np.linalg.norm(N, 2))
        log_norm, N = 2 * log_norm + float(np.log(size)), N / size
    gelfand = float(np.exp(log_norm / 2.0**SQUARINGS))
    ev.metric("Gelfand estimate", gelfand)
    ev.close(rate, gelfand, atol=RATE_TOL, what="collapse rate", labels=("claimed rate", "‖A^(2^40)‖^(1/2^40)"))


# -- the multipliers -----------------------------------------------------------------------------------

rational_d = st.builds(Fraction, st.integers(1, 400), st.integers(1, 20))
rational_lam = st.builds(Fraction, st.integers(1, 100), st.integers(1, 20))
HORIZON = 10


def _mult(subject, d, lam, alpha, t):
    return subject(d / (d + lam), alpha, t)


def matrix_multipliers(subject, ev, seed, n, kind, lam, alpha, t):
    r"""The multipliers equal the diagonal of $V^\top F_t V$, $F_t$ the matrix recursion
    $F_s = A(\alpha I + (1-\alpha)F_{s-1})$, $F_0 = A$, iterated on the identity."""
    K, _, _ = kernel_instance(seed, n, kind)
    ev.show("K (first rows)", np.round(K[:3], 6))
    d, V = np.linalg.eigh(K)
    A = K @ np.linalg.inv(K + lam * np.eye(n))
    Fm = A.copy()
    for _ in range(t):
        Fm = A @ (alpha * np.eye(n) + (1 - alpha) * Fm)
    truth = np.diag(V.T @ Fm @ V)
    a = np.clip(d, 0.0, None) / (np.clip(d, 0.0, None) + lam)
    claimed = np.array([subject(float(ai), alpha, t)[-1] for ai in a])
    ev.close(claimed, truth, atol=MULT_TOL, what="B_t per mode", labels=("claimed B_t", "diag of Vᵀ F_t V"),
             context=f"n={n}, {kind}, t={t}")


_MATRIX_GIVEN = {"seed": seeds, "n": st.integers(3, 12), "kind": kinds, "lam": lams,
                 "alpha": st.floats(0.01, 0.99), "t": st.integers(1, 12)}


@C.MULTIPLIERS_DECREASE.check(given={"d": rational_d, "lam": rational_lam, "alpha": rational_alphas}, examples=10,
                              precision="exact rationals (Fraction)", tolerance="exact", confirm="exact")
def strictly_decreasing_exact(subject, ev, d, lam, alpha):
    r"""$B_0 > B_1 > \dots > B_{10}$ exactly, for rational $d > 0$, $\lambda > 0$, $\alpha \in (0, 1)$."""
    B = _mult(subject, d, lam, alpha, HORIZON)
    ev.show("B_0 … B_10", [float(b) for b in B])
    for s in range(HORIZON):
        ev.lt(B[s + 1], B[s], what="Bₜ₊₁ < Bₜ", labels=("Bₜ₊₁", "Bₜ"), context=f"t={s}")


@C.SMALL_MODES_FASTER.check(given={"d": rational_d, "ratio": st.builds(Fraction, st.integers(11, 40), st.just(10)),
                                   "lam": rational_lam, "alpha": rational_alphas}, examples=10,
                            precision="exact rationals (Fraction)", tolerance="exact", confirm="exact")
def smaller_mode_shrinks_more_exact(subject, ev, d, ratio, lam, alpha):
    r"""For $d_1 = d < d_2 = $ ratio $\cdot d$: $B_t(d_1)/B_0(d_1) < B_t(d_2)/B_0(d_2)$ exactly for
    $t = 1 \ldots 10$."""
    small, large = _mult(subject, d, lam, alpha, HORIZON), _mult(subject, d * ratio, lam, alpha, HORIZON)
    ev.show("B_t/B_0 for the small and the large mode",
            [[float(b / small[0]) for b in small], [float(b / large[0]) for b in large]])
    for s in range(1, HORIZON + 1):
        ev.lt(small[s] / small[0], large[s] / large[0], what="relative shrink ordered",
              labels=("B_t/B_0 of the smaller mode", "B_t/B_0 of the larger mode"), context=f"t={s}")


for _claim in (C.MULTIPLIERS_DECREASE, C.SMALL_MODES_FASTER):
    _claim.check(given=_MATRIX_GIVEN, examples=4, precision="float64 matrix recursion",
                 tolerance=f"{MULT_TOL:g} absolute (MULT_TOL)", name="matches_matrix_recursion")(matrix_multipliers)
