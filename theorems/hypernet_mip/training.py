"""The reproduction (M8): a hypernetwork γ ∈ [0, 1] ↦ θ, the weights of a 2-layer ReLU regressor, trained with Adam
on L_γ = MSE + γ‖θ‖² (a γ-conditioned ridge), the default parametrisation against MIP. Numpy with analytic backprop,
vectorised over the models trained side by side (seeds × parametrisations).

Default: the hypernetwork reads γ itself (padded as [γ, 0], whose second column only ever meets zeros), all its
biases start at 0, so θ(γ) is proportional to γ at initialisation. MIP: it reads E(γ) = [cos(πγ/2), sin(πγ/2)], and
its output bias θ₀ (the residual, independent of γ) starts at the primary network's own initialisation (Kaiming
normal fan-in for weights, 0 for biases), as the release's ``init_independent_weights`` does.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

D_IN, HIDDEN_PRIMARY, N_DATA = 2, 8, 32
#: θ = (W (8×2), a (8), v (8), c (1)).
N_THETA = HIDDEN_PRIMARY * D_IN + 2 * HIDDEN_PRIMARY + 1
HYPER_HIDDEN = (16, 16)
SLOPE = 0.01
GAMMA_BATCH = 8
LR = 1e-3
EVAL_GAMMAS = np.linspace(0.0, 1.0, 11)


@functools.lru_cache(maxsize=1)
def data() -> tuple[np.ndarray, np.ndarray]:
    """32 points x ∈ [−1, 1]², y = sin(2x₁) + x₂²/2 + noise 0.1 (seed 0)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1.0, 1.0, (N_DATA, D_IN))
    y = np.sin(2 * x[:, 0]) + 0.5 * x[:, 1] ** 2 + 0.1 * rng.standard_normal(N_DATA)
    return x, y


def encode_default(gamma: np.ndarray) -> np.ndarray:
    return np.stack([gamma, np.zeros_like(gamma)], axis=-1)


def encode_mip(gamma: np.ndarray) -> np.ndarray:
    return np.stack([np.cos(np.pi * gamma / 2), np.sin(np.pi * gamma / 2)], axis=-1)


def init_params(seed: int, mip: bool) -> list[np.ndarray]:
    """[W1, b1, W2, b2, W3, b3] of the hypernetwork 2-16-16-33: Kaiming normal fan-out gain √2, biases 0; for MIP
    the output bias b3 = θ₀ is the primary network's Kaiming fan-in initialisation."""
    rng = np.random.default_rng(seed)
    sizes = (2, *HYPER_HIDDEN, N_THETA)
    params: list[np.ndarray] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params += [rng.standard_normal((n_out, n_in)) * math.sqrt(2.0 / n_out), np.zeros(n_out)]
    if mip:
        theta0 = np.zeros(N_THETA)
        theta0[:HIDDEN_PRIMARY * D_IN] = rng.standard_normal(HIDDEN_PRIMARY * D_IN) * math.sqrt(2.0 / D_IN)
        v = slice(HIDDEN_PRIMARY * D_IN + HIDDEN_PRIMARY, HIDDEN_PRIMARY * D_IN + 2 * HIDDEN_PRIMARY)
        theta0[v] = rng.standard_normal(HIDDEN_PRIMARY) * math.sqrt(2.0 / HIDDEN_PRIMARY)
        params[-1] = theta0
    return params


