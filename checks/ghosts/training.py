"""Checks of the empirical statements (abstract; §6 phase-transition sweep; §6, Table 1, learning-rate spike).

A numpy MLP on scikit-learn's digits (``mlp``): one-step loss ratios over r = τ/ρ_a, and training
under a learning-rate spike with plain Adam, gradient clipping and the controller of Prop 5.2.
"""

from __future__ import annotations

import math

import numpy as np

from claimkit.figures import pyplot

from ...theorems.ghosts import claims as C
from .figures import plain_log_axis

# -- empirical: the r sweep ------------------------------------------------------------------------------


def _sweep_failures(threshold_r: float, criterion: float) -> tuple[list[dict], dict[tuple[int, str], float]]:
    """(failures below threshold_r, onset r per (seed, direction)) over the sweep, loss ratio ≥ criterion."""
    from .mlp import R_GRID, SEEDS, sweep

    fails, onsets = [], {}
    for seed in SEEDS:
        out = sweep(seed)
        for name, curve in out["curves"].items():
            bad = curve >= criterion
            onsets[seed, name] = float(R_GRID[np.argmax(bad)]) if bad.any() else math.inf
            for r, ratio in zip(R_GRID[bad], curve[bad]):
                if r < threshold_r:
                    fails.append({"seed": seed, "direction": name, "r": float(r), "loss ratio": float(ratio)})
    return fails, onsets


def _sweep_check(subject, ev):
    threshold_r, criterion = subject
    fails, by_direction = _sweep_failures(threshold_r, criterion)
    onsets = list(by_direction.values())
    med = float(np.median(onsets))
    random = [r for (_, name), r in by_direction.items() if name != "descent"]
    descent = [r for (_, name), r in by_direction.items() if name == "descent"]
    failing = [r for r in onsets if r < threshold_r]
    ev.metric("criterion", criterion)
    ev.metric("median_onset_r", med)
    ev.metric("smallest_onset_r", float(min(onsets)))
    ev.metric("largest_onset_r", float(max(onsets)))
    ev.metric("failing_steps_below_threshold", len(fails))
    ev.metric("random_directions", len(random))
    ev.metric("random_failing", sum(r < threshold_r for r in random))
    ev.metric("descent_onset_min", float(min(descent)))
    ev.metric("descent_onset_max", float(max(descent)))
    if failing:
        ev.metric("failing_onset_min", float(min(failing)))
        ev.metric("failing_onset_max", float(max(failing)))
    ev.table("onset r per direction", [{"seed": seed, "direction": name, "onset r": r}
                                       for (seed, name), r in by_direction.items()])
    ev.table("failures below the threshold (first 10)", fails[:10])
    if ev.wants_figures:
        ev.figure("loss_ratio_vs_r", _sweep_figure(), "One-step loss ratio vs r = τ/ρ_a on the test split (3 seeds; "
                  "red: descent, blue: random directions), with the failure lines at loss ratios 1.1 and 2 and the "
                  f"line r = 1; this claim's criterion is a loss ratio ≥ {criterion:g}.")
    ev.that(not fails, f"{len(fails)} steps with r < {threshold_r} reach loss ratio ≥ {criterion}; first: "
            f"{fails[0] if fails else None}", claimed=0, observed=len(fails),
            labels=("failing steps below the threshold, by the claim", "failing steps measured"))
    ev.le(threshold_r, med, what="median onset ≥ threshold", labels=("threshold r", "median onset r"))
    ev.le(med, 3 * threshold_r, what="median onset ≤ 3 × threshold (collapse appears once r ≥ threshold)",
          labels=("median onset r", "3 × threshold r"))


