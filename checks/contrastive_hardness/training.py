"""The C7 protocol: a linear encoder R^20 → R^8 with L2 normalisation, trained by the in-batch contrastive loss on
a synthetic clustered data set, then measured (uniformity and tolerance) on held-out samples. The backward pass is
written out by hand (numpy) and checked against central differences in the reproduction's own check."""

from __future__ import annotations

import functools

import numpy as np

from ...theorems.contrastive_hardness.library import tolerance, uniformity

CLASSES, DIM, OUT, PER_CLASS, HELD_OUT = 10, 20, 8, 50, 20
WITHIN, VIEW_NOISE, BATCH, LR = 0.5, 0.3, 128, 1e-2
TAUS = (0.05, 0.1, 0.2, 0.5, 1.0)


def data(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Class centres N(0, I) in R^20; samples centre + 0.5·N(0, I): 50 per class to train, 20 held out."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(CLASSES, DIM))
    labels = np.repeat(np.arange(CLASSES), PER_CLASS)
    train = centres[labels] + WITHIN * rng.normal(size=(labels.size, DIM))
    held_labels = np.repeat(np.arange(CLASSES), HELD_OUT)
    held = centres[held_labels] + WITHIN * rng.normal(size=(held_labels.size, DIM))
    return train, labels, held, held_labels


def loss_and_grad(W: np.ndarray, xa: np.ndarray, xb: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
    """Mean over anchors a of −log softmax_b(u_aᵀv_b/τ) at b = a (in-batch negatives), and its gradient in W."""
    za, zb = xa @ W, xb @ W
    na, nb = np.linalg.norm(za, axis=1, keepdims=True), np.linalg.norm(zb, axis=1, keepdims=True)
    ua, ub = za / na, zb / nb
    logits = ua @ ub.T / tau
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    n = xa.shape[0]
    loss = -float(np.mean(np.log(p[np.arange(n), np.arange(n)])))
    dlogits = (p - np.eye(n)) / (n * tau)
    dua, dub = dlogits @ ub, dlogits.T @ ua
    dza = (dua - ua * np.sum(dua * ua, axis=1, keepdims=True)) / na
    dzb = (dub - ub * np.sum(dub * ub, axis=1, keepdims=True)) / nb
    return loss, xa.T @ dza + xb.T @ dzb


def train(seed: int, tau: float, steps: int) -> np.ndarray:
    """Adam (β = 0.9, 0.999, lr 1e-2) from W ~ N(0, 1/20) for ``steps`` steps of batch 128."""
    train_x, _, _, _ = data(seed)
    rng = np.random.default_rng(seed + 1)
    W = rng.normal(size=(DIM, OUT)) / np.sqrt(DIM)
    m, v = np.zeros_like(W), np.zeros_like(W)
    noise = VIEW_NOISE * rng.standard_normal((steps, 2, BATCH, DIM))
    for t in range(1, steps + 1):
        x = train_x[rng.permutation(train_x.shape[0])[:BATCH]]
        xa, xb = x + noise[t - 1, 0], x + noise[t - 1, 1]
        _, g = loss_and_grad(W, xa, xb, tau)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        W -= LR * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return W


@functools.lru_cache(maxsize=64)
def measure(seed: int, tau: float, steps: int) -> tuple[float, float]:
    """(L_unif, tolerance) of the trained encoder on the held-out samples."""
    W = train(seed, tau, steps)
    _, _, held, held_labels = data(seed)
    z = held @ W
    return uniformity(z), tolerance(z, held_labels)
