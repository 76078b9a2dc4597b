"""The library conformance claim: the functions of ``library`` against 30-digit values at every scale.

Mutants are plausible implementation bugs (``library_variants``)."""

from __future__ import annotations

from claimkit import Claim

from . import library as L
from . import library_variants as V
from .paper import PAPER

LIBRARY = {"mixture_dae_minimiser": L.mixture_dae_minimiser, "empirical_dae_minimiser": L.empirical_dae_minimiser,
           "mixture_score": L.mixture_score, "score_from_reconstruction": L.score_from_reconstruction}

LIBRARY_CONFORMANCE = Claim(
    id="dae_score.library_scale_free",
    paper=PAPER, location="library (added by the suite)",
    statement=r"The library's minimisers, mixture score and score estimate equal their 30-digit values, and are "
              r"scale-equivariant: with data, $\sigma$ and $x$ multiplied by $c \in \{10^{-160}, 1, 10^{160}\}$, the "
              r"minimisers scale by $c$ and the scores by $1/c$.",
    assumptions=(r"float64 inputs; $\sigma > 0$; mixture weights positive",),
    kind="algorithm", expected="supported", subject=LIBRARY, origin="suite",
    notes=r"The kernels work in units of $\sigma$ (or $\sqrt{s^2 + \sigma^2}$), weights are normalised in the log "
          r"domain and $\sigma^2$ is never formed.",
)
LIBRARY_CONFORMANCE.mutant("sigma_squared_formed", r"score estimate $(r - x)/\sigma^2$ with $\sigma^2$ formed "
                           r"(overflows or underflows at extreme scales)", {**LIBRARY, "score_from_reconstruction":
                                                                             V.score_sigma_squared})
LIBRARY_CONFORMANCE.mutant("no_log_domain", r"Nadaraya–Watson weights $e^{-u^2/2}$ without the max shift (0/0 far "
                           r"from the data)", {**LIBRARY, "empirical_dae_minimiser": V.empirical_without_shift})
LIBRARY_CONFORMANCE.mutant("variance_sum", r"component width $s^2 + \sigma^2$ formed (overflows at $10^{160}$)",
                           {**LIBRARY, "mixture_dae_minimiser": V.minimiser_variance_formed})
