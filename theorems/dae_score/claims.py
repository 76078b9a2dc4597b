"""The claims of arXiv 1211.4246 (Alain and Bengio), as reconstructed, with their mutants.

The paper's body was not read here: the statements below are the standard ones attributed to it
(abstract and main results), and each claim's notes say so; theorem numbers are not confirmed.
Statements: E1 (the DAE minimiser is the posterior mean), E2 (r* = x + σ² ∇log p + o(σ²) for the
DAE and for the contractive criterion; the suite adds the order and coefficient of the remainder),
E3 (exact finite-σ identity with the smoothed score), E4 (the Gaussian case, both criteria), E5 (the
Jacobian and the Hessian of log p), E6 (reconstruction error is not an energy), E7 (kinks and jumps)
and E8 (the reproduction with a Nadaraya–Watson smoother).
"""

from __future__ import annotations

from claimkit import Claim, formula_claim

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = (r"Wording reconstructed from the abstract and the standard statement of the result; the "
                 r"theorem number and the exact regularity assumptions are not confirmed from the paper.")
SMOOTH = r"$p$ a smooth positive density on $\mathbb{R}$ (here $p = \tfrac12 N(-2, 1) + \tfrac12 N(2, 1)$)"
DAE_SETUP = r"$\tilde x = x + \varepsilon$, $\varepsilon \sim N(0, \sigma^2)$, $x \sim p$"
CONTRACTIVE_SETUP = (r"$r$ minimises $E_x[(r(x) - x)^2 + \sigma^2 r'(x)^2]$ (Euler–Lagrange "
                     r"$p(r - x) = \sigma^2 (p r')'$, natural boundary conditions)")

POSTERIOR_MEAN = Claim(
    id="dae_score.posterior_mean_minimiser",
    paper=PAPER, location="Sec. 3 (DAE criterion; reconstructed)",
    statement=r"The minimiser over all measurable $r$ of $E_{x,\varepsilon}\,(r(x + \varepsilon) - x)^2$ is "
              r"$r^*_\sigma(\tilde x) = E[x \mid \tilde x] = \int x\, p(x) N(\tilde x; x, \sigma^2)\,dx \big/ "
              r"\int p(x) N(\tilde x; x, \sigma^2)\,dx$.",
    assumptions=(DAE_SETUP, r"$E[x^2] < \infty$"),
    kind="identity", expected="proved", subject=F.DAE_MINIMISER,
    notes=RECONSTRUCTED + r" The library's closed form for Gaussian mixtures matches adaptive quadrature of the "
          r"two integrals, and its residual $r^*(\tilde x) - x$ is orthogonal to every test function of "
          r"$\tilde x$ tried (the first-order condition of the criterion).",
)
POSTERIOR_MEAN.mutant("wrong_side", r"component posterior mean $(\sigma^2\tilde x + s^2\mu)/(s^2 + \sigma^2)$",
                      F.minimiser_wrong_side)
POSTERIOR_MEAN.mutant("prior_weights", r"responsibilities from $N(\tilde x; \mu_k, s_k^2)$, the prior, not the "
                      r"evidence $N(\tilde x; \mu_k, s_k^2 + \sigma^2)$", F.minimiser_prior_weights)

TWEEDIE = Claim(
    id="dae_score.smoothed_score_identity",
    paper=PAPER, location="Sec. 3 (reconstructed)",
    statement=r"For every $\sigma > 0$: $r^*_\sigma(x) - x = \sigma^2 \frac{d}{dx}\log p_\sigma(x)$ with "
              r"$p_\sigma = p * N(0, \sigma^2)$ (the score of the smoothed density, not of $p$).",
    assumptions=(DAE_SETUP, r"$p$ any probability measure with finite second moment (including an empirical one)"),
    kind="identity", expected="proved", subject=F.tweedie_reconstruction,
    notes=RECONSTRUCTED + r" Exact at finite $\sigma$ (Tweedie's formula); it holds for the empirical measure too, "
          r"where the minimiser is the Nadaraya–Watson smoother.",
)
TWEEDIE.mutant("score_of_p", r"$r^* - x = \sigma^2 (\log p)'$ at finite $\sigma$ (score of $p$, not of $p_\sigma$)",
               F.tweedie_score_of_p)
