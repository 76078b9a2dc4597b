"""Checks of E6 (reconstruction error is not an energy) and E7 (the kink of Laplace, the edge of U(0, 1))."""

from __future__ import annotations

import math

import mpmath
import numpy as np

from ...theorems.dae_score import claims as C
from . import ground_truth as G

ENERGY_GRID = tuple(np.round(np.arange(-4.0, 4.01, 0.5), 2))
ENERGY_SIGMA = math.sqrt(0.1)


def _monotone_violations(xs, dens, errs):
    """A pair showing the error is not non-increasing in p, and one showing it is not non-decreasing."""
    order = np.argsort(dens)
    up = down = None
    for i in order:
        for j in order:
            if dens[i] < dens[j] and errs[i] < errs[j] and up is None:
                up = (float(xs[i]), float(xs[j]))
            if dens[i] < dens[j] and errs[i] > errs[j] and down is None:
                down = (float(xs[i]), float(xs[j]))
    return up, down


@C.NOT_ENERGY.check(precision="float64 minimiser; witness re-verified by 30-digit quadrature",
                    tolerance="exact comparisons of float64 values; the witness's gaps are re-verified at 30 digits",
                    confirm=lambda subject: _confirm_not_energy())
def error_monotone_in_density(subject, ev):
    r"""On a grid of $[-4, 4]$ the pairs $(p(x), (r^*(x) - x)^2)$ are ordered the same way (or the opposite way)."""
    xs = np.array(ENERGY_GRID)
    dens = np.array([float(G.MIXTURE.p(x)) for x in xs])
    errs = (subject(xs, ENERGY_SIGMA, *G.SPEC_MIXTURE) - xs) ** 2
    ev.table("density and error", [{"x": float(x), "p(x)": float(p), "error": float(e)}
                                   for x, p, e in zip(xs, dens, errs)])
    up, down = _monotone_violations(xs, dens, errs)
    ev.show("p at 0, 1, 4", [float(G.MIXTURE.p(x)) for x in (0, 1, 4)])
    ev.show("error at 0, 1, 4", [float(e) for e in (subject(np.array([0.0, 1.0, 4.0]), ENERGY_SIGMA,
                                                             *G.SPEC_MIXTURE) - np.array([0.0, 1.0, 4.0])) ** 2])
    ev.show("pair with p and error both increasing", up)
    ev.show("pair with p increasing and error decreasing", down)
    ev.that(up is None or down is None, "the error is neither non-increasing nor non-decreasing in p",
            claimed="a monotone function of p", observed=f"pairs {up} and {down}",
            labels=("claimed", "pairs (x with smaller p, x with larger p)"))


def _confirm_not_energy() -> tuple[bool, str]:
    err = {x: (G.posterior_mean(G.MIXTURE, x, ENERGY_SIGMA) - x) ** 2 for x in (0.0, 1.0, 4.0)}
    p = {x: G.MIXTURE.p(x) for x in (0.0, 1.0, 4.0)}
    ok = p[0.0] < p[1.0] and err[0.0] < err[1.0] and p[4.0] < p[1.0] and err[4.0] > err[1.0]
    return bool(ok), ("30-digit quadrature: error(0), error(1), error(4) = "
                      + ", ".join(mpmath.nstr(err[x], 8) for x in (0.0, 1.0, 4.0))
                      + "; p(0), p(1), p(4) = " + ", ".join(mpmath.nstr(p[x], 8) for x in (0.0, 1.0, 4.0)))


KINK_SIGMAS = (0.1, 0.03)


@C.KINK.check(precision="mpmath 30 digits, quadrature split at the kink", tolerance="absolute 1e-12")
def ratio_at_kink(subject, ev):
    r"""$(r^*_\sigma(0) - 0)/\sigma^2$ by quadrature for Laplace$(0, 1)$ at $\sigma = 0.1, 0.03$."""
    for s in KINK_SIGMAS:
        ratio = float(G.posterior_mean(G.LAPLACE, 0.0, s) / mpmath.mpf(s) ** 2)
        ev.show(f"ratio at σ = {s}", ratio)
        ev.close(float(subject), ratio, atol=1e-12, what=f"limit at the kink, σ = {s}",
                 labels=("claimed limit", "(r* − 0)/σ² by quadrature"))


EDGE_SIGMAS = (0.1, 0.05, 0.02)
EDGE_RTOL = 1e-12  # the truncation at 1 changes r*(0)/σ by ~e^{-1/(2σ²)} ≤ 2e-22; quadrature keeps 25 digits


@C.EDGE_ORDER.check(precision="mpmath 30 digits, quadrature on [0, 1]", tolerance=f"relative {EDGE_RTOL:g}")
def first_order_at_edge(subject, ev):
    r"""$r^*_\sigma(0)/\sigma$ by quadrature for $U(0, 1)$ at $\sigma = 0.1, 0.05, 0.02$ against the claimed slope."""
    for s in EDGE_SIGMAS:
        q = float(G.posterior_mean(G.UNIFORM, 0.0, s) / mpmath.mpf(s))
        ev.show(f"r*(0)/σ at σ = {s}", q)
        ev.close(float(subject), q, rtol=EDGE_RTOL, what=f"r*(0)/σ at σ = {s}",
                 labels=("claimed slope", "r*(0)/σ by quadrature"))


EDGE_BOUND = 1.0  # "converges to 0": at σ = 0.01 the ratio must be within 1 of the claimed limit


@C.EDGE.check(precision="mpmath 30 digits, quadrature on [0, 1]; re-verified at 40 digits",
              tolerance=f"|ratio − limit| ≤ {EDGE_BOUND:g} at σ = 0.01",
              confirm=lambda subject: _confirm_edge(subject))
def ratio_stays_bounded(subject, ev):
    r"""$(r^*_\sigma(0) - 0)/\sigma^2$ at $\sigma = 0.01$ by quadrature, against the claimed limit."""
    ratio = float(G.posterior_mean(G.UNIFORM, 0.0, 0.01) / mpmath.mpf(0.01) ** 2)
    ev.metric("ratio", ratio)
    ev.show("(r*(0) − 0)/σ² at σ = 0.01", ratio)
    ev.close(float(subject), ratio, atol=EDGE_BOUND, what="(r*(0) − 0)/σ² at σ = 0.01",
             labels=("claimed limit", "ratio by quadrature"))


def _confirm_edge(subject) -> tuple[bool, str]:
    with mpmath.workdps(40):
        s = mpmath.mpf("0.01")
        num = mpmath.quad(lambda x: x * mpmath.exp(-x**2 / (2 * s * s)), [0, 12 * s, 1])
        den = mpmath.quad(lambda x: mpmath.exp(-x**2 / (2 * s * s)), [0, 12 * s, 1])
        ratio = num / den / s**2
    return bool(abs(ratio - subject) > EDGE_BOUND), f"at 40 digits the ratio is {mpmath.nstr(ratio, 15)}"
