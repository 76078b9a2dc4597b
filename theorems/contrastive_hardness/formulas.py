"""The formulas under test, as the paper states them (Sec. 3.1, the gradient formulas and the relative penalty; the
equation numbers are not confirmed), evaluated in mpmath at the caller's working precision, and their mutants.

Each subject takes ``(s_pos, s_neg, tau)`` (s_neg a sequence of K ≥ 1 negatives) and returns mpmath numbers, so that
a check can evaluate it at 30 digits, where float64 would underflow (P_ik ≈ e^{−2000} at τ = 10⁻³) or round a
strict increase away. Mutants are plausible wrong variants, each a named function.
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath


def _mp(values: Sequence[float]) -> list:
    return [mpmath.mpf(v) for v in values]


def probabilities(s_pos: float, s_neg: Sequence[float], tau: float) -> list:
    """P_ik = e^{s_ik/τ} / (e^{s_ii/τ} + Σ_j e^{s_ij/τ}) for each negative k."""
    t, s0, neg = mpmath.mpf(tau), mpmath.mpf(s_pos), _mp(s_neg)
    top = max([s0, *neg])
    denom = mpmath.exp((s0 - top) / t) + mpmath.fsum(mpmath.exp((s - top) / t) for s in neg)
    return [mpmath.exp((s - top) / t) / denom for s in neg]


def gradient(s_pos: float, s_neg: Sequence[float], tau: float) -> tuple:
    """The stated gradients: ∂L_i/∂s_ii = −(1/τ) Σ_{k≠i} P_ik and ∂L_i/∂s_ij = (1/τ) P_ij."""
    t = mpmath.mpf(tau)
    p = probabilities(s_pos, s_neg, tau)
    return -mpmath.fsum(p) / t, [q / t for q in p]


def gradient_without_positive(s_pos: float, s_neg: Sequence[float], tau: float) -> tuple:
    """The gradients when e^{s_ii/τ} is dropped from the denominator: (−1/τ, r_ij/τ)."""
    t = mpmath.mpf(tau)
    return -1 / t, [q / t for q in relative_penalty(s_pos, s_neg, tau)]


def relative_penalty(s_pos: float, s_neg: Sequence[float], tau: float) -> list:
    """r_i(s_ij) = e^{s_ij/τ} / Σ_{k≠i} e^{s_ik/τ} (the positive does not enter)."""
    t, neg = mpmath.mpf(tau), _mp(s_neg)
    top = max(neg)
    w = [mpmath.exp((s - top) / t) for s in neg]
    total = mpmath.fsum(w)
    return [x / total for x in w]


def entropy_of_penalty(s_pos: float, s_neg: Sequence[float], tau: float):
    """H(r_i) = −Σ_k r_k log r_k (nats)."""
    t, neg = mpmath.mpf(tau), _mp(s_neg)
    top = max(neg)
    log_z = mpmath.log(mpmath.fsum(mpmath.exp((s - top) / t) for s in neg))
    logs = [(s - top) / t - log_z for s in neg]
    return -mpmath.fsum(mpmath.exp(v) * v for v in logs)


def hardest_hinge(s_pos: float, s_neg: Sequence[float]):
    """The τ → 0⁺ limit of τL_i as stated: max(0, max_k s_ik − s_ii)."""
    return max(mpmath.mpf(0), max(_mp(s_neg)) - mpmath.mpf(s_pos))


def log_count_bound(tau: float, n_negatives: int):
    """The uniform bound τ log(K + 1) on τL_i − max(0, max_k s_ik − s_ii)."""
    return mpmath.mpf(tau) * mpmath.log(n_negatives + 1)


def simple_gradient(s_pos: float, s_neg: Sequence[float], lam: float) -> tuple:
    """The gradient of L_simple = −s_ii + λ Σ_k s_ik: (−1, λ for every negative)."""
    return mpmath.mpf(-1), [mpmath.mpf(lam) for _ in s_neg]


# -- mutants ---------------------------------------------------------------------------------------------------


def gradient_linear_weights(s_pos, s_neg, tau):
    """Negative gradients proportional to 1 + s_ij (linear weights) instead of e^{s_ij/τ}, the same total."""
    g0, g = gradient(s_pos, s_neg, tau)
    w = [1 + mpmath.mpf(s) for s in s_neg]
    total = mpmath.fsum(w) or mpmath.mpf(1)
    return g0, [-g0 * x / total for x in w]


def gradient_positive_over_all(s_pos, s_neg, tau):
    """∂L/∂s_ii = −(1/τ) Σ over all K + 1 terms (P_ii included): −1/τ."""
    _, g = gradient(s_pos, s_neg, tau)
    return -1 / mpmath.mpf(tau), g


def gradient_tau_outside(s_pos, s_neg, tau):
    """τ outside the log: L/τ with P at temperature 1, so ∂/∂s_ij = P_ij(τ = 1)/τ."""
    t = mpmath.mpf(tau)
    p = probabilities(s_pos, s_neg, 1)
    return -mpmath.fsum(p) / t, [q / t for q in p]


def gradient_tau_squared(s_pos, s_neg, tau):
    """The factor 1/τ² instead of 1/τ."""
    t = mpmath.mpf(tau)
    g0, g = gradient(s_pos, s_neg, tau)
    return g0 / t, [x / t for x in g]


def gradient_without_positive_from_full(s_pos, s_neg, tau):
    """Dropping e^{s_ii/τ} but keeping the full loss's P_ij for the negatives."""
    _, g = gradient(s_pos, s_neg, tau)
    return -1 / mpmath.mpf(tau), g


