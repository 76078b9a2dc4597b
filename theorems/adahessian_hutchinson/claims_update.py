"""The claims about the released update on quadratics: H5 (the first step on a separable quadratic, and what
follows) and H7 (the Hessian power k = 0 and k = 1, with the release's placement of eps).

The subject of each is the port of the release run on one parameter tensor (``formulas.released_run``): the
gradient and the Hessian-vector product come from the quadratic, the probe from a seeded generator.
"""

from __future__ import annotations

import numpy as np

from claimkit import Claim, formula_claim

from . import formulas as F
from .paper import PAPER

QUADRATIC = r"$f(x) = \frac{1}{2}\sum_i h_i (x_i - c_i)^2$"
RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement as reconstructed from "
                 "the abstract and the release. ")

# -- H5 -------------------------------------------------------------------------------------------------------------

FIRST_STEP = Claim(
    id="adahessian_hutchinson.first_step_exact",
    paper=PAPER,
    location="the released step (optim_adahessian.py, 85ebc00) on a separable quadratic",
    statement=r"On " + QUADRATIC + r" with every $h_i > 0$, the first released step with $k = 1$, $\varepsilon = 0$, "
              r"$\eta = 1$ and the default $\beta = (0.9, 0.999)$ lands exactly on the minimiser: $x_1 = c$, bias "
              r"corrections included, whatever the probe.",
    assumptions=(r"$h_i > 0$; weight decay 0; $D = |Hv|$ with $H = \operatorname{diag}(h)$",),
    kind="identity",
    expected="proved",
    subject=F.released_run,
    origin="suite",
    notes=r"The suite's question. $m_1 = (1 - \beta_1)g$ and $s_1 = (1 - \beta_2)h^2$, so after the bias "
          r"corrections the step is $g/|h| = x_0 - c$: a diagonal Newton step. Without either correction it misses "
          r"by a factor $1 - \beta_1$ or $\sqrt{1 - \beta_2}$.",
)
FIRST_STEP.mutant("without_bias_correction1", r"$m_1$ not divided by $1 - \beta_1$", F.RUN_WITHOUT_BIAS_CORRECTION1,
                  targets=("lands_on_minimiser_high_precision",))
FIRST_STEP.mutant("without_bias_correction2", r"$s_1$ not divided by $1 - \beta_2$", F.RUN_WITHOUT_BIAS_CORRECTION2,
                  targets=("lands_on_minimiser_finite_differences",))

FIRST_STEP_NEGATIVE = Claim(
    id="adahessian_hutchinson.first_step_negative_curvature",
    paper=PAPER,
    location="the released step on a separable quadratic with negative curvatures (the suite's question)",
    statement=r"Under the conditions of first_step_exact but with $h_i < 0$, the first released step goes to "
              r"$x_{1,i} = 2x_{0,i} - c_i$: it moves away from the stationary point $c_i$ (a maximum along "
              r"coordinate $i$) and doubles its distance, where a Newton step would land on it. With "
              r"$h_i = 0$ and $\varepsilon = 0$ it divides $0$ by $0$.",
    assumptions=(r"$h_i < 0$; weight decay 0; $k = 1$, $\varepsilon = 0$, $\eta = 1$, $\beta = (0.9, 0.999)$",),
    kind="identity",
    expected="proved",
    subject=F.released_run,
    origin="suite",
    notes=r"The release squares the estimate, so the denominator is $|h_i|$ and the step $-g_i/|h_i| = -(x_{0,i} - "
          r"c_i)\operatorname{sign}(h_i)$ keeps the descent direction: for $h_i < 0$ it descends $f$ along $i$, "
          r"away from the saddle. With $\varepsilon > 0$ and $h_i = 0$ the gradient along $i$ is 0 and so is the step.",
)
FIRST_STEP_NEGATIVE.mutant("signed_newton", r"the sign of the curvature kept (a diagonal Newton step, which lands on "
                           r"$c_i$)", F.signed_newton_run, targets=("reflection_high_precision",))
FIRST_STEP_NEGATIVE.mutant("guarded_division", r"a coordinate with $0/0$ left in place (no NaN)",
                           F.RUN_GUARDED_DIVISION, targets=("zero_curvature",))
