"""Z10: the top-k comparison of the Z-loss and cross-entropy, reproduced on scikit-learn's digits.

The paper reports, on word language modelling, that the Z-loss beats the log-softmax on some ranking scores
(top-k); the suite does not assert that result (its data and models are not here) but asks whether any ordering
of the two losses in top-1 and top-3 error is stable across seeds on a small bundled dataset.
"""

from __future__ import annotations

from claimkit import Claim

from .formulas import Ordering
from .paper import PAPER

PROTOCOL = (r"scikit-learn's digits (1797 images of $8 \times 8$ pixels, 10 classes): seeds 0–4 each split them into "
            r"1077 training, 360 validation and 360 test images; a linear model on the pixels (scaled to $[0, 1]$) "
            r"and a bias, full-batch gradient descent (float32) from the same $0.1\,\mathcal{N}(0, 1)$ start",
            r"the default profile: 60 steps, cross-entropy at step 3, the Z-loss at step 0.3 with "
            r"$(a, b) \in \{(1, 1), (2, 2)\}$; the thorough profile: 300 steps, cross-entropy at steps 1, 3, 10, the "
            r"Z-loss at steps 0.1, 0.3, 1 with $(a, b) \in \{(0.5, 0), (1, 1), (2, 2), (4, 2.5), (1, 3)\}$; for each "
            r"loss the configuration with the lowest validation top-$k$ error is kept",
            r"a top-$k$ error: $k$ or more classes score strictly above the target")
LM_RESULT = (r"The paper's own result (word language modelling, One Billion Word and Penn Tree Bank: the Z-loss "
             r"outperforms the log-softmax on some top-$k$ scores) is reported here, not asserted.")

DIGITS_TOP1 = Claim(
    id="zloss.digits_top1_ordering",
    paper=PAPER,
    location="Z10: abstract (top-k scores), reproduced on a bundled dataset",
    statement=r"Cross-entropy's test top-1 error is strictly below the Z-loss's on each of the 5 seeds.",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="supported",
    subject=Ordering(k=1, lower="cross_entropy", strict=True),
    origin="suite",
    notes=r"Test top-1 errors (of 360) per seed: cross-entropy {{top1_per_seed.cross_entropy_errors}}, the Z-loss "
          r"{{top1_per_seed.z_loss_errors}}. " + LM_RESULT,
)
DIGITS_TOP1.mutant("z_loss_lower", "the opposite ordering: the Z-loss's top-1 error at most cross-entropy's",
                   Ordering(k=1, lower="z_loss", strict=False))

DIGITS_TOP3 = Claim(
    id="zloss.digits_top3_ordering",
    paper=PAPER,
    location="Z10: abstract (top-k scores), reproduced on a bundled dataset",
    statement=r"The Z-loss's test top-3 error is at most cross-entropy's on each of the 5 seeds (the direction of the "
              r"paper's language-model result).",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="refuted",
    subject=Ordering(k=3, lower="z_loss", strict=False),
    origin="suite",
    notes=r"Test top-3 errors (of 360) per seed: cross-entropy {{top3_per_seed.cross_entropy_errors}}, the Z-loss "
          r"{{top3_per_seed.z_loss_errors}}; the Z-loss is lower on {{top3_per_seed.seeds_where_z_loss_is_lower}} "
          r"seeds, cross-entropy on {{top3_per_seed.seeds_where_cross_entropy_is_lower}}, with "
          r"{{top3_per_seed.ties}} ties. " + LM_RESULT,
)
