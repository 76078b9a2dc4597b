"""The adapter to ``lion-pytorch`` 0.2.5 (import name ``lion_pytorch``; ``lion_pytorch/lion_pytorch.py``: ``Lion`` and
its ``update_fn``), a widely installed port of the released Lion.

:func:`lion_step` has the signature of ``theorems/lion_k/formulas.released_lion_step`` and of the library's
``lion_step``: ``(x, m, g, lr, betas, weight_decay) -> (x, m)``, one step from momentum ``m`` (written into the
package's ``exp_avg`` before the step and read back after it). Mapping: lr, betas and weight_decay are passed as
they are, with the package's default ``decoupled_weight_decay=False`` (its decay is then ``x(1 − lr·wd)``, the
release's; with True it divides wd by the initial lr) and ``use_triton=False``. lr and weight_decay may be arrays
of shape (rows, 1) for a 2-D ``x``: one parameter group per row. Float64 tensors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .adapters_pytorch_optimizer import lion_run_rows

__all__ = ["lion_step"]


def lion_step(x: Any, m: Any, g: Any, lr: Any = 1e-4, betas: Any = (0.9, 0.99), weight_decay: Any = 0.0, *,
              options: dict[str, Any] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One step of ``lion_pytorch.Lion`` (lion-pytorch 0.2.5): returns ``(x, m)`` after the step, the inputs
    unchanged; ``options`` go to the constructor as they are."""
    import lion_pytorch

    def make(groups: list[dict[str, Any]]) -> Any:
        lr0 = groups[0]["lr"]
        return lion_pytorch.Lion(groups, lr=lr0, **(options or {}))

    return lion_run_rows(make, x, m, g, lr, betas, weight_decay)
