"""Checks of S3 and S5 (the norm laws of gradient descent and heavy-ball momentum on scale-invariant weights) for an
optimizer run as a package implements it: ``torch.optim.SGD`` on the tiny LayerNorm and BatchNorm nets with their
own gradients. The update is read from the step, ``p_t = (w_t − w_{t+1})/η``; the law (the base claims' formulas,
proved there) predicts ``‖w_{t+1}‖²`` from ``‖w_t‖²`` and the update norms.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...fixtures.normalization import random_net
from ...theorems.conformance import claims_torch as T
from ...theorems.scale_invariance.formulas import gd_next_norm_sq, momentum_next_norm_sq

#: float64 roundoff of the run and of the recovered updates (‖p_t‖ from a difference of iterates of size ‖w‖):
#: a few ulps of ‖w‖² per step over ≤ 15 steps; 1e-10 of the terms' size leaves 10⁴× headroom, and every mutant
#: (weight decay, Nesterov, a wrong momentum) is off by O(η²‖p‖²) or more.
LAW_TOL = 1e-10


def _run(subject, ev, seed, norm, eta, horizon, momentum):
    net, W = random_net(seed, norm=norm)
    traj = subject(net.grad, W, horizon, lr=eta, momentum=momentum)
    norms = [float(np.sum(w * w)) for w in traj]
    updates = [float(np.sum(((a - b) / eta) ** 2)) for a, b in zip(traj, traj[1:])]
    ev.show("W_0", W)
    ev.show("‖W_t‖², t = 0, 1, …", norms)
    ev.show("‖p_t‖² = ‖(W_t − W_t+1)/η‖², t = 0, 1, …", updates)
    return norms, updates


@T.SGD_MOMENTUM.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                             "beta": st.floats(0.0, 0.99), "eta": st.floats(1e-3, 1.0), "horizon": st.integers(2, 15)},
                      examples=12, tolerance=f"{LAW_TOL:g} × (the terms' size) (LAW_TOL)")
def package_follows_momentum_law(subject, ev, seed, norm, beta, eta, horizon):
    r"""The package's heavy-ball run on a tiny LayerNorm/BatchNorm net: at every step
    $\|w_{t+1}\|^2 = \|w_t\|^2 + \eta^2\|p_t\|^2 + 2\eta^2\sum_{k<t}\beta^{t-k}\|p_k\|^2$ with $p_t$ read from the
    package's steps."""
    norms, P = _run(subject, ev, seed, norm, eta, horizon, beta)
    for t in range(horizon):
        scale = norms[t] + eta**2 * sum(P[: t + 1]) / (1 - beta)
        ev.close(momentum_next_norm_sq(norms[t], eta, beta, P[: t + 1]), norms[t + 1], atol=LAW_TOL * scale,
                 what=f"‖W_{t + 1}‖²", context=f"{norm}norm, β={beta:.4g}, η={eta:.3g}",
                 labels=("the law from ‖W_t‖² and the package's updates", "the package's ‖W_t+1‖²"))


@T.SGD_GD.check(given={"seed": st.integers(0, 2**32 - 1), "norm": st.sampled_from(("layer", "batch")),
                       "eta": st.floats(1e-3, 2.0), "horizon": st.integers(1, 8)},
                examples=12, tolerance=f"{LAW_TOL:g} × (the terms' size) (LAW_TOL)")
def package_follows_gd_law(subject, ev, seed, norm, eta, horizon):
    r"""The package's gradient descent (momentum 0) on a tiny LayerNorm/BatchNorm net: at every step
    $\|w_{t+1}\|^2 = \|w_t\|^2 + \eta^2\|\nabla f(w_t)\|^2$, the gradient evaluated here at the package's iterate."""
    net, W = random_net(seed, norm=norm)
    traj = subject(net.grad, W, horizon, lr=eta, momentum=0.0)
    ev.show("W_0", W)
    ev.show("‖W_t‖², t = 0, 1, …", [float(np.sum(w * w)) for w in traj])
    for t in range(horizon):
        n, g2 = float(np.sum(traj[t] ** 2)), float(np.sum(net.grad(traj[t]) ** 2))
        ev.close(gd_next_norm_sq(n, eta, g2), float(np.sum(traj[t + 1] ** 2)), atol=LAW_TOL * (n + eta**2 * g2),
                 what=f"‖W_{t + 1}‖²", context=f"{norm}norm, η={eta:.3g}",
                 labels=("‖W_t‖² + η²‖∇f(W_t)‖²", "the package's ‖W_t+1‖²"))
