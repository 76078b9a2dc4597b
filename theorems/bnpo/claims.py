"""BNPO claims: statements V1–V9 as Claim declarations, with their mutants attached, and the claims that
the library's functions compute what the paper and the release define.

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864). The paper body
was not available; the statements come from the abstract, the released code
(``compute_bnpo_outcome_advantage``) and derivation, and each claim's location says which. Every
statement the suite adds (a refinement named by ``refined_by``, a corrected estimator, the library's
conformance to the paper and the release) has ``origin="suite"``. The paper asserts each of its
statements (no statement here is one the paper denies).
"""

from __future__ import annotations

import math

import sympy as sp

from claimkit import Claim, formula_claim

from ...checks.bnpo.numerics import stationary_point, stationary_point_at_precision
from . import formulas as F
from .formulas import (
    _corrected_population_variance,
    _correction_over_g,
    _density_exponents_alpha,
    _density_swapped,
    _density_unnormalised,
    _float_zero_variance,
    _grpo_batch_mean,
    _grpo_ignores_eps,
    _grpo_std_swapped,
    _grpo_variance,
    _limit_factor_g_over_g_minus_one,
    _limit_swapped,
    _match_data,
    _moments_missing_minus_one,
    _moments_swapped,
    _moments_variance_as_std,
    _no_clamp,
    _objective_anchored_at_one,
    _objective_divide_by_sqrt_density,
    _objective_multiply_by_density,
    _off_by_one,
    _one_plus_a,
    _parameters_half,
    _parameters_no_clamp,
    _parameters_swapped,
    _release_ieee_advantages,
    _released_biased_variance,
    _released_cap_1e5,
    _released_divide_by_sqrt_density,
    _released_multiply_by_density,
    _released_no_one_plus,
    _released_over_responses,
    _released_record_swapped,
    _released_swapped,
    _second_moment_divide_by_sqrt_density,
    _second_moment_multiply_by_density,
    _sum_not_mean,
    _summed_reward,
    _uncapped_division,
    _uncorrected_fit,
    _weight_density,
    _weight_fixed_cap,
    _weight_uncapped,
    moments_recover_truth,
    success_rate_objective,
)
from .library import (
    beta_density,
    bnpo_advantages,
    bnpo_decomposed_advantages,
    bnpo_parameters,
    bnpo_weight,
    corrected_moments_fit,
    grpo_advantages,
    method_of_moments,
    moments_limit,
    optimal_parameters,
    transformed_objective,
)
from .paper import PAPER

RELEASE = "released code, compute_bnpo_outcome_advantage"
LIBRARY = "the suite's library (theorems/bnpo/library.py)"

V1_ASSUMPTIONS = (
    r"$p(q) \sim \operatorname{Beta}(a, b)$ across questions, $a, b > 0$",
    r"$R \sim \operatorname{Bernoulli}(p(q))$ given $q$",
    r"exact baseline $p(q)$ (not the group mean $\hat p$)",
    r"score $s = \nabla \log \pi$ independent of $(R, q)$, $\mathbb{E} s = 0$, "
    r"$\mathbb{E}\lVert s\rVert^2 = \sigma_s^2$",
)


# ------------------------------------------------------------------------------------------------
# V1, V2: the second moment and its optimum
# ------------------------------------------------------------------------------------------------


def _euler_beta(x: sp.Expr, y: sp.Expr) -> sp.Expr:
    """Euler's B(x, y) = Γ(x)Γ(y)/Γ(x + y)."""
    return sp.gamma(x) * sp.gamma(y) / sp.gamma(x + y)


def _finite_and_conditioned(a: float, b: float, α: float, β: float) -> bool:
    """V1's finite region α < (a+3)/2, β < (b+3)/2, less its last 10⁻³ (relative) before the edge."""
    return α <= (1 - 1e-3) * (a + 3) / 2 and β <= (1 - 1e-3) * (b + 3) / 2


