"""Checks of V6, the objective BNPO ascends: E g by exact enumeration over R against central
differences of E_q G(σ(θ_q)), for G(p) = p (as stated) and G′ = 1/f_N (refined); and the value of the
refined G (the library's transformed_objective) against quadrature of ∫₀ᵖ dt/f_N."""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import integrate, special

from ...theorems.bnpo import claims as C
from .numerics import beta_pdf


def _expected_gradient(theta: np.ndarray, al: float, be: float) -> np.ndarray:
    """E g for a tabular Bernoulli-logit policy, q uniform: exact enumeration over R ∈ {0, 1}."""
    p = 1 / (1 + np.exp(-theta))
    f = beta_pdf(p, al, be)
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
    r"""$\mathbb{E} g$ by exact enumeration over $R$ equals the finite-difference gradient of
    $\mathbb{E}_q G(\sigma(\theta_q))$."""
    theta = np.array(theta)
    eg = _expected_gradient(theta, al, be)
    fd = _fd_gradient(subject, theta, al, be)
    ev.show("p(q) = σ(θ_q)", 1 / (1 + np.exp(-theta)))
    ev.show("∇ E_q G(p(q)) by central differences", fd)
    ev.show("E g by enumeration", eg)
    ev.close(fd, eg, atol=1e-7 * float(np.max(np.abs(eg))), what="∇ E_q G(p(q)) vs E g",
             context=f"θ={np.round(theta, 4).tolist()}, α={al:.4g}, β={be:.4g}",
             labels=("∇ E_q G(p(q)) of the claimed G", "E g by enumeration"))


def _integral_from_zero(p: float, al: float, be: float) -> float:
    """∫₀ᵖ t^{1−α}(1−t)^{1−β} dt by QAGS on integrands made smooth by substitution: t = u^{1/(2−α)} on
    [0, min(p, 1/2)] (the t^{1−α} singularity becomes 1), and 1 − t = w^{1/(2−β)} on [1/2, p]."""
    k, j = 1 / (2 - al), 1 / (2 - be)
    low = min(p, 0.5)
    left, _ = integrate.quad(lambda u: k * (1 - u**k) ** (1 - be), 0.0, low ** (2 - al), epsabs=0, epsrel=1e-13)
    if p <= 0.5:
        return left
    right, _ = integrate.quad(lambda w: j * (1 - w**j) ** (1 - al), (1 - p) ** (2 - be), 0.5 ** (2 - be),
                              epsabs=0, epsrel=1e-13)
    return left + right


# QAGS asked for 1e-13 relative on smooth integrands; 1e-10 relative (with 1e-14 absolute near p = 0) leaves
# 1000× headroom over it and over scipy's betainc in the library; anchored_at_one is off by B(α,β)B(2−α,2−β).
VALUE_RTOL = 1e-10


@C.UNBIASED_TRANSFORMED.check(given={"p": st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0)),
                                     "al": st.floats(0.5, 1.9), "be": st.floats(0.5, 1.9)}, examples=10,
                              precision="float64 QAGS quadrature of the substituted (smooth) integrands",
                              tolerance="1e-10 relative, 1e-14 absolute")
def value_matches_quadrature(subject, ev, p, al, be):
    r"""$G(p)$ equals $B(\alpha,\beta)\int_0^p dt/(t^{\alpha-1}(1-t)^{\beta-1})$ by quadrature, so $G(0) = 0$."""
    truth = float(special.beta(al, be)) * _integral_from_zero(p, al, be)
    got = float(np.asarray(subject(p, al, be)))
    ev.show("G(p) from transformed_objective", got)
    ev.show("B(α, β) ∫₀ᵖ dt/f_N by quadrature", truth)
    ev.close(got, truth, rtol=VALUE_RTOL, atol=1e-14, what="G(p)", context=f"p={p!r}, α={al:.4g}, β={be:.4g}",
             labels=("transformed_objective", "quadrature"))
