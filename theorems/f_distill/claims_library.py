"""The library (theorems/f_distill/library.py) as the subject of claims: its weighting is f″(r) r², its gradient is
∇_θ D_f, its normalisation is scale-free, and every function rejects bad inputs."""

from __future__ import annotations

from claimkit import Claim

from . import library as L
from . import library_variants as V
from .claims_weights import H_DEF, SETUP
from .paper import PAPER

LIB_WEIGHT = Claim(
    id="f_distill.library_weighting",
    paper=PAPER,
    location="library (F3)",
    statement=r"f_weighting(r, name) returns $f''(r)\,r^2$ of the named divergence for every $r > 0$, for scalars and "
              r"arrays.",
    assumptions=(SETUP, H_DEF),
    kind="identity",
    expected="supported",
    subject=L.f_weighting,
    origin="suite",
)
LIB_WEIGHT.mutant("released_constants", r"the released table's constants ($\sqrt r$ for squared Hellinger, $1/r$ "
                  r"for Neyman $\chi^2$)", V.weighting_released_constants)
LIB_WEIGHT.mutant("missing_r_squared", r"$h = f''(r)$", V.weighting_missing_r2)

LIB_GRADIENT = Claim(
    id="f_distill.library_gradient",
    paper=PAPER,
    location="library (F1)",
    statement=r"f_distill_gradient, averaged over the student's distribution, is $\nabla_\theta D_f(p\|q_\theta)$: "
              r"for 1-D Gaussians for every divergence, and for 2-D Gaussians (the student's mean as $\theta$) it "
              r"matches the closed-form gradients of $D_{KL}(q\|p)$ and $D_{KL}(p\|q)$.",
    assumptions=(SETUP, H_DEF),
    kind="identity",
    expected="supported",
    subject=L.f_distill_gradient,
    origin="suite",
)
LIB_GRADIENT.mutant("sign_flipped", r"the overall sign flipped", V.gradient_sign_flipped)
LIB_GRADIENT.mutant("unweighted", r"$h \equiv 1$ whatever the divergence", V.gradient_unweighted)

LIB_NORMALISE = Claim(
    id="f_distill.library_normalise",
    paper=PAPER,
    location="library (F7, F8)",
    statement=r"normalise_weights(w) has mean 1 and is unchanged when $w$ is multiplied by any $c > 0$, including "
              r"weights near the float64 overflow and underflow thresholds.",
    assumptions=(r"$w_i > 0$ finite",),
    kind="identity",
    expected="supported",
    subject=L.normalise_weights,
    origin="suite",
)
LIB_NORMALISE.mutant("by_sum", r"the weights divided by their sum", V.normalise_by_sum)
LIB_NORMALISE.mutant("no_rescaling", r"the mean taken without scaling first (overflows for huge weights)",
                     V.normalise_no_validation)

LIB_VALIDATES = Claim(
    id="f_distill.library_validates",
    paper=PAPER,
    location="library",
    statement=r"Every public function of the library raises a ValueError or TypeError naming the argument for NaN, "
              r"infinite, empty, wrongly shaped, boolean or out-of-range input.",
    kind="definition",
    expected="supported",
    subject=(L.f_weighting, L.ratio_from_logits, L.normalise_weights, L.f_distill_gradient),
    origin="suite",
)
LIB_VALIDATES.mutant("normalise_unchecked", r"normalise_weights without input checks",
                     (L.f_weighting, L.ratio_from_logits, V.normalise_no_validation, L.f_distill_gradient))
