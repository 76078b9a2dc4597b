"""The library's functions against ground truth computed another way, at every scale their docstrings promise
(claims train_longer.library_gradient_covariance, library_learning_rates, library_update_counts,
library_ghost_batches)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.train_longer import claims_library as C
from ...theorems.train_longer import release as R
from ...theorems.train_longer.claims_noise import hypergeometric_mean_variance
from .exact import enumerated_covariance
from .ghost import DOCUMENTED_CHUNKS
from .strategies import gradient_sets, scalar_gradient_sets, seeds

#: Powers of two that scale the inputs exactly: 2^±498 ≈ 1e±150 (the covariance then reaches 1e±300).
SCALES = st.sampled_from([-498, -160, 0, 160, 498])
#: A common offset 2^20 added to every gradient (exact in float64): the covariance does not change.
OFFSETS = st.sampled_from([0, 2**20])

# The library centres before squaring: float64 error a few ε per entry, relative to the largest entry of the
# result (an entry can be exactly 0). The mutants are off by factors (N − 1)/N, (N − 1)/(N − M), lose every digit
# to cancellation at the offset 2^20, or overflow.
COV_RTOL = 1e-12


@C.LIBRARY_COVARIANCE.check(
    given={"grads": gradient_sets(max_n=7), "batch_size": st.integers(1, 7), "replacement": st.booleans(),
           "scale": SCALES, "offset": OFFSETS}, examples=20,
    precision="exact rationals (every batch enumerated), scaled by an exact power of two",
    tolerance=f"{COV_RTOL:g} of the largest entry")
def matches_enumeration(subject, ev, grads, batch_size, replacement, scale, offset):
    r"""minibatch_gradient_covariance equals the covariance of the batch mean over every batch (every subset, or
    every ordered tuple of draws with replacement), for inputs scaled by $2^{\pm 498}$ and offset by $2^{20}$."""
    n = len(grads)
    ev.assume(batch_size <= n and (not replacement or n**batch_size <= 300))
    truth = np.array([[float(v * Fraction(2) ** (2 * scale)) for v in row]
                      for row in enumerated_covariance(grads, batch_size, replacement)])
    g = np.ldexp(np.array(grads, dtype=float) + offset, scale)
    got = subject(g, batch_size, replacement=replacement)
    ev.show("per-example gradients (before scaling)", [list(r) for r in grads])
    ev.show("N, M, replacement, scale exponent, offset", [n, batch_size, replacement, scale, offset])
    ev.show("library", got)
    ev.show("enumerated", truth)
    # compared in units of the largest entry (of 4^scale for a full batch, whose covariance is 0): margins of
    # order one at any scale
    top = float(np.max(np.abs(truth))) or math.ldexp(1.0, 2 * scale)
    ev.close(got / top, truth / top, atol=COV_RTOL, what="Cov(ĝ) / its largest entry",
             labels=("library", "every batch"))


def _var_by_enumeration(grads, m):
    return enumerated_covariance(grads, m)[0][0]


@C.LIBRARY_LR.check(
    given={"grads": scalar_gradient_sets, "batch_size": st.integers(1, 9), "new_batch_size": st.integers(1, 9),
           "lr": st.floats(1e-6, 10.0)}, examples=12, precision="exact rationals (every batch enumerated)",
    tolerance="relative 1e-14 (two roundings in the rate, squared)")
def matching_keeps_covariance(subject, ev, grads, batch_size, new_batch_size, lr):
    r"""$\eta'^2\operatorname{Var}(\hat g_{M'}) = \eta^2\operatorname{Var}(\hat g_M)$ with the variances over every
    batch, for $N \le 10$."""
    matching, _ = subject
    n = len(grads)
    ev.assume(batch_size < n and new_batch_size < n)
    new_lr = matching(lr, batch_size, new_batch_size, n)
    before = lr**2 * float(_var_by_enumeration(grads, batch_size))
    after = new_lr**2 * float(_var_by_enumeration(grads, new_batch_size))
    ev.show("N, M, M′", [n, batch_size, new_batch_size])
    ev.show("η, η′", [lr, new_lr])
    ev.close(after, before, rtol=1e-14, what="Cov(Δw)", labels=("at M′ with η′", "at M with η"))


@C.LIBRARY_LR.check(
    given={"n": st.integers(200, 400), "batch_size": st.integers(1, 150), "new_batch_size": st.integers(1, 150)},
    examples=6, precision="exact rationals (hypergeometric probability mass)", tolerance="relative 1e-14")
def matching_at_larger_n(subject, ev, n, batch_size, new_batch_size):
    r"""The same for $N$ from 200 to 400, the variances from the hypergeometric distribution."""
    matching, _ = subject
    new_lr = matching(1.0, batch_size, new_batch_size, n)
    ratio = (hypergeometric_mean_variance(n, n // 2, new_batch_size)
             / hypergeometric_mean_variance(n, n // 2, batch_size))
    ev.show("N, M, M′", [n, batch_size, new_batch_size])
    ev.close(new_lr**2 * float(ratio), 1.0, rtol=1e-14, what="covariance ratio", labels=("η′²/η² × Var ratio", "1"))


@C.LIBRARY_LR.check(
    given={"lr": st.floats(1e-6, 10.0), "batch_size": st.integers(1, 8192), "base_batch_size": st.integers(1, 512)},
    examples=10, precision="float64", tolerance="relative 1e-15 (32**0.5 against sqrt(32): one rounding each)")
def sqrt_rule_matches_the_release(subject, ev, lr, batch_size, base_batch_size):
    """sqrt_scaled_lr equals the learning rate main_gbn.py's --lr_bb_fix sets (the port)."""
    _, sqrt_rule = subject
    release = R.release_gbn_regime({0: {"lr": lr}}, batch_size, base_batch_size)[0]["lr"]
    ev.close(sqrt_rule(lr, batch_size, base_batch_size), release, rtol=1e-15, what="learning rate",
             labels=("sqrt_scaled_lr", "main_gbn.py"))


