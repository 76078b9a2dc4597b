"""The formulas and algorithms under test in the NPO family, and their mutants.

Three kinds of object live here:

* a numpy port of the released loss code (github.com/licong-lin/negative-preference-optimization,
  commit 1207bbe): ``TOFU/data_module.py::get_batch_loss`` (per-sequence NLL: logits shifted by one
  position, ``CrossEntropyLoss(ignore_index=-100, reduction='none')`` summed over positions), the loss
  types ``npo`` and ``npo_grad_diff`` of ``TOFU/dataloader.py::CustomTrainerForgetting.compute_loss``
  (``-F.logsigmoid(beta * (nll_theta - nll_ref)).mean() * 2 / beta``, plus the Hugging Face model loss of
  the retain batch, a token mean, with ``npo_coeff = grad_diff_coeff = 1`` from ``TOFU/config/forget.yaml``)
  and ``grad_ascent`` (minus the Hugging Face loss of the forget batch); written from reading that code;
* the paper's formulas as the specification reconstructs them (the NPO loss and its gradient weight,
  the small-β limit) and the suite's closed forms for the one-parameter model π_θ = σ(θ), π_ref = 1/2
  (the asymptote of θ_t, the step counts to reach log π_θ ≤ −M), as :class:`claimkit.Formula` objects
  or plain functions;
* the mutants: plausible wrong variants of each, as named functions.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import sympy as sp
from scipy.special import expit

from claimkit import Formula, interval

#: The label value the release's cross-entropy ignores (question tokens and padding after the first EOS).
IGNORE_INDEX = -100
#: The one-parameter model of P4/P5: π_θ = σ(θ), π_ref = 1/2, gradient descent from θ₀ = 2.
THETA0 = 2.0
LOG_PI_REF = math.log(0.5)


# ------------------------------------------------------------------------------------------------
# The release, ported to numpy (1207bbe)
# ------------------------------------------------------------------------------------------------


def _token_nll(logits: np.ndarray, labels: np.ndarray, *, shift: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(per-position cross-entropy, mask of counted positions), as ``get_batch_loss`` computes them:
    ``labels[..., 1:]`` against ``logits[..., :-1, :]``; positions labelled -100 contribute 0."""
    if shift:
        logits, labels = logits[..., :-1, :], labels[..., 1:]
    m = logits.max(axis=-1, keepdims=True)
    lse = (m + np.log(np.exp(logits - m).sum(axis=-1, keepdims=True)))[..., 0]
    counted = labels != IGNORE_INDEX
    safe = np.where(counted, labels, 0)
    picked = np.take_along_axis(logits, safe[..., None], axis=-1)[..., 0]
    return np.where(counted, lse - picked, 0.0), counted


