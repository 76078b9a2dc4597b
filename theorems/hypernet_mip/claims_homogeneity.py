"""The claims about magnitude proportionality: M1 (positive homogeneity of bias-free ReLU/LeakyReLU MLPs, and not of
GELU, tanh, SiLU, ELU ones), M2 (asymptotic proportionality with biases, and its rate), M3 (at the release's
initialisation, and after one SGD step), M4 (the primary network's output scales as c^L)."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper: the statement is as reconstructed from the abstract's "
                 "'magnitude proportionality between the inputs and outputs of the hypernetwork'.")
MLP = r"$h(\gamma) = W_L\varphi(W_{L-1}\cdots\varphi(W_1\gamma + b_1)\cdots + b_{L-1}) + b_L$"

# -- M1 -----------------------------------------------------------------------------------------------------------

RELU_HOMOGENEOUS = Claim(
    id="hypernet_mip.relu_homogeneous",
    paper=PAPER,
    location="Sec. on magnitude proportionality (abstract: 'a magnitude proportionality between the inputs and "
             "outputs of the hypernetwork')",
    statement=r"A bias-free MLP hypernetwork " + MLP + r" with all $b_l = 0$ and $\varphi$ ReLU or LeakyReLU is "
              r"positively homogeneous: $h(c\gamma) = c\,h(\gamma)$ for every $c \ge 0$ and every $\gamma$.",
    assumptions=(r"$\varphi(x) = x$ for $x > 0$, $\varphi(x) = sx$ for $x \le 0$, $s \in [0, 1]$ ($s = 0$: ReLU)",
                 r"all biases $b_l = 0$"),
    kind="identity",
    expected="proved",
    subject=F.HOMOGENEITY,
    notes=RECONSTRUCTED + r" Widths 1 to 64, depths 1 to 4, $c \in [0, 100]$; exact in rationals. The subject "
          r"holds the activation and the range of $c$ the statement quantifies over.",
)
RELU_HOMOGENEOUS.mutant("gelu", r"GELU in place of LeakyReLU", F.HOMOGENEITY_GELU)
RELU_HOMOGENEOUS.mutant("negative_c", r"homogeneity claimed for $c \in [-100, 100]$, negative $c$ included",
                        F.HOMOGENEITY_NEGATIVE_C)
RELU_HOMOGENEOUS.mutant("softplus", r"$\varphi(x) = \log(1 + e^x) - \log 2$ (smooth, $\varphi(0) = 0$)",
                        F.HOMOGENEITY_SOFTPLUS)

SMOOTH_NOT_HOMOGENEOUS = Claim(
    id="hypernet_mip.smooth_not_homogeneous",
    paper=PAPER,
    location="M1 extended to other activations (the suite's question)",
    statement=r"With $\varphi$ GELU, tanh, SiLU or ELU a bias-free MLP is not positively homogeneous: already the "
              r"one-neuron network $h(\gamma) = \varphi(\gamma)$ has $h(-2) \ne 2h(-1)$.",
    assumptions=(r"$\mathrm{GELU}(x) = x\Phi(x)$, $\mathrm{SiLU}(x) = x/(1 + e^{-x})$, $\mathrm{ELU}(x) = e^x - 1$ "
                 r"for $x \le 0$ and $x$ otherwise",),
    kind="identity",
    expected="proved",
    subject=F.SMOOTH,
    origin="suite",
    notes=r"The defects $\varphi(-2) - 2\varphi(-1)$ are {{one_neuron_witness.defects}} (GELU, tanh, SiLU, ELU). "
          r"ELU is the identity on $x > 0$, so the witness needs a negative input; GELU and SiLU tend to ReLU, so "
          r"$h(c\gamma)/c$ still tends to the ReLU network's value as $c \to \infty$; tanh is bounded.",
)
SMOOTH_NOT_HOMOGENEOUS.mutant("relu_for_tanh", r"ReLU in place of tanh", F.relu_in_place_of_tanh())

# -- M2 -----------------------------------------------------------------------------------------------------------

BIAS_ASYMPTOTIC = Claim(
    id="hypernet_mip.bias_asymptotic",
    paper=PAPER,
    location="Sec. on magnitude proportionality (proportionality with biases, as reconstructed)",
    statement=r"With biases, proportionality holds asymptotically: $h(c\gamma)/c \to h_0(\gamma)$ as "
              r"$c \to \infty$, $h_0$ the same network without biases, at rate $1/c$: "
              r"$\lVert h(c\gamma)/c - h_0(\gamma)\rVert \le K/c$ for every $c > 0$ with "
              r"$K = \sum_l \lVert b_l\rVert\prod_{j > l}\lVert W_j\rVert_2$, and for $\gamma$ where no hidden unit of "
              r"$h_0$ has pre-activation 0 the error is exactly $\lVert a(\gamma)\rVert/c$ for all large $c$.",
    assumptions=(r"$\varphi$ ReLU or LeakyReLU of slope $s \in [0, 1]$",),
    kind="limit",
    expected="proved",
    subject=F.ASYMPTOTIC,
    notes=RECONSTRUCTED + r" Why: $h(c\gamma; b) = c\,h(\gamma; b/c)$ by homogeneity, and $h$ is Lipschitz in the "
          r"biases; once the activation pattern of $h_0$ is fixed, $h$ is affine in $b/c$. The fitted slope of "
          r"$\log$ error against $\log c$ for a drawn network: {{fitted_slope.slopes}}. The subject is the bound $K$ "
          r"(library bias_asymptotic_bound) and the rate.",
)
BIAS_ASYMPTOTIC.mutant("last_bias_only", r"$K = \lVert b_L\rVert$: the hidden biases' propagation forgotten",
                       F.ASYMPTOTIC_LAST_BIAS, targets=("bound_for_every_c",))
BIAS_ASYMPTOTIC.mutant("rate_squared", r"rate $1/c^2$", F.ASYMPTOTIC_SQUARED)
BIAS_ASYMPTOTIC.mutant("rate_sqrt", r"rate $1/\sqrt c$", F.ASYMPTOTIC_SQRT, targets=("fitted_slope",
                                                                                     "exact_coefficient"))

# -- M3 -----------------------------------------------------------------------------------------------------------

RELEASE_DEFAULTS = ("the release's HyperNet with its defaults (JJGO/hyperlight a3e2108, model.py): LeakyReLU, "
                    "out_bias=True, kaiming_normal_fanout, init_bias=0.0, init_independent_weights=True")

INIT_BACKBONE = Claim(
    id="hypernet_mip.init_backbone_proportional",
    paper=PAPER,
    location="release: model.py, FullyConnectedNet.reset_parameters and HyperNet.init_independent_weights",
    statement=r"At the release's initialisation every hidden bias is 0 and the output bias is the residual "
              r"$\theta_0$, so the hypernetwork is proportional up to $\theta_0$: $h(cx) - \theta_0 = c\,(h(x) - "
              r"\theta_0)$ for every $c \ge 0$ and every encoded input $x$.",
    assumptions=(RELEASE_DEFAULTS,),
    kind="identity",
    expected="proved",
    subject=F.release_hypernet_init,
    origin="suite",
    notes=r"The release's output bias holds the primary network's own initialisation (its 'independent weights'): "
          r"this is MIP's residual $\theta_0$, and only the part $\Delta\theta = h - \theta_0$ is proportional.",
)
INIT_BACKBONE.mutant("hidden_bias", r"hidden biases initialised to $0.1$ ($\mathrm{init\_bias} = 0.1$)",
                     F.release_hypernet_init_hidden_bias)

INIT_PROPORTIONAL = Claim(
    id="hypernet_mip.init_proportional",
    paper=PAPER,
    location="M3: the release's initialisation (model.py, initialization.py)",
    statement=r"At the release's initialisation (biases 0) proportionality is exact: $h(cx) = c\,h(x)$ for every "
              r"$c \ge 0$.",
    assumptions=(RELEASE_DEFAULTS,),
    kind="identity",
    expected="conditional",
    subject=F.release_hypernet_init,
    refined_by="hypernet_mip.init_backbone_proportional",
    notes=RECONSTRUCTED + r" Not all biases start at 0: init_bias=0.0 applies to the backbone, but the HyperNet's "
          r"default init_independent_weights=True then sets the output bias to the primary network's Kaiming "
          r"initialisation for every tensor named '.weight'. The witness: a HyperNet for a primary layer with "
          r"weight $8\times 2$ and bias $8$, hidden widths 16, 16.",
)

SGD_STEP_ASYMPTOTIC = Claim(
    id="hypernet_mip.sgd_step_asymptotic",
    paper=PAPER,
    location="M3 corrected: after one SGD step",
    statement=r"After one SGD step on $\frac12\lVert h(\gamma) - y\rVert^2$ from zero biases, the biases are "
              r"$-\eta\,\partial L/\partial b_l \ne 0$ and proportionality holds only asymptotically: "
              r"$\lVert h(c\gamma)/c - h_0(\gamma)\rVert \le K/c$ with $K$ of the stepped biases.",
    assumptions=(r"$\varphi$ LeakyReLU of slope $s \in [0, 1]$; step size $\eta > 0$",),
    kind="inequality",
    expected="supported",
    subject=F.sgd_step,
    origin="suite",
)
SGD_STEP_ASYMPTOTIC.mutant("weights_only", "the step leaves the biases unchanged", F.sgd_step_weights_only)
SGD_STEP_ASYMPTOTIC.mutant("half_bias", "the bias gradient halved", F.sgd_step_half_bias)

SGD_STEP = Claim(
    id="hypernet_mip.sgd_step_proportional",
    paper=PAPER,
    location="M3: does proportionality survive training?",
    statement=r"Exact proportionality survives one SGD step on a regression loss: after the step, $h(c\gamma) = "
              r"c\,h(\gamma)$ for every $c \ge 0$.",
    assumptions=(r"zero biases before the step; $L = \frac12\lVert h(\gamma) - y\rVert^2$; step size $\eta > 0$",),
    kind="identity",
    expected="conditional",
    subject=F.sgd_step,
    refined_by="hypernet_mip.sgd_step_asymptotic",
    notes=RECONSTRUCTED + r" The smallest witness: $h(\gamma) = \mathrm{relu}(w_1\gamma + b_1)w_2 + b_2$ with "
          r"$w_1 = w_2 = 1$, $\gamma = 1$, $y = 2$, $\eta = 1/2$; after the step $b_1 = b_2 = 1/2$, and "
          r"$h(2) = 23/4$ while $2h(1) = 7$.",
)

# -- M4 -----------------------------------------------------------------------------------------------------------

PRIMARY_SCALING = Claim(
    id="hypernet_mip.primary_scaling",
    paper=PAPER,
    location="Sec. on magnitude proportionality: the consequence for the primary network",
    statement=r"If every weight of a depth-$L$ bias-free ReLU primary network $f(x; \theta) = W_L\,\mathrm{relu}"
              r"(\cdots\mathrm{relu}(W_1x))$ comes from a bias-free positively homogeneous hypernetwork, "
              r"$\theta = h(\gamma)$, then $f(x; h(c\gamma)) = c^L f(x; h(\gamma))$ for every $c \ge 0$.",
    assumptions=(r"$h$ bias-free with ReLU or LeakyReLU", r"the primary network has no biases"),
    kind="identity",
    expected="proved",
    subject=F.primary_scale,
    notes=RECONSTRUCTED,
)
PRIMARY_SCALING.mutant("power_minus_one", r"$c^{L-1}$", F.primary_scale_minus_one)
PRIMARY_SCALING.mutant("power_plus_one", r"$c^{L+1}$", F.primary_scale_plus_one)
