"""The formulas and algorithms under test, written as the statements give them, and their mutants.

* the layers: Weight Standardization per output channel (:func:`ws_forward`, population or unbiased σ, ε added
  outside σ as both releases do), BatchNorm (:func:`bn_forward`, ε inside the square root) and PowerNorm with
  batch statistics (:func:`pn_forward`), along the last axis; they run on float, complex (for complex-step
  derivatives) and object arrays of mpmath numbers (high-precision re-verification);
* the gradient-norm identities W1–W3 as the statements write them (subjects of the identity claims) and their
  mutants;
* the closed forms of the Jacobians' operator norms (W4), of the worst error of the ε-free identity (W9) and of
  the release's ``ema_gz`` recursion (W7), as :class:`claimkit.Formula` objects;
* :class:`ReleasePowerNorm`, a numpy port of ``MaskPowerNorm`` (``GroupScaling1D`` and ``PowerFunction``) of
  github.com/sIncerass/powernorm at commit 9ea6226, ``fairseq/modules/norms/mask_powernorm.py``, written from
  reading it, and its plausible slips (the mutants of the release claims);
* ports of the two Weight Standardization layers of github.com/joe-siyuan-qiao/WeightStandardization at d81e50d,
  ``README.md``: PyTorch ``std`` (divisor I − 1) and TensorFlow ``K.std`` (divisor I), each + 1e-5 outside.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import mpmath
import numpy as np
import sympy as sp

from claimkit import Formula, integers, interval

# -- generic arithmetic (float, complex, mpmath objects) ---------------------------------------------------


def _sqrt(a: Any) -> Any:
    arr = np.asarray(a)
    if arr.dtype == object:
        return np.vectorize(mpmath.sqrt, otypes=[object])(arr)
    return np.sqrt(arr)


def _mean(a: Any) -> Any:
    return np.sum(a, axis=-1, keepdims=True) / a.shape[-1]


# -- the layers ------------------------------------------------------------------------------------------


def ws_forward(w: Any, ddof: int = 0, eps: float = 0.0) -> Any:
    """Ŵ = (W − mean W)/(σ + ε) along the last axis (one output channel per row); σ with divisor I − ddof."""
    d = w - _mean(w)
    return d / (_sqrt(np.sum(d * d, axis=-1, keepdims=True) / (w.shape[-1] - ddof)) + eps)


def bn_forward(x: Any, eps: float = 0.0) -> Any:
    """x̂ = (x − μ_B)/√(σ_B² + ε) along the last axis (the batch of one feature), population σ_B."""
    d = x - _mean(x)
    return d / _sqrt(_mean(d * d) + eps)


def bn_unbiased_forward(x: Any) -> Any:
    """A mutant layer: BatchNorm with the unbiased variance (divisor B − 1)."""
    d = x - _mean(x)
    return d / _sqrt(np.sum(d * d, axis=-1, keepdims=True) / (x.shape[-1] - 1))


def pn_forward(x: Any, eps: float = 0.0) -> Any:
    """x̂ = x/√(ψ² + ε), ψ² = mean(x²) along the last axis (PowerNorm with the batch statistic)."""
    return x / _sqrt(_mean(x * x) + eps)


def pn_sigma_forward(x: Any) -> Any:
    """A mutant layer: PowerNorm dividing by σ_B instead of ψ (no centring)."""
    d = x - _mean(x)
    return x / _sqrt(_mean(d * d))


# -- Jacobians by other routes (the ground truth of the checks) ---------------------------------------------

CS_STEP = 1e-30


def complex_step_jacobian(f: Any, x: np.ndarray, step: float = CS_STEP) -> np.ndarray:
    """Jᵀ with Jᵀ[j, i] = ∂f_i/∂x_j, by the complex step (one complex row per direction; exact to rounding)."""
    n = x.shape[-1]
    rows = x[None, :] + 1j * step * np.eye(n)
    return np.asarray(f(rows)).imag / step


def central_jacobian(f: Any, x: np.ndarray, step: float) -> np.ndarray:
    """Jᵀ by central differences with step ``step`` (all directions at once)."""
    n = x.shape[-1]
    e = step * np.eye(n)
    return (np.asarray(f(x[None, :] + e)) - np.asarray(f(x[None, :] - e))) / (2 * step)


def mp_jacobian(f: Any, x: Any, digits: int = 50) -> mpmath.matrix:
    """Jᵀ at ``digits`` digits: the complex step with step 10^−(2·digits) in mpmath arithmetic (the inputs taken as
    exact decimals of the floats)."""
    n = len(x)
    with mpmath.workdps(digits):
        h = mpmath.mpf(10) ** (-2 * digits)
        base = [mpmath.mpf(float(v)) if not isinstance(v, mpmath.mpf) else v for v in x]
        out = mpmath.matrix(n, n)
        for j in range(n):
            row = np.array([mpmath.mpc(v, h if k == j else 0) for k, v in enumerate(base)], dtype=object)
            fx = f(row)
            for i in range(n):
                out[j, i] = mpmath.im(fx[i]) / h
        return out


def mp_vjp_norm_sq(f: Any, x: Any, g: Any, digits: int = 50) -> mpmath.mpf:
    """‖Jᵀg‖² at ``digits`` digits."""
    jt = mp_jacobian(f, x, digits)
    with mpmath.workdps(digits):
        gm = mpmath.matrix([mpmath.mpf(float(v)) for v in g])
        v = jt * gm
        return mpmath.fsum(v[i] ** 2 for i in range(len(x)))


# -- W1, W2: the Weight Standardization identity ------------------------------------------------------------


def _ws_parts(w: np.ndarray, ddof: int) -> tuple[np.ndarray, float]:
    d = w - w.mean()
    sigma = float(np.sqrt(np.sum(d * d) / (w.size - ddof)))
    return d / sigma, sigma


def _ws_rhs(w: np.ndarray, g: np.ndarray, ddof: int, divisor: float, with_mean: bool = True) -> float:
    what, sigma = _ws_parts(w, ddof)
    mean_term = g.sum() ** 2 / w.size if with_mean else 0.0
    return float((g @ g - mean_term - (what @ g) ** 2 / divisor) / sigma**2)


def ws_identity(w: np.ndarray, g: np.ndarray, ddof: int = 0) -> float:
    """W1 as written: ‖∂L/∂W_c‖² = (‖g‖² − ⟨1, g⟩²/I − ⟨Ŵ, g⟩²/I)/σ², with σ and Ŵ those of the layer (divisor
    I − ddof)."""
    return _ws_rhs(w, g, ddof, w.size)


def ws_identity_corrected(w: np.ndarray, g: np.ndarray, ddof: int = 0) -> float:
    """W2 corrected: ‖∂L/∂W_c‖² = (‖g‖² − ⟨1, g⟩²/I − ⟨Ŵ, g⟩²/(I − ddof))/σ²: the last term divided by ‖Ŵ‖²."""
    return _ws_rhs(w, g, ddof, w.size - ddof)


def ws_identity_no_mean(w: np.ndarray, g: np.ndarray, ddof: int = 0) -> float:
    """Mutant: the ⟨1, g⟩² term dropped (weight normalisation: only the radial part removed)."""
    return _ws_rhs(w, g, ddof, w.size - ddof, with_mean=False)


def ws_identity_minus_one(w: np.ndarray, g: np.ndarray, ddof: int = 0) -> float:
    """Mutant: the last term divided by I − 1 whatever the layer's divisor."""
    return _ws_rhs(w, g, ddof, w.size - 1)


