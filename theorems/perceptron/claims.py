"""The claims of the perceptron family (Tyurin, arXiv 2412.08424) and their mutants.

The paper's own statements (``origin="paper"``): Thm 3.2, Thm 3.3, Thm 4.1, Thm 5.1 (Ω(n)), Thms 5.2,
5.3, 6.1 and the Jensen step of its proof, the abstract's three statements, each pinned to the reading
that matches its wording (plus the abstract's denial that the loss measures progress), and Table 1.
The suite's own (``origin="suite"``): the limits it derives (σ(−γm) with ties, LR+GD's first step, the
tie-aware limit of Thm 3.2, §6's step limit), Thm 3.2 extended beyond its assumptions, Thm 5.1's exact
count and ties, the abstract's stricter readings, and the library's conformance (``claims_library.py``).
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import numpy as np

from claimkit import Claim, formula_claim

from .formulas import (
    TABLE1_ROW,
    THM41_LIMITS,
    THM51_BP_COUNT,
    THM_3_2,
    _any_start,
    _bp_exact,
    _bp_full_first_step,
    _bp_no_first_step,
    _limit_tie_weight,
    _nbp_direction_beta_not_inverted,
    _nlr_step_beta_not_inverted,
    _no_rescale,
    bp_first_iterate,
    bp_iteration_bound,
    jensen_average_margin_bound,
    limit_weight,
    linear_growth,
    loss_slope,
    lr_limit_iterates,
    nbp_direction,
    nbp_iteration_bound,
    normalized_lr_bound,
    perceptron_iteration_bound,
    thm51_bp_count_by_running_bp,
    thm51_bp_iterations,
    thm51_has_tie,
)
from .library import _nlr_step, margins
from .paper import PAPER

ASSUMPTION_1_1 = (r"Assumption 1.1: separable through the origin with margin $\mu > 0$; "
                  r"$R = \max_i \|a_i\|$")
ASSUMPTION_3_1 = r"Assumption 3.1: no BP iterate $\hat\theta_t$ ($t \ge 1$) has an exact zero margin"
THETA0_ZERO = r"$\theta_0 = 0$ ($\hat\theta_0 = 0$)"

# -- the γ → ∞ limit (Thm 3.2) -------------------------------------------------------------------------

SIGMOID_LIMIT = Claim(
    id="perceptron.sigmoid_limit",
    paper=PAPER,
    location="Thm 3.2 (proof): the limit of the logistic weights, extended to exact ties",
    statement=r"$\lim_{\gamma\to\infty} \sigma(-\gamma m) = 1$ for $m < 0$ and $0$ for $m > 0$, while "
              r"$\sigma(-\gamma \cdot 0) = 1/2$ for every $\gamma$: in the limit of LR+GD an exactly tied "
              r"point ($m = 0$) gets weight $1/2$, where BP gives it 1.",
    assumptions=(r"$\sigma(x) = 1/(1 + e^{-x})$",),
    kind="limit",
    expected="proved",
    subject=limit_weight,
    origin="suite",
    notes=r"The limits for $m \ne 0$ are the step of Thm 3.2's proof; the weight $1/2$ at a tie is what "
          r"makes Assumption 3.1 necessary for Thm 3.2 (see perceptron.lr_to_bp_without_assumption_3_1).",
)
SIGMOID_LIMIT.mutant("tie_weight_one", "limit weight 1 at an exact tie (BP's convention)",
                     lambda m: limit_weight(m, Fraction(1)))
SIGMOID_LIMIT.mutant("tie_weight_zero", "limit weight 0 at an exact tie", lambda m: limit_weight(m, Fraction(0)))

FIRST_STEP = Claim(
    id="perceptron.first_step",
    paper=PAPER,
    location="§3, BP's first step (θ̂_1 = θ̂_0 + (1/(2n))Σ z_i)",
    statement=r"From $\theta_0 = 0$, $\theta_1/\gamma = \frac{1}{2n}\sum_i y_i a_i = \hat\theta_1$ exactly, for "
              r"every $\gamma > 0$.",
    assumptions=(THETA0_ZERO,),
    kind="identity",
    expected="proved",
    subject=bp_first_iterate,
    origin="suite",
    notes=r"Derived by the suite: it is why the paper's BP starts with the half step "
          r"$\frac{1}{2n}\sum_i z_i$.",
)
FIRST_STEP.mutant("first_step_without_half",
                  r"$\theta_1/\gamma = \frac{1}{n}\sum_i z_i$ (BP's first step without the ½)",
                  lambda A, y: _bp_exact(A, y, 1, Fraction(1))[1])

LR_TO_BP = Claim(
    id="perceptron.lr_to_bp",
    paper=PAPER,
    location="Thm 3.2",
    statement=r"Under Assumptions 1.1 and 3.1, with $\theta_0 = 0$: $\theta_t/\gamma \to \hat\theta_t$ (the "
              r"Batch Perceptron's iterates) as $\gamma \to \infty$, for every $t$.",
    assumptions=(ASSUMPTION_1_1, ASSUMPTION_3_1, THETA0_ZERO),
    kind="limit",
    expected="proved",
    subject=THM_3_2,
    notes=r"On random Gaussian data (non-degenerate almost surely) the gap $\|\theta_t/\gamma - "
          r"\hat\theta_t\|$ falls like $e^{-\gamma \min_i |m_i|}$ (figure). Both assumptions matter: see "
          r"perceptron.lr_to_bp_without_assumption_3_1 and perceptron.lr_to_bp_any_start.",
)
LR_TO_BP.mutant("first_step_without_half", r"limit taken as BP with first step $\frac{1}{n}\sum_i z_i$",
                dataclasses.replace(THM_3_2, limit=_bp_full_first_step))
LR_TO_BP.mutant("no_special_first_step",
                r"no special first step: the later rule with the strict set $\{m_i < 0\}$ from $\hat\theta_0 = 0$",
                dataclasses.replace(THM_3_2, limit=_bp_no_first_step))
LR_TO_BP.mutant("not_divided_by_gamma", r"$\theta_t \to \hat\theta_t$ without dividing by $\gamma$",
                dataclasses.replace(THM_3_2, rescale=_no_rescale))
LR_TO_BP.mutant("any_start", r"the limit holds from any $\theta_0$", dataclasses.replace(THM_3_2, start_ok=_any_start))

LR_TO_BP_ANY_DATA = Claim(
    id="perceptron.lr_to_bp_without_assumption_3_1",
    paper=PAPER,
    location="Thm 3.2 without Assumption 3.1 (an extension the suite tests)",
    statement=r"$\theta_t/\gamma \to \hat\theta_t$ as $\gamma \to \infty$ for every $t$ on every separable "
              r"dataset (Assumption 3.1 dropped), $\theta_0 = 0$.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="limit",
    expected="conditional",
    subject=THM_3_2,
    refined_by="perceptron.lr_to_bp",
    origin="suite",
    notes=r"False without Assumption 3.1, which the paper makes. Smallest form: $z_1 = (1, 0)$, "
          r"$z_2 = (-1, 1)$ ($a_1 = (1, 0)$, $a_2 = (-1, 1)$, $y = (+1, +1)$). $\hat\theta_1 = (0, 1/4)$ ties "
          r"$z_1$ (margin 0); BP adds $\frac{1}{2}z_1$, giving $\hat\theta_2 = (1/2, 1/4)$, but "
          r"$\sigma(-\gamma \cdot 0) = 1/2$, so $\theta_2/\gamma \to (1/4, 1/4)$ (derived symbolically).",
)

LIMIT_WITH_TIES = Claim(
    id="perceptron.lr_limit_with_ties",
    paper=PAPER,
    location="Thm 3.2 without Assumption 3.1: what the limit is (derived here)",
    statement=r"On every separable dataset, with $\theta_0 = 0$, $\theta_t/\gamma \to \psi_t$ as "
              r"$\gamma \to \infty$, where $\psi_0 = 0$ and $\psi_{t+1} = \psi_t + \frac{1}{n}\sum_i w_i z_i$ "
              r"with $w_i = 1$ if $m_i(\psi_t) < 0$, $1/2$ if $m_i(\psi_t) = 0$, $0$ if $m_i(\psi_t) > 0$: BP "
              r"with weight $1/2$, not 1, on exactly tied points.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="limit",
    expected="proved",
    subject=dataclasses.replace(THM_3_2, limit=lr_limit_iterates),
    origin="suite",
    notes=r"The statement that survives without Assumption 3.1; under it $\psi_t = \hat\theta_t$.",
)
LIMIT_WITH_TIES.mutant("tie_weight_one", "weight 1 on tied points after the first step (BP)",
                       _limit_tie_weight(Fraction(1)))
LIMIT_WITH_TIES.mutant("tie_weight_zero", "weight 0 on tied points after the first step",
                       _limit_tie_weight(Fraction(0)))

LR_TO_BP_ANY_START = Claim(
    id="perceptron.lr_to_bp_any_start",
    paper=PAPER,
    location="Thm 3.2 with θ_0 ≠ 0 (an extension the suite tests)",
    statement=r"$\theta_t/\gamma \to \hat\theta_t$ as $\gamma \to \infty$ also when LR+GD starts from a fixed "
              r"$\theta_0 \ne 0$.",
    assumptions=(ASSUMPTION_1_1, ASSUMPTION_3_1),
    kind="limit",
    expected="conditional",
    subject=dataclasses.replace(THM_3_2, start_ok=_any_start),
    refined_by="perceptron.lr_to_bp",
    origin="suite",
    notes=r"False: $\theta_1/\gamma \to \frac{1}{n}\sum_i \sigma(-m_i(\theta_0)) z_i$, which is "
          r"$\frac{1}{2n}\sum_i z_i$ only if every $m_i(\theta_0) = 0$. Smallest form: one point $a = 1$, "
          r"$y = +1$, $\theta_0 = 1$: $\theta_1/\gamma \to \sigma(-1) \approx 0.269$, not $\hat\theta_1 = 1/2$ "
          r"(derived symbolically). The paper assumes $\theta_0 = 0$.",
)

# -- iteration bounds (Thms 3.3, 5.2, 5.3, 6.1) ------------------------------------------------------------

BP_BOUND = Claim(
    id="perceptron.bp_bound",
    paper=PAPER,
    location="Thm 3.3",
    statement=r"The Batch Perceptron solves (1) in at most $n R^2/\mu^2$ iterations.",
    assumptions=(ASSUMPTION_1_1,),
    kind="inequality",
    expected="proved",
    subject=bp_iteration_bound,
)
BP_BOUND.mutant("no_factor_n", r"BP solves (1) within $R^2/\mu^2$ iterations (no factor $n$)",
                lambda n, R, mu: R**2 / mu**2)

PERCEPTRON_BOUND = Claim(
    id="perceptron.perceptron_bound",
    paper=PAPER,
    location="Thm 5.2 (Novikoff)",
    statement=r"The Perceptron (any choice of $j \in S_t$) solves (1) in at most $R^2/\mu^2$ iterations.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="proved",
    subject=perceptron_iteration_bound,
)
PERCEPTRON_BOUND.mutant("r_over_mu", r"bound $R/\mu$ (not squared)", lambda n, R, mu: R / mu)
PERCEPTRON_BOUND.mutant("half", r"bound $R^2/(2\mu^2)$", lambda n, R, mu: R**2 / (2 * mu**2))

NBP_BOUND = Claim(
    id="perceptron.nbp_bound",
    paper=PAPER,
    location="Thm 5.3",
    statement=r"The Normalized Batch Perceptron solves (1) in at most $R^2/\mu^2$ iterations.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="proved",
    subject=nbp_iteration_bound,
)
NBP_BOUND.mutant("r_over_mu", r"bound $R/\mu$ (not squared)", lambda n, R, mu: R / mu)

NLR_BOUND = Claim(
    id="perceptron.normalized_lr_bound",
    paper=PAPER,
    location="Thm 6.1",
    statement=r"Normalized LR+GD from $\theta_0 = 0$ solves (1) in at most $R^2/\mu^2 + 2\log(2n - 1)/"
              r"(\gamma\mu^2)$ iterations, for every $\gamma > 0$.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="proved",
    subject={"step": _nlr_step, "bound": normalized_lr_bound},
)
# Each mutant changes one part of the subject and runs against the check that uses that part: the update
# check never evaluates the bound, and the count check holds for the algorithm with β_t not inverted too.
NLR_BOUND.mutant("gamma_mu", r"bound with $\gamma\mu$ in place of $\gamma\mu^2$",
                 {"step": _nlr_step, "bound": lambda n, R, mu, g: R**2 / mu**2 + 2 * math.log(2 * n - 1) / (g * mu)},
                 targets=("normalized_lr_count_within_bound",))
NLR_BOUND.mutant("beta_not_inverted", r"the algorithm with $\beta_t$ not inverted (step scaled by the mean "
                 r"$\sigma$)", {"step": _nlr_step_beta_not_inverted, "bound": normalized_lr_bound},
                 targets=("steps_follow_the_normalized_update",))

JENSEN = Claim(
    id="perceptron.jensen_step",
    paper=PAPER,
    location="Thm 6.1 (proof): the Jensen step",
    statement=r"If some margin $m_j \le 0$, the $\sigma(-m)$-weighted average margin satisfies "
              r"$\sum_i \sigma(-m_i) m_i / \sum_i \sigma(-m_i) \le \log(2n - 1)$.",
    assumptions=(r"$n \ge 1$ real margins $m_1, \dots, m_n$, at least one $\le 0$",),
    kind="inequality",
    expected="proved",
    subject=jensen_average_margin_bound,
    notes="Tight up to lower-order terms: the worst case (one margin 0, the others equal) is computed "
          "by a 1-D maximisation in the check.",
)
JENSEN.mutant("nonpositive", r"the weighted average margin is $\le 0$ (as if every margin were $\le 0$)",
              lambda n: 0.0)
JENSEN.mutant("log_two", r"the bound $\log 2$, independent of $n$", lambda n: math.log(2))

NORMALIZED_LIMIT = Claim(
    id="perceptron.normalized_lr_to_nbp",
    paper=PAPER,
    location="§6 (Normalized LR+GD as γ → ∞ is the Normalized Batch Perceptron; derived here)",
    statement=r"At $\theta_t = \gamma u$ with some $m_i(u) < 0$: $\beta_t \to n/|S|$ and "
              r"$-\beta_t\nabla f(\theta_t) \to \frac{1}{|S|}\sum_{i \in S} z_i$, $S = \{i : m_i(u) < 0\}$, as "
              r"$\gamma \to \infty$ (NBP's step).",
    assumptions=(r"$\beta_t = \left(\frac{1}{n}\sum_i \sigma(-m_i(\theta_t))\right)^{-1}$",
                 r"no exact tie at $u$: every $m_i(u) \ne 0$"),
    kind="limit",
    expected="proved",
    subject=nbp_direction,
    origin="suite",
    notes=r"The suite's derivation of the connection §6 builds Normalized LR+GD on. At a tie the limit "
          r"weight of the tied point is $1/2$, as in Thm 3.2.",
)
NORMALIZED_LIMIT.mutant("beta_not_inverted", r"$\beta_t$ not inverted: the step tends to "
                        r"$\frac{|S|}{n}\cdot\frac{1}{n}\sum_{i \in S} z_i$", _nbp_direction_beta_not_inverted)

THM41 = Claim(
    id="perceptron.thm41_example",
    paper=PAPER,
    location="Thm 4.1",
    statement=r"For $a_1 = (1, -1)$, $y_1 = +1$ and $a_2 = (-1, -4)$, $y_2 = -1$, as $\gamma \to \infty$: "
              r"$f(\theta_1) \to \infty$ ($f(\theta_1)/\gamma \to 1/8$) while $f(\theta_2) \to 0$; "
              r"$\theta_2/\gamma \to (1, 1/4)$ solves (1); $\|\nabla f(\theta_1)\| \to \sqrt{2}/2$ and "
              r"$\|\nabla f(\theta_2)\| \to 0$.",
    assumptions=(THETA0_ZERO,),
    kind="limit",
    expected="proved",
    subject=THM41_LIMITS,
)
THM41.mutant("f1_slope_quarter", r"$f(\theta_1)/\gamma \to 1/4$", dict(THM41_LIMITS, f1_over_gamma=Fraction(1, 4)))
THM41.mutant("theta2_is_theta1", r"$\theta_2/\gamma \to (1/2, 3/4)$ (the second step vanishes)",
             dict(THM41_LIMITS, theta2_over_gamma=(Fraction(1, 2), Fraction(3, 4))))
THM41.mutant("grad1_norm_one", r"$\|\nabla f(\theta_1)\| \to 1$", dict(THM41_LIMITS, grad1_norm=1.0))

# -- Thm 5.1 -----------------------------------------------------------------------------------------------

THM51_DATASET = (r"Thm 5.1's dataset: one point $(1/2, -1)$ with $y = +1$ and $n - 1$ points $(-1/2, -1)$ with "
                 r"$y = -1$ ($\mu = 1/2$, $R^2/\mu^2 = 5$)")

THM51 = Claim(
    id="perceptron.thm51_lower_bound",
    paper=PAPER,
    location="Thm 5.1",
    statement=r"On one point $(1/2, -1)$ with $y = +1$ and $n - 1$ points $(-1/2, -1)$ with $y = -1$ "
              r"($\mu = 1/2$, $R^2/\mu^2 = 5$), BP needs $\Omega(n)$ iterations to solve (1).",
    kind="inequality",
    expected="proved",
    subject=linear_growth,
    notes=r"The subject is the growth $g(n) = n$ of the claim $T(n) = \Omega(g(n))$. The exact count "
          r"$\lfloor (3n - 8)/10 \rfloor + 2$, hence $T(n)/n \to 3/10$, is the suite's (perceptron.thm51_exact_count).",
)
THM51.mutant("n_log_n", r"BP needs $\Omega(n \log n)$ iterations", lambda n: n * math.log(n))
THM51.mutant("quadratic", r"BP needs $\Omega(n^2)$ iterations", lambda n: n * n)

THM51_COUNT = formula_claim(
    id="perceptron.thm51_exact_count",
    paper=PAPER,
    location="Thm 5.1's dataset: BP's exact count (derived here)",
    statement=r"On Thm 5.1's dataset BP needs exactly $\lfloor (3n - 8)/10 \rfloor + 2$ iterations for "
              r"$n \ge 3$ (1 for $n \le 2$).",
    formula=THM51_BP_COUNT,
    truth=thm51_bp_count_by_running_bp,
    truth_at_precision=lambda digits, n: thm51_bp_count_by_running_bp(n),  # exact integers at any precision
    assumptions=(THM51_DATASET,),
    kind="algorithm",
    expected="proved",
    origin="suite",
    notes=r"A sharper form of Thm 5.1's $\Omega(n)$: $T(n) = 3n/10 + O(1)$.",
)
THM51_COUNT.mutant("constant", r"BP needs at most $R^2/\mu^2 = 5$ iterations, whatever $n$",
                   lambda n: min(5, thm51_bp_iterations(n)))
THM51_COUNT.mutant("floor_3n_over_10", r"count $\lfloor 3n/10 \rfloor + 1$ (the $-8$ offset dropped)",
                   lambda n: 3 * n // 10 + 1)

THM51_TIES = Claim(
    id="perceptron.thm51_ties",
    paper=PAPER,
    location="Thm 5.1's dataset and Assumption 3.1 (derived here)",
    statement=r"Some BP iterate on Thm 5.1's dataset has an exact zero margin iff $3n - 8 \equiv 0 \pmod{10}$, "
              r"i.e. $n \equiv 6 \pmod{10}$ ($n \ge 3$).",
    assumptions=(THM51_DATASET,),
    kind="identity",
    expected="proved",
    subject=thm51_has_tie,
    origin="suite",
)
THM51_TIES.mutant("n_multiple_of_ten", r"ties iff $n \equiv 0 \pmod{10}$", lambda n: n % 10 == 0)
THM51_TIES.mutant("never", "never a tie", lambda n: False)

THM51_ASSUMPTION = Claim(
    id="perceptron.thm51_satisfies_assumption_3_1",
    paper=PAPER,
    location="Thm 5.1's dataset under Thm 3.2 (LR+GD inheriting BP's Ω(n): a step the suite makes explicit)",
    statement=r"Thm 5.1's dataset satisfies Assumption 3.1 for every $n$, so Thm 3.2 applies to it.",
    assumptions=(THM51_DATASET,),
    kind="identity",
    expected="conditional",
    subject=lambda n: False,
    refined_by="perceptron.thm51_ties",
    origin="suite",
    notes=r"False for $n \equiv 6 \pmod{10}$: smallest $n$ = {{exact_margins_tie_iff_claimed.smallest_n_with_tie}}, "
          r"where $\hat\theta_2 = (1/3, 1/6)$ has margin exactly 0 on the first point (derived symbolically). "
          r"The count is unaffected there (the limit's half step also separates), but Thm 3.2's hypothesis "
          r"fails.",
)

# -- the abstract ------------------------------------------------------------------------------------------

LOSS_SLOPE = Claim(
    id="perceptron.abstract_loss_unbounded",
    paper=PAPER,
    location="Abstract (i): larger steps give higher losses when LR+GD tends to the perceptron",
    statement=r"At every $t$ whose BP iterate $\hat\theta_t$ has a negative margin, the LR+GD loss grows "
              r"without bound in $\gamma$: $f(\theta_t)/\gamma \to \frac{1}{n}\sum_i \max(0, -m_i(\hat\theta_t)) "
              r"> 0$.",
    assumptions=(ASSUMPTION_1_1, ASSUMPTION_3_1, THETA0_ZERO),
    kind="limit",
    expected="proved",
    subject=loss_slope,
)
LOSS_SLOPE.mutant("bounded", "the loss stays bounded (slope 0)", lambda A, y, th: 0.0)
LOSS_SLOPE.mutant("all_margins", r"slope $\frac{1}{n}\sum_i |m_i|$ over all points",
                  lambda A, y, th: float(np.mean(np.abs(margins(A, y, np.asarray(th, dtype=float))))))

LOSS_MONOTONE = Claim(
    id="perceptron.abstract_loss_monotone",
    paper=PAPER,
    location="Abstract (i), a stricter reading: per dataset, per iterate, for every step size",
    statement=r"On every dataset, at every iterate $t \ge 1$ that does not solve (1), a larger step size gives "
              r"a larger (or equal) logistic loss $f(\theta_t)$.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="refuted",
    origin="suite",
    notes=r"The abstract qualifies (i) by 'when it tends to the perceptron algorithm' (large $\gamma$, "
          r"perceptron.abstract_loss_unbounded); without that qualifier it is false for small $\gamma$: "
          r"$f(\theta_1) = f(\gamma\hat\theta_1)$ is convex in $\gamma$ with slope "
          r"$-\|\sum_i z_i\|^2/(4n^2) < 0$ at $\gamma = 0$. Hand-readable: $a_1 = (0, 1)$, $y_1 = +1$, "
          r"$a_2 = (1, 1)$, $y_2 = -1$, $t = 1$ ($\theta_1$ leaves $a_1$ on the hyperplane for every $\gamma$): "
          r"$f(\theta_1)$ = {{hand_built_dataset_loss.loss_at_smaller_gamma:.4f}} at $\gamma = 0.1$ but "
          r"{{hand_built_dataset_loss.loss_at_larger_gamma:.4f}} at $\gamma = 1$; it decreases in $\gamma$ "
          r"for every $\gamma$ (derived symbolically).",
)

LOSS_AT_SOLUTION = Claim(
    id="perceptron.abstract_loss_at_solution",
    paper=PAPER,
    location="Abstract (i), a stricter reading: at the first iterate that solves (1)",
    statement="The loss at the first iterate that solves (1) is larger (or equal) for a larger step size.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="inequality",
    expected="refuted",
    origin="suite",
    notes=r"False: at a solving iterate every margin is positive, so $f < \log 2$, and with the same "
          r"iterate count $f$ falls with $\gamma$ (one point $a = 1$, $y = 1$: $f(\theta_1) = "
          r"\log(1 + e^{-\gamma/2})$, derived symbolically).",
)

LOSS_MEASURES_PROGRESS = Claim(
    id="perceptron.abstract_loss_measures_progress",
    paper=PAPER,
    location="Abstract (ii): 'logistic loss is an unreliable metric of the proximity to a solution'",
    statement=r"The logistic loss measures progress towards a solution of (1): if LR+GD at step size "
              r"$\gamma_2$ has a higher loss $f(\theta_t)$ than at $\gamma_1$ at every iteration $t$ before it "
              r"solves (1), it does not solve (1) in fewer iterations than at $\gamma_1$.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="algorithm",
    expected="refuted",
    stance="denies",
    notes=r"The paper denies it ('high loss values can actually indicate faster convergence'), and a "
          r"witness confirms: $a_1 = (0, 1)$, $a_2 = (-1, -2)$, $y = (+1, +1)$. At $\gamma = 10$ the loss is "
          r"above the loss at $\gamma = 1$ at every $t$ before solving, yet LR+GD solves (1) after "
          r"{{higher_loss_never_faster.count_at_larger_gamma}} iterations at $\gamma = 10$ against "
          r"{{higher_loss_never_faster.count_at_smaller_gamma}} at $\gamma = 1$ (recounted at 60 digits).",
)

FASTER_ON_AVERAGE = Claim(
    id="perceptron.abstract_faster_on_average",
    paper=PAPER,
    location="Abstract (ii), on average over random datasets (a refinement the suite adds)",
    statement=r"Averaged over random separable Gaussian datasets, a larger step size makes LR+GD solve (1) in "
              r"fewer iterations: the mean count falls along $\gamma = 1, 3, 10$.",
    assumptions=(r"$a_i \sim N(0, I)$, $y_i = \operatorname{sign}(w^\top a_i)$ with $w \sim N(0, I)$; $n = 20$, "
                 r"$d = 3$", r"$\gamma \in \{1, 3, 10\}$", THETA0_ZERO),
    notes=r"Tested for $\gamma = 1, 3, 10$. Beyond, the mean keeps falling while the counts settle at the Batch "
          r"Perceptron's, but not dataset by dataset: from $\gamma = 10$ to 100 the mean count goes from "
          r"{{paired_mean_tests_across_gamma.mean_count_at_10:.4g}} to "
          r"{{paired_mean_tests_across_gamma.mean_count_at_100:.4g}}, while "
          r"{{paired_mean_tests_across_gamma.slower_from_10_to_100}} datasets get slower and "
          r"{{paired_mean_tests_across_gamma.faster_from_10_to_100}} faster (the check's second table, reported, "
          r"not tested). Per dataset the statement is false (perceptron.abstract_faster_per_dataset).",
    kind="statistical",
    expected="supported",
    subject=-1,
    origin="suite",
)
FASTER_ON_AVERAGE.mutant("slower", "larger steps make LR+GD slower on average", +1)

FASTER_PER_DATASET = Claim(
    id="perceptron.abstract_faster_per_dataset",
    paper=PAPER,
    location="Abstract (ii): 'larger step sizes also lead to faster convergence to a solution'",
    statement=r"On every separable dataset, LR+GD with a larger step size solves (1) in at most as many "
              r"iterations as with a smaller one.",
    assumptions=(ASSUMPTION_1_1, THETA0_ZERO),
    kind="algorithm",
    expected="conditional",
    refined_by="perceptron.abstract_faster_on_average",
    notes=r"False, also on data satisfying Assumption 3.1 (the check only draws data without exact ties "
          r"along BP; counterexamples are recounted in 60-digit arithmetic). Hand-readable: $a_1 = (0, 1)$, "
          r"$a_2 = (-1, -2)$, $y = (+1, +1)$: {{hand_built_dataset.count_at_smaller_gamma}} iterations at "
          r"$\gamma = 4$ but {{hand_built_dataset.count_at_larger_gamma}} at $\gamma = 8$. It holds on average "
          r"over Gaussian datasets along $\gamma = 1, 3, 10$ (perceptron.abstract_faster_on_average).",
)

SUBOPTIMAL = Claim(
    id="perceptron.abstract_suboptimal",
    paper=PAPER,
    location="Abstract (iii)",
    statement=r"With large steps LR+GD needs $\Omega(n)$ iterations on Thm 5.1's dataset (its BP limit), while "
              r"Normalized LR+GD needs at most $R^2/\mu^2 + 2\log(2n - 1)/(\gamma\mu^2) = 5 + 8\log(2n - 1)/"
              r"\gamma$ there.",
    assumptions=(THM51_DATASET, THETA0_ZERO),
    kind="algorithm",
    expected="supported",
    subject={"lr_at_least": lambda n: (3 * n - 8) // 10 + 2 if n >= 3 else 1,
             "nlr_at_most": lambda n, g: 5 + 8 * math.log(2 * n - 1) / g},
    notes=r"Checked on Thm 5.1's dataset: LR+GD at $\gamma = 10^3 n$ needs at least BP's "
          r"$\lfloor (3n - 8)/10 \rfloor + 2$ iterations, while Normalized LR+GD at $\gamma = 1, 10, 100$ stays "
          r"within $5 + 8\log(2n - 1)/\gamma$.",
)
SUBOPTIMAL.mutant("lr_needs_n", r"LR+GD with large steps needs at least $n$ iterations",
                  {"lr_at_least": lambda n: n, "nlr_at_most": lambda n, g: 5 + 8 * math.log(2 * n - 1) / g})
SUBOPTIMAL.mutant("nlr_one_step", "Normalized LR+GD solves (1) in one step",
                  {"lr_at_least": lambda n: (3 * n - 8) // 10 + 2 if n >= 3 else 1, "nlr_at_most": lambda n, g: 1})

# -- Table 1 -----------------------------------------------------------------------------------------------

TABLE1 = Claim(
    id="perceptron.table1_thm51_row",
    paper=PAPER,
    location="Table 1, first row (Thm 5.1's dataset)",
    statement=r"Iterations to solve (1) on Thm 5.1's dataset: Normalized LR+GD $\gamma = 100$: 2, "
              r"$\gamma = 10$: 2, $\gamma = 1$: 16, $\gamma = 0.1$: 157; LR+GD $\gamma = 100$: 308 ($n$ not "
              r"stated).",
    assumptions=(THETA0_ZERO,),
    kind="empirical",
    expected="supported",
    subject=TABLE1_ROW,
    notes=r"Reproduced exactly for $n \in$ {{some_n_reproduces_the_row.n_reproducing_the_row}} in the searched "
          r"range (presumably $n = 1000$). A 60-digit recount gives the same counts, so they do not depend on "
          r"float64 rounding. LR+GD at $\gamma = 100$ is not yet at its BP limit there (BP needs "
          r"{{some_n_reproduces_the_row.bp_count}}).",
)
TABLE1.mutant("lr_at_bp_limit_and_nlr_15", r"the row with LR+GD $\gamma = 100$ at its BP count 301 and "
              r"$\gamma = 1$: 15",
              {"normalized_lr": {100.0: 2, 10.0: 2, 1.0: 15, 0.1: 157}, "lr": {100.0: 301}})
TABLE1.mutant("nlr_0_1_is_158", r"the row with Normalized LR+GD $\gamma = 0.1$: 158",
              {"normalized_lr": {100.0: 2, 10.0: 2, 1.0: 16, 0.1: 158}, "lr": {100.0: 308}})

TABLE1_FASHION = Claim(
    id="perceptron.table1_fashion_mnist",
    paper=PAPER,
    location="Table 1, FashionMNIST rows",
    statement=r"Balanced FashionMNIST (5,000 samples): LR+GD $\gamma = 10$: 2778, $\gamma = 100$: 2928 "
              r"iterations; Normalized LR+GD $\gamma = 1$: 3351, $\gamma = 10$: 3359, $\gamma = 100$: 3160.",
    kind="empirical",
    expected="inconclusive",
    notes="Not reproducible offline: the data set is not available here, and the paper's sampling and "
          "preprocessing (which 5,000 images, which classes, scaling) could not be read. No evidence "
          "either way.",
)
