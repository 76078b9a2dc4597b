"""Checks of N9 (the kernel matrix's properties at 40 digits and in float64; the equality case of
‖A‖₂ ≤ ‖A‖₁ against 30-digit eigenvalues) and N10 (multiply-adds counted on the traced forward, exact
integers, against the closed form)."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.newton_schulz import claims_kernel as K
from ...theorems.newton_schulz import formulas as F
from .strategies import seeds, symmetric_configuration, symmetric_configurations

EPS = 2.0**-52

# -- N9 -------------------------------------------------------------------------------------------------


def _mp_kernel(points: np.ndarray) -> mpmath.matrix:
    """exp(−‖q_i − q_j‖²/2) at the current precision, from the exact binary values of the points."""
    m = points.shape[0]
    out = mpmath.matrix(m, m)
    for i in range(m):
        for j in range(m):
            out[i, j] = mpmath.exp(-sum((mpmath.mpf(x) - mpmath.mpf(y)) ** 2 for x, y in zip(points[i], points[j])) / 2)
    return out


#: The library sums squared differences in float64: the exponent q carries a relative error ≤ (d + 2) ε, so an
#: entry e^{-q} is off by ≤ q (d + 2) ε relative; with q ≤ 200 and d ≤ 4, ≤ 1.3e-13. ENTRY_RTOL = 1e-12.
ENTRY_RTOL = 1e-12


@K.KERNEL_PROPERTIES.check(given={"seed": seeds, "m": st.integers(2, 5), "d": st.integers(1, 4),
                                  "log_spread": st.floats(-3, 0.5), "log_centre": st.floats(0, 6)}, examples=8,
                           precision="mpmath 40 digits (entries and eigenvalues)",
                           tolerance=f"entries relative {ENTRY_RTOL:g} (ENTRY_RTOL); eigenvalues resolved to 1e-38")
def entries_and_spectrum_at_40_digits(subject, ev, seed, m, d, log_spread, log_centre):
    r"""Points $c + \mathcal N(0, s^2 I)$ with $\lVert c\rVert$ up to $10^6$ and $s$ down to $10^{-3}$: the kernel's
    entries match 40 digits, and the 40-digit matrix is symmetric, has unit diagonal, entries in $(0, 1]$, smallest
    eigenvalue $> 0$ and largest $\le \lVert A\rVert_1$."""
    rng = np.random.default_rng(seed)
    centre = rng.normal(size=d)
    points = centre / np.linalg.norm(centre) * 10.0**log_centre + rng.normal(size=(m, d)) * 10.0**log_spread
    ev.assume(len({tuple(p) for p in points}) == m)
    got = subject(points)
    with mpmath.workdps(40):
        a = _mp_kernel(points)
        truth = np.array([[float(a[i, j]) for j in range(m)] for i in range(m)])
        eig = mpmath.eigsy(a, eigvals_only=True)
        lam_min, lam_max = min(eig), max(eig)
        one = max(sum(a[i, j] for j in range(m)) for i in range(m))
        unit = all(a[i, i] == 1 for i in range(m)) and all(0 < a[i, j] <= 1 for i in range(m) for j in range(m))
    ev.show("points", points)
    ev.show("A (subject)", got)
    ev.show("eigenvalues (40 digits)", [float(x) for x in eig])
    ev.close(got, truth, rtol=ENTRY_RTOL, what="kernel entries", context=f"m={m}, d={d}",
             labels=("the kernel's entries", "exp(−‖q_i − q_j‖²/2) at 40 digits"))
    ev.that(bool(unit), "unit diagonal and entries in (0, 1] at 40 digits", claimed=False, observed=True,
            labels=("holds", "expected"))
    ev.lt(0.0, float(lam_min * 10**40) if lam_min < 1e-300 else float(lam_min), what="λ_min > 0 (40 digits)",
          labels=("0", "λ_min(A)"))
    ev.le(float(lam_max), float(one), what="λ_max ≤ ‖A‖₁", labels=("λ_max(A)", "‖A‖₁"))


@K.KERNEL_PROPERTIES.check(given={"seed": seeds, "m": st.integers(2, 64), "d": st.integers(1, 64),
                                  "log_spread": st.floats(-2, 1)}, examples=8,
                           precision="float64 (eigvalsh)",
                           tolerance="symmetry and diagonal exact; eigenvalues within 64 m ε ‖A‖₁ (eigvalsh's error)")
def float64_properties(subject, ev, seed, m, d, log_spread):
    r"""In float64: exactly symmetric, unit diagonal, entries in $[0, 1]$ (0 only by underflow), eigenvalues
    $\ge -64m\varepsilon\lVert A\rVert_1$ and $\le (1 + 64m\varepsilon)\lVert A\rVert_1$, $m \le 64$, $d \le 64$."""
    points = np.random.default_rng(seed).normal(size=(m, d)) * 10.0**log_spread
    a = subject(points)
    one = float(np.max(np.abs(a).sum(axis=0)))
    w = np.linalg.eigvalsh(a)
    slack = 64 * m * EPS * one
    ev.show("A", a)
    ev.show("λ_min, λ_max, ‖A‖₁", [float(w[0]), float(w[-1]), one])
    ev.that(bool(np.array_equal(a, a.T)), "A is not exactly symmetric", claimed=False, observed=True,
            labels=("A = Aᵀ", "expected"))
    ev.that(bool(np.all(np.diag(a) == 1.0)), "the diagonal is not exactly 1", claimed=np.diag(a).tolist(),
            observed=[1.0] * m, labels=("diagonal", "1"))
    ev.that(bool(np.all((a >= 0) & (a <= 1))), "an entry lies outside [0, 1]", claimed=float(np.max(a)),
            observed=1.0, labels=("largest entry", "1"))
    ev.le(-slack, float(w[0]), what="λ_min ≥ −64mε‖A‖₁", labels=("−64 m ε ‖A‖₁", "λ_min"))
    ev.le(float(w[-1]), one + slack, what="λ_max ≤ ‖A‖₁", labels=("λ_max", "‖A‖₁ + 64 m ε ‖A‖₁"))


@st.composite
def _configurations(draw: st.DrawFn) -> tuple:
    if draw(st.booleans()):
        return draw(symmetric_configurations())
    return "random", draw(seeds), draw(st.integers(3, 6)), draw(st.integers(1, 5)), draw(st.floats(0.3, 1.5))


#: λ_max = ‖A‖₁ up to EQUAL_RTOL (float64 landmark coordinates of a regular polygon are regular only to rounding:
#: the row sums then differ by ≈ 1e-16); a generic configuration's gap is ≥ 1e-4 on these sizes; between, rejected.
EQUAL_RTOL, APART_RTOL = 1e-12, 1e-6


@K.NORM_EQUALITY.check(given={"config": _configurations()}, examples=12,
                       precision="mpmath 30 digits (eigsy) on the kernel of the float64 landmarks",
                       tolerance=f"equal: |‖A‖₁ − λ_max| ≤ {EQUAL_RTOL:g}‖A‖₁; unequal: ≥ {APART_RTOL:g}‖A‖₁; between "
                                 "rejected")
def predicate_matches_30_digit_spectrum(subject, ev, config):
    r"""Symmetric configurations (two landmarks, regular polygon, regular simplex, coincident) and random ones: the
    row-sum criterion says 'equal' exactly when $\lambda_{\max} = \lVert A\rVert_1$ at 30 digits."""
    kind, seed, m, d, size = config
    if kind == "random":
        points = np.random.default_rng(seed).normal(size=(m, d)) * size
    else:
        points = symmetric_configuration(kind, seed, m, d, size)
    with mpmath.workdps(30):
        a = _mp_kernel(points)
        lam = max(mpmath.eigsy(a, eigvals_only=True))
        one = max(sum(a[i, j] for j in range(m)) for i in range(m))
        gap = float((one - lam) / one)
    ev.assume(gap <= EQUAL_RTOL or gap >= APART_RTOL)
    truth = gap <= EQUAL_RTOL
    said = bool(subject(np.array([[float(a[i, j]) for j in range(m)] for i in range(m)])))
    ev.show("configuration", kind)
    ev.show("points", points)
    ev.show("(‖A‖₁ − λ_max)/‖A‖₁ at 30 digits", gap)
    ev.that(said == truth, f"{kind}, m = {m}: the criterion says equal={said}, the spectrum gives a relative gap "
            f"{gap:.3g}", claimed=said, observed=truth, labels=("row sums all equal", "λ_max = ‖A‖₁ (30 digits)"))


# -- N10 ------------------------------------------------------------------------------------------------

TOKENS = (196, 784, 3136, 12544)
M, D = 49, 32


def _closed_form(n: int, m: int, d: int, iterations: int = 20) -> int:
    """n(5md + m² + d²) + 3m²d + 2·iterations·m³ (the derivation's count)."""
    return n * (5 * m * d + m * m + d * d) + 3 * m * m * d + 2 * iterations * m**3


@K.LINEAR.check(given=None, precision="exact integers", tolerance="none: exact")
def counts_are_affine_in_n(subject, ev):
    r"""At $m = 49$, $d = 32$: the counted multiply-adds at $n \in \{196, 784, 3136, 12544\}$ have constant slope
    (exact divided differences), while exact attention's slope grows."""
    counts = [subject(n, M, D) for n in TOKENS]
    exact = [F.exact_attention_macs(n, D) for n in TOKENS]
    slopes = [Fraction(counts[i + 1] - counts[i], TOKENS[i + 1] - TOKENS[i]) for i in range(3)]
    exact_slopes = [Fraction(exact[i + 1] - exact[i], TOKENS[i + 1] - TOKENS[i]) for i in range(3)]
    ev.table("multiply-adds", [{"n": n, "SOFT": c, "exact attention": e} for n, c, e in zip(TOKENS, counts, exact)])
    ev.metric("exact_over_soft", exact[-1] / counts[-1])
    ev.show("slopes (SOFT)", [str(s) for s in slopes])
    ev.show("slopes (exact attention)", [str(s) for s in exact_slopes])
    ev.that(slopes[0] == slopes[1] == slopes[2], f"the slopes {[str(s) for s in slopes]} are not constant",
            claimed=[str(s) for s in slopes], observed="one slope", labels=("slopes between the four n", "affine"))
    ev.lt(exact_slopes[0], exact_slopes[2], what="exact attention's slope grows",
          labels=("slope at small n", "slope at large n"))


@K.LINEAR.check(given=None, precision="exact integers", tolerance="none: exact")
def counts_match_the_closed_form(subject, ev):
    r"""The traced count equals $n(5md + m^2 + d^2) + 3m^2d + 40m^3$ on a grid of $n$, $m$, $d$ (with $m \mid n$)."""
    for n in TOKENS:
        for m in (1, 4, 49):
            for d in (8, 32, 64):
                got, want = subject(n, m, d), _closed_form(n, m, d)
                ev.that(got == want, f"n={n}, m={m}, d={d}: traced {got}, closed form {want}", claimed=got,
                        observed=want, labels=("traced count", "closed form"))


@K.LANDMARKS.check(given=None, precision="exact integers", tolerance="none: exact")
def forty_nine_landmarks_at_224(subject, ev):
    r"""At 224-pixel inputs the token grids are 56, 28, 14 with sr_ratios 8, 4, 2: 49 landmarks each."""
    for side, ratio in ((56, 8), (28, 4), (14, 2)):
        got = subject(side, side, ratio)
        ev.that(got == 49, f"{side} × {side} tokens at ratio {ratio}: {got} landmarks", claimed=got, observed=49,
                labels=("landmarks", "49"))


@K.LANDMARKS.check(given=None, precision="exact integers (Lagrange interpolation in rationals)",
                   tolerance="none: exact")
def cost_is_cubic_at_fixed_ratio(subject, ev):
    r"""Ratio 8, grids $56\cdot 2^j$ ($j = 0..4$): the count with $m$ = the release's landmark count is a cubic in
    $n$ (the cubic through four sizes predicts the fifth exactly) with a positive leading coefficient."""
    sides = [56 * 2**j for j in range(5)]
    ns = [s * s for s in sides]
    counts = [F.soft_attention_macs(n, subject(s, s, 8), D) for n, s in zip(ns, sides)]

    def lagrange(x: int, xs: list[int], ys: list[int]) -> Fraction:
        total = Fraction(0)
        for i, (xi, yi) in enumerate(zip(xs, ys)):
            term = Fraction(yi)
            for j, xj in enumerate(xs):
                if j != i:
                    term *= Fraction(x - xj, xi - xj)
            total += term
        return total

    predicted = lagrange(ns[4], ns[:4], counts[:4])
    ratio = counts[4] / counts[3]
    ev.metric("last_ratio", ratio)
    ev.show("n", ns)
    ev.show("multiply-adds", counts)
    ev.that(predicted == counts[4], f"the cubic through the first four sizes predicts {predicted}, the count is "
            f"{counts[4]}", claimed=str(predicted), observed=counts[4], labels=("cubic prediction", "count"))
    ev.le(16.0, ratio, what="quadrupling n multiplies the cost by more than 16", labels=("16 (quadratic)", "ratio"))
