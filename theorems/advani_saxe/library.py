r"""What a practitioner calls for the linear student–teacher model of Advani & Saxe (arXiv 1710.03667).

Setting (as reconstructed): $N$ parameters, $P$ samples, inputs with i.i.d. $N(0, 1/N)$ entries, teacher
$\bar w \sim N(0, \sigma_{\bar w}^2 I)$, labels $y = X\bar w + \varepsilon$ with
$\varepsilon \sim N(0, \sigma_\varepsilon^2 I)$, student trained by gradient descent on
$\tfrac12\lVert y - Xw\rVert^2$ from $w_0 \sim N(0, \sigma_0^2 I)$.

- :func:`gradient_descent`: the update $w \leftarrow w + \eta X^\top(y - Xw)$, ``steps`` times.
- :func:`generalization_error`: $E_g(t)$ from the spectrum of $X^\top X$ (V2), null modes included.
- :func:`overtraining`: $E_g(\infty) - \min_t E_g(t)$ and the minimising time (V3).
- :func:`expected_converged_error`: the exact finite-size expectation of $E_g(\infty)$ over $X$ (V4).
- :func:`converged_error_limit`: its $N \to \infty$ limit at load $\alpha = P/N$ (V4).
- :func:`optimal_stopping_time`: $t^* = \log(1 + \lambda\,\mathrm{SNR})/\lambda$ for one mode (V6).

Every argument is validated (``TypeError`` for a wrong type, booleans included; ``ValueError`` for NaN,
infinity, a wrong shape or a value out of range), naming the argument.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "gradient_descent",
    "generalization_error",
    "overtraining",
    "expected_converged_error",
    "converged_error_limit",
    "optimal_stopping_time",
]


def _real(name: str, value: object, *, positive: bool = False, allow_inf: bool = False) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not (allow_inf and x > 0)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if x < 0 or (positive and x == 0):
        raise ValueError(f"{name} must be {'positive' if positive else 'non-negative'}, got {value!r}")
    return x


def _count(name: str, value: object, minimum: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if int(value) < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return int(value)


def _array(name: str, value: object, ndim: int) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)) or np.isscalar(value) and ndim > 0:
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} (booleans, strings and complex "
                        "numbers are not accepted)")
    arr = raw.astype(float)
    if arr.ndim != ndim or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty {ndim}-dimensional array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def gradient_descent(X: object, y: object, w0: object, lr: float, steps: int) -> np.ndarray:
    r"""``steps`` iterations of $w \leftarrow w + \eta X^\top(y - Xw)$ from ``w0`` (gradient descent on
    $\tfrac12\lVert y - Xw\rVert^2$). ``X`` is $P \times N$, ``y`` has length $P$, ``w0`` length $N$, $\eta > 0$."""
    A = _array("X", X, 2)
    b = _array("y", y, 1)
    w = _array("w0", w0, 1).copy()
    if b.shape[0] != A.shape[0]:
        raise ValueError(f"y must have length {A.shape[0]} (the rows of X), got {b.shape[0]}")
    if w.shape[0] != A.shape[1]:
        raise ValueError(f"w0 must have length {A.shape[1]} (the columns of X), got {w.shape[0]}")
    eta = _real("lr", lr, positive=True)
    for _ in range(_count("steps", steps, 0)):
        w = w + eta * (A.T @ (b - A @ w))
    return w


def _spectrum(eigenvalues: object, n_params: object) -> tuple[np.ndarray, int]:
    lam = _array("eigenvalues", eigenvalues, 1)
    n = _count("n_params", n_params, 1)
    if np.any(lam < 0):
        raise ValueError("eigenvalues must be non-negative (the spectrum of XᵀX; clip round-off below 0)")
    if lam.shape[0] > n:
        raise ValueError(f"eigenvalues: at most n_params = {n} of them, got {lam.shape[0]}")
    return lam, n


def _variances(noise_var: object, teacher_var: object, init_var: object) -> tuple[float, float, float]:
    return (_real("noise_var", noise_var), _real("teacher_var", teacher_var), _real("init_var", init_var))


def _mode_errors(lam: np.ndarray, t: np.ndarray, noise: float, signal: float) -> np.ndarray:
    """Per mode and time: (1 − e)² σ_ε²/λ + e² (σ_0² + σ_w̄²), e = exp(−λt); a null mode keeps e = 1."""
    x = np.multiply.outer(t, lam)
    with np.errstate(invalid="ignore"):
        e = np.where(np.isinf(x), 0.0, np.exp(-np.where(np.isinf(x), 0.0, x)))
        one_minus = np.where(np.isinf(x), 1.0, -np.expm1(-np.where(np.isinf(x), 0.0, x)))
    safe = np.where(lam > 0, lam, 1.0)
    noise_part = np.where(lam > 0, one_minus**2 * noise / safe, 0.0)
    e = np.where(lam > 0, e, 1.0)
    return noise_part + e**2 * signal


def generalization_error(eigenvalues: object, t: float, n_params: int, noise_var: float, teacher_var: float,
                         init_var: float = 0.0) -> float:
    r"""$E_g(t) = \tfrac1N\sum_k[(1 - e_k)^2\sigma_\varepsilon^2/\lambda_k + e_k^2(\sigma_0^2 + \sigma_{\bar w}^2)]
    + \sigma_\varepsilon^2$ with $e_k = e^{-\lambda_k t}$, averaged over teacher, noise and initialisation at a fixed
    input matrix (V2). ``eigenvalues``: the spectrum of $X^\top X$; modes not listed (up to ``n_params``) are null
    modes ($e_k = 1$). ``t`` may be ``math.inf`` (the converged error)."""
    lam, n = _spectrum(eigenvalues, n_params)
    time = _real("t", t, allow_inf=True)
    noise, teacher, init = _variances(noise_var, teacher_var, init_var)
    signal = teacher + init
    per_mode = _mode_errors(lam, np.array([time]), noise, signal)[0]
    return float((math.fsum(per_mode) + (n - lam.shape[0]) * signal) / n + noise)


def overtraining(eigenvalues: object, n_params: int, noise_var: float, teacher_var: float,
                 init_var: float = 0.0) -> tuple[float, float]:
    r"""$O = E_g(\infty) - \min_t E_g(t)$ and the minimising time (``math.inf`` when no finite time does better)
    (V3). The minimum over $t$ is taken on a logarithmic grid spanning $0.01/\lambda_{\max}$ to
    $100/\lambda_{\min}$ (200 points), refined by 30 golden-section steps around the best grid point (the
    bracket shrinks to about 1e-6 of a grid step)."""
    lam, n = _spectrum(eigenvalues, n_params)
    noise, teacher, init = _variances(noise_var, teacher_var, init_var)
    signal = teacher + init
    pos = lam[lam > 0]
    null = n - pos.shape[0]

    def curve(ts: np.ndarray) -> np.ndarray:
        return (_mode_errors(pos, ts, noise, signal).sum(axis=1) + null * signal) / n + noise

    final = float(curve(np.array([math.inf]))[0])
    if pos.size == 0:
        return 0.0, math.inf
    grid = np.concatenate([[0.0], np.geomspace(0.01 / pos.max(), 100.0 / pos.min(), 200)])
    values = curve(grid)
    i = int(np.argmin(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    g = (math.sqrt(5) - 1) / 2
    for _ in range(30):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        fa, fb = curve(np.array([a, b]))
        if fa <= fb:
            hi = b
        else:
            lo = a
    t_best = (lo + hi) / 2
    best = min(float(curve(np.array([t_best]))[0]), float(values[i]))
    if best >= final:
        return 0.0, math.inf
    return final - best, t_best


def expected_converged_error(n_params: int, n_samples: int, noise_var: float, teacher_var: float,
                             init_var: float = 0.0) -> float:
    r"""$E_X[E_g(\infty)]$ at finite size (V4), from the inverse-Wishart moments:
    $\sigma_\varepsilon^2 P/(N - P - 1) + (1 - P/N)(\sigma_{\bar w}^2 + \sigma_0^2) + \sigma_\varepsilon^2$ for
    $P \le N - 2$ and $\sigma_\varepsilon^2 N/(P - N - 1) + \sigma_\varepsilon^2$ for $P \ge N + 2$; ``math.inf`` for
    $|P - N| \le 1$ when $\sigma_\varepsilon^2 > 0$ (the expectation diverges)."""
    n = _count("n_params", n_params, 1)
    p = _count("n_samples", n_samples, 1)
    noise, teacher, init = _variances(noise_var, teacher_var, init_var)
    if p <= n - 2:
        return noise * p / (n - p - 1) + (1 - p / n) * (teacher + init) + noise
    if p >= n + 2:
        return noise * n / (p - n - 1) + noise
    if noise == 0:
        return (max(n - p, 0) / n) * (teacher + init)
    return math.inf


def converged_error_limit(alpha: float, noise_var: float, teacher_var: float, init_var: float = 0.0) -> float:
    r"""$\lim_{N\to\infty} E_g(\infty)$ at load $\alpha = P/N$ (V4): $\sigma_\varepsilon^2/(1 - \alpha) +
    (1 - \alpha)(\sigma_{\bar w}^2 + \sigma_0^2)$ for $\alpha < 1$, $\sigma_\varepsilon^2\alpha/(\alpha - 1)$ for
    $\alpha > 1$, ``math.inf`` at $\alpha = 1$ when $\sigma_\varepsilon^2 > 0$."""
    a = _real("alpha", alpha, positive=True)
    noise, teacher, init = _variances(noise_var, teacher_var, init_var)
    if a < 1:
        return noise / (1 - a) + (1 - a) * (teacher + init)
    if a > 1:
        return noise * a / (a - 1)
    return math.inf if noise > 0 else 0.0


def optimal_stopping_time(eigenvalue: float, snr: float) -> float:
    r"""$t^* = \log(1 + \lambda\,\mathrm{SNR})/\lambda$, the time minimising one mode's error from $w_0 = 0$ (V6);
    $\mathrm{SNR} = \sigma_{\bar w}^2/\sigma_\varepsilon^2$. Computed as ``log1p(λ·SNR)/λ`` (exact as λ → 0, where
    $t^* \to \mathrm{SNR}$); ``math.inf`` for an infinite SNR (no noise: never stop)."""
    lam = _real("eigenvalue", eigenvalue, positive=True)
    s = _real("snr", snr, allow_inf=True)
    if math.isinf(s):
        return math.inf
    product = lam * s
    if math.isinf(product):  # λ·SNR beyond the float range: log(1 + λ SNR) = log λ + log SNR to double precision
        return (math.log(lam) + math.log(s)) / lam
    return math.log1p(product) / lam
