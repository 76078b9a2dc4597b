"""The losses under test: DPO, rDPO (the paper's unbiased loss), cDPO (label smoothing), as sympy expressions of
the implicit reward margin h, the flip rate ε and the temperature β, as float64/mpmath functions, and as a numpy port
of the released implementation; with the plausible wrong variants (mutants).

Setup (specification; the paper body was not read): ℓ(h) = −log σ(βh) (the DPO loss of the labelled pair),
ℓ(−h) the loss of the swapped pair, and ℓ̂_ε(h) = [(1 − ε)ℓ(h) − εℓ(−h)]/(1 − 2ε) (rDPO).
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from claimkit import Formula, interval

h, eps, beta = sp.symbols("h epsilon beta", real=True)

#: the specification's domains: h ∈ [−20, 20], ε ∈ [0, 0.49], β ∈ [0.01, 10]
H_DOMAIN = interval(-20, 20)
EPS_DOMAIN = interval(0, 0.49)
BETA_DOMAIN = interval(0.01, 10, log=True)
DOMAINS = {"h": H_DOMAIN, "epsilon": EPS_DOMAIN, "beta": BETA_DOMAIN}


def sp_dpo(x):
    """ℓ(x) = −log σ(βx) = log(1 + e^{−βx}), the DPO loss at margin x."""
    return sp.log(1 + sp.exp(-beta * x))


def sp_sigmoid(x):
    """σ(x) = 1/(1 + e^{−x})."""
    return 1 / (1 + sp.exp(-x))


def sp_rdpo(x):
    """rDPO (the specification's ℓ̂_ε): [(1 − ε)ℓ(x) − εℓ(−x)]/(1 − 2ε)."""
    return ((1 - eps) * sp_dpo(x) - eps * sp_dpo(-x)) / (1 - 2 * eps)


def sp_cdpo(x):
    """cDPO (label smoothing): (1 − ε)ℓ(x) + εℓ(−x)."""
    return (1 - eps) * sp_dpo(x) + eps * sp_dpo(-x)


def sp_divided_by_one_minus_eps(x):
    """Mutant: [(1 − ε)ℓ(x) − εℓ(−x)]/(1 − ε)."""
    return ((1 - eps) * sp_dpo(x) - eps * sp_dpo(-x)) / (1 - eps)


def sp_eps_term_added(x):
    """Mutant: [(1 − ε)ℓ(x) + εℓ(−x)]/(1 − 2ε)."""
    return ((1 - eps) * sp_dpo(x) + eps * sp_dpo(-x)) / (1 - 2 * eps)


def sp_roles_swapped(x):
    """Mutant: [εℓ(x) − (1 − ε)ℓ(−x)]/(1 − 2ε)."""
    return (eps * sp_dpo(x) - (1 - eps) * sp_dpo(-x)) / (1 - 2 * eps)


def flip_expectation(loss):
    """E_flip of a per-sample loss: the observed pair is the labelled one w.p. 1 − ε, swapped w.p. ε."""
    return (1 - eps) * loss(h) + eps * loss(-h)


def sp_weight(x):
    """The gradient weight ζ(x, ε) = [(1 − ε)σ(−βx) + εσ(βx)]/(1 − 2ε), with dℓ̂_ε/dx = −βζ."""
    return ((1 - eps) * sp_sigmoid(-beta * x) + eps * sp_sigmoid(beta * x)) / (1 - 2 * eps)


def sp_weight_no_factor(x):
    """Mutant: ζ without the factor 1/(1 − 2ε)."""
    return (1 - eps) * sp_sigmoid(-beta * x) + eps * sp_sigmoid(beta * x)


def _formula(expr, name, domains=None):
    return Formula(expr, dict(domains or DOMAINS), name=name)


EXPECTED_RDPO = _formula(flip_expectation(sp_rdpo), "expected_rdpo_loss")
EXPECTED_RDPO_MUTANTS = {
    "cdpo_as_rdpo": (r"cDPO used as rDPO: $(1-\epsilon)\ell(h) + \epsilon\ell(-h)$", sp_cdpo),
    "divided_by_one_minus_eps": (r"divided by $1 - \epsilon$ instead of $1 - 2\epsilon$", sp_divided_by_one_minus_eps),
    "eps_term_added": (r"the $\epsilon$-term added instead of subtracted", sp_eps_term_added),
    "roles_swapped": (r"the roles of $\epsilon$ and $1 - \epsilon$ swapped", sp_roles_swapped),
}

BEYOND_HALF = {"h": H_DOMAIN, "epsilon": interval(0.51, 1), "beta": BETA_DOMAIN}
EXPECTED_RDPO_BEYOND_HALF = _formula(flip_expectation(sp_rdpo), "expected_rdpo_loss_beyond_half", BEYOND_HALF)

EXPECTED_WEIGHT = _formula(
    (1 - eps) * sp_weight(h) - eps * sp_weight(-h), "expected_gradient_weight")

WEIGHT = _formula(sp_weight(h), "zeta")

POSITIVE_EPS = interval(0.001, 0.49)
WEIGHT_INFIMUM = Formula(eps / (1 - 2 * eps), {"epsilon": POSITIVE_EPS}, name="zeta_infimum")

CDPO_BIAS = _formula(2 * eps * (1 - eps) * beta * h, "cdpo_bias")

CDPO_MINIMISER = Formula(sp.log((1 - eps) / eps) / beta, {"epsilon": POSITIVE_EPS, "beta": BETA_DOMAIN},
                         name="cdpo_minimiser")

FLIP_VARIANCE = _formula(eps * (1 - eps) * beta**2 * h**2 / (1 - 2 * eps) ** 2, "flip_variance")

# -- numeric versions (float64 and mpmath) ------------------------------------------------------------


def softplus(x):
    """log(1 + e^x), stable in float64 (np.logaddexp) and exact in mpmath."""
    if isinstance(x, (mpmath.mpf, mpmath.mpc)):
        return mpmath.log1p(mpmath.exp(x))
    return np.logaddexp(0.0, x)


def dpo(x, beta):
    """ℓ(x) = log(1 + e^{−βx})."""
    return softplus(-beta * x)


def rdpo(x, eps, beta):
    """ℓ̂_ε(x) as the specification writes it: [(1 − ε)ℓ(x) − εℓ(−x)]/(1 − 2ε)."""
    return ((1 - eps) * dpo(x, beta) - eps * dpo(-x, beta)) / (1 - 2 * eps)


def cdpo(x, eps, beta):
    """cDPO: (1 − ε)ℓ(x) + εℓ(−x)."""
    return (1 - eps) * dpo(x, beta) + eps * dpo(-x, beta)


def rdpo_divided_by_one_minus_eps(x, eps, beta):
    """Mutant: divided by 1 − ε."""
    return ((1 - eps) * dpo(x, beta) - eps * dpo(-x, beta)) / (1 - eps)


def rdpo_eps_term_added(x, eps, beta):
    """Mutant: the ε-term added."""
    return ((1 - eps) * dpo(x, beta) + eps * dpo(-x, beta)) / (1 - 2 * eps)


def rdpo_roles_swapped(x, eps, beta):
    """Mutant: ε and 1 − ε swapped."""
    return (eps * dpo(x, beta) - (1 - eps) * dpo(-x, beta)) / (1 - 2 * eps)


def objective(theta, Z, eps, beta):
    """The empirical rDPO objective (1/n) Σ ℓ̂_ε(θᵀz_i) of a log-linear policy, z_i = φ(x, ỹ_w) − φ(x, ỹ_l)."""
    return float(np.mean(rdpo(Z @ theta, eps, beta)))


def recession_slope(Z, u, eps, beta):
    """The suite's closed form of lim_{t→∞} d/dt (1/n)Σ ℓ̂_ε(t z_iᵀu): each term contributes −βε/(1 − 2ε)·z_iᵀu
    when z_iᵀu > 0 and +β(1 − ε)/(1 − 2ε)·|z_iᵀu| when z_iᵀu < 0."""
    s = Z @ u
    return float(np.mean(np.where(s > 0, -beta * eps * s, -beta * (1 - eps) * s)) / (1 - 2 * eps))


def recession_slope_no_factor(Z, u, eps, beta):
    """Mutant: the slope without the factor 1/(1 − 2ε)."""
    return recession_slope(Z, u, eps, beta) * (1 - 2 * eps)


def recession_slope_wrong_branch(Z, u, eps, beta):
    """Mutant: the h → −∞ slope −β(1 − ε)/(1 − 2ε) used on the positive side too."""
    s = Z @ u
    return float(np.mean(-beta * (1 - eps) * s) / (1 - 2 * eps))


# -- the released code (Hugging Face TRL), ported ---------------------------------------------------------


def _logsigmoid(x):
    return -np.logaddexp(0.0, -x)


def trl_robust(logits, beta, label_smoothing):
    """Port of TRL ``DPOTrainer.dpo_loss`` with ``loss_type="robust"`` (trl/trainer/dpo_trainer.py, v0.8–v0.12:
    ``(-logsigmoid(β·logits)(1 − ls) + logsigmoid(−β·logits)·ls) / (1 − 2·ls)``), in IEEE float64 with no check of
    ls (torch divides by zero silently)."""
    logits = np.asarray(logits, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (-_logsigmoid(beta * logits) * (1 - label_smoothing)
                + _logsigmoid(-beta * logits) * label_smoothing) / (1 - 2 * label_smoothing)


def trl_sigmoid(logits, beta, label_smoothing):
    """Port of the same function with ``loss_type="sigmoid"``:
    ``-logsigmoid(β·logits)(1 − ls) − logsigmoid(−β·logits)·ls``."""
    logits = np.asarray(logits, dtype=float)
    return -_logsigmoid(beta * logits) * (1 - label_smoothing) - _logsigmoid(-beta * logits) * label_smoothing


def trl_robust_sign_flipped(logits, beta, label_smoothing):
    """Mutant of the port: the ls term subtracted (the sigmoid branch's sign) but still divided by 1 − 2ls."""
    return trl_sigmoid(logits, beta, label_smoothing) / (1 - 2 * label_smoothing)


def trl_robust_zero_at_half(logits, beta, label_smoothing):
    """Mutant of the port: a guarded version returning a zero loss when 1 − 2ls = 0 (as some forks do)."""
    if 1 - 2 * label_smoothing == 0:
        return np.zeros_like(np.asarray(logits, dtype=float))
    return trl_robust(logits, beta, label_smoothing)