SECOND_MOMENT = formula_claim(
    id="bnpo.second_moment",
    paper=PAPER,
    location="derivation (setup of the variance analysis; abstract: 'reduces the variance')",
    statement=r"$\mathbb{E}\lVert g\rVert^2 = \sigma_s^2\,\mathbb{E}_p[p(1-p)/f_N(p;\alpha,\beta)^2] "
              r"= \sigma_s^2\,B(\alpha,\beta)^2\,B(a+3-2\alpha,\, b+3-2\beta)/B(a, b)$, finite iff "
              r"$\alpha < (a+3)/2$ and $\beta < (b+3)/2$.",
    assumptions=(*V1_ASSUMPTIONS,
                 r"$\alpha < (a+3)/2$ and $\beta < (b+3)/2$ for the value; the float64 comparison draws "
                 r"$\alpha \leq (1 - 10^{-3})(a+3)/2$ and $\beta \leq (1 - 10^{-3})(b+3)/2$: nearer the edge "
                 r"$a + 3 - 2\alpha$ keeps too few digits in float64"),
    formula=F.SECOND_MOMENT,
    # the same moment in Gamma functions, evaluated by mpmath at 30 digits
    equals=(_euler_beta(F.al, F.be) ** 2 * _euler_beta(F.a + 3 - 2 * F.al, F.b + 3 - 2 * F.be)
            / _euler_beta(F.a, F.b)),
    condition=_finite_and_conditioned,
    mutant_limit=64,  # every one of the expression tree's 34
    expected="proved",
    notes=r"Holds as stated: sympy reduces the integrand to a Beta integral; scipy and mpmath quadrature, the "
          r"divergence past the boundary and a $10^6$-sample Monte Carlo agree (the last drawn case sits "
          r"{{monte_carlo_independent_score.z:.2f}} standard errors from the closed form).",
)
# B(α, β) not squared: the generated exponent_halved_2
SECOND_MOMENT.mutant("exponent_off_by_one",
                     r"$B(a+2-2\alpha, b+2-2\beta)$ in place of $B(a+3-2\alpha, b+3-2\beta)$", _off_by_one,
                     targets=("closed_form_matches_scipy_quadrature", "monte_carlo_independent_score"))
SECOND_MOMENT.mutant(
    "multiply_by_density", r"$A = (R - p)\,f_N$ (multiplying instead of dividing)",
    _second_moment_multiply_by_density,
    targets=("closed_form_matches_scipy_quadrature", "diverges_past_the_boundary"))
SECOND_MOMENT.mutant(
    "divide_by_sqrt_density", r"$A = (R - p)/\sqrt{f_N}$",
    _second_moment_divide_by_sqrt_density,
    targets=("closed_form_matches_mpmath_quadrature", "diverges_past_the_boundary"))

OPTIMUM = formula_claim(
    id="bnpo.optimal_parameters",
    paper=PAPER,
    location="derivation; released code step 4 (alpha = 1 + a/3)",
    statement=r"The second moment of V1 is minimised at $\alpha = 1 + a/3$, $\beta = 1 + b/3$ (the code's "
              r"choice), this is the global minimum, and the minimum is $B(1+a/3,\, 1+b/3)^3/B(a, b)$.",
    assumptions=V1_ASSUMPTIONS,
    formula=F.OPTIMAL_ALPHA,
    # Newton's method on the digamma gradient of V1's log M, from (1, 1): the minimiser's α
    truth=lambda a, b: stationary_point(a, b)[0],
    truth_at_precision=lambda digits, a, b: stationary_point_at_precision(digits, a, b)[0],
    expected="proved",
    notes=r"Holds: the digamma gradient vanishes there and $\log M$ is convex (log-convexity of the Beta "
          r"function), so the stationary point is the global minimum; numerical minimisation agrees.",
)
# α* = a/3 and the roles of a and b swapped: the generated term_dropped_1 and symbols_swapped_1
OPTIMUM.mutant("one_plus_half", r"$\alpha^* = 1 + a/2$, $\beta^* = 1 + b/2$", F.optimum_variant(1 + F.a / 2))
OPTIMUM.mutant("match_data", r"$\alpha^* = a$, $\beta^* = b$ (match the data distribution)", F.optimum_variant(F.a))
OPTIMUM.mutant("square_not_cube", r"minimum $B(1+a/3, 1+b/3)^2/B(a, b)$",
               F.optimum_variant(1 + F.a / 3, F.beta(1 + F.a / 3, 1 + F.b / 3) ** 2 / F.beta(F.a, F.b)),
               targets=("numerical_minimiser_agrees", "minimum_value_matches_quadrature", "equality_cases"))


# ------------------------------------------------------------------------------------------------
# V3: variance reduction
# ------------------------------------------------------------------------------------------------