def loss_and_grad(params: list[np.ndarray], u: np.ndarray, gamma: np.ndarray, x: np.ndarray,
                  y: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    """Mean over the γ batch of MSE + γ‖θ‖², and its gradient, for models stacked on the leading axis: each
    parameter has shape (M, …), u (M, G, 2), γ (M, G). Complex inputs are allowed (complex-step differentiation):
    the kinks are decided on real parts."""
    w1, b1, w2, b2, w3, b3 = params
    m, g = gamma.shape
    z1 = u @ w1.transpose(0, 2, 1) + b1[:, None, :]
    a1 = np.where(z1.real > 0, z1, SLOPE * z1)
    z2 = a1 @ w2.transpose(0, 2, 1) + b2[:, None, :]
    a2 = np.where(z2.real > 0, z2, SLOPE * z2)
    theta = a2 @ w3.transpose(0, 2, 1) + b3[:, None, :]
    k = HIDDEN_PRIMARY * D_IN
    wp = theta[..., :k].reshape(m, g, HIDDEN_PRIMARY, D_IN)
    ap = theta[..., k:k + HIDDEN_PRIMARY]
    vp = theta[..., k + HIDDEN_PRIMARY:k + 2 * HIDDEN_PRIMARY]
    cp = theta[..., -1]
    pre = wp @ x.T + ap[..., None]
    on = pre.real > 0
    act = np.where(on, pre, 0 * pre)
    pred = (vp[..., None, :] @ act)[..., 0, :] + cp[..., None]
    r = pred - y
    n = x.shape[0]
    ridge = (theta * theta).sum(axis=-1)
    loss = ((r * r).sum(axis=-1) / n + gamma * ridge).mean(axis=1)
    dpred = 2 * r / (n * g)
    dvp = (act @ dpred[..., None])[..., 0]
    dcp = dpred.sum(axis=-1)
    dpre = vp[..., None] * dpred[:, :, None, :] * on
    dwp = dpre @ x
    dap = dpre.sum(axis=-1)
    dtheta = np.concatenate([dwp.reshape(m, g, k), dap, dvp, dcp[..., None]], axis=-1)
    dtheta = dtheta + 2 * gamma[..., None] * theta / g
    dw3 = dtheta.transpose(0, 2, 1) @ a2
    db3 = dtheta.sum(axis=1)
    dz2 = (dtheta @ w3) * np.where(z2.real > 0, 1.0, SLOPE)
    dw2 = dz2.transpose(0, 2, 1) @ a1
    db2 = dz2.sum(axis=1)
    dz1 = (dz2 @ w2) * np.where(z1.real > 0, 1.0, SLOPE)
    dw1 = dz1.transpose(0, 2, 1) @ u
    db1 = dz1.sum(axis=1)
    return loss, [dw1, db1, dw2, db2, dw3, db3]


Encoder = Callable[[np.ndarray], np.ndarray]


@functools.lru_cache(maxsize=4)
def train(seeds: tuple[int, ...], steps: int, encoders: tuple[Encoder, ...] = (encode_default, encode_mip),
          mip_init: tuple[bool, ...] = (False, True)) -> dict[str, Any]:
    """Train one model per (parametrisation, seed) side by side with Adam (lr 1e-3, β = (0.9, 0.999), ε = 1e-8);
    each step draws a batch of 8 γ uniform in [0, 1] (the seed's own stream). Returns the training-loss curves
    (variants, seeds, steps), the final loss on the γ grid 0, 0.1, …, 1 (variants, seeds, 11) and the trained
    parameters (stacked, variants × seeds). Cached: deterministic, and the arrays are not to be modified."""
    x, y = data()
    v, s = len(encoders), len(seeds)
    inits = [init_params(seed, mip) for mip in mip_init for seed in seeds]
    params = [np.stack([p[i] for p in inits]) for i in range(6)]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    rngs = [np.random.default_rng(10_000 + seed) for seed in seeds]
    curves = np.empty((v * s, steps))
    for t in range(1, steps + 1):
        gam = np.stack([r.uniform(0.0, 1.0, GAMMA_BATCH) for r in rngs])
        gamma = np.concatenate([gam] * v)
        u = np.concatenate([enc(gam) for enc in encoders])
        loss, grads = loss_and_grad(params, u, gamma, x, y)
        curves[:, t - 1] = loss
        for p, mo, sq, gr in zip(params, moments, squares, grads):
            mo *= 0.9
            mo += 0.1 * gr
            sq *= 0.999
            sq += 0.001 * gr * gr
            p -= LR * (mo / (1 - 0.9**t)) / (np.sqrt(sq / (1 - 0.999**t)) + 1e-8)
    final = np.empty((v * s, EVAL_GAMMAS.size))
    for j, gval in enumerate(EVAL_GAMMAS):
        gam = np.full((s, 1), gval)
        u = np.concatenate([enc(gam) for enc in encoders])
        final[:, j], _ = loss_and_grad(params, u, np.concatenate([gam] * v), x, y)
    return {"curves": curves.reshape(v, s, steps), "final": final.reshape(v, s, EVAL_GAMMAS.size), "params": params}


def spread(curves: np.ndarray) -> np.ndarray:
    """The spread of the training-loss curves across seeds, per variant: the standard deviation across seeds of
    the log-loss (smoothed over windows of 50 steps), averaged over the windows."""
    v, s, steps = curves.shape
    w = 50
    windows = np.log(curves[..., : steps - steps % w]).reshape(v, s, -1, w).mean(axis=-1)
    return windows.std(axis=1, ddof=1).mean(axis=-1)


def loss_and_grad_no_ridge_gradient(params: list[np.ndarray], u: np.ndarray, gamma: np.ndarray, x: np.ndarray,
                                    y: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    """Mutant: the ridge term's gradient 2γθ left out of ∂L/∂θ."""
    _, grads = loss_and_grad(params, u, np.zeros_like(gamma), x, y)
    true_loss, _ = loss_and_grad(params, u, gamma, x, y)
    return true_loss, grads


def loss_and_grad_relu_derivative(params: list[np.ndarray], u: np.ndarray, gamma: np.ndarray, x: np.ndarray,
                                  y: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    """Mutant: the gradient computed for the ReLU hypernetwork (slope 0) while the loss is the LeakyReLU one's."""
    global SLOPE
    loss, _ = loss_and_grad(params, u, gamma, x, y)
    saved, SLOPE = SLOPE, 0.0
    try:
        _, grads = loss_and_grad(params, u, gamma, x, y)
    finally:
        SLOPE = saved
    return loss, grads


def final_losses_by_loop(params: list[np.ndarray], encoders: tuple[Encoder, ...]) -> np.ndarray:
    """The loss at each γ of the evaluation grid, model by model, written without batching: a second route to
    :func:`train`'s final losses (params stacked as (variants·seeds, …))."""
    x, y = data()
    n_models = params[0].shape[0]
    per_variant = n_models // len(encoders)
    out = np.empty((n_models, EVAL_GAMMAS.size))
    k = HIDDEN_PRIMARY * D_IN
    for mi in range(n_models):
        enc = encoders[mi // per_variant]
        w1, b1, w2, b2, w3, b3 = (p[mi] for p in params)
        for j, gval in enumerate(EVAL_GAMMAS):
            u = enc(np.array([gval]))[0]
            a = w1 @ u + b1
            a = np.maximum(a, SLOPE * a)
            a = w2 @ a + b2
            a = np.maximum(a, SLOPE * a)
            theta = w3 @ a + b3
            wp = theta[:k].reshape(HIDDEN_PRIMARY, D_IN)
            hidden = np.maximum(x @ wp.T + theta[k:k + HIDDEN_PRIMARY], 0.0)
            pred = hidden @ theta[k + HIDDEN_PRIMARY:k + 2 * HIDDEN_PRIMARY] + theta[-1]
            out[mi, j] = math.fsum((pred - y) ** 2) / x.shape[0] + gval * math.fsum(theta * theta)
    return out
