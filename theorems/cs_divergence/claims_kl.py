"""S3: the CS divergence against the KL divergence for Gaussians, every reading of "CS upper-bounds / is tighter
than KL", in one and in d dimensions.

The subject of each claim is the pair (D_CS, KL) of Gaussian divergences, as a dict; the checks compare the two
sides the statement names, and the mutants replace one of them (a KL with swapped covariances, D_CS in bits).
"""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .claims_properties import DEFINITION
from .paper import PAPER

PAIR = {"dcs": F.dcs_gaussian, "kl": F.kl_gaussian}
SWAPPED = {"dcs": F.dcs_gaussian, "kl": F.kl_gaussian_swapped}
IN_BITS = {"dcs": F.dcs_gaussian_log2, "kl": F.kl_gaussian}

GAUSSIANS = r"$p = \mathcal{N}(\mu_1, \Sigma_1)$, $q = \mathcal{N}(\mu_2, \Sigma_2)$ on $\mathbb{R}^d$, $\Sigma_1, " \
            r"\Sigma_2$ symmetric positive definite"
KL = r"$\mathrm{KL}(p\|q) = \frac{1}{2}(\mathrm{tr}(\Sigma_2^{-1}\Sigma_1) - d + " \
     r"\log\frac{\det\Sigma_2}{\det\Sigma_1} + \Delta^\top\Sigma_2^{-1}\Delta)$"
UNCONFIRMED = (r"The exact proposition is not confirmed (the paper body could not be read; a third-party summary "
               r"says the CS divergence 'upper-bounds' KL, a follow-up by an overlapping author group says it gives a "
               r"'tighter' bound than KL): each reading is tested.")

KL_BOUND = Claim(
    id="cs_divergence.kl_upper_bound",
    paper=PAPER,
    location="Sec. 3, relation of CS to KL (reading 1; unconfirmed)",
    statement=r"$D_{CS}(p, q) \le \mathrm{KL}(p\|q)$ for every pair of Gaussians.",
    assumptions=(DEFINITION, GAUSSIANS, KL),
    kind="inequality",
    expected="conditional",
    subject=PAIR,
    refined_by="cs_divergence.kl_bound_wider_p",
    notes=UNCONFIRMED + r" False: the mean terms are $\Delta^2/(v_1 + v_2)$ against $\Delta^2/(2v_2)$, so a narrow "
          r"$p$ far from $q$ breaks it; the hypothesis search found a violation and the smallest written-out witness, "
          r"$\mathcal{N}(0, 1/4)$ against $\mathcal{N}(2, 1)$, is re-verified at 50 digits. Over random pairs "
          r"($d \le 4$) the bound fails on a fraction {{survey_of_violations.violated_fraction:.1%}}. It holds when "
          r"$\Sigma_1 \succeq \Sigma_2$ (cs_divergence.kl_bound_wider_p).",
)

KL_MIN = Claim(
    id="cs_divergence.kl_min_bound",
    paper=PAPER,
    location="Sec. 3, relation of CS to KL (reading 2; unconfirmed)",
    statement=r"$D_{CS}(p, q) \le \min(\mathrm{KL}(p\|q), \mathrm{KL}(q\|p))$ for every pair of Gaussians.",
    assumptions=(DEFINITION, GAUSSIANS, KL),
    kind="inequality",
    expected="conditional",
    subject=PAIR,
    refined_by="cs_divergence.kl_min_bound_same_mean_or_covariance",
    notes=UNCONFIRMED + r" False whenever the bound to one of the two KLs fails (same witness); over random pairs it "
          r"fails on a fraction {{survey_of_violations.violated_fraction:.1%}}. It holds when the means agree or "
          r"the covariances agree (cs_divergence.kl_min_bound_same_mean_or_covariance).",
)

KL_SYMMETRIC = Claim(
    id="cs_divergence.kl_symmetric_bound",
    paper=PAPER,
    location="Sec. 3, relation of CS to KL (reading 3; unconfirmed)",
    statement=r"$D_{CS}(p, q) \le \frac{1}{2}(\mathrm{KL}(p\|q) + \mathrm{KL}(q\|p))$ for every pair of Gaussians, "
              r"in every dimension.",
    assumptions=(DEFINITION, GAUSSIANS, KL),
    kind="inequality",
    expected="proved",
    subject=PAIR,
    notes=UNCONFIRMED + r" True: with the eigenvalues $r_i$ of $\Sigma_2^{-1}\Sigma_1$ the covariance parts are "
          r"$\sum_i\frac{1}{2}\log(1 + \frac{(r_i - 1)^2}{4r_i})$ against $\sum_i\frac{(r_i - 1)^2}{4r_i}$ "
          r"($\log(1 + x) \le x$ and a factor $\frac{1}{2}$ to spare), and the mean parts "
          r"$\Delta^\top(\Sigma_1 + \Sigma_2)^{-1}\Delta \le \frac{1}{4}\Delta^\top(\Sigma_1^{-1} + "
          r"\Sigma_2^{-1})\Delta$ (the harmonic–arithmetic mean inequality for matrices), with equality when "
          r"$\Sigma_1 = \Sigma_2$.",
)
KL_SYMMETRIC.mutant("dcs_in_bits", r"$D_{CS}$ in bits against KL in nats", IN_BITS)

