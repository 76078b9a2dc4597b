"""The claims about the iteration itself: N1 (the squared residual), N2 (the convergence condition), N3
(the paper's initial scale on kernel matrices), N4 (exact arithmetic, rank-deficient A), N5 (float64,
with and without stopping rules) and N6 (iterations needed).

The paper body was not read: the iteration V_{k+1} = 2V_k − V_kAV_k and the initial scale α = 2/‖A‖₁²
are reconstructed from the abstract ("we estimate the Moore-Penrose inverse using an iterative
Newton-Raphson method") and the method it cites (Ben-Israel & Cohen 1966); each claim's notes say so.
"""

from __future__ import annotations

from claimkit import Claim, Formula, formula_claim, integers, interval

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement is as "
                 "reconstructed from the abstract and the method it cites.")
ITERATION = r"$V_{k+1} = 2V_k - V_k A V_k$"
LOCATION = "method: Newton–Raphson iteration for the Moore–Penrose inverse (section not confirmed; reconstructed)"

# -- N1 -------------------------------------------------------------------------------------------------

RESIDUAL_SQUARES = Claim(
    id="newton_schulz.residual_squares",
    paper=PAPER,
    location=LOCATION,
    statement=r"For any square $A$ and any $V_k$, the update " + ITERATION + r" gives "
              r"$I - AV_{k+1} = (I - AV_k)^2$; hence $\lVert I - AV_{k+1}\rVert \le \lVert I - AV_k\rVert^2$ in "
              r"every submultiplicative norm, and the convergence is quadratic once $\lVert I - AV_k\rVert < 1$.",
    assumptions=(r"$A, V_k \in \mathbb{R}^{m \times m}$, no symmetry assumed",),
    kind="identity",
    expected="proved",
    subject=F.ns_step,
    notes=RECONSTRUCTED + r" The identity holds in exact rationals for non-symmetric $A$ and arbitrary $V_k$ "
          r"(the matrices need not commute).",
)
RESIDUAL_SQUARES.mutant("sign_lost", r"$V_{k+1} = V_k A V_k$", F.step_sign_lost)
RESIDUAL_SQUARES.mutant("left_multiplied", r"$V_{k+1} = 2V_k - A V_k V_k$ ($A$ on the wrong side)",
                        F.step_left_multiplied)
RESIDUAL_SQUARES.mutant("plus", r"$V_{k+1} = 2V_k + V_k A V_k$", F.step_plus)

# -- N2 -------------------------------------------------------------------------------------------------

PSD = r"$A = A^\top \succeq 0$, $V_0 = \alpha A$, exact arithmetic"

CONVERGENCE = Claim(
    id="newton_schulz.convergence_condition",
    paper=PAPER,
    location=LOCATION + "; Ben-Israel & Cohen (1966)",
    statement=r"For symmetric positive semidefinite $A$ and $V_0 = \alpha A$, the iterates of " + ITERATION
              + r" converge to $A^+$ if and only if $0 < \alpha\,\sigma_{\max}(A)^2 < 2$.",
    assumptions=(PSD,),
    kind="limit",
    expected="conditional",
    subject=F.converges_condition,
    refined_by="newton_schulz.convergence_condition_nonzero",
    notes=RECONSTRUCTED + r" The only failure is $A = 0$: there $V_k = 0 = A^+$ for every $\alpha$, while "
          r"$\alpha\sigma_{\max}^2 = 0$. For $A \ne 0$ the condition is exact, both endpoints included "
          r"(newton_schulz.convergence_condition_nonzero).",
)

