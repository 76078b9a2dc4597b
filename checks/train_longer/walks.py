"""Checks of T4: the random walk in a random environment (Sinai's walk), by two routes.

* Walkers: each walker in its own environment, simulated step by step (numpy, vectorised over walkers); the rms
  displacement at log-spaced times, and the slope of log rms against log log t with a bootstrap standard error
  over walkers (environments).
* Valley bottoms (no walker): with strong disorder the potential V(x) = Σ log((1 − p_y)/p_y) is a simple random
  walk in steps of a = log(0.85/0.15). The bottom b_h of the smallest valley of depth h around 0 (the lowest point
  between the first rises of h above the running minimum on either side) is where Golosov's theorem localises
  the walk at time e^h; by Brownian scaling rms(b_h) ∝ h². Depths h = j·a, j = 3 … 10.

Simulations depend only on the disorder, the profile and fixed seeds, never on the law under test: they are
cached, so mutant runs only refit.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np

from claimkit.stats import normal_tail

from ...theorems.train_longer import claims_diffusion as C

STRONG_P = (0.15, 0.85)
WEAK_P = (0.3, 0.7)
STEP = math.log(0.85 / 0.15)  # the potential's step with strong disorder
SIGMA2 = {"strong": STEP**2}
BOOTSTRAP = 400

# The slope of log rms against log log t must be within SLOPE_TOL of the law's; the bootstrap standard error
# must be at most SLOPE_TOL/5 (else the run is too small to decide and the example is rejected), so sampling
# noise alone moves the slope out with probability at most normal_tail(5). Finite-time corrections to Sinai's
# law are of relative order 1/log t; on the lattice the valley route's overshoot of each depth adds a bias of the
# same order: the slopes measured by both routes lie within 0.16 of 2, under half the tolerance. The mutants'
# slopes differ from 2 by 0.9 or more.
SLOPE_TOL = 0.35
WALK_RATE = normal_tail(SLOPE_TOL / (SLOPE_TOL / 5))


@functools.lru_cache(maxsize=1)
def weak_crossover() -> tuple[float, float]:
    """(σ² = Var log(p/(1 − p)) for p ∼ U(0.3, 0.7), by quadrature; the time t* > e where Sinai's length
    (log t)²/σ² equals the diffusive length √t, by root finding)."""
    lo, hi = WEAK_P
    sigma2 = mpmath.quad(lambda p: mpmath.log(p / (1 - p)) ** 2, [lo, hi]) / (hi - lo)
    log_t = mpmath.findroot(lambda x: x**2 / sigma2 - mpmath.exp(x / 2), 13)
    return float(sigma2), float(mpmath.exp(log_t))


def _sizes(profile: str) -> tuple[int, int, int]:
    """(walkers, horizon, radius of the environment): ci 1000 walkers of each disorder to 1e4; thorough 2000 to
    1e5. The largest displacement reached is about a third of the radius (checked on every run)."""
    return (2000, 100_000, 3000) if profile == "thorough" else (1000, 10_000, 800)


def _times(horizon: int) -> np.ndarray:
    """Four points per decade from 1e2 to the horizon."""
    return np.unique(np.round(10.0 ** np.arange(2.0, math.log10(horizon) + 1e-9, 0.25)).astype(int))


@functools.lru_cache(maxsize=2)
def _simulate_both(profile: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Strong and weak disorder simulated together (one array of walkers: half the per-step overhead)."""
    walkers, horizon, radius = _sizes(profile)
    rng = np.random.default_rng(20170524)
    width = 2 * radius + 1
    strong = np.where(rng.random((walkers, width)) < 0.5, *STRONG_P)
    weak = rng.uniform(*WEAK_P, size=(walkers, width))
    flat = np.concatenate([strong, weak]).ravel()
    origin = np.arange(2 * walkers) * width + radius  # flat index of each walker's site 0
    index = origin.copy()
    times = _times(horizon)
    record = np.empty((len(times), 2 * walkers), dtype=np.int64)
    want = {int(t): i for i, t in enumerate(times)}
    gathered, up = np.empty(2 * walkers), np.empty(2 * walkers, dtype=bool)
    t, block = 0, 512
    while t < horizon:
        for row in rng.random((min(block, horizon - t), 2 * walkers)):
            flat.take(index, out=gathered)
            np.less(row, gathered, out=up)  # a step right with probability p at the current site
            index += up
            index += up
            index -= 1
            t += 1
            if t in want:
                record[want[t]] = index - origin
    if np.abs(record).max() >= radius:
        raise RuntimeError(f"a walker reached the edge of its environment (radius {radius})")
    return times, {"strong": record[:, :walkers], "weak": record[:, walkers:]}


