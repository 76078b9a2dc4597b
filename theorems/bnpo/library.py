"""BNPO library: the released advantage computation in numpy, and the closed forms of V1, V2, V6, V7.

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864), with the
authors' release (``compute_bnpo_outcome_advantage`` in ``recipe/bnpo/src/bnpo_ray_trainer.py``).

This module holds

* a numpy implementation of the released advantage computation (steps 1–6 of the spec) for users:
  :func:`bnpo_advantages` and :func:`bnpo_decomposed_advantages` (with their degenerate-batch
  behaviour decided and documented), and the pieces they use; GRPO's advantage
  (:func:`grpo_advantages`) for comparison;
* the formulas under test that a user can call: the V1 closed form (:func:`second_moment`), the V2
  optimum (:func:`optimal_parameters`, :func:`minimum_second_moment`), each calling its Formula in
  :mod:`.formulas` (a, b ∈ [1e−100, 80], where float64 evaluates them), the V6 objective
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

Input validation. Every public function rejects what it cannot compute with an exception that names
the argument: ``TypeError`` for a wrong type (a string, ``None``, a complex number, ``True``/``False``
where a number is expected), ``ValueError`` for NaN, ±inf, an empty or wrongly shaped array and a value
outside the allowed range. GRPO's advantage and the reward normalization are scale-free and are computed
on normalized values, so rewards of size 1e±200 give the same advantages as rewards of size 1.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
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
# Input validation: every message names the argument and says what is allowed
# ------------------------------------------------------------------------------------------------


def _real(name: str, value: Any) -> Any:
    """``value`` if it is a finite real number (int, float, Fraction, numpy scalar; not a bool)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    try:
        finite = math.isfinite(value)
    except OverflowError as exc:  # an int or Fraction beyond the float range
        raise ValueError(f"{name} = {value} is beyond the float64 range") from exc
    if not finite:
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def _positive(name: str, value: Any) -> Any:
    """``value`` if it is a finite real number > 0."""
    if not _real(name, value) > 0:
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return value


def _integer(name: str, value: Any, minimum: int) -> int:
    """``value`` if it is an integer (not a bool) ≥ ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer ≥ {minimum}, got {value!r} of type {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer ≥ {minimum}, got {value!r}")
    return int(value)


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}")
    return value


def _float_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a non-empty float array of finite numbers (no bools, strings or complex numbers)."""
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nesting
        raise ValueError(f"{name} must be a rectangular array of numbers, got {value!r}") from exc
    if raw.dtype.kind == "b" or (raw.dtype.kind == "O" and any(isinstance(x, (bool, np.bool_)) for x in raw.ravel())):
        raise TypeError(f"{name} must hold numbers, not booleans: convert them first (e.g. .astype(float))")
    if raw.dtype.kind not in "iufO":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {raw.dtype}")
    try:
        arr = raw.astype(float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must hold real numbers, got {value!r}") from exc
    if arr.size == 0:
        raise ValueError(f"{name} is empty: give at least one value")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or infinity)")
    return arr


def _probabilities(name: str, value: Any) -> np.ndarray:
    """``value`` as a non-empty float array with every entry in [0, 1]."""
    arr = _float_array(name, value)
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"{name} must lie in [0, 1], found {arr.min():g} … {arr.max():g}")
    return arr


def _to_float(name: str, value: Any) -> float:
    """float(value), or a ValueError naming the argument when it is beyond the float64 range."""
    try:
        return float(value)
    except OverflowError as exc:
        raise ValueError(f"{name} = {value} is beyond the float64 range") from exc


def _shape_parameters(alpha: Any, beta: Any) -> tuple[float, float]:
    return float(_positive("alpha", alpha)), float(_positive("beta", beta))


# ------------------------------------------------------------------------------------------------
# The library: the released advantage computation in numpy
# ------------------------------------------------------------------------------------------------


def beta_density(p: Any, alpha: float, beta: float) -> np.ndarray:
    """f_N(p; α, β) = p^{α−1}(1−p)^{β−1}/B(α, β), for p in [0, 1] and α, β > 0 (0⁰ = 1; inf where it diverges)."""
    alpha, beta = _shape_parameters(alpha, beta)
    p = _probabilities("p", p)
    with np.errstate(divide="ignore"):
        return np.exp(_log_density(p, alpha, beta))


