"""The claims run against ``pytorch-optimizer`` 4.1.0 (import name ``pytorch_optimizer``): the scale-invariance
claims (AdamP, arXiv 2006.08217) for its SGDP and AdamP (optimizer/adamp.py), the Lion claims (``theorems/lion_k``)
for its Lion (optimizer/lion.py), and the ADAHESSIAN claims (arXiv 2006.00719, ``theorems/adahessian_hutchinson``)
for its AdaHessian (optimizer/adahessian.py); the step-for-step comparisons with the releases are in
``checks/conformance``."""

from __future__ import annotations

from claimkit import Claim, Implementation

from ...checks.adahessian_hutchinson import library_conformance as _adahessian_library  # noqa: F401
from ...checks.adahessian_hutchinson import release as _adahessian_release  # noqa: F401
from ...checks.adahessian_hutchinson import update as _adahessian_update  # noqa: F401
from ...checks.lion_k import box as _lion_box  # noqa: F401
from ...checks.lion_k import library_conformance as _lion_library  # noqa: F401
from ...checks.lion_k import quadratic as _lion_quadratic  # noqa: F401
from ...checks.scale_invariance import (  # noqa: F401  (attach the base checks before they are reused)
    adam_norm,
    cosine_test,
    library_conformance,
    projection_direction,
    projection_norm,
    released_rules,
)
from ..adahessian_hutchinson import claims_library as AL
from ..adahessian_hutchinson import claims_release as AR
from ..adahessian_hutchinson import claims_update as AU
from ..lion_k import claims_discrete as LD
from ..lion_k import claims_library as LL
from ..lion_k.formulas import phase_one_rate
from ..scale_invariance import claims as SI
from . import adapters_pytorch_optimizer as A
from ._pairs import mirror, reuse
from .adapters_torch import changed, with_mapping, without_state_writes

VERSION = "4.1.0"
FLOAT64 = "parameters, gradients and state are float64 tensors (torch's default is float32)"
MAPPING = (r"the numpy keywords are the package's (lr, momentum, dampening, weight_decay, nesterov, eps, $\delta$ = "
           r"delta, wd_ratio), passed unchanged; a keyword not given takes the package's default; the package's "
           r"other options keep theirs (weight_decouple=True, fixed_decay=False: the release's decoupled decay; "
           r"maximize=False) but foreach=False; " + FLOAT64 + "; the projection record is observed through the "
           "module's view functions; AdamP's step counter is the package's per-group step")
SGDP_IMPL = Implementation("pytorch-optimizer", VERSION, "pytorch_optimizer.SGDP", MAPPING)
ADAMP_IMPL = Implementation("pytorch-optimizer", VERSION, "pytorch_optimizer.AdamP",
                            MAPPING.replace("momentum, dampening, ", "betas, "))
BOTH_IMPL = Implementation("pytorch-optimizer", VERSION, "pytorch_optimizer.SGDP, pytorch_optimizer.AdamP", MAPPING)
PACKAGE = "pytorch-optimizer 4.1.0 (optimizer/adamp.py): "

RULES = reuse(Claim(
    id="conformance.pyopt_sgdp_released_rules", **mirror(SI.SGDP_RULES, assumptions=(
        "pytorch_optimizer.SGDP as installed", "released defaults unless stated")),
    expected="refuted", subject=A.PyoptSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "the package updates with a copy of its buffer (d_p = buf.clone()), so the projection never "
                    "reaches the stored buffer: on the base's case (zero gradient, buffer $0.5W$, momentum 0.9) the "
                    "stored buffer keeps its radial part, where the release's is $\\perp$ every row (re-verified "
                    "against the rule at 50 digits). The momentum of the next steps therefore differs from the "
                    "release's whenever a view fires. The other hand-built cases of the rule hold.",
), SI.SGDP_RULES, ("views_follow_the_invariance", "one_dimensional_parameters_untouched", "strict_threshold",
                   "absolute_and_scaled_cosine", "decay_factor_and_ratio"))

