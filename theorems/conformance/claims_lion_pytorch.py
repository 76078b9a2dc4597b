"""The Lion claims (arXiv 2310.05898 and 2302.06675, ``theorems/lion_k``) run against ``lion-pytorch`` 0.2.5: the
box ‖x‖∞ ≤ 1/λ and its contraction when ηλ ≤ 1 (the float64 checks; the exact ones run on rationals, which a float64
package does not take), the release's order of operations (``checks/conformance/lion_steps.py``), the step against
the released step computed exactly, and the box-constrained minimiser of the abstract's quadratic problem."""

from __future__ import annotations

from claimkit import Claim, Implementation

from ...checks.lion_k import box, library_conformance, quadratic, release  # noqa: F401  (attach the base checks)
from ..lion_k import claims_discrete as LD
from ..lion_k import claims_library as LL
from ..lion_k.formulas import phase_one_rate
from . import adapters_lion_pytorch as L
from ._pairs import mirror, reuse
from .adapters_pytorch_optimizer import betas_swapped, with_options, without_decay

VERSION = "0.2.5"
MAPPING = (r"lr $= \eta$, betas $= (\beta_1, \beta_2)$, weight_decay $= \lambda$ passed as they are, with the "
           r"package's default decoupled_weight_decay=False (decay $x(1 - \eta\lambda)$) and use_triton=False; "
           r"the momentum $m$ is written into the package's exp_avg before the step and read after it; one "
           r"parameter group per row when $\eta$, $\lambda$ differ by row; float64 tensors (torch's default is "
           r"float32)")
IMPL = Implementation("lion-pytorch", VERSION, "lion_pytorch.Lion", MAPPING)
PACKAGE = "lion-pytorch 0.2.5 (lion_pytorch/lion_pytorch.py): "

BOX = reuse(Claim(
    id="conformance.lion_pytorch_box_invariance", **mirror(LD.BOX_SMALL_STEP),
    expected="supported", subject=L.lion_step, implementation=IMPL,
    notes=PACKAGE + "in float64, 128 runs of 100 steps from the faces with "
                 r"$\eta\lambda \le 1$ and outward pushes stay in the box up to "
                 "{{float_iterates_overshoot_by_rounding_only.worst_overshoot_ulps}} units in the last place of "
                 r"$1/\lambda$. The base's exact checks run on rationals, which a float64 package does not take.",
), LD.BOX_SMALL_STEP, ("float_iterates_overshoot_by_rounding_only",))

CONTRACTION = reuse(Claim(
    id="conformance.lion_pytorch_phase_one_contraction", **mirror(LD.PHASE_ONE_SMALL_STEP),
    expected="supported", subject=(L.lion_step, phase_one_rate), implementation=IMPL,
    notes=PACKAGE + "in float64, outside the box the excess shrinks by the rate "
                 r"$1 - \eta\lambda$ up to rounding (largest ratio minus rate: "
                 "{{float_contraction_ratio.worst_ratio_minus_rate:.2g}}).",
), LD.PHASE_ONE_SMALL_STEP, ("float_contraction_ratio",))

ORDER = reuse(Claim(
    id="conformance.lion_pytorch_release_order", **mirror(LD.RELEASE),
    expected="supported", subject=L.lion_step, implementation=IMPL,
    notes=PACKAGE + "the package decays, takes the sign from the old momentum, then updates the "
                 "momentum: each of 30 steps equals the listing's step computed exactly, within "
                 "{{order_of_operations_stepwise.worst_x_error_in_tolerances:.2g}} (x) and "
                 "{{order_of_operations_stepwise.worst_m_error_in_tolerances:.2g}} (m) of the rounding tolerance of "
                 "one step. The base's float check is not reused: it compares two numpy computations of the same "
                 "arithmetic, to 4 ulps of the result, which torch's momentum (a fused add) misses by a rounding "
                 "near cancellation.",
), LD.RELEASE, ())