VARIANCE_INDEPENDENT = Claim(
    id="bnpo.variance_reduction_independent_score",
    paper=PAPER,
    location="V3 under V1's assumptions (derivation)",
    statement=r"When the score is independent of the reward (V1's assumptions), $\mathbb{E} g = 0$ and BNPO at "
              r"$\alpha^* = 1 + a/3$, $\beta^* = 1 + b/3$ has a gradient variance no larger than REINFORCE with "
              r"baseline ($\sigma_s^2\,ab/((a+b)(a+b+1))$) and strictly smaller than GRPO with population std "
              r"($\sigma_s^2$).",
    assumptions=V1_ASSUMPTIONS,
    kind="inequality",
    expected="proved",
    subject=optimal_parameters,
    notes=r"Holds, but only as a statement about a family whose members differ by scale: with $\mathbb{E} g = 0$ "
          r"the scale-free measure $\operatorname{tr}\operatorname{Cov}(g)/\lVert\mathbb{E} g\rVert^2$ is "
          r"undefined, and GRPO is $\mathrm{BNPO}(3/2, 3/2)$ times $8/\pi$.",
    origin="suite",
)
VARIANCE_INDEPENDENT.mutant("match_data", r"$\alpha^* = a$, $\beta^* = b$", _match_data,
                            targets=("quadrature_second_moments",))
VARIANCE_INDEPENDENT.mutant("one_plus_a", r"$\alpha^* = 1 + a$, $\beta^* = 1 + b$", _one_plus_a)

VARIANCE = Claim(
    id="bnpo.variance_reduction",
    paper=PAPER,
    location="abstract ('BNPO ... reduces the variance of policy gradient estimation'), V3",
    statement=r"BNPO with its optimal parameters $\alpha^* = 1 + a/3$, $\beta^* = 1 + b/3$ has lower gradient "
              r"variance than REINFORCE (with baseline) and GRPO.",
    assumptions=(r"$p \sim \operatorname{Beta}(a, b)$, $R \sim \operatorname{Bernoulli}(p)$, exact baseline $p$",
                 r"any policy: in particular a Bernoulli-logit policy $\pi(\text{correct} \mid q) = "
                 r"\sigma(\theta\cdot x_q)$, whose score $(R - p)\,x_q$ is correlated with the reward"),
    kind="inequality",
    expected="conditional",
    subject=optimal_parameters,
    refined_by="bnpo.variance_reduction_independent_score",
    notes=r"False in general: with a Bernoulli-logit policy (score correlated with $R$), uniform difficulty "
          r"$a = b = 1$ gives BNPO a larger variance than REINFORCE, raw "
          r"({{uniform_difficulty_bernoulli_logit.raw_variance_bnpo:.4g}} against "
          r"{{uniform_difficulty_bernoulli_logit.raw_variance_reinforce:.4g}}) and scale-free "
          r"($\operatorname{tr}\operatorname{Cov}(g)/\lVert\mathbb{E} g\rVert^2$ = "
          r"{{uniform_difficulty_bernoulli_logit.relative_variance_bnpo:.3g}} against "
          r"{{uniform_difficulty_bernoulli_logit.relative_variance_reinforce:.3g}}). Holds only under V1's "
          r"independent-score assumption. In the small training comparison (figure) BNPO has the lowest raw "
          r"gradient variance but not the lowest scale-free one, and at a shared learning rate it learns "
          r"slowest: its weights are small.",
)


# ------------------------------------------------------------------------------------------------
# V4, V5: REINFORCE and GRPO as members
# ------------------------------------------------------------------------------------------------

REINFORCE = Claim(
    id="bnpo.reinforce_member",
    paper=PAPER,
    location="derivation, V4",
    statement=r"BNPO generalizes REINFORCE: $\alpha = \beta = 1$ gives $A = R - p$.",
    kind="identity",
    expected="proved",
    subject=(1.0, 1.0),
)
REINFORCE.mutant("zero_parameters", r"REINFORCE mapped to $\alpha = \beta = 0$", (0.0, 0.0))
REINFORCE.mutant("grpo_parameters", r"REINFORCE mapped to $\alpha = \beta = 3/2$", (1.5, 1.5))

