"""Checks of the iteration itself: N1 (exact rationals; float64 norms), N2 (float64 simulation; the
endpoints and A = 0 in exact rationals), N4 (an exact-rational convergence certificate; the 40-digit
limit) and N6's twenty-step criterion (float64 simulation of the matrix iteration)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp
from hypothesis import strategies as st

from ...theorems.newton_schulz import claims as C
from ...theorems.newton_schulz import formulas as F
from . import exact as X
from .strategies import integer_factor, seeds, spectral_psd

EPS = 2.0**-52

# -- N1 -------------------------------------------------------------------------------------------------


def _rational(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Entries p/q with |p| ≤ 6, 1 ≤ q ≤ 4."""
    num, den = rng.integers(-6, 7, size=shape), rng.integers(1, 5, size=shape)
    out = np.empty(shape, dtype=object)
    for idx in np.ndindex(shape):
        out[idx] = Fraction(int(num[idx]), int(den[idx]))
    return out


@C.RESIDUAL_SQUARES.check(given={"seed": seeds, "m": st.integers(1, 5)}, examples=8, precision="exact rationals",
                          tolerance="none: exact equality", confirm="exact")
def residual_squares_in_exact_rationals(subject, ev, seed, m):
    r"""$I - A\,\mathrm{step}(A, V) = (I - AV)^2$ exactly, for random rational non-symmetric $A$ and $V$."""
    rng = np.random.default_rng(seed)
    a, v = _rational(rng, (m, m)), _rational(rng, (m, m))
    ev.show("A", [[str(x) for x in row] for row in a])
    ev.show("V_k", [[str(x) for x in row] for row in v])
    lhs = X.eye(m) - a @ subject(a, v)
    r = X.eye(m) - a @ v
    rhs = r @ r
    ev.show("I − A V_{k+1}", [[str(x) for x in row] for row in lhs])
    ev.show("(I − A V_k)²", [[str(x) for x in row] for row in rhs])
    ev.that(bool(np.all(lhs == rhs)), f"I − AV_(k+1) ≠ (I − AV_k)² [m={m}, seed={seed}]",
            claimed=[[str(x) for x in row] for row in lhs], observed=[[str(x) for x in row] for row in rhs],
            labels=("I − A V_{k+1}", "(I − A V_k)²"))


# ‖I − A V_{k+1}‖₂ computed in float64 differs from the exact value by at most about 4 m ε ‖A‖₂ ‖V_{k+1}‖₂
# (two products and a difference): ≤ 4·12·ε·2·3 ≈ 6e-14 for ‖A‖ ≤ 2, ‖V‖ ≤ 3 here; RESIDUAL_ATOL leaves 1000×.
RESIDUAL_ATOL = 1e-10


@C.RESIDUAL_SQUARES.check(given={"seed": seeds, "m": st.integers(2, 12), "r": st.floats(0.05, 0.9)}, examples=8,
                          precision="float64, spectral norms by SVD",
                          tolerance=f"{RESIDUAL_ATOL:g} absolute (RESIDUAL_ATOL): rounding of the products")
def residual_norm_squares_in_float64(subject, ev, seed, m, r):
    r"""$\lVert I - AV_{k+1}\rVert_2 \le \lVert I - AV_k\rVert_2^2$ for $V_k = A^{-1}(I - R)$ with a drawn residual
    $R$ of norm $r < 1$ ($A$ non-symmetric)."""
    rng = np.random.default_rng(seed)
    a = np.eye(m) + 0.4 * rng.normal(size=(m, m)) / math.sqrt(m)
    g = rng.normal(size=(m, m))
    resid = r * g / np.linalg.norm(g, 2)
    v = np.linalg.solve(a, np.eye(m) - resid)
    before = float(np.linalg.norm(np.eye(m) - a @ v, 2))
    after = float(np.linalg.norm(np.eye(m) - a @ subject(a, v), 2))
    ev.show("A", a)
    ev.show("‖I − AV_k‖₂, ‖I − AV_{k+1}‖₂", [before, after])
    ev.le(after, before**2 + RESIDUAL_ATOL, what="‖I − AV_(k+1)‖ ≤ ‖I − AV_k‖²", context=f"m={m}, r={r:.3g}",
          labels=("‖I − A V_{k+1}‖₂", "‖I − A V_k‖₂²"))


# -- N2 -------------------------------------------------------------------------------------------------


