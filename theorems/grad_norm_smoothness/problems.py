"""The objectives the claims run Algorithm 1 on, with their exact and approximate Hessians.

- :class:`Logistic`: L2-regularised logistic regression f(w) = (1/n) Σ log(1 + exp(−y_i a_iᵀw)) + (μ/2)‖w‖², its
  gradient, exact Hessian (1/n) Aᵀ diag(σ(z)σ(−z)) A + μI, and the three approximations of G1: the constant bound
  AᵀA/(4n) + μI (σσ ≤ 1/4), the diagonal of the exact Hessian, and the Gauss–Newton (= Fisher, for the logistic
  loss) matrix of a fixed 10% subsample plus μI.
- :class:`LogSumExp`: the release's ``create_log_sum_exp_zero_oracle`` (src/oracles.py, commit 9f4ca00), ported:
  f(x) = μ log Σ exp((ã_iᵀx − b_i)/μ) with ã_i = a_i − ∇f₀(0), so that the minimiser is 0; its gradient Ãᵀπ,
  exact Hessian (1/μ)(Ãᵀ diag(π) Ã − (Ãᵀπ)(Ãᵀπ)ᵀ) and the weighted Gauss–Newton matrix (1/μ)Ãᵀ diag(π) Ã of
  ``approx_hess_fn_logsumexp`` (src/approximations.py).
- :class:`Rosenbrock`: the release's ``RosenbrockOracle``: (a − x)² + b(y − x²)².
- :class:`Saddle`: ½x² − ½y² + ¼y⁴ (minimisers (0, ±1), a saddle at 0).
- :class:`Quadratic`: ½xᵀAx − bᵀx.

The operations follow the release where a claim compares with it (the order of the products in the log-sum-exp
Hessian, the Rosenbrock formulas), so that the port's floating-point trajectory is the release's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
from scipy.special import expit, logsumexp, softmax

Vector = np.ndarray


@dataclasses.dataclass(frozen=True)
class Logistic:
    """(1/n) Σ log(1 + exp(−y_i a_iᵀw)) + (μ/2)‖w‖² for features ``a`` (n × d) and labels ``y`` ∈ {−1, 1}."""

    a: np.ndarray
    y: np.ndarray
    mu: float = 0.0

    def margins(self, w: Vector) -> Vector:
        return self.y * (self.a @ w)

    def func(self, w: Vector) -> float:
        return float(np.mean(np.logaddexp(0.0, -self.margins(w)))) + 0.5 * self.mu * float(w @ w)

    def grad(self, w: Vector) -> Vector:
        z = self.margins(w)
        return -(self.a.T @ (self.y * expit(-z))) / self.a.shape[0] + self.mu * w

    def weights(self, w: Vector) -> Vector:
        """σ(z_i)σ(−z_i) = ℓ''(z_i), the curvature of each sample's loss."""
        z = self.margins(w)
        return expit(z) * expit(-z)

    def hess(self, w: Vector) -> np.ndarray:
        s = self.weights(w)
        return (self.a.T * s) @ self.a / self.a.shape[0] + self.mu * np.eye(self.a.shape[1])

    # -- approximations (G1) ----------------------------------------------------------------------------

    def constant_bound(self) -> Callable[[Vector], np.ndarray]:
        """x ↦ AᵀA/(4n) + μI: the Hessian with every σσ replaced by its maximum 1/4 (an upper bound)."""
        fixed = self.a.T @ self.a / (4.0 * self.a.shape[0]) + self.mu * np.eye(self.a.shape[1])
        return lambda w: fixed

    def diagonal(self) -> Callable[[Vector], np.ndarray]:
        """x ↦ diag(∇²f(x)): the diagonal of the exact Hessian."""
        return lambda w: np.diag(np.diag(self.hess(w)))

    def subsample(self, fraction: float = 0.1, seed: int = 0) -> Callable[[Vector], np.ndarray]:
        """x ↦ (1/|S|) A_Sᵀ diag(σσ) A_S + μI for a fixed random subset S of ⌈fraction · n⌉ samples: the
        Gauss–Newton matrix of the subsample, which for the logistic loss is also its Fisher matrix."""
        n = self.a.shape[0]
        idx = np.sort(np.random.default_rng(seed).choice(n, max(1, int(np.ceil(fraction * n))), replace=False))
        part = Logistic(self.a[idx], self.y[idx], self.mu)
        return part.hess


def logistic_data(seed: int, n: int, d: int, *, spread: float = 10.0, separable: bool = False) -> tuple[np.ndarray,
                                                                                                         np.ndarray]:
    """Features with unequal column scales (geometric from 1/√spread to √spread) and labels from a logistic model
    (noisy, so not separable for n ≫ d) or, with ``separable``, the sign of a linear score (separable)."""
    rng = np.random.default_rng(seed)
    scales = np.geomspace(spread**-0.5, spread**0.5, d)
    a = rng.normal(size=(n, d)) * scales
    w = rng.normal(size=d) / scales
    score = a @ w
    if separable:
        y = np.where(score >= 0, 1.0, -1.0)
    else:
        y = np.where(rng.random(n) < expit(score), 1.0, -1.0)
    return a, y


