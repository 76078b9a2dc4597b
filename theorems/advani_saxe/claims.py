r"""The claims of arXiv 1710.03667 (Advani & Saxe): generalisation dynamics of a linear student–teacher model.

The paper body could not be read here: the model, the normalisations and the formulas are those of the family's
specification, reconstructed from the abstract; the suite decides each statement in that setting. Statements:
V1 (frozen subspace), V2 (mode-wise error dynamics), V3 (overtraining peak at $\alpha = 1$), V4 (converged error:
finite-size expectations, their limits, divergence at $\alpha = 1$), V5 (initial weights), V6 (per-mode optimal
stopping, and whether one time suits every mode), V7 (the error-versus-load reproduction).
"""

from __future__ import annotations

import functools
import math

import sympy as sp

from claimkit import Claim, Formula, formula_claim

from . import formulas as F
from . import library as L
from .paper import PAPER

RECONSTRUCTED = ("The wording and the normalisations are as reconstructed from the abstract (the paper body was not "
                 "read); the suite decides the statement in the setting written here. ")

INPUTS = r"$X \in \mathbb{R}^{P\times N}$ with i.i.d. $N(0, 1/N)$ entries, load $\alpha = P/N$"
TEACHER = (r"$y = X\bar w + \varepsilon$, $\bar w \sim N(0, \sigma_{\bar w}^2 I)$, "
           r"$\varepsilon \sim N(0, \sigma_\varepsilon^2 I)$, $w_0 \sim N(0, \sigma_0^2 I)$, all independent")
FLOW = r"gradient flow $\dot w = X^\top(y - Xw)$ on $\tfrac12\lVert y - Xw\rVert^2$ from $w(0) = w_0$"
ERROR = r"$E_g(t) = E\lVert w(t) - \bar w\rVert^2/N + \sigma_\varepsilon^2$ (a fresh input and a noisy label)"


@functools.lru_cache(maxsize=512)
def _mode_truth_cached(digits: int, items: tuple):
    from ...checks.advani_saxe.ground_truth import mode_error_by_expm

    return mode_error_by_expm(digits, **dict(items))


def _mode_truth(digits: int, **case):
    return _mode_truth_cached(digits, tuple(sorted(case.items())))


def _stopping_truth(digits: int, **case):
    from ...checks.advani_saxe.ground_truth import stopping_time_by_root

    return stopping_time_by_root(digits, **case)


def _limit_below_truth(digits: int, **case):
    from ...checks.advani_saxe.ground_truth import limit_by_quadrature

    return limit_by_quadrature(digits, case["alpha"], case["sigma_epsilon2"], case["sigma_s2"])


def _limit_above_truth(digits: int, **case):
    from ...checks.advani_saxe.ground_truth import limit_by_quadrature

    return limit_by_quadrature(digits, case["alpha"], case["sigma_epsilon2"], 0.0)


# -- V1 -------------------------------------------------------------------------------------------------------------

FROZEN = Claim(
    id="advani_saxe.frozen_subspace", paper=PAPER, location="abstract; §2 (frozen subspace)",
    statement=r"Under gradient descent $w \leftarrow w + \eta X^\top(y - Xw)$ the component of $w$ in "
              r"$\operatorname{null}(X^\top X)$ stays equal to that of $w_0$ at every step, for every step size "
              r"$\eta > 0$: no learning occurs in the frozen subspace.",
    assumptions=(r"$X \in \mathbb{R}^{P\times N}$, $P < N$", r"step size $\eta > 0$, any number of steps"),
    kind="identity", expected="proved", subject=L.gradient_descent,
    notes=RECONSTRUCTED + r"Every update lies in the row space of $X$, the orthogonal complement of "
          r"$\operatorname{null}(X^\top X)$. On the last drawn example the null-space drift after "
          r"2000 steps is {{null_component_unchanged.drift:.1e}} (round-off), and with a divergent step size it is "
          r"{{null_component_unchanged_at_any_step_size.relative_drift:.1e}} of the largest iterate.")
FROZEN.mutant("weight_decay", r"weight decay $10^{-3}$ added to the update", F.gd_with_weight_decay)
FROZEN.mutant("sign_descent", r"sign descent $w \leftarrow w + \eta\,\operatorname{sign}(X^\top(y - Xw))$",
              F.sign_descent)

