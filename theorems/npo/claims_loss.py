"""The claims about the NPO loss itself: P1 (the released loss), P2 (its gradient weight), P3 (the small-β
limit and its remainder) and P8 (sequence lengths in the released ``npo_grad_diff``).

The paper body was not read: the loss (2/β) log(1 + (π_θ/π_ref)^β), its gradient weight and the β → 0
limit are worded as the specification reconstructs them (the loss itself is pinned by the released code).
"""

from __future__ import annotations

import functools

import mpmath

from claimkit import Claim, formula_claim

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper body (not read); the statement as reconstructed from the "
                 "abstract and the released code.")
RELEASE = "TOFU/dataloader.py (loss type npo) and TOFU/data_module.py::get_batch_loss, commit 1207bbe"
FORGET_SET = r"a forget set $D_F$ of pairs $(x, y)$; $\pi(y|x)$ the probability of the whole answer"
REF = r"$\pi_{\mathrm{ref}}$ the fine-tuned model before unlearning, held fixed"

# -- P1 -----------------------------------------------------------------------------------------------

RELEASED_LOSS = Claim(
    id="npo.released_loss_is_npo",
    paper=PAPER,
    location=f"P1: {RELEASE}",
    statement=r"The released loss $-\frac{2}{\beta}\operatorname{mean}_i \log\sigma\big(\beta(\ell_\theta(i) - "
              r"\ell_{\mathrm{ref}}(i))\big)$, with $\ell$ the token NLL summed over each sequence (get_batch_loss), "
              r"equals $\frac{2}{\beta}\operatorname{mean}_i \log\big(1 + (\pi_\theta(y_i|x_i)/\pi_{\mathrm{ref}}"
              r"(y_i|x_i))^\beta\big)$ with $\pi$ the probability of the whole labelled sequence.",
    assumptions=(FORGET_SET, REF, r"$\beta > 0$",
                 r"labels $-100$ (question tokens, padding after the first end token) count for nothing; logits at "
                 r"position $t$ score the label at $t + 1$"),
    kind="identity",
    expected="proved",
    subject=F.released_npo_loss,
    origin="suite",
    notes="A conformance check of a numpy port of the released code against the paper's formula, evaluated at 30 "
          "digits from the product of the token probabilities (no logarithm of a sum of logs); sympy shows the "
          "logsigmoid form and the paper's form are one function. The token-mean variant (a per-token "
          "normalisation) is a different objective: it is a killed mutant.",
)
RELEASED_LOSS.mutant("token_mean_nll", r"the NPO loss fed the token-mean NLL $\ell/|y|$ of each sequence",
                     F.token_mean_npo_loss)
RELEASED_LOSS.mutant("no_causal_shift", r"logits at position $t$ scored against the label at $t$",
                     F.unshifted_npo_loss)
RELEASED_LOSS.mutant("mask_ignored", r"labels $-100$ scored as token 0", F.unmasked_npo_loss)
RELEASED_LOSS.mutant("ratio_sign_flipped", r"$\log\sigma\big(\beta(\ell_{\mathrm{ref}} - \ell_\theta)\big)$",
                     F.flipped_ratio_npo_loss)
RELEASED_LOSS.mutant("batch_sum", "a sum over the batch instead of the mean", F.batch_sum_npo_loss)
RELEASED_LOSS.mutant("one_over_beta", r"the factor $1/\beta$ instead of $2/\beta$", F.one_over_beta_npo_loss)

# -- P2 -----------------------------------------------------------------------------------------------

