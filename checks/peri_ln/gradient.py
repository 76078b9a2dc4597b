"""Checks of the Jacobian (peri_ln.norm_jacobian) and of Proposition 3.1: Pre-LN's gradient
(peri_ln.pre_ln_weight_gradient), the scaling law (peri_ln.weight_gradient_scaling), and the bounds
(peri_ln.gradient_bound_as_summarised, peri_ln.gradient_bound_rmsnorm, peri_ln.gradient_bound_layernorm_uncentred,
peri_ln.gradient_bound_layernorm).

Ground truth: complex-step derivatives of the forward maps (to ~1e-15 relative, no subtraction), mpmath's numerical
derivatives at 40 digits, and exact rationals for Pre-LN's linear residual; refutations are re-verified at 50 digits.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.peri_ln import claims_gradient as C
from ...theorems.peri_ln import formulas as F
from .strategies import kinds, log_uniform, seeds

STEP = 1e-30
# Complex step: no subtraction, so the derivative is as accurate as the forward map (~(D + m)ε relative). 1e-11
# relative to the largest entry leaves 1000× for D, m ≤ 8; the mutants are off by O(1).
CS_RTOL = 1e-11


def _norm_grad_wrt_w2(h, w2, g, kind, gain):
    """∂⟨g, Norm(hW2)⟩/∂W2 by the complex step, entry by entry (all entries at once: each row of the batch perturbs
    one entry)."""
    m, d = w2.shape
    pert = np.zeros((m * d, m, d), dtype=complex) + w2
    pert[np.arange(m * d), np.arange(m * d) // d, np.arange(m * d) % d] += 1j * STEP
    a = np.einsum("j,njk->nk", h, pert)
    return (F.NORM[kind](a, gain) @ g).imag.reshape(m, d) / STEP


def _case(seed, dim, width, offset=0.0, g_scale=1.0):
    rng = np.random.default_rng(seed)
    h = np.abs(rng.standard_normal(width))
    w2 = rng.standard_normal((width, dim)) + offset
    return h, w2, g_scale * rng.standard_normal(dim), rng.uniform(0.5, 1.5, dim)


# -- the Jacobian --------------------------------------------------------------------------------------------------


def _complex_step_jacobian(a, gain, kind):
    d = a.size
    return (F.NORM[kind](a + 1j * STEP * np.eye(d), gain).imag / STEP).T


def _size(a, gain, kind):
    """√D max|γ|/‖c‖: the size of the Jacobian's entries (it is 0 for LayerNorm at D = 2)."""
    c = a - a.mean() if kind == "layer" else a
    return float(np.sqrt(a.size) * np.max(np.abs(gain)) / np.linalg.norm(c))


_jac = {"seed": seeds, "dim": st.integers(2, 8), "kind": kinds, "scale": log_uniform(1e-3, 1e3)}


@C.JACOBIAN.check(given=_jac, examples=10, precision="float64 complex step",
                  tolerance=f"relative {CS_RTOL:g} of the largest entry")
def matches_complex_step(subject, ev, seed, dim, kind, scale):
    r"""The Jacobian equals the complex-step derivative of the normalisation, column by column (random gains)."""
    rng = np.random.default_rng(seed)
    a, gain = scale * rng.standard_normal(dim), rng.uniform(0.5, 1.5, dim)
    ev.assume(kind == "rms" or dim >= 2)
    truth = _complex_step_jacobian(a, gain, kind)
    got = subject(a, gain, kind)
    ev.show("a", a)
    ev.show("J (subject), first row", got[0])
    ev.show("J (complex step), first row", truth[0])
    ev.close(got, truth, atol=CS_RTOL * _size(a, gain, kind), what="Jacobian", labels=("the formula", "complex step"))


@C.JACOBIAN.check(given={"seed": seeds, "dim": st.integers(2, 4), "kind": kinds}, examples=3,
                  precision="mpmath 40 digits (numerical differentiation)",
                  tolerance="relative 1e-13 of the largest entry")
