"""Checks of S4: Theorem 2 (ν̃ < ν for large ν) and Theorem 3 (ν̃ > ν for small ν).

Each inequality is checked at the domain's corners and at drawn points (the thorough profile targets the
smallest margin), and on a grid whose tightest point is recomputed by quadrature (an independent route).
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st
from scipy import optimize

from ...theorems.selu import ground_truth as G
from ...theorems.selu.claims_map import THEOREM2, THEOREM3
from .strategies import box, corners

DOMAIN2 = {"mu": (-1.0, 1.0), "omega": (-0.1, 0.1), "nu": (3.0, 16.0), "tau": (0.8, 1.25)}
#: Theorem 3's two domains: (ν ≤ 0.16, τ ≥ 0.8) and (ν ≤ 0.24, τ ≥ 0.9).
DOMAIN3A = {"mu": (-0.1, 0.1), "omega": (-0.1, 0.1), "nu": (0.02, 0.16), "tau": (0.8, 1.25)}
DOMAIN3B = {"mu": (-0.1, 0.1), "omega": (-0.1, 0.1), "nu": (0.02, 0.24), "tau": (0.9, 1.25)}


@THEOREM2.check(given=box(DOMAIN2), examples=20, regressions=corners(DOMAIN2), precision="float64 closed form",
                tolerance="strict inequality; margins of 0.1 and more, far above float64 error (1e-14)")
def variance_decreases(subject, ev, mu, omega, nu, tau):
    r"""$\tilde\nu < \nu$ at the corners and at drawn points of Theorem 2's domain."""
    var = subject(mu, nu, omega, tau)[1]
    ev.show("ν̃", var)
    ev.lt(var, nu, what="ν̃ < ν", labels=("ν̃", "ν"))


def _grid_extreme(subject, bounds: list[dict[str, tuple[float, float]]], sign: float, sizes=(3, 3, 6, 4)):
    """The grid point with the smallest margin sign·(ν − ν̃) over the boxes, refined by a bounded optimiser."""
    best, best_margin = None, np.inf
    for b in bounds:
        axes = [np.linspace(*b[k], n) for k, n in zip(("mu", "omega", "nu", "tau"), sizes)]
        for mu, omega, nu, tau in itertools.product(*axes):
            margin = sign * (nu - subject(mu, nu, omega, tau)[1])
            if margin < best_margin:
                best, best_margin, best_box = (mu, omega, nu, tau), margin, b
    lims = [best_box[k] for k in ("mu", "omega", "nu", "tau")]
    res = optimize.minimize(lambda x: sign * (x[2] - subject(x[0], x[2], x[1], x[3])[1]), np.array(best),
                            method="L-BFGS-B", bounds=lims, options={"maxiter": 40})
    if res.fun < best_margin:
        best, best_margin = tuple(float(t) for t in res.x), float(res.fun)
    return best, best_margin


@THEOREM2.check(given=None, precision="float64 grid 3 × 3 × 6 × 4 refined by L-BFGS-B; quadrature at the minimiser",
                tolerance="margin > 0; the quadrature's margin within 1e-10 of the closed form's")
def variance_grid(subject, ev):
    r"""The smallest margin $\nu - \tilde\nu$ over a grid of Theorem 2's domain (refined by a bounded optimiser) is
    positive, and quadrature gives the same margin there."""
    (mu, omega, nu, tau), margin = _grid_extreme(subject, [DOMAIN2], 1.0)
    by_quadrature = nu - G.quadrature_map(mu, nu, omega, tau)[1]
    ev.metric("margin", margin)
    ev.metric("relative_margin", margin / nu)
    ev.metric("argmin", f"({mu:.3g}, {omega:.3g}, {nu:.4g}, {tau:.4g})")
    ev.metric("margin_by_quadrature", by_quadrature)
    ev.show("tightest (μ, ω, ν, τ)", [mu, omega, nu, tau])
    ev.close(margin, by_quadrature, atol=1e-10, what="margin", labels=("closed-form margin", "quadrature margin"))
    ev.lt(0.0, margin, what="smallest ν − ν̃ > 0", labels=("0", "smallest ν − ν̃"))


@THEOREM3.check(given={**box(DOMAIN3B), "first": st.booleans()}, examples=20,
                regressions=[{**c, "first": True} for c in corners(DOMAIN3A)]
                + [{**c, "first": False} for c in corners(DOMAIN3B)],
                precision="float64 closed form", tolerance="strict inequality; margins above 0.007 (ε-level errors)")
def variance_increases(subject, ev, mu, omega, nu, tau, first):
    r"""$\tilde\nu > \nu$ at the corners and at drawn points of Theorem 3's two domains (``first``: $\nu \le 0.16$,
    $\tau \ge 0.8$; else $\nu \le 0.24$, $\tau \ge 0.9$; a draw outside the chosen domain is rescaled into it)."""
    if first:
        nu = 0.02 + (nu - 0.02) * (0.16 - 0.02) / (0.24 - 0.02)
        tau = 0.8 + (tau - 0.9) * (1.25 - 0.8) / (1.25 - 0.9)
    var = subject(mu, nu, omega, tau)[1]
    ev.show("(ν, τ)", [nu, tau])
    ev.show("ν̃", var)
    ev.lt(nu, var, what="ν̃ > ν", labels=("ν", "ν̃"))


@THEOREM3.check(given=None, precision="float64 grid refined by L-BFGS-B; quadrature at the minimiser; brentq for "
                                      "the largest ν at τ = 0.8",
                tolerance="margin > 0; the quadrature's margin within 1e-10 of the closed form's", name="variance_grid")
def theorem3_grid(subject, ev):
    r"""The smallest margin $\tilde\nu - \nu$ over grids of both domains is positive, and quadrature agrees there;
    the largest $\nu$ with $\tilde\nu > \nu$ at $\tau = 0.8$ (worst $\mu\omega$) is recorded."""
    (mu, omega, nu, tau), margin = _grid_extreme(subject, [DOMAIN3A, DOMAIN3B], -1.0)  # margin = ν̃ − ν
    by_quadrature = G.quadrature_map(mu, nu, omega, tau)[1] - nu
    ev.metric("margin", margin)
    ev.metric("relative_margin", margin / nu)
    ev.metric("argmin", f"({mu:.3g}, {omega:.3g}, {nu:.4g}, {tau:.4g})")
    ev.metric("margin_by_quadrature", by_quadrature)
    ev.show("tightest (μ, ω, ν, τ)", [mu, omega, nu, tau])
    ev.close(margin, by_quadrature, atol=1e-10, what="margin", labels=("closed-form margin", "quadrature margin"))
    ev.lt(0.0, margin, what="smallest ν̃ − ν > 0", labels=("0", "smallest ν̃ − ν"))

    def worst(n: float) -> float:
        return min(subject(m, n, w, 0.8)[1] - n for m in (-0.1, 0.1) for w in (-0.1, 0.1))

    try:
        ev.metric("largest_nu_at_tau_08", optimize.brentq(worst, 0.16, 2.0, xtol=1e-8))
    except ValueError:  # a mutant without a sign change on [0.16, 2]
        ev.metric("largest_nu_at_tau_08", float("nan"))
