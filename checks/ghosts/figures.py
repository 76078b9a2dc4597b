"""Figures of the Ghosts-of-Softmax radius claims: Taylor partial sums (Thm 4.3) and the ghost plane (Thm 4.6)."""

from __future__ import annotations

import math

import mpmath
import numpy as np

from claimkit.figures import pyplot

from ...theorems.ghosts import claims as C
from ...theorems.ghosts import formulas as F
from .ground_truth import PI, _lifted_zeros
from .numerics import log_taylor_coefficients


def plain_log_axis(axis) -> None:
    """A log axis with ticks at the decades only, labelled in plain text (1e-08): matplotlib's defaults (eight
    minor ticks per decade, each label typeset by its mathtext engine) cost more than drawing the curves."""
    from matplotlib.ticker import LogFormatter, NullLocator

    axis.set_major_formatter(LogFormatter())
    axis.set_minor_locator(NullLocator())


def _partial_sums_figure():
    plt = pyplot()
    delta, spread = 1.5, 2.0
    rho = math.hypot(delta, PI) / spread
    coeffs = log_taylor_coefficients([delta, 0.0], [spread, 0.0], 60)
    fig, ax = plt.subplots(figsize=(5.8, 3.4))
    for frac, colour in ((0.7, "C0"), (0.95, "C2"), (1.3, "C3")):
        tau = frac * rho
        with mpmath.workdps(30):
            exact = float(mpmath.log(1 + mpmath.exp(delta + spread * tau)))  # log F, F = e^{δ+Δτ} + 1
            sums = np.cumsum([float(c * mpmath.mpf(tau) ** n) for n, c in enumerate(coeffs)])
        ax.plot(np.abs(sums - exact) + 1e-18, color=colour, label=f"τ = {frac}·ρ*")
    ax.set_yscale("log")
    plain_log_axis(ax.yaxis)
    ax.set_ylim(1e-16, 1e6)
    ax.set_xlabel("order n of the partial sum")
    ax.set_ylabel("|partial sum − log F(τ)|")
    ax.set_title(f"binary, δ = {delta}, Δ = {spread}: ρ* = {rho:.3f}")
    ax.legend(fontsize=8)
    return fig


C.BINARY_RADIUS.figure("partial_sums", caption="Taylor partial sums of log F converge for τ < ρ* and "
                       "diverge for τ > ρ*, while log F(τ) itself is finite there.")(_partial_sums_figure)


def _ghost_plane_figure():
    plt = pyplot()
    logits = [1.0, 0.2, -0.5, 0.0]
    slopes = [2, -1, 0, 1]
    weights = [mpmath.exp(z) for z in logits]
    zeros = _lifted_zeros(weights, slopes)
    rho = min(abs(t) for t in zeros)
    bound = PI / F.slope_spread(slopes)
    fig, ax = plt.subplots(figsize=(5.0, 5.0))
    ax.scatter([t.real for t in zeros], [t.imag for t in zeros], color="C3", label="ghosts: zeros of F")
    th = np.linspace(0, 2 * PI, 400)
    ax.plot(rho * np.cos(th), rho * np.sin(th), color="C3", ls="--", label=f"|t| = ρ* = {rho:.3f}")
    ax.plot(bound * np.cos(th), bound * np.sin(th), color="C0", label=f"|t| = π/Δ_a = {bound:.3f}")
    ax.axhspan(-bound, bound, color="C0", alpha=0.08, label="zero-free strip |Im t| < π/Δ_a")
    ax.set_xlim(-4, 4)
    ax.set_ylim(-4, 4)
    ax.set_aspect("equal")
    ax.set_xlabel("Re t")
    ax.set_ylabel("Im t")
    ax.legend(fontsize=7, loc="lower left")
    return fig


C.MULTICLASS_BOUND.figure("ghost_plane", caption="Zeros of F (ghosts) for 4 classes with slopes (2, −1, 0, 1): "
                          "none in the strip |Im t| < π/Δ_a, so ρ* ≥ π/Δ_a.")(_ghost_plane_figure)
