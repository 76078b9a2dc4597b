"""Checks of the released PowerNorm's backward (W7) and of its bounded gradients (W8), on the numpy port.

Routes: the exact gradient of the port's forward by the complex step, entry by entry over the N × C inputs of
``PowerFunction`` (and in mpmath at 30 digits to re-verify a counterexample); direct simulation of the port over
many passes for the moving average and the bound.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ws_bn_powernorm import claims_release as C
from .strategies import seeds

TOKENS, CHANNELS = 4, 3
# The complex step is exact to rounding: entries of the gradient carry a few ulps of |G|/√var; GRAD_TOL (relative
# to the largest entry) leaves headroom. The release's departures are O(|mean(Gz)|/√var), of order one.
GRAD_TOL = 1e-11


def _prepared(cls, seed: int, steps_before: int, warmup: int, eps: float = 1e-5):
    """A port after ``steps_before`` random forward/backward passes, then one forward on a fresh batch; returns
    (port, x, grad_out, x̃, iters, running_phi before the update, ema before the backward)."""
    rng = np.random.default_rng(seed)
    port = cls(CHANNELS, warmup_iters=warmup, eps=eps)
    port.weight = rng.uniform(0.5, 2.0, CHANNELS)
    port.bias = rng.normal(size=CHANNELS)
    for _ in range(steps_before):
        port.forward(rng.normal(size=(TOKENS, CHANNELS)) * rng.uniform(0.5, 2.0))
        port.backward(rng.normal(size=(TOKENS, CHANNELS)))
    x = rng.normal(size=(TOKENS, CHANNELS))
    phi = port.running_phi.copy()
    port.forward(x)
    xt = port.group_scaling(x)
    return port, x, rng.normal(size=(TOKENS, CHANNELS)), xt, port.iters, phi, port.ema_gz.copy()


def _exact_gradient(port, xt, grad_out, iters, phi) -> np.ndarray:
    """∂(Σ grad_out·y)/∂x̃ of the port's forward at fixed state, by the complex step over every entry."""
    n = xt.size
    rows = xt[None, :, :] + 1j * 1e-30 * np.eye(n).reshape(n, *xt.shape)
    z, _ = port.function_forward(rows, iters, phi)
    return (np.sum((port.weight * z).imag * grad_out, axis=(1, 2)) / 1e-30).reshape(xt.shape)


def _exact_gradient_mp(port, xt, grad_out, iters, phi, digits: int = 30) -> list:
    with mpmath.workdps(digits):
        h = mpmath.mpf(10) ** (-2 * digits)
        out = []
        for k in range(xt.size):
            rows = np.array([mpmath.mpc(float(v), h if j == k else 0) for j, v in enumerate(xt.ravel())],
                            dtype=object).reshape(xt.shape)
            var = np.sum(rows * rows, axis=0, keepdims=True) / xt.shape[0]
            base = var if iters <= port.warmup_iters else np.array([mpmath.mpf(float(p)) for p in phi], dtype=object)
            z = rows / np.vectorize(mpmath.sqrt, otypes=[object])(base + mpmath.mpf(port.eps))
            total = mpmath.fsum(mpmath.mpf(float(w)) * mpmath.mpf(float(g)) * mpmath.im(v)
                                for w, g, v in zip(np.broadcast_to(port.weight, xt.shape).ravel(), grad_out.ravel(),
                                                   z.ravel()))
            out.append(total / h)
        return out


def _compare_exact(subject, ev, seed, steps_before, warmup):
    port, _, grad_out, xt, iters, phi, _ = _prepared(subject, seed, steps_before, warmup)
    exact = _exact_gradient(port, xt, grad_out, iters, phi)
    released = port.function_backward(grad_out)
    ev.show("x̃ (PowerFunction's input)", xt)
    ev.show("∂L/∂y", grad_out)
    ev.show("released", released)
    ev.show("exact (complex step)", exact)
    ev.close(released, exact, atol=GRAD_TOL * float(np.max(np.abs(exact))), what="∂L/∂x̃",
             labels=("released backward", "exact gradient"))