FIRST_STEP_NEGATIVE.mutant("without_bias_correction2", r"$s_1$ not divided by $1 - \beta_2$",
                           F.RUN_WITHOUT_BIAS_CORRECTION2, targets=("reflection_finite_differences",))


def _second_step_float(beta1, beta2):
    """Two released steps (port, float64) on h(x − c)²/2 with h = 2.5, c = 0.5, x₀ = 3, ε = 0, k = 1, η = 1."""
    h, c, x0 = 2.5, 0.5, 3.0
    xs = F.released_run(lambda x: h * (x - c), lambda x, v: h * v, np.array([x0]), 2, np.random.default_rng(0),
                        lr=1.0, betas=(beta1, beta2), eps=0.0)
    return float((xs[1][0] - c) / (x0 - c))


def _second_step_high(digits, beta1, beta2):
    """The same two steps on object arrays of mpmath numbers at ``digits`` digits."""
    import mpmath

    with mpmath.workdps(digits):
        h, c, x0 = mpmath.mpf("2.5"), mpmath.mpf("0.5"), mpmath.mpf(3)
        xs = F.released_run(lambda x: h * (x - c), lambda x, v: h * v, np.array([x0], dtype=object), 2,
                            np.random.default_rng(0), lr=mpmath.mpf(1), betas=(mpmath.mpf(beta1), mpmath.mpf(beta2)),
                            eps=mpmath.mpf(0))
        return (xs[1][0] - c) / (x0 - c)


SECOND_STEP = formula_claim(
    id="adahessian_hutchinson.second_step_leaves_minimiser",
    paper=PAPER,
    location="the released step on a separable quadratic: the step after the exact one",
    formula=F.SECOND_STEP_RATIO,
    statement=r"Under the conditions of first_step_exact (any $\beta_1, \beta_2$), the second released step leaves "
              r"the minimiser: $\frac{x_2 - c}{x_0 - c} = -\frac{\beta_1}{1 + \beta_1}$ ($-\frac{9}{19}$ at "
              r"$\beta_1 = 0.9$), whatever $\beta_2$.",
    truth=_second_step_float,
    truth_at_precision=_second_step_high,
    atol=1e-13,
    tolerance_reason=r"the ratio vanishes at $\beta_1 = 0$, and the ground truth runs two released steps in "
                     r"float64 from $x_0 - c = 2.5$, whose rounding is absolute",
    examples=6,
    mutant_limit=6,
    expected="proved",
    origin="suite",
    notes=r"At $x_1 = c$ the gradient is 0 but the momentum is not: $\hat m_2 = \frac{\beta_1}{1 + \beta_1}g_1$, "
          r"while $\hat s_2 = h^2$ stays exact, so the iterate overshoots by almost half the first distance. The "
          r"exactness of the first step does not make ADAHESSIAN a Newton method on this problem; the ground truth "
          r"runs the port ($h = 2.5$, $c = 0.5$, $x_0 = 3$).",
)

# -- H7 -------------------------------------------------------------------------------------------------------------

POWER_ZERO = Claim(
    id="adahessian_hutchinson.power_zero_is_momentum_sgd",
    paper=PAPER,
    location="the Hessian power $k$ (released hessian_power) at $k = 0$",
    statement=r"With $k = 0$ the released update is SGD with bias-corrected momentum: $x_t = x_{t-1} - \eta\hat m_t$, "
              r"$\hat m_t = \frac{1 - \beta_1}{1 - \beta_1^t}\sum_{s \le t}\beta_1^{t-s}g_s$, whatever the curvature "
              r"estimates.",
    assumptions=(r"the release's defaults otherwise: $\varepsilon = 10^{-4}$ added after the power; weight decay 0",),
    kind="identity",
    expected="conditional",
    subject=F.released_run,
    refined_by="adahessian_hutchinson.power_zero_scaled_rate",
    notes=RECONSTRUCTED + r"With the release's placement, $\operatorname{denom} = (\sqrt{\hat s})^0 + \varepsilon = "
          r"1 + \varepsilon$: the step is $\eta\hat m_t/(1 + \varepsilon)$, short by the factor $1/(1 + \varepsilon)$ "
          r"(a relative $10^{-4}$ at the default). Witness: one step from $x_0 = 0$ with $g_1 = 1$, $\eta = 1$: "
          r"$x_1 = -\frac{1}{1.0001}$, not $-1$.",
)

