"""Checks of the release ports: S6 (getSeluParameters: its printed outputs, the equations it solves, which
weights make its root a fixed point of g) and S7 (dropout_selu keeps the mean and variance).

Routes: the notebook's printed values; mpmath findroot at 30 digits; the moments by quadrature (float64, and
mpmath at 30 digits to confirm a counterexample); a grid search with local refinement over (ω, τ); the expectation
over the dropout mask by enumeration, and a Monte Carlo z-test on non-Gaussian inputs.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import optimize

from claimkit.stats import normal_tail

from ...theorems.selu import formulas as F
from ...theorems.selu import ground_truth as G
from ...theorems.selu import library as L
from ...theorems.selu.claims_release import (
    ALPHA_DROPOUT,
    RELEASE_SOLVER,
    RELEASE_SOLVER_NORMALIZED,
    RELEASE_SOLVER_WEIGHTS,
)
from .strategies import moments_grid, seeds

ULP_RTOL = 2e-15  # about 9 units in the last place: the coefficients are float64, the root is conditioned ~ 10
NOTEBOOK_EXAMPLE = {"mu": -0.1, "nu": 2.0}


@functools.lru_cache(maxsize=8)
def root_30_digits(mu: float, nu: float) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The root (α, λ) of E selu(z) = μ, Var selu(z) = ν, z ~ N(μ, ν), by mpmath findroot at 30 digits."""
    with mpmath.workdps(30):
        m, v = mpmath.mpf(mu), mpmath.mpf(nu)

        def equations(a, lam):
            mean, second = F.moments_mp(m, v, a, lam)
            return [mean - m, second - mean**2 - v]

        root = mpmath.findroot(equations, (mpmath.mpf("1.67"), mpmath.mpf("1.05")))
        return root[0], root[1]


@RELEASE_SOLVER.check(given=None, precision="float64 port against the printed floats and 30-digit roots",
                      tolerance=f"relative {ULP_RTOL:g} (ULP_RTOL): the coefficients are rounded to float64")
def reproduces_printed_outputs(subject, ev):
    """The port returns the notebook's printed outputs for (0, 1) and (−0.1, 2), and both are the 30-digit roots
    of the moment equations to float64 accuracy."""
    largest_ulps, printed_gap = 0.0, 0.0
    for (mu, nu), printed in F.RELEASE_OUTPUTS.items():
        got = subject(mu, nu)
        exact = [float(x) for x in root_30_digits(mu, nu)]
        ev.show(f"port({mu:g}, {nu:g})", list(got))
        ev.close(np.array(got), np.array(printed), rtol=ULP_RTOL, what=f"getSeluParameters({mu:g}, {nu:g})",
                 labels=("port", "printed"))
        ev.close(np.array(got), np.array(exact), rtol=ULP_RTOL, what=f"root at ({mu:g}, {nu:g})",
                 labels=("port", "30-digit root"))
        largest_ulps = max(largest_ulps, *(abs(g - p) / math.ulp(p) for g, p in zip(got, printed)))
        printed_gap = max(printed_gap, *(abs(p - e) / e for p, e in zip(printed, exact)))
    ev.metric("largest_ulps", f"{largest_ulps:.0f}")
    ev.metric("printed_vs_30_digits", f"{printed_gap:.1e}")


SETTING = {"mu": st.floats(-0.3, 0.3), "nu": st.floats(0.5, 3.0)}


@RELEASE_SOLVER.check(given=SETTING, examples=8, regressions=[NOTEBOOK_EXAMPLE],
                      precision="float64 quadrature of the moments", tolerance="relative 1e-10 on (μ, ν)")
def solves_the_moment_equations(subject, ev, mu, nu):
    r"""With the port's $(\alpha, \lambda)$, quadrature of $\mathrm{selu}(z)$ for $z \sim \mathcal N(\mu, \nu)$
    gives mean
    $\mu$ and variance $\nu$."""
    alpha, lam = subject(mu, nu)
    mean, _, var = G.quadrature_moments(mu, nu, alpha, lam)
    ev.show("(α, λ)", [alpha, lam])
    ev.close(np.array([mean, var]), np.array([mu, nu]), rtol=1e-10, atol=1e-11, what="moments",
             labels=("quadrature (mean, var)", "(μ, ν)"))


