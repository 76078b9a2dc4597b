"""Checks of R1: weight-rescaling invariance of Peri-LN (peri_ln.weight_rescaling_invariance), Pre-LN's scaling
increment (peri_ln.pre_ln_increment_scaling), and single-head attention (peri_ln.attention_rescaling_invariance,
peri_ln.attention_value_rescaling_invariance).

Two routes for the invariance: the stack in float64, and the stack on mpmath object arrays at 40 digits (with
scales down to 1e-6, where an ε in the normalisation would show). The blocks themselves are compared with an
explicit coordinate-by-coordinate evaluation of the definition at 40 digits, which is what catches the variants
that stay invariant (a missing or zero output gain).
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.peri_ln import claims_forward as C
from .strategies import kinds, log_uniform, seeds, stack_case, states, to_mp

DIGITS = 40
# float64: each state is a sum of ≤ 6 increments of size ≤ √D·1.5, each computed to ~(D + m)ε ≈ 30ε relative; the two
# runs (scaled and not) round differently, so they differ by ≲ 6·√12·1.5·30·2.2e-16 ≈ 2e-13 of the largest state
# entry. TOL64 = 1e-11 leaves 50×; a non-invariant variant moves a state by O(1) once c₁c₂ is away from 1.
TOL64 = 1e-11
# 40 digits: rounding ~1e-38 per operation, a few hundred operations: 1e-30 leaves 1e6 of headroom; the ε variant
# moves a state by O(1) at c₁c₂ ≤ 1e-4 (a² ≪ ε).
TOL40 = 1e-30

_case = {"seed": seeds, "dim": st.integers(2, 12), "width": st.integers(1, 16), "depth": st.integers(1, 6),
         "kind": kinds, "c1": log_uniform(1e-3, 1e3), "c2": log_uniform(1e-3, 1e3)}


def _scaled(layers, c1, c2):
    return [(c1 * w1, c2 * w2) for w1, w2 in layers]


@C.RESCALING.check(given=_case, examples=8, precision="float64",
                   tolerance=f"absolute {TOL64:g} times the largest state entry: ~2e-13 of rounding between the runs")
def invariant_in_float64(subject, ev, seed, dim, width, depth, kind, c1, c2):
    r"""Every state of the stack with $c_1W^{(1)}_l, c_2W^{(2)}_l$ equals the state with $W^{(1)}_l, W^{(2)}_l$
    (three input rows, random gains)."""
    ev.assume(abs(np.log(c1 * c2)) > 0.1)
    x0, layers, g_in, g_out = stack_case(seed, dim, width, depth, 3)
    with np.errstate(all="ignore"):
        base = states(subject, x0, layers, kind=kind, gain_in=g_in, gain_out=g_out)
        moved = states(subject, x0, _scaled(layers, c1, c2), kind=kind, gain_in=g_in, gain_out=g_out)
    ev.assume(all(np.all(np.isfinite(s)) for s in base + moved))
    ev.show("x_0 (first row)", x0[0])
    ev.show("x_L, original weights (first row)", base[-1][0])
    ev.show("x_L, rescaled weights (first row)", moved[-1][0])
    scale = max(float(np.max(np.abs(s))) for s in base)
    ev.close(np.stack(moved), np.stack(base), atol=TOL64 * scale, what="states",
             labels=("states with c₁W⁽¹⁾, c₂W⁽²⁾", "states with W⁽¹⁾, W⁽²⁾"), context=f"c1={c1:.4g}, c2={c2:.4g}")


_small = {"seed": seeds, "dim": st.integers(2, 4), "width": st.integers(1, 4), "depth": st.integers(1, 3),
          "kind": kinds, "c1": log_uniform(1e-3, 1e3), "c2": log_uniform(1e-3, 1e3)}
TINY = {"seed": 7, "dim": 3, "width": 3, "depth": 2, "kind": "rms", "c1": 1e-3, "c2": 1e-3}


@C.RESCALING.check(given=_small, examples=4, precision=f"mpmath {DIGITS} digits", regressions=[TINY],
                   tolerance=f"relative {TOL40:g}")
def invariant_at_forty_digits(subject, ev, seed, dim, width, depth, kind, c1, c2):
    r"""The same at 40 digits on mpmath object arrays, with products $c_1c_2$ down to $10^{-6}$."""
    x0, layers, g_in, g_out = stack_case(seed, dim, width, depth, 2)
    with mpmath.workdps(DIGITS):
        mp_layers = [(to_mp(w1), to_mp(w2)) for w1, w2 in layers]
        cc1, cc2 = mpmath.mpf(c1), mpmath.mpf(c2)
        try:
            base = states(subject, to_mp(x0), mp_layers, kind=kind, gain_in=to_mp(g_in), gain_out=to_mp(g_out))
            moved = states(subject, to_mp(x0), [(cc1 * a, cc2 * b) for a, b in mp_layers], kind=kind,
                           gain_in=to_mp(g_in), gain_out=to_mp(g_out))
        except ZeroDivisionError:  # a layer whose ReLU units are all off: its output normalisation is 0/0
            ev.reject()
        gap = max(abs(a - b) for a, b in zip(moved[-1].ravel(), base[-1].ravel()))
        size = max(abs(v) for v in base[-1].ravel())
        ev.show("x_L (first row), 40 digits", [mpmath.nstr(v, 20) for v in base[-1][0]])
        ev.show("x_L rescaled (first row), 40 digits", [mpmath.nstr(v, 20) for v in moved[-1][0]])
        ev.metric("relative gap", float(gap / size))
        ev.le(float(gap / size), TOL40, what="invariance at 40 digits",
              labels=("max |x_L(c) − x_L| / max |x_L|", "tolerance"))


def _explicit(x, w1, w2, kind, g_in, g_out, placement):
    """One block, coordinate by coordinate, at the working precision (lists of mpf)."""
    d, m = len(x), len(w2)

    def norm(v, g):
        if kind == "layer":
            mean = mpmath.fsum(v) / d
            v = [e - mean for e in v]
        root = mpmath.sqrt(mpmath.fsum(e * e for e in v) / d)
        return [g[k] * v[k] / root for k in range(d)]

    xn = norm(x, g_in)
    h = [max(mpmath.fsum(xn[k] * w1[k][j] for k in range(d)), mpmath.mpf(0)) for j in range(m)]
    a = [mpmath.fsum(h[j] * w2[j][k] for j in range(m)) for k in range(d)]
    inc = norm(a, g_out) if placement == "peri" else a
    return [x[k] + inc[k] for k in range(d)]


def _block_matches(subject, ev, seed, dim, width, kind, placement):
    x0, layers, g_in, g_out = stack_case(seed, dim, width, 1, 1)
    w1, w2 = layers[0]
    with mpmath.workdps(DIGITS):
        mp = [mpmath.mpf(float(v)) for v in x0[0]]
        rows = lambda m: [[mpmath.mpf(float(v)) for v in r] for r in m]  # noqa: E731
        try:
            want = _explicit(mp, rows(w1), rows(w2), kind, [mpmath.mpf(float(v)) for v in g_in],
                             [mpmath.mpf(float(v)) for v in g_out], placement)
        except ZeroDivisionError:
            ev.reject()
        got = subject(to_mp(x0[0]), to_mp(w1), to_mp(w2), kind=kind, gain_in=to_mp(g_in), gain_out=to_mp(g_out))
        gap = max(abs(a - b) for a, b in zip(got, want)) / max(abs(v) for v in want)
        ev.show("the block (subject)", [mpmath.nstr(v, 15) for v in got])
        ev.show("the definition, coordinate by coordinate", [mpmath.nstr(v, 15) for v in want])
        ev.le(float(gap), TOL40, what="block against its definition", labels=("relative gap", "tolerance"))


_one = {"seed": seeds, "dim": st.integers(2, 5), "width": st.integers(1, 5), "kind": kinds}


@C.RESCALING.check(given=_one, examples=4, precision=f"mpmath {DIGITS} digits", tolerance=f"relative {TOL40:g}")
def is_the_peri_ln_map(subject, ev, seed, dim, width, kind):
    r"""The block equals $x + \gamma_{out}\odot\mathrm{Norm}(F(\gamma_{in}\odot\mathrm{Norm}(x)))$ evaluated
    coordinate by coordinate at 40 digits, with gains drawn in $[0.5, 1.5]$."""
    _block_matches(subject, ev, seed, dim, width, kind, "peri")


@C.PRE_INCREMENT.check(given=_one, examples=4, precision=f"mpmath {DIGITS} digits", tolerance=f"relative {TOL40:g}")
def is_the_pre_ln_map(subject, ev, seed, dim, width, kind):
    r"""The block equals $x + F(\gamma_{in}\odot\mathrm{Norm}(x))$ evaluated coordinate by coordinate at 40 digits."""
    _block_matches(subject, ev, seed, dim, width, kind, "pre")


@C.PRE_INCREMENT.check(given=_small, examples=6, precision=f"mpmath {DIGITS} digits", tolerance=f"relative {TOL40:g}")
def increment_scales_exactly(subject, ev, seed, dim, width, depth, kind, c1, c2):
    r"""At 40 digits, the increment with $c_1W^{(1)}, c_2W^{(2)}$ is $c_1c_2$ times the increment with
    $W^{(1)}, W^{(2)}$, at the same input rows."""
    ev.assume(abs(np.log(c1 * c2)) > 0.1)
    x0, layers, g_in, _ = stack_case(seed, dim, width, 1, 2)
    w1, w2 = layers[0]
    with mpmath.workdps(DIGITS):
        x, a, b = to_mp(x0), to_mp(w1), to_mp(w2)
        cc1, cc2 = mpmath.mpf(c1), mpmath.mpf(c2)
        try:
            base = subject(x, a, b, kind=kind, gain_in=to_mp(g_in)) - x
            moved = subject(x, cc1 * a, cc2 * b, kind=kind, gain_in=to_mp(g_in)) - x
        except ZeroDivisionError:
            ev.reject()
        size = max(abs(v) for v in (cc1 * cc2 * base).ravel())
        ev.assume(size > 0)
        gap = max(abs(p - cc1 * cc2 * q) for p, q in zip(moved.ravel(), base.ravel())) / size
        ev.show("increment, rescaled weights", [mpmath.nstr(v, 15) for v in moved[0]])
        ev.show("c₁c₂ × increment, original weights", [mpmath.nstr(cc1 * cc2 * v, 15) for v in base[0]])
        ev.le(float(gap), TOL40, what="increment scaling", labels=("relative gap", "tolerance"))


# -- attention --------------------------------------------------------------------------------------------------


def _attention_case(seed, length, dim):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((length, dim)), tuple(rng.standard_normal((dim, dim)) / np.sqrt(dim) for _ in range(4))


#: T = D = 2, identity weights, X = I, c = 2: the smallest case where scaling W_Q, W_K changes the block.
ATTENTION_WITNESS = {"seed": 0, "length": 2, "dim": 2, "c": 2.0, "witness": True}


def _attention_inputs(seed, length, dim, witness):
    if witness:
        return np.eye(2), (np.eye(2),) * 4
    return _attention_case(seed, length, dim)


def _confirm_attention(subject, seed, length, dim, c, witness) -> tuple[bool, str]:
    """Both sides at 60 digits: a gap above 1e-40 confirms."""
    X, ws = _attention_inputs(seed, length, dim, witness)
    with mpmath.workdps(60):
        cc = mpmath.mpf(c)
        base = subject(to_mp(X), tuple(to_mp(w) for w in ws))
        moved = subject(to_mp(X), tuple(cc * to_mp(w) for w in ws))
        gap = max(abs(a - b) for a, b in zip(moved.ravel(), base.ravel()))
        return bool(gap > mpmath.mpf("1e-40")), f"at 60 digits the largest change of an entry is {mpmath.nstr(gap, 10)}"


@C.ATTENTION_ALL.check(given={"seed": seeds, "length": st.integers(2, 4), "dim": st.integers(2, 4),
                              "c": log_uniform(0.25, 4.0), "witness": st.just(False)}, examples=4,
                       precision=f"mpmath {DIGITS} digits", tolerance=f"absolute {TOL40:g}",
                       confirm=_confirm_attention, regressions=[ATTENTION_WITNESS])
def qk_scaling_changes_output(subject, ev, seed, length, dim, c, witness):
    r"""At 40 digits, the Peri-LN attention block with all four weights times $c$ equals the block with the original
    weights."""
    ev.assume(abs(np.log(c)) > 0.05)
    X, ws = _attention_inputs(seed, length, dim, witness)
    with mpmath.workdps(DIGITS):
        cc = mpmath.mpf(c)
        base = subject(to_mp(X), tuple(to_mp(w) for w in ws))
        moved = subject(to_mp(X), tuple(cc * to_mp(w) for w in ws))
        gap = max(abs(a - b) for a, b in zip(moved.ravel(), base.ravel()))
        ev.show("X", X)
        ev.show("block output (first row)", [mpmath.nstr(v, 15) for v in base[0]])
        ev.show("block output, weights × c (first row)", [mpmath.nstr(v, 15) for v in moved[0]])
        ev.metric("gap", float(gap))
        ev.le(float(gap), TOL40, what="attention invariance", labels=("largest change of an entry", "tolerance"))


@C.ATTENTION_VALUE.check(given={"seed": seeds, "length": st.integers(1, 6), "dim": st.integers(2, 8), "kind": kinds,
                                "c1": log_uniform(1e-3, 1e3), "c2": log_uniform(1e-3, 1e3)}, examples=10,
                         precision="float64", tolerance="absolute 1e-11 times the largest entry")
def value_scaling_invariant(subject, ev, seed, length, dim, kind, c1, c2):
    r"""In float64, the Peri-LN attention block with $c_1W_V$, $c_2W_O$ equals the block with $W_V, W_O$."""
    ev.assume(abs(np.log(c1 * c2)) > 0.1)
    X, (wq, wk, wv, wo) = _attention_case(seed, length, dim)
    with np.errstate(all="ignore"):
        base = subject(X, (wq, wk, wv, wo), kind)
        moved = subject(X, (wq, wk, c1 * wv, c2 * wo), kind)
    ev.assume(bool(np.all(np.isfinite(base)) and np.all(np.isfinite(moved))))
    ev.show("block output (first row)", base[0])
    ev.show("block output with c₁W_V, c₂W_O (first row)", moved[0])
    ev.close(moved, base, atol=TOL64 * float(np.max(np.abs(base))), what="attention block",
             labels=("with c₁W_V, c₂W_O", "with W_V, W_O"))