def _log_density(p: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    return special.xlogy(alpha - 1.0, p) + special.xlog1py(beta - 1.0, -p) - special.betaln(alpha, beta)


def bnpo_weight(p: Any, alpha: float, beta: float, *, max_weight: float = MAX_WEIGHT) -> np.ndarray:
    """Step 5: min(1/f_N(p; α, β), max_weight), finite even where f_N(p) = 0 (p ∈ {0, 1})."""
    alpha, beta = _shape_parameters(alpha, beta)
    max_weight = float(_positive("max_weight", max_weight))
    p = _probabilities("p", p)
    return _capped_weight(p, alpha, beta, max_weight, power=-1.0)


def _capped_weight(p: np.ndarray, alpha: float, beta: float, max_weight: float, power: float) -> np.ndarray:
    """exp(min(power · log f_N, log max_weight)): f_N^power capped, computed in logs (no inf · 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logw = power * _log_density(p, alpha, beta)
    return np.exp(np.minimum(logw, math.log(max_weight)))


def method_of_moments(m: float, v: float) -> tuple[float, float]:
    """Step 3: (a, b) = ((m(1−m)/v − 1) m, (m(1−m)/v − 1)(1 − m)); needs v > 0.

    For v < m(1 − m) this is the Beta(a, b) with mean m and variance v; for v ≥ m(1 − m) (the moment
    condition fails) a, b ≤ 0, as the release computes them. Computed in exact rationals on the floats
    passed and rounded once (see :func:`_beta_fit`).
    """
    m = float(_real("m", m))
    if not 0.0 <= m <= 1.0:
        raise ValueError(f"the mean m must lie in [0, 1], got {m!r}")
    if not float(_real("v", v)) > 0.0:
        raise ValueError(f"the variance v must be positive, got {v!r} (v = 0 means every prompt has the same "
                         "success rate: no Beta distribution has these moments)")
    return _beta_fit(Fraction(m), Fraction(float(v)))


def _beta_fit(m: Fraction, v: Fraction) -> tuple[float, float]:
    """(k m, k (1 − m)) with k = m(1 − m)/v − 1 in exact rationals, each rounded once to float64.

    In float64, k = m(1−m)/v − 1 rounds to 0 when v is within a rounding of m(1 − m): m = 1/24,
    v = 23/576 (as floats, v < m(1 − m) by 9.6e-19) gave a = b = 0, no Beta distribution. Exactly, the
    sign of k is that of m(1 − m) − v, and a, b > 0 whenever v < m(1 − m).
    """
    k = m * (1 - m) / v - 1
    try:
        return float(k * m), float(k * (1 - m))
    except OverflowError as exc:
        raise ValueError(f"the variance v = {float(v)!r} is too small for m = {float(m)!r}: a and b overflow "
                         "float64") from exc


def bnpo_parameters(a: float, b: float) -> tuple[float, float]:
    """Step 4: α = max(1, 1 + a/3), β = max(1, 1 + b/3) (the V2 optimum, clamped at 1)."""
    a, b = float(_real("a", a)), float(_real("b", b))
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


def _validate_batch(prompt_ids: Any, rewards: Any, rewards_name: str = "rewards") -> tuple[np.ndarray, np.ndarray]:
    try:
        ids = np.asarray(prompt_ids)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"prompt_ids must be a 1-D sequence of prompt identifiers, got {prompt_ids!r}") from exc
    if ids.ndim != 1:
        raise ValueError(f"prompt_ids must be 1-D, got shape {ids.shape}")
    if ids.size == 0:
        raise ValueError("prompt_ids is empty: the batch needs at least one (prompt id, reward) pair")
    if ids.dtype.kind == "f" and np.any(np.isnan(ids)):
        raise ValueError("prompt_ids must not contain NaN (it equals no other id)")
    r = _float_array(rewards_name, rewards)
    if r.ndim != 1:
        raise ValueError(f"{rewards_name} must be 1-D, got shape {r.shape}")
    if ids.shape != r.shape:
        raise ValueError(f"prompt_ids and {rewards_name} must have the same length, got {ids.size} and {r.size}")
    return ids, r


def _reward_range(name: str, value: Any) -> tuple[float, float]:
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a pair (min, max) of numbers, got {value!r}")
    try:
        lo, hi = value
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a pair (min, max) of numbers, got {value!r}") from exc
    lo, hi = float(_real(f"{name} (min)", lo)), float(_real(f"{name} (max)", hi))
    if not hi > lo:
        raise ValueError(f"{name} must have max > min, got {value!r}")
    return lo, hi


def _normalise(r: np.ndarray, lo: float, hi: float, name: str) -> np.ndarray:
    """(r − lo)/(hi − lo), computed on r/c, lo/c, hi/c (c = max(|lo|, |hi|)) when hi − lo overflows."""
    if math.isfinite(hi - lo):
        s = (r - lo) / (hi - lo)
    else:
        c = max(abs(lo), abs(hi))
        s = (r / c - lo / c) / (hi / c - lo / c)
    if np.any(s < 0.0) or np.any(s > 1.0):
        raise ValueError(
            f"rewards must lie in {name} ({lo:g}, {hi:g}): found {r.min():g} … {r.max():g}; "
            f"pass the true (min, max) of the reward as {name}"
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
    range_name: str = "reward_range",
    rewards_name: str = "rewards",
) -> BNPOAdvantages:
    """Steps 1–5. The keyword-only knobs after ``on_degenerate`` exist for the mutants (and the names for
    the messages of :func:`bnpo_decomposed_advantages`)."""
    ids, r = _validate_batch(prompt_ids, rewards, rewards_name)
    on_degenerate = _choice("on_degenerate", on_degenerate, ("fallback", "raise"))
    max_weight = float(_positive("max_weight", max_weight))
    lo, hi = _reward_range(range_name, reward_range)
    s = _normalise(r, lo, hi, range_name)
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    sums = np.bincount(inverse, weights=s)
    flags: list[str] = []
    if np.any(counts == 1):
        if on_degenerate == "raise":
            raise ValueError("prompt_ids: a prompt has a single response; BNPO needs at least 2 responses per "
                             "prompt for its group mean (the release sets p̂ = 0 there)")
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
                and _same_success_rate(r, (lo, hi), inverse, counts)):
            v = 0.0  # the rounding residue of equal p̂ (see _same_success_rate)
    if v == 0.0:
        if on_degenerate == "raise":
            raise ValueError(f"rewards: every prompt has the same success rate p̂ = {m:g} (v = 0): the method of "
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
    release (p̂ = 0) or raise. The advantages are always finite. Rewards and ``reward_range`` may have any
    scale (1e±200 included): only the normalized rewards enter.
    """
    return _advantages(prompt_ids, rewards, reward_range=reward_range, max_weight=max_weight,
                       on_degenerate=on_degenerate)


@dataclasses.dataclass(frozen=True)
class DecomposedAdvantages:
    """The result of :func:`bnpo_decomposed_advantages`: the mean advantage and each component's fit."""

    advantages: np.ndarray
    components: tuple[BNPOAdvantages, ...]


def _component_rewards(component_rewards: Any) -> np.ndarray:
    r = _float_array("component_rewards", component_rewards)
    if r.ndim == 1:
        r = r[:, None]
    if r.ndim != 2 or r.shape[1] == 0:
        raise ValueError(f"component_rewards must have shape (responses, K) with K ≥ 1, got {r.shape}")
    return r


def _decomposed(
    prompt_ids: Any,
    component_rewards: Any,
    *,
    reward_ranges: Sequence[tuple[float, float]] | None = None,
    max_weight: float = MAX_WEIGHT,
    on_degenerate: str = "fallback",
) -> DecomposedAdvantages:
    r = _component_rewards(component_rewards)
    k = r.shape[1]
    if reward_ranges is None:
        ranges = [(0.0, 1.0)] * k
    elif isinstance(reward_ranges, (str, bytes)) or not isinstance(reward_ranges, Sequence):
        raise TypeError(f"reward_ranges must be a sequence of K = {k} pairs (min, max), got {reward_ranges!r}")
    else:
        ranges = list(reward_ranges)
    if len(ranges) != k:
        raise ValueError(f"reward_ranges has {len(ranges)} entries for K = {k} reward components")
    comps = tuple(_advantages(prompt_ids, r[:, j], reward_range=ranges[j], max_weight=max_weight,
                                on_degenerate=on_degenerate, range_name=f"reward_ranges[{j}]",
                                rewards_name=f"component_rewards[:, {j}]") for j in range(k))
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


def _grpo(prompt_ids: Any, rewards: Any, *, std: str = "population", eps: float = 0.0, ddof_swap: bool = False,
          ignore_eps: bool = False, batch_mean: bool = False, std_power: float = 1.0) -> np.ndarray:
    """GRPO's advantage on normalized rewards. The keyword-only knobs after ``eps`` exist for the mutants."""
    ids, r = _validate_batch(prompt_ids, rewards)
    std = _choice("std", std, ("population", "bessel"))
    eps = float(_real("eps", eps))
    if eps < 0:
        raise ValueError(f"eps must be ≥ 0 (it is added to the standard deviation), got {eps!r}")
    if ignore_eps:
        eps = 0.0
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if np.any(counts < 2):
        raise ValueError("prompt_ids: grpo_advantages needs at least 2 responses per prompt")
    n_groups = counts.size
    scale = np.zeros(n_groups)
    np.maximum.at(scale, inverse, np.abs(r))
    low, high = np.full(n_groups, np.inf), np.full(n_groups, -np.inf)
    np.minimum.at(low, inverse, r)
    np.maximum.at(high, inverse, r)
    identical = low == high
    if eps == 0.0 and np.any(identical):
        raise ValueError("rewards: a group has identical rewards and eps = 0, so GRPO's advantage is 0/0 there; "
                         "pass eps > 0 (the advantage is then 0)")
    scale = np.where(scale > 0, scale, 1.0)
    x = r / scale[inverse]
    if batch_mean:  # mutant: one mean over the whole batch
        mean = np.full(r.shape, np.mean(x))
    else:
        mean = (np.bincount(inverse, weights=x) / counts)[inverse]
    d = np.where(identical[inverse], 0.0, x - mean)
    bessel = (std == "bessel") != ddof_swap
    sd = np.sqrt(np.bincount(inverse, weights=d**2) / (counts - (1 if bessel else 0))) ** std_power
    with np.errstate(over="ignore"):  # eps/scale beyond float range: the advantage is 0 to float precision
        denom = sd + eps / scale
    return d / denom[inverse]


def grpo_advantages(prompt_ids: Any, rewards: Any, *, std: Literal["population", "bessel"] = "population",
                    eps: float = 0.0) -> np.ndarray:
    """GRPO's advantage (r − mean)/(std + eps) per group; ``std`` population (ddof 0) or Bessel (ddof 1).

    Scale-free for eps = 0: computed on each group's rewards divided by their largest magnitude (the
    advantage is (x − mean x)/(std x + eps/c) with x = r/c), so rewards of size 1e±200 neither overflow
    nor underflow. A group whose rewards are all equal gets 0 when eps > 0; with eps = 0 its advantage is
    0/0 and the function raises.
    """
    return _grpo(prompt_ids, rewards, std=std, eps=eps)


# ------------------------------------------------------------------------------------------------
# The closed forms of V1, V2, V6, V7 (the formulas under test that users call)
# ------------------------------------------------------------------------------------------------


def _closed_forms() -> Any:
    """The module of the V1 and V2 Formulas, imported on first use (it imports this module for its mutants)."""
    from . import formulas

    return formulas


def second_moment(a: float, b: float, alpha: float, beta: float) -> float:
    """V1: E_p[p(1−p)/f_N(p)²] = B(α,β)² B(a+3−2α, b+3−2β)/B(a, b) (the Formula ``formulas.SECOND_MOMENT``,
    a, b ∈ [1e−100, 80]); inf unless α < (a+3)/2, β < (b+3)/2."""
    a, b = float(_positive("a", a)), float(_positive("b", b))
    alpha, beta = _shape_parameters(alpha, beta)
    if alpha >= (a + 3) / 2 or beta >= (b + 3) / 2:
        return math.inf
    return _closed_forms().SECOND_MOMENT(a, b, alpha, beta)


def optimal_parameters(a: float, b: float) -> tuple[float, float]:
    """V2: the minimiser of V1's second moment, α* = 1 + a/3, β* = 1 + b/3 (``formulas.OPTIMAL_ALPHA``)."""
    a, b = float(_positive("a", a)), float(_positive("b", b))
    return _closed_forms().OPTIMAL_ALPHA.parameters(a, b)


def minimum_second_moment(a: float, b: float) -> float:
    """V2: the minimum value B(1 + a/3, 1 + b/3)³ / B(a, b) (``formulas.MINIMUM_SECOND_MOMENT``)."""
    a, b = float(_positive("a", a)), float(_positive("b", b))
    return _closed_forms().MINIMUM_SECOND_MOMENT(a, b)


def transformed_objective(p: Any, alpha: float, beta: float) -> np.ndarray:
    """V6: G(p) = ∫₀ᵖ dt / f_N(t; α, β) = B(α, β) B(2−α, 2−β) I_p(2−α, 2−β), for 0 < α, β < 2.

    BNPO's expected gradient (exact baseline, fixed α, β) is ∇_θ E_q G(p(q)).
    """
    alpha, beta = _shape_parameters(alpha, beta)
    for name, value in (("alpha", alpha), ("beta", beta)):
        if not value < 2:
            raise ValueError(f"{name} must be < 2: ∫₀ᵖ dt/f_N converges only for α < 2 and β < 2, got {value!r}")
    p = _probabilities("p", p)
    return (special.beta(alpha, beta) * special.beta(2 - alpha, 2 - beta)
            * special.betainc(2 - alpha, 2 - beta, p))


def moments_limit(a: float, b: float, G: int) -> tuple[float, float]:
    """V7 refined: the method of moments fed p̂ from G rollouts tends (many prompts) to
    (a (G−1)/(G+a+b), b (G−1)/(G+a+b)). Exact for Fraction inputs; G = 1 gives (0, 0).

    Computed on a/s, b/s, G/s with s = max(a, b, G), so a, b near the float maximum do not overflow.
    """
    a, b = _positive("a", a), _positive("b", b)
    G = _integer("G", G, 1)
    if isinstance(a, Fraction) or isinstance(b, Fraction):
        a, b, count = Fraction(a), Fraction(b), Fraction(G)
    else:
        a, b, count = (_to_float(name, x) for name, x in (("a", a), ("b", b), ("G", G)))
    s = max(a, b, count)
    denominator = count / s + a / s + b / s
    return a / s * (count - 1) / denominator, b / s * (count - 1) / denominator


def _exact_power_sums(x: np.ndarray) -> tuple[Fraction, Fraction]:
    """(Σx, Σx²) of a float array in exact rationals: integers over the largest power-of-two denominator,
    summed over the distinct values (p̂ = k/G takes at most G + 1)."""
    values, counts = np.unique(x, return_counts=True)
    ratios = [value.as_integer_ratio() for value in values.tolist()]  # denominators are powers of two
    bits = max(denominator.bit_length() for _, denominator in ratios)
    scaled = [numerator << (bits - denominator.bit_length()) for numerator, denominator in ratios]
    counts_list = counts.tolist()
    sum_x = sum(c * y for c, y in zip(counts_list, scaled))
    sum_x2 = sum(c * y * y for c, y in zip(counts_list, scaled))
    scale = 1 << (bits - 1)
    return Fraction(sum_x, scale), Fraction(sum_x2, scale * scale)


def corrected_moments_fit(p_hat: Any, G: int) -> tuple[float, float]:
    """V7 corrected: the method of moments with v_c = v − mean(p̂(1−p̂))/(G−1) (binomial noise removed).

    v is the unbiased (ddof = 1) variance of p̂ over the prompts, as in the release's step 3; with it,
    E v_c = Var p exactly for any number of prompts (E v = Var p + E p(1−p)/G, E p̂(1−p̂) = (1 − 1/G) E p(1−p)).
    m and v_c are computed in exact rationals on the floats passed, so the sign of v_c is decided exactly:
    in float64, p̂ = (0, 0, 1/2) with G = 2 (v = correction = 1/12, v_c = 0) left v_c = 1.4e-17 and a fit of
    a ≈ 1.7e15 where no Beta distribution fits.
    """
    p = _probabilities("p_hat", p_hat)
    if p.ndim != 1 or p.size < 2:
        raise ValueError(f"p_hat must be a 1-D array of at least 2 per-prompt success rates, got shape {p.shape}")
    G = _integer("G", G, 2)
    n = p.size
    sum_p, sum_p2 = _exact_power_sums(p)
    m = sum_p / n
    v = (sum_p2 - sum_p * m) / (n - 1)  # Σ(p̂ − m)² = Σp̂² − m Σp̂
    v_c = v - (sum_p - sum_p2) / n / (G - 1)  # Σp̂(1 − p̂) = Σp̂ − Σp̂²
    if not v_c > 0:
        raise ValueError(f"p_hat: the corrected variance v − mean(p̂(1−p̂))/(G−1) = {float(v_c):.3g} is not positive; "
                         f"the binomial noise of G = {G} rollouts explains all the spread of p_hat, and no Beta "
                         "distribution has these moments")
    return _beta_fit(m, v_c)
