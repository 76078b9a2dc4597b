"""G1–G4: what two-hot and HL-Gauss targets decode to, in the interior and at the edges of the support."""

from __future__ import annotations

from claimkit import Claim, MonteCarlo, formula_claim

from . import formulas as F
from .paper import PAPER

SUPPORT = (r"support $[v_{\min}, v_{\max}]$ split into $m$ equal bins of width $\varsigma$, edges "
           r"$e_i = v_{\min} + i\varsigma$, centres $c_i = (e_i + e_{i+1})/2$")
TARGET = (r"$p_i(y) = [\Phi((e_{i+1} - y)/\sigma) - \Phi((e_i - y)/\sigma)]/[\Phi((e_m - y)/\sigma) - "
          r"\Phi((e_0 - y)/\sigma)]$, decoded as $\hat y = \sum_i p_i c_i$")
RECALLED = (r"The ratio $\sigma/\varsigma = 0.75$ is recalled from the paper, not confirmed here; the paper body "
            r"was not read, so the wording is the specification's reconstruction.")

# -- G1 --------------------------------------------------------------------------------------------------------

TWO_HOT_MEAN = Claim(
    id="hl_gauss.two_hot_mean",
    paper=PAPER,
    location="G1: two-hot targets (Sec. 3, as summarised by the specification)",
    statement=r"For atoms $a_1 < \dots < a_m$ and every $y \in [a_1, a_m]$, the two-hot target decodes exactly: "
              r"$\sum_i p_i a_i = y$.",
    assumptions=(r"$y \in [a_j, a_{j+1}]$ puts $(a_{j+1} - y)/(a_{j+1} - a_j)$ on $a_j$ and the rest on $a_{j+1}$",),
    kind="identity",
    expected="proved",
    subject=F.two_hot_exact,
    notes=r"Exact in rational arithmetic: the two weights are the barycentric coordinates of $y$ on its segment. "
          r"The paper body was not read; the wording is the specification's reconstruction.",
)

TWO_HOT_MEAN.mutant("swapped_weights", r"the weight $(a_{j+1} - y)/(a_{j+1} - a_j)$ put on $a_{j+1}$",
                    F.two_hot_swapped_exact)

TWO_HOT_OUTSIDE = Claim(
    id="hl_gauss.two_hot_outside",
    paper=PAPER,
    location="G1 outside the atoms (this suite's addition)",
    statement=r"With targets clipped to $[a_1, a_m]$ first, the two-hot target of any real $y$ is a probability "
              r"vector and decodes to $\min(\max(y, a_1), a_m)$; without clipping, the end segment's formula "
              r"gives a weight outside $[0, 1]$ for every $y \notin [a_1, a_m]$.",
    assumptions=(r"atoms $a_1 < \dots < a_m$, $m \ge 2$",),
    kind="identity",
    expected="proved",
    subject=F.two_hot_exact,
    origin="suite",
    notes=r"Outside the atoms, two-hot cannot represent $y$ with a probability vector: the decoded value of the "
          r"clipped target is the nearest end atom, a bias of $y - a_m$ (or $y - a_1$) that grows without bound.",
)
TWO_HOT_OUTSIDE.mutant("unclipped", r"the end segment's weights extrapolated: decodes to $y$ with a negative weight",
                       F.two_hot_unclipped_exact)

# -- G2 --------------------------------------------------------------------------------------------------------

INTERIOR_EXACT = Claim(
    id="hl_gauss.interior_decoding_exact",
    paper=PAPER,
    location="G2 (the specification's reading of the paper's HL-Gauss section)",
    statement=r"In the interior of the support the HL-Gauss target decodes exactly: $\hat y(y) = y$.",
    assumptions=(SUPPORT, TARGET, r"$y$ many $\sigma$ from both ends of the support"),
    kind="identity",
    expected="conditional",
    subject=F.mp_decoded,
    refined_by="hl_gauss.interior_bias_series",
    notes=r"Decoding the binned normal replaces $y$ by the mean of the bin centre $c(Y)$, $Y \sim "
          r"\mathcal{N}(y, \sigma^2)$, and the rounding error $c(Y) - Y$ is periodic with mean 0 only on average "
          r"over $y$. At $\sigma/\varsigma = 0.25$, $y$ a quarter bin right of an edge, 30 bins from either end, the "
          r"decoded value is off by {{decodes_to_y.bias_in_bins}} bins (mpmath, 40 digits). The bias is the "
          r"Fourier series of hl_gauss.interior_bias_series. " + RECALLED,
)

