"""The formulas and algorithms under test in the Lion-𝒦 family, and their plausible wrong variants.

- Kernels 𝒦 (``L1``: ‖·‖₁, Lion's sign; ``LogCosh``: δ Σ log cosh(m_i/δ); ``Quadratic``: ½‖m‖²), each with
  its gradient, its conjugate 𝒦* and ∇𝒦*; every function works on float, complex (complex-step) and,
  where it is algebraic, ``Fraction`` inputs.
- The continuous-time Lion-𝒦 system and its Lyapunov function H (as reconstructed for 2310.05898):
  ṁ = −α∇f(x) − γm, ẋ = ∇𝒦(m − ε(α∇f(x) + γm)) − λx,
  H = αf(x) + (γ/λ)𝒦*(λx) + c·(𝒦*(λx) + 𝒦(m) − λmᵀx), c = (1 − εγ)/(1 + ελ).
- Discrete Lion: the algorithm listing of 2302.06675 (c_t = β1 m + (1 − β1) g; x ← x − η(sign c_t + λx);
  m ← β2 m + (1 − β2) g), the numpy port of the released ``lion/lion_pytorch.py`` (google/automl, commit
  87461ee9: ``p.mul_(1 - lr*wd)``, ``update = exp_avg*beta1 + grad*(1-beta1)``, ``p.add_(update.sign_(),
  alpha=-lr)``, ``exp_avg.mul_(beta2).add_(grad, alpha=1-beta2)``; torch's sign(0) = 0), the dense and
  sparse paths of ``lion/lion_tf2.py`` (commit 91d02015), and the notes-page form of Lion-𝒦.

The ports are written from reading the released files; they are generic: numpy float arrays and numpy
object arrays of ``Fraction`` (exact arithmetic) go through the same code.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from claimkit import Formula, interval

# -- kernels -------------------------------------------------------------------------------------------


def sign(v: Any) -> Any:
    """Elementwise sign with sign(0) = 0 (torch.sign, numpy.sign), for float and Fraction arrays."""
    v = np.asarray(v)
    out = np.where(v > 0, 1, np.where(v < 0, -1, 0))
    return out.astype(object) if v.dtype == object else out.astype(float)


class L1:
    """𝒦(m) = ‖m‖₁: ∇𝒦 = sign, 𝒦* = indicator of the unit ∞-ball (0 inside, +∞ outside)."""

    name = "l1"

    @staticmethod
    def value(m: Any) -> Any:
        return np.abs(m)

    @staticmethod
    def grad(m: Any) -> Any:
        return sign(m)

    @staticmethod
    def conjugate(y: Any) -> Any:
        y = np.asarray(y)
        return np.where(np.abs(y) <= 1, 0.0, math.inf)


class LogCosh:
    """𝒦(m) = δ Σ log cosh(m_i/δ): ∇𝒦 = tanh(m/δ), 𝒦*(y) = δ Σ (y artanh y + ½ log(1 − y²)) on |y| < 1,
    ∇𝒦* = δ artanh(y). Stable for |m| ≫ δ and exact to rounding under a complex step."""

    name = "log_cosh"

    def __init__(self, delta: float) -> None:
        self.delta = delta

    def value(self, m: Any) -> Any:
        u = np.asarray(m) / self.delta
        s = np.where(np.real(u) >= 0, 1.0, -1.0)
        return self.delta * (u * s + np.log1p(np.exp(-2 * u * s)) - math.log(2.0))

    def grad(self, m: Any) -> Any:
        return np.tanh(np.asarray(m) / self.delta)

    def conjugate(self, y: Any) -> Any:
        y = np.asarray(y)
        return self.delta * (y * np.arctanh(y) + 0.5 * np.log1p(-y * y))

    def conjugate_grad(self, y: Any) -> Any:
        return self.delta * np.arctanh(np.asarray(y))


class Quadratic:
    """𝒦(m) = ½‖m‖²: ∇𝒦 = identity, 𝒦* = 𝒦."""

    name = "quadratic"

    @staticmethod
    def value(m: Any) -> Any:
        return 0.5 * np.asarray(m) ** 2

    @staticmethod
    def grad(m: Any) -> Any:
        return np.asarray(m)

    @staticmethod
    def conjugate(y: Any) -> Any:
        return 0.5 * np.asarray(y) ** 2

    @staticmethod
    def conjugate_grad(y: Any) -> Any:
        return np.asarray(y)


# -- L1: the conjugate of ‖·‖₁ and the Fenchel–Young gap -------------------------------------------------


def conjugate_l1(y: Any) -> Any:
    """𝒦*(y) for 𝒦 = ‖·‖₁: 0 when ‖y‖∞ ≤ 1, +∞ otherwise (the claimed indicator)."""
    return 0 if max(abs(v) for v in np.ravel(y)) <= 1 else math.inf


def box_radius(lam: Any) -> Any:
    """The constraint (γ/λ)𝒦*(λx) < ∞ for 𝒦 = ‖·‖₁: ‖x‖∞ ≤ 1/λ."""
    return 1 / lam


def fenchel_young_gap_l1(y: Any, m: Any) -> Any:
    """𝒦*(y) + 𝒦(m) − yᵀm for 𝒦 = ‖·‖₁ and ‖y‖∞ ≤ 1 (y = λx): Σ|m_i| − Σ y_i m_i."""
    return sum(abs(b) for b in np.ravel(m)) - sum(a * b for a, b in zip(np.ravel(y), np.ravel(m)))


def fenchel_young_equality_l1(y: Any, m: Any) -> bool:
    """The suite's equality condition: ‖y‖∞ ≤ 1 and y_i = sign(m_i) wherever m_i ≠ 0 (y ∈ ∂‖m‖₁)."""
    ys, ms = np.ravel(y), np.ravel(m)
    return bool(all(abs(a) <= 1 for a in ys) and all(a == (1 if b > 0 else -1) for a, b in zip(ys, ms) if b != 0))


