"""The scale-invariance claims (AdamP, arXiv 2006.08217) run against ``adamp`` 0.3.0, the authors' release of SGDP
and AdamP: the released rules, the direction and norm statements S7–S8, the cosine test S10, S9 for AdamP with the
test off, and the step-for-step comparison with the released rule (``checks/conformance/released_steps.py``)."""

from __future__ import annotations

from claimkit import Claim, Implementation

from ...checks.scale_invariance import (  # noqa: F401  (attach the base checks before they are reused)
    adam_norm,
    cosine_test,
    library_conformance,
    projection_direction,
    projection_norm,
    released_rules,
)
from ..scale_invariance import claims as SI
from . import adapters_adamp as A
from ._pairs import mirror, reuse
from .adapters_torch import changed, with_mapping, without_state_writes

VERSION = "0.3.0"
FLOAT64 = "parameters, gradients and state are float64 tensors (torch's default is float32)"
MAPPING = (r"the numpy keywords are the package's (lr, momentum, dampening, weight_decay, nesterov, eps, $\delta$ = "
           r"delta, wd_ratio), passed unchanged; a keyword not given takes the package's default; " + FLOAT64 +
           "; the projection record is observed through the instance's view methods")
SGDP_IMPL = Implementation("adamp", VERSION, "adamp.SGDP", MAPPING)
ADAMP_IMPL = Implementation("adamp", VERSION, "adamp.AdamP", MAPPING.replace("momentum, dampening, ", "betas, "))
BOTH_IMPL = Implementation("adamp", VERSION, "adamp.SGDP, adamp.AdamP", MAPPING)
PACKAGE = "adamp 0.3.0 (adamp/sgdp.py, adamp/adamp.py): "

RULES = reuse(Claim(
    id="conformance.adamp_sgdp_released_rules", **mirror(SI.SGDP_RULES, assumptions=(
        "adamp.SGDP as installed", "released defaults unless stated")),
    expected="supported", subject=A.AdampSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "every hand-built case of the released rule holds for the code the family's port was written "
                    "from: the views, one-dimensional parameters, the strict threshold, the absolute cosine, the raw "
                    "gradient and the in-place projection of the stored buffer, the decay factor.",
), SI.SGDP_RULES, ("views_follow_the_invariance", "one_dimensional_parameters_untouched", "strict_threshold",
                   "absolute_and_scaled_cosine", "raw_gradient_decides_and_buffer_is_projected",
                   "decay_factor_and_ratio"))

DIRECTION = reuse(Claim(
    id="conformance.adamp_sgdp_direction_preserved", **mirror(SI.SGDP_DIRECTION),
    expected="supported", subject=A.AdampSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "when the view that fires matches the invariance, the package's SGDP step has the tangent part "
                    "of the plain momentum step in every invariance block.",
), SI.SGDP_DIRECTION, ("same_tangent_as_unprojected_step",))

DIRECTION_RELEASED = reuse(Claim(
    id="conformance.adamp_sgdp_direction_released_views", **mirror(SI.SGDP_DIRECTION_RELEASED),
    expected="conditional", subject=A.AdampSGDP, implementation=SGDP_IMPL,
    refined_by="conformance.adamp_sgdp_direction_preserved",
    notes=PACKAGE + "as for the port, the released test fires per channel on some LayerNorm nets (the first is seed "
                    "{{released_views_keep_the_layernorm_direction.first_seed}}), and the package's step then changes "
                    "the tangent direction of the whole matrix (re-verified in exact rationals). The refinement, "
                    "conformance.adamp_sgdp_direction_preserved, holds.",
), SI.SGDP_DIRECTION_RELEASED, ("released_views_keep_the_layernorm_direction",))

NORM = reuse(Claim(
    id="conformance.adamp_norm_identity", **mirror(SI.SGDP_NORM),
    expected="supported", subject={"SGDP": A.AdampSGDP, "AdamP": A.AdampAdamP}, implementation=BOTH_IMPL,
    notes=PACKAGE + r"each invariance block of the package's SGDP and AdamP obeys the momentum-free law when the "
                    r"projection fires ($\epsilon = 10^{-30}$).",
), SI.SGDP_NORM, ("sgdp_pythagoras_per_block", "adamp_pythagoras_per_block"))

AS_GD = reuse(Claim(
    id="conformance.adamp_sgdp_growth_as_gd", **mirror(SI.SGDP_AS_GD),
    expected="conditional", subject=A.AdampSGDP, implementation=SGDP_IMPL,
    refined_by="conformance.adamp_norm_identity",
    notes=PACKAGE + "on mutually orthogonal gradients the package's growth exceeds GD's, as the released rule's does "
                    "in exact rationals; the refinement, conformance.adamp_norm_identity, holds.",
), SI.SGDP_AS_GD, ("growth_equals_gd_growth",))

SELECTIVE = reuse(Claim(
    id="conformance.adamp_cosine_test_selective", **mirror(SI.COSINE_SELECTIVE),
    expected="refuted", subject=A.AdampSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "as released, a zero gradient (a net that fits its targets) makes the test fire on a layer "
                    "without normalization, whose weight decay is then cut by wd_ratio (re-verified at 50 digits).",
), SI.COSINE_SELECTIVE, ("never_fires_without_normalization",))

FALSE_ALARM = reuse(Claim(
    id="conformance.adamp_cosine_test_false_alarm", **mirror(SI.COSINE_FALSE_ALARM),
    expected="supported", subject=A.AdampSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "the package's firing rate on isotropic random gradients lies within the stated bounds.",
), SI.COSINE_FALSE_ALARM, ("monte_carlo_firing_rate",))