def _confirm_exact(warmup):
    def confirm(subject, seed, steps_before):
        port, _, grad_out, xt, iters, phi, _ = _prepared(subject, seed, steps_before, warmup)
        exact = _exact_gradient_mp(port, xt, grad_out, iters, phi)
        released = port.function_backward(grad_out).ravel()
        gap = max(abs(mpmath.mpf(float(r)) - e) for r, e in zip(released, exact))
        scale = max(abs(e) for e in exact)
        return bool(gap > 1e-6 * scale), (f"at 30 digits the largest gap between the released and the exact "
                                          f"gradient is {mpmath.nstr(gap, 6)} (largest entry {mpmath.nstr(scale, 6)})")
    return confirm


STEPS = {"seed": seeds, "steps_before": st.integers(0, 5)}
FIRST = {"seed": 0, "steps_before": 0}


@C.EXACT_WARMUP.check(given=STEPS, examples=5, regressions=[FIRST], confirm=_confirm_exact(10000),
                      precision="complex step over the port's forward; re-verified at 30 digits",
                      tolerance=f"absolute {GRAD_TOL:g} of the largest entry")
def equals_exact_gradient(subject, ev, seed, steps_before):
    r"""During warm-up (warmup_iters $= 10^4$): the released $\partial L/\partial\tilde x$ against the complex-step
    gradient of the released forward."""
    _compare_exact(subject, ev, seed, steps_before, 10000)


@C.EXACT_AFTER.check(given={"seed": seeds, "steps_before": st.integers(2, 6)}, examples=5,
                     regressions=[{"seed": 0, "steps_before": 2}], confirm=_confirm_exact(2),
                     precision="complex step over the port's forward; re-verified at 30 digits",
                     tolerance=f"absolute {GRAD_TOL:g} of the largest entry")
def equals_exact_gradient_after_warmup(subject, ev, seed, steps_before):
    r"""After warm-up (warmup_iters $= 2$): the released $\partial L/\partial\tilde x$ against the complex-step
    gradient of the released forward."""
    _compare_exact(subject, ev, seed, steps_before, 2)


@C.GAP.check(given={"seed": seeds, "steps_before": st.integers(0, 6)}, examples=8,
             regressions=[FIRST, {"seed": 1, "steps_before": 5}],
             precision="complex step over the port's forward", tolerance=f"absolute {GRAD_TOL:g} of the largest entry")
def gap_matches(subject, ev, seed, steps_before):
    r"""Released minus complex-step gradient against the stated gap, with warmup_iters $= 3$ (passes before and
    after the end of warm-up)."""
    port, _, grad_out, xt, iters, phi, ema = _prepared(subject, seed, steps_before, 3)
    exact = _exact_gradient(port, xt, grad_out, iters, phi)
    _, _, z, var, _, _ = port._cache
    G = grad_out * port.weight
    root = np.sqrt(var + port.eps)
    alpha = port.abkw
    if iters <= port.warmup_iters:
        gap = (np.mean(G * z, axis=0) - (1 - alpha) * ema) * z / root
    else:
        gap = G * (1 / root - 1 / np.sqrt(phi + port.eps)) - (1 - alpha) * ema * z / root
    released = port.function_backward(grad_out)
    ev.show("phase", "warm-up" if iters <= port.warmup_iters else "after warm-up")
    ev.show("released − exact", released - exact)
    ev.close(released - exact, gap, atol=GRAD_TOL * float(np.max(np.abs(exact)) + np.max(np.abs(released))),
             what="released − exact", labels=("released − exact", "the stated gap"))


@C.TRACKS.check(given={"seed": seeds}, examples=2, precision="float64 simulation of the port (ε = 0)",
                tolerance="absolute 1e-12·|c| per pass (40 passes of a contraction)")
