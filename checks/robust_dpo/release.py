"""R8 and the library: the numpy port of TRL's losses and the suite's library against the paper's forms at 40
digits (claims robust_dpo.trl_*, robust_dpo.library_*)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.robust_dpo import formulas as F
from ...theorems.robust_dpo.claims_release import LIB_LOSS, LIB_VALIDATES, TRL_HALF, TRL_ROBUST, TRL_SIGMOID
from .strategies import flip_rates, margins, temperatures

DIGITS = 40
# float64 logsigmoid terms of size up to β|h|/(1 − 2ε) ≤ 10⁴ cancel in the released form: absolute error ≤ a dozen
# ulps of 10⁴ ≈ 3e-11; PORT_ATOL = 1e-9 leaves 30× headroom, the mutant is off by 2εℓ(−h)/(1 − 2ε) ≥ ε·log 2.
PORT_ATOL = 1e-9
PORT_RTOL = 1e-12


def _mp(fn, h, eps, beta):
    with mpmath.workdps(DIGITS):
        return fn(mpmath.mpf(h), mpmath.mpf(eps), mpmath.mpf(beta))


def _confirm_port(reference):
    def confirm(subject, h, epsilon, beta):
        want = _mp(reference, h, epsilon, beta)
        got = float(subject(np.array([h]), beta, epsilon)[0])
        gap = abs(mpmath.mpf(got) - want)
        return bool(gap > PORT_ATOL + PORT_RTOL * abs(want)), f"port {got!r}, 40 digits {mpmath.nstr(want, 17)}"
    return confirm


@TRL_ROBUST.check(given={"h": margins, "epsilon": flip_rates, "beta": temperatures}, examples=20,
                  precision=f"mpmath {DIGITS} digits", tolerance=f"{PORT_ATOL:g} absolute + {PORT_RTOL:g} relative",
                  confirm=_confirm_port(F.rdpo))
def robust_port_matches_rdpo(subject, ev, h, epsilon, beta):
    """The port of loss_type="robust" equals the paper's ℓ̂_ε at 40 digits."""
    got = float(subject(np.array([h]), beta, epsilon)[0])
    ev.close(got, float(_mp(F.rdpo, h, epsilon, beta)), rtol=PORT_RTOL, atol=PORT_ATOL, what="robust loss",
             labels=("TRL robust", "ℓ̂_ε at 40 digits"), context=f"h={h}, ls=ε={epsilon}, β={beta}")


@TRL_SIGMOID.check(given={"h": margins, "epsilon": flip_rates, "beta": temperatures}, examples=20,
                   precision=f"mpmath {DIGITS} digits", tolerance=f"{PORT_ATOL:g} absolute + {PORT_RTOL:g} relative",
                   confirm=_confirm_port(F.cdpo))
def sigmoid_port_matches_cdpo(subject, ev, h, epsilon, beta):
    """The port of loss_type="sigmoid" with label smoothing equals cDPO at 40 digits."""
    got = float(subject(np.array([h]), beta, epsilon)[0])
    ev.close(got, float(_mp(F.cdpo, h, epsilon, beta)), rtol=PORT_RTOL, atol=PORT_ATOL, what="sigmoid loss",
             labels=("TRL sigmoid", "cDPO at 40 digits"), context=f"h={h}, ls=ε={epsilon}, β={beta}")


@TRL_HALF.check(precision="IEEE float64", tolerance="exact: signs of infinities and NaN")
def non_finite_at_half(subject, ev):
    """At ls = 1/2 the port returns −∞, NaN, +∞ at h = 1, 0, −1 and raises nothing."""
    out = subject(np.array([1.0, 0.0, -1.0]), 0.1, 0.5)
    ev.show("losses at h = 1, 0, −1", [repr(float(v)) for v in out])
    ev.that(bool(out[0] == -math.inf and math.isnan(out[1]) and out[2] == math.inf),
            f"losses {out.tolist()}", claimed=out.tolist(), observed=["-inf", "nan", "inf"],
            labels=("port", "IEEE division by 0"))