BIAS_SERIES = formula_claim(
    id="hl_gauss.interior_bias_series",
    paper=PAPER,
    location="G2, corrected (derived by this suite)",
    statement=r"Far from the ends, with $r = \sigma/\varsigma$ and $u = (y - e_0)/\varsigma$: "
              r"$(\hat y - y)/\varsigma = \sum_{k \ge 1} \frac{1}{\pi k} e^{-2\pi^2 k^2 r^2} \sin(2\pi k u)$; "
              r"for $r \ge 0.4$ the first two harmonics give it to $10^{-13}$ (tested on $r \in [0.4, 0.6]$, where the "
              r"second harmonic is still above the tolerance).",
    formula=F.BIAS_SERIES,
    truth=F.bias_by_bins,
    truth_at_precision=F.bias_by_quadrature,
    expected="proved",
    origin="suite",
    assumptions=(SUPPORT, TARGET, r"the truncation at the ends is negligible ($y$ at least $12\sigma$ from both)"),
    examples=15,
    mutant_limit=10,
    atol=2e-13,
    tolerance_reason=r"the third harmonic is at most $e^{-18\pi^2 (0.4)^2}/(3\pi) < 5 \times 10^{-14}$ for "
                     r"$r \ge 0.4$, and the float64 ground truth sums 100 bin masses of relative error about "
                     r"$10^{-15}$ weighted by offsets below 50 bins",
    monte_carlo=MonteCarlo(F.sawtooth_samples, samples=200_000, z=5.5, examples=4),
    notes=r"The rounding error $s(x) = c(x) - x$ is a sawtooth of period $\varsigma$, "
          r"$s = \varsigma\sum_k \sin(2\pi k (x - e_0)/\varsigma)/(\pi k)$, and averaging "
          r"$\sin(2\pi k Y/\varsigma)$ over $Y \sim \mathcal{N}(y, \sigma^2)$ multiplies it by "
          r"$e^{-2\pi^2 k^2 \sigma^2/\varsigma^2}$. The leading term gives the maximum "
          r"$\varsigma e^{-2\pi^2 r^2}/\pi$ over $y$, at $u = 1/4 \bmod 1$: the decoded value is pulled "
          r"towards the centre of the bin holding $y$.",
)

BIAS_SERIES.mutant("first_harmonic_only", r"the leading term $e^{-2\pi^2 r^2}\sin(2\pi u)/\pi$ alone",
                   F.BIAS_FIRST_HARMONIC, targets=("second_harmonic_case",))

# -- G3 --------------------------------------------------------------------------------------------------------

EDGE_SIGN = Claim(
    id="hl_gauss.edge_bias_towards_interior",
    paper=PAPER,
    location="G3 (the specification's reading)",
    statement=r"Near the ends of the support the decoded value is biased towards the interior: "
              r"$\hat y(y) < y$ for every $y$ in the last bin $[v_{\max} - \varsigma, v_{\max}]$ (and "
              r"$\hat y(y) > y$ in the first), for every $\sigma/\varsigma \in [0.25, 1]$.",
    assumptions=(SUPPORT, TARGET, r"$m \ge 30$ bins"),
    kind="inequality",
    expected="conditional",
    subject=F.mp_decoded,
    refined_by="hl_gauss.edge_bias_towards_interior_wide",
    notes=r"At small $\sigma/\varsigma$ the periodic interior bias (hl_gauss.interior_bias_series) outweighs the "
          r"truncation inside the last bin: at $\sigma/\varsigma = 0.25$ and $y = v_{\max} - 0.76\varsigma$ the "
          r"decoded value is off by $\hat y - y =$ {{last_bin_sign.bias_in_bins}} bins: below $y$, towards the edge "
          r"(mpmath; confirmed by quadrature at 40 digits). "
          + RECALLED,
)

