"""A numpy port of what the authors' release does (github.com/eladhoffer/bigBatch, commit 0c69f28), written from
reading it, and plausible wrong readings of it (the mutants of the release claims).

* ``main_gbn.py`` ``main()``: with ``--regime_bb_fix`` the epoch count is multiplied by
  ``ceil(batch_size / mini_batch_size)``; for every entry ``e: v`` of the regime, ``--lr_bb_fix`` (on by default)
  multiplies ``v['lr']`` by ``(batch_size / mini_batch_size) ** 0.5`` and ``--regime_bb_fix`` moves the entry to
  epoch ``e * ceil(batch_size / mini_batch_size)``; ``mini_batch_size`` defaults to 128.
* ``main_normal.py`` ``main()``: the same two loops with the constant ``256.`` in place of ``mini_batch_size``
  (lines 85–86 and 163–167), although the help strings of both flags say 128.
* ``utils.py`` ``adjust_optimizer``: at each epoch every regime entry with key ≤ epoch is applied in key order
  ("sticky" settings), so the learning rate in force is that of the last entry with an ``lr`` key at or before
  the epoch.
* ``main_gbn.py`` ``forward()`` (training): the batch is split by ``input_var.chunk(batch_size //
  mini_batch_size)``, each chunk's mean cross-entropy is back-propagated (gradients accumulate), every gradient
  is divided by ``len(mini_inputs)`` (the number of chunks returned), then clipped to norm 5 and a step taken.
* ``torch.chunk(n, chunks)`` (PyTorch documentation): chunks of ⌈n/chunks⌉, the last smaller, possibly fewer
  than ``chunks`` of them.
* PyTorch's ``DataLoader`` (``drop_last=False``, its default, as in the release): ⌈N/b⌉ batches per epoch.

The release ran under a Python whose ``/`` on two ints is the question of its version (``target.cuda(async=True)``
predates Python 3.7; ``print(...)`` is valid in both): the port uses true division, and for every configuration
of ``run_experiments.sh`` the batch size is a multiple of the reference batch, where the two readings agree.
A regime is a dict ``{epoch: {"lr": …, …}}``; the port copies it (the release scales the model's dict in place).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

Regime = dict[int, dict[str, Any]]

#: The reference batch hard-coded in main_normal.py (its help strings say 128).
MAIN_NORMAL_REFERENCE = 256
#: main_gbn.py's ``--mini-batch-size`` default.
MAIN_GBN_MINI_BATCH = 128


def _adapt(regime: Regime, multiplier: float, shift: int | None) -> Regime:
    out: Regime = {}
    for epoch, setting in regime.items():
        v = dict(setting)
        if "lr" in v:
            v["lr"] = v["lr"] * multiplier
        out[epoch * shift if shift is not None else epoch] = v
    return out


def release_gbn_regime(regime: Regime, batch_size: int, mini_batch_size: int = MAIN_GBN_MINI_BATCH, *,
                       lr_bb_fix: bool = True, regime_bb_fix: bool = False) -> Regime:
    """main_gbn.py's adapted regime."""
    mult = (batch_size / mini_batch_size) ** 0.5 if lr_bb_fix else 1.0
    shift = math.ceil(batch_size / mini_batch_size) if regime_bb_fix else None
    return _adapt(regime, mult, shift)


def release_gbn_epochs(epochs: int, batch_size: int, mini_batch_size: int = MAIN_GBN_MINI_BATCH, *,
                       regime_bb_fix: bool = False) -> int:
    """main_gbn.py's epoch count."""
    return epochs * math.ceil(batch_size / mini_batch_size) if regime_bb_fix else epochs


def release_normal_regime(regime: Regime, batch_size: int, *, lr_bb_fix: bool = True,
                          regime_bb_fix: bool = False) -> Regime:
    """main_normal.py's adapted regime (reference batch 256)."""
    mult = (batch_size / 256.0) ** 0.5 if lr_bb_fix else 1.0
    shift = math.ceil(batch_size / 256.0) if regime_bb_fix else None
    return _adapt(regime, mult, shift)


def release_normal_epochs(epochs: int, batch_size: int, *, regime_bb_fix: bool = False) -> int:
    """main_normal.py's epoch count."""
    return epochs * math.ceil(batch_size / 256.0) if regime_bb_fix else epochs


def release_lr_at(regime: Regime, epoch: int, initial_lr: float) -> float:
    """The learning rate in force during ``epoch`` (utils.adjust_optimizer's sticky settings: every entry with key
    ≤ epoch applied in key order); ``initial_lr`` before any entry sets one (the optimizer is built with
    ``args.lr``)."""
    lr = initial_lr
    for e in sorted(k for k in regime if k <= epoch):
        if "lr" in regime[e]:
            lr = regime[e]["lr"]
    return lr


