"""The library conformance claims: what a practitioner calls computes the paper's quantities.

``self_distillation.library_distill`` (``distill`` and ``distill_limit``) and
``self_distillation.library_optimal_alpha`` (``optimal_alpha``); their mutants are the library with a
plausible bug planted (``library_variants``).
"""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import distill, distill_limit, optimal_alpha
from .paper import PAPER

LIBRARY_DISTILL = Claim(
    id="self_distillation.library_distill",
    paper=PAPER,
    location="library: distill, distill_limit",
    statement=r"distill(K, y, $\alpha$, $\lambda$, $t$) returns $f_t(X)$ of the recursion $f_0 = Ay$, "
              r"$f_s = A(\alpha y + (1-\alpha)f_{s-1})$, and distill_limit returns $K(K + (\lambda/\alpha)I)^{-1}y$ "
              r"($0$ at $\alpha = 0$), for every scale of $K$, $\lambda$ and $y$.",
    assumptions=(r"$K$ symmetric PSD, $\lambda > 0$, $\alpha \in [0, 1]$, $t \ge 0$",),
    kind="algorithm",
    expected="supported",
    subject=(distill, distill_limit),
    origin="suite",
    notes=r"Checked against the recursion and the fixed-point equation in exact rationals, with $K, \lambda$ scaled by "
          r"$10^{e}$ and $y$ by $10^{e'}$, $|e|, |e'| \le 250$.",
)
LIBRARY_DISTILL.mutant("one_step_short", "steps − 1 distillation steps", (bug.distill_one_step_short, distill_limit))
LIBRARY_DISTILL.mutant("swapped_weights", r"weight $1-\alpha$ on the ground truth",
                       (bug.distill_swapped_weights, distill_limit))
LIBRARY_DISTILL.mutant("limit_lambda_times_alpha", r"limit with ridge $\lambda\alpha$",
                       (distill, bug.limit_lambda_times_alpha))
LIBRARY_DISTILL.mutant("alpha_zero_is_ridge", r"limit at $\alpha = 0$ is the ridge fit",
                       (distill, bug.limit_alpha_zero_is_ridge))

LIBRARY_OPTIMAL_ALPHA = Claim(
    id="self_distillation.library_optimal_alpha",
    paper=PAPER,
    location="library: optimal_alpha",
    statement=r"optimal\_alpha returns the minimiser of $\lVert A(\alpha y + (1-\alpha)f) - y^*\rVert^2$ over "
              r"$\alpha \in \mathbb{R}$, and over $[0, 1]$ with constrained=True, for every common scale of "
              r"$y, f, y^*$.",
    assumptions=(r"$K$ symmetric PSD, $\lambda > 0$, $A(y - f) \ne 0$",),
    kind="algorithm",
    expected="supported",
    subject=optimal_alpha,
    origin="suite",
    notes="Checked against the exact vertex of the parabola (exact rationals), vectors scaled by $10^{e}$.",
)
LIBRARY_OPTIMAL_ALPHA.mutant("always_clipped", "the unconstrained answer clipped too", bug.optimal_always_clipped)
LIBRARY_OPTIMAL_ALPHA.mutant("never_clipped", "constrained=True ignored", bug.optimal_never_clipped)
LIBRARY_OPTIMAL_ALPHA.mutant("unscaled", r"inner products of the vectors as given (overflow beyond $10^{154}$)",
                             bug.optimal_unscaled)
LIBRARY_OPTIMAL_ALPHA.mutant("unsmoothed", r"direction $y - f$ without $A$", bug.optimal_unsmoothed)
