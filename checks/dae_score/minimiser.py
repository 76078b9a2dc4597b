"""Checks of E1 (the DAE minimiser is the posterior mean), E3 (Tweedie) and E4 (the Gaussian case)."""

from __future__ import annotations

import functools

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.dae_score import claims as C
from . import ground_truth as G

# float64 closed form against adaptive quadrature (scipy quad, requested accuracy 1e-13 on each integral):
# the quotient is good to ~1e-12 relative; 1e-10 relative plus absolute leaves 100× headroom, and the
# mutants are off by ≥ 1e-4.
QUAD_RTOL, QUAD_ATOL = 1e-10, 1e-10


def _random_mixture(seed: int):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 4))
    means = tuple(float(v) for v in np.round(rng.normal(0, 2, k), 6))
    sds = tuple(float(v) for v in np.round(rng.uniform(0.5, 2.0, k), 6))
    weights = tuple(float(v) for v in np.round(rng.uniform(0.2, 1.0, k), 6))
    total = sum(weights)
    return means, sds, tuple(w / total for w in weights)


#: (x̃, σ, mixture seed): deterministic cases, so that a failing mutant is not shrunk through many quadratures
QUAD_CASES = ((0.37, 0.25, 11), (-1.9, 0.8, 12), (3.1, 1.4, 13))


@C.POSTERIOR_MEAN.check(precision="float64 adaptive quadrature (scipy quad) of both integrals",
                        tolerance=f"relative {QUAD_RTOL:g} + absolute {QUAD_ATOL:g}: the quadrature's accuracy")
def matches_quadrature_posterior_mean(subject, ev):
    r"""The minimiser for three random 1–3 component Gaussian mixtures equals $\int x p N / \int p N$ by adaptive
    quadrature."""
    for x, sigma, seed in QUAD_CASES:
        params = _random_mixture(seed)
        ev.show(f"means, sds, weights (seed {seed})", params)
        truth = G.posterior_mean_float(params, x, sigma)
        got = float(subject(np.array(x), sigma, *params))
        ev.close(got, truth, rtol=QUAD_RTOL, atol=QUAD_ATOL, what="r*(x̃)", context=f"x̃={x}, σ={sigma}",
                 labels=("r* from the minimiser", "posterior mean by quadrature"))


# Trapezoid rule over x̃ on μ_k ± 14 t_k with TRAP_NODES nodes per component: exponentially convergent for
# these analytic, Gaussian-decaying integrands (nearest complex singularity of r at distance ≥ π(1 + σ²)/4,
# step ≤ 0.03: error far below 1e-20); the truncation leaves e^{-98}. Float64 sums of a few thousand terms
# keep 1e-13 relative to E|h(r − m)|; a wrong minimiser leaves a first variation of order 1e-3 or more.
TRAP_NODES = 2001
ORTH_TOL = 1e-11

TEST_FUNCTIONS = {"1": lambda t: np.ones_like(t), "x̃": lambda t: t, "x̃²": lambda t: t * t,
                  "tanh 2x̃": lambda t: np.tanh(2 * t), "sin x̃": np.sin}


@C.POSTERIOR_MEAN.check(precision=f"float64 trapezoid rule over x̃, {TRAP_NODES} nodes per component",
                        tolerance=f"absolute {ORTH_TOL:g} on E[h(x̃)(r(x̃) − x)], relative to E|h(x̃)(r(x̃) − x)|")
