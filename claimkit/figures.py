"""Saving matplotlib figures deterministically (Agg backend, fixed SVG ids, no date stamp)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    os.replace(tmp, path)
    plt.close(fig)


def close_figure(fig: Any) -> None:
    pyplot().close(fig)
