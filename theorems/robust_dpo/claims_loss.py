"""R1–R4 and R6: unbiasedness of rDPO (loss and gradient), the bias of cDPO, the gradient weight ζ, the curvature,
the variance under flips and the flip rates ε ≥ 1/2."""

from __future__ import annotations

import functools

import mpmath
import numpy as np

from claimkit import Claim, formula_claim

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("The paper body was not read: the wording is the specification's reconstruction from the abstract "
                 "and the released loss, not confirmed from the paper (theorem numbers and constants unknown). ")
SETUP = (r"$h = \log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - \log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}$, "
         r"$\ell(h) = -\log\sigma(\beta h)$, and the swapped pair's loss $\ell(-h)$")
RDPO = r"$\hat\ell_\epsilon(h) = \frac{(1-\epsilon)\ell(h) - \epsilon\ell(-h)}{1 - 2\epsilon}$"
FLIPS = r"the observed pair is the labelled one with probability $1 - \epsilon$ and swapped with probability $\epsilon$"

# float64 evaluation of the paper's form cancels terms of size up to β|h|/(1 − 2ε) ≤ 200/0.02 = 10⁴: an absolute
# error of about 10⁴ · 2.2e-16 · (a dozen operations) ≈ 3e-11; 1e-9 leaves 30× headroom, and every mutant is off by
# an amount of order ε·β|h| or more.
CANCEL_ATOL = 1e-9
CANCEL_REASON = (r"the paper's form cancels terms of size up to $\beta|h|/(1-2\epsilon) \le 10^4$ in float64 "
                 r"(absolute error about $3 \cdot 10^{-11}$); $10^{-9}$ leaves 30-fold headroom")
# a value that is exactly 0 at h = 0 (bias, variance) has a 30-digit ground truth of about 1e-28 there
ZERO_ATOL = 1e-20
ZERO_REASON = r"the value is exactly 0 at $h = 0$, where the 30-digit ground truth is only $10^{-28}$-accurate"


# -- R1 -----------------------------------------------------------------------------------------------------

UNBIASED = formula_claim(
    id="robust_dpo.unbiased_loss",
    paper=PAPER,
    location="abstract (“de-bias the effect of noise on average”); R1",
    statement=r"$\mathbb{E}_{flip}[\hat\ell_\epsilon] = (1-\epsilon)\hat\ell_\epsilon(h) + "
              r"\epsilon\hat\ell_\epsilon(-h) = \ell(h)$ for every $h$, $\beta > 0$ and $\epsilon < 1/2$.",
    formula=F.EXPECTED_RDPO,
    equals=F.sp_dpo(F.h),
    assumptions=(SETUP, RDPO, FLIPS),
    examples=10,
    mutant_limit=4,
    atol=CANCEL_ATOL,
    tolerance_reason=CANCEL_REASON,
    expected="proved",
    notes=RECONSTRUCTED + r"Since $\ell(-h) - \ell(h) = \beta h$, $\hat\ell_\epsilon(h) = \ell(h) - "
          r"\frac{\beta\epsilon h}{1 - 2\epsilon}$: rDPO is the DPO loss minus a term linear in $h$ whose flip "
          r"average, $\beta\epsilon h$ (as $\mathbb{E}_{flip}[\tilde h] = (1-2\epsilon)h$), cancels the flips' effect "
          r"on the DPO loss, $\mathbb{E}_{flip}[\ell(\tilde h)] = \ell(h) + \beta\epsilon h$, exactly.",
)
for _name, (_text, _loss) in F.EXPECTED_RDPO_MUTANTS.items():
    UNBIASED.mutant(_name, _text, F.EXPECTED_RDPO.with_expr(F.flip_expectation(_loss)))

