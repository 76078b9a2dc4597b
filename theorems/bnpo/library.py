"""BNPO library: the released advantage computation in numpy, and the closed forms of V1, V2, V6, V7.

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864), with the
authors' release (``compute_bnpo_outcome_advantage`` in ``recipe/bnpo/src/bnpo_ray_trainer.py``).

This module holds

* a numpy implementation of the released advantage computation (steps 1–6 of the spec) for users:
  :func:`bnpo_advantages` and :func:`bnpo_decomposed_advantages` (with their degenerate-batch
  behaviour decided and documented), and the pieces they use; GRPO's advantage
  (:func:`grpo_advantages`) for comparison;
* the formulas under test that a user can call: the V1 closed form (:func:`second_moment`), the V2
  optimum (:func:`optimal_parameters`, :func:`minimum_second_moment`), the V6 objective
  (:func:`transformed_objective`) and the V7 limit and corrected fit (:func:`moments_limit`,
  :func:`corrected_moments_fit`).

Degenerate batches (V9). What the release does, derived from its arithmetic (float semantics of
torch: x/0 = inf, 0/0 = NaN, ``torch.clamp`` propagates NaN, ``torch.distributions.Beta`` validates
its parameters by default):

* every prompt with the same p̂ ∈ (0, 1) (v = 0): a = b = inf, α = β = inf, log f_N = inf − inf = NaN,
  so every advantage of the batch is NaN;
* every prompt with the same p̂ ∈ {0, 1}: m(1 − m)/v = 0/0 = NaN, α = NaN, and the Beta constructor
  raises ``ValueError`` (training stops);
* v ≥ m(1 − m) (moment condition fails): a, b ≤ 0 and the clamp gives α or β = 1: defined;
* p̂ ∈ {0, 1} for a group: f_N(p̂) can be 0, the weight is capped at 10⁶, and A = 10⁶ · 0 = 0: defined;
* one prompt: m = 0, v = 1 by convention, so a = 0, b = −1 and α = β = 1: REINFORCE, defined;
* a group of one response: p̂ = 0 by convention, so A = min(1/f_N(0), 10⁶) · R, which is 10⁶ · R as
  soon as α > 1.

What :func:`bnpo_advantages` does: the same numbers wherever the release is finite; when v = 0 it
falls back to α = β = 1 (REINFORCE, the release's own single-prompt convention) or, with
``on_degenerate="raise"``, raises ``ValueError``; groups of one response follow the release
(p̂ = 0) or raise with ``on_degenerate="raise"``. No NaN or infinity ever leaves it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from scipy import special

__all__ = [
    "BNPOAdvantages",
    "DecomposedAdvantages",
    "beta_density",
    "bnpo_advantages",
    "bnpo_decomposed_advantages",
    "bnpo_parameters",
    "bnpo_weight",
    "corrected_moments_fit",
    "grpo_advantages",
    "method_of_moments",
    "minimum_second_moment",
    "moments_limit",
    "optimal_parameters",
    "second_moment",
    "transformed_objective",
]

#: The release caps the weight 1/f_N at this value (``torch.clamp(1/weight, min=0, max=1e6)``).
MAX_WEIGHT = 1e6


# ------------------------------------------------------------------------------------------------
# The library: the released advantage computation in numpy
# ------------------------------------------------------------------------------------------------


def beta_density(p: Any, alpha: float, beta: float) -> np.ndarray:
    """f_N(p; α, β) = p^{α−1}(1−p)^{β−1}/B(α, β), for p in [0, 1] and α, β > 0 (0⁰ = 1)."""
    _check_shape_params(alpha, beta)
    p = np.asarray(p, dtype=float)
    if np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("beta_density: p must lie in [0, 1]")
    with np.errstate(divide="ignore"):
        return np.exp(_log_density(p, alpha, beta))


def _log_density(p: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    return special.xlogy(alpha - 1.0, p) + special.xlog1py(beta - 1.0, -p) - special.betaln(alpha, beta)


def _check_shape_params(alpha: float, beta: float) -> None:
    for name, v in (("alpha", alpha), ("beta", beta)):
        if not (isinstance(v, (int, float, np.floating, np.integer)) and math.isfinite(v) and v > 0):
            raise ValueError(f"{name} must be a finite positive number, got {v!r}")


def bnpo_weight(p: Any, alpha: float, beta: float, *, max_weight: float = MAX_WEIGHT) -> np.ndarray:
    """Step 5: min(1/f_N(p; α, β), max_weight), finite even where f_N(p) = 0 (p ∈ {0, 1})."""
    _check_shape_params(alpha, beta)
    if not (math.isfinite(max_weight) and max_weight > 0):
        raise ValueError(f"max_weight must be a finite positive number, got {max_weight!r}")
    p = np.asarray(p, dtype=float)
    if np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("bnpo_weight: p must lie in [0, 1]")
    return _capped_weight(p, alpha, beta, max_weight, power=-1.0)


def _capped_weight(p: np.ndarray, alpha: float, beta: float, max_weight: float, power: float) -> np.ndarray:
    """exp(min(power · log f_N, log max_weight)): f_N^power capped, computed in logs (no inf · 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logw = power * _log_density(p, alpha, beta)
    return np.exp(np.minimum(logw, math.log(max_weight)))


def method_of_moments(m: float, v: float) -> tuple[float, float]:
    """Step 3: (a, b) = ((m(1−m)/v − 1) m, (m(1−m)/v − 1)(1 − m)); needs v > 0."""
    if not (math.isfinite(m) and 0.0 <= m <= 1.0):
        raise ValueError(f"method_of_moments: the mean m must lie in [0, 1], got {m!r}")
    if not (math.isfinite(v) and v > 0.0):
        raise ValueError(
            f"method_of_moments: the variance v must be positive, got {v!r} (v = 0 means every "
            "prompt has the same success rate: no Beta distribution has these moments)"
        )
    k = m * (1.0 - m) / v - 1.0
    return k * m, k * (1.0 - m)


def bnpo_parameters(a: float, b: float) -> tuple[float, float]:
    """Step 4: α = max(1, 1 + a/3), β = max(1, 1 + b/3) (the V2 optimum, clamped at 1)."""
    if not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError(f"bnpo_parameters: a and b must be finite, got {a!r}, {b!r}")
    return max(1.0, 1.0 + a / 3.0), max(1.0, 1.0 + b / 3.0)


@dataclasses.dataclass(frozen=True)
class BNPOAdvantages:
    """The result of :func:`bnpo_advantages` for one batch (one reward component).

    advantages: one value per response (broadcast it to the response's tokens).
    p_hat: the group mean of each response's prompt (step 2), per response.
    m, v: mean and unbiased variance of the per-prompt p̂ (step 3; 0 and 1 for a single prompt).
    a, b: the method-of-moments fit (0, 0 when v = 0 and the fallback is used).
    alpha, beta: the Beta(α, β) normalization used (step 4), always ≥ 1.
    degenerate: names of the degenerate conditions met ("single_prompt", "zero_variance",
        "moment_condition", "singleton_group"), empty when none.
    """

    advantages: np.ndarray
    p_hat: np.ndarray
    m: float
    v: float
    a: float
    b: float
    alpha: float
    beta: float
    degenerate: tuple[str, ...]


def _validate_batch(prompt_ids: Any, rewards: Any) -> tuple[np.ndarray, np.ndarray]:
    ids = np.asarray(prompt_ids)
    r = np.asarray(rewards, dtype=float)
    if ids.ndim != 1 or r.ndim != 1:
        raise ValueError(f"prompt_ids and rewards must be 1-D, got shapes {ids.shape} and {r.shape}")
    if ids.shape != r.shape:
        raise ValueError(f"prompt_ids and rewards must have the same length, got {ids.size} and {r.size}")
    if r.size == 0:
        raise ValueError("the batch is empty: give at least one (prompt id, reward) pair")
    if not np.all(np.isfinite(r)):
        raise ValueError("rewards must be finite (found NaN or infinity)")
    return ids, r


def _normalise(r: np.ndarray, reward_range: tuple[float, float]) -> np.ndarray:
    try:
        lo, hi = (float(x) for x in reward_range)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"reward_range must be a pair (min, max), got {reward_range!r}") from exc
    if not (math.isfinite(lo) and math.isfinite(hi) and hi > lo):
        raise ValueError(f"reward_range must be finite with max > min, got {reward_range!r}")
    s = (r - lo) / (hi - lo)
    if np.any(s < 0.0) or np.any(s > 1.0):
        raise ValueError(
            f"rewards must lie in reward_range {reward_range}: found {r.min():g} … {r.max():g}; "
            "pass the true (min, max) of the reward"
        )
    return s


