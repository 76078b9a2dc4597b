"""R5: does the empirical rDPO objective of a log-linear policy have a finite minimiser over all of ℝ^d?"""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .claims_loss import RDPO, SETUP
from .paper import PAPER

LOG_LINEAR = (r"log-linear policy $\pi_\theta(y|x) \propto e^{\theta^\top\phi(x, y)}$, uniform $\pi_{ref}$, so "
              r"$h_i = \theta^\top z_i$ with $z_i = \phi(x_i, \tilde y_{w,i}) - \phi(x_i, \tilde y_{l,i})$ for the "
              r"observed pairs")
OBJECTIVE = r"$\hat L(\theta) = \frac1n\sum_{i=1}^n \hat\ell_\epsilon(\theta^\top z_i)$, $\theta \in \mathbb{R}^d$"

UNCONSTRAINED = Claim(
    id="robust_dpo.unconstrained_minimiser",
    paper=PAPER,
    location="R5 (assumption necessity: the analysis's parameter set)",
    statement=r"For $\epsilon \in (0, 1/2)$, $\hat L$ has a finite minimiser over $\theta \in \mathbb{R}^d$ "
              r"(in particular it is bounded below), including when $n < d$.",
    assumptions=(SETUP, RDPO, LOG_LINEAR, OBJECTIVE),
    kind="inequality",
    expected="conditional",
    subject=F.objective,
    origin="suite",
    refined_by="robust_dpo.recession_slope",
    notes=r"False whenever some $u$ has $z_i^\top u \ge 0$ for all $i$ with one strict (always when $n < d$, and "
          r"for linearly separable observed pairs): $\hat\ell_\epsilon$ decreases with slope below "
          r"$-\beta\epsilon/(1-2\epsilon)$, so $\hat L(tu) \to -\infty$. The witness solves $Zu = \mathbf{1}$ by "
          r"least squares and evaluates $\hat L(Tu)$ at a large $T$, re-verified at 50 digits. Clean DPO "
          r"($\ell \ge 0$) is bounded below but has no minimiser either in that case; on a ball "
          r"$\|\theta\| \le B$ (as in the log-linear analysis) a minimiser exists by compactness.",
)

RECESSION = Claim(
    id="robust_dpo.recession_slope",
    paper=PAPER,
    location="R5, corrected (derived by this suite)",
    statement=r"Along any ray, $\lim_{t\to\infty}\frac{d}{dt}\hat L(tu) = \frac{\beta}{n(1-2\epsilon)}\sum_i "
              r"\left[(1-\epsilon)(z_i^\top u)_- - \epsilon(z_i^\top u)_+\right]$, so $\hat L$ is unbounded below "
              r"when this is negative for some $u$ (e.g. $Zu = \mathbf{1}$, which exists when $n \le d$).",
    assumptions=(SETUP, RDPO, LOG_LINEAR, OBJECTIVE, r"$\epsilon \in (0, 1/2)$"),
    kind="limit",
    expected="proved",
    subject=F.recession_slope,
    origin="suite",
    notes=r"The per-sample slopes are $-\beta\epsilon/(1-2\epsilon)$ as $h \to \infty$ and "
          r"$-\beta(1-\epsilon)/(1-2\epsilon)$ as $h \to -\infty$ (sympy limits). The converse, a convex "
          r"function with a positive recession slope in every direction is coercive and so has a minimiser, is "
          r"standard convex analysis and is not checked here. Ground truth: mpmath differences of $\hat L$ far "
          r"along the ray.",
)
RECESSION.mutant("slope_without_factor", r"the slope without the factor $1/(1-2\epsilon)$",
                 F.recession_slope_no_factor)
RECESSION.mutant("wrong_branch", r"the $h \to -\infty$ slope $-\beta(1-\epsilon)/(1-2\epsilon)$ used on both sides",
                 F.recession_slope_wrong_branch)