@C.CONVERGENCE.check(given=None, precision="exact rationals", tolerance="none: exact equality", confirm="exact")
def zero_matrix_converges_for_every_alpha(subject, ev):
    r"""$A = 0$: the iterates are $V_k = 0 = A^+$ for every $\alpha$ (a fixed point from $k = 0$), so the iff
    must say 'converges' although $\alpha\sigma_{\max}^2 = 0$."""
    zero = X.fractions(np.zeros((2, 2), dtype=int))
    for alpha in (Fraction(1), Fraction(0), Fraction(-3), Fraction(5)):
        its = F.ns_iterates(zero, alpha, 3)
        converges = all(bool(np.all(v == 0)) for v in its)  # V_0 = 0 is a fixed point and A⁺ = 0
        said = bool(subject(alpha, 0))
        ev.show("α", str(alpha))
        ev.show("V_0, …, V_3", [[[str(x) for x in row] for row in v] for v in its])
        ev.that(said == converges, f"A = 0, α = {alpha}: the condition says converges={said}, the iterates are "
                f"V_k = 0 = A⁺ for every k", claimed=said, observed=converges,
                labels=("0 < ασ² < 2", "V_k → A⁺ (exact iterates)"))


# Float64 simulation: A⁺ = U diag(1/λ) Uᵀ (relative error ≈ mε); 60 steps reach the limit when
# r = ασ_max² ∈ [0.02, 1.98] and κ ≤ 10³ (the slowest component, αλ_min² ≥ 2e-8, needs 2^k·2e-8 ≫ 1: k ≥ 32).
# "Converged": the best iterate is within CONVERGED of A⁺; "not converged": no iterate comes within FAR
# (a diverging top component keeps the error ≥ |1 − r|/(κ √rank) ≥ 4e-4). In between: rejected.
CONVERGED, FAR, STEPS = 1e-8, 1e-5, 60


def _best_error(a: np.ndarray, pinv: np.ndarray, alpha: float, steps: int) -> float:
    best = math.inf
    norm = float(np.linalg.norm(pinv))
    with np.errstate(all="ignore"):
        for v in F.ns_iterates(a, alpha, steps):
            if not np.all(np.isfinite(v)):
                break
            best = min(best, float(np.linalg.norm(v - pinv)) / norm)
    return best


@st.composite
def _ranked(draw: st.DrawFn, m_max: int = 6) -> tuple[int, int]:
    m = draw(st.integers(1, m_max))
    return m, draw(st.integers(1, m))


@C.CONVERGENCE_NONZERO.check(given={"seed": seeds, "shape": _ranked(), "log_kappa": st.floats(0, 3),
                                    "log_scale": st.floats(-3, 3), "r": st.floats(-0.6, 2.6)}, examples=15,
                             precision="float64 simulation (60 steps) against U diag(1/λ) Uᵀ",
                             tolerance=f"converged: best iterate within {CONVERGED:g}; diverged: none within {FAR:g}; "
                                       "|r| < 0.02 and |r − 2| < 0.02 rejected (the endpoints are checked exactly)")
def limit_matches_condition_float64(subject, ev, seed, shape, log_kappa, log_scale, r):
    r"""The condition's verdict equals the simulated one, with $\alpha = r/\sigma_{\max}^2$, $\sigma_{\max}$ from
    $10^{-3}$ to $10^3$, ranks 1 to $m$."""
    ev.assume(abs(r) >= 0.02 and abs(r - 2) >= 0.02)
    m, rank = shape
    scale = 10.0**log_scale
    a, pinv, _, lam = spectral_psd(seed, m, rank, log_kappa, scale)
    alpha = r / scale**2
    best = _best_error(a, pinv, alpha, STEPS)
    ev.assume(best <= CONVERGED or best >= FAR)
    truth = best <= CONVERGED
    said = bool(subject(alpha, scale))
    ev.show("eigenvalues", lam)
    ev.show("α σ_max²", r)
    ev.show("smallest relative error over 60 iterates", best)
    ev.that(said == truth, f"ασ² = {r:.4g}: the condition says converges={said}, the iterates "
            f"{'reach' if truth else 'never reach'} A⁺ (best relative error {best:.3g})", claimed=said, observed=truth,
            labels=("0 < ασ² < 2", "V_k → A⁺ (simulated)"))


