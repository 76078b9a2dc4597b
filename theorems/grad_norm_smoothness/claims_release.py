"""The claims about the release (github.com/epfml/grad-norm-smooth, commit 9f4ca00): G7 (what
``grad_norm_smooth`` does when H_k + λ_kB is not positive definite), G8 (the notebook's Rosenbrock run), G9 (the
notebook's log-sum-exp run at reduced size) and the weighted Gauss–Newton matrix of ``approx_hess_fn_logsumexp``.

The subjects are the numpy port of ``grad_norm_smooth`` (``formulas``) and of the log-sum-exp oracle
(``problems``); the released function's own outputs, recorded, are one of the ground truths.
"""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .claims_rates import RELEASED
from .paper import PAPER
from .problems import LogSumExp

RELEASE = "release src/methods.py::grad_norm_smooth (commit 9f4ca00)"
NOTEBOOK = "release notebooks/examples.ipynb (commit 9f4ca00)"

# -- G7 -------------------------------------------------------------------------------------------------------

INDEFINITE = Claim(
    id="grad_norm_smoothness.release_indefinite_hessian",
    paper=PAPER,
    location="G7: " + RELEASE + ", the Cholesky failure branch",
    statement=r"When $H_k + \lambda_k B$ is not positive definite at the first trial, the released grad_norm_smooth "
              r"leaves the search with the previous values of its step, $f$ and $\nabla f$: at $k = 0$ it raises "
              r"UnboundLocalError (Rosenbrock from $(0, 1)$: $H_0 = \operatorname{diag}(-398, 200)$, "
              r"$\lambda_0 \approx 200$); at $k \ge 1$ it moves by the previous iteration's step again, keeps "
              r"$\gamma_k$, and records the previous point's $f$ and $\nabla f$, so that the history's $f_k$ stays "
              r"constant while $x_k$ drifts along a line (on $\frac12 x^2 - \frac12 y^2 + \frac14 y^4$ from "
              r"$(3, 0)$, from $k = 2$ on, without end).",
    assumptions=(RELEASED.replace(r"$x_0 = 0$, ", ""), "nonconvex f with its exact (indefinite) Hessian"),
    kind="algorithm",
    expected="proved",
    subject=F.grad_norm_smooth,
    origin="suite",
    notes=r"On the saddle function the iterates stay on $y = 0$, where $H = \operatorname{diag}(1, -1)$: "
          r"$\lambda_2 = x_2/(4 + \mathrm{eps}) < 1$ makes $H + \lambda_2 I$ indefinite, and then every later "
          r"iteration fails the same way ($g$ and $\gamma$ no longer change). After 8 iterations the history reports "
          r"$f = $ {{saddle_drift.reported_f:.6f}} at a point where $f$ is {{saddle_drift.true_f:.4f}}. The port and "
          r"the released function (recorded) agree to the last bit. The library's gns_minimize treats the failure "
          r"as a rejection instead (grad_norm_smoothness.library_minimize).",
)
INDEFINITE.mutant("halve_and_retry", r"a failed factorisation halves $\gamma$ and tries again",
                  F.treat_failure_as_rejection)
INDEFINITE.mutant("stop", "a failed factorisation ends the run", F.stop_on_failure)

# -- G8 -------------------------------------------------------------------------------------------------------

ROSENBROCK = Claim(
    id="grad_norm_smoothness.rosenbrock_reproduction",
    paper=PAPER,
    location="G8: " + NOTEBOOK + ", 'Rosenbrock function'",
    statement=r"On Rosenbrock's function $(1 - x)^2 + 100(y - x^2)^2$ from $(-2, 2)$ with $\gamma_0 = 1$, the exact "
              r"Hessian, $B = I$, $\mathrm{eps} = 10^{-8}$ and 60 iterations (the notebook's cell), Algorithm 1 "
              r"as released reaches $f - f^\star < 10^{-8}$ within the 60 iterations; the port's run is the released "
              r"function's.",
    assumptions=(r"$f^\star = 0$ at $(1, 1)$",),
    kind="empirical",
    expected="supported",
    subject=F.grad_norm_smooth,
    notes=r"$f - f^\star < 10^{-8}$ first at iteration {{matches_the_released_run.iterations:d}}; the first values "
          r"of $f_k$ are $f_1 = $ {{matches_the_released_run.f1:.6g}} and $f_2 = $ "
          r"{{matches_the_released_run.f2:.6g}}. The port's $f_k$ and $\gamma_k$ equal the "
          r"released function's, bit for bit, at all 61 entries; a 40-digit run of the update takes the same "
          r"accept/reject decisions for {{agrees_with_40_digits.same_decisions:d}} iterations. Once "
          r"$f$ reaches 0 exactly the release computes $0/0$ in the test, rejects every trial and halves $\gamma$ "
          r"41 times per iteration.",
)
_ROSENBROCK_MUTANTS = (
    ("old_gradient", r"the test with the old gradient $\lVert g_k\rVert_*^2/(8\lambda_k)$", F.OLD_GRADIENT_TEST),
    ("quarter", r"the test with $1/(4\lambda_k)$", F.QUARTER_TEST),
    ("unit", r"the test with $1/\lambda_k$", F.UNIT_TEST),
    ("squared_lambda", r"$\lambda_k = \lVert g_k\rVert_*^2/\gamma_k$", F.SQUARED_LAMBDA),
    ("inverted_gamma", r"$\gamma_k$ halved on acceptance and doubled on rejection", F.INVERTED_GAMMA),
)
for _name, _text, _mutant in _ROSENBROCK_MUTANTS:
    ROSENBROCK.mutant(_name, _text, _mutant)

