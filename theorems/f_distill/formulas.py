"""The f-divergences of the paper, their weighting h(r) = f''(r) r², the gradient integrand, and the numpy port of the
released weighting, with the plausible wrong variants (the mutants).

Convention: r = p/q_θ (teacher over student), D_f(p‖q_θ) = ∫ q_θ f(p/q_θ) dx, f convex with f(1) = 0.

The released weighting is read from the specification's description of NVIDIA FastGen's f-distill method (class
``FdistillModel``, dictionary ``all_f_div_weighting_function``; the file path and version are not pinned there): the
density ratio is exp of the discriminator logit averaged over its last axis and clamped to [−10, 10], then clamped to
[ratio_lower, ratio_upper]; the weight comes from the table below and is divided by its batch mean plus 1e−6.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
import sympy as sp

r = sp.Symbol("r", positive=True)

#: the f of each divergence in F3 (and reverse KL), as sympy expressions in r = p/q
F_EXPR = {
    "reverse_kl": -sp.log(r),
    "forward_kl": r * sp.log(r),
    "js": r * sp.log(r) - (1 + r) * sp.log((1 + r) / 2),
    "squared_hellinger": (sp.sqrt(r) - 1) ** 2,
    "jeffreys": (r - 1) * sp.log(r),
    "softened_rkl": (r + 1) * sp.log((r + 1) / (2 * r)),
    "neyman_chi2": (1 - r) ** 2 / r,
    "pearson_chi2": (r - 1) ** 2,
}

#: the weighting h(r) = f''(r) r² the suite claims for each f (checked against sympy's second derivative)
H_EXPR = {
    "reverse_kl": sp.Integer(1),
    "forward_kl": r,
    "js": r / (1 + r),
    "squared_hellinger": sp.sqrt(r) / 2,
    "jeffreys": r + 1,
    "softened_rkl": 1 / (1 + r),
    "neyman_chi2": 2 / r,
    "pearson_chi2": 2 * r**2,
}

LATEX_NAME = {
    "reverse_kl": "reverse KL", "forward_kl": "forward KL", "js": "Jensen–Shannon",
    "squared_hellinger": "squared Hellinger", "jeffreys": "Jeffreys", "softened_rkl": "softened reverse KL",
    "neyman_chi2": "Neyman χ²", "pearson_chi2": "Pearson χ²",
}

#: released table key of each divergence (Pearson χ² has none)
RELEASED_KEY = {"reverse_kl": "rkl", "forward_kl": "kl", "js": "js", "softened_rkl": "sf", "neyman_chi2": "neyman",
                "squared_hellinger": "sh", "jeffreys": "jf"}

#: the divergences with h non-decreasing in r (the paper's "less mode-seeking" ones) and the two with h decreasing
NON_DECREASING = ("reverse_kl", "forward_kl", "js", "squared_hellinger", "jeffreys", "pearson_chi2")
DECREASING = ("softened_rkl", "neyman_chi2")


class Derivatives(NamedTuple):
    """f, f′ and f″ of one divergence as float64 functions of r."""

    f: object
    f1: object
    f2: object


@functools.cache
def derivatives(name: str) -> Derivatives:
    """f, f′, f″ of divergence ``name``, lambdified from the sympy expression: once per divergence, when a check
    first needs it (not when the claims are declared, where it cost 0.2 s of every run's collection)."""
    e = F_EXPR[name]
    return Derivatives(*(sp.lambdify(r, sp.diff(e, r, k), "numpy") for k in range(3)))

# -- F1: the gradient integrand ---------------------------------------------------------------------------------------


def gradient_integrand(fd: Derivatives, ratio, score_diff, jac):
    """The reconstructed gradient's integrand: −h(r)(∇log p − ∇log q)·∂x/∂θ with h(r) = f″(r) r²; its mean over
    x = G_θ(z), z ~ N(0, I), is claimed to be dD_f/dθ."""
    return -fd.f2(ratio) * ratio**2 * score_diff * jac


def integrand_missing_r2(fd, ratio, score_diff, jac):
    return -fd.f2(ratio) * score_diff * jac


def integrand_f1(fd, ratio, score_diff, jac):
    return -fd.f1(ratio) * score_diff * jac


def integrand_r_f2(fd, ratio, score_diff, jac):
    return -fd.f2(ratio) * ratio * score_diff * jac


def integrand_sign_flipped(fd, ratio, score_diff, jac):
    return fd.f2(ratio) * ratio**2 * score_diff * jac


def integrand_scores_reversed(fd, ratio, score_diff, jac):
    """(∇log q − ∇log p) in place of (∇log p − ∇log q), the leading minus kept."""
    return -fd.f2(ratio) * ratio**2 * (-score_diff) * jac


def integrand_density_frozen(fd, ratio, score_diff, jac):
    """The pathwise derivative of f(p(x)/q(x)) with the density q held fixed: f′(r) r (∇log p − ∇log q)·∂x/∂θ."""
    return fd.f1(ratio) * ratio * score_diff * jac


def integrand_inverse_ratio(fd, ratio, score_diff, jac):
    """The ratio taken as q/p."""
    inv = 1.0 / ratio
    return -fd.f2(inv) * inv**2 * score_diff * jac


INTEGRAND_MUTANTS = {
    "missing_r_squared": (r"$h = f''(r)$, the factor $r^2$ missing", integrand_missing_r2),
    "f_prime": (r"$h = f'(r)$", integrand_f1),
    "r_times_f2": (r"$h = r f''(r)$", integrand_r_f2),
    "sign_flipped": (r"the overall sign flipped", integrand_sign_flipped),
    "scores_reversed": (r"$\nabla\log q - \nabla\log p$ in place of $\nabla\log p - \nabla\log q$, sign kept",
                        integrand_scores_reversed),
    "density_frozen": (r"the pathwise derivative with $q_\theta$ held fixed: $+f'(r) r (\nabla\log p - "
                       r"\nabla\log q)\,\partial x/\partial\theta$", integrand_density_frozen),
    "ratio_inverted": (r"the ratio taken as $q/p$", integrand_inverse_ratio),
}

# -- the released weighting (numpy port) ------------------------------------------------------------------------------

LOGIT_CLAMP = 10.0
NEYMAN_FLOOR = 1e-8
NORMALISE_EPS = 1e-6


def released_table():
    """``all_f_div_weighting_function`` as the specification describes it: r ↦ weight."""
    return {
        "rkl": lambda x: np.ones_like(x),
        "kl": lambda x: x,
        "js": lambda x: 1.0 - 1.0 / (1.0 + x),
        "sf": lambda x: 1.0 / (1.0 + x),
        "neyman": lambda x: 1.0 / np.maximum(x, NEYMAN_FLOOR),
        "sh": lambda x: np.sqrt(x),
        "jf": lambda x: 1.0 + x,
    }


RELEASED_TABLE = released_table()


def released_ratio(logits, ratio_lower, ratio_upper):
    """Step 1: exp(clamp(mean over the last (logit) axis, −10, 10)), then clamped to [ratio_lower, ratio_upper]."""
    mean = np.mean(np.asarray(logits, dtype=float), axis=-1)
    return np.clip(np.exp(np.clip(mean, -LOGIT_CLAMP, LOGIT_CLAMP)), ratio_lower, ratio_upper)


def released_normalise(weights):
    """Step 4: the weights divided by their batch mean plus 1e−6."""
    w = np.asarray(weights, dtype=float)
    return w / (np.mean(w) + NORMALISE_EPS)


def sum_normalise(weights):
    """Mutant: the weights divided by their batch sum."""
    w = np.asarray(weights, dtype=float)
    return w / (np.sum(w) + NORMALISE_EPS)