def matches_forty_digits(subject, ev, seed, dim, kind):
    r"""The Jacobian equals mpmath's numerical derivative of the normalisation at 40 digits."""
    rng = np.random.default_rng(seed)
    a, gain = rng.standard_normal(dim), rng.uniform(0.5, 1.5, dim)
    with mpmath.workdps(40):
        base = [mpmath.mpf(float(v)) for v in a]
        gains = [mpmath.mpf(float(v)) for v in gain]

        def entry(i, j):
            def f(t):
                v = [x + (t if k == j else 0) for k, x in enumerate(base)]
                if kind == "layer":
                    mean = mpmath.fsum(v) / dim
                    v = [x - mean for x in v]
                return gains[i] * v[i] / mpmath.sqrt(mpmath.fsum(x * x for x in v) / dim)
            return float(mpmath.diff(f, 0))

        truth = np.array([[entry(i, j) for j in range(dim)] for i in range(dim)])
    got = subject(a, gain, kind)
    ev.show("J (subject)", got)
    ev.show("J (40 digits)", truth)
    ev.close(got, truth, atol=1e-13 * _size(a, gain, kind), what="Jacobian",
             labels=("the formula", "40-digit derivative"))


@C.JACOBIAN.check(given=_jac, examples=8, precision="float64", tolerance="relative 1e-12")
def operator_norm_and_degree(subject, ev, seed, dim, kind, scale):
    r"""For a constant gain $\gamma$ the largest singular value of $J$ is $\sqrt{D}\gamma/\|c\|$ ($D \ge 3$ for
    LayerNorm), and $J(2a) = J(a)/2$."""
    ev.assume(kind == "rms" or dim >= 3)  # LayerNorm at D = 2 is constant: J = 0
    rng = np.random.default_rng(seed)
    a, gamma = scale * rng.standard_normal(dim), float(rng.uniform(0.5, 1.5))
    c = a - a.mean() if kind == "layer" else a
    got = subject(a, gamma, kind)
    top = float(np.linalg.svd(got, compute_uv=False)[0])
    want = np.sqrt(dim) * gamma / float(np.linalg.norm(c))
    ev.show("singular values of J", np.linalg.svd(got, compute_uv=False))
    ev.close(top, want, rtol=1e-12, what="operator norm", labels=("σ_max(J)", "√Dγ/‖c‖"))
    ev.close(2 * subject(2 * a, gamma, kind), got, atol=1e-12 * want, what="degree −1",
             labels=("2·J(2a)", "J(a)"))


# -- R6 ------------------------------------------------------------------------------------------------------------

_grad = {"seed": seeds, "dim": st.integers(2, 8), "width": st.integers(1, 8), "kind": kinds}


@C.PRE_GRADIENT.check(given=_grad, examples=8, precision="float64 complex step", tolerance=f"relative {CS_RTOL:g}")
def matches_complex_step_pre(subject, ev, seed, dim, width, kind):
    r"""$\partial\langle g, x + hW^{(2)}\rangle/\partial W^{(2)}$ by the complex step equals the formula."""
    h, w2, g, _ = _case(seed, dim, width)
    m, d = w2.shape
    pert = np.zeros((m * d, m, d), dtype=complex) + w2
    pert[np.arange(m * d), np.arange(m * d) // d, np.arange(m * d) % d] += 1j * STEP
    truth = (np.einsum("j,njk->nk", h, pert) @ g).imag.reshape(m, d) / STEP
    ev.show("h", h)
    ev.close(np.asarray(subject(h, w2, g, kind), dtype=float), truth, atol=CS_RTOL * float(np.max(np.abs(truth))),
             what="∂L/∂W⁽²⁾", labels=("the formula", "complex step"))


@C.PRE_GRADIENT.check(given={"seed": seeds, "dim": st.integers(2, 4), "width": st.integers(1, 4)}, examples=4,
                      precision="exact: Fractions", tolerance="none: exact equality", confirm="exact")
def exact_on_rationals(subject, ev, seed, dim, width):
    r"""On rational $h$, $W^{(2)}$, $g$: the exact difference quotient of the linear residual
    $\langle g, x + hW^{(2)}\rangle$ in each entry equals the formula exactly."""
    rng = np.random.default_rng(seed)
    frac = lambda: Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 6)))  # noqa: E731
    h = np.array([frac() for _ in range(width)], dtype=object)
    w2 = np.array([[frac() for _ in range(dim)] for _ in range(width)], dtype=object)
    g = np.array([frac() for _ in range(dim)], dtype=object)

    def loss(w):
        return sum(g[k] * sum(h[j] * w[j, k] for j in range(width)) for k in range(dim))

    truth = np.empty((width, dim), dtype=object)
    for i in range(width):
        for j in range(dim):
            moved = w2.copy()
            moved[i, j] += 1
            truth[i, j] = loss(moved) - loss(w2)
    got = subject(h, w2, g)
    ev.show("h", [str(v) for v in h])
    ev.show("g", [str(v) for v in g])
    same = np.shape(got) == truth.shape and all(Fraction(x) == y for x, y in zip(np.ravel(got), truth.ravel()))
    ev.that(bool(same), "the formula differs from the exact difference quotient",
            claimed=[str(v) for v in np.ravel(got)], observed=[str(v) for v in truth.ravel()],
            labels=("the formula", "exact difference quotient"))


