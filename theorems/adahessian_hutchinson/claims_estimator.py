"""The claims about the curvature estimate: H1 (Hutchinson is unbiased), H2 (its variance, and which probe
distribution minimises it), H3 (the release's |Hv| is not unbiased for |H_ii|), H4 (what the RMS average of the
samples converges to).

The paper's body was not read: the statements are worded as reconstructed from the abstract and the release (said in
each claim's notes).
"""

from __future__ import annotations

import numpy as np

from claimkit import Claim, formula_claim

from . import formulas as F
from .library import hutchinson_variance, rms_ema_limit
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement as reconstructed from "
                 "the abstract and the release. ")

# -- H1 -------------------------------------------------------------------------------------------------------------

UNBIASED = Claim(
    id="adahessian_hutchinson.hutchinson_unbiased",
    paper=PAPER,
    location="abstract (i), the Hutchinson-based estimate of the Hessian diagonal",
    statement=r"$\mathbb{E}[z \odot Hz] = \operatorname{diag}(H)$ for Rademacher $z$ (independent entries $\pm 1$ "
              r"with probability $\frac{1}{2}$) and for standard Gaussian $z$.",
    assumptions=(r"$H \in \mathbb{R}^{d \times d}$ symmetric",),
    kind="identity",
    expected="proved",
    subject=F.hutchinson_sample,
    notes=RECONSTRUCTED + r"It holds for every $z$ with $\mathbb{E}[zz^\top] = I$, symmetric $H$ or not: "
          r"$\mathbb{E}[z_i (Hz)_i] = \sum_j H_{ij}\mathbb{E}[z_i z_j] = H_{ii}$. Checked exactly over all $2^d$ "
          r"Rademacher vectors, by Gauss–Hermite quadrature (exact for these polynomials) and by Monte Carlo.",
)
UNBIASED.mutant("release_abs", r"$|Hz|$ (the release's stored estimate) taken as the sample", F.abs_hv_sample,
                targets=("rademacher_exact_enumeration",))
UNBIASED.mutant("without_probe_product", r"$Hz$ without the product with $z$", F.hv_only_sample,
                targets=("gaussian_quadrature",))
UNBIASED.mutant("squared", r"$(z \odot Hz)^2$, the square the RMS average accumulates", F.squared_sample,
                targets=("gaussian_monte_carlo",))

# -- H2 -------------------------------------------------------------------------------------------------------------


def _rademacher_variance_exact(a, b, c):
    """Var(z₁(a z₁ + b z₂ + c z₃)) over the 8 sign vectors, in exact rationals of the float inputs."""
    from fractions import Fraction

    a, b, c = Fraction(a), Fraction(b), Fraction(c)
    values = [z1 * (a * z1 + b * z2 + c * z3) for z1 in (-1, 1) for z2 in (-1, 1) for z3 in (-1, 1)]
    mean = sum(values) / 8
    return sum((v - mean) ** 2 for v in values) / 8


def _rademacher_variance_truth(a, b, c):
    return float(_rademacher_variance_exact(a, b, c))


def _rademacher_variance_high(digits, a, b, c):
    import mpmath

    with mpmath.workdps(digits):
        q = _rademacher_variance_exact(a, b, c)
        return mpmath.mpf(q.numerator) / q.denominator


def _gaussian_variance_quadrature(a, b, c, *, digits=None):
    """Var(z₁(a z₁ + b z₂ + c z₃)) for standard Gaussian z by tensor Gauss–Hermite quadrature with 3 nodes per
    variable (0 and ±√3, weights 2/3 and 1/6: exact for polynomials of degree ≤ 5 in each variable)."""
    import mpmath

    ctx = mpmath.workdps(digits) if digits else None
    if ctx:
        ctx.__enter__()
    try:
        r3 = mpmath.sqrt(3) if digits else 3**0.5
        one = mpmath.mpf(1) if digits else 1.0
        nodes = ((0 * one, 2 * one / 3), (r3, one / 6), (-r3, one / 6))
        aa, bb, cc = (mpmath.mpf(v) if digits else float(v) for v in (a, b, c))
        m1 = m2 = 0 * one
        for z1, w1 in nodes:
            for z2, w2 in nodes:
                for z3, w3 in nodes:
                    x = z1 * (aa * z1 + bb * z2 + cc * z3)
                    m1 += w1 * w2 * w3 * x
                    m2 += w1 * w2 * w3 * x * x
        return m2 - m1 * m1
    finally:
        if ctx:
            ctx.__exit__(None, None, None)


