"""An independent re-implementation of the released SGDP and AdamP update rules, the ground truth of
``scale_invariance.library_follows_release``.

Written from the released code (github.com/clovaai/AdamP, tag v0.3.0: ``adamp/sgdp.py`` and
``adamp/adamp.py``, ``SGDP.step``/``AdamP.step`` and ``_projection``), sharing no code with the library:
parameters are flat lists of Python floats in C order, a view is a list of rows of flat indices, the
cosine test is decided in exact rational arithmetic, and norms come from ``math.hypot`` (no overflow).

* The cosine test of a view fires when ``max_row |x·y| / (max(‖x‖, eps) · max(‖y‖, eps)) < threshold``
  with the released ``threshold = delta / math.sqrt(L)`` (L the row length): a Python float, rounded
  once, which is 0.0 when ``delta/√L`` is below half the smallest subnormal (``delta = 5e-324``).
  Squared, ``(x·y)² < threshold² · max(‖x‖², eps²) · max(‖y‖², eps²)``: every quantity is a rational
  function of the floats, so :func:`released_test` decides it exactly and also returns how far the
  decision is from flipping (``|ratio − 1|``), so a check can skip the cases a float64 roundoff of the
  cosine could decide either way.
* A fired view removes ``p_n · Σ_row(p_n · d)`` from the update row by row, ``p_n = w/(‖w_row‖ + eps)``,
  and the weight decay is scaled by ``wd_ratio``; parameters with one dimension are never projected.
* SGDP: ``buf ← momentum·buf + (1 − dampening)·g`` (buf starts at 0); ``d = g + momentum·buf`` with
  Nesterov, else ``d`` is the buffer itself, so the projection also projects the stored buffer;
  ``w ← w·(1 − lr·wd·ratio/(1 − momentum))`` when ``wd > 0``; ``w ← w − lr·d``.
* AdamP: ``m ← β1 m + (1 − β1) g``, ``v ← β2 v + (1 − β2) g²``, ``t ← t + 1``;
  ``denom = √v/√(1 − β2^t) + eps``; ``d = (β1 m + (1 − β1) g)/denom`` with Nesterov, else ``m/denom``;
  ``w ← w·(1 − lr·wd·ratio)`` when ``wd > 0``; ``w ← w − (lr/(1 − β1^t))·d``.

Alongside each array the run carries, entry by entry, the largest magnitude among the operands that
produced it up to that step (:data:`ReferenceRun.scales`): float64 roundoff is a few ulps of that, not of
the result, which a cancellation (a buffer projected almost to zero, ``β1 m`` against ``(1 − β1) g``)
makes far smaller.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["RELEASED_DEFAULTS", "ReferenceRun", "reference_run", "released_test", "view_rows"]

#: The released constructors' defaults (SGDP's lr has none: ``lr=required``).
RELEASED_DEFAULTS: dict[str, dict[str, Any]] = {
    "SGDP": {"momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False, "eps": 1e-8,
             "delta": 0.1, "wd_ratio": 0.1},
    "AdamP": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "delta": 0.1,
              "wd_ratio": 0.1, "nesterov": False},
}


def view_rows(shape: tuple[int, ...], view: str) -> list[list[int]]:
    """The rows of a view as flat (C-order) indices: ``channel`` = one row per index of the first axis,
    ``layer`` = one row holding everything."""
    size = math.prod(shape)
    if view == "layer":
        return [list(range(size))]
    length = size // shape[0]
    return [list(range(i * length, (i + 1) * length)) for i in range(shape[0])]


def _over_common_denominator(values: list[float]) -> tuple[list[int], int]:
    """``values`` as integers over one common denominator (exact): every float is an integer over a power
    of two, so the largest of those powers serves them all."""
    ratios = [v.as_integer_ratio() for v in values]
    common = max((d for _, d in ratios), default=1)
    return [n * (common // d) for n, d in ratios], common


def released_test(w: list[float], g: list[float], rows: list[list[int]], delta: float,
                  eps: float) -> tuple[bool, float]:
    """Whether the cosine test fires on this view, decided exactly against the released float threshold
    ``t = delta / math.sqrt(L)``, and the distance ``|ratio − 1|`` of the largest
    ``ratio = (x·y)² / (t² max(‖x‖², eps²) max(‖y‖², eps²))`` from 1.

    Each row's sums are taken in integers over the row's common denominator and made fractions once: the
    same rationals as summing fractions term by term, without a gcd at every term."""
    threshold = delta / math.sqrt(len(rows[0]))  # as the release computes it, rounding included
    if threshold == 0:
        return False, math.inf  # |cos| < 0 never holds
    t2, e2 = Fraction(threshold) ** 2, Fraction(eps) ** 2
    worst = Fraction(0)
    for row in rows:
        x, dx = _over_common_denominator([g[k] for k in row])
        y, dy = _over_common_denominator([w[k] for k in row])
        dot = Fraction(sum(a * b for a, b in zip(x, y)), dx * dy)
        xx, yy = Fraction(sum(a * a for a in x), dx * dx), Fraction(sum(b * b for b in y), dy * dy)
        worst = max(worst, dot * dot / (t2 * max(xx, e2) * max(yy, e2)))
    return worst < 1, abs(float(worst - 1)) if worst < 2**1000 else math.inf


def _project(w: list[float], d: list[float], d_size: list[float], rows: list[list[int]],
             eps: float) -> tuple[list[float], list[float]]:
    """``d`` with ``p_n · Σ_row(p_n · d)`` removed row by row, ``p_n = w/(‖w_row‖ + eps)``, and the magnitudes
    its entries come from: ``|Σ_row p_n·d| ≤ ‖d_row‖`` as ``‖p_n‖ < 1``, so an entry's roundoff (and the
    error ``d`` brings, bounded by ``d_size``) is a few ulps of ``‖d_size_row‖``."""
    out, size = list(d), list(d_size)
    for row in rows:
        norm = math.hypot(*(w[k] for k in row))
        p = {k: w[k] / (norm + eps) for k in row}
        along = math.fsum(p[k] * d[k] for k in row)
        row_size = math.hypot(*(d_size[k] for k in row))
        for k in row:
            out[k] = d[k] - p[k] * along
            size[k] = row_size
    return out, size


def _projection(shape: tuple[int, ...], w: list[float], g: list[float], d: list[float], d_size: list[float],
                delta: float, wd_ratio: float, eps: float
                ) -> tuple[list[float], list[float], float, str | None, float]:
    """The released ``_projection`` (called only for parameters with more than one dimension):
    (update, its magnitudes, weight-decay ratio, view that fired or None, the smallest distance of a
    decision from flipping)."""
    if len(shape) < 2:
        return d, d_size, 1.0, None, math.inf
    closest = math.inf
    for view in ("channel", "layer"):
        rows = view_rows(shape, view)
        fires, distance = released_test(w, g, rows, delta, eps)
        closest = min(closest, distance)
        if fires:
            return *_project(w, d, d_size, rows, eps), wd_ratio, view, closest
    return d, d_size, 1.0, None, closest


@dataclasses.dataclass(frozen=True)
class ReferenceRun:
    """A run of the released rule on parameters ``start`` with ``grads`` (None: skipped) at each step:
    per step, the parameters, the state and the projection record of each parameter after the step."""

    start: tuple[np.ndarray, ...]
    grads: tuple[tuple[np.ndarray | None, ...], ...]
    params: tuple[tuple[np.ndarray, ...], ...]
    states: tuple[tuple[dict[str, Any], ...], ...]
    records: tuple[tuple[tuple[str | None, float] | None, ...], ...]
    #: per step, per parameter: for the weights and each state array, the largest magnitude among the operands
    #: that produced any of its entries so far (its roundoff is a few ulps of this)
    scales: tuple[tuple[dict[str, float], ...], ...]
    closest: float  # the smallest |ratio − 1| of any cosine-test decision: how near a decision was to flipping


def _gradient(rng: np.random.Generator, w: np.ndarray, mode: str, exponent: int) -> np.ndarray | None:
    """A gradient for weights ``w``: ``None`` (skipped), ``zero``, ``free`` (isotropic), ``rows`` (each
    channel row with |cos| = s·0.1/√L, s drawn around 1) or ``layer`` (the whole with |cos| = s·0.1/√N),
    scaled by 10**exponent."""
    if mode == "none":
        return None
    if mode == "zero":
        return np.zeros_like(w)
    raw = rng.normal(size=w.shape)
    if mode in ("rows", "layer") and w.ndim >= 2:
        rows = w.reshape(w.shape[0], -1) if mode == "rows" else w.reshape(1, -1)
        out = raw.reshape(rows.shape).copy()
        top = rng.choice((1.2, 3.0))
        for i, wr in enumerate(rows):
            norm = math.hypot(*wr)
            if norm == 0:
                continue
            u = wr / norm
            tangent = out[i] - (out[i] @ u) * u
            tangent /= math.hypot(*tangent)
            c = rng.uniform(0.0, top) * 0.1 / math.sqrt(rows.shape[1]) * rng.choice((-1.0, 1.0))
            out[i] = c * u + math.sqrt(1 - c * c) * tangent
        raw = out.reshape(w.shape)
    return raw * 10.0**exponent


@functools.lru_cache(maxsize=256)
def reference_run(optimizer: str, shape: tuple[int, ...], seed: int, hyper: tuple[tuple[str, Any], ...],
                  steps: int, weight_exponent: int, grad_exponent: int) -> ReferenceRun:
    """Parameters [W of ``shape``, a bias vector] from ``seed``, ``steps`` steps of the released
    ``optimizer`` with the hyperparameters ``hyper`` (the rest at the released defaults), gradients of
    drawn kinds (see :func:`_gradient`)."""
    rng = np.random.default_rng(seed)
    h = {**RELEASED_DEFAULTS[optimizer], **dict(hyper)}
    start = (rng.normal(size=shape) * 10.0**weight_exponent, rng.normal(size=shape[:1]) * 10.0**weight_exponent)
    shapes = [tuple(p.shape) for p in start]
    params = [[float(v) for v in p.ravel()] for p in start]
    states: list[dict[str, Any]] = [{} for _ in start]
    sizes: list[dict[str, list[float]]] = [{"weights": [abs(v) for v in p]} for p in params]
    all_grads, all_params, all_states, all_records, all_scales = [], [], [], [], []
    records: list[tuple[str | None, float] | None] = [None, None]
    closest = math.inf
    for _ in range(steps):
        grads = []
        for i, shp in enumerate(shapes):
            mode = rng.choice(("none", "zero", "free", "rows", "rows", "layer", "layer"))
            grads.append(_gradient(rng, np.array(params[i]).reshape(shp), str(mode), grad_exponent))
        for i, (shp, g) in enumerate(zip(shapes, grads)):
            if g is None:
                continue
            gl = [float(v) for v in g.ravel()]
            step = _sgdp_step if optimizer == "SGDP" else _adamp_step
            params[i], states[i], sizes[i], records[i], near = step(shp, params[i], gl, states[i], sizes[i], h)
            closest = min(closest, near)
        all_grads.append(tuple(grads))
        all_params.append(tuple(np.array(p).reshape(s) for p, s in zip(params, shapes)))
        all_states.append(tuple({k: (np.array(v).reshape(s) if isinstance(v, list) else v) for k, v in st.items()}
                                for st, s in zip(states, shapes)))
        all_records.append(tuple(records))
        all_scales.append(tuple({k: max(v) for k, v in sz.items()} for sz in sizes))
    return ReferenceRun(start, tuple(all_grads), tuple(all_params), tuple(all_states), tuple(all_records),
                        tuple(all_scales), closest)


def _sgdp_step(shape, w, g, state, size, h):
    """The released ``SGDP.step`` for one parameter (flat lists), with the magnitudes of its arrays."""
    m, damp, lr, wd = h["momentum"], h["dampening"], h["lr"], h["weight_decay"]
    old = state.get("momentum", [0.0] * len(w))
    old_size = size.get("momentum", [0.0] * len(w))
    buf = [m * b + (1 - damp) * x for b, x in zip(old, g)]
    buf_size = [max(m * s, abs(m * b), abs((1 - damp) * x)) for s, b, x in zip(old_size, old, g)]
    if h["nesterov"]:
        d = [x + m * b for x, b in zip(g, buf)]
        d_size = [max(abs(x), m * s) for x, s in zip(g, buf_size)]
    else:
        d, d_size = buf, buf_size
    d, d_size, ratio, view, near = _projection(shape, w, g, d, d_size, h["delta"], h["wd_ratio"], h["eps"])
    if not h["nesterov"]:
        buf, buf_size = d, d_size  # the released update is the buffer tensor, projected in place
    factor = 1 - lr * wd * ratio / (1 - m) if wd > 0 else 1.0
    w_size = [max(abs(factor) * s, abs(factor * x), lr * u) for s, x, u in zip(size["weights"], w, d_size)]
    if wd > 0:
        w = [x * factor for x in w]
    return ([x - lr * u for x, u in zip(w, d)], {"momentum": buf}, {"weights": w_size, "momentum": buf_size},
            (view, ratio), near)


def _adamp_step(shape, w, g, state, size, h):
    """The released ``AdamP.step`` for one parameter (flat lists), with the magnitudes of its arrays (the
    denominator has no cancellation: its relative roundoff is a few ulps, so a quotient's magnitude is
    the numerator's divided by it)."""
    (b1, b2), lr, wd, eps = h["betas"], h["lr"], h["weight_decay"], h["eps"]
    t = state.get("step", 0) + 1
    zeros = [0.0] * len(w)
    old_m, old_v = state.get("exp_avg", zeros), state.get("exp_avg_sq", zeros)
    m = [b1 * a + (1 - b1) * x for a, x in zip(old_m, g)]
    v = [b2 * a + (1 - b2) * x * x for a, x in zip(old_v, g)]
    m_size = [max(b1 * s, abs(b1 * a), abs((1 - b1) * x)) for s, a, x in zip(size.get("exp_avg", zeros), old_m, g)]
    v_size = [max(b2 * s, b2 * a, (1 - b2) * x * x) for s, a, x in zip(size.get("exp_avg_sq", zeros), old_v, g)]
    correction1, correction2 = 1 - b1**t, 1 - b2**t
    denom = [math.sqrt(a) / math.sqrt(correction2) + eps for a in v]
    if h["nesterov"]:
        d = [(b1 * a + (1 - b1) * x) / q for a, x, q in zip(m, g, denom)]
        d_size = [max(b1 * s, abs((1 - b1) * x)) / q for s, x, q in zip(m_size, g, denom)]
    else:
        d = [a / q for a, q in zip(m, denom)]
        d_size = [s / q for s, q in zip(m_size, denom)]
    d, d_size, ratio, view, near = _projection(shape, w, g, d, d_size, h["delta"], h["wd_ratio"], eps)
    factor = 1 - lr * wd * ratio if wd > 0 else 1.0
    step_size = lr / correction1
    w_size = [max(abs(factor) * s, abs(factor * x), step_size * u) for s, x, u in zip(size["weights"], w, d_size)]
    if wd > 0:
        w = [x * factor for x in w]
    return ([x - step_size * u for x, u in zip(w, d)], {"step": t, "exp_avg": m, "exp_avg_sq": v},
            {"weights": w_size, "exp_avg": m_size, "exp_avg_sq": v_size}, (view, ratio), near)