WEIGHT = Claim(
    id="npo.gradient_weight",
    paper=PAPER,
    location="P2: gradient of the NPO loss (reconstructed)",
    statement=r"$\nabla_\theta L_{\mathrm{NPO},\beta} = \mathbb{E}_{D_F}[W_\theta \nabla_\theta\log\pi_\theta(y|x)]$ "
              r"with $W_\theta = 2\pi_\theta^\beta/(\pi_\theta^\beta + \pi_{\mathrm{ref}}^\beta)$, i.e. "
              r"$\partial/\partial l$ of $\frac{2}{\beta}\log(1 + e^{\beta(l - r)})$ is "
              r"$2e^{\beta l}/(e^{\beta l} + e^{\beta r})$ with $l = \log\pi_\theta$, $r = \log\pi_{\mathrm{ref}}$.",
    assumptions=(FORGET_SET, REF, r"$\beta > 0$"),
    kind="identity",
    expected="proved",
    subject=F.npo_weight_float,
    notes=RECONSTRUCTED + r" Ground truth: $\partial/\partial l$ of the release's "
          r"$-\frac{2}{\beta}\log\sigma(\beta(r - l))$ by mpmath's numerical differentiation at 30 digits, and on a "
          r"token-level softmax model the complex-step gradient of the released loss.",
)
WEIGHT.mutant("ref_in_numerator", r"$W = 2\pi_{\mathrm{ref}}^\beta/(\pi_\theta^\beta + \pi_{\mathrm{ref}}^\beta)$",
              F.weight_float_ref_in_numerator, targets=("model_gradient_by_complex_step",))
WEIGHT.mutant("beta_outside_exponent", r"$W = 2\beta\pi_\theta/(\pi_\theta + \pi_{\mathrm{ref}})$",
              F.weight_float_beta_outside, targets=("matches_derivative_of_released_loss",))
WEIGHT.mutant("without_two", r"$W = \pi_\theta^\beta/(\pi_\theta^\beta + \pi_{\mathrm{ref}}^\beta)$",
              F.weight_float_without_two, targets=("matches_derivative_of_released_loss",))
WEIGHT.mutant("doubled_exponent", r"$W = 2\pi_\theta^{2\beta}/(\pi_\theta^{2\beta} + \pi_{\mathrm{ref}}^{2\beta})$",
              F.weight_float_doubled_exponent, targets=("matches_derivative_of_released_loss",))


def _weight_by_differentiation(digits: int, ell_theta: float, ell_ref: float, beta: float):
    """∂/∂l of the release's per-sample loss −(2/β) log σ(β(ℓ_θ − ℓ_ref)), ℓ = −l, by mpmath.diff; −log σ(x) is
    evaluated as log1p(e^{−x}), as F.logsigmoid does, so that no digit is lost where e^{−x} is tiny."""
    with mpmath.workdps(digits + 10):
        b, r = mpmath.mpf(beta), mpmath.mpf(ell_ref)

        def released(lp):
            nll_theta, nll_ref = -lp, -r
            return 2 / b * mpmath.log1p(mpmath.exp(-b * (nll_theta - nll_ref)))

        return mpmath.diff(released, mpmath.mpf(ell_theta))


@functools.lru_cache(maxsize=1024)
def _weight_float(ell_theta: float, ell_ref: float, beta: float) -> float:
    """The 30-digit derivative as a float, cached: mutant runs draw the same cases as the subject."""
    return float(_weight_by_differentiation(30, ell_theta, ell_ref, beta))


WEIGHT_RANGE = Claim(
    id="npo.gradient_weight_range",
    paper=PAPER,
    location="P2: the weight (reconstructed)",
    statement=r"$W_\theta \in (0, 2)$; $W_\theta = 1$ if and only if $\pi_\theta = \pi_{\mathrm{ref}}$; "
              r"$W_\theta \to 0$ as $\pi_\theta \to 0$ (at fixed $\pi_{\mathrm{ref}}$ and $\beta > 0$).",
    assumptions=(r"$\pi_\theta, \pi_{\mathrm{ref}} \in (0, 1]$", r"$\beta > 0$"),
    kind="inequality",
    expected="proved",
    subject=F.npo_weight_exact,
    notes=RECONSTRUCTED + r" Checked at 50 digits for $\log\pi$ down to $-10^4$; the bound $W \le 2(\pi_\theta/"
          r"\pi_{\mathrm{ref}})^\beta$ gives the rate of $W \to 0$.",
)
WEIGHT_RANGE.mutant("ref_in_numerator", r"$W = 2\pi_{\mathrm{ref}}^\beta/(\pi_\theta^\beta + \pi_{\mathrm{ref}}^\beta)$"
                    r" (tends to 2, not 0)", F.weight_exact_ref_in_numerator,
                    targets=("vanishes_as_probability_vanishes",))