RADEMACHER_VARIANCE = formula_claim(
    id="adahessian_hutchinson.rademacher_variance_formula",
    paper=PAPER,
    location="abstract (i); the variance of one Rademacher probe (reconstructed)",
    formula=F.VAR_RADEMACHER,
    statement=r"For Rademacher $z$, $\operatorname{Var}((z \odot Hz)_i) = \sum_{j \ne i} H_{ij}^2$; for the row "
              r"$(H_{ii}, H_{ij}, H_{ik}) = (a, b, c)$ of a $3 \times 3$ $H$ it is $b^2 + c^2$.",
    truth=_rademacher_variance_truth,
    truth_at_precision=_rademacher_variance_high,
    atol=1e-12,
    tolerance_reason=r"the variance vanishes at $b = c = 0$, where a relative tolerance alone would ask for more "
                     r"than float64 holds",
    examples=6,
    mutant_limit=6,
    expected="proved",
    notes=RECONSTRUCTED + r"The ground truth enumerates the 8 sign vectors in exact rationals. "
          r"The diagonal does not contribute: $z_i^2 = 1$ makes $z_i(Hz)_i = H_{ii} + \sum_{j \ne i} H_{ij} z_i z_j$.",
)

GAUSSIAN_VARIANCE = formula_claim(
    id="adahessian_hutchinson.gaussian_variance_formula",
    paper=PAPER,
    location="abstract (i); the variance of one Gaussian probe (reconstructed)",
    formula=F.VAR_GAUSSIAN,
    statement=r"For standard Gaussian $z$, $\operatorname{Var}((z \odot Hz)_i) = \sum_{j \ne i} H_{ij}^2 + "
              r"2H_{ii}^2$; for the row $(a, b, c)$ of a $3 \times 3$ $H$ it is $b^2 + c^2 + 2a^2$.",
    truth=lambda a, b, c: float(_gaussian_variance_quadrature(a, b, c)),
    truth_at_precision=lambda digits, a, b, c: _gaussian_variance_quadrature(a, b, c, digits=digits),
    atol=1e-11,
    tolerance_reason=r"the float64 quadrature forms $m_2 - m_1^2$, which cancels when the diagonal entry dominates; "
                     r"the variance can also be close to 0",
    examples=6,
    mutant_limit=8,
    expected="proved",
    notes=RECONSTRUCTED + r"The ground truth is Gauss–Hermite quadrature, exact for the degree-4 polynomial. "
          r"$\mathbb{E}z^4 = 3$ adds $(3 - 1)H_{ii}^2$ to the Rademacher variance.",
)
GAUSSIAN_VARIANCE.mutant("same_variance", r"Gaussian $z$ taken to have the Rademacher variance $b^2 + c^2$",
                         F.VAR_GAUSSIAN.with_expr(F.VAR_RADEMACHER.expr), targets=("matches_ground_truth",))

