"""The self-distillation claims (arXiv 2102.13088) and their mutants.

The recursion on the training points, its closed form from the initial fit, the limit of
infinitely many steps (as a matrix statement and as the per-mode multiplier, a formula claim), the
boundaries α = 0 and α = 1, the per-mode multipliers (two claims), the optimal weight (its
closed form, the claim that it lies in [0, 1], and the constrained minimiser the suite adds), the
reproduction of the released toy (with the README's column label) and the released ResNet loss
(its regulariser, with the group-norm refinement, and its weighted squared error).

The paper body could not be read: the recursion is reconstructed from the abstract and matches the
released notebook; theorem numbers and the criterion of the optimal weight are not confirmed, and the
claims' locations say so. The library conformance claims are in ``claims_library``.
"""

from __future__ import annotations

import mpmath

from claimkit import Claim, formula_claim

from . import formulas as F
from . import released as R
from .paper import PAPER

RECONSTRUCTED = ("Wording reconstructed from the abstract and the released notebook; the paper's theorem "
                 "number is not confirmed.")
KRR = (r"$K \in \mathbb{R}^{N\times N}$ symmetric positive semidefinite (the kernel on the training inputs), "
       r"$\lambda > 0$, $A = K(K + \lambda I)^{-1}$")
STEP = (r"$f_t = \operatorname{arg\,min}_f\ \alpha\lVert y - f(X)\rVert^2 + "
        r"(1-\alpha)\lVert f_{t-1}(X) - f(X)\rVert^2 + "
        r"\lambda\lVert f\rVert_{\mathcal{H}}^2$ over the RKHS of $K$, $f_0(X) = Ay$ the ridge fit")

# -- the step ------------------------------------------------------------------------------------------

STEP_SOLVES_OBJECTIVE = Claim(
    id="self_distillation.step_solves_objective",
    paper=PAPER,
    location="§3, the distillation step (reconstructed)",
    statement=r"The step-$t$ objective is solved on the training points by "
              r"$f_t(X) = A\bigl(\alpha y + (1-\alpha) f_{t-1}(X)\bigr)$.",
    assumptions=(KRR, STEP, r"$\alpha \in [0, 1]$"),
    kind="identity",
    expected="proved",
    subject=F.distill_step,
    notes=RECONSTRUCTED + r" The two squared errors combine into $\lVert \alpha y + (1-\alpha)f_{t-1} - f\rVert^2$ "
          r"plus a constant because the weights sum to 1, so the step is a ridge fit to the mixed target.",
)
STEP_SOLVES_OBJECTIVE.mutant("swapped_weights", r"weight $1-\alpha$ on $y$ and $\alpha$ on the teacher",
                             F.step_swapped_weights)
STEP_SOLVES_OBJECTIVE.mutant("teacher_only_smoothed", r"$\alpha y + (1-\alpha)A f_{t-1}$",
                             F.step_teacher_only_smoothed)
STEP_SOLVES_OBJECTIVE.mutant("ridge_doubled", r"$A = K(K + 2\lambda I)^{-1}$ (one ridge per squared error)",
                             F.step_ridge_doubled)

# -- the closed form -----------------------------------------------------------------------------------

CLOSED_FORM = Claim(
    id="self_distillation.closed_form_from_initial_fit",
    paper=PAPER,
    location="abstract; closed form of $f_t$ (theorem number not confirmed)",
    statement=r"$f_t = \sum_{j=0}^{t-1} \alpha\bigl((1-\alpha)A\bigr)^j A y + \bigl((1-\alpha)A\bigr)^t f_0$ "
              r"for every $t \ge 0$: any self-distilled function is a function of the initial fit.",
    assumptions=(KRR, STEP, r"$\alpha \in [0, 1]$"),
    kind="identity",
    expected="proved",
    subject=F.closed_form,
    notes=RECONSTRUCTED,
)
CLOSED_FORM.mutant("off_by_one", r"the sum runs to $j = t$", F.closed_form_off_by_one)
CLOSED_FORM.mutant("starts_at_targets", r"started at $f_0 = y$ (no initial fit) with the paper's step count",
                   F.closed_form_from_targets)
CLOSED_FORM.mutant("swapped_weights", r"$\alpha$ and $1-\alpha$ swapped", F.closed_form_swapped)

