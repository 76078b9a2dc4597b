"""Figures of the perceptron claims (Tyurin, arXiv 2412.08424).

Thm 3.2's gap ‖θ_t/γ − θ̂_t‖ against γ, LR+GD's loss and accuracy per iteration on Thm 5.1's
dataset (abstract (i), the paper's Fig. 1 at small scale), and LR+GD's iteration counts against γ
on Gaussian datasets (abstract (ii)).
"""

from __future__ import annotations

import numpy as np

from claimkit.figures import pyplot

from ...theorems.perceptron.claims import FASTER_ON_AVERAGE, LOSS_SLOPE, LR_TO_BP
from ...theorems.perceptron.formulas import bp_exact, thm51_data
from ...theorems.perceptron.library import lr_gd
from .limits import _f
from .speed import AVERAGE_DATASETS, AVERAGE_GAMMAS, LARGE_GAMMAS, _average_counts
from .strategies import gaussian_separable


def _plain_log_ticks(ax) -> None:
    """Log axes ticked at the decades only, labelled as plain numbers (0.1, 10, 1e-12): matplotlib's defaults
    typeset each label as mathtext and build eight minor ticks per decade, which together cost more than
    drawing the curves."""
    from matplotlib import ticker

    for axis in (ax.xaxis, ax.yaxis):
        if axis.get_scale() == "log":
            axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            axis.set_minor_locator(ticker.NullLocator())


@LR_TO_BP.figure("gap_vs_gamma", caption=r"$\|\theta_t/\gamma - \hat\theta_t\|$ against $\gamma$ on a Gaussian "
                 r"dataset ($n = 6$, $d = 2$): the gap falls like $e^{-\gamma \min_i |m_i|}$ until float64 roundoff.")
def _gap_figure():
    plt = pyplot()
    A, y = gaussian_separable(3, 6, 2)
    bp = bp_exact(A, y, 4)
    gammas = np.logspace(-1, 3, 40)
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    runs = [lr_gd(A, y, g, 4) for g in gammas]  # θ_0..θ_4 at each γ: one run serves every t
    for t in (1, 2, 3, 4):
        gaps = [np.linalg.norm(its[t] / g - _f(bp[t])) + 1e-18 for its, g in zip(runs, gammas)]
        ax.loglog(gammas, gaps, label=f"t = {t}")
    ax.set_xlabel("γ")
    ax.set_ylabel("‖θ_t/γ − θ̂_t‖")
    ax.legend(fontsize=7)
    _plain_log_ticks(ax)
    return fig


@LOSS_SLOPE.figure("loss_and_accuracy", caption="LR+GD on Thm 5.1's dataset (n = 40): logistic loss and "
                   "training accuracy per iteration for several γ. Large γ: the loss is highest while "
                   "accuracy reaches 1 first (the paper's Fig. 1 at small scale).")
def _loss_accuracy_figure():
    plt = pyplot()
    A, y = thm51_data(40)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2))
    Z = np.asarray(A, dtype=float) * np.asarray(y, dtype=float)[:, None]
    for g in (0.1, 1.0, 10.0, 100.0):
        M = lr_gd(A, y, g, 60) @ Z.T  # margins of every iterate
        ax1.semilogy(np.logaddexp(0.0, -M).mean(axis=1), label=f"γ = {g:g}")
        ax2.plot((M > 0).mean(axis=1), label=f"γ = {g:g}")
    ax1.set_xlabel("iteration t")
    ax1.set_ylabel("f(θ_t)")
    ax2.set_xlabel("iteration t")
    ax2.set_ylabel("accuracy (margin > 0)")
    ax1.legend(fontsize=7)
    _plain_log_ticks(ax1)
    return fig


@FASTER_ON_AVERAGE.figure("count_vs_gamma", caption="LR+GD iterations to solve (1) against γ on 40 Gaussian "
                          "datasets (n = 20, d = 3): thin lines per dataset, bold the mean. Beyond γ ≈ 10 "
                          "the counts settle at the Batch Perceptron's.")
def _count_figure():
    plt = pyplot()
    gammas = AVERAGE_GAMMAS + LARGE_GAMMAS[1:]
    # the counts the check computed (cached): γ = 1, 3, 10 and, beyond the claim's range, γ = 10, 100, 1000
    C = np.hstack([_average_counts(AVERAGE_DATASETS), _average_counts(AVERAGE_DATASETS, LARGE_GAMMAS)[:, 1:]])
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for row in C[:30]:
        ax.loglog(gammas, row, color="0.75", lw=0.6)
    ax.loglog(gammas, C.mean(axis=0), color="C0", lw=2, label="mean")
    ax.set_xlabel("γ")
    ax.set_ylabel("iterations to solve (1)")
    ax.legend(fontsize=7)
    _plain_log_ticks(ax)
    return fig
