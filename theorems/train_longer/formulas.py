"""The formulas under test and their mutants: the covariance of a mini-batch gradient (T1), the covariance ratios
of the square-root and linear learning-rate rules (T2, T3), the growth laws of the Sinai walk (T4), the growth of
‖w_t − w_0‖ of a small network and its analytic backpropagation (T5).

The covariance formulas work in exact rational arithmetic (``fractions.Fraction``) on per-example gradients given
as tuples of rows; each returns the d × d matrix as a tuple of tuples. Mutants are plain wrong variants, never
functions that raise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import NamedTuple

import numpy as np
import sympy as sp

from claimkit import Formula, integers

Rows = Sequence[Sequence[int | Fraction]]
Matrix = tuple[tuple[Fraction, ...], ...]

# -- T1: the covariance of the mini-batch mean gradient ------------------------------------------------------


def _outer_sum(rows: Rows, centre: bool) -> list[list[Fraction]]:
    """Σ_n (g_n − ḡ)(g_n − ḡ)ᵀ (centre) or Σ_n g_n g_nᵀ, exactly."""
    n, d = len(rows), len(rows[0])
    mean = [sum(Fraction(r[j]) for r in rows) / n for j in range(d)] if centre else [Fraction(0)] * d
    out = [[Fraction(0)] * d for _ in range(d)]
    for r in rows:
        c = [Fraction(r[j]) - mean[j] for j in range(d)]
        for i in range(d):
            for j in range(d):
                out[i][j] += c[i] * c[j]
    return out


def _scaled(mat: list[list[Fraction]], factor: Fraction) -> Matrix:
    return tuple(tuple(factor * v for v in row) for row in mat)


def stated_covariance(grads: Rows, batch_size: int) -> Matrix:
    """T1 as stated (reconstructed): Cov(ĝ) = (1/M − 1/N)(1/N) Σ_n g_n g_nᵀ."""
    n, m = len(grads), batch_size
    return _scaled(_outer_sum(grads, centre=False), (Fraction(1, m) - Fraction(1, n)) / n)


def exact_covariance(grads: Rows, batch_size: int) -> Matrix:
    """T1 corrected: Cov(ĝ) = (1/M − 1/N)·(1/(N − 1)) Σ_n (g_n − ḡ)(g_n − ḡ)ᵀ (0 for N = 1)."""
    n, m = len(grads), batch_size
    if n == 1:
        return _scaled(_outer_sum(grads, centre=True), Fraction(0))
    return _scaled(_outer_sum(grads, centre=True), (Fraction(1, m) - Fraction(1, n)) / (n - 1))


def with_replacement_covariance(grads: Rows, batch_size: int) -> Matrix:
    """Mutant: the with-replacement covariance (1/M)(1/N) Σ (g_n − ḡ)(g_n − ḡ)ᵀ used for batches drawn without
    replacement."""
    n, m = len(grads), batch_size
    return _scaled(_outer_sum(grads, centre=True), Fraction(1, m * n))


def uncentred_covariance(grads: Rows, batch_size: int) -> Matrix:
    """Mutant: the exact factor with the uncentred second moment Σ g_n g_nᵀ (right only when ḡ = 0)."""
    n, m = len(grads), batch_size
    if n == 1:
        return _scaled(_outer_sum(grads, centre=False), Fraction(0))
    return _scaled(_outer_sum(grads, centre=False), (Fraction(1, m) - Fraction(1, n)) / (n - 1))


def population_variance_covariance(grads: Rows, batch_size: int) -> Matrix:
    """Mutant: centred, but with 1/N where the exact form has 1/(N − 1)."""
    n, m = len(grads), batch_size
    return _scaled(_outer_sum(grads, centre=True), (Fraction(1, m) - Fraction(1, n)) / n)


def no_correction_covariance(grads: Rows, batch_size: int) -> Matrix:
    """Mutant: the finite-population correction dropped, (1/M)(1/(N − 1)) Σ (g_n − ḡ)(g_n − ḡ)ᵀ."""
    n, m = len(grads), batch_size
    if n == 1:
        return _scaled(_outer_sum(grads, centre=True), Fraction(0))
    return _scaled(_outer_sum(grads, centre=True), Fraction(1, m * (n - 1)))


# -- T2, T3: covariance ratios of the learning-rate rules ------------------------------------------------------

_N, _M, _k = sp.symbols("N M k", positive=True, integer=True)
_RATIO_DOMAINS = {"N": integers(200, 400), "M": integers(1, 12), "k": integers(1, 16)}

#: Cov(Δw) after (η, M) → (√k η, kM) over Cov(Δw) before, batches drawn without replacement from N.
SQRT_RULE_RATIO = Formula((_N - _k * _M) / (_N - _M), _RATIO_DOMAINS, name="sqrt_rule_covariance_ratio")
#: The same after (η, M) → (kη, kM).
LINEAR_RULE_RATIO = Formula(_k * (_N - _k * _M) / (_N - _M), _RATIO_DOMAINS, name="linear_rule_covariance_ratio")
#: Mutant of both: M/N set to 0, the ratio of the with-replacement (infinite-N) covariances, 1 for the √k rule.
SQRT_RATIO_INFINITE_N = SQRT_RULE_RATIO.with_expr(sp.Integer(1))
#: Mutant: the linear rule's ratio offered for the √k rule.
SQRT_RATIO_IS_LINEAR = SQRT_RULE_RATIO.with_expr(LINEAR_RULE_RATIO.expr)
#: Mutant: the with-replacement ratio of the linear rule, k.
LINEAR_RATIO_INFINITE_N = LINEAR_RULE_RATIO.with_expr(_k)


def sqrt_rule_ratio_as_stated(dataset_size: int, batch_size: int, k: int) -> Fraction:
    """T2 as stated: the rule η ∝ √M keeps Cov(Δw), i.e. the ratio after/before is 1."""
    return Fraction(1)


def linear_rule_ratio_as_stated(dataset_size: int, batch_size: int, k: int) -> Fraction:
    """T3 as a statement: the rule η ∝ M keeps Cov(Δw), i.e. the ratio after/before is 1."""
    return Fraction(1)


# -- T4: growth laws of the Sinai walk --------------------------------------------------------------------


class GrowthLaw(NamedTuple):
    """The law claimed for the rms displacement of a random walk in a random environment: rms(t) ∝ shape(t),
    for the environment ``disorder`` ("strong": p_right ∈ {0.15, 0.85}; "weak": p_right ∼ U(0.3, 0.7))."""

    disorder: str
    shape: Callable[[np.ndarray], np.ndarray]
    name: str


def log_squared(t):
    """(log t)²: Sinai's ultra-slow diffusion."""
    return np.log(t) ** 2