def log_cosh_minimiser(y: Any, delta: Any) -> Any:
    """The m at which the log-cosh Fenchel–Young gap 𝒦*(y) + 𝒦(m) − ym vanishes: m = δ artanh(y)."""
    return delta * np.arctanh(y)


_y, _delta = sp.symbols("y delta", real=True)
#: 𝒦* of 𝒦(m) = δ log cosh(m/δ) (one coordinate), on |y| < 1 (the library evaluates it in a form without cancellation).
LOG_COSH_CONJUGATE = Formula(_delta * (_y * sp.atanh(_y) + sp.log(1 - _y**2) / 2),
                             {"y": interval(-0.95, 0.95), "delta": interval(0.05, 20, log=True)},
                             name="log_cosh_conjugate")


# -- L2, L3: the Lyapunov function of the continuous-time system -------------------------------------------


def paper_coefficient(eps: Any, gamma: Any, lam: Any) -> Any:
    """The coefficient of the Fenchel–Young term in H: (1 − εγ)/(1 + ελ)."""
    return (1 - eps * gamma) / (1 + eps * lam)


def lion_k_flow(x: Any, m: Any, grad_f: Any, *, alpha: Any, gamma: Any, lam: Any, eps: Any,
                kernel: Any) -> tuple[Any, Any]:
    """(ẋ, ṁ) of the continuous-time Lion-𝒦 system at the state (x, m) with ∇f(x) = grad_f."""
    w = alpha * np.asarray(grad_f) + gamma * np.asarray(m)
    return kernel.grad(np.asarray(m) - eps * w) - lam * np.asarray(x), -w


def lyapunov_h(f_value: Any, x: Any, m: Any, *, alpha: Any, gamma: Any, lam: Any, eps: Any, kernel: Any,
               coefficient: Any = None) -> Any:
    """H(x, m) = αf(x) + (γ/λ)𝒦*(λx) + c·(𝒦*(λx) + 𝒦(m) − λmᵀx), summed over the last axis (coordinates);
    c = (1 − εγ)/(1 + ελ) unless ``coefficient`` is given (H_c of L3)."""
    x, m = np.asarray(x), np.asarray(m)
    conj = np.sum(kernel.conjugate(lam * x), axis=-1)
    gap = conj + np.sum(kernel.value(m), axis=-1) - lam * np.sum(m * x, axis=-1)
    c = paper_coefficient(eps, gamma, lam) if coefficient is None else coefficient
    return alpha * np.asarray(f_value) + (gamma / lam) * conj + c * gap


def _h_with(coefficient_of) -> Any:
    def h(f_value, x, m, *, alpha, gamma, lam, eps, kernel, coefficient=None):
        return lyapunov_h(f_value, x, m, alpha=alpha, gamma=gamma, lam=lam, eps=eps, kernel=kernel,
                          coefficient=coefficient_of(eps, gamma, lam))
    return h


