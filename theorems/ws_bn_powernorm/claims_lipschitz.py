"""PowerNorm's smaller Lipschitz constant: W4 (operator norms of the Jacobians with batch statistics), W5 (the
same per instance, gradient norms) and W6 (PowerNorm with its running statistic), with the closed forms of the
two operator norms as formula claims."""

from __future__ import annotations

from claimkit import Claim, formula_claim

from . import formulas as F
from . import ground_truth as G
from .paper import PAPER_PN, RECONSTRUCTED

LAYERS = (r"BN: $y = \gamma(x - \mu_B\mathbf{1})/\sigma_B + \beta$; PN: $y = \gamma x/\psi + \beta$, "
          r"$\psi^2 = \frac{1}{B}\|x\|^2$; batch statistics, $\varepsilon = 0$, the same $\gamma$",)

# -- W4 ----------------------------------------------------------------------------------------------------

JACOBIAN_ORDER = Claim(
    id="ws_bn_powernorm.pn_smaller_jacobian_norm",
    paper=PAPER_PN,
    location="W4: abstract (“PN leads to a smaller Lipschitz constant for the loss, compared with BN”), read as "
             "operator norms",
    statement=r"$\|\partial y_{PN}/\partial x\|_2 \le \|\partial y_{BN}/\partial x\|_2$ for every batch $x \in "
              r"\mathbb{R}^B$ with $\sigma_B > 0$.",
    assumptions=(*LAYERS, r"$B \ge 2$"),
    kind="inequality",
    expected="conditional",
    subject=F.LAYERS,
    refined_by="ws_bn_powernorm.pn_smaller_jacobian_norm_b3",
    notes=RECONSTRUCTED + r" The norms are $\gamma/\sigma_B$ (BN, for $B \ge 3$) and $\gamma/\psi$ (PN), and "
          r"$\psi^2 = \sigma_B^2 + \mu_B^2$. But for $B = 2$ the BN Jacobian is $0$ ($\hat x = \pm(1, -1)$ spans "
          r"$\mathbf{1}^\perp$ with $\mathbf{1}$), while PN's is $\gamma/\psi > 0$: every batch of two is a "
          r"counterexample; the smallest is $x = (0, 1)$, norms $0$ against $\sqrt 2\gamma$.",
)

JACOBIAN_ORDER_B3 = Claim(
    id="ws_bn_powernorm.pn_smaller_jacobian_norm_b3",
    paper=PAPER_PN,
    location="W4 for batches of three or more (refined by this suite)",
    statement=r"For $B \ge 3$: $\|\partial y_{PN}/\partial x\|_2 = \gamma/\psi \le \gamma/\sigma_B = "
              r"\|\partial y_{BN}/\partial x\|_2$, with equality exactly when $\mu_B = 0$.",
    assumptions=(*LAYERS, r"$B \ge 3$"),
    kind="inequality",
    expected="proved",
    subject=F.LAYERS,
    origin="suite",
    notes=r"The ratio is $\sigma_B/\psi = 1/\sqrt{1 + \mu_B^2/\sigma_B^2}$: PN's advantage is the batch mean's size "
          r"relative to its spread, and nothing for centred features.",
)
JACOBIAN_ORDER_B3.mutant("bn_unbiased", r"BN with the unbiased variance (its norm shrinks by "
                         r"$\sqrt{(B - 1)/B}$)", F.LAYERS_BN_UNBIASED)
JACOBIAN_ORDER_B3.mutant("pn_sigma", r"PN dividing by $\sigma_B$ instead of $\psi$", F.LAYERS_PN_SIGMA)

BN_NORM = formula_claim(
    id="ws_bn_powernorm.bn_jacobian_norm",
    paper=PAPER_PN,
    location="W4: the BN operator norm (derived by this suite)",
    statement=r"For $B \ge 3$, $\|\partial y_{BN}/\partial x\|_2 = \gamma/\sigma_B$, whatever $\mu_B$.",
    formula=F.BN_NORM,
    truth=G.bn_norm_truth,
    truth_at_precision=G.bn_norm_at_precision,
    expected="proved",
    origin="suite",
    examples=8,
    mutant_limit=8,
    rtol=1e-10,
    tolerance_reason=r"the ground truth is numpy's largest singular value of a complex-step Jacobian, whose entries "
                     r"carry the rounding of $x - \mu_B$: about $10^{-14}$ relative for $\sigma_B \ge 10^{-2}$ and "
                     r"$\mu_B = 1$",
    assumptions=(r"the ground truth's batch: $x = 1 + \sigma_B p$, $p$ a fixed pattern of $B = 5$ values with mean 0 "
                 r"and variance 1",),
)

PN_NORM = formula_claim(
    id="ws_bn_powernorm.pn_jacobian_norm",
    paper=PAPER_PN,
    location="W4: the PN operator norm (derived by this suite)",
    statement=r"$\|\partial y_{PN}/\partial x\|_2 = \gamma/\psi = \gamma/\sqrt{\sigma_B^2 + \mu_B^2}$.",
    formula=F.PN_NORM,
    truth=G.pn_norm_truth,
    truth_at_precision=G.pn_norm_at_precision,
    expected="proved",
    origin="suite",
    examples=8,
    mutant_limit=8,
    rtol=1e-10,
    tolerance_reason=r"the ground truth is numpy's largest singular value of a complex-step Jacobian: about "
                     r"$10^{-14}$ relative",
    assumptions=(r"the ground truth's batch: $x = \mu + \sigma p$, $p$ a fixed pattern of $B = 5$ values with mean 0 "
                 r"and variance 1",),
)

