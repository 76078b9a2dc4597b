"""The claims about the release (github.com/fudan-zvg/SOFT, master d3febc3): N7 (what ``newton_inv``
computes, its initial scale, its error after 20 iterations), N8 (the backward of
``_NewtonInverseKernel``), and the safeguard of the Norm variant's ``newton_inv`` on N3's failures.
The subjects are numpy ports of the released functions (``formulas``)."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

RELEASE = "release SOFT/kernel/inverse.py::newton_inv (master d3febc3)"
KERNEL = r"$A$ a Gaussian kernel matrix $\exp(-\lVert \tilde q_i - \tilde q_j\rVert^2/2)$ of $m \ge 2$ landmarks"
PORT = (r"numpy port of the release: $\alpha = 0.9 \cdot 2/\lVert A\rVert_\infty^2$ (largest row sum), "
        r"$P = A + 0.01 I$, $V_0 = \alpha P$, $V \leftarrow 2V - VPV$")

# -- N7 -------------------------------------------------------------------------------------------------

RELEASE_LIMIT = Claim(
    id="newton_schulz.release_limit",
    paper=PAPER,
    location=RELEASE,
    statement=r"The released newton_inv iterates on $P = A + 0.01 I$ from $V_0 = \alpha P$ with "
              r"$\alpha = 1.8/\lVert A\rVert_\infty^2$. For every Gaussian kernel matrix $A$, "
              r"$\alpha\,\sigma_{\max}(P)^2 \le 1.8 \cdot 1.01^2 < 2$, so its iterates converge to $(A + 0.01I)^{-1}$, "
              r"not to $A^{-1}$ or $A^+$.",
    assumptions=(KERNEL, PORT, "exact arithmetic for the limit"),
    kind="algorithm",
    expected="proved",
    subject=F.release_newton_inv,
    origin="suite",
    notes=r"$\lambda_{\max}(A) \ge 1$ (unit diagonal) and $\lVert A\rVert_\infty \ge \lambda_{\max}$, so "
          r"$\alpha(\lambda_{\max} + 0.01)^2 \le 1.8(1 + 0.01/\lambda_{\max})^2 \le 1.8 \cdot 1.01^2$. Without the "
          r"0.9 the shift would push two-landmark matrices past 2: $2(1 + 0.01/(1 + s))^2 > 2$.",
)
_ALPHA = ("alpha_keeps_the_condition",)
_LIMIT = ("iterates_reach_the_shifted_inverse",)
RELEASE_LIMIT.mutant("no_shift", r"no $0.01 I$ shift: the iterates go to $A^{-1}$", F.release_without_shift,
                     targets=_LIMIT)
RELEASE_LIMIT.mutant("mixed", r"initialised with $P$ but iterating with $A$", F.release_mixed, targets=_LIMIT)
RELEASE_LIMIT.mutant("no_factor", r"$\alpha = 2/\lVert A\rVert_\infty^2$ (without 0.9)", F.release_no_factor,
                     targets=_ALPHA)
RELEASE_LIMIT.mutant("unsquared", r"$\alpha = 1.8/\lVert A\rVert_\infty$ (not squared)", F.release_unsquared)

RELEASE_PINV = Claim(
    id="newton_schulz.release_approximates_pinv",
    paper=PAPER,
    location="abstract ('we estimate the Moore-Penrose inverse using an iterative Newton-Raphson method'), as "
             "released in " + RELEASE,
    statement=r"The released newton_inv estimates the Moore–Penrose inverse $A^+$ of the kernel matrix: its iterates "
              r"converge to $A^+$.",
    assumptions=(KERNEL, PORT),
    kind="algorithm",
    expected="conditional",
    subject=F.release_newton_inv,
    refined_by="newton_schulz.release_limit",
    notes=r"Its limit is $(A + 0.01I)^{-1}$ (newton_schulz.release_limit), which differs from $A^+$ by "
          r"$0.01/(\lambda_i(\lambda_i + 0.01))$ on every eigen-component: about 1% of $A^{-1}$ for well separated "
          r"landmarks ($A \approx I$) and the whole of it on components with $\lambda_i \ll 0.01$.",
)

RELEASE_TWENTY = Claim(
    id="newton_schulz.release_twenty_iterations",
    paper=PAPER,
    location=RELEASE + " with the default iter = 20",
    statement=r"After the release's 20 iterations on kernel matrices of $m = 49$ landmarks drawn from "
              r"$\mathcal N(0, s^2 I_{32})$, the relative error $\lVert V_{20} - (A + 0.01I)^{-1}\rVert_2/"
              r"\lVert (A + 0.01I)^{-1}\rVert_2$ is below $10^{-10}$ at spreads $s = 1$ and $s = 0.3$ and above "
              r"$0.1$ at $s = 0.1$, and the error against $A^{-1}$ is at least $0.9\%$ at every spread.",
    assumptions=(PORT, r"$m = 49$, $d = 32$, spreads $s \in \{1, 0.3, 0.1\}$; seeds 0–2 (ci), 0–19 (thorough)"),
    kind="empirical",
    expected="supported",
    subject=F.release_newton_inv,
    origin="suite",
    notes=r"Largest relative error against $(A + 0.01I)^{-1}$: {{release_error_by_spread.shifted_s1:.2g}} "
          r"($s = 1$), {{release_error_by_spread.shifted_s03:.2g}} ($s = 0.3$); smallest at $s = 0.1$: "
          r"{{release_error_by_spread.shifted_s01_min:.2g}}, where $\alpha\lambda_{\min}(P)^2$ is near "
          r"{{release_error_by_spread.slowest_component_s01:.2g}}, below the $\tau \approx 6.6 \times 10^{-6}$ that "
          r"20 steps need (newton_schulz.twenty_iterations). Against $A^{-1}$ the smallest error is "
          r"{{release_error_by_spread.inverse_min:.2g}}.",
)
RELEASE_TWENTY.mutant("no_shift", r"no $0.01 I$ shift", F.release_without_shift)
RELEASE_TWENTY.mutant("unsquared", r"$\alpha = 1.8/\lVert A\rVert_\infty$ (not squared)", F.release_unsquared)
RELEASE_TWENTY.mutant("forty_steps", "40 iterations instead of 20",
                      lambda mat, iterations=20: F.release_newton_inv(mat, 2 * iterations))

# -- N3 in the release: the Norm variant's safeguard ----------------------------------------------------

NORM_SAFEGUARD = Claim(
    id="newton_schulz.release_norm_safeguard",
    paper=PAPER,
    location="release models/softmax_free_transformer.py::SoftmaxFreeNormAttentionKernel.newton_inv (master d3febc3)",
    statement=r"The Norm variant's safeguard (halve $\alpha = 2/\lVert A\rVert_\infty^2$ while the largest column "
              r"sum of $|I - A\cdot\alpha A|$ exceeds 1.01) never fires on a two-landmark kernel matrix: that column "
              r"sum is exactly 1, so the variant keeps $\alpha\lambda_{\max}^2 = 2$ and loses the top eigen-component "
              r"(newton_schulz.paper_alpha_equal_row_sums).",
    assumptions=(r"$A = \begin{pmatrix}1 & s\\ s & 1\end{pmatrix}$, $0 < s \le 1$",
                 "numpy port of the method as released (no shift, β = 0.5, at most 10 halvings)"),
    kind="algorithm",
    expected="proved",
    subject=F.release_norm_alpha,
    origin="suite",
    notes=r"$I - \alpha A^2$ has diagonal $1 - \alpha(1 + s^2) \le 0$ and off-diagonal $-2\alpha s$, so each column "
          r"sum of absolute values is $\alpha(1 + s)^2 - 1 = 1$. As released the class cannot be built: its "
          r"constructor calls super() with SoftmaxFreeSymNormAttentionKernel, a name the release does not define.",
)
NORM_SAFEGUARD.mutant("halved_once", r"$\alpha$ halved once unconditionally", lambda a: 0.5 * F.release_norm_alpha(a))
NORM_SAFEGUARD.mutant("spectral_test", r"halve while $\lVert I - \alpha A^2\rVert_2 \ge 1$ (the convergence test)",
                      F.norm_alpha_spectral_test)

# -- N8 -------------------------------------------------------------------------------------------------

BACKWARD = "release SOFT/kernel/inverse.py::_NewtonInverseKernel.backward (master d3febc3)"

BACKWARD_INVERSE = Claim(
    id="newton_schulz.backward_inverse",
    paper=PAPER,
    location="abstract ('calculating its theoretical gradients only once in the backward process'); " + BACKWARD,
    statement=r"At an invertible $A$, with $V = A^{-1}$ and $G = \partial L/\partial V$, the released backward "
              r"$-V^\top G V^\top$ is the gradient $\partial L/\partial A$ of $L(A^{-1})$.",
    assumptions=(r"$A \in \mathbb{R}^{m \times m}$ invertible, not necessarily symmetric; $G$ arbitrary",),
    kind="identity",
    expected="proved",
    subject=F.release_backward,
    notes=r"$d(A^{-1}) = -A^{-1}\,dA\,A^{-1}$, so $\langle G, d(A^{-1})\rangle = "
          r"\langle -A^{-\top}GA^{-\top}, dA\rangle$. "
          r"The transposes matter only for a non-symmetric $G$ or $A$: the checks use both.",
)
BACKWARD_INVERSE.mutant("grad_transposed", r"$-V^\top G^\top V^\top$", F.backward_grad_transposed)
BACKWARD_INVERSE.mutant("no_transposes", r"$-V G V$", F.backward_no_transpose)
BACKWARD_INVERSE.mutant("sign", r"$+V^\top G V^\top$", F.backward_plus)

CURVE = (r"rank-preserving curve $A(t) = (B + tE)(B + tE)^\top$, $B \in \mathbb{R}^{m \times r}$ of rank $r < m$, "
         r"$E$ arbitrary (small $t$)")

BACKWARD_PINV = Claim(
    id="newton_schulz.backward_pseudo_inverse",
    paper=PAPER,
    location="abstract ('its theoretical gradients'); " + BACKWARD,
    statement=r"With $V = A^+$ of a rank-deficient symmetric positive semidefinite $A$, the released backward "
              r"$-V^\top G V^\top$ is the gradient of $L(A^+)$ along rank-preserving perturbations: "
              r"$\langle -V^\top G V^\top, \dot A\rangle = \frac{d}{dt}\langle G, A(t)^+\rangle$.",
    assumptions=(CURVE,),
    kind="identity",
    expected="conditional",
    subject=F.release_backward,
    refined_by="newton_schulz.backward_range_preserving",
    notes=r"It misses the Golub–Pereyra terms $(I - AA^+)G^\top A^+A^{+\top} + A^{+\top}A^+G^\top(I - A^+A)$, "
          r"which are non-zero when the perturbation turns the range of $A$. Smallest case: $b = (1, 0)$, "
          r"$e = (0, 1)$, $A(t) = (b + te)(b + te)^\top$: $\dot{(A^+)} = \begin{pmatrix}0 & 1\\ 1 & 0\end{pmatrix}$ "
          r"while $-A^+\dot A A^+ = 0$.",
)

BACKWARD_RANGE = Claim(
    id="newton_schulz.backward_range_preserving",
    paper=PAPER,
    location=BACKWARD + " (perturbations that keep the range)",
    statement=r"If the perturbation keeps the range and the co-range of $A$ — $(I - AA^+)\dot A = 0$ and "
              r"$\dot A(I - A^+A) = 0$, as for $A(t) = B(I + tM)C^\top$ — the released backward $-V^\top GV^\top$ "
              r"with $V = A^+$ is the gradient of $L(A^+)$; in general the Golub–Pereyra terms must be added (the "
              r"library's pinv_grad).",
    assumptions=(r"$B, C \in \mathbb{R}^{m \times r}$ of rank $r$, $M \in \mathbb{R}^{r \times r}$ arbitrary, "
                 r"$G$ arbitrary (not symmetric)",),
    kind="identity",
    expected="proved",
    subject=F.release_backward,
    origin="suite",
)
BACKWARD_RANGE.mutant("grad_transposed", r"$-V^\top G^\top V^\top$", F.backward_grad_transposed)
BACKWARD_RANGE.mutant("sign", r"$+V^\top G V^\top$", F.backward_plus)
