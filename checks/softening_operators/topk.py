"""O6: top-$k$ truncation of $F_T(p)$ (the library pipeline) against the softmax of the top-$k$ logits over
$T$ (40 digits), against $F_T$ of the truncated $p$ in exact rationals, and the reproduction at vocabulary
size (a teacher with $V = 1000$ logits in the ci profile, $V = 32000$ in the thorough profile)."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.figures import pyplot

from ...theorems.softening_operators import claims as C
from ...theorems.softening_operators import formulas as F
from .strategies import as_simplex, weights

#: p = softmax(z) in float64 carries ~4ε relative error per entry; powering by 1/T multiplies it by 1/T, the
#: log-space softening and the renormalisations add ~16ε: 64ε(1 + 1/T) relative covers both with headroom.
EPS = np.finfo(float).eps


def _rtol(T):
    return 64 * EPS * (1 + 1 / T)


@C.TOPK.check(given={"V": st.integers(2, 50), "seed": st.integers(0, 2**32 - 1),
                     "T": st.floats(-2.0, 2.0).map(lambda e: 10.0**e), "kfrac": st.floats(0.0, 1.0)},
              examples=20, precision="mpmath 40 digits for the truth; the subject in float64",
              tolerance="64ε(1 + 1/T) relative: the float64 rounding of p = softmax(z), amplified by 1/T")
def matches_softmax_of_top_logits(subject, ev, V, seed, T, kfrac):
    r"""$\operatorname{top}_k(F_T(\operatorname{softmax}(z)))$ against $\operatorname{softmax}(z_S/T)$ on the top-$k$
    set $S$ of $z$."""
    k = 1 + int(kfrac * (V - 1))
    z = np.random.default_rng(seed).normal(0.0, 2.0, V)
    p = np.exp(z - z.max())
    p /= p.sum()
    S = np.argsort(-z, kind="stable")[:k]
    with mpmath.workdps(40):
        sm = F.softmax([mpmath.mpf(float(z[i])) / T for i in S])
    truth = np.zeros(V)
    truth[S] = [float(x) for x in sm]
    claimed = subject(p, T, k)
    ev.show("z", z)
    ev.show("softmax of the top-k logits over T", truth)
    ev.close(claimed, truth, rtol=_rtol(T), what="top-k of F_T(p)", context=f"k={k}",
             labels=("top-k(F_T(p))", "softmax(z_S/T)"))


@C.TOPK.check(given={"w": weights, "m": st.integers(1, 5), "kfrac": st.floats(0.0, 1.0)}, examples=20,
              precision="exact rationals; the subject in float64", tolerance="1e-12 relative",
              regressions=[{"w": [3, 1, 1, 0], "m": 2, "kfrac": 0.34}])
def commutes_in_exact_rationals(subject, ev, w, m, kfrac):
    r"""$\operatorname{top}_k(F_T(p))$ against $F_T(\operatorname{top}_k(p))$ in exact rationals at $T = 1/m$."""
    p = as_simplex(w)
    V = len(p)
    k = 1 + int(kfrac * (V - 1))
    keep = sorted(range(V), key=lambda i: (-p[i], i))[:k]  # the k largest, ties to the lower index
    powered = [p[i] ** m if i in keep else Fraction(0) for i in range(V)]
    s = sum(powered)
    truth = np.array([float(x / s) for x in powered])
    claimed = subject(np.array([float(x) for x in p]), 1.0 / m, k)
    ev.show("p", [str(x) for x in p])
    ev.show("F_T(top-k(p)) (exact)", [str(x / s) for x in powered])
    ev.close(claimed, truth, rtol=1e-12, what="top-k commutes with F_T", context=f"k={k}, T=1/{m}",
             labels=("top-k(F_T(p))", "F_T(top-k(p))"))


def _teacher(V):
    """Zipf-like teacher logits: z_r = −1.1 log r + N(0, 0.3²), shuffled (fixed seed)."""
    rng = np.random.default_rng(20260103)
    z = -1.1 * np.log(np.arange(1, V + 1)) + rng.normal(0.0, 0.3, V)
    return rng.permutation(z)


@C.TOPK.check(given=None, precision="float64 against float64 softmax of the logits",
              tolerance="1e-11 relative (64ε(1 + 1/T) at T ≥ 0.5 with headroom for V = 32000)")
def reproduction_at_vocabulary_size(subject, ev):
    r"""Partial access at vocabulary size: a teacher with $V = 1000$ logits ($32000$ thorough), $k \in \{1, 10, 100\}$,
    $T \in \{0.5, 1, 2, 4\}$: the top-$k$ student target from probabilities equals the softmax of the top-$k$ logits."""
    V = 32000 if ev.profile == "thorough" else 1000
    z = _teacher(V)
    p = np.exp(z - z.max())
    p /= p.sum()
    rows = []
    for T in (0.5, 1.0, 2.0, 4.0):
        y = (z - z.max()) / T
        full = np.exp(y) / np.exp(y).sum()
        for k in (1, 10, 100):
            S = np.argsort(-z, kind="stable")[:k]
            truth = np.zeros(V)
            truth[S] = np.exp(y[S]) / np.exp(y[S]).sum()
            ev.close(subject(p, T, k), truth, rtol=1e-11, what="top-k target", context=f"T={T}, k={k}",
                     labels=("top-k(F_T(p))", "softmax(z_S/T)"))
            rows.append({"T": T, "k": k, "mass of F_T(p) kept": float(full[S].sum())})
    ev.metric("V", V)
    ev.table("mass of the softened teacher kept by top-k", rows)
    if ev.wants_figures:
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.2, 3.2))
        Ts = np.logspace(-1, 1, 25)
        for k in (1, 10, 100):
            S = np.argsort(-z, kind="stable")[:k]
            kept = [np.exp((z[S] - z.max()) / T).sum() / np.exp((z - z.max()) / T).sum() for T in Ts]
            ax.semilogx(Ts, kept, label=f"k = {k}")
        ax.set_xlabel("temperature T")
        ax.set_ylabel("mass of F_T(p) in the top k")
        ax.legend(fontsize=7)
        ev.figure("kept_mass", fig, f"Mass of the softened teacher kept by top-k truncation (V = {V}, Zipf-like "
                  "logits): what the renormalisation of the partial-access target redistributes.")