# -- V2 -------------------------------------------------------------------------------------------------------------

MODE_ERROR = formula_claim(
    id="advani_saxe.mode_error", paper=PAPER, location="§2, mode-wise solution (V2, one mode)",
    statement=r"Along an eigenvector of $X^\top X$ with eigenvalue $\lambda > 0$ the expected squared error of "
              r"gradient flow is $(1 - e^{-\lambda t})^2\sigma_\varepsilon^2/\lambda + e^{-2\lambda t}\sigma_s^2$, "
              r"$\sigma_s^2 = \sigma_0^2 + \sigma_{\bar w}^2$.",
    assumptions=(TEACHER, FLOW), formula=F.MODE_ERROR, truth=lambda **c: float(_mode_truth(30, **c)),
    truth_at_precision=_mode_truth, examples=20, mutant_limit=10, expected="proved",
    notes=RECONSTRUCTED + r"The ground truth is the matrix exponential of the augmented linear system "
          r"$(\delta, u)' = (-\lambda\delta + u, 0)$ with $u = v^\top X^\top\varepsilon$, $E u^2 = "
          r"\lambda\sigma_\varepsilon^2$.")

GEN_ERROR = Claim(
    id="advani_saxe.generalization_error_dynamics", paper=PAPER, location="§2, eq. for $E_g(t)$ (V2)",
    statement=r"With $X^\top X = \sum_k \lambda_k v_k v_k^\top$ and $e_k = e^{-\lambda_k t}$, "
              r"$E_g(t) = \tfrac1N\sum_k\big[(1 - e_k)^2\sigma_\varepsilon^2/\lambda_k + e_k^2(\sigma_0^2 + "
              r"\sigma_{\bar w}^2)\big] + \sigma_\varepsilon^2$, null modes ($\lambda_k = 0$) counted with $e_k = 1$ "
              r"and no noise term.",
    assumptions=(INPUTS, TEACHER, FLOW, ERROR, r"expectation over $\bar w$, $\varepsilon$, $w_0$ at fixed $X$"),
    kind="identity", expected="proved", subject=L.generalization_error,
    notes=RECONSTRUCTED + r"Matches the second moment of the augmented linear system by matrix exponential, and "
          r"gradient flow simulated by RK4 on sampled teachers, noise and initialisations. On the last drawn "
          r"examples: relative gap {{matches_augmented_system.relative_gap:.1e}} to the augmented system, "
          r"{{matches_simulated_flow.z:.2g}} standard errors to the simulation.")
GEN_ERROR.mutant("null_modes_learnable", r"null modes treated as learnable ($e_k = 0$ for $\lambda_k = 0$)",
                 F.error_null_learnable, targets=("matches_augmented_system",))
GEN_ERROR.mutant("noise_unfactored", r"noise term $\sigma_\varepsilon^2/\lambda_k$ without $(1 - e_k)^2$",
                 F.error_noise_unfactored)
GEN_ERROR.mutant("noise_unsquared", r"noise factor $(1 - e_k)$ not squared", F.error_noise_unsquared,
                 targets=("matches_augmented_system",))
GEN_ERROR.mutant("signal_unsquared", r"signal factor $e_k$ not squared", F.error_signal_unsquared,
                 targets=("matches_augmented_system",))
GEN_ERROR.mutant("divided_by_rank", r"the sum divided by the number of non-null modes instead of $N$",
                 F.error_per_sample, targets=("matches_augmented_system",))

# -- V3 -------------------------------------------------------------------------------------------------------------

OVERTRAINING_PEAK = Claim(
    id="advani_saxe.overtraining_peak", paper=PAPER, location="abstract",
    statement=r"Overtraining $O(\alpha) = E_g(\infty) - \min_t E_g(t)$ is worst at $\alpha = 1$ (the number of "
              r"parameters equals the number of samples) and decreases as the model is made smaller or larger.",
    assumptions=(INPUTS, TEACHER, FLOW, r"$w_0 = 0$, $\sigma_\varepsilon^2 = 0.25$, $\sigma_{\bar w}^2 = 1$, "
                 r"$\alpha \in [0.3, 2.5]$"),
    kind="empirical", expected="supported", subject=L.overtraining,
    notes=RECONSTRUCTED + r"On the $\alpha$ grid, averaged over sampled inputs, $O$ peaks at $\alpha = 1$ "
          r"({{peak_at_one_and_monotone.peak_overtraining:.3g}} there) and falls monotonically on both sides; in the "
          r"limit $O(\alpha) \ge E_g(\infty) - E_g(0) \to \infty$ as $\alpha \to 1$. Monotonicity is measured, not "
          "derived.")
