"""Checks of C1, C2 and C6: the stated gradients (evaluated at 30 digits) against mpmath's numerical derivatives of
the loss's definition and against complex-step derivatives of a float64 log-sum-exp, along the positive's axis, a
negative's axis, a random direction and the all-ones direction."""

from __future__ import annotations

import math

import mpmath
from hypothesis import strategies as st

from ...theorems.contrastive_hardness.claims_gradient import (
    BALANCE,
    BALANCE_WITHOUT_POSITIVE,
    GRADIENT,
    SIMPLE_EQUAL,
    SOFTMAX_UNEQUAL,
)
from .strategies import complex_step, counts, counts_from_two, direction, dot, mp_directional, seeds, similarities, taus

# mpmath.diff at 45 digits of a loss evaluated at 45 digits: the derivative is good to about 30 digits relative to
# the gradient's scale ‖v‖₁/τ; 1e-20 of that scale leaves 10 digits of headroom. Every mutant is off by a factor
# of order 1 of the same scale.
MP_TOL = 1e-20
# Complex step (h = 1e-30): no subtraction, so the float64 derivative is good to a few ε of the terms' scale
# ‖v‖₁/τ (the exponentials are shifted by their maximum); 1e-12 leaves three orders of magnitude.
CS_TOL = 1e-12
GIVEN = {"count": counts, "seed": seeds, "tau": taus, "kind": st.integers(0, 3)}
EDGE_CASES = [{"count": 1, "seed": 3, "tau": 1e-3, "kind": 0}, {"count": 64, "seed": 5, "tau": 100.0, "kind": 2}]


def _case(count, seed):
    sims = similarities(seed, count + 1)
    return sims[0], sims[1:]


def _against_mpmath(subject, ev, count, seed, tau, kind, include_positive=True):
    s0, neg = _case(count, seed)
    v = direction(seed, count, kind)
    with mpmath.workdps(30):
        claimed = dot(subject(s0, neg, tau), v)
    truth = mp_directional(s0, neg, tau, v, include_positive=include_positive)
    ev.show("(s_ii, s_i·)", [s0, *neg])
    ev.show("direction", v)
    scale = float(sum(abs(v))) / tau
    ev.close(float(claimed), float(truth), atol=MP_TOL * scale, what="⟨∇L_i, v⟩",
             labels=("the stated gradient", "mpmath derivative of the definition"), context=f"K={count}, τ={tau:g}")


def _against_complex_step(subject, ev, count, seed, tau, kind, include_positive=True):
    s0, neg = _case(count, seed)
    v = direction(seed, count, kind)
    with mpmath.workdps(30):
        claimed = float(dot(subject(s0, neg, tau), v))
    truth = complex_step(s0, neg, tau, v, include_positive)
    ev.show("(s_ii, s_i·)", [s0, *neg])
    scale = float(sum(abs(v))) / tau
    ev.close(claimed, truth, atol=CS_TOL * scale, what="⟨∇L_i, v⟩",
             labels=("the stated gradient", "complex step of float64 log-sum-exp"), context=f"K={count}, τ={tau:g}")


def _confirm_at(digits, include_positive=True, formula=None):
    def confirm(subject, count, seed, tau, kind):
        s0, neg = _case(count, seed)
        v = direction(seed, count, kind)
        with mpmath.workdps(digits):
            claimed = dot(subject(s0, neg, tau), v)
        truth = mp_directional(s0, neg, tau, v, digits=digits, include_positive=include_positive)
        gap = abs(claimed - truth) * tau / float(sum(abs(v)))
        return bool(gap > 1e-30), f"at {digits} digits: stated {mpmath.nstr(claimed, 15)}, " \
                                  f"derivative {mpmath.nstr(truth, 15)}"
    return confirm


def _declare(claim, include_positive):
    def matches_mpmath_derivative(subject, ev, count, seed, tau, kind):
        r"""The stated gradient, dotted with a direction $v$ (an axis, a random vector or $\mathbf{1}$), equals
        mpmath's derivative of the loss's definition along $v$."""
        _against_mpmath(subject, ev, count, seed, tau, kind, include_positive)

    def matches_complex_step(subject, ev, count, seed, tau, kind):
        r"""The stated gradient, dotted with $v$, equals the complex-step derivative of a float64 log-sum-exp."""
        _against_complex_step(subject, ev, count, seed, tau, kind, include_positive)

    claim.check(given=GIVEN, examples=8, regressions=EDGE_CASES, precision="mpmath, 30 digits (diff at 45)",
                tolerance=f"absolute {MP_TOL:g}·‖v‖₁/τ",
                confirm=_confirm_at(60, include_positive))(matches_mpmath_derivative)
    claim.check(given=GIVEN, examples=12, regressions=EDGE_CASES, precision="float64 complex step",
                tolerance=f"absolute {CS_TOL:g}·‖v‖₁/τ",
                confirm=_confirm_at(60, include_positive))(matches_complex_step)