GRPO_SCALED = Claim(
    id="bnpo.grpo_member_up_to_constant",
    paper=PAPER,
    location="derivation, V5 refined",
    statement=r"$\alpha = \beta = 3/2$ gives GRPO's advantage times $B(3/2, 3/2) = \pi/8$: "
              r"$A_{3/2,3/2} = (\pi/8)(R - \hat p)/\sigma$ with $\sigma$ the population std of the group's binary "
              r"rewards; with the Bessel-corrected std $s$, $A_{3/2,3/2} = (\pi/8)\sqrt{G/(G-1)}\,(R - \hat p)/s$.",
    assumptions=("binary rewards", r"a group of $G \geq 2$ responses with $0 < \hat p < 1$",
                 r"$\varepsilon = 0$ in GRPO's denominator"),
    kind="identity",
    expected="proved",
    subject=(1.5, 1.5, math.pi / 8),
    notes=r"Exact with $\varepsilon = 0$. Common GRPO code divides by $\mathrm{std} + \varepsilon$ "
          r"($\varepsilon \approx 10^{-6}$) and often uses the Bessel std: then the factor depends on $G$ and, "
          r"through $\varepsilon$, on the group's std, so the match is only approximate.",
    origin="suite",
)
GRPO_SCALED.mutant("half_parameters", r"GRPO mapped to $\alpha = \beta = 1/2$", (0.5, 0.5, math.pi / 8))
GRPO_SCALED.mutant("two_parameters", r"GRPO mapped to $\alpha = \beta = 2$", (2.0, 2.0, math.pi / 8))
GRPO_SCALED.mutant("exact_constant", "constant 1 (the exact reading of V5)", (1.5, 1.5, 1.0))

GRPO_EXACT = Claim(
    id="bnpo.grpo_member",
    paper=PAPER,
    location="derivation, V5",
    statement=r"BNPO generalizes GRPO: $\alpha = \beta = 3/2$ gives exactly GRPO's advantage "
              r"$(R - \mathrm{mean})/\mathrm{std}$.",
    assumptions=("binary rewards",
                 r"a group of $G \geq 2$ responses with $0 < \hat p < 1$ (implicit in the statement: GRPO's "
                 r"$(R - \mathrm{mean})/\mathrm{std}$ is defined only when the std is positive)"),
    kind="identity",
    expected="conditional",
    subject=(1.5, 1.5),
    refined_by="bnpo.grpo_member_up_to_constant",
    notes=r"Only up to the constant $B(3/2, 3/2) = \pi/8$ (population std), or $(\pi/8)\sqrt{G/(G-1)}$ (Bessel "
          r"std); never exact. Counterexample: a group $(1, 0)$, GRPO gives $+1$, $\mathrm{BNPO}(3/2, 3/2)$ gives "
          r"$\pi/8$.",
)


# ------------------------------------------------------------------------------------------------
# V6: the objective BNPO ascends
# ------------------------------------------------------------------------------------------------

UNBIASED_TRANSFORMED = Claim(
    id="bnpo.unbiased_for_transformed_objective",
    paper=PAPER,
    location="derivation, V6 refined",
    statement=r"For fixed $\alpha, \beta$ and the exact baseline, $\mathbb{E} g = \mathbb{E}_q[\nabla p(q)/"
              r"f_N(p(q))] = \nabla_\theta\,\mathbb{E}_q G(p(q))$ with $G' = 1/f_N$, i.e. "
              r"$G(p) = B(\alpha,\beta)\int_0^p t^{1-\alpha}(1-t)^{1-\beta}\,dt$ ($\alpha, \beta < 2$); for GRPO's "
              r"member $\alpha = \beta = 3/2$, $G(p) = (\pi/4)\arcsin\sqrt{p}$ (GRPO itself: $2\arcsin\sqrt{p}$).",
    assumptions=(r"exact baseline $p(q)$, $\alpha$ and $\beta$ held fixed (not fitted to the batch)",
                 r"Bernoulli-logit (softmax) policy, $p(q) = \sigma(\theta_q)$"),
    kind="identity",
    expected="proved",
    subject=transformed_objective,
    notes=r"In the release $\alpha, \beta$ are refitted on every batch and $\hat p$ (which includes the response "
          r"itself) replaces $p$; both add further bias that this identity does not cover.",
    origin="suite",
)
UNBIASED_TRANSFORMED.mutant("success_rate", r"$G(p) = p$: unbiased for $J = \mathbb{E}\,p$ (the V6 reading)",
                            success_rate_objective)
UNBIASED_TRANSFORMED.mutant(
    "multiply_by_density", r"$G' = f_N$ (multiplying instead of dividing)",
    _objective_multiply_by_density)
UNBIASED_TRANSFORMED.mutant(
    "divide_by_sqrt_density", r"$G' = 1/\sqrt{f_N}$",
    _objective_divide_by_sqrt_density)
UNBIASED_TRANSFORMED.mutant(
    "anchored_at_one", r"$G(p) = -\int_p^1 dt/f_N(t)$: the antiderivative anchored at 1 (the same $G'$, "
                       r"but $G(0) \neq 0$)",
    _objective_anchored_at_one, targets=("value_matches_quadrature",))

