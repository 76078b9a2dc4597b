"""The formulas and algorithms under test in the scale-invariance family, and their mutants.

S1–S4 (§2): the radial derivative, gradient and Hessian scaling, GD norm growth, the effective step
size and the ‖w_t‖⁴ bound. S5–S6 (§2): norm growth with heavy-ball momentum and its growth factor.
S7–S10 (§3, released code v0.3.0): SGDP/AdamP variants that each change one piece of the projection
rule (the optimizers themselves are in ``library``), and the S10 false-alarm bounds of the cosine test.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from claimkit import Formula, integers, interval

from .library import SGDP, VIEWS, AdamP, channel_view, layer_view
from .library import cosine as library_cosine

# -- S1–S4 -----------------------------------------------------------------------------------------


def radial_derivative(f_value: float, w: np.ndarray) -> float:
    """S1: the predicted value of w · ∇f(w) for scale-invariant f (Euler at degree 0)."""
    return 0.0


def gradient_at_scaled_point(grad_w: np.ndarray, c: float) -> np.ndarray:
    """S2: ∇f(c w) predicted from ∇f(w)."""
    return grad_w / c


def hessian_from_scaled_point(hess_cw: np.ndarray, c: float) -> np.ndarray:
    """S2: ∇²f(w) predicted from ∇²f(c w), as c² ∇²f(c w)."""
    return c**2 * hess_cw


def hessian_times_weights(grad_w: np.ndarray) -> np.ndarray:
    """S2: ∇²f(w) w predicted from ∇f(w), as −∇f(w)."""
    return -grad_w


def gd_next_norm_sq(norm_sq: float, eta: float, grad_norm_sq: float) -> float:
    """S3: ‖w_{t+1}‖² after one GD step, as ‖w_t‖² + η²‖∇f(w_t)‖²."""
    return norm_sq + eta**2 * grad_norm_sq


def effective_step_size(eta: float, norm: float) -> float:
    """S4: the rate of the equivalent retraction step on the unit sphere, η/‖w‖²."""
    return eta / norm**2


def norm4_lower_bound(norm0: float, eta: float, G: float, t: int) -> float:
    """S4: lower bound on ‖w_t‖⁴ with constant gradient norm G on the unit sphere."""
    return norm0**4 + 2 * eta**2 * G**2 * t


# -- S5 --------------------------------------------------------------------------------------------


def momentum_next_norm_sq(norm_sq: Any, eta: Any, beta: Any, update_norms_sq: Sequence[Any]) -> Any:
    """S5: ‖w_{t+1}‖² = ‖w_t‖² + η²‖p_t‖² + 2η² Σ_{k<t} β^{t−k} ‖p_k‖², with t = len(update_norms_sq) − 1.

    Works on floats and on ``Fraction`` (exact) inputs.
    """
    P = list(update_norms_sq)
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + 2 * eta**2 * sum(beta ** (t - k) * P[k] for k in range(t))


def momentum_radial_inner(eta: Any, beta: Any, update_norms_sq: Sequence[Any]) -> Any:
    """S5: ⟨w_t, p_t⟩ = −η Σ_{k<t} β^{t−k} ‖p_k‖² (hence ≤ 0), with t = len(update_norms_sq) − 1."""
    P = list(update_norms_sq)
    t = len(P) - 1
    return -eta * sum(beta ** (t - k) * P[k] for k in range(t))


def _s5_no_factor_two(norm_sq, eta, beta, P):
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + eta**2 * sum(beta ** (t - k) * P[k] for k in range(t))


def _s5_shifted_powers(norm_sq, eta, beta, P):
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + 2 * eta**2 * sum(beta ** (t - k - 1) * P[k] for k in range(t))


def _s5_sum_to_t(norm_sq, eta, beta, P):
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + 2 * eta**2 * sum(beta ** (t - k) * P[k] for k in range(t + 1))


# -- S6: the growth factor, under two different assumptions ----------------------------------------


_beta, _t = sp.symbols("beta t")

#: S6's parameters: the momentum 0 ≤ β < 1 and the step t ≥ 0 (its first million steps).
GROWTH_DOMAINS = {"beta": interval(0, 1, open_hi=True), "t": integers(0, 10**6)}

#: S6 (equal update norms ‖p_k‖ = P): (‖w_{t+1}‖² − ‖w_t‖²)/(η²P²) = 1 + 2β(1 − β^t)/(1 − β) → 1 + 2β/(1 − β).
GROWTH_FACTOR_EQUAL_UPDATES = Formula(1 + 2 * _beta * (1 - _beta**_t) / (1 - _beta), GROWTH_DOMAINS,
                                      name="growth_factor_equal_updates")

#: S6 (gradients of norm G, mutually orthogonal or i.i.d. isotropic in the tangent space, in expectation):
#: (‖w_{t+1}‖² − ‖w_t‖²)/(η²G²) = ((1 − β^{t+1})/(1 − β))² → 1/(1 − β)², declared as (1 + β(1 − β^t)/(1 − β))²,
#: the square of 1 + β + … + β^t written with the sum of the equal-updates factor (the derivation
#: ``buffer_energy_by_induction`` shows the two forms equal). The statement's form would generate mutants
#: with negative powers of β (β^{1−t}, 1/β²) that float64 cannot evaluate at β = 0: broken, not wrong.
GROWTH_FACTOR_ORTHOGONAL = Formula((1 + _beta * (1 - _beta**_t) / (1 - _beta)) ** 2, GROWTH_DOMAINS,
                                   name="growth_factor_orthogonal_gradients")

#: The library names: ``growth_factor_equal_updates(beta, t)``, ``growth_factor_orthogonal_gradients(beta, t)``.
growth_factor_equal_updates = GROWTH_FACTOR_EQUAL_UPDATES
growth_factor_orthogonal_gradients = GROWTH_FACTOR_ORTHOGONAL

#: Hand-written mutants of S6 the expression tree does not produce: the other candidate factor, and the
#: buffer's energy E‖p_t‖²/G² = (1 − β^{2t+2})/(1 − β²) without the cross terms.
INVERSE_SQUARE = GROWTH_FACTOR_EQUAL_UPDATES.with_expr(1 / (1 - _beta) ** 2)
EQUAL_UPDATES_AS_ORTHOGONAL = GROWTH_FACTOR_ORTHOGONAL.with_expr(GROWTH_FACTOR_EQUAL_UPDATES.expr)
BUFFER_NORM_ONLY = GROWTH_FACTOR_ORTHOGONAL.with_expr((1 - _beta ** (2 * _t + 2)) / (1 - _beta**2))


def circulated_factor(beta: float) -> float:
    """S6 as it circulates: momentum multiplies the per-step norm growth of GD (same gradients) by 1 + 2β/(1 − β)."""
    return 1 + 2 * beta / (1 - beta)


# -- S7–S10: SGDP / AdamP as released --------------------------------------------------------------
# The optimizers live in library.py (a numpy library); the variants below each change one
# piece of the projection rule, as an implementation slip would.


class _BufferCosine(SGDP):
    """Slip: the cosine test compares the weights with the momentum buffer, not the raw gradient."""

    def _cosine_source(self, grad, update):
        return update


class _SignedCosine(SGDP):
    """Slip: no absolute value on the cosine (a strongly anti-aligned gradient passes the test)."""

    def _abs(self, cos):
        return cos


class _UnscaledThreshold(SGDP):
    """Slip: threshold delta instead of delta / sqrt(row length)."""

    def _threshold(self, row_length):
        return self.delta


class _NonStrict(SGDP):
    """Slip: |cos| ≤ threshold instead of <."""

    def _fires(self, max_cos, threshold):
        return max_cos <= threshold


class _LayerFirst(SGDP):
    """Slip: the whole-layer view is tried before the per-channel view."""

    view_order = ("layer", "channel")


class _ProjectsVectors(SGDP):
    """Slip: one-dimensional parameters (biases, gains) are projected too."""

    min_ndim = 1


class _RatioAlways(SGDP):
    """Slip: the weight decay is scaled by wd_ratio even when no view fired."""

    def _ratio_without_projection(self):
        return self.wd_ratio


class _GradientBasis(SGDP):
    """Slip: the component along the gradient is removed instead of the radial one."""

    def _radial_reference(self, w, grad):
        return grad


class _KeepsRadial(SGDP):
    """Slip: the update is replaced by its radial part instead of losing it (sign of the subtraction)."""

    def _radial_part(self, uv, p_n):
        return uv - p_n * np.sum(p_n * uv, axis=1, keepdims=True)


class _DecayWithoutMomentumFactor(SGDP):
    """Slip: SGDP's decoupled decay without the 1/(1 − momentum) factor (AdamP's rule)."""

    def step(self, grads):
        m = self.momentum
        saved = self.weight_decay
        self.weight_decay = saved * (1.0 - m)
        try:
            super().step(grads)
        finally:
            self.weight_decay = saved


class _NoBufferProjection(SGDP):
    """Departure from the release: the stored momentum buffer is left unprojected."""

    def _project(self, w, grad, update):
        return super()._project(w, grad, update.copy())


PROJECTION_SLIPS = {
    "cosine_with_buffer": (_BufferCosine, "cosine with the momentum buffer instead of the raw gradient"),
    "no_absolute_value": (_SignedCosine, "no absolute value on the cosine"),
    "threshold_delta": (_UnscaledThreshold, r"threshold $\delta$ instead of $\delta/\sqrt{L}$ ($L$ the row length)"),
    "non_strict": (_NonStrict, r"$\le$ instead of $<$ in the cosine test"),
    "layer_view_first": (_LayerFirst, "the layer view tried before the channel view"),
    "projects_vectors": (_ProjectsVectors, "projection of one-dimensional parameters"),
    "ratio_always": (_RatioAlways, r"$\text{wd_ratio}$ applied when nothing was projected"),
}


def _adamp_decay_with_momentum_factor() -> type:
    class _AdamPDecay(AdamP):
        """Slip: AdamP's decay with SGDP's 1/(1 − β1) factor."""

        def step(self, grads):
            saved = self.weight_decay
            self.weight_decay = saved / (1.0 - self.beta1)
            try:
                super().step(grads)
            finally:
                self.weight_decay = saved

    return _AdamPDecay


_ADAMP_LAYER_FIRST = type("_AdamPLayerFirst", (AdamP,), {"view_order": ("layer", "channel"),
                                                         "__doc__": "Slip: layer view first (AdamP)."})
_ADAMP_BUFFER_COSINE = type("_AdamPUpdateCosine", (AdamP,), {"_cosine_source": _BufferCosine._cosine_source,
                                                             "__doc__": "Slip: cosine with the update (AdamP)."})


# -- S10 -------------------------------------------------------------------------------------------


def false_alarm_bounds(m: int, n: int, delta: float) -> tuple[float, float]:
    """S10: bounds on P(the test fires) for an (m, n) layer whose gradient is isotropic Gaussian and
    independent of the weights: [max(p_C, p_L), p_C + p_L], with p_L = I_{δ²/(mn)}(½, (mn − 1)/2) the
    layer-view probability and p_C = I_{δ²/n}(½, (n − 1)/2)^m the channel-view one (cos² of a uniform
    direction with a fixed one is Beta(½, (N − 1)/2))."""
    from scipy.special import betainc

    N = m * n
    p_layer = float(betainc(0.5, (N - 1) / 2, delta**2 / N))
    p_channel = float(betainc(0.5, (n - 1) / 2, delta**2 / n)) ** m if m > 1 else p_layer
    return max(p_layer, p_channel), min(1.0, p_layer + p_channel)


# -- the library against the release: plausible bugs of library.py --------------------------------------


class _AdamPWithoutBiasCorrection(AdamP):
    """Bug: Adam's moments used without the bias corrections $1 - \\beta_1^t$ and $1 - \\beta_2^t$."""

    def _bias_corrections(self, t):
        return 1.0, 1.0


