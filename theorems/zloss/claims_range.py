"""The range of the Z-loss (Z5: the bound on z_c, the least value of L_Z, whether it reaches 0) and its
degenerate inputs (Z8: σ = 0, a single class).
"""

from __future__ import annotations

import functools
from fractions import Fraction

from claimkit import Claim, formula_claim

from . import formulas as F
from .claims_invariance import LOSS, SETUP
from .paper import PAPER


def score_bound_squared(n_classes: int) -> Fraction:
    """The claimed bound on z_c²: D − 1."""
    return Fraction(n_classes - 1)


def bound_d(n_classes: int) -> Fraction:
    """Mutant: D (the bound of a single standardized entry taken as √D)."""
    return Fraction(n_classes)


def bound_unbiased(n_classes: int) -> Fraction:
    """Mutant: (D − 1)²/D, the bound of z_c with the divisor D − 1 in σ."""
    return Fraction((n_classes - 1) ** 2, n_classes)


SCORE_BOUND = Claim(
    id="zloss.score_bound",
    paper=PAPER,
    location="Z5: the range of the standardized target score (derived by this suite)",
    statement=r"$z_c^2 \le D - 1$ for every $o$ with $\sigma > 0$, with equality exactly when the $D - 1$ other "
              r"logits are equal: $z_c = \sqrt{D - 1}$ at $o = \alpha e_c + \beta\mathbf{1}$ ($\alpha > 0$) and "
              r"$-\sqrt{D - 1}$ for $\alpha < 0$.",
    assumptions=(SETUP,),
    kind="inequality",
    expected="proved",
    subject=score_bound_squared,
    origin="suite",
    notes=r"$\sum_k z_k = 0$ and $\sum_k z_k^2 = D$; Cauchy–Schwarz on the other $D - 1$ scores gives "
          r"$D - z_c^2 \ge z_c^2/(D - 1)$. Checked exactly on rational logits and by a numerical maximisation of "
          r"$z_c$ (scipy), which reaches the bound and never passes it.",
)
SCORE_BOUND.mutant("bound_sqrt_d", r"$z_c^2 \le D$ (not attained)", bound_d, targets=("maximiser_reaches_the_bound",))
SCORE_BOUND.mutant("bound_unbiased", r"$z_c^2 \le (D - 1)^2/D$, the bound with the divisor $D - 1$ (violated)",
                   bound_unbiased, targets=("bound_exactly",))


def _least_value_at_one_hot(digits: int, a: float, b: float, D: int):
    """L_Z at o = e_0 (target 0) by the definition, at ``digits`` digits: the mean, variance and score computed
    from the D logits, not from the closed form."""
    import mpmath

    with mpmath.workdps(digits + 5):
        o = [mpmath.mpf(1)] + [mpmath.mpf(0)] * (int(D) - 1)
        return F.Z_LOSS(o, 0, mpmath.mpf(a), mpmath.mpf(b), F.MPMATH)


@functools.lru_cache(maxsize=256)
def _least_value_float(a: float, b: float, D: int) -> float:
    return float(_least_value_at_one_hot(30, a, b, D))


LEAST = formula_claim(
    id="zloss.least_value",
    paper=PAPER,
    location="Z5: the infimum of the Z-loss (derived by this suite)",
    statement=r"$\inf_o L_Z(o, c) = \frac{1}{a}\log(1 + e^{a(b - \sqrt{D - 1})})$, attained (at "
              r"$o = \alpha e_c + \beta\mathbf{1}$, $\alpha > 0$, only), and positive: the Z-loss never reaches 0.",
    formula=F.MINIMUM,
    truth=_least_value_float,
    truth_at_precision=_least_value_at_one_hot,
    expected="proved",
    origin="suite",
    kind="identity",
    examples=12,
    mutant_limit=10,
    atol=1e-13,
    tolerance_reason=r"the formula evaluated as written rounds $1 + e^{x}$ before the logarithm: an absolute error of "
                     r"about $\varepsilon/a \le 2.2 \times 10^{-14}$, large relative to the value once $e^{x}$ "
                     r"is small "
                     r"(down to $10^{-318}$ on this domain)",
    assumptions=(SETUP, LOSS),
    notes=r"$L_Z$ decreases in $z_c$ and zloss.score_bound caps $z_c$ at $\sqrt{D - 1}$, reached at the one-hot "
          r"logits. Ground truth: the definition evaluated at $o = e_c$ with mpmath (mean, variance and score from "
          r"the $D$ logits). The least value is positive for every finite $a$ and $b$; it underflows in float64 only "
          r"when $a(b - \sqrt{D - 1}) < -745$.",
)

# -- Z8 -------------------------------------------------------------------------------------------------

DEGENERATE = Claim(
    id="zloss.degenerate_no_limit",
    paper=PAPER,
    location="Z8: all logits equal, or a single class (this suite's question)",
    statement=r"At $\sigma = 0$ (all logits equal; always when $D = 1$) $z_c = 0/0$ is undefined, and for $D \ge 2$ "
              r"$L_Z$ has no limit there: along $o = t\mathbf{1} + \varepsilon e_c$ it equals "
              r"$\frac{1}{a}\log(1 + e^{a(b - \sqrt{D - 1})})$ and along $t\mathbf{1} - \varepsilon e_c$ "
              r"$\frac{1}{a}\log(1 + e^{a(b + \sqrt{D - 1})})$, for every $\varepsilon > 0$.",
    assumptions=(r"$o \in \mathbb{R}^D$, target $c$, $t \in \mathbb{R}$", LOSS),
    kind="limit",
    expected="proved",
    subject=F.Z_LOSS,
    origin="suite",
    notes=r"No value at $\sigma = 0$ is right: every value between the least and the largest loss is approached. An "
          r"implementation must therefore raise a clear error there rather than return NaN (the plain formula) or a "
          r"number (a LayerNorm-style $\varepsilon$ in the variance, or a $\sigma$ computed from rounded "
          r"deviations): zloss.library_degenerate_inputs holds the library to it.",
)
DEGENERATE.mutant("epsilon_in_variance", r"$\sigma = \sqrt{\sigma^2 + 10^{-5}}$ (a limit appears: $z_c \to 0$)",
                  F.EpsilonInVariance())