DIRECTION = reuse(Claim(
    id="conformance.pyopt_sgdp_direction_preserved", **mirror(SI.SGDP_DIRECTION),
    expected="supported", subject=A.PyoptSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "when the view that fires matches the invariance, the package's SGDP step has the tangent part "
                    "of the plain momentum step in every invariance block (one step from a given buffer: the copy "
                    "of the buffer does not matter here).",
), SI.SGDP_DIRECTION, ("same_tangent_as_unprojected_step",))

DIRECTION_RELEASED = reuse(Claim(
    id="conformance.pyopt_sgdp_direction_released_views", **mirror(SI.SGDP_DIRECTION_RELEASED),
    expected="conditional", subject=A.PyoptSGDP, implementation=SGDP_IMPL,
    refined_by="conformance.pyopt_sgdp_direction_preserved",
    notes=PACKAGE + "the package tries the views in the released order, so on the first LayerNorm net where the "
                    "channel view fires (seed {{released_views_keep_the_layernorm_direction.first_seed}}) its step "
                    "changes the tangent direction of the whole matrix (re-verified in exact rationals). The "
                    "refinement, conformance.pyopt_sgdp_direction_preserved, holds.",
), SI.SGDP_DIRECTION_RELEASED, ("released_views_keep_the_layernorm_direction",))

NORM = reuse(Claim(
    id="conformance.pyopt_norm_identity", **mirror(SI.SGDP_NORM),
    expected="supported", subject={"SGDP": A.PyoptSGDP, "AdamP": A.PyoptAdamP}, implementation=BOTH_IMPL,
    notes=PACKAGE + r"each invariance block of the package's SGDP and AdamP obeys the momentum-free law when the "
                    r"projection fires ($\epsilon = 10^{-30}$, where AdamP's placement of $\epsilon$ does not show).",
), SI.SGDP_NORM, ("sgdp_pythagoras_per_block", "adamp_pythagoras_per_block"))

AS_GD = reuse(Claim(
    id="conformance.pyopt_sgdp_growth_as_gd", **mirror(SI.SGDP_AS_GD),
    expected="conditional", subject=A.PyoptSGDP, implementation=SGDP_IMPL,
    refined_by="conformance.pyopt_norm_identity",
    notes=PACKAGE + "on mutually orthogonal gradients the package's growth exceeds GD's (the failing case is the "
                    "same as the release's, re-verified in exact rationals for the released rule); the refinement, "
                    "conformance.pyopt_norm_identity, holds.",
), SI.SGDP_AS_GD, ("growth_equals_gd_growth",))

SELECTIVE = reuse(Claim(
    id="conformance.pyopt_cosine_test_selective", **mirror(SI.COSINE_SELECTIVE),
    expected="refuted", subject=A.PyoptSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "as released, a zero gradient (a net that fits its targets) makes the test fire on a layer "
                    "without normalization, whose weight decay is then cut by wd_ratio (re-verified at 50 digits).",
), SI.COSINE_SELECTIVE, ("never_fires_without_normalization",))

FALSE_ALARM = reuse(Claim(
    id="conformance.pyopt_cosine_test_false_alarm", **mirror(SI.COSINE_FALSE_ALARM),
    expected="supported", subject=A.PyoptSGDP, implementation=SGDP_IMPL,
    notes=PACKAGE + "the package's firing rate on isotropic random gradients lies within the stated bounds.",
), SI.COSINE_FALSE_ALARM, ("monte_carlo_firing_rate",))

