"""The claims about initialisation and encodings: M5 (E‖h(γ)‖² at Kaiming fan-out initialisation), M6 (the cos|sin
and z|1−z encodings: norm and injectivity), M7 (bounded magnitude under the cos|sin encoding)."""

from __future__ import annotations

from claimkit import Claim, MonteCarlo, formula_claim

from . import formulas as F
from .library import encode_input, magnitude_bounds
from .paper import PAPER

RECONSTRUCTED = "Wording not confirmed from the paper: the statement is as reconstructed."

# -- M5 -------------------------------------------------------------------------------------------------------

INIT_SECOND_MOMENT = formula_claim(
    id="hypernet_mip.init_second_moment",
    paper=PAPER,
    location="M5: the magnitude at initialisation (release: initialization.py, kaiming_normal_fanout)",
    formula=F.INIT_SECOND_MOMENT,
    statement=r"At Kaiming normal fan-out initialisation ($W_l \sim \mathcal N(0, 2/n_l)$, $n_l$ the layer's output "
              r"width) with zero biases, the 3-16-16-40 MLP with LeakyReLU of slope $s$ has "
              r"$\mathrm{E}\lVert h(\gamma)\rVert^2 = 2(1 + s^2)^2\lVert\gamma\rVert^2$ (expectation over the "
              r"initialisation): proportional to $\lVert\gamma\rVert^2$, with constant 2 for ReLU.",
    truth=F.second_moment_recursion,
    truth_at_precision=F.second_moment_recursion_mp,
    monte_carlo=MonteCarlo(F.draw_second_moment, samples=4000, z=5.5, examples=2,
                           description=r"$\lVert h(\gamma)\rVert^2$ over 4000 initialisations"),
    rtol=1e-12,
    tolerance_reason=r"the quadrature of $\mathrm{E}\varphi(Z)^2$ is requested to relative $10^{-13}$; the "
                     r"recursion multiplies it twice and adds a few roundings",
    examples=8,
    mutant_limit=8,
    expected="proved",
    notes=RECONSTRUCTED + r" With fan-out scaling each layer multiplies the mean square by $n_l\cdot 2/n_l = 2$, "
          r"and each hidden activation by $\mathrm{E}\varphi(Z)^2 = (1 + s^2)/2$: the constant does not depend on "
          r"the widths (with fan-in scaling it would be $(80/3)(1 + s^2)^2$). In the release, "
          r"FullyConnectedNet.reset_parameters re-draws the output layer with gain 1 (nonlinearity=None inside the "
          r"loop), which halves the constant; HyperNet's _init_output_split re-draws it with gain $\sqrt2$ per "
          r"primary tensor, restoring 2 per tensor.",
)
RELEASE_SECOND_MOMENT = Claim(
    id="hypernet_mip.release_init_second_moment",
    paper=PAPER,
    location="release: model.py (FullyConnectedNet.reset_parameters, HyperNet._init_output_split)",
    statement=r"At the release's initialisation (LeakyReLU slope $s = 0.01$, hidden gain $\sqrt2$), the backbone "
              r"FullyConnectedNet alone has $\mathrm{E}\lVert h(x)\rVert^2 = (1 + s^2)^2\lVert x\rVert^2$ (its output "
              r"layer ends with gain 1), and a HyperNet predicting $m$ primary tensors has $\mathrm{E}\lVert h(x) - "
              r"\theta_0\rVert^2 = 2m(1 + s^2)^2\lVert x\rVert^2$ (each tensor's rows drawn with gain $\sqrt2$ and "
              r"the tensor's own fan-out).",
    assumptions=(r"hidden widths 16, 16; FullyConnectedNet 3-16-16-40; HyperNet on $k = 2$ hyperparameters "
                 r"($x = E(z)$, $\lVert x\rVert^2 = 2$) for a primary layer with weight $8 \times 2$ and bias $8$ "
                 r"($m = 2$)",),
    kind="statistical",
    expected="supported",
    subject=F.RELEASE_INITS,
    origin="suite",
    notes=r"The He constant of init_second_moment (2 for any widths) is not the release's: the backbone alone "
          r"gives half of it, and the HyperNet $2m$ times it, so $\lVert\Delta\theta\rVert$ at initialisation grows "
          r"with the number of primary tensors. Monte Carlo ratios to the stated constants: "
          r"{{release_constants_by_monte_carlo.ratios}}.",
)
RELEASE_SECOND_MOMENT.mutant("output_gain_sqrt2", r"the backbone's output layer at gain $\sqrt2$ (no re-draw)",
                             F.RELEASE_INITS_FC_GAIN)
RELEASE_SECOND_MOMENT.mutant("whole_fanout", "the output split drawn with the whole layer's fan-out",
                             F.RELEASE_INITS_WHOLE_FANOUT)

INIT_SECOND_MOMENT.mutant("fan_in", r"Kaiming fan-in: $(80/3)(1 + s^2)^2\lVert\gamma\rVert^2$",
                          F.FAN_IN_SECOND_MOMENT)

# -- M6 -------------------------------------------------------------------------------------------------------

ENCODING = r"$E(z) = [\cos(\pi z/2), \sin(\pi z/2)] \in \mathbb R^{2k}$ (the release's 'cos|sin')"

COS_SIN_NORM = Claim(
    id="hypernet_mip.cos_sin_constant_norm",
    paper=PAPER,
    location="MIP input encoding (release: encoding.py, encode_input, mode 'cos|sin')",
    statement=r"The cos|sin encoding has constant norm: $\lVert E(z)\rVert^2 = k$ for every $z \in \mathbb R^k$.",
    assumptions=(ENCODING,),
    kind="identity",
    expected="proved",
    subject=encode_input,
    notes=RECONSTRUCTED + r" It holds for every real $z$, not only on $[0, 1]^k$.",
)
COS_SIN_NORM.mutant("z_one_minus_z", r"the encoding $[z, 1 - z]$ used as MIP's", F.encode_z_one_minus_z)

