"""The library against 40-digit values at every scale (peri_ln.library_norms) and against complex-step derivatives
of the forward maps (peri_ln.library_gradients)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.peri_ln import claims_gradient as C
from ...theorems.peri_ln import formulas as F
from .strategies import kinds, seeds, stack_case

STEP = 1e-30


def _norm_at_forty(row, gain, bias, kind):
    with mpmath.workdps(40):
        v = [mpmath.mpf(float(x)) for x in row]
        d = len(v)
        if kind == "layer":
            mean = mpmath.fsum(v) / d
            v = [x - mean for x in v]
        root = mpmath.sqrt(mpmath.fsum(x * x for x in v) / d)
        return np.array([float(mpmath.mpf(float(gain[k])) * v[k] / root + mpmath.mpf(float(bias[k])))
                         for k in range(d)])


#: Rows of size 1e200 with a LayerNorm offset of 1e6 times the spread: both planted bugs fail here.
EXTREME = {"seed": 3, "dim": 5, "exponent": 200.0, "offset": 1e6, "kind": "rms"}


@C.LIB_NORMS.check(given={"seed": seeds, "dim": st.integers(2, 40), "exponent": st.floats(-300.0, 300.0),
                          "offset": st.sampled_from([0.0, 1.0, 1e3, 1e6]), "kind": kinds}, examples=8,
                   precision="mpmath 40 digits on the same floats",
                   tolerance=r"absolute $10^{-14}(1 + \mathrm{offset})\sqrt{D}\max|\gamma|$ per entry",
                   regressions=[EXTREME, {**EXTREME, "kind": "layer"}])
def matches_forty_digits(subject, ev, seed, dim, exponent, offset, kind):
    r"""rms_norm and layer_norm (gain, and a bias for LayerNorm) equal the definitions at 40 digits, for two rows."""
    rms_norm, layer_norm = subject
    rng = np.random.default_rng(seed)
    rows = 10.0**exponent * (rng.standard_normal((2, dim)) + (offset if kind == "layer" else 0.0))
    gain, bias = rng.uniform(0.5, 1.5, dim), (rng.standard_normal(dim) if kind == "layer" else np.zeros(dim))
    ev.assume(bool(np.all(np.isfinite(rows))))
    with np.errstate(all="ignore"):
        got = rms_norm(rows, gain) if kind == "rms" else layer_norm(rows, gain, bias)
    truth = np.array([_norm_at_forty(r, gain, bias, kind) for r in rows])
    ev.show("first row", rows[0][:6])
    ev.show("library", np.asarray(got)[0][:6])
    ev.show("40 digits", truth[0][:6])
    ev.close(got, truth, atol=1e-14 * (1 + offset) * np.sqrt(dim) * 1.5, what=f"{kind} norm",
             labels=("library", "40-digit definition"))


def _cs_stack_gradient(x0, layers, g, placement, kind, g_in, g_out):
    """∂⟨g, x_L⟩/∂x_0 by the complex step through the formulas' blocks (one row per coordinate)."""
    block = {"post": F.post_block, "pre": F.pre_block, "peri": F.peri_block}[placement]
    x = x0[None, :] + 1j * STEP * np.eye(x0.size)
    for w1, w2 in layers:
        x = block(x, w1, w2, kind, g_in, g_out)
    return (x.imag / STEP) @ g


@C.LIB_GRADIENTS.check(given={"seed": seeds, "dim": st.integers(3, 10), "width": st.integers(2, 10),
                              "depth": st.integers(1, 4), "kind": kinds,
                              "placement": st.sampled_from(["post", "pre", "peri"])}, examples=10,
                       precision="float64 complex step", tolerance="relative 1e-10 of the largest entry")
def matches_complex_step(subject, ev, seed, dim, width, depth, kind, placement):
    r"""norm_vjp, stack_input_gradient and output_weight_gradient against complex-step derivatives of the forward
    maps (random gains)."""
    norm_vjp, stack_input_gradient, output_weight_gradient = subject
    x0, layers, g_in, g_out = stack_case(seed, dim, width, depth, 1)
    x0 = x0[0]
    g = np.random.default_rng(seed + 1).standard_normal(dim)
    for w1, _ in layers:  # no ReLU unit at its kink (the complex step and the mask would disagree)
        ev.assume(bool(np.all(np.abs(F.NORM[kind](x0, g_in) @ w1) > 1e-9)))
    truth = (F.NORM[kind](x0 + 1j * STEP * np.eye(dim), g_in).imag / STEP) @ g
    ev.close(norm_vjp(x0, g, g_in, kind), truth, atol=1e-10 * float(np.max(np.abs(truth))), what="norm_vjp",
             labels=("norm_vjp", "complex step"))
    truth = _cs_stack_gradient(x0, layers, g, placement, kind, g_in, g_out)
    ev.assume(bool(np.all(np.isfinite(truth))))
    got = stack_input_gradient(x0, layers, g, placement=placement, norm=kind, gain_in=g_in, gain_out=g_out)
    ev.show("∂⟨g, x_L⟩/∂x_0 (library)", got)
    ev.show("∂⟨g, x_L⟩/∂x_0 (complex step)", truth)
    ev.close(got, truth, atol=1e-10 * float(np.max(np.abs(truth))), what="stack_input_gradient",
             labels=("stack_input_gradient", "complex step"))
    if placement != "post":
        w1, w2 = layers[0]
        m = w2.size
        pert = np.zeros((m,) + w2.shape, dtype=complex) + w2
        pert[np.arange(m), np.arange(m) // dim, np.arange(m) % dim] += 1j * STEP
        block = F.pre_block if placement == "pre" else F.peri_block
        outs = np.array([block(x0, w1, p, kind, g_in, g_out) @ g for p in pert])
        truth = (outs.imag / STEP).reshape(w2.shape)
        got = output_weight_gradient(x0, w1, w2, g, placement=placement, norm=kind, gain_in=g_in, gain_out=g_out)
        ev.close(got, truth, atol=1e-10 * float(np.max(np.abs(truth))), what="output_weight_gradient",
                 labels=("output_weight_gradient", "complex step"))
