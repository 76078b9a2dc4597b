"""The continuous-time claims of Lion-𝒦 (arXiv 2310.05898): L1 (the conjugate of ‖·‖₁, Fenchel–Young), L2 (the
Lyapunov function and which assumptions it needs), L3 (the coefficient of its Fenchel–Young term).

The paper's body was not read: the continuous-time system, H and its assumptions are worded as research notes
reconstruct them (said in each claim's notes). Statements the suite adds (the
equality case of Fenchel–Young, the exact conditions for the decrease, the range of coefficients, the
log-cosh conjugate) carry ``origin="suite"``. The discrete-time and release claims are in
``claims_discrete``, the library's conformance claims in ``claims_library``.
"""

from __future__ import annotations

import numpy as np

from claimkit import Claim, formula_claim

from . import formulas as F
from . import library_variants as bug
from .library import admissible_coefficients
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement as research notes "
                 "reconstruct it; theorem number not confirmed. ")
SYSTEM = (r"$\dot m = -\alpha\nabla f(x) - \gamma m$, $\dot x = \nabla\mathcal{K}(\tilde m) - \lambda x$ with "
          r"$\tilde m = m - \varepsilon(\alpha\nabla f(x) + \gamma m)$")
H_TEXT = (r"$H(x, m) = \alpha f(x) + \frac{\gamma}{\lambda}\mathcal{K}^*(\lambda x) + "
          r"\frac{1 - \varepsilon\gamma}{1 + \varepsilon\lambda}\left(\mathcal{K}^*(\lambda x) + \mathcal{K}(m) - "
          r"\lambda m^\top x\right)$")
PAPER_ASSUMPTIONS = (r"$\mathcal{K}$ convex and differentiable",
                     r"$\alpha, \gamma, \lambda > 0$ and $0 \le \varepsilon\gamma \le 1$",
                     r"$f$ differentiable, not necessarily convex",
                     r"$\lambda x$ in the interior of the domain of $\mathcal{K}^*$")

# -- L1 -------------------------------------------------------------------------------------------------

L1_CONJUGATE = Claim(
    id="lion_k.l1_conjugate_box",
    paper=PAPER,
    location="abstract; §3 (the case $\\mathcal{K} = \\lVert\\cdot\\rVert_1$)",
    statement=r"For $\mathcal{K}(m) = \lVert m\rVert_1$ the conjugate $\mathcal{K}^*(y) = \sup_m (y^\top m - "
              r"\lVert m\rVert_1)$ is the indicator of the unit $\infty$-ball ($0$ if $\lVert y\rVert_\infty \le 1$, "
              r"$+\infty$ otherwise), so $\min_x f(x) + \frac{\gamma}{\lambda}\mathcal{K}^*(\lambda x)$ is "
              r"$\min_x f(x)$ subject to $\lVert x\rVert_\infty \le 1/\lambda$.",
    assumptions=(r"$\gamma, \lambda > 0$",),
    kind="identity",
    expected="proved",
    subject=(F.conjugate_l1, F.box_radius),
    notes=RECONSTRUCTED + r"The abstract states the box $\lVert x\rVert_\infty \le 1/\lambda$; the conjugate is "
          r"standard convex analysis, checked here in exact rationals.",
)
L1_CONJUGATE.mutant("l1_ball", r"$\mathcal{K}^*$ the indicator of the unit $\ell_1$ ball "
                    r"($\lVert y\rVert_1 \le 1$)",
                    (lambda y: 0 if sum(abs(v) for v in y) <= 1 else float("inf"), F.box_radius))
L1_CONJUGATE.mutant("hinge", r"$\mathcal{K}^*(y) = \sum_i \max(|y_i| - 1, 0)$ (the supremum over "
                    r"$\lVert m\rVert_\infty \le 1$ only)",
                    (lambda y: sum(max(abs(v) - 1, 0) for v in y), F.box_radius))
L1_CONJUGATE.mutant("radius_lambda", r"the box $\lVert x\rVert_\infty \le \lambda$",
                    (F.conjugate_l1, lambda lam: lam))
L1_CONJUGATE.mutant("radius_squared", r"the box $\lVert x\rVert_\infty \le 1/\lambda^2$",
                    (F.conjugate_l1, lambda lam: 1 / lam**2))