def ws_bound(w: np.ndarray, g: np.ndarray) -> float:
    """W1's consequence: ‖∂L/∂W_c‖ ≤ ‖g_c‖/σ_c."""
    return float(np.linalg.norm(g) / _ws_parts(w, 0)[1])


def ws_bound_tight(w: np.ndarray, g: np.ndarray) -> float:
    """Mutant: ‖g‖√(1 − 2/I)/σ, a bound as if the projection always removed two average coordinates."""
    return ws_bound(w, g) * float(np.sqrt(1 - 2 / w.size))


def ws_bound_times_sigma(w: np.ndarray, g: np.ndarray) -> float:
    """Mutant: ‖g‖σ (σ multiplying instead of dividing)."""
    return float(np.linalg.norm(g) * _ws_parts(w, 0)[1])


# -- W3: BatchNorm and PowerNorm identities -----------------------------------------------------------------


def bn_identity(x: np.ndarray, g: np.ndarray, gamma: float) -> float:
    """W3, BN: ‖∂L/∂x‖² = (γ²/σ_B²)(‖g‖² − ⟨1, g⟩²/B − ⟨x̂, g⟩²/B), population σ_B."""
    n = x.size
    d = x - x.mean()
    var = float(d @ d / n)
    xh = d / np.sqrt(var)
    return float(gamma**2 / var * (g @ g - g.sum() ** 2 / n - (xh @ g) ** 2 / n))


