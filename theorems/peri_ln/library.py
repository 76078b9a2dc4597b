"""What a practitioner calls: RMSNorm and LayerNorm (ε = 0), their vector–Jacobian products, and residual
stacks of ReLU-MLP sublayers in the Post-LN, Pre-LN and Peri-LN placements, with their backward passes.

J. Kim et al., "Peri-LN: Revisiting Normalization Layer in the Transformer Architecture", arXiv 2502.02732.
No code was released with the paper; this is written from the placements as the family's claims state them:

* Post-LN: x_{l+1} = Norm(x_l + F(x_l));
* Pre-LN: x_{l+1} = x_l + F(Norm(x_l));
* Peri-LN: x_{l+1} = x_l + Norm_out(F(Norm_in(x_l)));

with the bias-free ReLU MLP F(x) = ReLU(x W1) W2 (W1 of shape (D, m), W2 of shape (m, D); an optional first
bias b1 of shape (m,)). A state is a vector (D,) or a batch of rows (T, D); each row is normalised on its own.

* :func:`rms_norm` — γ ⊙ a √D / ‖a‖ (the RMS r = ‖a‖/√D, ε = 0);
* :func:`layer_norm` — γ ⊙ (a − ā1) √D / ‖a − ā1‖ + β;
* :func:`norm_vjp` — ∂⟨g, Norm(a)⟩/∂a = (√D/‖c‖) P (I − v vᵀ)(γ ⊙ g), c = Pa, v = c/‖c‖ (P = I for RMSNorm,
  the centring projection I − 11ᵀ/D for LayerNorm): the Jacobian's rank-one term included;
* :func:`residual_block`, :func:`residual_stack` — one block, and the states x_0, …, x_L of a stack;
* :func:`stack_input_gradient` — ∂⟨g, x_L⟩/∂x_0 by reverse mode;
* :func:`output_weight_gradient` — ∂⟨g, o⟩/∂W2 of one Pre-LN or Peri-LN block (Proposition 3.1's quantity);
* :func:`gradient_bound` — the least bound max|γ|·√D‖h‖‖g‖/‖c‖ on ‖∂L/∂W2‖_F for a Peri-LN block.

Norms are computed scale-free: each row is multiplied by a power of two (exact) that brings its largest entry
into [1/2, 1) before anything is squared, so rows of size 1e±300 give the result of the unscaled row. A row
with ‖a‖ = 0 (RMSNorm) or with all entries equal (LayerNorm) has no normalisation at ε = 0 and raises a
ValueError. Every argument is validated: ``TypeError`` (not an array of real numbers; booleans, strings,
complex numbers, None) or ``ValueError`` (NaN, infinity, empty, wrong shape, unknown option) names it.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["NORMS", "PLACEMENTS", "rms_norm", "layer_norm", "norm_vjp", "residual_block", "residual_stack",
           "stack_input_gradient", "output_weight_gradient", "gradient_bound"]

NORMS = ("rms", "layer")
PLACEMENTS = ("post", "pre", "peri")


# -- validation ------------------------------------------------------------------------------------------


def _array(name: str, value: Any, ndims: tuple[int, ...]) -> np.ndarray:
    """``value`` as a finite float array with one of ``ndims`` axes, or TypeError/ValueError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings, None or complex numbers)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} "
                        "(booleans, strings and complex numbers are not accepted)")
    arr = raw.astype(float)
    if arr.ndim not in ndims:
        raise ValueError(f"{name} must have {' or '.join(map(str, ndims))} axes, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _rows(name: str, value: Any) -> tuple[np.ndarray, bool]:
    arr = _array(name, value, (1, 2))
    return (arr[None, :], True) if arr.ndim == 1 else (arr, False)


def _vector(name: str, value: Any, size: int, default: float) -> np.ndarray:
    """A gain or bias: None (the default, every entry ``default``), a real number, or an array of ``size``."""
    if value is None:
        return np.full(size, default)
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        v = float(value)
        if not np.isfinite(v):
            raise ValueError(f"{name} must be finite, got {value!r}")
        return np.full(size, v)
    arr = _array(name, value, (1,))
    if arr.shape != (size,):
        raise ValueError(f"{name} must have shape ({size},), one entry per feature, got {arr.shape}")
    return arr


def _choice(name: str, value: Any, options: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}, got {type(value).__name__}")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def _weights(layers: Any, dim: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if layers is None or isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
        raise TypeError(f"layers must be a sequence of (W1, W2) pairs, got {type(layers).__name__}")
    if len(layers) == 0:
        raise ValueError("layers is empty: a stack needs at least one block")
    out = []
    for i, pair in enumerate(layers):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"layers[{i}] must be a pair (W1, W2)")
        out.append(_pair(pair[0], pair[1], dim, f"layers[{i}]."))
    return out


