"""Saving matplotlib figures deterministically (Agg backend, fixed SVG ids, no date stamp)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._io import atomic_write

__all__ = ["save_figure", "close_figure", "pyplot", "warm_up"]


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend with deterministic SVG output."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "claimkit"
    matplotlib.rcParams["svg.fonttype"] = "path"
    return plt


def save_figure(fig: Any, path: Path) -> None:
    """Write ``fig`` as SVG to ``path`` atomically and close it."""
    plt = pyplot()
    try:
        atomic_write(path, lambda fh: fig.savefig(fh, format="svg", metadata={"Date": None, "Creator": None},
                                                  bbox_inches="tight"))
    finally:
        plt.close(fig)


def close_figure(fig: Any) -> None:
    pyplot().close(fig)


def warm_up() -> None:
    """Import matplotlib and draw one labelled figure to memory, so that the first claim to draw does not
    carry the process's one-time cost (the import, the font cache, the SVG backend) in its own time."""
    import io

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0.0, 1.0], [1.0, 10.0], label="warm-up")
    ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.legend(fontsize=7)
    try:
        fig.savefig(io.BytesIO(), format="svg", bbox_inches="tight")
    finally:
        plt.close(fig)
