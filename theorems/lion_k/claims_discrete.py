"""The discrete-time claims: Lion's box (L4, L5), the quadratic problem of the abstract (L6), the notes-page form
(L7), coupled decay (L8), and the released code against the algorithm listing (L9, with ``lion_tf2.py``).

L4 and L5 are kept as worded (no condition on ηλ) and refined by the suite's
statements with the condition that makes them hold. The subject of L4, L5, L8 and L9 is the numpy port of
the released ``lion_pytorch.py`` (``formulas.released_lion_step``); L6 runs the library's ``lion_step``, L7's
subject is the library's ``page_form_betas``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath

from claimkit import Claim, formula_claim

from . import formulas as F
from . import library_variants as bug
from .claims import RECONSTRUCTED
from .library import lion_step, page_form_betas
from .paper import LION_PAPER, PAPER

RELEASED = (r"Lion as released: $x \leftarrow x(1 - \eta\lambda)$, then $x \leftarrow x - "
            r"\eta\operatorname{sign}(\beta_1 m + (1 - \beta_1) g)$, then $m \leftarrow \beta_2 m + (1 - \beta_2) g$")
LION_RANGE = r"$\eta, \lambda > 0$; $\beta_1, \beta_2 \in [0, 1)$; any gradients $g_t$"

# -- L4: the box ----------------------------------------------------------------------------------------------

BOX = Claim(
    id="lion_k.box_invariance",
    paper=PAPER,
    location="§4, discrete-time analysis (wording reconstructed)",
    statement=RELEASED + r": if $\lVert x_0\rVert_\infty \le 1/\lambda$ then "
              r"$\lVert x_t\rVert_\infty \le 1/\lambda$ for every $t$ and every gradient sequence.",
    assumptions=(LION_RANGE,),
    kind="inequality",
    expected="conditional",
    subject=F.released_lion_step,
    refined_by="lion_k.box_invariance_small_step",
    notes=RECONSTRUCTED + r"False for every $\eta\lambda > 1$: from $x = 1/\lambda$ with $c > 0$ one step lands at "
          r"$(1 - 2\eta\lambda)/\lambda$, outside the box. The smallest witness is one coordinate, $\lambda = 1$, "
          r"$\eta = 3/2$, $x_0 = 1$, $g_0 = 1$: $x_1 = -2$. Practical settings ($\eta = 10^{-4}$, $\lambda \le 10$) "
          r"have $\eta\lambda \ll 1$.",
)

BOX_SMALL_STEP = Claim(
    id="lion_k.box_invariance_small_step",
    paper=PAPER,
    location="§4 (the condition on $\\eta\\lambda$ the box needs)",
    statement=RELEASED + r": if $0 < \eta\lambda \le 1$ and $\lVert x_0\rVert_\infty \le 1/\lambda$ then "
              r"$\lVert x_t\rVert_\infty \le 1/\lambda$ for every $t$ and every gradient sequence; for every "
              r"$\eta\lambda > 1$ one step from $x = 1/\lambda$ with $c > 0$ leaves the box.",
    assumptions=(LION_RANGE,),
    kind="inequality",
    expected="proved",
    subject=F.released_lion_step,
    origin="suite",
    notes=r"One step gives $|x_{t+1,i}| \le |1 - \eta\lambda|\,|x_{t,i}| + \eta$, which is at most $1/\lambda$ "
          r"exactly when $\eta\lambda \le 1$. In float64 the largest overshoot of $1/\lambda$ over the runs is "
          r"{{float_iterates_overshoot_by_rounding_only.worst_overshoot_ulps}} units in the last place of $1/\lambda$.",
)
_BOX_CHECKS = ("stays_in_box_exact", "float_iterates_overshoot_by_rounding_only")
BOX_SMALL_STEP.mutant("decay_flipped", r"decay $x(1 + \eta\lambda)$", F.lion_decay_flipped, targets=_BOX_CHECKS)
BOX_SMALL_STEP.mutant("coupled_decay", r"coupled decay $g \leftarrow g + \lambda x$ (L8 used as Lion)",
                      F.lion_coupled_decay, targets=("stays_in_box_exact",))
BOX_SMALL_STEP.mutant("no_decay", "the weight decay ignored",
                      lambda x, m, g, lr, betas, wd: F.released_lion_step(x, m, g, lr, betas, 0 * wd),
                      targets=("stays_in_box_exact",))
BOX_SMALL_STEP.mutant("decay_doubled", r"decay $x(1 - 2\eta\lambda)$",
                      lambda x, m, g, lr, betas, wd: F.released_lion_step(x, m, g, lr, betas, 2 * wd),
                      targets=("stays_in_box_exact",))
BOX_SMALL_STEP.mutant("implicit_decay",
                      r"implicit decay $x \leftarrow (x - \eta\operatorname{sign}c)/(1 + \eta\lambda)$ "
                      r"(it keeps the box for every $\eta\lambda$)", F.lion_implicit_decay,
                      targets=("large_step_leaves_from_the_face",))

# -- L5: phase 1 ----------------------------------------------------------------------------------------------

PHASE_ONE = Claim(
    id="lion_k.phase_one_contraction",
    paper=PAPER,
    location="§4, phase 1 of the discrete-time analysis (wording reconstructed)",
    statement=RELEASED + r": outside the box each coordinate obeys $|x_{t,i}| - 1/\lambda \le (1 - \eta\lambda)"
              r"(|x_{t-1,i}| - 1/\lambda)$, whatever the gradients.",
    assumptions=(LION_RANGE,),
    kind="inequality",
    expected="conditional",
    subject=(F.released_lion_step, F.phase_one_rate),
    refined_by="lion_k.phase_one_contraction_small_step",
    notes=RECONSTRUCTED + r"False for every $\eta\lambda > 1$: the right side is then negative outside the box, while "
          r"a step with $\operatorname{sign}(c_i) = \operatorname{sign}(x_i)$ overshoots to $|x_{t,i}| = "
          r"(\eta\lambda - 1)|x_{t-1,i}| + \eta$; the gap is $2(\eta\lambda - 1)|x_{t-1,i}| > 0$.",
)

PHASE_ONE_SMALL_STEP = Claim(
    id="lion_k.phase_one_contraction_small_step",
    paper=PAPER,
    location="§4 (phase 1, with the condition on $\\eta\\lambda$)",
    statement=RELEASED + r": if $0 < \eta\lambda \le 1$, every coordinate obeys $|x_{t,i}| - 1/\lambda \le "
              r"(1 - \eta\lambda)(|x_{t-1,i}| - 1/\lambda)$ whatever the gradients, with equality when "
              r"$\operatorname{sign}(c_{t,i}) = -\operatorname{sign}(x_{t-1,i})$: outside the box the excess shrinks "
              r"by exactly $1 - \eta\lambda$ in the worst case.",
    assumptions=(LION_RANGE,),
    kind="inequality",
    expected="proved",
    subject=(F.released_lion_step, F.phase_one_rate),
    origin="suite",
    notes=r"Pushed outward, a coordinate outside the box nears the face geometrically from outside, its excess "
          r"shrinking by exactly $1 - \eta\lambda$ per step: it never enters the box in finitely many steps. The "
          r"largest ratio $\frac{|x_{t,i}| - 1/\lambda}{|x_{t-1,i}| - 1/\lambda}$ minus $1 - \eta\lambda$ over the "
          r"float64 runs is {{float_contraction_ratio.worst_ratio_minus_rate:.2g}} (rounding).",
)
_STEP = F.released_lion_step
PHASE_ONE_SMALL_STEP.mutant("rate_squared", r"rate $(1 - \eta\lambda)^2$",
                            (_STEP, lambda eta, lam: (1 - eta * lam) ** 2), targets=("contraction_exact",))
PHASE_ONE_SMALL_STEP.mutant("rate_exponential", r"rate $e^{-\eta\lambda}$ (true but not attained)",
                            (_STEP, lambda eta, lam: math.exp(-float(eta * lam))), targets=("rate_is_attained_exact",))
PHASE_ONE_SMALL_STEP.mutant("rate_half", r"rate $1 - \eta\lambda/2$ (true but not attained)",
                            (_STEP, lambda eta, lam: 1 - eta * lam / 2), targets=("rate_is_attained_exact",))
PHASE_ONE_SMALL_STEP.mutant("decay_flipped", r"decay $x(1 + \eta\lambda)$", (F.lion_decay_flipped, F.phase_one_rate),
                            targets=("contraction_exact", "float_contraction_ratio"))
PHASE_ONE_SMALL_STEP.mutant("coupled_decay", r"coupled decay $g \leftarrow g + \lambda x$",
                            (F.lion_coupled_decay, F.phase_one_rate), targets=("contraction_exact",))

# -- L6: the quadratic problem of the abstract -----------------------------------------------------------------

QUADRATIC = (r"$f(x) = \frac{1}{2}(x - b)^\top A(x - b)$, $A$ symmetric positive definite, "
             r"$\lVert b\rVert_\infty > 1/\lambda$")

SEPARABLE = Claim(
    id="lion_k.quadratic_box_separable",
    paper=PAPER,
    location="abstract (Lion minimises $f$ subject to $\\lVert x\\rVert_\\infty \\le 1/\\lambda$), on a concrete "
             "problem",
    statement=r"On " + QUADRATIC + r" with $A$ diagonal, Lion's iterates end within $O(\eta)$ of the box-constrained "
              r"minimiser $x^* = \operatorname{clip}(b, -1/\lambda, 1/\lambda)$.",
    assumptions=(r"Lion as released, $\beta = (0.9, 0.99)$, $x_0 = 0$, $10/\eta$ steps",),
    kind="algorithm",
    expected="supported",
    subject=lion_step,
    notes=r"Coordinates with $|b_i| > 1/\lambda$ converge to the bound geometrically (the step is "
          r"$x \leftarrow (1 - \eta\lambda)x \pm \eta$ once the sign settles); the others oscillate within a few "
          r"$\eta$ of $b_i$. Largest tail distance over $\eta$: "
          r"{{separable_instances_end_near_clip.worst_over_eta:.3g}}$\,\eta$. That the sign settles is not derived.",
)
SEPARABLE.mutant("coupled_decay", r"coupled decay (ends at the minimiser of $f + \frac{\lambda}{2}\lVert x\rVert^2$)",
                 bug.lion_step_coupled_decay)
SEPARABLE.mutant("no_decay", "no weight decay (ends at $b$)", bug.lion_step_without_decay)

COUPLED_COORDINATES = Claim(
    id="lion_k.quadratic_box_coupled_coordinates",
    paper=PAPER,
    location="abstract, on a concrete problem (the reproduction: a rotated quadratic)",
    statement=r"On " + QUADRATIC + r" with $A$ not diagonal, Lion's iterates end within $O(\eta)$ of the "
              r"box-constrained minimiser $x^*$ (which is not $\operatorname{clip}(b)$ in general).",
    assumptions=(r"Lion as released, $\beta = (0.9, 0.99)$, $x_0 = 0$, $10/\eta$ steps; the reproduction: "
                 r"$b = (3, -2.5)$, $A$ with eigenvalues 1 and 10 rotated by $45°$, $\lambda = 1$",),
    kind="algorithm",
    expected="supported",
    subject=lion_step,
    notes=r"The limit points of the continuous-time Lion are the KKT points of the box problem, so the target is "
          r"the constrained minimiser, found here by enumerating the active sets in exact rationals and by "
          r"projected gradient. On the reproduction $x^* = (1, -19/22)$ while $\operatorname{clip}(b) = (1, -1)$; "
          r"Lion's tail distance is {{reproduction_within_order_eta.tail_over_eta_smallest:.3g}}$\,\eta$ at the "
          r"smallest $\eta$ run, and the fitted order in $\eta$ is {{reproduction_within_order_eta.order:.3g}}. "
          r"On random coupled problems the largest tail distance is "
          r"{{random_coupled_instances.worst_over_eta:.3g}}$\,\eta$. Convergence of the sign dynamics is not derived.",
)
COUPLED_COORDINATES.mutant("coupled_decay", r"coupled decay", bug.lion_step_coupled_decay,
                           targets=("reproduction_within_order_eta",))
COUPLED_COORDINATES.mutant("decay_flipped", r"decay $x(1 + \eta\lambda)$", bug.lion_step_decay_flipped,
                           targets=("reproduction_within_order_eta",))
COUPLED_COORDINATES.mutant("no_decay", "no weight decay", bug.lion_step_without_decay,
                           targets=("random_coupled_instances",))

# -- L7: the notes-page form ----------------------------------------------------------------------------------

PAGE_FORM = Claim(
    id="lion_k.page_form_mapping",
    paper=PAPER,
    location="authors' notes (cs.utexas.edu/~lqiang/lionk), the Lion-$\\mathcal{K}$ update with "
             "$\\beta_{\\mathrm{nesterov}}, \\beta_{\\mathrm{polyak}}$",
    statement=r"The notes-page form $M_{t+1} = \beta_p M_t - (1 - \beta_p)g_t$, $\tilde M = \beta_n M_{t+1} - (1 - "
              r"\beta_n)g_t$, $X_{t+1} = X_t + \eta(\operatorname{sign}\tilde M - \lambda X_t)$ and Lion with "
              r"$(\beta_1, \beta_2)$ generate the same iterates for every gradient sequence exactly when $\beta_p = "
              r"\beta_2$ and $\beta_n = \beta_1/\beta_2$ (with $M = -m$); the mapping is unique and lies in the "
              r"page's range $[0, 1]^2$ if and only if $\beta_1 \le \beta_2$.",
    assumptions=(r"$0 \le \beta_1, \beta_2 < 1$, $\beta_2 > 0$ (for $\beta_2 = 0$: $\beta_1 = 0$, any $\beta_n$)",
                 r"the same $\eta$, $\lambda$, start and gradients"),
    kind="algorithm",
    expected="proved",
    subject=page_form_betas,
    origin="suite",
    notes=r"The page form takes $\tilde M$ from the updated $M_{t+1}$, Lion takes $c_t$ from the old $m_{t-1}$: "
          r"$\beta_n\beta_p$ must equal $\beta_1$. Lion's defaults $(0.9, 0.99)$ give $\beta_n = 10/11$; "
          r"settings with $\beta_1 > \beta_2$ are outside the page's parametrisation.",
)
PAGE_FORM.mutant("same_names", r"$\beta_n = \beta_1$, $\beta_p = \beta_2$ (the roles identified by name)",
                 bug.page_betas_same_names)
PAGE_FORM.mutant("product", r"$\beta_n = \beta_1\beta_2$", bug.page_betas_product)
PAGE_FORM.mutant("swapped", r"$\beta_p = \beta_1$, $\beta_n = \beta_2$", bug.page_betas_swapped)



def _tie_point(beta1, beta2):
    """(m, g) = (1 − β1, −β1): Lion's c = β1 m + (1 − β1)g is exactly 0 there."""
    return 1 - beta1, -beta1