class LogSumExp:
    """The release's log-sum-exp oracle with its optimum moved to 0 (``create_log_sum_exp_zero_oracle``).

    ``a`` is the m × n matrix whose rows are the a_i (the release's ``A.T`` in the notebook), ``b`` has m entries.
    """

    def __init__(self, a: np.ndarray, b: np.ndarray, mu: float) -> None:
        self.b = np.copy(b)
        self.mu = float(mu)
        self.mu_inv = 1.0 / mu
        pi0 = softmax(self.mu_inv * (a.dot(np.zeros(a.shape[1])) - self.b))
        self.a = a - a.T.dot(pi0)  # ã_i = a_i − ∇f₀(0): the rows shifted by the gradient at 0

    def _pi(self, x: Vector) -> Vector:
        return softmax(self.mu_inv * (self.a.dot(x) - self.b))

    def func(self, x: Vector) -> float:
        return self.mu * float(logsumexp(self.mu_inv * (self.a.dot(x) - self.b)))

    def grad(self, x: Vector) -> Vector:
        return self.a.T.dot(self._pi(x))

    def gauss_newton(self, x: Vector) -> np.ndarray:
        """(1/μ) Ãᵀ diag(π) Ã, the release's weighted Gauss–Newton matrix."""
        pi = self._pi(x)
        return self.a.T.dot(self.a * pi.reshape(-1, 1)) / self.mu

    def hess(self, x: Vector) -> np.ndarray:
        pi = self._pi(x)
        at_pi = self.a.T.dot(pi)
        return self.mu_inv * (self.a.T.dot(self.a * pi.reshape(-1, 1)) - np.outer(at_pi, at_pi.T))


def notebook_logsumexp(n: int, seed: int = 3124) -> tuple[LogSumExp, np.ndarray, np.ndarray]:
    """The notebook's log-sum-exp instance at size n = m: ``np.random.seed(3124)``, A = 2·rand(n, m) − 1,
    b = 2·rand(m) − 1, μ = 1, the oracle built on Aᵀ; returns (oracle, x₀ = 1, B = AAᵀ)."""
    rng = np.random.RandomState(seed)  # the legacy generator the notebook seeds
    a = rng.rand(n, n) * 2 - 1
    b = rng.rand(n) * 2 - 1
    return LogSumExp(a.T, b, 1.0), np.ones(n), a.dot(a.T)


@dataclasses.dataclass(frozen=True)
class Rosenbrock:
    """(a − x)² + b(y − x²)², as the release's ``RosenbrockOracle`` writes it."""

    a: float = 1.0
    b: float = 100.0

    def func(self, p: Vector) -> float:
        xx, yy = p[0], p[1]
        return (self.a - xx) ** 2 + self.b * (yy - xx**2) ** 2

    def grad(self, p: Vector) -> Vector:
        xx, yy = p[0], p[1]
        return np.array([2.0 * (xx - self.a) - 4.0 * self.b * xx * (yy - xx**2), 2.0 * self.b * (yy - xx**2)],
                        dtype=float)

    def hess(self, p: Vector) -> np.ndarray:
        xx, yy = p[0], p[1]
        d2x = 2.0 - 4.0 * self.b * (yy - 3.0 * xx**2)
        dxy = -4.0 * self.b * xx
        return np.array([[d2x, dxy], [dxy, 2.0 * self.b]], dtype=float)


class Saddle:
    """½x² − ½y² + ¼y⁴: minimisers (0, ±1), a saddle at 0 with Hessian diag(1, −1) on the line y = 0."""

    @staticmethod
    def func(p: Vector) -> float:
        return 0.5 * p[0] ** 2 - 0.5 * p[1] ** 2 + 0.25 * p[1] ** 4

    @staticmethod
    def grad(p: Vector) -> Vector:
        return np.array([p[0], -p[1] + p[1] ** 3], dtype=float)

    @staticmethod
    def hess(p: Vector) -> np.ndarray:
        return np.array([[1.0, 0.0], [0.0, -1.0 + 3.0 * p[1] ** 2]])


@dataclasses.dataclass(frozen=True)
class Quadratic:
    """½xᵀAx − bᵀx for a symmetric A (not necessarily definite)."""

    a: np.ndarray
    b: np.ndarray

    def func(self, x: Vector) -> float:
        return 0.5 * float(x @ self.a @ x) - float(self.b @ x)

    def grad(self, x: Vector) -> Vector:
        return self.a @ x - self.b

    def hess(self, x: Vector) -> np.ndarray:
        return self.a
