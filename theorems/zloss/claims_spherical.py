"""The spherical-family claims: Z4 (L_Z and its gradient from (Q, w̄, W_c), exactly; and what float64 makes of
it) and Z9 (the per-example cost, independent of the number of classes).
"""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

SETUP = (r"$o = Wh$ with $W \in \mathbb{R}^{D \times d}$, $h \in \mathbb{R}^d$, $D \ge 2$; $Q = W^\top W$, "
         r"$\bar w = W^\top\mathbf{1}$, $W_c$ the row of the target; $\sigma(o) > 0$")
LOSS = r"$L_Z(o, c) = \frac{1}{a}\log(1 + e^{a(b - z_c)})$, $z_c = (o_c - \mu)/\sigma$, population $\sigma$"
SPHERICAL_ROUTE = (r"$S_1 = \bar w^\top h$, $S_2 = h^\top Q h$, $o_c = W_c^\top h$, $\mu = S_1/D$, "
                   r"$\sigma^2 = S_2/D - \mu^2$, "
                   r"$\partial L_Z/\partial h = -s\,(\frac{\partial z_c}{\partial S_1}\bar w "
                   r"+ 2\frac{\partial z_c}{\partial S_2}Qh + \frac{\partial z_c}{\partial o_c}W_c)$, "
                   r"$s = 1/(1 + e^{-a(b - z_c)})$")

# -- Z4 ---------------------------------------------------------------------------------------------------

SPHERICAL = Claim(
    id="zloss.spherical_computation",
    paper=PAPER,
    location="abstract: the Z-loss belongs to the spherical family (Vincent et al., 2015); the computation "
             "reconstructed",
    statement=r"$L_Z$ depends on $o$ only through $(\sum_k o_k, \sum_k o_k^2, o_c)$; with $o = Wh$ these are "
              r"$\bar w^\top h$, $h^\top Q h$ and $W_c^\top h$, so $L_Z$ and $\partial L_Z/\partial h$ are "
              r"computed from "
              r"$(Q, \bar w, W_c)$ in $O(d^2)$ without forming $o$, and equal the direct $O(Dd)$ computation exactly.",
    assumptions=(SETUP, LOSS, SPHERICAL_ROUTE),
    kind="identity",
    expected="proved",
    subject=F.SPHERICAL,
    notes=r"Exact: in rational arithmetic the three statistics, $z_c^2$ and the variance coincide with those of "
          r"$o = Wh$ formed explicitly. In float64 the two computations agree to $10^{-10}$ relative on logits "
          r"without a dominant common offset ($D$ up to $10^4$); zloss.spherical_float64_any_offset shows what "
          r"an offset does. "
          "The gradient is also checked against central differences of the direct loss.",
)
SPHERICAL.mutant("sum_squared_for_sum_of_squares", r"$S_2 = (\bar w^\top h)^2$: the square of the sum for the sum "
                 "of squares", F.SphericalSquaredMeanStatistic(), targets=("statistics_exactly",))
SPHERICAL.mutant("unbiased_std", r"$\sigma^2 = \frac{D}{D - 1}(S_2/D - \mu^2)$, the divisor $D - 1$ (invisible to "
                 "every invariance check)", F.SphericalUnbiasedStd(), targets=("matches_direct_in_float64",))
SPHERICAL.mutant("gradient_without_two", r"$\partial(h^\top Q h)/\partial h$ taken as $Qh$",
                 F.SphericalGradientWithoutTwo(),
                 targets=("gradient_by_central_differences",))

