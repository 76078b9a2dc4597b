"""Ground-truth routines of the kl_dro checks: none of them calls the formula under test."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from scipy.optimize import minimize, minimize_scalar


def _softmax(theta: np.ndarray) -> np.ndarray:
    w = np.exp(theta - theta.max())
    return w / w.sum()


def primal_forward(losses: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
    """max over the simplex of Σ p ℓ − τ KL(p‖u), by L-BFGS on p = softmax(θ) (analytic gradient)."""
    ell = np.asarray(losses, dtype=float)
    n = ell.size

    def neg(theta):
        p = _softmax(theta)
        g = ell - tau * (np.log(n * p) + 1.0)  # ∂/∂p of the objective
        val = float(p @ ell - tau * np.sum(p * np.log(n * p)))
        grad_theta = p * (g - p @ g)
        return -val, -grad_theta

    res = minimize(neg, np.zeros(n), jac=True, method="L-BFGS-B", options={"gtol": 1e-13, "ftol": 1e-15,
                                                                           "maxiter": 2000})
    return -float(res.fun), _softmax(res.x)


def primal_reverse(losses: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
    """max over the simplex of Σ p ℓ − τ KL(u‖p), by L-BFGS on p = softmax(θ)."""
    ell = np.asarray(losses, dtype=float)
    n = ell.size

    def neg(theta):
        p = _softmax(theta)
        g = ell + tau / (n * p)
        val = float(p @ ell + tau * (math.log(n) + np.mean(np.log(p))))
        return -val, -(p * (g - p @ g))

    res = minimize(neg, np.zeros(n), jac=True, method="L-BFGS-B", options={"gtol": 1e-13, "ftol": 1e-15,
                                                                           "maxiter": 2000})
    return -float(res.fun), _softmax(res.x)


def dual_minimum(losses: np.ndarray, rho: float) -> tuple[float, float]:
    """min over τ > 0 of τ log mean e^{ℓ/τ} + τρ by bounded search on log(τ/spread); (value, τ)."""
    ell = np.asarray(losses, dtype=float)
    top = float(ell.max())
    spread = top - float(ell.min())

    def dual(s):
        t = spread * math.exp(s)
        z = (ell - top) / t
        return top + t * (math.log(float(np.mean(np.exp(z))))) + t * rho

    res = minimize_scalar(dual, bounds=(-40.0, 8.0), method="bounded", options={"xatol": 1e-12})
    return float(res.fun), spread * math.exp(float(res.x))


def mp_objective(losses, tau, weights, digits: int = 30):
    """Σ p ℓ − τ KL(p‖u) at the given weights, with mpmath."""
    with mpmath.workdps(digits):
        n = len(losses)
        p = [mpmath.mpf(float(w)) for w in weights]
        s = mpmath.fsum(p)
        p = [w / s for w in p]
        return mpmath.fsum(w * mpmath.mpf(float(v)) for w, v in zip(p, losses)) - mpmath.mpf(tau) * mpmath.fsum(
            w * mpmath.log(n * w) for w in p if w > 0)


def mp_gibbs(losses, tau, digits: int = 30):
    """The weights e^{ℓ_j/τ}/Σ e^{ℓ_k/τ} with mpmath."""
    with mpmath.workdps(digits):
        e = [mpmath.exp(mpmath.mpf(float(v)) / mpmath.mpf(tau)) for v in losses]
        s = mpmath.fsum(e)
        return [x / s for x in e]


def mp_lse_primal(losses, tau, digits: int = 30):
    """The primal objective Σ p ℓ − τ KL(p‖u) at the Gibbs weights, evaluated term by term in mpmath."""
    with mpmath.workdps(digits):
        p = mp_gibbs(losses, tau, digits)
        n = len(losses)
        return mpmath.fsum(w * mpmath.mpf(float(v)) for w, v in zip(p, losses)) - mpmath.mpf(tau) * mpmath.fsum(
            w * mpmath.log(n * w) for w in p if w > 0)


def mp_kl_gibbs(losses, tau, digits: int = 30):
    """KL(p_τ‖u) of the Gibbs weights, with mpmath."""
    with mpmath.workdps(digits):
        p = mp_gibbs(losses, tau, digits)
        n = len(losses)
        return mpmath.fsum(w * mpmath.log(n * w) for w in p if w > 0)


def mp_primal_constrained(losses, rho, digits: int = 30):
    """max Σ p ℓ over p in the simplex with KL(p‖u) ≤ ρ, from the KKT conditions of this primal, in mpmath.

    The objective is linear and the feasible set convex, so a KKT point is a global maximiser. If
    ρ ≥ log(n/m), m the number of largest losses, p uniform on them is feasible and attains max ℓ, which
    bounds Σ p ℓ for every p. Otherwise the constraint binds: stationarity ℓ_j − λ(log(n p_j) + 1) = μ
    with λ > 0 gives p_j ∝ e^{ℓ_j/λ}, λ the root of KL(p_λ‖u) = ρ (KL falls from log(n/m) to 0 as λ
    grows), found by bisection on log(λ/spread); the value is Σ p_j ℓ_j there.
    """
    with mpmath.workdps(digits):
        ell = [mpmath.mpf(float(v)) for v in losses]
        n, top = len(ell), max(ell)
        m = sum(1 for v in ell if v == top)
        r = mpmath.mpf(rho)
        if r >= mpmath.log(mpmath.mpf(n) / m):
            return top
        spread = top - min(ell)

        def excess(s):
            return mp_kl_gibbs(ell, spread * mpmath.exp(s), digits) - r

        lo, hi = mpmath.mpf(-1), mpmath.mpf(1)
        while excess(hi) > 0:
            hi += 2
        while excess(lo) < 0:
            lo -= 2
        # 10^(5 − digits) in log λ: far above the spacing of the working numbers at |s| ≤ 40 (so the loop
        # ends), and far below what moves the value in float64
        while hi - lo > mpmath.mpf(10) ** (5 - digits):
            mid = (lo + hi) / 2
            if excess(mid) > 0:
                lo = mid
            else:
                hi = mid
        p = mp_gibbs(ell, spread * mpmath.exp((lo + hi) / 2), digits)
        return mpmath.fsum(w * v for w, v in zip(p, ell))


def mp_psi(x, lam, digits: int = 40):
    """λ log((1/K) Σ_k e^{x_k/λ}) with mpmath, x the margin-shifted score differences."""
    with mpmath.workdps(digits):
        lam = mpmath.mpf(lam)
        xs = [mpmath.mpf(float(v)) if not isinstance(v, mpmath.mpf) else v for v in x]
        top = max(xs)
        return top + lam * mpmath.log(mpmath.fsum(mpmath.exp((v - top) / lam) for v in xs) / len(xs))


def margin_differences(scores, label, margin):
    s = np.asarray(scores, dtype=float)
    return margin * (np.arange(s.size) != label) + s - s[label]


def mp_stylised_tau(n: int, k: int, a: float, rho: float, guess: float, digits: int = 30):
    """τ*(k) as the mpmath root of KL(p_τ‖u) = ρ in the stylised model (k losses a, n − k losses 0)."""
    with mpmath.workdps(digits):
        a_, r_ = mpmath.mpf(a), mpmath.mpf(rho)

        def f(t):
            w = mpmath.exp(a_ / t)
            q = k * w / (k * w + n - k)
            return q * mpmath.log(n * q / k) + (1 - q) * mpmath.log(n * (1 - q) / (n - k)) - r_

        # KL(p_τ‖u) falls as τ grows: bracket the root by halving and doubling, then a bracketing solver
        lo = hi = mpmath.mpf(guess)
        while f(hi) > 0:
            hi *= 2
        while f(lo) < 0:
            lo /= 2
        return mpmath.findroot(f, (lo, hi), solver="anderson", tol=mpmath.mpf(10) ** (-digits + 5))


def mp_ldr_v1(logits, label, threshold, lam, digits: int = 40):
    """The released LDRLoss_V1 in mpmath: softplus, division by the mean, margin log-sum-exp."""
    with mpmath.workdps(digits):
        z = [mpmath.log1p(mpmath.exp(mpmath.mpf(float(v)))) for v in logits]
        m = mpmath.fsum(z) / len(z)
        z = [v / m for v in z]
        x = [(mpmath.mpf(threshold) if k != label else 0) + z[k] - z[label] for k in range(len(z))]
        return mp_psi(x, lam, digits)


def mp_psi_of_logits(logits, label, threshold, lam, digits: int = 40):
    """ψ_λ of the raw logits in mpmath."""
    with mpmath.workdps(digits):
        s = [mpmath.mpf(float(v)) for v in logits]
        x = [(mpmath.mpf(threshold) if k != label else 0) + s[k] - s[label] for k in range(len(s))]
        return mp_psi(x, lam, digits)


def aldr_normalised(logits) -> np.ndarray:
    z = np.asarray(logits, dtype=float)
    return z / (np.sum(np.abs(z)) / z.size)


def aldr_objective(z, label, threshold, lam, lam0, alpha) -> float:
    """G(λ) = λ log mean e^{x/λ} − (α log K/(2λ0))(λ − λ0)², x the margin-shifted differences."""
    x = threshold * (np.arange(z.size) != label) + z - z[label]
    top = float(x.max())
    return top + lam * math.log(float(np.mean(np.exp((x - top) / lam)))) - alpha * math.log(z.size) / (
        2 * lam0) * (lam - lam0) ** 2


def aldr_argmax(z, label, threshold, lam0, alpha) -> float:
    """argmax over λ ∈ (0, λ0] of G by a grid then bounded refinement (G decreases for λ > λ0)."""
    grid = np.linspace(1e-4 * lam0, lam0, 400)
    vals = [aldr_objective(z, label, threshold, g, lam0, alpha) for g in grid]
    i = int(np.argmax(vals))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    res = minimize_scalar(lambda t: -aldr_objective(z, label, threshold, t, lam0, alpha), bounds=(lo, hi),
                          method="bounded", options={"xatol": 1e-13})
    return float(res.x)