def moving_average_of_mean_gz(subject, ev, seed):
    r"""The same batch and upstream gradient at every pass during warm-up with $\varepsilon = 0$ (so
    $\mathrm{mean}(z^2) = 1$): $(1 - \alpha)\,\mathrm{ema}_t$ against $c(1 - \alpha^t)$, $c = \mathrm{mean}(Gz)$."""
    rng = np.random.default_rng(seed)
    port = subject(CHANNELS, eps=0.0)
    port.weight = rng.uniform(0.5, 2.0, CHANNELS)
    x = rng.normal(size=(8, CHANNELS))
    grad_out = rng.normal(size=(8, CHANNELS))
    alpha = port.abkw
    worst = 0.0
    for t in range(1, 41):
        port.forward(x)
        z = port._cache[2]
        c = np.mean(grad_out * port.weight * z, axis=0)
        port.backward(grad_out)
        want = c * (1 - alpha**t)
        got = (1 - alpha) * port.ema_gz
        if t in (1, 5, 40):
            ev.show(f"(1 − α)·ema at pass {t}", got)
        ev.close(got, want, atol=1e-12 * float(np.max(np.abs(c))), what=f"(1 − α)·ema at pass {t}",
                 labels=("port", "c(1 − α^t)"))
        worst = max(worst, float(np.max(np.abs(got - want))))
    ev.show("c", c)


@C.TOKEN_SCALE.check(given={"seed": seeds, "spread": st.floats(0.0, 3.0)}, examples=10,
                     precision="float64 port with ε = 0", tolerance="relative 1e-12 (a few roundings per entry)")
def invariant_to_token_scales(subject, ev, seed, spread):
    r"""$y$ for $x$ and for $x$ with token $t$ scaled by $10^{u_t}$, $u_t \in [-\mathrm{spread}, \mathrm{spread}]$."""
    rng = np.random.default_rng(seed)
    port = subject(CHANNELS, eps=0.0)
    x = rng.normal(size=(TOKENS, CHANNELS))
    scales = 10.0 ** rng.uniform(-spread, spread, (TOKENS, 1))
    ev.assume(float(np.max(scales) / np.min(scales)) > 1.01)
    y = port.layer_output(x, 1, port.running_phi)
    y_scaled = port.layer_output(scales * x, 1, port.running_phi)
    ev.show("token scales", scales.ravel())
    ev.close(y_scaled, y, rtol=1e-12, atol=1e-12, what="y", labels=("y(a ⊙ x)", "y(x)"))


# -- W8 ----------------------------------------------------------------------------------------------------

RUN_TOKENS, RUN_CHANNELS = 16, 4
CHANNEL_SCALES = np.array([1.0, 0.1, 3.0, 0.01])