def simulate(disorder: str, profile: str) -> tuple[np.ndarray, np.ndarray]:
    """(times, positions at those times: shape (times, walkers)) for walkers from 0, each in its own
    environment of sites −R … R (R far beyond any displacement reached: checked)."""
    times, positions = _simulate_both(profile)
    return times, positions[disorder]


def _slope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slopes of the rows of y (..., len(x)) against x."""
    xc = x - x.mean()
    return ((y - y.mean(axis=-1, keepdims=True)) * xc).sum(axis=-1) / float((xc**2).sum())


@functools.lru_cache(maxsize=8)
def walker_fit(disorder: str, profile: str, seed: int) -> tuple[np.ndarray, np.ndarray, float, float]:
    """(times, rms at each time, slope of log rms against log log t, bootstrap standard error over walkers);
    cached, as it does not depend on the law under test."""
    times, positions = simulate(disorder, profile)
    sq = positions.astype(float) ** 2
    rms = np.sqrt(sq.mean(axis=1))
    x = np.log(np.log(times))
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, sq.shape[1], size=(BOOTSTRAP, sq.shape[1]))
    boot = np.log(np.sqrt(sq[:, picks].mean(axis=2))).T  # (BOOTSTRAP, times)
    return times, rms, float(_slope(x, np.log(rms))), float(_slope(x, boot).std(ddof=1))


def _law_slope(shape, times: np.ndarray) -> float:
    """The slope of log shape(t) against log log t over the same times: 2 for (log t)²."""
    return float(_slope(np.log(np.log(times)), np.log(shape(times.astype(float)))))


@C.SINAI_STRONG.check(given=None, precision="float64 simulation, 1000 walkers to t = 1e4 (thorough: 2000 to 1e5)",
                      tolerance=f"slope within ±{SLOPE_TOL:g} of the law's, bootstrap standard error ≤ "
                                f"{SLOPE_TOL / 5:g}", false_alarm_rate=WALK_RATE,
                      power="the weak-disorder, √t, log t and (log t)³ mutants are off by ≥ 0.9 in slope")
def walkers_follow_the_law(subject, ev):
    r"""Walkers in their own environments: the slope of $\log\mathrm{rms}$ against $\log\log t$ over
    $[10^2, T]$ equals the law's slope (2 for $(\log t)^2$)."""
    times, rms, slope, se = walker_fit(subject.disorder, ev.profile, 1)
    ev.assume(se <= SLOPE_TOL / 5)
    law = _law_slope(subject.shape, times)
    scaled = rms / np.log(times) ** 2
    ev.table("rms displacement", [{"t": int(t), "rms": float(r), "rms/(log t)²": float(s)}
                                  for t, r, s in zip(times, rms, scaled)])
    ev.metric("slope", slope)
    ev.metric("slope_se", se)
    if subject.disorder in SIGMA2:
        ev.metric("scaled_rms_at_end", float(scaled[-1] * SIGMA2[subject.disorder]))
    ev.show("times", times.tolist())
    ev.show("rms", rms.round(3).tolist())
    ev.close(law, slope, atol=SLOPE_TOL, what="slope of log rms against log log t",
             labels=("the law's slope", "the walkers' slope"), context=f"{subject.disorder} disorder")


@functools.lru_cache(maxsize=2)
def valley_bottoms(profile: str) -> tuple[np.ndarray, np.ndarray]:
    """(depths j, b_{ja}² per environment and depth: shape (environments, depths)). Each side of 0 is a simple
    random walk v of ``length`` steps (in units of a); τ_j is its first index where v − min v reaches j; the
    bottom is where the lower of the two sides' minima over [0, τ_j] is first attained, a tie counting each side
    half (through b²). Row-wise searches run as one ``searchsorted`` over the rows laid end to end, each row's
    keys offset so that the whole array is sorted."""
    envs = 8000 if profile == "thorough" else 1000
    depths = np.arange(3, 11)
    length = 20 * int(depths[-1]) ** 2  # τ_10 exceeds 20·10² steps with probability ~e^{-25}: checked below
    rng = np.random.default_rng(1982)
    offset = (np.arange(envs, dtype=np.int64) * (4 * length + 4))[:, None]
    row_start = (np.arange(envs, dtype=np.int64) * (length + 1))[:, None]
    mins, places = [], []
    for _side in range(2):
        v = np.zeros((envs, length + 1), np.int16)
        steps = rng.integers(0, 2, size=(envs, length), dtype=np.int8) * np.int8(2) - np.int8(1)
        np.cumsum(steps, axis=1, out=v[:, 1:])
        runmin = np.minimum.accumulate(v, axis=1)
        top = np.maximum.accumulate(v - runmin, axis=1)  # nondecreasing along each row
        tau = np.searchsorted((top + offset).ravel(), (depths[None, :] + offset).ravel()).reshape(envs, -1)
        tau -= row_start
        if np.any(tau > length):
            raise RuntimeError("an environment side was too short for the deepest valley")
        low = np.take_along_axis(runmin, tau, axis=1)
        # the first index where the running minimum reaches that value (−runmin is nondecreasing)
        keys = (2 * length + 2 - runmin.astype(np.int64) + offset).ravel()
        place = np.searchsorted(keys, (2 * length + 2 - low.astype(np.int64) + offset).ravel()).reshape(envs, -1)
        mins.append(low)
        places.append((place - row_start).astype(float))
    right, left = places
    tie = mins[0] == mins[1]
    return depths, np.where(tie, (right**2 + left**2) / 2, np.where(mins[0] < mins[1], right**2, left**2))


