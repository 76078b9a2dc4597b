"""Checks that the library users call (``fixtures/normalization.py``) computes the layers of Layer
Normalization (arXiv 1607.06450, Eq. (2)–(3) and §5.1) and their gradients, at any scale of the inputs.

Ground truth, independent of the library: exact rational arithmetic (``fractions.Fraction``) for the
summed inputs, the means and the variances, 40-digit mpmath square roots, and complex-step derivatives
of a re-implementation of the layers written here. Each check tries first the cases that pin the
planted bugs (an input scaled by 1e200, ε > 0, WeightNorm), then drawn ones.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...fixtures.scale_problems import complex_step_grad
from ...theorems.layernorm import claims as C
from .instances import VAR_FLOOR, conditioned
from .strategies import seeds

#: The paper's three layers and the model without one, as the library must name them.
PAPER_NORMS = ("layer", "batch", "weight", "none")
#: The inputs are scaled by 10^exponent: the scale-free results must not move.
exponents = st.sampled_from((-200, 0, 200))
epsilons = st.one_of(st.just(0.0), st.floats(1e-6, 1.0))

#: Float64 standardization of a slice of at most 6 entries whose variance is at least VAR_FLOOR × its mean
#: square: relative roundoff ≲ 6 · 2.2e-16 · √(1/VAR_FLOOR) ≈ 4e-14. LIB_TOL leaves 25× headroom; every
#: planted bug moves the outputs by ≥ 5% (the n − 1 variance by a factor √(4/5)).
LIB_TOL = 1e-12
#: Complex-step derivatives are exact to roundoff (no subtraction); the library's closed-form gradient
#: accumulates ≲ 1e-13 relative to its largest entry; GRAD_TOL leaves ≥ 1000× headroom, far below the
#: O(1) planted bugs.
GRAD_TOL = 1e-10
MP_DIGITS = 40


# -- exact ground truth ---------------------------------------------------------------------------------------


def _exact(x: np.ndarray) -> list[Any]:
    """The float array as nested lists of exact rationals."""
    return np.vectorize(Fraction, otypes=[object])(np.asarray(x, dtype=float)).tolist()


def _exact_product(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """a = X Wᵀ in exact rationals (an object array)."""
    Xq, Wq = _exact(X), _exact(W)
    return np.array([[sum((x * w for x, w in zip(row, wrow)), Fraction(0)) for wrow in Wq] for row in Xq],
                    dtype=object)


def _mp(q: Fraction) -> mpmath.mpf:
    return mpmath.mpf(q.numerator) / q.denominator


def _exact_standardized(a: np.ndarray, axis: int, eps: float = 0.0) -> np.ndarray:
    """(a − μ)/√(σ² + ε) along ``axis`` from an exact rational array: μ and σ² exact, the root at 40 digits."""
    out = np.empty(a.shape)
    moved = np.moveaxis(a, axis, -1)
    target = np.moveaxis(out, axis, -1)
    with mpmath.workdps(MP_DIGITS):
        for idx in np.ndindex(moved.shape[:-1]):
            values = list(moved[idx])
            mean = sum(values, Fraction(0)) / len(values)
            var = sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values)
            sd = mpmath.sqrt(_mp(var + Fraction(eps)))
            target[idx] = [float(_mp(v - mean) / sd) for v in values]
    return out


def _exact_moments(h: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The exact mean and population variance of each slice of the float array ``h`` along ``axis``."""
    means, variances = [], []
    for values in np.moveaxis(np.asarray(h, dtype=float), axis, -1).reshape(-1, h.shape[axis]):
        q = [Fraction(float(v)) for v in values]
        mean = sum(q, Fraction(0)) / len(q)
        means.append(float(mean))
        variances.append(float(sum(((v - mean) ** 2 for v in q), Fraction(0)) / len(q)))
    return np.array(means), np.array(variances)


def _well_conditioned(a: np.ndarray, axis: int) -> bool:
    """Every slice's variance is at least VAR_FLOOR × the mean square of the array (scale-free)."""
    return bool(np.min(a.var(axis=axis)) > VAR_FLOOR * float(np.mean(a * a)))


# -- an independent re-implementation of the layers (complex-safe, for complex-step derivatives) ------------------


def _reference_standardize(a: np.ndarray, axis: int, eps: float = 0.0) -> np.ndarray:
    n = a.shape[axis]
    d = a - a.sum(axis=axis, keepdims=True) / n
    return d / np.sqrt((d * d).sum(axis=axis, keepdims=True) / n + eps)


