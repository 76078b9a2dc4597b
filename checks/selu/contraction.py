"""Checks of S3 (Theorem 1: the Jacobian's norm, the fixed point and its box) and S5 (where the contraction ends).

The subject's Jacobian is compared with Richardson-extrapolated differences of the reference map (the
library's closed form with λ01, α01, itself checked against quadrature by selu.variance_map); the largest norm
on a grid is refined by a bounded optimiser and recomputed at 30 digits; the image of the domain is recomputed
by quadrature at its extremes; the thresholds of S5 by root finding (brentq) on the worst corners.
"""

from __future__ import annotations

import functools
import itertools
import math

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import optimize

from ...theorems.selu import formulas as F
from ...theorems.selu import ground_truth as G
from ...theorems.selu import library as L
from ...theorems.selu.claims_map import CONTRACTION_BOUNDARY, THEOREM1_CONTRACTION, THEOREM1_FIXED_POINT
from .strategies import THEOREM1, box, corners, richardson_jacobian, spectral_norm

#: Richardson differences of the closed-form map at h = 1e-3: truncation O(h⁴) ≈ 1e-12, rounding ε/h ≈ 2e-13;
#: the mutants' Jacobians differ by more than 1e-3.
JACOBIAN_ATOL = 1e-8


def _reference_map(mu: float, nu: float, omega: float, tau: float) -> tuple[float, float]:
    return L.selu_map(mu, nu, omega, tau)


@THEOREM1_CONTRACTION.check(given=box(THEOREM1), examples=25, regressions=corners(THEOREM1),
                            precision="float64; Richardson-extrapolated central differences of the closed-form map",
                            tolerance=f"absolute {JACOBIAN_ATOL:g} on each entry (JACOBIAN_ATOL); ‖J‖₂ < 1 strictly")
def spectral_norm_below_one(subject, ev, mu, omega, nu, tau):
    r"""The subject's Jacobian is the Jacobian of $g$ (differences of the reference map) and its spectral norm is
    below 1, at the corners and at drawn points of the domain."""
    jac = subject["jacobian"](mu, nu, omega, tau)
    differences = richardson_jacobian(_reference_map, mu, nu, omega, tau)
    ev.show("J", jac)
    ev.close(jac, differences, atol=JACOBIAN_ATOL, what="J", labels=("subject's J", "differences of g"))
    ev.lt(spectral_norm(jac), 1.0, what="‖J‖₂ < 1", labels=("‖J‖₂", "1"))


def _norm_at(x: np.ndarray, jacobian) -> float:
    mu, omega, nu, tau = x
    return spectral_norm(jacobian(mu, nu, omega, tau))


@THEOREM1_CONTRACTION.check(given=None, precision="float64 grid (3 × 3 × 6 × 3) and L-BFGS-B refinement; the "
                                                    "maximum recomputed by mpmath differentiation at 30 digits",
                            tolerance="the maximum below 1; the 30-digit value within 1e-9 of the float64 one")
def grid_maximum(subject, ev):
    r"""The largest $\lVert\mathcal J\rVert_2$ over a grid of the domain, refined by a bounded optimiser from the best
    grid point, stays below 1; at the maximiser the norm is recomputed at 30 digits."""
    jacobian = subject["jacobian"]
    bounds = [THEOREM1["mu"], THEOREM1["omega"], THEOREM1["nu"], THEOREM1["tau"]]
    axes = [np.linspace(*bounds[0], 3), np.linspace(*bounds[1], 3), np.linspace(*bounds[2], 6),
            np.linspace(*bounds[3], 3)]
    best = max(itertools.product(*axes), key=lambda x: _norm_at(np.array(x), jacobian))
    res = optimize.minimize(lambda x: -_norm_at(x, jacobian), np.array(best), method="L-BFGS-B", bounds=bounds,
                            options={"maxiter": 30})
    argmax = res.x if -res.fun >= _norm_at(np.array(best), jacobian) else np.array(best)
    top = _norm_at(argmax, jacobian)
    exact = _norm_30_digits(*(float(round(t, 12)) for t in argmax))
    ev.metric("max_norm", top)
    ev.metric("argmax", "(" + ", ".join(f"{t:.4g}" for t in argmax) + ")")
    ev.metric("max_norm_30_digits", mpmath.nstr(exact, 12))
    ev.show("argmax (μ, ω, ν, τ)", argmax)
    ev.close(top, float(exact), rtol=1e-9, what="‖J‖₂ at the maximiser", labels=("subject's ‖J‖₂", "30-digit ‖J‖₂"))
    ev.lt(top, 1.0, what="max ‖J‖₂ < 1", labels=("largest ‖J‖₂ found", "1"))