EXACT_STEP = reuse(Claim(
    id="conformance.lion_pytorch_exact_step", **mirror(LL.LIBRARY_STEPS, assumptions=(
        r"finite inputs; $\eta\lambda \le 1$; $c$ not within $10^{-12}$ of cancelling",
        "lion_pytorch.Lion as installed in place of the library's lion_step")),
    expected="refuted", subject={"lion_step": L.lion_step}, implementation=IMPL,
    notes=PACKAGE + r"at a momentum of one subnormal spacing the package takes no step: it computes $c$ as "
                    r"exp_avg$\cdot\beta_1$ + grad$\cdot(1 - \beta_1)$, and $\beta_1 2^{-1074} = 2^{-1075}$ rounds "
                    r"to 0 (to even), so $\operatorname{sign}(c) = 0$ where the exact $c$ is positive "
                    r"(subnormal_momentum_moves, re-verified in exact rationals). The base's two checks are not "
                    r"reused: scale_free_sign has no re-verification and meets the same case ($e = -1074$); "
                    r"matches_exact_release_step bounds the momentum's error by one subnormal spacing near "
                    r"$10^{-320}$, which the package's two products and sum, each rounded there, can exceed. At "
                    r"ordinary scales the step is the listing's to a rounding "
                    r"(conformance.lion_pytorch_release_order). "
                    r"The library's lion_k_step has no counterpart in the package.",
), LL.LIBRARY_STEPS, ())

SEPARABLE = reuse(Claim(
    id="conformance.lion_pytorch_quadratic_separable", **mirror(LD.SEPARABLE),
    expected="supported", subject=L.lion_step, implementation=IMPL,
    notes=PACKAGE + r"on diagonal quadratics the package's iterates end within "
                 r"{{separable_instances_end_near_clip.worst_over_eta:.3g}}$\,\eta$ of "
                 r"$\operatorname{clip}(b)$.",
), LD.SEPARABLE, ("separable_instances_end_near_clip",))

COUPLED = reuse(Claim(
    id="conformance.lion_pytorch_quadratic_coupled", **mirror(LD.COUPLED_COORDINATES),
    expected="supported", subject=L.lion_step, implementation=IMPL,
    notes=PACKAGE + r"on random coupled quadratics the package's tail distance to the "
                 r"box-constrained minimiser is at most {{random_coupled_instances.worst_over_eta:.3g}}$\,\eta$; "
                 r"on the reproduction it is {{reproduction_within_order_eta.tail_over_eta_smallest:.3g}}$\,\eta$ "
                 r"at the smallest $\eta$, with fitted order {{reproduction_within_order_eta.order:.3g}} in $\eta$.",
), LD.COUPLED_COORDINATES, ("random_coupled_instances", "reproduction_within_order_eta"))

# -- mutants: the adapter with a perturbed mapping ----------------------------------------------------------------

_DECOUPLED = with_options(L.lion_step, "decoupled_flag", decoupled_weight_decay=True)
BOX.mutant("decoupled_weight_decay", r"decoupled_weight_decay=True: the decay $x(1 - \lambda)$ (wd divided by the "
           "initial lr)", _DECOUPLED)
CONTRACTION.mutant("decoupled_weight_decay", r"decoupled_weight_decay=True", (_DECOUPLED, phase_one_rate))
ORDER.mutant("betas_swapped", r"$(\beta_2, \beta_1)$ passed for $(\beta_1, \beta_2)$", betas_swapped(L.lion_step))
ORDER.mutant("decoupled_weight_decay", r"decoupled_weight_decay=True", _DECOUPLED)
SEPARABLE.mutant("decoupled_weight_decay", r"decoupled_weight_decay=True: the decay $x(1 - \lambda)$", _DECOUPLED)
SEPARABLE.mutant("no_decay", "weight_decay not passed: ends at $b$", without_decay(L.lion_step))
COUPLED.mutant("decoupled_weight_decay", r"decoupled_weight_decay=True", _DECOUPLED,
               targets=("reproduction_within_order_eta",))
COUPLED.mutant("no_decay", "weight_decay not passed", without_decay(L.lion_step), targets=("random_coupled_instances",))