FY_NONNEGATIVE = Claim(
    id="lion_k.fenchel_young_nonnegative",
    paper=PAPER,
    location="§3 (the Fenchel–Young term of $H$)",
    statement=r"$\mathcal{K}^*(\lambda x) + \mathcal{K}(m) - \lambda m^\top x \ge 0$ for every $x$, $m$; for "
              r"$\mathcal{K} = \lVert\cdot\rVert_1$ and $\lVert\lambda x\rVert_\infty \le 1$ it reads "
              r"$\lVert m\rVert_1 \ge \lambda m^\top x$.",
    assumptions=(r"$\mathcal{K}$ convex; $\lambda > 0$",),
    kind="inequality",
    expected="proved",
    subject={"l1": F.fenchel_young_gap_l1,
             "log_cosh": lambda y, m, delta: F.LogCosh(delta).conjugate(y) + F.LogCosh(delta).value(m) - y * m},
    notes=RECONSTRUCTED + "Checked for the $\\ell_1$ kernel in exact rationals and for the log-cosh kernel against "
          "a 40-digit evaluation.",
)
FY_NONNEGATIVE.mutant("l2_norm", r"$\lVert m\rVert_2$ in place of $\lVert m\rVert_1$",
                      {"l1": lambda y, m: sum(v * v for v in m) ** 0.5 - sum(a * b for a, b in zip(y, m)),
                       "log_cosh": FY_NONNEGATIVE.subject["log_cosh"]}, targets=("l1_gap_nonnegative_exact",))
FY_NONNEGATIVE.mutant("twice_coupling", r"the coupling counted twice, $\lVert m\rVert_1 - 2\lambda m^\top x$",
                      {"l1": lambda y, m: sum(abs(v) for v in m) - 2 * sum(a * b for a, b in zip(y, m)),
                       "log_cosh": FY_NONNEGATIVE.subject["log_cosh"]}, targets=("l1_gap_nonnegative_exact",))
FY_NONNEGATIVE.mutant("conjugate_dropped", r"$\mathcal{K}^*$ dropped for log-cosh (the $\ell_1$ conjugate, 0 "
                      r"inside the box, used for every $\mathcal{K}$)",
                      {"l1": F.fenchel_young_gap_l1,
                       "log_cosh": lambda y, m, delta: F.LogCosh(delta).value(m) - y * m},
                      targets=("log_cosh_gap_nonnegative",))

FY_EQUALITY = Claim(
    id="lion_k.fenchel_young_equality",
    paper=PAPER,
    location="§3 (the Fenchel–Young term of $H$: when it vanishes)",
    statement=r"$\mathcal{K}^*(\lambda x) + \mathcal{K}(m) - \lambda m^\top x = 0$ exactly when "
              r"$\lambda x \in \partial\mathcal{K}(m)$: for $\mathcal{K} = \lVert\cdot\rVert_1$, when "
              r"$\lVert\lambda x\rVert_\infty \le 1$ and $\lambda x_i = \operatorname{sign}(m_i)$ for every $i$ with "
              r"$m_i \ne 0$ (coordinates with $m_i = 0$ are free in $[-1, 1]$); for "
              r"$\mathcal{K}(m) = \delta\sum_i \log\cosh(m_i/\delta)$, when "
              r"$m = \delta\operatorname{artanh}(\lambda x)$.",
    assumptions=(r"$\lambda > 0$; $\lVert\lambda x\rVert_\infty < 1$ for the log-cosh kernel",),
    kind="identity",
    expected="proved",
    subject=(F.fenchel_young_equality_l1, F.log_cosh_minimiser),
    origin="suite",
    notes="When equality holds is the suite's question; the answer is the equality case of Fenchel–Young. "
          r"A reading that forces $\lambda x_i = 0$ where $m_i = 0$ is rejected by the exact check.",
)
FY_EQUALITY.mutant("sign_everywhere", r"equality iff $\lambda x = \operatorname{sign}(m)$ in every coordinate "
                   r"(so $\lambda x_i = 0$ where $m_i = 0$)",
                   (lambda y, m: all(a == (1 if b > 0 else -1 if b < 0 else 0) for a, b in zip(y, m)),
                    F.log_cosh_minimiser), targets=("l1_equality_exact",))
