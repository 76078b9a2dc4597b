"""Figures of the icl_one_step_gd claims."""

from __future__ import annotations

import numpy as np

from claimkit.figures import pyplot

from ...theorems.icl_one_step_gd import library as L
from ...theorems.icl_one_step_gd.claims import STEP
from .moments import D_SIM, N_SIM, PROMPTS, S2_SIM, SIM_SEED, simulated_prompts


@STEP.figure("risk_against_step", caption="Risk of one GD step at (n, d, σ²) = (10, 3, 1/4): the exact quadratic "
             "(line) and simulated risks on the check's 20 000 prompts (dots, ± 2 standard errors), with the "
             "candidate steps "
             "n/(n + d + 1 + σ²), n/(n + d) and 1 marked.")
def _risk_figure():
    """The exact one-step risk against η, simulated risks, and the candidate steps."""
    plt = pyplot()
    etas = np.linspace(0.3, 1.2, 91)
    exact = [L.one_step_risk(float(e), N_SIM, np.eye(D_SIM), np.eye(D_SIM), S2_SIM) for e in etas]
    s, y = simulated_prompts(SIM_SEED, PROMPTS)
    grid = np.linspace(0.4, 1.1, 8)
    sims = [((e * s - y) ** 2) for e in grid]
    fig, ax = plt.subplots(figsize=(5.4, 3.3))
    ax.plot(etas, exact, lw=1.2, label="exact risk")
    ax.errorbar(grid, [v.mean() for v in sims], yerr=[2 * v.std() / np.sqrt(v.size) for v in sims], fmt=".",
                color="C1", label="simulated")
    for value, name, style in ((N_SIM / (N_SIM + D_SIM + 1 + S2_SIM), "n/(n+d+1+σ²)", "-"),
                               (N_SIM / (N_SIM + D_SIM), "n/(n+d)", "--"), (1.0, "1", ":")):
        ax.axvline(value, color="C3", ls=style, lw=0.8, label=f"η = {name}")
    ax.set_xlabel("step η")
    ax.set_ylabel("risk")
    ax.legend(fontsize=7)
    return fig
