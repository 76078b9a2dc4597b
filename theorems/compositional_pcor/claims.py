"""The claims of Erb, "Partial Correlations in Compositional Data Analysis" (arXiv 1904.09480), and their mutants.

The paper's body could not be read when the family was written: every statement of the paper here is
formalised from its abstract, so the wording is reconstructed and the location is the abstract (no
proposition numbers are confirmed); each claim's notes say so. The statements the suite adds (the
sample-size boundary, the corrected normalisation statement, the D = 3 closed form, the library) have
``origin="suite"``.
"""

from __future__ import annotations

from claimkit import Claim, formula_claim

from . import formulas as F
from .library import log_ratio_residuals, partial_correlations, residual_partial_correlation
from .paper import PAPER

RECONSTRUCTED = ("Reconstructed from the abstract (the paper's body could not be read): the wording and the "
                 "formalisation are the suite's, and no proposition number is confirmed.")

DATA = r"$n$ samples of compositions $x \in \mathbb{R}^D_{>0}$, $D \ge 3$, with logs $l = \log x$"
FULL_RANK = (r"$n \ge D$ and the $(D-1)$-dimensional log-ratios $l_k - l_r$ ($k \ne r$) linearly independent "
             r"together with the constant (a full-rank clr covariance)")
RESIDUAL = (r"$e_i^{(r)}$: the residual of $l_i - l_r$ regressed on an intercept and on $l_k - l_r$ for every "
            r"$k \notin \{i, r\}$ (pairwise version: $k \notin \{i, j, r\}$)")
PINV = (r"$\rho_{ij} = -\Omega_{ij}/\sqrt{\Omega_{ii}\Omega_{jj}}$ with "
        r"$\Omega = \mathrm{pinv}(\mathrm{Cov}(\mathrm{clr}(x)))$")

# -- P1 -------------------------------------------------------------------------------------------------------

REFERENCE_INDEPENDENT = Claim(
    id="compositional_pcor.reference_independent_residuals",
    paper=PAPER,
    location="abstract (P1)",
    statement=r"The residual $e_i^{(r)}$ of the log-ratio $l_i - l_r$, adjusting for all remaining parts "
              r"(including the reference), does not depend on the reference: $e_i^{(r)} = e_i^{(r')}$ for all "
              r"$r, r' \ne i$, with or without the intercept; likewise for the pairwise version with "
              r"$r, r' \notin \{i, j\}$.",
    assumptions=(DATA, RESIDUAL),
    kind="identity",
    expected="proved",
    subject=log_ratio_residuals,
    notes=RECONSTRUCTED + r" Every $l_i - l_r$ differs from $l_i - l_{r'}$ by $l_{r'} - l_r$, which lies in the span "
          r"of the regressors, and the regressors of every reference span the same space (the log-contrasts of "
          r"the parts other than $i$): the residual is the projection of $l_i$ onto the orthogonal complement "
          r"of that space (and of the constant, with the intercept).",
)
_REF = ("residual_same_for_every_reference", "residual_exact_projection")
REFERENCE_INDEPENDENT.mutant("other_reference_regressors",
                             r"the target $l_i - l_r$ regressed on $l_k - l_{r'}$ built with another reference $r'$",
                             F.residuals_other_reference, targets=_REF)
REFERENCE_INDEPENDENT.mutant("logs_not_ratios", r"$l_i$ regressed on the logs $l_k$, $k \notin \{i, r\}$",
                             F.residuals_of_logs, targets=_REF)
REFERENCE_INDEPENDENT.mutant("one_part_not_adjusted", "the last remaining part left out of the adjustment",
                             F.residuals_dropping_last_regressor, targets=("residual_exact_projection",))

# -- P2 -------------------------------------------------------------------------------------------------------

