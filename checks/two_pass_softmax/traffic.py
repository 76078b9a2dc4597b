"""Checks of the bandwidth argument (X8): memory traffic counted on numpy implementations of the three
algorithms whose arrays count the elements read and written, against the counts the claim states; the bounds in
exact rationals.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ...theorems.two_pass_softmax import claims_traffic as C
from ...theorems.two_pass_softmax import exact as E


class Counted:
    """An N-element array that counts the elements read and written through slicing."""

    def __init__(self, data: np.ndarray) -> None:
        self.data = data
        self.reads = 0
        self.writes = 0

    def __getitem__(self, key):
        out = self.data[key]
        self.reads += np.size(out)
        return out

    def __setitem__(self, key, value):
        self.data[key] = value
        self.writes += np.size(self.data[key])


CHUNK = 64


def _chunks(n):
    return [slice(i, min(i + CHUNK, n)) for i in range(0, n, CHUNK)]


def three_pass_recompute(x: Counted, y: Counted) -> None:
    n = x.data.size
    m = max(np.max(x[s]) for s in _chunks(n))
    total = sum(np.sum(np.exp(x[s] - m)) for s in _chunks(n))
    for s in _chunks(n):
        y[s] = np.exp(x[s] - m) / total


def three_pass_reload(x: Counted, y: Counted) -> None:
    n = x.data.size
    m = max(np.max(x[s]) for s in _chunks(n))
    total = 0.0
    for s in _chunks(n):
        ex = np.exp(x[s] - m)
        y[s] = ex
        total += np.sum(ex)
    for s in _chunks(n):
        y[s] = y[s] / total


def two_pass(x: Counted, y: Counted) -> None:
    n = x.data.size
    m, total = -np.inf, 0.0
    for s in _chunks(n):
        block = x[s]
        mb = float(np.max(block))
        m_new = max(m, mb)
        total = total * np.exp(m - m_new) + np.sum(np.exp(block - m_new))
        m = m_new
    for s in _chunks(n):
        y[s] = np.exp(x[s] - m) / total


IMPLEMENTATIONS = {"three_pass_recompute": three_pass_recompute, "three_pass_reload": three_pass_reload,
                   "two_pass": two_pass}
N = 1000


def counted_traffic() -> dict:
    """Reads and writes per element, counted (every implementation also checked to return the softmax)."""
    out = {}
    x0 = np.random.default_rng(0).normal(size=N) * 30
    ref = E.three_pass_float64(x0)
    for name, fn in IMPLEMENTATIONS.items():
        x, y = Counted(x0.copy()), Counted(np.empty(N))
        fn(x, y)
        assert np.allclose(y.data, ref, rtol=1e-12), name
        out[name] = {"reads": Fraction(x.reads + y.reads, N), "writes": Fraction(x.writes + y.writes, N)}
    return out


@C.BANDWIDTH.check(precision="exact counts", tolerance="none: exact equality")
def counts_match_instrumented_implementations(subject, ev):
    r"""The stated reads and writes per element equal those counted on the three numpy implementations."""
    counted = counted_traffic()
    ev.table("reads and writes per element (counted)", [{"algorithm": k, "reads": str(v["reads"]),
                                                         "writes": str(v["writes"])} for k, v in counted.items()])
    for name, c in counted.items():
        for kind in ("reads", "writes"):
            ev.that(Fraction(subject[name][kind]) == c[kind], f"{name}: {kind} stated {subject[name][kind]}, "
                    f"counted {c[kind]}", claimed=subject[name][kind], observed=str(c[kind]),
                    labels=("stated", "counted"))


@C.BANDWIDTH.check(precision="exact rationals", tolerance="none: exact comparison")
def bounds_cover_the_reported_speedups(subject, ev):
    r"""The traffic ratios over both Three-Pass variants are at least the reported 1.28 and 1.18."""
    for baseline in ("three_pass_recompute", "three_pass_reload"):
        bound = E.traffic_bound(subject, baseline)
        ev.metric(f"bound_over_{baseline}", str(bound))
        for arch, speedup in E.REPORTED_SPEEDUPS.items():
            ev.le(speedup, bound, what=f"{arch} speed-up ≤ traffic ratio over {baseline}",
                  labels=(f"reported {arch}", "traffic ratio"))


@C.WRITE_ALLOCATE.check(precision="exact rationals", tolerance="none: exact comparison", confirm="exact")
def write_allocate_bounds(subject, ev):
    r"""With write-allocate (a write counted twice), the counted traffic ratios are at least the reported 1.28."""
    counted = counted_traffic()
    for baseline in ("three_pass_recompute", "three_pass_reload"):
        bound = E.traffic_bound(counted, baseline, write_allocate=True)
        ev.show(f"bound over {baseline}", str(bound))
        ev.le(E.REPORTED_SPEEDUPS["avx512"], bound, what=f"1.28 ≤ write-allocate ratio over {baseline}",
              labels=("reported avx512", "traffic ratio"))
