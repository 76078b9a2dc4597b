"""Numerics of the one-parameter model π_θ = σ(θ), π_ref = 1/2, θ₀ = 2 (P4, P5), independent of the claims.

Three routes to the dynamics:

* the float64 gradient-descent iteration, written with log-sigmoid forms so that nothing overflows at
  θ ≪ 0: GA's gradient is σ(−θ); NPO's is W(θ)σ(−θ) with W = 2σ(β(log σ(θ) − log ½)) (vectorised over a
  grid of (β, η), cached: it depends on no subject);
* the gradient flow θ' = −η ∂L, by scipy's LSODA, and for GA by its closed form θ + e^θ = θ₀ + e^{θ₀} − ηt
  (Lambert W);
* the flow's exact time to reach θ, T(θ) = (1/2η) ∫_θ^{θ₀} (1 + e^x)(1 + 2^{−β}(1 + e^{−x})^β) dx for NPO
  (from dt/dθ = −1/(η W σ(−θ))), with the dominant term 2^{−β}e^{−βx} integrated in closed form and the rest
  by scipy's quad, so that T is accurate to ~1e-11 relative however large.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy.integrate import quad, solve_ivp
from scipy.special import expit, lambertw

THETA0 = 2.0
LOG_HALF = math.log(0.5)

#: The (β, η) grid of the deterministic checks of P4 (and of GA's counts in P5).
GRID = tuple((b, e) for b in (0.1, 0.5, 1.0) for e in (0.25, 1.0))
#: The grid of NPO's counts in P5: a larger step (η = 4; 16 overshoots on the first steps) reaches βM ≈ 8–11
#: within 5000 steps, where the law's lower-order terms ((2M + θ₀ + e^{θ₀})-sized against e^{βM}/β) move the
#: log-slope by ≤ 2%.
STEP_GRID = tuple((b, 4.0) for b in (0.1, 0.5, 1.0))


def npo_gradient(theta, beta):
    """∂_θ (2/β) log(1 + (σ(θ)/½)^β) = 2σ(β(log σ(θ) − log ½)) σ(−θ), elementwise, overflow-free."""
    log_sig = -np.logaddexp(0.0, -theta)
    return 2 * expit(beta * (log_sig - LOG_HALF)) * expit(-theta)


def ga_gradient(theta):
    """∂_θ log σ(θ) = σ(−θ)."""
    return expit(-theta)


def level(M: float) -> float:
    """θ_M with log σ(θ_M) = −M: θ_M = −log(e^M − 1)."""
    return -(M + math.log(-math.expm1(-M)))


def grid_trajectories(steps: int, grid: tuple[tuple[float, float], ...] = GRID) -> tuple[np.ndarray, np.ndarray]:
    """(θ_t of GA, θ_t of NPO), arrays of shape (steps + 1, len(grid)), by float64 gradient descent; GRID and
    STEP_GRID are run together once (cached)."""
    ga, npo = _all_trajectories(steps)
    cols = [ALL_GRID.index(g) for g in grid]
    return ga[:, cols], npo[:, cols]


ALL_GRID = GRID + STEP_GRID


@functools.lru_cache(maxsize=2)
def _all_trajectories(steps: int) -> tuple[np.ndarray, np.ndarray]:
    grid = ALL_GRID
    betas = np.array([b for b, _ in grid])
    etas = np.array([e for _, e in grid])
    ga = np.empty((steps + 1, len(grid)))
    npo = np.empty((steps + 1, len(grid)))
    g = np.full(len(grid), THETA0)
    n = np.full(len(grid), THETA0)
    ga[0], npo[0] = g, n
    for t in range(1, steps + 1):
        g = g - etas * ga_gradient(g)
        n = n - etas * npo_gradient(n, betas)
        ga[t], npo[t] = g, n
    return ga, npo


def log_sigmoid(theta):
    return -np.logaddexp(0.0, -theta)


def first_passage(theta_path: np.ndarray, M: float) -> int | None:
    """The first step t with log σ(θ_t) ≤ −M along a decreasing path (None if not reached)."""
    below = np.nonzero(theta_path <= level(M))[0]
    return int(below[0]) if below.size else None


@functools.lru_cache(maxsize=4096)
def npo_steps(M: float, beta: float, eta: float) -> int:
    """NPO's step count to log σ(θ) ≤ −M, by the scalar float64 iteration (at most 10⁵ steps)."""
    target, theta = level(M), THETA0
    for t in range(1, 100_001):
        log_sig = -math.log1p(math.exp(-theta)) if theta > -30 else theta - math.log1p(math.exp(theta))
        x = beta * (log_sig - LOG_HALF)
        w = 2 / (1 + math.exp(-x)) if x > -700 else 2 * math.exp(x)
        theta -= eta * w / (1 + math.exp(theta))
        if theta <= target:
            return t
    raise RuntimeError(f"NPO did not reach log π ≤ −{M} in 10⁵ steps (β={beta}, η={eta})")


