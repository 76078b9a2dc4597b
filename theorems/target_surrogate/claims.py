"""T1–T5: the surrogate is a global upper bound in target space, its constants, the MM descent, and the exact
minimiser for a linear model."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .library import linear_mm_step, max_target_step
from .paper import PAPER

SETUP = (r"targets $z = f(\theta) \in \mathbb{R}^{n \times k}$, loss $L(z)$, $z_t = f(\theta_t)$ and "
         r"$g_t(\theta) = L(z_t) + \langle \nabla L(z_t), f(\theta) - z_t\rangle + "
         r"\frac{1}{2\eta}\|f(\theta) - z_t\|_F^2$")
RECONSTRUCTED = (r"The paper body was not read: the surrogate and the statements are the specification's "
                 r"reconstruction from the abstract, and the lemma and theorem numbers are not confirmed.")

# -- T1 ------------------------------------------------------------------------------------------------------------

UPPER_BOUND = Claim(
    id="target_surrogate.global_upper_bound",
    paper=PAPER,
    location="abstract; the upper-bound lemma (number not confirmed)",
    statement=r"If $L$ is $\frac{1}{\eta}$-smooth in the target space, then $g_t(\theta) \ge L(f(\theta))$ for "
              r"every $\theta$ and every model $f$, linear or not.",
    assumptions=(SETUP, r"$\nabla L$ is $\frac{1}{\eta}$-Lipschitz in the Frobenius norm of the stacked targets"),
    kind="inequality",
    expected="proved",
    subject=F.surrogate_of_model,
    notes=r"The descent lemma in target space, applied at $z = f(\theta)$: the model enters only through the "
          r"point $f(\theta)$, so no property of $f$ is needed. Checked on linear models and two-layer tanh "
          r"networks with the mean softmax cross-entropy at $\eta = c \cdot 2n$, $c \in (0, 1]$; the smallest "
          r"relative gap $(g_t - L)/L$ over the drawn cases is in the check's evidence. " + RECONSTRUCTED,
)
UPPER_BOUND.mutant("sign_flipped", r"$L(z_t) - \langle \nabla L(z_t), f(\theta) - z_t\rangle + "
                   r"\frac{1}{2\eta}\|f(\theta) - z_t\|^2$", F.surrogate_sign_flipped)
UPPER_BOUND.mutant("no_quadratic", r"the quadratic term dropped: the linearisation of $L$ at $z_t$",
                   F.surrogate_no_quadratic)
UPPER_BOUND.mutant("parameter_space", r"the proximity term $\frac{1}{2\eta}\|\theta - \theta_t\|^2$ in parameter "
                   r"space", F.surrogate_parameter_space)

# -- T2 ------------------------------------------------------------------------------------------------------------

CONSTANTS = Claim(
    id="target_surrogate.smoothness_constants",
    paper=PAPER,
    location="the smoothness of common losses (specification T2; wording reconstructed)",
    statement=r"$g_t \ge L$ holds for $\eta \le 2$ (per-example softmax cross-entropy, $\lambda_{\max}"
              r"(\mathrm{diag}(p) - pp^\top) \le \frac{1}{2}$), $\eta \le 4$ (binary logistic, "
              r"$\sigma(1 - \sigma) \le \frac{1}{4}$) and $\eta \le 1$ (squared loss); for the mean over $n$ "
              r"examples in the stacked norm the constants are divided by $n$: $\eta \le 2n$, $4n$, $n$.",
    assumptions=(SETUP, r"the sum $L = \sum_i \ell_i$ or the mean $L = \frac{1}{n}\sum_i \ell_i$ over $n$ examples"),
    kind="inequality",
    expected="proved",
    subject=max_target_step,
    notes=r"The Hessian of the mean is block-diagonal with blocks $\frac{1}{n}\nabla^2 \ell_i$, so its largest "
          r"eigenvalue is the per-example one divided by $n$. Each constant is attained: at $z_t = 0$ with two "
          r"classes ($p = (\frac{1}{2}, \frac{1}{2})$), at logit 0 for the logistic loss, everywhere for the "
          r"squared loss; with $k \ge 3$ classes $\frac{1}{2}$ is approached as two logits dominate "
          r"(target_surrogate.bound_fails_above_constant shows that no larger $\eta$ works). " + RECONSTRUCTED,
)
CONSTANTS.mutant("ce_three", r"$\eta \le 3$ for softmax cross-entropy", F.max_step_ce_three)
CONSTANTS.mutant("sum_for_mean", r"the smoothness of the sum used with the mean: $\eta \le 2n^2$ for the mean",
                 F.max_step_sum_for_mean)
CONSTANTS.mutant("squared_two", r"$\eta \le 2$ for the squared loss", F.max_step_squared_two)

# -- T3 ------------------------------------------------------------------------------------------------------------

SHARP = Claim(
    id="target_surrogate.bound_fails_above_constant",
    paper=PAPER,
    location="specification T3 (this suite's addition)",
    statement=r"For every $\eta$ above the constant of target_surrogate.smoothness_constants ($2$, $4$, $1$ per "
              r"example; $2n$, $4n$, $n$ for the mean) there are $z_t$ and $z = z_t + \delta u$ with "
              r"$g_t(z) < L(z)$: along the top eigenvector $u$ of $\nabla^2 L(z_t)$, "
              r"$g_t - L = \delta^2 (\frac{1}{2\eta} - \frac{1}{2}u^\top \nabla^2 L(z_t) u) + O(\delta^3)$.",
    assumptions=(SETUP, r"the witness: $z_t = 0$, the label class $0$ (label $+1$, target $0$), "
                 r"$u = (1, -1)/\sqrt 2$ for two classes, $\delta = 0.1$"),
    kind="inequality",
    expected="proved",
    origin="suite",
    subject=max_target_step,
    notes=r"The failure is local: for softmax cross-entropy $L$ grows only linearly far from $z_t$, so the "
          r"quadratic term wins again at large $\delta$. At the specification's point ($z_t = (0, 0)$, $\delta = 0.1$, "
          r"$\eta = 2.2$), $g_t - L =$ {{spec_points.gap_at_2_2}} (mpmath, 40 digits).",
)
SHARP.mutant("logistic_as_softmax", r"$\eta \le 2$ for the binary logistic loss (its constant is "
             r"$\frac{1}{4}$)", F.max_step_logistic_as_softmax)
SHARP.mutant("mean_without_n", r"$\eta \le 2$ kept for the mean over $n$ examples", F.max_step_mean_without_n)

DESCENT_BEYOND = Claim(
    id="target_surrogate.mm_descent_beyond_bound",
    paper=PAPER,
    location="specification T3: sufficient or necessary (this suite's addition)",
    statement=r"The bound $\eta \le 1/\beta$ is sufficient, not necessary, for monotone MM: for a linear model "
              r"$f(\theta) = X\theta$ with exact surrogate minimisation, $L(z_{t+1}) \le L(z_t) - "
              r"\eta(1 - \frac{\beta\eta}{2})\|P\nabla L(z_t)\|^2$ ($P$ the projection onto the range of $X$), "
              r"so the loss decreases for every $\eta < 2/\beta$, and $2/\beta$ is sharp.",
    assumptions=(SETUP, r"$L$ is $\beta$-smooth; $X^\top X$ invertible"),
    kind="inequality",
    expected="proved",
    origin="suite",
    subject=F.descent_limit,
    notes=r"Sharpness: two examples with one feature $x = 1$ and opposite labels have their minimum at $z = 0$, "
          r"where the curvature of the mean loss along the tied targets is exactly $\beta$; for "
          r"$\eta > 2/\beta$ the iterates oscillate with growing amplitude and the loss increases.",
)
DESCENT_BEYOND.mutant("bound_is_necessary", r"monotone only for $\eta \le 1/\beta$", F.descent_limit_bound_only)
DESCENT_BEYOND.mutant("three_over_beta", r"monotone for $\eta < 3/\beta$", F.descent_limit_three)

# -- T4 ------------------------------------------------------------------------------------------------------------

MM_DESCENT = Claim(
    id="target_surrogate.mm_descent",
    paper=PAPER,
    location="abstract: the MM algorithm (theorem number not confirmed)",
    statement=r"Any $\theta_{t+1}$ with $g_t(\theta_{t+1}) \le g_t(\theta_t)$ gives "
              r"$L(f(\theta_{t+1})) \le L(f(\theta_t))$.",
    assumptions=(SETUP, r"$L$ is $\frac{1}{\eta}$-smooth in the target space"),
    kind="inequality",
    expected="proved",
    subject=F.surrogate_of_model,
    notes=r"$L(f(\theta_{t+1})) \le g_t(\theta_{t+1}) \le g_t(\theta_t) = L(z_t)$. Checked with inner "
          r"minimisation by BFGS on a two-layer tanh network. " + RECONSTRUCTED,
)
MM_DESCENT.mutant("sign_flipped", r"the surrogate with the linear term's sign flipped", F.surrogate_sign_flipped)
MM_DESCENT.mutant("parameter_space", r"the proximity term in parameter space",
                  F.surrogate_parameter_space)

STATIONARY = Claim(
    id="target_surrogate.mm_reaches_stationary_point",
    paper=PAPER,
    location="abstract: convergence to a stationary point (theorem number not confirmed)",
    statement=r"With exact surrogate minimisation the MM iterates reach a stationary point of "
              r"$L(f(\theta))$: $\|\nabla_\theta L(f(\theta_t))\| \to 0$.",
    assumptions=(SETUP, r"$L$ is $\frac{1}{\eta}$-smooth in the target space and bounded below"),
    kind="algorithm",
    expected="supported",
    subject=linear_mm_step,
    notes=r"On a linear softmax model ($n = 60$, $d = 5$, $k = 3$, random labels, so a minimiser exists) at "
          r"$\eta = 2n$, the MM iterates reach the minimiser found by L-BFGS; the final gradient norm is "
          r"{{reaches_lbfgs_minimiser.final_gradient_norm}}. " + RECONSTRUCTED,
)
STATIONARY.mutant("no_projection", r"$\theta_t - \eta X^\top \nabla L(z_t)$", F.mm_step_no_projection)
STATIONARY.mutant("sign", r"$\theta_t + \eta (X^\top X)^{-1} X^\top \nabla L(z_t)$", F.mm_step_sign)

# -- T5 ------------------------------------------------------------------------------------------------------------

LINEAR_MINIMISER = Claim(
    id="target_surrogate.linear_minimiser",
    paper=PAPER,
    location="specification T5 (the projected target-space step; wording reconstructed)",
    statement=r"For $f(\theta) = X\theta$ with $X^\top X$ invertible, "
              r"$\operatorname{arg\,min}_\theta g_t(\theta) = \theta_t - "
              r"\eta (X^\top X)^{-1} X^\top \nabla L(z_t)$: a target-space gradient step followed by a "
              r"least-squares projection.",
    assumptions=(SETUP, r"$X \in \mathbb{R}^{n \times d}$ of rank $d$"),
    kind="identity",
    expected="proved",
    subject=linear_mm_step,
    notes=r"The normal equations of the quadratic $g_t$; $X\theta_{t+1}$ is the projection of "
          r"$z_t - \eta\nabla L(z_t)$ onto the range of $X$. " + RECONSTRUCTED,
)
LINEAR_MINIMISER.mutant("no_projection", r"$\theta_t - \eta X^\top \nabla L(z_t)$", F.mm_step_no_projection)
LINEAR_MINIMISER.mutant("half_step", r"$\theta_t - \frac{\eta}{2}(X^\top X)^{-1} X^\top \nabla L(z_t)$",
                        F.mm_step_half)
LINEAR_MINIMISER.mutant("sign", r"$\theta_t + \eta (X^\top X)^{-1} X^\top \nabla L(z_t)$", F.mm_step_sign)
