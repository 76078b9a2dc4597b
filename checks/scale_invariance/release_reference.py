"""An independent re-implementation of the released SGDP and AdamP update rules, the ground truth of
``scale_invariance.library_follows_release``.

Written from the released code (github.com/clovaai/AdamP, tag v0.3.0: ``adamp/sgdp.py`` and
``adamp/adamp.py``, ``SGDP.step``/``AdamP.step`` and ``_projection``), sharing no code with the library:
parameters are flat lists of Python floats in C order, a view is a list of rows of flat indices, the
cosine test is decided in exact rational arithmetic, and norms come from ``math.hypot`` (no overflow).

* The cosine test of a view fires when ``max_row |x·y| / (max(‖x‖, eps) · max(‖y‖, eps)) < delta/√L``
  (L the row length). Squared, ``(x·y)² · L < delta² · max(‖x‖², eps²) · max(‖y‖², eps²)``: every
  quantity is a rational function of the floats, so :func:`released_test` decides it exactly and also
  returns how far the decision is from flipping (``|ratio − 1|``), so a check can skip the cases a
  float64 roundoff could decide either way.
* A fired view removes ``p_n · Σ_row(p_n · d)`` from the update row by row, ``p_n = w/(‖w_row‖ + eps)``,
  and the weight decay is scaled by ``wd_ratio``; parameters with one dimension are never projected.
* SGDP: ``buf ← momentum·buf + (1 − dampening)·g`` (buf starts at 0); ``d = g + momentum·buf`` with
  Nesterov, else ``d`` is the buffer itself, so the projection also projects the stored buffer;
  ``w ← w·(1 − lr·wd·ratio/(1 − momentum))`` when ``wd > 0``; ``w ← w − lr·d``.
* AdamP: ``m ← β1 m + (1 − β1) g``, ``v ← β2 v + (1 − β2) g²``, ``t ← t + 1``;
  ``denom = √v/√(1 − β2^t) + eps``; ``d = (β1 m + (1 − β1) g)/denom`` with Nesterov, else ``m/denom``;
  ``w ← w·(1 − lr·wd·ratio)`` when ``wd > 0``; ``w ← w − (lr/(1 − β1^t))·d``.
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
    """Whether the cosine test fires on this view, decided exactly, and the distance ``|ratio − 1|`` of
    the largest ``ratio = (x·y)² L / (delta² max(‖x‖², eps²) max(‖y‖², eps²))`` from the threshold.

    Each row's sums are taken in integers over the row's common denominator and made fractions once: the
    same rationals as summing fractions term by term, without a gcd at every term."""
    if delta == 0:
        return False, math.inf  # |cos| < 0 never holds
    d2, e2 = Fraction(delta) ** 2, Fraction(eps) ** 2
    worst = Fraction(0)
    for row in rows:
        x, dx = _over_common_denominator([g[k] for k in row])
        y, dy = _over_common_denominator([w[k] for k in row])
        dot = Fraction(sum(a * b for a, b in zip(x, y)), dx * dy)
        xx, yy = Fraction(sum(a * a for a in x), dx * dx), Fraction(sum(b * b for b in y), dy * dy)
        worst = max(worst, dot * dot * len(row) / (d2 * max(xx, e2) * max(yy, e2)))
    return worst < 1, abs(float(worst - 1)) if worst < 2**1000 else math.inf


def _project(w: list[float], d: list[float], rows: list[list[int]], eps: float) -> list[float]:
    """``d`` with ``p_n · Σ_row(p_n · d)`` removed row by row, ``p_n = w/(‖w_row‖ + eps)``."""
    out = list(d)
    for row in rows:
        norm = math.hypot(*(w[k] for k in row))
        p = {k: w[k] / (norm + eps) for k in row}
        along = math.fsum(p[k] * d[k] for k in row)
        for k in row:
            out[k] = d[k] - p[k] * along
    return out


def _projection(shape: tuple[int, ...], w: list[float], g: list[float], d: list[float], delta: float,
                wd_ratio: float, eps: float) -> tuple[list[float], float, str | None, float]:
    """The released ``_projection`` (called only for parameters with more than one dimension):
    (update, weight-decay ratio, view that fired or None, the smallest distance of a decision from flipping)."""
    if len(shape) < 2:
        return d, 1.0, None, math.inf
    closest = math.inf
    for view in ("channel", "layer"):
        rows = view_rows(shape, view)
        fires, distance = released_test(w, g, rows, delta, eps)
        closest = min(closest, distance)
        if fires:
            return _project(w, d, rows, eps), wd_ratio, view, closest
    return d, 1.0, None, closest


@dataclasses.dataclass(frozen=True)
class ReferenceRun:
    """A run of the released rule on parameters ``start`` with ``grads`` (None: skipped) at each step:
    per step, the parameters, the state and the projection record of each parameter after the step."""

    start: tuple[np.ndarray, ...]
    grads: tuple[tuple[np.ndarray | None, ...], ...]
    params: tuple[tuple[np.ndarray, ...], ...]
    states: tuple[tuple[dict[str, Any], ...], ...]
    records: tuple[tuple[tuple[str | None, float] | None, ...], ...]
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
    all_grads, all_params, all_states, all_records = [], [], [], []
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
            params[i], states[i], records[i], near = step(shp, params[i], gl, states[i], h)
            closest = min(closest, near)
        all_grads.append(tuple(grads))
        all_params.append(tuple(np.array(p).reshape(s) for p, s in zip(params, shapes)))
        all_states.append(tuple({k: (np.array(v).reshape(s) if isinstance(v, list) else v) for k, v in st.items()}
                                for st, s in zip(states, shapes)))
        all_records.append(tuple(records))
    return ReferenceRun(start, tuple(all_grads), tuple(all_params), tuple(all_states), tuple(all_records), closest)


def _sgdp_step(shape, w, g, state, h):
    """The released ``SGDP.step`` for one parameter (flat lists)."""
    m, damp, lr, wd = h["momentum"], h["dampening"], h["lr"], h["weight_decay"]
    buf = [m * b + (1 - damp) * x for b, x in zip(state.get("momentum", [0.0] * len(w)), g)]
    d = [x + m * b for x, b in zip(g, buf)] if h["nesterov"] else buf
    d, ratio, view, near = _projection(shape, w, g, d, h["delta"], h["wd_ratio"], h["eps"])
    if not h["nesterov"]:
        buf = d  # the released update is the buffer tensor, projected in place
    if wd > 0:
        w = [x * (1 - lr * wd * ratio / (1 - m)) for x in w]
    return [x - lr * u for x, u in zip(w, d)], {"momentum": buf}, (view, ratio), near


def _adamp_step(shape, w, g, state, h):
    """The released ``AdamP.step`` for one parameter (flat lists)."""
    (b1, b2), lr, wd, eps = h["betas"], h["lr"], h["weight_decay"], h["eps"]
    t = state.get("step", 0) + 1
    m = [b1 * a + (1 - b1) * x for a, x in zip(state.get("exp_avg", [0.0] * len(w)), g)]
    v = [b2 * a + (1 - b2) * x * x for a, x in zip(state.get("exp_avg_sq", [0.0] * len(w)), g)]
    correction1, correction2 = 1 - b1**t, 1 - b2**t
    denom = [math.sqrt(a) / math.sqrt(correction2) + eps for a in v]
    if h["nesterov"]:
        d = [(b1 * a + (1 - b1) * x) / q for a, x, q in zip(m, g, denom)]
    else:
        d = [a / q for a, q in zip(m, denom)]
    d, ratio, view, near = _projection(shape, w, g, d, h["delta"], h["wd_ratio"], eps)
    if wd > 0:
        w = [x * (1 - lr * wd * ratio) for x in w]
    step_size = lr / correction1
    return [x - step_size * u for x, u in zip(w, d)], {"step": t, "exp_avg": m, "exp_avg_sq": v}, (view, ratio), near
