"""The library conformance claims: what a practitioner calls (``library``) does what it says and matches the release
where it ports it. Subjects are library functions; mutants are plausible bugs."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .library import encode_input, leaky_relu, mip_hypernet
from .paper import PAPER

LIBRARY_ACTIVATION = Claim(
    id="hypernet_mip.library_leaky_relu",
    paper=PAPER,
    location="library: leaky_relu (torch.nn.LeakyReLU, the release's default nonlinearity)",
    statement=r"leaky_relu$(x, s) = x$ for $x > 0$ and $sx$ for $x \le 0$, which for $s \in [0, 1]$ is "
              r"$\max(x, sx)$; hand values $\mathrm{leaky\_relu}(-2) = -0.02$, $\mathrm{leaky\_relu}(3) = 3$; arrays "
              r"keep their shape.",
    kind="algorithm",
    expected="supported",
    subject=leaky_relu,
    origin="suite",
)
LIBRARY_ACTIVATION.mutant("slope_on_positive", "the slope applied to positive inputs", F.leaky_slope_on_positive)
LIBRARY_ACTIVATION.mutant("slope_squared", r"$s^2$ on negative inputs", F.leaky_slope_squared)

LIBRARY_ENCODING = Claim(
    id="hypernet_mip.library_encoding_matches_release",
    paper=PAPER,
    location="library: encode_input against the release's encode_input (encoding.py, a3e2108)",
    statement=r"encode_input equals a port of the release's encode_input for the modes 'cos|sin', 'z|1-z' and "
              r"None, bit for bit, with the layout $[\cos(\pi z_1/2), \ldots, \cos(\pi z_k/2), \sin(\pi z_1/2), "
              r"\ldots]$, and warns exactly when the release does ('cos|sin' with a coordinate outside "
              r"$[0, 1]$).",
    kind="algorithm",
    expected="supported",
    subject=encode_input,
    origin="suite",
)
LIBRARY_ENCODING.mutant("interleaved", r"the layout $[\cos, \sin]$ per coordinate", F.encode_interleaved_layout)
LIBRARY_ENCODING.mutant("silent", "no warning outside $[0, 1]$", F.encode_silent)

LIBRARY_MIP = Claim(
    id="hypernet_mip.library_mip_residual",
    paper=PAPER,
    location="library: mip_hypernet (MIP's residual form, as reconstructed: release HyperNet's output bias)",
    statement=r"mip_hypernet returns $\theta = \theta_0 + h(E(\gamma))$: the residual $\theta_0$ enters additively "
              r"and independently of $\gamma$ ($\theta - \theta_0$ does not depend on $\theta_0$), and "
              r"$h(E(\gamma))$ is the MLP at the cos|sin encoding.",
    kind="algorithm",
    expected="supported",
    subject=mip_hypernet,
    origin="suite",
    notes=r"Wording not confirmed from the paper: the residual form $\theta = \theta_0 + \Delta\theta(\gamma)$ is "
          r"the specification's reconstruction, which matches the release (the output bias is the 'independent "
          r"weights', initialised as the primary network).",
)
LIBRARY_MIP.mutant("no_residual", r"MIP without the residual $\theta_0$", F.mip_without_residual)
LIBRARY_MIP.mutant("residual_of_gamma", r"the residual made a function of $\gamma$: $\bar\gamma\,\theta_0$",
                   F.mip_residual_of_gamma)
LIBRARY_MIP.mutant("raw_input", r"the residual kept, $\gamma$ fed raw as $[\gamma, 0]$", F.mip_raw_input)
