"""The formulas under test: Hutchinson's estimator, the ports of the released ADAHESSIAN code, and their variants.

The ports are written from reading the release (github.com/amirgholami/adahessian at 85ebc00, and
torch_optimizer/adahessian.py of jettify/pytorch-optimizer at 19c3e41); each docstring names the file. They run on
float64 arrays and, where a check needs high precision, on object arrays of mpmath numbers (``_sqrt`` dispatches).
Hessian-vector products are taken as given arrays ``hv``: the release obtains them by double backpropagation.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, NamedTuple

import mpmath
import numpy as np
import sympy as sp

from claimkit import Formula, interval

# -- Hutchinson's estimator ---------------------------------------------------------------------------------


def hutchinson_sample(H: np.ndarray, z: np.ndarray) -> np.ndarray:
    """One Hutchinson sample of the diagonal: z ⊙ (Hz) (rows of ``z`` are probes when it is 2-D)."""
    return z * (z @ H.T)


def abs_hv_sample(H: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The release's stored estimate |Hz| (= |z ⊙ Hz| for Rademacher z), used in place of z ⊙ Hz."""
    return np.abs(z @ H.T)


def hv_only_sample(H: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Hz without the multiplication by z."""
    return z @ H.T


def squared_sample(H: np.ndarray, z: np.ndarray) -> np.ndarray:
    """(z ⊙ Hz)²: the quantity the RMS average accumulates, taken for the estimate itself."""
    return (z * (z @ H.T)) ** 2


def rademacher_vectors(d: int) -> np.ndarray:
    """All 2ᵈ vectors of ±1 (rows), as int64: the exact Rademacher expectation is their mean."""
    return np.array(list(itertools.product((-1, 1), repeat=d)), dtype=np.int64)


# -- per-coordinate variance of one probe (H2), as closed forms in one row (H_ii = a, off-diagonal b, c) ---------

_a, _b, _c = sp.symbols("a b c", real=True)
_ROW = {"a": interval(-10, 10), "b": interval(-10, 10), "c": interval(-10, 10)}
#: Var((z ⊙ Hz)_i) for Rademacher z, row (a, b, c) of a 3×3 H with a = H_ii: the off-diagonal squares.
VAR_RADEMACHER = Formula(_b**2 + _c**2, _ROW, name="rademacher_variance")
#: The same for standard Gaussian z: the off-diagonal squares plus 2H_ii².
VAR_GAUSSIAN = Formula(_b**2 + _c**2 + 2 * _a**2, _ROW, name="gaussian_variance")

# -- the second released step on a separable quadratic (H5) -------------------------------------------------------

_beta1, _beta2 = sp.symbols("beta1 beta2", real=True)
#: (x₂ − c)/(x₀ − c) after two released steps (k = 1, ε = 0, η = 1) on f = h(x − c)²/2, h > 0.
SECOND_STEP_RATIO = Formula(-_beta1 / (1 + _beta1),
                            {"beta1": interval(0, 0.99), "beta2": interval(0.5, 0.9999)}, name="second_step_ratio")

# -- the released update --------------------------------------------------------------------------------------


class ReleaseState(NamedTuple):
    """The release's per-parameter state: exp_avg (m), exp_hessian_diag_sq (s), step (t)."""

    m: Any
    s: Any
    t: int


def release_state(shape: tuple[int, ...], *, exact: bool = False) -> ReleaseState:
    """Zeros of ``shape`` (mpmath zeros in an object array when ``exact``), step 0."""
    if exact:
        return ReleaseState(np.full(shape, mpmath.mpf(0), dtype=object), np.full(shape, mpmath.mpf(0), dtype=object), 0)
    return ReleaseState(np.zeros(shape), np.zeros(shape), 0)


def _sqrt(x: Any) -> Any:
    """sqrt of a float, a float array, an mpf or an object array of mpf."""
    if isinstance(x, np.ndarray) and x.dtype == object:
        return np.array([mpmath.sqrt(v) for v in x.ravel()], dtype=object).reshape(x.shape)
    if isinstance(x, mpmath.mpf):
        return mpmath.sqrt(x)
    return np.sqrt(x) if isinstance(x, np.ndarray) else math.sqrt(x)


def released_step(p, grad, hut_trace, state: ReleaseState, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4,
                  weight_decay=0.0, hessian_power=1.0):
    """One parameter's update in ``Adahessian.step`` (image_classification/optim_adahessian.py, 85ebc00; the same
    lines in instruction/adahessian.py and torch_optimizer/adahessian.py): m ← β1 m + (1 − β1) g, s ← β2 s +
    (1 − β2) D², denom = (√s)^k / (√(1 − β2^t))^k + ε, p ← p − η(m/(1 − β1^t)/denom + λp). Returns (p, state)."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m * b1 + grad * (1 - b1)
    s = state.s * b2 + hut_trace * hut_trace * (1 - b2)
    bc1, bc2 = 1 - b1**t, 1 - b2**t
    k = hessian_power
    denom = (_sqrt(s) ** k) / _sqrt(bc2) ** k + eps
    return p - lr * (m / bc1 / denom + weight_decay * p), ReleaseState(m, s, t)


def tf_released_step(p, grad, hess, state: ReleaseState, *, lr=0.1, betas=(0.9, 0.999), eps=1e-4, weight_decay=0.0,
                     hessian_power=1.0):
    """``AdaHessian._resource_apply_dense`` of adahessian_tf/adahessian.py (85ebc00), no spatial averaging: m ← m +
    (g − m)(1 − β1), v ← v + (D² − v)(1 − β2), p ← p − η λ p, denom = (√(v/(1 − β2^t)))^k + ε, p ← p − η m/(1 −
    β1^t)/denom."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m + (grad - state.m) * (1 - b1)
    v = state.s + (hess * hess - state.s) * (1 - b2)
    bc1, bc2 = 1 - b1**t, 1 - b2**t
    if weight_decay != 0:
        p = p - lr * weight_decay * p
    denom = _sqrt(v / bc2) ** hessian_power + eps
    return p - lr * m / bc1 / denom, ReleaseState(m, v, t)


def tf_step_eps_inside_sqrt(p, grad, hess, state: ReleaseState, *, lr=0.1, betas=(0.9, 0.999), eps=1e-4,
                            weight_decay=0.0, hessian_power=1.0):
    """Variant of the TensorFlow update: ε inside the square root, (√(v/(1 − β2^t) + ε))^k."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m + (grad - state.m) * (1 - b1)
    v = state.s + (hess * hess - state.s) * (1 - b2)
    if weight_decay != 0:
        p = p - lr * weight_decay * p
    denom = _sqrt(v / (1 - b2**t) + eps) ** hessian_power
    return p - lr * m / (1 - b1**t) / denom, ReleaseState(m, v, t)


def paper_form_trajectory(p0, grads, diags, *, lr, betas, eps, weight_decay, hessian_power, dps=60):
    """The reconstructed paper update from explicit sums, at ``dps`` digits: m̂_t = (1 − β1)Σ_i β1^{t−i} g_i/(1 −
    β1^t), v_t = ((1 − β2)Σ_i β2^{t−i} D_i²/(1 − β2^t))^{1/2}, p_t = p_{t−1} − η(m̂_t/(v_t^k + ε) + λp_{t−1}).
    ``grads`` and ``diags`` are sequences of arrays (one per step); returns the list of iterates p_1, …, p_T as
    object arrays of mpf."""
    with mpmath.workdps(dps):
        b1, b2 = mpmath.mpf(betas[0]), mpmath.mpf(betas[1])
        eta, e, lam, k = (mpmath.mpf(v) for v in (lr, eps, weight_decay, hessian_power))
        p = [mpmath.mpf(v) for v in np.ravel(p0)]
        gs = [[mpmath.mpf(v) for v in np.ravel(g)] for g in grads]
        ds = [[mpmath.mpf(v) for v in np.ravel(dd)] for dd in diags]
        out = []
        for t in range(1, len(gs) + 1):
            new = []
            for j, pj in enumerate(p):
                m_hat = (1 - b1) * mpmath.fsum(b1 ** (t - i) * gs[i - 1][j] for i in range(1, t + 1)) / (1 - b1**t)
                v = mpmath.sqrt((1 - b2) * mpmath.fsum(b2 ** (t - i) * ds[i - 1][j] ** 2 for i in range(1, t + 1))
                                / (1 - b2**t))
                new.append(pj - eta * (m_hat / (v**k + e) + lam * pj))
            p = new
            out.append(np.array(p, dtype=object).reshape(np.shape(p0)))
        return out


# -- variants of the released update (mutants of the conformance claim) ------------------------------------------


def step_without_bias_correction1(p, grad, hut_trace, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4,
                                  weight_decay=0.0, hessian_power=1.0):
    """m not divided by 1 − β1^t."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m * b1 + grad * (1 - b1)
    s = state.s * b2 + hut_trace * hut_trace * (1 - b2)
    denom = (_sqrt(s) ** hessian_power) / _sqrt(1 - b2**t) ** hessian_power + eps
    return p - lr * (m / denom + weight_decay * p), ReleaseState(m, s, t)


def step_without_bias_correction2(p, grad, hut_trace, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4,
                                  weight_decay=0.0, hessian_power=1.0):
    """s not divided by 1 − β2^t."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m * b1 + grad * (1 - b1)
    s = state.s * b2 + hut_trace * hut_trace * (1 - b2)
    denom = _sqrt(s) ** hessian_power + eps
    return p - lr * (m / (1 - b1**t) / denom + weight_decay * p), ReleaseState(m, s, t)


def step_bias_correction_outside_power(p, grad, hut_trace, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4,
                                       weight_decay=0.0, hessian_power=1.0):
    """(√s)^k/√(1 − β2^t): the bias correction not raised to the power k."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m * b1 + grad * (1 - b1)
    s = state.s * b2 + hut_trace * hut_trace * (1 - b2)
    denom = _sqrt(s) ** hessian_power / _sqrt(1 - b2**t) + eps
    return p - lr * (m / (1 - b1**t) / denom + weight_decay * p), ReleaseState(m, s, t)


def step_ema_of_d(p, grad, hut_trace, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4, weight_decay=0.0,
                  hessian_power=1.0):
    """s ← β2 s + (1 − β2)|D| and denom = (s/(1 − β2^t))^k + ε: the EMA of D, not of D² (no square root)."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m * b1 + grad * (1 - b1)
    s = state.s * b2 + np.abs(hut_trace) * (1 - b2)
    denom = (s / (1 - b2**t)) ** hessian_power + eps
    return p - lr * (m / (1 - b1**t) / denom + weight_decay * p), ReleaseState(m, s, t)


def step_eps_inside_sqrt(p, grad, hut_trace, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4, weight_decay=0.0,
                         hessian_power=1.0):
    """denom = (√(s/(1 − β2^t) + ε))^k: ε inside the square root."""
    b1, b2 = betas
    t = state.t + 1
    m = state.m * b1 + grad * (1 - b1)
    s = state.s * b2 + hut_trace * hut_trace * (1 - b2)
    denom = _sqrt(s / (1 - b2**t) + eps) ** hessian_power
    return p - lr * (m / (1 - b1**t) / denom + weight_decay * p), ReleaseState(m, s, t)


def step_coupled_weight_decay(p, grad, hut_trace, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4, weight_decay=0.0,
                              hessian_power=1.0):
    """Weight decay added to the gradient (L2 through the momentum) instead of the release's −ηλp."""
    return released_step(p, grad + weight_decay * p, hut_trace, state, lr=lr, betas=betas, eps=eps,
                         weight_decay=0.0, hessian_power=hessian_power)


def step_signed_denominator(p, grad, hut_trace, state, *, lr=0.15, betas=(0.9, 0.999), eps=1e-4, weight_decay=0.0,
                            hessian_power=1.0):
    """Variant: the denominator carries the sign of the latest curvature sample (a signed diagonal Newton step)."""
    q, st = released_step(p, grad, hut_trace, state, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                          hessian_power=hessian_power)
    sign = np.where(np.asarray(hut_trace, dtype=float) < 0, -1, 1)
    return p + (q - p + lr * weight_decay * p) * sign - lr * weight_decay * p, st


def step_guarded_division(p, grad, hut_trace, state, **hyper):
    """Variant: a coordinate whose update is 0/0 takes no step (a guard the release does not have)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        q, st = released_step(p, grad, hut_trace, state, **hyper)
    return np.where(np.isnan(q), p, q), st


# -- the released Hessian-diagonal estimate (get_trace) -------------------------------------------------------------


def released_trace(hvs: list[np.ndarray]) -> list[np.ndarray]:
    """``get_trace`` of image_classification/optim_adahessian.py (85ebc00) and torch_optimizer/adahessian.py
    (19c3e41), after the Hessian-vector products: |hv| for tensors of ≤ 2 dims, the mean of |hv| over dims 2, 3
    (kept) for 4-D tensors. Other ranks assign nothing: the loop appends the previous tensor's estimate (its local
    variable ``tmp_output`` persists), or raises UnboundLocalError when no tensor came before."""
    out: list[np.ndarray] = []
    tmp_output = None
    for hv in hvs:
        if hv.ndim <= 2:
            tmp_output = np.abs(hv)
        elif hv.ndim == 4:
            tmp_output = np.mean(np.abs(hv), axis=(2, 3), keepdims=True)
        if tmp_output is None:
            raise UnboundLocalError("local variable 'tmp_output' referenced before assignment")
        out.append(tmp_output)
    return out


def instruction_trace(hvs: list[np.ndarray], block_sizes=(-1, -1, -1, -1)) -> list[np.ndarray]:
    """``get_trace`` of instruction/adahessian.py (85ebc00): with the default block sizes −1, a 1-D tensor is kept,
    a 2-D tensor averaged over each row (dim 1), a 3-D one over its last dim, a 4-D one over dims 2, 3; a block size
    b ≥ 1 averages consecutive groups of b entries of the flattened tensor; higher ranks raise."""
    out = []
    for hv in hvs:
        a = np.abs(hv)
        if a.ndim > 4:
            raise RuntimeError(f"You need to write your customized function to support this shape: {a.shape}")
        b = block_sizes[max(a.ndim, 1) - 1]
        if b == -1:
            axes = {0: None, 1: None, 2: (1,), 3: (2,), 4: (2, 3)}[a.ndim]
            out.append(a if axes is None else np.mean(a, axis=axes, keepdims=True))
        else:
            out.append(np.repeat(np.mean(a.reshape(-1, b), axis=1), b).reshape(a.shape))
    return out


def tf_trace(hess: list[np.ndarray], sizes=(None, None, -1, -1)) -> list[np.ndarray]:
    """The spatial averaging inside ``_resource_apply_dense`` of adahessian_tf/adahessian.py (85ebc00), on tensors in
    TensorFlow's layouts (a 4-D kernel is (kh, kw, in, out)): size None keeps the tensor; −1 averages a 2-D or 3-D
    tensor over dim 0 and a 4-D one over dims 0, 1; a size r ≥ 1 reshapes to (r, −1) and averages over dim 0. Its
    defaults are average_size_1d = average_size_2d = None, average_size_3d = average_size_4d = −1."""
    out = []
    for h in hess:
        a = np.abs(h)
        r = sizes[a.ndim - 1]
        if r is None:
            out.append(a)
        elif r == -1:
            axes = {1: None, 2: (0,), 3: (0,), 4: (0, 1)}[a.ndim]
            out.append(a if axes is None else np.broadcast_to(np.mean(a, axis=axes, keepdims=True), a.shape))
        else:
            out.append(np.repeat(np.mean(a.reshape(r, -1), axis=0)[None, :], r, axis=0).reshape(a.shape))
    return out


def trace_over_input_channels(hvs: list[np.ndarray]) -> list[np.ndarray]:
    """Variant: 4-D estimates averaged over the input-channel dim (1) instead of the kernel dims."""
    return [np.abs(h) if h.ndim <= 2 else np.mean(np.abs(h), axis=1, keepdims=True) for h in hvs]


def trace_rows_averaged(hvs: list[np.ndarray]) -> list[np.ndarray]:
    """Variant: the 4-D rule plus averaging of each row of a 2-D tensor."""
    return [np.mean(np.abs(h), axis=1, keepdims=True) if h.ndim == 2 else r for h, r in zip(hvs, released_trace(hvs))]


def trace_mean_before_abs(hvs: list[np.ndarray]) -> list[np.ndarray]:
    """Variant: |mean(hv)| over the kernel dims (the signed products averaged, then the magnitude)."""
    return [np.abs(h) if h.ndim <= 2 else np.abs(np.mean(h, axis=(2, 3), keepdims=True)) for h in hvs]


def trace_block_sum(hvs: list[np.ndarray]) -> list[np.ndarray]:
    """Variant: the sum of |hv| over the kernel dims instead of the mean."""
    return [np.abs(h) if h.ndim <= 2 else np.sum(np.abs(h), axis=(2, 3), keepdims=True) for h in hvs]


# -- the release run on one parameter tensor (H5, H7) ----------------------------------------------------------------


def released_run(grad_fn, hvp_fn, x0, steps, rng, *, step=released_step, **hyper):
    """The release's ``step()`` repeated on one parameter tensor: g = grad_fn(x), a Rademacher v, D = |hvp_fn(x, v)|
    (get_trace; ≤ 2 dims, so no averaging), then ``step`` (the released update unless a variant is given). Works on
    float arrays and on object arrays of mpmath numbers. Returns the iterates x_1, …, x_steps."""
    x = x0
    state = ReleaseState(x0 * 0, x0 * 0, 0)
    out = []
    for _ in range(steps):
        v = 2.0 * rng.integers(0, 2, size=np.shape(x0)) - 1
        g = grad_fn(x)
        d = np.abs(hvp_fn(x, v))
        x, state = step(x, g, d, state, **hyper)
        out.append(x)
    return out


def signed_newton_run(grad_fn, hvp_fn, x0, steps, rng, **hyper):
    """Variant: the signed Hutchinson sample v ⊙ Hv kept, its EMA of squares rooted and given the sample's sign (a
    diagonal Newton step, which goes to a saddle or a maximum where the curvature is negative)."""
    x = x0
    state = ReleaseState(x0 * 0, x0 * 0, 0)
    out = []
    for _ in range(steps):
        v = 2.0 * rng.integers(0, 2, size=np.shape(x0)) - 1
        g = grad_fn(x)
        signed = v * hvp_fn(x, v)
        x, state = step_signed_denominator(x, g, signed, state, **hyper)
        out.append(x)
    return out


def _run_with(step):
    def run(grad_fn, hvp_fn, x0, steps, rng, **hyper):
        return released_run(grad_fn, hvp_fn, x0, steps, rng, step=step, **hyper)

    run.__doc__ = f"released_run with the update {step.__name__}."
    return run


RUN_WITHOUT_BIAS_CORRECTION1 = _run_with(step_without_bias_correction1)
RUN_WITHOUT_BIAS_CORRECTION2 = _run_with(step_without_bias_correction2)
RUN_EPS_INSIDE_SQRT = _run_with(step_eps_inside_sqrt)
RUN_GUARDED_DIVISION = _run_with(step_guarded_division)


# -- the random probes of the three releases (H8) -------------------------------------------------------------------


def torch_probes(rng: np.random.Generator, shapes: list[tuple[int, ...]], steps: int) -> list[list[np.ndarray]]:
    """image_classification/optim_adahessian.py and instruction/adahessian.py: ``get_trace`` runs at every
    ``step()`` and draws ``2·randint_like(p, high=2) − 1`` per parameter tensor: one fresh Rademacher vector over
    all parameters per step."""
    return [[2.0 * rng.integers(0, 2, size=s) - 1 for s in shapes] for _ in range(steps)]


def tf_traced_probes(rng: np.random.Generator, shapes: list[tuple[int, ...]], steps: int) -> list[list[np.ndarray]]:
    """adahessian_tf: ``get_gradients_hessian`` draws v with numpy (np.random.uniform thresholded at 0.5) and
    converts it to a tensor; it is called inside the ``@tf.function`` ``step`` of cifar_training_tools.py, so the
    numpy draw runs when the function is traced, and v is a constant of the traced graph: the same vector at every
    step of the run (one trace: the training batches have one shape)."""
    v = [2.0 * (rng.uniform(0, 1, size=s) >= 0.5) - 1 for s in shapes]
    return [v for _ in range(steps)]


# -- one released step with its oracles (H8: the cost) ---------------------------------------------------------------


def released_optimizer_step(params, grad_fn, hvp_fn, rng, states, **hyper):
    """``Adahessian.step`` of optim_adahessian.py as a whole: the gradients come from one backward pass with
    create_graph (``grad_fn(params)``), one Rademacher vector is drawn over all parameter tensors, and one call of
    ``torch.autograd.grad(grads, params, grad_outputs=v)`` (``hvp_fn(params, v)``, one extra backward pass) gives every
    tensor's Hv. Returns (params, states)."""
    grads = grad_fn(params)
    v = [2.0 * rng.integers(0, 2, size=p.shape) - 1 for p in params]
    hvs = hvp_fn(params, v)
    traces = released_trace(hvs)
    out, new_states = [], []
    for p, g, d, st in zip(params, grads, traces, states):
        q, s2 = released_step(p, g, d, st, **hyper)
        out.append(q)
        new_states.append(s2)
    return out, new_states


