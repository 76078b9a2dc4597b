"""Checks of M8: the analytic backprop against central differences and the complex step of a plainly written loss,
and the reproduction (default against MIP), its final losses re-computed by a per-model loop."""

from __future__ import annotations

import statistics

import numpy as np
from hypothesis import strategies as st

from ...theorems.hypernet_mip import training as T
from ...theorems.hypernet_mip.claims_training import BACKPROP, REPRODUCTION
from .strategies import seeds


def plain_loss(params: list[np.ndarray], u: np.ndarray, gamma: np.ndarray) -> complex:
    """The loss of one model (params without the leading axis), written γ by γ; complex-capable (the kinks are
    decided on real parts)."""
    x, y = T.data()
    w1, b1, w2, b2, w3, b3 = params
    k, hp = T.HIDDEN_PRIMARY * T.D_IN, T.HIDDEN_PRIMARY
    total = 0
    for ug, g in zip(u, gamma):
        a = w1 @ ug + b1
        a = np.where(a.real > 0, a, T.SLOPE * a)
        a = w2 @ a + b2
        a = np.where(a.real > 0, a, T.SLOPE * a)
        theta = w3 @ a + b3
        pre = x @ theta[:k].reshape(hp, T.D_IN).T + theta[k:k + hp]
        hidden = np.where(pre.real > 0, pre, 0 * pre)
        r = hidden @ theta[k + hp:k + 2 * hp] + theta[-1] - y
        total = total + np.sum(r * r) / x.shape[0] + g * np.sum(theta * theta)
    return total / len(gamma)


def _case(seed: int, mip: bool):
    rng = np.random.default_rng(seed)
    params = [p + 0.3 * rng.standard_normal(p.shape) for p in T.init_params(seed, mip)]
    gamma = rng.uniform(0.0, 1.0, 3)
    u = T.encode_mip(gamma) if mip else T.encode_default(gamma)
    direction = [rng.standard_normal(p.shape) for p in params]
    return params, u, gamma, direction


def _directional(subject, params, u, gamma, direction) -> float:
    _, grads = subject([p[None] for p in params], u[None], gamma[None], *T.data())
    return float(sum(np.sum(g[0] * v) for g, v in zip(grads, direction)))


def activation_pattern(params: list[np.ndarray], u: np.ndarray) -> np.ndarray:
    """The signs of every pre-activation (hypernetwork and primary network) for one model: where the loss is a
    polynomial in the parameters."""
    x, _ = T.data()
    w1, b1, w2, b2, w3, b3 = params
    k, hp = T.HIDDEN_PRIMARY * T.D_IN, T.HIDDEN_PRIMARY
    signs = []
    for ug in u:
        z1 = w1 @ ug + b1
        z2 = w2 @ np.where(z1 > 0, z1, T.SLOPE * z1) + b2
        theta = w3 @ np.where(z2 > 0, z2, T.SLOPE * z2) + b3
        pre = x @ theta[:k].reshape(hp, T.D_IN).T + theta[k:k + hp]
        signs += [z1 > 0, z2 > 0, np.ravel(pre > 0)]
    return np.concatenate(signs)


# Richardson-extrapolated central differences, steps H and H/2, on a segment where no pre-activation changes sign
# (examples where the pattern differs at ±H are rejected: the loss is then a polynomial on the segment). The
# truncation is O(H⁴·|L⁽⁵⁾|) ≈ 1e-16·1e4, the roundoff about 3ε·|L|/H ≈ 1e-10 for |L| ≤ 20: CD_RTOL and CD_ATOL leave
# 100× headroom; the mutants are off by the ridge gradient or the negative-side slope, above 1e-4 relative.
H = 1e-4
CD_RTOL = 1e-7
CD_ATOL = 1e-8


@BACKPROP.check(given={"seed": seeds, "mip": st.booleans()}, examples=8, min_valid=4,
                precision="Richardson-extrapolated central differences (steps H and H/2) of a plainly written loss",
                tolerance=f"relative {CD_RTOL:g}, absolute {CD_ATOL:g} on the directional derivative (CD_RTOL, "
                          f"CD_ATOL); examples where a pre-activation changes sign within ±H are rejected")
def central_differences(subject, ev, seed, mip):
    """The gradient along a random direction equals extrapolated central differences of the loss."""
    params, u, gamma, direction = _case(seed, mip)

    def moved(t: float) -> list[np.ndarray]:
        return [p + t * v for p, v in zip(params, direction)]

    base = activation_pattern(params, u)
    ev.assume(bool(np.array_equal(activation_pattern(moved(H), u), base)
                   and np.array_equal(activation_pattern(moved(-H), u), base)))

    def loss_at(t: float) -> float:
        return float(plain_loss(moved(t), u, gamma).real)

    d1 = (loss_at(H) - loss_at(-H)) / (2 * H)
    d2 = (loss_at(H / 2) - loss_at(-H / 2)) / H
    truth = (4 * d2 - d1) / 3
    got = _directional(subject, params, u, gamma, direction)
    ev.show("directional derivative by differences", truth)
    ev.close(got, truth, rtol=CD_RTOL, atol=CD_ATOL, what="∇L·v", labels=("analytic ∇L·v", "central differences"))