@functools.lru_cache(maxsize=2)
def valley_fit(profile: str) -> tuple[np.ndarray, np.ndarray, float, float]:
    """(depths h, rms of b_h, slope of log rms against log h, bootstrap standard error over environments)."""
    depths, bsq = valley_bottoms(profile)
    h = depths * STEP
    rms = np.sqrt(bsq.mean(axis=0))
    x = np.log(h)
    rng = np.random.default_rng(2)
    picks = rng.integers(0, bsq.shape[0], size=(BOOTSTRAP, bsq.shape[0]))
    boot = np.log(np.sqrt(bsq[picks].mean(axis=1)))  # (BOOTSTRAP, depths)
    return h, rms, float(_slope(x, np.log(rms))), float(_slope(x, boot).std(ddof=1))


@C.SINAI_STRONG.check(given=None, precision="exact integer potentials, 1000 environments (thorough: 8000)",
                      tolerance=f"slope within ±{SLOPE_TOL:g} of the law's, bootstrap standard error ≤ "
                                f"{SLOPE_TOL / 5:g}", false_alarm_rate=WALK_RATE,
                      power="the √t, log t and (log t)³ mutants are off by ≥ 1 in slope")
def valley_bottoms_follow_the_law(subject, ev):
    r"""Without walkers: the rms of the valley bottom $b_h$ at depths $h = ja$, $j = 3, \ldots, 10$, grows with the
    slope (in $\log h$) that the law gives at $t = e^h$."""
    h, rms, slope, se = valley_fit(ev.profile)
    x = np.log(h)
    ev.assume(se <= SLOPE_TOL / 5)
    law = float(_slope(x, np.log(subject.shape(np.exp(h)))))
    ev.table("valley bottoms", [{"h": float(a), "rms b_h": float(r), "rms·σ²/h²": float(r * SIGMA2["strong"] / a**2)}
                                for a, r in zip(h, rms)])
    ev.metric("slope", slope)
    ev.metric("slope_se", se)
    ev.show("depths h", h.round(3).tolist())
    ev.show("rms of the valley bottom", rms.round(3).tolist())
    ev.close(law, slope, atol=SLOPE_TOL, what="slope of log rms(b_h) against log h",
             labels=("the law's slope", "the valley bottoms' slope"))


@C.SINAI_WEAK.check(given=None, precision="float64 simulation, 1000 walkers to t = 1e4 (thorough: 2000 to 1e5)",
                    tolerance="the fitted exponent minus 5 bootstrap standard errors at least the claimed minimum",
                    false_alarm_rate=normal_tail(5.0, two_sided=False),
                    power="the strong-disorder mutant (exponent about 2) and the diffusive one (3.5)")
def weak_exponent_on_the_window(subject, ev):
    r"""Weak disorder: the slope of $\log\mathrm{rms}$ against $\log\log t$ over $[10^2, T]$ exceeds the claimed
    minimum by five bootstrap standard errors."""
    times, rms, slope, se = walker_fit(subject.disorder, ev.profile, 3)
    scaled = rms / np.log(times) ** 2
    ev.table("rms displacement", [{"t": int(t), "rms": float(r), "rms/(log t)²": float(s)}
                                  for t, r, s in zip(times, rms, scaled)])
    ev.metric("slope", slope)
    ev.metric("slope_se", se)
    ev.metric("growth_of_scaled_rms", float(scaled[-1] / scaled[0]))
    sigma2, crossover = weak_crossover()
    ev.metric("sigma2", sigma2)
    ev.metric("crossover_time", crossover)
    ev.show("rms", rms.round(3).tolist())
    ev.le(subject.min_exponent, slope - 5 * se, what="exponent of log t on the window",
          labels=("the claimed minimum", "fitted slope − 5 standard errors"), context=f"{subject.disorder} disorder")
