"""Checks of S10, the released cosine test: selectivity on layers without normalization (re-verified
at 50 digits) and the false-alarm rate on isotropic random gradients (Monte Carlo).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...fixtures.normalization import TinyNet, random_net
from ...theorems.scale_invariance import claims as C
from ...theorems.scale_invariance import formulas as F


def _fitted_net(seed: int, fit: bool) -> tuple[TinyNet, np.ndarray]:
    """A net without normalization; with ``fit`` its targets are its own outputs (zero gradient)."""
    net, W = random_net(seed, norm="none")
    if fit:
        net = TinyNet(net.X, net.V, net.features(W) @ net.V, norm="none")
    return net, W


def _confirm_selective(subject, seed, fit):
    net, W = _fitted_net(seed, fit)
    with mpmath.workdps(50):
        to_mp = np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])
        X, V, Wm = to_mp(net.X), to_mp(net.V), to_mp(W)
        Tm = (X @ Wm.T) @ V if fit else to_mp(net.T)
        G = (((X @ Wm.T) @ V - Tm) @ V.T).T @ X / X.shape[0]
        rows = []
        for name, shape in (("channel", W.shape), ("layer", (1, W.size))):
            g, w = G.reshape(shape), Wm.reshape(shape)
            worst = max(abs(sum(g[i] * w[i])) / (mpmath.sqrt(sum(w[i] ** 2)) * max(mpmath.sqrt(sum(g[i] ** 2)),
                        mpmath.mpf("1e-8"))) for i in range(shape[0]))
            rows.append((name, worst, mpmath.mpf("0.1") / mpmath.sqrt(shape[1])))
        fired = [r for r in rows if r[1] < r[2]]
        return bool(fired), ("at 50 digits: " + "; ".join(f"{n} view max|cos| = {mpmath.nstr(c, 6)} vs threshold "
                                                          f"{mpmath.nstr(t, 6)}" for n, c, t in rows))


@C.COSINE_SELECTIVE.check(given={"seed": st.integers(0, 2**32 - 1), "fit": st.booleans()}, examples=30,
                          confirm=_confirm_selective, tolerance="none: which view fires is a yes/no outcome")
def never_fires_without_normalization(subject, ev, seed, fit):
    """One SGDP step on a linear layer without normalization (targets random or fitted): no view may fire."""
    net, W = _fitted_net(seed, fit)
    w = W.copy()
    g = net.grad(W)
    opt = subject([w], lr=0.1)
    opt.step([g])
    ev.show("W", W)
    ev.show("gradient", g)
    for name, shape in (("channel", W.shape), ("layer", (1, W.size))):
        gv, wv = g.reshape(shape), W.reshape(shape)
        norms = np.linalg.norm(wv, axis=1) * np.maximum(np.linalg.norm(gv, axis=1), 1e-8)
        cos = np.abs(np.sum(gv * wv, axis=1)) / norms
        ev.show(f"{name} view: max |cos|", float(np.max(cos)))
        ev.show(f"{name} view: threshold", opt.delta / math.sqrt(shape[1]))
    ev.show("view that fired", opt.last_projection[0][0])
    ev.that(opt.last_projection[0][0] is None, f"the {opt.last_projection[0][0]} view fired on a layer "
            f"without normalization (fitted targets: {fit})")


@C.COSINE_FALSE_ALARM.check(given={"seed": st.integers(0, 2**32 - 1), "m": st.integers(1, 4), "n": st.integers(2, 16)},
                            examples=6, min_valid=3,
                            tolerance="5 binomial standard errors around [max(p_C, p_L), p_C + p_L], 400 draws",
                            false_alarm_rate=normal_tail(5),
                            power="against no_absolute_value (fires ≈ 50%) and threshold_delta (≥ 30%): both ≫ the "
                            "upper bound + 5 SE ≈ 15%")
def monte_carlo_firing_rate(subject, ev, seed, m, n):
    """The fraction of isotropic random gradients on which the test fires lies within the stated bounds."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(m, n))
    opt = subject([w.copy()], lr=0.1)
    draws = 400
    fired = sum(opt.project(w, g, g.copy())[2] is not None for g in rng.normal(size=(draws, m, n)))
    rate = fired / draws
    lo, hi = F.false_alarm_bounds(m, n, opt.delta)
    sd_lo = math.sqrt(max(lo * (1 - lo), 1 / draws) / draws)
    sd_hi = math.sqrt(max(hi * (1 - hi), 1 / draws) / draws)
    ev.show("w", w)
    ev.show("firing rate over 400 gradients", rate)
    ev.show("bounds [max(p_C, p_L), p_C + p_L]", [lo, hi])
    ev.metric("bounds", [lo, hi])
    ev.le(lo - 5 * sd_lo, rate, what="rate ≥ lower bound − 5 SE", context=f"m={m}, n={n}",
          labels=("lower bound − 5 SE", "firing rate"))
    ev.le(rate, hi + 5 * sd_hi, what="rate ≤ upper bound + 5 SE", context=f"m={m}, n={n}",
          labels=("firing rate", "upper bound + 5 SE"))
