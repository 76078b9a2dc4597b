"""The maps under test, as the claims state them, and their mutants (plausible wrong variants).

Everything here is written plainly from the definitions (no rescaling, no validation) and works on float64,
complex (complex-step derivatives: the RMS is √(Σ a_k²), analytic, never √(Σ|a_k|²); ReLU tests the real part)
and object arrays of mpmath numbers (high-precision re-verification). A state is a vector (D,) or rows (T, D);
W1 has shape (D, m), W2 shape (m, D). Gains are numbers or (D,) arrays.

Placements (the secondary summary's Eqs. 1–3 of the paper, reconstructed):

* Post-LN: x_{l+1} = Norm(x_l + F(x_l)); Pre-LN: x_{l+1} = x_l + F(Norm(x_l));
* Peri-LN: x_{l+1} = x_l + Norm_out(F(Norm_in(x_l))), F(x) = ReLU(x W1) W2.

Proposition 3.1 as summarised: for one MLP sublayer with hidden activation h = ReLU(x̃W1), a = hW2 and g = ∂L/∂o,
Pre-LN has ∂L/∂W2_{ij} = h_i g_j, Peri-LN ∂L/∂W2 = hᵀ(J_Norm(a)ᵀ g), with the RMSNorm Jacobian
J = (diag(γ) − γ⊙a aᵀ/(D r²))/r, r = ‖a‖/√D.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np

# -- generic arithmetic (float, complex, mpmath objects) ----------------------------------------------


def _sqrt(x: Any) -> Any:
    arr = np.asarray(x)
    if arr.dtype == object:
        return np.vectorize(mpmath.sqrt, otypes=[object])(arr)
    return np.sqrt(arr)


def _exp(x: Any) -> Any:
    arr = np.asarray(x)
    if arr.dtype == object:
        return np.vectorize(mpmath.exp, otypes=[object])(arr)
    return np.exp(arr)


def _root_dim(a: np.ndarray) -> Any:
    d = a.shape[-1]
    return mpmath.sqrt(d) if a.dtype == object else np.sqrt(d)


def relu(z: Any) -> Any:
    """max(z, 0), the sign decided on the real part (a complex step passes through unchanged where z > 0)."""
    z = np.asarray(z)
    mask = (z.real > 0) if np.iscomplexobj(z) else (z > 0)
    return np.where(mask, z, 0 * z)


def rms(a: Any, gain: Any = 1.0) -> Any:
    """RMSNorm, ε = 0: γ ⊙ a √D / √(Σ_k a_k²) along the last axis."""
    a = np.asarray(a)
    return gain * a * _root_dim(a) / _sqrt(np.sum(a * a, axis=-1, keepdims=True))


def layer(a: Any, gain: Any = 1.0) -> Any:
    """LayerNorm, ε = 0, no bias: γ ⊙ (a − ā1) √D / √(Σ_k (a_k − ā)²)."""
    a = np.asarray(a)
    c = a - np.sum(a, axis=-1, keepdims=True) / a.shape[-1]
    return gain * c * _root_dim(a) / _sqrt(np.sum(c * c, axis=-1, keepdims=True))


NORM = {"rms": rms, "layer": layer}


def matmul(x: Any, W: Any) -> Any:
    """x @ W; a complex x times a real W as two real products (numpy has no BLAS path for the mixed case)."""
    x = np.asarray(x)
    if np.iscomplexobj(x) and not np.iscomplexobj(W) and np.asarray(W).dtype != object:
        return x.real @ W + 1j * (x.imag @ W)
    return x @ W


def mlp(x: Any, W1: Any, W2: Any) -> Any:
    """F(x) = ReLU(x W1) W2 (bias-free)."""
    return matmul(relu(matmul(x, W1)), W2)


# -- blocks: the subjects -----------------------------------------------------------------------------


def peri_block(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """Peri-LN: x + Norm_out(F(Norm_in(x)))."""
    n = NORM[kind]
    return x + n(mlp(n(x, gain_in), W1, W2), gain_out)


def pre_block(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """Pre-LN: x + F(Norm(x)) (no output normalisation; ``gain_out`` unused)."""
    return x + mlp(NORM[kind](x, gain_in), W1, W2)


def post_block(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """Post-LN: Norm(x + F(x)) (one normalisation, its gain ``gain_out``; ``gain_in`` unused)."""
    return NORM[kind](x + mlp(x, W1, W2), gain_out)


# -- block mutants --------------------------------------------------------------------------------------


def norm_after_add(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """"Peri-LN" as Norm(x + F(Norm(x))): the output normalisation after the residual add."""
    n = NORM[kind]
    return n(x + mlp(n(x, gain_in), W1, W2), gain_out)


def output_norm_without_gain(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """The output normalisation without its gain γ_out."""
    n = NORM[kind]
    return x + n(mlp(n(x, gain_in), W1, W2), 1.0)


def output_gain_frozen_at_zero(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """γ_out = 0: the block is the identity."""
    return np.asarray(x) + 0 * peri_block(x, W1, W2, kind, gain_in, gain_out)


def output_norm_with_epsilon(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """The output normalisation with ε = 10⁻⁵ inside the square root (as deep-learning frameworks add)."""
    n = NORM[kind]
    a = mlp(n(x, gain_in), W1, W2)
    a = np.asarray(a)
    eps = mpmath.mpf("1e-5") if a.dtype == object else 1e-5
    if kind == "layer":
        a = a - np.sum(a, axis=-1, keepdims=True) / a.shape[-1]
    return x + gain_out * a / _sqrt(np.sum(a * a, axis=-1, keepdims=True) / a.shape[-1] + eps)


def pre_increment_from_x(x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0):
    """Pre-LN with the increment computed from x instead of Norm(x): x + F(x)."""
    return x + mlp(x, W1, W2)


def stack(block, x0, layers, **kw):
    """The states x_0, …, x_L of ``block`` applied with each (W1, W2) of ``layers``."""
    states = [np.asarray(x0)]
    for W1, W2 in layers:
        states.append(block(states[-1], W1, W2, **kw))
    return states


# -- single-head attention ------------------------------------------------------------------------------


def softmax_rows(s: Any) -> Any:
    s = np.asarray(s)
    e = _exp(s - np.max(s, axis=-1, keepdims=True)) if s.dtype != object else _exp(s)
    return e / np.sum(e, axis=-1, keepdims=True)


def attention(X, Wq, Wk, Wv, Wo):
    """Single-head self-attention on a sequence X (T, D): softmax(XWq (XWk)ᵀ/√d_k) X Wv Wo."""
    X = np.asarray(X)
    dk = Wq.shape[1]
    root = mpmath.sqrt(dk) if X.dtype == object else np.sqrt(dk)
    scores = (X @ Wq) @ (X @ Wk).T / root
    return softmax_rows(scores) @ (X @ Wv) @ Wo


def peri_attention_block(X, weights, kind="rms"):
    """Peri-LN around attention: X + Norm(Attn(Norm(X))) (unit gains)."""
    n = NORM[kind]
    return X + n(attention(n(X), *weights))


def pre_attention_block(X, weights, kind="rms"):
    """Pre-LN around attention: X + Attn(Norm(X))."""
    return X + attention(NORM[kind](X), *weights)


def attention_norm_after_add(X, weights, kind="rms"):
    """Norm(X + Attn(Norm(X))): the output normalisation after the residual add."""
    n = NORM[kind]
    return n(X + attention(n(X), *weights))


# -- Jacobians of the normalisations --------------------------------------------------------------------


def norm_jacobian(a, gain, kind="rms"):
    """J = ∂Norm(a)/∂a (D × D): for RMSNorm (diag(γ) − γ⊙a aᵀ/(D r²))/r with r = ‖a‖/√D; for LayerNorm the same
    at c = a − ā1, times the centring projection P = I − 11ᵀ/D."""
    a = np.asarray(a, dtype=float)
    d = a.size
    gam = np.broadcast_to(np.asarray(gain, dtype=float), (d,))
    proj = np.eye(d) - np.ones((d, d)) / d if kind == "layer" else np.eye(d)
    c = proj @ a
    r = np.sqrt(c @ c / d)
    return (np.diag(gam) - np.outer(gam * c, c) / (d * r * r)) @ proj / r


def jacobian_without_rank_one(a, gain, kind="rms"):
    """diag(γ)/r: the rank-one term γ⊙a aᵀ/(D r²) forgotten."""
    a = np.asarray(a, dtype=float)
    d = a.size
    gam = np.broadcast_to(np.asarray(gain, dtype=float), (d,))
    proj = np.eye(d) - np.ones((d, d)) / d if kind == "layer" else np.eye(d)
    c = proj @ a
    return np.diag(gam) @ proj / np.sqrt(c @ c / d)


def jacobian_rank_one_unscaled(a, gain, kind="rms"):
    """(diag(γ) − γ⊙a aᵀ/r²)/r: the 1/D of the rank-one term forgotten."""
    a = np.asarray(a, dtype=float)
    d = a.size
    gam = np.broadcast_to(np.asarray(gain, dtype=float), (d,))
    proj = np.eye(d) - np.ones((d, d)) / d if kind == "layer" else np.eye(d)
    c = proj @ a
    r = np.sqrt(c @ c / d)
    return (np.diag(gam) - np.outer(gam * c, c) / (r * r)) @ proj / r


def jacobian_without_centring(a, gain, kind="rms"):
    """The RMSNorm Jacobian used for LayerNorm too: the centring projection P forgotten."""
    return norm_jacobian(a, gain, "rms")


# -- Proposition 3.1: ∂L/∂W2 of one sublayer, given h, W2 and g = ∂L/∂o --------------------------------


def pre_weight_gradient(h, W2, g, kind="rms", gain=1.0):
    """Pre-LN: ∂L/∂W2_{ij} = h_i g_j (o = x + hW2)."""
    return np.outer(h, g)


def peri_weight_gradient(h, W2, g, kind="rms", gain=1.0):
    """Peri-LN: ∂L/∂W2 = hᵀ (J_Norm(a)ᵀ g), a = hW2."""
    a = np.asarray(h) @ W2
    return np.outer(h, norm_jacobian(a, gain, kind).T @ g)


def peri_gradient_without_rank_one(h, W2, g, kind="rms", gain=1.0):
    """Peri-LN with the Jacobian's rank-one term forgotten: hᵀ diag(γ) g / r."""
    a = np.asarray(h) @ W2
    return np.outer(h, jacobian_without_rank_one(a, gain, kind).T @ g)


