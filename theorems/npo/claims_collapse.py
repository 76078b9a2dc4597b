"""The claims about how fast unlearning collapses: P4 (the one-parameter model, its laws and the asymptote of
θ_t under NPO) and P5 (the steps to reach log π_θ ≤ −M, "exponentially slower", and where that holds).

The model: π_θ = σ(θ) is the probability of the forget sample, π_ref = 1/2, gradient descent with step η
from θ₀ = 2. GA minimises log σ(θ) (gradient σ(−θ)); NPO minimises (2/β) log(1 + (2σ(θ))^β) (gradient
W(θ)σ(−θ), W = 2(2σ)^β/(1 + (2σ)^β)).
"""

from __future__ import annotations

import functools

import mpmath

from claimkit import Claim, formula_claim

from . import formulas as F
from .paper import PAPER

MODEL = (r"$\pi_\theta = \sigma(\theta)$ (the probability of the forget sample), $\pi_{\mathrm{ref}} = \frac{1}{2}$, "
         r"gradient descent with step $\eta$ from $\theta_0 = 2$")
GA_DEF = r"GA: $\theta_{t+1} = \theta_t - \eta\,\partial_\theta\log\sigma(\theta_t)$"
NPO_DEF = (r"NPO: $\theta_{t+1} = \theta_t - \eta\,\partial_\theta\frac{2}{\beta}\log\big(1 + (\sigma(\theta_t)/"
           r"\pi_{\mathrm{ref}})^\beta\big)$")
RECONSTRUCTED = ("The one-parameter model and the wording are the specification's reconstruction (the paper body was "
                 "not read).")

# -- P4 -----------------------------------------------------------------------------------------------

COLLAPSE_LAWS = Claim(
    id="npo.collapse_laws",
    paper=PAPER,
    location="P4: abstract ('exponentially slower'), the one-parameter model (reconstructed)",
    statement=r"GA drives $\log\pi_{\theta_t}$ to $-\infty$ linearly in $t$ ($\log\pi_{\theta_t} = -\eta t + O(1)$); "
              r"NPO only like $-\frac{1}{\beta}\log t$ ($\log\pi_{\theta_t} = -\frac{1}{\beta}\log t + O(1)$).",
    assumptions=(MODEL, GA_DEF, NPO_DEF, r"$\beta > 0$, $\eta > 0$"),
    kind="limit",
    expected="proved",
    subject=F.COLLAPSE_LAWS,
    notes=RECONSTRUCTED + r" Measured on the float64 iteration (log-sigmoid forms) for $\beta \in \{0.1, 0.5, 1\}$, "
          r"$\eta \in \{0.25, 1\}$, and on the gradient flow solved by scipy's LSODA up to $t = 10^6$ (GA: the "
          r"flow's closed form $\theta + e^{\theta} = \theta_0 + e^{\theta_0} - \eta t$).",
)
COLLAPSE_LAWS.mutant("npo_without_one_over_beta", r"NPO like $-\log t$ (the $1/\beta$ missing)",
                     F.LAWS_NPO_WITHOUT_ONE_OVER_BETA)
COLLAPSE_LAWS.mutant("npo_linear", r"NPO linear too, $-\beta t$", F.LAWS_NPO_LINEAR)
COLLAPSE_LAWS.mutant("ga_logarithmic", r"GA like $-\frac{1}{\eta}\log t$", F.LAWS_GA_LOGARITHMIC)
COLLAPSE_LAWS.mutant("ga_half_rate", r"GA at rate $\eta/2$", F.LAWS_GA_HALF_RATE)

