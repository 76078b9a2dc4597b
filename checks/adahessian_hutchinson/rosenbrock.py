"""The reproduction of torch_optimizer's Rosenbrock figure (H9): a port of examples/viz_optimizers.py
(jettify/pytorch-optimizer, 19c3e41) driving the port of torch_optimizer.Adahessian, vectorised over learning
rates and probe seeds, against Adam (torch.optim.Adam's update: betas (0.9, 0.999), eps 1e-8) tuned the same way.

What viz_optimizers.py does and the port keeps: x₀ = (−2, 2); each iteration the gradient is clipped to norm 1
(clip_grad_norm_, coefficient 1/(‖g‖ + 10⁻⁶) when below 1) before the step, while Adahessian's Hessian-vector product
comes from the autograd graph, unclipped; the rate is tuned on the squared distance to (1, 1) after 100 iterations,
then 500 iterations are run. The port replaces hyperopt's 200 TPE draws by a log grid, float32 by float64, and one
run per rate by the median over probe seeds. The README's rates are read from its figures' titles (8.30949 for
Adahessian, 0.284098 for Adam).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ...theorems.adahessian_hutchinson import claims_release as R

README_RATES = {"adahessian": 8.30949, "adam": 0.284098}
RADIUS = 0.5


def _grad(P):
    x, y = P[..., 0], P[..., 1]
    return np.stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], -1)


def _hvp(P, V):
    x, y = P[..., 0], P[..., 1]
    a, b = 2 - 400 * (y - x * x) + 800 * x * x, -400 * x
    return np.stack([a * V[..., 0] + b * V[..., 1], b * V[..., 0] + 200 * V[..., 1]], -1)


def rosenbrock(P):
    x, y = P[..., 0], P[..., 1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _clip(G, norm):
    if norm is None:
        return G
    n = np.linalg.norm(G, axis=-1, keepdims=True)
    c = norm / (n + 1e-6)
    return np.where(c < 1, G * c, G)


def run(optimizer: str, lrs, seeds: int, iters: int, config=None, *, seed: int = 0) -> np.ndarray:
    """Trajectories (iters + 1, rates, seeds, 2) of the optimizer from (−2, 2), one column per probe seed."""
    lr = np.asarray(lrs, dtype=float)[:, None, None]
    P = np.broadcast_to(np.array([-2.0, 2.0]), (lr.shape[0], seeds, 2)).copy()
    m, s = np.zeros_like(P), np.zeros_like(P)
    rng = np.random.default_rng(seed)
    out = [P.copy()]
    clip = config.clip if config is not None else 1.0
    b1, b2 = config.betas if config is not None else (0.9, 0.999)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, iters + 1):
            g = _clip(_grad(P), clip)
            m = b1 * m + (1 - b1) * g
            bc1, bc2 = 1 - b1**t, 1 - b2**t
            if optimizer == "adahessian":
                V = 2.0 * rng.integers(0, 2, size=P.shape) - 1
                D = np.abs(_hvp(P, V))
                s = b2 * s + (1 - b2) * D * D
                k = config.hessian_power
                P = P - lr * (m / bc1 / ((np.sqrt(s) ** k) / math.sqrt(bc2) ** k + config.eps))
            else:
                s = b2 * s + (1 - b2) * g * g
                P = P - (lr / bc1) * m / (np.sqrt(s) / math.sqrt(bc2) + 1e-8)
            out.append(P.copy())
    return np.array(out)


@functools.lru_cache(maxsize=2)
def _grid_run(config, seeds: int, iters: int) -> np.ndarray:
    """Adahessian over the 46-rate grid (probe seed 3), cached: the tuning budget does not change the runs."""
    return run("adahessian", np.exp(np.linspace(config.grid[0], config.grid[1], 46)), seeds, iters, config, seed=3)


@functools.lru_cache(maxsize=1)
def _adam_readme() -> np.ndarray:
    """Adam's 500 iterations at the README's rate (deterministic: no probes)."""
    return run("adam", [README_RATES["adam"]], 1, 500)[:, 0, 0]


@R.ROSENBROCK.check(precision="float64 ports; the median over probe seeds",
                    tolerance=f"none: the criterion is the radius {RADIUS} of the statement")
def readme_rates(subject, ev):
    r"""At the README's rates, Adahessian's 500-iteration runs end at a median distance below $0.5$ from $(1, 1)$ over
    8 probe seeds (16 thorough), and Adam's run too; momentum SGD ($k = 0$) with the same clipping and rate is run for
    comparison. The figure of the trajectories is drawn in the thorough profile."""
    thorough = ev.profile == "thorough"
    seeds = 16 if thorough else 8
    traj = run("adahessian", [README_RATES["adahessian"]], seeds, subject.iters, subject, seed=2)[:, 0]
    with np.errstate(invalid="ignore"):
        dist = np.linalg.norm(traj[-1] - 1, axis=-1)
    dist = np.where(np.isfinite(dist), dist, np.inf)
    adam = _adam_readme()
    sgd = run("adahessian", [README_RATES["adahessian"]], 1, subject.iters, subject._replace(hessian_power=0.0))
    ev.metric("adahessian_median_distance", float(np.median(dist)))
    ev.metric("adahessian_median_loss", float(np.median(rosenbrock(traj[-1]))))
    ev.metric("adam_distance", float(np.linalg.norm(adam[-1] - 1)))
    ev.metric("adam_loss", float(rosenbrock(adam[-1])))
    ev.metric("momentum_sgd_distance", float(np.linalg.norm(sgd[-1, 0, 0] - 1)))
    ev.show("final distances per probe seed", dist)
    ev.le(float(np.median(dist)), RADIUS, what="Adahessian's median final distance to (1, 1)",
          labels=("median ‖x_500 − (1, 1)‖", "0.5"))
    ev.le(float(np.linalg.norm(adam[-1] - 1)), RADIUS, what="Adam's final distance to (1, 1)",
          labels=("‖x_500 − (1, 1)‖ (Adam)", "0.5"))
    if ev.wants_figures and thorough:  # matplotlib's import alone exceeds the ci budget of the family
        from claimkit.figures import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.5, 4.2))
        X, Y = np.meshgrid(np.linspace(-2, 2, 120), np.linspace(-1, 3, 120))
        ax.contour(X, Y, rosenbrock(np.stack([X, Y], -1)), levels=np.logspace(-1, 3.5, 12), linewidths=0.5,
                   cmap="Greys")
        ax.plot(traj[:, 0, 0], traj[:, 0, 1], lw=0.7, color="C3", label="Adahessian, lr 8.31 (one probe seed)")
        ax.plot(adam[:, 0], adam[:, 1], lw=0.7, color="C0", label="Adam, lr 0.284")
        ax.plot([1], [1], "k*", ms=9, label="minimum (1, 1)")
        ax.set_xlim(-2, 2)
        ax.set_ylim(-1, 3)
        ax.legend(fontsize=7, loc="upper right")
        ev.figure("trajectories", fig, "500 iterations from (−2, 2) at the README's rates: the port's counterpart of "
                                       "the README figures.")


@R.ROSENBROCK_TUNING.check(precision="float64 ports; medians over 8 probe seeds (16 thorough)",
                           tolerance="none: the factors 5 and 20 of the statement")
def tuning_horizon(subject, ev):
    r"""On the grid, the rate minimising the median tuning objective is at least 5 times the rate minimising the
    median distance after 500 iterations, and its 500-iteration distance at least 20 times the best."""
    seeds = 16 if ev.profile == "thorough" else 8
    rates = np.exp(np.linspace(subject.grid[0], subject.grid[1], 46))
    traj = _grid_run(subject._replace(tune_iters=0), seeds, max(subject.iters, subject.tune_iters))
    with np.errstate(invalid="ignore", over="ignore"):
        objective = np.median(np.sum((traj[subject.tune_iters] - 1) ** 2, axis=-1), axis=1)
        final = np.median(np.linalg.norm(traj[subject.iters] - 1, axis=-1), axis=1)
    objective = np.where(np.isfinite(objective), objective, np.inf)
    final = np.where(np.isfinite(final), final, np.inf)
    i, j = int(np.argmin(objective)), int(np.argmin(final))
    ev.metric("tuned_rate", float(rates[i]))
    ev.metric("best_rate", float(rates[j]))
    ev.metric("tuned_distance", float(final[i]))
    ev.metric("best_distance", float(final[j]))
    ev.table("grid", [{"rate": round(float(r), 4), "tuning objective": float(o), "distance after 500": float(f)}
                      for r, o, f in zip(rates[::3], objective[::3], final[::3])])
    ev.le(5 * float(rates[j]), float(rates[i]), what="chosen rate against the best 500-iteration rate",
          labels=("5 × best 500-iteration rate", "chosen rate"))
    ev.le(20 * float(final[j]), float(final[i]), what="distance at the chosen rate against the best",
          labels=("20 × best distance", "distance at the chosen rate"))