OVERTRAINING_PEAK.mutant("from_start", r"overtraining measured as $E_g(0) - E_g(\infty)$", F.overtraining_from_start)

# -- V4 -------------------------------------------------------------------------------------------------------------

FINITE_EXPECTATION = Claim(
    id="advani_saxe.converged_error_finite_size", paper=PAPER, location="§3 (V4, finite size)",
    statement=r"With $w_0 \sim N(0, \sigma_0^2 I)$, $E_X[E_g(\infty)] = \sigma_\varepsilon^2 P/(N - P - 1) + "
              r"(1 - P/N)(\sigma_{\bar w}^2 + \sigma_0^2) + \sigma_\varepsilon^2$ for $P \le N - 2$ and "
              r"$\sigma_\varepsilon^2 N/(P - N - 1) + \sigma_\varepsilon^2$ for $P \ge N + 2$ (inverse-Wishart "
              r"moments $E[(XX^\top)^{-1}] = N I/(N - P - 1)$, $E[(X^\top X)^{-1}] = N I/(P - N - 1)$).",
    assumptions=(INPUTS, TEACHER, FLOW, ERROR),
    kind="identity", expected="proved", origin="suite", subject=L.expected_converged_error,
    notes=r"The spec asks for these exact expectations; they agree with 400 sampled input matrices per size "
          r"({{matches_sampled_inputs.worst_z:.2g}} standard errors at worst) and with quadrature of the "
          r"$\chi^2$ inverse moment at $P = 1$ and $N = 1$.")
FINITE_EXPECTATION.mutant("wishart_shift", r"Wishart moment with $N - P$ (and $P - N$) instead of $N - P - 1$",
                          F.expected_error_wishart_shift)
FINITE_EXPECTATION.mutant("no_null_space", r"the null-space term $(1 - P/N)(\sigma_{\bar w}^2 + \sigma_0^2)$ dropped",
                          F.expected_error_no_null_space)

LIMIT_BELOW = formula_claim(
    id="advani_saxe.converged_error_limit_below_one", paper=PAPER, location="§3 (V4, $N \\to \\infty$, $\\alpha < 1$)",
    statement=r"For $\alpha < 1$, $\lim_{N\to\infty} E_g(\infty) = \sigma_\varepsilon^2/(1 - \alpha) + "
              r"(1 - \alpha)\sigma_s^2$ with $\sigma_s^2 = \sigma_{\bar w}^2 + \sigma_0^2$.",
    assumptions=(INPUTS, TEACHER, FLOW, ERROR), formula=F.LIMIT_BELOW_ONE, examples=6, mutant_limit=14,
    truth=lambda **c: float(_limit_below_truth(30, **c)), truth_at_precision=_limit_below_truth,
    expected="supported",
    notes=RECONSTRUCTED + r"Ground truth: the Marchenko–Pastur integral $\int\rho_\alpha(x)\,x^{-1}dx$ by "
          r"tanh–sinh quadrature. The finite-size expectation tends to it as $N \to \infty$ at fixed $\alpha$.")
LIMIT_ABOVE = formula_claim(
    id="advani_saxe.converged_error_limit_above_one", paper=PAPER, location="§3 (V4, $N \\to \\infty$, $\\alpha > 1$)",
    statement=r"For $\alpha > 1$, $\lim_{N\to\infty} E_g(\infty) = \sigma_\varepsilon^2\alpha/(\alpha - 1)$, "
              r"whatever $\sigma_0^2$.",
    assumptions=(INPUTS, TEACHER, FLOW, ERROR), formula=F.LIMIT_ABOVE_ONE, examples=6,
    truth=lambda **c: float(_limit_above_truth(30, **c)), truth_at_precision=_limit_above_truth,
    expected="supported",
    notes=RECONSTRUCTED + r"Ground truth: the Marchenko–Pastur integral for the $N$ eigenvalues of $X^\top X$ "
          r"(ratio $1/\alpha$, scaled by $\alpha$), by tanh–sinh quadrature.")