# -- the limit -----------------------------------------------------------------------------------------

LIMIT = Claim(
    id="self_distillation.infinite_steps_limit",
    paper=PAPER,
    location="abstract; limit of infinitely many steps (theorem number not confirmed)",
    statement=r"For $\alpha \in (0, 1]$, $f_t \to f_\infty = K\bigl(K + \tfrac{\lambda}{\alpha} I\bigr)^{-1} y$: "
              r"the original problem with its regularisation amplified by exactly $1/\alpha$.",
    assumptions=(KRR, STEP, r"$\alpha \in (0, 1]$"),
    kind="limit",
    expected="proved",
    subject=F.limit,
    notes=RECONSTRUCTED + r" The iteration contracts with factor $(1-\alpha)\max_i d_i/(d_i + \lambda) < 1$, so "
          r"the limit exists for every $\alpha > 0$ and every start.",
)
LIMIT.mutant("lambda_times_alpha", r"$K(K + \lambda\alpha I)^{-1}y$", F.limit_lambda_times_alpha)
LIMIT.mutant("lambda_over_one_minus_alpha", r"$K(K + \tfrac{\lambda}{1-\alpha} I)^{-1}y$ (weights swapped)",
             F.limit_lambda_over_one_minus_alpha)
LIMIT.mutant("lambda_over_alpha_squared", r"amplification $1/\alpha^2$", F.limit_lambda_over_alpha_squared)

def _doubled_limit(d: float, lam: float, alpha: float, digits: int | None = None):
    """The limit of u ↦ c·u + b, c = (1 − α)a, b = αa, a = d/(d + λ): the map composed with itself 2⁶⁴
    times by repeated squaring, (c, b) ↦ (c², b + c·b), applied to u = a (c^(2⁶⁴) underflows to 0)."""
    if digits is None:
        a = d / (d + lam)
        c, b = (1 - alpha) * a, alpha * a
        for _ in range(64):
            b, c = b + c * b, c * c
        return c * a + b
    with mpmath.workdps(digits):
        d_, lam_, alpha_ = mpmath.mpf(d), mpmath.mpf(lam), mpmath.mpf(alpha)
        a = d_ / (d_ + lam_)
        c, b = (1 - alpha_) * a, alpha_ * a
        for _ in range(64):
            b, c = b + c * b, c * c
        return +(c * a + b)


LIMIT_MULTIPLIER = formula_claim(
    id="self_distillation.limit_multiplier",
    paper=PAPER,
    location="abstract; per eigen-mode form of the limit (reconstructed)",
    statement=r"Per eigen-mode of $K$ (eigenvalue $d$) the limit multiplies the target's coefficient by "
              r"$d/(d + \lambda/\alpha)$.",
    formula=F.LIMIT_MULTIPLIER,
    truth=lambda d, alpha, **kw: _doubled_limit(d, kw["lambda"], alpha),
    truth_at_precision=lambda digits, d, alpha, **kw: _doubled_limit(d, kw["lambda"], alpha, digits),
    expected="proved",
    kind="limit",
    notes=RECONSTRUCTED + r" Ground truth: the mode's map $u \mapsto (1-\alpha)a\,u + \alpha a$, "
          r"$a = d/(d+\lambda)$, composed with itself $2^{64}$ times by repeated squaring (float64, and at 50 digits "
          r"for a re-verification).",
)


# -- the boundaries ------------------------------------------------------------------------------------

BOUNDARIES = Claim(
    id="self_distillation.boundaries",
    paper=PAPER,
    location="§3, the cases $\\alpha = 0$ and $\\alpha = 1$ (reconstructed)",
    statement=r"At $\alpha = 0$, $f_t = A^{t+1}y \to 0$ (the zero function), $\lVert f_t\rVert$ shrinking by the "
              r"factor $d_{\max}/(d_{\max} + \lambda)$ per step; at $\alpha = 1$, $f_t = f_0$ for every $t$.",
    assumptions=(KRR, STEP, r"for the rate: $y$ has a component along the top eigenvector of $K$"),
    kind="limit",
    expected="proved",
    subject=F.BOUNDARIES,
    notes=RECONSTRUCTED + r" The rate is the spectral radius of $A$; the slower modes die first.",
)
for _name, _desc in (("alpha_zero_to_ridge", r"at $\alpha = 0$ the iteration converges to the ridge fit $Ay$"),
                     ("alpha_one_keeps_smoothing", r"at $\alpha = 1$, $f_t = A^{t+1}y$"),
                     ("rate_of_smallest_mode", r"rate $d_{\min}/(d_{\min} + \lambda)$"),
                     ("rate_lambda_share", r"rate $\lambda/(d_{\max} + \lambda)$")):
    BOUNDARIES.mutant(_name, _desc, F.BOUNDARY_MUTANTS[_name])

