"""Numpy ports of the released LDR losses, and the wrong variants (mutants) of the family's subjects.

The ports follow the losses file of github.com/Optimization-AI/ICML2023_LDR (classes ``LDRLoss_V1`` and
``ALDRLoss_V1``, read through a code index; the repository path and commit were not pinned), re-written
in numpy from its description, for one example (one row of logits, an integer label):

* ``LDRLoss_V1(threshold=2.0, Lambda=1.0)``: ``z = softplus(s)``, ``z ← z / mean_k z``, then
  ``Λ (log mean_k exp((threshold·[k≠y] + z_k − z_y)/Λ − M) + M)`` with ``M`` the largest exponent.
* ``ALDRLoss_V1(N, threshold=1.0, Lambda=1.0, alpha=1e0, softplus=False)`` (comment: "alpha > 1.0"):
  ``z = s`` (softplus if asked), ``z ← z / (‖z‖₁/K)``; ``q = softmax(z/λ_i) + 1e-5``, renormalised to sum
  1; ``λ_i ← λ0 − λ0 KL(q‖u)/(α log K)``; the loss is ``λ_i log mean_k exp((threshold·[k≠y] + z_k −
  z_y)/λ_i)`` (max-shifted) plus ``−(α log K/(2 λ0)) (λ_i − λ0)²``, at the new ``λ_i``.
"""

from __future__ import annotations

import math

import numpy as np

from . import library as L

#: The constant the released ALDR code adds to each probability before renormalising.
ALDR_SMOOTHING = 1e-5


def _softplus(s: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, s)


def _margin_lse(z: np.ndarray, y: int, threshold: float, lam: float) -> float:
    x = (threshold * (np.arange(z.size) != y) + z - z[y]) / lam
    top = float(x.max())
    return lam * (math.log(float(np.mean(np.exp(x - top)))) + top)


def released_ldr_v1(logits: np.ndarray, label: int, threshold: float = 2.0, lam: float = 1.0) -> float:
    """``LDRLoss_V1.forward`` for one example (the batch mean of one row is the row's loss)."""
    z = _softplus(np.asarray(logits, dtype=float))
    z = z / np.mean(z)
    return _margin_lse(z, label, threshold, lam)


def released_aldr_v1(logits: np.ndarray, label: int, lam_i: float, lam0: float = 1.0, alpha: float = 1.0,
                     threshold: float = 1.0, softplus: bool = False) -> tuple[float, float]:
    """``ALDRLoss_V1.forward`` for one example: (loss, the updated λ_i that the class stores)."""
    z = np.asarray(logits, dtype=float)
    if softplus:
        z = _softplus(z)
    k = z.size
    z = z / (np.sum(np.abs(z)) / k)
    w = np.exp((z - z.max()) / lam_i)
    q = w / w.sum() + ALDR_SMOOTHING
    q = q / q.sum()
    kl = float(np.sum(q * np.log(k * q)))
    log_k = math.log(k)
    new = lam0 - lam0 * kl / (alpha * log_k)
    extra = -0.5 * alpha * log_k / lam0 * (new - lam0) ** 2
    return _margin_lse(z, label, threshold, new) + extra, new


def aldr_lambda_update(logits: np.ndarray, label: int, lam_i: float, lam0: float, alpha: float) -> float:
    """The updated λ_i of the released ALDR loss (the second output of :func:`released_aldr_v1`)."""
    return released_aldr_v1(logits, label, lam_i, lam0, alpha)[1]


# -- mutants ---------------------------------------------------------------------------------------------


def lse_without_mean(losses, tau):
    """τ log Σ_j e^{ℓ_j/τ}: the 1/n inside the log forgotten."""
    return L.kl_dro_value(losses, tau) + tau * math.log(len(losses))


def lse_tau_inverted(losses, tau):
    """(1/τ) log((1/n) Σ_j e^{ℓ_j/τ}): τ outside applied as 1/τ."""
    return L.kl_dro_value(losses, tau) / tau**2


def lse_reverse_kl(losses, tau):
    """The optimum with KL(u‖p) in place of KL(p‖u)."""
    return L.reverse_kl_dro(losses, tau).value


def weights_tau_times_loss(losses, tau):
    """p_j ∝ e^{τ ℓ_j}."""
    return L.kl_dro_weights(np.asarray(losses, dtype=float) * tau**2, tau)


def weights_reverse_kl(losses, tau):
    """The maximiser with KL(u‖p) in place of KL(p‖u)."""
    return L.reverse_kl_dro(losses, tau).weights


def weights_uniform(losses, tau):
    """The uniform weights (no reweighting)."""
    return np.full(len(losses), 1.0 / len(losses))


def ldr_margin_on_true_class(scores, label, lam, margin=0.0):
    """LDR-KL with the margin added to the true class as well: c + s_k − s_y for every k."""
    return L.ldr_kl_loss(scores, label, lam, 0.0) + float(margin)


def ldr_sum_not_mean(scores, label, lam, margin=0.0):
    """LDR-KL with Σ_k in place of (1/K) Σ_k: shifted by λ log K."""
    return L.ldr_kl_loss(scores, label, lam, margin) + lam * math.log(len(scores))


def aldr_update_plus(logits, label, lam_i, lam0, alpha):
    """The ALDR update with + in place of −: λ0 + λ0 KL(q‖u)/(α log K)."""
    return 2 * lam0 - aldr_lambda_update(logits, label, lam_i, lam0, alpha)


def aldr_update_without_alpha(logits, label, lam_i, lam0, alpha):
    """The ALDR update with α dropped: λ0 − λ0 KL(q‖u)/log K."""
    new = aldr_lambda_update(logits, label, lam_i, lam0, alpha)
    return lam0 - (lam0 - new) * alpha


def lse_naive_shift(losses, tau):
    """max ℓ + τ log mean e^{(ℓ − max ℓ)/τ} in float64 without expm1: at large τ the log rounds to 0."""
    ell = np.asarray(losses, dtype=float)
    top = float(ell.max())
    return top + tau * math.log(float(np.mean(np.exp((ell - top) / tau))))
