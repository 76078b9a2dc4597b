"""The library conformance claims: what a user calls computes the paper's quantities, at every scale.

``npo.library_sequence_log_probs`` (:func:`~.library.sequence_log_probs`, the release's scoring),
``npo.library_npo_loss`` (:func:`~.library.npo_loss`, P1) and ``npo.library_npo_weights``
(:func:`~.library.npo_weights`, P2). Their subjects are the library functions; their mutants are the library
with a plausible bug planted (``library_variants``).
"""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import npo_loss, npo_weights, sequence_log_probs
from .paper import PAPER

LIBRARY_LOG_PROBS = Claim(
    id="npo.library_sequence_log_probs",
    paper=PAPER,
    location="library: sequence_log_probs (TOFU/data_module.py::get_batch_loss, 1207bbe)",
    statement=r"sequence_log_probs returns $\log\pi(y|x) = \sum_t \log\operatorname{softmax}(z_t)_{y_{t+1}}$ over the "
              r"positions whose label is not $-100$, for logits of any size up to the float range.",
    assumptions=(r"logits of shape (batch, length, vocabulary), labels in $[0, V)$ or $-100$",),
    kind="algorithm",
    expected="supported",
    subject=sequence_log_probs,
    origin="suite",
    notes="Checked against products of softmax probabilities at 30 digits, and for logits offset by up to 1e6 "
          "(where exponentials of the raw logits overflow) against the offset-free values.",
)
LIBRARY_LOG_PROBS.mutant("without_shift", "logits at position t scored against the label at t",
                         bug.log_probs_without_shift, targets=("matches_product_of_probabilities",))
LIBRARY_LOG_PROBS.mutant("mask_ignored", r"labels $-100$ scored as token 0", bug.log_probs_mask_ignored,
                         targets=("matches_product_of_probabilities",))
LIBRARY_LOG_PROBS.mutant("token_mean", "the mean over the answer's tokens instead of the sum", bug.log_probs_token_mean,
                         targets=("matches_product_of_probabilities",))
LIBRARY_LOG_PROBS.mutant("without_max_shift", r"$z - \log\sum e^{z}$ without subtracting the row maximum",
                         bug.log_probs_without_max_shift, targets=("offset_invariance",))

LIBRARY_LOSS = Claim(
    id="npo.library_npo_loss",
    paper=PAPER,
    location="library: npo_loss (P1)",
    statement=r"npo_loss returns $\frac{2}{\beta}\operatorname{mean}_i\log\big(1 + e^{\beta(l_i - r_i)}\big)$ to "
              r"float64 accuracy for log-probabilities from $-10^{300}$ to 0 and $\beta$ from $10^{-8}$ to $10^{3}$.",
    assumptions=(r"$l_i, r_i \le 0$ finite, $\beta > 0$",),
    kind="algorithm",
    expected="supported",
    subject=npo_loss,
    origin="suite",
    notes=r"Checked against 50-digit values of the definition; the computation is $2\max(u, 0) + \frac{2}{\beta}"
          r"\operatorname{log1p}(e^{-\beta|u|})$ with the tail taken as $\exp(-\beta|u| - \log\beta)$ where "
          r"$e^{-\beta|u|}$ alone would underflow.",
)
LIBRARY_LOSS.mutant("naive_softplus", r"$\frac{2}{\beta}\log(1 + e^{\beta u})$ as written (overflows)",
                    bug.loss_naive_softplus)
LIBRARY_LOSS.mutant("log_not_log1p", r"$\log(1 + e^{-\beta|u|})$ instead of log1p (loses the tail)",
                    bug.loss_log_not_log1p)
LIBRARY_LOSS.mutant("sum_not_mean", "a sum over the sequences instead of the mean", bug.loss_sum_not_mean)
LIBRARY_LOSS.mutant("one_over_beta", r"the factor $1/\beta$ instead of $2/\beta$", bug.loss_one_over_beta)

LIBRARY_WEIGHTS = Claim(
    id="npo.library_npo_weights",
    paper=PAPER,
    location="library: npo_weights (P2)",
    statement=r"npo_weights returns $W_i = 2\pi_\theta^\beta/(\pi_\theta^\beta + \pi_{\mathrm{ref}}^\beta)$ to float64 "
              r"accuracy, in $[0, 2]$, and exactly 1 where $\log\pi_\theta = \log\pi_{\mathrm{ref}}$, for "
              r"log-probabilities from $-10^{300}$ to 0.",
    assumptions=(r"$l_i, r_i \le 0$ finite, $\beta > 0$",),
    kind="algorithm",
    expected="supported",
    subject=npo_weights,
    origin="suite",
    notes=r"Computed as $2\sigma(\beta u)$, $u = l - r$: the naive ratio of exponentials is $0/0$ once both underflow "
          r"(a killed mutant).",
)
LIBRARY_WEIGHTS.mutant("naive_ratio", r"$2e^{\beta l}/(e^{\beta l} + e^{\beta r})$ as written ($0/0$ at "
                       r"$l = r = -10^{300}$)", bug.weights_naive_ratio)
LIBRARY_WEIGHTS.mutant("ref_in_numerator", r"$2\pi_{\mathrm{ref}}^\beta/(\pi_\theta^\beta + \pi_{\mathrm{ref}}^\beta)$",
                       bug.weights_ref_in_numerator)
LIBRARY_WEIGHTS.mutant("without_two", r"$\sigma(\beta u)$, the factor 2 lost", bug.weights_without_two)