def residual_orthogonal_to_functions_of_input(subject, ev):
    r"""First-order condition of the criterion: $E[h(\tilde x)(r(\tilde x) - x)] = 0$ for $h \in \{1, \tilde x,
    \tilde x^2, \tanh 2\tilde x, \sin \tilde x\}$, and moving $r$ by $0.1 h$ raises the criterion (spec mixture,
    $\sigma \in \{0.3, 1\}$). Within component $k$, $(x, \tilde x)$ is a bivariate Gaussian: $\tilde x \sim
    N(\mu_k, s_k^2 + \sigma^2)$ and $E[x \mid \tilde x, k] = (s_k^2 \tilde x + \sigma^2 \mu_k)/(s_k^2 + \sigma^2)$."""
    means, sds, weights = G.SPEC_MIXTURE
    rows = []
    for sigma in (0.3, 1.0):
        first = {name: 0.0 for name in TEST_FUNCTIONS}
        scale = dict(first)
        bumped = dict(first)
        base = 0.0
        for m, sd, w in zip(means, sds, weights):
            t = np.hypot(sd, sigma)
            xt = np.linspace(m - 14 * t, m + 14 * t, TRAP_NODES)
            dens = w * np.exp(-0.5 * ((xt - m) / t) ** 2) / (t * np.sqrt(2 * np.pi)) * (xt[1] - xt[0])
            cond_mean = (sd**2 * xt + sigma**2 * m) / (sd**2 + sigma**2)
            cond_var = (sd * sigma) ** 2 / (sd**2 + sigma**2)
            resid = subject(xt, sigma, *G.SPEC_MIXTURE) - cond_mean
            base += float(np.sum(dens * (resid**2 + cond_var)))
            for name, h in TEST_FUNCTIONS.items():
                hv = h(xt)
                first[name] += float(np.sum(dens * hv * resid))
                scale[name] += float(np.sum(dens * np.abs(hv * resid)))
                bumped[name] += float(np.sum(dens * ((resid + 0.1 * hv) ** 2 + cond_var)))
        for name in TEST_FUNCTIONS:
            rows.append({"σ": sigma, "h": name, "E[h (r − x)]": first[name], "criterion": base,
                         "perturbed": bumped[name]})
            ev.close(first[name] / scale[name], 0.0, atol=ORTH_TOL,
                     what=f"E[h(x̃)(r − x)]/E|h(r − x)|, h = {name}, σ = {sigma}", labels=("first variation", "zero"))
            ev.lt(base, bumped[name], what=f"criterion rises when r moves by 0.1 h, h = {name}, σ = {sigma}",
                  labels=("criterion at r", "criterion at r + 0.1h"))
    ev.table("first variation", rows)


# -- E3 -------------------------------------------------------------------------------------------------

TWEEDIE_RTOL = 1e-20  # both sides at 30 digits; mp.diff of a 30-digit quadrature keeps ~25 digits


LAPLACE_CASES = ((0.7, 0.5), (-2.3, 1.2))


@C.TWEEDIE.check(precision="mpmath 30 digits: quadrature of the posterior; mp.diff of the closed-form p_σ",
                 tolerance=f"relative {TWEEDIE_RTOL:g}: quadrature and differentiation keep about 25 digits")
def exact_for_laplace_by_quadrature(subject, ev):
    r"""For Laplace$(0, 1)$ (not smooth) at $(x, \sigma) = (0.7, 0.5), (-2.3, 1.2)$: $x + \sigma^2
    (\log p_\sigma)'(x)$ equals the posterior mean by quadrature."""
    ops = _laplace_ops()
    for x, sigma in LAPLACE_CASES:
        with mpmath.workdps(G.DPS):  # the subject's arithmetic at 30 digits too
            truth = G.posterior_mean(G.LAPLACE, x, sigma)
            gap = (subject(mpmath.mpf(x), mpmath.mpf(sigma), ops) - truth) / (1 + abs(truth))
        ev.show(f"posterior mean by quadrature at x = {x}, σ = {sigma}", float(truth))
        ev.close(float(gap), 0.0, atol=TWEEDIE_RTOL, what="r* − (x + σ² (log p_σ)′)",
                 context=f"x={x}, σ={sigma}", labels=("relative gap", "zero"))


def _laplace_ops():
    return {"score": lambda x: G.LAPLACE.dlog(x, 1), "dlog": G.LAPLACE.dlog, "log_p": G.LAPLACE.log_p,
            "smoothed_score": G.laplace_smoothed_score}


# Complex step: Im f(x + ih)/h has error h²|f‴|/6 ≤ 1e-40 · O(1/σ³); the weighted mean is summed in float64
# (n ≤ 30 terms): 1e-13 relative to max(1, |x|) covers both.
EMP_TOL = 1e-12


@C.TWEEDIE.check(given={"seed": st.integers(0, 2**32 - 1), "n": st.integers(2, 30), "sigma": st.floats(0.05, 2.0),
                        "x": st.floats(-4, 4)}, examples=15,
                 precision="float64, complex-step derivative (h = 1e-20)",
                 tolerance=f"{EMP_TOL:g} relative to 1 + |x|: float64 sums of at most 30 terms")
