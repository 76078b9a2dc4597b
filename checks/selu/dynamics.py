"""Checks of S8: iterating g (50 layers) from Theorem 1's domain, and a deep random SELU network.

Routes: the iteration of the library's map against Newton's method on g(x) = x and mpmath findroot at 30
digits on the closed-form map (a counterexample to the abstract's limit is re-run at 30 digits); the network is
simulated in numpy with its layers' statistics measured directly.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.figures import pyplot

from ...theorems.selu import formulas as F
from ...theorems.selu import library as L
from ...theorems.selu.claims_dynamics import ABSTRACT_CONVERGENCE, DEEP_NETWORK, WEIGHT_FIXED_POINT

LAYERS = 50
STARTS = {"omega": st.floats(-0.1, 0.1), "tau": st.floats(0.95, 1.1), "mu0": st.floats(-0.1, 0.1),
          "nu0": st.floats(0.8, 1.5)}
EDGE = {"omega": 0.0, "tau": 1.1, "mu0": 0.1, "nu0": 0.8}
#: The abstract's limit to 1e-3; the iterates have converged far below that after 50 layers (rate ≤ 0.9).
LIMIT_TOL = 1e-3


def _iterate(mu: float, nu: float, omega: float, tau: float, steps: int = LAYERS) -> tuple[float, float]:
    for _ in range(steps):
        mu, nu = L.selu_map(mu, nu, omega, tau)
    return mu, nu


def _iterate_mp(mu: float, nu: float, omega: float, tau: float, steps: int = LAYERS) -> tuple[mpmath.mpf, mpmath.mpf]:
    with mpmath.workdps(30):
        alpha, lam = F.constants_closed_form(30)
        m, n, w, t = (mpmath.mpf(x) for x in (mu, nu, omega, tau))
        for _ in range(steps):
            m, n = F.map_mp(m, n, w, t, alpha, lam)
        return m, n


def _confirm_limit(subject, omega, tau, mu0, nu0) -> tuple[bool, str]:
    """At 30 digits: after 50 layers the iterate is farther than 1e-3 from the subject's limit."""
    m, n = _iterate_mp(mu0, nu0, omega, tau)
    want = subject(omega, tau)
    with mpmath.workdps(30):
        gap = mpmath.sqrt((m - want[0]) ** 2 + (n - want[1]) ** 2)
    return bool(gap > LIMIT_TOL), (f"at 30 digits the 50th iterate is ({mpmath.nstr(m, 12)}, {mpmath.nstr(n, 12)}), "
                                   f"{mpmath.nstr(gap, 6)} from the stated limit {want}")


@ABSTRACT_CONVERGENCE.check(given=STARTS, examples=20, regressions=[EDGE], confirm=_confirm_limit,
                            precision="float64 iteration of the closed-form map; re-verified at 30 digits",
                            tolerance=f"distance {LIMIT_TOL:g} to the stated limit after {LAYERS} layers")
def iterates_converge_to_the_stated_limit(subject, ev, omega, tau, mu0, nu0):
    r"""Iterating $g$ 50 times from $(\mu_0, \nu_0)$ at fixed $(\omega, \tau)$: the iterates have converged (the last
    step is below $10^{-6}$) and the 50th is within $10^{-3}$ of the stated limit."""
    m49 = _iterate(mu0, nu0, omega, tau, LAYERS - 1)
    m50 = L.selu_map(*m49, omega, tau)
    want = subject(omega, tau)
    ev.show("50th iterate", list(m50))
    ev.show("stated limit", list(want))
    ev.le(math.dist(m49, m50), 1e-6, what="last step", labels=("|x₅₀ − x₄₉|", "1e-6"))
    ev.le(math.dist(m50, want), LIMIT_TOL, what="distance to the stated limit",
          labels=("|x₅₀ − stated limit|", "1e-3"))


@ABSTRACT_CONVERGENCE.check(given=None, confirm=lambda subject: _confirm_limit(subject, 0.0, 1.1, 0.0, 1.0),
                            precision="float64 Newton on g(x) = x at ω = 0", tolerance=f"distance {LIMIT_TOL:g}")