def _reference_loss(X: np.ndarray, V: np.ndarray, T: np.ndarray, norm: str) -> Callable[[np.ndarray], Any]:
    """W ↦ ½‖Norm(X Wᵀ) V − T‖² / B, written from the paper's definitions."""

    def loss(W: np.ndarray) -> Any:
        if norm == "weight":
            W = W / np.sqrt((W * W).sum(axis=1, keepdims=True))
        a = X @ W.T
        h = _reference_standardize(a, 1) if norm == "layer" else _reference_standardize(a, 0) if norm == "batch" else a
        r = h @ V - T
        return (r * r).sum() / (2 * X.shape[0])

    return loss


def _model(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X (6 cases × 4 inputs), V (5 units × 2 outputs), T (6 × 2) and W (5 × 4), standard normal."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(6, 4)), rng.normal(size=(5, 2)), rng.normal(size=(6, 2)), rng.normal(size=(5, 4))


# -- the layers --------------------------------------------------------------------------------------------------


@C.LIBRARY_LAYERS.check(given={"seed": seeds, "norm": st.sampled_from(PAPER_NORMS), "exponent": exponents},
                        examples=12, regressions=[{"seed": 0, "norm": "layer", "exponent": 200},
                                                  {"seed": 0, "norm": "weight", "exponent": 0}],
                        precision="exact rationals; 40-digit square roots",
                        tolerance=f"{LIB_TOL:g} on O(1) features, means and variances: float64 roundoff of a "
                                  "standardization (ill-conditioned draws rejected)")
def standardized_outputs(subject, ev, seed, norm, exponent):
    r"""TinyNet's features of a random batch, with $W$ scaled by $10^{\text{exponent}}$: LayerNorm and BatchNorm
    slices have exact mean 0 and variance 1 and equal the exact standardization of $a = XW^\top$; WeightNorm's
    rows $\hat w_i$ have norm 1 and $a = X\hat W^\top$; without normalization $a = XW^\top$."""
    X, V, T, W0 = _model(seed)
    W = W0 * 10.0**exponent
    ev.show("X", X)
    ev.show("W", W)
    ev.assume(conditioned(norm if norm != "none" else "weight", X, W0))
    net = subject["TinyNet"](X, V, T, norm=norm)
    a_exact = _exact_product(X, W)
    with np.errstate(all="ignore"):  # the values are judged, not how the library got them
        pre, h = net.pre_activations(W), net.features(W)
    ev.show("a (library's pre_activations)", pre)
    ev.show("features (library)", h)
    ev.finite(h, "the library's features")
    if norm in ("layer", "batch"):
        axis = 1 if norm == "layer" else 0
        truth_a = a_exact.astype(float)
        ev.close(pre, truth_a, atol=LIB_TOL * float(np.max(np.abs(truth_a))), what="a = XWᵀ",
                 labels=("pre_activations (library)", "exact XWᵀ"))
        means, variances = _exact_moments(h, axis)
        ev.show("mean of each slice (exact)", means)
        ev.show("variance of each slice (exact)", variances)
        ev.close(means, np.zeros_like(means), atol=LIB_TOL, what=f"{norm}norm slice means",
                 labels=("slice means of the library's features", "0 (Eq. (2)–(3))"))
        ev.close(variances, np.ones_like(variances), atol=LIB_TOL, what=f"{norm}norm slice variances",
                 labels=("slice variances of the library's features", "1 (Eq. (2)–(3))"))
        truth = _exact_standardized(a_exact, axis)
    elif norm == "weight":
        with np.errstate(all="ignore"):
            W_hat = subject["weight_normalize"](W)
        ev.show("ŵ rows (library's weight_normalize)", W_hat)
        ev.finite(W_hat, "the library's ŵ rows")
        norms = np.array([float(sum((Fraction(float(v)) ** 2 for v in row), Fraction(0))) for row in W_hat])
        ev.show("‖ŵ_i‖² (exact)", norms)
        ev.close(norms, np.ones_like(norms), atol=LIB_TOL, what="squared row norms of ŵ",
                 labels=("‖ŵ_i‖² of the library's rows", "1 (§5.1: σ = ‖w‖₂)"))
        with mpmath.workdps(MP_DIGITS):
            Wq = np.array(_exact(W), dtype=object)
            row_norms = [mpmath.sqrt(_mp(sum((v * v for v in row), Fraction(0)))) for row in Wq]
            W_hat_truth = np.array([[float(_mp(v) / r) for v in row] for row, r in zip(Wq, row_norms)])
        ev.close(W_hat, W_hat_truth, atol=LIB_TOL, what="ŵ_i = w_i/‖w_i‖",
                 labels=("weight_normalize (library)", "exact w_i/‖w_i‖"))
        truth = _exact_product(X, W_hat_truth).astype(float)
    else:
        truth = a_exact.astype(float)
    ev.show("features (exact)", truth)
    ev.close(h, truth, atol=LIB_TOL * max(1.0, float(np.max(np.abs(truth)))), what=f"{norm} features",
             labels=("features (library)", "exact features"))


@C.LIBRARY_LAYERS.check(given={"seed": seeds, "axis": st.sampled_from((0, 1)), "eps": epsilons,
                               "exponent": exponents},
                        examples=12, regressions=[{"seed": 0, "axis": 1, "eps": 0.0, "exponent": 200},
                                                  {"seed": 0, "axis": 0, "eps": 0.5, "exponent": 0}],
                        precision="exact rationals; 40-digit square roots",
                        tolerance=f"{LIB_TOL:g} relative to the largest entry: float64 roundoff of a standardization")
def normalize_matches_exact(subject, ev, seed, axis, eps, exponent):
    r"""`normalize(a, axis, eps)` on a random $3 \times 5$ or $5 \times 3$ array scaled by $10^{\text{exponent}}$
    equals $(a - \mu)/\sqrt{\sigma^2 + \epsilon}$ along the axis, computed exactly (slices of 5 entries)."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(5, 3) if axis == 0 else (3, 5)) * 10.0**exponent
    ev.show("a", a)
    ev.assume(_well_conditioned(a / 10.0**exponent, axis))
    with np.errstate(all="ignore"):  # the values are judged, not how the library got them
        y = subject["normalize"](a, axis, eps)
    truth = _exact_standardized(np.array(_exact(a), dtype=object), axis, eps)
    ev.show("normalize(a, axis, eps) (library)", y)
    ev.show("(a − μ)/√(σ² + ε) (exact)", truth)
    ev.close(y, truth, atol=LIB_TOL * float(np.max(np.abs(truth))), what="normalize(a)",
             context=f"axis {axis}, ε={eps:.3g}, scale 1e{exponent}",
             labels=("normalize (library)", "exact standardization"))


@C.LIBRARY_LAYERS.check(given={"seed": seeds, "norm": st.sampled_from(PAPER_NORMS), "eps": epsilons},
                        examples=8, regressions=[{"seed": 0, "norm": "layer", "eps": 0.5}],
                        precision="exact: the same generator replayed", tolerance="none: equal arrays and names")
def random_net_builds_the_model(subject, ev, seed, norm, eps):
    """NORMS names the paper's three layers and the model without one; `random_net(seed, …)` returns a TinyNet
    with the requested layer, ε and sizes, whose X, V, T and W are the documented draws of `default_rng(seed)`."""
    ev.show("NORMS", list(subject["NORMS"]))
    ev.that(tuple(subject["NORMS"]) == PAPER_NORMS, "NORMS does not name the paper's layers",
            claimed=list(subject["NORMS"]), observed=list(PAPER_NORMS),
            labels=("NORMS (library)", "LayerNorm, BatchNorm, WeightNorm and none"))
    net, W = subject["random_net"](seed, batch=5, d_in=3, width=4, k=2, norm=norm, eps=eps)
    rng = np.random.default_rng(seed)
    X, V, T, W_truth = (rng.normal(size=s) for s in ((5, 3), (4, 2), (5, 2), (4, 3)))
    ev.show("W (library)", W)
    ev.show("W (replayed draw)", W_truth)
    ev.that(isinstance(net, subject["TinyNet"]), f"random_net returned a {type(net).__name__}, not a TinyNet")
    ev.that((net.norm, float(net.eps)) == (norm, eps), "the model has another layer or ε than requested",
            claimed=[net.norm, float(net.eps)], observed=[norm, eps],
            labels=("(norm, ε) of the model built", "(norm, ε) requested"))
    for name, built, truth in (("X", net.X, X), ("V", net.V, V), ("T", net.T, T), ("W", W, W_truth)):
        ev.that(bool(np.shape(built) == truth.shape and np.array_equal(built, truth)),
                f"{name} is not the documented draw of default_rng(seed)", claimed=np.shape(built),
                observed=truth.shape, labels=(f"shape of {name} (library)", "requested shape"))


# -- the gradients -----------------------------------------------------------------------------------------------


@C.LIBRARY_GRADIENTS.check(given={"seed": seeds, "axis": st.sampled_from((0, 1)), "eps": epsilons,
                                  "exponent": exponents},
                           examples=12, regressions=[{"seed": 0, "axis": 1, "eps": 0.0, "exponent": 200}],
                           precision="complex step (exact to roundoff)",
                           tolerance=f"{GRAD_TOL:g} relative to the largest entry: roundoff of the closed form")
def backward_matches_complex_step(subject, ev, seed, axis, eps, exponent):
    r"""`normalize_backward(a, dy, axis, eps)` equals the complex-step gradient of $\sum dy \cdot
    \operatorname{standardize}(a)$ (an independent implementation) on a random $3 \times 5$ or $5 \times 3$ array;
    at scale $10^{\text{exponent}} \neq 1$ with $\epsilon = 0$, by homogeneity of degree $-1$."""
    rng = np.random.default_rng(seed)
    shape = (5, 3) if axis == 0 else (3, 5)
    a0, dy = rng.normal(size=shape), rng.normal(size=shape)
    eps = eps if exponent == 0 else 0.0
    scale = 10.0**exponent
    a = a0 * scale
    for name, value in (("a", a), ("dy", dy), ("ε used", eps)):
        ev.show(name, value)
    ev.assume(_well_conditioned(a0, axis))
    with np.errstate(all="ignore"):  # the values are judged, not how the library got them
        g = subject["normalize_backward"](a, dy, axis, eps)
    truth = complex_step_grad(lambda x: (dy * _reference_standardize(x, axis, eps)).sum(), a0) / scale
    ev.show("normalize_backward (library)", g)
    ev.show("complex-step gradient", truth)
    ev.close(g, truth, atol=GRAD_TOL * float(np.max(np.abs(truth))), what="∂/∂a Σ dy·normalize(a)",
             context=f"axis {axis}, ε={eps:.3g}, scale 1e{exponent}",
             labels=("normalize_backward (library)", "complex-step gradient"))


@C.LIBRARY_GRADIENTS.check(given={"seed": seeds, "norm": st.sampled_from(PAPER_NORMS), "exponent": exponents},
                           examples=12, regressions=[{"seed": 0, "norm": "layer", "exponent": 200},
                                                     {"seed": 0, "norm": "weight", "exponent": 0}],
                           precision="complex step (exact to roundoff)",
                           tolerance=f"loss {LIB_TOL:g} relative; gradient {GRAD_TOL:g} relative to its largest entry")
def loss_and_grad_match_reference(subject, ev, seed, norm, exponent):
    r"""TinyNet's `loss(W)` and `grad(W)` equal the reference loss $\frac{1}{2B}\lVert \mathrm{Norm}(XW^\top)V - T
    \rVert^2$ and its complex-step gradient; for the three layers with $W$ scaled by $10^{\text{exponent}}$ (the
    loss is invariant, the gradient scales by $10^{-\text{exponent}}$)."""
    X, V, T, W0 = _model(seed)
    scale = 10.0**exponent if norm != "none" else 1.0
    W = W0 * scale
    for name, value in (("X", X), ("V", V), ("T", T), ("W", W)):
        ev.show(name, value)
    ev.assume(conditioned(norm if norm != "none" else "weight", X, W0))
    net = subject["TinyNet"](X, V, T, norm=norm)
    with np.errstate(all="ignore"):  # the values are judged, not how the library got them
        loss, grad = float(net.loss(W)), net.grad(W)
    reference = _reference_loss(X, V, T, norm)
    truth_loss = float(reference(W0))
    truth_grad = complex_step_grad(reference, W0) / scale
    for name, value in (("loss (library)", loss), ("reference loss", truth_loss), ("grad (library)", grad),
                        ("complex-step gradient", truth_grad)):
        ev.show(name, value)
    ev.close(loss, truth_loss, rtol=LIB_TOL, what="loss", context=f"{norm}, scale {scale:g}",
             labels=("loss (library)", "reference loss"))
    ev.close(grad, truth_grad, atol=GRAD_TOL * float(np.max(np.abs(truth_grad))), what="gradient",
             context=f"{norm}, scale {scale:g}", labels=("grad (library)", "complex-step gradient of the reference"))
