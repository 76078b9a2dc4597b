"""The adapter to ``trl`` 1.16.0: the group-normalised advantage of GRPO.

In trl 1.16.0 the advantage is computed inline in ``GRPOTrainer._generate_and_score_completions``
(trl/trainer/grpo_trainer.py, the branch ``multi_objective_aggregation == "sum_then_normalize"`` with
``scale_rewards="group"``): the rewards are viewed as (groups, G), the group mean is ``torch.nanmean`` and the group
standard deviation ``trl.trainer.utils.nanstd`` (trl/trainer/utils.py: Bessel-corrected), and the advantage is
``(R − mean)/(std + 1e-4)``. That method needs a model, a tokenizer, generation and reward functions; the function
it calls for the statistic that matters, ``nanstd``, is callable alone. :func:`group_advantages` calls it and
composes the advantage as the trainer does, with the trainer's constant ``1e-4`` as the argument ``eps``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .adapters_torch import float_array, to_numpy, to_tensor

__all__ = ["TRAINER_EPS", "group_advantages"]

#: The constant GRPOTrainer adds to the group std (grpo_trainer.py: ``advantages / (std_rewards + 1e-4)``).
TRAINER_EPS = 1e-4


def group_advantages(rewards: Any, group_size: int, *, eps: float = TRAINER_EPS, std: str = "group") -> np.ndarray:
    """GRPO's advantage for ``rewards`` in consecutive groups of ``group_size`` (trl's layout: the completions of
    one prompt are consecutive), as trl 1.16.0 computes it: ``(R − nanmean_q)/(nanstd_q + eps)``. ``std="group"``
    is the trainer's default ``scale_rewards="group"``; ``"batch"`` its ``scale_rewards="batch"`` (one std over the
    batch, the mean still per group). Float64 tensors."""
    import torch
    from trl.trainer.utils import nanstd

    r = float_array("rewards", np.asarray(rewards, dtype=np.float64), min_ndim=1)
    if r.ndim != 1:
        raise ValueError(f"rewards must be one-dimensional, got shape {r.shape}")
    if isinstance(group_size, bool) or not isinstance(group_size, int) or group_size < 2:
        raise ValueError(f"group_size must be an integer ≥ 2 (trl needs two completions for a std), got {group_size!r}")
    if r.size % group_size:
        raise ValueError(f"{r.size} rewards do not make groups of {group_size}")
    if std not in ("group", "batch"):
        raise ValueError(f"std must be 'group' or 'batch' (trl's scale_rewards), got {std!r}")
    e = float(eps)
    if not np.isfinite(e) or e < 0:
        raise ValueError(f"eps must be finite and ≥ 0, got {eps!r}")
    rewards_t = to_tensor(r)
    grouped = rewards_t.view(-1, group_size)
    mean = torch.nanmean(grouped, dim=1).repeat_interleave(group_size, dim=0)
    if std == "group":
        spread = nanstd(grouped, dim=1).repeat_interleave(group_size, dim=0)
    else:
        spread = nanstd(rewards_t).expand_as(rewards_t)
    return to_numpy((rewards_t - mean) / (spread + e))


def groups_of(outcomes: Sequence[Sequence[int]]) -> tuple[np.ndarray, int]:
    """Equal-sized groups of binary outcomes as trl's flat reward vector and the group size."""
    sizes = {len(o) for o in outcomes}
    if len(sizes) != 1:
        raise ValueError(f"trl's groups all have num_generations completions: got sizes {sorted(sizes)}")
    return np.array([float(v) for o in outcomes for v in o]), sizes.pop()