RELEASE = reuse(Claim(
    id="conformance.pyopt_follows_release", **mirror(SI.LIBRARY_RELEASE, assumptions=(
        "pytorch_optimizer.SGDP, pytorch_optimizer.AdamP and the module's channel and layer views as installed",
        r"gradients below $1.3 \times 10^{154}$ for AdamP (its second moment holds $g^2$)")),
    expected="refuted", subject={"SGDP": A.PyoptSGDP, "AdamP": A.PyoptAdamP, "channel_view": A.channel_view,
                                 "layer_view": A.layer_view, "VIEWS": A.VIEWS},
    implementation=BOTH_IMPL,
    notes=PACKAGE + r"four departures from the released rule, each re-verified against the rule at 50 digits. "
                    r"(1) As the release itself, at weights of magnitude $10^{200}$ the row norms overflow, the "
                    r"cosine is 0 and the channel view fires whatever the gradient (the first counterexample of "
                    r"steps_follow_the_released_rule). (2) AdamP adds $\epsilon$ before the bias correction of the "
                    r"second moment, $\sqrt{1 - \beta_2^t}/(\sqrt{v_t} + \epsilon)$ where the release divides by "
                    r"$\sqrt{v_t}/\sqrt{1 - \beta_2^t} + \epsilon$: $\epsilon$ is in effect multiplied by "
                    r"$1/\sqrt{1 - \beta_2^t}$, 31.6 at the first step with the default $\beta_2 = 0.999$, which "
                    r"shows with gradients of size $10^{-6}$ (eps_after_bias_correction). (3) AdamP's step counter "
                    r"is per parameter group: a parameter that had no gradient at an earlier step gets the bias "
                    r"corrections of the group's step count, not of its own (skipped_parameter_keeps_its_step). (4) "
                    r"The package refuses wd_ratio = 1 (its range is [0, 1)), which the release takes "
                    r"(takes_a_wd_ratio_of_one). SGDP's stored buffer is the fifth "
                    r"(conformance.pyopt_sgdp_released_rules). The views are the released layout; the base's cosine "
                    r"check is not run (the package exposes only $|\cos|$).",
), SI.LIBRARY_RELEASE, ("views_match_the_release",))

ADAM_MONOTONE = reuse(Claim(
    id="conformance.pyopt_adam_norm_monotone", **mirror(SI.ADAM_MONOTONE, assumptions=(
        r"pytorch_optimizer.AdamP with $\delta = 0$ (the test never fires): Adam with decoupled decay, "
        r"$\mathrm{wd} = 0$", "gradient orthogonal to the weights")),
    expected="refuted", subject=A.PyoptAdamP, implementation=ADAMP_IMPL,
    notes=PACKAGE + r"with $\delta = 0$ the package's AdamP is Adam, and its first step from a gradient $\perp w$ can "
                    r"shrink the norm (re-verified in exact rationals), as the port's does.",
), SI.ADAM_MONOTONE, ("first_step_does_not_shrink",))


# -- Lion (optimizer/lion.py) ------------------------------------------------------------------------------------

LION_MAPPING = (r"lr $= \eta$, betas $= (\beta_1, \beta_2)$, weight_decay $= \lambda$ passed as they are, with the "
                r"package's defaults weight_decouple=True, fixed_decay=False (decay $x(1 - \eta\lambda)$), "
                r"foreach=None, maximize=False; the momentum $m$ is written into exp_avg before the step and read "
                r"after it; one parameter group per row when $\eta$, $\lambda$ differ by row; float64 tensors")
LION_IMPL = Implementation("pytorch-optimizer", VERSION, "pytorch_optimizer.Lion", LION_MAPPING)
LION = "pytorch-optimizer 4.1.0 (optimizer/lion.py): "

LION_BOX = reuse(Claim(
    id="conformance.pyopt_lion_box_invariance", **mirror(LD.BOX_SMALL_STEP),
    expected="supported", subject=A.lion_step, implementation=LION_IMPL,
    notes=LION + "in float64, 128 runs of 100 steps from the faces with "
                 r"$\eta\lambda \le 1$ and outward pushes stay in the box up to "
                 "{{float_iterates_overshoot_by_rounding_only.worst_overshoot_ulps}} units in the last place of "
                 r"$1/\lambda$. The base's exact checks run on rationals, which a float64 package does not take.",
), LD.BOX_SMALL_STEP, ("float_iterates_overshoot_by_rounding_only",))

