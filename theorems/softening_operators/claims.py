"""The claims of arXiv 2601.03195 (probability-domain softening operators), statements O1–O8 of the
specification, with their mutants.

The paper body could not be read: each statement is the specification's formalisation of the abstract
(seed S2); the notes say so. The statements the suite adds (refinements, the candidate families (S) and (E),
the full-simplex student, the library) have ``origin="suite"``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from claimkit import Claim, Formula, formula_claim, interval

from . import formulas as F
from . import library as L
from .paper import PAPER

RECONSTRUCTED = ("The paper body could not be read; the statement is the formalisation of the abstract "
                 "(the precise form of the axiom in the paper is not confirmed).")
SIMPLEX = r"$p \in \Delta^V$, $V \ge 2$ (entries may be zero or tied)"
TEMP = r"$T > 0$"

# -- O1 -----------------------------------------------------------------------------------------------

SOFTMAX_EQUIVALENCE = Claim(
    id="softening_operators.softmax_equivalence",
    paper=PAPER,
    location="abstract",
    statement=r"For $p = \operatorname{softmax}(z)$, $F_T(p) = \operatorname{softmax}(z/T)$ for every $T > 0$ and "
              r"every shift $z + c\mathbf{1}$ of the logits, where $F_T(p)_i = p_i^{1/T}/\sum_j p_j^{1/T}$.",
    assumptions=(r"$z \in \mathbb{R}^V$, $V \ge 2$", TEMP),
    kind="identity",
    expected="proved",
    subject=F.power_op,
    notes="The abstract calls this equivalence well known; the suite confirms it at 40 digits and in exact "
          "rationals.",
)
SOFTMAX_EQUIVALENCE.mutant("sharpened", r"$F_T(p) \propto p^T$, the logit form $\operatorname{softmax}(zT)$",
                           F.sharpen_op)
SOFTMAX_EQUIVALENCE.mutant("normalised_before_powering",
                           r"$(p/\sum_j p_j)^{1/T}$: normalised before powering and not after", F.unnormalised_op)

_z, _T = sp.symbols("z T", real=True)
BINARY_EQUIVALENCE = formula_claim(
    id="softening_operators.binary_equivalence",
    paper=PAPER,
    location="abstract (two classes)",
    statement=r"With two classes and $p = \sigma(z) = 1/(1 + e^{-z})$: "
              r"$p^{1/T}/(p^{1/T} + (1 - p)^{1/T}) = \sigma(z/T)$.",
    assumptions=(r"$z \in \mathbb{R}$", TEMP),
    formula=Formula(sp.Pow(1 / (1 + sp.exp(-_z)), 1 / _T)
                    / (sp.Pow(1 / (1 + sp.exp(-_z)), 1 / _T) + sp.Pow(sp.exp(-_z) / (1 + sp.exp(-_z)), 1 / _T)),
                    {"z": interval(-8, 8), "T": interval(0.1, 10, log=True)}, name="binary_softened"),
    equals=1 / (1 + sp.exp(-_z / _T)),
    examples=20,
    expected="proved",
)

# -- O2: axioms A1, A2, A4 of the power family --------------------------------------------------------

POWER_RANKING = Claim(
    id="softening_operators.power_ranking",
    paper=PAPER,
    location="abstract (axiom A1)",
    statement=r"Ranking preservation on the whole simplex: $p_i > p_j \Rightarrow F_T(p)_i > F_T(p)_j$ for every "
              r"$T > 0$, zeros included.",
    assumptions=(SIMPLEX, TEMP),
    kind="inequality",
    expected="proved",
    subject=F.power_op,
    notes=RECONSTRUCTED + r" Ties are preserved too: $p_i = p_j \Rightarrow F_T(p)_i = F_T(p)_j$.",
)
POWER_RANKING.mutant("sparsemax", r"$\operatorname{sparsemax}(\log p/T)$ in place of the power family",
                     F.sparsemax_op)
POWER_RANKING.mutant("log_zero_as_zero", r"$\log 0$ replaced by $0$ before dividing by $T$", F.log_zero_as_zero_op)

POWER_CONTINUITY = Claim(
    id="softening_operators.power_continuity",
    paper=PAPER,
    location="abstract (axiom A2)",
    statement=r"$(p, T) \mapsto F_T(p)$ is continuous on $\Delta^V \times (0, \infty)$, at $p$ with zero entries "
              r"included.",
    assumptions=(SIMPLEX, TEMP),
    kind="limit",
    expected="proved",
    subject=F.power_op,
    notes=RECONSTRUCTED + r" At a zero entry $p_i^{1/T} \to 0$ uniformly for $T$ in a compact subset of "
          r"$(0, \infty)$; the normaliser is at least $\max_j p_j^{1/T} > 0$.",
)
POWER_CONTINUITY.mutant("log_zero_as_zero", r"$\log 0$ replaced by $0$: a zero entry gets weight $e^0 = 1$",
                        F.log_zero_as_zero_op)

POWER_IDENTITY = Claim(
    id="softening_operators.power_identity",
    paper=PAPER,
    location="abstract (axiom A4)",
    statement=r"$F_1(p) = p$ for every $p \in \Delta^V$, zeros included.",
    assumptions=(SIMPLEX,),
    kind="identity",
    expected="proved",
    subject=F.power_op,
    notes=RECONSTRUCTED,
)
POWER_IDENTITY.mutant("eps_floor", r"zeros replaced by $\varepsilon = 10^{-6}$ before powering", F.eps_floor_op)

# -- O3: entropy ------------------------------------------------------------------------------------------

ENTROPY_DERIVATIVE = Claim(
    id="softening_operators.entropy_derivative",
    paper=PAPER,
    location="abstract (axiom A3)",
    statement=r"With $\beta = 1/T$ and $q_\beta \propto p^\beta$: "
              r"$\frac{d}{d\beta} H(q_\beta) = -\beta \operatorname{Var}_{q_\beta}(\log p)$.",
    assumptions=(SIMPLEX, r"$\beta > 0$; the variance is over the support of $p$"),
    kind="identity",
    expected="proved",
    subject=F.entropy_derivative,
    notes=RECONSTRUCTED,
)
ENTROPY_DERIVATIVE.mutant("sign_flipped", r"$+\beta \operatorname{Var}_{q_\beta}(\log p)$",
                          F.entropy_derivative_plus)
ENTROPY_DERIVATIVE.mutant("beta_dropped", r"$-\operatorname{Var}_{q_\beta}(\log p)$", F.entropy_derivative_no_beta)
ENTROPY_DERIVATIVE.mutant("variance_under_p", r"$-\beta \operatorname{Var}_{p}(\log p)$",
                          F.entropy_derivative_under_p)

ENTROPY_MONOTONE = Claim(
    id="softening_operators.entropy_monotone",
    paper=PAPER,
    location="abstract (axiom A3)",
    statement=r"$T \mapsto H(F_T(p))$ is non-decreasing on $(0, \infty)$ for every $p \in \Delta^V$.",
    assumptions=(SIMPLEX,),
    kind="inequality",
    expected="proved",
    subject=F.power_op,
    notes=RECONSTRUCTED + r" $\frac{d}{dT} H = \beta^3 \operatorname{Var}_{q_\beta}(\log p) \ge 0$.",
)
ENTROPY_MONOTONE.mutant("sharpened", r"$F_T(p) \propto p^T$ (entropy decreasing in $T$)", F.sharpen_op)

ENTROPY_STRICT = Claim(
    id="softening_operators.entropy_strict",
    paper=PAPER,
    location="abstract (axiom A3), strictness decided by the suite",
    statement=r"$T \mapsto H(F_T(p))$ is strictly increasing if and only if $p$ is not uniform on its support "
              r"$\{i : p_i > 0\}$; otherwise it is constant.",
    assumptions=(SIMPLEX,),
    kind="identity",
    expected="proved",
    subject=F.strictly_increasing,
    origin="suite",
    notes=r"A $p$ uniform on a proper subset of the classes, such as $(1/2, 1/2, 0)$, keeps $H = \log 2$ at every "
          "temperature although it is not uniform on all classes.",
)
ENTROPY_STRICT.mutant("uniform_on_all_classes", r"strict unless $p$ is uniform on all $V$ classes",
                      F.strict_unless_uniform_on_all)
ENTROPY_STRICT.mutant("always_strict", "strictly increasing for every p", F.always_strict)

# -- O4: boundary behaviour -------------------------------------------------------------------------------

LOW_LIMIT_TIES = Claim(
    id="softening_operators.low_temperature_limit_ties",
    paper=PAPER,
    location="abstract (axiom A5), corrected for ties",
    statement=r"$\lim_{T \to 0^+} F_T(p) = \mathbf{1}_{M}/|M|$, the uniform distribution on the maximisers "
              r"$M = \operatorname{argmax}_i p_i$; a one-hot when the maximum is unique.",
    assumptions=(SIMPLEX,),
    kind="limit",
    expected="proved",
    subject=F.uniform_on_argmax,
    origin="suite",
)
LOW_LIMIT_TIES.mutant("ties_by_first_index", "a tie at the maximum goes to the first index (O4 as stated)",
                      F.one_hot_argmax)
LOW_LIMIT_TIES.mutant("ties_by_last_index", "a tie at the maximum goes to the last index", F.one_hot_last_argmax)

LOW_LIMIT = Claim(
    id="softening_operators.low_temperature_limit",
    paper=PAPER,
    location="abstract (axiom A5)",
    statement=r"$\lim_{T \to 0^+} F_T(p)$ is the one-hot vector on $\operatorname{argmax}_i p_i$, for every "
              r"$p \in \Delta^V$ (ties included).",
    assumptions=(SIMPLEX,),
    kind="limit",
    expected="conditional",
    subject=F.one_hot_argmax,
    refined_by="softening_operators.low_temperature_limit_ties",
    notes=RECONSTRUCTED + r" With a tie at the maximum the limit splits the mass equally between the tied "
          r"maximisers (for $p = (a, a, b, 0)$, $a > b$: $(1/2, 1/2, 0, 0)$): no one-hot. Correct for a unique "
          "maximum.",
)

HIGH_LIMIT_SUPPORT = Claim(
    id="softening_operators.high_temperature_limit_support",
    paper=PAPER,
    location="abstract (axiom A5), corrected for zeros",
    statement=r"$\lim_{T \to \infty} F_T(p) = \mathbf{1}_{S}/|S|$, the uniform distribution on the support "
              r"$S = \{i : p_i > 0\}$; uniform on all $V$ classes only when $p$ has no zero entry.",
    assumptions=(SIMPLEX,),
    kind="limit",
    expected="proved",
    subject=F.uniform_on_support,
    origin="suite",
)
HIGH_LIMIT_SUPPORT.mutant("uniform_on_all_classes", r"uniform on all $V$ classes (O4 as stated)",
                          F.uniform_on_classes)
HIGH_LIMIT_SUPPORT.mutant("unchanged", r"$p$ itself", F.renormalised_p)

HIGH_LIMIT = Claim(
    id="softening_operators.high_temperature_limit",
    paper=PAPER,
    location="abstract (axiom A5)",
    statement=r"$\lim_{T \to \infty} F_T(p) = (1/V, \dots, 1/V)$ for every $p \in \Delta^V$ (zero entries included).",
    assumptions=(SIMPLEX,),
    kind="limit",
    expected="conditional",
    subject=F.uniform_on_classes,
    refined_by="softening_operators.high_temperature_limit_support",
    notes=RECONSTRUCTED + r" A zero entry stays zero at every temperature ($0^{1/T} = 0$), so the limit is uniform "
          r"on the support only (for $p = (a, a, b, 0)$: $(1/3, 1/3, 1/3, 0)$). The power family satisfies A5 on the "
          "interior of the simplex, not on the whole simplex.",
)

# -- O5: families of operators ------------------------------------------------------------------------------

MIXTURE_AXIOMS = Claim(
    id="softening_operators.multiple_families",
    paper=PAPER,
    location="abstract",
    statement=r"Multiple non-equivalent operator families satisfy A1–A5: the family (M), "
              r"$G_T = (1 - \lambda(T)) F_T + \lambda(T) u$ with $\lambda(T) = \max(0, 1 - 1/T)$, satisfies "
              r"A1 (strict ranking), A2, A3 (entropy non-decreasing in $T$), A4 ($G_1 = \mathrm{id}$) and A5 "
              r"(mass on $\operatorname{argmax} p$ as $T \to 0$, uniform on $V$ as $T \to \infty$) on the whole "
              r"simplex, and $G_T \ne F_T$; the power family satisfies them on the interior.",
    assumptions=(SIMPLEX, TEMP, r"$u = (1/V, \dots, 1/V)$"),
    kind="identity",
    expected="supported",
    subject=F.mix_op,
    notes=RECONSTRUCTED + r" Which families the paper exhibits is not confirmed; (M) is the specification's "
          r"candidate. A3 for (M) when $T > 1$: both terms of $dH/dT$ are covariances of co-monotone functions "
          r"(Chebyshev's sum inequality), so $H(G_T)$ is non-decreasing; the suite checks it numerically. "
          r"(M) meets A5 at zero entries, where the power family does not. The power family's axioms on the interior "
          "are the claims power_ranking, power_continuity, entropy_monotone, power_identity and the two corrected "
          "limits.",
)
MIXTURE_AXIOMS.mutant("unclamped_weight", r"$\lambda(T) = 1 - 1/T$ without the clamp at 0", F.mix_unclamped_op,
                      targets=("mixture_concentrates_on_argmax",))
MIXTURE_AXIOMS.mutant("mixed_with_p", r"mixed with $p$ instead of $u$", F.mix_with_p_op,
                      targets=("mixture_entropy_non_decreasing",))
MIXTURE_AXIOMS.mutant("reversed_weight", r"$\lambda(T) = \max(0, 1 - T)$", F.mix_reversed_op,
                      targets=("mixture_differs_from_power",))
MIXTURE_AXIOMS.mutant("power_family", r"the power family itself ($\lambda = 0$)", F.power_op,
                      targets=("mixture_uniform_at_high_temperature",))
MIXTURE_AXIOMS.mutant("halved_weight", r"$\lambda(T) = \max(0, 1 - 1/(2T))$ (uniform weight $1/2$ at $T = 1$)",
                      F.mix_halved_op, targets=("mixture_identity_at_one",))
MIXTURE_AXIOMS.mutant("sparsemax", r"$\operatorname{sparsemax}(\log p/T)$ in place of (M)", F.sparsemax_op,
                      targets=("mixture_strict_order",))

SMOOTHING_AXIOMS = Claim(
    id="softening_operators.smoothing_family_axioms",
    paper=PAPER,
    location="specification candidate (S)",
    statement=r"Additive smoothing $S_T(p) = (p + (T - 1)^+)/\sum_j (p_j + (T - 1)^+)$ satisfies A1–A5.",
    assumptions=(SIMPLEX, TEMP),
    kind="identity",
    expected="refuted",
    subject=F.smoothing_op,
    origin="suite",
    notes=r"$S_T(p) = p$ for every $T \le 1$, so the mass does not concentrate on $\operatorname{argmax} p$ as "
          r"$T \to 0$: A5 fails. A1 and A4 hold by construction (adding a constant keeps the order; "
          r"$(T - 1)^+ = 0$ at $T = 1$).",
)

SPARSEMAX_AXIOMS = Claim(
    id="softening_operators.sparsemax_family_axioms",
    paper=PAPER,
    location="specification candidate (E)",
    statement=r"$E_T(p) = \operatorname{sparsemax}(\log p / T)$ satisfies A1–A5.",
    assumptions=(SIMPLEX, TEMP),
    kind="identity",
    expected="refuted",
    subject=F.sparsemax_op,
    origin="suite",
    notes=r"A4 fails: $E_1(p) \ne p$ (for $p = (7/10, 3/10)$ sparsemax of $\log p$ is not $p$); A1 fails in its strict "
          r"form, since entries below the sparsemax threshold all map to 0 (each check shows its counterexample).",
)

# -- O6: top-k -----------------------------------------------------------------------------------------------


def topk_pipeline(p, T, k):
    """The library pipeline: ``top_k(soften(p, T), k)``."""
    return L.top_k(L.soften(p, T), k)


def topk_no_renormalisation(p, T, k):
    """Mutant: truncation of $F_T(p)$ to its top $k$, renormalised over all $V$ (the mass outside kept in the sum)."""
    f = L.soften(p, T)
    keep = np.argsort(-f, kind="stable")[:k]
    out = np.zeros_like(f)
    out[keep] = f[keep]
    return out


def topk_of_raw_p(p, T, k):
    """Mutant: the temperature applied after truncation without renormalising the truncated $p$ first."""
    q = np.asarray(p, dtype=float)
    keep = np.argsort(-q, kind="stable")[:k]
    out = np.zeros_like(q)
    out[keep] = q[keep] ** (1.0 / T)
    return out / np.sum(q ** (1.0 / T))


def topk_by_last_index(p, T, k):
    """Mutant: ties at the cut go to the higher index."""
    f = L.soften(p, T)
    order = np.lexsort((-np.arange(f.size), -f))[:k]
    out = np.zeros_like(f)
    out[order] = f[order]
    return out / np.sum(out)


TOPK = Claim(
    id="softening_operators.top_k",
    paper=PAPER,
    location="abstract (top-k truncation)",
    statement=r"Renormalised top-$k$ truncation of $F_T(p)$ equals the softmax of the top-$k$ logits divided by $T$, "
              r"and truncation commutes with softening: $\operatorname{top}_k(F_T(p)) = F_T(\operatorname{top}_k(p))$.",
    assumptions=(SIMPLEX, TEMP, r"$1 \le k \le V$; ties at the cut broken by index, the same way on both sides"),
    kind="identity",
    expected="proved",
    subject=topk_pipeline,
    notes=RECONSTRUCTED + r" The kept set is the same on both sides because $F_T$ preserves the order and the "
          "ties (O2); renormalisation cancels the normaliser of $F_T$. The subject is the library's pipeline.",
)
TOPK.mutant("renormalised_over_all_classes", r"truncated $F_T(p)$ renormalised over all $V$", topk_no_renormalisation)
TOPK.mutant("ties_by_last_index", "ties at the cut go to the higher index", topk_by_last_index,
            targets=("commutes_in_exact_rationals",))

# -- O7: students --------------------------------------------------------------------------------------------

TOP1_STUDENT = Claim(
    id="softening_operators.top1_student",
    paper=PAPER,
    location="abstract (iv)",
    statement=r"Any two operators satisfying A1 give the same top-1 student: "
              r"$\operatorname{argmax}_i F_T(p)_i = \operatorname{argmax}_i p_i$ (as sets) for every such $F$.",
    assumptions=(SIMPLEX, TEMP, "the operator satisfies A1 (strict ranking preservation)"),
    kind="identity",
    expected="supported",
    subject=F.argmax_set,
    notes=RECONSTRUCTED + " Checked on the power family, (M) and (S), which satisfy A1.",
)
TOP1_STUDENT.mutant("first_maximiser_only", "only the first maximiser", F.first_argmax_only)
TOP1_STUDENT.mutant("minimisers", "the minimisers of p", F.argmin_set)

FULL_STUDENT = Claim(
    id="softening_operators.full_simplex_student",
    paper=PAPER,
    location="abstract (iv), without a capacity constraint",
    statement=r"The KL projection of a target $t$ onto the full simplex is $t$ itself: "
              r"$\operatorname{argmin}_{q \in \Delta^V} \operatorname{KL}(t \| q) = t$. So two operators satisfying A1 "
              r"give the same unconstrained student only where they agree: the power family and (M) give different "
              r"students at every $T > 1$ for $p$ not uniform on all $V$ classes.",
    assumptions=(SIMPLEX, r"$t$ in the interior of $\Delta^V$ for the projection"),
    kind="identity",
    expected="proved",
    subject=F.kl_projection,
    origin="suite",
    notes=r"Equivalence of students needs the capacity constraint the abstract mentions; without one the student "
          "is the softened target and non-equivalent operators give different students.",
)
FULL_STUDENT.mutant("one_hot_student", "the projection is the one-hot on the argmax (the top-1 student)",
                    F.kl_projection_one_hot)
FULL_STUDENT.mutant("smoothed_student", "the projection is the target mixed half-and-half with the uniform",
                    F.kl_projection_smoothed)

# -- O8 -------------------------------------------------------------------------------------------------------

N_STAGE_RATE = Claim(
    id="softening_operators.n_stage_rate",
    paper=PAPER,
    location="abstract (iii)",
    statement=r"Convergence guarantees establish $O(1/n)$ rates for $n$-stage distillation with explicit parameter "
              "dependence.",
    assumptions=("the setting of the paper's n-stage theorem (not available)",),
    kind="inequality",
    expected="inconclusive",
    notes="Not checkable from the information available: the abstract gives neither the quantity that converges "
          "(a divergence to the teacher, the stage-n student, a temperature schedule), nor the stage map, nor the "
          "constants of the bound. Missing: the definition of one stage, the schedule of temperatures across "
          "stages, the capacity constraint of the student and the explicit constant.",
)

# -- the library ------------------------------------------------------------------------------------------------

#: The library's public operators, in this order: soften, log_soften, soften_logits, mix_soften, entropy.
LIBRARY = (L.soften, L.log_soften, L.soften_logits, L.mix_soften, L.entropy)

LIBRARY_SOFTEN = Claim(
    id="softening_operators.library_soften",
    paper=PAPER,
    location="abstract (the power family), library conformance",
    statement=r"The library computes $F_T(p)$ and $\log F_T(p)$ (soften, log_soften), $\operatorname{softmax}(z/T)$ "
              r"(soften_logits), the family (M) (mix_soften) and $H(p)$ (entropy) to float64 accuracy for "
              r"$V \in [2, 50]$, Dirichlet $p$ with ties and zeros and $T \in [10^{-3}, 10^{3}]$, underflow included.",
    assumptions=(SIMPLEX, r"$10^{-3} \le T \le 10^{3}$"),
    kind="algorithm",
    expected="supported",
    subject=LIBRARY,
    origin="suite",
)


def _replace(i, fn):
    return tuple(fn if j == i else f for j, f in enumerate(LIBRARY))


def _soften_sharpened(p, T):
    return L.soften(p, 1.0 / T)


def _log_soften_sharpened(p, T):
    return L.log_soften(p, 1.0 / T)


def _soften_direct(p, T):
    q = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        w = q ** (1.0 / T)
        return w / np.sum(w)


def _log_soften_direct(p, T):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(_soften_direct(p, T))


def _soften_eps(p, T):
    return L.soften(np.maximum(np.asarray(p, dtype=float), 1e-12), T)


def _log_soften_eps(p, T):
    return L.log_soften(np.maximum(np.asarray(p, dtype=float), 1e-12), T)


def _logits_times_t(z, T):
    return L.soften_logits(z, 1.0 / T)


def _mix_unclamped(p, T):
    f = L.soften(p, T)
    lam = 1.0 - 1.0 / T
    return (1.0 - lam) * f + lam / f.size


def _entropy_bits(p):
    return L.entropy(p) / np.log(2.0)


LIBRARY_SOFTEN.mutant("sharpened", r"$p^T$ in place of $p^{1/T}$",
                      (_soften_sharpened, _log_soften_sharpened, *LIBRARY[2:]))
LIBRARY_SOFTEN.mutant("powered_directly", r"$p^{1/T}$ powered in float64 and normalised (underflows at small $T$)",
                      (_soften_direct, _log_soften_direct, *LIBRARY[2:]))
LIBRARY_SOFTEN.mutant("eps_floor", r"zeros floored at $10^{-12}$ before powering",
                      (_soften_eps, _log_soften_eps, *LIBRARY[2:]))
LIBRARY_SOFTEN.mutant("logits_times_temperature", r"$\operatorname{softmax}(zT)$ for $\operatorname{softmax}(z/T)$",
                      _replace(2, _logits_times_t), targets=("logits_match_tempered_softmax",))
LIBRARY_SOFTEN.mutant("unclamped_mixture", r"(M) with $\lambda(T) = 1 - 1/T$ not clamped at 0",
                      _replace(3, _mix_unclamped), targets=("mixture_and_entropy_match",))
LIBRARY_SOFTEN.mutant("entropy_in_bits", "entropy in bits instead of nats", _replace(4, _entropy_bits),
                      targets=("mixture_and_entropy_match",))
