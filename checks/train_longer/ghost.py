"""Checks of T7 (Ghost Batch Normalization's accumulated gradient in main_gbn.py) and of the port itself.

Ground truth: the batch mean of integer per-example gradients in exact rationals; the weights each example gets,
read off the port by feeding it the identity matrix as per-example gradients; complex-step derivatives of the
release's objective (1/C′) Σ_c mean_{i∈c} ℓ_i on a linear least-squares model, with chunks cut at multiples of
⌈n/C⌉; the chunk sizes of torch.chunk's documented examples.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.train_longer import claims_release as C
from ...theorems.train_longer import release as R
from .strategies import seeds


def _integer_gradients(seed: int, n: int, d: int = 2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.array([[Fraction(int(v)) for v in row] for row in rng.integers(-9, 10, size=(n, d))], dtype=object)


@C.GHOST_MEAN.check(given={"n": st.integers(1, 16), "chunks": st.integers(1, 8), "seed": seeds}, examples=8,
                    precision="exact rationals", tolerance="none: exact equality", confirm="exact",
                    regressions=[{"n": 3, "chunks": 2, "seed": 0}])
def equals_the_batch_mean(subject, ev, n, chunks, seed):
    r"""The release's accumulated gradient, in exact rationals, equals $\frac{1}{n}\sum_i g_i$ for integer
    per-example gradients."""
    g = _integer_gradients(seed, n)
    got = subject(g, chunks)
    mean = g.sum(axis=0) / n
    ev.show("per-example gradients g_i", [[str(v) for v in row] for row in g])
    ev.show("chunk sizes (torch.chunk)", R.torch_chunk_sizes(n, chunks))
    ev.show("release's gradient", [str(v) for v in got])
    ev.show("batch mean", [str(v) for v in mean])
    for j in range(g.shape[1]):
        ev.close(Fraction(got[j]), Fraction(mean[j]), what=f"gradient[{j}]",
                 labels=("the release (Ghost BN, no BN layers)", "the batch mean"))


def port_is_the_mean(n: int, chunks: int, seed: int = 0) -> bool:
    """Whether the port returns the batch mean of random per-example gradients (three coordinates): with unequal
    weights it does not, but for a set of measure zero; the weights differ by at least 1/n² relative."""
    g = np.random.default_rng(seed).normal(size=(n, 3))
    return bool(np.allclose(R.release_ghost_gradient(g, chunks), g.mean(axis=0), rtol=1e-12, atol=1e-13))


def last_example_weight(n: int, chunks: int) -> float:
    """The weight the port gives the last example (a unit gradient on it alone)."""
    g = np.zeros((n, 1))
    g[-1, 0] = 1.0
    return float(R.release_ghost_gradient(g, chunks)[0])


@C.EQUAL_CHUNKS.check(given=None, precision="float64 (random gradients; unequal weights differ by ≥ 1/n² relative)",
                      tolerance="relative 1e-12")
def predicate_matches_the_port(subject, ev):
    r"""For every $n \le 60$ and $C \le 16$: the port returns the batch mean exactly when the predicate says."""
    checked = 0
    for n in range(1, 61):
        for chunks in range(1, 17):
            mean = port_is_the_mean(n, chunks)
            if mean != bool(subject(n, chunks)):
                ev.show("n, C", [n, chunks])
                ev.show("chunk sizes", R.torch_chunk_sizes(n, chunks))
                ev.that(False, f"n={n}, C={chunks}: the predicate says {not mean}, the port gives the batch mean: "
                        f"{mean}", claimed=not mean, observed=mean,
                        labels=("the predicate", "the port gives the batch mean"))
            checked += 1
    ev.metric("pairs", checked)


#: main_gbn.py runs of run_experiments.sh (0c69f28): (run, training examples N, batch B, mini-batch).
GBN_RUNS = (
    ("cifar10 resnet, ghost BN 256", 50_000, 2048, 256),
    ("mnist_f1, 4096 / 128", 60_000, 4096, 128),
    ("cifar100 shallow, 4096 / 128", 50_000, 4096, 128),
    ("cifar10 shallow, 4096 / 128", 50_000, 4096, 128),
)


@C.EQUAL_CHUNKS.check(given=None, precision="float64", tolerance="relative 1e-12")
def release_configurations(subject, ev):
    """The main_gbn.py runs of run_experiments.sh: for the full batches and the last batch of each epoch, the
    predicate agrees with the port."""
    rows = []
    for name, n_total, big, mini in GBN_RUNS:
        chunks = big // mini
        for label, n in (("full", big), ("last", n_total % big)):
            if n == 0:
                continue
            mean = port_is_the_mean(n, chunks)
            sizes = R.torch_chunk_sizes(n, chunks)
            rows.append({"run": name, "batch": label, "n": n, "C": chunks, "chunks returned": len(sizes),
                         "sizes": ", ".join(str(s) for s in sorted(set(sizes), reverse=True)),
                         "last example's weight × n": round(last_example_weight(n, chunks) * n, 4),
                         "batch mean": mean})
            if name.startswith("cifar10 shallow") and label == "last":
                ev.metric("short_chunk_weight_over_mean", last_example_weight(n, chunks) * n)
            ev.that(bool(subject(n, chunks)) == mean, f"the predicate says {bool(subject(n, chunks))}, the port "
                    f"gives the batch mean: {mean} ({name}, {label} batch, n={n})", claimed=bool(subject(n, chunks)),
                    observed=mean, labels=("the predicate", "the port gives the batch mean"))
    ev.table("Ghost-BN batches of run_experiments.sh", rows)


# -- the port -------------------------------------------------------------------------------------------


def _objective(w, x, y, chunks):
    """(1/C′) Σ_c (1/n_c) Σ_{i∈c} ½(x_iᵀw − y_i)², the chunks cut at multiples of ⌈n/C⌉."""
    n = len(x)
    size = -(-n // chunks)
    parts = [slice(start, start + size) for start in range(0, n, size)]
    return sum(0.5 * ((x[p] @ w - y[p]) ** 2).mean() for p in parts) / len(parts)


# Complex step (1e-30): each derivative to a few ulps of its terms; the objective's terms are O(10): 1e-12
# relative and 1e-13 absolute leave room. The mutants are off by O(1/n) relative or more.
@C.GHOST_PORT.check(given={"n": st.integers(1, 40), "chunks": st.integers(1, 12), "seed": seeds}, examples=12,
                    precision="complex step (step 1e-30)", tolerance="relative 1e-12, absolute 1e-13")
def objective_by_complex_step(subject, ev, n, chunks, seed):
    r"""On a linear least-squares model without BN: the port's result from the per-example gradients
    $g_i = (x_i^\top w - y_i)x_i$ equals the complex-step gradient of the release's objective."""
    rng = np.random.default_rng(seed)
    x, y, w = rng.normal(size=(n, 3)), rng.normal(size=n), rng.normal(size=3)
    per_example = (x @ w - y)[:, None] * x
    got = subject(per_example, chunks)
    truth = np.array([_objective(w + 1e-30j * e, x, y, chunks).imag / 1e-30 for e in np.eye(3)])
    ev.show("n, C", [n, chunks])
    ev.show("chunk sizes", R.torch_chunk_sizes(n, chunks))
    ev.close(got, truth, rtol=1e-12, atol=1e-13, what="gradient", labels=("the port", "complex step"))