TWEEDIE.mutant("sigma_power", r"$r^* - x = \sigma (\log p_\sigma)'$", F.tweedie_sigma_power)

DAE_FIRST_ORDER = Claim(
    id="dae_score.dae_score_limit",
    paper=PAPER, location="abstract; main theorem (reconstructed)",
    statement=r"The DAE minimiser satisfies $r^*_\sigma(x) = x + \sigma^2 \frac{d}{dx}\log p(x) + o(\sigma^2)$ as "
              r"$\sigma \to 0$.",
    assumptions=(DAE_SETUP, SMOOTH),
    kind="limit", expected="proved", subject=F.first_order_reconstruction,
    notes=RECONSTRUCTED + r" The normalised error $|r^* - x - \sigma^2 s|/\sigma^2$ falls from "
          r"{{normalised_error_vanishes.error_at_largest:.2g}} at $\sigma^2 = 10^{-1}$ to "
          r"{{normalised_error_vanishes.error_at_smallest:.2g}} at $\sigma^2 = 10^{-3}$ (largest over the points).",
)
DAE_FIRST_ORDER.mutant("sigma_power", r"$r^* - x = \sigma (\log p)'$", F.recon_sigma_power)
DAE_FIRST_ORDER.mutant("inverse_power", r"$(r^* - x)\sigma^2 = (\log p)'$", F.recon_score_over_sigma2)
DAE_FIRST_ORDER.mutant("energy", r"$r^* - x \propto \log p$ (reconstruction as an energy)", F.recon_log_density)

DAE_REMAINDER = Claim(
    id="dae_score.dae_remainder_order",
    paper=PAPER, location="main theorem, order of the remainder (added by the suite)",
    statement=r"For smooth $p$ the DAE remainder is $O(\sigma^4)$, not merely $o(\sigma^2)$: "
              r"$r^*_\sigma(x) - x - \sigma^2 s(x) = \tfrac{\sigma^4}{2}\,(s'' + 2 s s')(x) + O(\sigma^6)$ with "
              r"$s = (\log p)'$.",
    assumptions=(DAE_SETUP, SMOOTH),
    kind="limit", expected="proved", subject=F.DAE_REMAINDER, origin="suite",
    notes=r"The fitted log-log slope of $|r^* - x - \sigma^2 s|$ against $\sigma^2$ is "
          r"{{remainder_is_fourth_order.slope:.3f}} (order $\sigma^4$), and the $\sigma^4$ coefficient is "
          r"$(s'' + 2 s s')/2$, which differs from the contractive criterion's $s'' + s s'$: the two criteria "
          r"agree only to first order.",
)
DAE_REMAINDER.mutant("third_order", r"remainder of order $\sigma^3$", (3, F.dae_remainder_coefficient))
DAE_REMAINDER.mutant("contractive_coefficient", r"coefficient $s'' + s s'$ (the contractive criterion's)",
                     (4, F.contractive_remainder_coefficient))
DAE_REMAINDER.mutant("drops_product", r"coefficient $s''/2$", (4, F.coefficient_second_derivative_only))