@functools.lru_cache(maxsize=64)
def _norm_30_digits(mu: float, omega: float, nu: float, tau: float) -> mpmath.mpf:
    """‖J‖₂ at 30 digits: mpmath differentiation of the closed-form map with λ01, α01, the 2 × 2 singular value
    from the eigenvalues of JᵀJ."""
    with mpmath.workdps(30):
        alpha, lam = F.constants_closed_form(30)
        point = [mpmath.mpf(t) for t in (mu, nu, omega, tau)]

        def coordinate(i: int, var: int):
            def f(x):
                args = list(point)
                args[var] = x
                return F.map_mp(args[0], args[1], args[2], args[3], alpha, lam)[i]
            return mpmath.diff(f, point[var])

        a, b, c, d = coordinate(0, 0), coordinate(0, 1), coordinate(1, 0), coordinate(1, 1)
        t = a * a + b * b + c * c + d * d
        det = a * d - b * c
        return mpmath.sqrt((t + mpmath.sqrt(t * t - 4 * det * det)) / 2)


# -- the fixed point ---------------------------------------------------------------------------------------

MU_BOX, NU_BOX = (-0.03106, 0.06773), (0.80009, 1.48617)
WEIGHTS = {"omega": (-0.1, 0.1), "tau": (0.95, 1.1)}


def _fixed_point(subject, omega: float, tau: float) -> tuple[float, float, float]:
    """Newton's method on g(x) = x with the subject's map and Jacobian, from (0, 1); returns (μ*, ν*, |g(x*) − x*|)
    (an infinite residual when the iteration leaves the map's domain)."""
    x = np.array([0.0, 1.0])
    try:
        for _ in range(30):
            gx = np.array(subject["map"](x[0], x[1], omega, tau))
            step = np.linalg.solve(subject["jacobian"](x[0], x[1], omega, tau) - np.eye(2), gx - x)
            x = x - step
            if not np.all(np.isfinite(x)) or x[1] <= 0:
                return float(x[0]), float(x[1]), math.inf
            if np.max(np.abs(step)) <= 1e-15:
                break
        g_mu, g_nu = subject["map"](x[0], x[1], omega, tau)
    except (ValueError, np.linalg.LinAlgError):
        return float(x[0]), float(x[1]), math.inf
    return float(x[0]), float(x[1]), math.hypot(g_mu - x[0], g_nu - x[1])


@THEOREM1_FIXED_POINT.check(given=box(WEIGHTS), examples=10, regressions=corners(WEIGHTS),
                            precision="float64 Newton iteration and the spectral radius of J at the limit",
                            tolerance="|g(x*) − x*| ≤ 1e-12; the box's ends as printed")
def fixed_point_in_box(subject, ev, omega, tau):
    r"""For drawn $(\omega, \tau)$ (and the corners), Newton's method on $g(x) = x$ from $(0, 1)$ finds a fixed
    point that
    lies in $[-0.03106, 0.06773] \times [0.80009, 1.48617]$ and is stable (spectral radius of $\mathcal J$ below 1)."""
    mu, nu, residual = _fixed_point(subject, omega, tau)
    ev.show("fixed point", [mu, nu])
    ev.le(residual, 1e-12, what="|g(x*) − x*|", labels=("|g(x*) − x*|", "1e-12"))
    ev.le(MU_BOX[0], mu, what="μ* ≥ −0.03106", labels=("−0.03106", "μ*"))
    ev.le(mu, MU_BOX[1], what="μ* ≤ 0.06773", labels=("μ*", "0.06773"))
    ev.le(NU_BOX[0], nu, what="ν* ≥ 0.80009", labels=("0.80009", "ν*"))
    ev.le(nu, NU_BOX[1], what="ν* ≤ 1.48617", labels=("ν*", "1.48617"))
    radius = float(np.max(np.abs(np.linalg.eigvals(subject["jacobian"](mu, nu, omega, tau)))))
    ev.lt(radius, 1.0, what="spectral radius of J(x*)", labels=("spectral radius", "1"))


@THEOREM1_FIXED_POINT.check(given=None, precision="float64 grid 3 × 3 × 6 × 3 of the closed form; the extremes "
                                                    "recomputed by quadrature",
                            tolerance="the image inside Ω = [−0.1, 0.1] × [0.8, 1.5]; quadrature within 1e-10")
