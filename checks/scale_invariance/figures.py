"""Figures of S4 (‖w_t‖⁴ under GD against its bound) and S6 (norm growth on the AdamP 2-D toy)."""

from __future__ import annotations

from typing import Any

import numpy as np

from claimkit.figures import pyplot

from ...theorems.scale_invariance import claims as C
from ...theorems.scale_invariance import formulas as F
from .gradient_descent import _constant_norm_run
from .momentum_runs import toy_run


def _plain_log_axis(axis: Any) -> None:
    """A log axis with ticks at the decades only, labelled in plain text (10, 1e-08): matplotlib's defaults (eight
    minor ticks per decade, each label typeset by its mathtext engine) cost more to lay out and save than the
    curves. The figure is cropped to its artists when saved, so it needs no layout pass of its own."""
    from matplotlib.ticker import LogFormatter, NullLocator

    axis.set_major_formatter(LogFormatter())
    axis.set_minor_locator(NullLocator())


@C.NORM4_BOUND.figure("norm_growth", caption="‖w_t‖⁴ under GD with constant tangent gradient norm, "
                      "against the bound ‖w_0‖⁴ + 2η²G²t.")
def _norm_growth_figure():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for eta, colour in ((0.1, "C0"), (0.3, "C1"), (1.0, "C2")):
        norms = np.array(_constant_norm_run(1.0, eta, 1.0, 200, 8, 0))
        t = np.arange(norms.size)
        ax.plot(t, norms**4, color=colour, label=f"simulated, η={eta}")
        ax.plot(t, F.norm4_lower_bound(1.0, eta, 1.0, t), color=colour, ls="--", label=f"bound, η={eta}")
    ax.set_xlabel("step t")
    ax.set_ylabel("‖w_t‖⁴")
    ax.legend(fontsize=7)
    return fig


@C.GROWTH_ORTHO.figure("toy_norms", caption="The AdamP 2-D toy, minimise −(w/‖w‖)·(w*/‖w*‖) from w_0 = (1, 0), "
                       "w* = (0, 1), η = 0.03: ‖w_t‖ for SGD, momentum SGD (0.9, 0.99) and SGDP (0.9).")
def _toy_norms():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for label, kw in (("SGD", dict(beta=0.0)), ("momentum 0.9", dict(beta=0.9)),
                      ("momentum 0.99", dict(beta=0.99)), ("SGDP 0.9", dict(beta=0.9, sgdp=True))):
        norms, _ = toy_run(lr=0.03, steps=400, **kw)
        ax.plot(norms, label=label)
    ax.set_yscale("log")
    _plain_log_axis(ax.yaxis)
    ax.set_xlabel("step t")
    ax.set_ylabel("‖w_t‖")
    ax.legend(fontsize=7)
    return fig


@C.GROWTH_ORTHO.figure("toy_growth_ratio", caption="2-D toy (η = 1e-3, small so that the runs stay comparable): "
                       "per-step growth of momentum over GD's, against 1 + 2β/(1 − β), 1/(1 − β)² and "
                       "(1 + β)/(1 − β)³ (aligned gradients). The toy's gradients keep one direction, so "
                       "neither circulated factor describes it.")
def _toy_growth_ratio():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    _, gd = toy_run(lr=1e-3, steps=150, beta=0.0)
    for beta, colour in ((0.5, "C0"), (0.9, "C1")):
        _, mom = toy_run(lr=1e-3, steps=150, beta=beta)
        ax.plot(np.array(mom) / np.array(gd), color=colour, label=f"measured, β={beta}")
        for value, ls in ((1 + 2 * beta / (1 - beta), "--"), (1 / (1 - beta) ** 2, ":"),
                          ((1 + beta) / (1 - beta) ** 3, "-.")):
            ax.axhline(value, color=colour, ls=ls, lw=0.8)
    ax.set_yscale("log")
    _plain_log_axis(ax.yaxis)
    ax.set_xlabel("step t")
    ax.set_ylabel("Δ‖w‖² momentum / Δ‖w‖² GD")
    ax.legend(fontsize=7, title="-- 1+2β/(1−β)   : 1/(1−β)²   -. (1+β)/(1−β)³", title_fontsize=6)
    return fig
