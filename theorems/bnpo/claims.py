"""BNPO claims: statements V1–V9 as Claim declarations, with their mutants attached.

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864). The paper body
was not available; the statements come from the abstract, the released code
(``compute_bnpo_outcome_advantage``) and derivation, and each claim's location says which.
"""

from __future__ import annotations

import math

from claimkit import Claim

from .formulas import (
    _correction_over_g,
    _float_zero_variance,
    _limit_factor_g_over_g_minus_one,
    _limit_swapped,
    _match_data,
    _no_clamp,
    _objective_divide_by_sqrt_density,
    _objective_multiply_by_density,
    _off_by_one,
    _one_plus_a,
    _optimum_no_one_plus,
    _optimum_one_plus_half,
    _optimum_swapped,
    _release_ieee_advantages,
    _released_biased_variance,
    _released_divide_by_sqrt_density,
    _released_multiply_by_density,
    _released_no_one_plus,
    _released_over_responses,
    _released_swapped,
    _second_moment_divide_by_sqrt_density,
    _second_moment_missing_square,
    _second_moment_multiply_by_density,
    _square_not_cube,
    _sum_not_mean,
    _summed_reward,
    _uncapped_division,
    _uncorrected_fit,
    moments_recover_truth,
    success_rate_objective,
)
from .library import (
    bnpo_advantages,
    bnpo_decomposed_advantages,
    corrected_moments_fit,
    minimum_second_moment,
    moments_limit,
    optimal_parameters,
    second_moment,
    transformed_objective,
)
from .paper import PAPER

RELEASE = "released code, compute_bnpo_outcome_advantage"

V1_ASSUMPTIONS = (
    "p(q) ∼ Beta(a, b) across questions, a, b > 0",
    "R ∼ Bernoulli(p(q)) given q",
    "exact baseline p(q) (not the group mean)",
    "score s = ∇ log π independent of (R, q), E s = 0, E‖s‖² = σ_s²",
)


SECOND_MOMENT = Claim(
    id="bnpo.second_moment",
    paper=PAPER,
    location="derivation (setup of the variance analysis; abstract: 'reduces the variance')",
    statement="E‖g‖² = σ_s² · E_p[p(1−p)/f_N(p; α, β)²] = σ_s² · B(α,β)² · B(a+3−2α, b+3−2β) / B(a, b), "
              "finite iff α < (a+3)/2 and β < (b+3)/2.",
    assumptions=V1_ASSUMPTIONS,
    kind="identity",
    expected="proved",
    subject=second_moment,
    notes="Holds as stated: sympy reduces the integrand to a Beta integral; scipy and mpmath quadrature, "
          "the divergence past the boundary and a 10⁶-sample Monte Carlo agree.",
)

SECOND_MOMENT.mutant("exponent_off_by_one", "B(a+2−2α, b+2−2β) in place of B(a+3−2α, b+3−2β)", _off_by_one,
                     targets=("closed_form_matches_scipy_quadrature", "monte_carlo_independent_score"))
SECOND_MOMENT.mutant(
    "missing_square", "B(α, β) not squared",
    _second_moment_missing_square,
    targets=("closed_form_matches_scipy_quadrature",))
SECOND_MOMENT.mutant(
    "multiply_by_density", "A = (R − p)·f_N (multiplying instead of dividing)",
    _second_moment_multiply_by_density,
    targets=("closed_form_matches_scipy_quadrature", "diverges_past_the_boundary"))
SECOND_MOMENT.mutant(
    "divide_by_sqrt_density", "A = (R − p)/√f_N",
    _second_moment_divide_by_sqrt_density,
    targets=("closed_form_matches_mpmath_quadrature", "diverges_past_the_boundary"))

