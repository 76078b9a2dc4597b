"""The claims about rates: G1 (global linear rate on regularised logistic regression with the exact and three
approximate Hessians), G2 (the same without regularisation, on non-separable and on separable data, what
"global linear rate" can mean there, and why the approximations lose it on separable data) and G3 (local
superlinear convergence with the exact Hessian).

The subject is the numpy port of the released ``grad_norm_smooth`` (``formulas.grad_norm_smooth``).
"""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement is as reconstructed "
                 "from the abstract and the release.")
ABSTRACT = "abstract ('global linear rates in logistic regression and softmax problems with approximate Hessians')"
RELEASED = (r"Algorithm 1 as released: $x_0 = 0$, $\gamma_0 = 1$, $B = I$, $\mathrm{eps} = 10^{-8}$, "
            r"$\gamma_{\min} = 10^{-9}$ (numpy port of src/methods.py::grad_norm_smooth, commit 9f4ca00)")
LOGISTIC = (r"$f(w) = \frac{1}{n}\sum_i \log(1 + e^{-y_i a_i^\top w}) + \frac{\mu}{2}\lVert w\rVert^2$, "
            r"$y_i \in \{-1, 1\}$")
FOUR = (r"$H_k$: the exact Hessian; the constant bound $A^\top A/(4n) + \mu I$; the diagonal of the exact Hessian; "
        r"the Gauss–Newton (Fisher) matrix of a fixed 10% subsample plus $\mu I$")
SPEC_DATA = (r"$n = 400$, $d = 10$, Gaussian features with column scales from $10^{-1/2}$ to $10^{1/2}$, labels from "
             r"a logistic model")
LINEAR_TEST = (r"Tested as: every ratio $r_k = (f_{k+1} - f^\star)/(f_k - f^\star)$ of the run is at most $0.99$, "
               r"and $f_k - f^\star < 10^{-10}$ is reached")

# -- G1 -------------------------------------------------------------------------------------------------------

REGULARISED_RATE = Claim(
    id="grad_norm_smoothness.regularised_linear_rate",
    paper=PAPER,
    location="G1: " + ABSTRACT,
    statement=r"On L2-regularised logistic regression ($\mu > 0$), Algorithm 1 converges with a global linear rate "
              r"with each of the four Hessians: $f_{k+1} - f^\star \le q\,(f_k - f^\star)$ at every iteration, for one "
              r"$q < 1$. " + LINEAR_TEST + r" within 200 iterations.",
    assumptions=(LOGISTIC + r", $\mu > 0$", FOUR, RELEASED,
                 SPEC_DATA + r", $\mu = 10^{-2}$ (thorough: seeds 0–4, $\mu \in \{10^{-3}, 10^{-2}, 10^{-1}\}$); "
                 r"drawn: the same shape, column scales spread by up to 30, $\mu \in [10^{-2}, 10^{-1}]$"),
    kind="empirical",
    expected="supported",
    subject=F.grad_norm_smooth,
    notes=RECONSTRUCTED + r" Largest ratio over the whole run on the specified data: exact Hessian "
          r"{{contraction_on_the_specified_data.max_ratio_exact:.3f}}, constant bound "
          r"{{contraction_on_the_specified_data.max_ratio_constant:.3f}}, diagonal "
          r"{{contraction_on_the_specified_data.max_ratio_diagonal:.3f}}, subsample "
          r"{{contraction_on_the_specified_data.max_ratio_subsample:.3f}}. A least-squares line through "
          r"$\log(f_k - f^\star)$ gives the contraction factor "
          r"{{contraction_on_the_specified_data.fit_ratio_constant:.3f}} "
          r"($R^2 = $ {{contraction_on_the_specified_data.r2_constant:.3f}}) for the constant bound, "
          r"{{contraction_on_the_specified_data.fit_ratio_diagonal:.3f}} ($R^2 = $ "
          r"{{contraction_on_the_specified_data.r2_diagonal:.3f}}) for the diagonal and "
          r"{{contraction_on_the_specified_data.fit_ratio_subsample:.3f}} ($R^2 = $ "
          r"{{contraction_on_the_specified_data.r2_subsample:.3f}}) for the subsample. "
          r"With the exact Hessian the rate is superlinear (grad_norm_smoothness.exact_superlinear). Each accepted "
          r"step obeys $f_{k+1} - f^\star \le (f_k - f^\star)/(1 + \mu\gamma_k/(4\lVert g_k\rVert))$ (derivation); "
          r"a uniform $q$ needs $\gamma_k/\lVert g_k\rVert$ bounded below, the paper's theorem, not derived here.",
)
REGULARISED_RATE.mutant("inverted_gamma", r"$\gamma_k$ halved on acceptance and doubled on rejection",
                        F.INVERTED_GAMMA)

# -- G2 -------------------------------------------------------------------------------------------------------