def _page_direction(beta_n, beta1, beta2):
    """The page form's M̃ at Lion's tie point, M = −m, β_p = β2: M̃ = β_n(β2(−m) − (1 − β2)g) − (1 − β_n)g."""
    m, g = _tie_point(beta1, beta2)
    return beta_n * (beta2 * (-m) - (1 - beta2) * g) - (1 - beta_n) * g


def _nesterov_by_bisection(beta1: float, beta2: float) -> float:
    """The β_n ∈ [0, 1] at which the page form's direction vanishes where Lion's does, by bisection on the recursion
    (no closed form): M̃ changes sign on [0, 1] when β1 ≤ β2."""
    lo, hi = 0.0, 1.0
    f_lo = _page_direction(lo, beta1, beta2)
    if f_lo == 0:
        return lo
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        f_mid = _page_direction(mid, beta1, beta2)
        if (f_mid > 0) == (f_lo > 0) and f_mid != 0:
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _nesterov_exact(digits: int, beta1: float, beta2: float):
    """The same root in exact rationals: M̃ is affine in β_n, so two evaluations give it exactly."""
    b1, b2 = Fraction(beta1), Fraction(beta2)
    f0, f1 = _page_direction(Fraction(0), b1, b2), _page_direction(Fraction(1), b1, b2)
    root = -f0 / (f1 - f0)
    with mpmath.workdps(digits):
        return mpmath.mpf(root.numerator) / root.denominator


