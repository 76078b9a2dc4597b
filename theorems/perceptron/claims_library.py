"""Claims the suite adds: the library a practitioner calls computes the paper's objects (Tyurin, arXiv
2412.08424).

Every public name of ``library.py`` is the subject of one of these claims, and each claim carries as
mutants the library's plausible bugs (``library_mutants.py``): a mutant run is the same bug planted in
the library, checked against references written independently from the paper's definitions
(``checks/perceptron/reference.py``, exact rationals; ``checks/perceptron/numerics.py``, mpmath).

- ``perceptron.library_perceptron_algorithms``: ``batch_perceptron``, ``normalized_batch_perceptron``,
  ``perceptron`` (§3, §5).
- ``perceptron.library_separability``: ``is_separable``, ``max_margin``, ``data_radius``
  (Assumption 1.1's test, μ and R).
- ``perceptron.library_data``: ``as_problem`` (and ``Problem``), ``margins``, ``logistic_loss``,
  ``solves`` (the z_i, m_i, f and problem (1)).
- ``perceptron.library_gradient_methods``: ``lr_gd``, ``normalized_lr_gd`` (§1, §6).
- ``perceptron.library_iteration_counts``: ``iterations_to_solve`` over ``METHODS``.
"""

from __future__ import annotations

from claimkit import Claim

from . import library as L
from . import library_mutants as M
from .paper import PAPER

FLOAT_TIES = (r"in float64, no margin along the run is an exact tie ($m_i = 0$), which rounding cannot "
              r"decide (`exact=True` decides ties exactly)")

PERCEPTRON_ALGORITHMS = Claim(
    id="perceptron.library_perceptron_algorithms",
    paper=PAPER,
    location="§3 (Batch Perceptron) and §5 (Perceptron, Normalized Batch Perceptron): the library",
    statement=r"The library's `batch_perceptron`, `normalized_batch_perceptron` and `perceptron` return the "
              r"paper's iterates from $\hat\theta_0 = 0$, with $S_t = \{i : m_i(\hat\theta_t) \le 0\}$: "
              r"BP $\hat\theta_1 = \frac{1}{2n}\sum_i z_i$, then $\hat\theta_{t+1} = \hat\theta_t + "
              r"\frac{1}{n}\sum_{i \in S_t} z_i$; NBP $\hat\theta_{t+1} = \hat\theta_t + "
              r"\frac{1}{|S_t|}\sum_{i \in S_t} z_i$; the Perceptron $\hat\theta_{t+1} = \hat\theta_t + z_j$ for "
              r"the $j \in S_t$ its pick rule names; in exact rationals, and in float64 at data scales "
              r"$2^{\pm 660} \approx 10^{\pm 199}$ as at scale 1.",
    assumptions=(FLOAT_TIES,),
    kind="algorithm",
    expected="supported",
    subject={"batch_perceptron": L.batch_perceptron, "normalized_batch_perceptron": L.normalized_batch_perceptron,
             "perceptron": L.perceptron},
    origin="suite",
    notes=r"Checked against the recursions written from the paper in exact rationals, point by point in the "
          r"data's order (no code of the library).",
)


def _replace(subject: dict, **entries: object) -> dict:
    return {**subject, **entries}


