"""Checks of T6 (regime adaptation and the number of updates), T8 (the √k multiplier of --lr_bb_fix) and the
reference batch of main_normal.py, on the port of the release.

Ground truth for update counts: the batches of each epoch counted by walking its indices in steps of the batch
size (a DataLoader with drop_last=False), never the ceiling formula. Ground truth for learning rates: the regimes
of the release's models (models/*.py at 0c69f28) and drawn ones, looked up epoch by epoch.
"""

from __future__ import annotations

import bisect
import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.train_longer import claims_release as C
from ...theorems.train_longer import release as R

CIFAR_N, SMALL = 50_000, 128


def counted_updates(dataset_size: int, batch_size: int, epochs: int) -> int:
    """Batches over ``epochs`` epochs, counted one by one."""
    return sum(1 for _ in range(epochs) for _start in range(0, dataset_size, batch_size))


# -- T6 -------------------------------------------------------------------------------------------------


@C.REGIME_EQUAL_UPDATES.check(
    given={"large_batch": st.sampled_from([2048, 4096]), "epochs": st.integers(1, 3)}, examples=6,
    precision="exact integers (batches counted)", tolerance="none: exact equality", confirm="exact",
    regressions=[{"large_batch": 2048, "epochs": 1}])
def counted_batches(subject, ev, large_batch, epochs):
    """The adapted large-batch run's updates (the port, checked against counting its batches) equal the updates
    of the batch-128 run, counted batch by batch."""
    adapted = subject(CIFAR_N, SMALL, large_batch, epochs)
    k = math.ceil(large_batch / SMALL)
    ev.close(adapted, counted_updates(CIFAR_N, large_batch, epochs * k), what="the port's count",
             labels=("the port", "batches counted"))
    small = counted_updates(CIFAR_N, SMALL, epochs)
    ev.show("N, b, B, E", [CIFAR_N, SMALL, large_batch, epochs])
    ev.show("updates: adapted large-batch run, small-batch run", [adapted, small])
    ev.close(adapted, small, what="updates", labels=("adapted large-batch run", "small-batch run"))


# Every N ≤ 3000, b ≤ 40 and k ≤ 8, in numpy integer arithmetic (the excess per base epoch).
_N = np.arange(1, 3001)[:, None]
_B = np.arange(1, 41)[None, :]