def per_tensor_hvp_step(params, grad_fn, hvp_fn, rng, states, **hyper):
    """Variant: one Hessian-vector product per parameter tensor (the probe zero elsewhere)."""
    grads = grad_fn(params)
    v = [2.0 * rng.integers(0, 2, size=p.shape) - 1 for p in params]
    hvs = []
    for i in range(len(params)):
        masked = [vi if j == i else np.zeros_like(vi) for j, vi in enumerate(v)]
        hvs.append(hvp_fn(params, masked)[i])
    traces = released_trace(hvs)
    pairs = [released_step(p, g, d, st, **hyper) for p, g, d, st in zip(params, grads, traces, states)]
    return [q for q, _ in pairs], [s for _, s in pairs]


def two_probe_step(params, grad_fn, hvp_fn, rng, states, **hyper):
    """Variant: two probes per step, their |Hv| averaged (two extra backward passes)."""
    grads = grad_fn(params)
    acc = None
    for _ in range(2):
        v = [2.0 * rng.integers(0, 2, size=p.shape) - 1 for p in params]
        hvs = released_trace(hvp_fn(params, v))
        acc = hvs if acc is None else [a + h for a, h in zip(acc, hvs)]
    traces = [a / 2 for a in acc]
    pairs = [released_step(p, g, d, st, **hyper) for p, g, d, st in zip(params, grads, traces, states)]
    return [q for q, _ in pairs], [s for _, s in pairs]