WEIGHT_RANGE.mutant("beta_outside_exponent", r"$W = 2\beta\pi_\theta/(\pi_\theta + \pi_{\mathrm{ref}})$ (exceeds 2 "
                    r"for $\beta > 2$)", F.weight_exact_beta_outside, targets=("strictly_between_zero_and_two",))
WEIGHT_RANGE.mutant("without_two", r"$W = \pi_\theta^\beta/(\pi_\theta^\beta + \pi_{\mathrm{ref}}^\beta)$ "
                    r"($\frac{1}{2}$ at $\pi_\theta = \pi_{\mathrm{ref}}$)", F.weight_exact_without_two,
                    targets=("one_exactly_at_reference",))

# -- P3 -----------------------------------------------------------------------------------------------

SMALL_BETA_LIMIT = Claim(
    id="npo.small_beta_limit",
    paper=PAPER,
    location="P3: the β → 0 limit (reconstructed)",
    statement=r"As $\beta \to 0$, $L_{\mathrm{NPO},\beta} - \frac{2}{\beta}\log 2 \to \mathbb{E}_{D_F}[\log\pi_\theta"
              r"(y|x) - \log\pi_{\mathrm{ref}}(y|x)]$: NPO tends to gradient ascent's objective up to a constant.",
    assumptions=(FORGET_SET, REF, r"$L_{\mathrm{NPO},\beta} = \frac{2}{\beta}\mathbb{E}_{D_F}\log(1 + (\pi_\theta/"
                 r"\pi_{\mathrm{ref}})^\beta)$"),
    kind="limit",
    expected="proved",
    subject=F.SMALL_BETA_LIMIT,
    refined_by=None,
    notes=RECONSTRUCTED + r" The remainder is of first order in $\beta$ (npo.small_beta_remainder); the limit "
          r"is pointwise in the log-probabilities, not uniform: at fixed $\beta$ the remainder grows like $|u|$ as "
          r"$u = \log\pi_\theta - \log\pi_{\mathrm{ref}} \to -\infty$, the very direction unlearning drives $u$.",
)
SMALL_BETA_LIMIT.mutant("reference_dropped", r"the limit $\mathbb{E}[\log\pi_\theta]$ without the reference",
                        F.LIMIT_WITHOUT_REFERENCE)
SMALL_BETA_LIMIT.mutant("constant_halved", r"the constant $\frac{1}{\beta}\log 2$", F.LIMIT_CONSTANT_ONE_OVER_BETA)
SMALL_BETA_LIMIT.mutant("limit_doubled", r"the limit $2\mathbb{E}[\log\pi_\theta - \log\pi_{\mathrm{ref}}]$",
                        F.LIMIT_DOUBLED)

REMAINDER = Claim(
    id="npo.small_beta_remainder",
    paper=PAPER,
    location="P3: the order of the remainder (derived by this suite)",
    statement=r"Per sample, with $u = \log\pi_\theta - \log\pi_{\mathrm{ref}}$: $\frac{2}{\beta}\log(1 + e^{\beta u}) "
              r"- \frac{2}{\beta}\log 2 - u = \frac{2}{\beta}\log\cosh(\beta u/2)$, which lies in "
              r"$[\beta u^2/4 - \beta^3 u^4/96,\ \beta u^2/4]$: the remainder of the limit is "
              r"$\beta\,\mathbb{E}[u^2]/4 + O(\beta^3)$, of first order in $\beta$.",
    assumptions=(r"$\beta > 0$, $u \in \mathbb{R}$",),
    kind="inequality",
    expected="proved",
    subject=F.small_beta_remainder,
    origin="suite",
    notes="Ground truth: the difference evaluated from its definition at 40 digits; the bounds and the order at 40 "
          r"digits for $\beta$ from $10^{-8}$ to 5. The leading coefficient is npo.small_beta_coefficient.",
)


REMAINDER.mutant("second_order", r"a remainder of order $\beta^2$: $2\log\cosh(\beta u/2)$",
                 F.remainder_second_order, targets=("remainder_is_first_order",))
REMAINDER.mutant("full_argument", r"$\frac{2}{\beta}\log\cosh(\beta u)$ (the half dropped)", F.remainder_full_argument,
                 targets=("bounds_at_sixty_digits",))