def _pair(W1: Any, W2: Any, dim: int, prefix: str = "") -> tuple[np.ndarray, np.ndarray]:
    w1 = _array(f"{prefix}W1", W1, (2,))
    w2 = _array(f"{prefix}W2", W2, (2,))
    if w1.shape[0] != dim:
        raise ValueError(f"{prefix}W1 must have shape ({dim}, m) for states of {dim} features, got {w1.shape}")
    if w2.shape != (w1.shape[1], dim):
        raise ValueError(f"{prefix}W2 must have shape ({w1.shape[1]}, {dim}) to match W1 {w1.shape}, got {w2.shape}")
    return w1, w2


# -- normalisation ---------------------------------------------------------------------------------------


def _scaled(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows · 2^{−e}, e) per row, e the exponent of the row's largest |entry| (exact scaling; 0 for a zero row)."""
    top = np.max(np.abs(rows), axis=1)
    exponent = np.frexp(top)[1]
    return np.ldexp(rows, -exponent[:, None]), exponent


def _direction(rows: np.ndarray, kind: str, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(v, n, e): the unit direction v = c/‖c‖ of each row (c = a, or a − ā1 for LayerNorm), ‖c‖ = n·2^e."""
    scaled, exponent = _scaled(rows)
    if kind == "layer":
        scaled = scaled - scaled.mean(axis=1, keepdims=True)
        scaled -= scaled.mean(axis=1, keepdims=True)  # corrected two-pass centring
        flat = np.all(rows == rows[:, :1], axis=1)
    else:
        flat = np.all(rows == 0, axis=1)
    if np.any(flat):
        i = int(np.argmax(flat))
        what = "all its entries are equal" if kind == "layer" else "it is zero"
        raise ValueError(f"{name}: row {i} cannot be normalised at ε = 0 ({what}, so the normalisation is 0/0)")
    n = np.sqrt(np.sum(scaled * scaled, axis=1))
    return scaled / n[:, None], n, exponent


def rms_norm(a: Any, gain: Any = None) -> np.ndarray:
    """RMSNorm with ε = 0: γ ⊙ a/r, r = ‖a‖/√D, for a vector (D,) or each row of (T, D); ``gain`` γ is None (1), a
    number or a (D,) array. Scale-invariant: rms_norm(c·a) = rms_norm(a) for every c > 0."""
    rows, single = _rows("a", a)
    g = _vector("gain", gain, rows.shape[1], 1.0)
    v = _direction(rows, "rms", "a")[0]
    out = g * np.sqrt(rows.shape[1]) * v
    return out[0] if single else out


def layer_norm(a: Any, gain: Any = None, bias: Any = None) -> np.ndarray:
    """LayerNorm with ε = 0: γ ⊙ (a − ā1)/σ + β with the population σ, for a vector or each row."""
    rows, single = _rows("a", a)
    g = _vector("gain", gain, rows.shape[1], 1.0)
    b = _vector("bias", bias, rows.shape[1], 0.0)
    v = _direction(rows, "layer", "a")[0]
    out = g * np.sqrt(rows.shape[1]) * v + b
    return out[0] if single else out


def norm_vjp(a: Any, g: Any, gain: Any = None, kind: str = "rms") -> np.ndarray:
    """∂⟨g, Norm(a)⟩/∂a for RMSNorm (``kind="rms"``) or LayerNorm (``"layer"``), ε = 0: (√D/‖c‖) P(I − vvᵀ)(γ⊙g)
    with c = Pa and v = c/‖c‖. Homogeneous of degree −1 in a. ``g`` has the shape of ``a``."""
    kind = _choice("kind", kind, NORMS)
    rows, single = _rows("a", a)
    grads, _ = _rows("g", g)
    if grads.shape != rows.shape:
        raise ValueError(f"g must have the shape of a, {rows.shape[1:] if single else rows.shape}, "
                         f"got {np.shape(g)}")
    dim = rows.shape[1]
    gam = _vector("gain", gain, dim, 1.0)
    v, n, exponent = _direction(rows, kind, "a")
    w = gam * grads
    out = w - np.sum(w * v, axis=1, keepdims=True) * v
    if kind == "layer":
        out -= out.mean(axis=1, keepdims=True)
    with np.errstate(over="ignore"):
        out = np.ldexp(np.sqrt(dim) * out / n[:, None], -exponent[:, None])
    if not np.all(np.isfinite(out)):
        raise ValueError("a: the Jacobian of the normalisation, of size √D/‖a‖, exceeds the float range")
    return out[0] if single else out


def _norm(rows: np.ndarray, gain: np.ndarray, kind: str, name: str) -> np.ndarray:
    return gain * np.sqrt(rows.shape[1]) * _direction(rows, kind, name)[0]


# -- residual stacks -------------------------------------------------------------------------------------


def _forward(rows, w1, w2, placement, kind, g_in, g_out, b1):
    """One block on rows; returns the next rows and what the backward pass needs."""
    inner = rows if placement == "post" else _norm(rows, g_in, kind, "x")
    pre = inner @ w1 + b1
    h = np.maximum(pre, 0.0)
    a = h @ w2
    if placement == "pre":
        return rows + a, (inner, pre, a, None)
    if placement == "peri":
        return rows + _norm(a, g_out, kind, "F(Norm(x))"), (inner, pre, a, None)
    v = rows + a
    return _norm(v, g_out, kind, "x + F(x)"), (inner, pre, a, v)


def _setup(x, placement, norm, gain_in, gain_out):
    placement = _choice("placement", placement, PLACEMENTS)
    kind = _choice("norm", norm, NORMS)
    rows, single = _rows("x", x)
    dim = rows.shape[1]
    return placement, kind, rows, single, _vector("gain_in", gain_in, dim, 1.0), _vector("gain_out", gain_out, dim, 1.0)


def residual_block(x: Any, W1: Any, W2: Any, *, placement: str = "peri", norm: str = "rms", gain_in: Any = None,
                   gain_out: Any = None, b1: Any = None) -> np.ndarray:
    """x_{l+1} from x_l for one block: ``placement`` "post" (Norm(x + F(x)), the norm's gain is ``gain_out``),
    "pre" (x + F(Norm(x))) or "peri" (x + Norm(F(Norm(x)))), ``norm`` "rms" or "layer", F(x) = ReLU(xW1 + b1)W2."""
    placement, kind, rows, single, g_in, g_out = _setup(x, placement, norm, gain_in, gain_out)
    w1, w2 = _pair(W1, W2, rows.shape[1])
    bias = _vector("b1", b1, w1.shape[1], 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _forward(rows, w1, w2, placement, kind, g_in, g_out, bias)[0]
    if not np.all(np.isfinite(out)):
        raise ValueError("W1, W2: the block's output exceeds the float range")
    return out[0] if single else out


def residual_stack(x0: Any, layers: Any, *, placement: str = "peri", norm: str = "rms", gain_in: Any = None,
                   gain_out: Any = None) -> np.ndarray:
    """The states x_0, …, x_L of a stack of bias-free blocks, ``layers`` a sequence of (W1, W2): an array of shape
    (L + 1, D) for a vector x_0, (L + 1, T, D) for rows."""
    placement, kind, rows, single, g_in, g_out = _setup(x0, placement, norm, gain_in, gain_out)
    weights = _weights(layers, rows.shape[1])
    states = [rows]
    with np.errstate(over="ignore", invalid="ignore"):
        for w1, w2 in weights:
            states.append(_forward(states[-1], w1, w2, placement, kind, g_in, g_out, 0.0)[0])
    out = np.stack(states)
    if not np.all(np.isfinite(out)):
        raise ValueError("layers: the states exceed the float range")
    return out[:, 0] if single else out


def _norm_back(rows, grads, gain, kind):
    v, n, exponent = _direction(rows, kind, "state")
    w = gain * grads
    out = w - np.sum(w * v, axis=1, keepdims=True) * v
    if kind == "layer":
        out -= out.mean(axis=1, keepdims=True)
    return np.ldexp(np.sqrt(rows.shape[1]) * out / n[:, None], -exponent[:, None])


def _block_back(rows, grad, w1, w2, placement, kind, g_in, g_out, cache):
    """∂⟨grad, x_{l+1}⟩/∂x_l for one block."""
    inner, pre, a, v = cache
    if placement == "post":
        grad_v = _norm_back(v, grad, g_out, kind)
        return grad_v + ((grad_v @ w2.T) * (pre > 0)) @ w1.T
    grad_a = grad if placement == "pre" else _norm_back(a, grad, g_out, kind)
    grad_inner = ((grad_a @ w2.T) * (pre > 0)) @ w1.T
    return grad + _norm_back(rows, grad_inner, g_in, kind)


def stack_input_gradient(x0: Any, layers: Any, g: Any, *, placement: str = "peri", norm: str = "rms",
                         gain_in: Any = None, gain_out: Any = None) -> np.ndarray:
    """∂⟨g, x_L⟩/∂x_0 of the stack (reverse mode), ``g`` of the shape of x_0 (rows are independent)."""
    placement, kind, rows, single, g_in, g_out = _setup(x0, placement, norm, gain_in, gain_out)
    weights = _weights(layers, rows.shape[1])
    grad, _ = _rows("g", g)
    if grad.shape != rows.shape:
        raise ValueError(f"g must have the shape of x0, got {np.shape(g)}")
    caches, state = [], rows
    with np.errstate(over="ignore", invalid="ignore"):
        for w1, w2 in weights:
            nxt, cache = _forward(state, w1, w2, placement, kind, g_in, g_out, 0.0)
            caches.append((state, cache))
            state = nxt
        if not np.all(np.isfinite(state)):
            raise ValueError("layers: the states exceed the float range")
        for (w1, w2), (state, cache) in zip(reversed(weights), reversed(caches)):
            grad = _block_back(state, grad, w1, w2, placement, kind, g_in, g_out, cache)
    if not np.all(np.isfinite(grad)):
        raise ValueError("layers: the gradient exceeds the float range")
    return grad[0] if single else grad


def output_weight_gradient(x: Any, W1: Any, W2: Any, g: Any, *, placement: str = "peri", norm: str = "rms",
                           gain_in: Any = None, gain_out: Any = None, b1: Any = None) -> np.ndarray:
    """∂⟨g, o⟩/∂W2 (shape of W2) for one block o = x + F(Norm(x)) ("pre") or x + Norm(F(Norm(x))) ("peri"), g =
    ∂L/∂o; summed over rows: Σ_t h_tᵀ g_t for Pre-LN, Σ_t h_tᵀ (J_Normᵀ g)_t for Peri-LN."""
    placement = _choice("placement", placement, ("pre", "peri"))
    placement, kind, rows, single, g_in, g_out = _setup(x, placement, norm, gain_in, gain_out)
    w1, w2 = _pair(W1, W2, rows.shape[1])
    bias = _vector("b1", b1, w1.shape[1], 0.0)
    grad, _ = _rows("g", g)
    if grad.shape != rows.shape:
        raise ValueError(f"g must have the shape of x, got {np.shape(g)}")
    inner, pre, a, _ = _forward(rows, w1, w2, placement, kind, g_in, g_out, bias)[1]
    h = np.maximum(pre, 0.0)
    grad_a = grad if placement == "pre" else _norm_back(a, grad, g_out, kind)
    return h.T @ grad_a


def gradient_bound(h: Any, a: Any, g: Any, gain: Any = None, norm: str = "rms") -> float:
    """max|γ|·√D·‖h‖·‖g‖/‖c‖ (c = a for RMSNorm, a − ā1 for LayerNorm): the least bound on ‖∂L/∂W2‖_F of one row of
    a Peri-LN block with hidden activation h, sublayer output a and g = ∂L/∂o (attained for a constant gain and g
    orthogonal to c and to 1)."""
    kind = _choice("norm", norm, NORMS)
    hv = _array("h", h, (1,))
    av = _array("a", a, (1,))
    gv = _array("g", g, (1,))
    if gv.shape != av.shape:
        raise ValueError(f"g must have the shape of a, {av.shape}, got {gv.shape}")
    gam = _vector("gain", gain, av.size, 1.0)
    _, n, exponent = _direction(av[None, :], kind, "a")
    sh, eh = _scaled(hv[None, :])
    sg, eg = _scaled(gv[None, :])
    value = (np.max(np.abs(gam)) * np.sqrt(av.size) * np.linalg.norm(sh) * np.linalg.norm(sg) / n[0])
    with np.errstate(over="ignore"):
        out = float(np.ldexp(value, int(eh[0]) + int(eg[0]) - int(exponent[0])))
    if not np.isfinite(out):
        raise ValueError("h, g: the bound exceeds the float range")
    return out