# cdpo_loss, rdpo_gradient_weight and rdpo_flip_variance add or multiply terms of one sign: their float64 error is a
# few ulps of the result, and 1e-13 relative (plus 1e-300 absolute for the values that underflow) leaves a 100-fold
# margin. rdpo_loss = softplus(−x) − c·x (x = βh, c = ε/(1 − 2ε)) vanishes at the root x* > 0 of softplus(−x) = c·x
# (x* = log φ at ε = 1/3), where its condition number |x·ℓ̂'(x)/ℓ̂(x)| is unbounded: no float64 evaluation is
# accurate relative to the result there (at h = 481.5, ε = 1/3, β = 0.001 it is 1671, and rounding βh alone moves
# ℓ̂ by 9e-14 relative). Its roundings, u = 2⁻⁵³: fl(βh) moves softplus(−x) by ≤ σ(−x)|x|u ≤ |x|u; logaddexp
# (exp, log1p ≤ 1 ulp each, log1p's condition ≤ 1) adds ≤ 2u·softplus(−x); the ≤ 4 roundings of c·x ≤ 4u·c|x|; the
# subtraction and rounding the 40-digit truth to float64 ≤ 1.5u|ℓ̂| ≤ 1.5u(softplus(−x) + c|x|). In all
# ≤ 6u·T with T = softplus(−βh) + (1 + c)β|h|, the size of the terms (2.4u·T the worst of 10⁴ draws, half of them
# near the root), so rdpo_loss gets the same 1e-13, relative to T (T ≤ 2|ℓ̂| for h ≤ 0) instead of to |ℓ̂|.
# Every library mutant is off by at least a factor (1 − 2ε) ≤ 0.98, ε/(1 − ε) ≥ 0.01 or a term εβ|h|.
LIB_RTOL = 1e-13
LIB_ATOL = 1e-300


def _rdpo_terms(h: mpmath.mpf, eps: mpmath.mpf, beta: mpmath.mpf) -> mpmath.mpf:
    """T = softplus(−βh) + (1 + ε/(1 − 2ε))β|h|, the scale of rdpo_loss's float64 error."""
    return F.softplus(-beta * h) + (1 + eps / (1 - 2 * eps)) * abs(beta * h)


@LIB_LOSS.check(given={"h": st.one_of(margins, st.floats(-1e3, 1e3)), "epsilon": st.floats(0.01, 0.499),
                       "beta": st.one_of(temperatures, st.floats(1e-3, 10.0))}, examples=12,
                precision=f"mpmath {DIGITS} digits", tolerance=f"{LIB_RTOL:g} relative (for rdpo_loss: relative to the "
                f"size of its terms) + {LIB_ATOL:g} absolute")
def library_matches_paper_forms(subject, ev, h, epsilon, beta):
    """rdpo_loss, cdpo_loss, rdpo_gradient_weight, rdpo_flip_variance against the paper's forms at 40 digits."""
    ev.assume(abs(beta * h) >= 1e-3, "the variance's 40-digit route cancels to 0 at tiny margins")
    rdpo, cdpo, weight, variance = subject
    with mpmath.workdps(DIGITS):
        H, E, B = mpmath.mpf(h), mpmath.mpf(epsilon), mpmath.mpf(beta)
        truth = (F.rdpo(H, E, B), F.cdpo(H, E, B), -mpmath.diff(lambda t: F.rdpo(t, E, B), H) / B,
                 (1 - E) * F.rdpo(H, E, B) ** 2 + E * F.rdpo(-H, E, B) ** 2
                 - ((1 - E) * F.rdpo(H, E, B) + E * F.rdpo(-H, E, B)) ** 2)
        rdpo_atol = LIB_RTOL * float(_rdpo_terms(H, E, B)) + LIB_ATOL
    got = (rdpo(h, epsilon, beta), cdpo(h, epsilon, beta), weight(h, epsilon, beta), variance(h, epsilon, beta))
    tolerances = [(0.0, rdpo_atol)] + [(LIB_RTOL, LIB_ATOL)] * 3
    for name, g, want, (rtol, atol) in zip(("rdpo_loss", "cdpo_loss", "rdpo_gradient_weight", "rdpo_flip_variance"),
                                           got, truth, tolerances):
        ev.close(float(g), float(want), rtol=rtol, atol=atol, what=name, labels=("library", "40 digits"),
                 context=f"h={h}, ε={epsilon}, β={beta}")


BAD = [({"epsilon": 0.5}, "epsilon"), ({"epsilon": 0.75}, "epsilon"), ({"epsilon": -0.1}, "epsilon"),
       ({"beta": 0.0}, "beta"), ({"beta": -1.0}, "beta"), ({"margins": [1.0, math.nan]}, "margins"),
       ({"margins": [math.inf]}, "margins"), ({"epsilon": math.nan}, "epsilon")]


@LIB_VALIDATES.check(precision="exact", tolerance="exact: an exception or not")
def rejects_bad_inputs(subject, ev):
    """Each public function raises a ValueError naming the argument for each bad input of the table."""
    rows = []
    for fn in subject:
        for change, arg in BAD:
            kwargs = {"margins": [0.5, -1.0], "epsilon": 0.1, "beta": 1.0, **change}
            raised = None
            try:
                with np.errstate(all="ignore"):
                    fn(**kwargs)
            except ValueError as exc:
                raised = str(exc)
            rows.append({"function": fn.__name__, "input": repr(change), "error": raised or "none"})
            ev.that(raised is not None and arg in raised, f"{fn.__name__}({change}) did not raise a ValueError "
                    f"naming {arg}", claimed=raised, observed=f"ValueError naming {arg}")
    ev.table("rejections", rows)


