"""Checks that the library a user calls computes the paper's quantities (``claims_library``).

``taylor_radius`` against the nearest zeros of F from 40-digit polynomial roots (integer slopes scaled
by 10^e) and against a 40-digit re-computation of the slopes J v/‖v‖; ``controller_step`` against the
rule of Prop 5.2 evaluated at 40 digits. Inputs span 10^±250, so a norm that overflows or underflows in
float64 is caught.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ghosts import claims_library as L
from .ground_truth import _nearest

# float64 evaluation of a few quotients and one hypot per row: relative error ≤ 10 u ≈ 1.1e-15 (u the unit
# roundoff 1.1e-16); the slopes k·10^e are float64 roundings of the exact values (≤ 6 u relative in a
# difference of two of them). 1e-12 leaves ×500 headroom; every mutant is off by a factor ≥ 3/2 or 2.
LIBRARY_RTOL = 1e-12

# J v/‖v‖ in float64: each slope carries an absolute error ≤ (P + 4) u ‖J_k‖₁ (P parameters, u = 1.1e-16),
# so Δ_a carries ≤ 2 (P + 4) u max_k ‖J_k‖₁. Examples with 0 < Δ_a < 1e-3 max_k ‖J_k‖₁ (near-cancelling rows)
# are rejected; on the rest the relative error is ≤ 2·8·1.1e-16·1e3 ≈ 1.8e-12, and 1e-10 leaves ×50 headroom.
SLOPE_RTOL = 1e-10
CANCELLING = 1e-3


def _call(ev: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """The library's answer; rejecting a valid input is a failure of the library, not an error of the check."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        ev.that(False, f"the library rejected a valid input: {exc}")


# -- taylor_radius on a batch of binary rows -----------------------------------------------------------


@st.composite
def binary_batches(draw):
    """1–4 binary samples: logits in [−8, 8], integer slopes in [−3, 3] (the first row with a_1 ≠ a_2)."""
    rows = draw(st.integers(1, 4))
    logits = [[draw(st.floats(-8.0, 8.0)), draw(st.floats(-8.0, 8.0))] for _ in range(rows)]
    slopes = [[draw(st.integers(-3, 3)), draw(st.integers(-3, 3))] for _ in range(rows)]
    if slopes[0][0] == slopes[0][1]:
        slopes[0][0] += 1
    return logits, slopes


# Two tied samples with slopes (1, 0) and (2, 0): radii π and π/2, so the batch's radius is π/2 (3π/4 is
# their mean).
TIED_PAIR = ([[0.0, 0.0], [0.0, 0.0]], [[1, 0], [2, 0]])


@L.LIBRARY_RADIUS.check(given={"batch": binary_batches(), "exponent": st.integers(-250, 250),
                               "frac": st.floats(0.0, 3.0)}, examples=12,
                        regressions=[{"batch": TIED_PAIR, "exponent": 0, "frac": 0.5}],
                        precision="mpmath 40-digit polyroots per row (integer slopes), scaled by 10^e",
                        tolerance=f"relative {LIBRARY_RTOL} (LIBRARY_RTOL): a few float64 roundings")
def binary_batch_matches_nearest_zeros(subject, ev, batch, exponent, frac):
    r"""Slopes $k \cdot 10^e$: exact_binary is the smallest modulus of a zero of $F$ over the rows, the bound
    $\pi/\max_x \Delta_a(x)$, and $r = \tau\max_x\Delta_a(x)/\pi$ at $\tau$ = frac times the bound."""
    logits, integer_slopes = batch
    scale = 10.0**exponent
    slopes = [[k * scale for k in row] for row in integer_slopes]
    with mpmath.workdps(40):
        exact_scale = mpmath.mpf(scale)
        radii = []
        for z, a in zip(logits, integer_slopes):
            rho, _ = _nearest(ev, [mpmath.exp(mpmath.mpf(zk)) for zk in z], a)  # +inf when a_1 = a_2
            radii.append(rho / exact_scale)
        widest = max(abs(a[0] - a[1]) for a in integer_slopes) * exact_scale
        step = frac * float(mpmath.pi / widest)
        truth = {"spread": widest, "bound": mpmath.pi / widest, "exact_binary": min(radii),
                 "r": mpmath.mpf(step) * widest / mpmath.pi}
    report = _call(ev, subject, logits, slopes, step=step)
    ev.show("slopes", slopes)
    ev.show("nearest zero of F per row (40 digits)", [float(r) for r in radii])
    ev.show("step", step)
    ev.show("taylor_radius", {"spread": report.spread, "bound": report.bound, "exact_binary": report.exact_binary,
                              "r": report.r})
    ctx = f"e={exponent}, rows={len(logits)}"
    for field in ("exact_binary", "bound", "spread", "r"):
        ev.close(getattr(report, field), float(truth[field]), rtol=LIBRARY_RTOL, what=field, context=ctx,
                 labels=(f"taylor_radius(...).{field}", f"{field} from the zeros of F at 40 digits"))


# -- taylor_radius from a Jacobian and a direction of any scale -------------------------------------------


@L.LIBRARY_RADIUS.check(given={"shape": st.tuples(st.integers(1, 3), st.integers(2, 4), st.integers(1, 4)),
                               "seed": st.integers(0, 2**32 - 1), "exponent": st.integers(-250, 250)},
                        examples=12,
                        regressions=[{"shape": (1, 2, 2), "seed": 0, "exponent": 200},
                                     {"shape": (2, 3, 3), "seed": 1, "exponent": -200}],
                        precision="mpmath 40 digits for J v/‖v‖",
                        tolerance=f"relative {SLOPE_RTOL} (SLOPE_RTOL); near-cancelling spreads rejected")