def limit_at_the_domain_edges(subject, ev):
    r"""At $\omega = 0$ and $\tau \in \{0.95, 1.1\}$ (the ends of Theorem 1's $\tau$), the fixed points of $g$ are
    recorded and compared with the stated limit."""
    limits = {tau: F.weight_fixed_point(0.0, tau) for tau in (1.1, 0.95)}
    ev.metric("limit_at_tau_1_1", "({:.5f}, {:.5f})".format(*limits[1.1]))
    ev.metric("limit_at_tau_0_95", "({:.5f}, {:.5f})".format(*limits[0.95]))
    for tau, fixed in limits.items():
        ev.show(f"fixed point at τ = {tau}", list(fixed))
        ev.le(math.dist(fixed, subject(0.0, tau)), LIMIT_TOL, what=f"fixed point at τ = {tau} vs the stated limit",
              labels=("|x* − stated limit|", "1e-3"))


# -- the refined reading -----------------------------------------------------------------------------------

RATE = 0.9


@WEIGHT_FIXED_POINT.check(given=STARTS, examples=20, regressions=[EDGE, {"omega": 0.1, "tau": 1.1, "mu0": -0.1,
                                                                        "nu0": 0.8}],
                          precision="float64 iteration of the closed-form map",
                          tolerance="Banach's bound 0.9^50·|x₀ − x*| plus 1e-13 (rounding of the iterates)")
def iterates_reach_the_fixed_point(subject, ev, omega, tau, mu0, nu0):
    r"""After 50 layers, $\lVert g^{50}(x_0) - x^*\rVert \le 0.9^{50}\lVert x_0 - x^*\rVert$ for the subject's $x^*$."""
    fixed = subject(omega, tau)
    last = _iterate(mu0, nu0, omega, tau)
    start = math.dist((mu0, nu0), fixed)
    ev.show("x*", list(fixed))
    ev.show("50th iterate", list(last))
    ev.le(math.dist(last, fixed), RATE**LAYERS * start + 1e-13, what="Banach bound",
          labels=("|x₅₀ − x*|", "0.9⁵⁰|x₀ − x*|"))


@functools.lru_cache(maxsize=32)
def _findroot(omega: float, tau: float) -> tuple[float, float]:
    with mpmath.workdps(20):
        alpha, lam = F.constants_closed_form(20)
        w, t = mpmath.mpf(omega), mpmath.mpf(tau)

        def equations(m, n):
            gm, gn = F.map_mp(m, n, w, t, alpha, lam)
            return [gm - m, gn - n]

        root = mpmath.findroot(equations, (mpmath.mpf(0), mpmath.mpf(1)))
        return float(root[0]), float(root[1])


GRID = [(-0.1, 0.95), (0.1, 1.1), (0.0, 1.0), (0.1, 1.0), (0.0, 1.1)]


@WEIGHT_FIXED_POINT.check(given=None, precision="mpmath findroot at 20 digits on the closed-form map",
                          tolerance="absolute 1e-12 on x*; x* = (0, 1) to 1e-14 at τ = 1, farther than 1e-3 otherwise")
def fixed_point_by_findroot(subject, ev):
    r"""At five weights $(\omega, \tau)$ (corners, centre, $\tau = 1$ with $\omega \ne 0$) the subject's $x^*$ is
    the root of
    $g(x) = x$; it is $(0, 1)$ exactly when $\tau = 1$; the observed rate per layer from the corners is recorded."""
    worst_rate = 0.0
    for omega, tau in GRID:
        fixed = subject(omega, tau)
        root = _findroot(omega, tau)
        ev.close(np.array(fixed), np.array(root), atol=1e-12, what=f"x* at (ω, τ) = ({omega}, {tau})",
                 labels=("subject's x*", "findroot"))
        distance = math.dist(fixed, (0.0, 1.0))
        if tau == 1.0:
            ev.le(distance, 1e-14, what="x* = (0, 1) at τ = 1", labels=("|x* − (0, 1)|", "1e-14"))
        else:
            ev.lt(1e-3, distance, what="x* ≠ (0, 1) at τ ≠ 1", labels=("1e-3", "|x* − (0, 1)|"))
        for mu0 in (-0.1, 0.1):
            for nu0 in (0.8, 1.5):
                gap0 = math.dist((mu0, nu0), root)
                gap = math.dist(_iterate(mu0, nu0, omega, tau, 20), root)
                worst_rate = max(worst_rate, (gap / gap0) ** (1 / 20))
    ev.metric("rate", f"{worst_rate:.4f}")


