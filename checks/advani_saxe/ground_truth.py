r"""Ground truths shared by the advani_saxe checks and the formula claims' truth functions.

- :func:`mode_error_by_expm`: one mode's expected squared error from the matrix exponential of the augmented system
  $(\delta, u)' = (-\lambda\delta + u, 0)$, $E\delta_0^2 = \sigma_s^2$, $Eu^2 = \lambda\sigma_\varepsilon^2$.
- :func:`stopping_time_by_root`: the root of the derivative of the mode error from $w_0 = 0$, by bisection.
- :func:`mp_inverse_moment`, :func:`limit_by_quadrature`: $\int\rho_y(x)x^{-1}dx$ for the Marchenko–Pastur density
  of ratio $y < 1$ by tanh–sinh quadrature, and the converged-error limits built from it.
- :func:`mp_error_curve`: the $N \to \infty$ error $E_g(t)$ by Gauss–Legendre quadrature of the same density.
- :func:`augmented_error`: $E_g(t)$ at a fixed input matrix from the matrix exponential of the $2N$-dimensional
  augmented system (no eigendecomposition).
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np


def mode_error_by_expm(digits: int, **case):
    """E δ(t)² for one mode, by mpmath's matrix exponential at ``digits`` digits."""
    with mpmath.workdps(digits + 10):
        lam, t = mpmath.mpf(case["lambda"]), mpmath.mpf(case["t"])
        phi = mpmath.expm(mpmath.matrix([[-lam, 1], [0, 0]]) * t)
        signal, noise = mpmath.mpf(case["sigma_s2"]), mpmath.mpf(case["sigma_epsilon2"])
        value = phi[0, 0] ** 2 * signal + phi[0, 1] ** 2 * lam * noise
    with mpmath.workdps(digits):
        return +value


@functools.lru_cache(maxsize=256)
def _stopping(digits: int, lam_: float, snr: float):
    with mpmath.workdps(digits + 10):
        lam, s = mpmath.mpf(lam_), mpmath.mpf(snr)

        def slope(t):  # d/dt [(1 − e)²/λ + e² SNR] / (2e), e = exp(−λt): positive past the minimum
            e = mpmath.exp(-lam * t)
            return (1 - e) - lam * e * s

        # slope(0) = −λ·SNR < 0 and slope increases strictly (its derivative is λe(1 + λ·SNR) > 0) towards 1: one
        # root, and the doubling stops at a bracket with slope(lo) ≤ 0 < slope(hi). Bisection, not regula falsi: on
        # [0, 16/λ] (λ·SNR > e⁸ − 1) the slope rises from −λ·SNR to ≈ 1 and is flat past the root, and mpmath's
        # Anderson–Björck steps creep in from the flat end and stop at their 30-step cap, the bracket barely narrowed.
        lo, hi = mpmath.mpf(0), 1 / lam
        while slope(hi) <= 0:
            lo, hi = hi, 2 * hi
        while hi - lo > hi * mpmath.mpf(10) ** -(digits + 5):  # the midpoint is then within 10^−(digits+5)·hi of it
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if slope(mid) > 0 else (mid, hi)
        root = (lo + hi) / 2
    with mpmath.workdps(digits):
        return +root


def stopping_time_by_root(digits: int, **case):
    """The minimiser of one mode's error from w_0 = 0 (σ_ε² = 1, σ_w̄² = SNR): the root of its derivative."""
    return _stopping(digits, float(case["lambda"]), float(case["SNR"]))


@functools.lru_cache(maxsize=256)
def mp_inverse_moment(digits: int, y: float):
    """∫ ρ_y(x)/x dx for the Marchenko–Pastur law of ratio y < 1 (unit variance), by tanh–sinh quadrature in
    θ, x = 1 + y − 2√y cos θ."""
    with mpmath.workdps(digits + 5):
        yy = mpmath.mpf(y)
        r = 2 * mpmath.sqrt(yy)

        def integrand(theta):
            x = 1 + yy - r * mpmath.cos(theta)
            return (r * mpmath.sin(theta)) ** 2 / (2 * mpmath.pi * yy * x * x)

        value = mpmath.quad(integrand, [0, mpmath.pi / 8, mpmath.pi])
    with mpmath.workdps(digits):
        return +value