def loader_batches(dataset_size: int, batch_size: int) -> int:
    """Batches per epoch of a DataLoader with drop_last=False."""
    return math.ceil(dataset_size / batch_size)


def torch_chunk_sizes(n: int, chunks: int) -> list[int]:
    """The sizes torch.chunk returns for n rows split into ``chunks``."""
    size = math.ceil(n / chunks)
    return [min(size, n - start) for start in range(0, n, size)]


def _chunked_mean(per_example_grads: np.ndarray, sizes: list[int]) -> np.ndarray:
    """(1/len(sizes)) Σ_c mean of the chunk's rows: the release's accumulation."""
    g = np.asarray(per_example_grads)
    total = np.zeros(g.shape[1:], dtype=g.dtype)
    start = 0
    for s in sizes:
        total = total + g[start:start + s].sum(axis=0) / s
        start += s
    return total / len(sizes)


def release_ghost_gradient(per_example_grads: Any, chunks: int) -> np.ndarray:
    """main_gbn.py's accumulated gradient before clipping, for a model without BN: per-example gradients g_i of
    the batch (rows), split by torch.chunk(chunks); each chunk's mean-loss gradient is its rows' mean; the sum
    over chunks is divided by the number of chunks returned. Works on float, complex and Fraction (object)
    arrays."""
    g = np.asarray(per_example_grads)
    return _chunked_mean(g, torch_chunk_sizes(g.shape[0], chunks))



# -- mutants ---------------------------------------------------------------------------------------------


def ghost_weighted_by_chunk_size(per_example_grads: Any, chunks: int) -> np.ndarray:
    """Mutant (of the port): chunks weighted by their size (the batch mean), as the release does not."""
    g = np.asarray(per_example_grads)
    return g.sum(axis=0) / g.shape[0]


def ghost_divided_by_requested_chunks(per_example_grads: Any, chunks: int) -> np.ndarray:
    """Mutant: the sum over chunks divided by the number of chunks asked for, not the number returned."""
    g = np.asarray(per_example_grads)
    sizes = torch_chunk_sizes(g.shape[0], chunks)
    return _chunked_mean(g, sizes) * len(sizes) / chunks


def ghost_array_split(per_example_grads: Any, chunks: int) -> np.ndarray:
    """Mutant: numpy's array_split chunking (sizes differing by at most one) in place of torch.chunk's."""
    g = np.asarray(per_example_grads)
    sizes = [len(part) for part in np.array_split(np.arange(g.shape[0]), min(chunks, g.shape[0]))]
    return _chunked_mean(g, sizes)


def gbn_regime_first_entry_only(regime: Regime, batch_size: int, mini_batch_size: int = MAIN_GBN_MINI_BATCH, *,
                                lr_bb_fix: bool = True, regime_bb_fix: bool = False) -> Regime:
    """Mutant: only the epoch-0 entry's learning rate multiplied."""
    out = release_gbn_regime(regime, batch_size, mini_batch_size, lr_bb_fix=lr_bb_fix, regime_bb_fix=regime_bb_fix)
    first = min(regime)
    for epoch, setting in regime.items():
        key = epoch * math.ceil(batch_size / mini_batch_size) if regime_bb_fix else epoch
        if epoch != first and "lr" in setting:
            out[key]["lr"] = setting["lr"]
    return out


def gbn_regime_linear(regime: Regime, batch_size: int, mini_batch_size: int = MAIN_GBN_MINI_BATCH, *,
                      lr_bb_fix: bool = True, regime_bb_fix: bool = False) -> Regime:
    """Mutant: the multiplier batch_size/mini_batch_size (a linear rule)."""
    shift = math.ceil(batch_size / mini_batch_size) if regime_bb_fix else None
    return _adapt(regime, batch_size / mini_batch_size if lr_bb_fix else 1.0, shift)


def gbn_regime_normal_reference(regime: Regime, batch_size: int, mini_batch_size: int = MAIN_GBN_MINI_BATCH, *,
                                lr_bb_fix: bool = True, regime_bb_fix: bool = False) -> Regime:
    """Mutant: main_normal.py's reference batch 256 in place of mini_batch_size."""
    return release_normal_regime(regime, batch_size, lr_bb_fix=lr_bb_fix, regime_bb_fix=regime_bb_fix)


def gbn_regime_epochs_not_moved(regime: Regime, batch_size: int, mini_batch_size: int = MAIN_GBN_MINI_BATCH, *,
                                lr_bb_fix: bool = True, regime_bb_fix: bool = False) -> Regime:
    """Mutant: --regime_bb_fix lengthens the run but leaves the regime's epochs where they were."""
    return release_gbn_regime(regime, batch_size, mini_batch_size, lr_bb_fix=lr_bb_fix, regime_bb_fix=False)
