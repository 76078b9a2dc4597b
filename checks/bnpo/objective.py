"""Checks of V6, the objective BNPO ascends: E g by exact enumeration over R against central
differences of E_q G(σ(θ_q)), for G(p) = p (as stated) and G′ = 1/f_N (refined)."""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import stats

from ...theorems.bnpo import claims as C


def _expected_gradient(theta: np.ndarray, al: float, be: float) -> np.ndarray:
    """E g for a tabular Bernoulli-logit policy, q uniform: exact enumeration over R ∈ {0, 1}."""
    p = 1 / (1 + np.exp(-theta))
    f = stats.beta.pdf(p, al, be)
    out = np.zeros_like(theta)
    for r, prob in ((1.0, p), (0.0, 1 - p)):
        score = r - p  # ∂_θ log π(R | q)
        out += prob * score * (r - p) / f
    return out / theta.size


def _fd_gradient(objective: Any, theta: np.ndarray, al: float, be: float, h: float = 1e-5) -> np.ndarray:
    def j(t: np.ndarray) -> float:
        return float(np.mean(objective(1 / (1 + np.exp(-t)), al, be)))

    grad = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        grad[i] = (j(theta + e) - j(theta - e)) / (2 * h)
    return grad


def _confirm_unbiased(subject, theta, al, be):
    with mpmath.workdps(30):
        th = [mpmath.mpf(t) for t in theta]
        n = len(th)
        rows = []
        worst = mpmath.mpf(0)
        for t in th:
            p = 1 / (1 + mpmath.exp(-t))
            f = p ** (mpmath.mpf(al) - 1) * (1 - p) ** (mpmath.mpf(be) - 1) / mpmath.beta(al, be)
            eg = (p * (1 - p) ** 2 + (1 - p) * p**2) / f / n
            grad_j = mpmath.diff(lambda x: 1 / (1 + mpmath.exp(-x)), t) / n
            worst = max(worst, abs(eg - grad_j) / abs(grad_j))
            rows.append(f"E g = {mpmath.nstr(eg, 10)}, ∇J = {mpmath.nstr(grad_j, 10)}")
        return bool(worst > mpmath.mpf(10) ** -15), f"at 30 digits (α={al:.4g}, β={be:.4g}): " + "; ".join(rows)


@C.UNBIASED.check(given={"theta": st.lists(st.floats(-3, 3), min_size=2, max_size=5),
                         "al": st.floats(0.5, 1.9), "be": st.floats(0.5, 1.9)}, examples=20,
                  confirm=_confirm_unbiased, precision="float64 enumeration and central differences (h = 1e-5)",
                  tolerance="1e-7 relative to max|E g|: O(h²) truncation ≈ 1e-10, cancellation ≈ 1e-11")
@C.UNBIASED_TRANSFORMED.check(given={"theta": st.lists(st.floats(-3, 3), min_size=2, max_size=5),
                                     "al": st.floats(0.5, 1.9), "be": st.floats(0.5, 1.9)}, examples=20,
                              precision="float64 enumeration and central differences (h = 1e-5)",
                              tolerance="1e-7 relative to max|E g|: O(h²) truncation ≈ 1e-10, cancellation ≈ 1e-11")
def expected_gradient_by_enumeration(subject, ev, theta, al, be):
    """E g by exact enumeration over R equals the finite-difference gradient of E_q G(σ(θ_q))."""
    theta = np.array(theta)
    eg = _expected_gradient(theta, al, be)
    fd = _fd_gradient(subject, theta, al, be)
    ev.close(fd, eg, atol=1e-7 * float(np.max(np.abs(eg))), what="∇ E_q G(p(q)) vs E g",
             context=f"θ={np.round(theta, 4).tolist()}, α={al:.4g}, β={be:.4g}")
