"""BNPO formulas under test and the mutants of every claim.

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864). This module holds

* the closed forms of V1 and V2 as :class:`~claimkit.Formula` objects (``SECOND_MOMENT``,
  ``OPTIMAL_ALPHA`` with the minimum value ``MINIMUM_SECOND_MOMENT``): one sympy expression is the
  function the library's ``second_moment``, ``optimal_parameters`` and ``minimum_second_moment`` call,
  the checked subject and the typeset formula;
* the release's arithmetic in IEEE float semantics (V9), :func:`_release_ieee_advantages`;
* the paper's readings that the suite refutes: G(p) = p for V6 (:func:`success_rate_objective`) and
  the fit recovering (a, b) for V7 (:func:`moments_recover_truth`);
* the mutants (plausible wrong variants) of the claims, claim by claim: V1, V2, V3, V6, V7, the
  released steps 1–5, V8 and V9, and the library's building blocks (density, weight, fits, GRPO).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import sympy as sp
from scipy import special

from claimkit import Formula, interval

from .library import (
    MAX_WEIGHT,
    BNPOAdvantages,
    DecomposedAdvantages,
    _advantages,
    _grpo,
    _log_density,
    _validate_batch,
    bnpo_advantages,
    bnpo_decomposed_advantages,
    bnpo_parameters,
    bnpo_weight,
    method_of_moments,
    moments_limit,
    transformed_objective,
)

# ------------------------------------------------------------------------------------------------
# Formulas under test
# ------------------------------------------------------------------------------------------------

# α and β carry Greek names: a parameter named "beta" would shadow the Beta function in the mpmath code of
# the expression.
a, b, al, be = sp.symbols("a b α β")


class beta(sp.beta):
    """sympy's Beta function B(x, y), typeset with its arguments as LaTeX (sympy 1.14 writes them as text,
    ``2*α``); the code printers find it by its class name, so it keeps sympy's name."""

    def _latex(self, printer: Any, exp: Any = None) -> str:
        args = ", ".join(printer._print(x) for x in self.args)
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"\operatorname{{B}}{power}\left({args}\right)"


# The paper's domains are a, b > 0 (the difficulty prior Beta(a, b)) and α, β > 0 (f_N). A Formula's domain
# has finite ends. Down to 1e−100 every value stays in float64 (B(α, β)² ≤ 4e200, 1/B(a, b) ≤ 4e48); up to
# 80 float64's error, which grows like ψ(a + b)(a + b)ε, stays ≤ 3e−14 (4e−13 at 300) against the 1e−12
# tolerance. α and β go up to (80 + 3)/2, the largest edge of V1's finite region.
PRIOR_SHAPE = interval(1e-100, 80, log=True)
#: Float64 evaluation by scipy.special.beta rather than a ratio of math.gamma, which raises at Γ's poles
#: (where a generated mutant's argument can land) and overflows past 171.
SCIPY_FIRST = ("scipy", "numpy")
NORMALIZER_SHAPE = interval(1e-100, 41.5, log=True)

#: V1: E_p[p(1−p)/f_N(p)²] = B(α, β)² B(a+3−2α, b+3−2β)/B(a, b), finite for α < (a+3)/2, β < (b+3)/2.
SECOND_MOMENT = Formula(beta(al, be) ** 2 * beta(a + 3 - 2 * al, b + 3 - 2 * be) / beta(a, b),
                        {"a": PRIOR_SHAPE, "b": PRIOR_SHAPE, "α": NORMALIZER_SHAPE, "β": NORMALIZER_SHAPE},
                        name="second_moment", modules=SCIPY_FIRST)

#: V2: the minimum value M* = B(1 + a/3, 1 + b/3)³/B(a, b) of V1's second moment.
MINIMUM_SECOND_MOMENT = Formula(beta(1 + a / 3, 1 + b / 3) ** 3 / beta(a, b),
                                {"a": PRIOR_SHAPE, "b": PRIOR_SHAPE}, name="minimum_second_moment",
                                modules=SCIPY_FIRST)