VARIANCE_GENERAL = Claim(
    id="adahessian_hutchinson.probe_variance_general",
    paper=PAPER,
    location="abstract (i): why the release draws Rademacher probes (the suite's question)",
    statement=r"For $z$ with i.i.d. entries, $\mathbb{E}z_j = 0$, $\mathbb{E}z_j^2 = 1$, $\kappa = \mathbb{E}z_j^4$: "
              r"$\operatorname{Var}((z \odot Hz)_i) = \sum_{j \ne i} H_{ij}^2 + (\kappa - 1)H_{ii}^2$ (whatever "
              r"$\mathbb{E}z_j^3$); since $\kappa - 1 = \operatorname{Var}(z_j^2) \ge 0$, Rademacher $z$ "
              r"($\kappa = 1$) "
              r"has the least variance in every coordinate, strictly less than any other law where $H_{ii} \ne 0$.",
    assumptions=(r"$H \in \mathbb{R}^{d \times d}$; $\kappa < \infty$",),
    kind="inequality",
    expected="proved",
    subject=hutchinson_variance,
    origin="suite",
    notes=r"Whether Rademacher is the minimum-variance choice is the suite's question: it is, uniquely among laws "
          r"with $z^2 \ne 1$ somewhere, as soon as $H_{ii} \ne 0$ (a law with $z_j^2 = 1$ almost surely and mean 0 "
          r"is Rademacher). Checked on exact discrete laws (Rademacher; $\{-2, 0, 2\}$ with $\kappa = 4$; the "
          r"skewed $\{2, -\frac{1}{2}\}$ with $\kappa = \frac{13}{4}$), by quadrature (Gaussian, uniform) and by "
          r"Monte Carlo.",
)
VARIANCE_GENERAL.mutant("same_variance", r"every law given the Rademacher variance $\sum_{j \ne i} H_{ij}^2$",
                        lambda H, *, fourth_moment=1.0: hutchinson_variance(H, fourth_moment=1.0),
                        targets=("gaussian_monte_carlo_variance",))
VARIANCE_GENERAL.mutant("kappa_without_minus_one", r"$\kappa H_{ii}^2$ for $(\kappa - 1)H_{ii}^2$",
                        lambda H, *, fourth_moment=1.0: hutchinson_variance(H, fourth_moment=fourth_moment)
                        + np.diag(np.asarray(H, dtype=float)) ** 2, targets=("discrete_laws_exact",))
VARIANCE_GENERAL.mutant("gaussian_for_every_law", r"$2H_{ii}^2$ added for every law",
                        lambda H, *, fourth_moment=1.0: hutchinson_variance(H, fourth_moment=3.0),
                        targets=("continuous_laws_quadrature",))
VARIANCE_GENERAL.mutant("diagonal_counted", r"$\sum_j H_{ij}^2 + (\kappa - 1)H_{ii}^2$ (the diagonal term kept "
                        r"in the sum)",
                        lambda H, *, fourth_moment=1.0: hutchinson_variance(H, fourth_moment=fourth_moment + 1.0),
                        targets=("discrete_laws_exact",))

# -- H3 -------------------------------------------------------------------------------------------------------------

ABS_HV_UNBIASED = Claim(
    id="adahessian_hutchinson.abs_hv_unbiased",
    paper=PAPER,
    location="image_classification/optim_adahessian.py (85ebc00), get_trace: the stored estimate "
             r"$|Hv| = |v \odot Hv|$",
    statement=r"For every symmetric $H$ and Rademacher $v$, $\mathbb{E}|(Hv)_i| = |H_{ii}|$: the release's stored "
              r"estimate is an unbiased estimate of $|\operatorname{diag}(H)|$.",
    assumptions=(r"$H \in \mathbb{R}^{d \times d}$ symmetric; $v$ Rademacher",),
    kind="identity",
    expected="conditional",
    subject=F.abs_hv_sample,
    refined_by="adahessian_hutchinson.abs_hv_dominance",
    origin="suite",
    notes=r"The release takes the absolute value of the Hutchinson sample (its comment: torch.abs(hv * vi) = "
          r"hv.abs()); whether that is still unbiased for $|H_{ii}|$ is the suite's question. It is not: "
          r"$|(Hv)_i| = |H_{ii} + \sum_{j \ne i} H_{ij} v_i v_j|$ and Jensen's inequality gives "
          r"$\mathbb{E}|(Hv)_i| \ge |H_{ii}|$, strictly when the row is not diagonally dominant. Smallest witness: "
          r"$H = \begin{pmatrix} 1 & 2 \\ 2 & 1 \end{pmatrix}$, "
          r"$\mathbb{E}|(Hv)_1| = \frac{|1 + 2| + |1 - 2|}{2} = 2$.",
)

