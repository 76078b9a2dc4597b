"""The formulas and algorithms under test for the target_surrogate claims, and their mutants.

Models: a linear model f(θ) = Xθ and a two-layer tanh network f(θ) = tanh(XW₁)W₂, both with targets (n, k).
Losses in the target space: softmax cross-entropy (mean or sum over the n examples), binary logistic
log(1 + e^{−z}) for label +1, and squared ½(z − y)². The released optimiser is ``SGD_FMDOpt.step`` of
``optimizers/sgd_fmdopt.py`` (repository WilderLavington/Target-Based-Surrogates-For-Stochastic-Optimization,
commit 4cc4ea7e), ported to numpy from reading it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.special import log_softmax

from .library import linear_mm_step, max_target_step, softmax_cross_entropy, target_surrogate

# -- models -------------------------------------------------------------------------------------------------------


def linear_model(theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """f(θ) = Xθ."""
    return x @ theta


def tanh_model(theta: np.ndarray, x: np.ndarray, hidden: int = 4) -> np.ndarray:
    """f(θ) = tanh(XW₁)W₂ with θ the flat vector (W₁, W₂), W₁ of shape (d, hidden)."""
    d = x.shape[1]
    w1 = theta[: d * hidden].reshape(d, hidden)
    w2 = theta[d * hidden:].reshape(hidden, -1)
    return np.tanh(x @ w1) @ w2


def ce_loss(z: np.ndarray, labels: np.ndarray, reduction: str = "mean") -> float:
    """The softmax cross-entropy, written independently of the library (log_softmax, no gradient)."""
    losses = -log_softmax(z, axis=1)[np.arange(z.shape[0]), labels]
    return float(losses.mean() if reduction == "mean" else losses.sum())


# -- T1/T4: the surrogate as a function of θ ----------------------------------------------------------------------


def surrogate_of_model(f: Callable[[np.ndarray], np.ndarray], theta: np.ndarray, theta_t: np.ndarray,
                       labels: np.ndarray, eta: float, reduction: str = "mean") -> float:
    """g_t(θ) = L(z_t) + ⟨∇L(z_t), f(θ) − z_t⟩ + ‖f(θ) − z_t‖²/(2η), z_t = f(θ_t) (Sec. 3, as reconstructed)."""
    z_t = f(theta_t)
    loss_t, grad_t = softmax_cross_entropy(z_t, labels, reduction)
    return target_surrogate(loss_t, grad_t, f(theta), z_t, eta)


def surrogate_sign_flipped(f, theta, theta_t, labels, eta, reduction="mean"):
    """Mutant: the linear term with the wrong sign."""
    z_t = f(theta_t)
    loss_t, grad_t = softmax_cross_entropy(z_t, labels, reduction)
    return target_surrogate(loss_t, -grad_t, f(theta), z_t, eta)


def surrogate_no_quadratic(f, theta, theta_t, labels, eta, reduction="mean"):
    """Mutant: the quadratic term dropped (the linearisation alone)."""
    z_t = f(theta_t)
    loss_t, grad_t = softmax_cross_entropy(z_t, labels, reduction)
    return loss_t + float(np.sum(grad_t * (f(theta) - z_t)))


def surrogate_parameter_space(f, theta, theta_t, labels, eta, reduction="mean"):
    """Mutant: the proximity term ‖θ − θ_t‖²/(2η) in parameter space instead of target space."""
    z_t = f(theta_t)
    loss_t, grad_t = softmax_cross_entropy(z_t, labels, reduction)
    return loss_t + float(np.sum(grad_t * (f(theta) - z_t))) + float(np.sum((theta - theta_t) ** 2)) / (2 * eta)


# -- T2/T3: the threshold on η --------------------------------------------------------------------------------------


def max_step_ce_three(loss: str, n: int = 1, reduction: str = "sum") -> float:
    """Mutant: η ≤ 3 for softmax cross-entropy."""
    return max_target_step(loss, n, reduction) * (1.5 if loss == "softmax_ce" else 1.0)


def max_step_sum_for_mean(loss: str, n: int = 1, reduction: str = "sum") -> float:
    """Mutant: the smoothness of the sum used with the mean loss (the factor n lost the other way: η ≤ 2n²)."""
    return max_target_step(loss, n, "sum") * n * (n if reduction == "mean" else 1)


def max_step_mean_without_n(loss: str, n: int = 1, reduction: str = "sum") -> float:
    """Mutant: the per-example constant kept for the mean loss (η ≤ 2 for the mean: the 2n forgotten)."""
    return max_target_step(loss, n, "sum")


def max_step_logistic_as_softmax(loss: str, n: int = 1, reduction: str = "sum") -> float:
    """Mutant: the binary logistic loss given the softmax constant 1/2 (η ≤ 2 instead of 4)."""
    return max_target_step("softmax_ce" if loss == "logistic" else loss, n, reduction)


def max_step_squared_two(loss: str, n: int = 1, reduction: str = "sum") -> float:
    """Mutant: squared loss given η ≤ 2 (the ½ of ½(z − y)² counted twice)."""
    return max_target_step(loss, n, reduction) * (2.0 if loss == "squared" else 1.0)


def per_example_loss(loss: str, z: Any, mp: Any = None) -> Any:
    """ℓ(z) of one example at the witness label (class 0, label +1, target 0), in numpy or mpmath."""
    if mp is None:
        if loss == "softmax_ce":
            return float(np.logaddexp.reduce(z) - z[0])
        if loss == "logistic":
            return float(np.logaddexp(0.0, -z[0]))
        return float(0.5 * z[0] ** 2)
    if loss == "softmax_ce":
        return mp.log(mp.fsum(mp.exp(v) for v in z)) - z[0]
    if loss == "logistic":
        return mp.log(1 + mp.exp(-z[0]))
    return z[0] ** 2 / 2


def per_example_gradient(loss: str, z: Any, mp: Any = None) -> list:
    """∇ℓ(z) of one example at the witness label, written out by hand (not the library's)."""
    lib = mp if mp is not None else np
    if loss == "softmax_ce":
        e = [lib.exp(v) for v in z]
        s = sum(e)
        return [e[0] / s - 1] + [v / s for v in e[1:]]
    if loss == "logistic":
        return [-1 / (1 + lib.exp(z[0]))]
    return [z[0]]


# -- T3: beyond the bound, monotone MM for linear models ----------------------------------------------------------


def descent_limit(loss: str, n: int = 1, reduction: str = "sum") -> float:
    """Exact MM on a linear model decreases L for every η < 2/β, twice the upper-bound limit (suite)."""
    return 2.0 * max_target_step(loss, n, reduction)


def descent_limit_bound_only(loss, n=1, reduction="sum"):
    """Mutant: the upper-bound limit 1/β taken as necessary for monotone decrease."""
    return max_target_step(loss, n, reduction)


def descent_limit_three(loss, n=1, reduction="sum"):
    """Mutant: 3/β."""
    return 3.0 * max_target_step(loss, n, reduction)


# -- T5: the linear minimiser ---------------------------------------------------------------------------------------


def mm_step_no_projection(theta_t, x, grad_t, eta):
    """Mutant: θ_t − η Xᵀ∇L (the target-space step pulled back without (XᵀX)⁻¹)."""
    return theta_t - eta * x.T @ grad_t


def mm_step_half(theta_t, x, grad_t, eta):
    """Mutant: θ_t − (η/2)(XᵀX)⁻¹Xᵀ∇L."""
    return linear_mm_step(theta_t, x, grad_t, eta / 2)


def mm_step_sign(theta_t, x, grad_t, eta):
    """Mutant: θ_t + η(XᵀX)⁻¹Xᵀ∇L."""
    return linear_mm_step(theta_t, x, -grad_t, eta)


# -- T6: the stochastic surrogate -----------------------------------------------------------------------------------


def minibatch_target_gradient(grad_rows: np.ndarray, batch: np.ndarray) -> np.ndarray:
    """The unbiased minibatch estimate of ∇L for the mean loss: rows of B scaled by n/|B|·(1/n), others 0."""
    out = np.zeros_like(grad_rows)
    out[batch] = grad_rows[batch] / len(batch)
    return out


# -- T7: the released surrogate -------------------------------------------------------------------------------------


def released_surrogate(grad_t: np.ndarray, targets: np.ndarray, targets_t: np.ndarray, eta: float) -> float:
    """``surrogate()`` of ``SGD_FMDOpt.step`` (sgd_fmdopt.py, commit 4cc4ea7e): mean over all n·k entries of
    dlt_dft ⊙ target/eta + (target − target_t)², dlt_dft the Jacobian of the configured (mean) loss."""
    return float(np.mean(grad_t * targets / eta + (targets - targets_t) ** 2))


def released_min_eta(n: int) -> float:
    """The smallest released ``eta`` whose surrogate bounds the minibatch mean CE: 1/(2·2n) (suite's finding)."""
    return 1.0 / (2.0 * max_target_step("softmax_ce", n, "mean"))


def released_min_eta_sum(n: int) -> float:
    """Mutant: the per-example constant (sum reduction): eta ≥ 1/4."""
    return 0.25


def released_min_eta_half(n: int) -> float:
    """Mutant: eta ≥ 1/(8n) (η = 1/eta, the ½ of the quadratic forgotten)."""
    return 1.0 / (8.0 * n)


def released_eta_identity(eta: float) -> float:
    """Mutant: the paper's η is the released eta."""
    return float(eta)


def released_eta_inverse(eta: float) -> float:
    """Mutant: η = 1/eta (the ½ of the quadratic term forgotten)."""
    return 1.0 / float(eta)


def released_surrogate_exact(grad_t: np.ndarray, targets: np.ndarray, targets_t: np.ndarray, eta: Any) -> Any:
    """:func:`released_surrogate` on object arrays of fractions: the same mean, kept exact."""
    total = np.sum(grad_t * targets / eta + (targets - targets_t) ** 2)
    return total / targets.size


# -- T8: the reproduction on breast cancer (logistic regression) ----------------------------------------------------


def logistic_target_gradient(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∇ of the mean logistic loss (1/n)Σ log(1 + e^{−y_i z_i}) in the targets z: the expensive call."""
    from scipy.special import expit

    return -y * expit(-y * z) / len(y)


def full_logistic_loss(x: np.ndarray, y: np.ndarray, theta: np.ndarray) -> float:
    """The full-batch mean logistic loss (1/n)Σ log(1 + e^{−y_i x_iᵀθ})."""
    return float(np.mean(np.logaddexp(0.0, -y * (x @ theta))))


def sso_logistic_path(x: np.ndarray, y: np.ndarray, m: int, evals: int, batch: int | None = None, seed: int = 0,
                      init_step: float = 10.0) -> list[np.ndarray]:
    """SSO on a linear model with the mean logistic loss: per outer step one loss gradient G at z_t = X_B θ_t
    (the minibatch B, or all rows), then m inner steps of gradient descent with Armijo backtracking (initial
    step ``init_step``, reset every outer step as ``reset_lr_on_step`` does in sgd_fmdopt.py) on
    ⟨G, X_B θ − z_t⟩ + ‖X_B θ − z_t‖²/(2η) at the bound η = 4|B|. Returns θ after each outer step (index 0: the
    start, θ = 0)."""
    rng = np.random.default_rng(seed)
    n = len(y)
    theta = np.zeros(x.shape[1])
    path = [theta]
    for _ in range(evals):
        rows = np.arange(n) if batch is None else rng.choice(n, batch, replace=False)
        xb, z_t = x[rows], x[rows] @ theta
        grad = logistic_target_gradient(z_t, y[rows])
        eta = max_target_step("logistic", len(rows), "mean")

        def surrogate(w, xb=xb, z_t=z_t, grad=grad, eta=eta):
            r = xb @ w - z_t
            return float(grad @ r + r @ r / (2 * eta))

        step = init_step
        for _ in range(m):
            direction = xb.T @ (grad + (xb @ theta - z_t) / eta)
            base = surrogate(theta)
            while surrogate(theta - step * direction) > base - 0.5 * step * direction @ direction and step > 1e-12:
                step *= 0.5
            theta = theta - step * direction
        path.append(theta)
    return path


def sso_logistic(x: np.ndarray, y: np.ndarray, m: int, evals: int, batch: int | None = None,
                 seed: int = 0) -> np.ndarray:
    """The full-batch loss along :func:`sso_logistic_path` (index 0: the start)."""
    return np.array([full_logistic_loss(x, y, th) for th in sso_logistic_path(x, y, m, evals, batch, seed)])


def sgd_logistic_path(x: np.ndarray, y: np.ndarray, lr: float, evals: int, batch: int | None = None,
                      seed: int = 0) -> list[np.ndarray]:
    """SGD with a constant step ``lr`` on the mean logistic loss of the minibatch (or all rows); one loss gradient
    per step. Returns θ after each step (index 0: the start, θ = 0)."""
    rng = np.random.default_rng(seed)
    n = len(y)
    theta = np.zeros(x.shape[1])
    path = [theta]
    for _ in range(evals):
        rows = np.arange(n) if batch is None else rng.choice(n, batch, replace=False)
        theta = theta - lr * x[rows].T @ logistic_target_gradient(x[rows] @ theta, y[rows])
        path.append(theta)
    return path


def sgd_logistic(x: np.ndarray, y: np.ndarray, lr: float, evals: int, batch: int | None = None,
                 seed: int = 0) -> np.ndarray:
    """The full-batch loss along :func:`sgd_logistic_path` (index 0: the start)."""
    return np.array([full_logistic_loss(x, y, th) for th in sgd_logistic_path(x, y, lr, evals, batch, seed)])


# -- T7 as a closed form -----------------------------------------------------------------------------------------


def step_from_released_port(eta_r: float) -> float:
    """The paper's η read off the ported released surrogate: with one entry, G = 1, z_t = 0, S(f) = f/eta + f², and
    S ∝ g_t = L + G f + f²/(2η) forces η = l/(2q) from S's linear coefficient l = (S(1) − S(−1))/2 and quadratic
    coefficient q = (S(1) + S(−1))/2 − S(0)."""
    one, zero = np.ones((1, 1)), np.zeros((1, 1))

    def s(v):
        return released_surrogate(one, v * one, zero, eta_r)

    lin = (s(1.0) - s(-1.0)) / 2
    quad = (s(1.0) + s(-1.0)) / 2 - s(0.0)
    return lin / (2 * quad)


def step_from_released_port_mp(digits: int, eta_r: Any) -> Any:
    """:func:`step_from_released_port` in mpmath at ``digits``."""
    import mpmath

    with mpmath.workdps(digits):
        e = mpmath.mpf(eta_r)

        def s(v):
            return v / e + v * v

        lin = (s(1) - s(-1)) / 2
        quad = (s(1) + s(-1)) / 2 - s(0)
        return lin / (2 * quad)