def log_cubed(t):
    return np.log(t) ** 3


def log_first_power(t):
    return np.log(t)


def square_root(t):
    return np.sqrt(t)


SINAI_STRONG = GrowthLaw("strong", log_squared, r"$(\log t)^2$, strong disorder")
SINAI_WEAK_AS_STRONG = GrowthLaw("weak", log_squared, r"$(\log t)^2$, judged on weak disorder")
SINAI_DIFFUSIVE = GrowthLaw("strong", square_root, r"$\sqrt{t}$ (ordinary diffusion)")
SINAI_LOG = GrowthLaw("strong", log_first_power, r"$\log t$")
SINAI_LOG_CUBED = GrowthLaw("strong", log_cubed, r"$(\log t)^3$")


class Preasymptotic(NamedTuple):
    """A claim about weak disorder on a finite window: the fitted exponent of log t in rms(t) is at least
    ``min_exponent`` (an asymptotic (log t)² law has 2)."""

    disorder: str
    min_exponent: float


WEAK_PREASYMPTOTIC = Preasymptotic("weak", 2.5)
WEAK_AS_STEEP_AS_DIFFUSION = Preasymptotic("weak", 3.5)  # mutant: as steep as diffusion near t = 10^3
STRONG_PREASYMPTOTIC = Preasymptotic("strong", 2.5)  # mutant: the same said of strong disorder


