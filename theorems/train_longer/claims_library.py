"""The library's conformance claims: each public function of ``library`` against ground truth computed another
way, at every scale its docstring promises."""

from __future__ import annotations

from claimkit import Claim

from . import library as L
from . import library_variants as bug
from .paper import PAPER

LIBRARY_COVARIANCE = Claim(
    id="train_longer.library_gradient_covariance",
    paper=PAPER,
    location="library: minibatch_gradient_covariance (T1)",
    statement=r"minibatch_gradient_covariance returns $\operatorname{Cov}(\hat g)$ of the batch mean gradient to "
              r"float64 accuracy, without replacement and with it, for gradients of any scale from $10^{-150}$ to "
              r"$10^{150}$ and with a large common mean.",
    assumptions=(r"per-example gradients $g_n \in \mathbb{R}^d$ finite, $1 \le M \le N$ without replacement",),
    kind="algorithm",
    expected="supported",
    subject=L.minibatch_gradient_covariance,
    origin="suite",
    notes="Ground truth: the covariance of the batch mean over every batch (every M-subset without replacement, "
          "every ordered M-tuple of draws with it), enumerated in exact rationals.",
)
LIBRARY_COVARIANCE.mutant("naive_second_moment", r"$\sum g g^\top - N\bar g\bar g^\top$ from raw second moments",
                          bug.covariance_naive_squares, targets=("matches_enumeration",))
LIBRARY_COVARIANCE.mutant("always_with_replacement", "the with-replacement covariance whatever the flag says",
                          bug.covariance_with_replacement_always)
LIBRARY_COVARIANCE.mutant("population_normalised", r"$\frac{1}{N}$ in place of $\frac{1}{N - 1}$",
                          bug.covariance_population_normalised)

LIBRARY_LR = Claim(
    id="train_longer.library_learning_rates",
    paper=PAPER,
    location="library: covariance_matching_lr and sqrt_scaled_lr (T2)",
    statement=r"covariance_matching_lr gives the $\eta'$ at batch $M'$ with $\eta'^2(1/M' - 1/N) = "
              r"\eta^2(1/M - 1/N)$, so that $\operatorname{Cov}(\Delta w)$ is unchanged, and sqrt_scaled_lr gives "
              r"the release's $\eta\,(M/M_0)^{1/2}$, both to float64 accuracy.",
    assumptions=(r"$1 \le M, M' < N$, $\eta > 0$",),
    kind="algorithm",
    expected="supported",
    subject=(L.covariance_matching_lr, L.sqrt_scaled_lr),
    origin="suite",
    notes=r"Ground truth: the exact covariances of both batch sizes (every batch enumerated in rationals for "
          r"$N \le 10$; the hypergeometric distribution for $N$ up to 400); and the release's multiplier "
          r"(main_gbn.py's loop, ported).",
)
LIBRARY_LR.mutant("sqrt_rule_for_matching", r"the square-root rule offered as the exact matching rate",
                  (bug.matching_lr_sqrt_rule, L.sqrt_scaled_lr), targets=("matching_keeps_covariance",))
LIBRARY_LR.mutant("matching_inverted", "the ratio under the square root inverted",
                  (bug.matching_lr_inverted, L.sqrt_scaled_lr), targets=("matching_at_larger_n",))
LIBRARY_LR.mutant("sqrt_rule_linear", r"sqrt_scaled_lr returning $\eta M/M_0$",
                  (L.covariance_matching_lr, bug.sqrt_lr_linear), targets=("sqrt_rule_matches_the_release",))

LIBRARY_UPDATES = Claim(
    id="train_longer.library_update_counts",
    paper=PAPER,
    location="library: updates_per_run and matched_epochs (T6)",
    statement=r"updates_per_run returns the number of batches a DataLoader forms over $E$ epochs "
              r"($E\lceil N/b\rceil$; $E\lfloor N/b\rfloor$ with drop_last), exactly for any $N$ (beyond $2^{53}$ "
              r"included); matched_epochs returns the fewest epochs at batch $B$ whose updates reach those of $E$ "
              r"epochs at batch $b$.",
    assumptions=(r"$N, b, B \ge 1$, $E \ge 0$",),
    kind="algorithm",
    expected="supported",
    subject=(L.updates_per_run, L.matched_epochs),
    origin="suite",
    notes="Ground truth: batches counted by walking an epoch's indices in steps of the batch size; the fewest "
          "epochs by searching upwards from 0.",
)
LIBRARY_UPDATES.mutant("partial_batch_dropped", "the last partial batch never counted",
                       (bug.updates_floor, L.matched_epochs), targets=("counts_batches",))
LIBRARY_UPDATES.mutant("float_division", r"$\lceil N/b\rceil$ through float division",
                       (bug.updates_float_ceil, L.matched_epochs), targets=("beyond_float_precision",))
LIBRARY_UPDATES.mutant("release_multiplier", r"the release's $E\lceil B/b\rceil$ epochs",
                       (L.updates_per_run, bug.matched_epochs_release), targets=("matched_epochs_is_the_fewest",))
LIBRARY_UPDATES.mutant("ratio_of_batches", r"$\lceil EB/b\rceil$ epochs", (L.updates_per_run, bug.matched_epochs_ratio),
                       targets=("matched_epochs_is_the_fewest",))

LIBRARY_GHOST = Claim(
    id="train_longer.library_ghost_batches",
    paper=PAPER,
    location="library: ghost_batch_sizes and ghost_batch_gradient (T7)",
    statement=r"ghost_batch_sizes returns the sizes torch.chunk makes, and ghost_batch_gradient returns the batch's "
              r"mean gradient $\frac{1}{n}\sum_i g_i$ from the chunks' mean gradients and sizes, to float64 accuracy "
              r"for gradients from $10^{-300}$ to the edge of the float range.",
    assumptions=(r"$n \ge 1$ examples, $C \ge 1$ chunks",),
    kind="algorithm",
    expected="supported",
    subject=(L.ghost_batch_sizes, L.ghost_batch_gradient),
    origin="suite",
    notes="Ground truth: the chunk sizes of the PyTorch documentation's examples of torch.chunk; the batch mean "
          "of integer per-example gradients in exact rationals.",
)
LIBRARY_GHOST.mutant("array_split_sizes", "numpy's array_split sizes", (bug.chunk_sizes_array_split,
                                                                        L.ghost_batch_gradient),
                     targets=("documented_sizes",))
LIBRARY_GHOST.mutant("always_requested_count", "always the requested number of chunks",
                     (bug.chunk_sizes_always_requested, L.ghost_batch_gradient), targets=("documented_sizes",))
LIBRARY_GHOST.mutant("equal_weights", r"the release's equal weights $1/C$",
                     (L.ghost_batch_sizes, bug.ghost_gradient_equal_weights), targets=("gradient_is_the_batch_mean",))
LIBRARY_GHOST.mutant("unscaled_sum", "the weighted sum computed as written (overflows)",
                     (L.ghost_batch_sizes, bug.ghost_gradient_unscaled_sum), targets=("near_the_float_range",))
