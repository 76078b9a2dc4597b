"""R4: the curvature of rDPO equals the clean DPO loss's (claim robust_dpo.same_curvature)."""

from __future__ import annotations

import mpmath

from ...theorems.robust_dpo import formulas as F
from ...theorems.robust_dpo.claims_loss import CURVATURE
from .strategies import flip_rates, margins, temperatures

DIGITS = 30
# mpmath.diff at 30 digits is accurate to about 1e-25 relative for these analytic functions; 1e-18 leaves headroom
# and every mutant's curvature differs by a factor (1 − 2ε)/(1 − ε), 1/(1 − 2ε) or −1, at least 1e-2 relative off.
MP_RTOL = 1e-18
# float64 second differences with step H on β|h| ≤ 5: |ℓ̂| ≤ 5 + 5·0.49/0.02 ≈ 130, so the roundoff is
# 4 · 2.2e-16 · 130 / H² ≈ 1.2e-5 and the truncation H²/12 · max|∂⁴ℓ| ≤ 1e-8 · 10⁴/96 ≈ 1e-6; FD_ATOL = 1e-4 (plus
# 1e-3 relative) leaves 8× headroom. The mutants change the curvature by a factor off by at least 2%, which exceeds
# the tolerance wherever β²σσ' ≳ 5e-3 (most drawn β).
H = 1e-4
FD_ATOL = 1e-4


def _mp_case(epsilon, beta):
    return mpmath.mpf(epsilon), mpmath.mpf(beta)


@CURVATURE.check(given={"h": margins, "epsilon": flip_rates, "beta": temperatures}, examples=10,
                 precision=f"mpmath {DIGITS} digits", tolerance=f"{MP_RTOL:g} relative: mpmath.diff at {DIGITS} "
                 "digits", confirm=lambda subject, h, epsilon, beta: _confirm(subject, h, epsilon, beta))
def second_derivative_at_thirty_digits(subject, ev, h, epsilon, beta):
    """mpmath's second derivative of the subject equals that of the clean DPO loss (a different function)."""
    ev.assume(abs(beta * h) <= 40, "curvature below 1e-17: relative comparison meaningless")
    with mpmath.workdps(DIGITS):
        e, b = _mp_case(epsilon, beta)
        claimed = mpmath.diff(lambda t: subject(t, e, b), mpmath.mpf(h), 2)
        truth = mpmath.diff(lambda t: F.dpo(t, b), mpmath.mpf(h), 2)
    ev.show("rDPO''", float(claimed))
    ev.close(float(claimed), float(truth), rtol=MP_RTOL, what="second derivative",
             labels=("rDPO''", "DPO''"), context=f"h={h}, ε={epsilon}, β={beta}")


def _confirm(subject, h, epsilon, beta):
    with mpmath.workdps(50):
        e, b = _mp_case(epsilon, beta)
        a = mpmath.diff(lambda t: subject(t, e, b), mpmath.mpf(h), 2)
        c = mpmath.diff(lambda t: F.dpo(t, b), mpmath.mpf(h), 2)
        return bool(abs(a - c) > 1e-30 * abs(c)), f"at 50 digits: {mpmath.nstr(a, 15)} vs {mpmath.nstr(c, 15)}"


@CURVATURE.check(given={"h": margins, "epsilon": flip_rates, "beta": temperatures}, examples=10,
                 precision="float64 central second differences",
                 tolerance=f"{FD_ATOL:g} absolute plus 1e-3 relative at step {H:g}")
def convex_by_second_differences(subject, ev, h, epsilon, beta):
    """Float64 second differences of the subject equal β²σ(βh)σ(−βh), and are positive."""
    ev.assume(abs(beta * h) <= 5, "keep the curvature far above the difference's roundoff")
    fd = (subject(h + H, epsilon, beta) - 2 * subject(h, epsilon, beta) + subject(h - H, epsilon, beta)) / H**2
    s = 1 / (1 + mpmath.exp(-beta * h))
    closed = float(beta**2 * s * (1 - s))
    ev.show("second difference", float(fd))
    ev.close(float(fd), closed, rtol=1e-3, atol=FD_ATOL, what="curvature",
             labels=("second difference", r"β²σσ'"), context=f"h={h}, ε={epsilon}, β={beta}")
    ev.lt(0.0, float(fd), what="convexity")