#: p̂ values this close together are compared in exact arithmetic before v is trusted (a cost
#: switch, not a tolerance: the exact comparison decides).
_NEAR_EQUAL_P_HAT = 1e-9


def _same_success_rate(r: np.ndarray, reward_range: tuple[float, float], inverse: np.ndarray,
                       counts: np.ndarray) -> bool:
    """Whether every prompt has the same p̂ in exact arithmetic (on the float rewards as given).

    Float64 cannot decide v = 0: three prompts at p̂ = 2/5 give mean 0.4000000000000001 and
    v ≈ 4.6e-33 > 0, so the fit would return α, β ≈ 1e31 and advantages ≈ 0 instead of the v = 0
    fallback.
    """
    lo, hi = (Fraction(float(x)) for x in reward_range)
    sums = [Fraction(0)] * len(counts)
    for q, x in zip(inverse.tolist(), r.tolist()):
        sums[q] += (Fraction(x) - lo) / (hi - lo)
    means = {sums[q] / int(n) if n > 1 else Fraction(0) for q, n in enumerate(counts.tolist())}
    return len(means) == 1


def _advantages(
    prompt_ids: Any,
    rewards: Any,
    *,
    reward_range: tuple[float, float] = (0.0, 1.0),
    max_weight: float = MAX_WEIGHT,
    on_degenerate: str = "fallback",
    ddof: int = 1,
    per_response: bool = False,
    power: float = -1.0,
    params: Callable[[float, float], tuple[float, float]] | None = None,
    capped: bool = True,
    exact_zero_variance: bool = True,
) -> BNPOAdvantages:
    """Steps 1–5. The keyword-only knobs after ``on_degenerate`` exist for the mutants."""
    ids, r = _validate_batch(prompt_ids, rewards)
    if on_degenerate not in ("fallback", "raise"):
        raise ValueError(f"on_degenerate must be 'fallback' or 'raise', got {on_degenerate!r}")
    if not (isinstance(max_weight, (int, float)) and math.isfinite(max_weight) and max_weight > 0):
        raise ValueError(f"max_weight must be a finite positive number, got {max_weight!r}")
    s = _normalise(r, reward_range)
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    sums = np.bincount(inverse, weights=s)
    flags: list[str] = []
    if np.any(counts == 1):
        if on_degenerate == "raise":
            raise ValueError("a prompt has a single response: BNPO needs at least 2 responses per prompt "
                             "for its group mean (the release sets p̂ = 0 there)")
        flags.append("singleton_group")
    p_group = np.where(counts > 1, sums / counts, 0.0)
    p_resp = p_group[inverse]
    values = p_resp if per_response else p_group
    if values.size == 1:
        flags.append("single_prompt")
        m, v = 0.0, 1.0
    else:
        m, v = float(np.mean(values)), float(np.var(values, ddof=ddof))
        if (exact_zero_variance and v != 0.0 and np.ptp(values) <= _NEAR_EQUAL_P_HAT
                and _same_success_rate(r, reward_range, inverse, counts)):
            v = 0.0  # the rounding residue of equal p̂ (see _same_success_rate)
    if v == 0.0:
        if on_degenerate == "raise":
            raise ValueError(f"every prompt has the same success rate p̂ = {m:g} (v = 0): the method of "
                             "moments has no solution; use on_degenerate='fallback' for α = β = 1")
        flags.append("zero_variance")
        a = b = 0.0
    else:
        a, b = method_of_moments(m, v)
        if a <= 0.0 or b <= 0.0:
            flags.append("moment_condition")
    alpha, beta = (params or bnpo_parameters)(a, b)
    if capped:
        weight = _capped_weight(p_resp, alpha, beta, max_weight, power)
        adv = weight * (s - p_resp)
    else:  # mutant: divide by f_N directly
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # the mutant's inf is the point
            adv = (s - p_resp) / np.exp(_log_density(p_resp, alpha, beta))
    return BNPOAdvantages(adv, p_resp, m, v, float(a), float(b), float(alpha), float(beta), tuple(flags))