def peri_gradient_as_pre(h, W2, g, kind="rms", gain=1.0):
    """The output normalisation ignored in the backward pass: h_i g_j."""
    return np.outer(h, g)


def weight_gradient_transposed(h, W2, g, kind="rms", gain=1.0):
    """The Pre-LN outer product taken the wrong way round: g_i h_j (for m = D)."""
    return np.outer(g, h)


# -- the bounds ------------------------------------------------------------------------------------------


def paper_bound(h, a, g, gain, kind="rms"):
    """Eq. 8 as summarised: 4 γ √D ‖h‖ / ‖a‖ (no factor ‖∂L/∂o‖; γ read as max|γ|)."""
    a = np.asarray(a, dtype=float)
    return 4 * np.max(np.abs(gain)) * np.sqrt(a.size) * np.linalg.norm(h) / np.linalg.norm(a)


def four_with_uncentred_norm(h, a, g, gain, kind="layer"):
    """For LayerNorm: 4 γ √D ‖h‖ ‖g‖ / ‖a‖ (the most generous reading: the constant 4, the factor ‖g‖, ‖a‖)."""
    a = np.asarray(a, dtype=float)
    return 4 * np.max(np.abs(gain)) * np.sqrt(a.size) * np.linalg.norm(h) * np.linalg.norm(g) / np.linalg.norm(a)