# -- the multipliers -----------------------------------------------------------------------------------

MODES = (r"$a = d/(d+\lambda) \in [0, 1)$ for an eigenvalue $d \ge 0$ of $K$; $B_0 = a$, "
         r"$B_t = a((1-\alpha)B_{t-1} + \alpha)$")

MULTIPLIERS_DECREASE = Claim(
    id="self_distillation.multipliers_decrease",
    paper=PAPER,
    location="§3, sparsification with ground truth (reconstructed)",
    statement=r"For $\alpha \in (0, 1)$ every eigen-coefficient multiplier $B_t$ decreases monotonically in $t$ "
              r"(strictly when $d > 0$).",
    assumptions=(KRR, MODES, r"$\alpha \in (0, 1)$"),
    kind="inequality",
    expected="proved",
    subject=F.multipliers,
    notes=RECONSTRUCTED + r" $B_t - B_{t-1} = (1-\alpha)a\,(B_{t-1} - B_{t-2})$ and "
                          r"$B_1 - B_0 = -(1-\alpha)a(1-a) < 0$.",
)
SMALL_MODES_FASTER = Claim(
    id="self_distillation.small_modes_shrink_faster",
    paper=PAPER,
    location="§3, sparsification with ground truth (reconstructed)",
    statement=r"For $\alpha \in (0, 1)$ modes with smaller $d$ shrink faster relative to their start: "
              r"$B_t(d)/B_0(d)$ increases with $d$ for every $t \ge 1$.",
    assumptions=(KRR, MODES, r"$\alpha \in (0, 1)$, $d > 0$"),
    kind="inequality",
    expected="proved",
    subject=F.multipliers,
    notes=RECONSTRUCTED + r" $B_t/B_0 = \alpha\sum_{j<t}c^j + c^t$ with $c = (1-\alpha)a$, increasing in $c$.",
)
for _claim in (MULTIPLIERS_DECREASE, SMALL_MODES_FASTER):
    _claim.mutant("no_shrink", r"$B_t = (1-\alpha)B_{t-1} + \alpha a$ (teacher not re-fitted)",
                  F.multipliers_no_shrink)
    _claim.mutant("pure_distillation", r"$B_t = a^{t+1}$ whatever $\alpha$", F.multipliers_pure_distillation)
    _claim.mutant("large_modes_first", r"$B_t = a(\alpha + (1-\alpha)(1-a))^t$", F.multipliers_large_modes_first)

# -- the optimal weight --------------------------------------------------------------------------------

OPTIMAL = (r"$\alpha_t^* = \operatorname{arg\,min}_\alpha \lVert A f_{t-1} + \alpha A(y - f_{t-1}) - y^*\rVert^2$ "
           r"for a reference $y^*$")

OPTIMAL_ALPHA_CLOSED_FORM = Claim(
    id="self_distillation.optimal_alpha_closed_form",
    paper=PAPER,
    location="abstract; optimal weighting parameter (criterion not confirmed)",
    statement=r"The optimal weight has the closed form $\alpha_t^* = \langle A(y - f_{t-1}),\, y^* - A f_{t-1}\rangle"
              r" / \lVert A(y - f_{t-1})\rVert^2$.",
    assumptions=(KRR, OPTIMAL, r"$A(y - f_{t-1}) \ne 0$"),
    kind="identity",
    expected="proved",
    subject=F.alpha_star,
    notes="The criterion (distance to a reference $y^*$ on the training points) is reconstructed; the paper's "
          "exact criterion is not confirmed.",
)
OPTIMAL_ALPHA_CLOSED_FORM.mutant("clipped", r"the closed form clipped to $[0, 1]$ silently", F.alpha_star_clipped)
OPTIMAL_ALPHA_CLOSED_FORM.mutant("unsmoothed", r"direction $y - f_{t-1}$ without $A$", F.alpha_star_unsmoothed)
OPTIMAL_ALPHA_CLOSED_FORM.mutant("wrong_anchor", r"residual $y^* - f_{t-1}$ instead of $y^* - Af_{t-1}$",
                                 F.alpha_star_wrong_anchor)