LION_CONTRACTION = reuse(Claim(
    id="conformance.pyopt_lion_phase_one_contraction", **mirror(LD.PHASE_ONE_SMALL_STEP),
    expected="supported", subject=(A.lion_step, phase_one_rate), implementation=LION_IMPL,
    notes=LION + "in float64, outside the box the excess shrinks by the rate "
                 r"$1 - \eta\lambda$ up to rounding (largest ratio minus rate: "
                 "{{float_contraction_ratio.worst_ratio_minus_rate:.2g}}).",
), LD.PHASE_ONE_SMALL_STEP, ("float_contraction_ratio",))

LION_ORDER = reuse(Claim(
    id="conformance.pyopt_lion_release_order", **mirror(LD.RELEASE),
    expected="supported", subject=A.lion_step, implementation=LION_IMPL,
    notes=LION + "the package decays, then takes the sign of torch.lerp(m, g, 1 − β1) (the old "
                 "momentum) and updates the momentum with torch.lerp(m, g, 1 − β2): each of 30 steps equals the "
                 "listing's step computed exactly, within "
                 "{{order_of_operations_stepwise.worst_x_error_in_tolerances:.2g}} (x) and "
                 "{{order_of_operations_stepwise.worst_m_error_in_tolerances:.2g}} (m) of the rounding tolerance of "
                 "one step, a tolerance that counts lerp's 1 − (1 − β2). The base's float check is not reused: it "
                 "compares two numpy computations of the same arithmetic, to 4 ulps of the result.",
), LD.RELEASE, ())

LION_EXACT_STEP = reuse(Claim(
    id="conformance.pyopt_lion_exact_step", **mirror(LL.LIBRARY_STEPS, assumptions=(
        r"finite inputs; $\eta\lambda \le 1$; $c$ not within $10^{-12}$ of cancelling",
        "pytorch_optimizer.Lion as installed in place of the library's lion_step")),
    expected="refuted", subject={"lion_step": A.lion_step}, implementation=LION_IMPL,
    notes=LION + r"at a momentum of one subnormal spacing the package takes no step: torch.lerp($m$, $g$, "
                 r"$1 - \beta_1$) computes $g - (g - m)\beta_1$ for $\beta_1 \le 1/2$, and $2^{-1074}/2$ rounds to "
                 r"0, so "
                 r"$\operatorname{sign}(c) = 0$ where the exact $c = 2^{-1075}$ is positive "
                 r"(subnormal_momentum_moves, re-verified in exact rationals). The base's two checks are not reused: "
                 r"scale_free_sign has no re-verification and meets the same case; matches_exact_release_step bounds "
                 r"the momentum's error by $8u(\beta_2|m| + (1 - \beta_2)|g|)$, tight for the library's arithmetic, "
                 r"which lerp's $\beta_2$, recomputed as $1 - (1 - \beta_2)$ and off by up to an ulp of 1, can "
                 r"exceed by a rounding when $\beta_2$ is small (conformance.pyopt_lion_release_order checks the "
                 r"step with that rounding counted). The library's lion_k_step has no counterpart in the package.",
), LL.LIBRARY_STEPS, ())

LION_SEPARABLE = reuse(Claim(
    id="conformance.pyopt_lion_quadratic_separable", **mirror(LD.SEPARABLE),
    expected="supported", subject=A.lion_step, implementation=LION_IMPL,
    notes=LION + r"on diagonal quadratics the package's iterates end within "
                 r"{{separable_instances_end_near_clip.worst_over_eta:.3g}}$\,\eta$ of "
                 r"$\operatorname{clip}(b)$.",
), LD.SEPARABLE, ("separable_instances_end_near_clip",))

LION_COUPLED = reuse(Claim(
    id="conformance.pyopt_lion_quadratic_coupled", **mirror(LD.COUPLED_COORDINATES),
    expected="supported", subject=A.lion_step, implementation=LION_IMPL,
    notes=LION + r"on random coupled quadratics the package's tail distance to the "
                 r"box-constrained minimiser is at most {{random_coupled_instances.worst_over_eta:.3g}}$\,\eta$; "
                 r"on the reproduction it is {{reproduction_within_order_eta.tail_over_eta_smallest:.3g}}$\,\eta$ "
                 r"at the smallest $\eta$, with fitted order {{reproduction_within_order_eta.order:.3g}} in $\eta$.",
), LD.COUPLED_COORDINATES, ("random_coupled_instances", "reproduction_within_order_eta"))


