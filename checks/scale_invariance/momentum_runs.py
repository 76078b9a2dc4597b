"""Momentum runs on scale-invariant problems, for the S5–S8 checks and figures (ground truth by simulation).

* ``exact_momentum_run``: heavy ball in exact rationals on random integer gradients projected
  orthogonal to w_t (the only property of a scale-invariant loss that S5 uses).
* ``model_momentum_run``: heavy ball on the tiny LayerNorm/BatchNorm nets with their own gradients.
* ``equal_update_run``: updates of one fixed norm P, built so that every implied gradient
  g_t = p_t − β p_{t−1} is orthogonal to w_t.
* ``exact_orthogonal_growth`` / ``float_orthogonal_growth``: gradients g_t = G e_{t+1} with
  w_0 = e_0, so that every gradient is orthogonal to w_t and to every other gradient.
* ``isotropic_growth_mc``: Monte Carlo over i.i.d. isotropic tangent gradients of norm 1.
* ``toy_run``: the AdamP 2-D toy, −(w/‖w‖)·(w*/‖w*‖), through the numpy SGDP.

Every function is deterministic in its arguments and cached (the checks re-run the same cases for
each mutant).
"""

from __future__ import annotations

import dataclasses
import functools
from fractions import Fraction

import numpy as np

from ...fixtures.normalization import random_net
from ...theorems.scale_invariance.library import SGDP

__all__ = [
    "MomentumRun",
    "equal_update_run",
    "exact_momentum_run",
    "exact_orthogonal_growth",
    "float_orthogonal_growth",
    "isotropic_growth_mc",
    "model_momentum_run",
    "toy_run",
]


@dataclasses.dataclass(frozen=True)
class MomentumRun:
    """‖w_t‖² for t = 0..T, ‖p_t‖² and ⟨w_t, p_t⟩ for t = 0..T−1."""

    norms_sq: tuple
    update_norms_sq: tuple
    inner: tuple


def _dot(a, b):
    return sum(x * y for x, y in zip(a, b))


@functools.lru_cache(maxsize=512)
def exact_momentum_run(seed: int, dim: int, beta: Fraction, eta: Fraction, horizon: int) -> MomentumRun:
    """Heavy ball in exact rationals; gradients are random integer vectors projected ⊥ w_t."""
    rng = np.random.default_rng(seed)
    w = [Fraction(int(v)) for v in rng.integers(-9, 10, size=dim)]
    if all(v == 0 for v in w):
        w[0] = Fraction(1)
    p = [Fraction(0)] * dim
    norms, pn, inner = [_dot(w, w)], [], []
    for _ in range(horizon):
        raw = [Fraction(int(v)) for v in rng.integers(-9, 10, size=dim)]
        c = _dot(w, raw) / norms[-1]  # norms[-1] = ‖w_t‖²
        g = [r - c * x for r, x in zip(raw, w)]
        p = [beta * a + b for a, b in zip(p, g)]
        pn.append(_dot(p, p))
        inner.append(_dot(w, p))
        w = [x - eta * a for x, a in zip(w, p)]
        norms.append(_dot(w, w))
    return MomentumRun(tuple(norms), tuple(pn), tuple(inner))


@functools.lru_cache(maxsize=512)
def model_momentum_run(seed: int, norm: str, beta: float, eta: float, horizon: int) -> MomentumRun:
    """Heavy ball on a tiny normalized net (float64, the net's analytic gradient)."""
    net, W = random_net(seed, norm=norm)
    p = np.zeros_like(W)
    norms, pn, inner = [float(np.sum(W * W))], [], []
    for _ in range(horizon):
        p = beta * p + net.grad(W)
        pn.append(float(np.sum(p * p)))
        inner.append(float(np.sum(W * p)))
        W = W - eta * p
        norms.append(float(np.sum(W * W)))
    return MomentumRun(tuple(norms), tuple(pn), tuple(inner))


def _random_tangent(rng: np.random.Generator, w: np.ndarray) -> np.ndarray:
    """A uniformly random unit vector orthogonal to w."""
    while True:
        d = rng.normal(size=w.shape)
        d -= (d @ w) / (w @ w) * w
        n = np.linalg.norm(d)
        if n > 1e-8:
            return d / n


