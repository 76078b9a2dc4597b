"""Checks of the gradient-norm identities W1, W2, W3 and W9.

Routes: the complex-step Jacobian of the layer (exact to rounding) and central differences with h = 10⁻⁶ times
the spread (the spec's second route); counterexamples re-verified with the complex step in mpmath at 50 digits.
The identities are compared on the scale of their largest term, ‖g‖² times the layer's squared gain, since their
value can cancel to zero (g in span(1, Ŵ)).
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ws_bn_powernorm import claims_identities as C
from ...theorems.ws_bn_powernorm import formulas as F
from .strategies import gammas, instance, offsets, scales, seeds, sizes, vjp_sq

# Complex step: no subtraction, so each Jacobian entry carries a few ulps plus the rounding of x − μ, at most
# ε·|offset|/spread ≤ 2.2e-16·300 ≈ 7e-14 relative; ‖Jᵀg‖² sums n ≤ 64 products. CS_TOL leaves 10× headroom.
CS_TOL = 1e-11
# Central differences with step H = 1e-6·spread: truncation H²·|f'''|/6 ~ 1e-12 relative (f''' ~ 1/spread³), roundoff
# ε·(1 + |offset|)/1e-6 ≤ 2.2e-16·301/1e-6 ≈ 7e-8 at the largest offset: FD_TOL = 1e-7 (relative to the scale) is
# the spec's tolerance, tight at the largest offsets; the mutants are off by 1/I² ≥ 2.4e-4 of it.
H_REL = 1e-6
FD_TOL = 1e-7
OFFSETS_FD = st.one_of(st.just(0.0), st.floats(-100.0, 100.0))


def _ws_check(subject, ev, seed, n, offset, scale, ddof, route):
    w, g = instance(seed, n, offset, scale)
    def layer(r):
        return F.ws_forward(r, ddof=ddof)

    jt = F.complex_step_jacobian(layer, w) if route == "cs" else F.central_jacobian(layer, w, H_REL * scale)
    d = w - w.mean()
    sigma2 = float(d @ d / (n - ddof))
    size = float(g @ g) / sigma2
    truth = vjp_sq(jt, g)
    claimed = subject(w, g, ddof)
    ev.show("W_c", w)
    ev.show("g_c", g)
    ev.show("(claimed, true) squared norm", [claimed, truth])
    ev.close(claimed, truth, atol=(CS_TOL if route == "cs" else FD_TOL) * size, what="‖∂L/∂W_c‖²",
             labels=("the identity", "complex step" if route == "cs" else "central differences"))


def _confirm_ws(ddof):
    def confirm(subject, seed, n, offset, scale):
        w, g = instance(seed, n, offset, scale)
        truth = F.mp_vjp_norm_sq(lambda r: F.ws_forward(r, ddof=ddof), list(w), list(g))
        claimed = subject(w, g, ddof)
        size = float(g @ g) / float(np.var(w) * n / (n - ddof))
        gap = abs(mpmath.mpf(claimed) - truth) / size
        return bool(gap > 1e-6), (f"at 50 digits ‖∂L/∂W‖² = {mpmath.nstr(truth, 15)}, the identity gives {claimed!r} "
                                  f"(gap {mpmath.nstr(gap, 3)} of ‖g‖²/σ²)")
    return confirm


WS_CASES = {"seed": seeds, "n": sizes, "offset": offsets, "scale": scales}
WS_FD_CASES = {"seed": seeds, "n": sizes, "offset": OFFSETS_FD, "scale": scales}
SMALLEST = {"seed": 0, "n": 2, "offset": 0.0, "scale": 1.0}


def _ws_claim_checks(claim, ddof, examples=10, confirm=None):
    @claim.check(given=WS_CASES, examples=examples, precision="float64 complex step (step 1e-30)",
                 tolerance=f"absolute {CS_TOL:g}·‖g‖²/σ² (CS_TOL)", confirm=confirm, regressions=[SMALLEST])
    def matches_complex_step(subject, ev, seed, n, offset, scale):
        r"""The identity against $\|J^\top g\|^2$ with $J$ the complex-step Jacobian of the layer."""
        _ws_check(subject, ev, seed, n, offset, scale, ddof, "cs")

    @claim.check(given=WS_FD_CASES, examples=examples, precision="float64 central differences, h = 1e-6·spread",
                 tolerance=f"absolute {FD_TOL:g}·‖g‖²/σ² (FD_TOL)", confirm=confirm, regressions=[SMALLEST])
    def matches_central_differences(subject, ev, seed, n, offset, scale):
        r"""The identity against $\|J^\top g\|^2$ with $J$ by central differences."""
        _ws_check(subject, ev, seed, n, offset, scale, ddof, "fd")


_ws_claim_checks(C.WS_IDENTITY, 0)
_ws_claim_checks(C.WS_TENSORFLOW, 0, examples=6)
_ws_claim_checks(C.WS_PYTORCH_CORRECTED, 1, examples=6)
_ws_claim_checks(C.WS_PYTORCH, 1, examples=6, confirm=_confirm_ws(1))


@C.WS_BOUND.check(given={**WS_CASES, "orthogonal": st.booleans()}, examples=12,
                  precision="float64 complex step", tolerance="relative 1e-12 on the bound (equality is attained)",
                  regressions=[{**SMALLEST, "n": 5, "orthogonal": True}])
def bound_holds(subject, ev, seed, n, offset, scale, orthogonal):
    r"""$\|J^\top g\|$ (complex step) is at most the bound, with $g$ drawn, or projected on
    $\{\mathbf{1}, \hat W\}^\perp$
    where the bound is attained."""
    w, g = instance(seed, n, offset, scale)
    what = F.ws_forward(w)
    if orthogonal:
        ev.assume(n >= 3)
        g = g - g.mean() - what * (what @ g) / n
        ev.assume(float(g @ g) > 1e-12)
    truth = float(np.sqrt(vjp_sq(F.complex_step_jacobian(F.ws_forward, w), g)))
    bound = subject(w, g)
    ev.show("W_c", w)
    ev.show("g_c", g)
    ev.le(truth, bound * (1 + 1e-12), what="‖∂L/∂W_c‖ ≤ bound", labels=("‖∂L/∂W_c‖", "the bound"))
    if orthogonal:
        ev.close(truth, bound, rtol=1e-10, what="equality on the complement", labels=("‖∂L/∂W_c‖", "‖g_c‖/σ_c"))


# -- W3 ----------------------------------------------------------------------------------------------------

NORM_CASES = {"seed": seeds, "n": sizes, "offset": offsets, "scale": scales, "gamma": gammas}
NORM_FD_CASES = {**NORM_CASES, "offset": OFFSETS_FD}


def _norm_claim_checks(claim, layer, gain):
    def one(subject, ev, seed, n, offset, scale, gamma, route):
        x, g = instance(seed, n, offset, scale)
        def f(r):
            return gamma * layer(r)

        jt = F.complex_step_jacobian(f, x) if route == "cs" else F.central_jacobian(f, x, H_REL * scale)
        size = gamma**2 * float(g @ g) / gain(x)
        ev.show("x", x)
        ev.show("g", g)
        ev.close(subject(x, g, gamma), vjp_sq(jt, g), atol=(CS_TOL if route == "cs" else FD_TOL) * size,
                 what="‖∂L/∂x‖²", labels=("the identity", "complex step" if route == "cs" else "central differences"))

    @claim.check(given=NORM_CASES, examples=10, precision="float64 complex step (step 1e-30)",
                 tolerance=f"absolute {CS_TOL:g}·γ²‖g‖²/(layer's squared scale) (CS_TOL)")
    def matches_complex_step(subject, ev, seed, n, offset, scale, gamma):
        r"""The identity against the complex-step Jacobian of $\gamma$ times the layer."""
        one(subject, ev, seed, n, offset, scale, gamma, "cs")

    @claim.check(given=NORM_FD_CASES, examples=10, precision="float64 central differences, h = 1e-6·spread",
                 tolerance=f"absolute {FD_TOL:g}·γ²‖g‖²/(layer's squared scale) (FD_TOL)")
    def matches_central_differences(subject, ev, seed, n, offset, scale, gamma):
        r"""The identity against central differences of $\gamma$ times the layer."""
        one(subject, ev, seed, n, offset, scale, gamma, "fd")


_norm_claim_checks(C.BN_IDENTITY, F.bn_forward, lambda x: float(np.var(x)))
_norm_claim_checks(C.PN_IDENTITY, F.pn_forward, lambda x: float(np.mean(x * x)))

# -- W9 ----------------------------------------------------------------------------------------------------

EPS_CASES = {"seed": seeds, "n": sizes, "offset": offsets, "scale": scales, "gamma": gammas,
             "log_delta": st.floats(-3.0, 1.0)}


def _confirm_bn_eps(subject, seed, n, offset, scale, gamma, log_delta):
    x, g = instance(seed, n, offset, scale)
    eps = 10.0**log_delta * float(np.var(x))
    truth = F.mp_vjp_norm_sq(lambda r: gamma * F.bn_forward(r, eps=eps), list(x), list(g))
    claimed = subject(x, g, gamma, eps)
    size = gamma**2 * float(g @ g) / (float(np.var(x)) + eps)
    gap = abs(mpmath.mpf(claimed) - truth) / size
    return bool(gap > 1e-6), (f"at 50 digits ‖∂L/∂x‖² = {mpmath.nstr(truth, 15)}, the written form gives "
                              f"{claimed!r} (gap {mpmath.nstr(gap, 3)} of γ²‖g‖²/(σ² + ε))")


def _bn_eps_check(subject, ev, seed, n, offset, scale, gamma, log_delta):
    x, g = instance(seed, n, offset, scale)
    eps = 10.0**log_delta * float(np.var(x))
    jt = F.complex_step_jacobian(lambda r: gamma * F.bn_forward(r, eps=eps), x)
    size = gamma**2 * float(g @ g) / (float(np.var(x)) + eps)
    ev.show("x", x)
    ev.show("g", g)
    ev.show("ε", eps)
    ev.close(subject(x, g, gamma, eps), vjp_sq(jt, g), atol=CS_TOL * size, what="‖∂L/∂x‖² with ε",
             labels=("the identity", "complex step"))


C.BN_EPS_WRITTEN.check(given=EPS_CASES, examples=6, precision="float64 complex step; re-verified at 50 digits",
                       tolerance=f"absolute {CS_TOL:g}·γ²‖g‖²/(σ² + ε)", confirm=_confirm_bn_eps,
                       name="matches_complex_step")(_bn_eps_check)
C.BN_EPS_EXACT.check(given=EPS_CASES, examples=6, precision="float64 complex step",
                     tolerance=f"absolute {CS_TOL:g}·γ²‖g‖²/(σ² + ε)", name="matches_complex_step")(_bn_eps_check)


@C.WS_EPS_EXACT.check(given={"seed": seeds, "n": sizes, "offset": offsets, "scale": scales,
                             "ddof": st.sampled_from([0, 1]), "log_e": st.floats(-4.0, 0.0)},
                      examples=6, precision="float64 complex step",
                      tolerance=f"absolute {CS_TOL:g}·‖g‖²/(s + ε)²")
def matches_complex_step(subject, ev, seed, n, offset, scale, ddof, log_e):
    r"""The exact form against the complex-step Jacobian of the released layer ($\varepsilon = 10^{e}s$)."""
    w, g = instance(seed, n, offset, scale)
    s = float(np.sqrt(np.sum((w - w.mean()) ** 2) / (n - ddof)))
    eps = 10.0**log_e * s
    jt = F.complex_step_jacobian(lambda r: F.ws_forward(r, ddof=ddof, eps=eps), w)
    size = float(g @ g) / (s + eps) ** 2
    ev.show("W_c", w)
    ev.show("g_c", g)
    ev.close(subject(w, g, ddof, eps), vjp_sq(jt, g), atol=CS_TOL * size, what="‖∂L/∂W_c‖² with ε",
             labels=("the identity", "complex step"))