CONVERGENCE_NONZERO = Claim(
    id="newton_schulz.convergence_condition_nonzero",
    paper=PAPER,
    location=LOCATION + ", with A ≠ 0 (suite)",
    statement=r"For symmetric positive semidefinite $A \ne 0$ and $V_0 = \alpha A$, $V_k \to A^+$ if and only if "
              r"$0 < \alpha\,\sigma_{\max}(A)^2 < 2$. At the endpoints it fails: $\alpha = 0$ gives $V_k = 0$, and "
              r"$\alpha\sigma_{\max}^2 = 2$ annihilates the top eigen-component after one step, so "
              r"$V_k \to A^+ - \sum_{\lambda_i = \sigma_{\max}} u_i u_i^\top/\sigma_{\max}$.",
    assumptions=(PSD, r"$A \ne 0$"),
    kind="limit",
    expected="proved",
    subject=F.converges_condition,
    origin="suite",
    notes=r"Each eigen-component obeys $1 - \lambda v_k = (1 - \alpha\lambda^2)^{2^k}$; at the endpoint "
          r"$\alpha\lambda^2 = 2$ the component is exactly 0 from the first step on (checked in exact rationals), and "
          r"$V_k u = 0$ is preserved by the update.",
)
_FLOAT = ("limit_matches_condition_float64",)
CONVERGENCE_NONZERO.mutant("half_range", r"$0 < \alpha\sigma_{\max}^2 < 1$", lambda a, s: 0 < a * s**2 < 1,
                           targets=_FLOAT)
CONVERGENCE_NONZERO.mutant("closed_endpoints", r"$0 \le \alpha\sigma_{\max}^2 \le 2$",
                           lambda a, s: 0 <= a * s**2 <= 2, targets=("endpoints_in_exact_rationals",))
CONVERGENCE_NONZERO.mutant("unsquared", r"$0 < \alpha\sigma_{\max} < 2$", lambda a, s: 0 < a * s < 2,
                           targets=_FLOAT)
CONVERGENCE_NONZERO.mutant("no_lower_bound", r"$\alpha\sigma_{\max}^2 < 2$", lambda a, s: a * s**2 < 2,
                           targets=("endpoints_in_exact_rationals",))

# -- N3 -------------------------------------------------------------------------------------------------

KERNEL = r"$A_{ij} = \exp(-\lVert \tilde q_i - \tilde q_j\rVert^2/2)$, the kernel matrix of $m$ landmarks $\tilde q_i$"

PAPER_ALPHA = Claim(
    id="newton_schulz.paper_alpha_converges",
    paper=PAPER,
    location=LOCATION + ": initial scale",
    statement=r"With $V_0 = \alpha A$ and $\alpha = 2/\lVert A\rVert_1^2$, $V_k \to A^+$ for every Gaussian kernel "
              r"matrix $A$ (any $m \ge 2$ landmarks, any configuration).",
    assumptions=(KERNEL, "exact arithmetic"),
    kind="limit",
    expected="conditional",
    subject=F.paper_alpha,
    refined_by="newton_schulz.paper_alpha_equal_row_sums",
    notes=RECONSTRUCTED + r" Every two-landmark matrix $\begin{pmatrix}1 & s\\ s & 1\end{pmatrix}$ has "
          r"$\lambda_{\max} = 1 + s = \lVert A\rVert_1$, so $\alpha\lambda_{\max}^2 = 2$: the endpoint of the "
          r"convergence condition, where the top eigen-component is lost after one step (shown exactly in sympy). "
          r"The release multiplies $\alpha$ by 0.9, which avoids it.",
)

PAPER_ALPHA_FAILURES = Claim(
    id="newton_schulz.paper_alpha_equal_row_sums",
    paper=PAPER,
    location=LOCATION + ": initial scale (failures characterised)",
    statement=r"With $\alpha = 2/\lVert A\rVert_1^2$ and a Gaussian kernel matrix $A$, $V_k \to A^+$ if and only if "
              r"the row sums of $A$ are not all equal. They are equal for every configuration of $m = 2$ landmarks, "
              r"for coincident landmarks and for vertex-transitive configurations (regular polygons, regular "
              r"simplices); then $\alpha\lambda_{\max}^2 = 2$ with eigenvector $\mathbf 1$, and "
              r"$V_k \to A^+ - \mathbf 1\mathbf 1^\top/(m r)$, $r$ the common row sum.",
    assumptions=(KERNEL, "exact arithmetic for the limit; float64 for the iterates checked"),
    kind="limit",
    expected="proved",
    subject=F.paper_alpha,
    origin="suite",
    notes=r"By N2 the iteration converges iff $\alpha\lambda_{\max}^2 < 2$, i.e. $\lambda_{\max} < \lVert A\rVert_1$; "
          r"for an entrywise positive symmetric matrix equality holds iff $\mathbf 1$ is the Perron vector "
          r"(newton_schulz.norm_equality). Near-equal row sums converge, slowly: the top component needs about "
          r"$\log_2(1/(2 - \alpha\lambda_{\max}^2))$ steps; where all off-diagonal entries underflow, $A = I$ "
          r"exactly, $\alpha = 2$ and $V_1 = 4I - 4I = 0$.",
)
PAPER_ALPHA_FAILURES.mutant("release_factor", r"$\alpha = 1.8/\lVert A\rVert_1^2$ (the release's 0.9 factor)",
                            F.alpha_release_factor)