#: Mutants of H: the Fenchel–Young coefficient replaced by 1, 0, 1 − εγ, 1/(1 + ελ).
H_COEFFICIENT_ONE = _h_with(lambda e, g, lam: 1.0)
H_COEFFICIENT_ZERO = _h_with(lambda e, g, lam: 0.0)
H_COEFFICIENT_NO_DENOMINATOR = _h_with(lambda e, g, lam: 1 - e * g)
H_COEFFICIENT_NO_NUMERATOR = _h_with(lambda e, g, lam: 1 / (1 + e * lam))


def h_constraint_without_over_lambda(f_value, x, m, *, alpha, gamma, lam, eps, kernel, coefficient=None):
    """Mutant: γ𝒦*(λx) in place of (γ/λ)𝒦*(λx)."""
    return lyapunov_h(f_value, x, m, alpha=alpha, gamma=gamma * lam, lam=lam, eps=eps, kernel=kernel,
                      coefficient=paper_coefficient(eps, gamma, lam))


def h_coupling_sign_flipped(f_value, x, m, *, alpha, gamma, lam, eps, kernel, coefficient=None):
    """Mutant: the Fenchel–Young term with +λmᵀx."""
    x, m = np.asarray(x), np.asarray(m)
    return (lyapunov_h(f_value, x, m, alpha=alpha, gamma=gamma, lam=lam, eps=eps, kernel=kernel)
            + 2 * paper_coefficient(eps, gamma, lam) * lam * np.sum(m * x, axis=-1))


def decrease_guaranteed(alpha: float, gamma: float, lam: float, eps: float) -> bool:
    """The suite's exact condition for dH/dt ≤ 0 at every state and for every f (α ≠ 0, λ > 0):
    ε ≥ 0, γ + λ ≥ 0 and εγ ≤ 1."""
    return eps >= 0 and gamma + lam >= 0 and eps * gamma <= 1


# -- discrete Lion: the algorithm listing, the released code and its variants --------------------------------


def algorithm_lion_step(x, m, g, lr, betas, weight_decay):
    """2302.06675's listing: c_t = β1 m_{t−1} + (1 − β1) g_t; θ_t = θ_{t−1} − η(sign(c_t) + λθ_{t−1});
    m_t = β2 m_{t−1} + (1 − β2) g_t. Returns (θ_t, m_t)."""
    b1, b2 = betas
    c = b1 * m + (1 - b1) * g
    return x - lr * (sign(c) + weight_decay * x), b2 * m + (1 - b2) * g


def released_lion_step(x, m, g, lr, betas, weight_decay):
    """Port of ``Lion.step`` in lion_pytorch.py for one parameter: decay in place, then the sign step from
    the old momentum, then the momentum update. Returns (x, m) after the step."""
    b1, b2 = betas
    x = x * (1 - lr * weight_decay)                 # p.data.mul_(1 - lr * weight_decay)
    update = m * b1 + g * (1 - b1)                  # exp_avg * beta1 + grad * (1 - beta1)
    x = x + (-lr) * sign(update)                    # p.add_(update.sign_(), alpha=-lr)
    m = m * b2 + g * (1 - b2)                       # exp_avg.mul_(beta2).add_(grad, alpha=1 - beta2)
    return x, m


def lion_updated_momentum(x, m, g, lr, betas, weight_decay):
    """Mutant: c computed from the updated momentum m_t instead of m_{t−1}."""
    b1, b2 = betas
    m_new = m * b2 + g * (1 - b2)
    return x * (1 - lr * weight_decay) - lr * sign(m_new * b1 + g * (1 - b1)), m_new


def lion_betas_swapped(x, m, g, lr, betas, weight_decay):
    """Mutant: β1 and β2 swapped."""
    return released_lion_step(x, m, g, lr, (betas[1], betas[0]), weight_decay)


def lion_decay_flipped(x, m, g, lr, betas, weight_decay):
    """Mutant: the decay with the wrong sign, x(1 + ηλ)."""
    return released_lion_step(x, m, g, lr, betas, -weight_decay)


def lion_coupled_decay(x, m, g, lr, betas, weight_decay):
    """L8 (and a mutant): coupled L2 decay, g ← g + λx before the momentum and the sign; no decoupled decay."""
    return released_lion_step(x, m, g + weight_decay * x, lr, betas, 0 * weight_decay)