UNBIASED_GRADIENT = formula_claim(
    id="robust_dpo.unbiased_gradient",
    paper=PAPER,
    location="R1 (the same for gradients)",
    statement=r"$\mathbb{E}_{flip}[\nabla_\theta\hat\ell_\epsilon] = \nabla_\theta\ell$: with "
              r"$\nabla\hat\ell_\epsilon(\pm h) = \mp\beta\zeta(\pm h)\nabla h$ this is "
              r"$(1-\epsilon)\zeta(h) - \epsilon\zeta(-h) = \sigma(-\beta h)$.",
    formula=F.EXPECTED_WEIGHT,
    equals=F.sp_sigmoid(-F.beta * F.h),
    assumptions=(SETUP, RDPO, FLIPS, r"$\zeta(h) = \frac{(1-\epsilon)\sigma(-\beta h) + "
                 r"\epsilon\sigma(\beta h)}{1-2\epsilon}$ (robust_dpo.gradient_weight)"),
    examples=10,
    mutant_limit=4,
    atol=1e-12,
    tolerance_reason=r"$\zeta \le 50$ is summed with weights below 1: float64 cancellation leaves about "
                     r"$10^{-14}$ absolute",
    expected="proved",
    notes=RECONSTRUCTED,
)
UNBIASED_GRADIENT.mutant("weight_without_factor", r"$\zeta$ without the factor $1/(1-2\epsilon)$",
                         F.EXPECTED_WEIGHT.with_expr((1 - F.eps) * F.sp_weight_no_factor(F.h)
                                                     - F.eps * F.sp_weight_no_factor(-F.h)))

# -- R2 -----------------------------------------------------------------------------------------------------

CDPO_BIAS = formula_claim(
    id="robust_dpo.cdpo_bias",
    paper=PAPER,
    location="R2 (cDPO, the label-smoothing heuristic, is biased)",
    statement=r"$\mathbb{E}_{flip}[\ell_{cDPO}] - \ell(h) = 2\epsilon(1-\epsilon)\beta h$, where "
              r"$\ell_{cDPO}(h) = (1-\epsilon)\ell(h) + \epsilon\ell(-h)$: nonzero for every $h \ne 0$, "
              r"$\epsilon \in (0, 1/2)$.",
    formula=F.CDPO_BIAS,
    equals=F.flip_expectation(F.sp_cdpo) - F.sp_dpo(F.h),
    assumptions=(SETUP, FLIPS),
    examples=10,
    mutant_limit=4,
    atol=ZERO_ATOL,
    tolerance_reason=ZERO_REASON,
    expected="proved",
    notes=RECONSTRUCTED + r"The size of the bias is the suite's derivation: it grows linearly in the margin, so cDPO "
          r"penalises confident margins in either direction, whereas rDPO's flip average is the clean loss.",
)

CDPO_MINIMISER = formula_claim(
    id="robust_dpo.cdpo_minimiser",
    paper=PAPER,
    location="R2 (per-sample minimiser of cDPO)",
    statement=r"For $\epsilon \in (0, 1/2)$, $\ell_{cDPO}(h)$ has the unique minimiser "
              r"$h^* = \frac{1}{\beta}\log\frac{1-\epsilon}{\epsilon}$, whereas $\ell(h)$ (clean DPO) and "
              r"$\hat\ell_\epsilon(h)$ (rDPO) decrease strictly in $h$ and have none.",
    formula=F.CDPO_MINIMISER,
    truth=lambda epsilon, beta: float(_cdpo_root(20, epsilon, beta)),
    truth_at_precision=lambda digits, epsilon, beta: _cdpo_root(digits, epsilon, beta),
    assumptions=(SETUP,),
    examples=8,
    mutant_limit=4,
    origin="suite",
    expected="proved",
    notes=r"cDPO stops pushing a pair once its margin reaches $h^*$, which is how it tempers flipped labels, at the "
          r"price of the bias of robust_dpo.cdpo_bias. The ground truth is a root of $d\ell_{cDPO}/dh$ found by "
          r"bisection at 20 and 50 digits on the sign of the loss's derivative.",
)


@functools.lru_cache(maxsize=1024)
def _cdpo_root(digits, epsilon, beta):
    """The stationary point of the cDPO loss: bisection on the sign of its slope
    −β(1 − ε)σ(−βh) + βεσ(βh) (the derivative of the loss term by term), which increases strictly from −β(1 − ε) to
    βε; the bracket [−60/β, 60/β] holds the root for ε ≥ 0.001."""
    with mpmath.workdps(digits + 10):
        e, b = mpmath.mpf(epsilon), mpmath.mpf(beta)
        lo, hi = mpmath.mpf(-60) / b, mpmath.mpf(60) / b
        for _ in range(int(3.33 * digits) + 12):
            mid = (lo + hi) / 2
            if -b * (1 - e) / (1 + mpmath.exp(b * mid)) + b * e / (1 + mpmath.exp(-b * mid)) > 0:
                hi = mid
            else:
                lo = mid
        return (lo + hi) / 2