def least_bound(h, a, g, gain, kind="rms"):
    """max|γ| √D ‖h‖ ‖g‖ / ‖c‖, c = a (RMSNorm) or a − ā1 (LayerNorm): C = 1."""
    a = np.asarray(a, dtype=float)
    c = a - a.mean() if kind == "layer" else a
    return np.max(np.abs(gain)) * np.sqrt(a.size) * np.linalg.norm(h) * np.linalg.norm(g) / np.linalg.norm(c)


def bound_half(h, a, g, gain, kind="rms"):
    """C = 1/2: below the least constant."""
    return 0.5 * least_bound(h, a, g, gain, kind)


def bound_without_root_dim(h, a, g, gain, kind="rms"):
    """The factor √D forgotten."""
    return least_bound(h, a, g, gain, kind) / np.sqrt(np.asarray(a).size)


def bound_with_mean_gain(h, a, g, gain, kind="rms"):
    """The mean |γ| in place of max|γ|."""
    return least_bound(h, a, g, gain, kind) * np.mean(np.abs(gain)) / np.max(np.abs(gain))


def bound_uncentred(h, a, g, gain, kind="layer"):
    """C = 1 with ‖a‖ for LayerNorm (the centring forgotten)."""
    a = np.asarray(a, dtype=float)
    return least_bound(h, a, g, gain, "rms")


# -- growth bounds ---------------------------------------------------------------------------------------


def peri_growth_bound(depth, dim, gain):
    """R2: ‖x_L − x_0‖ ≤ L √D max|γ_out| (RMSNorm, or LayerNorm without bias)."""
    return depth * np.sqrt(dim) * np.max(np.abs(gain))


def pre_additive_bound(x0, layers, gain):
    """R4: ‖x_0‖ + Σ_l ‖W2_l‖₂ ‖W1_l‖₂ √D max|γ_in| (spectral norms)."""
    dim = np.asarray(x0).shape[-1]
    return float(np.linalg.norm(x0)) + sum(np.linalg.norm(W1, 2) * np.linalg.norm(W2, 2) for W1, W2 in layers) \
        * np.sqrt(dim) * np.max(np.abs(gain))