PAPER_ALPHA_FAILURES.mutant("frobenius_squared", r"$\alpha = 2/\lVert A\rVert_F^2$", F.alpha_frobenius_squared)
PAPER_ALPHA_FAILURES.mutant("unsquared_one_norm", r"$\alpha = 2/\lVert A\rVert_1$ (not squared)",
                            F.alpha_unsquared_one_norm)
PAPER_ALPHA_FAILURES.mutant("unsquared_frobenius", r"$\alpha = 2/\lVert A\rVert_F$ (not squared)",
                            F.alpha_unsquared_frobenius)

# -- N4 -------------------------------------------------------------------------------------------------

EXACT_LIMIT = Claim(
    id="newton_schulz.exact_limit_rank_deficient",
    paper=PAPER,
    location="abstract ('we estimate the Moore-Penrose inverse using an iterative Newton-Raphson method')",
    statement=r"For a rank-deficient symmetric positive semidefinite $A$ and $0 < \alpha\sigma_{\max}(A)^2 < 2$, "
              r"the iterates of " + ITERATION + r" from $V_0 = \alpha A$ converge in exact arithmetic to the "
              r"Moore–Penrose inverse $A^+$, not to the inverse of a perturbed matrix: every $V_k$ vanishes on the "
              r"null space of $A$.",
    assumptions=(r"$A = A^\top \succeq 0$, $\operatorname{rank} A < m$", r"$0 < \alpha\sigma_{\max}^2 < 2$",
                 "exact arithmetic"),
    kind="limit",
    expected="proved",
    subject=F.ns_iterates,
    notes=RECONSTRUCTED + r" In exact rationals $E_k = A^+ - V_k$ obeys $E_{k+1} = E_k A E_k$ and "
          r"$AE_{k+1} = (AE_k)^2$; once $\lVert AE_k\rVert_F < 1$ (reached in a few steps) $E_k \to 0$ "
          r"quadratically, while $V_k N = 0$ exactly for the null space $N$.",
)
EXACT_LIMIT.mutant("shifted", r"iterating on $A + I/100$ (the release's shift): the limit is $(A + I/100)^{-1}$",
                   F.iterates_shifted)
EXACT_LIMIT.mutant("from_identity", r"$V_0 = \alpha I$: the null-space part doubles every step",
                   F.iterates_from_identity)
EXACT_LIMIT.mutant("sign_lost", r"the update $V_{k+1} = V_k A V_k$",
                   lambda a, alpha, steps: F.ns_iterates(a, alpha, steps, step=F.step_sign_lost))

# -- N5 -------------------------------------------------------------------------------------------------

FLOAT_SETTING = (r"$A = BB^\top$ with an integer $m \times r$ factor $B$ of rank $r < m$ (so $A$ is exactly "
                 r"representable and exactly rank-deficient), $V_0 = A/\lVert A\rVert_1^2$, float64")

FLOAT_NO_STOP = Claim(
    id="newton_schulz.float64_converges",
    paper=PAPER,
    location="abstract ('for computational robustness, we estimate the Moore-Penrose inverse using an iterative "
             "Newton-Raphson method'), read in float64",
    statement=r"In float64, without early stopping, the iterates of " + ITERATION + r" converge to $A^+$ for "
              r"rank-deficient symmetric positive semidefinite $A$.",
    assumptions=(FLOAT_SETTING, "no stopping rule: the iterates are followed for 200 steps"),
    kind="limit",
    expected="conditional",
    subject=F.stop_last,
    refined_by="newton_schulz.float64_smallest_step",
    notes=r"Rounding puts components of size $\varepsilon$ in the null space of $A$, where the update acts as "
          r"$V \mapsto 2V$: they double every step until the iterates overflow (for $b = (1, 3)$, "
          r"$A = bb^\top$, after {{iterates_converge_without_stopping.overflow_step}} steps). The exact rationals of "
          r"the float iterates show the null-space component doubling. With a stopping rule on the relative step "
          r"the iteration recovers $A^+$: newton_schulz.float64_smallest_step.",
)