# -- AdaHessian (optimizer/adahessian.py) --------------------------------------------------------------------------

ADAH_MAPPING = (r"lr $= \eta$, betas, eps $= \varepsilon$, weight_decay, hessian_power $= k$ passed as they are (eps "
                r"1e-4, the release's default, when not given: the package's own is 1e-16), with "
                r"hessian_distribution='rademacher', num_samples=1, update_period=1 (one probe per step, as "
                r"released), weight_decouple=True, foreach=False; the gradient and the Hessian-vector products come "
                r"from the check's functions through a torch autograd function, so that the package's "
                r"backward(create_graph=True) route draws its own probe $v$ (torch's generator seeded from the "
                r"check's); float64 tensors")
ADAH_IMPL = Implementation("pytorch-optimizer", VERSION, "pytorch_optimizer.AdaHessian", ADAH_MAPPING)
ADAH = "pytorch-optimizer 4.1.0 (optimizer/adahessian.py): "

ADAH_FIRST_STEP = reuse(Claim(
    id="conformance.pyopt_adahessian_first_step", **mirror(AU.FIRST_STEP, assumptions=(
        r"$h_i > 0$; weight decay 0; the package's estimate $v \odot Hv$ squared in its average, as the release's "
        r"$|Hv|^2$ for Rademacher $v$",)),
    expected="supported", subject=A.adahessian_run, implementation=ADAH_IMPL,
    notes=ADAH + r"the package's estimate is the signed Hutchinson sample $v \odot Hv$ "
                 r"where the release stores $|Hv|$; squared in the moving average they are equal for Rademacher "
                 r"$v$, and the first step lands on the minimiser to rounding.",
), AU.FIRST_STEP, ("lands_on_minimiser_finite_differences",))

ADAH_NEGATIVE = reuse(Claim(
    id="conformance.pyopt_adahessian_negative_curvature", **mirror(AU.FIRST_STEP_NEGATIVE),
    expected="supported", subject=A.adahessian_run, implementation=ADAH_IMPL,
    notes=ADAH + r"the first step reflects the coordinates of negative curvature; with "
                 r"$h_i = 0$ it divides 0 by 0 at $\varepsilon = 0$ and does not move at $\varepsilon = 10^{-4}$, "
                 r"as released.",
), AU.FIRST_STEP_NEGATIVE, ("reflection_finite_differences", "zero_curvature"))

ADAH_NEWTON = reuse(Claim(
    id="conformance.pyopt_adahessian_newton_conditions", **mirror(AU.POWER_ONE_CONDITIONS),
    expected="supported", subject=A.adahessian_run, implementation=ADAH_IMPL,
    notes=ADAH + r"with $k = 1$, $\varepsilon = 0$ and a diagonal $H$ every step is "
                 r"$x_{t-1} - \eta\hat m_t/|H_{ii}|$ to rounding.",
), AU.POWER_ONE_CONDITIONS, ("newton_steps_float",))

ADAH_ONE_HVP = reuse(Claim(
    id="conformance.pyopt_adahessian_one_hvp", **mirror(AR.ONE_HVP),
    expected="supported", subject=A.adahessian_optimizer_step, implementation=ADAH_IMPL,
    notes=ADAH + r"one torch.autograd.grad over every parameter tensor per step "
                 r"(num_samples = 1) and one gradient pass: one Hessian-vector product per step, as released.",
), AR.ONE_HVP, ("oracle_counts",))

