"""Checks of L2 (dH/dt ≤ 0 and the exact conditions it needs) and L3 (the admissible Fenchel–Young coefficients).

dH/dt is measured on H itself (the claim's subject, or the paper's H with a given coefficient), never from a
formula for the rate: by complex step (``lyapunov_states.rate_complex_step``), by Richardson-extrapolated central
differences, and, for the quadratic kernel, through the eigenvalues of the quadratic form it is.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ...theorems.lion_k import claims as C
from ...theorems.lion_k.formulas import Quadratic, lyapunov_h
from .lyapunov_states import (
    LADDER,
    battery,
    kernel_of,
    random_states,
    rate_central_differences,
    rate_complex_step,
    tangent_objective,
)
from .strategies import kernels, log_param, paper_params, seeds

# A complex-step rate carries a rounding error of a few units of 2.2e-16 times the size of the terms it sums
# (term_magnitude); 1e-12 of that size leaves ×100 headroom over ~40 roundings. A violation is declared only
# above 1e-9 of it; in between a state is too close to call.
TOL = 1e-12
VIOLATION = 1e-9


def _worst(H, kernel, params, x, m, g, f, coefficient=None):
    rate, size = rate_complex_step(H, kernel, params, x, m, g, f, coefficient)
    ratio = rate / np.maximum(size, 1e-300)
    i = int(np.argmax(ratio))
    return float(ratio[i]), i, rate, size


def _battery_worst(H, kernel, params, coefficient=None, **kw):
    x, m, g = battery(kernel, params, **kw)
    ratio, i, rate, size = _worst(H, kernel, params, x, m, g, tangent_objective(x, g), coefficient)
    return ratio, {"x": x[i], "m": m[i], "∇f(x)": g[i], "dH/dt": float(rate[i]), "term size": float(size[i])}


# -- L2: dH/dt ≤ 0 --------------------------------------------------------------------------------------------


def _parameter_sets(seed: int, count: int) -> list[dict[str, float]]:
    """``count`` parameter sets of the paper's domain (log-uniform α, γ, λ in [0.05, 5], εγ uniform in [0, 1],
    the ends εγ = 0 and 1 included), from ``seed``."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        alpha, gamma, lam = np.exp(rng.uniform(math.log(0.05), math.log(5.0), 3))
        t = 0.0 if i % 8 == 0 else 1.0 if i % 8 == 1 else float(rng.uniform(0, 1))
        out.append({"alpha": float(alpha), "gamma": float(gamma), "lam": float(lam), "eps": t / float(gamma)})
    return out


PARAMETER_SEED, PARAMETER_SETS = 2024, 16


@C.LYAPUNOV_DECREASE.check(precision="complex step (no cancellation), float64",
                           tolerance=f"dH/dt ≤ {TOL:g} × the size of the terms it sums (TOL)")
def rate_nonpositive_complex_step(subject, ev):
    r"""dH/dt by complex step on $H$, at 16 parameter sets (160 in the thorough profile) of the paper's domain
    ($\varepsilon\gamma = 0$ and 1 included), each with the log-cosh kernel ($\delta$ from 0.01 to 1) on the state
    grid and on 32 random states (convex quadratic and nonconvex cosine $f$, 1–5 coordinates), and with the quadratic
    kernel on the grid: never positive."""
    rng = np.random.default_rng(PARAMETER_SEED)
    worst, where = -math.inf, {}
    count = PARAMETER_SETS * (10 if ev.profile == "thorough" else 1)
    for k, params in enumerate(_parameter_sets(PARAMETER_SEED, count)):
        delta = float(10 ** rng.uniform(-2, 0))
        for kernel in (kernel_of("log_cosh", delta), Quadratic()):
            ratio, state = _battery_worst(subject, kernel, params)
            if ratio > worst:
                worst, where = ratio, {"params": params, "kernel": kernel.name, **state}
        family = "quadratic" if k % 2 else "cosine"
        x, m, g, f = random_states(kernel_of("log_cosh", delta), params, rng, 32, 1 + k % 5, family)
        ratio, i, rate, size = _worst(subject, kernel_of("log_cosh", delta), params, x, m, g, f)
        if ratio > worst:
            worst, where = ratio, {"params": params, "kernel": "log_cosh", "f": family, "x": x[i], "m": m[i],
                                   "∇f(x)": g[i], "dH/dt": float(rate[i]), "term size": float(size[i])}
        if worst > TOL:
            break  # a violation: the rest cannot undo it
    ev.metric("worst_relative_rate", worst)
    ev.show("worst state", where)
    ev.le(worst, TOL, what="largest dH/dt relative to its terms", labels=("dH/dt / term size", "TOL"))