FLOAT_MIN_RESIDUAL = Claim(
    id="newton_schulz.float64_smallest_residual",
    paper=PAPER,
    location="stopping rule (suite): the iterate with the smallest residual ‖AVA − A‖",
    statement=r"In float64, stopping at the iterate with the smallest residual $\lVert AV_kA - A\rVert_F$ recovers "
              r"$A^+$ to relative error at most $10^{-8}$ (Frobenius) for rank-deficient symmetric positive "
              r"semidefinite $A$ with $\kappa \le 10^4$, $\kappa$ the ratio of its extreme non-zero eigenvalues.",
    assumptions=(FLOAT_SETTING, r"$m \le 12$, $\kappa \le 10^4$"),
    kind="algorithm",
    expected="conditional",
    subject=F.stop_min_residual,
    origin="suite",
    refined_by="newton_schulz.float64_smallest_step",
    notes=r"The residual is blind to the null-space growth ($A$ annihilates it up to $\varepsilon\lVert A\rVert$), "
          r"so the smallest residual comes late, after the contamination has grown: for the rank-one "
          r"$A = bb^\top$, $b = (3, 2, 3)$ ($\kappa = 1$) the chosen iterate is "
          r"{{smallest_residual_recovers_pinv.error}} "
          r"away from $A^+$ in relative terms. The second Penrose residual does not have this blind spot.",
)

FLOAT_MIN_STEP = Claim(
    id="newton_schulz.float64_smallest_step",
    paper=PAPER,
    location="stopping rule (suite): the smallest relative step, i.e. the second Penrose residual",
    statement=r"In float64, the iterate with the smallest relative step $\lVert V_{k+1} - V_k\rVert_F/"
              r"\lVert V_{k+1}\rVert_F$ $(= \lVert V_kAV_k - V_k\rVert_F/\lVert V_{k+1}\rVert_F)$ recovers $A^+$ to "
              r"relative error at most $100\sqrt{m}\,\kappa\,\varepsilon$ for symmetric positive semidefinite $A$ of "
              r"any rank, hence to $10^{-8}$ for $m \le 64$ and $\kappa \le 10^4$.",
    assumptions=(r"$A = U\Lambda U^\top$ rounded to float64, $U$ a random orthonormal $m \times r$ frame, "
                 r"$1 \le r \le m \le 64$, $\kappa \le 10^8$; and the integer-factor matrices of N5",
                 r"$V_0 = A/\lVert A\rVert_1^2$, 200 steps at most", r"$\varepsilon = 2^{-52}$"),
    kind="algorithm",
    expected="supported",
    subject=F.stop_min_step,
    origin="suite",
    notes=r"The largest error over the integer factorisations of N5 and ten more is "
          r"{{smallest_step_on_integer_factors.worst_ratio:.3g}} "
          r"$\sqrt{m}\,\kappa\,\varepsilon$. The library's newton_schulz_pinv uses this rule.",
)
_STEP = ("smallest_step_recovers_pinv", "smallest_step_on_integer_factors")
FLOAT_MIN_STEP.mutant("smallest_residual", r"stop at the smallest $\lVert AV_kA - A\rVert_F$",
                      F.stop_min_residual, targets=_STEP)
FLOAT_MIN_STEP.mutant("no_stopping", "no stopping: the last iterate of 200", F.stop_last, targets=_STEP)
FLOAT_MIN_STEP.mutant("absolute_step", r"the smallest absolute step $\lVert V_{k+1} - V_k\rVert_F$",
                      F.stop_min_absolute_step, targets=("smallest_step_recovers_pinv",))

# -- N6 -------------------------------------------------------------------------------------------------

