"""F6: the mode-coverage toy by grid quadrature (601 points in the ci profile, the specification's 24001 in the
thorough one): the global minimiser by Nelder–Mead from three starts and by a grid search, the minimiser reached from
(0.5, 1) by Nelder–Mead and by gradient descent with the f-distill gradient, and the Hessian at each point reached."""

from __future__ import annotations

import functools

import numpy as np
from scipy.optimize import minimize

from claimkit.figures import pyplot

from ...theorems.f_distill import coverage as C
from ...theorems.f_distill import formulas as F
from ...theorems.f_distill.claims_coverage import COVERAGE, FROM_START

CI_POINTS, THOROUGH_POINTS = 601, 24001
# central second differences with step 1e-3 on (m, log s): truncation 1e-6 · |D⁗| and roundoff 1e-16/1e-6 = 1e-10;
# the smallest curvature at a point reached is above 0.05, so a positive eigenvalue above 1e-3 is unambiguous.
HESS_STEP = 1e-3
MIN_EIGEN = 1e-3


def _points(ev):
    return THOROUGH_POINTS if ev.profile == "thorough" else CI_POINTS


@functools.lru_cache(maxsize=16)
def global_by_nelder_mead(name, points):
    """The best of Nelder–Mead runs from (0.5, 1), (0, 2) and (2, 0.5)."""
    best = None
    m, s = C.nelder_mead(name, points)
    best = (m, s, C.divergence(name, m, s, points))
    for m0, s0 in ((0.0, 2.0), (2.0, 0.5)):
        res = minimize(lambda v: C.divergence(name, v[0], float(np.exp(v[1])), points), [m0, np.log(s0)],
                       method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-11, "maxiter": 2000})
        if res.fun < best[2]:
            best = (float(res.x[0]), float(np.exp(res.x[1])), float(res.fun))
    return best


@functools.lru_cache(maxsize=16)
def global_by_grid(name, points):
    """The minimum of D_f over m ∈ [−3, 3] (step 0.25) and s ∈ [0.3, 3] (16 log-spaced values)."""
    x, lp, dx = C.grid(points)
    best = None
    for s in np.geomspace(0.3, 3.0, 16):
        ms = np.linspace(-3.0, 3.0, 25)[:, None]
        lq = -0.5 * ((x[None, :] - ms) / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))
        ratio = np.exp(np.clip(lp[None, :] - lq, -700.0, 700.0))
        vals = np.trapezoid(np.exp(lq) * F.derivatives(name).f(ratio), dx=dx, axis=1)
        k = int(np.argmin(vals))
        if best is None or vals[k] < best[2]:
            best = (float(ms[k, 0]), float(s), float(vals[k]))
    return best


@COVERAGE.check(precision="float64 grid quadrature, Nelder–Mead from three starts and a grid search",
                tolerance="classification by mass within 1 of each mode (10% threshold); the two routes agree")
def global_minimiser(subject, ev):
    """For each divergence, the global minimiser over $(m, s)$ found by Nelder–Mead from three starts and by a grid
    search covers both modes or one, as claimed."""
    points = _points(ev)
    rows = []
    for name in C.DIVERGENCES:
        m1, s1, d1 = global_by_nelder_mead(name, points)
        m2, s2, d2 = global_by_grid(name, points)
        for route, (m, s) in (("Nelder–Mead", (m1, s1)), ("grid search", (m2, s2))):
            ev.that(C.coverage(m, s) == subject[name], f"{name}: the {route} minimiser covers {C.coverage(m, s)}",
                    claimed=subject[name], observed=C.coverage(m, s))
        rows.append({"divergence": name, "m": m1, "s": s1, "D": d1, "grid m": m2, "grid s": s2,
                     "covers": C.coverage(m1, s1)})
    ev.table("global minimisers", rows)


def _eigen(name, m, s, points):
    def f(a, b):
        return C.divergence(name, a, float(np.exp(b)), points)

    e, ls = HESS_STEP, np.log(s)
    f0 = f(m, ls)
    hmm = (f(m + e, ls) - 2 * f0 + f(m - e, ls)) / e**2
    hss = (f(m, ls + e) - 2 * f0 + f(m, ls - e)) / e**2
    hms = (f(m + e, ls + e) - f(m + e, ls - e) - f(m - e, ls + e) + f(m - e, ls - e)) / (4 * e**2)
    return np.linalg.eigvalsh(np.array([[hmm, hms], [hms, hss]]))


@functools.lru_cache(maxsize=16)
def _descent(name, points):
    return C.gradient_descent(F.gradient_integrand, name, points)


@FROM_START.check(precision="float64 grid quadrature; Nelder–Mead and 200 gradient steps of 0.15",
                  tolerance="classification (10% mass threshold); Hessian eigenvalues above 1e-3 by central "
                            "differences with step 1e-3")
def reached_minimisers(subject, ev):
    """From $(0.5, 1)$, Nelder–Mead and gradient descent with the f-distill gradient reach the claimed kind of
    minimiser for each divergence, and each point reached is a strict local minimiser (positive Hessian)."""
    points = _points(ev)
    rows = []
    for name in C.DIVERGENCES:
        nm, gd = C.nelder_mead(name, points), _descent(name, points)
        for route, point, claimed in (("Nelder–Mead", nm, subject[name][0]), ("gradient descent", gd,
                                                                              subject[name][1])):
            got = C.coverage(*point)
            ev.that(got == claimed, f"{name}: {route} from (0.5, 1) reaches a point covering {got}",
                    claimed=claimed, observed=got)
            ev.le(MIN_EIGEN, float(np.min(_eigen(name, *point, points))),
                  what=f"smallest Hessian eigenvalue, {name}, {route}", labels=("threshold", "smallest eigenvalue"))
        rows.append({"divergence": name, "Nelder–Mead (m, s)": list(nm), "gradient descent (m, s)": list(gd)})
    ev.table("minimisers reached from (0.5, 1)", rows)
    if ev.wants_figures:
        ev.figure("reached", _figure(points), "Teacher density (thick grey) and the Gaussian students reached from "
                  "(0.5, 1) by Nelder–Mead (solid) and by gradient descent with the f-distill gradient (dashed).")


def _figure(points):
    plt = pyplot()
    x = np.linspace(-5.0, 5.0, 101)
    teacher = np.exp(C.teacher_log_density(x))
    fig, axes = plt.subplots(1, len(C.DIVERGENCES), figsize=(11, 2.4), sharey=True)
    for ax, name in zip(axes, C.DIVERGENCES):
        ax.plot(x, teacher, color="0.6", linewidth=2.5)
        for (m, s), style in ((C.nelder_mead(name, points), "-"), (_descent(name, points), "--")):
            ax.plot(x, np.exp(C.student_log_density(x, m, s)), style)
        ax.set_title(F.LATEX_NAME[name], fontsize=8)
        ax.set_xlim(-5, 5)
    fig.tight_layout()
    return fig
