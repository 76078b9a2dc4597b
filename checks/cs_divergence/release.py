"""Checks of S8 (the KL baseline's target density, at drawn points at 30 digits and by its total mass on a grid)
and S9 (the two-Gaussian reproduction, three seeds)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.figures import pyplot

from ...theorems.cs_divergence import claims_release as C

points = st.tuples(st.floats(-10, 10), st.floats(-10, 10))
MEANS = ((-4, -4), (4, 4))


def _released_mp(z):
    """logaddexp(½ log N(z; μ₁, I), ½ log N(z; μ₂, I)) at mpmath's precision."""
    logs = [-sum((mpmath.mpf(zi) - m) ** 2 for zi, m in zip(z, mu)) / 2 - mpmath.log(2 * mpmath.pi) for mu in MEANS]
    return mpmath.log(mpmath.exp(logs[0] / 2) + mpmath.exp(logs[1] / 2))


def _mixture_mp(z, variance):
    dens = [mpmath.exp(-sum((mpmath.mpf(zi) - m) ** 2 for zi, m in zip(z, mu)) / (2 * variance))
            / (2 * mpmath.pi * variance) for mu in MEANS]
    return mpmath.log((dens[0] + dens[1]) / 2)


def _confirm_mixture(subject, z):
    with mpmath.workdps(30):
        released, mixture = _released_mp(z), _mixture_mp(z, 1)
        return bool(abs(released - mixture) > 1e-6), (f"at 30 digits the released expression is "
                                                      f"{mpmath.nstr(released, 15)}, the mixture "
                                                      f"{mpmath.nstr(mixture, 15)}")


# logaddexp in float64 on values ≤ 1e2 in size: ~1e-14 absolute. The witness differs by O(1).
DENSITY_ATOL = 1e-10


@C.KL_TARGET.check(given={"z": points}, examples=10, precision="float64, re-verified at 30 digits",
                   tolerance=f"absolute {DENSITY_ATOL:g}", confirm=_confirm_mixture,
                   regressions=[{"z": (-4.0, -4.0)}])
def against_the_mixture(subject, ev, z):
    r"""The released log density at $z$ against $\log(\frac{1}{2}\mathcal{N}(z; \mu_1, I) + \frac{1}{2}
    \mathcal{N}(z; \mu_2, I))$ at 30 digits."""
    with mpmath.workdps(30):
        truth = float(_mixture_mp(z, 1))
    ev.close(float(subject(np.array(z))[0]), truth, atol=DENSITY_ATOL, what="log density",
             labels=("released log density", "log of the mixture"))


@C.KL_TARGET_WIDER.check(given={"z": points}, examples=10, precision="mpmath 30 digits",
                         tolerance=f"absolute {DENSITY_ATOL:g}", regressions=[{"z": (-4.0, -4.0)}])
def against_the_released_expression(subject, ev, z):
    r"""The corrected reading at $z$ against the released expression evaluated at 30 digits."""
    with mpmath.workdps(30):
        truth = float(_released_mp(z))
    ev.close(float(subject(np.array(z))[0]), truth, atol=DENSITY_ATOL, what="log density",
             labels=("the wider mixture", "the released expression (30 digits)"))


# Trapezoid with step 0.1 over [−20, 20]²: modes of standard deviation √2 are resolved to ~exp(−2π²·200), the
# tails beyond ±20 are below exp(−64); 1e-9 relative leaves headroom. The constant without 2 is off by a factor 2.
MASS_RTOL = 1e-9


