"""Ground truths shared by the dae_score checks; none uses a formula under test.

- :class:`Density`: a 1-D density in mpmath (30 digits) with its derivatives of log p by ``mp.diff``.
- :func:`posterior_mean`: E[x | x̃] as a ratio of two ``mp.quad`` integrals (the DAE minimiser by its
  definition), with the integration range split at x̃ and at the density's kinks.
- :func:`laplace_smoothed_score`, :func:`mixture_smoothed_score`: d/dx log p_σ, p_σ = p ∗ N(0, σ²) in
  closed form (erfc terms for Laplace, inflated variances for a Gaussian mixture), by ``mp.diff``.
- :func:`contractive_fd` and :func:`contractive_bvp`: the minimiser of the contractive criterion
  E[(r − x)² + σ² r′²] from its Euler–Lagrange equation σ²(p u′)′ − p u = −σ² p′ (u = r − x) with the
  natural boundary conditions r′ = 0 on a truncated interval, by a finite-difference tridiagonal solve
  and by scipy's ``solve_bvp``.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np

DPS = 30


def _dps() -> int:
    """30 digits, or more when the caller (mp.diff) has raised the working precision: never lower it."""
    return max(DPS, mpmath.mp.dps)
HALF_WIDTH = 12  # posterior kernel support in units of σ beyond which e^{-u²/2} < 1e-31


class Density:
    """A density p on ℝ given by ``log_p(x)`` in mpmath, its kinks and its support."""

    def __init__(self, name: str, log_p, kinks: tuple[float, ...] = (), support=(-mpmath.inf, mpmath.inf)):
        self.name, self.log_p, self.kinks, self.support = name, log_p, kinks, support

    def p(self, x):
        return mpmath.exp(self.log_p(x))

    def dlog(self, x, n: int = 1):
        """n-th derivative of log p at x by mpmath's numerical differentiation (30 digits)."""
        with mpmath.workdps(_dps()):
            return mpmath.diff(self.log_p, mpmath.mpf(x), n)


def _mixture_log_p(x):
    x = mpmath.mpf(x)
    return mpmath.log((mpmath.npdf(x, -2, 1) + mpmath.npdf(x, 2, 1)) / 2)


#: The spec's bimodal density: 0.5 N(−2, 1) + 0.5 N(2, 1).
MIXTURE = Density("0.5 N(−2, 1) + 0.5 N(2, 1)", _mixture_log_p)
LAPLACE = Density("Laplace(0, 1)", lambda x: -abs(mpmath.mpf(x)) - mpmath.log(2), kinks=(0.0,))
UNIFORM = Density("U(0, 1)", lambda x: mpmath.mpf(0), kinks=(0.0, 1.0), support=(0.0, 1.0))


def _breaks(density: Density, xt, sigma):
    lo, hi = density.support
    pts = {xt - HALF_WIDTH * sigma, xt, xt + HALF_WIDTH * sigma, *density.kinks}
    inner = sorted(q for q in pts if lo < q < hi)
    return [lo, *inner, hi]


@functools.lru_cache(maxsize=512)
def _posterior_moments(density: Density, xt: float, sigma: float):
    """(∫ p N, ∫ x p N, ∫ x² p N) with N = N(x̃; x, σ²) up to its constant, at 30 digits."""
    with mpmath.workdps(_dps()):
        xt_m, s = mpmath.mpf(xt), mpmath.mpf(sigma)
        pts = _breaks(density, xt_m, s)

        def kern(x):
            return mpmath.exp(density.log_p(x) - (x - xt_m) ** 2 / (2 * s * s))

        m0 = mpmath.quad(kern, pts)
        m1 = mpmath.quad(lambda x: x * kern(x), pts)
        m2 = mpmath.quad(lambda x: x * x * kern(x), pts)
    return m0, m1, m2


def posterior_mean(density: Density, xt: float, sigma: float):
    """E[x | x̃ = xt] for x ~ p, x̃ = x + N(0, σ²), by quadrature (mpf)."""
    m0, m1, _ = _posterior_moments(density, float(xt), float(sigma))
    with mpmath.workdps(_dps()):
        return m1 / m0


