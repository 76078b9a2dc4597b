r"""The closed forms and predictors under test, as the statements give them, and their mutants.

Setting (as reconstructed; the paper's normalisations are not confirmed): prompts $(x_i, y_i)_{i\le n}$ and a
query $x_q$, $x \sim N(0, \Sigma)$, $w \sim N(0, \Sigma_w)$, $y = w^\top x + \varepsilon$, $\varepsilon \sim N(0,
\sigma^2)$; $g = \tfrac1n\sum_i y_i x_i$; one preconditioned GD step from $0$ predicts $x_q^\top\Gamma g$.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from claimkit import Formula, integers, interval

from . import library as L

n_, d_, s2_ = sp.symbols("n d sigma2", positive=True)

#: I2: the optimal scalar step for isotropic covariates and task (reconstructed normalisation).
STEP = Formula(n_ / (n_ + d_ + 1 + s2_),
               {"n": integers(1, 40), "d": integers(1, 4), "sigma2": interval(0, 4)}, name="eta_star")

#: I2: the minimal risk of one step, $R^* = d + \sigma^2 - d\,\eta^*$.
MIN_RISK = Formula(d_ + s2_ - d_ * n_ / (n_ + d_ + 1 + s2_),
                   {"n": integers(1, 40), "d": integers(1, 4), "sigma2": interval(0, 4)}, name="minimal_risk")


def step_unit(n: int, d: int, noise_var: float) -> float:
    r"""$\eta = 1$: one unit step."""
    return 1.0


def step_no_noise(n: int, d: int, noise_var: float) -> float:
    r"""$\eta = n/(n + d)$: the noise and the $+1$ dropped."""
    return n / (n + d)


def step_d_squared(n: int, d: int, noise_var: float) -> float:
    r"""$\eta = n/(n + d^2 + 1 + \sigma^2)$: $d^2$ in place of $d$."""
    return n / (n + d * d + 1 + noise_var)


def wishart_without_trace(a: np.ndarray, sigma: np.ndarray, n: int) -> np.ndarray:
    r"""$E[\hat S A\hat S] = \tfrac{n+1}{n}\Sigma A\Sigma$: the $\operatorname{tr}(A\Sigma)\Sigma/n$ term dropped."""
    return (n + 1) / n * sigma @ a @ sigma


def wishart_population(a: np.ndarray, sigma: np.ndarray, n: int) -> np.ndarray:
    r"""$E[\hat S A\hat S] = \Sigma A\Sigma + \tfrac1n\operatorname{tr}(A\Sigma)\Sigma$: the $(n+1)/n$ factor
    taken as 1."""
    return sigma @ a @ sigma + np.trace(a @ sigma) / n * sigma


def preconditioner_case_b(n: int, sigma: np.ndarray, noise_var: float) -> np.ndarray:
    r"""I4(b), $w \sim N(0, \Sigma^{-1})$: $\Gamma^* = \tfrac{n}{n + d + 1 + \sigma^2}\Sigma^{-1}$."""
    d = sigma.shape[0]
    return n / (n + d + 1 + noise_var) * np.linalg.inv(sigma)


def preconditioner_case_b_sigma(n: int, sigma: np.ndarray, noise_var: float) -> np.ndarray:
    r"""$\Gamma^* = \tfrac{n}{n + d + 1 + \sigma^2}\Sigma$: $\Sigma$ in place of $\Sigma^{-1}$."""
    d = sigma.shape[0]
    return n / (n + d + 1 + noise_var) * sigma


def preconditioner_case_b_no_noise(n: int, sigma: np.ndarray, noise_var: float) -> np.ndarray:
    r"""$\Gamma^* = \tfrac{n}{n + d}\Sigma^{-1}$: noise and $+1$ dropped."""
    d = sigma.shape[0]
    return n / (n + d) * np.linalg.inv(sigma)


def preconditioner_case_a(n: int, sigma: np.ndarray, noise_var: float) -> np.ndarray:
    r"""I4(a), $w \sim N(0, I)$: $\Gamma^* = n\,((n+1)\Sigma + (\operatorname{tr}\Sigma + \sigma^2) I)^{-1}$."""
    d = sigma.shape[0]
    return n * np.linalg.inv((n + 1) * sigma + (np.trace(sigma) + noise_var) * np.eye(d))


def preconditioner_case_a_inverse(n: int, sigma: np.ndarray, noise_var: float) -> np.ndarray:
    r"""$\Gamma^* = \tfrac{n}{n + 1 + (\operatorname{tr}\Sigma + \sigma^2)/\lambda}\Sigma^{-1}$ with $\lambda$ the mean
    eigenvalue: a multiple of $\Sigma^{-1}$ (the reading that case (a) is also $\propto \Sigma^{-1}$)."""
    d = sigma.shape[0]
    lam = np.trace(sigma) / d
    return n / (n + 1 + (np.trace(sigma) + noise_var) / lam) * np.linalg.inv(sigma)


def tanh_response(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    r"""I5: $y = \tanh(w^\top x)$ (before noise): odd and a function of $w^\top x$ alone."""
    return np.tanh(t)


def cubic_response(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    r"""I5: $y = w^\top x + (w^\top x)^3/3$ (before noise): odd, a function of $w^\top x$."""
    return t + t**3 / 3


def tanh_plus_square(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    r"""$y = \tanh(w^\top x) + x_1^2$: a response that is not rotation-equivariant."""
    return np.tanh(t) + x[..., 0] ** 2


def linear_plus_square(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    r"""$y = w^\top x + x_1^2$ (before noise): the non-equivariant family of the spec."""
    return t + x[..., 0] ** 2


def preconditioner_linear_plus_square(n: int, d: int, noise_var: float) -> np.ndarray:
    r"""For $y = w^\top x + x_1^2 + \varepsilon$, $x, w \sim N(0, I)$: $\Gamma^* = \operatorname{diag}(n/(n + d + 16
    + \sigma^2), n/(n + d + 4 + \sigma^2), \dots)$ (suite derivation)."""
    diag = np.full(d, n / (n + d + 4 + noise_var))
    diag[0] = n / (n + d + 16 + noise_var)
    return np.diag(diag)


def preconditioner_linear_plus_square_scalar(n: int, d: int, noise_var: float) -> np.ndarray:
    r"""$\Gamma^* = \eta^* I$: the response change taken to leave the isotropic answer unchanged."""
    return n / (n + d + 1 + noise_var) * np.eye(d)


def preconditioner_linear_plus_square_fourth(n: int, d: int, noise_var: float) -> np.ndarray:
    r"""The $x_1^4$ moment taken as $3$ in every coordinate ($E[x_1^6] = 15$ forgotten)."""
    return n / (n + d + 4 + noise_var) * np.eye(d)


# -- the LSA parametrisation ---------------------------------------------------------------------------------------

def lsa_blocks(w_pv: np.ndarray, w_kq: np.ndarray) -> dict[str, np.ndarray]:
    r"""The blocks that reach the prediction: the last row of $W_{PV}$ is $(u^\top, c)$, the first $d$ columns of
    $W_{KQ}$ are $\binom{A}{b^\top}$; $\hat y = x_q^\top(cA^\top + bu^\top)g$
    $+ u^\top\hat S A x_q + c\,s_{yy}\,b^\top x_q$."""
    d = w_pv.shape[0] - 1
    return {"u": w_pv[d, :d], "c": w_pv[d, d], "A": w_kq[:d, :d], "b": w_kq[d, :d]}


def effective_preconditioner(w_pv: np.ndarray, w_kq: np.ndarray) -> np.ndarray:
    r"""$\Gamma_{\mathrm{eff}} = cA^\top + bu^\top$: the matrix of the odd (GD and cross) terms."""
    B = lsa_blocks(w_pv, w_kq)
    return B["c"] * B["A"].T + np.outer(B["b"], B["u"])


def gd_minimiser(eta: float, d: int) -> tuple[np.ndarray, np.ndarray]:
    r"""The LSA weights that implement $\eta I$: $c = 1$, $A = \eta I$, every other block $0$."""
    pv = np.zeros((d + 1, d + 1))
    kq = np.zeros((d + 1, d + 1))
    pv[d, d] = 1.0
    kq[:d, :d] = eta * np.eye(d)
    return pv, kq


def cross_branch(eta: float, d: int) -> tuple[np.ndarray, np.ndarray]:
    r"""The weights $c = 0$, $A = 0$, $u = e_1$, $b = \eta e_1$: the prediction $x_q^\top(\eta e_1e_1^\top)g$
    through the
    cross term (equal to $\eta x_q g$ when $d = 1$)."""
    pv = np.zeros((d + 1, d + 1))
    kq = np.zeros((d + 1, d + 1))
    pv[d, 0] = 1.0
    kq[d, 0] = eta
    return pv, kq


def ridge_as_one_step(prompt_x, prompt_y, x_query, eta, sigma_w, noise_var):
    r"""The ridge (posterior-mean) predictor labelled as the one-step LSA predictor."""
    return L.ridge_predict(prompt_x, prompt_y, x_query, sigma_w, noise_var)


def one_step_at(prompt_x, prompt_y, x_query, eta, sigma_w, noise_var):
    r"""One GD step $x_q^\top\eta\, g$ (the best LSA predictor when $\eta = \eta^*$)."""
    return L.one_step_gd_predict(prompt_x, prompt_y, x_query, eta)


def lsa_query_one(prompt_x, prompt_y, x_query, w_pv, w_kq) -> float:
    r"""The LSA with the query token $z_q = (x_q, 1)$: the label slot not zeroed."""
    X, y, xq = np.asarray(prompt_x, float), np.asarray(prompt_y, float), np.asarray(x_query, float)
    Z = np.column_stack([X, y])
    d = X.shape[1]
    return float(np.asarray(w_pv, float)[d] @ (Z.T @ Z / len(y)) @ np.asarray(w_kq, float) @ np.append(xq, 1.0))
