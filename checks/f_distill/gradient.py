"""F1: the gradient formula against the total derivative of D_f(p‖q_θ), differentiated under the integral sign and by
Richardson differences (float64 quadrature, and mpmath in the thorough profile), and by Monte Carlo over z with exact
scores; 1-D Gaussians, the student's mean or scale as θ."""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy as sp
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.f_distill import formulas as F
from ...theorems.f_distill.claims_gradient import GRADIENT
from .strategies import divergences, seeds

# The ground truth differentiates D_f under the integral sign; both sides use the same composite Gauss–Legendre rule
# (error below 1e-14 on these integrands), so they differ by float64 rounding of sums of ~1e3 terms of size up to
# |dD/dθ| · 10: about 1e-12 relative. RTOL = ATOL = 1e-9 leave 1000× headroom; every mutant is off by an O(1) fraction
# of the gradient. The Richardson differences of the specification's case (step H, truncation H⁴/30 · |D⁽⁵⁾| ≲ 1e-8)
# are compared at FD_TOL.
H = 0.01
RTOL = 1e-9
ATOL = 1e-9
FD_TOL = 1e-6
SPEC_CASE = {"name": "", "mu_p": 1.3, "sigma_p": 0.8, "theta": 0.2, "sigma_q": 1.1}


# composite 16-point Gauss–Legendre on 80 panels of width 0.5 over [c − 20, c + 20]: for Gaussian-ratio integrands with
# standard deviations ≥ 0.5 its error is below 1e-14 (checked against mpmath at 30 digits in the thorough profile).
PANELS, ORDER = 80, 16


def _log_normal(x, mu, sigma):
    return -0.5 * ((x - mu) / sigma) ** 2 - math.log(sigma * math.sqrt(2 * math.pi))


def _limits(mu_p, theta, half_width):
    centre = 0.5 * (mu_p + theta)
    return centre - half_width, centre + half_width


@functools.lru_cache(maxsize=8)
def _gauss_legendre(lo, hi, panels=PANELS, order=ORDER):
    """Nodes and weights of the composite Gauss–Legendre rule on [lo, hi]."""
    t, w = np.polynomial.legendre.leggauss(order)
    edges = np.linspace(lo, hi, panels + 1)
    half = 0.5 * np.diff(edges)[:, None]
    mid = 0.5 * (edges[:-1] + edges[1:])[:, None]
    return (mid + half * t).ravel(), (half * w).ravel()


def _quadrature(values_at, lo, hi):
    x, w = _gauss_legendre(lo, hi)
    with np.errstate(all="ignore"):
        return float(np.sum(w * values_at(x)))


def divergence(name, mu_p, sigma_p, mean, scale, half_width=20.0):
    """D_f(N(μ_p, σ_p²) ‖ N(mean, scale²)) by composite Gauss–Legendre quadrature."""
    f = F.derivatives(name).f

    def integrand(x):
        lq = _log_normal(x, mean, scale)
        return np.exp(lq) * f(np.exp(_log_normal(x, mu_p, sigma_p) - lq))

    return _quadrature(integrand, *_limits(mu_p, mean, half_width))


@functools.cache
def _f_minus_r_f1(name):
    fr = F.F_EXPR[name]
    return sp.lambdify(F.r, fr - F.r * sp.diff(fr, F.r), "numpy")


@functools.lru_cache(maxsize=512)
def total_derivative(name, mu_p, sigma_p, theta, sigma_q, param, half_width=20.0):
    """dD_f/dθ = ∫ ∂_θ q(x) · (f(r) − r f′(r)) dx: D_f differentiated under the integral sign at fixed x (θ the
    student's mean or its scale), by the same composite Gauss–Legendre rule; no integration by parts, no score."""
    g = _f_minus_r_f1(name)

    def integrand(x):
        lq = _log_normal(x, theta, sigma_q)
        u = (x - theta) / sigma_q
        dlogq = u / sigma_q if param == "mean" else (u**2 - 1) / sigma_q
        return np.exp(lq) * dlogq * g(np.exp(_log_normal(x, mu_p, sigma_p) - lq))

    return _quadrature(integrand, *_limits(mu_p, theta, half_width))