def penalty_over_all_terms(s_pos, s_neg, tau):
    """r normalised over all K + 1 terms (the positive included): P_ij instead of r_ij."""
    return probabilities(s_pos, s_neg, tau)


def penalty_linear(s_pos, s_neg, tau):
    """Linear weights (1 + s_ij) / Σ_k (1 + s_ik)."""
    w = [1 + mpmath.mpf(s) for s in s_neg]
    total = mpmath.fsum(w) or mpmath.mpf(1)
    return [x / total for x in w]


def penalty_reversed(s_pos, s_neg, tau):
    """e^{−s_ij/τ} / Σ_k e^{−s_ik/τ}: the exponent's sign flipped."""
    return relative_penalty(s_pos, [-mpmath.mpf(s) for s in s_neg], tau)


def entropy_at_inverse_temperature(s_pos, s_neg, tau):
    """The entropy at temperature 1/τ (τ read as the inverse temperature): decreasing in τ."""
    return entropy_of_penalty(s_pos, s_neg, 1 / mpmath.mpf(tau))


def hinge_unclamped(s_pos, s_neg):
    """max_k s_ik − s_ii without the clamp at 0."""
    return max(_mp(s_neg)) - mpmath.mpf(s_pos)


def hinge_sum(s_pos, s_neg):
    """Σ_k max(0, s_ik − s_ii): every violating negative, not only the hardest."""
    return mpmath.fsum(max(mpmath.mpf(0), mpmath.mpf(s) - mpmath.mpf(s_pos)) for s in s_neg)


def bound_log_k(tau, n_negatives):
    """τ log K: the positive's own term forgotten."""
    return mpmath.mpf(tau) * mpmath.log(n_negatives)


def bound_tau(tau, n_negatives):
    """τ: the count forgotten."""
    return mpmath.mpf(tau)


def simple_gradient_linear(s_pos, s_neg, lam):
    """The gradient of −s_ii + (λ/2) Σ_k s_ik²: λ s_ik, weights that differ."""
    return mpmath.mpf(-1), [mpmath.mpf(lam) * mpmath.mpf(s) for s in s_neg]


def simple_gradient_unit(s_pos, s_neg, lam):
    """λ forgotten: weight 1 on every negative."""
    return mpmath.mpf(-1), [mpmath.mpf(1) for _ in s_neg]
