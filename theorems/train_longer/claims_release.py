"""The claims about the authors' release (github.com/eladhoffer/bigBatch, commit 0c69f28), on the numpy port of
``theorems/train_longer/release.py``: T6 (regime adaptation and the number of updates), T7 (Ghost Batch
Normalization's accumulated gradient), T8 (the √k learning-rate multiplier of ``--lr_bb_fix``), and the reference
batch of ``main_normal.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple

from claimkit import Claim

from . import release as R
from .paper import PAPER

CIFAR = r"CIFAR-10: $N = 50000$ training examples; the small batch $b = 128$ (main_gbn.py's mini-batch default)"
LOADER = (r"a PyTorch DataLoader with drop_last=False, its default and the release's: $\lceil N/B \rceil$ batches per "
          "epoch")

# -- T6 -------------------------------------------------------------------------------------------------


def adapted_updates(dataset_size: int, small_batch: int, large_batch: int, epochs: int) -> int:
    """Updates of the large-batch run under main_gbn.py's --regime_bb_fix (E·⌈B/b⌉ epochs of ⌈N/B⌉ batches)."""
    return R.release_gbn_epochs(epochs, large_batch, small_batch, regime_bb_fix=True) * R.loader_batches(
        dataset_size, large_batch)


REGIME_EQUAL_UPDATES = Claim(
    id="train_longer.regime_adaptation_equal_updates",
    paper=PAPER,
    location="abstract ('adapting the training regime'); main_gbn.py --regime_bb_fix, 0c69f28",
    statement=r"Regime adaptation gives the large-batch run as many updates as the small-batch run: with batch "
              r"$B \in \{2048, 4096\}$ and $E\lceil B/b\rceil$ epochs the run makes $E\lceil N/b\rceil$ updates, as "
              r"$E$ epochs at batch $b$ do.",
    assumptions=(CIFAR, LOADER, r"$E$ base epochs, $E \ge 1$"),
    kind="identity",
    expected="conditional",
    subject=adapted_updates,
    refined_by="train_longer.regime_adaptation_bounded_excess",
    notes=r"Counting the last partial batch of each epoch, $B = 2048$ makes $16 \cdot 25 = 400$ updates per base "
          r"epoch and $B = 4096$ makes $32 \cdot 13 = 416$, against $\lceil 50000/128 \rceil = 391$: more, not as "
          "many, and the learning-rate drops of the regime come correspondingly later. Witness re-counted by "
          "iterating the batches of each epoch.",
)


class ExtraUpdates(NamedTuple):
    """The claimed least and greatest k⌈N/(kb)⌉ − ⌈N/b⌉ (the extra updates per base epoch), as functions of k."""

    low: Callable[[int], int]
    high: Callable[[int], int]


def _zero(k: int) -> int:
    return 0


def _k_minus_one(k: int) -> int:
    return k - 1


UPDATE_BOUNDS = Claim(
    id="train_longer.regime_adaptation_bounded_excess",
    paper=PAPER,
    location="T6 decided exactly (derived by this suite)",
    statement=r"For $B = kb$ ($k \ge 1$ an integer), each base epoch of the adapted run makes "
              r"$k\lceil N/(kb)\rceil$ updates against $\lceil N/b\rceil$: between 0 and $k - 1$ more, both bounds "
              r"attained. Equal counts need $kb \cdot \lceil N/(kb)\rceil - N < b$, that is the last large batch "
              r"short of full by less than one small batch.",
    assumptions=(LOADER, r"$N, b \ge 1$"),
    kind="inequality",
    expected="proved",
    subject=ExtraUpdates(_zero, _k_minus_one),
    origin="suite",
    notes=r"With $q = \lceil N/(kb)\rceil$ and $r = kq - N/b \in [0, k)$ the excess is $-\lceil -r\rceil = "
          r"\lfloor r\rfloor$. Checked over every $N \le 3000$, $b \le 40$, $k \le 8$ and on the CIFAR-10 sizes "
          r"by counting batches.",
)
UPDATE_BOUNDS.mutant("never_more", "the adapted run never makes more updates", ExtraUpdates(_zero, _zero))
UPDATE_BOUNDS.mutant("up_to_k", r"up to $k$ more updates per base epoch", ExtraUpdates(_zero, lambda k: k))
UPDATE_BOUNDS.mutant("up_to_k_minus_2", r"up to $k - 2$ more updates per base epoch",
                     ExtraUpdates(_zero, lambda k: k - 2))

