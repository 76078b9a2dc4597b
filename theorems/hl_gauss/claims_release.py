"""G5–G8 and the library: the cross-entropy minimiser under noisy targets, the released listing (finiteness,
centres, bin count), the library's conformance, and the noisy-regression reproduction."""

from __future__ import annotations

from typing import NamedTuple

from claimkit import Claim

from . import formulas as F
from . import library as L
from .claims_decoding import RECALLED, SUPPORT, TARGET
from .paper import PAPER

LISTING = (r"the Appendix A listing: edges $\mathrm{linspace}(v_{\min}, v_{\max}, m + 1)$, "
           r"$\mathrm{cdf} = \mathrm{erf}((e - y)/(\sqrt 2\sigma))$, $z = \mathrm{cdf}_m - \mathrm{cdf}_0$, "
           r"$p = (\mathrm{cdf}_{1:} - \mathrm{cdf}_{:-1})/z$; no clipping of $y$, no $\epsilon$")

# -- G5 --------------------------------------------------------------------------------------------------------


class Mixture(NamedTuple):
    """The claimed population minimiser ``minimiser(atoms, weights, v_min, v_max, m, sigma)`` (a histogram)."""

    minimiser: object


MINIMISER = Claim(
    id="hl_gauss.ce_minimiser_is_mixture",
    paper=PAPER,
    location="G5 (the specification's reading of the paper's noisy-target analysis)",
    statement=r"For $y \sim P$, the minimiser over the simplex of $\mathbb{E}_{y \sim P}[-\sum_i p_i(y)\log q_i]$ "
              r"is the mixture $\bar p = \mathbb{E}_{y \sim P}[p(y)]$ of the HL-Gauss histograms.",
    assumptions=(SUPPORT, TARGET, r"$P$ supported in $[v_{\min}, v_{\max}]$"),
    kind="identity",
    expected="proved",
    subject=Mixture(F.mixture_of_histograms),
    notes=r"The expected cross-entropy is $-\sum_i \bar p_i \log q_i$, linear in the targets; Gibbs' inequality "
          r"makes $\bar p$ its unique minimiser. A numerical solver on the logits reaches it.",
)
MINIMISER.mutant("histogram_of_mean", r"the HL-Gauss histogram of $\mathbb{E}[y]$", Mixture(F.histogram_of_mean))

DECODES_TO_MEAN = Claim(
    id="hl_gauss.ce_minimiser_decodes_to_mean",
    paper=PAPER,
    location="G5 (the specification's reading)",
    statement=r"For $y \sim P$ inside the support, the minimiser $\bar p$ decodes to $\mathbb{E}[y]$ up to the "
              r"interior bias: $|\sum_i \bar p_i c_i - \mathbb{E}[y]| \le \max_y |\hat y(y) - y|_{\mathrm{interior}} "
              r"\le \frac{\varsigma}{\pi}\frac{q}{1 - q}$, $q = e^{-2\pi^2\sigma^2/\varsigma^2}$.",
    assumptions=(SUPPORT, TARGET, r"$P$ supported in $[v_{\min}, v_{\max}]$", r"$\sigma/\varsigma \in [0.5, 1]$"),
    kind="inequality",
    expected="conditional",
    subject=F.decoded_mixture,
    refined_by="hl_gauss.ce_minimiser_decodes_to_mean_interior",
    notes=r"Decoding is linear, so $\bar p$ decodes to $\mathbb{E}[\hat y(y)]$; a target within a few $\sigma$ of "
          r"an end carries the edge bias (hl_gauss.edge_bias_at_vmax) into the mean. With one atom at the upper "
          r"end the gap is {{decodes_to_mean_anywhere.gap_in_bins}} bins against a bound of "
          r"{{decodes_to_mean_anywhere.bound_in_bins}}. " + RECALLED,
)