UNBIASED = Claim(
    id="bnpo.unbiased_for_success",
    paper=PAPER,
    location="derivation, V6",
    statement=r"BNPO's gradient estimator is unbiased for $\nabla_\theta J$ with $J = \mathbb{E}_q\,p(q)$.",
    assumptions=(r"exact baseline $p(q)$, $\alpha$ and $\beta$ held fixed",
                 r"any policy (the checks use a tabular Bernoulli-logit policy $p(q) = \sigma(\theta_q)$)"),
    kind="identity",
    expected="conditional",
    subject=success_rate_objective,
    refined_by="bnpo.unbiased_for_transformed_objective",
    notes=r"Biased unless $\alpha = \beta = 1$ (then $f_N \equiv 1$): $\mathbb{E} g$ weights each question's "
          r"$\nabla p$ by $1/f_N(p)$, which also changes the direction. It is the unbiased gradient of "
          r"$\mathbb{E}_q G(p)$ with $G' = 1/f_N$.",
)


# ------------------------------------------------------------------------------------------------
# V7: the method of moments fed p̂
# ------------------------------------------------------------------------------------------------

MOMENTS_LIMIT = Claim(
    id="bnpo.moments_limit",
    paper=PAPER,
    location="derivation, V7 refined",
    statement=r"Fed $\hat p$ from $G$ rollouts, the method of moments tends, as the number of prompts grows, to "
              r"$(a(G-1)/(G+a+b),\; b(G-1)/(G+a+b))$ (binomial noise adds $\mathbb{E}[p(1-p)]/G$ to the "
              r"variance); this equals $(a, b)$ only in the limit $G \to \infty$.",
    assumptions=(r"$p \sim \operatorname{Beta}(a, b)$, $G$ rollouts per prompt, $\hat p = \text{successes}/G$",
                 r"number of prompts $\to \infty$"),
    kind="limit",
    expected="proved",
    subject=moments_limit,
    origin="suite",
)
MOMENTS_LIMIT.mutant("recovers_truth", r"the limit is $(a, b)$ (the V7 reading)", moments_recover_truth)
MOMENTS_LIMIT.mutant("factor_g_over_g_minus_one", r"limit $a(G-1)/G$",
                     _limit_factor_g_over_g_minus_one, targets=("exact_population_limit",))
MOMENTS_LIMIT.mutant("swapped", r"roles of $a$ and $b$ swapped", _limit_swapped,
                     targets=("exact_population_limit",))

MOMENTS = Claim(
    id="bnpo.moments_recover",
    paper=PAPER,
    location="released code step 3, V7",
    statement=r"The method of moments recovers $(a, b)$ as the number of prompts grows, when fed $\hat p$ from "
              r"$G$ rollouts rather than the true $p$.",
    assumptions=(r"$p \sim \operatorname{Beta}(a, b)$, $G$ rollouts per prompt, fixed $G$",),
    kind="limit",
    expected="conditional",
    subject=moments_recover_truth,
    refined_by="bnpo.moments_limit",
    notes=r"False at fixed $G$: it converges to $a(G-1)/(G+a+b)$; with $a = b = 1$ and $G = 2$, to $1/4$ "
          r"instead of 1. True as $G \to \infty$, or with the corrected estimator (bnpo.moments_corrected).",
)

MOMENTS_CORRECTED = Claim(
    id="bnpo.moments_corrected",
    paper=PAPER,
    location="derivation (a corrected estimator for V7)",
    statement=r"With $v_c = v - \overline{\hat p(1-\hat p)}/(G-1)$ in place of $v$, the method of moments "
              r"recovers $(a, b)$ at fixed $G \geq 2$ as the number of prompts grows.",
    assumptions=(r"$p \sim \operatorname{Beta}(a, b)$, $G \geq 2$ rollouts per prompt",
                 r"number of prompts $\to \infty$"),
    kind="limit",
    expected="proved",
    subject=corrected_moments_fit,
    origin="suite",
)

MOMENTS_CORRECTED.mutant("uncorrected", "the released fit (no correction)", _uncorrected_fit)
MOMENTS_CORRECTED.mutant("correction_over_g",
                         r"correction $\overline{\hat p(1-\hat p)}/G$ instead of $\overline{\hat p(1-\hat p)}/(G-1)$",
                         _correction_over_g)


# ------------------------------------------------------------------------------------------------
# The released computation: steps 1–5, V8 (decomposition), V9 (degenerate batches)
# ------------------------------------------------------------------------------------------------