def maps_domain_into_itself(subject, ev):
    r"""$g(\Omega) \subseteq \Omega$ for every $(\omega, \tau)$ of a grid of the domain; the image's extremes are
    recomputed by quadrature."""
    gmap = subject["map"]
    pts = list(itertools.product(np.linspace(-0.1, 0.1, 3), np.linspace(-0.1, 0.1, 3), np.linspace(0.8, 1.5, 6),
                                 np.linspace(0.95, 1.1, 3)))
    images = np.array([gmap(mu, nu, omega, tau) for mu, omega, nu, tau in pts])
    ev.finite(images, "g on the grid")
    extremes = {}
    for name, col in (("mean", 0), ("var", 1)):
        lo, hi = int(np.argmin(images[:, col])), int(np.argmax(images[:, col]))
        extremes[name] = (pts[lo], pts[hi], images[lo, col], images[hi, col])
        for idx in (lo, hi):
            mu, omega, nu, tau = pts[idx]
            ev.close(images[idx, col], G.quadrature_map(mu, nu, omega, tau)[col], rtol=1e-10, atol=1e-12,
                     what=f"{name} at an extreme", labels=("subject's g", "quadrature"))
    ev.metric("mean_image", f"[{extremes['mean'][2]:.6f}, {extremes['mean'][3]:.6f}]")
    ev.metric("var_image", f"[{extremes['var'][2]:.6f}, {extremes['var'][3]:.6f}]")
    ev.show("image extremes (mean min, mean max, var min, var max)",
            [extremes["mean"][2], extremes["mean"][3], extremes["var"][2], extremes["var"][3]])
    ev.le(-0.1, extremes["mean"][2], what="μ̃ ≥ −0.1", labels=("−0.1", "smallest μ̃"))
    ev.le(extremes["mean"][3], 0.1, what="μ̃ ≤ 0.1", labels=("largest μ̃", "0.1"))
    ev.le(0.8, extremes["var"][2], what="ν̃ ≥ 0.8", labels=("0.8", "smallest ν̃"))
    ev.le(extremes["var"][3], 1.5, what="ν̃ ≤ 1.5", labels=("largest ν̃", "1.5"))
    fixed = np.array([_fixed_point(subject, omega, tau)[:2] for omega in (-0.1, 0.0, 0.1) for tau in (0.95, 1.0, 1.1)])
    ev.metric("fixed_mu_range", f"[{fixed[:, 0].min():.5f}, {fixed[:, 0].max():.5f}]")
    ev.metric("fixed_nu_range", f"[{fixed[:, 1].min():.5f}, {fixed[:, 1].max():.5f}]")


@THEOREM1_FIXED_POINT.check(given=None, precision="float64", tolerance="absolute 1e-15")
def normalized_weights_fixed_point(subject, ev):
    """At ω = 0, τ = 1, g(0, 1) = (0, 1) in float64."""
    got = subject["map"](0.0, 1.0, 0.0, 1.0)
    ev.show("g(0, 1)", got)
    ev.close(np.array(got), np.array([0.0, 1.0]), atol=1e-15, what="g(0, 1)", labels=("g(0, 1)", "(0, 1)"))


# -- S5 ------------------------------------------------------------------------------------------------------

PAIRS = [(0.1, 0.1), (-0.1, -0.1), (0.1, -0.1), (0.0, 0.0)]


def _worst(nu: float, tau: float) -> float:
    """The largest ‖J‖₂ over the corners of (μ, ω) ∈ [−0.1, 0.1]² and the centre, at (ν, τ)."""
    return max(spectral_norm(L.selu_jacobian(mu, nu, omega, tau)) for mu, omega in PAIRS)


@functools.lru_cache(maxsize=1)
def thresholds() -> dict[str, float]:
    """τ_c (ν = 0.8), ν_lo and ν_hi (τ = 1.1) where the worst corner's norm crosses 1, by brentq."""
    return {"tau_c": optimize.brentq(lambda t: _worst(0.8, t) - 1.0, 1.1, 1.5, xtol=1e-10),
            "nu_lo": optimize.brentq(lambda n: _worst(n, 1.1) - 1.0, 0.2, 0.8, xtol=1e-10),
            "nu_hi": optimize.brentq(lambda n: _worst(n, 1.1) - 1.0, 10.0, 2000.0, xtol=1e-8)}


@CONTRACTION_BOUNDARY.check(given=None, precision="float64 brentq on the worst corner", tolerance="the stated "
                                                                                                   "intervals")
def thresholds_by_root_finding(subject, ev):
    r"""Root finding on the corners puts $\tau_c$, $\nu_{lo}$, $\nu_{hi}$ in the stated intervals and within
    $10^{-3}$ (relative) of the subject's values."""
    found = thresholds()
    for key, value in found.items():
        ev.metric(key, value)
    ev.show("roots (τ_c, ν_lo, ν_hi)", [found["tau_c"], found["nu_lo"], found["nu_hi"]])
    ev.that(bool(1.268 < found["tau_c"] < 1.269 and 0.510 < found["nu_lo"] < 0.511 and 353 < found["nu_hi"] < 355),
            "a root lies outside the stated intervals", claimed=list(found.values()),
            observed=["(1.268, 1.269)", "(0.510, 0.511)", "(353, 355)"], labels=("roots", "stated intervals"))
    for key in found:
        ev.close(subject[key], found[key], rtol=1e-3, what=key, labels=(f"subject's {key}", "brentq"))


