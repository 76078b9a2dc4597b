"""Plausible bugs in the Lion-𝒦 library, each a drop-in replacement for a library function.

They are the mutants of the claims whose subject is the library (the quadratic reproduction, the page-form
mapping, the coefficient range and the conformance claims): a mutant the checks kill is a bug they would
catch in the library.
"""

from __future__ import annotations

import numpy as np

from .library import admissible_coefficients, lion_k_step, lion_step, lyapunov, page_form_betas

# -- lion_step ------------------------------------------------------------------------------------------


def lion_step_coupled_decay(x, m, g, *, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    """Adam-style L2 decay: g ← g + λx fed to the momentum and the sign, no decoupled decay."""
    x = np.asarray(x, dtype=float)
    return lion_step(x, m, np.asarray(g, dtype=float) + weight_decay * x, lr=lr, betas=betas, weight_decay=0.0)


def lion_step_decay_flipped(x, m, g, *, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    """The decoupled decay with the wrong sign: x(1 + ηλ)."""
    x_new, m_new = lion_step(x, m, g, lr=lr, betas=betas, weight_decay=0.0)
    return x_new + lr * weight_decay * np.asarray(x, dtype=float), m_new


def lion_step_without_decay(x, m, g, *, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    """The weight decay ignored."""
    return lion_step(x, m, g, lr=lr, betas=betas, weight_decay=0.0)


def lion_step_naive_sign(x, m, g, *, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    """c = β1 m + (1 − β1) g computed as is: its products underflow to 0 for subnormal m, g (no step)."""
    x_new, m_new = lion_step(x, m, g, lr=lr, betas=betas, weight_decay=weight_decay)
    xs, ms, gs = (np.asarray(v, dtype=float) for v in (x, m, g))
    b1 = betas[0]
    return xs * (1 - lr * weight_decay) - lr * np.sign(b1 * ms + (1 - b1) * gs), m_new


def lion_step_updated_momentum(x, m, g, *, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    """c from the updated momentum m_t = β2 m + (1 − β2) g instead of m_{t−1}."""
    _, m_new = lion_step(x, m, g, lr=lr, betas=betas, weight_decay=weight_decay)
    x_new, _ = lion_step(x, m_new, g, lr=lr, betas=betas, weight_decay=weight_decay)
    return x_new, m_new


def lion_step_betas_swapped(x, m, g, *, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    """β1 and β2 swapped."""
    return lion_step(x, m, g, lr=lr, betas=(betas[1], betas[0]), weight_decay=weight_decay)


# -- lion_k_step --------------------------------------------------------------------------------------------


def lion_k_step_old_momentum(x, M, g, *, lr, beta_polyak, beta_nesterov, weight_decay=0.0, kernel="l1",
                             delta=1.0):
    """M̃ from the old M_t instead of M_{t+1}: M̃ = β_n M_t − (1 − β_n) g."""
    _, M_new = lion_k_step(x, M, g, lr=lr, beta_polyak=beta_polyak, beta_nesterov=beta_nesterov,
                           weight_decay=weight_decay, kernel=kernel, delta=delta)
    x_new, _ = lion_k_step(x, M, g, lr=lr, beta_polyak=1.0, beta_nesterov=beta_nesterov,
                           weight_decay=weight_decay, kernel=kernel, delta=delta)
    return x_new, M_new


def lion_k_step_decay_outside(x, M, g, *, lr, beta_polyak, beta_nesterov, weight_decay=0.0, kernel="l1",
                              delta=1.0):
    """The decay scaled by lr twice: x + lr(∇𝒦(M̃) − lr·λx)."""
    x_new, M_new = lion_k_step(x, M, g, lr=lr, beta_polyak=beta_polyak, beta_nesterov=beta_nesterov,
                               weight_decay=0.0, kernel=kernel, delta=delta)
    return x_new - lr * lr * weight_decay * np.asarray(x, dtype=float), M_new


# -- page_form_betas ----------------------------------------------------------------------------------------


def page_betas_same_names(beta1, beta2):
    """β_n = β1, β_p = β2: the coefficients identified by role, without the derived mapping."""
    page_form_betas(beta1, beta2)
    return float(beta2), float(beta1)


def page_betas_product(beta1, beta2):
    """β_n = β1β2: the Nesterov weight multiplied instead of divided."""
    page_form_betas(beta1, beta2)
    return float(beta2), float(beta1) * float(beta2)


def page_betas_swapped(beta1, beta2):
    """β_p = β1, β_n = β2: the two roles exchanged."""
    page_form_betas(beta1, beta2)
    return float(beta1), float(beta2)


# -- admissible_coefficients -----------------------------------------------------------------------------


def coefficients_paper_only(eps, gamma, weight_decay):
    """Only the paper's (1 − εγ)/(1 + ελ) is admissible."""
    lo, _ = admissible_coefficients(eps, gamma, weight_decay)
    return lo, lo


def coefficients_unit_interval(eps, gamma, weight_decay):
    """Every c in [0, 1] is admissible."""
    admissible_coefficients(eps, gamma, weight_decay)
    return 0.0, 1.0


def coefficients_up_to_one(eps, gamma, weight_decay):
    """[c*, 1]: the bound (1 − εγ)/(ελ) forgotten."""
    lo, _ = admissible_coefficients(eps, gamma, weight_decay)
    return lo, 1.0


def coefficients_without_cap(eps, gamma, weight_decay):
    """[c*, (1 − εγ)/(ελ)]: the cap at 1 forgotten."""
    lo, hi = admissible_coefficients(eps, gamma, weight_decay)
    return lo, (max(hi, (1 - eps * gamma) / (eps * weight_decay)) if eps > 0 else hi)


# -- lyapunov ---------------------------------------------------------------------------------------------


def lyapunov_coefficient_one(f_value, x, m, *, alpha, gamma, weight_decay, eps, kernel="log_cosh", delta=1.0,
                             coefficient=None):
    """The Fenchel–Young coefficient taken as 1."""
    return lyapunov(f_value, x, m, alpha=alpha, gamma=gamma, weight_decay=weight_decay, eps=eps, kernel=kernel,
                    delta=delta, coefficient=1.0 if coefficient is None else coefficient)


def lyapunov_constraint_times_lambda(f_value, x, m, *, alpha, gamma, weight_decay, eps, kernel="log_cosh",
                                     delta=1.0, coefficient=None):
    """γ𝒦*(λx) in place of (γ/λ)𝒦*(λx)."""
    c = (1 - eps * gamma) / (1 + eps * weight_decay) if coefficient is None else coefficient
    return lyapunov(f_value, x, m, alpha=alpha, gamma=gamma * weight_decay, weight_decay=weight_decay, eps=eps,
                    kernel=kernel, delta=delta, coefficient=c)


def lyapunov_naive_log_cosh(f_value, x, m, *, alpha, gamma, weight_decay, eps, kernel="log_cosh", delta=1.0,
                            coefficient=None):
    """𝒦(m) = δ log cosh(m/δ) evaluated as written: cosh overflows for |m| > 710δ (an infinite H)."""
    value = lyapunov(f_value, x, m, alpha=alpha, gamma=gamma, weight_decay=weight_decay, eps=eps, kernel=kernel,
                     delta=delta, coefficient=coefficient)
    if kernel != "log_cosh":
        return value
    ms = np.asarray(m, dtype=float)
    c = (1 - eps * gamma) / (1 + eps * weight_decay) if coefficient is None else coefficient
    with np.errstate(over="ignore"):
        naive = float(delta * np.sum(np.log(np.cosh(ms / delta))))
    u = np.abs(ms) / delta
    stable = float(delta * np.sum(np.where(u <= 1, np.log1p(2 * np.sinh(np.minimum(u, 1) / 2) ** 2),
                                           u + np.log1p(np.exp(-2 * u)) - np.log(2.0))))
    return value + c * (naive - stable)