NONSEPARABLE_RATE = Claim(
    id="grad_norm_smoothness.unregularised_nonseparable_rate",
    paper=PAPER,
    location="G2: " + ABSTRACT + ", without regularisation",
    statement=r"Without regularisation ($\mu = 0$), on data that no hyperplane separates (so $f$ has a finite "
              r"minimiser), Algorithm 1 converges with a global linear rate with each of the four Hessians. "
              + LINEAR_TEST + r" within 600 iterations.",
    assumptions=(LOGISTIC + r", $\mu = 0$", FOUR, RELEASED, SPEC_DATA + " (not separable: checked by a linear "
                 "program)"),
    kind="empirical",
    expected="supported",
    subject=F.grad_norm_smooth,
    notes=RECONSTRUCTED + r" Non-separable data make $f$ strongly convex on its sublevel sets, which is what the rate "
          r"needs; the largest ratio over the run is {{linear_without_regularisation.max_ratio_constant:.3f}} for the "
          r"constant bound (the slowest) and {{linear_without_regularisation.max_ratio_exact:.3f}} for the exact "
          r"Hessian. Here linear rate means $f_k - f^\star$ with $f^\star$ attained at "
          r"$\lVert w^\star\rVert = $ {{linear_without_regularisation.minimiser_norm:.3g}}.",
)
NONSEPARABLE_RATE.mutant("inverted_gamma", r"$\gamma_k$ halved on acceptance and doubled on rejection",
                         F.INVERTED_GAMMA)

SEPARABLE_RATE = Claim(
    id="grad_norm_smoothness.separable_linear_rate",
    paper=PAPER,
    location="G2: " + ABSTRACT + ", on separable data",
    statement=r"On linearly separable data without regularisation ($\mu = 0$: no finite minimiser, "
              r"$\inf f = 0$), Algorithm 1 with the approximate Hessians still converges with a global linear rate: "
              r"$f_{k+1} \le q\,f_k$ at every iteration for one $q < 1$. Tested as: every ratio $f_{k+1}/f_k$ of a "
              r"150-iteration run is at most $0.99$.",
    assumptions=(LOGISTIC + r", $\mu = 0$, the data separable", r"$H_k$: the constant bound $A^\top A/(4n)$ (the "
                 r"diagonal and subsample approximations are measured in grad_norm_smoothness.separable_sublinear)",
                 RELEASED),
    kind="empirical",
    expected="conditional",
    subject=F.grad_norm_smooth,
    refined_by="grad_norm_smoothness.separable_exact_linear_rate",
    notes=RECONSTRUCTED + r" Smallest counterexample: one sample, $a = 1$, $y = 1$, $f(w) = \log(1 + e^{-w})$, "
          r"$H_k = 1/4$: the ratio passes $0.99$ at iteration {{one_sample_constant_bound.first_iteration_above:d}} "
          r"and reaches {{one_sample_constant_bound.last_ratio:.4f}} at 150, where $f$ is still "
          r"{{one_sample_constant_bound.last_value:.3g}} (of order $1/k$). The mechanism is proved in "
          r"grad_norm_smoothness.separable_sublinear: with a constant $H \succeq cI$ each step moves at most "
          r"$\lVert g\rVert/c \le M f/c$, so $f_{k+1} \ge e^{-M^2 f_k/c} f_k$ and the ratio tends to 1. With the "
          r"exact Hessian the rate holds (grad_norm_smoothness.separable_exact_linear_rate): there 'global linear "
          r"rate' can only mean $f_k - \inf f$, since $\lVert x_k\rVert \to \infty$.",
)

SEPARABLE_EXACT = Claim(
    id="grad_norm_smoothness.separable_exact_linear_rate",
    paper=PAPER,
    location="G2: what 'global linear rate' means on separable data (this suite)",
    statement=r"On linearly separable data without regularisation, Algorithm 1 with the exact Hessian drives "
              r"$f_k - \inf f = f_k$ to 0 with a global linear rate (every ratio $f_{k+1}/f_k$ of the run is at most "
              r"$0.99$, down to $f_k < 10^{-30}$) while $\lVert x_k\rVert \to \infty$ (no minimiser, no rate for "
              r"$x_k$).",
    assumptions=(LOGISTIC + r", $\mu = 0$, the data separable", "the exact Hessian", RELEASED,
                 SPEC_DATA.replace("labels from a logistic model", r"labels $\operatorname{sign}(a_i^\top w_0)$")
                 + r"; one sample $a = 1$, $y = 1$"),
    kind="empirical",
    expected="supported",
    subject=F.grad_norm_smooth,
    origin="suite",
    notes=r"Largest ratio on the specified separable data: {{exact_hessian_on_separable_data.max_ratio:.3f}}; "
          r"$\lVert x_k\rVert$ grows to {{exact_hessian_on_separable_data.final_norm:.3g}}. On one sample, at 40 "
          r"digits the ratio settles at {{one_sample_at_40_digits.last_ratio:.6f}}, near $e^{-32/33}$: where "
          r"$f \approx e^{-w}$ the step is $\gamma/(\gamma + 1)$ and the test "
          r"$1 - e^{-\Delta} \ge \gamma e^{-2\Delta}/8$ accepts $\gamma = 32$ but not 64, so $\gamma_k$ alternates "
          r"and the margin grows by $32/33$ per step.",
)
SEPARABLE_EXACT.mutant("inverted_gamma", r"$\gamma_k$ halved on acceptance and doubled on rejection",
                       F.INVERTED_GAMMA)