class OptimumFormula(Formula):
    """V2: α* = 1 + a/3 as a Formula of (a, b), with β* the same map at (b, a), carrying the minimum value
    M*(a, b) it attains (``minimum``): the subject of bnpo.optimal_parameters."""

    def __init__(self, expr: Any, params: Any, *, name: str, minimum: Formula) -> None:
        super().__init__(expr, params, name=name)
        self.minimum = minimum

    def parameters(self, a: float, b: float) -> tuple[float, float]:
        """(α*, β*) = (α*(a, b), α*(b, a))."""
        return self(a, b), self(b, a)


#: V2: α* = 1 + a/3 (and β* = 1 + b/3), with M* = B(α*, β*)³/B(a, b).
OPTIMAL_ALPHA = OptimumFormula(1 + a / 3, {"a": PRIOR_SHAPE, "b": PRIOR_SHAPE}, name="optimal_alpha",
                               minimum=MINIMUM_SECOND_MOMENT)


def _release_ieee_advantages(prompt_ids: Any, rewards: Any, **_: Any) -> BNPOAdvantages:
    """The release's arithmetic in IEEE float semantics (what torch computes), for V9; rewards in [0, 1].

    Read from ``compute_bnpo_outcome_advantage``: x/0 = inf and 0/0 = NaN in the moment fit,
    ``torch.clamp`` propagates NaN, and ``torch.distributions.Beta`` validates its parameters
    (``ValueError`` on NaN). Not a library function: it can return NaN, which is the point.
    """
    ids, r = _validate_batch(prompt_ids, rewards)
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    p_group = np.where(counts > 1, np.bincount(inverse, weights=r) / counts, 0.0)
    if p_group.size > 1:
        m, v = float(np.mean(p_group)), float(np.var(p_group, ddof=1))
    else:
        m, v = 0.0, 1.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # IEEE inf and NaN are the point
        ratio = np.float64(m * (1 - m)) / np.float64(v)
        a, b = (ratio - 1) * m, (ratio - 1) * (1 - m)
        alpha, beta = np.maximum(1 + a / 3, 1.0), np.maximum(1 + b / 3, 1.0)  # NaN propagates
        if not (alpha > 0 and beta > 0):  # the Beta constructor's argument validation
            raise ValueError(f"Expected parameter concentration to be positive, found {alpha}, {beta}")
        p = p_group[inverse]
        logf = (special.xlogy(alpha - 1, p) + special.xlog1py(beta - 1, -p)
                + special.gammaln(alpha + beta) - special.gammaln(alpha) - special.gammaln(beta))
        weight = np.clip(1 / np.exp(logf), 0.0, MAX_WEIGHT)
        return BNPOAdvantages(weight * (r - p), p, m, v, float(a), float(b), float(alpha), float(beta), ())


def success_rate_objective(p: Any, al: float, be: float) -> np.ndarray:
    """V6 as stated: BNPO ascends J = E_q p(q), i.e. G(p) = p."""
    return np.asarray(p, dtype=float)


def moments_recover_truth(a: float, b: float, G: int) -> tuple[float, float]:
    """V7 as stated: the method of moments fed p̂ from G rollouts tends to (a, b)."""
    return (a, b)


# ------------------------------------------------------------------------------------------------
# V1 mutants (bnpo.second_moment): each infinite outside its own finite region; the generated ones
# come from SECOND_MOMENT's expression tree
# ------------------------------------------------------------------------------------------------


def _off_by_one(a: float, b: float, alpha: float, beta: float) -> float:
    if alpha >= (a + 2) / 2 or beta >= (b + 2) / 2:
        return math.inf
    return math.exp(2 * special.betaln(alpha, beta) + special.betaln(a + 2 - 2 * alpha, b + 2 - 2 * beta)
                    - special.betaln(a, b))