def posterior_mean_float(params, xt: float, sigma: float) -> float:
    """E[x | x̃ = xt] for a Gaussian mixture by float64 adaptive quadrature (scipy quad) of both integrals,
    on x̃ ± 14 s.d. of the posterior's widest factor and each component's mean ± 14 s_k."""
    from scipy.integrate import quad

    means, sds, weights = params

    def kern(x):
        prior = sum(w * math.exp(-0.5 * ((x - m) / s) ** 2) / s for m, s, w in zip(means, sds, weights))
        return prior * math.exp(-0.5 * ((x - xt) / sigma) ** 2)

    lo = min([xt - 14 * sigma] + [m - 14 * s for m, s in zip(means, sds)])
    hi = max([xt + 14 * sigma] + [m + 14 * s for m, s in zip(means, sds)])
    pts = sorted({xt, *means})
    opts = {"points": pts, "epsabs": 0.0, "epsrel": 1e-13, "limit": 200}
    m0 = quad(kern, lo, hi, **opts)[0]
    m1 = quad(lambda x: x * kern(x), lo, hi, **opts)[0]
    return m1 / m0


def posterior_variance(density: Density, xt: float, sigma: float):
    """Var[x | x̃ = xt] by quadrature (mpf)."""
    m0, m1, m2 = _posterior_moments(density, float(xt), float(sigma))
    with mpmath.workdps(_dps()):
        return m2 / m0 - (m1 / m0) ** 2


def laplace_smoothed_score(x, sigma):
    """(log p_σ)′ for Laplace(0, 1), p_σ in closed form
    p_σ(x) = ¼ e^{σ²/2} [e^{−x} erfc((σ² − x)/(σ√2)) + e^{x} erfc((σ² + x)/(σ√2))], by mp.diff (mpf)."""
    with mpmath.workdps(_dps()):
        s = mpmath.mpf(sigma)

        def log_p_sigma(y):
            return mpmath.log(mpmath.exp(-y) * mpmath.erfc((s * s - y) / (s * mpmath.sqrt(2)))
                              + mpmath.exp(y) * mpmath.erfc((s * s + y) / (s * mpmath.sqrt(2)))) + s * s / 2

        return mpmath.diff(log_p_sigma, mpmath.mpf(x))


# -- the contractive criterion ------------------------------------------------------------------------

#: Truncated interval of the Euler–Lagrange problem: the boundary layer of the natural condition
#: decays like e^{-(L − |x|)/σ}; the checks use σ ≤ 0.1 and |x| ≤ 3, where it is below σ e^{-30} ≈ 1e-14.
L_TRUNC = 6.0


def _mixture_score_np(x: np.ndarray) -> np.ndarray:
    """d/dx log p for 0.5 N(−2, 1) + 0.5 N(2, 1): p ∝ e^{−x²/2} cosh 2x, so the score is −x + 2 tanh 2x."""
    return -x + 2.0 * np.tanh(2.0 * x)


@functools.lru_cache(maxsize=16)
def contractive_fd(sigma: float, score=None, L: float = L_TRUNC, n: int = 24001) -> tuple[np.ndarray, np.ndarray]:
    """(grid, r) solving σ²(u″ + s u′) − u = −σ² s, u = r − x, u′(±L) = −1, by second-order finite
    differences (ghost points for the Neumann ends) and a banded solve. ``score`` s(x) = p′/p."""
    from scipy.linalg import solve_banded

    score = score or _mixture_score_np
    x = np.linspace(-L, L, n)
    h = x[1] - x[0]
    s = score(x)
    a2 = sigma * sigma
    lower = a2 / h**2 - a2 * s / (2 * h)
    upper = a2 / h**2 + a2 * s / (2 * h)
    diag = -2 * a2 / h**2 - 1.0
    rhs = -a2 * s
    ab = np.zeros((3, n))
    ab[1] = diag
    ab[0, 1:] = upper[:-1]
    ab[2, :-1] = lower[1:]
    # ghost points: u_{-1} = u_1 + 2h (u′ = −1 at −L), u_{n} = u_{n−2} − 2h (u′ = −1 at +L)
    ab[0, 1] += lower[0]
    rhs = rhs.copy()
    rhs[0] -= lower[0] * 2 * h
    ab[2, n - 2] += upper[-1]
    rhs[-1] += upper[-1] * 2 * h
    u = solve_banded((1, 1), ab, rhs)
    return x, x + u