# -- G9 -------------------------------------------------------------------------------------------------------

LOGSUMEXP = Claim(
    id="grad_norm_smoothness.logsumexp_reproduction",
    paper=PAPER,
    location="G9: " + NOTEBOOK + ", 'LogSumExp' (at n = m = 200; the notebook uses 1000)",
    statement=r"On the notebook's log-sum-exp problem $f(x) = \mu\log\sum_i\exp((\tilde a_i^\top x - b_i)/\mu)$ "
              r"(optimum moved to 0), $\mu = 1$, $n = m = 200$, $x_0 = \mathbf 1$, $B = AA^\top$, both the exact "
              r"Hessian and the weighted Gauss–Newton matrix $\frac1\mu\tilde A^\top\operatorname{Diag}(\pi)\tilde A$ "
              r"reach $f - f^\star < 10^{-8}$, and the exact Hessian needs fewer iterations.",
    assumptions=(r"$A$, $b$ from np.random.seed(3124) as in the notebook; $\gamma_0 = 1$, $\mathrm{eps} = 10^{-8}$; "
                 r"$f^\star = f(0)$", "thorough profile: also at the notebook's n = m = 1000"),
    kind="empirical",
    expected="supported",
    subject=F.grad_norm_smooth,
    notes=r"Iterations: exact {{both_reach_the_tolerance.iterations_exact:d}}, weighted Gauss–Newton "
          r"{{both_reach_the_tolerance.iterations_gauss_newton:d}}, as in the released function's recorded runs; at "
          r"the "
          r"notebook's size the recorded runs take {{both_reach_the_tolerance.released_1000_exact:d}} and "
          r"{{both_reach_the_tolerance.released_1000_gauss_newton:d}}. The weighted Gauss–Newton matrix is "
          r"$\nabla^2 f + \frac1\mu\nabla f\nabla f^\top$ (grad_norm_smoothness.weighted_gauss_newton_rank_one): it "
          r"over-estimates the curvature along the gradient far from the minimiser, and the difference vanishes at it. "
          r"With $n = m$ the shifted $\tilde A$ is singular ($\tilde A^\top\pi_0 = 0$), so $f$ is constant along a "
          r"line through 0 and the exact Hessian is singular everywhere; $\lambda_k B$ keeps the steps defined.",
)
_LOGSUMEXP_MUTANTS = (
    ("euclidean_norm", r"$\lambda$ and the test with $\lVert g\rVert_2$ while $B$ is used in the step",
     F.EUCLIDEAN_NORM),
    ("exact_instead", "the approximate Hessian silently replaced by the exact one", F.EXACT_INSTEAD),
    ("squared_lambda", r"$\lambda_k = \lVert g_k\rVert_*^2/\gamma_k$", F.SQUARED_LAMBDA),
    ("quarter", r"the test with $1/(4\lambda_k)$", F.QUARTER_TEST),
)
for _name, _text, _mutant in _LOGSUMEXP_MUTANTS:
    LOGSUMEXP.mutant(_name, _text, _mutant)

# -- the weighted Gauss–Newton matrix --------------------------------------------------------------------------

RANK_ONE = Claim(
    id="grad_norm_smoothness.weighted_gauss_newton_rank_one",
    paper=PAPER,
    location="release src/approximations.py::approx_hess_fn_logsumexp (commit 9f4ca00), against the exact Hessian",
    statement=r"For log-sum-exp $f(x) = \mu\log\sum_i\exp((a_i^\top x - b_i)/\mu)$ with $\pi = "
              r"\operatorname{softmax}((Ax - b)/\mu)$, the weighted Gauss–Newton matrix exceeds the Hessian by a "
              r"rank-one term: $\frac1\mu A^\top\operatorname{Diag}(\pi)A - \nabla^2 f(x) = \frac1\mu(A^\top\pi)"
              r"(A^\top\pi)^\top = \frac1\mu\nabla f(x)\nabla f(x)^\top \succeq 0$.",
    assumptions=(r"$A \in \mathbb{R}^{m \times n}$, $b \in \mathbb{R}^m$, $\mu > 0$",),
    kind="identity",
    expected="proved",
    subject=LogSumExp,
    origin="suite",
    notes=r"So the approximation is exact at the minimiser ($\nabla f = 0$) and over-estimates the curvature only "
          r"along $\nabla f$. Ground truth of the Hessian: the complex step of the gradient, cross-checked by "
          r"central differences.",
)
RANK_ONE.mutant("hessian_without_rank_one", r"the Hessian without $-\frac1\mu(A^\top\pi)(A^\top\pi)^\top$",
                F.LogSumExpWithoutRankOne)
RANK_ONE.mutant("gauss_newton_without_mu", r"the weighted Gauss–Newton matrix without the factor $1/\mu$",
                F.LogSumExpWithoutMu)
