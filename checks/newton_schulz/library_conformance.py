"""Checks that the library does what it says: newton_schulz_pinv against exact rational pseudo-inverses and
the eigenvector frame, at scales 10^±250; pinv_grad against the complex step and central differences along
rank-preserving curves, at scales 10^±150; gaussian_kernel against 40-digit entries from exact squared
distances."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.newton_schulz import claims_library as L
from ...theorems.newton_schulz.formulas import release_expanded_kernel
from . import exact as X
from .backward import CS_STEP, H, factor_pinv_at
from .float64 import RESIDUAL_WITNESS
from .strategies import integer_factor, seeds, spectral_psd

EPS = 2.0**-52
#: The library's bound: relative error ≤ BOUND · √min(m, n) · κ · ε.
BOUND = 100


def _kappa(a: np.ndarray) -> float:
    s = np.linalg.svd(a, compute_uv=False)
    s = s[s > s[0] * 1e-12]
    return float(s[0] / s[-1])


@st.composite
def _factored(draw: st.DrawFn) -> tuple[int, int, int, int]:
    m, n = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return draw(seeds), m, n, draw(st.integers(1, min(m, n)))


EQUAL_ROWS = ((2, 1), (1, 2))
FIXED = (EQUAL_ROWS, tuple(tuple(int(x) for x in row) for row in np.outer([3, 2, 3], [3, 2, 3])),
         ((1, 2, 0), (0, 1, 1), (1, 3, 1), (2, 1, -1), (1, 0, 1)))


@L.LIBRARY_PINV.check(given={"case": _factored()}, examples=10,
                      precision="exact rationals: A⁺ = C(CᵀC)⁻¹(BᵀB)⁻¹Bᵀ of integer factors",
                      tolerance=f"relative error ≤ {BOUND}·√min(m, n)·κ·ε (BOUND)")
def matches_exact_pinv(subject, ev, case):
    r"""$A = BC^\top$ with integer $B$ ($m \times r$), $C$ ($n \times r$), $m, n \le 8$: the result is within
    $100\sqrt{\min(m, n)}\,\kappa\,\varepsilon$ of the exact $A^+$."""
    seed, m, n, r = case
    b, c = integer_factor(seed, m, r, 4), integer_factor(seed + 1, n, r, 4)
    a = (b @ c.T).astype(float)
    pinv = X.to_float(X.factor_pinv(X.fractions(b), X.fractions(c)))
    res = subject(a)
    kappa = _kappa(a)
    err = float(np.linalg.norm(res.pinv - pinv) / np.linalg.norm(pinv)) if np.all(np.isfinite(res.pinv)) else math.inf
    ev.show("A", a)
    ev.show("newton_schulz_pinv(A).pinv", res.pinv)
    ev.show("A⁺ (exact)", pinv)
    ev.le(err, BOUND * math.sqrt(min(m, n)) * kappa * EPS, what="relative error", context=f"m={m}, n={n}, r={r}",
          labels=("‖result − A⁺‖_F/‖A⁺‖_F", "100 √min(m,n) κ ε"))


SCALES = (-250, -100, 0, 100, 250)


@L.LIBRARY_PINV.check(given=None, precision="exact rationals and the eigenvector frame",
                      tolerance=f"relative error ≤ {BOUND}·√min(m, n)·κ·ε at every scale 10^±250")
def equal_row_sums_and_scale(subject, ev):
    r"""$\begin{pmatrix}2 & 1\\ 1 & 2\end{pmatrix}$ (equal row sums), the rank-one $bb^\top$, $b = (3, 2, 3)$, a
    $5 \times 3$ matrix of rank 2, and a $40 \times 40$ positive semidefinite matrix of rank 25 with $\kappa = 10^6$,
    each at scales $10^{-250}$ to $10^{250}$: newton_schulz_pinv$(cA) \cdot c$ is within the bound of the exact
    $A^+$."""
    worst = 0.0
    cases = []
    for rows in FIXED:
        a = np.array(rows, dtype=float)
        if a.shape == (3, 3):
            b = np.array(RESIDUAL_WITNESS)
            pinv = X.to_float(X.factor_pinv(X.fractions(b)))
        elif a.shape == (2, 2):
            pinv = X.to_float(X.inverse(X.fractions(np.array(rows))))
        else:
            pinv = np.linalg.pinv(a, rcond=1e-12)  # rank 2 with integer entries: SVD error ≈ κε ≈ 1e-15
        cases.append((a, pinv))
    a, pinv, _, _ = spectral_psd(7, 40, 25, 6.0)
    cases.append((a, pinv))
    for a, pinv in cases:
        kappa = _kappa(a)
        bound = BOUND * math.sqrt(min(a.shape)) * kappa * EPS
        for e in SCALES:
            c = 10.0**e
            with np.errstate(over="ignore", invalid="ignore"):  # judged below: a non-finite result fails
                res = subject(a * c)
                got = res.pinv * c
            ok = bool(np.all(np.isfinite(got)))
            err = float(np.linalg.norm(got - pinv) / np.linalg.norm(pinv)) if ok else math.inf
            worst = max(worst, err / (bound / BOUND))
            ev.show(f"{a.shape[0]}×{a.shape[1]} at 1e{e}: relative error", err)
            ev.le(err, bound, what="relative error", context=f"shape={a.shape}, scale=1e{e}",
                  labels=("‖c · pinv(cA) − A⁺‖_F/‖A⁺‖_F", "100 √min(m,n) κ ε"))
    ev.metric("worst_ratio", worst)


# -- pinv_grad ------------------------------------------------------------------------------------------


@st.composite
def _curves(draw: st.DrawFn) -> tuple[int, int, int, int]:
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return draw(seeds), m, n, draw(st.integers(1, min(m, n)))


def _curve(case: tuple[int, int, int, int]) -> tuple[np.ndarray, ...]:
    seed, m, n, r = case
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(m, r)), rng.normal(size=(m, r)), rng.normal(size=(n, r)), rng.normal(size=(n, r)),
            rng.normal(size=(n, m)))


GRAD_RTOL = 1e-7


@L.LIBRARY_GRAD.check(given={"case": _curves()}, examples=8,
                      precision="complex step (h = 1e-20) of C_t(C_tᵀC_t)⁻¹(B_tᵀB_t)⁻¹B_tᵀ",
                      tolerance=f"relative {GRAD_RTOL:g} of ‖A⁺‖₂²‖G‖‖Ȧ‖ (κ(B), κ(C) ≤ 20)")
def complex_step_along_rank_preserving_curves(subject, ev, case):
    r"""$A(t) = (B + tE)(C + tF)^\top$, rectangular, rank $r$: $\langle \mathrm{pinv\_grad}(A, A^+, G), \dot A\rangle$
    equals the complex-step derivative of $\langle G, A(t)^+\rangle$."""
    b, e, c, f, g = _curve(case)
    ev.assume(np.linalg.cond(b) <= 20 and np.linalg.cond(c) <= 20)
    a, pinv = b @ c.T, factor_pinv_at(b, c)
    adot = e @ c.T + b @ f.T
    truth = float(np.sum(g * factor_pinv_at(b + 1j * CS_STEP * e, c + 1j * CS_STEP * f)).imag / CS_STEP)
    claimed = float(np.sum(subject(a, pinv, g) * adot))
    scale = float(np.linalg.norm(pinv, 2) ** 2 * np.linalg.norm(g) * np.linalg.norm(adot))
    ev.show("A", a)
    ev.show("Ȧ", adot)
    ev.show("G", g)
    ev.close(claimed, truth, atol=GRAD_RTOL * scale, what="⟨pinv_grad, Ȧ⟩", context=f"case={case}",
             labels=("⟨pinv_grad(A, A⁺, G), Ȧ⟩", "complex step of ⟨G, A(t)⁺⟩"))


@L.LIBRARY_GRAD.check(given={"case": _curves(), "exponent": st.integers(-150, 150)}, examples=6,
                      precision=f"central differences (h = {H:g}); scale covariance",
                      tolerance="relative 1e-5 of ‖A⁺‖₂²‖G‖‖Ȧ‖ for the difference; 1e-12 for the covariance")
def central_differences_and_scale(subject, ev, case, exponent):
    r"""The same pairing against central differences, and pinv_grad$(cA, A^+/c, G) = $ pinv_grad$(A, A^+, G)/c^2$
    for $c = 10^e$, $|e| \le 150$."""
    b, e, c, f, g = _curve(case)
    ev.assume(np.linalg.cond(b) <= 20 and np.linalg.cond(c) <= 20)
    a, pinv = b @ c.T, factor_pinv_at(b, c)
    adot = e @ c.T + b @ f.T
    truth = float(np.sum(g * (factor_pinv_at(b + H * e, c + H * f) - factor_pinv_at(b - H * e, c - H * f)))) / (2 * H)
    base = subject(a, pinv, g)
    claimed = float(np.sum(base * adot))
    scale = float(np.linalg.norm(pinv, 2) ** 2 * np.linalg.norm(g) * np.linalg.norm(adot))
    s = 10.0**exponent
    scaled = subject(a * s, pinv / s, g)
    ev.show("A", a)
    ev.show("scale c", s)
    ev.close(claimed, truth, atol=1e-5 * scale, what="⟨pinv_grad, Ȧ⟩", labels=("⟨pinv_grad, Ȧ⟩",
                                                                              "central difference"))
    ev.close(scaled * (s * s) if abs(exponent) < 150 else scaled * s * s, base, rtol=1e-12,
             atol=1e-12 * float(np.max(np.abs(base))), what="scale covariance",
             labels=("c² · pinv_grad(cA, A⁺/c, G)", "pinv_grad(A, A⁺, G)"))


# -- gaussian_kernel ------------------------------------------------------------------------------------


def _exact_kernel(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """exp(−‖x_i − y_j‖²/2): squared distances exact in rationals, the exponential at 40 digits."""
    fx, fy = X.fractions(x), X.fractions(y)
    out = np.empty((x.shape[0], y.shape[0]))
    with mpmath.workdps(40):
        for i in range(x.shape[0]):
            for j in range(y.shape[0]):
                q = sum(((u - v) * (u - v) for u, v in zip(fx[i], fy[j])), Fraction(0)) / 2
                out[i, j] = float(mpmath.exp(-(mpmath.mpf(q.numerator) / q.denominator)))
    return out


@L.LIBRARY_KERNEL.check(given={"seed": seeds, "n": st.integers(1, 6), "p": st.integers(0, 6), "d": st.integers(1, 6),
                               "log_scale": st.floats(-150, 150), "log_spread": st.floats(-3, 1)}, examples=8,
                        precision="exact squared distances, exp at 40 digits",
                        tolerance="relative (d + 3)·ε·(1 + q) per entry, q the exponent; 1e-300 absolute (subnormals)")
def entries_match_40_digits(subject, ev, seed, n, p, d, log_scale, log_spread):
    r"""Points $c\,u + s\,z$ (centre at scale $10^{\pm 150}$, spread $s$ relative to it): every entry matches the
    40-digit value ($y$ omitted when $p = 0$: then symmetric with unit diagonal)."""
    rng = np.random.default_rng(seed)
    scale = 10.0**log_scale
    x = (rng.normal(size=d) + rng.normal(size=(n, d)) * 10.0**log_spread) * scale
    y = None if p == 0 else (rng.normal(size=d) + rng.normal(size=(p, d)) * 10.0**log_spread) * scale
    got = subject(x, y)
    truth = _exact_kernel(x, x if y is None else y)
    with np.errstate(divide="ignore"):
        q = np.where(truth > 0, -np.log(np.where(truth > 0, truth, 1.0)), 0.0)
    tol = (d + 3) * EPS * (1 + q) * truth + 1e-300
    ev.show("x", x)
    ev.show("kernel", got)
    ev.show("40 digits", truth)
    ev.that(bool(np.shape(got) == np.shape(truth) and np.all(np.abs(got - truth) <= tol)),
            f"an entry differs from the 40-digit value beyond (d + 3)ε(1 + q) [n={n}, p={p}, d={d}]",
            claimed=np.asarray(got).tolist(), observed=truth.tolist(), labels=("gaussian_kernel", "40 digits"))
    if y is None:
        ev.that(bool(np.array_equal(got, got.T) and np.all(np.diag(got) == 1.0)), "not symmetric with unit diagonal",
                claimed=np.diag(got).tolist(), observed=[1.0] * n, labels=("diagonal", "1"))


@L.LIBRARY_KERNEL.check(given=None, precision="exact squared distances, exp at 40 digits",
                        tolerance="entries ≤ 1; relative 1e-9 against 40 digits")
def entries_of_near_coincident_far_points(subject, ev):
    r"""Five points of norm $10^8$ within $10^{-3}$ of each other: entries in $[0, 1]$ and equal to the 40-digit
    values (the release's expanded form is shown for comparison)."""
    rng = np.random.default_rng(0)
    x = 1e8 * np.ones(4) + rng.normal(size=(5, 4)) * 1e-3
    got = subject(x)
    truth = _exact_kernel(x, x)
    expanded = release_expanded_kernel(x)
    ev.metric("expanded_largest_entry", float(np.max(expanded)))
    ev.metric("expanded_largest_error", float(np.max(np.abs(expanded - truth))))
    ev.show("kernel", got)
    ev.show("40 digits", truth)
    ev.show("release's expanded form", expanded)
    ev.that(bool(np.all((got >= 0) & (got <= 1))), "an entry lies outside [0, 1]", claimed=float(np.max(got)),
            observed=1.0, labels=("largest entry", "1"))
    ev.close(got, truth, rtol=1e-9, what="entries", labels=("gaussian_kernel", "40 digits"))
