"""The claims about the moment map g (Eq. 4–5), its Jacobian and Theorems 1–3: the closed forms of the mean and
the second moment, S3 (Theorem 1), S4 (Theorems 2 and 3) and S5 (where the contraction ends).

The theorem domains are as the specification reconstructs them (the paper's wording was not confirmed);
each claim's notes say so.
"""

from __future__ import annotations

from claimkit import Claim, MonteCarlo, formula_claim

from . import formulas as F
from . import ground_truth as G
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper: the statement and its domain are as the specification "
                 "reconstructs them.")
MAP = (r"$g: (\mu, \nu) \mapsto (\tilde\mu, \tilde\nu)$ with $\tilde\mu = \mathrm{E}\,\mathrm{selu}(z)$, "
       r"$\tilde\nu = \mathrm{Var}\,\mathrm{selu}(z)$, $z \sim \mathcal N(\mu\omega, \nu\tau)$")
CONSTANTS = r"$\lambda = \lambda_{01}$, $\alpha = \alpha_{01}$"
QUAD_TOLERANCE = (r"the quadrature is requested to relative accuracy $10^{-13}$ and the closed form loses at most a "
                  r"few hundred $\varepsilon$ to cancellation on the domain; the absolute part covers $\tilde\mu$ "
                  r"near its zero, where the terms of size up to $\lambda(|\mu\omega| + \sqrt{\nu\tau}) \le 12$ "
                  r"cancel")

# -- the map itself ----------------------------------------------------------------------------------------

MEAN_MAP = formula_claim(
    id="selu.mean_map",
    paper=PAPER,
    location="Eq. (4): the mean after one layer (release: getSELUparameters.ipynb, getSeluParameters, `mean`)",
    formula=F.MEAN_MAP,
    statement=r"For $z \sim \mathcal N(\mu\omega, \nu\tau)$, $\tilde\mu = \mathrm{E}\,\mathrm{selu}_{\lambda, "
              r"\alpha}(z) = "
              + F.MEAN_MAP.latex() + "$.",
    truth=G.mean_truth,
    truth_at_precision=G.mean_truth_mp,
    monte_carlo=MonteCarlo(G.draw_selu, samples=10**6, z=5.5, examples=1,
                           description=r"$\mathrm{selu}(z)$, $z \sim \mathcal N(\mu\omega, \nu\tau)$"),
    rtol=1e-12,
    atol=1e-13,
    tolerance_reason=QUAD_TOLERANCE,
    examples=20,
    mutant_limit=10,
    expected="proved",
    notes=r"Ground truth: the integrals $\mathrm{E}[z; z > 0]$ and $\mathrm{E}[e^z - 1; z \le 0]$ integrated "
          r"against the Gaussian density (adaptive quadrature, no erf), and a simulation of $10^6$ draws.",
)

SECOND_MOMENT_MAP = formula_claim(
    id="selu.second_moment_map",
    paper=PAPER,
    location="Eq. (5): the second moment after one layer, with ν̃ = ξ̃ − μ̃² (release: getSeluParameters, `var`)",
    formula=F.SECOND_MOMENT_MAP,
    statement=r"For $z \sim \mathcal N(\mu\omega, \nu\tau)$, $\tilde\xi = \mathrm{E}\,\mathrm{selu}_{\lambda, "
              r"\alpha}(z)^2 = "
              + F.SECOND_MOMENT_MAP.latex() + r"$, and the variance map is $\tilde\nu = \tilde\xi - \tilde\mu^2$.",
    truth=G.second_moment_truth,
    truth_at_precision=G.second_moment_truth_mp,
    monte_carlo=MonteCarlo(G.draw_selu_squared, samples=10**6, z=5.5, examples=1,
                           description=r"$\mathrm{selu}(z)^2$, $z \sim \mathcal N(\mu\omega, \nu\tau)$"),
    rtol=1e-12,
    atol=1e-13,
    tolerance_reason=QUAD_TOLERANCE,
    examples=20,
    mutant_limit=10,
    expected="proved",
    notes=r"Ground truth: $\mathrm{E}[z^2; z > 0]$, $\mathrm{E}[e^z - 1; z \le 0]$ and $\mathrm{E}[(e^z - 1)^2; z "
          r"\le 0]$ "
          r"integrated against the Gaussian density, and a simulation of $10^6$ draws. The derivation also closes "
          r"$\tilde\nu = \tilde\xi - \tilde\mu^2$ against the release's var; using $\tilde\xi$ for $\tilde\nu$ is a "
          r"mutant of the claims that iterate $g$.",
)