@C.SCALING.check(given={**_grad, "c": log_uniform(1e-3, 1e3)}, examples=10, precision="float64",
                 tolerance="relative 1e-12")
def scaling_law(subject, ev, seed, dim, width, kind, c):
    r"""Pre-LN: $G(ch) = cG(h)$; Peri-LN: $G(ch) = G(h)$ ($W^{(2)}$, $g$ fixed)."""
    ev.assume(abs(np.log(c)) > 0.05)
    pre, peri = subject
    h, w2, g, gain = _case(seed, dim, width)
    ev.show("h", h)
    base_pre, base_peri = pre(h, w2, g, kind, gain), peri(h, w2, g, kind, gain)
    ev.close(pre(c * h, w2, g, kind, gain), c * base_pre, atol=1e-12 * c * float(np.max(np.abs(base_pre))),
             what="Pre-LN degree 1", labels=("G_pre(ch)", "c·G_pre(h)"))
    ev.close(peri(c * h, w2, g, kind, gain), base_peri, atol=1e-12 * F.least_bound(h, h @ w2, g, gain, kind),
             what="Peri-LN degree 0", labels=("G_peri(ch)", "G_peri(h)"))


@C.SCALING.check(given=_grad, examples=8, precision="float64 complex step", tolerance=f"relative {CS_RTOL:g}",
                 name="matches_complex_step")
def matches_complex_step_peri(subject, ev, seed, dim, width, kind):
    r"""The Peri-LN gradient equals the complex-step derivative of $\langle g, \mathrm{Norm}(hW^{(2)})\rangle$."""
    _, peri = subject
    h, w2, g, gain = _case(seed, dim, width)
    truth = _norm_grad_wrt_w2(h, w2, g, kind, gain)
    # the gradient's size is ‖h‖√D max|γ|‖g‖/‖c‖ (its least bound); it is 0 for LayerNorm at D = 2
    ev.close(peri(h, w2, g, kind, gain), truth, atol=CS_RTOL * F.least_bound(h, h @ w2, g, gain, kind),
             what="∂L/∂W⁽²⁾", labels=("the formula", "complex step"))


# -- R5 ------------------------------------------------------------------------------------------------------------

#: D = 2, h = (1), W2 = (1, 0), g = (0, 5): ∂L/∂W2_12 = 5√2 against 4√2.
PAPER_WITNESS = {"h": (1.0,), "w2": ((1.0, 0.0),), "g": (0.0, 5.0)}
#: D = 3, h = (1), a = (5, 4, 3), g = (1, −2, 1): ‖∂L/∂W2‖ = 3 against 12/5.
LN_WITNESS = {"h": (1.0,), "w2": ((5.0, 4.0, 3.0),), "g": (1.0, -2.0, 1.0)}


@st.composite
def _bound_cases(draw, offsets=(0.0,), g_scales=(1.0,)):
    seed = draw(seeds)
    dim, width = draw(st.integers(2, 8)), draw(st.integers(1, 8))
    h, w2, g, _ = _case(seed, dim, width, draw(st.sampled_from(offsets)), draw(st.sampled_from(g_scales)))
    return {"h": tuple(h), "w2": tuple(map(tuple, w2)), "g": tuple(g)}


