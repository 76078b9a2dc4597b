"""C1, C2 and C6: the gradient formulas of the per-anchor contrastive loss, the balance of the positive and negative
gradients (with and without the positive in the denominator), and the simple loss's equal weights."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

SETUP = (r"one anchor $i$: positive similarity $s_{ii}$, $K \ge 1$ negatives $s_{ik}$ ($k \ne i$), all real "
         r"(cosines in $[-1, 1]$ in the paper), temperature $\tau > 0$")
LOSS = (r"$L_i = -\log\frac{e^{s_{ii}/\tau}}{e^{s_{ii}/\tau} + \sum_{k \ne i} e^{s_{ik}/\tau}}$, "
        r"$P_{ij} = \frac{e^{s_{ij}/\tau}}{e^{s_{ii}/\tau} + \sum_{k \ne i} e^{s_{ik}/\tau}}$")
RECONSTRUCTED = (r"The wording is the specification's reconstruction from secondary summaries of Sec. 3.1 (one "
                 r"sentence pinned from the paper's text); equation numbers are not confirmed.")

GRADIENT = Claim(
    id="contrastive_hardness.gradient_formulas",
    paper=PAPER,
    location="Sec. 3.1 (gradients of the contrastive loss; equation number not confirmed)",
    statement=r"$\frac{\partial L_i}{\partial s_{ii}} = -\frac{1}{\tau}\sum_{k \ne i} P_{ik}$ and "
              r"$\frac{\partial L_i}{\partial s_{ij}} = \frac{1}{\tau} P_{ij}$ ($j \ne i$), for every $\tau > 0$, "
              r"$K \ge 1$ and all similarities.",
    assumptions=(SETUP, LOSS),
    kind="identity",
    expected="proved",
    subject=F.gradient,
    notes=r"Exact: $L_i = -s_{ii}/\tau + \log\sum_{k} e^{s_{ik}/\tau}$ (the sum over all $K + 1$ terms) and the "
          r"derivative of log-sum-exp is the softmax; $1 - P_{ii} = \sum_{k \ne i} P_{ik}$. Checked at 30 digits "
          r"against mpmath's numerical derivatives of $L_i$ and against complex-step derivatives of a shifted "
          r"float64 log-sum-exp, for $K$ up to 64 and $\tau$ from $10^{-3}$ to $10^{2}$. " + RECONSTRUCTED,
)
GRADIENT.mutant("linear_weights", r"negative gradients proportional to $1 + s_{ij}$ instead of $e^{s_{ij}/\tau}$",
                F.gradient_linear_weights)
GRADIENT.mutant("positive_over_all_terms", r"$\partial L_i/\partial s_{ii} = -\frac{1}{\tau}\sum$ over all $K + 1$ "
                r"terms ($P_{ii}$ included), i.e. $-1/\tau$", F.gradient_positive_over_all)
GRADIENT.mutant("tau_outside_log", r"$\tau$ outside the log ($L/\tau$ with $P$ at $\tau = 1$)",
                F.gradient_tau_outside)
GRADIENT.mutant("tau_squared", r"the factor $1/\tau^2$ instead of $1/\tau$", F.gradient_tau_squared)

BALANCE = Claim(
    id="contrastive_hardness.gradient_balance",
    paper=PAPER,
    location="Sec. 3.1 (the sentence pinned from the paper's text)",
    statement=r"“The magnitude of the positive gradient equals the sum of the negative gradients”: "
              r"$\left|\frac{\partial L_i}{\partial s_{ii}}\right| = \sum_{j \ne i} "
              r"\frac{\partial L_i}{\partial s_{ij}}$.",
    assumptions=(SETUP, LOSS),
    kind="identity",
    expected="proved",
    subject=F.gradient,
    notes=r"$L_i$ is unchanged when the same constant is added to every similarity, so its gradient sums to 0: "
          r"the positive gradient is $-\frac{1}{\tau}(1 - P_{ii})$ and the negatives add up to "
          r"$\frac{1}{\tau}\sum_{k \ne i} P_{ik}$, the same number. Checked by the derivative along "
          r"$\mathbf{1}$ at 30 digits and by complex step.",
)
BALANCE.mutant("positive_over_all_terms",
               r"$P_{ii}$ included in the positive gradient: $|\partial L/\partial s_{ii}| = 1/\tau$",
               F.gradient_positive_over_all)
BALANCE.mutant("linear_weights_unnormalised", r"negative gradients $(1 + s_{ij})/\tau$ (linear, not normalised)",
               lambda s0, neg, tau: (F.gradient(s0, neg, tau)[0], [(1 + x) / tau for x in neg]))

BALANCE_WITHOUT_POSITIVE = Claim(
    id="contrastive_hardness.gradient_balance_without_positive",
    paper=PAPER,
    location="C2, second part: the positive dropped from the denominator (the suite's question)",
    statement=r"With $L'_i = -\log\frac{e^{s_{ii}/\tau}}{\sum_{k \ne i} e^{s_{ik}/\tau}}$: "
              r"$\frac{\partial L'_i}{\partial s_{ii}} = -\frac{1}{\tau}$, "
              r"$\frac{\partial L'_i}{\partial s_{ij}} = \frac{1}{\tau} r_i(s_{ij})$, and the balance still holds: "
              r"$\left|\frac{\partial L'_i}{\partial s_{ii}}\right| = \sum_{j \ne i} "
              r"\frac{\partial L'_i}{\partial s_{ij}} = \frac{1}{\tau}$.",
    assumptions=(SETUP, r"$r_i(s_{ij}) = e^{s_{ij}/\tau}/\sum_{k \ne i} e^{s_{ik}/\tau}$"),
    kind="identity",
    expected="proved",
    subject=F.gradient_without_positive,
    origin="suite",
    notes=r"$L'_i$ is also invariant under a common shift of all similarities, so its gradient sums to 0 as well; "
          r"the positive gradient no longer decays as the positive wins ($1/\tau$ instead of "
          r"$(1 - P_{ii})/\tau$).",
)
BALANCE_WITHOUT_POSITIVE.mutant("full_loss_weights", r"the full loss's $P_{ij}/\tau$ kept for the negatives",
                                F.gradient_without_positive_from_full)
BALANCE_WITHOUT_POSITIVE.mutant("positive_decays", r"the positive gradient $-\frac{1}{\tau}\sum_k P_{ik}$ of the "
                                r"full loss", lambda s0, neg, tau: (F.gradient(s0, neg, tau)[0],
                                                                    F.gradient_without_positive(s0, neg, tau)[1]))

SIMPLE_EQUAL = Claim(
    id="contrastive_hardness.simple_loss_equal_weights",
    paper=PAPER,
    location="Sec. 3.1 (the simple contrastive loss, as reconstructed)",
    statement=r"The simple loss $L_{\mathrm{simple}} = -s_{ii} + \lambda\sum_{k \ne i} s_{ik}$ is not hardness-aware: "
              r"$\frac{\partial L_{\mathrm{simple}}}{\partial s_{ij}} = \lambda$ for every negative $j$, whatever "
              r"the similarities.",
    assumptions=(SETUP, r"$\lambda > 0$"),
    kind="identity",
    expected="proved",
    subject=F.simple_gradient,
    notes=RECONSTRUCTED,
)
SIMPLE_EQUAL.mutant("quadratic_negatives", r"the gradient of $-s_{ii} + \frac{\lambda}{2}\sum_k s_{ik}^2$: "
                    r"$\lambda s_{ij}$", F.simple_gradient_linear)
SIMPLE_EQUAL.mutant("unit_weights", r"$\lambda$ forgotten: weight 1", F.simple_gradient_unit)

SOFTMAX_UNEQUAL = Claim(
    id="contrastive_hardness.softmax_weights_unequal",
    paper=PAPER,
    location="C6, second part (the suite's question)",
    statement=r"No finite temperature gives equal weights to unequal negatives: for every $\tau > 0$ and "
              r"$s_{ij} \ne s_{ik}$, $\frac{\partial L_i/\partial s_{ij}}{\partial L_i/\partial s_{ik}} = "
              r"e^{(s_{ij} - s_{ik})/\tau} \ne 1$, and the larger similarity gets the larger weight.",
    assumptions=(SETUP, LOSS, r"$K \ge 2$"),
    kind="identity",
    expected="proved",
    subject=F.gradient,
    origin="suite",
    notes=r"Equal weights are reached only in the limit $\tau \to \infty$, where the loss becomes the simple loss "
          r"(contrastive_hardness.high_temperature_first_order).",
)
SOFTMAX_UNEQUAL.mutant("equal_weights", r"every negative given the mean weight (the simple loss's gradient, rescaled)",
                       lambda s0, neg, tau: (F.gradient(s0, neg, tau)[0],
                                             [sum(F.gradient(s0, neg, tau)[1]) / len(neg)] * len(neg)))
SOFTMAX_UNEQUAL.mutant("tau_outside_log", r"$\tau$ outside the log: the ratio is $e^{s_{ij} - s_{ik}}$",
                       F.gradient_tau_outside)