for _claim, _positive in ((GRADIENT, True), (BALANCE, True), (BALANCE_WITHOUT_POSITIVE, False)):
    _declare(_claim, _positive)


@BALANCE.check(given={"count": counts, "seed": seeds, "tau": taus}, examples=12, precision="mpmath, 30 digits",
               tolerance="relative 1e-25", confirm="exact")
def positive_equals_sum_of_negatives(subject, ev, count, seed, tau):
    r"""$|\partial L/\partial s_{ii}|$ and $\sum_j \partial L/\partial s_{ij}$, both as stated, agree at 30 digits."""
    s0, neg = _case(count, seed)
    with mpmath.workdps(30):
        g0, g = subject(s0, neg, tau)
        total = mpmath.fsum(g)
        ev.show("(s_ii, s_i·)", [s0, *neg])
        ev.that(abs(abs(g0) - total) <= mpmath.mpf(10) ** -25 * max(abs(g0), total),
                f"|∂L/∂s_ii| = {mpmath.nstr(abs(g0), 12)} but Σ ∂L/∂s_ij = {mpmath.nstr(total, 12)} (K={count}, "
                f"τ={tau:g})", claimed=float(abs(g0)), observed=float(total))


# -- C6 -----------------------------------------------------------------------------------------------------------

SIMPLE_TOL = 1e-20  # mpmath.diff of a linear function at 45 digits: exact to about 1e-40


@SIMPLE_EQUAL.check(given={"count": counts, "seed": seeds, "lam": st.floats(0.01, 10.0), "index": st.integers(0, 63)},
                    examples=10, precision="mpmath, 30 digits", tolerance=f"absolute {SIMPLE_TOL:g}·(1 + λ)",
                    confirm="exact")
def simple_gradient_matches_derivative(subject, ev, count, seed, lam, index):
    r"""$\partial L_{\mathrm{simple}}/\partial s_{ij}$ by mpmath.diff equals the stated weight, the same for every
    negative."""
    s0, neg = _case(count, seed)
    j = index % count
    with mpmath.workdps(45):
        def simple(t):
            return -mpmath.mpf(s0) + mpmath.mpf(lam) * mpmath.fsum(
                mpmath.mpf(s) + (t if k == j else 0) for k, s in enumerate(neg))
        truth = mpmath.diff(simple, 0)
        g0, g = subject(s0, neg, lam)
    ev.show("(s_ii, s_i·)", [s0, *neg])
    ev.close(float(g[j]), float(truth), atol=SIMPLE_TOL * (1 + lam), what="∂L_simple/∂s_ij",
             labels=("stated weight", "mpmath derivative"))
    ev.close([float(x) for x in g], [float(g[0])] * count, atol=SIMPLE_TOL * (1 + lam), what="weights",
             labels=("each negative's weight", "the first one's"))
    ev.close(float(g0), -1.0, atol=SIMPLE_TOL, what="∂L_simple/∂s_ii", labels=("stated", "−1"))


@SOFTMAX_UNEQUAL.check(given={"count": counts_from_two, "seed": seeds, "tau": taus}, examples=12,
                       precision="mpmath, 30 digits (diff at 45)", tolerance="relative 1e-15 on the log-ratio",
                       confirm="exact")
def weight_ratio_matches_derivatives(subject, ev, count, seed, tau):
    r"""For the two first negatives ($s_{ij} \ne s_{ik}$), the stated weight ratio equals the ratio of mpmath
    derivatives and is not 1: larger for the larger similarity."""
    s0, neg = _case(count, seed)
    ev.assume(neg[0] != neg[1])
    ej, ek = direction(0, count, 1), direction(1, count, 1)
    with mpmath.workdps(30):
        dj, dk = mp_directional(s0, neg, tau, ej), mp_directional(s0, neg, tau, ek)
        # a derivative below 1e-12/τ has lost digits to the loss's larger terms at 45 digits: not a valid example
        ev.assume(min(abs(dj), abs(dk)) * tau > 1e-12, "a weight below 1e-12: its derivative is not resolved")
        truth = dj / dk
        _, g = subject(s0, neg, tau)
        claimed = g[0] / g[1]
        log_claimed, log_truth = float(mpmath.log(claimed)), float(mpmath.log(truth))
    ev.show("(s_ii, s_i·)", [s0, *neg])
    ev.close(log_claimed, log_truth, rtol=1e-15, atol=1e-300, what="log of the weight ratio",
             labels=("stated gradients", "mpmath derivatives"))
    ev.that(math.copysign(1.0, log_claimed) == math.copysign(1.0, neg[0] - neg[1]) and log_claimed != 0,
            f"the weight ratio {mpmath.nstr(claimed, 12)} does not favour the larger similarity",
            claimed=log_claimed, observed=neg[0] - neg[1])