OPTIMUM = Claim(
    id="bnpo.optimal_parameters",
    paper=PAPER,
    location="derivation; released code step 4 (alpha = 1 + a/3)",
    statement="The second moment of V1 is minimised at α = 1 + a/3, β = 1 + b/3 (the code's choice), this is "
              "the global minimum, and the minimum is B(1+a/3, 1+b/3)³ / B(a, b).",
    assumptions=V1_ASSUMPTIONS,
    kind="identity",
    expected="proved",
    subject=(optimal_parameters, minimum_second_moment),
    notes="Holds: the digamma gradient vanishes there and log M is convex (log-convexity of the Beta "
          "function), so the stationary point is the global minimum; numerical minimisation agrees.",
)
_OPT_MIN = minimum_second_moment
OPTIMUM.mutant("no_one_plus", "α* = a/3, β* = b/3", (_optimum_no_one_plus, _OPT_MIN))
OPTIMUM.mutant("one_plus_half", "α* = 1 + a/2, β* = 1 + b/2", (_optimum_one_plus_half, _OPT_MIN))
OPTIMUM.mutant("match_data", "α* = a, β* = b (match the data distribution)", (_match_data, _OPT_MIN))
OPTIMUM.mutant("swapped", "roles of a and b swapped", (_optimum_swapped, _OPT_MIN))
OPTIMUM.mutant("square_not_cube", "minimum B(1+a/3, 1+b/3)² / B(a, b)",
               (optimal_parameters, _square_not_cube))

VARIANCE_INDEPENDENT = Claim(
    id="bnpo.variance_reduction_independent_score",
    paper=PAPER,
    location="V3 under V1's assumptions (derivation)",
    statement="When the score is independent of the reward (V1's assumptions), E g = 0 and BNPO at "
              "α* = 1 + a/3, β* = 1 + b/3 has a gradient variance no larger than REINFORCE with baseline "
              "(σ_s² ab/((a+b)(a+b+1))) and strictly smaller than GRPO with population std (σ_s²).",
    assumptions=V1_ASSUMPTIONS,
    kind="inequality",
    expected="proved",
    subject=optimal_parameters,
    notes="Holds, but only as a statement about a family whose members differ by scale: with E g = 0 the "
          "scale-free measure tr Cov(g)/‖E g‖² is undefined, and GRPO is BNPO(3/2, 3/2) times 8/π.",
)
VARIANCE_INDEPENDENT.mutant("match_data", "α* = a, β* = b", _match_data,
                            targets=("quadrature_second_moments",))
VARIANCE_INDEPENDENT.mutant("one_plus_a", "α* = 1 + a, β* = 1 + b", _one_plus_a)

VARIANCE = Claim(
    id="bnpo.variance_reduction",
    paper=PAPER,
    location="abstract ('BNPO ... reduces the variance of policy gradient estimation'), V3",
    statement="BNPO with its optimal parameters α* = 1 + a/3, β* = 1 + b/3 has lower gradient variance "
              "than REINFORCE (with baseline) and GRPO.",
    assumptions=("p ∼ Beta(a, b), R ∼ Bernoulli(p), exact baseline p",
                 "any policy: in particular a Bernoulli-logit policy π(correct | q) = σ(θ·x_q), whose score "
                 "(R − p) x_q is correlated with the reward"),
    kind="inequality",
    expected="conditional",
    subject=optimal_parameters,
    refined_by="bnpo.variance_reduction_independent_score",
    notes="False in general: with a Bernoulli-logit policy (score correlated with R), uniform difficulty "
          "a = b = 1 gives BNPO a larger variance than REINFORCE, raw and scale-free "
          "(tr Cov/‖E g‖² = 1.8 against 1.4). Holds only under V1's independent-score assumption. In the "
          "small training comparison (figure) BNPO has the lowest raw gradient variance but not the lowest "
          "scale-free one, and at a shared learning rate it learns slowest: its weights are small.",
)

REINFORCE = Claim(
    id="bnpo.reinforce_member",
    paper=PAPER,
    location="derivation, V4",
    statement="BNPO generalizes REINFORCE: α = β = 1 gives A = R − p.",
    kind="identity",
    expected="proved",
    subject=(1.0, 1.0),
)
REINFORCE.mutant("zero_parameters", "REINFORCE mapped to α = β = 0", (0.0, 0.0))
REINFORCE.mutant("grpo_parameters", "REINFORCE mapped to α = β = 3/2", (1.5, 1.5))

