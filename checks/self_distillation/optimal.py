"""Checks of the optimal weight: its closed form, its range, and the constrained minimiser.

Routes: the exact vertex of the parabola q(α) = ‖Af + αA(y − f) − y*‖² through its values at α = 0, 1, 2
(exact rationals, Lagrange interpolation: no inner-product formula), Brent's method on a bracket found by
a grid (float64), and an exact grid over [0, 1].
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy import optimize

from ...theorems.self_distillation import claims as C
from .exact import ridge_apply
from .strategies import exact_instance, kernel_instance, kinds, lams, rational_lams, seeds, sizes, to_float

# float64 closed form against the exact vertex: a few inner products of vectors with entries ≤ 50, A(·) with
# cond ≤ 1e3: ≤ 1e-12 relative; 1e-9 (relative to max(1, |α*|)) leaves headroom. The mutants move α* by O(1).
VERTEX_TOL = 1e-9
# Brent's method locates a parabola's minimiser to ≈ √ε ≈ 1.5e-8 relative (xtol); 1e-6·max(1, |α|) leaves ×60.
BRENT_TOL = 1e-6

# The smallest instance where the optimum leaves [0, 1]: N = 1, K = 1, λ = 1 (A = 1/2), y = y* = 1, f = 0.
SCALAR_COUNTEREXAMPLE = {"seed": 0, "n": 0, "lam": Fraction(1)}


def _exact_objective(K, lam, y, f, ref):
    """q(α) as a function of a rational α, exactly: ‖A(αy + (1 − α)f) − y*‖²."""
    Af = ridge_apply(K, lam, f)
    Ad = [a - b for a, b in zip(ridge_apply(K, lam, y), Af)]

    def q(alpha):
        return sum(((u + alpha * v - r) ** 2 for u, v, r in zip(Af, Ad, ref)), Fraction(0))

    return q, Ad


def _instance(seed, n):
    """(K, y, previous, reference) exactly; n = 0 stands for the scalar counterexample."""
    if n == 0:
        return [[Fraction(1)]], [Fraction(1)], [Fraction(0)], [Fraction(1)]
    K, y, g = exact_instance(seed, n)
    rng = np.random.default_rng(seed + 1)
    ref = [Fraction(int(v)) for v in rng.integers(-5, 6, size=n)]
    return K, y, g, ref


def exact_vertex(K, lam, y, f, ref):
    """The minimiser of the parabola q through q(0), q(1), q(2): α = (3q0 − 4q1 + q2)/(2(q0 − 2q1 + q2)) exactly."""
    q, Ad = _exact_objective(K, lam, y, f, ref)
    q0, q1, q2 = q(Fraction(0)), q(Fraction(1)), q(Fraction(2))
    curvature = q0 - 2 * q1 + q2
    return (None if curvature == 0 else (3 * q0 - 4 * q1 + q2) / (2 * curvature)), q


_EXACT_GIVEN = {"seed": seeds, "n": st.integers(1, 4), "lam": rational_lams}


def _floats(K, y, f, ref, lam):
    Kf = to_float(K)
    A = Kf @ np.linalg.inv(Kf + float(lam) * np.eye(len(K)))
    return A, to_float(y), to_float(f), to_float(ref)


@C.OPTIMAL_ALPHA_CLOSED_FORM.check(given=_EXACT_GIVEN, examples=10, regressions=[SCALAR_COUNTEREXAMPLE],
                                   precision="exact rationals: the parabola's vertex from three values",
                                   tolerance=f"{VERTEX_TOL:g} relative to max(1, |α*|) (VERTEX_TOL)")
def matches_exact_parabola_vertex(subject, ev, seed, n, lam):
    r"""The closed form equals the vertex of $q(\alpha)$ interpolated exactly through $q(0), q(1), q(2)$."""
    K, y, f, ref = _instance(seed, n)
    vertex, _ = exact_vertex(K, lam, y, f, ref)
    ev.assume(vertex is not None)
    ev.show("K", to_float(K))
    ev.show("y, f, y*", [to_float(v).tolist() for v in (y, f, ref)])
    claimed = subject(*_floats(K, y, f, ref, lam))
    ev.close(claimed, float(vertex), atol=VERTEX_TOL * max(1.0, abs(float(vertex))), what="α*",
             labels=("closed form", "exact vertex"), context=f"λ={lam}")


@C.OPTIMAL_ALPHA_CLOSED_FORM.check(given={"seed": seeds, "n": sizes, "kind": kinds, "lam": lams}, examples=6,
                                   precision="float64 grid on [−20, 20] then Brent (scipy.optimize.minimize_scalar)",
                                   tolerance=f"{BRENT_TOL:g} relative to max(1, |α|) (BRENT_TOL)")
def matches_grid_and_brent(subject, ev, seed, n, kind, lam):
    r"""The closed form equals the minimiser of $q$ found by a grid over $[-20, 20]$ refined by Brent's method;
    the reference is a smooth target $y^* = \sin$ of the teacher values plus the seed's noise."""
    K, y, g = kernel_instance(seed, n, kind)
    ev.show("K (first rows)", np.round(K[:3], 6))
    A = K @ np.linalg.inv(K + lam * np.eye(n))
    f = A @ g
    ref = np.sin(3 * y) + 0.5 * g

    def q(alpha):
        return float(np.sum((A @ (alpha * y + (1 - alpha) * f) - ref) ** 2))

    grid = np.linspace(-20, 20, 401)
    values = np.array([q(a) for a in grid])
    i = int(np.clip(np.argmin(values), 1, grid.size - 2))
    ev.assume(0 < np.argmin(values) < grid.size - 1)
    best = optimize.minimize_scalar(q, bracket=(grid[i - 1], grid[i], grid[i + 1]), method="brent",
                                    options={"xtol": 1e-12})
    ev.show("Brent's minimiser", float(best.x))
    claimed = subject(A, y, f, ref)
    ev.close(claimed, float(best.x), atol=BRENT_TOL * max(1.0, abs(float(best.x))), what="α*",
             labels=("closed form", "grid + Brent"), context=f"n={n}, {kind}")


