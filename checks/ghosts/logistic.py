"""Checks of App. 5 (eq. 35–48): the logistic loss's singularities, f″ and the asymptotic forms.

Ground truth: 40-digit numerical differentiation, the argument principle, findroot for the crossover.
"""

from __future__ import annotations

import math

import mpmath
from hypothesis import strategies as st

from ...theorems.ghosts import claims as C
from .ground_truth import WIND_GAP, _wind

# -- App. 5 --------------------------------------------------------------------------------------------


def _f(x):
    return mpmath.log(1 + mpmath.exp(-x))


@C.APP5.check(given={"delta": st.floats(-30.0, 30.0)}, examples=20, precision="mpmath 40 digits numerical derivative",
              tolerance="relative 1e-20")
def second_derivative_matches(subject, ev, delta):
    r"""$f''(\delta)$ by 40-digit numerical differentiation of $\log(1 + e^{-x})$ equals the stated formula."""
    with mpmath.workdps(40):
        truth = mpmath.diff(_f, mpmath.mpf(delta), 2)
    # float64 σ(1 − σ) loses digits in 1 − σ when σ ≈ 1: relative error up to ~1e-16·e^{|δ|}
    rtol = 1e-14 * (1 + math.exp(abs(delta)))
    ev.close(subject["second_derivative"](delta), float(truth), rtol=rtol, what="f″(δ)", context=f"δ={delta:.6g}",
             labels=("f″(δ) as stated", "f″(δ) by 40-digit differentiation"))


@C.APP5.check(given={"delta": st.floats(-20.0, 20.0)}, examples=15, precision="float64 argument principle",
              tolerance=f"circles at (1 ∓ {WIND_GAP})·R around x = δ")
def singularity_radius_by_winding(subject, ev, delta):
    r"""$1 + e^{-(\delta + s)}$ has no zero in $|s| < (1 - \varepsilon)R$ and two in $|s| < (1 + \varepsilon)R$."""
    R = subject["singularity_radius"](delta)
    logits, slopes = [0.0, -delta], [0.0, -1.0]  # F(s) = 1 + e^{−δ − s}
    inner, outer = _wind(ev, logits, slopes, (1 - WIND_GAP) * R), _wind(ev, logits, slopes, (1 + WIND_GAP) * R)
    ev.show("R", R)
    ev.show("zeros inside (1 − ε)R, (1 + ε)R", [inner, outer])
    labels = ("zeros the claim puts inside", "winding number")
    ev.close(0, inner, what="zeros inside (1−ε)R", context=f"δ={delta:.4g}", labels=labels)
    ev.close(2, outer, what="zeros inside (1+ε)R", context=f"δ={delta:.4g}", labels=labels)


@C.APP5.check(given={"delta": st.floats(40.0, 80.0), "D": st.floats(1e3, 1e8)}, examples=15,
              precision="mpmath 40 digits; crossover by findroot",
              tolerance=r"asymptotic: relative $5/\delta^2$ for $(1/f'')/R$ ($\pi^2/2\delta^2 + e^{-\delta}$), "
                        r"1e-9 for $\tau_H/\rho_a$ ($e^{-\delta}$ terms), absolute 1e-2 for $\delta^*$ "
                        r"(error $\approx 4/(\pi\Delta)$)")
def asymptotic_forms(subject, ev, delta, D):
    r"""Large $\delta$: $(1/f'')/R$, $\tau_H/\rho_a$ and the crossover $\delta^*$ agree with their stated asymptotic
    forms."""
    with mpmath.workdps(40):
        d = mpmath.mpf(delta)
        fpp = mpmath.diff(_f, d, 2)
        R = mpmath.sqrt(d**2 + mpmath.pi**2)
        ratio = (1 / fpp) / R
        tauH_over_rho = (2 / (mpmath.mpf(D) ** 2 * fpp)) / (mpmath.pi / mpmath.mpf(D))
        crossing = mpmath.findroot(lambda x: 2 / (mpmath.mpf(D) * mpmath.diff(_f, x, 2) * mpmath.pi) - 1,
                                   mpmath.log(mpmath.mpf(D)))
    ev.show("(1/f″)/R, τ_H/ρ_a, δ* (40 digits)", [float(ratio), float(tauH_over_rho), float(crossing)])
    ev.close(subject["curvature_over_radius"](delta), float(ratio), rtol=5 / delta**2, what="(1/f″)/R",
             context=f"δ={delta:.4g}", labels=("the asymptotic form", "(1/f″)/R at 40 digits"))
    ev.close(subject["hessian_step_ratio"](delta, D), float(tauH_over_rho), rtol=1e-9, what="τ_H/ρ_a",
             context=f"δ={delta:.4g}, Δ={D:.4g}", labels=("the asymptotic form", "τ_H/ρ_a at 40 digits"))
    ev.close(subject["crossover"](D), float(crossing), atol=1e-2, what="δ*", context=f"Δ={D:.4g}",
             labels=("the stated crossover", "δ* by findroot"))
