"""The synthetic setting of the release and a small softmax regression, in numpy (P6, P7).

The release (github.com/licong-lin/negative-preference-optimization, commit 1207bbe), ported from reading
``synthetic/finetune.py``, ``synthetic/dist.py``, ``synthetic/mymodel.py`` and ``synthetic/unlearn.py``:

* K = 2 classes, inputs in ℝ^16, N = 128 ReLU random features z = ReLU(W x), W = randn(N, d)/√d, fixed;
  the logits are (z·a, 0) with a ∈ ℝ^N (``RFModel``, ``add_constant=False``);
* retain set: n_r = 1000 inputs x ~ N(−1, I), class 0 with probability σ(1 + Σ_j(x_j + 1)/√d); forget set:
  n_f = 200 inputs x ~ N(+1, I), class 1 with probability σ(1 + Σ_j(x_j − 1)/√d) (``MyDist`` with α = 1);
* the fine-tuned model (the reference): a fitted by cross-entropy on retain ∪ forget. The release runs 20000
  gradient steps of size 0.05 from a = 0 and asserts a gradient norm below 1e-2; here Newton's method goes to
  the minimiser those steps approximate (gradient norm below 1e-10);
* unlearning: 2000 plain gradient steps of size 5e-4 on the forget set, GA minimising mean log p_y, NPO
  (``non_paired_dpo``, β = 1) minimising −(2/β) mean log σ(β(log p_ref − log p)).

The random numbers come from numpy's generator (seeded 1000, 2000, …, 5000 like the release's seed list),
not torch's: the data are of the released distribution, not the released draws.

The softmax regression of P6: d = 5 inputs, K = 3 classes, a forget set of 20 points with random labels,
logits x·W from a random reference W₀.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from scipy.special import expit, log_expit

D, N_FEATURES, N_RETAIN, N_FORGET = 16, 128, 1000, 200
RELEASED_LR, RELEASED_STEPS, RELEASED_BETA = 5e-4, 2000, 1.0
SEEDS = (1000, 2000, 3000, 4000, 5000)


def single_thread(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``fn`` with BLAS limited to one thread: these matrices are small, and on a busy machine the thread
    hand-offs of a multi-threaded BLAS cost far more than the arithmetic."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return fn(*args, **kwargs)
    return wrapper


class Synthetic(NamedTuple):
    """Forget-set features, the sign s_i (+1 for class 0, −1 for class 1: log p_y = log σ(s_i z_i·a)) and the
    fine-tuned a."""

    features: np.ndarray  # (n_f, N)
    signs: np.ndarray  # (n_f,)
    a_ref: np.ndarray  # (N,)
    newton_gradient_norm: float


def _draw(rng: np.random.Generator, n: int, shift: float, favoured: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=(n, D)) + shift
    score = 1.0 + (x - shift).sum(axis=1) / np.sqrt(D)
    y = np.where(rng.random(n) < expit(score), favoured, 1 - favoured)
    return x, y


@functools.lru_cache(maxsize=8)
@single_thread
def synthetic(seed: int) -> Synthetic:
    """The released data distribution and the fine-tuned random-feature model for one seed."""
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(N_FEATURES, D)) / np.sqrt(D)
    xr, yr = _draw(rng, N_RETAIN, -1.0, 0)
    xf, yf = _draw(rng, N_FORGET, +1.0, 1)
    z = np.maximum(np.vstack([xr, xf]) @ W.T, 0.0)
    s = np.where(np.concatenate([yr, yf]) == 0, 1.0, -1.0)
    a = np.zeros(N_FEATURES)
    grad_norm = np.inf
    for _ in range(50):  # Newton on the mean cross-entropy of retain ∪ forget
        m = s * (z @ a)
        grad = -(z.T @ (s * expit(-m))) / len(s)
        grad_norm = float(np.linalg.norm(grad))
        if grad_norm < 1e-10:
            break
        hess = (z.T * (expit(m) * expit(-m))) @ z / len(s)
        a = a - np.linalg.solve(hess, grad)
    zf = np.maximum(xf @ W.T, 0.0)
    return Synthetic(zf, np.where(yf == 0, 1.0, -1.0), a, grad_norm)


@single_thread
def unlearn(data: Synthetic, weights, lr: float, steps: int, beta: float, record: tuple[int, ...]):
    """GA and NPO side by side from the fine-tuned a: descent on mean_i w_i log p_i, with w_i from ``weights``
    (a pair of functions (log p, log p_ref, β) → w). Returns {step: (forget NLL of GA, of NPO, ‖a − a_ref‖ of
    GA, of NPO)} at the recorded steps."""
    z, s = data.features, data.signs
    lref = log_expit(s * (z @ data.a_ref))
    A = np.stack([data.a_ref, data.a_ref], axis=1)
    wanted, out = set(record), {}
    for t in range(steps + 1):
        m = s[:, None] * (z @ A)
        lp = log_expit(m)
        if t in wanted:
            out[t] = (*(-lp.mean(axis=0)), *np.linalg.norm(A - data.a_ref[:, None], axis=0))
        if t == steps:
            break
        w = np.stack([weights.ga(lp[:, 0], lref, beta), weights.npo(lp[:, 1], lref, beta)], axis=1)
        A = A - lr * (z.T @ (w * s[:, None] * expit(-m))) / len(s)
    return out


class SoftmaxForgetSet(NamedTuple):
    x: np.ndarray  # (n, d)
    y: np.ndarray  # (n,)
    w_ref: np.ndarray  # (d, K)


@functools.lru_cache(maxsize=8)
def softmax_forget_set(seed: int, n: int = 20, d: int = 5, k: int = 3) -> SoftmaxForgetSet:
    rng = np.random.default_rng(seed)
    return SoftmaxForgetSet(rng.normal(size=(n, d)), rng.integers(0, k, n), rng.normal(size=(d, k)))


@single_thread
def softmax_unlearn(sets: tuple[SoftmaxForgetSet, ...], weights, lr: float, steps: int, beta: float,
                    record: tuple[int, ...]):
    """GA and NPO on the linear softmax model, all forget sets at once: {step: [(‖W − W₀‖ of GA, of NPO) per
    set]} at the recorded steps."""
    x = np.stack([s.x for s in sets])  # (S, n, d)
    y = np.stack([s.y for s in sets])  # (S, n)
    w0 = np.stack([s.w_ref for s in sets])  # (S, d, K)
    k = w0.shape[2]
    onehot = np.eye(k)[y]  # (S, n, K)

    def log_probs(W):  # W: (S, d, K)
        zz = np.einsum("snd,sdk->snk", x, W)
        zz = zz - zz.max(axis=2, keepdims=True)
        return zz - np.log(np.exp(zz).sum(axis=2, keepdims=True))

    lref = np.take_along_axis(log_probs(w0), y[..., None], axis=2)[..., 0]
    W = np.stack([w0, w0])  # (2, S, d, K): GA, NPO
    wanted, out = set(record), {}
    for t in range(1, steps + 1):
        for j, fn in enumerate((weights.ga, weights.npo)):
            L = log_probs(W[j])
            lp = np.take_along_axis(L, y[..., None], axis=2)[..., 0]
            w = fn(lp, lref, beta)
            W[j] = W[j] - lr * np.einsum("snd,snk->sdk", x, (onehot - np.exp(L)) * w[..., None]) / y.shape[1]
        if t in wanted:
            out[t] = [tuple(float(np.linalg.norm(W[j, i] - w0[i])) for j in range(2)) for i in range(len(sets))]
    return out


@functools.lru_cache(maxsize=2)
@single_thread
def npo_flow_norms(seed: int, times: tuple[float, ...], beta: float = RELEASED_BETA):
    """NPO's gradient flow a' = −∇L(a) on the random-feature model, by LSODA (scipy's odeint, analytic
    Jacobian, rtol 1e-7): {time: (‖a − a_ref‖, forget samples still more likely than not under their label)}."""
    from scipy.integrate import odeint

    data = synthetic(seed)
    z, s, a0 = data.features, data.signs, data.a_ref
    zt = np.ascontiguousarray(z.T)
    n = len(s)
    lref = log_expit(s * (z @ a0))

    def rhs(a, _t):
        m = s * (z @ a)
        return -(zt @ (2 * expit(beta * (log_expit(m) - lref)) * s * expit(-m))) / n

    def jac(a, _t):
        m = s * (z @ a)
        sw = expit(beta * (log_expit(m) - lref))
        q = expit(-m)
        slope = 2 * beta * sw * (1 - sw) * q * q - 2 * sw * q * (1 - q)  # d(W q)/dm
        return -(zt * slope) @ z / n

    path = odeint(rhs, a0, (0.0, *times), Dfun=jac, rtol=1e-7, atol=1e-9, mxstep=200_000)
    return {t: (float(np.linalg.norm(a - a0)), int(np.sum(s * (z @ a) > 0))) for t, a in zip(times, path[1:])}