def released_get_batch_loss(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``get_batch_loss(output, labels)``: the NLL of each sequence, summed over its counted tokens."""
    nll, _ = _token_nll(logits, labels)
    return nll.sum(axis=-1)


def released_hf_loss(logits: np.ndarray, labels: np.ndarray) -> float:
    """``model(input_ids, labels=labels).loss`` of a Hugging Face causal LM: the same shifted
    cross-entropy, averaged over every counted token of the batch (a token mean)."""
    nll, counted = _token_nll(logits, labels)
    return float(nll.sum() / counted.sum())


def _logsigmoid(x: np.ndarray) -> np.ndarray:
    """``F.logsigmoid``: −log(1 + e^{−x}), computed without overflow."""
    return -np.logaddexp(0.0, -x)


def released_npo_loss(logits: np.ndarray, ref_logits: np.ndarray, labels: np.ndarray, beta: float) -> float:
    """Loss type ``npo``: ``-F.logsigmoid(beta * (nll_theta - nll_ref)).mean() * 2 / beta``."""
    neg_log_ratios = released_get_batch_loss(logits, labels) - released_get_batch_loss(ref_logits, labels)
    return float(-_logsigmoid(beta * neg_log_ratios).mean() * 2 / beta)


def released_npo_grad_diff(logits: np.ndarray, ref_logits: np.ndarray, labels: np.ndarray,
                           retain_logits: np.ndarray, retain_labels: np.ndarray, beta: float,
                           npo_coeff: float = 1.0, grad_diff_coeff: float = 1.0) -> float:
    """Loss type ``npo_grad_diff``: ``npo_coeff * forget_loss + grad_diff_coeff * retain_loss``, the
    retain loss being the Hugging Face model loss (token mean) of the retain batch."""
    forget = released_npo_loss(logits, ref_logits, labels, beta)
    return npo_coeff * forget + grad_diff_coeff * released_hf_loss(retain_logits, retain_labels)


def released_grad_ascent(logits: np.ndarray, labels: np.ndarray) -> float:
    """Loss type ``grad_ascent``: ``-1 * outputs.loss``, minus the token-mean NLL of the forget batch."""
    return -released_hf_loss(logits, labels)


class GradDiffTerms(NamedTuple):
    """The two terms of ``npo_grad_diff`` as functions of logits (the subject of the length claim)."""

    forget: object  # (logits, ref_logits, labels, beta) -> float
    retain: object  # (logits, labels) -> float


RELEASED_GRAD_DIFF_TERMS = GradDiffTerms(released_npo_loss, released_hf_loss)


# -- mutants of the port ---------------------------------------------------------------------------


def token_mean_npo_loss(logits, ref_logits, labels, beta):
    """Mutant: the NPO loss fed the token-mean NLL of each sequence instead of the summed NLL."""
    nll_t, counted = _token_nll(logits, labels)
    nll_r, _ = _token_nll(ref_logits, labels)
    n = np.maximum(counted.sum(axis=-1), 1)
    x = beta * (nll_t.sum(axis=-1) / n - nll_r.sum(axis=-1) / n)
    return float(-_logsigmoid(x).mean() * 2 / beta)


def unshifted_npo_loss(logits, ref_logits, labels, beta):
    """Mutant: logits at position t scored against the label at t (the causal shift forgotten)."""
    a, _ = _token_nll(logits, labels, shift=False)
    b, _ = _token_nll(ref_logits, labels, shift=False)
    return float(-_logsigmoid(beta * (a.sum(-1) - b.sum(-1))).mean() * 2 / beta)


def unmasked_npo_loss(logits, ref_logits, labels, beta):
    """Mutant: positions labelled -100 scored as if they held token 0 (the mask ignored)."""
    unmasked = np.where(labels == IGNORE_INDEX, 0, labels)
    return released_npo_loss(logits, ref_logits, unmasked, beta)


def flipped_ratio_npo_loss(logits, ref_logits, labels, beta):
    """Mutant: ``logsigmoid(beta * (nll_ref - nll_theta))``, the log-ratio with the wrong sign."""
    return released_npo_loss(ref_logits, logits, labels, beta)


def batch_sum_npo_loss(logits, ref_logits, labels, beta):
    """Mutant: ``.sum()`` over the batch instead of ``.mean()``."""
    return released_npo_loss(logits, ref_logits, labels, beta) * logits.shape[0]


def one_over_beta_npo_loss(logits, ref_logits, labels, beta):
    """Mutant: the factor 1/β instead of 2/β."""
    return released_npo_loss(logits, ref_logits, labels, beta) / 2


def summed_retain_loss(logits, labels):
    """Mutant of the retain term: the retain NLL summed over tokens and averaged over sequences."""
    return float(released_get_batch_loss(logits, labels).mean())


# ------------------------------------------------------------------------------------------------
# The paper's formulas (reconstructed) in sympy, some as Formula objects: l = log π_θ(y|x), r = log π_ref(y|x)
# ------------------------------------------------------------------------------------------------

L, R = sp.symbols("ell_theta ell_ref", real=True)
B = sp.symbols("beta", positive=True)
U = sp.symbols("u", real=True)

#: P1, the paper's form per sample: (2/β) log(1 + (π_θ/π_ref)^β), with (π_θ/π_ref)^β = e^{β(l − r)}.
PAPER_SAMPLE_LOSS = 2 / B * sp.log(1 + sp.exp(B * (L - R)))
#: P1, the release's form per sample: −(2/β) log σ(β(ℓ_θ − ℓ_ref)) with ℓ = −log π the summed NLL.
RELEASED_SAMPLE_LOSS = -2 / B * sp.log(1 / (1 + sp.exp(-B * ((-L) - (-R)))))

#: P3 (suite): the leading coefficient of the remainder, lim R/β = u²/4.
SMALL_BETA_COEFFICIENT = Formula(U**2 / 4, {"u": interval(-40, 40)}, name="small_beta_coefficient")

#: P4 (suite): e^{−βθ_t} grows like c·ηt with c = β 2^{β+1} (π_ref = 1/2).
COLLAPSE_RATE = Formula(B * 2 ** (B + 1), {"beta": interval(0.02, 4, log=True)}, name="collapse_rate")


def npo_weight_float(ell_theta: float, ell_ref: float, beta: float) -> float:
    """P2: W = 2π_θ^β/(π_θ^β + π_ref^β) = 2e^{βl}/(e^{βl} + e^{βr}) in float64, as the paper writes it."""
    a, b = math.exp(beta * ell_theta), math.exp(beta * ell_ref)
    return 2 * a / (a + b)


def weight_float_ref_in_numerator(ell_theta, ell_ref, beta):
    """Mutant: 2π_ref^β/(π_θ^β + π_ref^β)."""
    return npo_weight_float(ell_ref, ell_theta, beta)


def weight_float_beta_outside(ell_theta, ell_ref, beta):
    """Mutant: 2βπ_θ/(π_θ + π_ref), β taken out of the exponent."""
    return beta * npo_weight_float(ell_theta, ell_ref, 1.0)


def weight_float_without_two(ell_theta, ell_ref, beta):
    """Mutant: π_θ^β/(π_θ^β + π_ref^β), the factor 2 lost."""
    return npo_weight_float(ell_theta, ell_ref, beta) / 2


def weight_float_doubled_exponent(ell_theta, ell_ref, beta):
    """Mutant: the exponent 2β."""
    return npo_weight_float(ell_theta, ell_ref, 2 * beta)


# ------------------------------------------------------------------------------------------------
# P3: the small-β limit
# ------------------------------------------------------------------------------------------------


class SmallBetaLimit(NamedTuple):
    """L_β − constant(β) → limit(l, r) as β → 0 (P3)."""

    constant: object  # beta -> float
    limit: object  # (log_p_theta array, log_p_ref array) -> float


SMALL_BETA_LIMIT = SmallBetaLimit(lambda beta: 2 * math.log(2) / beta, lambda lp, lr: float(np.mean(lp - lr)))
LIMIT_WITHOUT_REFERENCE = SmallBetaLimit(SMALL_BETA_LIMIT.constant, lambda lp, lr: float(np.mean(lp)))
LIMIT_CONSTANT_ONE_OVER_BETA = SmallBetaLimit(lambda beta: math.log(2) / beta, SMALL_BETA_LIMIT.limit)
LIMIT_DOUBLED = SmallBetaLimit(SMALL_BETA_LIMIT.constant, lambda lp, lr: 2 * float(np.mean(lp - lr)))


# ------------------------------------------------------------------------------------------------
# P4, P5: the one-parameter model π_θ = σ(θ), π_ref = 1/2
# ------------------------------------------------------------------------------------------------


class CollapseLaws(NamedTuple):
    """P4: log π_θt as a function of t up to an additive constant, under GA and under NPO."""

    ga: object  # (eta, t) -> float
    npo: object  # (beta, t) -> float


COLLAPSE_LAWS = CollapseLaws(lambda eta, t: -eta * t, lambda beta, t: -math.log(t) / beta)
LAWS_NPO_WITHOUT_ONE_OVER_BETA = CollapseLaws(COLLAPSE_LAWS.ga, lambda beta, t: -math.log(t))
LAWS_NPO_LINEAR = CollapseLaws(COLLAPSE_LAWS.ga, lambda beta, t: -beta * t)
LAWS_GA_LOGARITHMIC = CollapseLaws(lambda eta, t: -math.log(t) / eta, COLLAPSE_LAWS.npo)
LAWS_GA_HALF_RATE = CollapseLaws(lambda eta, t: -eta * t / 2, COLLAPSE_LAWS.npo)


def npo_asymptote(beta: float, eta: float, t: float) -> float:
    """P4 (suite): θ_t = −(1/β) log(β 2^{β+1} η t) + o(1) under NPO gradient descent."""
    return -math.log(beta * 2 ** (beta + 1) * eta * t) / beta


def asymptote_half_constant(beta, eta, t):
    """Mutant: the constant 2^β β inside the logarithm (a factor 2 lost)."""
    return -math.log(beta * 2**beta * eta * t) / beta


def asymptote_without_beta_factor(beta, eta, t):
    """Mutant: the constant 2^{β+1} without the factor β."""
    return -math.log(2 ** (beta + 1) * eta * t) / beta


def asymptote_without_one_over_beta(beta, eta, t):
    """Mutant: −log(β 2^{β+1} η t), the 1/β in front missing."""
    return -math.log(beta * 2 ** (beta + 1) * eta * t)


class StepLaws(NamedTuple):
    """P5: steps to reach log π_θ ≤ −M, for GA and for NPO."""

    ga: object  # (M, eta) -> float
    npo: object  # (M, beta, eta) -> float


STEP_LAWS = StepLaws(lambda M, eta: M / eta, lambda M, beta, eta: math.exp(beta * M) / (beta * 2 ** (beta + 1) * eta))
STEPS_WITHOUT_BETA_IN_EXPONENT = StepLaws(STEP_LAWS.ga, lambda M, beta, eta: math.exp(M) / (beta * 2 ** (beta + 1) *
eta))
STEPS_HALF_EXPONENT = StepLaws(STEP_LAWS.ga,
                               lambda M, beta, eta: math.exp(beta * M / 2) / (beta * 2 ** (beta + 1) * eta))
STEPS_NPO_LINEAR = StepLaws(STEP_LAWS.ga, lambda M, beta, eta: M / (beta * eta))
STEPS_GA_QUADRATIC = StepLaws(lambda M, eta: M * M / eta, STEP_LAWS.npo)
STEPS_WRONG_PREFACTOR = StepLaws(STEP_LAWS.ga, lambda M, beta, eta: math.exp(beta * M) / (2 ** (beta + 1) * eta))


class StepRegimes(NamedTuple):
    """P5 (suite): where the exponential law holds and where NPO counts as GA does."""

    law_from: float  # βM at and above which the NPO count is within `factor` of the exponential law
    factor: float
    ga_below: float  # βM at and below which the NPO count is within `ga_tolerance` of GA's
    ga_tolerance: float


STEP_REGIMES = StepRegimes(law_from=1.0, factor=2.0, ga_below=0.05, ga_tolerance=0.1)
#: The reading of P5 as uniform in β: the exponential law within a factor 2 at every β ∈ (0, 1] once M ≥ 20.
UNIFORM_READING = StepRegimes(law_from=0.0, factor=2.0, ga_below=0.0, ga_tolerance=0.0)


# ------------------------------------------------------------------------------------------------
# P6: the per-sample weights of the two update rules (descent direction −mean_i w_i ∇ log π_i)
# ------------------------------------------------------------------------------------------------


class UpdateWeights(NamedTuple):
    """The weight w_i(l_i, r_i, β) each rule puts on ∇ log π_θ(y_i|x_i) in its gradient."""

    ga: object
    npo: object


def _ones(lp, lr, beta):
    return np.ones_like(lp)


UPDATE_WEIGHTS = UpdateWeights(_ones, lambda lp, lr, beta: 2 * expit(beta * (lp - lr)))
GA_DESCENDS_NLL = UpdateWeights(lambda lp, lr, beta: -np.ones_like(lp), UPDATE_WEIGHTS.npo)
NPO_REF_IN_NUMERATOR = UpdateWeights(_ones, lambda lp, lr, beta: 2 * expit(beta * (lr - lp)))
NPO_AS_GA = UpdateWeights(_ones, _ones)


# ------------------------------------------------------------------------------------------------
# P2 at high precision, and P3's remainder mutants
# ------------------------------------------------------------------------------------------------


def npo_weight_exact(ell_theta, ell_ref, beta):
    """W = 2π_θ^β/(π_θ^β + π_ref^β) in mpmath at the working precision (the log-probabilities taken exactly)."""
    import mpmath

    a, b = mpmath.exp(beta * mpmath.mpf(ell_theta)), mpmath.exp(beta * mpmath.mpf(ell_ref))
    return 2 * a / (a + b)


def weight_exact_ref_in_numerator(ell_theta, ell_ref, beta):
    """Mutant: 2π_ref^β/(π_θ^β + π_ref^β)."""
    return npo_weight_exact(ell_ref, ell_theta, beta)


def weight_exact_beta_outside(ell_theta, ell_ref, beta):
    """Mutant: 2βπ_θ/(π_θ + π_ref)."""
    return beta * npo_weight_exact(ell_theta, ell_ref, 1)


def weight_exact_without_two(ell_theta, ell_ref, beta):
    """Mutant: π_θ^β/(π_θ^β + π_ref^β)."""
    return npo_weight_exact(ell_theta, ell_ref, beta) / 2


def small_beta_remainder(u, beta):
    """P3 (suite): (2/β) log cosh(βu/2), the exact remainder, in mpmath at the working precision."""
    import mpmath

    b, x = mpmath.mpf(beta), mpmath.mpf(u)
    return 2 / b * mpmath.log(mpmath.cosh(b * x / 2))


def remainder_second_order(u, beta):
    """Mutant: 2 log cosh(βu/2), a remainder of order β²."""
    return beta * small_beta_remainder(u, beta)


def remainder_full_argument(u, beta):
    """Mutant: (2/β) log cosh(βu), the half dropped."""
    return 2 * small_beta_remainder(2 * u, beta) / 2


def remainder_one_over_beta(u, beta):
    """Mutant: (1/β) log cosh(βu/2)."""
    return small_beta_remainder(u, beta) / 2
