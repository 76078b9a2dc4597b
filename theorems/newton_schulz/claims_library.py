"""The library conformance claims: what a practitioner calls (``library``) does what it says. Their
subjects are the library functions; their mutants are the library with a plausible bug planted
(``library_variants``)."""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import gaussian_kernel, newton_schulz_pinv, pinv_grad
from .paper import PAPER

LIBRARY_PINV = Claim(
    id="newton_schulz.library_pinv",
    paper=PAPER,
    location="library: newton_schulz_pinv (the iteration of the paper with the suite's stopping rule)",
    statement=r"For every real $m \times n$ matrix $A \ne 0$ of any rank and any scale, newton_schulz_pinv returns "
              r"$A^+$ with relative error (Frobenius) at most $100\sqrt{\min(m, n)}\,\kappa(A)\,\varepsilon$, "
              r"$\kappa$ the ratio of the extreme non-zero singular values; and newton_schulz_pinv$(cA) = "
              r"$newton_schulz_pinv$(A)/c$ for $c$ from $10^{-250}$ to $10^{250}$.",
    assumptions=(r"$m, n \le 12$ with an integer rank-$r$ factorisation $A = BC^\top$ (exact $A^+$ in rationals); "
                 r"symmetric positive semidefinite $m \le 64$ with $\kappa \le 10^8$",),
    kind="algorithm",
    expected="supported",
    subject=newton_schulz_pinv,
    origin="suite",
    notes=r"Ground truth: $A^+ = C(C^\top C)^{-1}(B^\top B)^{-1}B^\top$ in exact rationals, and the eigenvector "
          r"frame the matrix was built from. Largest error over the fixed cases at scales $10^{\pm 250}$: "
          r"{{equal_row_sums_and_scale.worst_ratio:.3g}} "
          r"$\sqrt{\min(m,n)}\,\kappa\,\varepsilon$.",
)
_EXACT = ("matches_exact_pinv", "equal_row_sums_and_scale")
_SCALE = ("equal_row_sums_and_scale",)
LIBRARY_PINV.mutant("smallest_residual", r"returns the iterate with the smallest $\lVert AVA - A\rVert_F$",
                    bug.pinv_smallest_residual, targets=_EXACT)
LIBRARY_PINV.mutant("last_iterate", "no stopping rule: the last finite iterate of 200", bug.pinv_last_iterate,
                    targets=_SCALE)
LIBRARY_PINV.mutant("paper_alpha", r"the paper's $\alpha = 2/\lVert A\rVert_1^2$", bug.pinv_paper_alpha,
                    targets=_SCALE)
LIBRARY_PINV.mutant("unscaled", r"$\alpha$ from $A$ as given: $\alpha = 0$ once "
                    r"$\lVert A\rVert_1\lVert A\rVert_\infty$ overflows", bug.pinv_unscaled, targets=_SCALE)

LIBRARY_GRAD = Claim(
    id="newton_schulz.library_pinv_grad",
    paper=PAPER,
    location="library: pinv_grad (Golub & Pereyra 1973; corrects the released backward)",
    statement=r"For $A(t) = (B + tE)(C + tF)^\top$ with $B$, $C$ of full column rank $r$, "
              r"$\langle \mathrm{pinv\_grad}(A, A^+, G), \dot A(0)\rangle = \frac{d}{dt}\langle G, A(t)^+\rangle$ at "
              r"$t = 0$, for every $G$: the gradient of $L(A^+)$ along rank-preserving perturbations, at any scale "
              r"of $A^+$ and $G$.",
    assumptions=(r"$m, n \le 6$, $1 \le r \le \min(m, n)$; rectangular, rank-deficient and invertible cases",),
    kind="identity",
    expected="supported",
    subject=pinv_grad,
    origin="suite",
    notes=r"Ground truth: complex-step and central differences of $A(t)^+ = C_t(C_t^\top C_t)^{-1}"
          r"(B_t^\top B_t)^{-1}B_t^\top$ (plain transposes, so the complex step is exact to rounding).",
)
LIBRARY_GRAD.mutant("first_term_only", r"the released backward $-A^{+\top}GA^{+\top}$ only", bug.grad_first_term_only)
LIBRARY_GRAD.mutant("terms_subtracted", "the Golub–Pereyra terms subtracted", bug.grad_terms_subtracted)
LIBRARY_GRAD.mutant("left_missing", r"$(I - AA^+)G^\top A^+A^{+\top}$ left out", bug.grad_left_term_missing)
LIBRARY_GRAD.mutant("right_missing", r"$A^{+\top}A^+G^\top(I - A^+A)$ left out", bug.grad_right_term_missing)

LIBRARY_KERNEL = Claim(
    id="newton_schulz.library_kernel",
    paper=PAPER,
    location="library: gaussian_kernel (SOFT's kernel with the distances taken from the differences)",
    statement=r"gaussian_kernel returns $\exp(-\lVert x_i - y_j\rVert^2/2)$ to relative error $10^{-13}$ (against "
              r"40 digits) for points of any scale from $10^{-150}$ to $10^{150}$, entries in $[0, 1]$ — also for "
              r"near-coincident points of norm up to $10^8$, where the release's expanded form exceeds 1 — and an "
              r"exactly symmetric matrix with unit diagonal when $y$ is omitted.",
    assumptions=(r"$n, p \le 8$ points in $\mathbb{R}^d$, $d \le 8$",),
    kind="algorithm",
    expected="supported",
    subject=gaussian_kernel,
    origin="suite",
    notes=r"For five points of norm $10^8$ within $10^{-3}$ of each other the release's $\lVert q\rVert^2 + "
          r"\lVert k\rVert^2 - 2q\cdot k$ loses every digit: its largest entry is "
          r"{{entries_of_near_coincident_far_points.expanded_largest_entry:.4g}} and its largest error "
          r"{{entries_of_near_coincident_far_points.expanded_largest_error:.4g}}, diagonal included.",
)
LIBRARY_KERNEL.mutant("expanded", r"the release's $\lVert x\rVert^2 + \lVert y\rVert^2 - 2x\cdot y$",
                      bug.kernel_expanded)
LIBRARY_KERNEL.mutant("no_half", r"$\exp(-\lVert x_i - y_j\rVert^2)$", bug.kernel_no_half)