CONTRACTIVE_FIRST_ORDER = Claim(
    id="dae_score.contractive_score_limit",
    paper=PAPER, location="abstract; main theorem (reconstructed)",
    statement=r"The minimiser $r_c$ of the contractive criterion $E_x[(r(x) - x)^2 + \sigma^2 r'(x)^2]$ satisfies "
              r"$r_c(x) = x + \sigma^2 \frac{d}{dx}\log p(x) + o(\sigma^2)$ as $\sigma \to 0$.",
    assumptions=(CONTRACTIVE_SETUP, SMOOTH),
    kind="limit", expected="proved", subject=F.first_order_reconstruction,
    notes=RECONSTRUCTED + r" Checked in the interior $|x| \le 3$ of a truncated interval $[-6, 6]$ whose natural "
          r"boundary conditions perturb $r_c$ only within a few $\sigma$ of the ends; the finite-difference and "
          r"collocation solutions agree to {{normalised_error_vanishes_contractive.solver_gap:.1e}}.",
)
CONTRACTIVE_FIRST_ORDER.mutant("sigma_power", r"$r_c - x = \sigma (\log p)'$", F.recon_sigma_power)
CONTRACTIVE_FIRST_ORDER.mutant("energy", r"$r_c - x \propto \log p$", F.recon_log_density)

CONTRACTIVE_REMAINDER = Claim(
    id="dae_score.contractive_remainder_order",
    paper=PAPER, location="main theorem, order of the remainder (added by the suite)",
    statement=r"For smooth $p$ the contractive minimiser satisfies $r_c(x) - x - \sigma^2 s(x) = "
              r"\sigma^4 (s'' + s s')(x) + O(\sigma^6)$, $s = (\log p)'$.",
    assumptions=(CONTRACTIVE_SETUP, SMOOTH),
    kind="limit", expected="proved", subject=F.CONTRACTIVE_REMAINDER, origin="suite",
    notes=r"Same order as the DAE remainder, another coefficient: the DAE's is $(s'' + 2 s s')/2$.",
)
CONTRACTIVE_REMAINDER.mutant("dae_coefficient", r"coefficient $(s'' + 2 s s')/2$ (the DAE's)", F.DAE_REMAINDER)
CONTRACTIVE_REMAINDER.mutant("third_order", r"remainder of order $\sigma^3$", (3, F.contractive_remainder_coefficient))

GAUSSIAN_DAE = formula_claim(
    id="dae_score.gaussian_dae_minimiser", paper=PAPER, location="Gaussian example (reconstructed)",
    statement=r"For $p = N(\mu, s^2)$ the DAE minimiser is $r^*_\sigma(x) = x + \sigma^2 (\mu - x)/(s^2 + \sigma^2)$.",
    formula=F.GAUSSIAN_MINIMISER,
    equals=(F.s_**2 * F.x_ + F.sigma_**2 * F.mu_) / (F.s_**2 + F.sigma_**2),  # the conjugate posterior mean
    assumptions=(DAE_SETUP,), expected="proved", rtol=1e-12, atol=1e-14,
    tolerance_reason=r"float64 sum of $x$ and the shrinkage term: a few ulps of $|x| \le 10$ absolutely "
                     r"(where $r^* \approx 0$ the relative error is unbounded), and 1e-12 relative otherwise",
    notes=RECONSTRUCTED + " One coordinate of the isotropic case $N(\\mu, s^2 I)$.",
)
GAUSSIAN_DAE.mutant("prior_swap", r"$x + s^2 (\mu - x)/(s^2 + \sigma^2)$ (noise and prior variances swapped)",
                    F.GAUSSIAN_MINIMISER.with_expr(F.x_ + F.s_**2 * (F.mu_ - F.x_) / (F.s_**2 + F.sigma_**2)),
                    targets=("matches_quadrature_posterior",))

