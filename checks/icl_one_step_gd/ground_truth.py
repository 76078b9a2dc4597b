r"""Ground truths that never use the closed forms under test.

- ``gauss_expect``: exact expectation of a polynomial in independent standard normals (each monomial
  $\prod_k z_k^{m_k}$ has mean $\prod_k (m_k - 1)!!$ for even $m_k$, else $0$), in sympy rationals. The moments of
  $g = \tfrac1n\sum_i y_i x_i$ follow from one sample and a pair of independent samples sharing $w$:
  $E[gg^\top] = \tfrac1n E[y^2 xx^\top] + \tfrac{n-1}n E_w[\varphi\varphi^\top]$, $\varphi(w) = E[yx \mid w]$, and
  $E[y_q x_q g^\top] = E_w[\varphi\varphi^\top]$; no Wishart identity is used.
- ``quadrature_moments``: the same two moments by tensor Gauss–Hermite quadrature over $(w, x)$ on randomly rotated
  grids (exact for polynomial responses of degree $\le 2k - 1$ in each coordinate; converging for $\tanh$).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import sympy as sp


def rational(value: float) -> Fraction:
    """The float as an exact fraction."""
    return Fraction(value)


def _double_factorial_moment(m: int) -> int:
    return 0 if m % 2 else int(sp.factorial2(m - 1)) if m else 1


def gauss_expect(expr: sp.Expr, variables: tuple[sp.Symbol, ...]) -> sp.Expr:
    """E over independent standard normal ``variables`` of a polynomial ``expr`` (other symbols kept)."""
    poly = sp.Poly(sp.expand(expr), *variables)
    total = sp.Integer(0)
    for monom, coeff in poly.terms():
        factor = 1
        for m in monom:
            factor *= _double_factorial_moment(m)
            if factor == 0:
                break
        if factor:
            total += factor * coeff
    return sp.expand(total)


def moments_exact(n, chol: sp.Matrix, chol_w: sp.Matrix, sigma2: sp.Expr,
                  response=None) -> tuple[sp.Matrix, sp.Matrix]:
    r"""$(M, C) = (E[gg^\top], E[y_q x_q g^\top])$ exactly, for $x = L v$, $w = L_w u$, $v, u \sim N(0, I)$,
    $y = f(w^\top x, x) + \sigma\xi$; ``response(t, x)`` a polynomial (default: $t$)."""
    d = chol.shape[0]
    v = sp.symbols(f"v0:{d}")
    u = sp.symbols(f"u0:{d}")
    xi = sp.Symbol("xi")
    s = sp.Symbol("s", positive=True)
    x = chol * sp.Matrix(v)
    w = chol_w * sp.Matrix(u)
    t = (w.T * x)[0]
    f = t if response is None else response(t, x)
    y = f + s * xi
    phi = [gauss_expect(y * x[j], (*v, xi)) for j in range(d)]
    M = sp.zeros(d, d)
    C = sp.zeros(d, d)
    for j in range(d):
        for k in range(j, d):
            single = gauss_expect(y**2 * x[j] * x[k], (*v, xi, *u)).subs(s**2, sigma2)
            pair = gauss_expect(phi[j] * phi[k], u)
            C[j, k] = C[k, j] = pair
            M[j, k] = M[k, j] = single / sp.sympify(n) + (sp.sympify(n) - 1) / sp.sympify(n) * pair
    return M, C


@functools.lru_cache(maxsize=8)
def _isotropic_coefficients(d: int) -> tuple[Fraction, Fraction, Fraction]:
    r"""For $x, w \sim N(0, I_d)$: $E_w[\varphi_1^2]$ and the two coefficients of $E[y^2x_1^2] = a_0 + a_1\sigma^2$."""
    v = sp.symbols(f"v0:{d}")
    u = sp.symbols(f"u0:{d}")
    xi = sp.Symbol("xi")
    s2 = sp.Symbol("s2")
    s = sp.Symbol("s", positive=True)
    y = sum(ui * vi for ui, vi in zip(u, v)) + s * xi
    phi1 = gauss_expect(y * v[0], (*v, xi))
    single = sp.Poly(gauss_expect(y**2 * v[0] ** 2, (*v, xi, *u)).subs(s**2, s2), s2)
    pair = gauss_expect(phi1**2, u)
    a0, a1 = (Fraction(int(sp.fraction(c)[0]), int(sp.fraction(c)[1])) for c in
              (single.coeff_monomial(1), single.coeff_monomial(s2)))
    return Fraction(int(pair)), a0, a1


def isotropic_moments(n: int, d: int, sigma2: float) -> tuple[Fraction, Fraction]:
    r"""$(C_{11}, M_{11})$ exactly for $x, w \sim N(0, I_d)$ and the exact rational ``sigma2``: $\eta^* =
    C_{11}/M_{11}$."""
    pair, a0, a1 = _isotropic_coefficients(d)
    single = a0 + a1 * rational(sigma2)
    return pair, single / n + Fraction(n - 1, n) * pair


def _grid(k: int, dim: int, rotation: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    z, wts = np.polynomial.hermite_e.hermegauss(k)
    wts = wts / wts.sum()
    mesh = np.stack(np.meshgrid(*([z] * dim), indexing="ij"), -1).reshape(-1, dim)
    weights = np.prod(np.stack(np.meshgrid(*([wts] * dim), indexing="ij"), -1).reshape(-1, dim), axis=1)
    if rotation is not None:
        mesh = mesh @ rotation.T
    return mesh, weights


def random_rotation(seed: int, d: int) -> np.ndarray:
    """An orthogonal d × d matrix drawn from the seed (QR of a Gaussian matrix, signs fixed)."""
    q, r = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, d)))
    return q * np.sign(np.diag(r))


def quadrature_moments(n: int, sigma: np.ndarray, sigma_w: np.ndarray, noise_var: float, response, k: int,
                       seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    r"""$(M, C)$ by Gauss–Hermite quadrature with $k$ nodes per coordinate; grids rotated by draws from ``seed``."""
    d = sigma.shape[0]
    rx = ru = None
    if seed is not None:
        rx, ru = random_rotation(seed, d), random_rotation(seed + 1, d)
    v, wv = _grid(k, d, rx)
    u, wu = _grid(k, d, ru)
    x = v @ np.linalg.cholesky(sigma).T          # (Kx, d)
    w = u @ np.linalg.cholesky(sigma_w).T        # (Kw, d)
    t = w @ x.T                                  # (Kw, Kx)
    f = response(t, x[None, :, :])
    phi = (f * wv) @ x                           # (Kw, d): E[f x | w]
    second = (f**2 + noise_var).T @ wu          # (Kx,): E_w[f² + σ²] per x node
    single = (x * (second * wv)[:, None]).T @ x  # E[y² x xᵀ]
    pair = (phi * wu[:, None]).T @ phi
    return single / n + (n - 1) / n * pair, pair


def optimal_gamma(sigma: np.ndarray, M: np.ndarray, C: np.ndarray) -> np.ndarray:
    r"""$\Gamma^* = \Sigma^{-1} C M^{-1}$, the solution of the normal equations $\Sigma\Gamma M = C$."""
    return np.linalg.solve(sigma, np.linalg.solve(M.T, C.T).T)