# Central differences along the flow with steps h and h/2, Richardson-extrapolated: the remaining truncation
# is estimated by the gap to the finer difference (×10) and the roundoff by 4u|H|/(h/2) (see
# rate_central_differences). A rate is a violation only above that bound and above TOL × the term size.
STEP_FRACTION = 1e-3


@C.LYAPUNOV_DECREASE.check(given={"params": paper_params(), "kernel": kernels, "seed": seeds,
                                  "family": st.sampled_from(["quadratic", "cosine"])}, examples=8,
                           regressions=[{"params": {"alpha": 1.0, "gamma": 1.0, "lam": 2.0, "eps": 0.5},
                                         "kernel": ("log_cosh", 0.1), "seed": 0, "family": "cosine"}],
                           precision="float64 central differences, Richardson-extrapolated",
                           tolerance="the differences' own error bound (truncation estimate ×10 plus roundoff)")
def rate_nonpositive_central_differences(subject, ev, params, kernel, seed, family):
    r"""dH/dt by central differences of $H$ along the flow, on 32 random states (1–5 coordinates) and on the moderate
    part of the state grid ($|a|, |b| \le 30\delta$, $z = 0$): never above the differences' error bound (targeted in
    the thorough profile)."""
    kern = kernel_of(*kernel)
    rng = np.random.default_rng(seed)
    x1, m1, g1 = battery(kern, params, ladder=LADDER[np.abs(LADDER) <= 30], zs=(0.0,))
    f1 = tangent_objective(x1, g1)
    x2, m2, g2, f2 = random_states(kern, params, rng, 32, 1 + seed % 5, family)
    unit = getattr(kern, "delta", 1.0)
    worst = -math.inf
    for x, m, g, f in ((x1, m1, g1, f1), (x2, m2, g2, f2)):
        speed = np.abs(x).max(axis=1) + np.abs(m).max(axis=1) / unit + 1.0
        step = STEP_FRACTION * unit / (speed * (1 + np.abs(g).max(axis=1) + np.abs(m).max(axis=1)))
        rate, size, bound = rate_central_differences(subject, kern, params, x, m, g, f, step)
        excess = (rate - bound - TOL * size) / np.maximum(size, 1e-300)
        i = int(np.argmax(excess))
        if excess[i] > worst:
            worst = float(excess[i])
            ev.show("worst state", {"x": x[i], "m": m[i], "∇f(x)": g[i], "dH/dt": float(rate[i]),
                                    "error bound": float(bound[i])})
    ev.target(worst, "rate above its error bound")
    ev.le(worst, 0.0, what="dH/dt above the differences' error bound", labels=("excess", "0"))


# -- L2: exactly which conditions ---------------------------------------------------------------------------------


@st.composite
def wide_params(draw):
    """Parameters inside and outside the paper's assumptions: α of either sign, γ ∈ [−5, 5], ε ∈ [−1, 5], λ > 0;
    1 + ελ kept away from 0 and each condition's boundary kept at a relative distance ≥ 0.01."""
    alpha = draw(log_param) * draw(st.sampled_from([1, -1]))
    lam = draw(log_param)
    gamma = draw(st.floats(-5.0, 5.0))
    eps = draw(st.floats(-1.0, 5.0))
    return {"alpha": alpha, "gamma": gamma, "lam": lam, "eps": eps}


def _margin(p: dict[str, float]) -> float:
    return min(abs(p["eps"]), abs(p["gamma"] + p["lam"]) / p["lam"], abs(p["eps"] * p["gamma"] - 1),
               abs(1 + p["eps"] * p["lam"]))