@C.OPTIMAL_ALPHA_IN_UNIT_INTERVAL.check(given=_EXACT_GIVEN, examples=10, regressions=[SCALAR_COUNTEREXAMPLE],
                                        precision="exact rationals: the parabola's vertex", tolerance="exact",
                                        confirm="exact")
def optimum_within_stated_range(subject, ev, seed, n, lam):
    r"""The exact minimiser of $q$ (the vertex through $q(0), q(1), q(2)$) lies in the stated range $[0, 1]$."""
    K, y, f, ref = _instance(seed, n)
    vertex, q = exact_vertex(K, lam, y, f, ref)
    ev.assume(vertex is not None)
    ev.show("K", to_float(K))
    ev.show("λ", float(lam))
    ev.show("y, f, y*", [to_float(v).tolist() for v in (y, f, ref)])
    ev.show("q(0), q(1), q(α*)", [float(q(Fraction(0))), float(q(Fraction(1))), float(q(vertex))])
    lo, hi = subject
    ev.le(Fraction(lo), vertex, what="0 ≤ α*", labels=("lower end of the range", "α*"))
    ev.le(vertex, Fraction(hi), what="α* ≤ 1", labels=("α*", "upper end of the range"))


@C.OPTIMAL_ALPHA_CONSTRAINED.check(given=_EXACT_GIVEN, examples=10, regressions=[SCALAR_COUNTEREXAMPLE],
                                   precision="exact rationals: q on the grid k/64 of [0, 1]",
                                   tolerance=f"{VERTEX_TOL:g} in α (VERTEX_TOL) and q within 1e-9 relative")
def minimises_over_unit_grid(subject, ev, seed, n, lam):
    r"""The constrained minimiser lies in $[0, 1]$ and $q$ there is no larger than $q$ at any of the 65 points
    $k/64$, exactly (up to the float rounding of the subject's answer)."""
    K, y, f, ref = _instance(seed, n)
    vertex, q = exact_vertex(K, lam, y, f, ref)
    ev.assume(vertex is not None)
    ev.show("K", to_float(K))
    ev.show("y, f, y*", [to_float(v).tolist() for v in (y, f, ref)])
    claimed = subject(*_floats(K, y, f, ref, lam))
    ev.show("claimed minimiser over [0, 1]", claimed)
    ev.le(0.0, claimed, what="0 ≤ α", labels=("0", "claimed α"))
    ev.le(claimed, 1.0, what="α ≤ 1", labels=("claimed α", "1"))
    at_claim = q(Fraction(claimed))
    best = min(q(Fraction(k, 64)) for k in range(65))
    ev.le(float(at_claim), float(best) * (1 + 1e-9) + 1e-12, what="q(claimed) ≤ min over the grid",
          labels=("q at the claimed α", "smallest q on the grid"))
