"""Checks of N3, the paper's initial scale α = 2/‖A‖₁² on kernel matrices: the top eigen-component
after the iterations (float64, eigh), the failures on equal row sums (float64 and 40 digits), and the
convergence elsewhere; a two-landmark failure is re-verified exactly in sympy."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp
from hypothesis import strategies as st

from ...theorems.newton_schulz import claims as C
from ...theorems.newton_schulz import formulas as F
from ...theorems.newton_schulz.library import gaussian_kernel
from . import exact as X
from .strategies import landmarks, seeds, symmetric_configuration, symmetric_configurations

#: The top eigen-component λ_max uᵀVu of a converged iterate is 1 to rounding (≈ 1e-15 for the well-conditioned
#: kernels drawn); TOP_TOL = 1e-6 separates that from a lost component (≈ 0) by orders of magnitude.
TOP_TOL, STEPS = 1e-6, 40
TWO_LANDMARKS = {"seed": 0, "m": 2, "d": 3, "log_spread": -0.3}


def _top_component(a: np.ndarray, v: np.ndarray) -> float:
    w, u = np.linalg.eigh(a)
    top = u[:, -1]
    return float(w[-1] * top @ v @ top)


def _confirm_two(subject, seed, m, d, log_spread) -> tuple[bool, str]:
    """Exact: A = [[1, s], [s, 1]] with s = exp(−q/2), q the exact squared distance of the two float landmarks."""
    if m != 2:
        return False, "only two-landmark configurations are re-verified exactly"
    pts = X.fractions(landmarks(seed, m, d, 10.0**log_spread))
    q = sum(((x - y) ** 2 for x, y in zip(pts[0], pts[1])), Fraction(0))
    s = sp.exp(-sp.Rational(q.numerator, q.denominator) / 2)
    a = sp.Matrix([[1, s], [s, 1]])
    alpha = 2 / (1 + s) ** 2  # ‖A‖₁ = 1 + s: the paper's α, exactly
    v1 = 2 * alpha * a - alpha**2 * a**3
    top = sp.simplify((v1 * sp.Matrix([1, 1]))[0])
    return top == 0, (f"exact (sympy, s = exp(−q/2), q = {float(q):.6g} the exact squared distance of the float "
                      f"landmarks): V₁·(1, 1) = {top}, and the update keeps V_k·(1, 1) = 0, while A⁻¹(1, 1) = "
                      "(1, 1)/(1 + s): the top eigen-component never converges")


@C.PAPER_ALPHA.check(given={"seed": seeds, "m": st.integers(2, 8), "d": st.integers(1, 8),
                            "log_spread": st.floats(-0.5, 0.2)}, examples=10, regressions=[TWO_LANDMARKS],
                     precision="float64 iterates, eigenvectors by eigh; re-verified exactly in sympy (two landmarks)",
                     tolerance=f"|1 − λ_max uᵀV_40 u| ≤ {TOP_TOL:g} (TOP_TOL)", confirm=_confirm_two)
def top_component_converges(subject, ev, seed, m, d, log_spread):
    r"""With $\alpha$ from the rule, the top eigen-component of $V_{40}$ equals $1/\lambda_{\max}$ (first: two
    landmarks)."""
    a = gaussian_kernel(landmarks(seed, m, d, 10.0**log_spread))
    alpha = subject(a)
    v = F.ns_iterates(a, alpha, STEPS)[-1]
    top = _top_component(a, v)
    ev.show("A (kernel matrix)", a)
    ev.show("α, α λ_max²", [alpha, alpha * float(np.linalg.eigvalsh(a)[-1]) ** 2])
    ev.show("λ_max uᵀ V_40 u", top)
    ev.close(top, 1.0, atol=TOP_TOL, what="top eigen-component of V_40", context=f"m={m}, d={d}",
             labels=("λ_max uᵀ V_40 u", "1 (the component of A⁻¹)"))


def _pinv(a: np.ndarray) -> np.ndarray:
    return np.linalg.pinv(a, rcond=1e-10, hermitian=True)


def _best_relative(a: np.ndarray, alpha: float, target: np.ndarray, steps: int) -> float:
    """The smallest ‖V_k − target‖_F over the iterates, relative to ‖A⁺‖_F (the target may be 0)."""
    norm = float(np.linalg.norm(_pinv(a)))
    best = np.inf
    with np.errstate(all="ignore"):
        for v in F.ns_iterates(a, alpha, steps):
            if not np.all(np.isfinite(v)):
                break
            best = min(best, float(np.linalg.norm(v - target)) / norm)
    return float(best)


#: 60 steps and κ(A) ≤ 10³ on the range: the slowest converging component has αλ² ≥ 2/(m² κ²) ≥ 3e-8 and
#: (1 − 3e-8)^(2^60) underflows; LIMIT_TOL is far above the float64 floor (≈ κε ≈ 1e-13).
LIMIT_TOL = 1e-7


@C.PAPER_ALPHA_FAILURES.check(given={"config": symmetric_configurations()}, examples=8,
                              precision="float64 iterates; A⁺ by eigh-based pinv (rcond 1e-10)",
                              tolerance=f"1ᵀV₁1 ≤ 1e-12·1ᵀV₀1; best of 60 iterates within {LIMIT_TOL:g} of "
                                        "A⁺ − 11ᵀ/(mr) (LIMIT_TOL)")
def equal_row_sums_lose_the_top_component(subject, ev, config):
    r"""Two landmarks, regular polygons, regular simplices, coincident landmarks: $\mathbf 1^\top V_1\mathbf 1 = 0$
    (to rounding) and the iterates approach $A^+ - \mathbf 1\mathbf 1^\top/(mr)$, not $A^+$."""
    kind, seed, m, d, size = config
    a = gaussian_kernel(symmetric_configuration(kind, seed, m, d, size))
    w = np.linalg.eigvalsh(a)
    ev.assume(w[-1] / max(w[w > 1e-10 * w[-1]][0], 1e-300) <= 1e3)
    alpha = subject(a)
    one = np.ones(m)
    v0, v1 = F.ns_iterates(a, alpha, 1)
    r = float(np.mean(a.sum(axis=1)))
    target = _pinv(a) - np.outer(one, one) / (m * r)
    ev.show("configuration", kind)
    ev.show("A", a)
    ev.show("1ᵀV₀1, 1ᵀV₁1", [float(one @ v0 @ one), float(one @ v1 @ one)])
    ev.le(abs(float(one @ v1 @ one)), 1e-12 * abs(float(one @ v0 @ one)), what="1ᵀV₁1 = 0",
          labels=("|1ᵀV₁1|", "1e-12 · 1ᵀV₀1"))
    ev.le(_best_relative(a, alpha, target, 60), LIMIT_TOL, what="distance to A⁺ − 11ᵀ/(mr)",
          context=f"{kind}, m={m}", labels=("best relative distance", "LIMIT_TOL"))


@C.PAPER_ALPHA_FAILURES.check(given={"seed": seeds, "m": st.integers(3, 6), "d": st.integers(1, 5),
                                     "spread": st.floats(0.3, 1.2)}, examples=6,
                              precision="float64 iterates; A⁺ by eigh-based pinv (rcond 1e-10)",
                              tolerance=f"best of 60 iterates within {LIMIT_TOL:g} of A⁺; configurations with "
                                        "2 − αλ_max² < 1e-6 (near-equal row sums, slow) rejected")
def unequal_row_sums_converge(subject, ev, seed, m, d, spread):
    r"""Random landmarks (row sums not equal): the iterates reach $A^+$."""
    a = gaussian_kernel(landmarks(seed, m, d, spread))
    w = np.linalg.eigvalsh(a)
    ev.assume(w[-1] / max(w[0], 1e-300) <= 1e3)
    alpha = subject(a)
    gap = 2 - alpha * float(w[-1]) ** 2
    ev.assume(gap >= 1e-6 or gap < 0)
    ev.show("A", a)
    ev.show("2 − α λ_max²", gap)
    ev.le(_best_relative(a, alpha, _pinv(a), 60), LIMIT_TOL, what="distance to A⁺", context=f"m={m}, d={d}",
          labels=("best relative distance", "LIMIT_TOL"))


def _mp_configurations() -> list[tuple[str, list[list]]]:
    """Equal-row-sum configurations built at the working precision (exactly regular, not rounded to float64)."""
    out = []
    for dist in ("0.5", "1", "2"):
        out.append((f"two at distance {dist}", [[mpmath.mpf(0)], [mpmath.mpf(dist)]]))
    for m, size in ((3, "0.8"), (4, "1"), (6, "0.7")):
        out.append((f"regular {m}-gon", [[mpmath.mpf(size) * mpmath.cos(2 * mpmath.pi * k / m),
                                          mpmath.mpf(size) * mpmath.sin(2 * mpmath.pi * k / m)] for k in range(m)]))
    out.append(("regular simplex of 4", [[mpmath.mpf(int(i == j)) for j in range(4)] for i in range(4)]))
    out.append(("3 coincident", [[mpmath.mpf("0.3"), mpmath.mpf("-1")]] * 3))
    return out


@C.PAPER_ALPHA_FAILURES.check(given=None, precision="mpmath 40 digits", tolerance="|αλ_max² − 2| and |1ᵀV₁1| ≤ 1e-35")
def equal_row_sums_at_40_digits(subject, ev):
    r"""At 40 digits, for two landmarks (three distances), regular 3-, 4- and 6-gons, the regular simplex of 4 and
    coincident landmarks: $\alpha\lambda_{\max}^2 = 2$ and $\mathbf 1^\top V_1\mathbf 1 = 0$."""
    with mpmath.workdps(40):
        for name, pts in _mp_configurations():
            m = len(pts)
            a = np.empty((m, m), dtype=object)
            for i in range(m):
                for j in range(m):
                    a[i, j] = mpmath.exp(-sum((x - y) ** 2 for x, y in zip(pts[i], pts[j])) / 2)
            alpha = subject(a)
            lam = max(mpmath.eigsy(mpmath.matrix(a.tolist()), eigvals_only=True))
            v1 = F.ns_iterates(a, alpha, 1)[1]
            top = sum(v1.flat)
            ev.show(f"{name}: α λ_max² − 2, 1ᵀV₁1", [float(alpha * lam**2 - 2), float(top)])
            ev.that(bool(abs(alpha * lam**2 - 2) < mpmath.mpf(10) ** -35 and abs(top) < mpmath.mpf(10) ** -35),
                    f"{name}: αλ_max² − 2 = {mpmath.nstr(alpha * lam**2 - 2, 5)}, 1ᵀV₁1 = {mpmath.nstr(top, 5)}",
                    claimed=float(alpha * lam**2), observed=2.0, labels=("α λ_max²", "2"))