ADAH_RELEASE = reuse(Claim(
    id="conformance.pyopt_adahessian_release_update", **mirror(AL.LIBRARY, assumptions=(
        "finite inputs at moderate scales", "pytorch_optimizer.AdaHessian as installed: its step with an external "
        "estimate (step(hessian=…)), its optimizer step and its compute_hutchinson_hessian")),
    expected="refuted", subject={"adahessian_step": A.adahessian_step, "optimizer_step": A.adahessian_optimizer_step,
                                 "hutchinson_diagonal": A.hutchinson_diagonal},
    implementation=ADAH_IMPL,
    notes=ADAH + r"two departures from the release (optim_adahessian.py, 85ebc00), "
                 r"each re-verified. (1) The package refuses $k = 0$: its hessian_power must lie in $(0, 1]$, the "
                 r"release's in $[0, 1]$ (where $k = 0$ is momentum SGD at rate $\eta/(1 + \varepsilon)$); the "
                 r"first counterexample of steps_match_release_port, and a re-run raises again. (2) It has no "
                 r"spatial averaging: a 4-D weight's estimate is kept per entry, where the release averages $|Hv|$ "
                 r"over the kernel dimensions (get_trace) before its moving average, so a convolution kernel whose "
                 r"curvatures differ gets other denominators (conv_estimate_averaged_over_kernel, re-verified at 50 "
                 r"digits). Its Hutchinson estimate is the mean of $z \odot Hz$ over the Rademacher probes it "
                 r"draws. The library's scale-free update and spatial_average have no counterpart in the package; "
                 r"its default $\varepsilon$ is $10^{-16}$, the release's $10^{-4}$ (the adapter passes the "
                 r"release's).",
), AL.LIBRARY, ())

# -- mutants: the adapters with a perturbed mapping ----------------------------------------------------------------

_TEN_DELTA = changed({"delta": lambda v, a: 10 * (0.1 if v is None else v)})
_DECAY_NO_FACTOR = changed({"weight_decay": lambda v, a: None if v is None else v * (1 - a.get("momentum", 0.0))})
_RATIO_TWICE = changed({"wd_ratio": lambda v, a: (0.1 if v is None else v) ** 2})
_EPS_DEFAULT = changed({"eps": lambda v, a: None})

RULES.mutant("delta_tenfold", r"$\delta$ passed as $10\delta$", with_mapping(A.PyoptSGDP, "delta", _TEN_DELTA),
             targets=("views_follow_the_invariance", "strict_threshold", "absolute_and_scaled_cosine"))
RULES.mutant("decay_without_momentum_factor", r"weight_decay passed as $\mathrm{wd}(1 - \mu)$, cancelling the "
             r"package's $1/(1 - \mu)$", with_mapping(A.PyoptSGDP, "decay", _DECAY_NO_FACTOR),
             targets=("one_dimensional_parameters_untouched", "decay_factor_and_ratio"))
RULES.mutant("ratio_applied_twice", r"wd_ratio passed as its square", with_mapping(A.PyoptSGDP, "ratio", _RATIO_TWICE),
             targets=("decay_factor_and_ratio",))

DIRECTION.mutant("buffer_not_handed", "the momentum buffer set before the step is not written into the package's "
                 "state", without_state_writes(A.PyoptSGDP))
_HALF_MOMENTUM = changed({"momentum": lambda v, a: None if v is None else v / 2})
DIRECTION.mutant("momentum_halved", r"momentum passed as $\mu/2$",
                 with_mapping(A.PyoptSGDP, "momentum", _HALF_MOMENTUM))

NORM.mutant("sgdp_decay_without_momentum_factor", r"SGDP's weight_decay passed as $\mathrm{wd}(1 - \mu)$",
            {"SGDP": with_mapping(A.PyoptSGDP, "decay", _DECAY_NO_FACTOR), "AdamP": A.PyoptAdamP},
            targets=("sgdp_pythagoras_per_block",))
NORM.mutant("adamp_decay_over_one_minus_beta1", r"AdamP's weight_decay passed as $\mathrm{wd}/(1 - \beta_1)$",
            {"SGDP": A.PyoptSGDP, "AdamP": with_mapping(A.PyoptAdamP, "decay", changed({
                "weight_decay": lambda v, a: None if v is None else v / (1 - a.get("betas", (0.9, 0.999))[0])}))},
            targets=("adamp_pythagoras_per_block",))