def bnpo_advantages(
    prompt_ids: Sequence[Any] | np.ndarray,
    rewards: Sequence[float] | np.ndarray,
    *,
    reward_range: tuple[float, float] = (0.0, 1.0),
    max_weight: float = MAX_WEIGHT,
    on_degenerate: Literal["fallback", "raise"] = "fallback",
) -> BNPOAdvantages:
    """BNPO advantages of a batch of (prompt id, reward) pairs, as released (steps 1–5 of the spec).

    1. rewards → (r − min)/(max − min) with ``reward_range = (min, max)``; outside it: ``ValueError``;
    2. p̂ = mean normalized reward of each prompt's group (a group of one response: p̂ = 0);
    3. m, v = mean and unbiased variance of p̂ over the unique prompts (one prompt: m = 0, v = 1);
       a = (m(1−m)/v − 1) m, b = (m(1−m)/v − 1)(1 − m);
    4. α = max(1, 1 + a/3), β = max(1, 1 + b/3);
    5. A = min(1/f_N(p̂; α, β), max_weight) · (r_normalized − p̂).

    Degenerate batches: v = 0 (every prompt has the same p̂) gives α = β = 1 (REINFORCE) with
    ``on_degenerate="fallback"``, ``ValueError`` with ``"raise"``; groups of one response follow the
    release (p̂ = 0) or raise. The advantages are always finite.
    """
    return _advantages(prompt_ids, rewards, reward_range=reward_range, max_weight=max_weight,
                       on_degenerate=on_degenerate)