# One case per mutant of the condition (each breaks it where the true condition holds, or holds where it fails).
CONDITION_REGRESSIONS = [
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 1.0, "eps": 1.5}},      # εγ = 1.5 > 1
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 1.0, "eps": 0.8}},      # εγ = 0.8: fine
    {"params": {"alpha": -1.0, "gamma": -0.5, "lam": 1.0, "eps": 0.5}},    # α < 0, γ ∈ (−λ, 0): fine
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 1.0, "eps": -0.3}},     # ε < 0
    {"params": {"alpha": 1.0, "gamma": -2.0, "lam": 1.0, "eps": 0.5}},     # γ + λ < 0
]


@C.EXACT_CONDITIONS.check(given={"params": wide_params()}, examples=10, regressions=CONDITION_REGRESSIONS,
                          precision="complex step on the state grid, log-cosh kernel (δ = 0.1)",
                          tolerance=f"no violation: dH/dt ≤ {TOL:g} × term size; violation: > {VIOLATION:g} × term "
                                    "size; in between rejected")
def condition_matches_log_cosh_grid(subject, ev, params):
    r"""Where the condition holds, no state of the grid has $\frac{dH}{dt} > 0$ (log-cosh kernel); where it fails, one
    has."""
    ev.assume(_margin(params) >= 0.01)
    ratio, state = _battery_worst(lyapunov_h, kernel_of("log_cosh", 0.1), params)
    ev.assume(not (TOL < ratio <= VIOLATION))
    violated = ratio > VIOLATION
    predicted = bool(subject(params["alpha"], params["gamma"], params["lam"], params["eps"]))
    ev.target(ratio, "largest dH/dt relative to its terms")  # the thorough profile steers towards violations
    ev.show("largest dH/dt / term size on the grid", ratio)
    ev.show("at", state)
    ev.that(predicted == (not violated), f"the condition says {predicted} but the grid "
            f"{'finds' if violated else 'finds no'} state with dH/dt > 0",
            claimed=predicted, observed=not violated, labels=("decrease guaranteed, by the condition",
                                                              "no increasing state found"))


def _quadratic_form(params: dict[str, float]) -> np.ndarray:
    """The symmetric 3×3 matrix of dH/dt in one coordinate (x, m, g) for 𝒦 = ½m² (dH/dt is then a quadratic form:
    H, the flow and the tangent objective are polynomials of degree 2, 1 and 2), from complex-step rates at
    e_i and e_i + e_j."""
    basis = np.eye(3)
    points = [basis[i] for i in range(3)] + [basis[i] + basis[j] for i in range(3) for j in range(i + 1, 3)]
    P = np.array(points)
    x, m, g = P[:, :1], P[:, 1:2], P[:, 2:3]
    rate, _ = rate_complex_step(lyapunov_h, Quadratic(), params, x, m, g, tangent_objective(x, g))
    M = np.diag(rate[:3])
    k = 3
    for i in range(3):
        for j in range(i + 1, 3):
            M[i, j] = M[j, i] = (rate[k] - rate[i] - rate[j]) / 2
            k += 1
    return M


@C.EXACT_CONDITIONS.check(given={"params": wide_params()}, examples=10, regressions=CONDITION_REGRESSIONS,
                          precision="numpy eigenvalues of the 3×3 form (float64)",
                          tolerance="semidefinite: largest eigenvalue ≤ 1e-12 ‖M‖; indefinite: > 1e-9 ‖M‖; "
                                    "in between rejected")
def condition_matches_quadratic_form(subject, ev, params):
    r"""For $\mathcal{K} = \frac{1}{2}m^2$, $\frac{dH}{dt}$ is a quadratic form in $(x, m, \nabla f(x))$: the condition
    holds exactly when its largest eigenvalue is $\le 0$."""
    ev.assume(_margin(params) >= 0.01)
    M = _quadratic_form(params)
    top = float(np.linalg.eigvalsh(M)[-1])
    scale = float(np.linalg.norm(M))
    ev.assume(not (1e-12 * scale < top <= 1e-9 * scale))
    semidefinite = top <= 1e-12 * scale
    predicted = bool(subject(params["alpha"], params["gamma"], params["lam"], params["eps"]))
    ev.show("form (x, m, g)", M)
    ev.show("largest eigenvalue", top)
    ev.that(predicted == semidefinite, f"the condition says {predicted} but the form's largest eigenvalue is {top:.3g}",
            claimed=predicted, observed=semidefinite, labels=("decrease guaranteed, by the condition",
                                                              "form negative semidefinite"))


