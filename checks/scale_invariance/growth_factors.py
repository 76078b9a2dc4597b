"""Checks of S6, the momentum growth factor: equal update norms (simulation), mutually orthogonal or
i.i.d. isotropic gradients (exact rationals, Monte Carlo), and the factor as it circulates.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction

import sympy as sp
from hypothesis import strategies as st

from claimkit import Formula
from claimkit.stats import normal_tail

from ...theorems.scale_invariance import claims as C
from .momentum_runs import equal_update_run, exact_orthogonal_growth, float_orthogonal_growth, isotropic_growth_mc
from .strategies import _rational_beta


@C.GROWTH_EQUAL.check(given={"seed": st.integers(0, 2**32 - 1), "dim": st.integers(3, 6),
                              "beta": st.floats(0.0, 0.99), "eta": st.floats(1e-2, 0.5),
                              "P": st.floats(0.1, 2.0), "horizon": st.integers(1, 40)},
                      examples=25, tolerance="1e-9 relative to ‖w_t+1‖²/(η²P²): roundoff of a norm difference")
def equal_norm_updates_simulated(subject, ev, seed, dim, beta, eta, P, horizon):
    r"""Updates of norm $P$ built so that every gradient stays $\perp w_t$: the measured growth over $\eta^2 P^2$
    equals the formula."""
    deltas, norms_sq = equal_update_run(seed, dim, beta, eta, P, horizon)
    ev.show("measured growth / η²P², t = 0, 1, …", [d / (eta * P) ** 2 for d in deltas])
    ev.show("‖w_t+1‖², t = 0, 1, …", list(norms_sq))
    for t, (dlt, nsq) in enumerate(zip(deltas, norms_sq)):
        ev.close(subject(beta, t), dlt / (eta * P) ** 2, atol=1e-9 * (1 + nsq / (eta * P) ** 2),
                 what=f"growth factor at t={t}", context=f"β={beta:.4g}")


@functools.lru_cache(maxsize=16)
def _operators_only(formula: Formula) -> Callable[[Fraction, int], Fraction]:
    """The formula's expression as Python arithmetic (+, −, ×, ÷, integer powers): exact on Fractions."""
    return sp.lambdify(formula.symbols, formula.expr, modules=[{}])


def _exact_value(formula: Formula, beta: Fraction, t: int) -> Fraction:
    """The formula's expression evaluated in exact rationals at β = ``beta`` and step ``t``."""
    value = _operators_only(formula)(beta, t)
    if not isinstance(value, (int, Fraction)):
        raise TypeError(f"{formula!r} is not a rational expression of beta and t (gave {value!r})")
    return Fraction(value)


@C.GROWTH_ORTHO.check(given={"beta": _rational_beta(), "eta": st.fractions(Fraction(1, 100), 2),
                              "G": st.fractions(Fraction(1, 10), 3), "horizon": st.integers(1, 12)},
                      examples=25, precision="exact rationals (the formula's expression on Fractions)",
                      tolerance="none: exact equality")
def exact_mutually_orthogonal_gradients(subject, ev, beta, eta, G, horizon):
    r"""$g_t = G e_{t+1}$, $w_0 \propto e_0$ (every $g_t \perp w_t$ and $\perp$ each other): the growth over
    $\eta^2 G^2$ equals the formula exactly."""
    ratios = exact_orthogonal_growth(beta, eta, G, horizon)
    ev.show("exact growth / η²G², t = 0, 1, …", [str(r) for r in ratios])
    for t, ratio in enumerate(ratios):
        ev.close(_exact_value(subject, beta, t), ratio, what=f"growth factor at t={t}", context=f"β={beta}")


@C.GROWTH_ORTHO.check(given={"seed": st.integers(0, 2**32 - 1), "dim": st.integers(3, 6),
                              "beta": st.floats(0.0, 0.95), "horizon": st.integers(1, 15)},
                      examples=8, min_valid=4,
                      tolerance="5 standard errors of the Monte Carlo mean over 3000 paths",
                      false_alarm_rate=normal_tail(5),
                      power="at t ≥ 1 buffer_norm_only is low by 2Σ β^(t−k) s_k ≥ 2β and equal_updates_factor by "
                            "≥ β²; the standard error is a few 0.01, so both are rejected for β ≳ 0.3")
def monte_carlo_isotropic_tangent_gradients(subject, ev, seed, dim, beta, horizon):
    r"""i.i.d. isotropic tangent gradients of norm $G$: the Monte Carlo mean of the growth over $\eta^2 G^2$
    matches the formula."""
    mean, se = isotropic_growth_mc(seed, dim, beta, horizon, paths=3000)
    ev.show("Monte Carlo mean of growth / η²G²", mean)
    ev.show("its standard error", se)
    ev.metric("standard_error", se)
    ev.close(subject(beta, horizon), mean, atol=5 * se + 1e-12, what=f"E growth factor at t={horizon}",
             context=f"β={beta:.4g}, dim={dim}")


def _confirm_circulated(subject, beta):
    ratios = exact_orthogonal_growth(Fraction(beta), Fraction(1, 10), Fraction(1), 30)
    claimed = Fraction(subject(beta))
    return ratios[-1] > claimed, (f"exact rationals, mutually orthogonal gradients: growth ratio at t=30 is "
                                  f"{float(ratios[-1]):.10g} > claimed {float(claimed):.10g}; the ratio increases "
                                  f"with t, so its limit exceeds the claim")


@C.GROWTH_CIRCULATED.check(given={"beta": st.floats(0.0, 0.95)}, examples=20, confirm=_confirm_circulated,
                           tolerance="1e-8 relative: transient β^(T+1) ≤ 1e-13 and float64 roundoff")
def asymptotic_ratio_against_gd(subject, ev, beta):
    r"""Momentum against GD on the same mutually orthogonal gradients, run until the transient is below
    $10^{-13}$."""
    horizon = 600 if beta == 0 else min(600, int(math.ceil(math.log(1e-13) / math.log(beta))) + 2)
    ratio = float_orthogonal_growth(beta, 0.1, 1.0, horizon)
    ev.show("steps run", horizon)
    ev.show("momentum growth / GD growth at the last step", ratio)
    ev.close(subject(beta), ratio, rtol=1e-8, what="asymptotic growth ratio", context=f"β={beta:.6g}",
             labels=("the claimed factor", "measured growth ratio"))