def _gradient_at_fifty(h, w2, g, kind):
    """‖∂⟨g, Norm(hW2)⟩/∂W2‖_F and its largest entry at 50 digits (mpmath's numerical derivative)."""
    with mpmath.workdps(50):
        hh = [mpmath.mpf(v) for v in h]
        gg = [mpmath.mpf(v) for v in g]
        ww = [[mpmath.mpf(v) for v in row] for row in w2]
        d = len(gg)

        def loss(i, j, t):
            w = [[x + (t if (p, q) == (i, j) else 0) for q, x in enumerate(row)] for p, row in enumerate(ww)]
            a = [mpmath.fsum(hh[p] * w[p][k] for p in range(len(hh))) for k in range(d)]
            if kind == "layer":
                mean = mpmath.fsum(a) / d
                a = [x - mean for x in a]
            root = mpmath.sqrt(mpmath.fsum(x * x for x in a) / d)
            return mpmath.fsum(gg[k] * a[k] / root for k in range(d))

        entries = [mpmath.diff(lambda t, i=i, j=j: loss(i, j, t), 0) for i in range(len(hh)) for j in range(d)]
        return mpmath.sqrt(mpmath.fsum(e * e for e in entries)), max(abs(e) for e in entries)


def _bound_check(subject, ev, h, w2, g, kind, gain, per_entry=False):
    h, w2, g = np.array(h), np.array(w2), np.array(g)
    a = h @ w2
    ev.assume(kind == "rms" or float(np.ptp(a)) > 1e-6 * float(np.max(np.abs(a))))
    grad = _norm_grad_wrt_w2(h, w2, g, kind, gain)
    value = float(np.max(np.abs(grad))) if per_entry else float(np.linalg.norm(grad))
    bound = float(subject(h, a, g, gain, kind))
    ev.show("h", h)
    ev.show("a = hW⁽²⁾", a)
    ev.show("g = ∂L/∂o", g)
    ev.show("∂L/∂W⁽²⁾ (complex step)", grad)
    ev.metric("ratio", value / bound)
    ev.le(value, bound * (1 + 1e-12), what="gradient bound",
          labels=("max |∂L/∂W⁽²⁾_ij|" if per_entry else "‖∂L/∂W⁽²⁾‖_F", "the bound"))


def _confirm_bound(kind, per_entry):
    def confirm(subject, case) -> tuple[bool, str]:
        h, w2, g = np.array(case["h"]), np.array(case["w2"]), np.array(case["g"])
        norm, top = _gradient_at_fifty(case["h"], case["w2"], case["g"], kind)
        value = top if per_entry else norm
        bound = float(subject(h, h @ w2, g, 1.0, kind))
        return bool(value > mpmath.mpf(bound) * (1 + mpmath.mpf("1e-10"))), (
            f"at 50 digits the gradient is {mpmath.nstr(value, 15)} and the bound {bound!r}")
    return lambda subject, case: confirm(subject, case)


@C.PAPER_BOUND.check(given={"case": _bound_cases(g_scales=(1.0, 30.0))}, examples=4,
                     precision="float64 complex step, re-verified at 50 digits", tolerance="relative 1e-12",
                     confirm=_confirm_bound("rms", True), regressions=[{"case": PAPER_WITNESS}])
def bound_holds_per_entry(subject, ev, case):
    r"""$\max_{ij}|\partial L/\partial W^{(2)}_{ij}| \le 4\gamma\sqrt{D}\|h\|/\|a\|$ ($\gamma = 1$)."""
    _bound_check(subject, ev, case["h"], case["w2"], case["g"], "rms", 1.0, per_entry=True)


@C.LN_UNCENTRED.check(given={"case": _bound_cases(offsets=(0.0, 10.0, 1e3))}, examples=4,
                      precision="float64 complex step, re-verified at 50 digits", tolerance="relative 1e-12",
                      confirm=_confirm_bound("layer", False), regressions=[{"case": LN_WITNESS}])