POWER_ZERO_SCALED = Claim(
    id="adahessian_hutchinson.power_zero_scaled_rate",
    paper=PAPER,
    location="the Hessian power $k = 0$ with the release's $\\varepsilon$ placement",
    statement=r"With $k = 0$ the released update is SGD with bias-corrected momentum and learning rate "
              r"$\eta/(1 + \varepsilon)$: $x_t = x_{t-1} - \frac{\eta}{1 + \varepsilon}\hat m_t$, whatever the "
              r"curvature estimates (zeros included: the release's $0^0 = 1$).",
    assumptions=(r"$\varepsilon \ge 0$; weight decay 0",),
    kind="identity",
    expected="proved",
    subject=F.released_run,
    origin="suite",
)
POWER_ZERO_SCALED.mutant("without_bias_correction1", r"$m_t$ not divided by $1 - \beta_1^t$",
                         F.RUN_WITHOUT_BIAS_CORRECTION1, targets=("scaled_rate_exact",))
POWER_ZERO_SCALED.mutant("eps_inside_sqrt", r"$\varepsilon$ inside the square root (the power then removes it)",
                         F.RUN_EPS_INSIDE_SQRT, targets=("momentum_sgd_at_scaled_rate",))

POWER_ONE = Claim(
    id="adahessian_hutchinson.power_one_is_diagonal_newton",
    paper=PAPER,
    location="the Hessian power $k$ (released hessian_power) at $k = 1$",
    statement=r"With $k = 1$ the released update on a quadratic with Hessian $H$ is a diagonal Newton step with "
              r"momentum: $x_{t,i} = x_{t-1,i} - \eta\hat m_{t,i}/H_{ii}$.",
    assumptions=(r"$f$ quadratic with a fixed symmetric Hessian $H$ with $H_{ii} \neq 0$; the release's defaults "
                 r"otherwise ($\varepsilon = 10^{-4}$, $\beta = (0.9, 0.999)$, weight decay 0)",),
    kind="identity",
    expected="conditional",
    subject=F.released_run,
    refined_by="adahessian_hutchinson.power_one_newton_conditions",
    notes=RECONSTRUCTED + r"Three departures, each alone enough: the denominator is $|H_{ii}|$ (the sign is lost, "
          r"and with $H_{ii} < 0$ the step has the opposite sign to Newton's); $\varepsilon$ is added; and with "
          r"off-diagonal entries the denominator estimates the row norm (rms_ema_row_norm), noisily. "
          r"Smallest witness: one coordinate, $h = -1$.",
)

POWER_ONE_CONDITIONS = Claim(
    id="adahessian_hutchinson.power_one_newton_conditions",
    paper=PAPER,
    location="the Hessian power $k = 1$ (when the released step is a diagonal Newton step)",
    statement=r"With $k = 1$, $\varepsilon = 0$ and a fixed diagonal $H$ ($H_{ii} \ne 0$), every released step is "
              r"$x_{t,i} = x_{t-1,i} - \eta\hat m_{t,i}/|H_{ii}|$ exactly ($\hat s_t = H_{ii}^2$ at every $t$): the "
              r"diagonal Newton step with momentum where $H_{ii} > 0$, its opposite where $H_{ii} < 0$.",
    assumptions=(r"$H$ diagonal and fixed; weight decay 0; any $\beta_1, \beta_2 \in [0, 1)$",),
    kind="identity",
    expected="proved",
    subject=F.released_run,
    origin="suite",
)
POWER_ONE_CONDITIONS.mutant("without_bias_correction2", r"$s_t$ not divided by $1 - \beta_2^t$",
                            F.RUN_WITHOUT_BIAS_CORRECTION2, targets=("newton_steps_float",))
POWER_ONE_CONDITIONS.mutant("without_bias_correction1", r"$m_t$ not divided by $1 - \beta_1^t$",
                            F.RUN_WITHOUT_BIAS_CORRECTION1, targets=("newton_steps_float",))
POWER_ONE_CONDITIONS.mutant("signed_newton", r"the sign of the curvature kept", F.signed_newton_run,
                            targets=("newton_steps_high_precision",))
