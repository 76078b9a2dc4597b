"""Plausible wrong versions of the estimators: the mutants of the estimator and release claims."""

from __future__ import annotations

import math

import numpy as np

from . import release as R
from .library import _log_mean_kernel, _samples


def _terms(x, y, sigma):
    xs, ys = _samples("x", x), _samples("y", y)
    return xs, ys, _log_mean_kernel(xs, xs, sigma), _log_mean_kernel(ys, ys, sigma), _log_mean_kernel(xs, ys, sigma)


def kde_cross_not_doubled(x, y, sigma):
    """−log mean κ(x, y) in place of −2 log mean κ(x, y)."""
    _, _, a, b, c = _terms(x, y, sigma)
    return a + b - c


def kde_cross_over_n_squared(x, y, sigma):
    """The cross sum divided by n² (the first sample's size twice) in place of n·m."""
    xs, ys, a, b, c = _terms(x, y, sigma)
    return a + b - 2 * (c + math.log(ys.shape[0]) - math.log(xs.shape[0]))


def kde_in_bits(x, y, sigma):
    """log₂ in place of the natural logarithm."""
    _, _, a, b, c = _terms(x, y, sigma)
    return (a + b - 2 * c) / math.log(2)


def qmi_cross_over_n_squared(x, y, sigma=None):
    """CS_QMI with the cross term divided by N² in place of N³."""
    return R.cs_qmi(x, y, sigma, cross_power=2)


def qmi_natural_log(x, y, sigma=None):
    """CS_QMI in nats (natural log in place of log₂)."""
    return R.cs_qmi(x, y, sigma, log=math.log)


def qmi_log10(x, y, sigma=None):
    """CS_QMI with log₁₀."""
    return R.cs_qmi(x, y, sigma, log=math.log10)


def qmi_distance_median(x, y, sigma=None):
    """CS_QMI with σ = 10 × the median of the distances (not squared)."""
    return R.cs_qmi(x, y, sigma, width=R.sigma_estimation_distance)


def qmi_without_factor_ten(x, y, sigma=None):
    """CS_QMI with σ = the median of squared distances (the factor 10 dropped)."""
    return R.cs_qmi(x, y, sigma, width=lambda a, b: R.sigma_estimation(a, b) / 10)


def loss_cross_not_doubled(k11, k22, k12):
    """−log ΣK₁₂ + log ΣK₁₁ + log ΣK₂₂: the factor 2 on the cross term missing."""
    return -math.log(np.sum(k12)) + math.log(np.sum(k11)) + math.log(np.sum(k22))


def loss_without_target_term(k11, k22, k12):
    """−2 log ΣK₁₂ + log ΣK₂₂: log ΣK₁₁ dropped (it is constant in training)."""
    return -2 * math.log(np.sum(k12)) + math.log(np.sum(k22))



def gaussian_with_determinants(mu1, cov1, mu2, cov2):
    """The closed form through det and inv: overflows (or underflows) once the covariances are far from unit scale."""
    m1, m2 = np.atleast_1d(np.asarray(mu1, float)), np.atleast_1d(np.asarray(mu2, float))
    s1, s2 = np.atleast_2d(np.asarray(cov1, float)), np.atleast_2d(np.asarray(cov2, float))
    delta = m1 - m2
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return float(delta @ np.linalg.inv(s1 + s2) @ delta + np.log(np.linalg.det((s1 + s2) / 2))
                     - 0.5 * np.log(np.linalg.det(s1)) - 0.5 * np.log(np.linalg.det(s2)))


def gaussian_half_sum(mu1, cov1, mu2, cov2):
    """(Σ₁ + Σ₂)/2 in the quadratic form as well as in the determinant."""
    m1, m2 = np.atleast_1d(np.asarray(mu1, float)), np.atleast_1d(np.asarray(mu2, float))
    s1, s2 = np.atleast_2d(np.asarray(cov1, float)), np.atleast_2d(np.asarray(cov2, float))
    delta = m1 - m2
    return float(delta @ np.linalg.solve((s1 + s2) / 2, delta) + np.linalg.slogdet((s1 + s2) / 2)[1]
                 - 0.5 * np.linalg.slogdet(s1)[1] - 0.5 * np.linalg.slogdet(s2)[1])