def help_text_multipliers(batch_size: int) -> tuple[Fraction, Fraction]:
    """main_normal.py's help strings: lr = lr0·(batch_size/128)**0.5 and e = e0·(batch_size/128), as (the squared
    learning-rate multiplier, the epoch multiplier)."""
    return Fraction(batch_size, 128), Fraction(batch_size, 128)


NORMAL_REFERENCE = Claim(
    id="train_longer.release_normal_reference_batch",
    paper=PAPER,
    location="release: main_normal.py, help strings of --lr_bb_fix and --regime_bb_fix, 0c69f28",
    statement=r"main_normal.py's --lr_bb_fix multiplies the learning rate by $(B/128)^{1/2}$ (its square: $B/128$) "
              r"and its --regime_bb_fix multiplies the epochs by $B/128$, as the help strings say.",
    assumptions=(r"batch size $B$ a multiple of 256",),
    kind="identity",
    expected="refuted",
    subject=help_text_multipliers,
    notes=r"The code (lines 85–86, 163–167) uses the constant 256: the multipliers are $(B/256)^{1/2}$ and "
          r"$\lceil B/256\rceil$, $\sqrt{2}$ and 2 times smaller. run_experiments.sh's "
          r"cifar10_resnet44_bs2048_regime_adaptation therefore trains $8E$ epochs of 25 batches, 200 updates per "
          r"base epoch: about as many as batch 256 (196), about half as many as batch 128 (391).",
)

# -- T7 -------------------------------------------------------------------------------------------------

GBN = (r"main_gbn.py forward(): the batch of $n$ examples split by torch.chunk into $C$ requested chunks "
       r"(batch_size // mini_batch_size), each chunk's mean loss back-propagated, the accumulated gradient "
       r"divided by the number $C'$ of chunks returned (before clipping)")
NO_BN = r"a model without batch normalization: example $i$ contributes its own gradient $g_i$"

GHOST_MEAN = Claim(
    id="train_longer.ghost_bn_gradient_is_batch_mean",
    paper=PAPER,
    location="T7: Ghost Batch Normalization in the release, main_gbn.py forward(), 0c69f28",
    statement=r"Without batch normalization, the release's Ghost-BN gradient equals the batch's mean gradient "
              r"$\frac{1}{n}\sum_i g_i$, for every batch, the last batch of an epoch included.",
    assumptions=(GBN, NO_BN),
    kind="identity",
    expected="conditional",
    subject=R.release_ghost_gradient,
    refined_by="train_longer.ghost_bn_equal_chunks",
    notes=r"The release gives example $i$ the weight $1/(C' n_{c(i)})$, $n_c$ its chunk's size: the mean only when "
          r"all chunks have one size. Smallest witness: $n = 3$, $C = 2$: chunks of 2 and 1, weights "
          r"$\frac{1}{4}, \frac{1}{4}, \frac{1}{2}$ against $\frac{1}{3}$ each.",
)