def _confirm_normalized(subject, mu, nu) -> tuple[bool, str]:
    """At 30 digits (the closed-form map in mpmath, Eq. 4–5 as proved by selu.mean_map and selu.second_moment_map):
    g(μ, ν) at ω = 0, τ = 1 with the port's (α, λ) is not (μ, ν)."""
    alpha, lam = subject(mu, nu)
    with mpmath.workdps(30):
        mean, var = F.map_mp(mpmath.mpf(mu), mpmath.mpf(nu), mpmath.mpf(0), mpmath.mpf(1), mpmath.mpf(alpha),
                             mpmath.mpf(lam))
        gap = abs(mean - mpmath.mpf(mu)) + abs(var - mpmath.mpf(nu))
    return bool(gap > mpmath.mpf(10) ** -8), (f"at 30 digits g({mu!r}, {nu!r}) = ({mpmath.nstr(mean, 12)}, "
                                              f"{mpmath.nstr(var, 12)}) with (α, λ) = ({alpha!r}, {lam!r})")


@RELEASE_SOLVER_NORMALIZED.check(given=SETTING, examples=8, regressions=[NOTEBOOK_EXAMPLE],
                                 precision="float64 quadrature; a counterexample re-verified with the closed-form map "
                                           "at 30 digits",
                                 tolerance="absolute 1e-9 on (μ̃ − μ, ν̃ − ν)", confirm=_confirm_normalized)
def fixed_point_at_normalized_weights(subject, ev, mu, nu):
    r"""With the port's $(\alpha, \lambda)$, $g(\mu, \nu) = (\mu, \nu)$ at $\omega = 0$, $\tau = 1$ (quadrature)."""
    alpha, lam = subject(mu, nu)
    got = G.quadrature_map(mu, nu, 0.0, 1.0, alpha, lam)
    ev.show("(α, λ)", [alpha, lam])
    ev.show("g(μ, ν) at ω = 0, τ = 1", list(got))
    ev.close(np.array(got), np.array([mu, nu]), atol=1e-9, what="g(μ, ν)", labels=("g(μ, ν)", "(μ, ν)"))


@RELEASE_SOLVER_NORMALIZED.check(given=None, precision="float64 quadrature; re-verified at 30 digits",
                                 tolerance="absolute 1e-9", confirm=lambda subject: _confirm_normalized(subject, -0.1,
                                                                                                        2.0))
def example_in_the_notebook(subject, ev):
    r"""The notebook's example $(-0.1, 2)$: its parameters do not make it a fixed point at $\omega = 0$, $\tau = 1$;
    the parameters that do (library selu_parameters) are recorded."""
    alpha, lam = subject(-0.1, 2.0)
    got = G.quadrature_map(-0.1, 2.0, 0.0, 1.0, alpha, lam)
    ev.metric("g_at_normalized_weights", f"({got[0]:.6f}, {got[1]:.6f})")
    ev.metric("normalized_parameters", "(α, λ) = ({:.10f}, {:.10f})".format(*L.selu_parameters(-0.1, 2.0)))
    ev.show("(α, λ)", [alpha, lam])
    ev.show("g(−0.1, 2) at ω = 0, τ = 1", list(got))
    ev.close(np.array(got), np.array([-0.1, 2.0]), atol=1e-9, what="g(−0.1, 2)", labels=("g(−0.1, 2)", "(−0.1, 2)"))


# -- S6: which weights --------------------------------------------------------------------------------------

OMEGAS = np.linspace(-4.0, 4.0, 161)
TAUS = np.linspace(0.05, 10.0, 200)


def _residual(mu: float, nu: float, alpha: float, lam: float, omega: np.ndarray, tau: np.ndarray) -> np.ndarray:
    mean, var = moments_grid(mu * omega, nu * tau, alpha, lam)
    return np.abs(mean - mu) + np.abs(var - nu)


