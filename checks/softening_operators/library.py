"""The library against 30-digit ground truth: soften and log_soften against direct powering $p_i^{1/T}$ (no log
space), soften_logits against $\\operatorname{softmax}(z/T)$, mix_soften against (M), entropy against
$-\\sum p \\log p$;
$V \\in [2, 50]$, Dirichlet $p$ with ties and zeros, $T \\in [10^{-3}, 10^3]$."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.softening_operators import claims as C
from ...theorems.softening_operators import formulas as F
from .strategies import dirichlet_cases, dirichlet_p, temperatures

EPS = np.finfo(float).eps


@C.LIBRARY_SOFTEN.check(
    given={**dirichlet_cases, "T": temperatures}, examples=25, precision="mpmath 30 digits, direct powering",
    regressions=[{"V": 6, "seed": 1, "log_alpha": 0.0, "ties": True, "zeros": True, "T": 0.001}],
    tolerance="log-probabilities within 16ε(2 + 2L/T + log V), L = max |log p_j| over the support: the rounding "
              "of log p amplified by 1/T; probabilities the same relative error, or below 1e-280 where the truth is")
def matches_direct_powering(subject, ev, V, seed, log_alpha, ties, zeros, T):
    r"""$\operatorname{soften}$ and $\operatorname{log\_soften}$ against $p_i^{1/T}/\sum_j p_j^{1/T}$ at 30 digits."""
    soften, log_soften = subject[:2]
    p = dirichlet_p(V, seed, log_alpha, ties, zeros)
    ev.show("p", p)
    with mpmath.workdps(30):
        w = [mpmath.power(mpmath.mpf(float(x)), 1 / mpmath.mpf(T)) for x in p]
        s = mpmath.fsum(w)
        log_truth = [mpmath.log(x / s) if x > 0 else None for x in w]
    lg = np.asarray(log_soften(p, T))
    f = np.asarray(soften(p, T))
    L = float(np.max(np.abs(np.log(p[p > 0]))))
    tol = 16 * EPS * (2 + 2 * L / T + np.log(V))
    worst = 0.0
    for i in range(V):
        if log_truth[i] is None:
            ev.that(bool(lg[i] == -np.inf and f[i] == 0.0), f"entry {i}: p = 0 must give probability 0",
                    claimed=float(f[i]), observed=0.0, labels=("softened value", "exact value"))
            continue
        ev.finite(lg[i], f"log_soften entry {i}")
        err = abs(lg[i] - float(log_truth[i]))
        worst = max(worst, err / tol)
        lt = float(log_truth[i])
        if lt > np.log(1e-280):
            worst = max(worst, abs(f[i] / np.exp(lt) - 1) / (2 * tol))
        else:
            ev.le(float(f[i]), 1e-270, what=f"entry {i} below the float range", labels=("soften", "1e-270"))
    ev.show("log F_T(p), 30 digits", [float(x) if x is not None else -np.inf for x in log_truth])
    ev.le(worst, 1.0, what="worst error over tolerance", labels=("worst error / tolerance", "1"))


@C.LIBRARY_SOFTEN.check(
    given={"V": st.integers(2, 50), "seed": st.integers(0, 2**32 - 1), "scale": st.floats(-2.0, 2.0),
           "T": temperatures}, examples=15, precision="mpmath 30 digits",
    regressions=[{"V": 4, "seed": 1, "scale": 0.0, "T": 2.0}],
    tolerance="64ε(1 + max|z − max z|/T) relative and 1e-300 absolute: the rounding of z/T in the exponent")
def logits_match_tempered_softmax(subject, ev, V, seed, scale, T):
    r"""$\operatorname{soften\_logits}(z, T)$ against $\operatorname{softmax}(z/T)$ at 30 digits."""
    z = np.random.default_rng(seed).normal(0.0, 10.0**scale, V)
    ev.show("z", z)
    with mpmath.workdps(30):
        truth = np.array([float(x) for x in F.softmax([mpmath.mpf(float(x)) / T for x in z])])
    spread = float(np.max(z) - np.min(z)) / T
    ev.close(subject[2](z, T), truth, rtol=64 * EPS * (1 + spread), atol=1e-300, what="softmax(z/T)",
             labels=("soften_logits(z, T)", "softmax(z/T), 30 digits"))


@C.LIBRARY_SOFTEN.check(given={**dirichlet_cases, "T": temperatures}, examples=15, precision="mpmath 30 digits",
                        regressions=[{"V": 5, "seed": 2, "log_alpha": 0.0, "ties": False, "zeros": False, "T": 0.5}],
                        tolerance="(M): 64ε(2 + 2L/T + log V) relative (as soften) plus 4ε absolute (λ = 1 − 1/T "
                                  "cancels near T = 1); H: 64ε(1 + log V) relative plus "
                                  "16ε(1 + L) absolute, the float64 renormalisation of p")
def mixture_and_entropy_match(subject, ev, V, seed, log_alpha, ties, zeros, T):
    r"""mix_soften against (M) and entropy against $-\sum_i p_i \log p_i$, both at 30 digits."""
    p = dirichlet_p(V, seed, log_alpha, ties, zeros)
    ev.show("p", p)
    with mpmath.workdps(30):
        mix = np.array([float(x) for x in F.mix_op(list(p), T)])
        q = [mpmath.mpf(float(x)) for x in p]
        total = mpmath.fsum(q)
        h = float(F.entropy([x / total for x in q]))
    L = float(np.max(np.abs(np.log(p[p > 0]))))
    rtol = 64 * EPS * (2 + 2 * L / T + np.log(V))
    # λ = 1 − 1/T cancels near T = 1: |δλ| ≤ 2ε, times |u_i − F_i| ≤ 1, is an absolute 4ε
    ev.close(subject[3](p, T), mix, rtol=rtol, atol=4 * EPS, what="(M)", labels=("mix_soften(p, T)", "(M), 30 digits"))
    # the library renormalises p in float64: each entry moves by ε relative, H by ε·Σ p_i |1 + log p_i| ≤ ε(1 + L)
    ev.close(subject[4](p), h, rtol=64 * EPS * (1 + np.log(V)), atol=16 * EPS * (1 + L), what="H(p)",
             labels=("entropy(p)", "H(p), 30 digits"))