RELEASED = Claim(
    id="bnpo.released_advantage",
    paper=PAPER,
    location=RELEASE + " (steps 1–5 of the spec)",
    statement=r"bnpo_advantages computes steps 1–5 as released: min–max normalization, per-prompt group mean, "
              r"method of moments over unique prompts with the unbiased variance, $\alpha = \max(1, 1 + a/3)$, "
              r"$\beta = \max(1, 1 + b/3)$, $A = \min(1/f_N(\hat p), 10^6)\,(R - \hat p)$; the BNPOAdvantages "
              r"record it returns holds that computation's $\hat p$, $m$, $v$, $a$, $b$, $\alpha$, $\beta$.",
    assumptions=(r"batches with at least two distinct per-prompt success rates ($v > 0$)",),
    kind="algorithm",
    expected="supported",
    subject=bnpo_advantages,
    origin="suite",
)
RELEASED.mutant("biased_variance", "method of moments with the biased variance (ddof = 0)",
                _released_biased_variance)
RELEASED.mutant("over_responses", "moments over responses instead of one value per prompt",
                _released_over_responses)
RELEASED.mutant("multiply_by_density", r"$A = f_N(\hat p)\,(R - \hat p)$",
                _released_multiply_by_density)
RELEASED.mutant("divide_by_sqrt_density", r"$A = (R - \hat p)/\sqrt{f_N(\hat p)}$",
                _released_divide_by_sqrt_density)
RELEASED.mutant("swapped", r"$\alpha$ from $b$ and $\beta$ from $a$",
                _released_swapped)
RELEASED.mutant("no_one_plus", r"$\alpha = \max(1, a/3)$",
                _released_no_one_plus)
RELEASED.mutant("record_swaps_alpha_beta", r"the advantages right, but the returned record has $\alpha$ and "
                r"$\beta$ swapped", _released_record_swapped)
RELEASED.mutant("weight_cap_1e5", r"the weight capped at $10^5$ instead of the release's $10^6$",
                _released_cap_1e5)

DECOMPOSITION = Claim(
    id="bnpo.decomposition",
    paper=PAPER,
    location=RELEASE + " with use_advantage_decomposition (step 6), V8",
    statement=r"The advantage decomposition with $K = 1$ reduces to plain BNPO; with $K$ binary components it is "
              r"the mean of the per-component BNPO advantages, each with its own $\hat p_k$, $(a_k, b_k)$, "
              r"$(\alpha_k, \beta_k)$.",
    kind="algorithm",
    expected="supported",
    subject=bnpo_decomposed_advantages,
    notes="Checked on bnpo_decomposed_advantages, the suite's implementation of step 6, against an exact "
          "reference of each component written from the release.",
)

DECOMPOSITION.mutant("summed_reward", "one Beta fitted to the summed reward", _summed_reward)
DECOMPOSITION.mutant("sum_not_mean", r"the $K$ advantages summed, not averaged", _sum_not_mean)

SUITE_DEGENERATE = Claim(
    id="bnpo.degenerate_batches_suite",
    paper=PAPER,
    location="V9 (the suite's implementation)",
    statement=r"bnpo_advantages returns finite advantages on every batch of valid rewards, degenerate ones "
              r"included (every prompt with the same $\hat p$, $v = 0$ in exact arithmetic "
              r"$\Rightarrow \alpha = \beta = 1$; moment condition failing; $\hat p \in \{0, 1\}$; a single "
              r"prompt); $\alpha, \beta \geq 1$ always; $\hat p \in \{0, 1\}$ gives $A = 0$ for the whole group; a "
              r"single prompt gives REINFORCE.",
    kind="algorithm",
    expected="supported",
    subject=bnpo_advantages,
    notes=r"Where float rounding leaves equal $\hat p$ a hair apart (three prompts at $\hat p = 2/5$, the "
          r"regression batch found by fuzzing), the release's arithmetic is finite but fits $v$ = "
          r"{{release_and_suite_side_by_side.release_v_at_two_fifths:.2g}} instead of 0 and "
          r"$\alpha$ = {{release_and_suite_side_by_side.release_alpha_at_two_fifths:.2g}}, and its largest "
          r"advantage is {{release_and_suite_side_by_side.release_largest_advantage_at_two_fifths:.2g}}: the "
          r"batch loses its learning signal instead of turning NaN. The suite decides $v = 0$ in exact "
          r"arithmetic and falls back to $\alpha = \beta = 1$.",
    origin="suite",
)
SUITE_DEGENERATE.mutant("release_arithmetic", r"the release's IEEE arithmetic (no fallback at $v = 0$)",
                        _release_ieee_advantages)