def _local_minima(res: np.ndarray) -> np.ndarray:
    """Indices of the grid's local minima (no smaller neighbour, diagonals included), smallest first."""
    padded = np.pad(res, 1, constant_values=np.inf)
    local = np.ones_like(res, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                local &= res <= padded[1 + di:1 + di + res.shape[0], 1 + dj:1 + dj + res.shape[1]]
    idx = np.argwhere(local)
    return idx[np.argsort(res[local])]


def _roots_over_weights(mu: float, nu: float, alpha: float, lam: float) -> tuple[list[tuple[float, float]], float]:
    """The (ω, τ) in [−4, 4] × [0.05, 10] where g(μ, ν) = (μ, ν): the grid's five smallest local minima (over τ
    alone when μ = 0, where ω does not enter), each refined by Nelder–Mead; returns the roots (residual < 1e-10,
    ω reported as 1 when μ = 0) and the smallest residual among the refined non-roots (inf if none)."""
    omegas = OMEGAS if mu != 0.0 else np.array([1.0])
    w, t = np.meshgrid(omegas, TAUS, indexing="ij")
    res = _residual(mu, nu, alpha, lam, w, t)
    roots, elsewhere = [], math.inf
    for i, j in _local_minima(res)[:5]:
        if res[i, j] > 0.05:
            break
        if mu != 0.0:
            def objective(x):
                return math.inf if x[1] <= 0 else float(_residual(mu, nu, alpha, lam, np.array(x[0]), np.array(x[1])))
            start = np.array([w[i, j], t[i, j]])
        else:
            def objective(x):
                return math.inf if x[0] <= 0 else float(_residual(mu, nu, alpha, lam, np.array(1.0), np.array(x[0])))
            start = np.array([t[i, j]])
        sol = optimize.minimize(objective, start, method="Nelder-Mead",
                                options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 400})
        point = (float(sol.x[0]), float(sol.x[1])) if mu != 0.0 else (1.0, float(sol.x[0]))
        if sol.fun < 1e-10:
            roots.append(point)
        else:
            elsewhere = min(elsewhere, float(sol.fun))
    return roots, elsewhere


@RELEASE_SOLVER_WEIGHTS.check(given={"mu": st.floats(-0.3, 0.3), "nu": st.floats(0.5, 3.0)}, examples=5,
                              regressions=[NOTEBOOK_EXAMPLE, {"mu": 0.0, "nu": 1.0}],
                              precision="float64 grid 161 × 200 over (ω, τ), local minima refined by Nelder–Mead; "
                                        "quadrature at (1, 1)",
                              tolerance="roots within 1e-5 of ω = 1 (μ ≠ 0) and of τ = 1; quadrature within 1e-10")
def only_unit_weights(subject, ev, mu, nu):
    r"""With the port's $(\alpha, \lambda)$: $g(\mu, \nu) = (\mu, \nu)$ at $\omega = \tau = 1$ (quadrature), and every
    root of $g(\mu, \nu) = (\mu, \nu)$ found over $(\omega, \tau) \in [-4, 4] \times [0.05, 10]$ has $\tau = 1$ and,
    for $\mu \ne 0$, $\omega = 1$."""
    ev.assume(abs(mu) >= 0.02 or mu == 0.0)
    alpha, lam = subject(mu, nu)
    at_unit = G.quadrature_map(mu, nu, 1.0, 1.0, alpha, lam)
    ev.show("(α, λ)", [alpha, lam])
    ev.close(np.array(at_unit), np.array([mu, nu]), rtol=1e-10, atol=1e-11, what="g at ω = τ = 1",
             labels=("g(μ, ν) at (1, 1)", "(μ, ν)"))
    roots, elsewhere = _roots_over_weights(mu, nu, alpha, lam)
    ev.show("roots (ω, τ)", roots)
    ev.metric("smallest_residual_elsewhere", "none" if math.isinf(elsewhere) else f"{elsewhere:.3g}")
    ev.that(bool(roots), "no root found on the grid", claimed=[], observed=[(1.0, 1.0)],
            labels=("roots", "expected root"))
    for omega, tau in roots:
        ev.close(tau, 1.0, atol=1e-5, what="τ of a root", labels=("τ", "1"))
        if mu != 0.0:
            ev.close(omega, 1.0, atol=1e-5, what="ω of a root", labels=("ω", "1"))


# -- S7: alpha dropout -----------------------------------------------------------------------------------------

KEEP, DROP = "keep", "drop"