_x, _k = F.SYMBOLS
EIGEN_ERROR = formula_claim(
    id="newton_schulz.eigencomponent_error",
    paper=PAPER,
    location=LOCATION + ": iterations needed",
    formula=Formula((1 - _x) ** (2**_k), {"x": interval(0.01, 2.99), "k": integers(0, 6)},
                    name="eigencomponent_error"),
    statement=r"For an eigenvalue $\lambda > 0$ of symmetric $A$ and $V_0 = \alpha A$, the eigen-component $v_k$ of "
              r"$V_k$ satisfies $1 - \lambda v_k = (1 - x)^{2^k}$ with $x = \alpha\lambda^2$: the relative error after "
              r"$k$ steps is $|1 - \alpha\lambda^2|^{2^k}$.",
    truth=F.simulated_component_error,
    truth_at_precision=F.simulated_component_error_at,
    condition=lambda x, k: abs(1 - x) >= 0.05,
    assumptions=(r"$|1 - x| \ge 0.05$ in the float64 check (the base $1 - x$ then loses at most $21\varepsilon$ "
                 r"relative to cancellation, $2^6 \cdot 21\varepsilon \approx 3 \times 10^{-13}$ after the power)",),
    rtol=1e-12,
    tolerance_reason=r"the float64 base $1 - x$ is off by at most $21\varepsilon$ relative and the power $2^k \le 64$ "
                     r"multiplies that to about $3 \times 10^{-13}$",
    examples=20,
    expected="proved",
    kind="identity",
    notes=RECONSTRUCTED + r" The ground truth runs the scalar recursion $u \mapsto 2u - u^2$ ($u = \lambda v$) from "
          r"$u_0 = \alpha\lambda^2$ at 30 digits.",
)

TWENTY = Claim(
    id="newton_schulz.twenty_iterations",
    paper=PAPER,
    location="release default: 20 iterations (newton_maxiter: 20 in every config)",
    statement=r"After 20 steps from $V_0 = \alpha A$ ($A$ symmetric positive definite), "
              r"$\lVert I - AV_{20}\rVert_2 \le 10^{-3}$ if and only if $\tau \le \alpha\lambda^2 \le 2 - \tau$ for "
              r"every eigenvalue $\lambda$, $\tau = 1 - 10^{-3 \cdot 2^{-20}} \approx 6.59 \times 10^{-6}$. For "
              r"$\alpha = 2c/\lVert A\rVert_1^2$ ($c \le 1 - \tau/2$) this holds when "
              r"$\kappa(A) \le \sqrt{2c/(m\tau)}$ and fails when $\kappa(A) > \sqrt{2c/\tau}$; for the release's "
              r"$c = 0.9$ and $m = 49$: $\kappa \le 74$ suffices, $\kappa > 522$ fails.",
    assumptions=(r"$A = A^\top \succ 0$, $m \times m$", "float64 iterates"),
    kind="inequality",
    expected="proved",
    subject={"within": F.within_after_twenty, "kappa_bounds": F.kappa_bounds_twenty},
    origin="suite",
    notes=r"$\lVert I - AV_{20}\rVert_2 = \max_\lambda |1 - \alpha\lambda^2|^{2^{20}}$ since $V_{20}$ is a "
          r"polynomial in $A$; $\alpha\lambda_{\min}^2 = 2c/(\kappa^2 (\lVert A\rVert_1/\lambda_{\max})^2)$ with "
          r"$1 \le \lVert A\rVert_1/\lambda_{\max} \le \sqrt m$.",
)
_WITHIN = ("twenty_steps_match_the_criterion",)
_KAPPA = ("kappa_bounds_hold_for_scaled_one_norm",)
TWENTY.mutant("nineteen_steps", r"the criterion for 19 steps: $|1 - \alpha\lambda^2|^{2^{19}} \le 10^{-3}$",
              {"within": F.within_after_nineteen, "kappa_bounds": F.kappa_bounds_twenty}, targets=_WITHIN)
TWENTY.mutant("lower_end_only", r"only $\alpha\lambda_{\min}^2 \ge \tau$ (the upper end $2 - \tau$ ignored)",
              {"within": F.within_lower_end_only, "kappa_bounds": F.kappa_bounds_twenty}, targets=_WITHIN)
TWENTY.mutant("no_sqrt_m", r"$\kappa \le \sqrt{2c/\tau}$ claimed to suffice (the $\sqrt m$ dropped)",
              {"within": F.within_after_twenty, "kappa_bounds": lambda c, m: F.kappa_bounds_twenty(c, 1)},
              targets=_KAPPA)
