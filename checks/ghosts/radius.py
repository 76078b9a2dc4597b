"""Checks of the radius statements: Prop 4.2, Thm 4.3, Thm 4.6 and its equality case, Lemma 4.5.

Ground truth: 40-digit polynomial roots, the argument principle, and the growth of the exact Taylor
coefficients of log F; NNLS for the half-plane lemma.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ghosts import claims as C
from ...theorems.ghosts import formulas as F
from .ground_truth import (
    DECAYED,
    GROWN,
    PI,
    ROOT_RTOL,
    WIND_GAP,
    _lifted_zeros,
    _nearest,
    _term_growth,
    _wind,
)
from .strategies import attained_instances, deltas, integer_instances, spreads

# -- Prop 4.2 ----------------------------------------------------------------------------------------


@C.BRANCH_POINTS.check(given={"inst": integer_instances(2, 5, 4)}, examples=12,
                       precision="mpmath: 40-digit polyroots, 30-digit Taylor recursion (N = 100)",
                       tolerance="term growth: ≤ 0.05 at 0.9R and ≥ 10 at 1.1R (see TAYLOR_N)")
def taylor_coefficients_turn_at_nearest_zero(subject, ev, inst):
    r"""The exact Taylor terms of $\log F$ decay at $0.9R$ and grow at $1.1R$, $R$ the radius the rule gives."""
    logits, slopes = inst
    weights = [mpmath.exp(z) for z in logits]
    zeros = _lifted_zeros(weights, slopes)
    ev.assume(len(zeros) > 0)
    R = subject(zeros)
    ev.assume(R > 0)
    inside, outside = _term_growth(logits, slopes, R)
    ev.show("zeros of F (re, im)", [[t.real, t.imag] for t in zeros])
    ev.show("R", R)
    ev.show("largest Taylor term at 0.9R, 1.1R", [inside, outside])
    ctx = f"z={np.round(logits, 3).tolist()}, a={slopes}, R={R:.6g}"
    ev.le(inside, DECAYED, what="max |l_n|(0.9R)^n (series converges inside)", context=ctx,
          labels=("largest term at 0.9R", "decay threshold"))
    ev.le(GROWN, outside, what="max |l_n|(1.1R)^n (series diverges outside)", context=ctx,
          labels=("growth threshold", "largest term at 1.1R"))


# -- Thm 4.3 -----------------------------------------------------------------------------------------


@C.BINARY_RADIUS.check(given={"delta": deltas, "spread": spreads}, examples=15,
                       precision="float64 argument principle on the rescaled F (error ≤ 1e-15 per sample)",
                       tolerance=f"circles at (1 ∓ {WIND_GAP})·ρ: radius resolved to 0.1%")
def winding_number_jumps_at_radius(subject, ev, delta, spread):
    r"""No zero of $F$ inside $(1 - 10^{-3})\rho$, the two conjugate ghosts inside $(1 + 10^{-3})\rho$, for slopes
    $a = (\Delta, 0)$ of either sign and $\rho$ the formula at $\Delta_a = |\Delta|$."""
    rho = subject(delta, abs(spread))
    logits, slopes = [delta, 0.0], [spread, 0.0]
    ctx = f"δ={delta:.6g}, Δ={spread:.6g}, ρ={rho:.6g}"
    ev.show("ρ", rho)
    ev.finite(rho, "ρ")
    inner, outer = _wind(ev, logits, slopes, (1 - WIND_GAP) * rho), _wind(ev, logits, slopes, (1 + WIND_GAP) * rho)
    ev.show("zeros inside (1 − ε)ρ, (1 + ε)ρ", [inner, outer])
    labels = ("zeros the claim puts inside", "winding number")
    ev.close(0, inner, what="zeros inside (1−ε)ρ", context=ctx, labels=labels)
    ev.close(2, outer, what="zeros inside (1+ε)ρ", context=ctx, labels=labels)


@C.BINARY_RADIUS.check(given={"delta": deltas, "spread": spreads}, examples=10,
                       precision="mpmath 30 digits, exact Taylor recursion, N = 100",
                       tolerance="term growth: ≤ 0.05 at 0.9ρ and ≥ 10 at 1.1ρ (see TAYLOR_N)")
def taylor_series_converges_inside_diverges_outside(subject, ev, delta, spread):
    r"""The exact Taylor terms of $\ell$ decay at $0.9\rho$ and grow at $1.1\rho$ ($\rho$ at $\Delta_a = |\Delta|$)."""
    rho = subject(delta, abs(spread))
    ev.show("ρ", rho)
    ev.finite(rho, "ρ")
    ev.assume(rho > 0)
    inside, outside = _term_growth([delta, 0.0], [spread, 0.0], rho)
    ev.show("largest Taylor term at 0.9ρ, 1.1ρ", [inside, outside])
    ctx = f"δ={delta:.6g}, Δ={spread:.6g}, ρ={rho:.6g}"
    ev.le(inside, DECAYED, what="max |l_n|(0.9ρ)^n", context=ctx, labels=("largest term at 0.9ρ", "decay threshold"))
    ev.le(GROWN, outside, what="max |l_n|(1.1ρ)^n", context=ctx, labels=("growth threshold", "largest term at 1.1ρ"))



# -- Thm 4.6 and its equality case -------------------------------------------------------------------


@C.MULTICLASS_BOUND.check(given={"inst": integer_instances(2, 10, 6)}, examples=15,
                          precision="mpmath 40-digit polyroots", tolerance="relative 1e-25 (ROOT_RTOL)")
def bound_below_nearest_polynomial_zero(subject, ev, inst):
    r"""$\pi/\Delta_a \le$ the modulus of the nearest zero of $F$ (all zeros from polyroots), 2–10 classes."""
    logits, slopes = inst
    weights = [mpmath.exp(mpmath.mpf(z)) for z in logits]
    rho, _ = _nearest(ev, weights, slopes)
    ev.assume(rho != mpmath.inf)
    bound = subject(logits, slopes)
    ev.show("bound", bound)
    ev.show("ρ* (nearest zero of F)", float(rho))
    ev.le(bound, float(rho) * (1 + ROOT_RTOL), what="bound ≤ ρ*",
          context=f"z={np.round(logits, 4).tolist()}, a={slopes}", labels=("bound", "ρ* (nearest zero of F)"))


@C.MULTICLASS_BOUND.check(given={"inst": attained_instances(("balanced",))}, examples=20,
                          precision="mpmath 40-digit polyroots on exact weights",
                          tolerance="relative 1e-25 (ROOT_RTOL)")
def bound_is_sharp_when_balanced(subject, ev, inst):
    r"""On two-level balanced instances the nearest zero has modulus exactly the bound ($\pi$ is sharp)."""
    weights, slopes = inst
    ev.assume(len(set(slopes)) == 2 and F.bound_attained(weights, slopes))
    rho, _ = _nearest(ev, weights, slopes)
    logits = [math.log(w) for w in weights]
    bound = subject(logits, slopes)
    ev.show("bound", bound)
    ev.show("ρ* (nearest zero of F)", float(rho))
    ev.close(bound, float(rho), rtol=1e-12, what="bound = ρ*", context=f"w={weights}, a={slopes}",
             labels=("bound", "ρ* (nearest zero of F)"))


@C.MULTICLASS_BOUND.check(given={"n": st.integers(2, 10), "seed": st.integers(0, 2**32 - 1)}, examples=15,
                          precision="float64 argument principle on the rescaled F",
                          tolerance=f"circle at (1 − {WIND_GAP})·bound")
def no_zero_inside_bound_real_slopes(subject, ev, n, seed):
    r"""Real (non-integer) slopes: the winding number of $F$ inside $(1 - 10^{-3})\cdot$bound is 0."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, n)
    slopes = rng.normal(0, 1, n) * 10 ** rng.uniform(-1, 1)
    b = subject(logits.tolist(), slopes.tolist())
    ev.show("logits", logits)
    ev.show("slopes", slopes)
    ev.show("bound", b)
    ev.finite(b, "bound")
    inner = _wind(ev, logits, slopes, (1 - WIND_GAP) * b)
    ev.show("zeros inside (1 − ε)·bound", inner)
    ev.close(0, inner, what="zeros inside the bound", context=f"seed={seed}, n={n}",
             labels=("zeros the claim puts inside", "winding number"))