#: torch.chunk's documented examples: (n, chunks) → sizes. PyTorch documentation of torch.chunk (arange(11),
#: arange(12), arange(13) split into 6) and the Lua torch issue torch/torch7#617 (11 into 5), whose semantics
#: PyTorch kept.
DOCUMENTED_CHUNKS = {(11, 6): [2, 2, 2, 2, 2, 1], (12, 6): [2] * 6, (13, 6): [3, 3, 3, 3, 1], (11, 5): [3, 3, 3, 2]}


@C.GHOST_PORT.check(given=None, precision="float64 weights", tolerance="relative 1e-12")
def documented_chunk_examples(subject, ev):
    """For torch.chunk's documented examples, the port weighs each example $1/(C' n_c)$ with the documented
    sizes $n_c$ and $C'$ the number of chunks."""
    rows = []
    for (n, chunks), sizes in DOCUMENTED_CHUNKS.items():
        want = np.concatenate([np.full(s, 1.0 / (len(sizes) * s)) for s in sizes])
        got = subject(np.eye(n), chunks)
        rows.append({"n": n, "chunks": chunks, "documented sizes": str(sizes),
                     "port weights × n": str((got * n).round(4).tolist())})
        ev.close(got, want, rtol=1e-12, what="weights", context=f"n={n}, chunks={chunks}",
                 labels=("the port", "from the documented sizes"))
    ev.table("torch.chunk's documented examples", rows)
