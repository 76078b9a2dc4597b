"""The library conformance claims: what a user calls computes the paper's quantities.

``ghosts.library_taylor_radius`` (the library's ``taylor_radius``: Thm 4.3, Thm 4.6, Def 4.7 eq. 14–15,
Def 5.1 eq. 17) and ``ghosts.library_controller_step`` (the library's ``controller_step``: Prop 5.2
eq. 19). Their subjects are the library functions themselves, and their mutants are the library with
a plausible bug planted (``library_variants``), so a bug the checks would miss in the library is a
mutant that survives.
"""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import controller_step, taylor_radius
from .paper import PAPER

LIBRARY_RADIUS = Claim(
    id="ghosts.library_taylor_radius",
    paper=PAPER,
    location="library: taylor_radius (Thm 4.3, Thm 4.6, Def 4.7 eq. 14–15, Def 5.1 eq. 17)",
    statement=r"For a batch of samples with logits $z(x)$ and slopes $a(x)$, given or computed as "
              r"$a = J v/\lVert v\rVert$ from a Jacobian $J$ and any non-zero direction $v$, the library's "
              r"taylor_radius returns spread $= \max_x \Delta_a(x)$, bound $= \pi/\max_x \Delta_a(x)$ (eq. 14), "
              r"for two classes exact_binary $= \min_x \rho^*(x)$, the modulus of the nearest zero of $F$ over "
              r"the batch (Thm 4.3, eq. 15), and $r = \tau \max_x \Delta_a(x)/\pi$ (eq. 17).",
    assumptions=(r"finite logits and slopes, at least two classes; any scale of $v$",),
    kind="algorithm",
    expected="supported",
    subject=taylor_radius,
    origin="suite",
    notes="Checked against the nearest zeros of F from 40-digit polynomial roots and a 40-digit re-computation of "
          r"the slopes, over slopes and directions scaled by $10^{\pm 250}$.",
)
_BATCH = ("binary_batch_matches_nearest_zeros",)
_JACOBIAN = ("jacobian_slopes_match_high_precision",)
LIBRARY_RADIUS.mutant("mean_over_batch", r"exact_binary is the mean of the rows' radii, not their minimum "
                      r"($3\pi/4$ instead of $\pi/2$ for slopes $(1, 0)$ and $(2, 0)$ at tied logits)",
                      bug.radius_mean_over_batch, targets=_BATCH)
LIBRARY_RADIUS.mutant("steepest_row", r"exact_binary of the row that sets $\Delta_a$, not the smallest radius",
                      bug.radius_of_steepest_row, targets=_BATCH)
LIBRARY_RADIUS.mutant("least_steep_row", r"$\Delta_a$ of the least steep row (eq. 14 with a min)",
                      bug.bound_of_least_steep_row, targets=_BATCH)
LIBRARY_RADIUS.mutant("tanh_pole", r"bound $\pi/(2\Delta_a)$ and $r = 2\tau\Delta_a/\pi$",
                      bug.bound_at_tanh_pole, targets=_BATCH)
LIBRARY_RADIUS.mutant("r_two_pi", r"$r = \tau\Delta_a/(2\pi)$", bug.r_over_two_pi, targets=_BATCH)
LIBRARY_RADIUS.mutant("direction_not_normalized", r"slopes $J v$ with $v$ not normalized",
                      bug.direction_not_normalized, targets=_JACOBIAN)
LIBRARY_RADIUS.mutant("direction_norm_overflows",
                      r"$\lVert v\rVert = \sqrt{\sum_i v_i^2}$ computed as is: infinite radius for "
                      r"$\lVert v\rVert \ge 10^{154}$, a rejected direction below $10^{-162}$",
                      bug.direction_norm_overflows, targets=_JACOBIAN)

LIBRARY_CONTROLLER = Claim(
    id="ghosts.library_controller_step",
    paper=PAPER,
    location="library: controller_step (Prop 5.2 eq. 19, Def 5.1 eq. 17)",
    statement=r"For an update $p \ne 0$ and a spread $\Delta_a \ge 0$, the library's controller_step returns "
              r"$\tilde p = s p$ with $s = \min(1, \rho_a/\lVert p\rVert)$, $\rho_a = \pi/\Delta_a$ ($s = 1$ when "
              r"$\Delta_a = 0$), together with $s$ and $r = \lVert p\rVert\Delta_a/\pi$.",
    assumptions=(r"finite update and spread; any scale of $p$",),
    kind="algorithm",
    expected="supported",
    subject=controller_step,
    origin="suite",
    notes=r"Checked against the rule evaluated at 40 digits, for $\lVert p\rVert$ from $10^{-200}$ to $10^{200}$.",
)
LIBRARY_CONTROLLER.mutant("always_rescales", r"$s = \rho_a/\lVert p\rVert$ without the min with 1",
                          bug.controller_always_rescales)
LIBRARY_CONTROLLER.mutant("r_after_rescaling", r"$r$ reported after rescaling ($\le 1$), not the step's own",
                          bug.controller_reports_r_after)
LIBRARY_CONTROLLER.mutant("tanh_radius", r"$\rho_a = \pi/(2\Delta_a)$", bug.controller_tanh_radius)
LIBRARY_CONTROLLER.mutant("clips_coordinates", r"each coordinate clipped to $[-\rho_a, \rho_a]$",
                          bug.controller_clips_coordinates)
LIBRARY_CONTROLLER.mutant("norm_overflows",
                          r"$\lVert p\rVert = \sqrt{\sum_i p_i^2}$ computed as is: a zero update for "
                          r"$\lVert p\rVert \ge 10^{154}$", bug.controller_norm_overflows)