PAGE_NESTEROV = formula_claim(
    id="lion_k.page_form_nesterov_coefficient",
    paper=PAPER,
    location="authors' notes (the page form's $\\beta_{\\mathrm{nesterov}}$ for Lion)",
    formula=F.PAGE_NESTEROV,
    statement=r"For Lion with $(\beta_1, \beta_2)$ and $\beta_p = \beta_2$, the notes-page coefficient is "
              r"$\beta_n = \beta_1/\beta_2$: the value at which the page form's direction $\tilde M$ vanishes exactly "
              r"where Lion's $c = \beta_1 m + (1 - \beta_1)g$ does.",
    truth=_nesterov_by_bisection,
    truth_at_precision=_nesterov_exact,
    condition=lambda beta1, beta2: beta1 <= beta2,
    assumptions=(r"$\beta_1 \le \beta_2$ (so that $\beta_n \le 1$)",),
    rtol=1e-13,
    atol=1e-13,
    tolerance_reason=r"the ground truth bisects an affine function of slope $-\beta_2$ ($|\beta_2| \ge 0.01$), so "
                     r"its root is good to $10^{-16}/0.01 = 10^{-14}$ absolute",
    examples=10,
    expected="proved",
    origin="suite",
    notes="The ground truth bisects the page form's recursion at the input where Lion's direction vanishes "
          "($m = 1 - \\beta_1$, $g = -\\beta_1$), without the closed form; the exact re-verification uses two "
          "evaluations of the affine direction in rationals.",
)