@functools.lru_cache(maxsize=4096)
def ga_steps(M: float, eta: float) -> int:
    """GA's step count to log σ(θ) ≤ −M, by the scalar float64 iteration."""
    target, theta = level(M), THETA0
    for t in range(1, 1_000_001):
        theta -= eta / (1 + math.exp(theta))
        if theta <= target:
            return t
    raise RuntimeError(f"GA did not reach log π ≤ −{M} (η={eta})")


def flow_time_npo(theta: float, beta: float, eta: float) -> float:
    """T(θ): the NPO gradient flow's time from θ₀ to θ, exactly (quadrature with the dominant term in closed
    form): (1/2η)[θ₀ − θ + e^{θ₀} − e^θ + 2^{−β}((e^{−βθ} − e^{−βθ₀})/β + ∫ e^{−βx}((1 + e^x)^{1+β} − 1) dx)]."""
    two = 2.0**-beta

    def rest(x):
        return math.exp(-beta * x) * math.expm1((1 + beta) * math.log1p(math.exp(x)))

    main = (math.exp(-beta * theta) - math.exp(-beta * THETA0)) / beta
    floor = 1e-13 * (main + THETA0 - theta + math.exp(THETA0))  # absolute accuracy relative to the whole T
    pieces = [theta + (THETA0 - theta) * k / 8 for k in range(9)]
    integral = sum(quad(rest, a, b, epsabs=floor / 8, epsrel=1e-11, limit=200)[0] for a, b in zip(pieces, pieces[1:]))
    return (THETA0 - theta + math.exp(THETA0) - math.exp(theta) + two * (main + integral)) / (2 * eta)


def flow_time_ga(theta: float, eta: float) -> float:
    """The GA gradient flow's time from θ₀ to θ: (θ₀ − θ + e^{θ₀} − e^θ)/η."""
    return (THETA0 - theta + math.exp(THETA0) - math.exp(theta)) / eta


def ga_flow(t: np.ndarray, eta: float) -> np.ndarray:
    """θ(t) of the GA flow: θ + e^θ = C − ηt, C = θ₀ + e^{θ₀}, so θ = C − ηt − W(e^{C − ηt})."""
    z = THETA0 + math.exp(THETA0) - eta * np.asarray(t, dtype=float)
    return z - np.real(lambertw(np.exp(z)))


@functools.lru_cache(maxsize=8)
def npo_flow(beta: float, times: tuple[float, ...]) -> np.ndarray:
    """θ(t) of the NPO flow with η = 1 (η only rescales time: θ_η(t) = θ_1(ηt)), by LSODA."""
    sol = solve_ivp(lambda t, th: -npo_gradient(th, beta), (0.0, max(times)), [THETA0], method="LSODA",
                    t_eval=list(times), rtol=1e-10, atol=1e-12)
    if not sol.success:
        raise RuntimeError(f"LSODA failed for β={beta}: {sol.message}")
    return sol.y[0]