def difference_derivative(name, mu_p, sigma_p, theta, sigma_q, half_width=20.0):
    """dD_f/dθ (θ the mean) by Richardson-extrapolated central differences of the quadrature of D_f."""
    central = [(divergence(name, mu_p, sigma_p, theta + h, sigma_q, half_width)
                - divergence(name, mu_p, sigma_p, theta - h, sigma_q, half_width)) / (2 * h) for h in (H, H / 2)]
    return (4 * central[1] - central[0]) / 3


def formula_by_quadrature(subject, name, mu_p, sigma_p, theta, sigma_q, param, half_width=20.0):
    """E_q[integrand] by composite Gauss–Legendre quadrature, with the exact Gaussian scores and ∂x/∂θ."""
    fd = F.derivatives(name)

    def integrand(x):
        lq = _log_normal(x, theta, sigma_q)
        ratio = np.exp(_log_normal(x, mu_p, sigma_p) - lq)
        diff = -(x - mu_p) / sigma_p**2 + (x - theta) / sigma_q**2
        jac = 1.0 if param == "mean" else (x - theta) / sigma_q
        return np.exp(lq) * subject(fd, ratio, diff, jac)  # a mutant may overflow to inf: a failed check

    return _quadrature(integrand, *_limits(mu_p, theta, half_width))


@functools.lru_cache(maxsize=16)
def mp_total_derivative(name, mu_p, sigma_p, theta, sigma_q, digits=30):
    """dD_f/dθ (θ the student's mean) at ``digits`` digits: ∫ ∂_θ q · (f(r) − r f′(r)) dx, differentiated under the
    integral at fixed x (not integrated by parts), by mpmath quadrature on [−20, 20] around the means."""
    fr = F.F_EXPR[name]
    g = sp.lambdify(F.r, fr - F.r * sp.diff(fr, F.r), "mpmath")
    with mpmath.workdps(digits):
        mp_, sp_, t, sq = (mpmath.mpf(v) for v in (mu_p, sigma_p, theta, sigma_q))

        def integrand(x):
            lq = -(x - t) ** 2 / (2 * sq**2) - mpmath.log(sq * mpmath.sqrt(2 * mpmath.pi))
            lp = -(x - mp_) ** 2 / (2 * sp_**2) - mpmath.log(sp_ * mpmath.sqrt(2 * mpmath.pi))
            dq = mpmath.exp(lq) * (x - t) / sq**2
            return dq * g(mpmath.exp(lp - lq))

        c = (mp_ + t) / 2
        return mpmath.quad(integrand, [c - 20, t, mp_, c + 20])


CASE = {"name": divergences, "mu_p": st.floats(-1.0, 1.0), "sigma_p": st.floats(0.8, 1.25),
        "offset": st.floats(0.3, 1.5), "rho": st.floats(0.85, 1.2), "param": st.sampled_from(["mean", "scale"])}


def _case(mu_p, sigma_p, offset, rho):
    return mu_p - offset, rho * sigma_p


def _confirm_quadrature(subject, name, mu_p, sigma_p, offset, rho, param):
    theta, sigma_q = _case(mu_p, sigma_p, offset, rho)
    want = total_derivative(name, mu_p, sigma_p, theta, sigma_q, param)
    got = formula_by_quadrature(subject, name, mu_p, sigma_p, theta, sigma_q, param)
    return bool(abs(got - want) > 10 * (RTOL * abs(want) + ATOL)), f"formula {got!r}, dD/dθ {want!r}"


@GRADIENT.check(given=CASE, examples=8, precision="float64 composite Gauss–Legendre on both sides",
                tolerance=f"{RTOL:g} relative + {ATOL:g} absolute: float64 rounding of the two quadratures",
                confirm=_confirm_quadrature)
def matches_total_derivative(subject, ev, name, mu_p, sigma_p, offset, rho, param):
    """The quadrature of the claimed integrand equals
    $dD_f/d\\theta = \\int \\partial_\\theta q\\,(f(r) - r f'(r))\\,dx$ (differentiation under the integral at fixed
    $x$), for the student's mean and for its scale."""
    theta, sigma_q = _case(mu_p, sigma_p, offset, rho)
    ev.show("teacher (mean, sd), student (mean, sd)", [mu_p, sigma_p, theta, sigma_q])
    want = total_derivative(name, mu_p, sigma_p, theta, sigma_q, param)
    got = formula_by_quadrature(subject, name, mu_p, sigma_p, theta, sigma_q, param)
    ev.close(got, want, rtol=RTOL, atol=ATOL, labels=("the formula's expectation", "dD/dθ under the integral"),
             context=f"{name}, θ = {param}")