# -- S3: Theorem 1 ------------------------------------------------------------------------------------------

DOMAIN1 = (r"$\mu \in [-0.1, 0.1]$, $\omega \in [-0.1, 0.1]$, $\nu \in [0.8, 1.5]$, $\tau \in [0.95, 1.1]$")

THEOREM1_CONTRACTION = Claim(
    id="selu.theorem1_contraction",
    paper=PAPER,
    location="Theorem 1 (stable and attracting fixed points), its proof: the Jacobian's spectral norm",
    statement=r"The Jacobian $\mathcal J = \partial(\tilde\mu, \tilde\nu)/\partial(\mu, \nu)$ of " + MAP
              + r" has spectral norm $\lVert\mathcal J\rVert_2 < 1$ on the whole domain " + DOMAIN1 + ".",
    assumptions=(CONSTANTS, DOMAIN1),
    kind="inequality",
    expected="supported",
    subject=F.PAPER_G,
    notes=RECONSTRUCTED + r" The largest norm found is {{grid_maximum.max_norm:.6f}}, at the corner "
          r"$(\mu, \omega, \nu, \tau) = ${{grid_maximum.argmax}} ($\mu\omega = 0.01$, smallest $\nu$, largest "
          r"$\tau$); the 30-digit recomputation there gives {{grid_maximum.max_norm_30_digits}}.",
)
THEOREM1_CONTRACTION.mutant("swapped", r"$\alpha$ and $\lambda$ swapped", F.SWAPPED_G, targets=("grid_maximum",))
THEOREM1_CONTRACTION.mutant("elu", r"ELU: $\lambda = \alpha = 1$ (its Jacobian is not that of $g$)", F.ELU_G,
                            targets=("spectral_norm_below_one",))
THEOREM1_CONTRACTION.mutant("second_moment", r"the map $(\mu, \nu) \mapsto (\tilde\mu, \tilde\xi)$: the second "
                            r"moment in place of the variance", F.SECOND_MOMENT_G, targets=("spectral_norm_below_one",))

THEOREM1_FIXED_POINT = Claim(
    id="selu.theorem1_fixed_point",
    paper=PAPER,
    location="Theorem 1 (stable and attracting fixed points)",
    statement=r"For every $(\omega, \tau) \in [-0.1, 0.1] \times [0.95, 1.1]$, " + MAP + r" maps "
              r"$\Omega = [-0.1, 0.1] \times [0.8, 1.5]$ into itself and has a unique fixed point in $\Omega$, stable "
              r"and attracting, which lies in $\mu \in [-0.03106, 0.06773]$, $\nu \in [0.80009, 1.48617]$; for "
              r"$\omega = 0$, $\tau = 1$ it is $(0, 1)$.",
    assumptions=(CONSTANTS, DOMAIN1),
    kind="identity",
    expected="supported",
    subject=F.PAPER_G,
    notes=RECONSTRUCTED + r" The fixed points at $\omega \in \{-0.1, 0, 0.1\}$, $\tau \in \{0.95, 1, 1.1\}$ span "
          r"$\mu \in${{maps_domain_into_itself.fixed_mu_range}}, $\nu \in${{maps_domain_into_itself.fixed_nu_range}} "
          r"(the extremes at $\omega = 0.1$), inside the stated box. The image $g(\Omega)$ spans "
          r"$\tilde\mu \in${{maps_domain_into_itself.mean_image}}, $\tilde\nu \in${{maps_domain_into_itself.var_image}}"
          r": the stated $\mu$ interval is the image's, rounded outward; the stated $\nu$ interval contains the "
          r"image's. Uniqueness and attraction follow from theorem1_contraction (Banach).",
)
THEOREM1_FIXED_POINT.mutant("swapped", r"$\alpha$ and $\lambda$ swapped", F.SWAPPED_G,
                            targets=("maps_domain_into_itself", "normalized_weights_fixed_point"))