EDGE_SIGN_WIDE = Claim(
    id="hl_gauss.edge_bias_towards_interior_wide",
    paper=PAPER,
    location="G3, restricted (this suite's finding)",
    statement=r"For $\sigma/\varsigma \in [0.5, 3]$ and every $y$ in the last bin, $\hat y(y) < y$ (and "
              r"$\hat y(y) > y$ in the first bin).",
    assumptions=(SUPPORT, TARGET, r"$m \ge 30$ bins"),
    kind="inequality",
    expected="supported",
    subject=F.mp_decoded,
    origin="suite",
    notes=r"The smallest margin over the drawn cases is in the check's evidence. The sign changes between "
          r"$\sigma/\varsigma = 0.3$ and $0.4$.",
)
EDGE_SIGN_WIDE.mutant("left_edges", r"decoded with the left edges: half a bin low", F.mp_decoded_left_edges)

EDGE_SIZE = Claim(
    id="hl_gauss.edge_bias_at_vmax",
    paper=PAPER,
    location="G3: the size at $y = v_{\\max}$ (derived by this suite)",
    statement=r"At $y = v_{\max}$, far from $v_{\min}$: $(\hat y - y)/\varsigma = -\frac{1}{2} - 2\sum_{j \ge 1}"
              r"\Phi(-j\varsigma/\sigma) < -\frac{1}{2}$: towards the interior by more than half a bin for every "
              r"$\sigma$, and by $-0.69\varsigma$ at $\sigma/\varsigma = 0.75$.",
    assumptions=(SUPPORT, TARGET, r"$\Phi((v_{\min} - v_{\max})/\sigma)$ negligible"),
    kind="identity",
    expected="proved",
    subject=F.edge_bias,
    origin="suite",
    notes=r"At $\sigma/\varsigma = 0.75$ the edge bias is {{matches_quadrature.bias_at_075}} bins. The half-normal "
          r"mean shift $-\sigma\sqrt{2/\pi}$ (the specification's guide) is the limit for $\sigma/\varsigma \to "
          r"\infty$, not $\sigma \to 0$: as $\sigma \to 0$ all the mass sits in the last bin and the bias tends to "
          r"$-\varsigma/2$; at $\sigma/\varsigma = 0.75$ the half-normal shift is "
          r"{{matches_quadrature.half_normal_at_075}} bins.",
)
EDGE_SIZE.mutant("half_normal", r"the half-normal shift $-\sigma\sqrt{2/\pi}$", F.edge_bias_half_normal)
EDGE_SIZE.mutant("no_factor_two", r"$-\frac{1}{2} - \sum_{j \ge 1}\Phi(-j/r)$ (the truncation's factor 2 lost)",
                 F.edge_bias_no_factor_two)

# -- G4 --------------------------------------------------------------------------------------------------------

NEGLIGIBLE = Claim(
    id="hl_gauss.bias_negligible_at_recommended_sigma",
    paper=PAPER,
    location="G4 (the specification's reading; the ratio 0.75 recalled)",
    statement=r"At $\sigma/\varsigma = 0.75$ the interior decoding bias is negligible: "
              r"$\max_y |\hat y(y) - y| \le 10^{-4}\varsigma$ far from the ends, and "
              r"$\max_y |\hat y - y| = \frac{\varsigma}{\pi} e^{-2\pi^2 r^2}(1 + \delta)$, "
              r"$|\delta| \le 10^{-3}$, for $r = \sigma/\varsigma \ge 0.5$.",
    assumptions=(SUPPORT, TARGET, r"$y$ at least $12\sigma$ from both ends"),
    kind="inequality",
    expected="proved",
    subject=F.interior_bias_profile,
    notes=r"The maximal interior bias in bins at $\sigma/\varsigma = 0.25, 0.5, 0.75, 1$, over a grid of 20 001 "
          r"values of $y$ in a bin at $0.75$ (1001 at the others): {{dense_grid.max_bias_in_bins}}. At the "
          r"recommended ratio it is "
          r"{{dense_grid.max_bias_at_075}} bins, far below a bin; at $0.25$ it is nearly a tenth of a bin. "
          + RECALLED,
)
NEGLIGIBLE.mutant("sigma_in_value_units", r"$\sigma = 0.75$ in value units with bins of width $\varsigma = 4$: "
                  r"$r = 0.1875$", F.interior_bias_profile_sigma_value_units)
NEGLIGIBLE.mutant("without_sqrt2", r"erf without $\sqrt 2$: $r$ effectively $0.75/\sqrt 2$",
                  F.interior_bias_profile_without_sqrt2)
