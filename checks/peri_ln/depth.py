"""Checks of R7 (peri_ln.post_ln_vanishing_gradient, peri_ln.gradient_ratio_at_initialisation) and R9
(peri_ln.variance_reproduction, peri_ln.variance_pattern_at_initialisation), with the variance figure.

R7: ρ_L = ‖J_L‖_F/√D is estimated from forward derivatives J_L v of a few random unit directions v, each by the complex
step through the blocks themselves (every row of the batch carries one direction; the blocks normalise rows
independently), and cross-checked against the library's reverse mode (⟨J_L v, w⟩ = ⟨v, J_Lᵀ w⟩). The refutation is
re-verified by re-running the first layers in extended precision (np.longdouble).
"""

from __future__ import annotations

import functools

import numpy as np

from ...theorems.peri_ln import claims_forward as CF
from ...theorems.peri_ln import claims_gradient as CG
from ...theorems.peri_ln.library import stack_input_gradient

SCALES = (0.5, 1.0, 2.0)
#: Random unit directions v whose ‖J_L v‖ estimate ρ_L (E‖J v‖² = ‖J‖_F²/D for an isotropic unit v).
PROBES = 6
STEP = 1e-30


@functools.lru_cache(maxsize=8)
def _normals(seed, dim, width, depth):
    """x_0, the unit probe directions and the unscaled Gaussian weights of one seed (drawn once, reused per scale)."""
    rng = np.random.default_rng(seed)
    x0 = rng.standard_normal(dim)
    probes = rng.standard_normal((PROBES, dim))
    layers = [(rng.standard_normal((dim, width)) / np.sqrt(dim), rng.standard_normal((width, dim)) / np.sqrt(width))
              for _ in range(depth)]
    return x0, probes / np.linalg.norm(probes, axis=1, keepdims=True), layers


def _stack(seed, dim, width, depth, scale, dtype=float):
    x0, probes, layers = _normals(seed, dim, width, depth)
    return x0, [((scale * a).astype(dtype), (scale * b).astype(dtype)) for a, b in layers], probes


def _ratios(block, seed, dim, width, depth, scale, dtype=float, layers=None):
    """ρ_l for l = 1…depth (or the first ``layers``): the root mean square of ‖J_l v‖ over the probes, by the complex
    step."""
    x0, layers_, probes = _stack(seed, dim, width, depth, scale, dtype)
    layers = layers_[:layers] if layers else layers_
    cdtype = np.clongdouble if dtype is np.longdouble else complex
    x = (x0[None, :] + 1j * STEP * probes).astype(cdtype)
    out = []
    for w1, w2 in layers:
        x = block(x, w1, w2)
        out.append(float(np.sqrt(np.mean(np.sum((x.imag / STEP) ** 2, axis=1)))))
    return np.array(out)


def _config(profile):
    """(D, width, L, seeds): D = 128, width D, L = 64 always; 1 seed in ci, 6 in thorough."""
    return 128, 128, 64, (1 if profile == "ci" else 6)


@functools.lru_cache(maxsize=64)
def _geometric_mean(block, scale, profile):
    dim, width, depth, n = _config(profile)
    logs = np.array([np.log(_ratios(block, seed, dim, width, depth, scale)) for seed in range(n)])
    return np.exp(logs.mean(axis=0)), np.exp(logs.min(axis=0))


_NAMES = {0.5: "half", 1.0: "one", 2.0: "two"}


def _confirm_vanishing(subject) -> tuple[bool, str]:
    """Post-LN at s = 0.5, seed 0: the first 8 layers in long double agree with float64 to 1e-10; the float64 ρ_64
    (the geometric mean over the seeds) is then re-read against the criterion."""
    dim, width, depth, _ = _config("ci")
    short = _ratios(subject["post"], 0, dim, width, depth, 0.5)[:8]
    long = _ratios(subject["post"], 0, dim, width, depth, 0.5, np.longdouble, layers=8)
    gap = float(np.max(np.abs(short - long) / long))
    rho = float(_geometric_mean(subject["post"], 0.5, "ci")[0][-1])
    return bool(gap < 1e-10 and rho >= 0.5), (f"ρ_1…ρ_8 in float64 and long double agree to {gap:.2g}; ρ_64 = "
                                              f"{rho:.4g} ≥ 1/2 at s = 0.5")


@CG.VANISHING.check(precision="float64 complex step; the first layers re-run in long double",
                    tolerance="the threshold 1/2 (no rounding question: ρ is far from it)",
                    confirm=_confirm_vanishing)