ASYMPTOTE = Claim(
    id="npo.collapse_asymptote",
    paper=PAPER,
    location="P4: the asymptote of θ_t under NPO (derived by this suite)",
    statement=r"Under NPO, $\theta_t = -\frac{1}{\beta}\log(\beta\,2^{\beta+1}\eta t) + o(1)$ as $t \to \infty$: "
              r"$e^{-\beta\theta_t}$ grows like $c\,\eta t$ with $c = \beta\,2^{\beta+1}$ "
              r"($c = 2\beta/\pi_{\mathrm{ref}}^\beta$ for a general reference probability).",
    assumptions=(MODEL, NPO_DEF, r"$\beta > 0$, $\eta > 0$"),
    kind="limit",
    expected="proved",
    subject=F.npo_asymptote,
    origin="suite",
    notes=r"As $\theta \to -\infty$ the NPO gradient is "
          r"$2^{\beta+1}e^{\beta\theta}(1 + O(e^{\theta} + e^{\beta\theta}))$, "
          r"so $\frac{d}{dt}e^{-\beta\theta} \to c\eta$. The $o(1)$ decays like $\log t/t$ for $\beta < 1$ and like "
          r"$t^{-1/\beta}$ for $\beta > 1$ (from the $e^{\theta}$ correction), slowly for large $\beta$.",
)
ASYMPTOTE.mutant("half_constant", r"$-\frac{1}{\beta}\log(\beta\,2^{\beta}\eta t)$ (a factor 2 lost inside the log)",
                 F.asymptote_half_constant, targets=("flow_reaches_the_asymptote_on_time",))
ASYMPTOTE.mutant("without_beta_factor", r"$-\frac{1}{\beta}\log(2^{\beta+1}\eta t)$", F.asymptote_without_beta_factor,
                 targets=("iteration_grows_at_the_rate",))
ASYMPTOTE.mutant("without_one_over_beta", r"$-\log(\beta\,2^{\beta+1}\eta t)$ (the $1/\beta$ missing)",
                 F.asymptote_without_one_over_beta, targets=("iteration_grows_at_the_rate",))

RATE = formula_claim(
    id="npo.collapse_rate_constant",
    paper=PAPER,
    location="P4: the constant of the asymptote (derived by this suite)",
    statement=r"$c(\beta) = \lim_{\theta \to -\infty} \beta\, e^{-\beta\theta}\,\partial_\theta L_{\mathrm{NPO},\beta}"
              r"(\theta) = \beta\,2^{\beta+1}$ for $\pi_\theta = \sigma(\theta)$, $\pi_{\mathrm{ref}} = \frac{1}{2}$.",
    formula=F.COLLAPSE_RATE,
    truth=lambda beta: _rate_float(beta),
    truth_at_precision=lambda digits, beta: _rate_by_differentiation(digits, beta),
    expected="proved",
    origin="suite",
    examples=15,
    notes=r"Ground truth: $\beta e^{-\beta\theta}\partial_\theta L$ at $\theta = -(40 + 40/\beta)$, the "
          r"derivative of the "
          r"loss by mpmath's numerical differentiation at 30 digits (the neglected terms are below $e^{-40}$).",
)


def _rate_by_differentiation(digits: int, beta: float):
    """β e^{−βθ} ∂_θ (2/β) log(1 + (2σ(θ))^β) at θ = −(40 + 40/β), by mpmath.diff."""
    with mpmath.workdps(digits + 10):
        b = mpmath.mpf(beta)
        theta = -(40 + 40 / b)

        def loss(x):
            return 2 / b * mpmath.log1p((2 / (1 + mpmath.exp(-x))) ** b)

        return b * mpmath.exp(-b * theta) * mpmath.diff(loss, theta)


@functools.lru_cache(maxsize=256)
def _rate_float(beta: float) -> float:
    return float(_rate_by_differentiation(30, beta))


# -- P5 -----------------------------------------------------------------------------------------------

STEPS = Claim(
    id="npo.collapse_steps_exponential",
    paper=PAPER,
    location="P5: abstract ('exponentially slower than GA'), reconstructed",
    statement=r"The number of steps to reach $\log\pi_\theta \le -M$ grows like $\Theta(M)$ under GA and like "
              r"$e^{\beta M}$ under NPO: NPO's progression toward collapse is exponentially slower.",
    assumptions=(MODEL, GA_DEF, NPO_DEF, r"$\beta > 0$ and $\eta > 0$ fixed, $M \to \infty$"),
    kind="limit",
    expected="proved",
    subject=F.STEP_LAWS,
    notes=RECONSTRUCTED + r" Measured: $\log N_{\mathrm{NPO}}(M)$ against $M$ has slope $\beta$ (fits with standard "
          r"errors on the float64 iteration for $\beta M \in [3, 5.5]$, and the flow's exact time from quadrature "
          r"at $\beta M \in [20, 30]$), and $N_{\mathrm{GA}}(M)$ has slope $1/\eta$. The exponential law needs "
          r"$\beta M \gtrsim 1$: npo.collapse_steps_uniform_in_beta and npo.collapse_steps_regimes.",
)
STEPS.mutant("npo_without_beta", r"NPO like $e^{M}$ (the $\beta$ missing from the exponent)",
             F.STEPS_WITHOUT_BETA_IN_EXPONENT, targets=("iteration_counts_fit_the_laws",))  # e^M overflows at M = 30/β