THEOREM1_FIXED_POINT.mutant("elu", r"ELU: $\lambda = \alpha = 1$", F.ELU_G, targets=("fixed_point_in_box",))
THEOREM1_FIXED_POINT.mutant("unscaled", r"$\lambda = 1$, $\alpha = \alpha_{01}$", F.UNSCALED_G,
                            targets=("fixed_point_in_box",))

# -- S4: Theorems 2 and 3 --------------------------------------------------------------------------------------

DOMAIN2 = r"$\mu \in [-1, 1]$, $\omega \in [-0.1, 0.1]$, $\nu \in [3, 16]$, $\tau \in [0.8, 1.25]$"
DOMAIN3 = (r"$\mu \in [-0.1, 0.1]$, $\omega \in [-0.1, 0.1]$, and $\nu \in [0.02, 0.16]$, $\tau \in [0.8, 1.25]$ or "
           r"$\nu \in [0.02, 0.24]$, $\tau \in [0.9, 1.25]$")

THEOREM2 = Claim(
    id="selu.theorem2_variance_decreases",
    paper=PAPER,
    location="Theorem 2 (decreasing ν)",
    statement=r"On " + DOMAIN2 + r", the variance map decreases the variance: $\tilde\nu(\mu, \omega, \nu, \tau) < "
                                 r"\nu$.",
    assumptions=(CONSTANTS, DOMAIN2),
    kind="inequality",
    expected="supported",
    subject=F.paper_map,
    notes=RECONSTRUCTED + r" The smallest margin $\nu - \tilde\nu$ on a grid of the domain is "
          r"{{variance_grid.margin:.5f}} (relative {{variance_grid.relative_margin:.4f}}), at "
          r"$(\mu, \omega, \nu, \tau) = ${{variance_grid.argmin}}: the lower corner $\nu = 3$, $\tau = 1.25$, "
          r"$\mu\omega = 0.1$; quadrature gives {{variance_grid.margin_by_quadrature:.5f}} there.",
)
THEOREM2.mutant("swapped", r"$\alpha$ and $\lambda$ swapped: slope $1.67$ on $z > 0$", F.SWAPPED_G["map"],
                targets=("variance_decreases",))
THEOREM2.mutant("doubled_variance", r"$z \sim \mathcal N(\mu\omega, 2\nu\tau)$: the variance of $z$ doubled",
                lambda mu, nu, omega, tau: F.paper_map(mu, 2 * nu, omega, tau), targets=("variance_grid",))

THEOREM3 = Claim(
    id="selu.theorem3_variance_increases",
    paper=PAPER,
    location="Theorem 3 (increasing ν)",
    statement=r"On " + DOMAIN3 + r", the variance map increases the variance: $\tilde\nu(\mu, \omega, \nu, \tau) > "
                                 r"\nu$.",
    assumptions=(CONSTANTS, DOMAIN3),
    kind="inequality",
    expected="supported",
    subject=F.paper_map,
    notes=RECONSTRUCTED + r" The smallest margin $\tilde\nu - \nu$ on a grid is {{variance_grid.margin:.5f}} "
          r"(relative {{variance_grid.relative_margin:.3f}}) at $(\mu, \omega, \nu, \tau) = ${{variance_grid.argmin}}; "
          r"quadrature gives {{variance_grid.margin_by_quadrature:.5f}} there. The increase holds well beyond the "
          r"stated $\nu$: up to $\nu = ${{variance_grid.largest_nu_at_tau_08:.4f}} at $\tau = 0.8$.",
)
THEOREM3.mutant("elu", r"ELU: $\lambda = \alpha = 1$ (slope at most 1)", F.ELU_G["map"],
                targets=("variance_increases",))
