"""Ground truths of the formula claims, computed by another route than the closed forms: operator norms of
complex-step Jacobians (numpy's SVD, and mpmath's at 50 digits), the largest eigenvalue of a difference of Gram
matrices, and the direct simulation of the released ``ema_gz`` recursion (float64 and mpmath)."""

from __future__ import annotations

import mpmath
import numpy as np

from . import formulas as F

#: The batch of the W9 ground truth (B = 6): mean 0, population variance 1.
EPS_PATTERN = np.array([-1.25, -0.75, 0.0, 0.25, 0.5, 1.25])
EPS_PATTERN = (EPS_PATTERN - EPS_PATTERN.mean()) / EPS_PATTERN.std()


def _operator_norm(f, x: np.ndarray) -> float:
    return float(np.linalg.norm(F.complex_step_jacobian(f, x), 2))


def _operator_norm_mp(f, x, digits: int) -> mpmath.mpf:
    jt = F.mp_jacobian(f, x, digits)
    with mpmath.workdps(digits):
        return max(mpmath.svd_r(jt, compute_uv=False))


def bn_norm_truth(gamma: float, sigma: float) -> float:
    """‖∂y_BN/∂x‖₂ for the batch 1 + σ·PATTERN (B = 5), numerically."""
    return _operator_norm(lambda r: gamma * F.bn_forward(r), 1.0 + sigma * F.PATTERN)


def bn_norm_at_precision(digits: int, gamma: float, sigma: float) -> mpmath.mpf:
    with mpmath.workdps(digits):
        x = [mpmath.mpf(1) + mpmath.mpf(sigma) * mpmath.mpf(float(p)) for p in F.PATTERN]
        g = mpmath.mpf(gamma)
    return _operator_norm_mp(lambda r: g * F.bn_forward(r), x, digits)


def pn_norm_truth(gamma: float, sigma: float, mu: float) -> float:
    """‖∂y_PN/∂x‖₂ for the batch μ + σ·PATTERN (B = 5), numerically."""
    return _operator_norm(lambda r: gamma * F.pn_forward(r), mu + sigma * F.PATTERN)


def pn_norm_at_precision(digits: int, gamma: float, sigma: float, mu: float) -> mpmath.mpf:
    with mpmath.workdps(digits):
        x = [mpmath.mpf(mu) + mpmath.mpf(sigma) * mpmath.mpf(float(p)) for p in F.PATTERN]
        g = mpmath.mpf(gamma)
    return _operator_norm_mp(lambda r: g * F.pn_forward(r), x, digits)


def eps_error_truth(delta: float) -> float:
    """max over g of |‖Jᵀg‖² − written(g)|/(‖g‖²/(σ² + ε)) for σ² = 1, ε = δ, γ = 1: the largest eigenvalue in
    size of (σ² + ε)JJᵀ − (I − 11ᵀ/B − x̂x̂ᵀ/B), J by the complex step."""
    x = EPS_PATTERN
    n = x.size
    jt = F.complex_step_jacobian(lambda r: F.bn_forward(r, eps=delta), x)
    xh = F.bn_forward(x, eps=delta)
    written = np.eye(n) - np.ones((n, n)) / n - np.outer(xh, xh) / n
    diff = (1.0 + delta) * jt @ jt.T - written
    return float(np.max(np.abs(np.linalg.eigvalsh((diff + diff.T) / 2))))


def eps_error_at_precision(digits: int, delta: float) -> mpmath.mpf:
    with mpmath.workdps(digits):
        d = mpmath.mpf(delta)
        x = [mpmath.mpf(float(p)) for p in EPS_PATTERN]
        n = len(x)
        jt = F.mp_jacobian(lambda r: F.bn_forward(r, eps=d), x, digits)
        mean = mpmath.fsum(x) / n
        var = mpmath.fsum((v - mean) ** 2 for v in x) / n
        xh = [(v - mean) / mpmath.sqrt(var + d) for v in x]
        diff = (var + d) * jt * jt.T
        for i in range(n):
            for j in range(n):
                diff[i, j] -= (1 if i == j else 0) - mpmath.mpf(1) / n - xh[i] * xh[j] / n
        return max(abs(e) for e in mpmath.eigsy(diff, eigvals_only=True))


def _ema_vectors(c, m, n: int = 8):
    """z with mean(z²) = m and G with mean(G z) = c (fixed patterns)."""
    z = np.sqrt(m) * np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 1.0, -1.0])[:n]
    return z, c / m * z


def ema_truth(c: float, m: float, alpha: float, t: int) -> float:
    """(1 − α)·ema_gz after t backward passes of the released recursion (ema ← ema + mean((G − (1 − α) ema z) z)),
    from ema = 0, with constant G and z: simulated in float64."""
    z, G = _ema_vectors(c, m)
    ema = 0.0
    for _ in range(int(t)):
        approx = G - (1 - alpha) * ema * z
        ema = ema + float(np.mean(approx * z))
    return (1 - alpha) * ema


def ema_at_precision(digits: int, c: float, m: float, alpha: float, t: int) -> mpmath.mpf:
    with mpmath.workdps(digits):
        a, mm, cc = mpmath.mpf(alpha), mpmath.mpf(m), mpmath.mpf(c)
        ema = mpmath.mpf(0)
        for _ in range(int(t)):
            ema = ema + cc - (1 - a) * ema * mm  # mean(G z) = c, mean(z²) = m exactly
        return (1 - a) * ema
