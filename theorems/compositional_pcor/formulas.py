"""The formulas under test for the compositional partial correlations, and their mutants.

Every function here takes compositions ``x`` (an ``(n, D)`` array of positive parts), as the library
does, unless its name says logs. The library (``library.py``) holds the paper's two definitions (the
residual route and the pinv route); this module adds what the library does not expose (the
normalisation-based procedure of the paper's discussion, Pearson correlations of log-ratios, the
definitions without the library's sample-size guard, the D = 3 closed form) and the plausible wrong
variants used as mutants.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from claimkit import Formula, components, psd

from .library import _clr_precision, _residual, log_ratio_residuals, partial_correlations

# -- shared pieces -----------------------------------------------------------------------------------------


def _logs(x: np.ndarray) -> np.ndarray:
    return np.log(np.asarray(x, dtype=float))


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def _from_precision(omega: np.ndarray, sign: float = -1.0) -> np.ndarray:
    scale = np.sqrt(np.abs(np.diag(omega)))
    rho = sign * omega / np.outer(scale, scale)
    np.fill_diagonal(rho, 1.0)
    return rho


def _first_not(d: int, taken: set[int]) -> int:
    return min(k for k in range(d) if k not in taken)


# -- the definitions without the library's guard (P7) ------------------------------------------------------


def pcor_pinv_unguarded(x: np.ndarray) -> np.ndarray:
    """$\\rho = -\\Omega_{ij}/\\sqrt{\\Omega_{ii}\\Omega_{jj}}$, $\\Omega$ = numpy's pinv of the clr covariance,
    for any number of samples (no $n \\ge D$ guard)."""
    logs = _logs(x)
    c = logs - logs.mean(axis=1, keepdims=True)
    return _from_precision(np.linalg.pinv(np.cov(c, rowvar=False), hermitian=True))


def pcor_residual_unguarded(x: np.ndarray, i: int, j: int, r: int) -> float:
    """corr of the residuals of $l_i - l_r$ and $l_j - l_r$ on an intercept and $l_k - l_r$,
    $k \\notin \\{i, j, r\\}$, for any number of samples (NaN when a residual is zero)."""
    logs = _logs(x)
    others = [k for k in range(logs.shape[1]) if k not in (i, j, r)]
    ei, ej = (_residual(logs, a, r, others, True) for a in (i, j))
    with np.errstate(all="ignore"):
        return float(ei @ ej / np.sqrt((ei @ ei) * (ej @ ej)))


# -- normalisation-based partial correlations (P6) --------------------------------------------------------


#: Relative singular-value cut-off of the normalised regressions. With $|R| \ge 2$ the adjusted regressors are
#: exactly collinear ($\sum_{k \in R} y_k = 0$), and in float64 that sum is rounding noise of relative size about
#: $10^{-14}$ (more when the samples carry large per-sample factors); numpy's default cut-off ($\epsilon \max(n, p)$)
#: can keep that noise as a regressor. 1e-10 drops it and keeps every genuine direction of a design whose
#: condition number is below 1e10.
NORMALISED_RCOND = 1e-10


def _normalised(x, i, j, reference_set, rcond):
    logs = _logs(x)
    y = logs - logs[:, list(reference_set)].mean(axis=1, keepdims=True)
    d = logs.shape[1]
    cols = [np.ones(len(y))] + [y[:, k] for k in range(d) if k not in (i, j)]
    design = np.column_stack(cols)

    def resid(v: np.ndarray) -> np.ndarray:
        coef, *_ = np.linalg.lstsq(design, v, rcond=rcond)
        return v - design @ coef

    return _corr(resid(y[:, i]), resid(y[:, j]))


def normalised_partial_correlation(x: np.ndarray, i: int, j: int, reference_set: Sequence[int]) -> float:
    """Normalise by the geometric mean of the parts in ``reference_set`` ($y_k = l_k - \bar l_R$), then the
    conventional partial correlation of $y_i$ and $y_j$ adjusting for every other $y_k$ (the normalising
    parts among them), by least squares with the cut-off NORMALISED_RCOND."""
    return _normalised(x, i, j, reference_set, NORMALISED_RCOND)


def normalised_partial_correlation_default_cutoff(x: np.ndarray, i: int, j: int,
                                                  reference_set: Sequence[int]) -> float:
    """The same procedure with numpy's default least-squares cut-off (``rcond=None``)."""
    return _normalised(x, i, j, reference_set, None)


