"""Checks of S5 (norm growth and ⟨w_t, p_t⟩ under heavy-ball momentum) in exact rationals on synthetic
orthogonal gradients and in float64 on the tiny LayerNorm/BatchNorm nets.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from ...fixtures.normalization import random_net
from ...theorems.scale_invariance import claims as C
from .momentum_runs import exact_momentum_run, model_momentum_run
from .strategies import _rational_beta

betas = st.floats(0.0, 0.999)


#: Heavy-ball runs in exact rationals: random gradients projected ⊥ w_t (momentum_runs).
EXACT_MOMENTUM_CASES = {"seed": st.integers(0, 2**32 - 1), "dim": st.integers(2, 4), "beta": _rational_beta(),
                        "eta": st.fractions(Fraction(1, 100), 3), "horizon": st.integers(1, 7)}


@C.MOMENTUM_NORM.check(given=EXACT_MOMENTUM_CASES,
                       examples=15, precision="exact rationals", tolerance="none: exact equality")
def exact_synthetic_orthogonal_gradients(subject, ev, seed, dim, beta, eta, horizon):
    r"""Heavy ball on random rational gradients projected $\perp w_t$: $\|w_{t+1}\|^2$ equals the formula exactly."""
    run = exact_momentum_run(seed, dim, beta, eta, horizon)
    ev.show("‖w_t‖², t = 0, 1, …", [str(x) for x in run.norms_sq])
    ev.show("‖p_t‖², t = 0, 1, …", [str(x) for x in run.update_norms_sq])
    for t in range(horizon):
        ev.close(subject(run.norms_sq[t], eta, beta, run.update_norms_sq[: t + 1]), run.norms_sq[t + 1],
                 what=f"‖w_{t + 1}‖²", context=f"β={beta}, η={eta}, dim={dim}")


@C.MOMENTUM_NORM.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                               "beta": betas, "eta": st.floats(1e-3, 1.0), "horizon": st.integers(1, 15)},
                       examples=12, tolerance="1e-10 × (sum of the terms' sizes): float64 roundoff over ≤ 15 steps")
def tiny_normalized_models(subject, ev, seed, norm, beta, eta, horizon):
    r"""Heavy ball on the tiny LayerNorm/BatchNorm nets (their own gradients): the formula tracks $\|W_t\|^2$."""
    run = model_momentum_run(seed, norm, beta, eta, horizon)
    ev.show("W_0", random_net(seed, norm=norm)[1])
    ev.show("‖W_t‖², t = 0, 1, …", list(run.norms_sq))
    ev.show("‖p_t‖², t = 0, 1, …", list(run.update_norms_sq))
    for t in range(horizon):
        P = run.update_norms_sq[: t + 1]
        scale = run.norms_sq[t] + eta**2 * sum(P) / (1 - beta)
        ev.close(subject(run.norms_sq[t], eta, beta, P), run.norms_sq[t + 1], atol=1e-10 * scale,
                 what=f"‖W_{t + 1}‖²", context=f"{norm}norm, β={beta:.4g}, η={eta:.3g}")


@C.MOMENTUM_INNER.check(given=EXACT_MOMENTUM_CASES,
                        examples=15, precision="exact rationals", tolerance="none: exact equality")
def exact_inner_product(subject, ev, seed, dim, beta, eta, horizon):
    r"""$\langle w_t, p_t \rangle$ measured in exact rationals equals the closed form, which is $\le 0$."""
    run = exact_momentum_run(seed, dim, beta, eta, horizon)
    ev.show("⟨w_t, p_t⟩, t = 0, 1, …", [str(x) for x in run.inner])
    ev.show("‖p_t‖², t = 0, 1, …", [str(x) for x in run.update_norms_sq])
    for t in range(horizon):
        claimed = subject(eta, beta, run.update_norms_sq[: t + 1])
        ev.close(claimed, run.inner[t], what=f"⟨w_{t}, p_{t}⟩", context=f"β={beta}, η={eta}")
        ev.le(claimed, 0, what="⟨w_t, p_t⟩ ≤ 0", labels=("⟨w_t, p_t⟩ (closed form)", "0"))
