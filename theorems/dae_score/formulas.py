"""The formulas under test for the dae_score claims (arXiv 1211.4246, as reconstructed) and their mutants.

A density enters through ``ops``, a dict of callables computed by the checks' ground truth (mpmath):
``score(x)`` = (log p)′, ``dlog(x, n)`` the n-th derivative of log p, ``log_p(x)``, and
``smoothed_score(x, σ)`` = (log p_σ)′ with p_σ = p ∗ N(0, σ²). The subjects turn them into the paper's
predictions; the mutants are the plausible wrong versions listed in the family's docstring.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from claimkit import Formula, interval

from .library import mixture_dae_minimiser

# -- E1: the DAE minimiser of a Gaussian mixture, and two wrong posterior means -----------------------


def minimiser_wrong_side(x, sigma, means, sds, weights):
    """Component posterior mean $(\\sigma^2\\tilde x + s^2\\mu)/(s^2 + \\sigma^2)$: variances on the wrong side."""
    xs, mu, sd, w = (np.asarray(v, dtype=float) for v in (x, means, sds, weights))
    t2 = sd**2 + sigma**2
    logit = np.log(w) - 0.5 * np.log(t2) - 0.5 * (xs[..., None] - mu) ** 2 / t2
    post = np.exp(logit - logit.max(axis=-1, keepdims=True))
    post /= post.sum(axis=-1, keepdims=True)
    return np.sum(post * (sigma**2 * xs[..., None] + sd**2 * mu) / t2, axis=-1)


def minimiser_prior_weights(x, sigma, means, sds, weights):
    """Responsibilities from the prior $N(\\tilde x; \\mu_k, s_k^2)$ instead of the evidence
    $N(\\tilde x; \\mu_k, s_k^2 + \\sigma^2)$."""
    xs, mu, sd, w = (np.asarray(v, dtype=float) for v in (x, means, sds, weights))
    t2 = sd**2 + sigma**2
    logit = np.log(w) - np.log(sd) - 0.5 * (xs[..., None] - mu) ** 2 / sd**2
    post = np.exp(logit - logit.max(axis=-1, keepdims=True))
    post /= post.sum(axis=-1, keepdims=True)
    return np.sum(post * (sd**2 * xs[..., None] + sigma**2 * mu) / t2, axis=-1)


DAE_MINIMISER = mixture_dae_minimiser

# -- E2, E3, E5: the predicted reconstruction and Jacobian --------------------------------------------


def first_order_reconstruction(x, sigma, ops):
    """E2: $r^*(x) \\approx x + \\sigma^2 (\\log p)'(x)$."""
    return x + sigma**2 * ops["score"](x)


def recon_sigma_power(x, sigma, ops):
    return x + sigma * ops["score"](x)


def recon_score_over_sigma2(x, sigma, ops):
    return x + ops["score"](x) / sigma**2


def recon_log_density(x, sigma, ops):
    return x + sigma**2 * ops["log_p"](x)


def tweedie_reconstruction(x, sigma, ops):
    """E3: $r^*_\\sigma(x) = x + \\sigma^2 (\\log p_\\sigma)'(x)$ exactly."""
    return x + sigma**2 * ops["smoothed_score"](x, sigma)


def tweedie_score_of_p(x, sigma, ops):
    return x + sigma**2 * ops["score"](x)


def tweedie_sigma_power(x, sigma, ops):
    return x + sigma * ops["smoothed_score"](x, sigma)


def jacobian_prediction(x, sigma, ops):
    """E5: $\\partial r^*/\\partial x \\approx 1 + \\sigma^2 (\\log p)''(x)$."""
    return 1 + sigma**2 * ops["dlog"](x, 2)


def jacobian_with_score(x, sigma, ops):
    return 1 + sigma**2 * ops["dlog"](x, 1)


def jacobian_sigma_power(x, sigma, ops):
    return 1 + sigma * ops["dlog"](x, 2)


def jacobian_sign(x, sigma, ops):
    return 1 - sigma**2 * ops["dlog"](x, 2)


# -- E2 remainder: (order in σ, coefficient of that power) --------------------------------------------


def dae_remainder_coefficient(x, ops):
    """$[r^* - x - \\sigma^2 s]/\\sigma^4 \\to (s'' + 2 s s')/2$, $s = (\\log p)'$."""
    s, s1, s2 = ops["dlog"](x, 1), ops["dlog"](x, 2), ops["dlog"](x, 3)
    return (s2 + 2 * s * s1) / 2


def contractive_remainder_coefficient(x, ops):
    """$[r_c - x - \\sigma^2 s]/\\sigma^4 \\to s'' + s s'$ for the contractive minimiser."""
    s, s1, s2 = ops["dlog"](x, 1), ops["dlog"](x, 2), ops["dlog"](x, 3)
    return s2 + s * s1


def coefficient_second_derivative_only(x, ops):
    return ops["dlog"](x, 3) / 2


DAE_REMAINDER = (4, dae_remainder_coefficient)
CONTRACTIVE_REMAINDER = (4, contractive_remainder_coefficient)

# -- E4: the Gaussian case ------------------------------------------------------------------------------

x_, mu_ = sp.symbols("x mu", real=True)
sigma_, s_ = sp.symbols("sigma s", positive=True)
GAUSSIAN_MINIMISER = Formula(x_ + sigma_**2 * (mu_ - x_) / (s_**2 + sigma_**2),
                             {"x": interval(-10, 10), "sigma": interval(0.01, 3, log=True),
                              "mu": interval(-5, 5), "s": interval(0.1, 5, log=True)},
                             name="gaussian_minimiser")

# -- E7: limits at non-smooth points ----------------------------------------------------------------------

KINK_LIMIT = 0.0            # (r* − x)/σ² at the kink of Laplace(0, 1): the mean of the one-sided scores ±1
EDGE_LIMIT_AS_STATED = 0.0  # E2 read at the edge of U(0, 1): the one-sided score there, 0
EDGE_SLOPE = math.sqrt(2 / math.pi)  # r*_σ(0) = σ √(2/π) (1 + o(1)): the mean of a half-normal