def normalised_not_adjusting_for_reference(x: np.ndarray, i: int, j: int, reference_set: Sequence[int]) -> float:
    """Mutant: the normalising parts are not adjusted for (only the parts outside $R \\cup \\{i, j\\}$)."""
    logs = _logs(x)
    y = logs - logs[:, list(reference_set)].mean(axis=1, keepdims=True)
    d = logs.shape[1]
    cols = [np.ones(len(y))] + [y[:, k] for k in range(d) if k not in {i, j, *reference_set}]
    design = np.column_stack(cols)
    res = [y[:, a] - design @ np.linalg.lstsq(design, y[:, a], rcond=None)[0] for a in (i, j)]
    return _corr(*res)


def normalised_without_adjustment(x: np.ndarray, i: int, j: int, reference_set: Sequence[int]) -> float:
    """Mutant: Pearson correlation of the normalised $y_i$, $y_j$ (no adjustment at all)."""
    logs = _logs(x)
    y = logs - logs[:, list(reference_set)].mean(axis=1, keepdims=True)
    return _corr(y[:, i], y[:, j])


def pearson_log_ratio(x: np.ndarray, i: int, j: int, r: int) -> float:
    """Pearson correlation of the log-ratios $l_i - l_r$ and $l_j - l_r$ (no adjustment)."""
    logs = _logs(x)
    return _corr(logs[:, i] - logs[:, r], logs[:, j] - logs[:, r])


# -- mutants of the pinv route (library.partial_correlations) ----------------------------------------------


def pcor_raw_proportions(x: np.ndarray) -> np.ndarray:
    """Mutant: the pinv formula on the closed proportions instead of their logs."""
    arr = np.asarray(x, dtype=float)
    p = arr / arr.sum(axis=1, keepdims=True)
    return _from_precision(np.linalg.pinv(np.cov(p, rowvar=False)))


def pcor_inv_not_pinv(x: np.ndarray) -> np.ndarray:
    """Mutant: the clr covariance inverted with inv instead of pinv (it is singular: rounding decides)."""
    logs = _logs(x)
    c = logs - logs.mean(axis=1, keepdims=True)
    return _from_precision(np.linalg.inv(np.cov(c, rowvar=False)))


def pcor_missing_minus(x: np.ndarray) -> np.ndarray:
    """Mutant: $+\\Omega_{ij}/\\sqrt{\\Omega_{ii}\\Omega_{jj}}$."""
    rho = -partial_correlations(x)
    np.fill_diagonal(rho, 1.0)
    return rho


def pcor_pearson_of_log_ratios(x: np.ndarray) -> np.ndarray:
    """Mutant: Pearson correlation of $l_i - l_r$ and $l_j - l_r$ (r the first other part) reported as $\\rho_{ij}$."""
    d = np.asarray(x).shape[1]
    rho = np.eye(d)
    for i in range(d):
        for j in range(d):
            if i != j:
                rho[i, j] = pearson_log_ratio(x, i, j, _first_not(d, {i, j}))
    return rho


def pcor_logs_not_clr(x: np.ndarray) -> np.ndarray:
    """Mutant: conventional partial correlations of the logs themselves
    ($\\Omega = \\mathrm{inv}(\\mathrm{Cov}(l))$)."""
    return _from_precision(np.linalg.inv(np.cov(_logs(x), rowvar=False)))


def pcor_centred_over_samples(x: np.ndarray) -> np.ndarray:
    """Mutant: 'clr' centred over the samples (columns) instead of the parts, then the pinv formula."""
    logs = _logs(x)
    c = logs - logs.mean(axis=0, keepdims=True)
    return _from_precision(np.linalg.pinv(np.cov(c, rowvar=False)))


def pcor_precision_unscaled(x: np.ndarray) -> np.ndarray:
    """Mutant: $-\\Omega_{ij}$ without the division by $\\sqrt{\\Omega_{ii}\\Omega_{jj}}$."""
    logs = _logs(x)
    omega = _clr_precision(np.cov(logs - logs.mean(axis=1, keepdims=True), rowvar=False))
    rho = -omega
    np.fill_diagonal(rho, 1.0)
    return rho


# -- mutants of the residual route (library.log_ratio_residuals) ---------------------------------------


def residuals_other_reference(x, i, *, reference=None, exclude=(), intercept=True):
    """Mutant: the target $l_i - l_r$ regressed on log-ratios $l_k - l_{r'}$ built with another reference
    $r'$ (the next part), over the same $k \\notin \\{i, r\\}$."""
    logs = _logs(x)
    d = logs.shape[1]
    skipped = set(exclude)
    r = reference if reference is not None else _first_not(d, skipped | {i})
    r2 = _first_not(d, skipped | {i, r})
    y = logs[:, i] - logs[:, r]
    cols = ([np.ones(len(y))] if intercept else []) + [logs[:, k] - logs[:, r2] for k in range(d)
                                                      if k not in skipped | {i, r}]
    design = np.column_stack(cols)
    return y - design @ np.linalg.lstsq(design, y, rcond=None)[0]