PINV_EQUALS_RESIDUAL = Claim(
    id="compositional_pcor.pinv_equals_residual_correlation",
    paper=PAPER,
    location="abstract (P2)",
    statement=r"For every pair $i \ne j$ the correlation of the residuals, $\rho_{ij} = "
              r"\mathrm{corr}(e_i^{(r)}, e_j^{(r)})$ (pairwise version, any $r \notin \{i, j\}$), equals "
              r"$-\Omega_{ij}/\sqrt{\Omega_{ii}\Omega_{jj}}$ with "
              r"$\Omega = \mathrm{pinv}(\mathrm{Cov}(\mathrm{clr}(x)))$.",
    assumptions=(DATA, FULL_RANK, RESIDUAL),
    kind="identity",
    expected="proved",
    subject=partial_correlations,
    notes=RECONSTRUCTED + r" The population identity is "
          r"$\mathrm{pinv}(G\Sigma G) = A^\top (A\Sigma A^\top)^{-1} A$ for "
          r"the log-ratio map $A$ of any reference; the same algebra holds for sample covariances, so the identity "
          r"is exact at every $n \ge D$. Below that it fails: see "
          r"compositional_pcor.small_sample_pinv_agrees. "
          r"The subject is the library's partial_correlations, which computes the pseudo-inverse as "
          r"$(C + J/D)^{-1} - J/D$ "
          r"($C \mathbf{1} = 0$ is known exactly, so no rank is guessed from a cut-off).",
)
PINV_EQUALS_RESIDUAL.mutant("raw_proportions", "the pinv formula on the proportions, not their logs",
                            F.pcor_raw_proportions)
PINV_EQUALS_RESIDUAL.mutant("inv_not_pinv", "the singular clr covariance inverted with inv instead of pinv",
                            F.pcor_inv_not_pinv)
PINV_EQUALS_RESIDUAL.mutant("missing_minus", r"$+\Omega_{ij}/\sqrt{\Omega_{ii}\Omega_{jj}}$", F.pcor_missing_minus)
PINV_EQUALS_RESIDUAL.mutant("pearson_of_log_ratios", r"Pearson correlation of $l_i - l_r$ and $l_j - l_r$ reported "
                            r"as $\rho_{ij}$", F.pcor_pearson_of_log_ratios)
PINV_EQUALS_RESIDUAL.mutant("precision_unscaled", r"$-\Omega_{ij}$ without the normalisation",
                            F.pcor_precision_unscaled)

THREE_PARTS = formula_claim(
    id="compositional_pcor.three_part_closed_form",
    paper=PAPER,
    location="abstract (P2), the case D = 3 (derived by this suite)",
    statement=r"For three parts with log-covariance $\Sigma$, $\rho_{12} = \dfrac{\Sigma_{12} - \Sigma_{13} - "
              r"\Sigma_{23} + \Sigma_{33}}{\sqrt{(\Sigma_{11} - 2\Sigma_{13} + \Sigma_{33})(\Sigma_{22} - "
              r"2\Sigma_{23} + \Sigma_{33})}}$: the correlation of $\log(x_1/x_3)$ and $\log(x_2/x_3)$ equals "
              r"$-\Omega_{12}/\sqrt{\Omega_{11}\Omega_{22}}$ with $\Omega = \mathrm{pinv}(G\Sigma G)$.",
    formula=F.THREE_PART_PCOR,
    truth=lambda S: _three_part_truth(S),
    truth_at_precision=lambda digits, S: _three_part_truth(S, digits),
    condition=lambda S: _well_posed(S),
    assumptions=(r"the log-ratio variances $\Sigma_{11} - 2\Sigma_{13} + \Sigma_{33}$ and "
                 r"$\Sigma_{22} - 2\Sigma_{23} + \Sigma_{33}$ at least $10^{-2}$ and $|\rho_{12}| \le 0.999$",),
    rtol=1e-9,
    atol=1e-9,
    tolerance_reason="the ground truth inverts the 3 × 3 clr covariance (condition number at most 1e4 on the "
                     "accepted cases): error about 1e4 · 1e-16 of the correlation's scale, 1, so absolute as well "
                     "as relative (ρ₁₂ can be 0: the float64 route gave 1.7e-16 where it is exactly 0)",
    origin="suite",
    expected="proved",
    examples=30,
    mutant_limit=12,
    notes=r"With three parts and no part left to adjust for, the compositional partial correlation is the "
          r"correlation of two log-ratios with the third part as reference. The ground truth takes the "
          r"other route: $\Omega = \mathrm{pinv}(G\Sigma G)$ computed as $(G\Sigma G + J/3)^{-1} - J/3$, in "
          r"float64 and with mpmath.",
)

# -- P3 -------------------------------------------------------------------------------------------------------