# -- T5: ‖w_t − w_0‖ of a small network ------------------------------------------------------------------


class GrowthFit(NamedTuple):
    """‖w_t − w_0‖ follows ``law`` ("log": a + b log t; "power": c t^α) on updates t ∈ [t_from, t_to]."""

    law: str
    t_from: int
    t_to: int


DISTANCE_AS_STATED = GrowthFit("log", 1, 3000)
DISTANCE_AFTER_TRANSIENT = GrowthFit("log", 100, 3000)
DISTANCE_EARLY = GrowthFit("power", 1, 100)


def mlp_loss_and_grads(params, x, y):
    """Mean softmax cross-entropy of the 64-32-10 ReLU network and its gradient by backpropagation.

    params: (W1 (64×32), b1 (32), W2 (32×10), b2 (10)); x: (B, 64) inputs; y: (B, 10) one-hot labels.
    Returns (loss, (dW1, db1, dW2, db2)). Works on complex inputs (complex-step differentiation): the ReLU
    mask is taken from the real part.
    """
    w1, b1, w2, b2 = params
    a = x @ w1 + b1
    mask = a.real > 0
    h = a * mask
    z = h @ w2 + b2
    z = z - z.real.max(axis=1, keepdims=True)
    e = np.exp(z)
    total = e.sum(axis=1, keepdims=True)
    p = e / total
    loss = -np.mean(np.sum(y * (z - np.log(total)), axis=1))
    dz = (p - y) / x.shape[0]
    dw2, db2 = h.T @ dz, dz.sum(axis=0)
    da = (dz @ w2.T) * mask
    dw1, db1 = x.T @ da, da.sum(axis=0)
    return loss, (dw1, db1, dw2, db2)


def _with(grads_fn, transform):
    def variant(params, x, y):
        loss, grads = grads_fn(params, x, y)
        return loss, transform(params, x, y, grads)

    return variant


#: Mutant: the mean over the batch forgotten (the gradient of the summed loss).
backprop_sum_not_mean = _with(mlp_loss_and_grads, lambda p, x, y, g: tuple(v * x.shape[0] for v in g))


def backprop_without_relu_mask(params, x, y):
    """Mutant: the ReLU's derivative taken as 1 everywhere (the mask forgotten in the backward pass)."""
    w1, b1, w2, b2 = params
    loss, (_, _, dw2, db2) = mlp_loss_and_grads(params, x, y)
    a = x @ w1 + b1
    h = a * (a.real > 0)
    z = h @ w2 + b2
    z = z - z.real.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    da = ((p - y) / x.shape[0]) @ w2.T
    return loss, (x.T @ da, da.sum(axis=0), dw2, db2)


def backprop_label_sign_flipped(params, x, y):
    """Mutant: ∂loss/∂z taken as (y − p)/B instead of (p − y)/B."""
    loss, grads = mlp_loss_and_grads(params, x, y)
    return loss, tuple(-v for v in grads)


def backprop_bias_as_mean(params, x, y):
    """Mutant: the bias gradients averaged over the batch a second time."""
    loss, (dw1, db1, dw2, db2) = mlp_loss_and_grads(params, x, y)
    return loss, (dw1, db1 / x.shape[0], dw2, db2 / x.shape[0])


def relative_rms_residual(fitted: np.ndarray, observed: np.ndarray) -> float:
    """rms(fitted − observed)/mean(observed): the fit criterion of the T5 claims."""
    return float(math.sqrt(float(np.mean((fitted - observed) ** 2))) / float(np.mean(observed)))