def _distribution(seed: int, k: int, scale: float, shift: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    values = shift + scale * rng.standard_normal(k)
    probs = rng.dirichlet(np.ones(k))
    return values, probs


def _uniform_for(kind: str, rate: float, size: int) -> np.ndarray:
    """Draws that make the port's mask floor(q + u) all ones (u = 1 − q/2) or all zeros (u = 0)."""
    keep = 1.0 - rate
    return np.full(size, 1.0 - keep / 2 if kind == KEEP else 0.0)


@ALPHA_DROPOUT.check(given={"seed": seeds, "k": st.integers(2, 6), "scale": st.floats(0.1, 3.0),
                            "shift": st.floats(-2.0, 2.0), "rate": st.floats(0.05, 0.9),
                            "dropped": st.floats(-3.0, 3.0)}, examples=10,
                     precision="float64; the expectation over the mask by enumeration",
                     tolerance="relative 1e-12 of (1 + μ², ν) (a few ε per operation)")
def enumeration_of_the_mask(subject, ev, seed, k, scale, shift, rate, dropped):
    r"""For a discrete input (k support points, random probabilities), the port's output averaged over the mask
    (each support point kept and dropped, weighted $q$ and $1 - q$) has the input's mean and variance."""
    values, probs = _distribution(seed, k, scale, shift)
    mu = math.fsum(probs * values)
    nu = math.fsum(probs * (values - mu) ** 2)
    ev.assume(nu > 1e-6)
    q = 1.0 - rate
    kept = subject(values, rate, _uniform_for(KEEP, rate, k), dropped, mu, nu)
    lost = subject(values, rate, _uniform_for(DROP, rate, k), dropped, mu, nu)
    weights = np.concatenate([q * probs, (1 - q) * probs])
    outputs = np.concatenate([kept, lost])
    mean = math.fsum(weights * outputs)
    var = math.fsum(weights * (outputs - mean) ** 2)
    ev.show("support", values)
    ev.show("probabilities", probs)
    ev.show("output mean and variance", [mean, var])
    ev.close(mean, mu, atol=1e-12 * (1 + abs(mu) + nu), what="mean", labels=("output mean", "input mean"))
    ev.close(var, nu, rtol=1e-12, what="variance", labels=("output variance", "input variance"))


FAMILIES = ("exponential", "uniform", "two_point", "student_t9", "selu_of_gaussian")
MC_SAMPLES = 100_000
MC_Z = 5.5


def _draw_family(family: str, rng: np.random.Generator, n: int) -> tuple[np.ndarray, float, float]:
    """Samples and the population mean and variance (exact) of a non-Gaussian input."""
    if family == "exponential":
        return rng.exponential(2.0, n) - 1.0, 1.0, 4.0
    if family == "uniform":
        return rng.uniform(-1.0, 3.0, n), 1.0, 16.0 / 12.0
    if family == "two_point":
        return np.where(rng.random(n) < 0.3, 2.0, -0.5), 0.25, 0.3 * 0.7 * 2.5**2
    if family == "student_t9":
        return rng.standard_t(9, n) * 0.5 + 0.2, 0.2, 0.25 * 9 / 7
    z = rng.standard_normal(n)
    return L.LAMBDA01 * np.where(z > 0, z, L.ALPHA01 * np.expm1(np.minimum(z, 0.0))), 0.0, 1.0


@ALPHA_DROPOUT.check(given={"family": st.sampled_from(FAMILIES), "seed": seeds, "rate": st.floats(0.05, 0.5)},
                     examples=2, regressions=[{"family": "exponential", "seed": 1, "rate": 0.2}],
                     precision=f"float64 Monte Carlo, {MC_SAMPLES} draws",
                     tolerance=f"{MC_Z:g} standard errors for the mean and for the variance (z-tests)",
                     false_alarm_rate=2 * normal_tail(MC_Z), power="minus_alpha (its mean is off by 0.05 or more; "
                                                                   "the standard errors are below 0.01)",
                     thorough_factor=10)
def monte_carlo_non_gaussian(subject, ev, family, seed, rate):
    r"""Non-Gaussian inputs (exponential, uniform, two-point, Student $t_9$, selu of a Gaussian) with the default
    $\alpha' = -\lambda_{01}\alpha_{01}$: the output's sample mean and variance are within 5.5 standard errors of the
    input's population values."""
    rng = np.random.default_rng(seed)
    x, mu, nu = _draw_family(family, rng, MC_SAMPLES)
    y = subject(x, rate, rng.random(MC_SAMPLES), L.SATURATION01, mu, nu)
    mean, var = float(y.mean()), float(y.var(ddof=1))
    centred = y - mean
    se_mean = math.sqrt(var / MC_SAMPLES)
    se_var = math.sqrt(max(float(np.mean(centred**4)) - var**2, 0.0) / MC_SAMPLES)
    ev.show("sample mean and variance", [mean, var])
    ev.show("standard errors", [se_mean, se_var])
    ev.le(abs(mean - mu) / se_mean, MC_Z, what="|mean − μ| in standard errors", labels=("z of the mean", "5.5"))
    ev.le(abs(var - nu) / se_var, MC_Z, what="|var − ν| in standard errors", labels=("z of the variance", "5.5"))
