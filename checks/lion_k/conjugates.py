"""Checks of L1: the conjugate of ‖·‖₁ and the box (exact rationals), Fenchel–Young and its equality case
(exact rationals for ℓ1, Newton's method and 40-digit mpmath for log-cosh)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.lion_k import claims as C
from .strategies import rational, rational_vector, seeds

# -- 𝒦* of ‖·‖₁ ------------------------------------------------------------------------------------------


def _vector(lo, hi, faces=(1, -1)):
    """Seed → 1–4 rationals in [lo, hi], often with an entry exactly on a face (±1)."""
    return seeds.map(lambda seed: rational_vector(np.random.default_rng(seed), lo, hi, faces=faces))


def _box_supremum(y, R: Fraction) -> Fraction:
    """sup over m ∈ [−R, R]ⁿ of yᵀm − ‖m‖₁, exactly: separable, and each coordinate's objective is piecewise
    linear with its kink at 0, so its maximum over [−R, R] is at −R, 0 or R."""
    return sum(max(yi * v - abs(v) for v in (-R, Fraction(0), R)) for yi in y)


# y = (3/4, 3/4) is in the ∞-ball, not in the ℓ1 ball; y = (2) is outside both.
CONJUGATE_CASES = [{"y": [Fraction(3, 4), Fraction(3, 4)]}, {"y": [Fraction(2)]}]


@C.L1_CONJUGATE.check(given={"y": _vector(-3, 3)}, examples=10, regressions=CONJUGATE_CASES,
                      precision="exact rationals", tolerance="none: exact", confirm="exact")
def conjugate_by_box_suprema(subject, ev, y):
    r"""$\mathcal{K}^*(y)$ is 0 exactly when the supremum of $y^\top m - \lVert m\rVert_1$ over $[-R, R]^n$ stays 0 as
    $R$ grows from 10 to 1000 (exact vertex enumeration), and $+\infty$ when it grows."""
    conjugate, _ = subject
    small, large = _box_supremum(y, Fraction(10)), _box_supremum(y, Fraction(1000))
    truth = 0 if large == small else math.inf
    ev.show("sup over [−10, 10]ⁿ, [−1000, 1000]ⁿ", [str(small), str(large)])
    claimed = conjugate(y)
    ev.that(claimed == truth, f"𝒦*(y) = {claimed} but the box suprema give {truth} (y = {[str(v) for v in y]})",
            claimed=claimed, observed=truth, labels=("𝒦*(y) claimed", "sup from the box suprema"))


@C.L1_CONJUGATE.check(given={"y": _vector(-3, 3)}, examples=10, regressions=CONJUGATE_CASES,
                      precision="exact rationals", tolerance="none: exact", confirm="exact")
def conjugate_by_homogeneity(subject, ev, y):
    r"""$y^\top m - \lVert m\rVert_1$ is positively homogeneous, so $\mathcal{K}^*(y) \in \{0, +\infty\}$ and it is 0
    iff the objective is $\le 0$ on the unit $\ell_1$ sphere, whose extreme points are $\pm e_i$: iff $\max_i (\pm
    y_i) - 1 \le 0$."""
    conjugate, _ = subject
    vertex_max = max(s * yi - 1 for yi in y for s in (1, -1))
    truth = 0 if vertex_max <= 0 else math.inf
    ev.show("max over ±e_i of yᵀm − ‖m‖₁", str(vertex_max))
    claimed = conjugate(y)
    ev.that(claimed == truth, f"𝒦*(y) = {claimed} but the vertices of the ℓ1 sphere give {truth}",
            claimed=claimed, observed=truth, labels=("𝒦*(y) claimed", "sup by homogeneity"))


@st.composite
def _lam_and_x(draw):
    rng = np.random.default_rng(draw(seeds))
    lam = rational(rng, Fraction(1, 10), 10, 20)
    x = [v / lam for v in rational_vector(rng, -2, 2, faces=(1, -1))]
    return lam, x


# λ = 2: x = 1 is outside the box although |x| ≤ λ; x = 1/2 is on the face although |x| > 1/λ².
BOX_CASES = [{"case": (Fraction(2), [Fraction(1)])}, {"case": (Fraction(2), [Fraction(1, 2)])}]


@C.L1_CONJUGATE.check(given={"case": _lam_and_x()}, examples=10, regressions=BOX_CASES, precision="exact rationals",
                      tolerance="none: exact", confirm="exact")
def box_is_where_the_term_is_finite(subject, ev, case):
    r"""$\frac{\gamma}{\lambda}\mathcal{K}^*(\lambda x) < \infty$ exactly when $\lVert x\rVert_\infty \le$ the claimed
    radius: finiteness decided exactly from $|\lambda x_i| \le 1$."""
    _, radius = subject
    lam, x = case
    finite = all(abs(lam * xi) <= 1 for xi in x)
    inside = max(abs(xi) for xi in x) <= radius(lam)
    ev.show("λ", str(lam))
    ev.show("x", [str(v) for v in x])
    ev.that(inside == finite, f"‖x‖∞ ≤ radius(λ) is {inside} but the term is {'finite' if finite else 'infinite'}",
            claimed=inside, observed=finite, labels=("inside the claimed box", "(γ/λ)𝒦*(λx) finite"))


# -- Fenchel–Young ----------------------------------------------------------------------------------------


def _box_pair(seed: int):
    """y in the unit box (entries ±1 often) and m of the same length in [−5, 5] (zeros often)."""
    rng = np.random.default_rng(seed)
    y = rational_vector(rng, -1, 1, faces=(1, -1))
    m = [rational(rng, -5, 5) if rng.random() < 0.7 else Fraction(0) for _ in y]
    return y, m


# y = (1/2, 1/2), m = (1, 1): ‖m‖₂ = √2 < yᵀm·2 = 2; on the face y = sign(m) the doubled coupling is negative.
FY_CASES = [{"pair": ([Fraction(1), Fraction(1)], [Fraction(1), Fraction(1)])}]


@C.FY_NONNEGATIVE.check(given={"pair": seeds.map(_box_pair)}, examples=12, regressions=FY_CASES,
                        precision="exact rationals", tolerance="none: exact", confirm="exact")
def l1_gap_nonnegative_exact(subject, ev, pair):
    r"""$\lVert m\rVert_1 - y^\top m \ge 0$ for $\lVert y\rVert_\infty \le 1$, in exact rationals (also on the face
    $y = \operatorname{sign}(m)$, where it is 0)."""
    y, m = pair
    ev.show("y", [str(v) for v in y])
    ev.show("m", [str(v) for v in m])
    gap = subject["l1"](y, m)
    aligned = subject["l1"]([Fraction(1) if v > 0 else Fraction(-1) for v in m], m)
    ev.show("gap at (y, m) and at y = sign(m)", [str(gap), str(aligned)])
    ev.le(0, gap, what="Fenchel–Young gap", labels=("0", "‖m‖₁ − yᵀm"))
    ev.le(0, aligned, what="gap on the face", labels=("0", "‖m‖₁ − sign(m)ᵀm"))


# Rounding of the log-cosh gap in float64: 𝒦*(y) + 𝒦(m) − ym sums three terms of size up to |ym| + |𝒦(m)|,
# each evaluated to a few ulps; 1e-14 of that size covers it (×20 headroom over 8 ulps).
GAP_RTOL = 1e-14
# The 40-digit reference: each term to 1e-35; a gap below −1e-30 would be a real negative value.
GAP_HIGH = mpmath.mpf("1e-30")


@C.FY_NONNEGATIVE.check(given={"y": st.floats(-0.999, 0.999), "m": st.floats(-50.0, 50.0),
                               "delta": st.floats(math.log(0.05), math.log(5.0)).map(math.exp)}, examples=10,
                        regressions=[{"y": 0.9, "m": 5.0, "delta": 1.0}],
                        precision="float64, re-verified at 40 digits",
                        tolerance=f"gap ≥ −{GAP_RTOL} × size of the terms (GAP_RTOL)")
def log_cosh_gap_nonnegative(subject, ev, y, m, delta):
    r"""The log-cosh gap $\mathcal{K}^*(y) + \mathcal{K}(m) - ym \ge 0$, in float64 (up to rounding) and at 40 digits
    from the definitions ($\mathcal{K}^*$ as $\sup$, by mpmath's root of $\tanh(u) = y$)."""
    gap = float(subject["log_cosh"](np.float64(y), np.float64(m), delta))
    size = abs(y * m) + abs(m) + delta
    with mpmath.workdps(40):
        yy, mm, dd = mpmath.mpf(y), mpmath.mpf(m), mpmath.mpf(delta)
        u = mpmath.findroot(lambda v: mpmath.tanh(v) - yy, 0)
        conj = yy * dd * u - dd * mpmath.log(mpmath.cosh(u))
        high = conj + dd * mpmath.log(mpmath.cosh(mm / dd)) - yy * mm
    ev.show("gap (float64, 40 digits)", [gap, float(high)])
    ev.le(-GAP_RTOL * size, gap, what="log-cosh gap (float64)", labels=("−tolerance", "gap"))
    ev.le(-GAP_HIGH, high, what="log-cosh gap (40 digits)", labels=("−1e-30", "gap at 40 digits"))


# -- equality ------------------------------------------------------------------------------------------------


def _equality_case(seed: int):
    """(y, m) on or near the equality set: y_i = sign(m_i) on the support (or 1/4 off), free where m_i = 0."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    m = [Fraction(0) if rng.random() < 0.3 else rational(rng, Fraction(1, 8), 4) * int(rng.choice([-1, 1]))
         for _ in range(n)]
    y = [rational(rng, -1, 1) if v == 0 else (1 - Fraction(int(rng.random() < 0.3), 4)) * (1 if v > 0 else -1)
         for v in m]
    return y, m


# m = (1, 0), y = (1, 1/2): equality with y_2 free; y = (3/4) with m = (1): no equality, although |y| < 1.
EQUALITY_CASES = [{"case": ([Fraction(1), Fraction(1, 2)], [Fraction(1), Fraction(0)])},
                  {"case": ([Fraction(1), Fraction(3, 4)], [Fraction(1), Fraction(1)])}]


@C.FY_EQUALITY.check(given={"case": seeds.map(_equality_case)}, examples=12, regressions=EQUALITY_CASES,
                     precision="exact rationals", tolerance="none: exact", confirm="exact")
def l1_equality_exact(subject, ev, case):
    r"""For $\lVert y\rVert_\infty \le 1$ the predicate says 'equality' exactly when $\lVert m\rVert_1 - y^\top m = 0$,
    computed exactly."""
    predicate, _ = subject
    y, m = case
    gap = sum(abs(v) for v in m) - sum(a * b for a, b in zip(y, m))
    said = bool(predicate(y, m))
    ev.show("y", [str(v) for v in y])
    ev.show("m", [str(v) for v in m])
    ev.show("‖m‖₁ − yᵀm", str(gap))
    ev.that(said == (gap == 0), f"the condition says {said} but the gap is {gap}", claimed=said, observed=gap == 0,
            labels=("equality, by the condition", "gap = 0, exactly"))


def _newton_minimiser(y: float, delta: float) -> float:
    """The m where d/dm(𝒦(m) − ym) = tanh(m/δ) − y vanishes, by Newton's method (no artanh)."""
    u = 0.0
    for _ in range(100):
        t = math.tanh(u)
        step = (t - y) / (1 - t * t)
        u -= step
        if abs(step) <= 1e-17 * max(1.0, abs(u)):
            break
    return delta * u


# Newton's root of tanh(u) = y converges quadratically to a few ulps of u; the claimed minimiser is one
# arctanh and one product: 1e-12 relative (plus 1e-15 absolute near y = 0) leaves ×1000 headroom.
MINIMISER_RTOL = 1e-12


@C.FY_EQUALITY.check(given={"y": st.floats(-0.999, 0.999),
                            "delta": st.floats(math.log(0.05), math.log(5.0)).map(math.exp)}, examples=10,
                     regressions=[{"y": 0.5, "delta": 2.0}], precision="float64 Newton iteration",
                     tolerance=f"relative {MINIMISER_RTOL} (MINIMISER_RTOL) + 1e-15 absolute")
def log_cosh_minimiser_by_root_finding(subject, ev, y, delta):
    r"""The claimed log-cosh minimiser equals the root of $\tanh(m/\delta) = y$ found by Newton's method."""
    _, minimiser = subject
    truth = _newton_minimiser(y, delta)
    ev.close(float(minimiser(y, delta)), truth, rtol=MINIMISER_RTOL, atol=1e-15, what="argmin of the gap",
             labels=("claimed minimiser", "Newton root of tanh(m/δ) = y"))