SPHERICAL_FLOAT = Claim(
    id="zloss.spherical_float64_any_offset",
    paper=PAPER,
    location="Z4 in floating point (this suite's question)",
    statement=r"In float64, the spherical computation ($\sigma^2 = h^\top Q h/D - (\bar w^\top h/D)^2$) gives $L_Z$ to "
              r"relative $10^{-10}$ of its exact value, for every $W$ and $h$ with $D \le 10^4$.",
    assumptions=(SETUP, LOSS, SPHERICAL_ROUTE, "IEEE double precision throughout"),
    kind="inequality",
    expected="conditional",
    subject=F.SPHERICAL,
    origin="suite",
    refined_by="zloss.spherical_float64_small_offset",
    notes=r"Exact in rational arithmetic, the spherical route is not in float64: $\sigma^2$ is the difference of "
          r"$S_2/D$ and $\mu^2$, so a common offset of the logits costs $(\mu/\sigma)^2$ units of rounding, where the "
          r"direct two-pass computation loses only $|\mu|/\sigma$. The smallest witness has three classes and "
          r"$d = 1$: $W = (10^8, 10^8 + 1, 10^8 + 2)^\top$, $h = 1$. The library's SphericalZLoss centres $W$ first "
          r"and stays accurate at every offset tested, up to $10^{10}$ times the spread (zloss.library_spherical).",
)

SPHERICAL_SMALL_OFFSET = Claim(
    id="zloss.spherical_float64_small_offset",
    paper=PAPER,
    location="Z4 in floating point, with a bounded offset (this suite)",
    statement=r"In float64, the spherical computation gives $L_Z$ to relative $10^{-10}$ of its exact value whenever "
              r"$|\mu|/\sigma \le 100$ ($\mu$, $\sigma$ of $o = Wh$), for $D \le 10^4$.",
    assumptions=(SETUP, LOSS, SPHERICAL_ROUTE, "IEEE double precision throughout"),
    kind="inequality",
    expected="supported",
    subject=F.SPHERICAL,
    origin="suite",
    notes=r"The error grows like $(\mu/\sigma)^2\varepsilon$: the largest measured at $|\mu|/\sigma \le 100$ is "
          r"{{small_offsets_against_long_double.largest_relative_error:.1e}}, far below $10^{-10}$; at large offsets "
          r"the computed $\sigma^2$ loses every digit and can be negative (the figure of "
          r"zloss.spherical_float64_any_offset)",
)
SPHERICAL_SMALL_OFFSET.mutant("sum_squared_for_sum_of_squares", r"$S_2 = (\bar w^\top h)^2$",
                              F.SphericalSquaredMeanStatistic())
SPHERICAL_SMALL_OFFSET.mutant("unbiased_std", r"the divisor $D - 1$", F.SphericalUnbiasedStd())

# -- Z9 ---------------------------------------------------------------------------------------------------

COST = Claim(
    id="zloss.cost_independent_of_classes",
    paper=PAPER,
    location="abstract: training with a complexity independent of the number of output classes",
    statement=r"Per example, the spherical computation of $L_Z$ and $\partial L_Z/\partial h$ costs $d^2 + 6d$ "
              r"multiply-adds whatever $D$, the direct one $2Dd + 4D$: their ratio $\frac{2D(d + 2)}{d(d + 6)}$ grows "
              r"linearly in $D/d$ (towards $2D/d$).",
    assumptions=(SETUP, r"$Q$ and $\bar w$ maintained (their update after a step on $W$ is not counted)",
                 "a multiply-add per entry of a matrix-vector product, per term of a dot product and per entry of "
                 "each vector in a linear combination; scalar work (a few dozen operations) not counted"),
    kind="algorithm",
    expected="proved",
    subject=F.SPHERICAL,
    notes=r"A model of the efficiency claim, not of the paper's wall-clock figure (40 times faster than the "
          r"log-softmax on One Billion Word, not reproducible here). Counted by instrumenting both computations at "
          r"$d = 128$: at $D = 10^3$ and $10^4$ the ratios are {{counts_at_d_128.ratio_at_1000_classes:.1f}} and "
          r"{{counts_at_d_128.ratio_at_10000_classes:.1f}} (the thorough profile adds $D = 10^5$). The count "
          r"leaves out "
          r"keeping $Q$ and $\bar w$ current as $W$ changes, which the spherical family does in $O(d^2)$ per example "
          r"with a factored $W$ (Vincent et al., 2015).",
)
COST.mutant("forms_logits", r"$S_2 = \sum_k o_k^2$ from $o = Wh$: the right value at the direct cost",
            F.SphericalFormsLogits())