_P = PERCEPTRON_ALGORITHMS.subject
PERCEPTRON_ALGORITHMS.mutant(
    "bp_first_step_without_half", r"`batch_perceptron` with first step $\frac{1}{n}\sum_i z_i$ (the ½ forgotten)",
    _replace(_P, batch_perceptron=M.bp_first_step_without_half), targets=("batch_perceptron_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "bp_without_first_step", r"`batch_perceptron` without its special first step: the later rule with "
    r"$\{m_i < 0\}$ from $\hat\theta_0 = 0$ never moves",
    _replace(_P, batch_perceptron=M.bp_without_first_step), targets=("batch_perceptron_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "bp_strict_set", r"`batch_perceptron` adding only the points with $m_i < 0$ (ties left out)",
    _replace(_P, batch_perceptron=M.bp_strict_set), targets=("batch_perceptron_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "bp_mean_over_misclassified", r"`batch_perceptron` dividing by $|S_t|$ instead of $n$ after the first step",
    _replace(_P, batch_perceptron=M.bp_mean_over_misclassified), targets=("batch_perceptron_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "bp_raw_margins", r"`batch_perceptron` deciding $S_t$ on the data as given: margins overflow or underflow "
    r"at scale $2^{\pm 660}$",
    _replace(_P, batch_perceptron=M.bp_raw_margins), targets=("batch_perceptron_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "nbp_divides_by_n", r"`normalized_batch_perceptron` dividing by $n$ instead of $|S_t|$",
    _replace(_P, normalized_batch_perceptron=M.nbp_divides_by_n), targets=("nbp_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "nbp_strict_set", r"`normalized_batch_perceptron` with $S_t = \{m_i < 0\}$ (never leaves 0)",
    _replace(_P, normalized_batch_perceptron=M.nbp_strict_set), targets=("nbp_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "perceptron_strict_set", r"`perceptron` updating only on $m_j < 0$ (never leaves 0)",
    _replace(_P, perceptron=M.perceptron_strict_set), targets=("perceptron_matches_recursion",))
PERCEPTRON_ALGORITHMS.mutant(
    "perceptron_sorted_points", "`perceptron` choosing among the distinct points in sorted order, not in the "
    "order they appear (its float64 path before the fix)",
    _replace(_P, perceptron=M.perceptron_sorted_points), targets=("perceptron_matches_recursion",))

SEPARABILITY = Claim(
    id="perceptron.library_separability",
    paper=PAPER,
    location="Assumption 1.1 (separability, μ and R): the library",
    statement=r"The library's `is_separable` says whether some $\theta$ has $y_i a_i^\top\theta > 0$ for all "
              r"$i$; `max_margin` returns $\mu = \max_{\|\theta\| = 1}\min_i y_i a_i^\top\theta$ (up to its "
              r"stated duality gap $10^{-9} R$) and a unit vector attaining it; `data_radius` returns "
              r"$R = \max_i \|a_i\|$; at data scales $2^{\pm 660}$ as at scale 1.",
    assumptions=(r"`is_separable`: a margin below $10^{-9}$ of the largest $|z_{ij}|$ (in the box "
                 r"$|\theta_j| \le 1$) counts as none",),
    kind="algorithm",
    expected="supported",
    subject={"is_separable": L.is_separable, "max_margin": L.max_margin, "data_radius": L.data_radius},
    origin="suite",
    notes=r"Ground truth in exact arithmetic for points in the plane: $0 \in \operatorname{conv}\{z_i\}$ "
          r"by Carathéodory (at most three points) decides separability (Gordan's alternative), and $\mu^2$ "
          r"is the squared distance from 0 to that hull, a minimum over the points and the segments "
          r"between them.",
)
_S = SEPARABILITY.subject
SEPARABILITY.mutant("separable_nonstrict", r"`is_separable` accepting $s^* \ge 0$ in its LP: $\theta = 0$ "
                    "qualifies, so every set is accepted, non-separable ones included",
                    _replace(_S, is_separable=M.separable_nonstrict), targets=("separability_matches_hull_test",))
SEPARABILITY.mutant("separable_ignoring_labels", r"`is_separable` testing the $a_i$, not $z_i = y_i a_i$",
                    _replace(_S, is_separable=M.separable_ignoring_labels),
                    targets=("separability_matches_hull_test",))
SEPARABILITY.mutant("separable_by_mean_direction", r"`is_separable` true iff $\theta = \sum_i z_i$ separates: "
                    "rejects separable sets",
                    _replace(_S, is_separable=M.separable_by_mean_direction),
                    targets=("separability_matches_hull_test",))
SEPARABILITY.mutant("margin_nearest_point", r"`max_margin` as the distance to the nearest $z_i$, not to "
                    r"$\operatorname{conv}\{z_i\}$", _replace(_S, max_margin=M.max_margin_nearest_point),
                    targets=("max_margin_matches_hull_distance",))
SEPARABILITY.mutant("margin_mean_direction", r"`max_margin` as the margin of $w = \sum_i z_i/\|\sum_i z_i\|$",
                    _replace(_S, max_margin=M.max_margin_mean_direction),
                    targets=("max_margin_matches_hull_distance",))
SEPARABILITY.mutant("radius_frobenius", r"`data_radius` as $\|A\|_F$", _replace(_S, data_radius=M.radius_frobenius),
                    targets=("radius_matches_largest_norm",))
SEPARABILITY.mutant("radius_unnormalised", r"`data_radius` without normalising: $\infty$ at scale $2^{660}$, "
                    r"0 at $2^{-660}$", _replace(_S, data_radius=M.radius_unnormalised),
                    targets=("radius_matches_largest_norm",))

DATA = Claim(
    id="perceptron.library_data",
    paper=PAPER,
    location="§1 (the data, margins, logistic loss and problem (1)): the library",
    statement=r"The library's `as_problem` keeps the points $z_i = y_i a_i$ with their multiplicities (a "
              r"`Problem`: distinct rows in order of first appearance, counts summing to $n$); `margins` "
              r"returns $m_i(\theta) = y_i a_i^\top\theta$; `logistic_loss` returns "
              r"$f(\theta) = \frac{1}{n}\sum_i \log(1 + e^{-m_i(\theta)})$; `solves` says whether every "
              r"$m_i(\theta) > 0$ (problem (1)), at data and $\theta$ scales $2^{\pm 660}$ as at scale 1.",
    kind="definition",
    expected="supported",
    subject={"as_problem": L.as_problem, "margins": L.margins, "logistic_loss": L.logistic_loss,
             "solves": L.solves},
    origin="suite",
)
_D = DATA.subject
DATA.mutant("problem_ignoring_labels", r"`as_problem` keeping $a_i$ instead of $y_i a_i$",
            _replace(_D, as_problem=M.as_problem_ignoring_labels), targets=("problem_keeps_the_points",))
DATA.mutant("problem_without_counts", "`as_problem` merging identical points without their multiplicity",
            _replace(_D, as_problem=M.as_problem_without_counts), targets=("problem_keeps_the_points",))
DATA.mutant("margins_ignoring_labels", r"`margins` returning $a_i^\top\theta$",
            _replace(_D, margins=M.margins_ignoring_labels), targets=("margins_loss_and_solved_match",))
DATA.mutant("loss_summed", r"`logistic_loss` without the $\frac{1}{n}$",
            _replace(_D, logistic_loss=M.loss_summed), targets=("margins_loss_and_solved_match",))
DATA.mutant("loss_wrong_sign", r"`logistic_loss` with $\log(1 + e^{+m_i})$",
            _replace(_D, logistic_loss=M.loss_wrong_sign), targets=("margins_loss_and_solved_match",))
DATA.mutant("solves_nonstrict", r"`solves` accepting $m_i \ge 0$ (a point on the hyperplane)",
            _replace(_D, solves=M.solves_nonstrict), targets=("margins_loss_and_solved_match",))
DATA.mutant("solves_raw", r"`solves` on the data and $\theta$ as given: margins underflow to 0 at scale "
            r"$2^{-660}$", _replace(_D, solves=M.solves_raw), targets=("margins_loss_and_solved_match",))

GRADIENT_METHODS = Claim(
    id="perceptron.library_gradient_methods",
    paper=PAPER,
    location="§1 (LR+GD) and §6 (Normalized LR+GD): the library",
    statement=r"The library's `lr_gd` returns LR+GD's iterates $\theta_{t+1} = \theta_t - \gamma\nabla "
              r"f(\theta_t) = \theta_t + \frac{\gamma}{n}\sum_i \sigma(-m_i(\theta_t)) z_i$ and "
              r"`normalized_lr_gd` those of Normalized LR+GD, $\theta_{t+1} = \theta_t - \gamma\beta_t\nabla "
              r"f(\theta_t)$ with $\beta_t = \left(\frac{1}{n}\sum_i \sigma(-m_i(\theta_t))\right)^{-1}$, from "
              r"any $\theta_0$.",
    kind="algorithm",
    expected="supported",
    subject={"lr_gd": L.lr_gd, "normalized_lr_gd": L.normalized_lr_gd},
    origin="suite",
)
_G = GRADIENT_METHODS.subject
GRADIENT_METHODS.mutant("lr_summed_gradient", r"`lr_gd` with the gradient of $\sum_i \log(1 + e^{-m_i})$ "
                        r"(the $\frac{1}{n}$ forgotten)", _replace(_G, lr_gd=M.lr_gd_summed_gradient))
GRADIENT_METHODS.mutant("lr_sigma_sign", r"`lr_gd` weighting $z_i$ by $\sigma(m_i)$",
                        _replace(_G, lr_gd=M.lr_gd_sigma_sign))
GRADIENT_METHODS.mutant("nlr_beta_not_inverted", r"`normalized_lr_gd` with $\beta_t = \frac{1}{n}\sum_i "
                        r"\sigma(-m_i)$, not its inverse",
                        _replace(_G, normalized_lr_gd=M.normalized_lr_gd_beta_not_inverted))
GRADIENT_METHODS.mutant("nlr_unweighted", r"`normalized_lr_gd` stepping along the plain mean of the $z_i$",
                        _replace(_G, normalized_lr_gd=M.normalized_lr_gd_unweighted))

ITERATION_COUNTS = Claim(
    id="perceptron.library_iteration_counts",
    paper=PAPER,
    location="Problem (1) and the iteration counts of Thms 3.3, 5.2, 5.3, 6.1 and Table 1: the library",
    statement=r"The library's `iterations_to_solve` returns, for each of `METHODS` (the paper's LR+GD, "
              r"Normalized LR+GD, BP, NBP and Perceptron), the first $t \ge 1$ whose iterate from $\theta_0$ "
              r"solves (1) (every $m_i(\theta_t) > 0$); the perceptron-type counts at data scales "
              r"$2^{\pm 660}$ as at scale 1, and LR+GD's on $(cZ, \gamma/c^2)$ as on $(Z, \gamma)$.",
    assumptions=(FLOAT_TIES,),
    kind="algorithm",
    expected="supported",
    subject=L.iterations_to_solve,
    origin="suite",
)
ITERATION_COUNTS.mutant("count_from_zero", "the counter reporting one less (the update index, not the iterate's)",
                        M.count_from_zero)
ITERATION_COUNTS.mutant("count_nonstrict", r"the counter stopping at the first iterate with every $m_i \ge 0$",
                        M.count_nonstrict)
ITERATION_COUNTS.mutant("count_raw", r"the counter on the data as given: at scale $2^{-660}$ margins underflow "
                        "and no iterate counts as solving (1)", M.count_raw)