@CONTRACTION_BOUNDARY.check(given={"mu": st.floats(-0.1, 0.1), "omega": st.floats(-0.1, 0.1),
                                   "nu": st.floats(0.8, 1.5), "tau": st.floats(0.5, 1.0)}, examples=25,
                            regressions=[{"mu": 0.1, "omega": 0.1, "nu": 0.8, "tau": 1.0}],
                            precision="float64", tolerance="‖J‖₂ < 1 strictly")
def contraction_up_to_tau_c(subject, ev, mu, omega, nu, tau):
    r"""For $\nu \in [0.8, 1.5]$ and $\tau$ from 0.5 up to the subject's $\tau_c$ ($\tau$ drawn as a fraction of it),
    $\lVert\mathcal J\rVert_2 < 1$."""
    t = 0.5 + (subject["tau_c"] - 0.5) * (tau - 0.5) / 0.5
    ev.lt(spectral_norm(L.selu_jacobian(mu, nu, omega, t)), 1.0, what="‖J‖₂ < 1",
          context=f"tau={t:.6f}", labels=("‖J‖₂", "1"))


@CONTRACTION_BOUNDARY.check(given={"mu": st.floats(-0.1, 0.1), "omega": st.floats(-0.1, 0.1),
                                   "position": st.floats(0.0, 1.0), "tau": st.floats(0.95, 1.1)}, examples=25,
                            regressions=[{"mu": 0.1, "omega": 0.1, "position": 0.0, "tau": 1.1},
                                         {"mu": 0.1, "omega": 0.1, "position": 1.0, "tau": 1.1}],
                            precision="float64", tolerance="‖J‖₂ < 1 strictly")
def contraction_between_nu_ends(subject, ev, mu, omega, position, tau):
    r"""For $\tau \in [0.95, 1.1]$ and $\nu$ between the subject's $\nu_{lo}$ and $\nu_{hi}$ (drawn on a log scale),
    $\lVert\mathcal J\rVert_2 < 1$."""
    nu = subject["nu_lo"] * (subject["nu_hi"] / subject["nu_lo"]) ** position
    ev.lt(spectral_norm(L.selu_jacobian(mu, nu, omega, tau)), 1.0, what="‖J‖₂ < 1", context=f"nu={nu:.6g}",
          labels=("‖J‖₂", "1"))


@CONTRACTION_BOUNDARY.check(given=None, precision="float64, confirmed at 30 digits",
                            tolerance="‖J‖₂ > 1 at 1.001 × each end (outside)")
def contraction_lost_outside(subject, ev):
    r"""Just outside each of the subject's ends (a factor 1.001 beyond it) the worst corner has
    $\lVert\mathcal J\rVert_2 > 1$, also at 30 digits; at $\omega = 0$ the norm for $\nu = 10^6$, $\tau = 1$ is
    within $10^{-3}$ of $\lambda^2(\pi - 1)/(2\pi)$ (no upper end)."""
    outside = {"tau_c": (0.8, subject["tau_c"] * 1.001), "nu_lo": (subject["nu_lo"] / 1.001, 1.1),
               "nu_hi": (subject["nu_hi"] * 1.001, 1.1)}
    for key, (nu, tau) in outside.items():
        ev.lt(1.0, _worst(nu, tau), what=f"‖J‖₂ > 1 beyond {key}", context=f"nu={nu:.6g}, tau={tau:.6g}",
              labels=("1", "largest ‖J‖₂ over the corners"))
        exact = _norm_30_digits(0.1, 0.1, float(nu), float(tau))
        ev.that(bool(exact > 1), f"at 30 digits ‖J‖₂ ≤ 1 beyond {key}", claimed=mpmath.nstr(exact, 12), observed=1,
                labels=("30-digit ‖J‖₂", "1"))
    limit = L.LAMBDA01**2 * (math.pi - 1) / (2 * math.pi)
    far = spectral_norm(L.selu_jacobian(0.0, 1e6, 0.0, 1.0))
    ev.metric("omega_zero_limit", limit)
    ev.close(far, limit, rtol=1e-3, what="‖J‖₂ at ω = 0, ν = 1e6", labels=("‖J‖₂", "λ²(π − 1)/(2π)"))