# The complex step Im L(p + ihv)/h with h = 1e-30 has no cancellation: error ≈ ε·|∇L·v| per operation; 1e-12
# relative leaves headroom for the few hundred operations of the loss.
CS_RTOL = 1e-12


@BACKPROP.check(given={"seed": seeds, "mip": st.booleans()}, examples=8,
                precision="complex step, h = 1e-30, of a plainly written loss",
                tolerance=f"relative {CS_RTOL:g} (CS_RTOL)")
def complex_step(subject, ev, seed, mip):
    """The gradient along a random direction equals the complex-step derivative of the loss."""
    params, u, gamma, direction = _case(seed, mip)
    h = 1e-30
    truth = float(plain_loss([p + 1j * h * v for p, v in zip(params, direction)], u, gamma).imag / h)
    got = _directional(subject, params, u, gamma, direction)
    ev.show("directional derivative by the complex step", truth)
    ev.close(got, truth, rtol=CS_RTOL, atol=1e-14, what="∇L·v", labels=("analytic ∇L·v", "complex step"))


SEEDS = (0, 1, 2, 3, 4)
VARIANTS = ((T.encode_default, T.encode_mip, T.encode_mip), (False, True, False))


def _steps(profile: str) -> int:
    return 2000 if profile == "thorough" else 200


#: The number of steps of the run being checked (the confirmation re-verifies that run, in either profile).
_RUN = {"steps": _steps("ci")}


def _spread_plain(curves: np.ndarray) -> float:
    """The spread again, window by window with the standard library: the mean over windows of the sample standard
    deviation across seeds of the window's mean log-loss."""
    n_windows = curves.shape[-1] // 50
    stds = []
    for j in range(n_windows):
        means = [float(np.mean(np.log(c[50 * j:50 * (j + 1)]))) for c in curves]
        stds.append(statistics.stdev(means))
    return statistics.fmean(stds)


def _confirm_runs(subject) -> tuple[bool, str]:
    """Re-verify with the final losses recomputed model by model (training.final_losses_by_loop) and the spread
    recomputed window by window."""
    out = subject(SEEDS, _RUN["steps"], *VARIANTS)
    final = T.final_losses_by_loop(out["params"], VARIANTS[0]).reshape(3, len(SEEDS), -1).mean(axis=(1, 2))
    spreads = [_spread_plain(out["curves"][v]) for v in range(2)]
    fails = final[1] >= final[0] or spreads[1] >= spreads[0]
    return bool(fails), (f"recomputed: final loss default {final[0]:.6f}, MIP {final[1]:.6f}; spread default "
                         f"{spreads[0]:.4f}, MIP {spreads[1]:.4f}")


@REPRODUCTION.check(given=None, precision="float64 numpy training; final losses re-computed by a per-model loop",
                    tolerance="strict comparisons (deterministic seeds)", confirm=_confirm_runs)
def compare_runs(subject, ev):
    """Train default, MIP and the encoding alone on seeds 0 to 4; compare the spread of the training-loss curves and
    the final loss averaged over γ."""
    steps = _steps(ev.profile)
    _RUN["steps"] = steps
    out = subject(SEEDS, steps, *VARIANTS)
    curves, final = out["curves"], out["final"]
    spread = T.spread(curves)
    mean_final = final.mean(axis=(1, 2))
    ev.metric("spread", f"{spread[0]:.4f}, {spread[1]:.4f}")
    ev.metric("final", f"{mean_final[0]:.4f}, {mean_final[1]:.4f}")
    ev.metric("encoding_only_spread", f"{spread[2]:.4f}")
    ev.metric("encoding_only_final", f"{mean_final[2]:.4f}")
    ev.metric("initial", f"{curves[0, :, 0].mean():.3f}, {curves[1, :, 0].mean():.3f}")
    ev.table("final loss by seed", [{"seed": s, "default": float(final[0, i].mean()), "MIP": float(final[1, i].mean()),
                                     "encoding only": float(final[2, i].mean())} for i, s in enumerate(SEEDS)])
    if ev.wants_figures and ev.profile == "thorough":
        from claimkit.figures import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.6, 3.3))
        t = np.arange(1, steps + 1)
        for v, (name, color) in enumerate((("default", "C0"), ("MIP", "C3"), ("encoding only", "C2"))):
            ax.fill_between(t, curves[v].min(axis=0), curves[v].max(axis=0), color=color, alpha=0.2, lw=0)
            ax.plot(t, np.median(curves[v], axis=0), color=color, lw=1.0, label=name)
        ax.set_yscale("log")
        ax.set_xlabel("Adam step")
        ax.set_ylabel("training loss (batch of 8 γ)")
        ax.legend(fontsize=7)
        ev.figure("loss_curves", fig, "Training loss per step: median over seeds 0 to 4 and the range (band), for "
                                      "the default parametrisation, MIP and the cos|sin encoding alone.")
    ev.lt(float(spread[1]), float(spread[0]), what="spread across seeds", labels=("MIP", "default"))
    ev.lt(float(mean_final[1]), float(mean_final[0]), what="final loss averaged over γ", labels=("MIP", "default"))
