r"""Checks of V4 (the converged error: finite-size expectations, limits, divergence at $\alpha = 1$) and V5 (initial
weights).

Ground truths: sampled input matrices (traces of inverses, no spectral formula); mpmath quadrature of the $\chi^2$
inverse moment at $P = 1$ and $N = 1$; tanh–sinh quadrature of the Marchenko–Pastur density; the augmented system's
matrix exponential at a large time; exact rational ranks.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.advani_saxe import claims as C
from .ground_truth import augmented_error, limit_by_quadrature
from .strategies import inputs, seeds, sizes, variances

# -- V4, finite size ------------------------------------------------------------------------------------------------

DRAWS = 400
Z = 6.0
SIZES_CI = ((40, 20), (40, 60))
SIZES_THOROUGH = ((200, 100), (200, 300))
NOISE, TEACHER, INIT = 0.25, 1.0, 0.5


@functools.lru_cache(maxsize=8)
def sampled_converged_errors(n: int, p: int, seed: int = 17) -> np.ndarray:
    r"""$E_g(\infty)$ given $X$ for ``DRAWS`` sampled inputs: $\tfrac1N[\sigma_\varepsilon^2\operatorname{tr}(G^{-1}) +
    (N - P)^+\sigma_s^2] + \sigma_\varepsilon^2$, $G = XX^\top$ ($P < N$) or $X^\top X$ ($P > N$), batched inverses."""
    rng = np.random.default_rng(seed)
    chunks = []
    for _ in range(DRAWS // 50):  # 50 matrices at a time: the thorough sizes would need 200 MB at once
        X = rng.standard_normal((50, p, n)) / math.sqrt(n)
        gram = X @ X.transpose(0, 2, 1) if p < n else X.transpose(0, 2, 1) @ X
        chunks.append(np.trace(np.linalg.inv(gram), axis1=1, axis2=2))
    traces = np.concatenate(chunks)
    return (NOISE * traces + max(n - p, 0) * (TEACHER + INIT)) / n + NOISE


@C.FINITE_EXPECTATION.check(given=None, precision=f"float64 Monte Carlo over {DRAWS} input matrices per size",
                            tolerance=f"{Z:g} standard errors per size (two-sided)",
                            false_alarm_rate=2 * normal_tail(Z),
                            power="the N − P Wishart moment and the dropped null-space term: off by ≥ 10 standard "
                                  "errors at these sizes")
def matches_sampled_inputs(subject, ev):
    r"""At $(N, P) = (40, 20)$ and $(40, 60)$ (thorough: $(200, 100)$ and $(200, 300)$), the mean of $E_g(\infty)$ over
    400 sampled inputs lies within 6 standard errors of the formula ($\sigma_\varepsilon^2 = 0.25$,
    $\sigma_{\bar w}^2 = 1$, $\sigma_0^2 = 0.5$)."""
    worst = 0.0
    for n, p in SIZES_THOROUGH if ev.profile == "thorough" else SIZES_CI:
        errs = sampled_converged_errors(n, p)
        mean, se = float(errs.mean()), float(errs.std(ddof=1) / math.sqrt(errs.size))
        claimed = subject(n, p, NOISE, TEACHER, INIT)
        z = abs(claimed - mean) / se
        worst = max(worst, z)
        ev.metric(f"sampled mean at N={n}, P={p}", mean)
        ev.metric(f"formula at N={n}, P={p}", claimed)
        ev.le(z, Z, what=f"|formula − sampled mean| at N={n}, P={p}", labels=("standard errors apart", "threshold"),
              context=f"mean={mean:.6g}±{se:.2g}, formula={claimed:.6g}")
    ev.metric("worst_z", worst)


@functools.lru_cache(maxsize=128)
def _chi2_inverse_moment(k: int):
    """E[1/χ²_k] by mpmath quadrature of the χ² density (20 digits)."""
    with mpmath.workdps(20):
        half = mpmath.mpf(k) / 2
        return mpmath.quad(lambda x: x ** (half - 2) * mpmath.exp(-x / 2), [0, k, mpmath.inf]) / (
            2**half * mpmath.gamma(half))


# Quadrature at 20 digits; the library's float64 formula has a few roundings: 1e-12 relative leaves headroom, and the
# N − P moment is off by ≥ 2 % for these sizes (≤ 60).
QUAD_TOL = 1e-12


@C.FINITE_EXPECTATION.check(given={"size": st.integers(4, 60), "one_sample": st.booleans(), "noise": variances,
                                   "teacher": variances, "init": st.floats(0.0, 2.0)}, examples=5,
                            precision="mpmath quadrature at 20 digits", tolerance=f"{QUAD_TOL:g} relative",
                            confirm="exact")
def matches_chi_square_quadrature(subject, ev, size, one_sample, noise, teacher, init):
    r"""At $P = 1$ ($XX^\top = \lVert x\rVert^2$, $N\lVert x\rVert^2 \sim \chi^2_N$) and at $N = 1$
    ($X^\top X \sim \chi^2_P$), the formula equals the expectation by quadrature of the $\chi^2$ inverse moment."""
    if one_sample:
        n, p = size, 1
        truth = noise * _chi2_inverse_moment(n) + (1 - 1 / n) * (teacher + init) + noise
    else:
        n, p = 1, size
        truth = noise * _chi2_inverse_moment(p) + noise
    truth = float(truth)
    ev.show("(N, P)", [n, p])
    ev.close(subject(n, p, noise, teacher, init), truth, rtol=QUAD_TOL, what="E[E_g(∞)]",
             labels=("formula", "χ² quadrature"), context=f"N={n}, P={p}")


# -- V4, divergence ---------------------------------------------------------------------------------------------------

# The limit from tanh–sinh quadrature at 16 digits (error ≪ 1e-15 even for α within 1e-2 of 1, where the density's
# hard edge is at (1 − √α)² ≈ 2.5e-5); 1e-9 relative leaves headroom for the library's float64 value.
DIVERGE_TOL = 1e-9


@C.DIVERGENCE.check(given={"gap": st.floats(1e-2, 0.2), "below": st.booleans(), "noise": variances,
                           "teacher": variances}, examples=3,
                    precision="mpmath tanh–sinh quadrature of the Marchenko–Pastur density, 16 digits",
                    tolerance=f"{DIVERGE_TOL:g} relative; growth at least σ²/(2|1 − α|)")
def grows_like_inverse_distance(subject, ev, gap, below, noise, teacher):
    r"""At $\alpha = 1 \mp \text{gap}$ the limit equals the Marchenko–Pastur quadrature and exceeds
    $\sigma_\varepsilon^2/(2\,\text{gap})$; at $\alpha = 1$ it is infinite."""
    a = 1 - gap if below else 1 + gap
    truth = float(limit_by_quadrature(16, a, noise, teacher))
    claimed = subject(a, noise, teacher)
    ev.show("α", a)
    ev.close(claimed, truth, rtol=DIVERGE_TOL, what="lim E_g(∞)", labels=("limit", "MP quadrature"),
             context=f"α={a!r}")
    ev.le(noise / (2 * gap), truth, what="growth like 1/|1 − α|", labels=("σ²/(2|1 − α|)", "MP quadrature"))
    at_one = subject(1.0, noise, teacher)
    ev.that(at_one == math.inf, "the limit at α = 1 is infinite", claimed=at_one, observed=math.inf)


# -- V5 -------------------------------------------------------------------------------------------------------------

# At t = 40/λ_min the learnable modes have e_k² ≤ e^{-80} ≈ 2e-35; expm's relative error grows with ‖Bt‖ ≲ 40κ (κ the
# condition number of XᵀX, ≤ 1e3 on these draws): ≲ 1e-11 on an error of order 1. The slope is a difference over
# Δσ_0² = 1: 1e-9 absolute leaves headroom; the mutant slopes differ by ≥ 1e-2.
SLOPE_TOL = 1e-9


def _slope_by_expm(X: np.ndarray, noise: float, teacher: float) -> float:
    lam_min = float(np.min(np.linalg.svd(X, compute_uv=False)) ** 2)
    t = 40.0 / lam_min
    return augmented_error(X, t, noise, teacher, 1.0) - augmented_error(X, t, noise, teacher, 0.0)


def _slope_check(subject, ev, seed, nm, noise, teacher):
    n, p = nm
    X = inputs(seed, n, p)
    ev.show("X", X)
    truth = _slope_by_expm(X, noise, teacher)
    ev.close(subject(p / n), truth, atol=SLOPE_TOL, what="∂E_g(∞)/∂σ_0²", labels=("slope", "augmented system"),
             context=f"N={n}, P={p}")


@C.INIT_BELOW.check(given={"seed": seeds, "nm": sizes(3, 25, gap=0.1, sides="below"), "noise": variances,
                           "teacher": variances}, examples=4,
                    precision="float64 matrix exponential at t = 40/λ_min",
                    tolerance=f"{SLOPE_TOL:g} absolute (expm ≈ 1e-14)")
def slope_by_augmented_system(subject, ev, seed, nm, noise, teacher):
    r"""$E_g(\infty)$ at $\sigma_0^2 = 1$ minus at $\sigma_0^2 = 0$, by the augmented system at a time where every
    learnable mode has converged, equals the claimed slope."""
    _slope_check(subject, ev, seed, nm, noise, teacher)


@C.INIT_ABOVE.check(given={"seed": seeds, "nm": sizes(3, 25, gap=0.1, sides="above"), "noise": variances,
                           "teacher": variances}, examples=4,
                    precision="float64 matrix exponential at t = 40/λ_min",
                    tolerance=f"{SLOPE_TOL:g} absolute (expm ≈ 1e-14)")
def slope_by_augmented_system_above(subject, ev, seed, nm, noise, teacher):
    r"""$E_g(\infty)$ at $\sigma_0^2 = 1$ minus at $\sigma_0^2 = 0$, by the augmented system, equals the claimed slope
    (0) when $P > N$."""
    _slope_check(subject, ev, seed, nm, noise, teacher)


def _rank_slope(seed: int, n: int, p: int) -> tuple[Fraction, int]:
    """(N − rank X)/N, exactly, for an integer matrix with entries in [−3, 3] drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    rows = [[Fraction(int(v)) for v in row] for row in rng.integers(-3, 4, size=(p, n))]
    rank = 0
    for col in range(n):  # Gaussian elimination over the rationals
        pivot = next((i for i in range(rank, p) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(rank + 1, p):
            f = rows[i][col] / rows[rank][col]
            rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
    return Fraction(n - rank, n), rank


@C.INIT_BELOW.check(given={"seed": seeds, "nm": sizes(3, 8, gap=0.1, sides="below")}, examples=5,
                    precision="exact rationals (Gaussian elimination)",
                    tolerance="exact up to the float64 value of 1 − P/N",
                    confirm="exact")
def slope_is_null_dimension_fraction(subject, ev, seed, nm):
    r"""The frozen fraction $(N - \operatorname{rank}X)/N$ of an integer input matrix of full row rank, computed
    exactly, equals the claimed slope (to the float64 rounding of $1 - \alpha$)."""
    n, p = nm
    exact, rank = _rank_slope(seed, n, p)
    ev.assume(rank == min(n, p))
    ev.show("rank of X", rank)
    ev.close(subject(p / n), float(exact), atol=4e-16, what="slope", labels=("slope", "(N − rank)/N"))


@C.INIT_ABOVE.check(given={"seed": seeds, "nm": sizes(3, 8, gap=0.1, sides="above")}, examples=5,
                    precision="exact rationals (Gaussian elimination)", tolerance="exact", confirm="exact")
def slope_is_null_dimension_fraction_above(subject, ev, seed, nm):
    r"""With $P > N$ and full column rank (exact), no null mode is left: the claimed slope is
    $(N - \operatorname{rank}X)/N = 0$."""
    n, p = nm
    exact, rank = _rank_slope(seed, n, p)
    ev.assume(rank == min(n, p))
    ev.show("rank of X", rank)
    ev.close(subject(p / n), float(exact), atol=4e-16, what="slope", labels=("slope", "(N − rank)/N"))