GRPO_SCALED = Claim(
    id="bnpo.grpo_member_up_to_constant",
    paper=PAPER,
    location="derivation, V5 refined",
    statement="α = β = 3/2 gives GRPO's advantage times B(3/2, 3/2) = π/8: A_{3/2,3/2} = (π/8)(R − p̂)/σ with σ "
              "the population std of the group's binary rewards; with the Bessel-corrected std s, "
              "A_{3/2,3/2} = (π/8)·√(G/(G−1))·(R − p̂)/s.",
    assumptions=("binary rewards", "group of G ≥ 2 responses with 0 < p̂ < 1", "ε = 0 in GRPO's denominator"),
    kind="identity",
    expected="proved",
    subject=(1.5, 1.5, math.pi / 8),
    notes="Exact with ε = 0. Common GRPO code divides by std + ε (ε ≈ 1e-6) and often uses the Bessel std: "
          "then the factor depends on G and, through ε, on the group's std, so the match is only approximate.",
)
GRPO_SCALED.mutant("half_parameters", "GRPO mapped to α = β = 1/2", (0.5, 0.5, math.pi / 8))
GRPO_SCALED.mutant("two_parameters", "GRPO mapped to α = β = 2", (2.0, 2.0, math.pi / 8))
GRPO_SCALED.mutant("exact_constant", "constant 1 (the exact reading of V5)", (1.5, 1.5, 1.0))

GRPO_EXACT = Claim(
    id="bnpo.grpo_member",
    paper=PAPER,
    location="derivation, V5",
    statement="BNPO generalizes GRPO: α = β = 3/2 gives exactly GRPO's advantage (R − mean)/std.",
    assumptions=("binary rewards", "group of G ≥ 2 responses with 0 < p̂ < 1"),
    kind="identity",
    expected="conditional",
    subject=(1.5, 1.5),
    refined_by="bnpo.grpo_member_up_to_constant",
    notes="Only up to the constant B(3/2, 3/2) = π/8 (population std), or (π/8)√(G/(G−1)) (Bessel std); "
          "never exact. Counterexample: a group (1, 0), GRPO gives +1, BNPO(3/2, 3/2) gives π/8.",
)

UNBIASED_TRANSFORMED = Claim(
    id="bnpo.unbiased_for_transformed_objective",
    paper=PAPER,
    location="derivation, V6 refined",
    statement="For fixed α, β and the exact baseline, E g = E_q[∇p(q)/f_N(p(q))] = ∇_θ E_q G(p(q)) with "
              "G′ = 1/f_N, i.e. G(p) = B(α,β) ∫₀ᵖ t^{1−α}(1−t)^{1−β} dt (α, β < 2); for GRPO's member "
              "α = β = 3/2, G(p) = (π/4) arcsin √p (GRPO itself: 2 arcsin √p).",
    assumptions=("exact baseline p(q), α and β held fixed (not fitted to the batch)",
                 "Bernoulli-logit (softmax) policy, p(q) = σ(θ_q)"),
    kind="identity",
    expected="proved",
    subject=transformed_objective,
    notes="In the release α, β are refitted on every batch and p̂ (which includes the response itself) replaces p; "
          "both add further bias that this identity does not cover.",
)
UNBIASED_TRANSFORMED.mutant("success_rate", "G(p) = p: unbiased for J = E p (the V6 reading)",
                            success_rate_objective)
UNBIASED_TRANSFORMED.mutant(
    "multiply_by_density", "G′ = f_N (multiplying instead of dividing)",
    _objective_multiply_by_density)
UNBIASED_TRANSFORMED.mutant(
    "divide_by_sqrt_density", "G′ = 1/√f_N",
    _objective_divide_by_sqrt_density)