ABS_HV_DOMINANCE = Claim(
    id="adahessian_hutchinson.abs_hv_dominance",
    paper=PAPER,
    location="image_classification/optim_adahessian.py (85ebc00), get_trace (when $|Hv|$ is unbiased)",
    statement=r"For every symmetric $H$ and Rademacher $v$, $\mathbb{E}|(Hv)_i| \ge |H_{ii}|$, with equality exactly "
              r"when "
              r"row $i$ is weakly diagonally dominant, $|H_{ii}| \ge \sum_{j \ne i} |H_{ij}|$.",
    assumptions=(r"$H \in \mathbb{R}^{d \times d}$ symmetric (the argument is row by row and does not use the "
                 r"symmetry); $v$ Rademacher",),
    kind="inequality",
    expected="proved",
    subject=lambda H: np.abs(np.diag(H)) >= np.sum(np.abs(H), axis=1) - np.abs(np.diag(H)),
    origin="suite",
    notes=r"$S = \sum_{j \ne i} H_{ij}\varepsilon_j$ is symmetric and reaches $\pm\sum_{j \ne i}|H_{ij}|$, so "
          r"$H_{ii} + S$ keeps one sign (and $\mathbb{E}|H_{ii} + S| = |H_{ii}|$) exactly under dominance. The subject "
          "is the predicate; the checks compare it with the exact expectation (enumeration) and with the exact law of "
          "$S$ (convolution).",
)
_dominance_diag = lambda H: np.abs(np.diag(H))  # noqa: E731
_dominance_off = lambda H: np.sum(np.abs(H), axis=1) - np.abs(np.diag(H))  # noqa: E731
ABS_HV_DOMINANCE.mutant("strict_dominance", r"equality only for strict dominance $|H_{ii}| > \sum_{j \ne i}|H_{ij}|$",
                        lambda H: _dominance_diag(H) > _dominance_off(H), targets=("enumeration_matches_condition",))
ABS_HV_DOMINANCE.mutant("entrywise_dominance", r"equality when $|H_{ii}| \ge \max_{j \ne i}|H_{ij}|$",
                        lambda H: _dominance_diag(H) >= np.max(np.abs(H - np.diag(np.diag(H))), axis=1),
                        targets=("enumeration_matches_condition",))
ABS_HV_DOMINANCE.mutant("signed_sum", r"equality when $|H_{ii}| \ge |\sum_{j \ne i} H_{ij}|$ (no absolute values "
                        "inside the sum)",
                        lambda H: _dominance_diag(H) >= np.abs(np.sum(H, axis=1) - np.diag(H)),
                        targets=("convolution_law",))
ABS_HV_DOMINANCE.mutant("always_unbiased", r"equality for every row", lambda H: np.ones(len(H), dtype=bool),
                        targets=("convolution_law",))

# -- H4 -------------------------------------------------------------------------------------------------------------

