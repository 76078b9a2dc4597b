"""The claims about the release (bioinf-jku/SNNs bef6071): S6 (the solver getSeluParameters of
TF_1_x/getSELUparameters.ipynb, its outputs and which fixed point they make) and S7 (dropout_selu of
TF_1_x/selu.py keeps the mean and variance). The subjects are numpy ports written from the release."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

NOTEBOOK = "release: TF_1_x/getSELUparameters.ipynb, getSeluParameters"

RELEASE_SOLVER = Claim(
    id="selu.release_solver_outputs",
    paper=PAPER,
    location=NOTEBOOK + " (its printed outputs)",
    statement=r"The release's solver returns getSeluParameters$(0, 1) = (1.6732632423543778, 1.0507009873554805)$ "
              r"and getSeluParameters$(-0.1, 2) = (1.9769021954242014, 1.073851239616046)$: the $(\alpha, \lambda)$ "
              r"for which $\mathrm{E}\,\mathrm{selu}(z) = \mu$ and $\mathrm{Var}\,\mathrm{selu}(z) = \nu$ with "
              r"$z \sim \mathcal N(\mu, \nu)$.",
    assumptions=(r"the notebook's equations with float64 coefficients, Newton's method from $(1.67, 1.05)$ (as "
                 r"sympy's nsolve)",),
    kind="algorithm",
    expected="supported",
    subject=F.release_get_selu_parameters,
    notes=r"The port reproduces the printed outputs to {{reproduces_printed_outputs.largest_ulps}} units in the last "
          r"place; the 30-digit roots differ from the printed values by "
          r"{{reproduces_printed_outputs.printed_vs_30_digits}} "
          r"(relative): the float64 coefficients' rounding.",
)
RELEASE_SOLVER.mutant("centred", r"the solver fed $z \sim \mathcal N(0, \nu)$ instead of $\mathcal N(\mu, \nu)$",
                      F.solver_centred)
RELEASE_SOLVER.mutant("second_moment", r"$\mathrm{E}\,\mathrm{selu}(z)^2 = \nu$ (the squared mean not subtracted)",
                      F.solver_second_moment)

RELEASE_SOLVER_NORMALIZED = Claim(
    id="selu.release_solver_normalized_weights",
    paper=PAPER,
    location=NOTEBOOK + " ('Obtain the SELU parameters for arbitrary fixed points'), read in the paper's setting",
    statement=r"With $(\alpha, \lambda) = $ getSeluParameters$(\mu, \nu)$, $(\mu, \nu)$ is a fixed point of the "
              r"paper's map $g$ at normalized weights $\omega = 0$, $\tau = 1$ (as $(0, 1)$ is for "
              r"$(\alpha_{01}, \lambda_{01})$).",
    assumptions=(r"$g(\mu, \nu) = (\mathrm{E}\,\mathrm{selu}(z), \mathrm{Var}\,\mathrm{selu}(z))$, "
                 r"$z \sim \mathcal N(\mu\omega, \nu\tau)$", r"$\mu \in [-0.3, 0.3]$, $\nu \in [0.5, 3]$"),
    kind="identity",
    expected="conditional",
    subject=F.release_get_selu_parameters,
    refined_by="selu.release_solver_fixed_point_weights",
    notes=r"The solver sets the pre-activation to $\mathcal N(\mu, \nu)$, which is $g$'s only at $\omega = 1$: at "
          r"$\omega = 0$ the pre-activation is $\mathcal N(0, \nu)$ and the mean is lost. For the notebook's own "
          r"example $(-0.1, 2)$, $g(-0.1, 2) = ${{example_in_the_notebook.g_at_normalized_weights}} at "
          r"$\omega = 0$, $\tau = 1$. The parameters for that setting are those of the solver fed "
          r"$\mathcal N(0, \nu)$ (library selu_parameters with its default $\omega = 0$): "
          r"{{example_in_the_notebook.normalized_parameters}}. For $\mu = 0$ the two settings agree.",
)

RELEASE_SOLVER_WEIGHTS = Claim(
    id="selu.release_solver_fixed_point_weights",
    paper=PAPER,
    location=NOTEBOOK + " (which fixed point the solver's parameters make)",
    statement=r"With $(\alpha, \lambda) = $ getSeluParameters$(\mu, \nu)$ and $\mu \ne 0$, $(\mu, \nu)$ is a fixed "
              r"point of $g$ at $(\omega, \tau)$ if and only if $(\omega, \tau) = (1, 1)$ (for $\mu = 0$: iff "
              r"$\tau = 1$, any $\omega$).",
    assumptions=(r"$(\omega, \tau) \in [-4, 4] \times (0, 10]$ searched; $\mu \in [-0.3, 0.3]$, $\nu \in [0.5, 3]$",),
    kind="identity",
    expected="supported",
    subject=F.release_get_selu_parameters,
    origin="suite",
    notes=r"$g$ depends on $(\omega, \tau)$ only through the pre-activation $\mathcal N(\mu\omega, \nu\tau)$, and the "
          r"moment map $(m, v) \mapsto (\mathrm{E}\,\mathrm{selu}(z), \mathrm{Var}\,\mathrm{selu}(z))$ takes "
          r"$(\mu, \nu)$ only at $(m, v) = (\mu, \nu)$ on the searched grid (the smallest residual at another local "
          r"minimum: {{only_unit_weights.smallest_residual_elsewhere}}).",
)
RELEASE_SOLVER_WEIGHTS.mutant("centred", r"the solver fed $z \sim \mathcal N(0, \nu)$ (its fixed point is at "
                              r"$\omega = 0$)", F.solver_centred)
RELEASE_SOLVER_WEIGHTS.mutant("second_moment", r"$\mathrm{E}\,\mathrm{selu}(z)^2 = \nu$",
                              F.solver_second_moment)

ALPHA_DROPOUT = Claim(
    id="selu.alpha_dropout_moments",
    paper=PAPER,
    location="Section 'New dropout technique' (alpha dropout); release: TF_1_x/selu.py, dropout_selu",
    statement=r"Alpha dropout — keep $x$ with probability $q$, else set it to $\alpha'$, then $ax + b$ with "
              r"$a = \sqrt{\nu/(q((1 - q)(\alpha' - \mu)^2 + \nu))}$, $b = \mu - a(q\mu + (1 - q)\alpha')$ — keeps the "
              r"mean $\mu$ and the variance $\nu$ exactly, for any input distribution with that mean and variance, "
              r"when the mask is independent of the input.",
    assumptions=(r"$\mathrm{E}\,x = \mu$, $\mathrm{Var}\,x = \nu$; the mask $d \sim \mathrm{Bernoulli}(q)$ independent "
                 r"of $x$; $0 < q < 1$; $\alpha' \in \mathbb R$",),
    kind="identity",
    expected="proved",
    subject=F.release_dropout_selu,
    notes=r"Exact whatever the distribution: only $\mathrm{E}\,x$ and $\mathrm{E}\,x^2$ enter. The port takes the "
          r"uniform draws as an argument, so the expectation over the mask is computed by enumeration.",
)
ALPHA_DROPOUT.mutant("minus_alpha", r"dropped units set to $-\alpha_{01}$ ($\lambda$ forgotten) while $a$, $b$ use "
                     r"$\alpha' = -\lambda\alpha$", F.dropout_drops_to_minus_alpha,
                     targets=("monte_carlo_non_gaussian",))
ALPHA_DROPOUT.mutant("b_from_dropped_mean", r"$b = \mu - a(1 - q)\alpha'$, from the dropped units' mean only",
                     F.dropout_b_from_dropped_mean, targets=("enumeration_of_the_mask",))
ALPHA_DROPOUT.mutant("no_keep_factor", r"$a = \sqrt{\nu/((1 - q)(\alpha' - \mu)^2 + \nu)}$ ($q$ missing)",
                     F.dropout_no_keep_factor, targets=("enumeration_of_the_mask",))