def residuals_of_logs(x, i, *, reference=None, exclude=(), intercept=True):
    """Mutant: $l_i$ regressed on the logs $l_k$ ($k \\notin \\{i, r\\}$), no ratios."""
    logs = _logs(x)
    d = logs.shape[1]
    skipped = set(exclude)
    r = reference if reference is not None else _first_not(d, skipped | {i})
    y = logs[:, i]
    cols = ([np.ones(len(y))] if intercept else []) + [logs[:, k] for k in range(d) if k not in skipped | {i, r}]
    design = np.column_stack(cols)
    return y - design @ np.linalg.lstsq(design, y, rcond=None)[0]


def residuals_dropping_last_regressor(x, i, *, reference=None, exclude=(), intercept=True):
    """Mutant: the last part is left out of the adjustment set."""
    d = np.asarray(x).shape[1]
    last = max(k for k in range(d) if k != i and k != reference and k not in set(exclude))
    return log_ratio_residuals(x, i, reference=reference, exclude={*exclude, last}, intercept=intercept)


# -- subcompositions (P5) -------------------------------------------------------------------------------------


def subcomposition_pcor(x: np.ndarray, parts: Sequence[int]) -> np.ndarray:
    """$\rho$ within the subcomposition of ``parts`` (re-closed), by the library's pinv route."""
    sub = np.asarray(x, dtype=float)[:, list(parts)]
    return partial_correlations(sub / sub.sum(axis=1, keepdims=True))


def subcomposition_pcor_from_full(x: np.ndarray, parts: Sequence[int]) -> np.ndarray:
    """Mutant: the full composition's $\rho$ restricted to ``parts`` (a coherent measure)."""
    return partial_correlations(x)[np.ix_(list(parts), list(parts))]


def subcomposition_pcor_raw_proportions(x: np.ndarray, parts: Sequence[int]) -> np.ndarray:
    """Mutant: the pinv formula on the re-closed proportions of the subcomposition."""
    return pcor_raw_proportions(np.asarray(x, dtype=float)[:, list(parts)])


# -- mutants of the library's residual_partial_correlation ---------------------------------------------------


def _residual_pcor_with(x, i, j, reference, *, intercept: bool, transform) -> float:
    arr = np.asarray(x, dtype=float)
    d = arr.shape[1]
    r = reference if reference is not None else _first_not(d, {i, j})
    t = transform(arr)
    others = [k for k in range(d) if k not in (i, j, r)]
    ei, ej = (_residual(t, a, r, others, intercept) for a in (i, j))
    return float(ei @ ej / np.sqrt((ei @ ei) * (ej @ ej)))


def residual_pcor_without_intercept(x, i, j, *, reference=None):
    """Mutant: residuals of the log-ratios without the intercept (their cosine, as the library takes)."""
    return _residual_pcor_with(x, i, j, reference, intercept=False, transform=np.log)


def residual_pcor_of_ratios(x, i, j, *, reference=None):
    """Mutant: the residuals of the differences of proportions $x_i - x_r$, not of log-ratios."""
    return _residual_pcor_with(x, i, j, reference, intercept=True,
                               transform=lambda a: a / a.sum(axis=1, keepdims=True))


def residual_pcor_unguarded_call(x, i, j, *, reference=None):
    """Mutant: no domain check (NaN for a zero part, a number for $n < D$)."""
    with np.errstate(all="ignore"):
        return _residual_pcor_with(x, i, j, reference, intercept=True, transform=np.log)


# -- the D = 3 closed form (formula claim) -------------------------------------------------------------------

SIGMA_DOMAIN = psd(3, definite=True)
S = components("S", SIGMA_DOMAIN)
_ALR_COV_01 = S[0, 1] - S[0, 2] - S[1, 2] + S[2, 2]
_ALR_VAR_0 = S[0, 0] - 2 * S[0, 2] + S[2, 2]
_ALR_VAR_1 = S[1, 1] - 2 * S[1, 2] + S[2, 2]

#: Three parts with log-covariance $\Sigma$: $\rho_{12}$ is the correlation of $\log(x_1/x_3)$ and $\log(x_2/x_3)$.
THREE_PART_PCOR = Formula(_ALR_COV_01 / sp.sqrt(_ALR_VAR_0 * _ALR_VAR_1), {"S": SIGMA_DOMAIN},
                          name="three_part_pcor")
