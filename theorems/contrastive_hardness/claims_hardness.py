"""C3: hardness awareness. The relative penalty r_i is a Boltzmann distribution over the negatives, increasing in
s_ij; its entropy grows with τ. Stated for every K ≥ 1 and all similarities, both parts fail at the edges (K = 1,
ties); the refinements that hold are their own claims."""

from __future__ import annotations

import sympy as sp

from claimkit import Claim, Formula, formula_claim, interval

from . import formulas as F
from . import ground_truth as G
from .claims_gradient import LOSS, RECONSTRUCTED, SETUP
from .paper import PAPER

PENALTY = r"$r_i(s_{ij}) = \frac{|\partial L_i/\partial s_{ij}|}{|\partial L_i/\partial s_{ii}|}$"

INCREASING = Claim(
    id="contrastive_hardness.penalty_increasing",
    paper=PAPER,
    location="Sec. 3.1 (hardness-aware property; the relative penalty)",
    statement=r"The relative penalty " + PENALTY + r" $= \frac{e^{s_{ij}/\tau}}{\sum_{k \ne i} e^{s_{ik}/\tau}}$ is a "
              r"Boltzmann distribution over the negatives and is strictly increasing in $s_{ij}$, for every "
              r"$K \ge 1$, $\tau > 0$ and all similarities.",
    assumptions=(SETUP, LOSS),
    kind="identity",
    expected="conditional",
    subject=F.relative_penalty,
    refined_by="contrastive_hardness.penalty_increasing_two_negatives",
    notes=r"The Boltzmann form holds for every $K$ (it is the ratio of the stated gradients). Strict increase fails "
          r"for $K = 1$: there $r_i \equiv 1$ whatever $s_{ij}$ (witness below, re-verified at 60 digits); with "
          r"$K \ge 2$, $\partial r_i(s_{ij})/\partial s_{ij} = r_{ij}(1 - r_{ij})/\tau > 0$. " + RECONSTRUCTED,
)

INCREASING_K2 = Claim(
    id="contrastive_hardness.penalty_increasing_two_negatives",
    paper=PAPER,
    location="C3, first part, refined (K ≥ 2)",
    statement=r"For $K \ge 2$: " + PENALTY + r" $= \frac{e^{s_{ij}/\tau}}{\sum_{k \ne i} e^{s_{ik}/\tau}}$, "
              r"positive, summing to 1, and strictly increasing in $s_{ij}$: "
              r"$\frac{\partial r_{ij}}{\partial s_{ij}} = \frac{r_{ij}(1 - r_{ij})}{\tau} > 0$.",
    assumptions=(SETUP, LOSS, r"$K \ge 2$"),
    kind="identity",
    expected="proved",
    subject=F.relative_penalty,
    origin="suite",
)
for claim in (INCREASING, INCREASING_K2):
    claim.mutant("over_all_terms", r"$r$ normalised over all $K + 1$ terms (the positive included)",
                 F.penalty_over_all_terms, targets=("matches_gradient_ratio",))
    claim.mutant("linear", r"linear weights $(1 + s_{ij})/\sum_k (1 + s_{ik})$", F.penalty_linear,
                 targets=("matches_gradient_ratio",))
    claim.mutant("easiest_first", r"weights $e^{-s_{ij}/\tau}/\sum_k e^{-s_{ik}/\tau}$ (the sign of the exponent "
                 r"flipped: easy negatives penalised most)", F.penalty_reversed)

ENTROPY_STRICT = Claim(
    id="contrastive_hardness.entropy_increasing",
    paper=PAPER,
    location="Sec. 3.1 (τ controls the concentration on hard negatives)",
    statement=r"The entropy $H(r_i) = -\sum_{k \ne i} r_{ik}\log r_{ik}$ is strictly increasing in $\tau$, for every "
              r"$K \ge 1$ and all similarities.",
    assumptions=(SETUP, LOSS),
    kind="inequality",
    expected="conditional",
    subject=F.entropy_of_penalty,
    refined_by="contrastive_hardness.entropy_nondecreasing",
    notes=r"Fails for $K = 1$ ($H = 0$ at every $\tau$: the witness below, re-verified at 80 digits) and whenever all "
          r"negatives are tied ($r$ uniform, $H = \log K$ at every $\tau$: a regression case of the check, and the "
          r"derivation ties). What holds is "
          r"$dH/d\tau = \mathrm{Var}_r(s)/\tau^3 \ge 0$ (contrastive_hardness.entropy_nondecreasing, "
          r"contrastive_hardness.entropy_slope). " + RECONSTRUCTED,
)

ENTROPY_WEAK = Claim(
    id="contrastive_hardness.entropy_nondecreasing",
    paper=PAPER,
    location="C3, second part, refined",
    statement=r"$H(r_i)$ is non-decreasing in $\tau$ for every $K \ge 1$, and strictly increasing unless all "
              r"negatives are equal ($K \ge 2$); as $\tau \to \infty$ it tends to $\log K$.",
    assumptions=(SETUP, LOSS),
    kind="inequality",
    expected="proved",
    subject=F.entropy_of_penalty,
    origin="suite",
)
for claim in (ENTROPY_STRICT, ENTROPY_WEAK):
    claim.mutant("inverse_temperature", r"the entropy at temperature $1/\tau$ (decreasing in $\tau$)",
                 F.entropy_at_inverse_temperature)

s1, s2, s3 = sp.symbols("s_1 s_2 s_3", real=True)
tau = sp.Symbol("tau", positive=True)
_w = [sp.exp(s / tau) for s in (s1, s2, s3)]
_z = sum(_w)
_pairs = [(0, 1), (0, 2), (1, 2)]
_sims = (s1, s2, s3)
ENTROPY_SLOPE_FORMULA = Formula(
    sum(_w[a] * _w[b] * (_sims[a] - _sims[b]) ** 2 for a, b in _pairs) / (_z**2 * tau**3),
    {"s_1": interval(-1, 1), "s_2": interval(-1, 1), "s_3": interval(-1, 1), "tau": interval(0.05, 100, log=True)},
    name="entropy_slope",
)

ENTROPY_SLOPE = formula_claim(
    id="contrastive_hardness.entropy_slope",
    paper=PAPER,
    location="C3, the variance form (derived by the suite; the specification's $dH/d\\beta = -\\beta\\,"
             "\\mathrm{Var}_r(s)$)",
    statement=r"For three negatives: $\frac{dH(r_i)}{d\tau} = \frac{\mathrm{Var}_r(s)}{\tau^3} = "
              r"\frac{\sum_{j<k} r_j r_k (s_j - s_k)^2}{\tau^3} \ge 0$.",
    formula=ENTROPY_SLOPE_FORMULA,
    truth=G.entropy_slope,
    truth_at_precision=G.entropy_slope_at_precision,
    expected="proved",
    origin="suite",
    examples=15,
    mutant_limit=8,
    atol=1e-20,
    tolerance_reason=r"the slope is 0 at ties, where mpmath's numerical derivative at 45 digits leaves about "
                     r"$10^{-30}$",
    assumptions=(r"$r_k = e^{s_k/\tau}/\sum_j e^{s_j/\tau}$, $H = -\sum_k r_k\log r_k$",),
    notes=r"With $\beta = 1/\tau$, $dH/d\beta = -\beta\,\mathrm{Var}_r(s)$ and $d\beta/d\tau = -1/\tau^2$. The "
          r"pairwise form of the variance has no cancellation when $r$ is concentrated.",
)
