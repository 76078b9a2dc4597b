"""W10: the digits MLP with and without Weight Standardization (ws_bn_powernorm.ws_lowers_gradient_norm).

The data are read from scikit-learn's bundled ``digits.csv.gz`` (what ``sklearn.datasets.load_digits`` reads,
without importing scikit-learn). Both networks start from the same weights and see the same batches; BLAS is held
to one thread (the products are small, and threads only contend).
"""

from __future__ import annotations

import functools
import importlib.util
import os

import numpy as np

from ...theorems.ws_bn_powernorm import claims_training as C
from ...theorems.ws_bn_powernorm import formulas as F

HIDDEN, CLASSES, BATCH, LR, LN_EPS, EVERY = 64, 10, 32, 0.1, 1e-5, 10
PROFILES = {"ci": (150, 400), "thorough": (1000, 1797)}  # steps, images measured


@functools.lru_cache(maxsize=1)
def digits() -> tuple[np.ndarray, np.ndarray]:
    """(X, y): the 1797 images scaled to [0, 1], and their labels."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("scikit-learn is not installed: its bundled digits data are needed")
    data = np.loadtxt(os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz"),
                      delimiter=",")
    return data[:, :-1] / 16.0, data[:, -1].astype(int)


def _step(layer, W, V, X, y):
    """Loss and gradients of the MLP on (X, y): (loss, ∂L/∂W, ∂L/∂V, ‖∂L/∂Ŵ_c‖/σ_c per channel)."""
    what, s = layer.forward(W)
    a = X @ what.T
    c = a - a.mean(axis=1, keepdims=True)
    sd = np.sqrt(np.mean(c * c, axis=1, keepdims=True) + LN_EPS)
    h = c / sd
    r = np.maximum(h, 0.0)
    o = r @ V.T
    o -= o.max(axis=1, keepdims=True)
    p = np.exp(o)
    p /= p.sum(axis=1, keepdims=True)
    n = len(y)
    loss = float(-np.mean(np.log(p[np.arange(n), y])))
    p[np.arange(n), y] -= 1.0
    p /= n
    gV = p.T @ r
    dh = (p @ V) * (h > 0)
    dc = (dh - dh.mean(axis=1, keepdims=True) - h * np.mean(dh * h, axis=1, keepdims=True)) / sd
    g_what = dc.T @ X
    return loss, layer.backward(what, s, g_what), gV, np.linalg.norm(g_what, axis=1) / s[:, 0]


@functools.lru_cache(maxsize=8)
def train(layer, steps: int, measured: int, seed: int = 1) -> np.ndarray:
    """Rows (step, loss, ‖∂L/∂W‖, mean over channels of ‖∂L/∂W_c‖/(‖∂L/∂Ŵ_c‖/σ_c)) every EVERY steps, on the
    first ``measured`` images."""
    from threadpoolctl import threadpool_limits

    X, y = digits()
    Xm, ym = X[:measured], y[:measured]
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((HIDDEN, 64)) / 8
    V = rng.standard_normal((CLASSES, HIDDEN)) / 8
    rows = []
    with threadpool_limits(1):
        for t in range(steps + 1):
            if t % EVERY == 0:
                loss, gW, _, bound = _step(layer, W, V, Xm, ym)
                rows.append((t, loss, float(np.linalg.norm(gW)), float(np.mean(np.linalg.norm(gW, axis=1) / bound))))
            if t == steps:
                break
            idx = rng.integers(0, len(y), BATCH)
            _, gW, gV, _ = _step(layer, W, V, X[idx], y[idx])
            W -= LR * gW
            V -= LR * gV
    return np.array(rows)


def _smooth(v: np.ndarray) -> np.ndarray:
    """Running median of 5 (edges shortened)."""
    return np.array([np.median(v[max(0, i - 2):i + 3]) for i in range(len(v))])


@C.REPRODUCTION.check(given=None, precision="float64 numpy MLP, BLAS on one thread",
                      tolerance="the median ratio against 1")
def matched_loss(subject, ev):
    r"""Train both networks; at each measurement of the WS network, compare its smoothed gradient norm with the other
    network's at the same loss (log-loss interpolation), over the losses both reached."""
    steps, measured = PROFILES["thorough" if ev.profile == "thorough" else "ci"]
    ws = train(subject, steps, measured)
    plain = train(F.PLAIN_LAYER, steps, measured)
    lw, gw = np.log(ws[:, 1]), _smooth(ws[:, 2])
    lp, gp = np.log(plain[:, 1]), _smooth(plain[:, 2])
    order = np.argsort(lp)
    inside = (lw >= lp.min()) & (lw <= lp.max()) & (ws[:, 0] > 0)
    ev.that(bool(np.sum(inside) >= 5), "fewer than 5 matched loss levels", claimed=int(np.sum(inside)), observed=5,
            labels=("matched levels", "needed"))
    other = np.interp(lw[inside], lp[order], gp[order])
    ratios = gw[inside] / other
    median = float(np.median(ratios))
    ev.metric("median_ratio", round(median, 3))
    ev.metric("largest_ratio", round(float(np.max(ratios)), 3))
    ev.metric("levels", int(np.sum(inside)))
    ev.metric("projection_ratio", round(float(np.mean(ws[1:, 3])), 3))
    ev.metric("final_losses", f"WS {ws[-1, 1]:.4f}, without WS {plain[-1, 1]:.4f}")
    ev.table("matched_levels", [{"loss": round(float(np.exp(ll)), 4), "WS": round(float(a), 4),
                                 "without WS": round(float(b), 4)}
                                for ll, a, b in list(zip(lw[inside], gw[inside], other))[::3]])
    ev.show("median ratio", median)
    if ev.wants_figures and ev.profile == "thorough":  # matplotlib costs about a second: drawn in the thorough run
        _figure(ev, ws, plain)
    ev.le(float(np.max(ws[:, 3])), 1.0 + 1e-9, what="W1 along training: ‖∂L/∂W_c‖ ≤ ‖∂L/∂Ŵ_c‖/σ_c",
          labels=("largest mean ratio to the bound", "1"))
    ev.lt(median, 1.0, what="median ratio below 1", labels=("median ratio WS / without WS", "1"))


def _figure(ev, ws: np.ndarray, plain: np.ndarray) -> None:
    from claimkit.figures import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    ax.loglog(ws[1:, 1], _smooth(ws[1:, 2]), label="with WS")
    ax.loglog(plain[1:, 1], _smooth(plain[1:, 2]), label="without WS")
    ax.set_xlabel("training loss (measured images)")
    ax.set_ylabel("‖∂L/∂W‖ (running median of 5)")
    ax.invert_xaxis()
    ax.legend()
    fig.tight_layout()
    ev.figure("gradient_norm_against_loss", fig, "The hidden layer's weight gradient against the training loss, with "
              "and without Weight Standardization (read from left to right as training proceeds).")