OPTIMAL_ALPHA_CONSTRAINED = Claim(
    id="self_distillation.optimal_alpha_constrained",
    paper=PAPER,
    location="suite refinement of the optimal weighting parameter",
    statement=r"The minimiser of $\lVert A f_{t-1} + \alpha A(y - f_{t-1}) - y^*\rVert^2$ over $\alpha \in [0, 1]$ is "
              r"$\min(1, \max(0, \alpha_t^*))$, $\alpha_t^*$ the unconstrained closed form.",
    assumptions=(KRR, r"$A(y - f_{t-1}) \ne 0$"),
    kind="identity",
    expected="proved",
    subject=F.constrained_alpha_star,
    origin="suite",
    notes="The objective is a convex parabola in $\\alpha$, so its minimum over an interval is the vertex clipped "
          "to it.",
)
OPTIMAL_ALPHA_CONSTRAINED.mutant("end_points_only", r"the better of $\alpha = 0$ and $\alpha = 1$",
                                 F.constrained_at_zero_or_one)

OPTIMAL_ALPHA_IN_UNIT_INTERVAL = Claim(
    id="self_distillation.optimal_alpha_in_unit_interval",
    paper=PAPER,
    location="abstract; optimal weighting parameter (criterion not confirmed)",
    statement=r"The optimal weight lies in $[0, 1]$: $0 \le \alpha_t^* \le 1$.",
    assumptions=(KRR, OPTIMAL, r"$A(y - f_{t-1}) \ne 0$"),
    kind="inequality",
    expected="conditional",
    subject=(0, 1),
    refined_by="self_distillation.optimal_alpha_constrained",
    notes="Wording and criterion reconstructed. The unconstrained minimiser leaves $[0, 1]$ whenever the "
          "reference lies beyond the ground-truth fit along $A(y - f_{t-1})$: with $N = 1$, $K = 1$, "
          r"$\lambda = 1$ ($A = 1/2$), $y = y^* = 1$ and $f_{t-1} = 0$ the objective $(\alpha/2 - 1)^2$ is minimal at "
          r"$\alpha^* = 2$. A weight in $[0, 1]$ needs the constraint (self_distillation.optimal_alpha_constrained).",
)

# -- the released toy ----------------------------------------------------------------------------------

TOY_REPRODUCTION = Claim(
    id="self_distillation.toy_reproduction",
    paper=PAPER,
    location="README table and toy_example.ipynb (commit cb20d6c)",
    statement=r"The kernel ridge toy (11 points, RBF kernel $e^{-80(x-x')^2}$, $\lambda = 0.2$) gives, as the MSE "
              r"against $\sin(2\pi x)$ of steps 1–6 and $\infty$, the README's values to 5 decimals: "
              r"$\alpha = 0$: 0.16477, 0.15076, 0.14915, 0.15561, 0.16735, 0.18251, 0.49505; "
              r"$\alpha = 0.35$: 0.16477, 0.15424, 0.15089, 0.14983, 0.14954, 0.14948, 0.14959.",
    assumptions=(r"the notebook's step 1 is the initial fit and its row $\infty$ is "
                 r"$\alpha K(x, X)(\alpha K + \lambda I)^{-1}y$",),
    kind="empirical",
    expected="supported",
    subject=R.toy_losses,
    notes=r"The numpy port reproduces every value; a 30-digit mpmath recomputation rounds to the same "
          r"5 decimals. The ∞ row at $\alpha = 0$ is the mean of $\sin^2(2\pi x)$ over the 101 grid points, "
          "$50/101$: the zero function.",
)
TOY_REPRODUCTION.mutant("off_by_one", "the printed step 1 is already one distillation step",
                        R.toy_losses_off_by_one)