def _counted(n: int, b: int, epochs: int, drop_last: bool) -> int:
    per_epoch = sum(1 for start in range(0, n, b) if not drop_last or start + b <= n)
    return epochs * per_epoch


@C.LIBRARY_UPDATES.check(
    given={"n": st.integers(1, 5000), "batch_size": st.integers(1, 600), "epochs": st.integers(0, 4),
           "drop_last": st.booleans()}, examples=15, precision="exact integers (batches counted)", tolerance="none")
def counts_batches(subject, ev, n, batch_size, epochs, drop_last):
    """updates_per_run equals the batches counted over the epochs."""
    updates, _ = subject
    ev.assume(not drop_last or batch_size <= n)
    ev.close(updates(n, batch_size, epochs, drop_last=drop_last), _counted(n, batch_size, epochs, drop_last),
             what="updates", labels=("updates_per_run", "batches counted"))


@C.LIBRARY_UPDATES.check(given=None, precision="exact integers (divmod)", tolerance="none")
def beyond_float_precision(subject, ev):
    r"""At $N = 2^{53} + 1$ (a count no float holds) the updates are exact: $\lceil N/2\rceil = 2^{52} + 1$."""
    updates, _ = subject
    n = 2**53 + 1
    q, r = divmod(n, 2)
    ev.close(updates(n, 2, 1), q + (r > 0), what="updates", labels=("updates_per_run", "divmod"))
    ev.close(updates(n, 2, 1, drop_last=True), q, what="updates with drop_last", labels=("updates_per_run", "divmod"))


@C.LIBRARY_UPDATES.check(
    given={"n": st.integers(1, 3000), "small": st.integers(1, 300), "large": st.integers(1, 3000),
           "epochs": st.integers(0, 6)}, examples=15, precision="exact integers (search upwards)", tolerance="none")
def matched_epochs_is_the_fewest(subject, ev, n, small, large, epochs):
    """matched_epochs equals the fewest epochs at the large batch whose counted updates reach the small batch's."""
    _, matched = subject
    target = _counted(n, small, epochs, False)
    per_epoch = _counted(n, large, 1, False)
    fewest = 0
    while fewest * per_epoch < target:
        fewest += 1
    ev.show("N, b, B, E", [n, small, large, epochs])
    ev.close(matched(epochs, n, small, large), fewest, what="epochs", labels=("matched_epochs", "search"))


@C.LIBRARY_GHOST.check(given=None, precision="exact integers", tolerance="none")
def documented_sizes(subject, ev):
    """ghost_batch_sizes returns the sizes of torch.chunk's documented examples."""
    sizes, _ = subject
    for (n, chunks), want in DOCUMENTED_CHUNKS.items():
        got = sizes(n, chunks)
        ev.that(list(got) == want, f"ghost_batch_sizes({n}, {chunks}) = {got}, documented {want}", claimed=got,
                observed=want, labels=("ghost_batch_sizes", "torch.chunk's documentation"))


@C.LIBRARY_GHOST.check(
    given={"n": st.integers(1, 50), "chunks": st.integers(1, 12), "seed": seeds,
           "scale": st.sampled_from([-1000, -300, 0, 300, 1019])}, examples=15,
    precision="exact rationals, scaled by an exact power of two", tolerance="relative 1e-13")
def gradient_is_the_batch_mean(subject, ev, n, chunks, seed, scale):
    r"""From the chunks' mean gradients (torch.chunk's chunks) and sizes, ghost_batch_gradient returns the batch
    mean of integer per-example gradients scaled by $2^{e}$, $e$ from $-1000$ to $1019$ (entries near the float
    range)."""
    _, gradient = subject
    rng = np.random.default_rng(seed)
    g = rng.integers(-9, 10, size=(n, 2))
    sizes = R.torch_chunk_sizes(n, chunks)
    starts = np.cumsum([0, *sizes[:-1]])
    chunk_means = np.array([np.ldexp(g[s:s + k].sum(axis=0) / k, scale) for s, k in zip(starts, sizes)])
    exact = [Fraction(int(v), n) * Fraction(2) ** scale for v in g.sum(axis=0)]
    got = gradient(chunk_means, sizes)
    ev.show("n, C, scale exponent", [n, chunks, scale])
    ev.show("chunk sizes", sizes)
    unit = math.ldexp(1.0, scale)  # compared in units of 2^scale: margins of order 1, any scale
    ev.close(got / unit, np.array([float(v / Fraction(2) ** scale) for v in exact]), rtol=1e-13, atol=1e-13 * 9,
             what="mean gradient / 2^scale", labels=("ghost_batch_gradient", "the batch mean"))


@C.LIBRARY_GHOST.check(given=None, precision="float64",
                       tolerance="relative 1e-15 (the weights 4/10, 4/10, 2/10 are rounded once each)")
def near_the_float_range(subject, ev):
    r"""Ten examples with the gradient $1.5 \cdot 2^{1022}$ each (near the largest float), in chunks of 4, 4 and 2:
    the mean is that gradient."""
    _, gradient = subject
    value = math.ldexp(1.5, 1022)
    got = gradient(np.full((3, 2), value), [4, 4, 2])
    ev.show("ghost_batch_gradient", got)
    ev.close(got, np.full(2, value), rtol=1e-15, what="mean gradient", labels=("ghost_batch_gradient", "the gradient"))
