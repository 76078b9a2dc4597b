"""The claims about the kernel matrix (N9: its properties, the equality case of ‖A‖₂ ≤ ‖A‖₁) and the
cost of the attention (N10: linear complexity, and the release's landmark count)."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .library import gaussian_kernel
from .paper import PAPER

# -- N9 -------------------------------------------------------------------------------------------------

KERNEL_PROPERTIES = Claim(
    id="newton_schulz.kernel_matrix_properties",
    paper=PAPER,
    location="method: Gaussian kernel self-attention with shared Q = K (section not confirmed; reconstructed)",
    statement=r"The Gaussian kernel matrix $A_{ij} = \exp(-\lVert q_i - q_j\rVert^2/2)$ is symmetric positive "
              r"semidefinite with unit diagonal and entries in $(0, 1]$, positive definite when the points are "
              r"distinct, and $\lVert A\rVert_2 \le \lVert A\rVert_1$.",
    assumptions=(r"points $q_i \in \mathbb{R}^d$, $m \ge 2$",),
    kind="inequality",
    expected="supported",
    subject=gaussian_kernel,
    notes=r"Wording not confirmed from the paper (its body was not read). Entries, symmetry and the norm bound are "
          r"derived; positive definiteness rests on the Schur product theorem (the derivation states it and stays "
          r"open) and is checked at 40 digits. In float64 entries underflow to 0 beyond $\lVert q_i - q_j\rVert "
          r"\approx 38.6$, and the release's expanded distance $\lVert q\rVert^2 + \lVert k\rVert^2 - 2q\cdot k$ can "
          r"give entries above 1 (newton_schulz.library_kernel).",
)
KERNEL_PROPERTIES.mutant("expanded_distance",
                         r"the release's $\lVert q_i\rVert^2 + \lVert q_j\rVert^2 - 2q_i\cdot q_j$",
                         lambda x: F.release_expanded_kernel(x))
KERNEL_PROPERTIES.mutant("sign_flipped", r"$\exp(+\lVert q_i - q_j\rVert^2/2)$",
                         lambda x: 1 / gaussian_kernel(x))
KERNEL_PROPERTIES.mutant("no_half", r"$\exp(-\lVert q_i - q_j\rVert^2)$", lambda x: gaussian_kernel(x) ** 2)

NORM_EQUALITY = Claim(
    id="newton_schulz.norm_equality",
    paper=PAPER,
    location="method: the kernel matrix (the suite's answer to when ‖A‖₂ = ‖A‖₁)",
    statement=r"For a Gaussian kernel matrix $A$ (entrywise positive and symmetric), $\lVert A\rVert_2 = "
              r"\lVert A\rVert_1$ if and only if all row sums of $A$ are equal, and then $\mathbf 1$ is its top "
              r"eigenvector. This holds for every two-landmark matrix, for coincident landmarks and for "
              r"vertex-transitive configurations (regular polygons, regular simplices), and fails for generic ones.",
    assumptions=(r"$A_{ij} = \exp(-\lVert q_i - q_j\rVert^2/2) > 0$, $A = A^\top$",),
    kind="identity",
    expected="proved",
    subject=F.equal_row_sums,
    origin="suite",
    notes=r"Perron: the top eigenvector $x > 0$; at its largest entry $\lambda x_{\max} = \sum_j a_{ij}x_j \le "
          r"r_i x_{\max} \le \lVert A\rVert_1 x_{\max}$, with equality only if $x$ is constant, i.e. $A\mathbf 1 = "
          r"\lambda\mathbf 1$. This is the failure set of the paper's $\alpha$ "
          r"(newton_schulz.paper_alpha_equal_row_sums).",
)
NORM_EQUALITY.mutant("coincident_only", "equality only for coincident landmarks", F.coincident_only)
NORM_EQUALITY.mutant("two_landmarks_only", "equality only for $m = 2$", F.two_landmarks_only)
NORM_EQUALITY.mutant("always", r"$\lVert A\rVert_2 = \lVert A\rVert_1$ for every kernel matrix", F.norms_always_equal)

# -- N10 ------------------------------------------------------------------------------------------------

LINEAR = Claim(
    id="newton_schulz.linear_complexity",
    paper=PAPER,
    location="abstract ('With linear complexity, much longer token sequences are permitted by SOFT')",
    statement=r"For a fixed number $m$ of landmarks and head dimension $d$, the multiply-adds of SOFT attention "
              r"grow linearly in the number of tokens $n$, against $n^2$ for exact attention: counted on the "
              r"release's forward for $n \in \{196, 784, 3136, 12544\}$.",
    assumptions=(r"one head, $m = 49$, $d = 32$, 20 Newton iterations; landmarks by a stride-$r$ convolution with "
                 r"$r^2 = n/m$; the $Q$, $V$ projections (common to both) left out",),
    kind="identity",
    expected="proved",
    subject=F.soft_attention_macs,
    notes=r"The count is $n(5md + m^2 + d^2) + 3m^2d + 40m^3$: the kernel $K_1$ by three products "
          r"($\lVert q\rVert^2$, $\lVert k\rVert^2$, $qk^\top$: $3nmd$), $K_1\,\mathrm{inv}$ ($nm^2$), "
          r"$K_1^\top V$ and "
          r"the last product ($2nmd$), the landmark convolution ($nd^2$); the Newton steps cost $40m^3$ whatever $n$. "
          r"At $n = 12544$ exact attention needs {{counts_are_affine_in_n.exact_over_soft:.1f}} times as many.",
)
LINEAR.mutant("n_by_n_first", r"$(K_1 A^+ K_1^\top) V$: the $n \times n$ attention matrix formed first",
              F.soft_attention_macs_n_by_n)
LINEAR.mutant("exact", "exact attention's count", lambda n, m, d, iterations=20: F.exact_attention_macs(n, d))

LANDMARKS = Claim(
    id="newton_schulz.release_landmark_count",
    paper=PAPER,
    location="release models/softmax_free_transformer.py (Qlandmark_op = Conv2d(kernel_size=ratio, stride=ratio)) "
             "and models/softmax_free_vision_transformer.py (sr_ratios = [8, 4, 2, 1])",
    statement=r"In the release the landmarks come from a convolution with kernel size = stride = $r$ (sr_ratio), so "
              r"$m = (H/r)(W/r) = n/r^2$: at 224-pixel inputs $m = 49$ in every stage ($n = 3136, 784, 196$ with "
              r"$r = 8, 4, 2$), but at a fixed $r$ the multiply-adds grow as $n^3$ (the Newton steps, $40m^3$), "
              r"so the attention is linear in $n$ only when $m$ is held fixed.",
    assumptions=(r"square token grids $H = W$, divisible by $r$; $d = 32$, 20 iterations",),
    kind="identity",
    expected="proved",
    subject=F.release_landmarks,
    origin="suite",
    notes=r"With $r = 8$ and $H = 56 \cdot 2^j$ the count is a cubic polynomial in $n$ (checked exactly on five "
          r"sizes); quadrupling $n$ at $n = 802816$ multiplies it by {{cost_is_cubic_at_fixed_ratio.last_ratio:.1f}}.",
)
LANDMARKS.mutant("fixed_49", "$m = 49$ whatever the input size", lambda h, w, r: 49)
LANDMARKS.mutant("one_dimensional", r"$m = HW/r$ (stride applied to the flattened sequence)",
                 lambda h, w, r: (h * w) // r)
