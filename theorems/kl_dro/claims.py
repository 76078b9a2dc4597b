"""The claims of the kl_dro family: KL-regularised DRO as log-sum-exp (K1), its constrained form and dual
(K2), the LDR-KL loss's limits (K3), the reverse regulariser (K4), individualised temperatures in a
stylised contrastive model (K5), and the released LDR code (K6, K7).

The papers' bodies were not read for this family: the formulas are the standard forms as reconstructed
as the suite reconstructs them, and each claim says so in its notes where the wording is not confirmed.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import sympy as sp

from claimkit import Claim, Formula, formula_claim, interval

from . import formulas as F
from . import library as L
from .paper import ISOGCLR, PAPER, TEMPNET

RECONSTRUCTED = "The wording is reconstructed from the standard form, not confirmed from the paper's text."

# -- K1: the KL-regularised problem is a log-sum-exp ------------------------------------------------------

l0, l1, l2 = sp.symbols("ell_0 ell_1 ell_2", real=True)
tau_s = sp.Symbol("tau", positive=True)
_E = [sp.exp(v / tau_s) for v in (l0, l1, l2)]
_P = [e / sp.Add(*_E) for e in _E]

LSE3 = Formula(tau_s * sp.log(sp.Add(*_E) / 3),
               {"ell_0": interval(-5, 5), "ell_1": interval(-5, 5), "ell_2": interval(-5, 5),
                "tau": interval(0.1, 10, log=True)}, name="kl_dro_value_3")

LSE_FORMULA = formula_claim(
    id="kl_dro.lse_formula", paper=PAPER, location="§3, the KL-regularised DRO objective (reconstructed)",
    statement=r"For three losses, $\max_{p \in \Delta_3} \sum_j p_j \ell_j - \tau\,\mathrm{KL}(p\,\|\,u) = "
              r"\tau \log\big(\tfrac13 \sum_j e^{\ell_j/\tau}\big)$.",
    formula=LSE3,
    # the primal objective evaluated at the Gibbs weights p_j = e^{ℓ_j/τ}/Σ e^{ℓ_k/τ}: another route
    equals=sum(p * v for p, v in zip(_P, (l0, l1, l2))) - tau_s * sum(p * sp.log(3 * p) for p in _P),
    expected="proved", examples=12, atol=1e-13, mutant_limit=12,
    tolerance_reason="losses near 0 give values near 0, where a relative tolerance alone asks for exact zeros; "
                     "1e-13 is 1000 ε of the O(1) values drawn, and the generated mutants are off by O(1e-2) or more",
    notes=RECONSTRUCTED + r" The ground truth evaluates the primal objective $\sum_j p_j\ell_j - \tau\,"
          r"\mathrm{KL}(p\|u)$ at the Gibbs weights; that they are the maximiser is the claim "
          r"kl_dro.gibbs_weights.",
)

LSE_VALUE = Claim(
    id="kl_dro.lse_value",
    paper=PAPER,
    location="§3, the KL-regularised DRO objective (reconstructed)",
    statement=r"For losses $\ell \in \mathbb{R}^n$ and $\tau > 0$, $\max_{p \in \Delta_n} \sum_j p_j \ell_j "
              r"- \tau\,\mathrm{KL}(p\,\|\,u) = \tau \log\big(\tfrac1n \sum_j e^{\ell_j/\tau}\big)$, with $u$ the "
              r"uniform distribution; the library's kl_dro_value computes it.",
    assumptions=(r"$n \ge 2$", r"$\ell \in \mathbb{R}^n$ finite", r"$\tau > 0$"),
    kind="identity",
    expected="proved",
    subject=L.kl_dro_value,
    notes=RECONSTRUCTED + r" The same identity underlies the instance weights of DR-AT (Sow et al., ICLR 2024), "
          r"the iSogCLR loss (arXiv 2305.11965) and TempNet (arXiv 2404.04575).",
)
LSE_VALUE.mutant("without_mean", r"$\tau \log \sum_j e^{\ell_j/\tau}$: the $1/n$ inside the log forgotten",
                 F.lse_without_mean, targets=("matches_primal_in_mpmath",))
LSE_VALUE.mutant("tau_inverted", r"$\tfrac1\tau \log\big(\tfrac1n \sum_j e^{\ell_j/\tau}\big)$: $\tau$ outside "
                 r"applied as $1/\tau$", F.lse_tau_inverted,
                 targets=("matches_primal_solver",))
LSE_VALUE.mutant("naive_shift", r"$\max\ell + \tau\log\frac1n\sum_j e^{(\ell_j - \max\ell)/\tau}$ rounded in "
                 r"float64 without $\mathrm{expm1}$: $\max \ell$ at large $\tau$", F.lse_naive_shift,
                 targets=("large_temperature_between_mean_and_hoeffding",))
LSE_VALUE.mutant("reverse_kl", r"the optimum with $\mathrm{KL}(u\|p)$ in place of $\mathrm{KL}(p\|u)$",
                 F.lse_reverse_kl, targets=("matches_primal_in_mpmath",))

GIBBS_WEIGHTS = Claim(
    id="kl_dro.gibbs_weights",
    paper=PAPER,
    location="§3, the KL-regularised DRO objective (reconstructed)",
    statement=r"The maximum of $\sum_j p_j \ell_j - \tau\,\mathrm{KL}(p\,\|\,u)$ over $\Delta_n$ is attained at "
              r"$p_j = e^{\ell_j/\tau} / \sum_k e^{\ell_k/\tau}$; the library's kl_dro_weights computes it.",
    assumptions=(r"$n \ge 2$", r"$\ell \in \mathbb{R}^n$ finite", r"$\tau > 0$"),
    kind="identity",
    expected="proved",
    subject=L.kl_dro_weights,
    notes=RECONSTRUCTED,
)
GIBBS_WEIGHTS.mutant("tau_times_loss", r"$p_j \propto e^{\tau \ell_j}$", F.weights_tau_times_loss,
                     targets=("stationary_in_mpmath",))
GIBBS_WEIGHTS.mutant("reverse_kl", r"the maximiser with $\mathrm{KL}(u\|p)$ in place of $\mathrm{KL}(p\|u)$",
                     F.weights_reverse_kl, targets=("matches_solver_argmax",))
GIBBS_WEIGHTS.mutant("uniform", r"$p_j = 1/n$ (no reweighting)", F.weights_uniform,
                     targets=("stationary_in_mpmath",))

# -- K2: the constrained problem and its dual -----------------------------------------------------------

STRONG_DUALITY = Claim(
    id="kl_dro.constrained_strong_duality",
    paper=TEMPNET,
    location="§3, the KL-constrained DRO and its dual (reconstructed)",
    statement=r"$\max_{p \in \Delta_n,\ \mathrm{KL}(p\|u) \le \rho} \sum_j p_j \ell_j = \inf_{\tau > 0} \tau \log"
              r"\big(\tfrac1n \sum_j e^{\ell_j/\tau}\big) + \tau\rho$; the library's kl_constrained_dro "
              r"returns this value.",
    assumptions=(r"$n \ge 2$", r"$\ell \in \mathbb{R}^n$ finite, not all equal", r"$\rho > 0$"),
    kind="identity",
    expected="supported",
    subject=L.kl_constrained_dro,
    notes=RECONSTRUCTED + r" The dual is often written with $\min_{\tau>0}$; the minimum is attained only when "
          r"the constraint is active (kl_dro.inactive_constraint), otherwise the value is the infimum as $\tau \to 0$.",
)

ACTIVE_CONSTRAINT = Claim(
    id="kl_dro.active_constraint_kl_equals_rho",
    paper=TEMPNET,
    location="§3, the KL-constrained DRO and its dual (reconstructed)",
    statement=r"At an interior minimiser $\tau^* > 0$ of the dual, $\partial_\tau[\tau \log \tfrac1n\sum_j "
              r"e^{\ell_j/\tau}] = -\mathrm{KL}(p_\tau\|u)$ gives $\mathrm{KL}(p_{\tau^*}\,\|\,u) = \rho$, with "
              r"$p_\tau \propto e^{\ell/\tau}$; the library's temperature solves it.",
    assumptions=(r"$n \ge 2$", r"$\ell \in \mathbb{R}^n$ finite", r"$0 < \rho < \log(n/m)$, $m$ the number of "
                 r"largest losses"),
    kind="identity",
    expected="proved",
    subject=L.kl_constrained_dro,
    notes=RECONSTRUCTED,
)

INACTIVE_CONSTRAINT = Claim(
    id="kl_dro.inactive_constraint",
    paper=TEMPNET,
    location="§3, the KL-constrained DRO and its dual (reconstructed)",
    statement=r"If $\rho \ge \log(n/m)$, $m$ the number of largest losses, the constraint is inactive: the dual "
              r"is increasing in $\tau$, its infimum $\max_j \ell_j$ is approached as $\tau \to 0$ and not "
              r"attained, and the primal maximiser is uniform on the largest losses.",
    assumptions=(r"$n \ge 2$", r"$\ell \in \mathbb{R}^n$ finite, not all equal", r"$\rho \ge \log(n/m)$"),
    kind="limit",
    expected="proved",
    origin="suite",
    subject=L.kl_constrained_dro,
    notes=r"The threshold counts ties: with $m$ tied largest losses, $\mathrm{KL}(p_\tau\|u) \to \log(n/m)$ as "
          r"$\tau \to 0$, not $\log n$.",
)



def constrained_without_radius_term(losses, rho):
    """The dual value without its $\\tau\\rho$ term."""
    r = L.kl_constrained_dro(losses, rho)
    return dataclasses.replace(r, value=r.value - r.tau * rho)


def constrained_half_radius(losses, rho):
    """The problem solved with radius $\\rho/2$."""
    return L.kl_constrained_dro(losses, rho / 2)


def constrained_doubled_temperature(losses, rho):
    """The temperature reported twice too large (value and weights unchanged)."""
    r = L.kl_constrained_dro(losses, rho)
    return dataclasses.replace(r, tau=2 * r.tau)


def constrained_uniform_when_inactive(losses, rho):
    """Uniform weights over all losses when the constraint is inactive."""
    r = L.kl_constrained_dro(losses, rho)
    return dataclasses.replace(r, weights=np.full(len(losses), 1.0 / len(losses))) if r.tau == 0 else r


def constrained_threshold_log_n(losses, rho):
    """Inactivity decided with $\\log n$ in place of $\\log(n/m)$: the mean loss is returned below it."""
    r = L.kl_constrained_dro(losses, rho)
    if r.tau == 0 and rho < math.log(len(losses)):
        return dataclasses.replace(r, value=float(np.mean(losses)))
    return r


STRONG_DUALITY.mutant("without_radius_term", r"the dual value without its $\tau\rho$ term",
                      constrained_without_radius_term)
STRONG_DUALITY.mutant("half_radius", r"the radius $\rho/2$ in place of $\rho$", constrained_half_radius)
ACTIVE_CONSTRAINT.mutant("half_radius", r"the radius $\rho/2$ in place of $\rho$", constrained_half_radius)
ACTIVE_CONSTRAINT.mutant("doubled_temperature", r"$2\tau^*$ reported", constrained_doubled_temperature)
INACTIVE_CONSTRAINT.mutant("uniform_weights", r"uniform weights over all losses when inactive",
                           constrained_uniform_when_inactive)
INACTIVE_CONSTRAINT.mutant("threshold_log_n", r"inactivity at $\rho \ge \log n$, ties ignored",
                           constrained_threshold_log_n)

# -- K3: the LDR-KL loss ----------------------------------------------------------------------------------


def crammer_singer(scores, label, margin):
    """max_k (c[k≠y] + s_k − s_y), the k = y term (= 0) included."""
    import numpy as np

    s = np.asarray(scores, dtype=float)
    return float(np.max(margin * (np.arange(s.size) != label) + s - s[label]))


def crammer_singer_without_zero(scores, label, margin):
    """max over k ≠ y only (the k = y term dropped)."""
    import numpy as np

    s = np.asarray(scores, dtype=float)
    x = margin + s - s[label]
    return float(np.max(np.delete(x, label)))


def mean_margin(scores, label, margin):
    """(1/K) Σ_k (c[k≠y] + s_k − s_y)."""
    import numpy as np

    s = np.asarray(scores, dtype=float)
    return float(np.mean(margin * (np.arange(s.size) != label) + s - s[label]))


def mean_margin_all_classes(scores, label, margin):
    """c + (1/K) Σ_k (s_k − s_y): the margin on the true class too."""
    return mean_margin(scores, label, 0.0) + margin


def mean_margin_sum(scores, label, margin):
    """Σ_k (c[k≠y] + s_k − s_y): sum in place of mean."""
    return mean_margin(scores, label, margin) * len(scores)


LDR_SMALL_LAMBDA = Claim(
    id="kl_dro.ldr_limit_small_lambda",
    paper=PAPER,
    location="§3, LDR-KL loss, the unified framework (reconstructed)",
    statement=r"$\lim_{\lambda \to 0^+} \psi_\lambda(s, y) = \max_k \big(c\,[k \ne y] + s_k - s_y\big)$, the "
              r"Crammer–Singer loss, where $\psi_\lambda(s,y) = \lambda \log\big(\tfrac1K \sum_k e^{(c[k\ne y] + "
              r"s_k - s_y)/\lambda}\big)$.",
    assumptions=(r"$K \ge 2$", r"$s \in \mathbb{R}^K$", r"$c \ge 0$"),
    kind="limit",
    expected="proved",
    subject=crammer_singer,
    notes=RECONSTRUCTED,
)
LDR_SMALL_LAMBDA.mutant("without_true_class", r"$\max_{k \ne y}(c + s_k - s_y)$: the $k = y$ term dropped",
                        crammer_singer_without_zero)
LDR_SMALL_LAMBDA.mutant("mean", r"the mean over $k$ in place of the max", mean_margin)

LDR_LARGE_LAMBDA = Claim(
    id="kl_dro.ldr_limit_large_lambda",
    paper=PAPER,
    location="§3, LDR-KL loss, the unified framework (reconstructed)",
    statement=r"$\lim_{\lambda \to \infty} \psi_\lambda(s, y) = \tfrac1K \sum_k \big(c\,[k \ne y] + s_k - "
              r"s_y\big)$.",
    assumptions=(r"$K \ge 2$", r"$s \in \mathbb{R}^K$", r"$c \ge 0$"),
    kind="limit",
    expected="proved",
    subject=mean_margin,
    notes=RECONSTRUCTED,
)
LDR_LARGE_LAMBDA.mutant("margin_on_true_class", r"$c + \tfrac1K\sum_k (s_k - s_y)$: margin on the true class",
                        mean_margin_all_classes)
LDR_LARGE_LAMBDA.mutant("sum", r"$\sum_k$ in place of $\tfrac1K \sum_k$", mean_margin_sum)
LDR_LARGE_LAMBDA.mutant("max", r"the max over $k$ in place of the mean", crammer_singer)

s0, s1, s2 = sp.symbols("s_0 s_1 s_2", real=True)
lam_s = sp.Symbol("lambda", positive=True)
_CE = -sp.log(sp.exp(s0 / lam_s) / (sp.exp(s0 / lam_s) + sp.exp(s1 / lam_s) + sp.exp(s2 / lam_s)))
SCALED_CE3 = Formula(lam_s * _CE - lam_s * sp.log(3),
                     {"s_0": interval(-5, 5), "s_1": interval(-5, 5), "s_2": interval(-5, 5),
                      "lambda": interval(0.1, 10, log=True)}, name="ldr_zero_margin_3")

LDR_ZERO_MARGIN = formula_claim(
    id="kl_dro.ldr_zero_margin_is_scaled_ce", paper=PAPER,
    location="§3, LDR-KL loss with $c = 0$ (reconstructed)",
    statement=r"With $c = 0$, $K = 3$ and $y = 0$: $\psi_\lambda(s, y) = \lambda\,\mathrm{CE}(s/\lambda, y) - "
              r"\lambda \log K$, the temperature-scaled cross-entropy shifted by $\lambda \log K$.",
    formula=SCALED_CE3,
    equals=lam_s * sp.log((1 + sp.exp((s1 - s0) / lam_s) + sp.exp((s2 - s0) / lam_s)) / 3),
    expected="proved", examples=12, atol=1e-13, mutant_limit=12,
    tolerance_reason="equal scores give ψ = 0, where a relative tolerance alone asks for an exact zero; 1e-13 is "
                     "1000 ε of the O(1) values drawn, and the generated mutants are off by O(1e-2) or more",
    notes=RECONSTRUCTED,
)

LDR_LIBRARY = Claim(
    id="kl_dro.ldr_kl_loss_library",
    paper=PAPER,
    location="§3, LDR-KL loss (reconstructed)",
    statement=r"The library's ldr_kl_loss computes $\psi_\lambda(s, y) = \lambda \log\big(\tfrac1K \sum_k "
              r"e^{(c[k\ne y] + s_k - s_y)/\lambda}\big)$ for any finite scores, $\lambda > 0$, $c \ge 0$.",
    assumptions=(r"$K \ge 2$", r"$\lambda > 0$", r"$c \ge 0$"),
    kind="identity",
    expected="supported",
    origin="suite",
    subject=L.ldr_kl_loss,
)
LDR_LIBRARY.mutant("margin_on_true_class", r"the margin applied to the true class too", F.ldr_margin_on_true_class)
LDR_LIBRARY.mutant("sum_not_mean", r"$\sum_k$ in place of $\tfrac1K\sum_k$ (shift by $\lambda \log K$)",
                   F.ldr_sum_not_mean)

# -- K4: the reverse regulariser ------------------------------------------------------------------------

REVERSE_KL_FORM = Claim(
    id="kl_dro.reverse_kl_optimum",
    paper=PAPER,
    location="§3, choice of the divergence (the suite's question)",
    statement=r"With the reverse regulariser, $\max_{p \in \Delta_n} \sum_j p_j\ell_j - \tau\,\mathrm{KL}(u\,\|\,p)$ "
              r"is attained at $p_j = \tau / (n(\mu - \ell_j))$, with $\mu > \max_j \ell_j$ the unique root of "
              r"$\sum_j p_j = 1$; the value is $\sum_j p_j \ell_j + \tau \log n + \tfrac\tau n \sum_j \log p_j$. "
              r"The library's reverse_kl_dro computes it.",
    assumptions=(r"$n \ge 2$", r"$\ell \in \mathbb{R}^n$ finite", r"$\tau > 0$"),
    kind="identity",
    expected="proved",
    origin="suite",
    subject=L.reverse_kl_dro,
)


def reverse_as_gibbs(losses, tau):
    """The forward-KL answer (log-sum-exp value, Gibbs weights) given for the reverse problem."""
    return L.ReverseKLDRO(value=L.kl_dro_value(losses, tau), weights=L.kl_dro_weights(losses, tau), mu=0.0)


REVERSE_KL_FORM.mutant("gibbs", r"the log-sum-exp value and the Gibbs weights $p \propto e^{\ell/\tau}$",
                       reverse_as_gibbs)

REVERSE_KL_LSE = Claim(
    id="kl_dro.reverse_kl_is_log_sum_exp",
    paper=PAPER,
    location="§3, choice of the divergence (the suite's question)",
    statement=r"With the reverse regulariser the optimum is still a log-sum-exp: $\max_{p \in \Delta_n} \sum_j "
              r"p_j\ell_j - \tau\,\mathrm{KL}(u\,\|\,p) = \tau \log\big(\tfrac1n \sum_j e^{\ell_j/\tau}\big)$.",
    assumptions=(r"$n \ge 2$", r"$\ell \in \mathbb{R}^n$ finite", r"$\tau > 0$"),
    kind="identity",
    expected="refuted",
    origin="suite",
    subject=L.kl_dro_value,
    notes=r"False: the reverse regulariser gives the rational weights of kl_dro.reverse_kl_optimum; at "
          r"$\ell = (0, 1)$, $\tau = 1$ the optimum is $\tfrac{1}{\sqrt2} + \log 2 + \tfrac12\log\big("
          r"\tfrac{2-\sqrt2}{2\sqrt2}\big)$, below $\log\tfrac{1+e}{2}$.",
)

# -- K5: individualised temperatures in the stylised contrastive model -----------------------------------

STYLISED = {"n": 100, "a": 0.8, "rho": 0.5}


def stylised_temperatures(n: int, a: float, rho: float, solver=L.kl_constrained_dro) -> list[float]:
    """τ*(k) for k = 1, …, n − 1: k negatives with loss a, n − k with loss 0."""
    return [solver([a] * k + [0.0] * (n - k), rho).tau for k in range(1, n)]


TEMPERATURE_MONOTONE = Claim(
    id="kl_dro.temperature_increases_with_frequency",
    paper=ISOGCLR,
    location="abstract (frequent semantics, large temperatures), stylised analogue",
    statement=r"In the stylised model (an anchor with $n = 100$ negatives, $k$ of them similar with loss "
              r"$a = 0.8$, the rest with loss 0, $\rho = 0.5$) the individual temperature $\tau^*(k)$, the dual "
              r"minimiser of the KL-constrained problem, is non-decreasing in $k$ on $1 \le k < n$.",
    assumptions=(r"$n = 100$, $a = 0.8$, $\rho = 0.5$", r"$\tau^*(k) = 0$ where the constraint is inactive"),
    kind="algorithm",
    expected="conditional",
    stance="asserts",
    subject=stylised_temperatures,
    refined_by="kl_dro.temperature_rises_then_falls",
    notes=r"The abstract's sentence is about learned temperatures on real data; the stylised model is the "
          r"suite's analogue, and its statement is the suite's reading of the abstract. $\tau^*(k)$ rises up "
          r"to $k = {{monotone_in_k.peak_k}}$ and then falls; it is 0 from $k = {{monotone_in_k.first_inactive_k}}$ "
          r"on, where $\rho \ge \log(n/k)$.",
)

TEMPERATURE_SHAPE = Claim(
    id="kl_dro.temperature_rises_then_falls",
    paper=ISOGCLR,
    location="abstract, stylised analogue",
    statement=r"In the same stylised model, $\tau^*(k)$ solves $\mathrm{KL}(p_{\tau}\|u) = \rho$ for $k < n e^{-\rho}$ "
              r"and is 0 (inactive constraint) for $k \ge n e^{-\rho}$; it increases for small $k$ and decreases "
              r"before the threshold, so the iSogCLR reading holds for rare-to-moderate semantics only.",
    assumptions=(r"$n = 100$, $a = 0.8$, $\rho = 0.5$",),
    kind="algorithm",
    expected="supported",
    origin="suite",
    subject=stylised_temperatures,
)


def temperatures_wrong_radius(n, a, rho, solver=L.kl_constrained_dro):
    """τ*(k) computed with the radius 1.25 ρ."""
    return stylised_temperatures(n, a, rho * 1.25, solver)


TEMPERATURE_SHAPE.mutant("wrong_radius", r"$\tau^*(k)$ computed with $1.25\rho$ in place of $\rho$",
                         temperatures_wrong_radius)

# -- K6, K7: the released LDR code ------------------------------------------------------------------------

RELEASED_LDR_RAW = Claim(
    id="kl_dro.released_ldr_v1_is_psi_of_logits",
    paper=PAPER,
    location="released code, LDRLoss_V1",
    statement=r"The released LDRLoss_V1 computes $\psi_\lambda(s, y)$ of the raw logits $s$ (margin "
              r"$c$ = threshold) and so inherits its invariance $\psi_\lambda(s + t\mathbf{1}, y) = "
              r"\psi_\lambda(s, y)$.",
    assumptions=(r"$K \ge 2$", r"threshold $= 2$, $\Lambda = 1$ (the class defaults)"),
    kind="identity",
    expected="conditional",
    origin="suite",
    subject=F.released_ldr_v1,
    refined_by="kl_dro.released_ldr_v1_normalised_softplus",
    notes=r"False: the released class first maps the logits to $z = \mathrm{softplus}(s)/\mathrm{mean}_k\,"
          r"\mathrm{softplus}(s_k)$ and evaluates $\psi_\lambda(z, y)$, which is not invariant to a common "
          r"shift of the logits.",
)

RELEASED_LDR_Z = Claim(
    id="kl_dro.released_ldr_v1_normalised_softplus",
    paper=PAPER,
    location="released code, LDRLoss_V1",
    statement=r"The released LDRLoss_V1 computes $\psi_\lambda(z, y)$ with $z_k = \mathrm{softplus}(s_k) / "
              r"\big(\tfrac1K \sum_j \mathrm{softplus}(s_j)\big)$ and margin $c$ = threshold.",
    assumptions=(r"$K \ge 2$", r"threshold $\ge 0$, $\Lambda > 0$"),
    kind="identity",
    expected="supported",
    origin="suite",
    subject=F.released_ldr_v1,
)


def ldr_v1_without_normalisation(logits, label, threshold=2.0, lam=1.0):
    """ψ_λ(softplus(s)) without the division by the mean."""
    import numpy as np

    return L.ldr_kl_loss(np.logaddexp(0.0, np.asarray(logits, dtype=float)), label, lam, threshold)


def ldr_v1_raw_logits(logits, label, threshold=2.0, lam=1.0):
    """ψ_λ(s) of the raw logits."""
    return L.ldr_kl_loss(logits, label, lam, threshold)


RELEASED_LDR_Z.mutant("without_normalisation", r"$\psi_\lambda(\mathrm{softplus}(s), y)$: no division by the mean",
                      ldr_v1_without_normalisation)
RELEASED_LDR_Z.mutant("raw_logits", r"$\psi_\lambda(s, y)$ of the raw logits", ldr_v1_raw_logits)

ALDR_MAXIMISER = Claim(
    id="kl_dro.released_aldr_update_is_maximiser",
    paper=PAPER,
    location="released code, ALDRLoss_V1 (the ALDR-KL loss of §4, reconstructed)",
    statement=r"The λ update of the released ALDRLoss_V1 returns the maximiser over $\lambda > 0$ of $G(\lambda)$, "
              r"$G(\lambda) = \lambda \log\big(\tfrac1K \sum_k e^{(c[k\ne y] + z_k - z_y)/\lambda}\big) - "
              r"\tfrac{\alpha \log K}{2\lambda_0}(\lambda - \lambda_0)^2$, for the loss it then evaluates "
              r"(margin included).",
    assumptions=(r"$K \ge 2$", r"$\alpha > 1$ (the code's comment)", r"$z = s/(\|s\|_1/K)$"),
    kind="algorithm",
    expected="conditional",
    origin="suite",
    subject=F.aldr_lambda_update,
    refined_by="kl_dro.released_aldr_update_linearised",
    notes=r"False: the released update evaluates $\mathrm{KL}(q\|u)$ at the stored $\lambda_i$, without the "
          r"margin and with $10^{-5}$ smoothing, which is one linearised step (kl_dro.released_aldr_update_"
          r"linearised), not the maximiser of $G$.",
)

ALDR_LINEARISED = Claim(
    id="kl_dro.released_aldr_update_linearised",
    paper=PAPER,
    location="released code, ALDRLoss_V1",
    statement=r"The released update $\lambda_i \leftarrow \lambda_0 - \lambda_0\,\mathrm{KL}(q\|u)/(\alpha \log K)$, "
              r"$q = \mathrm{softmax}(z/\lambda_i)$ smoothed by $10^{-5}$, is the maximiser over $\lambda$ of the "
              r"objective with $\lambda \mapsto \lambda \log \tfrac1K\sum_k e^{z_k/\lambda}$ replaced by its "
              r"tangent at $\lambda_i$ (margin $c = 0$), minus $\tfrac{\alpha\log K}{2\lambda_0}(\lambda - "
              r"\lambda_0)^2$.",
    assumptions=(r"$K \ge 2$", r"$\alpha > 0$", r"$\lambda_0, \lambda_i > 0$"),
    kind="identity",
    expected="proved",
    origin="suite",
    subject=F.aldr_lambda_update,
)
ALDR_LINEARISED.mutant("plus", r"$\lambda_0 + \lambda_0\,\mathrm{KL}(q\|u)/(\alpha\log K)$: $+$ in place of $-$",
                       F.aldr_update_plus)
ALDR_LINEARISED.mutant("without_alpha", r"$\lambda_0 - \lambda_0\,\mathrm{KL}(q\|u)/\log K$: $\alpha$ dropped",
                       F.aldr_update_without_alpha)

ALDR_POSITIVE = Claim(
    id="kl_dro.released_aldr_lambda_positive",
    paper=PAPER,
    location="released code, ALDRLoss_V1 (comment: alpha > 1.0)",
    statement=r"For $\alpha > 1$ the updated $\lambda_i \ge \lambda_0(1 - 1/\alpha) > 0$ for every input; for "
              r"$\alpha < 1$ some logits make it negative.",
    assumptions=(r"$K \ge 2$", r"$\lambda_0 > 0$"),
    kind="inequality",
    expected="proved",
    origin="suite",
    subject=F.aldr_lambda_update,
    notes=r"The class's default is $\alpha = 1$, where $\lambda_i > 0$ only through the $10^{-5}$ smoothing; "
          r"the code's comment asks for $\alpha > 1$.",
)
ALDR_POSITIVE.mutant("plus", r"$+$ in place of $-$ in the update", F.aldr_update_plus)
ALDR_POSITIVE.mutant("without_alpha", r"$\alpha$ dropped from the update", F.aldr_update_without_alpha)
