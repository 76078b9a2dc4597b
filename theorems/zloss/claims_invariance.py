"""The invariance claims: Z1 (shift and scale invariance of L_Z), Z2 (the same for every nonzero scale, a
secondary summary's wording) and its correction, and Z3 (the log-softmax: shift- but not scale-invariant).

The definition of L_Z is reconstructed (the paper body was not read): see :mod:`.formulas`.
"""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement as reconstructed from "
                 "the title, the abstract and secondary summaries.")
SETUP = (r"$o \in \mathbb{R}^D$, $D \ge 2$, target $c$; $\mu = \frac{1}{D}\sum_k o_k$, "
         r"$\sigma^2 = \frac{1}{D}\sum_k o_k^2 - \mu^2 > 0$, $z_c = (o_c - \mu)/\sigma$")
LOSS = r"$L_Z(o, c) = \frac{1}{a}\log(1 + e^{a(b - z_c)})$ with $a > 0$, $b \in \mathbb{R}$"

# -- Z1 ---------------------------------------------------------------------------------------------------

INVARIANCE = Claim(
    id="zloss.shift_scale_invariance",
    paper=PAPER,
    location="title; definition of the Z-loss (reconstructed)",
    statement=r"$L_Z(\alpha o + \beta\mathbf{1}, c) = L_Z(o, c)$ for every $\alpha > 0$ and $\beta \in \mathbb{R}$.",
    assumptions=(SETUP, LOSS),
    kind="identity",
    expected="proved",
    subject=F.Z_LOSS,
    notes=RECONSTRUCTED + r" $\mu$ maps to $\alpha\mu + \beta$ and $\sigma$ to $|\alpha|\sigma$, so $z$ is unchanged "
          r"for $\alpha > 0$. Checked at 50 digits over $D \le 1000$, $\alpha \in [10^{-3}, 10^{3}]$, "
          r"$|\beta| \le 10^{3}$ and logits at scales $10^{-3}$ to $10^{3}$, and exactly on rational logits "
          r"($z_c$ as its sign and square). "
          r"Variants that are wrong but still invariant (the unbiased $\sigma$, $e^x$ for the softplus, the sign of "
          r"$b - z_c$ flipped) pass these checks by construction; value checks kill them: reflection_at_fifty_digits "
          r"of zloss.negative_scale_reflection (all three), and for the unbiased $\sigma$ also "
          r"zloss.spherical_computation (matches_direct_in_float64), zloss.spherical_float64_small_offset, "
          r"zloss.score_bound (bound_exactly), zloss.library_z_loss and zloss.library_z_loss_grad.",
)
INVARIANCE.mutant("variance_without_mean", r"$\sigma^2 = \frac{1}{D}\sum_k o_k^2$ (the $\mu^2$ forgotten: not "
                  "shift-invariant)", F.VarianceWithoutMean(), targets=("invariant_exactly",))
INVARIANCE.mutant("not_divided_by_sigma", r"$z_c = o_c - \mu$ (centred only: not scale-invariant)",
                  F.NotDividedBySigma(), targets=("invariant_at_fifty_digits",))
INVARIANCE.mutant("not_centred", r"$z_c = o_c/\sigma$ (not shift-invariant)", F.NotCentred(),
                  targets=("invariant_exactly",))
INVARIANCE.mutant("epsilon_in_variance", r"$\sigma = \sqrt{\sigma^2 + 10^{-5}}$, as a LayerNorm adds (not "
                  "scale-invariant at small scales)", F.EpsilonInVariance(), targets=("invariant_at_fifty_digits",))

# -- Z2 ---------------------------------------------------------------------------------------------------

NONZERO = Claim(
    id="zloss.nonzero_scale_invariance",
    paper=PAPER,
    location="Z2: a secondary summary's wording (emergentmind.com), not the paper's",
    statement=r"$L_Z(\alpha o + \beta\mathbf{1}, c) = L_Z(o, c)$ for every $\alpha \ne 0$ and $\beta \in \mathbb{R}$.",
    assumptions=(SETUP, LOSS),
    kind="identity",
    expected="conditional",
    subject=F.Z_LOSS,
    origin="suite",
    refined_by="zloss.negative_scale_reflection",
    notes=r"A secondary summary says the scale invariance holds for any nonzero factor; the suite tests that "
          r"extension of Z1. It fails for every $\alpha < 0$ unless $z_c = 0$: $\sigma(\alpha o) = |\alpha|\sigma(o)$, "
          r"so a negative $\alpha$ negates $z$. The smallest witness, $D = 2$, $o = (1, 0)$, $c = 0$, $\alpha = -1$, "
          r"$a = 1$, $b = 0$, moves the loss from $\log(1 + e^{-1})$ to $\log(1 + e)$, exactly 1 more "
          r"(shown at 50 digits and by sympy).",
)

