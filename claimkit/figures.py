"""Saving matplotlib figures deterministically (Agg backend, fixed SVG ids, no date stamp)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._io import atomic_write

__all__ = ["save_figure", "close_figure", "pyplot"]


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