RANGE_AND_SIGN = Claim(
    id="compositional_pcor.range_and_negative_values",
    paper=PAPER,
    location="abstract (P3)",
    statement=r"The partial correlations are properly scaled and allow for negative association: "
              r"$-1 \le \rho_{ij} \le 1$ for every pair, and $\rho_{ij} < 0$ occurs.",
    assumptions=(DATA, FULL_RANK, PINV),
    kind="inequality",
    expected="proved",
    subject=partial_correlations,
    notes=RECONSTRUCTED + r" $\Omega$ is positive semidefinite, so every $2\times 2$ principal minor "
          r"$\Omega_{ii}\Omega_{jj} - \Omega_{ij}^2$ is non-negative (Cauchy–Schwarz), which is $|\rho_{ij}| \le 1$. "
          "The abstract's contrast with proportionality-type measures is not formalised here.",
)
RANGE_AND_SIGN.mutant("precision_unscaled", r"$-\Omega_{ij}$ without the normalisation (not within $[-1, 1]$)",
                      F.pcor_precision_unscaled)
RANGE_AND_SIGN.mutant("missing_minus", r"the sign flipped: the negative association becomes positive",
                      F.pcor_missing_minus, targets=("negative_association_exhibited",))

# -- P4 -------------------------------------------------------------------------------------------------------

INVARIANCE = Claim(
    id="compositional_pcor.closure_and_permutation_invariance",
    paper=PAPER,
    location="abstract (P4)",
    statement=r"$\rho_{ij}$ is unchanged by a per-sample rescaling $x_s \mapsto c_s x_s$ ($c_s > 0$; closure "
              r"in particular) and equivariant under a permutation $\pi$ of the parts: "
              r"$\rho(x P_\pi)_{ij} = \rho(x)_{\pi(i)\pi(j)}$.",
    assumptions=(DATA, FULL_RANK, PINV),
    kind="identity",
    expected="proved",
    subject=partial_correlations,
    notes=RECONSTRUCTED + " Every log-ratio is unchanged by the rescaling; a permutation relabels the parts.",
)
INVARIANCE.mutant("logs_not_clr",
                  r"conventional partial correlations of the logs, $\Omega = \mathrm{inv}(\mathrm{Cov}(l))$",
                  F.pcor_logs_not_clr)
INVARIANCE.mutant("centred_over_samples", "the logs centred over the samples instead of the parts",
                  F.pcor_centred_over_samples)
INVARIANCE.mutant("pearson_of_log_ratios", r"Pearson correlation of $l_i - l_r$ and $l_j - l_r$, $r$ the first other "
                  "part (not permutation equivariant)", F.pcor_pearson_of_log_ratios)

# -- P5 -------------------------------------------------------------------------------------------------------

SUBCOMPOSITION_INCOHERENT = Claim(
    id="compositional_pcor.subcompositionally_incoherent",
    paper=PAPER,
    location="abstract (P5)",
    statement=r"Partial correlations are subcompositionally incoherent: for some data and some subcomposition "
              r"$S \ni i, j$, $\rho_{ij}$ computed within $S$ (re-closed) differs from $\rho_{ij}$ in the full "
              r"composition.",
    assumptions=(DATA, FULL_RANK, r"$S$ a subset of at least three parts, re-closed"),
    kind="identity",
    expected="proved",
    subject=F.subcomposition_pcor,
    notes=RECONSTRUCTED + r" Within $S$ fewer parts are adjusted for, so the value changes whenever a dropped part "
          r"carries information on $i$ and $j$; exhibited in exact rationals.",
)
SUBCOMPOSITION_INCOHERENT.mutant("coherent", "the subcomposition's value taken from the full composition",
                                 F.subcomposition_pcor_from_full)

SUBCOMPOSITION_CONVENTIONAL = Claim(
    id="compositional_pcor.subcomposition_is_conventional_partial",
    paper=PAPER,
    location="abstract (P5)",
    statement=r"They share this with conventional partial correlations: $\rho_{ij}$ within a subcomposition "
              r"$S$ equals the conventional partial correlation of $l_i - l_r$ and $l_j - l_r$ ($r \in S$) "
              r"adjusting only for $l_k - l_r$, $k \in S \setminus \{i, j, r\}$, that is, for fewer variables.",
    assumptions=(DATA, r"$S$ a subset of at least three parts, re-closed, with $|S| \le n$"),
    kind="identity",
    expected="proved",
    subject=F.subcomposition_pcor,
    notes=RECONSTRUCTED + " The subcomposition's clr covariance is that of its own parts; P2 applied within it "
          "gives the conventional partial correlation with the smaller adjustment set.",
)
SUBCOMPOSITION_CONVENTIONAL.mutant("coherent", "the subcomposition's value taken from the full composition",
                                   F.subcomposition_pcor_from_full)
