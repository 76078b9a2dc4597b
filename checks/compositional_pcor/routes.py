"""Float routes to the partial correlations that do not use the pinv formula, and the shared tolerances.

``schur_partial_correlation`` is the conventional partial correlation of two log-ratios with a common
reference: the 2 × 2 Schur complement of the log-ratio covariance, ``S_aa − S_ab S_bb⁻¹ S_ba``, whose
correlation is the correlation of the regression residuals. It never forms the clr covariance or a
pseudo-inverse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# The subject inverts a (D − 1)-dimensional covariance and the Schur route solves a (D − 3)-dimensional
# system: each carries a relative error of about κ ε (κ the condition number of the log-ratio covariance,
# ε = 2.2e-16). Cases with κ > KAPPA_MAX are rejected; on the rest the error is below 1e4 · 2.2e-16 ≈ 2e-12,
# and PCOR_TOL leaves ×50 headroom. Every mutant is off by O(0.1) or more.
KAPPA_MAX = 1e4
PCOR_TOL = 1e-10

# Exact routes: the only float error is the subject's (κ ε with κ ≤ 1e6 on integer logs in [−3, 3] with
# n ≤ D + 6, plus the rounding of exp and of the per-sample scale factors, ≤ 1e-15 in a log-ratio).
# EXACT_TOL = 1e-8 leaves ×50 headroom over 1e6 · 2.2e-16.
EXACT_TOL = 1e-8
#: Exact checks keep the integer-log data sets whose log-ratio covariance has condition number at most this
#: (the claims assume a full-rank covariance; small integer data sets can be exactly rank deficient).
KAPPA_EXACT = 1e6


def log_ratio_cov(logs: np.ndarray, r: int) -> tuple[np.ndarray, list[int]]:
    """Covariance of the log-ratios ``l_k − l_r`` (k ≠ r) and the list of those k."""
    keep = [k for k in range(logs.shape[1]) if k != r]
    return np.cov(logs[:, keep] - logs[:, [r]], rowvar=False), keep


def schur_partial_correlation(logs: np.ndarray, i: int, j: int, r: int,
                              adjust: Sequence[int] | None = None) -> float:
    """corr of the residuals of ``l_i − l_r`` and ``l_j − l_r`` on ``l_k − l_r``, k in ``adjust``
    (default: every part but i, j, r), from the Schur complement of their covariance."""
    if adjust is None:
        adjust = [k for k in range(logs.shape[1]) if k not in (i, j, r)]
    cols = [i, j, *adjust]
    v = logs[:, cols] - logs[:, [r]]
    s = np.cov(v, rowvar=False)
    saa = s[:2, :2]
    if len(adjust):
        sab = s[:2, 2:]
        saa = saa - sab @ np.linalg.solve(s[2:, 2:], sab.T)
    return float(saa[0, 1] / np.sqrt(saa[0, 0] * saa[1, 1]))


def condition(logs: np.ndarray) -> float:
    """Condition number of the log-ratio covariance (reference: the last part)."""
    s, _ = log_ratio_cov(logs, logs.shape[1] - 1)
    return float(np.linalg.cond(s))


def call(ev: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """The subject's answer; an exception on a valid input (a singular matrix inverted, a rejected
    input) is a failure of the subject, not an error of the check."""
    try:
        out = fn(*args, **kwargs)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError) as exc:
        ev.that(False, f"the subject raised on a valid input: {type(exc).__name__}: {exc}")
    return out