RMS_LIMIT_DIAGONAL = Claim(
    id="adahessian_hutchinson.rms_ema_diagonal_limit",
    paper=PAPER,
    location="abstract (ii), the root-mean-square EMA of the Hessian diagonal (the reconstructed $v_t$)",
    statement=r"For a fixed $H$, the RMS average $v_t = \left(\frac{1 - \beta_2}{1 - \beta_2^t}\sum_{s \le t} "
              r"\beta_2^{t-s} D_s^2\right)^{1/2}$ of the samples $D_s = |Hv_s|$ smooths the Hessian diagonal: it "
              r"converges to $|\operatorname{diag}(H)|$ as $t \to \infty$ and $\beta_2 \to 1$.",
    assumptions=(r"$H$ fixed and symmetric; $v_s$ independent Rademacher vectors; no spatial averaging "
                 r"(tensors of at most 2 dims); $k = 1$",),
    kind="limit",
    expected="conditional",
    subject=lambda H: np.abs(np.diag(H)),
    refined_by="adahessian_hutchinson.rms_ema_row_norm",
    notes=RECONSTRUCTED + r"The RMS of the samples estimates $\mathbb{E}D_i^2 = \mathbb{E}(Hv)_i^2 = \sum_j H_{ij}^2$, "
          r"not $H_{ii}^2$: squaring undoes what the product with $v$ did for the mean, and this holds for "
          r"Hutchinson's signed sample too, since $(v \odot Hv)_i^2 = (Hv)_i^2$. Witness: $H = "
          r"\begin{pmatrix} 1 & 1 \\ 1 & 1 \end{pmatrix}$, $D_1 \in \{0, 2\}$, $v_t \to \sqrt 2$, not 1.",
)

RMS_ROW_NORM = Claim(
    id="adahessian_hutchinson.rms_ema_row_norm",
    paper=PAPER,
    location="abstract (ii): what the released RMS average converges to (the suite's answer)",
    statement=r"For a fixed $H$ and $D_s = |Hv_s|$, the bias-corrected $\hat s_t = \frac{1 - \beta_2}{1 - \beta_2^t}"
              r"\sum_{s \le t}\beta_2^{t-s}D_s^2$ has $\mathbb{E}\hat s_t = \sum_j H_{ij}^2$ at every $t$ and "
              r"variance $\operatorname{Var}(D_i^2)\frac{(1 - \beta_2)(1 + \beta_2^t)}{(1 + \beta_2)(1 - \beta_2^t)} "
              r"\to 0$ as $t \to \infty$, then $\beta_2 \to 1$: $v_t = \hat s_t^{1/2} \to \left(\sum_j "
              r"H_{ij}^2\right)^{1/2}$ in probability, the norm of row $i$, which equals $|H_{ii}|$ only when row $i$ "
              r"has no off-diagonal entry.",
    assumptions=(r"$H$ fixed; $v_s$ independent Rademacher vectors; no spatial averaging",),
    kind="limit",
    expected="proved",
    subject=rms_ema_limit,
    origin="suite",
    notes=r"The limit is an $\ell_2$ row norm of $H$, at least $|H_{ii}|$: the release's denominator overstates the "
          r"curvature of every coordinate coupled to others, and never sees its sign. After "
          r"$2\cdot 10^4$ released steps ($\beta_2 = 0.999$) the largest deviation of $v_t$ from the row norm, in "
          r"standard deviations of $\hat s_t$, was {{release_ema_run.worst_z:.2g}}.",
)
_ROW = ("row_norm_second_moment",)
RMS_ROW_NORM.mutant("diagonal", r"$|H_{ii}|$", lambda H: np.abs(np.diag(np.asarray(H, dtype=float))),
                    targets=("release_ema_run",))
RMS_ROW_NORM.mutant("l1_row_norm", r"$\sum_j |H_{ij}|$", lambda H: np.sum(np.abs(np.asarray(H, dtype=float)), axis=1),
                    targets=_ROW)
RMS_ROW_NORM.mutant("mean_abs", r"$\mathbb{E}|(Hv)_i|$ (the mean of $D$, not its RMS)",
                    lambda H: np.array([float(v) for v in F.expected_abs_hv(np.asarray(H))]), targets=_ROW)
RMS_ROW_NORM.mutant("off_diagonal_only", r"$\left(\sum_{j \ne i} H_{ij}^2\right)^{1/2}$ (the probe variance)",
                    lambda H: np.sqrt(np.sum(np.asarray(H, dtype=float) ** 2, axis=1)
                                      - np.diag(np.asarray(H, dtype=float)) ** 2), targets=_ROW)
