"""The library conformance claims: what a practitioner calls (``library``) does what it says. Their subjects
are the library functions; their mutants are the library with a plausible bug planted (``library_variants``)."""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import alpha_dropout, selu, selu_jacobian, selu_moments, selu_parameters
from .paper import PAPER

LIBRARY_SELU = Claim(
    id="selu.library_selu",
    paper=PAPER,
    location="library: selu",
    statement=r"selu$(x)$ equals $\lambda x$ for $x > 0$ and $\lambda\alpha(e^x - 1)$ for $x \le 0$ to relative error "
              r"$4\varepsilon$ against 40-digit values, for $|x|$ from $10^{-300}$ to $10^{300}$ and any positive "
              r"$\alpha, \lambda$ in $[0.1, 10]$; arrays keep their shape.",
    assumptions=(r"$\varepsilon = 2^{-52}$",),
    kind="algorithm",
    expected="supported",
    subject=selu,
    origin="suite",
    notes=r"For $x = -10^{-20}$ the form $\alpha(\exp(x) - 1)$ returns 0; $\mathrm{expm1}$ keeps every digit.",
)
LIBRARY_SELU.mutant("exp_minus_one", r"$\lambda\alpha(\exp(x) - 1)$ instead of $\lambda\alpha\,\mathrm{expm1}(x)$",
                    bug.selu_exp_minus_one)
LIBRARY_SELU.mutant("unscaled", r"$\lambda$ forgotten", bug.selu_unscaled)

LIBRARY_MOMENTS = Claim(
    id="selu.library_moments",
    paper=PAPER,
    location="library: selu_moments (and selu_map, which calls it at (μω, ντ))",
    statement=r"selu_moments$(m, v)$ returns $(\mathrm{E}\,\mathrm{selu}(z), \mathrm{E}\,\mathrm{selu}(z)^2, "
              r"\mathrm{Var}\,\mathrm{selu}(z))$ for $z \sim \mathcal N(m, v)$ to absolute error "
              r"$10^{-12}(1 + |m| + \sqrt v)$, $10^{-12}(1 + m^2 + v)$, $10^{-12}(1 + m^2 + v)$ for $v$ from "
              r"$10^{-3}$ to $10^{3}$ and $|m| \le 3\sqrt v + 3$; for $v$ up to $10^{8}$ the values are finite and the "
              r"variance is within $10^{-9}$ (relative) of the quadrature's.",
    assumptions=(r"$\lambda = \lambda_{01}$, $\alpha = \alpha_{01}$ and drawn $(\alpha, \lambda) \in [0.5, 2.5]^2$",),
    kind="algorithm",
    expected="supported",
    subject=selu_moments,
    origin="suite",
    notes=r"The paper's and the release's $e^{m + v/2}\operatorname{erfc}(\cdot)$ overflows to $\infty\cdot 0$ for "
          r"$v \gtrsim 1420$ (NaN at $v = 2000$: {{large_variances_stay_finite.release_form_at_2000}}); written as "
          r"$e^{-m^2/(2v)}\operatorname{erfcx}(\cdot)$ it does not.",
)
LIBRARY_MOMENTS.mutant("release_form", r"the release's $e^{m + v/2}\operatorname{erfc}(\cdot)$ form",
                       bug.moments_naive, targets=("large_variances_stay_finite",))
LIBRARY_MOMENTS.mutant("unit_scale", r"$\lambda$ instead of $\lambda^2$ on the second moment", bug.moments_unit_scale)

LIBRARY_JACOBIAN = Claim(
    id="selu.library_jacobian",
    paper=PAPER,
    location="library: selu_jacobian",
    statement=r"selu_jacobian$(\mu, \nu, \omega, \tau)$ equals the Jacobian of selu_map in $(\mu, \nu)$ to absolute "
              r"error $10^{-7}(1 + |\omega|)(1 + |\mu\omega| + \nu\tau)$ against Richardson-extrapolated central "
              r"differences, for $|\mu|, |\omega| \le 2$, $\nu \in [0.05, 100]$, $\tau \in [0.5, 3]$.",
    assumptions=(r"$\lambda = \lambda_{01}$, $\alpha = \alpha_{01}$",),
    kind="identity",
    expected="proved",
    subject=selu_jacobian,
    origin="suite",
    notes=r"The derivatives come from $\partial_m\mathrm{E}f = \mathrm{E}f'$ and $\partial_v\mathrm{E}f = "
          r"\frac12\mathrm{E}f''$, with the jump $\lambda(1 - \alpha)$ of $f'$ at 0 as a point mass in $f''$.",
)
LIBRARY_JACOBIAN.mutant("no_jump", r"the jump $\lambda(1 - \alpha)\varphi_z(0)$ left out of $\partial_v\tilde\mu$",
                        bug.jacobian_no_jump)
