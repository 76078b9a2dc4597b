r"""The formulas of the linear student–teacher analysis (Advani & Saxe, arXiv 1710.03667), as the family's
specification reconstructs them, and the named wrong variants used as mutants.

The scalar closed forms are :class:`~claimkit.Formula` objects: the per-mode error of V2 (``MODE_ERROR``), the
per-mode optimal stopping time of V6 (``STOPPING_TIME``) and the Marchenko–Pastur limits of the converged error of
V4 (``LIMIT_BELOW_ONE``, ``LIMIT_ABOVE_ONE``). The matrix-level rules (the update, the error from a spectrum, the
overtraining, the finite-size expectations) are the library's functions; their variants are here.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from claimkit import Formula, interval

from . import library as L

lam, t, s_eps, s_sig, snr, alpha = sp.symbols("lambda t sigma_epsilon2 sigma_s2 SNR alpha")

#: V2 per mode: $(1 - e^{-\lambda t})^2\sigma_\varepsilon^2/\lambda + e^{-2\lambda t}(\sigma_0^2 + \sigma_{\bar w}^2)$,
#: with sigma_s2 = σ_0² + σ_w̄² the variance of the initial error along the mode.
MODE_ERROR = Formula((1 - sp.exp(-lam * t)) ** 2 * s_eps / lam + sp.exp(-lam * t) ** 2 * s_sig,
                     {"lambda": interval(1e-2, 1e2, log=True), "t": interval(0, 100),
                      "sigma_epsilon2": interval(1e-2, 10, log=True), "sigma_s2": interval(1e-2, 10, log=True)},
                     name="mode_error")

#: V6: $t^* = \log(1 + \lambda\,\mathrm{SNR})/\lambda$ for $w_0 = 0$.
STOPPING_TIME = Formula(sp.log(1 + lam * snr) / lam,
                        {"lambda": interval(1e-2, 1e2, log=True), "SNR": interval(1e-2, 1e2, log=True)},
                        name="stopping_time")

#: V4, α < 1: $\sigma_\varepsilon^2/(1 - \alpha) + (1 - \alpha)(\sigma_{\bar w}^2 + \sigma_0^2)$.
LIMIT_BELOW_ONE = Formula(s_eps / (1 - alpha) + (1 - alpha) * s_sig,
                          {"alpha": interval(0.05, 0.95), "sigma_epsilon2": interval(1e-2, 10, log=True),
                           "sigma_s2": interval(1e-2, 10, log=True)}, name="limit_below_one")

#: V4, α > 1: $\sigma_\varepsilon^2\alpha/(\alpha - 1)$.
LIMIT_ABOVE_ONE = Formula(s_eps * alpha / (alpha - 1),
                          {"alpha": interval(1.05, 20), "sigma_epsilon2": interval(1e-2, 10, log=True)},
                          name="limit_above_one")


# -- variants of the update (V1) ------------------------------------------------------------------------------------


def gd_with_weight_decay(X, y, w0, lr, steps):
    r"""The update with weight decay $10^{-3}$: $w \leftarrow (1 - 10^{-3}\eta)w + \eta X^\top(y - Xw)$."""
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        w = (1 - 1e-3 * lr) * w + lr * (X.T @ (y - X @ w))
    return w


def sign_descent(X, y, w0, lr, steps):
    r"""Sign descent: $w \leftarrow w + \eta\,\operatorname{sign}(X^\top(y - Xw))$ (an Adam-like update)."""
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        w = w + 1e-2 * lr * np.sign(X.T @ (y - X @ w))
    return w


# -- variants of the error from a spectrum (V2) ---------------------------------------------------------------------


def _spectral(eigenvalues, t, n_params, noise_var, teacher_var, init_var, *, null_learnable=False,
              noise_factor="squared", signal_power=2):
    lam_ = np.asarray(eigenvalues, dtype=float)
    e = np.exp(-lam_ * t) if math.isfinite(t) else np.zeros_like(lam_)
    safe = np.where(lam_ > 0, lam_, 1.0)
    factor = {"squared": (1 - e) ** 2, "unsquared": (1 - e), "none": np.ones_like(e)}[noise_factor]
    noise = np.where(lam_ > 0, factor * noise_var / safe, 0.0)
    e_sig = np.where(lam_ > 0, e, 0.0 if null_learnable else 1.0)
    modes = noise + e_sig**signal_power * (teacher_var + init_var)
    n_null = n_params - lam_.size
    null = 0.0 if null_learnable else n_null * (teacher_var + init_var)
    return float((modes.sum() + null) / n_params + noise_var)


def error_null_learnable(eigenvalues, t, n_params, noise_var, teacher_var, init_var=0.0):
    """Null modes treated as learnable: $e_k = 0$ for $\\lambda_k = 0$ (and for the unlisted modes)."""
    if not math.isfinite(t):
        return _spectral(eigenvalues, t, n_params, noise_var, teacher_var, init_var, null_learnable=True)
    lam_ = np.asarray(eigenvalues, dtype=float)
    e = np.exp(-lam_ * t)
    safe = np.where(lam_ > 0, lam_, 1.0)
    modes = np.where(lam_ > 0, (1 - e) ** 2 * noise_var / safe + e**2 * (teacher_var + init_var), 0.0)
    return float(modes.sum() / n_params + noise_var)


def error_noise_unfactored(eigenvalues, t, n_params, noise_var, teacher_var, init_var=0.0):
    r"""The noise term $\sigma_\varepsilon^2/\lambda_k$ without the factor $(1 - e_k)^2$."""
    return _spectral(eigenvalues, t, n_params, noise_var, teacher_var, init_var, noise_factor="none")


def error_noise_unsquared(eigenvalues, t, n_params, noise_var, teacher_var, init_var=0.0):
    r"""The noise factor $(1 - e_k)$, not squared."""
    return _spectral(eigenvalues, t, n_params, noise_var, teacher_var, init_var, noise_factor="unsquared")


def error_signal_unsquared(eigenvalues, t, n_params, noise_var, teacher_var, init_var=0.0):
    r"""The signal factor $e_k$, not squared."""
    return _spectral(eigenvalues, t, n_params, noise_var, teacher_var, init_var, signal_power=1)


def error_per_sample(eigenvalues, t, n_params, noise_var, teacher_var, init_var=0.0):
    r"""The sum over modes divided by the number of listed modes instead of $N$."""
    lam_ = np.asarray(eigenvalues, dtype=float)
    total = L.generalization_error(eigenvalues, t, n_params, noise_var, teacher_var, init_var) - noise_var
    return float(total * n_params / lam_.size + noise_var)


# -- variants of the overtraining (V3) ------------------------------------------------------------------------------


def overtraining_from_start(eigenvalues, n_params, noise_var, teacher_var, init_var=0.0):
    r"""Overtraining measured as $E_g(0) - E_g(\infty)$."""
    start = L.generalization_error(eigenvalues, 0.0, n_params, noise_var, teacher_var, init_var)
    end = L.generalization_error(eigenvalues, math.inf, n_params, noise_var, teacher_var, init_var)
    return start - end, 0.0


# -- variants of the finite-size expectation (V4) -------------------------------------------------------------------


def expected_error_wishart_shift(n_params, n_samples, noise_var, teacher_var, init_var=0.0):
    r"""The inverse-Wishart moment with $N - P$ (and $P - N$) instead of $N - P - 1$ (and $P - N - 1$)."""
    n, p = n_params, n_samples
    if p < n:
        return noise_var * p / (n - p) + (1 - p / n) * (teacher_var + init_var) + noise_var
    return noise_var * n / (p - n) + noise_var


def expected_error_no_null_space(n_params, n_samples, noise_var, teacher_var, init_var=0.0):
    r"""The null-space term $(1 - P/N)(\sigma_{\bar w}^2 + \sigma_0^2)$ dropped."""
    n, p = n_params, n_samples
    if p < n:
        return noise_var * p / (n - p - 1) + noise_var
    return L.expected_converged_error(n, p, noise_var, teacher_var, init_var)


# -- the slopes of V5 -----------------------------------------------------------------------------------------------


def init_slope_below_one(alpha_: float) -> float:
    r"""V5, $\alpha < 1$: $\partial E_g(\infty)/\partial\sigma_0^2 = 1 - \alpha$."""
    return 1 - alpha_


def init_slope_above_one(alpha_: float) -> float:
    r"""V5, $\alpha > 1$: $\partial E_g(\infty)/\partial\sigma_0^2 = 0$."""
    return 0.0
