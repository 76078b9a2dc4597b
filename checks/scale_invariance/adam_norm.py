"""Check of S9 (Adam without projection grows the norm at every step): one AdamP step with delta = 0
from a gradient ⊥ w, re-verified in exact rationals.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.scale_invariance import claims as C


def _confirm_adam(subject, seed, n, lr):
    w, g = _adam_case(seed, n)
    wq = [Fraction(float(x)) for x in w]
    gq = [Fraction(float(x)) for x in g]
    c = sum(a * b for a, b in zip(wq, gq)) / sum(a * a for a in wq)
    gq = [b - c * a for a, b in zip(wq, gq)]  # exactly orthogonal
    eps = Fraction(1, 10**12)
    # step 1 of Adam: m̂ = g, v̂ = g², so the update is g/(|g| + eps) exactly
    nxt = [a - Fraction(lr) * b / (abs(b) + eps) for a, b in zip(wq, gq)]
    before, after = sum(a * a for a in wq), sum(a * a for a in nxt)
    return after < before, (f"exact rationals with g projected exactly ⊥ w: ‖w_1‖² − ‖w_0‖² = "
                            f"{float(after - before):.6g} < 0")


def _adam_case(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    w = rng.normal(size=n)
    g = rng.normal(size=n)
    return w, g - (g @ w) / (w @ w) * w


@C.ADAM_MONOTONE.check(given={"seed": st.integers(0, 2**32 - 1), "n": st.integers(2, 8), "lr": st.floats(1e-3, 1.0)},
                       examples=20, confirm=_confirm_adam,
                       tolerance="relative 1e-12 on ‖w‖²: float64 roundoff of one step")
def first_step_does_not_shrink(subject, ev, seed, n, lr):
    r"""One step of AdamP with $\delta = 0$ (no projection) from a gradient $g \perp w$: is $\|w_1\| \ge \|w_0\|$?"""
    w0, g = _adam_case(seed, n)
    w = w0[None, :].copy()
    opt = subject([w], lr=lr, delta=0.0, eps=1e-12)
    opt.step([g[None, :]])
    ev.show("w_0", w0)
    ev.show("g (⊥ w_0)", g)
    ev.show("w_1", w[0])
    ev.show("‖w_0‖²", float(w0 @ w0))
    ev.show("‖w_1‖²", float(np.sum(w * w)))
    ev.that(opt.last_projection[0][0] is None, "delta = 0 must disable the projection")
    ev.le(float(w0 @ w0), float(np.sum(w * w)) * (1 + 1e-12), what="‖w_0‖² ≤ ‖w_1‖²",
          context=f"n={n}, lr={lr:.3g}", labels=("‖w_0‖²", "‖w_1‖² (1 + 1e-12)"))