# -- L8: coupled decay ----------------------------------------------------------------------------------------

COUPLED_DECAY = Claim(
    id="lion_k.coupled_decay_box",
    paper=PAPER,
    location="abstract (the box is attributed to the decoupled weight decay)",
    statement=r"Coupled (Adam-style L2) decay, $g \leftarrow g + \lambda x$ before the momentum and the sign and no "
              r"decoupled decay, also keeps $\lVert x_t\rVert_\infty \le 1/\lambda$ for every gradient sequence when "
              r"$\lVert x_0\rVert_\infty \le 1/\lambda$ and $\eta\lambda \le 1$.",
    assumptions=(LION_RANGE,),
    kind="inequality",
    expected="refuted",
    subject=F.lion_coupled_decay,
    origin="suite",
    notes=r"False: the sign step ignores the size of $\lambda x$, so a gradient larger than $\lambda|x|$ pushing "
          r"outward moves $x$ past the bound. Witness: one coordinate, $\lambda = 1$, $x_0 = 1$, $g_0 = -2$: "
          r"$c_0 = (1 - \beta_1)(-1) < 0$ and $x_1 = 1 + \eta$. With coupled decay the fixed points are those of "
          r"$\operatorname{sign}(\nabla f(x) + \lambda x) = 0$, the minimiser of "
          r"$f + \frac{\lambda}{2}\lVert x\rVert^2$, "
          "which lies outside the box whenever that minimiser does.",
)

