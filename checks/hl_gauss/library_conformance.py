"""The library against the definitions: every HL-Gauss bin mass against mpmath at 30 digits (relative, so that
tail bins count), decoding and cross-entropy against mpmath sums, two-hot against exact rationals."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.hl_gauss import claims_release as C
from ...theorems.hl_gauss import formulas as F
from .strategies import lows, seeds, spans

#: the library's bin masses are differences of tails on the far side of each bin: a relative error of a few ε
#: times the condition of the difference, below 1e-12 for masses above 1e-290; 1e-9 leaves 1000× headroom
BIN_RTOL = 1e-9


@C.LIBRARY_TARGET.check(given={"low": lows, "span": spans, "m": st.integers(2, 60), "r": st.floats(0.1, 3.0),
                               "where": st.floats(-3.0, 3.0)}, examples=12, precision="mpmath 25 digits",
                        tolerance="1e-9 relative per bin with mass above 1e-290; decoding 1e-12 of the span",
                        regressions=[{"low": -2.0, "span": 4.0, "m": 51, "r": 0.75, "where": 3.0}])
def target_matches_definition(subject, ev, low, span, m, r, where):
    r"""hl_gauss_target($y$) against the histogram of the clipped $y$ at 25 digits; $y$ up to a span beyond
    either end."""
    high = low + span
    sigma = r * span / m
    y = low + span / 2 + where * span / 2
    clipped = min(max(y, low), high)
    p = subject.hl_gauss_target(y, low, high, m, sigma)
    truth, _ = F.mp_probabilities(clipped, low, high, m, sigma, 25)
    t = np.array([float(v) for v in truth])
    ev.show("y", y)
    ev.finite(p, "probabilities")
    keep = t > 1e-290
    ev.close(np.asarray(p)[keep], t[keep], rtol=BIN_RTOL, what="bin masses", labels=("library", "mpmath"))
    decoded = subject.hl_gauss_decode(p, low, high)
    ev.close(decoded, float(F.mp_decoded(clipped, low, high, m, sigma, 25)), atol=1e-12 * max(span, abs(low)),
             what="decoded value", labels=("library", "mpmath"))


@C.LIBRARY_TARGET.check(given={"seed": seeds, "m": st.integers(2, 20)}, examples=6, precision="mpmath 30 digits",
                        tolerance="1e-12 relative")
def cross_entropy_matches_definition(subject, ev, seed, m):
    r"""hl_gauss_cross_entropy against $-\sum_i p_i(\log\text{-}\mathrm{softmax})_i$ summed at 30 digits."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=m) * 3
    y = float(rng.uniform(-1.5, 1.5))
    ev.show("logits", logits)
    probs, _ = F.mp_probabilities(min(max(y, -1.0), 1.0), -1.0, 1.0, m, 0.75 * 2 / m, 30)
    with mpmath.workdps(30):
        lse = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(z)) for z in logits))
        truth = -mpmath.fsum(p * (mpmath.mpf(z) - lse) for p, z in zip(probs, logits))
    ev.close(subject.hl_gauss_cross_entropy(logits, y, -1.0, 1.0, 0.75 * 2 / m), float(truth), rtol=1e-12,
             what="cross-entropy", labels=("library", "mpmath"))


@C.LIBRARY_TARGET.check(given={"seed": seeds, "n": st.integers(2, 12), "where": st.floats(-2.0, 2.0)},
                        examples=10, precision="exact rationals for the truth, float64 for the library",
                        tolerance="1e-12 relative to the largest |atom|")
def two_hot_matches_definition(subject, ev, seed, n, where):
    r"""two_hot_target against the exact two-hot of the clipped $y$; decoding gives the clipped $y$."""
    rng = np.random.default_rng(seed)
    atoms = np.cumsum(rng.integers(1, 9, size=n)) / 4.0 - 3.0
    y = float(atoms[0] + (where + 1) / 2 * (atoms[-1] - atoms[0]) * 1.5 - 0.25 * (atoms[-1] - atoms[0]))
    ev.show("atoms", atoms)
    ev.show("y", y)
    exact = F.two_hot_exact(Fraction(y), [Fraction(a) for a in atoms])
    p = subject.two_hot_target(y, atoms)
    scale = float(np.max(np.abs(atoms)))
    ev.close(p, np.array([float(w) for w in exact]), atol=1e-12, what="two-hot weights", labels=("library", "exact"))
    ev.close(subject.two_hot_decode(p, atoms), float(sum(w * Fraction(a) for w, a in zip(exact, atoms))),
             atol=1e-12 * scale, what="decoded value", labels=("library", "exact"))