# -- R3 -----------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _weight_by_complex_step(h, epsilon, beta):
    """−(1/β) dℓ̂_ε/dh by the complex step of the paper's form."""
    step = 1e-30
    z = complex(h, step)
    val = ((1 - epsilon) * np.log(1 + np.exp(-beta * z)) - epsilon * np.log(1 + np.exp(beta * z))) / (1 - 2 * epsilon)
    return -val.imag / step / beta


def _weight_at_precision(digits, h, epsilon, beta):
    with mpmath.workdps(digits + 10):
        e, b = mpmath.mpf(epsilon), mpmath.mpf(beta)
        return -mpmath.diff(lambda t: F.rdpo(t, e, b), mpmath.mpf(h)) / b


GRADIENT_WEIGHT = formula_claim(
    id="robust_dpo.gradient_weight",
    paper=PAPER,
    location="R3 (the gradient of rDPO)",
    statement=r"$\frac{d\hat\ell_\epsilon}{dh} = -\beta\zeta$ with "
              r"$\zeta(h, \epsilon) = \frac{(1-\epsilon)\sigma(-\beta h) + \epsilon\sigma(\beta h)}{1 - 2\epsilon}$.",
    formula=F.WEIGHT,
    truth=_weight_by_complex_step,
    truth_at_precision=_weight_at_precision,
    assumptions=(SETUP, RDPO),
    examples=10,
    mutant_limit=4,
    expected="proved",
    notes=RECONSTRUCTED + r"Ground truth: the complex-step derivative of the paper's form of the loss.",
)
GRADIENT_WEIGHT.mutant("weight_without_factor", r"$\zeta$ without the factor $1/(1-2\epsilon)$",
                       F.WEIGHT.with_expr(F.sp_weight_no_factor(F.h)))


@functools.lru_cache(maxsize=256)
def _infimum_by_limit(epsilon):
    return float(_infimum_at_precision(20, epsilon))


def _infimum_at_precision(digits, epsilon):
    """−(1/β) dℓ̂_ε/dh at h = 10⁴ (β = 1) by mpmath: σ(−10⁴) ≈ e^{−10⁴} is below any precision used."""
    with mpmath.workdps(digits + 10):
        e = mpmath.mpf(epsilon)
        return -mpmath.diff(lambda t: F.rdpo(t, e, mpmath.mpf(1)), mpmath.mpf(10) ** 4)


WEIGHT_INFIMUM = formula_claim(
    id="robust_dpo.gradient_weight_infimum",
    paper=PAPER,
    location="R3 (sign and infimum of ζ)",
    statement=r"$\zeta$ decreases strictly in $h$ and $\inf_h \zeta(h, \epsilon) = "
              r"\lim_{h\to\infty}\zeta = \frac{\epsilon}{1-2\epsilon}$ (not attained): $\zeta > 0$ for every "
              r"$h$ and $\epsilon \in [0, 1/2)$, and bounded away from 0 when $\epsilon > 0$.",
    formula=F.WEIGHT_INFIMUM,
    truth=_infimum_by_limit,
    truth_at_precision=_infimum_at_precision,
    assumptions=(SETUP, RDPO),
    examples=6,
    mutant_limit=4,
    origin="suite",
    expected="proved",
    notes=r"A positive floor on the weight means the rDPO gradient never vanishes: every pair is pushed forever "
          r"towards a larger margin (see robust_dpo.unconstrained_minimiser). Clean DPO ($\epsilon = 0$) has "
          r"infimum 0.",
)

# -- R4 -----------------------------------------------------------------------------------------------------

CURVATURE = Claim(
    id="robust_dpo.same_curvature",
    paper=PAPER,
    location="R4",
    statement=r"$\frac{d^2\hat\ell_\epsilon}{dh^2} = \frac{d^2\ell}{dh^2} = \beta^2\sigma(\beta h)\sigma(-\beta h) "
              r"> 0$: $\hat\ell_\epsilon$ is convex in $h$ with the curvature of the clean DPO loss.",
    assumptions=(SETUP, RDPO, r"$\epsilon \in [0, 1/2)$"),
    kind="identity",
    expected="proved",
    subject=F.rdpo,
    notes=RECONSTRUCTED + r"$\hat\ell_\epsilon - \ell$ is linear in $h$. The check compares mpmath's second "
          r"derivative of the subject with that of the clean loss (another function) and float64 second differences "
          r"with the closed form $\beta^2\sigma\sigma'$.",
)
CURVATURE.mutant("divided_by_one_minus_eps", r"divided by $1 - \epsilon$", F.rdpo_divided_by_one_minus_eps,
                 targets=("second_derivative_at_thirty_digits",))
