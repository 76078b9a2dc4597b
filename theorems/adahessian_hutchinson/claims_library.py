"""The library's conformance claim: ``adahessian_step`` computes the released update at every scale,
``spatial_average`` the released averaging, and ``hutchinson_diagonal`` the mean of z ⊙ Hz over Rademacher probes.
Its mutants are the library with a plausible bug planted (``library_variants``)."""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import adahessian_step, hutchinson_diagonal, spatial_average
from .paper import PAPER

_LIB = {"adahessian_step": adahessian_step, "spatial_average": spatial_average,
        "hutchinson_diagonal": hutchinson_diagonal}

LIBRARY = Claim(
    id="adahessian_hutchinson.library_conformance",
    paper=PAPER,
    location="library: adahessian_step, spatial_average, hutchinson_diagonal",
    statement=r"The library's adahessian_step returns the released step (optim_adahessian.py, 85ebc00) to within "
              r"$10^{-12}$ relative over 10 steps, for every $k \in [0, 1]$, $\varepsilon$ and weight decay; with "
              r"$\varepsilon = 0$ and $k = 1$ its iterates do not change when the gradients and curvature estimates "
              r"are scaled by $2^e$, $|e| \le 1000$. spatial_average is the released averaging, and "
              r"hutchinson_diagonal the mean of $z \odot Hz$ over its Rademacher probes.",
    assumptions=("finite inputs; the release at moderate scales (its squares neither overflow nor underflow)",),
    kind="algorithm",
    expected="supported",
    subject=_LIB,
    origin="suite",
    notes=r"The library keeps $r = \sqrt{s}$ and updates it with hypot: the release's $s = \mathrm{EMA}(D^2)$ "
          r"overflows for $D$ beyond $10^{154}$ (the step becomes 0) and underflows below $10^{-162}$ (the step "
          r"becomes infinite or NaN), where the update with $\varepsilon = 0$, $k = 1$ does not depend on the scale.",
)
LIBRARY.mutant("naive_squares", r"the EMA of $D^2$ kept as is (the release's arithmetic)",
               {**_LIB, "adahessian_step": bug.step_naive_squares}, targets=("scale_free_update",))
LIBRARY.mutant("eps_under_power", r"$(\hat r + \varepsilon)^k$", {**_LIB, "adahessian_step": bug.step_eps_inside},
               targets=("matches_release_port",))
LIBRARY.mutant("without_bias_correction2", r"$r$ not divided by $(1 - \beta_2^t)^{1/2}$",
               {**_LIB, "adahessian_step": bug.step_without_bias_correction2}, targets=("matches_release_port",))
LIBRARY.mutant("input_channels", "spatial_average over the input channels of a 4-D weight",
               {**_LIB, "spatial_average": bug.average_input_channels}, targets=("averaging_matches_release",))
LIBRARY.mutant("rows_averaged", "spatial_average averaging 2-D rows", {**_LIB, "spatial_average": bug.average_rows_too},
               targets=("averaging_matches_release",))
LIBRARY.mutant("hutchinson_abs", r"hutchinson_diagonal averaging $|Hz|$",
               {**_LIB, "hutchinson_diagonal": bug.hutchinson_abs}, targets=("hutchinson_mean_of_probes",))
