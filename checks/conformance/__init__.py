"""Checks of the conformance family that the base families do not have: installed packages compared step for
step with the released rules and re-verified at high precision or in exact rationals.

Modules:

* ``released_steps``: SGDP/AdamP of adamp and pytorch-optimizer against the released rule (adamp v0.3.0), drawn
  and hand-built cases, each counterexample re-verified against the rule at 50 digits.
* ``lion_steps``: Lion of lion-pytorch and pytorch-optimizer against the algorithm listing computed in exact
  rationals, step by step, and at a subnormal momentum.
* ``momentum_law``: the norm laws S3 and S5 for ``torch.optim.SGD`` on the tiny LayerNorm and BatchNorm nets.
* ``adahessian_release``: pytorch-optimizer's AdaHessian against the port of the release (every Hessian power, the
  spatial averaging of a 4-D weight, the Hutchinson estimate), re-verified at 50 digits.
* ``grpo_member``: BNPO's GRPO member for trl's group-normalised advantage, re-verified at 40 digits.
"""