CURVATURE.mutant("eps_term_added", r"the $\epsilon$-term added", F.rdpo_eps_term_added,
                 targets=("convex_by_second_differences",))
CURVATURE.mutant("roles_swapped", r"$\epsilon$ and $1 - \epsilon$ swapped (concave)", F.rdpo_roles_swapped,
                 targets=("convex_by_second_differences",))

# -- R6 -----------------------------------------------------------------------------------------------------

VARIANCE = formula_claim(
    id="robust_dpo.flip_variance",
    paper=PAPER,
    location="R6 (variance of the rDPO loss under flips)",
    statement=r"$\mathrm{Var}_{flip}[\hat\ell_\epsilon] = \frac{\epsilon(1-\epsilon)\beta^2h^2}{(1-2\epsilon)^2}$: "
              r"it grows like $(1 - 2\epsilon)^{-2}$ as $\epsilon \to 1/2$.",
    formula=F.FLIP_VARIANCE,
    equals=(1 - F.eps) * F.sp_rdpo(F.h) ** 2 + F.eps * F.sp_rdpo(-F.h) ** 2 - F.flip_expectation(F.sp_rdpo) ** 2,
    assumptions=(SETUP, RDPO, FLIPS),
    examples=10,
    mutant_limit=4,
    atol=ZERO_ATOL,
    tolerance_reason=ZERO_REASON,
    origin="suite",
    expected="proved",
    notes=r"The price of unbiasedness: the flip variance, and so the $1/(1-2\epsilon)$ factor of the abstract's rate "
          r"in the standard deviation. At $\epsilon = 1/2$ the loss is undefined (a division by 0) — see "
          r"robust_dpo.unbiased_beyond_half for $\epsilon > 1/2$.",
)

BEYOND_HALF = formula_claim(
    id="robust_dpo.unbiased_beyond_half",
    paper=PAPER,
    location="R6 (flip rates above 1/2; the abstract assumes $\\epsilon < 1/2$)",
    statement=r"The identity $(1-\epsilon)\hat\ell_\epsilon(h) + \epsilon\hat\ell_\epsilon(-h) = \ell(h)$ also holds "
              r"for $\epsilon \in (1/2, 1]$: it needs only $\epsilon \ne 1/2$.",
    formula=F.EXPECTED_RDPO_BEYOND_HALF,
    equals=F.sp_dpo(F.h),
    assumptions=(SETUP, RDPO, FLIPS),
    examples=8,
    mutant_limit=3,
    atol=CANCEL_ATOL,
    tolerance_reason=r"the same cancellation as robust_dpo.unbiased_loss: $\beta|h|/|1-2\epsilon| \le 10^4$ "
                     r"away from $\epsilon = 1/2$ (the domain starts at $0.51$)",
    origin="suite",
    expected="proved",
    notes=r"Above $1/2$ the loss stays unbiased and convex, but $1 - 2\epsilon < 0$ reverses the gradient weight "
          r"(the loss then rewards the observed loser, which is the right call when most labels are flipped). The "
          r"restriction $\epsilon < 1/2$ is about identifiability and the rate, not about the unbiasedness algebra.",
)

CDPO_BIAS.mutant("factor_two_dropped", r"$\epsilon(1-\epsilon)\beta h$: the factor 2 dropped",
                 F.CDPO_BIAS.with_expr(F.eps * (1 - F.eps) * F.beta * F.h))
CDPO_BIAS.mutant("one_flip_only", r"$\epsilon\beta h$: the smoothing's own bias without the flips'",
                 F.CDPO_BIAS.with_expr(F.eps * F.beta * F.h))
VARIANCE.mutant("unsquared_denominator", r"$\frac{\epsilon(1-\epsilon)\beta^2h^2}{1-2\epsilon}$",
                F.FLIP_VARIANCE.with_expr(F.eps * (1 - F.eps) * F.beta**2 * F.h**2 / (1 - 2 * F.eps)))