def bound_holds_uncentred(subject, ev, case):
    r"""$\|\partial L/\partial W^{(2)}\|_F \le 4\gamma\sqrt{D}\|h\|\|g\|/\|a\|$ for LayerNorm ($\gamma = 1$), with
    sublayer outputs sharing offsets up to $10^3$."""
    _bound_check(subject, ev, case["h"], case["w2"], case["g"], "layer", 1.0)




_least = {"seed": seeds, "dim": st.integers(3, 8), "width": st.integers(1, 8), "adversarial": st.booleans()}


def _least_holds(subject, ev, seed, dim, width, adversarial, kind, offset):
    h, w2, g, gain = _case(seed, dim, width, offset)
    if adversarial:  # all of g on the largest gain: the mean gain would be too small a factor
        g = np.zeros(dim)
        g[int(np.argmax(gain))] = 1.0
    _bound_check(subject, ev, tuple(h), tuple(map(tuple, w2)), tuple(g), kind, gain)


def _attained(subject, ev, seed, dim, width, kind):
    h, w2, g, _ = _case(seed, dim, width, 3.0 if kind == "layer" else 0.0)
    a = h @ w2
    c = a - a.mean() if kind == "layer" else a
    basis = [c] + ([np.ones(dim)] if kind == "layer" else [])
    q, _ = np.linalg.qr(np.column_stack(basis))
    g = g - q @ (q.T @ g)  # g orthogonal to c (and to 1 for LayerNorm)
    gamma = 1.3
    grad = _norm_grad_wrt_w2(h, w2, g, kind, gamma)
    bound = float(subject(h, a, g, np.full(dim, gamma), kind))
    ev.show("a", a)
    ev.show("g ⟂ a", g)
    ev.close(float(np.linalg.norm(grad)), bound, rtol=1e-10, what="equality", labels=("‖∂L/∂W⁽²⁾‖_F", "the bound"))


@C.RMS_BOUND.check(given=_least, examples=10, precision="float64 complex step", tolerance="relative 1e-12",
                   name="bound_holds")
def bound_holds_rms(subject, ev, seed, dim, width, adversarial):
    r"""$\|\partial L/\partial W^{(2)}\|_F \le \max|\gamma|\sqrt{D}\|h\|\|g\|/\|a\|$ (random gains; half of the cases
    with $g$ on the coordinate of the largest gain)."""
    _least_holds(subject, ev, seed, dim, width, adversarial, "rms", 0.0)


@C.RMS_BOUND.check(given={"seed": seeds, "dim": st.integers(2, 8), "width": st.integers(1, 8)}, examples=6,
                   precision="float64 complex step", tolerance="relative 1e-10",
                   name="attained_for_orthogonal_gradient")
def attained_rms(subject, ev, seed, dim, width):
    r"""With a constant gain and $g \perp a$ the bound is attained: $C = 1$ is the least constant."""
    _attained(subject, ev, seed, dim, width, "rms")


@C.LN_BOUND.check(given={**_least, "offset": st.sampled_from([0.0, 10.0, 1e3])}, examples=10,
                  precision="float64 complex step", tolerance="relative 1e-12", name="bound_holds")
def bound_holds_layer(subject, ev, seed, dim, width, adversarial, offset):
    r"""$\|\partial L/\partial W^{(2)}\|_F \le \max|\gamma|\sqrt{D}\|h\|\|g\|/\|a - \bar a\mathbf{1}\|$ (random gains,
    common offsets up to $10^3$)."""
    _least_holds(subject, ev, seed, dim, width, adversarial, "layer", offset)


@C.LN_BOUND.check(given={"seed": seeds, "dim": st.integers(3, 8), "width": st.integers(1, 8)}, examples=6,
                  precision="float64 complex step", tolerance="relative 1e-10", name="attained_for_orthogonal_gradient")
def attained_layer(subject, ev, seed, dim, width):
    r"""With a constant gain and $g$ orthogonal to $\mathbf{1}$ and to $a$ the bound is attained."""
    _attained(subject, ev, seed, dim, width, "layer")