def lion_decay_after_step(x, m, g, lr, betas, weight_decay):
    """Mutant: the decay applied after the sign step, (x − η sign c)(1 − ηλ)."""
    x_new, m_new = released_lion_step(x, m, g, lr, betas, 0 * weight_decay)
    return x_new * (1 - lr * weight_decay), m_new


def lion_implicit_decay(x, m, g, lr, betas, weight_decay):
    """Mutant: the decay applied implicitly (proximally), (x − η sign c)/(1 + ηλ)."""
    x_new, m_new = released_lion_step(x, m, g, lr, betas, 0 * weight_decay)
    return x_new / (1 + lr * weight_decay), m_new


def lion_sign_zero_is_one(x, m, g, lr, betas, weight_decay):
    """Mutant: sign(0) = +1 (a step is taken where c = 0)."""
    b1, b2 = betas
    c = np.asarray(m * b1 + g * (1 - b1))
    s = np.where(c >= 0, 1, -1)
    s = s.astype(object) if c.dtype == object else s.astype(float)
    return x * (1 - lr * weight_decay) - lr * s, m * b2 + g * (1 - b2)


def phase_one_rate(eta: Any, lam: Any) -> Any:
    """L5: the claimed per-step contraction of |x_i| − 1/λ outside the box, 1 − ηλ."""
    return 1 - eta * lam


# -- the notes-page form of Lion-𝒦 ------------------------------------------------------------------------


def page_form_step(X, M, g, lr, beta_polyak, beta_nesterov, weight_decay, grad_k=sign):
    """M_{t+1} = β_p M_t − (1 − β_p)∇f(X_t); M̃ = β_n M_{t+1} − (1 − β_n)∇f(X_t); X_{t+1} = X_t + η(∇𝒦(M̃) − λX_t).
    Returns (X_{t+1}, M_{t+1})."""
    M1 = beta_polyak * M - (1 - beta_polyak) * g
    Mt = beta_nesterov * M1 - (1 - beta_nesterov) * g
    return X + lr * (grad_k(Mt) - weight_decay * X), M1


_b1, _b2 = sp.symbols("beta1 beta2", nonnegative=True)
#: L7's closed form: the notes-page β_n that reproduces Lion with (β1, β2) (β_p = β2).
PAGE_NESTEROV = Formula(_b1 / _b2, {"beta1": interval(0, 0.99), "beta2": interval(0.01, 0.99)},
                        name="page_nesterov_coefficient")


def lion_to_page_betas(beta1: Any, beta2: Any) -> tuple[Any, Any]:
    """The suite's mapping (M = −m): β_p = β2, β_n = β1/β2 (0 when β1 = β2 = 0)."""
    if beta2 == 0:
        return beta2, 0 * beta1
    return beta2, beta1 / beta2


# -- lion_tf2.py: the dense and the sparse update ------------------------------------------------------------


def tf2_dense_step(x, m, g, lr, betas, weight_decay):
    """``_resource_apply_dense``: var −= lr (sign(m β1 + g(1 − β1)) + var·wd); m = m β2 + g(1 − β2)."""
    b1, b2 = betas
    x_new = x - lr * (sign(m * b1 + g * (1 - b1)) + x * weight_decay)
    return x_new, m * b2 + g * (1 - b2)


def tf2_sparse_step(x, m, g, lr, betas, weight_decay):
    """``_resource_apply_sparse`` with every row indexed: m_t = mβ1 (+ (1 − β1)g at the rows);
    var −= lr(sign(m_t) + var·wd); m_t −= (1 − β1)g; m_t ← m_t β2/β1; m_t += (1 − β2)g. The division by β1
    is the release's (a zero β1 gives ±inf, then 0·inf = NaN, in float)."""
    b1, b2 = betas
    scaled = g * (1 - b1)
    mt = m * b1 + scaled
    x_new = x - lr * (sign(mt) + x * weight_decay)
    mt = mt - scaled
    if isinstance(b1, Fraction) or isinstance(b2, Fraction):
        ratio = Fraction(b2) / Fraction(b1)             # raises ZeroDivisionError at β1 = 0
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.float64(b2) / np.float64(b1)
    with np.errstate(invalid="ignore", over="ignore"):
        mt = mt * ratio
    return x_new, mt + g * (1 - b2)