@functools.lru_cache(maxsize=512)
def equal_update_run(seed: int, dim: int, beta: float, eta: float, P: float,
                     horizon: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Momentum updates of norm exactly P whose gradients g_t = p_t − β p_{t−1} are ⊥ w_t.

    p_t = r ŵ_t + √(P² − r²) q_t with r = β⟨ŵ_t, p_{t−1}⟩ (|r| ≤ βP < P) and q_t a random unit tangent.
    Returns the growths ‖w_{t+1}‖² − ‖w_t‖² and the norms ‖w_{t+1}‖², t = 0..horizon−1.
    """
    rng = np.random.default_rng(seed)
    w = rng.normal(size=dim)
    w /= np.linalg.norm(w)
    p = np.zeros(dim)
    deltas, norms = [], []
    for _ in range(horizon):
        u = w / np.linalg.norm(w)
        r = beta * (u @ p)
        p = r * u + np.sqrt(P**2 - r**2) * _random_tangent(rng, w)
        before = w @ w
        w = w - eta * p
        deltas.append(float(w @ w - before))
        norms.append(float(w @ w))
    return tuple(deltas), tuple(norms)


@functools.lru_cache(maxsize=256)
def exact_orthogonal_growth(beta: Fraction, eta: Fraction, G: Fraction, horizon: int) -> tuple[Fraction, ...]:
    """Exact growth factors (‖w_{t+1}‖² − ‖w_t‖²)/(η²G²), t = 0..horizon−1, for g_t = G e_{t+1}, w_0 = e_0.

    Before step t, w_t and p_{t−1} are 0 beyond e_t, so the lists hold e_0, …, e_t only and grow by one
    coordinate a step: the zeros beyond would add exact zeros to every sum and product."""
    w = [Fraction(1)]
    p: list[Fraction] = [Fraction(0)]
    norm_sq = _dot(w, w)  # ‖w_t‖², carried from one step to the next
    out = []
    for _ in range(horizon):
        w.append(Fraction(0))  # w_t has no e_{t+1} coordinate: g_t = G e_{t+1} is ⊥ w_t
        p = [beta * a for a in p] + [G]  # p_t = β p_{t−1} + g_t
        before = norm_sq
        w = [x - eta * a for x, a in zip(w, p)]
        norm_sq = _dot(w, w)
        out.append((norm_sq - before) / (eta * G) ** 2)
    return tuple(out)


@functools.lru_cache(maxsize=256)
def float_orthogonal_growth(beta: float, eta: float, G: float, horizon: int) -> float:
    """Momentum's last per-step growth over GD's, both driven by g_t = G e_{t+1} from w_0 = e_0."""
    dim = horizon + 1
    w_m = np.zeros(dim)
    w_m[0] = 1.0
    w_g = w_m.copy()
    p = np.zeros(dim)
    d_m = d_g = 0.0
    for t in range(horizon):
        g = np.zeros(dim)
        g[t + 1] = G
        p = beta * p + g
        before_m, before_g = w_m @ w_m, w_g @ w_g
        w_m = w_m - eta * p
        w_g = w_g - eta * g
        d_m, d_g = w_m @ w_m - before_m, w_g @ w_g - before_g
    return float(d_m / d_g)


@functools.lru_cache(maxsize=256)
def isotropic_growth_mc(seed: int, dim: int, beta: float, horizon: int, paths: int = 3000,
                        eta: float = 0.1) -> tuple[float, float]:
    """Monte Carlo mean and standard error of (‖w_{T+1}‖² − ‖w_T‖²)/η², T = ``horizon``, for i.i.d.
    gradients uniform on the unit sphere of the tangent space of w_t."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(paths, dim))
    w /= np.linalg.norm(w, axis=1, keepdims=True)
    p = np.zeros_like(w)
    growth = np.zeros(paths)
    norm_sq = np.sum(w * w, axis=1)  # ‖w_t‖² of each path, carried from one step to the next
    for _ in range(horizon + 1):
        d = rng.normal(size=w.shape)
        d -= np.sum(d * w, axis=1, keepdims=True) / norm_sq[:, None] * w
        d /= np.linalg.norm(d, axis=1, keepdims=True)
        p = beta * p + d
        before = norm_sq
        w = w - eta * p
        norm_sq = np.sum(w * w, axis=1)
        growth = (norm_sq - before) / eta**2
    return float(np.mean(growth)), float(np.std(growth, ddof=1) / np.sqrt(paths))


@functools.lru_cache(maxsize=64)
def toy_run(lr: float, steps: int, beta: float, sgdp: bool = False,
            w0: tuple[float, float] = (1.0, 0.0), target: tuple[float, float] = (0.0, 1.0)
            ) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The AdamP 2-D toy, f(w) = −(w/‖w‖)·(w*/‖w*‖), with the numpy SGDP (``sgdp``), or plain momentum SGD
    p_t = β p_{t−1} + g_t, w_{t+1} = w_t − lr p_t (the steps the numpy SGDP takes with ``delta=0``, which never
    projects). Returns ‖w_t‖ for t = 0..steps and the growths ‖w_{t+1}‖² − ‖w_t‖²."""
    w = np.array([w0], dtype=float)
    star = np.asarray(target, dtype=float) / np.linalg.norm(target)
    opt = SGDP([w], lr=lr, momentum=beta) if sgdp else None
    p = np.zeros(2)
    n = np.linalg.norm(w)
    before = float(w[0] @ w[0])
    norms, growth = [float(n)], []
    for _ in range(steps):
        # n = ‖w_t‖ and before = ‖w_t‖², each computed once per step: at the end of the previous one
        u = w[0] / n
        g = -(star - u * (u @ star)) / n
        if opt is not None:
            opt.step([g[None, :]])
        else:
            p = beta * p + g
            w[0] -= lr * p
        n = np.linalg.norm(w)
        after = float(w[0] @ w[0])
        norms.append(float(n))
        growth.append(after - before)
        before = after
    return tuple(norms), tuple(growth)
