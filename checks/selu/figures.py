"""Figures of the SELU claims: where the Jacobian's norm crosses 1 around Theorem 1's domain (the deep network's
layer statistics are drawn by its check, checks/selu/dynamics.py)."""

from __future__ import annotations

import numpy as np

from claimkit.figures import pyplot

from ...theorems.selu import library as L
from ...theorems.selu.claims_map import CONTRACTION_BOUNDARY


@CONTRACTION_BOUNDARY.figure("norm_against_nu", caption="Spectral norm of the Jacobian at the worst corner μ = ω = "
                             "0.1 against ν, for τ = 0.95 and 1.1 (Theorem 1's ends) and 1.3 (beyond τ_c); the shaded "
                             "band is Theorem 1's ν. For Theorem 1's τ, contraction (‖J‖₂ < 1) holds well beyond the "
                             "band on both sides; at τ = 1.3 it is lost at the band's lower end.")
def _norm_against_nu():
    plt = pyplot()
    nus = np.geomspace(0.2, 2000.0, 40)
    fig, ax = plt.subplots(figsize=(5.4, 3.2))
    for color, tau in zip(("C0", "C1", "C3"), (0.95, 1.1, 1.3)):
        norms = [np.linalg.norm(L.selu_jacobian(0.1, nu, 0.1, tau), 2) for nu in nus]
        ax.plot(nus, norms, color=color, lw=1.2, label=f"τ = {tau}")
    ax.axhline(1.0, color="k", lw=0.7, ls=":")
    ax.axvspan(0.8, 1.5, color="0.85", zorder=0)
    ax.set_xscale("log")
    ax.set_xlabel("ν")
    ax.set_ylabel("‖J‖₂")
    ax.legend(fontsize=7)
    return fig