class _SGDPWrongDefaultDelta(SGDP):
    """Bug: SGDP's default ``delta`` is 0.01 instead of the released 0.1."""

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
                 eps=1e-8, delta=0.01, wd_ratio=0.1):
        super().__init__(params, lr, momentum, dampening, weight_decay, nesterov, eps, delta, wd_ratio)


class _SGDPDampeningIgnored(SGDP):
    """Bug: the buffer adds the whole gradient, ignoring ``dampening``."""

    def step(self, grads):
        saved = self.dampening
        self.dampening = 0.0
        try:
            super().step(grads)
        finally:
            self.dampening = saved


class _AdamPNesterovIgnored(AdamP):
    """Bug: AdamP's ``nesterov`` flag has no effect (the numerator is always $m_t$)."""

    def step(self, grads):
        saved = self.nesterov
        self.nesterov = False
        try:
            super().step(grads)
        finally:
            self.nesterov = saved


class _SGDPNaiveNorms(SGDP):
    """Bug: the projection's $\\|w_{\\mathrm{row}}\\|$ as $\\sqrt{\\sum w^2}$, which overflows to $\\infty$ for
    weights near $10^{200}$ (the radial part is then not removed)."""

    def _unit_rows(self, rv):
        return rv / (np.sqrt(np.sum(rv * rv, axis=1, keepdims=True)) + self.eps)