FY_EQUALITY.mutant("on_boundary", r"equality iff $\lVert\lambda x\rVert_\infty = 1$",
                   (lambda y, m: max(abs(a) for a in y) == 1, F.log_cosh_minimiser), targets=("l1_equality_exact",))
FY_EQUALITY.mutant("tanh_minimiser", r"log-cosh equality at $m = \delta\tanh(\lambda x)$",
                   (F.fenchel_young_equality_l1, lambda y, delta: delta * np.tanh(y)),
                   targets=("log_cosh_minimiser_by_root_finding",))
FY_EQUALITY.mutant("width_dropped", r"log-cosh equality at $m = \operatorname{artanh}(\lambda x)$ ($\delta$ dropped)",
                   (F.fenchel_young_equality_l1, lambda y, delta: np.arctanh(y)),
                   targets=("log_cosh_minimiser_by_root_finding",))


def _log_cosh_conjugate_truth(y: float, delta: float) -> float:
    """sup_m (y m − δ log cosh(m/δ)) by Newton's method on tanh(m/δ) = y from m = 0 (the supremum's
    stationarity condition), then the objective at the root: no artanh, no closed form."""
    import math

    u = 0.0
    for _ in range(100):
        t = math.tanh(u)
        step = (t - y) / (1 - t * t)
        u -= step
        if abs(step) <= 1e-17 * max(1.0, abs(u)):
            break
    m = delta * u
    au = abs(u)
    log_cosh = math.log1p(2 * math.sinh(au / 2) ** 2) if au <= 1 else au + math.log1p(math.exp(-2 * au)) - math.log(2)
    return y * m - delta * log_cosh


def _log_cosh_conjugate_high(digits: int, y: float, delta: float):
    """The same supremum at ``digits`` digits: mpmath's root of tanh(m/δ) = y, then y m − δ log cosh(m/δ)."""
    import mpmath

    with mpmath.workdps(digits):
        yy, dd = mpmath.mpf(y), mpmath.mpf(delta)
        u = mpmath.findroot(lambda v: mpmath.tanh(v) - yy, 0)
        return yy * dd * u - dd * mpmath.log(mpmath.cosh(u))


LOG_COSH_CONJUGATE = formula_claim(
    id="lion_k.log_cosh_conjugate",
    paper=PAPER,
    location="§3 (other choices of $\\mathcal{K}$; the log-cosh kernel, derived here)",
    formula=F.LOG_COSH_CONJUGATE,
    statement=r"For $\mathcal{K}(m) = \delta\log\cosh(m/\delta)$, "
              r"$\mathcal{K}^*(y) = \delta\left(y\operatorname{artanh} y + \frac{1}{2}\log(1 - y^2)\right)$ "
              r"on $|y| < 1$, "
              r"with $(\mathcal{K}^*)'(y) = \delta\operatorname{artanh} y$.",
    truth=_log_cosh_conjugate_truth,
    truth_at_precision=_log_cosh_conjugate_high,
    atol=1e-14,
    tolerance_reason=r"the conjugate vanishes at $y = 0$, where a relative tolerance alone would ask for more than "
                     r"float64 holds",
    examples=10,
    expected="proved",
    origin="suite",
    notes=r"A smooth $\mathcal{K}$ whose gradient $\tanh(m/\delta)$ tends to Lion's sign as $\delta \to 0$; "
          r"its conjugate is finite on $|y| \le 1$, so it also confines $\lambda x$ to the box. The ground truth "
          "maximises $y m - \\mathcal{K}(m)$ by Newton's method, without the closed form.",
)

# -- L2 -------------------------------------------------------------------------------------------------

