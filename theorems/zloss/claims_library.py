"""The library's conformance claims: z_loss, z_loss_grad and SphericalZLoss against high-precision ground
truth at every scale, and the degenerate inputs (Z8) rejected with a clear error by every public name."""

from __future__ import annotations

from claimkit import Claim

from . import library as L
from . import library_variants as bug
from .paper import PAPER

LIBRARY_LOSS = Claim(
    id="zloss.library_z_loss",
    paper=PAPER,
    location="library: z_loss",
    statement=r"z_loss$(o, c, a, b)$ returns $L_Z$ to relative $10^{-13}(1 + a(|b| + \sqrt{D}))$ of its exact value, "
              r"for logits of any magnitude ($10^{-300}$ to $10^{300}$) with a common offset up to $10^{8}$ "
              r"times their "
              r"spread, $D \le 200$, $a \in [10^{-3}, 10^{3}]$, $|b| \le 10$, for a vector and for each row of a "
              r"batch.",
    assumptions=(r"finite logits, not all equal; $a > 0$",),
    kind="algorithm",
    expected="supported",
    subject=L.z_loss,
    origin="suite",
    notes=r"Ground truth: the definition at 50 digits on the same floats (two-pass moments). The tolerance is the "
          r"condition of $L_Z$ in $z_c$ ($a|z_c|$, $|z_c| \le \sqrt{D - 1}$) times a few ulps; the mutants are "
          r"killed at the regression case (logits of size $10^{300}$ with an "
          r"offset of $10^{8}$, $a = 10^{3}$).",
)
_EXTREME = ("matches_fifty_digits",)
LIBRARY_LOSS.mutant("one_pass_variance", r"$\sigma^2 = \frac{1}{D}\sum o_k^2 - \mu^2$ in float64, without rescaling",
                    bug.loss_one_pass_variance, targets=_EXTREME)
LIBRARY_LOSS.mutant("unbiased_std", r"$\sigma$ with the divisor $D - 1$", bug.loss_unbiased_std, targets=_EXTREME)
LIBRARY_LOSS.mutant("naive_softplus", r"$\frac{1}{a}\log(1 + e^{a(b - z_c)})$ as written (overflows)",
                    bug.loss_naive_softplus, targets=_EXTREME)
LIBRARY_LOSS.mutant("without_correction", "two-pass moments without the correcting second mean",
                    bug.loss_without_correction, targets=_EXTREME)

LIBRARY_GRAD = Claim(
    id="zloss.library_z_loss_grad",
    paper=PAPER,
    location="library: z_loss_grad",
    statement=r"z_loss_grad$(o, c, a, b)$ returns $\nabla_o L_Z$ to $10^{-12}(1 + a(|b| + \sqrt{D}))/\sigma$ per "
              r"entry, "
              r"for logits of any magnitude ($10^{-300}$ to $10^{300}$) with a common offset up to $10^{6}$ "
              r"times their "
              r"spread.",
    assumptions=(r"finite logits, not all equal; $a > 0$",),
    kind="algorithm",
    expected="supported",
    subject=L.z_loss_grad,
    origin="suite",
    notes=r"Ground truth: mpmath's numerical derivative of the definition at 30 digits, entry by entry ($D \le 8$).",
)
LIBRARY_GRAD.mutant("without_mean_term", r"$-\frac{s}{\sigma}(e_c - \frac{z_c}{D}z)$: the $1/D$ term dropped",
                    bug.grad_without_mean_term)
LIBRARY_GRAD.mutant("unbiased_std", r"$\sigma$ with the divisor $D - 1$", bug.grad_unbiased_std)
LIBRARY_GRAD.mutant("flipped_weight", r"the weight $1/(1 + e^{a(b - z_c)})$", bug.grad_flipped_weight)

LIBRARY_SPHERICAL = Claim(
    id="zloss.library_spherical",
    paper=PAPER,
    location="library: SphericalZLoss",
    statement=r"SphericalZLoss$(W, a, b)$.loss_and_grad$(h, c)$ returns $L_Z(Wh, c)$ to relative $10^{-12}$ and "
              r"$\partial L_Z/\partial h$ to $10^{-10}$ of its largest entry, for $W$ whose rows share an offset up to "
              r"$10^{10}$ times their spread and $W$, $h$ of any magnitude ($10^{\pm 100}$), $D \le 100$, $d \le 8$.",
    assumptions=(r"$W \in \mathbb{R}^{D \times d}$ finite with two different rows; $h \ne 0$ finite; $a > 0$",),
    kind="algorithm",
    expected="supported",
    subject=L.SphericalZLoss,
    origin="suite",
    notes=r"Ground truth: $o = Wh$, $L_Z$ and $W^\top\nabla_o L_Z$ at 50 digits from the same floats. Centring $W$ "
          r"once makes the offset cost nothing: the centring's rounding adds the same amount to every logit, which "
          r"the Z-loss does not see; the uncentred statistics of the spherical family fail here (a killed mutant, and "
          r"zloss.spherical_float64_any_offset).",
)
LIBRARY_SPHERICAL.mutant("uncentred_statistics", r"$Q = W^\top W$, $\bar w = W^\top\mathbf{1}$: "
                         r"$\sigma^2 = h^\top Qh/D - \mu^2$", bug.SphericalUncentred)
LIBRARY_SPHERICAL.mutant("without_quadratic_term", r"$\partial L_Z/\partial h$ without the term through $\sigma$",
                         bug.SphericalWithoutQuadraticTerm)

LIBRARY_DEGENERATE = Claim(
    id="zloss.library_degenerate_inputs",
    paper=PAPER,
    location="library: Z8, what an implementation must do where the Z-loss is undefined",
    statement=r"Every public function raises a ValueError naming its argument, never NaN and never a number, on "
              r"logits that are all equal (whatever their value, $0.1$ and $1/3$ included, whose float mean is not "
              r"the value) and on a single class; SphericalZLoss likewise on a $W$ with equal rows and on an $h$ with "
              r"$\tilde W h = 0$.",
    assumptions=("the library's public names: z_scores, z_loss, z_loss_grad, SphericalZLoss",),
    kind="algorithm",
    expected="supported",
    subject=bug.LIBRARY,
    origin="suite",
    notes=r"The definition gives $0/0$ there and $L_Z$ has no limit (zloss.degenerate_no_limit), so an error is the "
          r"only right answer. The library decides equality on the logits themselves: a $\sigma$ computed from "
          r"rounded deviations is $10^{-17}$ at $(0.1, 0.1, 0.1)$ and would give scores $\pm 1$.",
)
LIBRARY_DEGENERATE.mutant("naive", "the definition as written, unguarded: NaN", bug.NAIVE)
LIBRARY_DEGENERATE.mutant("rounded_sigma", r"the test $\sigma > 0$ on the computed $\sigma$: a number at "
                          r"$(0.1, 0.1, 0.1)$", bug.ROUNDED_SIGMA)
LIBRARY_DEGENERATE.mutant("epsilon", r"$\sigma = \sqrt{\sigma^2 + 10^{-5}}$: the value $\frac{1}{a}\log(1 + e^{ab})$",
                          bug.EPSILON)