SUBCOMPOSITION_CONVENTIONAL.mutant("raw_proportions", "the pinv formula on the re-closed proportions",
                                   F.subcomposition_pcor_raw_proportions)

# -- P6 -------------------------------------------------------------------------------------------------------

NORMALISATION_DISJOINT = Claim(
    id="compositional_pcor.normalisation_equivalence_disjoint",
    paper=PAPER,
    location="abstract (P6), with the reference set disjoint from the pair (derived by this suite)",
    statement=r"Normalising by the geometric mean of a reference set $R$ with $R \cap \{i, j\} = \emptyset$ "
              r"($y_k = l_k - \frac{1}{|R|}\sum_{m \in R} l_m$; a single reference part is $|R| = 1$) and taking "
              r"the conventional partial correlation of $y_i$ and $y_j$ adjusting for every other $y_k$ (the "
              r"normalising parts included) gives $\rho_{ij}$.",
    assumptions=(DATA, FULL_RANK),
    kind="identity",
    expected="proved",
    subject=F.normalised_partial_correlation,
    origin="suite",
    notes=r"The regressors $y_k$, $k \notin \{i, j\}$, are log-contrasts of the parts other than $i, j$ (the "
          r"weights of $\bar l_R$ sum to 1) and span all of them; $y_i - (l_i - l_r)$ is such a contrast. They are "
          r"linearly dependent ($\sum_{k \in R} y_k = 0$): the subject's least squares uses a singular-value cut-off "
          r"of $10^{-10}$, since the default one can fail (compositional_pcor.normalisation_default_least_squares).",
)
NORMALISATION_DISJOINT.mutant("reference_not_adjusted", "the normalising parts left out of the adjustment",
                              F.normalised_not_adjusting_for_reference)
NORMALISATION_DISJOINT.mutant("no_adjustment", r"Pearson correlation of the normalised $y_i$, $y_j$",
                              F.normalised_without_adjustment)

NORMALISATION_ANY = Claim(
    id="compositional_pcor.normalisation_equivalence",
    paper=PAPER,
    location="abstract (P6)",
    statement=r"Normalising by a reference part or by the geometric mean of any reference set $R$ and taking "
              r"conventional partial correlations of the normalised $y_k = l_k - \bar l_R$, adjusting for all "
              r"other $y_k$ (the normalising parts controlled for), gives $\rho_{ij}$ for every pair.",
    assumptions=(DATA, FULL_RANK),
    kind="identity",
    expected="conditional",
    subject=F.normalised_partial_correlation,
    refined_by="compositional_pcor.normalisation_equivalence_disjoint",
    notes=RECONSTRUCTED + r" When $R$ contains $i$ or $j$ the normalised variables mix the pair into the adjustment "
          r"set: with $R$ all parts (clr) $y_i + y_j$ is minus the sum of the regressors, so the residuals are "
          r"opposite and the correlation is $-1$ for every data set. The statement holds when $R \cap \{i, j\} = "
          r"\emptyset$ (compositional_pcor.normalisation_equivalence_disjoint).",
)

NORMALISATION_FLOAT = Claim(
    id="compositional_pcor.normalisation_default_least_squares",
    paper=PAPER,
    location="abstract (P6), computed in floating point (derived by this suite)",
    statement=r"With $R \cap \{i, j\} = \emptyset$, the normalised partial correlation computed by ordinary least "
              r"squares with numpy's default singular-value cut-off, adjusting for every other $y_k$, gives "
              r"$\rho_{ij}$.",
    assumptions=(DATA, FULL_RANK, r"samples carrying per-sample factors (any closure) up to $10^{\pm 50}$"),
    kind="algorithm",
    expected="refuted",
    subject=F.normalised_partial_correlation_default_cutoff,
    origin="suite",
    notes=r"Adjusting for every normalising part makes the design singular: $\sum_{k \in R} y_k = 0$ exactly, so "
          r"for $|R| \ge 2$ one regressor is a combination of the others. In float64 that combination is rounding "
          r"noise, and the default cut-off can keep it as a direction to regress on: the residuals lose a random "
          r"direction and the correlation is wrong, although the exact computation on the same data agrees with "
          r"$\rho_{ij}$ (compositional_pcor.normalisation_equivalence_disjoint, computed with a cut-off of "
          r"$10^{-10}$). Leaving one normalising part out of the adjustment gives the same span without the "
          r"singularity.",
)