@dataclasses.dataclass(frozen=True)
class DecomposedAdvantages:
    """The result of :func:`bnpo_decomposed_advantages`: the mean advantage and each component's fit."""

    advantages: np.ndarray
    components: tuple[BNPOAdvantages, ...]


def _decomposed(
    prompt_ids: Any,
    component_rewards: Any,
    *,
    reward_ranges: Sequence[tuple[float, float]] | None = None,
    max_weight: float = MAX_WEIGHT,
    on_degenerate: str = "fallback",
    advantages_fn: Callable[..., BNPOAdvantages] = bnpo_advantages,
) -> DecomposedAdvantages:
    r = np.asarray(component_rewards, dtype=float)
    if r.ndim == 1:
        r = r[:, None]
    if r.ndim != 2 or r.shape[1] == 0:
        raise ValueError(f"component_rewards must have shape (responses, K) with K ≥ 1, got {r.shape}")
    k = r.shape[1]
    ranges = [(0.0, 1.0)] * k if reward_ranges is None else list(reward_ranges)
    if len(ranges) != k:
        raise ValueError(f"reward_ranges has {len(ranges)} entries for K = {k} reward components")
    comps = tuple(advantages_fn(prompt_ids, r[:, j], reward_range=ranges[j], max_weight=max_weight,
                                on_degenerate=on_degenerate) for j in range(k))
    return DecomposedAdvantages(np.mean([c.advantages for c in comps], axis=0), comps)


def bnpo_decomposed_advantages(
    prompt_ids: Sequence[Any] | np.ndarray,
    component_rewards: Sequence[Sequence[float]] | np.ndarray,
    *,
    reward_ranges: Sequence[tuple[float, float]] | None = None,
    max_weight: float = MAX_WEIGHT,
    on_degenerate: Literal["fallback", "raise"] = "fallback",
) -> DecomposedAdvantages:
    """Step 6, advantage decomposition: BNPO per reward component (own p̂_k, (a_k, b_k), (α_k, β_k)),
    then the mean of the K advantages. ``component_rewards`` has shape (responses, K)."""
    return _decomposed(prompt_ids, component_rewards, reward_ranges=reward_ranges,
                       max_weight=max_weight, on_degenerate=on_degenerate)


