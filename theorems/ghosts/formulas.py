"""The formulas and algorithms of the Ghosts-of-Softmax paper as it states them, and named variants.

Each function is a claim's ``subject`` (or part of one): Δ_a and the radius formulas of Thm 4.3 and
Thm 4.6, the rule of Prop 4.2, Lemma 4.5's threshold, Eq. 13 (as printed and corrected), Def 4.7
eq. 14–15, Def 5.1 eq. 17, §5.1, Prop 5.2 eq. 19, §6.4, Lemma App 4.1, Thm App 4.2 eq. 29, App. 4
eq. 26 (as printed and corrected), the logistic identities of App. 5 and the activation radii of
App. 2. The variants that are mutants of another claim (``top2_ghost``, ``kl_forward``) are here too.

The scalar closed forms of Thm 4.3, Def 5.1 eq. 17 and §6.4 are :class:`~claimkit.Formula` objects
(``BINARY_RADIUS``, ``NORMALIZED_STEP``, ``TEMPERED_BOUND``): one sympy expression is the function called
here and by the library, the checked subject and the typeset formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import sympy as sp

from claimkit import Formula, interval

__all__ = [
    "BINARY_RADIUS",
    "NORMALIZED_STEP",
    "TEMPERED_BOUND",
    "slope_spread",
    "binary_radius",
    "radius_bound",
]

PI = math.pi

# -- the scalar closed forms ------------------------------------------------------------------------

delta, Delta_a, tau, T = sp.symbols("delta Delta_a tau T")

# The paper's domains are δ real, Δ_a > 0, τ ≥ 0 and T > 0. A Formula's domain has finite ends: these reach
# 1e150 (and 1e−150 for the positive ones, drawn on a log scale), where δ², every product and every quotient
# of the three forms still fit in float64 (≤ 1e300).
REALS = interval(-1e150, 1e150)
POSITIVE = interval(1e-150, 1e150, log=True)
NONNEGATIVE = interval(0, 1e150)

#: Thm 4.3: ρ* = √(δ² + π²)/Δ_a for two classes, δ = z_1 − z_2, Δ_a = |a_1 − a_2|.
BINARY_RADIUS = Formula(sp.sqrt(delta**2 + sp.pi**2) / Delta_a, {"delta": REALS, "Delta_a": POSITIVE},
                        name="binary_radius")
#: Def 5.1, eq. 17: r = τ/ρ_a = τΔ_a/π.
NORMALIZED_STEP = Formula(tau * Delta_a / sp.pi, {"tau": NONNEGATIVE, "Delta_a": POSITIVE}, name="normalized_step")
#: §6.4: with logits z/T the radius bound is ρ_a(T) = πT/Δ_a, Δ_a of the raw slopes.
TEMPERED_BOUND = Formula(sp.pi * T / Delta_a, {"T": POSITIVE, "Delta_a": POSITIVE}, name="tempered_bound")


def slope_spread(slopes: Sequence[float]) -> float:
    """Δ_a = max_k a_k − min_k a_k."""
    return float(max(slopes) - min(slopes))


def binary_radius(delta: float, spread: float) -> float:
    """Thm 4.3 (``BINARY_RADIUS``) at Δ_a = |spread|: ρ* = √(δ² + π²)/|Δ_a| (+inf when Δ_a = 0)."""
    return math.inf if spread == 0 else BINARY_RADIUS(delta, abs(spread))


def radius_bound(slopes: Sequence[float]) -> float:
    """Thm 4.6: ρ* ≥ π/Δ_a (+inf when Δ_a = 0)."""
    d = slope_spread(slopes)
    return math.inf if d == 0 else PI / d


def multiclass_bound(logits: Sequence[float], slopes: Sequence[float]) -> float:
    """Thm 4.6 as a function of the sample: π/Δ_a (the logits do not enter)."""
    return radius_bound(slopes)


def nearest_zero_rule(zeros: Sequence[complex]) -> float:
    """Prop 4.2: the Taylor radius of ℓ is min |t| over the zeros t of F."""
    return min(abs(t) for t in zeros)


def bound_attained(weights: Sequence[Fraction], slopes: Sequence[int]) -> bool:
    """When ρ* = π/Δ_a exactly (derived here): every slope is min a or max a, and the softmax weight
    on the top-slope classes equals the weight on the bottom-slope classes."""
    lo, hi = min(slopes), max(slopes)
    if lo == hi:
        return False
    if any(a not in (lo, hi) for a in slopes):
        return False
    top = sum((w for w, a in zip(weights, slopes) if a == hi), Fraction(0))
    bottom = sum((w for w, a in zip(weights, slopes) if a == lo), Fraction(0))
    return top == bottom


def half_plane_threshold() -> float:
    """Lemma 4.5: arguments inside an open arc shorter than this keep Σ c_k u_k ≠ 0 (c_k > 0)."""
    return PI


def top2_ghost(delta: float, spread_yc: float) -> complex:
    """Eq. 13 as printed: τ_ghost = (δ + iπ)/Δ_{y,c}, δ = z_y − z_c, Δ_{y,c} = a_y − a_c."""
    return complex(delta, PI) / spread_yc


def top2_ghost_corrected(delta: float, spread_yc: float) -> complex:
    """Eq. 13 corrected: the zero of e^{z_y + a_y τ} + e^{z_c + a_c τ} is τ = (−δ + iπ)/Δ_{y,c}."""
    return complex(-delta, PI) / spread_yc


def top2_radius(logits: Sequence[float], slopes: Sequence[float], y: int) -> float:
    """Eq. 13 as a multiclass proxy: √(δ² + π²)/|Δ_{y,c}|, c the strongest competitor of y."""
    c = max((k for k in range(len(logits)) if k != y), key=lambda k: logits[k])
    return binary_radius(logits[y] - logits[c], slopes[y] - slopes[c])


def batch_bound(slopes_per_sample: Sequence[Sequence[float]]) -> float:
    """Def 4.7, eq. 14: ρ_a = π / max_x Δ_a(x; v)."""
    return PI / max(slope_spread(a) for a in slopes_per_sample)


def batch_radius_rule(per_sample_radii: Sequence[float]) -> float:
    """Def 4.7, eq. 15: ρ_B ≤ ρ(x; v) for every x ∈ B, i.e. the averaged loss's radius is min_x ρ(x)."""
    return min(per_sample_radii)