# -- L9: the released code --------------------------------------------------------------------------------------

RELEASE = Claim(
    id="lion_k.release_matches_algorithm",
    paper=LION_PAPER,
    location="the Lion algorithm listing of 2302.06675 and lion/lion_pytorch.py (google/automl, commit 87461ee9)",
    statement=r"The released lion_pytorch.py implements the algorithm listing exactly: its decay $x(1 - \eta\lambda)$ "
              r"followed by the sign step gives $x - \eta(\operatorname{sign}(c_t) + \lambda x)$, $c_t = \beta_1 "
              r"m_{t-1} + (1 - \beta_1) g_t$ uses the momentum before its update, and $m_t = \beta_2 m_{t-1} + (1 - "
              r"\beta_2) g_t$ comes after; a coordinate with $c_t = 0$ (torch.sign(0) = 0, as for a zero gradient at "
              r"the first step, $m_0 = 0$) only decays.",
    assumptions=(r"one parameter tensor with a gradient (the release skips parameters whose grad is None, decay "
                 r"included)",),
    kind="algorithm",
    expected="proved",
    subject=F.released_lion_step,
    origin="suite",
    notes=r"The listing, $c_t = \beta_1 m_{t-1} + (1 - \beta_1)g_t$, $\theta_t = \theta_{t-1} - "
          r"\eta(\operatorname{sign}(c_t) + \lambda\theta_{t-1})$, $m_t = \beta_2 m_{t-1} + (1 - \beta_2)g_t$, is "
          r"taken from a public restatement of the paper (its number in the paper not confirmed); lion_optax.py "
          r"computes the same update as $-\eta(\operatorname{sign}(c) + \lambda x)$ with the old momentum. The "
          r"release equals it in exact rationals step by step, and in float64 up to the rounding of the two orders of "
          r"operations.",
)
RELEASE.mutant("updated_momentum", r"$c_t$ from the updated momentum $m_t$", F.lion_updated_momentum)
RELEASE.mutant("betas_swapped", r"$\beta_1$ and $\beta_2$ swapped", F.lion_betas_swapped)
RELEASE.mutant("decay_flipped", r"decay $x(1 + \eta\lambda)$", F.lion_decay_flipped)
RELEASE.mutant("coupled_decay", r"coupled decay $g \leftarrow g + \lambda x$", F.lion_coupled_decay)
RELEASE.mutant("decay_after_step", r"decay applied after the sign step", F.lion_decay_after_step,
               targets=("matches_listing_exact",))
