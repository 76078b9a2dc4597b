"""BNPO's GRPO member (arXiv 2506.02864, ``theorems/bnpo``) run against ``trl`` 1.16.0: the group-normalised advantage
that GRPOTrainer computes, with the group standard deviation of ``trl.trainer.utils.nanstd``
(``checks/conformance/grpo_member.py``)."""

from __future__ import annotations

import functools

from claimkit import Claim, Implementation

from ..bnpo import claims as BNPO
from . import adapters_trl as T
from ._pairs import mirror

VERSION = "1.16.0"
MAPPING = (r"the rewards of each prompt's $G$ completions consecutive, as trl lays them out; the group mean is "
           r"torch.nanmean and the group std trl.trainer.utils.nanstd (Bessel-corrected), composed as "
           r"GRPOTrainer._generate_and_score_completions does with scale_rewards='group': "
           r"$(R - \mathrm{mean})/(\mathrm{std} + \varepsilon)$, with $\varepsilon = 0$ as the claim assumes (the "
           r"trainer fixes $\varepsilon = 10^{-4}$); float64 tensors")

GRPO_MEMBER = Claim(
    id="conformance.trl_grpo_member_up_to_constant", **mirror(BNPO.GRPO_SCALED),
    expected="refuted", subject=functools.partial(T.group_advantages, eps=0.0),
    implementation=Implementation("trl", VERSION, "trl.trainer.utils.nanstd (GRPOTrainer's group advantage)",
                                  MAPPING),
    notes="trl 1.16.0 (trl/trainer/utils.py, trl/trainer/grpo_trainer.py): the identity holds for the expression "
          r"GRPOTrainer computes, but not in trl's float64 arithmetic: nanstd computes Bessel's factor "
          r"count/(count - 1) by dividing integer tensors, which torch does in its default float32, so the group "
          r"std of float64 rewards is off by up to $2^{-24}$ relative and the advantage departs from "
          r"$(R - \hat p)/s$ by as much (for the group $(1, 0, 0, 0)$, whose std is exactly $1/2$: the size is in "
          r"the re-verification, at 40 digits). GRPOTrainer also adds $\varepsilon = 10^{-4}$ to the std, outside "
          r"the claim's $\varepsilon = 0$; it moves the advantage by a further $\varepsilon/(s + \varepsilon)$ "
          r"relative, at least $10^{-4}$ for binary rewards ($s < 1$). The advantage is computed inline in "
          r"GRPOTrainer._generate_and_score_completions, which needs a model; the adapter calls nanstd, the "
          r"function that method uses, and composes the method's expression.",
)
