"""Checks of S1 (cs_divergence.properties, exact rationals) and S2 (the Gaussian closed form in d dimensions:
grid quadrature in two dimensions and the factorisation into one-dimensional problems)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy.special import logsumexp

from ...theorems.cs_divergence import claims_properties as C
from .strategies import dimensions, gaussian_pair, rational_densities, seeds


@C.PROPERTIES.check(given={"seed": seeds, "n": st.integers(1, 6), "proportional": st.booleans()}, examples=15,
                    precision="exact: Fractions", tolerance="none: exact comparison", confirm="exact")
def bounded_by_one_exactly(subject, ev, seed, n, proportional):
    r"""$(\sum pq)^2/(\sum p^2\sum q^2) \le 1$ exactly, with equality exactly when $p \propto q$, and the same for
    $(q, p)$."""
    p, q = rational_densities(seed, n, proportional)
    ev.assume(any(x != 0 for x in q))
    ev.show("p", [str(x) for x in p])
    ev.show("q", [str(x) for x in q])
    value = subject(p, q)
    ev.show("argument", str(value))
    ev.le(value, Fraction(1), what="argument ≤ 1 (D_CS ≥ 0)", labels=("the argument", "1"))
    proportional_now = all(p[i] * q[j] == p[j] * q[i] for i in range(n) for j in range(n))
    ev.that((value == 1) == proportional_now, f"argument {value}, proportional: {proportional_now}",
            claimed="= 1 exactly when p ∝ q", observed=str(value))
    ev.that(subject(q, p) == value, "symmetric in p and q", claimed=str(value), observed=str(subject(q, p)),
            labels=("argument at (p, q)", "argument at (q, p)"))


@C.PROPERTIES.check(given={"seed": seeds, "n": st.integers(1, 6), "a": st.fractions(Fraction(1, 10), 10),
                           "b": st.fractions(Fraction(1, 10), 10)}, examples=10, precision="exact: Fractions",
                    tolerance="none: exact comparison", confirm="exact")
def scale_invariance_exactly(subject, ev, seed, n, a, b):
    r"""The argument at $(ap, bq)$ equals the argument at $(p, q)$, exactly."""
    ev.assume(a > 0 and b > 0 and (a, b) != (1, 1))
    p, q = rational_densities(seed, n, False)
    ev.show("p", [str(x) for x in p])
    ev.show("q", [str(x) for x in q])
    lhs, rhs = subject([a * x for x in p], [b * y for y in q]), subject(p, q)
    ev.that(lhs == rhs, "scale invariant", claimed=str(rhs), observed=str(lhs),
            labels=("argument at (ap, bq)", "argument at (p, q)"))


# Trapezoid on a grid of step h ≤ (smallest standard deviation)/5 over ±9 standard deviations: the error of the
# rule on a Gaussian is below exp(−2π²·25) and the truncation below exp(−40); rounding in the log-sum-exp over
# ~10⁶ points is ~1e-13 relative. 1e-9 leaves headroom; the mutants are off by O(1).
GRID_RTOL = 1e-9


def _grid_log_integrals(mu1, s1, mu2, s2):
    sd_min = np.sqrt(min(np.linalg.eigvalsh(s1).min(), np.linalg.eigvalsh(s2).min()))
    sd_max = np.sqrt(max(np.linalg.eigvalsh(s1).max(), np.linalg.eigvalsh(s2).max()))
    h = sd_min / 5
    lo = np.minimum(mu1, mu2) - 9 * sd_max
    hi = np.maximum(mu1, mu2) + 9 * sd_max
    axes = [np.arange(lo[i], hi[i] + h, h) for i in range(2)]
    g = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 2)

    def log_pdf(mu, s):
        diff = g - mu
        sol = np.linalg.solve(s, diff.T).T
        return -0.5 * np.sum(diff * sol, axis=1) - 0.5 * np.linalg.slogdet(2 * np.pi * s)[1]

    lp, lq = log_pdf(mu1, s1), log_pdf(mu2, s2)
    cell = np.log(h * h)
    return (logsumexp(lp + lq) + cell, logsumexp(2 * lp) + cell, logsumexp(2 * lq) + cell, g.shape[0])


@C.GAUSSIAN.check(given={"seed": seeds}, examples=2, precision="float64 trapezoidal rule, log space",
                  tolerance=f"relative {GRID_RTOL:g} (spectral accuracy of the rule on Gaussians)")
def grid_quadrature_2d(subject, ev, seed):
    r"""In two dimensions: $-2\log\int pq + \log\int p^2 + \log\int q^2$ by the trapezoidal rule on a grid
    (log-sum-exp) against the closed form."""
    rng = np.random.default_rng(seed)
    mu1, mu2 = rng.uniform(-3, 3, size=2), rng.uniform(-3, 3, size=2)
    s1, s2 = (np.diag(rng.uniform(0.3, 3, size=2)) for _ in range(2))
    rot = np.linalg.qr(rng.normal(size=(2, 2)))[0]
    s1 = rot @ s1 @ rot.T
    s1 = 0.5 * (s1 + s1.T)
    ev.show("μ₁, μ₂", [mu1, mu2])
    ev.show("Σ₁", s1)
    ev.show("Σ₂", s2)
    cross, self1, self2, points = _grid_log_integrals(mu1, s1, mu2, s2)
    truth = -2 * cross + self1 + self2
    ev.metric("grid_points", points)
    ev.close(subject(mu1, s1, mu2, s2), truth, rtol=GRID_RTOL, atol=1e-12, what="D_CS",
             labels=("the closed form", "grid quadrature"))


# Whitening, eigendecomposition and the one-dimensional sums in float64: condition numbers ≤ 100, errors ~1e-13
# relative. 1e-9 leaves headroom; the mutants are off by a factor or an O(1) term.
FACTOR_RTOL = 1e-9


@C.GAUSSIAN.check(given={"seed": seeds, "d": dimensions}, examples=10, precision="float64",
                  tolerance=f"relative {FACTOR_RTOL:g}")
def factorised_into_one_dimension(subject, ev, seed, d):
    r"""Whiten by $\Sigma_2 = LL^\top$, diagonalise $L^{-1}\Sigma_1L^{-\top} = U\,\mathrm{diag}(r)U^\top$: $D_{CS}$ is
    $\sum_i \delta_i^2/(r_i + 1) + \log\frac{r_i + 1}{2\sqrt{r_i}}$, $\delta = U^\top L^{-1}\Delta$ (the proved
    one-dimensional form per independent coordinate)."""
    mu1, s1, mu2, s2 = gaussian_pair(seed, d)
    ev.show("μ₁, μ₂", [mu1, mu2])
    ev.show("Σ₁", s1)
    ev.show("Σ₂", s2)
    low = np.linalg.cholesky(s2)
    a = np.linalg.solve(low, np.linalg.solve(low, s1).T)
    r, u = np.linalg.eigh(0.5 * (a + a.T))
    delta = u.T @ np.linalg.solve(low, mu1 - mu2)
    truth = float(np.sum(delta**2 / (r + 1) + np.log((r + 1) / (2 * np.sqrt(r)))))
    ev.close(subject(mu1, s1, mu2, s2), truth, rtol=FACTOR_RTOL, atol=1e-12, what="D_CS",
             labels=("the closed form", "sum of one-dimensional divergences"))
