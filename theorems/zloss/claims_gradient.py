"""The gradient claims: Z6 (the gradient is orthogonal to 1 and to o), Z7 ("bounded gradients", a secondary
summary's wording, and the exact norm that replaces it), and the vanishing gradient of the two-class case.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np

from claimkit import Claim, formula_claim

from . import formulas as F
from .claims_invariance import LOSS, SETUP
from .paper import PAPER

GRADIENT = (r"$\nabla_o L_Z = -\frac{s}{\sigma}(e_c - \frac{1}{D}\mathbf{1} - \frac{z_c}{D}z)$, "
            r"$s = 1/(1 + e^{-a(b - z_c)})$ (the chain rule through $\mu$ and $\sigma$)")

ORTHOGONAL = Claim(
    id="zloss.gradient_orthogonality",
    paper=PAPER,
    location="Z6: gradient geometry (derived by this suite from the invariance)",
    statement=r"$\langle\nabla_o L_Z, \mathbf{1}\rangle = 0$ and $\langle\nabla_o L_Z, o\rangle = 0$ for every "
              r"$o$ with "
              r"$\sigma > 0$.",
    assumptions=(SETUP, LOSS),
    kind="identity",
    expected="proved",
    subject=F.Z_LOSS,
    origin="suite",
    notes=r"Euler's theorem for a function invariant under $o \mapsto \alpha o + \beta\mathbf{1}$: differentiate at "
          r"$\beta = 0$ and at $\alpha = 1$. A step of gradient descent therefore never changes the mean of the logits "
          r"and, to first order, not their norm; in a linear layer it grows the weights, as for any scale-invariant "
          r"loss. The closed form " + GRADIENT + " is derived along the way.",
)
ORTHOGONAL.mutant("variance_without_mean", r"$\sigma^2 = \frac{1}{D}\sum_k o_k^2$: the gradient leaves "
                  r"$\mathbf{1}^\perp$", F.VarianceWithoutMean(), targets=("orthogonal_by_complex_step",))
ORTHOGONAL.mutant("not_divided_by_sigma", r"$z_c = o_c - \mu$: the gradient is no longer orthogonal to $o$",
                  F.NotDividedBySigma(), targets=("directional_derivatives_vanish",))

# -- Z7 -------------------------------------------------------------------------------------------------

BOUNDED = Claim(
    id="zloss.gradient_norm_bounded",
    paper=PAPER,
    location="Z7: a secondary summary's wording (“smooth optimization with bounded gradients”), not the paper's",
    statement=r"$\|\nabla_o L_Z\|$ is bounded over $\{o : \sigma(o) > 0\}$: there is $M(a, b, D)$ with "
              r"$\|\nabla_o L_Z(o, c)\| \le M$ for every such $o$.",
    assumptions=(SETUP, LOSS),
    kind="inequality",
    expected="conditional",
    subject=F.Z_LOSS,
    origin="suite",
    refined_by="zloss.gradient_norm",
    notes=r"Scale invariance makes the gradient homogeneous of degree $-1$: $\nabla L_Z(t o) = \nabla L_Z(o)/t$, so it "
          r"is unbounded as $\sigma \to 0$ wherever it is not zero. For any claimed bound $M$ the check exhibits "
          r"logits "
          r"$o_0 \cdot \|\nabla L_Z(o_0)\|/(2M)$ with gradient norm $2M$; the smallest witness has $D = 3$, "
          r"$o_0 = (0, 1, -1)$, $c = 0$, $a = 1$, $b = 0$, where $\|\nabla L_Z(t o_0)\| = 1/(2t)$. What is bounded is "
          r"$\sigma\|\nabla L_Z\| \le \sqrt{1 - 1/D}$ (zloss.gradient_norm).",
)


def _logits_with_score(u: float, D: int) -> np.ndarray:
    """Logits with μ = 0, σ = 1 and z_0 = u√(D − 1) (D ≥ 3): the others at −z_0/(D − 1) plus a fixed unit pattern
    orthogonal to 1 scaled by √(D(1 − u²))."""
    D = int(D)
    zc = u * np.sqrt(D - 1)
    pattern = np.cos(np.arange(D - 1) * 2.0 + 1.0)
    pattern -= pattern.mean()
    pattern /= np.linalg.norm(pattern)
    return np.concatenate([[zc], -zc / (D - 1) + np.sqrt(max(D * (1 - u * u), 0.0)) * pattern])


def complex_step_gradient(loss, o: np.ndarray, c: int, a: float, b: float, step: float = 1e-30) -> np.ndarray:
    """∂loss/∂o by the complex step, all D directions at once (one complex row per direction)."""
    n = o.shape[0]
    rows = o[None, :] + 1j * step * np.eye(n)
    return np.asarray(loss(rows, c, a, b)).imag / step


@functools.lru_cache(maxsize=512)
def _scaled_norm_by_complex_step(a: float, b: float, u: float, D: int) -> float:
    """σ‖∇L_Z‖ at the logits with z_c = u√(D − 1), σ = 1: the complex-step gradient of the definition."""
    o = _logits_with_score(u, D)
    return float(np.linalg.norm(complex_step_gradient(F.Z_LOSS, o, 0, a, b)))


def _scaled_norm_at_precision(digits: int, a: float, b: float, u: float, D: int):
    """The same at ``digits`` digits: mpmath's numerical derivative of the definition in each direction."""
    o = _logits_with_score(u, D)
    with mpmath.workdps(digits + 10):
        base = F.to_mp(o)
        mu = mpmath.fsum(base) / len(base)
        sigma = mpmath.sqrt(mpmath.fsum((x - mu) ** 2 for x in base) / len(base))
        grads = []
        for k in range(len(base)):
            def along(t, k=k):
                return F.Z_LOSS([x + (t if j == k else 0) for j, x in enumerate(base)], 0, mpmath.mpf(a),
                                mpmath.mpf(b), F.MPMATH)
            grads.append(mpmath.diff(along, 0))
        return sigma * mpmath.sqrt(mpmath.fsum(g * g for g in grads))


