"""The invariance blocks of the tiny nets' weight matrices and the projection eps used by the S7, S8
and released-rule checks of SGDP/AdamP.
"""

from __future__ import annotations

import numpy as np

#: eps used where the projection must be exactly radial: p_n = w/(‖w‖ + eps) deviates from w/‖w‖ by
#: eps/‖w‖ relative, 1e-30 is far below float64 resolution for ‖w‖ ≥ 1e-10 (and avoids 0/0 on zero rows).
TINY_EPS = 1e-30


def _blocks(norm: str, shape: tuple[int, ...]) -> list[np.ndarray]:
    """The invariance blocks of a tiny net's weight matrix: rows (BatchNorm) or the whole (LayerNorm)."""
    if norm == "batch":
        out = []
        for j in range(shape[0]):
            m = np.zeros(shape, dtype=bool)
            m[j] = True
            out.append(m)
        return out
    return [np.ones(shape, dtype=bool)]