COS_SIN_INJECTIVE = Claim(
    id="hypernet_mip.cos_sin_injective",
    paper=PAPER,
    location="MIP input encoding (release: encode_input warns outside $[0, 1]$)",
    statement=r"The cos|sin encoding is injective on $[0, 1]^k$.",
    assumptions=(ENCODING,),
    kind="identity",
    expected="proved",
    subject=encode_input,
    notes=RECONSTRUCTED,
)
COS_SIN_INJECTIVE.mutant("two_pi", r"$2\pi$ in place of $\pi/2$: $E(0) = E(1)$", F.encode_two_pi)

INJECTIVITY_INTERVAL = Claim(
    id="hypernet_mip.cos_sin_injectivity_interval",
    paper=PAPER,
    location="M6: the largest interval on which the encoding is injective (the suite's question)",
    statement=r"Per coordinate, $E$ is injective on every half-open interval $[a, a + 4)$ and on no interval of "
              r"length more than 4: $E(z + 4) = E(z)$. The release's range $[0, 1]$ is a quarter of the largest.",
    assumptions=(ENCODING,),
    kind="identity",
    expected="proved",
    subject=encode_input,
    origin="suite",
)
INJECTIVITY_INTERVAL.mutant("pi", r"$\pi$ in place of $\pi/2$ (period 2)", F.encode_interleaved_pi)
INJECTIVITY_INTERVAL.mutant("two_pi", r"$2\pi$ in place of $\pi/2$ (period 1)", F.encode_two_pi)

Z_ONE_MINUS_Z = formula_claim(
    id="hypernet_mip.z_one_minus_z_norm",
    paper=PAPER,
    location="M6: the release's other encoding, 'z|1-z' (encoding.py)",
    formula=F.Z_ONE_MINUS_Z_NORM,
    statement=r"The z|1−z encoding does not have constant norm: $\lVert[z, 1 - z]\rVert^2 = 1 - 2z(1 - z)$, "
              r"which ranges over $[1/2, 1]$ on $[0, 1]$ (1 at the ends, 1/2 at $z = 1/2$).",
    truth=lambda z: float(sum(v * v for v in encode_input([z], "z|1-z"))),
    examples=8,
    mutant_limit=6,
    expected="proved",
    notes=RECONSTRUCTED + " The ground truth is the squared norm of the library's encoding.",
)

# -- M7 -------------------------------------------------------------------------------------------------------

BOUNDED_MAGNITUDE = Claim(
    id="hypernet_mip.cos_sin_bounded_magnitude",
    paper=PAPER,
    location="MIP: no magnitude proportionality in $z$ with the cos|sin encoding",
    statement=r"With the cos|sin encoding, a bias-free positively homogeneous $h$ has $\lVert h(E(z))\rVert$ "
              r"bounded above and below uniformly: there are $0 < m \le M$ with $m \le \lVert h(E(z))\rVert \le M$ "
              r"for every $z \in [0, 1]^k$.",
    assumptions=(ENCODING, r"$h$ a bias-free MLP with ReLU or LeakyReLU"),
    kind="inequality",
    expected="conditional",
    subject=F.forward,
    refined_by="hypernet_mip.cos_sin_magnitude_bounds",
    notes=RECONSTRUCTED + r" The upper bound always exists; a positive lower bound does not: with ReLU, "
          r"$h(x) = \mathrm{relu}(-x_1)$ and $k = 1$ give $h(E(0)) = \mathrm{relu}(-1) = 0$; with LeakyReLU a "
          r"weight with a null direction through some $E(z)$ does the same.",
)

MAGNITUDE_BOUNDS = Claim(
    id="hypernet_mip.cos_sin_magnitude_bounds",
    paper=PAPER,
    location="M7 corrected: the bounds in terms of the weights (library: magnitude_bounds)",
    statement=r"For a bias-free MLP with LeakyReLU of slope $s \in [0, 1]$ and depth $L$, "
              r"$m \le \lVert h(E(z))\rVert \le M$ for every $z \in \mathbb R^k$, with $M = \sqrt k\prod_l"
              r"\lVert W_l\rVert_2$ and $m = s^{L-1}\sqrt k\prod_l\sigma_{\min}(W_l)$ when every $W_l$ has at least "
              r"as many rows as columns ($m = 0$ otherwise); $m > 0$ when $s > 0$ and every $W_l$ has full column "
              r"rank.",
    assumptions=(ENCODING,),
    kind="inequality",
    expected="supported",
    subject=magnitude_bounds,
    origin="suite",
    notes=r"Both bounds are attained: $M$ by $W = I$ ($L = 1$), $m$ by $W_1 = -D$, $W_2 = I$ with $D$ diagonal. "
          r"Without encoding, $\lVert h(z)\rVert = \lVert z\rVert\,\lVert h(z/\lVert z\rVert)\rVert$ tends to 0 "
          r"at $z = 0$: no positive lower bound on $[0, 1]^k$ for any $h$.",
)
MAGNITUDE_BOUNDS.mutant("no_sqrt_k", r"the input norm taken as 1 instead of $\sqrt k$", F.bounds_without_sqrt_k)
MAGNITUDE_BOUNDS.mutant("no_slope", r"the lower bound without $s^{L-1}$", F.bounds_without_slope)
MAGNITUDE_BOUNDS.mutant("sigma_max_lower", r"$\lVert W_l\rVert_2$ in place of $\sigma_{\min}(W_l)$ in $m$",
                        F.bounds_sigma_max_lower)