normalized_step = NORMALIZED_STEP  # Def 5.1, eq. 17: normalized_step(τ, Δ_a) = τΔ_a/π


def cauchy_coefficient_bound(M: float, rho: float, n: int) -> float:
    """§5.1: |c_n| ≤ M/ρ_a^n with M = sup_{|t| = ρ_a} |ℓ(t)|."""
    return M / rho**n


def controller_update(grad: np.ndarray, lr: float, rho: float) -> np.ndarray:
    """Prop 5.2, eq. 19: p = −η g, s = min(1, ρ_a/‖p‖), p̃ = s p."""
    p = -lr * np.asarray(grad, dtype=float)
    return min(1.0, rho / float(np.linalg.norm(p))) * p


def tempered_bound(slopes: Sequence[float], T: float) -> float:
    """§6.4 (``TEMPERED_BOUND``): with logits z/T the radius bound is ρ_a(T) = π T/Δ_a (Δ_a of the raw slopes)."""
    return TEMPERED_BOUND(T, slope_spread(slopes))


def third_moment_bound(width: float) -> float:
    """Lemma App 4.1: |E(X − EX)³| ≤ Δ³/(6√3) for X in an interval of length Δ."""
    return width**3 / (6 * math.sqrt(3))


THIRD_MOMENT_EXTREMAL_P = (3 - math.sqrt(3)) / 6  # Lemma App 4.1: the two-point law attaining it


def kl_remainder_bound(tau: float, width: float) -> float:
    """Thm App 4.2, eq. 29: |KL(p(τ)‖p(0)) − (τ²/2) Var_{p(0)}(a)| ≤ |τ|³ Δ_a³/(18√3)."""
    return abs(tau) ** 3 * width**3 / (18 * math.sqrt(3))


def _kl(p: Sequence, q: Sequence):
    import mpmath

    return mpmath.fsum(pi * mpmath.log(pi / qi) for pi, qi in zip(p, q))


def _tilted(logits: Sequence, slopes: Sequence, tau) -> list:
    import mpmath

    e = [mpmath.exp(mpmath.mpf(z) + mpmath.mpf(a) * tau) for z, a in zip(logits, slopes)]
    s = mpmath.fsum(e)
    return [x / s for x in e]


def kl_forward(logits: Sequence, slopes: Sequence, tau) -> object:
    """Eq. 26 as printed: K(τ) − K(0) − τK′(0) = KL(p(τ) ‖ p(0)) (mpmath, current precision)."""
    return _kl(_tilted(logits, slopes, tau), _tilted(logits, slopes, 0))


def kl_reverse(logits: Sequence, slopes: Sequence, tau) -> object:
    """Eq. 26 corrected: K(τ) − K(0) − τK′(0) = KL(p(0) ‖ p(τ))."""
    return _kl(_tilted(logits, slopes, 0), _tilted(logits, slopes, tau))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


LOGISTIC = {
    # App. 5, f(x) = log(1 + e^{−x}); each entry a formula the paper states
    "singularity_radius": lambda delta: math.hypot(delta, PI),           # R_x(δ) = √(δ² + π²)
    "second_derivative": lambda delta: _sigmoid(delta) * (1 - _sigmoid(delta)),  # f″ = σ(1 − σ)
    "curvature_over_radius": lambda delta: math.exp(delta) / delta,      # (1/f″(δ))/R_x(δ) ~ e^δ/δ
    "hessian_step_ratio": lambda delta, D: 2 * math.exp(delta) / (PI * abs(D)),  # τ_H/ρ_a
    "crossover": lambda D: math.log(PI * abs(D) / 2),                    # δ* ≈ ln(π|Δ|/2)
}

ACTIVATION_RADIUS = {
    # App. 2: distance from a real pre-activation h to the nearest complex singularity
    "sigmoid": lambda h: math.hypot(h, PI),
    "softplus": lambda h: math.hypot(h, PI),
    "silu": lambda h: math.hypot(h, PI),
    "tanh": lambda h: math.hypot(h, PI / 2),
    "gelu": lambda h: math.inf,
}


def per_neuron_radius(h: float, hdot: float, activation: str = "tanh") -> float:
    """App. 2: ρ_j = min_s |s − h_j|/|ḣ_j| over the activation's singularities s."""
    return ACTIVATION_RADIUS[activation](h) / abs(hdot)


def per_neuron_loss_cap(radii: Sequence[float]) -> float:
    """App. 2: the loss radius cannot exceed min_j ρ_j."""
    return min(radii)


# -- building mutants: a formula table with one entry replaced ---------------------------------------


def _with(d: dict, key: str, fn) -> dict:
    out = dict(d)
    out[key] = fn
    return out


# -- empirical statements ----------------------------------------------------------------------------


def _no_failure_rule(threshold_r: float, criterion: float) -> tuple[float, float]:
    return threshold_r, criterion