GAUSSIAN_CONTRACTIVE = Claim(
    id="dae_score.gaussian_contractive_coincides",
    paper=PAPER, location="Gaussian example (reconstructed)",
    statement=r"For $p = N(\mu, s^2)$ the minimiser of the contractive criterion coincides with the DAE minimiser: "
              r"$r_c(x) = x + \sigma^2 (\mu - x)/(s^2 + \sigma^2)$.",
    assumptions=(CONTRACTIVE_SETUP,),
    kind="identity", expected="proved", subject=F.GAUSSIAN_MINIMISER,
    notes=RECONSTRUCTED + r" The linear $r = a + kx$ solves the Euler–Lagrange equation exactly "
          r"($k = s^2/(s^2 + \sigma^2)$, $a = \sigma^2\mu/(s^2 + \sigma^2)$); for a non-Gaussian $p$ the two "
          r"minimisers differ at order $\sigma^4$.",
)
GAUSSIAN_CONTRACTIVE.mutant("first_order_only", r"$r_c = x + \sigma^2 (\mu - x)/s^2$ (the small-$\sigma$ form)",
                            F.GAUSSIAN_MINIMISER.with_expr(F.x_ + F.sigma_**2 * (F.mu_ - F.x_) / F.s_**2))
GAUSSIAN_CONTRACTIVE.mutant("prior_swap", r"$x + s^2(\mu - x)/(s^2 + \sigma^2)$",
                            F.GAUSSIAN_MINIMISER.with_expr(F.x_ + F.s_**2 * (F.mu_ - F.x_) / (F.s_**2 + F.sigma_**2)))

JACOBIAN = Claim(
    id="dae_score.jacobian_hessian",
    paper=PAPER, location="main theorem, second part (reconstructed)",
    statement=r"$\partial r^*_\sigma/\partial x = 1 + \sigma^2 \frac{d^2}{dx^2}\log p(x) + o(\sigma^2)$ as "
              r"$\sigma \to 0$.",
    assumptions=(DAE_SETUP, SMOOTH),
    kind="limit", expected="proved", subject=F.jacobian_prediction,
    notes=RECONSTRUCTED + r" Exactly, $\partial r^*/\partial x = \operatorname{Var}[x \mid \tilde x = x]/\sigma^2$; "
          r"the remainder is again $O(\sigma^4)$.",
)
JACOBIAN.mutant("score_not_hessian", r"$1 + \sigma^2 (\log p)'$", F.jacobian_with_score)
JACOBIAN.mutant("sigma_power", r"$1 + \sigma (\log p)''$", F.jacobian_sigma_power)
JACOBIAN.mutant("sign", r"$1 - \sigma^2 (\log p)''$", F.jacobian_sign)

NOT_ENERGY = Claim(
    id="dae_score.reconstruction_error_is_energy",
    paper=PAPER, location="abstract",
    statement=r"The reconstruction error $(r^*_\sigma(x) - x)^2$ is a monotone function of $p(x)$ (an energy).",
    assumptions=(DAE_SETUP, r"$p = \tfrac12 N(-2, 1) + \tfrac12 N(2, 1)$, $\sigma^2 = 0.1$"),
    kind="inequality", expected="refuted", subject=F.DAE_MINIMISER, stance="denies",
    notes=r"The paper says this interpretation is wrong, and it is: at the antimode $x = 0$ the error is exactly 0 "
          r"(symmetry), below its value at $x = 1$ where $p$ is larger, while at $x = 4$, where $p$ is smaller "
          r"than at $x = 1$, the error is larger. No monotone map of $p$ gives both orders.",
)

KINK = Claim(
    id="dae_score.kink_limit",
    paper=PAPER, location="assumption necessity (added by the suite)",
    statement=r"For Laplace$(0, 1)$, at the kink $x = 0$: $(r^*_\sigma(0) - 0)/\sigma^2 \to 0$, the average of the "
              r"one-sided scores $\pm 1$, though $\log p$ has no derivative there.",
    assumptions=(DAE_SETUP, r"$p(x) = \tfrac12 e^{-|x|}$"),
    kind="limit", expected="proved", subject=F.KINK_LIMIT, origin="suite",
    notes=r"By symmetry $r^*_\sigma(0) = 0$ for every $\sigma$; the limit of E2 there is the midpoint of the "
          r"subdifferential, not a one-sided score.",
)
KINK.mutant("left_score", r"the limit is the left score $+1$", 1.0)
KINK.mutant("right_score", r"the limit is the right score $-1$", -1.0)