REFLECTION = Claim(
    id="zloss.negative_scale_reflection",
    paper=PAPER,
    location="Z2, corrected (derived by this suite)",
    statement=r"For every $\alpha \ne 0$ and $\beta$: $L_Z(\alpha o + \beta\mathbf{1}, c) = "
              r"L_Z(\operatorname{sgn}(\alpha)\, o, c)$, and $L_Z(-o, c) = \frac{1}{a}\log(1 + e^{a(b + z_c)})$: a "
              r"negative $\alpha$ reflects $z$, and leaves $L_Z$ unchanged exactly when $z_c = 0$.",
    assumptions=(SETUP, LOSS),
    kind="identity",
    expected="proved",
    subject=F.Z_LOSS,
    origin="suite",
    notes="The correction of zloss.nonzero_scale_invariance: the loss is invariant under the positive affine maps "
          "only, and a negative scale acts as the reflection $o \\mapsto -o$.",
)
REFLECTION.mutant("variance_without_mean", r"$\sigma^2 = \frac{1}{D}\sum_k o_k^2$", F.VarianceWithoutMean(),
                  targets=("reflection_exactly",))
REFLECTION.mutant("not_divided_by_sigma", r"$z_c = o_c - \mu$", F.NotDividedBySigma(),
                  targets=("reflection_at_fifty_digits",))
REFLECTION.mutant("unbiased_std", r"$\sigma$ with the divisor $D - 1$ (invariant, so only a value check sees it)",
                  F.UnbiasedStd(), targets=("reflection_at_fifty_digits",))
REFLECTION.mutant("exp_for_softplus", r"$\frac{1}{a}e^{a(b - z_c)}$: the softplus replaced by the exponential",
                  F.ExpOuter(), targets=("reflection_at_fifty_digits",))
REFLECTION.mutant("sign_flipped", r"$\frac{1}{a}\log(1 + e^{a(z_c - b)})$: the sign of $b - z_c$ flipped",
                  F.FlippedSign(), targets=("reflection_at_fifty_digits",))

# -- Z3 ---------------------------------------------------------------------------------------------------

CE = r"$\ell(o, c) = \log\sum_k e^{o_k} - o_c$ (the log-softmax loss, cross-entropy)"

CE_SHIFT = Claim(
    id="zloss.log_softmax_shift_invariance",
    paper=PAPER,
    location="introduction: the log-softmax, by contrast with the Z-loss (reconstructed)",
    statement=r"$\ell(o + \beta\mathbf{1}, c) = \ell(o, c)$ for every $\beta \in \mathbb{R}$.",
    assumptions=(r"$o \in \mathbb{R}^D$, $D \ge 2$, target $c$", CE),
    kind="identity",
    expected="proved",
    subject=F.LOG_SOFTMAX,
    notes=RECONSTRUCTED + r" $\sum_k e^{o_k + \beta} = e^\beta\sum_k e^{o_k}$.",
)
CE_SHIFT.mutant("extra_class", r"$\log(1 + \sum_k e^{o_k}) - o_c$: an extra class with logit 0",
                F.ImplicitExtraClass(), targets=("shift_invariant_in_float64",))
CE_SHIFT.mutant("auxiliary_z_loss", r"$\ell + 10^{-4}(\log\sum_k e^{o_k})^2$: the auxiliary z-loss of large "
                "language models added (a different loss of the same name)", F.WithAuxiliaryZLoss(),
                targets=("shift_invariant_at_fifty_digits",))

CE_SCALE = Claim(
    id="zloss.log_softmax_scale_invariance",
    paper=PAPER,
    location="introduction: the log-softmax, by contrast with the Z-loss (reconstructed)",
    statement=r"$\ell(\alpha o, c) = \ell(o, c)$ for every $\alpha > 0$.",
    assumptions=(r"$o \in \mathbb{R}^D$, $D \ge 2$, target $c$", CE),
    kind="identity",
    expected="refuted",
    subject=F.LOG_SOFTMAX,
    stance="denies",
    notes=RECONSTRUCTED + r" The paper contrasts the Z-loss with the log-softmax, which is not scale-invariant; the "
          r"suite agrees. For a non-constant $o$, $\alpha \mapsto \ell(\alpha o, c)$ has second derivative "
          r"$\operatorname{Var}_{p(\alpha o)}(o) > 0$, so it is strictly convex and never constant; the witness "
          r"$D = 2$, $o = (1, 0)$, $c = 0$, $\alpha = 2$ gives $\log(1 + e^{-2})$ against $\log(1 + e^{-1})$.",
)