SUITE_DEGENERATE.mutant(
    "no_clamp", r"$\alpha = 1 + a/3$ without the clamp at 1",
    _no_clamp)
SUITE_DEGENERATE.mutant(
    "float_zero_variance", r"$v = 0$ decided in float64 (equal $\hat p$ can leave a rounding residue $v > 0$: the "
                           r"fallback is missed and $A \approx 0$)",
    _float_zero_variance, targets=("finite_on_degenerate_batches",))  # the check that holds the regression batch
SUITE_DEGENERATE.mutant("uncapped_division",
                        r"$A = (R - \hat p)/f_N(\hat p)$ without the weight cap ($0/0$ at $\hat p \in \{0, 1\}$)",
                        _uncapped_division)

RELEASE_DEGENERATE = Claim(
    id="bnpo.degenerate_batches_release",
    paper=PAPER,
    location=RELEASE + ", V9",
    statement=r"The released computation gives a defined (finite) advantage on every batch, including degenerate "
              r"ones: every prompt with the same $\hat p$ ($v = 0$), $v \geq m(1-m)$, $\hat p \in \{0, 1\}$, a "
              r"single prompt.",
    assumptions=("the release's arithmetic in IEEE float semantics, as torch computes it",),
    kind="algorithm",
    expected="conditional",
    subject=_release_ieee_advantages,
    refined_by="bnpo.degenerate_batches_suite",
    notes=r"$v = 0$ breaks it: two prompts with $\hat p = 1/2$ each give NaN for every advantage "
          r"($\alpha = \beta = \infty$); all prompts at $\hat p = 0$ (or 1) make $\alpha$ NaN and the Beta "
          r"constructor raise. The other cases are defined. The suite's implementation falls back to "
          r"$\alpha = \beta = 1$ there (bnpo.degenerate_batches_suite, which also shows what float rounding does "
          r"to a batch whose $\hat p$ are equal).",
)


# ------------------------------------------------------------------------------------------------
# The library's building blocks compute what the paper and the release define
# ------------------------------------------------------------------------------------------------

LIB_DENSITY = Claim(
    id="bnpo.library_beta_density",
    paper=PAPER,
    location=LIBRARY + ": beta_density, the density of the setup",
    statement=r"beta_density(p, alpha, beta) computes the Beta density "
              r"$f_N(p;\alpha,\beta) = p^{\alpha-1}(1-p)^{\beta-1}/B(\alpha,\beta)$ for $p \in [0, 1]$ and "
              r"$\alpha, \beta > 0$, with $0^0 = 1$ and $+\infty$ where it diverges ($p = 0$ with $\alpha < 1$, "
              r"$p = 1$ with $\beta < 1$).",
    kind="algorithm",
    expected="supported",
    subject=beta_density,
    origin="suite",
)
LIB_DENSITY.mutant("unnormalised", r"no normalization by $B(\alpha, \beta)$", _density_unnormalised)
LIB_DENSITY.mutant("exponents_without_minus_one",
                   r"exponents $\alpha$, $\beta$ in place of $\alpha - 1$, $\beta - 1$", _density_exponents_alpha)
LIB_DENSITY.mutant("swapped", r"$\alpha$ and $\beta$ swapped", _density_swapped)

LIB_WEIGHT = Claim(
    id="bnpo.library_weight",
    paper=PAPER,
    location=LIBRARY + ": bnpo_weight, step 5 of " + RELEASE,
    statement=r"bnpo_weight(p, alpha, beta, max_weight) computes step 5's weight "
              r"$\min(1/f_N(p;\alpha,\beta),\, w_{\max})$ on all of $[0, 1]$: $w_{\max}$ where $f_N(p) = 0$ and 0 "
              r"where $f_N(p) = +\infty$.",
    kind="algorithm",
    expected="supported",
    subject=bnpo_weight,
    origin="suite",
)
LIB_WEIGHT.mutant("uncapped", r"$1/f_N$ without the cap (infinite where $f_N = 0$)", _weight_uncapped)
LIB_WEIGHT.mutant("fixed_cap", r"the cap fixed at $10^6$ whatever max_weight is", _weight_fixed_cap)
LIB_WEIGHT.mutant("density_not_inverse", r"$\min(f_N, w_{\max})$: multiplying instead of dividing",
                  _weight_density)

