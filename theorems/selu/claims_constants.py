"""The claims about the constants and the fixed point (0, 1): S1 (α01, λ01 and the fixed point, to 25 digits)
and S2 (the Jacobian's spectral norm at (0, 1))."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from . import library_variants as bug
from .library import selu_jacobian
from .paper import PAPER

CONSTANTS = Claim(
    id="selu.constants",
    paper=PAPER,
    location="Section 'Constructing self-normalizing neural networks' (α01, λ01 for the fixed point (0, 1)); "
             "release: getSELUparameters.ipynb, last cells",
    statement=r"$\alpha_{01} = -\sqrt{2/\pi}\,/\,(\operatorname{erfc}(1/\sqrt2)\sqrt e - 1) = "
              r"1.6732632423543772848\ldots$ and $\lambda_{01} = (1 - \sqrt e\operatorname{erfc}(1/\sqrt2))"
              r"\sqrt{2\pi/(2 + \pi - 2\sqrt e(2 + \pi)\operatorname{erfc}(1/\sqrt2) + "
              r"e\pi\operatorname{erfc}(1/\sqrt2)^2 "
              r"+ 2e^2\operatorname{erfc}(\sqrt2))} = 1.0507009873554804934\ldots$, and with them $(0, 1)$ is a fixed "
              r"point of $g$ at $\omega = 0$, $\tau = 1$ (to at least 25 digits).",
    assumptions=(r"$g: (\mu, \nu) \mapsto (\mathrm{E}\,\mathrm{selu}(z), \mathrm{Var}\,\mathrm{selu}(z))$, "
                 r"$z \sim \mathcal N(\mu\omega, \nu\tau)$",),
    kind="identity",
    expected="proved",
    subject=F.constants_closed_form,
    notes=r"Two routes beside the closed forms: the equations reduced by hand to $\alpha = -\mathrm{E}[z; z>0]/"
          r"\mathrm{E}[e^z - 1; z \le 0]$ and $\lambda^{-2} = \mathrm{E}[z^2; z > 0] + \alpha^2\mathrm{E}[(e^z - 1)^2; "
          r"z \le 0]$ with the four integrals by 40-digit quadrature, and Newton's method (mpmath findroot) on the "
          r"two moment equations. With $\lambda$ rounded to 1.05 the fixed point moves to $\nu^* = $"
          r"{{fixed_point_at_30_digits.rounded_lambda_nu}}.",
)
CONSTANTS.mutant("elu", r"ELU: $\lambda = \alpha = 1$", F.constants_elu)
CONSTANTS.mutant("lambda_rounded", r"$\lambda = 1.05$", F.constants_lambda_rounded)
CONSTANTS.mutant("alpha_rounded", r"$\alpha = 1.67$", F.constants_alpha_rounded)
CONSTANTS.mutant("swapped", r"$\alpha$ and $\lambda$ swapped", F.constants_swapped)

JACOBIAN_AT_FIXED_POINT = Claim(
    id="selu.jacobian_at_fixed_point",
    paper=PAPER,
    location="Section 'Stable and attracting fixed point (0, 1) for normalized weights' (the value 0.7877 as a "
             "secondary summary reports it)",
    statement=r"At $(\mu, \nu) = (0, 1)$, $\omega = 0$, $\tau = 1$, the Jacobian of $g$ has spectral norm "
              r"$\lVert\mathcal J\rVert_2 \approx 0.7877 < 1$.",
    assumptions=(r"$\lambda = \lambda_{01}$, $\alpha = \alpha_{01}$",),
    kind="identity",
    expected="proved",
    subject=selu_jacobian,
    notes=r"The value 0.7877 is taken from a secondary summary, not confirmed in the paper's text. To eight digits "
          r"the norm is {{spectral_norm_at_zero_one.eight_digits}}: $\mathcal J = \begin{pmatrix}0 & "
          r"\partial_\nu\tilde\mu\\ 0 & \partial_\nu\tilde\nu\end{pmatrix}$ with $\partial_\nu\tilde\mu = $"
          r"{{spectral_norm_at_zero_one.d_mean_d_nu}} and $\partial_\nu\tilde\nu = $"
          r"{{spectral_norm_at_zero_one.d_var_d_nu}}; the first column vanishes because $\mu$ enters only "
          r"through $\mu\omega$.",
)
JACOBIAN_AT_FIXED_POINT.mutant("no_jump", r"$\partial_v\tilde\mu = \frac12\mathrm{E}f''$ without the jump "
                               r"$\lambda(1 - \alpha)$ of $f'$ at 0", bug.jacobian_no_jump)
JACOBIAN_AT_FIXED_POINT.mutant("no_half", r"$\partial_v = \mathrm{E}f''$ (the heat equation's $\frac12$ "
                               "forgotten)", bug.jacobian_no_half)
JACOBIAN_AT_FIXED_POINT.mutant("swapped", r"$\alpha$ and $\lambda$ swapped", bug.jacobian_swapped)