def _second_moment_multiply_by_density(a: float, b: float, al: float, be: float) -> float:
    """V1 for A = (R − p)·f_N (multiplying instead of dividing)."""
    return math.exp(special.betaln(a + 2 * al - 1, b + 2 * be - 1) - 2 * special.betaln(al, be)
                    - special.betaln(a, b))


def _second_moment_divide_by_sqrt_density(a: float, b: float, al: float, be: float) -> float:
    """V1 for A = (R − p)/√f_N."""
    return (math.inf if al >= a + 2 or be >= b + 2 else math.exp(
        special.betaln(al, be) + special.betaln(a + 2 - al, b + 2 - be) - special.betaln(a, b)))


# ------------------------------------------------------------------------------------------------
# V2 mutants (bnpo.optimal_parameters): OptimumFormulas, besides the ones generated from OPTIMAL_ALPHA's
# expression tree; V3 mutants (bnpo.variance_reduction_independent_score)
# ------------------------------------------------------------------------------------------------


def optimum_variant(alpha_star: Any, minimum: Any = None) -> OptimumFormula:
    """OPTIMAL_ALPHA with another α* expression or another minimum-value expression."""
    value = MINIMUM_SECOND_MOMENT if minimum is None else MINIMUM_SECOND_MOMENT.with_expr(minimum)
    return OptimumFormula(alpha_star, OPTIMAL_ALPHA.params, name=OPTIMAL_ALPHA.name, minimum=value)


def _match_data(a: float, b: float) -> tuple[float, float]:
    """V3 with α* = a, β* = b (match the data distribution)."""
    return (a, b)


def _one_plus_a(a: float, b: float) -> tuple[float, float]:
    """V3 with α* = 1 + a, β* = 1 + b."""
    return (1 + a, 1 + b)


# ------------------------------------------------------------------------------------------------
# V6 mutants (bnpo.unbiased_for_transformed_objective)
# ------------------------------------------------------------------------------------------------


def _objective_multiply_by_density(p: Any, al: float, be: float) -> np.ndarray:
    """V6 with G′ = f_N (multiplying instead of dividing)."""
    return special.betainc(al, be, np.asarray(p, dtype=float))


def _objective_anchored_at_one(p: Any, al: float, be: float) -> np.ndarray:
    """V6 with G(p) = −∫ₚ¹ dt/f_N: the antiderivative anchored at 1 (same G′, G(0) ≠ 0)."""
    return transformed_objective(p, al, be) - transformed_objective(1.0, al, be)


def _objective_divide_by_sqrt_density(p: Any, al: float, be: float) -> np.ndarray:
    """V6 with G′ = 1/√f_N."""
    return (np.sqrt(special.beta(al, be)) * special.beta(1.5 - al / 2, 1.5 - be / 2)
            * special.betainc(1.5 - al / 2, 1.5 - be / 2, np.asarray(p, dtype=float)))


# ------------------------------------------------------------------------------------------------
# V7 mutants (bnpo.moments_limit, bnpo.moments_corrected)
# ------------------------------------------------------------------------------------------------


def _limit_factor_g_over_g_minus_one(a: float, b: float, G: int) -> tuple[float, float]:
    """V7 refined with the limit a(G−1)/G."""
    return (a * (G - 1) / G, b * (G - 1) / G)


def _limit_swapped(a: float, b: float, G: int) -> tuple[float, float]:
    """V7 refined with the roles of a and b swapped."""
    return moments_limit(b, a, G)


def _uncorrected_fit(p_hat: Any, G: int) -> tuple[float, float]:
    p_hat = np.asarray(p_hat, dtype=float)
    return method_of_moments(float(p_hat.mean()), float(p_hat.var(ddof=1)))


def _corrected_fit_variant(p_hat: Any, G: int, *, ddof: int = 1, divisor_offset: int = 1) -> tuple[float, float]:
    """The corrected fit with the variance's ddof and the correction's divisor G − offset as knobs."""
    p_hat = np.asarray(p_hat, dtype=float)
    v = float(p_hat.var(ddof=ddof)) - float(np.mean(p_hat * (1 - p_hat))) / (G - divisor_offset)
    if not v > 0:
        raise ValueError("p_hat: the corrected variance is not positive")
    return method_of_moments(float(p_hat.mean()), v)