LIB_MOMENTS = Claim(
    id="bnpo.library_method_of_moments",
    paper=PAPER,
    location=LIBRARY + ": method_of_moments, step 3 of " + RELEASE,
    statement=r"method_of_moments(m, v) computes step 3's fit $a = (m(1-m)/v - 1)\,m$, "
              r"$b = (m(1-m)/v - 1)(1-m)$: for $0 < v < m(1-m)$ the $\operatorname{Beta}(a, b)$ with mean $m$ and "
              r"variance $v$, and for $v \geq m(1-m)$ the same formula ($a, b \leq 0$), as the release computes it.",
    kind="algorithm",
    expected="supported",
    subject=method_of_moments,
    origin="suite",
)
LIB_MOMENTS.mutant("missing_minus_one", r"$k = m(1-m)/v$ without the $-1$", _moments_missing_minus_one)
LIB_MOMENTS.mutant("swapped", r"$a$ and $b$ swapped", _moments_swapped)
LIB_MOMENTS.mutant("variance_as_std", r"$v$ read as a standard deviation: $k = m(1-m)/v^2 - 1$",
                   _moments_variance_as_std)

LIB_PARAMETERS = Claim(
    id="bnpo.library_parameters",
    paper=PAPER,
    location=LIBRARY + ": bnpo_parameters, step 4 of " + RELEASE,
    statement=r"bnpo_parameters(a, b) computes step 4: $\alpha = \max(1, 1 + a/3)$, $\beta = \max(1, 1 + b/3)$ "
              r"for every real $a, b$.",
    kind="algorithm",
    expected="supported",
    subject=bnpo_parameters,
    origin="suite",
)
LIB_PARAMETERS.mutant("no_clamp", r"$\alpha = 1 + a/3$ without the clamp at 1", _parameters_no_clamp)
LIB_PARAMETERS.mutant("one_plus_half", r"$\alpha = \max(1, 1 + a/2)$", _parameters_half)
LIB_PARAMETERS.mutant("swapped", r"$\alpha$ from $b$ and $\beta$ from $a$", _parameters_swapped)

LIB_GRPO = Claim(
    id="bnpo.library_grpo_advantages",
    paper=PAPER,
    location=LIBRARY + ": grpo_advantages, the GRPO baseline of V3 and V5",
    statement=r"grpo_advantages computes GRPO's advantage $(R - \bar R_q)/(\mathrm{std}_q + \varepsilon)$ in each "
              r"group $q$, with the population ($1/G$) or Bessel ($1/(G-1)$) standard deviation, at every scale of "
              r"the rewards; a group of identical rewards gets 0 when $\varepsilon > 0$ and a ValueError when "
              r"$\varepsilon = 0$ (its advantage is $0/0$).",
    kind="algorithm",
    expected="supported",
    subject=grpo_advantages,
    origin="suite",
)
LIB_GRPO.mutant("std_swapped", "population and Bessel standard deviations swapped", _grpo_std_swapped)
LIB_GRPO.mutant("ignores_eps", r"$\varepsilon$ ignored", _grpo_ignores_eps)
LIB_GRPO.mutant("batch_mean", "the batch mean in place of each group's mean", _grpo_batch_mean)
LIB_GRPO.mutant("variance_not_std", "divided by the variance instead of the standard deviation", _grpo_variance)

LIB_CORRECTED = Claim(
    id="bnpo.library_corrected_fit",
    paper=PAPER,
    location=LIBRARY + ": corrected_moments_fit, the estimator of bnpo.moments_corrected",
    statement=r"corrected_moments_fit(p_hat, G) computes the corrected fit exactly: the method of moments with "
              r"$m = \overline{\hat p}$ and $v_c = v - \overline{\hat p(1-\hat p)}/(G-1)$, $v$ the unbiased "
              r"(divisor $n - 1$) variance of the $n$ per-prompt $\hat p$, so that $\mathbb{E} v_c = "
              r"\operatorname{Var} p$ for every $n$; a ValueError when $v_c \leq 0$ (no Beta distribution fits).",
    kind="algorithm",
    expected="supported",
    subject=corrected_moments_fit,
    notes=r"Pinned by hand: six prompts with $\hat p = (0, 1/4, 1/2, 1/2, 3/4, 1)$ and $G = 4$ give "
          r"$(a, b) = (25/22, 25/22)$; the population variance would give $(7/4, 7/4)$.",
    origin="suite",
)
LIB_CORRECTED.mutant("population_variance", r"the population (divisor $n$) variance of $\hat p$ in place of the "
                     "unbiased one", _corrected_population_variance)
LIB_CORRECTED.mutant("correction_over_g", r"correction $\overline{\hat p(1-\hat p)}/G$", _correction_over_g)
LIB_CORRECTED.mutant("uncorrected", "no correction (the released fit)", _uncorrected_fit)