@functools.lru_cache(maxsize=8)
def _run(cls, steps: int, seed: int = 7):
    """The port over ``steps`` passes (warm-up for the first half) on i.i.d. Gaussian inputs (channel scales
    CHANNEL_SCALES) and upstream gradients: per pass ‖∂L/∂x‖/‖∂L/∂y‖, and per channel mean(G z), mean(z²),
    ‖G‖, ‖z‖, var, ema before the pass and ‖∂L/∂x̃‖."""
    rng = np.random.default_rng(seed)
    port = cls(RUN_CHANNELS, warmup_iters=steps // 2)
    rec = {k: [] for k in ("ratio", "c", "m", "G", "z", "var", "ema", "gxt")}
    for _ in range(steps):
        x = rng.normal(size=(RUN_TOKENS, RUN_CHANNELS)) * CHANNEL_SCALES
        grad_out = rng.normal(size=(RUN_TOKENS, RUN_CHANNELS))
        port.forward(x)
        _, _, z, var, _, _ = port._cache
        G = grad_out * port.weight
        rec["c"].append(np.mean(G * z, axis=0))
        rec["m"].append(np.mean(z * z, axis=0))
        rec["G"].append(np.linalg.norm(G, axis=0))
        rec["z"].append(np.linalg.norm(z, axis=0))
        rec["var"].append(var)
        rec["ema"].append(port.ema_gz.copy())
        gxt = port.function_backward(grad_out)
        rec["gxt"].append(np.linalg.norm(gxt, axis=0))
        gx = port.group_scaling_backward(x, gxt)
        rec["ratio"].append(float(np.linalg.norm(gx) / np.linalg.norm(grad_out)))
    return {k: np.array(v) for k, v in rec.items()}


def _steps(ev) -> int:
    return 2000 if ev.profile == "thorough" else 200


@C.BOUNDED.check(given=None, precision="float64 simulation of the port", tolerance="a factor 2 between the halves")
def bounded_over_a_run(subject, ev):
    r"""$\max\|\partial L/\partial x\|/\|\partial L/\partial y\|$ over the second half of the run (after warm-up)
    against twice its maximum over the first half."""
    steps = _steps(ev)
    ratio = _run(subject, steps)["ratio"]
    first, second = float(np.max(ratio[: steps // 2])), float(np.max(ratio[steps // 2:]))
    ev.metric("first_half", round(first, 3))
    ev.metric("second_half", round(second, 3))
    ev.metric("steps", steps)
    ev.metric("warmup", steps // 2)
    ev.show("largest ratio (first half, second half)", [first, second])
    ev.le(second, 2 * first, what="second half ≤ 2 × first half", labels=("second half", "2 × first half"))


@C.BOUND.check(given=None, precision="float64 simulation of the port",
               tolerance="relative 1e-12 on each bound (a few roundings)")
def bound_holds_during_warmup(subject, ev):
    r"""At every warm-up pass and channel of the run (where $m_t = \mathrm{var}/(\mathrm{var} + \varepsilon) \le 1$,
    checked): $|(1 - \alpha)\mathrm{ema}_t| \le \max_{s<t}|c_s|/m_{min}$ and the bound on $\|\partial L/\partial
    \tilde x_t\|$, $m_{min}$ the smallest $\mathrm{mean}(z^2)$ so far; after warm-up the largest $m_t$ is recorded."""
    steps = _steps(ev)
    full = _run(subject, steps)
    rec = {k: v[: steps // 2] for k, v in full.items()}
    alpha = 0.9
    ev.le(float(np.max(rec["m"])), 1 / (1 - alpha), what="m_t ≤ 1/(1 − α) during warm-up",
          labels=("largest m_t", "1/(1 − α)"))
    cmax = np.maximum.accumulate(np.abs(rec["c"]), axis=0)
    mmin = np.minimum.accumulate(rec["m"], axis=0)
    level = np.zeros_like(cmax)
    level[1:] = cmax[:-1] / mmin[:-1]  # the bound on |(1 − α) ema_t| uses the passes before t
    ema = (1 - alpha) * np.abs(rec["ema"])
    worst = int(np.argmax(ema - level * (1 + 1e-12)))
    ev.show("(1 − α)|ema| and its bound at the worst pass", [ema.ravel()[worst], level.ravel()[worst]])
    ev.le(float(np.max(ema - level * (1 + 1e-12))), 0.0, what="|(1 − α) ema_t| ≤ max|c|/m_min",
          labels=("largest excess of (1 − α)|ema| over its bound", "0"))
    grad_bound = (rec["G"] + rec["z"] * level) / np.sqrt(rec["var"] + 1e-5)
    ev.le(float(np.max(rec["gxt"] - grad_bound * (1 + 1e-12))), 0.0, what="‖∂L/∂x̃‖ ≤ bound",
          labels=("largest excess of ‖∂L/∂x̃‖ over its bound", "0"))
    ev.metric("smallest_m", round(float(np.min(rec["m"])), 4))
    ev.metric("largest_m_after_warmup", round(float(np.max(full["m"][steps // 2:])), 2))
