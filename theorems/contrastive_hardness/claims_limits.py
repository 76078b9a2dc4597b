"""C4 and C5: the loss at the two ends of the temperature range. As τ → 0⁺, τL_i tends to the zero-margin triplet
loss max(0, max_k s_ik − s_ii), uniformly within τ log(K + 1); as τ → ∞, L_i − log(K + 1) is, to first order in
1/τ, a simple contrastive loss with λ = 1/K and factor K/((K + 1)τ)."""

from __future__ import annotations

import sympy as sp

from claimkit import Claim, Formula, formula_claim, integers, interval

from . import formulas as F
from . import ground_truth as G
from .claims_gradient import LOSS, RECONSTRUCTED, SETUP
from .paper import PAPER

LOW_LIMIT = Claim(
    id="contrastive_hardness.low_temperature_limit",
    paper=PAPER,
    location="Sec. 3.1 (τ → 0⁺: only the hardest negative matters)",
    statement=r"$\lim_{\tau \to 0^+} \tau L_i = \max\left(0, \max_{k \ne i} s_{ik} - s_{ii}\right)$: a triplet-like "
              r"loss with zero margin on the hardest negative.",
    assumptions=(SETUP, LOSS),
    kind="limit",
    expected="proved",
    subject=F.hardest_hinge,
    notes=r"$\tau L_i = \tau\log\sum_k e^{s_{ik}/\tau} - s_{ii}$ over all $K + 1$ terms; the log-sum-exp is within "
          r"$\tau\log(K + 1)$ of the largest term. " + RECONSTRUCTED,
)
LOW_LIMIT.mutant("unclamped", r"$\max_k s_{ik} - s_{ii}$ without the clamp at 0", F.hinge_unclamped)
LOW_LIMIT.mutant("sum_of_hinges", r"$\sum_k \max(0, s_{ik} - s_{ii})$: every violating negative counted",
                 F.hinge_sum)

LOW_BOUND = Claim(
    id="contrastive_hardness.low_temperature_bound",
    paper=PAPER,
    location="C4, the uniform bound (derived by the suite)",
    statement=r"$0 \le \tau L_i - \max\left(0, \max_{k \ne i} s_{ik} - s_{ii}\right) \le \tau\log(K + 1)$ for every "
              r"$\tau > 0$, with equality on the right when all $K + 1$ similarities are equal.",
    assumptions=(SETUP, LOSS),
    kind="inequality",
    expected="proved",
    subject=F.log_count_bound,
    origin="suite",
    notes=r"The convergence is linear in $\tau$, and its constant grows only like $\log(K + 1)$.",
)
LOW_BOUND.mutant("log_k", r"$\tau\log K$ (the positive's own term forgotten)", F.bound_log_k)
LOW_BOUND.mutant("tau_only", r"$\tau$ (the count forgotten)", F.bound_tau)

s_pos, s_mean = sp.symbols("s_pos s_mean", real=True)
K = sp.Symbol("K", positive=True, integer=True)
FIRST_ORDER = Formula(K / (K + 1) * (s_mean - s_pos),
                      {"s_pos": interval(-1, 1), "s_mean": interval(-1, 1), "K": integers(1, 64)},
                      name="first_order")

HIGH_LIMIT = formula_claim(
    id="contrastive_hardness.high_temperature_first_order",
    paper=PAPER,
    location="Sec. 3.1 (τ → ∞: the simple contrastive loss)",
    statement=r"As $\tau \to \infty$, $L_i - \log(K + 1)$ behaves like the simple loss: "
              r"$\lim_{\tau\to\infty}\tau\left(L_i - \log(K + 1)\right) = \frac{K}{K + 1}\left(-s_{ii} + "
              r"\frac{1}{K}\sum_{k \ne i} s_{ik}\right)$, i.e. $L_{\mathrm{simple}}$ with $\lambda = 1/K$ and the "
              r"factor $\frac{K}{(K + 1)\tau}$, where $\bar s = \frac{1}{K}\sum_{k \ne i} s_{ik}$.",
    formula=FIRST_ORDER,
    truth=G.first_order,
    truth_at_precision=G.first_order_at_precision,
    expected="proved",
    examples=20,
    mutant_limit=12,
    atol=1e-25,
    tolerance_reason=r"the term is 0 when $\bar s = s_{ii}$, where the ground truth keeps its $O(1/\tau)$ "
                     r"remainder, below $10^{-34}$",
    assumptions=(SETUP, LOSS, r"$\bar s$ is the mean of the negatives"),
    notes=r"The paper's wording (“behaves like a simple contrastive loss”) is reconstructed; the suite derives the "
          r"term exactly: it is negative when the positive beats the mean negative, $\lambda = 1/K$ (not 1), and the "
          r"overall factor is $K/((K + 1)\tau)$, vanishing as $\tau \to \infty$. " + RECONSTRUCTED,
)
HIGH_LIMIT.mutant("lambda_one", r"$\lambda = 1$: $\frac{1}{K + 1}(-K s_{ii} + K\sum_k s_{ik})$ replaced by "
                  r"$\frac{K}{K + 1}(K\bar s - s_{ii})$", FIRST_ORDER.with_expr(K / (K + 1) * (K * s_mean - s_pos)))