# -- the deep network ----------------------------------------------------------------------------------------

INPUTS = [(0.0, 1.0), (0.5, 1.0), (0.0, 3.0), (0.0, 0.3), (-0.5, 2.0)]
#: Tolerances on layers 17–32. Finite width: each unit's τᵢ = ‖wᵢ‖² has standard deviation √(2/n) = 0.125 at
#: n = 128, and a layer's variance over a batch of 64 fluctuates with a standard deviation of about 0.05 (the
#: largest of 16 layers is then typically 0.1); 0.3 is six standard deviations. The mean's is about 0.025; 0.15
#: is six. The mutants are off by 0.9 or more.
MEAN_TOL, VAR_TOL = 0.15, 0.3
CI_SIZE = {"width": 128, "depth": 32, "batch": 64, "seeds": 1}
FULL_SIZE = {"width": 512, "depth": 32, "batch": 256, "seeds": 3}


@DEEP_NETWORK.check(given=None, precision="float64 simulation; fixed seeds",
                    tolerance=f"|mean| ≤ {MEAN_TOL}, |var − 1| ≤ {VAR_TOL} on layers 17–32 (finite-width "
                              "fluctuations about 0.03)")
def layers_approach_zero_one(subject, ev):
    r"""From five input statistics (mean and variance perturbed), every layer from the 17th on has mean within 0.15
    of 0 and variance within 0.3 of 1 (width 128 in the default profile, 512 in the thorough one)."""
    size = FULL_SIZE if ev.profile == "thorough" else CI_SIZE
    ev.metric("size", f"width {size['width']}, batch {size['batch']}, depth {size['depth']}, "
                      f"{size['seeds']} seed(s) per input")
    curves = {}
    worst_mean = worst_var = 0.0
    for index, (in_mean, in_var) in enumerate(INPUTS):
        for seed in range(size["seeds"]):
            stats = subject(1000 * index + seed, size["width"], size["depth"], size["batch"], in_mean, in_var)
            curves[(in_mean, in_var, seed)] = stats
            tail = stats[16:]
            worst_mean = max(worst_mean, float(np.max(np.abs(tail[:, 0]))))
            worst_var = max(worst_var, float(np.max(np.abs(tail[:, 1] - 1.0))))
            ev.show(f"layer statistics from ({in_mean}, {in_var})", stats[15::4])
            ev.finite(stats, "layer statistics")
            ev.le(float(np.max(np.abs(tail[:, 0]))), MEAN_TOL, what=f"|mean| from ({in_mean}, {in_var})",
                  labels=("largest |mean|, layers 17–32", "0.15"))
            ev.le(float(np.max(np.abs(tail[:, 1] - 1.0))), VAR_TOL, what=f"|var − 1| from ({in_mean}, {in_var})",
                  labels=("largest |var − 1|, layers 17–32", "0.3"))
    ev.metric("largest_abs_mean", worst_mean)
    ev.metric("largest_var_deviation", worst_var)
    if ev.wants_figures:
        plt = pyplot()
        fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.0))
        for (in_mean, in_var, seed), stats in curves.items():
            label = f"({in_mean}, {in_var})" if seed == 0 else None
            color = f"C{INPUTS.index((in_mean, in_var))}"
            axes[0].plot(range(1, len(stats) + 1), stats[:, 0], color=color, lw=1, label=label)
            axes[1].plot(range(1, len(stats) + 1), stats[:, 1], color=color, lw=1)
        for ax, target, name in ((axes[0], 0.0, "mean"), (axes[1], 1.0, "variance")):
            ax.axhline(target, color="k", lw=0.6, ls=":")
            ax.set_xlabel("layer")
            ax.set_ylabel(name)
        axes[0].legend(fontsize=6, title="input (mean, var)", title_fontsize=6)
        fig.tight_layout()
        ev.figure("layer_statistics", fig, "Mean and variance of the activations layer by layer in a random SELU "
                                           "network, from five input statistics.")