def _excess(k: int) -> np.ndarray:
    return k * (-(-_N // (k * _B))) - (-(-_N // _B))


@C.UPDATE_BOUNDS.check(given=None, precision="exact integers", tolerance="none: the bounds exactly")
def exhaustive_small_sizes(subject, ev):
    r"""Over every $N \le 3000$, $b \le 40$ and $k \le 8$: the excess $k\lceil N/(kb)\rceil - \lceil N/b\rceil$
    lies between the claimed bounds and attains both."""
    rows = []
    for k in range(1, 9):
        e = _excess(k)
        low, high = int(e.min()), int(e.max())
        rows.append({"k": k, "least excess": low, "greatest excess": high,
                     "claimed": f"[{subject.low(k)}, {subject.high(k)}]"})
        ev.close(low, subject.low(k), what="least excess", context=f"k={k}", labels=("measured", "the claim"))
        ev.close(high, subject.high(k), what="greatest excess", context=f"k={k}", labels=("measured", "the claim"))
    ev.table("excess updates per base epoch over N ≤ 3000, b ≤ 40", rows)


@C.UPDATE_BOUNDS.check(given=None, precision="exact integers (batches counted)", tolerance="none")
def cifar_counts_by_iteration(subject, ev):
    """CIFAR-10 ($N = 50000$, $b = 128$, $B = 2048$ and 4096): the batches of one base epoch of each run, counted;
    the excess lies within the claimed bounds."""
    small = counted_updates(CIFAR_N, SMALL, 1)
    rows = []
    for big in (2048, 4096):
        k = big // SMALL
        adapted = counted_updates(CIFAR_N, big, k)
        rows.append({"B": big, "k": k, "updates per base epoch": adapted, "batch-128 updates": small,
                     "excess": adapted - small})
        ev.metric(f"excess_{big}", adapted - small)
        ev.le(subject.low(k), adapted - small, what="excess ≥ the least", labels=("the claimed least", "excess"))
        ev.le(adapted - small, subject.high(k), what="excess ≤ the greatest", labels=("excess", "the claimed greatest"))
    ev.table("CIFAR-10 updates per base epoch", rows)


def _normal_multipliers_exactly(batch_size: int) -> tuple[Fraction, Fraction]:
    """The squared learning-rate multiplier and the epoch multiplier of main_normal.py's code, exactly: the literal
    ``(args.batch_size / 256.) ** 0.5`` squared and ``ceil(args.batch_size / 256.)``."""
    return Fraction(batch_size, 256), Fraction(-(-batch_size // 256))


@C.NORMAL_REFERENCE.check(
    given={"multiple": st.integers(1, 32)}, examples=8, precision="float64 port, re-verified in exact rationals",
    tolerance="relative 1e-12 on the squared multiplier; epochs exact",
    confirm=lambda subject, multiple: (_normal_multipliers_exactly(256 * multiple) != subject(256 * multiple),
                                       f"exactly, the code gives {_normal_multipliers_exactly(256 * multiple)} and "
                                       f"the help strings {subject(256 * multiple)} at B = {256 * multiple}"),
    regressions=[{"multiple": 16}])
def code_path_multipliers(subject, ev, multiple):
    """The multipliers of main_normal.py's code path (the port) equal the help strings' at batch $B = 256m$."""
    batch = 256 * multiple
    lr = R.release_normal_regime({0: {"lr": 1.0}}, batch, lr_bb_fix=True)[0]["lr"]
    epochs = R.release_normal_epochs(1, batch, regime_bb_fix=True)
    helped_lr2, helped_epochs = subject(batch)
    ev.show("batch size B", batch)
    ev.show("code: lr multiplier, epoch multiplier", [lr, epochs])
    ev.show("help strings: lr multiplier, epoch multiplier", [math.sqrt(helped_lr2), float(helped_epochs)])
    ev.close(float(helped_lr2), lr * lr, rtol=1e-12, what="squared learning-rate multiplier",
             labels=("the help strings", "main_normal.py's code"))
    ev.close(Fraction(helped_epochs), Fraction(epochs), what="epoch multiplier",
             labels=("the help strings", "main_normal.py's code"))


# -- T8 -------------------------------------------------------------------------------------------------

#: The regimes of the release's models (models/*.py, 0c69f28), learning rates only.
RELEASE_REGIMES = {
    "resnet (ImageNet)": {0: {"lr": 1e-1}, 30: {"lr": 1e-2}, 60: {"lr": 1e-3}, 90: {"lr": 1e-4}},
    "resnet (CIFAR-10)": {0: {"lr": 1e-1}, 81: {"lr": 1e-2}, 122: {"lr": 1e-3}, 164: {"lr": 1e-4}},
    "wide resnet (CIFAR)": {0: {"lr": 1e-1}, 60: {"lr": 2e-2}, 120: {"lr": 4e-3}, 140: {"lr": 1e-4}},
    "alexnet": {0: {"lr": 1e-2}, 10: {"lr": 5e-3}, 15: {"lr": 1e-3, "weight_decay": 0}, 20: {"lr": 5e-4},
                25: {"lr": 1e-4}},
    "cifar_shallow": {0: {"lr": 1e-3}, 60: {"lr": 1e-2}, 120: {"lr": 1e-3}, 180: {"lr": 1e-4}},
    "mnist_f1": {0: {"lr": 1e-1}, 10: {"lr": 1e-2}, 20: {"lr": 1e-3}, 30: {"lr": 1e-4}},
    "default (--lr 0.1)": {0: {"lr": 0.1}},
}
BIG, MINI, K = 4096, 128, 32
SQRT_K = math.sqrt(K)


def _base_lr(regime, epoch: int) -> float:
    """The regime's learning rate at ``epoch``: that of the last entry at or before it that sets one."""
    keys = sorted(k for k, v in regime.items() if "lr" in v)
    return regime[keys[bisect.bisect_right(keys, epoch) - 1]]["lr"]


def _epochs(regime, moved: bool) -> list[int]:
    """Every base epoch up to three past the last entry; with --regime_bb_fix, for each base epoch e the adapted
    epochs 32e − 1, 32e, 32e + 1 and 32e + 31 (where a change would show)."""
    base = range(0, max(regime) + 3)
    if not moved:
        return list(base)
    return sorted({m for e in base for m in (K * e - 1, K * e, K * e + 1, K * e + K - 1) if m >= 0})


def _check_regime(subject, ev, name, regime) -> None:
    for moved in (False, True):
        adapted = subject({k: dict(v) for k, v in regime.items()}, BIG, MINI, lr_bb_fix=True, regime_bb_fix=moved)
        for epoch in _epochs(regime, moved):
            got = R.release_lr_at(adapted, epoch, 0.1)
            want = SQRT_K * _base_lr(regime, epoch // K if moved else epoch)
            if abs(got - want) > 2e-16 * abs(want) * 4:
                ev.show("regime", {str(k): v for k, v in regime.items()})
                ev.show("adapted regime", {str(k): v for k, v in adapted.items()})
                ev.close(got, want, rtol=1e-15, what="learning rate in force",
                         context=f"{name}, epoch {epoch}, regime_bb_fix={moved}",
                         labels=("the release (port)", "√32 × the regime's at the base epoch"))


@C.SQRT_MULTIPLIER.check(given=None, precision="float64 (one rounding each side)",
                         tolerance="relative 1e-15 (the two sides multiply by √32 computed as 32**0.5 and sqrt(32))")
def release_model_regimes(subject, ev):
    r"""For every regime of the release's models, at every epoch, with and without --regime_bb_fix: the learning
    rate in force (adjust_optimizer's sticky settings) is $\sqrt{32}$ times the regime's at the base epoch."""
    rows = []
    for name, regime in RELEASE_REGIMES.items():
        _check_regime(subject, ev, name, regime)
        adapted = subject({k: dict(v) for k, v in regime.items()}, BIG, MINI, lr_bb_fix=True, regime_bb_fix=True)
        rows.append({"model": name, "entries": len(regime),
                     "adapted": ", ".join(f"{k}: {v['lr']:.4g}" for k, v in sorted(adapted.items()))})
    ev.table("regimes adapted for batch 4096, mini-batch 128, --regime_bb_fix", rows)


@st.composite
def regimes(draw):
    """A regime with a learning rate at epoch 0 (as every model of the release has) and up to four later entries,
    some without a learning rate."""
    regime = {0: {"lr": draw(st.floats(1e-4, 1.0))}}
    for epoch in draw(st.lists(st.integers(1, 120), max_size=4, unique=True)):
        regime[epoch] = {"lr": draw(st.floats(1e-5, 1.0))} if draw(st.booleans()) else {"weight_decay": 0.0}
    return regime


@C.SQRT_MULTIPLIER.check(given={"regime": regimes()}, examples=15, precision="float64",
                         tolerance="relative 1e-15")
def drawn_regimes(subject, ev, regime):
    r"""The same for drawn regimes, entries without a learning rate included."""
    ev.show("regime", {str(k): v for k, v in regime.items()})
    _check_regime(subject, ev, "drawn", regime)
