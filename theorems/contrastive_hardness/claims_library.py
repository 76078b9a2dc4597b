"""The library's conformance claims: what a practitioner calls (``library``) computes what it says. Their subject is
the library's public functions together; their mutants plant a plausible bug (``library_variants``)."""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .claims_gradient import SETUP
from .paper import PAPER

LIBRARY_LOSS = Claim(
    id="contrastive_hardness.library_loss_and_gradient",
    paper=PAPER,
    location="library: contrastive_loss, contrastive_grad",
    statement=r"contrastive_loss and contrastive_grad (with and without the positive in the denominator) match the "
              r"definition evaluated at 30 digits: the loss to relative $10^{-13}$ (absolute $10^{-300}$), each "
              r"gradient entry to $10^{-13}/\tau$ plus $10^{-13}$ of its own size, for $K$ from 1 to 64 and $\tau$ "
              r"from $10^{-3}$ to $10^{2}$, including losses as small as $e^{-50}$.",
    assumptions=(SETUP,),
    kind="algorithm",
    expected="supported",
    subject=bug.LIBRARY,
    origin="suite",
    notes=r"The loss is computed as $\log(1 + \sum_k e^{a_k})$, $a_k = (s_{ik} - s_{ii})/\tau$, with a shifted "
          r"log-sum-exp and $\log(1 + e^{y}) = \max(y, 0) + \mathrm{log1p}(e^{-|y|})$: the textbook "
          r"$\log\sum e^{s/\tau} - s_{ii}/\tau$ returns 0 for a loss of $e^{-50}$ at $\tau = 0.02$.",
)
LIBRARY_LOSS.mutant("loss_by_difference", r"$\log\sum_k e^{s_{ik}/\tau} - s_{ii}/\tau$ (all $K + 1$ terms), a "
                    r"difference of two numbers of size $1/\tau$", bug.LOSS_BY_DIFFERENCE)
LIBRARY_LOSS.mutant("positive_over_all_terms", r"the positive's gradient $-1/\tau$", bug.GRAD_POSITIVE_OVER_ALL)

LIBRARY_HARDNESS = Claim(
    id="contrastive_hardness.library_hardness",
    paper=PAPER,
    location="library: hardness_weights, hardness_entropy",
    statement=r"hardness_weights returns $r_k = e^{s_k/\tau}/\sum_j e^{s_j/\tau}$ to relative "
              r"$4\varepsilon(1 + K + \max_j|s_j|/\tau + |\log r_k|)$ (absolute $4 \cdot 2^{-1074}$ for subnormal "
              r"weights), as float64 allows for exponents of size $s/\tau$, and hardness_entropy returns "
              r"$-\sum_k r_k\log r_k$ in nats to $4\varepsilon(1 + 2K + \max_j|s_j|/\tau)(1 + H)$, against "
              r"30-digit values, for $K$ from 1 to 64 and $\tau$ from $10^{-3}$ to $10^{2}$.",
    assumptions=(SETUP,),
    kind="algorithm",
    expected="supported",
    subject=bug.LIBRARY,
    origin="suite",
    notes=r"Rounding $s_k/\tau$ costs $r_k$ a relative error of order $\varepsilon|s_k/\tau|$, and the exponent "
          r"$\log r_k$ of a tiny weight (down to $-2/\tau$) as much again: a flat relative $10^{-13}$ is more than "
          r"float64 can give at $\tau \approx 10^{-3}$, as the thorough profile found for a tiny weight; the "
          r"entropy inherits the same errors. The bounds are derived in "
          r"checks/contrastive_hardness/library_conformance.py.",
)
LIBRARY_HARDNESS.mutant("weights_over_all_terms", r"an extra $e^{0}$ term in the normalisation",
                        bug.WEIGHTS_OVER_ALL)
LIBRARY_HARDNESS.mutant("entropy_in_bits", "the entropy in bits", bug.ENTROPY_IN_BITS)

LIBRARY_METRICS = Claim(
    id="contrastive_hardness.library_uniformity_tolerance",
    paper=PAPER,
    location="library: uniformity, tolerance",
    statement=r"uniformity returns $\log\frac{2}{n(n-1)}\sum_{i<j} e^{-2\|u_i - u_j\|^2}$ and tolerance the mean of "
              r"$u_i^\top u_j$ over same-label pairs $i < j$, $u$ the L2-normalised rows, to $10^{-12}$ against a "
              r"30-digit double loop; both are unchanged when the features are multiplied by any $c$ from "
              r"$10^{-150}$ to $10^{150}$.",
    assumptions=(r"features $n \times d$ with $n \ge 2$ nonzero rows; integer labels with at least one same-label "
                 r"pair",),
    kind="algorithm",
    expected="supported",
    subject=bug.LIBRARY,
    origin="suite",
)
LIBRARY_METRICS.mutant("uniformity_t1", r"$t = 1$ instead of $t = 2$", bug.UNIFORMITY_T1)
LIBRARY_METRICS.mutant("uniformity_self_pairs", r"the mean over all $n^2$ ordered pairs, self-pairs included",
                       bug.UNIFORMITY_SELF_PAIRS)
LIBRARY_METRICS.mutant("tolerance_self_pairs", r"each row paired with itself (similarity 1) counted",
                       bug.TOLERANCE_SELF_PAIRS)
LIBRARY_METRICS.mutant("tolerance_unnormalised", r"raw inner products, rows not normalised",
                       bug.TOLERANCE_UNNORMALISED)