def ratio_by_depth(subject, ev):
    r"""$\rho_L$ for $L = 1, \ldots, 64$ per placement and scale; Pre-LN and Peri-LN must keep $\rho_L \ge 1/2$,
    Post-LN must reach $\rho_{64} < 1/2$ at every scale."""
    rows = []
    for s in SCALES:
        for placement in ("post", "pre", "peri"):
            mean, _ = _geometric_mean(subject[placement], s, ev.profile)
            rate = float(np.polyfit(np.arange(1, mean.size + 1), np.log(mean), 1)[0])
            rows.append({"s": s, "placement": placement, "ρ_1": mean[0], "ρ_8": mean[7], "ρ_32": mean[31],
                         "ρ_64": mean[-1], "log-rate per layer": rate})
            if placement == "post":
                ev.metric(f"post_{_NAMES[s]}", float(mean[-1]))
                ev.metric(f"post_rate_{_NAMES[s]}", rate)
    ev.table("ρ_L (geometric mean over seeds)", rows)
    for s in SCALES:
        for placement in ("pre", "peri"):
            ev.le(0.5, float(np.min(_geometric_mean(subject[placement], s, ev.profile)[0])),
                  what=f"{placement} bounded below at s={s}", labels=("1/2", f"min ρ_L ({placement})"))
    for s in SCALES:
        ev.le(float(_geometric_mean(subject["post"], s, ev.profile)[0][-1]), 0.5, what=f"Post-LN vanishing at s={s}",
              labels=("ρ_64 (Post-LN)", "1/2"))


@CG.RATIO_PATTERN.check(precision="float64 complex step, cross-checked with reverse mode",
                        tolerance="ρ thresholds 1/2, 4 and 1; Peri-LN across scales relative 1e-9; reverse mode "
                                  "relative 1e-9")
def ratio_pattern(subject, ev):
    r"""Post-LN at $s \le 1$: $1/2 \le \rho_L \le 4$; Pre-LN, Peri-LN: $\rho_L \ge 1$; Peri-LN's $\rho_L$ equal across
    scales; and at $L = 64$ the complex-step $\langle J v, w\rangle$ equals the library's
    $\langle v, J^\top w\rangle$."""
    ev.metric("pre_one", float(_geometric_mean(subject["pre"], 1.0, ev.profile)[0][-1]))
    ev.metric("peri_one", float(_geometric_mean(subject["peri"], 1.0, ev.profile)[0][-1]))
    for s in (0.5, 1.0):
        post = _geometric_mean(subject["post"], s, ev.profile)[0]
        ev.le(0.5, float(np.min(post)), what=f"Post-LN ρ_L ≥ 1/2 at s={s}", labels=("1/2", "min ρ_L"))
        ev.le(float(np.max(post)), 4.0, what=f"Post-LN ρ_L ≤ 4 at s={s}", labels=("max ρ_L", "4"))
    for s in SCALES:
        for placement in ("pre", "peri"):
            ev.le(1.0, float(np.min(_geometric_mean(subject[placement], s, ev.profile)[0])),
                  what=f"{placement} ρ_L ≥ 1 at s={s}", labels=("1", "min ρ_L"))
    peri = [_geometric_mean(subject["peri"], s, ev.profile)[0] for s in SCALES]
    ev.close(peri[0], peri[2], rtol=1e-9, what="Peri-LN ρ_L across scales", labels=("s = 0.5", "s = 2"))
    dim, width, depth, _ = _config(ev.profile)
    x0, layers, probes = _stack(0, dim, width, depth, 1.0)
    w = np.random.default_rng(1).standard_normal(dim)
    for placement in ("post", "pre", "peri"):
        x = x0[None, :] + 1j * STEP * probes[:1]
        for w1, w2 in layers:
            x = subject[placement](x, w1, w2)
        forward = float((x.imag[0] / STEP) @ w)
        backward = float(probes[0] @ stack_input_gradient(x0, layers, w, placement=placement))
        ev.close(forward, backward, rtol=1e-9, what=f"{placement}: forward and reverse mode",
                 labels=("⟨J v, w⟩ (complex step)", "⟨v, Jᵀw⟩ (library)"))


# -- R9 ---------------------------------------------------------------------------------------------------------

R9_DIM, R9_WIDTH, R9_DEPTH, R9_ROWS = 64, 128, 48, 8