def _correction_over_g(p_hat: Any, G: int) -> tuple[float, float]:
    """V7 corrected with the correction mean(p̂(1−p̂))/G instead of /(G − 1)."""
    return _corrected_fit_variant(p_hat, G, divisor_offset=0)


def _corrected_population_variance(p_hat: Any, G: int) -> tuple[float, float]:
    """V7 corrected with the population (ddof = 0) variance of p̂ instead of the unbiased one."""
    return _corrected_fit_variant(p_hat, G, ddof=0)


# ------------------------------------------------------------------------------------------------
# Mutants of the released computation: steps 1–5 (bnpo.released_advantage), V8 (bnpo.decomposition)
# ------------------------------------------------------------------------------------------------


def _released_biased_variance(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 3 with the biased variance (ddof = 0)."""
    return _advantages(ids, r, ddof=0, **kw)


def _released_over_responses(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 3 with the moments over responses instead of one value per prompt."""
    return _advantages(ids, r, per_response=True, **kw)


def _released_multiply_by_density(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 5 as A = f_N(p̂)(R − p̂)."""
    return _advantages(ids, r, power=1.0, **kw)


def _released_divide_by_sqrt_density(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 5 as A = (R − p̂)/√f_N(p̂)."""
    return _advantages(ids, r, power=-0.5, **kw)


def _released_swapped(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 4 with α from b and β from a."""
    return _advantages(ids, r, params=lambda a, b: bnpo_parameters(b, a), **kw)


def _released_no_one_plus(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 4 as α = max(1, a/3)."""
    return _advantages(ids, r, params=lambda a, b: (max(1.0, a / 3), max(1.0, b / 3)), **kw)


def _summed_reward(ids: Any, comp: Any, *, reward_ranges: Any = None, **kw: Any) -> DecomposedAdvantages:
    comp = np.asarray(comp, dtype=float)
    comp = comp[:, None] if comp.ndim == 1 else comp
    k = comp.shape[1]
    res = bnpo_advantages(ids, comp.sum(axis=1), reward_range=(0.0, float(k)), **kw)
    return DecomposedAdvantages(res.advantages, (res,))


def _sum_not_mean(ids: Any, comp: Any, **kw: Any) -> DecomposedAdvantages:
    """Step 6 with the K advantages summed, not averaged."""
    d = bnpo_decomposed_advantages(ids, comp, **kw)
    return DecomposedAdvantages(d.advantages * len(d.components), d.components)


# ------------------------------------------------------------------------------------------------
# V9 mutants (bnpo.degenerate_batches_suite)
# ------------------------------------------------------------------------------------------------


def _no_clamp(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 4 as α = 1 + a/3 without the clamp at 1."""
    return _advantages(ids, r, params=lambda a, b: (1 + a / 3, 1 + b / 3), **kw)


def _float_zero_variance(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """v = 0 decided in float64 (equal p̂ can leave v ≈ 5e-33 > 0)."""
    return _advantages(ids, r, exact_zero_variance=False, **kw)


def _uncapped_division(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """Step 5 as A = (R − p̂)/f_N(p̂) without the weight cap."""
    return _advantages(ids, r, capped=False, **kw)


def _released_record_swapped(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """The advantages right, but the returned record has α and β swapped."""
    res = bnpo_advantages(ids, r, **kw)
    return dataclasses.replace(res, alpha=res.beta, beta=res.alpha)


def _released_cap_1e5(ids: Any, r: Any, **kw: Any) -> BNPOAdvantages:
    """The weight capped at 10⁵ instead of the release's 10⁶."""
    return _advantages(ids, r, max_weight=1e5, **kw)


# ------------------------------------------------------------------------------------------------
# Mutants of the library's building blocks (bnpo.library_*)
# ------------------------------------------------------------------------------------------------


def _density_unnormalised(p: Any, alpha: float, beta: float) -> np.ndarray:
    """f_N without the 1/B(α, β)."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return np.exp(special.xlogy(alpha - 1.0, p) + special.xlog1py(beta - 1.0, -p))


def _density_exponents_alpha(p: Any, alpha: float, beta: float) -> np.ndarray:
    """p^α (1−p)^β / B(α, β): the exponents without the − 1."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return np.exp(_log_density(p, alpha + 1.0, beta + 1.0) + special.betaln(alpha + 1.0, beta + 1.0)
                      - special.betaln(alpha, beta))


def _density_swapped(p: Any, alpha: float, beta: float) -> np.ndarray:
    """p^{β−1}(1−p)^{α−1}/B(α, β): α and β swapped."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return np.exp(_log_density(p, beta, alpha))


def _weight_uncapped(p: Any, alpha: float, beta: float, *, max_weight: float = MAX_WEIGHT) -> np.ndarray:
    """1/f_N without the cap (inf where f_N = 0)."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        return np.exp(-_log_density(p, alpha, beta))


def _weight_fixed_cap(p: Any, alpha: float, beta: float, *, max_weight: float = MAX_WEIGHT) -> np.ndarray:
    """min(1/f_N, 10⁶) whatever max_weight is."""
    return bnpo_weight(p, alpha, beta)


def _weight_density(p: Any, alpha: float, beta: float, *, max_weight: float = MAX_WEIGHT) -> np.ndarray:
    """min(f_N, max_weight): multiplying instead of dividing."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return np.minimum(np.exp(_log_density(p, alpha, beta)), max_weight)


def _moments_missing_minus_one(m: float, v: float) -> tuple[float, float]:
    """Step 3 with k = m(1−m)/v instead of m(1−m)/v − 1."""
    k = m * (1.0 - m) / v
    return k * m, k * (1.0 - m)


def _moments_swapped(m: float, v: float) -> tuple[float, float]:
    """Step 3 with a and b swapped."""
    a, b = method_of_moments(m, v)
    return b, a


def _moments_variance_as_std(m: float, v: float) -> tuple[float, float]:
    """Step 3 with v read as a standard deviation: k = m(1−m)/v² − 1."""
    k = m * (1.0 - m) / v**2 - 1.0
    return k * m, k * (1.0 - m)


def _parameters_no_clamp(a: float, b: float) -> tuple[float, float]:
    """Step 4 without the clamp: α = 1 + a/3."""
    return 1.0 + a / 3.0, 1.0 + b / 3.0


def _parameters_half(a: float, b: float) -> tuple[float, float]:
    """Step 4 as α = max(1, 1 + a/2)."""
    return max(1.0, 1.0 + a / 2.0), max(1.0, 1.0 + b / 2.0)


def _parameters_swapped(a: float, b: float) -> tuple[float, float]:
    """Step 4 with α from b and β from a."""
    return bnpo_parameters(b, a)


def _grpo_std_swapped(ids: Any, r: Any, **kw: Any) -> np.ndarray:
    """GRPO with the population and Bessel standard deviations swapped."""
    return _grpo(ids, r, ddof_swap=True, **kw)


def _grpo_ignores_eps(ids: Any, r: Any, **kw: Any) -> np.ndarray:
    """GRPO with eps ignored."""
    return _grpo(ids, r, ignore_eps=True, **kw)


def _grpo_batch_mean(ids: Any, r: Any, **kw: Any) -> np.ndarray:
    """GRPO with the batch mean in place of each group's mean."""
    return _grpo(ids, r, batch_mean=True, **kw)


def _grpo_variance(ids: Any, r: Any, **kw: Any) -> np.ndarray:
    """GRPO divided by the variance instead of the standard deviation."""
    return _grpo(ids, r, std_power=2.0, **kw)
