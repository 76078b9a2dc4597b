"""R8: the released implementation (Hugging Face TRL's DPOTrainer, ported to numpy) against the paper's losses, and
the library's conformance."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from . import library as L
from . import library_variants as V
from .claims_loss import RDPO, SETUP
from .paper import PAPER

TRL = ("Hugging Face TRL, trl/trainer/dpo_trainer.py, DPOTrainer.dpo_loss (v0.8 to v0.12; the same lines in several "
       "forks): logits = h, label_smoothing = ls")

TRL_ROBUST = Claim(
    id="robust_dpo.trl_robust_is_rdpo",
    paper=PAPER,
    location="R8 (released code: loss_type=\"robust\")",
    statement=r"TRL's robust loss $\frac{-\log\sigma(\beta h)(1 - ls) + \log\sigma(-\beta h)\,ls}{1 - 2ls}$ equals "
              r"$\hat\ell_\epsilon(h)$ with $\epsilon = ls$ for every $ls \in [0, 1/2)$.",
    assumptions=(SETUP, RDPO, TRL),
    kind="identity",
    expected="proved",
    subject=F.trl_robust,
    origin="suite",
    notes=r"A conformance check of a numpy port of the released lines against the paper's loss at 40 digits.",
)
TRL_ROBUST.mutant("sign_flipped", r"the $ls$ term subtracted (the sigmoid branch) before dividing by $1 - 2ls$",
                  F.trl_robust_sign_flipped)

TRL_SIGMOID = Claim(
    id="robust_dpo.trl_sigmoid_is_cdpo",
    paper=PAPER,
    location="R8 (released code: loss_type=\"sigmoid\" with label smoothing)",
    statement=r"TRL's sigmoid loss with label smoothing, $-\log\sigma(\beta h)(1 - ls) - \log\sigma(-\beta h)\,ls$, "
              r"equals cDPO $(1-\epsilon)\ell(h) + \epsilon\ell(-h)$ with $\epsilon = ls$, not rDPO.",
    assumptions=(SETUP, TRL),
    kind="identity",
    expected="proved",
    subject=F.trl_sigmoid,
    origin="suite",
)
TRL_SIGMOID.mutant("robust_branch", "the robust branch in place of the sigmoid one", F.trl_robust)

TRL_HALF = Claim(
    id="robust_dpo.trl_robust_at_half",
    paper=PAPER,
    location="R8 (released code at label_smoothing = 0.5)",
    statement=r"At $ls = 1/2$ TRL's robust loss divides by $1 - 2ls = 0$ without a check: for IEEE arithmetic it "
              r"returns $-\infty$ for $h > 0$, $+\infty$ for $h < 0$ and NaN at $h = 0$, and raises no error.",
    assumptions=(TRL, "IEEE float arithmetic (torch's tensor division by a zero scalar)"),
    kind="definition",
    expected="proved",
    subject=F.trl_robust,
    origin="suite",
    notes=r"The numerator at $ls = 1/2$ is $\frac12(\ell(h) - \ell(-h)) = -\beta h/2$; the released code neither "
          r"rejects $ls \ge 1/2$ nor warns, so a configuration error turns the training loss into infinities. The "
          r"suite's library raises a ValueError instead (robust_dpo.library_validates).",
)
TRL_HALF.mutant("zero_at_half", "a guarded version returning a zero loss at $ls = 1/2$", F.trl_robust_zero_at_half)

LIB_LOSS = Claim(
    id="robust_dpo.library_rdpo_loss",
    paper=PAPER,
    location="the suite's library (robust_dpo.library.rdpo_loss, cdpo_loss, rdpo_gradient_weight, "
             "rdpo_flip_variance)",
    statement=r"The library's cdpo_loss, rdpo_gradient_weight and rdpo_flip_variance match the paper's forms to "
              r"$10^{-13}$ relative, and its rdpo_loss, which vanishes where "
              r"$\mathrm{softplus}(-\beta h) = \frac{\beta\epsilon h}{1-2\epsilon}$, to $10^{-13}$ of the size of its "
              r"terms $\mathrm{softplus}(-\beta h) + (1 + \frac{\epsilon}{1-2\epsilon})\beta|h|$ (all plus "
              r"$10^{-300}$ absolute), for $|\beta h| \le 10^4$ and $\epsilon \in [0, 1/2)$.",
    assumptions=(SETUP, RDPO),
    kind="identity",
    expected="proved",
    subject=(L.rdpo_loss, L.cdpo_loss, L.rdpo_gradient_weight, L.rdpo_flip_variance),
    origin="suite",
)
LIB_LOSS.mutant("divided_by_one_minus_eps", r"rdpo_loss divided by $1 - \epsilon$", V.DIVIDED_BY_ONE_MINUS_EPS)
LIB_LOSS.mutant("weight_without_factor", r"the weight without $1/(1-2\epsilon)$", V.WEIGHT_WITHOUT_FACTOR)
LIB_LOSS.mutant("cdpo_sign", r"cdpo_loss with $-\epsilon\beta h$", V.CDPO_SIGN)
LIB_LOSS.mutant("variance_unsquared", r"the variance with $(1 - 2\epsilon)$ unsquared", V.VARIANCE_UNSQUARED)

LIB_VALIDATES = Claim(
    id="robust_dpo.library_validates",
    paper=PAPER,
    location="the suite's library",
    statement=r"The library rejects $\epsilon \ge 1/2$, $\epsilon < 0$, $\beta \le 0$, NaN and infinite inputs "
              r"with a ValueError naming the argument.",
    assumptions=(SETUP,),
    kind="definition",
    expected="supported",
    subject=(L.rdpo_loss, L.cdpo_loss, L.rdpo_gradient_weight, L.rdpo_flip_variance),
    origin="suite",
)
LIB_VALIDATES.mutant("accepts_half", r"$\epsilon \ge 1/2$ accepted silently", V.ACCEPTS_HALF)
