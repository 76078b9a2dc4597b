"""The figure of the reproduction: exact infimum of the conditional regret against the transforms, n = 3."""

from __future__ import annotations

import numpy as np

from claimkit.figures import pyplot

from ...theorems.ce_h_consistency.library import transform
from . import ground_truth as G


def transform_figure():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    ts = np.linspace(0.1, 0.9, 5)
    grid = np.linspace(0.0, 1.0, 41)
    for tau, colour in ((0.0, "C0"), (1.0, "C1"), (1.5, "C2"), (2.0, "C3")):
        ax.plot(grid, [transform(float(t), tau, 3) for t in grid], color=colour, label=f"T, τ = {tau:g}")
        ax.plot(ts, [G.exact_inf(tau, 3, float(t))[0] for t in ts], "o", color=colour, ms=3)
    ax.set_xlabel("zero-one regret t")
    ax.set_ylabel("conditional regret")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
