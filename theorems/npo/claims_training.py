"""The claims about training dynamics on models with a forget set: P6 (norm growth under GA and NPO) and P7
(the reproduction of the released synthetic experiment, as the specification states it and over a longer run).
"""

from __future__ import annotations

from typing import NamedTuple

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

SYNTHETIC = (r"the released synthetic setting (synthetic/unlearn.py, 1207bbe): $K = 2$ classes, inputs in "
             r"$\mathbb{R}^{16}$, $N = 128$ fixed ReLU random features, $n_r = 1000$ retain and $n_f = 200$ forget "
             r"samples (two Gaussian classes, the forget set a cluster shifted by $+1$), the reference fitted on both; "
             r"plain gradient steps of size $5\times 10^{-4}$ for GA and for NPO with $\beta = 1$")

# -- P6 -----------------------------------------------------------------------------------------------

NORM_GROWTH = Claim(
    id="npo.norm_growth",
    paper=PAPER,
    location="P6: softmax linear and random-feature models (reconstructed)",
    statement=r"For softmax (multiclass) linear and random-feature models with a forget set, $\lVert\theta_t - "
              r"\theta_0\rVert$ grows linearly in $t$ under GA and logarithmically under NPO.",
    assumptions=(r"gradient descent on the forget set from the reference $\theta_0$; GA minimises "
                 r"$\mathbb{E}\log\pi_\theta$, NPO minimises $L_{\mathrm{NPO},\beta}$",),
    kind="empirical",
    expected="supported",
    subject=F.UPDATE_WEIGHTS,
    notes="Reconstructed wording. Measured by the growth of the norm over successive decades of t: linear growth "
          "multiplies the increase per decade by 10, logarithmic growth keeps it constant (and fits on t and on "
          r"$\log t$ are reported). Linear softmax regression ($d = 5$, $K = 3$, 20 forget points, step 4) and the "
          r"released random-feature model (step $8\times 10^{-2}$, 1000 steps, $\eta t = 80$). The statement is "
          r"asymptotic: "
          "the runs test the regime they reach, not every later time: on the random-feature model the logarithmic "
          "regime seen up to 80 is left later (npo.norm_growth_random_features_long).",
)
_LINEAR = ("linear_softmax_decades",)
NORM_GROWTH.mutant("ga_descends_nll", "GA implemented as descent on the forget NLL (the sign flipped)",
                   F.GA_DESCENDS_NLL, targets=_LINEAR)
NORM_GROWTH.mutant("npo_ref_in_numerator", r"NPO weight $2\pi_{\mathrm{ref}}^\beta/(\pi_\theta^\beta + "
                   r"\pi_{\mathrm{ref}}^\beta)$ (tends to 2, not 0)", F.NPO_REF_IN_NUMERATOR,
                   targets=("random_feature_decades",))
NORM_GROWTH.mutant("npo_as_ga", "NPO with the weight 1 (GA)", F.NPO_AS_GA, targets=_LINEAR)

class Burst(NamedTuple):
    """Flow times t₁ < t₂ < t₃ and the least factor by which the increase of ‖a − a_ref‖ over [t₂, t₃] exceeds
    the increase over [t₁, t₂]."""

    times: tuple[float, float, float]
    factor: float


NORM_BURST = Claim(
    id="npo.norm_growth_random_features_long",
    paper=PAPER,
    location="P6 on the released random-feature model over a long horizon (this suite's finding)",
    statement=r"On the released random-feature model (seed 1000, $\beta = 1$), NPO's gradient flow does not grow "
              r"logarithmically over $\eta t \in [60, 6000]$: $\lVert a - a_{\mathrm{ref}}\rVert$ increases over "
              r"$[600, 6000]$ by more than 5 times its increase over $[60, 600]$, as forget samples that stayed more "
              r"likely than not under their label flip.",
    assumptions=(SYNTHETIC, r"the gradient flow $a' = -\nabla L_{\mathrm{NPO}}(a)$ (the limit of small steps; "
                 r"$\eta t$ is its time)"),
    kind="empirical",
    expected="supported",
    subject=Burst((60.0, 600.0, 6000.0), 5.0),
    origin="suite",
    notes=r"Increase over $[60, 600]$: {{burst_after_a_plateau.increase_first_decade:.3g}}; over $[600, 6000]$: "
          r"{{burst_after_a_plateau.increase_second_decade:.3g}}; forget samples still more likely than not: "
          r"{{burst_after_a_plateau.unflipped_at_600}} at $\eta t = 600$, {{burst_after_a_plateau.unflipped_at_6000}} "
          r"at 6000. NPO keeps the weight $W \approx 1$ on samples whose probability has not fallen: they drive "
          "GA-like growth until they flip, so the logarithmic regime of npo.norm_growth is asymptotic and can start "
          "late.",
)
NORM_BURST.mutant("burst_of_a_hundred", "an increase more than 100 times larger", Burst((60.0, 600.0, 6000.0), 100.0))

# -- P7 -----------------------------------------------------------------------------------------------


class Reproduction(NamedTuple):
    """The horizon over which the shapes are judged, in steps, and the window of the increments."""

    steps: int
    window: int


REPRODUCTION = Claim(
    id="npo.synthetic_reproduction",
    paper=PAPER,
    location="P7: the synthetic experiment (figure values not confirmed), synthetic/unlearn.py at 1207bbe",
    statement=r"On the released synthetic configuration, over 2000 steps the forget-set NLL grows linearly in the "
              r"steps under GA and sub-linearly under NPO.",
    assumptions=(SYNTHETIC, r"linear: the last two 250-step increments of GA's NLL agree within 5%; sub-linear: NPO's "
                 r"last 250-step increment is below its largest earlier one (its growth rate has peaked)"),
    kind="empirical",
    expected="conditional",
    subject=Reproduction(2000, 250),
    refined_by="npo.synthetic_longer_run",
    notes=r"Both runs start at the minimiser of the fine-tuning loss, where the forget-set gradient is small: the "
          r"NLL first stays flat, then escapes. GA's growth is exactly linear once escaped; NPO's growth rate rises "
          r"through the escape and falls only afterwards. At 2000 steps (for seed 1000) NPO's latest increment is "
          r"still its largest: the growth is not yet sub-linear, though NPO's NLL is a fraction "
          r"({{shapes_over_the_horizon.npo_over_ga_at_horizon:.2g}}) of GA's. Over 4000 steps the statement holds "
          "(npo.synthetic_longer_run). The data are draws of the released distribution from numpy's generator "
          "(seed 1000), not the release's torch draws; the paper's figure values are not confirmed.",
)

REPRODUCTION_LONG = Claim(
    id="npo.synthetic_longer_run",
    paper=PAPER,
    location="P7 over a longer run (this suite's refinement)",
    statement=r"On the released synthetic configuration, over 4000 steps the forget-set NLL grows linearly under GA "
              r"(after an escape from the fine-tuned minimum) and sub-linearly under NPO, whose NLL stays below GA's "
              r"at every step.",
    assumptions=(SYNTHETIC, r"the criteria of npo.synthetic_reproduction over 4000 steps; NPO's last increment below "
                 "half its largest"),
    kind="empirical",
    expected="supported",
    subject=Reproduction(4000, 250),
    origin="suite",
    notes="Seed 1000 in the default profile, seeds 1000–5000 (the release's list) in the thorough profile. NPO's "
          "growth rate peaks between 1000 and 2500 steps depending on the seed; the released 2000 steps end near "
          "that peak.",
)
REPRODUCTION_LONG.mutant("released_horizon_shortened", "the same shapes already over 1500 steps",
                         Reproduction(1500, 250))
