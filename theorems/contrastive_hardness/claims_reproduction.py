"""C7: the uniformity-tolerance dilemma, reproduced on a small synthetic analogue of the paper's figures (the paper's
CIFAR and ImageNet-100 runs are not reproducible offline; this is an analogue, reported as such)."""

from __future__ import annotations

from typing import NamedTuple

from claimkit import Claim

from .paper import PAPER


class Ordering(NamedTuple):
    """Which temperatures are compared (``"adjacent"``: each neighbouring pair of the grid; ``"endpoints"``: the
    smallest against the largest) and in which direction (``smaller_tau_lower``: the metric is lower at the smaller
    temperature)."""

    pairs: str
    smaller_tau_lower: bool = True


PROTOCOL = (r"10 latent classes, centres $\mathcal N(0, I_{20})$, samples centre $+ 0.5\,\mathcal N(0, I)$ (50 per "
            r"class to train, 20 held out), two views $x + 0.3\,\mathcal N(0, I)$ per sample",
            r"a linear encoder $\mathbb R^{20} \to \mathbb R^{8}$ and L2 normalisation, the in-batch contrastive loss "
            r"(batch 128), Adam (learning rate $10^{-2}$) from $W \sim \mathcal N(0, 1/20)$",
            r"$\tau \in \{0.05, 0.1, 0.2, 0.5, 1\}$; the thorough profile: 2000 steps and seeds 0, 1, 2; the default "
            r"profile: 60 steps and seeds 0, 1",
            r"on the held-out samples: $L_{\mathrm{unif}} = \log\,\mathrm{mean}_{i<j} e^{-2\|u_i - u_j\|^2}$ and the "
            r"tolerance, the mean $u_i^\top u_j$ over same-class pairs")
ANALOGUE = r"A synthetic analogue of the paper's qualitative figures (CIFAR, ImageNet-100), not a reproduction of them."

DILEMMA = Claim(
    id="contrastive_hardness.uniformity_tolerance_monotone",
    paper=PAPER,
    location="abstract and Sec. 4 (the uniformity-tolerance dilemma; figures not reproduced)",
    statement=r"Smaller $\tau$ gives lower (more uniform) $L_{\mathrm{unif}}$ and lower tolerance: on every seed, "
              r"both metrics increase strictly along the temperature grid.",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="conditional",
    subject=Ordering("adjacent"),
    refined_by="contrastive_hardness.uniformity_tolerance_endpoints",
    notes=r"Per seed, $L_{\mathrm{unif}}$ by temperature: {{adjacent_pairs_ordered.uniformity}}; tolerance: "
          r"{{adjacent_pairs_ordered.tolerance}}. The trend holds from $\tau = 0.1$ up, but in this protocol "
          r"$\tau = 0.05$ gives a higher $L_{\mathrm{unif}}$ and a higher tolerance than $\tau = 0.1$ on every seed "
          r"(at 60 and at 2000 steps): the ordering reverses at the smallest temperature. The ends of the grid keep "
          r"the paper's order (contrastive_hardness.uniformity_tolerance_endpoints). " + ANALOGUE,
)

ENDPOINTS = Claim(
    id="contrastive_hardness.uniformity_tolerance_endpoints",
    paper=PAPER,
    location="C7, refined: the ends of the grid",
    statement=r"On every seed, $\tau = 0.05$ gives a lower $L_{\mathrm{unif}}$ and a lower tolerance than $\tau = 1$.",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="supported",
    subject=Ordering("endpoints"),
    origin="suite",
    notes=r"Margins (metric at $\tau = 1$ minus at $\tau = 0.05$), per seed: $L_{\mathrm{unif}}$ "
          r"{{endpoints_ordered.uniformity_margin}}, tolerance {{endpoints_ordered.tolerance_margin}}. " + ANALOGUE,
)
ENDPOINTS.mutant("opposite", "the opposite ordering: the larger temperature lower on both metrics",
                 Ordering("endpoints", smaller_tau_lower=False))