def jacobian_slopes_match_high_precision(subject, ev, shape, seed, exponent):
    r"""Integer $J$ and $v$ of norm near $10^e$: spread and bound equal $\max_x \Delta_a(x)$ and its $\pi/\cdot$
    for $a = J v/\lVert v\rVert$ computed at 40 digits (the scale of $v$ must not matter)."""
    rows, n_classes, n_params = shape
    rng = np.random.default_rng(seed)
    J = rng.integers(-3, 4, size=(rows, n_classes, n_params)).astype(float)
    v = rng.normal(size=n_params) * 10.0**exponent
    logits = rng.normal(0.0, 3.0, size=(rows, n_classes))
    ev.assume(bool(np.any(v)))
    with mpmath.workdps(40):
        vm = [mpmath.mpf(x) for x in v]
        norm = mpmath.sqrt(mpmath.fsum(x * x for x in vm))
        slopes = [[mpmath.fsum(mpmath.mpf(Jkj) * vj for Jkj, vj in zip(Jk, vm)) / norm for Jk in Ji] for Ji in J]
        widest = max(max(a) - min(a) for a in slopes)
    one_sample = rows == 1  # exercise the (n_classes, n_params) form too
    report = _call(ev, subject, logits[0] if one_sample else logits, jacobian=J[0] if one_sample else J,
                   direction=v)
    ev.show("jacobian", J)
    ev.show("direction", v)
    ev.show("logits", logits)
    ev.show("slopes (40 digits)", [[float(x) for x in a] for a in slopes])
    ev.show("taylor_radius", {"spread": report.spread, "bound": report.bound})
    ctx = f"shape={shape}, seed={seed}, ‖v‖ ≈ 1e{exponent}"
    if widest == 0:
        ev.that(report.bound == math.inf and report.spread == 0.0,
                f"all slopes equal: the bound must be +inf, got {report.bound} [{ctx}]",
                claimed=report.bound, observed=math.inf, labels=("taylor_radius(...).bound", "π/0"))
        return
    ev.assume(widest > CANCELLING * float(np.abs(J).sum(axis=2).max()))
    ev.close(report.spread, float(widest), rtol=SLOPE_RTOL, what="spread", context=ctx,
             labels=("taylor_radius(...).spread", "max_x Δ_a(x) at 40 digits"))
    ev.close(report.bound, float(mpmath.pi / widest), rtol=SLOPE_RTOL, what="bound", context=ctx,
             labels=("taylor_radius(...).bound", "π / max_x Δ_a(x) at 40 digits"))


# -- controller_step --------------------------------------------------------------------------------------


@L.LIBRARY_CONTROLLER.check(given={"dim": st.integers(1, 6), "seed": st.integers(0, 2**32 - 1),
                                   "exponent": st.integers(-200, 200),
                                   "r": st.one_of(st.just(0.0), st.floats(0.05, 20.0))}, examples=15,
                            regressions=[{"dim": 3, "seed": 0, "exponent": 180, "r": 3.0},
                                         {"dim": 2, "seed": 1, "exponent": 0, "r": 0.5}],
                            precision="mpmath 40 digits for the rule of Prop 5.2",
                            tolerance=f"relative {LIBRARY_RTOL} (LIBRARY_RTOL), elementwise for the update")
def matches_controller_rule_at_40_digits(subject, ev, dim, seed, exponent, r):
    r"""$p$ of norm near $10^e$ and $\Delta_a = r\pi/\lVert p\rVert$ ($\Delta_a = 0$ when $r = 0$): $\tilde p$, $s$
    and $r$ equal $s = \min(1, \rho_a/\lVert p\rVert)$, $s p$ and $\lVert p\rVert\Delta_a/\pi$ at 40 digits."""
    rng = np.random.default_rng(seed)
    p = rng.normal(size=dim) * 10.0**exponent
    ev.assume(bool(np.any(p)))
    with mpmath.workdps(40):
        pm = [mpmath.mpf(x) for x in p]
        norm = mpmath.sqrt(mpmath.fsum(x * x for x in pm))
        spread = float(mpmath.mpf(r) * mpmath.pi / norm)
        delta = mpmath.mpf(spread)
        s_true = mpmath.mpf(1) if spread == 0 else min(mpmath.mpf(1), (mpmath.pi / delta) / norm)
        p_true = np.array([float(s_true * x) for x in pm])
        r_true = float(norm * delta / mpmath.pi)
    p_new, s, r_lib = _call(ev, subject, p, spread)
    ev.show("p", p)
    ev.show("spread", spread)
    ev.show("p̃ (controller_step)", p_new)
    ev.show("p̃ (40 digits)", p_true)
    ev.show("s, r (controller_step)", [s, r_lib])
    ev.show("s, r (40 digits)", [float(s_true), r_true])
    ctx = f"dim={dim}, ‖p‖ ≈ 1e{exponent}, r={r:.4g}"
    labels = ("controller_step", "Prop 5.2 at 40 digits")
    ev.close(np.asarray(p_new, dtype=float), p_true, rtol=LIBRARY_RTOL, what="p̃", context=ctx, labels=labels)
    ev.close(s, float(s_true), rtol=LIBRARY_RTOL, what="s", context=ctx, labels=labels)
    ev.close(r_lib, r_true, rtol=LIBRARY_RTOL, what="r", context=ctx, labels=labels)