LYAPUNOV_DECREASE = Claim(
    id="lion_k.lyapunov_decrease",
    paper=PAPER,
    location="§3, continuous-time analysis (theorem number not confirmed)",
    statement=r"Along " + SYSTEM + r", the function " + H_TEXT + r" satisfies $\frac{d}{dt}H(x_t, m_t) \le 0$ for "
              r"every differentiable $f$, convex or not.",
    assumptions=PAPER_ASSUMPTIONS,
    kind="inequality",
    expected="proved",
    subject=F.lyapunov_h,
    notes=RECONSTRUCTED + r"It holds, with an exact identity: with $z = \nabla\mathcal{K}^*(\lambda x)$ and "
          r"$c = \frac{1 - \varepsilon\gamma}{1 + \varepsilon\lambda}$, $\varepsilon\frac{dH}{dt} = -(1 - c)(\tilde m "
          r"- z)^\top(\nabla\mathcal{K}(\tilde m) - \nabla\mathcal{K}(z)) - c(m - \tilde m)^\top(\nabla\mathcal{K}(m) "
          r"- \nabla\mathcal{K}(\tilde m))$, two monotonicity terms with non-negative weights. The largest "
          r"$\frac{dH}{dt}$ over the drawn and gridded states, relative to the size of the terms it sums, is "
          r"{{rate_nonpositive_complex_step.worst_relative_rate:.2g}} (complex step).",
)
_RATE_CHECKS = ("rate_nonpositive_complex_step", "rate_nonpositive_central_differences")
LYAPUNOV_DECREASE.mutant("coefficient_one", r"Fenchel–Young coefficient $1$", F.H_COEFFICIENT_ONE)
LYAPUNOV_DECREASE.mutant("coefficient_zero", r"Fenchel–Young coefficient $0$ (the term dropped)",
                         F.H_COEFFICIENT_ZERO)
LYAPUNOV_DECREASE.mutant("coefficient_without_denominator", r"Fenchel–Young coefficient $1 - \varepsilon\gamma$",
                         F.H_COEFFICIENT_NO_DENOMINATOR, targets=("rate_nonpositive_complex_step",))
LYAPUNOV_DECREASE.mutant("coefficient_without_numerator",
                         r"Fenchel–Young coefficient $1/(1 + \varepsilon\lambda)$", F.H_COEFFICIENT_NO_NUMERATOR,
                         targets=("rate_nonpositive_complex_step",))
LYAPUNOV_DECREASE.mutant("constraint_times_lambda", r"$\gamma\mathcal{K}^*(\lambda x)$ in place of "
                         r"$\frac{\gamma}{\lambda}\mathcal{K}^*(\lambda x)$", F.h_constraint_without_over_lambda,
                         targets=("rate_nonpositive_complex_step",))
LYAPUNOV_DECREASE.mutant("coupling_sign_flipped", r"$+\lambda m^\top x$ in the Fenchel–Young term",
                         F.h_coupling_sign_flipped, targets=_RATE_CHECKS)

EXACT_CONDITIONS = Claim(
    id="lion_k.lyapunov_exact_conditions",
    paper=PAPER,
    location="§3 (which assumptions of the Lyapunov theorem are needed)",
    statement=r"For every convex differentiable $\mathcal{K}$ and every differentiable $f$, $\frac{d}{dt}H \le 0$ at "
              r"every state when $\varepsilon \ge 0$, $\gamma + \lambda \ge 0$ and $\varepsilon\gamma \le 1$, "
              r"whatever the sign of $\alpha \ne 0$; for $\mathcal{K} = \frac{1}{2}\lVert\cdot\rVert^2$ and for the "
              r"log-cosh $\mathcal{K}$ each of the three conditions is also necessary. Of the paper's assumptions, "
              r"$\varepsilon\gamma \le 1$ is needed; $\alpha > 0$ and $\gamma > 0$ are not.",
    assumptions=(r"$\lambda > 0$, $\alpha \ne 0$, $1 + \varepsilon\lambda \ne 0$; the system and $H$ of "
                 r"lion_k.lyapunov_decrease",),
    kind="inequality",
    expected="proved",
    subject=F.decrease_guaranteed,
    origin="suite",
    notes=r"For $\mathcal{K} = \frac{1}{2}\lVert\cdot\rVert^2$, $\frac{dH}{dt}$ is a quadratic form whose determinant "
          r"per coordinate is $\varepsilon\kappa c$ with $\kappa = \frac{\gamma + \lambda}{1 + \varepsilon\lambda}$: "
          r"negative as soon as $\varepsilon\gamma > 1$. $\alpha > 0$ makes $H$ a merit function for $f$; the "
          "decrease itself does not use it.",
)
EXACT_CONDITIONS.mutant("eps_gamma_up_to_two", r"$\varepsilon\gamma \le 2$ suffices",
                        lambda a, g, lam, e: e >= 0 and g + lam >= 0 and e * g <= 2)