def limit_by_quadrature(digits: int, alpha: float, noise_var: float, signal_var: float):
    """lim E_g(∞) at load α from the Marchenko–Pastur integral: below 1 the P non-zero eigenvalues of XᵀX follow
    MP(α) and N − P modes are null; above 1 the N eigenvalues are α·x with x ~ MP(1/α)."""
    with mpmath.workdps(digits + 5):
        a, s2, ss = mpmath.mpf(alpha), mpmath.mpf(noise_var), mpmath.mpf(signal_var)
        if alpha < 1:
            value = s2 * a * mp_inverse_moment(digits + 5, float(alpha)) + (1 - a) * ss + s2
        else:
            value = s2 * mp_inverse_moment(digits + 5, float(1 / a)) / a + s2
    with mpmath.workdps(digits):
        return +value


@functools.lru_cache(maxsize=4)
def _legendre(nodes: int):
    x, w = np.polynomial.legendre.leggauss(nodes)
    return (x + 1) * math.pi / 2, w * math.pi / 2


def mp_error_curve(alpha: float, times: np.ndarray, noise_var: float, signal_var: float, nodes: int = 200):
    """The N → ∞ error E_g(t) at load α (|α − 1| ≥ 0.2), by Gauss–Legendre quadrature of the Marchenko–Pastur
    density in θ; ``times`` may hold +inf."""
    y = alpha if alpha < 1 else 1 / alpha
    theta, w = _legendre(nodes)
    x = 1 + y - 2 * math.sqrt(y) * np.cos(theta)
    dens = w * (2 * math.sqrt(y) * np.sin(theta)) ** 2 / (2 * math.pi * y * x)  # ρ(x) dx
    lam = x if alpha < 1 else alpha * x
    tt = np.asarray(times, dtype=float)[:, None]
    with np.errstate(invalid="ignore"):
        e = np.where(np.isinf(tt), 0.0, np.exp(-lam * np.where(np.isinf(tt), 0.0, tt)))
    per = (1 - e) ** 2 * noise_var / lam + e**2 * signal_var
    if alpha < 1:
        return alpha * (per @ dens) + (1 - alpha) * signal_var + noise_var
    return per @ dens + noise_var


def mp_limits(alpha: float, noise_var: float, signal_var: float) -> tuple[float, float]:
    """(lim E_g(∞), lim min_t E_g(t)) at load α: the minimum by a log grid and golden-section refinement."""
    grid = np.concatenate([[0.0], np.geomspace(1e-3, 1e4, 160)])
    curve = mp_error_curve(alpha, np.concatenate([grid, [math.inf]]), noise_var, signal_var)
    final = float(curve[-1])
    i = int(np.argmin(curve[:-1]))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    g = (math.sqrt(5) - 1) / 2
    for _ in range(30):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        fa, fb = mp_error_curve(alpha, np.array([a, b]), noise_var, signal_var)
        if fa <= fb:
            hi = b
        else:
            lo = a
    best = min(float(curve[i]), float(mp_error_curve(alpha, np.array([(lo + hi) / 2]), noise_var, signal_var)[0]))
    return final, best


def augmented_error(X: np.ndarray, t: float, noise_var: float, teacher_var: float, init_var: float) -> float:
    """E_g(t) at fixed X from z = (w − w̄, Xᵀε), ż = [[−XᵀX, I], [0, 0]] z: E zzᵀ(t) = e^{Bt} C₀ e^{Bᵀt}, with
    C₀ = diag((σ_0² + σ_w̄²) I, σ_ε² XᵀX)."""
    from scipy.linalg import expm

    n = X.shape[1]
    gram = X.T @ X
    B = np.zeros((2 * n, 2 * n))
    B[:n, :n] = -gram
    B[:n, n:] = np.eye(n)
    C0 = np.zeros((2 * n, 2 * n))
    C0[:n, :n] = (teacher_var + init_var) * np.eye(n)
    C0[n:, n:] = noise_var * gram
    phi = expm(B * t)
    top = phi[:n]
    return float(np.einsum("ij,jk,ik->", top, C0, top) / n + noise_var)
