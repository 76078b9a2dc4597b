r"""Checks of V3 (overtraining peak at $\alpha = 1$) and V7 (error against load, with the Marchenko–Pastur limits).

The spectra of sampled input matrices are computed once per run and shared; the limits come from Gauss–Legendre
quadrature of the Marchenko–Pastur density (never from the spectral formula under test).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from claimkit.figures import pyplot

from ...theorems.advani_saxe import claims as C
from .ground_truth import mp_limits
from .strategies import inputs, nonzero_spectrum

NOISE, TEACHER = 0.25, 1.0
GRID = (0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.5, 2.0, 2.5)
CI_SIZE, CI_DRAWS = 60, 3
THOROUGH_SIZE, THOROUGH_DRAWS = 200, 20
# Relative gap allowed between the finite-size means and the limits for |α − 1| ≥ 0.3: the O(1/N) finite-size
# correction of the inverse moment is P/(N − P − 1) against α/(1 − α), ≤ 3 % at N = 60, α = 0.7, plus the spread of
# 3 draws (≈ 1 %). 5 % leaves headroom; learnable null modes remove (1 − α)σ², ≥ 25 % at α = 0.7.
LIMIT_RTOL = 0.05
FAR = 0.3


@functools.lru_cache(maxsize=4)
def sampled_spectra(n: int, draws: int) -> dict[float, tuple[np.ndarray, ...]]:
    """The non-zero spectra of ``draws`` sampled input matrices per load of ``GRID`` (seeds fixed)."""
    return {a: tuple(nonzero_spectrum(inputs(1000 * k + i, n, round(a * n))) for i in range(draws))
            for k, a in enumerate(GRID)}


def _setting(ev) -> tuple[int, int]:
    return (THOROUGH_SIZE, THOROUGH_DRAWS) if ev.profile == "thorough" else (CI_SIZE, CI_DRAWS)


@functools.lru_cache(maxsize=16)
def _overtraining_per_draw(overtraining, n: int, draws: int) -> dict[float, tuple[float, ...]]:
    """The overtraining of each sampled spectrum (cached per function: the claims of V3 and V7 share it, a mutant
    gets its own entry)."""
    spectra = sampled_spectra(n, draws)
    return {a: tuple(overtraining(lam, n, NOISE, TEACHER, 0.0)[0] for lam in spectra[a]) for a in GRID}


def _mean_overtraining(overtraining, n: int, draws: int) -> dict[float, float]:
    return {a: float(np.mean(v)) for a, v in _overtraining_per_draw(overtraining, n, draws).items()}


@C.OVERTRAINING_PEAK.check(given=None, precision="float64 spectra of sampled inputs (N = 60, 3 draws; thorough: "
                           "N = 200, 20 draws)", tolerance="strict order of the grid means")
def peak_at_one_and_monotone(subject, ev):
    r"""On $\alpha \in \{0.3, \ldots, 2.5\}$ the mean overtraining over sampled inputs is largest at $\alpha = 1$ and
    strictly decreases moving away from 1 on either side."""
    n, draws = _setting(ev)
    mean = _mean_overtraining(subject, n, draws)
    ev.table("mean overtraining by load", [{"α": a, "O": mean[a]} for a in GRID])
    ev.metric("peak_overtraining", mean[1.0])
    below = [a for a in GRID if a <= 1.0]
    above = [a for a in GRID if a >= 1.0]
    for lo, hi in zip(below, below[1:]):
        ev.lt(mean[lo], mean[hi], what=f"O({lo}) < O({hi})", labels=(f"O({lo})", f"O({hi})"))
    for lo, hi in zip(above, above[1:]):
        ev.lt(mean[hi], mean[lo], what=f"O({hi}) < O({lo})", labels=(f"O({hi})", f"O({lo})"))


@functools.lru_cache(maxsize=16)
def _limits(a: float) -> tuple[float, float]:
    return mp_limits(a, NOISE, TEACHER)


@C.REPRODUCTION.check(given=None, precision="float64 spectra of sampled inputs; Gauss–Legendre quadrature (200 nodes) "
                      "of the Marchenko–Pastur density", tolerance=f"{LIMIT_RTOL:.0%} relative for |α − 1| ≥ {FAR}")
def curves_match_limits(subject, ev):
    r"""Mean $E_g(\infty)$ and mean $\min_t E_g(t)$ over sampled inputs agree with their Marchenko–Pastur limits within
    5\% where $|\alpha - 1| \ge 0.3$, and the mean overtraining is largest at $\alpha = 1$."""
    error, overtraining = subject
    n, draws = _setting(ev)
    spectra = sampled_spectra(n, draws)
    rows, worst = [], 0.0
    for a in GRID:
        finals = [error(lam, math.inf, n, NOISE, TEACHER, 0.0) for lam in spectra[a]]
        gaps = _overtraining_per_draw(overtraining, n, draws)[a]
        final, best = float(np.mean(finals)), float(np.mean(np.subtract(finals, gaps)))
        row = {"α": a, "E_g(∞)": final, "min E_g": best, "overtraining": final - best}
        if abs(a - 1) >= FAR:
            lim_final, lim_best = _limits(a)
            row.update({"limit E_g(∞)": lim_final, "limit min E_g": lim_best})
            for got, want, what in ((final, lim_final, "E_g(∞)"), (best, lim_best, "min E_g")):
                worst = max(worst, abs(got - want) / want)
                ev.close(got, want, rtol=LIMIT_RTOL, what=f"{what} at α={a}", labels=("sampled mean", "MP limit"))
        rows.append(row)
    ev.table("error against load", rows)
    ev.metric("worst_relative_gap", worst)
    ev.metric("converged_error_at_one", rows[GRID.index(1.0)]["E_g(∞)"])
    peak = max(rows, key=lambda r: r["overtraining"])["α"]
    ev.that(peak == 1.0, "the overtraining peak is at α = 1", claimed=1.0, observed=peak)
    if ev.wants_figures:
        ev.figure("error_vs_load", _figure(rows), "Mean converged and early-stopped error over sampled inputs against "
                  "the load α, with the Marchenko–Pastur limits (lines); the gap between the two is the overtraining, "
                  "largest at α = 1.")


def _figure(rows):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    alphas = [r["α"] for r in rows]
    ax.plot(alphas, [r["E_g(∞)"] for r in rows], "o", color="C3", label="E_g(∞), sampled")
    ax.plot(alphas, [r["min E_g"] for r in rows], "s", color="C0", label="min E_g(t), sampled")
    fine = [float(a) for a in (0.3, 0.45, 0.6, 0.7, 0.8, 1.2, 1.35, 1.5, 1.75, 2.0, 2.25, 2.5)]
    lims = [_limits(a) for a in fine]
    for part in (lambda a: a < 1, lambda a: a > 1):
        xs = [a for a in fine if part(a)]
        ls = [lim for a, lim in zip(fine, lims) if part(a)]
        ax.plot(xs, [v[0] for v in ls], "-", color="C3", lw=1, label="E_g(∞), limit" if xs[0] > 1 else None)
        ax.plot(xs, [v[1] for v in ls], "-", color="C0", lw=1, label="min E_g(t), limit" if xs[0] > 1 else None)
    ax.axvline(1.0, color="grey", ls=":", lw=1)
    ax.set_yscale("log")
    ax.set_xlabel("load α = P/N")
    ax.set_ylabel("generalisation error")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
