"""Figures: the released toy's losses per step for several α (drawn by the reproduction check)."""

from __future__ import annotations

from claimkit.figures import pyplot


def toy_figure(subject, steps):
    """MSE against sin(2πx) per distillation step, α ∈ {0, 0.1, 0.25, 0.35, 0.6, 1}, with the limits dashed."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for i, alpha in enumerate((0.0, 0.1, 0.25, 0.35, 0.6, 1.0)):
        losses = subject(alpha, steps)
        color = f"C{i}"
        ax.plot(range(1, steps + 1), losses[:-1], marker="o", ms=3, color=color, label=f"α = {alpha:g}")
        ax.axhline(losses[-1], color=color, ls="--", lw=0.8)
    ax.set_xlabel("step (1 = initial fit)")
    ax.set_ylabel("MSE against sin(2πx)")
    ax.set_ylim(0.13, 0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    return fig