LIBRARY_JACOBIAN.mutant("second_moment", r"the Jacobian of $(\tilde\mu, \tilde\xi)$ ($-2\tilde\mu\,\partial\tilde\mu$ "
                        "dropped)", bug.jacobian_second_moment)
LIBRARY_JACOBIAN.mutant("unweighted", r"the factors $\omega$ and $\tau$ of the chain rule forgotten",
                        bug.jacobian_unweighted)

LIBRARY_PARAMETERS = Claim(
    id="selu.library_parameters",
    paper=PAPER,
    location="library: selu_parameters (the fixed-point solver for any weights; corrects the release's setting)",
    statement=r"selu_parameters$(\mu, \nu, \omega, \tau)$ returns $(\alpha, \lambda)$, both positive, with "
              r"$g(\mu, \nu) = (\mu, \nu)$ at $(\omega, \tau)$ to relative error $10^{-10}$ (quadrature); at the "
              r"defaults $\omega = 0$, $\tau = 1$ it gives $(\alpha_{01}, \lambda_{01})$ for $(0, 1)$ to "
              r"$2\times 10^{-15}$, and at $\omega = \tau = 1$ the release's outputs to $10^{-14}$.",
    assumptions=(r"$\mu \in [-0.5, 0.5]$, $\nu \in [0.2, 5]$, $\omega \in [-1, 1]$, $\tau \in [0.5, 2]$; cases "
                 r"without a positive solution are reported by a ValueError and not counted",),
    kind="algorithm",
    expected="supported",
    subject=selu_parameters,
    origin="suite",
    notes=r"The equations $\lambda(P + \alpha Q) = \mu$, $\lambda^2(R + \alpha^2 S) = \nu + \mu^2$ give a quadratic in "
          r"$\alpha$; its other root has $\lambda < 0$ (the product of the two $\lambda$ is "
          r"$c_2/(SP^2 + RQ^2)$ with $c_2 = S\mu^2 - (\nu + \mu^2)Q^2$).",
)
LIBRARY_PARAMETERS.mutant("release_setting", r"$z \sim \mathcal N(\mu, \nu)$ whatever the weights (the release's "
                          "solver)", bug.parameters_release_setting)
LIBRARY_PARAMETERS.mutant("other_root", r"the other root of the quadratic in $\alpha$", bug.parameters_other_root)

LIBRARY_DROPOUT = Claim(
    id="selu.library_alpha_dropout",
    paper=PAPER,
    location="library: alpha_dropout, alpha_dropout_affine",
    statement=r"alpha_dropout keeps the mean and variance of any input distribution given as (mean, var) (exactly, "
              r"by enumeration of the mask, to relative $10^{-12}$); its default dropped value is "
              r"$-\lambda_{01}\alpha_{01} = \lim_{x \to -\infty}\mathrm{selu}(x)$; rate 0 returns $x$; and it is "
              r"covariant: alpha_dropout$(cx)$ with $(c\mu, c^2\nu, c\alpha')$ is $c\cdot$alpha_dropout$(x)$ for $c$ "
              r"from $10^{-150}$ to $10^{150}$; a unit is dropped with probability rate.",
    assumptions=(r"rate in $[0, 1)$; the same seed for both sides of the covariance",),
    kind="algorithm",
    expected="supported",
    subject=alpha_dropout,
    origin="suite",
)
LIBRARY_DROPOUT.mutant("default_minus_alpha", r"default dropped value $-\alpha_{01}$ ($\lambda$ forgotten)",
                       bug.dropout_default_minus_alpha, targets=("defaults_and_identity",))
LIBRARY_DROPOUT.mutant("unit_variance_assumed", r"$a = (q(1 + (1 - q)(\alpha' - \mu)^2))^{-1/2}$: the division "
                       r"by $\sqrt\nu$ forgotten", bug.dropout_unit_variance_assumed,
                       targets=("scale_covariance",))
LIBRARY_DROPOUT.mutant("b_from_dropped_only", r"$b = \mu - a(1 - q)\alpha'$", bug.dropout_b_from_dropped_only,
                       targets=("moments_by_enumeration",))
LIBRARY_DROPOUT.mutant("rate_as_keep", "units kept with probability rate", bug.dropout_rate_as_keep,
                       targets=("drop_frequency",))
