"""Checks of S1 (w · ∇f(w) = 0) and S2 (gradient and Hessian scaling, ∇²f(w) w = −∇f(w)) on tiny
LayerNorm/BatchNorm nets and generic scale-invariant functions, against complex-step derivatives.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...fixtures.scale_problems import ScaleProblem, complex_step_directional, complex_step_grad, scale_problems
from ...theorems.scale_invariance import claims as C

# Complex-step derivatives are accurate to a few ulps of the terms they sum; 1e-9 relative to the
# size of those terms leaves 10⁶× headroom over float64 roundoff and is far below every mutant's error.
REL = 1e-9

positive_factors = st.floats(0.05, 20.0)

#: Derivatives already computed for a (problem, point) key: the mutant runs draw the subject's examples,
#: and the ground truth does not depend on the subject.
_DERIVATIVES: dict[tuple, np.ndarray] = {}


def _cached(key: tuple, compute) -> np.ndarray:
    if key not in _DERIVATIVES:
        if len(_DERIVATIVES) > 2048:
            _DERIVATIVES.clear()
        _DERIVATIVES[key] = compute()
    return _DERIVATIVES[key]


def _grad(p: ScaleProblem, w: np.ndarray) -> np.ndarray:
    """The complex-step gradient of the problem's f at ``w`` (cached)."""
    return _cached(("grad", p.key, w.tobytes()), lambda: complex_step_grad(p.f, w))


@C.ORTHOGONALITY.check(given={"p": scale_problems()}, examples=20,
                       tolerance="1e-9 × (1 + Σ|w_i ∂_i f|): complex-step roundoff")
def radial_derivative_matches(subject, ev, p):
    r"""$\frac{d}{dt} f(w + t w_B)$ at $t = 0$ (complex step) equals the predicted $w_B \cdot \nabla f(w)$ on each
    invariance block $B$."""
    f_value = float(np.real(p.f(p.w)))
    grad = _grad(p, p.w)
    ev.show("w", p.w)
    ev.show("∇f(w)", grad)
    for i, block in enumerate(p.blocks):
        v = np.where(block, p.w, 0.0)
        measured = complex_step_directional(p.f, p.w, v)
        ev.show(f"d/dt f(w + t w_B) at t = 0, block {i}", measured)
        scale = 1.0 + float(np.sum(np.abs(v * grad)))
        ev.close(subject(f_value, v), measured, atol=REL * scale, what="w·∇f(w)", context=p.name,
                 labels=("predicted w_B·∇f(w)", "complex-step d/dt f(w + t w_B)"))


@C.GRADIENT_SCALING.check(given={"p": scale_problems(), "c": positive_factors}, examples=20,
                          tolerance="relative 1e-9 of max|∇f|: complex-step roundoff")
def gradient_at_scaled_point_matches(subject, ev, p, c):
    """The complex-step gradient at $c\\,w$ (one row scaled for BatchNorm) equals the formula applied to the
    gradient at $w$."""
    if len(p.blocks) > 1:  # BatchNorm: scale one row only (per-row invariance)
        scale = np.where(p.blocks[0], c, 1.0)
    else:
        scale = np.full(p.w.shape, c)
    g_w = _grad(p, p.w)
    g_cw = _grad(p, p.w * scale)
    claimed = np.where(p.blocks[0], subject(g_w, c), g_w)  # rows left unscaled keep their gradient
    ev.show("w", p.w)
    ev.show("∇f(w)", g_w)
    ev.show("∇f(cw), predicted", claimed)
    ev.show("∇f(cw), complex step", g_cw)
    tol = REL * (1.0 + np.max(np.abs(g_w)) * max(1.0, 1.0 / c))
    ev.close(claimed, g_cw, atol=tol, what="∇f(c w)", context=f"{p.name}, c={c:.4g}",
             labels=("predicted ∇f(cw)", "complex-step ∇f(cw)"))


def _hessian(f, w: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Hessian by central differences of complex-step gradients (O(h²) truncation)."""
    n = w.size
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        H[:, j] = (complex_step_grad(f, (w.ravel() + e).reshape(w.shape)).ravel()
                   - complex_step_grad(f, (w.ravel() - e).reshape(w.shape)).ravel()) / (2 * h)
    return (H + H.T) / 2


@C.HESSIAN_SCALING.check(given={"p": scale_problems(("layer", "generic")), "c": st.floats(0.2, 5.0)},
                         examples=8, tolerance="1e-5 relative: O(h²) central-difference truncation, h = 1e-5")
def hessian_scaling_matches(subject, ev, p, c):
    r"""Finite-difference Hessians at $w$ and at $c\,w$ satisfy the claimed relation."""
    ev.assume(p.w.size <= 12)
    H_w = _cached(("hessian", p.key, 1.0), lambda: _hessian(p.f, p.w))
    H_cw = _cached(("hessian", p.key, c), lambda: _hessian(p.f, c * p.w, h=1e-5 * c))
    ev.show("w", p.w)
    ev.show("∇²f(w)", H_w)
    ev.show("∇²f(cw)", H_cw)
    tol = 1e-5 * (1.0 + np.max(np.abs(H_w)))
    ev.close(subject(H_cw, c), H_w, atol=tol, what="∇²f(w)", context=f"{p.name}, c={c:.4g}",
             labels=("predicted ∇²f(w) from ∇²f(cw)", "finite-difference ∇²f(w)"))


@C.HESSIAN_RADIAL.check(given={"p": scale_problems()}, examples=15,
                        tolerance="1e-6 relative: O(h²) truncation of the central difference, h = 1e-6")
def hessian_times_weights_matches(subject, ev, p):
    r"""$(\nabla f(w + hw) - \nabla f(w - hw))/2h$, a Hessian-vector product, equals the formula."""
    g = _grad(p, p.w)
    h = 1e-6
    hv = _cached(("hessian_w", p.key, h), lambda: (complex_step_grad(p.f, p.w + h * p.w)
                                                    - complex_step_grad(p.f, p.w - h * p.w)) / (2 * h))
    ev.show("w", p.w)
    ev.show("∇f(w)", g)
    ev.show("∇²f(w) w, central difference", hv)
    ev.close(subject(g), hv, atol=1e-6 * (1.0 + np.max(np.abs(g))), what="∇²f(w)w", context=p.name,
             labels=("predicted ∇²f(w) w", "central-difference ∇²f(w) w"))
