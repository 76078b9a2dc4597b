"""The claims about many layers (S8): the abstract's "converge towards zero mean and unit variance", read on
the map g and in a deep random network."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

ABSTRACT = ("abstract: 'activations close to zero mean and unit variance that are propagated through many network "
            "layers will converge towards zero mean and unit variance'")
DOMAIN1 = (r"$(\omega, \tau) \in [-0.1, 0.1] \times [0.95, 1.1]$ fixed; start $(\mu_0, \nu_0) \in [-0.1, 0.1] "
           r"\times [0.8, 1.5]$")

ABSTRACT_CONVERGENCE = Claim(
    id="selu.converges_to_zero_mean_unit_variance",
    paper=PAPER,
    location=ABSTRACT,
    statement=r"For weights $(\omega, \tau)$ in Theorem 1's domain, iterating $g$ from any point of its domain "
              r"converges to $(\mu, \nu) = (0, 1)$: after 50 layers $(\mu_{50}, \nu_{50})$ is within $10^{-3}$ of "
              r"$(0, 1)$.",
    assumptions=(DOMAIN1, r"$\lambda = \lambda_{01}$, $\alpha = \alpha_{01}$"),
    kind="limit",
    expected="conditional",
    subject=F.abstract_limit,
    refined_by="selu.converges_to_weight_fixed_point",
    notes=r"The iterates converge, but to the fixed point of the weights: $(0, 1)$ only when $\tau = 1$ (then "
          r"$\mu = 0$ makes $\mu\omega = 0$ for every $\omega$). At $\omega = 0$, $\tau = 1.1$ the limit is "
          r"{{limit_at_the_domain_edges.limit_at_tau_1_1}}, at $\tau = 0.95$ it is "
          r"{{limit_at_the_domain_edges.limit_at_tau_0_95}}. 'Towards zero mean and unit variance' holds in the "
          r"sense of Theorem 1: near $(0, 1)$, within the box of selu.theorem1_fixed_point.",
)

WEIGHT_FIXED_POINT = Claim(
    id="selu.converges_to_weight_fixed_point",
    paper=PAPER,
    location=ABSTRACT + ", read with Theorem 1 (the suite's reading)",
    statement=r"For weights $(\omega, \tau)$ in Theorem 1's domain, iterating $g$ from any point $x_0$ of its domain "
              r"converges to the fixed point $x^*(\omega, \tau)$ of $g$ (the root of $g(x) = x$), with "
              r"$\lVert g^{50}(x_0) - x^*\rVert \le 0.9^{50}\lVert x_0 - x^*\rVert$; $x^* = (0, 1)$ if and only if "
              r"$\tau = 1$.",
    assumptions=(DOMAIN1, r"$\lambda = \lambda_{01}$, $\alpha = \alpha_{01}$"),
    kind="limit",
    expected="supported",
    subject=F.weight_fixed_point,
    origin="suite",
    notes=r"The rate $0.9 > \max\lVert\mathcal J\rVert_2$ (selu.theorem1_contraction) is Banach's bound; the "
          r"observed rate per layer from the corners is at most {{fixed_point_by_findroot.rate}}.",
)
_ITER = ("iterates_reach_the_fixed_point", "fixed_point_by_findroot")
WEIGHT_FIXED_POINT.mutant("abstract", r"$x^* = (0, 1)$ for all weights", F.abstract_limit, targets=_ITER)
WEIGHT_FIXED_POINT.mutant("second_moment", r"the fixed point of $(\mu, \nu) \mapsto (\tilde\mu, \tilde\xi)$",
                          F.second_moment_fixed_point, targets=_ITER)
WEIGHT_FIXED_POINT.mutant("unit_weight", r"the fixed point with $\omega = 1$, as the release's solver assumes",
                          F.unit_weight_fixed_point, targets=_ITER)

DEEP_NETWORK = Claim(
    id="selu.deep_network_normalizes",
    paper=PAPER,
    location=ABSTRACT + " (reproduced in a random network)",
    statement=r"In a random fully connected SELU network (LeCun-normal weights $w_{ij} \sim \mathcal N(0, 1/n)$, no "
              r"biases, inputs standardised to mean $\mu_0$ and variance $\nu_0$), the mean and variance of the "
              r"activations over a batch approach $(0, 1)$: from $(\mu_0, \nu_0) \in \{(0, 1), (0.5, 1), (0, 3), "
              r"(0, 0.3), (-0.5, 2)\}$, every layer from the 17th to the 32nd has $|\mathrm{mean}| \le 0.15$ and "
              r"$|\mathrm{var} - 1| \le 0.3$, for widths $n \ge 128$.",
    assumptions=(r"width $n = 128$, batch 64, depth 32 in the default profile; $n = 512$, batch 256 (the "
                 r"specification's size) and more seeds in the thorough profile",),
    kind="empirical",
    expected="supported",
    subject=F.snn_layer_statistics,
    notes=r"Each unit has its own $\omega_i = \sum_j w_{ij} \sim \mathcal N(0, 1)$, far outside Theorem 1's "
          r"$|\omega| \le 0.1$, and $\tau_i \approx 1$; the layer's mean stays near 0, so $\mu\omega_i \approx 0$ "
          r"and the dynamics are those of $\tau = 1$. Largest deviations over layers 17–32: "
          r"{{layers_approach_zero_one.largest_abs_mean:.3f}} (mean) and "
          r"{{layers_approach_zero_one.largest_var_deviation:.3f}} (variance).",
)
DEEP_NETWORK.mutant("elu", r"ELU ($\lambda = \alpha = 1$): the variance decays", F.snn_elu)
DEEP_NETWORK.mutant("relu", "ReLU with the same weights: the variance halves at every layer", F.snn_relu)
DEEP_NETWORK.mutant("swapped", r"$\alpha$ and $\lambda$ swapped: the variance explodes", F.snn_swapped)