DECODES_INTERIOR = Claim(
    id="hl_gauss.ce_minimiser_decodes_to_mean_interior",
    paper=PAPER,
    location="G5, restricted (this suite's addition)",
    statement=r"If $P$ is supported in $[v_{\min} + 12\sigma, v_{\max} - 12\sigma]$, then "
              r"$|\sum_i \bar p_i c_i - \mathbb{E}[y]| \le \frac{\varsigma}{\pi}\frac{q}{1 - q} + 10^{-12}\varsigma$, "
              r"$q = e^{-2\pi^2\sigma^2/\varsigma^2}$.",
    assumptions=(SUPPORT, TARGET, r"$\sigma/\varsigma \in [0.5, 1]$"),
    kind="inequality",
    expected="supported",
    subject=F.decoded_mixture,
    origin="suite",
    notes=r"$|\sum_k q^{k^2}\sin(2\pi k u)/(\pi k)| \le \sum_k q^k/\pi$ bounds the interior series; the truncation "
          r"at $12\sigma$ moves the mean by less than $10^{-30}\varsigma$.",
)
DECODES_INTERIOR.mutant("left_edges", r"decoded with the left edges $e_i$ instead of the centres",
                        F.decoded_mixture_left_edges)

# -- G6 --------------------------------------------------------------------------------------------------------

FINITE_EVERYWHERE = Claim(
    id="hl_gauss.release_finite_everywhere",
    paper=PAPER,
    location="G6: Appendix A listing (as copied in repositories citing it)",
    statement=r"For every finite target $y$, inside or outside $[v_{\min}, v_{\max}]$, the listing returns finite "
              r"probabilities summing to 1, in float32 and in float64.",
    assumptions=(LISTING,),
    kind="algorithm",
    expected="conditional",
    subject=F.RELEASE,
    refined_by="hl_gauss.release_finite_near_support",
    notes=r"Far outside the support every $\mathrm{erf}$ rounds to the same $\pm 1$, so $z = 0$ and the listing "
          r"divides 0 by 0. The first non-finite output is at {{first_failure.float32_threshold_in_sigma}} "
          r"$\sigma$ beyond the support in float32 and {{first_failure.float64_threshold_in_sigma}} $\sigma$ "
          r"in float64 (bisection; the true mass $z$ there is positive, mpmath). A library must clip $y$ or move "
          r"the mass to the edge bin.",
)

FINITE_NEAR = Claim(
    id="hl_gauss.release_finite_near_support",
    paper=PAPER,
    location="G6, restricted (this suite's finding)",
    statement=r"For $y$ at most $5\sigma$ outside the support (float32) or $8\sigma$ (float64), and for every $y$ "
              r"inside it, the listing's probabilities are finite, non-negative and sum to 1 within $4m\epsilon$, "
              r"for $m \in [2, 601]$ and $\sigma/\varsigma \in [0.1, 3]$.",
    assumptions=(LISTING,),
    kind="algorithm",
    expected="supported",
    subject=F.RELEASE,
    origin="suite",
)
FINITE_NEAR.mutant("epsilon_guard", r"$p = (\mathrm{cdf}_{1:} - \mathrm{cdf}_{:-1})/(z + 10^{-6})$: finite, not "
                   r"summing to 1", F.RELEASE._replace(transform=F.transform_with_epsilon))
FINITE_NEAR.mutant("no_normalisation", r"$p = (\mathrm{cdf}_{1:} - \mathrm{cdf}_{:-1})/2$",
                   F.RELEASE._replace(transform=F.transform_without_normalisation))

# -- G7 --------------------------------------------------------------------------------------------------------