# -- W5 ----------------------------------------------------------------------------------------------------

PER_INSTANCE = Claim(
    id="ws_bn_powernorm.pn_smaller_gradient_per_instance",
    paper=PAPER_PN,
    location="W5: abstract's Lipschitz claim read per instance (gradient norms)",
    statement=r"$\|\partial L/\partial x\|_{PN} \le \|\partial L/\partial x\|_{BN}$ for every batch $x$ and every "
              r"upstream gradient $g$.",
    assumptions=(*LAYERS, r"$B \ge 2$, $g \in \mathbb{R}^B$"),
    kind="inequality",
    expected="refuted",
    subject=F.LAYERS,
    notes=RECONSTRUCTED + r" The BN gradient vanishes on $g \in \operatorname{span}(\mathbf{1}, \hat x)$ while PN's "
          r"only on $g \parallel x$: any $g = \mathbf{1}$ with $x \not\parallel \mathbf{1}$ is a counterexample. "
          r"The smallest: $B = 2$, $x = (0, 1)$, $g = (1, 0)$, squared norms $0$ (BN) against $2\gamma^2$ (PN). "
          r"The order holds between the operator norms (W4), not between the gradients of a given loss.",
)

VIOLATIONS = Claim(
    id="ws_bn_powernorm.per_instance_violation_rate",
    paper=PAPER_PN,
    location="W5: how often the per-instance order fails (this suite's measurement)",
    statement=r"For $B = 16$, $x_i \sim \mathcal{N}(m, s^2)$ with $s \sim U(0.1, 5)$ and $g \sim \mathcal{N}(0, I)$, "
              r"the fraction of draws with $\|\partial L/\partial x\|_{PN} > \|\partial L/\partial x\|_{BN}$ is above "
              r"40% at $m = 0$, falls as $m$ goes through $0, 0.1, 1, 3$, and is below 5% at $m = 3$.",
    assumptions=(*LAYERS, r"$\gamma = 1$; the four values of $m$ share their draws of $s$, of "
                 r"$(x_i - m)/s$ and of $g$ (common random numbers)"),
    kind="empirical",
    expected="supported",
    subject=F.GRADIENT_NORMS,
    origin="suite",
    notes=r"Fractions for $m = 0, 0.1, 1, 3$: {{fractions_by_mean.fractions}} of {{fractions_by_mean.draws}} draws "
          r"each. Near $m = 0$ PN's gradient is larger about half the time: what PN saves is $\mu_B^2$ in the scale, "
          r"what it loses is the projection on $\mathbf{1}$.",
)
VIOLATIONS.mutant("pn_sigma", r"PN dividing by $\sigma_B$ instead of $\psi$", F.GRADIENT_NORMS_PN_SIGMA)
VIOLATIONS.mutant("pn_no_projection", r"PN without the projection term",
                  F.GRADIENT_NORMS_NO_PROJECTION)

# -- W6 ----------------------------------------------------------------------------------------------------

RUNNING = (r"PN with its running statistic: $y = \gamma x/\sqrt{\psi_{run}}$ with $\psi_{run} > 0$ fixed within the "
           r"batch (no gradient through it); BN with batch statistics; $\varepsilon = 0$, $B \ge 3$")

RUNNING_ORDER = Claim(
    id="ws_bn_powernorm.running_pn_smaller_jacobian_norm",
    paper=PAPER_PN,
    location="W6: W4 carried over to the running statistic (the suite's extension)",
    statement=r"$\|\partial y_{PN,run}/\partial x\|_2 \le \|\partial y_{BN}/\partial x\|_2$ for every batch and every "
              r"running statistic $\psi_{run} > 0$.",
    assumptions=(RUNNING,),
    kind="inequality",
    expected="conditional",
    subject=F.LAYERS,
    origin="suite",
    refined_by="ws_bn_powernorm.running_pn_condition",
    notes=r"$\|\partial y_{PN,run}/\partial x\|_2 = \gamma/\sqrt{\psi_{run}}$ and $\|\partial y_{BN}/\partial x\|_2 "
          r"= \gamma/\sigma_B$: the order needs $\psi_{run} \ge \sigma_B^2$, which fails for a batch more spread "
          r"than the running second moment.",
)

RUNNING_CONDITION = Claim(
    id="ws_bn_powernorm.running_pn_condition",
    paper=PAPER_PN,
    location="W6: the condition (derived by this suite)",
    statement=r"$\|\partial y_{PN,run}/\partial x\|_2 \le \|\partial y_{BN}/\partial x\|_2$ if and only if "
              r"$\psi_{run} \ge \sigma_B^2$.",
    assumptions=(RUNNING,),
    kind="identity",
    expected="proved",
    subject=F.running_condition,
    origin="suite",
    notes=r"In a stationary regime $\psi_{run} \approx \mathrm{E}\,\psi^2 = \mathrm{E}\,\sigma_B^2 + \mathrm{E}\,"
          r"\mu_B^2$, so the condition holds on average but not for every batch.",
)
RUNNING_CONDITION.mutant("second_moment", r"the condition $\psi_{run} \ge \psi_B^2$",
                         F.running_condition_second_moment)
RUNNING_CONDITION.mutant("square_root", r"the condition $\sqrt{\psi_{run}} \ge \sigma_B^2$", F.running_condition_sqrt)