def _endpoint_matrix() -> tuple[np.ndarray, np.ndarray, np.ndarray, Fraction]:
    """A = Q diag(2, 1/2, 0) Qᵀ with a rational orthogonal Q (Cayley), its A⁺, the top eigenvector, σ_max."""
    s = X.fractions(np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]]))
    q = X.cayley(s)
    lam = [Fraction(2), Fraction(1, 2), Fraction(0)]
    a = q @ np.diag(np.array(lam, dtype=object)) @ q.T
    pinv = q @ np.diag(np.array([Fraction(1, 2), Fraction(2), Fraction(0)], dtype=object)) @ q.T
    return a, pinv, q[:, 0], lam[0]


def _exact_verdict(a: np.ndarray, pinv: np.ndarray, u: np.ndarray, alpha: Fraction) -> tuple[bool, str]:
    """Decide V_k → A⁺ from exact iterates: a certificate either way, or raise."""
    m = a.shape[0]
    its = F.ns_iterates(a, alpha, 6)
    if all(bool(np.all(v == 0)) for v in its) and bool(np.any(pinv != 0)):
        return False, "V_k = 0 for every k (a fixed point) while A⁺ ≠ 0"
    for k, v in enumerate(its):
        if k >= 1 and bool(np.all(v @ u == 0)):
            return False, (f"V_{k} u = 0 exactly for the top eigenvector u, and V u = 0 is kept by the update, while "
                           "A⁺u = u/σ_max ≠ 0")
        e = pinv - v
        ae = a @ e
        if X.frob2(ae) < Fraction(1, 4) and bool(np.all(a @ (pinv - F.ns_step(a, v)) == ae @ ae)):
            return True, (f"‖A E_{k}‖_F² = {float(X.frob2(ae)):.3g} < 1/4 and A E_(k+1) = (A E_k)²: E_k → 0 "
                          "quadratically")
    raise AssertionError(f"no certificate within 6 exact steps (m = {m})")


@C.CONVERGENCE_NONZERO.check(given=None, precision="exact rationals (a Cayley-orthogonal eigenbasis)",
                             tolerance="none: exact certificates", confirm="exact")
def endpoints_in_exact_rationals(subject, ev):
    r"""$A = Q\,\mathrm{diag}(2, 1/2, 0)\,Q^\top$: at $\alpha\sigma_{\max}^2 = 2$ the top component is exactly 0 from
    $V_1$ on, at $\alpha = 0$ the iterates stay 0, at $\alpha\sigma_{\max}^2 = 3/2$ a certificate of convergence;
    the condition must agree with each."""
    a, pinv, u, sigma = _endpoint_matrix()
    ev.show("A", [[str(x) for x in row] for row in a])
    for r in (Fraction(2), Fraction(0), Fraction(3, 2)):
        alpha = r / sigma**2
        truth, why = _exact_verdict(a, pinv, u, alpha)
        said = bool(subject(alpha, sigma))
        ev.that(said == truth, f"ασ² = {r}: the condition says converges={said}; exact iterates: {why}",
                claimed=said, observed=truth, labels=("0 < ασ² < 2", "V_k → A⁺ (exact certificate)"))


# -- N4 -------------------------------------------------------------------------------------------------


@st.composite
def _deficient(draw: st.DrawFn, m_max: int = 4) -> tuple[int, int]:
    m = draw(st.integers(2, m_max))
    return m, draw(st.integers(1, m - 1))


def _null_basis(b: np.ndarray) -> list[np.ndarray]:
    """An exact basis of the null space of A = BBᵀ (that of Bᵀ)."""
    return [np.array([Fraction(int(x.p), int(x.q)) for x in vec], dtype=object)
            for vec in sp.Matrix(b.T.tolist()).nullspace()]


#: A certificate must appear within this many exact steps (α = c/‖A‖_F² with c ≥ 1, κ(A) ≤ 4, rank r ≤ 3: every
#: component has αλ² ≥ 1/(16 r) ≥ 1/48 and ‖AE_k‖_F² ≤ 3(1 − 1/48)^(2^(k+1)) < 1/4 at k = 6).
EXACT_STEPS = 7


@C.EXACT_LIMIT.check(given={"seed": seeds, "shape": _deficient(), "c": st.sampled_from([10, 15, 19])}, examples=4,
                     precision="exact rationals", tolerance="none: exact certificates", confirm="exact")