# -- L3: the coefficient range ------------------------------------------------------------------------------------

# One case per wrong range, each at a position u inside the true range that the wrong range maps outside it:
# [0, 1] at u = 0.05 gives c < c*; [c*, 1] where (1 − εγ)/(ελ) < 1; [c*, (1 − εγ)/(ελ)] where that exceeds 1.
_LOG_COSH = ("log_cosh", 0.1)
RANGE_CASES = [
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 4.0, "eps": 0.2}, "u": 0.05, "kernel": _LOG_COSH},
    {"params": {"alpha": 1.0, "gamma": 0.2, "lam": 4.0, "eps": 0.5}, "u": 0.9, "kernel": _LOG_COSH},
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 1.0, "eps": 0.2}, "u": 0.5, "kernel": _LOG_COSH},
]


@C.COEFFICIENT_RANGE.check(given={"params": paper_params(), "u": st.floats(0.0, 1.0), "kernel": kernels},
                           examples=8, regressions=RANGE_CASES,
                           precision="complex step on the state grid and 32 random states",
                           tolerance=f"dH_c/dt ≤ {TOL:g} × term size (TOL)")
def inside_range_never_increases(subject, ev, params, u, kernel):
    r"""Every $c = c_{lo} + u(c_{hi} - c_{lo})$ of the claimed range gives $\frac{dH_c}{dt} \le 0$ on the grid and on
    random states (log-cosh or quadratic kernel)."""
    lo, hi = subject(params["eps"], params["gamma"], params["lam"])
    c = lo + u * (hi - lo)
    kern = kernel_of(*kernel)
    ratio, state = _battery_worst(lyapunov_h, kern, params, coefficient=c)
    rng = np.random.default_rng(int(1e6 * u))
    x, m, g, f = random_states(kern, params, rng, 32, 2, "cosine")
    ratio2, *_ = _worst(lyapunov_h, kern, params, x, m, g, f, coefficient=c)
    ev.show("claimed range", [lo, hi])
    ev.show("c", c)
    ev.show("worst grid state", state)
    ev.le(max(ratio, ratio2), TOL, what="largest dH_c/dt relative to its terms", labels=("dH_c/dt / term size", "TOL"))


OUTSIDE_CASES = [
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 1.0, "eps": 0.5}, "side": "below", "v": 0.05},
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 1.0, "eps": 0.5}, "side": "above", "v": 0.05},
    {"params": {"alpha": 1.0, "gamma": 0.2, "lam": 4.0, "eps": 0.5}, "side": "above", "v": 0.05},
    {"params": {"alpha": 1.0, "gamma": 1.0, "lam": 1.0, "eps": 0.0}, "side": "above", "v": 0.5},
]


@C.COEFFICIENT_RANGE.check(given={"params": paper_params(), "side": st.sampled_from(["below", "above"]),
                                  "v": st.floats(0.05, 1.0)}, examples=8, regressions=OUTSIDE_CASES,
                           precision="complex step on the state grid, log-cosh kernel (δ = 0.1)",
                           tolerance=f"a violation is dH_c/dt > {VIOLATION:g} × term size (VIOLATION)")
def outside_range_increases_somewhere(subject, ev, params, side, v):
    r"""Every $c \ge 0$ outside the claimed range, by a relative margin $v \ge 0.05$, has a state of the grid where
    $\frac{dH_c}{dt} > 0$ (log-cosh kernel)."""
    lo, hi = subject(params["eps"], params["gamma"], params["lam"])
    eps_gamma = params["eps"] * params["gamma"]
    ev.assume(eps_gamma <= 0.95)
    if side == "below":
        ev.assume(lo > 0.02)
        c = lo * (1 - v)
    else:
        c = hi + v * max(hi, 0.05)
    ratio, state = _battery_worst(lyapunov_h, kernel_of("log_cosh", 0.1), params, coefficient=c)
    ev.show("claimed range", [lo, hi])
    ev.show("c", c)
    ev.show("worst grid state", state)
    ev.lt(VIOLATION, ratio, what="largest dH_c/dt relative to its terms outside the range",
          labels=("VIOLATION", "dH_c/dt / term size"))
