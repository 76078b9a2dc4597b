"""F3 (released table), F7 and F8: the numpy port of the released weighting (ratio from the discriminator's logits,
the table of weights, the batch-mean normalisation) against the paper's h(r) = f″(r) r²."""

from __future__ import annotations

import sympy as sp

from claimkit import Claim

from . import formulas as F
from .claims_weights import H_DEF, SETUP
from .paper import PAPER

RELEASED = ("NVIDIA FastGen, the f-distill method (class FdistillModel, dictionary all_f_div_weighting_function), as "
            "described in the specification; the file path and version are not pinned")
TABLE = (r"released weights: rkl $1$, kl $r$, js $1 - 1/(1+r)$, sf $1/(1+r)$, neyman $1/\max(r, 10^{-8})$, "
         r"sh $\sqrt{r}$, jf $1 + r$")
RATIO = (r"$\hat r = \mathrm{clip}(\exp(\mathrm{clip}(\bar\ell, -10, 10)), r_{lo}, r_{hi})$ with $\bar\ell$ the "
         r"mean logit")
NORMALISED = r"$\tilde h_i = h(\hat r_i) / (\frac1B\sum_j h(\hat r_j) + 10^{-6})$"
HOMOGENEOUS = ("rkl", "kl", "neyman", "sh")

TABLE_MATCHES = Claim(
    id="f_distill.released_table_matches",
    paper=PAPER,
    location="F3 (released table)",
    statement=r"Each entry of the released table is a positive constant multiple of $f''(r)\,r^2$ for its divergence "
              r"(rkl: reverse KL, kl: forward KL, js: Jensen–Shannon, sf: softened reverse KL, neyman: Neyman "
              r"$\chi^2$, sh: squared Hellinger, jf: Jeffreys) on $r \in [e^{-10}, e^{10}]$.",
    assumptions=(SETUP, H_DEF, TABLE, RELEASED),
    kind="identity",
    expected="proved",
    subject=F.RELEASED_TABLE,
    origin="suite",
    notes=r"The factors are 1 except squared Hellinger ($\frac12\sqrt r$ in $f''r^2$, $\sqrt r$ released) and Neyman "
          r"$\chi^2$ ($2/r$ against $1/r$); the batch-mean normalisation removes any constant factor. The released js "
          r"form $1 - 1/(1+r)$ equals $r/(1+r)$ but loses digits for small $r$ (relative error about $\epsilon/r$ in "
          r"float64). The Neyman floor $10^{-8}$ lies below $e^{-10}$, the smallest ratio the logit clamp lets "
          r"through.",
)


def _at_inverse(fn):
    return lambda x: fn(1.0 / x)


TABLE_MATCHES.mutant("js_sf_swapped", r"the Jensen–Shannon weight $r/(1+r)$ and the softened reverse KL weight "
                     r"$1/(1+r)$ swapped", {**F.RELEASED_TABLE, "js": F.RELEASED_TABLE["sf"],
                                            "sf": F.RELEASED_TABLE["js"]})
TABLE_MATCHES.mutant("kl_missing_r_squared", r"forward KL weighted by $f''(r) = 1/r$",
                     {**F.RELEASED_TABLE, "kl": lambda x: 1.0 / x})
TABLE_MATCHES.mutant("ratio_inverted", r"every weight evaluated at $q/p$",
                     {k: _at_inverse(fn) for k, fn in F.RELEASED_TABLE.items()})

# -- F7 ------------------------------------------------------------------------------------------------------------

ESTIMATOR = (r"$\hat g_B = \frac1B\sum_{i=1}^B \tilde h_i\, g_i$ with $g_i = -(\nabla\log p - \nabla\log q)(x_i)^\top "
             r"\partial x_i/\partial\theta$ and $x_1, \ldots, x_B$ independent draws of the student")

UNBIASED = Claim(
    id="f_distill.normalised_unbiased",
    paper=PAPER,
    location="F7 (released normalisation, finite batch)",
    statement=r"Dividing $h$ by its batch mean makes $\hat g_B$ an unbiased estimate of $\nabla_\theta D_f$ up to a "
              r"positive constant: $\mathbb{E}[\hat g_B] = c\,\mathbb{E}[h(r) g]$ for some $c > 0$, at every batch "
              r"size $B$.",
    assumptions=(SETUP, H_DEF, NORMALISED, ESTIMATOR, RELEASED),
    kind="identity",
    expected="conditional",
    subject=F.released_normalise,
    origin="suite",
    refined_by="f_distill.normalised_consistent",
    notes=r"The self-normalised weights $h_i/\bar h$ are a ratio estimator: at $B = 1$ they are identically 1 and "
          r"$\mathbb{E}[\hat g_1] = \mathbb{E}[g]$, the unweighted (reverse-KL) direction whatever $f$ is; at every "
          r"small $B$ the expectation points between the two.",
)