def exact_for_empirical_measure(subject, ev, seed, n, sigma, x):
    r"""For the empirical measure of $n$ samples, $x + \sigma^2 (\log p_\sigma)'(x)$ (complex step) equals the
    Nadaraya–Watson mean $\sum_i x_i N(x; x_i, \sigma^2)/\sum_i N(x; x_i, \sigma^2)$."""
    data = np.random.default_rng(seed).normal(0, 2, n)
    ev.show("samples", data)
    u = (x - data) / sigma
    ev.assume(float(np.min(np.abs(u))) < 20)  # some weight within 20σ, so the smoother is well conditioned
    w = np.exp(-0.5 * (u * u - np.min(u * u)))
    truth = float(np.sum(w * data) / np.sum(w))
    shift = float(np.min(u * u))

    def smoothed_score(y, s):
        zc = (complex(y, 1e-20) - data) / s
        return float(np.log(np.sum(np.exp(-0.5 * (zc * zc - shift)))).imag / 1e-20)

    ops = {"score": lambda y: -y / 4.0, "dlog": None, "log_p": None, "smoothed_score": smoothed_score}
    got = float(subject(x, sigma, ops))
    ev.close(got, truth, atol=EMP_TOL * (1 + abs(x)), what="x + σ² (log p_σ)′ against the smoother",
             context=f"n={n}, σ={sigma:.4g}, x={x:.4g}", labels=("x + σ² (log p_σ)′", "Nadaraya–Watson mean"))


# -- E4 -------------------------------------------------------------------------------------------------


GAUSS_QUAD_CASES = ((1.3, 0.4, -0.5, 0.7), (-3.2, 1.5, 1.1, 1.8))  # (x, σ, μ, s)


@C.GAUSSIAN_DAE.check(precision="float64 adaptive quadrature (scipy quad) of both integrals",
                      tolerance=f"relative {QUAD_RTOL:g} + absolute {QUAD_ATOL:g}")
def matches_quadrature_posterior(subject, ev):
    r"""The closed form equals $\int x p N/\int p N$ for $p = N(\mu, s^2)$ by adaptive quadrature, at
    $(x, \sigma, \mu, s) = (1.3, 0.4, -0.5, 0.7), (-3.2, 1.5, 1.1, 1.8)$."""
    for x, sigma, mu, s in GAUSS_QUAD_CASES:
        truth = G.posterior_mean_float(((mu,), (s,), (1.0,)), x, sigma)
        ev.close(float(subject(x=x, sigma=sigma, mu=mu, s=s)), truth, rtol=QUAD_RTOL, atol=QUAD_ATOL,
                 what="Gaussian minimiser", context=f"x={x}, σ={sigma}, μ={mu}, s={s}",
                 labels=("closed form", "posterior mean by quadrature"))


def _gaussian_score(mu, s, x):
    return -(x - mu) / s**2


# The natural boundary condition r′ = 0 at ±10 perturbs r by at most σ e^{-6/σ} ≤ 1e-9 on |x| ≤ 4 (σ ≤ 0.3);
# central differences are exact on the linear solution. The mutants differ by ≥ 1e-5 there.
GAUSS_EL_TOL = 1e-8


@C.GAUSSIAN_CONTRACTIVE.check(given={"sigma": st.floats(0.1, 0.3), "mu": st.floats(-1, 1), "s": st.floats(0.5, 1.5)},
                              examples=3, precision="float64 finite differences on [−10, 10], 40001 nodes",
                              tolerance=f"absolute {GAUSS_EL_TOL:g}: boundary layer e^(−6/σ) and roundoff")
def euler_lagrange_solution_matches(subject, ev, sigma, mu, s):
    r"""The Euler–Lagrange solution of the contractive criterion for $N(\mu, s^2)$ (finite differences, natural
    boundary conditions far away) equals the closed form on $[\mu - 2s, \mu + 2s]$."""
    grid, r = G.contractive_fd(sigma, functools.partial(_gaussian_score, mu, s), L=10.0, n=40001)
    pts = np.linspace(mu - 2 * s, mu + 2 * s, 9)
    solved = np.interp(pts, grid, r)
    claimed = np.array([float(subject(x=float(p), sigma=sigma, mu=mu, s=s)) for p in pts])
    ev.show("points", pts)
    ev.show("solved r", solved)
    ev.close(claimed, solved, atol=GAUSS_EL_TOL, what="contractive minimiser",
             labels=("closed form", "Euler–Lagrange solution"))