def chunks_are_equal(batch_size: int, chunks: int) -> bool:
    """The refined claim's predicate: torch.chunk's sizes are all equal, i.e. ⌈n/C⌉ divides n."""
    size = -(-batch_size // chunks)
    return batch_size % size == 0


EQUAL_CHUNKS = Claim(
    id="train_longer.ghost_bn_equal_chunks",
    paper=PAPER,
    location="T7 decided (derived by this suite)",
    statement=r"Without batch normalization the release's Ghost-BN gradient is the batch mean for every set of "
              r"per-example gradients if and only if $\lceil n/C\rceil$ divides $n$ (all chunks of one size). Full "
              r"batches of run_experiments.sh qualify; the last batch of CIFAR-10 with $B = 4096$ and mini-batch "
              r"128 ($n = 848$, $C = 32$: 31 chunks of 27 and one of 11) does not.",
    assumptions=(GBN, NO_BN),
    kind="identity",
    expected="proved",
    subject=chunks_are_equal,
    origin="suite",
    notes=r"In that last batch the 11 examples of the short chunk weigh "
          r"{{release_configurations.short_chunk_weight_over_mean:.3f}} times the mean's $1/848$ each. MNIST "
          r"($60000 = 14 \cdot 4096 + 2656$, $2656 = 32 \cdot 83$) and CIFAR with $B = 2048$, mini-batch 256 "
          r"($848 = 8 \cdot 106$) split evenly. Divisibility of $n$ by $C$ is not the condition: $n = 9$, $C = 4$ "
          r"gives three chunks of 3, an exact mean.",
)
EQUAL_CHUNKS.mutant("divisible_by_chunk_count", r"the mean exactly when $C$ divides $n$",
                    lambda batch_size, chunks: batch_size % chunks == 0)
EQUAL_CHUNKS.mutant("always", "the mean for every batch (the statement as worded)", lambda batch_size, chunks: True)

GHOST_PORT = Claim(
    id="train_longer.release_ghost_port",
    paper=PAPER,
    location="main_gbn.py forward() and torch.chunk, ported (this suite's conformance check)",
    statement=r"The numpy port returns the gradient of the release's objective "
              r"$\frac{1}{C'}\sum_c \frac{1}{n_c}\sum_{i \in c}\ell_i$ with the chunks torch.chunk makes.",
    assumptions=(GBN, NO_BN),
    kind="algorithm",
    expected="supported",
    subject=R.release_ghost_gradient,
    origin="suite",
    notes="Ground truth: complex-step derivatives of that objective on a linear least-squares model, the chunks "
          "cut at multiples of the ceiling size; and the chunk sizes of the PyTorch documentation's examples of "
          "torch.chunk.",
)
GHOST_PORT.mutant("weighted_by_chunk_size", "chunks weighted by their sizes (the batch mean)",
                  R.ghost_weighted_by_chunk_size)
GHOST_PORT.mutant("divided_by_requested", "divided by the number of chunks requested, not returned",
                  R.ghost_divided_by_requested_chunks)
GHOST_PORT.mutant("array_split", "numpy's array_split in place of torch.chunk", R.ghost_array_split)

# -- T8 -------------------------------------------------------------------------------------------------

SQRT_MULTIPLIER = Claim(
    id="train_longer.release_lr_sqrt_multiplier",
    paper=PAPER,
    location=r"T8: main_gbn.py --lr_bb_fix (the $\sqrt{k}$ rule in the release), 0c69f28",
    statement=r"With batch 4096 and mini-batch 128, main_gbn.py multiplies every regime learning rate by "
              r"$\sqrt{32} = 4\sqrt{2}$, the entries after epoch 0 included; with --regime_bb_fix each entry also "
              r"moves from epoch $e$ to $32e$. So the learning rate in force at every epoch is $\sqrt{32}$ times the "
              r"regime's at the corresponding base epoch.",
    assumptions=(r"a regime $\{e: \{\mathrm{lr}: \eta_e, \ldots\}\}$ applied with utils.adjust_optimizer's sticky "
                 "settings",
                 "the regime sets a learning rate at epoch 0, as every model's regime in the release does"),
    kind="algorithm",
    expected="supported",
    subject=R.release_gbn_regime,
    notes=r"Every entry that has a learning rate is multiplied (the loop runs over all of them); an entry without "
          r"one keeps the multiplied rate in force. A regime without a learning rate at epoch 0 (none in the "
          r"release) would start at the unscaled --lr, with which "
          r"the optimizer is built, until its first entry. The multiplier uses mini_batch_size; main_normal.py's uses "
          r"256 (train_longer.release_normal_reference_batch), $\sqrt{16} = 4$ for the same batch.",
)
SQRT_MULTIPLIER.mutant("first_entry_only", "only the epoch-0 entry multiplied", R.gbn_regime_first_entry_only)
SQRT_MULTIPLIER.mutant("linear", r"the multiplier $32$ (linear)", R.gbn_regime_linear)
SQRT_MULTIPLIER.mutant("reference_256", r"main_normal.py's reference 256: $\sqrt{16}$",
                       R.gbn_regime_normal_reference)
SQRT_MULTIPLIER.mutant("epochs_not_moved", "--regime_bb_fix leaves the entries' epochs in place",
                       R.gbn_regime_epochs_not_moved)