RELEASE = reuse(Claim(
    id="conformance.adamp_follows_release", **mirror(SI.LIBRARY_RELEASE, assumptions=(
        "adamp.SGDP, adamp.AdamP and the package's channel and layer views as installed",
        r"gradients below $1.3 \times 10^{154}$ for AdamP (its second moment holds $g^2$)")),
    expected="refuted", subject={"SGDP": A.AdampSGDP, "AdamP": A.AdampAdamP, "channel_view": A.channel_view,
                                 "layer_view": A.layer_view, "VIEWS": A.VIEWS},
    implementation=BOTH_IMPL,
    notes=PACKAGE + r"the authors' release departs from its own rule at weights of magnitude $10^{200}$: torch "
                    r"computes the row norms without rescaling, they overflow to $\infty$, F.cosine_similarity "
                    r"returns 0, so the channel view fires whatever the gradient, and $p_n = w/(\infty + \epsilon) = "
                    r"0$ removes nothing (the pinned case, SGDP on a $3 \times 4$ weight scaled by $10^{200}$, "
                    r"re-verified against the rule at 50 digits). Its views are the released layout. The base's "
                    r"cosine check is not run: the package exposes only $|\cos|$ (its _cosine_similarity takes the "
                    r"absolute value).",
), SI.LIBRARY_RELEASE, ("views_match_the_release",))

ADAM_MONOTONE = reuse(Claim(
    id="conformance.adamp_adam_norm_monotone", **mirror(SI.ADAM_MONOTONE, assumptions=(
        r"adamp.AdamP with $\delta = 0$ (the test never fires): Adam with decoupled decay, $\mathrm{wd} = 0$",
        "gradient orthogonal to the weights")),
    expected="refuted", subject=A.AdampAdamP, implementation=ADAMP_IMPL,
    notes=PACKAGE + r"with $\delta = 0$ the package's AdamP is Adam, and its first step from a gradient $\perp w$ can "
                    r"shrink the norm (re-verified in exact rationals), as the port's does.",
), SI.ADAM_MONOTONE, ("first_step_does_not_shrink",))

# -- mutants: the adapter with a perturbed mapping ----------------------------------------------------------------

_TEN_DELTA = changed({"delta": lambda v, a: 10 * (0.1 if v is None else v)})
_DECAY_NO_FACTOR = changed({"weight_decay": lambda v, a: None if v is None else v * (1 - a.get("momentum", 0.0))})
_RATIO_TWICE = changed({"wd_ratio": lambda v, a: (0.1 if v is None else v) ** 2})
_EPS_DEFAULT = changed({"eps": lambda v, a: None})

RULES.mutant("delta_tenfold", r"$\delta$ passed as $10\delta$", with_mapping(A.AdampSGDP, "delta", _TEN_DELTA),
             targets=("views_follow_the_invariance", "strict_threshold", "absolute_and_scaled_cosine"))
RULES.mutant("decay_without_momentum_factor", r"weight_decay passed as $\mathrm{wd}(1 - \mu)$, cancelling the "
             r"package's $1/(1 - \mu)$", with_mapping(A.AdampSGDP, "decay", _DECAY_NO_FACTOR),
             targets=("one_dimensional_parameters_untouched", "decay_factor_and_ratio"))
RULES.mutant("ratio_applied_twice", r"wd_ratio passed as its square", with_mapping(A.AdampSGDP, "ratio", _RATIO_TWICE),
             targets=("decay_factor_and_ratio",))
RULES.mutant("eps_not_passed", r"eps not passed (the package's $10^{-8}$ for the asked $10^{-30}$)",
             with_mapping(A.AdampSGDP, "eps", _EPS_DEFAULT), targets=("raw_gradient_decides_and_buffer_is_projected",))

DIRECTION.mutant("buffer_not_handed", "the momentum buffer set before the step is not written into the package's "
                 "state", without_state_writes(A.AdampSGDP))
_HALF_MOMENTUM = changed({"momentum": lambda v, a: None if v is None else v / 2})
DIRECTION.mutant("momentum_halved", r"momentum passed as $\mu/2$",
                 with_mapping(A.AdampSGDP, "momentum", _HALF_MOMENTUM))

NORM.mutant("sgdp_decay_without_momentum_factor", r"SGDP's weight_decay passed as $\mathrm{wd}(1 - \mu)$",
            {"SGDP": with_mapping(A.AdampSGDP, "decay", _DECAY_NO_FACTOR), "AdamP": A.AdampAdamP},
            targets=("sgdp_pythagoras_per_block",))
NORM.mutant("adamp_decay_over_one_minus_beta1", r"AdamP's weight_decay passed as $\mathrm{wd}/(1 - \beta_1)$",
            {"SGDP": A.AdampSGDP, "AdamP": with_mapping(A.AdampAdamP, "decay", changed({
                "weight_decay": lambda v, a: None if v is None else v / (1 - a.get("betas", (0.9, 0.999))[0])}))},
            targets=("adamp_pythagoras_per_block",))
NORM.mutant("eps_not_passed", r"eps not passed to either (the package's $10^{-8}$ for the asked $10^{-30}$)",
            {"SGDP": with_mapping(A.AdampSGDP, "eps", _EPS_DEFAULT),
             "AdamP": with_mapping(A.AdampAdamP, "eps", _EPS_DEFAULT)})

FALSE_ALARM.mutant("delta_tenfold", r"$\delta$ passed as $10\delta$", with_mapping(A.AdampSGDP, "delta", _TEN_DELTA))

RELEASE.mutant("views_swapped", "the adapter's VIEWS names the layer view channel and the channel view layer",
               {**RELEASE.subject, "VIEWS": {"channel": A.layer_view, "layer": A.channel_view}},
               targets=("views_match_the_release",))