CONSISTENT = Claim(
    id="f_distill.normalised_consistent",
    paper=PAPER,
    location="F7 (released normalisation, large batch)",
    statement=r"As $B \to \infty$, $\mathbb{E}[\hat g_B] \to \mathbb{E}[h(r) g]/\mathbb{E}[h(r)] = "
              r"\nabla_\theta D_f/\mathbb{E}_{q_\theta}[h]$, with a bias of order $1/B$.",
    assumptions=(SETUP, H_DEF, NORMALISED, ESTIMATOR, RELEASED, r"$h$ and $g$ bounded"),
    kind="limit",
    expected="supported",
    subject=F.released_normalise,
    origin="suite",
)
CONSISTENT.mutant("sum_normalised", r"the weights divided by their batch sum: $\mathbb{E}[\hat g_B] \to 0$",
                  F.sum_normalise)
CONSISTENT.mutant("unnormalised", r"the weights not normalised: the limit is $\mathbb{E}[hg]$, not divided by "
                  r"$\mathbb{E}[h]$", lambda w: w)

# -- F8 ------------------------------------------------------------------------------------------------------------

E10 = sp.exp(10)
SPREAD_BOUND = {"rkl": sp.Integer(1), "kl": E10**2, "js": E10, "sf": E10, "neyman": E10**2, "sh": E10, "jf": E10}

SPREAD = Claim(
    id="f_distill.weight_spread",
    paper=PAPER,
    location="F8 (released ratio clamp)",
    statement=r"Under the logit clamp $[-10, 10]$ (and ratio bounds $r_{lo} \le e^{-10}$, $r_{hi} \ge e^{10}$), the "
              r"largest $\max_i h_i / \min_i h_i$ within a batch is $1$ for rkl, $e^{20}$ for kl and neyman, and "
              r"$e^{10}$ for js, sf, sh and jf.",
    assumptions=(TABLE, RATIO, RELEASED),
    kind="identity",
    expected="proved",
    subject=SPREAD_BOUND,
    origin="suite",
    notes=r"Every entry is monotone in $r$, so the extreme batch holds one logit at $-10$ and one at $+10$. For js and "
          r"jf, whose weights are bounded on one side, the spread is $e^{10}$, not the $e^{20}$ of the ratio itself.",
)
SPREAD.mutant("ratio_spread_everywhere", r"$e^{20}$ (the spread of $\hat r$) for every non-constant entry",
              {k: (sp.Integer(1) if k == "rkl" else E10**2) for k in SPREAD_BOUND})
SPREAD.mutant("half_clamp", r"$e^{10}$ for kl and neyman (the clamp taken as $[0, 10]$)",
              {**SPREAD_BOUND, "kl": E10, "neyman": E10})

SCALE_ALL = Claim(
    id="f_distill.mis_scaling_invariant",
    paper=PAPER,
    location="F8 (constant mis-scaling of the ratio)",
    statement=r"For every entry of the released table, a constant mis-scaling of the ratio, $\hat r = c\,r$ with "
              r"$c > 0$, leaves the batch-normalised weights $h(\hat r_i)/\frac1B\sum_j h(\hat r_j)$ unchanged.",
    assumptions=(TABLE, RELEASED, r"$c\,r_i$ inside the clamp range"),
    kind="identity",
    expected="conditional",
    subject=F.RELEASED_TABLE,
    origin="suite",
    refined_by="f_distill.mis_scaling_homogeneous",
    notes=r"Only the power-law entries ($h(cr) = c^k h(r)$) are invariant; for js, sf and jf a mis-scaled ratio "
          r"re-weights the batch. The released option that divides each ratio by the running mean of its time bin is "
          r"such a constant rescaling within a bin, so for js, sf and jf it changes the weights, not only their scale. "
          r"The released normaliser's $+10^{-6}$ breaks the invariance slightly even for the "
          r"power laws when $\bar h$ is small.",
)

SCALE_HOMOGENEOUS = Claim(
    id="f_distill.mis_scaling_homogeneous",
    paper=PAPER,
    location="F8 (the power-law entries)",
    statement=r"For rkl ($1$), kl ($r$), neyman ($1/r$) and sh ($\sqrt r$), $\hat r = c\,r$ leaves "
              r"$h(\hat r_i)/\frac1B\sum_j h(\hat r_j)$ unchanged for every $c > 0$.",
    assumptions=(TABLE, RELEASED, r"$c\,r_i$ inside the clamp range and above the Neyman floor"),
    kind="identity",
    expected="proved",
    subject={k: F.RELEASED_TABLE[k] for k in HOMOGENEOUS},
    origin="suite",
)
SCALE_HOMOGENEOUS.mutant("sh_as_jf", r"sh weight $1 + \sqrt r$ (an offset added)",
                         {**{k: F.RELEASED_TABLE[k] for k in HOMOGENEOUS}, "sh": lambda x: 1.0 + x**0.5})
SCALE_HOMOGENEOUS.mutant("kl_as_jf", r"kl weight $1 + r$ (the Jeffreys entry)",
                         {**{k: F.RELEASED_TABLE[k] for k in HOMOGENEOUS}, "kl": F.RELEASED_TABLE["jf"]})