@C.MULTICLASS_BOUND.check(given={"n": st.integers(2, 10), "seed": st.integers(0, 2**32 - 1),
                                 "shift": st.floats(-50, 50), "c": st.floats(0.01, 100)}, examples=30,
                          tolerance="relative 1e-12: float64 rounding of the shifted and scaled slopes")
def invariances_of_the_true_radius(subject, ev, n, seed, shift, c):
    r"""The bound shares the true radius's invariances: $\rho^*(a + s) = \rho^*(a)$ ($F$ gains a factor $e^{st}$),
    $\rho^*(-a) = \rho^*(a)$ (zeros negate), $\rho^*(c a) = \rho^*(a)/c$ (zeros scale)."""
    rng = np.random.default_rng(seed)
    z, a = rng.normal(0, 3, n), rng.normal(0, 1, n)
    base = subject(z.tolist(), a.tolist())
    shifted, flipped, scaled = (subject(z.tolist(), b.tolist()) for b in (a + shift, -a, c * a))
    ev.show("z", z)
    ev.show("a", a)
    ev.show("bound(z, a)", base)
    ev.show("bound(z, a + s), bound(z, −a), bound(z, c·a)", [shifted, flipped, scaled])
    ctx = f"seed={seed}, shift={shift:.4g}, c={c:.4g}"
    ev.close(shifted, base, rtol=1e-12 * (1 + abs(shift) / np.ptp(a)), what="bound after a_k → a_k + s", context=ctx,
             labels=("bound(z, a + s)", "bound(z, a)"))
    ev.close(flipped, base, rtol=1e-12, what="bound along −v", context=ctx, labels=("bound(z, −a)", "bound(z, a)"))
    ev.close(scaled, base / c, rtol=1e-12, what="bound along c·v", context=ctx,
             labels=("bound(z, c·a)", "bound(z, a)/c"))