RELEASE.mutant("sign_zero_is_one", r"$\operatorname{sign}(0) = 1$", F.lion_sign_zero_is_one,
               targets=("zero_direction_only_decays",))

TF2_SPARSE = Claim(
    id="lion_k.release_tf2_sparse_matches_dense",
    paper=LION_PAPER,
    location="lion/lion_tf2.py (google/automl, commit 91d02015): _resource_apply_sparse against _resource_apply_dense",
    statement=r"The sparse update of lion_tf2.py ($m_t \leftarrow m\beta_1 + (1 - \beta_1)g$ at the rows, the sign "
              r"step, then $m_t \leftarrow (m_t - (1 - \beta_1)g)\beta_2/\beta_1 + (1 - \beta_2)g$) gives the dense "
              r"update's parameters and momentum for every $\beta_1 \in [0, 1)$.",
    assumptions=(r"every row indexed; $\beta_2 \in [0, 1)$",),
    kind="algorithm",
    expected="conditional",
    subject=F.tf2_sparse_step,
    refined_by="lion_k.release_tf2_sparse_positive_beta1",
    origin="suite",
    notes=r"At $\beta_1 = 0$ the sparse path divides by $\beta_1$: in float the momentum becomes $0 \cdot \infty$ = "
          r"NaN for every row (the dense path is fine), and the next step's parameters are NaN. The release "
          r"does not validate $\beta_1$.",
)

TF2_SPARSE_POSITIVE = Claim(
    id="lion_k.release_tf2_sparse_positive_beta1",
    paper=LION_PAPER,
    location="lion/lion_tf2.py (the sparse update for $\\beta_1 > 0$)",
    statement=r"For $0 < \beta_1 < 1$ the sparse update of lion_tf2.py equals the dense one in exact arithmetic; in "
              r"float64 its momentum differs by rounding only, at most $8u\left(\frac{\beta_2}{\beta_1}(\beta_1|m| + "
              r"|g|) + |m| + |g|\right)$ per entry ($u = 2^{-53}$).",
    assumptions=(r"every row indexed; $\beta_2 \in [0, 1)$",),
    kind="algorithm",
    expected="proved",
    subject=F.tf2_sparse_step,
    origin="suite",
    notes=r"Subtracting $(1 - \beta_1)g$ to undo its addition cancels: the momentum's rounding error grows like "
          r"$u|g|\beta_2/\beta_1$, large relative to $m$ when $|m| \ll |g|$ or $\beta_1$ is small. Largest error "
          r"over the float64 runs, in units of the bound: {{float_momentum_within_rounding.worst_over_bound:.3g}}.",
)
TF2_SPARSE_POSITIVE.mutant("no_rescaling", r"momentum not rescaled by $\beta_2/\beta_1$",
                           lambda x, m, g, lr, betas, wd: F.tf2_sparse_step(x, m, g, lr, (betas[0], betas[0]), wd))
TF2_SPARSE_POSITIVE.mutant("no_subtraction", r"$(1 - \beta_1)g$ not subtracted before the rescaling",
                           lambda x, m, g, lr, betas, wd: (F.tf2_sparse_step(x, m, g, lr, betas, wd)[0],
                                                           F.tf2_sparse_step(x, m, g, lr, betas, wd)[1]
                                                           + g * (1 - betas[0]) * betas[1] / betas[0]))