GRADIENT_NORM = formula_claim(
    id="zloss.gradient_norm",
    paper=PAPER,
    location="Z7, corrected (derived by this suite)",
    statement=r"With $z_c = u\sqrt{D - 1}$ ($|u| \le 1$): "
              r"$\sigma\|\nabla_o L_Z\| = \frac{1}{1 + e^{-a(b - u\sqrt{D - 1})}}"
              r"\sqrt{(D - 1)(1 - u^2)/D}$, so $\|\nabla_o L_Z\| \le \sqrt{1 - 1/D}/\sigma$: bounded on "
              r"$\{\sigma \ge \sigma_0\}$, and growing like $1/\sigma$ as $\sigma \to 0$.",
    formula=F.GRADIENT_NORM,
    truth=_scaled_norm_by_complex_step,
    truth_at_precision=_scaled_norm_at_precision,
    expected="proved",
    origin="suite",
    examples=12,
    mutant_limit=10,
    atol=1e-13,
    tolerance_reason=r"the norm vanishes at $u = \pm 1$ (the extreme scores), where a relative tolerance alone would "
                     r"ask for more than the complex-step route's absolute accuracy of about $10^{-15}$",
    assumptions=(SETUP, LOSS, GRADIENT),
    notes=r"$\nabla L_Z$ is orthogonal to $\mathbf{1}$ and $z$, so its squared norm is $(s/\sigma)^2$ times "
          r"$1 - 1/D - z_c^2/D$. It vanishes exactly at the extreme scores $z_c = \pm\sqrt{D - 1}$. Ground truth: the "
          r"complex-step gradient of the definition at logits built to have the drawn $z_c$.",
)

BINARY = Claim(
    id="zloss.binary_gradient_vanishes",
    paper=PAPER,
    location="Z7 at D = 2 (this suite's finding)",
    statement=r"For $D = 2$, $z_c = \operatorname{sgn}(o_c - o_{c'}) = \pm 1$ wherever $\sigma > 0$: $L_Z$ takes "
              r"only the "
              r"two values $\frac{1}{a}\log(1 + e^{a(b \mp 1)})$ and $\nabla_o L_Z = 0$ everywhere.",
    assumptions=(r"$o \in \mathbb{R}^2$, $o_0 \ne o_1$, target $c$, $c'$ the other class", LOSS),
    kind="identity",
    expected="proved",
    subject=F.Z_LOSS,
    origin="suite",
    notes=r"With two classes the Z-loss only sees which logit is larger: gradient descent on it gets no signal at "
          r"all, whatever $a$ and $b$. The Z-loss is a loss for many classes.",
)
BINARY.mutant("variance_without_mean", r"$\sigma^2 = \frac{1}{D}\sum_k o_k^2$ (then $z_c$ varies)",
              F.VarianceWithoutMean(), targets=("zero_by_complex_step",))
BINARY.mutant("not_centred", r"$z_c = o_c/\sigma$", F.NotCentred(), targets=("two_values_at_fifty_digits",))