def bn_identity_unbiased(x: np.ndarray, g: np.ndarray, gamma: float) -> float:
    """Mutant: σ_B² with the divisor B − 1 (in the scale and in x̂)."""
    n = x.size
    d = x - x.mean()
    var = float(d @ d / (n - 1))
    xh = d / np.sqrt(var)
    return float(gamma**2 / var * (g @ g - g.sum() ** 2 / n - (xh @ g) ** 2 / n))


def pn_identity(x: np.ndarray, g: np.ndarray, gamma: float) -> float:
    """W3, PN: ‖∂L/∂x‖² = (γ²/ψ²)(‖g‖² − ⟨x̂, g⟩²/B), ψ² = mean(x²), x̂ = x/ψ."""
    n = x.size
    psi2 = float(x @ x / n)
    xh = x / np.sqrt(psi2)
    return float(gamma**2 / psi2 * (g @ g - (xh @ g) ** 2 / n))


def pn_identity_no_projection(x: np.ndarray, g: np.ndarray, gamma: float) -> float:
    """Mutant: (γ²/ψ²)‖g‖², the projection term dropped."""
    return float(gamma**2 / (x @ x / x.size) * (g @ g))


def pn_identity_sigma(x: np.ndarray, g: np.ndarray, gamma: float) -> float:
    """Mutant: PowerNorm normalising by σ_B instead of ψ: (γ²/σ²)(‖g‖² − ⟨x/σ, g⟩²/B)."""
    n = x.size
    d = x - x.mean()
    var = float(d @ d / n)
    return float(gamma**2 / var * (g @ g - (x @ g) ** 2 / var / n))


# -- W4, W6: the layers compared (subjects of the Lipschitz claims) -----------------------------------------


class Layers(NamedTuple):
    """The two layers a Lipschitz comparison puts side by side (mutants replace one of them)."""

    bn: Any
    pn: Any


LAYERS = Layers(bn_forward, pn_forward)
LAYERS_BN_UNBIASED = Layers(bn_unbiased_forward, pn_forward)
LAYERS_PN_SIGMA = Layers(bn_forward, pn_sigma_forward)


def running_condition(psi_run: float, x: np.ndarray) -> bool:
    """W6: ‖∂y_run/∂x‖₂ = γ/√ψ_run is at most ‖∂y_BN/∂x‖₂ = γ/σ_B exactly when ψ_run ≥ σ_B²."""
    return bool(psi_run >= float(np.mean((x - x.mean()) ** 2)))


def running_condition_second_moment(psi_run: float, x: np.ndarray) -> bool:
    """Mutant: the condition ψ_run ≥ ψ_B² (the batch's own second moment)."""
    return bool(psi_run >= float(np.mean(x * x)))


def running_condition_sqrt(psi_run: float, x: np.ndarray) -> bool:
    """Mutant: the condition √ψ_run ≥ σ_B² (a square root too many)."""
    return bool(np.sqrt(psi_run) >= float(np.mean((x - x.mean()) ** 2)))


# -- closed forms as Formula objects -----------------------------------------------------------------------

_gamma, _sigma, _mu, _delta = sp.symbols("gamma sigma mu delta")
_c, _m, _alpha, _t = sp.symbols("c m alpha t")

BN_NORM = Formula(_gamma / _sigma, {"gamma": interval(0.1, 10), "sigma": interval(1e-2, 1e2, log=True)},
                  name="bn_jacobian_norm")
PN_NORM = Formula(_gamma / sp.sqrt(_sigma**2 + _mu**2),
                  {"gamma": interval(0.1, 10), "sigma": interval(1e-2, 1e2, log=True), "mu": interval(-100, 100)},
                  name="pn_jacobian_norm")
EPS_ERROR = Formula(_delta / (1 + _delta) ** 2, {"delta": interval(1e-6, 1e2, log=True)},
                    name="bn_eps_identity_error")
EMA_TRAJECTORY = Formula(_c * (1 - (1 - (1 - _alpha) * _m) ** _t) / _m,
                         {"c": interval(-5, 5), "m": interval(0.05, 1.5), "alpha": interval(0.5, 0.99),
                          "t": integers(1, 200)},
                         name="ema_gz_trajectory")

#: The batch pattern of the operator-norm ground truths: mean 0 and population standard deviation 1 (B = 5).
PATTERN = np.array([-1.5, -0.5, 0.25, 0.5, 1.25])
PATTERN = (PATTERN - PATTERN.mean()) / PATTERN.std()