@functools.lru_cache(maxsize=16)
def contractive_bvp(sigma: float, score=None):
    """The same boundary-value problem by ``scipy.integrate.solve_bvp`` (collocation); returns a callable r(x)."""
    from scipy.integrate import solve_bvp

    score = score or _mixture_score_np
    a2 = sigma * sigma

    def rhs(x, y):
        u, v = y
        s = score(x)
        return np.vstack([v, (u - a2 * s) / a2 - s * v])

    def bc(ya, yb):
        return np.array([ya[1] + 1.0, yb[1] + 1.0])

    x = np.linspace(-L_TRUNC, L_TRUNC, 2001)
    y0 = np.vstack([a2 * score(x), np.zeros_like(x)])
    sol = solve_bvp(rhs, bc, x, y0, tol=1e-10, max_nodes=200000)
    if not sol.success:
        raise RuntimeError(f"solve_bvp did not converge: {sol.message}")
    return lambda q: np.asarray(q) + sol.sol(q)[0]


# -- Gaussian mixtures in closed form (conjugacy), at 30 digits -------------------------------------------

SPEC_MIXTURE = ((-2.0, 2.0), (1.0, 1.0), (0.5, 0.5))  # means, sds, weights of the spec's density


def mixture_density(params) -> Density:
    means, sds, weights = params
    total = sum(weights)

    def log_p(x):
        x = mpmath.mpf(x)
        return mpmath.log(sum(mpmath.mpf(w) / total * mpmath.npdf(x, m, s) for m, s, w in zip(means, sds, weights)))

    return Density(f"mixture {params}", log_p)


@functools.lru_cache(maxsize=4096)
def mixture_posterior_mean(x: float, sigma, params=SPEC_MIXTURE):
    """E[x | x̃ = x] for a Gaussian mixture: each component's posterior mean (s²x̃ + σ²μ)/(s² + σ²), weighted by
    its evidence w N(x̃; μ, s² + σ²); all at 30 digits (mpf). ``sigma`` may be an mpf."""
    means, sds, weights = params
    with mpmath.workdps(_dps()):
        xm, s2 = mpmath.mpf(x), mpmath.mpf(sigma) ** 2
        num = den = mpmath.mpf(0)
        for m, sd, w in zip(means, sds, weights):
            v = mpmath.mpf(sd) ** 2
            ev = mpmath.mpf(w) * mpmath.npdf(xm, m, mpmath.sqrt(v + s2))
            num += ev * (v * xm + s2 * m) / (v + s2)
            den += ev
        return num / den


def mixture_smoothed_score(x, sigma, params=SPEC_MIXTURE):
    """(log p_σ)′ with p_σ the mixture whose variances are s² + σ², by mp.diff (mpf)."""
    means, sds, weights = params
    with mpmath.workdps(_dps()):
        s2 = mpmath.mpf(sigma) ** 2
        return mpmath.diff(lambda y: mpmath.log(sum(w * mpmath.npdf(y, m, mpmath.sqrt(sd**2 + s2))
                                                    for m, sd, w in zip(means, sds, weights))), mpmath.mpf(x))


def mixture_ops(params=SPEC_MIXTURE) -> dict:
    """The ``ops`` a subject receives, for a mixture: every derivative by mp.diff of a closed-form log-density."""
    dens = MIXTURE if params == SPEC_MIXTURE else mixture_density(params)
    return {"score": lambda x: dens.dlog(x, 1), "dlog": dens.dlog, "log_p": lambda x: dens.log_p(x),
            "smoothed_score": lambda x, s: mixture_smoothed_score(x, s, params)}