STEPS.mutant("npo_half_exponent", r"NPO like $e^{\beta M/2}$", F.STEPS_HALF_EXPONENT)
STEPS.mutant("npo_linear", r"NPO linear in $M$ (no exponential slow-down)", F.STEPS_NPO_LINEAR)
STEPS.mutant("ga_quadratic", r"GA like $M^2$", F.STEPS_GA_QUADRATIC)

REGIMES = Claim(
    id="npo.collapse_steps_regimes",
    paper=PAPER,
    location="P5: for which β, η, M the exponential law holds (derived by this suite)",
    statement=r"For $\beta \in (0, 1]$, $\eta \in [\frac{1}{4}, 1]$, $M \in [20, 60]$ with $\beta M \le 6$: the NPO "
              r"step count is within a factor 2 of $e^{\beta M}/(2^{\beta+1}\beta\eta)$ when $\beta M \ge 1$, "
              r"and within 10% of the GA step count when $\beta M \le 0.05$. The exponential slow-down, and with "
              r"it NPO's advantage over GA, needs $M \gtrsim 1/\beta$.",
    assumptions=(MODEL, GA_DEF, NPO_DEF),
    kind="algorithm",
    expected="supported",
    subject=F.STEP_REGIMES,
    origin="suite",
    notes=r"From the flow's time: $N_{\mathrm{NPO}} \approx \frac{1}{2\eta}\big(M + 2^{-\beta}(e^{\beta M} - 1)/\beta"
          r"\big)$ plus lower-order terms, a function of $\beta M$ up to $2^{-\beta}$: GA's count $M/\eta$ when "
          r"$\beta M \to 0$, the exponential law when $\beta M \to \infty$. The smallest margins of both regimes are "
          "shown with the check.",
)
REGIMES.mutant("law_from_a_tenth", r"the exponential law within a factor 2 already at $\beta M \ge 0.1$",
               F.StepRegimes(0.1, 2.0, 0.05, 0.1))
REGIMES.mutant("ga_like_to_one", r"NPO counts as GA up to $\beta M = 1$", F.StepRegimes(1.0, 2.0, 1.0, 0.1))
REGIMES.mutant("law_within_ten_percent", r"the exponential law within 10% at $\beta M \ge 1$",
               F.StepRegimes(1.0, 1.1, 0.05, 0.1))

UNIFORM = Claim(
    id="npo.collapse_steps_uniform_in_beta",
    paper=PAPER,
    location="P5: 'exponentially slower', read as uniform in β (this suite's reading)",
    statement=r"The exponential law is uniform in $\beta$: for every $\beta \in (0, 1]$, "
              r"$\eta \in [\frac{1}{4}, 1]$ and "
              r"$M \ge 20$, the NPO step count to reach $\log\pi_\theta \le -M$ is within a factor 2 of "
              r"$e^{\beta M}/(2^{\beta+1}\beta\eta)$.",
    assumptions=(MODEL, NPO_DEF),
    kind="algorithm",
    expected="conditional",
    subject=F.UNIFORM_READING,
    origin="suite",
    refined_by="npo.collapse_steps_regimes",
    notes=r"False as $\beta \to 0$ at fixed $M$: NPO tends to GA (npo.small_beta_limit) and needs about $M/\eta$ "
          r"steps, "
          r"while $e^{\beta M}/(2^{\beta+1}\beta\eta) \approx 1/(2\beta\eta)$ grows without bound. The witness is a "
          r"small $\beta$ at $M = 20$; the law holds within a factor 2 once $\beta M \ge 1$ "
          r"(npo.collapse_steps_regimes).",
)
