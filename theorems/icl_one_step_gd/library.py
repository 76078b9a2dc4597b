"""What a practitioner calls: the one-layer linear-self-attention (LSA) predictor, one preconditioned GD step
from zero, the Bayes (ridge) predictor, and the closed forms of the optimal step, the optimal preconditioner
and the risk of one step (arXiv 2307.03576, setting as reconstructed in the family's docstring).

Every function validates its inputs: a ``TypeError`` for a wrong type (bools included) and a ``ValueError``
for NaN, infinity, an empty or wrongly shaped array, or an out-of-range value, each naming the argument.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "lsa_predict",
    "one_step_gd_predict",
    "ridge_predict",
    "optimal_step_size",
    "optimal_preconditioner",
    "one_step_risk",
    "wishart_fourth_moment",
]


def _count(value: object, name: str, lo: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if int(value) < lo:
        raise ValueError(f"{name} must be >= {lo}, got {value}")
    return int(value)


def _scalar(value: object, name: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    if v < 0 or (positive and v == 0):
        raise ValueError(f"{name} must be {'> 0' if positive else '>= 0'}, got {v}")
    return v


def _array(value: object, name: str, ndim: int) -> np.ndarray:
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    arr = arr.astype(float)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _covariance(value: object, name: str, d: int | None = None) -> np.ndarray:
    arr = _array(value, name, 2)
    if arr.shape[0] != arr.shape[1] or (d is not None and arr.shape[0] != d):
        raise ValueError(f"{name} must be square{'' if d is None else f' of size {d}'}, got shape {arr.shape}")
    scale = max(float(np.max(np.abs(arr))), 1e-300)
    if not np.allclose(arr, arr.T, rtol=0, atol=1e-12 * scale):
        raise ValueError(f"{name} must be symmetric")
    if float(np.min(np.linalg.eigvalsh(arr))) <= 0:
        raise ValueError(f"{name} must be positive definite")
    return arr


def _prompt(prompt_x: object, prompt_y: object, x_query: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = _array(prompt_x, "prompt_x", 2)
    y = _array(prompt_y, "prompt_y", 1)
    xq = _array(x_query, "x_query", 1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"prompt_y must have one response per row of prompt_x ({X.shape[0]}), got {y.shape[0]}")
    if xq.shape[0] != X.shape[1]:
        raise ValueError(f"x_query must have the dimension of prompt_x's rows ({X.shape[1]}), got {xq.shape[0]}")
    return X, y, xq


def lsa_predict(prompt_x: object, prompt_y: object, x_query: object, w_pv: object, w_kq: object) -> float:
    r"""One layer of linear self-attention read at the query's label slot:
    $e_{d+1}^\top W_{PV}\,(\tfrac1n\sum_i z_i z_i^\top)\,W_{KQ}\,z_q$ with $z_i = (x_i, y_i)$, $z_q = (x_q, 0)$.

    prompt_x: (n, d) covariates; prompt_y: (n,) responses; x_query: (d,); w_pv, w_kq: (d+1, d+1).
    """
    X, y, xq = _prompt(prompt_x, prompt_y, x_query)
    d = X.shape[1]
    pv = _array(w_pv, "w_pv", 2)
    kq = _array(w_kq, "w_kq", 2)
    for m, name in ((pv, "w_pv"), (kq, "w_kq")):
        if m.shape != (d + 1, d + 1):
            raise ValueError(f"{name} must have shape {(d + 1, d + 1)}, got {m.shape}")
    Z = np.column_stack([X, y])
    moment = Z.T @ Z / X.shape[0]
    zq = np.append(xq, 0.0)
    return float(pv[d] @ moment @ kq @ zq)


def one_step_gd_predict(prompt_x: object, prompt_y: object, x_query: object, gamma: object) -> float:
    r"""$x_q^\top \Gamma\,\tfrac1n\sum_i y_i x_i$: one step of (preconditioned) GD from $w_0 = 0$ on
    $\tfrac1{2n}\sum_i (y_i - w^\top x_i)^2$. ``gamma``: a scalar step $\eta$ ($\Gamma = \eta I$) or a (d, d) matrix."""
    X, y, xq = _prompt(prompt_x, prompt_y, x_query)
    g = X.T @ y / X.shape[0]
    if isinstance(gamma, numbers.Real) and not isinstance(gamma, bool):
        eta = float(gamma)
        if not np.isfinite(eta):
            raise ValueError(f"gamma must be finite, got {eta}")
        return float(eta * (xq @ g))
    G = _array(gamma, "gamma", 2)
    if G.shape != (X.shape[1], X.shape[1]):
        raise ValueError(f"gamma must be a scalar or have shape {(X.shape[1], X.shape[1])}, got {G.shape}")
    return float(xq @ G @ g)


def ridge_predict(prompt_x: object, prompt_y: object, x_query: object, sigma_w: object, noise_var: object) -> float:
    r"""The posterior mean $x_q^\top (X^\top X + \sigma^2 \Sigma_w^{-1})^{-1} X^\top y$ (Bayes-optimal for
    $w \sim N(0, \Sigma_w)$, Gaussian noise of variance $\sigma^2 > 0$)."""
    X, y, xq = _prompt(prompt_x, prompt_y, x_query)
    Sw = _covariance(sigma_w, "sigma_w", X.shape[1])
    s2 = _scalar(noise_var, "noise_var", positive=True)
    A = X.T @ X + s2 * np.linalg.inv(Sw)
    return float(xq @ np.linalg.solve(A, X.T @ y))


def optimal_step_size(n: object, d: object, noise_var: object) -> float:
    r"""$\eta^* = n/(n + d + 1 + \sigma^2)$: the risk-minimising scalar step for $x, w \sim N(0, I_d)$."""
    n_, d_ = _count(n, "n", 1), _count(d, "d", 1)
    s2 = _scalar(noise_var, "noise_var")
    return n_ / (n_ + d_ + 1 + s2)


def _second_moment_of_g(n: int, sigma: np.ndarray, sigma_w: np.ndarray, s2: float) -> np.ndarray:
    # E[g gᵀ] for g = (1/n) Σ y_i x_i: E[Ŝ Σ_w Ŝ] + (σ²/n) Σ, with the Wishart moment of wishart_fourth_moment
    return _wishart(sigma_w, sigma, n) + s2 / n * sigma


def _wishart(a: np.ndarray, sigma: np.ndarray, n: int) -> np.ndarray:
    return (n + 1) / n * sigma @ a @ sigma + np.trace(a @ sigma) / n * sigma


def optimal_preconditioner(n: object, sigma: object, sigma_w: object, noise_var: object) -> np.ndarray:
    r"""$\Gamma^* = \Sigma_w \Sigma\, M^{-1}$, $M = \tfrac{n+1}{n}\Sigma\Sigma_w\Sigma +
    \tfrac1n(\operatorname{tr}(\Sigma_w
    \Sigma) + \sigma^2)\Sigma$: the risk-minimising preconditioner for $x \sim N(0, \Sigma)$,
    $w \sim N(0, \Sigma_w)$."""
    n_ = _count(n, "n", 1)
    S = _covariance(sigma, "sigma")
    Sw = _covariance(sigma_w, "sigma_w", S.shape[0])
    s2 = _scalar(noise_var, "noise_var")
    M = _second_moment_of_g(n_, S, Sw, s2)
    return np.linalg.solve(M.T, (Sw @ S).T).T


def one_step_risk(gamma: object, n: object, sigma: object, sigma_w: object, noise_var: object) -> float:
    r"""$E(x_q^\top\Gamma g - y_q)^2 = \operatorname{tr}(\Gamma^\top\Sigma\Gamma M) -
    2\operatorname{tr}(\Sigma\Gamma\Sigma
    \Sigma_w) + \operatorname{tr}(\Sigma\Sigma_w) + \sigma^2$, exact. ``gamma``: a scalar or a (d, d) matrix."""
    n_ = _count(n, "n", 1)
    S = _covariance(sigma, "sigma")
    Sw = _covariance(sigma_w, "sigma_w", S.shape[0])
    s2 = _scalar(noise_var, "noise_var")
    d = S.shape[0]
    if isinstance(gamma, numbers.Real) and not isinstance(gamma, bool):
        if not np.isfinite(float(gamma)):
            raise ValueError(f"gamma must be finite, got {gamma}")
        G = float(gamma) * np.eye(d)
    else:
        G = _array(gamma, "gamma", 2)
        if G.shape != (d, d):
            raise ValueError(f"gamma must be a scalar or have shape {(d, d)}, got {G.shape}")
    M = _second_moment_of_g(n_, S, Sw, s2)
    return float(np.trace(G.T @ S @ G @ M) - 2 * np.trace(S @ G @ S @ Sw) + np.trace(S @ Sw) + s2)


def wishart_fourth_moment(a: object, sigma: object, n: object) -> np.ndarray:
    r"""$E[\hat S A \hat S] = \tfrac{n+1}{n}\Sigma A\Sigma + \tfrac1n\operatorname{tr}(A\Sigma)\Sigma$ for
    $\hat S = \tfrac1n\sum_{i\le n} x_i x_i^\top$, $x_i \sim N(0, \Sigma)$ i.i.d., $A$ symmetric."""
    S = _covariance(sigma, "sigma")
    A = _array(a, "a", 2)
    if A.shape != S.shape:
        raise ValueError(f"a must have shape {S.shape}, got {A.shape}")
    scale = max(float(np.max(np.abs(A))), 1e-300)
    if not np.allclose(A, A.T, rtol=0, atol=1e-12 * scale):
        raise ValueError("a must be symmetric")
    return _wishart(A, S, _count(n, "n", 1))
