"""The library's conformance claims: standardize_weight and its backward, the BatchNorm and PowerNorm backward
passes and the Jacobian norms, each against complex-step Jacobians of the layers at every scale. Their subject
is the library as one object; their mutants are the library with a plausible bug planted."""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .paper import PAPER_PN, PAPER_WS

LIBRARY_WS = Claim(
    id="ws_bn_powernorm.library_weight_standardization",
    paper=PAPER_WS,
    location="library: standardize_weight, standardize_weight_vjp",
    statement=r"standardize_weight and standardize_weight_vjp return $\hat W$ and $\partial L/\partial W$ of "
              r"$\hat W_c = (W_c - \mu_c\mathbf{1})/(\sigma_c + \varepsilon)$ (divisor $I - k$, $k \in \{0, 1\}$, "
              r"$\varepsilon \in \{0, 10^{-5}\}$ relative to $\sigma_c$) to $10^{-12}$ of $\|g_c\|/(\sigma_c + "
              r"\varepsilon)$ per channel, for weights of any size from $10^{-300}$ to $10^{300}$.",
    assumptions=(r"fan-in $I$ from 2 to 32, 1 to 4 channels; not all weights of a channel equal",),
    kind="algorithm",
    expected="supported",
    subject=bug.LIBRARY,
    origin="suite",
    notes=r"Ground truth: the complex-step Jacobian of the layer (formulas.ws_forward) at the unscaled weights, "
          r"divided by the scale.",
)
LIBRARY_WS.mutant("without_rescaling", "the backward in float64 as written (overflows at large weights)",
                  bug.WITHOUT_RESCALING)
LIBRARY_WS.mutant("population_kappa", r"$\kappa$ with the divisor $I$ whatever $k$", bug.POPULATION_KAPPA)
LIBRARY_WS.mutant("without_mean", "the gradient's mean not removed", bug.WITHOUT_MEAN)

LIBRARY_NORMS = Claim(
    id="ws_bn_powernorm.library_norm_backward",
    paper=PAPER_PN,
    location="library: batch_norm_vjp, power_norm_vjp",
    statement=r"batch_norm_vjp and power_norm_vjp return $\partial L/\partial x$ of BatchNorm and PowerNorm with "
              r"batch statistics and $\varepsilon \ge 0$ to $10^{-12}$ of $|\gamma|\|g\|/\sqrt{\sigma_B^2 + "
              r"\varepsilon}$ (resp. $\psi$) per feature, for inputs of any size from $10^{-300}$ to $10^{300}$; "
              r"where the gradient is subnormal, to within float64's spacing there ($2^{-1075}$ per rounding).",
    assumptions=(r"$B$ from 2 to 32, 1 to 3 features; $\varepsilon$ from 0 to $\sigma_B^2$",),
    kind="algorithm",
    expected="supported",
    subject=bug.LIBRARY,
    origin="suite",
)
LIBRARY_NORMS.mutant("bn_unbiased", "BatchNorm's backward with the unbiased variance", bug.BN_UNBIASED)
LIBRARY_NORMS.mutant("pn_no_projection", "PowerNorm's backward without the projection", bug.PN_NO_PROJECTION)

LIBRARY_JACOBIAN_NORMS = Claim(
    id="ws_bn_powernorm.library_jacobian_norms",
    paper=PAPER_PN,
    location="library: jacobian_norms",
    statement=r"jacobian_norms$(x, \gamma)$ returns the largest singular values of the BN and PN Jacobians (batch "
              r"statistics, $\varepsilon = 0$) to relative $10^{-10}$, including $0$ for BN at $B = 2$, for inputs "
              r"from $10^{-300}$ to $10^{300}$.",
    assumptions=(r"$B$ from 2 to 24",),
    kind="algorithm",
    expected="supported",
    subject=bug.LIBRARY,
    origin="suite",
)
LIBRARY_JACOBIAN_NORMS.mutant("bn_at_two", r"$|\gamma|/\sigma_B$ for BN at $B = 2$ too", bug.NORMS_BN_AT_TWO)
LIBRARY_JACOBIAN_NORMS.mutant("pn_sigma", r"PN's norm as $|\gamma|/\sigma_B$", bug.NORMS_PN_SIGMA)