DIVERGENCE = Claim(
    id="advani_saxe.converged_error_diverges_at_one", paper=PAPER, location="§3 (V4)",
    statement=r"With $w_0 = 0$ and $\sigma_\varepsilon^2 > 0$, the converged error $E_g(\infty)$ diverges as "
              r"$\alpha \to 1$ from either side (in the limit $N \to \infty$).",
    assumptions=(INPUTS, TEACHER, FLOW, ERROR, r"$\sigma_\varepsilon^2 > 0$"),
    kind="limit", expected="proved", subject=L.converged_error_limit,
    notes=RECONSTRUCTED + r"Near $\alpha = 1$ the limit grows like $\sigma_\varepsilon^2/|1 - \alpha|$: the smallest "
          r"non-zero eigenvalues of $X^\top X$ approach 0 (the Marchenko–Pastur hard edge). At finite $N$ the "
          r"expectation of $E_g(\infty)$ is infinite for $|P - N| \le 1$, where $E[1/\chi^2_k]$ with $k \le 2$ "
          "diverges (see the finite-size claim).")
DIVERGENCE.mutant("bounded", r"a bounded limit $\sigma_\varepsilon^2 + \sigma_{\bar w}^2$ near $\alpha = 1$",
                  lambda alpha, noise_var, teacher_var, init_var=0.0: noise_var + teacher_var)
DIVERGENCE.mutant("one_sided", r"divergence only from below: $\sigma_\varepsilon^2$ for $\alpha > 1$",
                  lambda alpha, noise_var, teacher_var, init_var=0.0:
                  L.converged_error_limit(alpha, noise_var, teacher_var, init_var) if alpha < 1 else noise_var)

# -- V5 -------------------------------------------------------------------------------------------------------------

INIT_BELOW = Claim(
    id="advani_saxe.initial_weights_below_one", paper=PAPER, location="abstract (V5, $\\alpha < 1$)",
    statement=r"For $\alpha < 1$, $E_g(\infty)$ grows linearly in $\sigma_0^2$ with slope $1 - \alpha$: low "
              r"generalisation error requires small initial weights.",
    assumptions=(INPUTS, TEACHER, FLOW, ERROR, r"$P < N$"),
    kind="identity", expected="proved", subject=F.init_slope_below_one,
    notes=RECONSTRUCTED + r"The $N - P$ frozen directions keep $w_0$'s component, which adds "
          r"$\sigma_0^2(N - P)/N$ to the error.")
INIT_BELOW.mutant("slope_alpha", r"slope $\alpha$", lambda a: a)
INIT_BELOW.mutant("slope_one", r"slope 1 (the whole initialisation survives)", lambda a: 1.0)
INIT_BELOW.mutant("slope_squared", r"slope $(1 - \alpha)^2$", lambda a: (1 - a) ** 2)

INIT_ABOVE = Claim(
    id="advani_saxe.initial_weights_forgotten_above_one", paper=PAPER, location="abstract (V5, $\\alpha > 1$)",
    statement=r"For $\alpha > 1$ the initial weights leave no trace at $t = \infty$: $\partial E_g(\infty)/"
              r"\partial\sigma_0^2 = 0$.",
    assumptions=(INPUTS, TEACHER, FLOW, ERROR, r"$P > N$"),
    kind="identity", expected="proved", subject=F.init_slope_above_one,
    notes=RECONSTRUCTED + r"With $P > N$ the input matrix has full column rank: no null mode, every $e_k \to 0$.")
INIT_ABOVE.mutant("slope_one_minus_alpha", r"slope $1 - \alpha$ continued past $\alpha = 1$", lambda a: 1 - a)
INIT_ABOVE.mutant("slope_inverse", r"slope $1/\alpha$", lambda a: 1 / a)

# -- V6 -------------------------------------------------------------------------------------------------------------