CENTRES = Claim(
    id="hl_gauss.release_decodes_with_centres",
    paper=PAPER,
    location="G7: Appendix A listing",
    statement=r"The listing has $m$ outputs for $m + 1$ edges and decodes with the centres: in float64, "
              r"$\sum_i p_i(y) c_i$ equals the decoded HL-Gauss value of $y$ (hl_gauss.interior_bias_series in the "
              r"interior, hl_gauss.edge_bias_at_vmax at the ends), with no off-by-half shift.",
    assumptions=(LISTING, r"$y \in [v_{\min}, v_{\max}]$"),
    kind="algorithm",
    expected="supported",
    subject=F.RELEASE,
    notes=r"Checked against the HL-Gauss definition at 20 digits (mpmath) on drawn supports, bin counts, ratios "
          r"$\sigma/\varsigma$ and targets anywhere in the support.",
)
for _name, _text, _variant in (
    ("negated_centres", r"centres $(e_{:-1} - e_{1:})/2$", F.RELEASE._replace(decode=F.decode_negated_centres)),
    ("left_edges", r"decoding with the left edges", F.RELEASE._replace(decode=F.decode_left_edges)),
    ("sigma_value_units", r"$\sigma$ in bin units used in value units",
     F.RELEASE._replace(transform=F.transform_sigma_in_value_units)),
    ("no_normalisation", r"no division by $z$", F.RELEASE._replace(transform=F.transform_without_normalisation)),
    ("without_sqrt2", r"erf without $\sqrt 2$", F.RELEASE._replace(transform=F.transform_without_sqrt2)),
    ("m_plus_one_logits", r"$m + 1$ outputs for $m$ bins",
     F.RELEASE._replace(transform=F.transform_m_plus_one_bins, num_logits=lambda m: m + 1)),
):
    CENTRES.mutant(_name, _text, _variant)

# -- the library -----------------------------------------------------------------------------------------------


class Library(NamedTuple):
    """The library's public names, as one subject."""

    hl_gauss_target: object
    hl_gauss_decode: object
    hl_gauss_cross_entropy: object
    two_hot_target: object
    two_hot_decode: object


LIBRARY = Library(L.hl_gauss_target, L.hl_gauss_decode, L.hl_gauss_cross_entropy, L.two_hot_target,
                  L.two_hot_decode)

LIBRARY_TARGET = Claim(
    id="hl_gauss.library_target",
    paper=PAPER,
    location="library (this suite's implementation)",
    statement=r"hl_gauss_target returns the HL-Gauss histogram of $\min(\max(y, v_{\min}), v_{\max})$ with every "
              r"bin mass to $10^{-9}$ relative (mpmath, 25 digits), for any finite $y$, "
              r"$m \in [2, 60]$, $\sigma/\varsigma \in [0.1, 3]$; hl_gauss_decode and hl_gauss_cross_entropy agree "
              r"with the definitions, and two_hot_target decodes to the clipped $y$.",
    assumptions=(SUPPORT, TARGET),
    kind="algorithm",
    expected="supported",
    subject=LIBRARY,
    origin="suite",
)
LIBRARY_TARGET.mutant("listing_float64", r"the listing in float64 (no clipping, CDF differences near 1)",
                      LIBRARY._replace(hl_gauss_target=F.library_as_listing), targets=("target_matches_definition",))
LIBRARY_TARGET.mutant("naive_differences", r"$\Phi(e_{i+1}) - \Phi(e_i)$ for every bin: tail bins lose their digits",
                      LIBRARY._replace(hl_gauss_target=F.library_naive_differences),
                      targets=("target_matches_definition",))
LIBRARY_TARGET.mutant("decode_left_edges", r"decoding with the left edges",
                      LIBRARY._replace(hl_gauss_decode=F.library_decode_left_edges),
                      targets=("target_matches_definition",))
LIBRARY_TARGET.mutant("ce_without_log_softmax", r"cross-entropy against the logits, not their log-softmax",
                      LIBRARY._replace(hl_gauss_cross_entropy=F.library_ce_on_logits),
                      targets=("cross_entropy_matches_definition",))
LIBRARY_TARGET.mutant("two_hot_swapped", r"two-hot weights swapped between the two atoms",
                      LIBRARY._replace(two_hot_target=F.library_two_hot_swapped),
                      targets=("two_hot_matches_definition",))

# -- G8 --------------------------------------------------------------------------------------------------------