def certificate_in_exact_rationals(subject, ev, seed, shape, c):
    r"""Integer $B$ ($m \le 4$, rank $r < m$, $\kappa(A) \le 4$), $A = BB^\top$, $A^+ = B(B^\top B)^{-2}B^\top$
    exactly, $\alpha = c/\lVert A\rVert_F^2$ with $c \in \{1, 3/2, 19/10\}$: every $V_k$ vanishes on the null
    space, $AE_{k+1} = (AE_k)^2$ and
    some $\lVert AE_k\rVert_F^2 < 1/4$ — so $E_k \to 0$ (the exact recursion squares it)."""
    m, rank = shape
    b = integer_factor(seed, m, rank)
    ev.assume(np.linalg.cond(b.astype(float)) ** 2 <= 4)
    bf = X.fractions(b)
    a, pinv = bf @ bf.T, X.factor_pinv(bf)
    alpha = Fraction(c, 10) / X.frob2(a)
    its = subject(a, alpha, EXACT_STEPS)
    null = _null_basis(b)
    ev.show("B", b)
    ev.show("α", str(alpha))
    certified = None
    for k in range(EXACT_STEPS):
        v, nxt = its[k], its[k + 1]
        for n in null:
            ev.that(bool(np.all(v @ n == 0)), f"V_{k} n ≠ 0 for a null vector n of A [B={b.tolist()}]",
                    claimed=[str(x) for x in v @ n], observed=[0] * m, labels=("V_k n", "A⁺ n"))
        ae, ae_next = a @ (pinv - v), a @ (pinv - nxt)
        ev.that(bool(np.all(ae_next == ae @ ae)), f"A E_{k + 1} ≠ (A E_{k})² [B={b.tolist()}]",
                claimed=[[str(x) for x in row] for row in ae_next], observed=[[str(x) for x in row] for row in ae @ ae],
                labels=("A E_{k+1}", "(A E_k)²"))
        if certified is None and X.frob2(ae) < Fraction(1, 4):
            certified = k
    ev.show("first k with ‖A E_k‖_F² < 1/4", certified)
    ev.that(certified is not None, f"no k ≤ {EXACT_STEPS} with ‖A E_k‖_F² < 1/4 [B={b.tolist()}]",
            claimed=certified, observed=f"k ≤ {EXACT_STEPS}", labels=("first certified k", "needed"))


# 40-digit route: α = 1/‖A‖_F² and κ(A) ≤ 25 give every component αλ² ≥ 1/(625·4), and (1 − 1/2500)^(2^30)
# underflows: 30 steps reach the limit; LIMIT_RTOL leaves the 40-digit rounding of 30 steps (≈ 1e-38) far below.
LIMIT_RTOL = 1e-30


@C.EXACT_LIMIT.check(given={"seed": seeds, "shape": _deficient(5)}, examples=4, precision="mpmath 40 digits",
                     tolerance=f"relative {LIMIT_RTOL:g} (LIMIT_RTOL) after 30 steps")
def limit_at_40_digits(subject, ev, seed, shape):
    r"""The 30th iterate at 40 digits equals $A^+ = B(B^\top B)^{-2}B^\top$ (exact, then rounded to 40 digits) to
    $10^{-30}$ relative, null space included."""
    m, rank = shape
    b = integer_factor(seed, m, rank)
    ev.assume(np.linalg.cond(b.astype(float)) ** 2 <= 25)
    bf = X.fractions(b)
    with mpmath.workdps(40):
        a = X.mp_matrix(bf @ bf.T)
        pinv = X.mp_matrix(X.factor_pinv(bf))
        alpha = 1 / sum(x * x for x in a.flat)
        v = subject(a, alpha, 30)[-1]
        err = mpmath.sqrt(sum((x - y) ** 2 for x, y in zip(v.flat, pinv.flat)))
        rel = float(err / mpmath.sqrt(sum(x * x for x in pinv.flat)))
    ev.show("B", b)
    ev.show("V_30 (40 digits, shown in float64)", [[float(x) for x in row] for row in v])
    ev.le(rel, LIMIT_RTOL, what="‖V_30 − A⁺‖_F/‖A⁺‖_F", context=f"B={b.tolist()}",
          labels=("relative error of V_30", "LIMIT_RTOL"))


# -- N6: twenty steps -------------------------------------------------------------------------------------

TAU = F.TWENTY_STEP_TAU
# ‖I − AV₂₀‖₂ in float64: each step adds O(ε) to every eigen-residual and squaring doubles earlier errors, so the
# error is ≲ 2^20 ε ≈ 2e-10 absolute against a threshold of 1e-3; decisions within 1% of it are rejected.
BAND = 0.01


