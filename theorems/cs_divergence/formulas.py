"""The formulas under test: the CS divergence of two densities, its Gaussian closed form, the Gaussian KL
divergences it is compared with, and their plausible wrong variants (the mutants).

D_CS(p, q) = −log((∫pq)² / (∫p² ∫q²)) (natural log). For Gaussians, ∫N(x; μ₁, Σ₁)N(x; μ₂, Σ₂)dx =
N(μ₁; μ₂, Σ₁ + Σ₂) gives, with Δ = μ₁ − μ₂,

    D_CS = Δᵀ(Σ₁ + Σ₂)⁻¹Δ + log det((Σ₁ + Σ₂)/2) − ½ log det Σ₁ − ½ log det Σ₂,

in one dimension Δ²/(v₁ + v₂) + log((v₁ + v₂)/(2√(v₁v₂))); and
KL(p‖q) = ½(tr(Σ₂⁻¹Σ₁) − d + log det Σ₂ − log det Σ₁ + ΔᵀΣ₂⁻¹Δ).

Each divergence exists in float64 (numpy) and at high precision (mpmath matrices), the latter for re-verifying
counterexamples.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from claimkit import Formula, interval

# -- the divergence of two densities, from its three integrals -----------------------------------------------


def cs_argument(p: list, q: list) -> Any:
    """(Σpq)² / (Σp² Σq²): the argument of −log in D_CS for densities on a finite set (counting measure), in the
    arithmetic of the entries (exact with Fractions)."""
    pq = sum((a * b for a, b in zip(p, q)), Fraction(0))
    pp = sum((a * a for a in p), Fraction(0))
    qq = sum((b * b for b in q), Fraction(0))
    return pq * pq / (pp * qq)


def cs_argument_unsquared(p: list, q: list) -> Any:
    """Mutant: Σpq / (Σp² Σq²), the square on ∫pq missing."""
    pq = sum((a * b for a, b in zip(p, q)), Fraction(0))
    pp = sum((a * a for a in p), Fraction(0))
    qq = sum((b * b for b in q), Fraction(0))
    return pq / (pp * qq)


def cs_argument_one_sided(p: list, q: list) -> Any:
    """Mutant: (Σpq)² / (Σp²)², normalised by p alone."""
    pq = sum((a * b for a, b in zip(p, q)), Fraction(0))
    pp = sum((a * a for a in p), Fraction(0))
    return pq * pq / (pp * pp)


# -- the Gaussian closed form ----------------------------------------------------------------------------------

mu1_, mu2_ = sp.symbols("mu_1 mu_2", real=True)
v1_, v2_ = sp.symbols("v_1 v_2", positive=True)

#: S2 in one dimension: D_CS(N(μ₁, v₁), N(μ₂, v₂)) = Δ²/(v₁ + v₂) + log((v₁ + v₂)/(2√(v₁v₂))).
GAUSSIAN_1D = Formula(
    (mu1_ - mu2_) ** 2 / (v1_ + v2_) + sp.log((v1_ + v2_) / (2 * sp.sqrt(v1_ * v2_))),
    {"mu_1": interval(-6, 6), "mu_2": interval(-6, 6), "v_1": interval(0.05, 20, log=True),
     "v_2": interval(0.05, 20, log=True)},
    name="gaussian_cs_1d",
)


def _normal_at(x: Any, mean: Any, var: Any) -> Any:
    return sp.exp(-(x - mean) ** 2 / (2 * var)) / sp.sqrt(2 * sp.pi * var)


#: The same value from the product formula: −2 log N(μ₁; μ₂, v₁ + v₂) + log N(0; 0, 2v₁) + log N(0; 0, 2v₂).
GAUSSIAN_1D_PRODUCT = (-2 * sp.log(_normal_at(mu1_, mu2_, v1_ + v2_)) + sp.log(_normal_at(0, 0, 2 * v1_))
                       + sp.log(_normal_at(0, 0, 2 * v2_)))


def dcs_gaussian(mu1: np.ndarray, s1: np.ndarray, mu2: np.ndarray, s2: np.ndarray) -> float:
    """D_CS between N(μ₁, Σ₁) and N(μ₂, Σ₂) in float64 (the product formula; the subject of S2 and S3's left side)."""
    total = s1 + s2
    delta = mu1 - mu2
    return float(delta @ np.linalg.solve(total, delta) + np.linalg.slogdet(total / 2)[1]
                 - 0.5 * np.linalg.slogdet(s1)[1] - 0.5 * np.linalg.slogdet(s2)[1])


def dcs_gaussian_product_cov(mu1, s1, mu2, s2) -> float:
    """Mutant: Σ₁Σ₂ (symmetrised) in place of Σ₁ + Σ₂."""
    prod = 0.5 * (s1 @ s2 + s2 @ s1)
    delta = mu1 - mu2
    return float(delta @ np.linalg.solve(prod, delta) + np.linalg.slogdet(prod / 2)[1]
                 - 0.5 * np.linalg.slogdet(s1)[1] - 0.5 * np.linalg.slogdet(s2)[1])


def dcs_gaussian_unsquared(mu1, s1, mu2, s2) -> float:
    """Mutant: −log(∫pq/√(∫p²∫q²)), the square on ∫pq missing against the normalisers' square roots: half of D_CS."""
    return 0.5 * dcs_gaussian(mu1, s1, mu2, s2)


def dcs_gaussian_log2(mu1, s1, mu2, s2) -> float:
    """Mutant: D_CS in bits (log₂), compared with a KL in nats."""
    return dcs_gaussian(mu1, s1, mu2, s2) / float(np.log(2.0))


def kl_gaussian(mu1: np.ndarray, s1: np.ndarray, mu2: np.ndarray, s2: np.ndarray) -> float:
    """KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) in nats."""
    d = mu1.shape[0]
    delta = mu2 - mu1
    return float(0.5 * (np.trace(np.linalg.solve(s2, s1)) - d + np.linalg.slogdet(s2)[1] - np.linalg.slogdet(s1)[1]
                        + delta @ np.linalg.solve(s2, delta)))


def kl_gaussian_swapped(mu1, s1, mu2, s2) -> float:
    """Mutant: the KL with the two covariances swapped (Σ₁ read where Σ₂ belongs and back)."""
    return kl_gaussian(mu1, s2, mu2, s1)


def dcs_mp(mu1, s1, mu2, s2) -> Any:
    """D_CS at the working precision of mpmath, from mpmath matrices (same formula, checked against quadrature)."""
    total = s1 + s2
    delta = mu1 - mu2
    quad = (delta.T * mpmath.lu_solve(total, delta))[0]
    return quad + mpmath.log(mpmath.det(total / 2)) - mpmath.log(mpmath.det(s1)) / 2 - mpmath.log(mpmath.det(s2)) / 2


def kl_mp(mu1, s1, mu2, s2) -> Any:
    """KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) at mpmath's working precision."""
    d = s1.rows
    delta = mu2 - mu1
    inv2 = mpmath.inverse(s2)
    trace = sum((inv2 * s1)[i, i] for i in range(d))
    return (trace - d + mpmath.log(mpmath.det(s2)) - mpmath.log(mpmath.det(s1))
            + (delta.T * inv2 * delta)[0]) / 2


def to_mp(mu1, s1, mu2, s2) -> tuple:
    """The float64 case as exact mpmath matrices (each float converted exactly)."""
    return (mpmath.matrix([mpmath.mpf(float(x)) for x in mu1]), mpmath.matrix(s1.tolist()),
            mpmath.matrix([mpmath.mpf(float(x)) for x in mu2]), mpmath.matrix(s2.tolist()))