# -- W2: the released Weight Standardization layers (d81e50d, README.md) -------------------------------------


def release_ws_pytorch(w: Any) -> Any:
    """PyTorch ``Conv2d.forward``: (W − mean)/(std + 1e-5), ``std`` unbiased (divisor I − 1)."""
    return ws_forward(w, ddof=1, eps=1e-5)


def release_ws_tensorflow(w: Any) -> Any:
    """TensorFlow snippet: (W − mean)/(K.std + 1e-5), ``K.std`` with divisor I."""
    return ws_forward(w, ddof=0, eps=1e-5)


# -- W7, W8: the released PowerNorm (sIncerass/powernorm 9ea6226, mask_powernorm.py) -------------------------


class ReleasePowerNorm:
    """Numpy port of ``MaskPowerNorm`` in training mode, without padding mask, for inputs of shape (N, C) (N
    tokens, C channels; the release's T × B tokens flattened).

    forward: ``GroupScaling1D`` divides each token by √(mean of x² over its channel group + ε); then
    ``PowerFunction.forward`` with ``iters`` incremented first: var = mean over tokens of x̃² per channel;
    z = x̃/√(var + ε) while iters ≤ warmup_iters, else z = x̃/√(running_phi + ε) (the value before this step's
    update); then, if iters < warmup_iters, running_phi ← running_phi (t − 1)/t + var/t, and always
    running_phi ← α_fwd running_phi + (1 − α_fwd) var; y = γz + β.

    backward: G = γ·grad_output; ĝ = G − (1 − α_bkw) ema_gz z; ema_gz ← ema_gz + mean(ĝ z); ∂L/∂x̃ = ĝ/√(var + ε)
    (the batch var in every phase); then through the group scaling exactly (autograd in the release).
    """

    def __init__(self, channels: int, *, eps: float = 1e-5, alpha_fwd: float = 0.9, alpha_bkw: float = 0.9,
                 warmup_iters: int = 10000, group_num: int = 1) -> None:
        self.channels = channels
        self.eps = eps
        self.afwd = alpha_fwd
        self.abkw = alpha_bkw
        self.warmup_iters = warmup_iters
        self.group_num = group_num
        self.weight = np.ones(channels)
        self.bias = np.zeros(channels)
        self.running_phi = np.ones(channels)
        self.ema_gz = np.zeros(channels)
        self.iters = 0
        self._cache: tuple[Any, ...] | None = None

    def group_scaling(self, x: Any) -> Any:
        n, c = x.shape[-2], x.shape[-1]
        groups = x.reshape(*x.shape[:-1], self.group_num, c // self.group_num)
        moment2 = np.sum(groups * groups, axis=-1, keepdims=True) / (c // self.group_num)
        return (groups / _sqrt(moment2 + self.eps)).reshape(*x.shape[:-2], n, c)

    def function_forward(self, xt: Any, iters: int, running_phi: np.ndarray) -> tuple[Any, Any]:
        """(z, var) of ``PowerFunction.forward``, without touching the state (complex inputs allowed)."""
        var = np.sum(xt * xt, axis=-2, keepdims=True) / xt.shape[-2]
        if iters <= self.warmup_iters:
            z = xt / _sqrt(var + self.eps)
        else:
            z = xt / _sqrt(running_phi + self.eps)
        return z, var

    def layer_output(self, x: Any, iters: int, running_phi: np.ndarray) -> Any:
        """y for input x at a given iteration and running_phi, without touching the state."""
        z, _ = self.function_forward(self.group_scaling(x), iters, running_phi)
        return self.weight * z + self.bias

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.iters += 1
        t = self.iters
        xt = self.group_scaling(x)
        z, var = self.function_forward(xt, t, self.running_phi)
        var = var[0]
        self._cache = (x, xt, z, var, self.running_phi.copy(), t)
        if t < self.warmup_iters:
            self.running_phi = self.running_phi * (t - 1) / t + var / t
        self.running_phi = self.afwd * self.running_phi + (1 - self.afwd) * var
        return self.weight * z + self.bias

    def function_backward(self, grad_out: np.ndarray) -> np.ndarray:
        """∂L/∂x̃ as ``PowerFunction.backward`` computes it (updates ema_gz)."""
        assert self._cache is not None
        _, _, z, var, _, _ = self._cache
        g = grad_out * self.weight
        approx = g - (1 - self.abkw) * self.ema_gz * z
        self.ema_gz = self.ema_gz + np.mean(approx * z, axis=0)
        return approx / np.sqrt(var + self.eps)

    def group_scaling_backward(self, x: np.ndarray, grad_xt: np.ndarray) -> np.ndarray:
        c = x.shape[-1] // self.group_num
        groups = x.reshape(x.shape[0], self.group_num, c)
        gg = grad_xt.reshape(groups.shape)
        s = np.mean(groups * groups, axis=-1, keepdims=True) + self.eps
        xt = groups / np.sqrt(s)
        out = (gg - xt * np.mean(gg * xt, axis=-1, keepdims=True)) / np.sqrt(s)
        return out.reshape(x.shape)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        assert self._cache is not None
        return self.group_scaling_backward(self._cache[0], self.function_backward(grad_out))


class PortBackwardRunningPhi(ReleasePowerNorm):
    """Slip: the backward divides by √(running_phi + ε) after warm-up (the forward's statistic)."""

    def function_backward(self, grad_out):
        _, _, z, var, phi, t = self._cache
        g = grad_out * self.weight
        approx = g - (1 - self.abkw) * self.ema_gz * z
        self.ema_gz = self.ema_gz + np.mean(approx * z, axis=0)
        return approx / np.sqrt((var if t <= self.warmup_iters else phi) + self.eps)


class PortEmaScaled(ReleasePowerNorm):
    """Slip: ema_gz ← ema_gz + (1 − α_bkw) mean(ĝ z)."""

    def function_backward(self, grad_out):
        _, _, z, var, _, _ = self._cache
        g = grad_out * self.weight
        approx = g - (1 - self.abkw) * self.ema_gz * z
        self.ema_gz = self.ema_gz + (1 - self.abkw) * np.mean(approx * z, axis=0)
        return approx / np.sqrt(var + self.eps)


class PortNoGroupScaling(ReleasePowerNorm):
    """Slip: the ``GroupScaling1D`` step omitted."""

    def group_scaling(self, x):
        return x

    def group_scaling_backward(self, x, grad_xt):
        return grad_xt


# -- W9: ε > 0 ---------------------------------------------------------------------------------------------


def _bn_eps_parts(x: np.ndarray, eps: float) -> tuple[np.ndarray, float, float]:
    d = x - x.mean()
    var = float(d @ d / x.size)
    xh = d / np.sqrt(var + eps)
    return xh, var, var / (var + eps)


def bn_identity_eps_written(x: np.ndarray, g: np.ndarray, gamma: float, eps: float) -> float:
    """W3 with σ_B² → σ_B² + ε and x̂ the layer's output: (γ²/(σ²+ε))(‖g‖² − ⟨1,g⟩²/B − ⟨x̂,g⟩²/B)."""
    xh, var, _ = _bn_eps_parts(x, eps)
    n = x.size
    return float(gamma**2 / (var + eps) * (g @ g - g.sum() ** 2 / n - (xh @ g) ** 2 / n))


def bn_identity_eps_exact(x: np.ndarray, g: np.ndarray, gamma: float, eps: float) -> float:
    """W9 exact: (γ²/(σ²+ε))(‖g‖² − ⟨1,g⟩²/B − (2 − r)⟨x̂,g⟩²/B), r = σ²/(σ² + ε)."""
    xh, var, r = _bn_eps_parts(x, eps)
    n = x.size
    return float(gamma**2 / (var + eps) * (g @ g - g.sum() ** 2 / n - (2 - r) * (xh @ g) ** 2 / n))


def bn_identity_eps_one_plus_r(x: np.ndarray, g: np.ndarray, gamma: float, eps: float) -> float:
    """Mutant: the factor 1 + r instead of 2 − r."""
    xh, var, r = _bn_eps_parts(x, eps)
    n = x.size
    return float(gamma**2 / (var + eps) * (g @ g - g.sum() ** 2 / n - (1 + r) * (xh @ g) ** 2 / n))


def _ws_eps_parts(w: np.ndarray, ddof: int, eps: float) -> tuple[np.ndarray, float, float, float]:
    d = w - w.mean()
    s = float(np.sqrt(d @ d / (w.size - ddof)))
    return d / (s + eps), s, s / (s + eps), (s + eps) / (s * (w.size - ddof))


def ws_identity_eps_exact(w: np.ndarray, g: np.ndarray, ddof: int, eps: float) -> float:
    """W9 for the released WS layers: (‖g‖² − ⟨1,g⟩²/I − (2 − ρ)κ⟨Ŵ,g⟩²)/(s + ε)²."""
    what, s, rho, kappa = _ws_eps_parts(w, ddof, eps)
    return float((g @ g - g.sum() ** 2 / w.size - (2 - rho) * kappa * (what @ g) ** 2) / (s + eps) ** 2)


def ws_identity_eps_projector(w: np.ndarray, g: np.ndarray, ddof: int, eps: float) -> float:
    """Mutant: the last term ⟨Ŵ,g⟩²/‖Ŵ‖² (the ε-free projector)."""
    what, s, _, _ = _ws_eps_parts(w, ddof, eps)
    return float((g @ g - g.sum() ** 2 / w.size - (what @ g) ** 2 / (what @ what)) / (s + eps) ** 2)


def ws_identity_eps_scale_dropped(w: np.ndarray, g: np.ndarray, ddof: int, eps: float) -> float:
    """Mutant: the scale 1/s² instead of 1/(s + ε)²."""
    _, s, _, _ = _ws_eps_parts(w, ddof, eps)
    return ws_identity_eps_exact(w, g, ddof, eps) * (s + eps) ** 2 / s**2


class PortEmaSignFlipped(ReleasePowerNorm):
    """Slip: ema_gz ← ema_gz − mean(ĝ z) (the correction's sign flipped)."""

    def function_backward(self, grad_out):
        _, _, z, var, _, _ = self._cache
        g = grad_out * self.weight
        approx = g - (1 - self.abkw) * self.ema_gz * z
        self.ema_gz = self.ema_gz - np.mean(approx * z, axis=0)
        return approx / np.sqrt(var + self.eps)


# -- W10: the WS layer of the reproduction ------------------------------------------------------------------


class WSLayer(NamedTuple):
    """How the hidden layer's weights are used: forward (Ŵ and σ per row) and backward (∂L/∂W from ∂L/∂Ŵ)."""

    forward: Any
    backward: Any


def _ws_rows(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = w - w.mean(axis=1, keepdims=True)
    s = np.sqrt(np.mean(d * d, axis=1, keepdims=True))
    return d / s, s


def _ws_rows_backward(what: np.ndarray, s: np.ndarray, g: np.ndarray) -> np.ndarray:
    return (g - g.mean(axis=1, keepdims=True) - what * np.mean(g * what, axis=1, keepdims=True)) / s


def _plain_rows(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return w, np.ones((w.shape[0], 1))


def _plain_rows_backward(what: np.ndarray, s: np.ndarray, g: np.ndarray) -> np.ndarray:
    return g


WS_LAYER = WSLayer(_ws_rows, _ws_rows_backward)
PLAIN_LAYER = WSLayer(_plain_rows, _plain_rows_backward)


# -- W5: the identities row by row (vectorised over draws, for the violation rate) -----------------------------


def bn_identity_rows(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """W3 (BN, γ = 1) for each row of x and g."""
    n = x.shape[1]
    d = x - x.mean(axis=1, keepdims=True)
    var = np.mean(d * d, axis=1)
    xh = d / np.sqrt(var)[:, None]
    return (np.sum(g * g, axis=1) - g.sum(axis=1) ** 2 / n - np.sum(xh * g, axis=1) ** 2 / n) / var


def pn_identity_rows(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """W3 (PN, γ = 1) for each row of x and g."""
    n = x.shape[1]
    psi2 = np.mean(x * x, axis=1)
    xh = x / np.sqrt(psi2)[:, None]
    return (np.sum(g * g, axis=1) - np.sum(xh * g, axis=1) ** 2 / n) / psi2


def pn_identity_rows_sigma(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Mutant: PN normalising by σ_B."""
    n = x.shape[1]
    d = x - x.mean(axis=1, keepdims=True)
    var = np.mean(d * d, axis=1)
    xh = x / np.sqrt(var)[:, None]
    return (np.sum(g * g, axis=1) - np.sum(xh * g, axis=1) ** 2 / n) / var


def pn_identity_rows_no_projection(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Mutant: PN without the projection term."""
    return np.sum(g * g, axis=1) / np.mean(x * x, axis=1)


GRADIENT_NORMS = Layers(bn_identity_rows, pn_identity_rows)
GRADIENT_NORMS_PN_SIGMA = Layers(bn_identity_rows, pn_identity_rows_sigma)
GRADIENT_NORMS_NO_PROJECTION = Layers(bn_identity_rows, pn_identity_rows_no_projection)
