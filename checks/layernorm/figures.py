"""Figures of the Layer Normalization checks (arXiv 1607.06450): the invariance error of LayerNorm with
ε > 0 under W′ = δW (§3 applied to Table 1's weight-matrix re-scaling)."""

from __future__ import annotations

import numpy as np

from ...fixtures.normalization import normalize
from ...theorems.layernorm import claims as C


@C.EPS_FACTOR.figure("eps_error", caption="Invariance error of LayerNorm under W′ = δW against ε/σ² "
                     "(δ = 2 and δ = 0.5): measured, and the bound (ε/2σ²)|1 − δ⁻²|.")
def _eps_figure():
    from claimkit.figures import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    v = np.array([[1.0, -2.0, 0.5, 3.0]])
    var = float(v.var())
    ratios = np.logspace(-6, 1, 60)
    for delta, colour in ((2.0, "C0"), (0.5, "C1")):
        err = []
        for r in ratios:
            y, y2 = normalize(v, axis=1, eps=r * var), normalize(delta * v, axis=1, eps=r * var)
            err.append(float(np.max(np.abs(y2 - y)) / np.max(np.abs(y))))
        ax.loglog(ratios, err, color=colour, label=f"measured, δ={delta}")
        ax.loglog(ratios, ratios / 2 * abs(1 - delta**-2), color=colour, ls="--", label=f"bound, δ={delta}")
    ax.set_xlabel("ε/σ²")
    ax.set_ylabel("relative invariance error")
    ax.legend(fontsize=7)
    # One labelled tick per decade carries the scale; minor ticks add about a hundred tick artists to lay out
    # and nothing to read. The figure is cropped to its artists when saved, so no separate layout pass.
    ax.minorticks_off()
    return fig