THEOREM3.mutant("halved_variance", r"$z \sim \mathcal N(\mu\omega, \nu\tau/2)$", lambda mu, nu, omega, tau:
                F.paper_map(mu, nu / 2, omega, tau), targets=("variance_grid",))

# -- S5: where the contraction ends ---------------------------------------------------------------------

CONTRACTION_BOUNDARY = Claim(
    id="selu.contraction_boundary",
    paper=PAPER,
    location="Theorem 1's domain, extended (the suite's question: where is contraction lost?)",
    statement=r"Keeping $\mu, \omega \in [-0.1, 0.1]$: (a) for $\nu \in [0.8, 1.5]$, $\lVert\mathcal J\rVert_2 < 1$ "
              r"for every $\tau \le \tau_c$ and not for $\tau$ just above, $\tau_c \in (1.268, 1.269)$; (b) for "
              r"$\tau \in [0.95, 1.1]$, $\lVert\mathcal J\rVert_2 < 1$ for every $\nu \in [\nu_{lo}, \nu_{hi}]$ and "
              r"not just outside, $\nu_{lo} \in (0.510, 0.511)$, $\nu_{hi} \in (353, 355)$. Each end is reached at "
              r"$\mu\omega = 0.01$. At $\omega = 0$ there is no upper end: $\lVert\mathcal J\rVert_2 \to "
              r"\tau\lambda^2(\pi - 1)/(2\pi)$ as $\nu \to \infty$.",
    assumptions=(CONSTANTS, r"$\tau \in [0.5, 1.5]$ and $\nu \in [0.05, 2000]$ explored"),
    kind="inequality",
    expected="supported",
    subject={"tau_c": 1.2682, "nu_lo": 0.5107, "nu_hi": 353.8},
    origin="suite",
    notes=r"Root finding on the corners gives $\tau_c = ${{thresholds_by_root_finding.tau_c:.6f}}, $\nu_{lo} = $"
          r"{{thresholds_by_root_finding.nu_lo:.6f}}, $\nu_{hi} = ${{thresholds_by_root_finding.nu_hi:.3f}}. The upper "
          r"end comes from the first column: $\omega\,\partial\tilde\nu/\partial m$ grows like $|\omega|\sqrt\nu$, "
          r"so a "
          r"weight sum $\omega \ne 0$ ends the contraction for large variances; at $\omega = 0$ the norm is "
          r"$\tau h(\nu\tau)$ (the derivation of selu.jacobian_at_fixed_point), largest for small $\nu$. The "
          r"subject holds "
          r"each end rounded towards the contracting side.",
)
CONTRACTION_BOUNDARY.mutant("tau_to_theorem2", r"$\tau_c = 1.25$ (the bound of Theorems 2 and 3)",
                            {"tau_c": 1.25, "nu_lo": 0.5107, "nu_hi": 353.8}, targets=("contraction_lost_outside",))
CONTRACTION_BOUNDARY.mutant("tau_rounded_up", r"$\tau_c = 1.3$",
                            {"tau_c": 1.3, "nu_lo": 0.5107, "nu_hi": 353.8}, targets=("contraction_up_to_tau_c",))
CONTRACTION_BOUNDARY.mutant("nu_to_theorem1", r"$\nu_{lo} = 0.8$ (Theorem 1's bound)",
                            {"tau_c": 1.2682, "nu_lo": 0.8, "nu_hi": 353.8}, targets=("thresholds_by_root_finding",))
CONTRACTION_BOUNDARY.mutant("no_upper_end", r"no upper end in $\nu$ ($\nu_{hi} = 2000$)",
                            {"tau_c": 1.2682, "nu_lo": 0.5107, "nu_hi": 2000.0},
                            targets=("contraction_between_nu_ends",))
CONTRACTION_BOUNDARY.mutant("zero_omega_lower_end", r"$\nu_{lo} = 0.5015$, the end at $\omega = 0$",
                            {"tau_c": 1.2682, "nu_lo": 0.5015, "nu_hi": 353.8},
                            targets=("contraction_between_nu_ends",))