TOY_REPRODUCTION.mutant("swapped_weights", r"teacher weight $\alpha$, ground-truth weight $1-\alpha$",
                        R.toy_losses_swapped)
TOY_REPRODUCTION.mutant("limit_lambda_alpha", r"the $\infty$ row with ridge $\lambda\alpha$",
                        R.toy_losses_limit_lambda_alpha)

README_COLUMN_LABEL = Claim(
    id="self_distillation.readme_column_label",
    paper=PAPER,
    location="README table header (commit cb20d6c)",
    statement=r"The README table's second column, headed $\alpha = 0.25$, lists the toy's losses at "
              r"$\alpha = 0.25$.",
    kind="empirical",
    expected="refuted",
    subject=0.25,
    notes=r"At $\alpha = 0.25$ the port prints the notebook's own output for that cell, not the README's column; "
          r"the column is the $\alpha = 0.35$ run the README's text describes (self_distillation.toy_reproduction).",
)

# -- the released ResNet loss --------------------------------------------------------------------------

RELEASED = r"self\_distiller.py, LitResnet.training\_step (commit cb20d6c)"

REGULARISER_IS_L2 = Claim(
    id="self_distillation.released_regulariser_is_l2",
    paper=PAPER,
    location="released code: " + RELEASED,
    statement=r"The released regulariser is the theory's $\ell_2$ penalty $\lambda\lVert\theta\rVert^2$, "
              r"$\lambda$ = reg\_coef.",
    assumptions=(r"$\theta$ the trainable parameters, as a list of tensors $\theta_p$",),
    kind="identity",
    expected="conditional",
    subject=R.released_regulariser,
    origin="suite",
    refined_by="self_distillation.released_regulariser_group_norm",
    notes=r"The code adds reg\_coef $\cdot\sum_p \lVert\theta_p\rVert$ with torch.norm, the unsquared norm of each "
          r"tensor: degree-1 homogeneous, a group-lasso penalty rather than weight decay. One tensor $\theta = (2)$ "
          r"gives $2\lambda$ against $4\lambda$.",
)
REGULARISER_GROUP_NORM = Claim(
    id="self_distillation.released_regulariser_group_norm",
    paper=PAPER,
    location="released code: " + RELEASED,
    statement=r"The released regulariser is $\lambda\sum_p \lVert\theta_p\rVert_2$ over the parameter tensors: "
              r"positively homogeneous of degree 1.",
    kind="identity",
    expected="supported",
    subject=R.released_regulariser,
    origin="suite",
)
REGULARISER_GROUP_NORM.mutant("squared", r"$\lambda\sum_p\lVert\theta_p\rVert^2$", R.regulariser_squared_sum)
REGULARISER_GROUP_NORM.mutant("global_norm", r"$\lambda\lVert\theta\rVert$ over all tensors at once",
                              R.regulariser_global_norm)

LOSS_WEIGHTING = Claim(
    id="self_distillation.released_loss_weighting",
    paper=PAPER,
    location="released code: " + RELEASED,
    statement=r"The released distillation loss is the theory's weighted squared error "
              r"$\alpha\lVert Y - s\rVert^2 + (1-\alpha)\lVert s_T - s\rVert^2$ with $f = s$ the student's softmax "
              r"output and $s_T$ the teacher's, each averaged over the $B \times C$ entries of the batch.",
    assumptions=(r"$Y$ one-hot targets, $\alpha$ = the script's alpha, a teacher present (distillation steps)",),
    kind="identity",
    expected="supported",
    subject=R.released_data_loss,
    origin="suite",
    notes=r"The weights match the theory (ground truth $\alpha$, teacher $1-\alpha$), but the squared error acts on "
          r"the softmax probabilities, not on the network's outputs, so the kernel analysis applies to it only "
          r"through that nonlinearity.",
)
LOSS_WEIGHTING.mutant("swapped_weights", r"weight $\alpha$ on the teacher", R.data_loss_swapped)
LOSS_WEIGHTING.mutant("teacher_logits", "the teacher's logits as soft targets", R.data_loss_teacher_logits)
LOSS_WEIGHTING.mutant("summed", "sums instead of means", R.data_loss_summed)