@C.KL_TARGET_WIDER.check(precision="float64 trapezoidal rule", tolerance=f"relative {MASS_RTOL:g}")
def total_mass(subject, ev):
    r"""$\int\tilde p$ by the trapezoidal rule against the mass of the corrected reading's own density: the
    reading's value at $z$ minus its mixture term, exponentiated."""
    grid = np.arange(-20, 20.05, 0.1)
    zz = np.stack(np.meshgrid(grid, grid, indexing="ij"), axis=-1).reshape(-1, 2)
    from ...theorems.cs_divergence import release as R

    mass = float(np.sum(np.exp(R.kl_target_log_density(zz)))) * 0.01
    predicted = float(np.exp(subject(np.zeros((1, 2)))[0] - C.mixture_log_density(np.zeros((1, 2)), 2.0)[0]))
    ev.metric("mass", mass)
    ev.close(predicted, mass, rtol=MASS_RTOL, what="total mass", labels=("the reading's constant", "grid quadrature"))
    ev.close(mass, 4 * math.sqrt(2 * math.pi), rtol=MASS_RTOL, what="4√(2π)", labels=("grid quadrature", "4√(2π)"))


CI_SIZE = {"n_particles": 100, "n_target": 50, "epochs": 300, "lr": 50.0}
FULL_SIZE = {"n_particles": 400, "n_target": 200, "epochs": 10_000, "lr": 200.0}


def _summary(x: np.ndarray) -> list[dict]:
    rows = []
    for centre in MEANS:
        near = np.linalg.norm(x - np.array(centre), axis=1) < np.linalg.norm(x + np.array(centre), axis=1)
        part = x[near]
        if len(part) < 2:
            rows.append({"mode": centre, "share": float(near.mean()), "distance_of_median": math.inf, "spread": 0.0})
            continue
        median = np.median(part, axis=0)
        mad = 1.4826 * np.median(np.abs(part - median), axis=0)
        rows.append({"mode": centre, "share": float(near.mean()),
                     "distance_of_median": float(np.linalg.norm(median - centre)), "spread": float(mad.mean())})
    return rows


def _stragglers(x: np.ndarray) -> float:
    """The share of particles farther than 4 from both modes."""
    far = [np.linalg.norm(x - np.array(c), axis=1) > 4 for c in MEANS]
    return float(np.mean(far[0] & far[1]))


@C.TWO_GAUSSIAN.check(precision="float64 particle descent, three seeds",
                      tolerance="share in [0.35, 0.65], median within 0.75, robust spread in [0.5, 1.6]")
def covers_both_modes(subject, ev):
    r"""For seeds 0, 1, 2: the share of particles nearer each mode, the distance of their coordinate-wise median to
    the mode's centre, and their robust spread ($1.4826 \times$ the median absolute deviation, averaged over the two
    coordinates)."""
    size = FULL_SIZE if ev.profile == "thorough" else CI_SIZE
    ev.show("configuration", size)
    final = {}
    stragglers = []
    for seed in (0, 1, 2):
        x, y = subject(seed, **size)
        final[seed] = (x, y)
        stragglers.append(_stragglers(x))
        rows = _summary(x)
        ev.table(f"seed {seed}", rows)
        for row in rows:
            ev.le(0.35, row["share"], what="share ≥ 0.35", labels=("0.35", f"share at {row['mode']}"))
            ev.le(row["share"], 0.65, what="share ≤ 0.65", labels=(f"share at {row['mode']}", "0.65"))
            ev.le(row["distance_of_median"], 0.75, what="median near the mode",
                  labels=(f"distance of the median to {row['mode']}", "0.75"))
            ev.le(0.5, row["spread"], what="spread ≥ 0.5", labels=("0.5", f"spread at {row['mode']}"))
            ev.le(row["spread"], 1.6, what="spread ≤ 1.6", labels=(f"spread at {row['mode']}", "1.6"))
    ev.metric("largest_straggler_share", max(stragglers))
    if ev.wants_figures and ev.profile == "thorough":
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5, 5))
        x, y = final[0]
        ax.plot(y[:, 0], y[:, 1], "kx", ms=3, label="targets")
        ax.plot(x[:, 0], x[:, 1], "b.", ms=3, label="particles after descent")
        ax.set_xlim(-10, 10)
        ax.set_ylim(-10, 10)
        ax.legend(loc="upper left")
        ev.figure("particles", fig, "Seed 0: the particles after minimising the CS divergence, over the targets.")