EXACT_CONDITIONS.mutant("eps_gamma_up_to_half", r"$\varepsilon\gamma \le \frac{1}{2}$ is needed",
                        lambda a, g, lam, e: e >= 0 and g + lam >= 0 and e * g <= 0.5)
EXACT_CONDITIONS.mutant("paper_assumptions_needed", r"$\alpha > 0$ and $\gamma > 0$ are needed as well",
                        lambda a, g, lam, e: a > 0 and g > 0 and e >= 0 and e * g <= 1)
EXACT_CONDITIONS.mutant("eps_sign_free", r"$\varepsilon < 0$ allowed",
                        lambda a, g, lam, e: g + lam >= 0 and e * g <= 1)
EXACT_CONDITIONS.mutant("gamma_unbounded_below", r"$\gamma + \lambda \ge 0$ not needed",
                        lambda a, g, lam, e: e >= 0 and e * g <= 1)

# -- L3 -------------------------------------------------------------------------------------------------

COEFFICIENT_RANGE = Claim(
    id="lion_k.fenchel_young_coefficient_range",
    paper=PAPER,
    location="§3 (the coefficient $\\frac{1 - \\varepsilon\\gamma}{1 + \\varepsilon\\lambda}$ of $H$)",
    statement=r"Let $H_c$ be $H$ with a constant $c \ge 0$ in place of $\frac{1 - \varepsilon\gamma}{1 + "
              r"\varepsilon\lambda}$. $H_c$ is non-increasing along every trajectory, for every differentiable $f$ "
              r"and every convex differentiable $\mathcal{K}$, if and only if $c^* \le c \le \min\left(1, \frac{1 - "
              r"\varepsilon\gamma}{\varepsilon\lambda}\right)$, $c^* = \frac{1 - \varepsilon\gamma}{1 + "
              r"\varepsilon\lambda}$: the paper's coefficient is the smallest admissible one, and the only one when "
              r"$\varepsilon = 0$ or $\varepsilon\gamma = 1$.",
    assumptions=PAPER_ASSUMPTIONS[1:3],
    kind="inequality",
    expected="proved",
    subject=admissible_coefficients,
    origin="suite",
    notes=r"With $k = 1 - \varepsilon\gamma - \varepsilon c\lambda$, $\varepsilon\frac{dH_c}{dt}$ is $-(1 - c)$, $-k$ "
          r"and $-(c - k)$ times three quantities that monotonicity and cyclic monotonicity of $\nabla\mathcal{K}$ "
          r"make non-negative; $c - k \ge 0$ is $c \ge c^*$. Of the alternatives, $c = 1$ is admissible iff "
          r"$\varepsilon(\gamma + \lambda) \le 1$, $c = 1 - \varepsilon\gamma$ iff $\varepsilon\lambda \le 1$, $c = "
          r"1/(1 + \varepsilon\lambda)$ iff $\varepsilon\gamma(1 + \varepsilon\lambda) \le 1$, and $c = 0$ only at "
          r"$\varepsilon\gamma = 1$. For the quadratic $\mathcal{K}$ alone the range is wider; the log-cosh kernel "
          r"already attains every violation outside the range.",
)
_INSIDE, _OUTSIDE = ("inside_range_never_increases",), ("outside_range_increases_somewhere",)
COEFFICIENT_RANGE.mutant("paper_only", r"only $c = c^*$ is admissible", bug.coefficients_paper_only,
                         targets=_OUTSIDE)
COEFFICIENT_RANGE.mutant("unit_interval", r"every $c \in [0, 1]$ is admissible", bug.coefficients_unit_interval,
                         targets=_INSIDE)
COEFFICIENT_RANGE.mutant("up_to_one", r"$[c^*, 1]$ (the bound $\frac{1 - \varepsilon\gamma}{\varepsilon\lambda}$ "
                         r"forgotten)", bug.coefficients_up_to_one, targets=_INSIDE)
COEFFICIENT_RANGE.mutant("no_cap", r"$\left[c^*, \frac{1 - \varepsilon\gamma}{\varepsilon\lambda}\right]$ "
                         r"(the cap at 1 forgotten)", bug.coefficients_without_cap, targets=_INSIDE)