SEPARABLE_EXACT.mutant("diagonal_instead", "the diagonal of the Hessian used in place of the Hessian",
                       F.DIAGONAL_INSTEAD, targets=("exact_hessian_on_separable_data",))
SEPARABLE_EXACT.mutant("constant_instead", r"a constant curvature $H_0 = \nabla^2 f(x_0)$ kept for the whole run",
                       F.FROZEN_HESSIAN)

SEPARABLE_SUBLINEAR = Claim(
    id="grad_norm_smoothness.separable_sublinear",
    paper=PAPER,
    location="G2: why the approximations lose the rate on separable data (this suite)",
    statement=r"On separable data ($\mu = 0$) with a constant $H_k = C \succeq cI$, $c > 0$, and $B = I$, every step "
              r"of Algorithm 1 satisfies $f_{k+1} \ge e^{-M^2 f_k/c} f_k$ with $M = \max_i \lVert a_i\rVert_2$, so "
              r"$f_{k+1}/f_k \to 1$ whenever $f_k \to 0$: no global linear rate. On the specified separable data "
              r"the diagonal and subsample approximations also have ratios above $0.99$ within 100 iterations.",
    assumptions=(LOGISTIC + r", $\mu = 0$, the data separable", RELEASED,
                 SPEC_DATA.replace("labels from a logistic model", r"labels $\operatorname{sign}(a_i^\top w_0)$")),
    kind="inequality",
    expected="proved",
    subject=F.grad_norm_smooth,
    origin="suite",
    notes=r"Each trial step is $\Delta = -(C + \lambda I)^{-1}g$ with $\lVert\Delta\rVert \le \lVert g\rVert/c$; "
          r"$\lVert g\rVert \le \frac{M}{n}\sum_i \sigma(-z_i) \le M f$ because $\sigma(-z) \le \log(1 + e^{-z})$; "
          r"each margin moves by at most $M\lVert\Delta\rVert$, and "
          r"$\log(1 + e^{-\delta}u) \ge e^{-\delta}\log(1 + u)$. "
          r"Largest ratios in "
          r"100 iterations: diagonal {{approximations_lose_the_rate.max_ratio_diagonal:.4f}}, subsample "
          r"{{approximations_lose_the_rate.max_ratio_subsample:.4f}}, constant "
          r"{{approximations_lose_the_rate.max_ratio_constant:.4f}}; after 100 iterations $f$ is still "
          r"{{approximations_lose_the_rate.final_constant:.3g}} with the constant bound, where the exact Hessian "
          r"reaches $10^{-30}$ in fewer than 150.",
)
SEPARABLE_SUBLINEAR.mutant("exact_instead", "the approximate Hessian silently replaced by the exact one",
                           F.EXACT_INSTEAD)

# -- G3 -------------------------------------------------------------------------------------------------------

SUPERLINEAR = Claim(
    id="grad_norm_smoothness.exact_superlinear",
    paper=PAPER,
    location="G3: Algorithm 1 with the exact Hessian (local behaviour; reconstructed)",
    statement=r"With the exact Hessian on a strongly convex function, Algorithm 1 becomes locally superlinear: "
              r"$(f_{k+1} - f^\star)/(f_k - f^\star) \to 0$ — on L2-regularised logistic regression and on "
              r"log-sum-exp.",
    assumptions=(LOGISTIC + r", $\mu > 0$; $f(x) = \mu\log\sum_i \exp((a_i^\top x - b_i)/\mu)$ with $m > n$ "
                 r"(strongly convex near its minimiser)", RELEASED),
    kind="limit",
    expected="supported",
    subject=F.grad_norm_smooth,
    notes=RECONSTRUCTED + r" In float64 the last ratio above the rounding floor is "
          r"{{ratios_fall_in_float64.last_ratio_logistic:.2g}} (logistic) and "
          r"{{ratios_fall_in_float64.last_ratio_logsumexp:.2g}} (log-sum-exp); at 40 digits the ratios keep falling, "
          r"to {{ratios_fall_at_40_digits.smallest_ratio_logistic:.2g}} and "
          r"{{ratios_fall_at_40_digits.smallest_ratio_logsumexp:.2g}}. Mechanism: every trial is accepted near the "
          r"minimiser, $\gamma_k$ doubles, $\lambda_k = \lVert g_k\rVert/\gamma_k \to 0$ and the step tends to "
          r"Newton's (exact for quadratics: grad_norm_smoothness.quadratic_newton_limit_convex).",
)
SUPERLINEAR.mutant("inverted_gamma", r"$\gamma_k$ halved on acceptance and doubled on rejection", F.INVERTED_GAMMA)
SUPERLINEAR.mutant("diagonal_instead", "the diagonal of the Hessian used in place of the Hessian", F.DIAGONAL_INSTEAD)