EDGE_ORDER = Claim(
    id="dae_score.edge_first_order",
    paper=PAPER, location="assumption necessity (added by the suite)",
    statement=r"For $U(0, 1)$, at the edge $x = 0$: $r^*_\sigma(0) = \sigma\sqrt{2/\pi}\,(1 + o(1))$, so "
              r"$(r^*_\sigma(0) - 0)/\sigma^2 \sim \sqrt{2/\pi}/\sigma \to \infty$.",
    assumptions=(DAE_SETUP, r"$p = U(0, 1)$"),
    kind="limit", expected="proved", subject=F.EDGE_SLOPE, origin="suite",
    notes=r"At the edge the posterior is a half-normal of scale $\sigma$ truncated at 1; its mean is "
          r"$\sigma\sqrt{2/\pi}$ up to a term of order $e^{-1/(2\sigma^2)}$.",
)
EDGE_ORDER.mutant("half_density", r"$r^*_\sigma(0) = \sigma/\sqrt{2\pi}$", 1 / (2 * 3.141592653589793) ** 0.5)
EDGE_ORDER.mutant("half_sigma", r"$r^*_\sigma(0) = \sigma/2$", 0.5)

EDGE = Claim(
    id="dae_score.edge_score_limit",
    paper=PAPER, location="main theorem read at a jump (added by the suite)",
    statement=r"E2 at the edge of $U(0, 1)$: $(r^*_\sigma(0) - 0)/\sigma^2$ converges to the one-sided score 0 "
              r"(in particular it stays bounded).",
    assumptions=(DAE_SETUP, r"$p = U(0, 1)$ (not smooth: the theorem's smoothness assumption fails at 0)"),
    kind="limit", expected="conditional", subject=F.EDGE_LIMIT_AS_STATED, origin="suite",
    refined_by="dae_score.edge_first_order",
    notes=r"False: at $\sigma = 0.01$ the ratio is {{ratio_stays_bounded.ratio:.4g}}; the correction is "
          r"dae_score.edge_first_order ($r^* - x$ is of order $\sigma$, not $\sigma^2$). Smoothness is necessary.",
)

REPRODUCTION = Claim(
    id="dae_score.nadaraya_watson_reproduction",
    paper=PAPER, location="toy experiments (analogue, reconstructed)",
    statement=r"With $n$ samples of $\tfrac12 N(-2, 1) + \tfrac12 N(2, 1)$, the empirical DAE minimiser "
              r"$\hat r_\sigma(x) = \sum_i x_i N(x; x_i, \sigma^2)/\sum_i N(x; x_i, \sigma^2)$ gives "
              r"$(\hat r_\sigma - x)/\sigma^2$ close to the score on $[-3, 3]$ (RMS error below a fifth of the "
              r"score's RMS) for $\sigma$ small but not too small relative to $n$: at $n = 10^4$ the error is "
              r"smallest strictly inside the grid $\sigma \in \{0.05, 0.1, 0.2, 0.4\}$.",
    assumptions=(r"$n \in \{10^3, 10^4\}$, seeds $0, \ldots, 4$ (ci: seed 0 only), 61 points of $[-3, 3]$",),
    kind="empirical", expected="supported", subject=F.first_order_reconstruction,
    notes=r"The best $\sigma$ of the grid is {{sigma_tradeoff.best_sigma_n1000}} at $n = 10^3$ and "
          r"{{sigma_tradeoff.best_sigma_n10000}} at $n = 10^4$, with relative RMS error "
          r"{{sigma_tradeoff.best_relative_error_n10000:.3f}} there; at $\sigma = 0.05$ variance dominates "
          r"(relative error {{sigma_tradeoff.relative_error_sigma005_n10000:.2f}}).",
)
REPRODUCTION.mutant("sigma_power", r"$(\hat r - x)/\sigma$ as the score", F.recon_sigma_power)
REPRODUCTION.mutant("energy", r"$\hat r - x \propto \log p$", F.recon_log_density)