PEARSON_REFERENCE = Claim(
    id="compositional_pcor.pearson_log_ratio_reference_free",
    paper=PAPER,
    location="abstract (P6)",
    statement=r"The Pearson correlation of log-ratios without adjustment, $\mathrm{corr}(l_i - l_r, l_j - l_r)$, "
              r"does not depend on the reference $r \notin \{i, j\}$.",
    assumptions=(DATA, FULL_RANK),
    kind="identity",
    expected="refuted",
    stance="denies",
    subject=F.pearson_log_ratio,
    notes=RECONSTRUCTED + r" The paper contrasts partial correlations with the usual reference-dependent measures "
          r"of pairwise association: the shared reference $l_r$ enters both log-ratios.",
)

# -- P7 -------------------------------------------------------------------------------------------------------

SMALL_SAMPLE_DEGENERATE = Claim(
    id="compositional_pcor.small_sample_degenerate",
    paper=PAPER,
    location="abstract (P7: the domain boundary n ≤ D − 1, derived by this suite)",
    statement=r"With $n = D - 1$ samples the residual definition gives $|\rho_{ij}| = 1$ for every pair and "
              r"every data set; with $n \le D - 2$ the residuals are identically 0 and $\rho_{ij}$ is undefined.",
    assumptions=(DATA, r"the intercept and the $D - 3$ regressors of the pairwise version linearly independent "
                 r"(generic data)"),
    kind="identity",
    expected="proved",
    subject=F.pcor_residual_unguarded,
    origin="suite",
    notes=r"The pairwise regression has $D - 2$ coefficients, so the residuals live in a space of dimension "
          r"$n - (D - 2)$: one at $n = D - 1$, none below.",
)
SMALL_SAMPLE_DEGENERATE.mutant("pinv_value", r"the pinv formula's value reported instead",
                               lambda x, i, j, r: float(F.pcor_pinv_unguarded(x)[i, j]))

SMALL_SAMPLE_PINV = Claim(
    id="compositional_pcor.small_sample_pinv_agrees",
    paper=PAPER,
    location="abstract (P7: the domain boundary n ≤ D − 1)",
    statement=r"With $n \le D - 1$ samples (a rank-deficient clr covariance) the pinv formula "
              r"$-\Omega_{ij}/\sqrt{\Omega_{ii}\Omega_{jj}}$ still equals the residual partial correlation.",
    assumptions=(DATA, r"$n = D - 1$"),
    kind="identity",
    expected="refuted",
    subject=F.pcor_pinv_unguarded,
    origin="suite",
    notes=r"The pinv returns finite numbers in $[-1, 1]$ with no warning, but the residual correlations are "
          r"$\pm 1$ there: silently wrong. The library therefore refuses $n < D$ (and zero parts, whose log is "
          r"$-\infty$).",
)

# -- P8 -------------------------------------------------------------------------------------------------------

CONVERGENCE = Claim(
    id="compositional_pcor.sample_convergence",
    paper=PAPER,
    location="abstract (P8: reproduction analogue)",
    statement=r"For logistic-normal data ($l \sim N(\mu, \Sigma)$, $x = \mathcal{C}(e^l)$) the sample "
              r"$\hat\rho_{ij}$ converge to the population partial correlations "
              r"$-\Omega_{ij}/\sqrt{\Omega_{ii}\Omega_{jj}}$, $\Omega = \mathrm{pinv}(G\Sigma G)$, at rate $n^{-1/2}$.",
    assumptions=(r"$l \sim N(\mu, \Sigma)$ i.i.d., $G\Sigma G$ of rank $D - 1$", r"$n \ge D$"),
    kind="statistical",
    expected="supported",
    subject=partial_correlations,
    origin="suite",
    notes=r"The paper's Roman glass data are not shipped offline; this is the analogue on simulated data. "
          r"The log-ratios are Gaussian, so $\hat\rho_{ij}$ is a sample partial correlation with $D - 3$ "
          r"variables adjusted for, and Fisher's $\operatorname{atanh}\hat\rho$ has standard error "
          r"$1/\sqrt{n - D}$.",
)
CONVERGENCE.mutant("raw_proportions", "the pinv formula on the proportions, not their logs", F.pcor_raw_proportions)
CONVERGENCE.mutant("missing_minus", r"$+\Omega_{ij}/\sqrt{\Omega_{ii}\Omega_{jj}}$", F.pcor_missing_minus,
                   targets=("fisher_z_within_bounds",))