@functools.lru_cache(maxsize=32)
def _mean_square(block, scale, dtype=float):
    """‖x_l‖²/D averaged over the rows, l = 0…L (seed 0)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((R9_ROWS, R9_DIM)).astype(dtype)
    out = [float(np.mean(x * x))]
    for _ in range(R9_DEPTH):
        w1 = (scale * rng.standard_normal((R9_DIM, R9_WIDTH)) / np.sqrt(R9_DIM)).astype(dtype)
        w2 = (scale * rng.standard_normal((R9_WIDTH, R9_DIM)) / np.sqrt(R9_WIDTH)).astype(dtype)
        x = block(x, w1, w2)
        out.append(float(np.mean(x * x)))
    return np.array(out)


def _confirm_ordering(subject) -> tuple[bool, str]:
    """s = 0.5 in long double: Pre-LN's final variance below Peri-LN's."""
    pre = _mean_square(subject["pre"], 0.5, np.longdouble)[-1]
    peri = _mean_square(subject["peri"], 0.5, np.longdouble)[-1]
    return bool(pre < peri), f"in long double at s = 0.5: Var_Pre(x_48) = {pre:.6g}, Var_Peri(x_48) = {peri:.6g}"


@CF.REPRODUCTION.check(precision="float64; re-verified in long double", tolerance="none: an ordering",
                       confirm=_confirm_ordering)
def ordering_at_every_scale(subject, ev):
    r"""At every $s$, $\mathrm{Var}_{Post}(x_{48}) \le \mathrm{Var}_{Peri}(x_{48}) \le \mathrm{Var}_{Pre}(x_{48})$."""
    final = {(p, s): float(_mean_square(subject[p], s)[-1]) for p in ("post", "pre", "peri") for s in SCALES}
    ev.table("Var(x_48)", [{"s": s, **{p: final[(p, s)] for p in ("post", "peri", "pre")}} for s in SCALES])
    ev.metric("pre_at_half", final[("pre", 0.5)])
    ev.metric("peri_at_half", final[("peri", 0.5)])
    for s in SCALES:
        ev.le(final[("post", s)], final[("peri", s)], what=f"Post ≤ Peri at s={s}", labels=("Var_Post", "Var_Peri"))
        ev.le(final[("peri", s)], final[("pre", s)], what=f"Peri ≤ Pre at s={s}", labels=("Var_Peri", "Var_Pre"))


def _slope(curve):
    return float(np.polyfit(np.arange(curve.size), curve, 1)[0])


@CF.PATTERN.check(precision="float64", tolerance="Post-LN: relative 1e-12; Peri-LN across scales: 1e-9; slopes: "
                  "Peri-LN within 25% of 1, Pre-LN within a factor 2 of s⁴/2")
def pattern_per_placement(subject, ev):
    r"""Post-LN: $\|x_l\|^2/D = 1$ at every layer; Peri-LN: the same curve for every $s$, slope within 25% of
    $\gamma^2 = 1$; Pre-LN: slope within a factor 2 of $s^4/2$."""
    curves = {(p, s): _mean_square(subject[p], s) for p in ("post", "pre", "peri") for s in SCALES}
    peri_slope = _slope(curves[("peri", 1.0)])
    ev.metric("peri_slope", peri_slope)
    for s in SCALES:
        ev.metric(f"pre_slope_{_NAMES[s]}", _slope(curves[("pre", s)]))
    ev.table("‖x_l‖²/D at l = 0, 12, 24, 36, 48", [
        {"placement": p, "s": s, **{f"l = {k}": float(curves[(p, s)][k]) for k in (0, 12, 24, 36, 48)}}
        for p in ("post", "peri", "pre") for s in SCALES])
    if ev.wants_figures and ev.profile == "thorough":  # matplotlib costs about a second: drawn in the thorough run
        ev.figure("variance_per_layer", _figure(curves), r"Mean square $\|x_l\|^2/D$ per layer at initialisation "
                  r"($D = 64$, width 128, 8 rows): Post-LN is pinned at 1, Peri-LN's curve (the same for every $s$) "
                  r"grows by about $\gamma^2 = 1$ per layer, Pre-LN's by about $s^4/2$.")
    for s in SCALES:
        ev.close(curves[("post", s)][1:], np.ones(R9_DEPTH), rtol=1e-12, what=f"Post-LN at s={s}",
                 labels=("‖x_l‖²/D", "γ² = 1"))
        ev.close(curves[("peri", s)], curves[("peri", 1.0)], rtol=1e-9, what=f"Peri-LN at s={s}",
                 labels=(f"s = {s}", "s = 1"))
        pre = _slope(curves[("pre", s)])
        ev.le(0.5 * s**4 / 2, pre, what=f"Pre-LN slope at s={s} (low)", labels=("s⁴/4", "slope"))
        ev.le(pre, 2 * s**4 / 2, what=f"Pre-LN slope at s={s} (high)", labels=("slope", "s⁴"))
    ev.le(abs(peri_slope - 1.0), 0.25, what="Peri-LN slope", labels=("|slope − 1|", "0.25"))


def _figure(curves):
    from claimkit.figures import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    styles = {"post": "-", "pre": "--", "peri": ":"}
    for (p, s), curve in curves.items():
        ax.semilogy(np.arange(curve.size), curve, styles[p], color={0.5: "C0", 1.0: "C1", 2.0: "C2"}[s],
                    label=f"{p}-LN, s = {s}")
    ax.set_xlabel("layer l")
    ax.set_ylabel(r"$\|x_l\|^2/D$")
    ax.legend(fontsize=6, ncol=3)
    fig.tight_layout()
    return fig