PROTOCOL = (r"$x \sim U(-1, 1)$, $y = \sin 3x + 0.1\,t_{1.5}$; 200 random Fourier features "
            r"$\sqrt{2/D}\cos(\omega x + b)$, $\omega \sim \mathcal{N}(0, 16)$, and a linear head, full-batch "
            r"gradient descent from zero; support $[-2, 2]$, 51 bins, $\sigma = 0.75\varsigma$, targets clipped to "
            r"the support before the HL-Gauss transform; test MSE of the decoded prediction against $\sin 3x$ on "
            r"401 grid points",
            r"the thorough profile: $n = 2000$, 3000 steps, seeds 0 to 4; the default profile: $n = 400$, 100 "
            r"features, 400 steps, seeds 0 to 4; step sizes $1/(\lambda_{\max} + 1)$ for MSE and "
            r"$16/(\lambda_{\max} + 1)$ for the cross-entropy, $\lambda_{\max}$ the top eigenvalue of the "
            r"features' second-moment matrix")

HL_BEATS_MSE_ON_AVERAGE = Claim(
    id="hl_gauss.noisy_regression_hl_beats_mse_on_average",
    paper=PAPER,
    location="G8: abstract (noisy targets), reproduced as a 1-D analogue",
    statement=r"On the noisy 1-D regression toy, the test MSE averaged over the seeds is lower for the model trained "
              r"with HL-Gauss cross-entropy than for the same model trained with MSE.",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="supported",
    subject=F.Comparison("hl_gauss", "mse"),
    origin="suite",
    notes=r"Mean test MSE over the seeds: HL-Gauss {{hl_against_mse_on_average.hl_gauss_mean}}, MSE "
          r"{{hl_against_mse_on_average.mse_mean}}. The seed-by-seed statement fails "
          r"(hl_gauss.noisy_regression_hl_beats_mse); this is the ordering on average.",
)
HL_BEATS_MSE_ON_AVERAGE.mutant("reversed", "the opposite ordering: MSE below HL-Gauss on average",
                               F.Comparison("mse", "hl_gauss"))

HL_BEATS_MSE = Claim(
    id="hl_gauss.noisy_regression_hl_beats_mse",
    paper=PAPER,
    location="G8: abstract (noisy targets), reproduced as a 1-D analogue",
    statement=r"On the noisy 1-D regression toy, the model trained with HL-Gauss cross-entropy has a lower test MSE "
              r"than the same model trained with MSE, on every seed.",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="conditional",
    subject=F.Comparison("hl_gauss", "mse"),
    origin="suite",
    refined_by="hl_gauss.noisy_regression_hl_beats_mse_on_average",
    notes=r"Test MSE per seed: HL-Gauss {{hl_against_mse.hl_gauss}}, MSE {{hl_against_mse.mse}}. Not on every "
          r"seed: the default protocol's seed 3 and the full-size protocol's seed 4 go the other way (with seeds "
          r"0 to 2 alone the default run had not shown it; the thorough run did). The paper's Atari, robotics, "
          r"chess and Wordle results are not reproducible offline; this is an analogue of its noisy-target "
          r"analysis.",
)

HL_BEATS_CLIPPED_MSE = Claim(
    id="hl_gauss.noisy_regression_hl_beats_clipped_mse",
    paper=PAPER,
    location="G8, an ablation (this suite's addition)",
    statement=r"On the same toy, HL-Gauss cross-entropy also beats MSE trained on the same clipped targets "
              r"$\min(\max(y, -2), 2)$, on every seed: the gain is not the clipping's.",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="refuted",
    subject=F.Comparison("hl_gauss", "mse_clipped"),
    origin="suite",
    notes=r"Test MSE per seed: HL-Gauss {{hl_against_clipped_mse.hl_gauss}}, MSE on clipped targets "
          r"{{hl_against_clipped_mse.mse_clipped}}. On this toy the outliers of the $t_{1.5}$ noise are what hurts "
          r"MSE, and clipping them to the support (the policy the HL-Gauss transform needs, G6) removes most of the "
          r"gap.",
)