STOPPING = formula_claim(
    id="advani_saxe.optimal_stopping_time", paper=PAPER, location="§4 (V6)",
    statement=r"From $w_0 = 0$ the error of a mode with eigenvalue $\lambda$ is minimised at "
              r"$t^* = \log(1 + \lambda\,\mathrm{SNR})/\lambda$, $\mathrm{SNR} = \sigma_{\bar "
              r"w}^2/\sigma_\varepsilon^2$.",
    assumptions=(TEACHER, FLOW, r"$w_0 = 0$"), formula=F.STOPPING_TIME, examples=15, mutant_limit=10,
    truth=lambda **c: float(_stopping_truth(30, **c)), truth_at_precision=_stopping_truth,
    expected="proved",
    notes=RECONSTRUCTED + r"Ground truths: the root of the derivative of the mode error (mpmath), and a bounded "
          r"search of the mode error itself.")
STOPPING.mutant("drops_the_one", r"$t^* = \log(\lambda\,\mathrm{SNR})/\lambda$ (drops the 1)",
                Formula(sp.log(F.lam * F.snr) / F.lam, F.STOPPING_TIME.params, name="stopping_time"))

NO_SINGLE_TIME = Claim(
    id="advani_saxe.no_single_stopping_time", paper=PAPER, location="§4 (V6, decided by the suite)",
    statement=r"No single stopping time is optimal for every mode: $t^*(\lambda) = \log(1 + \lambda\,\mathrm{SNR})/"
              r"\lambda$ is strictly decreasing in $\lambda > 0$, so modes with different eigenvalues have different "
              r"optimal times and stopping at one mode's $t^*$ leaves the others above their minimum.",
    assumptions=(TEACHER, FLOW, r"$w_0 = 0$", r"$\mathrm{SNR} > 0$"),
    kind="inequality", expected="proved", origin="suite", subject=L.optimal_stopping_time,
    notes=r"Early stopping is therefore a compromise over the spectrum (unlike a per-mode filter), which is why "
          "the overtraining of V3 is positive.")
NO_SINGLE_TIME.mutant("constant_time", r"one time $t = \mathrm{SNR}$ for every mode (the $\lambda \to 0$ limit)",
                      lambda eigenvalue, snr: float(snr))
NO_SINGLE_TIME.mutant("increasing", r"$t^* = \log(1 + \lambda\,\mathrm{SNR})$ (increasing in $\lambda$)",
                      lambda eigenvalue, snr: math.log1p(eigenvalue * snr))

# -- V7 -------------------------------------------------------------------------------------------------------------

REPRODUCTION = Claim(
    id="advani_saxe.error_versus_load_reproduction", paper=PAPER, location="figures of error against $\\alpha$ (V7)",
    statement=r"$E_g(\infty)$ and $\min_t E_g(t)$ from the spectral formula on sampled inputs agree with their "
              r"Marchenko–Pastur limits within 5\% for $|\alpha - 1| \ge 0.3$, and the overtraining peak is at "
              r"$\alpha = 1$.",
    assumptions=(INPUTS, TEACHER, FLOW, r"$w_0 = 0$, $\sigma_\varepsilon^2 = 0.25$, $\sigma_{\bar w}^2 = 1$, "
                 r"$\alpha \in [0.3, 2.5]$; $N = 60$ and 3 draws (ci), $N = 200$ and 20 draws (thorough)"),
    kind="empirical", expected="supported", origin="suite", subject=(L.generalization_error, L.overtraining),
    notes=r"Away from $\alpha = 1$ the largest relative gap to the limits is "
          r"{{curves_match_limits.worst_relative_gap:.2g}}; near $\alpha = 1$ the finite-size curves stay finite "
          r"(at $\alpha = 1$ the sampled $E_g(\infty)$ is {{curves_match_limits.converged_error_at_one:.3g}}) while "
          "the limit diverges.")
REPRODUCTION.mutant("null_modes_learnable", r"null modes treated as learnable",
                    (F.error_null_learnable, L.overtraining))
REPRODUCTION.mutant("overtraining_from_start", r"overtraining as $E_g(0) - E_g(\infty)$",
                    (L.generalization_error, F.overtraining_from_start))