def _cosine_without_rescaling(x, y, eps):
    """Bug: $x \\cdot y/(\\max(\\|x\\|, \\epsilon)\\max(\\|y\\|, \\epsilon))$ with $\\|x\\| = \\sqrt{\\sum x^2}$ taken
    as is: overflow (NaN) near $10^{200}$, underflow near $10^{-200}$."""
    with np.errstate(over="ignore", invalid="ignore"):  # numpy's default: inf and NaN, silently
        nx = np.maximum(np.sqrt(np.sum(x * x, axis=1)), eps)
        ny = np.maximum(np.sqrt(np.sum(y * y, axis=1)), eps)
        return np.sum(x * y, axis=1) / (nx * ny)


def _cosine_of_columns(x, y, eps):
    """Bug: the cosine of columns (``axis=0``) instead of rows."""
    return library_cosine(x.T, y.T, eps)


def _channel_view_last_axis(x):
    """Bug: rows along the last axis, ``x.reshape(-1, x.shape[-1])``."""
    return x.reshape(-1, x.shape[-1])


def _layer_view_as_column(x):
    """Bug: the whole layer as one column, ``x.reshape(-1, 1)``."""
    return x.reshape(-1, 1)


#: The library's public names, the subject of ``scale_invariance.library_follows_release``.
LIBRARY = {"SGDP": SGDP, "AdamP": AdamP, "cosine": library_cosine, "channel_view": channel_view,
           "layer_view": layer_view, "VIEWS": VIEWS}


def library_with(**replaced: Any) -> dict[str, Any]:
    """The library's public names with some replaced (a mutant of the conformance claim)."""
    return {**LIBRARY, **replaced}