NORM.mutant("eps_not_passed", r"eps not passed to either (the package's $10^{-8}$ for the asked $10^{-30}$)",
            {"SGDP": with_mapping(A.PyoptSGDP, "eps", _EPS_DEFAULT),
             "AdamP": with_mapping(A.PyoptAdamP, "eps", _EPS_DEFAULT)})

FALSE_ALARM.mutant("delta_tenfold", r"$\delta$ passed as $10\delta$", with_mapping(A.PyoptSGDP, "delta", _TEN_DELTA))

RELEASE.mutant("views_swapped", "the adapter's VIEWS names the layer view channel and the channel view layer",
               {**RELEASE.subject, "VIEWS": {"channel": A.layer_view, "layer": A.channel_view}},
               targets=("views_match_the_release",))

_COUPLED = A.with_options(A.lion_step, "coupled_decay", weight_decouple=False)
LION_BOX.mutant("coupled_decay", r"weight_decouple=False: the decay added to the gradient, $g + \lambda x$", _COUPLED)
LION_CONTRACTION.mutant("coupled_decay", r"weight_decouple=False: the decay added to the gradient",
                        (_COUPLED, phase_one_rate))
LION_ORDER.mutant("betas_swapped", r"$(\beta_2, \beta_1)$ passed for $(\beta_1, \beta_2)$",
                  A.betas_swapped(A.lion_step))
LION_ORDER.mutant("maximize", "maximize=True: the step along $+\\operatorname{sign}(c)$",
                  A.with_options(A.lion_step, "maximize", maximize=True))
LION_SEPARABLE.mutant("coupled_decay", r"weight_decouple=False: ends at the minimiser of "
                      r"$f + \frac{\lambda}{2}\lVert x\rVert^2$", _COUPLED)
LION_SEPARABLE.mutant("no_decay", "weight_decay not passed: ends at $b$", A.without_decay(A.lion_step))
LION_COUPLED.mutant("coupled_decay", r"weight_decouple=False", _COUPLED, targets=("reproduction_within_order_eta",))
LION_COUPLED.mutant("no_decay", "weight_decay not passed", A.without_decay(A.lion_step),
                    targets=("random_coupled_instances",))

_DEBIAS = A.with_options(A.adahessian_run, "adam_debias", adam_debias=True)
ADAH_FIRST_STEP.mutant("adam_debias", r"adam_debias=True: the step not divided by $1 - \beta_1^t$", _DEBIAS)
ADAH_NEGATIVE.mutant("adam_debias", r"adam_debias=True: the step not divided by $1 - \beta_1^t$", _DEBIAS,
                     targets=("reflection_finite_differences",))
ADAH_NEGATIVE.mutant("eps_zero_as_default", r"$\varepsilon = 0$ taken as 'not given' (the package's $10^{-16}$)",
                     A.with_hyper(A.adahessian_run, "eps_zero_as_default",
                                  lambda h: {**h, "eps": h.get("eps") or 1e-16}), targets=("zero_curvature",))
ADAH_NEWTON.mutant("adam_debias", r"adam_debias=True", _DEBIAS)
ADAH_NEWTON.mutant("power_half", r"hessian_power passed as $k/2$",
                   A.with_hyper(A.adahessian_run, "power_half",
                                lambda h: {**h, "hessian_power": h.get("hessian_power", 1.0) / 2}))
ADAH_ONE_HVP.mutant("two_samples", "num_samples=2: two Hessian-vector products per step",
                    A.with_options(A.adahessian_optimizer_step, "two_samples", num_samples=2))
ADAH_RELEASE.mutant("gaussian_probes", "hessian_distribution='gaussian' for the estimator",
                    {**ADAH_RELEASE.subject, "hutchinson_diagonal": A.with_options(
                        A.hutchinson_diagonal, "gaussian", distribution="gaussian")},
                    targets=("hutchinson_mean_of_passed_probes",))