@C.BOUND_ATTAINED.check(given={"inst": attained_instances()}, examples=25,
                        precision="mpmath 40-digit polyroots on exact weights",
                        tolerance="attained: |ρ*Δ/π − 1| < 1e-25; not attained: > 1e-12; else rejected")
def predicate_matches_polynomial_roots(subject, ev, inst):
    r"""The equality condition says 'attained' exactly when the nearest polynomial zero sits at $\pi/\Delta_a$."""
    weights, slopes = inst
    rho, _ = _nearest(ev, weights, slopes)
    gap = abs(rho * F.slope_spread(slopes) / mpmath.pi - 1)
    ev.show("ρ*Δ_a/π − 1", float(gap))
    if gap < 1e-25:
        truth = True
    elif gap > 1e-12:
        truth = False
    else:
        ev.reject("too close to call")
        return
    said = bool(subject(weights, slopes))
    ev.that(said == truth, f"predicate says {said} but ρ*Δ/π − 1 = {mpmath.nstr(gap, 3)} [w={weights}, a={slopes}]",
            claimed=said, observed=truth, labels=("attained, by the condition", "attained, by the polynomial roots"))


# -- Lemma 4.5 ---------------------------------------------------------------------------------------


def _hull_distance(angles: np.ndarray, mods: np.ndarray) -> float:
    """min over the simplex of |Σ c_k u_k| (NNLS with a heavily weighted Σ c = 1 row)."""
    from scipy.optimize import nnls

    U = np.vstack([mods * np.cos(angles), mods * np.sin(angles), 1e4 * np.ones_like(angles)])
    c, _ = nnls(U, np.array([0.0, 0.0, 1e4]))
    c = c / c.sum()
    return float(abs(np.sum(c * mods * np.exp(1j * angles))))


@C.HALF_PLANE.check(given={"frac": st.floats(0.01, 0.99), "k": st.integers(2, 8), "seed": st.integers(0, 2**32 - 1)},
                    examples=40, tolerance="distance > 1e-9: NNLS residual is ~1e-15 for a hull through 0")
def positive_combinations_avoid_zero(subject, ev, frac, k, seed):
    r"""Directions inside an arc of length frac $\times$ threshold: the convex hull stays away from 0."""
    rng = np.random.default_rng(seed)
    L = frac * subject()
    angles = np.concatenate([[0.0, L], rng.uniform(0, L, k - 2)]) + rng.uniform(0, 2 * PI)
    mods = rng.uniform(0.1, 10, k)
    distance = _hull_distance(angles, mods)
    ev.show("arguments of u_k", angles)
    ev.show("moduli of u_k", mods)
    ev.show("distance of the hull from 0", distance)
    ev.lt(1e-9, distance, what="distance of the hull from 0", context=f"arc={L:.4g}",
          labels=("NNLS resolution", "distance of the hull from 0"))


@C.HALF_PLANE.check(given={"excess": st.floats(0.02, 0.9)}, examples=20,
                    tolerance="distance < 1e-9 (NNLS residual ~1e-15)")
def threshold_is_sharp(subject, ev, excess):
    """Three directions spread over an arc slightly longer than the threshold have a zero positive combination."""
    L = min(subject() * (1 + excess), 2 * PI * 0.99)
    d = _hull_distance(np.array([0.0, L / 2, L]), np.ones(3))
    ev.show("arguments of u_k", [0.0, L / 2, L])
    ev.show("distance of the hull from 0", d)
    ev.le(d, 1e-9, what="distance of the hull from 0", context=f"arc={L:.4g}",
          labels=("distance of the hull from 0", "NNLS resolution"))