UNBIASED = Claim(
    id="bnpo.unbiased_for_success",
    paper=PAPER,
    location="derivation, V6",
    statement="BNPO's gradient estimator is unbiased for ∇_θ J with J = E_q p(q).",
    assumptions=("exact baseline p(q), α and β held fixed", "Bernoulli-logit (softmax) policy"),
    kind="identity",
    expected="conditional",
    subject=success_rate_objective,
    refined_by="bnpo.unbiased_for_transformed_objective",
    notes="Biased unless α = β = 1 (then f_N ≡ 1): E g weights each question's ∇p by 1/f_N(p), which "
          "also changes the direction. It is the unbiased gradient of E_q G(p) with G′ = 1/f_N.",
)

MOMENTS_LIMIT = Claim(
    id="bnpo.moments_limit",
    paper=PAPER,
    location="derivation, V7 refined",
    statement="Fed p̂ from G rollouts, the method of moments tends, as the number of prompts grows, to "
              "(a (G−1)/(G+a+b), b (G−1)/(G+a+b)) (binomial noise adds E[p(1−p)]/G to the variance); "
              "this equals (a, b) only in the limit G → ∞.",
    assumptions=("p ∼ Beta(a, b), G rollouts per prompt, p̂ = successes/G", "number of prompts → ∞"),
    kind="limit",
    expected="proved",
    subject=moments_limit,
)
MOMENTS_LIMIT.mutant("recovers_truth", "the limit is (a, b) (the V7 reading)", moments_recover_truth)
MOMENTS_LIMIT.mutant("factor_g_over_g_minus_one", "limit a(G−1)/G",
                     _limit_factor_g_over_g_minus_one, targets=("exact_population_limit",))
MOMENTS_LIMIT.mutant("swapped", "roles of a and b swapped", _limit_swapped,
                     targets=("exact_population_limit",))

MOMENTS = Claim(
    id="bnpo.moments_recover",
    paper=PAPER,
    location="released code step 3, V7",
    statement="The method of moments recovers (a, b) as the number of prompts grows, when fed p̂ from G "
              "rollouts rather than the true p.",
    assumptions=("p ∼ Beta(a, b), G rollouts per prompt, fixed G",),
    kind="limit",
    expected="conditional",
    subject=moments_recover_truth,
    refined_by="bnpo.moments_limit",
    notes="False at fixed G: it converges to a(G−1)/(G+a+b); with a = b = 1 and G = 2, to 1/4 instead of 1. "
          "True as G → ∞, or with the corrected estimator (bnpo.moments_corrected).",
)

MOMENTS_CORRECTED = Claim(
    id="bnpo.moments_corrected",
    paper=PAPER,
    location="derivation (a corrected estimator for V7)",
    statement="With v_c = v − mean(p̂(1−p̂))/(G−1) in place of v, the method of moments recovers (a, b) at "
              "fixed G ≥ 2 as the number of prompts grows.",
    assumptions=("p ∼ Beta(a, b), G ≥ 2 rollouts per prompt", "number of prompts → ∞"),
    kind="limit",
    expected="proved",
    subject=corrected_moments_fit,
)

MOMENTS_CORRECTED.mutant("uncorrected", "the released fit (no correction)", _uncorrected_fit)
MOMENTS_CORRECTED.mutant("correction_over_g", "correction mean(p̂(1−p̂))/G instead of /(G−1)", _correction_over_g)

RELEASED = Claim(
    id="bnpo.released_advantage",
    paper=PAPER,
    location=RELEASE + " (steps 1–5 of the spec)",
    statement="bnpo_advantages computes steps 1–5 as released: min–max normalization, per-prompt group mean, "
              "method of moments over unique prompts with the unbiased variance, α = max(1, 1 + a/3), "
              "β = max(1, 1 + b/3), A = min(1/f_N(p̂), 10⁶)(R − p̂).",
    assumptions=("batches with at least two distinct per-prompt success rates (v > 0)",),
    kind="algorithm",
    expected="supported",
    subject=bnpo_advantages,
)
RELEASED.mutant("biased_variance", "method of moments with the biased variance (ddof = 0)",
                _released_biased_variance)