def grpo_advantages(prompt_ids: Any, rewards: Any, *, std: Literal["population", "bessel"] = "population",
                    eps: float = 0.0) -> np.ndarray:
    """GRPO's advantage (r − mean)/(std + eps) per group; ``std`` population (ddof 0) or Bessel (ddof 1)."""
    ids, r = _validate_batch(prompt_ids, rewards)
    if std not in ("population", "bessel"):
        raise ValueError(f"std must be 'population' or 'bessel', got {std!r}")
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if np.any(counts < 2):
        raise ValueError("grpo_advantages needs at least 2 responses per prompt")
    mean = (np.bincount(inverse, weights=r) / counts)[inverse]
    ss = np.bincount(inverse, weights=(r - mean) ** 2)
    sd = np.sqrt(ss / (counts - (1 if std == "bessel" else 0)))[inverse]
    denom = sd + eps
    if np.any(denom == 0):
        raise ValueError("a group has identical rewards and eps = 0: GRPO's advantage is 0/0 there")
    return (r - mean) / denom



# ------------------------------------------------------------------------------------------------
# The closed forms of V1, V2, V6, V7 (the formulas under test that users call)
# ------------------------------------------------------------------------------------------------


def _require_positive(**values: Any) -> None:
    for name, v in values.items():
        try:
            ok = math.isfinite(float(v)) and v > 0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"{name} must be a finite positive number, got {v!r}")


def second_moment(a: float, b: float, alpha: float, beta: float) -> float:
    """V1: E_p[p(1−p)/f_N(p)²] = B(α,β)² B(a+3−2α, b+3−2β)/B(a, b); inf unless α < (a+3)/2, β < (b+3)/2."""
    _require_positive(a=a, b=b, alpha=alpha, beta=beta)
    if alpha >= (a + 3) / 2 or beta >= (b + 3) / 2:
        return math.inf
    return math.exp(2 * special.betaln(alpha, beta) + special.betaln(a + 3 - 2 * alpha, b + 3 - 2 * beta)
                    - special.betaln(a, b))


def optimal_parameters(a: float, b: float) -> tuple[float, float]:
    """V2: the minimiser of V1's second moment, α* = 1 + a/3, β* = 1 + b/3."""
    _require_positive(a=a, b=b)
    return 1 + a / 3, 1 + b / 3


def minimum_second_moment(a: float, b: float) -> float:
    """V2: the minimum value B(1 + a/3, 1 + b/3)³ / B(a, b)."""
    _require_positive(a=a, b=b)
    return math.exp(3 * special.betaln(1 + a / 3, 1 + b / 3) - special.betaln(a, b))


def transformed_objective(p: Any, alpha: float, beta: float) -> np.ndarray:
    """V6: G(p) = ∫₀ᵖ dt / f_N(t; α, β) = B(α, β) B(2−α, 2−β) I_p(2−α, 2−β), for α, β < 2.

    BNPO's expected gradient (exact baseline, fixed α, β) is ∇_θ E_q G(p(q)).
    """
    _require_positive(alpha=alpha, beta=beta)
    if not (alpha < 2 and beta < 2):
        raise ValueError("transformed_objective: ∫₀ᵖ dt/f_N converges only for α < 2 and β < 2")
    p = np.asarray(p, dtype=float)
    return (special.beta(alpha, beta) * special.beta(2 - alpha, 2 - beta)
            * special.betainc(2 - alpha, 2 - beta, p))


def moments_limit(a: float, b: float, G: int) -> tuple[float, float]:
    """V7 refined: the method of moments fed p̂ from G rollouts tends (many prompts) to
    (a (G−1)/(G+a+b), b (G−1)/(G+a+b))."""
    _require_positive(a=a, b=b, G=G)
    return a * (G - 1) / (G + a + b), b * (G - 1) / (G + a + b)


def corrected_moments_fit(p_hat: Any, G: int) -> tuple[float, float]:
    """V7 corrected: the method of moments with v_c = v − mean(p̂(1−p̂))/(G−1) (binomial noise removed)."""
    p_hat = np.asarray(p_hat, dtype=float)
    if G < 2:
        raise ValueError("corrected_moments_fit needs G ≥ 2 rollouts per prompt")
    m = float(p_hat.mean())
    v = float(p_hat.var(ddof=1)) - float(np.mean(p_hat * (1 - p_hat))) / (G - 1)
    return method_of_moments(m, v)