REMAINDER.mutant("one_over_beta", r"$\frac{1}{\beta}\log\cosh(\beta u/2)$", F.remainder_one_over_beta,
                 targets=("equals_definition",))

COEFFICIENT = formula_claim(
    id="npo.small_beta_coefficient",
    paper=PAPER,
    location="P3: the leading term of the remainder (derived by this suite)",
    statement=r"$\lim_{\beta \to 0}\big(\frac{2}{\beta}\log(1 + e^{\beta u}) - \frac{2}{\beta}\log 2 - u\big)/\beta "
              r"= u^2/4$.",
    formula=F.SMALL_BETA_COEFFICIENT,
    truth=lambda u: _coefficient_float(u),
    truth_at_precision=lambda digits, u: _coefficient_by_differentiation(digits, u),
    expected="proved",
    origin="suite",
    examples=20,
    atol=1e-13,
    tolerance_reason=r"the coefficient $u^2/4$ vanishes at $u = 0$, where a relative tolerance alone would ask for "
                     r"more than float64 holds",
    notes=r"Ground truth: $g''(0)/2$ for $g(\beta) = 2\log(1 + e^{\beta u})$ by mpmath's numerical differentiation at "
          r"30 digits (the remainder divided by $\beta$ is $(g(\beta) - g(0) - \beta g'(0))/\beta^2$).",
)


def _coefficient_by_differentiation(digits: int, u: float):
    with mpmath.workdps(digits + 10):
        x = mpmath.mpf(u)
        return mpmath.diff(lambda b: 2 * mpmath.log(1 + mpmath.exp(b * x)), 0, 2) / 2


@functools.lru_cache(maxsize=1024)
def _coefficient_float(u: float) -> float:
    return float(_coefficient_by_differentiation(30, u))

# -- P8 -----------------------------------------------------------------------------------------------

GRAD_DIFF_LENGTHS = Claim(
    id="npo.grad_diff_length_scaling",
    paper=PAPER,
    location="P8: TOFU/dataloader.py (loss type npo_grad_diff), commit 1207bbe",
    statement=r"In the released npo_grad_diff, at $\theta = \theta_{\mathrm{ref}}$ the forget term's gradient is "
              r"$-\frac{1}{B}\sum_i \nabla\ell_\theta(i)$ with $\ell$ summed over the $|y_i|$ answer tokens, so it "
              r"grows in proportion to the forget answers' lengths, while the retain term (a token mean) does not "
              r"change when every retain answer is lengthened: the ratio of the two gradients is proportional to "
              r"the forget length and independent of the retain length.",
    assumptions=(r"npo_coeff $=$ grad_diff_coeff $= 1$ (forget.yaml)",
                 r"a position-independent (unigram) token model, so that repeating an answer $k$ times multiplies "
                 r"its summed NLL gradient by $k$"),
    kind="algorithm",
    expected="proved",
    subject=F.RELEASED_GRAD_DIFF_TERMS,
    origin="suite",
    notes=r"With the toy batch of answers of 5 and 50 tokens, the 50-token answer carries "
          r"{{forget_term_scales_with_length.fifty_over_five_token_answer:.6g}} times the gradient of the 5-token one "
          r"in the forget term (the token mean of the retain term also weighs every token alike); but the forget "
          r"term's overall scale is the mean answer length while the retain term's is 1: doubling every forget "
          r"answer multiplies the forget gradient by {{forget_term_scales_with_length.forget_ratio_when_doubled:.6g}}, "
          r"doubling every retain answer multiplies the retain gradient by "
          r"{{retain_term_is_length_free.retain_ratio_when_doubled:.6g}}.",
)
GRAD_DIFF_LENGTHS.mutant("forget_token_mean", "the forget term fed the token-mean NLL of each answer",
                         F.GradDiffTerms(F.token_mean_npo_loss, F.released_hf_loss))
GRAD_DIFF_LENGTHS.mutant("retain_summed", "the retain term summed over tokens (mean over answers)",
                         F.GradDiffTerms(F.released_npo_loss, F.summed_retain_loss))
