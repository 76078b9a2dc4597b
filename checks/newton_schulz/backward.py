"""Checks of N8, the released backward −VᵀGVᵀ: at invertible A against the complex step and central
differences of ⟨G, A⁻¹⟩; with V = A⁺ along rank-preserving curves (the pseudo-inverse of a full-rank
factorisation, differentiated by the complex step — it is analytic in t with plain transposes — and by
central differences), re-verified by differentiating the factor formula in exact rationals."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.newton_schulz import claims_release as R
from . import exact as X
from .strategies import seeds

#: Complex step: h = 1e-20 makes the truncation h² ‖f'''‖ negligible; no cancellation, so the derivative is
#: good to a few ulps of the condition-scaled value. Central differences at H: truncation H²/6·‖f'''‖ and
#: roundoff ε‖f‖/H, both ≤ 1e-9 relative for the well-conditioned matrices drawn (κ ≤ 50).
CS_STEP, H = 1e-20, 1e-6
CS_RTOL, CD_RTOL = 1e-9, 1e-6


def _inner(x: np.ndarray, y: np.ndarray) -> complex:
    return complex(np.sum(x * y))


def _general(seed: int, m: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    a = np.eye(m) * 2 + rng.normal(size=(m, m)) / np.sqrt(m)  # non-symmetric, well conditioned
    return a, rng.normal(size=(m, m)), rng.normal(size=(m, m))


@R.BACKWARD_INVERSE.check(given={"seed": seeds, "m": st.integers(1, 6)}, examples=8,
                          precision="complex step, h = 1e-20", tolerance=f"relative {CS_RTOL:g} (CS_RTOL)")
def complex_step_pairing(subject, ev, seed, m):
    r"""$\langle -V^\top GV^\top, E\rangle = \operatorname{Im}\langle G, (A + ihE)^{-1}\rangle/h$ for non-symmetric
    $A$, $E$, $G$."""
    a, e, g = _general(seed, m)
    ev.assume(np.linalg.cond(a) <= 50)
    truth = _inner(g, np.linalg.inv(a + 1j * CS_STEP * e)).imag / CS_STEP
    claimed = float(np.sum(subject(np.linalg.inv(a), g) * e))
    ev.show("A", a)
    ev.show("E (direction)", e)
    ev.show("G (upstream gradient)", g)
    scale = float(np.linalg.norm(np.linalg.inv(a), 2) ** 2 * np.linalg.norm(g) * np.linalg.norm(e))
    ev.close(claimed, truth, atol=CS_RTOL * scale, what="⟨∂L/∂A, E⟩", context=f"m={m}",
             labels=("⟨−VᵀGVᵀ, E⟩", "complex step of ⟨G, A⁻¹⟩"))


@R.BACKWARD_INVERSE.check(given={"seed": seeds, "m": st.integers(1, 6)}, examples=6,
                          precision=f"central differences, h = {H:g}", tolerance=f"relative {CD_RTOL:g} (CD_RTOL)")
def central_difference_pairing(subject, ev, seed, m):
    r"""$\langle -V^\top GV^\top, E\rangle = (\langle G, (A + hE)^{-1}\rangle$
    $- \langle G, (A - hE)^{-1}\rangle)/(2h)$."""
    a, e, g = _general(seed, m)
    ev.assume(np.linalg.cond(a) <= 50)
    truth = (_inner(g, np.linalg.inv(a + H * e)) - _inner(g, np.linalg.inv(a - H * e))).real / (2 * H)
    claimed = float(np.sum(subject(np.linalg.inv(a), g) * e))
    ev.show("A", a)
    ev.show("E (direction)", e)
    ev.show("G (upstream gradient)", g)
    scale = float(np.linalg.norm(np.linalg.inv(a), 2) ** 2 * np.linalg.norm(g) * np.linalg.norm(e))
    ev.close(claimed, truth, atol=CD_RTOL * scale, what="⟨∂L/∂A, E⟩", context=f"m={m}",
             labels=("⟨−VᵀGVᵀ, E⟩", "central difference of ⟨G, A⁻¹⟩"))


def factor_pinv_at(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """(BCᵀ)⁺ = C(CᵀC)⁻¹(BᵀB)⁻¹Bᵀ with plain transposes (analytic in complex entries)."""
    return c @ np.linalg.inv(c.T @ c) @ np.linalg.inv(b.T @ b) @ b.T


def _curve_derivative(b, e, c, f, g) -> tuple[float, float]:
    """d/dt ⟨G, ((B + tE)(C + tF)ᵀ)⁺⟩ at 0: (complex step, central difference)."""
    cs = _inner(g, factor_pinv_at(b + 1j * CS_STEP * e, c + 1j * CS_STEP * f)).imag / CS_STEP
    ahead, behind = factor_pinv_at(b + H * e, c + H * f), factor_pinv_at(b - H * e, c - H * f)
    cd = (_inner(g, ahead) - _inner(g, behind)).real / (2 * H)
    return cs, cd


@st.composite
def rank_curves(draw: st.DrawFn) -> tuple:
    """(B, E, G) as nested tuples: B m × r of rank r < m, E m × r, G m × m (symmetric curve (B + tE)(B + tE)ᵀ)."""
    seed = draw(seeds)
    m = draw(st.integers(2, 5))
    r = draw(st.integers(1, m - 1))
    rng = np.random.default_rng(seed)
    return tuple(tuple(map(tuple, x)) for x in (rng.normal(size=(m, r)), rng.normal(size=(m, r)),
                                                 rng.normal(size=(m, m))))


ROTATION = (((1.0,), (0.0,)), ((0.0,), (1.0,)), ((0.0, 1.0), (0.0, 0.0)))


def _confirm_curve(subject, curve) -> tuple[bool, str]:
    """Exact rationals: differentiate A(t)⁺ = B_t (B_tᵀB_t)⁻² B_tᵀ by the product rule at t = 0 (no limit taken)."""
    b, e, g = (X.fractions(np.array(x)) for x in curve)
    m = b.T @ b
    mi = X.inverse(m)
    mdot = e.T @ b + b.T @ e
    dmi2 = -(mi @ mdot @ mi @ mi) - (mi @ mi @ mdot @ mi)  # d(M⁻²) = −M⁻¹ Ṁ M⁻² − M⁻² Ṁ M⁻¹
    dpinv = e @ mi @ mi @ b.T + b @ dmi2 @ b.T + b @ mi @ mi @ e.T
    pinv = b @ mi @ mi @ b.T
    adot = e @ b.T + b @ e.T
    back = -(pinv.T @ g @ pinv.T)
    truth = sum((x * y for x, y in zip(g.flat, dpinv.flat)), Fraction(0))
    said = sum((x * y for x, y in zip(back.flat, adot.flat)), Fraction(0))
    return truth != said, (f"exact rationals (product rule on B(BᵀB)⁻²Bᵀ): d/dt⟨G, A⁺⟩ = {truth}, the released "
                           f"backward gives ⟨−A⁺GA⁺, Ȧ⟩ = {said}")


@R.BACKWARD_PINV.check(given={"curve": rank_curves()}, examples=10, regressions=[{"curve": ROTATION}],
                       precision="complex step (h = 1e-20) and central differences (h = 1e-6) of the factor formula",
                       tolerance=f"relative {CD_RTOL:g} of the pairing's scale; the two routes agree to {CD_RTOL:g}",
                       confirm=_confirm_curve)
def pairing_along_rank_preserving_curve(subject, ev, curve):
    r"""Along $A(t) = (B + tE)(B + tE)^\top$ (rank kept), $\langle -A^{+\top}GA^{+\top}, \dot A\rangle$ equals
    $\frac{d}{dt}\langle G, A(t)^+\rangle$ (first $b = (1, 0)$, $e = (0, 1)$)."""
    b, e, g = (np.array(x) for x in curve)
    ev.assume(np.linalg.cond(b) <= 20)
    pinv = factor_pinv_at(b, b)
    adot = e @ b.T + b @ e.T
    cs, cd = _curve_derivative(b, e, b, e, g)
    claimed = float(np.sum(subject(pinv, g) * adot))
    scale = float(np.linalg.norm(pinv, 2) ** 2 * np.linalg.norm(g) * np.linalg.norm(adot))
    ev.show("B", b)
    ev.show("E", e)
    ev.show("G", g)
    ev.show("d/dt ⟨G, A⁺⟩: complex step, central difference", [cs, cd])
    ev.close(cd, cs, atol=CD_RTOL * scale, what="the two routes", labels=("central difference", "complex step"))
    ev.close(claimed, cs, atol=CD_RTOL * scale, what="⟨backward, Ȧ⟩", context=f"B={b.tolist()}",
             labels=("⟨−VᵀGVᵀ, Ȧ⟩ with V = A⁺", "d/dt ⟨G, A(t)⁺⟩"))


@R.BACKWARD_RANGE.check(given={"seed": seeds, "m": st.integers(2, 5), "r": st.integers(1, 5)}, examples=8,
                        precision="complex step (h = 1e-20) and central differences (h = 1e-6)",
                        tolerance=f"relative {CD_RTOL:g} of the pairing's scale (CD_RTOL)")
def pairing_along_range_preserving_curve(subject, ev, seed, m, r):
    r"""Along $A(t) = B(I + tM)C^\top$ ($m \times m$, range and co-range kept; $B \ne C$ of rank $r$, $G$
    non-symmetric) the backward with $V = A^+$ gives $\frac{d}{dt}\langle G, A(t)^+\rangle$, by both routes."""
    n = m
    ev.assume(r <= m)
    rng = np.random.default_rng(seed)
    b, c = rng.normal(size=(m, r)), rng.normal(size=(n, r))
    mm = rng.normal(size=(r, r))
    g = rng.normal(size=(n, m))
    ev.assume(np.linalg.cond(b) <= 20 and np.linalg.cond(c) <= 20)
    pinv = factor_pinv_at(b, c)
    adot = b @ mm @ c.T
    cs, cd = _curve_derivative(b, b @ mm, c, np.zeros_like(c), g)
    claimed = float(np.sum(subject(pinv, g) * adot))
    scale = float(np.linalg.norm(pinv, 2) ** 2 * np.linalg.norm(g) * np.linalg.norm(adot))
    ev.show("B", b)
    ev.show("C", c)
    ev.show("M", mm)
    ev.show("G", g)
    ev.show("d/dt ⟨G, A⁺⟩: complex step, central difference", [cs, cd])
    ev.close(cd, cs, atol=CD_RTOL * scale, what="the two routes", labels=("central difference", "complex step"))
    ev.close(claimed, cs, atol=CD_RTOL * scale, what="⟨backward, Ȧ⟩", context=f"m={m}, n={n}, r={r}",
             labels=("⟨−VᵀGVᵀ, Ȧ⟩ with V = A⁺", "d/dt ⟨G, A(t)⁺⟩"))