KL_EQUAL_COV = Claim(
    id="cs_divergence.kl_equal_covariance",
    paper=PAPER,
    location="Sec. 3, relation of CS to KL (reading 4; unconfirmed)",
    statement=r"$D_{CS}(p, q) = \mathrm{KL}(p\|q) = \frac{1}{2}\Delta^\top\Sigma^{-1}\Delta$ when $\Sigma_1 = "
              r"\Sigma_2 = \Sigma$.",
    assumptions=(DEFINITION, GAUSSIANS, KL),
    kind="identity",
    expected="proved",
    subject=PAIR,
    notes=UNCONFIRMED + r" True: $\Delta^\top(2\Sigma)^{-1}\Delta$ and the log-determinants cancel.",
)
KL_EQUAL_COV.mutant("dcs_in_bits", r"$D_{CS}$ in bits against KL in nats", IN_BITS)
KL_EQUAL_COV.mutant("dcs_unsquared", r"$D_{CS}$ without the square on $\int pq$ (half the value)",
                    {"dcs": F.dcs_gaussian_unsquared, "kl": F.kl_gaussian})

WIDER_P = Claim(
    id="cs_divergence.kl_bound_wider_p",
    paper=PAPER,
    location="Sec. 3 (the suite's refinement of reading 1)",
    statement=r"$D_{CS}(p, q) \le \mathrm{KL}(p\|q)$ when $\Sigma_1 \succeq \Sigma_2$ ($p$ at least as wide as $q$ "
              r"in every direction); the covariance parts alone satisfy it for all $\Sigma_1, \Sigma_2$.",
    assumptions=(DEFINITION, GAUSSIANS, KL, r"$\Sigma_1 - \Sigma_2$ positive semidefinite"),
    kind="inequality",
    expected="proved",
    subject=PAIR,
    origin="suite",
    notes=r"Mean parts: $(\Sigma_1 + \Sigma_2)^{-1} \preceq (2\Sigma_2)^{-1}$ exactly when $\Sigma_1 \succeq "
          r"\Sigma_2$. Covariance parts, per eigenvalue $r$ of $\Sigma_2^{-1}\Sigma_1$: "
          r"$\frac{1}{2}(r - 1 - \log r) - \log\frac{1 + r}{2\sqrt r} = \frac{r - 1}{2} - \log\frac{1 + r}{2} \ge "
          r"0$.",
)
WIDER_P.mutant("kl_covariances_swapped", r"$\mathrm{KL}$ with $\Sigma_1$ and $\Sigma_2$ swapped (this is "
               r"$\mathrm{KL}(q\|p)$)", SWAPPED)

MIN_REFINED = Claim(
    id="cs_divergence.kl_min_bound_same_mean_or_covariance",
    paper=PAPER,
    location="Sec. 3 (the suite's refinement of reading 2)",
    statement=r"$D_{CS}(p, q) \le \min(\mathrm{KL}(p\|q), \mathrm{KL}(q\|p))$ when $\mu_1 = \mu_2$ or $\Sigma_1 = "
              r"\Sigma_2$.",
    assumptions=(DEFINITION, GAUSSIANS, KL, r"$\mu_1 = \mu_2$ or $\Sigma_1 = \Sigma_2$"),
    kind="inequality",
    expected="proved",
    subject=PAIR,
    origin="suite",
    notes=r"Same means: the covariance part of $D_{CS}$, $\log\frac{1 + r}{2\sqrt r}$ per eigenvalue, is invariant "
          r"under $r \to 1/r$ and below both KLs' covariance parts. Same covariances: equality with both KLs "
          r"(cs_divergence.kl_equal_covariance).",
)
MIN_REFINED.mutant("dcs_in_bits", r"$D_{CS}$ in bits against KL in nats", IN_BITS)