@GRADIENT.check(precision="float64 quadrature; Richardson differences; mpmath 30 digits in the thorough profile",
                tolerance=f"{RTOL:g} relative + absolute against the derivative under the integral and mpmath, "
                          f"{FD_TOL:g} against the differences")
def specification_case(subject, ev):
    """Teacher $N(1.3, 0.8^2)$, student $N(\\theta, 1.1^2)$ at $\\theta = 0.2$: for every divergence but Neyman
    $\\chi^2$ the formula equals $dD_f/d\\theta$ differentiated under the integral and by Richardson differences of
    $D_f$; in the thorough profile also against mpmath at 30 digits. Neyman $\\chi^2$ is left out here: at this case
    its integrand $q^2/p$ peaks near $x = -19$, where $r < e^{-300}$ and float64 $f''(r)$ overflows; the drawn cases
    cover it."""
    rows = []
    for name in (n for n in F.F_EXPR if n != "neyman_chi2"):
        args = (name, 1.3, 0.8, 0.2, 1.1)
        want = total_derivative(*args, "mean")
        got = formula_by_quadrature(subject, *args, "mean")
        ev.close(got, want, rtol=RTOL, atol=ATOL, labels=("the formula's expectation", "dD/dθ under the integral"),
                 context=name)
        differences = difference_derivative(*args)
        ev.close(got, differences, rtol=FD_TOL, atol=FD_TOL,
                 labels=("the formula's expectation", "dD/dθ by differences"), context=name)
        row = {"divergence": name, "formula": got, "dD/dθ": want, "differences": differences}
        if ev.profile == "thorough":
            exact = float(mp_total_derivative(*args))
            ev.close(got, exact, rtol=RTOL, atol=ATOL, labels=("the formula's expectation", "dD/dθ, mpmath"),
                     context=name)
            row["mpmath"] = exact
        rows.append(row)
    ev.table("gradients at the specification's case", rows)


Z = 6.0
SAMPLES = 200_000


@functools.lru_cache(maxsize=64)
def _draws(seed, samples):
    return np.random.default_rng(seed).standard_normal(samples)


@GRADIENT.check(given={"name": divergences, "offset": st.floats(0.3, 1.5), "rho": st.floats(0.9, 1.1), "seed": seeds},
                examples=3, precision=f"float64 Monte Carlo, {SAMPLES} draws (10⁶ in the thorough profile)",
                tolerance=f"{Z:g} standard errors (two-sided z-test)", false_alarm_rate=normal_tail(Z),
                power="every hand-written mutant: off by an O(1) fraction of the gradient, hundreds of standard "
                      "errors", thorough_factor=10,
                confirm=lambda subject, name, offset, rho, seed: _confirm_quadrature(subject, name, 0.0, 1.0, offset,
                                                                                      rho, "mean"))
def monte_carlo(subject, ev, name, offset, rho, seed):
    """The sample mean of the claimed integrand over $x = \\theta + \\sigma_q z$, $z \\sim N(0, 1)$ (exact scores),
    is within 6 standard errors of $dD_f/d\\theta$ from the quadrature; teacher $N(0, 1)$."""
    theta, sigma_q = -offset, rho
    z = _draws(seed, 1_000_000 if ev.profile == "thorough" else SAMPLES)
    x = theta + sigma_q * z
    lq = -0.5 * z**2 - math.log(sigma_q)
    lp = -0.5 * x**2
    ratio = np.exp(lp - lq)
    diff = -x + (x - theta) / sigma_q**2
    vals = subject(F.derivatives(name), ratio, diff, 1.0)
    mean, se = float(np.mean(vals)), float(np.std(vals, ddof=1) / math.sqrt(vals.size))
    want = total_derivative(name, 0.0, 1.0, theta, sigma_q, "mean")
    ev.show("Monte Carlo mean and standard error", [mean, se])
    ev.metric("z", abs(mean - want) / se)
    ev.le(abs(mean - want) / se, Z, what="|Monte Carlo mean − dD/dθ| in standard errors",
          labels=("standard errors", "threshold"), context=name)