# -- closed forms the suite states -----------------------------------------------------------------------------------


def block_denominator_limit(diag: np.ndarray) -> np.ndarray:
    """For a 4-D weight whose Hessian is diagonal (entries ``diag``, shape (o, i, kh, kw)), the release's
    denominator √ŝ_t at every step: the mean of |H_kk| over each kernel's spatial block."""
    return np.broadcast_to(np.mean(np.abs(diag), axis=(2, 3), keepdims=True), diag.shape)


def block_limit_unbiased(diag: np.ndarray) -> np.ndarray:
    """Variant: |H_jj| itself (averaging taken to be unbiased)."""
    return np.abs(diag)


def block_limit_rms(diag: np.ndarray) -> np.ndarray:
    """Variant: the root mean square of the block (averaging taken on the squares)."""
    return np.broadcast_to(np.sqrt(np.mean(diag**2, axis=(2, 3), keepdims=True)), diag.shape)


def block_limit_input_channels(diag: np.ndarray) -> np.ndarray:
    """Variant: the mean over the input channels."""
    return np.broadcast_to(np.mean(np.abs(diag), axis=1, keepdims=True), diag.shape)


def expected_abs_hv(H: np.ndarray) -> np.ndarray:
    """E|(Hv)_i| over Rademacher v, by enumerating all 2ᵈ vectors: exact Fractions for an integer H, floats
    otherwise."""
    from fractions import Fraction

    H = np.asarray(H)
    V = rademacher_vectors(H.shape[0])
    sums = np.abs(V @ H.T).sum(axis=0)
    if H.dtype.kind in "iu":
        return np.array([Fraction(int(s), len(V)) for s in sums], dtype=object)
    return sums / len(V)