CONVERGENCE.mutant("pearson_of_log_ratios", r"Pearson correlation of log-ratios reported as $\rho_{ij}$",
                   F.pcor_pearson_of_log_ratios, targets=("fisher_z_within_bounds",))


# -- the library ----------------------------------------------------------------------------------------------

LIBRARY_RESIDUAL = Claim(
    id="compositional_pcor.library_residual_partial_correlation",
    paper=PAPER,
    location="library: residual_partial_correlation (P1, P2, P7)",
    statement=r"For compositions with $n \ge D$ samples the library's residual_partial_correlation$(x, i, j, r)$ "
              r"returns $\mathrm{corr}(e_i^{(r)}, e_j^{(r)})$ for parts of any scale (from $10^{-200}$ to $10^{200}$), "
              r"and raises a ValueError naming $x$ for a zero part or for $n < D$ instead of returning a number.",
    assumptions=(DATA,),
    kind="algorithm",
    expected="supported",
    subject=residual_partial_correlation,
    origin="suite",
    notes="Checked against the residual correlation computed in exact rationals from integer logs, and on the "
          "domain boundary of P7 (an exact zero, n = D − 1).",
)
LIBRARY_RESIDUAL.mutant("no_intercept", "the residuals computed without the intercept",
                        F.residual_pcor_without_intercept, targets=("matches_exact_rationals",))
LIBRARY_RESIDUAL.mutant("unguarded", "no check of the domain: NaN for a zero part, a number for n < D",
                        F.residual_pcor_unguarded_call, targets=("refuses_the_domain_boundary",))
LIBRARY_RESIDUAL.mutant("proportions", "the residuals of the proportions' ratios, not of the log-ratios",
                        F.residual_pcor_of_ratios, targets=("matches_exact_rationals",))


# -- shared pieces of the claims --------------------------------------------------------------------------------

def _three_part_truth(S, digits=None):
    """ρ₁₂ from Ω = pinv(GΣG) = (GΣG + J/3)⁻¹ − J/3, in float64 or with mpmath at ``digits``."""
    import mpmath
    import numpy as np

    if digits is None:
        sigma = np.asarray(S, dtype=float)
        g = np.eye(3) - 1.0 / 3
        c = g @ sigma @ g
        omega = np.linalg.inv(c + 1.0 / 3) - 1.0 / 3
        return float(-omega[0, 1] / np.sqrt(omega[0, 0] * omega[1, 1]))
    with mpmath.workdps(digits):
        sigma = mpmath.matrix([[mpmath.mpf(v) for v in row] for row in np.asarray(S, dtype=float).tolist()])
        g = mpmath.eye(3) - mpmath.ones(3, 3) / 3
        c = g * sigma * g
        omega = (c + mpmath.ones(3, 3) / 3) ** -1 - mpmath.ones(3, 3) / 3
        return -omega[0, 1] / mpmath.sqrt(omega[0, 0] * omega[1, 1])


def _well_posed(S):
    import numpy as np

    s = np.asarray(S, dtype=float)
    v0 = s[0, 0] - 2 * s[0, 2] + s[2, 2]
    v1 = s[1, 1] - 2 * s[1, 2] + s[2, 2]
    if min(v0, v1) < 1e-2:
        return False
    g = np.eye(3) - 1.0 / 3
    c = g @ s @ g + 1.0 / 3
    if np.linalg.cond(c) > 1e4:
        return False
    return abs((s[0, 1] - s[0, 2] - s[1, 2] + s[2, 2]) / np.sqrt(v0 * v1)) <= 0.999

