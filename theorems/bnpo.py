"""BNPO: Beta normalization of binary rewards (statements V1–V9 of the claim family).

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864, 2025), with the
authors' release (``compute_bnpo_outcome_advantage`` in ``recipe/bnpo/src/bnpo_ray_trainer.py``).
The paper body was not available; the statements come from the abstract, the released code and
derivation, and each claim says which.

Setup. A question q has success probability p(q) = E R, R ∈ {0, 1}; across questions p ∼ Beta(a, b).
The BNPO advantage is A = (R − p) / f_N(p; α, β), f_N the Beta(α, β) density, and the gradient
estimate is g = ∇ log π(o | q) · A. In practice p is the group mean p̂ of G rollouts.

This module holds

* a numpy implementation of the released advantage computation (steps 1–6 of the spec) for users:
  :func:`bnpo_advantages` and :func:`bnpo_decomposed_advantages` (with their degenerate-batch
  behaviour decided and documented), and the pieces they use;
* the formulas under test (the V1 closed form, the V2 optimum, the V6 objective, the V7 limit) with
  their mutants, the claims, and the sympy derivations.

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
import sympy as sp
from scipy import special

from claimkit import Claim, Derivation, Paper

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

PAPER = Paper(
    title="BNPO: Beta Normalization Policy Optimization",
    authors=("Changyi Xiao", "Mengdi Zhang", "Yixin Cao"),
    year=2025,
    arxiv="2506.02864",
    code="https://github.com/changyi7231/BNPO",
)

RELEASE = "released code, compute_bnpo_outcome_advantage"
#: The release caps the weight 1/f_N at this value (``torch.clamp(1/weight, min=0, max=1e6)``).
MAX_WEIGHT = 1e6

V1_ASSUMPTIONS = (
    "p(q) ∼ Beta(a, b) across questions, a, b > 0",
    "R ∼ Bernoulli(p(q)) given q",
    "exact baseline p(q) (not the group mean)",
    "score s = ∇ log π independent of (R, q), E s = 0, E‖s‖² = σ_s²",
)


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


# ------------------------------------------------------------------------------------------------
# The formulas under test
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


# ------------------------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------------------------

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


def _off_by_one(a: float, b: float, alpha: float, beta: float) -> float:
    if alpha >= (a + 2) / 2 or beta >= (b + 2) / 2:
        return math.inf
    return math.exp(2 * special.betaln(alpha, beta) + special.betaln(a + 2 - 2 * alpha, b + 2 - 2 * beta)
                    - special.betaln(a, b))


SECOND_MOMENT.mutant("exponent_off_by_one", "B(a+2−2α, b+2−2β) in place of B(a+3−2α, b+3−2β)", _off_by_one,
                     targets=("closed_form_matches_scipy_quadrature", "monte_carlo_independent_score"))
SECOND_MOMENT.mutant(
    "missing_square", "B(α, β) not squared",
    lambda a, b, al, be: (math.inf if al >= (a + 3) / 2 or be >= (b + 3) / 2 else math.exp(
        special.betaln(al, be) + special.betaln(a + 3 - 2 * al, b + 3 - 2 * be) - special.betaln(a, b))),
    targets=("closed_form_matches_scipy_quadrature",))
SECOND_MOMENT.mutant(
    "multiply_by_density", "A = (R − p)·f_N (multiplying instead of dividing)",
    lambda a, b, al, be: math.exp(special.betaln(a + 2 * al - 1, b + 2 * be - 1) - 2 * special.betaln(al, be)
                                  - special.betaln(a, b)),
    targets=("closed_form_matches_scipy_quadrature", "diverges_past_the_boundary"))
SECOND_MOMENT.mutant(
    "divide_by_sqrt_density", "A = (R − p)/√f_N",
    lambda a, b, al, be: (math.inf if al >= a + 2 or be >= b + 2 else math.exp(
        special.betaln(al, be) + special.betaln(a + 2 - al, b + 2 - be) - special.betaln(a, b))),
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
OPTIMUM.mutant("no_one_plus", "α* = a/3, β* = b/3", (lambda a, b: (a / 3, b / 3), _OPT_MIN))
OPTIMUM.mutant("one_plus_half", "α* = 1 + a/2, β* = 1 + b/2", (lambda a, b: (1 + a / 2, 1 + b / 2), _OPT_MIN))
OPTIMUM.mutant("match_data", "α* = a, β* = b (match the data distribution)", (lambda a, b: (a, b), _OPT_MIN))
OPTIMUM.mutant("swapped", "roles of a and b swapped", (lambda a, b: (1 + b / 3, 1 + a / 3), _OPT_MIN))
OPTIMUM.mutant("square_not_cube", "minimum B(1+a/3, 1+b/3)² / B(a, b)",
               (optimal_parameters,
                lambda a, b: math.exp(2 * special.betaln(1 + a / 3, 1 + b / 3) - special.betaln(a, b))))

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
VARIANCE_INDEPENDENT.mutant("match_data", "α* = a, β* = b", lambda a, b: (a, b),
                            targets=("quadrature_second_moments",))
VARIANCE_INDEPENDENT.mutant("one_plus_a", "α* = 1 + a, β* = 1 + b", lambda a, b: (1 + a, 1 + b))

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
                            lambda p, al, be: np.asarray(p, dtype=float))
UNBIASED_TRANSFORMED.mutant(
    "multiply_by_density", "G′ = f_N (multiplying instead of dividing)",
    lambda p, al, be: special.betainc(al, be, np.asarray(p, dtype=float)))
UNBIASED_TRANSFORMED.mutant(
    "divide_by_sqrt_density", "G′ = 1/√f_N",
    lambda p, al, be: (np.sqrt(special.beta(al, be)) * special.beta(1.5 - al / 2, 1.5 - be / 2)
                       * special.betainc(1.5 - al / 2, 1.5 - be / 2, np.asarray(p, dtype=float))))

UNBIASED = Claim(
    id="bnpo.unbiased_for_success",
    paper=PAPER,
    location="derivation, V6",
    statement="BNPO's gradient estimator is unbiased for ∇_θ J with J = E_q p(q).",
    assumptions=("exact baseline p(q), α and β held fixed", "Bernoulli-logit (softmax) policy"),
    kind="identity",
    expected="conditional",
    subject=lambda p, al, be: np.asarray(p, dtype=float),
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
MOMENTS_LIMIT.mutant("recovers_truth", "the limit is (a, b) (the V7 reading)", lambda a, b, G: (a, b))
MOMENTS_LIMIT.mutant("factor_g_over_g_minus_one", "limit a(G−1)/G",
                     lambda a, b, G: (a * (G - 1) / G, b * (G - 1) / G), targets=("exact_population_limit",))
MOMENTS_LIMIT.mutant("swapped", "roles of a and b swapped", lambda a, b, G: moments_limit(b, a, G),
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
    subject=lambda a, b, G: (a, b),
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


def _uncorrected_fit(p_hat: Any, G: int) -> tuple[float, float]:
    p_hat = np.asarray(p_hat, dtype=float)
    return method_of_moments(float(p_hat.mean()), float(p_hat.var(ddof=1)))


def _correction_over_g(p_hat: Any, G: int) -> tuple[float, float]:
    p_hat = np.asarray(p_hat, dtype=float)
    v = float(p_hat.var(ddof=1)) - float(np.mean(p_hat * (1 - p_hat))) / G
    return method_of_moments(float(p_hat.mean()), v)


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
                lambda ids, r, **kw: _advantages(ids, r, ddof=0, **kw))
RELEASED.mutant("over_responses", "moments over responses instead of one value per prompt",
                lambda ids, r, **kw: _advantages(ids, r, per_response=True, **kw))
RELEASED.mutant("multiply_by_density", "A = f_N(p̂)(R − p̂)",
                lambda ids, r, **kw: _advantages(ids, r, power=1.0, **kw))
RELEASED.mutant("divide_by_sqrt_density", "A = (R − p̂)/√f_N(p̂)",
                lambda ids, r, **kw: _advantages(ids, r, power=-0.5, **kw))
RELEASED.mutant("swapped", "α from b and β from a",
                lambda ids, r, **kw: _advantages(ids, r, params=lambda a, b: bnpo_parameters(b, a), **kw))
RELEASED.mutant("no_one_plus", "α = max(1, a/3)",
                lambda ids, r, **kw: _advantages(ids, r, params=lambda a, b: (max(1.0, a / 3), max(1.0, b / 3)),
                                                 **kw))

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


def _summed_reward(ids: Any, comp: Any, *, reward_ranges: Any = None, **kw: Any) -> DecomposedAdvantages:
    comp = np.asarray(comp, dtype=float)
    comp = comp[:, None] if comp.ndim == 1 else comp
    k = comp.shape[1]
    res = bnpo_advantages(ids, comp.sum(axis=1), reward_range=(0.0, float(k)), **kw)
    return DecomposedAdvantages(res.advantages, (res,))


DECOMPOSITION.mutant("summed_reward", "one Beta fitted to the summed reward", _summed_reward)
DECOMPOSITION.mutant(
    "sum_not_mean", "the K advantages summed, not averaged",
    lambda ids, comp, **kw: (lambda d: DecomposedAdvantages(d.advantages * len(d.components), d.components))(
        bnpo_decomposed_advantages(ids, comp, **kw)))

SUITE_DEGENERATE = Claim(
    id="bnpo.degenerate_batches_suite",
    paper=PAPER,
    location="V9 (the suite's implementation)",
    statement="bnpo_advantages returns finite advantages on every batch of valid rewards, degenerate ones "
              "included (every prompt with the same p̂, v = 0 in exact arithmetic → α = β = 1; moment condition failing; p̂ ∈ {0, 1}; a single prompt); α, β ≥ 1 "
              "always; p̂ ∈ {0, 1} gives A = 0 for the whole group; a single prompt gives REINFORCE.",
    kind="algorithm",
    expected="supported",
    subject=bnpo_advantages,
)
SUITE_DEGENERATE.mutant("release_arithmetic", "the release's IEEE arithmetic (no fallback at v = 0)",
                        _release_ieee_advantages)
SUITE_DEGENERATE.mutant(
    "no_clamp", "α = 1 + a/3 without the clamp at 1",
    lambda ids, r, **kw: _advantages(ids, r, params=lambda a, b: (1 + a / 3, 1 + b / 3), **kw))
SUITE_DEGENERATE.mutant(
    "float_zero_variance", "v = 0 decided in float64 (equal p̂ can leave v ≈ 5e-33 > 0: fallback missed, A ≈ 0)",
    lambda ids, r, **kw: _advantages(ids, r, exact_zero_variance=False, **kw))
SUITE_DEGENERATE.mutant("uncapped_division", "A = (R − p̂)/f_N(p̂) without the weight cap (0/0 at p̂ ∈ {0, 1})",
                        lambda ids, r, **kw: _advantages(ids, r, capped=False, **kw))

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


# ------------------------------------------------------------------------------------------------
# Derivations
# ------------------------------------------------------------------------------------------------

_p = sp.symbols("p", positive=True)
_a, _b, _al, _be = sp.symbols("a b alpha beta", positive=True)
_R = sp.symbols("R", real=True)


def _sym_density(p: sp.Expr, al: sp.Expr, be: sp.Expr) -> sp.Expr:
    return p ** (al - 1) * (1 - p) ** (be - 1) / sp.beta(al, be)


def _log_beta(x: sp.Expr, y: sp.Expr) -> sp.Expr:
    return sp.loggamma(x) + sp.loggamma(y) - sp.loggamma(x + y)


@SECOND_MOMENT.derivation("beta_integral")
def _second_moment(d: Derivation) -> None:
    """E[(R−p)²|p] by enumeration, the integrand reduced to a Beta kernel, exponents and convergence."""
    cond = sum(pr * (r - _p) ** 2 for r, pr in ((1, _p), (0, 1 - _p)))
    d.close(cond, _p * (1 - _p), "E[(R − p)² | p] = p(1 − p) (R ∈ {0, 1})")
    integrand = d.step("integrand", _p * (1 - _p) / _sym_density(_p, _al, _be) ** 2
                       * _p ** (_a - 1) * (1 - _p) ** (_b - 1) / sp.beta(_a, _b), "E_p[p(1−p)/f_N²], p ∼ Beta(a, b)")
    kernel = sp.beta(_al, _be) ** 2 * _p ** (_a + 2 - 2 * _al) * (1 - _p) ** (_b + 2 - 2 * _be) / sp.beta(_a, _b)
    d.close(sp.powsimp(sp.expand_power_base(integrand / kernel, force=True), force=True), 1,
            "integrand = B(α,β)² p^{a+2−2α}(1−p)^{b+2−2β} / B(a,b)")
    c, e = _a + 3 - 2 * _al, _b + 3 - 2 * _be
    d.step("Euler's Beta integral", sp.Eq(sp.Integral(_p ** (c - 1) * (1 - _p) ** (e - 1), (_p, 0, 1)), sp.beta(c, e)),
           "∫₀¹ p^{c−1}(1−p)^{e−1} dp = B(c, e), finite iff c > 0 and e > 0")
    d.close(c - 1, _a + 2 - 2 * _al, "exponent of p matches c − 1 with c = a + 3 − 2α")
    sol = sp.solve_univariate_inequality(c > 0, _al, relational=False)
    d.close_true(sp.Eq(sol.sup, (_a + 3) / 2), "c > 0 ⇔ α < (a + 3)/2 (likewise β < (b + 3)/2)")


@OPTIMUM.derivation("stationarity_and_convexity")
def _optimum(d: Derivation) -> None:
    """Digamma gradient of log M vanishes at 1 + a/3; log M is convex (log B is jointly convex)."""
    log_m = 2 * _log_beta(_al, _be) + _log_beta(_a + 3 - 2 * _al, _b + 3 - 2 * _be) - _log_beta(_a, _b)
    d.step("log M(α, β)", log_m, "V1")
    opt = {_al: 1 + _a / 3, _be: 1 + _b / 3}
    for v in (_al, _be):
        grad = d.step(f"∂ log M/∂{v}", sp.diff(log_m, v), "digamma: d log Γ = ψ")
        d.close(grad.subs(opt), 0, f"∂ log M/∂{v} = 0 at α = 1 + a/3, β = 1 + b/3")
    d.close(_a + 3 - 2 * opt[_al], opt[_al], "a + 3 − 2α* = α*: both Beta factors coincide")
    m_star = (sp.beta(_al, _be) ** 2 * sp.beta(_a + 3 - 2 * _al, _b + 3 - 2 * _be) / sp.beta(_a, _b)).subs(opt)
    d.close(m_star, sp.beta(1 + _a / 3, 1 + _b / 3) ** 3 / sp.beta(_a, _b), "M* = B(1 + a/3, 1 + b/3)³ / B(a, b)")
    x, y = sp.symbols("x y", positive=True)
    hess_b = sp.hessian(_log_beta(x, y), (x, y))
    hess_m = sp.hessian(log_m, (_al, _be))
    affine = {x: _a + 3 - 2 * _al, y: _b + 3 - 2 * _be}
    split = 2 * hess_b.subs({x: _al, y: _be}, simultaneous=True) + 4 * hess_b.subs(affine, simultaneous=True)
    for i, j in ((0, 0), (0, 1), (1, 1)):
        d.close(hess_m[i, j], split[i, j], f"(Hess log M)_{i}{j} = 2 H_{i}{j}(α, β) + 4 H_{i}{j}(a+3−2α, b+3−2β), "
                "H = Hess log B: log M is convex if log B is")
    n = 3
    w = sp.symbols(f"w0:{n}", positive=True)
    u = sp.symbols(f"u0:{n}", real=True)
    z0, z1, z2 = sum(w), sum(wi * ui for wi, ui in zip(w, u)), sum(wi * ui**2 for wi, ui in zip(w, u))
    d.step("log B(x, y) = log ∫ e^{x log t + y log(1−t)} dμ(t), dμ = dt/(t(1−t)): a log-partition function",
           sp.Eq(sp.Symbol("vᵀ H v"), sp.Symbol("(Z Z'' − Z'²)/Z²")),
           "second derivative of log Z along v, Z(s) = ∫ w e^{s u}, u = v₁ log t + v₂ log(1−t)")
    d.close(z0 * z2 - z1**2,
            sp.Rational(1, 2) * sum((u[i] - u[j]) ** 2 * w[i] * w[j] for i in range(n) for j in range(n)),
            "Z Z'' − Z'² = ½ ∑∑ (u_i − u_j)² w_i w_j (any discrete measure; the integral is its limit)",
            method="expand")
    U1, U2 = sp.symbols("U1 U2", real=True)
    W1, W2 = sp.symbols("W1 W2", positive=True)
    d.close_true(sp.GreaterThan((U1 - U2) ** 2 * W1 * W2, 0),
                 "each term is ≥ 0: H ⪰ 0, log B and log M are convex, the stationary point is the global minimum")


@VARIANCE_INDEPENDENT.derivation("baselines")
def _variance_independent(d: Derivation) -> None:
    """Second moments of the baselines: REINFORCE = M(1, 1) = ab/((a+b)(a+b+1)); GRPO = 1 = (8/π)² M(3/2, 3/2)."""
    m11 = sp.beta(1, 1) ** 2 * sp.beta(_a + 1, _b + 1) / sp.beta(_a, _b)
    d.close(sp.gammasimp(sp.expand_func(m11)), _a * _b / ((_a + _b) * (_a + _b + 1)),
            "M(1, 1) = E p(1−p) = ab/((a+b)(a+b+1))")
    grpo = _p * (1 - _p) / (sp.sqrt(_p * (1 - _p))) ** 2
    d.close(grpo, 1, "GRPO (population std): E[(R−p)²/(p(1−p)) | p] = 1")
    d.close(sp.beta(sp.Rational(3, 2), sp.Rational(3, 2)).rewrite(sp.gamma), sp.pi / 8, "B(3/2, 3/2) = π/8")
    m32 = sp.beta(sp.Rational(3, 2), sp.Rational(3, 2)) ** 2 * sp.beta(_a, _b) / sp.beta(_a, _b)
    d.close(sp.simplify(m32.rewrite(sp.gamma)), sp.pi**2 / 64, "M(3/2, 3/2) = (π/8)² for every a, b")
    d.close_true(sp.StrictLessThan(sp.pi**2 / 64, 1), "(π/8)² < 1: BNPO(3/2, 3/2) already beats GRPO")
    d.step("global minimality (bnpo.optimal_parameters)", sp.Symbol("M* ≤ min(M(1,1), M(3/2,3/2))"),
           "M is convex with its minimum at (1 + a/3, 1 + b/3)")


@REINFORCE.derivation("uniform_density")
def _reinforce(d: Derivation) -> None:
    """f_N(p; 1, 1) = 1, so A = R − p."""
    d.close(_sym_density(_p, 1, 1), 1, "f_N(p; 1, 1) = 1")
    d.close((_R - _p) / _sym_density(_p, 1, 1), _R - _p, "A_{1,1} = R − p")


@GRPO_SCALED.derivation("arcsine_density")
def _grpo(d: Derivation) -> None:
    """f_N(p; 3/2, 3/2) = (8/π)√(p(1−p)) and the std of binary rewards is √(p̂(1−p̂))."""
    half = sp.Rational(3, 2)
    d.close(sp.simplify(_sym_density(_p, half, half).rewrite(sp.gamma)), 8 / sp.pi * sp.sqrt(_p) * sp.sqrt(1 - _p),
            "f_N(p; 3/2, 3/2) = (8/π)√(p(1 − p))")
    k, G = sp.symbols("k G", positive=True)
    ph = k / G
    d.close(k / G - ph**2, ph * (1 - ph), "population variance of k ones among G: mean(R²) − p̂² = p̂(1 − p̂)")
    bessel = G / (G - 1) * ph * (1 - ph)
    d.close(bessel / (ph * (1 - ph)), G / (G - 1), "Bessel variance = G/(G−1) · population variance")
    a_bnpo = (_R - _p) / (8 / sp.pi * sp.sqrt(_p) * sp.sqrt(1 - _p))
    d.close(a_bnpo / ((_R - _p) / (sp.sqrt(_p) * sp.sqrt(1 - _p))), sp.pi / 8,
            "A_{3/2,3/2} / GRPO_population = π/8 (never 1: V5 holds only up to this constant)")


@UNBIASED_TRANSFORMED.derivation("enumeration_and_antiderivative")
def _unbiased(d: Derivation) -> None:
    """Exact enumeration of E[g | q] for a Bernoulli-logit policy, G′ = 1/f_N, arcsine closed form."""
    th = sp.symbols("theta", real=True)
    pq = 1 / (1 + sp.exp(-th))
    score = {1: sp.diff(sp.log(pq), th), 0: sp.diff(sp.log(1 - pq), th)}
    f = sp.Symbol("f", positive=True)
    eg = sum(prob * score[r] * (r - pq) / f for r, prob in ((1, pq), (0, 1 - pq)))
    d.close(eg, sp.diff(pq, th) / f, "E[∇ log π · (R − p)/f_N | q] = ∇p/f_N (enumeration over R ∈ {0, 1})")
    t = sp.symbols("t", positive=True)
    big_g = sp.beta(_al, _be) * sp.Integral(t ** (1 - _al) * (1 - t) ** (1 - _be), (t, 0, _p))
    d.close(sp.diff(big_g, _p) * _sym_density(_p, _al, _be), 1, "G′(p) · f_N(p) = 1 (fundamental theorem)")
    d.close(sp.diff(big_g.subs(_p, pq), th), sp.diff(pq, th) / _sym_density(pq, _al, _be),
            "∇_θ G(p(θ)) = ∇p/f_N(p): the expected gradient is ∇ E_q G(p(q))")
    half = sp.Rational(3, 2)
    g_grpo = sp.pi / 4 * sp.asin(sp.sqrt(_p))
    d.close(sp.diff(g_grpo, _p) * _sym_density(_p, half, half).rewrite(sp.gamma), 1,
            "GRPO member: G(p) = (π/4) arcsin √p has G′ = 1/f_N(p; 3/2, 3/2)")
    d.close(g_grpo.subs(_p, 0), 0, "G(0) = 0")
    d.close(sp.diff(2 * sp.asin(sp.sqrt(_p)), _p), 1 / sp.sqrt(_p * (1 - _p)),
            "GRPO (population std) ascends 2 arcsin √p")


def _beta_moments(a: sp.Expr, b: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    return a / (a + b), a * (a + 1) / ((a + b) * (a + b + 1))


@MOMENTS_LIMIT.derivation("binomial_noise")
def _moments_limit(d: Derivation) -> None:
    """Var p̂ = Var p + E[p(1−p)]/G; plugging the population moments into the fit gives a(G−1)/(G+a+b)."""
    G = sp.symbols("G", positive=True)
    e1, e2 = _beta_moments(_a, _b)
    ep_hat2 = d.step("E p̂² = E[p²] + E[p(1−p)]/G", e2 + (e1 - e2) / G, "E[p̂² | p] = p² + p(1−p)/G")
    var_hat = ep_hat2 - e1**2
    var_p = e2 - e1**2
    d.close(var_hat, var_p + (e1 - e2) / G, "Var p̂ = Var p + E[p(1−p)]/G")
    k = e1 * (1 - e1) / var_hat - 1
    d.close(k * e1, _a * (G - 1) / (G + _a + _b), "a_G = (m(1−m)/v − 1) m = a (G−1)/(G+a+b)")
    d.close(k * (1 - e1), _b * (G - 1) / (G + _a + _b), "b_G = b (G−1)/(G+a+b)")
    d.close(sp.limit(_a * (G - 1) / (G + _a + _b), G, sp.oo), _a, "a_G → a as G → ∞")
    gap = d.step("a − a_G", sp.factor(_a - _a * (G - 1) / (G + _a + _b)), "common denominator")
    d.close(gap, _a * (_a + _b + 1) / (G + _a + _b), "a − a_G = a(a+b+1)/(G+a+b)")
    d.close_true(sp.StrictGreaterThan(gap, 0), "a_G < a for every finite G: the fit is biased towards 0")


@MOMENTS_CORRECTED.derivation("unbiased_variance")
def _moments_corrected(d: Derivation) -> None:
    """E[p̂(1−p̂)] = (1 − 1/G) E[p(1−p)], so v − mean(p̂(1−p̂))/(G−1) estimates Var p."""
    G = sp.symbols("G", positive=True)
    e1, e2 = _beta_moments(_a, _b)
    ep_hat2 = e2 + (e1 - e2) / G
    d.close(e1 - ep_hat2, (1 - 1 / G) * (e1 - e2), "E[p̂(1 − p̂)] = (1 − 1/G) E[p(1 − p)]")
    v_c = (ep_hat2 - e1**2) - (e1 - ep_hat2) / (G - 1)
    d.close(v_c, e2 - e1**2, "population v_c = Var p")
    k = e1 * (1 - e1) / (e2 - e1**2) - 1
    d.close(k * e1, _a, "the fit recovers a")
    d.close(k * (1 - e1), _b, "the fit recovers b")

