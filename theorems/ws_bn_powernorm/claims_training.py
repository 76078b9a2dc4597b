"""W10: the abstract's claim that WS reduces the Lipschitz constant of the loss, reproduced small: an MLP on
scikit-learn's bundled digits with and without WS (the paper's figures are not confirmed, so no number of the
paper is compared)."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER_WS

PROTOCOL = (r"scikit-learn's digits (1797 images, pixels scaled to $[0, 1]$); an MLP $64 \to 64 \to 10$: hidden "
            r"pre-activation $X\hat W^\top$ (no bias), LayerNorm over the 64 units ($\varepsilon = 10^{-5}$, no "
            r"affine), ReLU, a linear output layer, softmax cross-entropy",
            r"SGD with step 0.1 and batches of 32 from the same start ($W, V$ with entries $\mathcal{N}(0, 1/64)$, "
            r"seed 1); the default profile: 150 steps, measured every 10 on the first 400 images; the thorough "
            r"profile: "
            r"1000 steps, measured every 10 on all 1797",
            r"the unstandardised network is the same with $\hat W = W$",
            r"matched loss: for each measurement of the WS network whose loss the other network also reached, the "
            r"other network's gradient norm at that loss (interpolated in log loss between its measurements; both "
            r"series smoothed by a running median of 5)")

REPRODUCTION = Claim(
    id="ws_bn_powernorm.ws_lowers_gradient_norm",
    paper=PAPER_WS,
    location="W10: abstract (“smooth the loss landscape by reducing the Lipschitz constants of the loss and the "
             "gradients”), reproduced small",
    statement=r"At matched training loss the WS network's $\|\partial L/\partial W\|$ is below the unstandardised "
              r"network's: the median over the matched loss levels of their ratio is below 1.",
    assumptions=PROTOCOL,
    kind="empirical",
    expected="supported",
    subject=F.WS_LAYER,
    notes=r"Median ratio {{matched_loss.median_ratio}} over {{matched_loss.levels}} matched levels (largest "
          r"{{matched_loss.largest_ratio}}). Along training the WS network's $\|\partial L/\partial W_c\|$ is "
          r"{{matched_loss.projection_ratio}} of the bound $\|\partial L/\partial\hat W_c\|/\sigma_c$ on average "
          r"(W1): the projection removes the rest. Both networks end near the same loss: "
          r"{{matched_loss.final_losses}}.",
)
REPRODUCTION.mutant("without_ws", r"the hidden layer's weights used as they are ($\hat W = W$): the two "
                    "networks coincide", F.PLAIN_LAYER)
