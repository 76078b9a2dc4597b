"""The scale-invariance claims that concern plain optimizers run against ``torch`` 2.13.0's ``torch.optim``: S9
(Adam without projection does not always grow the norm) for ``torch.optim.Adam`` and ``torch.optim.AdamW``, and
the norm laws S3 (gradient descent) and S5 (heavy-ball momentum) for ``torch.optim.SGD`` on the tiny LayerNorm and
BatchNorm nets (``checks/conformance/momentum_law.py``)."""

from __future__ import annotations

from claimkit import Claim, Implementation

from ...checks.scale_invariance import adam_norm  # noqa: F401  (attach the base checks before they are reused)
from ..scale_invariance import claims as SI
from . import adapters_torch as T
from ._pairs import mirror, reuse

VERSION = "2.13.0"
FLOAT64 = "parameters, gradients and state are float64 tensors (torch's default is float32)"
ADAM_MAPPING = (r"AdamP's keywords with $\delta = 0$ (no projection): lr, betas, eps and weight_decay passed as they "
                r"are (weight_decay 0 here); " + FLOAT64 + r"; the projection record is $(\text{None}, 1)$")
SGD_MAPPING = (r"lr $= \eta$ and momentum $= \beta$ passed as they are; torch's defaults dampening 0, nesterov False, "
               r"weight_decay 0 (heavy ball $p_t = \beta p_{t-1} + g_t$, $w_{t+1} = w_t - \eta p_t$); " + FLOAT64 +
               r"; $p_t$ is read from the step, $(w_t - w_{t+1})/\eta$")

ADAM_MONOTONE = reuse(Claim(
    id="conformance.torch_adam_norm_monotone", **mirror(SI.ADAM_MONOTONE, assumptions=(
        r"torch.optim.Adam, weight decay 0 (AdamP with $\delta = 0$ is Adam with decoupled decay)",
        "gradient orthogonal to the weights")),
    expected="refuted", subject=T.TorchAdam,
    implementation=Implementation("torch", VERSION, "torch.optim.Adam", ADAM_MAPPING),
    notes="torch 2.13.0 (torch/optim/adam.py): the first step of torch's Adam from a "
          r"gradient $\perp w$ can shrink the norm (re-verified in exact rationals): S9 fails for it as for AdamP "
          r"with $\delta = 0$.",
), SI.ADAM_MONOTONE, ("first_step_does_not_shrink",))

ADAMW_MONOTONE = reuse(Claim(
    id="conformance.torch_adamw_norm_monotone", **mirror(SI.ADAM_MONOTONE, assumptions=(
        r"torch.optim.AdamW, weight decay 0", "gradient orthogonal to the weights")),
    expected="refuted", subject=T.TorchAdamW,
    implementation=Implementation("torch", VERSION, "torch.optim.AdamW", ADAM_MAPPING.replace(
        "(weight_decay 0 here)", "(weight_decay 0 here; AdamW's own default is 0.01)")),
    notes="torch 2.13.0 (torch/optim/adamw.py): the first step of torch's AdamW "
          r"(weight decay 0) from a gradient $\perp w$ can shrink the norm (re-verified in exact rationals).",
), SI.ADAM_MONOTONE, ("first_step_does_not_shrink",))

SGD_GD = Claim(
    id="conformance.torch_sgd_gd_norm_growth", **mirror(SI.GD_NORM_GROWTH, assumptions=(
        SI.SCALE_INVARIANT, "torch.optim.SGD with momentum 0, no weight decay")),
    expected="supported", subject=T.torch_sgd_run,
    implementation=Implementation("torch", VERSION, "torch.optim.SGD", SGD_MAPPING.replace(
        "momentum $= \\beta$", "momentum $= 0$")),
    notes="torch 2.13.0 (torch/optim/sgd.py): on the tiny LayerNorm and BatchNorm nets "
          r"the package's gradient descent follows S3 step by step, the gradient taken at its iterates.",
)

SGD_MOMENTUM = Claim(
    id="conformance.torch_sgd_momentum_norm_growth", **mirror(SI.MOMENTUM_NORM),
    expected="supported", subject=T.torch_sgd_run,
    implementation=Implementation("torch", VERSION, "torch.optim.SGD", SGD_MAPPING),
    notes="torch 2.13.0 (torch/optim/sgd.py): torch's heavy ball (dampening 0, the "
          r"buffer started at the first gradient, $p_0 = g_0$) follows S5 step by step on the tiny LayerNorm and "
          r"BatchNorm nets, its updates read from its steps.",
)

# -- mutants: the adapter with a perturbed mapping ----------------------------------------------------------------


def _sgd_with(name: str, **change: object):
    """torch_sgd_run with its keywords changed (each value a function of the keywords)."""

    def run(grad_fn, w0, steps, **kw):
        return T.torch_sgd_run(grad_fn, w0, steps, **{**kw, **{k: f(kw) for k, f in change.items()}})

    run.__name__ = f"torch_sgd_run_{name}"
    return run


SGD_GD.mutant("momentum_passed", r"momentum 0.5 passed for 0", _sgd_with("momentum", momentum=lambda kw: 0.5))
SGD_GD.mutant("weight_decay", r"weight_decay $10^{-2}$ passed (torch's coupled decay)",
              _sgd_with("weight_decay", weight_decay=lambda kw: 1e-2))
SGD_MOMENTUM.mutant("momentum_halved", r"momentum passed as $\beta/2$",
                    _sgd_with("momentum_halved", momentum=lambda kw: kw["momentum"] / 2))
SGD_MOMENTUM.mutant("nesterov", r"nesterov=True (where $\beta > 0$): the step $g_t + \beta p_t$",
                    _sgd_with("nesterov", nesterov=lambda kw: kw["momentum"] > 0))
SGD_MOMENTUM.mutant("weight_decay", r"weight_decay $10^{-2}$ passed (torch's coupled decay)",
                    _sgd_with("weight_decay", weight_decay=lambda kw: 1e-2))