def _sweep_figure():
    """The sweep's loss-ratio curves over r with both failure lines (1.1 and 2) and r = 1."""
    from .mlp import R_GRID, SEEDS, sweep

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.8, 3.6))
    for seed in SEEDS:
        for name, curve in sweep(seed)["curves"].items():
            colour = "C3" if name == "descent" else "C0"
            ax.plot(R_GRID, curve, color=colour, alpha=0.8 if name == "descent" else 0.35,
                    label=("descent" if name == "descent" else "random")
                    if seed == 0 and name in ("descent", "random0") else None)
    ax.axvline(1.0, color="k", ls=":", label="r = 1")
    for c, ls in ((1.1, "--"), (2.0, "-.")):
        ax.axhline(c, color="grey", ls=ls, label=f"loss ratio {c}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    plain_log_axis(ax.xaxis)
    plain_log_axis(ax.yaxis)
    ax.set_ylim(0.3, 1e2)
    ax.set_xlabel("r = τ/ρ_a")
    ax.set_ylabel("L(θ + τv)/L(θ) (test split)")
    ax.legend(fontsize=7)
    return fig


def _confirm_sweep(subject):
    """Recompute the first failing step's loss ratio in extended precision (np.longdouble)."""
    from .mlp import digits_split, grad, spread_along, train_adam

    threshold_r, criterion = subject
    fails, _ = _sweep_failures(threshold_r, criterion)
    if not fails:
        return False, "no failing step below the threshold to re-verify"
    f = fails[0]
    theta = train_adam(f["seed"])
    _, _, Xte, yte = digits_split()
    _, g = grad(theta, Xte, yte)
    if f["direction"] == "descent":
        v = -g / np.linalg.norm(g)
    else:
        rng = np.random.default_rng(f["seed"] + 2000)
        k = int(f["direction"][len("random"):])
        for _ in range(k + 1):
            v = rng.normal(size=theta.size)
        v = v / np.linalg.norm(v)
    rho = math.pi / spread_along(theta, Xte, v)

    def ld_loss(th):
        from .mlp import _unflat

        W1, b1, W2, b2 = (np.asarray(a, dtype=np.longdouble) for a in _unflat(th.astype(np.longdouble)))
        X = Xte.astype(np.longdouble)
        z = np.tanh(X @ W1.T + b1) @ W2.T + b2
        m = z.max(axis=1, keepdims=True)
        return np.mean(m[:, 0] + np.log(np.exp(z - m).sum(axis=1)) - z[np.arange(len(yte)), yte])

    th = theta.astype(np.longdouble)
    ratio = ld_loss(th + np.longdouble(f["r"] * rho) * v.astype(np.longdouble)) / ld_loss(th)
    return bool(ratio >= criterion), (f"in extended precision the step r = {f['r']:.4g} along {f['direction']} "
                                      f"(seed {f['seed']}) has loss ratio {float(ratio):.6g} ≥ {criterion}")


@C.EMPIRICAL_R1.check(given=None, confirm=_confirm_sweep, precision="float64; failure re-verified in long double",
                      tolerance="none: the criterion is a threshold on the loss ratio")
def no_step_below_one_fails(subject, ev):
    r"""Over 3 seeds $\times$ (descent + 4 random directions) $\times$ the $r$ grid: no step with $r < 1$ has loss
    ratio $\ge 1.1$."""
    _sweep_check(subject, ev)


@C.EMPIRICAL_R1_RATIO2.check(given=None, confirm=_confirm_sweep,
                             precision="float64; failure re-verified in long double",
                             tolerance="none: the criterion is a threshold on the loss ratio")
def no_step_below_one_doubles_the_loss(subject, ev):
    r"""Over 3 seeds $\times$ (descent + 4 random directions) $\times$ the $r$ grid: no step with $r < 1$ doubles the
    loss; median onset in $[1, 3]$."""
    _sweep_check(subject, ev)


# -- empirical: the learning-rate spike ------------------------------------------------------------------


def _spike_figure():
    from .mlp import SEEDS, SPIKE, spike_run

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.8, 3.4))
    for method, colour in (("plain", "C3"), ("clip", "C1"), ("controller", "C2")):
        curves = np.array([[a for _, a in spike_run(s, method)["acc"]] for s in SEEDS])
        steps = [t for t, _ in spike_run(SEEDS[0], method)["acc"]]
        ax.plot(steps, np.median(curves, axis=0), color=colour, label=f"{method} (median of {len(SEEDS)} seeds)")
    ax.axvline(SPIKE["at"], color="k", ls=":", label=f"lr ×{SPIKE['factor']:g}")
    ax.set_xlabel("step")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7)
    return fig


@C.EMPIRICAL_SPIKE.check(given=None, precision="float64", tolerance="margins of 10 and 20 accuracy points",
                         false_alarm_rate=None, power="kills 'clip survives' and 'plain survives'")
def survives_spike_where_clipping_collapses(subject, ev):
    r"""Median final test accuracy after a $\times 1000$ spike: the method $\ge$ 90% and $\ge$ 20 points above the
    others."""
    from .mlp import SEEDS, spike_run

    med = {m: float(np.median([spike_run(s, m)["final_acc"] for s in SEEDS])) for m in ("plain", "clip", "controller")}
    rows = [{"method": m, "median final accuracy": med[m],
             "median final loss": float(np.median([spike_run(s, m)["final_loss"] for s in SEEDS]))} for m in med]
    ev.table("final test accuracy (median over seeds)", rows)
    for m in med:
        ev.metric(f"{m}_accuracy", med[m])
    ev.metric("controller_largest_r_after_spike", max(spike_run(s, "controller")["r_max"] for s in SEEDS))
    if ev.wants_figures:
        ev.figure("accuracy_under_spike", _spike_figure(), "test accuracy under a ×1000 learning-rate spike at step 50")
    ev.le(0.9, med[subject], what=f"median final accuracy of {subject}", labels=("90%", f"{subject}'s accuracy"))
    for other in med:
        if other != subject:
            ev.le(med[other] + 0.2, med[subject], what=f"{subject} beats {other} by 20 points",
                  labels=(f"{other}'s accuracy + 20 points", f"{subject}'s accuracy"))

