"""A numpy port of the released code (github.com/SJYuCNEL/Cauchy-Schwarz-Information-Bottleneck), written from
reading it; float64 throughout (the release runs torch, in float32 by default).

* ``loss_cs.py`` (commit 1789cd50): :func:`sigma_estimation` returns the median of the strictly-lower-triangular
  entries of ``distmat`` (squared Euclidean distances, ``abs`` taken), their mean if the median is ≤ 0, floored at
  1e-2; :func:`gaussian_matrix` is exp(−D/(2σ²)) on squared distances; :func:`cs_qmi` is ``CS_QMI``: self1 =
  tr(Kx Kyᵀ)/N², self2 = ΣKx ΣKy/N⁴, cross = 1ᵀKxᵀKy1/N³, value −2 log₂ cross + log₂ self1 + log₂ self2, with
  σ = 10 × ``sigma_estimation`` for each of x and y when ``sigma`` is falsy (None, and also 0).
* ``Two_Gaussian_example/cs_two_gaussian.py`` (commit ee3142fb): :func:`two_gaussian_loss` is
  ``CauchySchwarzLoss``, −2 log ΣK₁₂ + log ΣK₁₁ + log ΣK₂₂ on unnormalised sums; :func:`particle_descent` is its
  ``train`` loop (SGD on free particles, kernel width 1, lr 200, 10 000 epochs, 400 particles, targets 200 + 200
  points from N((−4, −4), I) and N((4, 4), I), particles from N(0, I)), with the gradient written as matrix products.
* ``Two_Gaussian_example/kl_cont.py`` (commit ee3142fb): :func:`kl_target_log_density` is ``Model.log_density``,
  ``logaddexp(0.5 * logpdf1, 0.5 * logpdf2)`` with means (−4, −4), (4, 4) and covariance I.
"""

from __future__ import annotations

import math

import numpy as np


def distmat(x: np.ndarray) -> np.ndarray:
    """|‖x_i‖² − 2x_i·x_j + ‖x_j‖²|: squared Euclidean distances (``distmat``)."""
    r = np.sum(x * x, axis=1)[:, None]
    return np.abs(r - 2.0 * x @ x.T + r.T)


def sigma_estimation(x: np.ndarray, y: np.ndarray) -> float:
    """The median of the pairwise squared distances of the stacked samples, floored at 1e-2."""
    d = distmat(np.vstack([x, y]))
    tri = d[np.tril_indices(d.shape[0], -1)]
    med = float(np.median(tri))
    if med <= 0:
        med = float(np.mean(tri))
    return max(med, 1e-2)


def sigma_estimation_distance(x: np.ndarray, y: np.ndarray) -> float:
    """The median of the pairwise distances (not squared), floored at 1e-2: the width a 'median heuristic' names."""
    d = np.sqrt(distmat(np.vstack([x, y])))
    tri = d[np.tril_indices(d.shape[0], -1)]
    med = float(np.median(tri))
    if med <= 0:
        med = float(np.mean(tri))
    return max(med, 1e-2)


def gaussian_matrix(x: np.ndarray, y: np.ndarray, sigma: float) -> np.ndarray:
    """exp(−‖x_i − y_j‖²/(2σ²)) (``GaussianMatrix``)."""
    h = np.sum(x * x, axis=1)[:, None] + np.sum(y * y, axis=1)[None, :] - 2.0 * x @ y.T
    return np.exp(-h / 2.0 / sigma**2)


def cs_qmi(x: np.ndarray, y: np.ndarray, sigma: float | None = None, *, width=sigma_estimation,
           log=math.log2, cross_power: int = 3) -> float:
    """``CS_QMI(x, y, sigma)`` in float64 (``width``, ``log`` and ``cross_power`` exist for the mutants)."""
    n = x.shape[0]
    if not sigma:
        kx = gaussian_matrix(x, x, 10 * width(x, x))
        ky = gaussian_matrix(y, y, 10 * width(y, y))
    else:
        kx, ky = gaussian_matrix(x, x, sigma), gaussian_matrix(y, y, sigma)
    self1 = np.trace(kx @ ky.T) / n**2
    self2 = np.sum(kx) * np.sum(ky) / n**4
    cross = float(np.ones(n) @ kx.T @ ky @ np.ones(n)) / n**cross_power
    return -2 * log(cross) + log(self1) + log(self2)


def two_gaussian_loss(k11: np.ndarray, k22: np.ndarray, k12: np.ndarray) -> float:
    """``CauchySchwarzLoss``: −2 log ΣK₁₂ + log ΣK₁₁ + log ΣK₂₂ (natural log, unnormalised sums)."""
    return -2 * math.log(np.sum(k12)) + math.log(np.sum(k11)) + math.log(np.sum(k22))


def kl_target_log_density(z: np.ndarray, mean1=(-4.0, -4.0), mean2=(4.0, 4.0)) -> np.ndarray:
    """``Model.log_density``: logaddexp(½ log N(z; μ₁, I), ½ log N(z; μ₂, I)), rows of z."""
    z = np.atleast_2d(z)
    d = z.shape[1]

    def logpdf(m):
        return -0.5 * np.sum((z - np.asarray(m)) ** 2, axis=1) - 0.5 * d * math.log(2 * math.pi)

    return np.logaddexp(0.5 * logpdf(mean1), 0.5 * logpdf(mean2))


def particle_descent(seed: int, n_particles: int = 400, n_target: int = 200, epochs: int = 10_000,
                     lr: float = 200.0, sigma: float = 1.0, repulsion: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The two-Gaussian example's training: returns (particles, targets). SGD on ∂/∂X of −2 log ΣK₁₂ + log ΣK₂₂
    (ΣK₁₁ is constant); ``repulsion=False`` drops the log ΣK₂₂ term (a mutant)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n_particles, 2))
    y = np.vstack([rng.normal(size=(n_target, 2)) + (-4.0, -4.0), rng.normal(size=(n_target, 2)) + (4.0, 4.0)])
    yy = np.sum(y * y, axis=1)[:, None]
    for _ in range(epochs):
        xx = np.sum(x * x, axis=1)
        k22 = np.exp(-np.maximum(xx[:, None] + xx[None, :] - 2 * x @ x.T, 0) / (2 * sigma**2))
        k12 = np.exp(-np.maximum(yy + xx[None, :] - 2 * y @ x.T, 0) / (2 * sigma**2))
        grad = -2 * (k12.T @ y - k12.sum(0)[:, None] * x) / (sigma**2 * k12.sum())
        if repulsion:
            grad += 2 * (k22 @ x - k22.sum(1)[:, None] * x) / (sigma**2 * k22.sum())
        x = x - lr * grad
    return x, y