RELEASED.mutant("over_responses", "moments over responses instead of one value per prompt",
                _released_over_responses)
RELEASED.mutant("multiply_by_density", "A = f_N(p̂)(R − p̂)",
                _released_multiply_by_density)
RELEASED.mutant("divide_by_sqrt_density", "A = (R − p̂)/√f_N(p̂)",
                _released_divide_by_sqrt_density)
RELEASED.mutant("swapped", "α from b and β from a",
                _released_swapped)
RELEASED.mutant("no_one_plus", "α = max(1, a/3)",
                _released_no_one_plus)

DECOMPOSITION = Claim(
    id="bnpo.decomposition",
    paper=PAPER,
    location=RELEASE + " with use_advantage_decomposition (step 6), V8",
    statement="The advantage decomposition with K = 1 reduces to plain BNPO; with K binary components it is "
              "the mean of the per-component BNPO advantages, each with its own p̂_k, (a_k, b_k), (α_k, β_k).",
    kind="algorithm",
    expected="supported",
    subject=bnpo_decomposed_advantages,
)

DECOMPOSITION.mutant("summed_reward", "one Beta fitted to the summed reward", _summed_reward)
DECOMPOSITION.mutant("sum_not_mean", "the K advantages summed, not averaged", _sum_not_mean)

SUITE_DEGENERATE = Claim(
    id="bnpo.degenerate_batches_suite",
    paper=PAPER,
    location="V9 (the suite's implementation)",
    statement="bnpo_advantages returns finite advantages on every batch of valid rewards, degenerate ones "
              "included (every prompt with the same p̂, v = 0 in exact arithmetic → α = β = 1; moment condition "
              "failing; p̂ ∈ {0, 1}; a single prompt); α, β ≥ 1 "
              "always; p̂ ∈ {0, 1} gives A = 0 for the whole group; a single prompt gives REINFORCE.",
    kind="algorithm",
    expected="supported",
    subject=bnpo_advantages,
)
SUITE_DEGENERATE.mutant("release_arithmetic", "the release's IEEE arithmetic (no fallback at v = 0)",
                        _release_ieee_advantages)
SUITE_DEGENERATE.mutant(
    "no_clamp", "α = 1 + a/3 without the clamp at 1",
    _no_clamp)
SUITE_DEGENERATE.mutant(
    "float_zero_variance", "v = 0 decided in float64 (equal p̂ can leave v ≈ 5e-33 > 0: fallback missed, A ≈ 0)",
    _float_zero_variance)
SUITE_DEGENERATE.mutant("uncapped_division", "A = (R − p̂)/f_N(p̂) without the weight cap (0/0 at p̂ ∈ {0, 1})",
                        _uncapped_division)

RELEASE_DEGENERATE = Claim(
    id="bnpo.degenerate_batches_release",
    paper=PAPER,
    location=RELEASE + ", V9",
    statement="The released computation gives a defined (finite) advantage on every batch, including degenerate "
              "ones: every prompt with the same p̂ (v = 0), v ≥ m(1−m), p̂ ∈ {0, 1}, a single prompt.",
    assumptions=("the release's arithmetic in IEEE float semantics, as torch computes it",),
    kind="algorithm",
    expected="conditional",
    subject=_release_ieee_advantages,
    refined_by="bnpo.degenerate_batches_suite",
    notes="v = 0 breaks it: two prompts with p̂ = 1/2 each give NaN for every advantage (α = β = inf); all "
          "prompts at p̂ = 0 (or 1) make α NaN and the Beta constructor raise. The other cases are defined. "
          "The suite's implementation falls back to α = β = 1 there. When float rounding leaves v a hair above 0 "
          "(three prompts at p̂ = 2/5: v ≈ 4.6e-33 in float64), the released arithmetic is finite but fits "
          "α, β ≈ 1e31, and every advantage is ≈ 0: the same batches lose their learning signal instead of "
          "turning NaN.",
)

