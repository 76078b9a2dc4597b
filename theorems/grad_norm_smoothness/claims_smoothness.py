"""The claims of G5: the logistic loss is quasi-self-concordant with M = max_i ‖a_i‖ (in which norm, and that
the constant is the best one), and the scalar identity behind it, ℓ'''/ℓ'' = −tanh(z/2).

The subject of G5 is the library's ``logistic_qsc_constant`` (its mutants are bugs planted in it); the scalar
identity is a formula claim.
"""

from __future__ import annotations

import functools

import mpmath

from claimkit import Claim, formula_claim

from . import formulas as F
from . import library_variants as bug
from .claims_rates import RECONSTRUCTED
from .library import logistic_qsc_constant
from .paper import PAPER

QSC_LOCATION = ("G5: abstract ('quasi-self-concordant functions'), the logistic loss as its example "
                "(constant reconstructed)")
LOSS = (r"$f(x) = \frac{1}{n}\sum_i \log(1 + e^{-y_i a_i^\top x})$ (optionally $+\frac{\mu}{2}\lVert x\rVert^2$), "
        r"$y_i \in \{-1, 1\}$, any $a_i \in \mathbb{R}^d$")


def _ratio_at(digits: int, z: float):
    """ℓ'''(z)/ℓ''(z) for ℓ(z) = log(1 + e^{−z}) by mpmath's numerical differentiation at ``digits`` digits."""
    with mpmath.workdps(digits + 15):
        def loss(t):
            return mpmath.log1p(mpmath.exp(-t))

        zz = mpmath.mpf(z)
        return mpmath.diff(loss, zz, 3) / mpmath.diff(loss, zz, 2)


@functools.lru_cache(maxsize=512)
def _ratio_float(z: float) -> float:
    return float(_ratio_at(20, z))


RATIO = formula_claim(
    id="grad_norm_smoothness.logistic_third_over_second",
    paper=PAPER,
    location="G5: the scalar identity behind the logistic loss's quasi-self-concordance (derived by this suite)",
    statement=r"For $\ell(z) = \log(1 + e^{-z})$: $\ell'''(z)/\ell''(z) = -\tanh(z/2)$, so "
              r"$\lvert\ell'''\rvert \le \ell''$ with the ratio tending to $\mp 1$ as $z \to \pm\infty$.",
    formula=F.LOGISTIC_RATIO,
    truth=_ratio_float,
    truth_at_precision=_ratio_at,
    expected="proved",
    origin="suite",
    examples=15,
    atol=1e-15,
    tolerance_reason=r"the ratio vanishes at $z = 0$, where a relative tolerance alone would ask for more than "
                     r"float64 holds",
    notes=r"Ground truth: the second and third derivatives of $\log(1 + e^{-z})$ by mpmath's numerical "
          r"differentiation at 35 digits.",
)

QSC = Claim(
    id="grad_norm_smoothness.logistic_qsc",
    paper=PAPER,
    location=QSC_LOCATION,
    statement=r"The logistic loss is quasi-self-concordant: $\lvert D^3 f(x)[u, u, v]\rvert \le M\lVert v\rVert_2\, "
              r"D^2 f(x)[u, u]$ for all $x, u, v$, with $M = \max_i \lVert a_i\rVert_2$.",
    assumptions=(LOSS,),
    kind="inequality",
    expected="proved",
    subject=logistic_qsc_constant,
    notes=RECONSTRUCTED + r" With the Euclidean norm of $v$ the constant is right: $D^3 f[u, u, v] = \frac1n\sum_i "
          r"\ell'''(z_i)(a_i^\top u)^2 y_i a_i^\top v$ and $\lvert\ell'''\rvert \le \ell''$, "
          r"$\lvert a_i^\top v\rvert \le \lVert a_i\rVert_2\lVert v\rVert_2$. The regulariser adds "
          r"$\mu\lVert u\rVert^2$ to $D^2 f$ and nothing to $D^3 f$. At the near-extremal cases (margin 40 on the "
          r"longest row) the ratio $\lvert D^3 f\rvert/(M\lVert v\rVert D^2 f)$ reaches "
          r"{{bound_at_extremal_cases.closest_ratio:.12f}}.",
)
_BOUND = ("bound_holds_on_drawn_cases", "bound_at_extremal_cases")
QSC.mutant("half", r"$M = \frac12\max_i\lVert a_i\rVert_2$", bug.qsc_half)
QSC.mutant("mean_norm", r"$M$ the mean of $\lVert a_i\rVert_2$", bug.qsc_mean_norm,
           targets=("bound_at_extremal_cases",))
QSC.mutant("unscaled", r"$\lVert a_i\rVert_2$ summed without scaling (overflow past $10^{154}$)", bug.qsc_unscaled,
           targets=("bound_at_extremal_cases",))

QSC_NORMS = Claim(
    id="grad_norm_smoothness.qsc_norms_and_sharpness",
    paper=PAPER,
    location=QSC_LOCATION + ": which norm, and the best constant (this suite)",
    statement=r"The constant is the dual norm of the rows: for $\lVert v\rVert_\infty$ it is "
              r"$\max_i\lVert a_i\rVert_1$, for $\lVert v\rVert_1$ it is $\max_i\lVert a_i\rVert_\infty$, for "
              r"$\lVert v\rVert_B = (v^\top Bv)^{1/2}$ it is $\max_i (a_i^\top B^{-1}a_i)^{1/2}$. Each is the smallest "
              r"constant valid for every $x, u, v$ and every labelling: on the sample of largest dual norm, with "
              r"$v$ its dual direction and $x$ of growing margin, the ratio $\lvert D^3 f\rvert/(\lVert v\rVert D^2 "
              r"f)$ tends to $M$.",
    assumptions=(LOSS, r"$B \succ 0$"),
    kind="inequality",
    expected="proved",
    subject=logistic_qsc_constant,
    origin="suite",
    notes=r"Tightness: with one sample $a$, $D^3 f/D^2 f = -\tanh(z/2)\, a^\top v$ and $a^\top v = \lVert a\rVert_* "
          r"\lVert v\rVert$ for $v$ in the dual direction, so the ratio is $\tanh(z/2)M \to M$; at margin "
          r"$z = 40$ it is $M$ to {{constant_is_attained.worst_shortfall:.1e}} (relative). Other samples only add to "
          r"$D^2 f$ or are dominated, so no dataset with these rows' largest norm needs more.",
)
QSC_NORMS.mutant("same_norm", r"rows measured in the norm of $v$, not its dual", bug.qsc_same_norm,
                 targets=("other_norms_hold",))
QSC_NORMS.mutant("squared", r"$M = \max_i\lVert a_i\rVert^2$", bug.qsc_squared, targets=("constant_is_attained",))
QSC_NORMS.mutant("half", r"$M = \frac12\max_i\lVert a_i\rVert$", bug.qsc_half, targets=("other_norms_hold",))