def _residual_twenty(a: np.ndarray, alpha: float) -> float:
    v = F.ns_iterates(a, alpha, 20)[-1]
    return float(np.linalg.norm(np.eye(a.shape[0]) - a @ v, 2))


@C.TWENTY.check(given={"seed": seeds, "m": st.integers(2, 24), "log_x": st.floats(math.log(TAU / 8), math.log(8 * TAU)),
                       "top": st.one_of(st.floats(0.05, 1.95), st.floats(2 - 8 * TAU, 2 - TAU / 8))}, examples=12,
                regressions=[{"seed": 1, "m": 3, "log_x": math.log(2 * TAU), "top": 2 - TAU / 2}],
                precision="float64 simulation of 20 steps",
                tolerance=f"decisions within {BAND:.0%} of 1e-3 rejected (BAND)")
def twenty_steps_match_the_criterion(subject, ev, seed, m, log_x, top):
    r"""$A = U\,\mathrm{diag}(\lambda)U^\top$ with $\alpha\lambda_{\min}^2 = x$ near $\tau$ and
    $\alpha\lambda_{\max}^2$ = top (sometimes within $8\tau$ of 2): the criterion's verdict equals whether the simulated
    $\lVert I - AV_{20}\rVert_2 \le 10^{-3}$."""
    rng = np.random.default_rng(seed)
    x = math.exp(log_x)
    alpha = top  # λ_max = 1
    lam = np.concatenate([[1.0, math.sqrt(x / alpha)], rng.uniform(math.sqrt(x / alpha), 1.0, m - 2)])
    u, _ = np.linalg.qr(rng.normal(size=(m, m)))
    a = (u * lam) @ u.T
    a = 0.5 * (a + a.T)
    res = _residual_twenty(a, alpha)
    ev.assume(abs(res - 1e-3) > BAND * 1e-3)
    said = bool(subject["within"](alpha, lam))
    ev.show("α λ² (extremes)", [top, x])
    ev.show("‖I − A V_20‖₂", res)
    ev.that(said == (res <= 1e-3), f"αλ_min² = {x:.4g}, αλ_max² = {top:.8g}: the criterion says within={said}, the "
            f"simulation gives ‖I − AV₂₀‖₂ = {res:.4g}", claimed=said, observed=bool(res <= 1e-3),
            labels=("τ ≤ αλ² ≤ 2 − τ", "‖I − AV₂₀‖₂ ≤ 1e-3 (simulated)"))


@C.TWENTY.check(given={"seed": seeds, "m": st.integers(2, 49), "c": st.sampled_from([0.9, 0.5]),
                       "side": st.sampled_from(["suffices", "fails"]), "f": st.floats(0.3, 0.97)}, examples=10,
                precision="float64 simulation of 20 steps", tolerance="none beyond the simulation's 2e-10")
def kappa_bounds_hold_for_scaled_one_norm(subject, ev, seed, m, c, side, f):
    r"""$\alpha = 2c/\lVert A\rVert_1^2$: at $\kappa = f\sqrt{2c/(m\tau)}$ twenty steps reach $10^{-3}$, at
    $\kappa = \sqrt{2c/\tau}/f$ they do not."""
    lo, hi = subject["kappa_bounds"](c, m)
    kappa = f * lo if side == "suffices" else hi / f
    rng = np.random.default_rng(seed)
    lam = np.concatenate([[1.0, 1.0 / kappa], np.exp(rng.uniform(-math.log(kappa), 0.0, m - 2))])
    u, _ = np.linalg.qr(rng.normal(size=(m, m)))
    a = (u * lam) @ u.T
    a = 0.5 * (a + a.T)
    alpha = 2 * c / float(np.max(np.abs(a).sum(axis=0))) ** 2
    res = _residual_twenty(a, alpha)
    ev.show("κ", kappa)
    ev.show("bounds (suffices below, fails above)", [lo, hi])
    ev.show("‖I − A V_20‖₂", res)
    want = side == "suffices"
    ev.that((res <= 1e-3) == want, f"κ = {kappa:.4g} ({side}): ‖I − AV₂₀‖₂ = {res:.4g}",
            claimed=want, observed=bool(res <= 1e-3), labels=("the bound says within 1e-3", "simulated"))
